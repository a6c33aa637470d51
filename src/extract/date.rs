//! Publication dates: the three accepted spellings, and the calendar date in a time zone.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Years outside this range are typos or sentinels (year 0, 9999), not news dates.
const FIRST_YEAR: i32 = 1970;
const LAST_YEAR: i32 = 2199;

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

/// Parses RFC 3339 with an offset, `YYYY-MM-DD`, or Alpha Vantage's `YYYYMMDDTHHMMSS` (UTC).
pub fn parse_published(text: &str) -> Result<Published, String> {
    let s = text.trim();
    let published = if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        Published {
            utc: dt.with_timezone(&Utc),
            date_only: false,
        }
    } else if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Published::from_date(date)
    } else if let Some(naive) = parse_alpha_vantage(s) {
        Published {
            utc: Utc.from_utc_datetime(&naive),
            date_only: false,
        }
    } else if NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").is_ok()
    {
        return Err(format!(
            "date '{s}' has no UTC offset: add one (e.g. {s}Z or {s}-04:00)"
        ));
    } else {
        return Err(format!(
            "date '{s}' is not RFC 3339 with offset, YYYY-MM-DD or YYYYMMDDTHHMMSS"
        ));
    };
    let year = published.utc.year();
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(format!(
            "date '{s}' is outside the years {FIRST_YEAR}..={LAST_YEAR}"
        ));
    }
    Ok(published)
}

/// `20250526T143000` (and `20250526T1430`, which Alpha Vantage's query parameters use).
fn parse_alpha_vantage(s: &str) -> Option<NaiveDateTime> {
    match s.len() {
        15 => NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").ok(),
        13 => NaiveDateTime::parse_from_str(&format!("{s}00"), "%Y%m%dT%H%M%S").ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn offset_moves_the_utc_date() {
        let p = parse_published("2025-04-01T22:30:00-04:00").unwrap();
        assert_eq!(p.local_date(Tz::UTC), date("2025-04-02"));
        assert_eq!(
            p.local_date(chrono_tz::America::New_York),
            date("2025-04-01")
        );
    }

    #[test]
    fn zulu_and_alpha_vantage_are_utc() {
        let z = parse_published("2025-05-26T14:30:00Z").unwrap();
        let av = parse_published("20250526T143000").unwrap();
        assert_eq!(z, av);
        assert!(!av.date_only);
        assert_eq!(parse_published("20250526T1430").unwrap().utc, av.utc);
    }

    #[test]
    fn plain_date_keeps_its_day_in_every_zone() {
        let p = parse_published("2025-05-26").unwrap();
        assert!(p.date_only);
        assert_eq!(p.local_date(chrono_tz::Asia::Tokyo), date("2025-05-26"));
        assert_eq!(
            p.local_date(chrono_tz::America::Los_Angeles),
            date("2025-05-26")
        );
    }

    #[test]
    fn rejects_garbage_naive_and_absurd_years() {
        assert!(parse_published("yesterday").is_err());
        assert!(parse_published("2025-02-30").is_err());
        assert!(parse_published("2025-05-26T14:30:00")
            .unwrap_err()
            .contains("no UTC offset"));
        assert!(parse_published("0000-01-01").is_err());
        assert!(parse_published("9999-12-31").is_err());
    }
}

/// The first date written in a text: `2025-05-28`, `May 28, 2025`, `28 May 2025`
/// (month names full or abbreviated).
pub fn find_date_in_text(text: &str) -> Option<NaiveDate> {
    use regex::Regex;
    use std::sync::OnceLock;
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    const MONTH: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    let re = PATTERN.get_or_init(|| {
        Regex::new(&format!(
            r"\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b|\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b|\b(\d{{1,2}})\s+{MONTH}\s+(\d{{4}})\b"
        ))
        .unwrap_or_else(|e| panic!("date pattern: {e}"))
    });
    let month_number = |m: &str| -> Option<u32> {
        let key = m.get(..3)?.to_ascii_lowercase();
        let months = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        months.iter().position(|x| *x == key).map(|i| i as u32 + 1)
    };
    for c in re.captures_iter(text) {
        let parsed = if let (Some(y), Some(m), Some(d)) = (c.get(1), c.get(2), c.get(3)) {
            NaiveDate::from_ymd_opt(
                y.as_str().parse().ok()?,
                m.as_str().parse().ok()?,
                d.as_str().parse().ok()?,
            )
        } else if let (Some(m), Some(d), Some(y)) = (c.get(4), c.get(5), c.get(6)) {
            NaiveDate::from_ymd_opt(
                y.as_str().parse().ok()?,
                month_number(m.as_str())?,
                d.as_str().parse().ok()?,
            )
        } else if let (Some(d), Some(m), Some(y)) = (c.get(7), c.get(8), c.get(9)) {
            NaiveDate::from_ymd_opt(
                y.as_str().parse().ok()?,
                month_number(m.as_str())?,
                d.as_str().parse().ok()?,
            )
        } else {
            None
        };
        if let Some(date) = parsed.filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year())) {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod text_date_tests {
    use super::*;

    #[test]
    fn dates_written_in_text() {
        let d = NaiveDate::from_ymd_opt(2025, 5, 28);
        assert_eq!(find_date_in_text("Published May 28, 2025 by x"), d);
        assert_eq!(find_date_in_text("on 28 May 2025."), d);
        assert_eq!(find_date_in_text("Updated 2025-05-28 14:00"), d);
        assert_eq!(
            find_date_in_text("Sept. 3rd, 2024"),
            NaiveDate::from_ymd_opt(2024, 9, 3)
        );
        assert_eq!(find_date_in_text("in 2023 revenue was 5"), None);
        assert_eq!(find_date_in_text("2025-02-30 is no date"), None);
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

    fn at(s: &str) -> i64 {
        parse_published(s).unwrap().utc.timestamp_micros()
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
