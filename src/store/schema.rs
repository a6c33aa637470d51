//! The columns of the store's Parquet files (documented in the README: keep both in step).

use anyhow::Result;
use polars::prelude::*;

use crate::extract::Article;

/// Column names, one row per ticker mention.
pub mod columns {
    pub const ARTICLE_ID: &str = "article_id";
    /// Timestamp (µs, UTC).
    pub const PUBLISHED_AT: &str = "published_at";
    /// True when only a date was given: `published_at` is then midnight UTC of that date and
    /// the date holds in every time zone.
    pub const DATE_ONLY: &str = "date_only";
    pub const TICKER: &str = "ticker";
    pub const SCORE: &str = "score";
    pub const SCORE_SOURCE: &str = "score_source";
    /// As the source gave it (1 when it gave none).
    pub const RELEVANCE: &str = "relevance";
    /// Whether the article is about the mention's company (`tickertone_text::about`).
    pub const ABOUT: &str = "about";
    /// Why, as a short code (`headline`, `lead`, `role:employer`, …; `tickertone explain`
    /// prints it in words).
    pub const ABOUT_WHY: &str = "about_why";
    pub const MARKET_IMPACT: &str = "market_impact";
    pub const ARTICLE_SENTIMENT: &str = "article_sentiment";
    pub const TITLE: &str = "title";
    pub const SOURCE: &str = "source";
    pub const URL: &str = "url";
    /// `;`-joined.
    pub const CATEGORIES: &str = "categories";
    /// The model that computed the score, `name@hash` (`score_source` `model`); else null.
    /// Files written before the column read it as null.
    pub const SCORE_MODEL: &str = "score_model";
}

/// A stored value no ingest writes (a `score` outside [-1, 1], a `relevance` outside
/// [0, 1], or either not a number) in `df`'s columns that it has: the file holding it is
/// damaged. Said in words (`score 3.2e180 is outside [-1, 1]`), the first one found.
pub fn impossible_value(df: &DataFrame) -> Result<Option<String>> {
    for (name, lo, hi) in [(columns::SCORE, -1.0, 1.0), (columns::RELEVANCE, 0.0, 1.0)] {
        let Ok(column) = df.column(name) else {
            continue;
        };
        let bad = column
            .f64()?
            .iter()
            .flatten()
            .find(|x| !(lo..=hi).contains(x));
        if let Some(x) = bad {
            return Ok(Some(format!("{name} {x:e} is outside [{lo}, {hi}]")));
        }
    }
    Ok(None)
}

/// Flattens articles into one row per mention.
pub fn articles_to_frame(articles: &[Article]) -> Result<DataFrame> {
    article_refs_to_frame(&articles.iter().collect::<Vec<_>>())
}

/// [`articles_to_frame`] of borrowed articles (a batch's articles of one month).
pub(super) fn article_refs_to_frame(articles: &[&Article]) -> Result<DataFrame> {
    let rows: usize = articles.iter().map(|a| a.mentions.len()).sum();
    let mut article_id = Vec::with_capacity(rows);
    let mut published_at = Vec::with_capacity(rows);
    let mut date_only = Vec::with_capacity(rows);
    let mut ticker = Vec::with_capacity(rows);
    let mut score = Vec::with_capacity(rows);
    let mut score_source = Vec::with_capacity(rows);
    let mut relevance = Vec::with_capacity(rows);
    let mut about = Vec::with_capacity(rows);
    let mut about_why = Vec::with_capacity(rows);
    let mut market_impact = Vec::with_capacity(rows);
    let mut article_sentiment = Vec::with_capacity(rows);
    let mut title = Vec::with_capacity(rows);
    let mut source = Vec::with_capacity(rows);
    let mut url = Vec::with_capacity(rows);
    let mut categories = Vec::with_capacity(rows);
    let mut score_model = Vec::with_capacity(rows);
    // Joined once per article; its mentions' rows borrow the text.
    let joined_categories: Vec<Option<String>> = articles
        .iter()
        .map(|a| (!a.categories.is_empty()).then(|| a.categories.join(";")))
        .collect();
    for (a, cats) in articles.iter().zip(&joined_categories) {
        for m in &a.mentions {
            article_id.push(a.id.as_str());
            published_at.push(a.published.utc.timestamp_micros());
            date_only.push(a.published.date_only);
            ticker.push(m.ticker.as_str());
            score.push(m.score);
            score_source.push(m.score_source.as_str());
            relevance.push(m.relevance);
            about.push(m.about);
            about_why.push(m.why);
            market_impact.push(a.market_impact);
            article_sentiment.push(a.sentiment);
            title.push(a.title.as_deref());
            source.push(a.source.as_deref());
            url.push(a.url.as_deref());
            categories.push(cats.as_deref());
            score_model.push(m.model.as_deref());
        }
    }
    use columns::*;
    let published = Int64Chunked::from_vec(PUBLISHED_AT.into(), published_at)
        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
        .into_column();
    let df = DataFrame::new(
        rows,
        vec![
            Column::new(ARTICLE_ID.into(), article_id),
            published,
            Column::new(DATE_ONLY.into(), date_only),
            Column::new(TICKER.into(), ticker),
            Column::new(SCORE.into(), score),
            Column::new(SCORE_SOURCE.into(), score_source),
            Column::new(RELEVANCE.into(), relevance),
            Column::new(ABOUT.into(), about),
            Column::new(ABOUT_WHY.into(), about_why),
            Column::new(MARKET_IMPACT.into(), market_impact),
            Column::new(ARTICLE_SENTIMENT.into(), article_sentiment),
            Column::new(TITLE.into(), title),
            Column::new(SOURCE.into(), source),
            Column::new(URL.into(), url),
            Column::new(CATEGORIES.into(), categories),
            Column::new(SCORE_MODEL.into(), score_model),
        ],
    )?;
    Ok(df)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_scores_and_relevances_are_found() {
        let frame = |score: f64, relevance: f64| {
            df!(columns::SCORE => [0.5, score], columns::RELEVANCE => [1.0, relevance]).unwrap()
        };
        assert_eq!(impossible_value(&frame(-1.0, 0.0)).unwrap(), None);
        let found = impossible_value(&frame(3.2e180, 0.5)).unwrap().unwrap();
        assert!(found.contains("score 3.2e180"), "{found}");
        assert!(impossible_value(&frame(f64::NAN, 0.5)).unwrap().is_some());
        let found = impossible_value(&frame(0.1, 1.5)).unwrap().unwrap();
        assert!(found.starts_with("relevance"), "{found}");
        // A frame without the columns (a projection) has nothing to check.
        let other = df!(columns::TICKER => ["A"]).unwrap();
        assert_eq!(impossible_value(&other).unwrap(), None);
    }
}
