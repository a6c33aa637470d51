//! The rolling line against the contract's formula evaluated on pairs, day by day.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Pairs (date, s), history included, → the company's rows dated in `window`, with
/// `rolling_7d` computed as the aggregation does (over the pairs, history included).
fn rows(pairs: &[(NaiveDate, f64)], window: Window) -> Vec<NewsDay> {
    let mut dates: Vec<NaiveDate> = pairs.iter().map(|p| p.0).collect();
    dates.sort();
    dates.dedup();
    dates
        .into_iter()
        .filter(|&date| window.contains(date))
        .map(|date| {
            let day: Vec<f64> = pairs.iter().filter(|p| p.0 == date).map(|p| p.1).collect();
            NewsDay {
                date,
                rolling_7d: formula(pairs, date),
                sums: Some((day.iter().sum(), day.len() as u64)),
            }
        })
        .collect()
}

/// The contract: mean of `s` over the pairs dated date−6 … date.
fn formula(pairs: &[(NaiveDate, f64)], date: NaiveDate) -> Option<f64> {
    let from = date - chrono::Duration::days(6);
    let s: Vec<f64> = pairs
        .iter()
        .filter(|p| (from..=date).contains(&p.0))
        .map(|p| p.1)
        .collect();
    (!s.is_empty()).then(|| s.iter().sum::<f64>() / s.len() as f64)
}

/// A small pseudo-random generator: the tests need no crate for it.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// Whatever the news, every point is the formula's value on its day; every day from the
/// seventh whose window holds a pair has a point, and a run ends exactly where a window is
/// empty; in the first six days only the days with news have one.
#[test]
fn every_point_is_the_formula_and_runs_break_only_at_empty_windows() {
    let window = Window {
        from: d("2026-03-01"),
        to: d("2026-05-29"),
    };
    let mut seed = 11;
    for _ in 0..200 {
        // News on a random share of days, with quiet spells, from 20 days before the window.
        let density = next(&mut seed) % 100;
        let mut pairs = Vec::new();
        for date in d("2026-02-09").iter_days().take(110) {
            if next(&mut seed) % 100 < density && !next(&mut seed).is_multiple_of(9) {
                for _ in 0..1 + next(&mut seed) % 4 {
                    let s = (next(&mut seed) % 2001) as f64 / 1000.0 - 1.0;
                    pairs.push((date, s));
                }
            }
        }
        let days = rows(&pairs, window);
        let runs = runs(window, &days);
        let points: Vec<(NaiveDate, f64)> = runs.iter().flatten().copied().collect();
        let first_whole = window.from + chrono::Duration::days(6);
        let mut expected = Vec::new();
        for date in window.from.iter_days().take(90) {
            let news = days.iter().any(|n| n.date == date);
            match formula(&pairs, date) {
                Some(v) if date >= first_whole || news => expected.push((date, v)),
                _ => {}
            }
        }
        assert_eq!(points.len(), expected.len());
        for (got, want) in points.iter().zip(&expected) {
            assert_eq!(got.0, want.0);
            assert!((got.1 - want.1).abs() < 1e-12, "{got:?} {want:?}");
        }
        // Between two runs lies a day whose window holds no pair; never inside one.
        for pair in runs.windows(2) {
            let (end, start) = (pair[0].last().unwrap().0, pair[1][0].0);
            let empty = end.iter_days().skip(1).take_while(|&x| x < start);
            assert!(empty.clone().any(|x| formula(&pairs, x).is_none()));
        }
        for run in &runs {
            for w in run.windows(2) {
                let between = w[0].0.iter_days().take_while(|&x| x < w[1].0);
                assert!(between
                    .clone()
                    .all(|x| x < first_whole || formula(&pairs, x).is_some()));
            }
        }
    }
}

#[test]
fn news_every_third_day_is_one_line_with_a_point_a_day() {
    let window = Window {
        from: d("2026-01-01"),
        to: d("2026-03-01"),
    };
    let pairs: Vec<(NaiveDate, f64)> = window
        .from
        .iter_days()
        .step_by(3)
        .take_while(|&x| x <= window.to)
        .map(|x| (x, 0.25))
        .collect();
    let runs = runs(window, &rows(&pairs, window));
    assert_eq!(runs.len(), 1);
    // Jan 1 and Jan 4 (news), then every day from Jan 7 to Mar 1.
    assert_eq!(runs[0].len(), 2 + 54);
    assert_eq!(runs[0][0].0, d("2026-01-01"));
    assert_eq!(runs[0][1].0, d("2026-01-04"));
    assert_eq!(runs[0][2].0, d("2026-01-07"));
}

#[test]
fn a_week_without_news_breaks_the_line_and_weekly_news_does_not() {
    let window = Window {
        from: d("2026-01-01"),
        to: d("2026-01-31"),
    };
    let at = |days: &[u32]| -> Vec<NewsDay> {
        let pairs: Vec<(NaiveDate, f64)> = days
            .iter()
            .map(|&n| (d(&format!("2026-01-{n:02}")), 0.1 * n as f64))
            .collect();
        rows(&pairs, window)
    };
    // News on the 10th and the 18th: the 17th's window (11th … 17th) holds none.
    let broken = runs(window, &at(&[1, 10, 18]));
    let spans: Vec<(NaiveDate, NaiveDate)> =
        broken.iter().map(|r| (r[0].0, r[r.len() - 1].0)).collect();
    assert_eq!(
        spans,
        [
            (d("2026-01-01"), d("2026-01-07")),
            (d("2026-01-10"), d("2026-01-16")),
            (d("2026-01-18"), d("2026-01-24")),
        ]
    );
    // Once a week: every window holds the last news.
    let weekly = runs(window, &at(&[3, 10, 17, 24, 31]));
    assert_eq!(weekly.len(), 1);
    assert_eq!(weekly[0].len(), 1 + 25);
}

/// A sector's days without its pair sums (its companies unknown) get no point, and do not
/// break the line while the week holds news.
#[test]
fn unknown_sums_leave_out_points_not_the_line() {
    let window = Window {
        from: d("2026-01-01"),
        to: d("2026-01-20"),
    };
    let day = |n: u32, v: f64| NewsDay {
        date: d(&format!("2026-01-{n:02}")),
        rolling_7d: Some(v),
        sums: None,
    };
    let runs = runs(window, &[day(2, 0.1), day(8, 0.3), day(20, 0.2)]);
    assert_eq!(
        runs,
        [
            vec![(d("2026-01-02"), 0.1), (d("2026-01-08"), 0.3)],
            vec![(d("2026-01-20"), 0.2)]
        ]
    );
}

#[test]
fn sector_sums_add_their_companies_pairs() {
    let row = |company: &str, date: &str, articles: u64, mean: f64| DailyRow {
        date: d(date),
        company: company.into(),
        symbol: company.into(),
        tickers: vec![company.into()],
        articles,
        mean_sentiment: mean,
        weighted_sentiment: Some(mean),
        min_sentiment: mean,
        max_sentiment: mean,
        bullish: 0,
        bearish: 0,
        neutral: articles,
        rolling_7d: Some(mean),
        zscore_30d: None,
        stories: articles,
        story_mean_sentiment: Some(mean),
        volume_z_30d: None,
        close: None,
    };
    let summary_row = |company: &str, sector: Option<&str>| SummaryRow {
        company: company.into(),
        symbol: company.into(),
        tickers: vec![company.into()],
        articles: 1,
        mean_sentiment: 0.0,
        weighted_sentiment: None,
        last_date: d("2026-01-02"),
        last_sentiment: 0.0,
        rolling_7d: None,
        change_7d: None,
        label: crate::aggregate::label(0.0),
        stories: 1,
        story_mean_sentiment: None,
        sector: sector.map(str::to_string),
        corr_next_return: None,
        corr_n: None,
        not_about: 0,
    };
    let daily = [
        row("A", "2026-01-01", 2, 0.5),
        row("B", "2026-01-01", 1, -0.4),
        row("C", "2026-01-01", 5, 0.9),
        row("A", "2026-01-02", 1, 0.2),
    ];
    let summary = [
        summary_row("A", Some("Tech")),
        summary_row("B", Some("Tech")),
        summary_row("C", None),
    ];
    let sums = sector_sums(&daily, &summary);
    assert_eq!(sums.len(), 1);
    let tech = &sums["Tech"];
    assert_eq!(tech[&d("2026-01-01")], (0.6, 3));
    assert_eq!(tech[&d("2026-01-02")], (0.2, 1));
}

#[test]
fn a_sectors_sums_are_used_only_when_they_are_its_own() {
    let window = Window {
        from: d("2026-01-01"),
        to: d("2026-01-31"),
    };
    let row = |date: &str, mean: f64| SectorRow {
        date: d(date),
        sector: "Tech".into(),
        companies: 2,
        stories: 3,
        mean,
        weighted: Some(mean),
        rolling_7d: Some(mean),
    };
    let rows = [row("2026-01-02", 0.2), row("2026-01-05", -0.1)];
    let rows: Vec<&SectorRow> = rows.iter().collect();
    let sums: SectorSums = [(d("2026-01-02"), (0.6, 3)), (d("2026-01-05"), (-0.2, 2))].into();
    let days = sector_days(window, &rows, Some(&sums));
    assert_eq!(days[1].sums, Some((-0.2, 2)));
    assert_eq!(days[0].rolling_7d, Some(0.2));
    // A company missing on a day (its mean differs), or a day more: none are used.
    let other: SectorSums = [(d("2026-01-02"), (0.6, 3)), (d("2026-01-05"), (-0.3, 2))].into();
    let more: SectorSums = [
        (d("2026-01-02"), (0.6, 3)),
        (d("2026-01-04"), (0.1, 1)),
        (d("2026-01-05"), (-0.2, 2)),
    ]
    .into();
    for sums in [Some(&other), Some(&more), None] {
        let days = sector_days(window, &rows, sums);
        assert!(days.iter().all(|d| d.sums.is_none()));
        assert_eq!(days.len(), 2);
    }
}
