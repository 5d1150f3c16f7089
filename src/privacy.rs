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

/// Finds and replaces private details in text.
#[derive(Debug, Clone)]
pub struct Redactor {
    enabled: bool,
    email: Regex,
    phone: Regex,
    card: Regex,
    digit_run: Regex,
    digit_group: Regex,
    patterns: Vec<Regex>,
}

impl Redactor {
    /// A redactor with the built-in rules and extra patterns; `enabled = false` passes text through.
    pub fn new(enabled: bool, patterns: Vec<Regex>) -> Self {
        Redactor {
            enabled,
            email: Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
                .expect("email pattern"),
            // Candidates only: international (+…, with an optional "(0)"), a bracketed
            // area code, or digit groups joined by separators. `is_phone` then checks
            // the digit count and rules out dates and year ranges.
            phone: Regex::new(
                r"(?x)^(?:
                \+\d{1,3}(?:[\ .-]?\(\d{1,4}\))?(?:[\ .-]?\d{1,8}){1,6}
                |(?:\(\d{1,5}\)[\ .-]?)?\d{2,5}(?:[\ .-]\d{2,8}){1,4}
                |\d{10,11}
                )$",
            )
            .expect("phone pattern"),
            card: Regex::new(r"^\d(?:[\ -]?\d){12,18}$").expect("card pattern"),
            // Digit groups (one may be bracketed, "(0)30") joined by single separators.
            digit_run: Regex::new(r"\+?(?:\(\d{1,5}\)\d*|\d+)(?:[\ .-](?:\(\d{1,5}\)\d*|\d+))*")
                .expect("digit run pattern"),
            digit_group: Regex::new(r"\(\d{1,5}\)\d*|\d+").expect("digit group pattern"),
            patterns,
        }
    }

    /// Every private detail in `text`: byte ranges, sorted and not overlapping.
    ///
    /// Emails and site patterns first; then card numbers and phone numbers inside
    /// runs of digit groups, each run tried from every group and at every length, so
    /// a phone next to a card or a year does not hide either (a single regex pass
    /// would skip past a too-long candidate and miss the real number inside it).
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, Kind)> {
        if !self.enabled {
            return Vec::new();
        }
        let mut found: Vec<(Range<usize>, Kind)> = Vec::new();
        if text.contains('@') {
            found.extend(self.email.find_iter(text).map(|m| (m.range(), Kind::Email)));
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
            let cards = self.numbers(&masked_text, Kind::Card);
            mask(&mut masked, &cards);
            let masked_text = String::from_utf8(masked).expect("ASCII masking");
            let phones = self.numbers(&masked_text, Kind::Phone);
            found.extend(cards);
            found.extend(phones);
            found.sort_by_key(|(r, k)| (r.start, r.end, *k));
        }
        found
    }

    /// Card or phone numbers in `text`: the longest valid span from each digit group on.
    fn numbers(&self, text: &str, kind: Kind) -> Vec<(Range<usize>, Kind)> {
        let mut out = Vec::new();
        for run in self.digit_run.find_iter(text) {
            let groups: Vec<Range<usize>> = self
                .digit_group
                .find_iter(run.as_str())
                .map(|g| run.start() + g.start()..run.start() + g.end())
                .collect();
            let mut i = 0;
            while i < groups.len() {
                // A leading `+` belongs to the first group.
                let start = if i == 0 { run.start() } else { groups[i].start };
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
                    let candidate = &text[start..groups[j].end];
                    let valid = match kind {
                        Kind::Card => {
                            (13..=19).contains(&digits)
                                && is_card(candidate)
                                && self.card.is_match(candidate)
                        }
                        _ => {
                            (7..=15).contains(&digits)
                                && is_phone(candidate)
                                && self.phone.is_match(candidate)
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
        out
    }

    /// The text with private details replaced; borrowed when nothing matched.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let found = self.find(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        Cow::Owned(replace(text, &found))
    }

    /// Redacts into an owned string.
    pub fn redact_owned(&self, text: &str) -> String {
        self.redact(text).into_owned()
    }
}

fn replace(text: &str, found: &[(Range<usize>, Kind)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, kind) in found {
        out.push_str(&text[at..range.start]);
        out.push_str(kind.mark());
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

/// A candidate is a phone number when it has 7-15 digits and is not a date or a year range.
fn is_phone(candidate: &str) -> bool {
    let digits = candidate.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        return false;
    }
    if candidate.starts_with('+') || candidate.starts_with('(') {
        return true;
    }
    let lens: Vec<usize> = candidate.split([' ', '.', '-']).map(str::len).collect();
    // 2026-08-14, 14.08.2026, 2019-2024: dates and year ranges, not phones.
    let date_or_years = matches!(lens.as_slice(), [4, 2, 2] | [2, 2, 4] | [4, 4])
        || lens.iter().all(|&l| l == 4)
            && candidate
                .split([' ', '.', '-'])
                .all(|y| y.starts_with("19") || y.starts_with("20"));
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
    /// are left as written; their values never reach the site.
    pub fn scrub(&self, file: &mut SourceFile, rel: &str, keep_keys: &[&str]) {
        let found = self.redactor.find(&file.text);
        if found.is_empty() {
            return;
        }
        let lines = LineIndex::new(&file.text);
        let mut kept = Vec::with_capacity(found.len());
        let mut audit = Vec::new();
        let mut secrets = Vec::new();
        for (range, kind) in found {
            let line = lines.line_of(range.start);
            let line_text = file.text[lines.start_of(line)..].trim_start();
            let keep = keep_keys.iter().any(|k| {
                line_text
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            });
            if keep {
                continue;
            }
            audit.push(AuditEntry {
                file: rel.to_string(),
                line,
                kind,
                replacement: None,
            });
            secrets.push(Secret {
                text: file.text[range.clone()].to_string(),
                kind,
                place: format!("{rel}:{line}"),
            });
            kept.push((range, kind));
        }
        if kept.is_empty() {
            return;
        }
        file.text = replace(&file.text, &kept);
        self.audit.lock().expect("audit lock").extend(audit);
        self.secrets.lock().expect("secrets lock").extend(secrets);
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

/// Checks output bytes for secrets seen at load: the exact text, and its HTML-escaped form.
#[derive(Debug)]
pub struct Guard {
    matcher: Option<AhoCorasick>,
    /// For each pattern of `matcher`: the secret it stands for.
    secrets: Vec<Secret>,
}

impl Guard {
    fn new(secrets: Vec<Secret>) -> Self {
        let mut needles: Vec<String> = Vec::new();
        let mut owners: Vec<Secret> = Vec::new();
        let mut seen = BTreeSet::new();
        for s in secrets {
            let escaped = crate::render::theme::escape_html(&s.text);
            for needle in [s.text.clone(), escaped] {
                if seen.insert(needle.clone()) {
                    needles.push(needle);
                    owners.push(s.clone());
                }
            }
        }
        let matcher = (!needles.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&needles)
                .expect("literal secrets")
        });
        Guard {
            matcher,
            secrets: owners,
        }
    }

    /// A guard that lets everything through (no secrets known).
    pub fn none() -> Self {
        Guard {
            matcher: None,
            secrets: Vec::new(),
        }
    }

    /// `Err(what leaked and where it came from)` when `bytes` (or the path) hold a secret.
    /// Names only count as whole words, so "Will" does not stop a page saying "will".
    pub fn check(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let Some(matcher) = &self.matcher else {
            return Ok(());
        };
        // Scripts and style sheets are the theme's code: `Date` there is not a customer.
        let code = rel.ends_with(".js") || rel.ends_with(".css");
        for hay in [rel.as_bytes(), bytes] {
            for m in matcher.find_iter(hay) {
                let secret = &self.secrets[m.pattern().as_usize()];
                if code && secret.kind == Kind::CustomerName {
                    continue;
                }
                let word = secret.kind != Kind::CustomerName
                    || (is_boundary(hay, m.start().checked_sub(1))
                        && is_boundary(hay, Some(m.end())));
                if word {
                    return Err(format!(
                        "privacy guard: this output would contain a {} from {}; the build was stopped and the previous site left as it was",
                        match secret.kind {
                            Kind::Pattern(_) => "match of a [privacy] pattern".to_string(),
                            k => k.describe(&[]),
                        },
                        secret.place
                    ));
                }
            }
        }
        Ok(())
    }
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
