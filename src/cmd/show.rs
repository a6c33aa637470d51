use std::io::Write;

use anyhow::{bail, Result};

use crate::aggregate::{self, Window};
use crate::app::{Env, Status};
use crate::cmd::stdout;
use crate::extract::ticker::normalize_ticker;
use crate::store::Store;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  tickertone show NVDA\n  tickertone show goog --days 30")]
pub struct Args {
    /// A ticker of the company (any of its share classes).
    pub ticker: String,
    /// How many of its latest days with news to show.
    #[arg(long, default_value_t = 15)]
    pub days: usize,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let symbols = env.symbols()?;
    let Ok(Some(ticker)) = normalize_ticker(&args.ticker) else {
        bail!("'{}' is not a ticker", args.ticker);
    };
    let (company, _) = symbols.resolve_ticker(&ticker);
    let company = company.to_string();
    let store = Store::new(&env.data);
    let Some(scan) = store.scan()? else {
        bail!(
            "nothing is recorded in {} yet",
            store.mentions_dir().display()
        );
    };
    let only = std::collections::HashSet::from([company.clone()]);
    let mentions = aggregate::load(scan, &symbols, env.dating, Some(&only), None)?;
    let Some(latest) = mentions.latest_company_date()? else {
        bail!("no news recorded for {company} ({ticker})");
    };
    let window = Window {
        from: latest - chrono::Duration::days(365),
        to: latest,
    };
    let agg = aggregate::aggregate(&mentions, window)?;
    let rows: Vec<_> = agg.daily.iter().rev().take(args.days).rev().collect();
    let mut out = stdout::out();
    if let (Some(s), Some(first)) = (agg.summary.first(), agg.daily.first()) {
        // The header reads as the table does: its first day with news, its number format.
        writeln!(
            out,
            "{} ({}): {} article{} since {}, mean {}, {}",
            s.company,
            s.tickers.join(", "),
            s.articles,
            if s.articles == 1 { "" } else { "s" },
            first.date,
            fixed(Some(s.mean_sentiment)),
            s.label
        )?;
    }
    writeln!(
        out,
        "{:<10}  {:>8}  {:>8}  {:>8}  {:>9}  {:>7}  tickers",
        "date", "articles", "mean", "weighted", "rolling7d", "z30d"
    )?;
    for r in rows {
        writeln!(
            out,
            "{:<10}  {:>8}  {:>8}  {:>8}  {:>9}  {:>7}  {}",
            r.date,
            r.articles,
            fixed(Some(r.mean_sentiment)),
            fixed(r.weighted_sentiment),
            fixed(r.rolling_7d),
            fixed(r.zscore_30d),
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
