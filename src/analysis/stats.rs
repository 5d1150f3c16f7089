//! Small-sample statistics: how sure a share or an NPS from 10-100 calls is.

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A share of `n` with its 95% Wilson score interval, all in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    /// How many had the property.
    pub count: usize,
    /// Out of how many.
    pub n: usize,
    /// count / n (0 when n is 0).
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// The share `count / n` with its Wilson interval, which stays inside 0..1 and is
/// honest at small n and at shares near 0 or 1, unlike the normal approximation.
pub fn share(count: usize, n: usize) -> Share {
    if n == 0 {
        return Share {
            count,
            n,
            value: 0.0,
            low: 0.0,
            high: 1.0,
        };
    }
    let nf = n as f64;
    let p = count as f64 / nf;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * nf)) / (1.0 + z2 / nf);
    let half = Z95 * ((p * (1.0 - p) + z2 / (4.0 * nf)) / nf).sqrt() / (1.0 + z2 / nf);
    Share {
        count,
        n,
        value: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    }
}

/// Net Promoter Score from 0-10 answers: % promoters (9-10) minus % detractors (0-6).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nps {
    /// -100..=100.
    pub score: f64,
    /// Answers of 9 or 10.
    pub promoters: usize,
    /// Answers of 7 or 8.
    pub passives: usize,
    /// Answers of 0 to 6.
    pub detractors: usize,
    /// Answers.
    pub n: usize,
    /// Lower end of the 95% interval, in NPS points (-100..=100).
    pub low: f64,
    /// Upper end of the 95% interval, in NPS points (-100..=100).
    pub high: f64,
}

/// NPS of the answers, with Rocks' (2016) adjusted-Wald 95% interval: 3/4 of a promoter
/// and of a detractor and 3 answers are added before the usual variance of a difference
/// of two shares, which keeps the interval honest for the handful of answers a launch
/// gets at first (a plain Wald interval says ±0 after one answer).
pub fn nps(answers: impl IntoIterator<Item = u8>) -> Option<Nps> {
    let (mut promoters, mut passives, mut detractors) = (0, 0, 0);
    for a in answers {
        match a {
            9..=10 => promoters += 1,
            7..=8 => passives += 1,
            _ => detractors += 1,
        }
    }
    let n = promoters + passives + detractors;
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let score = (promoters as f64 - detractors as f64) / nf * 100.0;
    let adjusted_n = nf + 3.0;
    let p = (promoters as f64 + 0.75) / adjusted_n;
    let d = (detractors as f64 + 0.75) / adjusted_n;
    let centre = p - d;
    let half = Z95 * ((p + d - centre.powi(2)) / adjusted_n).sqrt();
    Some(Nps {
        score,
        promoters,
        passives,
        detractors,
        n,
        low: (centre - half).max(-1.0) * 100.0,
        high: (centre + half).min(1.0) * 100.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn wilson_matches_published_values() {
        // 8 of 10: 0.490 to 0.943 (Wilson 1927 / Newcombe 1998 tables).
        let s = share(8, 10);
        assert!(
            close(s.value, 0.8) && close(s.low, 0.4902) && close(s.high, 0.9433),
            "{s:?}"
        );
        // 0 of 10 still has an upper bound above zero.
        let s = share(0, 10);
        assert!(close(s.low, 0.0) && close(s.high, 0.2775), "{s:?}");
        assert_eq!(share(0, 0).high, 1.0);
    }

    #[test]
    fn nps_counts_promoters_minus_detractors() {
        // 5 promoters, 3 passives, 2 detractors: 50% - 20% = 30.
        let n = nps([10, 9, 9, 10, 9, 8, 7, 7, 6, 0]).unwrap();
        assert_eq!((n.promoters, n.passives, n.detractors, n.n), (5, 3, 2, 10));
        assert!(close(n.score, 30.0));
        // Adjusted Wald: p = 5.75/13, d = 2.75/13, centre 0.2308, half-width 0.4213.
        assert!(
            (n.low + 19.05).abs() < 0.05 && (n.high - 65.20).abs() < 0.05,
            "{n:?}"
        );
        assert!(nps([]).is_none());
    }

    #[test]
    fn nps_interval_stays_wide_and_in_range_for_a_few_answers() {
        // One promoter is +100, but says little: -48.5 to +98.5, never ±0.
        let one = nps([10]).unwrap();
        assert!(close(one.score, 100.0));
        assert!(
            (one.low + 48.50).abs() < 0.05 && (one.high - 98.50).abs() < 0.05,
            "{one:?}"
        );
        // One of each extreme: 0, and an interval inside -100..=100 (a Wald one is ±139).
        let two = nps([10, 0]).unwrap();
        assert!(
            (two.low + 73.34).abs() < 0.05 && (two.high - 73.34).abs() < 0.05,
            "{two:?}"
        );
        for answers in [vec![0u8; 3], vec![10u8; 40], vec![0, 10, 10, 10]] {
            let n = nps(answers).unwrap();
            assert!(
                n.low >= -100.0 && n.high <= 100.0 && n.low < n.high,
                "{n:?}"
            );
        }
    }
}
