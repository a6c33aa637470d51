//! --format chooses the outputs, --top limits the charts.

use std::fs;

use crate::Workspace;

fn listing(ws: &Workspace, rel: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(ws.path(rel))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn ingested() -> Workspace {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws
}

#[test]
fn csv_only() {
    let ws = ingested();
    ws.cmd()
        .args(["report", "--format", "csv"])
        .assert()
        .code(0);
    assert_eq!(
        listing(&ws, "reports/2025-04-03"),
        ["daily.csv", "sectors.csv", "summary.csv"]
    );
}

#[test]
fn top_limits_charts_not_rows() {
    let ws = ingested();
    ws.cmd().args(["report", "--top", "1"]).assert().code(0);
    // The built-in table has sectors: their chart (beside the overview) is drawn whatever
    // --top says.
    assert_eq!(listing(&ws, "reports/2025-04-03/charts"), ["GOOGL.png"]);
    assert!(ws.path("reports/2025-04-03/sectors.png").exists());
    let summary = ws.read("reports/2025-04-03/summary.csv");
    assert_eq!(summary.lines().count(), 4);
    let html = ws.read("reports/2025-04-03/index.html");
    assert_eq!(html.matches("<img src=\"charts/").count(), 1);
    assert!(html.contains("<img src=\"charts/GOOGL.png\""));
    assert!(html.contains("id=\"company-META\""));
}

#[test]
fn svg_charts() {
    let ws = ingested();
    ws.cmd()
        .args(["run", "--format", "svg,html"])
        .assert()
        .code(0);
    assert_eq!(
        listing(&ws, "reports/2025-04-03"),
        [
            "charts",
            "heatmap.svg",
            "index.html",
            "overview.svg",
            "sectors.svg"
        ]
    );
    assert_eq!(
        listing(&ws, "reports/2025-04-03/charts"),
        ["GOOGL.svg", "META.svg", "ZZZZ.svg"]
    );
    let svg = ws.read("reports/2025-04-03/charts/GOOGL.svg");
    assert!(svg.contains("<svg") && svg.contains("</svg>") && svg.contains("Alphabet"));
    let html = ws.read("reports/2025-04-03/index.html");
    assert!(html.contains("<img src=\"charts/GOOGL.svg\""));
    assert!(html.contains("<img src=\"overview.svg\""));
    assert!(!html.contains("summary.csv"));
    ws.cmd()
        .args(["report", "--format", "pdf"])
        .assert()
        .code(2);
}
