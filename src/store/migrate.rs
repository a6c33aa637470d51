//! Migration from the flat layout (`mentions/part-*.parquet`, written before the store was
//! partitioned) to month partitions (`mentions/month=YYYY-MM/part-*.parquet`). The next
//! ingest runs it under the lock, crash-safe through a journal (`mentions/.migration.json`,
//! names relative to `mentions/`):
//!
//! 1. the journal names the flat files (sources) and one target file per month they hold,
//!    `committed: false` (written aside, synced, renamed) — fault point `migrate-journal`;
//! 2. month by month, the sources' rows of that month (in the order readers read them) are
//!    sorted by day and written as the month's target (temp file, sync, rename): readers
//!    skip the targets of an uncommitted journal and read the sources — `migrate-written`
//!    (every target in place);
//! 3. the journal is rewritten with `committed: true` — the commit point: from here readers
//!    skip the sources and read the targets — `migrate-committed`;
//! 4. the sources are deleted, then the journal.
//!
//! [`recover`] (under the lock, before every ingest) finishes a committed migration (step
//! 4) or undoes an uncommitted one (deletes its targets; [`migrate`] then starts again).
//! Target names hash the month and the sources' names, so a redone migration writes the
//! same names. Memory: one month's rows at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use polars::prelude::{col, lit, DataType};
use serde::{Deserialize, Serialize};

use super::lock::DataLock;
use super::names::Month;
use super::{columns, months_of_rows, names, sorted_by_day, sync_dir, write_part, Store};

const JOURNAL: &str = names::MIGRATION_JOURNAL;

/// The journal's path inside a data folder: a copy of a store on object storage carries it
/// (see `remote`), so readers of the copy skip what readers of a folder skip.
pub const JOURNAL_IN_DATA: &str = "store/mentions/.migration.json";

/// A migration under way: what readers skip ([`skipped`]) and what [`recover`] finishes or
/// undoes.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Journal {
    /// True once every target is in place: the targets hold the rows, not the sources.
    pub committed: bool,
    /// Flat files (names in `mentions/`).
    pub sources: Vec<String>,
    /// Partitioned files (`month=YYYY-MM/part-….parquet`).
    pub targets: Vec<String>,
}

pub(super) fn read_journal(dir: &Path) -> Option<Journal> {
    let text = fs::read_to_string(dir.join(JOURNAL)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The files readers skip while a migration is under way: its targets before the commit
/// point, its sources after.
pub(super) fn skipped(dir: &Path) -> Vec<PathBuf> {
    match read_journal(dir) {
        Some(j) if j.committed => j.sources.iter().map(|s| dir.join(s)).collect(),
        Some(j) => j.targets.iter().map(|t| dir.join(t)).collect(),
        None => vec![],
    }
}

fn write_journal(dir: &Path, journal: &Journal) -> Result<()> {
    let tmp = dir.join(format!("{JOURNAL}.tmp"));
    let text = serde_json::to_string(journal)?;
    crate::durable::write_bytes(&dir.join(JOURNAL), &tmp, text.as_bytes())
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}

/// Finishes or undoes a migration step a crash interrupted. Needs the lock.
pub fn recover(store: &Store, _lock: &DataLock) -> Result<()> {
    let dir = store.mentions_dir();
    let _ = fs::remove_file(dir.join(format!("{JOURNAL}.tmp")));
    if !dir.join(JOURNAL).exists() {
        return Ok(());
    }
    match read_journal(dir) {
        Some(j) if j.committed => {
            for s in &j.sources {
                remove_if_present(&dir.join(s))?;
            }
        }
        Some(j) => {
            for t in &j.targets {
                let path = dir.join(t);
                remove_if_present(&path)?;
                if let Some(folder) = path.parent().filter(|f| f.exists()) {
                    sync_dir(folder)?;
                }
            }
        }
        // Unreadable: written aside and renamed, so never half-written; nothing relies on it.
        None => {}
    }
    sync_dir(dir)?;
    fs::remove_file(dir.join(JOURNAL))?;
    sync_dir(dir)?;
    Ok(())
}

/// Moves every flat part into month partitions; returns how many flat files were
/// migrated. Needs the lock.
pub fn migrate(store: &Store, lock: &DataLock) -> Result<usize> {
    recover(store, lock)?;
    let flat = store.listing()?.flat;
    if flat.is_empty() {
        return Ok(0);
    }
    migrate_files(store, &flat).with_context(|| {
        format!(
            "cannot move the store {} into month partitions",
            store.mentions_dir().display()
        )
    })?;
    recover(store, lock)?;
    Ok(flat.len())
}

fn migrate_files(store: &Store, flat: &[PathBuf]) -> Result<()> {
    let dir = store.mentions_dir();
    let sources: Vec<String> = flat
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    let published = Store::scan_files(flat)?
        .select([col(columns::PUBLISHED_AT)])
        .collect()?;
    let months: BTreeSet<Month> = months_of_rows(&published)?.into_iter().collect();
    drop(published);
    let targets: BTreeMap<Month, String> = months
        .iter()
        .map(|&month| {
            let mut hasher = blake3::Hasher::new();
            hasher.update(month.to_string().as_bytes());
            for s in &sources {
                hasher.update(b"\n");
                hasher.update(s.as_bytes());
            }
            (month, names::part(hasher.finalize()))
        })
        .collect();
    let mut journal = Journal {
        committed: false,
        sources,
        targets: targets
            .iter()
            .map(|(m, name)| format!("{}/{name}", m.folder()))
            .collect(),
    };
    write_journal(dir, &journal)?;
    crate::fault::point("migrate-journal");
    for (month, name) in &targets {
        let micros = col(columns::PUBLISHED_AT).cast(DataType::Int64);
        let rows = Store::scan_files(flat)?
            .filter(
                micros
                    .clone()
                    .gt_eq(lit(month.first_micros()))
                    .and(micros.lt(lit(month.next().first_micros()))),
            )
            .collect()?;
        let mut rows = sorted_by_day(&rows)?;
        write_part(&dir.join(month.folder()), name, &mut rows)?;
    }
    sync_dir(dir)?;
    crate::fault::point("migrate-written");
    journal.committed = true;
    write_journal(dir, &journal)?;
    crate::fault::point("migrate-committed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{parse_article, ParseOptions};
    use polars::prelude::{
        NewChunkedArray, ParquetReader, ParquetWriter, SerReader, SortMultipleOptions,
    };
    use std::fs::File;

    fn article(id: &str, published: &str) -> crate::extract::Article {
        let v = serde_json::json!({
            "id": id, "published_at": published, "tickers": "AAPL,MSFT", "sentiment": 0.1
        });
        parse_article(&v, &ParseOptions::default()).unwrap()
    }

    #[test]
    fn the_journal_in_a_data_folder_is_the_one_in_mentions() {
        assert_eq!(JOURNAL_IN_DATA, format!("store/mentions/{JOURNAL}"));
    }

    /// A flat part as the previous layout wrote it: rows in input order, in `mentions/`.
    fn flat_store(dir: &Path, batches: &[&[(&str, &str)]]) -> Store {
        let store = Store::new(dir);
        fs::create_dir_all(store.mentions_dir()).unwrap();
        for (b, batch) in batches.iter().enumerate() {
            let articles: Vec<_> = batch.iter().map(|(id, at)| article(id, at)).collect();
            let mut df = super::super::articles_to_frame(&articles).unwrap();
            let mut f =
                File::create(store.mentions_dir().join(format!("part-flat{b}.parquet"))).unwrap();
            ParquetWriter::new(&mut f).finish(&mut df).unwrap();
        }
        store
    }

    fn sorted_rows(store: &Store) -> polars::prelude::DataFrame {
        let df = store.scan().unwrap().unwrap().collect().unwrap();
        df.sort(
            [columns::ARTICLE_ID, columns::TICKER],
            SortMultipleOptions::default(),
        )
        .unwrap()
    }

    const BATCHES: &[&[(&str, &str)]] = &[
        &[
            ("b", "2025-05-02T10:00:00Z"),
            ("a", "2025-04-30T23:59:59Z"),
            ("c", "2025-05-01T00:00:00Z"),
        ],
        &[("d", "2025-03-15")],
    ];

    #[test]
    fn flat_parts_move_into_month_folders_sorted_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = flat_store(dir.path(), BATCHES);
        let before = sorted_rows(&store);
        let lock = crate::store::lock::acquire(dir.path(), "test", false).unwrap();
        assert_eq!(migrate(&store, &lock).unwrap(), 2);
        let listing = store.listing().unwrap();
        assert!(listing.flat.is_empty());
        let months: Vec<String> = listing.months.keys().map(|m| m.to_string()).collect();
        assert_eq!(months, ["2025-03", "2025-04", "2025-05"]);
        assert_eq!(sorted_rows(&store), before);
        let may = &listing.months[&Month::parse_folder("month=2025-05").unwrap()];
        let df = ParquetReader::new(File::open(&may[0]).unwrap())
            .finish()
            .unwrap();
        let ids: Vec<_> = df
            .column(columns::ARTICLE_ID)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(ids, ["c", "c", "b", "b"], "sorted by day");
        let april = &listing.months[&Month::parse_folder("month=2025-04").unwrap()];
        assert_eq!(april.len(), 1);
        assert!(!store.mentions_dir().join(JOURNAL).exists());
        assert_eq!(
            migrate(&store, &lock).unwrap(),
            0,
            "nothing left to migrate"
        );
    }

    #[test]
    fn rows_of_one_day_keep_the_order_readers_read_them_in() {
        let dir = tempfile::tempdir().unwrap();
        let store = flat_store(
            dir.path(),
            &[
                &[
                    ("late", "2025-05-02T18:00:00Z"),
                    ("early", "2025-05-02T09:00:00Z"),
                ],
                &[
                    ("next-file", "2025-05-02T01:00:00Z"),
                    ("day-before", "2025-05-01"),
                ],
            ],
        );
        let ids = |store: &Store| -> Vec<String> {
            let df = store.scan().unwrap().unwrap().collect().unwrap();
            let ids = df
                .column(columns::ARTICLE_ID)
                .unwrap()
                .str()
                .unwrap()
                .clone();
            let mut out: Vec<String> = Vec::new();
            for id in ids.iter().flatten() {
                if out.last().map(String::as_str) != Some(id) {
                    out.push(id.to_string());
                }
            }
            out
        };
        assert_eq!(ids(&store), ["late", "early", "next-file", "day-before"]);
        let lock = crate::store::lock::acquire(dir.path(), "test", false).unwrap();
        migrate(&store, &lock).unwrap();
        // The sums of a report add a day's pairs in this order: it is the same as before.
        assert_eq!(ids(&store), ["day-before", "late", "early", "next-file"]);
        assert_eq!(store.files().unwrap().len(), 1);
    }

    #[test]
    fn readers_see_each_row_once_at_every_step_and_recovery_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let clean = tempfile::tempdir().unwrap();
        let store = flat_store(dir.path(), BATCHES);
        let expected = sorted_rows(&flat_store(clean.path(), BATCHES));
        let lock = crate::store::lock::acquire(dir.path(), "test", false).unwrap();
        // Build the targets by hand in the order migrate_file does, checking after each step.
        let source = store.mentions_dir().join("part-flat0.parquet");
        let df = ParquetReader::new(File::open(&source).unwrap())
            .finish()
            .unwrap();
        let mut targets = Vec::new();
        for (month, folder) in [("2025-04", "month=2025-04"), ("2025-05", "month=2025-05")] {
            let keep: Vec<bool> = months_of_rows(&df)
                .unwrap()
                .iter()
                .map(|m| m.to_string() == month)
                .collect();
            let mask = polars::prelude::BooleanChunked::from_slice("m".into(), &keep);
            targets.push((
                folder,
                format!("part-{month}.parquet"),
                df.filter(&mask).unwrap(),
            ));
        }
        let mut journal = Journal {
            committed: false,
            sources: vec!["part-flat0.parquet".into()],
            targets: targets.iter().map(|(f, n, _)| format!("{f}/{n}")).collect(),
        };
        write_journal(store.mentions_dir(), &journal).unwrap();
        assert_eq!(sorted_rows(&store), expected, "journal written");
        for (folder, name, piece) in &mut targets {
            write_part(&store.mentions_dir().join(*folder), name, piece).unwrap();
            assert_eq!(
                sorted_rows(&store),
                expected,
                "a target written, uncommitted"
            );
        }
        journal.committed = true;
        write_journal(store.mentions_dir(), &journal).unwrap();
        assert_eq!(
            sorted_rows(&store),
            expected,
            "committed, source still there"
        );
        recover(&store, &lock).unwrap();
        assert!(!source.exists());
        assert_eq!(sorted_rows(&store), expected, "finished");
        migrate(&store, &lock).unwrap();
        assert_eq!(sorted_rows(&store), expected);
        assert!(store.listing().unwrap().flat.is_empty());
    }

    #[test]
    fn an_uncommitted_step_is_undone_then_redone() {
        let dir = tempfile::tempdir().unwrap();
        let store = flat_store(dir.path(), BATCHES);
        let expected = sorted_rows(&store);
        let lock = crate::store::lock::acquire(dir.path(), "test", false).unwrap();
        let stray = store.mentions_dir().join("month=2025-05");
        fs::create_dir_all(&stray).unwrap();
        let mut piece = super::super::articles_to_frame(&[article("c", "2025-05-01")]).unwrap();
        write_part(&stray, "part-half.parquet", &mut piece).unwrap();
        write_journal(
            store.mentions_dir(),
            &Journal {
                committed: false,
                sources: vec!["part-flat0.parquet".into()],
                targets: vec!["month=2025-05/part-half.parquet".into()],
            },
        )
        .unwrap();
        assert_eq!(sorted_rows(&store), expected);
        recover(&store, &lock).unwrap();
        assert!(!stray.join("part-half.parquet").exists());
        migrate(&store, &lock).unwrap();
        assert_eq!(sorted_rows(&store), expected);
    }
}
