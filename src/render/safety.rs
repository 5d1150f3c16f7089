//! The Content Security Policy every page carries.
//!
//! Pages load scripts, styles, fonts and data only from the site itself, and images
//! from the site or `data:` URLs; no inline script, inline style, plugin or `<base>`.
//! A quote that somehow carried markup could not run code even if escaping failed.

/// The policy, as the `content` of `<meta http-equiv="Content-Security-Policy">`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The page with the policy's meta tag, added after `<head>` when a site's own
/// `base.html` left it out, so every page has it whatever the templates say.
pub fn with_policy(html: String) -> String {
    if html.contains("http-equiv=\"Content-Security-Policy\"") {
        return html;
    }
    let Some(head) = html.find("<head>") else {
        return html;
    };
    let at = head + "<head>".len();
    let meta = format!(
        "\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">"
    );
    let mut out = String::with_capacity(html.len() + meta.len());
    out.push_str(&html[..at]);
    out.push_str(&meta);
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_policy_once() {
        let page = with_policy("<html><head><title>x</title></head></html>".into());
        assert_eq!(page.matches("Content-Security-Policy").count(), 1, "{page}");
        assert_eq!(with_policy(page.clone()), page);
    }
}
