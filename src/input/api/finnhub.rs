//! Finnhub `/company-news` and `/news`: a bare array; `datetime` in Unix seconds, `related` a
//! comma-separated ticker string (empty for market news that names no company). No score.

use serde_json::{Map, Value};

use super::{ApiShape, ArticleObject};

pub fn to_article(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut article = ArticleObject::new();
    article
        .id(ApiShape::Finnhub, obj.get("id"))
        .put("published_at", obj.get("datetime"))
        .put("title", obj.get("headline"))
        .put("body", obj.get("summary"))
        .put("source", obj.get("source"))
        .put("url", obj.get("url"));
    match obj.get("related") {
        // The API gives a ticker field: an empty one names no company on purpose.
        Some(Value::String(s)) => {
            let tickers: Vec<Value> = s
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Value::String(t.to_string()))
                .collect();
            article.put_value("tickers", Value::Array(tickers));
        }
        other => {
            article.put("tickers", other);
        }
    }
    if let Some(Value::String(c)) = obj.get("category") {
        if !c.trim().is_empty() {
            article.put_value("categories", Value::Array(vec![Value::String(c.clone())]));
        }
    }
    article.build()
}
