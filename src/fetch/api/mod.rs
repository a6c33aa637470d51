//! One module per API: the first request of a stream, and what a response says (its
//! articles, the next page, or the API's own error message inside a 200). The feed kinds
//! (`rss` and its presets) are all asked and read as `rss`; EDGAR's feed as `edgar`.

pub mod alphavantage;
pub mod edgar;
pub mod eodhd;
pub mod finnhub;
pub mod marketaux;
pub mod newsapi;
pub mod polygon;
pub mod rss;
pub mod tiingo;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderName;
use reqwest::Url;
use serde_json::Value;

use super::kind::Kind;
use super::state::StreamState;

/// What a stream asks for.
pub struct Ask<'a> {
    /// The API root (the stream's own URL for feeds and EDGAR).
    pub endpoint: &'a Url,
    /// The ticker of a per-ticker stream, else "".
    pub ticker: &'a str,
    /// A search's words for this stream (NewsAPI's `q`), else "".
    pub query: &'a str,
    /// All the source's tickers (for APIs that take a list).
    pub tickers: &'a [String],
    /// Publications from this instant on.
    pub since: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub key: Option<&'a str>,
    pub state: &'a StreamState,
}

/// A request to make: its URL (with the key) and extra headers.
pub struct Request {
    pub url: Url,
    pub headers: Vec<(HeaderName, String)>,
}

/// What one response held.
#[derive(Debug, PartialEq)]
pub struct Page {
    pub articles: usize,
    /// The next page's request, when the API says there is one.
    pub next: Option<Url>,
}

pub fn first_request(kind: Kind, ask: &Ask) -> Request {
    let url = match kind {
        Kind::Alphavantage => alphavantage::first(ask),
        Kind::Polygon => polygon::first(ask),
        Kind::Finnhub => finnhub::first(ask),
        Kind::Marketaux => marketaux::first(ask),
        Kind::Newsapi => newsapi::first(ask),
        Kind::Tiingo => tiingo::first(ask),
        Kind::Eodhd => eodhd::first(ask),
        Kind::Edgar => return edgar::first(ask),
        Kind::Rss | Kind::Yahoo | Kind::Nasdaq | Kind::Seekingalpha | Kind::Googlenews => {
            return rss::first(ask)
        }
    };
    Request {
        url,
        headers: Vec::new(),
    }
}

/// Reads a response body: `Err` is the API's error message (or why the body is unusable).
pub fn read_page(kind: Kind, body: &[u8], url: &Url, ask: &Ask) -> Result<Page, String> {
    match kind {
        Kind::Alphavantage => alphavantage::read(body, url),
        Kind::Polygon => polygon::read(body, ask),
        Kind::Finnhub => finnhub::read(body),
        Kind::Marketaux => marketaux::read(body, url),
        Kind::Newsapi => newsapi::read(body),
        Kind::Tiingo => tiingo::read(body, url),
        Kind::Eodhd => eodhd::read(body, url),
        Kind::Edgar => edgar::read(body),
        Kind::Rss | Kind::Yahoo | Kind::Nasdaq | Kind::Seekingalpha | Kind::Googlenews => {
            rss::read(body)
        }
    }
}

/// `endpoint` with `path` appended to its own path.
fn join(endpoint: &Url, path: &str) -> Url {
    let mut url = endpoint.clone();
    let joined = format!("{}{path}", endpoint.path().trim_end_matches('/'));
    url.set_path(&joined);
    url.set_query(None);
    url
}

/// `url` with the query parameter `name` set to `value` (others kept in order).
fn with_param(url: &Url, name: &str, value: &str) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    let mut out = url.clone();
    out.set_query(None);
    {
        let mut q = out.query_pairs_mut();
        for (k, v) in &pairs {
            q.append_pair(k, v);
        }
        if !pairs.iter().any(|(k, _)| k == name) {
            q.append_pair(name, value);
        }
    }
    out
}

fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The body as JSON, or why not (a body cut short is the usual reason).
fn json(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| {
        format!("the response is not valid JSON ({e}); cut short or not the API's answer?")
    })
}

/// A JSON value as text for a message: strings without their quotes, at most 300 chars.
fn text(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    s.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_replaced_or_added() {
        let u = Url::parse("http://h/p?a=1&page=1&b=x%20y").unwrap();
        assert_eq!(
            with_param(&u, "page", "2").as_str(),
            "http://h/p?a=1&page=2&b=x+y"
        );
        assert_eq!(param(&with_param(&u, "k", "v"), "k").as_deref(), Some("v"));
        let root = Url::parse("http://127.0.0.1:9/api/").unwrap();
        assert_eq!(
            join(&root, "/query").as_str(),
            "http://127.0.0.1:9/api/query"
        );
    }
}
