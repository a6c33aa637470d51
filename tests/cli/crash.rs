//! A killed ingest, run again, gives exactly the store and report of one clean ingest.

use std::fs;

use crate::Workspace;

/// `daily.csv`, `summary.csv` and the stored row count after ingest + report.
fn outcome(ws: &Workspace) -> (String, String, usize) {
    ws.cmd()
        .args(["report", "--from", "2025-03-01", "--to", "2025-05-02"])
        .assert()
        .code(0);
    (
        ws.read("reports/2025-05-02/daily.csv"),
        ws.read("reports/2025-05-02/summary.csv"),
        ws.stored_rows(),
    )
}

#[test]
fn every_fault_point_then_a_rerun_equals_a_clean_ingest() {
    let clean = Workspace::new();
    clean.fixture("hand-computed.ndjson", "in/a.ndjson");
    clean.fixture("mixed-bad.ndjson", "in/b.ndjson");
    clean.cmd().args(["ingest", "in"]).assert().code(3);
    let expected = outcome(&clean);
    let expected_rejected = clean.read("data/rejected/rejected.ndjson");

    for point in ["read", "temp-written", "stored"] {
        let ws = Workspace::new();
        ws.fixture("hand-computed.ndjson", "in/a.ndjson");
        ws.fixture("mixed-bad.ndjson", "in/b.ndjson");
        let killed = ws
            .cmd()
            .env("TICKERTONE_FAULT", point)
            .args(["ingest", "in"])
            .output()
            .unwrap();
        assert!(!killed.status.success(), "{point}: the fault did not fire");
        assert!(
            killed.status.code().is_none(),
            "{point}: not killed by a signal"
        );

        // The store is readable whatever the moment of the crash.
        // Before the commit a half-written file is left, which `check` reports.
        ws.cmd().arg("check").assert().code(match point {
            "read" | "temp-written" => 1,
            _ => 0,
        });
        ws.cmd().args(["ingest", "in"]).assert().code(3);
        ws.cmd().arg("check").assert().code(0);
        assert_eq!(outcome(&ws), expected, "after a crash at {point}");
        assert_eq!(
            ws.read("data/rejected/rejected.ndjson"),
            expected_rejected,
            "{point}"
        );
        let leftovers: Vec<String> = fs::read_dir(ws.path("data/store/mentions"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{point}: {leftovers:?}");
    }
}
