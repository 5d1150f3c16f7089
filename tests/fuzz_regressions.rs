//! Inputs the fuzzers found (tests/fixtures/fuzz/<target>/), each built as the file its
//! target reads, in an otherwise valid site: every one must end in a built site or in
//! content errors, never a panic. New crash inputs go in the folder of their target.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

const FOUND: &str = "tests/fixtures/fuzz";

/// Where in the site each target's input goes.
fn places(target: &str) -> &'static [&'static str] {
    match target {
        "call_note" => &[
            "calls/2026-08-checkout/2026-08-20-fuzz.md",
            "opportunities/fuzz-input.md",
        ],
        "metrics" => &["metrics/fuzz.toml", "metrics/fuzz.csv"],
        "settings" => &["site.toml", "calls/2026-08-checkout/_round.toml"],
        other => panic!("{FOUND}/{other}: no fuzz target of that name"),
    }
}

fn inputs() -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for target in fs::read_dir(FOUND).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in fs::read_dir(&target).unwrap() {
            found.push((name.clone(), input.unwrap().path()));
        }
    }
    found.sort();
    found
}

#[test]
fn every_input_the_fuzzers_found_builds_or_fails_cleanly() {
    let found = inputs();
    assert!(!found.is_empty(), "no inputs in {FOUND}");
    for (target, input) in found {
        let bytes = fs::read(&input).unwrap();
        for place in places(&target) {
            let tmp = tempfile::tempdir().unwrap();
            let content = tmp.path().join("content");
            common::copy_dir(Path::new("tests/fixtures/basic"), &content);
            let file = content.join(place);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, &bytes).unwrap();
            let output = common::build_output(&content, &tmp.path().join("public"));
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                matches!(output.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
                "{} as {place}: {:?}\n{stderr}",
                input.display(),
                output.status
            );
            if output.status.code() == Some(1) {
                assert!(stderr.contains("error:"), "{stderr}");
            }
        }
    }
}
