//! Top, emerging and fading phrases, language shift, and the copy's unheard phrases.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};

use super::corpus::{drop_contained, Corpus, PhraseTable};
use super::measures::{g2, jensen_shannon};
use super::tokenize::{PhraseKey, WordId};

/// A phrase with who used it.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseCount {
    /// Its stems.
    pub key: PhraseKey,
    /// As customers most often say it.
    pub text: String,
    /// Distinct speakers.
    pub speakers: usize,
    /// Documents using it, oldest first (`u32`: a phrase of every quote lists them all).
    pub docs: Vec<u32>,
}

impl PhraseCount {
    /// The first document that used it.
    pub fn first(&self) -> usize {
        self.docs[0] as usize
    }
}

/// A phrase's change between the latest round and all earlier ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The phrase over every round (its first use is when it was first heard).
    pub phrase: PhraseCount,
    /// Customers using it in the latest round.
    pub latest: usize,
    /// Customers quoted in the latest round.
    pub latest_n: usize,
    /// Customers using it in earlier rounds.
    pub earlier: usize,
    /// Customers quoted in earlier rounds.
    pub earlier_n: usize,
    /// Log-likelihood G² of the difference.
    pub g2: f64,
    /// The round of its first use.
    pub first_round: usize,
}

/// How much the word distribution moved from one round to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// The earlier round.
    pub from: usize,
    /// The later round.
    pub to: usize,
    /// Jensen-Shannon divergence in bits, 0..1.
    pub divergence: f64,
    /// Non-stop words in each round.
    pub words: (usize, usize),
    /// The words that moved it most, largest part first.
    pub movers: Vec<Mover>,
}

/// A word that moved the divergence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    /// As customers say it.
    pub word: String,
    /// The commonest longer phrase with it in the round where it is more frequent, if any.
    pub phrase: Option<String>,
    /// Whether it is more frequent in the later round.
    pub rose: bool,
    /// Its share of the words of each round, 0..1.
    pub shares: (f64, f64),
    /// Its part of the divergence, in bits.
    pub part: f64,
}

/// A phrase of the company's copy.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyPhrase {
    /// Its stems.
    pub key: PhraseKey,
    /// As the copy writes it.
    pub text: String,
    /// Copy pages (indexes into `Site::copy`) using it.
    pub pages: Vec<usize>,
    /// Copy blocks using it.
    pub blocks: usize,
}

/// Movers shown per shift.
pub const MOVERS: usize = 5;

fn counted(corpus: &Corpus, key: PhraseKey, docs: &[u32], speakers: usize) -> PhraseCount {
    let mut docs = docs.to_vec();
    docs.sort_by_key(|&d| (corpus.docs[d as usize].date, d));
    PhraseCount {
        key,
        text: corpus.display(&key, &docs),
        speakers,
        docs,
    }
}

/// Phrases of two or more words first (single words are topics more than ways of
/// saying things), then most customers, then longer phrases, then A-Z.
fn rank(list: &mut [PhraseCount]) {
    list.sort_by(|a, b| {
        (b.key.len() > 1)
            .cmp(&(a.key.len() > 1))
            .then_with(|| b.speakers.cmp(&a.speakers))
            .then_with(|| b.key.len().cmp(&a.key.len()))
            .then_with(|| a.text.cmp(&b.text))
            .then_with(|| a.key.cmp(&b.key))
    });
}

/// Phrases of `table` used by at least `min` speakers, without phrases contained in a
/// longer one of the same speakers, most speakers first; at most `limit`.
pub fn top(corpus: &Corpus, table: &PhraseTable, min: usize, limit: usize) -> Vec<PhraseCount> {
    select(corpus, table, min, limit, |_| 0, |_| true)
}

/// Like [`top`], over the phrases `keep` accepts only. Keeping a phrase of the copy
/// out (the customer phrases the copy lacks) before dropping contained ones gives the
/// same list as after: a copy that holds a phrase holds every phrase inside it.
pub fn top_where(
    corpus: &Corpus,
    table: &PhraseTable,
    min: usize,
    limit: usize,
    keep: impl Fn(&PhraseKey) -> bool,
) -> Vec<PhraseCount> {
    select(corpus, table, min, limit, |_| 0, keep)
}

/// Like [`top`], but a phrase contained in a longer one of the same speakers is still
/// listed when `elsewhere` (the reviews using each, say) differs between the two:
/// customers always saying "squeaky heel counter" must not hide the "squeaky heel"
/// that reviews say.
pub fn top_apart(
    corpus: &Corpus,
    table: &PhraseTable,
    min: usize,
    limit: usize,
    elsewhere: impl Fn(&PhraseKey) -> usize,
) -> Vec<PhraseCount> {
    select(corpus, table, min, limit, elsewhere, |_| true)
}

fn select(
    corpus: &Corpus,
    table: &PhraseTable,
    min: usize,
    limit: usize,
    elsewhere: impl Fn(&PhraseKey) -> usize,
    keep: impl Fn(&PhraseKey) -> bool,
) -> Vec<PhraseCount> {
    let mut frequent: Vec<_> = table
        .iter()
        .filter(|(k, u)| u.speakers as usize >= min.max(1) && keep(k))
        .map(|(k, u)| (*k, (u.speakers as usize, u.docs.as_slice(), elsewhere(k))))
        .collect();
    frequent.sort_by_key(|(k, _)| *k);
    let mut kept = drop_contained(frequent);
    // How a phrase is written decides only ties in `rank`, and finding it reads the
    // phrase's quotes; so only the phrases that can still make the list are written
    // out: those ranked up to the limit-th by everything but the text, ties included.
    if kept.len() > limit {
        let order = |(k, (speakers, _, _)): &(PhraseKey, (usize, &[u32], usize))| {
            (Reverse(k.len() > 1), Reverse(*speakers), Reverse(k.len()))
        };
        kept.sort_by_key(order);
        let last = order(&kept[limit.max(1) - 1]);
        kept.retain(|item| order(item) <= last);
    }
    let mut list: Vec<PhraseCount> = kept
        .into_iter()
        .map(|(k, (speakers, docs, _))| counted(corpus, k, docs, speakers))
        .collect();
    rank(&mut list);
    list.truncate(limit);
    list
}

/// Emerging and fading phrases of the `latest` documents against the `earlier` ones,
/// counted in distinct customers, each needing `min` customers on its rising side.
/// `all` is the table of both (the caller has it already: every quote).
pub fn trends(
    corpus: &Corpus,
    latest: &[usize],
    earlier: &[usize],
    all: &PhraseTable,
    min: usize,
    round_of: impl Fn(usize) -> usize,
) -> (Vec<Trend>, Vec<Trend>) {
    let (n1, n2) = (
        corpus.speakers(latest.iter().copied()),
        corpus.speakers(earlier.iter().copied()),
    );
    // Each phrase's customers on either side, from its documents in `all`: a phrase
    // fewer than `min` customers use at all can be neither rising nor falling.
    const LATEST: u8 = 1;
    const EARLIER: u8 = 2;
    let mut side = vec![0u8; corpus.docs.len()];
    for &d in latest {
        side[d] |= LATEST;
    }
    for &d in earlier {
        side[d] |= EARLIER;
    }
    let mut speakers: Vec<u32> = Vec::new();
    let mut count = |docs: &[u32], on: u8| {
        speakers.clear();
        speakers.extend(
            docs.iter()
                .filter(|&&d| side[d as usize] & on != 0)
                .map(|&d| corpus.docs[d as usize].speaker),
        );
        speakers.sort_unstable();
        speakers.dedup();
        speakers.len()
    };
    let mut rising = Vec::new();
    let mut falling = Vec::new();
    let mut keys: Vec<(&PhraseKey, &[u32])> = all
        .iter()
        .filter(|(_, u)| u.speakers as usize >= min)
        .map(|(k, u)| (k, u.docs.as_slice()))
        .collect();
    keys.sort_unstable_by_key(|(k, _)| *k);
    for (key, docs) in keys {
        let (a, b) = (count(docs, LATEST), count(docs, EARLIER));
        let (p1, p2) = (a as f64 / n1.max(1) as f64, b as f64 / n2.max(1) as f64);
        if a >= min && p1 > p2 {
            rising.push((*key, (a, b)));
        } else if b >= min && p2 > p1 {
            falling.push((*key, (a, b)));
        }
    }
    let build = |list: Vec<(PhraseKey, (usize, usize))>| {
        let mut out: Vec<Trend> = drop_contained(list)
            .into_iter()
            .map(|(key, (a, b))| {
                let u = &all[&key];
                let phrase = counted(corpus, key, &u.docs, u.speakers as usize);
                Trend {
                    first_round: round_of(phrase.first()),
                    phrase,
                    latest: a,
                    latest_n: n1,
                    earlier: b,
                    earlier_n: n2,
                    g2: g2(a, n1, b, n2),
                }
            })
            .collect();
        out.sort_by(|x, y| {
            y.g2.total_cmp(&x.g2)
                .then_with(|| x.phrase.text.cmp(&y.phrase.text))
                .then_with(|| x.phrase.key.cmp(&y.phrase.key))
        });
        out
    };
    (build(rising), build(falling))
}

/// One side of a [`shift`]: a round, its documents and their [`Corpus::word_counts`].
pub type ShiftSide<'a> = (usize, &'a [usize], &'a [(WordId, f64)]);

/// The Jensen-Shannon divergence of two rounds' words, with the words that moved it most.
pub fn shift(corpus: &Corpus, from: ShiftSide<'_>, to: ShiftSide<'_>) -> Shift {
    let (p, q) = (from.2, to.2);
    let sum = |d: &[(WordId, f64)]| d.iter().map(|(_, c)| c).sum::<f64>();
    let (sp, sq) = (sum(p), sum(q));
    let (divergence, mut parts) = jensen_shannon(p, q);
    parts.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let count = |d: &[(WordId, f64)], stem: WordId| {
        d.binary_search_by_key(&stem, |(s, _)| *s)
            .map_or(0.0, |i| d[i].1)
    };
    // A word whose share did not move adds exactly nothing (equal shares are equal
    // floats: each is a correctly rounded count ÷ total), and is no mover.
    let moved: Vec<(u32, f64, (f64, f64))> = parts
        .into_iter()
        .filter(|&(_, part)| part > 0.0)
        .take(MOVERS)
        .map(|(stem, part)| {
            let shares = (count(p, stem) / sp.max(1.0), count(q, stem) / sq.max(1.0));
            (stem, part, shares)
        })
        .collect();
    // Only longer phrases with a moving word are looked up, so only they are counted.
    let movers_where = |rising: bool| -> Vec<u32> {
        moved
            .iter()
            .filter(|(_, _, s)| (s.1 > s.0) == rising)
            .map(|(stem, _, _)| *stem)
            .collect()
    };
    let from_table = corpus.phrases_with(from.1.iter().copied(), &movers_where(false));
    let to_table = corpus.phrases_with(to.1.iter().copied(), &movers_where(true));
    let movers = moved
        .into_iter()
        .map(|(stem, part, shares)| {
            let rose = shares.1 > shares.0;
            let (table, docs) = if rose {
                (&to_table, to.1)
            } else {
                (&from_table, from.1)
            };
            let docs: Vec<u32> = docs.iter().map(|&d| d as u32).collect();
            let word = corpus.display(&PhraseKey::of(&[stem]), &docs);
            Mover {
                phrase: longer_phrase(corpus, table, stem),
                word,
                rose,
                shares,
                part,
            }
        })
        .collect();
    Shift {
        from: from.0,
        to: to.0,
        divergence,
        words: (sp as usize, sq as usize),
        movers,
    }
}

/// The phrase of two or more words with `stem` that most speakers (at least two) used.
fn longer_phrase(corpus: &Corpus, table: &PhraseTable, stem: u32) -> Option<String> {
    table
        .iter()
        .filter(|(k, u)| k.len() > 1 && k.stems().contains(&stem) && u.speakers >= 2)
        .max_by(|(ka, ua), (kb, ub)| {
            ua.speakers
                .cmp(&ub.speakers)
                .then_with(|| ka.len().cmp(&kb.len()))
                .then_with(|| kb.cmp(ka))
        })
        .map(|(k, u)| corpus.display(k, &u.docs))
}

/// Phrases of the copy (`copy`, over documents from `first_copy_doc` on) that no quote
/// uses: most copy pages first, then most blocks, then longer phrases.
pub fn copy_only(
    corpus: &Corpus,
    copy: &PhraseTable,
    quotes: &PhraseTable,
    copy_docs: &[(usize, usize)],
    first_copy_doc: usize,
) -> Vec<CopyPhrase> {
    let mut unheard: Vec<(PhraseKey, (Vec<usize>, usize))> = copy
        .iter()
        .filter(|(k, _)| !quotes.contains_key(k))
        .map(|(k, u)| {
            let pages: BTreeSet<usize> = u
                .docs
                .iter()
                .map(|&d| copy_docs[d as usize - first_copy_doc].0)
                .collect();
            (*k, (pages.into_iter().collect(), u.docs.len()))
        })
        .collect();
    unheard.sort_by_key(|(k, _)| *k);
    let docs_of: HashMap<PhraseKey, &[u32]> =
        copy.iter().map(|(k, u)| (*k, u.docs.as_slice())).collect();
    let mut list: Vec<CopyPhrase> = drop_contained(unheard)
        .into_iter()
        .map(|(key, (pages, blocks))| CopyPhrase {
            text: corpus.display(&key, docs_of[&key]),
            key,
            pages,
            blocks,
        })
        .collect();
    list.sort_by(|a, b| {
        b.pages
            .len()
            .cmp(&a.pages.len())
            .then_with(|| b.blocks.cmp(&a.blocks))
            .then_with(|| b.key.len().cmp(&a.key.len()))
            .then_with(|| a.text.cmp(&b.text))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::super::corpus::Document;
    use super::super::Tokenizer;
    use super::*;
    use chrono::NaiveDate;

    fn corpus(texts: &[(&str, u32, &str)]) -> Corpus {
        Corpus::new(
            Tokenizer::default(),
            texts.iter().map(|&(text, speaker, date)| Document {
                text,
                date: date.parse::<NaiveDate>().unwrap(),
                speaker,
            }),
        )
    }

    #[test]
    fn a_planted_phrase_emerges_and_an_old_one_fades() {
        let c = corpus(&[
            ("The size chart confused me", 1, "2026-01-05"),
            ("Size chart was wrong", 2, "2026-01-06"),
            ("That size chart again", 3, "2026-01-07"),
            ("Nice boots", 4, "2026-01-08"),
            ("I love the packs down small jacket", 5, "2026-04-01"),
            ("It packs down small", 6, "2026-04-02"),
            ("Packs down small, finally", 7, "2026-04-03"),
            ("Nice boots", 8, "2026-04-04"),
        ]);
        let (emerging, fading) =
            trends(&c, &[4, 5, 6, 7], &[0, 1, 2, 3], &c.phrases(0..8), 3, |d| {
                d / 4
            });
        assert_eq!(emerging[0].phrase.text, "packs down small");
        assert_eq!((emerging[0].latest, emerging[0].earlier), (3, 0));
        assert!(emerging[0].g2 > 3.84, "{}", emerging[0].g2);
        assert_eq!(emerging[0].phrase.first(), 4, "first heard in document 4");
        assert!(
            !emerging.iter().any(|t| t.phrase.text == "packs down"),
            "contained in a phrase with the same customers"
        );
        assert_eq!(fading[0].phrase.text, "size chart");
        assert!(!emerging
            .iter()
            .chain(&fading)
            .any(|t| t.phrase.text == "nice boots"));
    }

    #[test]
    fn emerging_phrases_keep_g2_order_while_top_lists_put_phrases_first() {
        let c = corpus(&[
            ("Nice boots", 1, "2026-01-05"),
            ("Nice boots", 2, "2026-01-06"),
            ("Nice boots", 3, "2026-01-07"),
            ("Nice boots", 4, "2026-01-08"),
            ("It saved sizes for me", 5, "2026-04-01"),
            ("saved sizes, finally", 6, "2026-04-02"),
            ("The saved sizes", 7, "2026-04-03"),
            ("It saved me time", 8, "2026-04-04"),
            ("saved my order", 9, "2026-04-05"),
        ]);
        let latest = [4, 5, 6, 7, 8];
        let (emerging, _) = trends(&c, &latest, &[0, 1, 2, 3], &c.phrases(0..9), 3, |d| {
            usize::from(d > 3)
        });
        let ranked: Vec<&str> = emerging.iter().map(|t| t.phrase.text.as_str()).collect();
        assert_eq!(
            ranked[..2],
            ["saved", "saved sizes"],
            "5 customers out-rank 3 by G²"
        );
        assert!(emerging[0].g2 > emerging[1].g2);
        let listed = top(&c, &c.phrases(latest), 2, 10);
        assert_eq!(listed[0].text, "saved sizes", "phrases before single words");
    }

    /// The shift from document 0 (round 0) to document 1 (round 1).
    fn shift_between(c: &Corpus) -> Shift {
        let (p, q) = (c.word_counts([0]), c.word_counts([1]));
        shift(c, (0, &[0], &p), (1, &[1], &q))
    }

    #[test]
    fn a_shift_names_the_words_that_moved() {
        let c = corpus(&[
            ("checkout checkout phone", 1, "2026-01-01"),
            ("returns label returns", 2, "2026-02-01"),
        ]);
        let s = shift_between(&c);
        assert!((s.divergence - 1.0).abs() < 1e-9, "no word in common");
        assert_eq!(s.words, (3, 3));
        let top: Vec<(&str, bool)> = s.movers.iter().map(|m| (m.word.as_str(), m.rose)).collect();
        assert_eq!(top[..2], [("checkout", false), ("returns", true)]);
    }

    #[test]
    fn words_whose_share_did_not_move_are_not_movers() {
        let c = corpus(&[
            ("checkout slow on my phone", 1, "2026-01-01"),
            ("checkout slow on my phone", 2, "2026-04-01"),
        ]);
        let same = shift_between(&c);
        assert_eq!(same.divergence, 0.0);
        assert_eq!(same.movers, [], "no divergence, no movers");
        let c = corpus(&[
            ("checkout slow phone", 1, "2026-01-01"),
            ("checkout returns returns", 2, "2026-04-01"),
        ]);
        let s = shift_between(&c);
        let words: Vec<&str> = s.movers.iter().map(|m| m.word.as_str()).collect();
        assert_eq!(words.len(), 3, "{words:?}");
        assert!(
            !words.contains(&"checkout"),
            "1 of 3 words in both: {words:?}"
        );
    }
}
