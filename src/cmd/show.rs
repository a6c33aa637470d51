use std::collections::HashSet;
use std::io::Write;

use anyhow::{bail, Result};

use crate::aggregate::cells::number;
use crate::aggregate::query::{Query, Recorded, WindowEnd};
use crate::app::{Env, Status};
use crate::cmd::stdout;
use crate::prices::{Prices, STORED_DIR};
use tickertone_text::matcher::normalize_ticker;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  tickertone show NVDA\n  tickertone show goog --days 30")]
pub struct Args {
    /// A ticker of the company (any of its share classes).
    pub ticker: String,
    /// How many of its latest days with news to show.
    #[arg(long, default_value_t = 15)]
    pub days: usize,
    /// Daily closes (as `report --prices`): adds the close column.
    #[arg(long, value_name = "PATH")]
    pub prices: Option<std::path::PathBuf>,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let Ok(Some(ticker)) = normalize_ticker(&args.ticker) else {
        bail!("'{}' is not a ticker", args.ticker);
    };
    let data = env.read_data(|months| months.to_vec(), &[STORED_DIR])?;
    let symbols = env.symbols(data.path())?;
    let company = symbols.resolve_ticker(&ticker).0.to_string();
    let recorded = Recorded::open(data.path(), data.name(), &symbols, env.dating)?;
    // --prices, else the closes the [[prices]] sources keep in the data folder.
    let prices = Prices::given_or_stored(args.prices.as_deref(), data.path())?;
    for r in prices.iter().flat_map(|p| &p.rejected) {
        eprintln!("rejected price row {r}");
    }
    // The company's year ending at its latest day with news.
    let query = Query {
        all_mentions: env.all_mentions,
        window_days: Some(366),
        companies: Some(HashSet::from([company.clone()])),
        ends_at: WindowEnd::LatestOfCompanies,
        closes: prices.as_ref().map(|p| p.by_company(&symbols)),
        ..Query::default()
    };
    let window = recorded.window(&query)?;
    let agg = recorded.aggregate(&query, window)?;
    env.detail(&format!("show {}", recorded.store().read_summary()));
    let first_shown = agg.daily.len().saturating_sub(args.days);
    let rows = &agg.daily[first_shown..];
    let mut out = stdout::out();
    if let (Some(s), Some(first)) = (agg.summary.first(), agg.daily.first()) {
        // The header reads as the table does: its first day with news, its number format.
        writeln!(
            out,
            "{} ({}): {} article{} since {}, mean {}, {}{}",
            s.company,
            s.tickers.join(", "),
            s.articles,
            if s.articles == 1 { "" } else { "s" },
            first.date,
            fixed(Some(s.mean_sentiment)),
            s.label,
            match s.not_about {
                0 => String::new(),
                n => format!("; {n} more mention it without being about it (left out)"),
            }
        )?;
    }
    let close_header = if prices.is_some() { "  close" } else { "" };
    writeln!(
        out,
        "{:<10}  {:>8}  {:>8}  {:>8}  {:>9}  {:>7}  {:>7}  {:>7}{close_header}  tickers",
        "date", "articles", "mean", "weighted", "rolling7d", "z30d", "stories", "vol_z"
    )?;
    for r in rows {
        let close = match (&prices, r.close) {
            (None, _) => String::new(),
            (Some(_), Some(c)) => format!("  {:>5}", number(c)),
            (Some(_), None) => format!("  {:>5}", "-"),
        };
        writeln!(
            out,
            "{:<10}  {:>8}  {:>8}  {:>8}  {:>9}  {:>7}  {:>7}  {:>7}{close}  {}",
            r.date,
            r.articles,
            fixed(Some(r.mean_sentiment)),
            fixed(r.weighted_sentiment),
            fixed(r.rolling_7d),
            fixed(r.zscore_30d),
            r.stories,
            fixed(r.volume_z_30d),
            r.tickers.join(";")
        )?;
    }
    out.finish()?;
    Ok(Status::Ok)
}

/// A statistic as the table shows it: three decimals with a sign, `-` when undefined.
fn fixed(x: Option<f64>) -> String {
    x.map(|v| format!("{v:+.3}")).unwrap_or_else(|| "-".into())
}
