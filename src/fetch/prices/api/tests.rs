//! Each reader on a response in the exact shape of a real saved one
//! (tests/fixtures/prices/README.md names where each was found), and on the APIs' errors.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prices")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn endpoint() -> Url {
    Url::parse("http://127.0.0.1:9/").unwrap()
}

#[test]
fn stooq_reads_its_csv_and_names_what_is_not_one() {
    let page = read(
        PriceKind::Stooq,
        &fixture("stooq-aapl.us.csv"),
        &endpoint(),
        None,
    )
    .unwrap();
    assert_eq!(page.closes.len(), 22);
    assert_eq!(page.closes[0], (d("2026-01-02"), 271.01));
    assert_eq!(page.closes[21], (d("2026-02-03"), 269.48));
    assert!(page.adjusted);
    let err = read(PriceKind::Stooq, b"No data", &endpoint(), None).unwrap_err();
    assert!(err.contains("\"No data\""), "{err}");
    let err = read(
        PriceKind::Stooq,
        b"Date,Open,High,Low,Close,Volume\n2026-01-02,1,1,1,-3,5\n",
        &endpoint(),
        None,
    )
    .unwrap_err();
    assert!(err.starts_with("line 2:"), "{err}");
}

#[test]
fn alphavantage_reads_the_daily_series_and_its_notes_are_errors() {
    let page = read(
        PriceKind::Alphavantage,
        &fixture("av-daily-aapl.json"),
        &endpoint(),
        None,
    )
    .unwrap();
    assert_eq!(page.closes.first(), Some(&(d("2017-11-10"), 174.67)));
    assert_eq!(page.closes.last(), Some(&(d("2017-11-16"), 171.1)));
    assert!(!page.adjusted, "TIME_SERIES_DAILY closes are not adjusted");
    let err = read(
        PriceKind::Alphavantage,
        br#"{"Information": "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day."}"#,
        &endpoint(),
        None,
    )
    .unwrap_err();
    assert!(err.contains("25 requests per day"), "{err}");
    let adjusted = br#"{"Time Series (Daily)": {"2024-01-02": {"4. close": "10.0", "5. adjusted close": "9.5"}}}"#;
    let page = read(PriceKind::Alphavantage, adjusted, &endpoint(), None).unwrap();
    assert_eq!((page.closes[0].1, page.adjusted), (9.5, true));
}

#[test]
fn polygon_dates_bars_in_new_york_and_keeps_the_key_at_home() {
    let page = read(
        PriceKind::Polygon,
        &fixture("polygon-aggs-aapl.json"),
        &endpoint(),
        Some("k"),
    )
    .unwrap();
    assert_eq!(page.closes, [(d("2022-04-26"), 156.8)]);
    assert!(page.adjusted);
    let err = read(
        PriceKind::Polygon,
        br#"{"status": "NOT_AUTHORIZED", "message": "Your plan doesn't include this data timeframe."}"#,
        &endpoint(),
        None,
    )
    .unwrap_err();
    assert!(err.contains("NOT_AUTHORIZED"), "{err}");
    let away =
        br#"{"status": "OK", "results": [], "next_url": "https://elsewhere.example/v2/aggs/x"}"#;
    assert!(read(PriceKind::Polygon, away, &endpoint(), Some("k"))
        .unwrap_err()
        .contains("not sending the key"));
}

#[test]
fn tiingo_prefers_the_adjusted_close() {
    let page = read(
        PriceKind::Tiingo,
        &fixture("tiingo-eod-pg.json"),
        &endpoint(),
        None,
    )
    .unwrap();
    assert_eq!(
        page.closes,
        [
            (d("2015-01-02"), 74.3979026216),
            (d("2015-01-05"), 74.0441753093)
        ]
    );
    assert!(page.adjusted);
    let err = read(
        PriceKind::Tiingo,
        br#"{"detail":"Error: Ticker 'XXXX' not found"}"#,
        &endpoint(),
        None,
    )
    .unwrap_err();
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn requests_name_the_ticker_as_each_api_spells_it() {
    let source = |kind: &str| -> PriceSourceConfig {
        toml::from_str(&format!("name = \"p\"\nkind = \"{kind}\"\n")).unwrap()
    };
    let range = (d("2026-01-02"), d("2026-02-03"));
    let root = Url::parse("http://127.0.0.1:9/api/").unwrap();
    let url = request(&source("stooq"), &root, "BRK.B", range, None);
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/api/q/d/l/?s=brk-b.us&i=d&d1=20260102&d2=20260203"
    );
    let url = request(&source("alphavantage"), &root, "AAPL", range, Some("k"));
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/api/query?function=TIME_SERIES_DAILY&symbol=AAPL&outputsize=compact&apikey=k"
    );
    let url = request(&source("polygon"), &root, "AAPL", range, Some("k"));
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/api/v2/aggs/ticker/AAPL/range/1/day/2026-01-02/2026-02-03?adjusted=true&sort=asc&limit=50000&apiKey=k"
    );
    let url = request(&source("tiingo"), &root, "BRK.B", range, Some("k"));
    assert_eq!(
        url.as_str(),
        "http://127.0.0.1:9/api/tiingo/daily/BRK-B/prices?startDate=2026-01-02&endDate=2026-02-03&token=k"
    );
}
