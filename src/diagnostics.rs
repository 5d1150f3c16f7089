//! Content errors and warnings: where they are, what is wrong, how to fix it.
//!
//! Every problem found in the content folder becomes a [`Diagnostic`] carrying its
//! file, line and column. They are collected over the whole build and printed once,
//! as `path:line:col: error: message`, a caret snippet and a hint.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; `--deny-warnings` makes it fail.
    Warning,
}

/// One located problem in the content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user names it (the content folder joined with its relative path).
    pub path: PathBuf,
    /// 1-based line, 0 when the problem has no position in the file.
    pub line: usize,
    /// 1-based column in characters of the file as written, 0 when the problem has no position.
    pub col: usize,
    /// The text of the offending line, for the snippet (redacted, so never a secret).
    pub source_line: String,
    /// 1-based column of the problem in `source_line`, where the caret goes. It differs
    /// from `col` on a line where redaction replaced text before the problem.
    pub snippet_col: usize,
    /// How many columns the caret underlines.
    pub width: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file or folder, with no position inside it.
    pub fn at_file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line: 0,
            col: 0,
            source_line: String::new(),
            snippet_col: 0,
            width: 0,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Makes this a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    fn sort_key(&self) -> (&Path, usize, usize, &str) {
        (&self.path, self.line, self.col, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = visible(&self.path.to_string_lossy()).into_owned();
        let message = visible(&self.message);
        if self.line == 0 {
            writeln!(f, "{path}: {label}: {message}")?;
        } else {
            writeln!(f, "{path}:{}:{}: {label}: {message}", self.line, self.col,)?;
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let tabs = self.source_line.replace('\t', " ");
            let shown = visible(&tabs);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            let before: String = tabs
                .chars()
                .take(self.snippet_col.saturating_sub(1))
                .collect();
            let before = visible(&before);
            writeln!(
                f,
                "{pad} | {}{}",
                " ".repeat(before.width()),
                "^".repeat(self.width.max(1))
            )?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Whether a character would be invisible or reorder text on a terminal: controls,
/// zero-width characters and bidirectional overrides ("Trojan Source").
pub fn is_hidden_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{061c}' | '\u{feff}' | '\u{00ad}')
}

/// Text with hidden characters written as `<U+202E>`, so a message shows what is really there.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if is_hidden_char(c) {
                    format!("<U+{:04X}>", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A file's text with the name to report it by; turns byte spans into diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file as the user names it.
    pub path: PathBuf,
    /// The text, with any UTF-8 byte order mark removed, and redacted once read.
    /// Shared: a call's body is a slice of it ([`crate::model::Body`]).
    pub text: Arc<str>,
    /// The replacements redaction made in `text`, in order, so that positions are
    /// reported in the file as written ("(email redacted)" is not as long as the email).
    edits: Vec<Edit>,
}

/// One replacement in a file's text, on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    /// Where the replacement starts in `text`.
    at: usize,
    /// Its length in bytes in `text`.
    len: usize,
    /// Characters it has.
    chars: usize,
    /// Characters the text it replaced had in the file as written.
    written_chars: usize,
}

impl SourceFile {
    /// Wraps a file's text, dropping a byte order mark.
    pub fn new(path: PathBuf, mut text: String) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        SourceFile {
            path,
            text: text.into(),
            edits: Vec::new(),
        }
    }

    /// Replaces byte ranges of the text (sorted, not overlapping, each within one line)
    /// and remembers where, so diagnostics still give the column of the file as
    /// written. Called once per file, by redaction, before anything parses the text.
    pub fn replace_ranges<'r>(
        &mut self,
        replacements: impl IntoIterator<Item = (Range<usize>, &'r str)>,
    ) {
        // Later edits would have to be mapped through earlier ones; nothing needs that.
        debug_assert!(self.edits.is_empty(), "a file's text is redacted once");
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for (range, with) in replacements {
            let written = &self.text[range.clone()];
            // Columns are counted per line: an edit must leave the lines as they were.
            debug_assert!(!written.contains('\n') && !with.contains('\n'));
            out.push_str(&self.text[at..range.start]);
            self.edits.push(Edit {
                at: out.len(),
                len: with.len(),
                chars: with.chars().count(),
                written_chars: written.chars().count(),
            });
            out.push_str(with);
            at = range.end;
        }
        out.push_str(&self.text[at..]);
        self.text = out.into();
    }

    /// The 1-based column, in the file as written, of byte `at` of `text` on the line
    /// starting at `line_start`. Inside a replacement, the column where it starts.
    fn written_col(&self, line_start: usize, at: usize) -> usize {
        let first = self.edits.partition_point(|e| e.at < line_start);
        let mut col = self.text[line_start..at].chars().count() as isize + 1;
        for e in self.edits[first..].iter().take_while(|e| e.at <= at) {
            if e.at + e.len <= at {
                col += e.written_chars as isize - e.chars as isize;
            } else {
                col -= self.text[e.at..at].chars().count() as isize;
            }
        }
        col.max(1) as usize
    }

    /// An error at a byte span of this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let line = self.text[..start].matches('\n').count() + 1;
        let snippet_col = self.text[line_start..start].chars().count() + 1;
        let col = self.written_col(line_start, start);
        let end = floor_char_boundary(&self.text, span.end.clamp(start, line_end));
        let width = self.text[start..end].width().max(1);
        Diagnostic {
            severity: Severity::Error,
            path: self.path.clone(),
            line,
            col,
            source_line: line_text.to_string(),
            snippet_col,
            width,
            message: message.into(),
            hint: None,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The diagnostics of one build, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// All of them, sorted by file, line and column.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then(a.severity.cmp(&b.severity))
        });
        self.items.dedup();
        self.items
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// "did you mean `x`?" for a misspelt key, tag or value, when one candidate is close:
/// within a third of its length in edits (at least one), or sharing most of its letters.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let word = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let edits = strsim::levenshtein(&word, &lower);
        let close = edits <= (lower.chars().count() / 3).max(1)
            || strsim::jaro_winkler(&word, &lower) > 0.9;
        if close && best.is_none_or(|(e, c)| (edits, candidate) < (e, c)) {
            best = Some((edits, candidate));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_points_at_line_and_column() {
        let file = SourceFile::new("a.md".into(), "+++\nfoo = 1\ncustmer = \"x\"\n".into());
        let d = file.error(12..19, "unknown key `custmer`");
        assert_eq!((d.line, d.col, d.width), (3, 1, 7));
        let shown = d.to_string();
        assert!(
            shown.starts_with("a.md:3:1: error: unknown key `custmer`\n"),
            "{shown}"
        );
        assert!(
            shown.contains("3 | custmer = \"x\"\n  | ^^^^^^^\n"),
            "{shown}"
        );
    }

    #[test]
    fn bom_is_dropped_and_crlf_lines_are_trimmed() {
        let file = SourceFile::new("a.md".into(), "\u{feff}+++\r\nx = 1\r\n".into());
        assert!(file.text.starts_with("+++"));
        let d = file.error(5..6, "m");
        assert_eq!((d.line, d.col), (2, 1));
        assert_eq!(d.source_line, "x = 1");
    }

    #[test]
    fn columns_are_the_written_files_and_the_caret_follows_the_redacted_line() {
        let written = "x\n> Mail é@x.co or +44 20 7946 0958 now. #bad\n> 7946 0777 ok #worse\n";
        let mut file = SourceFile::new("a.md".into(), written.into());
        let email = written.find("é@").unwrap();
        let phone = written.find("+44").unwrap();
        let wrapped = written.find("7946 0777").unwrap();
        file.replace_ranges([
            (email..email + "é@x.co".len(), "(email redacted)"),
            (phone..phone + "+44 20 7946 0958".len(), "(phone redacted)"),
            (wrapped..wrapped + "7946 0777".len(), ""),
        ]);
        assert_eq!(
            &*file.text,
            "x\n> Mail (email redacted) or (phone redacted) now. #bad\n>  ok #worse\n"
        );
        let at = |needle: &str| {
            let i = file.text.find(needle).unwrap();
            file.error(i..i + needle.len(), "m")
        };
        let d = at("#bad");
        // Column 40 in the file as written; the caret still sits under the tag as shown.
        assert_eq!((d.line, d.col, d.snippet_col), (2, 40, 50));
        let shown = d.to_string();
        assert!(shown.starts_with("a.md:2:40: error: m\n"), "{shown}");
        assert!(
            shown.contains(&format!("\n  | {}^^^^\n", " ".repeat(49))),
            "{shown}"
        );
        assert!(
            !shown.contains("7946") && !shown.contains("x.co"),
            "{shown}"
        );
        assert_eq!((at("#worse").line, at("#worse").col), (3, 16));
        // Inside a replacement: the column where the redacted text started.
        assert_eq!(at("redacted) or").col, 8);
        assert_eq!(at("ok").col, 13);
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("custmer", ["customer", "location"]).as_deref(),
            Some("did you mean `customer`?")
        );
        assert_eq!(did_you_mean("zzz", ["customer", "location"]), None);
    }
}
