//! The products, services and nicknames by which a text names a company without writing
//! its name: "India to tap 12% of global iPhone production" is Apple's news, "WhatsApp's
//! Popularity Surges In US" Meta's. The table is data (`data/products.tsv`), and a spelling
//! counts only for a company the source tagged: the caller looks for the spellings of its
//! subjects, never for those of companies it has no tag for, so no product makes a mention
//! by itself ("Threads", "Windows", "Pixel" are words too).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table as shipped: `tickers<TAB>spellings`, `#` comments.
const TABLE: &str = include_str!("../../data/products.tsv");

/// The spellings of each ticker's company.
fn table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE_BY_TICKER: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE_BY_TICKER.get_or_init(|| parse(TABLE))
}

/// `tickers<TAB>spellings` lines (both `;`-separated) → spellings by ticker; `#` lines,
/// blank lines and the header are skipped.
fn parse(table: &str) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in table.lines().skip_while(|l| l.starts_with('#')).skip(1) {
        let Some((tickers, spellings)) = line.split_once('\t') else {
            continue;
        };
        let spellings: Vec<&str> = spellings
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for ticker in tickers.split(';').map(str::trim) {
            out.entry(ticker).or_default().extend(&spellings);
        }
    }
    out
}

/// The spellings by which a text names the company of `ticker` (as the symbol table writes
/// it: `BRK-B`, `GOOGL`) besides its name: its products, services and nicknames. Empty for
/// a company the table has none for.
pub fn products_of(ticker: &str) -> &'static [&'static str] {
    table().get(ticker).map_or(&[], Vec::as_slice)
}

/// The places `text` writes one of `spellings`, as written, on word boundaries (so
/// "iPhones" is not "iPhone", "Macs" not "Mac").
pub fn product_places<'t>(
    text: &'t str,
    spellings: &'t [&'static str],
) -> impl Iterator<Item = (usize, usize)> + 't {
    spellings.iter().flat_map(move |spelling| {
        text.match_indices(spelling).filter_map(move |(start, _)| {
            let end = start + spelling.len();
            let bounded = !text[..start].ends_with(|c: char| c.is_alphanumeric())
                && !text[end..].starts_with(|c: char| c.is_alphanumeric());
            bounded.then_some((start, end))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `text` names `ticker`'s company by a product, as written.
    fn named(text: &str, ticker: &str) -> Vec<&'static str> {
        let spellings = products_of(ticker);
        let mut places: Vec<(usize, usize)> = product_places(text, spellings).collect();
        places.sort_unstable();
        places
            .into_iter()
            .map(|(s, e)| {
                let written = &text[s..e];
                *spellings
                    .iter()
                    .find(|p| **p == written)
                    .expect("a spelling")
            })
            .collect()
    }

    #[test]
    fn the_table_parses_every_line_and_gives_each_ticker_its_company_spellings() {
        assert!(products_of("AAPL").contains(&"iPhone"));
        // A company of two tickers has the same spellings under both.
        assert_eq!(products_of("GOOG"), products_of("GOOGL"));
        assert_eq!(products_of("BRK-A"), products_of("BRK-B"));
        assert!(products_of("XYZQ").is_empty());
        let lines = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert!(lines > 10, "{lines}");
        for line in TABLE.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let (tickers, spellings) = line.split_once('\t').expect("two columns");
            assert!(!tickers.is_empty() && !spellings.is_empty(), "{line}");
        }
    }

    /// Real headlines (`tests/fixtures/about/labels.csv` and `matcher-traps.tsv`).
    #[test]
    fn products_name_their_company_in_real_headlines() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("India to tap 12% of global iPhone production in FY24, up from 9% earlier", "AAPL", &["iPhone"]),
            ("'iPhone 12 Production Expected to Begin in July' -MacRumors", "AAPL", &["iPhone"]),
            ("WhatsApp's Popularity Surges In US - Giving iMessage A Run For Its Money?", "META", &["WhatsApp"]),
            ("WhatsApp's Popularity Surges In US - Giving iMessage A Run For Its Money?", "AAPL", &["iMessage"]),
            ("Tim Cook Finally Takes His Foot Off The App Store Hose: External Payment Platforms Now Accessible", "AAPL", &["App Store"]),
            ("Munster Says Under-The-Radar Apple TV+ Will Contribute 20% Of Cupertino's Net Income Growth", "AAPL", &["Cupertino"]),
        ];
        for (text, ticker, want) in cases {
            assert_eq!(named(text, ticker), *want, "{ticker} in {text}");
        }
    }

    #[test]
    fn a_spelling_is_matched_as_written_on_word_boundaries() {
        // "MacRumors" is no Mac, "iPhones" no "iPhone"; case counts.
        assert_eq!(
            named("'iPhone 12 Production' -MacRumors", "AAPL"),
            ["iPhone"]
        );
        assert_eq!(
            named("Apple is tracking iPhones stolen by looters", "AAPL"),
            ["iPhones"]
        );
        assert!(named("the iphone maker", "AAPL").is_empty());
        // A company's spellings are only its own: YouTube is no Apple product.
        assert!(named("YouTube Shorts Gains Viewers", "AAPL").is_empty());
        assert_eq!(named("YouTube Shorts Gains Viewers", "GOOGL"), ["YouTube"]);
    }
}
