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
pub mod serve;
pub mod summary;

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
    /// HTML pages by kind (see [`output::page_kind`]), sorted by kind.
    pub pages_by_kind: Vec<(String, usize)>,
    /// Inline SVG charts in the pages.
    pub charts: usize,
    /// Wall time of each stage.
    pub stages: Stages,
}

/// Wall time of each stage of a build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stages {
    /// Reading the content folder and the theme.
    pub load: Duration,
    /// Evidence, ranking and the other derived facts.
    pub analyze: Duration,
    /// Rendering pages and writing them to the staging folder.
    pub render: Duration,
    /// Swapping the staging folder in and removing the old site.
    pub swap: Duration,
}

/// Why a build failed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the content folder or its templates, sorted by file and line.
    Content(Vec<Diagnostic>),
    /// The output folder could not be written.
    Output(output::OutputError),
    /// The preview server could not start (the port is taken, the folder cannot be watched).
    Serve(String),
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
            Error::Serve(message) => write!(f, "error: {message}"),
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
    let mut stages = Stages::default();
    let mut lap = Instant::now();
    let mut stage = |slot: &mut Duration| {
        *slot = lap.elapsed();
        lap = Instant::now();
    };
    let loaded = content::load(&options.content).map_err(|d| Error::Content(d.sorted()))?;
    let site = loaded.site;
    let theme = render::theme::load(&options.content).map_err(Error::Content)?;
    stage(&mut stages.load);
    let analysis = analysis::analyze(&site, today());
    stage(&mut stages.analyze);
    let staging = output::Staging::begin(&options.out, &options.content).map_err(Error::Output)?;
    render::render_site(&site, &analysis, &theme, &options.content, &staging)
        .map_err(Error::Content)?;
    let (pages, bytes) = (staging.pages(), staging.bytes());
    let (pages_by_kind, charts) = (staging.pages_by_kind(), staging.charts());
    stage(&mut stages.render);
    staging.commit().map_err(Error::Output)?;
    stage(&mut stages.swap);
    Ok(BuildReport {
        pages,
        bytes,
        calls: site.calls.len(),
        quotes: site.quotes.len(),
        opportunities: site.opportunities.len(),
        rounds: site.rounds.len(),
        warnings: loaded.warnings,
        elapsed: started.elapsed(),
        pages_by_kind,
        charts,
        stages,
    })
}

/// Starts the preview server: builds the site into a temporary folder, serves it on
/// `options.bind`, and (once [`serve::Preview::run`] is called) rebuilds on every change.
pub fn serve(options: &serve::ServeOptions) -> Result<serve::Preview, Error> {
    serve::Preview::start(options)
}
