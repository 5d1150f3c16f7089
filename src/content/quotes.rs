//! Finding quotes in a call note's Markdown: blockquotes, their trailing `#tags`
//! and `^id`, and the heading each sits under.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

/// Markdown extensions used everywhere, so loading and rendering see the same blocks.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// A quote as written, before tags are resolved to opportunities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawQuote {
    /// The quote's Markdown, `>` markers, tags and id removed.
    pub markdown: String,
    /// `#slug` tags with their byte spans in the body.
    pub tags: Vec<(String, Range<usize>)>,
    /// `^id` with its byte span in the body.
    pub id: Option<(String, Range<usize>)>,
    /// A second `^id` on the same quote, which is an error.
    pub extra_ids: Vec<Range<usize>>,
    /// Trailing words that look like a `#tag` or `^id` but are not valid ones, which is an error.
    pub bad_markers: Vec<(String, Range<usize>)>,
    /// The nearest heading of level 1 or 2 above it.
    pub heading: Option<String>,
    /// Byte span of the whole blockquote in the body.
    pub span: Range<usize>,
}

/// Every top-level blockquote of `body`, in order. Nested blockquotes belong to their outer quote.
pub fn find_quotes(body: &str) -> Vec<RawQuote> {
    let mut quotes = Vec::new();
    let mut depth = 0usize;
    let mut heading: Option<String> = None;
    let mut heading_text: Option<(HeadingLevel, String)> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                heading_text = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) if depth == 0 => {
                if let Some((level, text)) = heading_text.take() {
                    if level <= HeadingLevel::H2 {
                        heading = Some(text.trim().to_string());
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading_text.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    quotes.push(read_quote(body, range, heading.clone()));
                }
            }
            _ => {}
        }
    }
    quotes
}

/// A letter, then letters, digits, `-` and `_`: what a `#tag` (and so an opportunity's
/// file name) may be.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Letters, digits and `-`: the characters a quote id may use.
pub fn is_quote_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn read_quote(body: &str, span: Range<usize>, heading: Option<String>) -> RawQuote {
    // Strip the `>` markers line by line, remembering where each inner line starts.
    let source = &body[span.clone()];
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut offset = span.start;
    for raw in source.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let mut start = indent;
        if line[indent..].starts_with('>') {
            start += 1;
            if line[start..].starts_with(' ') {
                start += 1;
            }
        } else {
            start = 0;
        }
        lines.push((offset + start, line[start..].to_string()));
        offset += raw.len();
    }
    while lines.last().is_some_and(|(_, l)| l.trim().is_empty()) {
        lines.pop();
    }

    let mut tags = Vec::new();
    let mut id = None;
    let mut extra_ids = Vec::new();
    let mut bad_markers = Vec::new();
    if let Some((line_offset, last)) = lines.last_mut() {
        let mut end = last.trim_end().len();
        loop {
            let head = &last[..end];
            let token_start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            let token = &head[token_start..];
            let token_span = *line_offset + token_start..*line_offset + end;
            if let Some(slug) = token.strip_prefix('#').filter(|s| is_slug(s)) {
                tags.push((slug.to_string(), token_span));
            } else if let Some(name) = token.strip_prefix('^').filter(|s| is_quote_id(s)) {
                if let Some(previous) = id.replace((name.to_string(), token_span)) {
                    extra_ids.push(previous.1);
                }
            } else {
                // `#word.` or `^my_id` where a marker belongs would silently untie the
                // quote and show the marker as the customer's words; say so instead.
                // `#1` and other hashes that do not start with a letter stay text.
                let looks_like_tag = token
                    .strip_prefix('#')
                    .and_then(|s| s.chars().next())
                    .is_some_and(|c| c.is_ascii_alphabetic());
                if looks_like_tag || token.starts_with('^') {
                    bad_markers.push((token.to_string(), token_span));
                }
                break;
            }
            end = last[..token_start].trim_end().len();
            if end == 0 {
                break;
            }
        }
        last.truncate(end);
        tags.reverse();
    }
    while lines.last().is_some_and(|(_, l)| l.trim().is_empty()) {
        lines.pop();
    }
    let markdown = lines
        .iter()
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    RawQuote {
        markdown,
        tags,
        id,
        extra_ids,
        bad_markers,
        heading,
        span,
    }
}

/// A quote's Markdown as one line of plain text.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_comment = false;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Raw HTML is shown as text on the pages, so it is part of the words;
            // comments are the writer's asides and are not.
            Event::Html(t) | Event::InlineHtml(t) => {
                if in_comment || t.trim_start().starts_with("<!--") {
                    in_comment = !t.contains("-->");
                } else {
                    out.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&out)
}

/// `text` with each run of whitespace one space and none at either end: the words of
/// `split_whitespace` joined by spaces, in one pass (every quote goes through here).
fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    if text.is_ascii() {
        let mut space = false;
        for b in text.bytes() {
            if char::from(b).is_whitespace() {
                space = !collapsed.is_empty();
            } else {
                if space {
                    collapsed.push(' ');
                    space = false;
                }
                collapsed.push(char::from(b));
            }
        }
    } else {
        for word in text.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
    }
    collapsed
}

/// The id of a quote without `^id`: the call's stem and a hash of its normalised words.
///
/// Normalising (lower case, words only) keeps the id when spacing, punctuation or
/// line wrapping change; the stem keeps ids apart across calls; position plays no
/// part, so quotes added or moved around it leave it alone.
pub fn derived_id(stem: &str, text: &str) -> String {
    format!("{stem}-{}", text_hash(text))
}

/// The part of a derived id that comes from the quote's words: 8 hex digits of the
/// SHA-256 of its words, lowercased and joined by single spaces.
pub fn text_hash(text: &str) -> String {
    // The words are fed to the hash one by one, the same bytes as joining them.
    let mut hasher = Sha256::new();
    let mut lower = String::new();
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for (i, word) in words.enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        if word.is_ascii() {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            hasher.update(lower.as_bytes());
        } else {
            // Full Unicode rules (a final sigma is not a medial one).
            hasher.update(word.to_lowercase().as_bytes());
        }
    }
    let digest = hasher.finalize();
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "\
## What problem were you trying to solve?

Runs 20 miles on weekends.

> I wanted something that wouldn't shred my heels past mile twelve. #blister-free-fit

## How well did our product solve it?

> Honestly the shoes are great, but the checkout kept timing out on my
> phone, so I gave up twice. #mobile-checkout ^checkout-timeout

> First paragraph.
>
> Second paragraph, no tags.
";

    #[test]
    fn whitespace_collapses_as_split_whitespace_joined() {
        let pieces = crate::test_strings::chars("a b\t\n\r\x0b\x0c\u{a0}é.");
        for text in crate::test_strings::strings(&pieces, "", 12, 5_000, 0x5DEE_CE66_D1CE_4E5B) {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(&text), joined, "{text:?}");
        }
    }

    #[test]
    fn text_hash_is_of_the_lowercased_words_joined_by_spaces() {
        for text in ["Crème BRÛLÉE, naïve!", "ΟΔΥΣΣΕΥΣ  sails -- HOME", "", "a"] {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let digest = Sha256::digest(words.join(" ").as_bytes());
            let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
            assert_eq!(text_hash(text), hex, "{text}");
        }
    }

    #[test]
    fn finds_quotes_with_tags_ids_and_headings() {
        let q = find_quotes(NOTE);
        assert_eq!(q.len(), 3);
        assert_eq!(
            q[0].tags.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            ["blister-free-fit"]
        );
        assert_eq!(
            q[0].heading.as_deref(),
            Some("What problem were you trying to solve?")
        );
        assert_eq!(
            q[1].markdown,
            "Honestly the shoes are great, but the checkout kept timing out on my\nphone, so I gave up twice."
        );
        assert_eq!(q[1].id.as_ref().unwrap().0, "checkout-timeout");
        assert_eq!(
            &NOTE[q[1].id.as_ref().unwrap().1.clone()],
            "^checkout-timeout"
        );
        assert_eq!(&NOTE[q[1].tags[0].1.clone()], "#mobile-checkout");
        assert_eq!(
            q[2].markdown,
            "First paragraph.\n\nSecond paragraph, no tags."
        );
        assert!(q[2].tags.is_empty() && q[2].id.is_none());
        assert_eq!(
            q[2].heading.as_deref(),
            Some("How well did our product solve it?")
        );
    }

    #[test]
    fn hashes_and_numbers_inside_the_text_are_not_tags() {
        let q = find_quotes("> it was my #1 pick, #sizing is hard\n");
        assert!(q[0].tags.is_empty());
        let q = find_quotes("> It is my #1 #size-guide\n");
        assert_eq!(q[0].markdown, "It is my #1");
        assert_eq!(q[0].tags[0].0, "size-guide");
    }

    #[test]
    fn tags_on_their_own_line_and_crlf() {
        let q = find_quotes("> Great shoes.\r\n> #size-guide ^a-1\r\n");
        assert_eq!(q[0].markdown, "Great shoes.");
        assert_eq!(q[0].tags[0].0, "size-guide");
        assert_eq!(q[0].id.as_ref().unwrap().0, "a-1");
    }

    #[test]
    fn nested_blockquotes_stay_in_their_quote() {
        let q = find_quotes("> outer\n> > inner #x\n");
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn derived_ids_ignore_spacing_case_and_punctuation() {
        let a = derived_id("2026-08-14-sarah", "Checkout kept   timing out!");
        let b = derived_id("2026-08-14-sarah", "checkout kept timing out");
        assert_eq!(a, b);
        assert!(a.starts_with("2026-08-14-sarah-") && a.len() == "2026-08-14-sarah-".len() + 8);
        assert_ne!(
            a,
            derived_id("2026-08-15-sarah", "checkout kept timing out")
        );
    }

    #[test]
    fn malformed_trailing_markers_are_reported_not_kept_as_words() {
        for (line, bad) in [
            ("> Great. #mobile-checkout ^my_id!\n", "^my_id!"),
            ("> Great. #aa.\n", "#aa."),
            ("> Great. ^\n", "^"),
        ] {
            let q = find_quotes(line);
            assert_eq!(q[0].bad_markers.len(), 1, "{line}");
            assert_eq!(q[0].bad_markers[0].0, bad);
            assert_eq!(&line[q[0].bad_markers[0].1.clone()], bad);
        }
        assert!(find_quotes("> it was my #1.\n")[0].bad_markers.is_empty());
        assert!(find_quotes("> fine #mobile-checkout\n")[0]
            .bad_markers
            .is_empty());
    }

    #[test]
    fn raw_html_is_part_of_the_words_but_comments_are_not() {
        assert_eq!(
            plain_text("<Ctrl> + <C> did nothing <!-- aside -->"),
            "<Ctrl> + <C> did nothing"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("A *big*\nproblem.\n\nReally."),
            "A big problem. Really."
        );
    }
}
