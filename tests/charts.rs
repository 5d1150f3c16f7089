//! Metric snapshots and charts, checked as a stakeholder would: the numbers under
//! each chart and in its CSV are the snapshots' numbers, launch markers sit at their
//! days, every SVG is well-formed with a viewBox, a title and a description, a site
//! without metrics says "No data yet", and bad metric values are located errors.
//!
//! The expected numbers are read from the fixture's metric files here with the
//! `toml` and `csv` crates directly, not through verbatim's loader.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use chrono::NaiveDate;
use regex::Regex;

const CHARTS: &str = "tests/fixtures/charts";
const BASIC: &str = "tests/fixtures/basic";
const INVALID: &str = "tests/fixtures/charts-invalid";
const SAMPLE: &str = "content";

/// A group's name as in the metric files: `None` is everyone.
type Group = Option<String>;
/// (day, group) to metric name to value.
type Snapshots = BTreeMap<(NaiveDate, Group), BTreeMap<String, f64>>;

struct Built {
    _tmp: tempfile::TempDir,
    out: std::path::PathBuf,
}

impl Built {
    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn build(content: &str) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content", content, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "build of {content} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Built { _tmp: tmp, out }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The fixture's snapshots, read straight from its TOML and CSV files.
fn expected_snapshots(content: &str) -> Snapshots {
    let mut all = Snapshots::new();
    let mut paths: Vec<_> = fs::read_dir(Path::new(content).join("metrics"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        match path.extension().and_then(|x| x.to_str()) {
            Some("toml") => {
                let table: toml::Table = text.parse().unwrap();
                let date = day(&table["date"].as_datetime().unwrap().to_string());
                let numbers = |t: &toml::Table| -> BTreeMap<String, f64> {
                    t.iter()
                        .filter_map(|(k, v)| {
                            let n = v.as_float().or_else(|| v.as_integer().map(|i| i as f64))?;
                            Some((k.clone(), n))
                        })
                        .collect()
                };
                all.insert((date, None), numbers(&table));
                if let Some(groups) = table.get("groups").and_then(|g| g.as_table()) {
                    for (name, g) in groups {
                        all.insert((date, Some(name.clone())), numbers(g.as_table().unwrap()));
                    }
                }
            }
            Some("csv") => {
                let mut reader = csv::Reader::from_reader(text.as_bytes());
                let headers = reader.headers().unwrap().clone();
                for record in reader.records() {
                    let record = record.unwrap();
                    let mut date = None;
                    let mut group = None;
                    let mut values = BTreeMap::new();
                    for (h, v) in headers.iter().zip(record.iter()) {
                        match h {
                            "date" => date = Some(day(v)),
                            "group" if !v.is_empty() => group = Some(v.to_string()),
                            "group" => {}
                            _ if v.is_empty() => {}
                            _ => {
                                values.insert(h.to_string(), v.parse::<f64>().unwrap());
                            }
                        }
                    }
                    all.insert((date.unwrap(), group), values);
                }
            }
            _ => {}
        }
    }
    all
}

/// A metric's values per (day, group) from the snapshots.
fn values_of(snapshots: &Snapshots, metric: &str) -> BTreeMap<(NaiveDate, Group), f64> {
    snapshots
        .iter()
        .filter_map(|(key, values)| Some((key.clone(), *values.get(metric)?)))
        .collect()
}

/// The legend name verbatim gives a group.
fn series_name(group: &Group) -> String {
    match group.as_deref() {
        None => "Everyone".into(),
        Some("test") => "Test group".into(),
        Some(other) => format!("Test group {other}"),
    }
}

/// "€80.50", "2.45%", "1,840" as a number.
fn number(cell: &str) -> f64 {
    let digits: String = cell
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|e| panic!("not a number: {cell:?}: {e}"))
}

/// A chart's CSV as (day, series name) to value, and (day) to marker label.
fn read_chart_csv(
    text: &str,
) -> (
    BTreeMap<(NaiveDate, String), f64>,
    BTreeMap<NaiveDate, String>,
) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "Date");
    let mut values = BTreeMap::new();
    let mut markers = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let date = day(&record[0]);
        for (h, v) in headers.iter().zip(record.iter()).skip(1) {
            if v.is_empty() {
                continue;
            }
            if h == "Marker" {
                markers.insert(date, v.to_string());
            } else {
                // "Everyone (%)" → "Everyone"
                let name = h.rsplit_once(" (").map_or(h, |(n, _)| n).to_string();
                values.insert((date, name), v.parse::<f64>().unwrap());
            }
        }
    }
    (values, markers)
}

/// The numbers table under the figure `chart-<id>` of a page: header cells and rows.
fn figure_table(html: &str, id: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let start = html
        .find(&format!("id=\"chart-{id}\""))
        .unwrap_or_else(|| panic!("no figure chart-{id}"));
    let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
    let cell = Regex::new(r"(?s)<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>").unwrap();
    let cells = |row: &str| -> Vec<String> {
        cell.captures_iter(row)
            .map(|c| c[1].replace("&amp;", "&").replace("&#x27;", "'"))
            .collect()
    };
    let head = &figure[figure.find("<thead>").unwrap()..figure.find("</thead>").unwrap()];
    let body = &figure[figure.find("<tbody>").unwrap()..figure.find("</tbody>").unwrap()];
    let rows = body.split("<tr>").skip(1).map(&cells).collect::<Vec<_>>();
    (cells(head), rows)
}

/// The values in a time-series table as (day, series name) to value.
fn table_values(html: &str, id: &str) -> BTreeMap<(NaiveDate, String), f64> {
    let (headers, rows) = figure_table(html, id);
    let mut values = BTreeMap::new();
    for row in rows {
        let date = NaiveDate::parse_from_str(&row[0], "%-d %b %Y")
            .unwrap_or_else(|e| panic!("{:?}: {e}", row[0]));
        for (h, v) in headers.iter().zip(&row).skip(1) {
            if h != "Marker" && !v.is_empty() {
                values.insert((date, h.clone()), number(v));
            }
        }
    }
    values
}

fn assert_same(
    shown: &BTreeMap<(NaiveDate, String), f64>,
    expected: &BTreeMap<(NaiveDate, Group), f64>,
    what: &str,
) {
    let expected: BTreeMap<(NaiveDate, String), f64> = expected
        .iter()
        .map(|((d, g), v)| ((*d, series_name(g)), *v))
        .collect();
    assert_eq!(
        shown.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{what}: the same days and series as the snapshots"
    );
    for (key, v) in &expected {
        assert!(
            (shown[key] - v).abs() < 1e-9,
            "{what}: {key:?} shows {} but the snapshot says {v}",
            shown[key]
        );
    }
}

#[test]
fn metric_charts_plot_the_snapshots_numbers() {
    let site = build(CHARTS);
    let snapshots = expected_snapshots(CHARTS);
    assert!(
        snapshots.keys().any(|(_, g)| g.is_some()),
        "the fixture has a test group"
    );
    let page = site.read("metrics/index.html");
    // conversion and AOV from the format, returns_rate an extra metric; TOML and CSV rows.
    for (metric, id) in [
        ("conversion_rate", "conversion-rate"),
        ("aov", "aov"),
        ("returns_rate", "returns-rate"),
    ] {
        let expected = values_of(&snapshots, metric);
        let (csv_values, _) = read_chart_csv(&site.read(&format!("metrics/{id}.csv")));
        assert_same(&csv_values, &expected, &format!("metrics/{id}.csv"));
        assert_same(
            &table_values(&page, id),
            &expected,
            &format!("table of {id}"),
        );
        assert!(
            page.contains(&format!("href=\"../metrics/{id}.csv\"")),
            "the page links {id}.csv"
        );
    }
    // Units: percent, the site's currency.
    let (headers, _) = figure_table(&page, "aov");
    assert_eq!(headers[1..3], ["Everyone", "Test group"]);
    assert!(site
        .read("metrics/aov.csv")
        .starts_with("Date,Everyone (EUR),Test group (EUR)"));
    assert!(page.contains("€80.50"));
    assert!(site
        .read("metrics/conversion-rate.csv")
        .starts_with("Date,Everyone (%),Test group beta (%),Test group (%),Marker"));

    // The dashboard shows conversion and AOV, with the metrics page's CSVs.
    let dashboard = site.read("index.html");
    for id in ["conversion-rate", "aov"] {
        assert_same(
            &table_values(&dashboard, id),
            &values_of(
                &snapshots,
                if id == "aov" {
                    "aov"
                } else {
                    "conversion_rate"
                },
            ),
            &format!("dashboard table of {id}"),
        );
        assert!(dashboard.contains(&format!("href=\"metrics/{id}.csv\"")));
    }
    assert!(site
        .read("metrics/index.html")
        .contains("href=\"../metrics/index.html\" aria-current=\"page\""));
}

#[test]
fn launch_markers_sit_at_the_launch_and_scale_days() {
    let site = build(CHARTS);
    let (_, markers) = read_chart_csv(&site.read("metrics/conversion-rate.csv"));
    assert_eq!(
        markers,
        BTreeMap::from([
            (day("2026-08-03"), "Launched: Fast checkout".to_string()),
            (day("2026-09-14"), "Scaled: Fast checkout".to_string()),
        ])
    );

    // In the drawing: each dashed line lies where its day falls between the
    // "Everyone" points around it.
    let page = site.read("metrics/index.html");
    let svg = svgs(&page).into_iter().next().unwrap();
    let doc = roxmltree::Document::parse(svg).unwrap();
    let class_has = |n: &roxmltree::Node, c: &str| {
        n.attribute("class")
            .is_some_and(|v| v.split(' ').any(|x| x == c))
    };
    let lines: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && class_has(n, "vb-s-marker"))
        .map(|n| {
            let pts: Vec<f64> = n
                .attribute("points")
                .unwrap()
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            (pts[0], pts[1].min(pts[3]))
        })
        .collect();
    assert_eq!(lines.len(), 2, "one dashed line per marker");
    let top = lines.iter().map(|l| l.1).fold(f64::INFINITY, f64::min);
    let mut everyone: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle") && class_has(n, "vb-f-series-1"))
        .filter(|n| n.attribute("cy").unwrap().parse::<f64>().unwrap() > top)
        .map(|n| n.attribute("cx").unwrap().parse().unwrap())
        .collect();
    everyone.sort_by(f64::total_cmp);
    let dates: Vec<NaiveDate> = values_of(&expected_snapshots(CHARTS), "conversion_rate")
        .keys()
        .filter(|(_, g)| g.is_none())
        .map(|(d, _)| *d)
        .collect();
    assert_eq!(everyone.len(), dates.len(), "one point per snapshot");
    let x_of = |d: NaiveDate| {
        let i = dates.iter().position(|x| *x > d).unwrap();
        let (d0, d1) = (dates[i - 1], dates[i]);
        let f = (d - d0).num_days() as f64 / (d1 - d0).num_days() as f64;
        everyone[i - 1] + f * (everyone[i] - everyone[i - 1])
    };
    let mut xs: Vec<f64> = lines.iter().map(|l| l.0).collect();
    xs.sort_by(f64::total_cmp);
    for (x, d) in xs.iter().zip([day("2026-08-03"), day("2026-09-14")]) {
        assert!(
            (x - x_of(d)).abs() <= 1.5,
            "marker for {d} at x={x}, expected {}",
            x_of(d)
        );
    }
}

#[test]
fn a_launched_opportunity_shows_the_weeks_around_its_launch() {
    let site = build(CHARTS);
    let page = site.read("opportunities/fast-checkout/index.html");
    assert!(page.contains("Metrics around the launch"));
    // 13 weeks before the launch (3 Aug) to 13 weeks after the scale-up (14 Sep).
    let (from, to) = (
        day("2026-08-03") - chrono::Duration::weeks(13),
        day("2026-09-14") + chrono::Duration::weeks(13),
    );
    let snapshots = expected_snapshots(CHARTS);
    for (metric, id) in [
        ("conversion_rate", "launch-conversion-rate"),
        ("aov", "launch-aov"),
    ] {
        let expected: BTreeMap<_, _> = values_of(&snapshots, metric)
            .into_iter()
            .filter(|((d, _), _)| *d >= from && *d <= to)
            .collect();
        assert!(
            expected.len() < values_of(&snapshots, metric).len(),
            "the fixture has snapshots outside the window"
        );
        assert!(
            expected.keys().any(|(_, g)| g.is_some()),
            "test group against everyone"
        );
        let csv = site.read(&format!("opportunities/fast-checkout/{id}.csv"));
        let (values, markers) = read_chart_csv(&csv);
        assert_same(&values, &expected, id);
        assert_same(&table_values(&page, id), &expected, id);
        assert_eq!(
            markers.get(&day("2026-08-03")).map(String::as_str),
            Some("Launched")
        );
        assert_eq!(
            markers.get(&day("2026-09-14")).map(String::as_str),
            Some("Scaled")
        );
        assert!(page.contains(&format!(
            "href=\"../../opportunities/fast-checkout/{id}.csv\""
        )));
    }
    // Not launched: no launch chart.
    let other = site.read("opportunities/gift-notes/index.html");
    assert!(!other.contains("Metrics around the launch"));
    assert!(!other.contains("<svg"));
}

#[test]
fn the_ranking_matrix_and_the_rounds_chart_show_their_numbers() {
    let site = build(CHARTS);
    let page = site.read("opportunities/index.html");
    let (headers, rows) = figure_table(&page, "matrix");
    assert_eq!(
        headers,
        [
            "Opportunity",
            "Group",
            "Impact",
            "Complexity",
            "Customers",
            "Quick win"
        ]
    );
    // Front matter: impact 5, complexity 2; Ana and Jonas (Ana twice) quoted it.
    assert!(
        rows.contains(&vec![
            "Fast checkout".into(),
            "Fix".into(),
            "5".into(),
            "2".into(),
            "2".into(),
            "yes".into()
        ]),
        "{rows:?}"
    );
    assert!(
        rows.contains(&vec![
            "Gift notes".into(),
            "Fill".into(),
            "2".into(),
            "4".into(),
            "1".into(),
            "no".into()
        ]),
        "{rows:?}"
    );
    assert!(page.contains("Quick wins"), "the quadrant is marked");
    assert!(site.out.join("opportunities/matrix.csv").is_file());

    let (_, rows) = figure_table(&site.read("metrics/index.html"), "calls-per-round");
    // Three calls from two customers in June, one follow-up in September.
    assert_eq!(
        rows,
        [
            ["2026-06-discovery", "3", "2"],
            ["2026-09-follow-up", "1", "1"]
        ]
    );
    assert_eq!(
        site.read("metrics/calls-per-round.csv"),
        "Round,Calls,Distinct customers\n2026-06-discovery,3,2\n2026-09-follow-up,1,1\n"
    );
}

/// Every `<svg>…</svg>` of a page.
fn svgs(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = start + rest[start..].find("</svg>").expect("unclosed <svg>") + "</svg>".len();
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

fn html_pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().display().to_string(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_svg_is_well_formed_with_a_viewbox_title_and_description_and_no_inline_style() {
    let style_attribute = Regex::new(r#"\sstyle="#).unwrap();
    for content in [CHARTS, BASIC, SAMPLE] {
        let site = build(content);
        let mut count = 0;
        for (path, html) in html_pages(&site.out) {
            // Ready for a Content Security Policy without 'unsafe-inline' styles.
            assert!(!html.contains("<style"), "{path} has a <style> element");
            assert!(
                !style_attribute.is_match(&html),
                "{path} has a style attribute"
            );
            for svg in svgs(&html) {
                count += 1;
                let doc = roxmltree::Document::parse(svg)
                    .unwrap_or_else(|e| panic!("{path}: an SVG is not well-formed XML: {e}"));
                let root = doc.root_element();
                assert!(root.has_tag_name("svg"));
                let view_box = root
                    .attribute("viewBox")
                    .unwrap_or_else(|| panic!("{path}: no viewBox"));
                assert_eq!(view_box.split(' ').count(), 4, "{path}: viewBox {view_box}");
                let text_of = |tag: &str| {
                    root.children()
                        .find(|n| n.has_tag_name(tag))
                        .and_then(|n| n.text())
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                };
                assert!(
                    !text_of("title").is_empty(),
                    "{path}: an SVG without a <title>"
                );
                assert!(
                    !text_of("desc").is_empty(),
                    "{path}: an SVG without a <desc>"
                );
                assert_eq!(root.attribute("role"), Some("img"));
                // Text stays text: labels are <text>, readable and selectable.
                assert!(root.descendants().any(|n| n.has_tag_name("text")));
            }
        }
        assert!(count >= 4, "{content}: only {count} SVGs");
    }
}

#[test]
fn a_site_without_metrics_builds_and_says_no_data_yet() {
    assert!(!Path::new(BASIC).join("metrics").exists());
    let site = build(BASIC);
    let page = site.read("metrics/index.html");
    assert!(page.contains("No metric snapshots yet"));
    for id in ["conversion-rate", "aov"] {
        let start = page.find(&format!("id=\"chart-{id}\"")).unwrap();
        let figure = &page[start..start + page[start..].find("</figure>").unwrap()];
        assert!(figure.contains("No data yet"), "{figure}");
        assert!(!site.out.join(format!("metrics/{id}.csv")).exists());
    }
    assert!(site.read("index.html").contains("No data yet"));
    // A launched opportunity without snapshots keeps its launch section, empty.
    let launched = site.read("opportunities/mobile-checkout/index.html");
    assert!(launched.contains("Metrics around the launch"));
    assert_eq!(launched.matches("No data yet").count(), 2);
    // Calls need no metrics: that chart is drawn.
    let (_, rows) = figure_table(&page, "calls-per-round");
    assert!(!rows.is_empty());
}

#[test]
fn bad_metric_values_fail_the_build_at_their_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let output = Command::cargo_bin("verbatim")
        .unwrap()
        .args(["build", "--content", INVALID, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "a failed build writes nothing");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let m = |rel: &str| format!("{INVALID}/metrics/{rel}");
    for expected in [
        // A quoted percentage in TOML: at the value.
        format!(
            "{}:2:19: error: `conversion_rate` must be a number",
            m("2026-08-31.toml")
        ),
        // A CSV row for a day a TOML file already gave: at the second one.
        format!(
            "{}:2:1: error: a second snapshot for 2026-09-30 (everyone), first given at {}:1",
            m("export.csv"),
            m("2026-09-30.toml")
        ),
        // A day that does not exist.
        format!("{}:3:1: error: bad date \"2026-02-30\"", m("export.csv")),
        // A word in a number column: at its cell.
        format!(
            "{}:4:17: error: `conversion_rate` must be a number, not \"abc\"",
            m("export.csv")
        ),
        // ... and the notes' errors in the same run.
        format!("{INVALID}/calls/2026-06-10-ana-lisbon.md:2:1: error: unknown key `custmer`"),
    ] {
        assert!(
            stderr.contains(&expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    // Five: the misspelt `customer` is not reported missing as well.
    assert!(stderr.contains("build failed: 5 errors"), "{stderr}");
}
