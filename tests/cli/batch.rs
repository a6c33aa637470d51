//! The batch side: --json, --quiet, -v, the config file, trading days, show, completions,
//! the man page and the help texts.

use crate::Workspace;

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

#[test]
fn json_summary_on_stdout_and_quiet_stderr() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "data/inbox/a.ndjson");
    ws.fixture("mixed-bad.ndjson", "data/inbox/b.ndjson");
    let out = ws.cmd().args(["--json", "--quiet", "run"]).assert().code(3);
    assert_eq!(stderr(&out), "");
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["command"], "run");
    assert_eq!(v["exit_status"], 3);
    assert_eq!(v["ingest"]["articles_recorded"], 14);
    assert_eq!(v["ingest"]["rejected"], 9);
    assert_eq!(v["ingest"]["skipped"], 1);
    assert_eq!(v["report"]["window"]["to"], "2025-05-02");
    assert!(v["report"]["folder"]
        .as_str()
        .unwrap()
        .ends_with("2025-05-02"));

    // An error is JSON too.
    let out = ws
        .cmd()
        .args([
            "--json",
            "report",
            "--tickers",
            "AAPL",
            "--from",
            "2030-01-01",
        ])
        .assert()
        .code(2);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["exit_status"], 2);
}

#[test]
fn verbose_names_each_rejected_record() {
    let ws = Workspace::new();
    ws.fixture("mixed-bad.ndjson", "in/b.ndjson");
    let out = ws.cmd().args(["-v", "ingest", "in"]).assert().code(3);
    let err = stderr(&out);
    assert!(
        err.contains("b.ndjson:6: sentiment: 1.5 is outside"),
        "{err}"
    );
    assert!(err.contains("ingest took"), "{err}");
}

#[test]
fn config_file_sets_defaults_and_flags_win() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.write(
        "tickertone.toml",
        "data = \"store-here\"\nreports = \"out\"\ntz = \"America/New_York\"\nwindow_days = 3\n",
    );
    // No --data/--reports flags: the config decides (run from the workspace folder).
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tickertone"));
    cmd.current_dir(ws.path(""))
        .env_remove("TICKERTONE_DATA")
        .env_remove("TICKERTONE_REPORTS");
    cmd.args(["ingest", "in"]).assert().code(0);
    assert!(ws.path("store-here/store/mentions").is_dir());
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tickertone"));
    cmd.current_dir(ws.path(""))
        .env_remove("TICKERTONE_DATA")
        .env_remove("TICKERTONE_REPORTS");
    cmd.arg("report").assert().code(0);
    // window_days = 3 and New York time: g3 (22:30 −04:00) is on 04-01.
    let daily = ws.read("out/2025-04-03/daily.csv");
    assert!(
        daily.contains("2025-04-01,Alphabet Inc.,GOOGL,GOOG;GOOGL,3,"),
        "{daily}"
    );
    assert!(!daily.contains("2025-03-31"), "{daily}");

    // A flag beats the file.
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tickertone"));
    cmd.current_dir(ws.path(""))
        .env_remove("TICKERTONE_DATA")
        .env_remove("TICKERTONE_REPORTS");
    cmd.args(["--reports", "elsewhere", "report"])
        .assert()
        .code(0);
    assert!(ws.path("elsewhere/2025-04-03/daily.csv").exists());

    // A typo in the file is a usage error naming the key.
    ws.write("bad.toml", "timezone = \"UTC\"\n");
    let out = ws
        .cmd()
        .args(["--config", "bad.toml", "report"])
        .assert()
        .code(2);
    assert!(stderr(&out).contains("timezone"), "{}", stderr(&out));
}

#[test]
fn session_close_moves_late_news_to_the_next_trading_day() {
    let ws = Workspace::new();
    ws.write(
        "in/t.ndjson",
        "{\"id\":\"a\",\"published_at\":\"2025-05-22T15:59:00-04:00\",\"tickers\":\"AAPL\",\"sentiment\":0.1}\n\
         {\"id\":\"b\",\"published_at\":\"2025-05-22T16:00:00-04:00\",\"tickers\":\"AAPL\",\"sentiment\":0.2}\n\
         {\"id\":\"c\",\"published_at\":\"2025-05-23T19:00:00-04:00\",\"tickers\":\"AAPL\",\"sentiment\":0.3}\n\
         {\"id\":\"d\",\"published_at\":\"2025-05-24T11:00:00-04:00\",\"tickers\":\"AAPL\",\"sentiment\":0.4}\n",
    );
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd()
        .args([
            "--tz",
            "America/New_York",
            "--session-close",
            "16:00",
            "report",
        ])
        .assert()
        .code(0);
    let daily = ws.read("reports/2025-05-26/daily.csv");
    let days: Vec<(&str, &str)> = daily
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0], f[4])
        })
        .collect();
    // Thursday 15:59 → Thu; 16:00 → Fri; Friday evening and Saturday → Monday.
    assert_eq!(
        days,
        [
            ("2025-05-22", "1"),
            ("2025-05-23", "1"),
            ("2025-05-26", "2")
        ]
    );
    ws.cmd()
        .args(["--session-close", "4pm", "report"])
        .assert()
        .code(2);
}

#[test]
fn show_prints_the_latest_days() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    let out = ws
        .cmd()
        .args(["show", "googl", "--days", "2"])
        .assert()
        .code(0);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Alphabet Inc. (GOOG, GOOGL): 9 articles"),
        "{text}"
    );
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[2].starts_with("2025-04-02") && lines[3].starts_with("2025-04-03"),
        "{text}"
    );
    ws.cmd().args(["show", "NOPE"]).assert().code(1);
}

#[test]
fn completions_man_page_and_help() {
    let ws = Workspace::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = ws.cmd().args(["completions", shell]).assert().code(0);
        assert!(stdout(&out).contains("ingest"), "{shell}");
    }
    let out = ws.cmd().arg("man").assert().code(0);
    assert!(stdout(&out).starts_with(".ie") || stdout(&out).contains(".TH tickertone"));
    for command in [
        "ingest",
        "report",
        "run",
        "show",
        "check",
        "score",
        "completions",
    ] {
        let out = ws.cmd().args([command, "--help"]).assert().code(0);
        assert!(
            stdout(&out).contains("Example"),
            "{command} --help has no example"
        );
    }
    let out = ws.cmd().arg("--help").assert().code(0);
    assert!(stdout(&out).contains("Exit status"));
}
