//! The names of the files in the store's folder, decided in this one place: the writer,
//! compaction, the migration, the readers and the health check all go by these.
//!
//! The store is partitioned Hive style by the UTC month of `published_at`:
//! `mentions/month=YYYY-MM/part-<hash>.parquet`. A published file is `part-<hash>.parquet`,
//! its name a hash of what it holds, so the same batch always gets the same name. A file
//! being written is hidden (`.part-….tmp`): readers list only published names, so a rename
//! publishes a file whole. A store written before partitioning keeps its parts directly in
//! `mentions/` (flat) until the next ingest migrates them.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate};

/// The name of a published store file whose contents hash to `hash`.
pub(super) fn part(hash: blake3::Hash) -> String {
    format!("part-{}.parquet", &hash.to_hex().as_str()[..24])
}

/// Whether `name` is a published store file, the only files readers read.
pub(super) fn is_part(name: &str) -> bool {
    name.starts_with("part-") && name.ends_with(".parquet")
}

/// Whether `name` is exactly what [`part`] makes: `part-` and 24 lower-case hex digits.
pub(super) fn is_well_formed_part(name: &str) -> bool {
    name.strip_prefix("part-")
        .and_then(|n| n.strip_suffix(".parquet"))
        .is_some_and(|h| h.len() == 24 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// The hidden name of a store file being written; `tag` tells writers apart.
pub(super) fn temp(tag: &str) -> String {
    format!(".part-{tag}.tmp")
}

/// Whether `name` is a store file left half-written (see [`temp`]).
pub(super) fn is_temp(name: &str) -> bool {
    name.starts_with(".part-") && name.ends_with(".tmp")
}

/// The journal of a compaction under way (see `compact`), in the folder it compacts.
pub(super) const COMPACTION_JOURNAL: &str = ".compaction.json";

/// The journal of a migration from the flat layout under way (see `migrate`), in
/// `mentions/`.
pub(super) const MIGRATION_JOURNAL: &str = ".migration.json";

/// A calendar month (UTC): the store's partition key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u32,
}

const MICROS_PER_DAY: i64 = 86_400_000_000;

impl Month {
    /// The UTC month of an instant (µs since the epoch).
    pub fn of_micros(micros: i64) -> Month {
        let date = DateTime::from_timestamp_micros(micros)
            .map(|t| t.date_naive())
            .unwrap_or_else(|| {
                // Far outside chrono's range: clamp, the month only routes the row.
                if micros < 0 {
                    NaiveDate::MIN
                } else {
                    NaiveDate::MAX
                }
            });
        Month::of_date(date)
    }

    pub fn of_date(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first instant of the month (µs since the epoch, UTC).
    pub fn first_micros(self) -> i64 {
        let days = self.first_day().signed_duration_since(NaiveDate::default());
        days.num_days() * MICROS_PER_DAY
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The partition folder's name: `month=YYYY-MM`.
    pub fn folder(self) -> String {
        format!("month={self}")
    }

    /// The month of a partition folder named exactly `month=YYYY-MM`.
    pub fn parse_folder(name: &str) -> Option<Month> {
        let ym = name.strip_prefix("month=")?;
        let (y, m) = ym.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_names_are_recognised_and_temp_names_are_not_read() {
        let published = part(blake3::hash(b"ids"));
        assert!(is_part(&published) && !is_temp(&published));
        assert!(is_well_formed_part(&published));
        assert!(is_part("part-merged.parquet") && !is_well_formed_part("part-merged.parquet"));
        let writing = temp("123.0");
        assert!(is_temp(&writing) && !is_part(&writing));
        assert!(!is_part("notes.parquet"));
    }

    #[test]
    fn months_route_instants_and_name_their_folders() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros();
        let nov = Month::of_micros(at("2026-11-30T23:59:59.999999Z"));
        assert_eq!(nov.folder(), "month=2026-11");
        assert_eq!(Month::of_micros(at("2026-12-01T00:00:00Z")), nov.next());
        assert_eq!(nov.next().first_micros(), at("2026-12-01T00:00:00Z"));
        assert_eq!(Month::parse_folder("month=2026-11"), Some(nov));
        assert_eq!(nov.next().next().previous(), nov.next());
        assert_eq!(
            Month::parse_folder("month=2027-01"),
            Some(nov.next().next())
        );
        assert_eq!(
            Month::of_micros(at("1969-12-31T12:00:00Z")).to_string(),
            "1969-12"
        );
        for bad in [
            "month=2026-13",
            "month=2026-1",
            "month=26-11",
            "2026-11",
            "month=2026-11x",
        ] {
            assert_eq!(Month::parse_folder(bad), None, "{bad}");
        }
    }
}
