//! The rejected-records log: `<data>/rejected/rejected.ndjson`, one JSON object a line.

use std::collections::HashSet;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Appends rejections to the log, each at most once: running the same batch again rejects
/// the same records without growing the log.
pub fn append<R: serde::Serialize>(data_dir: &Path, rejections: &[R]) -> Result<Option<PathBuf>> {
    if rejections.is_empty() {
        return Ok(None);
    }
    let dir = data_dir.join("rejected");
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("rejected.ndjson");
    let existing: HashSet<String> = match fs::read_to_string(&path) {
        Ok(text) => text.lines().map(str::to_string).collect(),
        Err(_) => HashSet::new(),
    };
    let mut out = String::new();
    let mut added = HashSet::new();
    for r in rejections {
        let line = serde_json::to_string(r)?;
        if !existing.contains(&line) && added.insert(line.clone()) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    if !out.is_empty() {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        file.write_all(out.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.sync_all()?;
    }
    Ok(Some(path))
}
