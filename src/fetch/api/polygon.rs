//! Polygon `/v2/reference/news`: one request per ticker, oldest first, 1000 a page; more
//! pages come as `next_url` (without the key, which is added back only for the same host).

use reqwest::Url;

use super::{json, text, with_param, Ask, Page};

pub fn first(ask: &Ask) -> Url {
    let mut url = super::join(ask.endpoint, "/v2/reference/news");
    {
        let mut q = url.query_pairs_mut();
        if !ask.ticker.is_empty() {
            q.append_pair("ticker", ask.ticker);
        }
        q.append_pair(
            "published_utc.gte",
            &ask.since.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        );
        q.append_pair("order", "asc");
        q.append_pair("sort", "published_utc");
        q.append_pair("limit", "1000");
        if let Some(key) = ask.key {
            q.append_pair("apiKey", key);
        }
    }
    url
}

pub fn read(body: &[u8], ask: &Ask) -> Result<Page, String> {
    let value = json(body)?;
    let Some(object) = value.as_object() else {
        return Err("the response is not a JSON object".into());
    };
    let status = object.get("status").and_then(|s| s.as_str()).unwrap_or("");
    if let Some(message) = object.get("error").or(object.get("message")) {
        return Err(format!("Polygon answered {status}: {}", text(message)));
    }
    if matches!(status, "ERROR" | "NOT_AUTHORIZED") {
        return Err(format!("Polygon answered status {status}"));
    }
    let articles = match object.get("results") {
        Some(r) => r.as_array().ok_or("\"results\" is not an array")?.len(),
        None => 0,
    };
    let next = match object.get("next_url").and_then(|n| n.as_str()) {
        Some(next) if !next.is_empty() => Some(next_page(next, ask)?),
        _ => None,
    };
    Ok(Page { articles, next })
}

/// `next_url` with the key, which is sent only back to the host it came from.
fn next_page(next: &str, ask: &Ask) -> Result<Url, String> {
    let url = Url::parse(next).map_err(|e| format!("next_url '{next}' is not a URL ({e})"))?;
    let origin = ask.endpoint.origin();
    if url.origin() != origin {
        return Err(format!(
            "next_url points to {}, not {}: not sending the key there",
            url.origin().ascii_serialization(),
            origin.ascii_serialization()
        ));
    }
    Ok(match ask.key {
        Some(key) => with_param(&url, "apiKey", key),
        None => url,
    })
}
