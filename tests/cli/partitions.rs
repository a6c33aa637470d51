//! The partitioned store: `mentions/month=YYYY-MM/part-*.parquet`, the migration of a flat
//! store (the layout before partitioning) by the next ingest, crashes during it, reports that
//! read only the months they need, and `check` on the layout.
//!
//! A flat store is built by [`flatten`]: the previous writer put one file per ingest directly
//! in `mentions/`, with the same columns, rows in the order they were recorded. The helper
//! writes such files with polars from the rows a normal ingest recorded (split in two files,
//! the first in reverse order, so the rows are not in day order either), which keeps the
//! fixture in step with the columns instead of freezing a binary file of the old version.

use std::fs::{self, File};

use polars::prelude::ParquetWriter;

use crate::Workspace;

/// Articles over several months of 2025: Jan, Mar, May (two batches) and Jul.
fn write_inputs(ws: &Workspace) {
    let mut batches: Vec<(String, String)> = Vec::new();
    for (file, month, days) in [
        ("in/jan.ndjson", 1, 1..=28),
        ("in/mar.ndjson", 3, 2..=30),
        ("in/may-a.ndjson", 5, 1..=15),
        ("in/may-b.ndjson", 5, 16..=31),
        ("in/jul.ndjson", 7, 1..=31),
    ] {
        let mut text = String::new();
        for day in days {
            for (k, ticker) in ["AAPL", "MSFT", "GOOG"].iter().enumerate() {
                // Hours that cross midnight in other zones, scores in a spread.
                let hour = (day * 7 + k as u32 * 5) % 24;
                let score =
                    ((day as f64 * 0.37 + k as f64 * 0.21).sin() * 0.9 * 1000.0).round() / 1000.0;
                text.push_str(&format!(
                    "{{\"id\":\"m{month}-{day}-{k}\",\"published_at\":\"2025-{month:02}-{day:02}T{hour:02}:17:00Z\",\"tickers\":\"{ticker}\",\"sentiment\":{score},\"title\":\"{ticker} news {day}\"}}\n"
                ));
            }
        }
        batches.push((file.to_string(), text));
    }
    for (file, text) in batches {
        ws.write(&file, &text);
    }
}

/// Every input ingested, one batch per file (so May has two files).
fn ingest_all(ws: &Workspace) {
    for f in ["jan", "mar", "may-a", "may-b", "jul"] {
        ws.cmd()
            .args(["-q", "ingest", &format!("in/{f}.ndjson")])
            .assert()
            .code(0);
    }
}

/// A workspace whose store holds `clean`'s rows in the flat layout of the previous version.
fn flatten(clean: &Workspace) -> Workspace {
    let flat = Workspace::new();
    write_inputs(&flat);
    let store = tickertone::store::Store::new(&clean.path("data"));
    let rows = store.scan().unwrap().unwrap().collect().unwrap();
    let half = rows.height() / 2;
    let mut first = rows.slice(0, half).reverse();
    let mut second = rows.slice(half as i64, rows.height() - half);
    let dir = flat.path("data/store/mentions");
    fs::create_dir_all(&dir).unwrap();
    for (name, df) in [
        ("part-0123456789abcdef01234567.parquet", &mut first),
        ("part-89abcdef0123456789abcdef.parquet", &mut second),
    ] {
        let mut f = File::create(dir.join(name)).unwrap();
        ParquetWriter::new(&mut f).finish(df).unwrap();
    }
    flat
}

/// Names directly in `data/store/mentions`, sorted.
fn entries(ws: &Workspace) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(ws.path("data/store/mentions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// The rows of the store as a sorted list: each row once, whatever the layout.
fn rows(ws: &Workspace) -> Vec<String> {
    let store = tickertone::store::Store::new(&ws.path("data"));
    let Some(lf) = store.scan().unwrap() else {
        return vec![];
    };
    let df = lf
        .select([
            polars::prelude::col("article_id"),
            polars::prelude::col("ticker"),
        ])
        .collect()
        .unwrap();
    let ids = df.column("article_id").unwrap().str().unwrap().clone();
    let tickers = df.column("ticker").unwrap().str().unwrap().clone();
    let mut out: Vec<String> = (0..df.height())
        .map(|i| format!("{}/{}", ids.get(i).unwrap(), tickers.get(i).unwrap()))
        .collect();
    out.sort();
    out
}

/// A report of May with its history (the tz shifts dates across midnight): every file.
fn report(ws: &Workspace) -> Vec<Vec<u8>> {
    ws.cmd()
        .args([
            "--tz",
            "America/New_York",
            "report",
            "--from",
            "2025-05-01",
            "--to",
            "2025-07-31",
            "--format",
            "csv,html,png",
        ])
        .assert()
        .code(0);
    ["daily.csv", "summary.csv", "index.html", "charts/AAPL.png"]
        .iter()
        .map(|f| fs::read(ws.path(&format!("reports/2025-07-31/{f}"))).unwrap())
        .collect()
}

#[test]
fn ingest_writes_one_file_per_month_in_month_folders() {
    let ws = Workspace::new();
    write_inputs(&ws);
    ingest_all(&ws);
    assert_eq!(
        entries(&ws),
        [
            "month=2025-01",
            "month=2025-03",
            "month=2025-05",
            "month=2025-07"
        ]
    );
    assert_eq!(
        fs::read_dir(ws.path("data/store/mentions/month=2025-05"))
            .unwrap()
            .count(),
        2
    );
    // One batch spanning months is split by month.
    let one = Workspace::new();
    write_inputs(&one);
    one.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    assert_eq!(entries(&one), entries(&ws));
    assert_eq!(rows(&one), rows(&ws));
    one.cmd().arg("check").assert().code(0);
}

#[test]
fn a_flat_store_is_migrated_by_the_next_ingest_and_reads_the_same() {
    let clean = Workspace::new();
    write_inputs(&clean);
    ingest_all(&clean);
    let expected_rows = rows(&clean);
    let expected = report(&clean);

    let flat = flatten(&clean);
    // Before the migration: readers read the flat files; check names the old layout.
    assert_eq!(rows(&flat), expected_rows);
    let out = flat.cmd().arg("check").assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("flat layout"), "{stderr}");

    // The next ingest (of the same inputs: nothing new) migrates.
    let out = flat
        .cmd()
        .args(["-v", "--json", "ingest", "in"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        crate::recorded_and_duplicates(&out.get_output().stdout).0,
        0
    );
    assert!(
        stderr.contains("moved 2 store files of the flat layout into month partitions"),
        "{stderr}"
    );
    assert_eq!(
        entries(&flat),
        [
            "month=2025-01",
            "month=2025-03",
            "month=2025-05",
            "month=2025-07"
        ]
    );
    flat.cmd().arg("check").assert().code(0);
    assert_eq!(rows(&flat), expected_rows);
    assert_eq!(
        report(&flat),
        expected,
        "the report is the same, byte for byte"
    );

    // Idempotence across the migration: ingesting again changes nothing.
    let files = tickertone::store::Store::new(&flat.path("data"))
        .files()
        .unwrap();
    flat.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    assert_eq!(
        tickertone::store::Store::new(&flat.path("data"))
            .files()
            .unwrap(),
        files
    );
    assert_eq!(rows(&flat), expected_rows);
}

#[test]
fn a_migration_killed_at_each_fault_point_is_read_once_and_finished_by_the_next_ingest() {
    let clean = Workspace::new();
    write_inputs(&clean);
    ingest_all(&clean);
    let expected_rows = rows(&clean);
    let expected = report(&clean);
    let migrated = {
        let flat = flatten(&clean);
        flat.cmd().args(["-q", "ingest", "in"]).assert().code(0);
        tickertone::store::Store::new(&flat.path("data"))
            .files()
            .unwrap()
            .iter()
            .map(|f| f.strip_prefix(flat.path("data")).unwrap().to_path_buf())
            .collect::<Vec<_>>()
    };

    for point in ["migrate-journal", "migrate-written", "migrate-committed"] {
        let ws = flatten(&clean);
        let killed = ws
            .cmd()
            .env("TICKERTONE_FAULT", point)
            .args(["-q", "ingest", "in"])
            .output()
            .unwrap();
        assert!(killed.status.code().is_none(), "{point}: not killed");
        assert!(
            ws.path("data/store/mentions/.migration.json").exists(),
            "{point}: no journal"
        );
        // Mid-migration, every row is read exactly once, and reports are the same.
        assert_eq!(rows(&ws), expected_rows, "{point}");
        assert_eq!(report(&ws), expected, "{point}: mid-migration report");
        let out = ws.cmd().arg("check").assert().code(1);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains("interrupted move into month partitions"),
            "{point}: {stderr}"
        );

        ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
        ws.cmd().arg("check").assert().code(0);
        assert_eq!(rows(&ws), expected_rows, "{point}");
        assert_eq!(report(&ws), expected, "{point}: after the finishing ingest");
        let files: Vec<_> = tickertone::store::Store::new(&ws.path("data"))
            .files()
            .unwrap()
            .iter()
            .map(|f| f.strip_prefix(ws.path("data")).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            files, migrated,
            "{point}: the same files as an uninterrupted migration"
        );
        assert!(
            entries(&ws).iter().all(|e| e.starts_with("month=")),
            "{point}: {:?}",
            entries(&ws)
        );
    }
}

#[test]
fn a_report_of_one_month_reads_only_that_months_files() {
    let ws = Workspace::new();
    write_inputs(&ws);
    ingest_all(&ws);
    // May with its 30-day history and margins (Apr 5 to May 22): only May's two files.
    let out = ws
        .cmd()
        .args(["-v", "report", "--from", "2025-05-10", "--to", "2025-05-20"])
        .args(["--format", "csv"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("read 2 parquet files in 1 month partition;")
            || stderr.contains("read 2 parquet files in 1 month partition)"),
        "{stderr}"
    );
    let pruned = ws.read("reports/2025-05-20/daily.csv");
    // The default window (90 days to Jul 31: history and margin from Mar 29): Mar, May and
    // Jul; the latest date came from the two latest months (May, Jul). Never January.
    let out = ws
        .cmd()
        .args(["-v", "report", "--format", "csv"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("read 4 parquet files in 3 month partitions"),
        "{stderr}"
    );

    // The same report from a store read whole (flat: no month to prune by) is the same.
    let flat = flatten(&ws);
    let out = flat
        .cmd()
        .args(["-v", "report", "--from", "2025-05-10", "--to", "2025-05-20"])
        .args(["--format", "csv"])
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("(and 2 not yet partitioned)"), "{stderr}");
    assert_eq!(flat.read("reports/2025-05-20/daily.csv"), pruned);
}

#[test]
fn check_finds_a_part_in_the_wrong_month_folder_and_its_fix_works() {
    let ws = Workspace::new();
    write_inputs(&ws);
    ingest_all(&ws);
    let expected_rows = rows(&ws);
    let jul = ws.path("data/store/mentions/month=2025-07");
    let part = fs::read_dir(&jul).unwrap().next().unwrap().unwrap().path();
    let name = part.file_name().unwrap().to_owned();
    let wrong = ws.path("data/store/mentions/month=2025-06");
    fs::create_dir_all(&wrong).unwrap();
    fs::rename(&part, wrong.join(&name)).unwrap();
    fs::write(ws.path("data/store/mentions/month=2025-06/notes.txt"), "x").unwrap();
    fs::create_dir_all(ws.path("data/store/mentions/2025-08")).unwrap();

    let out = ws.cmd().args(["--json", "check"]).assert().code(1);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let problems: Vec<String> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    let misplaced = problems
        .iter()
        .find(|p| p.contains(&*name.to_string_lossy()))
        .unwrap();
    assert!(
        misplaced.contains("in the partition of 2025-06 but holds 93 rows of 2025-07"),
        "{misplaced}"
    );
    assert!(misplaced.contains("move it directly into"), "{misplaced}");
    assert!(problems.iter().any(|p| p.contains("notes.txt")));
    assert!(problems.iter().any(|p| p.contains("not a month partition")));

    // The fix it names: the file back in the flat layout, the next ingest re-partitions it.
    fs::rename(
        wrong.join(&name),
        ws.path("data/store/mentions").join(&name),
    )
    .unwrap();
    fs::remove_dir_all(&wrong).unwrap();
    fs::remove_dir_all(ws.path("data/store/mentions/2025-08")).unwrap();
    ws.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    ws.cmd().arg("check").assert().code(0);
    assert_eq!(rows(&ws), expected_rows);
}
