//! NewsAPI `/v2/everything` and `/v2/top-headlines`: `articles[]`, no ticker field (the
//! companies are found in the text), no score, no id (the url is the identity). `content`
//! is cut by the API and ends with a marker such as `… [+4713 chars]`, which is not text.

use serde_json::{Map, Value};

use super::{nested, ArticleObject};

pub fn to_article(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut article = ArticleObject::new();
    article
        .put("published_at", obj.get("publishedAt"))
        .put("title", obj.get("title"))
        .put("source", nested(obj, &["source", "name"]))
        .put("url", obj.get("url"));
    let text = |key: &str| {
        obj.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let content = text("content").map(without_truncation_marker);
    let body: Vec<&str> = [text("description"), content]
        .into_iter()
        .flatten()
        .collect();
    if !body.is_empty() {
        article.put_value("body", Value::String(body.join("\n\n")));
    }
    article.build()
}

/// `"Shares rose… [+4713 chars]"` → `"Shares rose"`.
fn without_truncation_marker(content: &str) -> &str {
    match content.rfind("[+") {
        Some(i) if content.ends_with("chars]") => {
            content[..i].trim_end().trim_end_matches('…').trim_end()
        }
        _ => content,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn drops_the_truncation_marker() {
        assert_eq!(
            super::without_truncation_marker("Apple rose 3%… [+4713 chars]"),
            "Apple rose 3%"
        );
        assert_eq!(super::without_truncation_marker("no marker"), "no marker");
    }
}
