//! Ingesting or running twice changes nothing.

use std::fs;

use crate::Workspace;

#[test]
fn ingest_twice_records_once() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    // The same articles again under another name: all duplicates.
    ws.fixture("hand-computed.ndjson", "in/copy.ndjson");
    let out = ws.cmd().args(["--json", "ingest", "in"]).assert().code(0);
    assert_eq!(
        crate::recorded_and_duplicates(&out.get_output().stdout),
        (12, 12)
    );
    let rows = ws.stored_rows();
    let files = fs::read_dir(ws.path("data/store/mentions"))
        .unwrap()
        .count();

    ws.cmd().args(["ingest", "in"]).assert().code(0);
    assert_eq!(ws.stored_rows(), rows);
    assert_eq!(
        fs::read_dir(ws.path("data/store/mentions"))
            .unwrap()
            .count(),
        files
    );
}

#[test]
fn run_twice_gives_identical_reports() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "data/inbox/feed.ndjson");
    ws.fixture("av-news-sentiment.json", "data/inbox/av/feed.json");
    ws.cmd().arg("run").assert().code(3);
    let first: Vec<Vec<u8>> = ["daily.csv", "summary.csv", "index.html", "charts/GOOGL.png"]
        .iter()
        .map(|f| fs::read(ws.path(&format!("reports/2025-05-26/{f}"))).unwrap())
        .collect();
    let rows = ws.stored_rows();
    let rejected = ws.read("data/rejected/rejected.ndjson");

    ws.cmd().arg("run").assert().code(3);
    let second: Vec<Vec<u8>> = ["daily.csv", "summary.csv", "index.html", "charts/GOOGL.png"]
        .iter()
        .map(|f| fs::read(ws.path(&format!("reports/2025-05-26/{f}"))).unwrap())
        .collect();
    assert_eq!(first, second);
    assert_eq!(ws.stored_rows(), rows);
    assert_eq!(ws.read("data/rejected/rejected.ndjson"), rejected);
    // No staging folders are left behind.
    let leftovers: Vec<_> = fs::read_dir(ws.path("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec!["2025-05-26"]);
}
