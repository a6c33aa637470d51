//! A finance-aware sentiment scorer for news text: a learned model combined with rules.
//!
//! Many feeds carry no score (RSS items, scraped pages, headline exports); this module gives
//! them one. Two layers:
//!
//! - **Rules** ([`rules`], over a finance [`lexicon`]): which quantity moved which way,
//!   results against expectations, corporate events, negation, intensifiers and hedges,
//!   contrast. General-purpose lexicons misread finance ("liability", "tax", "share" are not
//!   negative; "beat", "miss", "cut", "guidance" are); these rules do not.
//!   [`score_text_rules`] is this layer alone, the scorer of earlier versions.
//! - **A learned model** ([`learned`]): a three-class linear model over the sentence's words,
//!   word pairs and negated words, with the rules' valence as features of their own, trained
//!   on public labelled financial headlines and news (`scripts/train/README.md`). Its weights
//!   ship inside the crate; scoring reads no file and no network.
//!
//! # Scores
//!
//! A sentence scores P(positive) − P(negative) under the model. A text's score is the mean
//! of its sentences' scores, each weighted by 0.25 + |score|, so neutral sentences dilute a
//! little but do not drown a long article's signal. Scores are in [−1, 1], exactly 0 for
//! empty text, and deterministic: the model's weights are integers summed exactly and its
//! exponential uses basic IEEE arithmetic only, so every machine gives the same bits.
//!
//! # Labels
//!
//! [`label`]: `positive` when score ≥ 0.3, `negative` when score ≤ −0.3, else `neutral`.
//! Most financial news sentences are factual, so the neutral band is deliberately wide.
//! (The report's Bullish/Bearish buckets of the contract, ±0.15 on daily means, are a
//! different, finer scale.)
//!
//! # Companies
//!
//! [`score_entities`] scores each company on the sentences that mention it (ticker,
//! cashtag, exchange-prefixed ticker, name or alias; see [`EntityMatcher`]), and the
//! article on the sentences that mention none. In a sentence scored for a company, its
//! mentions become the word `_tgt_`, so the model reads what is said about *it*
//! ("overtakes _tgt_", "upgrades _tgt_"), and role rules ([`target`]) settle who overtakes
//! whom, who sells a stake in whom, who wins a contract and who awards it, who is sued.
//! [`score_target`] scores one company; [`explain`] says which words and rules moved a
//! score, and by how much.

mod entity;
mod explain;
mod learned;
mod lexicon;
mod pipeline;
mod rules;
mod target;
mod tokenize;
#[doc(hidden)]
pub mod train;

use std::cell::RefCell;

pub use entity::{Entity, EntityMatcher, EntityScores, EntitySentences};
pub use explain::{Contribution, Explanation, SentenceExplanation};
pub use pipeline::{explain, score_target};
pub use target::TargetRole;
pub(crate) use tokenize::for_each_sentence;

/// Normalisation constant: how much raw valence makes a strong score.
const ALPHA: f64 = 4.0;
/// Neutral sentences count this much in the normalisation.
const PLAIN_WEIGHT: f64 = 0.25;
/// Label thresholds (see the module documentation).
pub const POSITIVE_THRESHOLD: f64 = 0.3;
pub const NEGATIVE_THRESHOLD: f64 = -0.3;

/// Per-thread buffers, so scoring allocates nothing per token or sentence.
#[derive(Default)]
struct Scratch {
    tok: tokenize::Scratch,
    rules: rules::RuleScratch,
    found: Vec<crate::matcher::Found>,
    mentions: Vec<u32>,
    feat: learned::FeatScratch,
    /// Byte ranges of the company scored in the current sentence.
    spans: Vec<(usize, usize)>,
    /// The sentence with the company's mentions masked, for the rules.
    masked: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        // Only reachable if scoring were re-entered on this thread; fresh buffers then.
        Err(_) => f(&mut Scratch::default()),
    })
}

/// The sum of sentence valences of some sentences.
#[derive(Clone, Copy, Default, Debug)]
struct Acc {
    sum: f64,
    cued: u32,
    plain: u32,
}

impl Acc {
    fn add(&mut self, (x, cued): (f64, bool)) {
        self.sum += x;
        if cued {
            self.cued += 1;
        } else {
            self.plain += 1;
        }
    }

    fn score(&self) -> f64 {
        if self.cued == 0 || self.sum == 0.0 {
            return 0.0;
        }
        let weight = (f64::from(self.cued) + PLAIN_WEIGHT * f64::from(self.plain)).max(1.0);
        let s = self.sum / (self.sum * self.sum + ALPHA * weight).sqrt();
        s.clamp(-1.0, 1.0)
    }
}

impl Scratch {
    fn sentence(&mut self, sentence: &str) -> (f64, bool) {
        self.tok.tokenize(sentence);
        self.rules.score(&self.tok.toks)
    }
}

/// Whole-text score in [-1, 1]; neutral text ≈ 0, empty text 0. Deterministic.
pub fn score_text(text: &str) -> f64 {
    pipeline::text_with(learned::Model::get(), text)
}

/// The rules' score alone (the lexicon-and-rules scorer of earlier versions), in [-1, 1];
/// exactly 0 for text with no cue.
pub fn score_text_rules(text: &str) -> f64 {
    with_scratch(|s| {
        let mut acc = Acc::default();
        tokenize::for_each_sentence(text, |sentence| acc.add(s.sentence(sentence)));
        acc.score()
    })
}

/// Label of a score: "positive" (≥ 0.3), "negative" (≤ −0.3) or "neutral".
pub fn label(score: f64) -> &'static str {
    if score >= POSITIVE_THRESHOLD {
        "positive"
    } else if score <= NEGATIVE_THRESHOLD {
        "negative"
    } else {
        "neutral"
    }
}

/// Scores each entity on the sentences that mention it, and the article on the rest.
pub fn score_entities(text: &str, entities: &[Entity]) -> EntityScores {
    EntityMatcher::new(entities).score(text)
}

impl EntityMatcher {
    /// Scores each entity on the sentences that mention it, and the article on the rest.
    pub fn score(&self, text: &str) -> EntityScores {
        pipeline::entities_with(learned::Model::get(), self, text)
    }

    /// The sentences [`EntityMatcher::score`] reads for each entity, and those naming none.
    pub fn sentences<'t>(&self, text: &'t str) -> EntitySentences<'t> {
        pipeline::entity_sentences(self, text)
    }
}

/// A text's score from its sentences' scores, as the built-in scorer combines them: each
/// sentence weighs 0.25 + |score|, so a clear sentence outweighs a neutral one. 0 for none.
pub fn weighted_mean(scores: impl IntoIterator<Item = f64>) -> f64 {
    let mut mean = pipeline::Mean::default();
    for s in scores {
        mean.add(Some(s));
    }
    mean.score()
}

#[cfg(test)]
mod tests;
