//! index.html: every chart and summary row linked, movers, headlines with safe links.

use crate::{csv_rows, Workspace};

#[test]
fn index_links_every_chart_and_summary_row() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.write(
        "in/links.ndjson",
        "{\"id\":\"l1\",\"published_at\":\"2025-04-03T09:00:00Z\",\"tickers\":\"META\",\"sentiment\":0.9,\"title\":\"Meta <b>soars</b>\",\"source\":\"Wire\",\"url\":\"https://news.example.com/meta\"}\n\
         {\"id\":\"l2\",\"published_at\":\"2025-04-03T10:00:00Z\",\"tickers\":\"META\",\"sentiment\":-0.7,\"title\":\"Meta: bad link\",\"url\":\"javascript:alert(1)\"}\n",
    );
    ws.cmd().args(["ingest", "in"]).assert().code(0);
    ws.cmd().arg("report").assert().code(0);
    let html = ws.read("reports/2025-04-03/index.html");
    let summary = csv_rows(&ws.read("reports/2025-04-03/summary.csv"));
    assert_eq!(summary.len(), 3);
    for row in &summary {
        let symbol = &row[1].1;
        let company = &row[0].1;
        assert!(
            html.contains(&format!("<img src=\"charts/{symbol}.png\"")),
            "{symbol}"
        );
        assert!(
            html.contains(&format!("<a href=\"#company-{symbol}\">{company}</a>")),
            "{company}"
        );
    }
    for image in ["overview.png", "heatmap.png"] {
        assert!(html.contains(&format!("<img src=\"{image}\"")), "{image}");
        assert!(
            ws.path(&format!("reports/2025-04-03/{image}")).exists(),
            "{image}"
        );
    }
    assert!(html.contains("<table class=\"sortable\""));
    assert!(html.contains("id=\"movers\""));
    // People read three decimals; the cell sorts on the full value (the CSVs keep it).
    let table = html
        .split("<table class=\"sortable\"")
        .nth(1)
        .unwrap_or_default();
    let table = table.split("</table>").next().unwrap_or_default();
    let shown: Vec<&str> = table
        .split("</td>")
        .filter_map(|cell| cell.rsplit('>').next())
        .filter(|text| text.contains('.') && text.parse::<f64>().is_ok())
        .collect();
    assert!(shown.len() >= 3 * 4, "{shown:?}");
    for text in &shown {
        assert_eq!(text.split('.').nth(1).map(str::len), Some(3), "{text}");
    }
    let mean = &summary[0][4].1;
    let full: f64 = mean.parse().unwrap();
    assert!(
        table.contains(&format!(">{full:.3}</td>")),
        "{mean} as {full:.3}"
    );
    // Headlines: escaped, linked when the url is a web link, plain text otherwise.
    assert!(
        html.contains(
            "<a href=\"https://news.example.com/meta\">Meta &lt;b&gt;soars&lt;/b&gt;</a> — Wire"
        ),
        "{html}"
    );
    assert!(html.contains("Meta: bad link"));
    assert!(!html.contains("javascript:alert"));
    // Nothing from the network.
    assert!(
        !html.contains("src=\"http"),
        "external resource in index.html"
    );
}

/// At thousands of companies the page must open without fetching every chart: company
/// charts load lazily (with their size reserved), and a filter box finds a company by name
/// or ticker, with nothing from the network.
#[test]
fn company_charts_load_lazily_and_a_filter_box_finds_companies() {
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/a.ndjson");
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    ws.cmd().args(["-q", "report"]).assert().code(0);
    let html = ws.read("reports/2025-04-03/index.html");
    let images: Vec<&str> = html
        .split("<img ")
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or_default())
        .collect();
    // Company charts, and the pages' own charts (overview, heatmap, sectors).
    let (charts, pages): (Vec<&str>, Vec<&str>) =
        images.iter().partition(|img| img.contains("src=\"charts/"));
    assert_eq!(charts.len(), 3, "{images:?}");
    for img in &charts {
        assert!(img.contains("loading=\"lazy\""), "{img}");
        assert!(img.contains("width=\"1280\" height=\"720\""), "{img}");
    }
    // The overview and heatmap open the page: they load at once.
    assert!(pages.iter().all(|img| !img.contains("lazy")), "{pages:?}");

    assert!(html.contains("<input type=\"search\" id=\"find\""));
    // Rows and sections carry what the box matches: name, symbol and tickers, lower case.
    assert!(
        html.contains("<tr data-key=\"alphabet inc.|googl|goog\">"),
        "{html}"
    );
    assert!(html.contains("<section id=\"company-GOOGL\" data-key=\"alphabet inc.|googl|goog\">"));
    assert_eq!(html.matches(" data-key=\"").count(), 2 * 3);
    assert!(html.contains("document.getElementById(\"find\")"));
}
