//! One module per command: its arguments, then a short `run`. Commands never import one
//! another: what several share is in `args` (argument groups), `outcome` (summaries and exit
//! statuses of ingests and fetches) and `stdout`.

pub mod args;
pub mod chart;
pub mod check;
pub mod completions;
pub mod explain;
pub mod fetch;
pub mod ingest;
pub mod init;
pub mod outcome;
pub mod render;
pub mod report;
pub mod run;
pub mod score;
pub mod show;
pub mod sources;
pub mod stdout;
pub mod study;
