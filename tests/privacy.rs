//! Secrets planted in every field of a fixture site must be absent from every byte
//! of the built site, and the audit beside it must say where each was, without it.

mod common;
use common::{copy_dir, files};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const SECRETS: &str = "tests/fixtures/secrets";

/// Emails, phones, cards, order numbers and customer ids written in the fixture.
const PLANTED: &[&str] = &[
    "jenna.okonkwo@example.com",
    "rita+orders@shop.example.co.uk",
    "tex@as.example",
    "vip-club@club.example",
    "ceo@bigcorp.example",
    "support@secretshop.example",
    "(602) 555-0143",
    "602.555.0199",
    "512-555-0188",
    "+44 20 7946 0958",
    "+49 (0)30 1234567",
    "+1 415 555 0100",
    "06 12 34 56 78",
    "4111 1111 1111 1111",
    "5500-0000-0000-0004",
    "5500 0000 0000 0004",
    "ORD-123456",
    "ORD-654321",
    "CUST-99821",
    "CUST-12077",
];

/// The customers' names, which `publish = "wide"` must hide.
const NAMES: &[&str] = &["Jenna", "Okonkwo", "Björn"];

/// The fixture copied into a temporary folder, with `extra` appended to `site.toml`.
fn site(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(SECRETS), &content);
    if !extra.is_empty() {
        let mut toml = fs::read_to_string(content.join("site.toml")).unwrap();
        toml.push_str(extra);
        fs::write(content.join("site.toml"), toml).unwrap();
    }
    (tmp, content)
}

fn run(content: &Path, out: &Path) -> std::process::Output {
    Command::cargo_bin("verbatim")
        .unwrap()
        .env("VERBATIM_ALIAS_KEY", "a test key, not secret")
        .args(["build", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn build(content: &Path, out: &Path) {
    let output = run(content, out);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The forms a secret may take in output: as written, HTML-escaped, digits only.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![
        secret.to_string(),
        secret
            .replace('&', "&amp;")
            .replace('(', "&#40;")
            .replace('+', "&#43;"),
    ];
    let digits: String = secret.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 7 {
        forms.push(digits);
    }
    forms
}

/// Where in the built site a secret shows: `path` of each file holding it.
fn leaks(site: &BTreeMap<String, Vec<u8>>, secret: &str) -> Vec<String> {
    let mut found = Vec::new();
    for form in forms(secret) {
        for (path, bytes) in site {
            let text = String::from_utf8_lossy(bytes);
            let digits_only: String;
            let hay: &str = if form.chars().all(|c| c.is_ascii_digit()) {
                // A phone split by markup or spacing still leaks: compare digits only.
                digits_only = text.chars().filter(char::is_ascii_digit).collect();
                &digits_only
            } else {
                &text
            };
            if hay.contains(&form) || path.contains(&form) {
                found.push(format!("{path} ({form})"));
            }
        }
    }
    found
}

#[test]
fn no_planted_secret_reaches_any_output_byte() {
    let (tmp, content) = site("");
    let out = tmp.path().join("public");
    build(&content, &out);
    let site = files(&out);
    assert!(site.len() > 5, "the site was built: {:?}", site.keys());
    // Digit runs of the secrets could appear by chance in a long page's numbers only
    // if the page had them; this fixture is small, so any hit is a leak.
    for secret in PLANTED {
        let hits: Vec<String> = leaks(&site, secret)
            .into_iter()
            .filter(|h| !h.ends_with(".css)") && !h.ends_with(".js)"))
            .collect();
        assert!(hits.is_empty(), "{secret} leaked into {hits:?}");
    }
    // The words around the secrets are still there: redaction, not deletion.
    let call = String::from_utf8_lossy(&site["calls/2026-08-14-jenna-austin/index.html"]);
    assert!(call.contains("(email redacted)"), "{call}");
    assert!(call.contains("(phone redacted)"), "{call}");
    assert!(call.contains("(card number redacted)"), "{call}");
    assert!(call.contains("(customer id redacted)"), "{call}");
    assert!(call.contains("order (redacted) never came"), "{call}");
    assert!(call.contains("Jenna Okonkwo"), "internal sites show names");
}

#[test]
fn the_audit_sits_beside_the_site_and_names_places_not_secrets() {
    let (tmp, content) = site("");
    let out = tmp.path().join("public");
    build(&content, &out);
    let audit = fs::read_to_string(tmp.path().join("public.privacy.txt")).unwrap();
    assert!(!files(&out).keys().any(|k| k.contains("privacy")));
    for secret in PLANTED {
        for form in forms(secret) {
            assert!(!audit.contains(&form), "{form} in the audit:\n{audit}");
        }
    }
    let call = "calls/2026-08-checkout/2026-08-14-jenna-austin.md";
    for line in [
        format!("{call}:3: email redacted"),
        format!("{call}:6: phone number redacted"),
        format!("{call}:11: phone number redacted"),
        format!("{call}:13: email redacted"),
        format!("{call}:13: customer_id value redacted"),
        format!("{call}:16: card number redacted"),
        format!("{call}:19: [privacy] pattern `ORD-\\d{{6}}` redacted"),
        "calls/2026-08-checkout/_round.toml:1: [privacy] pattern `ORD-\\d{6}` redacted".into(),
        "opportunities/mobile-checkout.md:2: [privacy] pattern `ORD-\\d{6}` redacted".into(),
    ] {
        assert!(audit.contains(&line), "no `{line}` in:\n{audit}");
    }
    assert!(
        !audit.contains("2026-08-14-jenna-austin.md:5:"),
        "the customer_id line itself is not redacted:\n{audit}"
    );
}

#[test]
fn publishing_wide_replaces_names_by_stable_aliases_everywhere() {
    let (tmp, content) = site("publish = \"wide\"\n");
    let out = tmp.path().join("public");
    build(&content, &out);
    let site = files(&out);
    for secret in PLANTED.iter().chain(NAMES) {
        let hits = leaks(&site, secret);
        assert!(hits.is_empty(), "{secret} leaked into {hits:?}");
    }
    for name in ["jenna", "bjorn", "okonkwo"] {
        assert!(
            !site.keys().any(|p| p.contains(name)),
            "{name} in a URL: {:?}",
            site.keys()
        );
    }
    let opportunity =
        String::from_utf8_lossy(&site["opportunities/mobile-checkout/index.html"]).into_owned();
    let lead = regex::Regex::new(
        r"Based on conversations with 2 customers, here&#x27;s what (Customer [0-9A-F]{4}) from Austin, TX \(\(email redacted\)\) told us",
    )
    .unwrap();
    let alias = lead
        .captures(&opportunity)
        .unwrap_or_else(|| panic!("no aliased lead sentence in:\n{opportunity}"))[1]
        .to_string();
    // The lead named by `^jenna-checkout` is still found, under its aliased id.
    let id = format!("{}-checkout", alias.to_lowercase().replace(' ', "-"));
    assert!(
        site.contains_key(&format!("quotes/{id}/index.html")),
        "{:?}",
        site.keys()
    );
    // The same alias in the customer's own words and in another customer's call.
    let own = String::from_utf8_lossy(&site[&format!("quotes/{id}/index.html")]).into_owned();
    assert!(own.contains(&format!("{alias} here.")), "{own}");
    let other = site
        .iter()
        .find(|(p, _)| p.starts_with("calls/2026-08-16-"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(
        other.contains(&format!("{alias} told me about you")),
        "{other}"
    );

    // Stable: the same key gives the same aliases in a second build.
    let again = tmp.path().join("again");
    build(&content, &again);
    assert_eq!(files(&again), site);
}

#[test]
fn the_guard_stops_a_build_that_would_publish_a_known_secret() {
    let (tmp, content) = site("");
    let out = tmp.path().join("public");
    build(&content, &out);
    let before = files(&out);
    // A static file is copied as it is, so a secret in it can only be caught at output.
    fs::create_dir_all(content.join("static")).unwrap();
    fs::write(
        content.join("static/contacts.html"),
        "<p>Escalate to jenna.okonkwo@example.com</p>",
    )
    .unwrap();
    let output = run(&content, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("contacts.html"), "{stderr}");
    assert!(stderr.contains("privacy guard"), "{stderr}");
    assert!(
        stderr.contains("2026-08-14-jenna-austin.md:13"),
        "says where the secret came from: {stderr}"
    );
    assert!(!stderr.contains("jenna.okonkwo@"), "{stderr}");
    assert_eq!(files(&out), before, "the previous site is left as it was");
}

#[test]
fn wide_without_a_key_warns_that_aliases_can_be_guessed() {
    let (tmp, content) = site("publish = \"wide\"\n");
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .env_remove("VERBATIM_ALIAS_KEY")
        .args(["build", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(tmp.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("alias_key"), "{stderr}");
    assert!(stderr.contains("VERBATIM_ALIAS_KEY"), "{stderr}");
}

const TRIAL: &str = "tests/fixtures/privacy-trial";
const JO: &str = "calls/2026-09-fit/2026-09-03-jo-leeds.md";

/// What a blind hostile trial wrote in the notes of `TRIAL` and saw published.
const TRIAL_PLANTED: &[&str] = &[
    "+44 20 7946 0777",
    "030/1234568",
    "1-800-555-0100",
    "030/1234569",
    "(030) 1234570",
    "(+44) 20 7946 0111",
    "+44",
    "1-800-555-0199",
    "sarah&#64;entity.example",
    "sarah@entity.example",
    "jo@entity.example",
    "kim@entity.example",
    "entity.example",
    "4111 1111 1111 1117",
    "1117",
];

/// The `TRIAL` fixture in a temporary folder, with `extra` files written into it.
fn trial(extra: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(TRIAL), &content);
    for (rel, text) in extra {
        let path = content.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    (tmp, content)
}

#[test]
fn the_hostile_trial_finds_nothing_published() {
    let (tmp, content) = trial(&[]);
    let out = tmp.path().join("public");
    build(&content, &out);
    let site = files(&out);
    for secret in TRIAL_PLANTED {
        let hits: Vec<String> = leaks(&site, secret)
            .into_iter()
            .filter(|h| !h.ends_with(".css)") && !h.ends_with(".js)"))
            .collect();
        assert!(hits.is_empty(), "{secret} leaked into {hits:?}");
    }
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(!text.contains("c-20001"), "the customer id is in {path}");
    }
    let call = String::from_utf8_lossy(&site["calls/2026-09-03-jo-leeds/index.html"]).into_owned();
    // The wrapped phone's quote is still one quote, its words kept around the mark.
    assert!(
        call.contains("<p>Call me back on (phone redacted)\nany time.</p>\n</blockquote>"),
        "{call}"
    );
    assert!(call.contains("(customer id redacted)"), "{call}");
    assert!(
        call.contains("The card (card number redacted) was refused."),
        "{call}"
    );
    let audit = fs::read_to_string(tmp.path().join("public.privacy.txt")).unwrap();
    for line in [
        format!("{JO}:10: phone number redacted"),
        format!("{JO}:17: email redacted"),
        format!("{JO}:20: customer_id value redacted"),
        format!("{JO}:22: card number redacted"),
    ] {
        assert!(audit.contains(&line), "no `{line}` in:\n{audit}");
    }
}

#[test]
fn an_error_on_a_redacted_line_is_placed_in_the_file_as_written() {
    let mut note = fs::read_to_string(Path::new(TRIAL).join(JO)).unwrap();
    let line = note.lines().count() + 2;
    note.push_str(
        "\n> Mail me at tommy.long.address@example.com or +44 20 7946 0958 please. #gift-cardz\n",
    );
    let (tmp, content) = trial(&[(JO, &note)]);
    let output = run(&content, &tmp.path().join("public"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!("2026-09-03-jo-leeds.md:{line}:73: error")),
        "{stderr}"
    );
    // The snippet shows the line as redacted, the caret under the tag there.
    let shown = "> Mail me at (email redacted) or (phone redacted) please. #gift-cardz";
    let caret = format!(
        "\n{} | {}^",
        " ".repeat(line.to_string().len()),
        " ".repeat(shown.find('#').unwrap())
    );
    assert!(stderr.contains(&format!("{line} | {shown}\n")), "{stderr}");
    assert!(stderr.contains(&caret), "{stderr}");
    assert!(
        !stderr.contains("tommy") && !stderr.contains("7946"),
        "{stderr}"
    );
}

#[test]
fn the_guard_names_the_page_the_kind_of_detail_and_what_to_do() {
    let (tmp, content) = trial(&[("static/contacts.html", "<p>Jo: +44 20 7946 0777</p>")]);
    let output = run(&content, &tmp.path().join("public"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    // The page as the site names it, not the folder it was being written to.
    let error = format!(
        "contacts.html: error: privacy guard: `contacts.html` would contain a phone number that was redacted at {JO}:10; the build was stopped and the previous site left as it was"
    );
    assert!(stderr.lines().any(|l| l == error), "{stderr}");
    assert!(
        !stderr.contains(&*tmp.path().to_string_lossy()),
        "no staging or output path: {stderr}"
    );
    // What to do, on a help line of its own.
    let help = stderr
        .lines()
        .find(|l| l.starts_with("  = help: "))
        .unwrap_or_else(|| panic!("no help line: {stderr}"));
    assert!(help.contains(&format!("look it up at {JO}:10")), "{help}");
    assert!(help.contains("[privacy] patterns"), "{help}");
    assert!(!stderr.contains("To fix it"), "{stderr}");
    assert!(!stderr.contains("<U+"), "{stderr}");
    assert!(!stderr.contains("7946"), "{stderr}");
}

#[test]
fn check_stops_where_the_guard_would_stop_the_build() {
    let (tmp, content) = trial(&[("static/contacts.html", "<p>Jo: +44 20 7946 0777</p>")]);
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .current_dir(tmp.path())
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "contacts.html: error: privacy guard: `contacts.html` would contain a phone number"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("7946"), "{stderr}");
}

#[test]
fn a_customer_id_in_another_case_in_another_note_is_redacted() {
    let sam = "+++\ncustomer = \"Sam\"\nlocation = \"York\"\ndate = 2026-09-04\ncustomer_id = \"C-20002\"\n+++\n\n## What problem were you trying to solve?\n\n> Jo (c-20001) sent me; my shoes pinch. #wide-fit\n";
    let sam_rel = "calls/2026-09-fit/2026-09-04-sam-york.md";
    let (tmp, content) = trial(&[(sam_rel, sam)]);
    let out = tmp.path().join("public");
    // Redacted where it is written, so the guard has nothing to stop.
    build(&content, &out);
    for (path, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("c-20001"), "the customer id is in {path}");
    }
    let call = fs::read_to_string(out.join("calls/2026-09-04-sam-york/index.html")).unwrap();
    assert!(
        call.contains("Jo ((customer id redacted)) sent me"),
        "{call}"
    );
    let audit = fs::read_to_string(tmp.path().join("public.privacy.txt")).unwrap();
    assert!(
        audit.contains(&format!("{sam_rel}:10: customer_id value redacted")),
        "{audit}"
    );
}
