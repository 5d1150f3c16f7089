//! Checking every internal link and anchor of a rendered site, without writing it.
//!
//! `check` renders the site through an inspecting [`Staging`](crate::output::Staging):
//! each page's start tags are read as it is rendered (`start_tags`, tested against
//! the `tl` HTML parser) and only what the check needs is kept: the page's `id`s and
//! the distinct link targets, so the whole site is never held in memory. After
//! rendering, every target must be a file of the site and every `#fragment` an id on
//! its page.
//!
//! A bad link is reported where it was written, with help for whoever wrote it: in a
//! note's Markdown (a call note, an opportunity's write-up), found by its `](href)`;
//! else in a template override; else on the page it was seen on.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::privacy::Privacy;

// A 10,000-call site has about 1.3 million links on 50,000 pages: each is hashed
// twice, so the hash is the fast one (no untrusted keys here).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Links and anchors gathered from the pages of one rendered site.
#[derive(Default)]
pub struct LinkCheck {
    files: Mutex<HashSet<String>>,
    ids: Mutex<HashMap<String, HashSet<String>>>,
    /// (target file, fragment) → (a page linking to it, the href as written, how many pages).
    links: Mutex<HashMap<(String, String), Seen>>,
    /// Links that are wrong by their form alone: (kind, href) → Seen.
    malformed: Mutex<HashMap<(Malformed, String), Seen>>,
    /// HTML pages added so far, which numbers them.
    pages: std::sync::atomic::AtomicUsize,
}

struct Seen {
    page: String,
    href: String,
    pages: usize,
    /// The number [`LinkCheck::add`] gave the page that counted last: a page linking
    /// to a target twice counts once.
    last: usize,
}

impl Seen {
    /// Counts another page; the example named is the first by path, so that
    /// reports do not depend on the order pages were rendered in.
    fn also_on(&mut self, page: &str, href: &str, number: usize) {
        if self.last == number {
            return;
        }
        self.last = number;
        self.pages += 1;
        if page < self.page.as_str() {
            self.page = page.to_string();
            self.href = href.to_string();
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Malformed {
    LeavesSite,
    RootRelative,
}

/// What one link points at, as far as the page alone tells.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Outside the site (`https:`, `mailto:`, `//host`), or empty: not checked.
    External,
    /// A file of the site, site-relative, and a fragment (maybe empty).
    Internal(String, String),
    /// Goes above the site's root.
    LeavesSite,
    /// Starts with `/`: breaks under a sub-path and from `file://`.
    RootRelative,
}

/// Resolves `href` found on the page at site-relative `page`.
#[cfg(test)]
fn resolve(page: &str, href: &str) -> Target {
    resolve_below(page, page.matches('/').count(), href)
}

/// [`resolve`], for a page `depth` folders below the root: worked out once per
/// page, not per link.
fn resolve_below(page: &str, depth: usize, href: &str) -> Target {
    let href = href.trim();
    if href.is_empty() || href.starts_with("//") {
        return Target::External;
    }
    if let Some(i) = href.find([':', '/', '?', '#']) {
        if href.as_bytes()[i] == b':' {
            return Target::External;
        }
    }
    if href.starts_with('/') {
        return Target::RootRelative;
    }
    let (rest, fragment) = href.split_once('#').unwrap_or((href, ""));
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    if path.is_empty() {
        return Target::Internal(page.to_string(), fragment.to_string());
    }
    // Nearly every link is `{{ root }}path`: the page's own way up to the root, then a
    // path with nothing to resolve in it.
    if let Some(below) = (0..depth).try_fold(path, |p, _| p.strip_prefix("../")) {
        let segments = below.strip_suffix('/').unwrap_or(below);
        if !segments
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return Target::Internal(below.to_string(), fragment.to_string());
        }
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    for segment in path.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::LeavesSite;
                }
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') {
        // A folder: kept with its slash so the check can say to name index.html.
        joined.push('/');
    }
    Target::Internal(joined, fragment.to_string())
}

/// Counts the page `rel` (numbered `number`) for each of its links' keys.
fn merge<K: Eq + std::hash::Hash>(
    seen: &mut HashMap<K, Seen>,
    links: Vec<(K, Cow<'_, str>)>,
    rel: &str,
    number: usize,
) {
    for (key, href) in links {
        match seen.get_mut(&key) {
            Some(s) => s.also_on(rel, &href, number),
            None => {
                seen.insert(
                    key,
                    Seen {
                        page: rel.to_string(),
                        href: href.into_owned(),
                        pages: 1,
                        last: number,
                    },
                );
            }
        }
    }
}

/// Calls `f` with the name and attributes (name, value as written) of each start
/// tag of `html`. Only what a link check needs: comments, end tags and the text of
/// scripts and style sheets are skipped, and no tree is built (building `tl`'s for
/// every page was most of a check's own work).
fn start_tags<'a>(html: &'a str, mut f: impl FnMut(&'a str, &[(&'a str, &'a str)])) {
    let b = html.as_bytes();
    let end_of = |from: usize, stop: &dyn Fn(u8) -> bool| {
        b[from..]
            .iter()
            .position(|&c| stop(c))
            .map_or(b.len(), |n| from + n)
    };
    let mut attributes: Vec<(&str, &str)> = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &b[i..]) {
        i += at + 1;
        if b[i..].starts_with(b"!--") {
            i = memchr::memmem::find(&b[i + 3..], b"-->").map_or(b.len(), |n| i + 3 + n + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            // An end tag, a doctype, or a `<` in text.
            continue;
        }
        let name_end = end_of(i, &|c| c.is_ascii_whitespace() || c == b'>' || c == b'/');
        let name = &html[i..name_end];
        i = name_end;
        attributes.clear();
        loop {
            i = end_of(i, &|c| !(c.is_ascii_whitespace() || c == b'/'));
            if i >= b.len() {
                break;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            let start = i;
            i = end_of(i + 1, &|c| {
                c.is_ascii_whitespace() || matches!(c, b'=' | b'>' | b'/')
            });
            let attribute = &html[start..i];
            i = end_of(i, &|c| !c.is_ascii_whitespace());
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i = end_of(i + 1, &|c| !c.is_ascii_whitespace());
            let value = match b.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = end_of(i + 1, &|c| c == quote);
                    let value = &html[i + 1..close];
                    i = (close + 1).min(b.len());
                    value
                }
                _ => {
                    let start = i;
                    i = end_of(i, &|c| c.is_ascii_whitespace() || c == b'>');
                    &html[start..i]
                }
            };
            attributes.push((attribute, value));
        }
        f(name, &attributes);
        for raw in ["script", "style"] {
            if name.eq_ignore_ascii_case(raw) {
                // Its text is code, not markup: on to its end tag.
                let mut from = i;
                i = loop {
                    match memchr::memmem::find(&b[from..], b"</") {
                        Some(n) => {
                            let close = from + n + 2;
                            if b[close..].len() >= raw.len()
                                && b[close..close + raw.len()].eq_ignore_ascii_case(raw.as_bytes())
                            {
                                break close;
                            }
                            from = close;
                        }
                        None => break b.len(),
                    }
                };
            }
        }
    }
}

/// `&amp;` and friends in attribute values, the few a URL may hold.
fn decode(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains('&') {
        value
            .replace("&amp;", "&")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .into()
    } else {
        value.into()
    }
}

impl LinkCheck {
    /// Records one file of the site; HTML pages are parsed for ids and links.
    pub fn add(&self, rel: &str, bytes: &[u8]) {
        self.files.lock().unwrap().insert(rel.to_string());
        if !rel.ends_with(".html") || is_archived(rel) {
            return;
        }
        let Ok(html) = std::str::from_utf8(bytes) else {
            return;
        };
        let mut ids: HashSet<String> = HashSet::default();
        // Each distinct href once, in the order written: the first to reach a target
        // is the one a report shows.
        let mut written: HashSet<&str> = HashSet::default();
        let mut hrefs: Vec<&str> = Vec::new();
        start_tags(html, |tag, attributes| {
            let first = |name: &str| {
                attributes
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|&(_, v)| v)
            };
            if let Some(id) = first("id") {
                ids.insert(id.to_string());
            }
            // <meta http-equiv="refresh" content="0; url=...">: a redirect page's target.
            let redirect = first("content")
                .filter(|_| tag.eq_ignore_ascii_case("meta"))
                .and_then(|content| {
                    let at = content.to_ascii_lowercase().find("url=")?;
                    Some(&content[at + 4..])
                });
            let found = ["href", "src", "action", "cite"].map(first);
            for href in found.into_iter().chain([redirect]).flatten() {
                if written.insert(href) {
                    hrefs.push(href);
                }
            }
        });
        let number = self
            .pages
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let depth = rel.matches('/').count();
        let mut internal: Vec<((String, String), Cow<'_, str>)> = Vec::new();
        let mut malformed: Vec<((Malformed, String), Cow<'_, str>)> = Vec::new();
        for href in hrefs {
            let href = decode(href);
            match resolve_below(rel, depth, &href) {
                Target::External => {}
                Target::Internal(file, fragment) => internal.push(((file, fragment), href)),
                Target::LeavesSite => {
                    malformed.push(((Malformed::LeavesSite, href.to_string()), href))
                }
                Target::RootRelative => {
                    malformed.push(((Malformed::RootRelative, href.to_string()), href))
                }
            }
        }
        // The first href on this page to reach a target is the one kept.
        merge(&mut self.links.lock().unwrap(), internal, rel, number);
        if !malformed.is_empty() {
            merge(&mut self.malformed.lock().unwrap(), malformed, rel, number);
        }
        self.ids.lock().unwrap().insert(rel.to_string(), ids);
    }

    /// How many distinct link targets were seen.
    pub fn targets(&self) -> usize {
        self.links.lock().unwrap().len()
    }

    /// Every broken link and anchor, one diagnostic per target, sorted; the notes and
    /// template overrides of `content` are searched to point at the line that wrote it.
    /// `privacy` is the site's: notes are redacted with it as the build reads them.
    pub fn finish(self, content: &Path, privacy: &Privacy) -> Vec<Diagnostic> {
        let files = self.files.into_inner().unwrap();
        let ids = self.ids.into_inner().unwrap();
        let links = self.links.into_inner().unwrap();
        let sources = Sources::new(content, privacy);
        let mut out = Vec::new();
        let mut sorted: Vec<_> = links.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for ((file, fragment), seen) in sorted {
            let on = pages_phrase(&seen);
            if let Some(folder) = file.strip_suffix('/') {
                let index = format!("{folder}/index.html");
                if files.contains(&index) {
                    let (d, _) = sources.locate(
                        &seen,
                        &index,
                        format!("link `{}` names a folder{on}", seen.href),
                    );
                    out.push(
                        d.hint(format!(
                            "it works on a web server but not from file://; link to {}index.html",
                            seen.href
                        ))
                        .warning(),
                    );
                    continue;
                }
            }
            if !files.contains(&file) {
                let (d, origin) = sources.locate(
                    &seen,
                    &file,
                    format!("broken link `{}`: the site has no {file}{on}", seen.href),
                );
                out.push(d.hint(match origin {
                    Origin::Note => format!(
                        "links in a note are followed from the page the note shows on ({}): point this one at a page of the site, whose addresses end in index.html (from there the dashboard is `{root}index.html`, an opportunity `{root}opportunities/<slug>/index.html`), or at a full https:// address",
                        seen.page,
                        root = root_of(&seen.page)
                    ),
                    Origin::Template | Origin::Page => "links are relative to the page and name index.html, e.g. `{{ root }}opportunities/index.html`; fix the href in the template or note that writes it".into(),
                }));
                continue;
            }
            if fragment.is_empty() {
                continue;
            }
            if let Some(page_ids) = ids.get(&file) {
                if !page_ids.contains(&fragment) {
                    let (d, _) = sources.locate(
                        &seen,
                        &format!("#{fragment}"),
                        format!(
                            "broken anchor `{}`: {file} has no id=\"{fragment}\"{on}",
                            seen.href
                        ),
                    );
                    out.push(d.hint("the part after # must be the id of an element on that page"));
                }
            }
        }
        let mut malformed: Vec<_> = self.malformed.into_inner().unwrap().into_iter().collect();
        malformed.sort_by(|a, b| a.0.cmp(&b.0));
        for ((kind, _), seen) in malformed {
            let on = pages_phrase(&seen);
            let d = match kind {
                Malformed::LeavesSite => {
                    let (d, origin) = sources.locate(
                        &seen,
                        &seen.href,
                        format!("link `{}` points above the site's root{on}", seen.href),
                    );
                    d.hint(match origin {
                        Origin::Note => format!(
                            "count the `../`: the link is followed from {}, and `{}` already leads to the site's root from there",
                            seen.page,
                            root_of(&seen.page)
                        ),
                        Origin::Template | Origin::Page => "count the `../`: a page's `{{ root }}` already leads to the site's root".into(),
                    })
                }
                Malformed::RootRelative => {
                    let (d, origin) = sources.locate(
                        &seen,
                        &seen.href,
                        format!("link `{}` starts with `/`{on}", seen.href),
                    );
                    d.hint(match origin {
                        Origin::Note => format!(
                            "it breaks under a sub-path and from file://; write it relative to {} (the site's root is `{}` from there), or as a full https:// address",
                            seen.page,
                            root_of(&seen.page)
                        ),
                        Origin::Template | Origin::Page => "it breaks under a sub-path and from file://; write it relative, as `{{ root }}path/index.html`".into(),
                    })
                    .warning()
                }
            };
            out.push(d);
        }
        out
    }
}

/// Where a bad link was written, which decides whose words the help is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A note's Markdown: a call note, an opportunity's write-up.
    Note,
    /// A template override in the content folder's `templates/`.
    Template,
    /// Neither was found: reported on the page.
    Page,
}

/// The files a link can have been written in; the notes are read only when a bad link
/// needs them, so a clean check of a large site reads no note twice.
struct Sources<'p> {
    content: PathBuf,
    privacy: &'p Privacy,
    templates: Vec<SourceFile>,
    notes: OnceCell<Vec<SourceFile>>,
}

impl<'p> Sources<'p> {
    fn new(content: &Path, privacy: &'p Privacy) -> Self {
        Sources {
            content: content.to_path_buf(),
            privacy,
            templates: read_templates(&content.join("templates")),
            notes: OnceCell::new(),
        }
    }

    /// Points at where `seen`'s link was written: a note's Markdown link with that
    /// exact address, else the line of a template override that writes `needle` or
    /// the href, else the page.
    fn locate(&self, seen: &Seen, needle: &str, message: String) -> (Diagnostic, Origin) {
        let notes = self
            .notes
            .get_or_init(|| read_notes(&self.content, self.privacy));
        for note in notes {
            if let Some(span) = markdown_link(&note.text, &seen.href) {
                return (note.error(span, message), Origin::Note);
            }
        }
        let needles = [seen.href.trim_start_matches("../"), needle];
        for file in &self.templates {
            for n in needles {
                if n.is_empty() {
                    continue;
                }
                if let Some(at) = file.text.find(n) {
                    return (file.error(at..at + n.len(), message), Origin::Template);
                }
            }
        }
        (
            Diagnostic::at_file(Path::new(&seen.page), message),
            Origin::Page,
        )
    }
}

/// `../../` for `quotes/a/index.html`: from a page to the site's root.
fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The byte span of `href` where the Markdown `text` links to it: `[words](href)`,
/// `[words](<href>)`, `[words](href "title")` or a reference `[words]: href`.
fn markdown_link(text: &str, href: &str) -> Option<std::ops::Range<usize>> {
    if href.is_empty() {
        return None;
    }
    for (open, ends) in [
        ("](", &[')', ' ', '\t', '\n', '\r'][..]),
        ("](<", &['>'][..]),
        ("]: ", &[' ', '\t', '\n', '\r'][..]),
    ] {
        let pattern = format!("{open}{href}");
        let mut from = 0;
        while let Some(found) = text[from..].find(&pattern) {
            let start = from + found + open.len();
            let end = start + href.len();
            let next = text[end..].chars().next();
            if next.is_none_or(|c| ends.contains(&c)) {
                return Some(start..end);
            }
            from = start;
        }
    }
    None
}

/// The Markdown notes of the content folder: every `.md` file outside `templates/` and
/// `static/`, skipping the `_` and `.` files and folders that are no pages; sorted.
/// Each is redacted as the build reads it, so that a diagnostic's snippet (printed to
/// a terminal or CI log) shows `(email redacted)`, never the email on the link's line.
fn read_notes(content: &Path, privacy: &Privacy) -> Vec<SourceFile> {
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && {
            let name = e.file_name().to_string_lossy();
            name.starts_with('_')
                || name.starts_with('.')
                || (e.depth() == 1 && (name == "templates" || name == "static"))
        }
    };
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(content).ok()?;
            crate::content::read_private(content, rel, privacy).ok()
        })
        .collect()
}

/// Pages copied from frozen archives are not re-checked: they cannot change.
fn is_archived(rel: &str) -> bool {
    rel.strip_prefix("archive/")
        .is_some_and(|rest| rest.contains('/'))
}

fn pages_phrase(seen: &Seen) -> String {
    if seen.pages == 1 {
        format!(" (on {})", seen.page)
    } else {
        format!(" (on {} pages, e.g. {})", seen.pages, seen.page)
    }
}

fn read_templates(dir: &Path) -> Vec<SourceFile> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some(SourceFile::new(e.path().to_path_buf(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn privacy() -> Privacy {
        Privacy::new(true, vec![], crate::model::Publish::Internal, "")
    }

    /// The start tags of `html` as (name, [(attribute, value)]).
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        start_tags(html, |name, attributes| {
            let attributes = attributes
                .iter()
                .map(|(a, v)| (a.to_string(), v.to_string()))
                .collect();
            out.push((name.to_string(), attributes));
        });
        out
    }

    #[test]
    fn start_tags_read_attributes_as_html_writes_them() {
        let t = tags(concat!(
            "<!doctype html><P ID=top class='a b' hidden>1 < 2</P>",
            "<a href=\"x.html?a=1&amp;b=2\" title='it\"s > that'>",
            "<img src=pic.png alt=\"\"/><br/><input disabled value = spaced >",
            "<!-- <a href=\"commented.html\"> --></a>",
            "<script>if (a <b) { x = \"<a href='in-script.html'>\" }</script>",
            "<STYLE>a{}</style><a href=after.html>"
        ));
        let names: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["P", "a", "img", "br", "input", "script", "STYLE", "a"]
        );
        let attrs = |i: usize| -> Vec<(&str, &str)> {
            t[i].1
                .iter()
                .map(|(a, v)| (a.as_str(), v.as_str()))
                .collect()
        };
        assert_eq!(attrs(0), [("ID", "top"), ("class", "a b")]);
        assert_eq!(
            attrs(1),
            [("href", "x.html?a=1&amp;b=2"), ("title", "it\"s > that")]
        );
        assert_eq!(attrs(2), [("src", "pic.png"), ("alt", "")]);
        assert_eq!(attrs(4), [("value", "spaced")]);
        assert_eq!(attrs(7), [("href", "after.html")]);
    }

    #[test]
    fn start_tags_survive_html_cut_short() {
        for html in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"x",
            "<!--",
            "<script>x",
        ] {
            tags(html);
        }
        assert_eq!(tags("<a href=\"x")[0].1, [("href".into(), "x".into())]);
    }

    #[test]
    fn start_tags_find_what_tl_finds_on_every_page_of_the_sample_site() {
        // tl builds a tree of each page; the scanner must read the same ids and links.
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        crate::build(&crate::BuildOptions {
            content: Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            out: site.clone(),
        })
        .expect("the sample site builds");
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(&site) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            let dom = tl::parse(&html, tl::ParserOptions::default()).unwrap();
            let mut expected = Vec::new();
            for tag in dom.nodes().iter().filter_map(|n| n.as_tag()) {
                let a = tag.attributes();
                let mut found: Vec<String> = a
                    .id()
                    .map(|v| v.as_utf8_str().into_owned())
                    .into_iter()
                    .collect();
                for name in ["href", "src", "action", "cite", "content"] {
                    if let Some(Some(v)) = a.get(name) {
                        found.push(format!("{name}={}", v.as_utf8_str()));
                    }
                }
                expected.push(found);
            }
            let mut seen = Vec::new();
            start_tags(&html, |_, attributes| {
                let first =
                    |name: &str| attributes.iter().find(|(n, _)| *n == name).map(|&(_, v)| v);
                let mut found: Vec<String> = first("id").map(str::to_string).into_iter().collect();
                for name in ["href", "src", "action", "cite", "content"] {
                    if let Some(v) = first(name) {
                        found.push(format!("{name}={v}"));
                    }
                }
                seen.push(found);
            });
            // The first tag that differs, not two whole pages.
            let at = (0..seen.len().max(expected.len())).find(|&i| seen.get(i) != expected.get(i));
            assert!(
                at.is_none(),
                "{}, tag {}: scanner {:?}, tl {:?}",
                path.display(),
                at.unwrap_or(0),
                at.and_then(|i| seen.get(i)),
                at.and_then(|i| expected.get(i))
            );
            pages += 1;
        }
        assert!(pages > 20, "{pages} pages");
    }

    fn internal(file: &str, fragment: &str) -> Target {
        Target::Internal(file.into(), fragment.into())
    }

    #[test]
    fn resolves_relative_links() {
        let page = "quotes/a/index.html";
        assert_eq!(
            resolve(page, "../../calls/c/index.html#q-a"),
            internal("calls/c/index.html", "q-a")
        );
        assert_eq!(resolve(page, "#top"), internal(page, "top"));
        assert_eq!(
            resolve(page, "../b/index.html?x=1"),
            internal("quotes/b/index.html", "")
        );
        assert_eq!(resolve(page, "../../rounds/"), internal("rounds/", ""));
        // Paths with something left to resolve below the root.
        assert_eq!(resolve(page, "../../a//b.html"), internal("a/b.html", ""));
        assert_eq!(
            resolve(page, "../../a/./b/../c.html"),
            internal("a/c.html", "")
        );
        assert_eq!(resolve(page, "../../../x.html#y"), Target::LeavesSite);
        assert_eq!(
            resolve("index.html", "opportunities/index.html#fix"),
            internal("opportunities/index.html", "fix")
        );
        assert_eq!(resolve("index.html", "../index.html"), Target::LeavesSite);
        assert_eq!(resolve(page, "../../../x.html"), Target::LeavesSite);
        assert_eq!(resolve(page, "/x/index.html"), Target::RootRelative);
        for external in ["https://x.example/", "mailto:a@b", "//cdn.example/x.js", ""] {
            assert_eq!(resolve(page, external), Target::External, "{external}");
        }
    }

    #[test]
    fn finds_broken_links_and_anchors() {
        let check = LinkCheck::default();
        check.add("index.html", br#"<a href="a/index.html#here">ok</a> <a href="a/index.html#gone">x</a> <a href="nope/index.html">y</a> <a href="a/">z</a>"#);
        check.add(
            "a/index.html",
            br#"<p id="here"><a href="../index.html">home</a></p>"#,
        );
        let found = check.finish(Path::new("/nonexistent"), &privacy());
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("broken anchor `a/index.html#gone`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("broken link `nope/index.html`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("names a folder")),
            "{messages:?}"
        );
    }

    #[test]
    fn finds_markdown_links_by_their_exact_address() {
        let text =
            "See [a](../nope/more) and [b](../nope/ \"t\"), [c](<x y>), then\n[d]: ../ref/\n";
        let at = |href: &str| markdown_link(text, href).map(|r| &text[r]);
        assert_eq!(at("../nope/"), Some("../nope/"));
        assert_eq!(
            markdown_link(text, "../nope/").unwrap().start,
            text.find("../nope/ ").unwrap()
        );
        assert_eq!(at("x y"), Some("x y"));
        assert_eq!(at("../ref/"), Some("../ref/"));
        assert_eq!(at("../nop"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn a_broken_link_in_a_note_is_reported_in_the_note() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path();
        std::fs::create_dir_all(content.join("opportunities")).unwrap();
        std::fs::create_dir_all(content.join("calls/_drafts")).unwrap();
        let note = "+++\ntitle = \"X\"\n+++\n\nSee [the guide](../nope/).\n";
        std::fs::write(content.join("opportunities/x.md"), note).unwrap();
        // A draft is no page: a link in it cannot be the one on the page.
        std::fs::write(content.join("calls/_drafts/a.md"), note).unwrap();
        let check = LinkCheck::default();
        check.add(
            "opportunities/x/index.html",
            br#"<a href="../nope/">guide</a>"#,
        );
        let found = check.finish(content, &privacy());
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.path, content.join("opportunities/x.md"));
        assert_eq!((d.line, d.col), (5, 17));
        let hint = d.hint.as_deref().unwrap();
        assert!(hint.contains("links in a note"), "{hint}");
        assert!(
            hint.contains("`../../opportunities/<slug>/index.html`"),
            "{hint}"
        );
        assert!(!hint.contains("template"), "{hint}");
    }
}
