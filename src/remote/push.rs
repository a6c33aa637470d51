//! Writing back what a command added or changed in a working copy: new objects, never
//! changed ones; a migration's moves through its journal; the command's rejected records.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::lock::RemoteLock;
use super::{relative_to, Remote, WorkingCopy};
use crate::store::migrate::{self, Journal};

impl Remote {
    /// Writes back what a command added or changed in `copy` (new store files, fetched
    /// inbox files, fetch state), each as one object, store files first, then the rejected
    /// records of the command (`rejected/rejected.ndjson` of the copy, which starts empty)
    /// as a new object. `pulled` is what the copy held before: unchanged files are skipped.
    /// Store files the command removed (a migration's flat parts) are deleted as a
    /// migration is: see [`Remote::push_moved`].
    pub(super) fn push(
        &self,
        copy: &WorkingCopy,
        pulled: &Pulled,
        lock: &mut RemoteLock,
    ) -> Result<Pushed> {
        let mut changed: Vec<String> = Vec::new();
        for entry in walkdir::WalkDir::new(copy.path()).sort_by_file_name() {
            let entry = entry?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = relative_to(copy.path(), entry.path())?;
            // Hidden files (the local lock, temporary files, journals) stay local.
            if relative.split('/').any(|c| c.starts_with('.')) || relative == REJECTED_LOG {
                continue;
            }
            if pulled.files.get(&relative) != Some(&hash_file(entry.path())?) {
                changed.push(relative);
            }
        }
        // Store files first: a fetch state written back promises its articles are stored.
        changed.sort_by_key(|r| !r.starts_with("store/"));
        let removed: Vec<String> = pulled
            .files
            .keys()
            .filter(|r| r.starts_with(MENTIONS) && r.ends_with(".parquet"))
            .filter(|r| !copy.path().join(r).exists())
            .cloned()
            .collect();
        let mut pushed = Pushed::default();
        if removed.is_empty() && pulled.journal.is_none() {
            self.put_all(copy, changed, &mut pushed, lock)?;
        } else {
            self.push_moved(
                copy,
                changed,
                &removed,
                pulled.journal.clone(),
                &mut pushed,
                lock,
            )?;
        }
        let bytes = std::fs::read(copy.path().join(REJECTED_LOG)).unwrap_or_default();
        if !bytes.is_empty() {
            let relative = format!(
                "rejected/rejected-{}-{}.ndjson",
                chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
                std::process::id()
            );
            self.put(&relative, bytes)?;
            pushed.rejected = Some(self.name(&relative));
        }
        Ok(pushed)
    }

    /// Writes back a command that moved store files (a migration, or the recovery of one a
    /// killed writer left), through the journal readers of a copy follow
    /// (`store::migrate`): the journal (the one pulled, if any, with the removed flat
    /// parts as sources and the new files as targets; uncommitted unless the pulled one
    /// was committed), the new objects, the journal committed, then the removed objects
    /// deleted and the journal last. Killed at any step, readers count each row once and
    /// the next writer finishes the move (its copy carries the journal).
    fn push_moved(
        &self,
        copy: &WorkingCopy,
        changed: Vec<String>,
        removed: &[String],
        pulled: Option<Journal>,
        pushed: &mut Pushed,
        lock: &mut RemoteLock,
    ) -> Result<()> {
        let mut journal = pulled.unwrap_or_default();
        let in_mentions = |r: &String| r.strip_prefix(MENTIONS).map(String::from);
        for source in removed.iter().filter_map(in_mentions) {
            if !source.contains('/') && !journal.sources.contains(&source) {
                journal.sources.push(source);
            }
        }
        for target in changed.iter().filter_map(in_mentions) {
            if !journal.targets.contains(&target) {
                journal.targets.push(target);
            }
        }
        self.put(migrate::JOURNAL_IN_DATA, serde_json::to_vec(&journal)?)?;
        crate::fault::point("remote-put");
        self.put_all(copy, changed, pushed, lock)?;
        lock.keep_alive()?;
        journal.committed = true;
        self.put(migrate::JOURNAL_IN_DATA, serde_json::to_vec(&journal)?)?;
        crate::fault::point("remote-migration-committed");
        for relative in removed {
            self.delete(relative)?;
        }
        self.delete(migrate::JOURNAL_IN_DATA)
    }

    /// Puts each of `changed` (paths in `copy`) as one object, keeping the lock alive.
    fn put_all(
        &self,
        copy: &WorkingCopy,
        changed: Vec<String>,
        pushed: &mut Pushed,
        lock: &mut RemoteLock,
    ) -> Result<()> {
        for relative in changed {
            lock.keep_alive()?;
            let file = copy.path().join(&relative);
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            self.put(&relative, bytes)?;
            pushed
                .objects
                .insert(relative.clone(), self.name(&relative));
            crate::fault::point("remote-put");
        }
        Ok(())
    }
}

/// Store files (Parquet parts) live under this folder of a data folder.
const MENTIONS: &str = "store/mentions/";

/// What a working copy held when it was pulled: each file's hash, and the migration
/// journal it carried (parsed before the command's recovery removes the file).
pub(super) struct Pulled {
    pub(super) files: BTreeMap<String, blake3::Hash>,
    pub(super) journal: Option<Journal>,
}

/// The local rejected log of a data folder.
const REJECTED_LOG: &str = "rejected/rejected.ndjson";

/// What [`session`] wrote back.
#[derive(Debug, Default)]
pub struct Pushed {
    /// Object names by path inside the data folder.
    pub objects: BTreeMap<String, String>,
    /// The object of the command's rejected records, if it had any.
    pub rejected: Option<String>,
}

impl Pushed {
    /// The object written for `file` of the working copy `dir`, else `file` itself.
    pub fn object_of(&self, dir: &Path, file: &Path) -> PathBuf {
        relative_to(dir, file)
            .ok()
            .and_then(|r| self.objects.get(&r))
            .map_or_else(|| file.to_path_buf(), PathBuf::from)
    }
}

pub(super) fn hash_file(path: &Path) -> Result<blake3::Hash> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(blake3::hash(&bytes))
}
