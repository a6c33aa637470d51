//! News as it comes: CSV exports of common shapes, `--ticker`, `--columns`, `--input-tz`,
//! and records that name no company (skipped, not rejected).

use crate::Workspace;

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

fn json_out(out: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&out.get_output().stdout).expect("one JSON object on stdout")
}

#[test]
fn headlines_export_with_index_column_and_no_scores() {
    // The shape of the public `analyst_ratings_processed.csv`: `,title,date,stock`, dates
    // with a space and an offset, a title holding a newline, mojibake, a broken row.
    let ws = Workspace::new();
    ws.fixture("real/analyst-ratings.csv", "in/analyst_ratings.csv");
    let out = ws
        .cmd()
        .args(["--json", "ingest", "in/analyst_ratings.csv"])
        .assert()
        .code(3);
    let v = json_out(&out);
    assert_eq!(v["ingest"]["articles_recorded"], 5);
    assert_eq!(v["ingest"]["rejected"], 1);
    let rejected = ws.rejected();
    assert_eq!(rejected[0]["line"], 7);
    assert!(rejected[0]["reason"]
        .as_str()
        .unwrap()
        .contains("published_at"));

    let sources = ws.stored_text("score_source");
    assert!(sources.iter().all(|s| s == "computed"), "{sources:?}");
    // The store lists rows by month and day of publication, not in file order.
    let mut tickers = ws.stored_text("ticker");
    tickers.sort();
    assert_eq!(tickers, ["A", "A", "A", "AAPL", "NVDA"]);
    let titles = ws.stored_text("title");
    let scores = ws.stored_numbers("score");
    let slump = titles
        .iter()
        .position(|t| t.contains("Slump\nAfter"))
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert!(scores[slump] < 0.0, "{scores:?}");
    let a_rows: Vec<f64> = (0..titles.len())
        .filter(|&i| ws.stored_text("ticker")[i] == "A")
        .map(|i| scores[i])
        .collect();
    assert!(a_rows.iter().any(|&s| s > 0.0), "{a_rows:?}");

    // 2020-05-26 16:45 in New York is 20:45 UTC: dated the 26th in UTC.
    ws.cmd()
        .args(["report", "--tickers", "A", "--to", "2020-05-26"])
        .assert()
        .code(0);
    let daily = ws.read("reports/2020-05-26/daily.csv");
    assert!(
        daily.contains("\n2020-05-26,Agilent Technologies,A,A,1,"),
        "{daily}"
    );
}

#[test]
fn per_ticker_scrape_takes_the_ticker_from_the_flag() {
    // A byte-order mark, CRLF lines, `Date,Headline,URL`, dates like "AUG 17, 2022", and
    // the ticker only in the file name.
    let ws = Workspace::new();
    ws.fixture("real/AAPL.csv", "in/AAPL.csv");

    let out = ws
        .cmd()
        .args(["--json", "ingest", "--ticker", "AAPL", "in/AAPL.csv"])
        .assert()
        .code(3);
    let v = json_out(&out);
    assert_eq!(v["ingest"]["articles_recorded"], 2);
    assert_eq!(v["ingest"]["rejected"], 1);
    let reason = ws.rejected()[0]["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("relative"), "{reason}");
    // The flag's ticker first; a company the text names is added beside it. (The store
    // lists articles by month and day of publication, not in file order.)
    let tickers = ws.stored_text("ticker");
    let msft = tickers.iter().position(|t| t == "MSFT").unwrap();
    assert_eq!(tickers[msft - 1], "AAPL", "{tickers:?}");
    assert_eq!(tickers.iter().filter(|t| *t == "AAPL").count(), 2);
    assert!(ws
        .stored_text("url")
        .contains(&"https://www.example.com/news/apple-rises".to_string()));
}

#[test]
fn a_bad_header_is_one_rejection_naming_the_file_and_the_fix() {
    let ws = Workspace::new();
    let rows: String = (0..50)
        .map(|i| format!("2025-01-{:02},Story {i},MSFT\n", i % 28 + 1))
        .collect();
    ws.write("in/export.csv", &format!("Posted,Story,Sym\n{rows}"));
    let out = ws.cmd().args(["ingest", "in/export.csv"]).assert().code(3);
    let rejected = ws.rejected();
    assert_eq!(rejected.len(), 1, "{rejected:#?}");
    let reason = rejected[0]["reason"].as_str().unwrap();
    assert!(reason.contains("export.csv"), "{reason}");
    assert!(reason.contains("found: Posted,Story,Sym"), "{reason}");
    assert!(reason.contains("--columns published_at="), "{reason}");
    assert_eq!(rejected[0]["line"], 1);
    assert!(
        stderr(&out).contains("rejected 1 record"),
        "{}",
        stderr(&out)
    );

    // The flag the message names fixes it.
    let ws = Workspace::new();
    ws.write("in/export.csv", &format!("Posted,Story,Sym\n{rows}"));
    ws.cmd()
        .args([
            "ingest",
            "--columns",
            "published_at=Posted,title=Story,ticker=Sym",
            "in/export.csv",
        ])
        .assert()
        .code(0);
    assert_eq!(ws.stored_rows(), 50);
    assert_eq!(ws.stored_text("title")[0], "Story 0");

    // A --columns naming no field is a usage error.
    ws.cmd()
        .args(["ingest", "--columns", "colour=Sym", "in/export.csv"])
        .assert()
        .code(2);
}

#[test]
fn records_that_name_no_company_are_skipped_not_rejected() {
    let ws = Workspace::new();
    ws.write(
        "in/feed.ndjson",
        concat!(
            r#"{"id":"macro","published_at":"2025-05-01T12:00:00Z","title":"Fed holds rates steady","body":"The central bank kept rates unchanged."}"#,
            "\n",
            r#"{"id":"av-empty","published_at":"2025-05-01T13:00:00Z","title":"Nvidia and markets","tickers":[],"sentiment":0.1}"#,
            "\n",
            r#"{"id":"named","published_at":"2025-05-01T14:00:00Z","title":"Nvidia beats estimates as data center sales surge"}"#,
            "\n",
        ),
    );
    let out = ws
        .cmd()
        .args(["--json", "ingest", "in/feed.ndjson"])
        .assert()
        .code(0);
    let v = json_out(&out);
    assert_eq!(v["ingest"]["skipped"], 2);
    assert_eq!(v["ingest"]["rejected"], 0);
    assert_eq!(v["ingest"]["articles_recorded"], 1);
    assert!(ws.rejected().is_empty());
    assert_eq!(ws.stored_text("ticker"), ["NVDA"]);

    let out = ws.cmd().args(["ingest", "in/feed.ndjson"]).assert().code(0);
    let summary = stderr(&out);
    assert!(summary.contains("skipped 2 without a company"), "{summary}");
    assert!(summary.contains("skipped 1 duplicate"), "{summary}");
}

#[test]
fn naive_times_need_the_input_zone() {
    let ws = Workspace::new();
    ws.write(
        "in/naive.csv",
        "date,ticker,sentiment,title\n6/1/2020 22:00,MSFT,0.5,Microsoft late news\n",
    );
    ws.cmd().args(["ingest", "in/naive.csv"]).assert().code(3);
    let reason = ws.rejected()[0]["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("--input-tz"), "{reason}");
    assert_eq!(ws.stored_rows(), 0);

    ws.cmd()
        .args(["ingest", "--input-tz", "America/New_York", "in/naive.csv"])
        .assert()
        .code(0);
    // 22:00 in New York on June 1st is 02:00 UTC on June 2nd.
    ws.cmd().args(["report"]).assert().code(0);
    let daily = ws.read("reports/2020-06-02/daily.csv");
    assert!(
        daily.contains("\n2020-06-02,Microsoft,MSFT,MSFT,1,0.5,"),
        "{daily}"
    );

    ws.cmd()
        .args(["ingest", "--input-tz", "Mars/Olympus", "in/naive.csv"])
        .assert()
        .code(2);
}

#[test]
fn latin1_exports_go_in_with_replacement_characters() {
    let ws = Workspace::new();
    let path = ws.path("in/latin1.csv");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        b"date,ticker,sentiment,title\n2025-01-02,AAPL,0.2,Apple\x92s best quarter\n",
    )
    .unwrap();
    ws.cmd().args(["ingest", "in/latin1.csv"]).assert().code(0);
    assert_eq!(ws.stored_text("title"), ["Apple\u{fffd}s best quarter"]);
}
