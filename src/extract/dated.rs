//! How far ahead an article may be dated: at most a day after the run's clock, unless
//! `--allow-future` says a backfill of scheduled items is meant. One typo'd year (2062)
//! would otherwise make the default report's window end there, every day.

use chrono::{DateTime, Duration, Utc};

use super::ParseOptions;
use tickertone_text::date::Published;

/// The latest publication an ingest whose clock reads `now` records.
pub fn latest_allowed(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::days(1)
}

/// `Err` with the reason when `published` is after `opts.not_after`. A plain date counts
/// from its earliest start, midnight at UTC+14, so that a date that is already today
/// somewhere is never refused.
pub fn check_not_future(published: &Published, opts: &ParseOptions) -> Result<(), String> {
    let Some(limit) = opts.not_after else {
        return Ok(());
    };
    let earliest = match published.date_only {
        true => published.utc - Duration::hours(14),
        false => published.utc,
    };
    if earliest <= limit {
        return Ok(());
    }
    let shown = match published.date_only {
        true => published.utc.format("%Y-%m-%d").to_string(),
        false => published.utc.format("%Y-%m-%d %H:%M UTC").to_string(),
    };
    Err(format!(
        "published_at: {shown} is more than a day after this run's clock ({}): a typo? \
         Pass --allow-future to record articles dated ahead (a backfill of scheduled items)",
        (limit - Duration::days(1)).format("%Y-%m-%d %H:%M UTC")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    #[test]
    fn a_day_ahead_passes_and_further_is_refused() {
        let now = Utc.with_ymd_and_hms(2026, 1, 5, 23, 0, 0).unwrap();
        let opts = ParseOptions {
            not_after: Some(latest_allowed(now)),
            ..Default::default()
        };
        let at = |h: i64| Published {
            utc: now + Duration::hours(h),
            date_only: false,
        };
        let day = |d: &str| Published::from_date(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        assert!(check_not_future(&at(24), &opts).is_ok());
        let why = check_not_future(&at(25), &opts).unwrap_err();
        assert!(
            why.contains("--allow-future") && why.contains("2026-01-07 00:00 UTC"),
            "{why}"
        );
        // 2026-01-07 is already under way at UTC+14 a day from now.
        assert!(check_not_future(&day("2026-01-07"), &opts).is_ok());
        assert!(check_not_future(&day("2026-01-08"), &opts).is_err());
        assert!(check_not_future(&day("2062-01-05"), &ParseOptions::default()).is_ok());
    }
}
