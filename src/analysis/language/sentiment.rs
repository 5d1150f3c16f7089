//! Sentiment per quote: VADER's compound score (Hutto & Gilbert 2014), the rules of
//! the `vader_sentiment` crate (MIT; the lexicon is VADER's own, MIT) in
//! [`super::vader`].

/// VADER's own cut-off: a compound score of at least 0.05 is positive.
pub const POSITIVE: f64 = 0.05;

/// Scores texts from −1 (most negative) to +1 (most positive).
#[derive(Default)]
pub struct Sentiment;

impl Sentiment {
    /// The compound score of `text`, rounded to 4 decimals: the crate VADER comes from
    /// sums some boosts over a hash map, so the last bits of its floats vary between
    /// runs; rounding keeps its scores and ours alike.
    pub fn score(&self, text: &str) -> f64 {
        (super::vader::compound(text) * 10_000.0).round() / 10_000.0
    }
}

/// A mean with its 95% interval (normal approximation; n is quotes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mean {
    /// The average.
    pub value: f64,
    /// Half-width of the 95% interval.
    pub margin: f64,
    /// How many values.
    pub n: usize,
}

/// The mean of `values` with its 95% interval; `None` when there are none.
pub fn mean(values: &[f64]) -> Option<Mean> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let value = values.iter().sum::<f64>() / n;
    let margin = if values.len() > 1 {
        let var = values.iter().map(|v| (v - value).powi(2)).sum::<f64>() / (n - 1.0);
        1.959_963_984_540_054 * (var / n).sqrt()
    } else {
        0.0
    };
    Some(Mean {
        value,
        margin,
        n: values.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vader_reads_negation_and_praise() {
        let s = Sentiment;
        assert!(s.score("I love these boots, they are great") > 0.5);
        assert!(s.score("The checkout was not easy and I gave up") < 0.0);
        assert!(s.score("").abs() < 1e-12);
        // Odd input does not panic.
        for text in [
            "!!!",
            "?",
            "a",
            "kind of",
            "not",
            "😀 😀",
            "NOT GOOD at all BUT fine",
        ] {
            let v = s.score(text);
            assert!((-1.0..=1.0).contains(&v), "{text}: {v}");
        }
    }

    #[test]
    fn means_have_intervals() {
        let m = mean(&[0.0, 1.0, 0.5, 0.5]).unwrap();
        assert!((m.value - 0.5).abs() < 1e-12);
        // sd = sqrt(0.5/3) = 0.408; 1.96 × 0.408 / 2 = 0.4001
        assert!((m.margin - 0.4001).abs() < 1e-3, "{}", m.margin);
        assert!(mean(&[]).is_none());
    }
}
