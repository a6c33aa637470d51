//! An article object (JSON, or a CSV row group) → a validated [`Article`] with its mentions.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::about;
use super::fields::{kind, number_in, text};
use super::named::companies_in_text;
use super::scorer::{self, TextScorer};
use super::Companies;
use tickertone_text::date::Published;
use tickertone_text::matcher::normalize_ticker;
use tickertone_text::published::parse_published;
use tickertone_text::score;

/// Where a mention's score came from; stored as the `score_source` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreSource {
    /// A score given for this ticker (`ticker_sentiment`, a CSV row's `sentiment`).
    Stated,
    /// The article-level `sentiment`, used for a ticker without its own score.
    Article,
    /// Computed by the text scorer from the article's text.
    Computed,
    /// Computed by a transformer model (`--model`); the mention names it.
    Model,
}

impl ScoreSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreSource::Stated => "stated",
            ScoreSource::Article => "article",
            ScoreSource::Computed => "computed",
            ScoreSource::Model => "model",
        }
    }
}

/// One ticker mentioned by an article, with its score in [-1, 1] and relevance in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub ticker: String,
    pub score: f64,
    pub relevance: f64,
    pub score_source: ScoreSource,
    /// Whether the article is about the ticker's company (see `extract::about`).
    pub about: bool,
    /// Why: a short code (`tickertone_text::about::Why::code`), as the store keeps it.
    pub why: &'static str,
    /// The model that computed the score (`name@hash`), when `score_source` is `model`.
    pub model: Option<Arc<str>>,
}

impl Mention {
    /// Records the verdict of `extract::about`.
    pub fn decide_about(&mut self, why: tickertone_text::about::Why) {
        self.about = why.about();
        self.why = why.code();
    }

    /// A mention not yet decided `about` (as the article's own code decides it).
    pub fn new(ticker: String, score: f64, relevance: f64, score_source: ScoreSource) -> Self {
        Mention {
            ticker,
            score,
            relevance,
            score_source,
            about: true,
            why: "",
            model: None,
        }
    }

    /// A mention scored by the text scorer that records itself as `recorded` (see
    /// [`TextScorer::recorded_as`]).
    pub fn computed(
        ticker: String,
        score: f64,
        relevance: f64,
        recorded: &(ScoreSource, Option<Arc<str>>),
    ) -> Self {
        Mention {
            model: recorded.1.clone(),
            ..Mention::new(ticker, score, relevance, recorded.0)
        }
    }
}

/// A validated article: everything the store records about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable identity: the given `id`, else `url:<url>`, else a hash of source, title and
    /// publication instant.
    pub id: String,
    pub published: Published,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The article-level score, when given.
    pub sentiment: Option<f64>,
    /// In [0, 1]; 1 when not given.
    pub market_impact: f64,
    pub categories: Vec<String>,
    /// Each ticker once. Empty when the record names no company: such an article is
    /// skipped by ingest, not recorded and not rejected.
    pub mentions: Vec<Mention>,
}

/// What parsing an article needs besides the object itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions<'a> {
    /// `--date`: the publication date of inputs that carry none.
    pub default_date: Option<NaiveDate>,
    /// The companies, to find them in text; without them only tickers are known.
    pub companies: Option<&'a Companies>,
    /// `--input-tz`: the zone of dates written without a UTC offset.
    pub input_tz: Option<Tz>,
    /// `--ticker`: companies every record of these inputs is about, beside the ones it
    /// names itself (normalised tickers).
    pub extra_tickers: &'a [String],
    /// `--columns`: `(field, header)` pairs naming a CSV's columns beside the synonyms.
    pub columns: &'a [(String, String)],
    /// The scorer of text without a score (`--model`); `None`: the built-in one.
    pub scorer: Option<&'a dyn TextScorer>,
    /// Articles published after this are rejected (`extract::dated`); `None` with
    /// `--allow-future`.
    pub not_after: Option<chrono::DateTime<chrono::Utc>>,
}

/// A score given for one ticker, before the article-level fallback is applied.
struct GivenTicker {
    ticker: String,
    score: Option<f64>,
    /// As the source gave it; `None`: not given (recorded as 1).
    relevance: Option<f64>,
    /// The source gave the ticker (a ticker field, `--ticker`), rather than the text.
    tagged: bool,
}

/// Validates one article object. The error is the rejection reason, in plain words.
pub fn parse_article(value: &Value, opts: &ParseOptions) -> Result<Article, String> {
    let Value::Object(obj) = value else {
        return Err(format!("expected an article object, found {}", kind(value)));
    };
    if let Some(msg) = alpha_vantage_error(obj) {
        return Err(format!(
            "an Alpha Vantage error response, not an article: {msg}"
        ));
    }

    let published = match text(
        first(obj, &["published_at", "time_published"]),
        "published_at",
    )? {
        Some(s) => parse_published(&s, opts.input_tz).map_err(|e| format!("published_at: {e}"))?,
        None => match opts.default_date {
            Some(d) => Published::from_date(d),
            None => return Err("no published_at: add one, or pass --date".into()),
        },
    };
    super::dated::check_not_future(&published, opts)?;
    let title = text(obj.get("title"), "title")?;
    let source = text(obj.get("source"), "source")?;
    let url = text(obj.get("url"), "url")?;
    let sentiment = number_in(
        first(obj, &["sentiment", "overall_sentiment_score"]),
        "sentiment",
        -1.0,
        1.0,
    )?;
    let market_impact =
        number_in(obj.get("market_impact"), "market_impact", 0.0, 1.0)?.unwrap_or(1.0);
    let categories = categories(first(obj, &["categories", "topics"]))?;

    // The body is read only when needed: most records carry tickers and scores.
    let read_body = || text(first(obj, &["body", "summary", "text"]), "body");
    let mut body: Option<Option<String>> = None;
    let mut given = ticker_sentiment(obj.get("ticker_sentiment"))?;
    for ticker in ticker_list(obj.get("tickers"))?
        .into_iter()
        .chain(opts.extra_tickers.iter().cloned())
    {
        add_unscored(&mut given, ticker, None, NamedBy::Outright, opts.companies);
    }
    // Text matching is for sources with no ticker field at all: a source that gives a list
    // keeps it, even an empty one (it named no company on purpose).
    let has_ticker_field = ["tickers", "ticker_sentiment"]
        .iter()
        .any(|k| obj.get(*k).is_some_and(|v| !v.is_null()));
    if !has_ticker_field {
        if let Some(companies) = opts.companies {
            let text = body.insert(read_body()?).as_deref().unwrap_or("");
            let title = title.as_deref().unwrap_or("");
            for (ticker, relevance) in companies_in_text(title, text, companies) {
                add_unscored(
                    &mut given,
                    ticker,
                    Some(relevance),
                    NamedBy::InText,
                    opts.companies,
                );
            }
        }
    }
    // Tickers without a score of their own or an article score are scored from the text.
    let unscored: Vec<String> = given
        .iter()
        .filter(|g| g.score.is_none() && sentiment.is_none())
        .map(|g| g.ticker.clone())
        .collect();
    // The body is read for every record now: `about` is decided from the whole text.
    let body = match body {
        Some(body) => body,
        None => read_body()?,
    };
    let computed = if unscored.is_empty() {
        Vec::new()
    } else {
        let full: String = [title.as_deref(), body.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n\n");
        if full.trim().is_empty() {
            return Err(format!(
                "no score for {} and no text to compute one from: give a ticker score, \
                 the article's `sentiment`, or a title or body",
                unscored.join(", ")
            ));
        }
        let refs: Vec<&str> = unscored.iter().map(String::as_str).collect();
        computed_scores(&full, &refs, opts)?
    };
    let recorded = scorer::recorded_as(opts.scorer);
    let source_relevance: Vec<Option<f64>> = given
        .iter()
        .map(|g| g.relevance.filter(|_| g.tagged))
        .collect();
    let tagged = {
        let mut tagged: Vec<&str> = given
            .iter()
            .filter(|g| g.tagged)
            .map(
                |g| match opts.companies.and_then(|c| c.symbols.company_of(&g.ticker)) {
                    Some(company) => company.name.as_str(),
                    None => g.ticker.as_str(),
                },
            )
            .collect();
        tagged.sort_unstable();
        tagged.dedup();
        tagged.len()
    };
    let mut mentions = given
        .into_iter()
        .map(|g| {
            let (score, score_source) = match (g.score, sentiment) {
                (Some(s), _) => (s, ScoreSource::Stated),
                (None, Some(s)) => (s, ScoreSource::Article),
                (None, None) => {
                    let i = unscored.iter().position(|t| *t == g.ticker).unwrap_or(0);
                    let score = computed.get(i).copied().unwrap_or(0.0);
                    return Mention::computed(
                        g.ticker,
                        score,
                        g.relevance.unwrap_or(1.0),
                        &recorded,
                    );
                }
            };
            Mention::new(g.ticker, score, g.relevance.unwrap_or(1.0), score_source)
        })
        .collect::<Vec<_>>();
    let tickers: Vec<&str> = mentions.iter().map(|m| m.ticker.as_str()).collect();
    let verdicts = about::decide(
        title.as_deref().unwrap_or(""),
        body.as_deref().unwrap_or(""),
        &tickers,
        &source_relevance,
        about::SourceTags { tagged },
        opts.companies,
    );
    for (m, why) in mentions.iter_mut().zip(verdicts) {
        m.decide_about(why);
    }

    let id = match text(obj.get("id"), "id")? {
        Some(id) => id,
        None => derived_id(
            url.as_deref(),
            source.as_deref(),
            title.as_deref(),
            &published,
        ),
    };
    Ok(Article {
        id,
        published,
        title,
        source,
        url,
        sentiment,
        market_impact,
        categories,
        mentions,
    })
}

/// How a record names a company.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NamedBy {
    /// By a ticker it gives (or `--ticker`).
    Outright,
    /// By a name, cashtag or prefixed ticker found in its text.
    InText,
}

/// Adds a ticker without a score of its own, unless it is there already.
fn add_unscored(
    given: &mut Vec<GivenTicker>,
    ticker: String,
    relevance: Option<f64>,
    named: NamedBy,
    companies: Option<&Companies>,
) {
    let company = |t: &str| Companies::company_of_in(companies, t);
    if given.iter().any(|g| g.ticker == ticker) {
        return;
    }
    // A company found in text is skipped when another of its tickers is there; a ticker
    // given outright is kept beside its siblings (GOOG and GOOGL are both recorded).
    if named == NamedBy::InText {
        let wanted = company(&ticker);
        if given.iter().any(|g| company(&g.ticker) == wanted) {
            return;
        }
    }
    given.push(GivenTicker {
        ticker,
        score: None,
        relevance,
        tagged: named == NamedBy::Outright,
    });
}

/// Text scores of `tickers`: each from the sentences that name its company (ticker, name,
/// alias), else the article's; by `opts.scorer`. An error is the scorer's, as a reason.
fn computed_scores(text: &str, tickers: &[&str], opts: &ParseOptions) -> Result<Vec<f64>, String> {
    let companies = opts.companies;
    let names: Vec<Vec<&str>> = tickers
        .iter()
        .map(|t| match companies.and_then(|c| c.symbols.company_of(t)) {
            Some(company) => std::iter::once(company.name.as_str())
                .chain(company.aliases.iter().map(String::as_str))
                .collect(),
            None => vec![],
        })
        .collect();
    let ticker_lists: Vec<[&str; 1]> = tickers.iter().map(|t| [*t]).collect();
    let entities: Vec<score::Entity> = ticker_lists
        .iter()
        .zip(&names)
        .map(|(t, n)| score::Entity {
            tickers: t.as_slice(),
            names: n.as_slice(),
        })
        .collect();
    // A ticker no sentence names gets the article's score (the built-in scorer: of the
    // sentences about no company, else of the whole text).
    let scored = scorer::text_scores(opts.scorer, text, &entities, false)?;
    Ok(scored
        .companies
        .into_iter()
        .map(|s| s.unwrap_or(scored.article))
        .collect())
}

/// Identity of an article without an `id`: its url, else a hash of what names it.
pub fn derived_id(
    url: Option<&str>,
    source: Option<&str>,
    title: Option<&str>,
    published: &Published,
) -> String {
    if let Some(url) = url {
        return format!("url:{url}");
    }
    let mut hasher = blake3::Hasher::new();
    for part in [
        source.unwrap_or(""),
        title.unwrap_or(""),
        &published.utc.to_rfc3339(),
        if published.date_only {
            "date"
        } else {
            "instant"
        },
    ] {
        hasher.update(part.as_bytes());
        hasher.update(&[0x1f]);
    }
    let hex = hasher.finalize().to_hex();
    format!("sha:{}", &hex.as_str()[..32])
}

fn first<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|k| obj.get(*k))
        .find(|v| !v.is_null())
}

fn alpha_vantage_error(obj: &Map<String, Value>) -> Option<String> {
    ["Error Message", "Information", "Note"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .filter(|_| !obj.contains_key("published_at") && !obj.contains_key("time_published"))
        .map(str::to_string)
}

/// `tickers`: a list, or one comma-separated string.
fn ticker_list(value: Option<&Value>) -> Result<Vec<String>, String> {
    let raw: Vec<String> = match value {
        None | Some(Value::Null) => vec![],
        Some(Value::String(s)) => s.split(',').map(str::to_string).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!("tickers: expected text, found {}", kind(other))),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(format!(
                "tickers: expected a list or a comma-separated string, found {}",
                kind(other)
            ))
        }
    };
    let mut out: Vec<String> = Vec::new();
    for t in raw {
        if let Some(t) = normalize_ticker(&t).map_err(|e| format!("tickers: {e}"))? {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    Ok(out)
}

/// `ticker_sentiment`: `{"META": -0.8}`, or a list of `{ticker, score, relevance}` (Alpha
/// Vantage's `{ticker, ticker_sentiment_score, relevance_score}` too).
fn ticker_sentiment(value: Option<&Value>) -> Result<Vec<GivenTicker>, String> {
    let mut entries: Vec<(String, Option<&Value>, Option<&Value>)> = Vec::new();
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (ticker, v) in map {
                match v {
                    Value::Object(inner) => entries.push((
                        ticker.clone(),
                        first(inner, &["score", "ticker_sentiment_score", "sentiment"]),
                        first(inner, &["relevance", "relevance_score"]),
                    )),
                    v => entries.push((ticker.clone(), Some(v), None)),
                }
            }
        }
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let Value::Object(inner) = item else {
                    return Err(format!(
                        "ticker_sentiment[{i}]: expected an object, found {}",
                        kind(item)
                    ));
                };
                let ticker = text(inner.get("ticker"), "ticker")?
                    .ok_or_else(|| format!("ticker_sentiment[{i}]: no ticker"))?;
                entries.push((
                    ticker,
                    first(inner, &["score", "ticker_sentiment_score", "sentiment"]),
                    first(inner, &["relevance", "relevance_score"]),
                ));
            }
        }
        Some(other) => {
            return Err(format!(
                "ticker_sentiment: expected an object or a list, found {}",
                kind(other)
            ))
        }
    }

    let mut out: Vec<GivenTicker> = Vec::new();
    for (raw_ticker, score, relevance) in entries {
        let Some(ticker) =
            normalize_ticker(&raw_ticker).map_err(|e| format!("ticker_sentiment: {e}"))?
        else {
            return Err("ticker_sentiment: an entry has an empty ticker".into());
        };
        // The entry's name is written only into an error: most records have none.
        let label = |e: String| format!("ticker_sentiment[{ticker}].{e}");
        let score = number_in(score, "score", -1.0, 1.0).map_err(label)?;
        let relevance = number_in(relevance, "relevance", 0.0, 1.0).map_err(label)?;
        if let Some(prev) = out.iter().find(|g| g.ticker == ticker) {
            if prev.score != score || prev.relevance != relevance {
                return Err(format!(
                    "ticker_sentiment[{ticker}]: given twice with different values"
                ));
            }
            continue;
        }
        out.push(GivenTicker {
            ticker,
            score,
            relevance,
            tagged: true,
        });
    }
    Ok(out)
}

/// `categories` (list of strings) or Alpha Vantage `topics` (list of `{topic, ...}`).
fn categories(value: Option<&Value>) -> Result<Vec<String>, String> {
    let items = match value {
        None | Some(Value::Null) => return Ok(vec![]),
        Some(Value::Array(items)) => items,
        Some(Value::String(s)) => {
            return Ok(s
                .split([',', ';'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect())
        }
        Some(other) => {
            return Err(format!(
                "categories: expected a list, found {}",
                kind(other)
            ))
        }
    };
    let mut seen = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let name = match item {
            Value::String(s) => s.trim().to_string(),
            Value::Object(o) => text(o.get("topic"), "topic")?.unwrap_or_default(),
            other => {
                return Err(format!(
                    "categories[{i}]: expected text, found {}",
                    kind(other)
                ))
            }
        };
        if !name.is_empty() {
            seen.entry(name).or_insert(i);
        }
    }
    let mut ordered: Vec<(usize, String)> = seen.into_iter().map(|(n, i)| (i, n)).collect();
    ordered.sort();
    Ok(ordered.into_iter().map(|(_, n)| n).collect())
}

#[cfg(test)]
mod tests;
