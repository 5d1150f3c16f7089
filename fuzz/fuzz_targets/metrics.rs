//! A metric snapshot file as any text, read as TOML and as CSV.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use verbatim::content::metrics::read_snapshot_file;
use verbatim::diagnostics::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for rel in ["metrics/fuzz.toml", "metrics/fuzz.csv"] {
        let file = SourceFile::new(PathBuf::from(rel), text.to_string());
        let (_, diagnostics) = read_snapshot_file(&file, rel);
        for d in &diagnostics {
            let _ = d.to_string();
        }
    }
});
