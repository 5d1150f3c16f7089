//! A corpus of documents (quotes, reviews, copy blocks) and the phrase counts over it.
//!
//! A [`Document`] is only text, a day and who said it, so call quotes, product reviews
//! and marketing copy all go through the same tokenizer and counting. Counts are of
//! distinct speakers (a customer, or a review), not occurrences: one customer saying
//! "gave up" five times is one customer.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use rustc_hash::FxHashMap;

use super::tokenize::{
    each_phrase, Clause, PhraseKey, Tokenizer, Vocabulary, WordId, MAX_PHRASE_WORDS,
};

/// One text to analyse.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The words.
    pub text: &'a str,
    /// When they were said or written.
    pub date: NaiveDate,
    /// Who said them, as a dense id: a customer for quotes, the review itself for reviews.
    pub speaker: u32,
}

/// A tokenized document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// When.
    pub date: NaiveDate,
    /// Who.
    pub speaker: u32,
    /// Its clauses.
    pub clauses: Vec<Clause>,
}

/// Documents, tokenized once, sharing one vocabulary.
#[derive(Debug)]
pub struct Corpus {
    /// The tokenizer every document went through.
    pub tokenizer: Tokenizer,
    /// Stems and surface forms.
    pub vocab: Vocabulary,
    /// In the order given.
    pub docs: Vec<Doc>,
}

/// Where a phrase was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseUse {
    /// Documents using it, ascending.
    pub docs: Vec<u32>,
    /// Distinct speakers among them.
    pub speakers: u32,
    /// The speaker counted last while the table was made (speakers are read in
    /// order). Kept here, not in a map of its own beside the table: a table of every
    /// quote has millions of phrases.
    last_speaker: u32,
}

impl Default for PhraseUse {
    fn default() -> PhraseUse {
        PhraseUse {
            docs: Vec::new(),
            speakers: 0,
            last_speaker: u32::MAX,
        }
    }
}

/// Phrases of a set of documents.
pub type PhraseTable = FxHashMap<PhraseKey, PhraseUse>;

impl Corpus {
    /// Tokenizes `documents`.
    pub fn new<'a>(
        tokenizer: Tokenizer,
        documents: impl IntoIterator<Item = Document<'a>>,
    ) -> Corpus {
        let mut vocab = Vocabulary::default();
        let docs = documents
            .into_iter()
            .map(|d| Doc {
                date: d.date,
                speaker: d.speaker,
                clauses: tokenizer.clauses(d.text, &mut vocab),
            })
            .collect();
        Corpus {
            tokenizer,
            vocab,
            docs,
        }
    }

    /// Adds one more document; returns its index.
    pub fn push(&mut self, document: Document<'_>) -> usize {
        let clauses = self.tokenizer.clauses(document.text, &mut self.vocab);
        self.docs.push(Doc {
            date: document.date,
            speaker: document.speaker,
            clauses,
        });
        self.docs.len() - 1
    }

    /// The stems of a phrase a user wrote (a lexicon entry, a copy phrase).
    pub fn stems(&mut self, phrase: &str) -> Vec<WordId> {
        self.tokenizer.stems(phrase, &mut self.vocab)
    }

    /// The distinct phrases of document `d`, in key order.
    pub fn doc_phrases(&self, d: usize) -> Vec<PhraseKey> {
        let mut keys = Vec::new();
        self.doc_phrases_into(d, &mut keys);
        keys
    }

    /// [`Corpus::doc_phrases`] into `keys` (cleared first): tables read every
    /// document's phrases, and one buffer per table allocates once, not per document.
    fn doc_phrases_into(&self, d: usize, keys: &mut Vec<PhraseKey>) {
        keys.clear();
        for clause in &self.docs[d].clauses {
            each_phrase(clause, |start, n| {
                let mut key = [0; MAX_PHRASE_WORDS];
                for (slot, &t) in key.iter_mut().zip(&clause[start..start + n]) {
                    *slot = self.vocab.stem(t);
                }
                keys.push(PhraseKey(key));
            });
        }
        keys.sort_unstable();
        keys.dedup();
    }

    /// Every phrase of the documents `docs` with who used it.
    pub fn phrases(&self, docs: impl IntoIterator<Item = usize>) -> PhraseTable {
        self.phrases_where(docs, |_| true)
    }

    /// Like [`Corpus::phrases`], keeping only the phrases in `keep`.
    pub fn phrases_among(
        &self,
        docs: impl IntoIterator<Item = usize>,
        keep: &std::collections::HashSet<PhraseKey>,
    ) -> PhraseTable {
        self.phrases_where(docs, |k| keep.contains(k))
    }

    /// The phrases of `docs` (each once) that `keep` accepts: a table of only the
    /// phrases a caller will look at costs a fraction of a whole one.
    pub fn phrases_where(
        &self,
        docs: impl IntoIterator<Item = usize>,
        keep: impl Fn(&PhraseKey) -> bool,
    ) -> PhraseTable {
        self.table(docs, |d, keys| {
            self.doc_phrases_into(d, keys);
            keys.retain(|k| keep(k));
        })
    }

    /// The phrases of two or more words of `docs` that hold one of `stems`: only the
    /// words around each of them are read, not every phrase of every document.
    pub fn phrases_with(
        &self,
        docs: impl IntoIterator<Item = usize>,
        stems: &[WordId],
    ) -> PhraseTable {
        self.table(docs, |d, keys| {
            keys.clear();
            for clause in &self.docs[d].clauses {
                for (at, &t) in clause.iter().enumerate() {
                    if !stems.contains(&self.vocab.stem(t)) {
                        continue;
                    }
                    let first = at.saturating_sub(MAX_PHRASE_WORDS - 1);
                    for start in (first..=at).filter(|&s| !clause[s].stop()) {
                        for end in (at.max(start + 1)..clause.len().min(start + MAX_PHRASE_WORDS))
                            .filter(|&e| !clause[e].stop())
                        {
                            let mut key = [0; MAX_PHRASE_WORDS];
                            for (slot, &t) in key.iter_mut().zip(&clause[start..=end]) {
                                *slot = self.vocab.stem(t);
                            }
                            keys.push(PhraseKey(key));
                        }
                    }
                }
            }
            keys.sort_unstable();
            keys.dedup();
        })
    }

    /// The table of `docs`, each document's distinct phrases put in `keys` by `phrases_of`.
    fn table(
        &self,
        docs: impl IntoIterator<Item = usize>,
        phrases_of: impl Fn(usize, &mut Vec<PhraseKey>),
    ) -> PhraseTable {
        // Read speaker by speaker: a phrase's distinct speakers are then counted by
        // noticing a new one, with no set of speakers per phrase.
        let mut ids: Vec<(u32, usize)> = docs
            .into_iter()
            .map(|d| (self.docs[d].speaker, d))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut table: PhraseTable = PhraseTable::default();
        let mut keys = Vec::new();
        for (speaker, d) in ids {
            phrases_of(d, &mut keys);
            for key in &keys {
                let entry = table.entry(*key).or_default();
                entry.docs.push(d as u32);
                if entry.last_speaker != speaker {
                    entry.last_speaker = speaker;
                    entry.speakers += 1;
                }
            }
        }
        for entry in table.values_mut() {
            entry.docs.sort_unstable();
        }
        table
    }

    /// The tables of `groups` groups of documents, made from `all`, the table of
    /// every document in them (`groups_of` puts a document's groups in its buffer,
    /// maybe none), with only the phrases at least `min` speakers of a group use:
    /// all that [`super::phrases::top`] with `min` reads of a table. One pass over the
    /// frequent phrases of `all`, where a table per group read every document's
    /// phrases again.
    pub fn split(
        &self,
        all: &PhraseTable,
        groups: usize,
        min: usize,
        groups_of: impl Fn(usize, &mut Vec<usize>),
    ) -> Vec<PhraseTable> {
        let min = min.max(1);
        let mut tables = vec![PhraseTable::default(); groups];
        // A phrase's documents, bucketed by group in one pass (they come ascending, so
        // each bucket is too); `touched` lists the buckets to read and empty.
        let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); groups];
        let (mut touched, mut of) = (Vec::new(), Vec::new());
        // Distinct speakers counted by stamping each with the group being counted:
        // no sort per phrase and group.
        let speakers = self.docs.iter().map(|d| d.speaker as usize + 1).max();
        let mut stamp = vec![0u32; speakers.unwrap_or(0)];
        let mut tick = 0u32;
        for (key, u) in all.iter().filter(|(_, u)| u.speakers as usize >= min) {
            for &d in &u.docs {
                of.clear();
                groups_of(d as usize, &mut of);
                for &g in &of {
                    let bucket = &mut buckets[g];
                    if bucket.last() == Some(&d) {
                        continue;
                    }
                    if bucket.is_empty() {
                        touched.push(g);
                    }
                    bucket.push(d);
                }
            }
            for g in touched.drain(..) {
                let docs = &buckets[g];
                // Fewer documents than `min` cannot have `min` speakers.
                if docs.len() >= min {
                    tick += 1;
                    let mut speakers = 0;
                    for &d in docs {
                        let seen = &mut stamp[self.docs[d as usize].speaker as usize];
                        if *seen != tick {
                            *seen = tick;
                            speakers += 1;
                        }
                    }
                    if speakers >= min {
                        tables[g].insert(
                            *key,
                            PhraseUse {
                                docs: docs.clone(),
                                speakers: speakers as u32,
                                ..PhraseUse::default()
                            },
                        );
                    }
                }
                buckets[g].clear();
            }
        }
        tables
    }

    /// How many of `docs` use each phrase (documents, not speakers): cheap enough for
    /// 100,000 reviews.
    pub fn doc_counts(&self, docs: impl IntoIterator<Item = usize>) -> HashMap<PhraseKey, u32> {
        let mut counts = HashMap::new();
        let mut keys = Vec::new();
        for d in docs {
            self.doc_phrases_into(d, &mut keys);
            for key in &keys {
                *counts.entry(*key).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Distinct speakers among `docs`.
    pub fn speakers(&self, docs: impl IntoIterator<Item = usize>) -> usize {
        docs.into_iter()
            .map(|d| self.docs[d].speaker)
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Distinct speakers among `docs` that use `key`.
    pub fn speakers_using(&self, key: &PhraseKey, docs: &[u32]) -> BTreeSet<u32> {
        docs.iter()
            .filter(|&&d| self.doc_phrases(d as usize).binary_search(key).is_ok())
            .map(|&d| self.docs[d as usize].speaker)
            .collect()
    }

    /// How often each non-stop word (by stem) occurs in `docs`: the word
    /// distribution, sorted by stem.
    pub fn word_counts(&self, docs: impl IntoIterator<Item = usize>) -> Vec<(WordId, f64)> {
        let mut stems: Vec<WordId> = docs
            .into_iter()
            .flat_map(|d| self.docs[d].clauses.iter().flatten())
            .filter(|t| !t.stop())
            .map(|&t| self.vocab.stem(t))
            .collect();
        stems.sort_unstable();
        let mut counts: Vec<(WordId, f64)> = Vec::new();
        for stem in stems {
            match counts.last_mut() {
                Some((last, n)) if *last == stem => *n += 1.0,
                _ => counts.push((stem, 1.0)),
            }
        }
        counts
    }

    /// A phrase as customers say it: its most common surface form in the first
    /// [`DISPLAY_SAMPLE`] of `docs` (ties: alphabetical), falling back to its stems.
    pub fn display(&self, key: &PhraseKey, docs: &[u32]) -> String {
        let stems = key.stems();
        let n = stems.len();
        if n == 0 {
            return String::new();
        }
        // Surface forms as keys of the same shape as the stems; a phrase has a few.
        let mut forms: Vec<(PhraseKey, usize)> = Vec::new();
        for &d in docs.iter().take(DISPLAY_SAMPLE) {
            for clause in &self.docs[d as usize].clauses {
                for window in clause.windows(n) {
                    if self.vocab.stem(window[0]) == stems[0]
                        && !window[0].stop()
                        && !window[n - 1].stop()
                        && window
                            .iter()
                            .map(|&t| self.vocab.stem(t))
                            .eq(stems.iter().copied())
                    {
                        let mut surface = [0; MAX_PHRASE_WORDS];
                        for (slot, t) in surface.iter_mut().zip(window) {
                            *slot = t.surface();
                        }
                        let surface = PhraseKey(surface);
                        match forms.iter_mut().find(|(form, _)| *form == surface) {
                            Some((_, count)) => *count += 1,
                            None => forms.push((surface, 1)),
                        }
                    }
                }
            }
        }
        let text = |ids: &[WordId]| {
            ids.iter()
                .map(|&w| self.vocab.text(w))
                .collect::<Vec<_>>()
                .join(" ")
        };
        // The commonest form; of equally common ones, the first A-Z. Only those are
        // written out.
        let most = forms.iter().map(|&(_, count)| count).max();
        forms
            .iter()
            .filter(|&&(_, count)| Some(count) == most)
            .map(|(form, _)| text(form.stems()))
            .min()
            .unwrap_or_else(|| text(stems))
    }

    /// The first of `docs` by date (then by order given).
    pub fn first(&self, docs: &[u32]) -> Option<u32> {
        docs.iter()
            .copied()
            .min_by_key(|&d| (self.docs[d as usize].date, d))
    }
}

/// Documents read to find how a phrase is most often written. A common phrase of
/// a 10,000-call site is in thousands of quotes, and reading them all for every
/// phrase shown was a tenth of a build; the first few hundred give the same answer.
pub const DISPLAY_SAMPLE: usize = 256;

/// Drops phrases contained in a longer one of the same support, so that "toe box"
/// said by exactly the customers who said "wide toe box" is not listed twice.
pub fn drop_contained<S: PartialEq>(items: Vec<(PhraseKey, S)>) -> Vec<(PhraseKey, S)> {
    // Each phrase has at most nine shorter phrases inside it, so marking them is
    // linear in the list (a review corpus can give hundreds of thousands).
    let index: HashMap<PhraseKey, usize> = items
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (*k, i))
        .collect();
    let mut keep = vec![true; items.len()];
    for (key, support) in &items {
        let stems = key.stems();
        for n in 1..stems.len() {
            for window in stems.windows(n) {
                if let Some(&i) = index.get(&PhraseKey::of(window)) {
                    if items[i].1 == *support {
                        keep[i] = false;
                    }
                }
            }
        }
    }
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, k)| k.then_some(item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(texts: &[(&str, u32)]) -> Corpus {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        Corpus::new(
            Tokenizer::default(),
            texts.iter().map(|&(text, speaker)| Document {
                text,
                date: day,
                speaker,
            }),
        )
    }

    #[test]
    fn phrases_count_distinct_speakers_not_uses() {
        let mut c = corpus(&[
            ("I need a wide toe box. A wide toe box!", 1),
            ("Wide toe boxes, please", 1),
            ("a wide toe box", 2),
        ]);
        let table = c.phrases(0..3);
        let key = PhraseKey::of(&c.stems("wide toe box"));
        assert_eq!(table[&key].speakers, 2, "speaker 1 twice, speaker 2 once");
        assert_eq!(table[&key].docs, [0, 1, 2]);
        assert_eq!(c.display(&key, &table[&key].docs), "wide toe box");
    }

    #[test]
    fn phrases_with_a_word_are_the_longer_phrases_holding_it() {
        let mut c = corpus(&[
            ("The wide toe box is wide, not the heel", 1),
            ("a wide fit and a narrow heel cup", 2),
            ("heel slip", 1),
            ("nothing here", 3),
        ]);
        let stems = [c.stems("wide")[0], c.stems("heel")[0]];
        let all = c.phrases_where(0..4, |k| {
            k.len() > 1 && k.stems().iter().any(|s| stems.contains(s))
        });
        assert_eq!(c.phrases_with(0..4, &stems), all);
        assert!(all.contains_key(&PhraseKey::of(&c.stems("narrow heel cup"))));
        assert!(
            !all.contains_key(&PhraseKey::of(&c.stems("wide"))),
            "one word"
        );
    }

    #[test]
    fn a_split_table_is_the_group_table_of_its_frequent_phrases() {
        let c = corpus(&[
            ("a wide toe box please", 1),
            ("the wide toe box again", 1),
            ("wide toe box, and a heel cup", 2),
            ("a heel cup that slips", 3),
            ("heel cup slips, wide toe box", 4),
            ("nothing here", 5),
        ]);
        // Two overlapping groups and one document in none.
        let groups: [&[usize]; 2] = [&[0, 1, 2, 3], &[2, 3, 4]];
        let all = c.phrases(0..6);
        let split = c.split(&all, 2, 2, |d, of| {
            of.extend((0..2).filter(|&g| groups[g].contains(&d)));
        });
        for (g, docs) in groups.iter().enumerate() {
            let mut whole = c.phrases(docs.iter().copied());
            whole.retain(|_, u| u.speakers >= 2);
            assert!(!whole.is_empty(), "group {g} has frequent phrases");
            assert_eq!(
                split[g]
                    .iter()
                    .map(|(k, u)| (*k, &u.docs, u.speakers))
                    .collect::<BTreeSet<_>>(),
                whole
                    .iter()
                    .map(|(k, u)| (*k, &u.docs, u.speakers))
                    .collect::<BTreeSet<_>>(),
                "group {g}"
            );
        }
    }

    #[test]
    fn contained_phrases_of_equal_support_are_dropped() {
        let mut c = corpus(&[]);
        let long = PhraseKey::of(&c.stems("wide toe box"));
        let short = PhraseKey::of(&c.stems("toe box"));
        let toe = PhraseKey::of(&c.stems("toe"));
        let kept = drop_contained(vec![(long, 3), (short, 3), (toe, 5)]);
        assert_eq!(kept, vec![(long, 3), (toe, 5)]);
    }
}
