use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;

use crate::cli::{parse_date, Env, Status};
use crate::extract::{Companies, ParseOptions};
use crate::ingest::{ingest, IngestOutcome, Input};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone ingest feeds/                      # every file below feeds/, recursively
  tickertone ingest a.ndjson b.json c.csv
  tickertone ingest page.txt --date 2025-05-26  # a news page that carries no date
  cat news.ndjson | tickertone ingest -")]
pub struct Args {
    /// Files, folders (read recursively), or '-' for NDJSON on standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Publication date for inputs that carry none.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let started = Instant::now();
    let inputs: Vec<Input> = args
        .paths
        .into_iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::Path(p)
            }
        })
        .collect();
    let companies = Companies::new(env.symbols()?);
    let opts = ParseOptions {
        default_date: args.date,
        companies: Some(&companies),
    };
    let lock = env.lock("tickertone ingest")?;
    let outcome = ingest(&env.data, &inputs, &opts, &lock, &env.progress("Reading"))?;
    let status = status(&outcome);
    report_outcome(env, &outcome, started);
    env.json_summary(json!({
        "command": "ingest",
        "ingest": outcome,
        "exit_status": status as u8,
    }));
    Ok(status)
}

/// The summary of an ingest on stderr, with `-v` its details too.
pub fn report_outcome(env: &Env, outcome: &IngestOutcome, started: Instant) {
    for r in &outcome.rejections {
        let line = r.location.line.map(|l| format!(":{l}")).unwrap_or_default();
        env.detail(&format!("rejected {}{line}: {}", r.location.file, r.reason));
    }
    if let Some(file) = &outcome.store_file {
        env.detail(&format!("store file: {}", file.display()));
    }
    if outcome.compacted_files > 0 {
        env.detail(&format!(
            "compacted {} small store files into one",
            outcome.compacted_files
        ));
    }
    env.detail(&format!(
        "ingest took {:.2} s",
        started.elapsed().as_secs_f64()
    ));
    env.summary(&outcome.describe());
}

/// 0 when everything was recorded, 3 when some records were rejected, 1 when no input
/// could be read at all.
pub fn status(outcome: &IngestOutcome) -> Status {
    if outcome.files_read == 0 && !outcome.files_unreadable.is_empty() {
        Status::Failed
    } else if outcome.rejected > 0 {
        Status::SomeRejected
    } else {
        Status::Ok
    }
}
