//! `.json`: one article object, an array of them, an Alpha Vantage `NEWS_SENTIMENT`
//! response (an object with a `feed` array), or a news API's response (`input::api`).

use rayon::prelude::*;
use serde_json::value::RawValue;

use super::{api, ndjson, FileBatch};
use crate::extract::{parse_article, Article, ParseOptions};

pub fn read(text: &str, name: &str, opts: &ParseOptions) -> FileBatch {
    let top: &RawValue = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            // A `.json` file that is really JSON Lines still goes in, line by line.
            if looks_like_json_lines(text) {
                return ndjson::read(text.as_bytes(), name, opts);
            }
            let mut batch = FileBatch::new(name);
            batch.reject(Some(e.line()), Some(1), format!("invalid JSON: {e}"), text);
            return batch;
        }
    };
    let mut batch = FileBatch::new(name);
    // Alpha Vantage's `feed`, a news API's response (by its shape), or article objects.
    let (shape, items) = match api::records(top) {
        Ok(found) => found,
        Err(reason) => {
            batch.reject(Some(1), Some(1), reason, text);
            return batch;
        }
    };
    let mut lines = LineCounter::new(text);
    let located: Vec<(usize, &RawValue)> = items
        .into_iter()
        .map(|item| (lines.line_of(item.get()), item))
        .collect();
    // Records are parsed in parallel, as NDJSON lines are (a big API response is one file;
    // a model scores many articles in one batch only when many are in flight), then kept
    // in file order.
    let parsed: Vec<Result<Article, String>> = located
        .par_iter()
        .map(|(_, item)| {
            serde_json::from_str::<serde_json::Value>(item.get())
                .map_err(|e| format!("invalid JSON: {e}"))
                .and_then(|value| match shape {
                    Some(api) => api.to_article(&value),
                    None => Ok(value),
                })
                .and_then(|value| parse_article(&value, opts))
        })
        .collect();
    for (i, ((line, item), parsed)) in located.iter().zip(parsed).enumerate() {
        match parsed {
            Ok(article) => batch.articles.push(article),
            Err(reason) => batch.reject(Some(*line), Some(i + 1), reason, item.get()),
        }
    }
    batch
}

fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first_ok = lines
        .next()
        .is_some_and(|l| serde_json::from_str::<&RawValue>(l).is_ok());
    first_ok && lines.next().is_some()
}

/// Line numbers of slices of one text, asked for in order of position.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line where `slice` (a part of `text`) starts.
    fn line_of(&mut self, slice: &str) -> usize {
        let start = (slice.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        if start < self.offset || start > self.text.len() {
            return self.line;
        }
        self.line += self.text.as_bytes()[self.offset..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = start;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"1","published_at":"2025-01-01","tickers":"A","sentiment":0.1}"#;

    #[test]
    fn single_object() {
        let b = read(GOOD, "f.json", &ParseOptions::default());
        assert_eq!(b.articles.len(), 1);
    }

    #[test]
    fn array_with_a_bad_element_reports_its_line() {
        let text = format!("[\n{GOOD},\n42,\n{GOOD}\n]");
        let b = read(&text, "f.json", &ParseOptions::default());
        assert_eq!(b.articles.len(), 2);
        assert_eq!(b.rejections.len(), 1);
        assert_eq!(b.rejections[0].location.line, Some(3));
        assert_eq!(b.rejections[0].location.record, Some(2));
        assert_eq!(b.rejections[0].raw, "42");
    }

    #[test]
    fn alpha_vantage_feed() {
        let text = r#"{"items": "1", "feed": [{"title": "t", "url": "u",
            "time_published": "20250526T143000", "overall_sentiment_score": 0.2,
            "ticker_sentiment": [{"ticker": "META", "relevance_score": "0.5",
            "ticker_sentiment_score": "-0.8"}]}]}"#;
        let b = read(text, "av.json", &ParseOptions::default());
        assert_eq!(b.rejections, vec![]);
        assert_eq!(b.articles[0].mentions[0].score, -0.8);
    }

    #[test]
    fn broken_json_is_one_rejection() {
        let b = read("[{\"id\": ", "f.json", &ParseOptions::default());
        assert_eq!(b.articles.len(), 0);
        assert_eq!(b.rejections.len(), 1);
        assert!(b.rejections[0].reason.starts_with("invalid JSON"));
    }

    #[test]
    fn json_lines_in_a_json_file() {
        let text = format!("{GOOD}\n{}\n", GOOD.replace("\"1\"", "\"2\""));
        let b = read(&text, "f.json", &ParseOptions::default());
        assert_eq!(b.articles.len(), 2);
    }
}
