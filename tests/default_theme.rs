//! The default theme's compiled pages (`src/render/default_theme.rs`) against its
//! templates: a site that overrides the templates with copies of the theme's own
//! files is rendered by Tera, and must get exactly the pages the default gives.

mod common;
use common::{copy_dir, files};

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use verbatim::render::default_theme;
use verbatim::render::theme::TEMPLATES;

/// A build day after every fixture's last call, so both builds see the same day.
const BUILD_DAY: &str = "1796083200";

/// Runs verbatim with `args` in `dir` on [`BUILD_DAY`]; asserts it succeeded.
fn run(dir: &Path, args: &[&str]) {
    let output = assert_cmd::Command::cargo_bin("verbatim")
        .unwrap()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", BUILD_DAY)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "verbatim {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every template a compiled page is made from, written into `content/templates/`
/// as the theme has it.
fn override_with_theme_copies(content: &Path) {
    let dir = content.join("templates");
    fs::create_dir_all(&dir).unwrap();
    for page in ["quote.html", "call.html", "round.html", "opportunity.html"] {
        for name in default_theme::sources(page) {
            let (_, text) = TEMPLATES.iter().find(|(n, _)| n == name).unwrap();
            fs::write(dir.join(name), text).unwrap();
        }
    }
}

/// Runs verbatim with `args` beside a copy of `site` as it is, then beside one with
/// the theme's templates as overrides: the files each run wrote into `written`.
fn both_ways(site: &str, args: &[&str], written: &str) -> [BTreeMap<String, Vec<u8>>; 2] {
    let tmp = tempfile::tempdir().unwrap();
    [false, true].map(|overridden| {
        let dir = tmp
            .path()
            .join(if overridden { "tera" } else { "compiled" });
        copy_dir(Path::new(site), &dir.join("content"));
        if overridden {
            override_with_theme_copies(&dir.join("content"));
        }
        run(&dir, args);
        files(&dir.join(written))
    })
}

/// Builds `site` as it is and with the theme's templates as overrides, with `args`
/// after `build`, and asserts every file of the two outputs is the same.
fn assert_same_pages(site: &str, args: &[&str]) {
    let mut all = vec!["build", "--content", "content", "--out", "public"];
    all.extend_from_slice(args);
    let outputs = both_ways(site, &all, "public");
    let (compiled, tera) = (&outputs[0], &outputs[1]);
    assert_eq!(
        compiled.keys().collect::<Vec<_>>(),
        tera.keys().collect::<Vec<_>>(),
        "{site}: the same files"
    );
    let mut compared = 0;
    for (path, bytes) in compiled {
        if path.ends_with(".html") {
            compared += 1;
        }
        if bytes != &tera[path] {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&tera[path]),
            );
            let (line, (x, y)) = a
                .lines()
                .chain(std::iter::repeat(""))
                .zip(b.lines().chain(std::iter::repeat("")))
                .take(a.lines().count().max(b.lines().count()) + 1)
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((0, ("(line ends differ)", "")));
            panic!(
                "{site}: {path} differs on line {}\ncompiled: {x:?}\ntera:     {y:?}",
                line + 1
            );
        }
    }
    assert!(compared > 10, "{site}: only {compared} pages built");
}

#[test]
fn the_sample_site_is_the_same_compiled_or_from_the_templates() {
    assert_same_pages("content", &[]);
    // With a base URL: canonical links and copy-link permalinks.
    assert_same_pages(
        "content",
        &["--base-url", "https://research.example.com/voice"],
    );
}

#[test]
fn the_fixture_sites_are_the_same_compiled_or_from_the_templates() {
    for site in [
        "tests/fixtures/basic",
        "tests/fixtures/follow-up",
        "tests/fixtures/language",
        "tests/fixtures/charts",
    ] {
        assert_same_pages(site, &["--base-url", "https://example.com"]);
    }
}

#[test]
fn a_frozen_archive_is_the_same_compiled_or_from_the_templates() {
    // With a base URL, the banner links the live site by its address.
    for args in [
        &["archive", "2026-Q3"][..],
        &[
            "archive",
            "2026-Q3",
            "--base-url",
            "https://example.com/voice",
        ],
    ] {
        let archives = both_ways("tests/fixtures/basic", args, "archive");
        let quote = archives[0]
            .iter()
            .find(|(p, _)| p.ends_with("quotes/checkout-timeout/index.html"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .expect("the archive has its quote pages");
        assert!(quote.contains("Frozen snapshot"), "{args:?}: the banner");
        assert_eq!(archives[0], archives[1], "{args:?}");
    }
}
