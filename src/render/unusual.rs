//! When the report calls a day unusual, in one place for the page and the charts.
//!
//! `zscore_30d` compares a day's mean with the company's usual daily means. A day of one or
//! two articles has a mean as extreme as its scores: on the sample data 59 of the 64 days
//! with |z| ≥ 2 are such days (up to z = ±6). A day's sentiment is called unusual only from
//! `MIN_ARTICLES` articles; its z-score stays in `daily.csv` either way.

use crate::aggregate::DailyRow;

/// |z| from which a day's mean sentiment or its news volume is unusual.
pub const Z: f64 = 2.0;

/// Articles (pairs) a day needs before its mean sentiment can be called unusual.
pub const MIN_ARTICLES: u64 = 3;

/// The day's `zscore_30d` when it makes the day unusual: |z| ≥ [`Z`] on at least
/// [`MIN_ARTICLES`] articles.
pub fn sentiment_z(day: &DailyRow) -> Option<f64> {
    day.zscore_30d
        .filter(|z| z.abs() >= Z && day.articles >= MIN_ARTICLES)
}

/// The day's `volume_z_30d` when its news volume is unusual: |z| ≥ [`Z`] (story counts
/// have no such small-sample swing: a quiet day counts 0, and σ comes from 30 days).
pub fn volume_z(day: &DailyRow) -> Option<f64> {
    day.volume_z_30d.filter(|z| z.abs() >= Z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(articles: u64, z: Option<f64>, volume_z: Option<f64>) -> DailyRow {
        DailyRow {
            date: "2026-11-20".parse().unwrap(),
            company: "Nvidia".into(),
            symbol: "NVDA".into(),
            tickers: vec!["NVDA".into()],
            articles,
            mean_sentiment: 0.5,
            weighted_sentiment: Some(0.5),
            min_sentiment: 0.5,
            max_sentiment: 0.5,
            bullish: articles,
            bearish: 0,
            neutral: 0,
            rolling_7d: Some(0.5),
            zscore_30d: z,
            stories: articles,
            story_mean_sentiment: Some(0.5),
            volume_z_30d: volume_z,
            close: None,
        }
    }

    #[test]
    fn a_day_is_unusual_from_three_articles_and_two_deviations() {
        assert_eq!(sentiment_z(&day(1, Some(6.0), None)), None);
        assert_eq!(sentiment_z(&day(2, Some(-6.0), None)), None);
        assert_eq!(sentiment_z(&day(3, Some(-2.0), None)), Some(-2.0));
        assert_eq!(sentiment_z(&day(30, Some(1.99), None)), None);
        assert_eq!(sentiment_z(&day(30, None, None)), None);
        assert_eq!(volume_z(&day(1, None, Some(0.55))), None);
        assert_eq!(volume_z(&day(1, None, Some(-2.5))), Some(-2.5));
    }
}
