//! What every command runs with, shared by `cli` (which parses the command line) and the
//! commands in `cmd` (which run), so neither imports the other's internals: the resolved
//! global options ([`Env`]), the exit statuses ([`Status`]), usage errors, and the parsers
//! of option values.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::data_dir::{DataDir, Reading, Writing, Written};
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

/// A date given to articles (`ingest --date`): a date, in the years a record's date may be.
pub fn parse_article_date(s: &str) -> Result<NaiveDate, String> {
    let date = parse_date(s)?;
    tickertone_text::published::check_year(date)?;
    Ok(date)
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
    pub data: DataDir,
    pub reports: PathBuf,
    pub symbols_file: Option<PathBuf>,
    pub dating: Dating,
    pub window_days: Option<u32>,
    /// `--all-mentions`: aggregates count every recorded mention, not only `about` ones.
    pub all_mentions: bool,
    pub no_wait: bool,
    pub json: bool,
    pub verbosity: Verbosity,
    /// The `[[source]]` tables of the config file.
    pub sources: Vec<crate::fetch::SourceConfig>,
    /// The config file's `[fetch]` table (timeouts, retries).
    pub fetch: crate::fetch::FetchSettings,
    /// The config file's `[scorer]` table (a model for the text scores).
    pub scorer: crate::config::ScorerConfig,
    /// The `[[prices]]` tables: sources of daily closes.
    pub price_sources: Vec<crate::fetch::prices::PriceSourceConfig>,
    /// `benchmark` of the config file: the study's yardstick, fetched with the closes.
    pub benchmark: Option<String>,
}

impl Env {
    /// The symbol table: `--symbols`, else `symbols.csv` of the data folder `data` (as read
    /// or written: a local copy on object storage), else the built-in one.
    pub fn symbols(&self, data: &Path) -> Result<SymbolTable> {
        SymbolTable::resolve(self.symbols_file.as_deref(), data)
    }

    /// The data folder to read (see [`DataDir::read`]); `-v` says what was copied.
    pub fn read_data(
        &self,
        months: impl FnOnce(&[crate::store::Month]) -> Vec<crate::store::Month>,
        also: &[&str],
    ) -> Result<Reading> {
        let reading = self.data.read(months, also)?;
        if let Some((copied, stored)) = reading.copied() {
            self.detail(&format!(
                "copied {copied} of the {stored} store files of {}",
                self.data
            ));
        }
        Ok(reading)
    }

    /// The data folder held for writing by `what` (see [`DataDir::write`]), waiting for
    /// another writer unless `--no-wait`.
    pub fn write_data<T>(
        &self,
        what: &str,
        also: &[&str],
        work: impl FnOnce(&Writing) -> Result<T>,
    ) -> Result<Written<T>> {
        self.data.write(what, !self.no_wait, also, work)
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
