//! Word lists of the matcher: tickers that are words, names that are words.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Whether an upper-case ticker is also a word or abbreviation (never matched bare).
pub(crate) fn is_common_ticker_word(ticker: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON_TICKER_WORDS.iter().copied().collect())
        .contains(ticker)
}

/// Whether a lower-case one-word name is also a common English word.
pub(crate) fn is_common_name_word(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON_NAME_WORDS.iter().copied().collect())
        .contains(lower)
}

/// Whether a one-word name, capitalised in a title-case headline, is more often the word
/// than the company ("Bullish on Apple", "Price Target", "Snap Up", "Match Estimates").
/// Names that a headline's capital almost always means as the company (Apple, Amazon,
/// Oracle, Visa) are not here.
pub fn is_headline_word(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.as_str();
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| HEADLINE_WORDS.iter().copied().collect())
        .contains(lower)
}

#[rustfmt::skip]
const HEADLINE_WORDS: &[&str] = &[
    "target", "bullish", "wolf", "carrier", "block", "ball", "gap", "shell", "square",
    "match", "snap", "progressive", "booking", "mosaic", "equity", "key", "southern",
    "global", "general", "public", "national", "american", "first", "united", "dollar",
    "best", "genesis", "fortune", "sonic", "unity", "regions", "citizens", "discover", "pool",
    "church", "align", "monster", "waters", "gold", "peak", "signet", "hub", "live", "open",
];

/// Upper-case words and abbreviations that are also tickers: never matched bare.
#[rustfmt::skip]
pub(crate) const COMMON_TICKER_WORDS: &[&str] = &[
    // English words.
    "A", "AN", "AM", "ARE", "AS", "AT", "ALL", "ALSO", "AND", "ANY", "BE", "BEAT", "BIG",
    "BUT", "BUY", "BY", "CAN", "CASH", "CAT", "CARE", "CARS", "COST", "DAY", "DO", "DOG",
    "DOWN", "EAT", "EVER", "FAST", "FAT", "FIX", "FLY", "FOR", "FUN", "GAP", "GET", "GO",
    "GOOD", "GROW", "HAS", "HE", "HER", "HIS", "HOLD", "HOME", "HOPE", "HOT", "HUM", "I", "IF",
    "IN", "IS", "IT", "ITS", "JOB", "JOBS", "KEY", "KIDS", "LIFE", "LIVE", "LOAN", "LOVE",
    "LOW", "MAIN", "MAN", "MAY", "ME", "MET", "MORE", "MOST", "MOVE", "MY", "NEW", "NEXT",
    "NICE", "NO", "NOT", "NOW", "OF", "OFF", "OIL", "OK", "ON", "ONE", "OPEN", "OR", "OUT",
    "OWN", "PAY", "PEAK", "PLAY", "PLUS", "POST", "REAL", "RUN", "SAFE", "SAVE", "SEE", "SELL",
    "SHE", "SHOP", "SO", "STAR", "STAY", "SUN", "TAP", "TEAM", "TECH", "TEN", "THE", "TO",
    "TOP", "TRUE", "TWO", "UP", "US", "USA", "VERY", "WAS", "WE", "WELL", "WHY", "WIN", "WOW",
    "YOU", "ZONE", "BALL", "BEN", "DOC", "DOW", "EL", "ED", "ES", "EG", "DE", "DD", "GL", "LEN",
    "MAS", "MO", "MA", "MS", "SW", "TT", "UPS", "WAT", "EXE", "ALLY", "BANK", "FUND",
    "GOLD", "PM", "TV", "TEL", "PH", "LH", "IR", "IP", "HD", "GD", "EA", "DG", "NI", "O", "Q",
    "T", "V", "C", "D", "F", "J", "L", "K", "X", "Y", "Z", "W", "R", "S", "U", "B", "E", "G",
    "H", "M", "N", "P",
    // Abbreviations common in business news.
    "AI", "AR", "VR", "CEO", "CFO", "COO", "CTO", "CIO", "EPS", "GDP", "CPI", "PPI", "IPO",
    "ETF", "SEC", "FDA", "FTC", "DOJ", "IRS", "FED", "ECB", "EU", "UK", "UN", "IMF", "OPEC",
    "PC", "EV", "EVS", "HR", "PR", "ESG", "API", "AGM", "EGM", "CAGR", "EBIT", "EBITDA",
    "ROI", "ROE", "YOY", "QOQ", "LLC", "INC", "CO", "CORP", "PLC", "LTD", "AG", "SA", "NV",
    "AB", "OY", "OYJ", "ASA", "SPA", "GMBH", "BV", "LP", "NYSE", "USD", "EUR", "GBP", "JPY",
    "SEK", "NOK", "DKK", "CHF", "CNY", "ET", "EST", "EDT", "PT", "GMT", "UTC", "CET", "Q1",
    "Q2", "Q3", "Q4", "H1", "H2", "FY", "NA", "TBD", "FAQ", "PDF", "URL", "CEO'S", "OTC", "LNG",
    "EBT", "NAV", "AUM", "M&A", "R&D", "P&L", "B2B", "B2C", "SAAS", "IOT", "5G", "4G",
];

/// One-word names that are also common English words: they match only as written in the
/// table (capitalised), never in all capitals ("APPLE PIE").
#[rustfmt::skip]
pub(crate) const COMMON_NAME_WORDS: &[&str] = &[
    "apple", "target", "bullish", "wolf", "carrier", "visa", "block", "ball", "gap", "oracle", "shell", "meta", "snap",
    "square", "match", "zoom", "progressive", "intel", "carnival", "booking", "mosaic",
    "equity", "key", "southern", "global", "general", "public", "national", "american", "first",
    "united", "paramount", "workday", "xylem", "domino", "domino's", "ford", "amazon",
    "corning", "dollar", "best", "arista", "genesis", "fortune", "sonic", "unity", "lumen",
    "regions", "citizens", "discover", "synchrony", "pool", "church", "graham", "marathon",
    "murphy", "tapestry", "align", "monster", "waters", "williams", "chevron", "dell", "adobe",
];
