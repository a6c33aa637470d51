//! What the company chart adds for issue 13, found by colour in the PNG: the faint disc of
//! a day's copies, the orange marker of a news volume spike (only when there is one), the
//! close's green line (only with `--prices`).

use crate::charts::{near, Image};
use crate::Workspace;

/// The sentiment panel and the count panel, without the margins' legends and labels
/// (fractions of 1280 × 720: x 84…1160, sentiment 108…498, counts 520…654).
const PLOT_X: (f64, f64) = (0.07, 0.9);
const SENTIMENT_Y: (f64, f64) = (0.16, 0.68);
const COUNTS_Y: (f64, f64) = (0.68, 0.91);

/// Okabe–Ito bluish green: the close.
const GREEN: [u8; 3] = [0, 158, 115];
/// Okabe–Ito orange: a volume spike's marker.
const ORANGE: [u8; 3] = [230, 159, 0];
/// Blue at 30 % on white: copies behind a neutral day's dot.
const FAINT_BLUE: [u8; 3] = [179, 213, 233];

/// SPKE from February to March 2025: one story on odd days, two on even days (sentiment
/// 0.05), up to March 20th, on March 10th one of them with two copies within two hours; on
/// the 21st `last_day` distinct stories (6: a news volume spike against the 30 days
/// before, z ≈ 9; 1: none).
pub fn news(last_day: usize) -> String {
    let mut lines = String::new();
    let mut line = |id: String, month: u32, day: u32, time: &str, title: String| {
        lines.push_str(&format!(
            r#"{{"id":"{id}","published_at":"2025-{month:02}-{day:02}T{time}Z","title":"{title}","tickers":["SPKE"],"sentiment":0.05}}"#
        ));
        lines.push('\n');
    };
    for (month, last) in [(2, 28), (3, 20)] {
        for day in 1..=last {
            for k in 0..(1 + (day + 1) % 2) {
                let title = format!("Spike Co item {month}-{day}-{k}");
                line(format!("d{month}-{day}-{k}"), month, day, "12:00:00", title);
            }
        }
    }
    for copy in 1..=2 {
        let title = "Spike Co item 3-10-0".to_string();
        line(format!("c{copy}"), 3, 10, &format!("1{copy}:30:00"), title);
    }
    for k in 0..last_day {
        line(
            format!("s{k}"),
            3,
            21,
            "15:00:00",
            format!("Spike Co news {k}"),
        );
    }
    lines
}

/// A close for every day of March 2025.
fn closes() -> String {
    let mut text = String::from("date,ticker,close\n");
    for day in 1..=31 {
        let close = 100.0 + (day as f64 * 0.6).sin() * 5.0;
        text.push_str(&format!("2025-03-{day:02},SPKE,{close:.2}\n"));
    }
    text
}

fn chart(ws: &Workspace, extra: &[&str]) -> Image {
    ws.cmd()
        .args(["-q", "report", "--from", "2025-03-01", "--to", "2025-03-31"])
        .args(extra)
        .assert()
        .code(0);
    Image::open(&ws.path("reports/2025-03-31/charts/SPKE.png"))
}

#[test]
fn company_chart_draws_copies_faintly_spikes_and_the_close_on_its_own_axis() {
    let ws = Workspace::new();
    ws.write("in/news.ndjson", &news(6));
    ws.write("closes.csv", &closes());
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);

    let with_prices = chart(&ws, &["--prices", "closes.csv"]);
    let green = with_prices.count(PLOT_X, SENTIMENT_Y, near(GREEN, 2));
    assert!(green > 150, "close line: {green} green pixels");
    // Its axis labels sit in the right margin, where the zone names are without prices.
    let axis = with_prices.count((0.91, 1.0), SENTIMENT_Y, near(GREEN, 40));
    assert!(axis > 50, "close axis: {axis}");
    let spike = with_prices.count(PLOT_X, COUNTS_Y, near(ORANGE, 2));
    assert!(spike > 20, "spike marker: {spike} orange pixels");
    let faint = with_prices.count(PLOT_X, SENTIMENT_Y, near(FAINT_BLUE, 3));
    assert!(faint > 20, "copies: {faint} faint pixels");

    let without = chart(&ws, &[]);
    assert_eq!(without.count(PLOT_X, SENTIMENT_Y, near(GREEN, 2)), 0);
    assert_eq!(without.count((0.91, 1.0), SENTIMENT_Y, near(GREEN, 40)), 0);
}

#[test]
fn no_spike_marker_without_a_spike() {
    let ws = Workspace::new();
    ws.write("in/news.ndjson", &news(1));
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    let image = chart(&ws, &[]);
    assert_eq!(image.count(PLOT_X, COUNTS_Y, near(ORANGE, 2)), 0);
    // The legend keeps its key.
    assert!(image.count((0.9, 1.0), COUNTS_Y, near(ORANGE, 2)) > 10);
}
