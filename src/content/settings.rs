//! `site.toml`, `_round.toml` and the questions quotes are filed under.

use chrono::NaiveDate;
use regex::Regex;
use toml_edit::TableLike;

use super::fields::Fields;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{
    CallKind, FollowUpSettings, LanguageSettings, PrivacySettings, Publish, Question,
    RankingWeights, Settings,
};

const SITE_KEYS: &[&str] = &[
    "title",
    "company",
    "currency",
    "base_url",
    "ranking",
    "language",
    "follow_up",
    "privacy",
    "questions",
    "reviews",
];

/// `site.toml` read into settings, questions and compiled privacy patterns.
pub struct SiteFile {
    /// The settings.
    pub settings: Settings,
    /// The questions, defaults unless `[[questions]]` replaces them.
    pub questions: Vec<Question>,
    /// `[privacy] patterns`, compiled.
    pub patterns: Vec<Regex>,
}

/// Reads `site.toml`; every key is optional.
pub fn read_site(file: &SourceFile) -> Result<SiteFile, Vec<Diagnostic>> {
    let (mut f, doc) = Fields::parse(file, &file.text, 0, 0..0).map_err(|d| vec![d])?;
    let root = doc.as_table();
    f.reject_unknown(root, "site.toml", SITE_KEYS);
    let mut settings = Settings::default();
    if let Some(title) = f.string(root, "title") {
        settings.title = title;
    }
    if let Some(company) = f.string(root, "company") {
        settings.company = company;
    }
    if let Some(currency) = f.string(root, "currency") {
        settings.currency = currency;
    }
    if let Some(url) = f.string(root, "base_url") {
        match parse_base_url(&url) {
            Ok(url) => settings.base_url = url,
            Err(problem) => f.error_at(
                root,
                "base_url",
                format!("`base_url` {problem}"),
                "write the whole address the site is published at: link previews and \"Copy link\" need an absolute URL (or remove the key)".into(),
            ),
        }
    }
    if let Some(t) = f.table(root, "ranking") {
        f.reject_unknown(t, "[ranking]", &["impact_weight", "complexity_weight"]);
        let defaults = RankingWeights::default();
        settings.ranking = RankingWeights {
            impact_weight: weight(&mut f, t, "impact_weight").unwrap_or(defaults.impact_weight),
            complexity_weight: weight(&mut f, t, "complexity_weight")
                .unwrap_or(defaults.complexity_weight),
        };
    }
    if let Some(t) = f.table(root, "follow_up") {
        f.reject_unknown(t, "[follow_up]", &["target_calls", "window_days"]);
        let defaults = FollowUpSettings::default();
        settings.follow_up = FollowUpSettings {
            target_calls: f
                .integer(t, "target_calls", 1..=10_000)
                .map_or(defaults.target_calls, |n| n as u32),
            window_days: f
                .integer(t, "window_days", 1..=3650)
                .map_or(defaults.window_days, |n| n as u32),
        };
    }
    let mut patterns = Vec::new();
    if let Some(t) = f.table(root, "privacy") {
        f.reject_unknown(
            t,
            "[privacy]",
            &["redact", "patterns", "publish", "alias_key"],
        );
        let mut privacy = PrivacySettings::default();
        if let Some(redact) = f.boolean(t, "redact") {
            privacy.redact = redact;
        }
        if let Some(publish) = f.choice(
            t,
            "publish",
            &[("internal", Publish::Internal), ("wide", Publish::Wide)],
        ) {
            privacy.publish = publish;
        }
        if let Some(key) = f.string(t, "alias_key") {
            privacy.alias_key = key;
        }
        if let Some(list) = f.strings(t, "patterns") {
            for p in &list {
                match Regex::new(p) {
                    Ok(re) => patterns.push(re),
                    Err(e) => f.error_at(
                        t,
                        "patterns",
                        format!("pattern `{p}` is not a valid regular expression"),
                        e.to_string()
                            .lines()
                            .last()
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    ),
                }
            }
            privacy.patterns = list;
        }
        settings.privacy = privacy;
    }
    if let Some(t) = f.table(root, "language") {
        settings.language = read_language(&mut f, t);
    }
    if let Some(t) = f.table(root, "reviews") {
        f.reject_unknown(t, "[reviews]", &["threshold"]);
        if let Some(n) = f.integer(t, "threshold", 1..=1000) {
            settings.reviews.threshold = n as usize;
        }
    }
    let questions = match f.tables(root, "questions") {
        Some(tables) => tables
            .into_iter()
            .filter_map(|t| read_question(&mut f, t))
            .collect(),
        None => default_questions(),
    };
    if f.diagnostics.is_empty() {
        Ok(SiteFile {
            settings,
            questions,
            patterns,
        })
    } else {
        Err(f.diagnostics)
    }
}

/// Checks a `base_url` (from `site.toml` or `--base-url`): it must be an absolute
/// `http://` or `https://` address, since link previews and copied links go outside
/// the site. Returns it without a trailing `/`, or `None` when empty; on error, what
/// is wrong, worded to follow the setting's name.
pub fn parse_base_url(url: &str) -> Result<Option<String>, String> {
    let url = url.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(None);
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
    else {
        return Err(format!(
            "must start with http:// or https://, e.g. \"{}\"",
            suggest_base_url(url)
        ));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err("names no host after http:// or https://".into());
    }
    if url.contains(char::is_whitespace) {
        return Err("may not contain spaces (write a space as %20)".into());
    }
    Ok(Some(url.to_string()))
}

/// `research.example.com/voice` → `https://research.example.com/voice`: the likely fix.
fn suggest_base_url(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    match url.split_once("://") {
        Some((_, rest)) if !rest.is_empty() => format!("https://{rest}"),
        _ if url.is_empty() || url.contains(char::is_whitespace) || url.starts_with('/') => {
            "https://research.example.com/voice".into()
        }
        _ => format!("https://{url}"),
    }
}

/// `[language]`: lists extend the default lexicons unless named in `replace`.
fn read_language(f: &mut Fields, t: &dyn TableLike) -> LanguageSettings {
    const LISTS: [&str; 3] = ["satisfaction", "intent", "friction"];
    f.reject_unknown(
        t,
        "[language]",
        &[
            "satisfaction",
            "intent",
            "friction",
            "replace",
            "stop_words",
            "min_customers",
            "marketing_min_customers",
            "top_phrases",
        ],
    );
    let defaults = LanguageSettings::default();
    let replace = f.strings(t, "replace").unwrap_or_default();
    for r in &replace {
        if !LISTS.contains(&r.as_str()) {
            f.error_at(
                t,
                "replace",
                format!("`replace` names `{r}`, which is not a word list"),
                "name one or more of \"satisfaction\", \"intent\", \"friction\"".into(),
            );
        }
    }
    let count = |f: &mut Fields, key: &str, default: usize| {
        f.integer(t, key, 1..=1000).map_or(default, |n| n as usize)
    };
    LanguageSettings {
        satisfaction: f.strings(t, "satisfaction").unwrap_or_default(),
        intent: f.strings(t, "intent").unwrap_or_default(),
        friction: f.strings(t, "friction").unwrap_or_default(),
        replace,
        stop_words: f.strings(t, "stop_words").unwrap_or_default(),
        min_customers: count(f, "min_customers", defaults.min_customers),
        marketing_min_customers: count(
            f,
            "marketing_min_customers",
            defaults.marketing_min_customers,
        ),
        top_phrases: count(f, "top_phrases", defaults.top_phrases),
    }
}

fn weight(f: &mut Fields, t: &dyn TableLike, key: &str) -> Option<f64> {
    let w = f.number(t, key)?;
    if !(0.0..=5.0).contains(&w) {
        f.error_at(
            t,
            key,
            format!("`{key}` is {w}, outside 0-5"),
            "weights are exponents; 1 is the default".into(),
        );
        return None;
    }
    Some(w)
}

fn read_question(f: &mut Fields, t: &dyn TableLike) -> Option<Question> {
    f.reject_unknown(t, "[[questions]]", &["key", "text", "kind", "match"]);
    let text = f.string(t, "text");
    let key = f.string(t, "key");
    let kind = super::notes::read_kind(f, t);
    let aliases = f.strings(t, "match").unwrap_or_default();
    let Some(text) = text else {
        f.missing(
            "text",
            "[[questions]]",
            "\"What problem were you trying to solve?\"",
        );
        return None;
    };
    let key = key.unwrap_or_else(|| normalise(&text).replace(' ', "-"));
    Some(Question {
        key,
        text,
        kind,
        aliases,
    })
}

/// The three discovery and three follow-up questions of the method.
pub fn default_questions() -> Vec<Question> {
    let q = |key: &str, text: &str, kind, aliases: &[&str]| Question {
        key: key.into(),
        text: text.into(),
        kind,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        q(
            "problem",
            "What problem were you trying to solve?",
            CallKind::Discovery,
            &["problem", "trying to solve", "why did you buy"],
        ),
        q(
            "how-well",
            "How well did our product solve it?",
            CallKind::Discovery,
            &["how well", "solve it"],
        ),
        q(
            "better",
            "What would make it even better?",
            CallKind::Discovery,
            &["even better", "make it better", "improve"],
        ),
        q(
            "solved",
            "Did this solve the problem you described?",
            CallKind::FollowUp,
            &[
                "did this solve",
                "did it solve",
                "solve the problem you described",
            ],
        ),
        q(
            "missing",
            "What's still missing?",
            CallKind::FollowUp,
            &["still missing", "missing"],
        ),
        q(
            "recommend",
            "Would you recommend this to a friend?",
            CallKind::FollowUp,
            &["recommend"],
        ),
    ]
}

/// Lower case, letters and digits only, single spaces: what loose matching compares.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The question a heading asks, matched loosely: the question's text or one of its
/// phrases contained in the heading; the longest phrase that matches wins, so
/// "did this solve the problem" beats "problem". The phrases are normalised once: a
/// 10,000-call site has 40,000 quote headings, and normalising every phrase again
/// for each was a fifth of loading it.
pub struct QuestionMatcher {
    /// Each phrase as ` words `, its length without the spaces, and its question.
    phrases: Vec<(String, usize, usize)>,
}

impl QuestionMatcher {
    /// The phrases of `questions`, in order.
    pub fn new(questions: &[Question]) -> QuestionMatcher {
        let phrases = questions
            .iter()
            .enumerate()
            .flat_map(|(i, q)| {
                std::iter::once(q.text.as_str())
                    .chain(q.aliases.iter().map(String::as_str))
                    .map(move |phrase| (normalise(phrase), i))
            })
            .filter(|(phrase, _)| !phrase.is_empty())
            .map(|(phrase, i)| (format!(" {phrase} "), phrase.len(), i))
            .collect();
        QuestionMatcher { phrases }
    }

    /// The question `heading` asks, if any.
    pub fn find(&self, heading: &str) -> Option<usize> {
        let heading = format!(" {} ", normalise(heading));
        let mut best: Option<(usize, usize)> = None;
        for (phrase, len, i) in &self.phrases {
            if heading.contains(phrase.as_str()) && best.is_none_or(|(best, _)| len > &best) {
                best = Some((*len, *i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// `_round.toml` of a round folder.
pub struct RoundFile {
    /// Shown instead of the folder name.
    pub title: Option<String>,
    /// What the round set out to learn.
    pub goal: Option<String>,
    /// First day.
    pub start: Option<NaiveDate>,
    /// Last day.
    pub end: Option<NaiveDate>,
}

/// Reads `_round.toml`.
pub fn read_round(file: &SourceFile) -> Result<RoundFile, Vec<Diagnostic>> {
    let (mut f, doc) = Fields::parse(file, &file.text, 0, 0..0).map_err(|d| vec![d])?;
    let t = doc.as_table();
    f.reject_unknown(t, "_round.toml", &["title", "goal", "start", "end"]);
    let round = RoundFile {
        title: f.string(t, "title"),
        goal: f.string(t, "goal"),
        start: f.date(t, "start"),
        end: f.date(t, "end"),
    };
    if let (Some(start), Some(end)) = (round.start, round.end) {
        if end < start {
            f.error_at(
                t,
                "end",
                format!("the round ends ({end}) before it starts ({start})"),
                "swap `start` and `end`".into(),
            );
        }
    }
    if f.diagnostics.is_empty() {
        Ok(round)
    } else {
        Err(f.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_loosely_and_specific_phrases_win() {
        let qs = default_questions();
        let matcher = QuestionMatcher::new(&qs);
        let key = |h: &str| matcher.find(h).map(|i| qs[i].key.as_str());
        assert_eq!(
            key("What problem were you trying to solve?"),
            Some("problem")
        );
        assert_eq!(key("1. The problem"), Some("problem"));
        assert_eq!(key("Q2 — How well did we solve it"), Some("how-well"));
        assert_eq!(key("what would make it EVEN better"), Some("better"));
        assert_eq!(
            key("Did this solve the problem you described?"),
            Some("solved")
        );
        assert_eq!(key("What's still missing?"), Some("missing"));
        assert_eq!(
            key("Would you recommend this to a friend?"),
            Some("recommend")
        );
        assert_eq!(key("Small talk"), None);
        assert_eq!(key("Problems"), None, "whole words only");
    }

    #[test]
    fn site_toml_rejects_unknown_keys_and_reads_tables() {
        let file = SourceFile::new(
            "site.toml".into(),
            "title = \"T\"\ncurency = \"EUR\"\n[follow_up]\ntarget_calls = 30\n".into(),
        );
        let errors = read_site(&file).err().unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].hint.as_deref().unwrap().contains("`currency`"));

        let file = SourceFile::new(
            "site.toml".into(),
            "[follow_up]\ntarget_calls = 30\n[[questions]]\nkey = \"why\"\ntext = \"Why us?\"\n"
                .into(),
        );
        let site = read_site(&file).ok().unwrap();
        assert_eq!(site.settings.follow_up.target_calls, 30);
        assert_eq!(site.settings.follow_up.window_days, 30);
        assert_eq!(site.questions.len(), 1);
        assert_eq!(site.questions[0].key, "why");
    }

    #[test]
    fn base_url_must_be_an_absolute_http_address() {
        let ok = |u: &str| parse_base_url(u).unwrap();
        assert_eq!(
            ok("https://research.example.com/voice/").as_deref(),
            Some("https://research.example.com/voice")
        );
        assert_eq!(ok("HTTP://intranet").as_deref(), Some("HTTP://intranet"));
        assert_eq!(ok(""), None);
        let problem = parse_base_url("research.example.com").unwrap_err();
        assert!(problem.contains("http:// or https://"), "{problem}");
        assert!(
            problem.contains("\"https://research.example.com\""),
            "{problem}"
        );
        for wrong in [
            "//cdn.example.com",
            "/voice",
            "ftp://x.example",
            "https://",
            "https://a b",
        ] {
            assert!(parse_base_url(wrong).is_err(), "{wrong}");
        }

        let file = SourceFile::new(
            "site.toml".into(),
            "title = \"T\"\nbase_url = \"research.example.com\"\n".into(),
        );
        let errors = read_site(&file).err().unwrap();
        assert_eq!((errors.len(), errors[0].line), (1, 2), "{errors:?}");
        assert!(errors[0]
            .message
            .starts_with("`base_url` must start with http:// or https://"));
    }
}
