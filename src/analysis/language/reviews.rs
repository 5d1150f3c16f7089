//! Calls against reviews: how long before reviews the calls hear a phrase, and the
//! phrases one corpus uses far more than the other. Reviews are documents of the same
//! corpus as quotes (one speaker per review), so both share the tokenizer and counts.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;

use super::corpus::{drop_contained, Corpus, PhraseTable};
use super::measures::g2;
use super::phrases::PhraseCount;
use super::tokenize::PhraseKey;

/// Phrases listed per side of the gap.
pub const GAP_PHRASES: usize = 20;
/// Review excerpts shown per phrase.
pub const REVIEW_EXCERPTS: usize = 3;

/// When calls heard a phrase and when reviews caught up.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    /// The phrase over call quotes (documents are quote indexes).
    pub phrase: PhraseCount,
    /// The day the `threshold`-th distinct customer first said it on a call.
    pub calls_reached: NaiveDate,
    /// The day of the first review using it, if any.
    pub first_review: Option<NaiveDate>,
    /// The day the `threshold`-th review used it, if it got there.
    pub reviews_reached: Option<NaiveDate>,
    /// Reviews using it.
    pub reviews: usize,
    /// Days from `calls_reached` to `reviews_reached` (negative: reviews were first).
    pub lead_days: Option<i64>,
    /// The first reviews using it (indexes into `Site::reviews`), oldest first.
    pub review_examples: Vec<usize>,
}

/// A phrase one corpus uses far more than the other.
#[derive(Debug, Clone, PartialEq)]
pub struct GapPhrase {
    /// The phrase; `docs` are call quotes (may be empty for reviews-only phrases).
    pub phrase: PhraseCount,
    /// Distinct customers using it on calls.
    pub customers: usize,
    /// Reviews using it.
    pub reviews: usize,
    /// Log-likelihood G² of customers against reviews.
    pub g2: f64,
    /// A few reviews using it (indexes into `Site::reviews`).
    pub review_examples: Vec<usize>,
}

/// What the reviews say against the calls.
#[derive(Debug, Clone, Default)]
pub struct ReviewFacts {
    /// Reviews read.
    pub reviews: usize,
    /// Customers (calls) or reviews a phrase needs.
    pub threshold: usize,
    /// Phrases heard on calls by `threshold` customers that reached `threshold` reviews:
    /// phrases of two or more words first, then longest lead first.
    pub reached: Vec<Lead>,
    /// Phrases heard on calls that have not reached reviews: "calls only, so far";
    /// phrases of two or more words first, then newest first.
    pub calls_only: Vec<Lead>,
    /// Median of `reached`'s lead in days.
    pub median_lead_days: Option<f64>,
    /// Phrases customers use on calls far more than reviews do, by G².
    pub calls_more: Vec<GapPhrase>,
    /// Phrases reviews use far more than customers on calls, by G².
    pub reviews_more: Vec<GapPhrase>,
    /// Per opportunity, for each of its phrases (as in `opportunity_phrases`): reviews using it.
    pub opportunity_reviews: Vec<Vec<usize>>,
}

/// The day the `n`-th distinct speaker of `docs` first used a phrase.
fn reached(corpus: &Corpus, docs: &[u32], n: usize) -> Option<NaiveDate> {
    let mut seen = BTreeSet::new();
    let mut ordered = docs.to_vec();
    ordered.sort_by_key(|&d| (corpus.docs[d as usize].date, d));
    for d in ordered {
        let doc = &corpus.docs[d as usize];
        seen.insert(doc.speaker);
        if seen.len() >= n {
            return Some(doc.date);
        }
    }
    None
}

/// Compares call quotes (documents `0..quotes`) with reviews (documents
/// `first_review..`), given the call phrase table `calls`, the reviews using each
/// phrase (`counts`, [`Corpus::doc_counts`] of the reviews) and each opportunity's
/// phrases.
pub fn compare(
    corpus: &Corpus,
    calls: &PhraseTable,
    counts: &HashMap<PhraseKey, u32>,
    quotes: usize,
    first_review: usize,
    threshold: usize,
    opportunity_phrases: &[Vec<PhraseCount>],
) -> ReviewFacts {
    let review_docs = first_review..corpus.docs.len();
    let n_reviews = review_docs.len();
    // Every call phrase at the threshold, a shorter one merged into a longer one only
    // when reviews use both alike: their leads are then the same.
    let heard = super::phrases::top_apart(corpus, calls, threshold, usize::MAX, |k| {
        counts.get(k).copied().unwrap_or(0) as usize
    });
    let mut keep: HashSet<PhraseKey> = heard.iter().map(|p| p.key).collect();
    keep.extend(opportunity_phrases.iter().flatten().map(|p| p.key));
    let customers = corpus.speakers(0..quotes);
    // Reviews-only candidates need their documents too, for excerpts.
    let review_heavy: Vec<(PhraseKey, (usize, usize))> = {
        let mut list: Vec<(PhraseKey, (usize, usize))> = counts
            .iter()
            .filter(|(_, &b)| b as usize >= threshold)
            .map(|(k, &b)| {
                (
                    *k,
                    (calls.get(k).map_or(0, |u| u.speakers as usize), b as usize),
                )
            })
            .filter(|(_, (a, b))| {
                (*b as f64) / (n_reviews.max(1) as f64) > (*a as f64) / (customers.max(1) as f64)
            })
            .collect();
        list.sort_by_key(|(k, _)| *k);
        list
    };
    // Rank both sides of the gap on counts alone, so that only the phrases shown need
    // their review documents.
    let select = |list: Vec<(PhraseKey, (usize, usize))>| -> Vec<(PhraseKey, (usize, usize), f64)> {
        let mut ranked: Vec<(PhraseKey, (usize, usize), f64)> = drop_contained(list)
            .into_iter()
            .map(|(k, (a, b))| (k, (a, b), g2(a, customers, b, n_reviews)))
            .collect();
        ranked.sort_by(|x, y| y.2.total_cmp(&x.2).then_with(|| x.0.cmp(&y.0)));
        ranked.truncate(GAP_PHRASES);
        ranked
    };
    let review_heavy = select(review_heavy);
    let call_heavy: Vec<(PhraseKey, (usize, usize), f64)> = {
        let mut list: Vec<(PhraseKey, (usize, usize))> = heard
            .iter()
            .map(|p| {
                (
                    p.key,
                    (
                        p.speakers,
                        counts.get(&p.key).copied().unwrap_or(0) as usize,
                    ),
                )
            })
            .filter(|(_, (a, b))| {
                (*a as f64) / (customers.max(1) as f64) > (*b as f64) / (n_reviews.max(1) as f64)
            })
            .collect();
        list.sort_by_key(|(k, _)| *k);
        select(list)
    };
    keep.extend(review_heavy.iter().map(|(k, _, _)| *k));
    let in_reviews = corpus.phrases_among(review_docs.clone(), &keep);
    let review_examples = |key: &PhraseKey| -> Vec<usize> {
        in_reviews.get(key).map_or_else(Vec::new, |u| {
            let mut docs: Vec<usize> = u.docs.iter().map(|&d| d as usize).collect();
            docs.sort_by_key(|&d| (corpus.docs[d].date, d));
            docs.into_iter()
                .take(REVIEW_EXCERPTS)
                .map(|d| d - first_review)
                .collect()
        })
    };

    let mut reached_list = Vec::new();
    let mut calls_only = Vec::new();
    for phrase in heard.iter().cloned() {
        let Some(calls_reached) = reached(corpus, &phrase.docs, threshold) else {
            continue;
        };
        let review_use: &[u32] = in_reviews.get(&phrase.key).map_or(&[], |u| &u.docs);
        let first = review_use
            .iter()
            .map(|&d| corpus.docs[d as usize].date)
            .min();
        let reviews_reached = reached(corpus, review_use, threshold);
        let lead = Lead {
            review_examples: review_examples(&phrase.key),
            reviews: review_use.len(),
            lead_days: reviews_reached.map(|r| (r - calls_reached).num_days()),
            first_review: first,
            reviews_reached,
            calls_reached,
            phrase,
        };
        if lead.reviews_reached.is_some() {
            reached_list.push(lead);
        } else {
            calls_only.push(lead);
        }
    }
    // Phrases of two or more words first, as elsewhere: single words are topics.
    let multi = |l: &Lead| l.phrase.key.len() > 1;
    reached_list.sort_by(|a, b| {
        multi(b)
            .cmp(&multi(a))
            .then_with(|| b.lead_days.cmp(&a.lead_days))
            .then_with(|| a.phrase.text.cmp(&b.phrase.text))
    });
    calls_only.sort_by(|a, b| {
        multi(b)
            .cmp(&multi(a))
            .then_with(|| b.calls_reached.cmp(&a.calls_reached))
            .then_with(|| b.phrase.speakers.cmp(&a.phrase.speakers))
            .then_with(|| a.phrase.text.cmp(&b.phrase.text))
    });
    let mut leads: Vec<i64> = reached_list.iter().filter_map(|l| l.lead_days).collect();
    leads.sort_unstable();
    let median_lead_days = match leads.len() {
        0 => None,
        n if n % 2 == 1 => Some(leads[n / 2] as f64),
        n => Some((leads[n / 2 - 1] + leads[n / 2]) as f64 / 2.0),
    };

    let gap = |list: Vec<(PhraseKey, (usize, usize), f64)>| -> Vec<GapPhrase> {
        list.into_iter()
            .map(|(key, (a, b), g2)| {
                let call_docs: &[u32] = calls.get(&key).map_or(&[], |u| &u.docs);
                let mut docs = call_docs.to_vec();
                docs.sort_by_key(|&d| (corpus.docs[d as usize].date, d));
                let text_docs: &[u32] = if call_docs.is_empty() {
                    in_reviews.get(&key).map_or(&[], |u| &u.docs)
                } else {
                    call_docs
                };
                GapPhrase {
                    phrase: PhraseCount {
                        key,
                        text: corpus.display(&key, text_docs),
                        speakers: a,
                        docs,
                    },
                    customers: a,
                    reviews: b,
                    g2,
                    review_examples: review_examples(&key),
                }
            })
            .collect()
    };
    let opportunity_reviews = opportunity_phrases
        .iter()
        .map(|list| {
            list.iter()
                .map(|p| counts.get(&p.key).copied().unwrap_or(0) as usize)
                .collect()
        })
        .collect();
    ReviewFacts {
        reviews: n_reviews,
        threshold,
        reached: reached_list,
        calls_only,
        median_lead_days,
        calls_more: if n_reviews > 0 {
            gap(call_heavy)
        } else {
            Vec::new()
        },
        reviews_more: gap(review_heavy),
        opportunity_reviews,
    }
}

#[cfg(test)]
mod tests {
    use super::super::corpus::Document;
    use super::super::Tokenizer;
    use super::*;

    /// A corpus of (text, speaker, day) documents: calls first, then reviews.
    fn corpus_of(texts: &[(&str, u32, &str)]) -> Corpus {
        Corpus::new(
            Tokenizer::default(),
            texts.iter().map(|&(text, speaker, date)| Document {
                text,
                date: date.parse().unwrap(),
                speaker,
            }),
        )
    }

    #[test]
    fn a_phrase_heard_on_calls_reaches_reviews_months_later() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let texts = [
            // Calls: three customers by 20 Jan.
            ("the heel slips on descents", 1, "2026-01-05"),
            ("my heel slips", 2, "2026-01-12"),
            ("heel slips, badly", 3, "2026-01-20"),
            ("great boots", 4, "2026-01-21"),
            // Reviews: the third "heel slips" on 20 May; "fast shipping" only in reviews.
            ("Heel slips a bit. Fast shipping", 10, "2026-03-01"),
            ("heel slips", 11, "2026-04-02"),
            ("fast shipping, heel slips", 12, "2026-05-20"),
            ("Fast shipping!", 13, "2026-05-21"),
        ];
        let corpus = corpus_of(&texts);
        let calls = corpus.phrases(0..4);
        let facts = compare(&corpus, &calls, &corpus.doc_counts(4..8), 4, 4, 3, &[]);
        let lead = &facts.reached[0];
        assert_eq!(lead.phrase.text, "heel slips");
        assert_eq!(lead.calls_reached, day("2026-01-20"));
        assert_eq!(lead.first_review, Some(day("2026-03-01")));
        assert_eq!(lead.reviews_reached, Some(day("2026-05-20")));
        assert_eq!(lead.lead_days, Some(120));
        assert_eq!(facts.median_lead_days, Some(120.0));
        assert_eq!(facts.reviews_more[0].phrase.text, "fast shipping");
        assert_eq!(facts.reviews_more[0].review_examples, [0, 2, 3]);
    }

    #[test]
    fn a_phrase_calls_only_say_inside_a_longer_one_still_gets_its_lead() {
        let texts = [
            ("the squeaky heel counter", 1, "2026-01-12"),
            ("squeaky heel counter again", 2, "2026-01-20"),
            ("a squeaky heel counter, every step", 3, "2026-03-10"),
            ("Squeaky heel.", 10, "2026-05-12"),
            ("squeaky heel after a week", 11, "2026-06-20"),
            ("The squeaky heel drives me nuts", 12, "2026-07-10"),
        ];
        let corpus = corpus_of(&texts);
        let calls = corpus.phrases(0..3);
        let facts = compare(&corpus, &calls, &corpus.doc_counts(3..6), 3, 3, 3, &[]);
        let reached: Vec<(&str, Option<i64>)> = facts
            .reached
            .iter()
            .map(|l| (l.phrase.text.as_str(), l.lead_days))
            .collect();
        assert_eq!(reached, [("squeaky heel", Some(122))]);
        assert_eq!(facts.median_lead_days, Some(122.0));
        let calls_only: Vec<&str> = facts
            .calls_only
            .iter()
            .map(|l| l.phrase.text.as_str())
            .collect();
        assert_eq!(
            calls_only,
            ["squeaky heel counter"],
            "\"heel counter\", \"squeaky\" and \"heel\" merge into a longer phrase reviews use alike"
        );
    }
}
