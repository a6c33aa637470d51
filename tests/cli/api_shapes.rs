//! The news APIs' own JSON, recognised by shape: one fixture per API, each in the exact
//! shape of a real saved response (see the README's "News API shapes").

use crate::{ingest_counts as counts, Workspace};

fn ingest_json(ws: &Workspace, fixture: &str, code: i32) -> serde_json::Value {
    let rel = format!("in/{fixture}");
    ws.fixture(&format!("api/{fixture}"), &rel);
    ws.ingest_json(&rel, code)
}

#[test]
fn polygon_insights_are_stated_scores() {
    let ws = Workspace::new();
    let v = ingest_json(&ws, "polygon-news.json", 0);
    // The fourth article's ticker list is empty: it names no company, and is skipped.
    assert_eq!(counts(&v), (3, 1, 0));
    assert_eq!(ws.stored_text("ticker"), ["NVDA", "AMD", "AAPL", "MSFT"]);
    assert_eq!(
        ws.stored_text("score_source"),
        ["stated", "stated", "stated", "computed"]
    );
    let scores = ws.stored_numbers("score");
    assert_eq!(&scores[..3], [0.5, 0.0, -0.5]);
    assert!(
        scores[3] > 0.0,
        "'strong growth expected' reads positive: {scores:?}"
    );
    assert_eq!(ws.stored_text("source")[2], "Zacks Investment Research");
    assert!(ws.stored_text("article_id")[0].starts_with("polygon:8ec6"));
    assert_eq!(ws.stored_text("categories")[0], "earnings;semiconductors");
}

#[test]
fn finnhub_unix_seconds_and_related_tickers() {
    let ws = Workspace::new();
    let v = ingest_json(&ws, "finnhub-company-news.json", 0);
    // Market news with `related: ""` names no company: skipped, not rejected.
    assert_eq!(counts(&v), (2, 1, 0));
    assert_eq!(ws.stored_text("ticker"), ["AAPL", "AAPL", "GOOGL"]);
    assert!(ws
        .stored_text("score_source")
        .iter()
        .all(|s| s == "computed"));
    assert_eq!(ws.stored_text("article_id")[0], "finnhub:140397727");
    assert!(ws.rejected().is_empty());
    // 1748462100 is 2025-05-28T19:55:00Z.
    let daily = ws.daily_csv_to("2025-05-28");
    assert!(
        daily.contains("\n2025-05-28,Apple Inc.,AAPL,AAPL,2,"),
        "{daily}"
    );
}

#[test]
fn marketaux_entity_scores_are_stated() {
    let ws = Workspace::new();
    let v = ingest_json(&ws, "marketaux-news-all.json", 0);
    assert_eq!(counts(&v), (1, 1, 0));
    assert_eq!(ws.stored_text("ticker"), ["TSLA", "AMZN"]);
    assert_eq!(ws.stored_numbers("score"), [0.7783, -0.177075]);
    assert_eq!(ws.stored_text("score_source"), ["stated", "stated"]);
}

#[test]
fn eodhd_polarity_is_the_article_score() {
    let ws = Workspace::new();
    let v = ingest_json(&ws, "eodhd-news.json", 0);
    assert_eq!(counts(&v), (1, 1, 0));
    // `MSFT.US` is MSFT: the `.US` suffix is EODHD's name for US listings.
    assert_eq!(ws.stored_text("ticker"), ["MSFT", "NVDA"]);
    assert_eq!(ws.stored_numbers("score"), [0.636, 0.636]);
    assert_eq!(ws.stored_text("score_source"), ["article", "article"]);
    // No id: the link is the identity.
    assert!(ws.stored_text("article_id")[0].starts_with("url:https://finance.yahoo.com/"));
}

#[test]
fn tiingo_lower_case_tickers_are_scored_from_text() {
    let ws = Workspace::new();
    let v = ingest_json(&ws, "tiingo-news.json", 0);
    assert_eq!(counts(&v), (2, 0, 0));
    assert_eq!(ws.stored_text("ticker"), ["GOOGL", "AAPL", "AMZN", "MSFT"]);
    assert!(ws
        .stored_text("score_source")
        .iter()
        .all(|s| s == "computed"));
    assert_eq!(ws.stored_text("article_id")[3], "tiingo:60123012");
}

#[test]
fn newsapi_companies_come_from_the_text() {
    let ws = Workspace::new();
    let v = ingest_json(&ws, "newsapi-everything.json", 0);
    // The Fed article names no company: skipped.
    assert_eq!(counts(&v), (2, 1, 0));
    assert_eq!(ws.stored_text("ticker"), ["NVDA", "AAPL"]);
    assert_eq!(ws.stored_text("source"), ["Reuters", "Google News"]);
    assert!(ws.stored_text("article_id")[0].starts_with("url:https://www.reuters.com/"));
}

#[test]
fn stocktwits_bullish_and_bearish_tags() {
    let ws = Workspace::new();
    let v = ingest_json(&ws, "stocktwits-symbol-stream.json", 0);
    assert_eq!(counts(&v), (3, 0, 0));
    assert_eq!(ws.stored_text("ticker"), ["AAPL", "MSFT", "AAPL", "AAPL"]);
    let scores = ws.stored_numbers("score");
    assert_eq!(&scores[..3], [0.5, 0.5, -0.5]);
    assert_eq!(
        ws.stored_text("score_source"),
        ["article", "article", "article", "computed"]
    );
    assert_eq!(
        ws.stored_text("title")[0],
        "$AAPL $MSFT both breaking out, adding more here"
    );
}

#[test]
fn an_api_error_response_is_one_rejection() {
    let ws = Workspace::new();
    ws.write(
        "in/newsapi.json",
        r#"{"status": "error", "code": "apiKeyInvalid", "message": "Your API key is invalid."}"#,
    );
    ws.cmd()
        .args(["ingest", "in/newsapi.json"])
        .assert()
        .code(3);
    let rejected = ws.rejected();
    assert_eq!(rejected.len(), 1);
    let reason = rejected[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("API error response") && reason.contains("Your API key is invalid"),
        "{reason}"
    );
}

#[test]
fn a_second_ingest_of_the_same_responses_records_nothing() {
    let ws = Workspace::new();
    ingest_json(&ws, "polygon-news.json", 0);
    let v = ingest_json(&ws, "polygon-news.json", 0);
    assert_eq!(v["ingest"]["articles_recorded"], 0);
    assert_eq!(v["ingest"]["duplicates"], 3);
}
