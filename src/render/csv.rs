//! `daily.csv` and `summary.csv`, with the contract's columns in its order.

use std::io::Write;

use anyhow::Result;
use rayon::prelude::*;

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
///
/// The digits of `{:.11e}` without their trailing zeros, written out without an exponent.
/// That is what printing the nearest double to them would give (a decimal of at most 12
/// digits is the shortest that reads back as that double), at a third of the cost: a
/// one-year report writes ten million numbers.
pub fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_nan() {
            String::new()
        } else {
            "0".into()
        };
    }
    let scientific = format!("{x:.11e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    // The value is 0.d₁d₂… × 10^(exponent + 1): `point` digits before the decimal point.
    let point = exponent + 1;
    let mut out = String::with_capacity(digits.len() + 24);
    out.push_str(sign);
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

fn optional(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// `daily.csv`: `signals[i]` appends to `rows[i]`.
pub fn write_daily(out: impl Write, rows: &[DailyRow], signals: &[DaySignals]) -> Result<()> {
    anyhow::ensure!(rows.len() == signals.len(), "daily rows and signals differ");
    let rows: Vec<(&DailyRow, &DaySignals)> = rows.iter().zip(signals).collect();
    write_in_parallel(out, &DAILY_COLUMNS, &rows, |(r, x)| {
        [
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
        ]
    })
}

/// Writes `header`, then the record of each row: rows are formatted on every core, a
/// block of them at a time, and written in order (a one-year `daily.csv` has 900,000).
fn write_in_parallel<T: Sync, const N: usize>(
    mut out: impl Write,
    header: &[&str; N],
    rows: &[T],
    record: impl Fn(&T) -> [String; N] + Sync,
) -> Result<()> {
    const BLOCK: usize = 8192;
    let mut w = csv::Writer::from_writer(&mut out);
    w.write_record(header)?;
    w.flush()?;
    drop(w);
    // A few blocks per core at a time: the file is never held whole in memory.
    for blocks in rows.chunks(BLOCK * 2 * rayon::current_num_threads().max(1)) {
        let written: Vec<Vec<u8>> = blocks
            .par_chunks(BLOCK)
            .map(|block| -> Result<Vec<u8>> {
                let mut w = csv::Writer::from_writer(Vec::new());
                for row in block {
                    w.write_record(record(row))?;
                }
                w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
            })
            .collect::<Result<_>>()?;
        for bytes in written {
            out.write_all(&bytes)?;
        }
    }
    out.flush()?;
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
        assert_eq!(number(0.9999999999999), "1");
        assert_eq!(number(-1e21), "-1000000000000000000000");
        assert_eq!(number(123456789012345.0), "123456789012000");
    }

    /// The digits written out are what printing the nearest double to them gives.
    #[test]
    fn numbers_equal_the_rounded_double_printed() {
        let rounded_then_printed = |x: f64| -> String {
            let rounded: f64 = format!("{x:.11e}").parse().unwrap();
            format!("{rounded}")
        };
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for i in 0..200_000 {
            // xorshift: doubles of every magnitude and sign, and small decimals.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = match i % 3 {
                0 => f64::from_bits(state),
                1 => (state % 2_000_001) as f64 / 1e6 - 1.0,
                _ => ((state % 1000) as f64 - 500.0) * 10f64.powi((state % 40) as i32 - 20),
            };
            if x == 0.0 || !x.is_finite() {
                continue;
            }
            assert_eq!(number(x), rounded_then_printed(x), "{x:e}");
        }
    }
}
