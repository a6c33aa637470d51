//! `.csv`: a header row, then one row per ticker mention; rows sharing an `id` (or, without
//! one, title + published_at + source) are one article.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::FileBatch;
use crate::extract::{parse_article, Article, ParseOptions};

/// Header names accepted for each field (first is the contract's name).
const COLUMNS: &[(&str, &[&str])] = &[
    ("published_at", &["published_at", "date", "time_published"]),
    ("ticker", &["ticker", "symbol"]),
    (
        "sentiment",
        &["sentiment", "score", "ticker_sentiment_score"],
    ),
    ("id", &["id"]),
    ("title", &["title"]),
    ("source", &["source"]),
    ("url", &["url"]),
    ("relevance", &["relevance", "relevance_score"]),
    ("market_impact", &["market_impact"]),
];

pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);

    let mut records = reader.byte_records();
    let header = match records.next() {
        None => return batch,
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            batch.reject(Some(1), None, format!("unreadable CSV header: {e}"), "");
            return batch;
        }
    };
    let columns: Vec<Option<&str>> = header
        .iter()
        .map(|h| {
            let h = String::from_utf8_lossy(h).trim().to_ascii_lowercase();
            COLUMNS
                .iter()
                .find(|(_, names)| names.contains(&h.as_str()))
                .map(|(field, _)| *field)
        })
        .collect();
    let missing: Vec<&str> = ["ticker", "sentiment"]
        .into_iter()
        .chain((opts.default_date.is_none()).then_some("published_at"))
        .filter(|f| !columns.contains(&Some(*f)))
        .collect();

    // Articles in order of first appearance, keyed by id or title + published_at + source.
    let mut articles: Vec<Article> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut record_no = 0usize;
    let mut positions: Vec<(usize, usize, u64)> = Vec::new(); // (record, line, byte start)
    let mut outcomes: Vec<Result<(String, Article), String>> = Vec::new();

    for result in records {
        record_no += 1;
        let (line, start, outcome) = match result {
            Ok(row) => {
                let pos = row.position().cloned().unwrap_or_else(csv::Position::new);
                let outcome = if !missing.is_empty() {
                    Err(format!("the header has no {} column", missing.join(" or ")))
                } else if row.len() != header.len() {
                    Err(format!(
                        "the row has {} fields, the header has {}",
                        row.len(),
                        header.len()
                    ))
                } else {
                    row_to_object(&columns, &row).and_then(|obj| {
                        let key = group_key(&obj);
                        parse_article(&Value::Object(obj), opts).map(|a| (key, a))
                    })
                };
                (pos.line() as usize, pos.byte(), outcome)
            }
            Err(e) => {
                let pos = e.position().cloned().unwrap_or_else(csv::Position::new);
                (
                    pos.line() as usize,
                    pos.byte(),
                    Err(format!("unreadable CSV row: {e}")),
                )
            }
        };
        positions.push((record_no, line, start));
        outcomes.push(outcome);
    }

    for (i, outcome) in outcomes.into_iter().enumerate() {
        let (record, line, start) = positions[i];
        let end = positions
            .get(i + 1)
            .map(|p| p.2 as usize)
            .unwrap_or(bytes.len());
        let raw = String::from_utf8_lossy(&bytes[(start as usize).min(end)..end]);
        let raw = raw.trim_end_matches(['\r', '\n']);
        match outcome {
            Err(reason) => batch.reject(Some(line), Some(record), reason, raw),
            Ok((key, row_article)) => match by_key.get(&key) {
                None => {
                    by_key.insert(key, articles.len());
                    articles.push(row_article);
                }
                Some(&at) => {
                    if let Err(reason) = merge_row(&mut articles[at], row_article) {
                        batch.reject(Some(line), Some(record), reason, raw);
                    }
                }
            },
        }
    }
    batch.articles = articles;
    batch
}

/// One CSV row as an article object with a single `ticker_sentiment` entry.
fn row_to_object(
    columns: &[Option<&str>],
    row: &csv::ByteRecord,
) -> Result<Map<String, Value>, String> {
    let mut obj = Map::new();
    let mut mention = Map::new();
    for (field, cell) in columns.iter().zip(row.iter()) {
        let Some(field) = field else { continue };
        let cell = std::str::from_utf8(cell)
            .map_err(|_| format!("{field}: not valid UTF-8"))?
            .trim();
        if cell.is_empty() {
            continue;
        }
        match *field {
            "ticker" => {
                mention.insert("ticker".into(), json!(cell));
            }
            "sentiment" => {
                mention.insert("score".into(), json!(cell));
            }
            "relevance" => {
                mention.insert("relevance".into(), json!(cell));
            }
            other => {
                obj.insert(other.into(), json!(cell));
            }
        }
    }
    if mention.contains_key("ticker") {
        obj.insert(
            "ticker_sentiment".into(),
            Value::Array(vec![Value::Object(mention)]),
        );
    }
    Ok(obj)
}

fn group_key(obj: &Map<String, Value>) -> String {
    let get = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or("");
    match obj.get("id").and_then(Value::as_str) {
        Some(id) => format!("id\u{1f}{id}"),
        None => format!(
            "tps\u{1f}{}\u{1f}{}\u{1f}{}",
            get("title"),
            get("published_at"),
            get("source")
        ),
    }
}

/// Adds a row's mention to the article its earlier rows started.
fn merge_row(article: &mut Article, row: Article) -> Result<(), String> {
    for mention in row.mentions {
        match article.mentions.iter().find(|m| m.ticker == mention.ticker) {
            Some(m) if *m == mention => {}
            Some(_) => {
                return Err(format!(
                    "{} appears twice in article {} with different values",
                    mention.ticker, article.id
                ))
            }
            None => article.mentions.push(mention),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_group_by_id_and_bad_rows_are_rejected() {
        let text = "id,published_at,ticker,sentiment,title,relevance\n\
a1,2025-01-01T10:00:00Z,GOOG,0.2,\"Alphabet, up\",0.5\n\
a1,2025-01-01T10:00:00Z,GOOGL,0.4,\"Alphabet, up\",0.9\n\
a2,2025-01-02,MSFT,1.5,x,1\n\
a3,2025-01-02,MSFT,0.1\n";
        let b = read(text.as_bytes(), "m.csv", &ParseOptions::default());
        assert_eq!(b.articles.len(), 1);
        assert_eq!(b.articles[0].mentions.len(), 2);
        assert_eq!(b.articles[0].title.as_deref(), Some("Alphabet, up"));
        let lines: Vec<_> = b.rejections.iter().map(|r| r.location.line).collect();
        assert_eq!(lines, vec![Some(4), Some(5)]);
        assert_eq!(b.rejections[0].raw, "a2,2025-01-02,MSFT,1.5,x,1");
        assert!(b.rejections[1].reason.contains("fields"));
    }

    #[test]
    fn without_id_title_date_and_source_group() {
        let text = "date,ticker,sentiment,title,source\n\
2025-01-01,AAPL,0.1,T,S\n2025-01-01,MSFT,0.2,T,S\n2025-01-01,MSFT,0.2,T,Other\n";
        let b = read(text.as_bytes(), "m.csv", &ParseOptions::default());
        assert_eq!(b.rejections, vec![]);
        assert_eq!(b.articles.len(), 2);
        assert_eq!(b.articles[0].mentions.len(), 2);
        assert_ne!(b.articles[0].id, b.articles[1].id);
    }

    #[test]
    fn missing_ticker_column_rejects_every_row() {
        let text = "date,sentiment\n2025-01-01,0.1\n2025-01-02,0.2\n";
        let b = read(text.as_bytes(), "m.csv", &ParseOptions::default());
        assert_eq!(b.rejections.len(), 2);
        assert!(b.rejections[0].reason.contains("ticker"));
    }
}
