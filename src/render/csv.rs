//! `daily.csv` and `summary.csv`, with the contract's columns in its order.

use std::io::Write;

use anyhow::Result;

use crate::aggregate::{DailyRow, SummaryRow};

pub const DAILY_COLUMNS: [&str; 14] = [
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
];

pub const SUMMARY_COLUMNS: [&str; 11] = [
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

pub fn write_daily(out: impl Write, rows: &[DailyRow]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(DAILY_COLUMNS)?;
    for r in rows {
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
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn write_summary(out: impl Write, rows: &[SummaryRow]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SUMMARY_COLUMNS)?;
    for r in rows {
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
