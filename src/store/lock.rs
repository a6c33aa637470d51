//! One writer per data folder: an exclusive lock on `<data>/.tickertone.lock`.
//!
//! The lock is an OS file lock (`flock`), so it dies with its process: a `kill -9` leaves no
//! stale lock behind. The file's text (pid, command, start time) is only for messages.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// Held while a command writes to the data folder; released on drop.
#[derive(Debug)]
pub struct DataLock {
    file: File,
}

impl Drop for DataLock {
    /// Empties the holder's note, so a data folder at rest is the same after every run.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// Takes the data folder's lock. When another process holds it: with `wait`, says so on
/// stderr and waits; without, fails naming the holder.
pub fn acquire(data_dir: &Path, what: &str, wait: bool) -> Result<DataLock> {
    fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data folder {}", data_dir.display()))?;
    let path = data_dir.join(".tickertone.lock");
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = fs::read_to_string(&path).unwrap_or_default();
            let holder = holder.trim();
            let holder = if holder.is_empty() {
                "another tickertone"
            } else {
                holder
            };
            if !wait {
                bail!(
                    "{} is in use by {holder}; try again when it has finished (or leave out --no-wait to wait)",
                    data_dir.display()
                );
            }
            eprintln!(
                "Waiting for {holder} to finish with {} ...",
                data_dir.display()
            );
            file.lock()
                .with_context(|| format!("cannot lock {}", path.display()))?;
        }
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
    file.set_len(0)?;
    writeln!(
        file,
        "pid {} ({what}, started {})",
        std::process::id(),
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
    )?;
    Ok(DataLock { file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_without_wait_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let held = acquire(dir.path(), "tickertone ingest", false).unwrap();
        let err = acquire(dir.path(), "tickertone run", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("tickertone ingest"), "{err}");
        assert!(err.contains(&std::process::id().to_string()), "{err}");
        drop(held);
        assert!(acquire(dir.path(), "tickertone run", false).is_ok());
    }
}
