//! The build summary: a table by default, stage times with `-v`, nothing with `--quiet`.

use assert_cmd::Command;

const BASIC: &str = "tests/fixtures/basic";

fn build(flags: &[&str]) -> std::process::Output {
    build_into(&tempfile::tempdir().unwrap().path().join("site"), flags)
}

fn build_into(out: &std::path::Path, flags: &[&str]) -> std::process::Output {
    Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content", BASIC, "--out"])
        .arg(out)
        .args(flags)
        .output()
        .unwrap()
}

/// The HTML pages under `dir/sub`, counted on disk.
fn pages_on_disk(dir: &std::path::Path, sub: &str) -> usize {
    walkdir::WalkDir::new(dir.join(sub))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

/// The value in the table row whose label is `label`.
fn row<'a>(table: &'a str, label: &str) -> Option<&'a str> {
    table.lines().find_map(|l| {
        let l = l.trim();
        l.strip_prefix(label)
            .filter(|rest| rest.starts_with("  "))
            .map(str::trim)
    })
}

#[test]
fn the_summary_counts_pages_by_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let output = build_into(&site, &[]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first = stdout.lines().next().unwrap();
    // The counts are the pages actually written, not a number the summary keeps for itself.
    let total = pages_on_disk(&site, "");
    let on_disk = |sub: &str| pages_on_disk(&site, sub);
    assert!(
        first.starts_with(&format!(
            "built {total} pages (4 calls, 8 quotes, 5 opportunities, 2 rounds) into "
        )),
        "{first}"
    );
    assert_eq!(row(&stdout, "call pages"), Some("4"), "{stdout}");
    assert_eq!(on_disk("calls"), 4);
    assert_eq!(row(&stdout, "quote pages"), Some("8"), "{stdout}");
    assert_eq!(on_disk("quotes"), 8);
    assert_eq!(row(&stdout, "opportunity pages"), Some("5"), "{stdout}");
    assert_eq!(
        on_disk("opportunities"),
        5 + 1,
        "five pages and the ranking"
    );
    assert_eq!(row(&stdout, "round pages"), Some("2"), "{stdout}");
    assert_eq!(on_disk("rounds"), 2 + 1, "two pages and the list");
    // Dashboard, ranking, round list, metrics, language, search, archive list.
    assert_eq!(row(&stdout, "index pages"), Some("7"), "{stdout}");
    assert_eq!(total, 4 + 8 + 5 + 2 + 7);
    assert_eq!(
        row(&stdout, "pages"),
        Some(total.to_string().as_str()),
        "{stdout}"
    );
    assert_eq!(row(&stdout, "quotes"), Some("8"), "{stdout}");
    assert_eq!(row(&stdout, "warnings"), Some("0"), "{stdout}");
    assert!(row(&stdout, "charts").is_some(), "{stdout}");
    assert!(row(&stdout, "bytes").unwrap().ends_with("KB"), "{stdout}");
    assert!(row(&stdout, "time").unwrap().ends_with(" s"), "{stdout}");
    assert_eq!(row(&stdout, "render+write"), None, "stages only with -v");
}

#[test]
fn verbose_adds_each_stage() {
    let output = build(&["-v"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    for stage in ["load", "analyze", "render+write", "swap"] {
        let value = row(&stdout, stage).unwrap_or_else(|| panic!("{stage}: {stdout}"));
        assert!(value.ends_with(" ms"), "{stage}: {value}");
    }
}

#[test]
fn quiet_prints_nothing_on_success_but_still_reports_errors() {
    let output = build(&["--quiet"]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty(), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");

    let tmp = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .args([
            "build",
            "--quiet",
            "--content",
            "tests/fixtures/invalid/unknown-key-call",
            "--out",
        ])
        .arg(tmp.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("error: unknown key"));

    let both = build(&["--quiet", "-v"]);
    assert!(
        !both.status.success(),
        "-v and --quiet contradict each other"
    );
}

#[test]
fn a_closed_stdout_does_not_turn_a_good_build_into_a_crash() {
    // `verbatim build | head -0`: the reader is gone before the summary is printed.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let tmp = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("verbatim"))
        .args(["build", "--content", BASIC, "--out"])
        .arg(tmp.path().join("site"))
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(tmp.path().join("site/index.html").is_file());
}
