//! The 7-day rolling mean as the charts draw it: a value for every calendar day whose
//! window (date−6 … date) holds a pair, not only for the days with news.
//!
//! `daily.csv` has a row per day with news, with that day's `rolling_7d`. A day without news
//! has no row, yet its 7-day window may hold a week's news: drawn from the rows alone, a
//! company with news on 47 of 90 days was some 20 dashes. On such a day the line takes the
//! contract's formula, the mean of `s` over the series' pairs dated date−6 … date, from the
//! pair-level sums of the rows in that range: Σs = Σ articles × mean_sentiment, divided by
//! Σ articles (exact but for float rounding). A day with news keeps its row's own
//! `rolling_7d`, so the line meets `daily.csv` wherever there is a row.
//!
//! The rows begin at the window's first day, and the window of each of its first six days
//! reaches before it. There a day with news keeps its row's value (computed with the
//! history); a day without news has no point, and the line goes on from the first day the
//! rows determine. The line breaks only on a day whose window holds no pair.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::aggregate::{DailyRow, SectorRow, SummaryRow, Window};

/// Days in a rolling window.
const WINDOW: i64 = 7;

/// A day with news of one series (a company, a sector), as the rolling line needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewsDay {
    pub date: NaiveDate,
    /// The row's own `rolling_7d`: the aggregation's, history included.
    pub rolling_7d: Option<f64>,
    /// Σs and the number of pairs that day, when known.
    pub sums: Option<(f64, u64)>,
}

impl NewsDay {
    /// A company's day: its pairs are `articles`, their mean `mean_sentiment`.
    pub fn of_company(row: &DailyRow) -> NewsDay {
        NewsDay {
            date: row.date,
            rolling_7d: row.rolling_7d,
            sums: Some((row.articles as f64 * row.mean_sentiment, row.articles)),
        }
    }
}

/// A run of the line: consecutive points (date, value), one for each day of the run that
/// has a value.
pub type Run = Vec<(NaiveDate, f64)>;

/// The rolling line of a series over `window`, from its days with news (in date order;
/// those outside the window are left out): its runs, broken where a day's window holds no
/// pair.
pub fn runs(window: Window, days: &[NewsDay]) -> Vec<Run> {
    let length = (window.to - window.from).num_days() + 1;
    if length <= 0 {
        return Vec::new();
    }
    let mut by_day: Vec<Option<&NewsDay>> = vec![None; length as usize];
    for d in days.iter().filter(|d| window.contains(d.date)) {
        by_day[(d.date - window.from).num_days() as usize] = Some(d);
    }
    let (mut runs, mut run) = (Vec::new(), Vec::new());
    for (i, date) in window.from.iter_days().take(length as usize).enumerate() {
        let in_window = &by_day[i.saturating_sub(WINDOW as usize - 1)..=i];
        // The whole window is among the rows from the seventh day on.
        let whole = i as i64 >= WINDOW - 1;
        if whole && in_window.iter().all(Option::is_none) {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            continue;
        }
        let own = by_day[i].and_then(|d| d.rolling_7d);
        if let Some(v) = own.or_else(|| whole.then(|| mean_of(in_window)).flatten()) {
            run.push((date, v));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The mean of `s` over the days' pairs, when every day's sums are known and there are
/// pairs; summed in date order.
fn mean_of(days: &[Option<&NewsDay>]) -> Option<f64> {
    let (mut sum, mut pairs) = (0.0, 0u64);
    for d in days.iter().flatten() {
        let (s, n) = d.sums?;
        sum += s;
        pairs += n;
    }
    (pairs > 0).then(|| sum / pairs as f64)
}

/// A sector's sums per date (see [`sector_sums`]).
pub type SectorSums = BTreeMap<NaiveDate, (f64, u64)>;

/// Per sector, per date: Σs and the pairs of its companies' rows (the sectors' rows carry
/// no pair count; a sector's pairs are its companies' pairs). Companies without a sector in
/// the summary are left out.
pub fn sector_sums<'a>(
    daily: &[DailyRow],
    summary: &'a [SummaryRow],
) -> HashMap<&'a str, SectorSums> {
    let sector_of: HashMap<&str, &str> = summary
        .iter()
        .filter_map(|r| r.sector.as_deref().map(|s| (r.company.as_str(), s)))
        .collect();
    let mut sums: HashMap<&str, SectorSums> = HashMap::new();
    for row in daily {
        if let Some(&sector) = sector_of.get(row.company.as_str()) {
            let day = sums.entry(sector).or_default().entry(row.date).or_default();
            day.0 += row.articles as f64 * row.mean_sentiment;
            day.1 += row.articles;
        }
    }
    sums
}

/// A sector's days with news in `window` (`rows` in date order), with the sums of its
/// companies' rows when those are the sector's: a row on the same dates, with the same
/// mean. Otherwise (companies left out of the summary, CSVs from elsewhere) the days keep
/// their own `rolling_7d` only, and the line has no point on the days between.
pub fn sector_days(window: Window, rows: &[&SectorRow], sums: Option<&SectorSums>) -> Vec<NewsDay> {
    let rows: Vec<&SectorRow> = rows
        .iter()
        .copied()
        .filter(|r| window.contains(r.date))
        .collect();
    let same = sums.filter(|sums| {
        let dated = sums.range(window.from..=window.to);
        dated.clone().count() == rows.len()
            && dated.zip(&rows).all(|((date, &(s, n)), row)| {
                *date == row.date && n > 0 && (s / n as f64 - row.mean).abs() <= 1e-9
            })
    });
    rows.iter()
        .map(|row| NewsDay {
            date: row.date,
            rolling_7d: row.rolling_7d,
            sums: same.and_then(|sums| sums.get(&row.date).copied()),
        })
        .collect()
}

#[cfg(test)]
mod tests;
