//! Metric snapshots arranged for charts: which metrics exist, and each one's series
//! per group.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{Snapshot, AOV, CONVERSION_RATE};

/// Metric names in chart order: `conversion_rate`, `aov`, then the extras by name.
pub fn metric_names(snapshots: &[Snapshot]) -> Vec<String> {
    let mut names: Vec<&str> = snapshots
        .iter()
        .flat_map(|s| s.values.keys().map(String::as_str))
        .collect();
    names.sort_by_key(|n| (*n != CONVERSION_RATE, *n != AOV, *n));
    names.dedup();
    names.into_iter().map(str::to_string).collect()
}

/// A group's values of one metric: the group (`None` is everyone) and dated values.
pub type GroupSeries = (Option<String>, Vec<(NaiveDate, f64)>);

/// One metric over time per group that measured it: everyone (`None`) first, then
/// the test groups by name; each in date order.
pub fn metric_series(snapshots: &[Snapshot], metric: &str) -> Vec<GroupSeries> {
    let mut by_group: BTreeMap<Option<&str>, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    for s in snapshots {
        if let Some(&v) = s.values.get(metric) {
            by_group
                .entry(s.group.as_deref())
                .or_default()
                .push((s.date, v));
        }
    }
    by_group
        .into_iter()
        .map(|(group, mut points)| {
            points.sort_by_key(|p| p.0);
            (group.map(str::to_string), points)
        })
        .collect()
}
