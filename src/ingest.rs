//! The ingest pipeline: inputs → articles → new ones recorded in the store, rejected records
//! logged. Shared by the `ingest` and `run` commands.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::extract::ParseOptions;
use crate::input::{self, FileBatch};
use crate::store::{self, Store};

/// What one ingest did, for the summary and the exit status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IngestOutcome {
    pub files_read: usize,
    pub files_unreadable: Vec<String>,
    pub articles_recorded: usize,
    pub mentions_recorded: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub rejected_log: Option<PathBuf>,
    pub store_file: Option<PathBuf>,
}

/// An input: a file or folder, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

/// Reads `inputs`, records the articles the store does not have yet, logs rejected records.
pub fn ingest(data_dir: &Path, inputs: &[Input], opts: &ParseOptions) -> Result<IngestOutcome> {
    let paths: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Path(p) => Some(p.clone()),
            Input::Stdin => None,
        })
        .collect();
    let files = input::expand_paths(&paths);
    let mut batches = input::read_files(&files, opts);
    if inputs.contains(&Input::Stdin) {
        batches.push(input::read_stdin(opts));
    }
    record(data_dir, batches)
}

/// Records what the readers produced.
pub fn record(data_dir: &Path, batches: Vec<FileBatch>) -> Result<IngestOutcome> {
    let store = Store::new(data_dir);
    let mut known: HashSet<String> = store.known_ids()?;
    let mut outcome = IngestOutcome::default();
    let mut new_articles = Vec::new();
    let mut rejections = Vec::new();
    for batch in batches {
        if batch.unreadable {
            outcome.files_unreadable.push(batch.file.clone());
        } else {
            outcome.files_read += 1;
        }
        rejections.extend(batch.rejections);
        for article in batch.articles {
            if known.insert(article.id.clone()) {
                new_articles.push(article);
            } else {
                outcome.duplicates += 1;
            }
        }
    }
    outcome.articles_recorded = new_articles.len();
    outcome.mentions_recorded = new_articles.iter().map(|a| a.mentions.len()).sum();
    outcome.rejected = rejections.len();
    outcome.store_file = store.append(&new_articles)?;
    outcome.rejected_log = store::rejected::append(data_dir, &rejections)?;
    Ok(outcome)
}

impl IngestOutcome {
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
            "; recorded {} article{} ({} ticker mention{}), skipped {} duplicate{}, rejected {} record{}",
            self.articles_recorded,
            plural(self.articles_recorded),
            self.mentions_recorded,
            plural(self.mentions_recorded),
            self.duplicates,
            plural(self.duplicates),
            self.rejected,
            plural(self.rejected),
        ));
        if let (true, Some(log)) = (self.rejected > 0, &self.rejected_log) {
            s.push_str(&format!(" (see {})", log.display()));
        }
        s.push('.');
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
