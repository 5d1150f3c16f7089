//! The benchmark's floor: the least work that turns a content folder into the same
//! files and folders as verbatim's site, with no templates and no analysis.
//!
//! ```text
//! cargo run --release --example bench_floor -- --content /tmp/c10k --out /tmp/floor
//! ```
//!
//! It walks `calls/` and `opportunities/`, reads and parses every note (TOML front
//! matter, Markdown), renders its Markdown, and writes one page per call, per quote
//! (each top-level blockquote), per opportunity and per round, each as
//! `<section>/<name>/index.html` in its own folder, with plain string formatting and
//! rayon. A build of verbatim cannot be faster than this on the same machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

fn notes(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_string_lossy().starts_with(['_', '.'])
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

/// Front matter table and body of a `+++` note.
fn split(text: &str) -> (toml::Table, &str) {
    let rest = text.strip_prefix("+++\n").unwrap_or(text);
    match rest.find("\n+++\n") {
        Some(end) => (rest[..end].parse().unwrap_or_default(), &rest[end + 5..]),
        None => (toml::Table::new(), rest),
    }
}

struct Writer {
    out: PathBuf,
    pages: AtomicUsize,
    bytes: AtomicU64,
}

impl Writer {
    fn page(&self, section: &str, name: &str, html: &str) {
        let dir = self.out.join(section).join(name);
        fs::create_dir_all(&dir).expect("create folder");
        fs::write(dir.join("index.html"), html).expect("write page");
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(html.len() as u64, Ordering::Relaxed);
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><main><h1>{title}</h1>\n{body}</main></body></html>\n"
    )
}

fn main() {
    let mut content: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--content" => content = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            other => panic!("unknown argument {other}"),
        }
    }
    let content = content.expect("--content DIR");
    let writer = Writer {
        out: out.expect("--out DIR"),
        pages: AtomicUsize::new(0),
        bytes: AtomicU64::new(0),
    };
    for section in ["calls", "quotes", "opportunities", "rounds"] {
        fs::create_dir_all(writer.out.join(section)).expect("create section");
    }

    let calls = notes(&content.join("calls"));
    let rounds: Vec<(String, String)> = calls
        .par_iter()
        .map(|path| {
            let text = fs::read_to_string(path).expect("read note");
            let (front, body) = split(&text);
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let customer = front.get("customer").and_then(|v| v.as_str()).unwrap_or("");
            let mut call_html = String::with_capacity(body.len() * 2);
            let mut quote_events = Vec::new();
            let mut depth = 0usize;
            let mut quotes = 0usize;
            let events = Parser::new(body).inspect(|e| match e {
                Event::Start(Tag::BlockQuote(_)) => depth += 1,
                Event::End(TagEnd::BlockQuote(_)) => {
                    depth -= 1;
                    if depth == 0 {
                        quotes += 1;
                        let mut q = String::new();
                        html::push_html(&mut q, quote_events.drain(..));
                        writer.page(
                            "quotes",
                            &format!("{stem}-{quotes}"),
                            &page(&format!("Quote from {customer}"), &q),
                        );
                    }
                }
                other if depth > 0 => quote_events.push(other.clone()),
                _ => {}
            });
            html::push_html(&mut call_html, events);
            writer.page(
                "calls",
                &stem,
                &page(&format!("Call with {customer}"), &call_html),
            );
            let round = path
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                round,
                format!("<li><a href=\"../../calls/{stem}/index.html\">{stem}</a></li>\n"),
            )
        })
        .collect();

    notes(&content.join("opportunities"))
        .par_iter()
        .for_each(|path| {
            let text = fs::read_to_string(path).expect("read note");
            let (front, body) = split(&text);
            let title = front.get("title").and_then(|v| v.as_str()).unwrap_or("");
            let mut html_body = String::new();
            html::push_html(&mut html_body, Parser::new(body));
            let slug = path.file_stem().unwrap_or_default().to_string_lossy();
            writer.page("opportunities", &slug, &page(title, &html_body));
        });

    let mut by_round: std::collections::BTreeMap<&str, String> = Default::default();
    for (round, item) in &rounds {
        by_round.entry(round).or_default().push_str(item);
    }
    by_round.par_iter().for_each(|(round, items)| {
        writer.page(
            "rounds",
            round,
            &page(round, &format!("<ul>\n{items}</ul>\n")),
        );
    });
    let index = page("Dashboard", &format!("<p>{} calls</p>\n", calls.len()));
    fs::write(writer.out.join("index.html"), &index).expect("write index");
    println!(
        "floor: {} pages, {} bytes",
        writer.pages.load(Ordering::Relaxed) + 1,
        writer.bytes.load(Ordering::Relaxed) + index.len() as u64
    );
}
