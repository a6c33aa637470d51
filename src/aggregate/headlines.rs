//! Headlines: per company, the stories that moved it most on its latest days with news.

use std::collections::BTreeMap;
use std::num::NonZeroU64;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::frame::{day_number, from_day_number};
use super::pairs::{ArticleIds, Numbering, PairRecord};
use super::stories::assign_stories;

/// Headlines per company.
pub const PER_COMPANY: usize = 3;
/// A company's last days with news that its headlines come from.
pub const LAST_DAYS: usize = 3;

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

/// Per company, the [`PER_COMPANY`] stories with the largest |s| on its last [`LAST_DAYS`]
/// days with news in the window (most moving first), each as its most moving article with
/// the number of its copies on those days (the rule of [`assign_stories`]: normalised titles
/// equal, within 72 hours of the story's first article there); titles are left for the
/// store to fill in, with the source and url. `days` are the window's (company, date)
/// with news, sorted by company, then date (the daily rows'): they give each company's
/// last days. `records` are sorted by [`super::stories::sort_records`].
pub fn select(
    records: &[PairRecord],
    numbering: &Numbering,
    days: &[(&str, NaiveDate)],
) -> Vec<Headline> {
    let (names, ids) = (&numbering.companies, &numbering.articles);
    let mut since: BTreeMap<&str, i32> = BTreeMap::new();
    for rows in days.chunk_by(|a, b| a.0 == b.0) {
        let first = rows.len().saturating_sub(LAST_DAYS);
        since.insert(rows[0].0, day_number(rows[first].1));
    }
    let Some(to) = days.iter().map(|d| day_number(d.1)).max() else {
        return Vec::new();
    };
    // Companies on every core, gathered in their order.
    records
        .par_chunk_by(|a, b| a.company == b.company)
        .flat_map_iter(|company_records| {
            let company = names.name(company_records[0].company);
            let first = since.get(company).copied();
            first
                .map(|first| company_headlines(company, company_records, first..=to, ids))
                .unwrap_or_default()
        })
        .collect()
}

/// One company's headlines: its stories of `days` that moved it most.
fn company_headlines(
    company: &str,
    company_records: &[PairRecord],
    days: RangeInclusive<i32>,
    ids: &ArticleIds,
) -> Vec<Headline> {
    // In publication order, then id (the records' order), as the story pass walks.
    let pairs: Vec<&PairRecord> = company_records
        .iter()
        .filter(|p| days.contains(&p.day))
        .collect();
    let mut stories = story_groups(&pairs);
    let most_moving = |a: &&PairRecord, b: &&PairRecord| {
        b.s.abs()
            .total_cmp(&a.s.abs())
            .then(b.day.cmp(&a.day))
            .then_with(|| ids.get(a.article).cmp(ids.get(b.article)))
    };
    for story in &mut stories {
        story.sort_by(most_moving);
    }
    stories.sort_by(|a, b| most_moving(&a[0], &b[0]));
    stories
        .into_iter()
        .take(PER_COMPANY)
        .map(|story| {
            let top = story[0];
            Headline {
                company: company.to_string(),
                date: from_day_number(top.day),
                article_id: ids.get(top.article).to_string(),
                score: top.s,
                title: None,
                source: None,
                url: None,
                copies: story.len() as u64 - 1,
            }
        })
        .collect()
}

/// One company's pairs (in publication order, then id) grouped into stories; untitled
/// pairs are stories of their own.
fn story_groups<'a>(pairs: &[&'a PairRecord]) -> Vec<Vec<&'a PairRecord>> {
    let story_of = assign_stories(
        pairs
            .iter()
            .map(|p| (p.title.map(NonZeroU64::get), p.published)),
    );
    let mut stories: Vec<Vec<&PairRecord>> = Vec::new();
    for (&pair, story) in pairs.iter().zip(story_of) {
        if story == stories.len() {
            stories.push(Vec::new());
        }
        stories[story].push(pair);
    }
    stories
}
