//! Writing the site: into a generation folder beside the target, swapped in whole.
//!
//! A failed or killed build never touches the published folder: pages go to
//! `.<name>.verbatim-staging-<pid>` next to it, and only a complete build is
//! swapped in (atomically with `renameat2(RENAME_EXCHANGE)` on Linux). A folder is
//! only ever replaced when it is empty or carries verbatim's marker file, so
//! `--out ..` or `--out ~` cannot wipe a user's files.
//!
//! Repeated builds stay fast by keeping two generations instead of deleting one on
//! every build: the site swapped out becomes `.<name>.verbatim-prev`, and the next
//! build but one updates that folder in place (it is never the published one), writing
//! only the files whose bytes changed and removing the ones no longer in the site.
//! Deleting a tree of 50,000 pages and creating a new one costs more than the whole
//! build on file systems that avoid reusing freshly freed inodes; rewriting a few
//! changed pages costs almost nothing.
//!
//! Which bytes a generation holds is kept in `.<name>.verbatim-manifest-<inode>`
//! beside it (outside the site, so builds stay byte-identical). A file is taken as
//! unchanged only when the manifest has the same length and hash for it and the file
//! on disk still has that length and was not modified after the manifest was written,
//! so a hand edit in the output is overwritten. A generation that a killed build was
//! updating has no manifest (it is removed before the update starts), so every file
//! in it is written again. A folder written once (an archive, see
//! [`Staging::keep_no_previous`]) keeps neither a previous generation nor a manifest.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// Marks a folder as written by verbatim, so a later build may replace it.
pub const MARKER: &str = ".verbatim-site";

/// What went wrong with the output folder.
#[derive(Debug)]
pub struct OutputError {
    /// The folder or file concerned.
    pub path: PathBuf,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: error: {}", self.path.display(), self.message)
    }
}

/// Where the privacy guard's one-line message turns from what it found to what to do
/// (see `privacy::Guard::check`): an `OutputError` has no hint of its own, so the
/// guard's help travels in the message and [`OutputError::diagnostic`] splits it off.
const GUARD_HELP: &str = ". To fix it: ";

impl OutputError {
    /// This error as a diagnostic at its path; the privacy guard's help becomes the
    /// diagnostic's hint, its own `= help:` line, rather than the end of the message.
    pub fn diagnostic(self) -> Diagnostic {
        let split = self
            .message
            .starts_with("privacy guard: ")
            .then(|| self.message.split_once(GUARD_HELP))
            .flatten();
        match split {
            Some((message, help)) => Diagnostic::at_file(&self.path, message).hint(help),
            None => Diagnostic::at_file(&self.path, self.message),
        }
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> OutputError {
    OutputError {
        path: path.to_path_buf(),
        message: format!("{what}: {e}"),
    }
}

/// An absolute, lexically normalised path (no `.` or `..`), without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks where the path exists, so two spellings of one folder compare equal.
    fs::canonicalize(&out).unwrap_or(out)
}

/// Reads each file of a site instead of writing it (`verbatim check`).
pub type Inspector = Box<dyn Fn(&str, &[u8]) + Send + Sync>;

/// The bytes of one file as a manifest records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    hash: u64,
    len: u64,
}

impl Fingerprint {
    fn of(bytes: &[u8]) -> Fingerprint {
        // XXH3: every byte of every page is hashed, hundreds of megabytes at 10,000
        // calls, at several times SipHash's speed. The manifest's header pins the
        // format, so a manifest hashed another way never compares as equal.
        Fingerprint {
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
            len: bytes.len() as u64,
        }
    }
}

/// What a reused generation held when its last build finished.
struct Manifest {
    files: HashMap<String, Fingerprint>,
    /// When the manifest was written: files modified later were edited by hand.
    written: SystemTime,
}

const MANIFEST_HEADER: &str = concat!("verbatim-manifest 2 ", env!("CARGO_PKG_VERSION"));

/// A site being written; dropped without `commit`, it gives up its generation folder.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    /// `.<name>.verbatim-` beside the target: the prefix of every folder and file of ours.
    prefix: PathBuf,
    /// True when `dir` is an older generation being updated, not a new empty folder.
    reused: bool,
    /// What the reused generation held, listed on another thread while pages render.
    survey: Option<std::thread::JoinHandle<Survey>>,
    manifest: Option<Manifest>,
    committed: bool,
    pages: AtomicUsize,
    bytes: AtomicU64,
    guard: Option<crate::privacy::Guard>,
    inspector: Option<Inspector>,
    charts: AtomicUsize,
    kinds: Mutex<BTreeMap<String, usize>>,
    changed: AtomicUsize,
    written: Mutex<Vec<(String, Fingerprint)>>,
    /// False for a folder written once (an archive): no generation or manifest is kept.
    keep_previous: bool,
}

/// What a page is, for the build summary: the section folder of `<section>/<name>/index.html`
/// (`calls`, `quotes`, ...), `index pages` for the dashboard and section indexes.
pub fn page_kind(rel: &str) -> &str {
    let mut parts = rel.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("index.html"), None, _) | (Some(_), Some("index.html"), None) => "index pages",
        (Some(section), Some(_), Some(_)) => section,
        _ => "other pages",
    }
}

/// How many inline SVG charts (the chart module's `vb-chart` class) a page holds.
pub fn count_charts(html: &[u8]) -> usize {
    memchr::memmem::find_iter(html, b"class=\"vb-chart").count()
}

impl Staging {
    /// Checks that `target` may be replaced and prepares a generation folder beside it:
    /// the previous generation when there is one (updated in place), else an empty one.
    pub fn begin(target: &Path, content: &Path) -> Result<Staging, OutputError> {
        let target_abs = absolute(target);
        let content_abs = absolute(content);
        if target_abs.starts_with(&content_abs) || content_abs.starts_with(&target_abs) {
            return Err(OutputError {
                path: target.to_path_buf(),
                message: format!(
                    "the output folder and the content folder ({}) may not contain each other",
                    content.display()
                ),
            });
        }
        let Some(name) = target_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
        else {
            return Err(OutputError {
                path: target.to_path_buf(),
                message: "the output folder cannot be the root of the file system".into(),
            });
        };
        if target_abs.exists() {
            if !target_abs.is_dir() {
                return Err(OutputError {
                    path: target.to_path_buf(),
                    message: "this is a file, not a folder; choose another --out".into(),
                });
            }
            let empty = fs::read_dir(&target_abs)
                .map_err(|e| io_error(target, "cannot read the output folder", e))?
                .next()
                .is_none();
            if !empty && !target_abs.join(MARKER).exists() {
                return Err(OutputError {
                    path: target.to_path_buf(),
                    message: format!(
                        "refusing to replace this folder: it is not empty and was not built by verbatim (it has no {MARKER} file); choose a new or empty folder with --out"
                    ),
                });
            }
        }
        let parent = target_abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent)
            .map_err(|e| io_error(&parent, "cannot create the output's parent folder", e))?;
        let prefix = parent.join(format!(".{name}.verbatim-"));
        let dir = with_suffix(&prefix, &format!("staging-{}", std::process::id()));
        let (reused, manifest) = match claim_generation(&prefix, &dir) {
            Some(manifest) => (true, manifest),
            None => {
                fs::create_dir(&dir)
                    .map_err(|e| io_error(&dir, "cannot create the staging folder", e))?;
                (false, None)
            }
        };
        // Listing a 50,000-page generation takes about a second of file-system time;
        // it runs beside rendering, and only its result is waited for at commit.
        let survey = reused.then(|| {
            let dir = dir.clone();
            std::thread::spawn(move || Survey::of(&dir))
        });
        Ok(Staging {
            target: target_abs,
            dir,
            prefix,
            reused,
            survey,
            manifest,
            committed: false,
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            guard: None,
            inspector: None,
            charts: AtomicUsize::new(0),
            kinds: Mutex::new(BTreeMap::new()),
            changed: AtomicUsize::new(0),
            written: Mutex::new(Vec::new()),
            keep_previous: true,
        })
    }

    /// Checks every file written from now on for the secrets the guard knows (see `privacy`).
    pub fn set_guard(&mut self, guard: crate::privacy::Guard) {
        self.guard = Some(guard);
    }

    /// Keeps nothing beside the target after `commit`: no previous generation and no
    /// manifest. For folders written once and kept in version control (archives),
    /// where a second copy and hidden files beside them would only pile up.
    pub fn keep_no_previous(&mut self) {
        self.keep_previous = false;
    }

    /// A staging that hands every file to `inspector` and writes nothing, so that
    /// `check` renders exactly what `build` would without touching the disk.
    pub fn inspect(inspector: Inspector) -> Staging {
        Staging {
            target: PathBuf::new(),
            dir: PathBuf::new(),
            prefix: PathBuf::new(),
            reused: false,
            survey: None,
            manifest: None,
            committed: true,
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            inspector: Some(inspector),
            guard: None,
            charts: AtomicUsize::new(0),
            kinds: Mutex::new(BTreeMap::new()),
            changed: AtomicUsize::new(0),
            written: Mutex::new(Vec::new()),
            keep_previous: true,
        }
    }

    /// Writes one file at a site-relative path (`/`-separated), creating its folders.
    /// In a reused generation a file whose bytes are already there is left alone.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if let Some(guard) = &self.guard {
            // Named as the site names it (`opportunities/index.html`): the folder it
            // was being written to is a staging folder, and the site was not replaced.
            guard.check(rel, bytes).map_err(|message| OutputError {
                path: PathBuf::from(rel),
                message,
            })?;
        }
        if let Some(inspect) = &self.inspector {
            inspect(rel, bytes);
            if rel.ends_with(".html") {
                self.pages.fetch_add(1, Ordering::Relaxed);
            }
            self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            return Ok(());
        }
        let path = self.dir.join(rel);
        let print = Fingerprint::of(bytes);
        if !self.unchanged(rel, &path, print) {
            let parent = path.parent();
            // A new generation has no folders yet; a reused one has nearly all of them.
            if !self.reused {
                if let Some(parent) = parent {
                    fs::create_dir_all(parent)
                        .map_err(|e| io_error(parent, "cannot create folder", e))?;
                }
            }
            match fs::write(&path, bytes) {
                Err(e) if e.kind() == io::ErrorKind::NotFound && self.reused => {
                    if let Some(parent) = parent {
                        fs::create_dir_all(parent)
                            .map_err(|e| io_error(parent, "cannot create folder", e))?;
                    }
                    fs::write(&path, bytes).map_err(|e| io_error(&path, "cannot write", e))?;
                }
                other => other.map_err(|e| io_error(&path, "cannot write", e))?,
            }
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
            self.charts
                .fetch_add(count_charts(bytes), Ordering::Relaxed);
            let mut kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
            // Counted without a new string per page: the kinds are a handful.
            let kind = page_kind(rel);
            match kinds.get_mut(kind) {
                Some(n) => *n += 1,
                None => {
                    kinds.insert(kind.to_string(), 1);
                }
            }
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), print));
        Ok(())
    }

    /// Whether the reused generation already holds exactly these bytes at `rel`.
    fn unchanged(&self, rel: &str, path: &Path, print: Fingerprint) -> bool {
        let Some(manifest) = &self.manifest else {
            return false;
        };
        if manifest.files.get(rel) != Some(&print) {
            return false;
        }
        match fs::symlink_metadata(path) {
            Ok(m) => {
                m.is_file()
                    && m.len() == print.len
                    && m.modified().is_ok_and(|t| t <= manifest.written)
            }
            Err(_) => false,
        }
    }

    /// HTML pages written so far.
    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Inline charts in the pages written so far.
    pub fn charts(&self) -> usize {
        self.charts.load(Ordering::Relaxed)
    }

    /// HTML pages written so far by [`page_kind`], sorted by kind.
    pub fn pages_by_kind(&self) -> Vec<(String, usize)> {
        let kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        kinds.iter().map(|(k, n)| (k.clone(), *n)).collect()
    }

    /// Files whose bytes had to be written (the others were already in place).
    pub fn changed(&self) -> usize {
        self.changed.load(Ordering::Relaxed)
    }

    /// Puts the finished site in place of the target; the old one is kept for the next build.
    pub fn commit(mut self) -> Result<(), OutputError> {
        if self.inspector.is_some() {
            return Ok(());
        }
        self.write(
            MARKER,
            b"Built by verbatim. This folder is replaced on every build.\n",
        )?;
        let mut written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        written.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(survey) = self.survey.take() {
            // A survey that failed leaves stale files in place; walk again instead.
            let survey = survey.join().unwrap_or_else(|_| Survey::of(&self.dir));
            remove_stale(&self.dir, &written, &survey);
        }
        if self.keep_previous {
            write_manifest(&self.prefix, &self.dir, &written);
        }
        let target = self.target.clone();
        let prev = with_suffix(&self.prefix, "prev");
        if target.exists() {
            // Only a race with another build could have made a new `prev`.
            if prev.exists() {
                let _ = fs::remove_dir_all(&prev);
            }
            if exchange(&self.dir, &target).is_ok() {
                self.committed = true;
                // The staging path now holds the old site: the next build but one reuses it.
                fs::rename(&self.dir, &prev)
                    .map_err(|e| io_error(&prev, "cannot move the old site aside", e))?;
            } else {
                fs::rename(&target, &prev)
                    .map_err(|e| io_error(&target, "cannot move the old site aside", e))?;
                if let Err(e) = fs::rename(&self.dir, &target) {
                    let _ = fs::rename(&prev, &target);
                    return Err(io_error(&target, "cannot put the new site in place", e));
                }
                self.committed = true;
            }
        } else {
            fs::rename(&self.dir, &target)
                .map_err(|e| io_error(&target, "cannot put the new site in place", e))?;
        }
        self.committed = true;
        if self.keep_previous {
            remove_other_manifests(&self.prefix, &[&target, &prev]);
        } else {
            let _ = fs::remove_dir_all(&prev);
            remove_other_manifests(&self.prefix, &[]);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if self.reused && self.keep_previous {
            // Keep the generation for the next build rather than delete a whole tree;
            // its manifest is gone, so every file in it will be written again.
            let _ = fs::rename(&self.dir, with_suffix(&self.prefix, "prev"));
        } else {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Our folders beside the target (`prev`, and `staging-*`/`old-*` left by killed
/// builds), with the one to reuse first.
fn generations(prefix: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(start)) = (prefix.parent(), prefix.file_name()) else {
        return Vec::new();
    };
    let start = start.to_string_lossy().into_owned();
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(bool, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&start)?;
            Some((rest != "prev", e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// Takes over an older generation as the staging folder `dir`, with its manifest when
/// it has a sound one; removes any other leftovers. `None` when there is none to reuse.
fn claim_generation(prefix: &Path, dir: &Path) -> Option<Option<Manifest>> {
    let mut claimed = None;
    for generation in generations(prefix) {
        if claimed.is_none() && fs::rename(&generation, dir).is_ok() {
            claimed = Some(read_manifest(prefix, dir));
        } else {
            let _ = fs::remove_dir_all(&generation);
        }
    }
    claimed
}

#[cfg(unix)]
fn inode(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(dir).ok().map(|m| m.ino())
}

#[cfg(not(unix))]
fn inode(_dir: &Path) -> Option<u64> {
    None
}

/// The manifest of the generation in `dir`: named by the folder's inode, which a
/// rename keeps, so it follows the folder from published to `prev` to staging.
fn manifest_path(prefix: &Path, dir: &Path) -> Option<PathBuf> {
    inode(dir).map(|ino| with_suffix(prefix, &format!("manifest-{ino}")))
}

/// Reads and removes the manifest of `dir`: from here on the folder is being changed.
fn read_manifest(prefix: &Path, dir: &Path) -> Option<Manifest> {
    let path = manifest_path(prefix, dir)?;
    let written = fs::metadata(&path).and_then(|m| m.modified()).ok();
    let text = fs::read_to_string(&path).ok();
    let _ = fs::remove_file(&path);
    let (written, text) = (written?, text?);
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEADER) {
        return None;
    }
    let mut files = HashMap::new();
    for line in lines {
        if line == "end" {
            return Some(Manifest { files, written });
        }
        let mut parts = line.splitn(3, ' ');
        let (Some(hash), Some(len), Some(rel)) = (parts.next(), parts.next(), parts.next()) else {
            return None;
        };
        let print = Fingerprint {
            hash: u64::from_str_radix(hash, 16).ok()?,
            len: len.parse().ok()?,
        };
        files.insert(rel.to_string(), print);
    }
    // No `end`: a build was killed while writing it.
    None
}

fn write_manifest(prefix: &Path, dir: &Path, written: &[(String, Fingerprint)]) {
    let Some(path) = manifest_path(prefix, dir) else {
        return;
    };
    let mut text = String::with_capacity(written.len() * 64);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for (rel, print) in written {
        text.push_str(&format!("{:016x} {} {rel}\n", print.hash, print.len));
    }
    text.push_str("end\n");
    // Without a manifest the next reuse writes every file again: slower, never wrong.
    let _ = fs::write(&path, text);
}

/// Removes manifests of generations that no longer exist.
fn remove_other_manifests(prefix: &Path, keep: &[&Path]) {
    let keep: Vec<PathBuf> = keep
        .iter()
        .filter_map(|d| manifest_path(prefix, d))
        .collect();
    let (Some(parent), Some(start)) = (prefix.parent(), prefix.file_name()) else {
        return;
    };
    let start = format!("{}manifest-", start.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&start) && !keep.contains(&entry.path())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Removes from a reused generation every file this build did not write, and the
/// folders left empty, so that pages of deleted notes disappear.
fn remove_stale(dir: &Path, written: &[(String, Fingerprint)], survey: &Survey) {
    let files: HashSet<&str> = written.iter().map(|(rel, _)| rel.as_str()).collect();
    let mut folders: HashSet<&str> = HashSet::new();
    for (rel, _) in written {
        let mut at = rel.as_str();
        while let Some(i) = at.rfind('/') {
            at = &at[..i];
            if !folders.insert(at) {
                break;
            }
        }
    }
    for rel in &survey.files {
        if !files.contains(rel.as_str()) {
            let _ = fs::remove_file(dir.join(rel));
        }
    }
    for rel in &survey.folders {
        if !folders.contains(rel.as_str()) {
            let _ = fs::remove_dir(dir.join(rel));
        }
    }
}

/// The files and folders of a generation, relative and `/`-separated; each folder
/// after everything inside it.
#[derive(Debug, Default)]
struct Survey {
    files: Vec<String>,
    folders: Vec<String>,
}

impl Survey {
    fn of(dir: &Path) -> Survey {
        let mut survey = Survey::default();
        for entry in WalkDir::new(dir)
            .min_depth(1)
            .contents_first(true)
            .into_iter()
            .flatten()
        {
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let rel = crate::content::slash_path(rel);
            if entry.file_type().is_dir() {
                survey.folders.push(rel);
            } else {
                survey.files.push(rel);
            }
        }
        survey
    }
}

/// Swaps two paths atomically where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guard_error_names_the_page_in_the_site_with_its_help_as_a_hint() {
        use crate::diagnostics::SourceFile;
        use crate::model::Publish;
        use crate::privacy::Privacy;
        let privacy = Privacy::new(true, vec![], Publish::Internal, "");
        let mut note = SourceFile::new("calls/x.md".into(), "x\nring +44 20 7946 0958\n".into());
        privacy.scrub(&mut note, "calls/x.md", &[]);
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let mut staging = Staging::begin(&tmp.path().join("public"), &content).unwrap();
        staging.set_guard(privacy.guard());
        let d = staging
            .write("opportunities/index.html", b"<p>+44 20 7946 0958</p>")
            .unwrap_err()
            .diagnostic();
        assert_eq!(d.path, Path::new("opportunities/index.html"));
        assert!(
            d.message.starts_with("privacy guard: ") && d.message.ends_with("left as it was"),
            "{}",
            d.message
        );
        let hint = d.hint.as_deref().unwrap();
        assert!(hint.contains("[privacy] patterns"), "{hint}");
        let shown = d.to_string();
        assert!(
            shown.starts_with("opportunities/index.html: error: privacy guard: "),
            "{shown}"
        );
        assert!(shown.contains("\n  = help: "), "{shown}");
        assert!(!shown.contains("7946") && !shown.contains("<U+"), "{shown}");
        // Other output errors are shown as they are.
        let other = OutputError {
            path: "x".into(),
            message: "cannot write. To fix it: no".into(),
        };
        assert_eq!(other.diagnostic().hint, None);
    }

    #[test]
    fn refuses_folders_it_did_not_build() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let mine = tmp.path().join("notes");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("keep.txt"), "precious").unwrap();
        let err = Staging::begin(&mine, &content).err().unwrap();
        assert!(err.message.contains("refusing"), "{}", err.message);
        assert!(
            Staging::begin(tmp.path(), &content).is_err(),
            "a parent of content"
        );
        assert!(
            Staging::begin(&content.join("public"), &content).is_err(),
            "inside content"
        );
        assert_eq!(
            fs::read_to_string(mine.join("keep.txt")).unwrap(),
            "precious"
        );
    }

    #[test]
    fn pages_are_counted_by_section() {
        assert_eq!(page_kind("index.html"), "index pages");
        assert_eq!(page_kind("opportunities/index.html"), "index pages");
        assert_eq!(page_kind("quotes/abc/index.html"), "quotes");
        assert_eq!(
            page_kind("archive/2026-Q3/quotes/abc/index.html"),
            "archive"
        );
        assert_eq!(page_kind("404.html"), "other pages");
        assert_eq!(
            count_charts(b"<svg class=\"vb-chart vb-w1\"></svg><svg class=\"vb-chart\">"),
            2
        );
    }

    #[test]
    fn swaps_in_whole_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out, &content).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");

        let s = Staging::begin(&out, &content).unwrap();
        s.write("b/index.html", b"two").unwrap();
        drop(s); // a failed build
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        assert!(!out.join("b").exists());

        let s = Staging::begin(&out, &content).unwrap();
        s.write("b/index.html", b"two").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a").exists());
        let mut names: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.contains("verbatim-manifest-"))
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".public.verbatim-prev", "content", "public"],
            "no staging leftovers, the previous generation kept"
        );
    }

    #[test]
    fn a_folder_written_once_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let out = tmp.path().join("2026-Q3");
        for text in ["one", "two", "three"] {
            let mut s = Staging::begin(&out, &content).unwrap();
            s.keep_no_previous();
            s.write("a/index.html", text.as_bytes()).unwrap();
            s.commit().unwrap();
        }
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "three"
        );
        let mut names: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["2026-Q3", "content"]);
    }

    fn site(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
                (
                    rel.replace('\\', "/"),
                    fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    fn build(out: &Path, content: &Path, files: &[(&str, &str)]) -> usize {
        let s = Staging::begin(out, content).unwrap();
        for (rel, text) in files {
            s.write(rel, text.as_bytes()).unwrap();
        }
        let changed = s.changed();
        s.commit().unwrap();
        changed
    }

    #[test]
    fn reused_generations_write_only_changes_and_drop_stale_pages() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let out = tmp.path().join("public");
        let v1 = [("a/index.html", "one"), ("b/x/index.html", "two")];
        assert_eq!(build(&out, &content, &v1), 2);
        assert_eq!(build(&out, &content, &v1), 2, "a new generation");
        // The third build reuses the first one's folder: nothing to write.
        assert_eq!(build(&out, &content, &v1), 0);
        let v2 = [("a/index.html", "ONE"), ("c/index.html", "three")];
        assert_eq!(build(&out, &content, &v2), 2);
        assert_eq!(
            site(&out),
            [
                (
                    MARKER.to_string(),
                    "Built by verbatim. This folder is replaced on every build.\n".to_string()
                ),
                ("a/index.html".into(), "ONE".into()),
                ("c/index.html".into(), "three".into()),
            ]
        );
        assert!(!out.join("b").exists(), "emptied folders are removed");
        // And back: the reused generation is brought to exactly the new site.
        build(&out, &content, &v1);
        assert_eq!(site(&out).len(), 3);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        assert!(!out.join("c").exists());
    }

    #[test]
    fn hand_edits_and_stray_files_in_a_generation_are_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let out = tmp.path().join("public");
        let v1 = [("a/index.html", "one")];
        build(&out, &content, &v1);
        // Edit the published site by hand (same length), and add a file.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("a/index.html"), "ONE").unwrap();
        fs::write(out.join("stray.txt"), "x").unwrap();
        build(&out, &content, &v1); // the edited folder becomes the previous generation
        build(&out, &content, &v1); // and is reused here
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        assert!(!out.join("stray.txt").exists());
    }

    #[test]
    fn a_failed_build_over_a_reused_generation_keeps_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let out = tmp.path().join("public");
        let v1 = [("a/index.html", "one")];
        build(&out, &content, &v1);
        build(&out, &content, &v1);
        let s = Staging::begin(&out, &content).unwrap();
        assert!(s.reused);
        s.write("a/index.html", b"half-done").unwrap();
        drop(s); // failed or interrupted
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "one");
        // The half-updated generation is reused without trusting it.
        build(&out, &content, &[("a/index.html", "two")]);
        build(&out, &content, &[("a/index.html", "two")]);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
    }

    #[test]
    fn leftovers_of_killed_builds_are_reused_or_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir(&content).unwrap();
        let out = tmp.path().join("public");
        build(&out, &content, &[("a/index.html", "one")]);
        for pid in ["123", "456"] {
            let killed = tmp.path().join(format!(".public.verbatim-staging-{pid}"));
            fs::create_dir_all(killed.join("junk")).unwrap();
            fs::write(killed.join("junk/index.html"), "partial").unwrap();
        }
        build(&out, &content, &[("a/index.html", "two")]);
        assert_eq!(site(&out).len(), 2, "{:?}", site(&out));
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        let staging: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(staging.is_empty(), "{staging:?}");
    }
}
