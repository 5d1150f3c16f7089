//! VADER's compound score (Hutto & Gilbert 2014), the rules of the `vader_sentiment`
//! crate (MIT) step for step, with its lexicons, without its per-character and
//! per-word allocations: scoring 40,000 quotes through the crate took about 1.6 s of
//! CPU. The crate stays the lexicon's source and, in the tests, the oracle.
//!
//! The booster, negation and idiom lists are the crate's (private there), copied.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use unicase::UniCase;
use vader_sentiment::{EMOJI_LEXICON, LEXICON};

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const NEGATION_SCALAR: f64 = -0.740;
const QMARK_INCR: f64 = 0.180;
const EMARK_INCR: f64 = 0.292;
const MAX_EMARK: i32 = 4;
const MAX_QMARK: i32 = 3;
const MAX_QMARK_INCR: f64 = 0.96;
const NORMALIZATION_ALPHA: f64 = 15.0;
/// The crate's punctuation, as it writes it: ASCII's (`strip_punctuation` asks
/// `is_ascii_punctuation`).
#[cfg(test)]
const PUNCTUATION: &str = "[!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~]";

const NEGATIONS: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

const BOOSTERS: &[(&str, f64)] = &[
    ("absolutely", B_INCR),
    ("amazingly", B_INCR),
    ("awfully", B_INCR),
    ("completely", B_INCR),
    ("considerable", B_INCR),
    ("considerably", B_INCR),
    ("decidedly", B_INCR),
    ("deeply", B_INCR),
    ("effing", B_INCR),
    ("enormous", B_INCR),
    ("enormously", B_INCR),
    ("entirely", B_INCR),
    ("especially", B_INCR),
    ("exceptional", B_INCR),
    ("exceptionally", B_INCR),
    ("extreme", B_INCR),
    ("extremely", B_INCR),
    ("fabulously", B_INCR),
    ("flipping", B_INCR),
    ("flippin", B_INCR),
    ("frackin", B_INCR),
    ("fracking", B_INCR),
    ("fricking", B_INCR),
    ("frickin", B_INCR),
    ("frigging", B_INCR),
    ("friggin", B_INCR),
    ("fully", B_INCR),
    ("fuckin", B_INCR),
    ("fucking", B_INCR),
    ("fuggin", B_INCR),
    ("fugging", B_INCR),
    ("greatly", B_INCR),
    ("hella", B_INCR),
    ("highly", B_INCR),
    ("hugely", B_INCR),
    ("incredible", B_INCR),
    ("incredibly", B_INCR),
    ("intensely", B_INCR),
    ("major", B_INCR),
    ("majorly", B_INCR),
    ("more", B_INCR),
    ("most", B_INCR),
    ("particularly", B_INCR),
    ("purely", B_INCR),
    ("quite", B_INCR),
    ("really", B_INCR),
    ("remarkably", B_INCR),
    ("so", B_INCR),
    ("substantially", B_INCR),
    ("thoroughly", B_INCR),
    ("total", B_INCR),
    ("totally", B_INCR),
    ("tremendous", B_INCR),
    ("tremendously", B_INCR),
    ("uber", B_INCR),
    ("unbelievably", B_INCR),
    ("unusually", B_INCR),
    ("utter", B_INCR),
    ("utterly", B_INCR),
    ("very", B_INCR),
    ("almost", B_DECR),
    ("barely", B_DECR),
    ("hardly", B_DECR),
    ("just enough", B_DECR),
    ("kind of", B_DECR),
    ("kinda", B_DECR),
    ("kindof", B_DECR),
    ("kind-of", B_DECR),
    ("less", B_DECR),
    ("little", B_DECR),
    ("marginal", B_DECR),
    ("marginally", B_DECR),
    ("occasional", B_DECR),
    ("occasionally", B_DECR),
    ("partly", B_DECR),
    ("scarce", B_DECR),
    ("scarcely", B_DECR),
    ("slight", B_DECR),
    ("slightly", B_DECR),
    ("somewhat", B_DECR),
    ("sort of", B_DECR),
    ("sorta", B_DECR),
    ("sortof", B_DECR),
    ("sort-of", B_DECR),
];

const SPECIAL_IDIOMS: &[(&str, f64)] = &[
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
];

/// The lexicon's ASCII words in lower case; an ASCII token can only match those (the
/// lexicon's other words fold to non-ASCII).
static ASCII_LEXICON: LazyLock<FxHashMap<String, f64>> = LazyLock::new(|| {
    LEXICON
        .iter()
        .filter(|(k, _)| k.is_ascii())
        .map(|(k, v)| (k.to_ascii_lowercase(), *v))
        .collect()
});

/// Emoji descriptions by character: the crate looks each character up alone.
static EMOJI: LazyLock<FxHashMap<char, &'static str>> = LazyLock::new(|| {
    EMOJI_LEXICON
        .iter()
        .filter_map(|(k, v)| {
            let mut chars = k.chars();
            let c = chars.next()?;
            chars.next().is_none().then_some((c, *v))
        })
        .collect()
});

/// Every booster word, to find those inside a text in one pass: testing each of
/// them for being a substring was a third of scoring sentiment.
static BOOSTER_FINDER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(BOOSTERS.iter().map(|(word, _)| word)).expect("plain words"));

static ALL_CAPS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z\W]+$").expect("a valid pattern"));

/// Case-insensitive equality as the crate's `UniCase` keys compare.
fn same(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        UniCase::new(a) == UniCase::new(b)
    }
}

/// A token's valence and booster value, looked up once per token.
#[derive(Clone, Copy, Default)]
struct Word {
    valence: Option<f64>,
    booster: Option<f64>,
}

/// [`Word`] of every ASCII word that has either, in lower case: one lookup per
/// token, where asking the lexicon and the boosters apart was two (and each
/// neighbour of a valenced word was asked again).
static ASCII_WORDS: LazyLock<FxHashMap<String, Word>> = LazyLock::new(|| {
    let mut words: FxHashMap<String, Word> = ASCII_LEXICON
        .iter()
        .map(|(k, &v)| {
            let word = Word {
                valence: Some(v),
                booster: None,
            };
            (k.clone(), word)
        })
        .collect();
    for (k, v) in ASCII_BOOSTERS.iter() {
        words.entry(k.to_string()).or_default().booster = Some(*v);
    }
    words
});

impl Word {
    fn of(token: &str) -> Word {
        with_ascii_lower(token, |lower| {
            ASCII_WORDS.get(lower).copied().unwrap_or_default()
        })
        .unwrap_or_else(|| Word {
            valence: valence_of(token),
            booster: booster(token),
        })
    }
}

/// Boosters and negations by their lower-case (ASCII) words.
static ASCII_BOOSTERS: LazyLock<FxHashMap<&'static str, f64>> =
    LazyLock::new(|| BOOSTERS.iter().copied().collect());
static ASCII_NEGATIONS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| NEGATIONS.iter().copied().collect());

/// `f` of an ASCII token in lower case (on the stack: words are short), or `None`
/// for a token with other characters.
fn with_ascii_lower<T>(token: &str, f: impl FnOnce(&str) -> T) -> Option<T> {
    if !token.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 64];
    if token.len() > buf.len() {
        return Some(f(&token.to_ascii_lowercase()));
    }
    let lower = &mut buf[..token.len()];
    lower.copy_from_slice(token.as_bytes());
    lower.make_ascii_lowercase();
    Some(f(std::str::from_utf8(lower).expect("ASCII stays UTF-8")))
}

fn valence_of(token: &str) -> Option<f64> {
    with_ascii_lower(token, |lower| ASCII_LEXICON.get(lower).copied())
        .unwrap_or_else(|| LEXICON.get(&UniCase::new(token)).copied())
}

fn booster(token: &str) -> Option<f64> {
    with_ascii_lower(token, |lower| ASCII_BOOSTERS.get(lower).copied()).unwrap_or_else(|| {
        BOOSTERS
            .iter()
            .find(|(word, _)| same(word, token))
            .map(|(_, v)| *v)
    })
}

fn is_all_caps(token: &str) -> bool {
    if token.len() <= 1 {
        return false;
    }
    if token.is_ascii() {
        // `\W` among ASCII: anything but letters, digits and `_`.
        return token
            .bytes()
            .all(|b| b.is_ascii_uppercase() || !(b.is_ascii_alphanumeric() || b == b'_'));
    }
    ALL_CAPS.is_match(token)
}

fn is_negated(token: &str) -> bool {
    with_ascii_lower(token, |lower| ASCII_NEGATIONS.contains(lower))
        .unwrap_or_else(|| NEGATIONS.iter().any(|n| same(n, token)))
        || token.contains("n't")
}

fn normalize(score: f64) -> f64 {
    let norm = score / (score * score + NORMALIZATION_ALPHA).sqrt();
    norm.clamp(-1.0, 1.0)
}

fn strip_punctuation(token: &str) -> &str {
    // The crate's `PUNCTUATION` is ASCII's (a test holds them equal).
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.len() <= 1 {
        token
    } else {
        stripped
    }
}

fn with_emoji_described(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| EMOJI.contains_key(&c)) {
        return text.into();
    }
    let mut result = String::with_capacity(text.len() + 32);
    let mut prev_space = true;
    for c in text.chars() {
        if let Some(description) = EMOJI.get(&c) {
            if !prev_space {
                result.push(' ');
            }
            result.push_str(description);
            prev_space = false;
        } else {
            prev_space = c == ' ';
            result.push(c);
        }
    }
    result.into()
}

fn scalar_inc_dec(token: &str, word: Word, valence: f64, mixed_caps: bool) -> f64 {
    let Some(mut scalar) = word.booster else {
        return 0.0;
    };
    if valence < 0.0 {
        scalar *= -1.0;
    }
    if is_all_caps(token) && mixed_caps {
        if valence > 0.0 {
            scalar += C_INCR;
        } else {
            scalar -= C_INCR;
        }
    }
    scalar
}

fn negation_check(valence: f64, tokens: &[&str], start_i: usize, i: usize) -> f64 {
    let mut valence = valence;
    let is = |at: usize, word: &str| same(tokens[at], word);
    if start_i == 0 {
        if is_negated(tokens[i - 1]) {
            valence *= NEGATION_SCALAR;
        }
    } else if start_i == 1 {
        if is(i - 2, "never") && (is(i - 1, "so") || is(i - 1, "this")) {
            valence *= 1.25
        } else if is(i - 2, "without") && is(i - 1, "doubt") {
        } else if is_negated(tokens[i - 2]) {
            valence *= NEGATION_SCALAR;
        }
    } else if start_i == 2 {
        // The crate's precedence, kept: `a && b || c || d`.
        if is(i - 3, "never") && is(i - 2, "so")
            || is(i - 2, "this")
            || is(i - 1, "so")
            || is(i - 1, "this")
        {
            valence *= 1.25
        } else if is(i - 3, "without") && is(i - 2, "doubt") || is(i - 1, "doubt") {
        } else if is_negated(tokens[i - 3]) {
            valence *= NEGATION_SCALAR;
        }
    }
    valence
}

fn special_idioms_check(valence: f64, tokens: &[&str], i: usize) -> f64 {
    let mut valence = valence;
    let end_i = if tokens.len() - 1 > i {
        (i + 3).min(tokens.len())
    } else {
        i + 1
    };
    let window = tokens[i - 3..end_i].join(" ").to_lowercase();
    if let Some((_, v)) = SPECIAL_IDIOMS
        .iter()
        .find(|(idiom, _)| window.contains(idiom))
    {
        valence = *v;
    }
    let prev_three = tokens[i - 3..i].join(" ").to_lowercase();
    // Each booster contained in the three words before, once, in the list's order
    // (the order of the additions keeps the crate's floats).
    let mut found: Vec<usize> = BOOSTER_FINDER
        .find_overlapping_iter(&prev_three)
        .map(|m| m.pattern().as_usize())
        .collect();
    found.sort_unstable();
    found.dedup();
    for b in found {
        valence += BOOSTERS[b].1;
    }
    valence
}

fn least_check(valence: f64, tokens: &[&str], i: usize) -> f64 {
    // The crate's first rule (`at least` after `very`) never holds; the second is all.
    if i > 0 && same(tokens[i - 1], "least") {
        valence * NEGATION_SCALAR
    } else {
        valence
    }
}

fn sentiment_valence(
    tokens: &[&str],
    words: &[Word],
    mixed_caps: bool,
    word: &str,
    i: usize,
) -> f64 {
    let Some(mut valence) = words[i].valence else {
        return 0.0;
    };
    if is_all_caps(word) && mixed_caps {
        if valence > 0.0 {
            valence += C_INCR;
        } else {
            valence -= C_INCR
        }
    }
    for start_i in 0..3 {
        let before = i.wrapping_sub(start_i + 1);
        if i > start_i && words[before].valence.is_none() {
            let mut s = scalar_inc_dec(tokens[before], words[before], valence, mixed_caps);
            if start_i == 1 {
                s *= 0.95;
            } else if start_i == 2 {
                s *= 0.9
            }
            valence += s;
            valence = negation_check(valence, tokens, start_i, i);
            if start_i == 2 {
                valence = special_idioms_check(valence, tokens, i);
            }
        }
    }
    least_check(valence, tokens, i)
}

/// VADER's compound score of `text`, from −1 to +1.
pub fn compound(text: &str) -> f64 {
    let text = with_emoji_described(text);
    let tokens: Vec<&str> = text
        .split_whitespace()
        .filter(|s| s.len() > 1)
        .map(strip_punctuation)
        .collect();
    let (mut caps, mut non_caps) = (false, false);
    for token in &tokens {
        if is_all_caps(token) {
            caps = true;
        } else {
            non_caps = true;
        }
        if caps && non_caps {
            break;
        }
    }
    let mixed_caps = caps && non_caps;
    let words: Vec<Word> = tokens.iter().map(|t| Word::of(t)).collect();
    let mut sentiments: Vec<f64> = tokens
        .iter()
        .enumerate()
        .map(|(i, word)| {
            if words[i].booster.is_some()
                || (i + 1 < tokens.len() && same(word, "kind") && same(tokens[i + 1], "of"))
            {
                0.0
            } else {
                sentiment_valence(&tokens, &words, mixed_caps, word, i)
            }
        })
        .collect();
    if let Some(but) = tokens.iter().position(|t| same(t, "but")) {
        for (i, s) in sentiments.iter_mut().enumerate() {
            if i < but {
                *s *= 0.5;
            } else if i > but {
                *s *= 1.5;
            }
        }
    }
    if sentiments.is_empty() {
        return 0.0;
    }
    let exclamations = text.bytes().filter(|&b| b == b'!').count() as i32;
    let questions = text.bytes().filter(|&b| b == b'?').count() as i32;
    let mut emphasis = exclamations.min(MAX_EMARK) as f64 * EMARK_INCR;
    emphasis += if questions > MAX_QMARK {
        MAX_QMARK_INCR
    } else {
        questions as f64 * QMARK_INCR
    };
    let mut total: f64 = sentiments.iter().sum();
    if total > 0.0 {
        total += emphasis;
    } else {
        total -= emphasis;
    }
    normalize(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vader_sentiment::SentimentIntensityAnalyzer;

    fn crate_compound(text: &str) -> f64 {
        SentimentIntensityAnalyzer::new().polarity_scores(text)["compound"]
    }

    /// Texts built from the rules' own words, in a seeded order: boosters, negations,
    /// idioms, `but`, `kind of`, `at least`, capitals, marks and emoji.
    fn tricky_texts() -> Vec<String> {
        let words = [
            "good",
            "GOOD",
            "bad",
            "BAD",
            "love",
            "hate",
            "great",
            "terrible",
            "not",
            "never",
            "so",
            "this",
            "very",
            "VERY",
            "kind",
            "of",
            "at",
            "least",
            "without",
            "doubt",
            "but",
            "BUT",
            "the",
            "bomb",
            "shit",
            "yeah",
            "right",
            "kiss",
            "death",
            "die",
            "for",
            "to",
            "isn't",
            "didn't",
            "sort",
            "kinda",
            "barely",
            "extremely",
            "!!!",
            "??",
            "happy!",
            ",sad,",
            "😀",
            "😡",
            ":)",
            ":-(",
            "easy",
            "slow",
            "broken",
            "perfect",
            "I",
            "a",
            "it",
            "was",
            "fine",
            "ok",
            "LOL",
            "lol",
            "Ok",
            "no",
            "doesn't",
            "work",
        ];
        crate::test_strings::strings(&words, " ", 13, 20_000, 0x9E37_79B9_7F4A_7C15)
    }

    #[test]
    fn the_crates_punctuation_is_asciis() {
        for c in (0..=0x2000u32).filter_map(char::from_u32) {
            assert_eq!(PUNCTUATION.contains(c), c.is_ascii_punctuation(), "{c:?}");
        }
    }

    #[test]
    fn scores_as_the_vader_crate_does() {
        let sample = [
            "I love these boots, they are great",
            "The checkout was not easy and I gave up",
            "",
            "!!!",
            "kind of",
            "NOT GOOD at all BUT fine",
            "It was never so good, without doubt the best",
            "The zip code box kept jumping back to the top of the page. Every time I tapped it, whoosh, back to the top.",
            "I'd pay with Apple Pay if you had it. Typing a card number on the 92 bus is not happening.",
        ];
        let mut differ = 0;
        for text in sample.iter().map(|s| s.to_string()).chain(tricky_texts()) {
            let (ours, theirs) = (compound(&text), crate_compound(&text));
            // The crate sums boosts over a hash map, so its last bits vary by run.
            if (ours - theirs).abs() > 1e-9 {
                differ += 1;
                eprintln!("{text:?}: {ours} against {theirs}");
            }
        }
        assert_eq!(differ, 0);
    }
}
