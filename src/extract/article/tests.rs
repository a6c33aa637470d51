//! Tests of article parsing: fields, fallbacks, rejections, skipped records, companies
//! found in text.

use super::*;
use serde_json::json;

fn parse(v: Value) -> Result<Article, String> {
    parse_article(&v, &ParseOptions::default())
}

#[test]
fn alpha_vantage_item_with_string_numbers() {
    let a = parse(json!({
        "title": "T", "url": "https://x/1", "time_published": "20250526T143000",
        "overall_sentiment_score": 0.1,
        "topics": [{"topic": "Technology", "relevance_score": "0.5"}],
        "ticker_sentiment": [
            {"ticker": "META", "relevance_score": "0.9", "ticker_sentiment_score": "-0.8"},
            {"ticker": "NASDAQ:msft", "relevance_score": "0.2", "ticker_sentiment_score": "0.3"}
        ]
    }))
    .unwrap();
    assert_eq!(a.id, "url:https://x/1");
    assert_eq!(a.categories, vec!["Technology"]);
    assert_eq!(a.mentions.len(), 2);
    assert_eq!(a.mentions[0].ticker, "META");
    assert_eq!(a.mentions[0].score, -0.8);
    assert_eq!(a.mentions[0].relevance, 0.9);
    assert_eq!(a.mentions[1].ticker, "MSFT");
    assert_eq!(a.market_impact, 1.0);
}

#[test]
fn tickers_fall_back_to_the_article_score() {
    let a = parse(json!({
        "id": "a1", "published_at": "2025-05-26", "sentiment": "0.4",
        "tickers": "$goog, GOOGL,", "ticker_sentiment": {"GOOG": 0.2}
    }))
    .unwrap();
    let got: Vec<_> = a
        .mentions
        .iter()
        .map(|m| (m.ticker.as_str(), m.score, m.score_source))
        .collect();
    assert_eq!(
        got,
        vec![
            ("GOOG", 0.2, ScoreSource::Stated),
            ("GOOGL", 0.4, ScoreSource::Article)
        ]
    );
}

#[test]
fn rejections_say_why() {
    let bad = [
        (json!([1]), "expected an article object"),
        (
            json!({"tickers": ["A"], "sentiment": 0.1}),
            "no published_at",
        ),
        (
            json!({"published_at": "soon", "tickers": ["A"], "sentiment": 0.1}),
            "published_at",
        ),
        (
            json!({"published_at": "2025-01-01", "tickers": ["A"], "sentiment": 1.5}),
            "outside",
        ),
        (
            json!({"published_at": "2025-01-01", "tickers": ["A"], "sentiment": "NaN"}),
            "not finite",
        ),
        (
            json!({"published_at": "2025-01-01", "ticker_sentiment": [{"ticker": "A", "score": 0.1, "relevance": 2}]}),
            "relevance",
        ),
        (
            json!({"published_at": "2025-01-01", "tickers": ["A"], "sentiment": 0.1, "market_impact": -0.1}),
            "market_impact",
        ),
        (
            json!({"published_at": "2025-01-01", "tickers": ["A"]}),
            "no score",
        ),
    ];
    for (value, want) in bad {
        let err = parse(value.clone()).unwrap_err();
        assert!(err.contains(want), "{value}: {err}");
    }
}

#[test]
fn records_naming_no_company_have_no_mentions() {
    // An empty list from the source, and no ticker field with nothing in the text.
    for value in [
        json!({"published_at": "2025-01-01", "tickers": [], "title": "Meta and $AAPL"}),
        json!({"published_at": "2025-01-01", "ticker_sentiment": [], "sentiment": 0.1}),
        json!({"published_at": "2025-01-01", "sentiment": 0.1}),
        json!({"published_at": "2025-01-01", "title": "Rates rise again"}),
    ] {
        let a = parse(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert!(a.mentions.is_empty(), "{value}");
    }
    // Still bad input when it is bad in another way.
    assert!(parse(json!({"tickers": [], "title": "x"})).is_err());
}

#[test]
fn companies_are_found_in_text_only_without_a_ticker_field() {
    let companies = Companies::new(crate::symbols::SymbolTable::builtin().unwrap());
    let opts = ParseOptions {
        companies: Some(&companies),
        ..Default::default()
    };
    let a = parse_article(
        &json!({"published_at": "2025-01-01", "title": "Nvidia soars on record demand",
                "body": "Shares of AMD rose too."}),
        &opts,
    )
    .unwrap();
    let got: Vec<_> = a
        .mentions
        .iter()
        .map(|m| (m.ticker.as_str(), m.relevance))
        .collect();
    assert_eq!(got, vec![("NVDA", 0.3), ("AMD", 0.1)]);
    assert!(a
        .mentions
        .iter()
        .all(|m| m.score_source == ScoreSource::Computed));
    let given = parse_article(
        &json!({"published_at": "2025-01-01", "tickers": [], "title": "Nvidia soars"}),
        &opts,
    )
    .unwrap();
    assert!(given.mentions.is_empty());
}

#[test]
fn extra_tickers_join_the_named_ones() {
    let companies = Companies::new(crate::symbols::SymbolTable::builtin().unwrap());
    let extra = vec!["AAPL".to_string()];
    let opts = ParseOptions {
        companies: Some(&companies),
        extra_tickers: &extra,
        ..Default::default()
    };
    let a = parse_article(
        &json!({"published_at": "2025-01-01", "title": "Apple and Nvidia rally", "sentiment": 0.5}),
        &opts,
    )
    .unwrap();
    let got: Vec<_> = a.mentions.iter().map(|m| m.ticker.as_str()).collect();
    assert_eq!(got, ["AAPL", "NVDA"]);
    let b = parse_article(
        &json!({"published_at": "2025-01-01", "tickers": "MSFT", "sentiment": 0.5}),
        &opts,
    )
    .unwrap();
    let got: Vec<_> = b.mentions.iter().map(|m| m.ticker.as_str()).collect();
    assert_eq!(got, ["MSFT", "AAPL"]);
}

#[test]
fn default_date_fills_a_missing_date_only() {
    let opts = ParseOptions {
        default_date: NaiveDate::from_ymd_opt(2025, 5, 26),
        ..Default::default()
    };
    let a = parse_article(&json!({"tickers": "A", "sentiment": 0.0}), &opts).unwrap();
    assert!(a.published.date_only);
}

#[test]
fn unscored_records_are_scored_from_their_text() {
    let a = parse(json!({
        "id": "t1", "published_at": "2025-01-01", "tickers": ["AAPL"],
        "title": "Apple beats estimates and raises guidance"
    }))
    .unwrap();
    assert_eq!(a.mentions[0].score_source, ScoreSource::Computed);
    assert!(a.mentions[0].score > 0.0, "{:?}", a.mentions[0]);
}

#[test]
fn derived_ids_are_stable_and_distinct() {
    let p = parse_published("2025-01-01T00:00:00Z", None).unwrap();
    let a = derived_id(None, Some("S"), Some("T"), &p);
    assert_eq!(a, derived_id(None, Some("S"), Some("T"), &p));
    assert_ne!(a, derived_id(None, Some("S"), Some("T2"), &p));
    let same_instant = parse_published("2024-12-31T19:00:00-05:00", None).unwrap();
    assert_eq!(a, derived_id(None, Some("S"), Some("T"), &same_instant));
}
