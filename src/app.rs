//! What every command runs with, shared by `cli` (which parses the command line) and the
//! commands in `cmd` (which run), so neither imports the other's internals: the resolved
//! global options ([`Env`]), the exit statuses ([`Status`]), usage errors, and the parsers
//! of option values.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::store::lock::DataLock;
use crate::symbols::SymbolTable;
use tickertone_text::date::Dating;

/// Exit statuses (the contract's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Every record was recorded (duplicates count as recorded).
    Ok = 0,
    /// Nothing could be done.
    Failed = 1,
    /// A usage error.
    Usage = 2,
    /// Some records were rejected, the rest recorded.
    SomeRejected = 3,
    /// A configured news source could not be fetched; the rest went in.
    SourceFailed = 4,
}

impl Status {
    /// The status of a command where both happened: 1 and 2 win over 4 and 3, and 4 wins
    /// over 3 (the contract's order).
    pub fn worst(self, other: Status) -> Status {
        let rank = |s: Status| match s {
            Status::Ok => 0,
            Status::SomeRejected => 1,
            Status::SourceFailed => 2,
            Status::Failed => 3,
            Status::Usage => 4,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        ExitCode::from(s as u8)
    }
}

/// A usage error found after parsing (e.g. `--from` after `--to`): exit status 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// An IANA time zone, for zone options.
pub fn parse_tz(s: &str) -> Result<Tz, String> {
    s.parse::<Tz>()
        .map_err(|_| format!("'{s}' is not an IANA time zone (e.g. UTC, America/New_York)"))
}

/// `HH:MM`, for time options.
pub fn parse_time(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| format!("'{s}' is not a time in the form HH:MM (e.g. 16:00)"))
}

/// `YYYY-MM-DD`, for date options.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date in the form YYYY-MM-DD"))
}

/// How much a command says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// What every command gets besides its own arguments: the resolved global options.
#[derive(Clone)]
pub struct Env {
    pub data: PathBuf,
    /// The object storage URL `data` is a local copy of (`show`, `chart` and `render` on
    /// `--data s3://…`), for messages.
    pub copy_of: Option<PathBuf>,
    pub reports: PathBuf,
    pub symbols_file: Option<PathBuf>,
    pub dating: Dating,
    pub window_days: Option<u32>,
    pub no_wait: bool,
    pub json: bool,
    pub verbosity: Verbosity,
    /// The `[[source]]` tables of the config file.
    pub sources: Vec<crate::fetch::SourceConfig>,
    /// The config file's `[fetch]` table (timeouts, retries).
    pub fetch: crate::fetch::FetchSettings,
}

impl Env {
    /// The data folder as the user named it: the object storage URL of a local copy.
    pub fn data_name(&self) -> std::path::Display<'_> {
        self.copy_of.as_deref().unwrap_or(&self.data).display()
    }

    pub fn symbols(&self) -> Result<SymbolTable> {
        SymbolTable::resolve(self.symbols_file.as_deref(), &self.data)
    }

    /// A local copy of this data folder on object storage: the month partitions `months`
    /// picks and the folders `also` (see `remote::pull`); an error when the store is empty
    /// and a store was asked for.
    pub fn store_copy(
        &self,
        months: impl FnOnce(&[crate::store::Month]) -> Vec<crate::store::Month>,
        also: &[&str],
    ) -> Result<crate::remote::WorkingCopy> {
        let copy = crate::remote::pull(&self.data, months, also)?;
        if copy.stored == 0 && also.is_empty() {
            anyhow::bail!(
                "nothing is recorded in {} yet: ingest some articles first (tickertone --data {} ingest FILE)",
                self.data.display(),
                self.data.display()
            );
        }
        self.detail(&format!(
            "copied {} of the {} store files of {}",
            copy.copied,
            copy.stored,
            self.data.display()
        ));
        Ok(copy)
    }

    /// A writing command on object storage (`fetch`, `run`): `work` runs on a working copy
    /// of the store, inbox and fetch state, given as this environment's data folder, and
    /// what it added is written back (see `remote::session`).
    pub fn in_working_copy<T>(
        &self,
        what: &str,
        work: impl FnOnce(&Env, &DataLock) -> Result<T>,
    ) -> Result<(T, crate::remote::Pushed, PathBuf)> {
        crate::remote::session(
            &self.data,
            what,
            !self.no_wait,
            &["inbox", "fetch"],
            |data, lock| {
                let local = Env {
                    data: data.to_path_buf(),
                    ..self.clone()
                };
                work(&local, lock)
            },
        )
    }

    /// The data folder's writer lock (waits for it unless `--no-wait`).
    pub fn lock(&self, what: &str) -> Result<DataLock> {
        crate::store::lock::acquire(&self.data, what, !self.no_wait)
    }

    /// The end-of-command summary: a paragraph on stderr (unless `--quiet`).
    pub fn summary(&self, text: &str) {
        if self.verbosity > Verbosity::Quiet {
            eprintln!("{text}");
        }
    }

    /// Detail shown with `-v`.
    pub fn detail(&self, text: &str) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("{text}");
        }
    }

    /// A progress indicator on stderr: drawn only when stderr is a terminal and not
    /// `--quiet`, so logs of scheduled runs stay clean.
    pub fn progress(&self, what: &str) -> indicatif::ProgressBar {
        self.progress_with(what, "{spinner} {msg}: {human_pos} articles ({per_sec})")
    }

    /// A progress bar for the charts of a report (its length is set when known).
    pub fn chart_progress(&self) -> indicatif::ProgressBar {
        self.progress_with("Drawing charts", "{msg} {wide_bar} {pos}/{len} ({eta})")
    }

    pub fn progress_with(&self, what: &str, template: &str) -> indicatif::ProgressBar {
        use std::io::IsTerminal;
        if self.verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new_spinner().with_message(what.to_string());
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }

    /// The summary as one JSON object on stdout, with `--json`.
    pub fn json_summary(&self, value: serde_json::Value) {
        if self.json {
            self.result_line(&value.to_string());
        }
    }

    /// One line of a command's result on stdout (the JSON summary, the report folder of
    /// `run`). A reader that has gone is ignored: the work is done and the command's exit
    /// status stands; println! would panic.
    pub fn result_line(&self, text: &str) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}").and_then(|()| out.flush());
    }
}
