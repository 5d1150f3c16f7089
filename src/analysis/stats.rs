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
    /// Half-width of the 95% interval, in NPS points.
    pub margin: f64,
}

/// NPS of the answers, with the margin of error of a difference of two shares of one sample.
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
    let (p, d) = (promoters as f64 / nf, detractors as f64 / nf);
    let variance = (p + d - (p - d).powi(2)) / nf;
    Some(Nps {
        score: (p - d) * 100.0,
        promoters,
        passives,
        detractors,
        n,
        margin: Z95 * variance.sqrt() * 100.0,
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
        // var = (0.5 + 0.2 - 0.09) / 10 = 0.061; margin = 1.96 * sqrt(0.061) * 100 = 48.4
        assert!((n.margin - 48.41).abs() < 0.05, "{}", n.margin);
        assert!(nps([]).is_none());
    }
}
