//! The main news APIs' own JSON, recognised by its shape and mapped field by field to the
//! article object, which `extract::parse_article` then validates like any other record (one
//! validation path). The README's "News API shapes" says how each API's fields and sentiment
//! map, and why.
//!
//! | API | shape | module |
//! | --- | --- | --- |
//! | Polygon `/v2/reference/news` | `{results: [{published_utc, article_url, tickers, insights}]}` | `polygon` |
//! | Finnhub company / market news | `[{datetime, related, headline, summary, source, url, id}]` | `finnhub` |
//! | Marketaux `/v1/news/all` | `{data: [{uuid, published_at, entities: [{symbol, sentiment_score}]}]}` | `marketaux` |
//! | EODHD `/api/news` | `[{date, title, content, link, symbols, tags, sentiment: {polarity}}]` | `eodhd` |
//! | Tiingo `/tiingo/news` | `[{id, publishedDate, title, description, url, source, tickers, tags}]` | `tiingo` |
//! | NewsAPI `/v2/everything`, `/v2/top-headlines` | `{articles: [{source: {name}, publishedAt, title, description, content, url}]}` | `newsapi` |
//! | StockTwits streams | `{messages: [{id, body, created_at, symbols: [{symbol}], entities: {sentiment: {basic}}}]}` | `stocktwits` |

mod eodhd;
mod finnhub;
mod marketaux;
mod newsapi;
mod polygon;
mod stocktwits;
mod tiingo;

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A news API whose responses are read as they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiShape {
    Polygon,
    Finnhub,
    Marketaux,
    Eodhd,
    Tiingo,
    NewsApi,
    StockTwits,
}

impl ApiShape {
    /// The API's name, also the prefix of the ids it gives (`finnhub:140399323`): APIs number
    /// their articles independently, so a bare id could name two articles.
    pub fn name(self) -> &'static str {
        match self {
            ApiShape::Polygon => "polygon",
            ApiShape::Finnhub => "finnhub",
            ApiShape::Marketaux => "marketaux",
            ApiShape::Eodhd => "eodhd",
            ApiShape::Tiingo => "tiingo",
            ApiShape::NewsApi => "newsapi",
            ApiShape::StockTwits => "stocktwits",
        }
    }

    /// One record of this API → the article object.
    pub fn to_article(self, record: &Value) -> Result<Value, String> {
        let Value::Object(obj) = record else {
            return Err(format!(
                "expected a {} news object, found {}",
                self.name(),
                crate::extract::fields::kind(record)
            ));
        };
        Ok(Value::Object(match self {
            ApiShape::Polygon => polygon::to_article(obj),
            ApiShape::Finnhub => finnhub::to_article(obj),
            ApiShape::Marketaux => marketaux::to_article(obj),
            ApiShape::Eodhd => eodhd::to_article(obj),
            ApiShape::Tiingo => tiingo::to_article(obj),
            ApiShape::NewsApi => newsapi::to_article(obj),
            ApiShape::StockTwits => stocktwits::to_article(obj),
        }))
    }

    /// The API whose record this is, from the keys only that API uses; `None` for our own
    /// article objects (and Alpha Vantage's, which `parse_article` reads as they are).
    fn of_record(record: &Value) -> Option<ApiShape> {
        let Value::Object(o) = record else {
            return None;
        };
        let has = |k: &str| o.get(k).is_some_and(|v| !v.is_null());
        let polarity = o.get("sentiment").and_then(|s| s.get("polarity")).is_some();
        if has("published_utc") || (has("article_url") && has("publisher")) {
            Some(ApiShape::Polygon)
        } else if has("datetime") && (has("related") || has("headline")) {
            Some(ApiShape::Finnhub)
        } else if has("uuid") && has("entities") {
            Some(ApiShape::Marketaux)
        } else if has("symbols") && (polarity || (has("link") && has("date"))) {
            Some(ApiShape::Eodhd)
        } else if has("publishedDate") {
            Some(ApiShape::Tiingo)
        } else if has("publishedAt") && o.get("source").is_some_and(Value::is_object) {
            Some(ApiShape::NewsApi)
        } else if has("created_at") && has("body") && o.get("symbols").is_some_and(Value::is_array)
        {
            Some(ApiShape::StockTwits)
        } else {
            None
        }
    }
}

/// The records of a JSON document and the API they come from (`None`: article objects).
/// The error is the one rejection of a document that is an API's error response.
pub fn records(top: &RawValue) -> Result<(Option<ApiShape>, Vec<&RawValue>), String> {
    let first_of = |items: &[&RawValue]| {
        items
            .first()
            .and_then(|i| serde_json::from_str::<Value>(i.get()).ok())
            .and_then(|v| ApiShape::of_record(&v))
    };
    match top.get().trim_start().as_bytes().first() {
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(top.get()).unwrap_or_default();
            Ok((first_of(&items), items))
        }
        Some(b'{') => {
            let Ok(obj) = serde_json::from_str::<BTreeMap<String, &RawValue>>(top.get()) else {
                return Ok((None, vec![top]));
            };
            if let Some(message) = error_response(&obj) {
                return Err(format!(
                    "an API error response, not news: {message}; fetch the news again"
                ));
            }
            // Alpha Vantage's `feed`, then the envelopes of the APIs that wrap their list.
            for key in ["feed", "results", "data", "articles", "messages"] {
                let Some(list) = obj.get(key) else { continue };
                let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(list.get()) else {
                    continue;
                };
                if key == "feed" || items.is_empty() {
                    return Ok((None, items));
                }
                if let Some(shape) = first_of(&items) {
                    return Ok((Some(shape), items));
                }
            }
            Ok((None, vec![top]))
        }
        _ => Ok((None, vec![top])),
    }
}

/// The message of an API's error response: NewsAPI `{status: "error", message}`, Polygon
/// `{status: "ERROR", error}`, Finnhub `{error}`, Marketaux `{error: {message}}`,
/// StockTwits `{errors: [{message}]}`.
fn error_response(obj: &BTreeMap<String, &RawValue>) -> Option<String> {
    let text = |key: &str| {
        obj.get(key)
            .and_then(|v| serde_json::from_str::<Value>(v.get()).ok())
    };
    let status_error = text("status")
        .and_then(|s| s.as_str().map(|s| s.eq_ignore_ascii_case("error")))
        .unwrap_or(false);
    let has_news = ["results", "data", "articles", "messages", "feed"]
        .iter()
        .any(|k| obj.contains_key(*k));
    if has_news && !status_error {
        return None;
    }
    let message = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("message").and_then(Value::as_str).map(str::to_string),
            Value::Array(items) => items
                .first()
                .and_then(|i| i.get("message").and_then(Value::as_str).map(str::to_string)),
            _ => None,
        }
    };
    if status_error {
        return ["message", "error"]
            .iter()
            .find_map(|k| text(k).as_ref().and_then(message))
            .or(Some("status \"error\"".into()));
    }
    if obj.len() <= 3 {
        return ["error", "errors"]
            .iter()
            .find_map(|k| text(k).as_ref().and_then(message));
    }
    None
}

/// Building an article object from an API record: values are copied as given (a number
/// stays a number), so that `parse_article` judges them and names the field when one is
/// wrong.
struct ArticleObject(Map<String, Value>);

impl ArticleObject {
    fn new() -> Self {
        ArticleObject(Map::new())
    }

    /// Sets `key` to `value` when it is present and not null.
    fn put(&mut self, key: &str, value: Option<&Value>) -> &mut Self {
        if let Some(v) = value.filter(|v| !v.is_null()) {
            self.0.insert(key.to_string(), v.clone());
        }
        self
    }

    fn put_value(&mut self, key: &str, value: Value) -> &mut Self {
        self.0.insert(key.to_string(), value);
        self
    }

    /// `id` as `<api>:<id>`, the API's own id made unique across APIs.
    fn id(&mut self, api: ApiShape, id: Option<&Value>) -> &mut Self {
        match id {
            Some(Value::String(s)) if !s.trim().is_empty() => {
                self.put_value("id", Value::String(format!("{}:{}", api.name(), s.trim())))
            }
            Some(Value::Number(n)) => {
                self.put_value("id", Value::String(format!("{}:{n}", api.name())))
            }
            // Anything else is passed on for `parse_article` to reject by name.
            other => self.put("id", other.filter(|v| !matches!(v, Value::String(_)))),
        }
    }

    fn build(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.0)
    }
}

/// A label the API gives instead of a number → the score we record for it. A label says a
/// direction, not a strength: ±0.5 is the middle of each half of [-1, 1], and lies in the
/// contract's Bullish / Bearish bands (|s| ≥ 0.35) so one labelled article reads as
/// labelled, while a mean of labels stays 0.5 × (share positive − share negative).
fn label_score(label: &str) -> Option<f64> {
    match label.trim().to_ascii_lowercase().as_str() {
        "positive" | "bullish" => Some(LABEL_SCORE),
        "negative" | "bearish" => Some(-LABEL_SCORE),
        "neutral" => Some(0.0),
        _ => None,
    }
}

pub const LABEL_SCORE: f64 = 0.5;

/// `obj.a.b`: a nested field.
fn nested<'a>(obj: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter().try_fold(obj.get(*first)?, |v, k| v.get(*k))
}

#[cfg(test)]
mod tests;
