//! Who the customers are, kept out of the site: `customer_id` values written in
//! text are redacted, in any case, and with `[privacy] publish = "wide"` every
//! customer name is replaced by a stable alias, in names, in text and in URLs made
//! from file names.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};

use super::notes::CallFront;
use crate::diagnostics::SourceFile;
use crate::model::{CustomerKey, Publish};
use crate::privacy::{AuditEntry, Kind, Privacy, CUSTOMER_ID_MARK};

/// How the customers of one site are shown.
pub struct Customers {
    wide: bool,
    aliases: HashMap<CustomerKey, String>,
    /// The `customer_id` values, in any ASCII case: "c-20001" is `C-20001` as much in
    /// another call's note as in its own (where `Privacy::scrub` finds it), and the
    /// guard stops any case of it.
    ids: Option<AhoCorasick>,
    /// Customer names (publishing wide), in their own case only, so "Will" does not
    /// hide "will".
    names: Option<AhoCorasick>,
    /// Per needle: what it is, and what replaces it outside its own call. The ids come
    /// first, by their pattern index in `ids`; then the names, after `name_base`.
    needles: Vec<Needle>,
    /// Index in `needles` of the first name.
    name_base: usize,
    /// What the privacy guard must stop (text, kind, file), told again to the guard of
    /// each load that reuses these customers.
    forbidden: Vec<(String, Kind, String)>,
}

struct Needle {
    text: String,
    kind: Kind,
    replacement: String,
    /// The customers it names; in a call with one of them, it is their alias.
    owners: Vec<CustomerKey>,
}

/// Who a call is with, for counting distinct customers: `customer_id`, else name and place.
pub fn customer_key(front: &CallFront) -> CustomerKey {
    match &front.customer_id {
        Some(id) => CustomerKey::Id(id.trim().to_string()),
        None => CustomerKey::NameAndPlace(
            front.customer.trim().to_lowercase(),
            front
                .location
                .as_deref()
                .unwrap_or("")
                .trim()
                .to_lowercase(),
        ),
    }
}

/// The words of a name worth hiding on their own: "Sarah Lee" hides "Sarah" and "Lee".
fn name_parts(name: &str) -> Vec<String> {
    let name = name.trim();
    let mut parts = vec![name.to_string()];
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 1 {
        parts.extend(
            words
                .iter()
                .filter(|w| w.chars().count() >= 3)
                .map(|w| w.to_string()),
        );
    }
    parts.retain(|p| p.chars().count() >= 2);
    parts
}

impl Customers {
    /// Learns every customer of the site from the calls' front matter (with their files,
    /// for the guard's "where from").
    pub fn new<'a>(
        fronts: impl IntoIterator<Item = (&'a CallFront, &'a str)>,
        privacy: &Privacy,
    ) -> Self {
        let wide = privacy.publish == Publish::Wide;
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut people: BTreeMap<CustomerKey, (String, String)> = BTreeMap::new();
        for (front, rel) in fronts {
            if let Some(id) = &front.customer_id {
                ids.entry(id.trim().to_string())
                    .or_insert_with(|| rel.to_string());
            }
            people
                .entry(customer_key(front))
                .or_insert_with(|| (front.customer.trim().to_string(), rel.to_string()));
        }
        let mut forbidden: Vec<(String, Kind, String)> = ids
            .iter()
            .map(|(id, rel)| (id.clone(), Kind::CustomerId, rel.clone()))
            .collect();

        // Aliases: 4 hex digits, 8 for customers whose 4 collide, so each is unique.
        let mut aliases: HashMap<CustomerKey, String> = HashMap::new();
        if wide {
            let mut by_short: HashMap<String, usize> = HashMap::new();
            for key in people.keys() {
                *by_short.entry(privacy.alias(key, 4)).or_default() += 1;
            }
            for key in people.keys() {
                let short = privacy.alias(key, 4);
                let alias = if by_short[&short] > 1 {
                    privacy.alias(key, 8)
                } else {
                    short
                };
                aliases.insert(key.clone(), alias);
            }
        }

        let mut needles: Vec<Needle> = ids
            .keys()
            .filter(|id| id.chars().count() >= 3)
            .map(|id| Needle {
                text: id.clone(),
                kind: Kind::CustomerId,
                replacement: CUSTOMER_ID_MARK.into(),
                owners: Vec::new(),
            })
            .collect();
        if wide {
            // A name two customers share is "a customer" outside their own calls.
            let mut owners: BTreeMap<String, Vec<&CustomerKey>> = BTreeMap::new();
            for (key, (name, rel)) in &people {
                for part in name_parts(name) {
                    forbidden.push((part.clone(), Kind::CustomerName, rel.clone()));
                    let list = owners.entry(part).or_default();
                    if !list.contains(&key) {
                        list.push(key);
                    }
                }
            }
            for (part, keys) in owners {
                let replacement = match keys.as_slice() {
                    [only] => aliases[*only].clone(),
                    _ => "a customer".to_string(),
                };
                needles.push(Needle {
                    text: part,
                    kind: Kind::CustomerName,
                    replacement,
                    owners: keys.into_iter().cloned().collect(),
                });
            }
        }
        let name_base = needles
            .iter()
            .position(|n| n.kind != Kind::CustomerId)
            .unwrap_or(needles.len());
        let build = |needles: &[Needle], caseless: bool| {
            (!needles.is_empty()).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(caseless)
                    .build(needles.iter().map(|n| n.text.as_str()))
                    .expect("literal ids and names")
            })
        };
        let customers = Customers {
            wide,
            aliases,
            ids: build(&needles[..name_base], true),
            names: build(&needles[name_base..], false),
            needles,
            name_base,
            forbidden,
        };
        customers.forbid_in(privacy);
        customers
    }

    /// Tells `privacy`'s guard the ids (and, publishing wide, the names) to stop.
    pub fn forbid_in(&self, privacy: &Privacy) {
        for (text, kind, rel) in &self.forbidden {
            privacy.forbid(text, *kind, rel.clone());
        }
    }

    /// Where `text` mentions an id or a name as a whole word: (span, index in
    /// `needles`), in order and not overlapping; where an id and a name overlap, the
    /// one starting first wins, else the longer.
    fn mentions(&self, text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        let mut found: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        for (matcher, base) in [(&self.ids, 0), (&self.names, self.name_base)] {
            let Some(matcher) = matcher else { continue };
            found.extend(
                matcher
                    .find_iter(text)
                    .filter(|m| is_word(text, m.start(), m.end()))
                    .map(|m| (m.range(), base + m.pattern().as_usize())),
            );
        }
        if self.ids.is_some() && self.names.is_some() {
            found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
            let mut end = 0;
            found.retain(|(r, _)| {
                let keep = r.start >= end;
                if keep {
                    end = r.end;
                }
                keep
            });
        }
        found
    }

    /// The name to show for a call's customer: the alias when publishing wide.
    pub fn shown_name(&self, front: &CallFront) -> String {
        match self.aliases.get(&customer_key(front)) {
            Some(alias) => alias.clone(),
            None => front.customer.clone(),
        }
    }

    /// A call's URL segment: its file stem, with the customer's name (a word of the
    /// stem, any case) replaced by the alias's slug when publishing wide.
    pub fn public_stem(&self, stem: &str, front: &CallFront) -> String {
        let Some(alias) = self.aliases.get(&customer_key(front)).filter(|_| self.wide) else {
            return stem.to_string();
        };
        // "Björn" is spelt `bjorn` in file names.
        let names: Vec<String> = front
            .customer
            .split_whitespace()
            .flat_map(|w| [w.to_lowercase(), deunicode::deunicode(w).to_lowercase()])
            .collect();
        let slug = alias.to_lowercase().replace(' ', "-");
        let mut out = String::with_capacity(stem.len() + slug.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if names.contains(&word.to_lowercase()) {
                out.push_str(&slug);
            } else {
                out.push_str(word);
            }
            word.clear();
        };
        for c in stem.chars() {
            if matches!(c, '-' | '_' | '.') {
                flush(&mut word, &mut out);
                out.push(c);
            } else {
                word.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// Whether a call's stem changes when published (so its page URL is an alias's).
    pub fn renames(&self, stem: &str, front: &CallFront) -> bool {
        self.public_stem(stem, front) != stem
    }

    /// Text with `customer_id` values and (publishing wide) customer names replaced;
    /// `own` is the customer of the call the text is from, whose alias is used for them.
    pub fn scrub(&self, text: &str, own: Option<&CustomerKey>) -> String {
        self.scrub_cow(text, own).into_owned()
    }

    /// [`Customers::scrub`], borrowing `text` when it mentions no one.
    pub fn scrub_cow<'t>(&self, text: &'t str, own: Option<&CustomerKey>) -> Cow<'t, str> {
        if self.needles.is_empty() {
            return Cow::Borrowed(text);
        }
        let mentions = self.mentions(text);
        if mentions.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (range, n) in mentions {
            let needle = &self.needles[n];
            out.push_str(&text[at..range.start]);
            match own.and_then(|key| {
                self.aliases
                    .get(key)
                    .filter(|_| needle.owners.contains(key))
            }) {
                Some(alias) => out.push_str(alias),
                None => out.push_str(&needle.replacement),
            }
            at = range.end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// A digest of everything [`Customers::scrub`], [`Customers::audit`],
    /// [`Customers::shown_name`] and [`Customers::public_stem`] depend on: equal digests
    /// treat every note alike, so what was worked out from a note can be reused.
    pub fn digest(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.wide.hash(&mut hasher);
        self.name_base.hash(&mut hasher);
        let mut aliases: Vec<_> = self.aliases.iter().collect();
        aliases.sort_unstable();
        aliases.hash(&mut hasher);
        for needle in &self.needles {
            (
                &needle.text,
                needle.kind,
                &needle.replacement,
                &needle.owners,
            )
                .hash(&mut hasher);
        }
        hasher.finish()
    }

    /// Where a file mentions a `customer_id` value or a name, besides the
    /// `customer_id` line itself: lines for the privacy audit.
    pub fn audit(&self, file: &SourceFile, rel: &str) -> Vec<AuditEntry> {
        let mut entries = Vec::new();
        let text = &file.text;
        let (mut line, mut counted) = (1, 0);
        for (range, n) in self.mentions(text) {
            let needle = &self.needles[n];
            let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let line_text = text[line_start..].trim_start();
            if needle.kind == Kind::CustomerId && line_text.starts_with("customer_id") {
                continue;
            }
            line += text[counted..range.start].matches('\n').count();
            counted = range.start;
            entries.push(AuditEntry {
                file: rel.to_string(),
                line,
                kind: needle.kind,
                replacement: (needle.kind == Kind::CustomerName)
                    .then(|| needle.replacement.clone()),
            });
        }
        entries
    }
}

fn is_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CallKind;

    fn front(customer: &str, id: &str) -> CallFront {
        CallFront {
            customer: customer.into(),
            location: Some("York".into()),
            date: chrono::NaiveDate::from_ymd_opt(2026, 9, 4).unwrap(),
            customer_id: Some(id.into()),
            products: Vec::new(),
            segment: None,
            interviewer: None,
            kind: CallKind::Discovery,
            follows_up: None,
            solved: None,
            recommend: None,
            aliases: Vec::new(),
        }
    }

    #[test]
    fn ids_are_found_in_any_case_and_names_only_in_their_own() {
        let privacy = Privacy::new(true, vec![], Publish::Wide, "a test key, long enough");
        let (jo, will) = (front("Jo", "C-20001"), front("Will", "C-20002"));
        let customers = Customers::new([(&jo, "calls/a.md"), (&will, "calls/b.md")], &privacy);
        let alias = customers.shown_name(&will);
        assert_eq!(
            customers.scrub("Will said c-20001, C-20001 and C-20002; we will see.", None),
            format!(
                "{alias} said {CUSTOMER_ID_MARK}, {CUSTOMER_ID_MARK} and {CUSTOMER_ID_MARK}; we will see."
            )
        );
        // Only as a whole word.
        assert_eq!(
            customers.scrub("xc-20001 c-200012", None),
            "xc-20001 c-200012"
        );
    }

    #[test]
    fn a_text_that_mentions_no_one_is_borrowed_not_copied() {
        let privacy = Privacy::new(true, vec![], Publish::Wide, "a test key, long enough");
        let will = front("Will", "C-20002");
        let customers = Customers::new([(&will, "calls/b.md")], &privacy);
        assert!(matches!(
            customers.scrub_cow("We will see.", None),
            Cow::Borrowed("We will see.")
        ));
        assert!(matches!(
            customers.scrub_cow("Will said so.", None),
            Cow::Owned(_)
        ));
    }
}
