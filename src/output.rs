//! Writing the site: into a staging folder beside the target, swapped in whole.
//!
//! A failed or killed build never touches the published folder: pages go to
//! `.<name>.verbatim-staging-<pid>` next to it, and only a complete build is
//! swapped in (atomically with `renameat2(RENAME_EXCHANGE)` on Linux). Leftover
//! staging folders from killed builds are removed by the next build. A folder is
//! only ever replaced when it is empty or carries verbatim's marker file, so
//! `--out ..` or `--out ~` cannot wipe a user's files.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

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

/// A site being written; dropped without `commit`, it removes its staging folder.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    pages: AtomicUsize,
    bytes: AtomicU64,
    guard: Option<crate::privacy::Guard>,
    inspector: Option<Inspector>,
    charts: AtomicUsize,
    kinds: Mutex<BTreeMap<String, usize>>,
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
    /// Checks that `target` may be replaced and creates an empty staging folder beside it.
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
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.verbatim-staging-{}", std::process::id()));
        fs::create_dir(&dir).map_err(|e| io_error(&dir, "cannot create the staging folder", e))?;
        Ok(Staging {
            target: target_abs,
            dir,
            committed: false,
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            guard: None,
            inspector: None,
            charts: AtomicUsize::new(0),
            kinds: Mutex::new(BTreeMap::new()),
        })
    }

    /// Checks every file written from now on for the secrets the guard knows (see `privacy`).
    pub fn set_guard(&mut self, guard: crate::privacy::Guard) {
        self.guard = Some(guard);
    }

    /// A staging that hands every file to `inspector` and writes nothing, so that
    /// `check` renders exactly what `build` would without touching the disk.
    pub fn inspect(inspector: Inspector) -> Staging {
        Staging {
            target: PathBuf::new(),
            dir: PathBuf::new(),
            committed: true,
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            inspector: Some(inspector),
            guard: None,
            charts: AtomicUsize::new(0),
            kinds: Mutex::new(BTreeMap::new()),
        }
    }

    /// Writes one file at a site-relative path (`/`-separated), creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if let Some(guard) = &self.guard {
            guard.check(rel, bytes).map_err(|message| OutputError {
                path: self.target.join(rel),
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
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create folder", e))?;
        }
        fs::write(&path, bytes).map_err(|e| io_error(&path, "cannot write", e))?;
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
            self.charts
                .fetch_add(count_charts(bytes), Ordering::Relaxed);
            let mut kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
            *kinds.entry(page_kind(rel).to_string()).or_default() += 1;
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
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

    /// Puts the finished site in place of the target, then removes the old one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        if self.inspector.is_some() {
            return Ok(());
        }
        self.write(
            MARKER,
            b"Built by verbatim. This folder is replaced on every build.\n",
        )?;
        let target = self.target.clone();
        if target.exists() {
            let old = target.with_file_name(format!(
                ".{}.verbatim-old-{}",
                target.file_name().unwrap_or_default().to_string_lossy(),
                std::process::id()
            ));
            if exchange(&self.dir, &target).is_ok() {
                // The staging path now holds the old site.
                fs::rename(&self.dir, &old)
                    .map_err(|e| io_error(&old, "cannot move the old site aside", e))?;
            } else {
                fs::rename(&target, &old)
                    .map_err(|e| io_error(&target, "cannot move the old site aside", e))?;
                if let Err(e) = fs::rename(&self.dir, &target) {
                    let _ = fs::rename(&old, &target);
                    return Err(io_error(&target, "cannot put the new site in place", e));
                }
            }
            self.committed = true;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.dir, &target)
                .map_err(|e| io_error(&target, "cannot put the new site in place", e))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes staging and old folders that killed builds of this target left behind.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.verbatim-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
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
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no leftovers: {names:?}");
    }
}
