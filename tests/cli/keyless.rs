//! The keyless sources (issue 26) against a scripted server replaying real saved responses
//! (tests/fixtures/keyless/, README there): the feed presets and `rss` URL templates asked
//! once per ticker, SEC EDGAR with its user agent and ticker list, the NewsAPI, Tiingo and
//! EODHD kinds; each response saved in the inbox, each item recorded for the ticker asked.

use std::collections::BTreeMap;

use crate::fetch::{configure, saved, source_outcome, tickertone};
use crate::http_server::{Reply, Seen, TestServer};
use crate::Workspace;

pub(crate) fn keyless(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keyless")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn api(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/api")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn feed(body: Vec<u8>) -> Reply {
    Reply::Full {
        status: 200,
        headers: vec![("Content-Type".into(), "application/rss+xml".into())],
        body,
    }
}

/// Stored rows per ticker: (rows, rows about their company).
fn rows_by_ticker(ws: &Workspace) -> BTreeMap<String, (usize, usize)> {
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (ticker, about) in ws
        .stored_text("ticker")
        .into_iter()
        .zip(ws.stored_bools("about"))
    {
        let e = out.entry(ticker).or_default();
        e.0 += 1;
        e.1 += usize::from(about);
    }
    out
}

/// Whether the store holds a row of `ticker` for the article titled `title`, about it or not.
fn about(ws: &Workspace, ticker: &str, title: &str) -> Option<bool> {
    let tickers = ws.stored_text("ticker");
    let titles = ws.stored_text("title");
    let abouts = ws.stored_bools("about");
    (0..tickers.len())
        .find(|&i| tickers[i] == ticker && titles[i] == title)
        .map(|i| abouts[i])
}

#[test]
fn each_preset_asks_once_per_ticker_and_records_its_items_for_that_company() {
    let server = TestServer::start(|seen: &Seen| match seen.path.as_str() {
        "/rss/2.0/headline" if seen.query.get("s").map(String::as_str) == Some("TSLA") => {
            feed(keyless("yahoo-tsla.xml"))
        }
        "/feed/rssoutbound" if seen.query.get("symbol").map(String::as_str) == Some("AAPL") => {
            feed(keyless("nasdaq-aapl.xml"))
        }
        "/api/sa/combined/MSFT.xml" => feed(keyless("seekingalpha-msft.xml")),
        "/rss/search"
            if seen.query.get("q").map(String::as_str) == Some("Oracle Corporation stock") =>
        {
            feed(keyless("googlenews-postgresql.xml"))
        }
        _ => Reply::status(404, "no such feed"),
    });
    let ws = Workspace::new();
    let base = &server.base;
    configure(
        &ws,
        &format!(
            "[[source]]\nname = \"yahoo\"\nkind = \"yahoo\"\ntickers = [\"TSLA\"]\nbase_url = \"{base}\"\n\
             [[source]]\nname = \"nasdaq\"\nkind = \"nasdaq\"\ntickers = [\"aapl\"]\nbase_url = \"{base}\"\n\
             [[source]]\nname = \"sa\"\nkind = \"seekingalpha\"\ntickers = [\"MSFT\"]\nbase_url = \"{base}\"\n\
             [[source]]\nname = \"gn\"\nkind = \"googlenews\"\ntickers = [\"ORCL\"]\nbase_url = \"{base}\"\n"
        ),
    );
    let out = tickertone(&ws, &["--json", "run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    for (name, articles) in [("yahoo", 6), ("nasdaq", 2), ("sa", 5), ("gn", 2)] {
        let s = source_outcome(&json, name);
        assert_eq!(
            (s["ok"].as_bool(), s["articles"].as_u64()),
            (Some(true), Some(articles)),
            "{name}: {s}"
        );
        assert_eq!(s["requests"], 1, "{name}");
    }
    assert_eq!(json["ingest"]["articles_recorded"], 15, "{}", out.stderr);
    assert_eq!(json["ingest"]["rejected"], 0, "{}", out.stderr);
    assert!(json["report"]["folder"].is_string());

    // Each response is saved unchanged in the folder of the ticker asked for.
    for (rel, file) in [
        ("data/inbox/yahoo/ticker=TSLA", "yahoo-tsla.xml"),
        ("data/inbox/nasdaq/ticker=AAPL", "nasdaq-aapl.xml"),
        ("data/inbox/sa/ticker=MSFT", "seekingalpha-msft.xml"),
        ("data/inbox/gn/ticker=ORCL", "googlenews-postgresql.xml"),
    ] {
        assert_eq!(saved(&ws, rel), [keyless(file)], "{rel}");
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "{seen:?}");
    let yahoo = &server.seen_at("/rss/2.0/headline")[0];
    assert_eq!(
        (yahoo.query["region"].as_str(), yahoo.query["lang"].as_str()),
        ("US", "en-US")
    );

    // Every item names the ticker asked for; `about` is the text's: a headline naming Tesla
    // is about it, a piece on Lucid that never names Tesla is not, and Nasdaq's two items on
    // TSMC and "trending" stocks are recorded for Apple but not about it.
    let rows = rows_by_ticker(&ws);
    assert_eq!(rows["TSLA"].0, 6, "{rows:?}");
    assert_eq!(rows["AAPL"], (2, 0), "{rows:?}");
    assert_eq!(rows["MSFT"].0, 5, "{rows:?}");
    assert_eq!(rows["ORCL"], (2, 1), "{rows:?}");
    assert_eq!(
        about(
            &ws,
            "TSLA",
            "Why Tesla Deliveries Could Hit Yet Another Speed Bump"
        ),
        Some(true)
    );
    assert_eq!(
        about(
            &ws,
            "TSLA",
            "Prediction: 1 EV Stock That Will Be Worth More Than Lucid 1 Year From Now"
        ),
        Some(false)
    );
    assert_eq!(
        about(&ws, "MSFT", "Microsoft beats by $0.12, beats on revenue"),
        Some(true)
    );

    // run --no-fetch reads the saved responses again, the tickers from their folders.
    let again = tickertone(&ws, &["--json", "run", "--no-fetch"]).json();
    assert_eq!(again["exit_status"], 0);
    assert_eq!(again["ingest"]["articles_recorded"], 0);
    assert_eq!(again["ingest"]["duplicates"], 15);
    assert_eq!(server.seen().len(), 4);
}

#[test]
fn an_rss_url_template_is_filled_per_ticker_with_its_name_and_query() {
    let server = TestServer::start(
        |seen: &Seen| match seen.query.get("s").map(String::as_str) {
            Some("TSLA") => feed(keyless("yahoo-tsla.xml")),
            Some("MSFT") => feed(keyless("seekingalpha-msft.xml")),
            _ => Reply::status(404, "no such feed"),
        },
    );
    let ws = Workspace::new();
    configure(
        &ws,
        &format!(
            "[[source]]\nname = \"mine\"\nkind = \"rss\"\ntickers = [\"TSLA\", \"MSFT\"]\n\
             url = \"{}/feeds/{{ticker}}.xml?s={{ticker}}&q={{query}}\"\nquery = \"\\\"{{name}}\\\" shares\"\n",
            server.base
        ),
    );
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let asked: BTreeMap<String, String> = server
        .seen()
        .iter()
        .map(|s| (s.path.clone(), s.query["q"].clone()))
        .collect();
    assert_eq!(
        asked,
        BTreeMap::from([
            ("/feeds/MSFT.xml".into(), "\"Microsoft\" shares".into()),
            ("/feeds/TSLA.xml".into(), "\"Tesla Inc.\" shares".into()),
        ])
    );
    let json = out.json();
    assert_eq!(source_outcome(&json, "mine")["requests"], 2);
    assert_eq!(json["ingest"]["articles_recorded"], 11);
    let state = crate::fetch::state(&ws, "mine");
    assert!(state["streams"]["TSLA"]["since"].is_string(), "{state}");
    assert!(state["streams"]["MSFT"]["since"].is_string(), "{state}");
    let rows = rows_by_ticker(&ws);
    assert_eq!((rows["TSLA"].0, rows["MSFT"].0), (6, 5), "{rows:?}");
}

#[test]
fn an_edgar_source_without_a_user_agent_is_refused() {
    let ws = Workspace::new();
    configure(
        &ws,
        "[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"AAPL\"]\n",
    );
    let out = tickertone(&ws, &["fetch"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("source sec")
            && out
                .stderr
                .contains("user_agent = \"Your Name you@example.com\""),
        "{}",
        out.stderr
    );
    assert!(!ws.path("data/inbox").exists());
}

#[test]
fn edgar_sends_its_user_agent_with_every_request_and_asks_sec_for_a_ticker_it_lacks() {
    let server = TestServer::start(|seen: &Seen| match seen.path.as_str() {
        "/cgi-bin/browse-edgar" => match seen.query.get("CIK").map(String::as_str) {
            Some("0000320193") => feed(keyless("edgar-aapl-8k.xml")),
            Some("0001418091") => feed(keyless("edgar-twtr-8k.xml")),
            _ => Reply::status(404, "<html>No matching CIK</html>"),
        },
        "/files/company_tickers.json" => Reply::ok(keyless("sec-company-tickers.json")),
        _ => Reply::status(404, "not here"),
    });
    let ws = Workspace::new();
    let agent = "Jo Doe jo@example.com";
    configure(
        &ws,
        &format!(
            "[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"AAPL\", \"TWTR\"]\n\
             user_agent = \"{agent}\"\nbase_url = \"{}\"\n",
            server.base
        ),
    );
    let out = tickertone(&ws, &["--json", "run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let seen = server.seen();
    // AAPL is in the list tickertone ships; TWTR (delisted in 2022) is not: SEC's current
    // list is asked for once, then its filings.
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/cgi-bin/browse-edgar",
            "/files/company_tickers.json",
            "/cgi-bin/browse-edgar"
        ]
    );
    for s in &seen {
        assert_eq!(s.headers["user-agent"], agent, "{s:?}");
    }
    for s in server.seen_at("/cgi-bin/browse-edgar") {
        assert_eq!(s.query["type"], "8-K");
        assert_eq!(s.query["output"], "atom");
        assert_eq!(s.query["action"], "getcompany");
    }
    assert_eq!(
        ws.read("data/fetch/sec-company-tickers.json").as_bytes(),
        keyless("sec-company-tickers.json")
    );
    assert_eq!(
        saved(&ws, "data/inbox/sec/ticker=AAPL"),
        [keyless("edgar-aapl-8k.xml")]
    );
    assert_eq!(
        saved(&ws, "data/inbox/sec/ticker=TWTR"),
        [keyless("edgar-twtr-8k.xml")]
    );

    // One article per filing: the filer, the form and its items; about the company asked.
    let json = out.json();
    assert_eq!(json["ingest"]["articles_recorded"], 5, "{}", out.stderr);
    let rows = rows_by_ticker(&ws);
    assert_eq!(rows["AAPL"], (3, 3), "{rows:?}");
    assert_eq!(rows["TWTR"], (2, 2), "{rows:?}");
    assert_eq!(
        about(
            &ws,
            "AAPL",
            "Apple Inc. 8-K: Submission of Matters to a Vote of Security Holders"
        ),
        Some(true)
    );
    assert_eq!(
        about(
            &ws,
            "TWTR",
            "TWITTER, INC. 8-K: Results of Operations and Financial Condition; Financial Statements and Exhibits"
        ),
        Some(true)
    );
    let state = crate::fetch::state(&ws, "sec");
    assert!(state["streams"]["AAPL 8-K"]["since"].is_string(), "{state}");

    // The kept list knows TWTR now: the next run asks SEC for filings only.
    let again = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(server.seen_at("/files/company_tickers.json").len(), 1);
    assert_eq!(server.seen_at("/cgi-bin/browse-edgar").len(), 4);
}

#[test]
fn a_ticker_sec_does_not_list_fails_its_source_and_names_it() {
    let server = TestServer::start(|seen: &Seen| match seen.path.as_str() {
        "/files/company_tickers.json" => Reply::ok(keyless("sec-company-tickers.json")),
        _ => Reply::status(404, "not here"),
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &format!(
            "[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"NOSUCHCO\"]\n\
             user_agent = \"Jo Doe jo@example.com\"\nbase_url = \"{}\"\n",
            server.base
        ),
    );
    let out = tickertone(&ws, &["--json", "run"]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    let sec = source_outcome(&out.json(), "sec").clone();
    let error = sec["error"].as_str().unwrap();
    assert!(
        error.starts_with("NOSUCHCO: not in SEC's list of tickers"),
        "{error}"
    );
}

#[test]
fn newsapi_tiingo_and_eodhd_are_fetched_and_read() {
    let server = TestServer::start(|seen: &Seen| match seen.path.as_str() {
        "/v2/everything" => Reply::ok(api("newsapi-everything.json")),
        "/tiingo/news" => Reply::ok(api("tiingo-news.json")),
        "/api/news" => Reply::ok(api("eodhd-news.json")),
        _ => Reply::status(404, "{\"error\": \"no such endpoint\"}"),
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &[
            crate::fetch::source("na", "newsapi", &["NVDA"], &server.base, ""),
            crate::fetch::source("ti", "tiingo", &["AAPL", "MSFT"], &server.base, ""),
            crate::fetch::source("eo", "eodhd", &["MSFT"], &server.base, ""),
        ]
        .concat(),
    );
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    for (name, articles) in [("na", 3), ("ti", 2), ("eo", 2)] {
        let s = source_outcome(&json, name);
        assert_eq!(
            (s["articles"].as_u64(), s["requests"].as_u64()),
            (Some(articles), Some(1)),
            "{name}"
        );
    }

    let na = &server.seen_at("/v2/everything")[0];
    assert_eq!(na.query["q"], "Nvidia", "{na:?}");
    assert_eq!(na.query["apiKey"], crate::fetch::KEY);
    assert_eq!(na.query["sortBy"], "publishedAt");
    assert!(na.query.contains_key("from"));
    let ti = &server.seen_at("/tiingo/news")[0];
    assert_eq!(ti.query["tickers"], "aapl,msft");
    assert_eq!(ti.query["token"], crate::fetch::KEY);
    let eo = &server.seen_at("/api/news")[0];
    assert_eq!(eo.query["s"], "MSFT.US");
    assert_eq!(eo.query["api_token"], crate::fetch::KEY);

    // NewsAPI names no ticker: its articles are kept for the ticker asked for; Tiingo and
    // EODHD name theirs.
    assert_eq!(
        saved(&ws, "data/inbox/na/ticker=NVDA"),
        [api("newsapi-everything.json")]
    );
    assert_eq!(saved(&ws, "data/inbox/ti"), [api("tiingo-news.json")]);
    let rows = rows_by_ticker(&ws);
    assert!(rows["NVDA"].0 >= 3, "{rows:?}");
    assert!(rows.contains_key("MSFT"), "{rows:?}");
}
