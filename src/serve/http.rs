//! The preview's HTTP side: files of the built site, plus the live-reload endpoints.

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::{Shared, Status};
use crate::render::theme::escape_html;

/// The reload script every served page loads.
const LIVE_JS: &str = include_str!("live.js");
/// The error overlay's style.
const LIVE_CSS: &str = include_str!("live.css");
/// How long `/__verbatim/status` waits for a new build before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("headers are ASCII")
}

fn reply(request: Request, code: u16, content_type: &str, body: Vec<u8>) {
    let response = Response::from_data(body)
        .with_status_code(StatusCode(code))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

/// The type of a file by its extension.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|x| x.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// `%20` and friends decoded; `None` when the result is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a URL path names inside `root`, refusing anything that climbs out of it.
fn file_for(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| {
        !matches!(c, Component::Normal(_)) || c.as_os_str().to_string_lossy().contains('\0')
    }) {
        return None;
    }
    Some(root.join(rel))
}

/// The tags `serve` adds to every page: the reload script and, while the content has
/// errors, the overlay (so a page opened or reloaded then shows it at once).
fn live_tags(status: &Status) -> String {
    let mut tags = format!(
        "<link rel=\"stylesheet\" href=\"/__verbatim/live.css\"><script src=\"/__verbatim/live.js\" data-version=\"{}\" defer></script>",
        status.version
    );
    if let Some(error) = &status.error {
        tags.push_str(&overlay(error));
    }
    tags
}

/// The error overlay; `live.js` builds the same markup when an error arrives.
pub(crate) fn overlay(error: &str) -> String {
    format!(
        "<div id=\"verbatim-serve-error\" class=\"verbatim-serve-error\" role=\"alert\"><p class=\"verbatim-serve-error-title\">The content has errors; save a fix and the page reloads.</p><pre>{}</pre></div>",
        escape_html(error)
    )
}

/// `html` with the live tags before its last `</body>`.
pub(crate) fn inject(html: &str, status: &Status) -> String {
    let tags = live_tags(status);
    match html.rfind("</body>") {
        Some(at) => format!("{}{tags}{}", &html[..at], &html[at..]),
        None => format!("{html}{tags}"),
    }
}

fn status_json(status: &Status) -> Vec<u8> {
    serde_json::json!({ "version": status.version, "error": status.error })
        .to_string()
        .into_bytes()
}

/// Answers `/__verbatim/status?since=N` once the version differs from N (or after a while).
fn long_poll(request: Request, query: &str, shared: &Shared) {
    let since: Option<u64> = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok());
    let deadline = Instant::now() + LONG_POLL;
    let mut status = shared.status.lock().unwrap_or_else(|e| e.into_inner());
    while since == Some(status.version) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        status = shared
            .changed
            .wait_timeout(status, left)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
    let body = status_json(&status);
    drop(status);
    reply(request, 200, "application/json", body);
}

fn not_found(request: Request, shared: &Shared) {
    let status = shared
        .status
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>No page at this address in the preview (yet). It reloads when the site is rebuilt.</p><p><a href=\"/index.html\">Dashboard</a></p></body></html>";
    reply(
        request,
        404,
        "text/html; charset=utf-8",
        inject(page, &status).into_bytes(),
    );
}

/// Answers one request.
pub(crate) fn respond(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        reply(
            request,
            405,
            "text/plain; charset=utf-8",
            b"GET only\n".to_vec(),
        );
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    match path {
        "/__verbatim/live.js" => {
            return reply(
                request,
                200,
                content_type(Path::new("x.js")),
                LIVE_JS.into(),
            )
        }
        "/__verbatim/live.css" => {
            return reply(
                request,
                200,
                content_type(Path::new("x.css")),
                LIVE_CSS.into(),
            )
        }
        "/__verbatim/status" => return long_poll(request, query, shared),
        _ => {}
    }
    let Some(mut file) = file_for(&shared.root, path) else {
        return not_found(request, shared);
    };
    if file.is_dir() {
        if !path.ends_with('/') {
            let response = Response::empty(StatusCode(301))
                .with_header(header("Location", &format!("{path}/")));
            let _ = request.respond(response);
            return;
        }
        file.push("index.html");
    }
    let Ok(bytes) = std::fs::read(&file) else {
        return not_found(request, shared);
    };
    let kind = content_type(&file);
    if kind.starts_with("text/html") {
        let status = shared
            .status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let html = String::from_utf8_lossy(&bytes);
        reply(request, 200, kind, inject(&html, &status).into_bytes());
    } else {
        reply(request, 200, kind, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_stay_inside_the_site() {
        let root = Path::new("/site");
        assert_eq!(
            file_for(root, "/quotes/a%20b/index.html"),
            Some(PathBuf::from("/site/quotes/a b/index.html"))
        );
        assert_eq!(file_for(root, "/../etc/passwd"), None);
        assert_eq!(file_for(root, "/quotes/%2e%2e/%2e%2e/x"), None);
        assert_eq!(file_for(root, "/"), Some(PathBuf::from("/site/")));
    }

    #[test]
    fn tags_go_before_the_end_of_body_and_errors_are_escaped() {
        let status = Status {
            version: 3,
            error: Some("a.md:1:1: error: <b>".into()),
        };
        let html = inject("<html><body><p>x</p></body></html>", &status);
        assert!(html.contains("data-version=\"3\""), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(html.ends_with("</pre></div></body></html>"), "{html}");
        assert!(!html.contains("<script>"), "no inline script: {html}");
    }
}
