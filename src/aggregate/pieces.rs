//! The store read for a report one month partition at a time, as pieces of dates that
//! hold every mention dated in them (see [`super::Piece`]).
//!
//! A row dated `D` was published before midnight UTC of `D + 2` (the margins of
//! [`super::published_range`]). So once the partitions up to month `M` are read, every
//! date up to two days before `M + 1` begins is whole: those dates are a piece, and the rows
//! of later dates are carried into the next month's piece. Each partition is decoded once;
//! a day's rows keep the store's order (earlier partition first), as when read whole.

use std::ops::RangeInclusive;

use anyhow::Result;
use chrono::{Duration, NaiveDate};

use crate::aggregate::{self, MentionFrame, Piece};
use crate::store::Month;

/// What to read: a month partition, or the whole read range at once (a store with flat
/// files not yet migrated to month partitions, which any month's scan would read whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Month(Month),
    Whole,
}

/// Pieces of `dates`, from the store's `months` (`None`: not partitioned yet) read with
/// `load` (which keeps only rows dated in `dates`).
pub fn pieces<'a>(
    dates: RangeInclusive<NaiveDate>,
    months: Option<Vec<Month>>,
    load: impl FnMut(Part) -> Result<MentionFrame> + Send + 'a,
) -> impl Iterator<Item = Result<Piece>> + Send + 'a {
    let parts: Vec<Part> = match months {
        None => vec![Part::Whole],
        Some(months) => {
            let published = aggregate::published_range(&dates);
            let (first, last) = (
                Month::of_micros(published.start),
                Month::of_micros(published.end - 1),
            );
            months
                .into_iter()
                .filter(|m| (first..=last).contains(m))
                .map(Part::Month)
                .collect()
        }
    };
    Pieces {
        parts: parts.into_iter(),
        load: Box::new(load),
        next_date: *dates.start(),
        last_date: *dates.end(),
        carried: None,
    }
}

struct Pieces<'a> {
    parts: std::vec::IntoIter<Part>,
    load: Box<dyn FnMut(Part) -> Result<MentionFrame> + Send + 'a>,
    /// The first date not given in a piece yet.
    next_date: NaiveDate,
    last_date: NaiveDate,
    /// Rows of dates not whole yet, read from earlier partitions.
    carried: Option<MentionFrame>,
}

impl Iterator for Pieces<'_> {
    type Item = Result<Piece>;

    fn next(&mut self) -> Option<Result<Piece>> {
        loop {
            if self.next_date > self.last_date {
                return None;
            }
            let Some(part) = self.parts.next() else {
                // No partition left: what was carried holds the remaining dates whole.
                let rest = self.carried.take()?;
                let dates = self.next_date..=self.last_date;
                self.next_date = self.last_date + Duration::days(1);
                return Some(Ok((rest, dates)));
            };
            match self.read(part) {
                Ok(Some(piece)) => return Some(Ok(piece)),
                Ok(None) => continue,
                Err(e) => {
                    self.next_date = self.last_date + Duration::days(1);
                    return Some(Err(e));
                }
            }
        }
    }
}

impl Pieces<'_> {
    /// Reads `part`; the piece of the dates it makes whole, if any.
    fn read(&mut self, part: Part) -> Result<Option<Piece>> {
        let loaded = (self.load)(part)?;
        let mentions = match self.carried.take() {
            Some(mut carried) => {
                carried.append(&loaded)?;
                carried
            }
            None => loaded,
        };
        let whole_through = match part {
            Part::Whole => self.last_date,
            // Dates up to two days before the next month begins.
            Part::Month(m) => (m.next().first_day() - Duration::days(2)).min(self.last_date),
        };
        if whole_through < self.next_date {
            self.carried = Some(mentions);
            return Ok(None);
        }
        if whole_through < self.last_date {
            self.carried = Some(mentions.dated_after(whole_through)?);
        }
        let dates = self.next_date..=whole_through;
        self.next_date = whole_through + Duration::days(1);
        Ok(Some((mentions, dates)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{parse_article, ParseOptions};
    use crate::store::Store;
    use crate::symbols::SymbolTable;
    use chrono::NaiveTime;
    use tickertone_text::date::Dating;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// `(article id, day)` of each row dated in `dates`, in frame order.
    fn rows(frame: &MentionFrame, dates: &RangeInclusive<NaiveDate>) -> Vec<(String, NaiveDate)> {
        let dated = frame
            .dated_after(*dates.start() - Duration::days(1))
            .unwrap();
        let df = dated.frame_for_tests();
        let ids = df.column("article_id").unwrap().str().unwrap();
        let days = df.column("day").unwrap().i32().unwrap();
        (0..df.height())
            .map(|i| {
                let day = NaiveDate::from_num_days_from_ce_opt(days.get(i).unwrap()).unwrap();
                (ids.get(i).unwrap().to_string(), day)
            })
            .filter(|(_, day)| dates.contains(day))
            .collect()
    }

    /// Month by month, each date's rows are those of the store read whole, in the same
    /// order, in exactly one piece: also the rows published early in a month but dated in
    /// the one before (New York evenings, Friday evening news dated Monday), carried over.
    #[test]
    fn month_pieces_give_each_date_the_rows_of_a_whole_read_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let published = [
            "2025-01-02T15:00:00Z",
            "2025-01-31T20:00:00Z",
            "2025-01-31T23:30:00Z",
            "2025-02-01T02:00:00Z", // New York: Jan 31, evening
            "2025-02-01T03:00:00Z",
            "2025-02-14T12:00:00Z",
            "2025-02-28T22:30:00Z", // Friday after the close: Monday Mar 3
            "2025-03-01T01:00:00Z",
            "2025-03-01",
            "2025-03-03T14:00:00Z",
            "2025-03-30T10:00:00Z",
        ];
        let articles = published.iter().enumerate().map(|(i, at)| {
            let v = serde_json::json!({
                "id": format!("a{i:02}"), "published_at": at, "tickers": ["AAPL", "MSFT"],
                "sentiment": 0.1
            });
            parse_article(&v, &ParseOptions::default()).unwrap()
        });
        store.append(articles).unwrap();
        let symbols = SymbolTable::builtin().unwrap();
        let dating = Dating {
            tz: chrono_tz::America::New_York,
            session_close: Some(NaiveTime::from_hms_opt(16, 0, 0).unwrap()),
        };
        let read = date("2025-01-02")..=date("2025-03-31");
        let load = |scan: polars::prelude::LazyFrame| {
            aggregate::load(scan, &symbols, dating, None, Some(read.clone())).unwrap()
        };
        let whole = load(store.scan().unwrap().unwrap());
        let expected = rows(&whole, &read);
        assert_eq!(expected.len(), 22);

        let months = store.months().unwrap();
        assert_eq!(months.as_ref().map(Vec::len), Some(3));
        let mut got = Vec::new();
        let mut next = *read.start();
        let mut pieces_seen = 0;
        for piece in pieces(read.clone(), months, |part| {
            let Part::Month(month) = part else {
                panic!("a partitioned store is read by month")
            };
            Ok(load(store.scan_month(month).unwrap().lazy))
        }) {
            let (frame, dates) = piece.unwrap();
            assert_eq!(*dates.start(), next, "pieces follow each other");
            next = *dates.end() + Duration::days(1);
            got.extend(rows(&frame, &dates));
            pieces_seen += 1;
        }
        assert_eq!(
            next,
            *read.end() + Duration::days(1),
            "the pieces cover the dates"
        );
        // Through Jan 30, Feb 26, Mar 30 (two days before the next month), then Mar 31 from
        // what was carried (no April partition).
        assert_eq!(pieces_seen, 4);
        assert_eq!(got, expected);
    }
}
