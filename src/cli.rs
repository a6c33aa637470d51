//! The command line: global options, the commands, and the exit statuses of the contract.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use chrono_tz::Tz;
use clap::{Parser, Subcommand};

use crate::cmd;
use crate::store::lock::DataLock;
use crate::symbols::SymbolTable;

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

#[derive(Debug, Parser)]
#[command(
    name = "tickertone",
    version,
    about = "Turn market news into a per-company sentiment time series, and report on it",
    after_help = "Examples:\n  tickertone ingest feeds/ news.ndjson\n  tickertone report --from 2025-01-01 --to 2025-03-31 --tickers GOOG,META\n  tickertone run            # the daily batch: ingest <data>/inbox, then report"
)]
pub struct Cli {
    /// Data folder: the store, the inbox, rejected records.
    #[arg(long, global = true, env = "TICKERTONE_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Reports folder: one sub-folder per report, named by its last date.
    #[arg(
        long,
        global = true,
        env = "TICKERTONE_REPORTS",
        default_value = "reports"
    )]
    pub reports: PathBuf,
    /// Symbol table (`company,tickers,aliases`); default: <data>/symbols.csv, else built in.
    #[arg(long, global = true, value_name = "FILE")]
    pub symbols: Option<PathBuf>,
    /// Time zone that dates articles (IANA name, e.g. America/New_York).
    #[arg(long, global = true, value_name = "ZONE", default_value = "UTC", value_parser = parse_tz)]
    pub tz: Tz,
    /// When another ingest or run holds the data folder, exit 1 instead of waiting.
    #[arg(long, global = true)]
    pub no_wait: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record articles: files, folders (recursively), or '-' for NDJSON on stdin.
    Ingest(cmd::ingest::Args),
    /// Aggregate the store and render a report.
    Report(cmd::report::Args),
    /// The daily batch: ingest every file under <data>/inbox, then report.
    Run(cmd::run::Args),
    /// Verify the store: every file readable, no article recorded twice.
    Check(cmd::check::Args),
    /// Score text with the built-in scorer: one line in, one score out.
    Score(cmd::score::Args),
}

fn parse_tz(s: &str) -> Result<Tz, String> {
    s.parse::<Tz>()
        .map_err(|_| format!("'{s}' is not an IANA time zone (e.g. UTC, America/New_York)"))
}

/// `YYYY-MM-DD`, for date options.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date in the form YYYY-MM-DD"))
}

/// What every command gets besides its own arguments.
pub struct Env {
    pub data: PathBuf,
    pub reports: PathBuf,
    pub symbols_file: Option<PathBuf>,
    pub tz: Tz,
    pub no_wait: bool,
}

impl Env {
    pub fn symbols(&self) -> Result<SymbolTable> {
        SymbolTable::resolve(self.symbols_file.as_deref(), &self.data)
    }

    /// The data folder's writer lock (waits for it unless `--no-wait`).
    pub fn lock(&self, what: &str) -> Result<DataLock> {
        crate::store::lock::acquire(&self.data, what, !self.no_wait)
    }
}

/// Parses the command line, runs the command, prints errors, returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let env = Env {
        data: cli.data,
        reports: cli.reports,
        symbols_file: cli.symbols,
        tz: cli.tz,
        no_wait: cli.no_wait,
    };
    let result = match cli.command {
        Command::Ingest(args) => cmd::ingest::run(&env, args),
        Command::Report(args) => cmd::report::run(&env, args),
        Command::Run(args) => cmd::run::run(&env, args),
        Command::Check(args) => cmd::check::run(&env, args),
        Command::Score(args) => cmd::score::run(&env, args),
    };
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            eprintln!("tickertone: error: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() {
                Status::Usage.into()
            } else {
                Status::Failed.into()
            }
        }
    }
}
