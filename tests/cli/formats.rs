//! The structured input formats, end to end.

use crate::Workspace;

#[test]
fn alpha_vantage_response_with_string_numbers() {
    let ws = Workspace::new();
    ws.fixture("av-news-sentiment.json", "in/av.json");
    ws.cmd().args(["ingest", "in/av.json"]).assert().code(3);
    let rejected = ws.rejected();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["record"], 2);
    assert_eq!(rejected[0]["line"], 21);
    assert_eq!(ws.stored_rows(), 2);

    ws.cmd().args(["report"]).assert().code(0);
    let daily = ws.read("reports/2025-05-26/daily.csv");
    assert!(
        daily.contains("2025-05-26,Meta Platforms,META,META,1,-0.8,"),
        "{daily}"
    );
    // "Meta loses AI researchers to rivals" is not about Alphabet (a 0.3-relevance tag the
    // text never names): counted only with --all-mentions.
    assert!(!daily.contains("Alphabet"), "{daily}");
    ws.cmd().args(["--all-mentions", "report"]).assert().code(0);
    let daily = ws.read("reports/2025-05-26/daily.csv");
    assert!(
        daily.contains("2025-05-26,Alphabet Inc.,GOOGL,GOOGL,1,0.1,"),
        "{daily}"
    );
}

#[test]
fn ndjson_on_stdin() {
    let ws = Workspace::new();
    ws.cmd()
        .args(["ingest", "-"])
        .write_stdin(
            "{\"id\":\"s1\",\"published_at\":\"2025-06-01\",\"tickers\":\"NYSE:KO\",\"sentiment\":0.4}\n",
        )
        .assert()
        .code(0);
    assert_eq!(ws.stored_rows(), 1);
}

#[test]
fn json_array_csv_and_folders_read_recursively() {
    let ws = Workspace::new();
    ws.write(
        "in/a/articles.json",
        r#"[{"id": "j1", "published_at": "2025-06-01T10:00:00+02:00", "tickers": ["AAPL", "MSFT"], "sentiment": "0.25"},
            {"url": "https://news.example.com/x", "published_at": "2025-06-01", "ticker_sentiment": {"NVDA": -0.5}}]"#,
    );
    ws.write(
        "in/a/b/mentions.csv",
        "published_at,ticker,sentiment,title,source\n2025-06-01,TSLA,0.1,Same story,Wire\n2025-06-01,$tsla,0.1,Same story,Wire\n2025-06-01,F,0.3,Same story,Wire\n",
    );
    ws.write("in/.hidden.json", "not even json");
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    // j1: 2 mentions, url article: 1, CSV article (TSLA once, F): 2.
    assert_eq!(ws.stored_rows(), 5);
}

#[test]
fn date_option_dates_records_without_one() {
    let ws = Workspace::new();
    ws.write(
        "in/undated.ndjson",
        "{\"id\":\"u1\",\"tickers\":\"AAPL\",\"sentiment\":0.2}\n",
    );
    ws.cmd()
        .args(["ingest", "--date", "2025-07-04", "in/undated.ndjson"])
        .assert()
        .code(0);
    ws.cmd().args(["report"]).assert().code(0);
    assert!(ws.path("reports/2025-07-04/daily.csv").exists());
}
