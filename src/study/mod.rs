//! `tickertone study`: does a day's sentiment come before its companies' returns? From the
//! daily rows of a window (the factor: each company's `mean_sentiment` of a day) and daily
//! closes: the cross-sectional information coefficient per horizon ([`ic`]), the mean
//! forward return by quintile of sentiment ([`ic`]), an event study around unusual days
//! ([`events`]) and per company the time-series correlation ([`correlations`]).
//!
//! Every number is computed from closes as given, never filled: a company without a close
//! on a day is left out of that day, and counted ([`Coverage`]). A trading day is a date
//! on which at least one of the study's series (its companies and the benchmark) has a
//! close ([`Calendar`]); forward returns count trading days on that calendar.

pub mod correlations;
pub mod events;
pub mod ic;
mod page;
pub mod rank;
mod write;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::aggregate::{DailyRow, Window};
use crate::prices::Closes;

pub use write::{write_study, STUDY_PREFIX};

/// Fewest companies with news and a forward return for a day's IC (and quintiles).
pub const MIN_COMPANIES: usize = 5;
/// Fewer IC days than this and the study says its numbers mean little.
pub const FEW_DAYS: usize = 20;
/// Quantiles of a day's sentiment (quintiles).
pub const QUANTILES: usize = 5;
/// The horizons when none are asked (trading days).
pub const DEFAULT_HORIZONS: [u32; 3] = [1, 5, 20];

/// What a study is computed from.
pub struct StudyInput<'a> {
    pub window: Window,
    /// The window's daily rows, sorted by company then date (as `Aggregates::daily`).
    pub daily: &'a [DailyRow],
    /// Closes per company (or sector, `--by sector`).
    pub closes: &'a HashMap<String, Closes>,
    /// The benchmark's ticker and closes, when there are any.
    pub benchmark: Option<(String, &'a Closes)>,
    /// Horizons in trading days, ascending, without repeats.
    pub horizons: Vec<u32>,
    /// "company" or "sector": what the rows are.
    pub grouping: &'static str,
    /// `--by sector`: companies with news in the window that the symbol table gives no
    /// sector (not in any sector's rows).
    pub without_sector: usize,
}

/// "companies" or "sectors": the rows of a study by `grouping`, in the plural.
pub fn plural(grouping: &str) -> &'static str {
    if grouping == "sector" {
        "sectors"
    } else {
        "companies"
    }
}

/// A study's results.
pub struct Study {
    pub window: Window,
    pub grouping: &'static str,
    pub horizons: Vec<u32>,
    pub benchmark: Option<String>,
    pub ic: Vec<ic::HorizonIc>,
    pub quantiles: Vec<ic::HorizonQuantiles>,
    pub events: events::EventStudy,
    pub correlations: Vec<correlations::CompanyCorrelation>,
    pub coverage: Coverage,
}

/// What the study could and could not use, counted (never filled in).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// Companies (or sectors) with news in the window.
    pub companies: usize,
    /// `--by sector`: companies with news but no sector, left out of every sector.
    pub without_sector: usize,
    /// Those without a single close: left out of everything.
    pub without_closes: Vec<String>,
    /// (company, day) rows with news in the window.
    pub news_days: usize,
    /// Rows dated on a day that is no trading day (a weekend without `--session-close`):
    /// not in the IC or the quintiles (the time-series correlations use them).
    pub not_trading_days: usize,
    /// Rows on a trading day without the company's close that day.
    pub no_close_that_day: usize,
    /// Per horizon: rows whose horizon runs past the last close (left out).
    pub past_last_close: Vec<(u32, usize)>,
    /// The first and last trading day of the closes.
    pub first_close: Option<NaiveDate>,
    pub last_close: Option<NaiveDate>,
}

/// The trading days: every date with a close in any of the study's series, in order.
pub struct Calendar {
    pub days: Vec<NaiveDate>,
}

impl Calendar {
    pub fn of<'a>(series: impl IntoIterator<Item = &'a Closes>) -> Calendar {
        let mut days = BTreeSet::new();
        for closes in series {
            days.extend(closes.keys().copied());
        }
        Calendar {
            days: days.into_iter().collect(),
        }
    }

    /// The index of `day` when it is a trading day.
    pub fn index(&self, day: NaiveDate) -> Option<usize> {
        self.days.binary_search(&day).ok()
    }

    /// The index of the latest trading day on or before `day`.
    pub fn at_or_before(&self, day: NaiveDate) -> Option<usize> {
        self.days.partition_point(|d| *d <= day).checked_sub(1)
    }

    /// The index of the first trading day on or after `day`.
    pub fn at_or_after(&self, day: NaiveDate) -> Option<usize> {
        let i = self.days.partition_point(|d| *d < day);
        (i < self.days.len()).then_some(i)
    }

    /// `closes`' close on trading day `i` (never another day's).
    pub fn close(&self, closes: &Closes, i: usize) -> Option<f64> {
        closes.get(self.days.get(i)?).copied()
    }

    /// The return from the close of trading day `i` to that of `i + h`: both must exist.
    pub fn forward_return(&self, closes: &Closes, i: usize, h: usize) -> Option<f64> {
        let start = self.close(closes, i)?;
        let end = self.close(closes, i.checked_add(h)?)?;
        Some(end / start - 1.0)
    }
}

/// Computes the whole study.
pub fn compute(input: &StudyInput) -> Study {
    let calendar = Calendar::of(
        input
            .closes
            .values()
            .chain(input.benchmark.as_ref().map(|(_, c)| *c)),
    );
    let coverage = coverage(input, &calendar);
    let (ic, quantiles): (Vec<_>, Vec<_>) = input
        .horizons
        .iter()
        .map(|&h| ic::horizon(input, &calendar, h as usize))
        .unzip();
    Study {
        window: input.window,
        grouping: input.grouping,
        horizons: input.horizons.clone(),
        benchmark: input.benchmark.as_ref().map(|(t, _)| t.clone()),
        ic,
        quantiles,
        events: events::study(input, &calendar),
        correlations: correlations::per_company(input, &calendar),
        coverage,
    }
}

fn coverage(input: &StudyInput, calendar: &Calendar) -> Coverage {
    let mut c = Coverage {
        first_close: calendar.days.first().copied(),
        last_close: calendar.days.last().copied(),
        past_last_close: input.horizons.iter().map(|&h| (h, 0)).collect(),
        without_sector: input.without_sector,
        ..Coverage::default()
    };
    for run in input.daily.chunk_by(|a, b| a.company == b.company) {
        c.companies += 1;
        let closes = input.closes.get(&run[0].company);
        if closes.is_none_or(|cl| cl.is_empty()) {
            c.without_closes.push(run[0].company.clone());
        }
        for row in run {
            c.news_days += 1;
            let Some(i) = calendar.index(row.date) else {
                c.not_trading_days += 1;
                continue;
            };
            let Some(closes) = closes.filter(|cl| cl.contains_key(&row.date)) else {
                c.no_close_that_day += 1;
                continue;
            };
            let _ = closes;
            for (h, past) in &mut c.past_last_close {
                if i + *h as usize >= calendar.days.len() {
                    *past += 1;
                }
            }
        }
    }
    c
}

/// Parses `--horizons 1,5,20`: whole trading days from 1 to 250, sorted, without repeats.
pub fn parse_horizons(text: &str) -> Result<Vec<u32>, String> {
    let mut out = BTreeSet::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<u32>() {
            Ok(h) if (1..=250).contains(&h) => {
                out.insert(h);
            }
            _ => {
                return Err(format!(
                    "'{part}' is not a horizon: give trading days from 1 to 250, e.g. --horizons 1,5,20"
                ))
            }
        }
    }
    if out.is_empty() {
        return Err("no horizon given: e.g. --horizons 1,5,20".into());
    }
    Ok(out.into_iter().collect())
}

#[cfg(test)]
pub(crate) mod tests;
