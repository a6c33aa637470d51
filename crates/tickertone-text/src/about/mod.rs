//! Whether an article is about each company it is recorded for, decided from its own text
//! (tickertone's `about`). Sources tag far more than they are about: Alpha Vantage tags peers
//! and currencies, Finnhub's `related` is the ticker asked for, a per-ticker scrape tags
//! every headline with its ticker. So the tag is where the question starts, not its answer.
//!
//! # The rule
//!
//! The caller finds where each company is named (its [`Sighting`]s: names, aliases,
//! cashtags, exchange-prefixed and bare tickers) in the headline and the body. A company
//! the article is recorded for (a [`Subject`]) is about it when:
//!
//! 1. **the headline names it** (by any spelling the caller finds, a product of a tagged
//!    company included: [`products`]) in its own right — not only as a person's employer
//!    ("Apple CEO Tim Cook", "Former Apple Exec"), an analyst or broker giving the opinion
//!    ("Morgan Stanley Maintains Buy on…", "…, BofA Says"), the yardstick of a comparison
//!    or implication ("Cheaper Than Apple", "What It Means for Intel"), or part of a fund's
//!    or another entity's name ("Schwab U.S. Large-Cap ETF") — and the headline is not a
//!    list of four companies or more (movers, highlights, calendars); else
//! 2. **the body leads with it**: it is the first company its first sentence names; else
//! 3. the source's own relevance for it is high (≥ 0.6, Alpha Vantage's scale) and the
//!    body or the headline's tag list names it; else
//! 4. **a listicle that does not name its picks** ("3 Stocks to Avoid This Week", "My Top
//!    FAANG Stock"): the source's relevant tags that the text does not name are the picks,
//!    the most relevant first and as many as the headline counts ([`featured`]); a count
//!    of four or more, a group ("the Mag 7") or uncounted "Stocks" makes none about; else
//! 5. **the text names no company at all** (a listicle whose summary names none, a record
//!    too short to tell): the source's word, when it tags three companies or fewer and the
//!    record has a body (a headline-only scrape that names nothing is a market piece).
//!
//! Otherwise the article merely mentions it: `about = false`. A Benzinga-style tag suffix
//! at the end of a headline (`… - Apple ( NASDAQ:AAPL ) , Gap ( NYSE:GPS )`) is the
//! source's tag list, not the headline ([`split_tag_suffix`]).
//!
//! Measured on the development set in `tests/fixtures/about/` (README there); the reasons
//! are the [`Why`] values, printed by `tickertone explain`.

mod picks;
pub mod products;
mod roles;
mod suffix;

pub use picks::featured;
pub use roles::Role;
pub use suffix::{split_tag_suffix, tag_suffix_names};

/// Where a company is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Headline,
    Body,
}

/// One place a company is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sighting {
    /// Which company: `0..subjects.len()` are the subjects (in their order), numbers from
    /// there on other companies the text names.
    pub company: usize,
    pub part: Part,
    /// Byte range in the headline (without its tag suffix) or the body.
    pub start: usize,
    pub end: usize,
}

/// A company the article is recorded for.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Subject {
    /// The source's relevance for it (Alpha Vantage's `relevance_score`), when it gave one.
    pub relevance: Option<f64>,
    /// A bank, broker or law firm: a headline may name it as the source of an opinion.
    pub opinion_firm: bool,
    /// Known by its ticker alone (no symbol table names it): a text that does not write
    /// the ticker cannot tell, so the source's word stands.
    pub ticker_only: bool,
    /// The headline's tag list names it (`… - Masimo ( NASDAQ:MASI )`): the source's own
    /// naming, which with a high relevance is as good as the body's.
    pub in_tag_list: bool,
}

/// The text of an article, and how many companies its source tagged.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    /// The headline without its tag suffix.
    pub headline: &'a str,
    pub body: &'a str,
    /// Companies the source tagged (a ticker field, `--ticker`): 0 when they were found in
    /// the text.
    pub tagged: usize,
}

/// Why a company is, or is not, what an article is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    /// The headline names it.
    Headline,
    /// The body's first sentence names it first.
    Lead,
    /// The source rates it this relevant and the body (or the headline's tag list) names it.
    Relevance(f64),
    /// The text names no company: the source's word.
    SourceOnly,
    /// The headline features this many stocks without naming them, and the source rates
    /// this one among as many most relevant.
    Featured(usize),
    /// Known by its ticker alone, which the text does not write: the source's word.
    TickerOnly,
    /// The headline names it only in this role.
    Role(Role),
    /// The headline lists this many companies.
    List(usize),
    /// Named in the body, not first in its lead.
    InPassing,
    /// Not named in the text at all.
    NotNamed,
}

impl Why {
    /// Whether this reason makes the article about the company.
    pub fn about(self) -> bool {
        matches!(
            self,
            Why::Headline
                | Why::Lead
                | Why::Relevance(_)
                | Why::SourceOnly
                | Why::Featured(_)
                | Why::TickerOnly
        )
    }
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Headline => f.write_str("named in the headline"),
            Why::Lead => f.write_str("the first company the body's first sentence names"),
            Why::Relevance(r) => write!(
                f,
                "named in the body or the headline's tag list, and the source rates it {r}"
            ),
            Why::SourceOnly => f.write_str("the text names no company: the source's tag"),
            Why::Featured(n) => write!(
                f,
                "the headline features {n} stocks it does not name, and the source rates this one among the {n} most relevant"
            ),
            Why::TickerOnly => f.write_str(
                "no name is known for its ticker, which the text does not write: the source's tag",
            ),
            Why::Role(role) => write!(f, "the headline names it only {role}"),
            Why::List(n) => write!(f, "the headline lists {n} companies"),
            Why::InPassing => f.write_str("named in the body in passing"),
            Why::NotNamed => f.write_str("not named in the text"),
        }
    }
}

impl Why {
    /// A short stable name of the reason, as the store keeps it (`about_why`).
    pub fn code(self) -> &'static str {
        match self {
            Why::Headline => "headline",
            Why::Lead => "lead",
            Why::Relevance(_) => "relevance",
            Why::SourceOnly => "source",
            Why::Featured(_) => "featured",
            Why::TickerOnly => "ticker-only",
            Why::Role(Role::Employer) => "role:employer",
            Why::Role(Role::OpinionSource) => "role:opinion-source",
            Why::Role(Role::Yardstick) => "role:yardstick",
            Why::Role(Role::PartOfAnotherName) => "role:part-of-another-name",
            Why::List(_) => "list",
            Why::InPassing => "in-passing",
            Why::NotNamed => "not-named",
        }
    }

    /// The reason of a stored [`Why::code`], in words (numbers the code does not keep
    /// left out); `None` for a code this version does not know.
    pub fn describe_code(code: &str) -> Option<&'static str> {
        Some(match code {
            "headline" => "named in the headline in its own right",
            "lead" => "the first company the body's first sentence names",
            "relevance" => "named in the body or the headline's tag list, and the source rates it highly relevant",
            "source" => "the text names no company: the source's tag stands",
            "featured" => "one of the stocks the headline features without naming them, by the source's relevance",
            "ticker-only" => "no name is known for its ticker, which the text does not write: the source's tag stands",
            "role:employer" => "the headline names it only as a person's employer",
            "role:opinion-source" => "the headline names it only as the firm giving the opinion",
            "role:yardstick" => "the headline names it only as the yardstick of a comparison or an implication",
            "role:part-of-another-name" => "the headline names it only as part of another entity's name",
            "list" => "the headline lists four companies or more",
            "in-passing" => "named in the body in passing",
            "not-named" => "not named in the text",
            "migrated" => "decided from the stored headline when the store gained `about`",
            _ => return None,
        })
    }
}

/// Source relevance from which a body mention is enough.
const HIGH_RELEVANCE: f64 = 0.6;
/// A headline naming this many companies is a list.
const LIST_COMPANIES: usize = 4;
/// A source tagging more companies than this cannot speak for a text that names none.
const MOST_TAGS_TRUSTED: usize = 3;
/// Source relevance (Alpha Vantage's scale) from which a text naming no company counts for
/// the company: below it, the tag is a peer or a currency at the foot of the story.
const SOURCE_RELEVANT: f64 = 0.15;

/// The verdict for each subject, in order. `sightings` are every company named in the
/// headline and the body (in any order).
pub fn decide(article: &Article, subjects: &[Subject], sightings: &[Sighting]) -> Vec<Why> {
    let mut sorted: Vec<Sighting> = sightings.to_vec();
    sorted.sort_by_key(|s| (s.part != Part::Headline, s.start));
    let in_headline: Vec<&Sighting> = sorted.iter().filter(|s| s.part == Part::Headline).collect();
    let in_body: Vec<&Sighting> = sorted.iter().filter(|s| s.part == Part::Body).collect();
    let firm = |company: usize| subjects.get(company).is_some_and(|x| x.opinion_firm);
    // Each sighting's role in the headline; `None` is "in its own right".
    let mut headline_firms: Vec<usize> = in_headline.iter().map(|s| s.company).collect();
    headline_firms.sort_unstable();
    headline_firms.dedup();
    let others = headline_firms.len() > 1;
    let roles: Vec<Option<Role>> = roles::roles_in(article.headline, &in_headline, firm, others);
    let mut named: Vec<usize> = in_headline
        .iter()
        .zip(&roles)
        .filter(|(_, r)| r.is_none())
        .map(|(s, _)| s.company)
        .collect();
    named.sort_unstable();
    named.dedup();
    let headline_companies = named.len();
    let lead_end = first_sentence_end(article.body);
    let in_lead: Vec<&Sighting> = in_body
        .iter()
        .copied()
        .filter(|s| s.start < lead_end)
        .collect();
    // In a body a person's employer is usually the company acting: only the other roles.
    let lead_roles: Vec<Option<Role>> =
        roles::roles_in(&article.body[..lead_end], &in_lead, firm, false)
            .into_iter()
            .map(|r| r.filter(|r| *r != Role::Employer))
            .collect();
    // The lead's subject: its first company named in its own right, with those listed
    // beside it ("Newmont, International Paper and Amazon offer…").
    let mut lead_first: Vec<usize> = Vec::new();
    if let Some(k) = lead_roles.iter().position(Option::is_none) {
        lead_first.push(in_lead[k].company);
        let lead = &article.body[..lead_end];
        for j in k + 1..in_lead.len() {
            if !roles::listed(lead, in_lead[j - 1], in_lead[j]) {
                break;
            }
            lead_first.push(in_lead[j].company);
        }
    }
    let text_names_none = sightings.is_empty();
    // "…To Watch: AAPL, BAC, NIO, SONO, GLW": a run of tickers is a list, known or not.
    let ticker_list = longest_ticker_run(article.headline);
    // A text naming no company speaks for the source's picks only when they are few.
    let rated_subjects = subjects
        .iter()
        .filter(|s| s.relevance.is_some_and(|r| r >= SOURCE_RELEVANT))
        .count();
    let no_text = article.headline.trim().is_empty() && article.body.trim().is_empty();
    // A listicle's count of picks ("3 Stocks to Avoid", "My Top FAANG Stock"), and the
    // relevances of the rated subjects the text does not name: the candidates.
    // (Read only for a subject that needs it: most articles have none.)
    let featured = std::cell::OnceCell::new();
    let named = |i: usize| sightings.iter().any(|s| s.company == i);
    let unnamed_rated: Vec<f64> = subjects
        .iter()
        .enumerate()
        .filter(|(i, _)| !named(*i))
        .filter_map(|(_, s)| s.relevance.filter(|r| *r >= SOURCE_RELEVANT))
        .collect();
    subjects
        .iter()
        .enumerate()
        .map(|(i, subject)| {
            let mine = |s: &&Sighting| s.company == i;
            let headline_roles: Vec<Option<Role>> = in_headline
                .iter()
                .zip(&roles)
                .filter(|(s, _)| mine(s))
                .map(|(_, r)| *r)
                .collect();
            if headline_roles.iter().any(Option::is_none) {
                let listed = headline_companies.max(ticker_list);
                if listed >= LIST_COMPANIES {
                    return Why::List(listed);
                }
                return Why::Headline;
            }
            if lead_first.contains(&i) {
                if lead_first.len() >= LIST_COMPANIES {
                    return Why::List(lead_first.len());
                }
                return Why::Lead;
            }
            let in_body_too = in_body.iter().any(mine);
            if let Some(r) = subject.relevance.filter(|r| *r >= HIGH_RELEVANCE) {
                if in_body_too || subject.in_tag_list {
                    return Why::Relevance(r);
                }
            }
            if let Some(Some(role)) = headline_roles.first() {
                return Why::Role(*role);
            }
            // A listicle that does not name its picks: the source's most relevant tags that
            // the text does not name are the picks, as many as it features (a list of four
            // or more is no one's story, and no other tag is a pick).
            let count = || *featured.get_or_init(|| picks::featured(article.headline));
            let pick = subject.relevance.filter(|_| !named(i)).and_then(|r| {
                count().map(|n| {
                    let above = unnamed_rated.iter().filter(|x| **x > r).count();
                    (n < LIST_COMPANIES && r >= SOURCE_RELEVANT && above < n, n)
                })
            });
            if let Some((true, n)) = pick {
                return Why::Featured(n);
            }
            // A text too short to tell, or one that names no company while its source rates
            // the company relevant (a listicle whose summary names none of its picks).
            // Without a relevance, a few tags of the source's own stand (one tag alone is
            // the ticker a per-company feed was asked for, not a reading of the text).
            let rated = match subject.relevance {
                Some(r) => r >= SOURCE_RELEVANT && rated_subjects <= MOST_TAGS_TRUSTED,
                None => {
                    (2..=MOST_TAGS_TRUSTED).contains(&article.tagged)
                        && !article.body.trim().is_empty()
                }
            };
            if no_text || (text_names_none && rated && pick.is_none()) {
                return Why::SourceOnly;
            }
            let vouched = match subject.relevance {
                Some(r) => r >= SOURCE_RELEVANT,
                None => article.tagged <= MOST_TAGS_TRUSTED,
            };
            if subject.ticker_only && vouched && !in_body_too {
                return Why::TickerOnly;
            }
            if in_body_too {
                Why::InPassing
            } else {
                Why::NotNamed
            }
        })
        .collect()
}

/// The most tickers `headline` lists in a row, parted by commas ("AAPL, BAC, NIO").
fn longest_ticker_run(headline: &str) -> usize {
    let is_ticker = |w: &str| {
        let w = w.trim();
        (1..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
    };
    let (mut run, mut longest) = (0, 0);
    for part in headline.split([',', ':']) {
        let part = part.trim().trim_end_matches(['…', '.']);
        run = if is_ticker(part) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// The byte offset where the first sentence of `body` ends.
fn first_sentence_end(body: &str) -> usize {
    let mut end = body.len();
    let mut first = true;
    crate::score::for_each_sentence(body, |sentence| {
        if first {
            first = false;
            let offset = sentence.as_ptr() as usize - body.as_ptr() as usize;
            end = offset + sentence.len();
        }
    });
    end
}

#[cfg(test)]
mod tests;
