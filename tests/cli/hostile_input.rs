//! Hostile inputs (issue 28): each case rejected with file, line and reason, or read as
//! the README says, and never able to take later commands down.

use crate::{ingest_counts, Workspace};

/// A news CSV of `rows` rows (ids `r1`…), one ticker each; `title(i)` gives row i's title.
fn news_csv(rows: usize, title: impl Fn(usize) -> String) -> String {
    let mut text = String::from("id,published_at,ticker,sentiment,title\n");
    for i in 1..=rows {
        text.push_str(&format!(
            "r{i},2025-01-{:02},AAPL,0.1,{}\n",
            1 + i % 28,
            title(i)
        ));
    }
    text
}

#[test]
fn an_unclosed_quote_in_a_csv_rejects_the_rows_from_it_on() {
    let ws = Workspace::new();
    // Row 2 (line 3) opens a quote that nothing closes.
    ws.write(
        "in/open.csv",
        &news_csv(100, |i| match i {
            2 => "\"Apple opens a quote".into(),
            i => format!("Plain title {i}"),
        }),
    );
    let v = ws.ingest_json("in/open.csv", 3);
    assert_eq!(ingest_counts(&v), (1, 0, 1), "{v}");
    let rejected = ws.rejected();
    assert_eq!(rejected.len(), 1);
    let r = &rejected[0];
    assert!(r["file"].as_str().unwrap().ends_with("open.csv"));
    assert_eq!(r["line"], 3);
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("never closed") && reason.contains("from line 3 on"),
        "{reason}"
    );
    assert!(ws.stored_text("title").iter().all(|t| t.len() < 40));

    // Closed by a later field's opening quote: the rows between are not one title either.
    let ws = Workspace::new();
    ws.write(
        "in/later.csv",
        &news_csv(100, |i| match i {
            2 => "\"Apple opens a quote".into(),
            50 => "\"Apple, up\"".into(),
            i => format!("Plain title {i}"),
        }),
    );
    let v = ws.ingest_json("in/later.csv", 3);
    assert_eq!(ingest_counts(&v), (1, 0, 1), "{v}");
    assert_eq!(ws.rejected()[0]["line"], 3);
}

#[test]
fn deeply_nested_html_is_rejected_quickly_with_a_reason() {
    let ws = Workspace::new();
    let deep = |open: &str, close: &str| {
        format!(
            "{}<p>Apple (NASDAQ: AAPL) beats estimates.</p>{}",
            open.repeat(200_000),
            close.repeat(200_000)
        )
    };
    ws.write(
        "in/deep.html",
        &format!(
            "<!DOCTYPE html><html><head><title>Apple beats</title>\
             <meta property=\"article:published_time\" content=\"2025-01-02T10:00:00Z\">\
             </head><body>{}</body></html>",
            deep("<div>", "</div>")
        ),
    );
    // The same through a feed: a description of escaped tags.
    ws.write(
        "in/feed.xml",
        &format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Press</title>\n\
             <item><title>Apple beats estimates</title><link>https://x.example/1</link>\
             <pubDate>Thu, 02 Jan 2025 10:00:00 GMT</pubDate>\
             <description>&lt;p&gt;Apple (NASDAQ: AAPL) beats estimates.&lt;/p&gt;</description></item>\n\
             <item><title>Deep</title><link>https://x.example/2</link>\
             <pubDate>Thu, 02 Jan 2025 11:00:00 GMT</pubDate><description>{}</description></item>\n\
             </channel></rss>\n",
            deep("&lt;div&gt;", "&lt;/div&gt;")
        ),
    );
    let started = std::time::Instant::now();
    let out = ws
        .cmd()
        .timeout(std::time::Duration::from_secs(60))
        .args(["--json", "ingest", "in"])
        .assert()
        .code(3);
    assert!(started.elapsed().as_secs() < 60);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(ingest_counts(&v), (1, 0, 2), "{v}");
    for r in ws.rejected() {
        let reason = r["reason"].as_str().unwrap();
        assert!(reason.contains("nests deeper than 512"), "{reason}");
    }
}

/// One NDJSON article line about AAPL.
fn article(id: &str, published_at: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"published_at\":\"{published_at}\",\"tickers\":\"AAPL\",\"sentiment\":0.3}}\n"
    )
}

#[test]
fn an_article_dated_years_ahead_is_rejected_unless_allowed() {
    let ws = Workspace::new();
    ws.write(
        "data/inbox/a.ndjson",
        &[
            article("now", "2025-03-04T10:00:00Z"),
            article("typo", "2062-01-05"),
        ]
        .concat(),
    );
    let out = ws.cmd().args(["--json", "run"]).assert().code(3);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["report"]["window"]["to"], "2025-03-04", "{v}");
    assert!(!ws.path("reports/2062-01-05").exists());
    let reason = ws.rejected()[0]["reason"].as_str().unwrap().to_string();
    assert!(
        reason.contains("2062-01-05 is more than a day after") && reason.contains("--allow-future"),
        "{reason}"
    );
    // A backfill of scheduled items says so.
    let out = ws
        .cmd()
        .args(["--json", "run", "--allow-future"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["report"]["window"]["to"], "2062-01-05", "{v}");

    // The same rule for a page dated by --date, and the years' rule for --date itself.
    let ws = Workspace::new();
    ws.write(
        "in/page.txt",
        "Apple (NASDAQ: AAPL) beats estimates\n\nApple rose.\n",
    );
    let v: serde_json::Value = serde_json::from_slice(
        &ws.cmd()
            .args(["--json", "ingest", "in/page.txt", "--date", "2099-01-01"])
            .assert()
            .code(3)
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(crate::ingest_counts(&v), (0, 0, 1), "{v}");
    for date in ["0000-01-01", "2200-01-01", "1969-12-31"] {
        let out = ws
            .cmd()
            .args(["ingest", "in/page.txt", "--date", date])
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains("1970..=2199"), "{date}: {stderr}");
    }
    assert_eq!(ws.stored_rows(), 0);
}

#[test]
fn dates_at_the_edges_keep_their_day() {
    let ws = Workspace::new();
    ws.write(
        "in/edges.ndjson",
        &[
            article("last", "2199-12-31T23:59:59-05:00"),
            article("leap", "2016-12-31T23:59:60Z"),
        ]
        .concat(),
    );
    ws.cmd()
        .args(["ingest", "in/edges.ndjson", "--allow-future"])
        .assert()
        .code(0);
    assert_eq!(ws.stored_rows(), 2);
    let daily = ws.daily_csv_to("2016-12-31");
    assert!(daily.contains("\n2016-12-31,"), "{daily}");
    let daily = ws.daily_csv_to("2017-01-01");
    assert!(
        !daily.contains("\n2017-01-01,"),
        "the leap second moved its day:\n{daily}"
    );
}

/// `tickertone --json ingest PATH` with files limited to `max_file_bytes` (writing past it
/// fails with EFBIG, as on a full disk): (exit code, JSON summary, stderr).
fn ingest_with_small_disk(
    ws: &Workspace,
    path: &str,
    max_file_bytes: u64,
) -> (i32, serde_json::Value, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(crate::binary());
    cmd.current_dir(ws.path(""))
        .env_remove("TICKERTONE_DATA")
        .env_remove("TICKERTONE_REPORTS")
        .arg("--data")
        .arg(ws.path("data"))
        .args(["--json", "ingest", path]);
    // SAFETY: only async-signal-safe calls (setrlimit, signal) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: max_file_bytes,
                rlim_max: max_file_bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // Past the limit a write fails rather than killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, stderr)
}

#[test]
fn a_full_disk_never_tears_the_rejected_log_and_the_commit_is_reported() {
    let ws = Workspace::new();
    let mut lines = String::new();
    for i in 0..3 {
        lines.push_str(&article(&format!("good-{i}"), "2025-01-02T10:00:00Z"));
    }
    // 40 rejections of 20 KB each: 800 KB of log, over the 200 KB a file may take.
    let filler = "x".repeat(20_000);
    for i in 0..40 {
        lines.push_str(&format!(
            "{{\"id\":\"bad-{i}\",\"published_at\":\"2025-01-02\",\"tickers\":\"AAPL\",\"sentiment\":5,\"title\":\"{filler}\"}}\n"
        ));
    }
    ws.write("in/batch.ndjson", &lines);
    let (code, json, stderr) = ingest_with_small_disk(&ws, "in/batch.ndjson", 200_000);
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(crate::ingest_counts(&json), (3, 0, 40), "{json}\n{stderr}");
    let error = json["ingest"]["rejected_log_error"].as_str().unwrap_or("");
    assert!(error.contains("could not be logged"), "{json}");
    assert!(
        stderr.contains("recorded 3 articles") && stderr.contains("could not be logged"),
        "{stderr}"
    );
    assert_eq!(ws.stored_rows(), 3);
    // Every line of whatever log there is parses, and the next run logs them all.
    let log = ws.path("data/rejected/rejected.ndjson");
    if log.exists() {
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(text.is_empty() || text.ends_with('\n'));
    }
    let _ = ws.rejected();
    let v = ws.ingest_json("in/batch.ndjson", 3);
    assert_eq!(v["ingest"]["duplicates"], 3, "{v}");
    assert_eq!(ws.rejected().len(), 40);

    // A half line an older version left is repaired by the next write, not appended to.
    let ws = Workspace::new();
    ws.write(
        "data/rejected/rejected.ndjson",
        "{\"file\":\"old.ndjson\",\"line\":1,\"record\":1,\"reason\":\"r\",\"raw\":\"x\"}\n{\"file\":\"old.nd",
    );
    ws.write(
        "in/bad.ndjson",
        "{\"id\":\"b\",\"published_at\":\"2025-01-02\",\"tickers\":\"AAPL\",\"sentiment\":5}\n",
    );
    ws.ingest_json("in/bad.ndjson", 3);
    let logged = ws.rejected();
    assert_eq!(logged.len(), 2, "{logged:?}");
}

#[test]
fn links_in_a_folder_are_followed_and_what_is_skipped_is_said() {
    use std::os::unix::fs::symlink;
    let ws = Workspace::new();
    ws.write(
        "elsewhere/one.ndjson",
        &article("one", "2025-01-02T10:00:00Z"),
    );
    ws.write("shared/two.ndjson", &article("two", "2025-01-02T11:00:00Z"));
    std::fs::create_dir_all(ws.path("in")).unwrap();
    symlink(ws.path("elsewhere/one.ndjson"), ws.path("in/one.ndjson")).unwrap();
    symlink(ws.path("shared"), ws.path("in/shared")).unwrap();
    symlink(ws.path("in"), ws.path("in/shared-loop")).unwrap();
    symlink(ws.path("nowhere.ndjson"), ws.path("in/dangling.ndjson")).unwrap();
    let out = ws.cmd().args(["--json", "ingest", "in"]).assert().code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["ingest"]["files_read"], 2, "{v}");
    assert_eq!(ingest_counts(&v), (2, 0, 0), "{v}");
    let warnings = v["ingest"]["warnings"].to_string();
    assert!(
        warnings.contains("shared-loop: a link back to")
            && warnings.contains("dangling.ndjson: a link to"),
        "{warnings}"
    );
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("warning: skipped"), "{stderr}");
}

#[test]
fn a_tag_with_thousands_of_attributes_is_rejected_quickly() {
    let ws = Workspace::new();
    let attributes: String = (0..50_000).map(|i| format!(" a{i}=1")).collect();
    ws.write(
        "in/attrs.html",
        &format!(
            "<!DOCTYPE html><html><head><title>Apple beats</title></head>\
             <body><div{attributes}><p>Apple (NASDAQ: AAPL) beats estimates.</p></div></body></html>"
        ),
    );
    let out = ws
        .cmd()
        .timeout(std::time::Duration::from_secs(5))
        .args(["--json", "ingest", "in", "--date", "2025-01-02"])
        .assert()
        .code(3);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(ingest_counts(&v), (0, 0, 1), "{v}");
    let reason = ws.rejected()[0]["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("attributes"), "{reason}");
}
