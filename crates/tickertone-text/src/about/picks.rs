//! How many stocks a headline features without naming them: "3 Stocks to Avoid This
//! Week", "61% of … Portfolio Is Invested in These 3 Top Consumer Brands", "My Best
//! Pharmaceutical Stock to Buy And Hold" (one), "What's Going on With the Mag 7?" (seven).
//! A listicle's picks are in its body, which a feed's summary seldom names: the source's
//! relevance then tells which tagged companies are the picks (see [`super::decide`]).

/// Nouns that count a headline's featured stocks ("3 Dividend Stocks", "These 12 Stocks").
#[rustfmt::skip]
const PLURALS: &[&str] = &["Stocks", "Companies", "Brands", "Picks", "Names", "ETFs", "Equities"];

/// Words before a singular "Stock" that make it one featured stock ("This Stock", "My Top
/// FAANG Stock", "The Ultimate Growth Stock", "One Stock").
const SINGULAR_BEFORE: &[&str] = &["This", "My", "The", "One", "Our", "That"];

/// Words after "Stock" that make it no stock at all ("The Stock Market").
#[rustfmt::skip]
const NOT_A_STOCK_AFTER: &[&str] = &[
    "Market", "Markets", "Exchange", "Exchanges", "Futures", "Index", "Indexes", "Split",
    "Splits", "Price", "Prices", "Options", "Buyback", "Buybacks", "Trading",
];

/// Groups a headline names by a nickname, and how many companies they are.
const GROUPS: &[(&[&str], usize)] = &[
    (&["Magnificent", "Seven"], 7),
    (&["Magnificent", "7"], 7),
    (&["Mag", "7"], 7),
    (&["FAANG"], 5),
];

/// Number words a headline counts its picks with.
const NUMBER_WORDS: [&str; 10] = [
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
];

/// Most words between a count and its noun ("3 Top Unstoppable Dividend Stocks").
const MOST_BETWEEN: usize = 4;

/// How many stocks `headline` features: a count before a plural noun ("2 Top Stocks",
/// "These 3 Top Consumer Brands"), else one before a singular "Stock" ("This Stock", "My
/// Top FAANG Stock"), else a group's nickname ("the Mag 7"); `None` when it counts none.
pub fn featured(headline: &str) -> Option<usize> {
    let words: Vec<&str> = headline
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '(' | ')'))
        })
        .filter(|w| !w.is_empty())
        .collect();
    // A word ending a clause ("AI.", "Week:", "Lilly?") ends what a count reaches.
    let ends_clause = |w: &str| w.ends_with(['.', ':', '?', '!', ';', ',']);
    let is = |w: &str, set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(bare(w)));
    for (i, word) in words.iter().enumerate() {
        let Some(n) = count(word) else { continue };
        if ends_clause(word) {
            continue;
        }
        for next in words.iter().skip(i + 1).take(MOST_BETWEEN + 1) {
            if is(next, PLURALS) {
                return Some(n);
            }
            if ends_clause(next) {
                break;
            }
        }
    }
    for (i, word) in words.iter().enumerate() {
        if !bare(word).eq_ignore_ascii_case("Stock") {
            continue;
        }
        let not_a_stock =
            !ends_clause(word) && words.get(i + 1).is_some_and(|w| is(w, NOT_A_STOCK_AFTER));
        if not_a_stock {
            continue;
        }
        let before = &words[i.saturating_sub(4)..i];
        let mut reach = before.iter().rev().take_while(|w| !ends_clause(w));
        if reach.any(|w| is(w, SINGULAR_BEFORE)) {
            return Some(1);
        }
    }
    let group = GROUPS.iter().find_map(|(group, n)| {
        let found = words.windows(group.len()).any(|run| {
            run.iter()
                .zip(*group)
                .all(|(w, g)| bare(w).eq_ignore_ascii_case(g))
        });
        found.then_some(*n)
    });
    // "Tech Stocks", "Growth Stocks With Low Risk": a group, counted or not.
    group.or_else(|| words.iter().any(|w| is(w, UNCOUNTED)).then_some(SEVERAL))
}

/// The count of stocks a headline names as a group without counting them ("What Warren
/// Buffett Wants From Tech Stocks"): more than a listicle's few.
pub const SEVERAL: usize = usize::MAX;

/// Plural nouns that make a headline's subject a group of stocks, counted or not.
const UNCOUNTED: &[&str] = &["Stocks", "Equities"];

/// `word` without the punctuation that ends a clause.
fn bare(word: &str) -> &str {
    word.trim_end_matches(['.', ':', '?', '!', ';', ','])
}

/// The number a word writes as a count of picks (1 to 50, digits or a word), if any.
fn count(word: &str) -> Option<usize> {
    if let Some(i) = NUMBER_WORDS
        .iter()
        .position(|n| n.eq_ignore_ascii_case(word))
    {
        return Some(i + 1);
    }
    let n: usize = word.parse().ok()?;
    (1..=50).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real headlines (Alpha Vantage feeds of `tests/fixtures/about/`).
    #[test]
    fn counts_the_stocks_a_headline_features() {
        let cases: &[(&str, Option<usize>)] = &[
            ("3 Stocks to Avoid This Week", Some(3)),
            ("2024 Will Be the Year of AI. 2 Top Stocks I Expect to Surge.", Some(2)),
            ("61% of Warren Buffett-Led Berkshire Hathaway's $360 Billion Portfolio Is Invested in These 3 Top Consumer Brands", Some(3)),
            ("My 2 Top \"Magnificent Seven\" Stocks to Buy in 2024 and Hold Forever", Some(2)),
            ("89% of Warren Buffett's Portfolio Is Invested in These 12 Stocks", Some(12)),
            ("Opinion: These Will Be the 3 Largest Companies in 2029", Some(3)),
            ("Microsoft Tops Apple Ahead of Q4 Earnings: 5 ETFs to Invest", Some(5)),
            ("Missed Out on Eli Lilly? My Best Pharmaceutical Stock to Buy And Hold", Some(1)),
            ("My Top FAANG Stock For 2023 -- and It Isn't Even Close", Some(1)),
            ("Forget the \"Magnificent Seven\" -- This Stock Has Nearly Quadrupled in 2024", Some(1)),
            ("How An Orphanage Made $1.8 Billion This Year On One Stock", Some(1)),
            ("Can This Unstoppable AI Stock Join Nvidia, Apple, and Microsoft in the $3 Trillion Club?", Some(1)),
            ("What's Going on With the Mag 7?", Some(7)),
            ("Balancing Act: The Ultimate Guide To Large-Cap Growth Stocks With Low Risk", Some(SEVERAL)),
            ("What Warren Buffett Wants From Tech Stocks", Some(SEVERAL)),
        ];
        for (headline, want) in cases {
            assert_eq!(featured(headline), *want, "{headline}");
        }
    }

    #[test]
    fn a_headline_about_one_company_or_the_market_features_no_count() {
        for headline in [
            "Apple Unveils Augmented Reality Vision Pro Headset",
            "AMC's stock fall could mean the demise of 'meme-stock' status",
            "3 Reasons to Buy MercadoLibre Stock Like There's No Tomorrow",
            "Why The Stock Market Is Down Today",
            "Asia And Europe Markets Dip, Crude Oil Nears $71",
            "Agnico Eagle Mines Invests $17M In Canada Nickel Company After Grim Year For Metal",
        ] {
            assert_eq!(featured(headline), None, "{headline}");
        }
    }
}
