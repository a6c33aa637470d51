//! One request per ticker for each price API, and what its response says: the daily closes
//! (adjusted where the API gives them adjusted), a next page, or the API's own error.
//!
//! | kind | request | close used |
//! | --- | --- | --- |
//! | Stooq | `/q/d/l/?s=aapl.us&i=d&d1=YYYYMMDD&d2=YYYYMMDD` (CSV) | `Close` (Stooq adjusts for splits and dividends) |
//! | Alpha Vantage | `/query?function=TIME_SERIES_DAILY&symbol=T&outputsize=compact&apikey=` | `5. adjusted close` when present, else `4. close` |
//! | Polygon | `/v2/aggs/ticker/T/range/1/day/FROM/TO?adjusted=true&sort=asc&limit=50000&apiKey=` | `c`, dated by `t` in New York |
//! | Tiingo | `/tiingo/daily/T/prices?startDate=FROM&endDate=TO&token=` | `adjClose`, else `close` |

use chrono::{DateTime, NaiveDate};
use reqwest::Url;
use serde_json::Value;

use super::source::{PriceKind, PriceSourceConfig};

/// What one response held.
#[derive(Debug, PartialEq)]
pub struct Page {
    pub closes: Vec<(NaiveDate, f64)>,
    /// The closes are adjusted for splits and dividends.
    pub adjusted: bool,
    pub next: Option<Url>,
}

/// The request for `ticker`'s closes from `from` to `to`.
pub fn request(
    source: &PriceSourceConfig,
    endpoint: &Url,
    ticker: &str,
    (from, to): (NaiveDate, NaiveDate),
    key: Option<&str>,
) -> Url {
    let mut url = endpoint.clone();
    let base = endpoint.path().trim_end_matches('/').to_string();
    url.set_query(None);
    let dashed = ticker.replace('.', "-");
    match source.kind {
        PriceKind::Stooq => {
            url.set_path(&format!("{base}/q/d/l/"));
            let suffix = source.suffix.as_deref().unwrap_or(".us");
            let symbol = format!("{}{suffix}", dashed.to_lowercase());
            url.query_pairs_mut()
                .append_pair("s", &symbol)
                .append_pair("i", "d")
                .append_pair("d1", &from.format("%Y%m%d").to_string())
                .append_pair("d2", &to.format("%Y%m%d").to_string());
        }
        PriceKind::Alphavantage => {
            url.set_path(&format!("{base}/query"));
            let mut q = url.query_pairs_mut();
            q.append_pair("function", "TIME_SERIES_DAILY")
                .append_pair("symbol", ticker)
                .append_pair(
                    "outputsize",
                    source.outputsize.as_deref().unwrap_or("compact"),
                );
            if let Some(key) = key {
                q.append_pair("apikey", key);
            }
        }
        PriceKind::Polygon => {
            url.set_path(&format!(
                "{base}/v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}"
            ));
            let mut q = url.query_pairs_mut();
            q.append_pair("adjusted", "true")
                .append_pair("sort", "asc")
                .append_pair("limit", "50000");
            if let Some(key) = key {
                q.append_pair("apiKey", key);
            }
        }
        PriceKind::Tiingo => {
            url.set_path(&format!("{base}/tiingo/daily/{dashed}/prices"));
            let mut q = url.query_pairs_mut();
            q.append_pair("startDate", &from.to_string())
                .append_pair("endDate", &to.to_string());
            if let Some(key) = key {
                q.append_pair("token", key);
            }
        }
    }
    url
}

/// Reads a response: `Err` is the API's error message, or why the body is unusable.
pub fn read(
    kind: PriceKind,
    body: &[u8],
    endpoint: &Url,
    key: Option<&str>,
) -> Result<Page, String> {
    match kind {
        PriceKind::Stooq => stooq(body),
        PriceKind::Alphavantage => alphavantage(&json(body)?),
        PriceKind::Polygon => polygon(&json(body)?, endpoint, key),
        PriceKind::Tiingo => tiingo(&json(body)?),
    }
}

fn json(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| {
        format!("the response is not valid JSON ({e}); cut short or not the API's answer?")
    })
}

fn text(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    s.chars().take(300).collect()
}

fn close(value: f64, at: &str) -> Result<f64, String> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(format!("{at}: the close {value} is not a positive number"))
    }
}

fn date(s: &str, at: &str) -> Result<NaiveDate, String> {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| format!("{at}: '{s}' is not a date YYYY-MM-DD"))
}

/// Stooq's CSV: `Date,Open,High,Low,Close,Volume` (Volume missing for indices). Anything
/// else ("No data", a rate-limit page) is the error.
fn stooq(body: &[u8]) -> Result<Page, String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or("")
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let (Some(date_at), Some(close_at)) = (at("date"), at("close")) else {
        let shown: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown: String = shown.chars().take(120).collect();
        return Err(format!(
            "Stooq answered \"{shown}\" instead of a Date,...,Close CSV (a ticker Stooq does not know, or its daily limit)"
        ));
    };
    let mut closes = Vec::new();
    for (i, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("line {}", i + 2);
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let day = date(cells.get(date_at).copied().unwrap_or(""), &at)?;
        let value = cells
            .get(close_at)
            .and_then(|c| c.parse::<f64>().ok())
            .ok_or_else(|| format!("{at}: no number in the Close column"))?;
        closes.push((day, close(value, &at)?));
    }
    Ok(Page {
        closes,
        adjusted: true,
        next: None,
    })
}

/// Alpha Vantage `TIME_SERIES_DAILY` (or `_ADJUSTED`): `"Time Series (Daily)"` by date;
/// errors and rate limits are 200 responses with `Error Message`, `Information` or `Note`.
fn alphavantage(value: &Value) -> Result<Page, String> {
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
    let Some(series) = object.get("Time Series (Daily)").and_then(Value::as_object) else {
        return Err("the response has no \"Time Series (Daily)\" object".into());
    };
    let mut closes = Vec::new();
    let mut adjusted = false;
    for (day, bar) in series {
        let at = format!("\"Time Series (Daily)\".\"{day}\"");
        let field = bar
            .get("5. adjusted close")
            .inspect(|_| adjusted = true)
            .or(bar.get("4. close"))
            .ok_or_else(|| format!("{at}: no \"4. close\""))?;
        let value = match field {
            Value::String(s) => s.trim().parse::<f64>().ok(),
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
        .ok_or_else(|| format!("{at}: the close {field} is not a number"))?;
        closes.push((date(day, &at)?, close(value, &at)?));
    }
    closes.sort_by_key(|c| c.0);
    Ok(Page {
        closes,
        adjusted,
        next: None,
    })
}

/// Polygon's aggregates: `results[]` with `c` (close) and `t` (the bar's start, Unix ms:
/// midnight in New York); `status` "ERROR" or an `error` is the error.
fn polygon(value: &Value, endpoint: &Url, key: Option<&str>) -> Result<Page, String> {
    let Some(object) = value.as_object() else {
        return Err("the response is not a JSON object".into());
    };
    let status = object.get("status").and_then(Value::as_str).unwrap_or("");
    if let Some(message) = object.get("error") {
        return Err(format!("Polygon answered {status}: {}", text(message)));
    }
    if matches!(status, "ERROR" | "NOT_AUTHORIZED" | "NOT_FOUND") {
        let message = object.get("message").map(text).unwrap_or_default();
        return Err(format!("Polygon answered status {status} {message}"));
    }
    let mut closes = Vec::new();
    let results = match object.get("results") {
        Some(r) => r
            .as_array()
            .ok_or("\"results\" is not an array")?
            .as_slice(),
        None => &[],
    };
    for (i, bar) in results.iter().enumerate() {
        let at = format!("results[{i}]");
        let (Some(c), Some(t)) = (
            bar.get("c").and_then(Value::as_f64),
            bar.get("t").and_then(Value::as_i64),
        ) else {
            return Err(format!("{at}: no numbers c and t"));
        };
        let day = DateTime::from_timestamp_millis(t)
            .ok_or_else(|| format!("{at}: t = {t} is no instant"))?
            .with_timezone(&chrono_tz::America::New_York)
            .date_naive();
        closes.push((day, close(c, &at)?));
    }
    let next = match object.get("next_url").and_then(Value::as_str) {
        Some(next) if !next.is_empty() => {
            let url =
                Url::parse(next).map_err(|e| format!("next_url '{next}' is not a URL ({e})"))?;
            if url.origin() != endpoint.origin() {
                return Err(format!(
                    "next_url points to {}, not {}: not sending the key there",
                    url.origin().ascii_serialization(),
                    endpoint.origin().ascii_serialization()
                ));
            }
            let mut url = url;
            if let Some(key) = key {
                url.query_pairs_mut().append_pair("apiKey", key);
            }
            Some(url)
        }
        _ => None,
    };
    Ok(Page {
        closes,
        adjusted: object
            .get("adjusted")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        next,
    })
}

/// Tiingo's end-of-day prices: an array of `{date, close, adjClose, ...}`; an object with
/// `detail` is the error.
fn tiingo(value: &Value) -> Result<Page, String> {
    if let Some(detail) = value.get("detail") {
        return Err(format!("Tiingo answered: {}", text(detail)));
    }
    let Some(rows) = value.as_array() else {
        return Err("the response is not a JSON array of prices".into());
    };
    let mut closes = Vec::new();
    let mut adjusted = !rows.is_empty();
    for (i, row) in rows.iter().enumerate() {
        let at = format!("[{i}]");
        let day = date(row.get("date").and_then(Value::as_str).unwrap_or(""), &at)?;
        let value = match row.get("adjClose").and_then(Value::as_f64) {
            Some(v) => v,
            None => {
                adjusted = false;
                row.get("close")
                    .and_then(Value::as_f64)
                    .ok_or_else(|| format!("{at}: no close"))?
            }
        };
        closes.push((day, close(value, &at)?));
    }
    Ok(Page {
        closes,
        adjusted,
        next: None,
    })
}

#[cfg(test)]
mod tests;
