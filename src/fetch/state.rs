//! What a source remembers between runs (`<data>/fetch/<source>.json`), and the files a
//! fetch writes: response bodies into the inbox, failed ones aside. Every write is a temp
//! file, synced, then renamed, so a killed fetch leaves the old file or the new one.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::durable;

/// The key of a source's only stream (sources asked once, not per ticker).
pub const ALL: &str = "all";

/// One source's memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceState {
    pub kind: String,
    pub last_attempt: Option<DateTime<Utc>>,
    /// When the last fetch that got everything started.
    pub last_success: Option<DateTime<Utc>>,
    /// Why the last fetch failed (key redacted); `None` after a success.
    pub last_error: Option<String>,
    /// Articles in the responses of the last fetch, and of every fetch so far.
    pub articles_last: usize,
    pub articles_total: u64,
    pub requests_last: u32,
    /// Per ticker (or `all`): from when the next request asks.
    pub streams: BTreeMap<String, StreamState>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamState {
    /// The start of the last fetch that got this stream whole.
    pub since: Option<DateTime<Utc>>,
    /// Validators of an RSS feed, for a conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl SourceState {
    pub fn path(data: &Path, source: &str) -> PathBuf {
        data.join("fetch").join(format!("{source}.json"))
    }

    /// The state in `path`; a source never fetched has an empty one.
    pub fn load(path: &Path) -> Result<SourceState> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SourceState::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is damaged; delete it and the next fetch asks for the last 7 days",
                path.display()
            )
        })
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_vec_pretty(self)?;
        text.push(b'\n');
        write_atomically(path, &text, true)?;
        Ok(())
    }

    /// The oldest `since` of the streams, for the summary.
    pub fn oldest_since(&self, streams: &[String]) -> Option<DateTime<Utc>> {
        streams
            .iter()
            .map(|s| self.streams.get(s).and_then(|st| st.since))
            .min()
            .flatten()
    }
}

/// Writes `bytes` to `path` whole or not at all (see `durable`). With `replace`, an
/// existing file is replaced; without, the name gets `-2`, `-3`, ... until it is new.
/// Returns the name written.
pub fn write_atomically(path: &Path, bytes: &[u8], replace: bool) -> Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let temp = dir.join(format!(
        ".fetch-{}-{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    if replace {
        durable::write_bytes(path, &temp, bytes)?;
        return Ok(path.to_path_buf());
    }
    durable::write_temp(&temp, |f| Ok(f.write_all(bytes)?))?;
    let mut candidate = path.to_path_buf();
    for n in 2..=1000 {
        if durable::publish_new(&temp, &candidate)? {
            return Ok(candidate);
        }
        candidate = numbered(path, n);
    }
    let _ = std::fs::remove_file(&temp);
    anyhow::bail!(
        "cannot write {}: 1000 files of that name exist",
        path.display()
    )
}

/// Temporary names of one process differ by this counter.
static TEMP_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn numbered(path: &Path, n: u32) -> PathBuf {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
    let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("");
    path.with_file_name(format!("{stem}-{n}.{ext}"))
}

/// Saves a response body unchanged as `<data>/inbox/<source>/<UTC timestamp>.<ext>`, or in
/// the folder of `ticker` (`ticker=<T>/`, see `input::folder_ticker`) for a response that
/// names no ticker of its own.
pub fn save_response(
    data: &Path,
    source: &str,
    ticker: Option<&str>,
    ext: &str,
    body: &[u8],
) -> Result<PathBuf> {
    let name = format!("{}.{ext}", Utc::now().format("%Y%m%dT%H%M%S%.3fZ"));
    let mut dir = data.join("inbox").join(source);
    if let Some(ticker) = ticker {
        dir = dir.join(crate::input::folder_ticker::folder_name(ticker));
    }
    write_atomically(&dir.join(name), body, false)
}

/// Moves a saved body that turned out to be an error message out of the inbox (so `run`
/// does not read it as news) to `<data>/fetch/errors/<source>/`, where it stays to be read.
pub fn set_aside(data: &Path, source: &str, saved: &Path) -> Result<PathBuf> {
    let dir = data.join("fetch").join("errors").join(source);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let target = dir.join(saved.file_name().unwrap_or_default());
    std::fs::rename(saved, &target)
        .with_context(|| format!("cannot move {} to {}", saved.display(), target.display()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_saved_names_never_clash() {
        let dir = tempfile::tempdir().unwrap();
        let path = SourceState::path(dir.path(), "av");
        assert_eq!(SourceState::load(&path).unwrap(), SourceState::default());
        let mut state = SourceState {
            kind: "alphavantage".into(),
            articles_total: 3,
            ..Default::default()
        };
        state.streams.insert(
            "AAPL".into(),
            StreamState {
                since: Some(Utc::now()),
                ..Default::default()
            },
        );
        state.save(&path).unwrap();
        assert_eq!(SourceState::load(&path).unwrap(), state);
        std::fs::write(&path, "{").unwrap();
        assert!(SourceState::load(&path)
            .unwrap_err()
            .to_string()
            .contains("damaged"));

        let target = dir.path().join("inbox/x/a.json");
        let first = write_atomically(&target, b"1", false).unwrap();
        let second = write_atomically(&target, b"2", false).unwrap();
        assert_eq!(first, target);
        assert_eq!(second, dir.path().join("inbox/x/a-2.json"));
        assert_eq!(std::fs::read(&second).unwrap(), b"2");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("inbox/x"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "no temp files left: {left:?}");
    }
}
