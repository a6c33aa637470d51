//! `daily.csv` and `summary.csv`, with the contract's columns in its order.

use std::io::Write;

use anyhow::Result;

use crate::aggregate::{CompanySignals, DailyRow, DaySignals, SectorRow, SummaryRow};

/// The contract's columns, then (appended, so that scripts reading by position keep
/// working) `stories`, `story_mean_sentiment`, `volume_z_30d`.
pub const DAILY_COLUMNS: [&str; 17] = [
    "date",
    "company",
    "symbol",
    "tickers",
    "articles",
    "mean_sentiment",
    "weighted_sentiment",
    "min_sentiment",
    "max_sentiment",
    "bullish",
    "bearish",
    "neutral",
    "rolling_7d",
    "zscore_30d",
    "stories",
    "story_mean_sentiment",
    "volume_z_30d",
];

/// The contract's columns, then (appended) `stories`, `story_mean_sentiment`, `sector`,
/// `corr_next_return`, `corr_n` (the last two empty without `--prices`).
pub const SUMMARY_COLUMNS: [&str; 16] = [
    "company",
    "symbol",
    "tickers",
    "articles",
    "mean_sentiment",
    "weighted_sentiment",
    "last_date",
    "last_sentiment",
    "rolling_7d",
    "change_7d",
    "label",
    "stories",
    "story_mean_sentiment",
    "sector",
    "corr_next_return",
    "corr_n",
];

pub const SECTOR_COLUMNS: [&str; 7] = [
    "date",
    "sector",
    "companies",
    "stories",
    "mean",
    "weighted",
    "rolling_7d",
];

/// A number with 12 significant digits, shortest form: `0.1 + 0.2` prints as `0.3`, and
/// every printed value carries (far) more than the 6 significant digits the contract asks.
pub fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_nan() {
            String::new()
        } else {
            "0".into()
        };
    }
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    format!("{rounded}")
}

fn optional(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// `daily.csv`: `signals[i]` appends to `rows[i]`.
pub fn write_daily(out: impl Write, rows: &[DailyRow], signals: &[DaySignals]) -> Result<()> {
    anyhow::ensure!(rows.len() == signals.len(), "daily rows and signals differ");
    let mut w = csv::Writer::from_writer(out);
    w.write_record(DAILY_COLUMNS)?;
    for (r, x) in rows.iter().zip(signals) {
        w.write_record([
            r.date.to_string(),
            r.company.clone(),
            r.symbol.clone(),
            r.tickers.join(";"),
            r.articles.to_string(),
            number(r.mean_sentiment),
            optional(r.weighted_sentiment),
            number(r.min_sentiment),
            number(r.max_sentiment),
            r.bullish.to_string(),
            r.bearish.to_string(),
            r.neutral.to_string(),
            optional(r.rolling_7d),
            optional(r.zscore_30d),
            x.stories.to_string(),
            number(x.story_mean_sentiment),
            optional(x.volume_z_30d),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// `summary.csv`: `signals[i]` appends to `rows[i]`.
pub fn write_summary(
    out: impl Write,
    rows: &[SummaryRow],
    signals: &[CompanySignals],
) -> Result<()> {
    anyhow::ensure!(
        rows.len() == signals.len(),
        "summary rows and signals differ"
    );
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SUMMARY_COLUMNS)?;
    for (r, x) in rows.iter().zip(signals) {
        w.write_record([
            r.company.clone(),
            r.symbol.clone(),
            r.tickers.join(";"),
            r.articles.to_string(),
            number(r.mean_sentiment),
            optional(r.weighted_sentiment),
            r.last_date.to_string(),
            number(r.last_sentiment),
            optional(r.rolling_7d),
            optional(r.change_7d),
            r.label.to_string(),
            x.stories.to_string(),
            number(x.story_mean_sentiment),
            x.sector.clone().unwrap_or_default(),
            optional(x.corr_next_return),
            x.corr_n.map(|n| n.to_string()).unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn write_sectors(out: impl Write, rows: &[SectorRow]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SECTOR_COLUMNS)?;
    for r in rows {
        w.write_record([
            r.date.to_string(),
            r.sector.clone(),
            r.companies.to_string(),
            r.stories.to_string(),
            number(r.mean),
            optional(r.weighted),
            optional(r.rolling_7d),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(-0.8), "-0.8");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1.0 / 3.0), "0.333333333333");
        assert_eq!(number(2.0 / 3.0), "0.666666666667");
        assert_eq!(number(-1234.5678), "-1234.5678");
        assert_eq!(number(1e-7), "0.0000001");
    }
}
