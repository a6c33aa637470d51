//! Crash-safe writes, the one place they are written: a file is written under a temporary
//! name in its own folder and synced, then renamed into place and the folder synced. A
//! reader sees the old file or the new one, whole; a crash leaves at most the temporary
//! file, which its owner removes (the store's hidden `.part-*.tmp`, a journal's `.tmp`).

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Syncs a folder, so the renames and creations in it are durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

/// Writes `temp` with `write` and syncs it, without publishing it; the temporary file is
/// removed when writing fails. Writes are buffered: a Parquet writer writes each page
/// header field by field, a system call each without it.
pub fn write_temp(
    temp: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let done = (|| -> Result<()> {
        let mut out = BufWriter::new(File::create(temp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    })();
    if done.is_err() {
        let _ = fs::remove_file(temp);
    }
    done.with_context(|| format!("cannot write {}", temp.display()))
}

/// Publishes a synced temporary file as `path` (replacing what was there): renamed, then
/// its folder synced.
pub fn publish(temp: &Path, path: &Path) -> Result<()> {
    fs::rename(temp, path).with_context(|| format!("cannot write {}", path.display()))?;
    sync_dir(path.parent().unwrap_or(Path::new(".")))
}

/// Publishes a synced temporary file as `path` only if no file has that name: `Ok(false)`
/// when one has (the temporary file is kept for another name).
pub fn publish_new(temp: &Path, path: &Path) -> Result<bool> {
    match fs::hard_link(temp, path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    }
    fs::remove_file(temp).with_context(|| format!("cannot remove {}", temp.display()))?;
    sync_dir(path.parent().unwrap_or(Path::new(".")))?;
    Ok(true)
}

/// Writes `path` whole or not at all, through the temporary file `temp` (in the same
/// folder).
pub fn write_file(
    path: &Path,
    temp: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    write_temp(temp, write)?;
    if let Err(e) = publish(temp, path) {
        let _ = fs::remove_file(temp);
        return Err(e);
    }
    Ok(())
}

/// [`write_file`] of `bytes`.
pub fn write_bytes(path: &Path, temp: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, temp, |f| Ok(f.write_all(bytes)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_a_failed_write_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let (path, temp) = (dir.path().join("state.json"), dir.path().join(".state.tmp"));
        write_bytes(&path, &temp, b"one").unwrap();
        write_bytes(&path, &temp, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let failed = write_file(&path, &temp, |f| {
            f.write_all(b"half")?;
            anyhow::bail!("disk full")
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert!(!temp.exists(), "the temporary file is removed");
    }

    #[test]
    fn publishing_as_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let (path, temp) = (dir.path().join("a.json"), dir.path().join(".a.tmp"));
        fs::write(&path, b"old").unwrap();
        write_temp(&temp, |f| Ok(f.write_all(b"new")?)).unwrap();
        assert!(!publish_new(&temp, &path).unwrap());
        let other = dir.path().join("a-2.json");
        assert!(publish_new(&temp, &other).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read(&other).unwrap(), b"new");
        assert!(!temp.exists());
    }
}
