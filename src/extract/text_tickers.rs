//! Companies and tickers named in free text: cashtags (`$META`), exchange-prefixed tickers
//! (`NASDAQ: META`), and company names and aliases from the symbol table.
//!
//! Bare upper-case words are never taken as tickers: too many are also words (A, IT, ALL,
//! NOW, ON, ARE, CAN, BIG, ...).

use std::collections::HashMap;

use regex::Regex;

use super::ticker::normalize_ticker;
use crate::symbols::SymbolTable;

/// One mention found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMention {
    /// The ticker written (cashtag, exchange-prefixed) or the company's symbol (a name).
    pub ticker: String,
    /// Byte offset in the text.
    pub start: usize,
}

/// Finds mentions; built once per symbol table.
#[derive(Debug, Clone)]
pub struct TextMatcher {
    names: Option<Regex>,
    /// Name or alias as matched → the company's symbol.
    symbol_of: HashMap<String, String>,
    tagged: Regex,
}

impl TextMatcher {
    pub fn new(symbols: &SymbolTable) -> Self {
        let mut symbol_of = HashMap::new();
        for c in symbols.companies() {
            let name = c.name.trim_end_matches('.').trim();
            let mut spellings: Vec<String> = vec![name.to_string()];
            spellings.extend(
                c.aliases
                    .iter()
                    .map(|a| a.trim_end_matches('.').trim().to_string()),
            );
            for s in spellings {
                // Short names are words too often ("On", "Arm" ...): two letters at least,
                // and an all-capital spelling only for names of four letters or more.
                if s.chars().count() < 3 {
                    continue;
                }
                if s.chars().count() >= 4 {
                    symbol_of
                        .entry(s.to_uppercase())
                        .or_insert_with(|| c.symbol.clone());
                }
                symbol_of.entry(s).or_insert_with(|| c.symbol.clone());
            }
        }
        let mut alternatives: Vec<&String> = symbol_of.keys().collect();
        // Longest first, so "Meta Platforms" wins over "Meta".
        alternatives.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let names = (!alternatives.is_empty()).then(|| {
            let body: Vec<String> = alternatives.iter().map(|a| regex::escape(a)).collect();
            Regex::new(&format!(r"\b(?:{})\b", body.join("|")))
                .unwrap_or_else(|e| panic!("name pattern: {e}"))
        });
        let tagged = Regex::new(
            r"(?:\$([A-Za-z][A-Za-z0-9.\-]{0,9})\b)|(?:\b(?:NASDAQ|NYSE|NYSEARCA|NYSEAMERICAN|AMEX|BATS|OTC|TSX|LSE)\s*:\s*([A-Z][A-Z0-9.\-]{0,9})\b)",
        )
        .unwrap_or_else(|e| panic!("ticker pattern: {e}"));
        TextMatcher {
            names,
            symbol_of,
            tagged,
        }
    }

    /// The symbol of the company a name or alias stands for.
    pub fn symbol_of_name(&self, name: &str) -> Option<&str> {
        let n = name.trim().trim_end_matches('.');
        self.symbol_of
            .get(n)
            .or_else(|| self.symbol_of.get(&n.to_uppercase()))
            .map(String::as_str)
    }

    /// Every mention in `text`, in order of position.
    pub fn find(&self, text: &str) -> Vec<TextMention> {
        let mut out = Vec::new();
        for c in self.tagged.captures_iter(text) {
            let Some(m) = c.get(1).or_else(|| c.get(2)) else {
                continue;
            };
            let raw = m.as_str().trim_end_matches(['.', '-']);
            if let Ok(Some(ticker)) = normalize_ticker(raw) {
                out.push(TextMention {
                    ticker,
                    start: c.get(0).map_or(0, |m| m.start()),
                });
            }
        }
        if let Some(names) = &self.names {
            for m in names.find_iter(text) {
                if let Some(symbol) = self.symbol_of.get(m.as_str()) {
                    out.push(TextMention {
                        ticker: symbol.clone(),
                        start: m.start(),
                    });
                }
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> TextMatcher {
        let table = SymbolTable::parse(
            "company,tickers,aliases\n\
Alphabet Inc.,GOOGL;GOOG,Alphabet;Google\n\
Meta Platforms,META,Meta;Facebook\n\
Agilent Technologies,A,Agilent\n\
Gartner,IT,\n",
            "t",
        )
        .unwrap();
        TextMatcher::new(&table)
    }

    fn tickers(text: &str) -> Vec<String> {
        matcher().find(text).into_iter().map(|m| m.ticker).collect()
    }

    #[test]
    fn cashtags_prefixes_and_names() {
        assert_eq!(
            tickers("Meta's team left for rivals like Google; $NVDA rose, (NASDAQ: MSFT) fell."),
            ["META", "GOOGL", "NVDA", "MSFT"]
        );
        assert_eq!(tickers("Meta Platforms said"), ["META"]);
    }

    #[test]
    fn words_that_are_tickers_stay_words() {
        assert!(tickers("IT spending is A priority for ALL of them, NOW and ON").is_empty());
        assert!(tickers("a metaverse, googled").is_empty());
        assert_eq!(tickers("shares of $IT and NYSE:A"), ["IT", "A"]);
    }
}
