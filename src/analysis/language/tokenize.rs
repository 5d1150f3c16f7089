//! Words and phrases from text: Unicode word segmentation (UAX #29), full Unicode
//! case folding, stop words (NLTK's English list) and Snowball English stems.
//!
//! A text becomes clauses: runs of words not broken by punctuation, so a phrase never
//! spans "great, but" or two sentences. Hyphens and slashes join ("seam-sealed" is two
//! words of one clause). Each word keeps its folded surface form (what pages show) and
//! its stem (what matching compares), both interned as small integers so a corpus of
//! 100,000 reviews stays cheap.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer};

use crate::privacy::MARKS;
use unicase::UniCase;
use unicode_segmentation::UnicodeSegmentation;

/// Words of spoken English that NLTK's list lacks but that make no phrase on their own
/// ("would", "really", "like", light verbs, spelled-out numbers); `[language]
/// stop_words` adds more. Kept short on purpose: a longer list (Stopwords ISO's 1,298
/// words) holds "great", "buy" and "back", which customers' phrases are made of.
pub const SPOKEN_FILLERS: &[&str] = &[
    "would",
    "could",
    "also",
    "really",
    "actually",
    "like",
    "get",
    "got",
    "gets",
    "even",
    "yeah",
    "yes",
    "um",
    "uh",
    "oh",
    "ok",
    "okay",
    "maybe",
    "well",
    "much",
    "lot",
    "thing",
    "things",
    "us",
    "still",
    "ever",
    "said",
    "say",
    "says",
    "let",
    "want",
    "wanted",
    "need",
    "needed",
    "go",
    "going",
    "went",
    "come",
    "came",
    "put",
    "make",
    "made",
    "done",
    "know",
    "think",
    "thought",
    "guess",
    "mean",
    "something",
    "anything",
    "everything",
    "nothing",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "half",
    "whole",
    "way",
    "back",
    "that's",
    "there's",
    "what's",
    "here's",
    "let's",
    "can't",
    "honestly",
];

/// A word id: an index into a [`Vocabulary`]. 0 is never used, so a phrase key can pad with it.
pub type WordId = u32;

/// Interned strings: stems and surface forms share one table. A vocabulary serves
/// one [`Tokenizer`]: it remembers how that tokenizer read each word.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    words: Vec<String>,
    index: FxHashMap<String, WordId>,
    /// The stem of each surface form, by the surface form's id (0 for ids that are
    /// only stems): a token keeps only its surface form, and a corpus keeps millions.
    stems: Vec<WordId>,
    /// Each distinct word as written, tokenized once: folding and stemming every
    /// occurrence again was most of tokenizing a 10,000-call site.
    tokens: FxHashMap<Box<str>, Token>,
}

impl Vocabulary {
    /// The id of `word`, adding it if new.
    pub fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.index.get(word) {
            return id;
        }
        if self.words.is_empty() {
            self.words.push(String::new()); // id 0: padding
        }
        let id = self.words.len() as WordId;
        self.words.push(word.to_string());
        self.index.insert(word.to_string(), id);
        id
    }

    /// The id of `word`, if it was ever seen.
    pub fn get(&self, word: &str) -> Option<WordId> {
        self.index.get(word).copied()
    }

    /// The text of an id.
    pub fn text(&self, id: WordId) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }

    /// The Snowball English stem of a token, for matching.
    pub fn stem(&self, token: Token) -> WordId {
        self.stems[token.surface() as usize]
    }

    fn set_stem(&mut self, surface: WordId, stem: WordId) {
        if self.stems.len() <= surface as usize {
            self.stems.resize(surface as usize + 1, 0);
        }
        self.stems[surface as usize] = stem;
    }
}

/// One word of a text: 4 bytes, since a corpus keeps every word of every quote
/// (millions at 10,000 calls). Its stem is the vocabulary's ([`Vocabulary::stem`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The case-folded word as written (apostrophes made straight), with the two
    /// flags in its top bits.
    surface_and_flags: u32,
}

const STOP: u32 = 1 << 31;
const NEGATION: u32 = 1 << 30;

impl Token {
    fn new(surface: WordId, stop: bool, negation: bool) -> Token {
        assert!(surface < NEGATION, "over a billion distinct words");
        let flags = if stop { STOP } else { 0 } | if negation { NEGATION } else { 0 };
        Token {
            surface_and_flags: surface | flags,
        }
    }

    /// The case-folded word as written (apostrophes made straight).
    pub fn surface(&self) -> WordId {
        self.surface_and_flags & !(STOP | NEGATION)
    }

    /// A stop word (or a bare number): phrases neither start nor end with one.
    pub fn stop(&self) -> bool {
        self.surface_and_flags & STOP != 0
    }

    /// A negating word ("not", "never", "didn't"), for the lexicon's negation check.
    pub fn negation(&self) -> bool {
        self.surface_and_flags & NEGATION != 0
    }
}

/// Words not broken by punctuation.
pub type Clause = Vec<Token>;

/// Splits, folds, stems and flags words. Built once per analysis.
pub struct Tokenizer {
    stop: HashSet<String>,
    stemmer: Stemmer,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("stop_words", &self.stop.len())
            .finish()
    }
}

/// Words that negate what follows them.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "hardly",
    "barely", "cannot", "cant", "dont", "didnt", "doesnt", "isnt", "wasnt", "wont", "wouldnt",
];

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new(&[])
    }
}

impl Tokenizer {
    /// NLTK's English stop words, the spoken fillers and `extra` stop words.
    pub fn new(extra: &[String]) -> Tokenizer {
        let mut stop: HashSet<String> = stop_words::lookup("en")
            .unwrap_or_default()
            .iter()
            .map(|w| fold(w))
            .collect();
        stop.extend(SPOKEN_FILLERS.iter().map(|w| fold(w)));
        stop.extend(extra.iter().map(|w| fold(w)));
        Tokenizer {
            stop,
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// Whether a folded word is a stop word.
    pub fn is_stop(&self, folded: &str) -> bool {
        self.stop.contains(folded)
    }

    /// The clauses of `text`, words interned into `vocab`. What redaction put in place
    /// of a private detail ("(phone redacted)") is no one's words: it yields no word
    /// and ends a clause, so quotes, copy and reviews never count it as a phrase.
    pub fn clauses(&self, text: &str, vocab: &mut Vocabulary) -> Vec<Clause> {
        let mut clauses = Vec::new();
        for part in without_redaction_marks(text) {
            self.clauses_of(part, vocab, &mut clauses);
        }
        clauses.shrink_to_fit();
        clauses
    }

    fn clauses_of(&self, text: &str, vocab: &mut Vocabulary, clauses: &mut Vec<Clause>) {
        if text.is_ascii() {
            self.clauses_of_ascii(text, vocab, clauses)
        } else {
            self.clauses_of_any(text, vocab, clauses)
        }
    }

    /// [`Tokenizer::clauses_of`] for ASCII text, the same clauses. unicode-segmentation
    /// finds ASCII words without its Unicode tables (looking them up per character was
    /// most of tokenizing), and between two ASCII words every piece is a run of spaces,
    /// a CR LF or one other character: the gap keeps the clause going if each of its
    /// characters would. A test compares the two paths on 20,000 strings.
    fn clauses_of_ascii(&self, text: &str, vocab: &mut Vocabulary, clauses: &mut Vec<Clause>) {
        let mut current: Clause = Vec::new();
        let mut end = 0;
        for (at, word) in text.unicode_word_indices() {
            if !keeps_clause(&text[end..at]) {
                flush(clauses, &mut current);
            }
            current.push(self.token(word, vocab));
            end = at + word.len();
        }
        if !keeps_clause(&text[end..]) {
            flush(clauses, &mut current);
        }
        flush(clauses, &mut current);
    }

    fn clauses_of_any(&self, text: &str, vocab: &mut Vocabulary, clauses: &mut Vec<Clause>) {
        let mut current: Clause = Vec::new();
        for piece in text.split_word_bounds() {
            if piece.chars().any(char::is_alphanumeric) {
                current.push(self.token(piece, vocab));
            } else if piece.chars().all(char::is_whitespace)
                || piece.chars().all(|c| matches!(c, '-' | '‐' | '/' | '&'))
            {
                // Spaces (a wrapped line too), hyphens and slashes keep a clause going.
            } else {
                flush(clauses, &mut current);
            }
        }
        flush(clauses, &mut current);
    }

    fn token(&self, word: &str, vocab: &mut Vocabulary) -> Token {
        if let Some(&token) = vocab.tokens.get(word) {
            return token;
        }
        let token = self.new_token(word, vocab);
        vocab.tokens.insert(word.into(), token);
        token
    }

    fn new_token(&self, word: &str, vocab: &mut Vocabulary) -> Token {
        let folded = fold(word);
        let stem = self.stemmer.stem(&folded);
        let bare: String = folded.chars().filter(|c| *c != '\'').collect();
        let negation = NEGATIONS.contains(&bare.as_str()) || folded.ends_with("n't");
        let stop = self.stop.contains(&folded) || !folded.chars().any(char::is_alphabetic);
        let surface = vocab.intern(&folded);
        let stem = vocab.intern(&stem);
        vocab.set_stem(surface, stem);
        Token::new(surface, stop, negation)
    }

    /// The stems of a lexicon entry or phrase written by a user ("buy again").
    pub fn stems(&self, phrase: &str, vocab: &mut Vocabulary) -> Vec<WordId> {
        self.clauses(phrase, vocab)
            .into_iter()
            .flatten()
            .map(|t| vocab.stem(t))
            .collect()
    }
}

/// Whether ASCII text between two words keeps a clause going: only spaces (a
/// wrapped line too), hyphens, slashes and ampersands.
fn keeps_clause(gap: &str) -> bool {
    gap.bytes()
        .all(|b| char::from(b).is_whitespace() || matches!(b, b'-' | b'/' | b'&'))
}

/// The parts of `text` between redaction marks.
fn without_redaction_marks(text: &str) -> Vec<&str> {
    // Every mark ends so; most texts hold none, and pay one search for it.
    if !text.contains("redacted)") {
        return vec![text];
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some((at, mark)) = MARKS
        .iter()
        .filter_map(|m| rest.find(m).map(|at| (at, m.len())))
        .min()
    {
        parts.push(&rest[..at]);
        rest = &rest[at + mark..];
    }
    parts.push(rest);
    parts
}

fn flush(clauses: &mut Vec<Clause>, current: &mut Clause) {
    if !current.is_empty() {
        // A copy of exactly its length: a corpus keeps every clause of every quote
        // (40,000 quotes at 10,000 calls), and the buffer's spare room is reused.
        clauses.push(current.clone());
        current.clear();
    }
}

/// Full Unicode case folding, with typographic apostrophes made straight so that
/// "don’t" and "don't" are one word.
pub fn fold(word: &str) -> String {
    UniCase::new(word)
        .to_folded_case()
        .replace(['\u{2019}', '\u{2018}', '\u{02bc}'], "'")
}

/// At most four words: a phrase's stems, padded with 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhraseKey(pub [WordId; 4]);

impl PhraseKey {
    /// The key of up to four stems.
    pub fn of(stems: &[WordId]) -> PhraseKey {
        let mut key = [0; 4];
        for (slot, s) in key.iter_mut().zip(stems) {
            *slot = *s;
        }
        PhraseKey(key)
    }

    /// Its words (1-4).
    pub fn len(&self) -> usize {
        self.0.iter().take_while(|&&w| w != 0).count()
    }

    /// Never true for a phrase found in text.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Its stems.
    pub fn stems(&self) -> &[WordId] {
        &self.0[..self.len()]
    }

    /// Whether `self` occurs as consecutive words inside `longer`.
    pub fn is_within(&self, longer: &PhraseKey) -> bool {
        let (a, b) = (self.stems(), longer.stems());
        a.len() < b.len() && b.windows(a.len()).any(|w| w == a)
    }
}

/// Longest phrase, in words.
pub const MAX_PHRASE_WORDS: usize = 4;

/// Every phrase of a clause: 1-4 consecutive words neither starting nor ending with a
/// stop word, given to `each` as its first word's position and its length. Plain
/// loops, not an iterator: this is the inner loop of every phrase table.
pub fn each_phrase(clause: &[Token], mut each: impl FnMut(usize, usize)) {
    for start in (0..clause.len()).filter(|&s| !clause[s].stop()) {
        for n in 1..=MAX_PHRASE_WORDS.min(clause.len() - start) {
            if !clause[start + n - 1].stop() {
                each(start, n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &Tokenizer, v: &mut Vocabulary, text: &str) -> Vec<Vec<String>> {
        t.clauses(text, v)
            .iter()
            .map(|c| c.iter().map(|w| v.text(w.surface()).to_string()).collect())
            .collect()
    }

    #[test]
    fn ascii_text_gives_the_clauses_of_the_unicode_path() {
        // Every mix of the characters the two paths treat differently, and more:
        // a deterministic walk over strings of this alphabet.
        let alphabet = crate::test_strings::chars("ab Z9_'.,;:-/&!?\n\r\t\x0b\x0c\x00\"(");
        let t = Tokenizer::default();
        let (mut va, mut vb) = (Vocabulary::default(), Vocabulary::default());
        let written =
            "The shoes are GREAT, but the check-out\r\nkept timing out. 3.5 don't e.g. a_b 1,000";
        let walk = crate::test_strings::strings(&alphabet, "", 11, 20_000, 0x2545_f491_4f6c_dd1d);
        for text in std::iter::once(written.to_string()).chain(walk) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            t.clauses_of_ascii(&text, &mut va, &mut a);
            t.clauses_of_any(&text, &mut vb, &mut b);
            let show = |v: &Vocabulary, c: &[Clause]| -> Vec<Vec<String>> {
                c.iter()
                    .map(|c| c.iter().map(|w| v.text(w.surface()).to_string()).collect())
                    .collect()
            };
            assert_eq!(show(&va, &a), show(&vb, &b), "{text:?}");
        }
    }

    #[test]
    fn clauses_break_at_punctuation_and_fold_case() {
        let t = Tokenizer::default();
        let mut v = Vocabulary::default();
        assert_eq!(
            words(
                &t,
                &mut v,
                "The shoes are GREAT, but the check-out\nkept timing out."
            ),
            [
                vec!["the", "shoes", "are", "great"],
                vec!["but", "the", "check", "out", "kept", "timing", "out"]
            ]
        );
        assert_eq!(
            words(&t, &mut v, "I don’t know"),
            [vec!["i", "don't", "know"]]
        );
        assert_eq!(
            words(&t, &mut v, "Straße"),
            [vec!["strasse"]],
            "full folding"
        );
    }

    #[test]
    fn redaction_marks_are_no_words_and_end_a_clause() {
        let t = Tokenizer::default();
        let mut v = Vocabulary::default();
        assert_eq!(
            words(
                &t,
                &mut v,
                "call me at (phone redacted) or (email redacted), card (card number redacted)"
            ),
            [vec!["call", "me", "at"], vec!["or"], vec!["card"]]
        );
        assert_eq!(
            words(&t, &mut v, "ref (redacted) and (customer id redacted) then"),
            [vec!["ref"], vec!["and"], vec!["then"]]
        );
        assert_eq!(
            words(&t, &mut v, "it was redacted (by legal)"),
            [vec!["it", "was", "redacted"], vec!["by", "legal"]],
            "the word itself is still a word"
        );
    }

    #[test]
    fn stems_match_inflections_and_flags_are_set() {
        let t = Tokenizer::default();
        let mut v = Vocabulary::default();
        assert_eq!(t.stems("loved", &mut v), t.stems("loves", &mut v));
        let c = &t.clauses("I wasn't happy with 10 of them", &mut v)[0];
        assert!(c[0].stop() && !c[0].negation(), "i");
        assert!(c[1].negation(), "wasn't");
        assert!(!c[2].stop(), "happy");
        assert!(c[4].stop(), "a bare number is no phrase end");
    }

    #[test]
    fn phrases_neither_start_nor_end_with_stop_words() {
        let t = Tokenizer::default();
        let mut v = Vocabulary::default();
        let c = &t.clauses("a wide toe box for my feet", &mut v)[0];
        let mut found: Vec<String> = Vec::new();
        each_phrase(c, |s, n| {
            found.push(
                c[s..s + n]
                    .iter()
                    .map(|w| v.text(w.surface()))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        });
        assert!(found.contains(&"wide toe box".to_string()));
        assert!(found.contains(&"box for my feet".to_string()));
        assert!(!found
            .iter()
            .any(|p| p.starts_with("a ") || p.ends_with(" for")));
        assert!(!found.iter().any(|p| p.split(' ').count() > 4));
    }

    #[test]
    fn phrase_keys_know_containment() {
        let a = PhraseKey::of(&[2, 3]);
        let b = PhraseKey::of(&[1, 2, 3]);
        assert!(a.is_within(&b) && !b.is_within(&a) && !a.is_within(&a));
        assert_eq!(b.len(), 3);
    }
}
