//! `verbatim serve` over loopback: edit notes in a copy of a fixture site and read the
//! rebuilt pages over HTTP, as a browser would.

mod common;
use common::{copy_dir, files};

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BASIC: &str = "tests/fixtures/basic";
/// Every wait in these tests gives up after this long; a healthy server needs well under a second.
const PATIENCE: Duration = Duration::from_secs(60);
/// A fixed "today", so the preview and a reference build agree on every date.
const EPOCH: &str = "1790000000";

const LUIS: &str = "calls/2026-08-checkout/2026-08-16-luis-austin.md";

/// A running `verbatim serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
    tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Copies the basic fixture into a temporary folder and serves it on a free port.
    fn start() -> Server {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(Path::new(BASIC), &tmp.path().join("content"));
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("verbatim"))
            .args(["serve", "--port", "0", "--content"])
            .arg(tmp.path().join("content"))
            // The preview's build folder goes in here, so nothing outlives the test.
            .env("TMPDIR", tmp.path())
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx): (_, Receiver<String>) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            log,
            tmp,
        };
        let line = rx
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no 'serving' line; stderr: {:?}", server.log()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        server.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        assert!(server.addr.starts_with("127.0.0.1:"), "loopback: {line}");
        server
    }

    fn content(&self) -> PathBuf {
        self.tmp.path().join("content")
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    fn rebuilds(&self) -> Vec<String> {
        self.log()
            .into_iter()
            .filter(|l| l.starts_with("rebuilt "))
            .collect()
    }

    /// Status code and body of `GET path`.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let code = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (code, body.to_string())
    }

    /// Polls `path` until its body satisfies `ready`; panics after [`PATIENCE`].
    fn wait_for(&self, path: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if ready(&body) {
                return body;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{path} never showed {what}; server log: {:#?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the server has logged `n` rebuilds, and returns the last.
    fn wait_for_rebuilds(&self, n: usize) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.rebuilds().get(n - 1) {
                return line.clone();
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no rebuild #{n}; server log: {:#?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The folder the preview builds into (inside this test's temporary folder).
    fn site_folder(&self) -> PathBuf {
        let found = fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("verbatim-serve-")
            })
            .expect("a verbatim-serve-* folder in TMPDIR");
        found.join("site")
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The preview's folder holds exactly what a fresh `verbatim build` of the same notes writes.
/// The served site, once the background pass after an edit (language, search) is
/// done, is byte for byte what `verbatim build` writes.
/// The files of the folder a running server writes into, by site path. The server
/// may be writing while they are read (its language pass follows an edit): a page
/// is written to a temporary file and renamed into place, so a file listed can be
/// gone when read, and such files are left out.
fn served_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            !e.file_name()
                .to_string_lossy()
                .starts_with(".verbatim-serve-")
        })
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let bytes = fs::read(e.path()).ok()?;
            Some((rel.to_string_lossy().replace('\\', "/"), bytes))
        })
        .collect()
}

fn assert_same_as_full_build(server: &Server) {
    let out = server.tmp.path().join("reference");
    let status = Command::new(assert_cmd::cargo::cargo_bin("verbatim"))
        .args(["build", "--quiet", "--content"])
        .arg(server.content())
        .arg("--out")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .status()
        .unwrap();
    assert!(status.success());
    let expected = files(&out);
    let started = Instant::now();
    // The pages that show language and the search index follow within seconds.
    let mut served = served_files(&server.site_folder());
    while served != expected && started.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(100));
        served = served_files(&server.site_folder());
    }
    let paths =
        |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&served), paths(&expected), "the same pages");
    for (path, bytes) in &expected {
        assert!(
            served[path] == *bytes,
            "{path} differs from a full build; server log: {:#?}",
            server.log()
        );
    }
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn an_edited_note_is_served_rebuilt_and_only_its_pages_are_rendered() {
    let server = Server::start();
    let call = "/calls/2026-08-16-luis-austin/index.html";
    let (code, before) = server.get(call);
    assert_eq!(code, 200);
    assert!(before.contains("The payment page froze"), "{before}");
    assert!(
        before.contains("<script src=\"/__verbatim/live.js\""),
        "pages load the reload script"
    );
    let (code, script) = server.get("/__verbatim/live.js");
    assert_eq!(code, 200);
    assert!(script.contains("location.reload"), "{script}");

    edit(
        &server.content().join(LUIS),
        "The payment page froze",
        "The payment page crashed twice",
    );
    server.wait_for(call, "the edit", |b| b.contains("crashed twice"));
    // The quote's opportunity shows the new words too.
    let opportunity = server.get("/opportunities/mobile-checkout/index.html").1;
    assert!(opportunity.contains("crashed twice"), "{opportunity}");

    let line = server.wait_for_rebuilds(1);
    assert!(
        line.ends_with(&format!("({})", server.content().join(LUIS).display())),
        "{line}"
    );
    let pages: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let total = served_files(&server.site_folder())
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(
        pages < total,
        "re-rendered {pages} of {total} pages: {line}"
    );
    assert_same_as_full_build(&server);

    // Retagging a quote moves it between opportunities.
    edit(
        &server.content().join(LUIS),
        "phone. #mobile-checkout",
        "phone. #order-tracking",
    );
    server.wait_for(
        "/opportunities/order-tracking/index.html",
        "the retagged quote",
        |b| b.contains("crashed twice"),
    );
    server.wait_for_rebuilds(2);
    assert!(!server
        .get("/opportunities/mobile-checkout/index.html")
        .1
        .contains("crashed twice"));
    assert_same_as_full_build(&server);

    // A new note and a deleted one.
    fs::write(
        server.content().join("calls/2026-08-checkout/2026-08-20-ana-reno.md"),
        "+++\ncustomer = \"Ana\"\nlocation = \"Reno, NV\"\ndate = 2026-08-20\n+++\n\n## What would make it even better?\n\n> Tell me when my order ships. #order-tracking ^ana-ships\n",
    )
    .unwrap();
    server.wait_for("/quotes/ana-ships/index.html", "the new quote", |b| {
        b.contains("Tell me when my order ships")
    });
    server.wait_for_rebuilds(3);
    assert_same_as_full_build(&server);
    fs::remove_file(server.content().join(LUIS)).unwrap();
    server.wait_for(call, "the page gone", |b| b.contains("Not found"));
    server.wait_for_rebuilds(4);
    assert_same_as_full_build(&server);

    // Settings are not a call note: a full rebuild, with the same result.
    edit(
        &server.content().join("site.toml"),
        "title = ",
        "title = \"Renamed\"\n# ",
    );
    server.wait_for("/index.html", "the new title", |b| b.contains("Renamed"));
    server.wait_for_rebuilds(5);
    assert_same_as_full_build(&server);
}

#[test]
fn a_broken_edit_shows_the_error_over_the_last_good_page() {
    let server = Server::start();
    let call = "/calls/2026-08-16-luis-austin/index.html";
    assert!(server.get(call).1.contains("The payment page froze"));
    let note = server.content().join(LUIS);
    // The note's line 2 holds `customer = "Luis"`.
    edit(&note, "customer =", "custmer =");
    let where_ = format!("{}:2:1: error: unknown key `custmer`", note.display());
    let page = server.wait_for(call, "the error overlay", |b| {
        b.contains("verbatim-serve-error")
    });
    assert!(page.contains(&where_), "the CLI's message: {page}");
    assert!(
        page.contains("2 | custmer = &quot;Luis&quot;"),
        "the snippet: {page}"
    );
    assert!(
        page.contains("The payment page froze"),
        "the last good page: {page}"
    );
    let (_, status) = server.get("/__verbatim/status");
    assert!(status.contains(&where_.replace('\\', "\\\\")), "{status}");
    assert!(
        server.log().iter().any(|l| l.contains(&where_)),
        "and on stderr: {:#?}",
        server.log()
    );

    // A save that fixes it (and changes the quote) clears the overlay.
    edit(&note, "custmer =", "customer =");
    edit(&note, "froze", "stalled");
    // The page file is written a moment before the build's outcome is published, so
    // wait for both: the new words, and the overlay gone.
    let page = server.wait_for(call, "the fixed page without the overlay", |b| {
        b.contains("stalled") && !b.contains("verbatim-serve-error")
    });
    assert!(!page.contains("verbatim-serve-error"), "{page}");
    assert_same_as_full_build(&server);
}

#[cfg(unix)]
#[test]
fn stopping_the_server_removes_its_build_folder() {
    let mut server = Server::start();
    let folder = server.site_folder();
    assert!(folder.join("index.html").is_file());
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(server.child.id() as i32, libc::SIGTERM) };
    let started = Instant::now();
    while server.child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < PATIENCE, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!folder.exists(), "{} is left behind", folder.display());
}

#[test]
fn a_taken_port_is_an_error_that_says_what_to_do() {
    let server = Server::start();
    let port = server.addr.rsplit(':').next().unwrap();
    let output = Command::new(assert_cmd::cargo::cargo_bin("verbatim"))
        .args(["serve", "--port", port, "--content"])
        .arg(server.content())
        .env("TMPDIR", server.tmp.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--port"), "{stderr}");
}
