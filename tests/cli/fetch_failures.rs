//! Sources that fail: an API's error in a 200, 429 and 5xx, a body cut short, a slow
//! server, a spent budget, configuration mistakes. The batch goes on; exit status 4.

use std::time::{Duration, Instant};

use crate::fetch::{
    configure, configure_with_timeout, fixture, saved, source, source_outcome, state, tickertone,
    KEY, KEY_ENV,
};
use crate::http_server::{Reply, TestServer};
use crate::Workspace;

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
