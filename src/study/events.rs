//! The event study: around each day with |`zscore_30d`| ≥ 2 in the window (an event,
//! positive or negative by the sign of its z-score), the company's abnormal return on each
//! trading day from [`BEFORE`] days before to [`AFTER`] days after: its close-to-close
//! return minus the benchmark's that day, or, without a benchmark, minus the mean return of
//! every company of the study with closes on both days. Day 0 is the event's date when it
//! is a trading day, else the first trading day after it. The cumulative abnormal return
//! (CAR) on day τ is the sum of the abnormal returns from day −5 to τ.
//!
//! An event counts only when all its abnormal returns exist (closes on every day from the
//! day before −5 to +20, for the company and the benchmark); the others are counted and
//! left out. Per sign and day: the mean AR, the mean CAR, its standard error (sample sd
//! over events / √events) and the number of events.

use chrono::NaiveDate;

use super::rank::{mean, std_error};
use super::{Calendar, StudyInput};

/// Trading days before day 0.
pub const BEFORE: usize = 5;
/// Trading days after day 0.
pub const AFTER: usize = 20;
/// |zscore_30d| from which a day is an event.
pub const EVENT_Z: f64 = 2.0;

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub company: String,
    pub date: NaiveDate,
    pub zscore: f64,
    /// Abnormal returns on days −5 … +20; `None` when the event was left out.
    pub abnormal: Option<Vec<f64>>,
}

/// The mean curve of one sign.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// "positive" or "negative".
    pub sign: &'static str,
    /// Per day −5 … +20: (day, mean AR, mean CAR, its standard error).
    pub days: Vec<(i32, f64, f64, Option<f64>)>,
    pub events: usize,
    /// Events of this sign left out (a window without every close).
    pub left_out: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventStudy {
    pub events: Vec<Event>,
    pub curves: Vec<Curve>,
    /// "benchmark SPY" or "the mean of the study's companies".
    pub against: String,
}

/// The day offsets, −5 … +20.
pub fn offsets() -> impl Iterator<Item = i32> {
    -(BEFORE as i32)..=AFTER as i32
}

pub fn study(input: &StudyInput, calendar: &Calendar) -> EventStudy {
    let market = |i: usize| -> Option<f64> {
        match &input.benchmark {
            Some((_, closes)) => daily_return(calendar, closes, i),
            None => {
                let returns: Vec<f64> = input
                    .closes
                    .values()
                    .filter_map(|c| daily_return(calendar, c, i))
                    .collect();
                mean(&returns)
            }
        }
    };
    let mut events = Vec::new();
    for row in input.daily {
        let Some(z) = row.zscore_30d.filter(|z| z.abs() >= EVENT_Z) else {
            continue;
        };
        let abnormal = (|| {
            let closes = input.closes.get(&row.company)?;
            let day0 = calendar.at_or_after(row.date)?;
            let first = day0.checked_sub(BEFORE)?;
            (first..=day0 + AFTER)
                .map(|i| Some(daily_return(calendar, closes, i)? - market(i)?))
                .collect::<Option<Vec<f64>>>()
        })();
        events.push(Event {
            company: row.company.clone(),
            date: row.date,
            zscore: z,
            abnormal,
        });
    }
    let curves = [("positive", true), ("negative", false)]
        .into_iter()
        .map(|(sign, positive)| {
            let of_sign: Vec<&Event> = events
                .iter()
                .filter(|e| (e.zscore > 0.0) == positive)
                .collect();
            let complete: Vec<&Vec<f64>> =
                of_sign.iter().filter_map(|e| e.abnormal.as_ref()).collect();
            let cars: Vec<Vec<f64>> = complete
                .iter()
                .map(|ar| {
                    ar.iter()
                        .scan(0.0, |sum, r| {
                            *sum += r;
                            Some(*sum)
                        })
                        .collect()
                })
                .collect();
            let days = if complete.is_empty() {
                Vec::new()
            } else {
                offsets()
                    .enumerate()
                    .map(|(k, day)| {
                        let ar: Vec<f64> = complete.iter().map(|a| a[k]).collect();
                        let car: Vec<f64> = cars.iter().map(|c| c[k]).collect();
                        (
                            day,
                            mean(&ar).unwrap_or(0.0),
                            mean(&car).unwrap_or(0.0),
                            std_error(&car),
                        )
                    })
                    .collect()
            };
            Curve {
                sign,
                days,
                events: complete.len(),
                left_out: of_sign.len() - complete.len(),
            }
        })
        .collect();
    EventStudy {
        events,
        curves,
        against: match &input.benchmark {
            Some((ticker, _)) => format!("benchmark {ticker}"),
            None => "the mean of the study's companies".into(),
        },
    }
}

/// The close-to-close return of trading day `i` (from the close of day `i − 1`).
fn daily_return(calendar: &Calendar, closes: &crate::prices::Closes, i: usize) -> Option<f64> {
    calendar.forward_return(closes, i.checked_sub(1)?, 1)
}
