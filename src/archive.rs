//! Quarterly archives: the site frozen as it stood at a quarter's end.
//!
//! `verbatim archive 2026-Q3` runs the usual pipeline with one more step,
//! load → [`as_of`] → analyze (as of the quarter's last day) → render, into
//! `archive/2026-Q3/` beside the content folder, and writes `SHA256SUMS` there
//! (the format `sha256sum -c` reads). Every build copies those folders, unchanged,
//! into the site's `archive/` and lists them on `archive/index.html`; `check`
//! recomputes the checksums and reports any file changed, missing or added.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::model::{Frozen, Site, Status};
use crate::output::Staging;

/// The checksum manifest in each archive folder.
pub const CHECKSUMS: &str = "SHA256SUMS";
/// Facts about an archive, for the list on `archive/index.html`.
pub const FACTS: &str = "archive.json";

/// A quarter, `2026-Q3`: its name and last day.
pub fn parse_quarter(name: &str) -> Option<(String, NaiveDate)> {
    let (year, q) = name.trim().split_once(['-', '_'])?;
    let year: i32 = year.parse().ok()?;
    let q: u32 = q.strip_prefix(['Q', 'q'])?.parse().ok()?;
    if !(1..=4).contains(&q) || !(1900..=9999).contains(&year) {
        return None;
    }
    let next = if q == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, q * 3 + 1, 1)?
    };
    Some((format!("{year}-Q{q}"), next.pred_opt()?))
}

/// Reads a quarter given on the command line (for clap, so a malformed one is a wrong
/// command line): its canonical name, `2026-Q3`.
pub fn quarter_arg(text: &str) -> Result<String, String> {
    parse_quarter(text)
        .map(|(name, _)| name)
        .ok_or_else(|| "a quarter is written YYYY-Qn, e.g. 2026-Q3 (n from 1 to 4)".to_string())
}

/// Refuses a quarter that has not ended as of `today` (the build's day): until the day
/// after its last, calls can still be added to it, so it cannot be frozen yet.
pub fn check_ended(quarter: &str, last_day: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if last_day < today {
        return Ok(());
    }
    let show = crate::render::pages::display_date;
    let from = last_day.succ_opt().unwrap_or(last_day);
    Err(format!(
        "{quarter} has not ended: its last day is {}, and the build's day is {} (today, or SOURCE_DATE_EPOCH when set); it can be archived from {} on",
        show(last_day),
        show(today),
        show(from)
    ))
}

/// The site as it stood at the end of `day`: calls, quotes and aliases dated on or
/// before it; opportunities heard of by then (quoted, followed up or launched; one
/// never quoted at all cannot be dated and stays); launches and roll-outs after it
/// not yet happened (a launched or scaled opportunity whose date is later shows the
/// status before it: `building`, or `launched` before its roll-out). A round's dates
/// are as of `day` too: one after it (derived from a later call, or a planned end in
/// `_round.toml`) is not known yet, so the round reads as far as its calls by then.
pub fn as_of(site: &Site, day: NaiveDate, quarter: &str) -> Site {
    let calls_kept: Vec<Option<usize>> = {
        let mut n = 0;
        site.calls
            .iter()
            .map(|c| {
                (c.date <= day).then(|| {
                    n += 1;
                    n - 1
                })
            })
            .collect()
    };
    let quotes_kept: Vec<Option<usize>> = {
        let mut n = 0;
        site.quotes
            .iter()
            .map(|q| {
                calls_kept[q.call].map(|_| {
                    n += 1;
                    n - 1
                })
            })
            .collect()
    };
    // An opportunity exists by then if a quote tagged it, a follow-up checked it or it launched.
    let mut heard = vec![false; site.opportunities.len()];
    for (q, quote) in site.quotes.iter().enumerate() {
        if quotes_kept[q].is_some() {
            for &o in &quote.opportunities {
                heard[o] = true;
            }
        }
    }
    for (c, call) in site.calls.iter().enumerate() {
        if let (Some(_), Some(f)) = (calls_kept[c], &call.follow_up) {
            heard[f.opportunity] = true;
        }
    }
    // One never quoted cannot be dated, so it stays, as it is on the live site.
    let mut quoted = vec![false; site.opportunities.len()];
    for quote in &site.quotes {
        for &o in &quote.opportunities {
            quoted[o] = true;
        }
    }
    for call in &site.calls {
        if let Some(f) = &call.follow_up {
            quoted[f.opportunity] = true;
        }
    }
    for (o, opp) in site.opportunities.iter().enumerate() {
        if opp.launched.is_some_and(|d| d <= day) || !quoted[o] {
            heard[o] = true;
        }
    }
    let opps_kept: Vec<Option<usize>> = {
        let mut n = 0;
        heard
            .iter()
            .map(|&h| {
                h.then(|| {
                    n += 1;
                    n - 1
                })
            })
            .collect()
    };

    let mut out = Site {
        settings: site.settings.clone(),
        questions: site.questions.clone(),
        // Snapshots and reviews as they stood; the copy is not dated, so it stays.
        metrics: site
            .metrics
            .iter()
            .filter(|m| m.date <= day)
            .cloned()
            .collect(),
        reviews: site
            .reviews
            .iter()
            .filter(|r| r.date <= day)
            .cloned()
            .collect(),
        copy: site.copy.clone(),
        ..Site::default()
    };
    out.settings.frozen = Some(Frozen {
        quarter: quarter.to_string(),
        as_of: day,
    });
    for (o, opp) in site.opportunities.iter().enumerate() {
        if opps_kept[o].is_none() {
            continue;
        }
        let mut opp = opp.clone();
        let launched = opp.launched.filter(|&d| d <= day);
        let scaled = opp.scaled.filter(|&d| d <= day);
        if opp.launched.is_some()
            && launched.is_none()
            && matches!(opp.status, Status::Launched | Status::Scaled)
        {
            opp.status = Status::Building;
        } else if opp.scaled.is_some() && scaled.is_none() && opp.status == Status::Scaled {
            opp.status = Status::Launched;
        }
        opp.launched = launched;
        opp.scaled = scaled;
        opp.lead = opp.lead.and_then(|q| quotes_kept[q]);
        out.opportunities.push(opp);
    }
    for (q, quote) in site.quotes.iter().enumerate() {
        if quotes_kept[q].is_none() {
            continue;
        }
        let mut quote = quote.clone();
        quote.call = calls_kept[quote.call].expect("kept quotes have kept calls");
        quote.opportunities = quote
            .opportunities
            .iter()
            .filter_map(|&o| opps_kept[o])
            .collect();
        out.quotes.push(quote);
    }
    let mut rounds_kept = vec![None; site.rounds.len()];
    for (r, round) in site.rounds.iter().enumerate() {
        let calls: Vec<usize> = round.calls.iter().filter_map(|&c| calls_kept[c]).collect();
        if calls.is_empty() {
            continue;
        }
        rounds_kept[r] = Some(out.rounds.len());
        let mut round = round.clone();
        // Dates on or before `day` stand as written; a later one is replaced by what the
        // calls kept say, not cut at `day`, which would claim the round ended then.
        let kept_days = || {
            round
                .calls
                .iter()
                .filter(|&&c| calls_kept[c].is_some())
                .map(|&c| site.calls[c].date)
        };
        let (first, last) = (
            kept_days().min().unwrap_or(day),
            kept_days().max().unwrap_or(day),
        );
        round.start = round.start.map(|s| if s <= day { s } else { first });
        round.end = round.end.map(|e| if e <= day { e } else { last });
        round.calls = calls;
        out.rounds.push(round);
    }
    for (c, call) in site.calls.iter().enumerate() {
        if calls_kept[c].is_none() {
            continue;
        }
        let mut call = call.clone();
        call.round = rounds_kept[call.round].expect("kept calls have kept rounds");
        call.quotes = call.quotes.iter().filter_map(|&q| quotes_kept[q]).collect();
        if let Some(f) = call.follow_up.as_mut() {
            f.opportunity = opps_kept[f.opportunity].expect("followed-up opportunities are kept");
        }
        out.calls.push(call);
    }
    out.aliases = site
        .aliases
        .iter()
        .filter_map(|a| {
            quotes_kept[a.quote].map(|quote| crate::model::QuoteAlias {
                id: a.id.clone(),
                quote,
            })
        })
        .collect();
    out
}

/// The folder archives live in: `archive/` beside the content folder.
pub fn archive_root(content: &Path) -> PathBuf {
    if content.file_name().is_none() {
        // `.` (run from inside the content folder): the folder above, not inside the notes.
        if content == Path::new(".") {
            return PathBuf::from("../archive");
        }
        return content.join("..").join("archive");
    }
    let parent = content
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join("archive")
}

/// What `archive.json` says about an archive.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Facts {
    /// `2026-Q3`.
    pub quarter: String,
    /// The quarter's last day, `YYYY-MM-DD`.
    pub as_of: String,
    /// Calls in it.
    pub calls: usize,
    /// Quotes in it.
    pub quotes: usize,
    /// Opportunities in it.
    pub opportunities: usize,
}

/// Every file below `dir`, `/`-separated and sorted.
fn files_below(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(crate::content::slash_path(rel))
        })
        .collect();
    files.sort();
    files
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `SHA256SUMS` over every other file of the archive in `dir`.
pub fn write_checksums(dir: &Path) -> std::io::Result<()> {
    let lines: Vec<std::io::Result<String>> = files_below(dir)
        .into_par_iter()
        .filter(|f| f != CHECKSUMS)
        .map(|f| {
            Ok(format!(
                "{}  {f}\n",
                sha256_hex(&std::fs::read(dir.join(&f))?)
            ))
        })
        .collect();
    let mut text = String::new();
    for line in lines {
        text.push_str(&line?);
    }
    std::fs::write(dir.join(CHECKSUMS), text)
}

/// The archive folders beside `content`, as (quarter, folder), oldest first.
pub fn quarters(content: &Path) -> Vec<(String, PathBuf)> {
    let root = archive_root(content);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut out: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (canonical, _) = parse_quarter(&name)?;
            (canonical == name).then(|| (name, e.path()))
        })
        .collect();
    out.sort();
    out
}

/// Checks every archive's files against its `SHA256SUMS`; each difference is an error.
pub fn verify(content: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (quarter, dir) in quarters(content) {
        let sums_path = dir.join(CHECKSUMS);
        let Ok(sums) = std::fs::read_to_string(&sums_path) else {
            out.push(
                Diagnostic::at_file(&sums_path, format!("archive {quarter} has no checksum manifest, so it cannot be verified"))
                    .hint(format!("rebuild it with `verbatim archive {quarter} --force` if its pages are as they should be")),
            );
            continue;
        };
        let listed: Vec<(String, String)> = sums
            .lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(h, f)| (h.to_string(), f.to_string()))
            .collect();
        let restore = format!(
            "archives are frozen: restore the file from a backup or version control, or rebuild the quarter with `verbatim archive {quarter} --force`"
        );
        let mut problems: Vec<Diagnostic> = listed
            .par_iter()
            .filter_map(|(hash, file)| {
                let path = dir.join(file);
                match std::fs::read(&path) {
                    Ok(bytes) if sha256_hex(&bytes) == *hash => None,
                    Ok(_) => Some(Diagnostic::at_file(&path, format!("this file of the frozen archive {quarter} was changed after it was archived (its SHA-256 no longer matches {CHECKSUMS})"))),
                    Err(_) => Some(Diagnostic::at_file(&path, format!("this file of the frozen archive {quarter} is missing"))),
                }
            })
            .map(|d| d.hint(restore.clone()))
            .collect();
        let known: std::collections::HashSet<&str> =
            listed.iter().map(|(_, f)| f.as_str()).collect();
        for file in files_below(&dir) {
            if file != CHECKSUMS && !known.contains(file.as_str()) {
                problems.push(
                    Diagnostic::at_file(&dir.join(&file), format!("this file was added to the frozen archive {quarter} after it was archived"))
                        .hint(restore.clone()),
                );
            }
        }
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        out.extend(problems);
    }
    out
}

/// Copies every archive, unchanged, into the site's `archive/<quarter>/`; returns their facts.
pub fn publish(content: &Path, staging: &Staging) -> Result<Vec<Facts>, Vec<Diagnostic>> {
    let mut facts = Vec::new();
    let mut errors = Vec::new();
    for (quarter, dir) in quarters(content) {
        let copied: Vec<Diagnostic> = files_below(&dir)
            .into_par_iter()
            .filter_map(|file| {
                let path = dir.join(&file);
                match std::fs::read(&path) {
                    Ok(bytes) => staging
                        .write(&format!("archive/{quarter}/{file}"), &bytes)
                        .err()
                        .map(|e| Diagnostic::at_file(&e.path, e.message)),
                    Err(e) => Some(Diagnostic::at_file(
                        &path,
                        format!("cannot read this archived file: {e}"),
                    )),
                }
            })
            .collect();
        errors.extend(copied);
        let facts_path = dir.join(FACTS);
        match std::fs::read_to_string(&facts_path)
            .ok()
            .and_then(|t| serde_json::from_str::<Facts>(&t).ok())
        {
            Some(f) => facts.push(f),
            None => facts.push(Facts {
                quarter: quarter.clone(),
                as_of: parse_quarter(&quarter)
                    .map(|(_, d)| d.to_string())
                    .unwrap_or_default(),
                calls: 0,
                quotes: 0,
                opportunities: 0,
            }),
        }
    }
    if errors.is_empty() {
        Ok(facts)
    } else {
        Err(errors)
    }
}

/// What `verbatim archive` made.
#[derive(Debug, Clone)]
pub struct ArchiveReport {
    /// Where the archive was written.
    pub dir: PathBuf,
    /// Its facts.
    pub facts: Facts,
    /// HTML pages written.
    pub pages: usize,
}

/// Builds the site as it stood at the end of `quarter` into `archive/<quarter>/`
/// beside the content folder; refuses to replace an existing quarter unless `force`.
pub fn create(
    content: &Path,
    quarter: &str,
    force: bool,
    overrides: &crate::SiteOverrides,
) -> Result<ArchiveReport, crate::Error> {
    let refuse = |message: String| {
        crate::Error::Output(crate::output::OutputError {
            path: PathBuf::from(quarter),
            message,
        })
    };
    let Some((quarter, day)) = parse_quarter(quarter) else {
        return Err(refuse(quarter_arg(quarter).unwrap_err()));
    };
    let dir = archive_root(content).join(&quarter);
    check_ended(&quarter, day, crate::today()).map_err(|message| {
        crate::Error::Output(crate::output::OutputError {
            path: dir.clone(),
            message,
        })
    })?;
    if dir.exists() && !force {
        return Err(crate::Error::Output(crate::output::OutputError {
            path: dir,
            message: format!(
                "archive {quarter} already exists and archives are frozen; pass --force to rebuild it from the notes as they are now"
            ),
        }));
    }
    let loaded = crate::content::load(content).map_err(|d| crate::Error::Content(d.sorted()))?;
    let mut site = as_of(&loaded.site, day, &quarter);
    overrides.apply(&mut site);
    let theme = crate::render::theme::load(content).map_err(crate::Error::Content)?;
    let mut staging = Staging::begin(&dir, content).map_err(crate::Error::Output)?;
    // Archives go into version control beside the notes: leave nothing else there.
    staging.keep_no_previous();
    crate::analyze_and_render(&site, day, &theme, content, &staging)
        .map_err(crate::Error::Content)?;
    let facts = Facts {
        quarter: quarter.clone(),
        as_of: day.to_string(),
        calls: site.calls.len(),
        quotes: site.quotes.len(),
        opportunities: site.opportunities.len(),
    };
    let json = serde_json::to_string_pretty(&facts).expect("facts serialise");
    staging
        .write(FACTS, json.as_bytes())
        .map_err(crate::Error::Output)?;
    let pages = staging.pages();
    staging.commit().map_err(crate::Error::Output)?;
    write_checksums(&dir).map_err(|e| {
        crate::Error::Output(crate::output::OutputError {
            path: dir.join(CHECKSUMS),
            message: format!("cannot write the checksums: {e}"),
        })
    })?;
    Ok(ArchiveReport { dir, facts, pages })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_end_on_their_last_day() {
        let end = |s: &str| parse_quarter(s).map(|(_, d)| d.to_string());
        assert_eq!(end("2026-Q3").as_deref(), Some("2026-09-30"));
        assert_eq!(end("2026-Q4").as_deref(), Some("2026-12-31"));
        assert_eq!(end("2024-q1").as_deref(), Some("2024-03-31"));
        assert_eq!(parse_quarter("2026-q2").unwrap().0, "2026-Q2");
        assert!(parse_quarter("2026-Q5").is_none());
        assert!(parse_quarter("Q3-2026").is_none());
    }

    #[test]
    fn a_quarter_can_be_archived_from_the_day_after_its_last() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let last = day("2026-09-30");
        assert!(check_ended("2026-Q3", last, day("2026-10-01")).is_ok());
        let refused = check_ended("2026-Q3", last, last).unwrap_err();
        assert!(
            refused.contains("2026-Q3 has not ended") && refused.contains("from 1 Oct 2026 on"),
            "{refused}"
        );
        assert!(check_ended("2026-Q3", last, day("2026-08-01")).is_err());
        assert_eq!(quarter_arg("2026-q3").as_deref(), Ok("2026-Q3"));
        assert!(quarter_arg("2026-Q5").unwrap_err().contains("YYYY-Qn"));
    }

    #[test]
    fn from_inside_the_content_folder_archives_go_beside_it() {
        assert_eq!(archive_root(Path::new(".")), Path::new("../archive"));
        assert_eq!(archive_root(Path::new("..")), Path::new("../../archive"));
        assert_eq!(archive_root(Path::new("content")), Path::new("./archive"));
        assert_eq!(archive_root(Path::new("/a/notes")), Path::new("/a/archive"));
    }

    #[test]
    fn snapshots_after_the_quarter_are_not_in_its_archive() {
        let site = crate::content::load(Path::new("content"))
            .ok()
            .unwrap()
            .site;
        let day: NaiveDate = "2026-07-31".parse().unwrap();
        let frozen = as_of(&site, day, "2026-Q3");
        assert!(!frozen.metrics.is_empty());
        assert!(frozen.metrics.len() < site.metrics.len());
        assert!(frozen.metrics.iter().all(|m| m.date <= day));
        assert!(frozen.reviews.iter().all(|r| r.date <= day));
        assert_eq!(frozen.copy.len(), site.copy.len());
    }
}
