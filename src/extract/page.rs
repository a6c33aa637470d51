//! A raw news page → an [`Article`]: tickers from the glued run and the text, stated scores,
//! the rest scored from the text, the date from `--date`, the text or the file name.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::about;
use super::article::{Article, Mention, ParseOptions, ScoreSource};
use super::glued::{split_categories, split_ticker_run};
use super::prominence::relevance;
use super::scorer::{self, TextScorer, TextScores};
use super::stated::stated_scores;
use super::text_tickers::TextMention;
use super::Companies;
use tickertone_text::date::Published;
use tickertone_text::matcher::normalize_ticker;
use tickertone_text::published::find_date_in_text;
use tickertone_text::score;

/// The parts of a raw news page, as `input::page::parse_page` finds them by their shape:
/// the reader's output and this module's input (defined here, so extraction does not
/// depend on the readers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageParts {
    pub title: Option<String>,
    /// Paragraphs, separated by blank lines.
    pub body: String,
    /// The text after "Market Impact:", as written.
    pub market_impact: Option<String>,
    /// Lines that look like glued ticker runs.
    pub ticker_runs: Vec<String>,
    /// The glued category line, as written.
    pub category_line: Option<String>,
}

/// What a page gave, besides the article: parts of ticker runs that could not be split.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageNotes {
    pub unresolved_runs: Vec<String>,
}

/// A page → an [`Article`], in the steps below: the market impact, the companies the title
/// and body name, the tickers in order of prominence, the stated scores, the text scores of
/// each company, the mentions, the date and the id.
pub fn page_to_article(
    parts: &PageParts,
    full_text: &str,
    file: &Path,
    opts: &ParseOptions,
) -> Result<(Article, PageNotes), String> {
    let lookup = Lookup(opts.companies);
    let title_text = parts.title.as_deref().unwrap_or("");
    let market_impact = market_impact(parts.market_impact.as_deref())?;
    let named = NamedIn {
        title: lookup.find(title_text),
        body: lookup.find(&parts.body),
    };
    let (mut tickers, notes) =
        page_tickers(&parts.ticker_runs, opts.extra_tickers, &named, &lookup);
    let stated = stated_by_ticker(full_text, &mut tickers.all, &lookup);
    let by_company = group_by_company(&tickers.all, &lookup);
    let text = text_for_scoring(title_text, &parts.body);
    let scores = text_scores(&text, &by_company, &lookup, opts.scorer)?;
    let recorded = scorer::recorded_as(opts.scorer);
    let mut mentions = page_mentions(
        &by_company,
        &stated,
        (&scores, &recorded),
        &tickers.in_run,
        &named,
        title_text,
        &lookup,
    );
    // The page's ticker run is its tag list: the companies it names outright.
    let tagged = group_by_company(&tickers.in_run, &lookup).len();
    let page_tickers: Vec<&str> = mentions.iter().map(|m| m.ticker.as_str()).collect();
    let verdicts = about::decide(
        title_text,
        &parts.body,
        &page_tickers,
        &vec![None; page_tickers.len()],
        about::SourceTags { tagged },
        opts.companies,
    );
    for (m, why) in mentions.iter_mut().zip(verdicts) {
        m.decide_about(why);
    }
    Ok((
        Article {
            id: page_id(full_text),
            published: publication_date(opts.default_date, full_text, file)?,
            title: parts.title.clone(),
            source: None,
            url: None,
            sentiment: stated.article,
            market_impact,
            categories: parts
                .category_line
                .as_deref()
                .map(split_categories)
                .unwrap_or_default(),
            mentions,
        },
        notes,
    ))
}

/// What a page knows of companies: the symbol table and its matcher when there is one
/// (without, a ticker is only itself and no name is found).
#[derive(Clone, Copy)]
struct Lookup<'a>(Option<&'a Companies>);

impl Lookup<'_> {
    /// The company a ticker stands for (an unknown ticker is its own company).
    fn company_of(&self, ticker: &str) -> String {
        Companies::company_of_in(self.0, ticker)
    }

    fn knows(&self, ticker: &str) -> bool {
        self.0
            .is_some_and(|c| c.symbols.company_of(ticker).is_some())
    }

    fn find(&self, text: &str) -> Vec<TextMention> {
        self.0.map(|c| c.matcher().find(text)).unwrap_or_default()
    }
}

/// `Market Impact: 0.7 …` → 0.7; none → 1; anything not in [0, 1] is an error.
fn market_impact(stated: Option<&str>) -> Result<f64, String> {
    let Some(s) = stated else {
        return Ok(1.0);
    };
    let first = s.split_whitespace().next().unwrap_or("");
    match first.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("market impact '{s}' is not a number in [0, 1]")),
    }
}

/// The companies the title and the body name (cashtags, prefixed tickers, names).
struct NamedIn {
    title: Vec<TextMention>,
    body: Vec<TextMention>,
}

impl NamedIn {
    fn all(&self) -> impl Iterator<Item = &TextMention> {
        self.title.iter().chain(&self.body)
    }

    /// How often `company` is named in `mentions`.
    fn count(mentions: &[TextMention], company: &str, lookup: &Lookup) -> usize {
        mentions
            .iter()
            .filter(|m| lookup.company_of(&m.ticker) == company)
            .count()
    }
}

/// A page's tickers in order of prominence, and those of its ticker run (or `--ticker`).
#[derive(Debug, Default, PartialEq)]
struct PageTickers {
    all: Vec<String>,
    in_run: Vec<String>,
}

/// Tickers in order of prominence: the page's ticker runs (split with what the text names),
/// `--ticker` as if the run named it, then the companies named in the title and the body
/// (one ticker per company).
fn page_tickers(
    runs: &[String],
    extra_tickers: &[String],
    named: &NamedIn,
    lookup: &Lookup,
) -> (PageTickers, PageNotes) {
    let mut notes = PageNotes::default();
    let mut tickers = PageTickers::default();
    let named_companies: Vec<String> = named.all().map(|m| lookup.company_of(&m.ticker)).collect();
    for run in runs {
        let known = |t: &str| lookup.knows(t);
        let is_named = |t: &str| named_companies.contains(&lookup.company_of(t));
        let split = split_ticker_run(run, &known, &is_named);
        notes.unresolved_runs.extend(split.unresolved);
        for t in split.tickers {
            tickers.add_to_run(t);
        }
    }
    for t in extra_tickers {
        tickers.add_to_run(t.clone());
    }
    for m in named.all() {
        add_company(&mut tickers.all, &m.ticker, lookup);
    }
    (tickers, notes)
}

impl PageTickers {
    fn add_to_run(&mut self, t: String) {
        if !self.all.contains(&t) {
            self.in_run.push(t.clone());
            self.all.push(t);
        }
    }
}

/// Adds `ticker` unless one of its company's tickers is there already.
fn add_company(tickers: &mut Vec<String>, ticker: &str, lookup: &Lookup) {
    let company = lookup.company_of(ticker);
    if !tickers.iter().any(|x| lookup.company_of(x) == company) {
        tickers.push(ticker.to_string());
    }
}

/// Scores the page states: per ticker (a name resolved to its tickers, added to `tickers`
/// when new) and for the article. A target stated twice with different values is ambiguous
/// and has none.
#[derive(Debug, Default, PartialEq)]
struct Stated {
    by_ticker: BTreeMap<String, Option<f64>>,
    article: Option<f64>,
}

fn stated_by_ticker(full_text: &str, tickers: &mut Vec<String>, lookup: &Lookup) -> Stated {
    let mut by_ticker: BTreeMap<String, Option<f64>> = BTreeMap::new();
    let mut article: Option<Option<f64>> = None;
    for s in stated_scores(full_text) {
        match s.target {
            None => {
                article = Some(match article {
                    Some(Some(prev)) if prev != s.score => None,
                    Some(None) => None,
                    _ => Some(s.score),
                })
            }
            Some(name) => {
                for t in resolve_target(&name, tickers, lookup) {
                    add_company(tickers, &t, lookup);
                    let entry = by_ticker.entry(t).or_insert(Some(s.score));
                    if *entry != Some(s.score) {
                        *entry = None;
                    }
                }
            }
        }
    }
    Stated {
        by_ticker,
        article: article.flatten(),
    }
}

/// The tickers grouped by company, companies in the order of their first ticker.
fn group_by_company(tickers: &[String], lookup: &Lookup) -> Vec<(String, Vec<String>)> {
    let mut order: Vec<(String, Vec<String>)> = Vec::new();
    for t in tickers {
        let c = lookup.company_of(t);
        match order.iter_mut().find(|(name, _)| *name == c) {
            Some((_, ts)) => ts.push(t.clone()),
            None => order.push((c, vec![t.clone()])),
        }
    }
    order
}

/// The text the scorer reads: the title, a blank line, the body.
fn text_for_scoring(title: &str, body: &str) -> String {
    if body.is_empty() {
        title.to_string()
    } else {
        format!("{title}\n\n{body}")
    }
}

/// Text scores: per company (None when no sentence names it), and the article's (the
/// built-in scorer's: of the sentences about no company, else of the whole text).
fn text_scores(
    text: &str,
    by_company: &[(String, Vec<String>)],
    lookup: &Lookup,
    scorer: Option<&dyn TextScorer>,
) -> Result<TextScores, String> {
    entity_scores(text, by_company, lookup, scorer)
}

/// One mention per ticker: its score (stated for it, else its company's text score, else
/// the article's stated score, else the article's text score) and its relevance.
fn page_mentions(
    by_company: &[(String, Vec<String>)],
    stated: &Stated,
    (scores, recorded): (&TextScores, &(ScoreSource, Option<Arc<str>>)),
    in_run: &[String],
    named: &NamedIn,
    title: &str,
    lookup: &Lookup,
) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for (ci, (company, company_tickers)) in by_company.iter().enumerate() {
        for t in company_tickers {
            let relevance = relevance(
                in_run.contains(t),
                NamedIn::count(&named.title, company, lookup) > 0 || stated_in(title, t),
                NamedIn::count(&named.body, company, lookup),
            );
            let text = |s: f64| Mention::computed(t.clone(), s, relevance, recorded);
            mentions.push(match stated.by_ticker.get(t).copied().flatten() {
                Some(s) => Mention::new(t.clone(), s, relevance, ScoreSource::Stated),
                None => match (scores.companies.get(ci).copied().flatten(), stated.article) {
                    (Some(s), _) => text(s),
                    (None, Some(s)) => Mention::new(t.clone(), s, relevance, ScoreSource::Article),
                    (None, None) => text(scores.article),
                },
            });
        }
    }
    mentions
}

/// `--date`, else a date in the text, else one at the start of the file name.
fn publication_date(
    default_date: Option<NaiveDate>,
    full_text: &str,
    file: &Path,
) -> Result<Published, String> {
    default_date
        .or_else(|| find_date_in_text(full_text))
        .or_else(|| date_in_file_name(file))
        .map(Published::from_date)
        .ok_or_else(|| "no publication date: pass --date".into())
}

/// A page's identity: a hash of its text with white space normalised.
fn page_id(full_text: &str) -> String {
    let normalized: String = full_text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "sha:{}",
        &blake3::hash(normalized.as_bytes()).to_hex().as_str()[..32]
    )
}

fn stated_in(text: &str, ticker: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '$')
        .any(|w| w.trim_start_matches('$') == ticker)
}

/// The tickers a stated score's name stands for: a ticker, or a company's tickers on the
/// page (its symbol when none are), trying shorter prefixes of a multi-word name.
fn resolve_target(name: &str, tickers: &[String], lookup: &Lookup) -> Vec<String> {
    if let Ok(Some(t)) = normalize_ticker(name) {
        let written_as_ticker = name == name.to_uppercase() && !name.contains(' ');
        if written_as_ticker && (tickers.contains(&t) || lookup.knows(&t)) {
            return vec![t];
        }
    }
    let Some(c) = lookup.0 else {
        return vec![];
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    for n in (1..=words.len()).rev() {
        let candidate = words[..n].join(" ");
        if let Some(symbol) = c.matcher().symbol_of_name(&candidate) {
            let company = c.company_of(symbol);
            let on_page: Vec<String> = tickers
                .iter()
                .filter(|t| c.company_of(t) == company)
                .cloned()
                .collect();
            return if on_page.is_empty() {
                vec![symbol.to_string()]
            } else {
                on_page
            };
        }
    }
    vec![]
}

/// Scores of each company from the sentences naming it (its tickers, name, aliases), and
/// the article's.
fn entity_scores(
    text: &str,
    by_company: &[(String, Vec<String>)],
    lookup: &Lookup,
    scorer: Option<&dyn TextScorer>,
) -> Result<TextScores, String> {
    let mut names_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (company, tickers) in by_company {
        let mut names: Vec<&str> = vec![company.as_str()];
        if let Some(c) = lookup.0 {
            if let Some(found) = tickers.first().and_then(|t| c.symbols.company_of(t)) {
                names.extend(found.aliases.iter().map(String::as_str));
            }
        }
        names_of.insert(company.as_str(), names);
    }
    let ticker_refs: Vec<Vec<&str>> = by_company
        .iter()
        .map(|(_, ts)| ts.iter().map(String::as_str).collect())
        .collect();
    let entities: Vec<score::Entity> = by_company
        .iter()
        .zip(&ticker_refs)
        .map(|((company, _), tickers)| score::Entity {
            tickers,
            names: names_of
                .get(company.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]),
        })
        .collect();
    scorer::text_scores(scorer, text, &entities, false)
}

/// A date at the start of a file name: `2025-05-28-nvidia.txt`.
fn date_in_file_name(file: &Path) -> Option<NaiveDate> {
    let name = file.file_name()?.to_str()?;
    NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests;
