//! `.csv` of the common shapes: a header row whose names are matched case-insensitively
//! against synonyms (`headline` is the title, `stock` the ticker, `publishedAt` the date,
//! ...) or named with `--columns`, then one row per article or per ticker mention; rows
//! sharing an `id` (or, without one, title + published_at + source) are one article.
//! A header that lacks what every row needs is one rejection, not one per row.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::FileBatch;
use crate::extract::{parse_article, Article, ParseOptions};
use crate::header::{self, Header};

/// Our fields and the header names that mean them, in order of preference. Names compare
/// in lower case without spaces, `_` or `-` (`Published At` is `published_at`).
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "published_at",
        &[
            "published_at",
            "time_published",
            "publishedat",
            "published",
            "pubdate",
            "datetime",
            "date",
            "timestamp",
            "time",
        ],
    ),
    (
        "ticker",
        &["ticker", "tickers", "symbol", "symbols", "stock", "related"],
    ),
    (
        "sentiment",
        &[
            "sentiment",
            "sentiment_score",
            "ticker_sentiment_score",
            "score",
        ],
    ),
    ("id", &["id"]),
    ("title", &["title", "headline"]),
    (
        "body",
        &["body", "summary", "description", "content", "text"],
    ),
    ("source", &["source", "publisher"]),
    ("url", &["url", "link"]),
    ("relevance", &["relevance", "relevance_score"]),
    ("market_impact", &["market_impact"]),
];

/// `--columns` field names: ours, and the words users reach for.
fn field_named(name: &str) -> Option<&'static str> {
    let key = header::key(name);
    match key.as_str() {
        "date" | "published" | "time" => Some("published_at"),
        "summary" | "text" => Some("body"),
        "headline" => Some("title"),
        "symbol" | "tickers" => Some("ticker"),
        "score" => Some("sentiment"),
        _ => SYNONYMS
            .iter()
            .map(|(field, _)| *field)
            .find(|field| header::key(field) == key),
    }
}

/// The fields `--columns` accepts, for its error message.
pub fn column_fields() -> Vec<&'static str> {
    SYNONYMS.iter().map(|(field, _)| *field).collect()
}

/// Parses `--columns title=headline,ticker=stock` into `(field, header)` pairs.
pub fn parse_column_map(spec: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((field, header)) = part.split_once('=') else {
            return Err(format!(
                "'{part}' is not FIELD=COLUMN (e.g. title=headline)"
            ));
        };
        let Some(field) = field_named(field) else {
            return Err(format!(
                "'{}' is not a field: use one of {}",
                field.trim(),
                column_fields().join(", ")
            ));
        };
        out.push((field.to_string(), header.trim().to_string()));
    }
    Ok(out)
}

/// True when `line` reads as a CSV header of news (a date column beside a title or ticker
/// column): content sniffing for files without a telling extension.
pub fn looks_like_header(line: &str) -> bool {
    let header = Header::new(line.split(',').map(|n| n.trim().trim_matches('"')));
    let has = |field: &str| {
        SYNONYMS
            .iter()
            .find(|(f, _)| *f == field)
            .is_some_and(|(_, synonyms)| header.has_any(synonyms))
    };
    header.len() > 1 && has("published_at") && (has("title") || has("ticker"))
}

/// Which column holds each field: `--columns` first, then the best synonym.
fn map_columns(header: &Header, opts: &ParseOptions) -> Result<Vec<Option<&'static str>>, String> {
    let mut columns: Vec<Option<&'static str>> = vec![None; header.len()];
    for (field, wanted) in opts.columns {
        let field =
            field_named(field).ok_or_else(|| format!("--columns: '{field}' is not a field"))?;
        let at = header.find_named(wanted).ok_or_else(|| {
            format!("--columns names '{wanted}', which this header does not have")
        })?;
        columns[at] = Some(field);
    }
    for (field, synonyms) in SYNONYMS {
        if columns.contains(&Some(field)) {
            continue;
        }
        if let Some(at) = header.find_where(synonyms, |i| columns[i].is_none()) {
            columns[at] = Some(field);
        }
    }
    Ok(columns)
}

/// What is missing from a header for every row, with the fix; `None` when rows can be read.
fn header_problem(columns: &[Option<&str>], opts: &ParseOptions) -> Option<String> {
    let has = |field: &str| columns.contains(&Some(field));
    let has_text = has("title") || has("body");
    if !has("published_at") && opts.default_date.is_none() {
        return Some(
            "no date column: name it with --columns published_at=COLUMN, \
             or pass --date YYYY-MM-DD"
                .into(),
        );
    }
    if !has("ticker") && !has_text && opts.extra_tickers.is_empty() {
        return Some(
            "no ticker column and no title or body to find companies in: name it with \
             --columns ticker=COLUMN, or pass --ticker SYMBOL"
                .into(),
        );
    }
    if !has("sentiment") && !has_text {
        return Some(
            "no sentiment column and no title or body to score: name one with \
             --columns sentiment=COLUMN or --columns title=COLUMN"
                .into(),
        );
    }
    None
}

pub fn read(bytes: &[u8], name: &str, opts: &ParseOptions) -> FileBatch {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // An unclosed quote would swallow every later row into one field: the rows before its
    // row are read, the rest is one rejection.
    let Some(runaway) = super::csv_quotes::find_runaway(bytes) else {
        return read_rows(bytes, name, opts).0;
    };
    let (mut batch, rows_before) = read_rows(&bytes[..runaway.start], name, opts);
    let rest = String::from_utf8_lossy(&bytes[runaway.start..]);
    batch.reject(
        Some(runaway.line),
        (runaway.line > 1).then_some(rows_before + 1),
        format!(
            "{name}: {}; the rows from line {} on are not recorded: close the quote (a quote \
             inside a quoted field is written twice, \"\") and ingest the file again",
            runaway.what, runaway.line
        ),
        &rest,
    );
    batch
}

/// The rows of `bytes`, and how many there were (the header not counted).
fn read_rows(bytes: &[u8], name: &str, opts: &ParseOptions) -> (FileBatch, usize) {
    let mut batch = FileBatch::new(name);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);

    let mut records = reader.byte_records();
    let header = match records.next() {
        None => return (batch, 0),
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            batch.reject(Some(1), None, format!("unreadable CSV header: {e}"), "");
            return (batch, 0);
        }
    };
    let header_names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let header_names = Header::new(header_names.iter().map(String::as_str));
    let header_raw = header_names.joined();
    let columns = match map_columns(&header_names, opts) {
        Ok(columns) => columns,
        Err(reason) => {
            batch.reject(
                Some(1),
                None,
                format!("{name}: {reason} (found: {header_raw})"),
                &header_raw,
            );
            return (batch, 0);
        }
    };
    if let Some(problem) = header_problem(&columns, opts) {
        batch.reject(
            Some(1),
            None,
            format!("{name}: the header has {problem} (found: {header_raw})"),
            &header_raw,
        );
        return (batch, 0);
    }

    // Articles in order of first appearance, keyed by id or title + published_at + source.
    let mut articles: Vec<Article> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut record_no = 0usize;
    let mut positions: Vec<(usize, usize, u64)> = Vec::new(); // (record, line, byte start)
    let mut outcomes: Vec<Result<(String, Article), String>> = Vec::new();

    // A frame saved by pandas with its index, then saved again with a new one: the header
    // names its first column "" and every row has one more, unnamed, field in front.
    let unnamed_index = header.get(0).is_some_and(<[u8]>::is_empty);
    for result in records {
        record_no += 1;
        let (line, start, outcome) = match result {
            Ok(row) => {
                let pos = row.position().cloned().unwrap_or_else(csv::Position::new);
                let row = match unnamed_index && row.len() == header.len() + 1 {
                    true => row.iter().skip(1).collect::<csv::ByteRecord>(),
                    false => row,
                };
                let outcome = if row.len() != header.len() {
                    Err(format!(
                        "the row has {} fields, the header has {}",
                        row.len(),
                        header.len()
                    ))
                } else {
                    let obj = row_to_object(&columns, &row);
                    let key = group_key(&obj);
                    parse_article(&Value::Object(obj), opts).map(|a| (key, a))
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
    (batch, record_no)
}

/// One CSV row as an article object: its tickers as `ticker_sentiment` entries carrying the
/// row's score and relevance. A blank ticker cell is an empty list (the row names no
/// company); without a ticker column the object has no ticker field, so companies are
/// found in its text. Invalid UTF-8 (a Latin-1 export) is replaced, as in pages.
fn row_to_object(columns: &[Option<&str>], row: &csv::ByteRecord) -> Map<String, Value> {
    let mut obj = Map::new();
    let mut tickers: Option<Vec<String>> = None;
    let mut score = None;
    let mut relevance = None;
    for (field, cell) in columns.iter().zip(row.iter()) {
        let Some(field) = field else { continue };
        let cell = String::from_utf8_lossy(cell);
        let cell = cell.trim();
        match *field {
            "ticker" => {
                tickers = Some(
                    cell.split([',', ';', '|'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                        .collect(),
                );
            }
            _ if cell.is_empty() => {}
            "sentiment" => score = Some(json!(cell)),
            "relevance" => relevance = Some(json!(cell)),
            other => {
                obj.insert(other.into(), json!(cell));
            }
        }
    }
    if let Some(tickers) = tickers {
        let entries = tickers
            .into_iter()
            .map(|ticker| {
                let mut entry = Map::new();
                entry.insert("ticker".into(), json!(ticker));
                if let Some(s) = &score {
                    entry.insert("score".into(), s.clone());
                }
                if let Some(r) = &relevance {
                    entry.insert("relevance".into(), r.clone());
                }
                Value::Object(entry)
            })
            .collect();
        obj.insert("ticker_sentiment".into(), Value::Array(entries));
    } else if let Some(s) = score {
        obj.insert("sentiment".into(), s);
    }
    obj
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
    use crate::extract::ScoreSource;

    /// A pandas frame saved twice with its index (`raw_analyst_ratings.csv` re-saved):
    /// one unnamed field in front of every row, under a header whose first name is empty.
    #[test]
    fn rows_one_unnamed_index_longer_than_the_header_read_by_name() {
        let text = ",headline,url,publisher,date,stock\n\
                    0,0,Agilent Withdraws FY20 Guidance,https://b/1,Benzinga,2020-04-02 08:00:00-04:00,A\n";
        let batch = read(text.as_bytes(), "ratings.csv", &ParseOptions::default());
        assert!(batch.rejections.is_empty(), "{:?}", batch.rejections);
        assert_eq!(batch.articles.len(), 1);
        assert_eq!(
            batch.articles[0].title.as_deref(),
            Some("Agilent Withdraws FY20 Guidance")
        );
        assert_eq!(batch.articles[0].mentions[0].ticker, "A");
    }

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
    fn a_header_without_what_rows_need_is_one_rejection() {
        let text = "date,sentiment\n2025-01-01,0.1\n2025-01-02,0.2\n";
        let b = read(text.as_bytes(), "m.csv", &ParseOptions::default());
        assert_eq!(b.rejections.len(), 1);
        let r = &b.rejections[0];
        assert_eq!(r.location.line, Some(1));
        assert!(r.reason.contains("m.csv"), "{}", r.reason);
        assert!(r.reason.contains("--ticker"), "{}", r.reason);
        assert!(r.reason.contains("found: date,sentiment"), "{}", r.reason);

        let no_date = "title,stock\nApple up,AAPL\n";
        let b = read(no_date.as_bytes(), "n.csv", &ParseOptions::default());
        assert_eq!(b.rejections.len(), 1);
        assert!(b.rejections[0].reason.contains("--date"));
    }

    #[test]
    fn synonyms_index_column_and_no_sentiment() {
        let text = ",title,date,stock\r\n\
0,Apple beats estimates and raises guidance,2020-06-05 10:30:00-04:00,AAPL\r\n\
1,\"Agilent slumps\nafter weak outlook\",2020-06-05 09:00:00-04:00,A\r\n";
        let b = read(text.as_bytes(), "h.csv", &ParseOptions::default());
        assert_eq!(b.rejections, vec![]);
        assert_eq!(b.articles.len(), 2);
        let apple = &b.articles[0];
        assert_eq!(apple.mentions[0].ticker, "AAPL");
        assert_eq!(apple.mentions[0].score_source, ScoreSource::Computed);
        assert!(apple.mentions[0].score > 0.0);
        assert_eq!(
            apple.published.utc.to_rfc3339(),
            "2020-06-05T14:30:00+00:00"
        );
        assert!(b.articles[1].mentions[0].score < 0.0);
    }

    #[test]
    fn explicit_columns_win_over_synonyms() {
        let text = "when,what,who,title\n2025-01-01,Up strongly,MSFT,ignored\n";
        let columns = parse_column_map("date=when,title=what,ticker=who").unwrap();
        let opts = ParseOptions {
            columns: &columns,
            ..Default::default()
        };
        let b = read(text.as_bytes(), "c.csv", &opts);
        assert_eq!(b.rejections, vec![]);
        assert_eq!(b.articles[0].title.as_deref(), Some("Up strongly"));
        assert_eq!(b.articles[0].mentions[0].ticker, "MSFT");

        let missing = parse_column_map("title=nope").unwrap();
        let opts = ParseOptions {
            columns: &missing,
            ..Default::default()
        };
        let b = read(text.as_bytes(), "c.csv", &opts);
        assert_eq!(b.rejections.len(), 1);
        assert!(b.rejections[0].reason.contains("'nope'"));
        assert!(parse_column_map("colour=x").is_err());
        assert!(parse_column_map("title").is_err());
    }

    #[test]
    fn blank_ticker_cells_name_no_company_and_lists_split() {
        let text = "date,ticker,sentiment,title\n\
2025-01-01,,0.1,Rates\n2025-01-02,\"AAPL, MSFT\",0.2,Both\n";
        let b = read(text.as_bytes(), "t.csv", &ParseOptions::default());
        assert_eq!(b.rejections, vec![]);
        assert!(b.articles[0].mentions.is_empty());
        let tickers: Vec<_> = b.articles[1].mentions.iter().map(|m| &m.ticker).collect();
        assert_eq!(tickers, ["AAPL", "MSFT"]);
        assert_eq!(b.articles[1].mentions[1].score, 0.2);
    }

    #[test]
    fn latin1_bytes_are_replaced_not_fatal() {
        let mut text =
            b"date,ticker,sentiment,title\n2025-01-01,AAPL,0.1,Apple\x92s day\n".to_vec();
        text.extend_from_slice(b"2025-01-02,MSFT,0.1,ok\n");
        let b = read(&text, "l.csv", &ParseOptions::default());
        assert_eq!(b.rejections, vec![]);
        assert_eq!(b.articles.len(), 2);
        assert!(b.articles[0]
            .title
            .as_deref()
            .unwrap_or("")
            .contains('\u{fffd}'));
    }

    #[test]
    fn headers_are_sniffed_by_their_names() {
        assert!(looks_like_header(",title,date,stock"));
        assert!(looks_like_header("Date,Headline,URL"));
        assert!(looks_like_header("published_at,ticker,sentiment"));
        assert!(!looks_like_header("Meta, Google and the date of the deal"));
        assert!(!looks_like_header("date"));
    }

    proptest::proptest! {
        /// No CSV of the common shapes, however mangled, panics the reader.
        #[test]
        fn any_csv_is_handled(
            header in proptest::collection::vec(
                "(|title|Headline|date|publishedAt|stock|Symbols|sentiment|score|summary|url|id|[a-z ]{0,6})",
                0..7,
            ),
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    "(|AAPL|\\$msft|NASDAQ:NVDA|AAPL,MSFT|0\\.5|-2|NaN|2020-06-05 10:30:00-04:00|AUG 17, 2022|1709649000|14 HOURS AGO|6/1/2020 0:00|\"|\"a\nb\"|.{0,12})",
                    0..7,
                ),
                0..6,
            ),
            bom in proptest::bool::ANY,
            crlf in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
            text.push_str(&header.join(","));
            for row in &rows {
                text.push_str(eol);
                text.push_str(&row.join(","));
            }
            let columns = vec![("title".to_string(), "summary".to_string())];
            for opts in [
                ParseOptions::default(),
                ParseOptions { columns: &columns, ..Default::default() },
            ] {
                let batch = read(text.as_bytes(), "p.csv", &opts);
                for a in &batch.articles {
                    for m in &a.mentions {
                        proptest::prop_assert!((-1.0..=1.0).contains(&m.score));
                    }
                }
            }
        }
    }
}
