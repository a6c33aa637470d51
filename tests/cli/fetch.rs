//! `fetch`, `sources` and `run` with sources, against a scripted server on 127.0.0.1 that
//! answers in each API's shape (fixtures in tests/fixtures/fetch/): what comes in whole.
//! Failures are in `fetch_failures.rs`, which shares these helpers.

use std::collections::BTreeSet;
use std::io::Write;

use chrono::Utc;
use serde_json::Value;

use crate::http_server::{Reply, Seen, TestServer};
use crate::Workspace;

/// Plus, slash and equals sign: the key also appears percent-encoded in URLs.
pub(crate) const KEY: &str = "tt-SECRET-key+/=42";
pub(crate) const KEY_ENCODED: &str = "tt-SECRET-key%2B%2F%3D42";
pub(crate) const KEY_ENV: &str = "TICKERTONE_TEST_API_KEY";

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fetch")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `tickertone.toml` with fast retries and short timeouts, then `sources`.
pub(crate) fn configure(ws: &Workspace, sources: &str) {
    configure_with_timeout(ws, 2.0, sources)
}

pub(crate) fn configure_with_timeout(ws: &Workspace, timeout_secs: f64, sources: &str) {
    ws.write(
        "tickertone.toml",
        &format!(
            "[fetch]\nretry_delay_secs = 0.01\nretries = 2\ntimeout_secs = {timeout_secs}\n\
             connect_timeout_secs = 2\nmax_retry_wait_secs = 5\n\n{sources}"
        ),
    );
}

pub(crate) fn source(
    name: &str,
    kind: &str,
    tickers: &[&str],
    base_url: &str,
    extra: &str,
) -> String {
    let tickers: Vec<String> = tickers.iter().map(|t| format!("\"{t}\"")).collect();
    format!(
        "[[source]]\nname = \"{name}\"\nkind = \"{kind}\"\ntickers = [{}]\n\
         api_key_env = \"{KEY_ENV}\"\nbase_url = \"{base_url}\"\n{extra}\n",
        tickers.join(", ")
    )
}

pub(crate) struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("{e}: stdout {}\nstderr {}", self.stdout, self.stderr))
    }
}

pub(crate) fn tickertone(ws: &Workspace, args: &[&str]) -> Output {
    let out = ws.cmd().env(KEY_ENV, KEY).args(args).output().unwrap();
    let out = Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_no_key(ws, &[&out.stdout, &out.stderr]);
    out
}

/// The key is in no output and in no file of the workspace but the environment.
pub(crate) fn assert_no_key(ws: &Workspace, outputs: &[&str]) {
    for text in outputs {
        assert!(
            !text.contains(KEY) && !text.contains(KEY_ENCODED),
            "key printed:\n{text}"
        );
    }
    for entry in walkdir::WalkDir::new(ws.path("")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(KEY) && !text.contains(KEY_ENCODED),
                "key saved in {}",
                entry.path().display()
            );
        }
    }
}

/// The files of a folder, sorted by name, as bytes.
pub(crate) fn saved(ws: &Workspace, rel: &str) -> Vec<Vec<u8>> {
    let dir = ws.path(rel);
    if !dir.is_dir() {
        return vec![];
    }
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

pub(crate) fn state(ws: &Workspace, source: &str) -> Value {
    serde_json::from_str(&ws.read(&format!("data/fetch/{source}.json"))).unwrap()
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub(crate) fn source_outcome<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["fetch"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {json}"))
}

#[test]
fn fetch_saves_each_response_unchanged_and_records_it() {
    let server = TestServer::start(|seen| match seen.query.get("tickers").map(String::as_str) {
        Some("AAPL") => Reply::ok(fixture("av-aapl.json")),
        // Gzipped on the wire; saved as the server meant it.
        Some("MSFT") => Reply::Full {
            status: 200,
            headers: vec![("Content-Encoding".into(), "gzip".into())],
            body: gzip(&fixture("av-msft.json")),
        },
        _ => Reply::status(404, "{}"),
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &source("av", "alphavantage", &["AAPL", "MSFT"], &server.base, ""),
    );
    let started = Utc::now();
    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let av = source_outcome(&json, "av");
    assert_eq!(av["ok"], true);
    assert_eq!(av["requests"], 2);
    assert_eq!(av["articles"], 3);
    assert_eq!(json["ingest"]["articles_recorded"], 3);
    assert_eq!(ws.stored_rows(), 3);

    let files: BTreeSet<Vec<u8>> = saved(&ws, "data/inbox/av").into_iter().collect();
    let expected: BTreeSet<Vec<u8>> = [fixture("av-aapl.json"), fixture("av-msft.json")].into();
    assert_eq!(files, expected, "the responses are saved byte for byte");

    let first_since = (started - chrono::Duration::days(7)).format("%Y%m%dT%H%M");
    for seen in server.seen() {
        assert_eq!(seen.path, "/query");
        assert_eq!(seen.query["function"], "NEWS_SENTIMENT");
        assert_eq!(seen.query["apikey"], KEY);
        assert_eq!(seen.query["sort"], "EARLIEST");
        assert_eq!(seen.query["limit"], "1000");
        assert!(
            seen.query["time_from"] >= first_since.to_string(),
            "{seen:?}"
        );
        assert!(seen.headers["user-agent"].starts_with("tickertone/"));
        assert!(seen.headers["accept-encoding"].contains("gzip"));
    }
    let st = state(&ws, "av");
    assert!(st["last_error"].is_null());
    assert_eq!(st["articles_last"], 3);
    for ticker in ["AAPL", "MSFT"] {
        assert!(st["streams"][ticker]["since"].is_string(), "{st}");
    }
}

#[test]
fn pages_are_followed_for_polygon_marketaux_and_finnhub() {
    let base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let server = {
        let base = base.clone();
        TestServer::start(move |seen: &Seen| match seen.path.as_str() {
            "/v2/reference/news" if seen.query.contains_key("cursor") => {
                Reply::ok(fixture("polygon-aapl-p2.json"))
            }
            "/v2/reference/news" => {
                let page = String::from_utf8(fixture("polygon-aapl-p1.json")).unwrap();
                Reply::ok(page.replace("{BASE}", &base.lock().unwrap()))
            }
            "/v1/news/all" => {
                let page = seen.query.get("page").cloned().unwrap_or_default();
                Reply::ok(fixture(&format!("marketaux-p{page}.json")))
            }
            "/api/v1/company-news" => Reply::ok(fixture("finnhub-msft.json")),
            _ => Reply::status(404, "{\"error\": \"no such endpoint\"}"),
        })
    };
    *base.lock().unwrap() = server.base.clone();
    let ws = Workspace::new();
    configure(
        &ws,
        &[
            source("poly", "polygon", &["AAPL"], &server.base, ""),
            source("mx", "marketaux", &["TSLA"], &server.base, ""),
            source("fh", "finnhub", &["MSFT"], &server.base, ""),
        ]
        .concat(),
    );
    let out = tickertone(&ws, &["--json", "fetch"]);
    let json = out.json();
    assert_eq!(
        json["fetch"]["failed"],
        serde_json::json!([]),
        "{}",
        out.stderr
    );
    assert_ne!(out.code, 4);
    for (name, articles, requests) in [("poly", 2, 2), ("mx", 7, 3), ("fh", 2, 1)] {
        let s = source_outcome(&json, name);
        assert_eq!(s["articles"], articles, "{name}");
        assert_eq!(s["requests"], requests, "{name}");
        assert!(state(&ws, name)["last_success"].is_string());
    }

    let polygon = server.seen_at("/v2/reference/news");
    assert_eq!(polygon[0].query["ticker"], "AAPL");
    assert_eq!(polygon[0].query["order"], "asc");
    assert!(polygon[0].query.contains_key("published_utc.gte"));
    assert!(polygon[1].query.contains_key("cursor"));
    assert_eq!(
        polygon[1].query["apiKey"], KEY,
        "the key is added to next_url"
    );
    let p1 = String::from_utf8(fixture("polygon-aapl-p1.json"))
        .unwrap()
        .replace("{BASE}", &server.base)
        .into_bytes();
    assert_eq!(
        saved(&ws, "data/inbox/poly")
            .into_iter()
            .collect::<BTreeSet<_>>(),
        [p1, fixture("polygon-aapl-p2.json")].into()
    );

    let pages: Vec<String> = server
        .seen_at("/v1/news/all")
        .iter()
        .map(|s| s.query["page"].clone())
        .collect();
    assert_eq!(pages, ["1", "2", "3"]);
    let mx = &server.seen_at("/v1/news/all")[0];
    assert_eq!(mx.query["symbols"], "TSLA");
    assert_eq!(mx.query["api_token"], KEY);
    assert_eq!(saved(&ws, "data/inbox/mx").len(), 3);

    let fh = &server.seen_at("/api/v1/company-news")[0];
    assert_eq!(fh.query["symbol"], "MSFT");
    assert_eq!(fh.query["token"], KEY);
    assert_eq!(fh.query["to"], Utc::now().format("%Y-%m-%d").to_string());
    assert_eq!(saved(&ws, "data/inbox/fh"), [fixture("finnhub-msft.json")]);
}

#[test]
fn a_second_run_fetches_only_what_is_new() {
    let server = TestServer::start(|seen| {
        // The first request asks for 7 days; later ones from the last fetch on.
        let week_ago = (Utc::now() - chrono::Duration::days(6)).format("%Y%m%dT%H%M");
        if seen.query["time_from"] < week_ago.to_string() {
            Reply::ok(fixture("av-aapl.json"))
        } else {
            Reply::ok(fixture("av-aapl-next.json"))
        }
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &source("av", "alphavantage", &["AAPL"], &server.base, ""),
    );
    let before_first = Utc::now();
    let first = tickertone(&ws, &["--json", "run"]).json();
    assert_eq!(first["ingest"]["articles_recorded"], 2);

    let second = tickertone(&ws, &["--json", "run"]).json();
    assert_eq!(second["exit_status"], 0);
    assert_eq!(second["ingest"]["articles_recorded"], 1);
    let asked = &server.seen()[1].query["time_from"];
    let overlap = (before_first - chrono::Duration::minutes(11)).format("%Y%m%dT%H%M");
    assert!(*asked >= overlap.to_string(), "asked from {asked}");
    assert_eq!(saved(&ws, "data/inbox/av").len(), 2);

    // --no-fetch asks nothing.
    let third = tickertone(&ws, &["--json", "run", "--no-fetch"]).json();
    assert!(third["fetch"].is_null());
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn rss_is_saved_as_xml_and_asked_conditionally() {
    let server = TestServer::start(|seen| {
        if seen.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            Reply::status(304, "")
        } else {
            Reply::Full {
                status: 200,
                headers: vec![
                    ("ETag".into(), "\"v1\"".into()),
                    ("Content-Type".into(), "application/rss+xml".into()),
                ],
                body: fixture("press.xml"),
            }
        }
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &format!(
            "[[source]]\nname = \"press\"\nkind = \"rss\"\nurl = \"{}/press/rss.xml\"\n",
            server.base
        ),
    );
    let out = tickertone(&ws, &["--json", "fetch", "--source", "press"]);
    let json = out.json();
    assert_eq!(
        json["fetch"]["failed"],
        serde_json::json!([]),
        "{}",
        out.stderr
    );
    assert_eq!(source_outcome(&json, "press")["articles"], 2);
    let files: Vec<_> = std::fs::read_dir(ws.path("data/inbox/press"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(files.len() == 1 && files[0].ends_with(".xml"), "{files:?}");
    assert_eq!(saved(&ws, "data/inbox/press"), [fixture("press.xml")]);

    let out = tickertone(&ws, &["--json", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(source_outcome(&out.json(), "press")["articles"], 0);
    assert_eq!(
        saved(&ws, "data/inbox/press").len(),
        1,
        "a 304 saves nothing"
    );
    assert_eq!(server.seen().len(), 2);
}
