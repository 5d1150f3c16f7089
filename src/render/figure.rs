//! A chart ready to embed in a page: its SVG for wide and for narrow screens, its
//! numbers as a table, and its CSV file. Templates show one with the `figure` macro
//! of `macros.html`:
//!
//! ```text
//! {% import "macros.html" as m %}
//! {{ m::figure(f=conversion, root=root) }}
//! ```
//!
//! Build one from any [`Chart`] with [`Figure::new`], giving the site folder its CSV
//! goes in (usually the folder of the page that shows it), put it in the page's
//! view data, and write [`Figure::csv`] to [`Figure::csv_url`] with the other files
//! of the site (`render_site` does this for the figures it gets from
//! `Pages::figures`):
//!
//! ```
//! use chrono::NaiveDate;
//! use verbatim::render::charts::{Chart, ChartKind, Series, Unit};
//! use verbatim::render::figure::Figure;
//!
//! let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
//! let chart = Chart::new(
//!     "phrase-wide-toe-box",
//!     "Calls that say \"wide toe box\"",
//!     ChartKind::TimeSeries {
//!         y_label: "Share of calls".into(),
//!         unit: Unit::Percent,
//!         series: vec![Series {
//!             name: "Calls".into(),
//!             points: vec![(day("2026-08-01"), 12.0), (day("2026-09-01"), 30.0)],
//!         }],
//!         markers: vec![],
//!     },
//! );
//! let figure = Figure::new(&chart, "language");
//! assert_eq!(figure.csv_url, "language/phrase-wide-toe-box.csv");
//! assert!(figure.wide_svg.contains("viewBox=\"0 0 640 "));
//! assert!(figure.narrow_svg.contains("viewBox=\"0 0 360 "));
//! assert_eq!(figure.rows[1][1].text, "30%");
//! assert!(figure.rows[1][1].numeric);
//! assert!(figure.csv.starts_with("Date,Calls (%)\n"));
//! ```

use serde::Serialize;

use super::charts::{self, Chart, ChartKind, NARROW, WIDE};

/// A chart as a page shows it: both layouts, the numbers and the CSV's link.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// The chart's id: anchors (`#chart-<id>`) and the CSV's file name derive from it.
    pub id: String,
    /// The chart's title, shown as the figure's caption.
    pub title: String,
    /// What a screen reader hears instead of the picture (also inside each SVG).
    pub description: String,
    /// `time-series`, `bars` or `matrix`, for the theme's CSS.
    pub kind: &'static str,
    /// Nothing to draw: the page says "No data yet" instead of a chart.
    pub empty: bool,
    /// The SVG laid out [`WIDE`], for screens wider than about 600 px.
    pub wide_svg: String,
    /// The SVG laid out [`NARROW`], for phones.
    pub narrow_svg: String,
    /// Column headings of the numbers table.
    pub headers: Vec<TableCell>,
    /// The numbers table's rows; the first cell of a row names it.
    pub rows: Vec<Vec<TableCell>>,
    /// The CSV's path from the site root, e.g. `metrics/conversion-rate.csv`;
    /// templates link it as `{{ root }}{{ f.csv_url }}`.
    pub csv_url: String,
    /// The CSV file's contents (not given to templates).
    #[serde(skip)]
    pub csv: String,
}

/// One cell of a figure's numbers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCell {
    /// The text, formatted with its unit ("3.4%", "$84.20", "1 Sep 2026").
    pub text: String,
    /// Whether the column holds numbers, so it is right-aligned.
    pub numeric: bool,
}

impl Figure {
    /// A placeholder where a page shows no chart.
    pub fn none() -> Figure {
        Figure {
            id: String::new(),
            title: String::new(),
            description: String::new(),
            kind: "",
            empty: true,
            wide_svg: String::new(),
            narrow_svg: String::new(),
            headers: Vec::new(),
            rows: Vec::new(),
            csv_url: String::new(),
            csv: String::new(),
        }
    }

    /// Draws `chart` in both layouts and lays out its numbers; its CSV goes in the
    /// site folder `folder` (no leading or trailing `/`) as `<id>.csv`.
    pub fn new(chart: &Chart, folder: &str) -> Figure {
        let table = charts::table(chart);
        let numeric: Vec<bool> = (0..table.headers.len())
            .map(|column| {
                let mut cells = table
                    .rows
                    .iter()
                    .filter_map(|row| row.get(column))
                    .filter(|cell| !cell.is_empty())
                    .peekable();
                cells.peek().is_some() && cells.all(|cell| looks_numeric(cell))
            })
            .collect();
        let cell = |column: usize, text: &String| TableCell {
            text: text.clone(),
            numeric: numeric.get(column).copied().unwrap_or(false),
        };
        let folder = folder.trim_matches('/');
        Figure {
            id: chart.id.clone(),
            title: chart.title.clone(),
            description: chart.description.clone(),
            kind: match chart.kind {
                ChartKind::TimeSeries { .. } => "time-series",
                ChartKind::Bars { .. } => "bars",
                ChartKind::Matrix { .. } => "matrix",
            },
            empty: chart.is_empty(),
            wide_svg: charts::svg_sized(chart, WIDE),
            narrow_svg: charts::svg_sized(chart, NARROW),
            headers: table
                .headers
                .iter()
                .enumerate()
                .map(|(i, h)| cell(i, h))
                .collect(),
            rows: table
                .rows
                .iter()
                .map(|row| row.iter().enumerate().map(|(i, t)| cell(i, t)).collect())
                .collect(),
            csv_url: if folder.is_empty() {
                chart.csv_name()
            } else {
                format!("{folder}/{}", chart.csv_name())
            },
            csv: charts::csv(chart),
        }
    }
}

/// A formatted number: "3.4%", "$84.20", "−2", "1,840", "84 CHF". Dates ("1 Sep
/// 2026") and names are not.
fn looks_numeric(text: &str) -> bool {
    let t = text.trim();
    let first_digit = t
        .trim_start_matches(['-', '−', '+', '$', '€', '£', '¥'])
        .starts_with(|c: char| c.is_ascii_digit());
    first_digit && !t.chars().any(char::is_alphabetic)
        || t.split_once(' ').is_some_and(|(n, code)| {
            n.starts_with(|c: char| c.is_ascii_digit())
                && code.len() == 3
                && code.chars().all(|c| c.is_ascii_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::{BarSeries, MatrixPoint, Unit};

    #[test]
    fn numbers_are_right_aligned_and_names_and_dates_are_not() {
        for (text, numeric) in [
            ("3.4%", true),
            ("$84.20", true),
            ("−2", true),
            ("1,840", true),
            ("84 CHF", true),
            ("1 Sep 2026", false),
            ("Fix", false),
            ("2026-08 checkout", false),
        ] {
            assert_eq!(looks_numeric(text), numeric, "{text}");
        }
    }

    #[test]
    fn a_bar_chart_figure_keeps_its_categories_as_row_names() {
        let chart = Chart::new(
            "calls-per-round",
            "Calls and customers per round",
            ChartKind::Bars {
                category_label: "Round".into(),
                value_label: "Calls and customers".into(),
                unit: Unit::Count,
                categories: vec!["Checkout".into(), "Returns".into()],
                series: vec![BarSeries {
                    name: "Calls".into(),
                    values: vec![12.0, 1840.0],
                }],
            },
        );
        let f = Figure::new(&chart, "/metrics/");
        assert_eq!(f.csv_url, "metrics/calls-per-round.csv");
        assert_eq!(f.kind, "bars");
        assert!(!f.empty);
        assert_eq!(
            f.rows[1],
            [
                TableCell {
                    text: "Returns".into(),
                    numeric: false
                },
                TableCell {
                    text: "1,840".into(),
                    numeric: true
                }
            ]
        );
        assert!(f.headers[1].numeric);
    }

    #[test]
    fn an_empty_chart_is_marked_empty() {
        let chart = Chart::new(
            "matrix",
            "Impact and complexity",
            ChartKind::Matrix {
                groups: vec!["Fix".into()],
                points: Vec::<MatrixPoint>::new(),
            },
        );
        let f = Figure::new(&chart, "opportunities");
        assert!(f.empty);
        assert!(f.rows.is_empty());
        assert!(f.wide_svg.contains("No data yet"));
    }
}
