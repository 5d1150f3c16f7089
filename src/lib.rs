//! verbatim: a static report site generator for teams that build products from
//! customer phone calls.
//!
//! The pipeline runs one way: [`content::load`] reads the content folder into a
//! typed [`model::Site`], [`analysis::analyze`] derives evidence and rankings,
//! [`render`] turns both into pages, and [`output`] writes them atomically.

// Diagnostics carry their snippet and hint; they are the cold path, so no boxing.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod content;
pub mod diagnostics;
pub mod model;
pub mod output;
pub mod privacy;
pub mod render;
pub mod scaffold;

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::Diagnostic;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The content folder (holds `site.toml`, `calls/`, `opportunities/`).
    pub content: PathBuf,
    /// The output folder; replaced whole when the build succeeds.
    pub out: PathBuf,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Calls built.
    pub calls: usize,
    /// Quotes built.
    pub quotes: usize,
    /// Opportunities built.
    pub opportunities: usize,
    /// Rounds built.
    pub rounds: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the build.
    pub elapsed: Duration,
}

/// Why a build failed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the content folder or its templates, sorted by file and line.
    Content(Vec<Diagnostic>),
    /// The output folder could not be written.
    Output(output::OutputError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(diags) => {
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                let errors = diags
                    .iter()
                    .filter(|d| d.severity == diagnostics::Severity::Error)
                    .count();
                write!(
                    f,
                    "build failed: {errors} error{} in the content; the previous site was left as it was",
                    if errors == 1 { "" } else { "s" }
                )
            }
            Error::Output(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

/// The day the build is as of: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
pub fn today() -> chrono::NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Builds the site: load, analyze, render, and swap the output in whole.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    // Both are read before either fails, so one run reports the problems of both.
    let (loaded, theme) = match (
        content::load(&options.content),
        render::theme::load(&options.content),
    ) {
        (Ok(loaded), Ok(theme)) => (loaded, theme),
        (loaded, theme) => {
            let mut all = loaded.err().map(|d| d.sorted()).unwrap_or_default();
            all.extend(theme.err().unwrap_or_default());
            return Err(Error::Content(all));
        }
    };
    let site = loaded.site;
    let analysis = analysis::analyze(&site, today());
    let mut staging =
        output::Staging::begin(&options.out, &options.content).map_err(Error::Output)?;
    staging.set_guard(loaded.privacy.guard());
    render::render_site(&site, &analysis, &theme, &options.content, &staging)
        .map_err(Error::Content)?;
    let (pages, bytes) = (staging.pages(), staging.bytes());
    staging.commit().map_err(Error::Output)?;
    let audit = loaded.privacy.audit_text(&options.content, &options.out);
    privacy::write_audit(&options.out, &audit).map_err(Error::Output)?;
    Ok(BuildReport {
        pages,
        bytes,
        calls: site.calls.len(),
        quotes: site.quotes.len(),
        opportunities: site.opportunities.len(),
        rounds: site.rounds.len(),
        warnings: loaded.warnings,
        elapsed: started.elapsed(),
    })
}
