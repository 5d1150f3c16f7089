//! Permalink stability: the manifest of published quote ids, redirects for old ids,
//! and the report of quote URLs a new build would no longer serve.
//!
//! Every build writes `quotes/manifest.json`, the sorted list of quote ids (and
//! aliases) it serves. The next `build` into the same folder, and `check --against
//! DIR`, compare against it: a bookmarked quote URL that would disappear is named
//! with its call note and how to keep it. A call note keeps an old id alive with
//! `aliases = { old-id = "current-id" }` in its front matter (Zola and Hugo call
//! these `aliases` too): `quotes/old-id/index.html` becomes a redirect page.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::fields::Fields;
use crate::content::notes::CallNote;
use crate::content::quotes::is_quote_id;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{QuoteAlias, Site};
use crate::render::theme::Theme;

/// Where the manifest lives in a built site.
pub const MANIFEST: &str = "quotes/manifest.json";

/// Reads `aliases = { old-id = "current-id" }` from a call note's front matter.
pub fn read_aliases(f: &mut Fields, t: &toml_edit::Table) -> Vec<(String, String, Range<usize>)> {
    let Some(table) = f.table(t, "aliases") else {
        return Vec::new();
    };
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    let mut out = Vec::new();
    for old in keys {
        let span = f.span(table, &old);
        let Some(target) = f.string(table, &old) else {
            continue;
        };
        if !is_quote_id(&old) {
            f.error_at(
                table,
                &old,
                format!("alias `{old}` is not a quote id"),
                "quote ids use letters, digits and `-`; write the old id as it appeared in quotes/<id>/".into(),
            );
            continue;
        }
        out.push((old, target, span));
    }
    out
}

/// Ties every alias to the quote it names; all problems go to `diags`.
pub fn resolve_aliases(
    notes: &[&CallNote],
    quote_ids: &rustc_hash::FxHashMap<&str, usize>,
    diags: &mut Diagnostics,
) -> Vec<QuoteAlias> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut aliases = Vec::new();
    for note in notes {
        let Some(front) = &note.front else { continue };
        for (old, target, span) in &front.aliases {
            let here = note.file.error(span.clone(), "");
            if quote_ids.contains_key(old.to_lowercase().as_str()) {
                diags.push(Diagnostic {
                    message: format!("alias `{old}` is the id of a quote that exists"),
                    hint: Some(
                        "an alias keeps an old id that no quote has any more; remove this entry"
                            .into(),
                    ),
                    ..here
                });
                continue;
            }
            let place = format!("{}:{}", here.path.display(), here.line);
            if let Some(first) = seen.get(&old.to_lowercase()) {
                diags.push(Diagnostic {
                    message: format!("alias `{old}` is given twice (first at {first})"),
                    hint: Some("keep one entry per old id".into()),
                    ..here
                });
                continue;
            }
            seen.insert(old.to_lowercase(), place);
            match quote_ids.get(target.to_lowercase().as_str()) {
                Some(&quote) => aliases.push(QuoteAlias {
                    id: old.clone(),
                    quote,
                }),
                None => {
                    let hint = did_you_mean(target, quote_ids.keys().copied())
                        .unwrap_or_else(|| {
                            "name the quote's current id: its `^id`, or the id in its quotes/<id>/ URL"
                                .into()
                        });
                    diags.push(Diagnostic {
                        message: format!("alias `{old}` points to `{target}`, which is no quote"),
                        hint: Some(hint),
                        ..here
                    });
                }
            }
        }
    }
    aliases.sort_by(|a, b| a.id.cmp(&b.id));
    aliases
}

/// The manifest of a built site: what quote URLs it serves.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Published quotes, sorted by id.
    pub quotes: Vec<ManifestQuote>,
    /// Old ids served as redirects, sorted by id.
    #[serde(default)]
    pub aliases: Vec<ManifestAlias>,
}

/// One published quote.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestQuote {
    /// Its id.
    pub id: String,
    /// Its call note, relative to the content folder.
    pub call: String,
}

/// One redirect.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestAlias {
    /// The old id.
    pub id: String,
    /// The quote it redirects to.
    pub to: String,
}

impl Manifest {
    /// The manifest of `site`.
    pub fn of(site: &Site) -> Manifest {
        let mut quotes: Vec<ManifestQuote> = site
            .quotes
            .iter()
            .map(|q| ManifestQuote {
                id: q.id.clone(),
                call: site.calls[q.call].source.clone(),
            })
            .collect();
        quotes.sort_by(|a, b| a.id.cmp(&b.id));
        let aliases = site
            .aliases
            .iter()
            .map(|a| ManifestAlias {
                id: a.id.clone(),
                to: site.quotes[a.quote].id.clone(),
            })
            .collect();
        Manifest { quotes, aliases }
    }

    /// Reads the manifest of the site built in `dir`, if it has one.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Diagnostic> {
        let path = dir.join(MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Diagnostic::at_file(
                    &path,
                    format!("cannot read this file: {e}"),
                ))
            }
        };
        serde_json::from_str(&text).map(Some).map_err(|e| {
            Diagnostic::at_file(&path, format!("this is not a quote manifest: {e}"))
                .hint("it is written by `verbatim build`; rebuild the site it belongs to")
        })
    }

    /// Whether this manifest could be of a build of `content`: it lists no quote, or
    /// the call note of at least one of its quotes is in `content`. A default output
    /// folder can hold another site's build (`check --content other/` run beside a
    /// built `public/`), and comparing with it would report every quote as vanished.
    pub fn is_of(&self, content: &Path) -> bool {
        self.quotes.is_empty() || self.quotes.iter().any(|q| content.join(&q.call).is_file())
    }

    fn served(&self) -> BTreeSet<String> {
        self.quotes
            .iter()
            .map(|q| q.id.to_lowercase())
            .chain(self.aliases.iter().map(|a| a.id.to_lowercase()))
            .collect()
    }
}

/// Every quote URL `old` served that `new` would not, with how to keep it, as warnings.
///
/// Each names the call note the quote came from (when it still exists) and the
/// quotes of that note that are new, which are usually the same words reworded.
pub fn vanished(
    content: &Path,
    manifest_path: &Path,
    old: &Manifest,
    new: &Manifest,
) -> Vec<Diagnostic> {
    let served = new.served();
    let before = old.served();
    let mut out = Vec::new();
    let old_quotes = old
        .quotes
        .iter()
        .map(|q| (q.id.as_str(), Some(q.call.as_str())))
        .chain(old.aliases.iter().map(|a| {
            let call = old
                .quotes
                .iter()
                .find(|q| q.id == a.to)
                .map(|q| q.call.as_str());
            (a.id.as_str(), call)
        }));
    for (id, call) in old_quotes {
        if served.contains(&id.to_lowercase()) {
            continue;
        }
        let note = call.map(|c| content.join(c)).filter(|p| p.is_file());
        let path: PathBuf = note.clone().unwrap_or_else(|| manifest_path.to_path_buf());
        let fresh: Vec<&str> = call
            .map(|c| {
                new.quotes
                    .iter()
                    .filter(|q| q.call == c && !before.contains(&q.id.to_lowercase()))
                    .map(|q| q.id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let target = fresh.first().copied().unwrap_or("current-id");
        let mut hint = format!(
            "keep the URL: end the quote's last line with `^{id}`, or redirect it by adding `aliases = {{ {id} = \"{target}\" }}` to the front matter of the call note"
        );
        match (&note, fresh.is_empty()) {
            (Some(_), false) => hint.push_str(&format!(
                "; this note's quotes not published before: {}",
                fresh
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            (Some(_), true) => {}
            (None, _) => hint.push_str(&format!(
                " (it came from {}, which no longer exists)",
                call.unwrap_or("a call note")
            )),
        }
        out.push(
            Diagnostic::at_file(
                &path,
                format!(
                    "quote URL quotes/{id}/index.html was published and would no longer be served"
                ),
            )
            .hint(hint)
            .warning(),
        );
    }
    out
}

/// Whether `a` and `b` publish the same quote URLs, redirects and manifest: the same
/// quotes (ids and call notes, in order) and the same aliases. `serve` then leaves
/// the manifest as it is rather than rewrite 40,000 entries for an edited word.
pub fn same_urls(a: &Site, b: &Site) -> bool {
    fn urls(s: &Site) -> impl Iterator<Item = (&str, &str)> {
        s.quotes
            .iter()
            .map(|q| (q.id.as_str(), s.calls[q.call].source.as_str()))
    }
    fn aliases(s: &Site) -> impl Iterator<Item = (&str, &str)> {
        s.aliases
            .iter()
            .map(|x| (x.id.as_str(), s.quotes[x.quote].id.as_str()))
    }
    urls(a).eq(urls(b)) && aliases(a).eq(aliases(b))
}

/// Writes the manifest and a redirect page for every alias.
pub fn write(
    site: &Site,
    theme: &Theme,
    staging: &dyn crate::render::Sink,
) -> Result<(), Vec<Diagnostic>> {
    let manifest = Manifest::of(site);
    let json = serde_json::to_string_pretty(&manifest).expect("a manifest serialises");
    let mut errors = Vec::new();
    if let Err(e) = staging.write(MANIFEST, json.as_bytes()) {
        errors.push(Diagnostic::at_file(&e.path, e.message));
    }
    for alias in &site.aliases {
        let quote = &site.quotes[alias.quote];
        let view = RedirectPage {
            title: crate::render::pages::excerpt(&quote.text, 70),
            url: format!("../{}/index.html", quote.id),
            canonical: site
                .settings
                .base_url
                .as_ref()
                .map(|b| format!("{b}/quotes/{}/", quote.id)),
            site: crate::render::view::site_view(site),
            root: "../../".into(),
        };
        let rendered = tera::Context::from_serialize(&view)
            .and_then(|c| theme.tera.render("redirect.html", &c));
        match rendered {
            Ok(html) => {
                let html = with_frozen_banner(html, &view);
                if let Err(e) =
                    staging.write(&format!("quotes/{}/index.html", alias.id), html.as_bytes())
                {
                    errors.push(Diagnostic::at_file(&e.path, e.message));
                }
            }
            Err(e) => errors.push(crate::render::theme::template_error(
                Path::new("templates"),
                &e,
            )),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// In an archive, the redirect page gets the banner every archived page has, so one
/// opened without following the redirect (refresh turned off, a link checker) still
/// says it is a snapshot. The theme's `redirect.html` does not extend `base.html`, which
/// writes the banner; a template that writes one itself (`site.frozen`) is left alone.
fn with_frozen_banner(html: String, view: &RedirectPage) -> String {
    let Some(frozen) = &view.site.frozen else {
        return html;
    };
    if html.contains("frozen-banner") {
        return html;
    }
    let Some(at) = html
        .find("<body")
        .and_then(|b| html[b..].find('>').map(|e| b + e + 1))
    else {
        return html;
    };
    let live = match &frozen.live_url {
        Some(url) => crate::render::theme::escape_html(url),
        None => format!("{}../../index.html", view.root),
    };
    let banner = format!(
        "\n<div class=\"frozen-banner\" role=\"note\"><div class=\"wrap\">Frozen snapshot: the site as it stood at the end of {} ({}). It does not change. <a href=\"{live}\">See the live site</a></div></div>",
        crate::render::theme::escape_html(&frozen.quarter),
        crate::render::theme::escape_html(&frozen.as_of_display),
    );
    format!("{}{banner}{}", &html[..at], &html[at..])
}

/// What `redirect.html` receives.
#[derive(Debug, Clone, Serialize)]
pub struct RedirectPage {
    /// The quote's opening words.
    pub title: String,
    /// Relative URL of the quote page.
    pub url: String,
    /// Absolute URL of the quote page, when `base_url` is set.
    pub canonical: Option<String>,
    /// Site-wide fields, as every page has them; `site.frozen` is set in an archive.
    pub site: crate::render::view::SiteView,
    /// Relative prefix from the redirect page to the site root: `"../../"`.
    pub root: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(quotes: &[(&str, &str)], aliases: &[(&str, &str)]) -> Manifest {
        Manifest {
            quotes: quotes
                .iter()
                .map(|(id, call)| ManifestQuote {
                    id: id.to_string(),
                    call: call.to_string(),
                })
                .collect(),
            aliases: aliases
                .iter()
                .map(|(id, to)| ManifestAlias {
                    id: id.to_string(),
                    to: to.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn names_vanished_ids_with_the_new_quotes_of_their_note() {
        let old = manifest(&[("a-1", "calls/a.md"), ("b-1", "calls/b.md")], &[]);
        let new = manifest(&[("a-2", "calls/a.md"), ("b-1", "calls/b.md")], &[]);
        let found = vanished(Path::new("/none"), Path::new("m.json"), &old, &new);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("quotes/a-1/index.html"));
        let hint = found[0].hint.as_deref().unwrap();
        assert!(
            hint.contains("`^a-1`") && hint.contains("a-1 = \"a-2\""),
            "{hint}"
        );
    }

    #[test]
    fn an_archived_redirect_page_gets_the_banner_once() {
        let view = RedirectPage {
            title: "t".into(),
            url: "../a/index.html".into(),
            canonical: None,
            site: crate::render::view::SiteView {
                title: "T".into(),
                company: String::new(),
                currency: "USD".into(),
                version: "0",
                csp: "",
                frozen: Some(crate::render::view::FrozenView {
                    quarter: "2026-Q3".into(),
                    as_of_display: "30 Sep 2026".into(),
                    live_url: None,
                }),
            },
            root: "../../".into(),
        };
        let page = with_frozen_banner(
            "<html><body class=\"x\">\n<p>moved</p></body></html>".into(),
            &view,
        );
        assert!(
            page.starts_with("<html><body class=\"x\">\n<div class=\"frozen-banner\""),
            "{page}"
        );
        assert!(page.contains("(30 Sep 2026). It does not change. <a href=\"../../../../index.html\">See the live site</a>"), "{page}");
        assert_eq!(
            with_frozen_banner(page.clone(), &view),
            page,
            "a template's own banner is kept"
        );
        let live = RedirectPage {
            site: crate::render::view::SiteView {
                frozen: None,
                ..view.site.clone()
            },
            ..view
        };
        assert_eq!(
            with_frozen_banner("<body>x</body>".into(), &live),
            "<body>x</body>"
        );
    }

    #[test]
    fn an_alias_keeps_an_id_served() {
        let old = manifest(&[("a-1", "calls/a.md")], &[]);
        let new = manifest(&[("a-2", "calls/a.md")], &[("A-1", "a-2")]);
        assert!(vanished(Path::new("/none"), Path::new("m.json"), &old, &new).is_empty());
    }
}
