//! The customer-language page over a hand-made corpus whose answers are known.
//!
//! tests/fixtures/language: two rounds of six customers each.
//! - Winter (Jan): "size chart" from Ann, Bo, Cy (fades: nobody says it in spring);
//!   satisfaction from Ann ("love") and Bo ("great") = 2 of 6; Cy's "not easy" is
//!   negated and does not count; no purchase intent.
//! - Spring (Apr, after the packable jacket launched on 1 Mar): "packs down small" from
//!   Gus, Hal, Ivy, Jo = 4 of 6 against 0 of 6 (emerges); satisfaction from Gus
//!   ("love"), Hal ("great"), Jo ("easy"), Kim ("perfect") = 4 of 6, while Lu's
//!   "not great" is negated; intent "buy again" from Hal, Ivy, Kim = 3 of 6 (0 before).
//! - copy/home.md says "packs down small" and "engineered for peak performance" (which
//!   no customer says); "wide toe box" (Ann, Bo, Gus, all positive) it never says.

mod common;
use common::{build_site, copy_dir, text, Built};

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const SITE: &str = "tests/fixtures/language";

fn build(content: &Path) -> Built {
    build_site(content)
}

/// The HTML from the heading with id `from` to the next `<section`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The HTML of the list or table after the heading with id `id`, up to the next heading.
fn under<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start + 1..];
    let end = ["<h3", "<h2", "</section>"]
        .iter()
        .filter_map(|t| rest.find(t))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_planted_emerging_phrase_is_found_with_its_first_quote() {
    let site = build(Path::new(SITE));
    let html = site.page("language/index.html");
    let emerging = section(&html, "emerging-h");
    let t = text(emerging);
    let first_row = t.split("First quote").nth(1).unwrap();
    assert!(
        first_row
            .trim_start()
            .starts_with("“packs down small” 4 of 6 (67%) 0 of 6 (0%)"),
        "{first_row}"
    );
    assert!(
        t.contains("2 Apr 2026 in 2026-04-spring"),
        "first heard: {t}"
    );
    assert!(t.contains("“It packs down small and I love it.” — Gus from Taos, NM"));
    // The first quote links to its quote page.
    let quote_link = emerging
        .split("href=\"../")
        .find(|s| s.starts_with("quotes/"))
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(
        quote_link.starts_with("quotes/2026-04-02-gus-"),
        "{quote_link}"
    );
    assert!(site.out.join(quote_link).is_file());
    // Sub-phrases said by exactly the same customers are not listed again.
    assert!(!t.contains("“packs down”") && !t.contains("“small”"), "{t}");
    // The phrase in the old round fades.
    let fading = text(section(&html, "fading-h"));
    assert!(
        fading.contains("“size chart” 0 of 6 (0%) 3 of 6 (50%)"),
        "{fading}"
    );
    assert!(!fading.contains("packs down small"));
}

#[test]
fn shares_count_customers_and_negated_words_do_not_count() {
    let site = build(Path::new(SITE));
    let html = site.page("language/index.html");
    let table = text(section(&html, "words-h"));
    // Satisfaction 2/6 then 4/6 (Cy's "not easy" and Lu's "not great" do not count);
    // intent 0/6 then 3/6, rising after the launch.
    assert!(
        table.contains("2026-01-winter 6 33% 10–70% · 2/6 0% 0–39% · 0/6"),
        "{table}"
    );
    assert!(
        table.contains("2026-04-spring 6 67% 30–90% · 4/6 50% 19–81% · 3/6"),
        "{table}"
    );
    let lists = text(section(&html, "lexicon-h"));
    let satisfaction = lists.split("Purchase intent").next().unwrap();
    assert!(
        satisfaction.contains("Negated, so not counted")
            && satisfaction.contains("“Checkout was not easy on my phone.” — Cy from Provo, UT")
            && satisfaction.contains("“It was okay, not great.” — Lu from Delta, CO"),
        "{satisfaction}"
    );
    // The charts' numbers are there as CSV, with the launch as a marker.
    let csv = fs::read_to_string(site.out.join("language/language-satisfaction.csv")).unwrap();
    assert!(csv.contains("2026-03-01"), "{csv}");
    assert!(
        csv.lines().any(|l| l.starts_with("2026-04-04,66.7,")),
        "spring, plotted midway through the round: {csv}"
    );
}

#[test]
fn the_language_gap_finds_customer_only_and_copy_only_phrases() {
    let site = build(Path::new(SITE));
    let html = site.page("language/index.html");
    let customer_only = text(under(&html, "customer-only"));
    assert!(
        customer_only.contains("“wide toe box” 3 customers"),
        "{customer_only}"
    );
    assert!(customer_only.contains("“I love the wide toe box.” — Ann from Reno, NV"));
    assert!(
        !customer_only.contains("“packs down small” 4 customers"),
        "the copy says it"
    );
    let copy_only = text(under(&html, "copy-only"));
    assert!(
        copy_only.contains("“engineered for peak performance” Summit Gear"),
        "{copy_only}"
    );
    assert!(!copy_only.contains("packs down small"), "customers say it");
    let marketing = text(section(&html, "marketing-h"));
    assert!(
        marketing.contains("“packs down small” 3 customers in your copy"),
        "Gus, Hal and Jo are positive; Ivy's quote scores neutral: {marketing}"
    );
    assert!(marketing.contains("“wide toe box” 3 customers not in your copy"));
}

#[test]
fn dashboard_and_opportunity_pages_show_the_phrases() {
    let site = build(Path::new(SITE));
    let dashboard = text(&site.page("index.html"));
    assert!(
        dashboard.contains("Emerging phrases in the latest round")
            && dashboard.contains("“packs down small” 4 of 6 customers (67%, earlier 0%)"),
        "{dashboard}"
    );
    assert!(site
        .page("index.html")
        .contains("href=\"language/index.html\""));
    let opportunity = text(&site.page("opportunities/packable-jacket/index.html"));
    assert!(
        opportunity.contains("How its customers put it")
            && opportunity.contains("“packs down small” 4 customers"),
        "{opportunity}"
    );
}

#[test]
fn language_settings_replace_lists_and_unknown_keys_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(SITE), &content);
    fs::write(
        content.join("site.toml"),
        "title = \"T\"\n[language]\nintent = [\"fits in my pocket\"]\nreplace = [\"intent\"]\nmin_customers = 5\n",
    )
    .unwrap();
    let site = build(&content);
    let html = site.page("language/index.html");
    let table = text(section(&html, "words-h"));
    assert!(table.contains("4/6 17% 3–56% · 1/6"), "only Ivy: {table}");
    assert!(
        text(section(&html, "emerging-h")).contains("No phrase rose significantly with at least 5"),
        "4 customers are below min_customers = 5"
    );

    fs::write(
        content.join("site.toml"),
        "[language]\nsatisfation = [\"comfy\"]\n",
    )
    .unwrap();
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("site.toml:2:1") && stderr.contains("`satisfaction`"),
        "{stderr}"
    );
}

#[test]
fn a_site_without_quotes_or_copy_says_what_to_add() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir_all(content.join("calls")).unwrap();
    let site = build(&content);
    let html = text(&site.page("language/index.html"));
    assert!(html.contains("No quotes yet."), "{html}");
}

/// tests/fixtures/language/reviews/store-export.csv (BOM, CRLF, quoted commas, a
/// quoted newline, doubled quotes, an ignored column, an empty text): "packs down
/// small" reaches its third review on 4 Aug 2026, 122 days after its third customer on
/// 4 Apr 2026; "small", which customers only say in "packs down small", reaches its
/// third review ("runs small" on 15 May, then 1 Jun, 1 Jul) 88 days after; the median
/// of the two is 105 days. "fast shipping" only reviews say; "size chart" only calls.
#[test]
fn reviews_trail_the_calls_by_a_known_lead() {
    let site = build(Path::new(SITE));
    let html = site.page("language/index.html");
    let reviews = section(&html, "reviews-h");
    let t = text(reviews);
    assert!(
        t.contains("6 reviews against every call quote"),
        "the empty text is skipped: {t}"
    );
    assert!(
        t.contains("Median lead: 3 months (105 days) ahead , over 2 phrases that reached both"),
        "{t}"
    );
    assert!(
        t.contains("“packs down small” first 2 Apr 2026; 3 customers by 4 Apr 2026 (4 in all) first 1 Jun 2026; 3 reviews by 4 Aug 2026 (3 in all) 4 months (122 days) ahead"),
        "{t}"
    );
    assert!(t.contains("“It packs down small, really small.” — review, 1 Jun 2026 · 5/5"));
    assert!(
        t.contains("“small” first 2 Apr 2026; 3 customers by 4 Apr 2026 (4 in all) first 15 May 2026; 3 reviews by 1 Jul 2026 (4 in all) 3 months (88 days) ahead"),
        "a word reviews use apart from the longer phrase has its own lead: {t}"
    );
    let calls_only = text(under(&html, "calls-only"));
    assert!(
        calls_only.contains("“size chart” first 5 Jan 2026; 3 customers by 7 Jan 2026 (3 in all) none calls only, so far"),
        "{calls_only}"
    );
    let reviews_more = text(under(&html, "reviews-more"));
    assert!(
        reviews_more.contains("“fast shipping” 0 customers on calls · 3 reviews")
            && reviews_more.contains("“Fast shipping, great jacket.” — review, 10 Feb 2026"),
        "{reviews_more}"
    );
    // The dashboard states the lead; the opportunity page says which phrases reviews use.
    let dashboard = text(&site.page("index.html"));
    assert!(
        dashboard.contains("Calls hear phrases 3 months (105 days) ahead of reviews"),
        "{dashboard}"
    );
    let opportunity = text(&site.page("opportunities/packable-jacket/index.html"));
    assert!(
        opportunity
            .contains("“packs down small” 4 customers · first heard 2 Apr 2026 · in 3 reviews"),
        "{opportunity}"
    );
    // No email or phone number of a review reaches any page.
    for entry in walkdir::WalkDir::new(&site.out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let body = fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(
                !body.contains("jo@example.com") && !body.contains("555-201-3344"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_site_without_reviews_says_how_to_add_them() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(SITE), &content);
    fs::remove_dir_all(content.join("reviews")).unwrap();
    let site = build(&content);
    let t = text(section(&site.page("language/index.html"), "reviews-h"));
    assert!(
        t.contains("No reviews yet. Export your product reviews as CSV files into reviews/"),
        "{t}"
    );
}

#[test]
fn a_bad_review_date_is_a_located_error() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(SITE), &content);
    fs::write(
        content.join("reviews/bad.csv"),
        "text,date\n\"Nice, warm\",2026-02-30\n",
    )
    .unwrap();
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("reviews/bad.csv:2:14: error: bad date \"2026-02-30\""),
        "{stderr}"
    );
}

/// tests/fixtures/language-trial: the blind trial's site. Amy, Ben and Cal say
/// "squeaky heel counter" on calls (12 Jan, 20 Jan, 10 Mar 2026); three reviews say
/// only "squeaky heel" (12 May, 20 Jun, 10 Jul 2026), 122 days after the third
/// customer. Reviews and Cal's quote hold emails and phone numbers, redacted at load.
/// Amy (winter) and Dee (spring) say the same words about checkout.
const TRIAL: &str = "tests/fixtures/language-trial";

#[test]
fn a_phrase_calls_say_inside_a_longer_one_still_gets_its_lead() {
    let site = build(Path::new(TRIAL));
    let html = site.page("language/index.html");
    let t = text(section(&html, "reviews-h"));
    assert!(
        t.contains("Median lead: 4 months (122 days) ahead , over 1 phrase that reached both"),
        "{t}"
    );
    assert!(
        t.contains("“squeaky heel” first 12 Jan 2026; 3 customers by 10 Mar 2026 (3 in all) first 12 May 2026; 3 reviews by 10 Jul 2026 (3 in all) 4 months (122 days) ahead"),
        "{t}"
    );
    // The longer phrase no review says is still true, and still listed.
    let calls_only = text(under(&html, "calls-only"));
    assert!(
        calls_only.contains("“squeaky heel counter” first 12 Jan 2026; 3 customers by 10 Mar 2026 (3 in all) none calls only, so far"),
        "{calls_only}"
    );
    assert!(!calls_only.contains("“squeaky heel” "), "{calls_only}");
    let opportunity = text(&site.page("opportunities/heel-counter/index.html"));
    assert!(
        opportunity.contains(
            "“squeaky heel counter” 3 customers · first heard 12 Jan 2026 · not in reviews"
        ) && opportunity
            .contains("“squeaky heel” 3 customers · first heard 12 Jan 2026 · in 3 reviews"),
        "{opportunity}"
    );
}

/// The phrases a page shows in curly quotes that name a redaction. Excerpts of quotes
/// and reviews keep the placeholder in its parentheses, so they are not counted.
fn redaction_phrases(page_text: &str) -> Vec<String> {
    page_text
        .split('“')
        .skip(1)
        .filter_map(|s| s.split('”').next())
        .filter(|p| p.contains("redacted") && !p.contains('('))
        .map(str::to_string)
        .collect()
}

#[test]
fn redaction_placeholders_are_not_language() {
    let site = build(Path::new(TRIAL));
    let page = text(&site.page("language/index.html"));
    assert!(
        page.contains("Mail me at (email redacted)."),
        "quotes keep the placeholder: {page}"
    );
    assert_eq!(redaction_phrases(&page), Vec::<String>::new(), "{page}");
    let reviews_more = text(under(&site.page("language/index.html"), "reviews-more"));
    assert!(!reviews_more.contains("redacted"), "{reviews_more}");
    for rel in [
        "index.html",
        "opportunities/heel-counter/index.html",
        "opportunities/checkout/index.html",
    ] {
        assert_eq!(
            redaction_phrases(&text(&site.page(rel))),
            Vec::<String>::new(),
            "{rel}"
        );
    }
}

#[test]
fn words_whose_share_did_not_move_are_not_movers() {
    let site = build(Path::new(TRIAL));
    let html = site.page("language/index.html");
    let shifts = text(section(&html, "shift-h"));
    let (all, per_opportunity) = shifts.split_once("Per opportunity").unwrap();
    assert!(
        all.contains("↑ checkout 5.6% → 33.3%"),
        "the whole round's words did move: {all}"
    );
    let checkout = per_opportunity
        .split_once("Checkout that works on phones")
        .unwrap()
        .1;
    assert!(
        checkout.contains("2026-q1-winter 2026-q2-spring 0.00 3 → 3 (few)"),
        "{checkout}"
    );
    assert!(
        !checkout.contains('↓') && !checkout.contains('↑') && !checkout.contains("33.3%"),
        "same words, same shares, no movers: {checkout}"
    );
}

/// The rows of the first table in `html`, each as its text.
fn first_table_rows(html: &str) -> Vec<String> {
    let body = html.split_once("<tbody>").unwrap().1;
    let body = body.split_once("</tbody>").unwrap().0;
    body.split("<tr>").skip(1).map(text).collect()
}

#[test]
fn an_opportunity_page_has_all_its_shifts_and_the_language_page_its_latest() {
    // The sample: "A size guide…" is quoted in six rounds, so it has five shifts.
    let site = build(Path::new("content"));
    let own = site.page("opportunities/size-guide/index.html");
    let all = first_table_rows(section(&own, "shift-h"));
    assert_eq!(all.len(), 5, "{all:#?}");
    assert!(
        all[0].starts_with("Fit and sizing Checkout and delivery"),
        "oldest first: {all:#?}"
    );

    let language = site.page("language/index.html");
    let per_opportunity = section(&language, "shift-h")
        .split_once("Per opportunity")
        .unwrap()
        .1;
    let size_guide = per_opportunity
        .split_once("A size guide that compares to brands people already wear</a></h4>")
        .unwrap()
        .1;
    let shown = first_table_rows(size_guide);
    assert_eq!(shown, [all[4].clone()], "only the latest shift");
    let link =
        "<a href=\"../opportunities/size-guide/index.html#shift-h\">All 5 shifts on its page</a>";
    assert!(
        size_guide.split("<h4>").next().unwrap().contains(link),
        "{size_guide}"
    );
}
