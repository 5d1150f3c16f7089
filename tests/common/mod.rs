//! What the integration tests share: copying fixtures, running the binary, reading
//! what it wrote. Each test file uses only some of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// Copies a folder tree (a fixture site) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the fixture folder `from` in a temporary folder: (folder, content folder).
pub fn fixture_copy(from: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(Path::new(from), &content);
    (tmp, content)
}

/// Every file below `dir`: relative path (with `/`) to bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// `verbatim build --content CONTENT --out OUT`, whatever its outcome.
pub fn build_output(content: &Path, out: &Path) -> Output {
    Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Builds and asserts the build succeeded; returns what it printed on stdout.
pub fn build(content: &Path, out: &Path) -> String {
    let output = build_output(content, out);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs verbatim with `args` in `dir` (so no `public/` of the repository is picked
/// up): (success, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A page's visible text: tags dropped, the entities Tera writes decoded, whitespace folded.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A site built into a temporary folder, kept as long as this lives.
pub struct Built {
    _tmp: tempfile::TempDir,
    /// The output folder.
    pub out: PathBuf,
}

impl Built {
    /// The page at `rel` below the output folder.
    pub fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// Builds `content` into a temporary folder, asserting the build succeeded.
pub fn build_site(content: &Path) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(content, &out);
    Built { _tmp: tmp, out }
}
