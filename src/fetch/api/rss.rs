//! An RSS or Atom feed: one GET of its URL, conditional on the last answer's `ETag` and
//! `Last-Modified` (a 304 means nothing new). The XML is saved whole; it is only checked
//! to be a feed, not an HTML page, and its items counted.

use reqwest::header::{IF_MODIFIED_SINCE, IF_NONE_MATCH};

use super::{Ask, Page, Request};

pub fn first(ask: &Ask) -> Request {
    let mut headers = Vec::new();
    if let Some(etag) = &ask.state.etag {
        headers.push((IF_NONE_MATCH, etag.clone()));
    }
    if let Some(modified) = &ask.state.last_modified {
        headers.push((IF_MODIFIED_SINCE, modified.clone()));
    }
    Request {
        url: ask.endpoint.clone(),
        headers,
    }
}

pub fn read(body: &[u8]) -> Result<Page, String> {
    let text = String::from_utf8_lossy(body);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = start.chars().take(1024).collect::<String>().to_lowercase();
    let is_feed = ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .any(|t| head.contains(t));
    if !start.starts_with('<') || (!is_feed && head.contains("<html")) {
        return Err("the response is not an RSS or Atom feed (an HTML page or no XML)".into());
    }
    let lower = text.to_lowercase();
    let articles = count_tags(&lower, "<item") + count_tags(&lower, "<entry");
    Ok(Page {
        articles,
        next: None,
    })
}

/// Opening tags named exactly `tag` (`<item>`, `<item attr>`, not `<itemlist>`).
fn count_tags(text: &str, tag: &str) -> usize {
    text.match_indices(tag)
        .filter(|(i, _)| {
            text[i + tag.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c == '/' || c.is_whitespace())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_counted_and_html_is_refused() {
        let rss = b"<?xml version=\"1.0\"?><rss><channel><item><title>a</title></item><item>\n</item></channel></rss>";
        assert_eq!(read(rss).unwrap().articles, 2);
        let atom = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry></entry></feed>";
        assert_eq!(read(atom).unwrap().articles, 1);
        assert!(read(b"<!DOCTYPE html><html><body>Login</body></html>").is_err());
        assert!(read(b"{\"not\": \"xml\"}").is_err());
    }
}
