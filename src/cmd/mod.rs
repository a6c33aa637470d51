//! One module per command: its arguments, then a short `run`.

pub mod chart;
pub mod check;
pub mod completions;
pub mod fetch;
pub mod ingest;
pub mod report;
pub mod run;
pub mod score;
pub mod show;
pub mod sources;
pub mod stdout;
