//! The closes kept under `<data>/prices/`: one `<TICKER>.csv` per ticker (`date,close`,
//! in date order), the file `report --prices` reads as a folder of downloads. A fetch
//! merges what came with what was kept, unless the two disagree on a day they share: the
//! source re-adjusted its history (a split, a dividend), and what came replaces it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::fetch::state::write_atomically;
use crate::prices::{Closes, STORED_DIR};

/// Closes that differ by more than this (relative) are different closes.
const SAME: f64 = 1e-9;

/// The file of `ticker`, `None` for a ticker that is no plain symbol (`FOREX:USD`).
pub fn path(data: &Path, ticker: &str) -> Option<PathBuf> {
    let plain = !ticker.is_empty()
        && ticker
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '^' | '_'))
        && !ticker.starts_with('.');
    plain.then(|| data.join(STORED_DIR).join(format!("{ticker}.csv")))
}

/// The kept closes of a file (empty when there is none).
pub fn load(path: &Path) -> Result<Closes> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Closes::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let mut closes = Closes::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let parsed = line.split_once(',').and_then(|(d, c)| {
            Some((
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()?,
                c.trim().parse::<f64>().ok()?,
            ))
        });
        let Some((day, close)) = parsed else {
            anyhow::bail!(
                "{}:{}: not a date,close row ('{line}'); delete the file and fetch again",
                path.display(),
                i + 1
            );
        };
        closes.insert(day, close);
    }
    Ok(closes)
}

/// What a merge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merged {
    /// The kept closes, and the new days added.
    Added(usize),
    /// A day both have differs: the history was re-adjusted and replaced.
    Replaced,
}

/// `kept` and `fetched` as one history (see the module).
pub fn merge(kept: &Closes, fetched: &Closes) -> (Closes, Merged) {
    let differs = fetched.iter().any(|(day, new)| {
        kept.get(day)
            .is_some_and(|old| (old - new).abs() > SAME * old.abs().max(new.abs()))
    });
    if differs {
        return (fetched.clone(), Merged::Replaced);
    }
    let mut out = kept.clone();
    let before = out.len();
    out.extend(fetched.iter().map(|(d, c)| (*d, *c)));
    let added = out.len() - before;
    (out, Merged::Added(added))
}

/// Writes `closes` whole (temporary file, rename).
pub fn save(path: &Path, closes: &Closes) -> Result<()> {
    let mut text = String::from("date,close\n");
    for (day, close) in closes {
        // Rust's shortest representation that reads back to the same number.
        let _ = writeln!(text, "{day},{close}");
    }
    write_atomically(path, text.as_bytes(), true)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn a_refetch_adds_days_and_a_readjustment_replaces_the_history() {
        let kept = Closes::from([(d(2), 100.0), (d(3), 101.0)]);
        let more = Closes::from([(d(3), 101.0), (d(4), 102.0)]);
        let (merged, how) = merge(&kept, &more);
        assert_eq!(how, Merged::Added(1));
        assert_eq!(merged.len(), 3);
        // A dividend: every earlier close scaled down.
        let adjusted = Closes::from([(d(3), 100.5), (d(4), 102.0)]);
        let (merged, how) = merge(&kept, &adjusted);
        assert_eq!(how, Merged::Replaced);
        assert_eq!(merged, adjusted);
    }

    #[test]
    fn files_round_trip_and_odd_tickers_have_none() {
        let dir = tempfile::tempdir().unwrap();
        let file = path(dir.path(), "BRK.B").unwrap();
        assert!(path(dir.path(), "FOREX:USD").is_none());
        assert!(path(dir.path(), "../X").is_none());
        assert_eq!(load(&file).unwrap(), Closes::new());
        let closes = Closes::from([(d(2), 0.1 + 0.2), (d(3), 412.5)]);
        save(&file, &closes).unwrap();
        assert_eq!(load(&file).unwrap(), closes);
        std::fs::write(&file, "date,close\n2026-03-02,x\n").unwrap();
        let err = load(&file).unwrap_err().to_string();
        assert!(err.contains("BRK.B.csv:2"), "{err}");
    }
}
