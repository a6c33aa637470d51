//! `--data s3://…` against an S3-compatible server on 127.0.0.1: moto's server (PyPI
//! `moto[server]`), started by each test. `.ci/run` installs it and sets
//! `TICKERTONE_REQUIRE_S3_TESTS=1`, so CI fails rather than skips when it is missing;
//! elsewhere the tests say they were skipped.
//!
//! moto checks a conditional PUT's precondition and then stores the object as two steps,
//! so on its usual threaded server two create-if-absent PUTs at once can both succeed
//! (S3's are atomic). The tests serve moto's app on one thread, one request at a time,
//! which makes each PUT atomic as S3's is; otherwise `two_concurrent_ingests_both_record`
//! would fail now and then for moto's race, not ours.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Workspace;

/// moto's S3 app served by werkzeug on one thread (see the module's note); the port is the
/// script's argument.
const ONE_THREAD_MOTO: &str = "import sys
from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
run_simple('127.0.0.1', int(sys.argv[1]), DomainDispatcherApplication(create_backend_app), threaded=False)
";

/// A moto S3 server on a free port, stopped on drop.
struct S3Server {
    child: Child,
    port: u16,
}

impl S3Server {
    /// `None` (the test is skipped) when moto is not installed, unless CI requires it.
    fn start() -> Option<S3Server> {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args(["-c", ONE_THREAD_MOTO, &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(child) => child,
            Err(e) => {
                assert!(
                    std::env::var_os("TICKERTONE_REQUIRE_S3_TESTS").is_none(),
                    "python3 cannot start ({e}): pip install 'moto[server]'"
                );
                eprintln!("skipped: python3 is not installed (pip install 'moto[server]')");
                return None;
            }
        };
        let mut server = S3Server { child, port };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                // moto is not importable (the script exits at once).
                assert!(
                    std::env::var_os("TICKERTONE_REQUIRE_S3_TESTS").is_none(),
                    "moto's server did not start ({status}): pip install 'moto[server]'"
                );
                eprintln!("skipped: moto is not installed (pip install 'moto[server]')");
                return None;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "moto_server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(server)
    }

    /// A plain HTTP request to the server (moto takes unsigned requests): status and body.
    fn request(&self, method: &str, path: &str) -> (u16, String) {
        self.request_with(method, path, b"")
    }

    fn request_with(&self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        )
        .unwrap();
        stream.write_all(body).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, response)
    }

    fn create_bucket(&self, bucket: &str) {
        let (status, body) = self.request("PUT", &format!("/{bucket}"));
        assert_eq!(status, 200, "{body}");
    }

    /// The keys under `prefix` in `bucket`.
    fn keys(&self, bucket: &str, prefix: &str) -> Vec<String> {
        let (_, body) = self.request("GET", &format!("/{bucket}?list-type=2&prefix={prefix}"));
        body.split("<Key>")
            .skip(1)
            .filter_map(|k| k.split("</Key>").next())
            .map(String::from)
            .collect()
    }

    /// `tickertone --data s3://BUCKET/desk …` in `ws`, configured for this server.
    fn cmd(&self, ws: &Workspace, bucket: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tickertone"));
        cmd.current_dir(ws.path(""))
            .env_remove("TICKERTONE_DATA")
            .env_remove("TICKERTONE_REPORTS")
            .env_remove("TICKERTONE_FAULT")
            .env(
                "AWS_ENDPOINT_URL",
                format!("http://127.0.0.1:{}", self.port),
            )
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .arg("--data")
            .arg(format!("s3://{bucket}/desk"))
            .arg("--reports")
            .arg(ws.path("reports"));
        cmd
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn code(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The exit status and `(recorded, duplicates)` of a command run with `--json`.
fn recorded(cmd: &mut Command) -> (i32, (u64, u64)) {
    let out = cmd.arg("--json").output().unwrap();
    let status = out.status.code().unwrap_or(-1);
    assert!(status == 0, "{}", String::from_utf8_lossy(&out.stderr));
    (status, crate::recorded_and_duplicates(&out.stdout))
}

/// `daily.csv` and `summary.csv` of a report of the fixtures' window.
fn report(cmd: &mut Command, ws: &Workspace) -> (String, String) {
    let (status, err) = code(cmd.args(["report", "--from", "2025-03-01", "--to", "2025-05-02"]));
    assert_eq!(status, 0, "{err}");
    (
        ws.read("reports/2025-05-02/daily.csv"),
        ws.read("reports/2025-05-02/summary.csv"),
    )
}

/// What a local data folder gives for the same ingests.
fn local_report(files: &[&str]) -> (String, String) {
    let ws = Workspace::new();
    for f in files {
        ws.fixture(f, &format!("in/{f}"));
    }
    let ingested = ws.cmd().args(["ingest", "in"]).output().unwrap();
    assert!(
        matches!(ingested.status.code(), Some(0 | 3)),
        "{ingested:?}"
    );
    let out = ws
        .cmd()
        .args(["report", "--from", "2025-03-01", "--to", "2025-05-02"])
        .output()
        .unwrap();
    assert!(out.status.success());
    (
        ws.read("reports/2025-05-02/daily.csv"),
        ws.read("reports/2025-05-02/summary.csv"),
    )
}

#[test]
fn ingest_writes_objects_and_a_report_reads_them_as_from_a_folder() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("round-trip");
    let ws = Workspace::new();
    let (status, err) = code(s3.cmd(&ws, "round-trip").arg("report"));
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains("nothing is recorded in s3://round-trip/desk yet"),
        "{err}"
    );
    ws.fixture("hand-computed.ndjson", "in/hand-computed.ndjson");
    ws.fixture("mixed-bad.ndjson", "in/mixed-bad.ndjson");
    let (status, err) = code(s3.cmd(&ws, "round-trip").args(["ingest", "in"]));
    assert_eq!(status, 3, "{err}");
    assert!(
        err.contains("see s3://round-trip/desk/rejected/rejected-"),
        "{err}"
    );
    let keys = s3.keys("round-trip", "desk/");
    let parts: Vec<&String> = keys
        .iter()
        .filter(|k| k.starts_with("desk/store/mentions/month=") && k.ends_with(".parquet"))
        .collect();
    assert_eq!(parts.len(), 3, "{keys:?}");
    assert_eq!(
        keys.iter()
            .filter(|k| k.starts_with("desk/rejected/"))
            .count(),
        1
    );
    assert!(
        !keys.iter().any(|k| k.ends_with(".tickertone.lock")),
        "{keys:?}"
    );
    // Nothing is written twice.
    let (status, _) = code(s3.cmd(&ws, "round-trip").args(["ingest", "in"]));
    assert_eq!(status, 3);
    assert_eq!(s3.keys("round-trip", "desk/store/").len(), 3);

    let from_s3 = report(&mut s3.cmd(&ws, "round-trip"), &ws);
    assert_eq!(
        from_s3,
        local_report(&["hand-computed.ndjson", "mixed-bad.ndjson"])
    );
    // A report copies only the month partitions its window and history can need.
    let (status, err) = code(s3.cmd(&ws, "round-trip").args([
        "-v",
        "report",
        "--from",
        "2025-05-10",
        "--to",
        "2025-05-10",
    ]));
    assert_eq!(status, 0, "{err}");
    assert!(
        err.contains("copied 2 of the 3 store files of s3://round-trip/desk"),
        "{err}"
    );
    // `check` reads a copy, and names the objects.
    let (status, err) = code(s3.cmd(&ws, "round-trip").arg("check"));
    assert_eq!(status, 0, "{err}");
    assert!(
        err.contains("Checked s3://round-trip/desk/store/mentions: 3 files"),
        "{err}"
    );

    // `show`, `chart` and `render` read a copy: the same output as from a folder.
    let local = Workspace::new();
    local.fixture("hand-computed.ndjson", "in/hand-computed.ndjson");
    local.fixture("mixed-bad.ndjson", "in/mixed-bad.ndjson");
    local.cmd().args(["-q", "ingest", "in"]).assert().code(3);
    let show = ["show", "googl", "--days", "3"];
    let from_s3 = s3.cmd(&ws, "round-trip").args(show).output().unwrap();
    let from_folder = local.cmd().args(show).output().unwrap();
    assert_eq!(from_s3.status.code(), Some(0), "{from_s3:?}");
    assert_eq!(from_s3.stdout, from_folder.stdout);
    let chart = ["chart", "GOOG", "-o", "goog.png"];
    let (status, err) = code(s3.cmd(&ws, "round-trip").args(chart));
    assert_eq!(status, 0, "{err}");
    local.cmd().args(chart).assert().code(0);
    assert_eq!(
        std::fs::read(ws.path("goog.png")).unwrap(),
        std::fs::read(local.path("goog.png")).unwrap()
    );
    // `render` of a report's CSVs takes the headlines from the bucket's store.
    let (status, err) = code(
        s3.cmd(&ws, "round-trip")
            .args(["render", "--aggregates", "reports/2025-05-02"])
            .arg("--reports")
            .arg(ws.path("drawn")),
    );
    assert_eq!(status, 0, "{err}");
    let page = ws.read("drawn/2025-05-02/index.html");
    assert!(page.contains("GOOG and GOOGL in one article"), "{page}");
    let (status, err) = code(s3.cmd(&ws, "round-trip").args(["chart", "NOPE"]));
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("is recorded in s3://round-trip/desk"), "{err}");
    // A part that is not Parquet: `check` names its object.
    let bad = "/round-trip/desk/store/mentions/month=2025-04/part-0123456789abcdef01234567.parquet";
    assert_eq!(s3.request_with("PUT", bad, b"not parquet").0, 200);
    let (status, err) = code(s3.cmd(&ws, "round-trip").arg("check"));
    assert_eq!(status, 1, "{err}");
    assert!(
        err.contains(&format!("problem: s3:/{bad}: not readable as Parquet")),
        "{err}"
    );
}

/// A writer killed after its first object: its lock refuses others until it expires, is
/// then taken over, and ingesting again gives what one clean ingest gives.
#[test]
fn a_killed_writers_lock_refuses_until_it_expires_then_is_taken_over() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("killed-writer");
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/hand-computed.ndjson");
    ws.fixture("mixed-bad.ndjson", "in/mixed-bad.ndjson");
    let killed = s3
        .cmd(&ws, "killed-writer")
        .env("TICKERTONE_FAULT", "remote-put")
        .env("TICKERTONE_LOCK_TTL", "8")
        .args(["ingest", "in"])
        .output()
        .unwrap();
    let expires = Instant::now() + Duration::from_secs(8);
    assert!(killed.status.code().is_none(), "not killed");
    let keys = s3.keys("killed-writer", "desk/");
    assert!(
        keys.iter().any(|k| k.ends_with(".tickertone.lock")),
        "{keys:?}"
    );
    assert_eq!(
        keys.iter().filter(|k| k.ends_with(".parquet")).count(),
        1,
        "{keys:?}"
    );

    let (status, err) = code(
        s3.cmd(&ws, "killed-writer")
            .arg("--no-wait")
            .args(["ingest", "in"]),
    );
    assert!(
        Instant::now() < expires,
        "the machine was too slow to test the refusal"
    );
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("is in use by tickertone ingest (pid"), "{err}");

    std::thread::sleep(expires.saturating_duration_since(Instant::now()) + Duration::from_secs(1));
    let (status, err) = code(
        s3.cmd(&ws, "killed-writer")
            .arg("--no-wait")
            .args(["ingest", "in"]),
    );
    assert_eq!(status, 3, "{err}");
    assert!(err.contains("took over the lock"), "{err}");
    let keys = s3.keys("killed-writer", "desk/");
    assert!(
        !keys.iter().any(|k| k.ends_with(".tickertone.lock")),
        "{keys:?}"
    );
    assert_eq!(
        report(&mut s3.cmd(&ws, "killed-writer"), &ws),
        local_report(&["hand-computed.ndjson", "mixed-bad.ndjson"])
    );
}

/// Two ingests started together (the later one to ask for the lock waits for it, when
/// they overlap): both record, and the store is what one ingest of both gives.
#[test]
fn two_concurrent_ingests_both_record() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("two-writers");
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "a/hand-computed.ndjson");
    ws.fixture("mixed-bad.ndjson", "b/mixed-bad.ndjson");
    let first = s3
        .cmd(&ws, "two-writers")
        .args(["ingest", "a"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let second = s3
        .cmd(&ws, "two-writers")
        .args(["ingest", "b"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (first, second) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    assert_eq!(second.status.code(), Some(3), "{second:?}");
    assert_eq!(
        report(&mut s3.cmd(&ws, "two-writers"), &ws),
        local_report(&["hand-computed.ndjson", "mixed-bad.ndjson"])
    );
}

/// `run` on object storage: the inbox is read from the bucket, the report written here,
/// and a second run records nothing new.
#[test]
fn run_reads_the_inbox_from_object_storage() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("daily-run");
    let ws = Workspace::new();
    ws.fixture("hand-computed.ndjson", "in/hand-computed.ndjson");
    let body = std::fs::read(ws.path("in/hand-computed.ndjson")).unwrap();
    let (status, reply) = s3.request_with(
        "PUT",
        "/daily-run/desk/inbox/wire/hand-computed.ndjson",
        &body,
    );
    assert_eq!(status, 200, "{reply}");
    let (status, counts) = recorded(s3.cmd(&ws, "daily-run").args(["run", "--no-fetch"]));
    assert_eq!((status, counts.0), (0, 12));
    let parts = s3
        .keys("daily-run", "desk/store/")
        .into_iter()
        .filter(|k| k.ends_with(".parquet"))
        .count();
    assert_eq!(parts, 2);
    let (status, counts) = recorded(s3.cmd(&ws, "daily-run").args(["run", "--no-fetch"]));
    assert_eq!((status, counts), (0, (0, 12)));
    // The inbox object is read, not written back; nothing else changed.
    assert_eq!(
        s3.keys("daily-run", "desk/").len(),
        3,
        "{:?}",
        s3.keys("daily-run", "desk/")
    );
}

/// `run` with a source on object storage: what it fetches goes to the bucket's inbox, its
/// fetch state too, and the next run starts from that state.
#[test]
fn run_fetches_into_the_buckets_inbox_and_keeps_its_state_there() {
    use crate::fetch::{configure, fixture, source, KEY, KEY_ENV};
    use crate::http_server::{Reply, TestServer};
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("fetching-run");
    let server = TestServer::start(|seen| match seen.query.get("tickers").map(String::as_str) {
        Some("AAPL") => Reply::ok(fixture("av-aapl.json")),
        _ => Reply::status(404, "{}"),
    });
    let ws = Workspace::new();
    configure(
        &ws,
        &source("av", "alphavantage", &["AAPL"], &server.base, ""),
    );
    let (status, err) = code(s3.cmd(&ws, "fetching-run").env(KEY_ENV, KEY).arg("run"));
    assert_eq!(status, 0, "{err}");
    let keys = s3.keys("fetching-run", "desk/");
    assert!(
        keys.iter().any(|k| k.starts_with("desk/inbox/av/")),
        "{keys:?}"
    );
    assert!(keys.contains(&"desk/fetch/av.json".to_string()), "{keys:?}");
    let parts = keys.iter().filter(|k| k.ends_with(".parquet")).count();
    assert!(parts >= 1, "{keys:?}");
    assert!(
        !ws.path("data").exists(),
        "nothing is written to a local data folder"
    );

    // The second run reads the state from the bucket: it asks from where the first ended.
    let ten_before = || chrono::Utc::now() - chrono::Duration::minutes(10);
    let second_began = ten_before().format("%Y%m%dT%H%M").to_string();
    let (status, counts) = recorded(s3.cmd(&ws, "fetching-run").env(KEY_ENV, KEY).arg("run"));
    let second_ended = ten_before().format("%Y%m%dT%H%M").to_string();
    assert_eq!((status, counts.0), (0, 0));
    let asked: Vec<String> = server
        .seen()
        .iter()
        .map(|s| s.query["time_from"].clone())
        .collect();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[1] > asked[0], "{asked:?}");
    let parts_after = s3
        .keys("fetching-run", "desk/")
        .iter()
        .filter(|k| k.ends_with(".parquet"))
        .count();
    assert_eq!(parts_after, parts);

    // `fetch` alone works the same way, and `sources` reads the state in the bucket.
    let (status, err) = code(s3.cmd(&ws, "fetching-run").env(KEY_ENV, KEY).arg("fetch"));
    assert_eq!(status, 0, "{err}");
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    // From the state in the bucket: 10 minutes before the second run (not the first) began.
    let third = &seen[2].query["time_from"];
    assert!((second_began..=second_ended).contains(third), "{third}");
    let sources = s3
        .cmd(&ws, "fetching-run")
        .env(KEY_ENV, KEY)
        .arg("sources")
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&sources.stdout);
    assert!(sources.status.success(), "{sources:?}");
    assert!(
        listed.contains("av") && !listed.contains("never"),
        "{listed}"
    );
    assert!(!ws.path("data").exists(), "nothing is written locally");
}

/// A store of the flat layout (parts directly in `store/mentions/`, as before partitioning)
/// put in the bucket as it was on disk: `hand-computed.ndjson`'s rows in one flat part.
fn put_flat_store(s3: &S3Server, bucket: &str) {
    let clean = Workspace::new();
    clean.fixture("hand-computed.ndjson", "in/hand-computed.ndjson");
    clean.cmd().args(["-q", "ingest", "in"]).assert().code(0);
    let store = tickertone::store::Store::new(&clean.path("data"));
    let mut rows = store.scan().unwrap().unwrap().collect().unwrap();
    let mut bytes = Vec::new();
    polars::prelude::ParquetWriter::new(&mut bytes)
        .finish(&mut rows)
        .unwrap();
    let (status, reply) = s3.request_with(
        "PUT",
        &format!("/{bucket}/desk/store/mentions/part-0123456789abcdef01234567.parquet"),
        &bytes,
    );
    assert_eq!(status, 200, "{reply}");
}

/// A flat store on object storage is moved into month partitions by the next ingest, as a
/// folder's is: every row counted once, no flat part or journal left behind.
#[test]
fn a_flat_store_in_a_bucket_is_migrated_by_the_next_ingest() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("flat");
    put_flat_store(&s3, "flat");
    let ws = Workspace::new();
    ws.fixture("mixed-bad.ndjson", "in/mixed-bad.ndjson");
    let (status, err) = code(s3.cmd(&ws, "flat").args(["-v", "ingest", "in"]));
    assert_eq!(status, 3, "{err}");
    let keys = s3.keys("flat", "desk/store/");
    assert!(
        keys.iter()
            .all(|k| k.starts_with("desk/store/mentions/month=")),
        "{keys:?}"
    );
    assert_eq!(
        report(&mut s3.cmd(&ws, "flat"), &ws),
        local_report(&["hand-computed.ndjson", "mixed-bad.ndjson"])
    );
}

/// A writer killed while it writes back a migration: readers count every row once at each
/// step (before the commit they read the flat part, after it the month parts), and the next
/// ingest finishes the move.
#[test]
fn a_migration_killed_while_written_back_is_read_once_and_finished_next_time() {
    let Some(s3) = S3Server::start() else { return };
    let expected = local_report(&["hand-computed.ndjson", "mixed-bad.ndjson"]);
    let flat_only = local_report(&["hand-computed.ndjson"]);
    for (i, fault) in ["remote-put", "remote-migration-committed"]
        .into_iter()
        .enumerate()
    {
        let bucket = format!("killed-migration-{i}");
        s3.create_bucket(&bucket);
        put_flat_store(&s3, &bucket);
        let ws = Workspace::new();
        ws.fixture("mixed-bad.ndjson", "in/mixed-bad.ndjson");
        let killed = s3
            .cmd(&ws, &bucket)
            .env("TICKERTONE_FAULT", fault)
            .env("TICKERTONE_LOCK_TTL", "1")
            .args(["ingest", "in"])
            .output()
            .unwrap();
        assert!(killed.status.code().is_none(), "{fault}: not killed");
        let keys = s3.keys(&bucket, "desk/store/");
        assert!(
            keys.iter().any(|k| k.ends_with(".migration.json")),
            "{fault}: {keys:?}"
        );
        let read = report(&mut s3.cmd(&ws, &bucket), &ws);
        if fault == "remote-put" {
            // Only the journal is written: the flat part holds the rows.
            assert_eq!(read, flat_only, "{fault}");
        } else {
            assert_eq!(read, expected, "{fault}");
        }
        std::thread::sleep(Duration::from_secs(2));
        let (status, err) = code(s3.cmd(&ws, &bucket).args(["ingest", "in"]));
        assert!(status == 0 || status == 3, "{fault}: {err}");
        let keys = s3.keys(&bucket, "desk/store/");
        assert!(
            keys.iter()
                .all(|k| k.starts_with("desk/store/mentions/month=")),
            "{fault}: {keys:?}"
        );
        assert_eq!(report(&mut s3.cmd(&ws, &bucket), &ws), expected, "{fault}");
    }
}
