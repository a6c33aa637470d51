//! Ticker normalisation, exactly as the contract states it.

/// Exchange prefixes dropped from a ticker (`NASDAQ:META` → `META`). Instrument prefixes such
/// as `FOREX:` and `CRYPTO:` are not in this list on purpose: they are part of the symbol.
const EXCHANGE_PREFIXES: &[&str] = &[
    "NASDAQ",
    "NYSE",
    "NYSEARCA",
    "NYSEAMERICAN",
    "AMEX",
    "BATS",
    "OTC",
    "TSX",
    "LSE",
];

/// Trim, upper-case, drop a leading `$`, drop an exchange prefix.
///
/// Returns `Ok(None)` for an empty ticker (a stray comma in `"AAPL, ,MSFT"`), and an error for
/// a ticker that cannot be one (white space or control characters inside it).
pub fn normalize_ticker(raw: &str) -> Result<Option<String>, String> {
    let upper = raw.trim().to_uppercase();
    let mut ticker = upper.strip_prefix('$').unwrap_or(&upper).trim();
    if let Some((prefix, rest)) = ticker.split_once(':') {
        if EXCHANGE_PREFIXES.contains(&prefix.trim()) {
            ticker = rest.trim();
        }
    }
    let ticker = ticker.strip_prefix('$').unwrap_or(ticker);
    if ticker.is_empty() {
        return Ok(None);
    }
    if ticker.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "'{}' is not a ticker (it contains white space)",
            raw.trim()
        ));
    }
    Ok(Some(ticker.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Option<String> {
        normalize_ticker(s).unwrap()
    }

    #[test]
    fn trims_uppercases_and_drops_dollar() {
        assert_eq!(norm("  $meta "), Some("META".into()));
        assert_eq!(norm("brk-b"), Some("BRK-B".into()));
    }

    #[test]
    fn drops_exchange_prefixes_only() {
        assert_eq!(norm("NASDAQ:META"), Some("META".into()));
        assert_eq!(norm("nyse: ko"), Some("KO".into()));
        assert_eq!(norm("NYSEAMERICAN:XYZ"), Some("XYZ".into()));
        assert_eq!(norm("LSE:VOD"), Some("VOD".into()));
        assert_eq!(norm("FOREX:USD"), Some("FOREX:USD".into()));
        assert_eq!(norm("crypto:btc"), Some("CRYPTO:BTC".into()));
    }

    #[test]
    fn empty_is_none_and_spaces_are_errors() {
        assert_eq!(norm("  "), None);
        assert_eq!(norm("$"), None);
        assert!(normalize_ticker("ME TA").is_err());
    }
}
