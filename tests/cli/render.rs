//! `render --aggregates DIR` (issue 14): a report folder drawn from CSVs computed elsewhere
//! (the Spark job) is the report tickertone would have written itself.

use std::fs;
use std::path::Path;

use crate::Workspace;

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn ingested() -> Workspace {
    let ws = Workspace::new();
    ws.fixture("stories.ndjson", "in/stories.ndjson");
    ws.fixture("av-news-sentiment.json", "in/av.json");
    // The Alpha Vantage fixture holds one bad record on purpose (exit status 3).
    ws.cmd().args(["ingest", "in"]).assert().code(3);
    ws
}

#[test]
fn a_report_drawn_from_its_own_csvs_is_the_same_report_byte_for_byte() {
    let ws = ingested();
    let window = ["--from", "2025-05-01", "--to", "2025-05-30"];
    ws.cmd().arg("report").args(window).assert().code(0);
    let normal = ws.path("reports/2025-05-30");
    // What the Spark job hands over: the CSVs alone.
    fs::create_dir_all(ws.path("spark-out")).unwrap();
    for name in ["daily.csv", "summary.csv", "sectors.csv"] {
        fs::copy(normal.join(name), ws.path("spark-out").join(name)).unwrap();
    }
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tickertone"))
        .current_dir(ws.path(""))
        .args([
            "--data",
            "data",
            "--reports",
            "drawn",
            "render",
            "--aggregates",
            "spark-out",
        ])
        .args(window)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("Report:"), "{stderr}{stdout}");
    let drawn = files(&ws.path("drawn/2025-05-30"));
    let expected = files(&normal);
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&drawn), names(&expected));
    assert!(names(&drawn).contains(&"sectors.png".to_string()));
    for ((name, a), (_, b)) in drawn.iter().zip(&expected) {
        assert!(a == b, "{name} differs from the normal report's");
    }
    // Headlines come from the store: the page names a stored title.
    let page = ws.read("drawn/2025-05-30/index.html");
    assert!(
        page.contains("Meta loses AI researchers"),
        "no headline in the page"
    );
}

#[test]
fn the_contract_columns_alone_draw_a_report_and_the_window_defaults_to_the_csv_dates() {
    let ws = Workspace::new();
    ws.write(
        "out/daily.csv",
        "date,company,symbol,tickers,articles,mean_sentiment,weighted_sentiment,min_sentiment,max_sentiment,bullish,bearish,neutral,rolling_7d,zscore_30d\n\
         2026-11-02,Meta Platforms,META,META,2,-0.4,,-0.8,0,0,1,1,-0.4,\n\
         2026-11-04,Meta Platforms,META,META,1,0.2,0.2,0.2,0.2,1,0,0,-0.2,\n",
    );
    ws.write(
        "out/summary.csv",
        "company,symbol,tickers,articles,mean_sentiment,weighted_sentiment,last_date,last_sentiment,rolling_7d,change_7d,label\n\
         Meta Platforms,META,META,3,-0.2,,2026-11-04,0.2,-0.2,,Somewhat-Bearish\n",
    );
    // No store: a Spark job's output drawn on a machine that holds only the CSVs.
    ws.cmd()
        .args(["render", "--aggregates", "out"])
        .assert()
        .code(0);
    assert!(ws.path("reports/2026-11-04/charts/META.png").exists());
    assert!(ws.path("reports/2026-11-04/heatmap.png").exists());
    assert_eq!(
        ws.read("reports/2026-11-04/daily.csv"),
        ws.read("out/daily.csv"),
        "the CSVs are copied as they are"
    );
    assert!(ws
        .read("reports/2026-11-04/index.html")
        .contains("2026-11-02"));
}

#[test]
fn a_folder_without_the_csvs_is_an_error_naming_the_file() {
    let ws = Workspace::new();
    fs::create_dir_all(ws.path("empty")).unwrap();
    let out = ws
        .cmd()
        .args(["render", "--aggregates", "empty"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("daily.csv"), "{stderr}");
    assert!(!ws.path("reports").exists() || fs::read_dir(ws.path("reports")).unwrap().count() == 0);
}

/// Without `--prices`, `render --aggregates` draws the closes the `[[prices]]` sources keep
/// in the data folder, as `report` does: the same charts as the report's.
#[test]
fn render_draws_the_kept_closes_as_the_report_does() {
    let ws = ingested();
    let mut closes = String::from("date,close\n");
    for day in 1..=30 {
        closes.push_str(&format!(
            "2025-05-{day:02},{}\n",
            100.0 + f64::from(day) * 1.5
        ));
    }
    ws.write("data/prices/ACME.csv", &closes);
    let window = ["--from", "2025-05-01", "--to", "2025-05-30"];
    ws.cmd().arg("report").args(window).assert().code(0);
    let normal = ws.path("reports/2025-05-30");
    fs::create_dir_all(ws.path("spark-out")).unwrap();
    for name in ["daily.csv", "summary.csv", "sectors.csv"] {
        fs::copy(normal.join(name), ws.path("spark-out").join(name)).unwrap();
    }
    let render = |reports: &str| {
        assert_cmd::Command::new(env!("CARGO_BIN_EXE_tickertone"))
            .current_dir(ws.path(""))
            .args(["--data", "data", "--reports", reports, "render"])
            .args(["--aggregates", "spark-out"])
            .args(window)
            .assert()
            .code(0);
    };
    render("drawn");
    let chart = "2025-05-30/charts/ACME.png";
    let with_closes = fs::read(ws.path(&format!("reports/{chart}"))).unwrap();
    assert!(
        fs::read(ws.path(&format!("drawn/{chart}"))).unwrap() == with_closes,
        "render without --prices must draw the kept closes, as the report did"
    );
    // Without the kept closes the chart is another picture: the test can tell them apart.
    fs::remove_dir_all(ws.path("data/prices")).unwrap();
    render("bare");
    assert!(fs::read(ws.path(&format!("bare/{chart}"))).unwrap() != with_closes);
}
