//! Metric snapshots: `metrics/*.toml` (one snapshot per file) and `metrics/*.csv`
//! (one snapshot per row).
//!
//! Every bad value is reported at its file, line and column, like the rest of the
//! content; a file with problems still has all of them reported at once. CSV cells
//! are located by re-scanning the raw record from the byte offset the `csv` crate
//! gives, because its records hold unquoted values with no positions.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml_edit::{Item, TableLike, Value};

use super::csv_file::CsvRows;
use super::fields::Fields;
use super::read_source;
use super::slash_path;
use crate::diagnostics::{did_you_mean, Diagnostic, Severity, SourceFile};

pub use crate::model::{AOV, CONVERSION_RATE};

pub use crate::model::Snapshot;

/// A snapshot and where it was given, for duplicate errors.
struct Found {
    snapshot: Snapshot,
    /// A located diagnostic with no message yet: the place to report a duplicate at.
    here: Diagnostic,
}

/// Reads every metric snapshot below `<dir>/metrics`, sorted by date then group
/// (everyone first), with every problem found (errors and warnings).
pub fn load_metrics(dir: &Path) -> (Vec<Snapshot>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let root = dir.join("metrics");
    if !root.is_dir() {
        return (Vec::new(), diagnostics);
    }
    let mut entries: Vec<(String, PathBuf)> = match std::fs::read_dir(&root) {
        Ok(read) => read
            .filter_map(Result::ok)
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect(),
        Err(e) => {
            diagnostics.push(Diagnostic::at_file(
                &root,
                format!("cannot read this folder: {e}"),
            ));
            return (Vec::new(), diagnostics);
        }
    };
    // read_dir order is the file system's; sort so that "first given" is stable.
    entries.sort();

    let mut found = Vec::new();
    for (name, path) in entries {
        if name.starts_with('_') || name.starts_with('.') {
            continue;
        }
        let rel = Path::new("metrics").join(&name);
        if path.is_dir() {
            diagnostics.push(
                Diagnostic::at_file(&path, "folders inside metrics/ are not read")
                    .hint("move its .toml and .csv files directly into metrics/, or start the folder's name with `_` to keep it aside")
                    .warning(),
            );
            continue;
        }
        let extension = path
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let read = match extension.as_str() {
            "toml" => read_toml,
            "csv" => read_csv,
            _ => {
                diagnostics.push(
                    Diagnostic::at_file(&path, "not a metrics file: only .toml and .csv files in metrics/ are read")
                        .hint("export the numbers as CSV (a header row with `date` and metric names), or start the name with `_` to keep the file aside")
                        .warning(),
                );
                continue;
            }
        };
        match read_source(dir, &rel) {
            Ok(file) => {
                let (snapshots, problems) = read(&file, &slash_path(&rel));
                found.extend(snapshots);
                diagnostics.extend(problems);
            }
            Err(d) => diagnostics.push(d),
        }
    }

    let mut seen: HashMap<(NaiveDate, Option<String>), String> = HashMap::new();
    let mut snapshots = Vec::new();
    for Found { snapshot, here } in found {
        let key = (snapshot.date, snapshot.group.clone());
        if let Some(first) = seen.get(&key) {
            let who = match &snapshot.group {
                Some(g) => format!("test group `{g}`"),
                None => "everyone".to_string(),
            };
            diagnostics.push(Diagnostic {
                message: format!(
                    "a second snapshot for {} ({who}), first given at {first}",
                    snapshot.date
                ),
                hint: Some(
                    "each day has one snapshot for everyone and one per test group; remove one, or fix its date"
                        .into(),
                ),
                ..here
            });
            continue;
        }
        seen.insert(key, format!("{}:{}", here.path.display(), here.line));
        snapshots.push(snapshot);
    }
    snapshots.sort_by(|a, b| (a.date, &a.group).cmp(&(b.date, &b.group)));
    (snapshots, diagnostics)
}

/// Reads one metrics file's text (TOML or CSV, by `rel`'s extension) without touching
/// the disk; what `load_metrics` does per file, open for fuzzing and property tests.
pub fn read_snapshot_file(file: &SourceFile, rel: &str) -> (Vec<Snapshot>, Vec<Diagnostic>) {
    let (found, diagnostics) = if rel.ends_with(".csv") {
        read_csv(file, rel)
    } else {
        read_toml(file, rel)
    };
    (found.into_iter().map(|f| f.snapshot).collect(), diagnostics)
}

/// A warning when a metric's name is one letter off a known metric.
fn misspelt(file: &SourceFile, span: Range<usize>, name: &str) -> Option<Diagnostic> {
    if name == CONVERSION_RATE || name == AOV {
        return None;
    }
    let suggestion = did_you_mean(name, [CONVERSION_RATE, AOV])?;
    Some(
        file.error(
            span,
            format!("`{name}` is charted as an extra metric, not a known one"),
        )
        .hint(format!(
            "{suggestion} `conversion_rate` (percent) and `aov` (site currency) are charted against launches"
        ))
        .warning(),
    )
}

/// Range checks for the known metrics; `None` when the value is fine.
fn out_of_range(name: &str, value: f64) -> Option<(String, String)> {
    if name == CONVERSION_RATE && !(0.0..=100.0).contains(&value) {
        return Some((
            format!("`conversion_rate` is {value}, outside 0-100"),
            "conversion_rate is a percent: write 2.9 for 2.9%".into(),
        ));
    }
    if name == AOV && value < 0.0 {
        return Some((
            format!("`aov` is {value}, below zero"),
            "aov is the average order value in the site currency, e.g. 84.20".into(),
        ));
    }
    None
}

/// A hint for a value that should have been a number, from what it looks like.
fn number_hint(name: &str, shown: &str) -> String {
    if name == "group" {
        return "a file's top-level numbers are for everyone; put a test group's numbers under `[groups.NAME]`".into();
    }
    let bare = shown.trim().trim_matches('"').trim();
    if bare.ends_with('%') {
        return format!(
            "write the number without `%`: `{name} = {}`",
            bare.trim_end_matches('%').trim()
        );
    }
    if bare.starts_with(['$', '€', '£']) {
        return format!(
            "write the number without the currency sign: `{name} = {}`",
            &bare[bare.chars().next().map_or(0, char::len_utf8)..]
        );
    }
    if bare.parse::<f64>().is_ok_and(f64::is_finite) {
        return format!("remove the quotes: `{name} = {bare}`");
    }
    format!(
        "every key besides `date` and `[groups.NAME]` is a metric and must be a number, e.g. `{name} = 1840`"
    )
}

/// One snapshot per file: `date`, metrics, and `[groups.NAME]` tables of metrics.
fn read_toml(file: &SourceFile, rel: &str) -> (Vec<Found>, Vec<Diagnostic>) {
    let (mut fields, doc) = match Fields::parse(file, &file.text, 0, 0..0) {
        Ok(parsed) => parsed,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let root = doc.as_table();
    let date = if root.contains_key("date") {
        fields.date(root, "date")
    } else {
        fields.diagnostics.push(
            file.error(0..0, "this metric snapshot has no `date`")
                .hint("add a line `date = 2026-08-31`: the day the numbers were measured"),
        );
        None
    };
    let everyone = read_numbers(&mut fields, file, root, &["date", "groups"], "");
    let mut groups = Vec::new();
    if let Some(table) = fields.table(root, "groups") {
        for (name, item) in table.iter() {
            let key_span = table.key(name).and_then(|k| k.span()).unwrap_or(0..0);
            let Some(group) = item.as_table_like() else {
                fields.error_at(
                    table,
                    name,
                    format!("`groups.{name}` must be a table of numbers"),
                    format!("write a line `[groups.{name}]` followed by lines like `conversion_rate = 3.4`"),
                );
                continue;
            };
            if name.trim().is_empty() {
                fields.diagnostics.push(
                    file.error(key_span.clone(), "a test group needs a name")
                        .hint("write `[groups.test]`, with the group's name after `groups.`"),
                );
                continue;
            }
            if group.contains_key("date") {
                fields.error_at(
                    group,
                    "date",
                    format!("test group `{name}` has its own `date`"),
                    "a group's numbers are for the snapshot's date; for another day, write another file".into(),
                );
            }
            let prefix = format!("groups.{name}.");
            let values = read_numbers(&mut fields, file, group, &["date"], &prefix);
            groups.push((name.to_string(), key_span, values));
        }
    }

    let has_numbers = everyone.as_ref().is_some_and(|v| !v.is_empty())
        || groups
            .iter()
            .any(|(_, _, v)| v.as_ref().is_some_and(|v| !v.is_empty()));
    let mut found = Vec::new();
    let clean = !fields
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    if let (Some(date), true) = (date, clean) {
        if !has_numbers {
            fields.diagnostics.push(
                file.error(fields.span(root, "date"), "this snapshot has no numbers")
                    .hint("add metrics under the date, e.g. `conversion_rate = 2.9` and `aov = 84.20`")
                    .warning(),
            );
        }
        if let Some(values) = everyone.filter(|v| !v.is_empty()) {
            found.push(Found {
                snapshot: Snapshot {
                    date,
                    group: None,
                    values,
                    source: rel.to_string(),
                },
                here: file.error(fields.span(root, "date"), ""),
            });
        }
        for (name, span, values) in groups {
            if let Some(values) = values.filter(|v| !v.is_empty()) {
                found.push(Found {
                    snapshot: Snapshot {
                        date,
                        group: Some(name),
                        values,
                        source: rel.to_string(),
                    },
                    here: file.error(span, ""),
                });
            }
        }
    }
    (found, fields.diagnostics)
}

/// Every key of `table` but `skip` as a number; `None` when any is not one.
fn read_numbers(
    fields: &mut Fields<'_>,
    file: &SourceFile,
    table: &dyn TableLike,
    skip: &[&str],
    prefix: &str,
) -> Option<BTreeMap<String, f64>> {
    let mut values = BTreeMap::new();
    let mut ok = true;
    for (key, item) in table.iter() {
        if skip.contains(&key) {
            continue;
        }
        let key_span = table.key(key).and_then(|k| k.span()).unwrap_or(0..0);
        let number = match item {
            Item::Value(Value::Integer(i)) => Some(*i.value() as f64),
            Item::Value(Value::Float(f)) if f.value().is_finite() => Some(*f.value()),
            _ => None,
        };
        let Some(number) = number else {
            let (message, hint) = match item {
                Item::Value(v) => (
                    format!("`{prefix}{key}` must be a number"),
                    number_hint(key, &v.to_string()),
                ),
                _ if prefix.is_empty() => (
                    format!("`{key}` must be a number, not a table"),
                    format!("for a test group's numbers write `[groups.{key}]`"),
                ),
                _ => (
                    format!("`{prefix}{key}` must be a number, not a table"),
                    "a test group holds numbers only, e.g. `conversion_rate = 3.4`".into(),
                ),
            };
            fields.error_at(table, key, message, hint);
            ok = false;
            continue;
        };
        if let Some((message, hint)) = out_of_range(key, number) {
            fields.error_at(table, key, message, hint);
            ok = false;
            continue;
        }
        if let Some(warning) = misspelt(file, key_span, key) {
            fields.diagnostics.push(warning);
        }
        values.insert(key.to_string(), number);
    }
    ok.then_some(values)
}

/// Byte ranges of the raw fields of the CSV record that starts at `start`
/// (quotes included), so a cell's problem can point at its column.
pub(crate) fn field_spans(text: &str, start: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut i = start.min(b.len());
    // The csv crate's record position may sit on the previous line's terminator.
    while i < b.len() && matches!(b[i], b'\r' | b'\n') {
        i += 1;
    }
    let mut spans = Vec::new();
    loop {
        let s = i;
        if i < b.len() && b[i] == b'"' {
            i += 1;
            while i < b.len() {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < b.len() && !matches!(b[i], b',' | b'\r' | b'\n') {
            i += 1;
        }
        spans.push(s..i);
        if b.get(i) == Some(&b',') {
            i += 1;
        } else {
            return spans;
        }
    }
}

/// The span of a cell's value: inside any quotes, without surrounding spaces.
pub(crate) fn value_span(text: &str, raw: &Range<usize>) -> Range<usize> {
    let mut s = raw.start;
    let mut e = raw.end;
    let t = text.as_bytes();
    while s < e && t[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && t[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    if e > s + 1 && t[s] == b'"' && t[e - 1] == b'"' {
        s += 1;
        e -= 1;
    }
    s..e
}

pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // chrono accepts unpadded fields; the format is YYYY-MM-DD exactly.
    let shaped = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    shaped
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// One snapshot per row: a `date` column, an optional `group` column, metric columns.
fn read_csv(file: &SourceFile, rel: &str) -> (Vec<Found>, Vec<Diagnostic>) {
    let text = &*file.text;
    let mut diagnostics = Vec::new();
    let mut found = Vec::new();
    let mut rows = match CsvRows::open(
        file,
        "metrics",
        "write a header row with `date` and metric names, then one row per day",
    ) {
        Ok(rows) => rows,
        Err(d) => return (found, vec![d]),
    };
    let (header, header_start) = (rows.header.clone(), rows.header_start);
    let header_spans = field_spans(text, header_start);
    let span_of = |spans: &[Range<usize>], i: usize| {
        spans
            .get(i)
            .map_or(header_start..header_start, |r| value_span(text, r))
    };

    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut date_col = None;
    let mut group_col = None;
    let mut metrics: Vec<(usize, String)> = Vec::new();
    let mut header_ok = true;
    for (i, name) in names.iter().enumerate() {
        let span = span_of(&header_spans, i);
        if name.is_empty() {
            diagnostics.push(
                file.error(span, format!("column {} has no name", i + 1))
                    .hint("name every column in the header row, or delete the empty column"),
            );
            header_ok = false;
            continue;
        }
        if let Some(first) = names[..i].iter().position(|n| n.eq_ignore_ascii_case(name)) {
            diagnostics.push(
                file.error(
                    span,
                    format!(
                        "column `{name}` appears twice (first as column {})",
                        first + 1
                    ),
                )
                .hint("each metric has one column; rename or delete one of them"),
            );
            header_ok = false;
            continue;
        }
        if name.eq_ignore_ascii_case("date") {
            date_col = Some(i);
        } else if name.eq_ignore_ascii_case("group") {
            group_col = Some(i);
        } else {
            if let Some(w) = misspelt(file, span, name) {
                diagnostics.push(w);
            }
            metrics.push((i, name.clone()));
        }
    }
    let Some(date_col) = date_col else {
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = match did_you_mean("date", names.iter().map(String::as_str)) {
            Some(s) => format!("{s} The column of days must be named `date` (YYYY-MM-DD)"),
            None => "add a column named `date` holding each row's day as YYYY-MM-DD".into(),
        };
        diagnostics.push(
            file.error(
                header_start..header_start,
                format!("the header row has no `date` column (found {list})"),
            )
            .hint(hint),
        );
        return (found, diagnostics);
    };
    if !header_ok {
        return (found, diagnostics);
    }

    while let Some((record, start)) = rows.next_row(&mut diagnostics) {
        let spans = field_spans(text, start);
        let cell = |i: usize| span_of(&spans, i);
        let mut ok = true;
        let raw_date = record.get(date_col).unwrap_or("").trim();
        let date = parse_day(raw_date);
        if date.is_none() {
            let (message, hint) = if raw_date.is_empty() {
                (
                    "this row has no date".to_string(),
                    "fill in the `date` cell as YYYY-MM-DD, e.g. 2026-08-31".to_string(),
                )
            } else {
                (format!("bad date {raw_date:?}"), "write the day as YYYY-MM-DD, e.g. 2026-08-31 (spreadsheets: format the column as text or ISO date before exporting)".to_string())
            };
            diagnostics.push(file.error(cell(date_col), message).hint(hint));
            ok = false;
        }
        let group = group_col
            .map(|g| record.get(g).unwrap_or("").trim().to_string())
            .filter(|g| !g.is_empty());
        let mut values = BTreeMap::new();
        for (i, name) in &metrics {
            let raw = record.get(*i).unwrap_or("").trim();
            if raw.is_empty() {
                continue; // not measured
            }
            let number = raw.parse::<f64>().ok().filter(|n| n.is_finite());
            let Some(number) = number else {
                diagnostics.push(
                    file.error(cell(*i), format!("`{name}` must be a number, not {raw:?}"))
                        .hint(csv_number_hint(raw)),
                );
                ok = false;
                continue;
            };
            if let Some((message, hint)) = out_of_range(name, number) {
                diagnostics.push(file.error(cell(*i), message).hint(hint));
                ok = false;
                continue;
            }
            values.insert(name.clone(), number);
        }
        let (Some(date), true) = (date, ok) else {
            continue;
        };
        if values.is_empty() {
            continue;
        }
        let here = file.error(cell(date_col), "");
        found.push(Found {
            snapshot: Snapshot {
                date,
                group,
                values,
                source: format!("{rel}:{}", here.line),
            },
            here,
        });
    }
    (found, diagnostics)
}

fn csv_number_hint(raw: &str) -> String {
    if raw.ends_with('%') {
        return "write the number without `%`, e.g. 2.9 for 2.9%".into();
    }
    if raw.starts_with(['$', '€', '£']) {
        return "write the number without the currency sign, e.g. 84.20".into();
    }
    if raw.contains(',') {
        return "write numbers without thousands separators and with a decimal point, e.g. 1840 or 2.9".into();
    }
    "write a number (e.g. 2.9), or leave the cell empty when it was not measured".into()
}

pub(crate) fn csv_error(file: &SourceFile, e: &csv::Error) -> Diagnostic {
    let at = e.position().map_or(0, |p| p.byte() as usize);
    let start = field_spans(&file.text, at).first().map_or(at, |r| r.start);
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => file
            .error(
                start..start,
                format!("this row has {len} cells but the header has {expected_len}"),
            )
            .hint("give every row one cell per column (empty cells are fine); quote cells that contain commas, e.g. \"a, b\""),
        _ => file.error(start..start, format!("cannot read this CSV: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn content(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("metrics")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join("metrics").join(name), text).unwrap();
        }
        dir
    }

    /// `(file name, line, col, message)` of each error, in order found.
    fn errors(diags: &[Diagnostic]) -> Vec<(String, usize, usize, String)> {
        diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let name = d.path.file_name().unwrap().to_string_lossy().into_owned();
                (name, d.line, d.col, d.message.clone())
            })
            .collect()
    }

    fn values(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn toml_with_groups_and_an_extra_metric() {
        let dir = content(&[(
            "2026-08-31.toml",
            "# weekly export\ndate = 2026-08-31\nconversion_rate = 2.9\naov = 84.20\norders = 1840\n\n[groups.test]\nconversion_rate = 3.4\naov = 92.10\n",
        )]);
        let (snapshots, diags) = load_metrics(dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            snapshots,
            vec![
                Snapshot {
                    date: day("2026-08-31"),
                    group: None,
                    values: values(&[("conversion_rate", 2.9), ("aov", 84.2), ("orders", 1840.0)]),
                    source: "metrics/2026-08-31.toml".into(),
                },
                Snapshot {
                    date: day("2026-08-31"),
                    group: Some("test".into()),
                    values: values(&[("conversion_rate", 3.4), ("aov", 92.1)]),
                    source: "metrics/2026-08-31.toml".into(),
                },
            ]
        );
    }

    #[test]
    fn csv_with_group_column_bom_crlf_and_quotes() {
        let dir = content(&[(
            "shop.csv",
            "\u{feff}date,group,conversion_rate,aov,\"orders\"\r\n2026-09-07,,3.0,85,\"1,9e3\"\r\n",
        )]);
        // a quoted "1,9e3" is one cell and not a number: the error names its column
        let (_, diags) = load_metrics(dir.path());
        assert_eq!(
            errors(&diags),
            vec![(
                "shop.csv".into(),
                2,
                21,
                "`orders` must be a number, not \"1,9e3\"".into()
            )]
        );

        let dir = content(&[(
            "shop.csv",
            "\u{feff}date,group,conversion_rate,aov,\"orders\"\r\n2026-09-07,,3.0,85,\"1900\"\r\n\"2026-09-07\",\"test, wave 1\",3.5,,\r\n2026-09-14,test, 3.6 ,90.5,12\r\n",
        )]);
        let (snapshots, diags) = load_metrics(dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            snapshots,
            vec![
                Snapshot {
                    date: day("2026-09-07"),
                    group: None,
                    values: values(&[("conversion_rate", 3.0), ("aov", 85.0), ("orders", 1900.0)]),
                    source: "metrics/shop.csv:2".into(),
                },
                Snapshot {
                    date: day("2026-09-07"),
                    group: Some("test, wave 1".into()),
                    values: values(&[("conversion_rate", 3.5)]),
                    source: "metrics/shop.csv:3".into(),
                },
                Snapshot {
                    date: day("2026-09-14"),
                    group: Some("test".into()),
                    values: values(&[("conversion_rate", 3.6), ("aov", 90.5), ("orders", 12.0)]),
                    source: "metrics/shop.csv:4".into(),
                },
            ]
        );
    }

    #[test]
    fn toml_errors_point_at_values() {
        let dir = content(&[(
            "a.toml",
            "date = 2026-08-31\nconversion_rate = \"2.9%\"\naov = 84.2\n[groups.test]\naov = \"high\"\n",
        )]);
        let (snapshots, diags) = load_metrics(dir.path());
        assert!(snapshots.is_empty());
        assert_eq!(
            errors(&diags),
            vec![
                (
                    "a.toml".into(),
                    2,
                    19,
                    "`conversion_rate` must be a number".into()
                ),
                (
                    "a.toml".into(),
                    5,
                    7,
                    "`groups.test.aov` must be a number".into()
                ),
            ]
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("write the number without `%`: `conversion_rate = 2.9`")
        );

        let dir = content(&[
            ("b.toml", "date = 2026-02-30\naov = 1\n"),
            ("c.toml", "aov = 1\ndate = \"31/08/2026\"\n"),
        ]);
        let (_, diags) = load_metrics(dir.path());
        assert_eq!(
            errors(&diags),
            vec![
                (
                    "b.toml".into(),
                    1,
                    8,
                    "invalid TOML: invalid date, expected day between 01 and 28".into()
                ),
                (
                    "c.toml".into(),
                    2,
                    8,
                    "bad date \"31/08/2026\" for `date`".into()
                ),
            ]
        );

        let dir = content(&[("d.toml", "conversion_rate = 120\n")]);
        let (_, diags) = load_metrics(dir.path());
        assert_eq!(
            errors(&diags),
            vec![
                (
                    "d.toml".into(),
                    1,
                    1,
                    "this metric snapshot has no `date`".into()
                ),
                (
                    "d.toml".into(),
                    1,
                    19,
                    "`conversion_rate` is 120, outside 0-100".into()
                ),
            ]
        );
    }

    #[test]
    fn csv_errors_point_at_cells() {
        let dir = content(&[(
            "shop.csv",
            "date,conversion_rate,aov\n2026-09-07,abc,85\n09/14/2026,3.1,\n2026-09-21,3.2\n2026-09-28,\"2.9%\",$84\n",
        )]);
        let (snapshots, diags) = load_metrics(dir.path());
        assert!(snapshots.is_empty(), "{snapshots:?}");
        assert_eq!(
            errors(&diags),
            vec![
                (
                    "shop.csv".into(),
                    2,
                    12,
                    "`conversion_rate` must be a number, not \"abc\"".into()
                ),
                ("shop.csv".into(), 3, 1, "bad date \"09/14/2026\"".into()),
                (
                    "shop.csv".into(),
                    4,
                    1,
                    "this row has 2 cells but the header has 3".into()
                ),
                (
                    "shop.csv".into(),
                    5,
                    13,
                    "`conversion_rate` must be a number, not \"2.9%\"".into()
                ),
                (
                    "shop.csv".into(),
                    5,
                    19,
                    "`aov` must be a number, not \"$84\"".into()
                ),
            ]
        );
        assert!(diags[3].hint.as_deref().unwrap().contains("without `%`"));
    }

    #[test]
    fn csv_cell_columns_count_characters_after_multiline_quotes() {
        let dir = content(&[(
            "notes.csv",
            "date,note_count,aov\n\"2026-09-07\",\"1\n2\",85\n2026-09-14,4,é\n",
        )]);
        let (_, diags) = load_metrics(dir.path());
        assert_eq!(
            errors(&diags),
            vec![
                (
                    "notes.csv".into(),
                    2,
                    15,
                    "`note_count` must be a number, not \"1\\n2\"".into()
                ),
                (
                    "notes.csv".into(),
                    4,
                    14,
                    "`aov` must be a number, not \"é\"".into()
                ),
            ]
        );
    }

    #[test]
    fn missing_date_column_names_the_columns() {
        let dir = content(&[(
            "shop.csv",
            "\u{feff}day,conversion_rate\r\n2026-09-07,3\r\n",
        )]);
        let (snapshots, diags) = load_metrics(dir.path());
        assert!(snapshots.is_empty());
        assert_eq!(
            errors(&diags),
            vec![(
                "shop.csv".into(),
                1,
                1,
                "the header row has no `date` column (found `day`, `conversion_rate`)".into()
            )]
        );
    }

    #[test]
    fn duplicates_across_toml_and_csv_name_the_first() {
        let dir = content(&[
            ("2026-08-31.toml", "date = 2026-08-31\naov = 84.2\n\n[groups.test]\naov = 90\n"),
            (
                "export.csv",
                "date,group,aov\n2026-08-24,,80\n2026-08-31,test,91\n2026-08-31,,85\n2026-08-24,,81\n",
            ),
        ]);
        let (snapshots, diags) = load_metrics(dir.path());
        let first = dir.path().join("metrics").join("2026-08-31.toml");
        let csv = dir.path().join("metrics").join("export.csv");
        assert_eq!(
            errors(&diags),
            vec![
                (
                    "export.csv".into(),
                    3,
                    1,
                    format!(
                        "a second snapshot for 2026-08-31 (test group `test`), first given at {}:4",
                        first.display()
                    )
                ),
                (
                    "export.csv".into(),
                    4,
                    1,
                    format!(
                        "a second snapshot for 2026-08-31 (everyone), first given at {}:1",
                        first.display()
                    )
                ),
                (
                    "export.csv".into(),
                    5,
                    1,
                    format!(
                        "a second snapshot for 2026-08-24 (everyone), first given at {}:2",
                        csv.display()
                    )
                ),
            ]
        );
        let kept: Vec<_> = snapshots.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(
            kept,
            [
                "metrics/export.csv:2",
                "metrics/2026-08-31.toml",
                "metrics/2026-08-31.toml"
            ]
        );
    }

    #[test]
    fn metric_names_and_series_for_charts() {
        use crate::analysis::metrics::{metric_names, metric_series};
        let dir = content(&[
            ("a.toml", "date = 2026-08-31\norders = 5\naov = 80\n[groups.b]\nconversion_rate = 3\n[groups.a]\nconversion_rate = 3.5\n"),
            ("b.csv", "date,group,conversion_rate,returns\n2026-09-07,,2.5,\n2026-08-24,,2.4,7\n"),
        ]);
        let (snapshots, diags) = load_metrics(dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            metric_names(&snapshots),
            ["conversion_rate", "aov", "orders", "returns"]
        );
        assert_eq!(
            metric_series(&snapshots, CONVERSION_RATE),
            vec![
                (
                    None,
                    vec![(day("2026-08-24"), 2.4), (day("2026-09-07"), 2.5)]
                ),
                (Some("a".into()), vec![(day("2026-08-31"), 3.5)]),
                (Some("b".into()), vec![(day("2026-08-31"), 3.0)]),
            ]
        );
        assert_eq!(metric_series(&snapshots, "nothing"), vec![]);
    }

    #[test]
    fn hidden_and_other_files_are_skipped() {
        let dir = content(&[
            ("_draft.toml", "not toml at all ="),
            (".backup.csv", "x"),
            ("notes.xlsx", "binary"),
            ("a.toml", "date = 2026-08-31\nconverson_rate = 2\n"),
        ]);
        let (snapshots, diags) = load_metrics(dir.path());
        assert_eq!(snapshots.len(), 1);
        assert!(errors(&diags).is_empty(), "{diags:?}");
        let warnings: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            warnings,
            [
                "`converson_rate` is charted as an extra metric, not a known one",
                "not a metrics file: only .toml and .csv files in metrics/ are read",
            ]
        );
        assert!(load_metrics(Path::new("/nonexistent")).0.is_empty());
    }
}
