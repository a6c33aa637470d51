//! EODHD `/api/news`: one request per ticker (`s=AAPL.US`: a ticker without an exchange
//! suffix is EODHD's US listing), from the day of the last fetch, 1000 a page, paged with
//! `offset`. The answer is a bare array; an error is an object with `error` or `message`.

use reqwest::Url;

use super::tiingo::next_offset;
use super::{json, text, Ask, Page};

const LIMIT: usize = 1000;

pub fn first(ask: &Ask) -> Url {
    let mut url = super::join(ask.endpoint, "/api/news");
    {
        let mut q = url.query_pairs_mut();
        if !ask.ticker.is_empty() {
            q.append_pair("s", &symbol(ask.ticker));
        }
        q.append_pair("from", &ask.since.format("%Y-%m-%d").to_string());
        q.append_pair("limit", &LIMIT.to_string());
        q.append_pair("offset", "0");
        q.append_pair("fmt", "json");
        if let Some(key) = ask.key {
            q.append_pair("api_token", key);
        }
    }
    url
}

/// EODHD's code for a ticker: `AAPL` → `AAPL.US`; one with a suffix (`VOD.LSE`) as it is.
fn symbol(ticker: &str) -> String {
    if ticker.contains('.') {
        ticker.to_string()
    } else {
        format!("{ticker}.US")
    }
}

pub fn read(body: &[u8], url: &Url) -> Result<Page, String> {
    match json(body)? {
        serde_json::Value::Array(items) => Ok(Page {
            articles: items.len(),
            next: next_offset(url, items.len(), LIMIT),
        }),
        serde_json::Value::Object(o) => {
            let message = o.get("error").or(o.get("message")).map(text);
            Err(format!(
                "EODHD answered: {}",
                message.unwrap_or_else(|| "an object, not a list of news".into())
            ))
        }
        _ => Err("the response is not a JSON array of news".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_tickers_get_eodhds_suffix_and_errors_are_named() {
        assert_eq!(symbol("AAPL"), "AAPL.US");
        assert_eq!(symbol("VOD.LSE"), "VOD.LSE");
        let url = Url::parse("http://h/api/news?s=AAPL.US&offset=0").unwrap();
        assert_eq!(read(b"[{}]", &url).unwrap().articles, 1);
        let err = read(br#"{"error":"Unauthenticated"}"#, &url).unwrap_err();
        assert!(err.contains("Unauthenticated"), "{err}");
    }
}
