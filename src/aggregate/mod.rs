//! Aggregation: stored mentions → one (article, company) pair each → daily rows and a
//! per-company summary, exactly as the contract defines them.
//!
//! The grouping is done by polars lazy frames ([`pairs`] → per-day sums); the windowed
//! statistics (`rolling_7d`, `zscore_30d`, `change_7d`) are computed from those per-day sums
//! in [`series`], where "the days `date−30 … date−1`" is plain date arithmetic. Beside the
//! contract's columns: [`stories`] (copies of one news item count once, and news volume),
//! [`sectors`], and with `--prices` the correlation with the next day's return.

mod frame;
mod sectors;
mod series;
mod stories;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::RangeInclusive;

use anyhow::Result;
use chrono::NaiveDate;
use polars::prelude::*;

use crate::prices::{self, Closes};
use crate::symbols::SymbolTable;
pub use frame::{MentionFrame, Pair};
pub use sectors::{regroup, sector_map, SectorRow};
pub use series::{CompanyDay, DayStats};
pub use stories::{title_key, StoryCount};
use tickertone_text::date::Dating;

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

/// One row of `daily.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyRow {
    pub date: NaiveDate,
    pub company: String,
    pub symbol: String,
    pub tickers: Vec<String>,
    pub articles: u64,
    pub mean_sentiment: f64,
    pub weighted_sentiment: Option<f64>,
    pub min_sentiment: f64,
    pub max_sentiment: f64,
    pub bullish: u64,
    pub bearish: u64,
    pub neutral: u64,
    pub rolling_7d: Option<f64>,
    pub zscore_30d: Option<f64>,
}

/// One row of `summary.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub company: String,
    pub symbol: String,
    pub tickers: Vec<String>,
    pub articles: u64,
    pub mean_sentiment: f64,
    pub weighted_sentiment: Option<f64>,
    pub last_date: NaiveDate,
    pub last_sentiment: f64,
    pub rolling_7d: Option<f64>,
    pub change_7d: Option<f64>,
    pub label: &'static str,
}

/// The columns `daily.csv` appends to the contract's, and the day's close: one per
/// [`DailyRow`], at the same index of [`Aggregates::daily_signals`].
#[derive(Debug, Clone, PartialEq)]
pub struct DaySignals {
    /// Distinct stories with a copy that day.
    pub stories: u64,
    /// Mean over those stories of each story's mean `s` that day.
    pub story_mean_sentiment: f64,
    /// z-score of the day's story count against `date−30 … date−1` (see `stories`).
    pub volume_z_30d: Option<f64>,
    /// The company's close that day (`--prices`).
    pub close: Option<f64>,
}

/// The columns `summary.csv` appends to the contract's: one per [`SummaryRow`], at the
/// same index of [`Aggregates::summary_signals`].
#[derive(Debug, Clone, PartialEq)]
pub struct CompanySignals {
    /// Distinct stories with a copy in the window.
    pub stories: u64,
    pub story_mean_sentiment: f64,
    pub sector: Option<String>,
    /// Pearson correlation of `mean_sentiment` with the next trading day's return.
    pub corr_next_return: Option<f64>,
    /// Days with both; `None` without closes for the company.
    pub corr_n: Option<usize>,
}

/// What is aggregated: companies, or sectors (`--by sector`, the mentions regrouped).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    #[default]
    Company,
    Sector,
}

/// What a report knows besides the mentions.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub grouping: Grouping,
    /// `company → sector` (see [`sector_map`]); empty when the symbol table has none.
    pub sector_of: HashMap<String, String>,
    /// Closes per company (`--prices`).
    pub closes: Option<HashMap<String, Closes>>,
}

/// The aggregates of one window.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregates {
    pub window: Window,
    /// Sorted by company, then date.
    pub daily: Vec<DailyRow>,
    /// `daily`'s appended columns, index by index.
    pub daily_signals: Vec<DaySignals>,
    /// Sorted by articles descending, then company.
    pub summary: Vec<SummaryRow>,
    /// `summary`'s appended columns, index by index.
    pub summary_signals: Vec<CompanySignals>,
    /// `sectors.csv`, sorted by sector, then date; empty without sectors or by sector.
    pub sectors: Vec<SectorRow>,
    /// The articles that moved each company most on its latest days (see [`headlines`]).
    pub headlines: Vec<Headline>,
    /// Per company, its closes dated in the window, news or not (`--prices`).
    pub closes: BTreeMap<String, Closes>,
}

/// An article's pair for one company: what the report shows as a headline.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub company: String,
    pub date: NaiveDate,
    pub article_id: String,
    /// The pair's `s`.
    pub score: f64,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The story's other articles about the company on those days: its copies.
    pub copies: u64,
}

/// Per company, the `per_company` stories with the largest |s| on its last `days` days
/// with news in the window (most moving first), each as its most moving article with the
/// number of its copies on those days (the rule of [`stories`]: normalised titles equal,
/// within 72 hours of the story's first article there); titles are left for the store to
/// fill in, with the source and url. `daily` is the window's rows (sorted by company, then
/// date): they give each company's last days, so only those days' pairs are formed.
pub fn headlines(
    mentions: &MentionFrame,
    daily: &[DailyRow],
    days: usize,
    per_company: usize,
) -> Result<Vec<Headline>> {
    let mut since: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for rows in daily.chunk_by(|a, b| a.company == b.company) {
        let first = rows.len().saturating_sub(days.max(1));
        since.insert(rows[0].company.as_str(), rows[first].date);
    }
    let Some(to) = daily.iter().map(|d| d.date).max() else {
        return Ok(Vec::new());
    };
    let mut by_company: BTreeMap<String, Vec<Pair>> = BTreeMap::new();
    for pair in mentions.pairs_since(&since, to)? {
        by_company
            .entry(pair.company.clone())
            .or_default()
            .push(pair);
    }
    let mut out = Vec::new();
    for (_, pairs) in by_company {
        let mut stories = story_groups(pairs);
        for story in &mut stories {
            story.sort_by(|a, b| {
                b.score
                    .abs()
                    .total_cmp(&a.score.abs())
                    .then(b.date.cmp(&a.date))
                    .then(a.article_id.cmp(&b.article_id))
            });
        }
        stories.sort_by(|a, b| {
            let (a, b) = (&a[0], &b[0]);
            b.score
                .abs()
                .total_cmp(&a.score.abs())
                .then(b.date.cmp(&a.date))
                .then(a.article_id.cmp(&b.article_id))
        });
        out.extend(stories.into_iter().take(per_company).map(|story| {
            let copies = story.len() as u64 - 1;
            let top = story.into_iter().next().expect("a story has an article");
            Headline {
                company: top.company,
                date: top.date,
                article_id: top.article_id,
                score: top.score,
                title: None,
                source: None,
                url: None,
                copies,
            }
        }));
    }
    Ok(out)
}

/// One company's pairs grouped into stories: equal [`title_key`] and published within 72
/// hours of the story's first article (in publication order, then id); untitled pairs
/// are stories of their own.
fn story_groups(mut pairs: Vec<Pair>) -> Vec<Vec<Pair>> {
    pairs.sort_by(|a, b| {
        (a.published_micros, &a.article_id).cmp(&(b.published_micros, &b.article_id))
    });
    let story_of = stories::assign_stories(
        pairs
            .iter()
            .map(|p| (p.title.as_deref(), p.published_micros)),
    );
    let mut stories: Vec<Vec<Pair>> = Vec::new();
    for (pair, story) in pairs.into_iter().zip(story_of) {
        if story == stories.len() {
            stories.push(Vec::new());
        }
        stories[story].push(pair);
    }
    stories
}

/// The contract's labels of a mean sentiment, from most bearish to most bullish.
pub const LABELS: [&str; 5] = [
    "Bearish",
    "Somewhat-Bearish",
    "Neutral",
    "Somewhat-Bullish",
    "Bullish",
];

/// The contract's label of a mean sentiment.
pub fn label(mean: f64) -> &'static str {
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
    LABELS[band]
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

/// Aggregates the window (with its history) of `mentions`.
pub fn aggregate(mentions: &MentionFrame, window: Window, extras: &Extras) -> Result<Aggregates> {
    let read = dates_read(window);
    // The story pass is a single-threaded walk: it runs beside polars' grouping.
    let (days, stories) = rayon::join(
        || mentions.daily_stats(*read.start(), *read.end()),
        || stories::stories(mentions, *read.start(), *read.end(), window),
    );
    let (days, stories) = (days?, stories?);
    let tickers = mentions.tickers_by_day(window.from, window.to)?;

    // Group the per-day stats by company (they come sorted by company, then date).
    let mut by_company: BTreeMap<&str, Vec<&CompanyDay>> = BTreeMap::new();
    for d in &days {
        by_company.entry(d.company.as_str()).or_default().push(d);
    }

    let mut daily = Vec::new();
    let mut daily_signals = Vec::new();
    let mut summary = Vec::new();
    let mut window_closes = BTreeMap::new();
    for (company, company_days) in by_company {
        let closes = extras.closes.as_ref().and_then(|c| c.get(company));
        let stats: Vec<DayStats> = company_days.iter().map(|d| d.stats).collect();
        let in_window: Vec<usize> = (0..stats.len())
            .filter(|&i| window.contains(stats[i].date))
            .collect();
        let Some(&last) = in_window.last() else {
            continue;
        };
        if let Some(closes) = closes {
            let shown = closes.range(window.from..=window.to);
            window_closes.insert(company.to_string(), shown.map(|(d, c)| (*d, *c)).collect());
        }
        let symbol = company_days[last].symbol.clone();
        let mut window_tickers = BTreeSet::new();
        for &i in &in_window {
            let s = &stats[i];
            let day_tickers: Vec<String> = tickers
                .get(&(company.to_string(), s.date))
                .map(|t| t.iter().cloned().collect())
                .unwrap_or_default();
            window_tickers.extend(day_tickers.iter().cloned());
            daily.push(DailyRow {
                date: s.date,
                company: company.to_string(),
                symbol: company_days[i].symbol.clone(),
                tickers: day_tickers,
                articles: s.pairs,
                mean_sentiment: s.mean(),
                weighted_sentiment: s.weighted(),
                min_sentiment: s.min,
                max_sentiment: s.max,
                bullish: s.bullish,
                bearish: s.bearish,
                neutral: s.pairs - s.bullish - s.bearish,
                rolling_7d: series::mean_over(&stats, s.date - chrono::Duration::days(6), s.date),
                zscore_30d: series::zscore_30d(&stats, i),
            });
            let day_stories = stories.on(company, s.date);
            daily_signals.push(DaySignals {
                stories: day_stories.stories,
                story_mean_sentiment: day_stories.mean().unwrap_or(f64::NAN),
                volume_z_30d: stories.volume_z_30d(company, s.date),
                close: closes.and_then(|c| c.get(&s.date).copied()),
            });
        }
        let total = series::sum_over(&stats, window.from, window.to);
        let rolling = series::mean_over(&stats, window.to - chrono::Duration::days(6), window.to);
        let before = series::mean_over(
            &stats,
            window.to - chrono::Duration::days(13),
            window.to - chrono::Duration::days(7),
        );
        let mean = total.mean();
        let window_stories = stories.in_window(company);
        let (corr_next_return, corr_n) = match closes {
            Some(closes) => {
                let days = in_window.iter().map(|&i| (stats[i].date, stats[i].mean()));
                let (corr, n) = prices::corr_next_return(closes, days);
                (corr, Some(n))
            }
            None => (None, None),
        };
        let sector = match extras.grouping {
            Grouping::Company => extras.sector_of.get(company).cloned(),
            Grouping::Sector => Some(company.to_string()),
        };
        let signals = CompanySignals {
            stories: window_stories.stories,
            story_mean_sentiment: window_stories.mean().unwrap_or(f64::NAN),
            sector,
            corr_next_return,
            corr_n,
        };
        summary.push((
            SummaryRow {
                company: company.to_string(),
                symbol,
                tickers: window_tickers.into_iter().collect(),
                articles: total.pairs,
                mean_sentiment: mean,
                weighted_sentiment: total.weighted(),
                last_date: stats[last].date,
                last_sentiment: stats[last].mean(),
                rolling_7d: rolling,
                change_7d: rolling.zip(before).map(|(r, b)| r - b),
                label: label(mean),
            },
            signals,
        ));
    }
    summary.sort_by(|(a, _), (b, _)| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.company.cmp(&b.company))
    });
    let (summary, summary_signals) = summary.into_iter().unzip();
    let sectors = match extras.grouping {
        Grouping::Company if !extras.sector_of.is_empty() => {
            sectors::sector_rows(&days, &stories, &extras.sector_of, window)
        }
        _ => Vec::new(),
    };
    Ok(Aggregates {
        window,
        daily,
        daily_signals,
        summary,
        summary_signals,
        sectors,
        headlines: Vec::new(),
        closes: window_closes,
    })
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
