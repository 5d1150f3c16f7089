//! Building each page's view data from the site and its analysis.

use std::sync::Arc;

use chrono::NaiveDate;

use super::markdown;
use super::site_figures::SiteFigures;
use super::view::*;
use crate::analysis::follow_up::evidence_on;
use crate::analysis::{bucket_index, ranking, Analysis, Validation, Verdict};
use crate::model::{Bucket, CallKind, Site, Solved, Status};

/// How an automatic lead quote is chosen; shown on the page next to it.
pub const LEAD_RULE: &str = "the newest quote tagged with this opportunity alone (or, if every quote also names other opportunities, the newest of all); within one call, the longest";

/// What the pages of calls and quotes are made from: the site alone. They need no
/// analysis, so a build renders and writes them while the analysis runs.
#[derive(Clone)]
pub struct SitePages<'a> {
    /// The site.
    pub site: &'a Site,
    /// Site-wide fields for every page.
    pub site_view: SiteView,
    /// Each quote rendered to HTML once, by quote index.
    pub quote_html: &'a [Arc<str>],
    /// A link to each opportunity, made once: quote cards carry them by the
    /// hundred thousand, and a copy is three reference counts.
    opportunity_links: Vec<OpportunityLink>,
    /// What every card and summary of a call shows of it, made once per call when
    /// first needed (`serve` rebuilds a few pages, most without a card).
    call_facts: std::sync::OnceLock<Vec<CallFacts>>,
    /// Each round's title and URL, made once.
    round_facts: Vec<(Arc<str>, Arc<str>)>,
}

/// Who a call was with and when, as cards and summaries show it.
#[derive(Clone)]
struct CallFacts {
    who: Arc<str>,
    date: Arc<str>,
    date_display: Arc<str>,
}

impl<'a> SitePages<'a> {
    /// The pieces of `site`'s pages that every page shares.
    pub fn new(site: &'a Site, quote_html: &'a [Arc<str>]) -> SitePages<'a> {
        let opportunity_links = site
            .opportunities
            .iter()
            .map(|opp| OpportunityLink {
                slug: opp.slug.as_str().into(),
                title: opp.title.as_str().into(),
                url: format!("opportunities/{}/index.html", opp.slug).into(),
                bucket: opp.bucket.as_str(),
                bucket_title: opp.bucket.title(),
                status: opp.status.as_str(),
            })
            .collect();
        let round_facts = site
            .rounds
            .iter()
            .map(|round| {
                let url = format!("rounds/{}/index.html", round.name);
                (round.title.as_str().into(), url.into())
            })
            .collect();
        SitePages {
            site,
            site_view: super::view::site_view(site),
            quote_html,
            opportunity_links,
            call_facts: std::sync::OnceLock::new(),
            round_facts,
        }
    }
}

/// Everything page builders share: the site, its analysis, and work done once.
pub struct Pages<'a> {
    /// The site's own pages and the pieces they share with every page (quote cards).
    pub base: SitePages<'a>,
    /// Its analysis.
    pub analysis: &'a Analysis,
    /// Every chart of the site, drawn once.
    pub figures: SiteFigures,
}

impl<'a> std::ops::Deref for Pages<'a> {
    type Target = SitePages<'a>;

    fn deref(&self) -> &SitePages<'a> {
        &self.base
    }
}

/// "14 Aug 2026".
pub fn display_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

fn date_range(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) if s == e => display_date(s),
        (Some(s), Some(e)) => format!("{} – {}", display_date(s), display_date(e)),
        (Some(d), None) | (None, Some(d)) => display_date(d),
        (None, None) => String::new(),
    }
}

/// At most `max` characters, cut at a word, with "…".
pub fn excerpt(text: &str, max: usize) -> String {
    // Every card of every page has one: find the cut without copying the text first.
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text.to_string();
    };
    let cut = &text[..end];
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!(
        "{}…",
        cut[..at].trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';')
    )
}

/// A share as a whole percentage, "62%".
pub fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round())
}

/// A score with its sign: "+30", "−12", "0".
pub fn signed(x: f64) -> String {
    let r = x.round();
    if r > 0.0 {
        format!("+{r}")
    } else if r < 0.0 {
        format!("−{}", -r)
    } else {
        "0".into()
    }
}

/// "1 customer", "7 customers".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl<'a> SitePages<'a> {
    /// Fields every page shares; `depth` is how many folders below the root the page is.
    pub fn common(
        &self,
        depth: usize,
        title: String,
        section: &'static str,
        description: String,
        path: &str,
    ) -> Common<'_> {
        Common {
            site: &self.site_view,
            root: "../".repeat(depth),
            title,
            section,
            description,
            canonical: self
                .site
                .settings
                .base_url
                .as_ref()
                .map(|base| format!("{base}/{}", path.trim_end_matches("index.html"))),
        }
    }

    /// What cards and summaries show of call `c`.
    fn call_facts(&self, c: usize) -> &CallFacts {
        let all = self.call_facts.get_or_init(|| {
            self.site
                .calls
                .iter()
                .map(|call| CallFacts {
                    who: call.who().into(),
                    date: call.date.to_string().into(),
                    date_display: display_date(call.date).into(),
                })
                .collect()
        });
        &all[c]
    }

    /// A link to opportunity `o`.
    pub fn opportunity_link(&self, o: usize) -> OpportunityLink {
        self.opportunity_links[o].clone()
    }

    /// Quote `q` as a card.
    pub fn quote_card(&self, q: usize) -> QuoteCard {
        self.card(q, true)
    }

    /// [`SitePages::quote_card`]; unless `for_tera`, without the fields the compiled
    /// default theme does not read (id, excerpt, customer, location, round name,
    /// question): opportunity and round pages hold a card for every quote.
    fn card(&self, q: usize, for_tera: bool) -> QuoteCard {
        let quote = &self.site.quotes[q];
        let call = &self.site.calls[quote.call];
        let round = &self.site.rounds[call.round];
        let full = |make: &dyn Fn() -> String| if for_tera { make() } else { String::new() };
        let facts = self.call_facts(quote.call);
        let (round_title, round_url) = &self.round_facts[call.round];
        QuoteCard {
            id: full(&|| quote.id.clone()),
            url: format!("quotes/{}/index.html", quote.id),
            html: self.quote_html[q].clone(),
            text: quote.text.clone(),
            excerpt: full(&|| excerpt(&quote.text, 160)),
            who: facts.who.clone(),
            customer: full(&|| call.customer.clone()),
            location: call.location.clone().filter(|_| for_tera),
            date: facts.date.clone(),
            date_display: facts.date_display.clone(),
            round_name: full(&|| round.name.clone()),
            round_title: round_title.clone(),
            round_url: round_url.clone(),
            call_url: format!("calls/{}/index.html#q-{}", call.stem, quote.id),
            question: full(&|| self.question_text(quote.question)),
            call_kind: call.kind.as_str(),
            opportunities: quote
                .opportunities
                .iter()
                .map(|&o| self.opportunity_link(o))
                .collect(),
        }
    }

    fn question_text(&self, question: Option<usize>) -> String {
        question.map_or_else(
            || "Other".to_string(),
            |i| self.site.questions[i].text.clone(),
        )
    }

    /// Call `c` as a summary.
    pub fn call_summary(&self, c: usize) -> CallSummary {
        let call = &self.site.calls[c];
        let facts = self.call_facts(c);
        let (round_title, round_url) = &self.round_facts[call.round];
        CallSummary {
            stem: call.stem.clone(),
            url: format!("calls/{}/index.html", call.stem),
            customer: call.customer.clone(),
            who: facts.who.clone(),
            date: facts.date.clone(),
            date_display: facts.date_display.clone(),
            kind: call.kind.as_str(),
            round_title: round_title.clone(),
            round_url: round_url.clone(),
            segment: call.segment.clone(),
            products: call.products.clone(),
            interviewer: call.interviewer.clone(),
            quotes: call.quotes.len(),
            follow_up: call.follow_up.as_ref().map(|f| FollowUpView {
                opportunity: self.opportunity_link(f.opportunity),
                solved: f.solved.map(|s| match s {
                    Solved::Yes => "yes",
                    Solved::Partly => "partly",
                    Solved::No => "no",
                }),
                recommend: f.recommend,
            }),
        }
    }

    /// `quotes/<id>/index.html`.
    pub fn quote(&self, q: usize) -> QuotePage<'_> {
        let quote = &self.site.quotes[q];
        let call = &self.site.calls[quote.call];
        let card = self.quote_card(q);
        let mut description = format!("{}, {}", card.who, card.date_display);
        if let Some(first) = card.opportunities.first() {
            description.push_str(" · ");
            description.push_str(&first.title);
        }
        let path = format!("quotes/{}/index.html", quote.id);
        let common = self.common(
            2,
            format!("“{}”", excerpt(&quote.text, 70)),
            "quotes",
            description,
            &path,
        );
        QuotePage {
            permalink: common.canonical.clone().unwrap_or_default(),
            common,
            quote: card,
            interviewer: call.interviewer.clone(),
            segment: call.segment.clone(),
            share_title: format!("“{}”", excerpt(&quote.text, 200)),
        }
    }

    /// `calls/<stem>/index.html`; its quotes as cards `with_cards` (the default
    /// theme's page shows them in the note, not as cards).
    pub fn call(&self, c: usize, with_cards: bool) -> CallPage<'_> {
        let call = &self.site.calls[c];
        let body_html = markdown::call_to_html(&call.body, |n| match call.quotes.get(n) {
            Some(&q) => self.call_quote_block(q),
            // The loader and renderer parse alike, so this is unreachable in practice;
            // drop the block rather than show its tags.
            None => String::new(),
        });
        let summary = self.call_summary(c);
        let kind = match call.kind {
            CallKind::Discovery => "Discovery call",
            CallKind::FollowUp => "Follow-up call",
        };
        let description = format!("{kind} with {}, {}", summary.who, summary.date_display);
        CallPage {
            common: self.common(
                2,
                format!("Call with {}, {}", summary.who, summary.date_display),
                "calls",
                description,
                &format!("calls/{}/index.html", call.stem),
            ),
            call: summary,
            body_html,
            quotes: if with_cards {
                call.quotes.iter().map(|&q| self.quote_card(q)).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// A quote inside its call's note: highlighted, with its permalink and opportunities.
    fn call_quote_block(&self, q: usize) -> String {
        let quote = &self.site.quotes[q];
        let id = super::theme::escape_html(&quote.id);
        let mut html = format!(
            "<blockquote class=\"quote\" id=\"q-{id}\">\n{}</blockquote>\n<p class=\"quote-permalink\"><a href=\"../../quotes/{id}/index.html\">Permalink to this quote</a>",
            self.quote_html[q]
        );
        for &o in &quote.opportunities {
            let opp = &self.site.opportunities[o];
            html.push_str(&format!(
                " · <a class=\"badge bucket-{}\" href=\"../../opportunities/{}/index.html\">{}</a>",
                opp.bucket.as_str(),
                super::theme::escape_html(&opp.slug),
                super::theme::escape_html(&opp.title)
            ));
        }
        html.push_str("</p>\n");
        html
    }
}

impl<'a> Pages<'a> {
    /// A ranking row for opportunity `o`.
    pub fn opportunity_row(&self, o: usize) -> OpportunityRow {
        let opp = &self.site.opportunities[o];
        let facts = &self.analysis.opportunities[o];
        let lead = facts.lead.map(|l| &self.site.quotes[l.quote]);
        OpportunityRow {
            link: self.opportunity_link(o),
            rank: facts.rank,
            impact: opp.impact,
            complexity: opp.complexity,
            score: ranking::trim_number(facts.score),
            score_value: facts.score,
            evidence: facts.evidence,
            quotes: facts.quotes.len(),
            quick_win: facts.quick_win,
            lead_excerpt: lead.map(|q| excerpt(&q.text, 120)),
            lead_url: lead.map(|q| format!("quotes/{}/index.html", q.id)),
            verdict: self
                .analysis
                .validations
                .get(&o)
                .map(|v| v.verdict.as_str()),
        }
    }

    /// A link to round `r`.
    pub fn round_link(&self, r: usize) -> RoundLink {
        let round = &self.site.rounds[r];
        let facts = &self.analysis.rounds[r];
        RoundLink {
            name: round.name.clone(),
            title: round.title.clone(),
            url: format!("rounds/{}/index.html", round.name),
            dates: date_range(round.start, round.end),
            goal: round.goal.clone(),
            calls: facts.calls,
            customers: facts.customers,
            quotes: facts.quotes,
        }
    }

    /// `index.html`.
    pub fn dashboard(&self) -> DashboardPage<'_> {
        let t = &self.analysis.totals;
        let counts = vec![
            Count {
                label: "Calls",
                value: t.calls,
            },
            Count {
                label: "Customers",
                value: t.customers,
            },
            Count {
                label: "Quotes",
                value: t.quotes,
            },
            Count {
                label: "Rounds",
                value: t.rounds,
            },
            Count {
                label: "Opportunities",
                value: t.opportunities,
            },
        ];
        let buckets = Bucket::ALL
            .iter()
            .map(|&b| BucketCount {
                bucket: b.as_str(),
                title: b.title(),
                description: b.description(),
                count: t.per_bucket[bucket_index(b)],
                url: format!("opportunities/index.html#{}", b.as_str()),
            })
            .collect();
        let quick_wins = self
            .analysis
            .quick_wins
            .iter()
            .take(5)
            .map(|&o| QuickWin {
                opportunity: self.opportunity_row(o),
                lead: self.analysis.opportunities[o]
                    .lead
                    .map(|l| self.quote_card(l.quote)),
            })
            .collect();
        let latest_round = self.site.rounds.len().checked_sub(1).map(|r| {
            let facts = &self.analysis.rounds[r];
            LatestRound {
                round: self.round_link(r),
                new_opportunities: facts
                    .new_opportunities
                    .iter()
                    .map(|&o| self.opportunity_link(o))
                    .collect(),
                top: facts
                    .quotes_by_opportunity
                    .iter()
                    .take(5)
                    .map(|(o, qs)| TaggedCount {
                        opportunity: self.opportunity_link(*o),
                        quotes: qs.len(),
                    })
                    .collect(),
            }
        });
        let description = format!(
            "{} from {} customers across {}",
            plural(t.quotes, "quote", "quotes"),
            t.customers,
            plural(t.rounds, "call round", "call rounds")
        );
        // Newest launch first; ties by title.
        let mut launches: Vec<(usize, &Validation)> = self
            .analysis
            .validations
            .iter()
            .map(|(&o, v)| (o, v))
            .collect();
        launches.sort_by(|(a, va), (b, vb)| {
            vb.launched.cmp(&va.launched).then_with(|| {
                self.site.opportunities[*a]
                    .title
                    .cmp(&self.site.opportunities[*b].title)
            })
        });
        DashboardPage {
            common: self.common(
                0,
                "Dashboard".into(),
                "dashboard",
                description,
                "index.html",
            ),
            counts,
            buckets,
            quick_wins,
            latest_round,
            rounds: (0..self.site.rounds.len())
                .rev()
                .map(|r| self.round_link(r))
                .collect(),
            loop_health: launches
                .iter()
                .filter(|(_, v)| v.needs_calls())
                .map(|&(o, v)| self.launch_row(o, v))
                .collect(),
            launches: launches
                .iter()
                .map(|&(o, v)| self.launch_row(o, v))
                .collect(),
            metric_figures: self.figures.metrics.iter().take(2).collect(),
            emerging: self.emerging_phrases(5),
            reviews: self.reviews_summary(),
        }
    }

    /// `opportunities/index.html`.
    pub fn ranking(&self) -> RankingPage<'_> {
        let buckets = Bucket::ALL
            .iter()
            .map(|&b| BucketTable {
                bucket: b.as_str(),
                title: b.title(),
                description: b.description(),
                rows: self.analysis.ranking[bucket_index(b)]
                    .iter()
                    .map(|&o| self.opportunity_row(o))
                    .collect(),
            })
            .collect();
        RankingPage {
            common: self.common(
                1,
                "Opportunities".into(),
                "opportunities",
                "Opportunities ranked by customer impact against implementation complexity".into(),
                "opportunities/index.html",
            ),
            formula: ranking::formula(self.site),
            score_range: ranking::score_range(self.site),
            buckets,
            statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
            verdicts: [Verdict::Validated, Verdict::NotValidated, Verdict::Awaiting]
                .iter()
                .map(|v| v.as_str())
                .collect(),
            matrix: &self.figures.matrix,
        }
    }

    /// `opportunities/<slug>/index.html`.
    pub fn opportunity(&self, o: usize, for_tera: bool) -> OpportunityPage<'_> {
        let opp = &self.site.opportunities[o];
        let facts = &self.analysis.opportunities[o];
        let lead = facts.lead.map(|l| self.card(l.quote, for_tera));
        let lead_intro = lead.as_ref().map(|card| {
            format!(
                "Based on conversations with {}, here's what {} told us:",
                plural(facts.evidence, "customer", "customers"),
                card.who
            )
        });
        // Group by question in the configured order, "Other" last; quotes stay newest first.
        let mut groups: Vec<QuoteGroup> = Vec::new();
        let questions = (0..self.site.questions.len()).map(Some).chain([None]);
        for question in questions {
            let quotes: Vec<QuoteCard> = facts
                .quotes
                .iter()
                .filter(|&&q| self.site.quotes[q].question == question)
                .map(|&q| self.card(q, for_tera))
                .collect();
            if !quotes.is_empty() {
                groups.push(QuoteGroup {
                    question: self.question_text(question),
                    key: question
                        .map_or_else(|| "other".into(), |i| self.site.questions[i].key.clone()),
                    quotes,
                });
            }
        }
        let mut dates = Vec::new();
        if let Some(r) = facts.first_raised {
            let round = &self.site.rounds[r];
            let first_call = facts.quotes.iter().map(|&q| self.site.quotes[q].call).min();
            if let Some(c) = first_call {
                let date = self.site.calls[c].date;
                dates.push(DatedEvent {
                    label: "First raised",
                    date: date.to_string(),
                    date_display: display_date(date),
                    url: Some(format!("rounds/{}/index.html", round.name)),
                    detail: Some(round.title.clone()),
                    evidence: evidence_on(self.site, &facts.quotes, date),
                });
            }
        }
        for (label, date) in [("Launched", opp.launched), ("Scaled", opp.scaled)] {
            if let Some(date) = date {
                dates.push(DatedEvent {
                    label,
                    date: date.to_string(),
                    date_display: display_date(date),
                    url: None,
                    detail: None,
                    evidence: evidence_on(self.site, &facts.quotes, date),
                });
            }
        }
        let description = format!(
            "{} opportunity · {} · score {}",
            opp.bucket.title(),
            plural(facts.evidence, "customer", "customers"),
            ranking::trim_number(facts.score)
        );
        OpportunityPage {
            common: self.common(
                2,
                opp.title.clone(),
                "opportunities",
                description,
                &format!("opportunities/{}/index.html", opp.slug),
            ),
            opportunity: self.opportunity_row(o),
            lead_intro,
            lead,
            lead_picked: facts.lead.is_some_and(|l| l.picked),
            lead_rule: LEAD_RULE,
            groups,
            body_html: markdown::to_html(&opp.body),
            formula: ranking::formula(self.site),
            dates,
            validation: self
                .analysis
                .validations
                .get(&o)
                .map(|v| self.validation(v, for_tera)),
            launch_figures: self
                .figures
                .launches
                .get(&o)
                .map(|f| f.iter().collect())
                .unwrap_or_default(),
            launch_window: plural(
                super::site_figures::LAUNCH_WINDOW_WEEKS as usize,
                "week",
                "weeks",
            ),
            phrases: self.opportunity_phrases(o),
            shifts: self.opportunity_shifts(o),
        }
    }

    fn validation(&self, v: &Validation, for_tera: bool) -> ValidationView {
        let labels = ["Yes", "Partly", "No"];
        ValidationView {
            verdict: v.verdict.as_str(),
            launched_display: display_date(v.launched),
            window_end_display: display_date(v.window_end),
            window_days: self.site.settings.follow_up.window_days,
            window_open: v.window_open,
            days_left: v.days_left,
            calls: v.calls.len(),
            in_window: v.in_window,
            target: v.target,
            target_met: v.target_met(),
            missing_calls: v.missing_calls,
            solved: labels
                .iter()
                .zip(v.solved.iter())
                .map(|(label, s)| ShareView {
                    label,
                    count: s.count,
                    n: s.n,
                    percent: percent(s.value),
                    value: s.value * 100.0,
                    interval: format!("{}–{}", (s.low * 100.0).round(), percent(s.high)),
                })
                .collect(),
            nps: v.nps.map(|n| NpsView {
                score: signed(n.score),
                interval: format!("{} to {}", signed(n.low), signed(n.high)),
                n: n.n,
                promoters: n.promoters,
                passives: n.passives,
                detractors: n.detractors,
            }),
            still_missing: v
                .still_missing
                .iter()
                .map(|&q| self.card(q, for_tera))
                .collect(),
            same_customers: v
                .same_customers
                .iter()
                .map(|pair| BeforeAfterView {
                    who: self.site.calls[self.site.quotes[pair.after].call].who(),
                    before: self.card(pair.before, for_tera),
                    after: self.card(pair.after, for_tera),
                })
                .collect(),
            follow_up_calls: v
                .calls
                .iter()
                .rev()
                .map(|&c| self.call_summary(c))
                .collect(),
        }
    }

    fn launch_row(&self, o: usize, v: &Validation) -> LaunchRow {
        LaunchRow {
            opportunity: self.opportunity_link(o),
            launched_display: display_date(v.launched),
            verdict: v.verdict.as_str(),
            in_window: v.in_window,
            target: v.target,
            missing_calls: v.missing_calls,
            window_open: v.window_open,
            days_left: v.days_left,
            // The share stands with its base and interval: the answers come from every
            // follow-up call, which may be more than the window's count beside it.
            solved_yes: (v.solved[0].n > 0).then(|| {
                let yes = &v.solved[0];
                format!(
                    "{} ({} of {}; 95%: {}–{})",
                    percent(yes.value),
                    yes.count,
                    yes.n,
                    (yes.low * 100.0).round(),
                    percent(yes.high)
                )
            }),
        }
    }

    /// `rounds/<name>/index.html`.
    pub fn round(&self, r: usize, for_tera: bool) -> RoundPage<'_> {
        let round = &self.site.rounds[r];
        let facts = &self.analysis.rounds[r];
        let link = self.round_link(r);
        let description = format!(
            "{} with {} · {}",
            plural(link.calls, "call", "calls"),
            plural(link.customers, "customer", "customers"),
            plural(link.quotes, "quote", "quotes")
        );
        RoundPage {
            common: self.common(
                2,
                round.title.clone(),
                "rounds",
                description,
                &format!("rounds/{}/index.html", round.name),
            ),
            round: link,
            new_opportunities: facts
                .new_opportunities
                .iter()
                .map(|&o| self.opportunity_link(o))
                .collect(),
            calls: round.calls.iter().map(|&c| self.call_summary(c)).collect(),
            by_opportunity: facts
                .quotes_by_opportunity
                .iter()
                .map(|(o, qs)| OpportunityQuotes {
                    opportunity: self.opportunity_link(*o),
                    quotes: qs.iter().map(|&q| self.card(q, for_tera)).collect(),
                })
                .collect(),
            untagged: facts
                .untagged_quotes
                .iter()
                .map(|&q| self.card(q, for_tera))
                .collect(),
        }
    }

    /// `rounds/index.html`.
    pub fn rounds(&self) -> RoundsPage<'_> {
        RoundsPage {
            common: self.common(
                1,
                "Rounds".into(),
                "rounds",
                format!(
                    "{} of customer calls",
                    plural(self.site.rounds.len(), "round", "rounds")
                ),
                "rounds/index.html",
            ),
            rounds: (0..self.site.rounds.len())
                .rev()
                .map(|r| self.round_link(r))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("the checkout kept timing out", 15), "the checkout…");
        assert_eq!(excerpt("exactly eleven", 14), "exactly eleven");
        assert_eq!(excerpt("Größe passt nicht gut", 12), "Größe passt…");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "customer", "customers"), "1 customer");
        assert_eq!(plural(73, "customer", "customers"), "73 customers");
    }
}
