//! EODHD `/api/news`: a bare array; `symbols` as `AAPL.US` (EODHD's code for US listings,
//! dropped, so that `AAPL.US` is AAPL); `sentiment.polarity` in [-1, 1] is the article's
//! score (one per article, not per ticker). EODHD gives no id and no source name.

use serde_json::{Map, Value};

use super::{nested, ArticleObject};

pub fn to_article(obj: &Map<String, Value>) -> Map<String, Value> {
    let mut article = ArticleObject::new();
    article
        .put("published_at", obj.get("date"))
        .put("title", obj.get("title"))
        .put("body", obj.get("content"))
        .put("url", obj.get("link"))
        .put("sentiment", nested(obj, &["sentiment", "polarity"]))
        .put("categories", obj.get("tags"));
    match obj.get("symbols") {
        Some(Value::Array(symbols)) => {
            let tickers = symbols
                .iter()
                .map(|s| match s {
                    Value::String(s) => Value::String(without_us_suffix(s).to_string()),
                    other => other.clone(),
                })
                .collect();
            article.put_value("tickers", Value::Array(tickers));
        }
        other => {
            article.put("tickers", other);
        }
    }
    article.build()
}

/// `AAPL.US` → `AAPL`; other exchanges (`VOD.LSE`, `SHOP.TO`) stay as they are: they are
/// other listings, not the US ticker.
fn without_us_suffix(symbol: &str) -> &str {
    let s = symbol.trim();
    match s.len().checked_sub(3) {
        Some(cut) if s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(".US") => &s[..cut],
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn drops_only_the_us_suffix() {
        assert_eq!(super::without_us_suffix("AAPL.US"), "AAPL");
        assert_eq!(super::without_us_suffix("BRK-B.us"), "BRK-B");
        assert_eq!(super::without_us_suffix("VOD.LSE"), "VOD.LSE");
        assert_eq!(super::without_us_suffix("US"), "US");
        assert_eq!(super::without_us_suffix("é.US"), "é");
    }
}
