//! Front matter splitting and a typed reader over spanned TOML.
//!
//! serde stops at the first bad field; a writer fixing notes wants every problem of
//! a file at once, each pointing at its key or value. So TOML is parsed with
//! `toml_edit` (which keeps spans) and read field by field, collecting diagnostics.

use std::ops::{Range, RangeInclusive};

use chrono::NaiveDate;
use toml_edit::{Item, TableLike, Value};

use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};

/// A note split into its TOML front matter and Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub toml: &'a str,
    /// Byte offset of `toml` in the file.
    pub toml_offset: usize,
    /// The Markdown after the closing `+++`.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits `+++` front matter from the body; CRLF and a trailing space on the fences are fine.
pub fn split_front_matter(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = &*file.text;
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_end].trim_end();
    if first != "+++" {
        let message = if first == "---" {
            "front matter must be TOML between `+++` lines; YAML `---` is not supported"
        } else {
            "this note has no front matter"
        };
        return Err(file.error(0..first.len(), message).hint(
            "start the file with a line `+++`, the TOML keys (e.g. `customer = \"Sarah\"`), and another line `+++`",
        ));
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Ok(Split {
                toml: &text[first_end..pos],
                toml_offset: first_end,
                body: &text[end..],
                body_offset: end,
            });
        }
        pos = end;
    }
    Err(file
        .error(0..3, "front matter opened here is never closed")
        .hint("add a line `+++` after the last front matter key"))
}

thread_local! {
    /// Set while this thread parses TOML, so the panic hook stays quiet about a
    /// parser panic that `parse_toml` turns into a content error.
    static PARSING_TOML: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A parse error: message and byte span in the TOML text.
type TomlError = (String, Option<Range<usize>>);

/// Parses TOML with `toml_edit`, turning a panic inside it into an error.
///
/// Found by fuzzing: toml_edit 0.23 (and 0.25) panics with "all items have spans"
/// on `a = =` followed by `a.b = 1`. A content file must end in an error, not a
/// crash, so a panic is caught and the error is taken from the `toml` crate's
/// parser, which reads the same text without the bug.
fn parse_toml(toml: &str) -> Result<toml_edit::Document<String>, TomlError> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PARSING_TOML.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    PARSING_TOML.with(|p| p.set(true));
    let parsed = std::panic::catch_unwind(|| toml_edit::Document::parse(toml.to_string()));
    PARSING_TOML.with(|p| p.set(false));
    match parsed {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err((e.message().to_string(), e.span())),
        Err(_) => match toml.parse::<toml::Table>() {
            Err(e) => Err((e.message().to_string(), e.span())),
            Ok(_) => Err(("this TOML could not be read".to_string(), None)),
        },
    }
}

/// Reads typed fields from TOML tables of one file, collecting every problem.
pub struct Fields<'a> {
    file: &'a SourceFile,
    offset: usize,
    /// Where "missing key" errors point: the opening fence or the file start.
    anchor: Range<usize>,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Known keys that an unknown key was taken for (`custmer` → `customer`): their
    /// "missing" error would only repeat the "did you mean" already given.
    misspelt: Vec<String>,
}

impl<'a> Fields<'a> {
    /// Parses `toml` (found at `offset` in `file`); a syntax error ends reading.
    pub fn parse(
        file: &'a SourceFile,
        toml: &str,
        offset: usize,
        anchor: Range<usize>,
    ) -> Result<(Self, toml_edit::Document<String>), Diagnostic> {
        match parse_toml(toml) {
            Ok(doc) => Ok((
                Fields {
                    file,
                    offset,
                    anchor,
                    diagnostics: Vec::new(),
                    misspelt: Vec::new(),
                },
                doc,
            )),
            Err((message, span)) => {
                let span = span.unwrap_or(0..0);
                let message = message.trim().trim_end_matches('.').to_string();
                Err(file
                    .error(span.start + offset..span.end + offset, format!("invalid TOML: {message}"))
                    .hint("front matter is TOML: `key = \"text\"`, `count = 3`, `date = 2026-08-14`, `list = [\"a\", \"b\"]`"))
            }
        }
    }

    fn span_of(&self, span: Option<Range<usize>>) -> Range<usize> {
        match span {
            Some(s) => s.start + self.offset..s.end + self.offset,
            None => self.anchor.clone(),
        }
    }

    fn value_span(&self, table: &dyn TableLike, key: &str) -> Range<usize> {
        let span = match table.get(key) {
            Some(Item::Value(v)) => v.span(),
            Some(item) => item.span(),
            None => None,
        };
        self.span_of(span)
    }

    fn key_span(&self, table: &dyn TableLike, key: &str) -> Range<usize> {
        self.span_of(table.key(key).and_then(|k| k.span()))
    }

    /// Records an error at a key's value.
    pub fn error_at(&mut self, table: &dyn TableLike, key: &str, message: String, hint: String) {
        let span = self.value_span(table, key);
        self.diagnostics
            .push(self.file.error(span, message).hint(hint));
    }

    /// Reports every key of `table` that is not in `known`.
    pub fn reject_unknown(&mut self, table: &dyn TableLike, what: &str, known: &[&str]) {
        for (key, _) in table.iter() {
            if known.contains(&key) {
                continue;
            }
            let list = known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = match did_you_mean(key, known.iter().copied()) {
                Some(suggestion) => {
                    if let Some(meant) = known
                        .iter()
                        .find(|k| suggestion.contains(&format!("`{k}`")))
                    {
                        self.misspelt.push(meant.to_string());
                    }
                    format!("{suggestion} Known keys: {list}")
                }
                None => format!("known keys: {list}"),
            };
            let span = self.key_span(table, key);
            self.diagnostics.push(
                self.file
                    .error(span, format!("unknown key `{key}` in {what}"))
                    .hint(hint),
            );
        }
    }

    fn value<'t>(&mut self, table: &'t dyn TableLike, key: &str) -> Option<&'t Value> {
        match table.get(key)? {
            Item::Value(v) => Some(v),
            Item::None => None,
            _ => {
                let span = self.key_span(table, key);
                self.diagnostics.push(
                    self.file
                        .error(span, format!("`{key}` must be a value, not a table"))
                        .hint(format!("write it as `{key} = ...`")),
                );
                None
            }
        }
    }

    fn wrong_type(&mut self, table: &dyn TableLike, key: &str, expected: &str, example: &str) {
        let span = self.value_span(table, key);
        self.diagnostics.push(
            self.file
                .error(span, format!("`{key}` must be {expected}"))
                .hint(format!("for example `{key} = {example}`")),
        );
    }

    /// A required key is missing (unless a misspelling of it was already reported).
    pub fn missing(&mut self, key: &str, what: &str, example: &str) {
        if self.misspelt.iter().any(|k| k == key) {
            return;
        }
        self.diagnostics.push(
            self.file
                .error(
                    self.anchor.clone(),
                    format!("missing required key `{key}` in {what}"),
                )
                .hint(format!("add `{key} = {example}` to the front matter")),
        );
    }

    /// An optional text value.
    pub fn string(&mut self, table: &dyn TableLike, key: &str) -> Option<String> {
        let value = self.value(table, key)?;
        match value.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.wrong_type(table, key, "text in quotes", "\"...\"");
                None
            }
        }
    }

    /// A required text value that is not blank.
    pub fn required_string(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        what: &str,
    ) -> Option<String> {
        if table.get(key).is_none() {
            self.missing(key, what, "\"...\"");
            return None;
        }
        let s = self.string(table, key)?;
        if s.trim().is_empty() {
            self.error_at(
                table,
                key,
                format!("`{key}` is empty"),
                format!("write the {key}, e.g. `{key} = \"Sarah\"`"),
            );
            return None;
        }
        Some(s.trim().to_string())
    }

    /// A list of text values.
    pub fn strings(&mut self, table: &dyn TableLike, key: &str) -> Option<Vec<String>> {
        let value = self.value(table, key)?;
        let list = value.as_array().and_then(|a| {
            a.iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        });
        if list.is_none() {
            self.wrong_type(table, key, "a list of texts", "[\"a\", \"b\"]");
        }
        list
    }

    /// A `YYYY-MM-DD` date, written as a TOML date (or a quoted one).
    pub fn date(&mut self, table: &dyn TableLike, key: &str) -> Option<NaiveDate> {
        let value = self.value(table, key)?;
        let parsed = match value {
            Value::Datetime(dt) => dt
                .value()
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            Value::String(s) => NaiveDate::parse_from_str(s.value().trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if parsed.is_none() {
            let shown = value.to_string();
            let span = self.value_span(table, key);
            self.diagnostics.push(
                self.file
                    .error(span, format!("bad date {} for `{key}`", shown.trim()))
                    .hint(format!(
                        "write the day as YYYY-MM-DD, e.g. `{key} = 2026-08-14`"
                    )),
            );
        }
        parsed
    }

    /// A whole number in `range`.
    pub fn integer(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        range: RangeInclusive<i64>,
    ) -> Option<i64> {
        let value = self.value(table, key)?;
        let Some(n) = value.as_integer() else {
            let example = range.start().to_string();
            self.wrong_type(
                table,
                key,
                &format!("a whole number from {} to {}", range.start(), range.end()),
                &example,
            );
            return None;
        };
        if !range.contains(&n) {
            self.error_at(
                table,
                key,
                format!("`{key}` is {n}, outside {}-{}", range.start(), range.end()),
                format!(
                    "use a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            );
            return None;
        }
        Some(n)
    }

    /// A number (integer or decimal).
    pub fn number(&mut self, table: &dyn TableLike, key: &str) -> Option<f64> {
        let value = self.value(table, key)?;
        match value {
            Value::Integer(i) => Some(*i.value() as f64),
            Value::Float(f) if f.value().is_finite() => Some(*f.value()),
            _ => {
                self.wrong_type(table, key, "a number", "1.5");
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, table: &dyn TableLike, key: &str) -> Option<bool> {
        let value = self.value(table, key)?;
        let b = value.as_bool();
        if b.is_none() {
            self.wrong_type(table, key, "true or false", "true");
        }
        b
    }

    /// One of a fixed set of words.
    pub fn choice<T: Copy>(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let value = self.value(table, key)?;
        let words = options.iter().map(|(w, _)| *w);
        let list = words
            .clone()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" | ");
        let Some(s) = value.as_str() else {
            self.wrong_type(
                table,
                key,
                &format!("one of {list}"),
                &format!("\"{}\"", options[0].0),
            );
            return None;
        };
        if let Some((_, v)) = options.iter().find(|(w, _)| *w == s) {
            return Some(*v);
        }
        let hint = match did_you_mean(s, words) {
            Some(suggestion) => format!("{suggestion} `{key}` is one of {list}"),
            None => format!("`{key}` is one of {list}"),
        };
        let span = self.value_span(table, key);
        self.diagnostics.push(
            self.file
                .error(span, format!("bad {key} \"{s}\""))
                .hint(hint),
        );
        None
    }

    /// A sub-table, `[name]` or an inline `{ ... }`.
    pub fn table<'t>(&mut self, table: &'t dyn TableLike, key: &str) -> Option<&'t dyn TableLike> {
        let item = table.get(key)?;
        let t = item.as_table_like();
        if t.is_none() {
            self.wrong_type(
                table,
                key,
                "a table",
                &format!("{{ ... }}` or a `[{key}]` section"),
            );
        }
        t
    }

    /// An array of tables, `[[name]]`.
    pub fn tables<'t>(
        &mut self,
        table: &'t dyn TableLike,
        key: &str,
    ) -> Option<Vec<&'t dyn TableLike>> {
        let item = table.get(key)?;
        if let Some(array) = item.as_array_of_tables() {
            return Some(array.iter().map(|t| t as &dyn TableLike).collect());
        }
        if let Some(array) = item.as_array() {
            let inline: Option<Vec<&dyn TableLike>> = array
                .iter()
                .map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
                .collect();
            if inline.is_some() {
                return inline;
            }
        }
        self.wrong_type(
            table,
            key,
            "a list of tables",
            &format!("...` under `[[{key}]]` headers"),
        );
        None
    }

    /// The file's span for a value, for errors found later (e.g. a `lead` naming nothing).
    pub fn span(&self, table: &dyn TableLike, key: &str) -> Range<usize> {
        self.value_span(table, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_parser_panic_is_a_located_error() {
        // The fuzzers' crash inputs (metrics and settings targets), minimised.
        for text in [
            "a = =\na.b = 1\n",
            "end = ==========20A2608(-20\nend. = ou\u{1}f= 21\n",
        ] {
            let file = SourceFile::new("x.toml".into(), text.to_string());
            let err = Fields::parse(&file, text, 0, 0..0).err().unwrap();
            assert!(err.message.starts_with("invalid TOML: "), "{}", err.message);
            assert!(err.line >= 1, "{err}");
        }
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("n.md".into(), text.to_string())
    }

    #[test]
    fn splits_crlf_front_matter() {
        let f = file("+++\r\ncustomer = \"A\"\r\n+++ \r\nbody\r\n");
        let s = split_front_matter(&f).unwrap();
        assert_eq!(s.toml, "customer = \"A\"\r\n");
        assert_eq!(s.body, "body\r\n");
        assert_eq!(&f.text[s.body_offset..], "body\r\n");
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening_fence() {
        let f = file("+++\ncustomer = \"A\"\nbody\n");
        let d = split_front_matter(&f).unwrap_err();
        assert_eq!((d.line, d.col), (1, 1));
        assert!(d.message.contains("never closed"));
    }

    #[test]
    fn yaml_front_matter_is_named() {
        let d = split_front_matter(&file("---\na: b\n---\n")).unwrap_err();
        assert!(d.message.contains("YAML"), "{}", d.message);
    }

    #[test]
    fn collects_every_problem_of_a_table() {
        let f = file("+++\ncustmer = \"A\"\nimpact = 9\ndate = 2026-02-31x\n+++\n");
        let s = split_front_matter(&f).unwrap();
        // a TOML syntax error is reported alone, at its place
        let err = Fields::parse(&f, s.toml, s.toml_offset, 0..3)
            .err()
            .unwrap();
        assert_eq!(err.line, 4);

        let f = file("+++\ncustmer = \"A\"\nimpact = 9\nbucket = \"fx\"\n+++\n");
        let s = split_front_matter(&f).unwrap();
        let (mut fields, doc) = Fields::parse(&f, s.toml, s.toml_offset, 0..3).unwrap();
        let t = doc.as_table();
        fields.reject_unknown(t, "a call note", &["customer", "impact", "bucket"]);
        fields.integer(t, "impact", 1..=5);
        fields.choice(t, "bucket", &[("fix", 0), ("fill", 1), ("future", 2)]);
        fields.required_string(t, "customer", "a call note");
        fields.required_string(t, "title", "a call note");
        let lines: Vec<_> = fields.diagnostics.iter().map(|d| (d.line, d.col)).collect();
        // `customer` is not also reported missing: "did you mean" already said it;
        // `title`, which nothing misspelt, is.
        assert_eq!(lines, vec![(2, 1), (3, 10), (4, 10), (1, 1)]);
        assert!(fields.diagnostics[3].message.contains("`title`"));
        assert!(fields.diagnostics[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `customer`?"));
        assert!(fields.diagnostics[2]
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `fix`?"));
    }

    #[test]
    fn dates_may_be_quoted_but_must_be_days() {
        let f = file("+++\na = 2026-08-14\nb = \"2026-08-15\"\nc = \"soon\"\n+++\n");
        let s = split_front_matter(&f).unwrap();
        let (mut fields, doc) = Fields::parse(&f, s.toml, s.toml_offset, 0..3).unwrap();
        let t = doc.as_table();
        assert_eq!(fields.date(t, "a"), NaiveDate::from_ymd_opt(2026, 8, 14));
        assert_eq!(fields.date(t, "b"), NaiveDate::from_ymd_opt(2026, 8, 15));
        assert_eq!(fields.date(t, "c"), None);
        assert_eq!(fields.diagnostics[0].line, 4);
    }
}
