//! Rendering: view data into Tera templates, each page written as soon as it is rendered.
//!
//! Pages are rendered in parallel (rayon) and each worker writes its page straight
//! to the staging folder, so the whole rendered site is never held in memory.

pub mod charts;
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

use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::output::Staging;
use pages::Pages;
use theme::Theme;

/// One page of the site.
#[derive(Debug, Clone, Copy)]
enum Page {
    Dashboard,
    Ranking,
    Rounds,
    Opportunity(usize),
    Quote(usize),
    Call(usize),
    Round(usize),
    Metrics,
    Language,
}

impl Page {
    fn path(self, site: &Site) -> String {
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

fn every_page(site: &Site) -> Vec<Page> {
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
    let context = tera::Context::from_serialize(view)?;
    theme
        .tera
        .render(template, &context)
        .map(safety::with_policy)
}

/// Renders every page and static file of the site into `staging`; all errors at once.
pub fn render_site(
    site: &Site,
    analysis: &Analysis,
    theme: &Theme,
    content: &Path,
    staging: &Staging,
) -> Result<(), Vec<Diagnostic>> {
    let pages = Pages {
        site,
        analysis,
        site_view: view::site_view(site),
        quote_html: site
            .quotes
            .par_iter()
            .map(|q| markdown::to_html(&q.markdown))
            .collect(),
        figures: site_figures::SiteFigures::new(site, analysis),
    };
    let language = pages.language();
    let template_dir = content.join("templates");
    let mut errors: Vec<Diagnostic> = every_page(site)
        .into_par_iter()
        .filter_map(|page| {
            let rendered = match page {
                Page::Dashboard => render_one(theme, "index.html", &pages.dashboard()),
                Page::Ranking => render_one(theme, "ranking.html", &pages.ranking()),
                Page::Rounds => render_one(theme, "rounds.html", &pages.rounds()),
                Page::Opportunity(o) => {
                    render_one(theme, "opportunity.html", &pages.opportunity(o))
                }
                Page::Quote(q) => render_one(theme, "quote.html", &pages.quote(q)),
                Page::Call(c) => render_one(theme, "call.html", &pages.call(c)),
                Page::Round(r) => render_one(theme, "round.html", &pages.round(r)),
                Page::Metrics => render_one(theme, "metrics.html", &pages.metrics()),
                Page::Language => render_one(theme, "language.html", &language),
            };
            let path = page.path(site);
            match rendered {
                Ok(html) => staging
                    .write(&path, html.as_bytes())
                    .err()
                    .map(|e| Diagnostic::at_file(&e.path, e.message)),
                Err(e) => Some(theme::template_error(&template_dir, &e)),
            }
        })
        .collect();
    // Each chart's numbers, linked from under the chart (an empty chart links none).
    for figure in pages
        .figures
        .all()
        .chain(language.figures())
        .filter(|f| !f.empty)
    {
        if let Err(e) = staging.write(&figure.csv_url, figure.csv.as_bytes()) {
            errors.push(Diagnostic::at_file(&e.path, e.message));
        }
    }
    for (path, bytes) in &theme.static_files {
        if let Err(e) = staging.write(path, bytes) {
            errors.push(Diagnostic::at_file(&e.path, e.message));
        }
    }
    // One broken template fails every page that uses it; say it once.
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    errors.dedup_by(|a, b| a.message == b.message);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
