//! Front matter of call notes and opportunities, read into typed records.

use std::ops::Range;

use chrono::NaiveDate;

use super::fields::{split_front_matter, Fields, Split};
use super::quotes::{find_quotes, RawQuote};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{Bucket, CallKind, Solved, Status};

const CALL_KEYS: &[&str] = &[
    "customer",
    "location",
    "date",
    "customer_id",
    "products",
    "segment",
    "interviewer",
    "kind",
    "follows_up",
    "solved",
    "recommend",
    "aliases",
];

const OPPORTUNITY_KEYS: &[&str] = &[
    "title",
    "bucket",
    "impact",
    "complexity",
    "status",
    "lead",
    "launched",
    "scaled",
];

/// A call note's front matter with its required keys present.
#[derive(Debug, Clone)]
pub struct CallFront {
    /// `customer`.
    pub customer: String,
    /// `location`.
    pub location: Option<String>,
    /// `date`.
    pub date: NaiveDate,
    /// `customer_id`.
    pub customer_id: Option<String>,
    /// `products`.
    pub products: Vec<String>,
    /// `segment`.
    pub segment: Option<String>,
    /// `interviewer`.
    pub interviewer: Option<String>,
    /// `kind`.
    pub kind: CallKind,
    /// `follows_up`, with its span for "names nothing" errors.
    pub follows_up: Option<(String, Range<usize>)>,
    /// `solved`.
    pub solved: Option<Solved>,
    /// `recommend`.
    pub recommend: Option<u8>,
    /// `aliases = { old-id = "current-id" }`: old quote URLs that redirect, with spans.
    pub aliases: Vec<(String, String, Range<usize>)>,
}

/// A call note read from disk, not yet tied to the rest of the site.
#[derive(Debug)]
pub struct CallNote {
    /// The file and its text, kept to locate errors found later.
    pub file: SourceFile,
    /// Front matter, when its required keys were all readable.
    pub front: Option<CallFront>,
    /// Where the body starts in the file.
    pub body_offset: usize,
    /// The quotes in the body.
    pub quotes: Vec<RawQuote>,
    /// Problems found in this file alone.
    pub diagnostics: Vec<Diagnostic>,
}

impl CallNote {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// An error at a span of the body.
    pub fn body_error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.file.error(
            span.start + self.body_offset..span.end + self.body_offset,
            message,
        )
    }
}

/// Reads a call note's front matter and finds its quotes.
pub fn read_call(file: SourceFile) -> CallNote {
    let split = match split_front_matter(&file) {
        Ok(split) => split,
        Err(d) => {
            return CallNote {
                file,
                front: None,
                body_offset: 0,
                quotes: Vec::new(),
                diagnostics: vec![d],
            }
        }
    };
    let Split {
        toml,
        toml_offset,
        body,
        body_offset,
    } = split;
    let quotes = find_quotes(body);
    let (front, diagnostics) = match Fields::parse(&file, toml, toml_offset, 0..3) {
        Err(d) => (None, vec![d]),
        Ok((mut f, doc)) => {
            let front = call_front(&mut f, doc.as_table());
            (front, f.diagnostics)
        }
    };
    CallNote {
        front,
        body_offset,
        quotes,
        diagnostics,
        file,
    }
}

fn call_front(f: &mut Fields, t: &toml_edit::Table) -> Option<CallFront> {
    const WHAT: &str = "a call note";
    f.reject_unknown(t, WHAT, CALL_KEYS);
    let customer = f.required_string(t, "customer", WHAT);
    let date = if t.contains_key("date") {
        f.date(t, "date")
    } else {
        f.missing("date", WHAT, "2026-08-14");
        None
    };
    let location = f.string(t, "location").filter(|s| !s.trim().is_empty());
    let customer_id = f.string(t, "customer_id").filter(|s| !s.trim().is_empty());
    let products = f.strings(t, "products").unwrap_or_default();
    let segment = f.string(t, "segment");
    let interviewer = f.string(t, "interviewer");
    let kind = read_kind(f, t);
    let follows_up = f
        .string(t, "follows_up")
        .map(|s| (s, f.span(t, "follows_up")));
    let solved = f.choice(
        t,
        "solved",
        &[
            ("yes", Solved::Yes),
            ("partly", Solved::Partly),
            ("no", Solved::No),
        ],
    );
    let recommend = f.integer(t, "recommend", 0..=10).map(|n| n as u8);
    let aliases = crate::permalinks::read_aliases(f, t);
    if kind == CallKind::Discovery {
        for key in ["follows_up", "solved", "recommend"] {
            if t.contains_key(key) {
                f.error_at(
                    t,
                    key,
                    format!("`{key}` is only for follow-up calls"),
                    "add `kind = \"follow-up\"` to this call, or remove the key".into(),
                );
            }
        }
    }
    Some(CallFront {
        customer: customer?,
        location,
        date: date?,
        customer_id,
        products,
        segment,
        interviewer,
        kind,
        follows_up,
        solved,
        recommend,
        aliases,
    })
}

/// An opportunity's front matter with its required keys present.
#[derive(Debug, Clone)]
pub struct OpportunityFront {
    /// `title`.
    pub title: String,
    /// `bucket`.
    pub bucket: Bucket,
    /// `impact`.
    pub impact: u8,
    /// `complexity`.
    pub complexity: u8,
    /// `status`; `idea` when absent.
    pub status: Status,
    /// `lead`, with its span.
    pub lead: Option<(String, Range<usize>)>,
    /// `launched`.
    pub launched: Option<NaiveDate>,
    /// `scaled`.
    pub scaled: Option<NaiveDate>,
}

/// An opportunity file read from disk.
#[derive(Debug)]
pub struct OpportunityNote {
    /// The file and its text.
    pub file: SourceFile,
    /// Front matter, when readable.
    pub front: Option<OpportunityFront>,
    /// Where the body starts.
    pub body_offset: usize,
    /// Problems found in this file alone.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads an opportunity file.
pub fn read_opportunity(file: SourceFile) -> OpportunityNote {
    let split = match split_front_matter(&file) {
        Ok(split) => split,
        Err(d) => {
            return OpportunityNote {
                file,
                front: None,
                body_offset: 0,
                diagnostics: vec![d],
            }
        }
    };
    let (front, diagnostics) = match Fields::parse(&file, split.toml, split.toml_offset, 0..3) {
        Err(d) => (None, vec![d]),
        Ok((mut f, doc)) => {
            let front = opportunity_front(&mut f, doc.as_table());
            (front, f.diagnostics)
        }
    };
    OpportunityNote {
        front,
        body_offset: split.body_offset,
        diagnostics,
        file,
    }
}

fn opportunity_front(f: &mut Fields, t: &toml_edit::Table) -> Option<OpportunityFront> {
    const WHAT: &str = "an opportunity";
    f.reject_unknown(t, WHAT, OPPORTUNITY_KEYS);
    let title = f.required_string(t, "title", WHAT);
    let bucket = if t.contains_key("bucket") {
        f.choice(
            t,
            "bucket",
            &[
                ("fix", Bucket::Fix),
                ("fill", Bucket::Fill),
                ("future", Bucket::Future),
            ],
        )
    } else {
        f.missing("bucket", WHAT, "\"fix\"");
        None
    };
    let mut score_part = |key: &str| {
        if t.contains_key(key) {
            f.integer(t, key, 1..=5).map(|n| n as u8)
        } else {
            f.missing(key, WHAT, "3");
            None
        }
    };
    let impact = score_part("impact");
    let complexity = score_part("complexity");
    let statuses: Vec<(&str, Status)> = Status::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    let status = f.choice(t, "status", &statuses).unwrap_or(Status::Idea);
    let lead = f.string(t, "lead").map(|s| (s, f.span(t, "lead")));
    let launched = f.date(t, "launched");
    let scaled = f.date(t, "scaled");
    if let (Some(l), Some(s)) = (launched, scaled) {
        if s < l {
            f.error_at(
                t,
                "scaled",
                format!("scaled ({s}) is before launched ({l})"),
                "an opportunity is rolled out to everyone after its test launch; check the dates"
                    .into(),
            );
        }
    }
    Some(OpportunityFront {
        title: title?,
        bucket: bucket?,
        impact: impact?,
        complexity: complexity?,
        status,
        lead,
        launched,
        scaled,
    })
}

/// A `kind` key (of a call note or a `[[questions]]` entry): discovery unless it says follow-up.
pub(crate) fn read_kind(f: &mut Fields, t: &dyn toml_edit::TableLike) -> CallKind {
    f.choice(
        t,
        "kind",
        &[
            ("discovery", CallKind::Discovery),
            ("follow-up", CallKind::FollowUp),
        ],
    )
    .unwrap_or(CallKind::Discovery)
}
