//! `--model` and `[scorer] model`: a transformer model (a Hugging Face sequence classifier,
//! run by `tickertone_model`) scores the text without a score, in place of the built-in
//! scorer. Compiled with `--features model`; without it, asking for a model is a usage
//! error saying how to build it. A command loads the model once, whole, before it reads or
//! records anything: a model that fails to load stops the command with nothing recorded.

use anyhow::Result;

use crate::app::Env;

#[cfg(feature = "model")]
mod batcher;
#[cfg(feature = "model")]
mod scorer;

#[cfg(feature = "model")]
pub use scorer::ModelScorer;
#[cfg(not(feature = "model"))]
pub use without::ModelScorer;

/// The model a command scores with: `--model` (`flag`), else `[scorer] model`; `None`: the
/// built-in scorer. `-v` says what was loaded and how long it took.
pub fn load(env: &Env, flag: Option<&str>) -> Result<Option<ModelScorer>> {
    let Some(spec) = flag.or(env.scorer.model.as_deref()) else {
        return Ok(None);
    };
    let started = std::time::Instant::now();
    #[cfg(feature = "model")]
    let scorer = scorer::load(spec, env.scorer.labels.as_deref())?;
    #[cfg(not(feature = "model"))]
    let scorer = without::load(spec)?;
    env.detail(&format!(
        "loaded {} in {:.2} s",
        scorer.describe(),
        started.elapsed().as_secs_f64()
    ));
    Ok(Some(scorer))
}

/// Runs `work` (an ingest) with many articles in flight when a model scores them, so that
/// its batches are full; as it is otherwise.
pub fn in_flight<T: Send>(model: Option<&ModelScorer>, work: impl FnOnce() -> T + Send) -> T {
    match model {
        Some(m) => m.in_flight(work),
        None => work(),
    }
}

/// A build without the `model` feature: no model can be loaded, so none exists.
#[cfg(not(feature = "model"))]
mod without {
    use std::sync::Arc;

    use anyhow::Result;

    use crate::app::UsageError;
    use crate::extract::scorer::TextScorer;
    use crate::extract::ScoreSource;
    use tickertone_text::score::{Entity, EntityScores};

    /// Never made (no value of this type exists).
    #[derive(Debug)]
    pub enum ModelScorer {}

    pub fn load(spec: &str) -> Result<ModelScorer> {
        Err(UsageError(format!(
            "this tickertone was built without model support, so it cannot score with \
             '{spec}': build it with `cargo build --release --features model` (see the \
             README's \"Scoring with your own model\"), or remove --model and [scorer] model"
        ))
        .into())
    }

    impl ModelScorer {
        pub fn describe(&self) -> String {
            match *self {}
        }

        pub fn score_texts(&self, _: &[&str], _: Option<&Entity>) -> Result<Vec<f64>> {
            match *self {}
        }

        pub fn in_flight<T: Send>(&self, _: impl FnOnce() -> T + Send) -> T {
            match *self {}
        }
    }

    impl TextScorer for ModelScorer {
        fn entities(&self, _: &str, _: &[Entity]) -> Result<EntityScores, String> {
            match *self {}
        }

        fn text(&self, _: &str) -> Result<f64, String> {
            match *self {}
        }

        fn recorded_as(&self) -> (ScoreSource, Option<Arc<str>>) {
            match *self {}
        }
    }
}
