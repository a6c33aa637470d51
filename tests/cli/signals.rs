//! Stories, news volume and prices (issue 13), computed by hand.
//!
//! tests/fixtures/stories.ndjson: ACME on 05-05: a1 (0.6, GlobeNewswire 13:00), a2 (0.4,
//! Benzinga 29 s later) and a3 (0.5, Reuters 13:45, "UPDATE 1-" and other capitals) are one
//! story, mean 0.5; a4 (−0.2) another. On 05-09, a5 repeats a1's title 4 days later: a new
//! story (0.1).

use crate::{assert_csv, Workspace};

const STORY_DAILY: [&str; 2] = [
    // 05-05: 4 articles, mean 1.3/4; stories (0.5 − 0.2)/2 = 0.15.
    "2025-05-05|ACME|ACME|ACME|4|0.325|0.325|-0.2|0.6|3|1|0|0.325||2|0.15|",
    // 05-09: rolling_7d over 05-03..05-09 = 1.4/5.
    "2025-05-09|ACME|ACME|ACME|1|0.1|0.1|0.1|0.1|0|0|1|0.28||1|0.1|",
];

fn report(ws: &Workspace, extra: &[&str]) -> assert_cmd::assert::Assert {
    ws.cmd()
        .args(["report", "--from", "2025-05-05", "--to", "2025-05-09"])
        .args(extra)
        .assert()
}

#[test]
fn copies_syndicated_within_the_hour_are_one_story_and_a_repeat_4_days_later_another() {
    let ws = Workspace::new();
    ws.fixture("stories.ndjson", "in/stories.ndjson");
    ws.cmd()
        .args(["ingest", "in/stories.ndjson"])
        .assert()
        .code(0);
    report(&ws, &[]).code(0);
    assert_csv(&ws.read("reports/2025-05-09/daily.csv"), &STORY_DAILY);
    // 3 stories in the window: (0.5 − 0.2 + 0.1) / 3.
    assert_csv(
        &ws.read("reports/2025-05-09/summary.csv"),
        &["ACME|ACME|ACME|5|0.28|0.28|2025-05-09|0.1|0.28||Somewhat-Bullish|3|0.133333333333|||"],
    );
}

#[test]
fn stories_do_not_depend_on_the_order_of_ingest() {
    let fixture = include_str!("../fixtures/stories.ndjson");
    let lines: Vec<&str> = fixture.lines().collect();
    // The copies of the story arrive in two batches: a2, a4, a5, then a1, a3.
    let late = [lines[1], lines[3], lines[4]].join("\n");
    let early = [lines[0], lines[2]].join("\n");
    let mut reports = Vec::new();
    for batches in [[&late, &early], [&early, &late]] {
        let ws = Workspace::new();
        for (i, batch) in batches.iter().enumerate() {
            let file = format!("in/batch{i}.ndjson");
            ws.write(&file, batch);
            ws.cmd().args(["ingest", &file]).assert().code(0);
        }
        report(&ws, &["--format", "csv"]).code(0);
        assert_csv(&ws.read("reports/2025-05-09/daily.csv"), &STORY_DAILY);
        reports.push((
            ws.read("reports/2025-05-09/daily.csv"),
            ws.read("reports/2025-05-09/summary.csv"),
        ));
    }
    assert_eq!(reports[0], reports[1]);
}

#[test]
fn a_folder_of_downloads_gives_closes_and_bad_rows_are_named() {
    let ws = Workspace::new();
    ws.fixture("stories.ndjson", "in/stories.ndjson");
    ws.fixture("prices/ACME.csv", "prices/ACME.csv");
    ws.cmd()
        .args(["ingest", "in/stories.ndjson"])
        .assert()
        .code(0);
    let out = report(&ws, &["--prices", "prices"]).code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("ACME.csv:4: close 'null' is not a positive number"),
        "{stderr}"
    );
    // Two news days, both with a next close (05-07 for 05-05; none after 05-09): 1 day,
    // below the 10 a correlation needs.
    let summary = ws.read("reports/2025-05-09/summary.csv");
    assert!(
        summary.lines().nth(1).unwrap().ends_with(",,,1"),
        "{summary}"
    );

    let show = ws
        .cmd()
        .args(["show", "acme", "--prices", "prices"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&show.get_output().stdout).to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[1].contains("stories") && lines[1].contains("close"),
        "{stdout}"
    );
    // 05-05: 4 articles, 2 stories, adjusted close 10.7; 05-09: no close.
    let day = |d: &str| -> Vec<&str> {
        let line = lines.iter().find(|l| l.starts_with(d)).unwrap();
        line.split_whitespace().collect()
    };
    assert_eq!(day("2025-05-05")[1], "4");
    assert_eq!(&day("2025-05-05")[6..9], ["2", "-", "10.7"]);
    assert_eq!(&day("2025-05-09")[6..9], ["1", "-", "-"]);
}

/// Trading days of March 2025 (weekdays from Monday the 3rd).
const TRADING_DAYS: [u32; 15] = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21];
/// Close-to-close returns of trading days 1..=14.
const RETURNS: [f64; 14] = [
    0.012, -0.021, 0.034, 0.003, -0.011, 0.025, 0.041, -0.032, 0.015, -0.044, 0.022, 0.007, -0.018,
    0.029,
];

/// `date,ticker,close` for ACME from RETURNS, and the returns as the closes give them back.
pub fn closes() -> (String, Vec<f64>) {
    let mut text = String::from("date,ticker,close\n");
    let mut close = 100.0f64;
    let mut closes = vec![close];
    text.push_str("2025-03-03,ACME,100\n");
    for (i, r) in RETURNS.iter().enumerate() {
        close *= 1.0 + r;
        closes.push(close);
        text.push_str(&format!(
            "2025-03-{:02},ACME,{close}\n",
            TRADING_DAYS[i + 1]
        ));
    }
    let returns = (1..closes.len())
        .map(|j| closes[j] / closes[j - 1] - 1.0)
        .collect();
    (text, returns)
}

/// One ACME article on each of the first 12 trading days at `time` (`HH:MM:SS`, with an
/// offset per day), its sentiment 10 × the return `lead` trading days later.
pub fn articles(time: impl Fn(u32) -> String, lead: usize) -> String {
    let (_, returns) = closes();
    (0..12)
        .map(|k| {
            let day = TRADING_DAYS[k];
            format!(
                r#"{{"id":"p{k}","published_at":"2025-03-{day:02}T{}","tickers":["ACME"],"sentiment":{}}}"#,
                time(day),
                10.0 * returns[k + lead - 1]
            ) + "\n"
        })
        .collect()
}

/// `corr_next_return` and `corr_n` of ACME.
fn correlation(news: &str, global: &[&str]) -> (f64, String) {
    let ws = Workspace::new();
    ws.write("in/news.ndjson", news);
    ws.write("closes.csv", &closes().0);
    ws.cmd().args(["ingest", "in/news.ndjson"]).assert().code(0);
    ws.cmd()
        .args(global)
        .args(["report", "--from", "2025-03-03", "--to", "2025-03-21"])
        .args(["--format", "csv", "--prices", "closes.csv"])
        .assert()
        .code(0);
    let summary = ws.read("reports/2025-03-21/summary.csv");
    let row = crate::csv_rows(&summary).remove(0);
    let get = |name: &str| row.iter().find(|(c, _)| c == name).unwrap().1.clone();
    (get("corr_next_return").parse().unwrap(), get("corr_n"))
}

#[test]
fn sentiment_aligned_with_the_next_days_return_correlates_one_and_shifted_does_not() {
    let noon = |_| "12:00:00Z".to_string();
    let (aligned, n) = correlation(&articles(noon, 1), &[]);
    assert!((aligned - 1.0).abs() < 1e-9, "{aligned}");
    assert_eq!(n, "12");
    // Each day's sentiment is the return two days on: paired with the next day's, not 1.
    let (shifted, n) = correlation(&articles(noon, 2), &[]);
    assert!(shifted < 0.9, "{shifted}");
    assert_eq!(n, "12");
}

#[test]
fn after_close_news_is_the_next_trading_days_news_with_session_close() {
    // 17:00 in New York (EST before 03-09, EDT from it), after a 16:00 close: with
    // --session-close the news of trading day k is dated k + 1 (Friday's Monday) and meets
    // the return after that day's close, k + 2: sentiment built on that correlates 1.
    let evening = |day: u32| format!("17:00:00{}", if day < 9 { "-05:00" } else { "-04:00" });
    let news = articles(evening, 2);
    let ny = ["--tz", "America/New_York"];
    let (session, n) = correlation(&news, &[&ny[..], &["--session-close", "16:00"]].concat());
    assert!((session - 1.0).abs() < 1e-9, "{session}");
    assert_eq!(n, "12");
    // Dated by calendar day, the same news meets the return of k + 1 instead.
    let (calendar, _) = correlation(&news, &ny);
    assert!(calendar < 0.9, "{calendar}");
}

#[test]
fn sectors_from_the_symbol_table_sum_their_companies() {
    // Three Tech companies and one Energy company on one day: Tech's mean is
    // (0.3 − 0.1 + 0.4)/3 = 0.2, weighted (0.3 − 0.1 + 0.5·0.4)/(1 + 1 + 0.5) = 0.16.
    let ws = Workspace::new();
    ws.write(
        "symbols.csv",
        "company,tickers,aliases,sector,industry\n\
Alpha Co,AAA,,Tech,Software\nBeta Co,BBB,,Tech,Hardware\n\
Gamma Co,CCC,,Tech,Chips\nDelta Co,DDD,,Energy,Oil\n",
    );
    ws.write(
        "in/day.ndjson",
        concat!(
            r#"{"id":"a","published_at":"2025-05-01T10:00:00Z","title":"Alpha Co one","tickers":["AAA"],"sentiment":0.3}"#,
            "\n",
            r#"{"id":"b","published_at":"2025-05-01T11:00:00Z","title":"Beta Co one","tickers":["BBB"],"sentiment":-0.1}"#,
            "\n",
            r#"{"id":"c","published_at":"2025-05-01T12:00:00Z","title":"Gamma Co one","tickers":["CCC"],"sentiment":0.4,"market_impact":0.5}"#,
            "\n",
            r#"{"id":"d","published_at":"2025-05-01T13:00:00Z","title":"Delta Co one","tickers":["DDD"],"sentiment":0.2}"#,
            "\n",
        ),
    );
    ws.cmd()
        .args(["--symbols", "symbols.csv", "ingest", "in/day.ndjson"])
        .assert()
        .code(0);
    ws.cmd()
        .args(["--symbols", "symbols.csv", "report"])
        .assert()
        .code(0);
    let sectors = ws.read("reports/2025-05-01/sectors.csv");
    assert!(
        sectors.starts_with("date,sector,companies,stories,mean,weighted,rolling_7d\n"),
        "{sectors}"
    );
    assert!(
        sectors.contains("\n2025-05-01,Tech,3,3,0.2,0.16,0.2\n"),
        "{sectors}"
    );
    assert!(
        sectors.contains("\n2025-05-01,Energy,1,1,0.2,0.2,0.2"),
        "{sectors}"
    );
    let summary = ws.read("reports/2025-05-01/summary.csv");
    assert!(summary.contains(",Tech,"), "{summary}");

    ws.cmd()
        .args(["--symbols", "symbols.csv", "report", "--by", "sector"])
        .assert()
        .code(0);
    let daily = ws.read("reports/2025-05-01/daily.csv");
    assert!(daily.contains("\n2025-05-01,Tech,"), "{daily}");
    assert!(!daily.contains("Alpha Co"), "{daily}");
}
