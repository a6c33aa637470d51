//! One writer at a time: a held data folder makes `--no-wait` exit 1 naming the holder,
//! and concurrent ingests of disjoint inputs record their union once.

use std::process::Command;

use crate::Workspace;

#[test]
fn no_wait_names_who_holds_the_data_folder() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    let held = tickertone::store::lock::acquire(&ws.path("data"), "a test", false).unwrap();
    let out = ws
        .cmd()
        .args(["--no-wait", "ingest", "in/a.ndjson"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("a test"), "{stderr}");
    assert_eq!(ws.stored_rows(), 0);
    drop(held);
    ws.cmd()
        .args(["--no-wait", "ingest", "in/a.ndjson"])
        .assert()
        .code(0);
}

#[test]
fn concurrent_ingests_record_the_union_once() {
    let ws = Workspace::new();
    let mut parts = Vec::new();
    for p in 0..4 {
        let lines: String = (0..50)
            .map(|i| {
                format!(
                    "{{\"id\":\"p{p}-{i}\",\"published_at\":\"2025-02-{:02}\",\"tickers\":\"AAPL\",\"sentiment\":0.1}}\n",
                    1 + i % 28
                )
            })
            .collect();
        // Every part also carries the same shared article.
        let shared = "{\"id\":\"shared\",\"published_at\":\"2025-02-01\",\"tickers\":\"MSFT\",\"sentiment\":0.2}\n";
        parts.push(ws.write(&format!("in/part{p}.ndjson"), &(lines + shared)));
    }
    let spawned: Vec<_> = parts
        .iter()
        .map(|p| {
            Command::new(env!("CARGO_BIN_EXE_tickertone"))
                .arg("--data")
                .arg(ws.path("data"))
                .arg("ingest")
                .arg(p)
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in spawned {
        assert!(child.wait().unwrap().success());
    }
    // 4 × 50 own articles, and the shared one once.
    assert_eq!(ws.stored_rows(), 201);
}
