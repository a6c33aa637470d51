use std::time::Instant;

use anyhow::Result;
use serde_json::json;

use crate::app::{Env, Status};
use crate::cmd::args::OutputArgs;
use crate::cmd::outcome::{fetch_sources, fetch_status, ingest_status, ingest_summary};
use crate::extract::{Companies, ParseOptions};
use crate::ingest::{ingest, Input};
use crate::report::{report, ReportRequest};

#[derive(Debug, clap::Args)]
#[command(after_help = "Example, a daily cron job (06:30 on weekdays):
  30 6 * * 1-5  cd /srv/news && tickertone --quiet --json run >> runs.ndjson

With [[source]] tables in tickertone.toml, run first fetches what each source published
since its last fetch into <data>/inbox/<source>/. A source that fails does not stop the
batch: the rest goes in, the report is written, and the exit status is 4.

Files stay in the inbox; running again records nothing new and rewrites the same report.")]
pub struct Args {
    /// Do not fetch the configured sources; only ingest the inbox and report.
    #[arg(long)]
    pub no_fetch: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let started = Instant::now();
    let symbols = env.symbols()?;
    let lock = env.lock("tickertone run")?;
    let fetched = if args.no_fetch || env.sources.is_empty() {
        None
    } else {
        let sources: Vec<_> = env.sources.iter().collect();
        Some(fetch_sources(env, &sources, &lock))
    };
    let inbox = env.data.join("inbox");
    let (ingested, ingest_outcome) = if inbox.is_dir() {
        let companies = Companies::new(symbols.clone());
        let opts = ParseOptions {
            companies: Some(&companies),
            ..Default::default()
        };
        let outcome = ingest(
            &env.data,
            &[Input::Path(inbox.clone())],
            &opts,
            &lock,
            &env.progress("Reading"),
        )?;
        ingest_summary(env, &outcome, started);
        (ingest_status(&outcome), Some(outcome))
    } else {
        env.summary(&format!(
            "No inbox at {}: nothing to ingest.",
            inbox.display()
        ));
        (Status::Ok, None)
    };
    let request = ReportRequest {
        window_days: env.window_days,
        render: args.output.options(env),
        ..Default::default()
    };
    let report_started = Instant::now();
    let outcome = report(&env.data, &env.reports, &symbols, env.dating, &request)?;
    env.detail(&format!(
        "report took {:.2} s ({})",
        report_started.elapsed().as_secs_f64(),
        outcome.describe_phases()
    ));
    env.summary(&outcome.describe());
    let exit = ingested.worst(fetched.as_ref().map_or(Status::Ok, fetch_status));
    if let Some(failed) = fetched.as_ref().filter(|f| !f.failed.is_empty()) {
        env.summary(&format!(
            "Not fetched: {} (see above); the other sources went in and the report is written.",
            failed.failed.join(", ")
        ));
    }
    if env.json {
        env.json_summary(json!({
            "command": "run",
            "fetch": fetched,
            "ingest": ingest_outcome,
            "report": outcome,
            "exit_status": exit as u8,
        }));
    } else {
        env.result_line(&outcome.folder.display().to_string());
    }
    Ok(exit)
}
