//! One module per command: its arguments, then a short `run`.

pub mod check;
pub mod completions;
pub mod fetch;
pub mod ingest;
pub mod render;
pub mod report;
pub mod run;
pub mod score;
pub mod show;
pub mod sources;
pub mod stdout;
