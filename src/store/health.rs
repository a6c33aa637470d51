//! `tickertone check`: is the store whole? Every file readable Parquet with the store's
//! columns, no article recorded twice, nothing foreign or half-written left in it.

use std::collections::HashMap;
use std::fs::{self, File};

use anyhow::Result;
use polars::prelude::{ParquetReader, SerReader};

use super::{columns, names, Store};

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
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if name == names::COMPACTION_JOURNAL {
            health.problems.push(format!(
                "{}: an interrupted compaction (the next ingest finishes it)",
                path.display()
            ));
        } else if names::is_temp(&name) {
            health.problems.push(format!(
                "{}: a half-written file of an interrupted ingest (the next ingest removes it)",
                path.display()
            ));
        } else if !names::is_part(&name) {
            health.problems.push(format!(
                "{}: not a store file; move it out of the store",
                path.display()
            ));
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
        health.rows += df.height();
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
        assert_eq!(health.problems.len(), 2, "{:?}", health.problems);
        assert!(health
            .problems
            .iter()
            .any(|p| p.contains("part-bad.parquet")));
        assert!(health.problems.iter().any(|p| p.contains("notes.txt")));
    }
}
