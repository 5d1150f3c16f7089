//! `verbatim init`: a new content folder that builds at once and never overwrites.

use std::fs;

use assert_cmd::Command;

fn verbatim() -> Command {
    let mut cmd = Command::cargo_bin("verbatim").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1786665600"); // 2026-08-14
    cmd
}

#[test]
fn a_new_folder_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    let output = verbatim().arg("init").arg(&dir).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for file in [
        "site.toml",
        "calls/2026-08-first-round/_round.toml",
        "calls/2026-08-first-round/2026-08-14-sarah-phoenix.md",
        "opportunities/mobile-checkout.md",
        "metrics/2026-08-14.toml",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
        assert!(stdout.contains(file), "lists {file}: {stdout}");
    }

    let out = tmp.path().join("site");
    let output = verbatim()
        .args(["build", "--content"])
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "no warnings: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("built 13 pages (1 call, 3 quotes, 1 opportunity, 1 round)"),
        "{stdout}"
    );
    let page = fs::read_to_string(out.join("opportunities/mobile-checkout/index.html")).unwrap();
    assert!(
        page.contains("Based on conversations with 1 customer"),
        "{page}"
    );
    assert!(page.contains("checkout kept timing out"), "{page}");
    assert!(out.join("quotes/checkout-timeout/index.html").is_file());
    let round = fs::read_to_string(out.join("rounds/2026-08-first-round/index.html")).unwrap();
    assert!(round.contains("First round"), "{round}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("site.toml"), "title = \"Mine\"\n").unwrap();
    let output = verbatim().arg("init").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("refusing to overwrite"), "{stderr}");
    assert!(stderr.contains("site.toml"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
    assert!(!dir.join("calls").exists(), "nothing else was written");

    // A folder init made is refused the second time, untouched.
    let fresh = tmp.path().join("fresh");
    verbatim().arg("init").arg(&fresh).assert().success();
    let note = fresh.join("calls/2026-08-first-round/2026-08-14-sarah-phoenix.md");
    fs::write(&note, "my own notes").unwrap();
    verbatim().arg("init").arg(&fresh).assert().failure();
    assert_eq!(fs::read_to_string(&note).unwrap(), "my own notes");
}

#[test]
fn inside_a_content_folder_the_commands_use_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    verbatim().arg("init").arg(&dir).assert().success();
    // As Zola and Hugo users do: cd into the site and run the commands without --content.
    let output = verbatim()
        .current_dir(&dir)
        .args([
            "new",
            "call",
            "--customer",
            "Omar",
            "--location",
            "Boise, ID",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let note = dir.join("calls/2026-08-first-round/2026-08-14-omar-boise.md");
    assert!(note.is_file(), "{output:?}");

    // build writes public/ beside the content folder, where `verbatim build --content
    // notes` run one folder up would, not into the notes.
    let output = verbatim()
        .current_dir(&dir)
        .args(["build", "-q"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(tmp
        .path()
        .join("public/calls/2026-08-14-omar-boise/index.html")
        .is_file());
    assert!(!dir.join("public").exists());
    let output = verbatim().current_dir(&dir).arg("check").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("compared with ../public"), "{stdout}");
}
