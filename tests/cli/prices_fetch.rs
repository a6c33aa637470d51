//! `[[prices]]` sources through `run` and `fetch`, against the scripted server answering
//! with responses in the exact shape of real saved ones (tests/fixtures/prices/README.md):
//! the closes land in `<data>/prices/`, the raw responses beside them, and a failing price
//! source gives exit 4 as a news source does.

use crate::fetch::{assert_no_key, tickertone, KEY_ENV};
use crate::http_server::{Reply, TestServer};
use crate::Workspace;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prices")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// News about Apple, in the window of the Stooq fixture's closes.
fn news(ws: &Workspace) {
    let lines: Vec<String> = (0..6)
        .map(|i| {
            format!(
                r#"{{"id":"n{i}","published_at":"2026-01-{:02}T15:00:00Z","title":"Apple news {i}","tickers":["AAPL"],"sentiment":{}}}"#,
                12 + i,
                0.1 * i as f64 - 0.2
            )
        })
        .collect();
    ws.write("data/inbox/news.ndjson", &(lines.join("\n") + "\n"));
}

fn configure(ws: &Workspace, base: &str, extra: &str) {
    ws.write(
        "tickertone.toml",
        &format!(
            "benchmark = \"SPY\"\n[fetch]\nretry_delay_secs = 0.01\nretries = 1\ntimeout_secs = 5\n\n\
             [[prices]]\nname = \"stooq\"\nkind = \"stooq\"\nbase_url = \"{base}\"\n\n\
             [[prices]]\nname = \"av\"\nkind = \"alphavantage\"\napi_key_env = \"{KEY_ENV}\"\n\
             base_url = \"{base}\"\ntickers = [\"MSFT\"]\n{extra}"
        ),
    );
}

/// Stooq knows AAPL and SPY; Alpha Vantage answers MSFT's daily series.
fn server(spy: Reply) -> TestServer {
    let spy = std::sync::Mutex::new(Some(spy));
    TestServer::start(move |seen| match seen.path.as_str() {
        "/q/d/l/" => match seen.query.get("s").map(String::as_str) {
            Some("aapl.us") => Reply::ok(fixture("stooq-aapl.us.csv")),
            Some("spy.us") => spy
                .lock()
                .unwrap()
                .take()
                .unwrap_or_else(|| Reply::ok(fixture("stooq-aapl.us.csv"))),
            _ => Reply::ok("No data"),
        },
        "/query" if seen.query.get("function").map(String::as_str) == Some("TIME_SERIES_DAILY") => {
            Reply::ok(fixture("av-daily-aapl.json"))
        }
        _ => Reply::status(404, "not found"),
    })
}

#[test]
fn run_fetches_closes_into_the_data_folder_and_the_report_uses_them() {
    let ws = Workspace::new();
    news(&ws);
    let server = server(Reply::ok(fixture("stooq-aapl.us.csv")));
    configure(&ws, &server.base, "");
    let out = tickertone(&ws, &["--json", "run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let stooq = &json["prices"]["sources"][0];
    assert_eq!(stooq["ok"], true, "{json}");
    assert_eq!(stooq["tickers"], serde_json::json!(["AAPL", "SPY"]));
    assert_eq!(
        json["prices"]["sources"][1]["tickers"],
        serde_json::json!(["MSFT"])
    );
    // Stooq was asked for the companies with news and the benchmark, from before the window.
    let asked: Vec<String> = server
        .seen_at("/q/d/l/")
        .iter()
        .map(|s| s.query["s"].clone())
        .collect();
    assert_eq!(asked, ["aapl.us", "spy.us"]);
    let d1 = &server.seen_at("/q/d/l/")[0].query["d1"];
    assert!(d1.as_str() < "20260112", "{d1}");

    let aapl = ws.read("data/prices/AAPL.csv");
    assert!(
        aapl.starts_with("date,close\n2026-01-02,271.01\n"),
        "{aapl}"
    );
    assert_eq!(aapl.lines().count(), 23);
    let msft = ws.read("data/prices/MSFT.csv");
    assert!(msft.contains("2017-11-16,171.1\n"), "{msft}");
    // The responses are kept unchanged beside them.
    let raw = |dir: &str| -> Vec<Vec<u8>> {
        let mut files: Vec<_> = std::fs::read_dir(ws.path(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    assert_eq!(
        raw("data/prices/raw/stooq")[0],
        fixture("stooq-aapl.us.csv")
    );
    assert_eq!(raw("data/prices/raw/av")[0], fixture("av-daily-aapl.json"));
    assert_no_key(&ws, &[&out.stdout, &out.stderr]);
    // The report reads the kept closes without --prices.
    let summary = ws.read(&format!(
        "reports/{}/summary.csv",
        json["report"]["window"]["to"].as_str().unwrap()
    ));
    let apple = summary.lines().find(|l| l.starts_with("Apple")).unwrap();
    assert!(apple.ends_with(",6"), "corr_n of Apple's 6 days: {apple}");
    // `show` too.
    let shown = ws.cmd().args(["show", "AAPL"]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("close") && shown.contains("259.96"),
        "{shown}"
    );

    // A second run re-fetches the same history: nothing replaced, the report unchanged.
    let again = tickertone(&ws, &["--json", "run"]).json();
    assert_eq!(
        again["prices"]["sources"][0]["replaced"],
        serde_json::json!([])
    );
    assert_eq!(again["prices"]["sources"][0]["added"], 0);
}

#[test]
fn a_failing_price_source_gives_exit_4_and_the_report_is_still_written() {
    let ws = Workspace::new();
    news(&ws);
    let server = server(Reply::ok("No data"));
    configure(&ws, &server.base, "");
    let out = tickertone(&ws, &["--json", "run"]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["prices"]["failed"], serde_json::json!(["stooq"]));
    assert!(
        out.stderr
            .contains("Price source stooq (stooq) FAILED: SPY: Stooq answered \"No data\""),
        "{}",
        out.stderr
    );
    // What came before the failure is kept; the error body is set aside.
    assert!(ws.path("data/prices/AAPL.csv").exists());
    assert_eq!(
        std::fs::read_dir(ws.path("data/fetch/errors/stooq"))
            .unwrap()
            .count(),
        1
    );
    assert!(json["report"]["folder"].as_str().is_some());
    // The Alpha Vantage source went in all the same.
    assert_eq!(json["prices"]["sources"][1]["ok"], true);
    // `fetch --source` names price sources too; --no-fetch skips them.
    let fetched = tickertone(&ws, &["--json", "fetch", "--source", "av"]);
    assert_eq!(fetched.code, 0, "{}", fetched.stderr);
    let before = server.seen().len();
    let skipped = tickertone(&ws, &["--json", "run", "--no-fetch"]);
    assert_eq!(skipped.code, 0, "{}", skipped.stderr);
    assert_eq!(server.seen().len(), before);
}

#[test]
fn a_source_that_readjusts_its_history_replaces_the_kept_closes() {
    let ws = Workspace::new();
    news(&ws);
    ws.write(
        "data/prices/AAPL.csv",
        "date,close\n2025-12-31,270.5\n2026-01-02,270.0\n",
    );
    let server = server(Reply::ok(fixture("stooq-aapl.us.csv")));
    configure(&ws, &server.base, "");
    let json = tickertone(&ws, &["--json", "run"]).json();
    assert_eq!(
        json["prices"]["sources"][0]["replaced"],
        serde_json::json!(["AAPL"])
    );
    let aapl = ws.read("data/prices/AAPL.csv");
    assert!(
        !aapl.contains("2025-12-31"),
        "the old basis is gone: {aapl}"
    );
}

/// Polygon's aggregates and Tiingo's end-of-day prices, replayed, land in `<data>/prices/`
/// through `fetch` as Stooq's and Alpha Vantage's do, asked with the key as each API wants
/// it (and never printed).
#[test]
fn polygon_and_tiingo_closes_are_fetched_into_the_data_folder() {
    let ws = Workspace::new();
    news(&ws);
    let server = TestServer::start(move |seen| {
        let path = seen.path.as_str();
        if path.starts_with("/v2/aggs/ticker/AAPL/range/1/day/")
            && seen.query.contains_key("apiKey")
        {
            Reply::ok(fixture("polygon-aggs-aapl.json"))
        } else if path == "/tiingo/daily/PG/prices" && seen.query.contains_key("token") {
            Reply::ok(fixture("tiingo-eod-pg.json"))
        } else {
            Reply::status(404, "not found")
        }
    });
    let base = &server.base;
    ws.write(
        "tickertone.toml",
        &format!(
            "[fetch]\nretry_delay_secs = 0.01\nretries = 1\ntimeout_secs = 5\n\n\
             [[prices]]\nname = \"poly\"\nkind = \"polygon\"\napi_key_env = \"{KEY_ENV}\"\n\
             base_url = \"{base}\"\ntickers = [\"AAPL\"]\n\n\
             [[prices]]\nname = \"tiingo\"\nkind = \"tiingo\"\napi_key_env = \"{KEY_ENV}\"\n\
             base_url = \"{base}\"\ntickers = [\"PG\"]\n"
        ),
    );
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["prices"]["sources"][0]["ok"], true, "{json}");
    assert_eq!(json["prices"]["sources"][1]["ok"], true, "{json}");
    // Polygon's bar of 2022-04-26 20:00 UTC is that day's close in New York.
    assert_eq!(
        ws.read("data/prices/AAPL.csv"),
        "date,close\n2022-04-26,156.8\n"
    );
    // Tiingo's adjusted close, not its close.
    assert_eq!(
        ws.read("data/prices/PG.csv"),
        "date,close\n2015-01-02,74.3979026216\n2015-01-05,74.0441753093\n"
    );
    assert_eq!(server.seen().len(), 2);
    // `sources` lists the price sources and what their last fetch did.
    let listed = tickertone(&ws, &["sources"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed
            .stdout
            .contains("poly (prices: polygon, AAPL, key from $TICKERTONE_TEST_API_KEY (set)"),
        "{}",
        listed.stdout
    );
    assert!(
        listed
            .stdout
            .contains("2 closes then, 2 in all, for 1 tickers"),
        "{}",
        listed.stdout
    );
    let json = tickertone(&ws, &["--json", "sources"]).json();
    assert_eq!(json["prices"][0]["name"], "poly", "{json}");
    assert_eq!(json["prices"][1]["closes_total"], 2, "{json}");
}
