//! The benchmark's corpus: a seeded, deterministic content folder of N calls, and
//! the same notes as a Hugo site, so verbatim, Hugo and the floor build the same words.
//!
//! ```text
//! cargo run --release --example bench_corpus -- --calls 10000 --out /tmp/c10k \
//!     [--hugo /tmp/h10k] [--hugo-quotes] [--seed 11]
//! ```
//!
//! The content folder follows `content-format.md`: about 4 quotes and 2.4 KB per
//! call, rounds of 500 calls (a folder with `_round.toml` each), 200 opportunities
//! of which some are launched and checked by follow-up calls, monthly metric
//! snapshots (odd months as TOML files, even months as rows of a CSV export, each
//! with a test group), a `copy/` folder and a review export. The Hugo site has one
//! page per call with its opportunities as a taxonomy; `--hugo-quotes` adds one
//! page per quote, so Hugo writes as many pages as verbatim.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate};

/// splitmix64: tiny, seeded, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const NAMES: &[&str] = &[
    "Sarah", "Luis", "Keiko", "Darnell", "Aisha", "Ben", "Rachel", "Victor", "Grace", "Will",
    "Jenny", "Mateo", "Megan", "Rob", "Tanya", "James", "Carmen", "Owen", "Lauren", "Andre",
    "Beth", "Greg", "Nadia", "Paul", "Hannah", "Frank", "Olivia", "Derek", "Maria", "Jake",
    "Sophie", "Kevin", "Leah", "Ray", "Irene", "Tobias", "Priya", "Omar", "Yuki", "Elena",
];
const PLACES: &[&str] = &[
    "Phoenix, AZ",
    "San Antonio, TX",
    "Portland, OR",
    "Atlanta, GA",
    "Columbus, OH",
    "Minneapolis, MN",
    "Raleigh, NC",
    "El Paso, TX",
    "Salt Lake City, UT",
    "Chicago, IL",
    "Richmond, VA",
    "Albuquerque, NM",
    "Duluth, MN",
    "Denver, CO",
    "Burlington, VT",
    "Tucson, AZ",
    "Madison, WI",
    "Boise, ID",
    "Oakland, CA",
    "Knoxville, TN",
    "Seattle, WA",
    "Ithaca, NY",
    "Asheville, NC",
    "Sacramento, CA",
    "Austin, TX",
    "Reno, NV",
    "Santa Fe, NM",
    "Missoula, MT",
    "Providence, RI",
    "Omaha, NE",
    "Spokane, WA",
    "Pittsburgh, PA",
];
const PRODUCTS: &[&str] = &[
    "trail-runner-2",
    "summit-pack-30",
    "ridge-jacket",
    "camp-stove-mini",
    "hiking-poles",
    "rain-shell",
    "down-vest",
    "wool-socks",
];
const SEGMENTS: &[&str] = &["new customer", "repeat buyer", "gift buyer", "club member"];
const INTERVIEWERS: &[&str] = &["Dana", "Priya", "Marcus", "Lena"];

const THEMES: &[&str] = &[
    "checkout",
    "sizing",
    "delivery",
    "returns",
    "gifting",
    "reviews",
    "search",
    "payment",
    "account",
    "wishlist",
    "stock",
    "photos",
    "comparison",
    "loyalty",
    "support",
    "packaging",
    "tracking",
    "coupons",
    "bundles",
    "repairs",
];
const ASPECTS: &[&str] = &[
    "on-phones",
    "for-families",
    "speed",
    "clarity",
    "reminders",
    "guide",
    "options",
    "in-store",
    "history",
    "alerts",
];
const OPENERS: &[&str] = &[
    "Honestly",
    "To be fair",
    "The thing is",
    "What I noticed was that",
    "I guess",
    "If I'm being picky",
    "Mostly",
    "The first time",
];
const SUBJECTS: &[&str] = &[
    "the checkout",
    "the size chart",
    "the delivery estimate",
    "the return label",
    "the gift note",
    "the product photos",
    "the search box",
    "the order email",
    "the tracking page",
    "the app",
    "the stock message",
    "the reviews section",
];
const VERBS: &[&str] = &[
    "kept timing out on my phone",
    "didn't tell me what I needed to know",
    "made me guess twice",
    "was better than the running store",
    "took three tries",
    "confused my husband",
    "worked fine on the laptop",
    "felt like an afterthought",
    "was the reason I came back",
    "got lost somewhere in my inbox",
];
const ENDINGS: &[&str] = &[
    "so I gave up the first time",
    "and that almost lost you the sale",
    "which honestly surprised me",
    "and I told two friends about it",
    "so I ended up calling support",
    "but the shoes themselves are great",
    "and I'd pay a little more to skip that",
    "so next time I'll probably order earlier",
];
const NOTES: &[&str] = &[
    "Runs on weekends and buys most gear online; had used two other shops before.",
    "Bought for a week-long trip and needed it to arrive before the weekend.",
    "Mentioned comparing three shops in tabs before deciding.",
    "Long-time customer; usually buys on the laptop at work.",
    "Was in a hurry and shopped from the car park on a phone.",
    "Had returned something once before and remembered it being a hassle.",
];

fn sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {}, {}.",
        rng.pick(OPENERS),
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(ENDINGS)
    )
}

/// A quote of 2-4 sentences, wrapped over lines as people type them.
fn quote_words(rng: &mut Rng) -> Vec<String> {
    let n = 2 + rng.below(3);
    (0..n).map(|_| sentence(rng)).collect()
}

/// One opportunity of the corpus.
struct Opportunity {
    slug: String,
    title: String,
    bucket: &'static str,
    impact: u8,
    complexity: u8,
    launched: Option<NaiveDate>,
}

fn opportunities(rng: &mut Rng, first_day: NaiveDate, last_day: NaiveDate) -> Vec<Opportunity> {
    let span = (last_day - first_day).num_days().max(1) as usize;
    (0..200)
        .map(|i| {
            let theme = THEMES[i % THEMES.len()];
            let aspect = ASPECTS[(i / THEMES.len()) % ASPECTS.len()];
            let bucket = ["fix", "fill", "future"][i % 3];
            // One in five is launched, at some point in the corpus's second half.
            let launched = (i % 5 == 0)
                .then(|| first_day + Days::new((span / 2 + rng.below(span / 2 + 1)) as u64));
            Opportunity {
                slug: format!("{theme}-{aspect}"),
                title: format!("{} {}", capitalise(theme), aspect.replace('-', " ")),
                bucket,
                impact: 1 + rng.below(5) as u8,
                complexity: 1 + rng.below(5) as u8,
                launched,
            }
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One call, as written to both sites.
struct Call {
    stem: String,
    round: String,
    customer: &'static str,
    location: &'static str,
    date: NaiveDate,
    /// Front matter lines of the verbatim note (without `+++`).
    front: String,
    /// The Markdown body, shared by both sites.
    body: String,
    /// Opportunity slugs the call's quotes name, for the Hugo taxonomy.
    tags: Vec<String>,
    /// Each quote's plain words, for Hugo's one page per quote.
    quotes: Vec<String>,
}

const DISCOVERY: [&str; 3] = [
    "What problem were you trying to solve?",
    "How well did our product solve it?",
    "What would make it even better?",
];
const FOLLOW_UP: [&str; 3] = [
    "Did this solve the problem you described?",
    "What's still missing?",
    "Would you recommend this to a friend?",
];

#[allow(clippy::too_many_arguments)]
fn call(
    rng: &mut Rng,
    n: usize,
    round: &str,
    date: NaiveDate,
    opps: &[Opportunity],
    launched_by: &[usize],
) -> Call {
    let customer = rng.pick(NAMES);
    let location = rng.pick(PLACES);
    let city = location
        .split(',')
        .next()
        .unwrap_or("")
        .to_lowercase()
        .replace(' ', "-");
    let stem = format!("{date}-{}-{city}-{n:06}", customer.to_lowercase());
    // A third of customers are called again some day: a small pool of ids.
    let customer_id = format!("C-{:05}", rng.below(n.max(3) * 2 / 3 + 1));
    let follow_up = (!launched_by.is_empty() && rng.chance(12))
        .then(|| launched_by[rng.below(launched_by.len())]);
    let mut front = String::new();
    let _ = writeln!(front, "customer = \"{customer}\"");
    let _ = writeln!(front, "location = \"{location}\"");
    let _ = writeln!(front, "date = {date}");
    let _ = writeln!(front, "customer_id = \"{customer_id}\"");
    let _ = writeln!(front, "products = [\"{}\"]", rng.pick(PRODUCTS));
    let _ = writeln!(front, "segment = \"{}\"", rng.pick(SEGMENTS));
    let _ = writeln!(front, "interviewer = \"{}\"", rng.pick(INTERVIEWERS));
    let questions = match follow_up {
        Some(o) => {
            let _ = writeln!(front, "kind = \"follow-up\"");
            let _ = writeln!(front, "follows_up = \"{}\"", opps[o].slug);
            let _ = writeln!(
                front,
                "solved = \"{}\"",
                ["yes", "yes", "partly", "no"][rng.below(4)]
            );
            let _ = writeln!(front, "recommend = {}", 3 + rng.below(8));
            FOLLOW_UP
        }
        None => {
            let _ = writeln!(front, "kind = \"discovery\"");
            DISCOVERY
        }
    };

    let mut body = String::new();
    let mut tags = Vec::new();
    let mut quotes = Vec::new();
    // About 4 quotes: 3-5, spread over the three questions.
    let count = 3 + rng.below(3);
    for (qi, question) in questions.iter().enumerate() {
        let _ = writeln!(body, "## {question}\n");
        let _ = writeln!(
            body,
            "{} {} {}\n",
            rng.pick(NOTES),
            sentence(rng),
            sentence(rng)
        );
        let here = count / 3 + usize::from(qi < count % 3);
        for k in 0..here {
            let words = quote_words(rng);
            let mut tail = String::new();
            let mut quote_tags = Vec::new();
            if let Some(o) = follow_up.filter(|_| k == 0) {
                quote_tags.push(opps[o].slug.clone());
            }
            // Most quotes name one opportunity, some two, a few none.
            let tag_count = [0, 1, 1, 1, 1, 1, 2, 2][rng.below(8)];
            for _ in 0..tag_count {
                let slug = &opps[rng.below(opps.len())].slug;
                if !quote_tags.contains(slug) {
                    quote_tags.push(slug.clone());
                }
            }
            for t in &quote_tags {
                let _ = write!(tail, " #{t}");
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
            if rng.chance(10) {
                let _ = write!(tail, " ^q{n:06}-{qi}{k}");
            }
            // Two sentences per line, wrapped as a note-taker types.
            let lines: Vec<String> = words.chunks(2).map(|c| c.join(" ")).collect();
            for (li, line) in lines.iter().enumerate() {
                let end = if li + 1 == lines.len() {
                    tail.as_str()
                } else {
                    ""
                };
                let _ = writeln!(body, "> {line}{end}");
            }
            body.push('\n');
            quotes.push(words.join(" "));
        }
    }
    let _ = writeln!(body, "Wrap-up: {}", sentence(rng));
    Call {
        stem,
        round: round.to_string(),
        customer,
        location,
        date,
        front,
        body,
        tags,
        quotes,
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn month_end(year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    first + Months::new(1) - Days::new(1)
}

fn main() {
    let mut calls_wanted = 1000usize;
    let mut out: Option<PathBuf> = None;
    let mut hugo: Option<PathBuf> = None;
    let mut hugo_quotes = false;
    let mut seed = 11u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--calls" => calls_wanted = value().parse().expect("--calls N"),
            "--out" => out = Some(value().into()),
            "--hugo" => hugo = Some(value().into()),
            "--hugo-quotes" => hugo_quotes = true,
            "--seed" => seed = value().parse().expect("--seed N"),
            other => panic!("unknown argument {other}; see the top of examples/bench_corpus.rs"),
        }
    }
    let out = out.expect("--out DIR is required");
    let mut rng = Rng(seed);

    // Rounds of 500 calls, one a month, starting January 2020.
    let rounds = calls_wanted.div_ceil(500).max(1);
    let start = NaiveDate::from_ymd_opt(2020, 1, 6).expect("valid date");
    let last = start + Months::new(rounds as u32) - Days::new(1);
    let opps = opportunities(&mut rng, start, last);

    write(
        &out.join("site.toml"),
        "title = \"Benchmark Outfitters: Customer Voice\"\ncompany = \"Benchmark Outfitters\"\ncurrency = \"USD\"\n\n[follow_up]\ntarget_calls = 25\nwindow_days = 30\n",
    );
    for (i, o) in opps.iter().enumerate() {
        let mut text =
            format!(
            "+++\ntitle = \"{}\"\nbucket = \"{}\"\nimpact = {}\ncomplexity = {}\nstatus = \"{}\"\n",
            o.title,
            o.bucket,
            o.impact,
            o.complexity,
            if o.launched.is_some() { "launched" } else { ["idea", "planned", "building"][i % 3] }
        );
        if let Some(d) = o.launched {
            let _ = writeln!(text, "launched = {d}");
        }
        let _ = write!(
            text,
            "+++\n\nWhat we understand so far about {}: {} {}\n\n- {}\n- {}\n",
            o.title.to_lowercase(),
            sentence(&mut rng),
            sentence(&mut rng),
            sentence(&mut rng),
            sentence(&mut rng)
        );
        write(
            &out.join("opportunities").join(format!("{}.md", o.slug)),
            &text,
        );
    }

    let mut all = Vec::with_capacity(calls_wanted);
    for r in 0..rounds {
        let round_start = start + Months::new(r as u32);
        let round_end = start + Months::new(r as u32 + 1) - Days::new(1);
        let name = format!(
            "{}-{:02}-round-{:03}",
            round_start.year(),
            round_start.month(),
            r + 1
        );
        write(
            &out.join("calls").join(&name).join("_round.toml"),
            &format!(
                "title = \"Round {} ({})\"\ngoal = \"Hear what {} customers say about buying from us this month.\"\nstart = {round_start}\nend = {round_end}\n",
                r + 1,
                round_start.format("%B %Y"),
                500
            ),
        );
        let days = (round_end - round_start).num_days() as usize + 1;
        let in_round = (calls_wanted - r * 500).min(500);
        for k in 0..in_round {
            let n = r * 500 + k;
            let date = round_start + Days::new((k * days / in_round) as u64);
            let launched: Vec<usize> = opps
                .iter()
                .enumerate()
                .filter(|(_, o)| o.launched.is_some_and(|d| d <= date))
                .map(|(i, _)| i)
                .collect();
            let c = call(&mut rng, n, &name, date, &opps, &launched);
            write(
                &out.join("calls").join(&name).join(format!("{}.md", c.stem)),
                &format!("+++\n{}+++\n\n{}", c.front, c.body),
            );
            all.push(c);
        }
    }

    // Monthly metrics: odd months as TOML snapshots, even months as CSV rows.
    let mut csv = String::from("date,group,conversion_rate,aov,orders\n");
    for m in 0..rounds as u32 {
        let first = start + Months::new(m);
        let day = month_end(first.year(), first.month());
        let conversion = 2.0 + (rng.below(150) as f64) / 100.0;
        let aov = 70.0 + (rng.below(3000) as f64) / 100.0;
        let orders = 1200 + rng.below(1500);
        if first.month() % 2 == 1 {
            write(
                &out.join("metrics").join(format!("{day}.toml")),
                &format!(
                    "date = {day}\nconversion_rate = {conversion:.2}\naov = {aov:.2}\norders = {orders}\n\n[groups.test]\nconversion_rate = {:.2}\naov = {:.2}\norders = {}\n",
                    conversion + 0.3,
                    aov + 4.0,
                    orders / 8
                ),
            );
        } else {
            let _ = writeln!(csv, "{day},,{conversion:.2},{aov:.2},{orders}");
            let _ = writeln!(
                csv,
                "{day},test,{:.2},{:.2},{}",
                conversion + 0.3,
                aov + 4.0,
                orders / 8
            );
        }
    }
    write(&out.join("metrics").join("shop-export.csv"), &csv);
    write(
        &out.join("copy").join("homepage.md"),
        "# Gear that goes the distance\n\nFree returns, fast delivery and a size guide that gets it right the first time.\n",
    );
    write(
        &out.join("copy").join("product-page.md"),
        "## Why you'll love it\n\nLight, tough and comfortable from the first mile. Checkout in seconds on any device.\n",
    );
    let mut reviews = String::from("date,rating,product,source,text\n");
    for c in all.iter().step_by(10) {
        let _ = writeln!(
            reviews,
            "{},{},{},store,\"{}\"",
            c.date,
            1 + rng.below(5),
            rng.pick(PRODUCTS),
            sentence(&mut rng)
        );
    }
    write(&out.join("reviews").join("store-export.csv"), &reviews);

    if let Some(h) = hugo {
        write_hugo(&h, &all, &opps, hugo_quotes);
    }
    let bytes: usize = all.iter().map(|c| c.front.len() + c.body.len() + 8).sum();
    let quotes: usize = all.iter().map(|c| c.quotes.len()).sum();
    println!(
        "wrote {} calls ({quotes} quotes, {} bytes of notes, {rounds} rounds, {} opportunities) into {}",
        all.len(),
        bytes,
        opps.len(),
        out.display()
    );
}

/// The same notes as a Hugo site: a page per call (and per quote with `quotes`),
/// opportunities as a taxonomy, minimal layouts with no theme.
fn write_hugo(dir: &Path, calls: &[Call], opps: &[Opportunity], quotes: bool) {
    write(
        &dir.join("config.toml"),
        "baseURL = \"https://research.example.com/\"\ntitle = \"Benchmark Outfitters: Customer Voice\"\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\n[taxonomies]\nopportunity = \"opportunities\"\n\n[markup.goldmark.renderer]\nunsafe = false\n",
    );
    let layouts = dir.join("layouts").join("_default");
    write(
        &layouts.join("baseof.html"),
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ .Site.Title }}</title></head>\n<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        &layouts.join("single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<p>{{ .Params.customer }} from {{ .Params.location }}, {{ .Date.Format \"2 Jan 2006\" }}</p>\n{{ .Content }}\n<ul>{{ range .Params.opportunities }}<li><a href=\"{{ \"opportunities/\" | relURL }}{{ . | urlize }}/\">{{ . }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &layouts.join("list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n{{ .Content }}\n<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &dir.join("content").join("_index.md"),
        "+++\ntitle = \"Customer Voice\"\n+++\n",
    );
    for o in opps {
        write(
            &dir.join("content")
                .join("opportunities")
                .join(&o.slug)
                .join("_index.md"),
            &format!(
                "+++\ntitle = \"{}\"\n+++\n\n{} opportunity.\n",
                o.title, o.bucket
            ),
        );
    }
    for c in calls {
        let tags: Vec<String> = c.tags.iter().map(|t| format!("\"{t}\"")).collect();
        write(
            &dir.join("content").join("calls").join(format!("{}.md", c.stem)),
            &format!(
                "+++\ntitle = \"Call with {} from {}\"\ndate = {}\ncustomer = \"{}\"\nlocation = \"{}\"\nround = \"{}\"\nopportunities = [{}]\n+++\n\n{}",
                c.customer,
                c.location,
                c.date,
                c.customer,
                c.location,
                c.round,
                tags.join(", "),
                c.body
            ),
        );
        if quotes {
            for (i, q) in c.quotes.iter().enumerate() {
                write(
                    &dir.join("content")
                        .join("quotes")
                        .join(format!("{}-q{}.md", c.stem, i + 1)),
                    &format!(
                        "+++\ntitle = \"Quote from {} from {}\"\ndate = {}\ncustomer = \"{}\"\nlocation = \"{}\"\n+++\n\n> {q}\n",
                        c.customer, c.location, c.date, c.customer, c.location
                    ),
                );
            }
        }
    }
}
