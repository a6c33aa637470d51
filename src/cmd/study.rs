use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;

use crate::aggregate::query::{months_to_read, Query, Recorded};
use crate::aggregate::{sector_map, Grouping};
use crate::app::{parse_date, Env, Status, UsageError};
use crate::prices::{Closes, Prices, STORED_DIR};
use crate::study::{self, parse_horizons, StudyInput};
use tickertone_text::matcher::normalize_ticker;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone study                                   # the default window, horizons 1, 5, 20
  tickertone study --from 2026-01-01 --to 2026-06-30 --horizons 1,2,5,10
  tickertone study --by sector                       # sectors instead of companies
  tickertone study --prices closes.csv --benchmark SPY

Closes come from <data>/prices/ (the [[prices]] sources of tickertone.toml, fetched by
`fetch` and `run`), or from --prices. Writes <reports>/study-<to>/: ic.csv, ic_summary.csv,
quantiles.csv, events.csv, correlations.csv, coverage.csv, three charts and index.html.")]
pub struct Args {
    /// First date of the window (default: 89 days before --to).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last date of the window (default: the latest recorded date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Forward horizons in trading days (comma-separated).
    #[arg(long, value_name = "H,H", default_value = "1,5,20", value_parser = parse_horizons)]
    pub horizons: std::vec::Vec<u32>,
    /// Study companies, or the sectors of the symbol table (a sector's return is the mean
    /// of its companies' returns).
    #[arg(long, value_name = "WHAT", default_value = "company")]
    pub by: Grouping,
    /// Only the companies of these tickers (comma-separated).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub tickers: Option<Vec<String>>,
    /// Daily closes (as `report --prices`), instead of those kept in <data>/prices/.
    #[arg(long, value_name = "PATH")]
    pub prices: Option<PathBuf>,
    /// The ticker abnormal returns are measured against [default: `benchmark` in
    /// tickertone.toml]; without its closes, the mean of the study's companies.
    #[arg(long, value_name = "TICKER")]
    pub benchmark: Option<String>,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            return Err(UsageError(format!("--from {from} is after --to {to}")).into());
        }
    }
    let query = Query {
        all_mentions: env.all_mentions,
        from: args.from,
        to: args.to,
        window_days: env.window_days,
        grouping: args.by,
        ..Query::default()
    };
    let data = env.read_data(|months| months_to_read(&query, months), &[STORED_DIR])?;
    let symbols = env.symbols(data.path())?;
    let prices =
        Prices::given_or_stored(args.prices.as_deref(), data.path())?.ok_or_else(|| {
            UsageError(format!(
                "no closes: add a [[prices]] source to tickertone.toml and run `tickertone fetch` \
             (closes are kept in {}/{STORED_DIR}/), or give --prices closes.csv",
                data.name()
            ))
        })?;
    for r in &prices.rejected {
        env.summary(&format!("rejected price row {r}"));
    }
    let recorded = Recorded::open(data.path(), data.name(), &symbols, env.dating)?;
    let companies = args.tickers.as_ref().map(|tickers| {
        let mut set = HashSet::new();
        for t in tickers {
            if let Ok(Some(t)) = normalize_ticker(t) {
                set.insert(symbols.resolve_ticker(&t).0.to_string());
            }
        }
        set
    });
    let query = Query { companies, ..query };
    let window = recorded.window(&query)?;
    let aggregates = recorded.aggregate(&query, window)?;
    let by_company = prices.by_company(&symbols);
    let sectors = sector_map(&symbols);
    let (closes, without_sector) = match args.by {
        Grouping::Company => (by_company, 0),
        Grouping::Sector => {
            // The companies a sector study leaves out, counted from the same window.
            let per_company = Query {
                grouping: Grouping::Company,
                ..query.clone()
            };
            let daily = recorded.aggregate(&per_company, window)?.daily;
            let without = daily
                .chunk_by(|a, b| a.company == b.company)
                .filter(|run| !sectors.contains_key(&run[0].company))
                .count();
            (sector_indices(&by_company, &sectors), without)
        }
    };
    let benchmark_ticker = args
        .benchmark
        .clone()
        .or_else(|| env.benchmark.clone())
        .and_then(|t| normalize_ticker(&t).ok().flatten());
    let benchmark = benchmark_ticker
        .as_ref()
        .and_then(|t| Some((t.clone(), prices.of_ticker(t)?)));
    if let (Some(t), None) = (&benchmark_ticker, &benchmark) {
        env.summary(&format!(
            "No closes for the benchmark {t}: abnormal returns are measured against the mean of the study's companies."
        ));
    }
    let input = StudyInput {
        window,
        daily: &aggregates.daily,
        closes: &closes,
        benchmark,
        horizons: args.horizons.clone(),
        grouping: match args.by {
            Grouping::Company => "company",
            Grouping::Sector => "sector",
        },
        without_sector,
    };
    let result = study::compute(&input);
    let folder = study::write_study(&env.reports, &result)?;
    for ic in &result.ic {
        env.summary(&format!(
            "IC at {} d: mean {}, t {}, {} days{}",
            ic.horizon,
            ic.mean.map_or("–".into(), |m| format!("{m:+.3}")),
            ic.t.map_or("–".into(), |t| format!("{t:+.2}")),
            ic.days.len(),
            ic.warning()
                .map(|w| format!(" (warning: {w})"))
                .unwrap_or_default()
        ));
    }
    let c = &result.coverage;
    env.summary(&format!(
        "Study: {} ({} {}, {} of them without closes; {} days with news, {} on no trading day, {} without a close that day).",
        folder.display(),
        c.companies,
        study::plural(input.grouping),
        c.without_closes.len(),
        c.news_days,
        c.not_trading_days,
        c.no_close_that_day
    ));
    if c.without_sector > 0 {
        env.summary(&format!(
            "{} companies with news have no sector in the symbol table: they are in no sector's rows.",
            c.without_sector
        ));
    }
    let status = if prices.rejected.is_empty() {
        Status::Ok
    } else {
        Status::SomeRejected
    };
    env.json_summary(json!({
        "command": "study",
        "folder": folder,
        "window": window,
        "coverage": c,
        "ic": result.ic.iter().map(|ic| json!({
            "horizon": ic.horizon,
            "mean": ic.mean,
            "sd": ic.sd,
            "t": ic.t,
            "share_positive": ic.share_positive,
            "n": ic.days.len(),
            "warning": ic.warning(),
        })).collect::<Vec<_>>(),
        "price_rows_rejected": prices.rejected.len(),
        "exit_status": status as u8,
    }));
    if !env.json {
        env.result_line(&folder.display().to_string());
    }
    Ok(status)
}

/// Each sector's closes as an index: 1 on the first day any of its companies has two
/// closes in a row, then compounded by the mean return of its companies with closes on
/// both days (equal weights); a day none of them has is no day of the index.
fn sector_indices(
    by_company: &HashMap<String, Closes>,
    sector_of: &HashMap<String, String>,
) -> HashMap<String, Closes> {
    let mut members: BTreeMap<&str, Vec<&Closes>> = BTreeMap::new();
    for (company, closes) in by_company {
        if let Some(sector) = sector_of.get(company) {
            members.entry(sector).or_default().push(closes);
        }
    }
    let mut out = HashMap::new();
    for (sector, companies) in members {
        let calendar = study::Calendar::of(companies.iter().copied());
        let mut index = Closes::new();
        let mut level: Option<f64> = None;
        for i in 1..calendar.days.len() {
            let returns: Vec<f64> = companies
                .iter()
                .filter_map(|c| calendar.forward_return(c, i - 1, 1))
                .collect();
            let Some(r) = study::rank::mean(&returns) else {
                continue;
            };
            let before = level.unwrap_or(1.0);
            if level.is_none() {
                index.insert(calendar.days[i - 1], before);
            }
            let now = before * (1.0 + r);
            index.insert(calendar.days[i], now);
            level = Some(now);
        }
        out.insert(sector.to_string(), index);
    }
    out
}
