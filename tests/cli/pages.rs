//! Raw news pages (`.txt`, `.md`): parts, glued runs, stated scores, dates, identity.

use crate::Workspace;

fn page(ws: &Workspace, name: &str) -> std::path::PathBuf {
    ws.fixture(&format!("pages/{name}"), &format!("in/{name}"))
}

/// Stored rows of the workspace as `(ticker, score, score_source, relevance)`.
fn mentions(ws: &Workspace) -> Vec<(String, f64, String, f64)> {
    let tickers = ws.stored_text("ticker");
    let scores = ws.stored_numbers("score");
    let sources = ws.stored_text("score_source");
    let relevance = ws.stored_numbers("relevance");
    (0..tickers.len())
        .map(|i| {
            (
                tickers[i].clone(),
                scores[i],
                sources[i].clone(),
                relevance[i],
            )
        })
        .collect()
}

#[test]
fn a_page_with_a_stated_score_and_a_glued_run() {
    let ws = Workspace::new();
    let p = page(&ws, "chip-talent.md");
    ws.cmd()
        .args(["ingest", "--date", "2025-05-26"])
        .arg(&p)
        .assert()
        .code(0);
    let m = mentions(&ws);
    let tickers: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(tickers, ["NVDA", "AMD", "INTC"]);
    assert_eq!((m[0].1, m[0].2.as_str()), (0.4, "stated"));
    assert_eq!((m[1].1, m[1].2.as_str()), (-0.3, "stated"));
    assert_eq!(m[2].2, "computed");
    // NVDA: run 0.4 + title 0.3 + one body mention 0.1; INTC: run + one body mention.
    assert_eq!(m[0].3, 0.8);
    assert_eq!(m[2].3, 0.5);
    assert_eq!(
        ws.stored_text("categories")[0],
        "Semiconductors;Talent & Workforce;Competition"
    );
    assert_eq!(
        ws.stored_text("title")[0],
        "Nvidia and AMD trade engineers as the chip race heats up."
    );
}

#[test]
fn valid_but_wrong_splits_are_not_taken() {
    let ws = Workspace::new();
    let p = page(&ws, "cruise-rebound.txt");
    ws.cmd().arg("ingest").arg(&p).assert().code(0);
    let m = mentions(&ws);
    let tickers: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
    // CCL, not C + CL; the date comes from the text (March 14, 2025).
    assert_eq!(tickers, ["CCL", "RCL"]);
    assert_eq!((m[0].1, m[0].2.as_str()), (0.7, "stated"));
    ws.cmd().arg("report").assert().code(0);
    let daily = ws.read("reports/2025-03-14/daily.csv");
    assert!(daily.contains("2025-03-14,Carnival"), "{daily}");
}

#[test]
fn the_date_comes_from_the_option_the_text_or_the_file_name() {
    let ws = Workspace::new();
    let undated = page(&ws, "undated.txt");
    let titled = page(&ws, "2025-06-02-nvidia-title-only.txt");
    let out = ws
        .cmd()
        .args(["--json", "ingest"])
        .arg(&undated)
        .arg(&titled)
        .assert()
        .code(3);
    let rejected = ws.rejected();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["reason"], "no publication date: pass --date");
    assert!(rejected[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("undated.txt"));
    assert_eq!(
        crate::recorded_and_duplicates(&out.get_output().stdout).0,
        1
    );
    // The title-only page: NVDA from the name and the cashtag, dated by its file name.
    assert_eq!(mentions(&ws).len(), 1);
    ws.cmd().arg("report").assert().code(0);
    assert!(ws.path("reports/2025-06-02/charts/NVDA.png").exists());

    // With --date the undated page goes in too.
    ws.cmd()
        .args(["ingest", "--date", "2025-06-01"])
        .arg(&undated)
        .assert()
        .code(0);
    assert_eq!(mentions(&ws).len(), 2);
}

#[test]
fn non_ascii_pages() {
    let ws = Workspace::new();
    let p = page(&ws, "unicode.txt");
    ws.cmd().arg("ingest").arg(&p).assert().code(0);
    let m = mentions(&ws);
    assert_eq!(m.len(), 1);
    assert_eq!((m[0].0.as_str(), m[0].1), ("EL", -0.6));
    ws.cmd().arg("report").assert().code(0);
    assert!(ws.path("reports/2025-06-05/daily.csv").exists());
}

#[test]
fn the_same_page_saved_twice_is_one_article() {
    let ws = Workspace::new();
    let a = page(&ws, "chip-talent.md");
    let text = std::fs::read_to_string(&a).unwrap();
    // Same text, other file name and line endings.
    ws.write("in/copy.txt", &text.replace('\n', "\r\n"));
    let out = ws
        .cmd()
        .args(["--json", "ingest", "--date", "2025-05-26", "in"])
        .assert()
        .code(0);
    assert_eq!(
        crate::recorded_and_duplicates(&out.get_output().stdout),
        (1, 1)
    );
}

#[test]
fn a_one_megabyte_page() {
    let ws = Workspace::new();
    let paragraph = "Nvidia shipped more accelerators this quarter, and analysts raised targets. ";
    let mut text = String::from("Market Impact: 0.5\n\nNvidia ships more chips\n\nNVDA\n\n");
    while text.len() < 1_000_000 {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    ws.write("in/big.txt", &text);
    ws.cmd()
        .args(["ingest", "--date", "2025-01-02", "in/big.txt"])
        .assert()
        .code(0);
    let m = mentions(&ws);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].2, "computed");
    assert!(m[0].1 > 0.0, "{m:?}");
}

#[test]
fn a_folder_mixing_pages_and_ndjson() {
    let ws = Workspace::new();
    page(&ws, "chip-talent.md");
    page(&ws, "cruise-rebound.txt");
    ws.fixture("hand-computed.ndjson", "in/feeds/hand.ndjson");
    let out = ws
        .cmd()
        .args(["--json", "ingest", "--date", "2025-05-26", "in"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["ingest"]["files_read"], 3);
    assert_eq!(v["ingest"]["articles_recorded"], 14);
}
