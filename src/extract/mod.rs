//! Extraction: from a loosely typed record to a validated [`Article`] (tickers, dates, scores).

mod article;
pub mod date;
pub mod fields;
pub mod ticker;

pub use article::{derived_id, parse_article, Article, Mention, ParseOptions, ScoreSource};
pub use date::Published;
