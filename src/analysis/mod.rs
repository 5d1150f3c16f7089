//! Derived facts: evidence, scores, ranking, lead quotes and totals.
//!
//! Pure functions of the [`Site`]; every list is sorted so output is deterministic.

pub mod evidence;
pub mod follow_up;
pub mod language;
pub mod metrics;
pub mod ranking;
pub mod stats;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::model::{Bucket, CustomerKey, Site};
pub use evidence::{Lead, OpportunityFacts};
pub use follow_up::{Validation, Verdict};

/// What the analysis derived from a site.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Per opportunity, same order as `Site::opportunities`.
    pub opportunities: Vec<OpportunityFacts>,
    /// Per bucket (Fix, Fill, Future), opportunity indexes in rank order.
    pub ranking: [Vec<usize>; 3],
    /// Quick wins across buckets, best first.
    pub quick_wins: Vec<usize>,
    /// Per round, same order as `Site::rounds`.
    pub rounds: Vec<RoundFacts>,
    /// Whole-site totals.
    pub totals: Totals,
    /// Follow-up validation of each launched opportunity, by opportunity index.
    pub validations: BTreeMap<usize, Validation>,
    /// The day the analysis is as of (windows open, days left).
    pub today: NaiveDate,
    /// How customers talk: lexicon shares, phrases, shift, marketing language.
    pub language: Arc<language::LanguageFacts>,
    /// When `language` is of an earlier version of the site (see
    /// [`analyze_with_earlier_language`]): for each of its quote documents, the index
    /// of that quote now, `None` if it is gone. `None` when `language` is of this site.
    pub earlier_language_quotes: Option<Vec<Option<usize>>>,
}

impl Analysis {
    /// The quote that document `doc` of the language facts is in this site.
    pub fn quote_of_doc(&self, doc: usize) -> Option<usize> {
        match &self.earlier_language_quotes {
            None => Some(doc),
            Some(map) => map.get(doc).copied().flatten(),
        }
    }
}

/// Counts for one round.
#[derive(Debug, Clone, Default)]
pub struct RoundFacts {
    /// Calls in the round.
    pub calls: usize,
    /// Distinct customers called.
    pub customers: usize,
    /// Quotes heard.
    pub quotes: usize,
    /// Opportunities first raised in this round.
    pub new_opportunities: Vec<usize>,
    /// Per opportunity tagged in the round, its quotes (note order).
    pub quotes_by_opportunity: Vec<(usize, Vec<usize>)>,
    /// Quotes tagged with no opportunity.
    pub untagged_quotes: Vec<usize>,
}

/// Counts for the whole site.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// Calls.
    pub calls: usize,
    /// Distinct customers.
    pub customers: usize,
    /// Quotes.
    pub quotes: usize,
    /// Rounds.
    pub rounds: usize,
    /// Opportunities.
    pub opportunities: usize,
    /// Opportunities per bucket, Fix, Fill, Future.
    pub per_bucket: [usize; 3],
}

/// Position of a bucket in per-bucket arrays.
pub fn bucket_index(bucket: Bucket) -> usize {
    match bucket {
        Bucket::Fix => 0,
        Bucket::Fill => 1,
        Bucket::Future => 2,
    }
}

fn distinct_customers<'a>(site: &'a Site, calls: impl Iterator<Item = usize>) -> usize {
    calls
        .map(|c| &site.calls[c].customer_key)
        .collect::<BTreeSet<&'a CustomerKey>>()
        .len()
}

/// Derives every fact the pages show, as of `today`.
pub fn analyze(site: &Site, today: NaiveDate) -> Analysis {
    analyze_calls(site, today, Arc::new(language::analyze(site)), None)
}

/// Every fact of `site` but its customer language, which is taken from `earlier`, the
/// language of an earlier version of the site. Analysing language is most of an
/// analysis (seconds at 10,000 calls): `serve` shows an edited note's pages with this
/// at once, and the language pages when a full analysis is done.
pub fn analyze_with_earlier_language(
    site: &Site,
    today: NaiveDate,
    earlier: Arc<language::LanguageFacts>,
) -> Analysis {
    let now: rustc_hash::FxHashMap<&str, usize> = site
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let map = earlier
        .quote_ids
        .iter()
        .map(|id| now.get(id.as_str()).copied())
        .collect();
    analyze_calls(site, today, earlier, Some(map))
}

/// Everything but the language analysis, which is given.
fn analyze_calls(
    site: &Site,
    today: NaiveDate,
    language: Arc<language::LanguageFacts>,
    earlier_language_quotes: Option<Vec<Option<usize>>>,
) -> Analysis {
    let mut opportunities = evidence::opportunity_facts(site);
    let ranking = ranking::rank(site, &opportunities);
    ranking::assign_ranks(&mut opportunities, &ranking);
    let quick_wins = ranking::quick_wins(site, &opportunities);

    let mut rounds: Vec<RoundFacts> = site
        .rounds
        .iter()
        .map(|round| {
            let mut facts = RoundFacts {
                calls: round.calls.len(),
                customers: distinct_customers(site, round.calls.iter().copied()),
                ..RoundFacts::default()
            };
            let mut by_opportunity: Vec<Vec<usize>> = vec![Vec::new(); site.opportunities.len()];
            for &c in &round.calls {
                for &q in &site.calls[c].quotes {
                    facts.quotes += 1;
                    let tags = &site.quotes[q].opportunities;
                    if tags.is_empty() {
                        facts.untagged_quotes.push(q);
                    }
                    for &o in tags {
                        by_opportunity[o].push(q);
                    }
                }
            }
            facts.quotes_by_opportunity = by_opportunity
                .into_iter()
                .enumerate()
                .filter(|(_, qs)| !qs.is_empty())
                .collect();
            // Most-quoted opportunities first, then by title.
            facts.quotes_by_opportunity.sort_by(|(a, qa), (b, qb)| {
                qb.len().cmp(&qa.len()).then_with(|| {
                    site.opportunities[*a]
                        .title
                        .cmp(&site.opportunities[*b].title)
                })
            });
            facts
        })
        .collect();
    for (o, facts) in opportunities.iter().enumerate() {
        if let Some(r) = facts.first_raised {
            rounds[r].new_opportunities.push(o);
        }
    }

    let mut per_bucket = [0; 3];
    for o in &site.opportunities {
        per_bucket[bucket_index(o.bucket)] += 1;
    }
    let totals = Totals {
        calls: site.calls.len(),
        customers: distinct_customers(site, 0..site.calls.len()),
        quotes: site.quotes.len(),
        rounds: site.rounds.len(),
        opportunities: site.opportunities.len(),
        per_bucket,
    };
    Analysis {
        opportunities,
        ranking,
        quick_wins,
        rounds,
        totals,
        validations: follow_up::validations(site, today),
        today,
        language,
        earlier_language_quotes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::tests::{sample_copy, LUIS};

    #[test]
    fn earlier_language_finds_its_quotes_again_by_id() {
        let dir = sample_copy();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let before = crate::content::load(dir.path()).ok().unwrap().site;
        let earlier = analyze(&before, today).language;
        // Luis's note goes: every later quote moves down the list.
        std::fs::remove_file(dir.path().join(LUIS)).unwrap();
        let after = crate::content::load(dir.path()).ok().unwrap().site;
        let analysis = analyze_with_earlier_language(&after, today, earlier);

        let mut gone = 0;
        for (doc, quote) in before.quotes.iter().enumerate() {
            match analysis.quote_of_doc(doc) {
                Some(now) => assert_eq!(after.quotes[now].id, quote.id),
                None => {
                    assert!(quote.id.starts_with("2026-02-04-luis"), "{}", quote.id);
                    gone += 1;
                }
            }
        }
        assert_eq!(gone, before.quotes.len() - after.quotes.len());
        assert!(gone > 0);
        // Of this site's own language, every document is its quote.
        assert_eq!(analyze(&after, today).quote_of_doc(3), Some(3));
    }
}
