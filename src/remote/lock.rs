//! The writer lock of a data folder on object storage: the object `.tickertone.lock`,
//! created with a conditional PUT (create if absent) and holding its holder, pid, host and
//! expiry. A lock past its expiry (a crashed writer's) is taken over with a PUT conditional
//! on that lock's ETag, so of two writers taking it over only one succeeds. The holder
//! renews it before it writes and every third of its time to live while it writes back,
//! and deletes it when done, unless another writer has taken it over meanwhile.

use std::time::{Duration, Instant};

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
    fn me(what: &str, time_to_live: chrono::Duration) -> Holder {
        let now = Utc::now();
        Holder {
            holder: what.to_string(),
            pid: std::process::id(),
            host: std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_string())
                .unwrap_or_else(|_| "unknown host".into()),
            acquired: now,
            expires: now + time_to_live,
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
    time_to_live: chrono::Duration,
    /// When this holder last wrote the lock.
    written: Instant,
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
        self.lock_for(what, wait, time_to_live())
    }

    /// [`Remote::lock`], holding for `time_to_live` without renewal.
    fn lock_for(
        &self,
        what: &str,
        wait: bool,
        time_to_live: chrono::Duration,
    ) -> Result<RemoteLock<'_>> {
        let mut told = false;
        loop {
            let written = Instant::now();
            match self.try_lock(what, time_to_live)? {
                Attempt::Taken(version) => {
                    return Ok(RemoteLock {
                        remote: self,
                        what: what.to_string(),
                        version,
                        held: true,
                        time_to_live,
                        written,
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

    fn try_lock(&self, what: &str, time_to_live: chrono::Duration) -> Result<Attempt> {
        let key = self.key(KEY);
        let body = serde_json::to_vec(&Holder::me(what, time_to_live))?;
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
        let written = Instant::now();
        let body = serde_json::to_vec(&Holder::me(&self.what, self.time_to_live))?;
        let renewed = remote.runtime.block_on(remote.store.put_opts(
            &remote.key(KEY),
            PutPayload::from(body),
            PutOptions::from(PutMode::Update(self.version.clone())),
        ));
        match renewed {
            Ok(put) => {
                self.version = updating(put);
                self.written = written;
                Ok(())
            }
            Err(
                e @ (object_store::Error::Precondition { .. }
                | object_store::Error::NotFound { .. }),
            ) => {
                self.held = false;
                Err(e).with_context(|| {
                    format!(
                        "the lock of {} was taken over while this ingest held it (it expired): what was written back before stays, each object whole; run the ingest again",
                        remote.url
                    )
                })
            }
            Err(e) => Err(e).with_context(|| format!("cannot renew the lock of {}", remote.url)),
        }
    }

    /// Renews the lock once a third of its time to live has passed since this holder last
    /// wrote it: a long write-back keeps the lock.
    pub fn keep_alive(&mut self) -> Result<()> {
        let third = self.time_to_live.to_std().unwrap_or_default() / 3;
        if self.written.elapsed() >= third {
            self.renew()?;
        }
        Ok(())
    }

    /// Deletes the lock.
    pub fn release(mut self) -> Result<()> {
        self.held = false;
        self.delete_if_held()
    }

    /// Deletes the lock object if it is still the one this holder wrote: a lock taken
    /// over after it expired is its new holder's. (Another writer could still take it over
    /// between the look and the delete, should it expire just then: not every object
    /// store has a conditional delete.)
    fn delete_if_held(&self) -> Result<()> {
        let remote = self.remote;
        let key = remote.key(KEY);
        let current = remote.runtime.block_on(remote.store.head(&key));
        let same = |now: &Option<String>, mine: &Option<String>| match (now, mine) {
            (Some(now), Some(mine)) => now == mine,
            // A store that gives neither: the lock is taken to be this holder's.
            _ => true,
        };
        match current {
            Ok(meta)
                if same(&meta.e_tag, &self.version.e_tag)
                    && same(&meta.version, &self.version.version) =>
            {
                remote
                    .runtime
                    .block_on(remote.store.delete(&key))
                    .with_context(|| format!("cannot delete the lock of {}", remote.url))
            }
            Ok(_) => {
                eprintln!(
                    "warning: the lock of {} was taken over by another writer (it had expired): left to it",
                    remote.url
                );
                Ok(())
            }
            Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e).with_context(|| format!("cannot read the lock of {}", remote.url)),
        }
    }
}

impl Drop for RemoteLock<'_> {
    fn drop(&mut self) {
        if self.held {
            let _ = self.delete_if_held();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lock is refused while it holds; once expired it is taken over, its first holder
    /// then cannot renew, and releasing leaves the new holder's lock alone. (Times far
    /// apart, so that a slow machine does not change the outcome.)
    #[test]
    fn a_lock_taken_over_is_left_to_its_new_holder() {
        let remote = Remote::in_memory();
        let held = remote
            .lock_for("held", false, chrono::Duration::minutes(10))
            .unwrap();
        assert!(remote.lock("other", false).is_err(), "held, not expired");
        held.release().unwrap();

        let mut first = remote
            .lock_for("first", false, chrono::Duration::milliseconds(200))
            .unwrap();
        std::thread::sleep(Duration::from_millis(400));
        let second = remote.lock("second", false).unwrap();
        assert!(first.renew().is_err());
        first.release().unwrap();
        let lock = remote.runtime.block_on(remote.store.get(&remote.key(KEY)));
        let bytes = remote.runtime.block_on(lock.unwrap().bytes()).unwrap();
        let holder: Holder = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(holder.holder, "second");
        second.release().unwrap();
        assert!(remote
            .runtime
            .block_on(remote.store.head(&remote.key(KEY)))
            .is_err());
        // Free again: taken at once, dropped without a release, free again.
        drop(remote.lock("third", false).unwrap());
        remote.lock("fourth", false).unwrap().release().unwrap();
    }

    /// `keep_alive` writes the lock again once a third of its time to live has passed,
    /// and not before.
    #[test]
    fn keep_alive_renews_after_a_third_of_the_time_to_live() {
        let remote = Remote::in_memory();
        let mut lock = remote
            .lock_for("writer", false, chrono::Duration::minutes(10))
            .unwrap();
        let before = lock.version.clone();
        lock.keep_alive().unwrap();
        assert_eq!(lock.version, before, "renewed before a third of 10 minutes");
        lock.time_to_live = chrono::Duration::milliseconds(300);
        std::thread::sleep(Duration::from_millis(150));
        lock.keep_alive().unwrap();
        assert_ne!(lock.version, before);
        lock.release().unwrap();
    }
}
