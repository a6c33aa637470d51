//! `about` for each mention of an article: the text crate's rule
//! ([`tickertone_text::about`]) applied with what extraction knows — the symbol table's
//! companies (their names, aliases and tickers, and which are banks or brokers) and where
//! the one company matcher finds them in the headline and the body.

mod quick;

use tickertone_text::about::{self, products, Part, Sighting, Subject, Why};
use tickertone_text::matcher::{find_ticker, ticker_key, How};

use super::Companies;
pub use quick::quick_spellings;
use quick::{headline_names_every_subject, Mentions};

/// Industries whose companies a headline may name as the source of an opinion (the
/// symbol table's `industry` column).
const OPINION_INDUSTRIES: [&str; 3] = [
    "Investment Bankers/Brokers/Service",
    "Major Banks",
    "Investment Managers",
];

/// What the source said of the mentions, beside their tickers.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceTags {
    /// Companies the source tagged (a ticker field, `--ticker`); 0 when the companies were
    /// found in the text.
    pub tagged: usize,
}

/// Why the article of `title` and `body` is, or is not, about the company of each of its
/// mentions' `tickers`. `relevance[i]` is the source's relevance for mention `i` when it
/// gave one.
pub fn decide(
    title: &str,
    body: &str,
    tickers: &[&str],
    relevance: &[Option<f64>],
    source: SourceTags,
    companies: Option<&Companies>,
) -> Vec<Why> {
    decide_with(
        title,
        body,
        tickers,
        relevance,
        source,
        companies,
        Path::Quick,
    )
}

/// Whether [`decide`] may take its quick path (the tests compare it with the full rule).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Path {
    Quick,
    #[cfg(test)]
    FullRule,
}

fn decide_with(
    title: &str,
    body: &str,
    tickers: &[&str],
    relevance: &[Option<f64>],
    source: SourceTags,
    companies: Option<&Companies>,
    path: Path,
) -> Vec<Why> {
    if tickers.is_empty() {
        return Vec::new();
    }
    let (headline, suffix) = about::split_tag_suffix(title);
    // The suffix names the companies it tags: names for tickers no table knows.
    let suffix_names = about::tag_suffix_names(suffix);
    // Each mention's company in the table (looked up once), and the subjects: the
    // mentions' companies, each once, in order.
    let places: Vec<Option<usize>> = tickers
        .iter()
        .map(|t| companies.and_then(|c| c.symbols.index_of(t)))
        .collect();
    let table: Vec<Option<&crate::symbols::Company>> = places
        .iter()
        .map(|p| Some(&companies?.symbols.companies()[(*p)?]))
        .collect();
    let mut keys: Vec<&str> = Vec::new();
    let mut of_mention: Vec<usize> = Vec::with_capacity(tickers.len());
    for (ticker, company) in tickers.iter().zip(&table) {
        let key = match company {
            Some(company) => company.name.as_str(),
            None => ticker,
        };
        let i = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
            keys.push(key);
            keys.len() - 1
        });
        of_mention.push(i);
    }
    let mut subjects = vec![Subject::default(); keys.len()];
    for (i, subject) in subjects.iter_mut().enumerate() {
        subject.relevance = of_mention
            .iter()
            .zip(relevance)
            .filter(|(s, _)| **s == i)
            .filter_map(|(_, r)| *r)
            .reduce(f64::max);
        let mine = || table.iter().zip(&of_mention).filter(|(_, s)| **s == i);
        subject.opinion_firm = mine()
            .filter_map(|(c, _)| c.and_then(|c| c.industry.as_deref()))
            .any(|industry| OPINION_INDUSTRIES.contains(&industry));
        // A currency or a coin is an instrument, not a company that goes unnamed.
        let instrument = keys[i].contains(':');
        let known = mine().any(|(c, _)| c.is_some());
        let named_by_suffix = suffix_names.iter().any(|(_, t)| *t == keys[i]);
        subject.ticker_only = !instrument && !known && !named_by_suffix;
        subject.in_tag_list = suffix_names.iter().any(|(_, t)| {
            let t = ticker_key(t);
            tickers
                .iter()
                .zip(&of_mention)
                .any(|(ticker, s)| *s == i && ticker_key(ticker) == t)
        });
    }
    if let Some(c) = companies.filter(|_| path == Path::Quick) {
        let mentions = Mentions {
            tickers,
            places: &places,
            of_mention: &of_mention,
        };
        if headline_names_every_subject(headline, &mentions, &subjects, c) {
            return vec![Why::Headline; tickers.len()];
        }
    }

    let mut sightings = Vec::new();
    let mut others: Vec<String> = Vec::new();
    let mut sight_in = |part: Part, text: &str, sightings: &mut Vec<Sighting>| {
        sight(
            text,
            part,
            &keys,
            tickers,
            companies,
            &mut others,
            sightings,
        );
        for (name, ticker) in &suffix_names {
            let unknown = companies.is_none_or(|c| c.symbols.company_of(ticker).is_none());
            let Some(company) = keys.iter().position(|k| k == ticker).filter(|_| unknown) else {
                continue;
            };
            let mut spellings = vec![name.to_string()];
            spellings.extend(short_names(name));
            for spelling in spellings {
                add_spelling(text, part, company, &spelling, sightings);
            }
        }
    };
    sight_in(Part::Headline, headline, &mut sightings);
    // Most records are decided by their headline alone: the body is read only when one of
    // their companies is not (the headline's verdicts do not depend on the body).
    let from_headline = about::decide(
        &about::Article {
            headline,
            body: "",
            tagged: source.tagged,
        },
        &subjects,
        &sightings,
    );
    let headline_decides = |why: &Why| matches!(why, Why::Headline | Why::List(_));
    let verdicts = if body.trim().is_empty() || from_headline.iter().all(headline_decides) {
        from_headline
    } else {
        sight_in(Part::Body, body, &mut sightings);
        let article = about::Article {
            headline,
            body,
            tagged: source.tagged,
        };
        about::decide(&article, &subjects, &sightings)
    };
    of_mention
        .into_iter()
        .map(|subject| verdicts.get(subject).copied().unwrap_or(Why::SourceOnly))
        .collect()
}

/// Appends where `text` names each company: the subjects (numbered as in `keys`) by any
/// spelling, bare tickers included; other companies by names, cashtags and prefixed
/// tickers (a bare acronym alone is no company), numbered after the subjects.
fn sight(
    text: &str,
    part: Part,
    keys: &[&str],
    tickers: &[&str],
    companies: Option<&Companies>,
    others: &mut Vec<String>,
    out: &mut Vec<Sighting>,
) {
    if text.is_empty() {
        return;
    }
    let company_of = |who: &str| Companies::company_of_in(companies, who);
    if let Some(c) = companies {
        for (who, how, start, end) in c.matcher().sightings(text) {
            let key = company_of(&who);
            let company = match keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None if how == How::Bare => continue,
                None => {
                    let j = others.iter().position(|k| *k == key).unwrap_or_else(|| {
                        others.push(key);
                        others.len() - 1
                    });
                    keys.len() + j
                }
            };
            out.push(Sighting {
                company,
                part,
                start,
                end,
            });
        }
    }
    // The subjects' short names too ("Target" of "Target Corporation", "Berkshire" of
    // "Berkshire Hathaway Inc."): the source tagged them, so a capitalised short name in
    // its text is theirs.
    if let Some(c) = companies {
        let mut done: Vec<usize> = Vec::new();
        for ticker in tickers {
            let Some(table) = c.symbols.company_of(ticker) else {
                continue;
            };
            let Some(company) = keys.iter().position(|k| *k == table.name) else {
                continue;
            };
            if done.contains(&company) {
                continue;
            }
            done.push(company);
            for short in short_names(&table.name) {
                add_spelling(text, part, company, &short, out);
            }
        }
    }
    // Their products and nicknames ("iPhone", "AWS", "Cupertino"), in the headline: only
    // for companies the source tagged. (A body that is a company's story writes its name;
    // a product there is in passing: "Operating System ( Android, iOS, and Others )".)
    for ticker in tickers.iter().filter(|_| part == Part::Headline) {
        let spellings = products::products_of(ticker);
        if spellings.is_empty() {
            continue;
        }
        let Some(company) = keys.iter().position(|k| *k == company_of(ticker)) else {
            continue;
        };
        for (start, end) in products::product_places(text, spellings) {
            let seen = out
                .iter()
                .any(|s| s.part == part && s.start <= start && start < s.end);
            if !seen {
                out.push(Sighting {
                    company,
                    part,
                    start,
                    end,
                });
            }
        }
    }
    // Tickers no table knows (and every ticker without a table) are looked for as written.
    for ticker in tickers {
        let known = companies.is_some_and(|c| c.symbols.company_of(ticker).is_some());
        if known {
            continue;
        }
        let Some(company) = keys.iter().position(|k| *k == company_of(ticker)) else {
            continue;
        };
        for (start, end) in find_ticker(text, ticker) {
            let seen = out.iter().any(|s| s.part == part && s.start == start);
            if !seen {
                out.push(Sighting {
                    company,
                    part,
                    start,
                    end,
                });
            }
        }
    }
}

/// `(about, why code)` of a stored article's mentions, for a store migrated to carry
/// `about`: the stored headline is all the text a store keeps (no body), and a relevance
/// of 1 is what tickertone records when the source gave none.
pub fn decide_stored(
    article: &crate::store::about::StoredArticle,
    companies: Option<&Companies>,
) -> Vec<(bool, &'static str)> {
    let relevance: Vec<Option<f64>> = article
        .relevance
        .iter()
        .map(|&r| (r < 1.0).then_some(r))
        .collect();
    let mut tagged: Vec<&str> = article
        .tickers
        .iter()
        .map(|t| match companies.and_then(|c| c.symbols.company_of(t)) {
            Some(company) => company.name.as_str(),
            None => t,
        })
        .collect();
    tagged.sort_unstable();
    tagged.dedup();
    let source = SourceTags {
        tagged: tagged.len(),
    };
    decide(
        article.title,
        "",
        &article.tickers,
        &relevance,
        source,
        companies,
    )
    .into_iter()
    .map(|why| (why.about(), why.code()))
    .collect()
}

/// Adds each place `text` writes `spelling` (on word boundaries, as written) as a sighting
/// of `company`, unless a sighting already covers it.
fn add_spelling(text: &str, part: Part, company: usize, spelling: &str, out: &mut Vec<Sighting>) {
    if spelling.is_empty() {
        return;
    }
    for (start, _) in text.match_indices(spelling) {
        let end = start + spelling.len();
        let bounded = !text[..start].ends_with(|c: char| c.is_alphanumeric())
            && !text[end..].starts_with(|c: char| c.is_alphanumeric());
        let seen = out
            .iter()
            .any(|s| s.part == part && s.start <= start && start < s.end);
        if bounded && !seen {
            out.push(Sighting {
                company,
                part,
                start,
                end,
            });
        }
    }
}

/// Words that start many companies' names: never a short name alone.
const GENERIC_FIRST_WORDS: [&str; 20] = [
    "General",
    "American",
    "National",
    "United",
    "International",
    "Global",
    "First",
    "Southern",
    "Northern",
    "Western",
    "Eastern",
    "Royal",
    "Pacific",
    "Atlantic",
    "Capital",
    "Digital",
    "Energy",
    "Financial",
    "Central",
    "Advanced",
];

/// Short forms of a table name that a headline uses: without its legal form ("Target
/// Corporation" → "Target"), and its first word when that is long and distinctive
/// ("Berkshire Hathaway" → "Berkshire").
fn short_names(name: &str) -> Vec<String> {
    let legal = [
        "Inc.",
        "Inc",
        "Corporation",
        "Corp.",
        "Corp",
        "Co.",
        "Company",
        "Ltd.",
        "Ltd",
        "plc",
        "PLC",
        "Holdings",
        "Group",
        "N.V.",
        "S.A.",
        "AG",
        "SE",
    ];
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| legal.contains(&w.trim_end_matches(',')))
    {
        words.pop();
    }
    let mut out = Vec::new();
    if words.len() < name.split_whitespace().count() {
        out.push(words.join(" ").trim_end_matches(',').to_string());
    }
    if let Some(first) = words.first().filter(|_| words.len() > 1) {
        let distinctive = first.chars().count() >= 6
            && first.starts_with(|c: char| c.is_uppercase())
            && first.chars().all(char::is_alphabetic)
            && !GENERIC_FIRST_WORDS.contains(first);
        if distinctive {
            out.push(first.to_string());
        }
    }
    out.retain(|n| n.chars().count() >= 3);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn short_names_drop_the_legal_form_and_keep_a_distinctive_first_word() {
        assert_eq!(short_names("Target Corporation"), ["Target"]);
        assert_eq!(
            short_names("Berkshire Hathaway Inc."),
            ["Berkshire Hathaway", "Berkshire"]
        );
        assert_eq!(short_names("General Motors Company"), ["General Motors"]);
        assert_eq!(short_names("Apple"), Vec::<String>::new());
        assert_eq!(
            short_names("Bank of America Corporation"),
            ["Bank of America"]
        );
    }
}
