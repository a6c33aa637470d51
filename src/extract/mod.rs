//! Extraction: from a loosely typed record or a raw page to a validated [`Article`]
//! (tickers, dates, scores).

pub mod about;
mod article;
pub mod dated;
pub mod fields;
pub mod glued;
mod named;
pub mod page;
mod prominence;
pub mod scorer;
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
    /// an NDJSON or Alpha Vantage ingest (tickers given) need not pay for building it over
    /// the whole table at every start.
    matcher: OnceLock<TextMatcher>,
    /// Per company of the table (by place), the spellings `about`'s quick path looks for
    /// in a headline: built on first use.
    spellings: OnceLock<Vec<Vec<memchr::memmem::Finder<'static>>>>,
}

impl Companies {
    pub fn new(symbols: SymbolTable) -> Self {
        Companies {
            symbols,
            matcher: OnceLock::new(),
            spellings: OnceLock::new(),
        }
    }

    /// The company a ticker stands for (an unknown ticker is its own company): the one
    /// ticker → company lookup of extraction.
    pub fn company_of(&self, ticker: &str) -> String {
        self.symbols.resolve_ticker(ticker).0.to_string()
    }

    /// The company of `ticker` with `companies`, else the ticker itself.
    pub fn company_of_in(companies: Option<&Companies>, ticker: &str) -> String {
        match companies {
            Some(c) => c.company_of(ticker),
            None => ticker.to_string(),
        }
    }

    /// The spellings of the company at place `index` of the table that `about`'s quick
    /// path looks for as written (see `about::quick::headline_names_every_subject`).
    pub fn spellings(&self, index: usize) -> &[memchr::memmem::Finder<'static>] {
        let all = self.spellings.get_or_init(|| {
            self.symbols
                .companies()
                .iter()
                .map(about::quick_spellings)
                .collect()
        });
        all.get(index).map_or(&[], Vec::as_slice)
    }

    /// Whether the table's matcher finds another company in `ticker` written alone (a
    /// name or an alias spelled like it): a ticker the table does not know may still be a
    /// word the matcher takes for a company.
    pub fn is_a_spelling(&self, ticker: &str) -> bool {
        let own = self.company_of(ticker);
        self.matcher()
            .sightings(ticker)
            .iter()
            .any(|(who, ..)| self.company_of(who) != own)
    }

    /// The matcher over the symbol table's companies.
    pub fn matcher(&self) -> &TextMatcher {
        self.matcher.get_or_init(|| TextMatcher::new(&self.symbols))
    }
}
