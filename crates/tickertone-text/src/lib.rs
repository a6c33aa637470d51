//! tickertone's pure text layer: what reads news text without any table, store or chart.
//!
//! - [`about`]: whether an article is about each company it is recorded for;
//! - [`score`]: the finance-aware sentiment scorer (lexicon, tokens, rules, entity scores);
//! - [`matcher`]: the one company matcher (cashtags, exchange-prefixed and bare tickers,
//!   names and aliases), the one exchange list and ticker normaliser
//!   ([`matcher::normalize_ticker`]); it takes companies as plain data
//!   ([`matcher::MatcherBuilder::add`]), so it knows no symbol table;
//! - [`published`]: publication dates as sources write them → [`date::Published`];
//! - [`date`]: a stored publication → its calendar or trading day ([`date::Dating`]).
//!
//! It depends on regex, aho-corasick, chrono and chrono-tz only: the `tickertone` crate
//! above it brings polars, plotters and the network.

pub mod about;
pub mod date;
pub mod matcher;
pub mod published;
pub mod score;
