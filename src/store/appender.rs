//! New store files being written by an ingest: one per month of publication, each a series
//! of row groups sorted by the UTC day of `published_at`.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use anyhow::{Context, Result};
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::{DataFrame, ParquetCompression, ParquetWriter};
use rayon::prelude::*;

use super::{day_of_micros, names, schema, sync_dir, unique, Month};
use crate::extract::Article;

/// Articles held back before they are written: each month's among them as one row group.
/// Bounds memory (two batches at most: one being written, one filling). One buffer for
/// all months, emptied whole: a buffer per month, or writing only the fullest month, cost
/// more CPU in the allocator (`benches/RESULTS.md`, "Why the code is as it is").
const WAITING_ARTICLES: usize = 50_000;

/// New store files being written, one per month of publication. Articles wait until
/// [`WAITING_ARTICLES`] are there; then a writer thread (so reading goes on meanwhile)
/// sorts them by the UTC day of `published_at` (a stable sort: a day's articles keep their
/// input order, so every per-day sum adds in the same order as the input) and cuts them by
/// month, each cut a row group of a hidden temporary file in the month's folder. [`commit`]
/// syncs the files and renames each into place under a name that hashes its article ids.
/// Dropped uncommitted, it removes its temporary files.
///
/// [`commit`]: Appender::commit
pub struct Appender {
    dir: PathBuf,
    /// [`WAITING_ARTICLES`], smaller in tests.
    batch_size: usize,
    waiting: Vec<Article>,
    writer: Option<WriterThread>,
}

/// The thread that writes batches of articles into the month files.
struct WriterThread {
    batches: SyncSender<Vec<Article>>,
    /// Written batches, emptied, for reuse (their capacity is kept).
    emptied: Receiver<Vec<Article>>,
    thread: JoinHandle<MonthFiles>,
}

/// The month files being written, and the first error writing them.
struct MonthFiles {
    dir: PathBuf,
    open: BTreeMap<Month, OpenPart>,
    error: Option<anyhow::Error>,
}

struct OpenPart {
    dir: PathBuf,
    tmp: PathBuf,
    file: File,
    /// Buffered: the Parquet writer writes page headers a field at a time; its `finish`
    /// flushes the buffer (the footer's write ends with a flush) before `file` is synced.
    writer: BatchedWriter<BufWriter<File>>,
    hasher: blake3::Hasher,
}

impl Appender {
    /// An appender of the month folders under `dir` (the store's `mentions` folder).
    pub(super) fn new(dir: PathBuf) -> Self {
        Appender {
            dir,
            batch_size: WAITING_ARTICLES,
            waiting: Vec::new(),
            writer: None,
        }
    }

    /// Takes an article; hands the waiting ones to the writer once there are enough.
    pub fn push(&mut self, article: Article) -> Result<()> {
        self.waiting.push(article);
        if self.waiting.len() >= self.batch_size {
            self.hand_over()?;
        }
        Ok(())
    }

    /// Sends the waiting articles to the writer thread (started on first use); waits while
    /// it still writes the batch before.
    fn hand_over(&mut self) -> Result<()> {
        if self.waiting.is_empty() {
            return Ok(());
        }
        let writer = match &mut self.writer {
            Some(writer) => writer,
            None => self.writer.insert(WriterThread::start(self.dir.clone())?),
        };
        let next = writer
            .emptied
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(self.batch_size));
        let batch = std::mem::replace(&mut self.waiting, next);
        if writer.batches.send(batch).is_err() {
            // The thread has ended: only a panic ends it early. `finish` reports it.
            return self.finish_writer().map(|_| ());
        }
        Ok(())
    }

    /// Stops the writer thread; its month files (none if it never started).
    fn finish_writer(&mut self) -> Result<MonthFiles> {
        let Some(writer) = self.writer.take() else {
            return Ok(MonthFiles::new(self.dir.clone()));
        };
        drop(writer.batches);
        let mut files = writer
            .thread
            .join()
            .map_err(|_| anyhow::anyhow!("the store writer thread panicked"))?;
        match files.error.take() {
            Some(e) => Err(e),
            None => Ok(files),
        }
    }

    /// Writes what still waits, finishes the files, syncs them and renames each into its
    /// month's folder; returns their paths (none when nothing was written). Each file is
    /// published whole by its rename: a crash between two months' renames leaves the first
    /// recorded, and ingesting the inputs again records the rest under the same names.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        self.hand_over()?;
        let mut files = self.finish_writer()?;
        let parts: Vec<OpenPart> = std::mem::take(&mut files.open).into_values().collect();
        let finished: Vec<(PathBuf, PathBuf, PathBuf)> = parts
            .iter()
            .map(|part| {
                let path = part.dir.join(names::part(part.hasher.finalize()));
                (part.dir.clone(), part.tmp.clone(), path)
            })
            .collect();
        // The months' files are finished and synced in parallel, and so are their folders:
        // each sync waits on the disk (an input spread over a year has a dozen months).
        let result: Result<()> =
            parts
                .into_par_iter()
                .zip(&finished)
                .try_for_each(|(part, (_, _, path))| {
                    finish_part(part).with_context(|| format!("cannot write {}", path.display()))
                });
        let renamed = result.and_then(|()| {
            crate::fault::point("temp-written");
            for (_, tmp, path) in &finished {
                // The folders are synced together below.
                fs::rename(tmp, path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            // The renames are durable once the folders themselves are synced.
            finished
                .par_iter()
                .try_for_each(|(dir, _, _)| sync_dir(dir))?;
            if !finished.is_empty() {
                // The month folders themselves.
                sync_dir(&files.dir)?;
            }
            Ok(())
        });
        if let Err(e) = renamed {
            for (_, tmp, _) in &finished {
                let _ = fs::remove_file(tmp);
            }
            return Err(e);
        }
        Ok(finished.into_iter().map(|(_, _, path)| path).collect())
    }
}

impl WriterThread {
    fn start(dir: PathBuf) -> Result<Self> {
        let (batches, incoming) = sync_channel::<Vec<Article>>(0);
        let (give_back, emptied) = sync_channel::<Vec<Article>>(1);
        let thread = std::thread::Builder::new()
            .name("store writer".into())
            .spawn(move || {
                let mut files = MonthFiles::new(dir);
                for mut batch in incoming {
                    // After an error, batches are only taken (the reader goes on counting).
                    if files.error.is_none() {
                        if let Err(e) = files.write(&batch) {
                            files.error = Some(e);
                        }
                    }
                    batch.clear();
                    let _ = give_back.try_send(batch);
                }
                files
            })
            .context("cannot start the store writer thread")?;
        Ok(WriterThread {
            batches,
            emptied,
            thread,
        })
    }
}

impl MonthFiles {
    fn new(dir: PathBuf) -> Self {
        MonthFiles {
            dir,
            open: BTreeMap::new(),
            error: None,
        }
    }

    /// Writes a batch of articles: one row group per month among them, each built from
    /// references in day order (faster than building rows in input order, then gathering).
    fn write(&mut self, batch: &[Article]) -> Result<()> {
        let mut by_day: Vec<(i64, &Article)> = batch
            .iter()
            .map(|a| (a.published.utc.timestamp_micros(), a))
            .collect();
        by_day.sort_by_key(|&(micros, _)| day_of_micros(micros));
        for group in by_day.chunk_by(|a, b| Month::of_micros(a.0) == Month::of_micros(b.0)) {
            let month = Month::of_micros(group[0].0);
            let articles: Vec<&Article> = group.iter().map(|&(_, a)| a).collect();
            let df = schema::article_refs_to_frame(&articles)?;
            let part = self.part(month, &df)?;
            for a in &articles {
                part.hasher.update(a.id.as_bytes());
                part.hasher.update(b"\n");
            }
            part.writer
                .write_batch(&df)
                .with_context(|| format!("cannot write {}", part.tmp.display()))?;
        }
        Ok(())
    }

    /// The open file of `month`, created on first use.
    fn part(&mut self, month: Month, df: &DataFrame) -> Result<&mut OpenPart> {
        Ok(match self.open.entry(month) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let dir = self.dir.join(month.folder());
                fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                let tmp = dir.join(names::temp(&format!("{}.{}", std::process::id(), unique())));
                let file = File::create(&tmp)
                    .with_context(|| format!("cannot write {}", tmp.display()))?;
                let writer =
                    ParquetWriter::new(BufWriter::with_capacity(1 << 16, file.try_clone()?))
                        .with_compression(ParquetCompression::Snappy)
                        .batched(df.schema())?;
                e.insert(OpenPart {
                    dir,
                    tmp,
                    file,
                    writer,
                    hasher: blake3::Hasher::new(),
                })
            }
        })
    }
}

/// Closes a month's temp file and syncs it.
fn finish_part(part: OpenPart) -> Result<()> {
    let size = part.writer.finish()?;
    // The footer's write flushed the buffer; were that to change, this catches it before
    // a file is synced short.
    anyhow::ensure!(
        part.file.metadata()?.len() == size,
        "{} was not written whole",
        part.tmp.display()
    );
    part.file.sync_all()?;
    Ok(())
}

impl Drop for MonthFiles {
    fn drop(&mut self) {
        for part in std::mem::take(&mut self.open).into_values() {
            let _ = fs::remove_file(&part.tmp);
        }
    }
}

impl Drop for Appender {
    /// Uncommitted: the writer thread ends, and its files' drop removes their temp files.
    fn drop(&mut self) {
        let _ = self.finish_writer();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{parse_article, ParseOptions};
    use crate::store::{columns, Store};
    use polars::prelude::SerReader;

    fn article(id: &str, published_at: &str) -> Article {
        let v = serde_json::json!({
            "id": id, "published_at": published_at, "tickers": "AAPL", "sentiment": 0.1
        });
        parse_article(&v, &ParseOptions::default()).unwrap()
    }

    /// Articles in no time order, written in batches of 3 by the writer thread: each month
    /// file holds its articles, each row group in day order, a day's articles in input order.
    #[test]
    fn batches_written_by_the_thread_keep_day_order_within_each_row_group() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let input = [
            ("a", "2025-02-03T10:00:00Z"),
            ("b", "2025-01-20T10:00:00Z"),
            ("c", "2025-02-01T10:00:00Z"),
            ("d", "2025-01-20T09:00:00Z"),
            ("e", "2025-01-05T10:00:00Z"),
            ("f", "2025-02-01T08:00:00Z"),
            ("g", "2025-01-20T23:00:00Z"),
        ];
        let mut appender = store.appender();
        appender.batch_size = 3;
        for (id, at) in input {
            appender.push(article(id, at)).unwrap();
        }
        let files = appender.commit().unwrap();
        assert_eq!(files.len(), 2, "{files:?}");
        let ids_of = |month: &str| -> Vec<String> {
            let file = files
                .iter()
                .find(|f| f.to_string_lossy().contains(month))
                .unwrap();
            let df = polars::prelude::ParquetReader::new(File::open(file).unwrap())
                .finish()
                .unwrap();
            let ids = df.column(columns::ARTICLE_ID).unwrap().str().unwrap();
            ids.iter().map(|i| i.unwrap().to_string()).collect()
        };
        // Batches [a b c] [d e f] [g], written in order, each sorted by day and cut by month:
        // January's row groups [b] [e d] [g], February's [c a] [f].
        assert_eq!(ids_of("month=2025-01"), ["b", "e", "d", "g"]);
        assert_eq!(ids_of("month=2025-02"), ["c", "a", "f"]);
        // Nothing hidden is left.
        for file in &files {
            let names: Vec<_> = fs::read_dir(file.parent().unwrap())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names.len(), 1, "{names:?}");
        }
    }

    #[test]
    fn an_appender_dropped_uncommitted_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut appender = store.appender();
        appender.batch_size = 2;
        for i in 0..5 {
            appender
                .push(article(&format!("a{i}"), "2025-01-05T10:00:00Z"))
                .unwrap();
        }
        drop(appender);
        let month = dir.path().join("store/mentions/month=2025-01");
        let left: Vec<_> = fs::read_dir(&month)
            .map(|d| d.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{left:?}");
    }
}
