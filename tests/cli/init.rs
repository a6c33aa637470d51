//! `tickertone init`: a folder set up for a watchlist, usable at once, never overwritten.

use assert_cmd::Command;

use crate::{binary, Workspace};

/// The binary in `dir` with no data or reports folder from the environment: the config
/// file decides.
fn tickertone_in(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(dir)
        .env_remove("TICKERTONE_DATA")
        .env_remove("TICKERTONE_REPORTS");
    cmd
}

#[test]
fn init_then_run_no_fetch_works_in_an_empty_folder() {
    let ws = Workspace::new();
    let dir = ws.path("");
    let out = tickertone_in(&dir)
        .args(["init", "--tickers", "aapl,MSFT"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let next: Vec<&str> = stdout.lines().collect();
    assert_eq!(next.len(), 2, "{stdout}");
    assert!(next[0].starts_with("tickertone sources"), "{stdout}");
    assert!(next[1].starts_with("tickertone run"), "{stdout}");
    assert!(ws.path("data").is_dir() && ws.path("reports").is_dir());
    let config = ws.read("tickertone.toml");
    assert!(
        config.contains("tickers = [\"AAPL\", \"MSFT\"]"),
        "{config}"
    );
    assert!(config.contains("kind = \"yahoo\"") && config.contains("# kind = \"polygon\""));

    // The sources are configured, and run --no-fetch has nothing to report yet: not a failure.
    let sources = tickertone_in(&dir)
        .args(["--json", "sources"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&sources.get_output().stdout).unwrap();
    let kinds: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["yahoo", "nasdaq", "seekingalpha", "googlenews"]);
    let run = tickertone_in(&dir)
        .args(["run", "--no-fetch"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("Nothing is recorded in"), "{stderr}");

    // With news in the inbox, the same folder reports.
    ws.fixture("hand-computed.ndjson", "data/inbox/a.ndjson");
    let run = tickertone_in(&dir)
        .args(["run", "--no-fetch"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(stdout.trim().ends_with("2025-04-03"), "{stdout}");
    assert!(ws.path("reports/2025-04-03/summary.csv").is_file());
}

#[test]
fn init_never_overwrites_a_config() {
    let ws = Workspace::new();
    let dir = ws.path("");
    tickertone_in(&dir)
        .args(["init", "--tickers", "AAPL"])
        .assert()
        .code(0);
    let first = ws.read("tickertone.toml");
    let out = tickertone_in(&dir)
        .args(["init", "--tickers", "TSLA"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("already exists") && stderr.contains("tickertone.toml"),
        "{stderr}"
    );
    assert_eq!(ws.read("tickertone.toml"), first);

    // A config init did not write (even a broken one) is kept too, and not read.
    ws.write("other/tickertone.toml", "this is = not [valid toml\n");
    tickertone_in(&ws.path("other"))
        .args(["init"])
        .assert()
        .code(2);
    assert_eq!(
        ws.read("other/tickertone.toml"),
        "this is = not [valid toml\n"
    );
}

#[test]
fn init_sets_up_another_folder_and_turns_edgar_on_with_a_user_agent() {
    let ws = Workspace::new();
    let out = tickertone_in(&ws.path(""))
        .args([
            "--json",
            "init",
            "--tickers",
            "NVDA",
            "--user-agent",
            "Jo Doe jo@example.com",
            "desk",
        ])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["command"], "init");
    assert_eq!(v["tickers"], serde_json::json!(["NVDA"]));
    assert!(v["next"][1]
        .as_str()
        .unwrap()
        .starts_with("cd desk && tickertone run"));
    assert!(ws.path("desk/data").is_dir() && ws.path("desk/reports").is_dir());
    let config = ws.read("desk/tickertone.toml");
    assert!(
        config.contains("kind = \"edgar\"\ntickers = [\"NVDA\"]\nforms = [\"8-K\"]\nuser_agent = \"Jo Doe jo@example.com\""),
        "{config}"
    );
    // The file loads: `sources` from another folder, through --config.
    tickertone_in(&ws.path(""))
        .args(["--config", "desk/tickertone.toml", "sources"])
        .assert()
        .code(0);

    let bad = tickertone_in(&ws.path(""))
        .args(["init", "--tickers", "AAPL,BAD TICKER", "elsewhere"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&bad.get_output().stderr).to_string();
    assert!(
        stderr.contains("--tickers") && stderr.contains("BAD TICKER"),
        "{stderr}"
    );
    assert!(!ws.path("elsewhere").exists());
}
