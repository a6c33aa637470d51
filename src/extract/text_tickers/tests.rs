use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::*;
use tickertone_text::score::{Entity, EntityMatcher};

fn small() -> TextMatcher {
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

fn tickers(m: &TextMatcher, text: &str) -> Vec<String> {
    m.find(text).into_iter().map(|m| m.ticker).collect()
}

#[test]
fn cashtags_prefixes_and_names() {
    let m = small();
    assert_eq!(
        tickers(
            &m,
            "Meta's team left for rivals like Google; $NVDA rose, (NASDAQ: MSFT) fell."
        ),
        ["META", "GOOGL", "NVDA", "MSFT"]
    );
    assert_eq!(tickers(&m, "Meta Platforms said"), ["META"]);
    assert_eq!(tickers(&m, "$goog and NYSE:BRK.B"), ["GOOG", "BRK-B"]);
}

#[test]
fn words_that_are_tickers_stay_words() {
    let m = small();
    assert!(tickers(&m, "IT spending is A priority for ALL of them, NOW and ON").is_empty());
    assert!(tickers(&m, "a metaverse, googled").is_empty());
    assert!(
        tickers(&m, "GOOGL and META rose").is_empty(),
        "bare tickers never identify"
    );
    assert_eq!(tickers(&m, "shares of $IT and NYSE:A"), ["IT", "A"]);
}

fn builtin() -> &'static (SymbolTable, TextMatcher) {
    static TABLE: OnceLock<(SymbolTable, TextMatcher)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let table = SymbolTable::builtin().expect("the built-in table loads");
        let matcher = TextMatcher::new(&table);
        (table, matcher)
    })
}

/// The symbols of the companies the whole table finds in `text`.
fn symbols_in(text: &str) -> BTreeSet<String> {
    let (table, matcher) = builtin();
    matcher
        .find(text)
        .into_iter()
        .map(|m| table.resolve_ticker(&m.ticker).1.to_string())
        .collect()
}

/// Real-looking news sentences and the companies in them, exactly; common words that are
/// also company names must name nothing.
#[rustfmt::skip]
const PRECISION: &[(&str, &[&str])] = &[
    ("Apple shares rose 2% after the iPhone launch.", &["AAPL"]),
    ("She baked an apple pie for the school fundraiser.", &[]),
    ("The target price was raised to $250 by analysts at Jefferies.", &[]),
    ("There is a gap in the data for March, the agency said.", &[]),
    ("The plant showed off a new general motor for pumps.", &[]),
    ("General Motors cut its full-year forecast on Tuesday.", &["GM"]),
    ("Target Corporation beat estimates as traffic recovered.", &["TGT"]),
    ("Meta Platforms (NASDAQ: META) and Alphabet's Google both rallied.", &["GOOGL", "META"]),
    ("Nvidia's data-center revenue doubled; AMD lagged.", &["AMD", "NVDA"]),
    ("Ford recalled 100,000 pickup trucks over a brake defect.", &["F"]),
    ("A block party closed the street, and snap decisions followed.", &[]),
    ("Shares of $SNAP jumped after the earnings call.", &["SNAP"]),
    ("Roku and Spotify gained in late trading.", &["ROKU", "SPOT"]),
    ("Unity in the team helped; exponent growth is a capstone claim.", &[]),
    ("The SEC and the FDA said AI tools need review, the CEO told CNBC.", &[]),
    ("Berkshire Hathaway (NYSE: BRK.B) added to its stake.", &["BRK-B"]),
    ("JPMorgan Chase and Goldman Sachs led the underwriting.", &["GS", "JPM"]),
    ("Solana rallied 8% as bitcoin rose.", &[]),
    ("USB cables, OLED screens and LOW prices drew shoppers.", &[]),
    ("Visa Inc and Mastercard settled the interchange lawsuit.", &["MA", "V"]),
    ("Coca-Cola said volumes grew in Latin America.", &["KO"]),
    ("Toyota and Honda raised output; Sony fell.", &["HMC", "SONY", "TM"]),
    ("Prices at the Gap store fell; The Gap Inc. reported later.", &["GAP"]),
];

#[test]
fn the_whole_table_finds_exactly_the_right_companies() {
    let mut wrong = Vec::new();
    for (sentence, expected) in PRECISION {
        let found = symbols_in(sentence);
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        if found != expected {
            wrong.push(format!(
                "{sentence:?}: found {found:?}, expected {expected:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The page's matcher and the scorer's entity matcher are one matcher: on every sentence
/// the scorer attributes to an article's companies exactly what the page finds, plus a
/// company whose ticker the sentence writes bare (the one rule that needs the article's
/// companies in scope).
#[test]
fn pages_and_the_scorer_agree() {
    let (table, matcher) = builtin();
    let sentences: Vec<&str> = PRECISION.iter().map(|(s, _)| *s).collect();
    // The article's companies: all the page finds in these sentences.
    let mut in_article: Vec<&crate::symbols::Company> = Vec::new();
    for s in &sentences {
        for m in matcher.find(s) {
            if let Some(c) = table.company_of(&m.ticker) {
                if !in_article.iter().any(|x| x.symbol == c.symbol) {
                    in_article.push(c);
                }
            }
        }
    }
    let tickers: Vec<Vec<&str>> = in_article
        .iter()
        .map(|c| c.tickers.iter().map(String::as_str).collect())
        .collect();
    let names: Vec<Vec<&str>> = in_article
        .iter()
        .map(|c| {
            std::iter::once(c.name.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let entities: Vec<Entity> = tickers
        .iter()
        .zip(&names)
        .map(|(t, n)| Entity {
            tickers: t,
            names: n,
        })
        .collect();
    let scorer = EntityMatcher::new(&entities);
    let bare_in_scope = |s: &str| -> BTreeSet<String> {
        let words: BTreeSet<&str> = s
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-')
            .collect();
        in_article
            .iter()
            .filter(|c| {
                c.tickers
                    .iter()
                    .any(|t| t.len() > 1 && words.contains(t.as_str()))
            })
            .map(|c| c.symbol.clone())
            .collect()
    };
    for s in sentences.iter().copied().chain([
        "GOOGL and META fell while NVDA rose.",
        "Spotify said SPOT listeners grew.",
    ]) {
        let page = symbols_in(s);
        let mut found = Vec::new();
        let mut mentioned = Vec::new();
        scorer.mentions(s, &mut found, &mut mentioned);
        let by_scorer: BTreeSet<String> = mentioned
            .iter()
            .map(|&i| in_article[i as usize].symbol.clone())
            .collect();
        let page_in_scope: BTreeSet<String> = page
            .iter()
            .filter(|p| in_article.iter().any(|c| &c.symbol == *p))
            .cloned()
            .collect();
        let expected: BTreeSet<String> = page_in_scope.union(&bare_in_scope(s)).cloned().collect();
        assert_eq!(by_scorer, expected, "{s:?}");
    }
}
