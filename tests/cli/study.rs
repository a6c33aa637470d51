//! `tickertone study`: the folder it writes, its honest counts and warnings, the report
//! page's link to it, and the closes it needs.

use crate::{csv_rows, Workspace};

const COMPANIES: [&str; 6] = ["AAPL", "MSFT", "NVDA", "AMZN", "META", "TSLA"];

/// Six companies with news on each weekday from 2026-03-02 for four weeks, and closes on
/// every weekday from February to April (company k's price drifts with k).
fn setup(ws: &Workspace) {
    let mut news = Vec::new();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    for d in 0..28 {
        let day = start + chrono::Duration::days(d);
        for (k, t) in COMPANIES.iter().enumerate() {
            let s = ((d * 7 + k as i64 * 3) % 11) as f64 / 10.0 - 0.5;
            news.push(format!(
                r#"{{"id":"{t}-{d}","published_at":"{day}","title":"{t} story {d}","tickers":["{t}"],"sentiment":{s}}}"#
            ));
        }
    }
    ws.write("news.ndjson", &(news.join("\n") + "\n"));
    ws.cmd()
        .args(["-q", "ingest", "news.ndjson"])
        .assert()
        .code(0);
    let mut closes = vec!["date,ticker,close".to_string()];
    let first = chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
    for (k, t) in COMPANIES.iter().chain(["SPY"].iter()).enumerate() {
        let mut price = 100.0;
        for d in 0..90 {
            let day = first + chrono::Duration::days(d);
            if chrono::Datelike::weekday(&day).number_from_monday() > 5 {
                continue;
            }
            price *= 1.0 + 0.001 * ((d * (k as i64 + 2)) % 7 - 3) as f64;
            closes.push(format!("{day},{t},{price:.4}"));
        }
    }
    ws.write("closes.csv", &(closes.join("\n") + "\n"));
}

#[test]
fn study_writes_its_folder_and_says_what_it_left_out() {
    let ws = Workspace::new();
    setup(&ws);
    let out = ws
        .cmd()
        .args([
            "study",
            "--prices",
            "closes.csv",
            "--benchmark",
            "SPY",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-29",
            "--horizons",
            "1,5",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        ws.path("reports/study-2026-03-29").display().to_string()
    );
    let dir = "reports/study-2026-03-29";
    for f in [
        "ic.csv",
        "ic_summary.csv",
        "quantiles.csv",
        "events.csv",
        "correlations.csv",
        "coverage.csv",
        "ic.png",
        "quantiles.png",
        "events.png",
        "index.html",
    ] {
        assert!(ws.path(&format!("{dir}/{f}")).is_file(), "{f}");
    }
    // 20 weekdays with news: each has 6 companies, a close and the next one.
    let ic = csv_rows(&ws.read(&format!("{dir}/ic.csv")));
    assert_eq!(ic.iter().filter(|r| r[0].1 == "1").count(), 20);
    assert!(ic.iter().all(|r| r[3].1 == "6"), "six companies each day");
    let summary = csv_rows(&ws.read(&format!("{dir}/ic_summary.csv")));
    assert_eq!(summary[0][5], ("n".to_string(), "20".to_string()));
    assert_eq!(summary[0][9].1, "", "20 days: no warning");
    let coverage = ws.read(&format!("{dir}/coverage.csv"));
    assert!(coverage.contains("\ncompanies with news,6\n"), "{coverage}");
    // Weekend news (8 days × 6 companies) is on no trading day, and counted.
    assert!(
        coverage.contains("days with news on no trading day,48\n"),
        "{coverage}"
    );
    let quantiles = csv_rows(&ws.read(&format!("{dir}/quantiles.csv")));
    assert_eq!(
        quantiles.len(),
        2 * 7,
        "5 quintiles, top-bottom and long-short per horizon"
    );
    let page = ws.read(&format!("{dir}/index.html"));
    assert!(page.contains("<img src=\"ic.png\"") && page.contains("../2026-03-29/index.html"));

    // Fewer than 20 IC days: the numbers, with a warning.
    let short = ws
        .cmd()
        .args([
            "study",
            "--prices",
            "closes.csv",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-13",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&short.stderr);
    assert_eq!(short.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("these numbers mean little"), "{stderr}");
    let summary = ws.read("reports/study-2026-03-13/ic_summary.csv");
    assert!(
        summary.contains("only 10 days of IC at 1 trading day"),
        "{summary}"
    );

    // The report of the same last date links to the study.
    ws.cmd()
        .args(["report", "--from", "2026-03-02", "--to", "2026-03-29"])
        .assert()
        .code(0);
    let report = ws.read("reports/2026-03-29/index.html");
    assert!(report.contains("../study-2026-03-29/index.html"), "no link");
}

#[test]
fn study_without_closes_says_how_to_get_them() {
    let ws = Workspace::new();
    setup(&ws);
    let out = ws.cmd().args(["study"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[[prices]]") && stderr.contains("--prices"),
        "{stderr}"
    );
    let bad = ws
        .cmd()
        .args(["study", "--horizons", "0"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn study_by_sector_uses_the_sectors_of_the_symbol_table() {
    let ws = Workspace::new();
    setup(&ws);
    // A company the symbol table gives no sector: in no sector's rows, and counted.
    ws.write(
        "more.ndjson",
        r#"{"id":"q1","published_at":"2026-03-03","title":"Qzxq Holdings story","tickers":["QZXQ"],"sentiment":0.4}
"#,
    );
    ws.cmd()
        .args(["-q", "ingest", "more.ndjson"])
        .assert()
        .code(0);
    let out = ws
        .cmd()
        .args([
            "study",
            "--by",
            "sector",
            "--prices",
            "closes.csv",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-29",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let correlations = ws.read("reports/study-2026-03-29/correlations.csv");
    assert!(!correlations.contains("Apple"), "{correlations}");
    assert!(stderr.contains("sectors"), "{stderr}");
    assert!(
        stderr.contains("1 companies with news have no sector"),
        "{stderr}"
    );
    let coverage = ws.read("reports/study-2026-03-29/coverage.csv");
    assert!(coverage.contains("\nsectors with news,"), "{coverage}");
    assert!(
        coverage.contains("\ncompanies with news of no sector,1\n"),
        "{coverage}"
    );
    let page = ws.read("reports/study-2026-03-29/index.html");
    assert!(page.contains("<h2>Per sector</h2>"), "{page}");
    assert!(!page.contains("companys") && !page.contains("sectors,"));
}
