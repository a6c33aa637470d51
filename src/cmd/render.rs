use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;

use crate::app::{parse_date, Env, Status, UsageError};
use crate::cmd::args::OutputArgs;
use crate::prices::{Prices, STORED_DIR};
use crate::report::{render_aggregates, RenderRequest};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  spark-submit engines/spark/aggregate.py --data data --from 2026-08-23 --to 2026-11-20 --out out
  tickertone render --aggregates out                 # reports/2026-11-20 from out/*.csv
  tickertone render --aggregates out --from 2026-08-23 --to 2026-11-20 --prices closes.csv

The CSVs are copied into the report folder as they are; headlines come from the store of
--data when it has one.")]
pub struct Args {
    /// A folder holding daily.csv and summary.csv (and sectors.csv), as `report` or the
    /// Spark job writes them.
    #[arg(long, value_name = "DIR")]
    pub aggregates: PathBuf,
    /// First date of the window (default: the first date of daily.csv).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last date of the window and the report folder's name (default: the last date of
    /// daily.csv).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Daily closes for the charts' price axis (as `report --prices`; default: the closes
    /// the [[prices]] sources keep in the data folder).
    #[arg(long, value_name = "PATH")]
    pub prices: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            return Err(UsageError(format!("--from {from} is after --to {to}")).into());
        }
    }
    let data = env.read_data(|months| months.to_vec(), &[STORED_DIR])?;
    // --prices, else the closes the [[prices]] sources keep in the data folder, as `report`.
    let request = RenderRequest {
        from: args.from,
        to: args.to,
        render: args.output.options(env),
        prices: Prices::given_or_stored(args.prices.as_deref(), data.path())?,
        all_mentions: env.all_mentions,
    };
    let symbols = env.symbols(data.path())?;
    let outcome = render_aggregates(
        &args.aggregates,
        data.path(),
        &env.reports,
        &symbols,
        env.dating,
        &request,
    )?;
    env.detail(&format!("render: {}", outcome.describe_phases()));
    env.summary(&outcome.describe());
    env.json_summary(json!({
        "command": "render",
        "report": outcome,
        "exit_status": Status::Ok as u8,
    }));
    Ok(Status::Ok)
}
