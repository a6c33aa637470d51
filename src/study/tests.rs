//! The study on hand-made data whose answers are known.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::*;
use crate::aggregate::DailyRow;

pub(crate) fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + chrono::Duration::days(n)
}

pub(crate) fn row(company: &str, date: NaiveDate, mean: f64, z: Option<f64>) -> DailyRow {
    DailyRow {
        date,
        company: company.into(),
        symbol: company.into(),
        tickers: vec![company.into()],
        articles: 1,
        mean_sentiment: mean,
        weighted_sentiment: Some(mean),
        min_sentiment: mean,
        max_sentiment: mean,
        bullish: 0,
        bearish: 0,
        neutral: 1,
        rolling_7d: None,
        zscore_30d: z,
        stories: 1,
        story_mean_sentiment: Some(mean),
        volume_z_30d: None,
        close: None,
    }
}

/// Six companies over 40 calendar days (every day a trading day): each day company k's
/// sentiment is k, and its next-day return rises with k on even days and falls on odd.
fn six_companies() -> (Vec<DailyRow>, HashMap<String, Closes>) {
    let names = ["A", "B", "C", "D", "E", "F"];
    let mut closes: HashMap<String, Closes> = HashMap::new();
    let mut daily = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let mut price = 100.0;
        let mut c = Closes::new();
        for t in 0..40 {
            c.insert(day(t), price);
            let sign = if t % 2 == 0 { 1.0 } else { -1.0 };
            price *= 1.0 + sign * 0.001 * (k as f64 + 1.0);
        }
        closes.insert(name.to_string(), c);
        for t in 0..30 {
            let z = (k == 0 && t == 10).then_some(2.5);
            daily.push(row(name, day(t), k as f64 / 10.0, z));
        }
    }
    (daily, closes)
}

fn input<'a>(
    daily: &'a [DailyRow],
    closes: &'a HashMap<String, Closes>,
    horizons: Vec<u32>,
) -> StudyInput<'a> {
    StudyInput {
        window: Window {
            from: day(0),
            to: day(29),
        },
        daily,
        closes,
        benchmark: None,
        horizons,
        grouping: "company",
        without_sector: 0,
    }
}

#[test]
fn the_ic_alternates_with_the_returns_and_horizons_past_the_last_close_are_left_out() {
    let (daily, closes) = six_companies();
    let study = compute(&input(&daily, &closes, vec![1, 15]));
    let one = &study.ic[0];
    // 30 days with news, each with a next close (the closes run to day 39).
    assert_eq!(one.days.len(), 30);
    for d in &one.days {
        let expected = if (d.date - day(0)).num_days() % 2 == 0 {
            1.0
        } else {
            -1.0
        };
        assert!((d.ic - expected).abs() < 1e-12, "{d:?}");
    }
    assert_eq!(one.share_positive, Some(0.5));
    assert!(one.mean.unwrap().abs() < 1e-12);
    // 15 days ahead: only days 0..=24 have a close 15 trading days later.
    assert_eq!(study.ic[1].days.len(), 25);
    // Rows: those 5 days × 6 companies.
    assert_eq!(study.coverage.past_last_close, [(1, 0), (15, 30)]);
    // Quintiles: on even days the top quintile earns most.
    let q = &study.quantiles[0];
    assert_eq!(q.quantiles.len(), 5);
    assert_eq!(q.daily.len(), 30);
    assert!(q.spread.unwrap().abs() < 1e-12, "alternating days cancel");
}

#[test]
fn too_few_companies_and_tied_days_are_counted_not_used() {
    let (mut daily, closes) = six_companies();
    // Day 3: three of the six companies share one sentiment (repeated quintile edges).
    for r in daily.iter_mut().filter(|r| r.date == day(3)) {
        if r.company.as_str() < "D" {
            r.mean_sentiment = 0.0;
        }
    }
    // Day 4: only four companies have news.
    daily.retain(|r| !(r.date == day(4) && (r.company == "E" || r.company == "F")));
    let study = compute(&input(&daily, &closes, vec![1]));
    assert_eq!(study.ic[0].days_tied, 1);
    assert_eq!(study.ic[0].days_too_few, 1);
    assert_eq!(study.ic[0].days.len(), 28);
    assert!(study.ic[0].warning().is_none());
}

#[test]
fn the_event_study_measures_against_the_mean_of_the_companies() {
    let (daily, closes) = six_companies();
    let study = compute(&input(&daily, &closes, vec![1]));
    let positive = &study.events.curves[0];
    assert_eq!(
        (positive.sign, positive.events, positive.left_out),
        ("positive", 1, 0)
    );
    assert_eq!(positive.days.len(), 26);
    // Company A (k = 0) moves by 0.1 % a day, the mean by 0.35 %: on an even day t its
    // return (of day t, from t − 1) is −0.1 %, and the abnormal return +0.25 %.
    let (day0, ar, _, se) = positive.days[5];
    assert_eq!(day0, 0);
    let expected = -(0.001 - 0.0035);
    assert!((ar - expected).abs() < 1e-9, "{ar}");
    assert_eq!(se, None, "one event has no standard error");
    assert_eq!(study.events.curves[1].events, 0);
}

#[test]
fn a_missing_close_is_never_filled() {
    let (daily, mut closes) = six_companies();
    if let Some(c) = closes.get_mut("A") {
        c.remove(&day(6));
    }
    let study = compute(&input(&daily, &closes, vec![1]));
    // Day 6 loses A (no close), and day 5 too (no close a day later): five companies left.
    let day5 = study.ic[0].days.iter().find(|d| d.date == day(5)).unwrap();
    assert_eq!(day5.companies, 5);
    assert_eq!(study.coverage.no_close_that_day, 1);
    // A's time-series correlation skips the days it cannot measure.
    let a = study
        .correlations
        .iter()
        .find(|c| c.company == "A")
        .unwrap();
    assert_eq!(a.n, 28);
}

#[test]
fn horizons_parse_sorted_and_bounded() {
    assert_eq!(parse_horizons("20,1,5,5").unwrap(), [1, 5, 20]);
    assert!(parse_horizons("0").is_err());
    assert!(parse_horizons("x").is_err());
    assert!(parse_horizons("").is_err());
}
