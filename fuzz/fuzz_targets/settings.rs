//! `site.toml` and `_round.toml` as any text, and a heading matched against the questions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use verbatim::content::settings::{default_questions, match_question, read_round, read_site};
use verbatim::diagnostics::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new(PathBuf::from("site.toml"), text.to_string());
    match read_site(&file) {
        Ok(site) => {
            let _ = match_question(&site.questions, text);
        }
        Err(ds) => ds.iter().for_each(|d| drop(d.to_string())),
    }
    if let Err(ds) = read_round(&file) {
        ds.iter().for_each(|d| drop(d.to_string()));
    }
    let _ = match_question(&default_questions(), text);
});
