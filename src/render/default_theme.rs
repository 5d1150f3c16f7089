//! The default theme's most-rendered templates compiled to Rust: `quote.html`,
//! `call.html`, `round.html` and `opportunity.html` with `base.html` and the macros
//! they use.
//!
//! These four are nearly every page of a site (a call page and four quote pages per
//! call) and, through Tera, about a third of a build's CPU: Tera turns each view
//! into a tree of JSON values and walks the template for every page. Here each page
//! is written straight from its view, to the same bytes. The templates stay the
//! source: a site that overrides any of the files above is rendered by Tera from
//! its files, and `tests/default_theme.rs` builds sites with the theme's own
//! templates as overrides to check that both ways give identical pages.

use std::fmt::Display;

use super::figure::Figure;
use super::language::ShiftView;
use super::theme::escape_into;
use super::view::{
    CallPage, Common, OpportunityLink, OpportunityPage, QuoteCard, QuotePage, RoundPage,
};

/// The templates a page of each kind is made from; a site that overrides none of
/// them gets the compiled page.
pub fn sources(template: &str) -> &'static [&'static str] {
    match template {
        "quote.html" => &["quote.html", "base.html", "macros.html"],
        "call.html" => &["call.html", "base.html", "macros.html"],
        "round.html" => &["round.html", "base.html", "macros.html"],
        "opportunity.html" => &["opportunity.html", "base.html", "macros.html"],
        _ => &[],
    }
}

/// A page being written: template text as is, values escaped as Tera escapes them.
struct Html(String);

impl Html {
    fn raw(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    /// A `{{ value }}`: escaped.
    fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.0, s);
        self
    }

    /// A `{{ number }}`.
    fn num(&mut self, n: impl Display) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self.0, "{n}");
        self
    }

    /// `{{ root }}{{ url }}`.
    fn link(&mut self, root: &str, url: &str) -> &mut Self {
        self.text(root).text(url)
    }
}

/// Tera's truth of an optional string: set and not empty.
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// An optional fact of a page's `<dl class="facts">`: nothing when `value` is `None`.
fn fact(h: &mut Html, label: &str, value: Option<&str>) {
    if let Some(value) = value {
        h.raw("<div><dt>")
            .raw(label)
            .raw("</dt><dd>")
            .text(value)
            .raw("</dd></div>");
    }
}

/// `"s"` unless `n` is 1, as the templates' `{% if n != 1 %}s{% endif %}`.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The link-preview tags of `base.html`'s `share` block; `kind` and `title` are
/// what a page's own block changes.
fn share(h: &mut Html, c: &Common, kind: &str, title: &str) {
    h.raw("\n<meta property=\"og:type\" content=\"")
        .raw(kind)
        .raw("\">\n<meta property=\"og:title\" content=\"")
        .text(title)
        .raw("\">\n<meta property=\"og:description\" content=\"")
        .text(&c.description)
        .raw("\">\n<meta property=\"og:site_name\" content=\"")
        .text(&c.site.title)
        .raw("\">\n");
    if let Some(url) = given(&c.canonical) {
        h.raw("<link rel=\"canonical\" href=\"")
            .text(url)
            .raw("\"><meta property=\"og:url\" content=\"")
            .text(url)
            .raw("\">");
    }
    h.raw("\n<meta name=\"twitter:card\" content=\"summary\">\n<meta name=\"twitter:title\" content=\"")
        .text(title)
        .raw("\">\n<meta name=\"twitter:description\" content=\"")
        .text(&c.description)
        .raw("\">\n");
}

/// `base.html` around a page's `main` block.
fn base(
    c: &Common,
    capacity: usize,
    share_block: impl FnOnce(&mut Html),
    main: impl FnOnce(&mut Html),
) -> String {
    let mut h = Html(String::with_capacity(capacity));
    let root = c.root.as_str();
    h.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .raw(c.site.csp)
        .raw("\">\n<title>")
        .text(&c.title)
        .raw(" · ")
        .text(&c.site.title)
        .raw("</title>\n<meta name=\"description\" content=\"")
        .text(&c.description)
        .raw("\">\n");
    share_block(&mut h);
    h.raw("\n<link rel=\"icon\" href=\"")
        .text(root)
        .raw("assets/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"")
        .text(root)
        .raw("assets/verbatim.css\">\n<script src=\"")
        .text(root)
        .raw("assets/verbatim.js\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
    if let Some(frozen) = &c.site.frozen {
        h.raw("<div class=\"frozen-banner\" role=\"note\"><div class=\"wrap\">Frozen snapshot: the site as it stood at the end of ")
            .text(&frozen.quarter)
            .raw(" (")
            .text(&frozen.as_of_display)
            .raw("). It does not change. <a href=\"");
        match given(&frozen.live_url) {
            Some(url) => h.text(url),
            None => h.text(root).raw("../../index.html"),
        };
        h.raw("\">See the live site</a></div></div>");
    }
    let current = |h: &mut Html, here: bool| {
        if here {
            h.raw(" aria-current=\"page\"");
        }
    };
    let section = c.section;
    h.raw("\n<header class=\"site-header\">\n  <div class=\"wrap header-inner\">\n    <a class=\"brand\" href=\"")
        .text(root)
        .raw("index.html\">")
        .text(&c.site.title)
        .raw("</a>\n    <nav aria-label=\"Sections\">\n      <a href=\"")
        .text(root)
        .raw("index.html\"");
    current(&mut h, section == "dashboard");
    h.raw(">Dashboard</a>\n      <a href=\"")
        .text(root)
        .raw("opportunities/index.html\"");
    current(&mut h, section == "opportunities");
    h.raw(">Opportunities</a>\n      <a href=\"")
        .text(root)
        .raw("rounds/index.html\"");
    current(&mut h, section == "rounds" || section == "calls");
    h.raw(">Rounds</a>\n      <a href=\"")
        .text(root)
        .raw("metrics/index.html\"");
    current(&mut h, section == "metrics");
    h.raw(">Metrics</a>\n      <a href=\"")
        .text(root)
        .raw("language/index.html\"");
    current(&mut h, section == "language");
    h.raw(">Language</a>\n    </nav>\n    <form class=\"nav-search\" role=\"search\" action=\"")
        .text(root)
        .raw("search/index.html\" method=\"get\"><label class=\"visually-hidden\" for=\"nav-q\">Search quotes</label><input id=\"nav-q\" type=\"search\" name=\"q\" placeholder=\"Search quotes\" autocomplete=\"off\"></form>\n  </div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    main(&mut h);
    h.raw("\n</main>\n<footer class=\"site-footer\"><div class=\"wrap\">");
    if !c.site.company.is_empty() {
        h.text(&c.site.company).raw(" · ");
    }
    h.raw("Built with verbatim ").text(c.site.version);
    if c.site.frozen.is_none() {
        h.raw(" · <a href=\"")
            .text(root)
            .raw("archive/index.html\">Archive</a>");
    }
    h.raw("</div></footer>\n</body>\n</html>\n");
    h.0
}

/// `macros.html` `badge`.
fn badge(h: &mut Html, o: &OpportunityLink, root: &str) {
    h.raw("<a class=\"badge bucket-")
        .text(o.bucket)
        .raw("\" href=\"")
        .link(root, &o.url)
        .raw("\"><span class=\"bucket-word\">")
        .text(o.bucket_title)
        .raw("</span> ")
        .text(&o.title)
        .raw("</a>");
}

/// `macros.html` `status`.
fn status(h: &mut Html, s: &str) {
    h.raw("<span class=\"status status-")
        .text(&s.replace(' ', "-"))
        .raw("\">")
        .text(s)
        .raw("</span>");
}

/// `macros.html` `quote_card`; `here` is the page or heading the card sits under.
fn quote_card(h: &mut Html, q: &QuoteCard, root: &str, here: &str) {
    h.raw("\n<figure class=\"quote-card\">\n  <blockquote cite=\"")
        .link(root, &q.url)
        .raw("\">")
        .raw(&q.html)
        .raw("</blockquote>\n  <figcaption>\n    <span class=\"who\">— ")
        .text(&q.who)
        .raw("</span>, <time datetime=\"")
        .text(&q.date)
        .raw("\">")
        .text(&q.date_display)
        .raw("</time>\n    ");
    if &*q.round_url != here {
        h.raw("· <a href=\"")
            .link(root, &q.round_url)
            .raw("\">")
            .text(&q.round_title)
            .raw("</a>");
    }
    if q.call_kind == "follow-up" {
        h.raw(" · follow-up call");
    }
    h.raw("\n    <span class=\"card-links\"><a href=\"")
        .link(root, &q.url)
        .raw("\">Quote page</a> · <a href=\"")
        .link(root, &q.call_url)
        .raw("\">Call</a></span>\n    ");
    if !q.opportunities.is_empty() {
        h.raw("<span class=\"badges\">");
        for o in q.opportunities.iter().filter(|o| &*o.url != here) {
            badge(h, o, root);
            h.raw(" ");
        }
        h.raw("</span>");
    }
    h.raw("\n  </figcaption>\n</figure>\n");
}

/// `macros.html` `shift_table`.
fn shift_table(h: &mut Html, list: &[ShiftView], root: &str) {
    h.raw("\n<div class=\"table-scroll\"><table class=\"shifts\">\n<thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\" class=\"num\">Divergence</th><th scope=\"col\" class=\"num\">Words</th><th scope=\"col\">Words that moved it most</th></tr></thead>\n<tbody>");
    for s in list {
        h.raw("<tr><td><a href=\"")
            .link(root, &s.from.url)
            .raw("\">")
            .text(&s.from.title)
            .raw("</a></td><td><a href=\"")
            .link(root, &s.to.url)
            .raw("\">")
            .text(&s.to.title)
            .raw("</a></td><td class=\"num\">")
            .text(&s.divergence)
            .raw("</td><td class=\"num\">")
            .num(s.words_from)
            .raw(" → ")
            .num(s.words_to);
        if s.few_words {
            h.raw(" <span class=\"muted\">(few)</span>");
        }
        h.raw("</td><td><ul class=\"plain movers\">");
        for mv in &s.movers {
            h.raw("<li><span class=\"mover-")
                .text(mv.direction)
                .raw("\">")
                .raw(if mv.direction == "rose" { "↑" } else { "↓" })
                .raw(" ")
                .text(&mv.word)
                .raw("</span> <span class=\"muted\">")
                .text(&mv.from_percent)
                .raw(" → ")
                .text(&mv.to_percent);
            if let Some(phrase) = given(&mv.phrase) {
                h.raw(" · “").text(phrase).raw("”");
            }
            h.raw("</span></li>");
        }
        h.raw("</ul></td></tr>\n");
    }
    h.raw("</tbody></table></div>\n");
}

/// `macros.html` `figure`.
fn figure(h: &mut Html, f: &Figure, root: &str) {
    h.raw("\n<figure class=\"chart chart-")
        .text(f.kind)
        .raw("\" id=\"chart-")
        .text(&f.id)
        .raw("\">\n  <figcaption class=\"chart-title\">")
        .text(&f.title)
        .raw("</figcaption>\n  ");
    if f.empty {
        h.raw("<p class=\"chart-empty\">No data yet.</p>");
    } else {
        h.raw("\n  <div class=\"chart-wide\">")
            .raw(&f.wide_svg)
            .raw("</div>\n  <div class=\"chart-narrow\">")
            .raw(&f.narrow_svg)
            .raw("</div>\n  <details class=\"chart-data\">\n    <summary>Numbers behind this chart</summary>\n    <div class=\"table-scroll\"><table>\n      <thead><tr>");
        for c in &f.headers {
            h.raw("<th scope=\"col\"");
            if c.numeric {
                h.raw(" class=\"num\"");
            }
            h.raw(">").text(&c.text).raw("</th>");
        }
        h.raw("</tr></thead>\n      <tbody>");
        for row in &f.rows {
            h.raw("<tr>");
            for (i, c) in row.iter().enumerate() {
                if i == 0 {
                    h.raw("<th scope=\"row\">").text(&c.text).raw("</th>");
                } else {
                    h.raw("<td");
                    if c.numeric {
                        h.raw(" class=\"num\"");
                    }
                    h.raw(">").text(&c.text).raw("</td>");
                }
            }
            h.raw("</tr>\n      ");
        }
        h.raw("</tbody>\n    </table></div>\n  </details>\n  <p class=\"chart-csv\"><a href=\"")
            .link(root, &f.csv_url)
            .raw("\" download>Download the numbers (CSV)</a></p>\n  ");
    }
    h.raw("\n</figure>\n");
}

/// `quote.html`.
pub fn quote(v: &QuotePage) -> String {
    let c = &v.common;
    let root = c.root.as_str();
    let q = &v.quote;
    base(
        c,
        4096 + q.html.len(),
        |h| share(h, c, "article", &v.share_title),
        |h| {
            h.raw("\n\n<article class=\"quote-page\">\n<h1 class=\"visually-hidden\">Quote from ")
                .text(&q.who)
                .raw("</h1>\n<figure class=\"hero-quote\">\n  <blockquote>")
                .raw(&q.html)
                .raw("</blockquote>\n  <figcaption><span class=\"who\">— ")
                .text(&q.who)
                .raw("</span><br><time datetime=\"")
                .text(&q.date)
                .raw("\">")
                .text(&q.date_display)
                .raw("</time> · <a href=\"")
                .link(root, &q.round_url)
                .raw("\">")
                .text(&q.round_title)
                .raw("</a></figcaption>\n</figure>\n<p><button type=\"button\" class=\"copy-link\" data-url=\"")
                .text(&v.permalink)
                .raw("\" hidden>Copy link</button> <span class=\"copy-status\" aria-live=\"polite\"></span></p>\n<dl class=\"facts\">\n  <div><dt>Question</dt><dd>")
                .text(&q.question)
                .raw("</dd></div>\n  <div><dt>Call</dt><dd><a href=\"")
                .link(root, &q.call_url)
                .raw("\">")
                .text(&capitalize(q.call_kind))
                .raw(" call with ")
                .text(&q.customer)
                .raw("</a></dd></div>\n  ");
            fact(h, "Interviewer", given(&v.interviewer));
            h.raw("\n  ");
            fact(h, "Segment", given(&v.segment));
            h.raw("\n  <div><dt>Supports</dt><dd>");
            for o in &q.opportunities {
                badge(h, o, root);
                h.raw(" ");
            }
            if q.opportunities.is_empty() {
                h.raw("<span class=\"muted\">No opportunity yet</span>");
            }
            h.raw("</dd></div>\n</dl>\n</article>\n");
        },
    )
}

/// Tera's `capitalize`: the first character upper case, the rest lower case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// `call.html`.
pub fn call(v: &CallPage) -> String {
    let c = &v.common;
    let root = c.root.as_str();
    let call = &v.call;
    base(
        c,
        4096 + v.body_html.len(),
        |h| share(h, c, "website", &c.title),
        |h| {
            h.raw("\n\n<p class=\"crumbs\"><a href=\"")
                .text(root)
                .raw("rounds/index.html\">Rounds</a> › <a href=\"")
                .link(root, &call.round_url)
                .raw("\">")
                .text(&call.round_title)
                .raw("</a></p>\n<h1>Call with ")
                .text(&call.who)
                .raw("</h1>\n<dl class=\"facts\">\n  <div><dt>Date</dt><dd><time datetime=\"")
                .text(&call.date)
                .raw("\">")
                .text(&call.date_display)
                .raw("</time></dd></div>\n  <div><dt>Kind</dt><dd>")
                .text(call.kind)
                .raw("</dd></div>\n  ");
            fact(h, "Segment", given(&call.segment));
            h.raw("\n  ");
            let products = call.products.join(", ");
            // `{% if c.products | length > 0 %}`: a list of one empty name still shows.
            fact(
                h,
                "Products",
                (!call.products.is_empty()).then_some(products.as_str()),
            );
            h.raw("\n  ");
            fact(h, "Interviewer", given(&call.interviewer));
            h.raw("\n  <div><dt>Quotes</dt><dd>")
                .num(call.quotes)
                .raw("</dd></div>\n</dl>\n");
            if let Some(f) = &call.follow_up {
                h.raw("<p class=\"callout\">Follow-up on ");
                badge(h, &f.opportunity, root);
                if let Some(solved) = f.solved.filter(|s| !s.is_empty()) {
                    h.raw(" · solved: <strong>").text(solved).raw("</strong>");
                }
                if let Some(n) = f.recommend {
                    h.raw(" · would recommend: <strong>")
                        .num(n)
                        .raw("/10</strong>");
                }
                h.raw("</p>");
            }
            h.raw("\n<div class=\"note-body\">")
                .raw(&v.body_html)
                .raw("</div>\n");
        },
    )
}

/// `round.html`.
pub fn round(v: &RoundPage) -> String {
    let c = &v.common;
    let root = c.root.as_str();
    let r = &v.round;
    let cards: usize = v
        .by_opportunity
        .iter()
        .map(|g| g.quotes.len())
        .sum::<usize>()
        + v.untagged.len();
    base(
        c,
        8192 + cards * 1536 + v.calls.len() * 256,
        |h| share(h, c, "website", &c.title),
        |h| {
            h.raw("\n\n<p class=\"crumbs\"><a href=\"")
                .text(root)
                .raw("rounds/index.html\">Rounds</a></p>\n<h1>")
                .text(&r.title)
                .raw("</h1>\n<p class=\"meta\">")
                .text(&r.dates)
                .raw("</p>\n");
            if let Some(goal) = given(&r.goal) {
                h.raw("<p class=\"lede\">").text(goal).raw("</p>");
            }
            h.raw("\n<ul class=\"stats\"><li><span class=\"stat-value\">")
                .num(r.calls)
                .raw("</span> <span class=\"stat-label\">Calls</span></li><li><span class=\"stat-value\">")
                .num(r.customers)
                .raw("</span> <span class=\"stat-label\">Customers</span></li><li><span class=\"stat-value\">")
                .num(r.quotes)
                .raw("</span> <span class=\"stat-label\">Quotes</span></li></ul>\n");
            if !v.new_opportunities.is_empty() {
                h.raw("<section aria-labelledby=\"new-h\"><h2 id=\"new-h\">New opportunities first raised in this round</h2><p>");
                for o in &v.new_opportunities {
                    badge(h, o, root);
                    h.raw(" ");
                }
                h.raw("</p></section>");
            }
            h.raw("\n<section aria-labelledby=\"calls-h\"><h2 id=\"calls-h\">Calls</h2>\n<div class=\"table-scroll\"><table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Customer</th><th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Quotes</th></tr></thead>\n<tbody>");
            for call in &v.calls {
                h.raw("<tr><td><time datetime=\"")
                    .text(&call.date)
                    .raw("\">")
                    .text(&call.date_display)
                    .raw("</time></td><td><a href=\"")
                    .link(root, &call.url)
                    .raw("\">")
                    .text(&call.who)
                    .raw("</a></td><td>")
                    .text(call.kind)
                    .raw("</td><td class=\"num\">")
                    .num(call.quotes)
                    .raw("</td></tr>");
            }
            h.raw("</tbody></table></div>\n</section>\n<section aria-labelledby=\"byopp-h\"><h2 id=\"byopp-h\">What we heard, by opportunity</h2>\n");
            for g in &v.by_opportunity {
                let n = g.quotes.len();
                h.raw("<h3><a href=\"")
                    .link(root, &g.opportunity.url)
                    .raw("\">")
                    .text(&g.opportunity.title)
                    .raw("</a> <span class=\"bucket-tag bucket-")
                    .text(g.opportunity.bucket)
                    .raw("\">")
                    .text(g.opportunity.bucket_title)
                    .raw("</span> <span class=\"muted\">")
                    .num(n)
                    .raw(" quote")
                    .raw(plural(n))
                    .raw("</span></h3>\n");
                for q in &g.quotes {
                    quote_card(h, q, root, &r.url);
                }
            }
            if v.by_opportunity.is_empty() {
                h.raw("<p class=\"muted\">No tagged quotes in this round.</p>");
            }
            h.raw("\n");
            if !v.untagged.is_empty() {
                h.raw("<h3>Not tagged with an opportunity</h3>");
                for q in &v.untagged {
                    quote_card(h, q, root, &r.url);
                }
            }
            h.raw("\n</section>\n");
        },
    )
}

/// `opportunity.html`.
pub fn opportunity(v: &OpportunityPage) -> String {
    let c = &v.common;
    let root = c.root.as_str();
    let o = &v.opportunity;
    let cards: usize = v.groups.iter().map(|g| g.quotes.len()).sum();
    base(
        c,
        16384 + cards * 1536,
        |h| share(h, c, "website", &c.title),
        |h| opportunity_main(h, v, root, o),
    )
}

fn opportunity_main(
    h: &mut Html,
    v: &OpportunityPage,
    root: &str,
    o: &super::view::OpportunityRow,
) {
    let here = &*o.link.url;
    h.raw("\n\n<p class=\"crumbs\"><a href=\"")
        .text(root)
        .raw("opportunities/index.html\">Opportunities</a> › <a href=\"")
        .text(root)
        .raw("opportunities/index.html#")
        .text(o.link.bucket)
        .raw("\">")
        .text(o.link.bucket_title)
        .raw("</a></p>\n<h1>")
        .text(&o.link.title)
        .raw("</h1>\n<p class=\"meta\"><span class=\"bucket-tag bucket-")
        .text(o.link.bucket)
        .raw("\">")
        .text(o.link.bucket_title)
        .raw("</span> ");
    status(h, o.link.status);
    if let Some(verdict) = o.verdict.filter(|s| !s.is_empty()) {
        h.raw(" ");
        status(h, verdict);
    }
    if o.quick_win {
        h.raw(" <span class=\"qw\">Quick win</span>");
    }
    h.raw("</p>\n");
    match &v.lead {
        Some(lead) => {
            h.raw(
                "\n<section class=\"lead\" aria-label=\"Lead quote\">\n  <p class=\"lead-intro\">",
            )
            .text(v.lead_intro.as_deref().unwrap_or_default())
            .raw("</p>\n  <figure class=\"hero-quote\">\n    <blockquote cite=\"")
            .link(root, &lead.url)
            .raw("\">")
            .raw(&lead.html)
            .raw("</blockquote>\n    <figcaption>— ")
            .text(&lead.who)
            .raw(", <time datetime=\"")
            .text(&lead.date)
            .raw("\">")
            .text(&lead.date_display)
            .raw("</time> · <a href=\"")
            .link(root, &lead.url)
            .raw("\">Quote page</a> · <a href=\"")
            .link(root, &lead.call_url)
            .raw("\">Call</a></figcaption>\n  </figure>\n  ");
            if v.lead_picked {
                h.raw("<p class=\"note\">Lead quote picked automatically: ")
                    .text(v.lead_rule)
                    .raw(". Set <code>lead</code> in the opportunity's front matter to choose another.</p>");
            }
            h.raw("\n</section>\n");
        }
        None => {
            h.raw("\n<p class=\"callout\">No customer has been quoted on this yet. Tag a quote with <code>#")
                .text(&o.link.slug)
                .raw("</code> to add evidence.</p>\n");
        }
    }
    h.raw("\n<dl class=\"facts\">\n  <div><dt>Impact</dt><dd>")
        .num(o.impact)
        .raw(" / 5</dd></div>\n  <div><dt>Complexity</dt><dd>")
        .num(o.complexity)
        .raw(" / 5</dd></div>\n  <div><dt>Score</dt><dd>")
        .text(&o.score)
        .raw(" <span class=\"muted\">(")
        .text(&v.formula)
        .raw(")</span></dd></div>\n  <div><dt>Evidence</dt><dd>")
        .num(o.evidence)
        .raw(" customer")
        .raw(plural(o.evidence))
        .raw(", ")
        .num(o.quotes)
        .raw(" quote")
        .raw(plural(o.quotes))
        .raw("</dd></div>\n  <div><dt>Rank</dt><dd>#")
        .num(o.rank)
        .raw(" in ")
        .text(o.link.bucket_title)
        .raw("</dd></div>\n</dl>\n");
    if !v.dates.is_empty() {
        h.raw("\n<section aria-labelledby=\"tl-h\"><h2 id=\"tl-h\">Timeline</h2>\n<ol class=\"timeline\">");
        for d in &v.dates {
            h.raw("<li><strong>")
                .text(d.label)
                .raw("</strong> <time datetime=\"")
                .text(&d.date)
                .raw("\">")
                .text(&d.date_display)
                .raw("</time>");
            if let Some(url) = given(&d.url) {
                h.raw(" in <a href=\"")
                    .link(root, url)
                    .raw("\">")
                    .text(d.detail.as_deref().unwrap_or_default())
                    .raw("</a>");
            }
            h.raw(" <span class=\"muted\">· ")
                .num(d.evidence)
                .raw(" customer")
                .raw(plural(d.evidence))
                .raw(" by then</span></li>");
        }
        h.raw("</ol>\n</section>");
    }
    h.raw("\n");
    if !v.launch_figures.is_empty() {
        h.raw("\n<section class=\"launch-metrics\" aria-labelledby=\"lm-h\"><h2 id=\"lm-h\">Metrics around the launch</h2>\n<p class=\"muted\">Conversion and average order value from ")
            .text(&v.launch_window)
            .raw(" before the launch to ")
            .text(&v.launch_window)
            .raw(" after it, the test group against everyone. <a href=\"")
            .text(root)
            .raw("metrics/index.html\">All metrics</a></p>\n<div class=\"chart-grid\">");
        for f in &v.launch_figures {
            figure(h, f, root);
        }
        h.raw("</div>\n</section>");
    }
    h.raw("\n");
    if let Some(val) = &v.validation {
        validation(h, val, root, here);
    }
    h.raw("\n");
    if !v.phrases.is_empty() {
        h.raw("<section aria-labelledby=\"phrases-h\"><h2 id=\"phrases-h\">How its customers put it</h2>\n<p class=\"muted\">Phrases at least two of its customers used, most customers first. <a href=\"")
            .text(root)
            .raw("language/index.html\">Customer language across all calls</a></p>\n<ul class=\"plain phrase-list\">");
        for p in &v.phrases {
            h.raw("<li><strong class=\"phrase\">“")
                .text(&p.text)
                .raw("”</strong> <span class=\"muted\">")
                .text(&p.customers_label)
                .raw(" · first heard ")
                .text(&p.first_heard);
            if let Some(n) = p.in_reviews {
                h.raw(" · ");
                if n > 0 {
                    h.raw("in ").num(n).raw(" review").raw(plural(n));
                } else {
                    h.raw("not in reviews");
                }
            }
            h.raw("</span> <a href=\"")
                .link(root, &p.first_quote.url)
                .raw("\">First quote</a></li>");
        }
        h.raw("</ul>\n</section>");
    }
    h.raw("\n");
    if !v.shifts.is_empty() {
        h.raw("<section aria-labelledby=\"shift-h\"><h2 id=\"shift-h\">How its customers' words shifted</h2>\n<p class=\"muted\">Between consecutive rounds in which it was quoted: the Jensen-Shannon divergence of the word distributions of its quotes (0 = the same words in the same proportions, 1 = no word in common), with the words that moved it most. <a href=\"")
            .text(root)
            .raw("language/index.html#shift-h\">Shifts across all calls</a></p>\n");
        shift_table(h, &v.shifts, root);
        h.raw("\n</section>");
    }
    h.raw("\n");
    if !v.body_html.is_empty() {
        h.raw("<section class=\"writeup\" aria-labelledby=\"wu-h\"><h2 id=\"wu-h\">What the team understands</h2>")
            .raw(&v.body_html)
            .raw("</section>");
    }
    h.raw("\n<section aria-labelledby=\"all-h\"><h2 id=\"all-h\">Every quote (")
        .num(o.quotes)
        .raw(")</h2>\n");
    for g in &v.groups {
        h.raw("<h3 id=\"q-")
            .text(&g.key)
            .raw("\">")
            .text(&g.question)
            .raw("</h3>\n");
        for q in &g.quotes {
            quote_card(h, q, root, here);
        }
    }
    if v.groups.is_empty() {
        h.raw("<p class=\"muted\">No quotes yet.</p>");
    }
    h.raw("\n</section>\n");
}

/// The `validation` section of `opportunity.html`.
fn validation(h: &mut Html, v: &super::view::ValidationView, root: &str, here: &str) {
    h.raw("\n<section class=\"validation\" aria-labelledby=\"val-h\"><h2 id=\"val-h\">Did it work? Follow-up calls</h2>\n<p>");
    status(h, v.verdict);
    h.raw(" Launched ")
        .text(&v.launched_display)
        .raw(". ")
        .num(v.calls)
        .raw(" follow-up call")
        .raw(plural(v.calls))
        .raw(", ")
        .num(v.in_window)
        .raw(" within ")
        .num(v.window_days)
        .raw(" days (by ")
        .text(&v.window_end_display)
        .raw("); target ")
        .num(v.target)
        .raw(":\n");
    if v.target_met {
        h.raw("<strong>met</strong>.");
    } else {
        h.raw("<strong>")
            .num(v.missing_calls)
            .raw(" missing</strong>");
        if v.window_open {
            h.raw(", ").num(v.days_left).raw(" days left");
        } else {
            h.raw(", window closed");
        }
        h.raw(".");
    }
    h.raw("</p>\n");
    if let Some(first) = v.solved.first().filter(|s| s.n > 0) {
        h.raw("\n<table class=\"shares\"><caption>Did this solve the problem you described? (n = ")
            .num(first.n)
            .raw(", 95% intervals)</caption>\n<tbody>");
        for s in &v.solved {
            h.raw("<tr><th scope=\"row\">")
                .text(s.label)
                .raw("</th><td class=\"num\">")
                .num(s.count)
                .raw("</td><td class=\"num\">")
                .text(&s.percent)
                .raw("</td><td class=\"muted\">")
                .text(&s.interval)
                .raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
    h.raw("\n");
    if let Some(nps) = &v.nps {
        h.raw("<p><strong>Net Promoter Score ")
            .text(&nps.score)
            .raw("</strong> <span class=\"muted\">95% interval ")
            .text(&nps.interval)
            .raw(", n = ")
            .num(nps.n)
            .raw(": ")
            .num(nps.promoters)
            .raw(" promoter")
            .raw(plural(nps.promoters))
            .raw(", ")
            .num(nps.passives)
            .raw(" passive")
            .raw(plural(nps.passives))
            .raw(", ")
            .num(nps.detractors)
            .raw(" detractor")
            .raw(plural(nps.detractors))
            .raw("</span></p>");
    }
    h.raw("\n");
    if !v.still_missing.is_empty() {
        h.raw("<h3>What's still missing</h3>");
        for q in &v.still_missing {
            quote_card(h, q, root, here);
        }
    }
    h.raw("\n");
    if !v.same_customers.is_empty() {
        h.raw("<h3>The same customers, before and after</h3>\n");
        for p in &v.same_customers {
            h.raw("<div class=\"before-after\"><h4>")
                .text(&p.who)
                .raw("</h4><div class=\"pair\"><div><p class=\"muted\">Before the launch</p>");
            quote_card(h, &p.before, root, here);
            h.raw("</div><div><p class=\"muted\">After</p>");
            quote_card(h, &p.after, root, here);
            h.raw("</div></div></div>");
        }
    }
    h.raw("\n</section>");
}
