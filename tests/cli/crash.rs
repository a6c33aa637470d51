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

    for point in ["read", "temp-written", "stored", "rejected-write"] {
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

        // The store is readable whatever the moment of the crash. Once read, this small
        // input's articles still wait in memory (nothing is written below 100 000); after
        // they are written but before the commit, the hidden files are left, which `check`
        // reports.
        ws.cmd().arg("check").assert().code(match point {
            "temp-written" => 1,
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
        // Nothing hidden is left, in `mentions/` or in a month folder.
        let mut leftovers: Vec<String> = Vec::new();
        for entry in fs::read_dir(ws.path("data/store/mentions")).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                leftovers.extend(
                    fs::read_dir(entry.path())
                        .unwrap()
                        .map(|e| e.unwrap().file_name().to_string_lossy().to_string()),
                );
            } else {
                leftovers.push(entry.file_name().to_string_lossy().to_string());
            }
        }
        leftovers.retain(|n| n.starts_with('.'));
        assert!(leftovers.is_empty(), "{point}: {leftovers:?}");
    }
}

/// 64 daily batches trigger a compaction; a crash at either of its steps, then the next
/// ingest, leaves one store with every row once.
#[test]
fn a_compaction_killed_at_each_step_loses_and_doubles_nothing() {
    for point in ["compact-journaled", "compact-renamed"] {
        let ws = Workspace::new();
        let batches = tickertone::store::compact::COMPACT_AT_FILES;
        for b in 0..batches {
            ws.write(
                &format!("in/{b:03}.ndjson"),
                &format!(
                    "{{\"id\":\"b{b}\",\"published_at\":\"2025-03-{:02}\",\"tickers\":\"AAPL\",\"sentiment\":0.1}}\n",
                    1 + b % 28
                ),
            );
        }
        for b in 0..batches - 1 {
            ws.cmd()
                .args(["-q", "ingest", &format!("in/{b:03}.ndjson")])
                .assert()
                .code(0);
        }
        // The 64th batch makes 64 files: compaction starts, and is killed.
        let last = format!("in/{:03}.ndjson", batches - 1);
        let killed = ws
            .cmd()
            .env("TICKERTONE_FAULT", point)
            .args(["-q", "ingest", &last])
            .output()
            .unwrap();
        assert!(killed.status.code().is_none(), "{point}: not killed");
        // Readers never count a row twice, even before recovery.
        assert_eq!(ws.stored_rows(), batches, "{point}");
        ws.cmd().args(["-q", "ingest", &last]).assert().code(0);
        ws.cmd().arg("check").assert().code(0);
        assert_eq!(ws.stored_rows(), batches, "{point}");
        // One month folder holding one file.
        let files = fs::read_dir(ws.path("data/store/mentions"))
            .unwrap()
            .count();
        assert_eq!(files, 1, "{point}: the compaction was not finished");
        let merged = fs::read_dir(ws.path("data/store/mentions/month=2025-03"))
            .unwrap()
            .count();
        assert_eq!(merged, 1, "{point}: the compaction was not finished");
    }
}
