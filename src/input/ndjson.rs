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

/// Lines read and waiting to be parsed: their bytes one after another, and what ended the
/// chunk when it was not its size (a line too long, a read error, which are rejected after
/// the chunk's lines, in line order).
#[derive(Default)]
struct Chunk {
    bytes: Vec<u8>,
    lines: Vec<PendingLine>,
    then: Option<PendingRejection>,
}

/// One non-blank line of a [`Chunk`].
struct PendingLine {
    line_no: usize,
    record: usize,
    /// Its bytes in the chunk's buffer.
    start: usize,
    end: usize,
}

struct PendingRejection {
    line: usize,
    record: Option<usize>,
    reason: String,
    raw: String,
}

impl Chunk {
    fn line(&self, l: &PendingLine) -> &[u8] {
        &self.bytes[l.start..l.end]
    }

    /// Parses the lines in parallel.
    fn parse(&self, opts: &ParseOptions) -> Vec<Result<Article, String>> {
        self.lines
            .par_iter()
            .map(|l| {
                let bytes = self.line(l);
                match serde_json::from_slice::<serde_json::Value>(bytes) {
                    Ok(value) => parse_article(&value, opts),
                    Err(e) => Err(not_utf8(bytes).unwrap_or_else(|| format!("invalid JSON: {e}"))),
                }
            })
            .collect()
    }

    /// Hands the parsed lines on in order: articles to `sink`, rejections into `batch`.
    fn hand_on(
        self,
        parsed: Vec<Result<Article, String>>,
        batch: &mut FileBatch,
        sink: &mut dyn FnMut(Article),
    ) {
        for (line, result) in self.lines.iter().zip(parsed) {
            match result {
                Ok(article) => {
                    batch.mentions_not_about +=
                        article.mentions.iter().filter(|m| !m.about).count();
                    sink(article)
                }
                Err(reason) => {
                    let raw = String::from_utf8_lossy(self.line(line))
                        .trim_end()
                        .to_string();
                    batch.reject(Some(line.line_no), Some(line.record), reason, &raw);
                }
            }
        }
        if let Some(r) = self.then {
            batch.reject(Some(r.line), r.record, r.reason, &r.raw);
        }
    }
}

/// Cuts a stream into [`Chunk`]s.
struct ChunkReader<R> {
    reader: R,
    buf: Vec<u8>,
    line_no: usize,
    record: usize,
    done: bool,
}

impl<R: BufRead> ChunkReader<R> {
    /// The next chunk: up to [`CHUNK_LINES`] lines, ended early by a line that is rejected
    /// unread; `None` at the end.
    fn next_chunk(&mut self) -> Option<Chunk> {
        if self.done {
            return None;
        }
        let mut chunk = Chunk::default();
        while chunk.lines.len() < CHUNK_LINES {
            self.buf.clear();
            match read_line(&mut self.reader, &mut self.buf) {
                Ok(Line::End) => {
                    self.done = true;
                    break;
                }
                Ok(Line::Text) => {
                    self.line_no += 1;
                    let mut text: &[u8] = &self.buf;
                    if self.line_no == 1 {
                        text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
                    }
                    if !text.iter().all(u8::is_ascii_whitespace) {
                        self.record += 1;
                        let start = chunk.bytes.len();
                        chunk.bytes.extend_from_slice(text);
                        chunk.lines.push(PendingLine {
                            line_no: self.line_no,
                            record: self.record,
                            start,
                            end: chunk.bytes.len(),
                        });
                    }
                }
                Ok(Line::TooLong(bytes)) => {
                    self.line_no += 1;
                    self.record += 1;
                    let raw = &self.buf[..self.buf.len().min(200)];
                    chunk.then = Some(PendingRejection {
                        line: self.line_no,
                        record: Some(self.record),
                        reason: format!(
                            "the line is {bytes} bytes long, over the {} MiB a record may take",
                            MAX_LINE_BYTES / (1024 * 1024)
                        ),
                        raw: String::from_utf8_lossy(raw).to_string(),
                    });
                    break;
                }
                Err(e) => {
                    chunk.then = Some(PendingRejection {
                        line: self.line_no + 1,
                        record: None,
                        reason: format!("reading stopped: {e}"),
                        raw: String::new(),
                    });
                    self.done = true;
                    break;
                }
            }
        }
        Some(chunk)
    }
}

/// Streams the lines: articles go to `sink` in line order, rejections into the returned
/// batch. A pipeline of three chunks: while the pool parses one, this thread hands on the
/// one before and reads the one after (reading and handing on would otherwise leave the
/// pool idle, a quarter of an ingest's time on two cores). Memory holds the three chunks.
pub fn read_into(
    reader: impl BufRead,
    name: &str,
    opts: &ParseOptions,
    sink: &mut dyn FnMut(Article),
) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let mut chunks = ChunkReader {
        reader,
        buf: Vec::new(),
        line_no: 0,
        record: 0,
        done: false,
    };
    let mut next = chunks.next_chunk();
    let mut parsed: Option<(Chunk, Vec<Result<Article, String>>)> = None;
    while next.is_some() || parsed.is_some() {
        std::thread::scope(|scope| {
            let parsing = next.take().map(|chunk| {
                scope.spawn(move || {
                    let results = chunk.parse(opts);
                    (chunk, results)
                })
            });
            if let Some((chunk, results)) = parsed.take() {
                chunk.hand_on(results, &mut batch, sink);
            }
            next = chunks.next_chunk();
            parsed = parsing.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        });
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

    /// Across many chunks in the pipeline, articles come out in line order and the
    /// rejections in line order, a line rejected unread in its place among them.
    #[test]
    fn chunks_in_flight_keep_line_order() {
        let mut input = Vec::new();
        let n = CHUNK_LINES * 3 + 17;
        for i in 1..=n {
            match i {
                i if i % 1000 == 0 => input.extend_from_slice(b"not json\n"),
                i if i == CHUNK_LINES + 5 => {
                    input.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 2));
                    input.push(b'\n');
                }
                i => input.extend_from_slice(
                    format!(
                        "{{\"id\":\"{i}\",\"published_at\":\"2025-01-01\",\"tickers\":\"A\",\"sentiment\":0.1}}\n"
                    )
                    .as_bytes(),
                ),
            }
        }
        let mut order = Vec::new();
        let batch = read_into(&input[..], "f.ndjson", &ParseOptions::default(), &mut |a| {
            order.push(a.id.parse::<usize>().unwrap())
        });
        let rejected: Vec<usize> = batch
            .rejections
            .iter()
            .filter_map(|r| r.location.line)
            .collect();
        let mut expected: Vec<usize> = (1..=n)
            .filter(|i| i % 1000 == 0 || *i == CHUNK_LINES + 5)
            .collect();
        expected.sort_unstable();
        assert_eq!(rejected, expected);
        let kept: Vec<usize> = (1..=n).filter(|i| !expected.contains(i)).collect();
        assert_eq!(order, kept);
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
