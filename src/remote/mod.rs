//! A data folder on object storage (`--data s3://bucket/prefix`), worked on through a local
//! copy: the store's objects are read into a temporary folder, the command runs there as
//! on any data folder, and an ingest then writes its new objects back. Objects are never
//! changed after they are written: a store file is new (its name hashes its article ids),
//! and each ingest's rejected records are a new `rejected/` object, so a PUT (atomic on
//! object storage) publishes each whole and no rename is needed. One writer at a time
//! holds the lock object ([`lock`]).
//!
//! Configuration is the object store crate's usual environment: for S3 `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` (or `AWS_DEFAULT_REGION`), `AWS_ENDPOINT_URL`
//! (or `AWS_ENDPOINT`) for S3-compatible servers (an `http://` endpoint is allowed as it
//! is); for Google Cloud Storage `GOOGLE_SERVICE_ACCOUNT` or
//! `GOOGLE_APPLICATION_CREDENTIALS`; for Azure `AZURE_STORAGE_ACCOUNT_NAME` and
//! `AZURE_STORAGE_ACCOUNT_KEY` (or `AZURE_STORAGE_SAS_KEY`, ...).

pub mod lock;
mod push;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use futures::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3Builder, S3ConditionalPut};
use object_store::azure::MicrosoftAzureBuilder;
use object_store::gcp::GoogleCloudStorageBuilder;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};

use crate::store::lock::DataLock;
use crate::store::migrate;
use crate::store::Month;
pub use push::Pushed;
use push::{hash_file, Pulled};

/// Requests in flight at once when a working copy is read.
const CONCURRENT_REQUESTS: usize = 16;

/// The URL schemes read as object storage rather than a folder.
const SCHEMES: [&str; 7] = [
    "s3://", "s3a://", "gs://", "az://", "abfs://", "abfss://", "azure://",
];

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

/// An S3 bucket, or an S3-compatible server's: `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT`) names
/// the server (an `http://` one is allowed as it is), and the region defaults to us-east-1.
fn s3(url: &str, bucket: &str) -> Result<object_store::aws::AmazonS3> {
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
    if std::env::var_os("AWS_REGION").is_none() && std::env::var_os("AWS_DEFAULT_REGION").is_none()
    {
        builder = builder.with_region("us-east-1");
    }
    builder
        .build()
        .with_context(|| format!("{url}: cannot open the object store"))
}

impl Remote {
    /// Opens `url`: `s3://bucket/prefix` (`s3a://` is read as `s3://`), `gs://bucket/prefix`,
    /// or `az://container/prefix` (also `azure://`, `abfs[s]://container@account.dfs.core.windows.net/prefix`),
    /// each configured from its usual environment variables.
    pub fn open(url: &str) -> Result<Remote> {
        let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
        // The bucket (or container) is the URL's host part, the key prefix its path.
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            bail!("{url}: the URL names no bucket: write {scheme}://BUCKET/PREFIX");
        }
        let store: Arc<dyn ObjectStore> = match scheme {
            "s3" | "s3a" => Arc::new(s3(url, bucket)?),
            "gs" => Arc::new(
                GoogleCloudStorageBuilder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .with_context(|| {
                        format!("{url}: cannot open the bucket: set GOOGLE_SERVICE_ACCOUNT (a key file) or GOOGLE_APPLICATION_CREDENTIALS")
                    })?,
            ),
            "az" | "azure" | "abfs" | "abfss" => Arc::new(
                MicrosoftAzureBuilder::from_env()
                    .with_url(url)
                    .build()
                    .with_context(|| {
                        format!("{url}: cannot open the container: set AZURE_STORAGE_ACCOUNT_NAME and AZURE_STORAGE_ACCOUNT_KEY (or a SAS token, AZURE_STORAGE_SAS_KEY)")
                    })?,
            ),
            _ => bail!(
                "{url}: not an object store URL tickertone reads (s3://, s3a://, gs://, az://, azure://, abfs://, abfss://): use one of those or a folder"
            ),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the object storage runtime")?;
        Ok(Remote {
            url: url.trim_end_matches('/').to_string(),
            store,
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

    /// The object at `relative`, `None` if there is none.
    async fn get_async(&self, relative: &str) -> Result<Option<bytes::Bytes>> {
        let key = self.key(relative);
        let got = match self.store.get(&key).await {
            Ok(found) => found.bytes().await.map(Some),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        };
        got.with_context(|| format!("cannot read {}", self.name(relative)))
    }

    fn delete(&self, relative: &str) -> Result<()> {
        let key = self.key(relative);
        match self.runtime.block_on(self.store.delete(&key)) {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e).with_context(|| format!("cannot delete {}", self.name(relative))),
        }
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
    /// outside month partitions (a store of the flat layout) always; and every object
    /// under the folders `also` (`inbox`, `fetch`).
    fn pull(
        &self,
        months: impl FnOnce(&[Month]) -> Vec<Month>,
        also: &[&str],
    ) -> Result<WorkingCopy> {
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
        // A migration a writer was killed while writing back: readers of the copy skip
        // what its journal says, as in a folder.
        copy.push(migrate::JOURNAL_IN_DATA.into());
        for folder in also {
            copy.extend(self.list(folder)?);
        }
        copy.retain(|relative| stays_inside(relative));
        // Several requests in flight: on a distant object store each one waits mostly on
        // the network.
        let mut downloads = futures::stream::iter(copy)
            .map(|relative| async move {
                let got = self.get_async(&relative).await;
                (relative, got)
            })
            .buffer_unordered(CONCURRENT_REQUESTS);
        self.runtime.block_on(async {
            while let Some((relative, got)) = downloads.next().await {
                let Some(bytes) = got? else {
                    continue;
                };
                let local = dir.path().join(&relative);
                if let Some(parent) = local.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&local, &bytes)
                    .with_context(|| format!("cannot write {}", local.display()))?;
            }
            anyhow::Ok(())
        })?;
        Ok(WorkingCopy {
            dir,
            copied,
            stored,
        })
    }
}

/// Runs a writing command (`work`, given the data folder and its lock) on a local copy of
/// the folder at `url` (its store, and the folders `also`), holding the folder's lock,
/// then writes back what it added or changed. Killed while writing back, the objects
/// written stay (each whole): running the command again, once the lock has expired,
/// writes the rest. Returns `work`'s result, what was written, and the copy's path.
pub fn session<T>(
    url: &Path,
    what: &str,
    wait: bool,
    also: &[&str],
    work: impl FnOnce(&Path, &DataLock) -> Result<T>,
) -> Result<(T, Pushed, PathBuf)> {
    let remote = Remote::open(&url.to_string_lossy())?;
    let mut lock = remote.lock(what, wait)?;
    // Every partition: a writer needs every stored id.
    let copy = remote.pull(|months| months.to_vec(), also)?;
    let mut pulled = Pulled {
        files: BTreeMap::new(),
        journal: std::fs::read(copy.path().join(migrate::JOURNAL_IN_DATA))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok()),
    };
    for entry in walkdir::WalkDir::new(copy.path()) {
        let entry = entry?;
        if entry.file_type().is_file() {
            pulled.files.insert(
                relative_to(copy.path(), entry.path())?,
                hash_file(entry.path())?,
            );
        }
    }
    let local_lock = crate::store::lock::acquire(copy.path(), what, false)?;
    let done = work(copy.path(), &local_lock)?;
    drop(local_lock);
    lock.renew()?;
    let pushed = remote.push(&copy, &pulled, &mut lock)?;
    lock.release()?;
    Ok((done, pushed, copy.path().to_path_buf()))
}

/// A local copy of the store at `url`: the month partitions `months` picks (see
/// [`Remote::pull`]), and every object under the folders `also` (`fetch` for `sources`).
pub fn pull(
    url: &Path,
    months: impl FnOnce(&[Month]) -> Vec<Month>,
    also: &[&str],
) -> Result<WorkingCopy> {
    Remote::open(&url.to_string_lossy())?.pull(months, also)
}

/// Whether an object key, as a path, stays inside the copy's folder (a key with `..` or an
/// empty segment is not one tickertone wrote).
fn stays_inside(relative: &str) -> bool {
    !relative
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
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

#[cfg(test)]
impl Remote {
    /// A data folder in an in-memory object store (with conditional PUTs, as S3's).
    pub(crate) fn in_memory() -> Remote {
        Remote {
            url: "memory://bucket/desk".into(),
            store: Arc::new(object_store::memory::InMemory::new()),
            prefix: "desk".into(),
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_would_leave_the_copy_are_not_copied() {
        assert!(stays_inside("store/mentions/month=2025-01/part-ab.parquet"));
        assert!(stays_inside("inbox/av/20261130T053406.222Z.json"));
        assert!(!stays_inside("inbox/../../etc/passwd"));
        assert!(!stays_inside("/etc/passwd"));
        assert!(!stays_inside("inbox//x"));
        assert!(!stays_inside("./x"));
    }

    #[test]
    fn data_folders_on_object_storage_are_told_apart_from_folders() {
        assert!(is_remote(Path::new("s3://bucket/prefix")));
        assert!(is_remote(Path::new("s3a://bucket")));
        assert!(!is_remote(Path::new("data")));
        assert!(!is_remote(Path::new("/srv/s3://x")));
        assert!(is_remote(Path::new(
            "abfss://fs@account.dfs.core.windows.net/desk"
        )));
        assert!(Remote::open("s3:///prefix").is_err());
        assert!(Remote::open("ftp://bucket/prefix").is_err());
    }

    /// Each scheme opens its store on the bucket or container the URL names, with the
    /// URL's path as the key prefix (no request is sent).
    #[test]
    fn each_scheme_opens_its_bucket_and_prefix() {
        let s3 = Remote::open("s3a://bucket/desk/one/").unwrap();
        assert_eq!(
            (s3.prefix.as_str(), s3.url.as_str()),
            ("desk/one", "s3a://bucket/desk/one")
        );
        assert_eq!(s3.key("store/x").as_ref(), "desk/one/store/x");
        let gs = Remote::open("gs://bucket/desk").unwrap();
        assert_eq!(gs.prefix, "desk");
        assert_eq!(gs.key("store/x").as_ref(), "desk/store/x");
        // Azure needs an account: from the environment, or in an abfss:// URL.
        let azure = Remote::open("abfss://fs@account.dfs.core.windows.net/desk");
        assert!(azure.is_ok_and(|a| a.prefix == "desk"));
        if std::env::var_os("AZURE_STORAGE_ACCOUNT_NAME").is_none() {
            let error = Remote::open("az://container/desk").err().unwrap();
            assert!(
                format!("{error:#}").contains("set AZURE_STORAGE_ACCOUNT_NAME"),
                "{error:#}"
            );
        }
    }
}
