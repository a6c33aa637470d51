use anyhow::Result;

use crate::cli::{Env, Status};
use crate::cmd::ingest::status;
use crate::extract::{Companies, ParseOptions};
use crate::ingest::{ingest, Input};
use crate::report::{report, ReportRequest};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(env: &Env, _args: Args) -> Result<Status> {
    let symbols = env.symbols()?;
    let lock = env.lock("tickertone run")?;
    let inbox = env.data.join("inbox");
    let ingested = if inbox.is_dir() {
        let companies = Companies::new(symbols.clone());
        let opts = ParseOptions {
            default_date: None,
            companies: Some(&companies),
        };
        let outcome = ingest(&env.data, &[Input::Path(inbox.clone())], &opts, &lock)?;
        eprintln!("{}", outcome.describe());
        status(&outcome)
    } else {
        eprintln!("No inbox at {}: nothing to ingest.", inbox.display());
        Status::Ok
    };
    let request = ReportRequest::default();
    let outcome = report(&env.data, &env.reports, &symbols, env.tz, &request)?;
    eprintln!("{}", outcome.describe());
    println!("{}", outcome.folder.display());
    Ok(ingested)
}
