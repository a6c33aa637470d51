//! Tickers: the one normaliser and the one list of exchanges, for ticker fields and text.

/// Exchanges whose name may prefix a ticker: `NASDAQ:META` in a field, "(NYSE: KO)" in
/// text. The contract's list (NASDAQ, NYSE, NYSEARCA, NYSEAMERICAN, AMEX, BATS, OTC, TSX,
/// LSE) and the other exchange codes news wires use. Lower case; matched case-insensitively.
/// Instrument prefixes such as `FOREX:` and `CRYPTO:` are not exchanges: they stay part of
/// the symbol.
#[rustfmt::skip]
pub const EXCHANGES: &[&str] = &[
    "nasdaq", "nyse", "nysearca", "nyseamerican", "nysemkt", "amex", "bats", "cboe", "arca",
    "otc", "otcqx", "otcqb", "otcmkts", "otcpink", "tsx", "tsxv", "lse", "lon", "asx", "hkex",
    "hkg", "tse", "tyo", "xetra", "etr", "fra", "epa", "ams", "ebr", "bit", "bme", "six",
    "sto", "cph", "osl", "hel", "omx", "omxh", "euronext", "neo", "cse", "sgx", "krx", "nse",
    "bse", "jse",
];

/// Words that may stand between an exchange and the colon in text: "NYSE American: Y",
/// "Nasdaq GS: X", "NYSE Arca: SPY". Only after an exchange, never alone ("American: X").
#[rustfmt::skip]
const EXCHANGE_QUALIFIERS: &[&str] = &["american", "arca", "gs", "gm", "cm", "mkt", "select"];

/// The longest exchange name or qualifier, in bytes.
const LONGEST_EXCHANGE_WORD: usize = 12;

pub fn is_exchange(word: &str) -> bool {
    word.len() <= LONGEST_EXCHANGE_WORD && EXCHANGES.iter().any(|e| e.eq_ignore_ascii_case(word))
}

/// The longest ticker, in characters: `CRYPTO:BTC`, `TSLA.MX`, `BRK-B` and the longest
/// listed symbols with an exchange suffix fit with room to spare.
pub const MAX_TICKER_CHARS: usize = 20;

/// Characters a ticker may hold besides ASCII letters and digits: share classes (`BRK.A`,
/// `BRK-B`, `RDS/A`, `BRK_B`), exchange suffixes (`APC.DE`), instrument prefixes
/// (`FOREX:USD`), indices and futures (`^GSPC`, `ES=F`), `M&M.NS`.
const TICKER_PUNCTUATION: &[char] = &['.', '-', '/', ':', '^', '=', '&', '_'];

/// Trim, upper-case, drop a leading `$`, drop an exchange prefix (the contract's rule), then
/// check what is left is a ticker.
///
/// Returns `Ok(None)` for an empty ticker (a stray comma in `"AAPL, ,MSFT"`), and an error,
/// the rejection reason, for text that cannot be one: longer than [`MAX_TICKER_CHARS`], or
/// holding anything but ASCII letters, digits and `. - / : ^ = & _`, or not beginning with
/// a letter, a digit or `^` and ending with a letter or digit. Every reader goes through
/// here, so no source can store a ticker that would not make a file name or a safe cell.
pub fn normalize_ticker(raw: &str) -> Result<Option<String>, String> {
    let upper = raw.trim().to_uppercase();
    let mut ticker = upper.strip_prefix('$').unwrap_or(&upper).trim();
    if let Some((prefix, rest)) = ticker.split_once(':') {
        if is_exchange(prefix.trim()) {
            ticker = rest.trim();
        }
    }
    let ticker = ticker.strip_prefix('$').unwrap_or(ticker);
    if ticker.is_empty() {
        return Ok(None);
    }
    check_ticker(ticker).map_err(|why| format!("'{}' is not a ticker: {why}", shown(raw)))?;
    Ok(Some(ticker.to_string()))
}

/// Why `ticker` (normalised) cannot be a ticker, if it cannot.
fn check_ticker(ticker: &str) -> Result<(), String> {
    let chars = ticker.chars().count();
    if chars > MAX_TICKER_CHARS {
        return Err(format!(
            "it has {chars} characters, and a ticker has at most {MAX_TICKER_CHARS}"
        ));
    }
    if let Some(c) = ticker.chars().find(|c| c.is_control()) {
        return Err(format!(
            "it contains a control character (U+{:04X})",
            u32::from(c)
        ));
    }
    if ticker.chars().any(char::is_whitespace) {
        return Err("it contains white space".into());
    }
    if let Some(c) = ticker
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !TICKER_PUNCTUATION.contains(c))
    {
        return Err(format!(
            "'{c}' is not allowed (ASCII letters, digits and {} only)",
            TICKER_PUNCTUATION
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    let first_ok = ticker
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '^');
    let last_ok = ticker
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if !first_ok || !last_ok {
        return Err(
            "a ticker begins with a letter, a digit or ^ and ends with a letter or digit".into(),
        );
    }
    Ok(())
}

/// A ticker as given, for a message: control characters escaped, at most 24 characters.
fn shown(raw: &str) -> String {
    let raw = raw.trim();
    let mut out: String = raw.chars().take(24).flat_map(char::escape_debug).collect();
    if raw.chars().count() > 24 {
        out.push('…');
    }
    out
}

/// How a ticker is looked up: upper case, any share-class separator written `-`, so
/// `BRK.B`, `BRK/B` and `brk-b` all find the table's `BRK-B`.
pub fn ticker_key(ticker: &str) -> String {
    ticker
        .chars()
        .map(|c| match c {
            '.' | '/' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Whether an exchange prefix ("NASDAQ:", "(NYSE: ", "Nasdaq GS: ", "NYSE American:") ends
/// just before byte `p` of `text`.
pub(crate) fn exchange_before(text: &[u8], p: usize) -> bool {
    let mut k = skip_spaces_back(text, p);
    if k == 0 || text[k - 1] != b':' {
        return false;
    }
    k = skip_spaces_back(text, k - 1);
    let Some((start, word)) = word_before(text, k) else {
        return false;
    };
    if is_exchange(word) {
        return true;
    }
    if !EXCHANGE_QUALIFIERS
        .iter()
        .any(|q| q.eq_ignore_ascii_case(word))
    {
        return false;
    }
    let k = skip_spaces_back(text, start);
    k < start && word_before(text, k).is_some_and(|(_, w)| is_exchange(w))
}

fn skip_spaces_back(text: &[u8], mut k: usize) -> usize {
    while k > 0 && text[k - 1] == b' ' {
        k -= 1;
    }
    k
}

/// The ASCII letters ending at `end`, if there are one to twelve of them.
fn word_before(text: &[u8], end: usize) -> Option<(usize, &str)> {
    let mut k = end;
    while k > 0 && text[k - 1].is_ascii_alphabetic() {
        k -= 1;
    }
    if k == end || end - k > LONGEST_EXCHANGE_WORD {
        return None;
    }
    // ASCII letters only, so always valid UTF-8.
    std::str::from_utf8(&text[k..end]).ok().map(|w| (k, w))
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

    #[test]
    fn what_a_ticker_may_be() {
        for good in [
            "BRK.A",
            "BRK-B",
            "TSLA.MX",
            "APC.DE",
            "RDS/A",
            "FOREX:USD",
            "CRYPTO:BTC",
            "^GSPC",
            "ES=F",
            "M&M.NS",
            "0700.HK",
            "BRK_B",
            "A",
        ] {
            assert_eq!(norm(good).as_deref(), Some(good), "{good}");
        }
        let why = |raw: &str| normalize_ticker(raw).unwrap_err();
        let long = "X".repeat(252);
        let e = why(&long);
        assert!(e.contains("252 characters") && e.len() < 150, "{e}");
        assert!(
            why("A\0B").contains("control character (U+0000)"),
            "{}",
            why("A\0B")
        );
        assert!(why("A\u{1b}B").contains("control character"));
        assert!(why("A;B").contains("';' is not allowed"), "{}", why("A;B"));
        for bad in [
            "A,B",
            "A\"B",
            "É",
            "Ü",
            ".",
            "..",
            "-AB",
            "=CMD",
            "+1",
            "@X",
            "AB.",
            "A\u{202e}B",
            "A*B",
        ] {
            assert!(normalize_ticker(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn share_class_spellings_have_one_key() {
        assert_eq!(ticker_key("BRK.B"), "BRK-B");
        assert_eq!(ticker_key("brk/b"), "BRK-B");
    }

    #[test]
    fn exchange_prefixes_in_text() {
        let before = |s: &str| exchange_before(s.as_bytes(), s.len());
        assert!(before("(NASDAQ: "));
        assert!(before("NYSE:"));
        assert!(before("Nasdaq GS: "));
        assert!(before("NYSE American: "));
        assert!(!before("American: "));
        assert!(!before("Reuters: "));
        assert!(!before("NASDAQ "));
    }
}
