//! Extraction: from a loosely typed record or a raw page to a validated [`Article`]
//! (tickers, dates, scores).

mod article;
pub mod fields;
pub mod glued;
mod named;
pub mod page;
pub mod stated;
pub mod text_tickers;

pub use article::{derived_id, parse_article, Article, Mention, ParseOptions, ScoreSource};
pub use tickertone_text::date::Published;

use std::sync::OnceLock;

use crate::symbols::SymbolTable;
use text_tickers::TextMatcher;

/// What extraction knows about companies: the symbol table, and how to find its companies
/// in text. Built once per run.
#[derive(Debug, Clone)]
pub struct Companies {
    pub symbols: SymbolTable,
    /// Built on first use: only pages and records without a ticker field search text, and
    /// building it over the whole table costs about 0.1 s that an NDJSON or Alpha Vantage
    /// ingest (tickers given) would otherwise pay at every start.
    matcher: OnceLock<TextMatcher>,
}

impl Companies {
    pub fn new(symbols: SymbolTable) -> Self {
        Companies {
            symbols,
            matcher: OnceLock::new(),
        }
    }

    /// The matcher over the symbol table's companies.
    pub fn matcher(&self) -> &TextMatcher {
        self.matcher.get_or_init(|| TextMatcher::new(&self.symbols))
    }
}
