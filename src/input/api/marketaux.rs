//! Marketaux `/v1/news/all`: `data[]`, each with `entities[]` giving a `symbol` and a
//! `sentiment_score` in [-1, 1] (the mean of its highlights' scores) → stated scores.

use serde_json::{json, Map, Value};

use super::{ApiShape, ArticleObject};

pub fn to_article(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut article = ArticleObject::new();
    article
        .id(ApiShape::Marketaux, obj.get("uuid"))
        .put("published_at", obj.get("published_at"))
        .put("title", obj.get("title"))
        .put(
            "body",
            obj.get("description")
                .filter(|d| d.as_str().is_some_and(|s| !s.trim().is_empty()))
                .or_else(|| obj.get("snippet")),
        )
        .put("source", obj.get("source"))
        .put("url", obj.get("url"));
    match obj.get("entities") {
        Some(Value::Array(entities)) => {
            // The entity list is the API's ticker field: kept even when empty.
            let tickers: Vec<Value> = entities
                .iter()
                .filter_map(|e| e.get("symbol").cloned())
                .collect();
            let scores: Vec<Value> = entities
                .iter()
                .map(|e| match e {
                    Value::Object(e) => json!({
                        "ticker": e.get("symbol"),
                        "score": e.get("sentiment_score"),
                    }),
                    other => other.clone(),
                })
                .collect();
            article
                .put_value("tickers", Value::Array(tickers))
                .put_value("ticker_sentiment", Value::Array(scores));
        }
        other => {
            article.put("ticker_sentiment", other);
        }
    }
    article.build()
}
