//! Stories: the copies of one news item about one company count once.
//!
//! Two articles about a company are copies of one story when their titles are equal once
//! normalised ([`super::titles::title_key`]) and the later one is published within 72 hours of the story's
//! first article. Wire services and aggregators re-publish an item under its own title, with
//! a desk prefix ("UPDATE 2-", "BRIEF-") or other capitals and punctuation at most; a
//! normalised-equal title is a syndicated copy, not a different item that shares words
//! (token-set similarity merges "Apple beats estimates" with "Apple misses estimates").
//! Untitled articles cannot be matched: each is its own story.
//!
//! The pass runs at report time over the rows the report reads (the window and its 30-day
//! history), per company in order of publication, then article id: the result does not
//! depend on the order in which articles were ingested.

use std::collections::HashMap;
use std::num::NonZeroU64;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::frame::from_day_number;
use super::pairs::{Names, Numbering, PairRecord};
use super::series::zscore;

/// A copy published later than this after its story's first article starts a new story.
pub(super) const STORY_SPAN_MICROS: i64 = 72 * 3_600 * 1_000_000;

/// The stories of one company on one day (or over a range of days).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StoryCount {
    /// Distinct stories with a copy dated in the range.
    pub stories: u64,
    /// Σ over those stories of the mean `s` of their copies dated in the range.
    pub sum_story_s: f64,
}

impl StoryCount {
    /// Mean over stories of each story's mean `s` (`story_mean_sentiment`).
    pub fn mean(&self) -> Option<f64> {
        (self.stories > 0).then(|| self.sum_story_s / self.stories as f64)
    }
}

/// Story counts per company: per day with news (read range), and over the window.
#[derive(Debug, Clone, Default)]
pub struct Stories {
    /// Per company, its days with news, sorted by date.
    days: HashMap<String, Vec<(NaiveDate, StoryCount)>>,
    /// Per company, over the window.
    window: HashMap<String, StoryCount>,
}

impl Stories {
    /// The company's stories on `date` (zero without news).
    pub fn on(&self, company: &str, date: NaiveDate) -> StoryCount {
        self.of(company).on(date)
    }

    /// The company's stories over the window.
    pub fn in_window(&self, company: &str) -> StoryCount {
        self.window.get(company).copied().unwrap_or_default()
    }

    /// The company's days with news, sorted by date.
    pub fn days_of(&self, company: &str) -> &[(NaiveDate, StoryCount)] {
        self.days.get(company).map(Vec::as_slice).unwrap_or(&[])
    }

    /// One company's stories per day, looked up once for all its days.
    pub fn of(&self, company: &str) -> CompanyStories<'_> {
        CompanyStories(self.days_of(company))
    }
}

/// A company's days with news and their stories, sorted by date.
#[derive(Debug, Clone, Copy)]
pub struct CompanyStories<'a>(&'a [(NaiveDate, StoryCount)]);

impl CompanyStories<'_> {
    /// The stories on `date` (zero without news).
    pub fn on(&self, date: NaiveDate) -> StoryCount {
        let days = self.0;
        days.binary_search_by_key(&date, |d| d.0)
            .map(|i| days[i].1)
            .unwrap_or_default()
    }

    /// z-score of the story count on `date` against `date−30 … date−1`, days without news
    /// counting as 0 (population σ); `None` when fewer than 5 of those days had news or
    /// σ = 0.
    pub fn volume_z_30d(&self, date: NaiveDate) -> Option<f64> {
        let days = self.0;
        let first = date - chrono::Duration::days(30);
        let lo = days.partition_point(|d| d.0 < first);
        let hi = days.partition_point(|d| d.0 < date);
        let mut history = [0.0; 30];
        for (day, count) in &days[lo..hi] {
            history[(*day - first).num_days() as usize] = count.stories as f64;
        }
        zscore(
            self.on(date).stories as f64,
            &history,
            hi.saturating_sub(lo),
        )
    }
}

/// Puts the pairs of all chunks in the order the story pass walks: per company (by name),
/// in order of publication, then article id.
pub fn sort_records(records: &mut [PairRecord], numbering: &Numbering) {
    let rank = numbering.companies.ranks();
    // (company, article) is one pair: keys are unique, so an unstable sort is exact.
    records.par_sort_unstable_by(|a, b| {
        (rank[a.company as usize], a.published)
            .cmp(&(rank[b.company as usize], b.published))
            .then_with(|| {
                let ids = &numbering.articles;
                ids.get(a.article).cmp(ids.get(b.article))
            })
    });
}

/// The stories of `records` (sorted by [`sort_records`]), counted per day and over
/// `window`.
pub fn count(records: &[PairRecord], names: &Names, window: super::Window) -> Stories {
    let (first, last) = (
        super::frame::day_number(window.from),
        super::frame::day_number(window.to),
    );
    // Companies are independent: counted in parallel, gathered in order.
    let counted: Vec<CountedCompany> = records
        .par_chunk_by(|a, b| a.company == b.company)
        .map(|pairs| count_company(pairs, names, first..=last))
        .collect();
    let mut out = Stories::default();
    for (name, days, window_count) in counted {
        out.window.insert(name.clone(), window_count);
        out.days.insert(name, days);
    }
    out
}

/// A company, its stories per day with news, and over the window.
type CountedCompany = (String, Vec<(NaiveDate, StoryCount)>, StoryCount);

/// One company's stories per day (its `pairs` sorted by [`sort_records`]) and over the
/// window's days `window`.
fn count_company(
    pairs: &[PairRecord],
    names: &Names,
    window: std::ops::RangeInclusive<i32>,
) -> CountedCompany {
    let story_of = assign_stories(
        pairs
            .iter()
            .map(|p| (p.title.map(NonZeroU64::get), p.published)),
    );
    // (day, story, s) sorted by day and story; the stable sort keeps publication order
    // within a story, so its sum adds the same numbers in the same order on every run.
    let mut per_day: Vec<(i32, usize, f64)> = pairs
        .iter()
        .zip(&story_of)
        .map(|(pair, &story)| (pair.day, story, pair.s))
        .collect();
    per_day.sort_by_key(|&(day, story, _)| (day, story));
    let mut days: Vec<(NaiveDate, StoryCount)> = Vec::new();
    let mut window_stories: Vec<(usize, f64)> = Vec::new();
    for copies in per_day.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (day, story, _) = copies[0];
        let story_s = copies.iter().map(|c| c.2).sum::<f64>() / copies.len() as f64;
        let date = from_day_number(day);
        if days.last().is_none_or(|l| l.0 != date) {
            days.push((date, StoryCount::default()));
        }
        if let Some((_, count)) = days.last_mut() {
            count.stories += 1;
            count.sum_story_s += story_s;
        }
        if window.contains(&day) {
            window_stories.extend(copies.iter().map(|c| (story, c.2)));
        }
    }
    window_stories.sort_by_key(|&(story, _)| story);
    let window_count =
        window_stories
            .chunk_by(|a, b| a.0 == b.0)
            .fold(StoryCount::default(), |c, copies| StoryCount {
                stories: c.stories + 1,
                sum_story_s: c.sum_story_s
                    + copies.iter().map(|c| c.1).sum::<f64>() / copies.len() as f64,
            });
    (names.name(pairs[0].company).to_string(), days, window_count)
}

/// The story of each pair (pairs in publication order, as `(title hash, published)`): a
/// pair joins the open story of its title key when published within 72 hours of that
/// story's first article, else starts one.
/// Stories are numbered from 0 in the order they start. The one place the rule is applied:
/// the counts here and the report's headlines group pairs with it.
pub(super) fn assign_stories(pairs: impl IntoIterator<Item = (Option<u64>, i64)>) -> Vec<usize> {
    let mut open: HashMap<u64, (usize, i64), foldhash::fast::FixedState> = HashMap::default();
    let mut stories = 0;
    pairs
        .into_iter()
        .map(|(title, published)| {
            let Some(hash) = title else {
                stories += 1;
                return stories - 1;
            };
            match open.get(&hash) {
                Some(&(story, first)) if published - first <= STORY_SPAN_MICROS => story,
                _ => {
                    open.insert(hash, (stories, published));
                    stories += 1;
                    stories - 1
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::titles::title_hash;

    #[test]
    fn copies_join_the_story_until_72_hours_after_its_first_article() {
        let t = Some("Nvidia wins order");
        let pairs = [
            (0, t),
            (1, Some("Other news")),
            (72, t),
            (73, t),
            (100, t),
            (100, None),
            (101, None),
        ];
        let mut key = String::new();
        // 73 h is past the first copy's 72 h: a new story, which 100 h then joins.
        assert_eq!(
            assign_stories(pairs.iter().map(|&(hours, title)| (
                title.and_then(|t| title_hash(t, &mut key)),
                hours * 3_600 * 1_000_000
            ))),
            [0, 1, 0, 2, 2, 3, 4]
        );
    }

    #[test]
    fn volume_z_counts_days_without_news_as_zero() {
        let d = |n: i64| NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(n);
        let count = |stories| StoryCount {
            stories,
            sum_story_s: 0.0,
        };
        let mut stories = Stories::default();
        // 5 days with 2 stories in the 30 before day 30, then 8 stories on day 30.
        let mut days: Vec<(NaiveDate, StoryCount)> = [1, 5, 10, 20, 29]
            .iter()
            .map(|&n| (d(n), count(2)))
            .collect();
        days.push((d(30), count(8)));
        stories.days.insert("X".into(), days);
        // history: five 2s and twenty-five 0s → μ = 1/3, σ² = 5·(5/3)²/30 + 25·(1/3)²/30.
        let mu = 10.0 / 30.0;
        let var = (5.0 * (2.0 - mu) * (2.0 - mu) + 25.0 * mu * mu) / 30.0;
        let z = stories.of("X").volume_z_30d(d(30)).unwrap();
        assert!((z - (8.0 - mu) / f64::sqrt(var)).abs() < 1e-12, "{z}");
        // Day 29 sees only four days with news before it.
        assert_eq!(stories.of("X").volume_z_30d(d(29)), None);
        // A day without news has a z-score too (count 0), once the history has 5 days.
        assert!(stories.of("X").volume_z_30d(d(31)).unwrap() < 0.0);
    }
}
