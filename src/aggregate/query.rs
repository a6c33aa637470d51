//! The one way from the store to the aggregates, for every command that shows them
//! (`report`, `run`, `show`, `chart`, and `render --aggregates` for its headlines): the
//! window, the month partitions it needs, the closes, the store's errors.
//!
//! [`Recorded`] is the store as the aggregation reads it (dated in the report's zone,
//! mapped to companies); a [`Query`] says what is asked of it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::RangeInclusive;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use chrono::{Duration, NaiveDate};

use super::pieces::{self, Part};
use super::{Aggregates, Grouping, MentionFrame, Piece, Scope, Window};
use crate::app::UsageError;
use crate::prices::Closes;
use crate::store::{Month, Store};
use crate::symbols::SymbolTable;
use tickertone_text::date::Dating;

/// Days in the default window, ending at the latest recorded date.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;

/// What is asked of the store.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Days in the window when `from` is not given (default 90).
    pub window_days: Option<u32>,
    /// Only these companies (by name); `None`: every company.
    pub companies: Option<HashSet<String>>,
    /// Where a window without `to` ends.
    pub ends_at: WindowEnd,
    pub grouping: Grouping,
    /// Closes per company (`--prices`), joined into the rows.
    pub closes: Option<HashMap<String, Closes>>,
    /// `--all-mentions`: count every recorded mention, not only those `about` their company.
    pub all_mentions: bool,
}

/// Where a window without `--to` ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WindowEnd {
    /// The latest date of any recorded mention (a report).
    #[default]
    LatestRecorded,
    /// The latest date of the asked companies' mentions (`show`, `chart`).
    LatestOfCompanies,
}

/// The window of `from`/`to`/`window_days`, the default ending at `latest`.
pub fn resolve_window(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    window_days: Option<u32>,
    latest: NaiveDate,
) -> Window {
    let days = window_days.map_or(DEFAULT_WINDOW_DAYS, i64::from).max(1);
    let span = Duration::days(days - 1);
    match (from, to) {
        (Some(from), Some(to)) => Window { from, to },
        (Some(from), None) => Window { from, to: latest },
        (None, Some(to)) => Window {
            from: to - span,
            to,
        },
        (None, None) => Window {
            from: latest - span,
            to: latest,
        },
    }
}

/// The store as the aggregation reads it.
pub struct Recorded<'a> {
    store: Store,
    symbols: &'a SymbolTable,
    dating: Dating,
}

impl<'a> Recorded<'a> {
    /// The store of `data_dir`; an error when nothing is recorded there yet. `shown` names
    /// the data folder in messages (an object storage URL for a local copy).
    pub fn open(
        data_dir: &Path,
        shown: &str,
        symbols: &'a SymbolTable,
        dating: Dating,
    ) -> Result<Self> {
        match Self::if_any(data_dir, symbols, dating)? {
            Some(recorded) => Ok(recorded),
            None => bail!(
                "nothing is recorded in {shown} yet: ingest some articles first (tickertone --data {shown} ingest FILE)"
            ),
        }
    }

    /// The store of `data_dir`, `None` when nothing is recorded there.
    pub fn if_any(
        data_dir: &Path,
        symbols: &'a SymbolTable,
        dating: Dating,
    ) -> Result<Option<Self>> {
        let store = Store::new(data_dir);
        if store.files()?.is_empty() {
            return Ok(None);
        }
        Ok(Some(Recorded {
            store,
            symbols,
            dating,
        }))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The window of `query`: looks for the latest date only when `to` is not given,
    /// reading only the months that can hold it.
    pub fn window(&self, query: &Query) -> Result<Window> {
        if let (Some(from), Some(to)) = (query.from, query.to) {
            if from > to {
                return Err(UsageError(format!("--from {from} is after --to {to}")).into());
            }
        }
        let latest = match (query.to, query.ends_at, &query.companies) {
            (Some(to), _, _) => to,
            (None, WindowEnd::LatestOfCompanies, Some(companies)) => {
                self.latest_date_of(companies)?.ok_or_else(|| {
                    let names: Vec<&str> = companies.iter().map(String::as_str).collect();
                    anyhow!("no news recorded for {}", names.join(", "))
                })?
            }
            (None, _, _) => {
                let scan = self.store.scan_latest()?.lazy;
                super::latest_date(scan, self.dating)
                    .map_err(|e| self.unreadable(e))?
                    .ok_or_else(|| {
                        anyhow!("the store holds no mentions: ingest some articles first")
                    })?
            }
        };
        let window = resolve_window(query.from, query.to, query.window_days, latest);
        if window.from > window.to {
            let (from, to) = (window.from, window.to);
            return Err(UsageError(format!(
                "the window {from} to {to} is empty: --from is after the last date ({to}); give an earlier --from or a --to"
            ))
            .into());
        }
        Ok(window)
    }

    /// The latest date of `companies`' mentions, reading month partitions from the newest
    /// back to the first that mentions one, and the month before it (its news can be dated
    /// later: zones, session close, weekends); older months cannot hold a later date.
    pub fn latest_date_of(&self, companies: &HashSet<String>) -> Result<Option<NaiveDate>> {
        let latest_in = |scan: polars::prelude::LazyFrame| -> Result<Option<NaiveDate>> {
            let mentions =
                MentionFrame::load(scan, self.symbols, self.dating, Some(companies), None)
                    .and_then(MentionFrame::check_stored)
                    .map_err(|e| self.unreadable(e))?;
            mentions.latest_company_date()
        };
        let Some(months) = self.store.months()? else {
            // Not migrated yet: every file is read once.
            return latest_in(self.store.scan_published(i64::MIN..i64::MAX)?.lazy);
        };
        for &month in months.iter().rev() {
            let found = latest_in(self.store.scan_month(month)?.lazy)?;
            if found.is_some() {
                let earlier = latest_in(self.store.scan_month(month.previous())?.lazy)?;
                return Ok(found.max(earlier));
            }
        }
        Ok(None)
    }

    /// The aggregates of `window` (with its history), read a month partition at a time:
    /// memory holds one month's mentions.
    pub fn aggregate(&self, query: &Query, window: Window) -> Result<Aggregates> {
        let scope = Scope {
            grouping: query.grouping,
            sector_of: super::sector_map(self.symbols),
            all_mentions: query.all_mentions,
        };
        if query.grouping == Grouping::Sector && scope.sector_of.is_empty() {
            return Err(UsageError(
                "--by sector needs a symbol table with a sector column (company,tickers,aliases,sector,industry): give one with --symbols".into(),
            )
            .into());
        }
        let pieces = self.pieces(
            super::dates_read(window),
            query.companies.as_ref(),
            query.grouping,
            &scope.sector_of,
        )?;
        let mut aggregates = super::aggregate_pieces(pieces, window, &scope)?;
        if let (Some(closes), Grouping::Company) = (&query.closes, query.grouping) {
            aggregates.join_closes(closes);
            aggregates.correlate_with_returns(closes);
        }
        Ok(aggregates)
    }

    /// The headlines of aggregates computed elsewhere (`render --aggregates`), from the
    /// store's mentions of their companies in their window, with titles.
    pub fn headlines_of(&self, aggregates: &mut Aggregates, all_mentions: bool) -> Result<()> {
        let companies: HashSet<String> = aggregates
            .summary
            .iter()
            .map(|r| r.company.clone())
            .collect();
        let window = aggregates.window;
        let no_sectors = HashMap::new();
        let pieces = self.pieces(
            window.from..=window.to,
            Some(&companies),
            Grouping::Company,
            &no_sectors,
        )?;
        aggregates.headlines = super::headlines_of(pieces, &aggregates.daily, all_mentions)?;
        self.fill_in_headlines(aggregates)
    }

    /// The pieces of the mentions dated in `dates`, a month partition at a time (see
    /// [`pieces`]), only `companies` when given, regrouped by sector when asked.
    fn pieces<'s>(
        &'s self,
        dates: RangeInclusive<NaiveDate>,
        companies: Option<&'s HashSet<String>>,
        grouping: Grouping,
        sector_of: &'s HashMap<String, String>,
    ) -> Result<impl Iterator<Item = Result<Piece>> + Send + 's> {
        let read = dates.clone();
        let load = move |part: Part| -> Result<MentionFrame> {
            let scan = match part {
                Part::Month(month) => self.store.scan_month(month)?,
                Part::Whole => self.store.scan_published(super::published_range(&read))?,
            };
            let mentions = MentionFrame::load(
                scan.lazy,
                self.symbols,
                self.dating,
                companies,
                Some(read.clone()),
            )
            .and_then(MentionFrame::check_stored)
            .map_err(|e| self.unreadable(e))?;
            match grouping {
                Grouping::Company => Ok(mentions),
                Grouping::Sector => super::regroup(&mentions, sector_of),
            }
        };
        Ok(pieces::pieces(dates, self.store.months()?, load))
    }

    /// Fills in the titles, sources and links of `aggregates`' headlines from the store,
    /// reading only the month partitions their dates can be in, one at a time (a one-year
    /// window read whole for them would hold all its titles at once).
    pub fn fill_in_headlines(&self, aggregates: &mut Aggregates) -> Result<()> {
        let ids: Vec<String> = aggregates
            .headlines
            .iter()
            .map(|h| h.article_id.clone())
            .collect();
        let mut months = BTreeSet::new();
        for h in &aggregates.headlines {
            let published = super::published_range(&(h.date..=h.date));
            let (first, last) = (
                Month::of_micros(published.start),
                Month::of_micros(published.end - 1),
            );
            let mut month = first;
            while month <= last {
                months.insert(month);
                month = month.next();
            }
        }
        let mut details = HashMap::new();
        for month in months {
            let span = month.first_micros()..=month.next().first_micros() - 1;
            for (id, d) in self.store.article_details(&ids, span)? {
                details.entry(id).or_insert(d);
            }
        }
        for h in &mut aggregates.headlines {
            if let Some(d) = details.get(&h.article_id) {
                h.title = d.title.clone();
                h.source = d.source.clone();
                h.url = d.url.clone();
            }
        }
        Ok(())
    }

    /// Names the damaged file rather than polars' view of it.
    fn unreadable(&self, e: anyhow::Error) -> anyhow::Error {
        let problems = crate::store::health::check(&self.store)
            .map(|h| h.problems)
            .unwrap_or_default();
        if problems.is_empty() {
            return e;
        }
        anyhow!("the store cannot be read:\n  {}", problems.join("\n  "))
    }
}

/// The month partitions (of `months`, the store's, in order) that a report of `query` can
/// read: those of its window and history for any latest date the latest month can give
/// (a row is dated at most 2 days before its month begins and 5 days after it ends). For
/// a store on object storage, whose partitions are copied before the report.
pub fn months_to_read(query: &Query, months: &[Month]) -> Vec<Month> {
    if query.ends_at == WindowEnd::LatestOfCompanies && query.to.is_none() {
        // The companies' latest date may lie in any month.
        return months.to_vec();
    }
    let Some(&latest) = months.last() else {
        return Vec::new();
    };
    let earliest_end = latest.first_day() - Duration::days(2);
    let latest_end = latest.next().first_day() + Duration::days(5);
    let window = Window {
        from: resolve_window(query.from, query.to, query.window_days, earliest_end).from,
        to: resolve_window(query.from, query.to, query.window_days, latest_end).to,
    };
    let published = super::published_range(&super::dates_read(window));
    let (first, last) = (
        Month::of_micros(published.start),
        Month::of_micros(published.end - 1),
    );
    months
        .iter()
        .copied()
        .filter(|m| (first..=last).contains(m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(first: &str, count: usize) -> Vec<Month> {
        let mut month = Month::of_date(first.parse().unwrap());
        let mut out = Vec::new();
        for _ in 0..count {
            out.push(month);
            month = month.next();
        }
        out
    }

    #[test]
    fn a_report_reads_the_months_its_window_and_history_can_need() {
        let year = months("2025-01-01", 12);
        // The default 90 days end between Nov 29 and Jan 5: from Sep 1 at the earliest,
        // history from Aug 2, publications from Jul 28.
        let default = Query::default();
        assert_eq!(months_to_read(&default, &year), year[6..].to_vec());
        let one_day = Query {
            from: Some("2025-05-10".parse().unwrap()),
            to: Some("2025-05-10".parse().unwrap()),
            ..Query::default()
        };
        assert_eq!(months_to_read(&one_day, &year), year[3..5].to_vec());
        assert_eq!(months_to_read(&default, &[]), Vec::<Month>::new());
    }
}
