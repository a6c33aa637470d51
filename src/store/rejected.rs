//! The rejected-records log: `<data>/rejected/rejected.ndjson`, one JSON object a line.
//!
//! Written as the store writes its files (`durable`): the log with the new lines is
//! written whole under a temporary name, synced, and renamed over the old one, so a full
//! disk or a kill leaves the old log, never half a line. A torn last line left by an older
//! version (which appended in place) is repaired on the next write.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The log's name in `<data>/rejected/`.
const LOG: &str = "rejected.ndjson";

/// Adds rejections to the log, each at most once: running the same batch again rejects
/// the same records without growing the log. `Ok(None)` when there were none.
pub fn append<R: serde::Serialize>(data_dir: &Path, rejections: &[R]) -> Result<Option<PathBuf>> {
    if rejections.is_empty() {
        return Ok(None);
    }
    let dir = data_dir.join("rejected");
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(LOG);
    let old = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let (kept, repaired) = whole_lines(&old);
    let existing: HashSet<&[u8]> = kept.split(|&b| b == b'\n').collect();
    let mut added: Vec<u8> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for r in rejections {
        let line = serde_json::to_string(r)?;
        if !existing.contains(line.as_bytes()) && seen.insert(line.clone()) {
            added.extend_from_slice(line.as_bytes());
            added.push(b'\n');
        }
    }
    if added.is_empty() && !repaired {
        return Ok(Some(path));
    }
    crate::fault::point("rejected-write");
    crate::durable::write_file(&path, &dir.join(format!(".{LOG}.tmp")), |file| {
        file.write_all(&kept)?;
        file.write_all(&added)?;
        Ok(())
    })
    .with_context(|| {
        format!(
            "the {} rejected records could not be logged to {} (the log is as it was)",
            rejections.len(),
            path.display()
        )
    })?;
    Ok(Some(path))
}

/// The log's whole lines, and whether a torn last line (no newline) was repaired: given
/// its newline when it is a whole JSON object, dropped when it is a fragment.
fn whole_lines(log: &[u8]) -> (Cow<'_, [u8]>, bool) {
    if log.is_empty() || log.ends_with(b"\n") {
        return (Cow::Borrowed(log), false);
    }
    let start = log.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let last = &log[start..];
    if serde_json::from_slice::<serde_json::Value>(last).is_ok_and(|v| v.is_object()) {
        let mut whole = log.to_vec();
        whole.push(b'\n');
        return (Cow::Owned(whole), true);
    }
    (Cow::Borrowed(&log[..start]), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_last_line_is_dropped_and_a_whole_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("rejected").join(LOG);
        fs::create_dir_all(log.parent().unwrap()).unwrap();
        fs::write(&log, "{\"a\":1}\n{\"b\":").unwrap();
        append(dir.path(), &[serde_json::json!({"c": 3})]).unwrap();
        assert_eq!(fs::read_to_string(&log).unwrap(), "{\"a\":1}\n{\"c\":3}\n");
        fs::write(&log, "{\"a\":1}").unwrap();
        append(dir.path(), &[serde_json::json!({"a": 1})]).unwrap();
        assert_eq!(fs::read_to_string(&log).unwrap(), "{\"a\":1}\n");
    }

    #[test]
    fn repeats_are_logged_once() {
        let dir = tempfile::tempdir().unwrap();
        let r = [serde_json::json!({"x": 1}), serde_json::json!({"x": 1})];
        append(dir.path(), &r).unwrap();
        let path = append(dir.path(), &r).unwrap().unwrap();
        assert_eq!(fs::read_to_string(path).unwrap(), "{\"x\":1}\n");
    }
}
