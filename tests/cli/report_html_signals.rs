//! index.html for issue 13: headlines one line per story with its copies counted, the
//! unusual news volume on the report's day, the unusual days (3+ articles), the strongest
//! correlations with the next day's return (`--prices`), the sectors' chart.

use crate::charts::Image;
use crate::Workspace;

/// The `<section>` of a company in index.html.
fn section<'a>(html: &'a str, symbol: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"company-{symbol}\""))
        .unwrap_or_else(|| panic!("no section for {symbol}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn headlines_are_stories_with_their_copies_counted() {
    // tests/fixtures/stories.ndjson: a1, a2, a3 one story (a1 the most moving, 0.6); a4;
    // a5 repeats a1's title 4 days later: a story of its own.
    let ws = Workspace::new();
    ws.fixture("stories.ndjson", "in/stories.ndjson");
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    ws.cmd()
        .args(["-q", "report", "--from", "2025-05-05", "--to", "2025-05-09"])
        .assert()
        .code(0);
    let html = ws.read("reports/2025-05-09/index.html");
    let acme = section(&html, "ACME");
    let lines: Vec<&str> = acme.lines().filter(|l| l.starts_with("<li>")).collect();
    assert_eq!(lines.len(), 3, "{acme}");
    assert!(
        lines[0].contains("+0.600") && lines[0].ends_with("and 2 copies</span></li>"),
        "{lines:?}"
    );
    assert_eq!(acme.matches("copies</span>").count(), 1, "{acme}");
    assert!(!acme.contains("1 copy"), "{acme}");
}

#[test]
fn movers_name_the_unusual_news_volume_of_the_day() {
    let heading = "<h3>Unusual volume on 2025-03-21 (|z| ≥ 2 against the prior 30 days)</h3>";
    for (last_day, spike) in [(6, true), (1, false)] {
        let ws = Workspace::new();
        ws.write("in/news.ndjson", &crate::charts_signals::news(last_day));
        ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
        ws.cmd()
            .args(["-q", "report", "--to", "2025-03-21"])
            .assert()
            .code(0);
        let html = ws.read("reports/2025-03-21/index.html");
        let start = html.find(heading).expect("the list") + heading.len();
        let list = &html[start..start + html[start..].find("<h3>").expect("the next list")];
        if spike {
            assert!(
                list.contains("(SPKE): 6 stories (6 articles), <span class=\"up\">volume z = +"),
                "{list}"
            );
        } else {
            // One story against the usual one or two: z = −1, not unusual, not listed.
            let daily = ws.read("reports/2025-03-21/daily.csv");
            let last = daily.lines().last().unwrap_or_default();
            assert!(
                last.starts_with("2025-03-21,") && last.ends_with(",-1"),
                "{last}"
            );
            assert_eq!(list.trim(), "<p>None on this day.</p>", "{list}");
        }
    }
}

/// One-article days swing to z = ±6 on their one score: a day is called unusual from three
/// articles, and the page says so under the heading.
#[test]
fn unusual_days_need_three_articles() {
    let ws = Workspace::new();
    let mut lines = String::new();
    let start: chrono::NaiveDate = "2025-03-01".parse().unwrap();
    for (i, date) in start.iter_days().take(36).enumerate() {
        let (count, score) = match i {
            31 => (1, 0.9),
            34 => (3, 0.9),
            _ => (1, if i % 2 == 0 { 0.1 } else { 0.2 }),
        };
        for k in 0..count {
            lines.push_str(&format!(
                "{{\"id\":\"u{i}-{k}\",\"published_at\":\"{date}T12:00:00Z\",\"tickers\":[\"UNUS\"],\"sentiment\":{score}}}\n"
            ));
        }
    }
    ws.write("in/days.ndjson", &lines);
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    ws.cmd().args(["-q", "report"]).assert().code(0);
    let daily = ws.read("reports/2025-04-05/daily.csv");
    let z_of = |date: &str| -> f64 {
        let row = crate::csv_rows(&daily)
            .into_iter()
            .find(|row| row[0].1 == date)
            .expect("the day");
        let z = row.iter().find(|(column, _)| column == "zscore_30d");
        z.and_then(|(_, z)| z.parse().ok()).expect("a z-score")
    };
    // Both days are far from the usual: only the one with three articles is unusual.
    assert!(z_of("2025-04-01") > 5.0 && z_of("2025-04-04") > 2.0);
    let html = ws.read("reports/2025-04-05/index.html");
    let start = html.find("<h3>Unusual days").expect("the list");
    let list = &html[start..start + html[start..].find("</section>").expect("its end")];
    assert!(
        list.contains("<p>Days with at least 3 articles only: "),
        "{list}"
    );
    assert!(
        list.contains("<li>2025-04-04 · UNUS (UNUS): mean 0.900 on 3 articles, "),
        "{list}"
    );
    assert!(!list.contains("2025-04-01"), "{list}");
}

#[test]
fn with_prices_a_table_lists_the_strongest_correlations() {
    let ws = Workspace::new();
    let noon = |_| "12:00:00Z".to_string();
    ws.write("in/news.ndjson", &crate::signals::articles(noon, 1));
    ws.write("closes.csv", &crate::signals::closes().0);
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    let report = |extra: &[&str]| {
        ws.cmd()
            .args(["-q", "report", "--from", "2025-03-03", "--to", "2025-03-21"])
            .args(extra)
            .assert()
            .code(0);
        ws.read("reports/2025-03-21/index.html")
    };
    let html = report(&["--prices", "closes.csv"]);
    let start = html
        .find("<table class=\"correlations\">")
        .expect("the table");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    // Aligned by construction: 1 over 12 days.
    assert!(
        table.contains("<td class=\"text\">ACME</td><td class=\"up\">+1.000</td><td>12</td>"),
        "{table}"
    );
    let html = report(&[]);
    assert!(!html.contains("class=\"correlations\""));
}

#[test]
fn sectors_get_small_multiples_listed_in_the_page() {
    let ws = Workspace::new();
    ws.write(
        "symbols.csv",
        "company,tickers,aliases,sector,industry\n\
Alpha Co,AAA,,Tech,Software\nBeta Co,BBB,,Tech,Hardware\nDelta Co,SECTORS,,Energy,Oil\n",
    );
    let mut lines = String::new();
    for day in 1..=9 {
        for (t, s) in [("AAA", 0.3), ("BBB", 0.1), ("SECTORS", -0.2)] {
            lines.push_str(&format!(
                r#"{{"id":"{t}{day}","published_at":"2025-05-0{day}T10:00:00Z","title":"{t} {day}","tickers":["{t}"],"sentiment":{s}}}"#
            ));
            lines.push('\n');
        }
    }
    ws.write("in/days.ndjson", &lines);
    let cmd = |args: &[&str]| {
        ws.cmd()
            .args(["-q", "--symbols", "symbols.csv"])
            .args(args)
            .assert()
            .code(0)
    };
    cmd(&["ingest", "in"]);
    cmd(&["report"]);
    let html = ws.read("reports/2025-05-09/index.html");
    assert!(html.contains("<img src=\"sectors.png\""), "not listed");
    assert!(
        html.contains("<a href=\"sectors.csv\">"),
        "sectors.csv not linked"
    );
    let chart = Image::open(&ws.path("reports/2025-05-09/sectors.png"));
    // Beside the overview: charts/ holds the companies' charts only, SECTORS among them
    // (on a case-insensitive file system, charts/sectors.png would be its file).
    assert!(html.contains("<img src=\"charts/SECTORS.png\""));
    let company = Image::open(&ws.path("reports/2025-05-09/charts/SECTORS.png"));
    assert_eq!((company.width, company.height), (1280, 720));
    assert_ne!(chart.height, 720);
    assert_eq!(chart.width, 1280);
    // Two panels' rolling lines (ink) in one row.
    let ink = chart.count((0.0, 1.0), (0.2, 0.9), |p| p.iter().all(|&c| c < 60));
    assert!(ink > 200, "{ink} pixels of line");
    cmd(&["report", "--format", "svg,html"]);
    assert!(ws.read("reports/2025-05-09/sectors.svg").contains("Energy"));
}
