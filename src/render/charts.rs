//! Charts as accessible SVG drawn with plotters, plus their numbers as a table and CSV.
//!
//! A [`Chart`] is plain data (an id, a title, a screen-reader description and a
//! [`ChartKind`]); [`svg`], [`table`] and [`csv`] turn it into a page's figure, the
//! numbers under it and a download. A new chart is a few lines: build the kind,
//! call [`Chart::new`] (which writes the description from the data), render:
//!
//! ```
//! use chrono::NaiveDate;
//! use verbatim::render::charts::{csv, svg, table, Chart, ChartKind, Series, Unit};
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
//! assert!(svg(&chart).contains("<desc id=\"phrase-wide-toe-box-desc\">Share of calls"));
//! assert_eq!(table(&chart).rows[1], ["1 Sep 2026", "30%"]);
//! assert!(csv(&chart).starts_with("Date,Calls (%)\n"));
//! ```
//!
//! Text keeps its size in the SVG's coordinates, so a chart scaled down to a phone
//! gets small text: [`svg_sized`] lays the same chart out [`NARROW`] (fewer ticks,
//! wrapped legend, shorter labels) for the page to show below ~600 px instead.
//!
//! The SVG scales to its container (`viewBox`, `width="100%"`, no fixed height), is
//! `role="img"` named by its `<title>` and `<desc>`, and keeps every label as real
//! `<text>`. Plotters is built without its `ttf` feature, so no font is read at build
//! or run time; text is sized by an estimate and set in the page's font.
//!
//! Colours are themeable. Plotters only writes literal colours, so everything is
//! drawn in reserved sentinel colours (`#0102xx`) that are rewritten afterwards into
//! a light default colour (a presentation attribute) plus a class. The SVG carries
//! no `<style>` of its own (pages are ready for a Content Security Policy that
//! forbids inline styles): the theme's stylesheet (`themes/default/static/verbatim.css`)
//! colours the classes from CSS custom properties, so light and dark schemes both
//! work. Defaults are Okabe-Ito, colour-blind safe:
//!
//! | class | property | what | light default |
//! | --- | --- | --- | --- |
//! | `vb-f-ink`, `vb-s-ink` | `--chart-ink` | text, axes | `#333333` |
//! | `vb-f-muted` | `--chart-muted` | secondary text | `#666666` |
//! | `vb-s-grid` | `--chart-grid` | grid lines, cell borders | `#DDDDDD` |
//! | `vb-s-marker` | `--chart-marker` | dashed launch markers | `#555555` |
//! | `vb-f-highlight` | `--chart-highlight` | quick-win quadrant (drawn at 14% opacity) | `#009E73` |
//! | `vb-f-bg`, `vb-halo` | `--chart-bg` | background, halos behind labels | `#FFFFFF` |
//! | `vb-f-series-N`, `vb-s-series-N` | `--chart-series-1` … `--chart-series-6` | series colours | `#0072B2 #D55E00 #009E73 #E69F00 #CC79A7 #56B4E9` |
//!
//! Outside a themed page (an SVG opened on its own) the light defaults apply.
//! Series also differ by point shape, not colour alone. Roots have the class
//! `vb-chart` and `vb-w<width>`.

use std::fmt::Write as _;

use chrono::{Datelike, Months, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

/// One chart: what it shows and how screen readers hear it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// A file-safe slug: the CSV is `<id>.csv`, and ids inside the SVG derive from it.
    pub id: String,
    /// Short title; the SVG's accessible name.
    pub title: String,
    /// One or two sentences read out instead of the picture.
    pub description: String,
    /// The data and how to draw it.
    pub kind: ChartKind,
}

/// The kinds of chart.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartKind {
    /// Values over time: one line per series, dashed vertical markers at events.
    TimeSeries {
        /// What the values are, e.g. "Conversion rate"; the unit is added.
        y_label: String,
        /// The values' unit, for ticks and table cells.
        unit: Unit,
        /// The lines; colours follow their order.
        series: Vec<Series>,
        /// Events drawn as dashed vertical lines with their label.
        markers: Vec<Marker>,
    },
    /// Values per category: horizontal bars, one per series in each category.
    Bars {
        /// What the categories are, e.g. "Round".
        category_label: String,
        /// What the values are, e.g. "Calls and customers"; the unit is added.
        value_label: String,
        /// The values' unit.
        unit: Unit,
        /// The categories, top to bottom.
        categories: Vec<String>,
        /// One value per category per series.
        series: Vec<BarSeries>,
    },
    /// The impact × complexity matrix: each point an opportunity.
    Matrix {
        /// Names of the colour groups (e.g. buckets); `MatrixPoint::group` indexes this.
        groups: Vec<String>,
        /// The opportunities.
        points: Vec<MatrixPoint>,
    },
}

/// A line of a time series.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend and the table header.
    pub name: String,
    /// Dated values; drawn in date order.
    pub points: Vec<(NaiveDate, f64)>,
}

/// A dated event, e.g. a launch.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The day.
    pub date: NaiveDate,
    /// Shown beside the dashed line.
    pub label: String,
}

/// One set of bars of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    /// Shown in the legend and the table header.
    pub name: String,
    /// One value per category, in category order (missing ones count as 0).
    pub values: Vec<f64>,
}

/// An opportunity in the impact × complexity matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixPoint {
    /// Shown beside the point.
    pub label: String,
    /// Implementation complexity, 1-5 (x).
    pub complexity: u8,
    /// Customer impact, 1-5 (y).
    pub impact: u8,
    /// Distinct customers asking for it; the point's size.
    pub evidence: u32,
    /// Index into the matrix's groups; the point's colour.
    pub group: usize,
}

/// What a number measures, for tick labels and table cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Percent: `3.1%`.
    Percent,
    /// Money in an ISO currency: `$84` for USD, `84 CHF` for codes without a symbol here.
    Currency(String),
    /// A count: `1,840`.
    Count,
    /// A bare number.
    Plain,
}

/// A chart's numbers as text, for the table under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Column headings.
    pub headers: Vec<String>,
    /// Cells, formatted with their units; empty where there is no value.
    pub rows: Vec<Vec<String>>,
}

impl Chart {
    /// A chart whose id is slugged and whose description is written from the data.
    pub fn new(id: &str, title: impl Into<String>, kind: ChartKind) -> Chart {
        let description = describe(&kind);
        Chart {
            id: slug(id),
            title: title.into(),
            description,
            kind,
        }
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        match &self.kind {
            ChartKind::TimeSeries { series, .. } => series
                .iter()
                .all(|s| s.points.iter().all(|p| !p.1.is_finite())),
            ChartKind::Bars {
                categories, series, ..
            } => categories.is_empty() || series.is_empty(),
            ChartKind::Matrix { points, .. } => points.is_empty(),
        }
    }

    /// The CSV's file name: `<id>.csv`.
    pub fn csv_name(&self) -> String {
        format!("{}.csv", slug(&self.id))
    }
}

/// Lower-case ASCII letters, digits and `-`; never empty.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "chart".into()
    } else {
        out
    }
}

// ---------------------------------------------------------------------------
// Units, numbers and dates as text

impl Unit {
    /// ` (%)` or ` (USD)` to follow an axis label; empty for counts and plain numbers.
    pub fn axis_suffix(&self) -> String {
        match self {
            Unit::Percent => " (%)".into(),
            Unit::Currency(code) => format!(" ({code})"),
            Unit::Count | Unit::Plain => String::new(),
        }
    }

    /// A value with `decimals` digits after the point and the unit's sign.
    pub fn format(&self, value: f64, decimals: usize) -> String {
        let number = grouped(value.abs(), decimals);
        let sign = if value < 0.0 && number.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "-"
        } else {
            ""
        };
        match self {
            Unit::Percent => format!("{sign}{number}%"),
            Unit::Currency(code) => match currency_symbol(code) {
                Some(symbol) => format!("{sign}{symbol}{number}"),
                None => format!("{sign}{number} {code}"),
            },
            Unit::Count | Unit::Plain => format!("{sign}{number}"),
        }
    }

    /// A value as a table shows it: every digit it was given (up to 6 decimals), so
    /// the table reads like the snapshot; money with cents.
    pub fn format_value(&self, value: f64) -> String {
        let needed = (0..=6)
            .find(|&d| {
                let scale = 10f64.powi(d as i32);
                ((value * scale).round() - value * scale).abs() < 1e-6
            })
            .unwrap_or(6);
        match self {
            Unit::Currency(_) if value.fract() != 0.0 => self.format(value, needed.max(2)),
            _ => self.format(value, needed),
        }
    }
}

fn currency_symbol(code: &str) -> Option<&'static str> {
    match code.to_ascii_uppercase().as_str() {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        "INR" => Some("₹"),
        _ => None,
    }
}

/// `1234.5` with two decimals as `1,234.50`.
fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A number for a CSV cell: shortest exact text, no grouping, no unit.
fn raw_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn full_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn month_year(d: NaiveDate) -> String {
    d.format("%b %Y").to_string()
}

fn day_number(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

fn date_of(x: f64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32).unwrap_or_default()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Descriptions

/// One or two sentences saying what a chart shows, from its data.
pub fn describe(kind: &ChartKind) -> String {
    match kind {
        ChartKind::TimeSeries {
            y_label,
            unit,
            series,
            markers,
        } => describe_time_series(y_label, unit, series, markers),
        ChartKind::Bars {
            category_label,
            value_label,
            unit,
            categories,
            series,
        } => describe_bars(category_label, value_label, unit, categories, series),
        ChartKind::Matrix { groups, points } => describe_matrix(groups, points),
    }
}

/// Dated values, in date order.
type Points = Vec<(NaiveDate, f64)>;

fn sorted_points(series: &Series) -> Points {
    // A non-finite value cannot be placed; it counts as not measured.
    let mut points: Points = series
        .points
        .iter()
        .copied()
        .filter(|p| p.1.is_finite())
        .collect();
    points.sort_by_key(|p| p.0);
    points
}

fn describe_time_series(
    y_label: &str,
    unit: &Unit,
    series: &[Series],
    markers: &[Marker],
) -> String {
    let drawn: Vec<(&Series, Vec<(NaiveDate, f64)>)> = series
        .iter()
        .map(|s| (s, sorted_points(s)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if drawn.is_empty() {
        return format!("{}: no data yet.", capitalised(y_label));
    }
    let lo = drawn.iter().map(|(_, p)| p[0].0).min().unwrap_or_default();
    let hi = drawn
        .iter()
        .map(|(_, p)| p[p.len() - 1].0)
        .max()
        .unwrap_or_default();
    let mut out = if month_year(lo) == month_year(hi) {
        format!("{} in {}.", capitalised(y_label), month_year(lo))
    } else {
        format!(
            "{} from {} to {}.",
            capitalised(y_label),
            month_year(lo),
            month_year(hi)
        )
    };
    for (s, points) in drawn.iter().take(6) {
        let (first_day, first) = points[0];
        let (last_day, last) = points[points.len() - 1];
        let f = unit.format_value(first);
        let l = unit.format_value(last);
        let name = capitalised(&s.name);
        if points.len() == 1 {
            let _ = write!(out, " {name}: {f} on {}.", full_date(first_day));
        } else if f == l {
            let _ = write!(
                out,
                " {name} was {f} on {} and on {}.",
                full_date(first_day),
                full_date(last_day)
            );
        } else {
            let verb = if last > first { "rose" } else { "fell" };
            let _ = write!(
                out,
                " {name} {verb} from {f} ({}) to {l} ({}).",
                full_date(first_day),
                full_date(last_day)
            );
        }
    }
    if !markers.is_empty() {
        let list: Vec<String> = markers
            .iter()
            .map(|m| format!("{} ({})", m.label, full_date(m.date)))
            .collect();
        let _ = write!(out, " Dashed lines mark {}.", list.join("; "));
    }
    out
}

fn describe_bars(
    category_label: &str,
    value_label: &str,
    unit: &Unit,
    categories: &[String],
    series: &[BarSeries],
) -> String {
    if categories.is_empty() || series.is_empty() {
        return format!(
            "{} per {}: no data yet.",
            capitalised(value_label),
            category_label.to_lowercase()
        );
    }
    let mut out = format!(
        "{} per {}.",
        capitalised(value_label),
        category_label.to_lowercase()
    );
    for (i, category) in categories.iter().enumerate().take(12) {
        let values: Vec<String> = series
            .iter()
            .map(|s| {
                let v = s.values.get(i).copied().unwrap_or(0.0);
                format!("{} {}", unit.format_value(v), s.name.to_lowercase())
            })
            .collect();
        let _ = write!(out, " {category}: {}.", values.join(", "));
    }
    if categories.len() > 12 {
        let _ = write!(out, " And {} more in the table.", categories.len() - 12);
    }
    out
}

fn is_quick_win(p: &MatrixPoint) -> bool {
    p.impact >= 4 && p.complexity <= 2
}

fn describe_matrix(groups: &[String], points: &[MatrixPoint]) -> String {
    if points.is_empty() {
        return "Opportunities by impact and complexity: no data yet.".into();
    }
    let mut out = format!(
        "{} opportunit{} by customer impact (1-5) and complexity (1-5).",
        points.len(),
        if points.len() == 1 { "y" } else { "ies" }
    );
    let quick: Vec<&str> = points
        .iter()
        .filter(|p| is_quick_win(p))
        .map(|p| p.label.as_str())
        .collect();
    match quick.len() {
        0 => out.push_str(" None is a quick win (impact 4 or more, complexity 2 or less)."),
        1 => {
            let _ = write!(out, " 1 quick win: {}.", quick[0]);
        }
        n => {
            let _ = write!(out, " {n} quick wins: {}.", quick.join(", "));
        }
    }
    if let Some(top) = points.iter().max_by(|a, b| {
        a.evidence
            .cmp(&b.evidence)
            .then_with(|| b.label.cmp(&a.label))
    }) {
        let group = groups
            .get(top.group)
            .map_or(String::new(), |g| format!(", {g}"));
        let _ = write!(
            out,
            " Most evidence: {} ({} customer{}{group}).",
            top.label,
            top.evidence,
            if top.evidence == 1 { "" } else { "s" }
        );
    }
    out
}

// ---------------------------------------------------------------------------
// Table and CSV

/// The chart's plotted numbers as text cells, formatted with their units.
pub fn table(chart: &Chart) -> Table {
    let grid = numbers(chart);
    Table {
        headers: grid.headers.iter().map(|h| h.name.clone()).collect(),
        rows: grid
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Cell::Text(t) => t.clone(),
                        Cell::Date(d) => full_date(*d),
                        Cell::Number(v, unit) => unit.format_value(*v),
                        Cell::Empty => String::new(),
                    })
                    .collect()
            })
            .collect(),
    }
}

/// The chart's plotted numbers as CSV: ISO dates, bare numbers, units in the headers.
pub fn csv(chart: &Chart) -> String {
    let grid = numbers(chart);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let headers: Vec<String> = grid
        .headers
        .iter()
        .map(|h| match &h.unit {
            Some(unit) => spreadsheet_safe(format!("{}{}", h.name, unit.axis_suffix())),
            None => spreadsheet_safe(h.name.clone()),
        })
        .collect();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(&headers);
    for row in &grid.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(t) => spreadsheet_safe(t.clone()),
                Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
                Cell::Number(v, _) => raw_number(*v),
                Cell::Empty => String::new(),
            })
            .collect();
        let _ = writer.write_record(&cells);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Text that a spreadsheet would run as a formula (`=HYPERLINK(…)` in an opportunity
/// title) gets a leading `'`, as OWASP advises for CSV exports: the cell then shows
/// the words and runs nothing. Numbers are written bare and never pass through here.
fn spreadsheet_safe(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

enum Cell {
    Text(String),
    Date(NaiveDate),
    Number(f64, Unit),
    Empty,
}

struct Header {
    name: String,
    /// The unit of the column's numbers, named in CSV headers.
    unit: Option<Unit>,
}

struct Grid {
    headers: Vec<Header>,
    rows: Vec<Vec<Cell>>,
}

fn header(name: &str, unit: Option<&Unit>) -> Header {
    Header {
        name: name.to_string(),
        unit: unit.filter(|u| !u.axis_suffix().is_empty()).cloned(),
    }
}

fn numbers(chart: &Chart) -> Grid {
    match &chart.kind {
        ChartKind::TimeSeries {
            unit,
            series,
            markers,
            ..
        } => {
            let drawn: Vec<(&Series, Points)> = series
                .iter()
                .map(|s| (s, sorted_points(s)))
                .filter(|(_, p)| !p.is_empty())
                .collect();
            let mut headers = vec![header("Date", None)];
            headers.extend(drawn.iter().map(|(s, _)| header(&s.name, Some(unit))));
            if !markers.is_empty() {
                headers.push(header("Marker", None));
            }
            let mut dates: Vec<NaiveDate> = drawn
                .iter()
                .flat_map(|(_, p)| p.iter().map(|p| p.0))
                .chain(markers.iter().map(|m| m.date))
                .collect();
            dates.sort();
            dates.dedup();
            let rows = dates
                .into_iter()
                .map(|day| {
                    let mut row = vec![Cell::Date(day)];
                    for (_, points) in &drawn {
                        row.push(match points.iter().find(|p| p.0 == day) {
                            Some(&(_, v)) => Cell::Number(v, unit.clone()),
                            None => Cell::Empty,
                        });
                    }
                    if !markers.is_empty() {
                        let here: Vec<&str> = markers
                            .iter()
                            .filter(|m| m.date == day)
                            .map(|m| m.label.as_str())
                            .collect();
                        row.push(if here.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(here.join("; "))
                        });
                    }
                    row
                })
                .collect();
            Grid { headers, rows }
        }
        ChartKind::Bars {
            category_label,
            unit,
            categories,
            series,
            ..
        } => {
            let mut headers = vec![header(category_label, None)];
            headers.extend(series.iter().map(|s| header(&s.name, Some(unit))));
            let rows = categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut row = vec![Cell::Text(c.clone())];
                    row.extend(series.iter().map(|s| {
                        Cell::Number(s.values.get(i).copied().unwrap_or(0.0), unit.clone())
                    }));
                    row
                })
                .collect();
            Grid { headers, rows }
        }
        ChartKind::Matrix { groups, points } => {
            let headers = [
                "Opportunity",
                "Group",
                "Impact",
                "Complexity",
                "Customers",
                "Quick win",
            ]
            .iter()
            .map(|h| header(h, None))
            .collect();
            let rows = points
                .iter()
                .map(|p| {
                    vec![
                        Cell::Text(p.label.clone()),
                        Cell::Text(groups.get(p.group).cloned().unwrap_or_default()),
                        Cell::Number(f64::from(p.impact), Unit::Count),
                        Cell::Number(f64::from(p.complexity), Unit::Count),
                        Cell::Number(f64::from(p.evidence), Unit::Count),
                        Cell::Text(if is_quick_win(p) { "yes" } else { "no" }.into()),
                    ]
                })
                .collect();
            Grid { headers, rows }
        }
    }
}

// ---------------------------------------------------------------------------
// Colours: sentinels drawn by plotters, rewritten into themeable classes

/// What a drawn colour stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ink,
    Muted,
    Grid,
    Marker,
    Highlight,
    Bg,
    /// Ink text with a background-coloured outline, readable over lines.
    Halo,
    Series(usize),
}

const SERIES_LIGHT: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9",
];
const ROLES: [Role; 7] = [
    Role::Ink,
    Role::Muted,
    Role::Grid,
    Role::Marker,
    Role::Highlight,
    Role::Bg,
    Role::Halo,
];

impl Role {
    fn code(self) -> u8 {
        match self {
            Role::Ink => 1,
            Role::Muted => 2,
            Role::Grid => 3,
            Role::Marker => 4,
            Role::Highlight => 5,
            Role::Bg => 6,
            Role::Halo => 7,
            Role::Series(i) => 16 + (i % 6) as u8,
        }
    }

    fn from_code(code: u8) -> Option<Role> {
        match code {
            16..=21 => Some(Role::Series(usize::from(code - 16))),
            _ => ROLES.into_iter().find(|r| r.code() == code),
        }
    }

    /// The sentinel plotters draws with.
    fn color(self) -> RGBColor {
        RGBColor(1, 2, self.code())
    }

    fn name(self) -> String {
        match self {
            Role::Ink => "ink".into(),
            Role::Muted => "muted".into(),
            Role::Grid => "grid".into(),
            Role::Marker => "marker".into(),
            Role::Highlight => "highlight".into(),
            Role::Bg | Role::Halo => "bg".into(),
            Role::Series(i) => format!("series-{}", i % 6 + 1),
        }
    }

    fn light(self) -> &'static str {
        match self {
            Role::Ink | Role::Halo => "#333333",
            Role::Muted => "#666666",
            Role::Grid => "#DDDDDD",
            Role::Marker => "#555555",
            Role::Highlight => "#009E73",
            Role::Bg => "#FFFFFF",
            Role::Series(i) => SERIES_LIGHT[i % 6],
        }
    }
}

/// Rewrites one element line's sentinel colours into a default colour plus a class.
fn theme_line(line: &str) -> String {
    // Defaults and inherited values are noise; plotters' font sizes carry float dust.
    let mut out = line
        .replace(" opacity=\"1\"", "")
        .replace(" font-family=\"sans-serif\"", "");
    if let Some(at) = out.find(" font-size=\"") {
        let start = at + " font-size=\"".len();
        if let Some(len) = out[start..].find('"') {
            if let Ok(size) = out[start..start + len].parse::<f64>() {
                let tidy = format!("{}", (size * 10.0).round() / 10.0);
                out.replace_range(start..start + len, &tidy);
            }
        }
    }
    let mut classes: Vec<String> = Vec::new();
    let mut extra = String::new();
    for (attr, prefix) in [("fill", "f"), ("stroke", "s")] {
        let pattern = format!("{attr}=\"#0102");
        let Some(at) = out.find(&pattern) else {
            continue;
        };
        let hex_at = at + pattern.len();
        let Some(role) = out
            .get(hex_at..hex_at + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .and_then(Role::from_code)
        else {
            continue;
        };
        out.replace_range(at..hex_at + 3, &format!("{attr}=\"{}\"", role.light()));
        match role {
            Role::Halo => {
                classes.push("vb-halo".into());
                let _ = write!(
                    extra,
                    " stroke=\"{}\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                    Role::Bg.light()
                );
            }
            Role::Marker if prefix == "s" => {
                classes.push(format!("vb-s-{}", role.name()));
                extra.push_str(" stroke-dasharray=\"5 4\"");
            }
            _ => classes.push(format!("vb-{prefix}-{}", role.name())),
        }
    }
    if classes.is_empty() {
        return out;
    }
    let insert = format!(" class=\"{}\"{extra}", classes.join(" "));
    let end = if out.ends_with("/>") {
        out.len() - 2
    } else {
        out.len() - 1
    };
    out.insert_str(end, &insert);
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Wraps plotters' output: our root element, `<title>`, `<desc>`, styles, themed colours.
fn finish(chart: &Chart, raw: &str, size: (u32, u32)) -> String {
    let id = if size.0 == WIDE {
        slug(&chart.id)
    } else {
        format!("{}-w{}", slug(&chart.id), size.0)
    };
    let mut out = String::with_capacity(raw.len() + 4096);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"vb-chart vb-w{}\" font-family=\"system-ui, sans-serif\">",
        size.0, size.1, size.0
    );
    let _ = writeln!(
        out,
        "<title id=\"{id}-title\">{}</title>",
        escape(&chart.title)
    );
    let _ = writeln!(
        out,
        "<desc id=\"{id}-desc\">{}</desc>",
        escape(&chart.description)
    );
    let mut body = String::with_capacity(raw.len());
    for line in raw.lines().skip_while(|l| !l.starts_with("<svg")).skip(1) {
        if line.starts_with('<') && !line.starts_with("</") {
            body.push_str(&theme_line(line));
        } else {
            body.push_str(line);
        }
        body.push('\n');
    }
    if !body.trim_end().ends_with("</svg>") {
        body.push_str("</svg>\n");
    }
    out.push_str(&body);
    out
}

// ---------------------------------------------------------------------------
// Layout helpers

/// The default width of the SVG's coordinate system, for page columns of about
/// 600-800 px; the SVG scales to its container either way.
pub const WIDE: u32 = 640;
/// A width for phone screens (about 320-420 px): same text size, fewer ticks,
/// wrapped legends and shorter labels, so text stays readable when scaled down.
pub const NARROW: u32 = 360;
const MARGIN: i32 = 12;
/// Font sizes, in viewBox units.
const TEXT: f64 = 14.0;
const SMALL: f64 = 13.0;
/// Height of a legend or marker-label row.
const ROW: i32 = 20;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Estimated width of text in a proportional sans-serif: no font is read, so
/// widths come from rough per-character advances, erring wide.
fn text_width(text: &str, size: f64) -> i32 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | '\'' | '|' | ':' | ';' | '!' | 'I' => 0.32,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' | '/' => 0.42,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.92,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii_digit() => 0.64,
            _ => 0.61,
        })
        .sum();
    (em * size).ceil() as i32
}

/// Cuts text to fit `max` px, ending in `…`.
fn ellipsize(text: &str, max: i32, size: f64) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let mut out: String = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}…"), size) > max {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Plotters shrinks font sizes by 1.24 when writing SVG; undo it so `size` is what's written.
fn font(size: f64, role: Role) -> TextStyle<'static> {
    ("sans-serif", size * 1.24).into_font().color(&role.color())
}

fn bold(size: f64, role: Role) -> TextStyle<'static> {
    ("sans-serif", size * 1.24)
        .into_font()
        .style(FontStyle::Bold)
        .color(&role.color())
}

fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// A step of 1, 2 or 5 × 10^n giving about `target` intervals over `span`.
fn nice_step(span: f64, target: f64) -> f64 {
    let raw = (span / target).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

fn decimals_for(step: f64) -> usize {
    let mut d = 0;
    while d < 6
        && ((step * 10f64.powi(d as i32)).round() - step * 10f64.powi(d as i32)).abs() > 1e-6
    {
        d += 1;
    }
    d
}

/// Value-axis range and ticks covering `lo..hi`; from zero when `from_zero`.
fn value_ticks(lo: f64, hi: f64, from_zero: bool) -> (f64, f64, Vec<f64>, usize) {
    let (mut lo, mut hi) = (lo, hi);
    if from_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if (hi - lo).abs() < 1e-9 {
        let pad = if hi.abs() > 1e-9 { hi.abs() * 0.1 } else { 1.0 };
        hi += pad;
        if !from_zero || lo - pad >= 0.0 {
            lo -= pad;
        }
    }
    let step = nice_step(hi - lo, 4.0);
    let mut start = (lo / step).floor() * step;
    let mut end = (hi / step).ceil() * step;
    if from_zero && lo >= 0.0 {
        start = start.max(0.0);
    }
    // Room above the highest point, so it does not sit on the frame.
    if !from_zero && end - hi < step * 0.02 {
        end += step;
    }
    if !from_zero && lo - start < step * 0.02 && (start - step >= 0.0 || lo < 0.0) {
        start -= step;
    }
    let count = (((end - start) / step).round() as i64).clamp(1, 50);
    let ticks = (0..=count).map(|i| start + step * i as f64).collect();
    (start, end, ticks, decimals_for(step))
}

/// Date ticks for `lo..hi` that fit `width` px: days, weeks, months or years.
fn date_ticks(lo: NaiveDate, hi: NaiveDate, width: i32) -> Vec<(NaiveDate, String)> {
    #[derive(Clone, Copy)]
    enum Step {
        Days(u64),
        Months(u32),
    }
    let steps = [
        Step::Days(1),
        Step::Days(2),
        Step::Days(7),
        Step::Days(14),
        Step::Months(1),
        Step::Months(2),
        Step::Months(3),
        Step::Months(6),
        Step::Months(12),
        Step::Months(24),
        Step::Months(60),
        Step::Months(120),
    ];
    let mut fallback = Vec::new();
    for step in steps {
        let mut days = Vec::new();
        let mut d = match step {
            Step::Days(7) | Step::Days(14) => {
                // Weeks start on Mondays.
                let back = u64::from(lo.weekday().num_days_from_monday());
                lo - chrono::Days::new(back)
            }
            Step::Days(_) => lo,
            Step::Months(m) => {
                let first = NaiveDate::from_ymd_opt(lo.year(), lo.month(), 1).unwrap_or(lo);
                let index = (first.year() * 12 + first.month0() as i32).rem_euclid(m as i32);
                first - Months::new(index as u32)
            }
        };
        while d <= hi && days.len() < 400 {
            if d >= lo {
                days.push(d);
            }
            d = match step {
                Step::Days(n) => d + chrono::Days::new(n),
                Step::Months(m) => d + Months::new(m),
            };
        }
        let monthly = matches!(step, Step::Months(_));
        let yearly = matches!(step, Step::Months(m) if m >= 12);
        let mut last_year = None;
        let labelled: Vec<(NaiveDate, String)> = days
            .into_iter()
            .map(|d| {
                // The year shows on the first tick and where it changes.
                let show_year = last_year != Some(d.year());
                last_year = Some(d.year());
                let label = if yearly {
                    d.format("%Y").to_string()
                } else if monthly && show_year {
                    d.format("%b %Y").to_string()
                } else if monthly {
                    d.format("%b").to_string()
                } else if show_year {
                    d.format("%-d %b %Y").to_string()
                } else {
                    d.format("%-d %b").to_string()
                };
                (d, label)
            })
            .collect();
        let widest = labelled
            .iter()
            .map(|(_, l)| text_width(l, SMALL))
            .max()
            .unwrap_or(0);
        let fits = (labelled.len() as i32) * (widest + 14) <= width;
        if fits && !labelled.is_empty() {
            return labelled;
        }
        if fallback.is_empty() {
            fallback = labelled;
        }
    }
    fallback.truncate(1);
    fallback
}

/// Greedy rows for labels spanning `(left, right)` px: each goes in the first row it
/// does not overlap.
fn stack_rows(spans: &[(i32, i32)], gap: i32) -> Vec<usize> {
    let mut row_ends: Vec<i32> = Vec::new();
    spans
        .iter()
        .map(
            |&(left, right)| match row_ends.iter().position(|&end| end + gap <= left) {
                Some(r) => {
                    row_ends[r] = right;
                    r
                }
                None => {
                    row_ends.push(right);
                    row_ends.len() - 1
                }
            },
        )
        .collect()
}

/// Series point shapes, so series differ by more than colour.
fn draw_shape(root: &Area<'_>, shape: usize, at: (i32, i32), size: i32, role: Role) -> DrawResult {
    let style = role.color().filled();
    let (x, y) = at;
    match shape % 4 {
        0 => root.draw(&Circle::new(at, size, style)),
        1 => root.draw(&Rectangle::new(
            [(x - size + 1, y - size + 1), (x + size - 1, y + size - 1)],
            style,
        )),
        2 => root.draw(&Polygon::new(
            vec![
                (x, y - size - 1),
                (x + size + 1, y + size - 1),
                (x - size - 1, y + size - 1),
            ],
            style,
        )),
        _ => root.draw(&Polygon::new(
            vec![
                (x, y - size - 1),
                (x + size + 1, y),
                (x, y + size + 1),
                (x - size - 1, y),
            ],
            style,
        )),
    }
}

/// What a legend entry shows before its name.
#[derive(Clone, Copy)]
enum Swatch {
    /// A line with the series' point shape.
    Line(usize),
    /// A filled circle, as in the matrix.
    Dot,
    /// A filled square, as a bar.
    Square,
    /// A small and a large circle: size means something.
    Sizes,
}

struct LegendItem {
    name: String,
    role: Role,
    swatch: Swatch,
}

fn swatch_width(swatch: Swatch) -> i32 {
    match swatch {
        Swatch::Line(_) => 24,
        Swatch::Dot | Swatch::Square => 12,
        Swatch::Sizes => 22,
    }
}

fn legend_width(item: &LegendItem) -> i32 {
    swatch_width(item.swatch) + 6 + text_width(&item.name, SMALL) + 18
}

/// Lays legend items in rows from `x0` to `x1`; returns each item's (x, row).
fn legend_rows(items: &[LegendItem], x0: i32, x1: i32) -> Vec<(i32, usize)> {
    let mut x = x0;
    let mut row = 0;
    items
        .iter()
        .map(|item| {
            let w = legend_width(item);
            if x > x0 && x + w - 18 > x1 {
                x = x0;
                row += 1;
            }
            let at = (x, row);
            x += w;
            at
        })
        .collect()
}

fn draw_legend(
    root: &Area<'_>,
    items: &[LegendItem],
    placed: &[(i32, usize)],
    top: i32,
) -> DrawResult {
    for (item, &(x, row)) in items.iter().zip(placed) {
        let y = top + row as i32 * ROW + ROW / 2;
        let style = item.role.color().filled();
        match item.swatch {
            Swatch::Line(shape) => {
                root.draw(&PathElement::new(
                    vec![(x, y), (x + 24, y)],
                    item.role.color().stroke_width(2),
                ))?;
                draw_shape(root, shape, (x + 12, y), 4, item.role)?;
            }
            Swatch::Dot => root.draw(&Circle::new((x + 6, y), 6, style))?,
            Swatch::Square => root.draw(&Rectangle::new([(x, y - 6), (x + 12, y + 6)], style))?,
            Swatch::Sizes => {
                let outline = item.role.color().stroke_width(1);
                root.draw(&Circle::new((x + 3, y + 3), 3, outline))?;
                root.draw(&Circle::new((x + 14, y), 7, outline))?;
            }
        }
        let text_role = if matches!(item.swatch, Swatch::Sizes) {
            Role::Muted
        } else {
            Role::Ink
        };
        root.draw(&Text::new(
            item.name.clone(),
            (x + swatch_width(item.swatch) + 6, y),
            anchored(font(SMALL, text_role), HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

/// A linear axis whose ticks are exactly the given values (plotters' own key-point
/// wrapper loses the mesh's label formatting for `f64`).
#[derive(Debug, Clone)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = (value - self.lo) / (self.hi - self.lo);
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

fn axis(lo: f64, hi: f64, ticks: Vec<f64>) -> Axis {
    Axis { lo, hi, ticks }
}

/// Renders with plotters into a string; `None` if plotters failed.
fn render(size: (u32, u32), draw: impl FnOnce(&Area<'_>) -> DrawResult) -> Option<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        draw(&root).ok()?;
        root.present().ok()?;
    }
    Some(buf)
}

// ---------------------------------------------------------------------------
// Drawing

/// The chart as a complete, self-contained, accessible SVG document, laid out
/// [`WIDE`]. Same input, same bytes.
pub fn svg(chart: &Chart) -> String {
    svg_sized(chart, WIDE)
}

/// The chart laid out for a coordinate width (clamped to 320-1200), e.g. [`NARROW`]
/// for phones. A page may inline a wide and a narrow copy and show one by CSS
/// (`.vb-w400`, `.vb-w640` classes on the roots); a `display: none` copy is not
/// read out. Element ids carry the width unless it is [`WIDE`], so both can share a page.
pub fn svg_sized(chart: &Chart, width: u32) -> String {
    let width = width.clamp(320, 1200) as i32;
    let drawn = if chart.is_empty() {
        None
    } else {
        match &chart.kind {
            ChartKind::TimeSeries {
                y_label,
                unit,
                series,
                markers,
            } => time_series(width, y_label, unit, series, markers),
            ChartKind::Bars {
                value_label,
                unit,
                categories,
                series,
                ..
            } => bars(width, value_label, unit, categories, series),
            ChartKind::Matrix { groups, points } => matrix(width, groups, points),
        }
    };
    match drawn {
        Some((raw, size)) => finish(chart, &raw, size),
        None => {
            let message = if chart.is_empty() {
                "No data yet"
            } else {
                "This chart could not be drawn; its numbers are in the table"
            };
            let size = (width as u32, 120);
            let raw = render(size, |root| {
                root.draw(&Rectangle::new(
                    [(MARGIN, MARGIN), (width - MARGIN, 120 - MARGIN)],
                    Role::Grid.color().stroke_width(1),
                ))?;
                root.draw(&Text::new(
                    message.to_string(),
                    (width / 2, 60),
                    anchored(font(TEXT + 2.0, Role::Muted), HPos::Center, VPos::Center),
                ))
            })
            .unwrap_or_default();
            finish(chart, &raw, size)
        }
    }
}

fn time_series(
    width: i32,
    y_label: &str,
    unit: &Unit,
    series: &[Series],
    markers: &[Marker],
) -> Option<(String, (u32, u32))> {
    let drawn: Vec<(usize, &Series, Points)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s, sorted_points(s)))
        .filter(|(_, _, p)| !p.is_empty())
        .collect();
    let values = drawn.iter().flat_map(|(_, _, p)| p.iter().map(|q| q.1));
    let lo_v = values.clone().fold(f64::INFINITY, f64::min);
    let hi_v = values.fold(f64::NEG_INFINITY, f64::max);
    // Lines show change, so the value axis fits the data rather than starting at zero.
    let (y0, y1, y_ticks, decimals) = value_ticks(lo_v, hi_v, false);
    let y_tick_labels: Vec<String> = y_ticks.iter().map(|v| unit.format(*v, decimals)).collect();
    let y_area = y_tick_labels
        .iter()
        .map(|l| text_width(l, SMALL))
        .max()
        .unwrap_or(20)
        + 12;

    let dates = drawn
        .iter()
        .flat_map(|(_, _, p)| p.iter().map(|q| q.0))
        .chain(markers.iter().map(|m| m.date));
    let first = dates.clone().min()?;
    let last = dates.max()?;
    let span = (last - first).num_days();
    let pad = if span == 0 {
        15.0
    } else {
        (span as f64 * 0.04).max(1.0)
    };
    let (x0, x1) = (day_number(first) - pad, day_number(last) + pad);

    let left = MARGIN + y_area;
    let right_margin = 20;
    let right = width - right_margin;
    let plot_w = right - left;
    let to_px = |x: f64| left + ((x - x0) / (x1 - x0) * f64::from(plot_w)).round() as i32;

    let ticks: Vec<(NaiveDate, String)> =
        date_ticks(date_of(x0.ceil()), date_of(x1.floor()), plot_w)
            .into_iter()
            .filter(|(d, label)| {
                let px = to_px(day_number(*d));
                let half = text_width(label, SMALL) / 2;
                px - half >= 2 && px + half <= width - 2
            })
            .collect();

    // Header: y label, then the legend on the same row if it fits, else below.
    let axis_title = format!("{}{}", capitalised(y_label), unit.axis_suffix());
    let title_w = text_width(&axis_title, TEXT);
    let items: Vec<LegendItem> = if drawn.len() > 1 {
        drawn
            .iter()
            .map(|(i, s, _)| LegendItem {
                name: s.name.clone(),
                role: Role::Series(*i),
                swatch: Swatch::Line(*i),
            })
            .collect()
    } else {
        Vec::new()
    };
    let total: i32 = items.iter().map(legend_width).sum::<i32>() - 18;
    let inline = !items.is_empty() && MARGIN + title_w + 28 + total <= width - MARGIN;
    let placed = if inline {
        legend_rows(&items, width - MARGIN - total, width - MARGIN)
    } else {
        legend_rows(&items, MARGIN, width - MARGIN)
    };
    let legend_rows_below = if inline || items.is_empty() {
        0
    } else {
        placed.iter().map(|p| p.1).max().unwrap_or(0) as i32 + 1
    };
    let header_h = ROW + legend_rows_below * ROW + 4;

    // Marker labels: beside their line, stacked in rows so none overlap.
    // Right of the line if it fits, else on the side with more room, cut to fit.
    let mut marks: Vec<(i32, String, bool)> = markers
        .iter()
        .map(|m| {
            let x = to_px(day_number(m.date));
            let label = ellipsize(&m.label, plot_w * 3 / 4, SMALL);
            let room_right = width - 4 - (x + 5);
            let room_left = x - 5 - 4;
            let right = text_width(&label, SMALL) <= room_right || room_right >= room_left;
            let room = if right { room_right } else { room_left };
            (x, ellipsize(&label, room, SMALL), right)
        })
        .collect();
    marks.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mark_spans: Vec<(i32, i32, bool)> = marks
        .iter()
        .map(|(x, label, right)| {
            let w = text_width(label, SMALL);
            if *right {
                (*x, x + 5 + w, true)
            } else {
                (x - 5 - w, *x, false)
            }
        })
        .collect();
    let rows = stack_rows(
        &mark_spans.iter().map(|s| (s.0, s.1)).collect::<Vec<_>>(),
        10,
    );
    let mark_rows = rows.iter().max().map_or(0, |r| r + 1) as i32;

    let plot_top = MARGIN + header_h + mark_rows * ROW + 6;
    let plot_h = 260;
    let x_area = 30;
    let height = plot_top + plot_h + x_area + MARGIN;
    let size = (width as u32, height as u32);

    let x_keys: Vec<f64> = ticks.iter().map(|(d, _)| day_number(*d)).collect();
    let labels: Vec<(i64, String)> = ticks
        .iter()
        .map(|(d, l)| (i64::from(d.num_days_from_ce()), l.clone()))
        .collect();
    let y_labels: Vec<(f64, String)> = y_ticks.iter().copied().zip(y_tick_labels).collect();

    let raw = render(size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(plot_top)
            .margin_left(MARGIN)
            .margin_right(right_margin)
            .margin_bottom(MARGIN)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(axis(x0, x1, x_keys), axis(y0, y1, y_ticks.clone()))?;
        let x_fmt = |x: &f64| {
            let day = x.round() as i64;
            labels
                .iter()
                .find(|(d, _)| *d == day)
                .map(|(_, l)| l.clone())
                .unwrap_or_default()
        };
        let y_fmt = |y: &f64| {
            y_labels
                .iter()
                .find(|(v, _)| (v - y).abs() < 1e-9)
                .map(|(_, l)| l.clone())
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(Role::Grid.color().stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(Role::Ink.color().stroke_width(1))
            .set_all_tick_mark_size(4)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(font(SMALL, Role::Ink))
            .draw()?;

        root.draw(&Text::new(
            axis_title.clone(),
            (MARGIN, MARGIN + ROW / 2),
            anchored(bold(TEXT, Role::Ink), HPos::Left, VPos::Center),
        ))?;
        let legend_top = if inline { MARGIN } else { MARGIN + ROW };
        draw_legend(root, &items, &placed, legend_top)?;

        // Markers under the data, labels above everything.
        let plot_bottom = plot_top + plot_h;
        for (i, (x, _, _)) in marks.iter().enumerate() {
            let row_mid = plot_top - 6 - rows[i] as i32 * ROW - ROW / 2;
            root.draw(&PathElement::new(
                vec![(*x, plot_bottom), (*x, row_mid - 7)],
                Role::Marker.color().stroke_width(1),
            ))?;
        }
        for (index, _, points) in &drawn {
            let role = Role::Series(*index);
            let line: Vec<(f64, f64)> = points.iter().map(|(d, v)| (day_number(*d), *v)).collect();
            if line.len() > 1 {
                chart.draw_series(LineSeries::new(line.clone(), role.color().stroke_width(2)))?;
            }
            for p in &line {
                draw_shape(root, *index, chart.backend_coord(p), 4, role)?;
            }
        }
        for (i, (x, label, _)) in marks.iter().enumerate() {
            let row_mid = plot_top - 6 - rows[i] as i32 * ROW - ROW / 2;
            let (at, h) = if mark_spans[i].2 {
                (x + 5, HPos::Left)
            } else {
                (x - 5, HPos::Right)
            };
            root.draw(&Text::new(
                label.clone(),
                (at, row_mid),
                anchored(font(SMALL, Role::Halo), h, VPos::Center),
            ))?;
        }
        Ok(())
    })?;
    Some((raw, size))
}

fn bars(
    width: i32,
    value_label: &str,
    unit: &Unit,
    categories: &[String],
    series: &[BarSeries],
) -> Option<(String, (u32, u32))> {
    let n = categories.len();
    let ns = series.len();
    let value = |s: &BarSeries, i: usize| {
        s.values
            .get(i)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    };
    let lo = series
        .iter()
        .flat_map(|s| (0..n).map(move |i| value(s, i)))
        .fold(0.0, f64::min);
    let hi = series
        .iter()
        .flat_map(|s| (0..n).map(move |i| value(s, i)))
        .fold(0.0, f64::max);
    let (x0, x1, x_ticks, decimals) = value_ticks(lo, hi, true);
    let x_tick_labels: Vec<(f64, String)> = x_ticks
        .iter()
        .map(|v| (*v, unit.format(*v, decimals)))
        .collect();

    let names: Vec<String> = categories
        .iter()
        .map(|c| ellipsize(c, (width * 2 / 5).min(220), SMALL))
        .collect();
    let y_area = names
        .iter()
        .map(|c| text_width(c, SMALL))
        .max()
        .unwrap_or(20)
        + 14;
    let value_texts: Vec<Vec<String>> = series
        .iter()
        .map(|s| (0..n).map(|i| unit.format_value(value(s, i))).collect())
        .collect();
    let widest_value = value_texts
        .iter()
        .flatten()
        .map(|t| text_width(t, SMALL))
        .max()
        .unwrap_or(0);
    let right_margin = widest_value + 12;

    let items: Vec<LegendItem> = if ns > 1 {
        series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendItem {
                name: s.name.clone(),
                role: Role::Series(i),
                swatch: Swatch::Square,
            })
            .collect()
    } else {
        Vec::new()
    };
    let placed = legend_rows(&items, MARGIN, width - MARGIN);
    let legend_h = if items.is_empty() {
        0
    } else {
        (placed.iter().map(|p| p.1).max().unwrap_or(0) as i32 + 1) * ROW + 6
    };
    let bar_h = 16;
    let band = ns as i32 * bar_h + 14;
    let plot_top = MARGIN + legend_h;
    let plot_h = band * n as i32;
    let x_area = 26 + ROW + 4;
    let height = plot_top + plot_h + x_area + MARGIN;
    let size = (width as u32, height as u32);
    let y_keys: Vec<f64> = (0..n).map(|i| (n - i) as f64 - 0.5).collect();
    let axis_title = format!("{}{}", capitalised(value_label), unit.axis_suffix());

    let raw = render(size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(plot_top)
            .margin_left(MARGIN)
            .margin_right(right_margin)
            .margin_bottom(MARGIN + ROW + 4)
            .x_label_area_size(26)
            .y_label_area_size(y_area)
            .build_cartesian_2d(axis(x0, x1, x_ticks.clone()), axis(0.0, n as f64, y_keys))?;
        let x_fmt = |x: &f64| {
            x_tick_labels
                .iter()
                .find(|(v, _)| (v - x).abs() < 1e-9)
                .map(|(_, l)| l.clone())
                .unwrap_or_default()
        };
        let y_fmt = |y: &f64| {
            let i = n as i64 - (y + 0.5).round() as i64;
            usize::try_from(i)
                .ok()
                .and_then(|i| names.get(i))
                .cloned()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .bold_line_style(Role::Grid.color().stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(Role::Ink.color().stroke_width(1))
            .set_all_tick_mark_size(4)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(font(SMALL, Role::Ink))
            .draw()?;
        draw_legend(root, &items, &placed, MARGIN)?;
        let unit_h = 1.0 / f64::from(band);
        for (j, (s, texts)) in series.iter().zip(&value_texts).enumerate() {
            let role = Role::Series(j);
            for (i, text) in texts.iter().enumerate() {
                let band_top = (n - i) as f64 - 7.0 * unit_h;
                let top = band_top - f64::from(j as i32 * bar_h) * unit_h;
                let bottom = top - f64::from(bar_h - 2) * unit_h;
                let v = value(s, i);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, top), (v, bottom)],
                    role.color().filled(),
                )))?;
                let (px, py) = chart.backend_coord(&(v.max(0.0), (top + bottom) / 2.0));
                root.draw(&Text::new(
                    text.clone(),
                    (px + 5, py),
                    anchored(font(SMALL, Role::Ink), HPos::Left, VPos::Center),
                ))?;
            }
        }
        let (l, _) = chart.backend_coord(&(x0, 0.0));
        let (r, bottom) = chart.backend_coord(&(x1, 0.0));
        root.draw(&Text::new(
            axis_title.clone(),
            ((l + r) / 2, bottom + 26 + ROW / 2 + 2),
            anchored(bold(TEXT, Role::Ink), HPos::Center, VPos::Center),
        ))?;
        Ok(())
    })?;
    Some((raw, size))
}

/// Spread of points sharing a matrix cell, in cell units, deterministic by input order.
fn jitter(index: usize, count: usize) -> (f64, f64) {
    if count <= 1 {
        return (0.0, 0.0);
    }
    let radius = if count <= 4 { 0.2 } else { 0.28 };
    let angle = std::f64::consts::TAU * index as f64 / count as f64 + std::f64::consts::FRAC_PI_4;
    (radius * angle.cos(), radius * angle.sin())
}

fn matrix(width: i32, groups: &[String], points: &[MatrixPoint]) -> Option<(String, (u32, u32))> {
    let clamp = |v: u8| f64::from(v.clamp(1, 5));
    // Same-cell points spread around the cell's centre, in label order.
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&points[a], &points[b]);
        (
            pa.complexity.clamp(1, 5),
            pa.impact.clamp(1, 5),
            &pa.label,
            a,
        )
            .cmp(&(
                pb.complexity.clamp(1, 5),
                pb.impact.clamp(1, 5),
                &pb.label,
                b,
            ))
    });
    let mut spot = vec![(0.0, 0.0); points.len()];
    let mut i = 0;
    while i < order.len() {
        let cell = |k: usize| {
            (
                points[order[k]].complexity.clamp(1, 5),
                points[order[k]].impact.clamp(1, 5),
            )
        };
        let mut j = i;
        while j < order.len() && cell(j) == cell(i) {
            j += 1;
        }
        for (k, &p) in order[i..j].iter().enumerate() {
            let (dx, dy) = jitter(k, j - i);
            spot[p] = (
                clamp(points[p].complexity) + dx,
                clamp(points[p].impact) + dy,
            );
        }
        i = j;
    }
    let radius = |e: u32| (5.0 + 2.2 * f64::from(e).sqrt()).min(18.0).round() as i32;

    let used: Vec<usize> = {
        let mut g: Vec<usize> = points.iter().map(|p| p.group).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    let mut items: Vec<LegendItem> = used
        .iter()
        .map(|&g| LegendItem {
            name: groups
                .get(g)
                .cloned()
                .unwrap_or_else(|| format!("Group {}", g + 1)),
            role: Role::Series(g),
            swatch: Swatch::Dot,
        })
        .collect();
    let axis_title = "Customer impact (1 low – 5 high)".to_string();
    let title_w = text_width(&axis_title, TEXT);
    items.push(LegendItem {
        name: "Size: customers".into(),
        role: Role::Muted,
        swatch: Swatch::Sizes,
    });
    let total: i32 = items.iter().map(legend_width).sum::<i32>() - 18;
    let inline = MARGIN + title_w + 28 + total <= width - MARGIN;
    let placed = if inline {
        legend_rows(&items, width - MARGIN - total, width - MARGIN)
    } else {
        legend_rows(&items, MARGIN, width - MARGIN)
    };
    let below = if inline {
        0
    } else {
        placed.iter().map(|p| p.1).max().unwrap_or(0) as i32 + 1
    };
    let plot_top = MARGIN + ROW + below * ROW + 10;
    let y_area = 26;
    let right_margin = 14;
    // Cells about square when narrow, a little wide when wide: room for labels.
    let plot_w = width - MARGIN - y_area - right_margin;
    let plot_h = if plot_w < 500 {
        plot_w
    } else {
        plot_w * 7 / 10
    }
    .clamp(260, 480);
    let label_max = if plot_w < 500 {
        plot_w * 9 / 25
    } else {
        plot_w * 3 / 10
    };
    let x_area = 26;
    // Phones have no room for a dozen titles among the dots: there the dots carry
    // numbers, most important first, and a key under the plot names them.
    let numbered = plot_w < 500 && points.len() > 1;
    let key_top = plot_top + plot_h + x_area + ROW + 4 + 8;
    let key_rows = if numbered { points.len() as i32 } else { 0 };
    let key_h = key_rows * 18 + if numbered { 8 } else { 0 };
    let height = plot_top + plot_h + x_area + ROW + 4 + MARGIN + key_h;
    let size = (width as u32, height as u32);
    let plot_left = MARGIN + y_area;
    let plot_right = width - right_margin;
    let px =
        |x: f64| plot_left + ((x - 0.5) / 5.0 * f64::from(plot_right - plot_left)).round() as i32;
    let py = |y: f64| plot_top + ((5.5 - y) / 5.0 * f64::from(plot_h)).round() as i32;

    // Labels: right of the point, else left, else nudged up or down; leaders when moved.
    let circles: Vec<(i32, i32, i32)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (px(spot[i].0), py(spot[i].1), radius(p.evidence)))
        .collect();
    let mut taken: Vec<(i32, i32, i32, i32)> = circles
        .iter()
        .map(|&(x, y, r)| (x - r, y - r, x + r, y + r))
        .collect();
    // The quick-win heading keeps its place.
    let heading = "Quick wins";
    taken.push((
        px(0.5),
        py(5.5),
        px(0.5) + 10 + text_width(heading, TEXT),
        py(5.5) + 26,
    ));
    let mut by_importance: Vec<usize> = (0..points.len()).collect();
    by_importance.sort_by(|&a, &b| {
        let score = |p: &MatrixPoint| {
            u32::from(p.impact.clamp(1, 5)) * (6 - u32::from(p.complexity.clamp(1, 5)))
        };
        score(&points[b])
            .cmp(&score(&points[a]))
            .then(points[b].evidence.cmp(&points[a].evidence))
            .then(points[a].label.cmp(&points[b].label))
            .then(a.cmp(&b))
    });
    let line_h = 16;
    let mut labels: Vec<(usize, String, i32, i32, HPos, bool)> = Vec::new();
    let mut key: Vec<String> = Vec::new();
    for (n, &i) in by_importance.iter().enumerate() {
        let (x, y, r) = circles[i];
        let place = |text: &str| {
            let w = text_width(text, SMALL);
            // Candidates in order of preference: beside, above, below, then nudged
            // further up and down (with a leader line). The first clear one wins, else
            // the one overlapping least.
            let beside = |dy: i32, right: bool| {
                let x0 = if right { x + r + 4 } else { x - r - 4 - w };
                (
                    (x0, y + dy - line_h / 2, x0 + w, y + dy + line_h / 2),
                    if right { HPos::Left } else { HPos::Right },
                    dy != 0,
                )
            };
            let mut candidates = vec![beside(0, true), beside(0, false)];
            for dy in [-(r + 2 + line_h / 2), r + 2 + line_h / 2] {
                let b = (
                    x - w / 2,
                    y + dy - line_h / 2,
                    x + w - w / 2,
                    y + dy + line_h / 2,
                );
                candidates.push((b, HPos::Center, false));
            }
            for step in 1..12 {
                for dy in [-step * line_h, step * line_h] {
                    candidates.push(beside(dy, true));
                    candidates.push(beside(dy, false));
                }
            }
            let cost = |b: (i32, i32, i32, i32)| -> i64 {
                let outside = b.0 < plot_left + 2
                    || b.2 > plot_right - 2
                    || b.1 < plot_top
                    || b.3 > plot_top + plot_h;
                let covered: i64 = taken
                    .iter()
                    .map(|t| {
                        let wx = (t.2.min(b.2) - t.0.max(b.0)).max(0);
                        let hy = (t.3.min(b.3) - t.1.max(b.1)).max(0);
                        i64::from(wx) * i64::from(hy)
                    })
                    .sum();
                covered + if outside { 1_000_000 } else { 0 }
            };
            let mut best = candidates[0];
            let mut best_cost = i64::MAX;
            for candidate in candidates {
                let c = cost(candidate.0);
                if c < best_cost {
                    best = candidate;
                    best_cost = c;
                }
                if c == 0 {
                    break;
                }
            }
            (best, best_cost)
        };
        // The whole label if it has a clear spot, else a shorter one.
        let (long, short) = if numbered {
            let number = (n + 1).to_string();
            key.push(ellipsize(
                &format!("{number}  {}", points[i].label),
                width - 2 * MARGIN,
                SMALL,
            ));
            (number.clone(), number)
        } else {
            (
                ellipsize(&points[i].label, plot_w * 9 / 20, SMALL),
                ellipsize(&points[i].label, label_max, SMALL),
            )
        };
        let (mut text, (mut best, cost)) = (long.clone(), place(&long));
        if cost > 0 && short != long {
            let (other, other_cost) = place(&short);
            if other_cost <= cost {
                text = short;
                best = other;
            }
        }
        let (b, h, leader) = best;
        taken.push(b);
        let tx = match h {
            HPos::Left => b.0,
            HPos::Right => b.2,
            HPos::Center => (b.0 + b.2) / 2,
        };
        labels.push((i, text, tx, (b.1 + b.3) / 2, h, leader));
    }

    let raw = render(size, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(plot_top)
            .margin_left(MARGIN)
            .margin_right(right_margin)
            .margin_bottom(MARGIN + ROW + 4 + key_h)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(
                axis(0.5, 5.5, vec![1.0, 2.0, 3.0, 4.0, 5.0]),
                axis(0.5, 5.5, vec![1.0, 2.0, 3.0, 4.0, 5.0]),
            )?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.5, 5.5), (2.5, 3.5)],
            Role::Highlight.color().mix(0.14).filled(),
        )))?;
        let fmt = |v: &f64| format!("{}", v.round() as i64);
        chart
            .configure_mesh()
            .disable_mesh()
            .axis_style(Role::Ink.color().stroke_width(1))
            .set_all_tick_mark_size(4)
            .x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .label_style(font(SMALL, Role::Ink))
            .draw()?;
        for k in 1..5 {
            let b = f64::from(k) + 0.5;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(b, 0.5), (b, 5.5)],
                Role::Grid.color().stroke_width(1),
            )))?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.5, b), (5.5, b)],
                Role::Grid.color().stroke_width(1),
            )))?;
        }
        root.draw(&Text::new(
            axis_title.clone(),
            (MARGIN, MARGIN + ROW / 2),
            anchored(bold(TEXT, Role::Ink), HPos::Left, VPos::Center),
        ))?;
        let legend_top = if inline { MARGIN } else { MARGIN + ROW };
        draw_legend(root, &items, &placed, legend_top)?;
        root.draw(&Text::new(
            "Complexity (1 easy – 5 hard)".to_string(),
            (
                (plot_left + plot_right) / 2,
                plot_top + plot_h + x_area + ROW / 2 + 2,
            ),
            anchored(bold(TEXT, Role::Ink), HPos::Center, VPos::Center),
        ))?;
        // Leaders first, then big circles under small ones, then labels on top.
        for (i, _, tx, ty, h, leader) in &labels {
            let (x, y, r) = circles[*i];
            if *leader {
                let end = if matches!(h, HPos::Left) {
                    *tx - 2
                } else {
                    *tx + 2
                };
                let start_x = if matches!(h, HPos::Left) {
                    x + r / 2
                } else {
                    x - r / 2
                };
                root.draw(&PathElement::new(
                    vec![(start_x, y), (end, *ty)],
                    Role::Muted.color().stroke_width(1),
                ))?;
            }
        }
        let mut by_size: Vec<usize> = (0..points.len()).collect();
        by_size.sort_by(|&a, &b| points[b].evidence.cmp(&points[a].evidence).then(a.cmp(&b)));
        for i in by_size {
            let (x, y, r) = circles[i];
            root.draw(&Circle::new((x, y), r + 2, Role::Bg.color().filled()))?;
            root.draw(&Circle::new(
                (x, y),
                r,
                Role::Series(points[i].group).color().mix(0.9).filled(),
            ))?;
        }
        for (_, text, tx, ty, h, _) in &labels {
            root.draw(&Text::new(
                text.clone(),
                (*tx, *ty),
                anchored(font(SMALL, Role::Halo), *h, VPos::Center),
            ))?;
        }
        for (n, line) in key.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (MARGIN, key_top + n as i32 * 18 + 9),
                anchored(font(SMALL, Role::Ink), HPos::Left, VPos::Center),
            ))?;
        }
        // Last, with a halo: a big point in the corner cell must not hide it.
        root.draw(&Text::new(
            heading.to_string(),
            (px(0.5) + 8, py(5.5) + 8),
            anchored(bold(TEXT, Role::Halo), HPos::Left, VPos::Top),
        ))?;
        Ok(())
    })?;
    Some((raw, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn overlaps(a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)) -> bool {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    }

    fn conversion() -> Chart {
        Chart::new(
            "conversion-rate",
            "Conversion rate",
            ChartKind::TimeSeries {
                y_label: "Conversion rate".into(),
                unit: Unit::Percent,
                series: vec![
                    Series {
                        name: "Everyone".into(),
                        points: vec![
                            (day("2026-08-03"), 2.9),
                            (day("2026-09-07"), 3.0),
                            (day("2026-10-05"), 3.2),
                            (day("2026-11-02"), 3.4),
                        ],
                    },
                    Series {
                        name: "Test".into(),
                        points: vec![(day("2026-10-05"), 3.6), (day("2026-09-07"), 3.3)],
                    },
                ],
                markers: vec![Marker {
                    date: day("2026-09-18"),
                    label: "Checkout that works on phones: launched".into(),
                }],
            },
        )
    }

    fn rounds() -> Chart {
        Chart::new(
            "calls-per-round",
            "Calls per round",
            ChartKind::Bars {
                category_label: "Round".into(),
                value_label: "Calls and customers".into(),
                unit: Unit::Count,
                categories: vec!["2026-07 discovery".into(), "2026-08-checkout".into()],
                series: vec![
                    BarSeries {
                        name: "Calls".into(),
                        values: vec![12.0, 9.0],
                    },
                    BarSeries {
                        name: "Customers".into(),
                        values: vec![10.0, 9.0],
                    },
                ],
            },
        )
    }

    fn opportunities() -> Chart {
        let p = |label: &str, complexity, impact, evidence, group| MatrixPoint {
            label: label.into(),
            complexity,
            impact,
            evidence,
            group,
        };
        Chart::new(
            "matrix",
            "Impact and complexity",
            ChartKind::Matrix {
                groups: vec!["Fix".into(), "Fill".into(), "Future".into()],
                points: vec![
                    p("Checkout that works on phones", 2, 4, 9, 0),
                    p("Size guide", 2, 4, 4, 1),
                    p("Return label in the box", 1, 5, 2, 0),
                    p("Trail finder", 5, 3, 1, 2),
                ],
            },
        )
    }

    /// Well-formed XML, checked by hand: tags balance, attributes are quoted,
    /// entities are known.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            let text = &rest[..open];
            assert_entities(text);
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            rest = &rest[close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(
                    stack.pop().as_deref(),
                    Some(name.trim()),
                    "mismatched </{name}>"
                );
                continue;
            }
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().expect("empty tag");
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "bad name {name}"
            );
            let mut attrs = &body[name.len()..];
            let mut seen = Vec::new();
            loop {
                attrs = attrs.trim_start();
                if attrs.is_empty() {
                    break;
                }
                let eq = attrs.find('=').expect("attribute without value");
                let key = &attrs[..eq];
                assert!(!seen.contains(&key), "duplicate attribute {key} in <{tag}>");
                seen.push(key);
                assert_eq!(
                    &attrs[eq + 1..eq + 2],
                    "\"",
                    "unquoted attribute in <{tag}>"
                );
                let end = attrs[eq + 2..].find('"').expect("unterminated attribute") + eq + 2;
                assert_entities(&attrs[eq + 2..end]);
                attrs = &attrs[end + 1..];
            }
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
        assert!(svg.trim_start().starts_with("<svg"));
    }

    fn assert_entities(text: &str) {
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let end = rest[at..].find(';').expect("bare &") + at;
            assert!(
                ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"].contains(&&rest[at..=end]),
                "unknown entity {}",
                &rest[at..=end]
            );
            rest = &rest[end + 1..];
        }
    }

    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                body.trim().to_string()
            })
            .collect()
    }

    #[test]
    fn every_kind_is_accessible_well_formed_svg() {
        let empty = Chart::new(
            "empty",
            "Nothing",
            ChartKind::TimeSeries {
                y_label: "AOV".into(),
                unit: Unit::Currency("USD".into()),
                series: vec![],
                markers: vec![],
            },
        );
        for chart in [conversion(), rounds(), opportunities(), empty] {
            let svg = svg(&chart);
            assert_well_formed(&svg);
            let head = &svg[..svg.find('>').unwrap()];
            assert!(head.contains("viewBox=\"0 0 640 "), "{head}");
            assert!(!head.contains("height="), "{head}");
            assert!(head.contains("role=\"img\""));
            let id = &chart.id;
            assert!(head.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")));
            let after_head = svg[head.len() + 1..].trim_start();
            assert!(
                after_head.starts_with(&format!("<title id=\"{id}-title\">")),
                "{after_head}"
            );
            assert!(svg.contains(&format!("<desc id=\"{id}-desc\">")));
            // Every colour is themeable: no element keeps an unclassed literal colour.
            for line in svg
                .lines()
                .filter(|l| l.starts_with('<') && !l.starts_with("<svg"))
            {
                let coloured = line.contains("fill=\"#") || line.contains("stroke=\"#");
                assert!(
                    !coloured || line.contains("class=\"vb-"),
                    "unthemed: {line}"
                );
                assert!(!line.contains("#0102"), "sentinel left: {line}");
            }
            assert_eq!(svg, super::svg(&chart), "not deterministic");
        }
    }

    #[test]
    fn descriptions_come_from_the_data() {
        assert_eq!(
            conversion().description,
            "Conversion rate from Aug 2026 to Nov 2026. Everyone rose from 2.9% (3 Aug 2026) to 3.4% (2 Nov 2026). Test rose from 3.3% (7 Sep 2026) to 3.6% (5 Oct 2026). Dashed lines mark Checkout that works on phones: launched (18 Sep 2026)."
        );
        assert_eq!(
            rounds().description,
            "Calls and customers per round. 2026-07 discovery: 12 calls, 10 customers. 2026-08-checkout: 9 calls, 9 customers."
        );
        assert_eq!(
            opportunities().description,
            "4 opportunities by customer impact (1-5) and complexity (1-5). 3 quick wins: Checkout that works on phones, Size guide, Return label in the box. Most evidence: Checkout that works on phones (9 customers, Fix)."
        );
    }

    #[test]
    fn table_and_csv_carry_the_plotted_numbers() {
        let chart = conversion();
        let t = table(&chart);
        assert_eq!(t.headers, ["Date", "Everyone", "Test", "Marker"]);
        assert_eq!(
            t.rows,
            vec![
                vec!["3 Aug 2026", "2.9%", "", ""],
                vec!["7 Sep 2026", "3%", "3.3%", ""],
                vec![
                    "18 Sep 2026",
                    "",
                    "",
                    "Checkout that works on phones: launched"
                ],
                vec!["5 Oct 2026", "3.2%", "3.6%", ""],
                vec!["2 Nov 2026", "3.4%", "", ""],
            ]
        );
        assert_eq!(
            csv(&chart),
            "Date,Everyone (%),Test (%),Marker\n2026-08-03,2.9,,\n2026-09-07,3,3.3,\n2026-09-18,,,Checkout that works on phones: launched\n2026-10-05,3.2,3.6,\n2026-11-02,3.4,,\n"
        );
        assert_eq!(chart.csv_name(), "conversion-rate.csv");

        // A marker named like a formula is written as words a spreadsheet will not run.
        let mut hostile = conversion();
        if let ChartKind::TimeSeries { markers, .. } = &mut hostile.kind {
            markers[0].label = "=HYPERLINK(\"http://evil.example\",\"x\")".into();
        }
        assert!(
            csv(&hostile).contains(
                "\n2026-09-18,,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n"
            ),
            "{}",
            csv(&hostile)
        );

        let t = table(&rounds());
        assert_eq!(t.headers, ["Round", "Calls", "Customers"]);
        assert_eq!(t.rows[0], ["2026-07 discovery", "12", "10"]);
        assert_eq!(
            csv(&rounds()),
            "Round,Calls,Customers\n2026-07 discovery,12,10\n2026-08-checkout,9,9\n"
        );

        let m = csv(&opportunities());
        assert!(m.starts_with("Opportunity,Group,Impact,Complexity,Customers,Quick win\nCheckout that works on phones,Fix,4,2,9,yes\n"), "{m}");

        // the plotted numbers are in the SVG too, as value labels and ticks
        let svg = svg(&rounds());
        let shown = texts(&svg);
        for v in ["12", "10", "9"] {
            assert!(shown.iter().any(|t| t == v), "{v} not in {shown:?}");
        }
    }

    #[test]
    fn units_format_ticks_and_cells() {
        assert_eq!(Unit::Percent.format(3.04, 1), "3.0%");
        assert_eq!(Unit::Currency("USD".into()).format(84.0, 0), "$84");
        assert_eq!(Unit::Currency("CHF".into()).format(84.0, 0), "84 CHF");
        assert_eq!(Unit::Currency("USD".into()).format_value(84.2), "$84.20");
        assert_eq!(
            Unit::Currency("USD".into()).format_value(-1234.5),
            "-$1,234.50"
        );
        assert_eq!(Unit::Count.format_value(1840.0), "1,840");
        // Tables keep the snapshot's digits, without float dust.
        assert_eq!(Unit::Plain.format_value(0.126), "0.126");
        assert_eq!(Unit::Percent.format_value(0.1 + 0.2), "0.3%");
        assert_eq!(Unit::Currency("USD".into()).format_value(84.125), "$84.125");
        assert_eq!(Unit::Currency("EUR".into()).axis_suffix(), " (EUR)");
        assert_eq!(slug("Conversion rate / Test!"), "conversion-rate-test");
        assert_eq!(slug("!!"), "chart");
    }

    #[test]
    fn axis_ticks_carry_units_and_dates() {
        let svg = svg(&conversion());
        let shown = texts(&svg);
        assert!(
            shown.iter().any(|t| t == "Conversion rate (%)"),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(|t| t.ends_with('%') && t.starts_with('3')),
            "{shown:?}"
        );
        assert!(shown.iter().any(|t| t == "Aug 2026"), "{shown:?}");
        assert!(shown.iter().any(|t| t == "Sep"), "{shown:?}");
        assert!(shown.iter().any(|t| t == "Everyone") && shown.iter().any(|t| t == "Test"));
    }

    /// The plot area's left and right: the longest horizontal line in ink, the x axis.
    fn x_axis(svg: &str) -> (f64, f64) {
        svg.lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("vb-s-ink"))
            .filter_map(|l| {
                let points = &l[l.find("points=\"").unwrap() + 8..];
                let pts: Vec<(f64, f64)> = points[..points.find('"').unwrap()]
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                (pts.len() == 2 && pts[0].1 == pts[1].1)
                    .then(|| (pts[0].0.min(pts[1].0), pts[0].0.max(pts[1].0)))
            })
            .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
            .expect("no x axis")
    }

    #[test]
    fn markers_sit_at_their_dates() {
        let chart = Chart::new(
            "m",
            "M",
            ChartKind::TimeSeries {
                y_label: "AOV".into(),
                unit: Unit::Currency("USD".into()),
                series: vec![Series {
                    name: "Everyone".into(),
                    points: vec![(day("2026-01-01"), 80.0), (day("2026-12-31"), 90.0)],
                }],
                markers: vec![
                    Marker {
                        date: day("2026-07-02"),
                        label: "Middle".into(),
                    },
                    Marker {
                        date: day("2026-07-09"),
                        label: "A week later".into(),
                    },
                ],
            },
        );
        let svg = svg(&chart);
        let (left, right) = x_axis(&svg);
        let dashed: Vec<f64> = svg
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("vb-s-marker"))
            .map(|l| {
                let points = &l[l.find("points=\"").unwrap() + 8..];
                points.split(',').next().unwrap().parse().unwrap()
            })
            .collect();
        assert_eq!(dashed.len(), 2, "{svg}");
        let middle = (left + right) / 2.0;
        assert!((dashed[0] - middle).abs() <= 3.0, "{dashed:?} vs {middle}");
        assert!(dashed[1] > dashed[0] + 5.0);
        assert!(svg.contains("stroke-dasharray"));
        // close markers get their labels in different rows: different y
        let label_y = |name: &str| {
            let at = svg.find(&format!("\n{name}\n")).unwrap();
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let y = &tag[tag.find(" y=\"").unwrap() + 4..];
            y[..y.find('"').unwrap()].parse::<i32>().unwrap()
        };
        assert_ne!(label_y("Middle"), label_y("A week later"));
        assert!(
            texts(&svg).iter().any(|t| t == "$80" || t == "$85"),
            "{:?}",
            texts(&svg)
        );
    }

    #[test]
    fn empty_charts_say_so() {
        let bars = Chart::new(
            "b",
            "Bars",
            ChartKind::Bars {
                category_label: "Round".into(),
                value_label: "Calls".into(),
                unit: Unit::Count,
                categories: vec![],
                series: vec![],
            },
        );
        let matrix = Chart::new(
            "x",
            "Matrix",
            ChartKind::Matrix {
                groups: vec![],
                points: vec![],
            },
        );
        let lines = Chart::new(
            "t",
            "Lines",
            ChartKind::TimeSeries {
                y_label: "Orders".into(),
                unit: Unit::Count,
                series: vec![Series {
                    name: "Everyone".into(),
                    points: vec![],
                }],
                markers: vec![],
            },
        );
        let unmeasurable = Chart::new(
            "n",
            "NaN",
            ChartKind::TimeSeries {
                y_label: "Orders".into(),
                unit: Unit::Count,
                series: vec![Series {
                    name: "Everyone".into(),
                    points: vec![
                        (day("2026-08-03"), f64::NAN),
                        (day("2026-08-10"), f64::INFINITY),
                    ],
                }],
                markers: vec![Marker {
                    date: day("2026-08-05"),
                    label: "Launch".into(),
                }],
            },
        );
        assert!(unmeasurable.is_empty());
        for chart in [bars, matrix, lines, unmeasurable] {
            let svg = svg(&chart);
            assert_well_formed(&svg);
            assert_eq!(texts(&svg), ["No data yet"]);
            assert!(
                chart.description.ends_with("no data yet."),
                "{}",
                chart.description
            );
            let rows = table(&chart).rows;
            assert!(
                rows.iter()
                    .all(|r| r.iter().skip(1).all(|c| c.is_empty() || c == "Launch")),
                "{rows:?}"
            );
        }
    }

    #[test]
    fn titles_and_labels_are_escaped() {
        let mut chart = opportunities();
        chart.title = "Fish & <chips>".into();
        if let ChartKind::Matrix { points, .. } = &mut chart.kind {
            points[0].label = "A \"quoted\" <b>".into();
        }
        let svg = svg(&chart);
        assert_well_formed(&svg);
        assert!(svg.contains("Fish &amp; &lt;chips&gt;"));
    }

    #[test]
    fn matrix_labels_do_not_overlap() {
        let points: Vec<MatrixPoint> = (0..9)
            .map(|i| MatrixPoint {
                label: format!("Opportunity number {i}"),
                complexity: 2,
                impact: 4,
                evidence: i,
                group: (i % 3) as usize,
            })
            .collect();
        let chart = Chart::new(
            "crowd",
            "Crowd",
            ChartKind::Matrix {
                groups: vec!["Fix".into(), "Fill".into(), "Future".into()],
                points,
            },
        );
        let svg = svg(&chart);
        if let Ok(dir) = std::env::var("VERBATIM_CHART_SAMPLES") {
            std::fs::write(format!("{dir}/crowd.svg"), &svg).unwrap();
        }
        let boxes: Vec<(i32, i32, i32, i32)> = svg
            .split("<text")
            .skip(1)
            .filter(|t| t.contains("Opportunity number"))
            .map(|t| {
                let num = |name: &str| {
                    let at = t.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    t[at..at + t[at..].find('"').unwrap()]
                        .parse::<i32>()
                        .unwrap()
                };
                let (x, y) = (num("x"), num("y"));
                let w = text_width("Opportunity number 0", SMALL);
                if t.contains("text-anchor=\"end\"") {
                    (x - w, y - 7, x, y + 7)
                } else if t.contains("text-anchor=\"middle\"") {
                    (x - w / 2, y - 7, x + w / 2, y + 7)
                } else {
                    (x, y - 7, x + w, y + 7)
                }
            })
            .collect();
        assert_eq!(boxes.len(), 9);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!overlaps(*a, *b), "{a:?} overlaps {b:?}");
            }
        }
        // jittered: no two circles share a centre
        let mut centres: Vec<(String, String)> = svg
            .lines()
            .filter(|l| l.starts_with("<circle") && l.contains("vb-f-series"))
            // legend dots sit in the header
            .filter(|l| !l.contains(" cy=\"22\"") && !l.contains(" cy=\"42\""))
            .map(|l| {
                let get = |n: &str| {
                    let at = l.find(&format!(" {n}=\"")).unwrap() + n.len() + 3;
                    l[at..at + l[at..].find('"').unwrap()].to_string()
                };
                (get("cx"), get("cy"))
            })
            .collect();
        centres.sort();
        centres.dedup();
        assert_eq!(centres.len(), 9);
    }

    fn samples() -> Vec<Chart> {
        let weeks = |start: &str, n: usize, f: &dyn Fn(usize) -> f64| -> Vec<(NaiveDate, f64)> {
            (0..n)
                .map(|i| (day(start) + chrono::Days::new(7 * i as u64), f(i)))
                .collect()
        };
        let aov = Chart::new(
            "aov",
            "Average order value",
            ChartKind::TimeSeries {
                y_label: "Average order value".into(),
                unit: Unit::Currency("USD".into()),
                series: vec![
                    Series {
                        name: "Everyone".into(),
                        points: weeks("2026-07-06", 20, &|i| {
                            82.0 + (i as f64 * 0.7).sin() * 2.0 + i as f64 * 0.3
                        }),
                    },
                    Series {
                        name: "Test group".into(),
                        points: weeks("2026-09-14", 8, &|i| 86.0 + i as f64 * 0.8),
                    },
                    Series {
                        name: "Wave 2".into(),
                        points: weeks("2026-10-12", 5, &|i| 84.0 + i as f64 * 0.5),
                    },
                ],
                markers: vec![
                    Marker {
                        date: day("2026-09-15"),
                        label: "Checkout that works on phones: launched".into(),
                    },
                    Marker {
                        date: day("2026-09-22"),
                        label: "Size guide: launched".into(),
                    },
                    Marker {
                        date: day("2026-10-20"),
                        label: "Checkout that works on phones: scaled".into(),
                    },
                    Marker {
                        date: day("2026-11-16"),
                        label: "Gift notes: launched".into(),
                    },
                ],
            },
        );
        let orders = Chart::new(
            "orders",
            "Orders",
            ChartKind::TimeSeries {
                y_label: "Orders".into(),
                unit: Unit::Count,
                series: vec![Series {
                    name: "Everyone".into(),
                    points: weeks("2026-08-03", 6, &|i| 1700.0 + i as f64 * 45.0),
                }],
                markers: vec![],
            },
        );
        let launch = Chart::new(
            "launch-mobile-checkout",
            "Checkout that works on phones: before and after launch",
            ChartKind::TimeSeries {
                y_label: "Conversion rate".into(),
                unit: Unit::Percent,
                series: vec![
                    Series {
                        name: "Everyone".into(),
                        points: weeks("2026-08-18", 8, &|i| 2.9 + i as f64 * 0.03),
                    },
                    Series {
                        name: "Test group".into(),
                        points: weeks("2026-09-15", 4, &|i| 3.3 + i as f64 * 0.05),
                    },
                ],
                markers: vec![Marker {
                    date: day("2026-09-15"),
                    label: "Launched".into(),
                }],
            },
        );
        let many_rounds = Chart::new(
            "rounds-many",
            "Calls and customers per round",
            ChartKind::Bars {
                category_label: "Round".into(),
                value_label: "Calls and customers".into(),
                unit: Unit::Count,
                categories: vec![
                    "2026-Q1".into(),
                    "2026-04 returns and exchanges deep dive".into(),
                    "2026-07 discovery".into(),
                    "2026-08-checkout".into(),
                    "2026-09 follow-up".into(),
                    "2026-Q4".into(),
                ],
                series: vec![
                    BarSeries {
                        name: "Calls".into(),
                        values: vec![4.0, 18.0, 12.0, 9.0, 25.0, 3.0],
                    },
                    BarSeries {
                        name: "Distinct customers".into(),
                        values: vec![4.0, 15.0, 10.0, 9.0, 21.0, 3.0],
                    },
                ],
            },
        );
        let p = |label: &str, complexity, impact, evidence, group| MatrixPoint {
            label: label.into(),
            complexity,
            impact,
            evidence,
            group,
        };
        let crowded = Chart::new(
            "matrix-crowded",
            "Impact and complexity (crowded)",
            ChartKind::Matrix {
                groups: vec!["Fix".into(), "Fill".into(), "Future".into()],
                points: vec![
                    p("Checkout that works on phones", 2, 4, 9, 0),
                    p("Size guide", 2, 4, 4, 1),
                    p("Order tracking", 2, 4, 6, 0),
                    p("Return label in the box", 1, 5, 2, 0),
                    p("Trail finder", 5, 3, 1, 2),
                    p("Wide toe box line", 4, 4, 12, 1),
                    p("Vegan leather option", 4, 2, 3, 1),
                    p("Running club app", 5, 2, 1, 2),
                    p("Gift notes", 1, 2, 2, 1),
                    p("Repair service", 3, 3, 5, 2),
                    p("Faster refunds", 3, 5, 20, 0),
                    p("Store pickup", 3, 3, 2, 1),
                    p("Loyalty points for reviews and referrals", 1, 4, 0, 2),
                ],
            },
        );
        let empty = Chart::new(
            "empty",
            "Revenue per visitor",
            ChartKind::TimeSeries {
                y_label: "Revenue per visitor".into(),
                unit: Unit::Currency("EUR".into()),
                series: vec![],
                markers: vec![],
            },
        );
        vec![
            conversion(),
            aov,
            orders,
            launch,
            rounds(),
            many_rounds,
            opportunities(),
            crowded,
            empty,
        ]
    }

    /// Writes every sample chart and an HTML page showing them, for looking at:
    /// `VERBATIM_CHART_SAMPLES=/tmp/charts cargo test --lib write_samples -- --ignored`.
    #[test]
    #[ignore]
    fn write_samples() {
        let Ok(dir) = std::env::var("VERBATIM_CHART_SAMPLES") else {
            return;
        };
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let mut html = String::from("<!doctype html><meta charset=utf-8><style>body{font-family:system-ui,sans-serif;margin:8px}figure{margin:0 0 24px;max-width:48rem}.vb-w400{display:none}@media (max-width:600px){.vb-w640{display:none}.vb-w400{display:block}}</style>");
        for chart in samples() {
            let wide = svg(&chart);
            let narrow = svg_sized(&chart, NARROW);
            std::fs::write(dir.join(format!("{}.svg", chart.id)), &wide).unwrap();
            std::fs::write(dir.join(format!("{}-w{NARROW}.svg", chart.id)), &narrow).unwrap();
            std::fs::write(dir.join(chart.csv_name()), csv(&chart)).unwrap();
            let _ = write!(
                html,
                "<figure><figcaption>{}</figcaption>{wide}{narrow}</figure>",
                escape(&chart.title)
            );
        }
        std::fs::write(dir.join("index.html"), html).unwrap();
    }
}
