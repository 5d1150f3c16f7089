//! Hostile and odd content folders, generated in temporary folders: names that try
//! to escape or confuse, symbolic links, hostile text, very large inputs, and builds
//! killed at random moments. Each builds or fails with located errors, never panics.

mod common;
use common::files;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// A content folder from `(relative path, text)` pairs.
fn content(files: &[(&str, String)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("content");
    fs::create_dir_all(&dir).unwrap();
    for (rel, text) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    (tmp, dir)
}

fn verbatim(content: &Path, out: &Path) -> Output {
    Command::cargo_bin("verbatim")
        .unwrap()
        // A guard against hangs, not a speed test (the benchmark measures speed): the
        // debug build of the large-input site takes about 190 s alone on 2 cores, and
        // timed out at 300 s with the other tests of this file running beside it.
        .timeout(Duration::from_secs(900))
        .args(["build", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn built(o: &Output) {
    assert!(o.status.success(), "build failed:\n{}", stderr(o));
}

/// A failed build: exit status 1, no panic, and the error text.
fn failed(o: &Output) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("build failed"), "{err}");
    err
}

fn call(customer: &str, date: &str, body: &str) -> String {
    format!("+++\ncustomer = {customer:?}\ndate = {date}\n+++\n\n{body}")
}

fn opportunity(title: &str) -> String {
    format!("+++\ntitle = {title:?}\nbucket = \"fix\"\nimpact = 3\ncomplexity = 2\n+++\n\nWhy it matters.\n")
}

#[test]
fn names_that_escape_or_confuse_are_content_errors() {
    let quote = "## Q\n\n> Words. #ok\n".to_string();
    let (tmp, dir) = content(&[
        ("opportunities/ok.md", opportunity("OK")),
        ("opportunities/Mobile.md", opportunity("Mobile")),
        ("opportunities/mobile.md", opportunity("mobile")),
        ("opportunities/con.md", opportunity("Reserved on Windows")),
        (
            "calls/2026-08-14-\u{202e}gpj.md",
            call("A", "2026-08-14", &quote),
        ),
        (
            "calls/2026-08-14-zero\u{200b}width.md",
            call("B", "2026-08-14", &quote),
        ),
        (
            "calls/２０２６．08-14-full.md",
            call("C", "2026-08-14", &quote),
        ),
        (
            "calls/2026-08-14-caf\u{e9}.md",
            call("D", "2026-08-14", &quote),
        ),
        (
            "calls/2026-08-14-cafe\u{301}.md",
            call("E", "2026-08-14", &quote),
        ),
        (
            "calls/2026-08-14 with spaces.md",
            call("F", "2026-08-14", &quote),
        ),
        ("calls/2026-08-14-sarah.md", call("G", "2026-08-14", &quote)),
        (
            "calls/2026-08-15-x/2026-08-14-Sarah.md",
            call("H", "2026-08-14", &quote),
        ),
        (
            "calls/2026-q3/2026-07-01-i.md",
            call("I", "2026-07-01", &quote),
        ),
        ("calls/2026-07-02-j.md", call("J", "2026-07-02", &quote)),
        ("calls/..md", call("K", "2026-07-02", &quote)),
        (
            "calls/2026-07-03-k.md",
            call("L", "2026-07-03", "> Tag tricks. #../../etc ^../up #ok\n"),
        ),
    ]);
    let err = failed(&verbatim(&dir, &tmp.path().join("public")));
    for expected in [
        "call file name `2026-08-14-<U+202E>gpj` cannot be part of a URL",
        "call file name `2026-08-14-zero<U+200B>width` cannot be part of a URL",
        "call file name `２０２６．08-14-full` cannot be part of a URL",
        "call file name `2026-08-14-caf\u{e9}` cannot be part of a URL",
        "call file name `2026-08-14-cafe\u{301}` cannot be part of a URL",
        "call file name `2026-08-14 with spaces` cannot be part of a URL",
        "a second call with the file name `2026-08-14-sarah`",
        "opportunity file name `mobile` differs only in case from",
        "opportunity file name `con` cannot be a tag and a URL",
        "round `2026-q3` differs only in case from round `2026-Q3`",
    ] {
        assert!(err.contains(expected), "no `{expected}` in:\n{err}");
    }
    // Invisible characters are shown, never printed raw to the terminal.
    assert!(
        !err.contains('\u{202e}') && !err.contains('\u{200b}'),
        "{err}"
    );
    // `..md` is a hidden file (it starts with `.`): not read at all.
    assert!(!err.contains("..md"), "{err}");
    // Every error names its file.
    for line in err.lines().filter(|l| l.contains(": error: ")) {
        assert!(line.contains("content"), "{line}");
    }
    assert!(!tmp.path().join("public").exists());
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_content_folder_are_reported() {
    use std::os::unix::fs::symlink;
    let (tmp, dir) = content(&[
        ("opportunities/ok.md", opportunity("OK")),
        (
            "calls/r/2026-08-14-a.md",
            call("A", "2026-08-14", "> Hi. #ok\n"),
        ),
        ("static/keep.txt", "fine".into()),
    ]);
    let outside = tmp.path().join("private");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("id_rsa"), "PRIVATE KEY").unwrap();
    fs::write(outside.join("2026-08-15-b.md"), call("B", "2026-08-15", "")).unwrap();
    symlink(dir.join("calls"), dir.join("calls/r/loop")).unwrap();
    symlink(outside.join("id_rsa"), dir.join("static/id_rsa")).unwrap();
    symlink(&outside, dir.join("calls/elsewhere")).unwrap();
    symlink(
        dir.join("opportunities/ok.md"),
        dir.join("static/inside.md"),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let err = failed(&verbatim(&dir, &out));
    assert!(
        err.contains("this link points back to a folder that contains it"),
        "{err}"
    );
    assert!(err.contains("loop"), "{err}");
    assert!(
        err.contains("static/id_rsa: error: this link leads out of the content folder"),
        "{err}"
    );
    assert!(
        err.contains("calls/elsewhere: error: this link leads out of the content folder"),
        "{err}"
    );
    assert!(
        !err.contains("inside.md"),
        "links inside the content folder are fine: {err}"
    );
    assert!(!out.exists());
}

#[test]
fn content_and_output_may_not_contain_each_other() {
    let (tmp, dir) = content(&[("opportunities/ok.md", opportunity("OK"))]);
    let o = verbatim(&dir, &dir.join("public"));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("may not contain each other"),
        "{}",
        stderr(&o)
    );
    let o = verbatim(&dir, tmp.path());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("may not contain each other"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("public").exists());
}

/// Scans a page for anything the Content Security Policy would block or that
/// escaping should have stopped.
fn check_page(path: &str, html: &str) {
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';"),
        "{path} has no CSP"
    );
    let lower = html.to_lowercase();
    let scripts = regex::Regex::new(r"<script\b[^>]*>").unwrap();
    for tag in scripts.find_iter(&lower) {
        assert!(
            tag.as_str().contains(" src=\"") && tag.as_str().ends_with(" defer>"),
            "{path}: inline script {}",
            tag.as_str()
        );
    }
    let script_url =
        regex::Regex::new(r#"(href|src|action)\s*=\s*["']?\s*(javascript|vbscript|data):"#)
            .unwrap();
    // Attribute names of every tag, with quoted values blanked (text there is inert).
    let tag = regex::Regex::new(r"<[a-z][^>]*>").unwrap();
    let quoted = regex::Regex::new(r#""[^"]*"|'[^']*'"#).unwrap();
    let bad_attr = regex::Regex::new(r"\s(on[a-z]+|style)\s*=").unwrap();
    for t in tag.find_iter(&lower) {
        let names = quoted.replace_all(t.as_str(), "\"\"");
        assert!(!bad_attr.is_match(&names), "{path}: {}", t.as_str());
        assert!(!script_url.is_match(t.as_str()), "{path}: {}", t.as_str());
    }
    assert!(!lower.contains("<style"), "{path}: style element");

    assert!(!html.contains("<img src=x"), "{path}: raw HTML from a note");
}

#[test]
fn hostile_text_is_escaped_and_every_page_keeps_the_policy() {
    let evil = r#""><script>alert(1)</script><img src=x onerror=alert(2)>'"#;
    let (tmp, dir) = content(&[
        (
            "site.toml",
            format!("title = {evil:?}\ncompany = \"</footer><style>*{{}}</style>\"\n"),
        ),
        (
            "opportunities/ok.md",
            format!(
                "+++\ntitle = {evil:?}\nbucket = \"fix\"\nimpact = 3\ncomplexity = 2\n+++\n\n{evil}\n\n[x](javascript:alert(3)) <a href=\"javascript:alert(4)\">y</a> ![i](x\" onerror=\"alert(5))\n\n| a | b |\n|:--|--:|\n| {evil} | 2 |\n"
            ),
        ),
        ("calls/_round.toml", String::new()),
        (
            "calls/2026-08-hostile/_round.toml",
            format!("title = {evil:?}\ngoal = {evil:?}\n"),
        ),
        (
            "calls/2026-08-hostile/2026-08-14-evil.md",
            format!(
                "+++\ncustomer = {evil:?}\nlocation = \"' onmouseover='alert(6)\"\ndate = 2026-08-14\nsegment = \"{{{{ 7*7 }}}}\"\ninterviewer = {evil:?}\nproducts = [{evil:?}]\n+++\n\n## {evil}\n\n> {evil} <style>body{{}}</style> #ok ^q-1\n\n{evil}\n"
            ),
        ),
    ]);
    let out = tmp.path().join("public");
    built(&verbatim(&dir, &out));
    let site = files(&out);
    let pages: Vec<_> = site.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(pages.len() >= 7, "{:?}", site.keys());
    for (path, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        check_page(path, &html);
    }
    let call = String::from_utf8_lossy(&site["calls/2026-08-14-evil/index.html"]);
    assert!(
        call.contains("{{ 7*7 }}"),
        "text is never run as a template: {call}"
    );
    let quote = String::from_utf8_lossy(&site["quotes/q-1/index.html"]);
    assert!(
        quote.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{quote}"
    );
    assert!(quote.contains("&quot;&gt;"), "{quote}");
}

#[test]
fn large_and_odd_inputs_build_or_fail_clearly() {
    // 2,000 opportunities, all tagged on one quote.
    let mut files_in: Vec<(String, String)> = (0..2000)
        .map(|i| {
            (
                format!("opportunities/o{i}.md"),
                opportunity(&format!("Opportunity {i}")),
            )
        })
        .collect();
    let tags: String = (0..2000).map(|i| format!(" #o{i}")).collect();
    let ten_thousand_words: String = (0..10_000)
        .map(|i| ["shoes", "checkout", "size", "José"][i % 4])
        .collect::<Vec<_>>()
        .join(" ");
    // A 5 MB note: paragraphs of notes with a quote every few.
    let mut big = String::with_capacity(5_300_000);
    let mut n = 0;
    while big.len() < 5_000_000 {
        big.push_str("The customer talked about trail shoes, sizing and checkout at length. ");
        n += 1;
        if n % 8 == 0 {
            big.push_str("\n\n");
        }
        if n % 400 == 0 {
            big.push_str(&format!(
                "> Quote number {n}, in the customer's words. #o1\n\n"
            ));
        }
    }
    files_in.extend([
        (
            "calls/2026-08-14-many-tags.md".to_string(),
            call("Ana", "2026-08-14", &format!("> So many things.{tags}\n")),
        ),
        (
            "calls/2026-08-15-long-quote.md".to_string(),
            call("Ben", "2026-08-15", &format!("> {ten_thousand_words} #o2\n")),
        ),
        ("calls/2026-08-16-big.md".to_string(), call("Cy", "2026-08-16", &big)),
        (
            "calls/2026-08-17-only-front-matter.md".to_string(),
            "+++\ncustomer = \"Di\"\ndate = 2026-08-17\n+++\n".to_string(),
        ),
        (
            "calls/2026-08-18-unicode.md".to_string(),
            "+++\ncustomer = \"José María Ñúñez 李小龍\"\nlocation = \"São Paulo\"\ndate = 2026-08-18\n+++\n\n> Ótimo, mas o checkout é lento. 😀 #o3\n".to_string(),
        ),
    ]);
    let refs: Vec<(&str, String)> = files_in
        .iter()
        .map(|(p, t)| (p.as_str(), t.clone()))
        .collect();
    let (tmp, dir) = content(&refs);
    let out = tmp.path().join("public");
    built(&verbatim(&dir, &out));
    let quote_pages = fs::read_dir(out.join("quotes")).unwrap().count();
    assert!(quote_pages > 30, "{quote_pages}");
    let unicode = fs::read_to_string(out.join("calls/2026-08-18-unicode/index.html")).unwrap();
    assert!(
        unicode.contains("José María Ñúñez 李小龍 from São Paulo"),
        "{unicode}"
    );
    assert!(out
        .join("calls/2026-08-17-only-front-matter/index.html")
        .exists());
    let many = fs::read_dir(out.join("quotes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("many-tags"))
        .unwrap();
    let page = fs::read_to_string(many.join("index.html")).unwrap();
    assert!(page.contains("Opportunity 1999"), "every tag is linked");

    // Empty files and a note that is only text: one clear error each, at the file.
    fs::write(dir.join("calls/2026-08-19-empty.md"), "").unwrap();
    fs::write(dir.join("calls/2026-08-20-no-front.md"), "Just notes.\n").unwrap();
    fs::write(dir.join("opportunities/empty.md"), "").unwrap();
    let err = failed(&verbatim(&dir, &out));
    for file in [
        "2026-08-19-empty.md:1:1",
        "2026-08-20-no-front.md:1:1",
        "opportunities/empty.md:1:1",
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(file) && l.contains("has no front matter")),
            "no error at {file}:\n{err}"
        );
    }
}

/// One generated site of `calls` calls; `version` changes every quote, so every page.
fn generated_site(dir: &Path, calls: usize, version: &str) {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("opportunities")).unwrap();
    fs::create_dir_all(dir.join("calls/2026-08-r")).unwrap();
    for o in 0..5 {
        fs::write(
            dir.join(format!("opportunities/o{o}.md")),
            opportunity(&format!("O{o} {version}")),
        )
        .unwrap();
    }
    for c in 0..calls {
        let body = format!(
            "## What problem were you trying to solve?\n\n> Version {version}, call {c}: the checkout timed out. #o{}\n\n> Another thing, {version}. #o{}\n",
            c % 5,
            (c + 1) % 5
        );
        fs::write(
            dir.join(format!("calls/2026-08-r/2026-08-{:02}-c{c}.md", c % 28 + 1)),
            call(
                &format!("C{c}"),
                &format!("2026-08-{:02}", c % 28 + 1),
                &body,
            ),
        )
        .unwrap();
    }
}

/// Builds killed at moments spread over a build's length leave the old site or
/// the new one, never a mix; the next build cleans up what they left.
fn killed_builds_leave_old_or_new(calls: usize, kills: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    generated_site(&a, calls, "A");
    generated_site(&b, calls, "B");
    // References: each version built whole, once.
    let (ref_a, ref_b) = (tmp.path().join("ref-a"), tmp.path().join("ref-b"));
    let started = Instant::now();
    built(&verbatim(&a, &ref_a));
    let length = started.elapsed();
    built(&verbatim(&b, &ref_b));
    let (site_a, site_b) = (files(&ref_a), files(&ref_b));
    assert_ne!(site_a, site_b);

    let out = tmp.path().join("public");
    built(&verbatim(&a, &out));
    let bin = assert_cmd::cargo::cargo_bin("verbatim");
    let mut outcomes = BTreeMap::new();
    for i in 0..kills {
        let content = if i % 2 == 0 { &b } else { &a };
        let mut child = std::process::Command::new(&bin)
            .args(["build", "--content"])
            .arg(content)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Moments spread from the start to a little past a whole build.
        let at = length.mul_f64((i as f64 * 0.618_034).fract() * 1.2);
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let _ = child.wait();
        let now = files(&out);
        let which = if now == site_a {
            "old-or-A"
        } else if now == site_b {
            "B"
        } else {
            let only_a = now
                .iter()
                .filter(|(k, v)| site_a.get(*k) == Some(v))
                .count();
            panic!(
                "kill {i} after {at:?} left a mixed site: {} files, {only_a} from A",
                now.len()
            );
        };
        *outcomes.entry(which).or_insert(0) += 1;
    }
    // The next build removes the staging folders that the killed builds left; it keeps
    // one earlier generation (`verbatim-prev`) and the manifests of the kept trees for
    // the build after it (see `output`).
    built(&verbatim(&a, &out));
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("verbatim-"))
        .filter(|n| !n.ends_with("verbatim-prev") && !n.contains("verbatim-manifest-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(files(&out), site_a);
    eprintln!("outcomes of {kills} killed builds: {outcomes:?}");
}

#[cfg(unix)]
#[test]
fn builds_killed_at_random_moments_leave_the_old_or_the_new_site() {
    killed_builds_leave_old_or_new(150, 8);
}

/// The long version: a larger site, many kills. `cargo test --release --test
/// hardening -- --ignored`.
#[cfg(unix)]
#[test]
#[ignore]
fn many_builds_of_a_large_site_killed_at_random_moments() {
    killed_builds_leave_old_or_new(3000, 40);
}

/// 100,000 call notes: builds in bounded time and memory (watch `/usr/bin/time -v`).
/// `cargo test --release --test hardening -- --ignored hundred_thousand`.
#[test]
#[ignore]
fn hundred_thousand_files_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("content");
    generated_site(&dir, 100_000, "A");
    let out = tmp.path().join("public");
    let started = Instant::now();
    built(&verbatim(&dir, &out));
    eprintln!("100,000 calls built in {:?}", started.elapsed());
    assert_eq!(fs::read_dir(out.join("calls")).unwrap().count(), 100_000);
}
