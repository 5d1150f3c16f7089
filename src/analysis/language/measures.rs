//! The two measures of change: log-likelihood G² (is a phrase's rise more than chance?)
//! and Jensen-Shannon divergence (how different are two word distributions?).

use std::cmp::Ordering;

/// Dunning's log-likelihood G² for a phrase used by `a` of `n1` speakers in one
/// corpus and `b` of `n2` in another: `2 Σ O ln(O/E)` over the 2×2 table. 3.84 is
/// p < 0.05, 6.63 is p < 0.01 (one degree of freedom).
pub fn g2(a: usize, n1: usize, b: usize, n2: usize) -> f64 {
    let (a, b) = (a.min(n1) as f64, b.min(n2) as f64);
    let (n1, n2) = (n1 as f64, n2 as f64);
    let total = n1 + n2;
    if total == 0.0 {
        return 0.0;
    }
    let used = a + b;
    let cells = [
        (a, n1 * used / total),
        (b, n2 * used / total),
        (n1 - a, n1 * (total - used) / total),
        (n2 - b, n2 * (total - used) / total),
    ];
    2.0 * cells
        .iter()
        .filter(|(o, e)| *o > 0.0 && *e > 0.0)
        .map(|(o, e)| o * (o / e).ln())
        .sum::<f64>()
}

/// Jensen-Shannon divergence of two count distributions, in bits (0 = the same words
/// in the same proportions, 1 = no word in common), with each word's part of it.
/// Both are sorted by key with each key once; the parts come in key order.
pub fn jensen_shannon<K: Copy + Ord>(p: &[(K, f64)], q: &[(K, f64)]) -> (f64, Vec<(K, f64)>) {
    let sum = |d: &[(K, f64)]| d.iter().map(|(_, c)| c).sum::<f64>();
    let (sp, sq) = (sum(p), sum(q));
    if sp <= 0.0 || sq <= 0.0 {
        return (0.0, Vec::new());
    }
    let mut parts = Vec::with_capacity(p.len().max(q.len()));
    let mut total = 0.0;
    let (mut i, mut j) = (0, 0);
    // A merge of the two sorted lists: every key of either, once, in order.
    while i < p.len() || j < q.len() {
        let order = match (p.get(i), q.get(j)) {
            (Some(a), Some(b)) => a.0.cmp(&b.0),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let (k, pc, qc) = match order {
            Ordering::Less => (p[i].0, p[i].1, 0.0),
            Ordering::Greater => (q[j].0, 0.0, q[j].1),
            Ordering::Equal => (p[i].0, p[i].1, q[j].1),
        };
        i += usize::from(order != Ordering::Greater);
        j += usize::from(order != Ordering::Less);
        let (pk, qk) = (pc / sp, qc / sq);
        let m = (pk + qk) / 2.0;
        let term = |x: f64| if x > 0.0 { x * (x / m).log2() } else { 0.0 };
        let part = 0.5 * term(pk) + 0.5 * term(qk);
        total += part;
        parts.push((k, part));
    }
    (total.clamp(0.0, 1.0), parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_matches_a_hand_computed_table() {
        // 10 of 20 vs 2 of 40: E = 4, 8, 16, 32.
        // 2 (10 ln 2.5 + 2 ln 0.25 + 10 ln 0.625 + 38 ln 1.1875) = 16.4412...
        let g = g2(10, 20, 2, 40);
        assert!((g - 16.4412).abs() < 1e-3, "{g}");
        assert_eq!(g2(0, 0, 0, 0), 0.0);
        assert!(g2(5, 50, 5, 50).abs() < 1e-12, "no difference, no signal");
    }

    #[test]
    fn jensen_shannon_is_zero_for_equal_and_one_for_disjoint() {
        let p = [(1, 2.0), (2, 2.0)];
        let q = [(1, 5.0), (2, 5.0)];
        let r = [(3, 1.0)];
        assert!(jensen_shannon(&p, &q).0.abs() < 1e-12);
        assert!((jensen_shannon(&p, &r).0 - 1.0).abs() < 1e-12);
        // Half the mass moved: p = (1, 0), q = (1/2, 1/2): 0.3113 bits.
        let a = [(1, 1.0)];
        let b = [(1, 1.0), (2, 1.0)];
        let (d, parts) = jensen_shannon(&a, &b);
        assert!((d - 0.311_278).abs() < 1e-5, "{d}");
        assert!((parts.iter().map(|p| p.1).sum::<f64>() - d).abs() < 1e-12);
        // Keys of either side, each once, in order.
        let (_, parts) = jensen_shannon(&[(1, 1.0), (3, 1.0)], &[(2, 1.0), (3, 2.0), (4, 1.0)]);
        let keys: Vec<u32> = parts.iter().map(|p| p.0).collect();
        assert_eq!(keys, [1, 2, 3, 4]);
        assert_eq!(
            parts[0].1, 0.25,
            "half of p's mass, where q has none: ½ · ½ · log2 2"
        );
    }
}
