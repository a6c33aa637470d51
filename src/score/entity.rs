//! Which sentences mention which company.
//!
//! - **Tickers** match as whole words in upper case only (`META`, not `Meta` or `metal`),
//!   also as cashtags (`$META`) and exchange-prefixed (`NASDAQ: META`, `(NYSE:BRK.B)`).
//!   `BRK.B`, `BRK-B` and `BRK/B` are the same ticker.
//! - A ticker that is one letter, all digits, or a common word or abbreviation in upper case
//!   (A, C, IT, ALL, NOW, ON, ARE, CAN, BIG, KEY, LOW, AI, CEO …) matches only as a cashtag or
//!   exchange-prefixed, never bare: headlines in capitals are full of such words.
//! - **Names and aliases** match case-insensitively on word boundaries ("Meta's" is Meta,
//!   "Metaverse" is not). A legal suffix is optional ("Alphabet Inc." also matches
//!   "Alphabet"; a leading "The" too). A one-word name that is also a common English word
//!   (Apple, Target, Visa, Block, Oracle, Meta …) must start with a capital letter in the
//!   text, so "raised its price target" does not mention Target.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::lexicon::FxHasher;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

fn set_of(words: &'static [&'static str]) -> FxSet<&'static str> {
    words.iter().copied().collect()
}

fn common_ticker_word(t: &str) -> bool {
    static SET: OnceLock<FxSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| set_of(COMMON_TICKER_WORDS)).contains(t)
}

fn common_name_word(t: &str) -> bool {
    static SET: OnceLock<FxSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| set_of(COMMON_NAME_WORDS)).contains(t)
}

/// A company to attribute sentences to: what it may be called in text.
#[derive(Debug, Clone, Copy)]
pub struct Entity<'a> {
    pub tickers: &'a [&'a str],
    pub names: &'a [&'a str],
}

/// Scores of one text by entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityScores {
    /// Score of the sentences mentioning no entity (None if there are none).
    pub article: Option<f64>,
    /// Per entity, in input order: score of the sentences that mention it, None if none do.
    pub entities: Vec<Option<f64>>,
}

struct Ticker {
    entity: u32,
    /// Upper case, `-` for any share-class separator.
    key: String,
    /// May match without `$` or an exchange prefix.
    bare: bool,
}

struct Name {
    entity: u32,
    /// Lower-cased (ASCII) text of the name.
    text: String,
    /// Must start with a capital letter in the text.
    capital: bool,
}

/// Mention finder for a fixed list of entities; build once, use on many texts.
///
/// Short lists (a few companies of one article) are scanned linearly, which is cheaper than
/// building hash maps per article; long lists (a whole symbol table) get an index by ticker
/// and by the first word of each name.
pub struct EntityMatcher {
    count: usize,
    tickers: Vec<Ticker>,
    names: Vec<Name>,
    /// Ticker key → indices into `tickers`, for long lists.
    ticker_index: Option<FxMap<String, Vec<usize>>>,
    /// First word of a name → indices into `names`, for long lists.
    name_index: Option<FxMap<String, Vec<usize>>>,
}

/// Above this many patterns, index them.
const LINEAR_MAX: usize = 24;

/// Exchange names that may prefix a ticker ("NASDAQ: META", "Nasdaq GS: X", "NYSE American: Y").
#[rustfmt::skip]
const EXCHANGES: &[&str] = &[
    "nasdaq", "nyse", "nysearca", "nyseamerican", "nysemkt", "amex", "bats", "cboe", "otc",
    "otcqx", "otcqb", "otcmkts", "otcpink", "tsx", "tsxv", "lse", "lon", "asx", "hkex", "hkg",
    "tse", "tyo", "xetra", "etr", "fra", "epa", "ams", "ebr", "bit", "bme", "six", "sto", "cph",
    "osl", "hel", "omx", "omxh", "euronext", "neo", "cse", "sgx", "krx", "nse", "bse", "jse",
    "arca", "american", "gs", "gm", "cm", "mkt",
];

/// Upper-case words and abbreviations that are also tickers: never matched bare.
#[rustfmt::skip]
const COMMON_TICKER_WORDS: &[&str] = &[
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

/// One-word names that are also common English words: they must be capitalised in the text.
#[rustfmt::skip]
const COMMON_NAME_WORDS: &[&str] = &[
    "apple", "target", "visa", "block", "ball", "gap", "oracle", "shell", "meta", "snap",
    "square", "match", "zoom", "progressive", "intel", "carnival", "booking", "mosaic",
    "equity", "key", "southern", "global", "general", "public", "national", "american", "first",
    "united", "paramount", "workday", "uber", "tesla", "xylem", "robinhood", "domino",
    "domino's", "deere", "ford", "amazon", "corning", "dollar", "best", "arista", "sandisk",
    "chubb", "cigna", "genesis", "fortune", "sonic", "unity", "twilio", "opendoor", "lumen",
    "ventas", "welltower", "ecolab", "idexx", "nvr", "loews", "entergy", "evergy", "vistra",
    "amcor", "truist", "regions", "citizens", "discover", "synchrony", "textron", "insulet",
    "masco", "nucor", "pool", "church", "graham", "marathon", "murphy", "tapestry", "harley",
    "nordson", "allegion", "align", "ameren", "gartner", "garmin", "hologic", "humana", "jabil",
    "leidos", "moderna", "monster", "newmont", "paychex", "sysco", "steris", "stryker",
    "mastercard", "microsoft", "netflix", "nvidia", "palantir", "salesforce", "starbucks",
    "walmart", "waters", "williams", "ametek", "aptiv", "campbell's", "hershey", "smucker",
    "disney", "kroger", "lennar", "linde", "merck", "pfizer", "qualcomm", "regeneron",
    "seagate", "schwab", "trimble", "verizon", "copart", "centene", "clorox", "comcast",
    "costco", "cummins", "danaher", "dexcom", "fastenal", "fortinet", "halliburton", "hasbro",
    "honeywell", "hubbell", "invesco", "kenvue", "marriott", "medtronic", "mondelez", "oneok",
    "paccar", "pentair", "prologis", "rollins", "shopify", "synopsys", "teradyne", "zoetis",
    "chevron", "exxon", "boeing", "citi", "dell", "eaton", "equinix", "amgen", "adobe",
];

/// The leading run of word bytes (ends at an ASCII byte or the end: a char boundary).
fn first_word(text: &str) -> &str {
    let end = text.bytes().take_while(|&c| is_word_byte(c)).count();
    &text[..end]
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

/// `$meta`, `NASDAQ:META` → `META`; `BRK.B` → `BRK-B`.
fn normalize_ticker(t: &str) -> String {
    let t = t.trim();
    let t = t.rsplit(':').next().unwrap_or(t).trim();
    let t = t.trim_start_matches('$');
    t.chars()
        .map(|c| match c {
            '.' | '/' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

#[rustfmt::skip]
const LEGAL_SUFFIXES: &[&str] = &[
    " incorporated", " inc.", " inc", " corporation", " corp.", " corp", " company", " co.",
    " plc", " ltd.", " ltd", " limited", " llc", " l.p.", " lp", " ag", " se", " sa", " s.a.",
    " nv", " n.v.", " oyj", " oy", " ab", " asa", " a/s", " spa", " s.p.a.", " gmbh",
    " holdings", " group",
];

/// The name without "The " and legal suffixes: "The Coca-Cola Company" → "coca-cola".
fn core_name(lower: &str) -> &str {
    let mut s = lower.trim();
    if let Some(rest) = s.strip_prefix("the ") {
        s = rest.trim_start();
    }
    loop {
        let before = s;
        s = s.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        for suffix in LEGAL_SUFFIXES {
            if let Some(rest) = s.strip_suffix(suffix) {
                if !rest.trim().is_empty() {
                    s = rest;
                    break;
                }
            }
        }
        s = s.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        if s == before {
            return s;
        }
    }
}

impl EntityMatcher {
    pub fn new(entities: &[Entity]) -> Self {
        let mut tickers: Vec<Ticker> = Vec::new();
        let mut names: Vec<Name> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            let id = i as u32;
            for t in e.tickers {
                let key = normalize_ticker(t);
                if key.is_empty() || tickers.iter().any(|x| x.entity == id && x.key == key) {
                    continue;
                }
                let has_letter = key.bytes().any(|c| c.is_ascii_alphabetic());
                let bare = key.len() >= 2 && has_letter && !common_ticker_word(&key);
                tickers.push(Ticker {
                    entity: id,
                    key,
                    bare,
                });
            }
            for name in e.names {
                let mut lower = String::with_capacity(name.len());
                for w in name.split_whitespace() {
                    if !lower.is_empty() {
                        lower.push(' ');
                    }
                    lower.push_str(w);
                }
                lower.make_ascii_lowercase();
                let core = core_name(&lower);
                let core = (core != lower).then(|| core.to_string());
                for text in std::iter::once(lower).chain(core) {
                    let starts_with_word = text.bytes().next().is_some_and(is_word_byte);
                    if text.len() < 2
                        || !starts_with_word
                        || names.iter().any(|x| x.entity == id && x.text == text)
                    {
                        continue;
                    }
                    let capital = !text.contains(' ') && common_name_word(&text);
                    names.push(Name {
                        entity: id,
                        text,
                        capital,
                    });
                }
            }
        }
        let ticker_index = (tickers.len() > LINEAR_MAX).then(|| {
            let mut m: FxMap<String, Vec<usize>> = FxMap::default();
            for (k, t) in tickers.iter().enumerate() {
                m.entry(t.key.clone()).or_default().push(k);
            }
            m
        });
        let name_index = (names.len() > LINEAR_MAX).then(|| {
            let mut m: FxMap<String, Vec<usize>> = FxMap::default();
            for (k, n) in names.iter().enumerate() {
                m.entry(first_word(&n.text).to_string())
                    .or_default()
                    .push(k);
            }
            m
        });
        EntityMatcher {
            count: entities.len(),
            tickers,
            names,
            ticker_index,
            name_index,
        }
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The entities `sentence` mentions, appended to `out` (each once, ascending).
    /// `lower` is a reused buffer.
    pub(crate) fn mentions(&self, sentence: &str, lower: &mut String, out: &mut Vec<u32>) {
        out.clear();
        if self.count == 0 {
            return;
        }
        self.ticker_mentions(sentence, out);
        if !self.names.is_empty() {
            lower.clear();
            lower.push_str(sentence);
            lower.make_ascii_lowercase();
            self.name_mentions(sentence, lower, out);
        }
        out.sort_unstable();
        out.dedup();
    }

    fn ticker_mentions(&self, s: &str, out: &mut Vec<u32>) {
        if self.tickers.is_empty() {
            return;
        }
        let b = s.as_bytes();
        let n = b.len();
        let mut key = String::new();
        let mut p = 0;
        while p < n {
            if !b[p].is_ascii_alphanumeric() || (p > 0 && is_word_byte(b[p - 1])) {
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
            if q < n && b[q] >= 0x80 {
                p = q + 1; // part of a longer non-ASCII word
                continue;
            }
            let cashtag = p > 0 && b[p - 1] == b'$';
            let exchange = exchange_before(b, p);
            for end in [Some(q), first_sep].into_iter().flatten() {
                let cand = &s[p..end];
                if cand.bytes().any(|c| c.is_ascii_lowercase())
                    || !cand.bytes().any(|c| c.is_ascii_alphabetic()) && !cashtag && !exchange
                {
                    continue;
                }
                key.clear();
                key.extend(
                    cand.chars()
                        .map(|c| if c == '.' || c == '/' { '-' } else { c }),
                );
                let mut any = false;
                let mut take = |t: &Ticker| {
                    any = true;
                    if t.bare || cashtag || exchange {
                        out.push(t.entity);
                    }
                };
                match &self.ticker_index {
                    Some(index) => {
                        for &k in index.get(&key).map(Vec::as_slice).unwrap_or(&[]) {
                            take(&self.tickers[k]);
                        }
                    }
                    None => {
                        for t in self.tickers.iter().filter(|t| t.key == key) {
                            take(t);
                        }
                    }
                }
                if any {
                    break;
                }
            }
            p = q.max(p + 1);
        }
    }

    fn name_mentions(&self, original: &str, lower: &str, out: &mut Vec<u32>) {
        let b = lower.as_bytes();
        let ob = original.as_bytes();
        let n = b.len();
        let mut p = 0;
        while p < n {
            if !is_word_byte(b[p]) || (p > 0 && is_word_byte(b[p - 1])) {
                p += 1;
                continue;
            }
            let mut q = p;
            while q < n && is_word_byte(b[q]) {
                q += 1;
            }
            let mut check = |name: &Name| {
                let e = p + name.text.len();
                let fits = lower[p..].starts_with(name.text.as_str())
                    && (e >= n || !is_word_byte(b[e]) || !is_word_byte(b[e - 1]))
                    && (!name.capital || ob[p].is_ascii_uppercase());
                if fits {
                    out.push(name.entity);
                }
            };
            match &self.name_index {
                Some(index) => {
                    for &k in index.get(&lower[p..q]).map(Vec::as_slice).unwrap_or(&[]) {
                        check(&self.names[k]);
                    }
                }
                None => {
                    for name in self.names.iter().filter(|x| x.text.as_bytes()[0] == b[p]) {
                        check(name);
                    }
                }
            }
            p = q;
        }
    }
}

/// Whether an exchange prefix ("NASDAQ:", "(NYSE: ", "Nasdaq GS: ") ends just before `p`.
fn exchange_before(b: &[u8], p: usize) -> bool {
    let mut k = p;
    while k > 0 && b[k - 1] == b' ' {
        k -= 1;
    }
    if k == 0 || b[k - 1] != b':' {
        return false;
    }
    k -= 1;
    while k > 0 && b[k - 1] == b' ' {
        k -= 1;
    }
    let end = k;
    while k > 0 && b[k - 1].is_ascii_alphabetic() {
        k -= 1;
    }
    if k == end || end - k > 12 {
        return false;
    }
    let mut word = [0u8; 12];
    for (d, s) in word.iter_mut().zip(&b[k..end]) {
        *d = s.to_ascii_lowercase();
    }
    let word = &word[..end - k];
    EXCHANGES.iter().any(|x| x.as_bytes() == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(entities: &[Entity], s: &str) -> Vec<u32> {
        let m = EntityMatcher::new(entities);
        let mut lower = String::new();
        let mut out = Vec::new();
        m.mentions(s, &mut lower, &mut out);
        out
    }

    #[test]
    fn tickers_are_upper_case_whole_words() {
        let e = [Entity {
            tickers: &["META"],
            names: &[],
        }];
        assert_eq!(found(&e, "META rose"), [0]);
        assert_eq!(found(&e, "shares of $META rose"), [0]);
        assert_eq!(found(&e, "Meta Platforms (NASDAQ: META) said"), [0]);
        assert_eq!(found(&e, "(NASDAQ:META)"), [0]);
        assert!(found(&e, "meta rose").is_empty());
        assert!(found(&e, "METALS fell").is_empty());
        assert!(found(&e, "metaverse").is_empty());
    }

    #[test]
    fn common_word_tickers_need_a_cashtag_or_exchange() {
        let e = [
            Entity {
                tickers: &["A"],
                names: &[],
            },
            Entity {
                tickers: &["ALL"],
                names: &[],
            },
            Entity {
                tickers: &["NOW"],
                names: &[],
            },
            Entity {
                tickers: &["IT"],
                names: &[],
            },
        ];
        assert!(found(&e, "A BIG DAY: ALL STOCKS UP NOW, IT SAYS").is_empty());
        assert_eq!(
            found(&e, "$A and NYSE: ALL and (NYSE:NOW) and $IT"),
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn share_classes() {
        let e = [Entity {
            tickers: &["BRK-B"],
            names: &[],
        }];
        assert_eq!(found(&e, "BRK.B gained"), [0]);
        assert_eq!(found(&e, "NYSE: BRK/B"), [0]);
    }

    #[test]
    fn names_match_case_insensitively_on_word_boundaries() {
        let e = [
            Entity {
                tickers: &["META"],
                names: &["Meta Platforms, Inc.", "Meta", "Facebook"],
            },
            Entity {
                tickers: &["GOOGL"],
                names: &["Alphabet Inc.", "Google"],
            },
            Entity {
                tickers: &["TGT"],
                names: &["Target"],
            },
        ];
        assert_eq!(found(&e, "Meta's revenue rose"), [0]);
        assert_eq!(found(&e, "FACEBOOK and google"), [0, 1]);
        assert_eq!(found(&e, "Alphabet said"), [1]);
        assert!(found(&e, "Metaverse units, Googled").is_empty());
        assert!(found(&e, "meta-analysis; raised its price target").is_empty());
        assert_eq!(found(&e, "Target cut prices"), [2]);
    }
}
