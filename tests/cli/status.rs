//! Exit statuses and messages of the contract.

use crate::Workspace;

#[test]
fn usage_errors_are_status_2() {
    let ws = Workspace::new();
    ws.cmd()
        .args(["--tz", "Mars/Olympus", "report"])
        .assert()
        .code(2);
    ws.cmd()
        .args(["report", "--from", "2025-13-01"])
        .assert()
        .code(2);
    ws.cmd().args(["frobnicate"]).assert().code(2);
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd()
        .args(["report", "--from", "2025-04-03", "--to", "2025-04-01"])
        .assert()
        .code(2);
}

#[test]
fn report_on_an_empty_store_is_status_1_with_advice() {
    let ws = Workspace::new();
    let out = ws.cmd().arg("report").assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("ingest"), "{stderr}");
}

#[test]
fn run_prints_where_the_report_is() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "data/inbox/a.ndjson");
    let out = ws.cmd().arg("run").assert().code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.trim().ends_with("2025-04-03"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("Read 1 file; recorded 12 articles"),
        "{stderr}"
    );
    assert!(stderr.contains("Report:"), "{stderr}");
}
