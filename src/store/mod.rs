//! The store: Parquet files under `<data>/store/mentions/`, one row per ticker mention.
//!
//! Each ingest that records something adds one file, written (in row groups, as the articles
//! stream in) under a temporary name, synced, then renamed into place, so a reader sees a file
//! whole or not at all. A file's name is a hash of the article ids it holds: the same batch
//! always gets the same name.

pub mod compact;
pub mod health;
mod known;
pub mod lock;
mod names;
pub mod rejected;
mod schema;

use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::{
    col, lit, IntoLazy, JoinArgs, JoinType, LazyFrame, ParquetCompression, ParquetWriter,
    PlRefPath, ScanArgsParquet,
};

use crate::extract::Article;
pub use known::KnownIds;
pub use schema::{articles_to_frame, columns};

/// What a report shows of an article besides its scores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleDetails {
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// The Parquet store of one data folder.
#[derive(Debug, Clone)]
pub struct Store {
    mentions_dir: PathBuf,
}

impl Store {
    pub fn new(data_dir: &Path) -> Self {
        Store {
            mentions_dir: data_dir.join("store").join("mentions"),
        }
    }

    pub fn mentions_dir(&self) -> &Path {
        &self.mentions_dir
    }

    /// The store's Parquet files, in name order.
    pub fn files(&self) -> Result<Vec<PathBuf>> {
        if !self.mentions_dir.exists() {
            return Ok(vec![]);
        }
        let mut files = Vec::new();
        let entries = fs::read_dir(&self.mentions_dir)
            .with_context(|| format!("cannot read the store {}", self.mentions_dir.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path
                .file_name()
                .is_some_and(|n| names::is_part(&n.to_string_lossy()))
            {
                files.push(path);
            }
        }
        // Files an interrupted compaction already merged are not read twice.
        let replaced = compact::replaced(&self.mentions_dir);
        files.retain(|f| !replaced.contains(f));
        files.sort();
        Ok(files)
    }

    /// Removes files a killed ingest left half-written (hidden `.part-*.tmp`). Call it only
    /// while holding the data folder's lock.
    pub fn remove_stale_temp_files(&self) -> Result<usize> {
        if !self.mentions_dir.exists() {
            return Ok(0);
        }
        let mut removed = 0;
        for entry in fs::read_dir(&self.mentions_dir)? {
            let path = entry?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if names::is_temp(&name) {
                fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// A lazy scan of every recorded mention; `None` when nothing is recorded yet.
    pub fn scan(&self) -> Result<Option<LazyFrame>> {
        let files = self.files()?;
        if files.is_empty() {
            return Ok(None);
        }
        Self::scan_files(&files)
            .map(Some)
            .with_context(|| format!("cannot open the store {}", self.mentions_dir.display()))
    }

    fn scan_files(files: &[PathBuf]) -> Result<LazyFrame> {
        let paths: Vec<PlRefPath> = files
            .iter()
            .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
            .collect();
        let args = ScanArgsParquet {
            glob: false,
            ..Default::default()
        };
        Ok(LazyFrame::scan_parquet_files(paths.into(), args)?)
    }

    /// The ids of every recorded article.
    pub fn known_ids(&self) -> Result<KnownIds> {
        let Some(lf) = self.scan()? else {
            return Ok(KnownIds::empty());
        };
        let df = lf
            .select([col(columns::ARTICLE_ID)])
            .collect()
            .with_context(|| self.unreadable())?;
        Ok(KnownIds::new(
            df.column(columns::ARTICLE_ID)?.str()?.clone(),
        ))
    }

    /// Title, source and url of the given articles (those the store has), all published
    /// within `published` (µs since the epoch, UTC): the range lets the scan skip the rest.
    pub fn article_details(
        &self,
        ids: &[String],
        published: std::ops::RangeInclusive<i64>,
    ) -> Result<HashMap<String, ArticleDetails>> {
        let Some(lf) = self.scan()? else {
            return Ok(HashMap::new());
        };
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let wanted = polars::prelude::DataFrame::new(
            ids.len(),
            vec![polars::prelude::Column::new(
                columns::ARTICLE_ID.into(),
                ids,
            )],
        )?;
        let micros = col(columns::PUBLISHED_AT).cast(polars::prelude::DataType::Int64);
        let found = lf
            .filter(
                micros
                    .clone()
                    .gt_eq(lit(*published.start()))
                    .and(micros.lt_eq(lit(*published.end()))),
            )
            .select([
                col(columns::ARTICLE_ID),
                col(columns::TITLE),
                col(columns::SOURCE),
                col(columns::URL),
            ])
            .join(
                wanted.lazy(),
                [col(columns::ARTICLE_ID)],
                [col(columns::ARTICLE_ID)],
                JoinArgs::new(JoinType::Inner),
            )
            .collect()
            .with_context(|| self.unreadable())?;
        let id = found.column(columns::ARTICLE_ID)?.str()?;
        let title = found.column(columns::TITLE)?.str()?;
        let source = found.column(columns::SOURCE)?.str()?;
        let url = found.column(columns::URL)?.str()?;
        let mut out = HashMap::new();
        for i in 0..found.height() {
            if let Some(id) = id.get(i) {
                out.entry(id.to_string()).or_insert_with(|| ArticleDetails {
                    title: title.get(i).map(str::to_string),
                    source: source.get(i).map(str::to_string),
                    url: url.get(i).map(str::to_string),
                });
            }
        }
        Ok(out)
    }

    /// Records new articles as one Parquet file; returns its path (`None` for no articles).
    pub fn append(&self, articles: &[Article]) -> Result<Option<PathBuf>> {
        let mut appender = self.appender();
        appender.write(articles)?;
        appender.commit()
    }

    /// A writer of one new store file, fed in chunks (memory stays bounded by a chunk).
    pub fn appender(&self) -> Appender {
        Appender {
            dir: self.mentions_dir.clone(),
            hasher: blake3::Hasher::new(),
            open: None,
        }
    }

    fn unreadable(&self) -> String {
        format!(
            "the store {} is unreadable: a file in it is damaged or not Parquet",
            self.mentions_dir.display()
        )
    }
}

/// One store file being written: row groups go to a hidden temporary file; [`commit`]
/// renames it into place under a name that hashes its article ids. Dropped uncommitted,
/// it removes its temporary file.
///
/// [`commit`]: Appender::commit
pub struct Appender {
    dir: PathBuf,
    hasher: blake3::Hasher,
    open: Option<OpenPart>,
}

struct OpenPart {
    tmp: PathBuf,
    file: File,
    writer: BatchedWriter<File>,
}

impl Appender {
    /// Adds articles as one or more row groups.
    pub fn write(&mut self, articles: &[Article]) -> Result<()> {
        if articles.is_empty() {
            return Ok(());
        }
        for a in articles {
            self.hasher.update(a.id.as_bytes());
            self.hasher.update(b"\n");
        }
        let df = articles_to_frame(articles)?;
        if self.open.is_none() {
            fs::create_dir_all(&self.dir)
                .with_context(|| format!("cannot create {}", self.dir.display()))?;
            let tmp = self
                .dir
                .join(names::temp(&format!("{}.{}", std::process::id(), unique())));
            let file =
                File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
            let writer = ParquetWriter::new(file.try_clone()?)
                .with_compression(ParquetCompression::Snappy)
                .batched(df.schema())?;
            self.open = Some(OpenPart { tmp, file, writer });
        }
        if let Some(part) = &mut self.open {
            part.writer
                .write_batch(&df)
                .with_context(|| format!("cannot write {}", part.tmp.display()))?;
        }
        Ok(())
    }

    /// Finishes the file, syncs it, renames it into place; `None` when nothing was written.
    pub fn commit(mut self) -> Result<Option<PathBuf>> {
        let Some(part) = self.open.take() else {
            return Ok(None);
        };
        let path = self.dir.join(names::part(self.hasher.finalize()));
        let done = (|| -> Result<()> {
            part.writer.finish()?;
            part.file.sync_all()?;
            crate::fault::point("temp-written");
            fs::rename(&part.tmp, &path)?;
            // The rename is durable once the folder itself is synced.
            File::open(&self.dir)?.sync_all()?;
            Ok(())
        })();
        if let Err(e) = done {
            let _ = fs::remove_file(&part.tmp);
            return Err(e.context(format!("cannot write {}", path.display())));
        }
        Ok(Some(path))
    }
}

impl Drop for Appender {
    fn drop(&mut self) {
        if let Some(part) = self.open.take() {
            let _ = fs::remove_file(&part.tmp);
        }
    }
}

/// A number that differs between appenders of one process.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
