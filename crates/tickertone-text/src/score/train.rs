//! For the trainer (`examples/train_scorer.rs`) only: the features scoring sees, scoring
//! with weights being trained, and the model file's writer. Not a stable API.

use super::entity::{Entity, EntityMatcher};
pub use super::learned::features::{BUCKETS, DENSE, DENSE_NAMES};
pub use super::learned::{probabilities, Feat, Weights, CLASSES};
use super::{learned, pipeline, tokenize, with_scratch};

/// The features of one training example in one bag: the sentences naming `target` (with
/// its mentions as `_tgt_`) when given and named, else every sentence.
pub fn example_features(text: &str, target: Option<&Entity>) -> Vec<Feat> {
    let matcher = target.map(|e| EntityMatcher::new(std::slice::from_ref(e)));
    let mut out = Vec::new();
    let mut plain = Vec::new();
    with_scratch(|s| {
        tokenize::for_each_sentence(text, |sentence| {
            s.spans.clear();
            if let Some(m) = &matcher {
                let mut spans = std::mem::take(&mut s.spans);
                pipeline::target_spans(m, sentence, s, &mut spans);
                s.spans = spans;
            }
            let named = !s.spans.is_empty();
            let (lo, hi) = pipeline::target_segment(sentence, &s.spans);
            let sentence = &sentence[lo..hi];
            for sp in &mut s.spans {
                sp.0 = sp.0.saturating_sub(lo);
                sp.1 = sp.1.saturating_sub(lo);
            }
            let rules = s.sentence(sentence);
            s.feat.words(sentence, &s.spans);
            s.feat.features(rules);
            if named {
                out.extend_from_slice(&s.feat.feats);
            } else {
                plain.extend_from_slice(&s.feat.feats);
            }
        });
        s.spans.clear();
    });
    if out.is_empty() {
        plain
    } else {
        out
    }
}

/// [`super::score_text`] with weights `w`.
pub fn score_text_with<W: Weights + ?Sized>(w: &W, text: &str) -> f64 {
    pipeline::text_with(w, text)
}

/// [`super::score_target`] with weights `w`.
pub fn score_target_with<W: Weights + ?Sized>(w: &W, text: &str, target: &Entity) -> f64 {
    pipeline::target_with(w, text, target)
}

/// A model file of these weights (hashed weights quantised to 16 bits).
pub fn model_file(
    bias: [f32; CLASSES],
    dense: &[[f32; CLASSES]; DENSE],
    table: &[[f32; CLASSES]],
) -> Vec<u8> {
    learned::Model::write(bias, dense, table)
}
