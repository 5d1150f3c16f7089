//! Building valid fixture sites and reading the pages out, as a stakeholder would.

mod common;
use common::{build, build_site, copy_dir, files, text, Built};

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const BASIC: &str = "tests/fixtures/basic";

fn build_basic() -> Built {
    build_site(Path::new(BASIC))
}

#[test]
fn every_page_of_the_url_scheme_is_written() {
    let site = build_basic();
    for page in [
        "index.html",
        "opportunities/index.html",
        "opportunities/mobile-checkout/index.html",
        "opportunities/size-guide/index.html",
        "opportunities/trail-finder/index.html",
        "quotes/checkout-timeout/index.html",
        "calls/2026-08-14-sarah-phoenix/index.html",
        "calls/2026-08-16-luis-austin/index.html",
        "rounds/2026-08-checkout/index.html",
        // a call directly under calls/ falls into its date's quarter
        "rounds/2026-Q3/index.html",
        "language/index.html",
        "assets/verbatim.css",
        "assets/verbatim.js",
    ] {
        assert!(site.out.join(page).is_file(), "missing {page}");
    }
    assert!(
        !site.out.join("calls/2026-08-20-unfinished").exists(),
        "_drafts is not content"
    );
    let quotes = fs::read_dir(site.out.join("quotes"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_dir())
        .count();
    assert_eq!(quotes, 8, "one page per quote");
}

#[test]
fn the_summary_line_counts_what_was_built() {
    let tmp = tempfile::tempdir().unwrap();
    let stdout = build(Path::new(BASIC), &tmp.path().join("public"));
    assert!(
        stdout.starts_with("built 26 pages (4 calls, 8 quotes, 5 opportunities, 2 rounds) into "),
        "{stdout}"
    );
}

#[test]
fn opportunity_page_leads_with_evidence_and_the_lead_quote() {
    let site = build_basic();
    let page = site.page("opportunities/mobile-checkout/index.html");
    let shown = text(&page);
    // Sarah (C-10482, two calls), Mia (C-20001) and Luis (no id: name + place).
    assert!(
        shown.contains(
            "Based on conversations with 3 customers, here's what Sarah from Phoenix, AZ told us:"
        ),
        "{shown}"
    );
    // The lead quote follows the sentence directly.
    let lead_text = "Honestly the shoes are great, but the checkout kept timing out on my phone, so I gave up twice.";
    assert!(
        shown.contains(&format!(
            "here's what Sarah from Phoenix, AZ told us: {lead_text}"
        )),
        "{shown}"
    );
    assert!(page.contains("../../quotes/checkout-timeout/index.html"));
    // Every tagged quote is there, linked to its call.
    assert!(page.contains("../../calls/2026-08-16-luis-austin/index.html"));
    assert!(page.contains("../../calls/2026-07-02-mia-denver/index.html"));
    assert!(shown.contains("The payment page froze on my Android phone."));
}

#[test]
fn quotes_are_grouped_by_question_newest_first() {
    let site = build_basic();
    let shown = text(&site.page("opportunities/mobile-checkout/index.html"));
    let after_lead = &shown[shown.find("Based on conversations").unwrap() + 300..];
    // "How well" (Sarah 08-14 and Luis 08-16: Luis first), then "better" (Sarah 08-18), then "problem" (Mia 07-02).
    let luis = after_lead.find("The payment page froze").unwrap();
    let sarah = after_lead.find("Honestly the shoes are great").unwrap();
    let again = after_lead.find("Still the checkout").unwrap();
    let mia = after_lead
        .find("Checkout on my phone would not take my card")
        .unwrap();
    assert!(luis < sarah, "newest first within a question");
    assert!(sarah < again && again > mia, "grouped in question order");
    let how_well = after_lead
        .find("How well did our product solve it?")
        .unwrap();
    assert!(how_well < luis);
}

#[test]
fn an_automatic_lead_says_it_was_picked() {
    let site = build_basic();
    let shown = text(&site.page("opportunities/size-guide/index.html"));
    assert!(
        shown.contains(
            "Based on conversations with 1 customer, here's what Sarah from Phoenix, AZ told us:"
        ),
        "{shown}"
    );
    assert!(
        shown.to_lowercase().contains("picked automatically"),
        "{shown}"
    );
    let lead_at = shown.find("told us:").unwrap();
    assert!(
        shown[lead_at..lead_at + 200].contains("A size guide that tells me"),
        "longest quote of the newest call"
    );
}

#[test]
fn ranking_follows_score_then_evidence_then_title() {
    let site = build_basic();
    let shown = text(&site.page("opportunities/index.html"));
    assert!(
        shown.contains("score = impact × (6 − complexity)"),
        "{shown}"
    );
    // Fix: order-tracking 5×4=20; mobile-checkout 16 with 3 customers; return-label 16 with 1.
    let a = shown.find("Order tracking by text message").unwrap();
    let b = shown.find("Checkout that works on phones").unwrap();
    let c = shown.find("A return label in the box").unwrap();
    assert!(a < b && b < c, "fix ranking order");
    let fill = shown.find("A size guide that compares brands").unwrap();
    let future = shown.find("Trail finder").unwrap();
    assert!(
        c < fill && fill < future,
        "buckets in Fix, Fill, Future order"
    );
}

#[test]
fn scripts_in_quotes_show_as_text() {
    let site = build_basic();
    for (path, bytes) in files(&site.out) {
        let page = String::from_utf8_lossy(&bytes);
        assert!(!page.contains("<script>alert"), "live script in {path}");
    }
    let call = site.page("calls/2026-08-14-sarah-phoenix/index.html");
    assert!(
        call.contains("&lt;script&gt;"),
        "the script is shown as text"
    );
}

#[test]
fn private_details_never_reach_the_output() {
    let site = build_basic();
    for (path, bytes) in files(&site.out) {
        let page = String::from_utf8_lossy(&bytes);
        for secret in ["sarah.k@example.com", "555-0143", "C-10482", "C-20001"] {
            assert!(!page.contains(secret), "{secret} leaked into {path}");
        }
    }
    let call = text(&site.page("calls/2026-08-14-sarah-phoenix/index.html"));
    assert!(
        call.contains("(email redacted)") && call.contains("(phone redacted)"),
        "{call}"
    );
}

#[test]
fn call_page_highlights_and_links_its_quotes_without_tags() {
    let site = build_basic();
    let page = site.page("calls/2026-08-14-sarah-phoenix/index.html");
    assert!(page.contains("id=\"q-checkout-timeout\""));
    assert!(page.contains("href=\"../../quotes/checkout-timeout/index.html\""));
    let shown = text(&page);
    assert!(
        !shown.contains("^checkout-timeout") && !shown.contains("#mobile-checkout"),
        "{shown}"
    );
    assert!(shown.contains("Runs 20 miles on weekends"));
}

#[test]
fn crlf_and_bom_notes_build_and_headings_match_loosely() {
    let site = build_basic();
    let luis = text(&site.page("calls/2026-08-16-luis-austin/index.html"));
    assert!(luis.contains("The payment page froze on my Android phone."));
    let loaded = verbatim::content::load(Path::new(BASIC)).ok().unwrap().site;
    let question = |needle: &str| {
        let q = loaded
            .quotes
            .iter()
            .find(|q| q.text.contains(needle))
            .unwrap();
        q.question.map(|i| loaded.questions[i].key.clone())
    };
    assert_eq!(
        question("payment page froze").as_deref(),
        Some("how-well"),
        "'2. How well did we solve it'"
    );
    assert_eq!(
        question("dog loves").as_deref(),
        None,
        "'Small talk' is other"
    );
    assert_eq!(
        question("would not take my card").as_deref(),
        Some("problem"),
        "'The problem'"
    );
}

#[test]
fn quote_page_shows_who_when_and_what_it_supports() {
    let site = build_basic();
    let page = site.page("quotes/checkout-timeout/index.html");
    let shown = text(&page);
    assert!(shown.contains("Honestly the shoes are great"));
    assert!(shown.contains("Sarah from Phoenix, AZ"));
    assert!(shown.contains("14 Aug 2026"));
    assert!(shown.contains("Checkout round"));
    assert!(shown.contains("How well did our product solve it?"));
    assert!(page.contains("../../opportunities/mobile-checkout/index.html"));
    assert!(page.contains("../../calls/2026-08-14-sarah-phoenix/index.html"));
    assert!(page.contains("copy-link"));
}

#[test]
fn derived_ids_survive_new_quotes_and_reordering() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(BASIC), &content);
    let first = tmp.path().join("first");
    build(&content, &first);
    let before: Vec<String> = fs::read_dir(first.join("quotes"))
        .unwrap()
        .map(Result::unwrap)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();

    // Add a quote above the others and re-wrap an existing one.
    let note = content.join("calls/2026-08-checkout/2026-08-16-luis-austin.md");
    let old = fs::read_to_string(&note).unwrap();
    let new = old
        .replace(
            "## 2. How well",
            "## Intro\r\n\r\n> A brand new quote. #size-guide\r\n\r\n## 2. How well",
        )
        .replace(
            "froze on my Android phone.",
            "froze on my\r\n> Android   phone.",
        );
    assert_ne!(old, new);
    fs::write(&note, new).unwrap();
    let second = tmp.path().join("second");
    build(&content, &second);
    for id in &before {
        assert!(
            second.join("quotes").join(id).join("index.html").is_file(),
            "quote {id} lost its URL"
        );
    }
    assert_eq!(
        fs::read_dir(second.join("quotes"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_dir())
            .count(),
        before.len() + 1
    );
}

#[test]
fn builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(Path::new(BASIC), &a);
    build(Path::new(BASIC), &b);
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{path} differs between builds");
    }
}

#[test]
fn links_are_relative_and_point_at_pages_that_exist() {
    let site = build_basic();
    let all = files(&site.out);
    let href = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    for (path, bytes) in &all {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8_lossy(bytes);
        let dir = Path::new(path).parent().unwrap();
        for cap in href.captures_iter(&page) {
            let target = &cap[1];
            assert!(!target.starts_with('/'), "absolute link {target} in {path}");
            if target.starts_with("http")
                || target.starts_with("mailto:")
                || target.starts_with('#')
                || target.is_empty()
            {
                continue;
            }
            let file = target.split('#').next().unwrap();
            let resolved = normalise(&dir.join(file));
            assert!(
                all.contains_key(&resolved),
                "{path} links to missing {target} ({resolved})"
            );
        }
    }
}

fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_build() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("thesis.txt"), "years of work").unwrap();
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content", BASIC, "--out"])
        .arg(&mine)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to replace"));
    assert_eq!(
        fs::read_to_string(mine.join("thesis.txt")).unwrap(),
        "years of work"
    );
}

#[test]
fn an_automatic_lead_passes_over_a_newer_quote_with_redacted_details() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(BASIC), &content);
    // A newer call whose only size-guide quote would show "(phone redacted)".
    fs::write(
        content.join("calls/2026-08-checkout/2026-08-30-nora-boise.md"),
        "+++\ncustomer = \"Nora\"\nlocation = \"Boise, ID\"\ndate = 2026-08-30\n+++\n\n\
         ## What would make it even better?\n\n\
         > Ring me on 602-555-0147 when the size guide is out. #size-guide\n",
    )
    .unwrap();
    let site = build_site(&content);
    let page = text(&site.page("opportunities/size-guide/index.html"));
    let lead = &page[page.find("Based on conversations").expect("lead sentence")..];
    assert!(
        lead.starts_with(
            "Based on conversations with 2 customers, here's what Sarah from Phoenix, AZ told us:"
        ),
        "{}",
        &lead[..200.min(lead.len())]
    );
    assert!(
        page.contains("(phone redacted)"),
        "Nora's quote is still on the page"
    );
}
