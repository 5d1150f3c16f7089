//! Redaction of emails, phone numbers and site-configured patterns.
//!
//! Applied once, when text enters the model, so every output (pages, search
//! index, CSVs, meta tags) only ever sees redacted text.

use std::borrow::Cow;

use regex::Regex;

/// What replaces a redacted email.
pub const EMAIL_MARK: &str = "(email redacted)";
/// What replaces a redacted phone number.
pub const PHONE_MARK: &str = "(phone redacted)";
/// What replaces a match of a site pattern.
pub const PATTERN_MARK: &str = "(redacted)";

/// Replaces private details in text.
#[derive(Debug, Clone)]
pub struct Redactor {
    enabled: bool,
    email: Regex,
    phone: Regex,
    patterns: Vec<Regex>,
}

impl Redactor {
    /// A redactor with the built-in rules and extra patterns; `enabled = false` passes text through.
    pub fn new(enabled: bool, patterns: Vec<Regex>) -> Self {
        Redactor {
            enabled,
            email: Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
                .expect("email pattern"),
            // Candidates only: international (+…), a bracketed area code, or groups of
            // 2-4 digits joined by separators. `is_phone` then checks the digit count.
            phone: Regex::new(
                r"(?x)
                (?:\+\d{1,3}[\ .-]?)?
                (?:\(\d{1,5}\)[\ .-]?)?
                \d{2,5}
                (?:[\ .-]\d{2,5}){1,4}
                |\+\d{7,15}\b
                |\b\d{10,11}\b
                ",
            )
            .expect("phone pattern"),
            patterns,
        }
    }

    /// The text with private details replaced; borrowed when nothing matched.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !self.enabled {
            return Cow::Borrowed(text);
        }
        let mut out = Cow::Borrowed(text);
        if out.contains('@') {
            if let Cow::Owned(s) = self.email.replace_all(&out, EMAIL_MARK) {
                out = Cow::Owned(s);
            }
        }
        if out.bytes().filter(u8::is_ascii_digit).count() >= 7 {
            let replaced = self.phone.replace_all(&out, |caps: &regex::Captures| {
                let m = &caps[0];
                if is_phone(m) {
                    PHONE_MARK.to_string()
                } else {
                    m.to_string()
                }
            });
            if replaced != out {
                out = Cow::Owned(replaced.into_owned());
            }
        }
        for pattern in &self.patterns {
            if let Cow::Owned(s) = pattern.replace_all(&out, PATTERN_MARK) {
                out = Cow::Owned(s);
            }
        }
        out
    }

    /// Redacts into an owned string.
    pub fn redact_owned(&self, text: &str) -> String {
        self.redact(text).into_owned()
    }
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
    let date_or_years = matches!(lens.as_slice(), [4, 2, 2] | [2, 2, 4] | [4, 4]);
    !date_or_years && (digits >= 9 || lens.iter().all(|&l| l >= 3))
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
    fn keeps_dates_sizes_prices_and_years() {
        for case in [
            "on 2026-08-14 she ran 20 miles",
            "size 10.5 for $129.99",
            "from 2019-2024 I bought 3 pairs",
            "ordered 2 on 14.08.2026",
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
}
