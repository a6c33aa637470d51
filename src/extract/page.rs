//! A raw news page → an [`Article`]: tickers from the glued run and the text, stated scores,
//! the rest scored from the text, the date from `--date`, the text or the file name.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;

use super::article::{Article, Mention, ParseOptions, ScoreSource};
use super::glued::{split_categories, split_ticker_run};
use super::stated::stated_scores;
use super::Companies;
use crate::input::page::PageParts;
use tickertone_text::date::Published;
use tickertone_text::matcher::normalize_ticker;
use tickertone_text::published::find_date_in_text;
use tickertone_text::score;

/// Relevance of a ticker on a page, from how prominent it is (see ARCHITECTURE.md):
/// 0.4 for being in the page's ticker run, 0.3 for being named in the title, 0.1 for each
/// mention in the body up to three; at least 0.1, at most 1.
pub(super) fn relevance(in_run: bool, in_title: bool, body_mentions: usize) -> f64 {
    let r = 0.4 * f64::from(u8::from(in_run))
        + 0.3 * f64::from(u8::from(in_title))
        + 0.1 * body_mentions.min(3) as f64;
    (r.clamp(0.1, 1.0) * 10.0).round() / 10.0
}

/// What a page gave, besides the article: parts of ticker runs that could not be split.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageNotes {
    pub unresolved_runs: Vec<String>,
}

pub fn page_to_article(
    parts: &PageParts,
    full_text: &str,
    file: &Path,
    opts: &ParseOptions,
) -> Result<(Article, PageNotes), String> {
    let companies = opts.companies;
    let title = parts.title.clone();
    let title_text = title.as_deref().unwrap_or("");
    let body = parts.body.as_str();
    let mut notes = PageNotes::default();

    let market_impact = match &parts.market_impact {
        None => 1.0,
        Some(s) => {
            let first = s.split_whitespace().next().unwrap_or("");
            match first.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => x,
                _ => return Err(format!("market impact '{s}' is not a number in [0, 1]")),
            }
        }
    };

    let find = |text: &str| companies.map(|c| c.matcher.find(text)).unwrap_or_default();
    let title_mentions = find(title_text);
    let body_mentions = find(body);
    let company_of = |t: &str| -> String {
        companies
            .map(|c| c.symbols.resolve_ticker(t).0.to_string())
            .unwrap_or_else(|| t.to_string())
    };
    let named_companies: Vec<String> = title_mentions
        .iter()
        .chain(&body_mentions)
        .map(|m| company_of(&m.ticker))
        .collect();

    // Tickers in order of prominence: the run, then the title, then the body.
    let mut tickers: Vec<String> = Vec::new();
    let mut in_run: Vec<String> = Vec::new();
    for run in &parts.ticker_runs {
        let known = |t: &str| companies.is_some_and(|c| c.symbols.company_of(t).is_some());
        let named = |t: &str| named_companies.contains(&company_of(t));
        let split = split_ticker_run(run, &known, &named);
        notes.unresolved_runs.extend(split.unresolved);
        for t in split.tickers {
            if !tickers.contains(&t) {
                in_run.push(t.clone());
                tickers.push(t);
            }
        }
    }
    // `--ticker`: the input is about these companies, as if the page's run named them.
    for t in opts.extra_tickers {
        if !tickers.contains(t) {
            in_run.push(t.clone());
            tickers.push(t.clone());
        }
    }
    let add = |tickers: &mut Vec<String>, t: &str| {
        let company = company_of(t);
        if !tickers.iter().any(|x| company_of(x) == company) {
            tickers.push(t.to_string());
        }
    };
    for m in title_mentions.iter().chain(&body_mentions) {
        add(&mut tickers, &m.ticker);
    }

    // Stated scores, resolved to tickers; a name stated twice with different values is
    // ambiguous and dropped.
    let mut stated: BTreeMap<String, Option<f64>> = BTreeMap::new();
    let mut article_stated: Option<Option<f64>> = None;
    for s in stated_scores(full_text) {
        match s.target {
            None => {
                article_stated = Some(match article_stated {
                    Some(Some(prev)) if prev != s.score => None,
                    Some(None) => None,
                    _ => Some(s.score),
                })
            }
            Some(name) => {
                for t in resolve_target(&name, &tickers, companies) {
                    add(&mut tickers, &t);
                    let entry = stated.entry(t).or_insert(Some(s.score));
                    if *entry != Some(s.score) {
                        *entry = None;
                    }
                }
            }
        }
    }
    let article_stated = article_stated.flatten();

    // Text scores per company, from the sentences that mention it.
    let by_company: Vec<(String, Vec<String>)> = {
        let mut order: Vec<(String, Vec<String>)> = Vec::new();
        for t in &tickers {
            let c = company_of(t);
            match order.iter_mut().find(|(name, _)| *name == c) {
                Some((_, ts)) => ts.push(t.clone()),
                None => order.push((c, vec![t.clone()])),
            }
        }
        order
    };
    let text_for_scoring = if body.is_empty() {
        title_text.to_string()
    } else {
        format!("{title_text}\n\n{body}")
    };
    let scored = entity_scores(&text_for_scoring, &by_company, companies);
    // A company no sentence names gets the article's score: that of the sentences about
    // no company, else of the whole text.
    let article_computed = scored
        .article
        .unwrap_or_else(|| score::score_text(&text_for_scoring));
    let entity_scores = scored.entities;

    let count = |mentions: &[super::text_tickers::TextMention], company: &str| {
        mentions
            .iter()
            .filter(|m| company_of(&m.ticker) == company)
            .count()
    };
    let mut mentions = Vec::new();
    for (ci, (company, company_tickers)) in by_company.iter().enumerate() {
        for t in company_tickers {
            let (score, source) = match stated.get(t).copied().flatten() {
                Some(s) => (s, ScoreSource::Stated),
                None => match (entity_scores.get(ci).copied().flatten(), article_stated) {
                    (Some(s), _) => (s, ScoreSource::Computed),
                    (None, Some(s)) => (s, ScoreSource::Article),
                    (None, None) => (article_computed, ScoreSource::Computed),
                },
            };
            mentions.push(Mention {
                ticker: t.clone(),
                score,
                relevance: relevance(
                    in_run.contains(t),
                    count(&title_mentions, company) > 0 || stated_in(title_text, t),
                    count(&body_mentions, company),
                ),
                score_source: source,
            });
        }
    }

    let published = match opts.default_date {
        Some(d) => Published::from_date(d),
        None => match find_date_in_text(full_text).or_else(|| date_in_file_name(file)) {
            Some(d) => Published::from_date(d),
            None => return Err("no publication date: pass --date".into()),
        },
    };
    let normalized: String = full_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let id = format!(
        "sha:{}",
        &blake3::hash(normalized.as_bytes()).to_hex().as_str()[..32]
    );
    Ok((
        Article {
            id,
            published,
            title,
            source: None,
            url: None,
            sentiment: article_stated,
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

fn stated_in(text: &str, ticker: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '$')
        .any(|w| w.trim_start_matches('$') == ticker)
}

/// The tickers a stated score's name stands for: a ticker, or a company's tickers on the
/// page (its symbol when none are), trying shorter prefixes of a multi-word name.
fn resolve_target(name: &str, tickers: &[String], companies: Option<&Companies>) -> Vec<String> {
    if let Ok(Some(t)) = normalize_ticker(name) {
        if name == name.to_uppercase() && !name.contains(' ') {
            let known = companies.is_some_and(|c| c.symbols.company_of(&t).is_some());
            if tickers.contains(&t) || known {
                return vec![t];
            }
        }
    }
    let Some(c) = companies else {
        return vec![];
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    for n in (1..=words.len()).rev() {
        let candidate = words[..n].join(" ");
        if let Some(symbol) = c.matcher.symbol_of_name(&candidate) {
            let company = c.symbols.resolve_ticker(symbol).0.to_string();
            let on_page: Vec<String> = tickers
                .iter()
                .filter(|t| c.symbols.resolve_ticker(t).0 == company)
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
/// of the sentences naming none.
fn entity_scores(
    text: &str,
    by_company: &[(String, Vec<String>)],
    companies: Option<&Companies>,
) -> score::EntityScores {
    let mut names_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (company, tickers) in by_company {
        let mut names: Vec<&str> = vec![company.as_str()];
        if let Some(c) = companies {
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
    score::score_entities(text, &entities)
}

/// A date at the start of a file name: `2025-05-28-nvidia.txt`.
fn date_in_file_name(file: &Path) -> Option<NaiveDate> {
    let name = file.file_name()?.to_str()?;
    NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance_follows_prominence() {
        assert_eq!(relevance(true, true, 5), 1.0);
        assert_eq!(relevance(true, false, 1), 0.5);
        assert_eq!(relevance(true, false, 0), 0.4);
        assert_eq!(relevance(false, false, 0), 0.1);
    }

    fn builtin() -> &'static Companies {
        static C: std::sync::OnceLock<Companies> = std::sync::OnceLock::new();
        C.get_or_init(|| Companies::new(crate::symbols::SymbolTable::builtin().unwrap()))
    }

    proptest::proptest! {
        /// No page makes the reader or the extraction panic.
        #[test]
        fn any_text_is_handled(text in "(?s).{0,400}") {
            let opts = ParseOptions { companies: Some(builtin()), ..Default::default() };
            let parts = crate::input::page::parse_page(&text);
            let _ = page_to_article(&parts, &text, Path::new("x.txt"), &opts);
        }

        /// Page-like texts (runs, impacts, stated scores) too.
        #[test]
        fn page_like_text_is_handled(
            lines in proptest::collection::vec(
                "(Back to News|Market Impact: -?[0-9.]{0,4}|[A-Z]{1,20}|[A-Za-z &]{0,30}|.{0,60}sentiment score of -?[0-9.]{1,4} for [A-Z]{1,5}.{0,20}|Analysis|)",
                0..12,
            )
        ) {
            let text = lines.join("\n");
            let opts = ParseOptions { companies: Some(builtin()), ..Default::default() };
            let parts = crate::input::page::parse_page(&text);
            if let Ok((article, _)) = page_to_article(&parts, &text, Path::new("2025-01-01.txt"), &opts) {
                for m in &article.mentions {
                    assert!((-1.0..=1.0).contains(&m.score) && (0.0..=1.0).contains(&m.relevance));
                }
            }
        }
    }

    #[test]
    fn file_name_dates() {
        assert_eq!(
            date_in_file_name(Path::new("x/2025-05-28-nvidia.txt")),
            NaiveDate::from_ymd_opt(2025, 5, 28)
        );
        assert_eq!(date_in_file_name(Path::new("nvidia.txt")), None);
    }
}
