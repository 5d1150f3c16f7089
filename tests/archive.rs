//! `verbatim archive`: a quarter frozen, published by build, verified by check.

mod common;
use common::{fixture_copy, run_in};

use std::fs;
use std::path::PathBuf;

/// The basic fixture (all calls in 2026-Q3) plus one call in Q4, in a temporary folder.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let (tmp, content) = fixture_copy("tests/fixtures/basic");
    fs::write(
        content.join("calls/2026-10-02-omar-boise.md"),
        "+++\ncustomer = \"Omar\"\nlocation = \"Boise, ID\"\ndate = 2026-10-02\n+++\n\n## What would make it even better?\n\n> Tracking that updates before the parcel is at my door. #order-tracking ^late-tracking\n",
    )
    .unwrap();
    // Rolled out after the quarter: the archive must not know it yet.
    let opp = content.join("opportunities/mobile-checkout.md");
    let text = fs::read_to_string(&opp).unwrap();
    fs::write(
        &opp,
        text.replace("status = \"testing\"", "status = \"scaled\"")
            .replace(
                "launched = 2026-09-15",
                "launched = 2026-09-15\nscaled = 2026-11-01",
            ),
    )
    .unwrap();
    (tmp, content)
}

#[test]
fn archive_round_trip() {
    let (tmp, _) = fixture();
    let dir = tmp.path();
    let (ok, stdout, stderr) = run_in(dir, &["archive", "2026-Q3"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("archived 2026-Q3 as of 2026-09-30"),
        "{stdout}"
    );
    let archive = dir.join("archive/2026-Q3");

    // As it stood on 30 Sep: no October call, mobile checkout launched but not yet scaled.
    assert!(archive.join("quotes/checkout-timeout/index.html").is_file());
    assert!(
        !archive.join("quotes/late-tracking/index.html").exists(),
        "a Q4 quote in the Q3 archive"
    );
    assert!(!archive
        .join("calls/2026-10-02-omar-boise/index.html")
        .exists());
    let opp = fs::read_to_string(archive.join("opportunities/mobile-checkout/index.html")).unwrap();
    assert!(
        opp.contains("status-launched") && !opp.contains("status-scaled"),
        "{opp}"
    );
    // Every page carries the banner linking to the live site.
    for page in [
        "index.html",
        "quotes/checkout-timeout/index.html",
        "search/index.html",
    ] {
        let html = fs::read_to_string(archive.join(page)).unwrap();
        let root = "../".repeat(page.matches('/').count());
        assert!(html.contains("class=\"frozen-banner\""), "{page}");
        assert!(html.contains("the end of 2026-Q3 (30 Sep 2026)"), "{page}");
        assert!(
            html.contains(&format!(
                "<a href=\"{root}../../index.html\">See the live site</a>"
            )),
            "{page}"
        );
    }
    // The checksums cover every file, in sha256sum's format.
    let sums = fs::read_to_string(archive.join("SHA256SUMS")).unwrap();
    let line = sums
        .lines()
        .find(|l| l.ends_with("  quotes/checkout-timeout/index.html"))
        .unwrap_or_else(|| panic!("{sums}"));
    let hash = line.split("  ").next().unwrap();
    assert!(
        hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{line}"
    );

    // A build publishes it unchanged and lists it.
    let (ok, _, stderr) = run_in(dir, &["build"]);
    assert!(ok, "{stderr}");
    let published = dir.join("public/archive/2026-Q3/index.html");
    assert_eq!(
        fs::read(&published).unwrap(),
        fs::read(archive.join("index.html")).unwrap()
    );
    let list = fs::read_to_string(dir.join("public/archive/index.html")).unwrap();
    assert!(
        list.contains("<a href=\"../archive/2026-Q3/index.html\">2026-Q3</a>"),
        "{list}"
    );
    assert!(
        list.contains("4 calls · 8 quotes · 4 opportunities"),
        "{list}"
    );
    let (ok, _, stderr) = run_in(dir, &["check"]);
    assert!(ok, "an untouched archive fails check: {stderr}");

    // Tampering is reported.
    let page = archive.join("quotes/checkout-timeout/index.html");
    let html = fs::read_to_string(&page).unwrap();
    fs::write(&page, html.replace("gave up twice", "never gave up")).unwrap();
    fs::write(archive.join("extra.html"), "<p>added</p>").unwrap();
    let (ok, _, stderr) = run_in(dir, &["check"]);
    assert!(!ok, "check passed a tampered archive");
    assert!(stderr.contains("quotes/checkout-timeout/index.html: error: this file of the frozen archive 2026-Q3 was changed after it was archived"), "{stderr}");
    assert!(
        stderr.contains("extra.html: error: this file was added to the frozen archive 2026-Q3"),
        "{stderr}"
    );

    // Archiving the quarter again is refused, and leaves it as it is; --force rebuilds it.
    let (ok, _, stderr) = run_in(dir, &["archive", "2026-Q3"]);
    assert!(!ok);
    assert!(
        stderr.contains("archive 2026-Q3 already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(fs::read_to_string(&page).unwrap().contains("never gave up"));
    let (ok, _, stderr) = run_in(dir, &["archive", "2026-Q3", "--force"]);
    assert!(ok, "{stderr}");
    assert!(!archive.join("extra.html").exists());
    let (ok, _, stderr) = run_in(dir, &["check"]);
    assert!(ok, "{stderr}");
}

#[test]
fn a_quarter_must_be_written_as_one() {
    let (tmp, _) = fixture();
    let (ok, _, stderr) = run_in(tmp.path(), &["archive", "Q3-2026"]);
    assert!(!ok);
    assert!(stderr.contains("YYYY-Qn, e.g. 2026-Q3"), "{stderr}");
    assert!(!tmp.path().join("archive").exists());
}
