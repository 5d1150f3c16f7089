//! Rendering: view data into Tera templates, each page written as soon as it is rendered.
//!
//! Pages are rendered in parallel (rayon) and each worker writes its page straight
//! to the staging folder, so the whole rendered site is never held in memory.

pub mod charts;
pub mod default_theme;
pub mod figure;
pub mod language;
pub mod markdown;
mod metrics_page;
pub mod pages;
pub mod publishing;
pub mod safety;
pub mod site_figures;
pub mod theme;
pub mod view;

use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::output::{OutputError, Staging};
use pages::{Pages, SitePages};
use theme::Theme;

/// Where rendered files go: a build's staging folder, or memory (`serve` renders a
/// few pages there first and writes them only when all of them rendered).
pub trait Sink: Sync {
    /// Writes one file at a site-relative, `/`-separated path.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError>;
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        Staging::write(self, rel, bytes)
    }
}

/// One page of the site, by the index of what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// `index.html`.
    Dashboard,
    /// `opportunities/index.html`.
    Ranking,
    /// `rounds/index.html`.
    Rounds,
    /// `opportunities/<slug>/index.html`.
    Opportunity(usize),
    /// `quotes/<id>/index.html`.
    Quote(usize),
    /// `calls/<stem>/index.html`.
    Call(usize),
    /// `rounds/<name>/index.html`.
    Round(usize),
    Metrics,
    Language,
}

impl Page {
    /// Whether the page shows charts of [`site_figures::SiteFigures`] (the language
    /// page draws its own).
    fn shows_site_charts(&self) -> bool {
        matches!(
            self,
            Page::Dashboard | Page::Ranking | Page::Metrics | Page::Opportunity(_)
        )
    }

    /// Whether the page shows anything of the analysis: every page but a call's and
    /// a quote's (see [`pages::SitePages`]).
    pub fn needs_analysis(&self) -> bool {
        !matches!(self, Page::Call(_) | Page::Quote(_))
    }

    /// The page's path in the site, e.g. `quotes/<id>/index.html`.
    pub fn path(self, site: &Site) -> String {
        match self {
            Page::Dashboard => "index.html".into(),
            Page::Ranking => "opportunities/index.html".into(),
            Page::Rounds => "rounds/index.html".into(),
            Page::Opportunity(o) => {
                format!("opportunities/{}/index.html", site.opportunities[o].slug)
            }
            Page::Quote(q) => format!("quotes/{}/index.html", site.quotes[q].id),
            Page::Call(c) => format!("calls/{}/index.html", site.calls[c].stem),
            Page::Round(r) => format!("rounds/{}/index.html", site.rounds[r].name),
            Page::Metrics => "metrics/index.html".into(),
            Page::Language => "language/index.html".into(),
        }
    }
}

/// Every page of the site, in a fixed order.
pub fn every_page(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::Dashboard,
        Page::Ranking,
        Page::Rounds,
        Page::Metrics,
        Page::Language,
    ];
    pages.extend((0..site.opportunities.len()).map(Page::Opportunity));
    pages.extend((0..site.rounds.len()).map(Page::Round));
    pages.extend((0..site.calls.len()).map(Page::Call));
    pages.extend((0..site.quotes.len()).map(Page::Quote));
    pages
}

fn render_one<T: Serialize>(
    theme: &Theme,
    template: &str,
    view: &T,
) -> Result<String, tera::Error> {
    render_context(theme, template, &tera::Context::from_serialize(view)?)
}

/// Renders the page of `view` as `template`: with `compiled`, the default theme's
/// page written in Rust, when the site overrides none of the templates it is made
/// from; else with Tera. `view` is told which: a view for Tera holds everything a
/// template may use, one for the compiled page only what it shows.
fn render_page<T: Serialize>(
    theme: &Theme,
    template: &str,
    view: impl FnOnce(bool) -> T,
    compiled: fn(&T) -> String,
) -> Result<String, tera::Error> {
    if theme.is_default(default_theme::sources(template)) {
        Ok(compiled(&view(false)))
    } else {
        render_one(theme, template, &view(true))
    }
}

fn render_context(
    theme: &Theme,
    template: &str,
    context: &tera::Context,
) -> Result<String, tera::Error> {
    theme
        .tera
        .render(template, context)
        .map(safety::with_policy)
}

/// Each quote of the site rendered to HTML, by quote index (shared by every page that shows it).
pub fn quote_html(site: &Site) -> Vec<Arc<str>> {
    site.quotes
        .par_iter()
        .map(|q| markdown::to_html(&q.markdown).into())
        .collect()
}

/// The pages of every call and quote of the site: the pages that need no analysis.
pub fn call_and_quote_pages(site: &Site) -> Vec<Page> {
    every_page(site)
        .into_iter()
        .filter(|p| !p.needs_analysis())
        .collect()
}

/// Renders the pages of calls and quotes into `sink`, with no analysis: a build
/// writes these (four in five of a site's pages) while the analysis runs.
pub fn render_call_and_quote_pages(
    site: &Site,
    theme: &Theme,
    content: &Path,
    quote_html: &[Arc<str>],
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let pages = SitePages::new(site, quote_html);
    let template_dir = content.join("templates");
    let errors: Vec<Diagnostic> = call_and_quote_pages(site)
        .par_iter()
        .filter_map(|&page| {
            let rendered = render_call_or_quote(theme, &pages, page);
            write_rendered(site, &template_dir, page, rendered, sink)
        })
        .collect();
    each_once(errors)
}

/// The page of a call or a quote: the pages that need no analysis.
fn render_call_or_quote(
    theme: &Theme,
    pages: &SitePages,
    page: Page,
) -> Result<String, tera::Error> {
    match page {
        Page::Quote(q) => render_page(
            theme,
            "quote.html",
            |_| pages.quote(q),
            default_theme::quote,
        ),
        Page::Call(c) => render_page(
            theme,
            "call.html",
            |for_tera| pages.call(c, for_tera),
            default_theme::call,
        ),
        _ => unreachable!("only the pages of calls and quotes come here"),
    }
}

/// `Ok` without errors, else the errors with each message once: one broken
/// template fails every page that uses it.
pub fn each_once(mut errors: Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    errors.dedup_by(|a, b| a.message == b.message);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Writes a rendered page, or says why it could not be rendered or written.
fn write_rendered(
    site: &Site,
    template_dir: &Path,
    page: Page,
    rendered: Result<String, tera::Error>,
    sink: &dyn Sink,
) -> Option<Diagnostic> {
    match rendered {
        Ok(html) => sink
            .write(&page.path(site), html.as_bytes())
            .err()
            .map(OutputError::diagnostic),
        Err(e) => Some(theme::template_error(template_dir, &e)),
    }
}

/// Renders every page that needs the analysis, and the static files, into
/// `staging`; all errors at once. The pages of calls and quotes are rendered
/// beside the analysis by [`render_call_and_quote_pages`].
pub fn render_site(
    site: &Site,
    analysis: &Analysis,
    theme: &Theme,
    content: &Path,
    quote_html: &[Arc<str>],
    staging: &Staging,
) -> Result<(), Vec<Diagnostic>> {
    let pages: Vec<Page> = every_page(site)
        .into_iter()
        .filter(Page::needs_analysis)
        .collect();
    let mut errors = match render_pages(site, analysis, theme, content, &pages, quote_html, staging)
    {
        Ok(()) => Vec::new(),
        Err(errors) => errors,
    };
    for (path, bytes) in &theme.static_files {
        if let Err(e) = staging.write(path, bytes) {
            errors.push(e.diagnostic());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Renders the `chosen` pages (not the static files) into `sink`; all errors at once.
///
/// `quote_html` is [`quote_html`] of this site, passed in so that a caller
/// re-rendering a few pages can reuse the HTML of quotes that did not change.
pub fn render_pages(
    site: &Site,
    analysis: &Analysis,
    theme: &Theme,
    content: &Path,
    chosen: &[Page],
    quote_html: &[Arc<str>],
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let pages = Pages {
        base: SitePages::new(site, quote_html),
        analysis,
        figures: site_figures::SiteFigures::empty(),
    };
    let template_dir = content.join("templates");
    // The language page's view is the largest (with Tera's copy of it, about 20 MB at
    // 30,000 calls): made when the page is rendered, before the other pages, and
    // dropped with its charts' numbers written, so the two never add up.
    let language_page = || -> Vec<Diagnostic> {
        let view = pages.language();
        let mut errors = write_csvs(view.figures(), sink);
        // Template values are a copy of the view: the view goes before rendering.
        let rendered = tera::Context::from_serialize(&view).and_then(|context| {
            drop(view);
            render_context(theme, "language.html", &context)
        });
        errors.extend(write_rendered(
            site,
            &template_dir,
            Page::Language,
            rendered,
            sink,
        ));
        errors
    };
    let render = |pages: &Pages, chosen: &[Page]| -> Vec<Diagnostic> {
        chosen
            .par_iter()
            .filter_map(|&page| {
                let rendered = match page {
                    Page::Dashboard => render_one(theme, "index.html", &pages.dashboard()),
                    Page::Ranking => render_one(theme, "ranking.html", &pages.ranking()),
                    Page::Rounds => render_one(theme, "rounds.html", &pages.rounds()),
                    Page::Opportunity(o) => render_page(
                        theme,
                        "opportunity.html",
                        |for_tera| pages.opportunity(o, for_tera),
                        default_theme::opportunity,
                    ),
                    Page::Quote(_) | Page::Call(_) => {
                        render_call_or_quote(theme, &pages.base, page)
                    }
                    Page::Round(r) => render_page(
                        theme,
                        "round.html",
                        |for_tera| pages.round(r, for_tera),
                        default_theme::round,
                    ),
                    Page::Metrics => render_one(theme, "metrics.html", &pages.metrics()),
                    Page::Language => unreachable!("rendered alone, first"),
                };
                write_rendered(site, &template_dir, page, rendered, sink)
            })
            .collect()
    };
    // The pages that show no site chart render while the charts are drawn and the
    // pages that show them render after: in serve, the round page (2,000 quote cards
    // at 10,000 calls) and the rest are each tens of milliseconds, on two cores.
    let (with_charts, without): (Vec<Page>, Vec<Page>) = chosen
        .iter()
        .filter(|&&p| p != Page::Language)
        .partition(|p| p.shows_site_charts());
    let (mut errors, (figures, charted_errors)) = rayon::join(
        || {
            let mut errors = if chosen.contains(&Page::Language) {
                language_page()
            } else {
                Vec::new()
            };
            errors.extend(render(&pages, &without));
            errors
        },
        || {
            let charted = Pages {
                base: pages.base.clone(),
                figures: site_figures::SiteFigures::for_pages(site, analysis, &with_charts),
                ..pages
            };
            let errors = render(&charted, &with_charts);
            (charted.figures, errors)
        },
    );
    errors.extend(charted_errors);
    errors.extend(write_csvs(figures.all(), sink));
    each_once(errors)
}

/// Writes each chart's numbers, linked from under the chart (an empty chart links none).
fn write_csvs<'a>(
    figures: impl Iterator<Item = &'a figure::Figure>,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    figures
        .filter(|f| !f.empty)
        .filter_map(|f| sink.write(&f.csv_url, f.csv.as_bytes()).err())
        .map(OutputError::diagnostic)
        .collect()
}
