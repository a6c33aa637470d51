//! Compaction: many small store files (one per daily batch) of one month partition merged
//! into one (concatenated in name order, then sorted by day: the order readers read them
//! in, so reports do not change by a bit), so reports do not pay a per-file cost forever.
//! Crash-safe through a journal in the month's folder (names relative to it):
//!
//! 1. the merged rows go to a hidden temp file, synced;
//! 2. `.compaction.json` names the new file and its sources (written aside, renamed);
//! 3. the temp file is renamed to its `part-*.parquet` name — the commit point: from here
//!    readers skip the sources the journal names;
//! 4. the sources are deleted, then the journal.
//!
//! [`recover`] (run under the lock before every ingest) finishes or undoes an interrupted
//! compaction: with its new file present the sources go, without it the journal goes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use polars::prelude::{ParquetCompression, ParquetWriter};
use serde::{Deserialize, Serialize};

use super::lock::DataLock;
use super::{names, sorted_by_day, Store};
use crate::durable::{self, sync_dir};

/// Compact a month partition when it has this many files or more.
pub const COMPACT_AT_FILES: usize = 64;
/// Files at least this large are left as they are: they are not the problem.
const SMALL_FILE_BYTES: u64 = 64 * 1024 * 1024;
const JOURNAL: &str = names::COMPACTION_JOURNAL;

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    target: String,
    sources: Vec<String>,
}

/// The source files an unfinished compaction has replaced: readers skip them.
pub(super) fn replaced(dir: &Path) -> Vec<PathBuf> {
    match read_journal(dir) {
        Some(j) if dir.join(&j.target).exists() => j.sources.iter().map(|s| dir.join(s)).collect(),
        _ => vec![],
    }
}

fn read_journal(dir: &Path) -> Option<Journal> {
    let text = fs::read_to_string(dir.join(JOURNAL)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Finishes or undoes a compaction a crash interrupted, in every month folder (and in
/// `mentions/`, where a store written before partitioning compacted). Needs the lock.
pub fn recover(store: &Store, _lock: &DataLock) -> Result<()> {
    let mut dirs = vec![store.mentions_dir().to_path_buf()];
    if store.mentions_dir().exists() {
        dirs.extend(store.month_dirs()?.into_values());
    }
    for dir in dirs {
        recover_dir(&dir)?;
    }
    Ok(())
}

fn recover_dir(dir: &Path) -> Result<()> {
    let Some(journal) = read_journal(dir) else {
        let _ = fs::remove_file(dir.join(JOURNAL));
        return Ok(());
    };
    if dir.join(&journal.target).exists() {
        for s in &journal.sources {
            let path = dir.join(s);
            if path.exists() {
                fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
        sync_dir(dir)?;
    }
    fs::remove_file(dir.join(JOURNAL))?;
    sync_dir(dir)?;
    Ok(())
}

/// Merges the small files of each month partition that has `at_files` or more; returns
/// how many files were merged. Needs the lock.
pub fn compact(store: &Store, lock: &DataLock, at_files: usize) -> Result<usize> {
    recover(store, lock)?;
    let mut merged = 0;
    for (month, files) in store.listing()?.months {
        if files.len() >= at_files {
            let dir = store.mentions_dir().join(month.folder());
            merged += compact_dir(&dir, files)?;
        }
    }
    Ok(merged)
}

fn compact_dir(dir: &Path, files: Vec<PathBuf>) -> Result<usize> {
    let sources: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| {
            fs::metadata(f)
                .map(|m| m.len() < SMALL_FILE_BYTES)
                .unwrap_or(false)
        })
        .collect();
    if sources.len() < 2 {
        return Ok(0);
    }
    let names: Vec<String> = sources
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .collect();
    let mut hasher = blake3::Hasher::new();
    for n in &names {
        hasher.update(n.as_bytes());
        hasher.update(b"\n");
    }
    let target = names::part(hasher.finalize());

    let df = Store::scan_files(&sources)?
        .collect()
        .context("cannot read the files to compact")?;
    let mut df = sorted_by_day(&df)?;
    let tmp = dir.join(names::temp(&format!("compact-{}", std::process::id())));
    durable::write_temp(&tmp, |file| {
        ParquetWriter::new(file)
            .with_compression(ParquetCompression::Snappy)
            .finish(&mut df)?;
        Ok(())
    })
    .context("cannot write the compacted store file")?;

    let journal = serde_json::to_string(&Journal {
        target: target.clone(),
        sources: names,
    })?;
    let journal_tmp = dir.join(format!("{JOURNAL}.tmp"));
    durable::write_bytes(&dir.join(JOURNAL), &journal_tmp, journal.as_bytes())?;
    crate::fault::point("compact-journaled");

    durable::publish(&tmp, &dir.join(&target))?;
    crate::fault::point("compact-renamed");

    recover_dir(dir)?;
    Ok(sources.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse_article;
    use crate::extract::ParseOptions;
    use std::fs::File;

    /// The one month folder the tests' articles go to.
    fn month_dir(store: &Store) -> PathBuf {
        store.mentions_dir().join("month=2025-01")
    }

    fn article(i: usize) -> crate::extract::Article {
        let v = serde_json::json!({
            "id": format!("a{i}"), "published_at": "2025-01-01", "tickers": "AAPL", "sentiment": 0.1
        });
        parse_article(&v, &ParseOptions::default()).unwrap()
    }

    fn rows(store: &Store) -> usize {
        store.scan().unwrap().unwrap().collect().unwrap().height()
    }

    #[test]
    fn small_files_merge_into_one_and_rows_stay() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let lock = crate::store::lock::acquire(dir.path(), "test", false).unwrap();
        for i in 0..5 {
            store.append([article(i)]).unwrap();
        }
        assert_eq!(compact(&store, &lock, 10).unwrap(), 0);
        assert_eq!(compact(&store, &lock, 3).unwrap(), 5);
        assert_eq!(store.files().unwrap().len(), 1);
        assert_eq!(rows(&store), 5);
        assert!(!month_dir(&store).join(JOURNAL).exists());
    }

    #[test]
    fn a_crash_after_the_commit_point_is_finished_and_readers_never_double_count() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let lock = crate::store::lock::acquire(dir.path(), "test", false).unwrap();
        for i in 0..3 {
            store.append([article(i)]).unwrap();
        }
        let sources: Vec<String> = store
            .files()
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        // The state a crash between steps 3 and 4 leaves: merged file, journal, sources.
        let mut all = store.scan().unwrap().unwrap().collect().unwrap();
        let target = "part-merged.parquet";
        let mut f = File::create(month_dir(&store).join(target)).unwrap();
        ParquetWriter::new(&mut f).finish(&mut all).unwrap();
        let journal = Journal {
            target: target.into(),
            sources,
        };
        fs::write(
            month_dir(&store).join(JOURNAL),
            serde_json::to_string(&journal).unwrap(),
        )
        .unwrap();
        assert_eq!(rows(&store), 3, "readers skip the replaced sources");
        recover(&store, &lock).unwrap();
        assert_eq!(store.files().unwrap().len(), 1);
        assert_eq!(rows(&store), 3);
    }

    #[test]
    fn a_crash_before_the_commit_point_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let lock = crate::store::lock::acquire(dir.path(), "test", false).unwrap();
        for i in 0..3 {
            store.append([article(i)]).unwrap();
        }
        let journal = Journal {
            target: "part-never-renamed.parquet".into(),
            sources: vec!["x".into()],
        };
        fs::write(
            month_dir(&store).join(JOURNAL),
            serde_json::to_string(&journal).unwrap(),
        )
        .unwrap();
        assert_eq!(rows(&store), 3);
        recover(&store, &lock).unwrap();
        assert!(!month_dir(&store).join(JOURNAL).exists());
        assert_eq!(store.files().unwrap().len(), 3);
    }
}
