//! Tiingo `/tiingo/news`: one request for all the tickers (`tickers=aapl,msft` means any of
//! them), from the day of the last fetch, 1000 a page, paged with `offset`. The answer is a
//! bare array; an error is an object with `detail`.

use reqwest::Url;

use super::{json, text, with_param, Ask, Page};

const LIMIT: usize = 1000;

pub fn first(ask: &Ask) -> Url {
    let mut url = super::join(ask.endpoint, "/tiingo/news");
    {
        let mut q = url.query_pairs_mut();
        if !ask.tickers.is_empty() {
            q.append_pair("tickers", &ask.tickers.join(",").to_lowercase());
        }
        q.append_pair("startDate", &ask.since.format("%Y-%m-%d").to_string());
        q.append_pair("sortBy", "publishedDate");
        q.append_pair("limit", &LIMIT.to_string());
        q.append_pair("offset", "0");
        if let Some(key) = ask.key {
            q.append_pair("token", key);
        }
    }
    url
}

pub fn read(body: &[u8], url: &Url) -> Result<Page, String> {
    match json(body)? {
        serde_json::Value::Array(items) => Ok(Page {
            articles: items.len(),
            next: next_offset(url, items.len(), LIMIT),
        }),
        serde_json::Value::Object(o) if o.contains_key("detail") => {
            Err(format!("Tiingo answered: {}", text(&o["detail"])))
        }
        _ => Err("the response is not a JSON array of news".into()),
    }
}

/// The next page of an API paged by `offset`, when this one was full.
pub(super) fn next_offset(url: &Url, got: usize, limit: usize) -> Option<Url> {
    if got < limit {
        return None;
    }
    let offset: usize = super::param(url, "offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    Some(with_param(url, "offset", &(offset + got).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_continues_at_the_next_offset() {
        let url = Url::parse("http://h/tiingo/news?tickers=aapl&offset=0&token=k").unwrap();
        assert_eq!(read(b"[{},{}]", &url).unwrap().next, None);
        let next = next_offset(&url, 1000, 1000).unwrap();
        assert_eq!(
            super::super::param(&next, "offset").as_deref(),
            Some("1000")
        );
        assert_eq!(super::super::param(&next, "token").as_deref(), Some("k"));
        let err = read(br#"{"detail":"Invalid token."}"#, &url).unwrap_err();
        assert!(err.contains("Invalid token"), "{err}");
    }
}
