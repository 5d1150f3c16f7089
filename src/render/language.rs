//! View data of the customer-language page (`language/index.html`) and of the
//! language parts of the dashboard and opportunity pages.

use chrono::NaiveDate;
use serde::Serialize;

use super::charts::{Chart, ChartKind, Marker, Series, Unit};
use super::figure::Figure;
use super::pages::{display_date, excerpt, percent, plural, Pages};
use super::view::{Common, OpportunityLink, RoundLink};
use crate::analysis::language::lexicon::Category;
use crate::analysis::language::reviews::{GapPhrase, Lead};
use crate::analysis::language::{PhraseCount, Shift, Trend};
use crate::analysis::stats::Share;

/// Rounds with fewer customers quoted are left out of the charts (not the tables).
pub const CHART_MIN_CUSTOMERS: usize = 5;

/// Average days in a month, for leads in months.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// "4 months (120 days) ahead", or "reviews first by 2 months (61 days)".
pub fn lead_text(days: i64) -> String {
    let months = (days.abs() as f64 / DAYS_PER_MONTH).round() as i64;
    let span = match months {
        0 => "under a month".to_string(),
        1 => "1 month".to_string(),
        m => format!("{m} months"),
    };
    let d = plural(days.unsigned_abs() as usize, "day", "days");
    if days >= 0 {
        format!("{span} ({d}) ahead")
    } else {
        format!("reviews first, by {span} ({d})")
    }
}

/// A review in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewRef {
    /// `2026-09-02`.
    pub date: String,
    /// "2 Sep 2026".
    pub date_display: String,
    /// Its words, cut around the phrase.
    pub excerpt: String,
    /// "4/5", if rated.
    pub rating: Option<String>,
    /// Where it was posted.
    pub source: Option<String>,
    /// The product.
    pub product: Option<String>,
}

/// A phrase's lead over reviews.
#[derive(Debug, Clone, Serialize)]
pub struct LeadView {
    /// The phrase on calls.
    pub phrase: PhraseView,
    /// Day the threshold-th customer said it.
    pub calls_reached: String,
    /// Day of the first review using it.
    pub first_review: Option<String>,
    /// Day the threshold-th review used it.
    pub reviews_reached: Option<String>,
    /// Reviews using it.
    pub reviews: usize,
    /// "4 months (120 days) ahead".
    pub lead: Option<String>,
    /// The first reviews using it.
    pub examples: Vec<ReviewRef>,
}

/// A phrase of the calls-reviews gap.
#[derive(Debug, Clone, Serialize)]
pub struct GapView {
    /// The phrase.
    pub text: String,
    /// Customers using it on calls.
    pub customers: usize,
    /// Reviews using it.
    pub reviews: usize,
    /// "12.4".
    pub g2: String,
    /// The first of its call quotes, oldest first (at most [`QUOTES_PER_PHRASE`]).
    pub quotes: Vec<QuoteRef>,
    /// All its call quotes.
    pub quotes_total: usize,
    /// The search page asked for the phrase, where the rest are.
    pub search_url: String,
    /// A few reviews using it.
    pub examples: Vec<ReviewRef>,
}

/// Calls against reviews.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewsView {
    /// Reviews read.
    pub reviews: usize,
    /// Customers or reviews a phrase needs.
    pub threshold: usize,
    /// Median lead, "3 months (92 days) ahead".
    pub median: Option<String>,
    /// Phrases behind the median.
    pub median_count: usize,
    /// Phrases that reached reviews, longest lead first.
    pub reached: Vec<LeadView>,
    /// Calls only, so far; newest first.
    pub calls_only: Vec<LeadView>,
    /// Phrases calls use far more.
    pub calls_more: Vec<GapView>,
    /// Phrases reviews use far more.
    pub reviews_more: Vec<GapView>,
    /// Lead per phrase.
    pub lead_figure: Figure,
}

/// The dashboard's line on calls against reviews.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewsSummary {
    /// Median lead, if any phrase reached reviews.
    pub median: Option<String>,
    /// Phrases behind it.
    pub median_count: usize,
    /// The newest calls-only phrases (at most 5).
    pub calls_only: Vec<LeadView>,
}

/// G² above this is a difference at p < 0.05 (χ², one degree of freedom).
pub const G2_SIGNIFICANT: f64 = 3.84;

/// A quote in a list: who, when, a cut of the words, and its page.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRef {
    /// `quotes/<id>/index.html`.
    pub url: String,
    /// The words, cut around the phrase when the quote is long.
    pub excerpt: String,
    /// "Sarah from Phoenix, AZ".
    pub who: String,
    /// `2026-08-14`.
    pub date: String,
    /// "14 Aug 2026".
    pub date_display: String,
}

/// Quotes listed under one phrase. A common phrase of a 10,000-call site is in
/// thousands of quotes; listing them all made the language page a gigabyte. The
/// rest are one click away, on the search page.
pub const QUOTES_PER_PHRASE: usize = 6;

/// `search/index.html?q=<phrase>`, relative to the site root.
fn search_url(phrase: &str) -> String {
    let query: String = form_urlencoded::byte_serialize(phrase.as_bytes()).collect();
    format!("search/index.html?q={query}")
}

/// A phrase with the customers and quotes behind it.
#[derive(Debug, Clone, Serialize)]
pub struct PhraseView {
    /// As customers most often say it.
    pub text: String,
    /// Distinct customers.
    pub customers: usize,
    /// "3 customers".
    pub customers_label: String,
    /// Day of its first use, "14 Aug 2026".
    pub first_heard: String,
    /// The first quote that used it.
    pub first_quote: QuoteRef,
    /// The first quotes using it, oldest first (at most [`QUOTES_PER_PHRASE`]).
    pub quotes: Vec<QuoteRef>,
    /// All quotes using it.
    pub quotes_total: usize,
    /// The search page asked for the phrase, where the rest are.
    pub search_url: String,
    /// Reviews using it, when reviews were loaded (opportunity pages).
    pub in_reviews: Option<usize>,
}

/// An emerging or fading phrase.
#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    /// The phrase over every round.
    pub phrase: PhraseView,
    /// Round it was first heard in.
    pub first_round: RoundLink,
    /// Customers using it in the latest round, of `latest_n`.
    pub latest: usize,
    /// Customers quoted in the latest round.
    pub latest_n: usize,
    /// "30%".
    pub latest_percent: String,
    /// Customers using it in earlier rounds, of `earlier_n`.
    pub earlier: usize,
    /// Customers quoted in earlier rounds.
    pub earlier_n: usize,
    /// "4%".
    pub earlier_percent: String,
    /// "12.4".
    pub g2: String,
    /// G² ≥ 3.84.
    pub significant: bool,
}

/// A share of customers with its interval.
#[derive(Debug, Clone, Serialize)]
pub struct ShareCell {
    /// Customers using the words.
    pub count: usize,
    /// Customers quoted.
    pub n: usize,
    /// "62%".
    pub percent: String,
    /// "45–77%".
    pub interval: String,
}

/// One round on the language page.
#[derive(Debug, Clone, Serialize)]
pub struct RoundLanguageView {
    /// The round.
    pub round: RoundLink,
    /// Customers quoted (the n of the shares).
    pub customers: usize,
    /// Quotes.
    pub quotes: usize,
    /// Satisfaction, intent, friction.
    pub shares: Vec<ShareCell>,
    /// Quotes per category whose words were only negated.
    pub negated: Vec<usize>,
    /// Mean sentiment, "+0.32", if the round has quotes.
    pub sentiment: Option<String>,
    /// "±0.08".
    pub sentiment_margin: Option<String>,
    /// Top phrases by distinct customers.
    pub top: Vec<PhraseView>,
}

/// A word that moved a shift.
#[derive(Debug, Clone, Serialize)]
pub struct MoverView {
    /// The word.
    pub word: String,
    /// A longer phrase customers used with it, if any.
    pub phrase: Option<String>,
    /// `rose` | `fell`.
    pub direction: &'static str,
    /// Its share of the earlier round's words, "1.2%".
    pub from_percent: String,
    /// Its share of the later round's words.
    pub to_percent: String,
}

/// How much the words changed between two rounds.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftView {
    /// The earlier round.
    pub from: RoundLink,
    /// The later round.
    pub to: RoundLink,
    /// Jensen-Shannon divergence, "0.31".
    pub divergence: String,
    /// Words counted in each round.
    pub words_from: usize,
    /// Words counted in the later round.
    pub words_to: usize,
    /// Fewer than 100 words on a side: the number says little.
    pub few_words: bool,
    /// The words that moved it most.
    pub movers: Vec<MoverView>,
}

/// An opportunity's latest language shift; all of them are on its own page. A
/// 30,000-call site has 60 rounds: every shift of 200 opportunities made the
/// language page 14 MB, and rendering it was a build's peak of memory.
#[derive(Debug, Clone, Serialize)]
pub struct OpportunityShiftView {
    /// The opportunity.
    pub opportunity: OpportunityLink,
    /// Between the last two rounds in which it was quoted.
    pub latest: ShiftView,
    /// Its shifts in all, shown on its page.
    pub count: usize,
}

/// A marketing candidate.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    /// The phrase, over positive quotes.
    pub phrase: PhraseView,
    /// Whether the copy already says it.
    pub in_copy: bool,
}

/// A copy phrase no customer says.
#[derive(Debug, Clone, Serialize)]
pub struct CopyPhraseView {
    /// As the copy writes it.
    pub text: String,
    /// Titles of the copy pages using it.
    pub pages: Vec<String>,
    /// Blocks (paragraphs, headings, items) using it.
    pub blocks: usize,
}

/// One of the three word lists.
#[derive(Debug, Clone, Serialize)]
pub struct LexiconView {
    /// "Satisfaction".
    pub title: &'static str,
    /// `satisfaction` | `intent` | `friction`.
    pub key: &'static str,
    /// Every entry, as written.
    pub entries: Vec<String>,
    /// Whether `site.toml` replaced the defaults.
    pub replaced: bool,
    /// Entries customers used, "easy (12)".
    pub used: Vec<String>,
    /// A few quotes where its words were negated and so not counted.
    pub negated: Vec<QuoteRef>,
}

/// `language/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct LanguagePage<'a> {
    /// Common fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Whether any quote exists.
    pub has_quotes: bool,
    /// Per round, oldest first.
    pub rounds: Vec<RoundLanguageView>,
    /// Satisfaction, intent and friction shares over rounds, each with its interval.
    pub share_figures: Vec<Figure>,
    /// Mean sentiment over rounds.
    pub sentiment_figure: Figure,
    /// Divergence between consecutive rounds.
    pub divergence_figure: Figure,
    /// The round emerging phrases are measured in.
    pub latest: Option<RoundLink>,
    /// Rising phrases with G² ≥ 3.84, by G².
    pub emerging: Vec<TrendView>,
    /// Rising phrases below that, by G².
    pub emerging_other: Vec<TrendView>,
    /// Falling phrases with G² ≥ 3.84, by G².
    pub fading: Vec<TrendView>,
    /// Falling phrases below that, by G².
    pub fading_other: Vec<TrendView>,
    /// Round-to-round shifts of all quotes.
    pub shifts: Vec<ShiftView>,
    /// Per opportunity: its latest shift.
    pub opportunity_shifts: Vec<OpportunityShiftView>,
    /// Phrases of positive quotes from enough customers.
    pub marketing: Vec<CandidateView>,
    /// Customer phrases the copy never uses.
    pub customer_only: Vec<PhraseView>,
    /// Copy phrases no customer says.
    pub copy_only: Vec<CopyPhraseView>,
    /// Copy pages read.
    pub copy_pages: Vec<String>,
    /// The word lists.
    pub lexicons: Vec<LexiconView>,
    /// Customers a phrase needs to emerge or fade.
    pub min_customers: usize,
    /// Customers a round needs to be charted.
    pub chart_min_customers: usize,
    /// Customers a phrase needs to be a marketing candidate.
    pub marketing_min_customers: usize,
    /// Calls against reviews; `None` without `reviews/`.
    pub reviews: Option<ReviewsView>,
}

fn share_cell(s: &Share) -> ShareCell {
    ShareCell {
        count: s.count,
        n: s.n,
        percent: percent(s.value),
        interval: format!("{}–{}", (s.low * 100.0).round(), percent(s.high)),
    }
}

fn signed2(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r > 0.0 {
        format!("+{r:.2}")
    } else if r < 0.0 {
        format!("−{:.2}", -r)
    } else {
        "0.00".into()
    }
}

/// A cut of `text` of about `max` characters that shows `phrase` when it appears.
pub fn excerpt_around(text: &str, phrase: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    let at = match (lower.len() == text.len()).then(|| lower.find(&phrase.to_lowercase())) {
        Some(Some(at)) => at,
        _ => return excerpt(text, max),
    };
    let start_char = text[..at].chars().count();
    if start_char + phrase.chars().count() + 20 <= max {
        return excerpt(text, max);
    }
    // Start a few words before the phrase.
    let from = text[..at]
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i + 1)
        .rev()
        .nth(4)
        .unwrap_or(0);
    format!("…{}", excerpt(&text[from..], max))
}

impl Pages<'_> {
    fn quote_ref(&self, q: usize, phrase: &str) -> QuoteRef {
        let quote = &self.site.quotes[q];
        let call = &self.site.calls[quote.call];
        QuoteRef {
            url: format!("quotes/{}/index.html", quote.id),
            excerpt: excerpt_around(&quote.text, phrase, 200),
            who: call.who(),
            date: call.date.to_string(),
            date_display: display_date(call.date),
        }
    }

    /// The quotes of a phrase's documents, in this site (see
    /// [`Analysis::quote_of_doc`]): all of them unless the language is of an earlier
    /// version of the site.
    fn phrase_quotes<'p>(&'p self, p: &'p PhraseCount) -> impl Iterator<Item = usize> + 'p {
        p.docs
            .iter()
            .filter_map(|&d| self.analysis.quote_of_doc(d as usize))
    }

    /// Whether any quote of the phrase is still in the site.
    fn still_heard(&self, p: &PhraseCount) -> bool {
        self.phrase_quotes(p).next().is_some()
    }

    /// A phrase of quotes (documents are quotes) as shown; at least one of its quotes
    /// must be in the site ([`Pages::still_heard`]).
    pub fn phrase_view(&self, p: &PhraseCount) -> PhraseView {
        let first = self.phrase_quotes(p).next().unwrap_or(p.first());
        PhraseView {
            text: p.text.clone(),
            customers: p.speakers,
            customers_label: plural(p.speakers, "customer", "customers"),
            first_heard: display_date(self.site.calls[self.site.quotes[first].call].date),
            first_quote: self.quote_ref(first, &p.text),
            quotes: self
                .phrase_quotes(p)
                .take(QUOTES_PER_PHRASE)
                .map(|q| self.quote_ref(q, &p.text))
                .collect(),
            quotes_total: self.phrase_quotes(p).count(),
            search_url: search_url(&p.text),
            in_reviews: None,
        }
    }

    /// An emerging or fading phrase as shown.
    pub fn trend_view(&self, t: &Trend) -> TrendView {
        let pct = |a: usize, n: usize| percent(if n == 0 { 0.0 } else { a as f64 / n as f64 });
        TrendView {
            phrase: self.phrase_view(&t.phrase),
            first_round: self.round_link(t.first_round),
            latest: t.latest,
            latest_n: t.latest_n,
            latest_percent: pct(t.latest, t.latest_n),
            earlier: t.earlier,
            earlier_n: t.earlier_n,
            earlier_percent: pct(t.earlier, t.earlier_n),
            g2: format!("{:.1}", t.g2),
            significant: t.g2 >= G2_SIGNIFICANT,
        }
    }

    /// Opportunity `o`'s shifts between consecutive rounds in which it was quoted.
    pub fn opportunity_shifts(&self, o: usize) -> Vec<ShiftView> {
        self.analysis.language.opportunity_shifts[o]
            .iter()
            .map(|s| self.shift_view(s))
            .collect()
    }

    fn shift_view(&self, s: &Shift) -> ShiftView {
        let pct = |x: f64| format!("{:.1}%", x * 100.0);
        ShiftView {
            from: self.round_link(s.from),
            to: self.round_link(s.to),
            divergence: format!("{:.2}", s.divergence),
            words_from: s.words.0,
            words_to: s.words.1,
            few_words: s.words.0 < 100 || s.words.1 < 100,
            movers: s
                .movers
                .iter()
                .map(|m| MoverView {
                    word: m.word.clone(),
                    phrase: m.phrase.clone(),
                    direction: if m.rose { "rose" } else { "fell" },
                    from_percent: pct(m.shares.0),
                    to_percent: pct(m.shares.1),
                })
                .collect(),
        }
    }

    /// The latest round's emerging phrases, for the dashboard (at most `n`).
    pub fn emerging_phrases(&self, n: usize) -> Vec<TrendView> {
        self.analysis
            .language
            .emerging
            .iter()
            .filter(|t| self.still_heard(&t.phrase))
            .take(n)
            .map(|t| self.trend_view(t))
            .collect()
    }

    /// The phrases the customers of opportunity `o` use.
    pub fn opportunity_phrases(&self, o: usize) -> Vec<PhraseView> {
        let facts = &*self.analysis.language;
        facts.opportunity_phrases[o]
            .iter()
            .enumerate()
            .filter(|(_, p)| self.still_heard(p))
            .map(|(i, p)| PhraseView {
                in_reviews: facts
                    .reviews
                    .as_ref()
                    .and_then(|r| r.opportunity_reviews[o].get(i).copied()),
                ..self.phrase_view(p)
            })
            .collect()
    }

    fn review_ref(&self, r: usize, phrase: &str) -> ReviewRef {
        let review = &self.site.reviews[r];
        ReviewRef {
            date: review.date.to_string(),
            date_display: display_date(review.date),
            excerpt: excerpt_around(&review.text, phrase, 200),
            rating: review.rating.map(|r| format!("{r}/5")),
            source: review.source.clone(),
            product: review.product.clone(),
        }
    }

    fn lead_view(&self, l: &Lead) -> LeadView {
        LeadView {
            phrase: self.phrase_view(&l.phrase),
            calls_reached: display_date(l.calls_reached),
            first_review: l.first_review.map(display_date),
            reviews_reached: l.reviews_reached.map(display_date),
            reviews: l.reviews,
            lead: l.lead_days.map(lead_text),
            examples: l
                .review_examples
                .iter()
                .map(|&r| self.review_ref(r, &l.phrase.text))
                .collect(),
        }
    }

    fn gap_view(&self, g: &GapPhrase) -> GapView {
        GapView {
            text: g.phrase.text.clone(),
            customers: g.customers,
            reviews: g.reviews,
            g2: format!("{:.1}", g.g2),
            quotes: g
                .phrase
                .docs
                .iter()
                .take(QUOTES_PER_PHRASE)
                .map(|&q| self.quote_ref(q as usize, &g.phrase.text))
                .collect(),
            quotes_total: g.phrase.docs.len(),
            search_url: search_url(&g.phrase.text),
            examples: g
                .review_examples
                .iter()
                .map(|&r| self.review_ref(r, &g.phrase.text))
                .collect(),
        }
    }

    /// The dashboard's summary of calls against reviews.
    pub fn reviews_summary(&self) -> Option<ReviewsSummary> {
        let facts = self.analysis.language.reviews.as_ref()?;
        Some(ReviewsSummary {
            median: facts.median_lead_days.map(|d| lead_text(d.round() as i64)),
            median_count: facts.reached.len(),
            calls_only: facts
                .calls_only
                .iter()
                .filter(|l| self.still_heard(&l.phrase))
                .take(5)
                .map(|l| self.lead_view(l))
                .collect(),
        })
    }

    /// Calls against reviews, for the language page.
    pub fn reviews_view(&self) -> Option<ReviewsView> {
        let facts = self.analysis.language.reviews.as_ref()?;
        let top: Vec<&Lead> = facts.reached.iter().take(10).collect();
        let chart = Chart::new(
            "language-review-lead",
            "How many months before reviews the calls heard each phrase",
            ChartKind::Bars {
                category_label: "Phrase".into(),
                value_label: "Months calls were ahead".into(),
                unit: Unit::Plain,
                categories: top.iter().map(|l| format!("“{}”", l.phrase.text)).collect(),
                series: vec![super::charts::BarSeries {
                    name: "Months ahead".into(),
                    values: top
                        .iter()
                        .map(|l| {
                            (l.lead_days.unwrap_or(0) as f64 / DAYS_PER_MONTH * 10.0).round() / 10.0
                        })
                        .collect(),
                }],
            },
        );
        Some(ReviewsView {
            reviews: facts.reviews,
            threshold: facts.threshold,
            median: facts.median_lead_days.map(|d| lead_text(d.round() as i64)),
            median_count: facts.reached.len(),
            reached: facts.reached.iter().map(|l| self.lead_view(l)).collect(),
            calls_only: facts.calls_only.iter().map(|l| self.lead_view(l)).collect(),
            calls_more: facts.calls_more.iter().map(|g| self.gap_view(g)).collect(),
            reviews_more: facts
                .reviews_more
                .iter()
                .map(|g| self.gap_view(g))
                .collect(),
            lead_figure: Figure::new(&chart, "language"),
        })
    }

    fn launch_markers(&self) -> Vec<Marker> {
        let mut markers: Vec<Marker> = Vec::new();
        for o in &self.site.opportunities {
            for (what, date) in [("launched", o.launched), ("scaled", o.scaled)] {
                if let Some(date) = date {
                    markers.push(Marker {
                        date,
                        label: format!("{} {what}", o.title),
                    });
                }
            }
        }
        markers.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.label.cmp(&b.label)));
        markers
    }

    /// `language/index.html`.
    pub fn language(&self) -> LanguagePage<'_> {
        let facts = &*self.analysis.language;
        let dated: Vec<(usize, NaiveDate)> = facts
            .rounds
            .iter()
            .enumerate()
            .filter(|(_, r)| r.customers >= CHART_MIN_CUSTOMERS)
            .filter_map(|(i, r)| r.date.map(|d| (i, d)))
            .collect();
        let markers = self.launch_markers();
        let share_figures = Category::ALL
            .iter()
            .map(|&c| {
                let i = c as usize;
                let line = |name: &str, f: &dyn Fn(&Share) -> f64| Series {
                    name: name.into(),
                    points: dated
                        .iter()
                        .map(|&(r, d)| (d, (f(&facts.rounds[r].shares[i]) * 1000.0).round() / 10.0))
                        .collect(),
                };
                let chart = Chart::new(
                    &format!("language-{}", c.key()),
                    format!(
                        "{}: share of customers using its words, by round",
                        c.title()
                    ),
                    ChartKind::TimeSeries {
                        y_label: "Customers".into(),
                        unit: Unit::Percent,
                        series: vec![
                            line("Share", &|s| s.value),
                            line("95% low", &|s| s.low),
                            line("95% high", &|s| s.high),
                        ],
                        markers: markers.clone(),
                    },
                );
                Figure::new(&chart, "language")
            })
            .collect();
        let sentiment_line = |name: &str, f: &dyn Fn(f64, f64) -> f64| Series {
            name: name.into(),
            points: dated
                .iter()
                .filter_map(|&(r, d)| {
                    facts.rounds[r]
                        .sentiment
                        .map(|m| (d, (f(m.value, m.margin) * 1000.0).round() / 1000.0))
                })
                .collect(),
        };
        let sentiment_figure = Figure::new(
            &Chart::new(
                "language-sentiment",
                "Average sentiment of quotes, by round (−1 to +1)",
                ChartKind::TimeSeries {
                    y_label: "Sentiment".into(),
                    unit: Unit::Plain,
                    series: vec![
                        sentiment_line("Average", &|v, _| v),
                        sentiment_line("95% low", &|v, m| v - m),
                        sentiment_line("95% high", &|v, m| v + m),
                    ],
                    markers: markers.clone(),
                },
            ),
            "language",
        );
        let divergence_figure = Figure::new(
            &Chart::new(
                "language-divergence",
                "Language shift from the previous round (Jensen-Shannon divergence, 0 to 1)",
                ChartKind::TimeSeries {
                    y_label: "Divergence".into(),
                    unit: Unit::Plain,
                    series: vec![Series {
                        name: "All quotes".into(),
                        points: facts
                            .shifts
                            .iter()
                            .filter(|s| {
                                facts.rounds[s.from].customers >= CHART_MIN_CUSTOMERS
                                    && facts.rounds[s.to].customers >= CHART_MIN_CUSTOMERS
                            })
                            .filter_map(|s| {
                                facts.rounds[s.to]
                                    .date
                                    .map(|d| (d, (s.divergence * 1000.0).round() / 1000.0))
                            })
                            .collect(),
                    }],
                    markers,
                },
            ),
            "language",
        );
        let rounds = facts
            .rounds
            .iter()
            .enumerate()
            .map(|(r, l)| RoundLanguageView {
                round: self.round_link(r),
                customers: l.customers,
                quotes: l.quotes,
                shares: l.shares.iter().map(share_cell).collect(),
                negated: l.negated.iter().map(Vec::len).collect(),
                sentiment: l.sentiment.map(|m| signed2(m.value)),
                sentiment_margin: l.sentiment.map(|m| format!("±{:.2}", m.margin)),
                top: l.top.iter().map(|p| self.phrase_view(p)).collect(),
            })
            .collect();
        let lexicons = Category::ALL
            .iter()
            .map(|&c| {
                let i = c as usize;
                let mut negated: Vec<usize> = facts
                    .rounds
                    .iter()
                    .flat_map(|r| r.negated[i].iter().copied())
                    .collect();
                negated.sort_unstable();
                LexiconView {
                    title: c.title(),
                    key: c.key(),
                    entries: facts.lexicon.lists[i]
                        .iter()
                        .map(|e| e.text.clone())
                        .collect(),
                    replaced: facts.lexicon.replaced[i],
                    used: facts.entries_used[i]
                        .iter()
                        .map(|(t, n)| format!("{t} ({n})"))
                        .collect(),
                    negated: negated
                        .iter()
                        .take(5)
                        .map(|&q| self.quote_ref(q, ""))
                        .collect(),
                }
            })
            .collect();
        let opportunity_shifts = facts
            .opportunity_shifts
            .iter()
            .enumerate()
            .filter_map(|(o, s)| {
                Some(OpportunityShiftView {
                    opportunity: self.opportunity_link(o),
                    latest: self.shift_view(s.last()?),
                    count: s.len(),
                })
            })
            .collect();
        let trend_views = |list: &[Trend], significant: bool| -> Vec<TrendView> {
            list.iter()
                .filter(|t| (t.g2 >= G2_SIGNIFICANT) == significant)
                .map(|t| self.trend_view(t))
                .collect()
        };
        let copy_pages: Vec<String> = self.site.copy.iter().map(|p| p.title.clone()).collect();
        let description = format!(
            "How {} talk across {}: satisfaction, intent and friction, emerging phrases, language shift and marketing language",
            plural(self.analysis.totals.customers, "customer", "customers"),
            plural(self.site.rounds.len(), "round", "rounds")
        );
        LanguagePage {
            common: self.common(
                1,
                "Customer language".into(),
                "language",
                description,
                "language/index.html",
            ),
            has_quotes: !self.site.quotes.is_empty(),
            rounds,
            share_figures,
            sentiment_figure,
            divergence_figure,
            latest: facts.trend_round.map(|r| self.round_link(r)),
            emerging: trend_views(&facts.emerging, true),
            emerging_other: trend_views(&facts.emerging, false),
            fading: trend_views(&facts.fading, true),
            fading_other: trend_views(&facts.fading, false),
            shifts: facts.shifts.iter().map(|s| self.shift_view(s)).collect(),
            opportunity_shifts,
            marketing: facts
                .marketing
                .iter()
                .map(|m| CandidateView {
                    phrase: self.phrase_view(&m.phrase),
                    in_copy: m.in_copy,
                })
                .collect(),
            customer_only: facts
                .customer_only
                .iter()
                .map(|p| self.phrase_view(p))
                .collect(),
            copy_only: facts
                .copy_only
                .iter()
                .map(|c| CopyPhraseView {
                    text: c.text.clone(),
                    pages: c.pages.iter().map(|&p| copy_pages[p].clone()).collect(),
                    blocks: c.blocks,
                })
                .collect(),
            copy_pages,
            lexicons,
            min_customers: facts.settings.min_customers,
            chart_min_customers: CHART_MIN_CUSTOMERS,
            reviews: self.reviews_view(),
            marketing_min_customers: facts.settings.marketing_min_customers,
        }
    }
}

impl LanguagePage<'_> {
    /// Every figure of the page, for writing their CSV files.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.share_figures
            .iter()
            .chain([&self.sentiment_figure, &self.divergence_figure])
            .chain(self.reviews.as_ref().map(|r| &r.lead_figure))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_cut_around_the_phrase() {
        let text = format!(
            "{} and then I said wide toe box at last.",
            "word ".repeat(80)
        );
        let cut = excerpt_around(&text, "wide toe box", 100);
        assert!(
            cut.starts_with('…') && cut.contains("wide toe box"),
            "{cut}"
        );
        assert_eq!(excerpt_around("short", "x", 100), "short");
    }
}
