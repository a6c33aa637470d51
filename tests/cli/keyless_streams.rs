//! A per-ticker feed's streams keep the rules of every source (issue 26): each ticker's URL
//! is retried on its own, asked again conditionally with its own validators, counted in the
//! source's one budget, its response saved in its own folder; an EDGAR source's requests,
//! retries and SEC's ticker list included, are at least 100 ms apart (SEC allows 10 a
//! second). The responses are the real saved ones of tests/fixtures/keyless/.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::fetch::{configure, saved, source_outcome, state, tickertone};
use crate::http_server::{Reply, Seen, TestServer};
use crate::keyless::{feed, keyless};
use crate::Workspace;

/// A feed response with validators for a conditional GET.
fn tagged(body: Vec<u8>, etag: &str) -> Reply {
    Reply::Full {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/rss+xml".into()),
            ("ETag".into(), etag.into()),
        ],
        body,
    }
}

#[test]
fn each_ticker_url_is_retried_asked_conditionally_and_budgeted_on_its_own() {
    let aapl_asked = Arc::new(AtomicUsize::new(0));
    let server = {
        let aapl_asked = aapl_asked.clone();
        TestServer::start(move |seen: &Seen| {
            let etag = seen.headers.get("if-none-match").map(String::as_str);
            match seen.query.get("s").map(String::as_str) {
                Some("TSLA") if etag == Some("\"tsla-1\"") => Reply::status(304, ""),
                Some("TSLA") => tagged(keyless("yahoo-tsla.xml"), "\"tsla-1\""),
                // Nasdaq's feed for AAPL fails once, then answers.
                Some("AAPL") if aapl_asked.fetch_add(1, Ordering::SeqCst) == 0 => {
                    Reply::status(503, "Service Unavailable")
                }
                Some("AAPL") if etag == Some("\"aapl-1\"") => Reply::status(304, ""),
                Some("AAPL") => tagged(keyless("nasdaq-aapl.xml"), "\"aapl-1\""),
                Some("MSFT") => feed(keyless("seekingalpha-msft.xml")),
                _ => Reply::status(404, "no such feed"),
            }
        })
    };
    let ws = Workspace::new();
    let config = |tickers: &str, extra: &str| {
        format!(
            "[[source]]\nname = \"mine\"\nkind = \"rss\"\ntickers = [{tickers}]\n\
             url = \"{}/feed?s={{ticker}}\"\n{extra}",
            server.base
        )
    };
    configure(&ws, &config("\"TSLA\", \"AAPL\"", ""));
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let mine = source_outcome(&json, "mine");
    // TSLA once, AAPL twice (the 503, then the feed): one budget for the source.
    assert_eq!(
        (mine["requests"].as_u64(), mine["articles"].as_u64()),
        (Some(3), Some(8))
    );
    assert_eq!(json["ingest"]["articles_recorded"], 8, "{}", out.stderr);
    assert_eq!(
        saved(&ws, "data/inbox/mine/ticker=TSLA"),
        [keyless("yahoo-tsla.xml")]
    );
    assert_eq!(
        saved(&ws, "data/inbox/mine/ticker=AAPL"),
        [keyless("nasdaq-aapl.xml")]
    );
    let first = state(&ws, "mine");
    assert_eq!(first["streams"]["TSLA"]["etag"], "\"tsla-1\"", "{first}");
    assert_eq!(first["streams"]["AAPL"]["etag"], "\"aapl-1\"", "{first}");

    // The next fetch asks each URL with its own ETag: both answer 304, nothing is saved.
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(source_outcome(&out.json(), "mine")["articles"], 0);
    let again = &server.seen()[3..];
    assert_eq!(again.len(), 2, "{again:?}");
    for s in again {
        let ticker = s.query["s"].to_lowercase();
        assert_eq!(
            s.headers.get("if-none-match").map(String::as_str),
            Some(format!("\"{ticker}-1\"").as_str()),
            "{s:?}"
        );
    }
    assert_eq!(saved(&ws, "data/inbox/mine/ticker=TSLA").len(), 1);
    assert_eq!(saved(&ws, "data/inbox/mine/ticker=AAPL").len(), 1);
    let second = state(&ws, "mine");

    // A budget of one request for three tickers: the one never asked goes first, the
    // source fails naming the budget, the other two keep their state for the next run.
    configure(
        &ws,
        &config("\"TSLA\", \"AAPL\", \"MSFT\"", "max_requests_per_run = 1\n"),
    );
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    let json = out.json();
    let mine = source_outcome(&json, "mine");
    assert_eq!(mine["requests"], 1, "{mine}");
    let error = mine["error"].as_str().unwrap_or_default();
    assert!(error.contains("budget of 1"), "{error}");
    assert_eq!(server.seen().len(), 6);
    assert_eq!(server.seen()[5].query["s"], "MSFT");
    assert_eq!(
        saved(&ws, "data/inbox/mine/ticker=MSFT"),
        [keyless("seekingalpha-msft.xml")]
    );
    let third = state(&ws, "mine");
    assert!(third["streams"]["MSFT"]["since"].is_string(), "{third}");
    for t in ["TSLA", "AAPL"] {
        assert_eq!(third["streams"][t], second["streams"][t], "{t}");
    }
}

#[test]
fn an_edgar_source_sends_at_most_ten_requests_a_second() {
    let listed = Arc::new(AtomicUsize::new(0));
    let server = {
        let listed = listed.clone();
        TestServer::start(move |seen: &Seen| match seen.path.as_str() {
            "/cgi-bin/browse-edgar" => match seen.query.get("CIK").map(String::as_str) {
                Some("0000320193") => feed(keyless("edgar-aapl-8k.xml")),
                Some("0001418091") => feed(keyless("edgar-twtr-8k.xml")),
                _ => Reply::status(404, "<html>No matching CIK</html>"),
            },
            // SEC's list fails once (a retry, paced like the rest), then answers.
            "/files/company_tickers.json" if listed.fetch_add(1, Ordering::SeqCst) == 0 => {
                Reply::status(503, "busy")
            }
            "/files/company_tickers.json" => Reply::ok(keyless("sec-company-tickers.json")),
            _ => Reply::status(404, "not here"),
        })
    };
    let ws = Workspace::new();
    configure(
        &ws,
        &format!(
            "[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"AAPL\", \"TWTR\"]\n\
             forms = [\"8-K\", \"10-Q\", \"10-K\"]\nuser_agent = \"Jo Doe jo@example.com\"\n\
             base_url = \"{}\"\n",
            server.base
        ),
    );
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let seen = server.seen();
    // Three forms for each of two companies, and SEC's ticker list twice (TWTR is not in
    // the shipped one).
    assert_eq!(seen.len(), 8, "{seen:?}");
    assert_eq!(source_outcome(&out.json(), "sec")["requests"], 8);
    // The server notes a request when it has read it, a few ms (tens on a loaded machine)
    // after it was sent: no gap may be a burst, and the whole run is paced.
    for pair in seen.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(
            gap >= Duration::from_millis(40),
            "{gap:?} between {} and {}",
            pair[0].path,
            pair[1].path
        );
    }
    let span = seen[7].at.duration_since(seen[0].at);
    assert!(span >= Duration::from_millis(7 * 100 - 50), "{span:?}");
}
