//! Hostile data on the way out (issue 28): tickers and names that would break file names,
//! ids or spreadsheet cells, `--tickers` typos, control characters, huge titles.

use std::collections::{BTreeSet, HashSet};

use tickertone::extract::{Article, Mention, Published, ScoreSource};

use crate::{csv_rows, Workspace};

/// Articles written straight into the store, as an older tickertone (which took any
/// ticker) could have: one article per `(ticker, date, score, title)`.
pub(crate) fn store_directly(ws: &Workspace, rows: &[(&str, &str, f64, &str)]) {
    let articles = rows
        .iter()
        .enumerate()
        .map(|(i, (ticker, date, score, title))| {
            let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let mut mention = Mention::new(ticker.to_string(), *score, 1.0, ScoreSource::Stated);
            mention.about = true;
            Article {
                id: format!("direct-{i}"),
                published: Published::from_date(day),
                title: Some(title.to_string()),
                source: None,
                url: None,
                sentiment: None,
                market_impact: 1.0,
                categories: vec![],
                mentions: vec![mention],
            }
        });
    tickertone::store::Store::new(&ws.path("data"))
        .append(articles)
        .unwrap();
}

/// The `id` attributes of a page.
fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// The chart sources of a page's company sections.
fn chart_sources(html: &str) -> Vec<String> {
    html.split("<img src=\"charts/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_long_ticker_is_rejected_at_ingest_and_cannot_take_reports_down() {
    let ws = Workspace::new();
    let long = "X".repeat(252);
    ws.write(
        "in/long.ndjson",
        &format!(
            "{{\"id\":\"long\",\"published_at\":\"2025-01-02\",\"tickers\":\"{long}\",\"sentiment\":0.5}}\n\
             {{\"id\":\"ok\",\"published_at\":\"2025-01-02\",\"tickers\":\"BRK.A,FOREX:USD,RDS/A\",\"sentiment\":0.5}}\n\
             {{\"id\":\"nul\",\"published_at\":\"2025-01-02\",\"tickers\":\"A\\u0000B\",\"sentiment\":0.5}}\n"
        ),
    );
    let v = ws.ingest_json("in/long.ndjson", 3);
    assert_eq!(crate::ingest_counts(&v), (1, 0, 2), "{v}");
    let reasons: Vec<String> = ws
        .rejected()
        .iter()
        .map(|r| r["reason"].as_str().unwrap().to_string())
        .collect();
    assert!(
        reasons[0].contains("is not a ticker")
            && reasons[0].contains("252 characters")
            && reasons[0].len() < 200,
        "{reasons:?}"
    );
    assert!(reasons[1].contains("control character"), "{reasons:?}");

    // A store an older version filled with such a ticker still reports, every company
    // charted under a name the file system takes.
    store_directly(&ws, &[(&long, "2025-01-03", 0.2, "Long")]);
    let out = ws
        .cmd()
        .args(["report", "--to", "2025-01-03"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(!stderr.contains(&long), "{stderr}");
    let html = ws.read("reports/2025-01-03/index.html");
    let charts = chart_sources(&html);
    assert_eq!(charts.len(), 4, "{charts:?}");
    for chart in &charts {
        assert!(chart.len() < 80, "{chart}");
        assert!(ws
            .path(&format!("reports/2025-01-03/charts/{chart}"))
            .is_file());
    }
}

#[test]
fn companies_never_share_a_chart_file_or_an_id() {
    let symbols = ["A/B", "A;B", "A,B", "A\"B", "A_B", "É", "Ü", ".", ".."];
    let rows: Vec<(&str, &str, f64, &str)> = symbols
        .iter()
        .map(|s| (*s, "2025-01-03", 0.3, "Hello"))
        .collect();
    let mut seen_runs: Vec<BTreeSet<String>> = Vec::new();
    for _ in 0..2 {
        let ws = Workspace::new();
        store_directly(&ws, &rows);
        ws.cmd()
            .args(["report", "--to", "2025-01-03"])
            .assert()
            .code(0);
        let html = ws.read("reports/2025-01-03/index.html");
        let charts = chart_sources(&html);
        let distinct: BTreeSet<String> = charts.iter().cloned().collect();
        assert_eq!(distinct.len(), symbols.len(), "{charts:?}");
        let on_disk: BTreeSet<String> = std::fs::read_dir(ws.path("reports/2025-01-03/charts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(on_disk, distinct);
        let ids = ids(&html);
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        seen_runs.push(distinct);
    }
    assert_eq!(seen_runs[0], seen_runs[1], "file names change between runs");
}

#[test]
fn text_cells_cannot_be_formulas_and_numbers_stay_numbers() {
    let ws = Workspace::new();
    ws.write(
        "symbols.csv",
        "company,tickers\n=HYPERLINK(\"http://x\"),EVIL\n+cmd|' /C calc'!A0,PLUS\n\
         -2+3,MINUS\n@SUM(A1),AT\nNormal Co,NORM\n",
    );
    ws.write(
        "in/a.ndjson",
        &["EVIL", "PLUS", "MINUS", "AT", "NORM"]
            .iter()
            .map(|t| {
                format!(
                    "{{\"id\":\"{t}\",\"published_at\":\"2025-01-02\",\"tickers\":\"{t}\",\"sentiment\":-0.5}}\n"
                )
            })
            .collect::<String>(),
    );
    ws.cmd()
        .arg("--symbols")
        .arg(ws.path("symbols.csv"))
        .args(["ingest", "in"])
        .assert()
        .code(0);
    ws.cmd()
        .arg("--symbols")
        .arg(ws.path("symbols.csv"))
        .args(["report", "--to", "2025-01-02"])
        .assert()
        .code(0);
    for file in ["summary.csv", "daily.csv"] {
        let text = ws.read(&format!("reports/2025-01-02/{file}"));
        for row in csv_rows(&text) {
            for (column, cell) in &row {
                let numeric = cell.parse::<f64>().is_ok();
                if let Some(first) = cell.chars().next() {
                    assert!(
                        numeric || !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r'),
                        "{file} {column}: {cell:?}"
                    );
                }
            }
            let mean = &row.iter().find(|(c, _)| c == "mean_sentiment").unwrap().1;
            assert_eq!(mean, "-0.5", "{file}: a negative number is written as one");
        }
        assert!(
            text.contains("'=HYPERLINK") && text.contains("'-2+3"),
            "{text}"
        );
    }
    // The report's CSVs read back to the same names: `render --aggregates` draws them.
    std::fs::rename(ws.path("reports/2025-01-02"), ws.path("aggregates")).unwrap();
    ws.cmd()
        .args(["render", "--aggregates"])
        .arg(ws.path("aggregates"))
        .assert()
        .code(0);
    let html = ws.read("reports/2025-01-02/index.html");
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;)"), "{html}");
    assert!(!html.contains("&#39;=HYPERLINK"), "{html}");
}

#[test]
fn a_tickers_typo_is_a_usage_error_and_a_filtered_report_says_what_it_replaced() {
    let ws = Workspace::new();
    ws.write(
        "in/a.ndjson",
        "{\"id\":\"1\",\"published_at\":\"2025-01-02\",\"tickers\":\"AAPL\",\"sentiment\":0.3}\n\
         {\"id\":\"2\",\"published_at\":\"2025-01-02\",\"tickers\":\"MSFT\",\"sentiment\":0.1}\n",
    );
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd().args(["report"]).assert().code(0);
    let whole = ws.read("reports/2025-01-02/summary.csv");
    assert_eq!(csv_rows(&whole).len(), 2);

    for typo in ["ZZZZ", "AAPL,ZZZZ", "A;B"] {
        let out = ws
            .cmd()
            .args(["report", "--tickers", typo])
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains("--tickers"), "{typo}: {stderr}");
        assert_eq!(ws.read("reports/2025-01-02/summary.csv"), whole, "{typo}");
    }
    let out = ws
        .cmd()
        .args(["report", "--tickers", "ZZZZ"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("unknown ticker 'ZZZZ'"), "{stderr}");

    // A report of some companies replacing the whole one says so, in the summary and JSON.
    let out = ws
        .cmd()
        .args(["--json", "report", "--tickers", "aapl"])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let warnings = v["report"]["warnings"].to_string();
    assert!(
        warnings.contains("held the report of every company") && warnings.contains("AAPL only"),
        "{v}"
    );
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("warning:"), "{stderr}");
    assert_eq!(
        csv_rows(&ws.read("reports/2025-01-02/summary.csv")).len(),
        1
    );
    // Replacing a filtered one is nothing to say.
    let out = ws
        .cmd()
        .args(["report", "--tickers", "MSFT"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(!stderr.contains("warning:"), "{stderr}");
}
