//! Closing the loop: follow-up calls after a launch, and whether it worked.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};

use super::stats::{nps, share, Nps, Share};
use crate::model::{CallKind, CustomerKey, Site, Solved};

/// Where a launch stands with its customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// More than half of the follow-up calls that answered say it solved their problem.
    Validated,
    /// Answers are in, and half or fewer say yes.
    NotValidated,
    /// No follow-up call has answered "did this solve it" yet.
    Awaiting,
}

impl Verdict {
    /// The word the pages show.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Validated => "validated",
            Verdict::NotValidated => "not validated",
            Verdict::Awaiting => "awaiting follow-ups",
        }
    }
}

/// One customer's words before the launch and after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeforeAfter {
    /// A quote from a call before the launch (tagged with the opportunity if one is).
    pub before: usize,
    /// A quote from the follow-up call.
    pub after: usize,
}

/// The follow-up picture of one launched opportunity.
#[derive(Debug, Clone)]
pub struct Validation {
    /// Launch day.
    pub launched: NaiveDate,
    /// Last day of the follow-up window.
    pub window_end: NaiveDate,
    /// Follow-up calls that name the opportunity, on or after its launch, oldest first.
    pub calls: Vec<usize>,
    /// Of those, how many fell within the window.
    pub in_window: usize,
    /// Follow-up calls wanted in the window.
    pub target: usize,
    /// Whether the window has not ended yet (on the build's day).
    pub window_open: bool,
    /// Days until the window ends; 0 once it has.
    pub days_left: i64,
    /// Calls still wanted to meet the target.
    pub missing_calls: usize,
    /// Answers to "did this solve the problem": yes, partly, no.
    pub solved: [Share; 3],
    /// Recommend answers as NPS.
    pub nps: Option<Nps>,
    /// Quotes answering "what's still missing", newest first.
    pub still_missing: Vec<usize>,
    /// Customers heard before the launch and again after it.
    pub same_customers: Vec<BeforeAfter>,
    /// Validated, not, or awaiting.
    pub verdict: Verdict,
}

impl Validation {
    /// Whether the target number of calls was reached in the window.
    pub fn target_met(&self) -> bool {
        self.in_window >= self.target
    }

    /// Whether the dashboard should nag: the window is open, or closed short of the target.
    pub fn needs_calls(&self) -> bool {
        !self.target_met()
    }
}

/// Follow-up validation of every launched opportunity, by opportunity index.
pub fn validations(site: &Site, today: NaiveDate) -> BTreeMap<usize, Validation> {
    let settings = site.settings.follow_up;
    let mut by_opportunity: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, call) in site.calls.iter().enumerate() {
        if let Some(f) = &call.follow_up {
            by_opportunity.entry(f.opportunity).or_default().push(c);
        }
    }
    let missing_question = site.questions.iter().position(|q| q.key == "missing");
    let discovery = discovery_calls(site);
    site.opportunities
        .iter()
        .enumerate()
        .filter_map(|(o, opp)| Some((o, opp.launched?)))
        .map(|(o, launched)| {
            // Calls dated before the launch were warned about at load; they check nothing.
            let calls: Vec<usize> = by_opportunity
                .remove(&o)
                .unwrap_or_default()
                .into_iter()
                .filter(|&c| site.calls[c].date >= launched)
                .collect();
            let window_end = launched
                .checked_add_days(Days::new(settings.window_days.into()))
                .unwrap_or(NaiveDate::MAX);
            let in_window = calls
                .iter()
                .filter(|&&c| (launched..=window_end).contains(&site.calls[c].date))
                .count();
            let target = settings.target_calls as usize;
            let answers: Vec<Solved> = calls
                .iter()
                .filter_map(|&c| site.calls[c].follow_up.as_ref()?.solved)
                .collect();
            let count = |s: Solved| answers.iter().filter(|&&a| a == s).count();
            let solved = [
                share(count(Solved::Yes), answers.len()),
                share(count(Solved::Partly), answers.len()),
                share(count(Solved::No), answers.len()),
            ];
            let verdict = if answers.is_empty() {
                Verdict::Awaiting
            } else if solved[0].value > 0.5 {
                Verdict::Validated
            } else {
                Verdict::NotValidated
            };
            let still_missing: Vec<usize> = calls
                .iter()
                .rev()
                .flat_map(|&c| site.calls[c].quotes.iter().copied())
                .filter(|&q| {
                    missing_question.is_some() && site.quotes[q].question == missing_question
                })
                .collect();
            let days_left = (window_end - today).num_days().max(0);
            let validation = Validation {
                launched,
                window_end,
                in_window,
                target,
                window_open: today <= window_end,
                days_left,
                missing_calls: target.saturating_sub(in_window),
                solved,
                nps: nps(calls
                    .iter()
                    .filter_map(|&c| site.calls[c].follow_up.as_ref()?.recommend)),
                still_missing,
                same_customers: same_customers(site, &discovery, o, launched, &calls),
                verdict,
                calls,
            };
            (o, validation)
        })
        .collect()
}

/// Each customer's discovery calls, oldest first (calls are sorted by date).
fn discovery_calls(site: &Site) -> HashMap<&CustomerKey, Vec<usize>> {
    let mut by_customer: HashMap<&CustomerKey, Vec<usize>> = HashMap::new();
    for (c, call) in site.calls.iter().enumerate() {
        if call.kind == CallKind::Discovery {
            by_customer.entry(&call.customer_key).or_default().push(c);
        }
    }
    by_customer
}

/// Pairs each follow-up customer's earlier words with their new ones.
fn same_customers(
    site: &Site,
    discovery: &HashMap<&CustomerKey, Vec<usize>>,
    opportunity: usize,
    launched: NaiveDate,
    follow_ups: &[usize],
) -> Vec<BeforeAfter> {
    let mut pairs = Vec::new();
    let mut seen: Vec<&CustomerKey> = Vec::new();
    for &c in follow_ups {
        let call = &site.calls[c];
        if seen.contains(&&call.customer_key) {
            continue;
        }
        // Their quotes from discovery calls before the launch, in note order.
        let before: Vec<usize> = discovery
            .get(&call.customer_key)
            .into_iter()
            .flatten()
            .filter(|&&d| site.calls[d].date < launched)
            .flat_map(|&d| site.calls[d].quotes.iter().copied())
            .collect();
        // Prefer what they said about this opportunity, the latest such quote.
        let before = before
            .iter()
            .rev()
            .find(|&&q| site.quotes[q].opportunities.contains(&opportunity))
            .or(before.last());
        if let (Some(&before), Some(&after)) = (before, call.quotes.first()) {
            seen.push(&call.customer_key);
            pairs.push(BeforeAfter { before, after });
        }
    }
    pairs
}

/// Distinct customers quoted on an opportunity in calls up to and including `day`.
pub fn evidence_on(site: &Site, quotes: &[usize], day: NaiveDate) -> usize {
    let mut customers: Vec<&CustomerKey> = quotes
        .iter()
        .map(|&q| &site.calls[site.quotes[q].call])
        .filter(|call| call.date <= day)
        .map(|call| &call.customer_key)
        .collect();
    customers.sort();
    customers.dedup();
    customers.len()
}
