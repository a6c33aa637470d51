//! NewsAPI `/v2/everything`: one request per ticker, `q` the source's `query` for its
//! company (`{name}` by default), newest first, one page of 100 (the developer plan's most:
//! a daily run asks from its last fetch, so more than 100 a ticker a day is rare). Errors
//! come as `{"status": "error", "code", "message"}`.

use reqwest::Url;

use super::{json, text, Ask, Page};

const PAGE_SIZE: u32 = 100;

pub fn first(ask: &Ask) -> Url {
    let mut url = super::join(ask.endpoint, "/v2/everything");
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("q", ask.query);
        q.append_pair("from", &ask.since.format("%Y-%m-%dT%H:%M:%S").to_string());
        q.append_pair("sortBy", "publishedAt");
        q.append_pair("language", "en");
        q.append_pair("pageSize", &PAGE_SIZE.to_string());
        q.append_pair("page", "1");
        if let Some(key) = ask.key {
            q.append_pair("apiKey", key);
        }
    }
    url
}

pub fn read(body: &[u8]) -> Result<Page, String> {
    let value = json(body)?;
    let status = value.get("status").and_then(|s| s.as_str()).unwrap_or("");
    if status.eq_ignore_ascii_case("error") {
        let code = value.get("code").map(text).unwrap_or_default();
        let message = value.get("message").map(text).unwrap_or_default();
        return Err(format!("NewsAPI answered {code}: {message}"));
    }
    let Some(articles) = value.get("articles").and_then(|a| a.as_array()) else {
        return Err("the response has no \"articles\" array".into());
    };
    Ok(Page {
        articles: articles.len(),
        next: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_counted_and_errors_named() {
        let page = read(br#"{"status":"ok","totalResults":2,"articles":[{},{}]}"#).unwrap();
        assert_eq!(
            page,
            Page {
                articles: 2,
                next: None
            }
        );
        let err = read(br#"{"status":"error","code":"rateLimited","message":"You have made too many requests recently."}"#).unwrap_err();
        assert!(
            err.contains("rateLimited") && err.contains("too many"),
            "{err}"
        );
        assert!(read(b"{}").is_err());
    }
}
