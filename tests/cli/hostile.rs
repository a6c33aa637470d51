//! Hostile input: each bad thing rejected with a reason, the rest landing, nothing panics.

use std::fs;

use crate::Workspace;

const GOOD: &str =
    r#"{"id":"good","published_at":"2025-01-02T10:00:00Z","tickers":"AAPL","sentiment":0.2}"#;

#[test]
fn hostile_records_are_rejected_and_the_rest_lands() {
    let ws = Workspace::new();
    let mut ndjson: Vec<u8> = Vec::new();
    ndjson.extend_from_slice(b"\x00\x01\xff\xfe binary garbage \x9c\n");
    ndjson.extend_from_slice(b"{\"id\":\"bad-utf8\",\"title\":\"caf\xe9\",\"published_at\":\"2025-01-01\",\"tickers\":\"A\",\"sentiment\":0.1}\n");
    ndjson
        .extend_from_slice(format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000)).as_bytes());
    ndjson.extend_from_slice(
        b"{\"id\":\"y0\",\"published_at\":\"0000-01-01\",\"tickers\":\"A\",\"sentiment\":0.1}\n",
    );
    ndjson.extend_from_slice(b"{\"id\":\"y9\",\"published_at\":\"9999-12-31T00:00:00Z\",\"tickers\":\"A\",\"sentiment\":0.1}\n");
    // One line of 17 MiB: over the 16 MiB a record may take.
    ndjson.extend_from_slice(b"{\"id\":\"huge\",\"title\":\"");
    ndjson.extend(std::iter::repeat_n(b'x', 17 * 1024 * 1024));
    ndjson.extend_from_slice(b"\"}\n");
    ndjson.extend_from_slice(GOOD.as_bytes());
    ndjson.push(b'\n');
    fs::create_dir_all(ws.path("in")).unwrap();
    fs::write(ws.path("in/hostile.ndjson"), &ndjson).unwrap();
    ws.write(
        "in/columns.csv",
        "id,published_at,ticker,sentiment\nc1,2025-01-03,MSFT,0.1,extra\nc2,2025-01-03\nc3,2025-01-03,NVDA,0.3\n",
    );
    fs::write(
        ws.path("in/garbage.json"),
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
    )
    .unwrap();

    let out = ws.cmd().args(["--json", "ingest", "in"]).assert().code(3);
    assert_eq!(
        crate::recorded_and_duplicates(&out.get_output().stdout).0,
        2
    );

    let reasons: Vec<(u64, String)> = ws
        .rejected()
        .iter()
        .filter(|r| r["file"].as_str().unwrap().ends_with("hostile.ndjson"))
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect: &[(u64, &str)] = &[
        (1, "invalid JSON"),
        (2, "invalid JSON"), // invalid UTF-8 inside a string
        (3, "recursion limit"),
        (4, "outside the years"),
        (5, "outside the years"),
        (6, "over the 16 MiB"),
    ];
    assert_eq!(reasons.len(), expect.len(), "{reasons:#?}");
    for ((line, reason), (want_line, want)) in reasons.iter().zip(expect) {
        assert_eq!(line, want_line, "{reason}");
        assert!(reason.contains(want), "line {line}: {reason}");
    }
    let csv: Vec<String> = ws
        .rejected()
        .iter()
        .filter(|r| r["file"].as_str().unwrap().ends_with("columns.csv"))
        .map(|r| r["reason"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(csv.len(), 2, "{csv:?}");
    assert!(csv.iter().all(|r| r.contains("fields")), "{csv:?}");
    let json: Vec<String> = ws
        .rejected()
        .iter()
        .filter(|r| r["file"].as_str().unwrap().ends_with("garbage.json"))
        .map(|r| r["reason"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(json.len(), 1, "{json:?}");
    // The rejected log stays small: raw text is clipped.
    assert!(
        fs::metadata(ws.path("data/rejected/rejected.ndjson"))
            .unwrap()
            .len()
            < 1_000_000
    );
}
