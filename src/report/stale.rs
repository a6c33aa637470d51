//! Staging folders a killed report left behind. `render::write_report` builds a report in
//! `<reports>/.<date>.<pid>.tmp` (and, off Linux, moves the old one aside to
//! `.<date>.old.<pid>`) and removes it once swapped in; a report killed in between leaves
//! it. Reports take no lock (two may run at once), so the next one removes only the folders
//! whose process is gone: a live pid may be a report still building.

use std::fs;
use std::path::{Path, PathBuf};

/// Removes the staging folders under `reports_dir` whose process has ended; returns them.
/// Nothing is removed where liveness cannot be checked (no `/proc`).
pub fn remove_stale_staging(reports_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(reports_dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(staging_pid) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) != Some(false) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) && fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

/// The pid in a staging folder's name: `.<date>.<pid>.tmp` or `.<date>.old.<pid>`.
fn staging_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let pid = match rest.strip_suffix(".tmp") {
        Some(stem) => stem.rsplit_once('.')?.1,
        None => rest.rsplit_once(".old.")?.1,
    };
    pid.parse().ok()
}

/// Whether process `pid` runs: `Some` where `/proc` tells, `None` elsewhere.
fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return None;
    }
    Some(proc.join(pid.to_string()).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_give_their_pid() {
        assert_eq!(staging_pid(".2025-04-03.1234.tmp"), Some(1234));
        assert_eq!(staging_pid(".2025-04-03.old.99"), Some(99));
        assert_eq!(staging_pid("2025-04-03"), None);
        assert_eq!(staging_pid(".2025-04-03.x.tmp"), None);
        assert_eq!(staging_pid(".hidden"), None);
    }

    #[test]
    fn only_folders_of_ended_processes_go() {
        let dir = tempfile::tempdir().unwrap();
        // pid_max is at most 2^22 on Linux: this pid cannot be running.
        let dead = dir.path().join(".2025-04-03.4194305.tmp");
        let alive = dir
            .path()
            .join(format!(".2025-04-03.{}.tmp", std::process::id()));
        let report = dir.path().join("2025-04-03");
        for d in [&dead, &alive, &report] {
            fs::create_dir_all(d.join("charts")).unwrap();
        }
        if process_alive(1).is_none() {
            return;
        }
        assert_eq!(remove_stale_staging(dir.path()), vec![dead.clone()]);
        assert!(!dead.exists() && alive.exists() && report.exists());
    }
}
