//! Finnhub `/api/v1/company-news`: one request per ticker for a range of dates; the answer
//! is a plain array, with no pages.

use reqwest::Url;

use super::{json, text, Ask, Page};

pub fn first(ask: &Ask) -> Url {
    let mut url = super::join(ask.endpoint, "/api/v1/company-news");
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("symbol", ask.ticker);
        q.append_pair("from", &ask.since.format("%Y-%m-%d").to_string());
        q.append_pair("to", &ask.now.format("%Y-%m-%d").to_string());
        if let Some(key) = ask.key {
            q.append_pair("token", key);
        }
    }
    url
}

pub fn read(body: &[u8]) -> Result<Page, String> {
    match json(body)? {
        serde_json::Value::Array(items) => Ok(Page {
            articles: items.len(),
            next: None,
        }),
        serde_json::Value::Object(o) if o.contains_key("error") => {
            Err(format!("Finnhub answered: {}", text(&o["error"])))
        }
        _ => Err("the response is not a JSON array of news".into()),
    }
}
