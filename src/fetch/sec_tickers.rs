//! SEC's ticker → CIK list: EDGAR knows companies by their Central Index Key, a watchlist
//! by ticker. The list ships with tickertone (`data/sec-company-tickers.csv`, converted
//! from SEC's `https://www.sec.gov/files/company_tickers.json`: see the README, "SEC
//! EDGAR"); a copy fetched later is kept in `<data>/fetch/sec-company-tickers.json`, as SEC
//! wrote it, and wins over the shipped list. An EDGAR source fetches that copy when a
//! ticker is in neither (a new listing), once a run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use reqwest::Url;
use serde::Deserialize;
use tickertone_text::matcher::ticker_key;

/// The list as shipped: `ticker,cik`, one row per ticker.
const SHIPPED: &str = include_str!("../../data/sec-company-tickers.csv");

/// Where SEC publishes the list, under the EDGAR source's root.
pub const LIST_PATH: &str = "/files/company_tickers.json";

/// Tickers → 10-digit CIKs.
#[derive(Debug, Default)]
pub struct SecTickers {
    by_key: HashMap<String, u64>,
}

/// One row of SEC's `company_tickers.json` (`{"0": {"cik_str": 320193, "ticker": "AAPL",
/// "title": "Apple Inc."}, ...}`).
#[derive(Deserialize)]
struct Row {
    cik_str: u64,
    ticker: String,
}

impl SecTickers {
    /// The kept copy in `data` when there is one, over the shipped list.
    pub fn load(data: &Path) -> Result<SecTickers> {
        let mut list = SecTickers::shipped();
        let kept = kept_path(data);
        match std::fs::read(&kept) {
            Ok(bytes) => list.add_sec_json(&bytes).with_context(|| {
                format!(
                    "{} is damaged; delete it and the next EDGAR fetch asks SEC again",
                    kept.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", kept.display())),
        }
        Ok(list)
    }

    fn shipped() -> SecTickers {
        let mut list = SecTickers::default();
        for line in SHIPPED.lines().skip(1) {
            if let Some((ticker, cik)) = line.split_once(',') {
                if let Ok(cik) = cik.trim().parse() {
                    list.by_key.insert(ticker_key(ticker), cik);
                }
            }
        }
        list
    }

    /// Adds (and overrides with) the rows of SEC's JSON; an error when it is not that.
    pub fn add_sec_json(&mut self, bytes: &[u8]) -> Result<()> {
        let rows: HashMap<String, Row> = serde_json::from_slice(bytes).context(
            "not SEC's company_tickers.json (an object of {cik_str, ticker, title} rows)",
        )?;
        if rows.is_empty() {
            anyhow::bail!("SEC's company_tickers.json has no rows");
        }
        for row in rows.into_values() {
            self.by_key.insert(ticker_key(&row.ticker), row.cik_str);
        }
        Ok(())
    }

    /// The CIK of `ticker`, ten digits as EDGAR writes it (`BRK.B` finds SEC's `BRK-B`).
    pub fn cik(&self, ticker: &str) -> Option<String> {
        self.by_key
            .get(&ticker_key(ticker))
            .map(|cik| format!("{cik:010}"))
    }
}

/// Where a fetched copy of the list is kept.
pub fn kept_path(data: &Path) -> PathBuf {
    data.join("fetch").join("sec-company-tickers.json")
}

/// The list's address under an EDGAR source's root.
pub fn list_url(root: &Url) -> Url {
    let mut url = root.clone();
    let path = format!("{}{LIST_PATH}", root.path().trim_end_matches('/'));
    url.set_path(&path);
    url.set_query(None);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_knows_the_large_companies() {
        let list = SecTickers::shipped();
        assert_eq!(list.cik("AAPL").as_deref(), Some("0000320193"));
        assert_eq!(list.cik("msft").as_deref(), Some("0000789019"));
        assert_eq!(list.cik("BRK.B"), list.cik("BRK-B"));
        assert!(list.cik("BRK.B").is_some());
        assert_eq!(list.cik("NOSUCHTICKER"), None);
    }

    #[test]
    fn a_kept_copy_wins_and_a_damaged_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(SecTickers::load(dir.path()).unwrap().cik("NEWCO").is_none());
        let kept = kept_path(dir.path());
        std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
        std::fs::write(
            &kept,
            r#"{"0":{"cik_str":2000001,"ticker":"NEWCO","title":"New Co"},"1":{"cik_str":7,"ticker":"AAPL","title":"x"}}"#,
        )
        .unwrap();
        let list = SecTickers::load(dir.path()).unwrap();
        assert_eq!(list.cik("NEWCO").as_deref(), Some("0002000001"));
        assert_eq!(list.cik("AAPL").as_deref(), Some("0000000007"));
        assert_eq!(list.cik("MSFT").as_deref(), Some("0000789019"));
        std::fs::write(&kept, "<html>").unwrap();
        let e = format!("{:#}", SecTickers::load(dir.path()).unwrap_err());
        assert!(
            e.contains("damaged") && e.contains("sec-company-tickers.json"),
            "{e}"
        );
        let root = Url::parse("http://127.0.0.1:9/sec/").unwrap();
        assert_eq!(
            list_url(&root).as_str(),
            "http://127.0.0.1:9/sec/files/company_tickers.json"
        );
    }
}
