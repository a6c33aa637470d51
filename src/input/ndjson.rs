//! NDJSON / JSON Lines: one article object per line, read as a stream.

use std::io::BufRead;

use super::FileBatch;
use crate::extract::{parse_article, ParseOptions};

pub fn read(mut reader: impl BufRead, name: &str, opts: &ParseOptions) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut record = 0usize;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                batch.reject(Some(line_no + 1), None, format!("reading stopped: {e}"), "");
                break;
            }
        }
        line_no += 1;
        let mut line: &[u8] = &buf;
        if line_no == 1 {
            line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        record += 1;
        let raw = || String::from_utf8_lossy(line).trim_end().to_string();
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(value) => match parse_article(&value, opts) {
                Ok(article) => batch.articles.push(article),
                Err(reason) => batch.reject(Some(line_no), Some(record), reason, &raw()),
            },
            Err(e) => batch.reject(
                Some(line_no),
                Some(record),
                format!("invalid JSON: {e}"),
                &raw(),
            ),
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_lines() {
        let input =
            b"{\"id\":\"1\",\"published_at\":\"2025-01-01\",\"tickers\":\"A\",\"sentiment\":0.1}\n\
\n\
not json\n\
[1,2]\r\n\
{\"id\":\"2\",\"published_at\":\"2025-01-02\",\"tickers\":\"B\",\"sentiment\":-0.1}";
        let batch = read(&input[..], "f.ndjson", &ParseOptions::default());
        assert_eq!(batch.articles.len(), 2);
        let lines: Vec<_> = batch.rejections.iter().map(|r| r.location.line).collect();
        assert_eq!(lines, vec![Some(3), Some(4)]);
        assert!(batch.rejections[0].reason.starts_with("invalid JSON"));
        assert_eq!(batch.rejections[1].raw, "[1,2]");
    }
}
