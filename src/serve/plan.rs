//! Which pages an edit touches: the incremental half of `serve`.
//!
//! Only edits to call notes are rebuilt incrementally; anything else (`site.toml`,
//! an opportunity, `_round.toml`, templates, static files, metrics) can change
//! every page and gets a full build. For edited call notes the pages to render are
//! the calls themselves, their quotes, the opportunities their quotes are tagged
//! with (before and after the edit) or that they follow up, their rounds, every
//! page whose numbers changed (an opportunity whose rank, score or evidence moved,
//! a round whose "first raised here" list moved), and the site-wide index pages.
//! Pages of other calls and quotes show nothing an edit elsewhere can change.

use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path};

use crate::analysis::Analysis;
use crate::model::Site;
use crate::render::{every_page, Page};

/// What an edit asks of the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Rebuild the whole site.
    Full,
    /// Render these pages of the new site and delete these paths of the old one.
    Pages {
        /// Pages of the new site to render.
        render: Vec<Page>,
        /// Site-relative paths of pages that no longer exist.
        remove: Vec<String>,
    },
}

/// Whether a changed path (relative to the content folder) can change the site:
/// not hidden (`.git`, `_drafts/`), not an editor's backup or swap file.
pub fn is_content(rel: &Path) -> bool {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some((name, folders)) = parts.split_last() else {
        return false;
    };
    let hidden = |s: &str| s.starts_with('.') || s.starts_with('_');
    if folders.iter().any(|f| hidden(f)) || (hidden(name) && name != "_round.toml") {
        return false;
    }
    // Emacs (`#x#`, `x~`) and Vim (`4913`, a probe file it writes before saving).
    let backup = name.ends_with('~') || name.starts_with('#');
    let probe = !name.contains('.') && name.chars().all(|c| c.is_ascii_digit());
    !backup && !probe
}

/// Whether an edit of this path can be rebuilt incrementally: a call note.
pub fn is_call_note(rel: &Path) -> bool {
    rel.starts_with("calls") && rel.extension().is_some_and(|x| x == "md")
}

/// The `/`-separated form `Call::source` uses.
pub use crate::content::slash_path;

/// The numbers an opportunity's page shows about itself.
#[derive(PartialEq)]
struct Numbers<'a> {
    rank: usize,
    score: u64,
    evidence: usize,
    quotes: usize,
    quick_win: bool,
    lead: Option<&'a str>,
    verdict: Option<&'static str>,
}

/// A site with its analysis.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    /// The loaded site.
    pub site: &'a Site,
    /// What was derived from it.
    pub analysis: &'a Analysis,
}

impl Snapshot<'_> {
    /// Calls whose note is one of `sources`.
    fn calls_from(&self, sources: &BTreeSet<String>) -> Vec<usize> {
        (0..self.site.calls.len())
            .filter(|&c| sources.contains(&self.site.calls[c].source))
            .collect()
    }

    /// Slugs of the opportunities these calls' quotes are tagged with or that they follow up.
    fn opportunities_of(&self, calls: &[usize], into: &mut BTreeSet<String>) {
        for &c in calls {
            let call = &self.site.calls[c];
            for &q in &call.quotes {
                for &o in &self.site.quotes[q].opportunities {
                    into.insert(self.site.opportunities[o].slug.clone());
                }
            }
            if let Some(f) = &call.follow_up {
                into.insert(self.site.opportunities[f.opportunity].slug.clone());
            }
        }
    }

    /// What an opportunity's own row shows, to see whether an edit elsewhere moved it.
    fn numbers(&self, o: usize) -> Numbers<'_> {
        let facts = &self.analysis.opportunities[o];
        Numbers {
            rank: facts.rank,
            score: facts.score.to_bits(),
            evidence: facts.evidence,
            quotes: facts.quotes.len(),
            quick_win: facts.quick_win,
            lead: facts.lead.map(|l| self.site.quotes[l.quote].id.as_str()),
            verdict: self
                .analysis
                .validations
                .get(&o)
                .map(|v| v.verdict.as_str()),
        }
    }

    /// Slugs of the opportunities first raised in round `r`.
    fn first_raised(&self, r: usize) -> Vec<&str> {
        self.analysis.rounds[r]
            .new_opportunities
            .iter()
            .map(|&o| self.site.opportunities[o].slug.as_str())
            .collect()
    }

    fn round_named(&self, name: &str) -> Option<usize> {
        self.site.rounds.iter().position(|r| r.name == name)
    }
}

/// The pages of `new` that editing the call notes at `sources` (`/`-separated,
/// relative to the content folder) touches, given the site as it was before.
pub fn after_call_edits(old: Snapshot, new: Snapshot, sources: &BTreeSet<String>) -> Plan {
    if old.analysis.today != new.analysis.today
        || old.site.opportunities.len() != new.site.opportunities.len()
    {
        return Plan::Full;
    }
    let old_calls = old.calls_from(sources);
    let new_calls = new.calls_from(sources);

    let mut opportunities = BTreeSet::new();
    old.opportunities_of(&old_calls, &mut opportunities);
    new.opportunities_of(&new_calls, &mut opportunities);
    for (o, opp) in new.site.opportunities.iter().enumerate() {
        match old.site.opportunity(&opp.slug) {
            Some(before) if old.numbers(before) == new.numbers(o) => {}
            _ => {
                opportunities.insert(opp.slug.clone());
            }
        }
    }

    let mut rounds: BTreeSet<String> = BTreeSet::new();
    for &c in &old_calls {
        rounds.insert(old.site.rounds[old.site.calls[c].round].name.clone());
    }
    for &c in &new_calls {
        rounds.insert(new.site.rounds[new.site.calls[c].round].name.clone());
    }
    for (r, round) in new.site.rounds.iter().enumerate() {
        match old.round_named(&round.name) {
            Some(before) if old.first_raised(before) == new.first_raised(r) => {}
            _ => {
                rounds.insert(round.name.clone());
            }
        }
    }

    let new_calls: HashSet<usize> = new_calls.into_iter().collect();
    let render: Vec<Page> = every_page(new.site)
        .into_iter()
        .filter(|&page| {
            #[allow(unreachable_patterns)]
            match page {
                Page::Dashboard | Page::Ranking | Page::Rounds => true,
                Page::Opportunity(o) => opportunities.contains(&new.site.opportunities[o].slug),
                Page::Round(r) => rounds.contains(&new.site.rounds[r].name),
                Page::Call(c) => new_calls.contains(&c),
                Page::Quote(q) => new_calls.contains(&new.site.quotes[q].call),
                // A kind of page this planner does not know yet: always render it.
                _ => true,
            }
        })
        .collect();

    let rendered: HashSet<String> = render.iter().map(|p| p.path(new.site)).collect();
    let mut gone: Vec<Page> = Vec::new();
    for &c in &old_calls {
        let call = &old.site.calls[c];
        gone.push(Page::Call(c));
        gone.extend(call.quotes.iter().map(|&q| Page::Quote(q)));
        if new.round_named(&old.site.rounds[call.round].name).is_none() {
            gone.push(Page::Round(call.round));
        }
    }
    let mut remove: Vec<String> = gone
        .into_iter()
        .map(|p| p.path(old.site))
        .filter(|path| !rendered.contains(path))
        .collect();
    remove.sort();
    remove.dedup();
    Plan::Pages { render, remove }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_drafts_are_not_content() {
        for rel in [
            "calls/.2026-08-14-sarah.md.swp",
            "calls/2026-08-14-sarah.md~",
            "calls/#2026-08-14-sarah.md#",
            "calls/4913",
            "calls/_drafts/2026-08-20-x.md",
            ".git/index",
        ] {
            assert!(!is_content(Path::new(rel)), "{rel}");
        }
        for rel in [
            "calls/2026-08/2026-08-14-sarah.md",
            "calls/2026-08/_round.toml",
            "site.toml",
            "templates/quote.html",
            "calls/2026-09-new-round",
        ] {
            assert!(is_content(Path::new(rel)), "{rel}");
        }
        assert!(is_call_note(Path::new("calls/2026-08/2026-08-14-sarah.md")));
        assert!(!is_call_note(Path::new("calls/2026-08/_round.toml")));
        assert!(!is_call_note(Path::new("opportunities/mobile-checkout.md")));
    }
}
