//! The mentions that reports use, as a polars frame: dated in the report's time zone and
//! mapped to companies. The grouping into pairs and days is done here, with lazy frames.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::RangeInclusive;

use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate};
use foldhash::fast::FixedState;
use polars::prelude::*;

use crate::store::columns as store;
use crate::symbols::SymbolTable;
use tickertone_text::date::Dating;

/// Frame columns (besides the store's `article_id`, `ticker`, `score`, `relevance`,
/// `market_impact`).
pub(super) const COMPANY: &str = "company";
pub(super) const SYMBOL: &str = "symbol";
/// Days from 0001-01-01 (chrono's `num_days_from_ce`).
pub(super) const DAY: &str = "day";
/// Whether the row's company is among those asked for (`--tickers`).
pub(super) const SELECTED: &str = "selected";

/// Stored mentions with their `company`, `symbol`, `day` and `selected`, and the store's
/// `published_at` (µs) and `title`, which tell copies of one story apart.
#[derive(Debug, Clone)]
pub struct MentionFrame {
    df: DataFrame,
}

pub(super) fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// The publication instants (µs since the epoch, UTC; `first ..` `last`, end excluded) that
/// can be dated within `dates` in any zone: offsets move a date by a day at most, and the
/// trading-day rule moves Friday evening news to Monday.
pub(super) fn published_bounds(dates: &RangeInclusive<NaiveDate>) -> (i64, i64) {
    let midnight = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp_micros()
    };
    (
        midnight(*dates.start() - chrono::Duration::days(5)),
        midnight(*dates.end() + chrono::Duration::days(2)),
    )
}

/// A store scan that failed: a file is damaged or not Parquet (the report then names it).
fn unreadable_store(e: PolarsError) -> anyhow::Error {
    anyhow!("cannot read the store: a file in it is damaged or not Parquet ({e})")
}

pub(super) fn from_day_number(n: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default()
}

impl MentionFrame {
    /// Loads the stored mentions dated within `dates` (all of them for `None`). The scan
    /// reads only publications that can fall in the range, so a daily report on a big store
    /// does not decode the years before its window.
    pub fn load(
        store_scan: LazyFrame,
        symbols: &SymbolTable,
        dating: Dating,
        companies: Option<&HashSet<String>>,
        dates: Option<RangeInclusive<NaiveDate>>,
    ) -> Result<Self> {
        let mut scan = store_scan;
        if let Some(range) = &dates {
            let (first, last) = published_bounds(range);
            let micros = col(store::PUBLISHED_AT).cast(DataType::Int64);
            scan = scan.filter(micros.clone().gt_eq(lit(first)).and(micros.lt(lit(last))));
        }
        let raw = scan
            .select([
                col(store::ARTICLE_ID),
                col(store::PUBLISHED_AT).cast(DataType::Int64),
                col(store::DATE_ONLY),
                col(store::TICKER),
                col(store::SCORE),
                col(store::RELEVANCE),
                col(store::MARKET_IMPACT),
                col(store::TITLE),
                col(store::ABOUT),
            ])
            .collect()
            .map_err(unreadable_store)?;

        let published = raw.column(store::PUBLISHED_AT)?.i64()?;
        let date_only = raw.column(store::DATE_ONLY)?.bool()?;
        let tickers = raw.column(store::TICKER)?.str()?;

        let n = raw.height();
        let mut selected = Vec::with_capacity(n);
        let mut company_col = Vec::with_capacity(n);
        let mut symbol_col = Vec::with_capacity(n);
        let mut day_col = Vec::with_capacity(n);
        let mut resolved: HashMap<&str, (&str, &str, bool), FixedState> = HashMap::default();
        // An article's mentions are consecutive rows with one publication: dated once.
        let mut last_dated: Option<((i64, bool), i32)> = None;
        let rows = tickers.iter().zip(published.iter()).zip(date_only.iter());
        for ((ticker, published), date_only) in rows {
            let ticker = ticker.unwrap_or("");
            let (company, symbol, is_selected) = *resolved.entry(ticker).or_insert_with(|| {
                let (company, symbol) = symbols.resolve_ticker(ticker);
                let is_selected = companies.is_none_or(|set| set.contains(company));
                (company, symbol, is_selected)
            });
            selected.push(is_selected);
            company_col.push(company);
            symbol_col.push(symbol);
            let instant = (published.unwrap_or(0), date_only.unwrap_or(false));
            let day = match last_dated {
                Some((at, day)) if at == instant => day,
                _ => {
                    let day = day_number(dating.date_of(instant.0, instant.1));
                    last_dated = Some((instant, day));
                    day
                }
            };
            day_col.push(day);
        }
        let mut df = raw.select([
            store::ARTICLE_ID,
            store::TICKER,
            store::SCORE,
            store::RELEVANCE,
            store::MARKET_IMPACT,
            store::PUBLISHED_AT,
            store::TITLE,
            store::ABOUT,
        ])?;
        df.with_column(Column::new(COMPANY.into(), company_col))?;
        df.with_column(Column::new(SYMBOL.into(), symbol_col))?;
        // The scan's bounds have a margin for time zones and weekends; now the exact days
        // (a month in the middle of the range has no row outside it: no copy then).
        let outside = dates
            .map(|range| (day_number(*range.start()), day_number(*range.end())))
            .filter(|(first, last)| day_col.iter().any(|d| d < first || d > last));
        df.with_column(Column::new(DAY.into(), day_col))?;
        df.with_column(Column::new(SELECTED.into(), selected))?;
        if let Some((first, last)) = outside {
            df = df
                .lazy()
                .filter(col(DAY).gt_eq(lit(first)).and(col(DAY).lt_eq(lit(last))))
                .collect()?;
        }
        Ok(MentionFrame { df })
    }

    /// Adds `later`'s rows after this frame's (the frames of consecutive store files).
    pub fn append(&mut self, later: &MentionFrame) -> Result<()> {
        self.df.vstack_mut(&later.df)?;
        Ok(())
    }

    /// The rows dated after `date`, in order.
    pub fn dated_after(&self, date: NaiveDate) -> Result<MentionFrame> {
        let df = self
            .df
            .clone()
            .lazy()
            .filter(col(DAY).gt(lit(day_number(date))))
            .collect()?;
        Ok(MentionFrame { df })
    }

    /// The latest date of any stored mention, reading only `published_at` and `date_only`.
    /// Dating is monotone in time within timed and within date-only publications, so the
    /// latest date is that of the latest publication of one of the two kinds.
    pub fn latest_stored_date(store_scan: LazyFrame, dating: Dating) -> Result<Option<NaiveDate>> {
        let latest = store_scan
            .select([
                col(store::PUBLISHED_AT).cast(DataType::Int64),
                col(store::DATE_ONLY),
            ])
            .group_by([col(store::DATE_ONLY)])
            .agg([col(store::PUBLISHED_AT).max()])
            .collect()
            .map_err(unreadable_store)?;
        let date_only = latest.column(store::DATE_ONLY)?.bool()?;
        let published = latest.column(store::PUBLISHED_AT)?.i64()?;
        Ok((0..latest.height())
            .filter_map(|i| {
                let at = published.get(i)?;
                Some(dating.date_of(at, date_only.get(i).unwrap_or(false)))
            })
            .max())
    }

    /// Read from the store: a value no ingest writes (`store::impossible_value`) is damage
    /// that Parquet's own checks let through, and would reach the charts' arithmetic.
    pub fn check_stored(self) -> Result<Self> {
        match crate::store::impossible_value(&self.df)? {
            Some(what) => Err(anyhow!(
                "cannot read the store: a file in it is damaged ({what})"
            )),
            None => Ok(self),
        }
    }

    pub fn rows(&self) -> usize {
        self.df.height()
    }

    /// The latest date with a mention of a selected company.
    pub fn latest_company_date(&self) -> Result<Option<NaiveDate>> {
        let days = self
            .df
            .clone()
            .lazy()
            .filter(col(SELECTED))
            .select([col(DAY).max()])
            .collect()?;
        Ok(days.column(DAY)?.i32()?.get(0).map(from_day_number))
    }

    /// The companies with a mention in the frame.
    pub fn companies(&self) -> Result<BTreeSet<String>> {
        let company = self.df.column(COMPANY)?.str()?;
        Ok(company.iter().flatten().map(String::from).collect())
    }

    /// The latest date with a mention, of any company.
    pub fn latest_date(&self) -> Result<Option<NaiveDate>> {
        let days = self.df.column(DAY)?.i32()?;
        Ok(days.max().map(from_day_number))
    }

    /// The frame itself, for the passes of this module's siblings (stories, sectors).
    pub(super) fn frame(&self) -> &DataFrame {
        &self.df
    }

    /// [`MentionFrame::frame`], for the tests of other modules.
    #[cfg(test)]
    pub fn frame_for_tests(&self) -> &DataFrame {
        &self.df
    }

    /// A frame with this one's columns (see [`MentionFrame::frame`]).
    pub(super) fn from_frame(df: DataFrame) -> Self {
        MentionFrame { df }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    /// A store frame with one mention per instant: `(µs since the epoch, date only)`.
    fn store(rows: &[(i64, bool)]) -> LazyFrame {
        let n = rows.len();
        let published = Int64Chunked::from_vec(
            store::PUBLISHED_AT.into(),
            rows.iter().map(|r| r.0).collect(),
        )
        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
        .into_column();
        DataFrame::new(
            n,
            vec![
                Column::new(
                    store::ARTICLE_ID.into(),
                    (0..n).map(|i| format!("a{i}")).collect::<Vec<_>>(),
                ),
                published,
                Column::new(
                    store::DATE_ONLY.into(),
                    rows.iter().map(|r| r.1).collect::<Vec<_>>(),
                ),
                Column::new(store::TICKER.into(), vec!["AAPL"; n]),
                Column::new(store::SCORE.into(), vec![0.5f64; n]),
                Column::new(store::RELEVANCE.into(), vec![1.0f64; n]),
                Column::new(store::MARKET_IMPACT.into(), vec![1.0f64; n]),
                Column::new(store::TITLE.into(), vec![None::<&str>; n]),
                Column::new(store::ABOUT.into(), vec![true; n]),
            ],
        )
        .unwrap()
        .lazy()
    }

    /// Publications every 7 h 13 min over 40 days, and a date-only one per day, from
    /// 2025-02-10 (no DST change in the zones below).
    fn instants() -> Vec<(i64, bool)> {
        let start = NaiveDate::from_ymd_opt(2025, 2, 10)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_micros();
        let step = (7 * 60 + 13) * 60 * 1_000_000i64;
        let day = 24 * 3_600 * 1_000_000i64;
        let mut rows: Vec<(i64, bool)> = (0..133).map(|i| (start + i * step, false)).collect();
        rows.extend((0..40).map(|i| (start + i * day, true)));
        rows
    }

    fn datings() -> Vec<Dating> {
        let close = |h| Some(NaiveTime::from_hms_opt(h, 0, 0).unwrap());
        vec![
            Dating::calendar(chrono_tz::UTC),
            Dating::calendar(chrono_tz::Pacific::Kiritimati),
            Dating::calendar(chrono_tz::Pacific::Pago_Pago),
            Dating {
                tz: chrono_tz::America::New_York,
                session_close: close(16),
            },
            Dating {
                tz: chrono_tz::Asia::Tokyo,
                session_close: close(15),
            },
        ]
    }

    /// `(article_id, day)` of every row, sorted.
    fn dated(frame: &MentionFrame) -> Vec<(String, i32)> {
        let ids = frame.df.column(store::ARTICLE_ID).unwrap().str().unwrap();
        let days = frame.df.column(DAY).unwrap().i32().unwrap();
        let mut out: Vec<(String, i32)> = (0..frame.rows())
            .map(|i| (ids.get(i).unwrap().to_string(), days.get(i).unwrap()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_windowed_load_keeps_exactly_the_rows_dated_in_its_range() {
        let symbols = SymbolTable::builtin().unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for dating in datings() {
            let all = MentionFrame::load(store(&instants()), &symbols, dating, None, None).unwrap();
            // Ranges starting on a Monday (weekend news rolls onto it), ending on a Friday.
            for (from, to) in [("2025-02-17", "2025-02-21"), ("2025-03-03", "2025-03-07")] {
                let range = d(from)..=d(to);
                let (first, last) = (day_number(d(from)), day_number(d(to)));
                let expected: Vec<(String, i32)> = dated(&all)
                    .into_iter()
                    .filter(|(_, day)| (first..=last).contains(day))
                    .collect();
                let windowed =
                    MentionFrame::load(store(&instants()), &symbols, dating, None, Some(range))
                        .unwrap();
                assert!(!expected.is_empty());
                assert_eq!(dated(&windowed), expected, "{dating:?} {from} to {to}");
            }
        }
    }

    #[test]
    fn the_latest_date_read_from_two_columns_is_that_of_every_row() {
        let symbols = SymbolTable::builtin().unwrap();
        let rows = instants();
        // Cut so that the store ends on a timed row, or on a date-only one.
        for cut in [100, 133 + 25, rows.len()] {
            for dating in datings() {
                let all =
                    MentionFrame::load(store(&rows[..cut]), &symbols, dating, None, None).unwrap();
                assert_eq!(
                    MentionFrame::latest_stored_date(store(&rows[..cut]), dating).unwrap(),
                    all.latest_date().unwrap(),
                    "{dating:?} {cut}"
                );
            }
        }
    }
}
