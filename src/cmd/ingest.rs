use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{parse_date, Env, Status};
use crate::extract::{Companies, ParseOptions};
use crate::ingest::{ingest, IngestOutcome, Input};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (read recursively), or '-' for NDJSON on standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Publication date for inputs that carry none.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
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
    let outcome = ingest(&env.data, &inputs, &opts, &lock)?;
    eprintln!("{}", outcome.describe());
    Ok(status(&outcome))
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
