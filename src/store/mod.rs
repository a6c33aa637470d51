//! The store: Parquet files under `<data>/store/mentions/`, one row per ticker mention.
//!
//! Each ingest that records something adds one file, written under a temporary name, synced,
//! then renamed into place, so a reader sees a file whole or not at all. A file's name is a
//! hash of the article ids it holds: the same batch always gets the same name.

pub mod rejected;
mod schema;

use std::collections::HashSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use polars::prelude::{
    col, LazyFrame, ParquetCompression, ParquetWriter, PlRefPath, ScanArgsParquet,
    UniqueKeepStrategy,
};

use crate::extract::Article;
pub use schema::{articles_to_frame, columns};

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
            let is_part = path.extension().is_some_and(|e| e == "parquet")
                && !path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if is_part {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    /// A lazy scan of every recorded mention; `None` when nothing is recorded yet.
    pub fn scan(&self) -> Result<Option<LazyFrame>> {
        let files = self.files()?;
        if files.is_empty() {
            return Ok(None);
        }
        let paths: Vec<PlRefPath> = files
            .iter()
            .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
            .collect();
        let args = ScanArgsParquet {
            glob: false,
            ..Default::default()
        };
        let lf = LazyFrame::scan_parquet_files(paths.into(), args)
            .with_context(|| format!("cannot open the store {}", self.mentions_dir.display()))?;
        Ok(Some(lf))
    }

    /// The ids of every recorded article.
    pub fn known_ids(&self) -> Result<HashSet<String>> {
        let Some(lf) = self.scan()? else {
            return Ok(HashSet::new());
        };
        let df = lf
            .select([col(columns::ARTICLE_ID)])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()
            .with_context(|| self.unreadable())?;
        let ids = df.column(columns::ARTICLE_ID)?.str()?;
        let ids = (0..ids.len())
            .filter_map(|i| ids.get(i).map(str::to_string))
            .collect();
        Ok(ids)
    }

    /// Records new articles as one Parquet file; returns its path (`None` for no articles).
    pub fn append(&self, articles: &[Article]) -> Result<Option<PathBuf>> {
        if articles.is_empty() {
            return Ok(None);
        }
        fs::create_dir_all(&self.mentions_dir)
            .with_context(|| format!("cannot create {}", self.mentions_dir.display()))?;
        let mut hasher = blake3::Hasher::new();
        for a in articles {
            hasher.update(a.id.as_bytes());
            hasher.update(b"\n");
        }
        let name = format!(
            "part-{}.parquet",
            &hasher.finalize().to_hex().as_str()[..24]
        );
        let path = self.mentions_dir.join(&name);
        let tmp = self
            .mentions_dir
            .join(format!(".{name}.{}.tmp", std::process::id()));

        let mut df = articles_to_frame(articles)?;
        let mut write = || -> Result<()> {
            let mut file = File::create(&tmp)?;
            ParquetWriter::new(&mut file)
                .with_compression(ParquetCompression::Snappy)
                .finish(&mut df)?;
            file.sync_all()?;
            fs::rename(&tmp, &path)?;
            // The rename is durable once the folder itself is synced.
            File::open(&self.mentions_dir)?.sync_all()?;
            Ok(())
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&tmp);
            return Err(e.context(format!("cannot write {}", path.display())));
        }
        Ok(Some(path))
    }

    fn unreadable(&self) -> String {
        format!(
            "the store {} is unreadable: a file in it is damaged or not Parquet",
            self.mentions_dir.display()
        )
    }
}
