//! The data folder a command works in: a folder, or one on object storage (`--data
//! s3://…`, `gs://…`, `az://…`) worked on through a local copy (see `remote`). Commands ask
//! it for a folder to read ([`DataDir::read`]) or to write in under its lock
//! ([`DataDir::write`]); only this module asks which kind it is.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::remote::{self, Pushed, WorkingCopy};
use crate::store::lock::{self, DataLock};
use crate::store::{compact, Month, Store};

/// Where the data folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataDir {
    /// A folder.
    Local(PathBuf),
    /// A folder on object storage, by its URL.
    Remote(String),
}

impl DataDir {
    /// `--data` as given: an object storage URL, else a folder.
    pub fn new(given: PathBuf) -> DataDir {
        if remote::is_remote(&given) {
            DataDir::Remote(given.to_string_lossy().into_owned())
        } else {
            DataDir::Local(given)
        }
    }

    /// A folder to read: the folder itself, or a local copy of the store's month partitions
    /// that `months` picks (from the store's, in order) and of the folders `also`. A copy
    /// of a store with nothing recorded is an error, unless only `also` was wanted.
    pub fn read(
        &self,
        months: impl FnOnce(&[Month]) -> Vec<Month>,
        also: &[&str],
    ) -> Result<Reading> {
        match self {
            DataDir::Local(path) => Ok(Reading {
                path: path.clone(),
                name: self.to_string(),
                copy: None,
            }),
            DataDir::Remote(url) => {
                let copy = remote::pull(Path::new(url), months, also)?;
                if copy.stored == 0 && also.is_empty() {
                    bail!(
                        "nothing is recorded in {url} yet: ingest some articles first (tickertone --data {url} ingest FILE)"
                    );
                }
                Ok(Reading {
                    path: copy.path().to_path_buf(),
                    name: url.clone(),
                    copy: Some(copy),
                })
            }
        }
    }

    /// Runs a writing command: `work` gets the folder to write in and its lock (waiting for
    /// it when `wait`). On object storage that folder is a local copy of the store and of
    /// the folders `also` (`inbox`, `fetch`), and what `work` added or changed is written
    /// back under the folder's lock object.
    pub fn write<T>(
        &self,
        what: &str,
        wait: bool,
        also: &[&str],
        work: impl FnOnce(&Writing) -> Result<T>,
    ) -> Result<Written<T>> {
        match self {
            DataDir::Local(path) => {
                let lock = lock::acquire(path, what, wait)?;
                let writing = Writing {
                    path,
                    lock: &lock,
                    name: self.to_string(),
                    working_copy: false,
                };
                Ok(Written {
                    value: work(&writing)?,
                    objects: Objects(None),
                })
            }
            DataDir::Remote(url) => {
                let (value, pushed, dir) =
                    remote::session(Path::new(url), what, wait, also, |copy, lock| {
                        work(&Writing {
                            path: copy,
                            lock,
                            name: url.clone(),
                            working_copy: true,
                        })
                    })?;
                Ok(Written {
                    value,
                    objects: Objects(Some((pushed, dir))),
                })
            }
        }
    }
}

impl fmt::Display for DataDir {
    /// The data folder as the user named it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataDir::Local(path) => write!(f, "{}", path.display()),
            DataDir::Remote(url) => f.write_str(url),
        }
    }
}

/// A data folder to read from (see [`DataDir::read`]).
pub struct Reading {
    path: PathBuf,
    name: String,
    /// The local copy, removed when this is dropped.
    copy: Option<WorkingCopy>,
}

impl Reading {
    /// The local folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The data folder as the user named it, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `(copied, stored)` store files, for a copy of a folder on object storage.
    pub fn copied(&self) -> Option<(usize, usize)> {
        self.copy.as_ref().map(|c| (c.copied, c.stored))
    }
}

/// A data folder held for writing (see [`DataDir::write`]).
pub struct Writing<'a> {
    path: &'a Path,
    lock: &'a DataLock,
    name: String,
    working_copy: bool,
}

impl Writing<'_> {
    /// The local folder to write in.
    pub fn path(&self) -> &Path {
        self.path
    }

    pub fn lock(&self) -> &DataLock {
        self.lock
    }

    /// The data folder as the user named it, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Merges a month's small store files once it has many (see `store::compact`). A
    /// working copy is left as it is: its new files are written back one object each, and
    /// object storage keeps objects, never replaces them.
    pub fn compact(&self) -> Result<usize> {
        if self.working_copy {
            return Ok(0);
        }
        compact::compact(&Store::new(self.path), self.lock, compact::COMPACT_AT_FILES)
    }
}

/// What a writing command returned, and what it wrote.
pub struct Written<T> {
    pub value: T,
    pub objects: Objects,
}

/// On object storage, the objects a write wrote back, by the working copy's files.
pub struct Objects(Option<(Pushed, PathBuf)>);

impl Objects {
    /// The object written for `file` of the working copy; `file` itself in a folder.
    pub fn object_of(&self, file: &Path) -> PathBuf {
        match &self.0 {
            Some((pushed, dir)) => pushed.object_of(dir, file),
            None => file.to_path_buf(),
        }
    }

    /// The object of the write's rejected records on object storage (`None` in a folder,
    /// and when there were none).
    pub fn rejected(&self) -> Option<PathBuf> {
        self.0
            .as_ref()
            .and_then(|(pushed, _)| pushed.rejected.clone().map(PathBuf::from))
    }

    /// Whether the write was on object storage.
    pub fn remote(&self) -> bool {
        self.0.is_some()
    }
}
