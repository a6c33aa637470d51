//! NDJSON / JSON Lines: one article object per line, read as a stream.

use std::io::BufRead;

use rayon::prelude::*;

use super::FileBatch;
use crate::extract::{parse_article, Article, ParseOptions};

/// Longest line read as a record: an article is kilobytes; a longer line is rejected
/// without being held in memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// What reading one line gave.
enum Line {
    End,
    Text,
    /// Longer than [`MAX_LINE_BYTES`] (its length): skipped to its end; the buffer holds
    /// its start.
    TooLong(usize),
}

/// Reads up to the next newline into `buf`, keeping at most `MAX_LINE_BYTES` of it.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    let mut total = 0usize;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(match total {
                0 => Line::End,
                t if t > MAX_LINE_BYTES => Line::TooLong(t),
                _ => Line::Text,
            });
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = (MAX_LINE_BYTES + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        total += take;
        reader.consume(take);
        if done {
            return Ok(if total > MAX_LINE_BYTES + 1 {
                Line::TooLong(total)
            } else {
                Line::Text
            });
        }
    }
}

/// Lines parsed together, in parallel, before their articles go to the sink in order.
const CHUNK_LINES: usize = 4096;

/// Reads every line into `batch` (articles included): for small inputs and tests.
pub fn read(reader: impl BufRead, name: &str, opts: &ParseOptions) -> FileBatch {
    let mut articles = Vec::new();
    let mut batch = read_into(reader, name, opts, &mut |a| articles.push(a));
    batch.articles = articles;
    batch
}

/// One non-blank line waiting to be parsed.
struct PendingLine {
    line_no: usize,
    record: usize,
    bytes: Vec<u8>,
}

/// Streams the lines: articles go to `sink` in line order as chunks are parsed (in
/// parallel), rejections into the returned batch. Memory holds one chunk of lines.
pub fn read_into(
    mut reader: impl BufRead,
    name: &str,
    opts: &ParseOptions,
    sink: &mut dyn FnMut(Article),
) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut record = 0usize;
    let mut pending: Vec<PendingLine> = Vec::with_capacity(CHUNK_LINES);
    loop {
        buf.clear();
        let line = read_line(&mut reader, &mut buf);
        let done = !matches!(line, Ok(Line::Text) | Ok(Line::TooLong(_)));
        match line {
            Ok(Line::End) => {}
            Ok(Line::Text) => {
                line_no += 1;
                let mut text: &[u8] = &buf;
                if line_no == 1 {
                    text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
                }
                if !text.iter().all(u8::is_ascii_whitespace) {
                    record += 1;
                    pending.push(PendingLine {
                        line_no,
                        record,
                        bytes: text.to_vec(),
                    });
                }
            }
            Ok(Line::TooLong(bytes)) => {
                line_no += 1;
                record += 1;
                flush(&mut pending, &mut batch, opts, sink);
                let start = String::from_utf8_lossy(&buf[..buf.len().min(200)]).to_string();
                let reason = format!(
                    "the line is {bytes} bytes long, over the {} MiB a record may take",
                    MAX_LINE_BYTES / (1024 * 1024)
                );
                batch.reject(Some(line_no), Some(record), reason, &start);
            }
            Err(e) => {
                flush(&mut pending, &mut batch, opts, sink);
                batch.reject(Some(line_no + 1), None, format!("reading stopped: {e}"), "");
            }
        }
        if done || pending.len() >= CHUNK_LINES {
            flush(&mut pending, &mut batch, opts, sink);
        }
        if done {
            break;
        }
    }
    batch
}

/// The reason for a line that is not UTF-8 (serde_json calls it "invalid unicode code
/// point"), naming the byte and the fix.
fn not_utf8(line: &[u8]) -> Option<String> {
    let e = std::str::from_utf8(line).err()?;
    let at = e.valid_up_to();
    Some(format!(
        "invalid JSON: the line is not UTF-8 (byte 0x{:02X} at column {}; a Latin-1 or \
         Windows-1252 export?): re-encode the file as UTF-8",
        line.get(at).copied().unwrap_or(0),
        at + 1
    ))
}

/// Parses the pending lines in parallel, then hands them on in order.
fn flush(
    pending: &mut Vec<PendingLine>,
    batch: &mut FileBatch,
    opts: &ParseOptions,
    sink: &mut dyn FnMut(Article),
) {
    let parsed: Vec<Result<Article, String>> = pending
        .par_iter()
        .map(
            |l| match serde_json::from_slice::<serde_json::Value>(&l.bytes) {
                Ok(value) => parse_article(&value, opts),
                Err(e) => Err(not_utf8(&l.bytes).unwrap_or_else(|| format!("invalid JSON: {e}"))),
            },
        )
        .collect();
    for (line, result) in pending.drain(..).zip(parsed) {
        match result {
            Ok(article) => {
                batch.mentions_not_about += article.mentions.iter().filter(|m| !m.about).count();
                sink(article)
            }
            Err(reason) => {
                let raw = String::from_utf8_lossy(&line.bytes).trim_end().to_string();
                batch.reject(Some(line.line_no), Some(line.record), reason, &raw);
            }
        }
    }
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

    #[test]
    fn an_overlong_line_is_rejected_and_reading_goes_on() {
        let mut input = vec![b'x'; MAX_LINE_BYTES + 10];
        input.extend_from_slice(
            b"\n{\"id\":\"1\",\"published_at\":\"2025-01-01\",\"tickers\":\"A\",\"sentiment\":0.1}\n",
        );
        let batch = read(&input[..], "f.ndjson", &ParseOptions::default());
        assert_eq!(batch.articles.len(), 1);
        assert_eq!(batch.rejections.len(), 1);
        assert!(batch.rejections[0].reason.contains("MiB"));
        assert_eq!(batch.rejections[0].raw.len(), 200);
    }

    #[test]
    fn deep_nesting_is_rejected_not_a_crash() {
        let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let batch = read(deep.as_bytes(), "f.ndjson", &ParseOptions::default());
        assert_eq!(batch.rejections.len(), 1);
        assert!(batch.rejections[0].reason.contains("invalid JSON"));
    }
}
