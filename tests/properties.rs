//! Property tests: any text given as a call note, an opportunity, a metric snapshot
//! (TOML or CSV), `site.toml` or `_round.toml` ends in a model or in located
//! content errors, never a panic; spans found point into the text they came from.

use std::path::PathBuf;

use proptest::prelude::*;
use verbatim::content::fields::split_front_matter;
use verbatim::content::metrics::read_snapshot_file;
use verbatim::content::notes::{read_call, read_opportunity};
use verbatim::content::quotes::{derived_id, find_quotes, plain_text};
use verbatim::content::settings::{read_round, read_site};
use verbatim::diagnostics::{Diagnostic, SourceFile};
use verbatim::privacy::Redactor;
use verbatim::render::markdown::{call_to_html, to_html};

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile::new(PathBuf::from(name), text.to_string())
}

/// A diagnostic prints, and its position is inside the file (or says "whole file").
fn well_formed(d: &Diagnostic, text: &str) {
    let printed = d.to_string();
    assert!(printed.contains("error") || printed.contains("warning"));
    if d.line > 0 {
        assert!(d.line <= text.lines().count().max(1) + 1, "{printed}");
        assert!(d.col >= 1, "{printed}");
    }
}

/// Lines that exercise the parsers' edges: fences, TOML, quotes, tags, ids, Unicode.
fn note_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++".to_string()),
        Just("---".to_string()),
        Just("+++ \r".to_string()),
        Just("customer = \"Sarah\"".to_string()),
        Just("date = 2026-08-14".to_string()),
        Just("date = \"2026-02-30\"".to_string()),
        Just("kind = \"follow-up\"".to_string()),
        Just("recommend = 99999999999999999999".to_string()),
        Just("products = [\"a\", 3, {x = 1}]".to_string()),
        Just("[table]".to_string()),
        Just("title = \"T\"\nbucket = \"fix\"\nimpact = 3\ncomplexity = 2".to_string()),
        Just("## What problem were you trying to solve?".to_string()),
        Just("> ".to_string()),
        Just(">".to_string()),
        Just("> > nested #tag".to_string()),
        Just("> words #mobile-checkout ^id-1".to_string()),
        Just("> ^a ^b #c #".to_string()),
        Just("> #".to_string()),
        Just("    > indented code".to_string()),
        Just("- > in a list #x".to_string()),
        Just("<!-- comment".to_string()),
        Just("-->".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("\u{feff}\u{202e}\u{200b}ｆｕｌｌ．ｗｉｄｔｈ é\u{301}".to_string()),
        Just("call 602-555-0143 or a@b.co, card 4111 1111 1111 1111".to_string()),
        "[^\n]{0,40}",
        any::<String>(),
    ]
}

fn note() -> impl Strategy<Value = String> {
    (prop::collection::vec(note_line(), 0..30), prop::bool::ANY)
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_call_note_is_read_or_reported(text in note()) {
        let f = file("calls/x.md", &text);
        if let Ok(split) = split_front_matter(&f) {
            prop_assert!(split.body_offset <= f.text.len());
            prop_assert!(f.text.is_char_boundary(split.body_offset));
            prop_assert_eq!(&f.text[split.body_offset..], split.body);
        }
        let note = read_call(f.clone());
        for d in &note.diagnostics {
            well_formed(d, &f.text);
        }
        if note.front.is_none() {
            prop_assert!(!note.diagnostics.is_empty(), "no front matter and no error");
        }
        let body = note.body();
        for q in &note.quotes {
            for (slug, span) in &q.tags {
                prop_assert_eq!(&body[span.clone()], format!("#{slug}"));
                well_formed(&note.body_error(span.clone(), "x"), &f.text);
            }
            if let Some((id, span)) = &q.id {
                prop_assert_eq!(&body[span.clone()], format!("^{id}"));
            }
            let plain = plain_text(&q.markdown);
            let id = derived_id("x", &plain);
            prop_assert!(id.starts_with("x-") && id.len() == 10);
            let html = to_html(&q.markdown);
            prop_assert!(!html.contains("<script"), "{}", html);
            prop_assert!(!html.to_lowercase().contains("javascript:"), "{}", html);
        }
        let html = call_to_html(body, |n| format!("<q data-n=\"{n}\"></q>"));
        prop_assert!(!html.contains("<script"), "{}", html);
        let opportunity = read_opportunity(f.clone());
        for d in &opportunity.diagnostics {
            well_formed(d, &f.text);
        }
    }

    #[test]
    fn quotes_keep_their_tags_in_order(
        words in prop::collection::vec("[a-zA-Zé0-9,.!?]{1,12}", 1..40),
        tags in prop::collection::vec("[a-z][a-z0-9-]{0,15}", 0..20),
        id in prop::option::of("[a-zA-Z0-9-]{1,20}"),
    ) {
        let mut last = words.join(" ");
        for t in &tags {
            last.push_str(&format!(" #{t}"));
        }
        if let Some(id) = &id {
            last.push_str(&format!(" ^{id}"));
        }
        let body = format!("## Heading\n\n> {last}\n");
        let quotes = find_quotes(&body);
        prop_assert_eq!(quotes.len(), 1);
        let q = &quotes[0];
        let found: Vec<&str> = q.tags.iter().map(|(s, _)| s.as_str()).collect();
        let expected: Vec<&str> = tags.iter().map(String::as_str).collect();
        // The last word may itself look like a tag or id only if it starts with # or ^,
        // which the word alphabet excludes.
        prop_assert_eq!(found, expected);
        prop_assert_eq!(q.id.as_ref().map(|(i, _)| i.clone()), id);
        prop_assert!(!q.markdown.contains('#') && !q.markdown.contains('^'));
    }

    #[test]
    fn any_metrics_file_is_read_or_reported(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop_oneof![
            Just("date = 2026-08-31".to_string()),
            Just("date,group,conversion_rate,aov".to_string()),
            Just("2026-08-31,,2.9,84.20".to_string()),
            Just("2026-08-31,test,\"3,4\",1e400".to_string()),
            Just("\"unterminated,".to_string()),
            Just("[groups.test]".to_string()),
            Just("[groups]\ntest = 3".to_string()),
            Just("conversion_rate = nan".to_string()),
            Just("aov = -inf".to_string()),
            Just("orders = 18446744073709551616".to_string()),
            "[^\n]{0,30}",
        ], 0..20).prop_map(|l| l.join("\n")),
    ]) {
        for rel in ["metrics/x.toml", "metrics/x.csv"] {
            let f = file(rel, &text);
            let (snapshots, diagnostics) = read_snapshot_file(&f, rel);
            for d in &diagnostics {
                well_formed(d, &f.text);
            }
            for s in &snapshots {
                for (name, value) in &s.values {
                    prop_assert!(value.is_finite(), "{} = {}", name, value);
                }
            }
        }
    }

    #[test]
    fn any_settings_file_is_read_or_reported(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop_oneof![
            Just("title = \"T\"".to_string()),
            Just("[privacy]".to_string()),
            Just("patterns = [\"(\", \"a{99999999}\", \"ORD-\\\\d+\"]".to_string()),
            Just("publish = \"wide\"".to_string()),
            Just("[[questions]]\nkey = \"k\"\ntext = \"\"".to_string()),
            Just("[ranking]\nimpact_weight = 1e308".to_string()),
            Just("start = 2026-09-01\nend = 2026-08-01".to_string()),
            "[^\n]{0,30}",
        ], 0..12).prop_map(|l| l.join("\n")),
    ]) {
        let f = file("site.toml", &text);
        if let Err(ds) = read_site(&f) {
            prop_assert!(!ds.is_empty());
            ds.iter().for_each(|d| well_formed(d, &f.text));
        }
        if let Err(ds) = read_round(&f) {
            ds.iter().for_each(|d| well_formed(d, &f.text));
        }
    }

    #[test]
    fn redaction_is_idempotent_and_leaves_no_detail(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop_oneof![
            Just("a.b+c@example.co.uk".to_string()),
            Just("(602) 555-0143".to_string()),
            Just("+44 20 7946 0958".to_string()),
            Just("4111-1111-1111-1111".to_string()),
            Just("2026-08-14".to_string()),
            Just("+44 20\n> 7946 0777".to_string()),
            Just("020 7946\r\n  > > 0958".to_string()),
            Just("030/1234569 (030) 1234570".to_string()),
            Just("(+44) 20 7946 0111 1-800-555-0199".to_string()),
            Just("sarah&#64;entity.example jo&#x40;x.example kim&commat;x.example".to_string()),
            Just("4111 1111 1111 1117".to_string()),
            Just("\n> ".to_string()),
            Just("\n10. ".to_string()),
            "[0-9 .+()/>\n-]{0,20}",
            "[0-9 .+()-]{0,20}",
            "[a-z@.]{0,12}",
        ], 0..10).prop_map(|l| l.join(" ")),
    ]) {
        let r = Redactor::new(true, vec![regex::Regex::new(r"ORD-\d{6}").unwrap()]);
        let once = r.redact_owned(&text);
        prop_assert_eq!(r.redact_owned(&once), once.clone());
        prop_assert!(r.find(&once).is_empty());
    }
}
