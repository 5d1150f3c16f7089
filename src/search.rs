//! The search index: a sharded inverted index written as JavaScript files.
//!
//! Search runs in the browser with no server. `fetch()` is refused on `file://`
//! pages by Chromium, so every part of the index is a script that registers itself
//! (`verbatimSearch.shard(...)`), loaded by inserting `<script src>` tags, which a
//! `script-src 'self'` policy allows. The browser loads `search/meta.js` (the shard
//! list and stop words) with the page; a query then loads only the shards of its
//! words and the document chunks of the results it shows.
//!
//! - Terms: lower-cased, accents folded, split on anything but `a-z0-9`, words of
//!   one letter and common stop words dropped (`assets/search.js` does the same).
//! - Shards: by the first two letters of a term; a shard over [`SHARD_POSTINGS`]
//!   postings splits into three-letter shards, and so on, so shards stay small as
//!   the site grows.
//! - Postings: document numbers, ascending, delta-coded in base 36.
//! - Documents: quotes (newest first), then opportunities, then calls, in chunks
//!   of [`CHUNK`]; a quote's document holds its words and who said it.
//!
//! Everything indexed comes from the model, where text is already redacted;
//! `customer_id` is not in it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::render::pages::{display_date, plural};

/// Documents per chunk file.
pub const CHUNK: usize = 100;
/// A shard with more postings than this is split by one more letter.
pub const SHARD_POSTINGS: usize = 4000;
/// The longest shard key: terms sharing five letters stay together.
const MAX_KEY: usize = 5;

/// Words too common to help a search; shared with the browser through `meta.js`.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have", "he",
    "her", "his", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
    "she", "so", "that", "the", "their", "them", "then", "there", "they", "this", "to", "us",
    "was", "we", "were", "with", "you", "your",
];

/// The longest of [`STOP_WORDS`], in bytes.
const STOP_WORD_MAX: usize = 5;

/// A term (ASCII letters and digits, at most eight) as one number; distinct
/// terms, distinct numbers.
const fn word_key(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        key = key << 8 | word[i] as u64;
        i += 1;
    }
    key
}

/// [`STOP_WORDS`] as numbers: millions of terms are checked, each with a few
/// integer compares rather than string compares.
const STOP_KEYS: [u64; STOP_WORDS.len()] = {
    let mut keys = [0; STOP_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(STOP_WORDS[i].as_bytes());
        i += 1;
    }
    keys
};

fn is_stop_word(term: &str) -> bool {
    term.len() <= STOP_WORD_MAX && STOP_KEYS.contains(&word_key(term.as_bytes()))
}

/// The terms of `text`, as the browser splits a query.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    let folded = fold(text);
    let mut out = Vec::new();
    each_term(&folded, |t| out.push(t.to_string()));
    out.into_iter()
}

/// `text` with every word folded as the browser folds a query (accents spelled
/// out, lower case), so its terms are plain slices of one string.
fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        // For ASCII text splitting by letters and digits before or after folding is
        // the same split.
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            return text.to_ascii_lowercase().into();
        }
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_ascii() {
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            out.push_str(&deunicode::deunicode(word).to_lowercase());
        }
        out.push(' ');
    }
    out.into()
}

/// Calls `f` with each term of `folded` (see [`fold`]) in order.
fn each_term<'a>(folded: &'a str, mut f: impl FnMut(&'a str)) {
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| t.len() > 1 && !is_stop_word(t))
        .for_each(&mut f);
}

/// One search result as the browser shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Document {
    /// `q` quote, `o` opportunity, `c` call.
    pub kind: &'static str,
    /// Site-relative URL.
    pub url: String,
    /// What is shown first: the quote, the opportunity's title, "Call with …".
    pub title: String,
    /// Who said it, or the opportunity's bucket and evidence, or the round.
    pub who: String,
    /// "14 Aug 2026", or empty.
    pub date: String,
}

/// One searchable thing of the site, by its index in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A quote.
    Quote(usize),
    /// An opportunity.
    Opportunity(usize),
    /// A call.
    Call(usize),
}

/// The documents of the site in search order: quotes of the newest calls first (so
/// equal matches list the newest first), then opportunities, then calls. Only their
/// indexes: each document's text and row are made when needed, a batch at a time,
/// so a large site's words are never all in memory at once.
pub fn documents(site: &Site) -> Vec<Source> {
    let mut docs =
        Vec::with_capacity(site.quotes.len() + site.calls.len() + site.opportunities.len());
    for c in (0..site.calls.len()).rev() {
        docs.extend(site.calls[c].quotes.iter().map(|&q| Source::Quote(q)));
    }
    docs.extend((0..site.opportunities.len()).map(Source::Opportunity));
    docs.extend((0..site.calls.len()).rev().map(Source::Call));
    docs
}

impl Source {
    /// The result row the browser shows.
    pub fn document(self, site: &Site, analysis: &Analysis) -> Document {
        match self {
            Source::Quote(q) => {
                let quote = &site.quotes[q];
                let call = &site.calls[quote.call];
                Document {
                    kind: "q",
                    url: format!("quotes/{}/index.html", quote.id),
                    title: quote.text.to_string(),
                    who: call.who(),
                    date: display_date(call.date),
                }
            }
            Source::Opportunity(o) => {
                let opp = &site.opportunities[o];
                Document {
                    kind: "o",
                    url: format!("opportunities/{}/index.html", opp.slug),
                    title: opp.title.clone(),
                    who: format!(
                        "{} · {} · {}",
                        opp.bucket.title(),
                        opp.status.as_str(),
                        plural(analysis.opportunities[o].evidence, "customer", "customers")
                    ),
                    date: String::new(),
                }
            }
            Source::Call(c) => {
                let call = &site.calls[c];
                Document {
                    kind: "c",
                    url: format!("calls/{}/index.html", call.stem),
                    title: format!("Call with {}", call.who()),
                    who: site.rounds[call.round].title.clone(),
                    date: display_date(call.date),
                }
            }
        }
    }

    /// The text it is found by.
    pub fn text(self, site: &Site) -> String {
        match self {
            Source::Quote(q) => {
                let quote = &site.quotes[q];
                let mut text = quote.text.to_string();
                text.push(' ');
                text.push_str(&site.calls[quote.call].who());
                text
            }
            Source::Opportunity(o) => {
                let opp = &site.opportunities[o];
                format!("{} {} {}", opp.title, opp.slug.replace('-', " "), opp.body)
            }
            Source::Call(c) => {
                let call = &site.calls[c];
                let mut text = call.who();
                text.push(' ');
                // The call's own notes: its quotes are documents of their own.
                let notes = call
                    .body
                    .lines()
                    .filter(|l| !l.trim_start().starts_with('>'));
                for (i, line) in notes.enumerate() {
                    if i > 0 {
                        text.push('\n');
                    }
                    text.push_str(line);
                }
                for extra in call
                    .segment
                    .iter()
                    .chain(call.interviewer.iter())
                    .chain(call.products.iter())
                {
                    text.push(' ');
                    text.push_str(extra);
                }
                text
            }
        }
    }
}

/// An inverted index: term → ascending document numbers.
pub type Postings = BTreeMap<String, Vec<u32>>;

/// Indexes the documents' texts: each document's distinct terms are found in
/// parallel, a batch at a time, then merged in document order, so postings come out
/// ascending. Batches keep the text and terms of only a few thousand documents in
/// memory: all of a 10,000-call site's at once were about 140 MB.
pub fn index(site: &Site, docs: &[Source]) -> Postings {
    use rayon::prelude::*;
    const BATCH: usize = 4096;
    // Merged on one thread, every term of every document: the fast hash (the terms
    // are the site's own words, no untrusted keys).
    let mut postings: rustc_hash::FxHashMap<String, Vec<u32>> = Default::default();
    for (b, batch) in docs.chunks(BATCH).enumerate() {
        // Each document's terms in order, as ranges of its folded text.
        let per_doc: Vec<(String, Vec<(u32, u32)>)> = batch
            .par_iter()
            .map(|doc| {
                let folded = fold(&doc.text(site)).into_owned();
                // Ranges rather than slices: the folded text moves to the merge.
                let base = folded.as_ptr() as usize;
                let mut ranges = Vec::new();
                each_term(&folded, |term| {
                    ranges.push(((term.as_ptr() as usize - base) as u32, term.len() as u32))
                });
                (folded, ranges)
            })
            .collect();
        for (i, (folded, ranges)) in per_doc.into_iter().enumerate() {
            let n = (b * BATCH + i) as u32;
            for (start, len) in ranges {
                let term = &folded[start as usize..(start + len) as usize];
                match postings.get_mut(term) {
                    // Documents come in order: a term already posted for this one
                    // is a repeat within it.
                    Some(list) if list.last() == Some(&n) => {}
                    Some(list) => list.push(n),
                    None => {
                        postings.insert(term.to_string(), vec![n]);
                    }
                }
            }
        }
    }
    postings.into_iter().collect()
}

/// Splits the terms into shards by leading letters; every shard holds at most
/// [`SHARD_POSTINGS`] postings unless its terms share [`MAX_KEY`] letters.
pub fn shards(postings: &Postings) -> BTreeMap<String, Vec<&str>> {
    let mut out = BTreeMap::new();
    let all: Vec<&str> = postings.keys().map(String::as_str).collect();
    split(postings, &all, 2, &mut out);
    out
}

fn key_of(term: &str, len: usize) -> String {
    term.chars().take(len).collect()
}

fn split<'a>(
    postings: &Postings,
    terms: &[&'a str],
    len: usize,
    out: &mut BTreeMap<String, Vec<&'a str>>,
) {
    let mut groups: BTreeMap<String, Vec<&'a str>> = BTreeMap::new();
    for &t in terms {
        groups.entry(key_of(t, len)).or_default().push(t);
    }
    for (key, members) in groups {
        let size: usize = members.iter().map(|t| postings[*t].len()).sum();
        if size <= SHARD_POSTINGS || len >= MAX_KEY {
            out.insert(key, members);
            continue;
        }
        // Terms as long as the key stay here; longer ones split by the next letter.
        let (short, long): (Vec<&str>, Vec<&str>) =
            members.into_iter().partition(|t| t.chars().count() <= len);
        if !short.is_empty() {
            out.insert(key, short);
        }
        split(postings, &long, len + 1, out);
    }
}

/// Delta-coded base-36 postings: `[3, 17, 18]` is `"3,e,1"`.
pub fn encode(list: &[u32]) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    let mut previous = 0;
    for (i, &n) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(&mut out, n - previous);
        previous = n;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

/// JSON safe to put in a script: `<` is escaped so no text can close the script.
fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .expect("search data serialises")
        .replace('<', "\\u003c")
}

#[derive(Serialize)]
struct Meta<'a> {
    docs: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    stop: &'a [&'a str],
}

/// Writes `search/meta.js`, the shards and the document chunks.
pub fn write(
    site: &Site,
    analysis: &Analysis,
    staging: &dyn crate::render::Sink,
) -> Result<(), Vec<Diagnostic>> {
    let docs = documents(site);
    let postings = index(site, &docs);
    let shards = shards(&postings);
    let mut errors = Vec::new();
    // Each file is written as soon as it is made: the index of a large site is tens
    // of megabytes, and holding all of it before writing is memory for nothing.
    let mut write = |path: &str, text: String| {
        if let Err(e) = staging.write(path, text.as_bytes()) {
            errors.push(Diagnostic::at_file(&e.path, e.message));
        }
    };
    let meta = Meta {
        docs: docs.len(),
        chunk: CHUNK,
        shards: shards.keys().map(String::as_str).collect(),
        stop: STOP_WORDS,
    };
    write(
        "search/meta.js",
        format!("window.verbatimSearchMeta = {};\n", script_json(&meta)),
    );
    for (key, members) in &shards {
        let mut body = String::from("{");
        for (i, term) in members.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!("\"{term}\":\"{}\"", encode(&postings[*term])));
        }
        body.push('}');
        write(
            &format!("search/shards/{key}.js"),
            format!("verbatimSearch.shard(\"{key}\",{body});\n"),
        );
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let chunk: Vec<Document> = chunk.iter().map(|d| d.document(site, analysis)).collect();
        let rows: Vec<[&str; 5]> = chunk
            .iter()
            .map(|d| [d.kind, &d.url, &d.title, &d.who, &d.date])
            .collect();
        write(
            &format!("search/docs/{n}.js"),
            format!("verbatimSearch.docs({n},{});\n", script_json(&rows)),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_fold_case_accents_and_stop_words() {
        let t: Vec<String> = terms("The Café's checkout kept TIMING out, 2x").collect();
        assert_eq!(t, ["cafe", "checkout", "kept", "timing", "out", "2x"]);
    }

    #[test]
    fn stop_words_are_known_by_their_keys() {
        assert!(STOP_WORDS.iter().all(|w| w.len() <= STOP_WORD_MAX));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        for word in ["a", "ad", "andy", "thei", "theirs", "n", "yours", "ans"] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn terms_of_folded_text_are_the_terms_of_each_folded_word() {
        // The split the browser makes: words first, each folded, then split again.
        fn word_by_word(text: &str) -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .flat_map(|w| {
                    deunicode::deunicode(w)
                        .to_lowercase()
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .filter(|t| t.len() > 1 && !STOP_WORDS.contains(t))
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        for text in [
            "Plain ASCII, with The stop words and 2x DIGITS",
            "Zoë's naïve café—ÆON straße; 東京 shop",
            "Ünïcödé-only",
            "",
        ] {
            assert_eq!(
                terms(text).collect::<Vec<_>>(),
                word_by_word(text),
                "{text}"
            );
        }
    }

    #[test]
    fn postings_are_delta_coded() {
        // 1000 - 18 = 982 = 27 × 36 + 10: "ra".
        assert_eq!(encode(&[3, 17, 18, 1000]), "3,e,1,ra");
    }

    #[test]
    fn big_shards_split_by_another_letter() {
        let mut postings = Postings::new();
        postings.insert("ch".into(), vec![1]);
        postings.insert("chair".into(), (0..SHARD_POSTINGS as u32).collect());
        postings.insert("check".into(), vec![1, 2]);
        postings.insert("cold".into(), vec![1]);
        let s = shards(&postings);
        let keys: Vec<&str> = s.keys().map(String::as_str).collect();
        assert_eq!(keys, ["ch", "cha", "che", "co"]);
        assert_eq!(s["ch"], ["ch"]);
    }
}
