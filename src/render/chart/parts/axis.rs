//! The date axis: which dates get a label, where a day is in pixels, the labels.

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use plotters::style::text_anchor::HPos;

use super::colour::{INK, MUTED};
use super::{text, Area, Canvas};
use crate::aggregate::Window;

/// `Aug 23 – Nov 20, 2026` (years on both ends when they differ).
pub fn span_label(window: Window) -> String {
    let (a, b) = (window.from, window.to);
    if a == b {
        b.format("%b %-d, %Y").to_string()
    } else if a.year() == b.year() {
        format!("{} – {}", a.format("%b %-d"), b.format("%b %-d, %Y"))
    } else {
        format!("{} – {}", a.format("%b %-d, %Y"), b.format("%b %-d, %Y"))
    }
}

pub fn days_in(window: Window) -> i64 {
    (window.to - window.from).num_days() + 1
}

/// One labelled date of a date axis; `year` is set under the first label and where the
/// year changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub date: NaiveDate,
    pub label: String,
    pub year: Option<String>,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Days(i64),
    Weeks(i64),
    HalfMonths,
    Months(u32),
    Years(i32),
}

impl Step {
    fn approx_days(self) -> f64 {
        match self {
            Step::Days(n) => n as f64,
            Step::Weeks(n) => 7.0 * n as f64,
            Step::HalfMonths => 15.2,
            Step::Months(n) => 30.4 * n as f64,
            Step::Years(n) => 365.25 * n as f64,
        }
    }

    fn hits(self, d: NaiveDate, from: NaiveDate) -> bool {
        match self {
            Step::Days(n) => (d - from).num_days() % n == 0,
            Step::Weeks(n) => {
                let first_monday =
                    from + Duration::days((7 - from.weekday().num_days_from_monday() as i64) % 7);
                d.weekday() == Weekday::Mon && ((d - first_monday).num_days() / 7) % n == 0
            }
            Step::HalfMonths => d.day() == 1 || d.day() == 15,
            Step::Months(n) => d.day() == 1 && d.month0().is_multiple_of(n),
            Step::Years(n) => d.day() == 1 && d.month() == 1 && d.year() % n == 0,
        }
    }
}

/// Dates a person reads at a glance: every day, every other day, Mondays, the 1st and 15th,
/// the 1st of (every n-th) month or of January, whichever is the finest with at most
/// `max` labels.
pub fn date_ticks(window: Window, max: usize) -> Vec<Tick> {
    const STEPS: [Step; 13] = [
        Step::Days(1),
        Step::Days(2),
        Step::Weeks(1),
        Step::Weeks(2),
        Step::HalfMonths,
        Step::Months(1),
        Step::Months(2),
        Step::Months(3),
        Step::Months(6),
        Step::Years(1),
        Step::Years(2),
        Step::Years(5),
        Step::Years(10),
    ];
    let span = days_in(window);
    let max = max.max(2);
    for step in STEPS {
        // Skip steps that are clearly too fine without walking the days.
        if span as f64 / step.approx_days() > max as f64 * 1.5 {
            continue;
        }
        let dates: Vec<NaiveDate> = window
            .from
            .iter_days()
            .take(span as usize)
            .filter(|d| step.hits(*d, window.from))
            .collect();
        if dates.len() > max {
            continue;
        }
        let mut last_year = None;
        return dates
            .into_iter()
            .map(|d| {
                let label = match step {
                    Step::Years(_) => d.format("%Y").to_string(),
                    Step::Months(_) => d.format("%b").to_string(),
                    _ => d.format("%b %-d").to_string(),
                };
                let year = match step {
                    Step::Years(_) => None,
                    _ if last_year != Some(d.year()) => Some(d.year().to_string()),
                    _ => None,
                };
                last_year = Some(d.year());
                Tick {
                    date: d,
                    label,
                    year,
                }
            })
            .collect();
    }
    Vec::new()
}

/// Day ↔ pixel: each day of the window is a column of `cell` pixels starting at `left`.
#[derive(Debug, Clone, Copy)]
pub struct DayScale {
    from: NaiveDate,
    left: f64,
    pub cell: f64,
}

impl DayScale {
    pub fn new(window: Window, left: i32, right: i32) -> Self {
        DayScale {
            from: window.from,
            left: left as f64,
            cell: (right - left) as f64 / days_in(window) as f64,
        }
    }

    pub fn index(&self, d: NaiveDate) -> i64 {
        (d - self.from).num_days()
    }

    /// The left edge of the column of the `i`-th day.
    pub fn edge(&self, i: i64) -> i32 {
        (self.left + i as f64 * self.cell).round() as i32
    }

    /// The middle of the day's column.
    pub fn x(&self, d: NaiveDate) -> f64 {
        self.left + (self.index(d) as f64 + 0.5) * self.cell
    }
}

/// Tick labels (and the year below the first and at changes of year) centred under their day.
pub fn draw_date_labels<DB: Canvas>(
    area: &Area<DB>,
    ticks: &[Tick],
    scale: &DayScale,
    y: i32,
) -> Result<()> {
    for t in ticks {
        let x = scale.x(t.date).round() as i32;
        text(area, &t.label, (x, y), 13.0, false, &INK, HPos::Center)?;
        if let Some(year) = &t.year {
            text(area, year, (x, y + 17), 12.0, false, &MUTED, HPos::Center)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(from: &str, to: &str) -> Window {
        Window {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
        }
    }

    fn labels(ticks: &[Tick]) -> Vec<String> {
        ticks.iter().map(|t| t.label.clone()).collect()
    }

    #[test]
    fn ninety_days_are_labelled_on_mondays() {
        let ticks = date_ticks(w("2026-08-23", "2026-11-20"), 13);
        assert_eq!(ticks.len(), 13);
        assert!(ticks.iter().all(|t| t.date.weekday() == Weekday::Mon));
        assert_eq!(ticks[0].label, "Aug 24");
        assert_eq!(ticks[0].year.as_deref(), Some("2026"));
        assert!(ticks[1..].iter().all(|t| t.year.is_none()));
    }

    #[test]
    fn tick_steps_grow_with_the_window() {
        assert_eq!(
            labels(&date_ticks(w("2026-01-01", "2026-01-05"), 12)),
            ["Jan 1", "Jan 2", "Jan 3", "Jan 4", "Jan 5"]
        );
        let half_year = date_ticks(w("2026-01-01", "2026-06-30"), 12);
        assert_eq!(
            labels(&half_year),
            [
                "Jan 1", "Jan 15", "Feb 1", "Feb 15", "Mar 1", "Mar 15", "Apr 1", "Apr 15",
                "May 1", "May 15", "Jun 1", "Jun 15"
            ]
        );
        let years = date_ticks(w("2025-11-01", "2027-02-01"), 12);
        assert_eq!(
            labels(&years),
            ["Nov", "Jan", "Mar", "May", "Jul", "Sep", "Nov", "Jan"]
        );
        assert_eq!(years[0].year.as_deref(), Some("2025"));
        assert_eq!(years[1].year.as_deref(), Some("2026"));
        assert_eq!(years[2].year, None);
        assert_eq!(years[7].year.as_deref(), Some("2027"));
        let decades = date_ticks(w("2000-01-01", "2030-01-01"), 12);
        assert_eq!(decades[0].label, "2000");
        assert!(decades.len() <= 12);
    }
}
