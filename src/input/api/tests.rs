//! Each API's fixture (tests/fixtures/api, in the exact shape of a real saved response) →
//! its records → article objects → validated articles.

use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::{records, ApiShape};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/api")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shape found and the article objects of a document.
fn mapped(text: &str) -> (Option<ApiShape>, Vec<Value>) {
    let top: &RawValue = serde_json::from_str(text).unwrap();
    let (shape, items) = records(top).unwrap();
    let objects = items
        .iter()
        .map(|i| {
            let v: Value = serde_json::from_str(i.get()).unwrap();
            match shape {
                Some(api) => api.to_article(&v).unwrap(),
                None => v,
            }
        })
        .collect();
    (shape, objects)
}

#[test]
fn polygon() {
    let (shape, a) = mapped(&fixture("polygon-news.json"));
    assert_eq!(shape, Some(ApiShape::Polygon));
    assert_eq!(a.len(), 4);
    assert_eq!(
        a[0]["id"],
        "polygon:8ec638777ca03b553ae516761c2a22ba2fdd2f37befae3ab6fdab74e9e5193e1"
    );
    assert_eq!(a[0]["published_at"], "2025-05-28T20:15:00Z");
    assert_eq!(a[0]["source"], "Investing.com");
    assert_eq!(a[0]["categories"], json!(["earnings", "semiconductors"]));
    assert_eq!(
        a[0]["ticker_sentiment"],
        json!([{"ticker": "NVDA", "score": 0.5}, {"ticker": "AMD", "score": 0.0}])
    );
    assert_eq!(
        a[1]["ticker_sentiment"],
        json!([{"ticker": "AAPL", "score": -0.5}])
    );
    assert!(a[2].get("ticker_sentiment").is_none());
    // An empty ticker list is kept: the API said the article names no company.
    assert_eq!(a[3]["tickers"], json!([]));
}

#[test]
fn finnhub() {
    let (shape, a) = mapped(&fixture("finnhub-company-news.json"));
    assert_eq!(shape, Some(ApiShape::Finnhub));
    assert_eq!(a[0]["id"], "finnhub:140397727");
    assert_eq!(a[0]["published_at"], json!(1748462100));
    assert_eq!(
        a[0]["title"],
        "Apple Is Priced Like Everything Has To Go Right"
    );
    assert_eq!(a[1]["tickers"], json!(["AAPL", "GOOGL"]));
    assert_eq!(a[2]["tickers"], json!([]));
    assert_eq!(a[2]["categories"], json!(["top news"]));
}

#[test]
fn marketaux() {
    let (shape, a) = mapped(&fixture("marketaux-news-all.json"));
    assert_eq!(shape, Some(ApiShape::Marketaux));
    assert_eq!(a[0]["id"], "marketaux:70cb577e-c2dd-4dde-b501-f713823a4939");
    assert_eq!(
        a[0]["ticker_sentiment"],
        json!([{"ticker": "TSLA", "score": 0.7783}, {"ticker": "AMZN", "score": -0.177075}])
    );
    // A blank description gives way to the snippet.
    assert_eq!(
        a[1]["body"],
        "The U.S. stock market closed at record highs on Wednesday..."
    );
    assert_eq!(a[1]["tickers"], json!([]));
}

#[test]
fn eodhd() {
    let (shape, a) = mapped(&fixture("eodhd-news.json"));
    assert_eq!(shape, Some(ApiShape::Eodhd));
    assert_eq!(a[0]["tickers"], json!(["MSFT", "NVDA"]));
    assert_eq!(a[0]["sentiment"], json!(0.636));
    assert_eq!(a[0]["published_at"], "2025-06-03T17:09:51+00:00");
    assert!(a[0].get("id").is_none());
    assert_eq!(a[1]["tickers"], json!([]));
}

#[test]
fn tiingo() {
    let (shape, a) = mapped(&fixture("tiingo-news.json"));
    assert_eq!(shape, Some(ApiShape::Tiingo));
    assert_eq!(a[0]["id"], "tiingo:60123011");
    assert_eq!(a[0]["tickers"], json!(["googl", "aapl", "amzn"]));
    assert_eq!(
        a[0]["categories"],
        json!(["Investing", "Technology", "Tiingo Top"])
    );
}

#[test]
fn newsapi() {
    let (shape, a) = mapped(&fixture("newsapi-everything.json"));
    assert_eq!(shape, Some(ApiShape::NewsApi));
    assert_eq!(a[0]["source"], "Reuters");
    assert!(a[0].get("tickers").is_none(), "NewsAPI has no ticker field");
    let body = a[0]["body"].as_str().unwrap();
    assert!(
        body.ends_with("strong demand expected from cloud providers"),
        "{body}"
    );
    assert!(a[2].get("body").is_none());
}

#[test]
fn stocktwits() {
    let (shape, a) = mapped(&fixture("stocktwits-symbol-stream.json"));
    assert_eq!(shape, Some(ApiShape::StockTwits));
    assert_eq!(a[0]["id"], "stocktwits:608435113");
    assert_eq!(a[0]["tickers"], json!(["AAPL", "MSFT"]));
    assert_eq!(a[0]["sentiment"], json!(0.5));
    assert_eq!(a[1]["sentiment"], json!(-0.5));
    assert!(a[2].get("sentiment").is_none());
    assert_eq!(a[0]["source"], "StockTwits");
    let escaped = json!({"id": 1, "body": "$AAPL killin&#39; it", "created_at": "2025-01-01T00:00:00Z",
                         "symbols": [{"symbol": "AAPL"}]});
    let article = ApiShape::StockTwits.to_article(&escaped).unwrap();
    assert_eq!(article["title"], "$AAPL killin' it");
}

#[test]
fn our_own_objects_and_alpha_vantage_are_not_api_shapes() {
    let (shape, a) = mapped(r#"[{"published_at": "2025-01-01", "tickers": "A"}]"#);
    assert_eq!(shape, None);
    assert_eq!(a.len(), 1);
    let (shape, a) = mapped(r#"{"feed": [{"time_published": "20250101T000000"}]}"#);
    assert_eq!(shape, None);
    assert_eq!(a.len(), 1);
    let (shape, a) = mapped(r#"{"results": [], "status": "OK"}"#);
    assert_eq!((shape, a.len()), (None, 0));
}

#[test]
fn error_responses_are_one_rejection() {
    for text in [
        r#"{"status": "error", "code": "apiKeyInvalid", "message": "Your API key is invalid."}"#,
        r#"{"error": "You don't have access to this resource."}"#,
        r#"{"error": {"code": "invalid_api_token", "message": "Invalid API token."}}"#,
        r#"{"status": "ERROR", "request_id": "x", "error": "Unknown API Key"}"#,
        r#"{"response": {"status": 404}, "errors": [{"message": "Symbol not found"}]}"#,
    ] {
        let top: &RawValue = serde_json::from_str(text).unwrap();
        let err = records(top).unwrap_err();
        assert!(err.starts_with("an API error response"), "{err}");
    }
}

#[test]
fn wrong_field_types_reach_parse_article_by_name() {
    let record = json!({"published_utc": "2025-01-01T00:00:00Z", "title": {"x": 1},
                        "tickers": ["A"], "insights": [3]});
    let article = ApiShape::Polygon.to_article(&record).unwrap();
    let err = crate::extract::parse_article(&article, &Default::default()).unwrap_err();
    assert!(
        err.contains("title") || err.contains("ticker_sentiment"),
        "{err}"
    );
}

proptest::proptest! {
    /// Any record in any API's shape maps without panicking, whatever its field types.
    #[test]
    fn any_record_maps(
        keys in proptest::collection::vec(
            "(id|uuid|datetime|related|headline|published_utc|article_url|publisher|insights|entities|symbols|sentiment|publishedDate|publishedAt|source|created_at|body|tickers|content|description)",
            0..8),
        values in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just(json!(null)),
                proptest::strategy::Just(json!(1.5)),
                proptest::strategy::Just(json!("AAPL,")),
                proptest::strategy::Just(json!([{"symbol": 1, "ticker": null, "sentiment": "positive"}, "x"])),
                proptest::strategy::Just(json!({"name": [], "polarity": "?", "basic": "Bullish"})),
            ],
            8),
    ) {
        let record: serde_json::Map<String, Value> =
            keys.into_iter().zip(values).collect();
        let record = Value::Object(record);
        for api in [ApiShape::Polygon, ApiShape::Finnhub, ApiShape::Marketaux, ApiShape::Eodhd,
                    ApiShape::Tiingo, ApiShape::NewsApi, ApiShape::StockTwits] {
            if let Ok(article) = api.to_article(&record) {
                let _ = crate::extract::parse_article(&article, &Default::default());
            }
        }
        let _ = ApiShape::of_record(&record);
    }
}
