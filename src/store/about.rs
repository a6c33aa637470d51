//! Store files written before mentions carried `about`: given the column by the next
//! ingest, under the lock. Each file is read whole, its rows decided (by the caller's
//! rule: the stored headline is all the text a store keeps), and written again under the
//! same name — a hidden temporary file renamed over it (`durable`), so a reader sees the
//! old file or the new one, and a killed migration leaves the files not reached yet for
//! the next ingest. Readers meanwhile read a missing `about` as null: counted as about,
//! as every mention was before the column existed.

use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::{Column, ParquetCompression, ParquetReader, ParquetWriter, SerReader};

use super::lock::DataLock;
use super::{columns, names, Store};
use crate::durable;

/// One stored article, as the rule sees it: its headline and its mentions' tickers and
/// relevances, in store order.
pub struct StoredArticle<'a> {
    pub title: &'a str,
    pub tickers: Vec<&'a str>,
    pub relevance: Vec<f64>,
}

/// `(about, why code)` of each of an article's mentions.
pub type Verdicts = Vec<(bool, &'static str)>;

/// Gives `about` to every store file that lacks it; returns how many were rewritten.
pub fn migrate(
    store: &Store,
    _lock: &DataLock,
    decide: impl Fn(&StoredArticle) -> Verdicts,
) -> Result<usize> {
    let mut migrated = 0;
    for file in store.files()? {
        if has_about(&file)? {
            continue;
        }
        migrate_file(&file, &decide)
            .with_context(|| format!("cannot give {} its about column", file.display()))?;
        migrated += 1;
        crate::fault::point("about-migrated-one");
    }
    Ok(migrated)
}

/// Whether a store file has the `about` column (its schema only is read).
fn has_about(file: &Path) -> Result<bool> {
    let mut reader = ParquetReader::new(
        File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let schema = reader
        .schema()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("{} is not a readable Parquet file", file.display()))?;
    Ok(schema.contains(columns::ABOUT))
}

fn migrate_file(file: &Path, decide: &impl Fn(&StoredArticle) -> Verdicts) -> Result<()> {
    let mut df = ParquetReader::new(File::open(file)?).finish()?;
    let ids = df.column(columns::ARTICLE_ID)?.str()?.clone();
    let titles = df.column(columns::TITLE)?.str()?.clone();
    let tickers = df.column(columns::TICKER)?.str()?.clone();
    let relevance = df.column(columns::RELEVANCE)?.f64()?.clone();
    let n = df.height();
    let mut about = Vec::with_capacity(n);
    let mut why = Vec::with_capacity(n);
    // An article's mentions are consecutive rows.
    let mut start = 0;
    while start < n {
        let id = ids.get(start);
        let mut end = start + 1;
        while end < n && ids.get(end) == id {
            end += 1;
        }
        let article = StoredArticle {
            title: titles.get(start).unwrap_or(""),
            tickers: (start..end).map(|i| tickers.get(i).unwrap_or("")).collect(),
            relevance: (start..end)
                .map(|i| relevance.get(i).unwrap_or(1.0))
                .collect(),
        };
        for (a, w) in decide(&article) {
            about.push(a);
            why.push(w);
        }
        start = end;
    }
    anyhow::ensure!(about.len() == n, "the rule gave a verdict per mention");
    df.with_column(Column::new(columns::ABOUT.into(), about))?;
    df.with_column(Column::new(columns::ABOUT_WHY.into(), why))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let temp = dir.join(names::temp(&format!("about-{}", std::process::id())));
    durable::write_file(file, &temp, |out| {
        ParquetWriter::new(out)
            .with_compression(ParquetCompression::Snappy)
            .finish(&mut df)?;
        Ok(())
    })
}
