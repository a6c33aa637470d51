//! CLI tests: the real binary on real files in temporary folders.

mod about;
mod aggregation;
mod api_shapes;
mod bad_input;
mod batch;
mod charts;
mod charts_command;
mod charts_rolling;
mod charts_signals;
mod concurrency;
mod crash;
mod feeds;
mod fetch;
mod fetch_failures;
mod formats;
mod hostile;
mod hostile_fetch;
mod hostile_input;
mod hostile_report;
mod hostile_small;
mod http_server;
mod idempotence;
mod init;
mod keyless;
mod keyless_streams;
mod model;
mod object_storage;
mod pages;
mod partitions;
mod prices_fetch;
mod real_inputs;
mod render;
mod report_crash;
mod report_formats;
mod report_html;
mod report_html_signals;
mod score;
mod signals;
mod status;
mod stdout;
mod study;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary working folder with `data/` and `reports/` inside.
pub struct Workspace {
    dir: TempDir,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, contents: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    /// Copies `tests/fixtures/<name>` to `<rel>` in the workspace.
    pub fn fixture(&self, name: &str, rel: &str) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        self.write(rel, &fs::read_to_string(src).unwrap())
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `tickertone --data <ws>/data --reports <ws>/reports ...`, run in the workspace.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(binary());
        cmd.current_dir(self.dir.path())
            .env_remove("TICKERTONE_DATA")
            .env_remove("TICKERTONE_REPORTS")
            .arg("--data")
            .arg(self.path("data"))
            .arg("--reports")
            .arg(self.path("reports"));
        cmd
    }

    /// `tickertone --json ingest PATH`, expecting `code`: its JSON summary.
    pub fn ingest_json(&self, path: &str, code: i32) -> serde_json::Value {
        let out = self
            .cmd()
            .args(["--json", "ingest", path])
            .assert()
            .code(code);
        serde_json::from_slice(&out.get_output().stdout).expect("one JSON object on stdout")
    }

    /// `report --to DATE --format csv`, then that report's `daily.csv`.
    pub fn daily_csv_to(&self, to: &str) -> String {
        self.cmd()
            .args(["report", "--to", to, "--format", "csv"])
            .assert()
            .code(0);
        self.read(&format!("reports/{to}/daily.csv"))
    }

    /// One text column of the store, row by row (nulls as "").
    pub fn stored_text(&self, column: &str) -> Vec<String> {
        let df = self.stored();
        let c = df.column(column).unwrap().str().unwrap().clone();
        (0..df.height())
            .map(|i| c.get(i).unwrap_or("").to_string())
            .collect()
    }

    /// One boolean column of the store, row by row (nulls as false).
    pub fn stored_bools(&self, column: &str) -> Vec<bool> {
        let df = self.stored();
        let c = df.column(column).unwrap().bool().unwrap().clone();
        (0..df.height())
            .map(|i| c.get(i).unwrap_or(false))
            .collect()
    }

    /// One number column of the store, row by row.
    pub fn stored_numbers(&self, column: &str) -> Vec<f64> {
        let df = self.stored();
        let c = df.column(column).unwrap().f64().unwrap().clone();
        (0..df.height()).map(|i| c.get(i).unwrap()).collect()
    }

    fn stored(&self) -> polars::prelude::DataFrame {
        let store = tickertone::store::Store::new(&self.path("data"));
        store.scan().unwrap().unwrap().collect().unwrap()
    }

    /// Rows recorded in the store.
    pub fn stored_rows(&self) -> usize {
        let store = tickertone::store::Store::new(&self.path("data"));
        match store.scan().unwrap() {
            None => 0,
            Some(lf) => lf.collect().unwrap().height(),
        }
    }

    /// The lines of `<data>/rejected/rejected.ndjson`, parsed.
    pub fn rejected(&self) -> Vec<serde_json::Value> {
        let path = self.path("data/rejected/rejected.ndjson");
        if !path.exists() {
            return vec![];
        }
        fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// The binary under test: this build's, or `TICKERTONE_TEST_BINARY` (to see a test fail on
/// an older build, as a fix's test should).
pub fn binary() -> PathBuf {
    std::env::var_os("TICKERTONE_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tickertone")))
}

/// `(articles_recorded, duplicates)` of the `ingest` part of a command's JSON summary
/// (`ingest`, `run` and `fetch` print one with `--json`).
pub fn recorded_and_duplicates(stdout: &[u8]) -> (u64, u64) {
    let v: serde_json::Value = serde_json::from_slice(stdout).expect("one JSON object on stdout");
    let n = |k: &str| v["ingest"][k].as_u64().unwrap_or(u64::MAX);
    (n("articles_recorded"), n("duplicates"))
}

/// An ingest's (recorded, skipped, rejected), from its JSON summary.
pub fn ingest_counts(v: &serde_json::Value) -> (u64, u64, u64) {
    let n = |k: &str| v["ingest"][k].as_u64().unwrap_or(u64::MAX);
    (n("articles_recorded"), n("skipped"), n("rejected"))
}

/// A CSV file as rows of `column → value`.
pub fn csv_rows(text: &str) -> Vec<Vec<(String, String)>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Compares a CSV with expected rows (`|`-separated, in the CSV's column order); numbers
/// are compared to 1e-9, everything else exactly.
pub fn assert_csv(text: &str, expected: &[&str]) {
    let rows = csv_rows(text);
    assert_eq!(rows.len(), expected.len(), "row count of\n{text}");
    for (row, want) in rows.iter().zip(expected) {
        let want: Vec<&str> = want.split('|').collect();
        assert_eq!(row.len(), want.len(), "columns of {row:?}");
        for ((column, got), want) in row.iter().zip(want) {
            let same = match (got.parse::<f64>(), want.parse::<f64>()) {
                (Ok(g), Ok(w)) => (g - w).abs() < 1e-9,
                _ => got == want,
            };
            assert!(same, "{column}: got {got:?}, want {want:?}\nrow {row:?}");
        }
    }
}
