//! Customer language: how customers talk, and how that changes from round to round.
//!
//! Every quote is a [`corpus::Document`] (its text, its call's day, its customer);
//! the company's copy blocks join the same corpus so both share one vocabulary.
//! From it: lexicon shares per round ([`lexicon`]), sentiment ([`sentiment`]), top,
//! emerging and fading phrases ([`phrases`]), language shift ([`measures`]) and the
//! marketing-language comparison with the copy.

pub mod corpus;
pub mod lexicon;
pub mod measures;
pub mod phrases;
pub mod reviews;
pub mod sentiment;
pub mod tokenize;
mod vader;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::stats::{share, Share};
use crate::model::{CustomerKey, LanguageSettings, Site};
use corpus::{Corpus, Document};
use lexicon::{Hits, Lexicon};
pub use phrases::{CopyPhrase, Mover, PhraseCount, Shift, Trend};
use sentiment::{mean, Mean, Sentiment};
pub use tokenize::Tokenizer;
use tokenize::WordId;

/// What customers' words say, per round and overall.
#[derive(Debug)]
pub struct LanguageFacts {
    /// Number of quote documents; documents from here on are copy blocks.
    pub quote_docs: usize,
    /// The id of each quote document's quote, to find it in a later version of the site.
    pub quote_ids: Vec<String>,
    /// For each copy document (from `quote_docs` on): its page and block index.
    pub copy_docs: Vec<(usize, usize)>,
    /// The three word lists as used.
    pub lexicon: Lexicon,
    /// VADER compound score per quote, −1..1.
    pub sentiment: Vec<f64>,
    /// Per round, same order as `Site::rounds`.
    pub rounds: Vec<RoundLanguage>,
    /// The round emerging and fading phrases are measured in (the latest with quotes).
    pub trend_round: Option<usize>,
    /// Phrases rising in the latest round against all earlier ones, by G² (highest first).
    pub emerging: Vec<Trend>,
    /// Phrases falling in the latest round, by G².
    pub fading: Vec<Trend>,
    /// Shift of the word distribution between consecutive rounds with quotes.
    pub shifts: Vec<Shift>,
    /// Per opportunity: shifts between consecutive rounds in which it was quoted.
    pub opportunity_shifts: Vec<Vec<Shift>>,
    /// Per opportunity: the phrases its customers use, most customers first.
    pub opportunity_phrases: Vec<Vec<PhraseCount>>,
    /// Phrases of positive quotes from at least `marketing_min_customers` customers.
    pub marketing: Vec<MarketingCandidate>,
    /// Phrases at least `marketing_min_customers` customers use that the copy never does.
    pub customer_only: Vec<PhraseCount>,
    /// Phrases of the copy that no customer ever says.
    pub copy_only: Vec<CopyPhrase>,
    /// Per category: the entries customers used, with distinct customers, most first.
    pub entries_used: [Vec<(String, usize)>; 3],
    /// The thresholds and lists used.
    pub settings: LanguageSettings,
    /// Index of the first review document; reviews follow the copy blocks.
    pub first_review_doc: usize,
    /// Calls against reviews; `None` without `reviews/`.
    pub reviews: Option<reviews::ReviewFacts>,
}

/// Language of one round.
#[derive(Debug, Clone)]
pub struct RoundLanguage {
    /// The day charts plot the round at: midway between its first and last day.
    pub date: Option<NaiveDate>,
    /// Distinct customers quoted in the round: the n of every share.
    pub customers: usize,
    /// Quotes in the round.
    pub quotes: usize,
    /// Share of customers using satisfaction, intent and friction words (not negated).
    pub shares: [Share; 3],
    /// Quotes where a category's words appeared only negated ("not easy").
    pub negated: [Vec<usize>; 3],
    /// Mean sentiment of the round's quotes.
    pub sentiment: Option<Mean>,
    /// Its top phrases by distinct customers (at least two).
    pub top: Vec<PhraseCount>,
}

/// A phrase customers use in positive quotes: a candidate for the copy.
#[derive(Debug, Clone)]
pub struct MarketingCandidate {
    /// The phrase, counted over positive quotes only.
    pub phrase: PhraseCount,
    /// Whether the copy already uses it.
    pub in_copy: bool,
}

/// Dense speaker ids for customers: 0, 1, … in `CustomerKey` order.
fn speaker_ids(site: &Site) -> Vec<u32> {
    let keys: BTreeSet<&CustomerKey> = site.calls.iter().map(|c| &c.customer_key).collect();
    let index: BTreeMap<&CustomerKey, u32> = keys
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, i as u32))
        .collect();
    site.calls.iter().map(|c| index[&c.customer_key]).collect()
}

/// Marketing candidates and customer phrases the copy lacks, listed at most: the
/// strongest first. A 10,000-call site has thousands; no reader goes past a few dozen.
pub const LONG_LIST: usize = 50;

/// Analyses every quote and the copy of `site`.
pub fn analyze(site: &Site) -> LanguageFacts {
    let settings = site.settings.language.clone();
    let speaker_of_call = speaker_ids(site);
    let documents = site.quotes.iter().map(|q| Document {
        text: &q.text,
        date: site.calls[q.call].date,
        speaker: speaker_of_call[q.call],
    });
    let scorer = Sentiment;
    // Tokenizing is one thread's work (one vocabulary); scoring sentiment (VADER, the
    // longer of the two at 10,000 calls) runs beside it.
    let (mut corpus, sentiment) = rayon::join(
        || Corpus::new(Tokenizer::new(&settings.stop_words), documents),
        || -> Vec<f64> {
            site.quotes
                .par_iter()
                .map(|q| scorer.score(&q.text))
                .collect()
        },
    );
    let quote_docs = site.quotes.len();
    // Copy pages are "speakers" after every customer, so they never mix with customers.
    let copy_speaker = speaker_of_call.iter().max().map_or(0, |m| m + 1);
    let mut copy_docs = Vec::new();
    for (p, page) in site.copy.iter().enumerate() {
        for (b, block) in page.blocks.iter().enumerate() {
            corpus.push(Document {
                text: block,
                date: NaiveDate::MIN,
                speaker: copy_speaker + p as u32,
            });
            copy_docs.push((p, b));
        }
    }
    // Reviews: each its own speaker, after the customers and the copy pages.
    let first_review_doc = corpus.docs.len();
    let review_speaker = copy_speaker + site.copy.len() as u32;
    for (i, review) in site.reviews.iter().enumerate() {
        corpus.push(Document {
            text: &review.text,
            date: review.date,
            speaker: review_speaker + i as u32,
        });
    }
    let lexicon = Lexicon::new(&settings, &corpus.tokenizer, &mut corpus.vocab);
    // Per quote and per opportunity, the work below is independent: rayon spreads it.
    let hits: Vec<Hits> = (0..quote_docs)
        .into_par_iter()
        .map(|q| lexicon.hits(&corpus.docs[q].clauses, &corpus.vocab))
        .collect();

    let round_quotes: Vec<Vec<usize>> = site
        .rounds
        .iter()
        .map(|r| {
            r.calls
                .iter()
                .flat_map(|&c| site.calls[c].quotes.iter().copied())
                .collect()
        })
        .collect();
    let mut rounds: Vec<RoundLanguage> = site
        .rounds
        .par_iter()
        .zip(&round_quotes)
        .map(|(round, quotes)| {
            let customers = corpus.speakers(quotes.iter().copied());
            let shares = std::array::from_fn(|c| {
                let users: BTreeSet<u32> = quotes
                    .iter()
                    .filter(|&&q| !hits[q].used[c].is_empty())
                    .map(|&q| corpus.docs[q].speaker)
                    .collect();
                share(users.len(), customers)
            });
            let negated = std::array::from_fn(|c| {
                quotes
                    .iter()
                    .copied()
                    .filter(|&q| hits[q].used[c].is_empty() && !hits[q].negated[c].is_empty())
                    .collect()
            });
            let scores: Vec<f64> = quotes.iter().map(|&q| sentiment[q]).collect();
            RoundLanguage {
                date: midpoint(round.start, round.end),
                customers,
                quotes: quotes.len(),
                shares,
                negated,
                sentiment: mean(&scores),
                // From the table of every quote, below.
                top: Vec::new(),
            }
        })
        .collect();

    // Counted now, so that the lexicon hits (20 MB at 30,000 calls) can go.
    let entries_used = std::array::from_fn(|c| {
        // Each quote's hits put its speaker with each entry it used: one pass.
        let mut users: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); lexicon.lists[c].len()];
        for (q, hit) in hits.iter().enumerate() {
            for &e in &hit.used[c] {
                users[e].insert(corpus.docs[q].speaker);
            }
        }
        let mut counts: Vec<(String, usize)> = lexicon.lists[c]
            .iter()
            .zip(&users)
            .map(|(entry, users)| (entry.text.clone(), users.len()))
            .filter(|(_, n)| *n > 0)
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    });
    drop(hits);
    let with_quotes: Vec<usize> = (0..site.rounds.len())
        .filter(|&r| !round_quotes[r].is_empty())
        .collect();
    let trend_round = with_quotes
        .last()
        .copied()
        .filter(|_| with_quotes.len() > 1);
    // The whole-corpus phrase tables are the largest independent parts: on two cores
    // they are made side by side. Every quote is in a round, so the table of all
    // quotes is also that of the trends (the latest round with quotes and all before).
    let (all, copy_table) = rayon::join(
        || corpus.phrases(0..quote_docs),
        || corpus.phrases(quote_docs..first_review_doc),
    );
    // The tables of each round, each opportunity and the positive quotes are parts of
    // the table of every quote, with only the phrases their lists can show: split
    // from it, not read again from every quote.
    let round_of = |q: usize| site.calls[site.quotes[q].call].round;
    let n = settings.marketing_min_customers;
    let (round_tables, (opportunity_tables, positive)) = rayon::join(
        || corpus.split(&all, site.rounds.len(), 2, |q, of| of.push(round_of(q))),
        || {
            rayon::join(
                || {
                    corpus.split(&all, site.opportunities.len(), 2, |q, of| {
                        of.extend(&site.quotes[q].opportunities)
                    })
                },
                || {
                    let mut tables = corpus.split(&all, 1, n, |q, of| {
                        if sentiment[q] >= sentiment::POSITIVE {
                            of.push(0);
                        }
                    });
                    tables.pop().unwrap_or_default()
                },
            )
        },
    );
    rounds
        .par_iter_mut()
        .zip(round_tables)
        .for_each(|(round, table)| {
            round.top = phrases::top(&corpus, &table, 2, settings.top_phrases);
        });
    // Marketing language, first: the table of positive quotes is needed for nothing else.
    let marketing = phrases::top(&corpus, &positive, n, LONG_LIST)
        .into_iter()
        .map(|phrase| MarketingCandidate {
            in_copy: copy_table.contains_key(&phrase.key),
            phrase,
        })
        .collect();
    drop(positive);
    let (emerging, fading) = match trend_round {
        Some(latest) => {
            let earlier: Vec<usize> = round_quotes[..latest].iter().flatten().copied().collect();
            phrases::trends(
                &corpus,
                &round_quotes[latest],
                &earlier,
                &all,
                settings.min_customers,
                round_of,
            )
        }
        None => (Vec::new(), Vec::new()),
    };

    // Each round's (and each opportunity's round's) words are counted once, though
    // a round is on both sides of the shifts it sits between.
    let round_words: Vec<Vec<(WordId, f64)>> = round_quotes
        .par_iter()
        .map(|quotes| corpus.word_counts(quotes.iter().copied()))
        .collect();
    let shifts = with_quotes
        .par_windows(2)
        .map(|w| {
            phrases::shift(
                &corpus,
                (w[0], &round_quotes[w[0]], &round_words[w[0]]),
                (w[1], &round_quotes[w[1]], &round_words[w[1]]),
            )
        })
        .collect();
    // Each opportunity's quotes by round (rounds in order, quotes as in the round):
    // one pass over the quotes, not one per opportunity.
    let mut tagged_by_round: Vec<Vec<(usize, Vec<usize>)>> =
        vec![Vec::new(); site.opportunities.len()];
    for (r, quotes) in round_quotes.iter().enumerate() {
        for &q in quotes {
            let tags = &site.quotes[q].opportunities;
            for (i, &o) in tags.iter().enumerate() {
                if tags[..i].contains(&o) {
                    continue;
                }
                let rounds = &mut tagged_by_round[o];
                match rounds.last_mut() {
                    Some((last, qs)) if *last == r => qs.push(q),
                    _ => rounds.push((r, vec![q])),
                }
            }
        }
    }
    let opportunity_shifts = tagged_by_round
        .par_iter()
        .map(|per_round| {
            let words: Vec<Vec<(WordId, f64)>> = per_round
                .iter()
                .map(|(_, qs)| corpus.word_counts(qs.iter().copied()))
                .collect();
            per_round
                .windows(2)
                .zip(words.windows(2))
                .map(|(w, c)| {
                    phrases::shift(&corpus, (w[0].0, &w[0].1, &c[0]), (w[1].0, &w[1].1, &c[1]))
                })
                .collect()
        })
        .collect();
    // Reviews using each phrase: opportunity pages say it per phrase, so a phrase
    // reviews use is not merged into a longer one they do not.
    let review_counts = corpus.doc_counts(first_review_doc..corpus.docs.len());
    let opportunity_phrases: Vec<Vec<PhraseCount>> = opportunity_tables
        .into_par_iter()
        .map(|table| {
            phrases::top_apart(&corpus, &table, 2, settings.top_phrases, |k| {
                review_counts.get(k).copied().unwrap_or(0) as usize
            })
        })
        .collect();

    let customer_only =
        phrases::top_where(&corpus, &all, n, LONG_LIST, |k| !copy_table.contains_key(k));
    let copy_only = phrases::copy_only(&corpus, &copy_table, &all, &copy_docs, quote_docs);

    let reviews = (!site.reviews.is_empty()).then(|| {
        reviews::compare(
            &corpus,
            &all,
            &review_counts,
            quote_docs,
            first_review_doc,
            site.settings.reviews.threshold,
            &opportunity_phrases,
        )
    });

    LanguageFacts {
        quote_ids: site.quotes.iter().map(|q| q.id.clone()).collect(),
        first_review_doc,
        reviews,
        quote_docs,
        copy_docs,
        lexicon,
        sentiment,
        rounds,
        trend_round,
        emerging,
        fading,
        shifts,
        opportunity_shifts,
        opportunity_phrases,
        marketing,
        customer_only,
        copy_only,
        entries_used,
        settings,
    }
}

/// Midway between two days (the earlier when the gap is odd).
fn midpoint(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<NaiveDate> {
    match (start, end) {
        (Some(s), Some(e)) => Some(s + chrono::Duration::days((e - s).num_days() / 2)),
        (Some(d), None) | (None, Some(d)) => Some(d),
        (None, None) => None,
    }
}
