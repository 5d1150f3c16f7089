//! `verbatim new call`: a new call note with the right questions, in the current round;
//! `verbatim init`: a new content folder that builds at once.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::content::settings::{default_questions, read_site};
use crate::content::{is_url_safe, load, read_source};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::model::{CallKind, Question};

/// What to put in a new call note.
#[derive(Debug, Clone)]
pub struct NewCall {
    /// The customer's name.
    pub customer: String,
    /// Where they are.
    pub location: Option<String>,
    /// The call's day.
    pub date: NaiveDate,
    /// The opportunity a follow-up call checks; `None` for a discovery call.
    pub follow_up: Option<String>,
    /// The round folder to put it in; the latest round when `None`.
    pub round: Option<String>,
}

/// Lower-case ASCII words joined by `-`: "José" → "jose", "Phoenix, AZ" → "phoenix-az".
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The latest round folder: the last folder round by start date, or by name when the
/// content does not load yet.
fn latest_round_folder(content: &Path) -> Option<String> {
    let calls = content.join("calls");
    let folders: Vec<String> = std::fs::read_dir(&calls)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_') && !n.starts_with('.'))
        .collect();
    if let Ok(loaded) = load(content) {
        if let Some(round) = loaded
            .site
            .rounds
            .iter()
            .rev()
            .find(|r| folders.contains(&r.name))
        {
            return Some(round.name.clone());
        }
    }
    folders.into_iter().max()
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn questions(content: &Path) -> Vec<Question> {
    let site = content.join("site.toml");
    if site.is_file() {
        if let Ok(s) = read_source(content, Path::new("site.toml"))
            .map_err(|d| vec![d])
            .and_then(|f| read_site(&f))
        {
            return s.questions;
        }
    }
    default_questions()
}

/// Writes a new call note and returns its path; never overwrites a file.
pub fn new_call(content: &Path, call: &NewCall) -> Result<PathBuf, Diagnostic> {
    if !content.join("calls").is_dir() && !content.is_dir() {
        return Err(
            Diagnostic::at_file(content, "the content folder does not exist")
                .hint("pass it with --content DIR, run the command inside the content folder (the one with site.toml), or create one with `verbatim init DIR`"),
        );
    }
    if let Some(slug) = &call.follow_up {
        let opportunities = content.join("opportunities");
        if !opportunities.join(format!("{slug}.md")).is_file() {
            let known: Vec<String> = std::fs::read_dir(&opportunities)
                .map(|d| {
                    d.flatten()
                        .filter_map(|e| {
                            e.file_name()
                                .to_string_lossy()
                                .strip_suffix(".md")
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let hint = did_you_mean(slug, known.iter().map(String::as_str)).unwrap_or_else(|| {
                "name an opportunity's file name in opportunities/, without .md".into()
            });
            return Err(Diagnostic::at_file(
                &opportunities,
                format!("--follow-up names no opportunity: \"{slug}\""),
            )
            .hint(hint));
        }
    }
    let round = match &call.round {
        Some(r) if !is_url_safe(r) => {
            return Err(Diagnostic::at_file(
                &content.join("calls"),
                format!("round `{r}` cannot be part of a URL"),
            )
            .hint("use letters, digits, `-`, `_` and `.`"))
        }
        Some(r) => Some(r.clone()),
        None => latest_round_folder(content),
    };
    let folder = match &round {
        Some(r) => content.join("calls").join(r),
        None => content.join("calls"),
    };
    let mut stem = format!("{}-{}", call.date, slugify(&call.customer));
    if let Some(place) = &call.location {
        let city = place.split(',').next().unwrap_or(place);
        let city = slugify(city);
        if !city.is_empty() {
            stem.push('-');
            stem.push_str(&city);
        }
    }
    let path = folder.join(format!("{stem}.md"));

    let kind = if call.follow_up.is_some() {
        CallKind::FollowUp
    } else {
        CallKind::Discovery
    };
    let mut note = String::from("+++\n");
    note.push_str(&format!("customer = {}\n", toml_string(&call.customer)));
    if let Some(place) = &call.location {
        note.push_str(&format!("location = {}\n", toml_string(place)));
    }
    note.push_str(&format!("date = {}\n", call.date));
    note.push_str(
        "# customer_id = \"\"        # never published; tells repeat calls to one customer apart\n",
    );
    note.push_str("# interviewer = \"\"\n");
    note.push_str(
        "# Customers' exact words go in blockquotes (`> ...`), ending with #opportunity tags.\n",
    );
    if let Some(slug) = &call.follow_up {
        note.push_str("kind = \"follow-up\"\n");
        note.push_str(&format!("follows_up = {}\n", toml_string(slug)));
        note.push_str("# solved = \"yes\"           # yes | partly | no\n");
        note.push_str("# recommend = 9            # 0-10: would you recommend this to a friend?\n");
    }
    note.push_str("+++\n");
    for q in questions(content).iter().filter(|q| q.kind == kind) {
        note.push_str(&format!("\n## {}\n\n\n", q.text));
    }

    std::fs::create_dir_all(&folder).map_err(|e| {
        Diagnostic::at_file(&folder, format!("cannot create the round folder: {e}"))
    })?;
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::at_file(
                    &path,
                    "a call note with this name already exists; it was left as it is",
                )
                .hint("open it to continue the note, or pass another --date or --location")
            } else {
                Diagnostic::at_file(&path, format!("cannot create the note: {e}"))
            }
        })?;
    file.write_all(note.as_bytes())
        .map_err(|e| Diagnostic::at_file(&path, format!("cannot write the note: {e}")))?;
    Ok(path)
}

/// The files `verbatim init` writes, relative to the new folder, for a first round
/// starting on `day`: settings, one round with one example call, one opportunity the
/// call's quotes are tagged with, and one metric snapshot.
pub fn starter_files(day: NaiveDate) -> Vec<(PathBuf, String)> {
    let round = format!("{}-first-round", day.format("%Y-%m"));
    let call = format!("{day}-sarah-phoenix.md");
    vec![
        (
            PathBuf::from("site.toml"),
            "\
# Site settings; every key is optional. The README lists them all.
title = \"Customer Voice\"
company = \"Your Company\"
currency = \"USD\"
# base_url = \"https://research.example.com/voice\"   # makes link previews absolute

[follow_up]
target_calls = 25      # follow-up calls wanted per launch
window_days = 30       # days after a launch in which they count
"
            .to_string(),
        ),
        (
            PathBuf::from(format!("calls/{round}/_round.toml")),
            format!(
                "\
# A call round: every note in this folder belongs to it.
title = \"First round\"
goal = \"Learn what problem recent customers were trying to solve\"
start = {day}
"
            ),
        ),
        (
            PathBuf::from(format!("calls/{round}/{call}")),
            format!(
                "\
+++
customer = \"Sarah\"              # the name stakeholders see
location = \"Phoenix, AZ\"
date = {day}
customer_id = \"C-0001\"          # never published; tells repeat calls apart
products = [\"trail-runner\"]
interviewer = \"Dana\"
+++

<!-- An example call: replace it with your own, or start one with
     `verbatim new call --customer NAME --location \"CITY, ST\"`.
     Every blockquote is a verbatim quote; #words at its end tie it to files in
     opportunities/, and ^words give it a permanent id for its link. -->

## What problem were you trying to solve?

She runs 20 miles on weekends and her old shoes gave her blisters.

> I wanted something that wouldn't shred my heels past mile twelve.

## How well did our product solve it?

> Honestly the shoes are great, but the checkout kept timing out on my
> phone, so I gave up twice. #mobile-checkout ^checkout-timeout

## What would make it even better?

> Let me pay with one tap on my phone, like other shops do. #mobile-checkout
"
            ),
        ),
        (
            PathBuf::from("opportunities/mobile-checkout.md"),
            "\
+++
title = \"Checkout that works on phones\"
bucket = \"fix\"                  # fix | fill | future
impact = 4                      # 1-5: customer impact
complexity = 2                  # 1-5: implementation complexity
status = \"idea\"                 # idea | planned | building | testing | launched | scaled | dropped
lead = \"checkout-timeout\"       # the quote that leads this page
+++

Customers on phones give up at checkout. The file name (`mobile-checkout`) is the
tag quotes use: `#mobile-checkout`.
"
            .to_string(),
        ),
        (
            PathBuf::from(format!("metrics/{day}.toml")),
            format!(
                "\
# A metric snapshot: the shop's numbers on one day. Add one file per month.
date = {day}
conversion_rate = 2.9           # percent
aov = 84.20                     # average order value, in the site's currency
orders = 1840
"
            ),
        ),
    ]
}

/// Creates a new content folder at `dir` with [`starter_files`]; returns the files
/// written. Writes nothing when any of them already exists.
pub fn init(dir: &Path, day: NaiveDate) -> Result<Vec<PathBuf>, Diagnostic> {
    let files = starter_files(day);
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Diagnostic::at_file(
            dir,
            format!(
                "refusing to overwrite {}; nothing was written",
                existing.join(", ")
            ),
        )
        .hint("choose a new or empty folder: `verbatim init DIR`"));
    }
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::at_file(parent, format!("cannot create this folder: {e}"))
            })?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Diagnostic::at_file(&path, format!("cannot create this file: {e}")))?;
        file.write_all(text.as_bytes())
            .map_err(|e| Diagnostic::at_file(&path, format!("cannot write this file: {e}")))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_folder_loads_without_problems() {
        let tmp = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 8, 14).unwrap();
        let written = init(tmp.path(), day).unwrap();
        assert_eq!(written.len(), 5);
        let loaded = load(tmp.path()).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.site.calls.len(), 1);
        assert_eq!(loaded.site.rounds[0].title, "First round");
        let opp = &loaded.site.opportunities[0];
        assert_eq!(loaded.site.quotes[opp.lead.unwrap()].id, "checkout-timeout");
        let (snapshots, problems) = crate::content::metrics::load_metrics(tmp.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(snapshots.len(), 1);
    }

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slugify("José"), "jose");
        assert_eq!(slugify("Phoenix, AZ"), "phoenix-az");
        assert_eq!(slugify("  Zoë  O'Neil "), "zoe-o-neil");
    }
}
