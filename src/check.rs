//! `verbatim check`: everything `build` validates, without writing a file.
//!
//! The site is rendered exactly as `build` renders it, into an inspecting
//! [`Staging`] that parses each page for links and ids instead of writing it
//! (see [`links`](crate::links)). Then: every internal link and anchor must
//! resolve, every archive must match its checksums, and no quote URL the last
//! published build served (`--against DIR`) may vanish.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Severity};
use crate::links::LinkCheck;
use crate::output::Staging;
use crate::permalinks::{self, Manifest};
use crate::{archive, content, render, today, Error, SiteOverrides};

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The content folder.
    pub content: PathBuf,
    /// A built site whose quote URLs must all still be served.
    pub against: Option<PathBuf>,
    /// Command-line overrides of `site.toml`.
    pub overrides: SiteOverrides,
}

/// What a check found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// HTML pages rendered and read.
    pub pages: usize,
    /// Distinct internal link targets checked.
    pub links: usize,
    /// Every problem, errors and warnings, sorted by file.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
}

impl CheckReport {
    /// How many problems are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many problems are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the site in `options.content`; content and template errors come back as `Err`.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Error> {
    let started = Instant::now();
    let loaded = content::load(&options.content).map_err(|d| Error::Content(d.sorted()))?;
    let mut site = loaded.site;
    options.overrides.apply(&mut site);
    let mut diagnostics = loaded.warnings;
    let theme = render::theme::load(&options.content).map_err(Error::Content)?;
    let links = Arc::new(LinkCheck::default());
    let inspector = Arc::clone(&links);
    let mut staging = Staging::inspect(Box::new(move |rel, bytes| inspector.add(rel, bytes)));
    // A page `build` would refuse to write for a private detail fails `check` too.
    staging.set_guard(loaded.privacy.guard());
    crate::analyze_and_render(&site, today(), &theme, &options.content, &staging)
        .map_err(Error::Content)?;
    let pages = staging.pages();
    drop(staging);
    let links = Arc::into_inner(links).expect("the staging that shared it is gone");
    let targets = links.targets();
    // With the load's privacy rules: a snippet of a note is redacted as the note was.
    diagnostics.extend(links.finish(&options.content, &loaded.privacy));
    diagnostics.extend(archive::verify(&options.content));
    if let Some(against) = &options.against {
        diagnostics.extend(vanished(&options.content, against, &Manifest::of(&site)));
    }
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Ok(CheckReport {
        pages,
        links: targets,
        diagnostics,
        elapsed: started.elapsed(),
    })
}

/// Quote URLs `against` serves and the new site would not: errors, since `check`
/// guards what stakeholders bookmarked (`build` only warns).
fn vanished(content: &Path, against: &Path, new: &Manifest) -> Vec<Diagnostic> {
    match Manifest::read(against) {
        Ok(Some(old)) => {
            permalinks::vanished(content, &against.join(permalinks::MANIFEST), &old, new)
                .into_iter()
                .map(|mut d| {
                    d.severity = Severity::Error;
                    d
                })
                .collect()
        }
        Ok(None) => vec![Diagnostic::at_file(
            against,
            format!("no {} here to compare with", permalinks::MANIFEST),
        )
        .hint(
            "pass the folder of a site built by verbatim (it writes the manifest on every build)",
        )],
        Err(d) => vec![d],
    }
}
