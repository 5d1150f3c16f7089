//! Markdown to safe HTML.
//!
//! Raw HTML in notes is shown as text, never passed through (a `<script>` in a
//! quote reads as `<script>` on the page), and links or images may only use
//! http, https, mailto or relative URLs. Working on pulldown-cmark's event stream
//! keeps this exact and cheap: no second HTML parse per page.

use pulldown_cmark::{html, CowStr, Event, Parser, Tag, TagEnd};

use crate::content::quotes::markdown_options;

/// Whether a link target is safe to emit: relative, or http(s) / mailto.
fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            matches!(&cleaned[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Makes events safe: raw HTML becomes text, HTML comments are dropped (writers
/// use them for asides not meant to be published), unsafe URLs become `#`.
#[derive(Default)]
struct Sanitiser {
    in_comment: bool,
}

impl Sanitiser {
    fn apply<'e>(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        if let Event::Html(raw) | Event::InlineHtml(raw) = &event {
            if self.in_comment || raw.trim_start().starts_with("<!--") {
                self.in_comment = !raw.contains("-->");
                return None;
            }
        }
        Some(sanitise(event))
    }
}

fn sanitise(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        other => other,
    }
}

/// Renders Markdown to sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let mut sanitiser = Sanitiser::default();
    let events = Parser::new_ext(markdown, markdown_options()).filter_map(|e| sanitiser.apply(e));
    html::push_html(&mut out, events);
    out
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
                    Some(Event::Html(quote_html(index - 1).into()))
                } else {
                    None
                }
            }
            _ if depth > 0 => None,
            other => Some(other),
        });
    html::push_html(&mut out, events);
    out
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
        let html = to_html("[a](javascript:alert(1)) [b](JaVa\tScript:x) [c](https://ok.example/) [d](../rel) ![i](data:x)");
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("href=\"https://ok.example/\""));
        assert!(html.contains("href=\"../rel\""));
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
