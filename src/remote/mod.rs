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

use crate::ingest::IngestOutcome;
use crate::store::lock::DataLock;
use crate::store::migrate::{self, Journal};
use crate::store::Month;

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
    /// outside month partitions (a store of the flat layout) always.
    pub fn pull(&self, months: impl FnOnce(&[Month]) -> Vec<Month>) -> Result<WorkingCopy> {
        self.pull_with(months, &[])
    }

    /// [`Remote::pull`], and every object under the folders `also` (`inbox`, `fetch`).
    fn pull_with(
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

    /// Writes back what a command added or changed in `copy` (new store files, fetched
    /// inbox files, fetch state), each as one object, store files first, then the rejected
    /// records of the command (`rejected/rejected.ndjson` of the copy, which starts empty)
    /// as a new object. `pulled` is what the copy held before: unchanged files are skipped.
    /// Store files the command removed (a migration's flat parts) are deleted as a
    /// migration is: see [`Remote::push_moved`].
    fn push(&self, copy: &WorkingCopy, pulled: &Pulled) -> Result<Pushed> {
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
            self.put_all(copy, changed, &mut pushed)?;
        } else {
            self.push_moved(copy, changed, &removed, pulled.journal.clone(), &mut pushed)?;
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
        self.put_all(copy, changed, pushed)?;
        journal.committed = true;
        self.put(migrate::JOURNAL_IN_DATA, serde_json::to_vec(&journal)?)?;
        crate::fault::point("remote-migration-committed");
        for relative in removed {
            self.delete(relative)?;
        }
        self.delete(migrate::JOURNAL_IN_DATA)
    }

    /// Puts each of `changed` (paths in `copy`) as one object.
    fn put_all(&self, copy: &WorkingCopy, changed: Vec<String>, pushed: &mut Pushed) -> Result<()> {
        for relative in changed {
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
struct Pulled {
    files: BTreeMap<String, blake3::Hash>,
    journal: Option<Journal>,
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
    fn object_of(&self, dir: &Path, file: &Path) -> PathBuf {
        relative_to(dir, file)
            .ok()
            .and_then(|r| self.objects.get(&r))
            .map_or_else(|| file.to_path_buf(), PathBuf::from)
    }

    /// `outcome` (of an ingest in the working copy `dir`) naming the objects written.
    pub fn name_objects(&self, dir: &Path, outcome: &mut IngestOutcome) {
        outcome.store_files = outcome
            .store_files
            .iter()
            .map(|f| self.object_of(dir, f))
            .collect();
        outcome.rejected_log = self.rejected.clone().map(PathBuf::from);
    }
}

fn hash_file(path: &Path) -> Result<blake3::Hash> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(blake3::hash(&bytes))
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
    let copy = remote.pull_with(|months| months.to_vec(), also)?;
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
    let pushed = remote.push(&copy, &pulled)?;
    lock.release()?;
    Ok((done, pushed, copy.path().to_path_buf()))
}

/// An ingest on object storage: [`session`] around `ingest`; the outcome names the
/// objects written.
pub fn ingest(
    url: &Path,
    what: &str,
    wait: bool,
    ingest: impl FnOnce(&Path, &DataLock) -> Result<IngestOutcome>,
) -> Result<IngestOutcome> {
    let (mut outcome, pushed, dir) = session(url, what, wait, &[], ingest)?;
    pushed.name_objects(&dir, &mut outcome);
    Ok(outcome)
}

/// A local copy of the store at `url`: the month partitions `months` picks (see
/// [`Remote::pull`]).
pub fn pull(url: &Path, months: impl FnOnce(&[Month]) -> Vec<Month>) -> Result<WorkingCopy> {
    Remote::open(&url.to_string_lossy())?.pull(months)
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
