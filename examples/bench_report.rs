//! The benchmark's report: reads the measurements `bench/run` collected and writes
//! `latest.md` (the tables), `latest.json` (every figure) and `latest.svg` (time
//! against calls for verbatim, Hugo and the floor, drawn by the site's own chart module).
//!
//! ```text
//! cargo run --release --example bench_report -- --tsv measurements.tsv --out bench/results
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{json, Value};
use verbatim::render::charts::{self, BarSeries, Chart, ChartKind, Unit};

/// Runs of one measure at one size.
#[derive(Default)]
struct Runs {
    seconds: Vec<f64>,
    rss_kb: Vec<f64>,
}

fn min(v: &[f64]) -> Option<f64> {
    v.iter().copied().reduce(f64::min)
}

fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let m = s.len() / 2;
    Some(if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    })
}

fn secs(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |s| format!("{s:.2} s"))
}

fn mb(x: Option<f64>) -> String {
    // GNU time reports KiB: the figures are MiB (2^20 bytes), as the targets are read.
    x.map_or_else(|| "–".into(), |k| format!("{:.0} MiB", k / 1024.0))
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

fn times(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |r| format!("{r:.2}×"))
}

/// A ratio of two tools' times, of their fastest runs and of their medians:
/// `(the larger of the two, "min / median")`. A target is met only when both are,
/// so one slow run of the yardstick on a noisy machine cannot meet it.
fn both(mins: Option<f64>, medians: Option<f64>) -> (Option<f64>, String) {
    let worst = match (mins, medians) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    (worst, format!("{} / {}", times(mins), times(medians)))
}

fn verdict(value: Option<f64>, limit: f64) -> &'static str {
    match value {
        Some(v) if v <= limit => "met",
        Some(_) => "**not met**",
        None => "not measured",
    }
}

fn main() {
    let mut tsv: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--tsv" => tsv = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            other => panic!("unknown argument {other}"),
        }
    }
    let tsv = tsv.expect("--tsv FILE");
    let out = out.expect("--out DIR");
    let text = std::fs::read_to_string(&tsv).expect("read measurements");

    let mut meta: BTreeMap<String, String> = BTreeMap::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    let mut counts: BTreeMap<(String, u64), f64> = BTreeMap::new();
    let mut runs: BTreeMap<(String, u64), Runs> = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["meta", k, v] => {
                meta.insert(k.to_string(), v.to_string());
            }
            ["note", k, v] => {
                notes.insert(k.to_string(), v.to_string());
            }
            ["count", k, n, v] => {
                counts.insert(
                    (k.to_string(), n.parse().unwrap_or(0)),
                    v.parse().unwrap_or(0.0),
                );
            }
            ["time", what, n, _run, s, rss] => {
                let r = runs
                    .entry((what.to_string(), n.parse().unwrap_or(0)))
                    .or_default();
                if let Ok(s) = s.parse() {
                    r.seconds.push(s);
                }
                if let Ok(k) = rss.parse() {
                    r.rss_kb.push(k);
                }
            }
            _ => {}
        }
    }
    let sizes: Vec<u64> = meta
        .get("sizes")
        .map(|s| {
            s.split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let get = |what: &str, n: u64| runs.get(&(what.to_string(), n));
    let tmin = |what: &str, n: u64| get(what, n).and_then(|r| min(&r.seconds));
    let tmed = |what: &str, n: u64| get(what, n).and_then(|r| median(&r.seconds));
    let versus = |a: &str, b: &str, n: u64| {
        both(ratio(tmin(a, n), tmin(b, n)), ratio(tmed(a, n), tmed(b, n)))
    };
    // Peak memory: the largest of the runs.
    let rss = |what: &str, n: u64| {
        get(what, n)
            .filter(|r| !r.rss_kb.is_empty())
            .map(|r| r.rss_kb.iter().copied().fold(0.0, f64::max))
    };

    let mut md = String::new();
    let _ = writeln!(
        md,
        "Measured {} on {} cores, {} MB memory ({}; {}; file system {}), shared with other work (load {} at start, {} at end). {}; {}; {}. {} run(s) per figure, interleaved; min / median.\n",
        meta.get("date").map_or("", String::as_str),
        meta.get("cores").map_or("?", String::as_str),
        meta.get("memory_mb").map_or("?", String::as_str),
        meta.get("cpu").map_or("", String::as_str),
        meta.get("kernel").map_or("", String::as_str),
        meta.get("filesystem").map_or("", String::as_str),
        meta.get("load_at_start").map_or("", String::as_str),
        meta.get("load_at_end").map_or("", String::as_str),
        meta.get("verbatim").map_or("", String::as_str),
        meta.get("hugo").map_or("no Hugo", String::as_str),
        meta.get("rustc").map_or("", String::as_str),
        meta.get("runs").map_or("?", String::as_str),
    );
    md.push_str("| calls | pages | verbatim build | peak RSS | floor | `cp -r` | Hugo, same notes | Hugo RSS | Hugo, same pages | Hugo RSS | verbatim ÷ floor | ÷ Hugo | ÷ Hugo same pages | µs per call |\n");
    md.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut rows = Vec::new();
    for &n in &sizes {
        let pair = |w: &str| format!("{} / {}", secs(tmin(w, n)), secs(tmed(w, n)));
        let v = tmed("verbatim", n);
        let per_call = v.map(|s| s * 1e6 / n as f64);
        let _ = writeln!(
            md,
            "| {n} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            counts
                .get(&("pages".into(), n))
                .map_or("–".into(), |p| format!("{p}")),
            pair("verbatim"),
            mb(rss("verbatim", n)),
            pair("floor"),
            pair("cp"),
            pair("hugo"),
            mb(rss("hugo", n)),
            pair("hugo-quotes"),
            mb(rss("hugo-quotes", n)),
            versus("verbatim", "floor", n).1,
            versus("verbatim", "hugo", n).1,
            versus("verbatim", "hugo-quotes", n).1,
            per_call.map_or("–".into(), |p| format!("{p:.0}")),
        );
        let mut row = serde_json::Map::new();
        row.insert("calls".into(), json!(n));
        for w in ["verbatim", "floor", "cp", "hugo", "hugo-quotes"] {
            if let Some(r) = get(w, n) {
                row.insert(
                    w.into(),
                    json!({"seconds": r.seconds, "min": min(&r.seconds), "median": median(&r.seconds),
                           "peak_rss_kb": r.rss_kb.iter().copied().fold(0.0, f64::max)}),
                );
            }
        }
        for ((k, cn), v) in &counts {
            if *cn == n {
                row.insert(k.clone(), json!(v));
            }
        }
        rows.push(Value::Object(row));
    }

    let loop_n: u64 = meta
        .get("loop_calls")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let _ = writeln!(md, "\nOn {loop_n} calls:\n");
    md.push_str("| measure | min | median |\n|---|---:|---:|\n");
    for (label, w) in [
        ("build 1 into a new --out", "repeat-1"),
        ("build 2 into the same --out", "repeat-2"),
        ("build 3 into the same --out", "repeat-3"),
        ("`verbatim check`", "check"),
        ("build, interleaved with check", "verbatim-again"),
        ("`serve`: note written → page served", "serve-edit"),
        (
            "`serve`: note written → language pages and search rewritten",
            "serve-language",
        ),
    ] {
        match get(w, loop_n) {
            Some(_) => {
                let _ = writeln!(
                    md,
                    "| {label} | {} | {} |",
                    secs(tmin(w, loop_n)),
                    secs(tmed(w, loop_n))
                );
            }
            None => {
                let why = notes
                    .get(w.split('-').next().unwrap_or(w))
                    .map_or("not measured", String::as_str);
                let _ = writeln!(md, "| {label} | {why} | |");
            }
        }
    }
    let bytes = counts.get(&("bytes".into(), loop_n));
    let search = counts.get(&("search_bytes".into(), loop_n));
    let _ = writeln!(
        md,
        "\nPages written at {loop_n} calls: {}; files {}; bytes {}. Search page, bytes before the first query: {}.",
        counts.get(&("pages".into(), loop_n)).map_or("–".into(), |p| format!("{p}")),
        counts.get(&("files".into(), loop_n)).map_or("–".into(), |p| format!("{p}")),
        bytes.map_or("–".into(), |b| format!("{:.1} MB", b / 1e6)),
        search.map_or("no search page in this build".into(), |b| format!("{:.0} KB", b / 1e3)),
    );

    // Targets, from the issue.
    md.push_str("\n| target | measured (min ÷ min / median ÷ median) | |\n|---|---:|---|\n");
    let mut target = |name: String, value: Option<f64>, limit: f64, shown: String| {
        let _ = writeln!(md, "| {name} | {shown} | {} |", verdict(value, limit));
    };
    for &n in sizes.iter().filter(|&&n| n >= 10000) {
        let (r, shown) = versus("verbatim", "floor", n);
        target(format!("{n}: build ≤ 1.5× floor"), r, 1.5, shown);
        let (r, shown) = versus("verbatim", "hugo", n);
        target(format!("{n}: build ≤ Hugo, same notes"), r, 1.0, shown);
        let (r, shown) = versus("verbatim", "hugo-quotes", n);
        target(
            format!("{n}: build ≤ 0.25× Hugo, same pages"),
            r,
            0.25,
            shown,
        );
        let limit = if n <= 10000 { 200.0 } else { 500.0 };
        // Read strictly, MB as 10^6 bytes: GNU time's KiB × 1,024 ÷ 10^6.
        let m = rss("verbatim", n).map(|k| k * 1024.0 / 1e6);
        let shown = match m {
            Some(si) => format!("{} ({si:.0} MB)", mb(rss("verbatim", n))),
            None => "–".into(),
        };
        target(format!("{n}: peak RSS ≤ {limit:.0} MB"), m, limit, shown);
    }
    if sizes.contains(&10000) && sizes.contains(&30000) {
        let per =
            |t: &dyn Fn(&str, u64) -> Option<f64>, n: u64| t("verbatim", n).map(|s| s / n as f64);
        let (r, shown) = both(
            ratio(per(&tmin, 30000), per(&tmin, 10000)),
            ratio(per(&tmed, 30000), per(&tmed, 10000)),
        );
        target("time per call, 30k ÷ 10k ≤ 1.25".into(), r, 1.25, shown);
    }
    let (r, shown) = versus("repeat-3", "repeat-1", loop_n);
    target(
        format!("{loop_n}: third build into the same --out ≤ 1.5× the first"),
        r,
        1.5,
        shown,
    );
    let (r, shown) = versus("check", "verbatim-again", loop_n);
    target(format!("{loop_n}: check ≤ 0.5× build"), r, 0.5, shown);
    let s = tmed("serve-edit", loop_n);
    target(
        format!("{loop_n}: serve, edit to page ≤ 200 ms"),
        s,
        0.2,
        secs(s),
    );
    target(
        format!("{loop_n}: search page ≤ 1 MB before the first query"),
        search.map(|b| b / 1e6),
        1.0,
        search.map_or("–".into(), |b| format!("{:.0} KB", b / 1e3)),
    );

    // Time against calls, drawn by the site's chart module.
    let series: Vec<BarSeries> = [
        ("verbatim", "verbatim"),
        ("Hugo, same notes", "hugo"),
        ("Floor", "floor"),
    ]
    .iter()
    .filter(|(_, w)| sizes.iter().any(|&n| get(w, n).is_some()))
    .map(|(name, w)| BarSeries {
        name: name.to_string(),
        values: sizes.iter().map(|&n| tmed(w, n).unwrap_or(0.0)).collect(),
    })
    .collect();
    let chart = Chart::new(
        "bench-time",
        "Build time against calls (median)",
        ChartKind::Bars {
            category_label: "Calls".into(),
            value_label: "Seconds".into(),
            unit: Unit::Plain,
            categories: sizes.iter().map(|n| format!("{n} calls")).collect(),
            series,
        },
    );

    std::fs::create_dir_all(&out).expect("create results folder");
    std::fs::write(out.join("latest.svg"), charts::svg(&chart)).expect("write chart");
    md.push_str("\n![Build time against calls](latest.svg)\n");
    std::fs::write(out.join("latest.md"), &md).expect("write table");
    let all_runs: Vec<Value> = runs
        .iter()
        .map(|((w, n), r)| json!({"measure": w, "calls": n, "seconds": r.seconds, "peak_rss_kb": r.rss_kb}))
        .collect();
    let report = json!({"machine": meta, "notes": notes, "sizes": rows, "runs": all_runs});
    std::fs::write(
        out.join("latest.json"),
        serde_json::to_string_pretty(&report).expect("json") + "\n",
    )
    .expect("write json");
    print!("{md}");
}
