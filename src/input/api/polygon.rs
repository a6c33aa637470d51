//! Polygon `/v2/reference/news`: `results[]` with `insights[]` giving a sentiment label per
//! ticker (`positive`, `neutral`, `negative`) → stated scores of ±0.5 and 0.

use serde_json::{json, Map, Value};

use super::{label_score, nested, ApiShape, ArticleObject};

pub fn to_article(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut article = ArticleObject::new();
    article
        .id(ApiShape::Polygon, obj.get("id"))
        .put("published_at", obj.get("published_utc"))
        .put("title", obj.get("title"))
        .put("body", obj.get("description"))
        .put("source", nested(obj, &["publisher", "name"]))
        .put("url", obj.get("article_url"))
        .put("tickers", obj.get("tickers"))
        .put("categories", obj.get("keywords"));
    if let Some(Value::Array(insights)) = obj.get("insights") {
        let scores: Vec<Value> = insights
            .iter()
            .map(|insight| match insight {
                Value::Object(i) => json!({
                    "ticker": i.get("ticker"),
                    // An unknown label is no score: the ticker is then scored from the text.
                    "score": i.get("sentiment").and_then(Value::as_str).and_then(label_score),
                }),
                // Not an object: passed on, for parse_article to reject by name.
                other => other.clone(),
            })
            .collect();
        article.put_value("ticker_sentiment", Value::Array(scores));
    }
    article.build()
}
