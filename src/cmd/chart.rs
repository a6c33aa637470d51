use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::NaiveDate;

use crate::aggregate::{self, Extras};
use crate::app::{parse_date, Env, Status, UsageError};
use crate::cmd::stdout;
use crate::prices::Prices;
use crate::render::{self, file_safe, ImageFormat, MAX_COMPARED};
use crate::report::{resolve_window, ReportRequest};
use crate::store::Store;
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
    let symbols = env.symbols()?;
    // (ticker, company), companies once each, in the order given.
    let mut wanted: Vec<(String, String)> = Vec::new();
    for given in &args.tickers {
        let Ok(Some(ticker)) = normalize_ticker(given) else {
            return Err(UsageError(format!("'{given}' is not a ticker")).into());
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
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            return Err(UsageError(format!("--from {from} is after --to {to}")).into());
        }
    }
    let store = Store::new(&env.data);
    let Some(scan) = store.scan()? else {
        let dir = store.mentions_dir();
        bail!("nothing is recorded in {} yet", dir.display());
    };
    let only: HashSet<String> = wanted.iter().map(|(_, c)| c.clone()).collect();
    let mentions = aggregate::load(scan, &symbols, env.dating, Some(&only), None)?;
    let with_news = mentions.companies()?;
    if let Some((ticker, _)) = wanted.iter().find(|(_, c)| !with_news.contains(c)) {
        return Err(UsageError(format!(
            "unknown ticker '{ticker}': no news about it is recorded in {}\n\
hint: check the spelling; `tickertone report` lists the companies with news in summary.csv",
            env.data_name()
        ))
        .into());
    }
    let latest = mentions.latest_company_date()?.unwrap_or_default();
    let request = ReportRequest {
        from: args.from,
        to: args.to,
        window_days: env.window_days,
        ..Default::default()
    };
    let window = resolve_window(&request, latest);
    if window.from > window.to {
        let (from, to) = (window.from, window.to);
        let message = format!("the window {from} to {to} is empty: give an earlier --from");
        return Err(UsageError(message).into());
    }
    let prices = args.prices.as_deref().map(Prices::read).transpose()?;
    for r in prices.iter().flat_map(|p| &p.rejected) {
        eprintln!("rejected price row {r}");
    }
    let extras = Extras {
        closes: prices.as_ref().map(|p| p.by_company(&symbols)),
        ..Default::default()
    };
    let aggregates = aggregate::aggregate(&mentions, window, &extras)?;

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
        let tickers: Vec<&str> = wanted.iter().map(|(t, _)| t.as_str()).collect();
        let stem = file_safe(&format!("{}-{}", tickers.join("-"), window.to));
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
