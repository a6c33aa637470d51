//! The symbol table: tickers → companies (`company,tickers,aliases`, first ticker = symbol;
//! the built-in table adds `sector,industry`). Columns are found by their header names, so
//! a user's table needs only the contract's three, in any order.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use std::path::Path;

use crate::header::Header;
use anyhow::{bail, Context, Result};

use tickertone_text::matcher::{normalize_ticker, ticker_key};

/// The table compiled into the binary: `data/symbols.csv` of the repository.
const BUILTIN: &str = include_str!("../data/symbols.csv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub name: String,
    /// The company's display symbol: its first ticker.
    pub symbol: String,
    pub tickers: Vec<String>,
    pub aliases: Vec<String>,
    /// The company's sector (`Technology`, `Finance`, `ETF` …), if the table gives one.
    pub sector: Option<String>,
    /// The company's industry (`Semiconductors`, an ETF's category …), if given.
    pub industry: Option<String>,
}

/// Where each column is in the table's header.
struct Columns {
    company: usize,
    tickers: usize,
    aliases: Option<usize>,
    sector: Option<usize>,
    industry: Option<usize>,
}

impl Columns {
    fn find(header: &csv::StringRecord, name: &str) -> Result<Self> {
        let header = Header::new(header);
        let position = |column: &str| header.find(&[column]);
        let (Some(company), Some(tickers)) = (position("company"), position("tickers")) else {
            bail!("{name}:1: the header must name the columns `company,tickers,aliases`");
        };
        Ok(Columns {
            company,
            tickers,
            aliases: position("aliases"),
            sector: position("sector"),
            industry: position("industry"),
        })
    }
}

/// Which company a ticker belongs to; a ticker the table does not know is its own company.
#[derive(Debug, Clone, Default)]
pub struct SymbolTable {
    companies: Vec<Company>,
    /// Looked up for every ticker of every record: foldhash, not SipHash (no untrusted keys
    /// build this table; it comes from the symbols file).
    by_ticker: HashMap<String, usize, FixedState>,
}

impl SymbolTable {
    /// The table compiled into the binary.
    pub fn builtin() -> Result<Self> {
        Self::parse(BUILTIN, "built-in symbols.csv")
    }

    /// `--symbols FILE`, else `<data>/symbols.csv`, else the built-in table.
    pub fn resolve(explicit: Option<&Path>, data_dir: &Path) -> Result<Self> {
        if let Some(path) = explicit {
            return Self::load(path);
        }
        let in_data = data_dir.join("symbols.csv");
        if in_data.is_file() {
            return Self::load(&in_data);
        }
        Self::builtin()
    }

    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the symbol table {}", path.display()))?;
        Self::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, name: &str) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .with_context(|| format!("{name}: unreadable header"))?
            .clone();
        let columns = Columns::find(&header, name)?;
        let mut table = SymbolTable::default();
        for record in reader.records() {
            let record = record.with_context(|| format!("{name}: unreadable row"))?;
            let line = record.position().map_or(0, |p| p.line());
            let company = record.get(columns.company).unwrap_or("").to_string();
            let optional = |i: Option<usize>| -> Option<String> {
                let text = record.get(i?)?.trim();
                (!text.is_empty()).then(|| text.to_string())
            };
            let split = |i: Option<usize>| -> Vec<String> {
                i.and_then(|i| record.get(i))
                    .unwrap_or("")
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let mut tickers = Vec::new();
            for raw in split(Some(columns.tickers)) {
                match normalize_ticker(&raw) {
                    Ok(Some(t)) => tickers.push(t),
                    Ok(None) => {}
                    Err(e) => bail!("{name}:{line}: {e}"),
                }
            }
            if company.is_empty() || tickers.is_empty() {
                bail!("{name}:{line}: a row needs a company and at least one ticker");
            }
            let index = table.companies.len();
            for t in &tickers {
                if let Some(&other) = table.by_ticker.get(t) {
                    bail!(
                        "{name}:{line}: ticker {t} is already {}'s: a ticker belongs to one company",
                        table.companies[other].name
                    );
                }
                table.by_ticker.insert(t.clone(), index);
            }
            table.companies.push(Company {
                name: company,
                symbol: tickers[0].clone(),
                tickers,
                aliases: split(columns.aliases),
                sector: optional(columns.sector),
                industry: optional(columns.industry),
            });
        }
        Ok(table)
    }

    /// The company of a ticker, if the table knows it, in any share-class spelling
    /// (`BRK.B`, `BRK/B` and `BRK-B` are one ticker).
    pub fn company_of(&self, ticker: &str) -> Option<&Company> {
        self.index_of(ticker).map(|i| &self.companies[i])
    }

    /// The place in [`SymbolTable::companies`] of a ticker's company.
    pub fn index_of(&self, ticker: &str) -> Option<usize> {
        match self.by_ticker.get(ticker) {
            Some(&i) => Some(i),
            None if ticker.contains(['.', '/']) => self.by_ticker.get(&ticker_key(ticker)).copied(),
            None => None,
        }
    }

    /// `(company, symbol)` of a ticker; an unknown ticker is its own company.
    pub fn resolve_ticker<'a>(&'a self, ticker: &'a str) -> (&'a str, &'a str) {
        match self.company_of(ticker) {
            Some(c) => (&c.name, &c.symbol),
            None => (ticker, ticker),
        }
    }

    pub fn companies(&self) -> &[Company] {
        &self.companies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dual_classes_are_one_company_and_unknowns_their_own() {
        let t = SymbolTable::parse(
            "company,tickers,aliases\nAlphabet Inc.,GOOGL;GOOG,Alphabet;Google\n",
            "t",
        )
        .unwrap();
        assert_eq!(t.resolve_ticker("GOOG"), ("Alphabet Inc.", "GOOGL"));
        assert_eq!(t.resolve_ticker("GOOGL"), ("Alphabet Inc.", "GOOGL"));
        assert_eq!(t.resolve_ticker("ZZZZ"), ("ZZZZ", "ZZZZ"));
    }

    #[test]
    fn a_share_class_is_found_in_any_spelling() {
        let t = SymbolTable::parse(
            "company,tickers,aliases\nBerkshire Hathaway,BRK-B;BRK-A,Berkshire\n",
            "t",
        )
        .unwrap();
        for spelling in ["BRK-B", "BRK.B", "BRK/B", "BRK.A"] {
            assert_eq!(
                t.resolve_ticker(spelling).0,
                "Berkshire Hathaway",
                "{spelling}"
            );
        }
        assert_eq!(t.resolve_ticker("TSLA.MX"), ("TSLA.MX", "TSLA.MX"));
    }

    #[test]
    fn a_ticker_in_two_rows_is_an_error_with_its_line() {
        let err = SymbolTable::parse("company,tickers,aliases\nA,X,\nB,Y;x,\n", "t.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.csv:3"), "{err}");
    }

    #[test]
    fn builtin_table_loads_with_sectors() {
        let t = SymbolTable::builtin().unwrap();
        assert_eq!(t.resolve_ticker("GOOG").1, "GOOGL");
        let tickers: usize = t.companies().iter().map(|c| c.tickers.len()).sum();
        assert!(tickers >= 6_000, "{tickers} tickers");
        let nvidia = t.company_of("NVDA").unwrap();
        assert_eq!(nvidia.sector.as_deref(), Some("Technology"));
        assert!(nvidia.industry.is_some());
        assert_eq!(t.company_of("SPY").unwrap().sector.as_deref(), Some("ETF"));
    }

    #[test]
    fn columns_are_found_by_name_and_sector_is_optional() {
        let t = SymbolTable::parse("Tickers,Company\nACME;ACME-B,Acme Corp\n", "t").unwrap();
        let acme = t.company_of("ACME-B").unwrap();
        assert_eq!(
            (acme.name.as_str(), acme.symbol.as_str()),
            ("Acme Corp", "ACME")
        );
        assert!(acme.aliases.is_empty() && acme.sector.is_none() && acme.industry.is_none());
        let err = SymbolTable::parse("name,symbols\nA,B\n", "t.csv").unwrap_err();
        assert!(err.to_string().contains("t.csv:1"), "{err}");
    }
}
