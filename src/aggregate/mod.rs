//! Aggregation: stored mentions → one (article, company) pair each → daily rows and a
//! per-company summary, exactly as the contract defines them.
//!
//! The grouping is done by polars lazy frames ([`pairs`] → per-day sums); the windowed
//! statistics (`rolling_7d`, `zscore_30d`, `change_7d`) are computed from those per-day sums
//! in [`series`], where "the days `date−30 … date−1`" is plain date arithmetic. Beside the
//! contract's columns: [`stories`] (copies of one news item count once, and news volume),
//! [`sectors`], and with `--prices` the correlation with the next day's return.

pub mod cells;
mod daily;
mod frame;
pub mod headlines;
mod pairs;
mod pieces;
pub mod query;
mod rows;
mod sectors;
mod series;
mod stories;
mod titles;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::RangeInclusive;

use anyhow::Result;
use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;

use crate::prices::{self, Closes};
use crate::symbols::SymbolTable;
pub use frame::MentionFrame;
pub use headlines::Headline;
pub use pairs::{ArticleIds, ArticleRef, Names, Numbering, PairRecord};
pub use rows::{contract_columns, Appended, DailyRow, SummaryRow};
pub use sectors::{regroup, sector_map, SectorRow};
pub use series::{CompanyDay, DayStats};
pub use stories::StoryCount;
use tickertone_text::date::Dating;
pub use titles::title_key;

/// The contract's sentiment bands, the one place they are written down. A pair is bullish at
/// s ≥ `LEANING`, bearish at s ≤ −`LEANING`; a mean is labelled "Somewhat-" from ±`LEANING`
/// and plainly bullish or bearish from ±`STRONG` ([`label`]). The charts shade these zones.
pub const LEANING: f64 = 0.15;
/// See [`LEANING`].
pub const STRONG: f64 = 0.35;

/// Days of history before `--from` that feed the window's statistics (`zscore_30d` looks
/// back 30 days).
pub const HISTORY_DAYS: i64 = 30;

/// An inclusive date window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// What is aggregated: companies, or sectors (`--by sector`, the mentions regrouped).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    #[default]
    Company,
    Sector,
}

/// What a report counts: the pairs of articles about their companies (or, with
/// `all_mentions`, of every recorded mention), grouped by company or by sector.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub grouping: Grouping,
    /// `company → sector` (see [`sector_map`]); empty when the symbol table has none.
    pub sector_of: HashMap<String, String>,
    /// `--all-mentions`: every mention makes a pair, `about` or not.
    pub all_mentions: bool,
}

/// The aggregates of one window.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregates {
    pub window: Window,
    /// Sorted by company, then date.
    pub daily: Vec<DailyRow>,
    /// Sorted by articles descending, then company.
    pub summary: Vec<SummaryRow>,
    /// `sectors.csv`, sorted by sector, then date; empty without sectors or by sector.
    pub sectors: Vec<SectorRow>,
    /// The articles that moved each company most on its latest days (see [`headlines`]).
    pub headlines: Vec<Headline>,
    /// Per company, its closes dated in the window, news or not (`--prices`).
    pub closes: BTreeMap<String, Closes>,
}

/// The contract's labels of a mean sentiment, from most bearish to most bullish.
pub const LABELS: [&str; 5] = [
    "Bearish",
    "Somewhat-Bearish",
    "Neutral",
    "Somewhat-Bullish",
    "Bullish",
];

/// One of the contract's labels ([`LABELS`]): `summary.csv`'s `label`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label(&'static str);

impl Label {
    /// The label as the contract spells it, if `text` is one.
    pub fn parse(text: &str) -> Option<Label> {
        LABELS.into_iter().find(|l| *l == text).map(Label)
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The contract's label of a mean sentiment.
pub fn label(mean: f64) -> Label {
    let band = if mean <= -STRONG {
        0
    } else if mean <= -LEANING {
        1
    } else if mean >= STRONG {
        4
    } else if mean >= LEANING {
        3
    } else {
        2
    };
    Label(LABELS[band])
}

/// Loads the stored mentions that matter for reports: dated by `dating`, mapped to companies,
/// only the companies in `companies` when given, only those dated within `dates` when given.
pub fn load(
    store: LazyFrame,
    symbols: &SymbolTable,
    dating: Dating,
    companies: Option<&HashSet<String>>,
    dates: Option<RangeInclusive<NaiveDate>>,
) -> Result<MentionFrame> {
    MentionFrame::load(store, symbols, dating, companies, dates)
}

/// The latest date of any stored mention (`None` for an empty store).
pub fn latest_date(store: LazyFrame, dating: Dating) -> Result<Option<NaiveDate>> {
    MentionFrame::latest_stored_date(store, dating)
}

/// The publication instants (µs since the epoch, UTC, end excluded) that [`load`] reads for
/// `dates`: the store scan needs only the files that can hold them.
pub fn published_range(dates: &RangeInclusive<NaiveDate>) -> std::ops::Range<i64> {
    let (first, last) = frame::published_bounds(dates);
    first..last
}

/// The dates a report of `window` reads: the window and the history its rolling means and
/// z-scores look back on.
pub fn dates_read(window: Window) -> RangeInclusive<NaiveDate> {
    window.from - chrono::Duration::days(HISTORY_DAYS)..=window.to
}

/// Mentions holding every mention dated in the range (and maybe others, left out): a
/// piece of the dates a report reads. A report reads the store a month partition at a time
/// (see `pieces`), so its memory holds one piece's mentions, the per-day sums and
/// one compact record per (article, company) pair, not the mentions of its whole window.
pub type Piece = (MentionFrame, RangeInclusive<NaiveDate>);

/// Aggregates the window (with its history) from `pieces` of its dates, in date order and
/// each date in one piece. Every per-day number then comes from one piece, with the
/// mentions in store order, so the result is the same, to the last bit, as aggregating
/// the mentions whole.
pub fn aggregate_pieces(
    pieces: impl IntoIterator<Item = Result<Piece>, IntoIter: Send>,
    window: Window,
    scope: &Scope,
) -> Result<Aggregates> {
    let mut numbering = Numbering::default();
    // Kept per piece and gathered once at the end: a growing vector would copy itself
    // (and fault fresh pages) at every doubling.
    let mut piece_days: Vec<Vec<CompanyDay>> = Vec::new();
    let mut piece_records: Vec<Vec<PairRecord>> = Vec::new();
    let mut piece_tickers: Vec<Vec<(u32, i32, u32)>> = Vec::new();
    let mut left_out: HashMap<u32, u64> = HashMap::new();
    let mut pieces = pieces.into_iter();
    let mut next = pieces.next();
    while let Some(piece) = next.take() {
        let (mentions, dates) = piece?;
        let in_window = *dates.start().max(&window.from)..=*dates.end().min(&window.to);
        // The next piece is read (Parquet decoded, rows dated) while this one is walked.
        let (found, following) = rayon::join(
            || {
                pairs::walk(
                    &mentions,
                    dates,
                    in_window,
                    &mut numbering,
                    scope.all_mentions,
                )
            },
            || pieces.next(),
        );
        next = following;
        let found = found?;
        drop(mentions);
        piece_days.push(found.days);
        piece_records.push(found.records);
        piece_tickers.push(found.tickers);
        let (first, last) = (frame::day_number(window.from), frame::day_number(window.to));
        for (company, day) in found.left_out {
            if (first..=last).contains(&day) {
                *left_out.entry(company).or_default() += 1;
            }
        }
    }
    // Gathered side by side: copying a vector is one core's work.
    let (mut days, (mut records, mut tickers)) = rayon::join(
        || concatenated(piece_days),
        || {
            rayon::join(
                || concatenated(piece_records),
                || concatenated(piece_tickers),
            )
        },
    );
    // Sorted: a company's tickers of a day are a range (see `daily::Known`).
    tickers.par_sort_unstable();
    // Every statistic of a company comes from its own days, sorted by name, then date. One
    // row per (company, date): an unstable sort is exact.
    let rank = numbering.companies.ranks();
    days.par_sort_unstable_by_key(|d| (rank[d.company as usize], d.stats.date));
    drop(rank);
    stories::sort_records(&mut records, &numbering);
    let names = &numbering.companies;
    let stories = stories::count(&records, names, window);
    // The headlines now, so the pairs' records are freed before the daily rows are built.
    let window_days: Vec<(&str, NaiveDate)> = days
        .iter()
        .filter(|d| window.contains(d.stats.date))
        .map(|d| (names.name(d.company), d.stats.date))
        .collect();
    let headlines = headlines::select(&records, &numbering, &window_days);
    drop(window_days);
    drop(records);

    let known = daily::Known {
        window,
        scope,
        left_out: &left_out,
        stories: &stories,
        numbering: &numbering,
        tickers: &tickers,
    };
    // The sectors' rows (one core's work) are built beside the companies'.
    let ((daily, mut summary), sectors) = rayon::join(
        || known.rows(&days),
        || match scope.grouping {
            Grouping::Company if !scope.sector_of.is_empty() => sectors::sector_rows(
                &days,
                &numbering.companies,
                &stories,
                &scope.sector_of,
                window,
            ),
            _ => Vec::new(),
        },
    );
    summary.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.company.cmp(&b.company))
    });
    free_aside((days, stories, tickers, numbering));
    Ok(Aggregates {
        window,
        daily,
        summary,
        sectors,
        headlines,
        closes: BTreeMap::new(),
    })
}

impl Aggregates {
    /// Joins the companies' closes into the rows (each day's `close`) and keeps each
    /// company's closes dated in the window, news or not, for its chart: the one place
    /// closes meet the aggregates, whether computed here or read from CSVs.
    pub fn join_closes(&mut self, closes: &HashMap<String, Closes>) {
        for run in self.daily.chunk_by_mut(|a, b| a.company == b.company) {
            let Some(company_closes) = closes.get(&run[0].company) else {
                continue;
            };
            for row in run {
                row.close = company_closes.get(&row.date).copied();
            }
        }
        let window = self.window;
        for row in &self.summary {
            if let Some(c) = closes.get(&row.company) {
                let shown = c.range(window.from..=window.to).map(|(d, c)| (*d, *c));
                self.closes.insert(row.company.clone(), shown.collect());
            }
        }
    }

    /// `corr_next_return` and `corr_n` of each company with closes, from its daily means.
    pub(crate) fn correlate_with_returns(&mut self, closes: &HashMap<String, Closes>) {
        let mut means: HashMap<&str, Vec<(NaiveDate, f64)>> = HashMap::new();
        for run in self.daily.chunk_by(|a, b| a.company == b.company) {
            let days = run.iter().map(|r| (r.date, r.mean_sentiment)).collect();
            means.insert(run[0].company.as_str(), days);
        }
        for row in &mut self.summary {
            if let Some(company_closes) = closes.get(&row.company) {
                let days = means
                    .get(row.company.as_str())
                    .map_or(&[][..], Vec::as_slice);
                let (corr, n) = prices::corr_next_return(company_closes, days.iter().copied());
                row.corr_next_return = corr;
                row.corr_n = Some(n);
            }
        }
    }
}

/// Drops `value` on a thread of its own. Freeing a big aggregation's rows one by one is a
/// core's work that nothing waits for: a report goes on, and a process that exits does
/// not free at all.
pub(crate) fn free_aside<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(value));
    // Without a thread to run on, the closure and the value in it are dropped here.
    drop(spawned);
}

/// The vectors one after the other, each freed once moved.
fn concatenated<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

/// The headlines of `daily` (a window's rows, computed here or read from CSVs), from the
/// `pieces` of the window's mentions.
pub fn headlines_of(
    pieces: impl IntoIterator<Item = Result<Piece>>,
    daily: &[DailyRow],
    all_mentions: bool,
) -> Result<Vec<Headline>> {
    let mut numbering = Numbering::default();
    let mut records = Vec::new();
    for piece in pieces {
        let (mentions, dates) = piece?;
        let no_tickers = *dates.end()..=*dates.start() - chrono::Duration::days(1);
        let found = pairs::walk(&mentions, dates, no_tickers, &mut numbering, all_mentions)?;
        records.extend(found.records);
    }
    stories::sort_records(&mut records, &numbering);
    let days: Vec<(&str, NaiveDate)> = daily.iter().map(|d| (d.company.as_str(), d.date)).collect();
    Ok(headlines::select(&records, &numbering, &days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_at_their_edges() {
        assert_eq!(label(-0.35), "Bearish");
        assert_eq!(label(-0.3499), "Somewhat-Bearish");
        assert_eq!(label(-0.15), "Somewhat-Bearish");
        assert_eq!(label(-0.1499), "Neutral");
        assert_eq!(label(0.1499), "Neutral");
        assert_eq!(label(0.15), "Somewhat-Bullish");
        assert_eq!(label(0.35), "Bullish");
    }
}
