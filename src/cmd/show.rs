use std::io::Write;

use anyhow::{bail, Result};

use crate::aggregate::{self, Extras, Window};
use crate::app::{Env, Status};
use crate::cmd::stdout;
use crate::prices::Prices;
use crate::render::csv::number;
use crate::store::{Month, Store};
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
    let symbols = env.symbols()?;
    let Ok(Some(ticker)) = normalize_ticker(&args.ticker) else {
        bail!("'{}' is not a ticker", args.ticker);
    };
    let (company, _) = symbols.resolve_ticker(&ticker);
    let company = company.to_string();
    let store = Store::new(&env.data);
    if store.files()?.is_empty() {
        bail!(
            "nothing is recorded in {} yet",
            store.mentions_dir().display()
        );
    }
    let only = std::collections::HashSet::from([company.clone()]);
    let latest = match store.months()? {
        // Not migrated yet: every file is read once.
        None => {
            let scan = store.scan_published(i64::MIN..i64::MAX)?.lazy;
            aggregate::load(scan, &symbols, env.dating, Some(&only), None)?.latest_company_date()?
        }
        Some(months) => latest_company_date(&store, &months, &symbols, env, &only)?,
    };
    let Some(latest) = latest else {
        bail!("no news recorded for {company} ({ticker})");
    };
    let window = Window {
        from: latest - chrono::Duration::days(365),
        to: latest,
    };
    // The window and its history only: the months before it are not read.
    let read = aggregate::dates_read(window);
    let scan = store
        .scan_published(aggregate::published_range(&read))?
        .lazy;
    let mentions = aggregate::load(scan, &symbols, env.dating, Some(&only), Some(read))?;
    env.detail(&format!("show {}", store.read_summary()));
    let prices = args.prices.as_deref().map(Prices::read).transpose()?;
    if let Some(prices) = &prices {
        for r in &prices.rejected {
            eprintln!("rejected price row {r}");
        }
    }
    let extras = Extras {
        closes: prices.as_ref().map(|p| p.by_company(&symbols)),
        ..Default::default()
    };
    let agg = aggregate::aggregate(&mentions, window, &extras)?;
    let first_shown = agg.daily.len().saturating_sub(args.days);
    let rows = agg.daily[first_shown..]
        .iter()
        .zip(&agg.daily_signals[first_shown..]);
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
    let close_header = if prices.is_some() { "  close" } else { "" };
    writeln!(
        out,
        "{:<10}  {:>8}  {:>8}  {:>8}  {:>9}  {:>7}  {:>7}  {:>7}{close_header}  tickers",
        "date", "articles", "mean", "weighted", "rolling7d", "z30d", "stories", "vol_z"
    )?;
    for (r, x) in rows {
        let close = match (&prices, x.close) {
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
            x.stories,
            fixed(x.volume_z_30d),
            r.tickers.join(";")
        )?;
    }
    out.finish()?;
    Ok(Status::Ok)
}

/// The company's latest date, reading month partitions from the newest back to the first
/// that mentions it, and the month before that one (its news can be dated later: zones,
/// session close, weekends); older months cannot hold a later date.
fn latest_company_date(
    store: &Store,
    months: &[Month],
    symbols: &crate::symbols::SymbolTable,
    env: &Env,
    only: &std::collections::HashSet<String>,
) -> Result<Option<chrono::NaiveDate>> {
    for &month in months.iter().rev() {
        let scan = store.scan_month(month)?.lazy;
        let found =
            aggregate::load(scan, symbols, env.dating, Some(only), None)?.latest_company_date()?;
        if found.is_some() {
            let before = store.scan_month(month.previous())?.lazy;
            let earlier = aggregate::load(before, symbols, env.dating, Some(only), None)?
                .latest_company_date()?;
            return Ok(found.max(earlier));
        }
    }
    Ok(None)
}

/// A statistic as the table shows it: three decimals with a sign, `-` when undefined.
fn fixed(x: Option<f64>) -> String {
    x.map(|v| format!("{v:+.3}")).unwrap_or_else(|| "-".into())
}
