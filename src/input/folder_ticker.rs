//! A folder named `ticker=AAPL` says whose news its files are: every record of a file in it
//! names that company, beside the ones its text names (as `--ticker AAPL` would). Per-ticker
//! feeds (Yahoo's headlines for AAPL, an EDGAR filings feed) carry no ticker field, so
//! `fetch` saves each stream's responses in `<data>/inbox/<source>/ticker=<T>/`, and every
//! later read of the inbox (`run`, `run --no-fetch`, `ingest data/inbox`) knows the ticker
//! asked for. Only the file's own folder counts, so a tree of such folders never adds up.

use std::path::Path;

use tickertone_text::matcher::normalize_ticker;

/// The part before the ticker in the folder's name.
const PREFIX: &str = "ticker=";

/// The folder name for `ticker`. `/` and `:` (share classes, instrument prefixes) and `%`
/// are percent-encoded, so the name is one path component on every system.
pub fn folder_name(ticker: &str) -> String {
    let mut name = String::from(PREFIX);
    for c in ticker.chars() {
        match c {
            '/' => name.push_str("%2F"),
            ':' => name.push_str("%3A"),
            '%' => name.push_str("%25"),
            c => name.push(c),
        }
    }
    name
}

/// The ticker named by the folder `path` is in, if its name is `ticker=<T>` and `<T>` is a
/// ticker (normalised as every reader does).
pub fn ticker_of(path: &Path) -> Option<String> {
    let folder = path.parent()?.file_name()?.to_str()?;
    let encoded = folder.strip_prefix(PREFIX)?;
    let decoded = encoded
        .replace("%2F", "/")
        .replace("%3A", ":")
        .replace("%25", "%");
    normalize_ticker(&decoded).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_names_its_ticker_and_round_trips() {
        for ticker in ["AAPL", "BRK.B", "RDS/A", "FOREX:USD", "M&M.NS"] {
            let name = folder_name(ticker);
            assert!(!name.contains('/') && !name.contains(':'), "{name}");
            let file = Path::new("data/inbox/yahoo").join(&name).join("x.xml");
            assert_eq!(ticker_of(&file).as_deref(), Some(ticker), "{name}");
        }
        assert_eq!(
            ticker_of(Path::new("inbox/ticker=aapl/x.xml")).as_deref(),
            Some("AAPL")
        );
    }

    #[test]
    fn other_folders_name_none() {
        for path in [
            "data/inbox/yahoo/x.xml",
            "x.xml",
            "ticker=AAPL",
            "data/ticker=AAPL/sub/x.xml",
            "data/ticker=/x.xml",
            "data/ticker=A B/x.xml",
            "data/tickers=AAPL/x.xml",
        ] {
            assert_eq!(ticker_of(Path::new(path)), None, "{path}");
        }
    }
}
