//! The ingest pipeline: inputs → articles → new ones recorded in the store, rejected records
//! logged. Shared by the `ingest` and `run` commands.

use std::path::{Path, PathBuf};

use anyhow::Result;
use indicatif::ProgressBar;

use crate::data_dir::{Objects, Writing};
use crate::extract::{Article, ParseOptions};
use crate::input::{self, FileBatch};
use crate::store::{self, Appender, KnownIds, Store};

/// What one ingest did, for the summary and the exit status.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IngestOutcome {
    pub files_read: usize,
    pub files_unreadable: Vec<String>,
    pub articles_recorded: usize,
    pub mentions_recorded: usize,
    pub duplicates: usize,
    /// Records that name no company: not bad input, so neither recorded nor rejected.
    pub skipped: usize,
    pub rejected: usize,
    pub rejected_log: Option<PathBuf>,
    /// Why the rejected records could not be logged (the store's commit stands).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected_log_error: Option<String>,
    /// The store files written: one per month of publication.
    pub store_files: Vec<PathBuf>,
    pub warnings: Vec<String>,
    /// Flat store files (the layout before month partitions) moved into month partitions.
    pub migrated_files: usize,
    /// Store files written before `about` existed, given the column by this ingest.
    pub about_migrated_files: usize,
    /// Small store files merged into one after this ingest (0: none).
    pub compacted_files: usize,
    /// Mentions read that are not about their company, per input that had any (`-v`).
    pub not_about_by_file: Vec<(String, usize)>,
    /// The rejected records themselves (logged to `rejected_log`).
    #[serde(skip)]
    pub rejections: Vec<crate::input::Rejection>,
    /// How long the ingest itself took (not a fetch or the wait for the lock before it).
    #[serde(skip)]
    pub took: std::time::Duration,
}

/// An input: a file or folder, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

/// Articles read between two moves of the progress bar.
const PROGRESS_STEP: u64 = 256;

/// Reads `inputs`, records the articles the store does not have yet, logs rejected records,
/// then compacts small store files (where the data folder does). Held for writing, the
/// data folder is one writer's: identities stay unique.
pub fn ingest(
    data: &Writing,
    inputs: &[Input],
    opts: &ParseOptions,
    progress: &ProgressBar,
) -> Result<IngestOutcome> {
    let started = std::time::Instant::now();
    let (data_dir, lock) = (data.path(), data.lock());
    let paths: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Path(p) => Some(p.clone()),
            Input::Stdin => None,
        })
        .collect();
    let expanded = input::expand_paths(&paths);

    let store = Store::new(data_dir);
    store::compact::recover(&store, lock)?;
    let migrated_files = store::migrate::migrate(&store, lock)?;
    let about_migrated = store::about::migrate(&store, lock, |article| {
        crate::extract::about::decide_stored(article, opts.companies)
    })?;
    store.remove_stale_temp_files()?;
    let mut recorder = Recorder {
        known: store.known_ids()?,
        appender: store.appender(),
        outcome: IngestOutcome::default(),
        error: None,
    };
    // The bar moves every `PROGRESS_STEP` articles: a call per article costs a clock read.
    let mut unreported = 0u64;
    let batches = input::read_all(
        &expanded.files,
        inputs.contains(&Input::Stdin),
        opts,
        &mut |a| {
            unreported += 1;
            if unreported == PROGRESS_STEP {
                progress.inc(unreported);
                unreported = 0;
            }
            recorder.accept(a)
        },
    );
    progress.finish_and_clear();
    let mut outcome = recorder.finish(data_dir, batches)?;
    outcome
        .warnings
        .extend(expanded.skipped.into_iter().map(|s| format!("skipped {s}")));
    outcome.migrated_files = migrated_files;
    outcome.about_migrated_files = about_migrated;
    outcome.compacted_files = data.compact()?;
    outcome.took = started.elapsed();
    Ok(outcome)
}

/// Drops articles the store has (or this ingest has seen), hands the rest to the appender.
struct Recorder {
    known: KnownIds,
    appender: Appender,
    outcome: IngestOutcome,
    /// The first write error; later articles are only counted.
    error: Option<anyhow::Error>,
}

impl Recorder {
    fn accept(&mut self, article: Article) {
        if article.mentions.is_empty() {
            self.outcome.skipped += 1;
            return;
        }
        if !self.known.insert(&article.id) {
            self.outcome.duplicates += 1;
            return;
        }
        self.outcome.articles_recorded += 1;
        self.outcome.mentions_recorded += article.mentions.len();
        if self.error.is_none() {
            if let Err(e) = self.appender.push(article) {
                self.error = Some(e);
            }
        }
    }

    fn finish(self, data_dir: &Path, batches: Vec<FileBatch>) -> Result<IngestOutcome> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut outcome = self.outcome;
        let mut rejections = Vec::new();
        for batch in batches {
            if batch.unreadable {
                outcome.files_unreadable.push(batch.file.clone());
            } else {
                outcome.files_read += 1;
            }
            rejections.extend(batch.rejections);
            outcome.warnings.extend(batch.warnings);
            if batch.mentions_not_about > 0 {
                outcome
                    .not_about_by_file
                    .push((batch.file.clone(), batch.mentions_not_about));
            }
        }
        outcome.rejected = rejections.len();
        crate::fault::point("read");
        outcome.store_files = self.appender.commit()?;
        crate::fault::point("stored");
        // The articles are committed: a log that cannot be written (a full disk) is said,
        // not made the ingest's failure, so the summary still reports the commit.
        match store::rejected::append(data_dir, &rejections) {
            Ok(log) => outcome.rejected_log = log,
            Err(e) => outcome.rejected_log_error = Some(format!("{e:#}")),
        }
        outcome.rejections = rejections;
        Ok(outcome)
    }
}

impl IngestOutcome {
    /// The outcome naming the objects written on object storage rather than the files of
    /// the local copy the ingest ran in.
    pub fn name_objects(&mut self, objects: &Objects) {
        if objects.remote() {
            self.store_files = self
                .store_files
                .iter()
                .map(|f| objects.object_of(f))
                .collect();
            self.rejected_log = objects.rejected();
        }
    }

    /// The summary sentence of an ingest.
    pub fn describe(&self) -> String {
        let mut s = format!("Read {} file{}", self.files_read, plural(self.files_read));
        if !self.files_unreadable.is_empty() {
            s.push_str(&format!(
                " ({} could not be read: {})",
                self.files_unreadable.len(),
                self.files_unreadable.join(", ")
            ));
        }
        s.push_str(&format!(
            "; recorded {} article{} ({} ticker mention{}), skipped {} duplicate{}",
            self.articles_recorded,
            plural(self.articles_recorded),
            self.mentions_recorded,
            plural(self.mentions_recorded),
            self.duplicates,
            plural(self.duplicates),
        ));
        if self.skipped > 0 {
            s.push_str(&format!(", skipped {} without a company", self.skipped));
        }
        s.push_str(&format!(
            ", rejected {} record{}",
            self.rejected,
            plural(self.rejected)
        ));
        if let (true, Some(log)) = (self.rejected > 0, &self.rejected_log) {
            s.push_str(&format!(" (see {})", log.display()));
        }
        s.push('.');
        if let Some(e) = &self.rejected_log_error {
            s.push_str(&format!(
                "\nwarning: the articles above are recorded, but {e}; free space and ingest \
                 the same files again to log them (the recorded ones count as duplicates)"
            ));
        }
        for w in &self.warnings {
            s.push_str(&format!("\nwarning: {w}"));
        }
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
