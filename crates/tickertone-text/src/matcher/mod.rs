//! The company matcher: which companies a text names, by one set of rules for every reader
//! (pages, records scored from their text, the scorer's per-company sentences).
//!
//! Depends on nothing but `std` and `aho-corasick`, so a polars-free text crate can take it
//! whole.
//!
//! # Rules
//!
//! - **Cashtags and exchange-prefixed tickers** (`$META`, `$brk.b`, `NASDAQ: META`,
//!   `(NYSE:BRK.B)`, `Nasdaq GS: X`) name a ticker, known or not. `BRK.B`, `BRK/B` and
//!   `BRK-B` are one ticker ([`ticker_key`]).
//! - **Bare tickers** (`META` alone) match in capitals only, never when the ticker is one
//!   letter, all digits, or a common word or abbreviation (A, IT, ALL, NOW, AI, CEO …). Even
//!   then a bare ticker does not *identify* a company ([`How::identifies`]): of thousands of
//!   tickers many are also acronyms (OLED, USB, AGM), so a bare ticker only attributes a
//!   sentence to a company the text is already known to be about (the scorer's entities).
//! - **Names and aliases** match on word boundaries ("Meta's" is Meta, "Metaverse" is not)
//!   as written in the table, or in all capitals when the spelling has four letters or more
//!   and is not a common word ("NVIDIA", never "APPLE"); a word the table writes in capitals
//!   also matches capitalised ("KANZHUN" → "Kanzhun"). So "apple pie", "the target price",
//!   "a gap in" name no company. The table decides which spellings are distinctive enough
//!   to be aliases (`scripts/gen_symbols.py`); a spelling two companies share names neither.
//!   Overlapping names: the longest wins ("Meta Platforms" over "Meta").

mod names;
pub mod ticker;
mod words;

use std::collections::HashMap;

use names::NameIndex;
pub use ticker::{normalize_ticker, ticker_key, EXCHANGES};
pub use words::is_headline_word;

/// How a mention was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A company name or alias ("Meta Platforms", "Google").
    Name,
    /// `$META`.
    Cashtag,
    /// `NASDAQ: META`.
    Exchange,
    /// `META` alone, in capitals.
    Bare,
}

impl How {
    /// Whether this mention alone says the text is about the company (see the module
    /// documentation: a bare ticker does not).
    pub fn identifies(self) -> bool {
        self != How::Bare
    }
}

/// One mention found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The company, numbered in the order it was added; `None` for a cashtag or
    /// exchange-prefixed ticker that no company has.
    pub company: Option<u32>,
    pub how: How,
    /// Byte range in the text: the name, or the ticker without its `$` or prefix.
    pub start: usize,
    pub end: usize,
}

impl Found {
    /// The ticker written, as a lookup key (`brk.b` → `BRK-B`); `None` for a name.
    pub fn ticker(&self, text: &str) -> Option<String> {
        match self.how {
            How::Name => None,
            _ => text.get(self.start..self.end).map(ticker_key),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct TickerEntry {
    company: u32,
    /// May match without `$` or an exchange prefix.
    bare: bool,
}

/// Collects companies (their tickers and names), then builds a [`CompanyMatcher`].
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    companies: u32,
    tickers: HashMap<String, TickerEntry>,
    names: names::NamesBuilder,
}

impl MatcherBuilder {
    /// Adds a company; returns its number (0, 1, 2 … in the order added).
    pub fn add<'a>(
        &mut self,
        tickers: impl IntoIterator<Item = &'a str>,
        names: impl IntoIterator<Item = &'a str>,
    ) -> u32 {
        let company = self.companies;
        self.companies += 1;
        for raw in tickers {
            let key = ticker_key(raw.trim().trim_start_matches('$'));
            if key.is_empty() {
                continue;
            }
            let has_letter = key.bytes().any(|c| c.is_ascii_alphabetic());
            let bare = key.len() >= 2 && has_letter && !words::is_common_ticker_word(&key);
            // A ticker belongs to the first company that lists it.
            self.tickers
                .entry(key)
                .or_insert(TickerEntry { company, bare });
        }
        for name in names {
            self.names.add(company, name);
        }
        company
    }

    pub fn build(self) -> CompanyMatcher {
        CompanyMatcher {
            companies: self.companies,
            tickers: self.tickers,
            names: self.names.build(),
        }
    }
}

/// Finds companies in text; built once per list of companies.
#[derive(Debug, Clone)]
pub struct CompanyMatcher {
    companies: u32,
    tickers: HashMap<String, TickerEntry>,
    names: NameIndex,
}

/// Unknown tickers longer than this are not taken from a cashtag ("$5billion" is no ticker).
const LONGEST_UNKNOWN_TICKER: usize = 10;

impl CompanyMatcher {
    /// Number of companies added.
    pub fn len(&self) -> usize {
        self.companies as usize
    }

    pub fn is_empty(&self) -> bool {
        self.companies == 0
    }

    /// The company a ticker belongs to (`brk.b` finds `BRK-B`).
    pub fn company_of_ticker(&self, ticker: &str) -> Option<u32> {
        self.tickers.get(&ticker_key(ticker)).map(|t| t.company)
    }

    /// The company a name or alias stands for, spelled as it may appear in text.
    pub fn company_of_name(&self, name: &str) -> Option<u32> {
        self.names.company_of(name)
    }

    /// Every mention in `text`, in order of position.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        self.find_into(text, &mut out);
        out
    }

    /// Every mention in `text`, in order of position, into `out` (cleared first).
    pub fn find_into(&self, text: &str, out: &mut Vec<Found>) {
        out.clear();
        self.find_tickers(text, out);
        self.names.find(text, out);
        out.sort_by_key(|f| (f.start, f.end));
    }

    fn find_tickers(&self, text: &str, out: &mut Vec<Found>) {
        let b = text.as_bytes();
        let n = b.len();
        let mut p = 0;
        while p < n {
            if !b[p].is_ascii_alphanumeric() || word_char_before(text, p) {
                p += 1;
                continue;
            }
            // A run of letters and digits with inner . - / (BRK.B, BF-B).
            let mut q = p;
            let mut first_sep = None;
            while q < n {
                if b[q].is_ascii_alphanumeric() {
                    q += 1;
                } else if matches!(b[q], b'.' | b'-' | b'/')
                    && q + 1 < n
                    && b[q + 1].is_ascii_alphanumeric()
                {
                    first_sep.get_or_insert(q);
                    q += 1;
                } else {
                    break;
                }
            }
            if q < n && word_char_at(text, q) {
                p = q + 1; // part of a longer non-ASCII word
                continue;
            }
            let cashtag = p > 0 && b[p - 1] == b'$' && !word_char_before(text, p - 1);
            let how = if cashtag {
                How::Cashtag
            } else if ticker::exchange_before(b, p) {
                How::Exchange
            } else {
                How::Bare
            };
            if let Some(found) = self.ticker_at(text, p, q, first_sep, how) {
                out.push(found);
            }
            p = q.max(p + 1);
        }
    }

    /// The ticker written at `p..q` (or its part before the first separator: "META-owned").
    fn ticker_at(
        &self,
        text: &str,
        p: usize,
        q: usize,
        first_sep: Option<usize>,
        how: How,
    ) -> Option<Found> {
        let tagged = how != How::Bare;
        if !text.as_bytes()[p].is_ascii_alphabetic() && !tagged {
            // A bare run starting with a digit ("3Q", "5G") is never a ticker.
            return None;
        }
        for end in [Some(q), first_sep].into_iter().flatten() {
            let written = &text[p..end];
            if !tagged && written.bytes().any(|c| c.is_ascii_lowercase()) {
                continue;
            }
            if let Some(entry) = self.tickers.get(&ticker_key(written)) {
                return (tagged || entry.bare).then_some(Found {
                    company: Some(entry.company),
                    how,
                    start: p,
                    end,
                });
            }
        }
        // A tagged ticker no company has is still a ticker: its own company.
        let end = match first_sep {
            Some(sep) if text[p..q].bytes().any(|c| c.is_ascii_lowercase()) => sep,
            _ => q,
        };
        let plausible =
            text.as_bytes()[p].is_ascii_alphabetic() && end - p <= LONGEST_UNKNOWN_TICKER;
        (tagged && plausible).then_some(Found {
            company: None,
            how,
            start: p,
            end,
        })
    }
}

/// Where `text` writes the ticker `ticker` (as a key: `BRK-B`): as a cashtag or after an
/// exchange prefix, or bare in capitals when the ticker may stand bare (two characters or
/// more, a letter, not a common word). For a company the table does not know, whose
/// ticker no [`CompanyMatcher`] holds. Byte ranges of the ticker as written.
pub fn find_ticker(text: &str, ticker: &str) -> Vec<(usize, usize)> {
    let key = ticker_key(ticker);
    let may_stand_bare = key.len() >= 2
        && key.bytes().any(|c| c.is_ascii_alphabetic())
        && !words::is_common_ticker_word(&key);
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(|c: char| c.is_ascii_alphanumeric()) {
        let p = from + at;
        let mut q = p;
        while q < b.len()
            && (b[q].is_ascii_alphanumeric()
                || (matches!(b[q], b'.' | b'-' | b'/')
                    && b.get(q + 1).is_some_and(u8::is_ascii_alphanumeric)))
        {
            q += 1;
        }
        from = q.max(p + 1);
        if word_char_before(text, p) || word_char_at(text, q) || !is_key_of(&b[p..q], &key) {
            continue;
        }
        let tagged = (p > 0 && b[p - 1] == b'$') || ticker::exchange_before(b, p);
        let bare = may_stand_bare && !text[p..q].bytes().any(|c| c.is_ascii_lowercase());
        if tagged || bare {
            out.push((p, q));
        }
    }
    out
}

/// Whether `ticker_key(word) == key`, without building the key: the key maps byte for
/// byte (capitals, `.` and `/` written `-`), and a text has many words to compare.
fn is_key_of(word: &[u8], key: &str) -> bool {
    word.len() == key.len()
        && word.iter().zip(key.bytes()).all(|(&w, k)| {
            let w = match w {
                b'.' | b'/' => b'-',
                w => w.to_ascii_uppercase(),
            };
            w == k
        })
}

/// Whether the character ending at byte `i` is a letter or digit (any script, so
/// "Métaverse" is one word, while "«Meta»" and "Nvidia…" end at their punctuation).
fn word_char_before(text: &str, i: usize) -> bool {
    text.get(..i)
        .and_then(|t| t.chars().next_back())
        .is_some_and(char::is_alphanumeric)
}

/// Whether the character starting at byte `i` is a letter or digit.
fn word_char_at(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests;
