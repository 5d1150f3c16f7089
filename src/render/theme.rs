//! The default theme, embedded in the binary, and a site's overrides of it.
//!
//! A site overrides any template by putting a file of the same name in
//! `<content>/templates/`, and adds or replaces static files with `<content>/static/`
//! (copied to the site root, e.g. `static/assets/verbatim.css`).

use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, by name.
pub const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "index.html",
    "ranking.html",
    "opportunity.html",
    "quote.html",
    "call.html",
    "round.html",
    "rounds.html",
    "metrics.html",
    "language.html",
    "search.html",
    "archive.html",
    "redirect.html",
);

/// The default theme's static files, by their path in the site.
pub const STATIC: &[(&str, &[u8])] = &[
    (
        "assets/verbatim.css",
        include_bytes!("../../themes/default/static/verbatim.css"),
    ),
    (
        "assets/verbatim.js",
        include_bytes!("../../themes/default/static/verbatim.js"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    // Without an icon, browsers ask the server for /favicon.ico and log a 404 on every page.
    (
        "assets/favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

/// Templates ready to render, and the static files to copy.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// Site-relative path and bytes of each static file, sorted by path.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Names of the templates the site overrides, sorted.
    pub overridden: Vec<String>,
}

impl Theme {
    /// Whether the site overrides none of `templates`: then the default theme's
    /// compiled pages ([`super::default_theme`]) stand in for Tera's.
    pub fn is_default(&self, templates: &[&str]) -> bool {
        !templates.is_empty()
            && templates.iter().all(|t| {
                self.overridden
                    .binary_search_by(|o| o.as_str().cmp(t))
                    .is_err()
            })
    }
}

/// Files below `root` with their `/`-separated names. Symbolic links are followed
/// inside the content folder only: a link that loops, or that leads out of the
/// content folder (to `~/.ssh`, say), is reported instead of copied into the site.
fn relative_files(
    root: &Path,
    content: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, std::path::PathBuf)> {
    if !root.is_dir() {
        return Vec::new();
    }
    let content_real = std::fs::canonicalize(content).unwrap_or_else(|_| content.to_path_buf());
    let mut files = Vec::new();
    let mut walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                errors.push(if err.loop_ancestor().is_some() {
                    Diagnostic::at_file(&path, "this link points back to a folder that contains it")
                        .hint("remove the symbolic link; links that loop are not followed")
                } else {
                    Diagnostic::at_file(&path, format!("cannot read this: {err}"))
                });
                continue;
            }
        };
        if e.path_is_symlink() {
            let inside = std::fs::canonicalize(e.path())
                .map(|real| real.starts_with(&content_real))
                .unwrap_or(false);
            if !inside {
                errors.push(
                    Diagnostic::at_file(e.path(), "this link leads out of the content folder")
                        .hint("copy the file into the content folder instead: links are followed only inside it, so a link cannot publish files from elsewhere"),
                );
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !e.file_type().is_file() || e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(root) else {
            continue;
        };
        let name = crate::content::slash_path(rel);
        files.push((name, e.path().to_path_buf()));
    }
    files
}

/// Loads the default theme with the site's overrides from `content`.
pub fn load(content: &Path) -> Result<Theme, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut templates: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let override_dir = content.join("templates");
    let mut overridden = Vec::new();
    for (name, path) in relative_files(&override_dir, content, &mut errors) {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                overridden.push(name.clone());
                templates.retain(|(n, _)| *n != name);
                templates.push((name, text));
            }
            Err(e) => errors.push(Diagnostic::at_file(
                &path,
                format!("cannot read this template: {e}"),
            )),
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape_html);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        errors.push(template_error(&override_dir, &e));
    }

    let mut static_files: Vec<(String, Vec<u8>)> = STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    for (name, path) in relative_files(&content.join("static"), content, &mut errors) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                static_files.retain(|(n, _)| *n != name);
                static_files.push((name, bytes));
            }
            Err(e) => errors.push(Diagnostic::at_file(
                &path,
                format!("cannot read this file: {e}"),
            )),
        }
    }
    static_files.sort();
    if errors.is_empty() {
        overridden.sort();
        Ok(Theme {
            tera,
            static_files,
            overridden,
        })
    } else {
        Err(errors)
    }
}

/// Escapes `& < > " '`: all that text and quoted attributes need. Tera's default also
/// writes `/` as `&#x2F;`, which makes every link in the HTML unreadable.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    escape_into(&mut out, input);
    out
}

/// [`escape_html`] of `input`, appended to `out`.
pub fn escape_into(out: &mut String, input: &str) {
    // Every `{{ }}` of every page passes through here, and most values (URLs, names,
    // dates) need no escape: copy the runs between special bytes whole. They are all
    // ASCII, so each run ends on a character boundary.
    let mut run = 0;
    for (i, byte) in input.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.push_str(&input[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&input[run..]);
}

/// A Tera error with its chain of causes, which name the template and the line.
pub fn template_error(dir: &Path, e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Diagnostic::at_file(dir, format!("template error: {message}")).hint(
        "fix the template named above; the default theme's templates are listed in the README",
    )
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest_whole() {
        assert_eq!(
            escape_html(r#"Zoë's "fit" <b>&</b> ../quotes/x/"#),
            "Zoë&#x27;s &quot;fit&quot; &lt;b&gt;&amp;&lt;/b&gt; ../quotes/x/"
        );
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("— plain —"), "— plain —");
        assert_eq!(escape_html(""), "");
    }
}
