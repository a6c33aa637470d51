//! Fault injection for crash tests: `TICKERTONE_FAULT=<point>` makes the process abort at
//! that point, as abruptly as a `kill -9` (no destructors, no cleanup).
//!
//! The points, in the order an ingest passes them: `migrate-journal`, `migrate-written` and
//! `migrate-committed` (the steps of moving a flat store into month partitions, see
//! `store::migrate`), `read` (inputs read, the store files not yet finished),
//! `temp-written` (the store files written under their temporary names), `stored` (the store files
//! renamed into place, the rejected log not yet written), `rejected-write` (the rejected log
//! about to be rewritten with the new lines), `compact-journaled` and
//! `compact-renamed` (the two steps of a compaction), `report-staged` (a report built aside,
//! not yet swapped in). On object storage: `remote-put` (the first object written back)
//! and `remote-migration-committed` (a migration's journal committed in the bucket, its
//! flat parts not yet deleted).

/// Aborts the process when `TICKERTONE_FAULT` names this point.
pub fn point(name: &str) {
    if std::env::var_os("TICKERTONE_FAULT").is_some_and(|v| v == name) {
        eprintln!("tickertone: TICKERTONE_FAULT={name}: stopping abruptly");
        std::process::abort();
    }
}
