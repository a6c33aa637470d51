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

use crate::symbols::SymbolTable;
use text_tickers::TextMatcher;

/// What extraction knows about companies: the symbol table, and how to find its companies
/// in text. Built once per run.
#[derive(Debug, Clone)]
pub struct Companies {
    pub symbols: SymbolTable,
    pub matcher: TextMatcher,
}

impl Companies {
    pub fn new(symbols: SymbolTable) -> Self {
        let matcher = TextMatcher::new(&symbols);
        Companies { symbols, matcher }
    }
}
