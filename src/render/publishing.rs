//! The search page and the archive list: pages of the publishing workflow.

use serde::Serialize;

use super::pages::{display_date, plural, SitePages};
use super::theme::{template_error, Theme};
use super::view::Common;
use crate::archive::Facts;
use crate::diagnostics::Diagnostic;
use crate::model::Site;

/// `search/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// "Search 320 quotes, 80 calls and 12 opportunities".
    pub scope: String,
}

/// `archive/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ArchivePage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Every archived quarter, newest first.
    pub archives: Vec<ArchiveLink>,
}

/// One archived quarter.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveLink {
    /// `2026-Q3`.
    pub quarter: String,
    /// `archive/2026-Q3/index.html`.
    pub url: String,
    /// "30 Sep 2026".
    pub as_of_display: String,
    /// "80 calls · 320 quotes · 12 opportunities".
    pub summary: String,
}

/// Renders the search page, and the archive list when `archives` is given.
pub fn write(
    site: &Site,
    theme: &Theme,
    content: &std::path::Path,
    staging: &dyn super::Sink,
    archives: Option<&[Facts]>,
) -> Result<(), Vec<Diagnostic>> {
    let pages = SitePages::new(site, &[]);
    let mut rendered = Vec::new();
    let search = SearchPage {
        common: pages.common(
            1,
            "Search".into(),
            "search",
            "Search every quote, call and opportunity".into(),
            "search/index.html",
        ),
        scope: format!(
            "Search {}, {} and {}",
            plural(site.quotes.len(), "quote", "quotes"),
            plural(site.calls.len(), "call", "calls"),
            plural(site.opportunities.len(), "opportunity", "opportunities")
        ),
    };
    rendered.push((
        "search/index.html",
        tera::Context::from_serialize(&search).and_then(|c| theme.tera.render("search.html", &c)),
    ));
    if let Some(archives) = archives {
        let page = ArchivePage {
            common: pages.common(
                1,
                "Archive".into(),
                "archive",
                "The site frozen at the end of each archived quarter".into(),
                "archive/index.html",
            ),
            archives: archives
                .iter()
                .rev()
                .map(|f| ArchiveLink {
                    quarter: f.quarter.clone(),
                    url: format!("archive/{}/index.html", f.quarter),
                    as_of_display: f
                        .as_of
                        .parse()
                        .map(display_date)
                        .unwrap_or_else(|_| f.as_of.clone()),
                    summary: format!(
                        "{} · {} · {}",
                        plural(f.calls, "call", "calls"),
                        plural(f.quotes, "quote", "quotes"),
                        plural(f.opportunities, "opportunity", "opportunities")
                    ),
                })
                .collect(),
        };
        rendered.push((
            "archive/index.html",
            tera::Context::from_serialize(&page)
                .and_then(|c| theme.tera.render("archive.html", &c)),
        ));
    }
    let template_dir = content.join("templates");
    let errors: Vec<Diagnostic> = rendered
        .into_iter()
        .filter_map(|(path, html)| match html {
            Ok(html) => staging
                .write(path, html.as_bytes())
                .err()
                .map(|e| Diagnostic::at_file(&e.path, e.message)),
            Err(e) => Some(template_error(&template_dir, &e)),
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
