//! The search index and quote link previews, read out of a built fixture site.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn build(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content", "tests/fixtures/basic", "--out"])
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The JSON argument of `verbatimSearch.<call>(<first>, <json>);`.
fn script_json(text: &str) -> serde_json::Value {
    let start = text.find(',').unwrap() + 1;
    let end = text.rfind(");").unwrap();
    serde_json::from_str(&text[start..end]).unwrap()
}

fn base36_deltas(coded: &str) -> Vec<u64> {
    let mut n = 0;
    coded
        .split(',')
        .map(|d| {
            n += u64::from_str_radix(d, 36).unwrap();
            n
        })
        .collect()
}

#[test]
fn the_index_finds_a_known_quote_and_who_said_it() {
    let (_tmp, out) = build(&[]);
    let meta = read(&out, "search/meta.js");
    let json: serde_json::Value = serde_json::from_str(
        meta.trim()
            .trim_start_matches("window.verbatimSearchMeta = ")
            .trim_end_matches(';'),
    )
    .unwrap();
    let shards: Vec<&str> = json["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    // "timing" lives in the longest shard key it starts with.
    let key = shards
        .iter()
        .filter(|k| "timing".starts_with(**k))
        .max_by_key(|k| k.len())
        .unwrap();
    let shard = script_json(&read(&out, &format!("search/shards/{key}.js")));
    let docs = base36_deltas(shard["timing"].as_str().expect("timing is indexed"));
    let chunk = json["chunk"].as_u64().unwrap();
    let found: Vec<serde_json::Value> = docs
        .iter()
        .map(|&d| {
            script_json(&read(&out, &format!("search/docs/{}.js", d / chunk)))[(d % chunk) as usize]
                .clone()
        })
        .collect();
    let quote = found
        .iter()
        .find(|row| row[1] == "quotes/checkout-timeout/index.html")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(quote[0], "q");
    assert!(
        quote[2]
            .as_str()
            .unwrap()
            .contains("the checkout kept timing out on my phone"),
        "{quote}"
    );
    assert_eq!(quote[3], "Sarah from Phoenix, AZ");
    assert!(
        out.join(quote[1].as_str().unwrap()).is_file(),
        "results link to quote pages"
    );
}

#[test]
fn shards_are_small_and_hold_nothing_private() {
    let (_tmp, out) = build(&[]);
    let mut files = 0;
    for entry in walkdir::WalkDir::new(out.join("search")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "js") {
            continue;
        }
        files += 1;
        let text = fs::read_to_string(entry.path()).unwrap();
        assert!(
            text.len() < 16 * 1024,
            "{} is {} bytes",
            entry.path().display(),
            text.len()
        );
        for private in [
            "C-10482",
            "C-20001",
            "sarah.k@example.com",
            "555-0143",
            "<script",
        ] {
            assert!(
                !text.contains(private),
                "{} holds {private}",
                entry.path().display()
            );
        }
    }
    assert!(files > 5, "the index is sharded: {files} files");
}

#[test]
fn the_search_page_loads_its_scripts_from_files() {
    let (_tmp, out) = build(&[]);
    let page = read(&out, "search/index.html");
    assert!(
        page.contains("<script src=\"meta.js\" defer></script>"),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"../assets/search.js\" defer></script>"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "no inline script");
    assert!(out.join("assets/search.js").is_file());
    // Every page has the search box, pointing at the search page relatively.
    let quote = read(&out, "quotes/checkout-timeout/index.html");
    assert!(
        quote.contains(
            "<form class=\"nav-search\" role=\"search\" action=\"../../search/index.html\""
        ),
        "{quote}"
    );
}

#[test]
fn quote_pages_unfurl_with_absolute_urls_given_a_base_url() {
    let (_tmp, out) = build(&["--base-url", "https://research.example.com/voice/"]);
    let page = read(&out, "quotes/checkout-timeout/index.html");
    let url = "https://research.example.com/voice/quotes/checkout-timeout/";
    assert!(
        page.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")),
        "{page}"
    );
    assert!(
        page.contains("<meta property=\"og:type\" content=\"article\">"),
        "{page}"
    );
    let title = "“Honestly the shoes are great, but the checkout kept timing out on my phone, so I gave up twice.”";
    assert!(
        page.contains(&format!("<meta property=\"og:title\" content=\"{title}\">")),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<meta name=\"twitter:title\" content=\"{title}\">"
        )),
        "{page}"
    );
    let description = "Sarah from Phoenix, AZ, 14 Aug 2026 · Checkout that works on phones";
    assert!(
        page.contains(&format!(
            "<meta property=\"og:description\" content=\"{description}\">"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<meta name=\"twitter:description\" content=\"{description}\">"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!("data-url=\"{url}\"")),
        "copy link copies the absolute URL: {page}"
    );
}

#[test]
fn without_a_base_url_previews_have_no_absolute_urls() {
    let (_tmp, out) = build(&[]);
    let page = read(&out, "quotes/checkout-timeout/index.html");
    assert!(!page.contains("og:url"), "{page}");
    assert!(
        page.contains("data-url=\"\""),
        "copy link falls back to the page's own address: {page}"
    );
    assert!(
        page.contains("<meta property=\"og:title\" content=\"“Honestly the shoes"),
        "{page}"
    );
}
