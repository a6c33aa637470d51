//! `about`'s quick path: a headline that names every subject plainly decides the article
//! without running the whole table's matcher (most records of an ingest). It must give what
//! the full rule ([`super::decide`]) gives; the test below checks it on every real headline.

use memchr::memmem::Finder;
use tickertone_text::about::{Role, Subject};
use tickertone_text::matcher::{find_ticker, is_headline_word};

use super::{short_names, Companies};
/// The common case, decided without running the whole table's matcher: the headline
/// writes every subject by one of its own spellings (its name, an alias, a short name),
/// in its own right (no role around it), not followed by another capitalised word (which
/// may make a longer name), and the headline has at most one list separator (so no list
/// of four). The full rule gives these `Headline` too; anything less clear goes to it.
pub(super) fn headline_names_every_subject(
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
pub(super) struct Mentions<'a> {
    pub(super) tickers: &'a [&'a str],
    pub(super) places: &'a [Option<usize>],
    pub(super) of_mention: &'a [usize],
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

#[cfg(test)]
mod tests {
    use super::super::{decide_with, Path, SourceTags};
    use super::*;
    use crate::symbols::SymbolTable;
    use tickertone_text::about;

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
}
