//! Companies a record names in its own words, for sources that carry no ticker field
//! (NewsAPI, RSS, a CSV without a ticker column): the page matcher's cashtags, exchange
//! prefixes and names, one ticker per company, weighted by how prominent it is.

use super::prominence::relevance;
use super::Companies;

/// `(ticker, relevance)` of each company named in `title` or `body`, in order of first
/// mention (the title first). Relevance follows the page rule, without a ticker run.
pub fn companies_in_text(title: &str, body: &str, companies: &Companies) -> Vec<(String, f64)> {
    let in_title = companies.matcher().find(title);
    let in_body = companies.matcher().find(body);
    let company_of = |t: &str| companies.company_of(t);
    let mut order: Vec<(String, String)> = Vec::new(); // (company, first ticker written)
    for m in in_title.iter().chain(&in_body) {
        let company = company_of(&m.ticker);
        if !order.iter().any(|(c, _)| *c == company) {
            order.push((company, m.ticker.clone()));
        }
    }
    order
        .into_iter()
        .map(|(company, ticker)| {
            let named_in_title = in_title.iter().any(|m| company_of(&m.ticker) == company);
            let body_mentions = in_body
                .iter()
                .filter(|m| company_of(&m.ticker) == company)
                .count();
            (ticker, relevance(false, named_in_title, body_mentions))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symbols::SymbolTable;

    fn companies() -> Companies {
        Companies::new(
            SymbolTable::parse(
                "company,tickers,aliases\n\
Alphabet Inc.,GOOGL;GOOG,Alphabet;Google\n\
Meta Platforms,META,Meta;Facebook\n",
                "t",
            )
            .unwrap(),
        )
    }

    #[test]
    fn one_ticker_per_company_title_first() {
        let found = companies_in_text(
            "Meta cuts jobs",
            "Google and Alphabet's units, $GOOG, and Facebook again.",
            &companies(),
        );
        assert_eq!(
            found,
            vec![("META".to_string(), 0.4), ("GOOGL".to_string(), 0.3)]
        );
    }

    #[test]
    fn nothing_named_is_nothing_found() {
        assert!(companies_in_text("Rates rise", "The Fed met.", &companies()).is_empty());
    }
}
