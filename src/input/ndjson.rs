//! NDJSON / JSON Lines: one article object per line, read as a stream.

use std::io::Read;

use rayon::prelude::*;

use super::lines::{Chunk, ChunkReader, Ended};
use super::FileBatch;
use crate::extract::{parse_article, Article, ParseOptions};

pub use super::lines::MAX_LINE_BYTES;

/// Lines parsed together, in parallel, before their articles go to the sink in order.
const CHUNK_LINES: usize = 4096;

/// Reads every line into `batch` (articles included): for small inputs and tests.
pub fn read(reader: impl Read, name: &str, opts: &ParseOptions) -> FileBatch {
    let mut articles = Vec::new();
    let mut batch = read_into(reader, name, opts, &mut |a| articles.push(a));
    batch.articles = articles;
    batch
}

/// Parses a chunk's lines in parallel.
fn parse(chunk: &Chunk, opts: &ParseOptions) -> Vec<Result<Article, String>> {
    chunk
        .lines
        .par_iter()
        .map(|l| {
            let bytes = chunk.line(l);
            match serde_json::from_slice::<serde_json::Value>(bytes) {
                Ok(value) => parse_article(&value, opts),
                Err(e) => Err(not_utf8(bytes).unwrap_or_else(|| format!("invalid JSON: {e}"))),
            }
        })
        .collect()
}

/// Hands a chunk's parsed lines on in order: articles to `sink`, rejections into
/// `batch`, then what ended the chunk.
fn hand_on(
    chunk: Chunk,
    parsed: Vec<Result<Article, String>>,
    batch: &mut FileBatch,
    sink: &mut dyn FnMut(Article),
) {
    for (line, result) in chunk.lines.iter().zip(parsed) {
        match result {
            Ok(article) => {
                batch.mentions_not_about += article.mentions.iter().filter(|m| !m.about).count();
                sink(article)
            }
            Err(reason) => {
                let raw = String::from_utf8_lossy(chunk.line(line))
                    .trim_end()
                    .to_string();
                batch.reject(Some(line.line_no), Some(line.record), reason, &raw);
            }
        }
    }
    match chunk.then {
        Some(Ended::TooLong {
            line_no,
            record,
            bytes,
            start,
        }) => {
            let reason = format!(
                "the line is {bytes} bytes long, over the {} MiB a record may take",
                MAX_LINE_BYTES / (1024 * 1024)
            );
            let raw = String::from_utf8_lossy(&start).to_string();
            batch.reject(Some(line_no), Some(record), reason, &raw);
        }
        Some(Ended::ReadFailed { line_no, error }) => {
            batch.reject(Some(line_no), None, format!("reading stopped: {error}"), "");
        }
        None => {}
    }
}

/// Streams the lines: articles go to `sink` in line order, rejections into the returned
/// batch. A pipeline of three chunks: while the pool parses one, this thread hands on the
/// one before and reads the one after (reading and handing on would otherwise leave the
/// pool idle, a quarter of an ingest's time on two cores). Memory holds the three chunks.
/// The pool is the caller's rayon pool (the global one, or the one a model's ingest runs
/// in, `model::in_flight`, whose many threads keep the model's batches full).
pub fn read_into(
    reader: impl Read,
    name: &str,
    opts: &ParseOptions,
    sink: &mut dyn FnMut(Article),
) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let mut chunks = ChunkReader::new(reader, CHUNK_LINES);
    let mut next = chunks.next_chunk();
    let mut parsed: Option<(Chunk, Vec<Result<Article, String>>)> = None;
    while next.is_some() || parsed.is_some() {
        let mut parsing: Option<(Chunk, Vec<Result<Article, String>>)> = None;
        // Runs on this thread; the spawned parse on the caller's pool.
        rayon::in_place_scope(|scope| {
            if let Some(chunk) = next.take() {
                let slot = &mut parsing;
                scope.spawn(move |_| {
                    let results = parse(&chunk, opts);
                    *slot = Some((chunk, results));
                });
            }
            if let Some((chunk, results)) = parsed.take() {
                hand_on(chunk, results, &mut batch, sink);
            }
            next = chunks.next_chunk();
        });
        parsed = parsing;
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

    /// Records the thread each text is scored on.
    #[derive(Debug, Default)]
    struct Threads(std::sync::Mutex<Vec<Option<String>>>);

    impl crate::extract::scorer::TextScorer for Threads {
        fn entities(
            &self,
            text: &str,
            entities: &[tickertone_text::score::Entity],
        ) -> Result<tickertone_text::score::EntityScores, String> {
            self.text(text)?;
            Ok(tickertone_text::score::score_entities(text, entities))
        }

        fn text(&self, _: &str) -> Result<f64, String> {
            let name = std::thread::current().name().map(str::to_string);
            self.0.lock().map_err(|e| e.to_string())?.push(name);
            Ok(0.0)
        }

        fn recorded_as(&self) -> (crate::extract::ScoreSource, Option<std::sync::Arc<str>>) {
            (crate::extract::ScoreSource::Computed, None)
        }
    }

    /// Lines are parsed (and their text scored) on the caller's pool: a model's ingest
    /// runs in a pool of many threads so that many articles wait on its batches at once.
    #[test]
    fn lines_are_parsed_on_the_callers_pool() {
        let input: String = (1..=200)
            .map(|i| {
                format!(
                    "{{\"id\":\"{i}\",\"published_at\":\"2025-01-01\",\"tickers\":\"A\",\"title\":\"A rose {i}%\"}}\n"
                )
            })
            .collect();
        let scorer = Threads::default();
        let opts = ParseOptions {
            scorer: Some(&scorer),
            ..Default::default()
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .thread_name(|i| format!("callers-{i}"))
            .build()
            .unwrap();
        let mut n = 0;
        let batch =
            pool.install(|| read_into(input.as_bytes(), "f.ndjson", &opts, &mut |_| n += 1));
        assert_eq!((n, batch.rejections.len()), (200, 0));
        let threads = scorer.0.into_inner().unwrap();
        assert!(!threads.is_empty());
        assert!(
            threads
                .iter()
                .all(|t| t.as_deref().is_some_and(|t| t.starts_with("callers-"))),
            "{threads:?}"
        );
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
