//! The rows of `daily.csv` and `summary.csv`: the contract's columns in its order, then the
//! columns tickertone appends (so that scripts reading by position keep working). Each row
//! carries all of its columns; serde writes and reads them by name ([`super::cells`] says
//! how each cell reads).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{cells, Label};

/// One row of `daily.csv`: a company's day with news.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailyRow {
    #[serde(with = "cells::date")]
    pub date: NaiveDate,
    #[serde(with = "cells::text")]
    pub company: String,
    #[serde(with = "cells::text")]
    pub symbol: String,
    #[serde(with = "cells::tickers")]
    pub tickers: Vec<String>,
    pub articles: u64,
    #[serde(with = "cells::required")]
    pub mean_sentiment: f64,
    #[serde(with = "cells::optional")]
    pub weighted_sentiment: Option<f64>,
    #[serde(with = "cells::required")]
    pub min_sentiment: f64,
    #[serde(with = "cells::required")]
    pub max_sentiment: f64,
    pub bullish: u64,
    pub bearish: u64,
    pub neutral: u64,
    #[serde(with = "cells::optional")]
    pub rolling_7d: Option<f64>,
    #[serde(with = "cells::optional")]
    pub zscore_30d: Option<f64>,
    // Appended: optional when read (see `Appended`).
    /// Distinct stories with a copy that day.
    #[serde(default)]
    pub stories: u64,
    /// Mean over those stories of each story's mean `s` that day.
    #[serde(default, with = "cells::optional")]
    pub story_mean_sentiment: Option<f64>,
    /// z-score of the day's story count against `date−30 … date−1` (see `stories`).
    #[serde(default, with = "cells::optional")]
    pub volume_z_30d: Option<f64>,
    /// The company's close that day (`--prices`): drawn, not written.
    #[serde(skip)]
    pub close: Option<f64>,
}

/// One row of `summary.csv`: a company over the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    #[serde(with = "cells::text")]
    pub company: String,
    #[serde(with = "cells::text")]
    pub symbol: String,
    #[serde(with = "cells::tickers")]
    pub tickers: Vec<String>,
    pub articles: u64,
    #[serde(with = "cells::required")]
    pub mean_sentiment: f64,
    #[serde(with = "cells::optional")]
    pub weighted_sentiment: Option<f64>,
    #[serde(with = "cells::date")]
    pub last_date: NaiveDate,
    #[serde(with = "cells::required")]
    pub last_sentiment: f64,
    #[serde(with = "cells::optional")]
    pub rolling_7d: Option<f64>,
    #[serde(with = "cells::optional")]
    pub change_7d: Option<f64>,
    #[serde(with = "cells::label")]
    pub label: Label,
    // Appended: optional when read (see `Appended`).
    /// Distinct stories with a copy in the window.
    #[serde(default)]
    pub stories: u64,
    #[serde(default, with = "cells::optional")]
    pub story_mean_sentiment: Option<f64>,
    /// The symbol table's sector of the company (by sector: the sector itself).
    #[serde(default, with = "cells::optional_text")]
    pub sector: Option<String>,
    /// Pearson correlation of `mean_sentiment` with the next trading day's return.
    #[serde(default, with = "cells::optional")]
    pub corr_next_return: Option<f64>,
    /// Days with both; `None` without closes for the company.
    #[serde(default)]
    pub corr_n: Option<usize>,
    /// Articles in the window that mention the company but are not about it: left out of
    /// every number above (0 with `--all-mentions`). Shown by `show` and the report's page;
    /// not a column, so that `--all-mentions` writes the CSVs as before `about` existed.
    #[serde(skip)]
    pub not_about: u64,
}

/// The columns a row appends to the contract's: optional when a report's CSV is read (the
/// Spark job writes the contract's alone). Without the story columns, each article counts
/// as its own story.
pub trait Appended {
    /// The appended columns, in order.
    const APPENDED: &'static [&'static str];
    /// Fills in what a file without the story columns leaves out.
    fn without_stories(&mut self);
}

impl Appended for DailyRow {
    const APPENDED: &'static [&'static str] = &["stories", "story_mean_sentiment", "volume_z_30d"];
    fn without_stories(&mut self) {
        self.stories = self.articles;
        self.story_mean_sentiment = Some(self.mean_sentiment);
    }
}

impl Appended for SummaryRow {
    const APPENDED: &'static [&'static str] = &[
        "stories",
        "story_mean_sentiment",
        "sector",
        "corr_next_return",
        "corr_n",
    ];
    fn without_stories(&mut self) {
        self.stories = self.articles;
        self.story_mean_sentiment = Some(self.mean_sentiment);
    }
}

/// The contract's columns of a row type: its columns up to the appended ones.
pub fn contract_columns<'de, T: Appended + Deserialize<'de>>() -> &'static [&'static str] {
    let all = cells::columns_of::<T>();
    &all[..all.len() - T::APPENDED.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_columns_come_first_in_its_order() {
        assert_eq!(
            contract_columns::<DailyRow>(),
            [
                "date",
                "company",
                "symbol",
                "tickers",
                "articles",
                "mean_sentiment",
                "weighted_sentiment",
                "min_sentiment",
                "max_sentiment",
                "bullish",
                "bearish",
                "neutral",
                "rolling_7d",
                "zscore_30d"
            ]
        );
        assert_eq!(
            contract_columns::<SummaryRow>(),
            [
                "company",
                "symbol",
                "tickers",
                "articles",
                "mean_sentiment",
                "weighted_sentiment",
                "last_date",
                "last_sentiment",
                "rolling_7d",
                "change_7d",
                "label"
            ]
        );
        for (all, appended) in [
            (cells::columns_of::<DailyRow>(), DailyRow::APPENDED),
            (cells::columns_of::<SummaryRow>(), SummaryRow::APPENDED),
        ] {
            assert!(all.ends_with(appended), "{all:?}");
        }
    }
}
