//! verbatim: a static report site generator for teams that build products from
//! customer phone calls.
//!
//! The pipeline runs one way: [`content::load`] reads the content folder into a
//! typed [`model::Site`], [`analysis::analyze`] derives evidence and rankings,
//! [`render`] turns both into pages, and [`output`] writes them atomically.

// Diagnostics carry their snippet and hint; they are the cold path, so no boxing.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod archive;
pub mod check;
pub mod content;
pub mod diagnostics;
pub mod links;
pub mod model;
pub mod output;
pub mod permalinks;
pub mod privacy;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod summary;
#[cfg(test)]
mod test_strings;

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
    /// Evidence, ranking and the other derived facts, while the pages of calls and
    /// quotes are rendered and written beside them.
    pub analyze: Duration,
    /// Rendering the other pages and writing them to the staging folder.
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

/// Settings given on the command line that replace `site.toml`'s.
#[derive(Debug, Clone, Default)]
pub struct SiteOverrides {
    /// `--base-url`: the absolute URL the site is published at.
    pub base_url: Option<String>,
}

impl SiteOverrides {
    /// Applies the overrides to a loaded site.
    pub fn apply(&self, site: &mut model::Site) {
        if let Some(base) = &self.base_url {
            let base = base.trim_end_matches('/');
            site.settings.base_url = (!base.is_empty()).then(|| base.to_string());
        }
    }
}

/// Analyses `site` as of `today` and renders every file of it into `staging`:
/// pages, search index, quote manifest and redirects, and (unless this is an
/// archive) the published archives. The pages of calls and quotes, four in five of
/// a site's pages, need no analysis: they are rendered and written while it runs.
/// Returns the time until the analysis (and those pages) were done.
pub fn analyze_and_render(
    site: &model::Site,
    today: chrono::NaiveDate,
    theme: &render::theme::Theme,
    content: &std::path::Path,
    staging: &output::Staging,
) -> Result<Duration, Vec<Diagnostic>> {
    let started = Instant::now();
    let quote_html = render::quote_html(site);
    let (analysis, pages) = rayon::join(
        || analysis::analyze(site, today),
        || render::render_call_and_quote_pages(site, theme, content, &quote_html, staging),
    );
    let analyzed = started.elapsed();
    let mut page_errors = pages.err().unwrap_or_default();
    // The search index merges its terms on one thread: beside the pages, which
    // keep the other core busy, not after them.
    let (site_pages, (redirects, search)) = rayon::join(
        || render::render_site(site, &analysis, theme, content, &quote_html, staging),
        || {
            (
                permalinks::write(site, theme, staging),
                search::write(site, &analysis, staging),
            )
        },
    );
    if let Err(e) = site_pages {
        page_errors.extend(e);
    }
    // A broken base template fails the pages of both passes: said once.
    let mut errors = render::each_once(page_errors).err().unwrap_or_default();
    if let Err(e) = redirects {
        errors.extend(e);
    }
    if let Err(e) = search {
        errors.extend(e);
    }
    // An archive is a frozen site of its own: it does not carry other archives.
    let archives = if site.settings.frozen.is_none() {
        match archive::publish(content, staging) {
            Ok(facts) => Some(facts),
            Err(e) => {
                errors.extend(e);
                Some(Vec::new())
            }
        }
    } else {
        None
    };
    if let Err(e) = render::publishing::write(site, theme, content, staging, archives.as_deref()) {
        errors.extend(e);
    }
    if errors.is_empty() {
        Ok(analyzed)
    } else {
        Err(errors)
    }
}

/// Builds the site: load, analyze, render, and swap the output in whole.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    build_with(options, &SiteOverrides::default())
}

/// [`build`] with command-line overrides of `site.toml`.
///
/// When the output folder holds the quote manifest of an earlier build, every
/// quote URL that build served and this one would not is reported as a warning.
pub fn build_with(options: &BuildOptions, overrides: &SiteOverrides) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let mut stages = Stages::default();
    let mut lap = Instant::now();
    let mut stage = |slot: &mut Duration| {
        *slot = lap.elapsed();
        lap = Instant::now();
    };
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
    let mut site = loaded.site;
    overrides.apply(&mut site);
    let mut warnings = loaded.warnings;
    stage(&mut stages.load);
    let mut staging =
        output::Staging::begin(&options.out, &options.content).map_err(Error::Output)?;
    staging.set_guard(loaded.privacy.guard());
    stages.analyze = analyze_and_render(&site, today(), &theme, &options.content, &staging)
        .map_err(Error::Content)?;
    if let Ok(Some(old)) = permalinks::Manifest::read(&options.out) {
        warnings.extend(permalinks::vanished(
            &options.content,
            &options.out.join(permalinks::MANIFEST),
            &old,
            &permalinks::Manifest::of(&site),
        ));
    }
    let (pages, bytes) = (staging.pages(), staging.bytes());
    let (pages_by_kind, charts) = (staging.pages_by_kind(), staging.charts());
    stage(&mut stages.render);
    stages.render -= stages.analyze;
    staging.commit().map_err(Error::Output)?;
    stage(&mut stages.swap);
    let audit = loaded.privacy.audit_text(&options.content, &options.out);
    privacy::write_audit(&options.out, &audit).map_err(Error::Output)?;
    Ok(BuildReport {
        pages,
        bytes,
        calls: site.calls.len(),
        quotes: site.quotes.len(),
        opportunities: site.opportunities.len(),
        rounds: site.rounds.len(),
        warnings,
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
