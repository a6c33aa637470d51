//! Hostile servers and careless configurations (issue 28): a redirect to another host, a
//! key short enough to be a word, secrets in `tickertone.toml`.

use crate::fetch::{configure, fixture, source, KEY, KEY_ENCODED, KEY_ENV};
use crate::http_server::{Reply, TestServer};
use crate::Workspace;

/// `tickertone ARGS` with `key` in the key's variable: (exit code, stdout, stderr).
fn run_with_key(ws: &Workspace, key: &str, args: &[&str]) -> (i32, String, String) {
    let out = ws.cmd().env(KEY_ENV, key).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Every file of the workspace but `tickertone.toml`, as text.
fn files_but_config(ws: &Workspace) -> Vec<(String, String)> {
    walkdir::WalkDir::new(ws.path(""))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name() != "tickertone.toml")
        .map(|e| {
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            (e.path().display().to_string(), text)
        })
        .collect()
}

#[test]
fn redirects_to_another_host_are_refused_and_no_referer_is_sent() {
    // Another origin: the same address on another port.
    let elsewhere = TestServer::start(|seen| match seen.path.as_str() {
        "/moved/press.xml" => Reply::ok(fixture("press.xml")),
        _ => Reply::ok(fixture("av-aapl.json")),
    });
    let away = elsewhere.base.clone();
    let server = TestServer::start(move |seen| match seen.path.as_str() {
        // A 307 to another host, and a 302 that keeps the query (and the key) with it.
        "/away/query" => Reply::Full {
            status: 307,
            headers: vec![("Location".into(), format!("{away}/query"))],
            body: vec![],
        },
        "/keep/query" => Reply::Full {
            status: 302,
            headers: vec![(
                "Location".into(),
                format!("{away}/query?function=NEWS_SENTIMENT&apikey={KEY_ENCODED}"),
            )],
            body: vec![],
        },
        // Within the host: followed, without a Referer (it would carry the key).
        "/home/query" => Reply::Full {
            status: 301,
            headers: vec![(
                "Location".into(),
                format!("/final/query?function=NEWS_SENTIMENT&apikey={KEY_ENCODED}"),
            )],
            body: vec![],
        },
        "/final/query" => Reply::ok(fixture("av-aapl.json")),
        // A feed carries no key: it may move to another host.
        "/press.xml" => Reply::Full {
            status: 301,
            headers: vec![("Location".into(), format!("{away}/moved/press.xml"))],
            body: vec![],
        },
        _ => Reply::status(404, "{}"),
    });
    let ws = Workspace::new();
    let base = &server.base;
    configure(
        &ws,
        &[
            source(
                "away",
                "alphavantage",
                &["AAPL"],
                &format!("{base}/away"),
                "",
            ),
            source(
                "keep",
                "alphavantage",
                &["AAPL"],
                &format!("{base}/keep"),
                "",
            ),
            source(
                "home",
                "alphavantage",
                &["AAPL"],
                &format!("{base}/home"),
                "",
            ),
            format!("[[source]]\nname = \"press\"\nkind = \"rss\"\nurl = \"{base}/press.xml\"\n"),
        ]
        .concat(),
    );
    let (code, stdout, stderr) = run_with_key(&ws, KEY, &["--json", "fetch"]);
    assert_eq!(code, 4, "{stderr}");
    let asked_elsewhere: Vec<String> = elsewhere.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        asked_elsewhere,
        ["/moved/press.xml"],
        "the other host was asked with the key"
    );
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(json["fetch"]["failed"], serde_json::json!(["away", "keep"]));
    for name in ["away", "keep"] {
        let outcome = crate::fetch::source_outcome(&json, name);
        let error = outcome["error"].as_str().unwrap();
        assert!(
            error.contains(&format!("redirects to {}", elsewhere.base))
                && error.contains("not followed"),
            "{error}"
        );
    }
    assert_eq!(crate::fetch::source_outcome(&json, "home")["ok"], true);
    assert_eq!(crate::fetch::source_outcome(&json, "press")["ok"], true);
    let last = server.seen_at("/final/query");
    assert_eq!(last.len(), 1);
    assert!(
        !last[0].headers.contains_key("referer"),
        "{:?}",
        last[0].headers
    );
    crate::fetch::assert_no_key(&ws, &[&stdout, &stderr]);
}

/// An Alpha Vantage page whose titles hold the key's text as words.
fn wordy_page() -> String {
    String::from_utf8(fixture("av-aapl.json")).unwrap().replace(
        "Apple supplier orders point to a strong iPhone quarter",
        "AAPL news: demo day for the e-ink iPhone",
    )
}

#[test]
fn a_short_key_is_redacted_where_it_is_the_key_and_nowhere_else() {
    for key in ["news", "demo", "e"] {
        let page = wordy_page();
        let served = page.clone();
        let server = TestServer::start(move |_| Reply::ok(served.clone()));
        let ws = Workspace::new();
        configure(
            &ws,
            &source("av", "alphavantage", &["AAPL"], &server.base, ""),
        );
        let (code, _, stderr) = run_with_key(&ws, key, &["-v", "fetch"]);
        assert_eq!(code, 0, "key {key}: {stderr}");
        assert_eq!(server.seen()[0].query["apikey"], key);
        assert!(
            stderr.contains("&apikey=*** ->") && !stderr.contains(&format!("apikey={key}")),
            "key {key}: {stderr}"
        );
        let saved = crate::fetch::saved(&ws, "data/inbox/av");
        assert_eq!(
            saved,
            vec![page.into_bytes()],
            "key {key}: the body is changed"
        );
        let titles = ws.stored_text("title");
        assert!(
            titles.contains(&"AAPL news: demo day for the e-ink iPhone".to_string()),
            "key {key}: {titles:?}"
        );
    }
}

#[test]
fn secrets_in_the_config_file_are_never_echoed() {
    let ws = Workspace::new();
    let refused = |toml: &str| {
        ws.write("tickertone.toml", toml);
        let (code, stdout, stderr) = run_with_key(&ws, KEY, &["sources"]);
        assert_eq!(code, 2, "{stderr}");
        format!("{stdout}{stderr}")
    };
    let said = refused("data = \"data\"\napi_key = \"TOP-LEVEL-SECRET-1\"\n");
    assert!(
        !said.contains("TOP-LEVEL-SECRET-1") && said.contains("api_key_env"),
        "{said}"
    );
    let said = refused(
        "[[source]]\nname = \"av\"\nkind = \"alphavantage\"\napi_key_env = \"K\"\n\
         apikey = \"MISSPELLED-SECRET-2\"\n",
    );
    assert!(
        !said.contains("MISSPELLED-SECRET-2") && said.contains("apikey") && said.contains("line 5"),
        "{said}"
    );
    let said = refused(
        "[[source]]\nname = \"av\"\nkind = \"alphavantage\"\napi_key_env = \"K\"\n\
         token = \"MISSPELLED-SECRET-3\"\n",
    );
    assert!(!said.contains("MISSPELLED-SECRET-3"), "{said}");
    // The key pasted where its variable's name goes.
    let said = refused(
        "[[source]]\nname = \"av\"\nkind = \"alphavantage\"\napi_key_env = \"pasted-KEY/4+2\"\n",
    );
    assert!(
        !said.contains("pasted-KEY/4+2") && said.contains("api_key_env"),
        "{said}"
    );

    // A password in base_url: sent (as the URL says), never printed or saved.
    let server = TestServer::start(|_| Reply::ok(fixture("av-aapl.json")));
    let with_password = server
        .base
        .replace("http://", "http://reader:hunter2secret@");
    configure(
        &ws,
        &source("av", "alphavantage", &["AAPL"], &with_password, ""),
    );
    let (code, stdout, stderr) = run_with_key(&ws, KEY, &["-v", "--json", "fetch"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(server.seen()[0].headers.contains_key("authorization"));
    assert!(stderr.contains("http://***@127.0.0.1"), "{stderr}");
    for text in [&stdout, &stderr] {
        assert!(!text.contains("hunter2secret"), "{text}");
    }
    for (path, text) in files_but_config(&ws) {
        assert!(!text.contains("hunter2secret"), "{path}");
    }
}

#[test]
fn a_gzip_bomb_fails_its_source_without_being_asked_again() {
    // 257 gzip members of 1 MiB of zeros each: 257 MiB once unzipped, over the 256 MiB a
    // body may be.
    let member = crate::fetch::gzip(&vec![0u8; 1024 * 1024]);
    let bomb: Vec<u8> = member.repeat(257);
    let server = TestServer::start(move |_| Reply::Full {
        status: 200,
        headers: vec![("Content-Encoding".into(), "gzip".into())],
        body: bomb.clone(),
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &source("av", "alphavantage", &["AAPL"], &server.base, ""),
    );
    let (code, stdout, stderr) = run_with_key(&ws, KEY, &["--json", "fetch"]);
    assert_eq!(code, 4, "{stderr}");
    assert_eq!(server.seen().len(), 1, "asked again: {stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let error = crate::fetch::source_outcome(&json, "av")["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(error.contains("larger than 256 MiB"), "{error}");
}
