//! Which scorer computes the scores of text without one: the built-in scorer, or another
//! one given in [`super::ParseOptions::scorer`] (a transformer model, `--model`).
//! Extraction asks through [`TextScorer`] and never knows which it is.

use std::fmt;
use std::sync::Arc;

use tickertone_text::score::{self, Entity, EntityScores};

use super::article::ScoreSource;

/// A scorer of text: per company, and for the whole text.
pub trait TextScorer: Sync + fmt::Debug {
    /// Each entity's score on the sentences naming it (`None` when none does), and, when
    /// the scorer has it at no extra cost, the article's (else `None`: ask [`Self::text`]).
    fn entities(&self, text: &str, entities: &[Entity]) -> Result<EntityScores, String>;

    /// The whole text's score.
    fn text(&self, text: &str) -> Result<f64, String>;

    /// How its scores are recorded: `score_source`, and the model's `name@hash` for a model.
    fn recorded_as(&self) -> (ScoreSource, Option<Arc<str>>);
}

/// The built-in scorer (`tickertone_text::score`): the article's score is that of the
/// sentences naming no company, else of the whole text.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltIn;

impl TextScorer for BuiltIn {
    fn entities(&self, text: &str, entities: &[Entity]) -> Result<EntityScores, String> {
        Ok(score::score_entities(text, entities))
    }

    fn text(&self, text: &str) -> Result<f64, String> {
        Ok(score::score_text(text))
    }

    fn recorded_as(&self) -> (ScoreSource, Option<Arc<str>>) {
        (ScoreSource::Computed, None)
    }
}

/// Text scores of one article: per company (`None` when no sentence names it) and the
/// article's own.
pub struct TextScores {
    pub companies: Vec<Option<f64>>,
    pub article: f64,
}

/// Scores `text` for `entities` with `scorer` (the built-in one when `None`). The article's
/// score is computed only when a company has none of its own or `want_article` is set.
pub fn text_scores(
    scorer: Option<&dyn TextScorer>,
    text: &str,
    entities: &[Entity],
    want_article: bool,
) -> Result<TextScores, String> {
    let scorer = scorer.unwrap_or(&BuiltIn);
    let scored = scorer.entities(text, entities)?;
    let article = match scored.article {
        Some(a) => a,
        None if want_article || scored.entities.iter().any(Option::is_none) => scorer.text(text)?,
        None => 0.0,
    };
    Ok(TextScores {
        companies: scored.entities,
        article,
    })
}

/// How `scorer` (the built-in one when `None`) records its scores.
pub fn recorded_as(scorer: Option<&dyn TextScorer>) -> (ScoreSource, Option<Arc<str>>) {
    scorer.unwrap_or(&BuiltIn).recorded_as()
}
