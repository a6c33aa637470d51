//! A report killed after it was built aside, before it was swapped in (`report-staged`),
//! leaves the old report folder whole; the next report replaces it.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::Workspace;

/// Every file under `dir`, by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            files.insert(rel.display().to_string(), fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// A workspace with the hand-computed fixture ingested.
fn ingested() -> Workspace {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.cmd()
        .args(["-q", "ingest", "in/a.ndjson"])
        .assert()
        .code(0);
    ws
}

/// Runs `report` killed at `report-staged`: built aside, not swapped in.
fn kill_a_report_once_staged(ws: &Workspace) {
    let killed = ws
        .cmd()
        .env("TICKERTONE_FAULT", "report-staged")
        .args(["-q", "report"])
        .output()
        .unwrap();
    assert!(
        killed.status.code().is_none(),
        "the report was not killed: {killed:?}"
    );
}

#[test]
fn a_report_killed_before_its_swap_leaves_the_old_report_whole() {
    let ws = ingested();
    ws.cmd().args(["-q", "report"]).assert().code(0);
    let folder = ws.path("reports/2025-04-03");
    let old = snapshot(&folder);
    assert!(old.contains_key("index.html") && old.contains_key("charts/GOOGL.png"));

    // New news for the same window: the next report differs from the old one.
    ws.write(
        "in/b.ndjson",
        "{\"id\":\"late\",\"published_at\":\"2025-04-03T18:00:00Z\",\"tickers\":[\"GOOGL\"],\"sentiment\":-0.9}\n",
    );
    ws.cmd()
        .args(["-q", "ingest", "in/b.ndjson"])
        .assert()
        .code(0);
    kill_a_report_once_staged(&ws);
    assert!(snapshot(&folder) == old, "the old report was touched");

    ws.cmd().args(["-q", "report"]).assert().code(0);
    let new = snapshot(&folder);
    assert!(new != old, "the next report did not replace the old one");
    assert_eq!(
        new.keys().collect::<Vec<_>>(),
        old.keys().collect::<Vec<_>>()
    );
}

/// The hidden folders under `reports/` (staging folders of reports).
fn hidden(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn the_next_report_removes_the_staging_folder_of_a_killed_one() {
    let ws = ingested();
    kill_a_report_once_staged(&ws);
    let reports = ws.path("reports");
    let left = hidden(&reports);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        left[0].starts_with(".2025-04-03.") && left[0].ends_with(".tmp"),
        "{left:?}"
    );

    ws.cmd().args(["-q", "report"]).assert().code(0);
    assert_eq!(hidden(&reports), Vec::<String>::new());
    assert!(ws.path("reports/2025-04-03/index.html").exists());
}
