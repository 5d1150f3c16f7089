//! `verbatim new call`: a new call note with the right questions, in the current round.

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
                .hint("pass it with --content DIR, or create it with `verbatim init DIR`"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(slugify("José"), "jose");
        assert_eq!(slugify("Phoenix, AZ"), "phoenix-az");
        assert_eq!(slugify("  Zoë  O'Neil "), "zoe-o-neil");
    }
}
