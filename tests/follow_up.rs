//! The follow-up loop over a fixture whose counts, shares and NPS are known by hand.
//!
//! tests/fixtures/follow-up: target 3 calls within 30 days.
//! Fast checkout, launched 2026-09-01 (window to 2026-10-01): follow-ups on 09-05 yes/10,
//! 09-10 yes/9, 09-20 partly/7, 10-01 no/3 (all in the window) and 10-15 yes/9 (after it).
//! Gift notes, launched 2026-11-10: one follow-up on 11-12, no/5.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use verbatim::analysis::{analyze, Verdict};

const SITE: &str = "tests/fixtures/follow-up";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn analysis() -> (verbatim::model::Site, verbatim::analysis::Analysis) {
    let site = verbatim::content::load(Path::new(SITE)).ok().unwrap().site;
    let analysis = analyze(&site, day("2026-11-20"));
    (site, analysis)
}

#[test]
fn a_launch_that_met_its_target() {
    let (site, a) = analysis();
    let o = site.opportunity("fast-checkout").unwrap();
    let v = &a.validations[&o];
    assert_eq!(v.calls.len(), 5);
    assert_eq!(
        v.in_window, 4,
        "10-01 is the window's last day; 10-15 is after it"
    );
    assert_eq!(v.target, 3);
    assert!(v.target_met() && !v.needs_calls());
    assert!(!v.window_open);
    assert_eq!(v.missing_calls, 0);
    let [yes, partly, no] = v.solved;
    assert_eq!((yes.count, partly.count, no.count, yes.n), (3, 1, 1, 5));
    assert!((yes.value - 0.6).abs() < 1e-9);
    assert!(yes.low < 0.6 && yes.high > 0.6 && yes.low > 0.2 && yes.high < 0.95);
    assert_eq!(v.verdict, Verdict::Validated);
    let nps = v.nps.unwrap();
    // 10, 9, 9 promoters; 7 passive; 3 detractor: 60% - 20% = +40.
    assert_eq!(
        (nps.promoters, nps.passives, nps.detractors, nps.n),
        (3, 1, 1, 5)
    );
    assert!((nps.score - 40.0).abs() < 1e-9);
    assert!(
        nps.high - nps.low > 80.0,
        "five answers say little: {} to {}",
        nps.low,
        nps.high
    );
}

#[test]
fn still_missing_quotes_are_the_answers_to_that_question_newest_first() {
    let (site, a) = analysis();
    let v = &a.validations[&site.opportunity("fast-checkout").unwrap()];
    let texts: Vec<&str> = v
        .still_missing
        .iter()
        .map(|&q| &*site.quotes[q].text)
        .collect();
    assert_eq!(
        texts,
        [
            "Nothing, it is great.",
            "It still froze once.",
            "The coupon field is hidden.",
            "Saved addresses.",
            "Apple Pay would finish it off."
        ]
    );
}

#[test]
fn the_same_customer_before_and_after() {
    let (site, a) = analysis();
    let v = &a.validations[&site.opportunity("fast-checkout").unwrap()];
    assert_eq!(
        v.same_customers.len(),
        1,
        "only Ana (C-1) was called before the launch"
    );
    let pair = v.same_customers[0];
    assert_eq!(
        &*site.quotes[pair.before].text,
        "Checkout took forever on my phone, I nearly gave up."
    );
    assert_eq!(&*site.quotes[pair.after].text, "It was yes for me.");
}

#[test]
fn a_launch_short_of_calls_with_its_window_open() {
    let (site, a) = analysis();
    let v = &a.validations[&site.opportunity("gift-notes").unwrap()];
    assert_eq!((v.calls.len(), v.in_window, v.missing_calls), (1, 1, 2));
    assert!(v.window_open && v.needs_calls());
    assert_eq!(
        v.days_left, 20,
        "window ends 2026-12-10; today is 2026-11-20"
    );
    assert_eq!(v.verdict, Verdict::NotValidated);
    assert!(
        (v.nps.unwrap().score + 100.0).abs() < 1e-9,
        "a 5 is a detractor"
    );
    // Gus was never called before the launch.
    assert!(v.same_customers.is_empty());
}

#[test]
fn evidence_grows_along_the_timeline() {
    let (site, a) = analysis();
    let o = site.opportunity("fast-checkout").unwrap();
    let quotes = &a.opportunities[o].quotes;
    use verbatim::analysis::follow_up::evidence_on;
    assert_eq!(evidence_on(&site, quotes, day("2026-07-10")), 1);
    assert_eq!(evidence_on(&site, quotes, day("2026-09-01")), 1);
    // Ana (C-1, before and after), Cy, Di, Ed, Fay: Ana counts once.
    assert_eq!(evidence_on(&site, quotes, day("2026-10-31")), 5);
    assert_eq!(a.opportunities[o].evidence, 5);
}

/// Builds the fixture as of 2026-11-20 and returns a page's text.
fn built_page(out: &Path, rel: &str) -> String {
    let html = std::fs::read_to_string(out.join(rel)).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn build_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // 2026-11-20T12:00:00Z
    assert_cmd::Command::cargo_bin("verbatim")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795176000")
        .args(["build", "--content", SITE, "--out"])
        .arg(&out)
        .assert()
        .success();
    (tmp, out)
}

#[test]
fn the_dashboard_nags_about_the_short_launch_only() {
    let (_tmp, out) = build_fixture();
    let page = built_page(&out, "index.html");
    let health = &page[page.find("Loop health").unwrap()..page.find("Quick wins").unwrap()];
    assert!(
        health.contains("Gift notes (launched 10 Nov 2026): 2 follow-up calls missing")
            && health.contains("1 of 3 made, 20 days left."),
        "{health}"
    );
    assert!(!health.contains("Fast checkout"), "{health}");
    let launches = &page[page.find("Launches").unwrap()..];
    assert!(
        launches.contains("Fast checkout 1 Sep 2026 validated 4 / 3 60%"),
        "{launches}"
    );
    assert!(
        launches.contains("Gift notes 10 Nov 2026 not validated 1 / 3 0%"),
        "{launches}"
    );
}

#[test]
fn the_opportunity_page_shows_the_validation() {
    let (_tmp, out) = build_fixture();
    let page = built_page(&out, "opportunities/fast-checkout/index.html");
    assert!(
        page.contains("5 follow-up calls, 4 within 30 days (by 1 Oct 2026); target 3: met"),
        "{page}"
    );
    assert!(page.contains("Yes 3 60%"), "{page}");
    assert!(
        page.contains("Partly 1 20%") && page.contains("No 1 20%"),
        "{page}"
    );
    assert!(page.contains("Net Promoter Score +40"), "{page}");
    assert!(
        page.contains("n = 5: 3 promoters, 1 passive, 1 detractor"),
        "{page}"
    );
    assert!(
        page.contains("What's still missing") && page.contains("Apple Pay would finish it off.")
    );
    let pair = &page[page.find("before and after").unwrap()..];
    assert!(
        pair.contains("Ana")
            && pair.contains("Checkout took forever")
            && pair.contains("It was yes for me.")
    );
    assert!(
        page.contains("Launched 1 Sep 2026 · 1 customer by then"),
        "{page}"
    );
    let ranking = built_page(&out, "opportunities/index.html");
    assert!(
        ranking.contains("Fast checkout launched validated"),
        "{ranking}"
    );
}

#[test]
fn new_call_scaffolds_a_follow_up_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    for entry in walkdir::WalkDir::new(SITE) {
        let entry = entry.unwrap();
        let target = content.join(entry.path().strip_prefix(SITE).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let new_call = || {
        let mut cmd = assert_cmd::Command::cargo_bin("verbatim").unwrap();
        cmd.args([
            "new",
            "call",
            "--customer",
            "Zoë",
            "--location",
            "Boise, ID",
        ])
        .args([
            "--date",
            "2026-11-21",
            "--follow-up",
            "gift-notes",
            "--content",
        ])
        .arg(&content);
        cmd
    };
    new_call().assert().success();
    // The latest round is the follow-up round.
    let path = content.join("calls/2026-09-follow-up/2026-11-21-zoe-boise.md");
    let note = std::fs::read_to_string(&path).unwrap();
    assert!(
        note.contains("kind = \"follow-up\"\nfollows_up = \"gift-notes\"\n"),
        "{note}"
    );
    for q in [
        "## Did this solve the problem you described?",
        "## What's still missing?",
        "## Would you recommend this to a friend?",
    ] {
        assert!(note.contains(q), "{note}");
    }
    assert!(!note.contains("## What problem"));
    std::fs::write(&path, format!("{note}\n> It came straight. #gift-notes\n")).unwrap();
    let written = std::fs::read(&path).unwrap();
    let again = new_call().assert().failure();
    let stderr = String::from_utf8_lossy(&again.get_output().stderr).into_owned();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        written,
        "the note was not touched"
    );
    // The scaffolded note builds.
    assert_cmd::Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(tmp.path().join("public"))
        .assert()
        .success();
}

#[test]
fn a_follow_up_dated_before_its_launch_is_a_warning_and_not_counted() {
    let (tmp, content) = common::fixture_copy(SITE);
    // Ana's "yes" moved to the day before Fast checkout launched (2026-09-01).
    let note = content.join("calls/2026-09-follow-up/2026-09-05-ana.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("date = 2026-09-05", "date = 2026-08-31"),
    )
    .unwrap();
    let loaded = verbatim::content::load(&content).ok().unwrap();
    let warnings: Vec<String> = loaded.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("2026-09-05-ana.md:6:14: warning:")
                && w.contains("dated before `fast-checkout` launched (2026-09-01)")),
        "{warnings:#?}"
    );
    let a = analyze(&loaded.site, day("2026-11-20"));
    let v = &a.validations[&loaded.site.opportunity("fast-checkout").unwrap()];
    assert_eq!(v.calls.len(), 4, "the early call checks nothing");
    assert_eq!(v.solved[0].count, 2, "its yes is not counted");
    drop(tmp);
}
