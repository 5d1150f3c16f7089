//! Satisfaction, purchase-intent and friction words: the defaults, `[language]`
//! additions, and matching with simple negation ("not easy" is not satisfaction).

use rustc_hash::FxHashMap;

use super::tokenize::{Clause, Vocabulary, WordId};
use super::Tokenizer;
use crate::model::LanguageSettings;

/// The three kinds of word the page measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// "love", "comfortable", "works great".
    Satisfaction,
    /// "buy again", "recommend", "another pair".
    Intent,
    /// "gave up", "confusing", "timed out".
    Friction,
}

impl Category {
    /// All three, in display order.
    pub const ALL: [Category; 3] = [Category::Satisfaction, Category::Intent, Category::Friction];

    /// The key in `site.toml` `[language]`.
    pub fn key(self) -> &'static str {
        match self {
            Category::Satisfaction => "satisfaction",
            Category::Intent => "intent",
            Category::Friction => "friction",
        }
    }

    /// How the page names it.
    pub fn title(self) -> &'static str {
        match self {
            Category::Satisfaction => "Satisfaction",
            Category::Intent => "Purchase intent",
            Category::Friction => "Friction",
        }
    }

    /// The default words and phrases.
    pub fn defaults(self) -> &'static [&'static str] {
        match self {
            Category::Satisfaction => DEFAULT_SATISFACTION,
            Category::Intent => DEFAULT_INTENT,
            Category::Friction => DEFAULT_FRICTION,
        }
    }
}

/// Default satisfaction words; matched by stem, so "love" also finds "loved" and "loves".
pub const DEFAULT_SATISFACTION: &[&str] = &[
    "love",
    "great",
    "perfect",
    "perfectly",
    "comfortable",
    "comfy",
    "easy",
    "easier",
    "happy",
    "favorite",
    "favourite",
    "amazing",
    "excellent",
    "awesome",
    "fantastic",
    "impressed",
    "glad",
    "pleased",
    "delighted",
    "best",
    "nice",
    "smooth",
    "painless",
    "good",
    "works",
    "worked",
    "quick",
    "thanks",
    "thank you",
    "appreciate",
    "works great",
    "worth it",
    "worth every penny",
    "just right",
    "couldn't be happier",
    "no complaints",
    "exactly what i needed",
];

/// Default purchase-intent words and phrases.
pub const DEFAULT_INTENT: &[&str] = &[
    "buy again",
    "bought again",
    "order again",
    "ordered again",
    "reorder",
    "reordered",
    "buy another",
    "bought another",
    "another pair",
    "next pair",
    "recommend",
    "recommended",
    "will buy",
    "would buy",
    "i'd buy",
    "i'll buy",
    "i'd order",
    "i'll order",
    "going to buy",
    "gonna buy",
    "plan to buy",
    "buy from you",
    "keep buying",
    "stick with",
    "subscribe",
    "already ordered",
    "ordered a second",
    "loyal",
];

/// Default friction words and phrases.
pub const DEFAULT_FRICTION: &[&str] = &[
    "gave up",
    "give up",
    "giving up",
    "frustrating",
    "frustrated",
    "annoying",
    "annoyed",
    "confusing",
    "confused",
    "hard to",
    "difficult",
    "broke",
    "broken",
    "error",
    "timed out",
    "timing out",
    "kicked me",
    "stuck",
    "hassle",
    "pain",
    "slow",
    "complicated",
    "couldn't find",
    "disappointed",
    "disappointing",
    "waste",
    "problem",
    "struggled",
    "impossible",
    "fell apart",
    "sent it back",
    "send it back",
    "returned it",
];

/// How many words before an entry a negation reaches ("not really that easy").
pub const NEGATION_WINDOW: usize = 3;

/// One word or phrase of a category.
#[derive(Debug, Clone)]
pub struct Entry {
    /// As written.
    pub text: String,
    /// Its stems, matched against a clause's stems.
    pub stems: Vec<WordId>,
}

/// The three lists, ready to match.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Satisfaction, intent, friction.
    pub lists: [Vec<Entry>; 3],
    /// Whether each list replaced the defaults (else it extends them).
    pub replaced: [bool; 3],
    /// The entries (category, index) by their first stem: a text is read once, not
    /// once per entry.
    by_first: FxHashMap<WordId, Vec<(usize, usize)>>,
}

/// What a text's words say, per category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// Entries used, not negated: indexes into the category's list.
    pub used: [Vec<usize>; 3],
    /// Entries used only under a negation ("not easy").
    pub negated: [Vec<usize>; 3],
}

impl Lexicon {
    /// The defaults, extended or replaced by `[language]`.
    pub fn new(
        settings: &LanguageSettings,
        tokenizer: &Tokenizer,
        vocab: &mut Vocabulary,
    ) -> Lexicon {
        let mut replaced = [false; 3];
        let lists = Category::ALL.map(|c| {
            let extra = match c {
                Category::Satisfaction => &settings.satisfaction,
                Category::Intent => &settings.intent,
                Category::Friction => &settings.friction,
            };
            let replace = settings.replace.iter().any(|r| r == c.key());
            replaced[c as usize] = replace;
            let defaults = c
                .defaults()
                .iter()
                .filter(|_| !replace)
                .map(|s| s.to_string());
            let mut entries: Vec<Entry> = Vec::new();
            for text in defaults.chain(extra.iter().cloned()) {
                let stems = tokenizer.stems(&text, vocab);
                if !stems.is_empty() && !entries.iter().any(|e| e.stems == stems) {
                    entries.push(Entry { text, stems });
                }
            }
            entries
        });
        let mut by_first: FxHashMap<WordId, Vec<(usize, usize)>> = FxHashMap::default();
        for (c, list) in lists.iter().enumerate() {
            for (e, entry) in list.iter().enumerate() {
                by_first.entry(entry.stems[0]).or_default().push((c, e));
            }
        }
        Lexicon {
            lists,
            replaced,
            by_first,
        }
    }

    /// The entries `clauses` use, and those they use only negated.
    pub fn hits(&self, clauses: &[Clause], vocab: &Vocabulary) -> Hits {
        // (plain, negated) per entry, set while reading the words.
        let mut seen: [Vec<(bool, bool)>; 3] =
            std::array::from_fn(|c| vec![(false, false); self.lists[c].len()]);
        for clause in clauses {
            for start in 0..clause.len() {
                let Some(entries) = self.by_first.get(&vocab.stem(clause[start])) else {
                    continue;
                };
                for &(c, e) in entries {
                    let stems = &self.lists[c][e].stems;
                    let Some(window) = clause.get(start..start + stems.len()) else {
                        continue;
                    };
                    if !window
                        .iter()
                        .map(|&t| vocab.stem(t))
                        .eq(stems.iter().copied())
                    {
                        continue;
                    }
                    let before = &clause[start.saturating_sub(NEGATION_WINDOW)..start];
                    if before.iter().any(|t| t.negation()) {
                        seen[c][e].1 = true;
                    } else {
                        seen[c][e].0 = true;
                    }
                }
            }
        }
        let mut hits = Hits::default();
        for (c, entries) in seen.iter().enumerate() {
            for (e, &(plain, negated)) in entries.iter().enumerate() {
                if plain {
                    hits.used[c].push(e);
                } else if negated {
                    hits.negated[c].push(e);
                }
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(settings: &LanguageSettings, text: &str) -> (Lexicon, Hits) {
        let t = Tokenizer::default();
        let mut v = Vocabulary::default();
        let lex = Lexicon::new(settings, &t, &mut v);
        let clauses = t.clauses(text, &mut v);
        let h = lex.hits(&clauses, &v);
        (lex, h)
    }

    fn used(lex: &Lexicon, h: &Hits, c: Category) -> Vec<String> {
        h.used[c as usize]
            .iter()
            .map(|&e| lex.lists[c as usize][e].text.clone())
            .collect()
    }

    #[test]
    fn negated_words_do_not_count() {
        let s = LanguageSettings::default();
        let (lex, h) = hits(
            &s,
            "Honestly it was not easy. Checkout wasn't really that smooth.",
        );
        assert!(used(&lex, &h, Category::Satisfaction).is_empty(), "{h:?}");
        assert_eq!(h.negated[0].len(), 2, "easy and smooth, both negated");
        // A negation in another clause does not reach.
        let (lex, h) = hits(&s, "Not cheap, but so easy to order.");
        assert_eq!(used(&lex, &h, Category::Satisfaction), ["easy"]);
    }

    #[test]
    fn multi_word_entries_and_inflections_match() {
        let s = LanguageSettings::default();
        let (lex, h) = hits(
            &s,
            "I gave up twice. I'll definitely buy again; I loved them.",
        );
        assert_eq!(used(&lex, &h, Category::Friction), ["gave up"]);
        assert_eq!(used(&lex, &h, Category::Intent), ["buy again"]);
        assert_eq!(used(&lex, &h, Category::Satisfaction), ["love"]);
        let (_, h) = hits(&s, "I would never buy again");
        assert!(h.used[1].is_empty() && h.negated[1].len() == 1);
    }

    #[test]
    fn site_settings_extend_or_replace_the_defaults() {
        let s = LanguageSettings {
            satisfaction: vec!["dry all day".into()],
            friction: vec!["blisters".into()],
            replace: vec!["friction".into()],
            ..LanguageSettings::default()
        };
        let (lex, h) = hits(&s, "Dry all day, no blisters. Loved them. I gave up.");
        assert_eq!(
            used(&lex, &h, Category::Satisfaction),
            ["love", "dry all day"]
        );
        assert!(
            h.used[2].is_empty(),
            "`no blisters` is negated; `gave up` was replaced"
        );
        assert_eq!(lex.lists[2].len(), 1);
        assert!(lex.replaced[2] && !lex.replaced[0]);
    }
}
