//! Markdown to safe HTML.
//!
//! Two steps. First, on pulldown-cmark's event stream, raw HTML in notes becomes
//! text (a `<script>` in a quote reads as `<script>` on the page: writers paste
//! customers' words, not markup) and HTML comments are dropped (asides not meant to
//! be published). Then the HTML goes through ammonia, a maintained sanitiser, with
//! an allow-list of tags and attributes and links only to http, https, mailto or
//! relative URLs, so no hand-written rule decides what is safe.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};

use crate::content::quotes::markdown_options;

/// The sanitiser: ammonia's defaults (no scripts, styles, event handlers or
/// `javascript:`), narrowed to what Markdown produces and the schemes notes link to.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        // Task lists: `- [x] done` renders a disabled checkbox.
        .add_tags(["input", QUOTE_SLOT])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes(QUOTE_SLOT, ["data-n"])
        .add_tag_attributes("ol", ["start"])
        .strip_comments(true);
    b
});

/// Where a call's quote goes, kept through sanitising. Notes cannot write this
/// element themselves: their raw HTML became text before the sanitiser ran.
const QUOTE_SLOT: &str = "verbatim-quote";

/// Makes events safe to render: raw HTML becomes text, HTML comments are dropped.
#[derive(Default)]
struct Sanitiser {
    in_comment: bool,
}

impl Sanitiser {
    fn apply<'e>(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if self.in_comment || raw.trim_start().starts_with("<!--") {
                    self.in_comment = !raw.contains("-->");
                    return None;
                }
                Some(Event::Text(raw))
            }
            other => Some(other),
        }
    }
}

fn clean(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// Renders Markdown to sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let mut sanitiser = Sanitiser::default();
    let events = Parser::new_ext(markdown, markdown_options()).filter_map(|e| sanitiser.apply(e));
    html::push_html(&mut out, events);
    clean(&out)
}

/// Renders a call note, replacing its n-th top-level blockquote by `quote_html(n)`.
///
/// The loader found quotes as top-level blockquotes in the same order with the same
/// parser options, so the n-th blockquote here is the call's n-th quote.
pub fn call_to_html(markdown: &str, mut quote_html: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut depth = 0usize;
    let mut index = 0usize;
    let mut sanitiser = Sanitiser::default();
    let events = Parser::new_ext(markdown, markdown_options())
        .filter_map(|e| sanitiser.apply(e))
        .filter_map(|event| match event {
            Event::Start(Tag::BlockQuote(_)) => {
                depth += 1;
                None
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    index += 1;
                    Some(Event::Html(
                        format!("<{QUOTE_SLOT} data-n=\"{}\"></{QUOTE_SLOT}>", index - 1).into(),
                    ))
                } else {
                    None
                }
            }
            _ if depth > 0 => None,
            other => Some(other),
        });
    html::push_html(&mut out, events);
    // Sanitise the note's own Markdown, then put in the quote blocks the theme made.
    let cleaned = clean(&out);
    let mut html = String::with_capacity(cleaned.len() * 2);
    let open = format!("<{QUOTE_SLOT} data-n=\"");
    let close = format!("\"></{QUOTE_SLOT}>");
    let mut rest = cleaned.as_str();
    while let Some(at) = rest.find(&open) {
        html.push_str(&rest[..at]);
        let after = &rest[at + open.len()..];
        let Some(end) = after.find(&close) else {
            break;
        };
        if let Ok(n) = after[..end].parse::<usize>() {
            html.push_str(&quote_html(n));
        }
        rest = &after[end + close.len()..];
    }
    html.push_str(rest);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("Hi <script>alert(1)</script> <b>x</b>\n\n<div onclick=\"x\">y</div>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn html_comments_are_dropped() {
        let html = to_html("a <!-- secret --> b\n\n<!--\nprivate aside\n-->\n\nafter\n");
        assert!(
            !html.contains("secret") && !html.contains("private"),
            "{html}"
        );
        assert!(html.contains("after"), "{html}");
    }

    #[test]
    fn unsafe_links_are_neutralised() {
        let html = to_html("[a](javascript:alert(1)) [b](JaVa\tScript:x) [c](https://ok.example/) [d](../rel) ![i](data:x) [e](vbscript:x) [f](\"onmouseover=x)");
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.to_lowercase().contains("vbscript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(!html.contains("onmouseover=\""), "{html}");
        assert!(html.contains("href=\"https://ok.example/\""), "{html}");
        assert!(html.contains("href=\"../rel\""), "{html}");
    }

    #[test]
    fn call_quotes_are_replaced_in_order() {
        let md = "## Q\n\n> one #tag\n\ntext\n\n- item\n\n  > two\n  > > nested\n\n> three\n";
        let html = call_to_html(md, |n| format!("<QUOTE {n}>"));
        assert!(
            html.contains("<QUOTE 0>") && html.contains("<QUOTE 1>") && html.contains("<QUOTE 2>"),
            "{html}"
        );
        assert!(!html.contains("#tag") && !html.contains("nested"), "{html}");
        assert!(html.contains("<li>"), "{html}");
    }
}
