//! Alpha Vantage `NEWS_SENTIMENT`: one request per ticker (`tickers=A,B` would mean articles
//! naming both), oldest first, 1000 at most; a full page continues from its last minute.
//! Errors and rate limits come as 200 responses with `Note`, `Information` or
//! `Error Message` instead of `feed`.

use reqwest::Url;

use super::{json, param, text, with_param, Ask, Page};

const LIMIT: usize = 1000;

pub fn first(ask: &Ask) -> Url {
    let mut url = super::join(ask.endpoint, "/query");
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("function", "NEWS_SENTIMENT");
        if !ask.ticker.is_empty() {
            q.append_pair("tickers", ask.ticker);
        }
        q.append_pair("time_from", &ask.since.format("%Y%m%dT%H%M").to_string());
        q.append_pair("sort", "EARLIEST");
        q.append_pair("limit", &LIMIT.to_string());
        if let Some(key) = ask.key {
            q.append_pair("apikey", key);
        }
    }
    url
}

pub fn read(body: &[u8], url: &Url) -> Result<Page, String> {
    let value = json(body)?;
    let Some(object) = value.as_object() else {
        return Err("the response is not a JSON object".into());
    };
    for key in ["Error Message", "Information", "Note"] {
        if let Some(message) = object.get(key) {
            return Err(format!(
                "Alpha Vantage answered \"{key}\": {}",
                text(message)
            ));
        }
    }
    let Some(feed) = object.get("feed").and_then(|f| f.as_array()) else {
        return Err("the response has no \"feed\" array".into());
    };
    // A full page: ask again from the minute of its last (newest) article. Articles of
    // that minute come twice and are recorded once.
    let next = if feed.len() >= LIMIT {
        let last = feed
            .last()
            .and_then(|a| a.get("time_published"))
            .and_then(|t| t.as_str())
            .and_then(|t| t.get(..13));
        match last {
            Some(minute) if param(url, "time_from").as_deref() != Some(minute) => {
                Some(with_param(url, "time_from", minute))
            }
            _ => None,
        }
    } else {
        None
    };
    Ok(Page {
        articles: feed.len(),
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_errors_and_a_full_page_continues() {
        let url = Url::parse("http://h/query?time_from=20250101T0000&apikey=k").unwrap();
        let err = read(br#"{"Note": "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day."}"#, &url).unwrap_err();
        assert!(
            err.contains("\"Note\"") && err.contains("25 requests per day"),
            "{err}"
        );
        assert!(read(br#"{"Information": "x"}"#, &url).is_err());
        assert!(read(br#"{"feed": [{"ti"#, &url)
            .unwrap_err()
            .contains("not valid JSON"));
        let page = read(br#"{"items": "0", "feed": []}"#, &url).unwrap();
        assert_eq!(
            page,
            Page {
                articles: 0,
                next: None
            }
        );

        let items: Vec<String> = (0..LIMIT)
            .map(|i| {
                format!(
                    r#"{{"time_published": "20250102T{:02}{:02}00"}}"#,
                    i / 60 % 24,
                    i % 60
                )
            })
            .collect();
        let body = format!(r#"{{"feed": [{}]}}"#, items.join(","));
        let page = read(body.as_bytes(), &url).unwrap();
        let next = page.next.unwrap();
        assert_eq!(param(&next, "time_from").as_deref(), Some("20250102T1639"));
        assert_eq!(param(&next, "apikey").as_deref(), Some("k"));
    }
}
