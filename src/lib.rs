//! tickertone: market news → ticker-sentiment rows → a Parquet store → per-company daily
//! aggregates → PNG charts and CSV summaries.
//!
//! The modules follow the data: [`input`] readers → [`extract`] (tickers, dates, scores) →
//! [`store`] → [`aggregate`] → [`render`]. [`ingest`] and [`report`] wire them together;
//! [`fetch`] brings news from the configured sources into the inbox; [`cli`] and [`cmd`]
//! are the command line; [`remote`] works on a data folder on object storage through a local
//! copy. See ARCHITECTURE.md.

pub mod aggregate;
pub mod app;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod data_dir;
pub mod durable;
pub mod extract;
pub mod fault;
pub mod fetch;
pub mod header;
pub mod ingest;
pub mod input;
pub mod model;
pub mod prices;
pub mod remote;
pub mod render;
pub mod report;
pub mod starter;
pub mod store;
pub mod study;
pub mod symbols;
