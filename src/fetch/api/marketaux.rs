//! Marketaux `/v1/news/all`: one request for all the tickers (`symbols` means any of them),
//! paged with `page`; `meta` says how many were found and how many a page holds.

use reqwest::Url;

use super::{json, text, with_param, Ask, Page};

pub fn first(ask: &Ask) -> Url {
    let mut url = super::join(ask.endpoint, "/v1/news/all");
    {
        let mut q = url.query_pairs_mut();
        if !ask.tickers.is_empty() {
            q.append_pair("symbols", &ask.tickers.join(","));
            q.append_pair("filter_entities", "true");
        }
        q.append_pair(
            "published_after",
            &ask.since.format("%Y-%m-%dT%H:%M:%S").to_string(),
        );
        q.append_pair("page", "1");
        if let Some(key) = ask.key {
            q.append_pair("api_token", key);
        }
    }
    url
}

pub fn read(body: &[u8], url: &Url) -> Result<Page, String> {
    let value = json(body)?;
    if let Some(error) = value.get("error") {
        let code = error.get("code").map(text).unwrap_or_default();
        let message = error
            .get("message")
            .map(text)
            .unwrap_or_else(|| text(error));
        return Err(format!("Marketaux answered {code}: {message}"));
    }
    let Some(data) = value.get("data").and_then(|d| d.as_array()) else {
        return Err("the response has no \"data\" array".into());
    };
    let meta = |name: &str| {
        value
            .get("meta")
            .and_then(|m| m.get(name))
            .and_then(|v| v.as_u64())
    };
    let next = match (meta("found"), meta("returned"), meta("limit"), meta("page")) {
        (Some(found), Some(returned), Some(limit), Some(page))
            if returned > 0 && page.saturating_mul(limit) < found =>
        {
            Some(with_param(url, "page", &(page + 1).to_string()))
        }
        _ => None,
    };
    Ok(Page {
        articles: data.len(),
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_until_found_is_reached() {
        let url = Url::parse("http://h/v1/news/all?page=1&api_token=k").unwrap();
        let body = br#"{"meta":{"found":7,"returned":3,"limit":3,"page":2},"data":[{},{},{}]}"#;
        let page = read(body, &url).unwrap();
        assert_eq!(page.articles, 3);
        assert_eq!(
            super::super::param(&page.next.unwrap(), "page").as_deref(),
            Some("3")
        );
        let last = br#"{"meta":{"found":7,"returned":1,"limit":3,"page":3},"data":[{}]}"#;
        assert_eq!(read(last, &url).unwrap().next, None);
        let err = read(br#"{"error":{"code":"usage_limit_reached","message":"The usage limit for this account has been reached."}}"#, &url).unwrap_err();
        assert!(err.contains("usage_limit_reached"), "{err}");
    }
}
