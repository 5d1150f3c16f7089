//! Loading the content folder into the typed [`Site`].
//!
//! Walk the folder, read every note in parallel, then tie them together (tags to
//! opportunities, ids, leads, rounds) in one serial pass, collecting every problem
//! of the whole folder before reporting.

pub mod copy;
mod csv_file;
pub mod customers;
pub mod fields;
pub mod metrics;
pub mod notes;
pub mod quotes;
pub mod reviews;
pub mod settings;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use walkdir::WalkDir;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::model::{Body, Call, FollowUp, Opportunity, Quote, Round, Site};
use crate::privacy::{Privacy, Redactions};
use customers::{customer_key, Customers};
use notes::{read_call, read_opportunity, CallFront, CallNote, OpportunityNote};
use settings::{read_round, read_site, QuestionMatcher, RoundFile};

/// The loaded site and the warnings found on the way.
pub struct Loaded {
    /// The site.
    pub site: Site,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The privacy rules applied, with their audit and the output guard's secrets.
    pub privacy: Privacy,
}

/// `VERBATIM_ALIAS_KEY`: the aliases' key kept out of `site.toml` (and out of git).
pub const ALIAS_KEY_VAR: &str = "VERBATIM_ALIAS_KEY";

/// Keys whose lines `Privacy::scrub` leaves as written: their values never reach the
/// site, and redacting them would merge customers (a phone-like `customer_id`).
const UNREDACTED_KEYS: &[&str] = &["customer_id"];

/// Reads a content file and redacts it before anything parses it (see `privacy`).
pub fn read_private(dir: &Path, rel: &Path, privacy: &Privacy) -> Result<SourceFile, Diagnostic> {
    read_redacted(dir, rel, privacy).map(|(file, _)| file)
}

/// [`read_private`], also returning what redaction found (`privacy` remembers it too),
/// for a cache to remember again when it reuses the file.
fn read_redacted(
    dir: &Path,
    rel: &Path,
    privacy: &Privacy,
) -> Result<(SourceFile, Redactions), Diagnostic> {
    let mut file = read_source(dir, rel)?;
    let found = privacy.scrub_file(&mut file, &slash_path(rel), UNREDACTED_KEYS);
    privacy.remember(&found);
    Ok((file, found))
}

/// Reads a file as UTF-8, or says where it is not.
pub fn read_source(dir: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    let path = dir.join(rel);
    let bytes = std::fs::read(&path)
        .map_err(|e| Diagnostic::at_file(&path, format!("cannot read this file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            // SourceFile drops a byte order mark; count from after it.
            let bom = if e.as_bytes().starts_with(b"\xef\xbb\xbf") {
                3
            } else {
                0
            };
            let valid = e.utf8_error().valid_up_to() - bom;
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(path, text);
            let offset = valid.min(file.text.len());
            Err(file
                .error(offset..offset + 1, "this file is not UTF-8 text")
                .hint("save the file as UTF-8 (most editors offer \"Save with encoding\")"))
        }
    }
}

/// Letters, digits, `-`, `_` and `.`: what a name must be made of to be a URL segment.
///
/// ASCII only, so no look-alike (fullwidth `．`), invisible (zero-width, bidi
/// override) or differently normalised (`é` as one or two code points) name can
/// make two URLs that look the same or a path that is not what it seems; not `.`
/// or `..`, not ending in `.`, and not a name Windows reserves (`con`, `nul`, …),
/// so the site unzips anywhere.
pub fn is_url_safe(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    let reserved = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit());
    !name.is_empty()
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !reserved
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

/// Markdown files below `dir/sub`, relative to `dir`, skipping `_` and `.` names.
fn markdown_files(dir: &Path, sub: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let root = dir.join(sub);
    if !root.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let dir_real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut walker = WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        match entry {
            // Links are followed inside the content folder only, so a note cannot be
            // a window onto other files (their lines would show in error snippets).
            Ok(e)
                if e.path_is_symlink()
                    && !std::fs::canonicalize(e.path())
                        .is_ok_and(|real| real.starts_with(&dir_real)) =>
            {
                diags.push(
                    Diagnostic::at_file(e.path(), "this link leads out of the content folder")
                        .hint("move or copy the notes into the content folder; links are followed only inside it"),
                );
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            }
            Ok(e) if e.file_type().is_file() => {
                if e.path().extension().is_some_and(|x| x == "md") {
                    files.push(e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf());
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(&root).to_path_buf();
                let d = if e.loop_ancestor().is_some() {
                    Diagnostic::at_file(&path, "this link points back to a folder that contains it")
                        .hint("remove the symbolic link; links that loop are not followed")
                } else {
                    Diagnostic::at_file(&path, format!("cannot read this: {e}"))
                };
                diags.push(d);
            }
        }
    }
    files
}

fn stem_of(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A relative path written with `/` whatever the system: how the site, its manifests
/// and its messages name files.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The round of a call: its folder directly under `calls/`, or its date's quarter.
fn round_folder(rel: &Path) -> Option<String> {
    let parts: Vec<_> = rel.components().collect();
    (parts.len() > 2).then(|| parts[1].as_os_str().to_string_lossy().into_owned())
}

/// `2026-Q3` for a day in July to September 2026.
pub fn quarter_of(date: NaiveDate) -> String {
    format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1)
}

/// Loads the content folder; all problems of the folder come back at once.
pub fn load(dir: &Path) -> Result<Loaded, Diagnostics> {
    load_from(dir, None, None)
}

/// Call notes an earlier load read and prepared, reused while their files are
/// unchanged (same size and modification time): `serve` keeps one, so an edit
/// re-reads one note rather than the whole folder. Only valid for one folder and
/// its `site.toml`: a change to the settings (which decide redaction and questions)
/// needs a new cache.
#[derive(Default)]
pub struct NoteCache {
    notes: Mutex<HashMap<PathBuf, CachedNote>>,
    /// The call notes of the last load, sorted.
    calls: Mutex<Option<Vec<PathBuf>>>,
    /// Prepared notes, valid for the customers of this digest.
    prepared: Mutex<(u64, PreparedNotes)>,
    /// The customers of the last load, with what they were learnt from.
    customers: Mutex<Option<(Vec<CustomerFields>, Arc<Customers>)>>,
}

/// What [`Customers::new`] reads of a call: `customer_id`, `customer`, `location`,
/// and the note's path.
type CustomerFields = (Option<String>, String, Option<String>, String);

fn customer_fields(front: &CallFront, rel: &str) -> CustomerFields {
    (
        front.customer_id.clone(),
        front.customer.clone(),
        front.location.clone(),
        rel.to_string(),
    )
}

/// Prepared notes by path, with the note each was made from.
type PreparedNotes = HashMap<PathBuf, (Arc<CallNote>, Arc<PreparedCall>)>;

/// A note as read, with what redaction found in it (remembered again on reuse).
type CachedNote = (FileStamp, Arc<CallNote>, Arc<Redactions>);

/// What tells a file changed without reading it.
type FileStamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

impl NoteCache {
    /// Forgets a note (relative to the content folder), e.g. one a watcher saw change.
    pub fn forget(&self, rel: &Path) {
        self.notes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(rel);
    }

    /// The note at `rel`, from the cache while its file is unchanged; `trusted`: the
    /// caller knows it is unchanged when cached, so its file is not looked at.
    fn read(
        &self,
        dir: &Path,
        rel: &Path,
        privacy: &Privacy,
        trusted: bool,
    ) -> Result<Arc<CallNote>, Diagnostic> {
        let notes = || self.notes.lock().unwrap_or_else(|e| e.into_inner());
        let cached = notes().get(rel).cloned();
        if let (Some((_, note, found)), true) = (&cached, trusted) {
            privacy.remember(found);
            return Ok(note.clone());
        }
        let now = stamp(&dir.join(rel));
        if let (Some((then, note, found)), Some(now)) = (cached, now) {
            if then == now {
                privacy.remember(&found);
                return Ok(note);
            }
        }
        let (file, found) = read_redacted(dir, rel, privacy)?;
        let note = Arc::new(read_call(file));
        if let Some(now) = now {
            notes().insert(rel.to_path_buf(), (now, note.clone(), Arc::new(found)));
        }
        Ok(note)
    }

    /// The call notes of the last load with the `edited` ones added or removed as
    /// their files now are (each is forgotten, so read again); `None` when there was no last load or an
    /// edited path is not a plain note file (a link, a folder, a hidden name).
    fn calls_after(&self, dir: &Path, edited: &BTreeSet<PathBuf>) -> Option<Vec<PathBuf>> {
        // Read again whatever happens next, even if a walk then finds them unchanged.
        for rel in edited {
            self.forget(rel);
        }
        let mut calls = self
            .calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        for rel in edited {
            let plain = rel.starts_with("calls")
                && rel.extension().is_some_and(|x| x == "md")
                && rel.components().all(|c| match c {
                    std::path::Component::Normal(s) => !is_hidden(&s.to_string_lossy()),
                    _ => false,
                });
            if !plain {
                return None;
            }
            let at = calls.binary_search(rel);
            match std::fs::symlink_metadata(dir.join(rel)) {
                Ok(meta) if meta.is_file() => {
                    if let Err(i) = at {
                        calls.insert(i, rel.clone());
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if let Ok(i) = at {
                        calls.remove(i);
                    }
                }
                _ => return None,
            }
        }
        Some(calls)
    }

    /// Forgets notes that are no longer in the folder (deleted or renamed).
    fn keep_only(&self, rels: &[PathBuf]) {
        *self.calls.lock().unwrap_or_else(|e| e.into_inner()) = Some(rels.to_vec());
        let mut notes = self.notes.lock().unwrap_or_else(|e| e.into_inner());
        // A cache holding more notes than the folder has holds leftovers.
        if notes.len() <= rels.len() {
            return;
        }
        let keep: HashSet<&Path> = rels.iter().map(PathBuf::as_path).collect();
        notes.retain(|rel, _| keep.contains(rel.as_path()));
        let mut prepared = self.prepared.lock().unwrap_or_else(|e| e.into_inner());
        prepared.1.retain(|rel, _| keep.contains(rel.as_path()));
    }

    /// Drops prepared notes made for other customers than those of `digest`.
    fn start_preparing(&self, digest: u64) {
        let mut prepared = self.prepared.lock().unwrap_or_else(|e| e.into_inner());
        if prepared.0 != digest {
            *prepared = (digest, HashMap::new());
        }
    }

    /// The customers of `fronts`, reused while every call's customer fields and path
    /// are as they were (building them is 10 ms at 10,000 calls, and an edit rarely
    /// changes who the customers are). Compared in full, not by a hash: a stale list
    /// would leave a name unscrubbed.
    fn customers(&self, fronts: &[(&CallFront, &str)], privacy: &Privacy) -> Arc<Customers> {
        let mut slot = self.customers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((fields, customers)) = &*slot {
            let same = fields.len() == fronts.len()
                && fields.iter().zip(fronts).all(|(f, (front, rel))| {
                    f.0 == front.customer_id
                        && f.1 == front.customer
                        && f.2 == front.location
                        && f.3 == *rel
                });
            if same {
                customers.forbid_in(privacy);
                return customers.clone();
            }
        }
        let customers = Arc::new(Customers::new(fronts.iter().copied(), privacy));
        let fields = fronts
            .iter()
            .map(|(front, rel)| customer_fields(front, rel))
            .collect();
        *slot = Some((fields, customers.clone()));
        customers
    }

    /// The prepared note, reused when `note` is the very note it was made from.
    fn prepare(
        &self,
        rel: &Path,
        note: &Arc<CallNote>,
        make: impl FnOnce() -> PreparedCall,
    ) -> Arc<PreparedCall> {
        let prepared = || self.prepared.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((from, done)) = prepared().1.get(rel) {
            if Arc::ptr_eq(from, note) {
                return done.clone();
            }
        }
        let done = Arc::new(make());
        prepared()
            .1
            .insert(rel.to_path_buf(), (note.clone(), done.clone()));
        done
    }
}

/// [`load`], reusing the call notes `cache` holds and keeping those it reads.
pub fn load_with(dir: &Path, cache: &NoteCache) -> Result<Loaded, Diagnostics> {
    load_from(dir, Some(cache), None)
}

/// [`load_with`] when a watcher saw only the call notes `edited` (relative to `dir`)
/// change since the cache's last load: the folder is not walked and no other note's
/// file is looked at. Walks as [`load_with`] does when `edited` holds anything but
/// plain note files.
pub fn load_after_edits(
    dir: &Path,
    cache: &NoteCache,
    edited: &BTreeSet<PathBuf>,
) -> Result<Loaded, Diagnostics> {
    load_from(dir, Some(cache), Some(edited))
}

fn load_from(
    dir: &Path,
    cache: Option<&NoteCache>,
    edited: Option<&BTreeSet<PathBuf>>,
) -> Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::default();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::at_file(dir, "the content folder does not exist")
                .hint("pass the folder that holds site.toml and calls/ with --content DIR, or run `verbatim init DIR`"),
        );
        return Err(diags);
    }

    let site_file = dir.join("site.toml");
    let mut settings = crate::model::Settings::default();
    let mut questions = settings::default_questions();
    let mut patterns = Vec::new();
    if site_file.is_file() {
        match read_source(dir, Path::new("site.toml"))
            .map_err(|d| vec![d])
            .and_then(|f| read_site(&f))
        {
            Ok(s) => {
                settings = s.settings;
                questions = s.questions;
                patterns = s.patterns;
            }
            Err(ds) => diags.extend(ds),
        }
    }
    if settings.privacy.alias_key.is_empty() {
        settings.privacy.alias_key = std::env::var(ALIAS_KEY_VAR).unwrap_or_default();
    }
    let privacy = Privacy::new(
        settings.privacy.redact,
        patterns,
        settings.privacy.publish,
        &settings.privacy.alias_key,
    );
    if settings.privacy.publish == crate::model::Publish::Wide
        && !Privacy::alias_key_is_strong(&settings.privacy.alias_key)
    {
        diags.push(
            Diagnostic::at_file(&site_file, "`publish = \"wide\"` without a secret `alias_key`: anyone with a list of your customers could work out who each alias is")
                .hint(format!("set {ALIAS_KEY_VAR} to a secret phrase of 8 or more characters when you build (keep it out of git), or `alias_key` under [privacy]"))
                .warning(),
        );
    }
    settings.title = privacy.redactor().redact_owned(&settings.title);
    settings.company = privacy.redactor().redact_owned(&settings.company);

    let opportunity_files = markdown_files(dir, "opportunities", &mut diags);
    let told = cache
        .zip(edited)
        .and_then(|(c, edited)| c.calls_after(dir, edited));
    let trusted = told.is_some();
    let call_files = told.unwrap_or_else(|| {
        let mut files = markdown_files(dir, "calls", &mut diags);
        // The walk's order already (names, folder by folder); sorted, so that a
        // cache's list of them can be searched and updated.
        files.sort();
        files
    });
    let mut review_list = Vec::new();
    for rel in reviews::review_files(dir) {
        match read_private(dir, &rel, &privacy) {
            Ok(file) => {
                let (found, problems) =
                    reviews::read_reviews(&file, &slash_path(&rel), privacy.redactor());
                review_list.extend(found);
                diags.extend(problems);
            }
            Err(d) => diags.push(d),
        }
    }
    // Stable: files are read in name order, so ties keep file and row order.
    review_list.sort_by_key(|r| r.date);
    let mut copy_pages = Vec::new();
    for rel in markdown_files(dir, "copy", &mut diags) {
        match read_private(dir, &rel, &privacy) {
            Ok(file) => {
                copy_pages.push(copy::read_copy(&file, slash_path(&rel), privacy.redactor()))
            }
            Err(d) => diags.push(d),
        }
    }

    let opportunity_notes: Vec<(PathBuf, Result<OpportunityNote, Diagnostic>)> = opportunity_files
        .par_iter()
        .map(|rel| {
            let note = read_private(dir, rel, &privacy).map(read_opportunity);
            (rel.clone(), note)
        })
        .collect();
    let call_notes: Vec<(PathBuf, Result<Arc<CallNote>, Diagnostic>)> = call_files
        .par_iter()
        .map(|rel| {
            let note = match cache {
                Some(cache) => cache.read(dir, rel, &privacy, trusted),
                None => read_private(dir, rel, &privacy).map(|f| Arc::new(read_call(f))),
            };
            (rel.clone(), note)
        })
        .collect();
    if let Some(cache) = cache {
        cache.keep_only(&call_files);
    }

    let front_paths: Vec<(&CallFront, String)> = call_notes
        .iter()
        .filter_map(|(rel, n)| Some((n.as_ref().ok()?.front.as_ref()?, slash_path(rel))))
        .collect();
    let fronts: Vec<(&CallFront, &str)> = front_paths
        .iter()
        .map(|(front, rel)| (*front, rel.as_str()))
        .collect();
    let customers = match cache {
        Some(cache) => cache.customers(&fronts, &privacy),
        None => Arc::new(Customers::new(fronts.iter().copied(), &privacy)),
    };

    let mut round_files: BTreeMap<String, RoundFile> = BTreeMap::new();
    let mut round_dirs: Vec<String> = Vec::new();
    for rel in &call_files {
        if let Some(name) = round_folder(rel) {
            if round_dirs.last() != Some(&name) && !round_dirs.contains(&name) {
                round_dirs.push(name);
            }
        }
    }
    for name in &round_dirs {
        let rel = Path::new("calls").join(name).join("_round.toml");
        if dir.join(&rel).is_file() {
            match read_private(dir, &rel, &privacy)
                .map_err(|d| vec![d])
                .and_then(|f| read_round(&f))
            {
                Ok(r) => {
                    round_files.insert(name.clone(), r);
                }
                Err(ds) => diags.extend(ds),
            }
        }
        if !is_url_safe(name) {
            diags.push(
                Diagnostic::at_file(&dir.join("calls").join(name), format!("round folder `{name}` cannot be part of a URL"))
                    .hint("rename the folder using letters, digits, `-`, `_` and `.` only, e.g. `2026-08-checkout`"),
            );
        }
    }

    // Opportunities: sorted by slug, so `Site::opportunity` can binary-search.
    let mut opportunities: Vec<Opportunity> = Vec::new();
    let mut leads: Vec<(usize, String, std::ops::Range<usize>, SourceFile)> = Vec::new();
    let mut slugs_seen: HashMap<String, PathBuf> = HashMap::new();
    let mut slugs_lower: HashMap<String, PathBuf> = HashMap::new();
    let mut all_slugs: Vec<String> = Vec::new();
    let mut sorted_notes = opportunity_notes;
    sorted_notes.sort_by_key(|(rel, _)| (stem_of(rel), rel.clone()));
    for (rel, note) in sorted_notes {
        let slug = stem_of(&rel);
        if let Some(first) = slugs_seen.get(&slug) {
            diags.push(
                Diagnostic::at_file(
                    &dir.join(&rel),
                    format!(
                        "a second opportunity with the slug `{slug}` (the first is {})",
                        dir.join(first).display()
                    ),
                )
                .hint("opportunity slugs come from file names and must be unique; rename one file"),
            );
            continue;
        }
        // `Mobile.md` and `mobile.md` are one folder on macOS and Windows.
        if let Some(first) = slugs_lower.insert(slug.to_lowercase(), rel.clone()) {
            diags.push(
                Diagnostic::at_file(
                    &dir.join(&rel),
                    format!(
                        "opportunity file name `{slug}` differs only in case from {}",
                        dir.join(first).display()
                    ),
                )
                .hint("their pages would be one folder on macOS and Windows; rename one file (lower case is usual)"),
            );
        }
        slugs_seen.insert(slug.clone(), rel.clone());
        all_slugs.push(slug.clone());
        // A slug is also a `#tag`, so it obeys the tag rule; that keeps it clear of the
        // files the site writes beside opportunity pages (`matrix.csv`).
        if !is_url_safe(&slug) || !quotes::is_slug(&slug) {
            diags.push(
                Diagnostic::at_file(&dir.join(&rel), format!("opportunity file name `{slug}` cannot be a tag and a URL"))
                    .hint("rename the file to start with a letter and use only letters, digits and `-`, e.g. `mobile-checkout.md`"),
            );
        }
        let note = match note {
            Ok(n) => n,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        diags.extend(note.diagnostics.iter().cloned());
        let Some(front) = note.front.clone() else {
            continue;
        };
        for entry in customers.audit(&note.file, &slash_path(&rel)) {
            privacy.record(entry);
        }
        let body = customers.scrub(&note.file.text[note.body_offset..], None);
        if let Some((id, span)) = front.lead.clone() {
            leads.push((opportunities.len(), id, span, note.file.clone()));
        }
        opportunities.push(Opportunity {
            slug,
            source: slash_path(&rel),
            title: customers.scrub(&front.title, None),
            bucket: front.bucket,
            impact: front.impact,
            complexity: front.complexity,
            status: front.status,
            lead: None,
            launched: front.launched,
            scaled: front.scaled,
            body,
        });
    }
    let slug_index: FxHashMap<&str, usize> = opportunities
        .iter()
        .enumerate()
        .map(|(i, o)| (o.slug.as_str(), i))
        .collect();

    // Calls: sorted by date then stem; stems are URLs, so they must be unique.
    let mut readable: Vec<(PathBuf, Arc<CallNote>)> = Vec::new();
    for (rel, note) in call_notes {
        match note {
            Ok(n) => {
                diags.extend(n.diagnostics.iter().cloned());
                readable.push((rel, n));
            }
            Err(d) => diags.push(d),
        }
    }
    readable.sort_by_cached_key(|(rel, note)| {
        (
            note.front.as_ref().map(|f| f.date),
            stem_of(rel),
            rel.clone(),
        )
    });
    // The per-note work (plain text, ids' hashes, questions, scrubbing, the audit)
    // needs no other note: do it in parallel, leaving the serial pass below only
    // what needs the whole folder (unique stems and ids, tags, rounds).
    if let Some(cache) = cache {
        cache.start_preparing(customers.digest());
    }
    let matcher = QuestionMatcher::new(&questions);
    let prepared: Vec<Arc<PreparedCall>> = readable
        .par_iter()
        .map(|(rel, note)| {
            let make = || PreparedCall::new(rel, note, &matcher, &customers);
            match cache {
                Some(cache) => cache.prepare(rel, note, make),
                None => Arc::new(make()),
            }
        })
        .collect();
    let mut stems: FxHashMap<&str, &Path> = FxHashMap::default();
    let mut calls: Vec<Call> = Vec::with_capacity(readable.len());
    let mut quotes: Vec<Quote> =
        Vec::with_capacity(readable.iter().map(|(_, note)| note.quotes.len()).sum());
    // Borrowed from the prepared notes: 40,000 ids at 10,000 calls need no copies.
    let mut quote_ids: FxHashMap<&str, usize> = FxHashMap::default();
    // Where each kept quote is, for a duplicate id's message.
    let mut quote_places: Vec<(&CallNote, std::ops::Range<usize>)> = Vec::new();
    // Explicit ids of quotes in calls that have their own errors: a `lead` naming one
    // is not a second problem.
    let mut unbuilt_ids: HashSet<String> = HashSet::new();
    // `^id`s as written, when publishing wide changed them (they held a name).
    let mut written_ids: HashMap<String, String> = HashMap::new();
    let mut rounds: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut alias_notes: Vec<&CallNote> = Vec::new();
    for ((rel, note), prepared) in readable.iter().zip(&prepared) {
        // Shared with the site (and with serve's cache): the texts are `Arc<str>`, so
        // nothing of an unchanged note is copied.
        let prepared = &**prepared;
        for entry in &prepared.audit {
            privacy.record(entry.clone());
        }
        let stem = &prepared.stem;
        let duplicate = if let Some(first) = stems.get(prepared.stem_key.as_str()) {
            diags.push(
                Diagnostic::at_file(&dir.join(rel), format!("a second call with the file name `{stem}` (the first is {})", dir.join(first).display()))
                    .hint("each call's page is calls/<file-name>/, so file names must be unique across rounds; rename one, e.g. add the customer's city"),
            );
            true
        } else {
            stems.insert(&prepared.stem_key, rel);
            false
        };
        // A call that cannot be built is still checked for its tags' errors, so that
        // every problem of the folder shows in one run; its quotes are not kept.
        let keep = !duplicate && note.front.is_some();
        if !is_url_safe(stem) {
            diags.push(
                Diagnostic::at_file(&dir.join(rel), format!("call file name `{stem}` cannot be part of a URL"))
                    .hint("rename the file using letters, digits, `-`, `_` and `.` only, e.g. `2026-08-14-sarah-phoenix.md`"),
            );
        }
        let call_index = calls.len();
        let mut quote_indexes = Vec::new();
        for (raw, ready) in note.quotes.iter().zip(&prepared.quotes) {
            let mut tagged = Vec::new();
            for (slug, span) in &raw.tags {
                match slug_index.get(slug.as_str()) {
                    Some(&i) if !tagged.contains(&i) => tagged.push(i),
                    Some(_) => {}
                    None if slugs_seen.contains_key(slug) => {} // the opportunity has its own error
                    None => {
                        let hint = match did_you_mean(slug, all_slugs.iter().map(String::as_str)) {
                            Some(s) => format!("{s} Tags name files in opportunities/"),
                            None => format!(
                                "tags name files in opportunities/: create opportunities/{slug}.md, or fix the tag"
                            ),
                        };
                        diags.push(
                            note.body_error(
                                span.clone(),
                                format!("tag `#{slug}` names no opportunity"),
                            )
                            .hint(hint),
                        );
                    }
                }
            }
            for extra in &raw.extra_ids {
                diags.push(
                    note.body_error(extra.clone(), "a quote has two `^id`s")
                        .hint("keep one id per quote"),
                );
            }
            for (marker, span) in &raw.bad_markers {
                diags.push(bad_marker(note, marker, span.clone()));
            }
            if ready.empty {
                diags.push(
                    note.body_error(raw.span.clone(), "this quote has no words")
                        .hint("write the customer's words after `>`, or remove the empty quote"),
                );
            }
            if !keep {
                if let Some((id, _)) = &raw.id {
                    unbuilt_ids.insert(id.to_lowercase());
                }
                continue;
            }
            let id = &ready.id;
            if let Some(&first) = quote_ids.get(ready.id_key.as_str()) {
                let (first_note, first_span) = &quote_places[first];
                let first = first_note.body_error(first_span.clone(), "");
                let first = format!("{}:{}", first.path.display(), first.line);
                diags.push(
                    note.body_error(
                        ready.here.clone(),
                        format!("duplicate quote id `{id}` (first used at {first})"),
                    )
                    .hint("quote ids are URLs (quotes/<id>/) and must be unique; change one `^id`"),
                );
                continue;
            }
            if let Some((written, _)) = &raw.id {
                if !written.eq_ignore_ascii_case(id) {
                    written_ids.insert(written.to_lowercase(), ready.id_key.clone());
                }
            }
            quote_ids.insert(&ready.id_key, quotes.len());
            quote_places.push((note, ready.here.clone()));
            quote_indexes.push(quotes.len());
            quotes.push(Quote {
                id: id.clone(),
                explicit_id: ready.explicit_id,
                call: call_index,
                markdown: ready.markdown.clone(),
                text: ready.text.clone(),
                opportunities: tagged,
                question: ready.question,
                heading: ready.heading.clone(),
            });
        }
        let (Some(front), Some(shown)) = (note.front.as_ref().filter(|_| keep), &prepared.shown)
        else {
            continue;
        };
        if !front.aliases.is_empty() {
            alias_notes.push(note);
        }
        let follow_up = match &front.follows_up {
            Some((slug, span)) => match slug_index.get(slug.as_str()) {
                Some(&opportunity) => {
                    // A follow-up checks a launch; one dated before it is most often a
                    // typo in a date, and counting it would skew the launch's verdict.
                    match opportunities[opportunity].launched {
                        Some(launched) if front.date < launched => diags.push(
                            note.file
                                .error(
                                    span.clone(),
                                    format!(
                                        "this follow-up call ({}) is dated before `{slug}` launched ({launched}); it is not counted in the launch's follow-ups",
                                        front.date
                                    ),
                                )
                                .hint("fix the call's `date` or the opportunity's `launched`, or make it a discovery call by removing `kind`, `follows_up`, `solved` and `recommend`")
                                .warning(),
                        ),
                        None => diags.push(
                            note.file
                                .error(
                                    span.clone(),
                                    format!("`{slug}` has no `launched` date, so this follow-up call is not counted anywhere yet"),
                                )
                                .hint(format!("add `launched = YYYY-MM-DD` to opportunities/{slug}.md once it is released to a test group"))
                                .warning(),
                        ),
                        Some(_) => {}
                    }
                    Some(FollowUp {
                        opportunity,
                        solved: front.solved,
                        recommend: front.recommend,
                    })
                }
                // The opportunity exists but has its own error, reported there.
                None if slugs_seen.contains_key(slug) => None,
                None => {
                    let hint = did_you_mean(slug, all_slugs.iter().map(String::as_str))
                        .unwrap_or_else(|| "name an opportunity's file name (without .md)".into());
                    diags.push(
                        note.file
                            .error(
                                span.clone(),
                                format!("`follows_up` names no opportunity: \"{slug}\""),
                            )
                            .hint(hint),
                    );
                    None
                }
            },
            None => None,
        };
        let round = round_folder(rel).unwrap_or_else(|| quarter_of(front.date));
        rounds.entry(round.clone()).or_default().push(call_index);
        calls.push(Call {
            stem: prepared.public_stem.clone(),
            source: prepared.source.clone(),
            round: usize::MAX,
            customer: shown.customer.clone(),
            location: shown.location.clone(),
            date: front.date,
            products: shown.products.clone(),
            segment: shown.segment.clone(),
            interviewer: shown.interviewer.clone(),
            kind: front.kind,
            follow_up,
            body: prepared.body.clone(),
            customer_key: shown.customer_key.clone(),
            quotes: quote_indexes,
        });
    }

    // Leads: an id on a quote tagged with the opportunity.
    for (opp, id, span, file) in leads {
        let key = id.to_lowercase();
        match quote_ids.get(written_ids.get(&key).unwrap_or(&key).as_str()) {
            Some(&q) if quotes[q].opportunities.contains(&opp) => opportunities[opp].lead = Some(q),
            Some(_) => diags.push(
                file.error(
                    span,
                    format!(
                        "lead quote `{id}` is not tagged #{}",
                        opportunities[opp].slug
                    ),
                )
                .hint(format!(
                    "add #{} at the end of that quote, or choose a quote that has it",
                    opportunities[opp].slug
                )),
            ),
            None if unbuilt_ids.contains(&id.to_lowercase()) => {}
            None => {
                let ids: Vec<&str> = quotes
                    .iter()
                    .filter(|q| q.explicit_id)
                    .map(|q| q.id.as_str())
                    .collect();
                let hint = did_you_mean(&id, ids).unwrap_or_else(|| {
                    "give the quote an id by ending its last line with `^".to_string() + &id + "`"
                });
                diags.push(
                    file.error(span, format!("`lead` names no quote: \"{id}\""))
                        .hint(hint),
                );
            }
        }
    }

    // Rounds: oldest first by start day (from _round.toml or the first call).
    let mut round_list: Vec<Round> = rounds
        .into_iter()
        .map(|(name, mut members)| {
            members.sort_unstable();
            let file = round_files.remove(&name);
            let first = members.first().map(|&c| calls[c].date);
            let last = members.last().map(|&c| calls[c].date);
            let (title, goal, start, end) = match file {
                Some(f) => (f.title, f.goal, f.start.or(first), f.end.or(last)),
                None => (None, None, first, last),
            };
            Round {
                title: customers.scrub(title.as_deref().unwrap_or(&name), None),
                goal: goal.map(|g| customers.scrub(&g, None)),
                name,
                start,
                end,
                calls: members,
            }
        })
        .collect();
    round_list.sort_by(|a, b| (a.start, &a.name).cmp(&(b.start, &b.name)));
    let mut round_names: BTreeMap<String, &str> = BTreeMap::new();
    let mut by_name: Vec<&Round> = round_list.iter().collect();
    by_name.sort_by(|a, b| a.name.cmp(&b.name));
    for round in by_name {
        if let Some(first) = round_names.insert(round.name.to_lowercase(), &round.name) {
            diags.push(
                Diagnostic::at_file(
                    &dir.join("calls").join(&round.name),
                    format!("round `{}` differs only in case from round `{first}`", round.name),
                )
                .hint("their pages would be one folder on macOS and Windows; rename the folder (a call directly under calls/ joins the round named after its quarter, e.g. `2026-Q3`)"),
            );
        }
    }
    for (i, round) in round_list.iter().enumerate() {
        for &c in &round.calls {
            calls[c].round = i;
        }
    }

    let (metric_snapshots, metric_problems) = metrics::load_metrics(dir);
    diags.extend(metric_problems);
    let aliases = crate::permalinks::resolve_aliases(&alias_notes, &quote_ids, &mut diags);
    // The notes as read and prepared are the folder's text again, allocated by the
    // workers: freed on one of them, beside the build, not here before it goes on
    // (at 10,000 calls that was a quarter of this thread's share of loading).
    drop((stems, quote_ids, quote_places, alias_notes));
    rayon::spawn(move || drop((readable, prepared)));

    if diags.has_errors() {
        return Err(diags);
    }
    let warnings = diags.sorted();
    Ok(Loaded {
        site: Site {
            settings,
            questions,
            rounds: round_list,
            calls,
            quotes,
            opportunities,
            copy: copy_pages,
            reviews: review_list,
            metrics: metric_snapshots,
            aliases,
        },
        warnings,
        privacy,
    })
}

/// A call note's own share of the loading work: what needs no other note.
#[derive(Clone)]
struct PreparedCall {
    /// Per quote of the note, in order.
    quotes: Vec<PreparedQuote>,
    /// The body, scrubbed.
    body: Body,
    /// Where the note mentions customers, for the privacy audit.
    audit: Vec<crate::privacy::AuditEntry>,
    /// The file stem, and in lower case (stems must be unique whatever the case).
    stem: String,
    stem_key: String,
    /// The call's URL segment: the stem, with the alias's slug when publishing wide.
    public_stem: String,
    /// The note's path, written with `/`.
    source: String,
    /// What the call shows of its front matter, scrubbed (when it was read).
    shown: Option<ShownCall>,
}

/// A call's front matter as its pages show it.
#[derive(Clone)]
struct ShownCall {
    customer: String,
    location: Option<String>,
    products: Vec<String>,
    segment: Option<String>,
    interviewer: Option<String>,
    customer_key: crate::model::CustomerKey,
}

/// A quote's text and place, worked out from its note alone.
#[derive(Clone)]
struct PreparedQuote {
    /// Whether the quote has no words.
    empty: bool,
    /// Its id (public: an alias's slug replaces the customer's name when publishing
    /// wide), in lower case for lookups, and whether the note wrote it.
    id: String,
    id_key: String,
    explicit_id: bool,
    /// Its question, from its heading.
    question: Option<usize>,
    /// Where it is in the body (its `^id`, or the quote), for a duplicate id's
    /// message: a span, made a `Diagnostic` only for a duplicate (keeping 40,000 of
    /// them at 10,000 calls put 25 MB on the load's resident set).
    here: std::ops::Range<usize>,
    /// Markdown, text and heading, scrubbed.
    markdown: Arc<str>,
    text: Arc<str>,
    heading: Option<String>,
}

impl PreparedCall {
    /// Scrubs and audits a note (when its front matter was read) and prepares its quotes.
    fn new(
        rel: &Path,
        note: &CallNote,
        questions: &QuestionMatcher,
        customers: &Customers,
    ) -> PreparedCall {
        let own = note.front.as_ref().map(customer_key);
        let source = slash_path(rel);
        let audit = match note.front {
            Some(_) => customers.audit(&note.file, &source),
            None => Vec::new(),
        };
        let stem = stem_of(rel);
        let public_stem = match &note.front {
            Some(front) => customers.public_stem(&stem, front),
            None => stem.clone(),
        };
        // Automatic ids repeat within a note when its words do: `-2`, `-3`, ...
        let mut seen_here: HashMap<String, usize> = HashMap::new();
        let quotes = note
            .quotes
            .iter()
            .map(|raw| {
                let text = quotes::plain_text(&raw.markdown);
                let (id, explicit_id) = match (&raw.id, &note.front) {
                    (Some((id, _)), Some(front)) => (customers.public_stem(id, front), true),
                    (Some((id, _)), None) => (id.clone(), true),
                    (None, _) => {
                        let base = format!("{public_stem}-{}", quotes::text_hash(&text));
                        let n = seen_here.entry(base.clone()).or_insert(0);
                        *n += 1;
                        let id = if *n == 1 { base } else { format!("{base}-{n}") };
                        (id, false)
                    }
                };
                PreparedQuote {
                    empty: text.is_empty(),
                    id_key: id.to_lowercase(),
                    id,
                    explicit_id,
                    question: raw.heading.as_deref().and_then(|h| questions.find(h)),
                    here: match &raw.id {
                        Some((_, span)) => span.clone(),
                        None => raw.span.clone(),
                    },
                    markdown: customers.scrub(&raw.markdown, own.as_ref()).into(),
                    text: customers.scrub(&text, own.as_ref()).into(),
                    heading: raw
                        .heading
                        .as_deref()
                        .map(|h| customers.scrub(h, own.as_ref())),
                }
            })
            .collect();
        let shown = note.front.as_ref().zip(own.as_ref()).map(|(front, own)| {
            let scrub = |text: &str| customers.scrub(text, Some(own));
            ShownCall {
                customer: customers.shown_name(front),
                location: front.location.as_deref().map(scrub),
                products: front.products.iter().map(|p| scrub(p)).collect(),
                segment: front.segment.as_deref().map(scrub),
                interviewer: front.interviewer.as_deref().map(scrub),
                customer_key: own.clone(),
            }
        });
        PreparedCall {
            quotes,
            body: match customers.scrub_cow(note.body(), own.as_ref()) {
                Cow::Borrowed(_) => Body::shared(note.file.text.clone(), note.body_offset),
                Cow::Owned(scrubbed) => scrubbed.into(),
            },
            audit,
            stem_key: stem.to_lowercase(),
            stem,
            public_stem,
            source,
            shown,
        }
    }
}

/// The error for a trailing word that looks like a `#tag` or `^id` but is not a valid one.
fn bad_marker(note: &notes::CallNote, marker: &str, span: std::ops::Range<usize>) -> Diagnostic {
    if marker.starts_with('^') {
        note.body_error(span, format!("`{marker}` is not a valid quote id"))
            .hint("a `^id` uses letters, digits and `-` only, e.g. `^checkout-timeout`")
    } else {
        note.body_error(span, format!("`{marker}` is not a valid tag"))
            .hint("a `#tag` is an opportunity's file name: letters, digits, `-` and `_`, with nothing after it (drop the punctuation); write `\\#` if the customer said the hash")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A copy of the sample site in `content/`, to edit.
    pub(crate) fn sample_copy() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in WalkDir::new(&root) {
            let entry = entry.unwrap();
            let to = tmp.path().join(entry.path().strip_prefix(&root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        tmp
    }

    /// The sample's note of Luis from San Antonio.
    pub(crate) const LUIS: &str = "calls/2026-02-checkout/2026-02-04-luis-san-antonio.md";

    fn quote_texts(loaded: &Loaded) -> Vec<String> {
        loaded
            .site
            .quotes
            .iter()
            .map(|q| q.text.to_string())
            .collect()
    }

    #[test]
    fn a_cached_load_is_a_load_and_sees_an_edit() {
        let dir = sample_copy();
        let cache = NoteCache::default();
        let plain = load(dir.path()).ok().unwrap();
        let first = load_with(dir.path(), &cache).ok().unwrap();
        let again = load_with(dir.path(), &cache).ok().unwrap();
        assert_eq!(quote_texts(&first), quote_texts(&plain));
        assert_eq!(quote_texts(&again), quote_texts(&plain));
        assert_eq!(again.privacy.audit(), plain.privacy.audit());

        // An edit is seen through the file's size and time, without being told.
        let note = dir.path().join(LUIS);
        let text = std::fs::read_to_string(&note).unwrap();
        std::fs::write(&note, text.replace("I'm not buying two.", "Two bags? No.")).unwrap();
        let edited = load_with(dir.path(), &cache).ok().unwrap();
        assert_eq!(
            quote_texts(&edited),
            quote_texts(&load(dir.path()).ok().unwrap())
        );
        assert!(quote_texts(&edited)
            .iter()
            .any(|t| t.ends_with("Two bags? No.")));

        // A deleted note is gone from the site and from the cache.
        std::fs::remove_file(&note).unwrap();
        let deleted = load_with(dir.path(), &cache).ok().unwrap();
        assert_eq!(
            quote_texts(&deleted),
            quote_texts(&load(dir.path()).ok().unwrap())
        );
        assert!(!quote_texts(&deleted).iter().any(|t| t.contains("Two bags")));
        assert!(!cache.notes.lock().unwrap().contains_key(Path::new(LUIS)));
        assert!(!cache
            .prepared
            .lock()
            .unwrap()
            .1
            .contains_key(Path::new(LUIS)));
    }

    #[test]
    fn a_load_told_of_edits_reads_those_and_only_those() {
        let dir = sample_copy();
        let cache = NoteCache::default();
        let edited = |paths: &[&str]| paths.iter().map(PathBuf::from).collect::<BTreeSet<_>>();
        let told = |paths: &[&str]| load_after_edits(dir.path(), &cache, &edited(paths));
        let plain = || quote_texts(&load(dir.path()).ok().unwrap());
        // Without a load before it there is no list to trust: it walks.
        assert_eq!(quote_texts(&told(&[LUIS]).ok().unwrap()), plain());

        // An edited, a new and a deleted note, each named: as a full load sees them.
        let note = dir.path().join(LUIS);
        let text = std::fs::read_to_string(&note).unwrap();
        std::fs::write(&note, text.replace("I'm not buying two.", "Two bags? No.")).unwrap();
        let new = "calls/2026-02-checkout/2026-02-20-luis-again.md";
        std::fs::write(
            dir.path().join(new),
            text.replace("date = 2026-02-04", "date = 2026-02-20"),
        )
        .unwrap();
        let after = told(&[LUIS, new]).ok().unwrap();
        assert_eq!(quote_texts(&after), plain());
        assert!(after.site.calls.iter().any(|c| c.source == new));
        std::fs::remove_file(dir.path().join(new)).unwrap();
        assert_eq!(quote_texts(&told(&[new]).ok().unwrap()), plain());

        // A note it is not told of is taken as it was: its file is not looked at.
        std::fs::write(&note, &text).unwrap();
        let untold = quote_texts(&told(&[]).ok().unwrap());
        assert!(untold.iter().any(|t| t.ends_with("Two bags? No.")));
        assert!(!plain().iter().any(|t| t.ends_with("Two bags? No.")));
        // Told of a path that is no plain note (a folder), it walks and looks again.
        let walked = told(&["calls/2026-02-checkout"]).ok().unwrap();
        assert_eq!(quote_texts(&walked), plain());
    }

    #[test]
    fn reused_customers_still_arm_the_guard() {
        let dir = sample_copy();
        let cache = NoteCache::default();
        let customers = || cache.customers.lock().unwrap().as_ref().unwrap().1.clone();
        let first = load_with(dir.path(), &cache).ok().unwrap();
        let learnt = customers();
        let again = load_with(dir.path(), &cache).ok().unwrap();
        assert!(
            Arc::ptr_eq(&learnt, &customers()),
            "the same customers: reused"
        );
        for loaded in [first, again] {
            let stopped = loaded.privacy.guard().check("x.html", b"<p>C-11207</p>");
            assert!(stopped.is_err(), "Luis's customer_id is stopped");
        }
        // A customer field changed: learnt again.
        let luis = dir.path().join(LUIS);
        let text = std::fs::read_to_string(&luis).unwrap();
        std::fs::write(&luis, text.replace("C-11207", "C-11208")).unwrap();
        let changed = load_with(dir.path(), &cache).ok().unwrap();
        assert!(!Arc::ptr_eq(&learnt, &customers()));
        let stopped = changed.privacy.guard().check("x.html", b"<p>C-11208</p>");
        assert!(stopped.is_err(), "the new id is stopped");
    }

    #[test]
    fn a_cached_note_is_scrubbed_again_when_the_customers_change() {
        let dir = sample_copy();
        let cache = NoteCache::default();
        let sarah = dir
            .path()
            .join("calls/2026-02-checkout/2026-02-03-sarah-phoenix.md");
        let mut text = std::fs::read_to_string(&sarah).unwrap();
        text.push_str("\n> My friend's order C-77777 never came.\n");
        std::fs::write(&sarah, text).unwrap();
        let before = load_with(dir.path(), &cache).ok().unwrap();
        assert!(quote_texts(&before).iter().any(|t| t.contains("C-77777")));

        // Now C-77777 is a customer's id: Sarah's unchanged note must hide it too.
        let luis = dir.path().join(LUIS);
        let text = std::fs::read_to_string(&luis).unwrap();
        std::fs::write(&luis, text.replace("C-11207", "C-77777")).unwrap();
        cache.forget(Path::new(LUIS));
        let after = load_with(dir.path(), &cache).ok().unwrap();
        assert!(!quote_texts(&after).iter().any(|t| t.contains("C-77777")));
        assert_eq!(
            quote_texts(&after),
            quote_texts(&load(dir.path()).ok().unwrap())
        );
    }
}
