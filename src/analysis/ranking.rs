//! The score and the per-bucket ranking.

use std::cmp::Ordering;

use super::{bucket_index, OpportunityFacts};
use crate::model::Site;

/// `impact^a × (6 − complexity)^b` with the site's weights (1 and 1 by default: 1..25).
pub fn score(site: &Site, impact: u8, complexity: u8) -> f64 {
    let w = site.settings.ranking;
    let ease = 6.0 - f64::from(complexity);
    f64::from(impact).powf(w.impact_weight) * ease.powf(w.complexity_weight)
}

/// The formula as the ranking page shows it.
pub fn formula(site: &Site) -> String {
    let w = site.settings.ranking;
    let power = |x: f64| {
        if (x - 1.0).abs() < f64::EPSILON {
            String::new()
        } else {
            format!("^{}", trim_number(x))
        }
    };
    format!(
        "score = impact{} × (6 − complexity){}",
        power(w.impact_weight),
        power(w.complexity_weight)
    )
}

/// The lowest and highest possible score under the site's weights, "from 1 to 25".
pub fn score_range(site: &Site) -> String {
    format!(
        "from {} to {}",
        trim_number(score(site, 1, 5)),
        trim_number(score(site, 5, 1))
    )
}

/// A number without a needless `.0`, one decimal otherwise.
pub fn trim_number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// Higher score first; ties by more evidence, then title, then slug.
fn order(site: &Site, facts: &[OpportunityFacts], a: usize, b: usize) -> Ordering {
    let (oa, ob) = (&site.opportunities[a], &site.opportunities[b]);
    facts[b]
        .score
        .total_cmp(&facts[a].score)
        .then(facts[b].evidence.cmp(&facts[a].evidence))
        .then_with(|| oa.title.to_lowercase().cmp(&ob.title.to_lowercase()))
        .then_with(|| oa.slug.cmp(&ob.slug))
}

/// Opportunities of each bucket in rank order; also fills in `rank`.
pub fn rank(site: &Site, facts: &[OpportunityFacts]) -> [Vec<usize>; 3] {
    let mut buckets: [Vec<usize>; 3] = Default::default();
    for (i, o) in site.opportunities.iter().enumerate() {
        buckets[bucket_index(o.bucket)].push(i);
    }
    for list in &mut buckets {
        list.sort_by(|&a, &b| order(site, facts, a, b));
    }
    buckets
}

/// Sets each opportunity's 1-based rank within its bucket.
pub fn assign_ranks(facts: &mut [OpportunityFacts], ranking: &[Vec<usize>; 3]) {
    for list in ranking {
        for (position, &o) in list.iter().enumerate() {
            facts[o].rank = position + 1;
        }
    }
}

/// Quick wins across all buckets, in ranking order; dropped ones are left out.
pub fn quick_wins(site: &Site, facts: &[OpportunityFacts]) -> Vec<usize> {
    let mut wins: Vec<usize> = (0..site.opportunities.len())
        .filter(|&o| {
            facts[o].quick_win && site.opportunities[o].status != crate::model::Status::Dropped
        })
        .collect();
    wins.sort_by(|&a, &b| order(site, facts, a, b));
    wins
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RankingWeights;

    #[test]
    fn default_score_is_impact_times_ease() {
        let site = Site::default();
        assert_eq!(score(&site, 4, 2), 16.0);
        assert_eq!(score(&site, 5, 1), 25.0);
        assert_eq!(score(&site, 1, 5), 1.0);
        assert_eq!(formula(&site), "score = impact × (6 − complexity)");
    }

    #[test]
    fn weights_are_exponents() {
        let mut site = Site::default();
        site.settings.ranking = RankingWeights {
            impact_weight: 2.0,
            complexity_weight: 1.0,
        };
        assert_eq!(score(&site, 3, 3), 27.0);
        assert_eq!(formula(&site), "score = impact^2 × (6 − complexity)");
        assert_eq!(score_range(&site), "from 1 to 125");
    }
}
