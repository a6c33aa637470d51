//! StockTwits streams (`/streams/symbol/…`): `messages[]`; the message is its own headline;
//! `symbols[].symbol` are its tickers; the author's `Bullish` / `Bearish` tag
//! (`entities.sentiment.basic`) is the message's score, ±0.5 (untagged: scored from the text).

use serde_json::{Map, Value};

use super::{label_score, nested, ApiShape, ArticleObject};

pub fn to_article(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut article = ArticleObject::new();
    article
        .id(ApiShape::StockTwits, obj.get("id"))
        .put("published_at", obj.get("created_at"))
        // Message bodies come HTML-escaped (`killin&#39; it`): decoded by the HTML parser.
        .put(
            "title",
            obj.get("body")
                .map(|b| match b {
                    Value::String(s) => Value::String(crate::input::html::fragment_text(s)),
                    other => other.clone(),
                })
                .as_ref(),
        )
        .put_value("source", Value::String("StockTwits".into()));
    match obj.get("symbols") {
        Some(Value::Array(symbols)) => {
            let tickers = symbols
                .iter()
                .map(|s| s.get("symbol").cloned().unwrap_or_else(|| s.clone()))
                .collect();
            article.put_value("tickers", Value::Array(tickers));
        }
        other => {
            article.put("tickers", other);
        }
    }
    if let Some(score) = nested(obj, &["entities", "sentiment", "basic"])
        .and_then(Value::as_str)
        .and_then(label_score)
    {
        article.put_value("sentiment", Value::from(score));
    }
    article.build()
}
