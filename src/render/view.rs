//! View data: what each template receives. Templates hold no logic beyond loops
//! and conditionals over these; every number and phrase is prepared here.
//!
//! Conventions: every `url` is relative to the site root and ends in `index.html`
//! (so the site works from `file://`); templates write `{{ root }}{{ x.url }}`.
//! `html` fields are already rendered and sanitised and are printed with `| safe`;
//! every other string is escaped by Tera.

use std::sync::Arc;

use serde::Serialize;

use super::figure::Figure;

/// Fields every page receives.
#[derive(Debug, Clone, Serialize)]
pub struct Common<'a> {
    /// Site title, company, currency.
    pub site: &'a SiteView,
    /// Relative prefix from this page to the site root: `""`, `"../"`, `"../../"`.
    pub root: String,
    /// The `<title>` of the page (the site title is appended by the base template).
    pub title: String,
    /// Which top-level section the page belongs to, for the nav: `dashboard`,
    /// `opportunities`, `rounds`, `quotes`, `calls`, `metrics`, `language`.
    pub section: &'static str,
    /// One-line description for `<meta name="description">` and link previews.
    pub description: String,
    /// Absolute URL of this page when `base_url` is set.
    pub canonical: Option<String>,
}

/// Site-wide settings the templates show.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// From `site.toml`.
    pub title: String,
    /// From `site.toml`; may be empty.
    pub company: String,
    /// ISO code, e.g. `USD`.
    pub currency: String,
    /// verbatim's version, for the footer.
    pub version: &'static str,
    /// The Content Security Policy of every page (see `render::safety`).
    pub csp: &'static str,
    /// Set on the pages of a frozen quarterly archive: the banner every page shows.
    pub frozen: Option<FrozenView>,
}

/// The banner of a frozen archive.
#[derive(Debug, Clone, Serialize)]
pub struct FrozenView {
    /// `2026-Q3`.
    pub quarter: String,
    /// "30 Sep 2026".
    pub as_of_display: String,
    /// The live site's dashboard, absolute when `base_url` is set; else the banner
    /// links `{{ root }}../../index.html`, the live site the archive is published in.
    pub live_url: Option<String>,
}

/// The site-wide fields of `site`.
pub fn site_view(site: &crate::model::Site) -> SiteView {
    SiteView {
        title: site.settings.title.clone(),
        company: site.settings.company.clone(),
        currency: site.settings.currency.clone(),
        version: env!("CARGO_PKG_VERSION"),
        csp: super::safety::CONTENT_SECURITY_POLICY,
        frozen: site.settings.frozen.as_ref().map(|f| FrozenView {
            quarter: f.quarter.clone(),
            as_of_display: super::pages::display_date(f.as_of),
            live_url: site
                .settings
                .base_url
                .as_ref()
                .map(|b| format!("{b}/index.html")),
        }),
    }
}

/// A link to an opportunity.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunityLink {
    /// File stem.
    pub slug: Arc<str>,
    /// Its name.
    pub title: Arc<str>,
    /// `opportunities/<slug>/index.html`.
    pub url: Arc<str>,
    /// `fix` | `fill` | `future`.
    pub bucket: &'static str,
    /// `Fix` | `Fill` | `Future`.
    pub bucket_title: &'static str,
    /// `idea` … `dropped`.
    pub status: &'static str,
}

/// A link to a round.
#[derive(Debug, Clone, Serialize)]
pub struct RoundLink {
    /// Folder name or `YYYY-Qn`.
    pub name: String,
    /// Title from `_round.toml`, else the name.
    pub title: String,
    /// `rounds/<name>/index.html`.
    pub url: String,
    /// "12 Aug – 3 Sep 2026", or empty.
    pub dates: String,
    /// What the round set out to learn, if written.
    pub goal: Option<String>,
    /// Calls in the round.
    pub calls: usize,
    /// Distinct customers in the round.
    pub customers: usize,
    /// Quotes in the round.
    pub quotes: usize,
}

/// A quote as shown in lists and on its own page. On opportunity and round pages
/// the compiled default theme renders, the fields it does not read are left empty.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteCard {
    /// Permalink id.
    pub id: String,
    /// `quotes/<id>/index.html`.
    pub url: String,
    /// The quote rendered from Markdown (sanitised); shared, not copied per card.
    pub html: Arc<str>,
    /// Plain text.
    pub text: Arc<str>,
    /// At most ~160 characters of the text, cut at a word, with "…".
    pub excerpt: String,
    /// "Sarah from Phoenix, AZ".
    pub who: Arc<str>,
    /// "Sarah".
    pub customer: String,
    /// "Phoenix, AZ", if known.
    pub location: Option<String>,
    /// `2026-08-14`.
    pub date: Arc<str>,
    /// "14 Aug 2026".
    pub date_display: Arc<str>,
    /// The call's round.
    pub round_name: String,
    /// Round title.
    pub round_title: Arc<str>,
    /// `rounds/<name>/index.html`.
    pub round_url: Arc<str>,
    /// `calls/<stem>/index.html#q-<id>`.
    pub call_url: String,
    /// The question answered, or "Other".
    pub question: String,
    /// `discovery` | `follow-up`.
    pub call_kind: &'static str,
    /// Opportunities the quote supports.
    pub opportunities: Vec<OpportunityLink>,
}

/// An opportunity as a ranking-table row.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunityRow {
    /// Link fields (slug, title, url, bucket, status).
    #[serde(flatten)]
    pub link: OpportunityLink,
    /// 1-based rank within its bucket.
    pub rank: usize,
    /// 1-5.
    pub impact: u8,
    /// 1-5.
    pub complexity: u8,
    /// "16" or "12.5".
    pub score: String,
    /// The score as a number, for sorting.
    pub score_value: f64,
    /// Distinct customers.
    pub evidence: usize,
    /// Tagged quotes.
    pub quotes: usize,
    /// Impact ≥ 4 and complexity ≤ 2.
    pub quick_win: bool,
    /// Lead quote excerpt, if any.
    pub lead_excerpt: Option<String>,
    /// Lead quote page, if any.
    pub lead_url: Option<String>,
    /// For launched opportunities: `validated` | `not validated` | `awaiting follow-ups`.
    pub verdict: Option<&'static str>,
}

/// `index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DashboardPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Headline counts, in display order.
    pub counts: Vec<Count>,
    /// Opportunities per bucket.
    pub buckets: Vec<BucketCount>,
    /// Top quick wins with their lead quotes (at most 5).
    pub quick_wins: Vec<QuickWin>,
    /// The latest round, if any.
    pub latest_round: Option<LatestRound>,
    /// All rounds, newest first.
    pub rounds: Vec<RoundLink>,
    /// Launches short of follow-up calls: window open, or closed below target.
    pub loop_health: Vec<LaunchRow>,
    /// Every launch with its verdict, newest first.
    pub launches: Vec<LaunchRow>,
    /// Conversion rate and AOV over time (the metrics page's charts).
    pub metric_figures: Vec<&'a Figure>,
    /// The latest round's emerging phrases (at most 5), from the language analysis.
    pub emerging: Vec<super::language::TrendView>,
    /// Calls against reviews: the median lead and the newest calls-only phrases.
    pub reviews: Option<super::language::ReviewsSummary>,
}

/// A headline number.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// "Calls".
    pub label: &'static str,
    /// The number.
    pub value: usize,
}

/// Opportunities in one bucket.
#[derive(Debug, Clone, Serialize)]
pub struct BucketCount {
    /// `fix` | `fill` | `future`.
    pub bucket: &'static str,
    /// `Fix` | `Fill` | `Future`.
    pub title: &'static str,
    /// "Problems with current products", …
    pub description: &'static str,
    /// How many.
    pub count: usize,
    /// `opportunities/index.html#fix`.
    pub url: String,
}

/// A quick win on the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct QuickWin {
    /// The opportunity.
    pub opportunity: OpportunityRow,
    /// Its lead quote.
    pub lead: Option<QuoteCard>,
}

/// The latest round on the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct LatestRound {
    /// The round.
    pub round: RoundLink,
    /// Opportunities first raised in it.
    pub new_opportunities: Vec<OpportunityLink>,
    /// Its most-quoted opportunities (at most 5) with their quote counts.
    pub top: Vec<TaggedCount>,
}

/// An opportunity with how many quotes in some scope carry it.
#[derive(Debug, Clone, Serialize)]
pub struct TaggedCount {
    /// The opportunity.
    pub opportunity: OpportunityLink,
    /// Quotes.
    pub quotes: usize,
}

/// `opportunities/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct RankingPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// "score = impact × (6 − complexity)".
    pub formula: String,
    /// "from 1 to 25", under the site's weights.
    pub score_range: String,
    /// One table per bucket, Fix, Fill, Future.
    pub buckets: Vec<BucketTable>,
    /// Every status, for the filter.
    pub statuses: Vec<&'static str>,
    /// Every verdict, for the filter.
    pub verdicts: Vec<&'static str>,
    /// The impact × complexity matrix.
    pub matrix: &'a Figure,
}

/// One bucket's ranking table.
#[derive(Debug, Clone, Serialize)]
pub struct BucketTable {
    /// `fix` | `fill` | `future`.
    pub bucket: &'static str,
    /// `Fix` | `Fill` | `Future`.
    pub title: &'static str,
    /// What the bucket holds.
    pub description: &'static str,
    /// Rows in rank order.
    pub rows: Vec<OpportunityRow>,
}

/// `opportunities/<slug>/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunityPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The row (title, bucket, status, impact, complexity, score, evidence, quick win).
    pub opportunity: OpportunityRow,
    /// "Based on conversations with 7 customers, here's what Sarah from Phoenix, AZ told us:".
    pub lead_intro: Option<String>,
    /// The lead quote.
    pub lead: Option<QuoteCard>,
    /// True when the lead was picked automatically (the page says so).
    pub lead_picked: bool,
    /// How the automatic lead is chosen, shown next to a picked lead.
    pub lead_rule: &'static str,
    /// Every tagged quote grouped by question, newest first within a group.
    pub groups: Vec<QuoteGroup>,
    /// The team's write-up.
    pub body_html: String,
    /// "score = impact × (6 − complexity)".
    pub formula: String,
    /// Status timeline: first raised, launched, scaled (those that exist), with evidence at each.
    pub dates: Vec<DatedEvent>,
    /// Follow-up validation, for launched opportunities.
    pub validation: Option<ValidationView>,
    /// For a launched opportunity: conversion rate and AOV in the weeks around its
    /// launch, test groups against everyone.
    pub launch_figures: Vec<&'a Figure>,
    /// "13 weeks", how far the launch charts reach either side.
    pub launch_window: String,
    /// The phrases its customers use, most customers first.
    pub phrases: Vec<super::language::PhraseView>,
    /// How its customers' words shifted between consecutive rounds in which it was quoted.
    pub shifts: Vec<super::language::ShiftView>,
}

/// How a launch fared on its follow-up calls.
#[derive(Debug, Clone, Serialize)]
pub struct ValidationView {
    /// `validated` | `not validated` | `awaiting follow-ups`.
    pub verdict: &'static str,
    /// "14 Sep 2026".
    pub launched_display: String,
    /// Last day of the follow-up window, "14 Oct 2026".
    pub window_end_display: String,
    /// Window length in days.
    pub window_days: u32,
    /// Whether the window is still open.
    pub window_open: bool,
    /// Days until it closes (0 once closed).
    pub days_left: i64,
    /// Follow-up calls naming the opportunity.
    pub calls: usize,
    /// Of those, within the window.
    pub in_window: usize,
    /// Calls wanted in the window.
    pub target: usize,
    /// Whether the target was reached.
    pub target_met: bool,
    /// Calls still wanted.
    pub missing_calls: usize,
    /// Did this solve the problem: Yes, Partly, No.
    pub solved: Vec<ShareView>,
    /// Would you recommend this to a friend, as NPS.
    pub nps: Option<NpsView>,
    /// Answers to "what's still missing".
    pub still_missing: Vec<QuoteCard>,
    /// The same customers before the launch and after it.
    pub same_customers: Vec<BeforeAfterView>,
    /// The follow-up calls, newest first.
    pub follow_up_calls: Vec<CallSummary>,
}

/// A share with its 95% interval.
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// "Yes".
    pub label: &'static str,
    /// How many.
    pub count: usize,
    /// Out of.
    pub n: usize,
    /// "62%".
    pub percent: String,
    /// The share 0-100, for bar widths.
    pub value: f64,
    /// "45–77%".
    pub interval: String,
}

/// Net Promoter Score with its uncertainty.
#[derive(Debug, Clone, Serialize)]
pub struct NpsView {
    /// "+30" or "−12".
    pub score: String,
    /// The 95% interval, "−19 to +65".
    pub interval: String,
    /// Answers.
    pub n: usize,
    /// 9-10.
    pub promoters: usize,
    /// 7-8.
    pub passives: usize,
    /// 0-6.
    pub detractors: usize,
}

/// One customer's words before a launch and after it.
#[derive(Debug, Clone, Serialize)]
pub struct BeforeAfterView {
    /// "Sarah from Phoenix, AZ".
    pub who: String,
    /// Before the launch.
    pub before: QuoteCard,
    /// On the follow-up call.
    pub after: QuoteCard,
}

/// A launch on the dashboard's loop health list.
#[derive(Debug, Clone, Serialize)]
pub struct LaunchRow {
    /// The opportunity.
    pub opportunity: OpportunityLink,
    /// "14 Sep 2026".
    pub launched_display: String,
    /// `validated` | `not validated` | `awaiting follow-ups`.
    pub verdict: &'static str,
    /// Follow-up calls within the window.
    pub in_window: usize,
    /// Calls wanted.
    pub target: usize,
    /// Calls still wanted.
    pub missing_calls: usize,
    /// Whether the window is open.
    pub window_open: bool,
    /// Days until it closes.
    pub days_left: i64,
    /// "Yes" share, "62%", when answered.
    pub solved_yes: Option<String>,
}

/// Quotes answering one question.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteGroup {
    /// The question, or "Other".
    pub question: String,
    /// Question key, or `other`; usable as an anchor.
    pub key: String,
    /// The quotes.
    pub quotes: Vec<QuoteCard>,
}

/// A dated milestone.
#[derive(Debug, Clone, Serialize)]
pub struct DatedEvent {
    /// "First raised", "Launched", "Scaled".
    pub label: &'static str,
    /// `2026-08-14`.
    pub date: String,
    /// "14 Aug 2026".
    pub date_display: String,
    /// Where it happened, e.g. the round, if any.
    pub url: Option<String>,
    /// Link text for `url`.
    pub detail: Option<String>,
    /// Distinct customers quoted on it by that day.
    pub evidence: usize,
}

/// `quotes/<id>/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct QuotePage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The quote.
    pub quote: QuoteCard,
    /// What "copy link" copies: the absolute URL with `base_url`, else empty (the script uses the page's own URL).
    pub permalink: String,
    /// Interviewer, if written.
    pub interviewer: Option<String>,
    /// Customer segment, if written.
    pub segment: Option<String>,
    /// The link preview's title: the quote itself, in quotation marks.
    pub share_title: String,
}

/// `calls/<stem>/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct CallPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The call's facts.
    pub call: CallSummary,
    /// The whole note rendered, quotes highlighted with `id="q-<id>"` and linked.
    pub body_html: String,
    /// The quotes, in note order (left empty for the compiled default page, which
    /// does not show them: see `render::default_theme`).
    pub quotes: Vec<QuoteCard>,
}

/// A call in lists and on its page.
#[derive(Debug, Clone, Serialize)]
pub struct CallSummary {
    /// File stem.
    pub stem: String,
    /// `calls/<stem>/index.html`.
    pub url: String,
    /// "Sarah".
    pub customer: String,
    /// "Sarah from Phoenix, AZ".
    pub who: Arc<str>,
    /// `2026-08-14`.
    pub date: Arc<str>,
    /// "14 Aug 2026".
    pub date_display: Arc<str>,
    /// `discovery` | `follow-up`.
    pub kind: &'static str,
    /// Round title.
    pub round_title: Arc<str>,
    /// `rounds/<name>/index.html`.
    pub round_url: Arc<str>,
    /// Segment, if written.
    pub segment: Option<String>,
    /// Products, if written.
    pub products: Vec<String>,
    /// Interviewer, if written.
    pub interviewer: Option<String>,
    /// Number of quotes.
    pub quotes: usize,
    /// For follow-up calls that name an opportunity.
    pub follow_up: Option<FollowUpView>,
}

/// Follow-up facts of a call.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    /// The launched opportunity the call checks.
    pub opportunity: OpportunityLink,
    /// `yes` | `partly` | `no`, if asked.
    pub solved: Option<&'static str>,
    /// 0-10, if asked.
    pub recommend: Option<u8>,
}

/// `rounds/<name>/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct RoundPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The round.
    pub round: RoundLink,
    /// Opportunities first raised in this round.
    pub new_opportunities: Vec<OpportunityLink>,
    /// Its calls, oldest first.
    pub calls: Vec<CallSummary>,
    /// Quotes per opportunity, most-quoted first.
    pub by_opportunity: Vec<OpportunityQuotes>,
    /// Quotes tagged with no opportunity.
    pub untagged: Vec<QuoteCard>,
}

/// An opportunity with some of its quotes.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunityQuotes {
    /// The opportunity.
    pub opportunity: OpportunityLink,
    /// The quotes.
    pub quotes: Vec<QuoteCard>,
}

/// `rounds/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct RoundsPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Every round, newest first.
    pub rounds: Vec<RoundLink>,
}

/// `metrics/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct MetricsPage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Conversion rate, AOV, then each extra metric, over time.
    pub metric_figures: Vec<&'a Figure>,
    /// Calls and distinct customers per round.
    pub rounds_figure: &'a Figure,
    /// Snapshots read from `metrics/` (one per day and group).
    pub snapshots: usize,
    /// "30 Nov 2025 – 20 Nov 2026", or empty.
    pub dates: String,
    /// Test group names, as the charts' legends show them.
    pub groups: Vec<String>,
    /// Launch markers on the charts: "Launched: <title>" with the day.
    pub markers: Vec<MarkerView>,
}

/// A dated launch or scale-up drawn on the metric charts.
#[derive(Debug, Clone, Serialize)]
pub struct MarkerView {
    /// "Launched" or "Scaled".
    pub what: &'static str,
    /// The opportunity.
    pub opportunity: OpportunityLink,
    /// `2026-07-27`.
    pub date: String,
    /// "27 Jul 2026".
    pub date_display: String,
}
