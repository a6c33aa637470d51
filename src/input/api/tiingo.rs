//! Tiingo `/tiingo/news`: a bare array; `tickers` in lower case (normalised to upper case by
//! `parse_article`), `tags` → categories. No score: articles are scored from their text.

use serde_json::{Map, Value};

use super::{ApiShape, ArticleObject};

pub fn to_article(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut article = ArticleObject::new();
    article
        .id(ApiShape::Tiingo, obj.get("id"))
        .put("published_at", obj.get("publishedDate"))
        .put("title", obj.get("title"))
        .put("body", obj.get("description"))
        .put("source", obj.get("source"))
        .put("url", obj.get("url"))
        .put("tickers", obj.get("tickers"))
        .put("categories", obj.get("tags"));
    article.build()
}
