//! The text scorer from the command line, and unscored records scored at ingest.

use crate::Workspace;

#[test]
fn score_command_scores_each_line() {
    let ws = Workspace::new();
    let out = ws
        .cmd()
        .args(["score", "--label"])
        .write_stdin(
            "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.\n\
             \n\
             The company's net loss widened and it cut its guidance.\n\
             The company is headquartered in Helsinki.\n",
        )
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let labels: Vec<&str> = stdout
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        labels,
        ["positive", "neutral", "negative", "neutral"],
        "{stdout}"
    );
}

#[test]
fn unscored_records_are_recorded_with_computed_scores() {
    let ws = Workspace::new();
    ws.write(
        "in/rss.ndjson",
        "{\"id\":\"r1\",\"published_at\":\"2025-03-03\",\"tickers\":\"AAPL,MSFT\",\"title\":\"Apple beats estimates\",\"body\":\"Apple raised its guidance. Microsoft faces a lawsuit over licensing.\"}\n\
         {\"id\":\"r2\",\"published_at\":\"2025-03-03\",\"tickers\":\"NVDA\"}\n",
    );
    let out = ws.cmd().args(["--json", "ingest", "in"]).assert().code(3);
    assert_eq!(
        crate::recorded_and_duplicates(&out.get_output().stdout).0,
        1
    );
    let rejected = ws.rejected();
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0]["reason"].as_str().unwrap().contains("no text"));

    let tickers = ws.stored_text("ticker");
    let scores = ws.stored_numbers("score");
    assert_eq!(ws.stored_text("score_source"), ["computed", "computed"]);
    // Each company from the sentences about it: Apple up, Microsoft down.
    assert_eq!(tickers, ["AAPL", "MSFT"]);
    assert!(scores[0] > 0.0 && scores[1] < 0.0, "{scores:?}");
}

/// `--target` scores a line for one company (by ticker, from the symbol table), and
/// `--explain` prints what moved it, the role rule included.
#[test]
fn a_line_scored_for_one_company_and_explained() {
    let ws = crate::Workspace::new();
    let out = ws
        .cmd()
        .args(["score", "--target", "AAPL", "--explain"])
        .write_stdin("Nvidia stock crosses $3 trillion, overtakes Apple\n")
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let score: f64 = text.lines().next().unwrap().parse().unwrap();
    assert!(score <= -0.4, "{text}");
    assert!(text.contains("for Apple Inc."), "{text}");
    assert!(text.contains("rule: overtaken"), "{text}");
    // The same line for Nvidia, and for the whole line: each its own reading.
    let out = ws
        .cmd()
        .args(["score", "--target", "Nvidia"])
        .write_stdin("Nvidia stock crosses $3 trillion, overtakes Apple\n")
        .assert()
        .code(0);
    let nvidia: f64 = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .parse()
        .unwrap();
    assert!(nvidia >= 0.4, "{nvidia}");
}
