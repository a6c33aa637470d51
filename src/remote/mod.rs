//! A data folder on object storage (`--data s3://bucket/prefix`), worked on through a local
//! copy: the store's objects are read into a temporary folder, the command runs there as
//! on any data folder, and an ingest then writes its new objects back. Objects are never
//! changed after they are written: a store file is new (its name hashes its article ids),
//! and each ingest's rejected records are a new `rejected/` object, so a PUT (atomic on
//! object storage) publishes each whole and no rename is needed. One writer at a time
//! holds the lock object ([`lock`]).
//!
//! Configuration is the object store crate's usual environment: `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` (or `AWS_DEFAULT_REGION`), `AWS_ENDPOINT_URL`
//! (or `AWS_ENDPOINT`) for S3-compatible servers; an `http://` endpoint is allowed as it is.

pub mod lock;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use futures::TryStreamExt;
use object_store::aws::{AmazonS3Builder, S3ConditionalPut};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};

use crate::ingest::IngestOutcome;
use crate::store::lock::DataLock;
use crate::store::Month;

/// The URL schemes read as object storage rather than a folder.
const SCHEMES: [&str; 6] = ["s3://", "s3a://", "gs://", "az://", "abfs://", "azure://"];

/// Whether `--data` names object storage.
pub fn is_remote(data: &Path) -> bool {
    let data = data.to_string_lossy();
    SCHEMES.iter().any(|s| data.starts_with(s))
}

/// A data folder on object storage.
pub struct Remote {
    url: String,
    store: Arc<dyn ObjectStore>,
    /// The folder's key prefix ("" at the bucket's root), without a trailing slash.
    prefix: String,
    runtime: tokio::runtime::Runtime,
}

/// A local copy of a remote data folder's store: the command's data folder.
pub struct WorkingCopy {
    dir: tempfile::TempDir,
    /// Store files copied, of those the folder has.
    pub copied: usize,
    pub stored: usize,
}

impl WorkingCopy {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Remote {
    /// Opens `url` (`s3://bucket/prefix`; `s3a://` is read as `s3://`).
    pub fn open(url: &str) -> Result<Remote> {
        let rest = match url.strip_prefix("s3://").or_else(|| url.strip_prefix("s3a://")) {
            Some(rest) => rest,
            None => bail!(
                "{url}: only s3:// object storage is built into this tickertone (gs:// and az:// are not): use an s3:// URL or a folder"
            ),
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            bail!("{url}: the URL names no bucket: write s3://BUCKET/PREFIX");
        }
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_conditional_put(S3ConditionalPut::ETagMatch);
        let endpoint = std::env::var("AWS_ENDPOINT_URL")
            .or_else(|_| std::env::var("AWS_ENDPOINT"))
            .ok();
        if let Some(endpoint) = endpoint {
            builder = builder
                .with_allow_http(endpoint.starts_with("http://"))
                .with_endpoint(endpoint);
        }
        if std::env::var_os("AWS_REGION").is_none()
            && std::env::var_os("AWS_DEFAULT_REGION").is_none()
        {
            builder = builder.with_region("us-east-1");
        }
        let store = builder
            .build()
            .with_context(|| format!("{url}: cannot open the object store"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the object storage runtime")?;
        Ok(Remote {
            url: url.trim_end_matches('/').to_string(),
            store: Arc::new(store),
            prefix: prefix.trim_matches('/').to_string(),
            runtime,
        })
    }

    /// The object key of `relative` (a path inside the data folder).
    fn key(&self, relative: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(relative)
        } else {
            ObjectPath::from(format!("{}/{relative}", self.prefix))
        }
    }

    /// `url/relative`, for messages.
    fn name(&self, relative: &str) -> String {
        format!("{}/{relative}", self.url)
    }

    /// The keys under `relative/`, relative to the data folder.
    fn list(&self, relative: &str) -> Result<Vec<String>> {
        let prefix = self.key(relative);
        let listed: Vec<object_store::ObjectMeta> = self
            .runtime
            .block_on(self.store.list(Some(&prefix)).try_collect())
            .with_context(|| format!("cannot list {}", self.name(relative)))?;
        let strip = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        Ok(listed
            .into_iter()
            .filter_map(|m| m.location.as_ref().strip_prefix(&strip).map(String::from))
            .collect())
    }

    fn get(&self, relative: &str) -> Result<Option<bytes::Bytes>> {
        let key = self.key(relative);
        let got = self.runtime.block_on(async {
            match self.store.get(&key).await {
                Ok(found) => found.bytes().await.map(Some),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        });
        got.with_context(|| format!("cannot read {}", self.name(relative)))
    }

    fn put(&self, relative: &str, bytes: Vec<u8>) -> Result<()> {
        let key = self.key(relative);
        self.runtime
            .block_on(self.store.put(&key, PutPayload::from(bytes)))
            .with_context(|| format!("cannot write {}", self.name(relative)))?;
        Ok(())
    }

    /// A local copy of the store's files (and of `symbols.csv`, if the folder has one):
    /// of the month partitions, those `months` picks from the store's (in order); files
    /// outside month partitions (a store of the flat layout) always.
    pub fn pull(&self, months: impl FnOnce(&[Month]) -> Vec<Month>) -> Result<WorkingCopy> {
        let dir = tempfile::Builder::new()
            .prefix("tickertone-remote-")
            .tempdir()
            .context("cannot make a local folder for the object store's files")?;
        let parts: Vec<(Option<Month>, String)> = self
            .list("store/mentions")?
            .into_iter()
            .filter(|k| k.ends_with(".parquet"))
            .map(|k| {
                let month = k
                    .strip_prefix("store/mentions/")
                    .and_then(|rest| rest.split_once('/'))
                    .and_then(|(folder, _)| Month::parse_folder(folder));
                (month, k)
            })
            .collect();
        let all: BTreeSet<Month> = parts.iter().filter_map(|(m, _)| *m).collect();
        let wanted: BTreeSet<Month> = months(&all.into_iter().collect::<Vec<_>>())
            .into_iter()
            .collect();
        let stored = parts.len();
        let mut copy: Vec<String> = parts
            .into_iter()
            .filter(|(m, _)| m.is_none_or(|m| wanted.contains(&m)))
            .map(|(_, k)| k)
            .collect();
        let copied = copy.len();
        copy.push("symbols.csv".into());
        for relative in copy {
            let Some(bytes) = self.get(&relative)? else {
                continue;
            };
            let local = dir.path().join(&relative);
            if let Some(parent) = local.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&local, &bytes)
                .with_context(|| format!("cannot write {}", local.display()))?;
        }
        Ok(WorkingCopy {
            dir,
            copied,
            stored,
        })
    }

    /// Writes the files an ingest made in `copy` to the object store: its new store files,
    /// then its rejected records as a new object. Returns the names of both.
    fn push(
        &self,
        copy: &WorkingCopy,
        store_files: &[PathBuf],
        rejected_log: Option<&Path>,
    ) -> Result<(Vec<String>, Option<String>)> {
        let mut written = Vec::new();
        for file in store_files {
            let relative = relative_to(copy.path(), file)?;
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            self.put(&relative, bytes)?;
            written.push(self.name(&relative));
            crate::fault::point("remote-put");
        }
        let mut rejected = None;
        if let Some(log) = rejected_log {
            let bytes =
                std::fs::read(log).with_context(|| format!("cannot read {}", log.display()))?;
            if !bytes.is_empty() {
                let relative = format!(
                    "rejected/rejected-{}-{}.ndjson",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
                    std::process::id()
                );
                self.put(&relative, bytes)?;
                rejected = Some(self.name(&relative));
            }
        }
        Ok((written, rejected))
    }
}

/// Runs an ingest (`ingest`, given the data folder and its lock) on a local copy of the
/// folder at `url`, holding the folder's lock, then writes its new files back. The outcome
/// names the objects written. Killed while writing back, the objects written stay (each
/// whole): ingesting the same inputs again, once the lock has expired, records the rest.
pub fn ingest(
    url: &Path,
    what: &str,
    wait: bool,
    ingest: impl FnOnce(&Path, &DataLock) -> Result<IngestOutcome>,
) -> Result<IngestOutcome> {
    let remote = Remote::open(&url.to_string_lossy())?;
    let mut lock = remote.lock(what, wait)?;
    // Every partition: the ingest needs every stored id.
    let copy = remote.pull(|months| months.to_vec())?;
    let local_lock = crate::store::lock::acquire(copy.path(), what, false)?;
    let mut outcome = ingest(copy.path(), &local_lock)?;
    lock.renew()?;
    let rejected_log = outcome
        .rejected_log
        .clone()
        .filter(|_| outcome.rejected > 0);
    let (written, rejected) = remote.push(&copy, &outcome.store_files, rejected_log.as_deref())?;
    lock.release()?;
    outcome.store_files = written.into_iter().map(PathBuf::from).collect();
    outcome.rejected_log = rejected.map(PathBuf::from);
    Ok(outcome)
}

/// A local copy of the store at `url`: the month partitions `months` picks (see
/// [`Remote::pull`]).
pub fn pull(url: &Path, months: impl FnOnce(&[Month]) -> Vec<Month>) -> Result<WorkingCopy> {
    Remote::open(&url.to_string_lossy())?.pull(months)
}

/// `file`'s path inside `dir`, with `/` separators (an object key).
fn relative_to(dir: &Path, file: &Path) -> Result<String> {
    let relative = file
        .strip_prefix(dir)
        .with_context(|| format!("{} is not in {}", file.display(), dir.display()))?;
    Ok(relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}
