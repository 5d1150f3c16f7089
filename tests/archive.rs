//! `verbatim archive`: a quarter frozen, published by build, verified by check.

mod common;
use common::{fixture_copy, run_in, text};

use std::fs;
use std::path::{Path, PathBuf};

/// 15 Oct 2026, noon UTC: a build day after 2026-Q3 ended.
const AFTER_Q3: &str = "1792065600";
/// 30 Sep 2026, noon UTC: 2026-Q3's last day.
const LAST_DAY_OF_Q3: &str = "1790769600";

/// Runs verbatim with `args` in `dir` on the build day `epoch` (`SOURCE_DATE_EPOCH`):
/// (exit code, stdout, stderr).
fn run_on(epoch: &str, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("verbatim")
        .unwrap()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `verbatim archive ARGS` on a day after 2026-Q3: (success, stdout, stderr).
fn run_archive(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["archive"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_on(AFTER_Q3, dir, &all);
    (code == 0, stdout, stderr)
}

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
    // An old quote URL kept as a redirect page.
    let sarah = content.join("calls/2026-08-checkout/2026-08-14-sarah-phoenix.md");
    let note = fs::read_to_string(&sarah).unwrap();
    fs::write(
        &sarah,
        note.replacen(
            "date = 2026-08-14\n",
            "date = 2026-08-14\naliases = { old-timeout = \"checkout-timeout\" }\n",
            1,
        ),
    )
    .unwrap();
    (tmp, content)
}

#[test]
fn archive_round_trip() {
    let (tmp, _) = fixture();
    let dir = tmp.path();
    let (ok, stdout, stderr) = run_archive(dir, &["2026-Q3"]);
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
        // The alias's redirect page too, though a browser leaves it at once.
        "quotes/old-timeout/index.html",
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
    let (ok, _, stderr) = run_archive(dir, &["2026-Q3"]);
    assert!(!ok);
    assert!(
        stderr.contains("archive 2026-Q3 already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(fs::read_to_string(&page).unwrap().contains("never gave up"));
    let (ok, _, stderr) = run_archive(dir, &["2026-Q3", "--force"]);
    assert!(ok, "{stderr}");
    assert!(!archive.join("extra.html").exists());
    let (ok, _, stderr) = run_in(dir, &["check"]);
    assert!(ok, "{stderr}");

    // Archives go into version control: nothing of the build machinery is left beside them.
    let (ok, _, stderr) = run_archive(dir, &["2026-Q3", "--force"]);
    assert!(ok, "{stderr}");
    let mut beside: Vec<String> = fs::read_dir(dir.join("archive"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["2026-Q3"]);
}

#[test]
fn a_quarter_must_be_written_as_one() {
    let (tmp, _) = fixture();
    for wrong in ["Q3-2026", "2026-Q5"] {
        let (code, _, stderr) = run_on(AFTER_Q3, tmp.path(), &["archive", wrong]);
        assert_eq!(code, 2, "a wrong command line: {stderr}");
        assert!(stderr.contains("YYYY-Qn, e.g. 2026-Q3"), "{stderr}");
    }
    assert!(!tmp.path().join("archive").exists());
}

#[test]
fn a_quarter_that_has_not_ended_is_refused() {
    let (tmp, _) = fixture();
    // On its last day a quarter can still get calls.
    let (code, _, stderr) = run_on(LAST_DAY_OF_Q3, tmp.path(), &["archive", "2026-Q3"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("2026-Q3 has not ended") && stderr.contains("from 1 Oct 2026"),
        "{stderr}"
    );
    let (code, _, stderr) = run_on(AFTER_Q3, tmp.path(), &["archive", "2027-Q1"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("2027-Q1 has not ended") && stderr.contains("from 1 Apr 2027"),
        "{stderr}"
    );
    assert!(!tmp.path().join("archive").exists());
}

/// The dates line of a round page.
fn round_dates(page: &Path) -> String {
    let html = fs::read_to_string(page).unwrap();
    let at = html
        .find("<p class=\"meta\">")
        .unwrap_or_else(|| panic!("{html}"));
    let end = at + html[at..].find("</p>").unwrap();
    text(&html[at..end])
}

#[test]
fn round_dates_are_as_of_the_quarters_end() {
    let (tmp, content) = fixture();
    let call = |round: &str, day: &str, who: &str| {
        let folder = content.join("calls").join(round);
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join(format!("{day}-{who}.md")),
            format!("+++\ncustomer = \"{who}\"\ndate = {day}\n+++\n\n## What would make it even better?\n\n> A size chart for wide feet. #size-guide\n"),
        )
        .unwrap();
    };
    // No _round.toml: its dates come from its calls.
    call("2026-09-sizing", "2026-09-10", "ana");
    call("2026-09-sizing", "2026-10-02", "ben");
    // A planned end after the quarter: not known yet on 30 Sep.
    call("2026-09-returns", "2026-09-22", "cy");
    call("2026-09-returns", "2026-10-05", "di");
    fs::write(
        content.join("calls/2026-09-returns/_round.toml"),
        "start = 2026-09-20\nend = 2026-10-10\n",
    )
    .unwrap();
    let (ok, _, stderr) = run_archive(tmp.path(), &["2026-Q3"]);
    assert!(ok, "{stderr}");
    let rounds = tmp.path().join("archive/2026-Q3/rounds");
    assert_eq!(
        round_dates(&rounds.join("2026-09-sizing/index.html")),
        "10 Sep 2026"
    );
    assert_eq!(
        round_dates(&rounds.join("2026-09-returns/index.html")),
        "20 Sep 2026 – 22 Sep 2026"
    );
    // Dates in _round.toml on or before the quarter's end stay as written.
    assert_eq!(
        round_dates(&rounds.join("2026-08-checkout/index.html")),
        "10 Aug 2026 – 20 Aug 2026"
    );
}
