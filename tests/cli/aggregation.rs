//! Every number of a small report, computed by hand (see tests/fixtures/hand-computed.ndjson).
//!
//! Alphabet's pairs: 03-26..03-31 history (0.1, 0.2, 0.3, 0.4, 0.5), then on 04-01 g1
//! (GOOG 0.2 rel 0.5 + GOOGL 0.4 rel 0.9, impact 0.5: s = 0.3, w = 0.45) and g2 (−0.15,
//! bearish edge), on 04-02 g3 (published 04-01 22:30 −04:00 = 04-02 UTC; 0.15, bullish
//! edge), on 04-03 x1 (−0.4). Meta: m1 (−0.8, impact 0 → w = 0), m2 (−0.1499, neutral,
//! w = 0.6), x1 (0.2). ZZZZ is unknown to the symbol table: its own company.

use crate::{assert_csv, Workspace};

fn report(ws: &Workspace, extra: &[&str]) {
    ws.fixture("hand-computed.ndjson", "in/hand.ndjson");
    ws.fixture("symbols-small.csv", "symbols.csv");
    ws.cmd()
        .args(["--symbols", "symbols.csv", "ingest", "in/hand.ndjson"])
        .assert()
        .code(0);
    ws.cmd()
        .args(["--symbols", "symbols.csv"])
        .args(extra)
        .args(["report", "--from", "2025-04-01", "--to", "2025-04-03"])
        .assert()
        .code(0);
}

#[test]
fn daily_csv_matches_the_hand_computation() {
    let ws = Workspace::new();
    report(&ws, &[]);
    let daily = ws.read("reports/2025-04-03/daily.csv");
    assert_eq!(
        daily.lines().next().unwrap(),
        "date,company,symbol,tickers,articles,mean_sentiment,weighted_sentiment,min_sentiment,\
max_sentiment,bullish,bearish,neutral,rolling_7d,zscore_30d,stories,story_mean_sentiment,volume_z_30d"
    );
    // zscore 04-01: history 0.1..0.5 → μ 0.3, σ √0.02; (0.075 − 0.3)/σ = −1.590990257670.
    // zscore 04-02: history adds 04-01 (0.075) → 6 days, μ 0.2625, σ √(0.1421875/6).
    // zscore 04-03: 7 days of history.
    // Appended: every title differs, so stories = articles and story_mean = mean.
    // volume_z_30d 04-01: 30 days of story counts, five 1s (03-26..03-31) and 25 zeros:
    // μ 1/6, σ √5/6, (2 − 1/6)/σ = 11/√5; 04-02 adds 04-01's 2: (1 − 7/30)/(√221/30) =
    // 23/√221; 04-03 adds 04-02's 1: 22/√236. Meta and ZZZZ have no history.
    assert_csv(
        &daily,
        &[
            "2025-04-01|Alphabet Inc.|GOOGL|GOOG;GOOGL|2|0.075|-0.0103448275862|-0.15|0.3|1|1|0|0.235714285714|-1.59099025767|2|0.075|4.9193495505",
            "2025-04-02|Alphabet Inc.|GOOGL|GOOG|1|0.15|0.15|0.15|0.15|1|0|0|0.242857142857|-0.730798148647|1|0.15|1.54714742619",
            "2025-04-03|Alphabet Inc.|GOOGL|GOOG|1|-0.4|-0.4|-0.4|-0.4|0|1|0|0.157142857143|-4.37192966109|1|-0.4|1.43207802079",
            "2025-04-01|Meta Platforms Inc.|META|META|1|-0.8||-0.8|-0.8|0|1|0|-0.8||1|-0.8|",
            "2025-04-03|Meta Platforms Inc.|META|META|2|0.02505|0.0687875|-0.1499|0.2|1|0|1|-0.249966666667||2|0.02505|",
            "2025-04-03|ZZZZ|ZZZZ|ZZZZ|1|0.5|0.5|0.5|0.5|1|0|0|0.5||1|0.5|",
        ],
    );
}

#[test]
fn summary_csv_matches_the_hand_computation() {
    let ws = Workspace::new();
    report(&ws, &[]);
    let summary = ws.read("reports/2025-04-03/summary.csv");
    assert_eq!(
        summary.lines().next().unwrap(),
        "company,symbol,tickers,articles,mean_sentiment,weighted_sentiment,last_date,\
last_sentiment,rolling_7d,change_7d,label,stories,story_mean_sentiment,sector,\
corr_next_return,corr_n"
    );
    // Alphabet change_7d: rolling 0.157142857143 − mean(03-26 0.1, 03-27 0.2) = 0.00714285714286.
    assert_csv(
        &summary,
        &[
            "Alphabet Inc.|GOOGL|GOOG;GOOGL|4|-0.025|-0.0768115942029|2025-04-03|-0.4|0.157142857143|0.00714285714286|Neutral|4|-0.025|||",
            "Meta Platforms Inc.|META|META|3|-0.249966666667|0.0687875|2025-04-03|0.02505|-0.249966666667||Somewhat-Bearish|3|-0.249966666667|||",
            "ZZZZ|ZZZZ|ZZZZ|1|0.5|0.5|2025-04-03|0.5|0.5||Bullish|1|0.5|||",
        ],
    );
}

#[test]
fn time_zone_moves_dates_but_not_plain_dates() {
    let ws = Workspace::new();
    report(&ws, &["--tz", "America/New_York"]);
    let daily = ws.read("reports/2025-04-03/daily.csv");
    // g3 (22:30 −04:00) is 04-01 in New York: Alphabet has 3 pairs that day, none on 04-02.
    let alphabet: Vec<&str> = daily.lines().filter(|l| l.contains("Alphabet")).collect();
    assert_eq!(alphabet.len(), 2, "{daily}");
    assert!(alphabet[0].starts_with("2025-04-01,Alphabet Inc.,GOOGL,GOOG;GOOGL,3,"));
    assert!(alphabet[1].starts_with("2025-04-03,"));
}

#[test]
fn tickers_option_keeps_only_those_companies() {
    let ws = Workspace::new();
    report(&ws, &[]);
    ws.cmd()
        .args([
            "--symbols",
            "symbols.csv",
            "report",
            "--from",
            "2025-04-01",
            "--to",
            "2025-04-03",
        ])
        .args(["--tickers", "goog,ZZZZ"])
        .assert()
        .code(0);
    let summary = ws.read("reports/2025-04-03/summary.csv");
    let companies: Vec<&str> = summary
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(companies, ["Alphabet Inc.", "ZZZZ"]);
}

#[test]
fn default_window_is_ninety_days_to_the_latest_date() {
    let ws = Workspace::new();
    report(&ws, &[]);
    ws.cmd()
        .args(["--symbols", "symbols.csv", "report"])
        .assert()
        .code(0);
    let daily = ws.read("reports/2025-04-03/daily.csv");
    // 2025-01-04 ..= 2025-04-03 holds the history days too.
    assert!(daily.contains("\n2025-03-26,Alphabet Inc."), "{daily}");
    let html = ws.read("reports/2025-04-03/index.html");
    assert!(html.contains("2025-01-04 to 2025-04-03"), "{html}");
}
