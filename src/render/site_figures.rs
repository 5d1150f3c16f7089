//! The site's charts, drawn once per build: metrics over time, calls per round, the
//! impact × complexity matrix, and each launch's before-and-after.
//!
//! Every figure's CSV goes in the folder of the page that owns it (see the README's
//! URL table): `metrics/<metric>.csv`, `metrics/calls-per-round.csv`,
//! `opportunities/matrix.csv`, `opportunities/<slug>/launch-<metric>.csv`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;

use super::charts::{BarSeries, Chart, ChartKind, Marker, MatrixPoint, Series, Unit};
use super::figure::Figure;
use crate::analysis::metrics::{metric_names, metric_series};
use crate::analysis::Analysis;
use crate::model::{Bucket, Site, AOV, CONVERSION_RATE};
use crate::render::Page;

/// How far a launch chart reaches before the launch and after the launch (or the
/// scale-up, when later): 13 weeks, a quarter, so monthly snapshots give about three
/// points a side and weekly ones thirteen.
pub const LAUNCH_WINDOW_WEEKS: i64 = 13;

/// All figures of a site, by the page that shows them.
#[derive(Debug, Clone)]
pub struct SiteFigures {
    /// Conversion rate, AOV, then one per extra metric by name (`metrics/`).
    pub metrics: Vec<Figure>,
    /// Calls and distinct customers per round (`metrics/`).
    pub rounds: Figure,
    /// The impact × complexity matrix (`opportunities/`).
    pub matrix: Figure,
    /// Per opportunity with a `launched` date, its conversion and AOV around the launch.
    pub launches: BTreeMap<usize, Vec<Figure>>,
}

impl SiteFigures {
    /// No figures, for pages that show none (search, archive list).
    pub fn empty() -> SiteFigures {
        SiteFigures {
            metrics: Vec::new(),
            rounds: Figure::none(),
            matrix: Figure::none(),
            launches: BTreeMap::new(),
        }
    }

    /// Draws the charts that `pages` show, and only those: `serve` re-renders a few
    /// pages per edit, and drawing every launch's charts for them was most of the
    /// time of a one-note edit's render at 10,000 calls.
    pub fn for_pages(site: &Site, analysis: &Analysis, pages: &[Page]) -> SiteFigures {
        let shows = |page: Page| pages.contains(&page);
        let launch_pages: BTreeSet<usize> = pages
            .iter()
            .filter_map(|p| match p {
                Page::Opportunity(o) => Some(*o),
                _ => None,
            })
            .collect();
        let markers = launch_markers(site);
        let mut names = metric_names(&site.metrics);
        // Conversion and AOV are the headline charts even before any snapshot exists,
        // so the pages say "No data yet" where they will be.
        for known in [AOV, CONVERSION_RATE] {
            if !names.iter().any(|n| n == known) {
                names.insert(0, known.to_string());
            }
        }
        names.sort_by_key(|n| (n != CONVERSION_RATE, n != AOV, n.clone()));
        // The charts are independent: rayon spreads them (serve redraws them on every
        // edit).
        let metrics = if shows(Page::Dashboard) || shows(Page::Metrics) {
            names.as_slice()
        } else {
            &[]
        }
        .par_iter()
        .map(|name| {
            let chart = metric_chart(site, name, name, None, &markers);
            Figure::new(&chart, "metrics")
        })
        .collect();
        let launches = site
            .opportunities
            .par_iter()
            .enumerate()
            .filter(|(o, _)| launch_pages.contains(o))
            .filter_map(|(o, opp)| {
                let launched = opp.launched?;
                let end = opp.scaled.map_or(launched, |s| s.max(launched));
                let window = (
                    launched - Duration::weeks(LAUNCH_WINDOW_WEEKS),
                    end + Duration::weeks(LAUNCH_WINDOW_WEEKS),
                );
                // On the opportunity's own page the title goes without saying.
                let own: Vec<(Marker, usize)> = markers
                    .iter()
                    .filter(|(_, of)| *of == o)
                    .map(|(m, _)| {
                        let what = m.label.split(": ").next().unwrap_or_default();
                        (
                            Marker {
                                date: m.date,
                                label: what.to_string(),
                            },
                            o,
                        )
                    })
                    .collect();
                let folder = format!("opportunities/{}", opp.slug);
                let figures = [CONVERSION_RATE, AOV]
                    .iter()
                    .map(|name| {
                        let chart =
                            metric_chart(site, name, &format!("launch-{name}"), Some(window), &own);
                        Figure::new(&chart, &folder)
                    })
                    .collect();
                Some((o, figures))
            })
            .collect();
        let (rounds, matrix) = rayon::join(
            || {
                if shows(Page::Metrics) {
                    Figure::new(&rounds_chart(site, analysis), "metrics")
                } else {
                    Figure::none()
                }
            },
            || {
                if shows(Page::Ranking) {
                    Figure::new(&matrix_chart(site, analysis), "opportunities")
                } else {
                    Figure::none()
                }
            },
        );
        SiteFigures {
            metrics,
            rounds,
            matrix,
            launches,
        }
    }

    /// Every figure, for writing their CSV files.
    pub fn all(&self) -> impl Iterator<Item = &Figure> {
        self.metrics
            .iter()
            .chain([&self.rounds, &self.matrix])
            .chain(self.launches.values().flatten())
    }

    /// The metrics page's figure of `metric`, if any.
    pub fn metric(&self, metric: &str) -> Option<&Figure> {
        self.metrics
            .iter()
            .find(|f| f.id == super::charts::slug(metric))
    }
}

/// "Conversion rate" for `conversion_rate`, "Average order value" for `aov`,
/// "Returns rate" for `returns_rate`.
pub fn metric_title(name: &str) -> String {
    match name {
        CONVERSION_RATE => "Conversion rate".into(),
        AOV => "Average order value".into(),
        _ => {
            let words = name.replace(['_', '-'], " ");
            let mut chars = words.trim().chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => name.to_string(),
            }
        }
    }
}

/// The unit a metric is shown in. Conversion is a percent and AOV money by the
/// format; an extra metric is a percent when its name ends in `_pct` or `_percent`,
/// or in `_rate` with values above 1 (a rate of 0-1 is a fraction, shown as is);
/// a count when every value is whole; else a bare number.
pub fn metric_unit(site: &Site, name: &str) -> Unit {
    let values: Vec<f64> = site
        .metrics
        .iter()
        .filter_map(|s| s.values.get(name).copied())
        .collect();
    match name {
        CONVERSION_RATE => Unit::Percent,
        AOV => Unit::Currency(site.settings.currency.clone()),
        _ if name.ends_with("_pct") || name.ends_with("_percent") => Unit::Percent,
        _ if name.ends_with("_rate") && values.iter().any(|v| *v > 1.0) => Unit::Percent,
        _ if !values.is_empty() && values.iter().all(|v| v.fract() == 0.0) => Unit::Count,
        _ => Unit::Plain,
    }
}

/// A series' name: "Everyone", or "Test group" for the group `test`, else
/// "Test group <name>".
pub(crate) fn group_name(group: Option<&str>) -> String {
    match group {
        None => "Everyone".into(),
        Some("test") => "Test group".into(),
        Some(name) => format!("Test group {name}"),
    }
}

/// Each opportunity's launched and scaled days, labelled "Launched: <title>", with
/// the opportunity's index; in date order.
fn launch_markers(site: &Site) -> Vec<(Marker, usize)> {
    let mut markers: Vec<(Marker, usize)> = site
        .opportunities
        .iter()
        .enumerate()
        .flat_map(|(o, opp)| {
            [("Launched", opp.launched), ("Scaled", opp.scaled)]
                .into_iter()
                .filter_map(move |(what, date)| {
                    Some((
                        Marker {
                            date: date?,
                            label: format!("{what}: {}", opp.title),
                        },
                        o,
                    ))
                })
        })
        .collect();
    markers.sort_by(|a, b| (a.0.date, &a.0.label).cmp(&(b.0.date, &b.0.label)));
    markers
}

/// One metric over time, everyone and each test group, within `window` if given.
fn metric_chart(
    site: &Site,
    name: &str,
    id: &str,
    window: Option<(NaiveDate, NaiveDate)>,
    markers: &[(Marker, usize)],
) -> Chart {
    let inside = |d: NaiveDate| window.is_none_or(|(from, to)| d >= from && d <= to);
    let series: Vec<Series> = metric_series(&site.metrics, name)
        .into_iter()
        .map(|(group, points)| Series {
            name: group_name(group.as_deref()),
            points: points.into_iter().filter(|p| inside(p.0)).collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect();
    // A marker far outside the data would squash the lines into a corner.
    let (first, last) = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(
            (None, None),
            |(lo, hi): (Option<NaiveDate>, Option<NaiveDate>), d| {
                (
                    Some(lo.map_or(d, |l| l.min(d))),
                    Some(hi.map_or(d, |h| h.max(d))),
                )
            },
        );
    let markers = match (first, last) {
        (Some(first), Some(last)) => markers
            .iter()
            .map(|(m, _)| m)
            .filter(|m| inside(m.date))
            .filter(|m| m.date >= first - Duration::days(45) && m.date <= last + Duration::days(45))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    let title = metric_title(name);
    let title = match window {
        Some(_) => format!("{title} before and after the launch"),
        None => format!("{title} over time"),
    };
    Chart::new(
        id,
        title,
        ChartKind::TimeSeries {
            y_label: metric_title(name),
            unit: metric_unit(site, name),
            series,
            markers,
        },
    )
}

/// Calls and distinct customers per round, oldest round first.
fn rounds_chart(site: &Site, analysis: &Analysis) -> Chart {
    Chart::new(
        "calls-per-round",
        "Calls and customers per round",
        ChartKind::Bars {
            category_label: "Round".into(),
            value_label: "Calls and distinct customers".into(),
            unit: Unit::Count,
            categories: site.rounds.iter().map(|r| r.title.clone()).collect(),
            series: vec![
                BarSeries {
                    name: "Calls".into(),
                    values: analysis.rounds.iter().map(|r| r.calls as f64).collect(),
                },
                BarSeries {
                    name: "Distinct customers".into(),
                    values: analysis.rounds.iter().map(|r| r.customers as f64).collect(),
                },
            ],
        },
    )
}

/// Every opportunity by impact and complexity, sized by evidence, coloured by bucket.
fn matrix_chart(site: &Site, analysis: &Analysis) -> Chart {
    Chart::new(
        "matrix",
        "Impact and complexity of every opportunity",
        ChartKind::Matrix {
            groups: Bucket::ALL.iter().map(|b| b.title().to_string()).collect(),
            points: site
                .opportunities
                .iter()
                .zip(&analysis.opportunities)
                .map(|(opp, facts)| MatrixPoint {
                    label: opp.title.clone(),
                    complexity: opp.complexity,
                    impact: opp.impact,
                    evidence: u32::try_from(facts.evidence).unwrap_or(u32::MAX),
                    group: Bucket::ALL
                        .iter()
                        .position(|b| *b == opp.bucket)
                        .unwrap_or(0),
                })
                .collect(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_titles_read_as_words() {
        assert_eq!(metric_title("conversion_rate"), "Conversion rate");
        assert_eq!(metric_title("aov"), "Average order value");
        assert_eq!(metric_title("returns_rate"), "Returns rate");
        assert_eq!(metric_title("repeat-orders"), "Repeat orders");
    }

    #[test]
    fn group_names() {
        assert_eq!(group_name(None), "Everyone");
        assert_eq!(group_name(Some("test")), "Test group");
        assert_eq!(group_name(Some("beta")), "Test group beta");
    }
}
