//! The daily rows and the summary rows of the companies, from their per-day sums.
//!
//! Each daily row is built on its own, straight into the one vector of the report's rows
//! (rayon collects an indexed iterator in place): built per company and then gathered,
//! the rows were held twice while they were copied, the report's peak of memory (10M
//! one-year report: 1.36 GB; see `benches/RESULTS.md`, issue 29).

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;

use super::frame::day_number;
use super::pairs::Numbering;
use super::series::{self, CompanyDay};
use super::stories::Stories;
use super::{label, DailyRow, Grouping, Scope, SummaryRow, Window};

/// What the rows are built from, shared by the builders.
pub(super) struct Known<'a> {
    pub window: Window,
    pub scope: &'a Scope,
    /// Per company (by number), its pairs in the window left out as not about it.
    pub left_out: &'a HashMap<u32, u64>,
    pub stories: &'a Stories,
    /// What the numbers of the days stand for.
    pub numbering: &'a Numbering,
    /// `(company, day, ticker)` of the window, sorted.
    pub tickers: &'a [(u32, i32, u32)],
}

impl Known<'_> {
    /// The daily rows of `days` (sorted by company name, then date) dated in the window, in
    /// that order, and a summary row per company with news in the window, in that order.
    pub fn rows(&self, days: &[CompanyDay]) -> (Vec<DailyRow>, Vec<SummaryRow>) {
        let companies: Vec<&[CompanyDay]> = days.chunk_by(|a, b| a.company == b.company).collect();
        // Where each daily row's day is: (company, its place among the company's days).
        let at: Vec<(u32, u32)> = companies
            .iter()
            .enumerate()
            .flat_map(|(c, company_days)| {
                company_days
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| self.window.contains(d.stats.date))
                    .map(move |(i, _)| (c as u32, i as u32))
            })
            .collect();
        rayon::join(
            || {
                at.par_iter()
                    .map(|&(c, i)| self.daily_row(companies[c as usize], i as usize))
                    .collect()
            },
            || {
                companies
                    .par_iter()
                    .filter_map(|company_days| self.summary_row(company_days))
                    .collect()
            },
        )
    }

    /// The row of day `i` of a company's days (sorted by date).
    fn daily_row(&self, company_days: &[CompanyDay], i: usize) -> DailyRow {
        let day = &company_days[i];
        let s = &day.stats;
        let company = self.numbering.companies.name(day.company);
        let company_stories = self.stories.of(company);
        let day_stories = company_stories.on(s.date);
        let mut tickers: Vec<String> = self.tickers_of(day.company, s.date, s.date).collect();
        tickers.sort();
        DailyRow {
            date: s.date,
            company: company.to_string(),
            symbol: self.numbering.symbols.name(day.symbol).to_string(),
            tickers,
            articles: s.pairs,
            mean_sentiment: s.mean(),
            weighted_sentiment: s.weighted(),
            min_sentiment: s.min,
            max_sentiment: s.max,
            bullish: s.bullish,
            bearish: s.bearish,
            neutral: s.pairs - s.bullish - s.bearish,
            rolling_7d: series::mean_over(company_days, s.date - Duration::days(6), s.date),
            zscore_30d: series::zscore_30d(company_days, i),
            stories: day_stories.stories,
            story_mean_sentiment: day_stories.mean(),
            volume_z_30d: company_stories.volume_z_30d(s.date),
            close: None,
        }
    }

    /// The ticker names of `company` on the days `from ..= to` (of the window), each once
    /// per day.
    fn tickers_of(
        &self,
        company: u32,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = String> + '_ {
        let (first, last) = (day_number(from), day_number(to));
        let tickers = self.tickers;
        let lo = tickers.partition_point(|t| (t.0, t.1) < (company, first));
        let hi = tickers.partition_point(|t| (t.0, t.1) <= (company, last));
        tickers[lo..hi.max(lo)]
            .iter()
            .map(|t| self.numbering.tickers.name(t.2).to_string())
    }

    /// A company's summary row from its days (sorted by date); `None` without news in the
    /// window.
    fn summary_row(&self, company_days: &[CompanyDay]) -> Option<SummaryRow> {
        let window = self.window;
        let last = company_days
            .iter()
            .rposition(|d| window.contains(d.stats.date))?;
        let number = company_days[last].company;
        let company = self.numbering.companies.name(number);
        let window_tickers: BTreeSet<String> =
            self.tickers_of(number, window.from, window.to).collect();
        let total = series::sum_over(company_days, window.from, window.to);
        let rolling = series::mean_over(company_days, window.to - Duration::days(6), window.to);
        let before = series::mean_over(
            company_days,
            window.to - Duration::days(13),
            window.to - Duration::days(7),
        );
        let mean = total.mean();
        let window_stories = self.stories.in_window(company);
        let sector = match self.scope.grouping {
            Grouping::Company => self.scope.sector_of.get(company).cloned(),
            Grouping::Sector => Some(company.to_string()),
        };
        let last_day = &company_days[last].stats;
        Some(SummaryRow {
            company: company.to_string(),
            symbol: self
                .numbering
                .symbols
                .name(company_days[last].symbol)
                .to_string(),
            tickers: window_tickers.into_iter().collect(),
            articles: total.pairs,
            mean_sentiment: mean,
            weighted_sentiment: total.weighted(),
            last_date: last_day.date,
            last_sentiment: last_day.mean(),
            rolling_7d: rolling,
            change_7d: rolling.zip(before).map(|(r, b)| r - b),
            label: label(mean),
            stories: window_stories.stories,
            story_mean_sentiment: window_stories.mean(),
            sector,
            corr_next_return: None,
            corr_n: None,
            not_about: self.left_out.get(&number).copied().unwrap_or(0),
        })
    }
}
