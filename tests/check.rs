//! `verbatim check`: broken links and anchors, vanished quote URLs, aliases, --deny-warnings.

mod common;
use common::{fixture_copy, run_in};

use std::fs;
use std::path::{Path, PathBuf};

/// A copy of the basic fixture in a temporary folder: (folder, content folder).
fn fixture() -> (tempfile::TempDir, PathBuf) {
    fixture_copy("tests/fixtures/basic")
}

fn override_template(content: &Path, name: &str, from: &str, to: &str) {
    let theme = fs::read_to_string(format!("themes/default/templates/{name}")).unwrap();
    assert!(theme.contains(from), "{name} has no {from}");
    fs::create_dir_all(content.join("templates")).unwrap();
    fs::write(
        content.join("templates").join(name),
        theme.replacen(from, to, 1),
    )
    .unwrap();
}

const SARAH: &str = "calls/2026-08-checkout/2026-08-14-sarah-phoenix.md";

#[test]
fn a_clean_site_checks_without_writing_anything() {
    let (tmp, _) = fixture();
    let (ok, stdout, stderr) = run_in(tmp.path(), &["check"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains(": 0 errors, 0 warnings"), "{stdout}");
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["content"], "check wrote something");
}

#[test]
fn a_broken_link_in_a_template_override_is_an_error_at_its_line() {
    let (tmp, content) = fixture();
    override_template(
        &content,
        "base.html",
        "{{ root }}rounds/index.html\"",
        "{{ root }}round/index.html\"",
    );
    let (ok, _, stderr) = run_in(tmp.path(), &["check"]);
    assert!(!ok, "check passed with a broken link");
    assert!(stderr.contains("broken link"), "{stderr}");
    assert!(
        stderr.contains("the site has no round/index.html"),
        "{stderr}"
    );
    // Pointed at the template line that writes it, and said once for all pages.
    let line = fs::read_to_string(content.join("templates/base.html"))
        .unwrap()
        .lines()
        .position(|l| l.contains("round/index.html"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("templates/base.html:{line}:")),
        "{stderr}"
    );
    assert_eq!(stderr.matches("broken link").count(), 1, "{stderr}");
}

#[test]
fn a_broken_anchor_is_an_error() {
    let (tmp, content) = fixture();
    override_template(
        &content,
        "quote.html",
        "<dl class=\"facts\">",
        "<a href=\"{{ root }}index.html#nowhere\">top</a><dl class=\"facts\">",
    );
    let (ok, _, stderr) = run_in(tmp.path(), &["check"]);
    assert!(!ok);
    assert!(
        stderr.contains("broken anchor") && stderr.contains("id=\"nowhere\""),
        "{stderr}"
    );
}

#[test]
fn deny_warnings_fails_on_a_warning() {
    let (tmp, content) = fixture();
    // A link starting with `/` breaks under a sub-path: a warning.
    override_template(
        &content,
        "base.html",
        "{{ root }}rounds/index.html\"",
        "/rounds/index.html\"",
    );
    let (ok, stdout, stderr) = run_in(tmp.path(), &["check"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("0 errors, 1 warning"), "{stdout}");
    assert!(
        stderr.contains("warning: link `/rounds/index.html` starts with `/`"),
        "{stderr}"
    );
    let (ok, stdout, _) = run_in(tmp.path(), &["check", "--deny-warnings"]);
    assert!(!ok, "--deny-warnings passed a warning");
    assert!(stdout.contains("(--deny-warnings)"), "{stdout}");
}

/// Changes the words of Sarah's first quote, whose id is derived from them;
/// returns its (old, new) id, found by building before and after into scratch folders.
fn reword_first_quote(dir: &Path, content: &Path) -> (String, String) {
    assert!(run_in(dir, &["build", "--out", "before"]).0);
    let path = content.join(SARAH);
    let note = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        note.replacen("> I wanted something", "> Well, I wanted something", 1),
    )
    .unwrap();
    assert!(run_in(dir, &["build", "--out", "after"]).0);
    let before = manifest_ids(&dir.join("before"));
    let after = manifest_ids(&dir.join("after"));
    let gone: Vec<&String> = before.iter().filter(|id| !after.contains(id)).collect();
    let added: Vec<&String> = after.iter().filter(|id| !before.contains(id)).collect();
    assert_eq!((gone.len(), added.len()), (1, 1), "{before:?} {after:?}");
    fs::remove_dir_all(dir.join("before")).unwrap();
    fs::remove_dir_all(dir.join("after")).unwrap();
    (gone[0].clone(), added[0].clone())
}

fn manifest_ids(out: &Path) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("quotes/manifest.json")).unwrap())
            .unwrap();
    json["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_vanished_quote_id_is_reported_with_how_to_keep_it() {
    let (tmp, content) = fixture();
    let (ok, _, stderr) = run_in(tmp.path(), &["build"]);
    assert!(ok, "{stderr}");
    let before = manifest_ids(&tmp.path().join("public"));
    assert!(
        before.contains(&"checkout-timeout".to_string()),
        "{before:?}"
    );
    let (old, new) = reword_first_quote(tmp.path(), &content);
    let (ok, _, stderr) = run_in(tmp.path(), &["check", "--against", "public"]);
    assert!(!ok, "check passed although a published quote URL vanished");
    assert!(stderr.contains(&format!("{SARAH}: error: quote URL quotes/{old}/index.html was published and would no longer be served")), "{stderr}");
    assert!(stderr.contains(&format!("`^{old}`")), "{stderr}");
    assert!(
        stderr.contains(&format!("aliases = {{ {old} = \"{new}\" }}")),
        "{stderr}"
    );

    // build warns about the same URL, and still builds.
    let (ok, _, stderr) = run_in(tmp.path(), &["build"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(&format!("warning: quote URL quotes/{old}/index.html")),
        "{stderr}"
    );
}

#[test]
fn the_default_comparison_is_only_with_a_build_of_the_same_content() {
    let (tmp, _) = fixture();
    assert!(run_in(tmp.path(), &["build"]).0);
    let (ok, stdout, stderr) = run_in(tmp.path(), &["check"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("quote URLs compared with public"),
        "{stdout}"
    );
    // Another site's notes checked from the same folder: public/ is not its build,
    // and none of public/'s quotes may be reported as vanished.
    common::copy_dir(
        Path::new("tests/fixtures/follow-up"),
        &tmp.path().join("other"),
    );
    let (ok, stdout, stderr) = run_in(tmp.path(), &["check", "--content", "other"]);
    assert!(ok, "{stderr}");
    assert!(
        !stderr.contains("vanished") && !stderr.contains("no longer be served"),
        "{stderr}"
    );
    assert!(!stdout.contains("compared with"), "{stdout}");
    // Asked for explicitly, the comparison is made.
    let (ok, _, stderr) = run_in(
        tmp.path(),
        &["check", "--content", "other", "--against", "public"],
    );
    assert!(!ok, "every quote of public/ is missing from other/");
    assert!(stderr.contains("would no longer be served"), "{stderr}");
}

#[test]
fn an_alias_keeps_the_old_url_as_a_redirect_page() {
    let (tmp, content) = fixture();
    assert!(run_in(tmp.path(), &["build"]).0);
    let (old, new) = reword_first_quote(tmp.path(), &content);
    let path = content.join(SARAH);
    let note = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        note.replacen(
            "date = 2026-08-14\n",
            &format!("date = 2026-08-14\naliases = {{ {old} = \"{new}\" }}\n"),
            1,
        ),
    )
    .unwrap();

    let (ok, stdout, stderr) = run_in(tmp.path(), &["check", "--deny-warnings"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("compared with public"), "{stdout}");
    let (ok, _, stderr) = run_in(tmp.path(), &["build"]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let out = tmp.path().join("public");
    let redirect = fs::read_to_string(out.join(format!("quotes/{old}/index.html"))).unwrap();
    let target = format!("../{new}/index.html");
    assert!(
        redirect.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
        )),
        "{redirect}"
    );
    assert!(
        redirect.contains(&format!("<a href=\"{target}\">")),
        "{redirect}"
    );
    assert!(!redirect.contains("<script"), "{redirect}");
    assert!(out.join(format!("quotes/{new}/index.html")).is_file());
    let manifest = fs::read_to_string(out.join("quotes/manifest.json")).unwrap();
    assert!(
        manifest.contains(&format!("\"id\": \"{old}\",\n      \"to\": \"{new}\"")),
        "{manifest}"
    );
}

#[test]
fn an_alias_to_no_quote_is_a_located_error() {
    let (tmp, content) = fixture();
    let path = content.join(SARAH);
    let note = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        note.replacen(
            "date = 2026-08-14\n",
            "date = 2026-08-14\naliases = { old-one = \"checkout-timeuot\" }\n",
            1,
        ),
    )
    .unwrap();
    let (ok, _, stderr) = run_in(tmp.path(), &["check"]);
    assert!(!ok);
    assert!(stderr.contains(&format!("{SARAH}:5:")), "{stderr}");
    assert!(
        stderr.contains("alias `old-one` points to `checkout-timeuot`, which is no quote"),
        "{stderr}"
    );
    assert!(
        stderr.contains("checkout-timeout"),
        "did you mean: {stderr}"
    );
}

/// `file:line:col` of the first `needle` in the content file `rel`, as check run in
/// the fixture's folder reports it.
fn place(content: &Path, rel: &str, needle: &str) -> String {
    let text = fs::read_to_string(content.join(rel)).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{rel} has no {needle}"));
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("content/{rel}:{line}:{col}")
}

#[test]
fn a_broken_link_in_a_note_is_an_error_at_its_line_in_the_note() {
    let (tmp, content) = fixture();
    let opp = "opportunities/size-guide.md";
    let text = fs::read_to_string(content.join(opp)).unwrap();
    fs::write(
        content.join(opp),
        format!("{text}\nSee [the old guide](../nope/) first.\n"),
    )
    .unwrap();
    let luis = "calls/2026-08-checkout/2026-08-16-luis-austin.md";
    let text = fs::read_to_string(content.join(luis)).unwrap();
    fs::write(
        content.join(luis),
        text.replace(
            "## Small talk",
            "He sent [a photo](../../photos/luis.jpg).\n\n## Small talk",
        ),
    )
    .unwrap();
    let (ok, _, stderr) = run_in(tmp.path(), &["check"]);
    assert!(!ok, "check passed with broken links");
    assert!(
        stderr.contains(&format!(
            "{}: error: broken link `../nope/`",
            place(&content, opp, "../nope/")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{}: error: broken link `../../photos/luis.jpg`",
            place(&content, luis, "../../photos/luis.jpg")
        )),
        "{stderr}"
    );
    // Help for whoever writes notes, not for whoever writes templates.
    assert!(stderr.contains("links in a note"), "{stderr}");
    assert!(!stderr.contains("template"), "{stderr}");
    assert!(!stderr.contains("{{ root }}"), "{stderr}");
}

#[test]
fn base_url_must_be_an_absolute_address() {
    let (tmp, content) = fixture();
    let output = assert_cmd::Command::cargo_bin("verbatim")
        .unwrap()
        .current_dir(tmp.path())
        .args(["check", "--base-url", "research.example.com"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a wrong command line: {stderr}"
    );
    assert!(
        stderr.contains("--base-url") && stderr.contains("http:// or https://"),
        "{stderr}"
    );

    let site = content.join("site.toml");
    let text = fs::read_to_string(&site).unwrap();
    fs::write(
        &site,
        format!("{text}base_url = \"research.example.com/voice\"\n"),
    )
    .unwrap();
    let (ok, _, stderr) = run_in(tmp.path(), &["check"]);
    assert!(!ok, "check passed a base_url without a scheme");
    assert!(
        stderr.contains(&format!(
            "{}: error: `base_url` must start with http:// or https://",
            place(&content, "site.toml", "\"research.example.com/voice\"")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("https://research.example.com/voice"),
        "suggests the fix: {stderr}"
    );
}

#[test]
fn a_broken_link_snippet_shows_the_note_line_redacted() {
    let (tmp, content) = fixture();
    let opp = "opportunities/size-guide.md";
    let text = fs::read_to_string(content.join(opp)).unwrap();
    // The secrets sit before the link on its line, so the snippet would print them.
    let line = "Ask ann.kerr@example.com or +44 20 7946 0958 for [the old guide](../nope/).";
    fs::write(content.join(opp), format!("{text}\n{line}\n")).unwrap();
    let (ok, stdout, stderr) = run_in(tmp.path(), &["check"]);
    assert!(!ok, "check passed with a broken link");
    // Placed in the file as written, the snippet showing the line as redacted.
    assert!(
        stderr.contains(&format!(
            "{}: error: broken link `../nope/`",
            place(&content, opp, "../nope/")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "| Ask (email redacted) or (phone redacted) for [the old guide](../nope/).\n"
        ),
        "{stderr}"
    );
    for secret in ["ann.kerr", "example.com", "7946"] {
        assert!(!stderr.contains(secret), "{secret} in {stderr}");
        assert!(!stdout.contains(secret), "{secret} in {stdout}");
    }
}
