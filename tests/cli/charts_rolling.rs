//! The 7-day rolling mean drawn through the days without news (issue 30), read from the SVG
//! charts: one polyline per run of the line, a point on every day the line has a value,
//! each at the contract's formula; a week without news breaks it. `daily.csv` keeps one
//! row per day with news.

use chrono::{Duration, NaiveDate};

use crate::{csv_rows, Workspace};

/// The fixtures' window: 60 days, 2026-01-01 … 2026-03-01.
const FROM: &str = "2026-01-01";
const TO: &str = "2026-03-01";
const DAYS: i64 = 60;

fn day(i: i64) -> NaiveDate {
    FROM.parse::<NaiveDate>().unwrap() + Duration::days(i)
}

/// A company's pairs: (day of the window, score), one article each.
type Pairs = Vec<(i64, f64)>;

/// News on the days `days` keeps, one or two articles, scores that move.
fn pairs(days: impl Iterator<Item = i64>) -> Pairs {
    let mut out = Vec::new();
    for i in days {
        out.push((i, ((i as f64) * 0.7).sin() * 0.6));
        if i % 2 == 0 {
            out.push((i, 0.3));
        }
    }
    out
}

fn ndjson(ticker: &str, pairs: &Pairs) -> String {
    let mut lines = String::new();
    for (k, (i, s)) in pairs.iter().enumerate() {
        lines.push_str(&format!(
            r#"{{"id":"{ticker}{k}","published_at":"{}T12:00:00Z","title":"{ticker} item {k}","tickers":["{ticker}"],"sentiment":{s:.4}}}"#,
            day(*i)
        ));
        lines.push('\n');
    }
    lines
}

/// The contract's `rolling_7d` on day `i`: the mean of `s` over the pairs of days i−6 … i
/// (scores as ingested, at four decimals).
fn formula(pairs: &Pairs, i: i64) -> Option<f64> {
    let s: Vec<f64> = pairs
        .iter()
        .filter(|p| (i - 6..=i).contains(&p.0))
        .map(|p| (p.1 * 1e4).round() / 1e4)
        .collect();
    (!s.is_empty()).then(|| s.iter().sum::<f64>() / s.len() as f64)
}

/// The polylines of the line drawn in `stroke`, 3 px wide, below the legend (y = 84): their
/// points.
fn runs(svg: &str, stroke: &str) -> Vec<Vec<(i32, i32)>> {
    let head = format!("stroke=\"{stroke}\" stroke-width=\"3\" points=\"");
    svg.lines()
        .filter(|l| l.starts_with("<polyline "))
        .filter_map(|l| l.split_once(&head).map(|(_, rest)| rest))
        .map(|rest| {
            let points = rest.split('"').next().unwrap_or_default();
            points
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').expect("x,y");
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect::<Vec<(i32, i32)>>()
        })
        .filter(|points| points.iter().any(|p| p.1 != 84))
        .collect()
}

/// The x of day `i` in a 60-day chart (the panel 84 … 1160) and the y of a sentiment in
/// the company chart's panel (108 … 498).
fn x_of(i: i64) -> i32 {
    (84.0 + (i as f64 + 0.5) * 1076.0 / DAYS as f64).round() as i32
}

fn y_of(v: f64) -> i32 {
    (108.0 + (1.0 - v) / 2.0 * 390.0).round() as i32
}

/// The days the line has a point on: from the seventh day, every day whose week holds a
/// pair; before it, the days with news (the rows do not reach back further).
fn expected_days(pairs: &Pairs) -> Vec<i64> {
    (0..DAYS)
        .filter(|&i| formula(pairs, i).is_some())
        .filter(|&i| i >= 6 || pairs.iter().any(|p| p.0 == i))
        .collect()
}

fn workspace(companies: &[(&str, &Pairs)]) -> Workspace {
    let ws = Workspace::new();
    let lines: String = companies.iter().map(|(t, p)| ndjson(t, p)).collect();
    ws.write("in/news.ndjson", &lines);
    // A sector of each company's own: the sectors panel draws the same lines.
    let mut symbols = String::from("company,tickers,aliases,sector,industry\n");
    for (t, _) in companies {
        symbols.push_str(&format!("{t},{t},,Sector {t},\n"));
    }
    ws.write("data/symbols.csv", &symbols);
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    ws.cmd()
        .args(["-q", "report", "--from", FROM, "--to", TO])
        .args(["--format", "svg,csv"])
        .assert()
        .code(0);
    ws
}

/// The runs drawn for `pairs` are `expected` (first and last day of each), every point at
/// its day and at the formula's value.
fn check(svg: &str, stroke: &str, pairs: &Pairs, expected: &[(i64, i64)], y: fn(f64) -> i32) {
    let drawn = runs(svg, stroke);
    let days = expected_days(pairs);
    let spans: Vec<(i64, i64)> = {
        let mut spans = Vec::new();
        let mut rest = days.as_slice();
        for run in &drawn {
            let (this, next) = rest.split_at(run.len().min(rest.len()));
            spans.push((this[0], this[this.len() - 1]));
            rest = next;
        }
        spans
    };
    assert_eq!(spans, expected, "{stroke}: runs");
    let points: Vec<(i32, i32)> = drawn.concat();
    assert_eq!(points.len(), days.len(), "{stroke}: a point a day");
    for (&(x, got), &i) in points.iter().zip(&days) {
        assert_eq!(x, x_of(i), "{stroke}: day {i}");
        let want = y(formula(pairs, i).unwrap());
        assert!(
            (got - want).abs() <= 1,
            "{stroke}: day {i}: y {got}, want {want}"
        );
    }
}

#[test]
fn news_every_third_day_is_one_line_through_every_day() {
    let every_third = pairs((0..DAYS).step_by(3));
    let ws = workspace(&[("EVRY", &every_third)]);
    // daily.csv: one row per day with news, as before.
    let daily = csv_rows(&ws.read(&format!("reports/{TO}/daily.csv")));
    assert_eq!(daily.len(), 20);
    let svg = ws.read(&format!("reports/{TO}/charts/EVRY.svg"));
    // Jan 1 and Jan 4 (news, before the rows cover a whole week), then all 54 days from
    // Jan 7: one line.
    check(&svg, "#222222", &every_third, &[(0, 59)], y_of);
    assert_eq!(expected_days(&every_third).len(), 2 + 54);
}

#[test]
fn a_week_without_news_breaks_the_line_and_weekly_news_does_not() {
    // Every third day but none from Jan 20 (day 19) to Feb 2 (day 32): the last news
    // before, Jan 19, holds the windows up to Jan 25 (day 24); those of Jan 26 … Feb 2 are
    // empty.
    let gap = pairs((0..DAYS).step_by(3).filter(|i| !(21..=32).contains(i)));
    let weekly = pairs((0..DAYS).step_by(7));
    let ws = workspace(&[("GAPW", &gap), ("WKLY", &weekly)]);
    let svg = |t: &str| ws.read(&format!("reports/{TO}/charts/{t}.svg"));
    check(&svg("GAPW"), "#222222", &gap, &[(0, 24), (33, 59)], y_of);
    check(&svg("WKLY"), "#222222", &weekly, &[(0, 59)], y_of);
}

/// Three companies compared: each its own colour, the same line as in its own chart.
#[test]
fn the_comparison_draws_each_line_through_every_day() {
    let every_third = pairs((0..DAYS).step_by(3));
    let gap = pairs((0..DAYS).step_by(3).filter(|i| !(21..=32).contains(i)));
    let weekly = pairs((0..DAYS).step_by(7));
    let ws = workspace(&[("EVRY", &every_third), ("GAPW", &gap), ("WKLY", &weekly)]);
    ws.cmd()
        .args([
            "-q", "chart", "EVRY", "GAPW", "WKLY", "--from", FROM, "--to", TO,
        ])
        .args(["-o", "three.svg"])
        .assert()
        .code(0);
    let svg = ws.read("three.svg");
    // The comparison's scale is ±0.75 here (means up to ±0.6), its panel below the
    // one-row legend: 108 … 650.
    let compare_y = |v: f64| (108.0 + (0.75 - v) / 1.5 * 542.0).round() as i32;
    check(&svg, "#0072B2", &every_third, &[(0, 59)], compare_y);
    check(&svg, "#D55E00", &gap, &[(0, 24), (33, 59)], compare_y);
    check(&svg, "#009E73", &weekly, &[(0, 59)], compare_y);
}

/// The sectors panel: a sector's line has a point on every day its week holds news (its
/// companies' rows give the sums), and breaks after a week without.
#[test]
fn the_sectors_panel_draws_each_line_through_every_day() {
    let every_third = pairs((0..DAYS).step_by(3));
    let gap = pairs((0..DAYS).step_by(3).filter(|i| !(21..=32).contains(i)));
    let ws = workspace(&[("EVRY", &every_third), ("GAPW", &gap)]);
    let sectors = ws.read(&format!("reports/{TO}/sectors.svg"));
    // Panels by sector name: EVRY's, then GAPW's.
    let drawn: Vec<usize> = runs(&sectors, "#222222").iter().map(Vec::len).collect();
    let points = |pairs: &Pairs, (from, to): (i64, i64)| {
        expected_days(pairs)
            .into_iter()
            .filter(|i| (from..=to).contains(i))
            .count()
    };
    assert_eq!(
        drawn,
        [
            points(&every_third, (0, 59)),
            points(&gap, (0, 24)),
            points(&gap, (33, 59))
        ]
    );
    assert_eq!(drawn[0], 56);
}
