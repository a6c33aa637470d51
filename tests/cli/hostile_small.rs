//! The smaller holes of issue 28, one test each.

use std::time::Duration;

use crate::fetch::{configure, source, KEY, KEY_ENV};
use crate::http_server::{Reply, TestServer};
use crate::Workspace;

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

#[test]
fn check_of_a_missing_data_folder_is_a_problem() {
    let ws = Workspace::new();
    let out = ws.cmd().arg("check").assert().code(1);
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("does not exist (is --data right?)"),
        "{stderr}"
    );
    assert!(!stderr.contains("no problems"), "{stderr}");
}

#[test]
fn a_damaged_store_file_is_named_by_every_command_it_stops() {
    let ws = Workspace::new();
    ws.write(
        "in/a.ndjson",
        "{\"id\":\"1\",\"published_at\":\"2025-01-02\",\"tickers\":\"AAPL\",\"sentiment\":0.3,\"title\":\"Apple up\"}\n",
    );
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    let part = walkdir::WalkDir::new(ws.path("data/store"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|e| e == "parquet"))
        .unwrap();
    let good = std::fs::read(&part).unwrap();
    let name = part.file_name().unwrap().to_string_lossy().to_string();
    let mut failures = 0;
    // Damage in each tenth of the file: whatever a command reads and fails on, it names.
    for tenth in 0..10 {
        let mut bytes = good.clone();
        let at = 8 + (bytes.len() - 80) * tenth / 10;
        for b in &mut bytes[at..at + 60] {
            *b ^= 0x5a;
        }
        std::fs::write(&part, &bytes).unwrap();
        for args in [
            &["show", "AAPL"][..],
            &["chart", "AAPL", "-o", "c.png"],
            &["report"],
            &["ingest", "in"],
        ] {
            let out = ws.cmd().args(args).output().unwrap();
            if !out.status.success() {
                failures += 1;
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(stderr.contains(&name), "{args:?}, damage at {at}: {stderr}");
            }
        }
    }
    assert!(failures > 0);
}

#[test]
fn invalid_utf8_in_ndjson_says_so() {
    let ws = Workspace::new();
    std::fs::create_dir_all(ws.path("in")).unwrap();
    std::fs::write(
        ws.path("in/latin1.ndjson"),
        b"{\"id\":\"x\",\"published_at\":\"2025-01-02\",\"tickers\":\"A\",\"title\":\"caf\xe9\",\"sentiment\":0.1}\n",
    )
    .unwrap();
    ws.cmd().args(["ingest", "in"]).assert().code(3);
    let reason = ws.rejected()[0]["reason"].as_str().unwrap().to_string();
    assert!(
        reason.contains("not UTF-8") && reason.contains("0xE9") && reason.contains("re-encode"),
        "{reason}"
    );
}

#[test]
fn huge_titles_and_control_characters_stay_out_of_the_page_and_the_csvs() {
    let ws = Workspace::new();
    ws.write(
        "symbols.csv",
        "company,tickers\nEvil\u{1b}[2J\u{202e}Corp,EVIL\n",
    );
    let huge = "word ".repeat(800_000); // 4 MB
    ws.write(
        "in/a.ndjson",
        &format!(
            "{{\"id\":\"1\",\"published_at\":\"2025-01-02\",\"tickers\":\"EVIL\",\"sentiment\":0.3,\"title\":\"{huge}\"}}\n\
             {{\"id\":\"2\",\"published_at\":\"2025-01-02\",\"tickers\":\"EVIL\",\"sentiment\":0.2,\"title\":\"bad \\u0000 \\u001b[31m \\u202egnp.exe\"}}\n"
        ),
    );
    let symbols = ws.path("symbols.csv");
    ws.cmd()
        .arg("--symbols")
        .arg(&symbols)
        .args(["ingest", "in"])
        .assert()
        .code(0);
    // Every mention counted: the titles need not name the company.
    ws.cmd()
        .arg("--symbols")
        .arg(&symbols)
        .args(["--all-mentions", "report"])
        .assert()
        .code(0);
    let html = ws.read("reports/2025-01-02/index.html");
    assert!(html.len() < 200_000, "index.html is {} bytes", html.len());
    for file in ["index.html", "summary.csv", "daily.csv"] {
        let text = ws.read(&format!("reports/2025-01-02/{file}"));
        for bad in ['\u{0}', '\u{1b}', '\u{202e}'] {
            assert!(!text.contains(bad), "{file} holds {bad:?}");
        }
    }
    assert!(
        html.contains("bad \u{fffd}"),
        "the title is shown, its controls replaced"
    );
    assert!(html.contains("Evil\u{fffd}[2J\u{fffd}Corp"), "the name too");
    let summary = ws.read("reports/2025-01-02/summary.csv");
    assert!(summary.contains("Evil\u{fffd}[2J\u{fffd}Corp"), "{summary}");
}

#[test]
fn chart_of_dots_is_refused_and_never_writes_a_dash_file() {
    let ws = Workspace::new();
    ws.write(
        "in/a.ndjson",
        "{\"id\":\"1\",\"published_at\":\"2025-01-02\",\"tickers\":\"AAPL\",\"sentiment\":0.3}\n",
    );
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    for dots in ["..", "."] {
        let out = ws.cmd().args(["chart", dots]).assert().code(2);
        assert!(
            stderr_of(&out).contains("is not a ticker"),
            "{}",
            stderr_of(&out)
        );
    }
    let dashes: Vec<_> = std::fs::read_dir(ws.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('-'))
        .collect();
    assert!(dashes.is_empty(), "{dashes:?}");
}

#[test]
fn ingest_time_leaves_the_fetch_out() {
    // An empty page: the ingest after the fetch has next to nothing to do.
    let server = TestServer::start(|_| Reply::Slow {
        delay: Duration::from_secs(3),
        body: br#"{"items": "0", "feed": []}"#.to_vec(),
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &source("av", "alphavantage", &["AAPL"], &server.base, ""),
    );
    ws.write(
        "tickertone.toml",
        &ws.read("tickertone.toml")
            .replace("timeout_secs = 2", "timeout_secs = 10"),
    );
    let out = ws
        .cmd()
        .env(KEY_ENV, KEY)
        .args(["-v", "fetch"])
        .assert()
        .code(0);
    let stderr = stderr_of(&out);
    let took: f64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("ingest took "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|secs| secs.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        took < 2.5,
        "ingest took {took} s, the 3 s fetch included:\n{stderr}"
    );
}

#[test]
fn empty_files_are_rejected_alike_whatever_their_format() {
    let ws = Workspace::new();
    for name in ["in/a.json", "in/b.csv", "in/c.ndjson", "in/d.txt"] {
        ws.write(name, "");
    }
    ws.write("in/e.csv", "\u{feff}  \n\n");
    let v = ws.ingest_json("in", 3);
    assert_eq!(crate::ingest_counts(&v), (0, 0, 5), "{v}");
    for r in ws.rejected() {
        let reason = r["reason"].as_str().unwrap();
        assert!(reason.starts_with("the file is empty"), "{r}");
    }
}
