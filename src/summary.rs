//! The build summary `verbatim build` prints: one line, then a table of what was built.

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use crate::BuildReport;

/// "1 234 567" bytes as "1.2 MB" (powers of 1000, as file managers show them).
pub fn human_bytes(bytes: u64) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < units.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// What a page kind is called in the table: "quotes" → "quote pages".
fn kind_label(kind: &str) -> String {
    match kind {
        "calls" => "call pages".into(),
        "quotes" => "quote pages".into(),
        "opportunities" => "opportunity pages".into(),
        "rounds" => "round pages".into(),
        "index pages" | "other pages" => kind.into(),
        other => format!("{other} pages"),
    }
}

/// "1 call", "2 calls".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl BuildReport {
    /// `built 412 pages (80 calls, 320 quotes, 12 opportunities, 5 rounds) into public in 0.31s`.
    pub fn summary_line(&self, out: &Path) -> String {
        format!(
            "built {} ({}, {}, {}, {}) into {} in {:.2}s",
            counted(self.pages, "page", "pages"),
            counted(self.calls, "call", "calls"),
            counted(self.quotes, "quote", "quotes"),
            counted(self.opportunities, "opportunity", "opportunities"),
            counted(self.rounds, "round", "rounds"),
            out.display(),
            self.elapsed.as_secs_f64()
        )
    }

    /// The table of what was built, one row per line; `stages` adds the time of each stage.
    pub fn table(&self, stages: bool) -> String {
        let mut rows: Vec<(String, String)> = self
            .pages_by_kind
            .iter()
            .map(|(kind, n)| (format!("  {}", kind_label(kind)), n.to_string()))
            .collect();
        rows.push(("pages".into(), self.pages.to_string()));
        rows.push(("quotes".into(), self.quotes.to_string()));
        rows.push(("charts".into(), self.charts.to_string()));
        rows.push(("warnings".into(), self.warnings.len().to_string()));
        rows.push(("bytes".into(), human_bytes(self.bytes)));
        rows.push(("time".into(), seconds(self.elapsed)));
        if stages {
            let s = &self.stages;
            for (name, d) in [
                ("load", s.load),
                ("analyze", s.analyze),
                ("render+write", s.render),
                ("swap", s.swap),
            ] {
                rows.push((format!("  {name}"), millis(d)));
            }
        }
        let label_width = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        let value_width = rows
            .iter()
            .map(|(_, v)| v.chars().count())
            .max()
            .unwrap_or(0);
        let mut table = String::new();
        for (label, value) in rows {
            let _ = writeln!(table, "  {label:<label_width$}  {value:>value_width$}");
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> BuildReport {
        BuildReport {
            pages: 7,
            bytes: 12_345,
            calls: 2,
            quotes: 3,
            opportunities: 1,
            rounds: 1,
            warnings: Vec::new(),
            elapsed: Duration::from_millis(1500),
            pages_by_kind: vec![
                ("calls".into(), 2),
                ("index pages".into(), 3),
                ("quotes".into(), 3),
            ],
            charts: 0,
            stages: crate::Stages {
                load: Duration::from_millis(12),
                ..Default::default()
            },
        }
    }

    #[test]
    fn the_summary_line_counts_in_words() {
        let line = report().summary_line(Path::new("public"));
        assert_eq!(
            line,
            "built 7 pages (2 calls, 3 quotes, 1 opportunity, 1 round) into public in 1.50s"
        );
    }

    #[test]
    fn bytes_read_like_a_file_manager() {
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(12_345), "12.3 KB");
        assert_eq!(human_bytes(3_600_000), "3.6 MB");
    }

    #[test]
    fn table_lists_pages_by_kind_and_stages_on_request() {
        let plain = report().table(false);
        assert!(plain.contains("call pages"), "{plain}");
        assert!(plain.contains("12.3 KB"), "{plain}");
        assert!(!plain.contains("render+write"), "{plain}");
        let verbose = report().table(true);
        assert!(verbose.contains("load"), "{verbose}");
        assert!(verbose.contains("12 ms"), "{verbose}");
        // Columns line up: every row is as wide as the widest.
        let widths: Vec<usize> = verbose.lines().map(|l| l.chars().count()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{verbose}");
    }
}
