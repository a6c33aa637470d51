//! Report-time dating: a stored publication → its calendar date in a time zone, or its
//! trading day. Parsing the dates sources write is [`crate::published`], at ingest.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// When an article was published. A date-only input (`2025-05-26`) has no time of day and no
/// zone, so it keeps its calendar date whatever `--tz` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// The instant, in UTC; midnight UTC for a date-only input.
    pub utc: DateTime<Utc>,
    pub date_only: bool,
}

impl Published {
    pub fn from_date(date: NaiveDate) -> Self {
        Published {
            utc: Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default()),
            date_only: true,
        }
    }

    /// The calendar date of this publication in `tz`.
    pub fn local_date(&self, tz: Tz) -> NaiveDate {
        local_date(self.utc.timestamp_micros(), self.date_only, tz)
    }
}

/// The calendar date of a stored publication (`published_at` in µs since the epoch, UTC).
pub fn local_date(utc_micros: i64, date_only: bool, tz: Tz) -> NaiveDate {
    let utc = DateTime::<Utc>::from_timestamp_micros(utc_micros).unwrap_or_default();
    if date_only {
        utc.date_naive()
    } else {
        utc.with_timezone(&tz).date_naive()
    }
}

/// How a report dates a publication: the calendar date in a time zone, or, with a session
/// close, the trading day: news at or after the close counts for the next day, and news on
/// a Saturday or Sunday for the Monday after (market holidays are not known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dating {
    pub tz: Tz,
    pub session_close: Option<chrono::NaiveTime>,
}

impl Dating {
    pub fn calendar(tz: Tz) -> Self {
        Dating {
            tz,
            session_close: None,
        }
    }

    /// The date of a stored publication (`published_at` in µs since the epoch, UTC).
    pub fn date_of(&self, utc_micros: i64, date_only: bool) -> NaiveDate {
        let Some(close) = self.session_close else {
            return local_date(utc_micros, date_only, self.tz);
        };
        let utc = DateTime::<Utc>::from_timestamp_micros(utc_micros).unwrap_or_default();
        let mut day = if date_only {
            utc.date_naive()
        } else {
            let local = utc.with_timezone(&self.tz);
            if local.time() >= close {
                local.date_naive() + chrono::Duration::days(1)
            } else {
                local.date_naive()
            }
        };
        while matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
            day += chrono::Duration::days(1);
        }
        day
    }
}

#[cfg(test)]
mod trading_day_tests {
    use super::*;
    use crate::published::parse_published;

    fn at(s: &str) -> i64 {
        parse_published(s, None).unwrap().utc.timestamp_micros()
    }

    #[test]
    fn session_close_and_weekends() {
        let d = Dating {
            tz: chrono_tz::America::New_York,
            session_close: chrono::NaiveTime::from_hms_opt(16, 0, 0),
        };
        let day = |s: &str| d.date_of(at(s), false).to_string();
        // Thursday 2025-05-22.
        assert_eq!(day("2025-05-22T15:59:00-04:00"), "2025-05-22");
        assert_eq!(day("2025-05-22T16:00:00-04:00"), "2025-05-23");
        // Friday evening, Saturday, Sunday → Monday 2025-05-26.
        assert_eq!(day("2025-05-23T18:30:00-04:00"), "2025-05-26");
        assert_eq!(day("2025-05-24T10:00:00-04:00"), "2025-05-26");
        assert_eq!(day("2025-05-25T23:00:00Z"), "2025-05-26");
        // In UTC terms 2025-05-23T01:00Z is Thursday 21:00 in New York: after the close.
        assert_eq!(day("2025-05-23T01:00:00Z"), "2025-05-23");
        // A plain Saturday date rolls to Monday; a plain Friday date stays.
        assert_eq!(d.date_of(at("2025-05-24"), true).to_string(), "2025-05-26");
        assert_eq!(d.date_of(at("2025-05-23"), true).to_string(), "2025-05-23");
    }
}
