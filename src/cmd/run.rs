use std::time::Instant;

use anyhow::Result;
use serde_json::json;

use crate::app::{Env, Status};
use crate::cmd::ingest::{report_outcome, status};
use crate::extract::{Companies, ParseOptions};
use crate::ingest::{ingest, Input};
use crate::report::{report, ReportRequest};

#[derive(Debug, clap::Args)]
#[command(after_help = "Example, a daily cron job (06:30 on weekdays):
  30 6 * * 1-5  cd /srv/news && tickertone --quiet --json run >> runs.ndjson

Files stay in the inbox; running again records nothing new and rewrites the same report.")]
pub struct Args {
    #[command(flatten)]
    pub output: crate::cmd::report::OutputArgs,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let started = Instant::now();
    let symbols = env.symbols()?;
    let lock = env.lock("tickertone run")?;
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
        report_outcome(env, &outcome, started);
        (status(&outcome), Some(outcome))
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
    if env.json {
        env.json_summary(json!({
            "command": "run",
            "ingest": ingest_outcome,
            "report": outcome,
            "exit_status": ingested as u8,
        }));
    } else {
        println!("{}", outcome.folder.display());
    }
    Ok(ingested)
}
