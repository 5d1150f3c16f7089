//! A call note or opportunity as any text: front matter splitting, TOML fields,
//! quotes with tags and ids, redaction and Markdown rendering must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use verbatim::content::notes::{read_call, read_opportunity};
use verbatim::content::quotes::{derived_id, find_quotes, plain_text};
use verbatim::diagnostics::SourceFile;
use verbatim::privacy::Redactor;
use verbatim::render::markdown::{call_to_html, to_html};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new(PathBuf::from("calls/fuzz.md"), text.to_string());
    let note = read_call(file.clone());
    for d in &note.diagnostics {
        let _ = d.to_string();
    }
    // Built once: compiling its patterns on every input cost most of each run.
    static REDACTOR: std::sync::OnceLock<Redactor> = std::sync::OnceLock::new();
    let redactor = REDACTOR.get_or_init(|| Redactor::new(true, Vec::new()));
    let body = redactor.redact_owned(note.body());
    let quotes = find_quotes(&body);
    for q in &quotes {
        let plain = plain_text(&q.markdown);
        let _ = derived_id("fuzz", &plain);
        let _ = to_html(&q.markdown);
        // Spans must point into the body they were found in.
        for (_, span) in &q.tags {
            assert!(body.get(span.clone()).is_some());
            let _ = note.body_error(span.clone(), "x").to_string();
        }
    }
    let _ = call_to_html(&body, |n| format!("<q{n}>"));
    let opportunity = read_opportunity(file);
    for d in &opportunity.diagnostics {
        let _ = d.to_string();
    }
});
