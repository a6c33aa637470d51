//! Standard output: every command that prints exits quietly when its reader has gone
//! (`tickertone show NVDA | head -2`), and `show` reads as its table does.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::Workspace;

/// Runs `tickertone <args>` in `ws` with standard output a pipe whose reading end is
/// closed before the process starts, so its first write fails with `EPIPE`: the worst
/// case of `| head`, and deterministic.
fn run_into_closed_pipe(ws: &Workspace, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_tickertone"))
        .current_dir(ws.path(""))
        .env_remove("TICKERTONE_DATA")
        .env_remove("TICKERTONE_REPORTS")
        .arg("--data")
        .arg(ws.path("data"))
        .arg("--reports")
        .arg(ws.path("reports"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Our copy of the writing end went into the command, so nothing else keeps it open.
    child.wait_with_output().expect("the binary runs")
}

fn assert_quiet_exit(output: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(!stderr.contains("Broken pipe"), "{what}: {stderr}");
    assert_eq!(output.status.code(), Some(0), "{what}: {stderr}");
}

#[test]
fn every_printing_command_exits_quietly_into_a_closed_pipe() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    let mut lines = std::fs::File::create(ws.path("headlines.txt")).unwrap();
    for _ in 0..10_000 {
        writeln!(
            lines,
            "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn"
        )
        .unwrap();
    }
    drop(lines);
    for args in [
        &["show", "GOOGL"][..],
        &["chart", "GOOGL", "META"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["man"],
        &["score", "headlines.txt"],
        &["--json", "check"],
        &["-q", "--no-wait", "run"],
    ] {
        let output = run_into_closed_pipe(&ws, args);
        assert_quiet_exit(&output, &args.join(" "));
    }
}

#[test]
fn show_heads_its_table_with_the_days_shown_and_the_tables_numbers() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    let out = ws
        .cmd()
        .args(["show", "googl", "--days", "100"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first_day = &lines[2][..10];
    let header = lines[0];
    assert!(
        header.contains(&format!(" since {first_day}, mean ")),
        "{header}"
    );
    // `mean +0.123, <label>`: the table's three decimals, not the CSV's twelve digits.
    let mean = header
        .split(", mean ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default();
    assert!(
        mean.len() == 6 && mean.starts_with(['+', '-']) && mean.parse::<f64>().is_ok(),
        "{header}"
    );
}
