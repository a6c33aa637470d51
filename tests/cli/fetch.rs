//! `fetch`, `sources` and `run` with sources, against a scripted server on 127.0.0.1 that
//! answers in each API's shape (fixtures in tests/fixtures/fetch/).

use std::collections::BTreeSet;
use std::io::Write;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;

use crate::http_server::{Reply, Seen, TestServer};
use crate::Workspace;

/// Plus, slash and equals sign: the key also appears percent-encoded in URLs.
const KEY: &str = "tt-SECRET-key+/=42";
const KEY_ENCODED: &str = "tt-SECRET-key%2B%2F%3D42";
const KEY_ENV: &str = "TICKERTONE_TEST_API_KEY";

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fetch")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `tickertone.toml` with fast retries and short timeouts, then `sources`.
fn configure(ws: &Workspace, sources: &str) {
    configure_with_timeout(ws, 2.0, sources)
}

fn configure_with_timeout(ws: &Workspace, timeout_secs: f64, sources: &str) {
    ws.write(
        "tickertone.toml",
        &format!(
            "[fetch]\nretry_delay_secs = 0.01\nretries = 2\ntimeout_secs = {timeout_secs}\n\
             connect_timeout_secs = 2\nmax_retry_wait_secs = 5\n\n{sources}"
        ),
    );
}

fn source(name: &str, kind: &str, tickers: &[&str], base_url: &str, extra: &str) -> String {
    let tickers: Vec<String> = tickers.iter().map(|t| format!("\"{t}\"")).collect();
    format!(
        "[[source]]\nname = \"{name}\"\nkind = \"{kind}\"\ntickers = [{}]\n\
         api_key_env = \"{KEY_ENV}\"\nbase_url = \"{base_url}\"\n{extra}\n",
        tickers.join(", ")
    )
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Output {
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("{e}: stdout {}\nstderr {}", self.stdout, self.stderr))
    }
}

fn tickertone(ws: &Workspace, args: &[&str]) -> Output {
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
fn assert_no_key(ws: &Workspace, outputs: &[&str]) {
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
fn saved(ws: &Workspace, rel: &str) -> Vec<Vec<u8>> {
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

fn state(ws: &Workspace, source: &str) -> Value {
    serde_json::from_str(&ws.read(&format!("data/fetch/{source}.json"))).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn source_outcome<'a>(json: &'a Value, name: &str) -> &'a Value {
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
fn a_failing_source_does_not_stop_the_run() {
    let server = TestServer::start(|seen| match seen.path.as_str() {
        "/good/query" => Reply::ok(fixture("av-aapl.json")),
        // Alpha Vantage's rate limit: a 200 whose message even echoes the key.
        "/limited/query" => Reply::ok(
            String::from_utf8(fixture("av-rate-limit.json"))
                .unwrap()
                .replace("SECRET", KEY),
        ),
        _ => Reply::status(404, "{}"),
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &[
            source(
                "av-good",
                "alphavantage",
                &["AAPL"],
                &format!("{}/good", server.base),
                "",
            ),
            source(
                "av-limited",
                "alphavantage",
                &["MSFT"],
                &format!("{}/limited", server.base),
                "",
            ),
        ]
        .concat(),
    );
    let out = tickertone(&ws, &["--json", "run"]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["exit_status"], 4);
    assert_eq!(json["fetch"]["failed"], serde_json::json!(["av-limited"]));
    let limited = source_outcome(&json, "av-limited");
    let error = limited["error"].as_str().unwrap();
    assert!(
        error.contains("\"Information\"") && error.contains("25 requests per day"),
        "{error}"
    );
    assert_eq!(json["ingest"]["articles_recorded"], 2);
    let folder = json["report"]["folder"].as_str().unwrap();
    assert!(std::path::Path::new(folder).join("summary.csv").is_file());

    // The note is not left in the inbox to be read as news; it is kept aside.
    assert!(saved(&ws, "data/inbox/av-limited").is_empty());
    assert_eq!(saved(&ws, "data/fetch/errors/av-limited").len(), 1);
    let st = state(&ws, "av-limited");
    assert!(st["streams"]["MSFT"].is_null(), "since not advanced: {st}");
    assert!(st["last_success"].is_null());
    assert!(st["last_error"].as_str().unwrap().contains("Information"));

    // Without --json: the summary names the source and why; -v lists requests, redacted.
    let out = tickertone(&ws, &["-v", "run"]);
    assert_eq!(out.code, 4);
    assert!(
        out.stderr
            .contains("Source av-limited (alphavantage) FAILED"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Not fetched: av-limited"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("apikey=***"), "{}", out.stderr);
    assert!(out.stdout.trim().ends_with("2026-11-26"), "{}", out.stdout);

    let out = tickertone(&ws, &["sources"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("av-limited (alphavantage, MSFT"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("FAILED"), "{}", out.stdout);
    let list = tickertone(&ws, &["--json", "sources"]).json();
    assert!(list["sources"][0]["last_error"].is_null());
    assert!(list["sources"][1]["last_error"].is_string());
    assert!(list["sources"][1]["since"].is_null());
}

#[test]
fn retries_honour_retry_after_and_recover_from_5xx() {
    let counts = std::sync::Arc::new(std::sync::Mutex::new([0u32; 2]));
    let server = {
        let counts = counts.clone();
        TestServer::start(move |seen| {
            let mut counts = counts.lock().unwrap();
            match seen.path.as_str() {
                "/a/query" => {
                    counts[0] += 1;
                    if counts[0] == 1 {
                        Reply::Full {
                            status: 429,
                            headers: vec![("Retry-After".into(), "1".into())],
                            body: b"{\"message\": \"Too many requests\"}".to_vec(),
                        }
                    } else {
                        Reply::ok(fixture("av-aapl.json"))
                    }
                }
                "/b/query" => {
                    counts[1] += 1;
                    if counts[1] == 1 {
                        Reply::status(500, "Internal Server Error")
                    } else {
                        Reply::ok(fixture("av-msft.json"))
                    }
                }
                _ => Reply::status(404, "{}"),
            }
        })
    };
    let ws = Workspace::new();
    configure(
        &ws,
        &[
            source(
                "a",
                "alphavantage",
                &["AAPL"],
                &format!("{}/a", server.base),
                "",
            ),
            source(
                "b",
                "alphavantage",
                &["MSFT"],
                &format!("{}/b", server.base),
                "",
            ),
        ]
        .concat(),
    );
    let started = Instant::now();
    let out = tickertone(&ws, &["--json", "-v", "fetch"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert!(out.stderr.contains("429"), "{}", out.stderr);
    let json = out.json();
    assert_eq!(source_outcome(&json, "a")["requests"], 2);
    assert_eq!(source_outcome(&json, "b")["requests"], 2);
    assert_eq!(json["ingest"]["articles_recorded"], 3);
    assert_eq!(server.seen().len(), 4);
}

#[test]
fn failures_stay_within_the_budget_and_keep_since() {
    let server = TestServer::start(|seen| match seen.path.as_str() {
        "/fine/query" => Reply::ok(fixture("av-aapl.json")),
        "/down/query" => Reply::status(503, "Service Unavailable"),
        "/cut/query" => Reply::Truncated {
            body: fixture("av-msft.json")[..200].to_vec(),
            claimed: 1186,
        },
        "/slow/query" => Reply::Slow {
            delay: Duration::from_millis(1500),
            body: fixture("av-msft.json"),
        },
        "/later/query" => Reply::Full {
            status: 429,
            headers: vec![("Retry-After".into(), "3600".into())],
            body: vec![],
        },
        _ => Reply::status(404, "{}"),
    });
    let ws = Workspace::new();
    let at = |p: &str| format!("{}/{p}", server.base);
    configure_with_timeout(
        &ws,
        0.4,
        &[
            source("fine", "alphavantage", &["AAPL"], &at("fine"), ""),
            source(
                "down",
                "alphavantage",
                &["MSFT"],
                &at("down"),
                "max_requests_per_run = 2",
            ),
            source("cut", "alphavantage", &["MSFT"], &at("cut"), ""),
            source("slow", "alphavantage", &["MSFT"], &at("slow"), ""),
            source("later", "alphavantage", &["MSFT"], &at("later"), ""),
        ]
        .concat(),
    );
    let out = tickertone(&ws, &["--json", "run"]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    let json = out.json();
    assert_eq!(
        json["fetch"]["failed"],
        serde_json::json!(["down", "cut", "slow", "later"]),
        "{}",
        out.stderr
    );
    assert_eq!(json["ingest"]["articles_recorded"], 2);
    let error = |name: &str| {
        source_outcome(&json, name)["error"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(error("down").contains("budget of 2"), "{}", error("down"));
    assert!(error("down").contains("503"), "{}", error("down"));
    assert!(error("cut").contains("cut short"), "{}", error("cut"));
    assert!(error("slow").contains("timed out"), "{}", error("slow"));
    assert_eq!(server.seen_at("/slow/query").len(), 3);
    assert!(error("later").contains("3600"), "{}", error("later"));
    // Requests: within the budget of 2; 1 + 2 retries; and none after a long Retry-After.
    assert_eq!(server.seen_at("/down/query").len(), 2);
    assert_eq!(server.seen_at("/cut/query").len(), 3);
    assert_eq!(server.seen_at("/later/query").len(), 1);
    for name in ["down", "cut", "slow", "later"] {
        let st = state(&ws, name);
        assert!(st["streams"]["MSFT"].is_null(), "{name}: {st}");
        assert!(
            saved(&ws, &format!("data/inbox/{name}")).is_empty(),
            "{name}"
        );
    }
    assert!(state(&ws, "fine")["streams"]["AAPL"]["since"].is_string());
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

#[test]
fn source_config_mistakes_are_usage_errors() {
    let ws = Workspace::new();
    let out = tickertone(&ws, &["fetch"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no news sources are configured"),
        "{}",
        out.stderr
    );

    ws.write(
        "tickertone.toml",
        "[[source]]\nname = \"av\"\nkind = \"alphavantage\"\napi_key_env = \"X\"\napi_key = \"abc\"\n",
    );
    let out = tickertone(&ws, &["fetch"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("does not belong in the file"),
        "{}",
        out.stderr
    );

    configure(
        &ws,
        &source("av", "alphavantage", &["AAPL"], "http://127.0.0.1:9", ""),
    );
    let out = tickertone(&ws, &["fetch", "--source", "nope"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("the configured ones are: av"),
        "{}",
        out.stderr
    );

    // A missing key fails the source (exit 4) and says which variable to set.
    let out = ws
        .cmd()
        .env_remove(KEY_ENV)
        .args(["fetch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("export {KEY_ENV}=")), "{stderr}");
}
