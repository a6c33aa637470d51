use anyhow::Result;

use crate::cli::{Env, Status};
use crate::cmd::ingest::status;
use crate::extract::ParseOptions;
use crate::ingest::{ingest, Input};
use crate::report::{report, ReportRequest};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(env: &Env, _args: Args) -> Result<Status> {
    let inbox = env.data.join("inbox");
    let ingested = if inbox.is_dir() {
        let outcome = ingest(
            &env.data,
            &[Input::Path(inbox.clone())],
            &ParseOptions::default(),
        )?;
        eprintln!("{}", outcome.describe());
        status(&outcome)
    } else {
        eprintln!("No inbox at {}: nothing to ingest.", inbox.display());
        Status::Ok
    };
    let symbols = env.symbols()?;
    let outcome = report(
        &env.data,
        &env.reports,
        &symbols,
        env.tz,
        &ReportRequest::default(),
    )?;
    eprintln!("{}", outcome.describe());
    println!("{}", outcome.folder.display());
    Ok(ingested)
}
