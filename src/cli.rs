//! The command line: global options and the commands; resolves them into an `app::Env`,
//! runs the command and turns its result into an exit status (`app::Status`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveTime;
use chrono_tz::Tz;
use clap::{ArgAction, CommandFactory, Parser, Subcommand};

use crate::app::{parse_time, parse_tz, Env, Status, UsageError, Verbosity};
use crate::cmd;
use crate::config::Config;
use crate::data_dir::DataDir;
use tickertone_text::date::Dating;

const EXAMPLES: &str = "Examples:
  tickertone init --tickers AAPL,MSFT              # a tickertone.toml for a watchlist, data/, reports/
  tickertone run                                   # the daily batch: fetch, ingest data/inbox, report
  tickertone fetch --source av-megacaps            # one configured news source into data/inbox
  tickertone sources                               # the configured sources and their last fetch
  tickertone ingest feeds/ news.ndjson             # files and folders
  curl -s \"$FEED\" | tickertone ingest -            # NDJSON on stdin
  tickertone ingest page.txt --date 2025-05-26     # a saved news page without a date
  tickertone report --from 2025-01-01 --to 2025-03-31 --tickers GOOG,META
  tickertone --tz America/New_York --session-close 16:00 report
  tickertone show NVDA                             # the latest days of one company
  tickertone chart NVDA AMD                        # NVDA-AMD-<date>.png: both compared on one axis
  tickertone study --horizons 1,5,20               # reports/study-<date>/: does sentiment lead returns?

Exit status: 0 all recorded, 3 some records rejected, 4 a news source could not be fetched
(the rest went in), 2 usage error, 1 nothing could be done.
Defaults for the global options, and the news sources ([[source]]), live in ./tickertone.toml
(see --config).";

#[derive(Debug, Parser)]
#[command(
    name = "tickertone",
    version,
    about = "Turn market news into a per-company sentiment time series, and report on it",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Data folder: the store, the inbox, rejected records [default: data]; or one on
    /// object storage (s3://BUCKET/PREFIX, gs://…, az://…).
    #[arg(long, global = true, env = "TICKERTONE_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Reports folder: one sub-folder per report, named by its last date [default: reports].
    #[arg(long, global = true, env = "TICKERTONE_REPORTS", value_name = "DIR")]
    pub reports: Option<PathBuf>,
    /// Symbol table (`company,tickers,aliases`) [default: <data>/symbols.csv, else built in].
    #[arg(long, global = true, value_name = "FILE")]
    pub symbols: Option<PathBuf>,
    /// Time zone that dates articles, an IANA name such as America/New_York [default: UTC].
    #[arg(long, global = true, value_name = "ZONE", value_parser = parse_tz)]
    pub tz: Option<Tz>,
    /// Date news by trading day: at or after this local time (HH:MM) it counts for the next
    /// day, and weekends roll to Monday.
    #[arg(long, global = true, value_name = "HH:MM", value_parser = parse_time)]
    pub session_close: Option<NaiveTime>,
    /// Config file [default: ./tickertone.toml when present].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Aggregates count every mention an article makes, not only the companies it is about
    /// (as before `about` existed) [config: all_mentions].
    #[arg(long, global = true)]
    pub all_mentions: bool,
    /// When another ingest or run holds the data folder, exit 1 instead of waiting.
    #[arg(long, global = true)]
    pub no_wait: bool,
    /// Print the end-of-run summary as one JSON object on stdout (for schedulers).
    #[arg(long, global = true)]
    pub json: bool,
    /// No summary on stderr (errors still go there).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail on stderr: per-file counts, rejected records, timings.
    #[arg(long, short, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set up a folder for a watchlist: a commented tickertone.toml, data/ and reports/.
    Init(cmd::init::Args),
    /// Record articles: files, folders (recursively), or '-' for NDJSON on stdin.
    Ingest(cmd::ingest::Args),
    /// Aggregate the store and render a report.
    Report(cmd::report::Args),
    /// Draw a report folder from daily.csv and summary.csv computed elsewhere (the Spark job).
    Render(cmd::render::Args),
    /// The daily batch: fetch the configured sources, ingest every file under <data>/inbox, then report.
    Run(cmd::run::Args),
    /// Fetch news from the sources in tickertone.toml into <data>/inbox, then ingest it.
    Fetch(cmd::fetch::Args),
    /// The configured news sources and their state (last fetch, articles, last error).
    Sources(cmd::sources::Args),
    /// The latest days of one company, as a table in the terminal.
    Show(cmd::show::Args),
    /// Draw one chart without a report: a company's, or several companies compared.
    Chart(cmd::chart::Args),
    /// Does the sentiment lead the price? IC, quintiles, an event study, per company.
    Study(cmd::study::Args),
    /// Verify the store: every file readable, no article recorded twice.
    Check(cmd::check::Args),
    /// One stored article: its companies, whether it is about each, and why.
    Explain(cmd::explain::Args),
    /// Score text with the built-in scorer: one line in, one score out.
    Score(cmd::score::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(cmd::completions::Args),
    /// Print the man page (roff), generated from these definitions.
    Man(cmd::completions::ManArgs),
}

/// Flags and environment, then the config file, then the defaults.
fn resolve_env(cli: &Cli) -> Result<Env> {
    // `init` writes a config: one already in the folder (even a broken one) is not read.
    let config = match cli.command {
        Command::Init(_) => Config::default(),
        _ => Config::load(cli.config.as_deref()).map_err(|e| UsageError(format!("{e:#}")))?,
    };
    let tz = match (cli.tz, &config.tz) {
        (Some(tz), _) => tz,
        (None, Some(name)) => parse_tz(name).map_err(|e| UsageError(format!("config: tz: {e}")))?,
        (None, None) => Tz::UTC,
    };
    let session_close = match (cli.session_close, &config.session_close) {
        (Some(t), _) => Some(t),
        (None, Some(s)) => {
            Some(parse_time(s).map_err(|e| UsageError(format!("config: session_close: {e}")))?)
        }
        (None, None) => None,
    };
    Ok(Env {
        data: DataDir::new(
            cli.data
                .clone()
                .or(config.data)
                .unwrap_or_else(|| "data".into()),
        ),
        reports: cli
            .reports
            .clone()
            .or(config.reports)
            .unwrap_or_else(|| "reports".into()),
        symbols_file: cli.symbols.clone().or(config.symbols),
        dating: Dating { tz, session_close },
        window_days: config.window_days,
        all_mentions: cli.all_mentions || config.all_mentions.unwrap_or(false),
        sources: config.sources,
        fetch: config.fetch,
        scorer: config.scorer,
        price_sources: config.price_sources,
        benchmark: config.benchmark,
        no_wait: cli.no_wait,
        json: cli.json,
        verbosity: if cli.quiet {
            Verbosity::Quiet
        } else if cli.verbose > 0 {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        },
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Parses the command line, runs the command, prints errors, returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let env = match resolve_env(&cli) {
        Ok(env) => env,
        Err(e) => {
            eprintln!("tickertone: error: {e:#}");
            return Status::Usage.into();
        }
    };
    let result = match cli.command {
        Command::Init(args) => cmd::init::run(&env, args),
        Command::Ingest(args) => cmd::ingest::run(&env, args),
        Command::Report(args) => cmd::report::run(&env, args),
        Command::Render(args) => cmd::render::run(&env, args),
        Command::Run(args) => cmd::run::run(&env, args),
        Command::Fetch(args) => cmd::fetch::run(&env, args),
        Command::Sources(args) => cmd::sources::run(&env, args),
        Command::Show(args) => cmd::show::run(&env, args),
        Command::Chart(args) => cmd::chart::run(&env, args),
        Command::Study(args) => cmd::study::run(&env, args),
        Command::Check(args) => cmd::check::run(&env, args),
        Command::Explain(args) => cmd::explain::run(&env, args),
        Command::Score(args) => cmd::score::run(&env, args),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
        Command::Man(args) => cmd::completions::man(args, Cli::command()),
    };
    match result {
        Ok(status) => status.into(),
        // `tickertone man | head`: the reader left, which is not our failure.
        Err(e) if is_broken_pipe(&e) => Status::Ok.into(),
        Err(e) => {
            eprintln!("tickertone: error: {e:#}");
            let status = if e.downcast_ref::<UsageError>().is_some() {
                Status::Usage
            } else {
                Status::Failed
            };
            env.json_summary(serde_json::json!({
                "error": format!("{e:#}"),
                "exit_status": status as u8,
            }));
            status.into()
        }
    }
}
