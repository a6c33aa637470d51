//! Publication dates as sources write them → [`Published`], at ingest. Report-time dating
//! (a stored instant → a calendar or trading day) is [`crate::date`].
//!
//! Accepted: RFC 3339 (also with a space for `T`, offsets as `+0000` or `+00`, a trailing
//! `UTC`/`GMT`), RFC 2822 (RSS), Alpha Vantage's `YYYYMMDDTHHMMSS` (UTC), Unix seconds and
//! milliseconds, and dates alone (`2025-05-26`, `Aug 17, 2022`, `17 Aug 2022`, `6/1/2020`,
//! US month first). A date and time with no offset is never guessed: `--input-tz` names its
//! zone, else it is rejected. Relative dates (`14 hours ago`) are rejected.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use regex::Regex;

use crate::date::Published;

/// Years outside this range are typos or sentinels (year 0, 9999), not news dates. The year
/// is the date's as written (`2199-12-31T23:59:59-05:00` is in 2199, though 2200 in UTC).
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = 2199;

/// `Err` with the reason when `date`'s year is outside [`FIRST_YEAR`]..=[`LAST_YEAR`]
/// (`--date` obeys the rule that dates in records do).
pub fn check_year(date: NaiveDate) -> Result<(), String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(format!(
            "{date} is outside the years {FIRST_YEAR}..={LAST_YEAR}"
        ))
    }
}

/// Date-and-time spellings with an offset (after `T`/space normalisation).
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M%#z",
    "%Y-%m-%dT%H:%M:%S%.f %#z",
];

/// Date-and-time spellings without an offset: they need `--input-tz`.
const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %H:%M",
    "%b %d, %Y %I:%M %p",
];

/// Dates alone; month names in any case.
const DATE_ONLY: &[&str] = &[
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %b %Y",
    "%d %b, %Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%a, %b %d, %Y",
    "%A, %B %d, %Y",
];

/// Parses a publication date; `input_tz` is the zone of dates written without an offset.
/// The error is the rejection reason, with the fix.
pub fn parse_published(text: &str, input_tz: Option<Tz>) -> Result<Published, String> {
    let s = text.trim();
    let (published, year) = match parse_any(s, input_tz)? {
        Parsed::Instant(utc, written_year) => (
            Published {
                utc: without_leap_second(utc),
                date_only: false,
            },
            written_year,
        ),
        Parsed::Date(date) => (Published::from_date(date), date.year()),
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(format!(
            "date '{s}' is outside the years {FIRST_YEAR}..={LAST_YEAR}"
        ));
    }
    Ok(published)
}

enum Parsed {
    /// The instant, and its year as written (in its own offset or zone).
    Instant(DateTime<Utc>, i32),
    Date(NaiveDate),
}

/// An instant and its year where it was written.
fn instant<Z: TimeZone>(written: DateTime<Z>) -> Parsed {
    Parsed::Instant(written.with_timezone(&Utc), written.year())
}

/// A leap second (`23:59:60`, which chrono keeps as a nanosecond count past one second)
/// as the last instant of its minute: stored as it is, it would count into the next day.
fn without_leap_second(utc: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    if utc.nanosecond() >= 1_000_000_000 {
        utc.with_nanosecond(999_999_999).unwrap_or(utc)
    } else {
        utc
    }
}

fn parse_any(s: &str, input_tz: Option<Tz>) -> Result<Parsed, String> {
    if s.is_empty() {
        return Err("the date is empty".into());
    }
    // The common case first (every JSON feed writes RFC 3339): nothing relative or Unix
    // parses as RFC 3339, so the checks below cannot disagree with it.
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(instant(dt));
    }
    if is_relative(s) {
        return Err(format!(
            "date '{s}' is relative to when the page was saved, which is not known: \
             give an absolute date, or pass --date YYYY-MM-DD"
        ));
    }
    if let Some(epoch) = unix_time(s) {
        return epoch;
    }
    let iso = iso_spelling(s);
    for format in WITH_OFFSET {
        if let Ok(dt) = DateTime::parse_from_str(&iso, format) {
            return Ok(instant(dt));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Ok(instant(dt));
    }
    // Feeds get the weekday wrong now and then ("Wed, 26 Nov 2026" is a Thursday): the date
    // after it is what they mean, as feed readers take it.
    if let Some((_, rest)) = s.split_once(", ").filter(|(day, _)| is_weekday(day)) {
        if let Ok(dt) = DateTime::parse_from_rfc2822(rest) {
            return Ok(instant(dt));
        }
    }
    if let Some(naive) = parse_alpha_vantage(s) {
        return Ok(instant(Utc.from_utc_datetime(&naive)));
    }
    let spaced = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for format in DATE_ONLY {
        if let Ok(date) = NaiveDate::parse_from_str(&spaced, format) {
            return Ok(Parsed::Date(date));
        }
    }
    let naive = NAIVE.iter().find_map(|format| {
        NaiveDateTime::parse_from_str(&iso, format)
            .or_else(|_| NaiveDateTime::parse_from_str(&spaced, format))
            .ok()
    });
    match (naive, input_tz) {
        (Some(naive), Some(tz)) => localize(s, naive, tz).map(instant),
        (Some(_), None) => Err(format!(
            "date '{s}' has no UTC offset: pass --input-tz ZONE (e.g. America/New_York) \
             to say which zone it is in, or write it with an offset"
        )),
        (None, _) => Err(format!(
            "date '{s}' is not a date tickertone reads (RFC 3339, RFC 2822, \
             YYYY-MM-DD[ HH:MM:SS±HH:MM], Unix seconds, 'Aug 17, 2022', 6/1/2020)"
        )),
    }
}

/// `2020-06-05 10:30:00 UTC` → `2020-06-05T10:30:00+00:00`: the ISO forms people write,
/// spelled for the strict formats.
fn iso_spelling(s: &str) -> String {
    let mut out = s.to_string();
    if out.len() > 10 && out.is_char_boundary(10) && out.is_char_boundary(11) {
        let (date, rest) = out.split_at(10);
        if rest.starts_with(' ') && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() {
            out = format!("{date}T{}", rest.trim_start());
        }
    }
    for zone in [" UTC", " GMT", "UTC", "GMT", "Z", "z"] {
        if let Some(stripped) = out.strip_suffix(zone) {
            if stripped.contains('T') {
                return format!("{}+00:00", stripped.trim_end());
            }
        }
    }
    out
}

/// A naive date and time in `tz`. In the hour a clock goes back the earlier instant is
/// taken; a time in the hour it skips does not exist and is rejected.
fn localize(s: &str, naive: NaiveDateTime, tz: Tz) -> Result<DateTime<Tz>, String> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => Ok(dt),
        LocalResult::None => Err(format!(
            "date '{s}' does not exist in {tz} (the clocks skip it)"
        )),
    }
}

/// Unix seconds (9–11 digits) or milliseconds (12–14 digits), as Finnhub sends them.
fn unix_time(s: &str) -> Option<Result<Parsed, String>> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let value: i64 = whole.parse().ok()?;
    let utc = match whole.len() {
        9..=11 => DateTime::<Utc>::from_timestamp(value, 0),
        12..=14 => DateTime::<Utc>::from_timestamp_millis(value),
        _ => {
            return Some(Err(format!(
                "date '{s}' is a number but neither Unix seconds nor milliseconds"
            )))
        }
    };
    Some(
        utc.map(instant)
            .ok_or_else(|| format!("date '{s}' is out of range")),
    )
}

/// `14 HOURS AGO`, `yesterday`, `just now`: dates relative to an unknown moment.
fn is_relative(s: &str) -> bool {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    PATTERN
        .get_or_init(|| {
            Regex::new(
                r"(?i)^(?:(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mos?|months?|y|yrs?|years?)\s+ago|yesterday|today|just now|now)$",
            )
            .ok()
        })
        .as_ref()
        .is_some_and(|re| re.is_match(s))
}

fn is_weekday(word: &str) -> bool {
    word.parse::<chrono::Weekday>().is_ok()
}

/// `20250526T143000` (and `20250526T1430`, which Alpha Vantage's query parameters use).
fn parse_alpha_vantage(s: &str) -> Option<NaiveDateTime> {
    match s.len() {
        15 => NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").ok(),
        13 => NaiveDateTime::parse_from_str(&format!("{s}00"), "%Y%m%dT%H%M%S").ok(),
        _ => None,
    }
}

/// The first date written in a text: `2025-05-28`, `May 28, 2025`, `28 May 2025`
/// (month names full or abbreviated).
pub fn find_date_in_text(text: &str) -> Option<NaiveDate> {
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
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn utc(s: &str) -> String {
        parse_published(s, None).unwrap().utc.to_rfc3339()
    }

    #[test]
    fn offset_moves_the_utc_date() {
        let p = parse_published("2025-04-01T22:30:00-04:00", None).unwrap();
        assert_eq!(p.local_date(Tz::UTC), date("2025-04-02"));
        assert_eq!(
            p.local_date(chrono_tz::America::New_York),
            date("2025-04-01")
        );
    }

    #[test]
    fn zulu_and_alpha_vantage_are_utc() {
        let z = parse_published("2025-05-26T14:30:00Z", None).unwrap();
        let av = parse_published("20250526T143000", None).unwrap();
        assert_eq!(z, av);
        assert!(!av.date_only);
        assert_eq!(parse_published("20250526T1430", None).unwrap().utc, av.utc);
    }

    #[test]
    fn plain_date_keeps_its_day_in_every_zone() {
        let p = parse_published("2025-05-26", None).unwrap();
        assert!(p.date_only);
        assert_eq!(p.local_date(chrono_tz::Asia::Tokyo), date("2025-05-26"));
        assert_eq!(
            p.local_date(chrono_tz::America::Los_Angeles),
            date("2025-05-26")
        );
    }

    #[test]
    fn rejects_garbage_naive_and_absurd_years() {
        assert!(parse_published("yesterday", None).is_err());
        assert!(parse_published("2025-02-30", None).is_err());
        assert!(parse_published("2025-05-26T14:30:00", None)
            .unwrap_err()
            .contains("--input-tz"));
        assert!(parse_published("0000-01-01", None).is_err());
        assert!(parse_published("9999-12-31", None).is_err());
        assert!(parse_published("", None).is_err());
    }

    #[test]
    fn the_year_is_the_one_written_and_a_leap_second_keeps_its_day() {
        let last = parse_published("2199-12-31T23:59:59-05:00", None).unwrap();
        assert_eq!(last.utc.to_rfc3339(), "2200-01-01T04:59:59+00:00");
        assert!(parse_published("2200-01-01T03:00:00+05:00", None).is_err());
        assert!(parse_published("1969-12-31T23:00:00-05:00", None).is_err());
        let leap = parse_published("2016-12-31T23:59:60Z", None).unwrap();
        assert_eq!(leap.local_date(Tz::UTC), date("2016-12-31"));
        assert!(leap.utc.timestamp_micros() < 1_483_228_800_000_000);
        assert!(check_year(date("2199-12-31")).is_ok());
        assert!(check_year(date("2200-01-01"))
            .unwrap_err()
            .contains("1970..=2199"));
        assert!(check_year(date("0000-01-01")).is_err());
    }

    #[test]
    fn iso_as_exports_write_it() {
        let want = "2020-06-05T14:30:00+00:00";
        assert_eq!(utc("2020-06-05 10:30:00-04:00"), want);
        assert_eq!(utc("2020-06-05T10:30:00-0400"), want);
        assert_eq!(utc("2020-06-05 14:30:00 UTC"), want);
        assert_eq!(utc("2020-06-05 14:30:00Z"), want);
        assert_eq!(utc("2020-06-05T14:30:00+00"), want);
        assert_eq!(utc("2020-06-05T14:30-00:00"), want);
        assert_eq!(
            utc("2024-03-05T14:30:00.123456Z"),
            "2024-03-05T14:30:00.123456+00:00"
        );
        assert_eq!(
            utc("2024-03-05 14:30:00.5+01:00"),
            "2024-03-05T13:30:00.500+00:00"
        );
    }

    #[test]
    fn rss_dates_are_rfc_2822() {
        assert_eq!(
            utc("Tue, 05 Mar 2024 14:30:00 GMT"),
            "2024-03-05T14:30:00+00:00"
        );
        assert_eq!(
            utc("Tue, 5 Mar 2024 09:30:00 -0500"),
            "2024-03-05T14:30:00+00:00"
        );
        assert_eq!(
            utc("5 Mar 2024 14:30:00 +0000"),
            "2024-03-05T14:30:00+00:00"
        );
    }

    #[test]
    fn unix_seconds_and_milliseconds() {
        assert_eq!(utc("1709649000"), "2024-03-05T14:30:00+00:00");
        assert_eq!(utc("1709649000000"), "2024-03-05T14:30:00+00:00");
        assert_eq!(utc("1709649000000.0"), "2024-03-05T14:30:00+00:00");
        assert!(parse_published("20240305", None).is_err());
        assert!(parse_published("99999999999999", None).is_err());
    }

    #[test]
    fn dates_written_with_month_names_or_slashes() {
        for (text, want) in [
            ("AUG 17, 2022", "2022-08-17"),
            ("Aug 17 2022", "2022-08-17"),
            ("17 Aug 2022", "2022-08-17"),
            ("August 17, 2022", "2022-08-17"),
            ("aug  17,  2022", "2022-08-17"),
            ("6/1/2020", "2020-06-01"),
            ("06/01/2020", "2020-06-01"),
        ] {
            let p = parse_published(text, None).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert!(p.date_only, "{text}");
            assert_eq!(p.utc.date_naive(), date(want), "{text}");
        }
    }

    #[test]
    fn naive_times_need_the_input_zone() {
        let ny = Some(chrono_tz::America::New_York);
        for text in ["6/1/2020 0:00", "2020-06-01 00:00:00", "2020-06-01T00:00"] {
            let err = parse_published(text, None).unwrap_err();
            assert!(err.contains("--input-tz"), "{text}: {err}");
            let p = parse_published(text, ny).unwrap();
            assert_eq!(p.utc.to_rfc3339(), "2020-06-01T04:00:00+00:00", "{text}");
        }
        // 02:30 on 2024-03-10 never happened in New York.
        assert!(parse_published("2024-03-10 02:30:00", ny)
            .unwrap_err()
            .contains("does not exist"));
        // An offset written in the text wins over the input zone.
        assert_eq!(
            parse_published("2020-06-01T00:00:00Z", ny)
                .unwrap()
                .utc
                .to_rfc3339(),
            "2020-06-01T00:00:00+00:00"
        );
    }

    #[test]
    fn relative_dates_say_so() {
        for text in [
            "14 HOURS AGO",
            "3 days ago",
            "an hour ago",
            "Yesterday",
            "5m ago",
        ] {
            let err = parse_published(text, None).unwrap_err();
            assert!(err.contains("relative"), "{text}: {err}");
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;

    proptest::proptest! {
        /// No string makes date parsing panic, and every date it accepts is in range (its
        /// UTC instant at most an offset away: a year's first or last hours).
        #[test]
        fn any_text_is_a_date_or_a_reason(
            text in "([0-9]{0,15}|[0-9T:. +\\-/,ZzAaMmPpUuGg]{0,30}|(Aug|AUG|Sept|May) [0-9]{1,2},? [0-9]{4}.{0,6}|.{0,30})",
        ) {
            for zone in [None, Some(chrono_tz::America::New_York)] {
                if let Ok(p) = parse_published(&text, zone) {
                    let first = Utc.with_ymd_and_hms(FIRST_YEAR, 1, 1, 0, 0, 0).unwrap();
                    let last = Utc.with_ymd_and_hms(LAST_YEAR + 1, 1, 1, 0, 0, 0).unwrap();
                    let day = chrono::Duration::days(1);
                    proptest::prop_assert!(p.utc >= first - day && p.utc < last + day);
                }
            }
        }
    }
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
