//! `about` for each mention of an article: the text crate's rule
//! ([`tickertone_text::about`]) applied with what extraction knows — the symbol table's
//! companies (their names, aliases and tickers, and which are banks or brokers) and where
//! the one company matcher finds them in the headline and the body.

use memchr::memmem::Finder;
use tickertone_text::about::{self, Part, Role, Sighting, Subject, Why};
use tickertone_text::matcher::{find_ticker, is_headline_word, How};

use super::Companies;

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

/// The common case, decided without running the whole table's matcher: the headline
/// writes every subject by one of its own spellings (its name, an alias, a short name),
/// in its own right (no role around it), not followed by another capitalised word (which
/// may make a longer name), and the headline has at most one list separator (so no list
/// of four). The full rule gives these `Headline` too; anything less clear goes to it.
fn headline_names_every_subject(
    headline: &str,
    mentions: &Mentions,
    subjects: &[Subject],
    companies: &Companies,
) -> bool {
    if list_separators(headline) >= 2 {
        return false;
    }
    // "A and B", both subjects: the list is theirs (a role next to one would have kept
    // it out anyway).
    let list_of_subjects = subjects.len() >= 2;
    subjects.iter().enumerate().all(|(i, subject)| {
        mentions.of(i).any(|(ticker, place)| match place {
            Some(index) => companies.spellings(index).iter().any(|finder| {
                exact_places(headline, finder).any(|(start, end)| {
                    in_own_right(headline, start, end, subject.opinion_firm, list_of_subjects)
                })
            }),
            // A company no table knows is named by its ticker, found as the full rule finds
            // it; unless the ticker is also a word the table's matcher may take for a
            // company (a name, an alias), which the full rule would see first.
            None => {
                !ticker.contains(':')
                    && !companies.is_a_spelling(ticker)
                    && find_ticker(headline, ticker)
                        .into_iter()
                        .any(|(start, end)| {
                            in_own_right(
                                headline,
                                start,
                                end,
                                subject.opinion_firm,
                                list_of_subjects,
                            )
                        })
            }
        })
    })
}

/// An article's mentions, each with its ticker, its place in the symbol table and the
/// subject it counts for.
struct Mentions<'a> {
    tickers: &'a [&'a str],
    places: &'a [Option<usize>],
    of_mention: &'a [usize],
}

impl Mentions<'_> {
    /// The (ticker, table place) of each mention of subject `i`.
    fn of(&self, i: usize) -> impl Iterator<Item = (&str, Option<usize>)> + '_ {
        self.tickers
            .iter()
            .zip(self.places)
            .zip(self.of_mention)
            .filter(move |(_, s)| **s == i)
            .map(|((t, p), _)| (*t, *p))
    }
}

/// How many times `headline` parts names as a list does: ", ", " and ", " & ".
fn list_separators(headline: &str) -> usize {
    let b = headline.as_bytes();
    let mut n = 0;
    for i in 0..b.len() {
        let next_space = b.get(i + 1) == Some(&b' ');
        match b[i] {
            b',' | b'&' if next_space => n += 1,
            b' ' if b.len() > i + 4
                && b[i + 4] == b' '
                && b[i + 1..i + 4].eq_ignore_ascii_case(b"and") =>
            {
                n += 1
            }
            _ => {}
        }
    }
    n
}

/// The spellings of a company that `about`'s quick path looks for: its name, aliases and
/// short names of four characters or more, none a word a headline capitalises anyway.
pub fn quick_spellings(company: &crate::symbols::Company) -> Vec<Finder<'static>> {
    let mut out: Vec<String> = std::iter::once(company.name.clone())
        .chain(company.aliases.iter().cloned())
        .chain(short_names(&company.name))
        .map(|n| n.trim_end_matches('.').to_string())
        .filter(|n| n.chars().count() >= 4 && !is_headline_word(n))
        .collect();
    out.sort_unstable_by_key(|n| std::cmp::Reverse(n.len()));
    out.dedup();
    out.iter()
        .map(|n| Finder::new(n.as_bytes()).into_owned())
        .collect()
}

/// The places `text` writes a spelling, as written, on word boundaries.
fn exact_places<'t>(
    text: &'t str,
    finder: &'t Finder<'static>,
) -> impl Iterator<Item = (usize, usize)> + 't {
    let len = finder.needle().len();
    finder
        .find_iter(text.as_bytes())
        .map(move |start| (start, start + len))
        .filter(|&(start, end)| {
            text.is_char_boundary(start)
                && text.is_char_boundary(end)
                && !text[..start].ends_with(|c: char| c.is_alphanumeric())
                && !text[end..].starts_with(|c: char| c.is_alphanumeric())
        })
}

/// Whether `headline` names a company at `start..end` plainly in its own right: no role
/// around it, not continuing a list, not followed by a capitalised word.
fn in_own_right(headline: &str, start: usize, end: usize, firm: bool, in_list: bool) -> bool {
    let before = headline[..start].trim_end();
    let continues_list =
        !in_list && (before.ends_with(',') || before.ends_with(" and") || before.ends_with('&'));
    let next = headline[end..].trim_start_matches(['.', ' ']);
    let capitalised_next = headline[end..].starts_with(' ') && next.starts_with(char::is_uppercase);
    !continues_list && !capitalised_next && Role::of(headline, start, end, firm, true).is_none()
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
    use crate::symbols::SymbolTable;

    /// The quick path gives what the full rule gives, on every real headline of the
    /// development set (`tests/fixtures/about/`) and on the benchmark generator's, with the
    /// built-in table and with a table of two companies (most tickers then unknown, found
    /// by the ticker alone); and it does take the quick path on enough of them that the
    /// comparison means something.
    #[test]
    fn the_quick_path_agrees_with_the_full_rule() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/about");
        let mut articles: Vec<(String, Vec<String>)> = Vec::new();
        let mut labels = csv::Reader::from_path(format!("{dir}/labels.csv")).unwrap();
        for row in labels.records() {
            let row = row.unwrap();
            let (title, ticker) = (row[1].to_string(), row[2].to_string());
            match articles.last_mut() {
                Some((t, tickers)) if *t == title => tickers.push(ticker),
                _ => articles.push((title, vec![ticker])),
            }
        }
        let traps = std::fs::read_to_string(format!("{dir}/matcher-traps.tsv")).unwrap();
        for line in traps.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            articles.push((cells[0].to_string(), vec![cells[2].to_string()]));
        }
        for (title, tickers) in [
            ("Story 88 on QEWA, QQCG", "QEWA QQCG"),
            ("Story 89 on QHVC", "QHVC"),
            ("Story 90 on QHVC Holdings", "QHVC"),
            ("QHVC CEO Jane Doe Steps Down", "QHVC"),
            ("Analyst At QBRK Upgrades QHVC", "QBRK QHVC"),
            ("QHVC and QBRK Beat Estimates", "QHVC QBRK"),
            ("Why $qhvc Fell Today", "QHVC"),
            ("NASDAQ:QHVC Jumps", "QHVC"),
            ("Cheaper Than QHVC: 3 Picks", "QHVC"),
            ("Apple and QHVC Sign Deal", "AAPL QHVC"),
            ("APPLE Beats", "APPLE"),
            ("Nvidia Rally Lifts NVDIA", "NVDIA"),
            ("EUR Slides as Dollar Firms", "FOREX:EUR"),
        ] {
            let tickers = tickers.split(' ').map(str::to_string).collect();
            articles.push((title.to_string(), tickers));
        }
        let small =
            "company,tickers,aliases\nApple Inc.,AAPL,Apple\nNVIDIA Corporation,NVDA,Nvidia\n";
        let tables = [
            SymbolTable::builtin().unwrap(),
            SymbolTable::parse(small, "small.csv").unwrap(),
        ];
        for table in tables {
            let companies = Companies::new(table);
            let mut quick = 0;
            for (title, tickers) in &articles {
                let tickers: Vec<&str> = tickers.iter().map(String::as_str).collect();
                let relevance = vec![None; tickers.len()];
                let source = SourceTags {
                    tagged: tickers.len(),
                };
                let run = |path| {
                    let c = Some(&companies);
                    decide_with(title, "", &tickers, &relevance, source, c, path)
                };
                assert_eq!(run(Path::Quick), run(Path::FullRule), "{title} {tickers:?}");
                let (headline, _) = about::split_tag_suffix(title);
                let places: Vec<Option<usize>> = tickers
                    .iter()
                    .map(|t| companies.symbols.index_of(t))
                    .collect();
                let of_mention: Vec<usize> = (0..tickers.len()).collect();
                let mentions = Mentions {
                    tickers: &tickers,
                    places: &places,
                    of_mention: &of_mention,
                };
                let subjects = vec![Subject::default(); tickers.len()];
                quick += usize::from(headline_names_every_subject(
                    headline, &mentions, &subjects, &companies,
                ));
            }
            // 109 and 64 of 753 when written
            assert!(quick >= 50, "{quick} of {}", articles.len());
        }
    }

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
