use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{parse_date, Env, Status, UsageError};
use crate::report::{report, ReportRequest};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// First date of the window (default: 89 days before --to).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last date of the window (default: the latest recorded date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Only the companies of these tickers (comma-separated).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub tickers: Option<Vec<String>>,
}

impl Args {
    pub fn request(&self) -> Result<ReportRequest> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(UsageError(format!("--from {from} is after --to {to}")).into());
            }
        }
        Ok(ReportRequest {
            from: self.from,
            to: self.to,
            tickers: self.tickers.clone(),
        })
    }
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let request = args.request()?;
    let symbols = env.symbols()?;
    let outcome = report(&env.data, &env.reports, &symbols, env.tz, &request)?;
    eprintln!("{}", outcome.describe());
    Ok(Status::Ok)
}
