//! The typed site: calls, quotes, opportunities, rounds and settings.
//!
//! Built by `content::load` from the content folder. Every text here has already
//! been redacted (see `privacy`), so nothing downstream can leak what the notes
//! held; `customer_id` survives only inside [`CustomerKey`], which is never rendered.
//! Collections are sorted (see `content::load`) so that every build is byte-identical.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

/// The whole loaded site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// `site.toml`.
    pub settings: Settings,
    /// The questions quotes are filed under, in display order.
    pub questions: Vec<Question>,
    /// Rounds, oldest first.
    pub rounds: Vec<Round>,
    /// Calls, sorted by date then file stem.
    pub calls: Vec<Call>,
    /// Quotes, in call order then position in the note.
    pub quotes: Vec<Quote>,
    /// Opportunities, sorted by slug.
    pub opportunities: Vec<Opportunity>,
    /// The company's marketing copy from `copy/`, sorted by path.
    pub copy: Vec<CopyPage>,
    /// Product reviews from `reviews/*.csv`, sorted by date, then file and row.
    pub reviews: Vec<Review>,
    /// Metric snapshots from `metrics/`, sorted by date then group (everyone first).
    pub metrics: Vec<Snapshot>,
    /// Old quote ids kept as redirects (`aliases` in call notes), sorted by id.
    pub aliases: Vec<QuoteAlias>,
}

/// An old quote id that still resolves: its URL becomes a redirect to the quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteAlias {
    /// The old id, as it appeared in `quotes/<id>/`.
    pub id: String,
    /// Index into `Site::quotes` of the quote it redirects to.
    pub quote: usize,
}

impl Site {
    /// The opportunity with this slug.
    pub fn opportunity(&self, slug: &str) -> Option<usize> {
        self.opportunities
            .binary_search_by(|o| o.slug.as_str().cmp(slug))
            .ok()
    }
}

/// Settings from `site.toml`; every key is optional.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Shown in the header and page titles.
    pub title: String,
    /// The company the calls are about.
    pub company: String,
    /// ISO currency code for money metrics.
    pub currency: String,
    /// Absolute URL the site is published at, if known.
    pub base_url: Option<String>,
    /// Set when this build is a frozen quarterly archive (see `archive`).
    pub frozen: Option<Frozen>,
    /// Weights of the score.
    pub ranking: RankingWeights,
    /// Follow-up targets.
    pub follow_up: FollowUpSettings,
    /// Redaction settings.
    pub privacy: PrivacySettings,
    /// Customer-language lexicons and thresholds.
    pub language: LanguageSettings,
    /// `[reviews]`: how calls are compared with reviews.
    pub reviews: ReviewSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title: "Customer Voice".into(),
            company: String::new(),
            currency: "USD".into(),
            base_url: None,
            frozen: None,
            ranking: RankingWeights::default(),
            follow_up: FollowUpSettings::default(),
            privacy: PrivacySettings::default(),
            language: LanguageSettings::default(),
            reviews: ReviewSettings::default(),
        }
    }
}

/// What a frozen quarterly archive says about itself on every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frozen {
    /// `2026-Q3`.
    pub quarter: String,
    /// The quarter's last day: the site as it stood then.
    pub as_of: NaiveDate,
}

/// `score = impact^impact_weight × (6 − complexity)^complexity_weight`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankingWeights {
    /// Exponent on impact; 1 by default.
    pub impact_weight: f64,
    /// Exponent on ease (6 − complexity); 1 by default.
    pub complexity_weight: f64,
}

impl Default for RankingWeights {
    fn default() -> Self {
        RankingWeights {
            impact_weight: 1.0,
            complexity_weight: 1.0,
        }
    }
}

/// `[follow_up]` in `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpSettings {
    /// Follow-up calls wanted per launch.
    pub target_calls: u32,
    /// Days after a launch in which follow-up calls count.
    pub window_days: u32,
}

impl Default for FollowUpSettings {
    fn default() -> Self {
        FollowUpSettings {
            target_calls: 25,
            window_days: 30,
        }
    }
}

/// `[privacy]` in `site.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacySettings {
    /// Redact emails and phone numbers (on by default).
    pub redact: bool,
    /// Extra regular expressions to redact, e.g. order numbers.
    pub patterns: Vec<String>,
    /// Who the site is for; `Wide` replaces customer names by aliases.
    pub publish: Publish,
    /// The key of the aliases' hash (`alias_key`, or `VERBATIM_ALIAS_KEY`).
    pub alias_key: String,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            redact: true,
            patterns: Vec::new(),
            publish: Publish::Internal,
            alias_key: String::new(),
        }
    }
}

/// `[privacy] publish`: the audience of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Publish {
    /// The team that made the calls: customer names are shown.
    #[default]
    Internal,
    /// The whole company or further: customer names become stable aliases.
    Wide,
}

impl Publish {
    /// The word used in `site.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Publish::Internal => "internal",
            Publish::Wide => "wide",
        }
    }
}

/// `[language]` in `site.toml`: lexicon words and the thresholds of the language page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSettings {
    /// Satisfaction words and phrases added to the defaults.
    pub satisfaction: Vec<String>,
    /// Purchase-intent words and phrases added to the defaults.
    pub intent: Vec<String>,
    /// Friction words and phrases added to the defaults.
    pub friction: Vec<String>,
    /// Lists (`satisfaction`, `intent`, `friction`) whose defaults are replaced, not extended.
    pub replace: Vec<String>,
    /// Extra stop words, e.g. the company's name.
    pub stop_words: Vec<String>,
    /// Distinct customers a phrase needs in a round to be emerging (or earlier, fading).
    pub min_customers: usize,
    /// Distinct customers a phrase needs in positive quotes to be a marketing candidate,
    /// and in all quotes to count in the copy comparison.
    pub marketing_min_customers: usize,
    /// Phrases listed per round and per opportunity.
    pub top_phrases: usize,
}

impl Default for LanguageSettings {
    fn default() -> Self {
        LanguageSettings {
            satisfaction: Vec::new(),
            intent: Vec::new(),
            friction: Vec::new(),
            replace: Vec::new(),
            stop_words: Vec::new(),
            min_customers: 3,
            marketing_min_customers: 3,
            top_phrases: 10,
        }
    }
}

/// `[reviews]` in `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewSettings {
    /// A phrase is "heard" once this many distinct customers said it on calls, and
    /// "in reviews" once this many distinct reviews used it.
    pub threshold: usize,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings { threshold: 3 }
    }
}

/// One exported product review: a row of a CSV file in `reviews/`. Not a quote: it
/// gets no page and no evidence count.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// When it was written.
    pub date: chrono::NaiveDate,
    /// Its words, redacted.
    pub text: String,
    /// 1-5 stars, if given.
    pub rating: Option<f64>,
    /// Product, if given.
    pub product: Option<String>,
    /// Where it was posted, if given.
    pub source: Option<String>,
    /// The export's own id, if given.
    pub id: Option<String>,
    /// `reviews/<file>.csv:<line>`.
    pub origin: String,
}

/// A page of the company's marketing copy: a Markdown file in `copy/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyPage {
    /// Path relative to the content folder, with `/` separators.
    pub source: String,
    /// Its first heading, else the file stem.
    pub title: String,
    /// Plain text of each heading, paragraph, list item and table cell, redacted.
    pub blocks: Vec<String>,
}

/// Whether a question belongs to discovery or follow-up calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallKind {
    /// A first call about what the customer needed.
    Discovery,
    /// A call back after a launch.
    FollowUp,
}

impl CallKind {
    /// The word used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Discovery => "discovery",
            CallKind::FollowUp => "follow-up",
        }
    }
}

/// A question from the call script; quotes are filed under one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Short stable key, e.g. `problem`.
    pub key: String,
    /// The question as asked.
    pub text: String,
    /// Discovery or follow-up.
    pub kind: CallKind,
    /// Extra phrases a heading may contain to match this question.
    pub aliases: Vec<String>,
}

/// Where a quote's question index points: a configured question or "other".
pub type QuestionIndex = Option<usize>;

/// A call round: a folder directly under `calls/`, or the quarter of a loose call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// Folder name or `YYYY-Qn`; the URL segment.
    pub name: String,
    /// From `_round.toml`, else the name.
    pub title: String,
    /// What the round set out to learn.
    pub goal: Option<String>,
    /// First day, from `_round.toml` or the earliest call.
    pub start: Option<NaiveDate>,
    /// Last day, from `_round.toml` or the latest call.
    pub end: Option<NaiveDate>,
    /// Indexes into `Site::calls`, oldest first.
    pub calls: Vec<usize>,
}

/// Who a customer is, for counting distinct customers. Never rendered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CustomerKey {
    /// From `customer_id`.
    Id(String),
    /// Lower-cased customer and location when there is no id.
    NameAndPlace(String, String),
}

/// Solved yes / partly / no, from a follow-up call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Solved {
    /// The launch solved the problem.
    Yes,
    /// It helped, not fully.
    Partly,
    /// It did not.
    No,
}

/// Follow-up fields of a follow-up call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// Index of the opportunity whose launch the call checks.
    pub opportunity: usize,
    /// Did this solve the problem?
    pub solved: Option<Solved>,
    /// Would you recommend this to a friend? 0-10.
    pub recommend: Option<u8>,
}

/// A call note's body: the end of the note's text, shared with it, unless scrubbing
/// customers' ids or names changed it. A build holds every note's text while it makes
/// the site (70 MB at 30,000 calls); a copy of each body beside it was its peak.
#[derive(Debug, Clone)]
pub struct Body {
    text: Arc<str>,
    start: usize,
}

impl Body {
    /// The text of `note` from byte `start` on.
    pub fn shared(note: Arc<str>, start: usize) -> Body {
        assert!(note.is_char_boundary(start), "a body starts on a character");
        Body { text: note, start }
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body {
            text: text.into(),
            start: 0,
        }
    }
}

impl std::ops::Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.start..]
    }
}

/// One customer call note.
#[derive(Debug, Clone)]
pub struct Call {
    /// File stem; the URL segment, unique across the site.
    pub stem: String,
    /// Path relative to the content folder, with `/` separators.
    pub source: String,
    /// Index into `Site::rounds`.
    pub round: usize,
    /// The name stakeholders see.
    pub customer: String,
    /// Where the customer is.
    pub location: Option<String>,
    /// Identity for distinct-customer counts.
    pub customer_key: CustomerKey,
    /// The call's day.
    pub date: NaiveDate,
    /// Products the call was about.
    pub products: Vec<String>,
    /// Customer segment.
    pub segment: Option<String>,
    /// Who made the call.
    pub interviewer: Option<String>,
    /// Discovery or follow-up.
    pub kind: CallKind,
    /// Present on follow-up calls that name an opportunity.
    pub follow_up: Option<FollowUp>,
    /// The note's Markdown body, redacted. Quotes are its blockquotes, in order.
    pub body: Body,
    /// Indexes into `Site::quotes`, in note order.
    pub quotes: Vec<usize>,
}

impl Call {
    /// "Sarah from Phoenix, AZ", or just "Sarah".
    pub fn who(&self) -> String {
        match &self.location {
            Some(place) => format!("{} from {}", self.customer, place),
            None => self.customer.clone(),
        }
    }
}

/// A verbatim customer quote: a blockquote in a call note.
#[derive(Debug, Clone)]
pub struct Quote {
    /// The permalink id: `^id`, or derived from the call's stem and the text.
    pub id: String,
    /// Whether the id was written as `^id`.
    pub explicit_id: bool,
    /// Index into `Site::calls`.
    pub call: usize,
    /// The quote as Markdown, tags and id removed, redacted.
    pub markdown: Arc<str>,
    /// The quote as plain text, for excerpts and titles.
    pub text: Arc<str>,
    /// Indexes into `Site::opportunities`, in the order written.
    pub opportunities: Vec<usize>,
    /// The question it answers; `None` is "other".
    pub question: QuestionIndex,
    /// The heading it sat under, as written.
    pub heading: Option<String>,
}

/// The three opportunity buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// Problems with current products.
    Fix,
    /// Gaps in the line.
    Fill,
    /// Needs customers hint at.
    Future,
}

impl Bucket {
    /// All buckets in display order.
    pub const ALL: [Bucket; 3] = [Bucket::Fix, Bucket::Fill, Bucket::Future];

    /// The word used in front matter and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Fix => "fix",
            Bucket::Fill => "fill",
            Bucket::Future => "future",
        }
    }

    /// The capitalised name.
    pub fn title(self) -> &'static str {
        match self {
            Bucket::Fix => "Fix",
            Bucket::Fill => "Fill",
            Bucket::Future => "Future",
        }
    }

    /// What the bucket holds, in the method's words.
    pub fn description(self) -> &'static str {
        match self {
            Bucket::Fix => "Problems with current products",
            Bucket::Fill => "Gaps in the product line",
            Bucket::Future => "Needs customers hint at",
        }
    }
}

impl fmt::Display for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Where an opportunity stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Heard, not yet planned.
    Idea,
    /// On the plan.
    Planned,
    /// Being built.
    Building,
    /// With a test group.
    Testing,
    /// Released to a test group.
    Launched,
    /// Rolled out to everyone.
    Scaled,
    /// Decided against.
    Dropped,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 7] = [
        Status::Idea,
        Status::Planned,
        Status::Building,
        Status::Testing,
        Status::Launched,
        Status::Scaled,
        Status::Dropped,
    ];

    /// The word used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Idea => "idea",
            Status::Planned => "planned",
            Status::Building => "building",
            Status::Testing => "testing",
            Status::Launched => "launched",
            Status::Scaled => "scaled",
            Status::Dropped => "dropped",
        }
    }
}

/// An opportunity: a file in `opportunities/`.
#[derive(Debug, Clone)]
pub struct Opportunity {
    /// File stem; the tag and the URL segment.
    pub slug: String,
    /// Path relative to the content folder.
    pub source: String,
    /// Its name.
    pub title: String,
    /// Fix, Fill or Future.
    pub bucket: Bucket,
    /// Customer impact, 1-5.
    pub impact: u8,
    /// Implementation complexity, 1-5.
    pub complexity: u8,
    /// Where it stands.
    pub status: Status,
    /// The quote chosen to lead its page, as an index into `Site::quotes`.
    pub lead: Option<usize>,
    /// Released to a test group.
    pub launched: Option<NaiveDate>,
    /// Rolled out to everyone.
    pub scaled: Option<NaiveDate>,
    /// The team's write-up, Markdown, redacted.
    pub body: String,
}

/// The conversion-rate metric, in percent.
pub const CONVERSION_RATE: &str = "conversion_rate";
/// The average-order-value metric, in the site currency.
pub const AOV: &str = "aov";

/// One day's metric numbers for everyone or for one test group (`metrics/`).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The day the numbers were measured.
    pub date: NaiveDate,
    /// The test group; `None` is everyone.
    pub group: Option<String>,
    /// Metric name to value: `conversion_rate` (percent), `aov` (currency), extras.
    pub values: std::collections::BTreeMap<String, f64>,
    /// Where it was given: `metrics/x.toml`, or `metrics/x.csv:LINE` for a CSV row.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_body_is_the_end_of_its_note() {
        let note: Arc<str> = "+++\ncustomer = \"Sarah\"\n+++\n> Too tight.\n".into();
        let body = Body::shared(note.clone(), note.find('>').unwrap());
        assert_eq!(&*body, "> Too tight.\n");
        assert_eq!(&*Body::from("> Scrubbed.".to_string()), "> Scrubbed.");
    }
}
