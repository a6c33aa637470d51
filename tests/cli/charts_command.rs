//! `tickertone chart`: one chart without a report folder, at its default path (printed),
//! one company as in the report, several compared in their own colours.

use crate::charts::{near, Image, ALL};
use crate::Workspace;

const BLUE: [u8; 3] = [0, 114, 178];
const VERMILLION: [u8; 3] = [213, 94, 0];

/// ALFA (around +0.4) and BETA (around −0.3), one article a day, June 1–20, 2025.
fn two_companies() -> Workspace {
    let ws = Workspace::new();
    let mut lines = String::new();
    for day in 1..=20 {
        for (ticker, base) in [("ALFA", 0.4), ("BETA", -0.3)] {
            let s = base + ((day % 3) as f64 - 1.0) * 0.05;
            lines.push_str(&format!(
                r#"{{"id":"{ticker}{day}","published_at":"2025-06-{day:02}T12:00:00Z","title":"{ticker} item {day}","tickers":["{ticker}"],"sentiment":{s:.2}}}"#
            ));
            lines.push('\n');
        }
    }
    ws.write("in/news.ndjson", &lines);
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    ws
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).to_string()
}

#[test]
fn one_ticker_is_its_report_chart_at_the_default_path() {
    let ws = two_companies();
    let out = ws.cmd().args(["chart", "alfa"]).assert().code(0);
    assert_eq!(stdout(&out), "ALFA-2025-06-20.png\n");
    let drawn = std::fs::read(ws.path("ALFA-2025-06-20.png")).unwrap();
    ws.cmd()
        .args(["-q", "report", "--tickers", "ALFA", "--to", "2025-06-20"])
        .assert()
        .code(0);
    let reported = std::fs::read(ws.path("reports/2025-06-20/charts/ALFA.png")).unwrap();
    assert!(drawn == reported, "the chart differs from the report's");
}

#[test]
fn several_tickers_are_compared_in_their_own_colours() {
    let ws = two_companies();
    let out = ws
        .cmd()
        .args(["chart", "ALFA", "BETA", "--from", "2025-06-05"])
        .assert()
        .code(0);
    assert_eq!(stdout(&out), "ALFA-BETA-2025-06-20.png\n");
    let img = Image::open(&ws.path("ALFA-BETA-2025-06-20.png"));
    assert_eq!((img.width, img.height), (1280, 720));
    // The legend (under the title) keys both lines, and both lines are drawn.
    let legend = (0.08, 0.16);
    assert!(img.count(ALL, legend, near(BLUE, 2)) > 20, "ALFA's key");
    assert!(
        img.count(ALL, legend, near(VERMILLION, 2)) > 20,
        "BETA's key"
    );
    let plot = (0.2, 0.9);
    assert!(
        img.count((0.07, 0.9), plot, near(BLUE, 2)) > 300,
        "ALFA's line"
    );
    assert!(
        img.count((0.07, 0.9), plot, near(VERMILLION, 2)) > 300,
        "BETA's line"
    );

    let out = ws
        .cmd()
        .args(["chart", "ALFA", "BETA", "--format", "svg", "-o", "ab.svg"])
        .assert()
        .code(0);
    assert_eq!(stdout(&out), "ab.svg\n");
    let svg = ws.read("ab.svg");
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    // The title names both (the built-in table knows the two tickers' companies).
    assert!(svg.contains("(ALFA) vs "), "title");
    assert!(svg.contains("(BETA)\n"), "title");
    // The format follows -o's extension when --format is not given.
    ws.cmd()
        .args(["chart", "BETA", "-o", "b.svg"])
        .assert()
        .code(0);
    assert!(ws.read("b.svg").starts_with("<svg"));
}

#[test]
fn an_unknown_ticker_is_a_usage_error_naming_it() {
    let ws = two_companies();
    let out = ws.cmd().args(["chart", "ALFA", "NOPE"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("unknown ticker 'NOPE'"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
    assert!(!ws.path("ALFA-NOPE-2025-06-20.png").exists());
}
