//! `verbatim serve`: a local preview that rebuilds on every change and reloads open pages.
//!
//! - **Where the site lives.** The preview builds into a temporary folder (removed
//!   when the server stops) exactly as `verbatim build` writes a site, and serves
//!   files from there. Memory stays flat however large the site, the first build is
//!   the ordinary one, and an incremental rebuild rewrites only the pages it renders.
//! - **Incremental rebuilds.** Every change reloads the content (so every error of
//!   the folder is found; notes that did not change come from a [`content::NoteCache`])
//!   and re-analyzes it; then [`plan`] picks the pages the edit
//!   touches and only those are rendered, into memory first. They are written (each
//!   by write-and-rename, so no request sees half a page) only when all of them
//!   rendered. Anything but a call note changing gets a full build.
//! - **Language and search later.** Customer language is most of an analysis
//!   (seconds at 10,000 calls) and the search index covers every note, so an edited
//!   note's pages are first rendered with the language of the previous build (its
//!   phrases' quotes found again by id) and the old index. A background thread then
//!   re-analyses the language; the pages that show it (the dashboard, opportunities,
//!   the language page) and the search index and page are rewritten when it is done.
//!   A newer edit makes its result stale, and it is dropped.
//! - **Errors.** A build with errors leaves the last good site in place (before the
//!   first good build there is none, and nothing is served but the overlay on a "not
//!   found" page); its message (the same `path:line:col` text the CLI prints) goes to
//!   stderr and to every open page as an overlay, until a save fixes it.
//! - **Reloading.** Every HTML response gets `<script src="/__verbatim/live.js">`
//!   (never the files on disk, so the preview's pages are the built pages plus that
//!   tag). The script long-polls `/__verbatim/status?since=<version>`, reloads when
//!   a build succeeds and shows the overlay when one fails. No inline scripts.

mod http;
pub mod plan;

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::analysis::language::{self, LanguageFacts};
use crate::analysis::{analyze, analyze_with_earlier_language, Analysis};
use crate::model::Site;
use crate::output::OutputError;
use crate::render::{self, every_page, theme::Theme, Page, Sink};
use crate::{content, today, BuildOptions, Error};
use plan::{Plan, Snapshot};

/// How long the watcher waits for a burst of writes (an editor's save) to settle:
/// an editor's save (write a temporary file, rename it over the note) takes a few
/// milliseconds, and every millisecond here is one more before the page shows it.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The content folder to build and watch.
    pub content: PathBuf,
    /// The address to listen on; loopback unless asked otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            content: PathBuf::from("content"),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 4000,
        }
    }
}

/// What open pages learn from `/__verbatim/status`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Status {
    /// Bumped by every build, good or bad.
    pub version: u64,
    /// The message of the last build when it failed.
    pub error: Option<String>,
}

/// State shared with the HTTP threads.
pub(crate) struct Shared {
    /// The folder the site is built into.
    pub root: PathBuf,
    /// The latest build's outcome.
    pub status: Mutex<Status>,
    /// Signalled whenever `status` changes.
    pub changed: Condvar,
}

impl Shared {
    fn publish(&self, error: Option<String>) {
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.version += 1;
        status.error = error;
        self.changed.notify_all();
    }
}

enum Event {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
    /// The language of the site built by rebuild number `.0`, analysed in `.2`.
    Language(u64, Arc<LanguageFacts>, Duration),
}

/// Stops a running preview from another thread (a Ctrl-C handler, a test).
#[derive(Clone)]
pub struct Stopper(Sender<Event>);

impl Stopper {
    /// Asks [`Preview::run`] to return; the server stops and its folder is removed.
    pub fn stop(&self) {
        let _ = self.0.send(Event::Stop);
    }
}

/// The last good build, kept to find what an edit touches and to reuse its work.
struct Built {
    site: Arc<Site>,
    analysis: Analysis,
    theme: Theme,
    quote_html: Vec<Arc<str>>,
}

/// A running preview server.
pub struct Preview {
    content: PathBuf,
    /// The content folder with links resolved: the watcher may name paths either way.
    content_resolved: PathBuf,
    /// Holds the built site; removed on drop.
    _folder: tempfile::TempDir,
    shared: Arc<Shared>,
    server: Arc<tiny_http::Server>,
    addr: SocketAddr,
    events: Receiver<Event>,
    sender: Sender<Event>,
    _watcher: Debouncer<RecommendedWatcher, RecommendedCache>,
    last: Option<Built>,
    /// Changed paths not yet built successfully, relative to the content folder.
    pending: BTreeSet<PathBuf>,
    /// Whether a build ever succeeded, so there is a site to serve while errors last.
    served: bool,
    /// Counts builds, so that a language analysis of an older site is dropped.
    generation: u64,
    /// The call notes as last read, so an edit re-reads only what changed.
    notes: content::NoteCache,
    /// One thread for the background language analysis: on rayon's global pool its
    /// seconds of work would queue ahead of the next edit's pages.
    language_pool: Arc<rayon::ThreadPool>,
    /// The generation of the newest site sent for language analysis.
    newest_generation: Arc<AtomicU64>,
}

/// Pages rendered into memory, written only when every one of them rendered.
struct Memory(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), bytes.to_vec()));
        Ok(())
    }
}

fn serve_error(message: String) -> Error {
    Error::Serve(message)
}

impl Preview {
    /// Builds the site once, starts watching `options.content` and listening on
    /// `options.bind:options.port`. A content error does not stop it: the error is
    /// served as an overlay until a save fixes it.
    pub fn start(options: &ServeOptions) -> Result<Preview, Error> {
        let content = options.content.clone();
        if !content.is_dir() {
            // The loader words this error best; show it as a build would.
            return Err(match content::load(&content) {
                Err(d) => Error::Content(d.sorted()),
                Ok(_) => serve_error(format!("{}: not a folder", content.display())),
            });
        }
        let folder = tempfile::Builder::new()
            .prefix("verbatim-serve-")
            .tempdir()
            .map_err(|e| serve_error(format!("cannot create a folder to build into: {e}")))?;
        let shared = Arc::new(Shared {
            root: folder.path().join("site"),
            status: Mutex::new(Status::default()),
            changed: Condvar::new(),
        });
        let addr = SocketAddr::new(options.bind, options.port);
        let server = tiny_http::Server::http(addr).map_err(|e| {
            serve_error(format!(
                "cannot listen on {addr}: {e}; pass another --port (0 picks a free one)"
            ))
        })?;
        let addr = server.server_addr().to_ip().unwrap_or(addr);
        let server = Arc::new(server);

        let (sender, events) = channel();
        let to_loop = sender.clone();
        let mut watcher = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let event = match result {
                // Opening and reading a file (as every build does) is no change.
                Ok(events) => Event::Changed(
                    events
                        .into_iter()
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| e.event.paths)
                        .collect(),
                ),
                Err(errors) => Event::WatchError(
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = to_loop.send(event);
        })
        .map_err(|e| serve_error(format!("cannot watch for changes: {e}")))?;
        let content_resolved = std::fs::canonicalize(&content).unwrap_or(content.clone());
        watcher
            .watch(&content_resolved, RecursiveMode::Recursive)
            .map_err(|e| serve_error(format!("cannot watch {}: {e}", content.display())))?;

        let mut preview = Preview {
            content_resolved,
            content,
            _folder: folder,
            shared: shared.clone(),
            server: server.clone(),
            addr,
            events,
            sender,
            _watcher: watcher,
            last: None,
            pending: BTreeSet::new(),
            served: false,
            generation: 0,
            notes: content::NoteCache::default(),
            newest_generation: Arc::new(AtomicU64::new(0)),
            language_pool: Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "verbatim-language".into())
                    .build()
                    .map_err(|e| serve_error(format!("cannot start a thread: {e}")))?,
            ),
        };
        let started = Instant::now();
        match preview.full_build() {
            Ok(pages) => {
                preview.served = true;
                eprintln!(
                    "built {pages} pages in {} ms",
                    started.elapsed().as_millis()
                )
            }
            Err(e) => preview.report_failure(&e),
        }
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let shared = shared.clone();
                std::thread::spawn(move || http::respond(request, &shared));
            }
        });
        Ok(preview)
    }

    /// The address the server listens on (with the port chosen when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:4000/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The folder the site is built into while the preview runs.
    pub fn site_folder(&self) -> &Path {
        &self.shared.root
    }

    /// A handle that stops [`Preview::run`] from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// Rebuilds on every change until stopped; then stops serving and removes the
    /// build folder. Each rebuild is logged on stderr.
    pub fn run(mut self) -> Result<(), Error> {
        while let Ok(first) = self.events.recv() {
            let mut changed = Vec::new();
            let mut stop = false;
            let mut language = None;
            // Take every event already queued, so a burst becomes one rebuild.
            for event in std::iter::once(first).chain(self.events.try_iter()) {
                match event {
                    Event::Changed(paths) => changed.extend(paths),
                    Event::WatchError(e) => eprintln!("watching for changes failed: {e}"),
                    Event::Stop => stop = true,
                    Event::Language(generation, facts, took) => {
                        language = Some((generation, facts, took))
                    }
                }
            }
            if stop {
                break;
            }
            let mut relevant = false;
            for path in changed {
                let rel = path
                    .strip_prefix(&self.content_resolved)
                    .or_else(|_| path.strip_prefix(&self.content))
                    .map(Path::to_path_buf)
                    .unwrap_or(path);
                if plan::is_content(&rel) {
                    self.pending.insert(rel);
                    relevant = true;
                }
            }
            if relevant {
                self.rebuild();
            } else if let Some((generation, facts, took)) = language {
                if generation == self.generation {
                    self.catch_up(facts, took);
                }
            }
        }
        self.server.unblock();
        Ok(())
    }

    fn report_failure(&self, error: &Error) {
        let text = failure_text(error, self.served);
        eprintln!("{text}");
        self.shared.publish(Some(text));
    }

    /// Builds everything the pending changes need, and publishes the outcome.
    fn rebuild(&mut self) {
        let started = Instant::now();
        let result = self.rebuild_pending();
        let what = self.describe_pending();
        match result {
            Ok(pages) => {
                eprintln!(
                    "rebuilt {pages} pages in {} ms ({what})",
                    started.elapsed().as_millis()
                );
                self.pending.clear();
                self.served = true;
                self.shared.publish(None);
            }
            Err(e) => self.report_failure(&e),
        }
    }

    /// "content/calls/a.md" or "content/calls/a.md and 2 more".
    fn describe_pending(&self) -> String {
        let mut paths = self.pending.iter();
        let first = paths
            .next()
            .map(|p| self.content.join(p).display().to_string())
            .unwrap_or_default();
        match self.pending.len() {
            0 | 1 => first,
            n => format!("{first} and {} more", n - 1),
        }
    }

    fn rebuild_pending(&mut self) -> Result<usize, Error> {
        let incremental = self.last.is_some() && self.pending.iter().all(|p| plan::is_call_note(p));
        if !incremental {
            return self.full_build();
        }
        // The watcher names every changed note: no other note is looked at.
        let loaded = content::load_after_edits(&self.content, &self.notes, &self.pending)
            .map_err(|d| Error::Content(d.sorted()))?;
        let site = loaded.site;
        let last = self
            .last
            .as_ref()
            .expect("incremental builds follow a good build");
        let analysis =
            analyze_with_earlier_language(&site, today(), last.analysis.language.clone());
        let sources: BTreeSet<String> = self.pending.iter().map(|p| plan::slash_path(p)).collect();
        let old = Snapshot {
            site: &last.site,
            analysis: &last.analysis,
        };
        let new = Snapshot {
            site: &site,
            analysis: &analysis,
        };
        let (mut pages, remove) = match plan::after_call_edits(old, new, &sources) {
            Plan::Full => return self.full_build(),
            Plan::Pages { render, remove } => (render, remove),
        };
        // Its numbers are the language's: it waits for the language analysis.
        pages.retain(|&p| p != Page::Language);
        let quote_html = reuse_quote_html(&last.site, &last.quote_html, &site, &sources);
        let memory = Memory(Mutex::new(Vec::new()));
        render::render_pages(
            &site,
            &analysis,
            &last.theme,
            &self.content,
            &pages,
            &quote_html,
            &memory,
        )
        .map_err(Error::Content)?;
        // The quote manifest covers every note: rewrite it whole when a URL changed.
        // (The search index does too, and waits for the background pass.)
        // Unless no URL changed and no redirect shows an edited quote's words.
        let redirect_edited = site
            .aliases
            .iter()
            .any(|a| sources.contains(&site.calls[site.quotes[a.quote].call].source));
        if redirect_edited || !crate::permalinks::same_urls(&last.site, &site) {
            crate::permalinks::write(&site, &last.theme, &memory).map_err(Error::Content)?;
        }
        let written = memory.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let root = &self.shared.root;
        let result = write_pages(root, &written).and_then(|()| remove_pages(root, &remove));
        if let Err(e) = result {
            // The folder may now mix two builds; the next change rebuilds it whole.
            self.last = None;
            return Err(Error::Output(e));
        }
        let Built {
            site: old_site,
            analysis: old_analysis,
            theme,
            quote_html: old_html,
        } = self.last.take().expect("checked above");
        // Freeing the old site takes tens of milliseconds at 10,000 calls: not while
        // the page waits.
        std::thread::spawn(move || drop((old_site, old_analysis, old_html)));
        let site = Arc::new(site);
        self.generation += 1;
        self.analyse_language(site.clone());
        self.last = Some(Built {
            site,
            analysis,
            theme,
            quote_html,
        });
        Ok(written.iter().filter(|(p, _)| p.ends_with(".html")).count())
    }

    /// Analyses the language of `site` on another thread; [`Event::Language`] brings it
    /// to [`Preview::catch_up`].
    fn analyse_language(&self, site: Arc<Site>) {
        let (sender, generation) = (self.sender.clone(), self.generation);
        let newest = self.newest_generation.clone();
        newest.store(generation, Ordering::Relaxed);
        self.language_pool.spawn(move || {
            // Edits saved faster than an analysis takes leave older ones queued: an
            // analysis of a site already replaced would be dropped, so skip it.
            if newest.load(Ordering::Relaxed) != generation {
                return;
            }
            let started = Instant::now();
            let facts = Arc::new(language::analyze(&site));
            let _ = sender.send(Event::Language(generation, facts, started.elapsed()));
        });
    }

    /// Takes the language analysis of the site built last, re-renders the pages that
    /// show language, and rewrites the search index and page.
    fn catch_up(&mut self, facts: Arc<LanguageFacts>, took: Duration) {
        let started = Instant::now();
        let Some(last) = self.last.as_mut() else {
            return;
        };
        last.analysis.language = facts;
        last.analysis.earlier_language_quotes = None;
        let site = &*last.site;
        let pages: Vec<Page> = every_page(site)
            .into_iter()
            .filter(|p| matches!(p, Page::Dashboard | Page::Language | Page::Opportunity(_)))
            .collect();
        let memory = Memory(Mutex::new(Vec::new()));
        let result = render::render_pages(
            site,
            &last.analysis,
            &last.theme,
            &self.content,
            &pages,
            &last.quote_html,
            &memory,
        )
        .and_then(|()| crate::search::write(site, &last.analysis, &memory))
        // The search page states the site's counts; the archive list is left as it is.
        .and_then(|()| {
            let theme = &last.theme;
            render::publishing::write(site, theme, &self.content, &memory, None)
        })
        .map_err(Error::Content)
        .and_then(|()| {
            let written = memory.0.into_inner().unwrap_or_else(|e| e.into_inner());
            let root = &self.shared.root;
            let stale = stale_search_files(root, &written);
            write_pages(root, &written)
                .and_then(|()| remove_pages(root, &stale))
                .map_err(Error::Output)
        });
        match result {
            Ok(()) => {
                eprintln!(
                    "updated language and search: {} pages in {} ms (language analysed in {} ms)",
                    pages.len(),
                    started.elapsed().as_millis(),
                    took.as_millis()
                );
                self.shared.publish(None);
            }
            Err(e) => {
                // The folder may now mix two builds; the next change rebuilds it whole.
                self.last = None;
                self.report_failure(&e);
            }
        }
    }

    /// A whole `verbatim build` into the preview folder; remembers the site for the
    /// next incremental rebuild.
    fn full_build(&mut self) -> Result<usize, Error> {
        self.last = None;
        self.generation += 1;
        // Settings may have changed how every note is read.
        self.notes = content::NoteCache::default();
        let report = crate::build(&BuildOptions {
            content: self.content.clone(),
            out: self.shared.root.clone(),
        })?;
        for w in &report.warnings {
            eprint!("{w}");
        }
        // Load again for the incremental state: `build` keeps nothing. A change that
        // lands in between is still pending in the watcher and re-renders its pages.
        if let (Ok(loaded), Ok(theme)) = (
            content::load_with(&self.content, &self.notes),
            render::theme::load(&self.content),
        ) {
            let site = loaded.site;
            let analysis = analyze(&site, today());
            let quote_html = render::quote_html(&site);
            self.last = Some(Built {
                site: Arc::new(site),
                analysis,
                theme,
                quote_html,
            });
        }
        Ok(report.pages)
    }
}

/// What a failed build says, in the terminal and in the overlay: the build's own
/// message, ending with what is served now. `served` is whether a build ever
/// succeeded; before that there is no last good site, only the error.
fn failure_text(error: &Error, served: bool) -> String {
    let now = if served {
        "serving the last good site; save a fix to rebuild"
    } else {
        "nothing is served until the errors are fixed; save a fix to build"
    };
    let text = match error {
        // The build's summary says "the previous site was left as it was", true of
        // `verbatim build`; here what is true is said instead.
        Error::Content(diags) => {
            let mut text = String::new();
            for d in diags {
                text.push_str(&d.to_string());
                text.push('\n');
            }
            let errors = diags
                .iter()
                .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                .count();
            text.push_str(&format!(
                "build failed: {errors} error{} in the content",
                if errors == 1 { "" } else { "s" }
            ));
            text
        }
        other => other.to_string(),
    };
    format!("{text}\n{now}")
}

/// Quote HTML for `site`, reusing the last build's for quotes of notes that did not change.
fn reuse_quote_html(
    old: &Site,
    old_html: &[Arc<str>],
    site: &Site,
    sources: &BTreeSet<String>,
) -> Vec<Arc<str>> {
    let by_id: rustc_hash::FxHashMap<&str, usize> = old
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    site.quotes
        .par_iter()
        .map(|q| {
            let unchanged = !sources.contains(&site.calls[q.call].source);
            match by_id.get(q.id.as_str()) {
                // An unchanged note's quotes share their text with the last site.
                Some(&i)
                    if unchanged
                        && (Arc::ptr_eq(&old.quotes[i].markdown, &q.markdown)
                            || old.quotes[i].markdown == q.markdown) =>
                {
                    old_html[i].clone()
                }
                _ => render::markdown::to_html(&q.markdown).into(),
            }
        })
        .collect()
}

/// Writes each page by write-and-rename, so a request never reads half a page.
fn write_pages(root: &Path, pages: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    for (rel, bytes) in pages {
        let path = root.join(rel);
        // Most chart CSVs come out as they were: reading is cheaper than rewriting.
        if std::fs::read(&path).is_ok_and(|now| now == *bytes) {
            continue;
        }
        let parent = path.parent().unwrap_or(root);
        let io = |what: &str, e: std::io::Error| OutputError {
            path: path.clone(),
            message: format!("{what}: {e}"),
        };
        std::fs::create_dir_all(parent).map_err(|e| io("cannot create folder", e))?;
        let temp = parent.join(".verbatim-serve-page");
        std::fs::write(&temp, bytes).map_err(|e| io("cannot write", e))?;
        std::fs::rename(&temp, &path).map_err(|e| io("cannot write", e))?;
    }
    Ok(())
}

/// Deletes pages that no longer exist, and their folders once empty.
fn remove_pages(root: &Path, paths: &[String]) -> Result<(), OutputError> {
    for rel in paths {
        let path = root.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(OutputError {
                    path,
                    message: format!("cannot remove an old page: {e}"),
                })
            }
        }
        if let Some(folder) = path.parent() {
            // Fails, as intended, when the folder still holds something.
            let _ = std::fs::remove_dir(folder);
        }
    }
    Ok(())
}

/// Search index files of the previous build that the new index no longer has.
fn stale_search_files(root: &Path, written: &[(String, Vec<u8>)]) -> Vec<String> {
    let fresh: BTreeSet<&str> = written.iter().map(|(p, _)| p.as_str()).collect();
    walkdir::WalkDir::new(root.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel != "search/index.html" && !fresh.contains(rel.as_str())).then_some(rel)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn a_failure_says_what_is_served() {
        let error = Error::Content(vec![Diagnostic::at_file(
            Path::new("content/calls/a.md"),
            "unknown key `custmer`",
        )]);
        let first = failure_text(&error, false);
        assert!(
            first.starts_with("content/calls/a.md: error: unknown key `custmer`\n"),
            "{first}"
        );
        assert!(
            first.contains("build failed: 1 error in the content\n"),
            "{first}"
        );
        assert!(
            first.ends_with("nothing is served until the errors are fixed; save a fix to build"),
            "{first}"
        );
        for wrong in ["last good", "previous site"] {
            assert!(!first.contains(wrong), "there is no site yet: {first}");
        }
        let later = failure_text(&error, true);
        assert!(
            later.ends_with("serving the last good site; save a fix to rebuild"),
            "{later}"
        );
        assert!(!later.contains("previous site was left"), "{later}");
    }
}
