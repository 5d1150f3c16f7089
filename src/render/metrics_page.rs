//! The metrics page's view data (`metrics/index.html`).

use super::pages::{display_date, Pages};
use super::view::{MarkerView, MetricsPage};

impl Pages<'_> {
    /// `metrics/index.html`.
    pub fn metrics(&self) -> MetricsPage<'_> {
        let snapshots = &self.site.metrics;
        let first = snapshots.iter().map(|s| s.date).min();
        let last = snapshots.iter().map(|s| s.date).max();
        let dates = match (first, last) {
            (Some(a), Some(b)) if a == b => display_date(a),
            (Some(a), Some(b)) => format!("{} – {}", display_date(a), display_date(b)),
            _ => String::new(),
        };
        let mut groups: Vec<&str> = snapshots
            .iter()
            .filter_map(|s| s.group.as_deref())
            .collect();
        groups.sort();
        groups.dedup();
        let groups: Vec<String> = groups
            .into_iter()
            .map(|g| super::site_figures::group_name(Some(g)))
            .collect();
        let mut markers: Vec<MarkerView> = self
            .site
            .opportunities
            .iter()
            .enumerate()
            .flat_map(|(o, opp)| {
                [("Launched", opp.launched), ("Scaled", opp.scaled)]
                    .into_iter()
                    .filter_map(move |(what, date)| date.map(|d| (o, what, d)))
            })
            .map(|(o, what, date)| MarkerView {
                what,
                opportunity: self.opportunity_link(o),
                date: date.to_string(),
                date_display: display_date(date),
            })
            .collect();
        markers
            .sort_by(|a, b| (&a.date, &a.opportunity.title).cmp(&(&b.date, &b.opportunity.title)));
        let description = if snapshots.is_empty() {
            "Conversion, average order value and calls per round; no metric snapshots yet".into()
        } else {
            format!(
                "Conversion, average order value and {} more metric{} from {} snapshots, with launches marked",
                self.figures.metrics.len().saturating_sub(2),
                if self.figures.metrics.len() == 3 { "" } else { "s" },
                snapshots.len()
            )
        };
        MetricsPage {
            common: self.common(
                1,
                "Metrics".into(),
                "metrics",
                description,
                "metrics/index.html",
            ),
            metric_figures: self.figures.metrics.iter().collect(),
            rounds_figure: &self.figures.rounds,
            snapshots: snapshots.len(),
            dates,
            groups,
            markers,
        }
    }
}
