//! The contract's (article, company) pairs of a piece of the store, found in one walk over
//! its mentions: a compact record per pair (stories and headlines), the sums of each
//! company's pairs per day (the daily rows), and the tickers seen per company and day.
//!
//! One pair is one article's mentions of one company (GOOG and GOOGL together): its `s` is
//! the mean score of those mentions, its `w` the largest relevance × the article's market
//! impact. That rule is applied here only, so the daily sums and the headlines agree on what
//! a pair scored. The walk sorts numbers, not text: one walk does what polars' grouping by
//! (article_id, company) strings and a second pass for the stories did, in less time
//! (`benches/RESULTS.md`, "Why the code is as it is").

use std::collections::HashMap;
use std::num::NonZeroU64;
use std::ops::RangeInclusive;

use anyhow::Result;
use chrono::NaiveDate;
use foldhash::fast::FixedState;
use polars::prelude::*;
use rayon::prelude::*;

use super::frame::{day_number, from_day_number, COMPANY, DAY, SELECTED, SYMBOL};
use super::series::{CompanyDay, DayStats};
use super::titles::title_hash;
use super::{MentionFrame, LEANING};
use crate::store::columns as store;

/// One (article, company) pair of the selected companies, as the story pass and the
/// headlines see it. Compact (no text but the id), so that a report holds one per pair of
/// its read range while it reads the store's mentions a chunk of dates at a time.
/// 40 bytes: a one-year report of 10M articles holds 5M of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairRecord {
    /// The company, a number of the aggregation's company [`Names`].
    pub company: u32,
    pub day: i32,
    /// Publication instant (µs since the epoch, UTC).
    pub published: i64,
    /// The story key of the title hashed (see `stories`); `None` for an untitled article
    /// (a story of its own).
    pub title: Option<NonZeroU64>,
    /// The pair's `s`: the mean score of the company's tickers in the article.
    pub s: f64,
    pub article: ArticleRef,
}

/// The article ids of an aggregation's pairs, one after the other in one buffer: an id is
/// kept once per article, not as a string of its own per pair.
#[derive(Debug, Default)]
pub struct ArticleIds {
    bytes: String,
}

/// Where an id is in [`ArticleIds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleRef {
    start: u32,
    len: u32,
}

impl ArticleIds {
    fn push(&mut self, id: &str) -> Result<ArticleRef> {
        let too_many = || anyhow::anyhow!("a report reads more than 4 GB of article ids");
        let start = u32::try_from(self.bytes.len()).map_err(|_| too_many())?;
        let len = u32::try_from(id.len()).map_err(|_| too_many())?;
        start.checked_add(len).ok_or_else(too_many)?;
        self.bytes.push_str(id);
        Ok(ArticleRef { start, len })
    }

    pub fn get(&self, article: ArticleRef) -> &str {
        let start = article.start as usize;
        self.bytes
            .get(start..start + article.len as usize)
            .unwrap_or("")
    }
}

/// What the numbers of an aggregation's pairs stand for.
#[derive(Debug, Default)]
pub struct Numbering {
    pub companies: Names,
    pub tickers: Names,
    /// The days' symbols ([`CompanyDay::symbol`]).
    pub symbols: Names,
    pub articles: ArticleIds,
}

/// Names (of companies, of tickers) as small numbers, shared by the pieces of one
/// aggregation.
#[derive(Debug, Default)]
pub struct Names {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    pub fn name(&self, number: u32) -> &str {
        &self.names[number as usize]
    }

    pub fn number(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// How many names have a number (numbers are `0 .. count`).
    pub fn count(&self) -> usize {
        self.names.len()
    }

    /// Each number's place in the order of the names: sorting by it sorts by name.
    pub fn ranks(&self) -> Vec<u32> {
        let mut by_name: Vec<u32> = (0..self.names.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| self.name(a).cmp(self.name(b)));
        let mut rank = vec![0u32; by_name.len()];
        for (r, &number) in by_name.iter().enumerate() {
            rank[number as usize] = r as u32;
        }
        rank
    }
}

/// What the walk over one piece finds.
#[derive(Debug, Default)]
pub struct PiecePairs {
    /// Per company (by number), in order of publication, then article id.
    pub records: Vec<PairRecord>,
    /// Per company and day, the sums of its pairs, each sum adding the pairs in store order.
    pub days: Vec<CompanyDay>,
    /// `(company, day, ticker)`, each once, for the days of `tickers_in`.
    pub tickers: Vec<(u32, i32, u32)>,
    /// `(company, day)` of each pair left out because no mention of it is `about`.
    pub left_out: Vec<(u32, i32)>,
}

/// The pairs of the selected companies dated in `dates`, and the tickers of those dated in
/// `tickers_in` (the report's window), with companies and tickers numbered by `companies`
/// and `tickers` of `numbering`, and the pairs' article ids kept in its `articles`.
/// A pair counts when at least one of its mentions is `about`, or always with
/// `all_mentions`.
pub fn walk(
    mentions: &MentionFrame,
    dates: RangeInclusive<NaiveDate>,
    tickers_in: RangeInclusive<NaiveDate>,
    numbering: &mut Numbering,
    all_mentions: bool,
) -> Result<PiecePairs> {
    let df = mentions.frame();
    let rows = Rows::of(df, &dates, numbering, all_mentions)?;
    let (records, sums) = rows.pairs();
    let days = rows.day_sums((&records, &sums), df, &mut numbering.symbols)?;
    let tickers = rows.tickers(df, &tickers_in, &mut numbering.tickers)?;
    Ok(PiecePairs {
        records,
        days,
        tickers,
        left_out: rows.left_out,
    })
}

/// The rows of a piece's mentions that count (selected companies, dated in range), and
/// their articles. Everything a pair needs is gathered here in store order, where an
/// article's mentions are consecutive rows: the pairs are then found by sorting numbers,
/// without reading text again.
struct Rows<'a> {
    /// Row numbers in the frame.
    kept: Vec<u32>,
    /// Per row of the frame.
    company: Vec<u32>,
    day: Vec<i32>,
    /// Per kept row, in the order of `kept`.
    mentions: Vec<Mention>,
    /// Per article (a run of consecutive kept rows with one id), in store order.
    articles: Vec<ArticleRow<'a>>,
    /// `(company, day)` of the pairs not counted: none of their mentions is `about`.
    left_out: Vec<(u32, i32)>,
}

/// A kept row: what sorts it, and its numbers.
#[derive(Clone, Copy)]
struct Mention {
    company: u32,
    published: i64,
    /// Its place among the kept rows (store order).
    row: u32,
    article: u32,
    score: f64,
    relevance: f64,
}

struct ArticleRow<'a> {
    id: &'a str,
    kept_id: ArticleRef,
    /// The title as stored, hashed into `title` once the walk has found every article.
    title_text: Option<&'a str>,
    /// The story key of the title, hashed.
    title: Option<NonZeroU64>,
    day: i32,
    impact: f64,
}

/// What the daily sums need of a pair besides its record.
struct PairSums {
    /// Its first mention's place among the kept rows: a day's pairs are added in this
    /// (store) order.
    first_row: u32,
    /// Its first mention's row in the frame (the day's symbol is that of its first pair).
    frame_row: u32,
    /// Largest relevance × market impact.
    w: f64,
}

impl<'a> Rows<'a> {
    fn of(
        df: &'a DataFrame,
        dates: &RangeInclusive<NaiveDate>,
        numbering: &mut Numbering,
        all_mentions: bool,
    ) -> Result<Self> {
        let (first, last) = (day_number(*dates.start()), day_number(*dates.end()));
        let day: Vec<i32> = numbers(df.column(DAY)?.i32()?);
        let selected = df.column(SELECTED)?.bool()?;
        // Vectors whose length only a filter knows are reserved for every row: capacity
        // costs no memory until written, and a growing vector would copy itself.
        let mut kept: Vec<u32> = Vec::with_capacity(day.len());
        kept.extend(
            selected
                .iter()
                .zip(&day)
                .enumerate()
                .filter(|(_, (selected, day))| {
                    *selected == Some(true) && (first..=last).contains(*day)
                })
                .map(|(i, _)| i as u32),
        );
        let company = numbered(df.column(COMPANY)?.str()?, &mut numbering.companies);
        let article_id = df.column(store::ARTICLE_ID)?.str()?;
        let left_out = match all_mentions {
            true => Vec::new(),
            false => keep_pairs_about(
                &mut kept,
                article_id,
                &company,
                df.column(store::ABOUT)?.bool()?,
                &day,
            ),
        };
        let title = df.column(store::TITLE)?.str()?;
        let published = df.column(store::PUBLISHED_AT)?.i64()?;
        let score = df.column(store::SCORE)?.f64()?;
        let relevance = df.column(store::RELEVANCE)?.f64()?;
        let impact = df.column(store::MARKET_IMPACT)?.f64()?;

        let mut mentions = Vec::with_capacity(kept.len());
        let mut articles: Vec<ArticleRow> = Vec::with_capacity(kept.len());
        let mut next_kept = kept.iter().copied().peekable();
        // One walk of every column in store order, keeping the kept rows.
        let columns = article_id
            .iter()
            .zip(title.iter())
            .zip(published.iter())
            .zip(score.iter())
            .zip(relevance.iter())
            .zip(impact.iter());
        for (i, (((((id, title), published), score), relevance), impact)) in columns.enumerate() {
            if next_kept.peek() != Some(&(i as u32)) {
                continue;
            }
            next_kept.next();
            let id = id.unwrap_or("");
            if articles.last().is_none_or(|a| a.id != id) {
                articles.push(ArticleRow {
                    id,
                    kept_id: numbering.articles.push(id)?,
                    title_text: title,
                    title: None,
                    day: day[i],
                    impact: impact.unwrap_or_default(),
                });
            }
            mentions.push(Mention {
                company: company[i],
                published: published.unwrap_or_default(),
                row: mentions.len() as u32,
                article: articles.len() as u32 - 1,
                score: score.unwrap_or_default(),
                relevance: relevance.unwrap_or_default(),
            });
        }
        // Titles are hashed on every core: normalising them was a sixth of the walk.
        articles
            .par_iter_mut()
            .for_each_init(String::new, |key, article| {
                // 0 joins 1: two titles sharing a 64-bit hash are not a practical risk.
                article.title = article
                    .title_text
                    .and_then(|t| title_hash(t, key))
                    .map(|h| NonZeroU64::new(h).unwrap_or(NonZeroU64::MIN));
            });
        Ok(Rows {
            kept,
            company,
            day,
            mentions,
            articles,
            left_out,
        })
    }

    /// The pairs, per company in order of publication, then article id.
    fn pairs(&self) -> (Vec<PairRecord>, Vec<PairSums>) {
        let mut order = self.mentions.clone();
        // (company, published, row) is unique: an unstable sort is exact.
        order.par_sort_unstable_by_key(|m| (m.company, m.published, m.row));
        // Articles published at the same instant go by id, each article's rows staying in
        // store order (so that a pair's mean adds its mentions in the same order).
        for same_instant in
            order.chunk_by_mut(|a, b| (a.company, a.published) == (b.company, b.published))
        {
            if same_instant
                .iter()
                .any(|m| m.article != same_instant[0].article)
            {
                same_instant.sort_unstable_by(|a, b| {
                    (self.articles[a.article as usize].id, a.row)
                        .cmp(&(self.articles[b.article as usize].id, b.row))
                });
            }
        }
        // At most one pair per mention: reserved once (pages are only touched as written),
        // so the vectors never copy themselves as they grow.
        let mut records = Vec::with_capacity(order.len());
        let mut sums = Vec::with_capacity(order.len());
        for mentions in order.chunk_by(|a, b| (a.company, a.article) == (b.company, b.article)) {
            let first = mentions[0];
            let article = &self.articles[first.article as usize];
            let relevance = mentions
                .iter()
                .map(|m| m.relevance)
                .fold(f64::NEG_INFINITY, f64::max);
            records.push(PairRecord {
                company: first.company,
                day: article.day,
                published: first.published,
                title: article.title,
                s: mentions.iter().map(|m| m.score).sum::<f64>() / mentions.len() as f64,
                article: article.kept_id,
            });
            sums.push(PairSums {
                first_row: first.row,
                frame_row: self.kept[first.row as usize],
                w: relevance * article.impact,
            });
        }
        (records, sums)
    }

    /// Per company and day, the sums of its pairs, sorted by company number, then date.
    fn day_sums(
        &self,
        (records, sums): (&[PairRecord], &[PairSums]),
        df: &DataFrame,
        symbols: &mut Names,
    ) -> Result<Vec<CompanyDay>> {
        // Looked up once per day: a copy of the column in one chunk (16 bytes a row) made
        // the 10M 90-day report no faster (1.08-1.16 s against 1.14-1.15 s of aggregation).
        let symbol = df.column(SYMBOL)?.str()?;
        let mut order: Vec<(u32, i32, u32, usize)> = records
            .iter()
            .zip(sums)
            .enumerate()
            .map(|(i, (p, x))| (p.company, p.day, x.first_row, i))
            .collect();
        order.par_sort_unstable();
        // Each day's sums add its pairs in store order (`first_row`), whichever thread adds.
        let days: Vec<(CompanyDay, usize)> = order
            .par_chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
            .map(|day_pairs| {
                let (company, day, _, first) = day_pairs[0];
                let mut stats = DayStats::empty(from_day_number(day));
                for &(.., i) in day_pairs {
                    let (s, w) = (records[i].s, sums[i].w);
                    stats.pairs += 1;
                    stats.sum_s += s;
                    stats.sum_ws += w * s;
                    stats.sum_w += w;
                    stats.min = stats.min.min(s);
                    stats.max = stats.max.max(s);
                    stats.bullish += u64::from(s >= LEANING);
                    stats.bearish += u64::from(s <= -LEANING);
                }
                let day = CompanyDay {
                    company,
                    symbol: 0,
                    stats,
                };
                (day, sums[first].frame_row as usize)
            })
            .collect();
        // The day's symbol (that of its first pair) numbered: a lookup per day, not per row.
        let mut local: HashMap<&str, u32, FixedState> = HashMap::default();
        Ok(days
            .into_iter()
            .map(|(mut day, row)| {
                let text = symbol.get(row).unwrap_or("");
                day.symbol = *local.entry(text).or_insert_with(|| symbols.intern(text));
                day
            })
            .collect())
    }

    /// `(company, day, ticker)` of the rows dated in `dates`, each once.
    fn tickers(
        &self,
        df: &DataFrame,
        dates: &RangeInclusive<NaiveDate>,
        tickers: &mut Names,
    ) -> Result<Vec<(u32, i32, u32)>> {
        let (first, last) = (day_number(*dates.start()), day_number(*dates.end()));
        if first > last {
            return Ok(Vec::new());
        }
        let ticker = numbered(df.column(store::TICKER)?.str()?, tickers);
        let mut seen: Vec<(u32, i32, u32)> = Vec::with_capacity(self.kept.len());
        seen.extend(
            self.kept
                .iter()
                .map(|&r| r as usize)
                .filter(|&r| (first..=last).contains(&self.day[r]))
                .map(|r| (self.company[r], self.day[r], ticker[r])),
        );
        seen.par_sort_unstable();
        seen.dedup();
        Ok(seen)
    }
}

/// Keeps, of the `kept` rows, those of pairs with at least one `about` mention (a null
/// `about`, a store file not migrated yet, counts as about); returns `(company, day)` of
/// each pair left out. An article's rows are consecutive, so a pair is found within the
/// run of its article's kept rows.
fn keep_pairs_about(
    kept: &mut Vec<u32>,
    article_id: &StringChunked,
    company: &[u32],
    about: &BooleanChunked,
    day: &[i32],
) -> Vec<(u32, i32)> {
    // The columns read by row number are gathered first: `ChunkedArray::get` looks for its
    // row's chunk among a month's dozens, and those searches took 4 % of a 10M report's
    // CPU (`benches/RESULTS.md`, issue 29).
    let about: Vec<bool> = about.iter().map(|a| a.unwrap_or(true)).collect();
    let is_about = |row: u32| about[row as usize];
    if kept.iter().all(|&r| is_about(r)) {
        return Vec::new();
    }
    let ids: Vec<&str> = article_id.iter().map(|id| id.unwrap_or("")).collect();
    let mut left_out = Vec::new();
    let mut out = Vec::with_capacity(kept.len());
    let id = |row: u32| ids[row as usize];
    for run in kept.chunk_by(|&a, &b| id(a) == id(b)) {
        for &row in run {
            let c = company[row as usize];
            let pair_about = run.iter().any(|&r| company[r as usize] == c && is_about(r));
            if pair_about {
                out.push(row);
            } else if run.iter().find(|&&r| company[r as usize] == c) == Some(&row) {
                left_out.push((c, day[row as usize]));
            }
        }
    }
    *kept = out;
    left_out
}

/// Each row's text as a number of `names`: a hash lookup per distinct text of the piece,
/// not per row.
fn numbered(column: &StringChunked, names: &mut Names) -> Vec<u32> {
    let mut local: HashMap<&str, u32, FixedState> = HashMap::default();
    column
        .iter()
        .map(|v| {
            let text = v.unwrap_or("");
            *local.entry(text).or_insert_with(|| names.intern(text))
        })
        .collect()
}

fn numbers<T>(c: &ChunkedArray<T>) -> Vec<T::Native>
where
    T: PolarsNumericType,
{
    c.iter().map(|v| v.unwrap_or_default()).collect()
}

#[cfg(test)]
mod tests;
