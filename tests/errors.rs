//! Broken content: every error of the folder is printed in one run, each at its
//! file, line and column with a stable message and hint, and a failed build leaves
//! the previous site exactly as it was.
//!
//! Each case is a content folder under tests/fixtures/invalid/. The harness builds
//! tests/fixtures/basic into a temporary folder first, then builds the broken folder
//! over it, and checks the exit status, the reported errors (all of them: an error
//! not expected fails the test too) and that nothing on disk changed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const BASIC: &str = "tests/fixtures/basic";
const INVALID: &str = "tests/fixtures/invalid";

/// One error the build must report.
#[derive(Debug)]
struct Expect {
    /// The file, relative to the content folder, `/`-separated.
    file: &'static str,
    /// 1-based line and column; both 0 for an error about the whole file.
    line: usize,
    col: usize,
    /// A stable part of the message.
    message: &'static str,
    /// A stable part of the `= help:` line.
    hint: Option<&'static str>,
}

/// An error at `file:line:col`.
fn at(file: &'static str, line: usize, col: usize, message: &'static str) -> Expect {
    Expect {
        file,
        line,
        col,
        message,
        hint: None,
    }
}

/// An error about a whole file, printed as `path: error: message`.
fn whole(file: &'static str, message: &'static str) -> Expect {
    at(file, 0, 0, message)
}

impl Expect {
    fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// `dir` joined with a `/`-separated relative path, as the binary prints it.
fn join(dir: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(dir.to_path_buf(), |p, part| p.join(part))
}

fn verbatim(content: &Path, out: &Path) -> Output {
    Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Every file and folder below `root`: relative path to bytes (`None` for a folder).
fn snapshot(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

/// The paths that differ between two snapshots, for a readable failure.
fn changes(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => out.push(format!("removed {path}")),
            Some(b) if b != bytes => out.push(format!("changed {path}")),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("added {path}"));
    }
    out
}

/// One printed diagnostic: its first line and the lines under it (snippet, help).
#[derive(Debug)]
struct Printed {
    header: String,
    rest: Vec<String>,
}

impl Printed {
    fn help(&self) -> Option<&str> {
        self.rest
            .iter()
            .find_map(|l| l.trim_start().strip_prefix("= help: "))
    }

    /// (path, line, col) from `path:line:col: error: ...` or `path: error: ...`.
    fn place(&self) -> (PathBuf, usize, usize) {
        let head = &self.header[..self.header.find(": error: ").unwrap()];
        let mut parts = head.rsplitn(3, ':');
        let (col, line, path) = (parts.next(), parts.next(), parts.next());
        match (
            col.and_then(|c| c.parse().ok()),
            line.and_then(|l| l.parse().ok()),
            path,
        ) {
            (Some(col), Some(line), Some(path)) => (PathBuf::from(path), line, col),
            _ => (PathBuf::from(head), 0, 0),
        }
    }
}

/// A failed build of one broken content folder.
struct Failed {
    content: PathBuf,
    stderr: String,
    /// The errors printed, in order.
    errors: Vec<Printed>,
}

impl Failed {
    fn show(&self) -> String {
        format!("--- stderr ---\n{}--- end ---", self.stderr)
    }

    /// The count from the last line, `build failed: N error(s) in the content; ...`.
    fn count(&self) -> usize {
        let last = self.stderr.trim_end().lines().last().unwrap_or_default();
        let rest = last
            .strip_prefix("build failed: ")
            .unwrap_or_else(|| panic!("no `build failed:` last line\n{}", self.show()));
        let n = rest.split(' ').next().unwrap();
        assert!(
            rest.contains("; the previous site was left as it was"),
            "{}",
            self.show()
        );
        n.parse().unwrap()
    }
}

/// Splits stderr into diagnostics: a diagnostic starts at a line naming a file of `content`.
fn printed(stderr: &str, content: &Path) -> Vec<Printed> {
    let prefix = content.display().to_string();
    let mut all: Vec<Printed> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with(&prefix) && line.contains(": error: ") {
            all.push(Printed {
                header: line.to_string(),
                rest: Vec::new(),
            });
        } else if line.starts_with("build failed: ") {
            break;
        } else if let Some(last) = all.last_mut() {
            last.rest.push(line.to_string());
        }
    }
    all
}

/// Builds the basic fixture into a fresh folder, then `content` over it: the build must
/// fail with status 1 and leave everything in the temporary folder as it was.
fn build_over_previous_site(content: &Path) -> Failed {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let first = verbatim(Path::new(BASIC), &out);
    assert!(
        first.status.success(),
        "the basic fixture must build:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(tmp.path());
    assert!(before.contains_key("public/index.html"));

    let output = verbatim(content, &out);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{} must fail to build\n{stderr}",
        content.display()
    );
    assert!(
        output.stdout.is_empty(),
        "a failed build prints nothing to stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let after = snapshot(tmp.path());
    let changed = changes(&before, &after);
    assert!(
        changed.is_empty(),
        "a failed build must leave the previous site (and its parent folder) as it was: {changed:?}\n{stderr}"
    );
    Failed {
        content: content.to_path_buf(),
        errors: printed(&stderr, content),
        stderr,
    }
}

/// Builds `tests/fixtures/invalid/<case>` over a previous site and checks that exactly
/// the `expected` errors are printed (in any order among themselves), sorted by file,
/// line and column, and counted on the last line.
fn fails(case: &str, expected: &[Expect]) -> Failed {
    let content = Path::new(INVALID).join(case);
    assert!(content.is_dir(), "missing fixture {}", content.display());
    let failed = build_over_previous_site(&content);
    check(&failed, expected);
    failed
}

fn check(failed: &Failed, expected: &[Expect]) {
    let mut unmatched: Vec<&Printed> = failed.errors.iter().collect();
    for e in expected {
        let path = join(&failed.content, e.file);
        let prefix = if e.line == 0 {
            format!("{}: error: ", path.display())
        } else {
            format!("{}:{}:{}: error: ", path.display(), e.line, e.col)
        };
        let found = unmatched.iter().position(|p| {
            p.header
                .strip_prefix(&prefix)
                .is_some_and(|m| m.contains(e.message))
        });
        let Some(i) = found else {
            panic!("expected `{prefix}...{}...`\n{}", e.message, failed.show());
        };
        let p = unmatched.remove(i);
        if let Some(hint) = e.hint {
            let help = p.help().unwrap_or_else(|| {
                panic!("`{}` has no `= help:` line\n{}", p.header, failed.show())
            });
            assert!(
                help.contains(hint),
                "the help of `{}` should contain `{hint}`\n{}",
                p.header,
                failed.show()
            );
        }
        if e.line != 0 {
            // The snippet shows the line, without a carriage return, with a caret under it.
            let number = format!("{} | ", e.line);
            assert!(
                p.rest.iter().any(|l| l.starts_with(&number)),
                "`{}` has no snippet of line {}\n{}",
                p.header,
                e.line,
                failed.show()
            );
            assert!(
                p.rest.iter().any(|l| l.trim_end().ends_with('^')),
                "`{}` has no caret\n{}",
                p.header,
                failed.show()
            );
        }
    }
    let extra: Vec<&str> = unmatched.iter().map(|p| p.header.as_str()).collect();
    assert!(
        extra.is_empty(),
        "errors not expected: {extra:#?}\n{}",
        failed.show()
    );
    assert!(!failed.stderr.contains('\r'), "{}", failed.show());
    assert_eq!(failed.count(), expected.len(), "{}", failed.show());

    let places: Vec<(PathBuf, usize, usize)> = failed.errors.iter().map(Printed::place).collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(
        places,
        sorted,
        "errors are sorted by file, then line\n{}",
        failed.show()
    );
}

// --- The shape of a note: front matter, TOML, encoding ---

const SARAH: &str = "calls/2026-08-14-sarah.md";
const SARAH_FOLLOW_UP: &str = "calls/2026-09-20-sarah.md";
const CHECKOUT: &str = "opportunities/mobile-checkout.md";

#[test]
fn toml_syntax_error_points_at_the_error() {
    fails(
        "toml-syntax",
        &[at(SARAH, 2, 18, "invalid TOML: ").hint("front matter is TOML")],
    );
}

#[test]
fn a_key_given_twice_is_a_toml_error_at_the_second() {
    fails(
        "toml-duplicate-key",
        &[at(SARAH, 4, 1, "invalid TOML: duplicate key")],
    );
}

#[test]
fn front_matter_never_closed() {
    fails(
        "front-matter-never-closed",
        &[at(SARAH, 1, 1, "front matter opened here is never closed").hint("add a line `+++`")],
    );
}

#[test]
fn a_note_without_front_matter() {
    fails(
        "no-front-matter",
        &[at(SARAH, 1, 1, "this note has no front matter")
            .hint("start the file with a line `+++`")],
    );
}

#[test]
fn yaml_front_matter_is_named() {
    fails(
        "yaml-front-matter",
        &[at(SARAH, 1, 1, "YAML `---` is not supported")],
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    // `location = "Z\xfcrich"`: the Latin-1 byte is the 14th character of line 3.
    fails(
        "not-utf8",
        &[at(SARAH, 3, 14, "this file is not UTF-8 text").hint("save the file as UTF-8")],
    );
}

#[test]
fn a_file_that_is_not_utf8_after_a_byte_order_mark() {
    fails(
        "not-utf8-after-bom",
        &[at(SARAH, 3, 14, "this file is not UTF-8 text")],
    );
}

#[test]
fn errors_in_crlf_files_with_a_bom_are_placed_as_in_lf_files() {
    // The BOM is not a column of line 1; `\r` does not show in snippets.
    fails(
        "crlf-and-bom-errors",
        &[
            at(SARAH, 4, 1, "unknown key `custmer` in a call note")
                .hint("did you mean `customer`?"),
            at(SARAH, 10, 16, "tag `#mobile-chekout` names no opportunity")
                .hint("did you mean `mobile-checkout`?"),
            at("site.toml", 1, 9, "`title` must be text in quotes"),
        ],
    );
}

// --- Keys ---

#[test]
fn missing_customer() {
    fails(
        "missing-customer",
        &[at(
            SARAH,
            1,
            1,
            "missing required key `customer` in a call note",
        )
        .hint("add `customer = ")],
    );
}

#[test]
fn missing_date() {
    fails(
        "missing-date",
        &[
            at(SARAH, 1, 1, "missing required key `date` in a call note")
                .hint("add `date = 2026-08-14`"),
        ],
    );
}

#[test]
fn missing_opportunity_keys_are_all_reported_and_do_not_break_its_tags() {
    // The call tags the broken opportunity: that is not a second error.
    fails(
        "missing-opportunity-keys",
        &[
            at(
                CHECKOUT,
                1,
                1,
                "missing required key `title` in an opportunity",
            ),
            at(
                CHECKOUT,
                1,
                1,
                "missing required key `bucket` in an opportunity",
            ),
            at(
                CHECKOUT,
                1,
                1,
                "missing required key `impact` in an opportunity",
            ),
            at(
                CHECKOUT,
                1,
                1,
                "missing required key `complexity` in an opportunity",
            ),
        ],
    );
}

#[test]
fn blank_customer() {
    fails("empty-customer", &[at(SARAH, 2, 12, "`customer` is empty")]);
}

#[test]
fn unknown_key_in_a_call_note() {
    // The misspelt `customer` is missing too, but "did you mean" already says so.
    let failed = fails(
        "unknown-key-call",
        &[at(SARAH, 3, 1, "unknown key `custmer` in a call note")
            .hint("did you mean `customer`? Known keys: `customer`, `location`")],
    );
    assert!(
        !failed.stderr.contains("missing required key"),
        "{}",
        failed.stderr
    );
}

#[test]
fn unknown_key_in_an_opportunity() {
    fails(
        "unknown-key-opportunity",
        &[at(CHECKOUT, 6, 1, "unknown key `stauts` in an opportunity")
            .hint("did you mean `status`?")],
    );
}

#[test]
fn unknown_key_in_site_toml() {
    fails(
        "unknown-key-site",
        &[at("site.toml", 3, 1, "unknown key `curency` in site.toml")
            .hint("did you mean `currency`?")],
    );
}

#[test]
fn unknown_key_in_a_site_toml_table() {
    fails(
        "unknown-key-site-table",
        &[at(
            "site.toml",
            4,
            1,
            "unknown key `target_call` in [follow_up]",
        )
        .hint("did you mean `target_calls`?")],
    );
}

#[test]
fn unknown_key_in_round_toml() {
    fails(
        "unknown-key-round",
        &[at(
            "calls/2026-08-checkout/_round.toml",
            2,
            1,
            "unknown key `gaol` in _round.toml",
        )
        .hint("did you mean `goal`?")],
    );
}

#[test]
fn a_list_key_given_one_text() {
    fails(
        "products-not-a-list",
        &[at(SARAH, 4, 12, "`products` must be a list of texts")],
    );
}

// --- Dates ---

#[test]
fn a_date_that_is_not_yyyy_mm_dd() {
    fails(
        "bad-date-text",
        &[at(SARAH, 3, 8, "bad date \"14/08/2026\" for `date`").hint("YYYY-MM-DD")],
    );
}

#[test]
fn february_30_is_a_toml_error() {
    fails("bad-date-feb-30", &[at(SARAH, 3, 8, "invalid TOML: ")]);
}

#[test]
fn month_13_is_a_toml_error() {
    fails("bad-date-month-13", &[at(SARAH, 3, 8, "invalid TOML: ")]);
}

#[test]
fn scaled_before_launched() {
    fails(
        "scaled-before-launched",
        &[at(
            CHECKOUT,
            8,
            10,
            "scaled (2026-09-01) is before launched (2026-09-15)",
        )],
    );
}

#[test]
fn a_round_that_ends_before_it_starts() {
    fails(
        "round-ends-before-it-starts",
        &[at(
            "calls/2026-08-checkout/_round.toml",
            3,
            7,
            "the round ends (2026-08-10) before it starts (2026-08-20)",
        )],
    );
}

// --- Fixed words and numbers ---

#[test]
fn bad_bucket() {
    fails(
        "bad-bucket",
        &[at(CHECKOUT, 3, 10, "bad bucket \"fx\"").hint("did you mean `fix`?")],
    );
}

#[test]
fn bad_status() {
    fails(
        "bad-status",
        &[at(CHECKOUT, 6, 10, "bad status \"tesitng\"").hint("did you mean `testing`?")],
    );
}

#[test]
fn bad_kind() {
    fails(
        "bad-kind",
        &[at(SARAH, 4, 8, "bad kind \"folow-up\"").hint("did you mean `follow-up`?")],
    );
}

#[test]
fn bad_solved() {
    fails(
        "bad-solved",
        &[at(SARAH_FOLLOW_UP, 6, 10, "bad solved \"partyl\"").hint("did you mean `partly`?")],
    );
}

#[test]
fn impact_and_complexity_outside_1_to_5() {
    fails(
        "score-out-of-range",
        &[
            at(CHECKOUT, 4, 10, "`impact` is 9, outside 1-5"),
            at(CHECKOUT, 5, 14, "`complexity` is 0, outside 1-5"),
        ],
    );
}

#[test]
fn impact_that_is_not_a_whole_number() {
    fails(
        "impact-not-a-whole-number",
        &[at(
            CHECKOUT,
            4,
            10,
            "`impact` must be a whole number from 1 to 5",
        )],
    );
}

#[test]
fn recommend_outside_0_to_10() {
    fails(
        "recommend-out-of-range",
        &[at(
            SARAH_FOLLOW_UP,
            7,
            13,
            "`recommend` is 11, outside 0-10",
        )],
    );
}

// --- Quotes, tags and references between files ---

#[test]
fn a_tag_naming_no_opportunity() {
    // At the tag on the quote's last line.
    fails(
        "unknown-tag",
        &[
            at(SARAH, 9, 30, "tag `#mobile-chekout` names no opportunity")
                .hint("did you mean `mobile-checkout`?"),
        ],
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // `> Le café’s checkout — it froze, « encore ». `: 45 characters, 52 bytes.
    let failed = fails(
        "unknown-tag-after-non-ascii",
        &[at(
            SARAH,
            8,
            46,
            "tag `#mobile-chekout` names no opportunity",
        )],
    );
    let caret = failed.errors[0]
        .rest
        .iter()
        .find(|l| l.ends_with('^'))
        .unwrap();
    assert_eq!(
        caret,
        &format!(
            "  | {}{}",
            " ".repeat(45),
            "^".repeat("#mobile-chekout".len())
        ),
        "the caret sits under the tag\n{}",
        failed.show()
    );
}

#[test]
fn duplicate_quote_id_across_calls() {
    fails(
        "duplicate-quote-id",
        &[at(
            "calls/2026-08-16-luis.md",
            9,
            27,
            "duplicate quote id `checkout-timeout` (first used at tests/fixtures/invalid/duplicate-quote-id/calls/2026-08-14-sarah.md:8)",
        )
        .hint("must be unique")],
    );
}

#[test]
fn duplicate_quote_id_in_one_call_ignores_case() {
    // quotes/Timeout/ and quotes/timeout/ are one folder on macOS and Windows.
    fails(
        "duplicate-quote-id-in-one-call",
        &[at(
            SARAH,
            12,
            56,
            "duplicate quote id `Timeout` (first used at ",
        )],
    );
}

#[test]
fn two_ids_on_one_quote() {
    fails(
        "two-ids-on-one-quote",
        &[at(SARAH, 8, 71, "a quote has two `^id`s")],
    );
}

#[test]
fn malformed_markers_at_the_end_of_a_quote_are_errors_not_words() {
    fails(
        "malformed-markers",
        &[
            at(SARAH, 8, 62, "`^my_id!` is not a valid quote id")
                .hint("letters, digits and `-` only"),
            at(SARAH, 10, 22, "`#mobile-checkout.` is not a valid tag")
                .hint("drop the punctuation"),
            at(SARAH, 12, 31, "`^` is not a valid quote id"),
        ],
    );
}

#[test]
fn a_quote_with_only_a_tag_has_no_words() {
    fails(
        "empty-quote",
        &[at(SARAH, 10, 1, "this quote has no words").hint("write the customer's words")],
    );
}

#[test]
fn a_lead_in_a_call_with_its_own_error_is_not_reported_twice() {
    fails(
        "lead-in-a-broken-call",
        &[at(SARAH, 4, 1, "invalid TOML: duplicate key")],
    );
}

#[test]
fn lead_naming_no_quote() {
    fails(
        "lead-names-no-quote",
        &[
            at(CHECKOUT, 6, 8, "`lead` names no quote: \"checkout-timout\"")
                .hint("did you mean `checkout-timeout`?"),
        ],
    );
}

#[test]
fn lead_naming_a_quote_not_tagged_with_the_opportunity() {
    fails(
        "lead-not-tagged",
        &[at(
            CHECKOUT,
            6,
            8,
            "lead quote `sizes` is not tagged #mobile-checkout",
        )
        .hint("add #mobile-checkout at the end of that quote")],
    );
}

#[test]
fn follows_up_naming_no_opportunity() {
    fails(
        "follows-up-names-nothing",
        &[at(
            SARAH_FOLLOW_UP,
            5,
            14,
            "`follows_up` names no opportunity: \"mobile-chekout\"",
        )
        .hint("did you mean `mobile-checkout`?")],
    );
}

#[test]
fn follows_up_a_broken_opportunity_reports_only_the_opportunity() {
    fails(
        "follows-up-a-broken-opportunity",
        &[at(CHECKOUT, 3, 10, "bad bucket \"fx\"")],
    );
}

#[test]
fn follow_up_keys_on_a_discovery_call() {
    fails(
        "follow-up-keys-on-discovery-call",
        &[
            at(SARAH, 4, 10, "`solved` is only for follow-up calls")
                .hint("add `kind = \"follow-up\"`"),
            at(SARAH, 5, 13, "`recommend` is only for follow-up calls"),
        ],
    );
}

// --- File names ---

#[test]
fn two_calls_with_one_file_name_in_different_rounds() {
    fails(
        "duplicate-call-file-name",
        &[whole(
            "calls/2026-08-b/2026-08-14-sarah.md",
            "a second call with the file name `2026-08-14-sarah` (the first is tests/fixtures/invalid/duplicate-call-file-name/calls/2026-08-a/2026-08-14-sarah.md)",
        )
        .hint("file names must be unique across rounds")],
    );
}

#[test]
fn a_duplicate_call_file_name_does_not_hide_the_files_other_errors() {
    fails(
        "duplicate-call-file-name-hides-nothing",
        &[
            whole(
                "calls/2026-08-b/2026-08-14-sarah.md",
                "a second call with the file name `2026-08-14-sarah`",
            ),
            at(
                "calls/2026-08-b/2026-08-14-sarah.md",
                8,
                45,
                "tag `#mobile-chekout` names no opportunity",
            ),
        ],
    );
}

#[test]
fn two_opportunities_with_one_slug() {
    fails(
        "duplicate-opportunity-slug",
        &[whole(
            "opportunities/old/mobile-checkout.md",
            "a second opportunity with the slug `mobile-checkout`",
        )],
    );
}

#[test]
fn a_call_file_name_that_cannot_be_a_url() {
    fails(
        "call-file-name-not-url-safe",
        &[whole(
            "calls/2026-08-14 sarah (phoenix).md",
            "call file name `2026-08-14 sarah (phoenix)` cannot be part of a URL",
        )],
    );
}

#[test]
fn paths_are_printed_as_given_with_content() {
    let content = format!("./{INVALID}/unknown-tag/");
    let failed = build_over_previous_site(Path::new(&content));
    assert!(
        failed.stderr.starts_with(&format!(
            "./{INVALID}/unknown-tag/calls/2026-08-14-sarah.md:9:30: error: "
        )),
        "{}",
        failed.show()
    );
}

// --- Several broken files at once ---

const MANY: &str = "many-broken-files";

fn many_broken_files() -> Failed {
    let mia = "calls/2026-08-checkout/2026-08-20-mia.md";
    fails(
        MANY,
        &[
            at(SARAH, 4, 1, "unknown key `intervewer` in a call note")
                .hint("did you mean `interviewer`?"),
            at(SARAH, 9, 45, "tag `#mobile-chekout` names no opportunity"),
            at(SARAH, 13, 17, "tag `#size-giude` names no opportunity")
                .hint("did you mean `size-guide`?"),
            at(
                "calls/2026-08-16-luis.md",
                1,
                1,
                "missing required key `date`",
            ),
            // A TOML error in the front matter does not hide the body's errors.
            at(mia, 3, 8, "invalid TOML: "),
            at(mia, 6, 19, "tag `#mobile-checkot` names no opportunity"),
            at(CHECKOUT, 3, 10, "bad bucket \"fx\""),
            at(CHECKOUT, 4, 10, "`impact` is 6, outside 1-5"),
            at(
                "opportunities/size-guide.md",
                1,
                1,
                "front matter opened here is never closed",
            ),
            at("site.toml", 2, 1, "unknown key `curency` in site.toml"),
        ],
    )
}

#[test]
fn every_error_of_every_file_is_printed_in_one_run_sorted_by_file_then_line() {
    let failed = many_broken_files();
    let content = Path::new(INVALID).join(MANY);
    let places: Vec<(String, usize)> = failed
        .errors
        .iter()
        .map(|p| {
            let (path, line, _) = p.place();
            let rel = path.strip_prefix(&content).unwrap();
            (rel.to_string_lossy().replace('\\', "/"), line)
        })
        .collect();
    let expected: Vec<(String, usize)> = [
        (SARAH, 4),
        (SARAH, 9),
        (SARAH, 13),
        ("calls/2026-08-16-luis.md", 1),
        ("calls/2026-08-checkout/2026-08-20-mia.md", 3),
        ("calls/2026-08-checkout/2026-08-20-mia.md", 6),
        (CHECKOUT, 3),
        (CHECKOUT, 4),
        ("opportunities/size-guide.md", 1),
        ("site.toml", 2),
    ]
    .iter()
    .map(|(f, l)| (f.to_string(), *l))
    .collect();
    assert_eq!(places, expected, "{}", failed.show());
}

#[test]
fn the_last_line_counts_the_errors() {
    let failed = many_broken_files();
    let last = failed.stderr.trim_end().lines().last().unwrap();
    assert_eq!(
        last,
        "build failed: 10 errors in the content; the previous site was left as it was"
    );
}

#[test]
fn one_error_is_counted_in_the_singular() {
    let failed = fails("bad-bucket", &[at(CHECKOUT, 3, 10, "bad bucket \"fx\"")]);
    assert!(
        failed.stderr.trim_end().ends_with(
            "\nbuild failed: 1 error in the content; the previous site was left as it was"
        ),
        "{}",
        failed.show()
    );
}

// --- Where no site was built before ---

#[test]
fn a_failed_first_build_creates_no_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let output = verbatim(&Path::new(INVALID).join(MANY), &out);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        snapshot(tmp.path()).is_empty(),
        "nothing is written: {:?}",
        snapshot(tmp.path()).keys().collect::<Vec<_>>()
    );
}

// --- CRLF line endings and a byte order mark are valid ---

#[test]
fn crlf_and_a_byte_order_mark_build() {
    let content = Path::new(INVALID).join("valid-crlf-and-bom");
    let raw = fs::read(join(&content, "calls/2026-08-checkout/2026-08-14-sarah.md")).unwrap();
    assert!(
        raw.starts_with(b"\xef\xbb\xbf+++\r\n"),
        "the fixture must keep its BOM and CRLF (see tests/fixtures/invalid/.gitattributes)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let output = verbatim(&content, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for file in ["site.toml", "calls", "opportunities"] {
        let prefix = join(&content, file).display().to_string();
        assert!(
            !stderr.lines().any(|l| l.starts_with(&prefix)),
            "no warnings about the files either: {stderr}"
        );
    }
    // The quote without `^id` gets the id of its text, tags stripped and no `\r` left in it.
    let derived = verbatim::content::quotes::derived_id(
        "2026-08-14-sarah",
        "A size guide. One that compares brands.",
    );
    for page in [
        "calls/2026-08-14-sarah/index.html".to_string(),
        "quotes/checkout-timeout/index.html".to_string(),
        format!("quotes/{derived}/index.html"),
        "opportunities/mobile-checkout/index.html".to_string(),
        "opportunities/size-guide/index.html".to_string(),
        "rounds/2026-08-checkout/index.html".to_string(),
    ] {
        assert!(out.join(&page).is_file(), "missing {page}");
    }
    let quotes = fs::read_dir(out.join("quotes"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_dir())
        .count();
    assert_eq!(quotes, 2);
}

#[test]
fn an_opportunity_file_name_that_cannot_be_a_tag() {
    // `matrix.csv` could never be tagged, and its page would collide with the
    // ranking page's chart data, opportunities/matrix.csv.
    fails(
        "opportunity-file-name-not-a-tag",
        &[whole(
            "opportunities/matrix.csv.md",
            "opportunity file name `matrix.csv` cannot be a tag and a URL",
        )
        .hint("rename the file to start with a letter and use only letters, digits and `-`, e.g. `mobile-checkout.md`")],
    );
}
