//! Every bad-input kind of the contract, mixed with good records: the good land, each bad
//! one is logged with its place and reason, and the exit status is 3.

use crate::Workspace;

#[test]
fn each_bad_record_is_logged_and_the_rest_recorded() {
    let ws = Workspace::new();
    ws.fixture("mixed-bad.ndjson", "in/mixed.ndjson");
    ws.fixture("mentions-bad-row.csv", "in/mentions.csv");
    ws.cmd().args(["ingest", "in"]).assert().code(3);

    let rejected = ws.rejected();
    let found: Vec<(String, u64, String)> = rejected
        .iter()
        .map(|r| {
            (
                r["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: &[(&str, u64, &str)] = &[
        ("mentions.csv", 4, "outside [-1, 1]"),
        ("mentions.csv", 5, "relevance"),
        ("mixed.ndjson", 2, "invalid JSON"),
        ("mixed.ndjson", 3, "expected an article object"),
        ("mixed.ndjson", 4, "no published_at"),
        ("mixed.ndjson", 5, "last tuesday"),
        ("mixed.ndjson", 6, "outside [-1, 1]"),
        ("mixed.ndjson", 7, "not finite"),
        ("mixed.ndjson", 8, "relevance"),
        ("mixed.ndjson", 9, "market_impact"),
        ("mixed.ndjson", 11, "no score"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((file, line, reason), (want_file, want_line, want_reason)) in found.iter().zip(expected) {
        assert_eq!((file.as_str(), *line), (*want_file, *want_line), "{reason}");
        assert!(reason.contains(want_reason), "line {line}: {reason}");
    }
    // The raw text of each record is kept.
    assert_eq!(rejected[3]["raw"], "[1,2,3]");
    assert!(rejected[0]["raw"].as_str().unwrap().starts_with("c2,"));

    // Recorded: ok1, ok2 (ndjson) and c1 (two CSV rows): 4 mentions.
    assert_eq!(ws.stored_rows(), 4);
}

#[test]
fn an_unreadable_file_is_named_and_the_others_go_in() {
    let ws = Workspace::new();
    ws.fixture("mixed-bad.ndjson", "in/mixed.ndjson");
    let out = ws
        .cmd()
        .args(["ingest", "in/mixed.ndjson", "in/missing.ndjson"])
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("missing.ndjson"), "{stderr}");
    assert_eq!(ws.stored_rows(), 2);
}

#[test]
fn nothing_readable_is_status_1() {
    let ws = Workspace::new();
    ws.cmd()
        .args(["ingest", "in/missing.ndjson"])
        .assert()
        .code(1);
}

#[test]
fn rejections_are_not_logged_twice() {
    let ws = Workspace::new();
    ws.fixture("mixed-bad.ndjson", "in/mixed.ndjson");
    ws.cmd().args(["ingest", "in"]).assert().code(3);
    let first = ws.rejected().len();
    ws.cmd().args(["ingest", "in"]).assert().code(3);
    assert_eq!(ws.rejected().len(), first);
}
