use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;

use crate::aggregate::query::{Query, Recorded, WindowEnd};
use crate::app::{parse_date, Env, Status, UsageError};
use crate::cmd::stdout;
use crate::prices::{Prices, STORED_DIR};
use crate::render::{self, file_safe, ImageFormat, MAX_COMPARED};
use tickertone_text::matcher::normalize_ticker;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone chart NVDA                      # NVDA-<latest date>.png, as in the report
  tickertone chart NVDA AMD                  # both companies' 7-day means on one axis
  tickertone chart GOOGL --prices closes.csv --from 2025-01-01 -o googl.png
  tickertone chart AAPL MSFT --format svg    # AAPL-MSFT-<latest date>.svg")]
pub struct Args {
    /// One ticker: its company chart as in the report. Several (up to 7): their companies'
    /// 7-day rolling sentiment compared on one axis, daily means as faint dots.
    #[arg(required = true, value_name = "TICKER")]
    pub tickers: Vec<String>,
    /// The file to write (default: <TICKERS joined by ->-<to>.<format> in this folder).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// First date (default: 89 days before --to; window_days in tickertone.toml sets the span).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last date (default: the latest date with news of these companies).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// png or svg (default: the extension of -o, else png).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<ImageFormat>,
    /// Daily closes (as `report --prices`): one company's chart draws its close.
    #[arg(long, value_name = "PATH")]
    pub prices: Option<PathBuf>,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let data = env.read_data(|months| months.to_vec(), &[STORED_DIR])?;
    let symbols = env.symbols(data.path())?;
    // (ticker, company), companies once each, in the order given.
    let mut wanted: Vec<(String, String)> = Vec::new();
    for given in &args.tickers {
        let ticker = match normalize_ticker(given) {
            Ok(Some(ticker)) => ticker,
            Ok(None) => return Err(UsageError("a ticker is empty".into()).into()),
            Err(why) => return Err(UsageError(why).into()),
        };
        let company = symbols.resolve_ticker(&ticker).0.to_string();
        if !wanted.iter().any(|(_, c)| *c == company) {
            wanted.push((ticker, company));
        }
    }
    if wanted.len() > MAX_COMPARED {
        let n = wanted.len();
        let message = format!("{n} companies: a chart compares at most {MAX_COMPARED}");
        return Err(UsageError(message).into());
    }
    let recorded = Recorded::open(data.path(), data.name(), &symbols, env.dating)?;
    for (ticker, company) in &wanted {
        let one = HashSet::from([company.clone()]);
        if recorded.latest_date_of(&one)?.is_none() {
            return Err(UsageError(format!(
                "unknown ticker '{ticker}': no news about it is recorded in {}\n\
hint: check the spelling; `tickertone report` lists the companies with news in summary.csv",
                data.name()
            ))
            .into());
        }
    }
    // --prices, else the closes the [[prices]] sources keep in the data folder.
    let prices = Prices::given_or_stored(args.prices.as_deref(), data.path())?;
    for r in prices.iter().flat_map(|p| &p.rejected) {
        eprintln!("rejected price row {r}");
    }
    let query = Query {
        all_mentions: env.all_mentions,
        from: args.from,
        to: args.to,
        window_days: env.window_days,
        companies: Some(wanted.iter().map(|(_, c)| c.clone()).collect()),
        ends_at: WindowEnd::LatestOfCompanies,
        closes: prices.as_ref().map(|p| p.by_company(&symbols)),
        ..Query::default()
    };
    let window = recorded.window(&query)?;
    let aggregates = recorded.aggregate(&query, window)?;

    let format = args.format.unwrap_or(match &args.output {
        Some(path)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg")) =>
        {
            ImageFormat::Svg
        }
        _ => ImageFormat::Png,
    });
    let path = args.output.unwrap_or_else(|| {
        // Each ticker made file-name safe on its own: never a name beginning with `-`.
        let tickers: Vec<String> = wanted.iter().map(|(t, _)| file_safe(t)).collect();
        let stem = format!("{}-{}", tickers.join("-"), window.to);
        PathBuf::from(format!("{stem}.{}", format.ext()))
    });
    let companies: Vec<(String, Vec<String>)> = wanted
        .into_iter()
        .map(|(ticker, company)| (company, vec![ticker]))
        .collect();
    render::write_chart(&aggregates, &companies, &path, format)?;
    let mut out = stdout::out();
    writeln!(out, "{}", path.display())?;
    out.finish()?;
    Ok(Status::Ok)
}
