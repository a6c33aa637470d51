//! The writer lock of a data folder on object storage: the object `.tickertone.lock`,
//! created with a conditional PUT (create if absent) and holding its holder, pid, host and
//! expiry. A lock past its expiry (a crashed writer's) is taken over with a PUT conditional
//! on that lock's ETag, so of two writers taking it over only one succeeds. The holder
//! renews it before it writes, and deletes it when done.

use std::time::Duration;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use object_store::{PutMode, PutOptions, PutPayload, UpdateVersion};
use serde::{Deserialize, Serialize};

use super::Remote;

const KEY: &str = ".tickertone.lock";

/// How long a lock holds without being renewed: `TICKERTONE_LOCK_TTL` seconds, else 15
/// minutes.
fn time_to_live() -> chrono::Duration {
    let seconds = std::env::var("TICKERTONE_LOCK_TTL")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(15 * 60);
    chrono::Duration::seconds(seconds)
}

#[derive(Debug, Serialize, Deserialize)]
struct Holder {
    holder: String,
    pid: u32,
    host: String,
    acquired: DateTime<Utc>,
    expires: DateTime<Utc>,
}

impl Holder {
    fn me(what: &str) -> Holder {
        let now = Utc::now();
        Holder {
            holder: what.to_string(),
            pid: std::process::id(),
            host: std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_string())
                .unwrap_or_else(|_| "unknown host".into()),
            acquired: now,
            expires: now + time_to_live(),
        }
    }

    fn describe(&self) -> String {
        format!(
            "{} (pid {} on {}) until {}",
            self.holder,
            self.pid,
            self.host,
            self.expires.format("%Y-%m-%d %H:%M:%S UTC")
        )
    }
}

/// What a later PUT of the lock must match: the object this PUT wrote.
fn updating(put: object_store::PutResult) -> UpdateVersion {
    UpdateVersion {
        e_tag: put.e_tag,
        version: put.version,
    }
}

/// The lock, held; deleted on [`RemoteLock::release`] or drop.
pub struct RemoteLock<'a> {
    remote: &'a Remote,
    what: String,
    /// The lock object as this holder last wrote it: its ETag (S3, Azure) and version
    /// (Google Cloud Storage's generation), which a conditional PUT must match.
    version: UpdateVersion,
    held: bool,
}

enum Attempt {
    Taken(UpdateVersion),
    Held(Holder),
    /// Changed while we looked: try again at once.
    Raced,
}

impl Remote {
    /// Takes the folder's writer lock; waits while another writer holds it unexpired
    /// (unless `wait` is false: then it fails, naming the holder).
    pub fn lock(&self, what: &str, wait: bool) -> Result<RemoteLock<'_>> {
        let mut told = false;
        loop {
            match self.try_lock(what)? {
                Attempt::Taken(version) => {
                    return Ok(RemoteLock {
                        remote: self,
                        what: what.to_string(),
                        version,
                        held: true,
                    })
                }
                Attempt::Raced => continue,
                Attempt::Held(holder) if !wait => bail!(
                    "{} is in use by {}; try again when it has finished (or leave out --no-wait to wait); a crashed writer's lock is taken over once it expires",
                    self.url,
                    holder.describe()
                ),
                Attempt::Held(holder) => {
                    if !told {
                        eprintln!("Waiting for {} to finish with {} ...", holder.describe(), self.url);
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(300));
                }
            }
        }
    }

    fn try_lock(&self, what: &str) -> Result<Attempt> {
        let key = self.key(KEY);
        let body = serde_json::to_vec(&Holder::me(what))?;
        let created = self.runtime.block_on(self.store.put_opts(
            &key,
            PutPayload::from(body.clone()),
            PutOptions::from(PutMode::Create),
        ));
        match created {
            Ok(put) => return Ok(Attempt::Taken(updating(put))),
            Err(object_store::Error::AlreadyExists { .. })
            | Err(object_store::Error::Precondition { .. }) => {}
            Err(e) => return Err(e).with_context(|| format!("cannot lock {}", self.url)),
        }
        let current = self.runtime.block_on(async {
            match self.store.get(&key).await {
                Ok(found) => {
                    let version = UpdateVersion {
                        e_tag: found.meta.e_tag.clone(),
                        version: found.meta.version.clone(),
                    };
                    found.bytes().await.map(|b| Some((version, b)))
                }
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        });
        let Some((version, bytes)) =
            current.with_context(|| format!("cannot read the lock of {}", self.url))?
        else {
            return Ok(Attempt::Raced);
        };
        let holder: Holder = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{}: the lock object is not tickertone's; delete {} if no tickertone is writing",
                self.url,
                self.name(KEY)
            )
        })?;
        if holder.expires > Utc::now() {
            return Ok(Attempt::Held(holder));
        }
        // Expired: take it over, only if it is still that lock.
        let taken = self.runtime.block_on(self.store.put_opts(
            &key,
            PutPayload::from(body),
            PutOptions::from(PutMode::Update(version)),
        ));
        match taken {
            Ok(put) => {
                eprintln!(
                    "warning: took over the lock of {} held by {} (expired)",
                    self.url,
                    holder.describe()
                );
                Ok(Attempt::Taken(updating(put)))
            }
            Err(object_store::Error::Precondition { .. })
            | Err(object_store::Error::AlreadyExists { .. })
            | Err(object_store::Error::NotFound { .. }) => Ok(Attempt::Raced),
            Err(e) => Err(e).with_context(|| format!("cannot lock {}", self.url)),
        }
    }
}

impl RemoteLock<'_> {
    /// Renews the lock's expiry; fails when another writer took it over meanwhile (this
    /// one then must not write).
    pub fn renew(&mut self) -> Result<()> {
        let remote = self.remote;
        let body = serde_json::to_vec(&Holder::me(&self.what))?;
        let renewed = remote.runtime.block_on(remote.store.put_opts(
            &remote.key(KEY),
            PutPayload::from(body),
            PutOptions::from(PutMode::Update(self.version.clone())),
        ));
        match renewed {
            Ok(put) => {
                self.version = updating(put);
                Ok(())
            }
            Err(e) => {
                self.held = false;
                Err(e).with_context(|| {
                    format!(
                        "the lock of {} was taken over while this ingest held it (it expired): nothing was written; run the ingest again",
                        remote.url
                    )
                })
            }
        }
    }

    /// Deletes the lock.
    pub fn release(mut self) -> Result<()> {
        self.held = false;
        let remote = self.remote;
        remote
            .runtime
            .block_on(remote.store.delete(&remote.key(KEY)))
            .with_context(|| format!("cannot delete the lock of {}", remote.url))
    }
}

impl Drop for RemoteLock<'_> {
    fn drop(&mut self) {
        if self.held {
            let remote = self.remote;
            let _ = remote
                .runtime
                .block_on(remote.store.delete(&remote.key(KEY)));
        }
    }
}
