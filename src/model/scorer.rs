//! A loaded model as extraction's text scorer: per company, the sentences that name it (the
//! built-in scorer's selection), scored through the batcher and combined as the built-in
//! scorer combines its sentences; the whole text for the article's score.

use std::sync::Arc;

use anyhow::Result;
use tickertone_model::Model;
use tickertone_text::score::{weighted_mean, Entity, EntityMatcher, EntityScores};

use super::batcher::Batcher;
use crate::extract::scorer::TextScorer;
use crate::extract::ScoreSource;

/// Articles an ingest parses at once with a model: enough for full batches.
const IN_FLIGHT: usize = 64;

/// A loaded model, its batching thread, and the pool that parses articles for it.
pub struct ModelScorer {
    model: Arc<Model>,
    batcher: Batcher,
    /// Threads that mostly wait for the model: many articles in flight, each parse
    /// blocked on its batch, so that the batches are full.
    workers: rayon::ThreadPool,
    /// `name@hash`, recorded with each mention it scores.
    id: Arc<str>,
}

impl std::fmt::Debug for ModelScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ModelScorer({})", self.id)
    }
}

pub fn load(spec: &str, labels: Option<&[String]>) -> Result<ModelScorer> {
    let model = Model::load(spec, labels)
        .map_err(|e| anyhow::anyhow!("cannot score with the model '{spec}': {e}"))?;
    let model = Arc::new(model);
    let workers = rayon::ThreadPoolBuilder::new()
        .num_threads(IN_FLIGHT)
        .thread_name(|i| format!("parse-{i}"))
        .build()?;
    Ok(ModelScorer {
        id: model.id().into(),
        batcher: Batcher::start(model.clone())?,
        model,
        workers,
    })
}

/// What a model reads of one text for one company: the sentences naming it, as the
/// built-in scorer reads them (`None`: no sentence does).
fn company_sentences<'t>(text: &'t str, entity: &Entity) -> Option<Vec<&'t str>> {
    let m = EntityMatcher::new(std::slice::from_ref(entity));
    let mut sel = m.sentences(text);
    sel.entities.pop().filter(|s| !s.is_empty())
}

impl ModelScorer {
    /// `model ProsusAI/finbert@1a2b3c4d5e6f (Bert; labels …; 512 tokens)`.
    pub fn describe(&self) -> String {
        format!(
            "model {} ({:?}; labels {}; {} tokens)",
            self.id,
            self.model.family(),
            self.model.labels().names.join(", "),
            self.model.window()
        )
    }

    /// Scores of `texts`, each whole, or for `target` (the sentences naming it, else the
    /// whole text), in one run of the model.
    pub fn score_texts(&self, texts: &[&str], target: Option<&Entity>) -> Result<Vec<f64>> {
        let mut all: Vec<&str> = Vec::new();
        let parts: Vec<std::ops::Range<usize>> = texts
            .iter()
            .map(|t| {
                let start = all.len();
                match target.and_then(|e| company_sentences(t, e)) {
                    Some(sentences) => all.extend(sentences),
                    None => all.push(t),
                }
                start..all.len()
            })
            .collect();
        let scores = self.model.scores(&all)?;
        Ok(parts
            .into_iter()
            .map(|r| weighted_mean(scores[r].iter().copied()))
            .collect())
    }

    /// Runs `work` on the pool that keeps many articles in flight.
    pub fn in_flight<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        self.workers.install(work)
    }
}

impl TextScorer for ModelScorer {
    fn entities(&self, text: &str, entities: &[Entity]) -> Result<EntityScores, String> {
        let sel = EntityMatcher::new(entities).sentences(text);
        let all: Vec<&str> = sel.entities.iter().flatten().copied().collect();
        let scores = self.batcher.scores(&all)?;
        let mut at = 0;
        let entities = sel
            .entities
            .iter()
            .map(|sentences| {
                let mine = &scores[at..at + sentences.len()];
                at += sentences.len();
                (!mine.is_empty()).then(|| weighted_mean(mine.iter().copied()))
            })
            .collect();
        // The model's article score is the whole text's: asked for when needed.
        Ok(EntityScores {
            article: None,
            entities,
        })
    }

    fn text(&self, text: &str) -> Result<f64, String> {
        Ok(self
            .batcher
            .scores(&[text])?
            .first()
            .copied()
            .unwrap_or(0.0))
    }

    fn recorded_as(&self) -> (ScoreSource, Option<Arc<str>>) {
        (ScoreSource::Model, Some(self.id.clone()))
    }
}
