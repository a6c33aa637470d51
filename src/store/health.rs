//! `tickertone check`: is the store whole? Every file readable Parquet with the store's
//! columns, no article recorded twice, nothing foreign or half-written left in it.

use std::collections::HashMap;
use std::fs::{self, File};

use anyhow::Result;
use polars::prelude::{ParquetReader, SerReader};

use super::{columns, months_of_rows, names, Month, Store};

/// What a check found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Health {
    pub files: usize,
    pub rows: usize,
    pub articles: usize,
    /// In plain words, each naming its file.
    pub problems: Vec<String>,
}

const REQUIRED: &[&str] = &[
    columns::ARTICLE_ID,
    columns::PUBLISHED_AT,
    columns::DATE_ONLY,
    columns::TICKER,
    columns::SCORE,
    columns::RELEVANCE,
    columns::MARKET_IMPACT,
];

pub fn check(store: &Store) -> Result<Health> {
    let mut health = Health::default();
    let dir = store.mentions_dir();
    if !dir.exists() {
        return Ok(health);
    }
    let months = store.month_dirs()?;
    let mut flat = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.file_type()?.is_dir() {
            if Month::parse_folder(&name).is_none() {
                health.problems.push(format!(
                    "{}: not a month partition (month=YYYY-MM); move it out of the store",
                    path.display()
                ));
            }
        } else if name == names::MIGRATION_JOURNAL {
            let state = match super::migrate::read_journal(dir) {
                Some(j) if j.committed => "its new files are in place",
                Some(_) => "its new files are not all in place",
                None => "the journal is unreadable",
            };
            health.problems.push(format!(
                "{}: an interrupted move into month partitions ({state}; readers read each row once); the next ingest finishes it",
                path.display()
            ));
        } else if names::is_part(&name) {
            flat.push(path);
        } else {
            folder_entry(&mut health, &path, &name);
        }
    }
    if !flat.is_empty() && months.is_empty() {
        health.problems.push(format!(
            "{}: {} file{} in the flat layout of an earlier tickertone (no month=YYYY-MM folders); the next ingest moves them into month partitions",
            dir.display(),
            flat.len(),
            if flat.len() == 1 { "" } else { "s" }
        ));
    } else {
        for path in &flat {
            health.problems.push(format!(
                "{}: left outside the month partitions; the next ingest moves it into its month=YYYY-MM folders",
                path.display()
            ));
        }
    }
    for month_dir in months.values() {
        for entry in fs::read_dir(month_dir)? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if entry.file_type()?.is_dir() {
                health.problems.push(format!(
                    "{}: a folder inside a month partition; move it out of the store",
                    path.display()
                ));
            } else if names::is_part(&name) {
                if !names::is_well_formed_part(&name) {
                    health.problems.push(format!(
                        "{}: not a name tickertone writes (part-<24 hex digits>.parquet); move it directly into {} and the next ingest rewrites it under its name",
                        path.display(),
                        dir.display()
                    ));
                }
            } else {
                folder_entry(&mut health, &path, &name);
            }
        }
    }
    let mut first_seen: HashMap<String, String> = HashMap::new();
    for path in store.files()? {
        health.files += 1;
        let shown = path.display().to_string();
        let df = match File::open(&path)
            .map_err(anyhow::Error::from)
            .and_then(|f| Ok(ParquetReader::new(f).finish()?))
        {
            Ok(df) => df,
            Err(e) => {
                health.problems.push(format!(
                    "{shown}: not readable as Parquet ({e}); restore it from a backup or move it out and ingest its inputs again"
                ));
                continue;
            }
        };
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| df.column(c).is_err())
            .collect();
        if !missing.is_empty() {
            health.problems.push(format!(
                "{shown}: lacks the store columns {}; it is not a tickertone file",
                missing.join(", ")
            ));
            continue;
        }
        if let Some(what) = super::impossible_value(&df)? {
            health.problems.push(format!(
                "{shown}: damaged: {what}; restore it from a backup or move it out and ingest its inputs again"
            ));
        }
        health.rows += df.height();
        if let Some(folder) = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| Month::parse_folder(&n.to_string_lossy()))
        {
            check_month(&mut health, &shown, folder, &df, dir)?;
        }
        let ids = df.column(columns::ARTICLE_ID)?.str()?;
        let mut in_file: HashMap<&str, ()> = HashMap::new();
        for i in 0..ids.len() {
            if let Some(id) = ids.get(i) {
                in_file.insert(id, ());
            }
        }
        for id in in_file.keys() {
            match first_seen.get(*id) {
                Some(other) => health.problems.push(format!(
                    "article {id} is recorded twice: in {other} and in {shown}"
                )),
                None => {
                    first_seen.insert(id.to_string(), shown.clone());
                }
            }
        }
    }
    health.articles = first_seen.len();
    Ok(health)
}

/// A file in `mentions/` or a month folder that is neither a part nor a month folder.
fn folder_entry(health: &mut Health, path: &std::path::Path, name: &str) {
    if name == names::COMPACTION_JOURNAL {
        health.problems.push(format!(
            "{}: an interrupted compaction (the next ingest finishes it)",
            path.display()
        ));
    } else if names::is_temp(name) {
        health.problems.push(format!(
            "{}: a half-written file of an interrupted ingest (the next ingest removes it)",
            path.display()
        ));
    } else {
        health.problems.push(format!(
            "{}: not a store file; move it out of the store",
            path.display()
        ));
    }
}

/// A part in `month=YYYY-MM/` holds only rows published (UTC) in that month. (Their day
/// order is per row group, as an ingest writes it: not a property of the whole file.)
fn check_month(
    health: &mut Health,
    shown: &str,
    folder: Month,
    df: &polars::prelude::DataFrame,
    mentions: &std::path::Path,
) -> Result<()> {
    let mut elsewhere: std::collections::BTreeMap<Month, usize> = Default::default();
    for m in months_of_rows(df)? {
        if m != folder {
            *elsewhere.entry(m).or_default() += 1;
        }
    }
    if !elsewhere.is_empty() {
        let found: Vec<String> = elsewhere
            .iter()
            .map(|(m, n)| format!("{n} row{} of {m}", if *n == 1 { "" } else { "s" }))
            .collect();
        health.problems.push(format!(
            "{shown}: in the partition of {folder} but holds {}; move it directly into {} and the next ingest puts its rows in the right month folders",
            found.join(", "),
            mentions.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        fs::create_dir_all(store.mentions_dir()).unwrap();
        fs::write(
            store.mentions_dir().join("part-bad.parquet"),
            b"PAR1 not really",
        )
        .unwrap();
        fs::write(store.mentions_dir().join("notes.txt"), b"hello").unwrap();
        let health = check(&store).unwrap();
        assert_eq!(health.problems.len(), 3, "{:?}", health.problems);
        assert!(health.problems.iter().any(|p| p.contains("flat layout")));
        assert!(health
            .problems
            .iter()
            .any(|p| p.contains("part-bad.parquet")));
        assert!(health.problems.iter().any(|p| p.contains("notes.txt")));
    }
}
