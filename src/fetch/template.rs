//! A feed's URL with `{ticker}`, `{name}` and `{query}` in it, filled in once per ticker:
//! `{ticker}` the ticker asked for, `{name}` its company's name in the symbol table (the
//! ticker when the table does not know it), `{query}` the source's `query` with those two
//! filled in. Every value is percent-encoded as a URL component.

use anyhow::{bail, Result};
use reqwest::Url;

/// The placeholders a template may hold.
pub const PLACEHOLDERS: &[&str] = &["{ticker}", "{name}", "{query}"];

/// What fills a template for one ticker.
#[derive(Debug, Clone, Copy)]
pub struct Fill<'a> {
    pub ticker: &'a str,
    pub name: &'a str,
    /// The source's `query` (its own `{ticker}` and `{name}` not yet filled in).
    pub query: &'a str,
}

/// A URL template, checked when the config is loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlTemplate {
    text: String,
}

impl UrlTemplate {
    /// `text` as a template: an http(s) URL once filled in, with no placeholder but
    /// [`PLACEHOLDERS`] (a typo such as `{tiker}` is an error, not a literal).
    pub fn parse(text: &str) -> Result<UrlTemplate> {
        let template = UrlTemplate {
            text: text.trim().to_string(),
        };
        if let Some(unknown) = unknown_placeholder(&template.text) {
            bail!(
                "'{unknown}' is not a placeholder; a feed URL may hold {}",
                PLACEHOLDERS.join(", ")
            );
        }
        let sample = template.fill(&Fill {
            ticker: "AAPL",
            name: "Apple Inc.",
            query: "{name}",
        });
        let url = Url::parse(&sample).map_err(|e| {
            anyhow::anyhow!(
                "'{}' is not a URL ({e}); write it as https://host/path",
                super::secret::redact_userinfo(&template.text)
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            bail!(
                "'{}' is not an http(s) URL; write it as https://host/path",
                super::secret::redact_userinfo(&template.text)
            );
        }
        Ok(template)
    }

    /// Whether the URL changes with the ticker (so a source asks it once per ticker).
    pub fn per_ticker(&self) -> bool {
        PLACEHOLDERS.iter().any(|p| self.text.contains(p))
    }

    /// Whether it holds `{query}`.
    pub fn has_query(&self) -> bool {
        self.text.contains("{query}")
    }

    /// The template with its scheme, host and port those of `base`, and `base`'s path
    /// before its own (`https://proxy/feeds` + `/rss/2.0/headline?...`).
    pub fn with_base(&self, base: &Url) -> Result<UrlTemplate> {
        let after_scheme = self
            .text
            .split_once("://")
            .map_or(self.text.as_str(), |(_, rest)| rest);
        let path_and_query = after_scheme
            .find(['/', '?'])
            .map_or("", |i| &after_scheme[i..]);
        let root = base.as_str().trim_end_matches('/');
        let root = root.split(['?', '#']).next().unwrap_or(root);
        UrlTemplate::parse(&format!("{root}{path_and_query}"))
    }

    /// The URL for one ticker.
    pub fn url(&self, fill: &Fill) -> Result<Url> {
        let text = self.fill(fill);
        Url::parse(&text)
            .map_err(|e| anyhow::anyhow!("the feed URL for {} is not a URL ({e})", fill.ticker))
    }

    fn fill(&self, fill: &Fill) -> String {
        let query = fill
            .query
            .replace("{ticker}", fill.ticker)
            .replace("{name}", fill.name);
        self.text
            .replace("{ticker}", &encode(fill.ticker))
            .replace("{name}", &encode(fill.name))
            .replace("{query}", &encode(&query))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The first `{...}` of `text` that is not a placeholder.
pub fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            return Some(after.chars().take(20).collect());
        };
        let candidate = &after[..=close];
        if !PLACEHOLDERS.contains(&candidate) {
            return Some(candidate.to_string());
        }
        rest = &after[close + 1..];
    }
    None
}

/// `text` percent-encoded as a URL component (space as `%20`, which paths and queries
/// both read as a space).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill<'a>(ticker: &'a str, name: &'a str, query: &'a str) -> Fill<'a> {
        Fill {
            ticker,
            name,
            query,
        }
    }

    #[test]
    fn placeholders_are_filled_and_encoded() {
        let t = UrlTemplate::parse("https://news.example/rss?q={query}&s={ticker}").unwrap();
        assert!(t.per_ticker() && t.has_query());
        let url = t
            .url(&fill(
                "BRK.B",
                "Berkshire Hathaway & Co.",
                "\"{name}\" stock",
            ))
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://news.example/rss?q=%22Berkshire%20Hathaway%20%26%20Co.%22%20stock&s=BRK.B"
        );
        let q: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        assert_eq!(q[0].1, "\"Berkshire Hathaway & Co.\" stock");
        let path = UrlTemplate::parse("https://sa.example/api/sa/combined/{ticker}.xml").unwrap();
        assert_eq!(
            path.url(&fill("RDS/A", "x", "")).unwrap().path(),
            "/api/sa/combined/RDS%2FA.xml"
        );
        let fixed = UrlTemplate::parse("https://example.com/press.xml").unwrap();
        assert!(!fixed.per_ticker());
    }

    #[test]
    fn typos_and_non_urls_are_refused() {
        let err = |t: &str| UrlTemplate::parse(t).unwrap_err().to_string();
        assert!(err("https://x/rss?s={tiker}").contains("'{tiker}' is not a placeholder"));
        assert!(err("https://x/rss?s={ticker").contains("not a placeholder"));
        assert!(err("ftp://x/{ticker}").contains("not an http(s) URL"));
        assert!(err("feeds/{ticker}").contains("not a URL"));
        let e = err("http://u:hunter2@x:99999/{ticker}");
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn base_url_replaces_the_origin_and_goes_before_the_path() {
        let t = UrlTemplate::parse(
            "https://feeds.finance.yahoo.com/rss/2.0/headline?s={ticker}&region=US",
        )
        .unwrap();
        let local = t
            .with_base(&Url::parse("http://127.0.0.1:8080").unwrap())
            .unwrap();
        assert_eq!(
            local.as_str(),
            "http://127.0.0.1:8080/rss/2.0/headline?s={ticker}&region=US"
        );
        let proxy = t
            .with_base(&Url::parse("https://proxy.example/yahoo/").unwrap())
            .unwrap();
        assert_eq!(
            proxy.url(&fill("AAPL", "", "")).unwrap().as_str(),
            "https://proxy.example/yahoo/rss/2.0/headline?s=AAPL&region=US"
        );
    }
}
