//! Companies named in free text, as tickers of the symbol table: the
//! [`tickertone_text::matcher::CompanyMatcher`] built over the whole table (its rules are there).
//!
//! Only mentions that identify a company count here: cashtags (`$META`), exchange-prefixed
//! tickers (`NASDAQ: META`), names and aliases. A bare `META` does not: it only attributes
//! sentences to companies already found (the scorer's entities).

use crate::symbols::SymbolTable;
use tickertone_text::matcher::{CompanyMatcher, How, MatcherBuilder};

/// One mention found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMention {
    /// The ticker written (cashtag, exchange-prefixed) or the company's symbol (a name).
    pub ticker: String,
    /// Byte offset in the text.
    pub start: usize,
}

/// Finds the table's companies in text; built once per symbol table.
#[derive(Debug, Clone)]
pub struct TextMatcher {
    matcher: CompanyMatcher,
    /// Company number of the matcher → the company's symbol.
    symbols: Vec<String>,
}

impl TextMatcher {
    pub fn new(table: &SymbolTable) -> Self {
        let mut builder = MatcherBuilder::default();
        let mut symbols = Vec::with_capacity(table.companies().len());
        for c in table.companies() {
            let names =
                std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str));
            builder.add(c.tickers.iter().map(String::as_str), names);
            symbols.push(c.symbol.clone());
        }
        TextMatcher {
            matcher: builder.build(),
            symbols,
        }
    }

    /// The symbol of the company a name or alias stands for.
    pub fn symbol_of_name(&self, name: &str) -> Option<&str> {
        let company = self.matcher.company_of_name(name)?;
        self.symbols.get(company as usize).map(String::as_str)
    }

    /// Every mention in `text`, bare tickers too (which identify no company alone), as
    /// `(the company's symbol or the ticker written, how, start, end)`, in order.
    pub fn sightings(&self, text: &str) -> Vec<(String, How, usize, usize)> {
        let mut out = Vec::new();
        for found in self.matcher.find(text) {
            let who = match found.company {
                Some(company) => self.symbols.get(company as usize).cloned(),
                None => found.ticker(text),
            };
            if let Some(who) = who {
                out.push((who, found.how, found.start, found.end));
            }
        }
        out
    }

    /// Every mention in `text` that identifies a company, in order of position.
    pub fn find(&self, text: &str) -> Vec<TextMention> {
        let mut out = Vec::new();
        for found in self.matcher.find(text) {
            if !found.how.identifies() {
                continue;
            }
            let ticker = match (found.how, found.company) {
                (How::Name, Some(company)) => self.symbols.get(company as usize).cloned(),
                _ => found.ticker(text),
            };
            if let Some(ticker) = ticker {
                out.push(TextMention {
                    ticker,
                    start: found.start,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
