//! Keeping private details out of the site: redaction, customer aliases, the audit
//! and the output guard.
//!
//! Three layers, so that a new output (search index, CSV, SVG labels, feeds) cannot
//! leak what the notes hold even if its author forgets about privacy:
//!
//! 1. **Redaction at load.** Every content file's text goes through
//!    [`Privacy::scrub`] right after it is read, before anything parses it, so every
//!    field derived from it (names, locations, segments, products, titles,
//!    write-ups, quotes, round goals, copy, review text) is already redacted. Each
//!    redaction is recorded for the audit by file, line and kind, never the secret.
//! 2. **Aliases.** With `publish = "wide"`, customer names become stable aliases
//!    ("Customer 7F3A"), in the model, in URLs derived from file names and in text.
//! 3. **The guard.** Every byte written to the output is checked against the exact
//!    secrets seen at load (redacted originals, `customer_id` values, real names when
//!    publishing wide); a hit stops the build before the site is swapped in.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use aho_corasick::AhoCorasick;
use hmac::{Hmac, Mac};
use regex::Regex;
use sha2::Sha256;

use crate::diagnostics::SourceFile;
use crate::model::{CustomerKey, Publish};

/// What replaces a redacted email.
pub const EMAIL_MARK: &str = "(email redacted)";
/// What replaces a redacted phone number.
pub const PHONE_MARK: &str = "(phone redacted)";
/// What replaces a redacted card number.
pub const CARD_MARK: &str = "(card number redacted)";
/// What replaces a match of a site pattern.
pub const PATTERN_MARK: &str = "(redacted)";
/// What replaces a `customer_id` value written in a note's text.
pub const CUSTOMER_ID_MARK: &str = "(customer id redacted)";

/// Every mark redaction leaves in text; each ends in `redacted)`.
pub const MARKS: [&str; 5] = [
    EMAIL_MARK,
    PHONE_MARK,
    CARD_MARK,
    PATTERN_MARK,
    CUSTOMER_ID_MARK,
];

/// The kind of a private detail, as the audit names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// The order is the precedence when two rules match the same text.
pub enum Kind {
    /// An email address.
    Email,
    /// A match of the n-th `[privacy] patterns` entry.
    Pattern(usize),
    /// A payment card number (13-19 digits passing the Luhn check).
    Card,
    /// A phone number.
    Phone,
    /// A `customer_id` value.
    CustomerId,
    /// A customer's real name (with `publish = "wide"`).
    CustomerName,
}

impl Kind {
    fn mark(self) -> &'static str {
        match self {
            Kind::Email => EMAIL_MARK,
            Kind::Phone => PHONE_MARK,
            Kind::Card => CARD_MARK,
            Kind::Pattern(_) => PATTERN_MARK,
            Kind::CustomerId => CUSTOMER_ID_MARK,
            Kind::CustomerName => "a customer",
        }
    }

    fn describe(self, patterns: &[Regex]) -> String {
        match self {
            Kind::Email => "email".into(),
            Kind::Phone => "phone number".into(),
            Kind::Card => "card number".into(),
            Kind::Pattern(i) => format!(
                "[privacy] pattern `{}`",
                patterns.get(i).map_or("", |p| p.as_str())
            ),
            Kind::CustomerId => "customer_id value".into(),
            Kind::CustomerName => "customer name".into(),
        }
    }
}

/// A line break inside one detail, as in a hard-wrapped note (`+44 20⏎> 7946 0777`):
/// the break with the next line's indent and blockquote markers. In Markdown it is a
/// soft break, so the page shows the detail whole.
const WRAP: &str = r"\r?\n[ \t]*(?:>[ \t]*)*";

/// The built-in rules, compiled once per process: `serve` makes a redactor on every
/// edit, and compiling them took 6 ms of a 75 ms reload of one note at 10,000 calls.
static BUILT_IN: std::sync::LazyLock<BuiltIn> = std::sync::LazyLock::new(BuiltIn::compile);

/// The compiled built-in rules of a [`Redactor`].
#[derive(Debug)]
struct BuiltIn {
    /// Emails on one line, and emails that may wrap right after their `@` (a break
    /// before it reads as a space before a handle, "me @dana.smith").
    email: [Regex; 2],
    phone: Regex,
    card: Regex,
    /// Digit groups written the way card numbers are (4-4-4-4, 4-6-5).
    card_layout: Regex,
    /// Digit runs on one line, and digit runs that may wrap between their groups.
    digit_run: [Regex; 2],
    digit_group: Regex,
    wrap: Regex,
    /// `@` and `.` written as entities or escaped, as in an email, and what they show.
    entities: [(Regex, &'static str); 2],
}

impl BuiltIn {
    fn compile() -> BuiltIn {
        let wrapped = |wrap: bool| {
            if wrap {
                format!("(?:{WRAP})?")
            } else {
                String::new()
            }
        };
        // `@` and `.` as Markdown may write them and pages show them: escaped (`\@`) or
        // as HTML entities (`&#64;`, `&#x40;`, `&commat;`).
        let at = r"(?:\\?@|&#0*64;|&#x0*40;|&commat;)";
        let dot = r"(?:\.|&#0*46;|&#x0*2e;|&period;)";
        let email = |wrap: bool| {
            let w = wrapped(wrap);
            Regex::new(&format!(
                r"(?i)\b[a-z0-9._%+-]+{at}{w}[a-z0-9-]+(?:{dot}[a-z0-9-]+)*{dot}[a-z]{{2,}}\b"
            ))
            .expect("email pattern")
        };
        // Digit groups (one may be bracketed: "(0)30", "(+44)") joined by single separators.
        let group = r"\(\+?\d{1,5}\)\d*|\d+";
        let digit_run = |wrap: bool| {
            let sep = if wrap {
                format!("(?:[ ./-]|{WRAP})")
            } else {
                "[ ./-]".to_string()
            };
            Regex::new(&format!(r"\+?(?:{group})(?:{sep}(?:{group}))*")).expect("digit run pattern")
        };
        BuiltIn {
            email: [email(false), email(true)],
            // Candidates only: international (+44 or (+44), with an optional "(0)"), a
            // bracketed area code, digit groups joined by separators, a North American
            // number with its leading 1, or one long block. `is_phone` then checks the
            // digit count and rules out dates and year ranges.
            phone: Regex::new(
                r"(?x)^(?:
                (?:\+\d{1,3}|\(\+\d{1,3}\))(?:[\ ./-]?\(\d{1,4}\))?(?:[\ ./-]?\d{1,8}){1,6}
                |\(\d{1,5}\)[\ ./-]?\d{2,8}(?:[\ ./-]\d{2,8}){0,4}
                |\d{2,5}(?:[\ ./-]\d{2,8}){1,4}
                |1[\ .-](?:\(\d{3}\)|\d{3})[\ .-]?\d{3}[\ .-]\d{4}
                |\d{10,11}
                )$",
            )
            .expect("phone pattern"),
            card: Regex::new(r"^\d(?:[\ -]?\d){12,18}$").expect("card pattern"),
            card_layout: Regex::new(
                r"^(?:\d{4}(?:[\ -]\d{4}){2,3}(?:[\ -]\d{1,3})?|\d{4}[\ -]\d{6}[\ -]\d{4,5})$",
            )
            .expect("card layout pattern"),
            digit_run: [digit_run(false), digit_run(true)],
            digit_group: Regex::new(group).expect("digit group pattern"),
            wrap: Regex::new(WRAP).expect("wrap pattern"),
            entities: [
                (Regex::new(&format!("(?i){at}")).expect("at pattern"), "@"),
                (Regex::new(&format!("(?i){dot}")).expect("dot pattern"), "."),
            ],
        }
    }
}

/// Finds and replaces private details in text.
#[derive(Debug, Clone)]
pub struct Redactor {
    enabled: bool,
    rules: &'static BuiltIn,
    patterns: Vec<Regex>,
}

impl Redactor {
    /// A redactor with the built-in rules and extra patterns; `enabled = false` passes text through.
    pub fn new(enabled: bool, patterns: Vec<Regex>) -> Self {
        Redactor {
            enabled,
            rules: &BUILT_IN,
            patterns,
        }
    }

    /// Every private detail in `text`: byte ranges, sorted and not overlapping. Text is
    /// prose: a detail may be wrapped over two lines (see [`Redactor::find_in`]).
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, Kind)> {
        self.find_in(text, true)
    }

    /// Every private detail in `text`; with `wrapped`, also details hard-wrapped at a
    /// line break (Markdown, where the break is a space), not in CSV or TOML files,
    /// whose lines are records.
    ///
    /// Emails and site patterns first; then card numbers and phone numbers inside
    /// runs of digit groups, each run tried from every group and at every length, so
    /// a phone next to a card or a year does not hide either (a single regex pass
    /// would skip past a too-long candidate and miss the real number inside it).
    pub fn find_in(&self, text: &str, wrapped: bool) -> Vec<(Range<usize>, Kind)> {
        if !self.enabled {
            return Vec::new();
        }
        let mut found: Vec<(Range<usize>, Kind)> = Vec::new();
        if text.contains('@') || text.contains("&#") || text.contains("&commat;") {
            found.extend(
                self.rules.email[usize::from(wrapped)]
                    .find_iter(text)
                    .map(|m| (m.range(), Kind::Email)),
            );
        }
        for (i, pattern) in self.patterns.iter().enumerate() {
            found.extend(
                pattern
                    .find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.range(), Kind::Pattern(i))),
            );
        }
        let mut found = non_overlapping(found);
        if text.bytes().filter(u8::is_ascii_digit).count() >= 7 {
            // Same-length masking keeps offsets and stops numbers inside emails or
            // order numbers from being found twice.
            let mut masked = text.as_bytes().to_vec();
            let mask = |masked: &mut Vec<u8>, ranges: &[(Range<usize>, Kind)]| {
                for (r, _) in ranges {
                    masked[r.clone()].fill(b'x');
                }
            };
            mask(&mut masked, &found);
            let masked_text = String::from_utf8(masked.clone()).expect("ASCII masking");
            let cards = self.numbers(&masked_text, Kind::Card, wrapped);
            mask(&mut masked, &cards);
            let masked_text = String::from_utf8(masked).expect("ASCII masking");
            let phones = self.numbers(&masked_text, Kind::Phone, wrapped);
            found.extend(cards);
            found.extend(phones);
            found.sort_by_key(|(r, k)| (r.start, r.end, *k));
        }
        found
    }

    /// Card or phone numbers in `text`: the longest valid span from each digit group on.
    fn numbers(&self, text: &str, kind: Kind, wrapped: bool) -> Vec<(Range<usize>, Kind)> {
        let mut out = Vec::new();
        for run in digit_runs(&self.rules.digit_run[usize::from(wrapped)], text) {
            let groups: Vec<Range<usize>> = self
                .rules
                .digit_group
                .find_iter(run.as_str())
                .map(|g| run.start() + g.start()..run.start() + g.end())
                .collect();
            // A line that starts with "10. " is a list item, not the rest of a number.
            let mut segments: Vec<&[Range<usize>]> = Vec::new();
            let mut from = 0;
            for k in 1..groups.len() {
                let gap = &text[groups[k - 1].end..groups[k].start];
                let after = &text[groups[k].end..];
                let list_item = after.starts_with(['.', ')'])
                    && after[1..].chars().next().is_none_or(char::is_whitespace);
                if gap.contains('\n') && list_item {
                    segments.push(&groups[from..k]);
                    from = k;
                }
            }
            segments.push(&groups[from..]);
            for (n, groups) in segments.into_iter().enumerate() {
                // A leading `+` belongs to the first group.
                let first = if n == 0 { run.start() } else { groups[0].start };
                self.numbers_in(text, groups, first, kind, &mut out);
            }
        }
        out
    }

    /// The numbers of one run of digit groups, the first starting at `first`.
    fn numbers_in(
        &self,
        text: &str,
        groups: &[Range<usize>],
        first: usize,
        kind: Kind,
        out: &mut Vec<(Range<usize>, Kind)>,
    ) {
        let mut i = 0;
        while i < groups.len() {
            let start = if i == 0 { first } else { groups[i].start };
            let mut taken = None;
            let mut digits = 0;
            let mut j = i;
            let mut ends = Vec::new();
            while j < groups.len() {
                digits += text[groups[j].clone()]
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .count();
                if digits > 19 {
                    break;
                }
                ends.push((j, digits));
                j += 1;
            }
            for &(j, digits) in ends.iter().rev() {
                let candidate = self.unwrapped(&text[start..groups[j].end]);
                let valid = match kind {
                    Kind::Card => {
                        (13..=19).contains(&digits)
                            && self.rules.card.is_match(&candidate)
                            // A number written as a card, from the start of its run, is
                            // hidden whole even when its check digit is wrong (misread on
                            // a call), rather than cut into a "phone" and a visible tail.
                            && (is_card(&candidate)
                                || i == 0
                                    && self.rules.card_layout.is_match(&candidate)
                                    && !all_years(&candidate))
                    }
                    _ => {
                        (7..=15).contains(&digits)
                            && is_phone(&candidate)
                            && self.rules.phone.is_match(&candidate)
                    }
                };
                if valid {
                    taken = Some(j);
                    out.push((start..groups[j].end, kind));
                    break;
                }
            }
            i = taken.map_or(i + 1, |j| j + 1);
        }
    }

    /// A candidate with each line break (and the markers after it) read as one space.
    fn unwrapped<'t>(&self, candidate: &'t str) -> Cow<'t, str> {
        if candidate.contains('\n') {
            self.rules.wrap.replace_all(candidate, " ")
        } else {
            Cow::Borrowed(candidate)
        }
    }

    /// An email as a page shows it: `sarah&#64;x.example` is `sarah@x.example` there.
    fn as_shown(&self, email: &str) -> String {
        let mut shown = email.to_string();
        for (form, plain) in &self.rules.entities {
            shown = form.replace_all(&shown, *plain).into_owned();
        }
        shown
    }

    /// The text with private details replaced; borrowed when nothing matched.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let found = self.find(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        Cow::Owned(replace(text, &edits(text, &found)))
    }

    /// Redacts into an owned string.
    pub fn redact_owned(&self, text: &str) -> String {
        self.redact(text).into_owned()
    }
}

/// What to replace for each detail found, and with what, each edit within one line: a
/// detail wrapped over lines has its mark on one line and its other parts removed,
/// each line break with its `>` markers kept, so a quote stays one quote. The mark goes
/// on the first line, unless another line holds nothing but its part: emptied, that
/// line would end the paragraph.
fn edits(text: &str, found: &[(Range<usize>, Kind)]) -> Vec<(Range<usize>, &'static str)> {
    let mut out = Vec::with_capacity(found.len());
    for (range, kind) in found {
        let pieces = lines_of(text, range.clone());
        let alone = |piece: &Range<usize>| {
            let line_start = text[..piece.start].rfind('\n').map_or(0, |i| i + 1);
            let rest = &text[piece.end..];
            let line_end = rest.find('\n').map_or(rest.len(), |i| i);
            text[line_start..piece.start]
                .trim_start_matches([' ', '\t', '>'])
                .is_empty()
                && rest[..line_end].trim().is_empty()
        };
        let marked = pieces.iter().skip(1).position(alone).map_or(0, |i| i + 1);
        for (i, piece) in pieces.into_iter().enumerate() {
            out.push((piece, if i == marked { kind.mark() } else { "" }));
        }
    }
    out
}

/// The parts of `range` on each line, without the line breaks and the indent and
/// blockquote markers that start the next lines.
fn lines_of(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut at = range.start;
    while let Some(i) = text[at..range.end].find('\n') {
        let end = at + i;
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        pieces.push(at..end);
        let rest = &text[at + i + 1..range.end];
        at = range.end - rest.trim_start_matches([' ', '\t', '>']).len();
    }
    pieces.push(at..range.end);
    pieces
}

fn replace(text: &str, edits: &[(Range<usize>, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, with) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Sorted by start, longest first; a range inside or across an earlier one is dropped.
fn non_overlapping(mut found: Vec<(Range<usize>, Kind)>) -> Vec<(Range<usize>, Kind)> {
    found.sort_by_key(|(r, k)| (r.start, std::cmp::Reverse(r.end), *k));
    let mut kept: Vec<(Range<usize>, Kind)> = Vec::with_capacity(found.len());
    for (range, kind) in found {
        if kept.last().is_none_or(|(last, _)| range.start >= last.end) {
            kept.push((range, kind));
        }
    }
    kept
}

/// Groups that are all years ("2019 2020 2021 2022"), not a phone or a card.
fn all_years(candidate: &str) -> bool {
    candidate
        .split([' ', '.', '-', '/'])
        .all(|y| y.len() == 4 && (y.starts_with("19") || y.starts_with("20")))
}

/// A candidate is a phone number when it has 7-15 digits and is not a date or a year range.
fn is_phone(candidate: &str) -> bool {
    let digits = candidate.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        return false;
    }
    // "030/1234569": one slash may part a national area code (with its trunk 0) from
    // the number; other slashes are dates and paths ("14/08/2026", "2026/08/14/123").
    let slashes = candidate.matches('/').count();
    if slashes > 1
        || slashes == 1
            && !["+", "(+", "0", "(0"]
                .iter()
                .any(|p| candidate.starts_with(p))
    {
        return false;
    }
    if candidate.starts_with('+') || candidate.starts_with('(') {
        return true;
    }
    let lens: Vec<usize> = candidate
        .split([' ', '.', '-', '/'])
        .map(str::len)
        .collect();
    // 2026-08-14, 14.08.2026, 2019-2024: dates and year ranges, not phones.
    let date_or_years =
        matches!(lens.as_slice(), [4, 2, 2] | [2, 2, 4] | [4, 4]) || all_years(candidate);
    !date_or_years && (digits >= 9 || lens.iter().all(|&l| l >= 3))
}

/// 13-19 digits (spaces and dashes allowed) passing the Luhn check, as card numbers do.
fn is_card(candidate: &str) -> bool {
    let digits: Vec<u32> = candidate.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// What scrubbing one file kept out of it: audit lines and the guard's secrets.
#[derive(Debug, Clone, Default)]
pub struct Redactions {
    audit: Vec<AuditEntry>,
    secrets: Vec<Secret>,
}

/// One line of the privacy audit: where something was kept out of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AuditEntry {
    /// The file, relative to the content folder, `/`-separated.
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: usize,
    /// What it was.
    pub kind: Kind,
    /// What it became, when that is not a fixed mark (an alias).
    pub replacement: Option<String>,
}

/// A secret the output must never contain, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Secret {
    text: String,
    kind: Kind,
    /// `file:line`.
    place: String,
}

/// The privacy rules of one build, and what they did.
#[derive(Debug)]
pub struct Privacy {
    redactor: Redactor,
    patterns: Vec<Regex>,
    /// Internal or wide.
    pub publish: Publish,
    alias_key: Vec<u8>,
    audit: Mutex<Vec<AuditEntry>>,
    secrets: Mutex<Vec<Secret>>,
}

/// Alias keys shorter than this are guessable; the alias would not hide a name.
const MIN_ALIAS_KEY: usize = 8;

impl Privacy {
    /// Rules from `[privacy]`: redaction on or off, extra patterns, publish mode and alias key.
    pub fn new(redact: bool, patterns: Vec<Regex>, publish: Publish, alias_key: &str) -> Self {
        Privacy {
            redactor: Redactor::new(redact, patterns.clone()),
            patterns,
            publish,
            alias_key: alias_key.as_bytes().to_vec(),
            audit: Mutex::new(Vec::new()),
            secrets: Mutex::new(Vec::new()),
        }
    }

    /// Whether an alias key is long enough to keep aliases from being reversed.
    pub fn alias_key_is_strong(key: &str) -> bool {
        key.len() >= MIN_ALIAS_KEY
    }

    /// The redactor, for text that was already scrubbed at its source.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Redacts a content file's text in place, before it is parsed, and records each
    /// redaction at its line. Lines starting with one of `keep_keys` (`customer_id`)
    /// are left as written; their values never reach the site, and are redacted where
    /// the file's text mentions them, in any case ("c-20001" for `C-20001`).
    /// Details may wrap over lines only in Markdown files: CSV and TOML lines are records.
    pub fn scrub(&self, file: &mut SourceFile, rel: &str, keep_keys: &[&str]) {
        let found = self.scrub_file(file, rel, keep_keys);
        self.remember(&found);
    }

    /// Adds what scrubbing a file found (perhaps in an earlier load) to the audit and
    /// the guard's secrets.
    pub fn remember(&self, found: &Redactions) {
        if found.audit.is_empty() && found.secrets.is_empty() {
            return;
        }
        let audit = found.audit.iter().cloned();
        self.audit.lock().expect("audit lock").extend(audit);
        let secrets = found.secrets.iter().cloned();
        self.secrets.lock().expect("secrets lock").extend(secrets);
    }

    /// [`Privacy::scrub`], returning what it found rather than remembering it.
    pub fn scrub_file(&self, file: &mut SourceFile, rel: &str, keep_keys: &[&str]) -> Redactions {
        let wrapped = rel.ends_with(".md") || rel.ends_with(".markdown");
        let mut found = self.redactor.find_in(&file.text, wrapped);
        let values = kept_values(&file.text, keep_keys);
        if !values.is_empty() {
            found.extend(mentions(&file.text, &values));
            found = non_overlapping(found);
        }
        if found.is_empty() {
            return Redactions::default();
        }
        let lines = LineIndex::new(&file.text);
        let mut kept = Vec::with_capacity(found.len());
        let mut audit = Vec::new();
        let mut secrets = Vec::new();
        for (range, kind) in found {
            let line = lines.line_of(range.start);
            if kept_value(&file.text[lines.start_of(line)..], keep_keys).is_some() {
                continue;
            }
            audit.push(AuditEntry {
                file: rel.to_string(),
                line,
                kind,
                replacement: None,
            });
            // As the pages would show a wrapped detail: joined by a line break or a space.
            let pieces: Vec<&str> = lines_of(&file.text, range.clone())
                .into_iter()
                .map(|r| &file.text[r])
                .collect();
            let mut forms = vec![pieces.join(" "), pieces.join("\n")];
            if kind == Kind::Email {
                forms.push(self.redactor.as_shown(&forms[0]));
            }
            for text in forms {
                secrets.push(Secret {
                    text,
                    kind,
                    place: format!("{rel}:{line}"),
                });
            }
            kept.push((range, kind));
        }
        if kept.is_empty() {
            return Redactions::default();
        }
        file.replace_ranges(edits(&file.text, &kept));
        Redactions { audit, secrets }
    }

    /// Records an entry made outside `scrub` (aliases, customer ids written in text).
    pub fn record(&self, entry: AuditEntry) {
        self.audit.lock().expect("audit lock").push(entry);
    }

    /// Adds a secret the output must not contain, e.g. a `customer_id` value or a real name.
    pub fn forbid(&self, text: &str, kind: Kind, place: String) {
        let text = text.trim();
        // Very short values (an id "7", a name "Al") would match innocent text.
        if text.chars().count() < 3 {
            return;
        }
        self.secrets.lock().expect("secrets lock").push(Secret {
            text: text.to_string(),
            kind,
            place,
        });
    }

    /// A customer's stable alias, "Customer 7F3A": a keyed hash of who they are, so the
    /// same customer has the same alias in every build and the alias does not reveal
    /// the name to anyone without the key. `digits` is 4 unless aliases collide.
    pub fn alias(&self, who: &CustomerKey, digits: usize) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.alias_key).expect("any key length");
        match who {
            CustomerKey::Id(id) => {
                mac.update(b"id\0");
                mac.update(id.as_bytes());
            }
            CustomerKey::NameAndPlace(name, place) => {
                mac.update(b"name\0");
                mac.update(name.as_bytes());
                mac.update(b"\0");
                mac.update(place.as_bytes());
            }
        }
        let hash = mac.finalize().into_bytes();
        let hex: String = hash.iter().map(|b| format!("{b:02X}")).collect();
        format!("Customer {}", &hex[..digits.min(hex.len())])
    }

    /// The audit, sorted: where each private detail was kept out, never the detail itself.
    pub fn audit(&self) -> Vec<AuditEntry> {
        let mut entries = self.audit.lock().expect("audit lock").clone();
        entries.sort();
        entries.dedup();
        entries
    }

    /// The audit as the text of `<out>.privacy.txt`.
    pub fn audit_text(&self, content: &Path, out: &Path) -> String {
        let entries = self.audit();
        let mut text = String::new();
        let _ = writeln!(
            text,
            "# verbatim privacy audit for {} (content: {})",
            out.display(),
            content.display()
        );
        let _ = writeln!(
            text,
            "# What was kept out of the site, by file and line; the details themselves are not repeated here."
        );
        let _ = writeln!(
            text,
            "# publish = \"{}\"; {} item(s)",
            self.publish.as_str(),
            entries.len()
        );
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for e in &entries {
            *counts.entry(e.kind.describe(&self.patterns)).or_default() += 1;
        }
        for (kind, n) in &counts {
            let _ = writeln!(text, "#   {n} {kind}");
        }
        for e in &entries {
            let place = if e.line == 0 {
                e.file.clone()
            } else {
                format!("{}:{}", e.file, e.line)
            };
            let _ = write!(text, "{place}: {}", e.kind.describe(&self.patterns));
            match &e.replacement {
                Some(r) => {
                    let _ = writeln!(text, " shown as \"{r}\"");
                }
                None => {
                    let _ = writeln!(text, " redacted");
                }
            }
        }
        text
    }

    /// The guard that checks every output file against the secrets seen so far.
    pub fn guard(&self) -> Guard {
        let mut secrets = self.secrets.lock().expect("secrets lock").clone();
        secrets.sort();
        secrets.dedup_by(|a, b| a.text == b.text);
        Guard::new(secrets)
    }
}

/// Where `<out>.privacy.txt` goes: beside the output folder, never inside it.
pub fn audit_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!("{name}.privacy.txt"))
}

/// Writes the audit beside the output folder (`public` gets `public.privacy.txt`),
/// through a temporary file so a killed build never leaves half an audit.
pub fn write_audit(out: &Path, text: &str) -> Result<(), crate::output::OutputError> {
    let path = audit_path(out);
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    let failed = |e: std::io::Error| crate::output::OutputError {
        path: path.clone(),
        message: format!("cannot write the privacy audit: {e}"),
    };
    std::fs::write(&tmp, text).map_err(failed)?;
    std::fs::rename(&tmp, &path).map_err(failed)
}

/// The value of a `key = value` line when it starts with one of `keys` (TOML: quoted
/// or bare, before any comment).
fn kept_value<'t>(line: &'t str, keys: &[&str]) -> Option<&'t str> {
    let line = line.split('\n').next().unwrap_or("").trim();
    let rest = keys
        .iter()
        .find_map(|k| line.strip_prefix(k)?.trim_start().strip_prefix('='))?
        .trim_start();
    let value = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
        _ => rest.split(['#', ' ', '\t']).next().unwrap_or(""),
    };
    Some(value.trim())
}

/// The values of the `keep_keys` lines of a file, 3 characters or longer (shorter ones
/// would match innocent text, as in [`Privacy::forbid`]).
fn kept_values(text: &str, keys: &[&str]) -> Vec<String> {
    if keys.is_empty() {
        return Vec::new();
    }
    let mut values: Vec<String> = text
        .split('\n')
        .filter_map(|line| kept_value(line, keys))
        .filter(|v| v.chars().count() >= 3)
        .map(str::to_ascii_lowercase)
        .collect();
    values.sort();
    values.dedup();
    values
}

/// Where `text` mentions one of `values` (lowercase) as a word, in any ASCII case.
fn mentions(text: &str, values: &[String]) -> Vec<(Range<usize>, Kind)> {
    // ASCII lowercasing keeps every byte offset, so matches index `text` itself.
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for value in values {
        for (at, _) in lower.match_indices(value.as_str()) {
            let end = at + value.len();
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            if !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric)
            {
                found.push((at..end, Kind::CustomerId));
            }
        }
    }
    found
}

/// Line numbers of byte offsets in one text, in O(log n) each.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    fn start_of(&self, line: usize) -> usize {
        self.starts[line - 1]
    }
}

/// Secrets this long or longer count in another case too.
const MIN_CASELESS: usize = 5;

/// The matches of `pattern`, a digit-run pattern (every match starts with `+`, `(`
/// or a digit), in `text`: the same as its `find_iter`, but searched for only from
/// those bytes. The regex engine would read every byte of every note through its
/// automaton to find the few numbers in it.
fn digit_runs<'t>(pattern: &'t Regex, text: &'t str) -> impl Iterator<Item = regex::Match<'t>> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let skipped = bytes[at..]
            .iter()
            .position(|&b| b.is_ascii_digit() || b == b'+' || b == b'(')?;
        let found = pattern.find_at(text, at + skipped)?;
        // A run is never empty; this only guards the loop.
        at = found.end().max(found.start() + 1).min(bytes.len());
        Some(found)
    })
}

/// Checks output bytes for secrets seen at load: the exact text and its HTML-escaped
/// form, and, except for names, the same text in another case as a word ("c-20001"
/// for `C-20001`), since redaction finds those too.
#[derive(Debug)]
pub struct Guard {
    matcher: Option<AhoCorasick>,
    /// For each pattern of `matcher`: the needle as written, and the secret it stands for.
    needles: Vec<(String, Secret)>,
}

impl Guard {
    fn new(secrets: Vec<Secret>) -> Self {
        let mut needles: Vec<(String, Secret)> = Vec::new();
        let mut seen = BTreeSet::new();
        for s in secrets {
            let escaped = crate::render::theme::escape_html(&s.text);
            for needle in [s.text.clone(), escaped] {
                if seen.insert(needle.clone()) {
                    needles.push((needle, s.clone()));
                }
            }
        }
        // Overlapping matches, so a needle matched in another case (and let through)
        // cannot hide an exact one that overlaps it.
        let matcher = (!needles.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(needles.iter().map(|(n, _)| n))
                .expect("literal secrets")
        });
        Guard { matcher, needles }
    }

    /// A guard that lets everything through (no secrets known).
    pub fn none() -> Self {
        Guard {
            matcher: None,
            needles: Vec::new(),
        }
    }

    /// `Err(what leaked, from where, and what to do)` when `bytes`, or the path `rel` of
    /// the output file they are written to, hold a secret. The message never repeats it.
    /// Names only count as whole words in their own case, so "Will" does not stop a page
    /// saying "will".
    pub fn check(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let Some(matcher) = &self.matcher else {
            return Ok(());
        };
        // Scripts and style sheets are the theme's code: `Date` there is not a customer.
        let code = rel.ends_with(".js") || rel.ends_with(".css");
        for (in_path, hay) in [(true, rel.as_bytes()), (false, bytes)] {
            for m in matcher.find_overlapping_iter(hay) {
                let (needle, secret) = &self.needles[m.pattern().as_usize()];
                let exact = &hay[m.range()] == needle.as_bytes();
                let word =
                    is_boundary(hay, m.start().checked_sub(1)) && is_boundary(hay, Some(m.end()));
                // In another case, short values ("c-1") are as likely CSS classes, SVG
                // path data or words as the id; long ones are the id.
                let leak = if secret.kind == Kind::CustomerName {
                    exact && word && !code
                } else {
                    exact || word && !code && needle.len() >= MIN_CASELESS
                };
                if leak {
                    return Err(leak_message(rel, in_path, secret));
                }
            }
        }
        Ok(())
    }
}

/// The guard's error: which output file, what kind of detail from where (never the
/// detail), and how to find the spelling that got past redaction. One line: it is
/// shown as a diagnostic's message, where line breaks are escaped.
fn leak_message(rel: &str, in_path: bool, secret: &Secret) -> String {
    let place = &secret.place;
    let (what, help) = match secret.kind {
        Kind::CustomerId => (
            format!("a customer_id value (the one given in {place})"),
            format!(
                "a note mentions it in a form that was not recognised (another case, other separators, split over lines, HTML entities), or a static file or template holds it; write it exactly as {place} does, so that it is redacted, or leave it out"
            ),
        ),
        Kind::CustomerName => (
            format!("a customer name (of {place})"),
            format!(
                "with publish = \"wide\", a name is replaced by its alias where it is written as the `customer` of {place} is; this one is written another way (another case, a static file or template): write it that way, or leave it out"
            ),
        ),
        kind => {
            let kind = match kind {
                Kind::Pattern(_) => "match of a [privacy] pattern".to_string(),
                k => k.describe(&[]),
            };
            (
                format!("a {kind} that was redacted at {place}"),
                format!(
                    "a note, static file or template writes this {kind} in a form redaction did not recognise (split over lines, other separators or case, HTML entities); look it up at {place}, search the content folder for other spellings of it and write them as {place} does, or add a `[privacy] patterns` entry that matches them"
                ),
            )
        }
    };
    let file = if in_path {
        format!("the path of `{rel}`")
    } else {
        format!("`{rel}`")
    };
    format!(
        "privacy guard: {file} would contain {what}; the build was stopped and the previous site left as it was. To fix it: {help}"
    )
}

fn is_boundary(hay: &[u8], at: Option<usize>) -> bool {
    match at.and_then(|i| hay.get(i)) {
        None => true,
        Some(b) => !(b.is_ascii_alphanumeric() || *b >= 0x80),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Redactor {
        Redactor::new(true, vec![Regex::new(r"ORD-\d{5,}").unwrap()])
    }

    #[test]
    fn digit_runs_are_the_patterns_matches() {
        // A deterministic walk over strings of digits, separators, brackets, line
        // breaks (the wrapped pattern joins numbers across them) and letters.
        let alphabet = crate::test_strings::chars("0123456789 .-/()+\n> ax");
        for text in crate::test_strings::strings(&alphabet, "", 23, 20_000, 0x9E37_79B9_7F4A_7C15) {
            for pattern in &BUILT_IN.digit_run {
                let ours: Vec<_> = digit_runs(pattern, &text).map(|m| m.range()).collect();
                let theirs: Vec<_> = pattern.find_iter(&text).map(|m| m.range()).collect();
                assert_eq!(ours, theirs, "{text:?}");
            }
        }
    }

    #[test]
    fn redacts_emails_and_phones_in_many_formats() {
        let cases = [
            "mail me at jenna.r@example.com please",
            "call (602) 555-0143 tonight",
            "call 602-555-0143 tonight",
            "call 602.555.0143 tonight",
            "call +1 602 555 0143 tonight",
            "ring +44 20 7946 0958 tonight",
            "ring 020 7946 0958 tonight",
            "ring +4915112345678 tonight",
            "ring 06 12 34 56 78 tonight",
            "ring +33 6 12 34 56 78 tonight",
            "ring +49 (0)30 1234567 tonight",
            "ring 6025550143 tonight",
        ];
        for case in cases {
            let out = r().redact_owned(case);
            assert!(
                !out.chars().any(|c| c.is_ascii_digit()) && !out.contains('@'),
                "{case} -> {out}"
            );
            assert!(out.contains("redacted"), "{case} -> {out}");
        }
    }

    #[test]
    fn redacts_card_numbers_that_pass_luhn() {
        for case in [
            "card 4111 1111 1111 1111 declined",
            "card 4111-1111-1111-1111 declined",
            "card 4111111111111111 declined",
            "amex 3782 822463 10005 ok",
        ] {
            let out = r().redact_owned(case);
            assert!(out.contains(CARD_MARK), "{case} -> {out}");
            assert!(!out.chars().any(|c| c.is_ascii_digit()), "{case} -> {out}");
        }
        // 16 digits failing Luhn are not a card (they may still look like a phone).
        assert!(!r().redact_owned("ref 4111111111111112").contains(CARD_MARK));
    }

    #[test]
    fn numbers_side_by_side_are_each_found() {
        // Found by the property test: a phone, two cards and a date in a row. A single
        // regex pass took "555-0143 4111-1111-…" as one too-long candidate and let the
        // phone and half a card through.
        let text = "(602) 555-0143 4111-1111-1111-1111 4111-1111-1111-1111 2026-08-14";
        assert_eq!(
            r().redact_owned(text),
            "(phone redacted) (card number redacted) (card number redacted) 2026-08-14"
        );
        assert_eq!(
            r().redact_owned("in 2019 2020 2021 2022 I moved"),
            "in 2019 2020 2021 2022 I moved"
        );
        assert_eq!(
            r().redact_owned("mail ann2026@x.example or ORD-5550143"),
            "mail (email redacted) or (redacted)"
        );
    }

    #[test]
    fn keeps_dates_sizes_prices_and_years() {
        for case in [
            "on 2026-08-14 she ran 20 miles",
            "size 10.5 for $129.99",
            "from 2019-2024 I bought 3 pairs",
            "ordered 2 on 14.08.2026",
            "logo@2x is not an email",
        ] {
            assert_eq!(r().redact_owned(case), case);
        }
    }

    #[test]
    fn applies_site_patterns_and_can_be_off() {
        assert_eq!(
            r().redact_owned("order ORD-123456 late"),
            "order (redacted) late"
        );
        let off = Redactor::new(false, vec![]);
        assert_eq!(off.redact_owned("a@b.co"), "a@b.co");
    }

    #[test]
    fn scrub_records_lines_and_keeps_customer_id() {
        let p = Privacy::new(true, vec![], Publish::Internal, "");
        let mut file = SourceFile::new(
            "x.md".into(),
            "+++\ncustomer_id = \"602-555-0143\"\n+++\nmail a@b.co\n\nor 602 555 0199\n".into(),
        );
        p.scrub(&mut file, "calls/x.md", &["customer_id"]);
        assert!(file.text.contains("602-555-0143"), "{}", file.text);
        assert!(!file.text.contains("a@b.co") && !file.text.contains("0199"));
        let lines: Vec<(usize, Kind)> = p.audit().iter().map(|e| (e.line, e.kind)).collect();
        assert_eq!(lines, [(4, Kind::Email), (6, Kind::Phone)]);
        let audit = p.audit_text(Path::new("content"), Path::new("public"));
        assert!(audit.contains("calls/x.md:4: email redacted"), "{audit}");
        assert!(!audit.contains("a@b.co"), "{audit}");
    }

    #[test]
    fn guard_finds_secrets_raw_and_escaped_and_names_as_words() {
        let p = Privacy::new(true, vec![], Publish::Wide, "a long secret key");
        p.forbid("O'Neil", Kind::CustomerName, "calls/a.md:2".into());
        p.forbid("Will", Kind::CustomerName, "calls/b.md:2".into());
        p.forbid("C-10482", Kind::CustomerId, "calls/b.md:3".into());
        let g = p.guard();
        assert!(g.check("a.html", b"<p>O&#x27;Neil said</p>").is_err());
        assert!(g.check("a.html", b"we will see; Willow").is_ok());
        assert!(g.check("a.html", b"Will said").is_err());
        assert!(g.check("a.html", b"id C-10482x").is_err());
        assert!(g.check("calls/2026-Will/index.html", b"").is_err());
    }

    /// `text` scrubbed as the call note `calls/x.md`, with its privacy rules.
    fn scrubbed(text: &str) -> (SourceFile, Privacy) {
        let p = Privacy::new(true, vec![], Publish::Internal, "");
        let mut file = SourceFile::new("content/calls/x.md".into(), text.into());
        p.scrub(&mut file, "calls/x.md", &["customer_id"]);
        (file, p)
    }

    #[test]
    fn a_phone_wrapped_over_quote_lines_is_redacted_and_the_quote_kept_whole() {
        let (file, p) = scrubbed("> Call me back on +44 20\n> 7946 0777 any time. #wide-fit\n");
        assert_eq!(
            &*file.text,
            "> Call me back on (phone redacted)\n>  any time. #wide-fit\n"
        );
        assert_eq!(p.audit().len(), 1);
        assert!(p
            .guard()
            .check("a.html", b"on +44 20\n7946 0777 any")
            .is_err());
        assert!(p
            .guard()
            .check("a.json", b"on +44 20 7946 0777 any")
            .is_err());
        // CRLF, nested quotes and indents; a line left with nothing else takes the mark.
        let (file, _) = scrubbed("x\r\n  > > ring 020 7946\r\n  > > 0958\r\n  > > ok\r\n");
        assert_eq!(
            &*file.text,
            "x\r\n  > > ring \r\n  > > (phone redacted)\r\n  > > ok\r\n"
        );
        let (file, _) =
            scrubbed("> Mail sarah@\n> wrapped.example or\n> sarah@\n> wrapped.example\n");
        assert_eq!(
            &*file.text,
            "> Mail (email redacted)\n>  or\n> \n> (email redacted)\n"
        );
        assert_eq!(
            r().redact_owned("ring +1 602\n555 0143 now"),
            "ring (phone redacted)\n now"
        );
    }

    #[test]
    fn line_breaks_join_numbers_only_where_they_are_soft() {
        // A list item starts a new block; CSV and TOML lines are records.
        for text in ["on 2026-08-14\n10. Returned", "on 2026-08-14\n10) Returned"] {
            assert_eq!(r().redact_owned(text), text);
        }
        let p = Privacy::new(true, vec![], Publish::Internal, "");
        let csv = "date,orders\n2026-09-30,1840\n2026-10-31,1902\n";
        let mut file = SourceFile::new("reviews/r.csv".into(), csv.into());
        p.scrub(&mut file, "reviews/r.csv", &[]);
        assert_eq!(&*file.text, csv);
        // Two paragraphs are two things.
        assert_eq!(
            r().redact_owned("+44 20\n\n7946 0777"),
            "+44 20\n\n7946 0777"
        );
    }

    #[test]
    fn redacts_national_formats_with_slashes_brackets_and_trunk_prefixes() {
        for case in [
            "030/1234569",
            "(030) 1234570",
            "(+44) 20 7946 0111",
            "1-800-555-0199",
            "1 (800) 555-0199",
            "+49 30/1234569",
        ] {
            assert_eq!(
                r().redact_owned(&format!("ring {case} now")),
                "ring (phone redacted) now",
                "{case}"
            );
        }
        for kept in [
            "on 14/08/2026 or 2026/08/14",
            "see https://shop.example/2026/08/14/123456 for it",
            "from 2019/2020 on, size 10/11, open 24/7",
            "1/2 of 1200",
        ] {
            assert_eq!(r().redact_owned(kept), kept);
        }
    }

    #[test]
    fn redacts_emails_written_with_entities_or_escapes() {
        for case in [
            "sarah&#64;entity.example",
            "sarah&#x40;entity.example",
            "sarah&#X40;entity.example",
            "sarah&commat;entity.example",
            "sarah\\@entity.example",
            "sarah&#64;entity&#46;example",
        ] {
            assert_eq!(
                r().redact_owned(&format!("mail {case} now")),
                "mail (email redacted) now",
                "{case}"
            );
        }
        assert_eq!(r().redact_owned("Q&A: 5&#64;"), "Q&A: 5&#64;");
        // The guard knows the address as pages show it.
        let (_, p) = scrubbed("x\nmail sarah&#x40;entity&period;example\n");
        assert!(p.guard().check("a.html", b"sarah@entity.example").is_err());
    }

    #[test]
    fn a_number_written_as_a_card_is_hidden_whole_even_failing_luhn() {
        for case in [
            "4111 1111 1111 1117",
            "4111-1111-1111-1117",
            "3782 822463 10006",
        ] {
            assert_eq!(
                r().redact_owned(&format!("card {case} declined")),
                "card (card number redacted) declined",
                "{case}"
            );
        }
        assert_eq!(
            r().redact_owned("4111 1111 1111 1117 2026-08-14"),
            "(card number redacted) 2026-08-14"
        );
        // Written in one block, it is no card and no phone: left whole as well.
        assert_eq!(
            r().redact_owned("ref 4111111111111117"),
            "ref 4111111111111117"
        );
    }

    #[test]
    fn a_customer_id_written_in_another_case_is_redacted_and_guarded() {
        let (file, p) = scrubbed(
            "+++\ncustomer_id = \"C-20001\" # ours\n+++\nMy id is c-20001, or C-20001; not xc-20001.\n",
        );
        assert!(
            file.text.contains("customer_id = \"C-20001\""),
            "{}",
            file.text
        );
        assert!(
            file.text.ends_with(
                "My id is (customer id redacted), or (customer id redacted); not xc-20001.\n"
            ),
            "{}",
            file.text
        );
        let kinds: Vec<(usize, Kind)> = p.audit().iter().map(|e| (e.line, e.kind)).collect();
        assert_eq!(kinds, [(4, Kind::CustomerId)]);
        let p = Privacy::new(true, vec![], Publish::Internal, "");
        p.forbid("C-20001", Kind::CustomerId, "calls/a.md".into());
        let g = p.guard();
        assert!(g.check("a.html", b"id c-20001.").is_err());
        assert!(g.check("a.html", b"id C-20001x").is_err());
        // Another case inside a word, or in the theme's code, is not that id.
        assert!(g.check("a.html", b"abc-20001x").is_ok());
        assert!(g.check("a.css", b".c-20001 {}").is_ok());
        p.forbid("C-7", Kind::CustomerId, "calls/b.md".into());
        let g = p.guard();
        assert!(g.check("a.svg", b"<path d=\"M1 2 c-7 3\"/>").is_ok());
        assert!(g.check("a.html", b"id C-7.").is_err());
    }

    #[test]
    fn errors_on_a_redacted_line_give_the_column_of_the_file_as_written() {
        let line =
            "> Mail me at tommy.long.address@example.com or +44 20 7946 0958 please. #gift-cardz";
        let (file, _) = scrubbed(&format!("{}{line}\n", "\n".repeat(9)));
        let at = file.text.find("#gift-cardz").unwrap();
        let d = file.error(at..at + 11, "unknown opportunity");
        assert_eq!((d.line, d.col), (10, 73));
        let shown = d.to_string();
        assert!(shown.contains(":10:73: error"), "{shown}");
        assert!(
            shown.contains(
                "10 | > Mail me at (email redacted) or (phone redacted) please. #gift-cardz\n"
            ),
            "{shown}"
        );
        assert!(
            !shown.contains("tommy") && !shown.contains("7946"),
            "{shown}"
        );
    }

    #[test]
    fn the_guard_names_the_page_the_kind_and_what_to_do_never_the_secret() {
        let (_, p) = scrubbed("x\nring +44 20 7946 0958\n");
        let g = p.guard();
        let e = g
            .check("opportunities/index.html", b"<p>+44 20 7946 0958</p>")
            .unwrap_err();
        assert!(
            e.starts_with("privacy guard: `opportunities/index.html` would contain a phone number that was redacted at calls/x.md:2;"),
            "{e}"
        );
        assert!(
            e.contains(". To fix it: ") && e.contains("[privacy] patterns"),
            "{e}"
        );
        assert!(
            !e.contains('\n'),
            "one line, as diagnostics show messages: {e}"
        );
        assert!(!e.contains("7946"), "{e}");
        let e = g
            .check("calls/+44 20 7946 0958/index.html", b"")
            .unwrap_err();
        assert!(e.contains("the path of `calls/"), "{e}");
    }

    #[test]
    fn aliases_are_stable_keyed_and_distinct() {
        let p = Privacy::new(true, vec![], Publish::Wide, "key one, long enough");
        let q = Privacy::new(true, vec![], Publish::Wide, "key two, long enough");
        let sarah = CustomerKey::NameAndPlace("sarah".into(), "phoenix, az".into());
        let luis = CustomerKey::Id("C-1".into());
        assert_eq!(p.alias(&sarah, 4), p.alias(&sarah, 4));
        assert_ne!(p.alias(&sarah, 4), p.alias(&luis, 4));
        assert_ne!(p.alias(&sarah, 8), q.alias(&sarah, 8));
        assert!(p.alias(&sarah, 4).starts_with("Customer "));
        assert_eq!(p.alias(&sarah, 4).len(), "Customer ".len() + 4);
    }
}
