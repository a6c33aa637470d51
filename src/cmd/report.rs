use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;

use crate::aggregate::query::{months_to_read, Query};
use crate::aggregate::Grouping;
use crate::app::{parse_date, Env, Status, UsageError};
use crate::cmd::args::OutputArgs;
use crate::cmd::outcome::write_report;
use crate::prices::{Prices, STORED_DIR};
use crate::report::ReportRequest;

/// Rejected price rows listed in the summary; `-v` lists every one.
const SHOWN_PRICE_REJECTIONS: usize = 5;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone report                                  # the 90 days ending at the latest date
  tickertone report --from 2025-01-01 --to 2025-03-31
  tickertone report --tickers GOOG,META              # only Alphabet and Meta
  tickertone --tz America/New_York report            # dates in New York time
  tickertone report --format csv                     # only summary.csv and daily.csv
  tickertone report --top 20 --format png,svg,html   # charts of the 20 busiest companies
  tickertone report --prices closes.csv              # date,ticker,close: corr_next_return
  tickertone report --prices downloads/              # AAPL.csv, MSFT.csv, ... (Date,...,Adj Close,...)
  tickertone report --by sector                      # sectors instead of companies")]
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
    /// Aggregate companies, or the sectors of the symbol table.
    #[arg(long, value_name = "WHAT", default_value = "company")]
    pub by: Grouping,
    /// Daily closes: a date,ticker,close CSV, or a folder of <TICKER>.csv downloads
    /// (Date,Open,High,Low,Close,Adj Close,Volume). Adds corr_next_return to summary.csv.
    #[arg(long, value_name = "PATH")]
    pub prices: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

impl Args {
    pub fn request(&self, env: &Env) -> Result<ReportRequest> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(UsageError(format!("--from {from} is after --to {to}")).into());
            }
        }
        Ok(ReportRequest {
            query: Query {
                all_mentions: env.all_mentions,
                from: self.from,
                to: self.to,
                window_days: env.window_days,
                grouping: self.by,
                ..Query::default()
            },
            tickers: self.tickers.clone(),
            render: self.output.options(env),
            prices: self.prices.as_deref().map(Prices::read).transpose()?,
        })
    }
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let started = Instant::now();
    let request = args.request(env)?;
    // On object storage, only the months the report can read are copied.
    let mut request = request;
    let data = env.read_data(
        |months| months_to_read(&request.query, months),
        &[STORED_DIR],
    )?;
    // Without --prices, the closes the [[prices]] sources keep in the data folder.
    if request.prices.is_none() {
        request.prices = Prices::stored(data.path())?;
    }
    let symbols = env.symbols(data.path())?;
    let outcome = write_report(env, (data.path(), data.name()), &symbols, &request)?;
    env.detail(&format!(
        "report took {:.2} s ({})",
        started.elapsed().as_secs_f64(),
        outcome.describe_phases()
    ));
    let rejected = request.prices.as_ref().map_or(0, |p| p.rejected.len());
    match &request.prices {
        Some(prices) => {
            // The first few in the summary, all of them with -v.
            for (i, r) in prices.rejected.iter().enumerate() {
                let line = format!("rejected price row {r}");
                if i < SHOWN_PRICE_REJECTIONS {
                    env.summary(&line);
                } else {
                    env.detail(&line);
                }
            }
            env.summary(&format!("{} {}", prices.describe(), outcome.describe()));
        }
        None => env.summary(&outcome.describe()),
    }
    // Rejected price rows are rejected records: exit status 3, as for articles.
    let status = if rejected > 0 {
        Status::SomeRejected
    } else {
        Status::Ok
    };
    env.json_summary(json!({
        "command": "report",
        "report": outcome,
        "price_rows_rejected": rejected,
        "exit_status": status as u8,
    }));
    Ok(status)
}
