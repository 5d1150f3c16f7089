//! The follow-up loop over a fixture whose counts, shares and NPS are known by hand.
//!
//! tests/fixtures/follow-up: target 3 calls within 30 days.
//! Fast checkout, launched 2026-09-01 (window to 2026-10-01): follow-ups on 09-05 yes/10,
//! 09-10 yes/9, 09-20 partly/7, 10-01 no/3 (all in the window) and 10-15 yes/9 (after it).
//! Gift notes, launched 2026-11-10: one follow-up on 11-12, no/5.

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
    assert!(nps.margin > 40.0, "five answers say little: {}", nps.margin);
}

#[test]
fn still_missing_quotes_are_the_answers_to_that_question_newest_first() {
    let (site, a) = analysis();
    let v = &a.validations[&site.opportunity("fast-checkout").unwrap()];
    let texts: Vec<&str> = v
        .still_missing
        .iter()
        .map(|&q| site.quotes[q].text.as_str())
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
        site.quotes[pair.before].text,
        "Checkout took forever on my phone, I nearly gave up."
    );
    assert_eq!(site.quotes[pair.after].text, "It was yes for me.");
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
