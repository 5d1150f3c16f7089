//! Evidence per opportunity: its quotes, distinct customers, first round and lead quote.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use crate::model::{CustomerKey, Site};

/// The quote that leads an opportunity's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    /// Index into `Site::quotes`.
    pub quote: usize,
    /// True when `lead` was not set and the rule below chose it.
    pub picked: bool,
}

/// What the evidence says about one opportunity.
#[derive(Debug, Clone)]
pub struct OpportunityFacts {
    /// Tagged quotes, newest call first, note order within a call.
    pub quotes: Vec<usize>,
    /// Distinct customers among those quotes.
    pub evidence: usize,
    /// `impact^a × (6 − complexity)^b`.
    pub score: f64,
    /// Impact ≥ 4 and complexity ≤ 2.
    pub quick_win: bool,
    /// The lead quote, explicit or picked.
    pub lead: Option<Lead>,
    /// The round of the oldest tagged quote.
    pub first_raised: Option<usize>,
    /// 1-based position in its bucket's ranking.
    pub rank: usize,
}

/// Impact at least 4 and complexity at most 2, as the format page defines it.
pub fn is_quick_win(impact: u8, complexity: u8) -> bool {
    impact >= 4 && complexity <= 2
}

/// Facts for every opportunity, in `Site::opportunities` order.
pub fn opportunity_facts(site: &Site) -> Vec<OpportunityFacts> {
    let mut tagged: Vec<Vec<usize>> = vec![Vec::new(); site.opportunities.len()];
    for (q, quote) in site.quotes.iter().enumerate() {
        for &o in &quote.opportunities {
            tagged[o].push(q);
        }
    }
    site.opportunities
        .iter()
        .zip(tagged)
        .map(|(opportunity, mut quotes)| {
            // Quotes are stored in call order (oldest first); show newest calls first.
            quotes.sort_by_key(|&q| (Reverse(site.quotes[q].call), q));
            let customers: BTreeSet<&CustomerKey> = quotes
                .iter()
                .map(|&q| &site.calls[site.quotes[q].call].customer_key)
                .collect();
            let first_raised = quotes
                .iter()
                .map(|&q| site.quotes[q].call)
                .min()
                .map(|c| site.calls[c].round);
            let lead = match opportunity.lead {
                Some(quote) => Some(Lead {
                    quote,
                    picked: false,
                }),
                None => pick_lead(site, &quotes).map(|quote| Lead {
                    quote,
                    picked: true,
                }),
            };
            OpportunityFacts {
                evidence: customers.len(),
                score: super::ranking::score(site, opportunity.impact, opportunity.complexity),
                quick_win: is_quick_win(opportunity.impact, opportunity.complexity),
                lead,
                first_raised,
                rank: 0,
                quotes,
            }
        })
        .collect()
}

/// Whether a quote's text carries one of the marks redaction leaves.
fn shows_redaction(text: &str) -> bool {
    crate::privacy::MARKS.iter().any(|mark| text.contains(mark))
}

/// The automatic lead: the newest quote tagged with this opportunity alone (a quote
/// about several things makes a weaker lead); if every quote carries other tags,
/// the newest of all. Within one call, the longest such quote. Quotes with
/// redacted details ("ring me on (phone redacted)") lead only when no other can.
fn pick_lead(site: &Site, newest_first: &[usize]) -> Option<usize> {
    let clean = |q: usize| !shows_redaction(&site.quotes[q].text);
    let single = |q: usize| site.quotes[q].opportunities.len() == 1;
    // The first kind of quote that any quote is, best first; each quote is tested
    // only until one is found (a test for redaction marks reads the whole text).
    let kinds: [&dyn Fn(usize) -> bool; 4] =
        [&|q| clean(q) && single(q), &clean, &single, &|_| true];
    kinds.iter().find_map(|is| {
        let at = newest_first.iter().position(|&q| is(q))?;
        let newest_call = site.quotes[newest_first[at]].call;
        // A call's quotes sit together: the list is sorted by call.
        newest_first[at..]
            .iter()
            .copied()
            .take_while(|&q| site.quotes[q].call == newest_call)
            .filter(|&q| is(q))
            .max_by_key(|&q| (site.quotes[q].text.len(), Reverse(q)))
    })
}
