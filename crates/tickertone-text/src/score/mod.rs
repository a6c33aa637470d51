//! A finance-aware, lexicon-and-rules sentiment scorer for news text.
//!
//! Many feeds carry no score (RSS items, scraped pages, headline exports); this module gives
//! them one. General-purpose sentiment lexicons are tuned for social media and misread
//! finance ("liability", "tax", "share", "vice" are not negative; "beat", "miss", "cut",
//! "guidance" are), so the lexicon here is written for financial news ([`lexicon`] says where
//! its entries come from) and the rules ([`rules`]) read what finance sentences do: which
//! quantity moved which way, results against expectations, corporate events, negation,
//! intensifiers and hedges, contrast.
//!
//! # Scores
//!
//! Each sentence gets a raw valence *x*, the sum of its cues (about ±1.8 for one clear cue
//! such as "operating profit rose"). A text's score is
//!
//! ```text
//! score = X / sqrt(X² + α·(k + m/4)),   X = Σ x over its sentences,  α = 4
//! ```
//!
//! with *k* the sentences that have a cue and *m* those that have none: one clear cue scores
//! ≈ 0.67, two ≈ 0.87, opposite cues cancel, and neutral sentences dilute a little but do
//! not drown a long article's signal. Scores are in [−1, 1], exactly 0 for text with no cue,
//! and deterministic (no randomness, no dependence on hash order).
//!
//! # Labels
//!
//! [`label`]: `positive` when score ≥ 0.3, `negative` when score ≤ −0.3, else `neutral`.
//! 0.3 is the score of a raw valence of about ±0.63: weak cues alone (an acquisition, a
//! launch, a contract mention, "impairment" in an accounting note, ≤ 0.6) stay neutral, while
//! any clear cue — even hedged ("could cut jobs") or diminished ("rose slightly") — is
//! labelled. Most financial news sentences are factual, so the neutral band is deliberately
//! wide. (The report's Bullish/Bearish buckets of the contract, ±0.15 on daily means, are a
//! different, finer scale.)
//!
//! # Entities
//!
//! [`score_entities`] scores each company on the sentences that mention it (ticker,
//! cashtag, exchange-prefixed ticker, name or alias; see [`EntityMatcher`]), and the
//! article on the sentences that mention none.

mod entity;
mod lexicon;
mod rules;
mod tokenize;

use std::cell::RefCell;

pub use entity::{Entity, EntityMatcher, EntityScores};
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

    fn any(&self) -> bool {
        self.cued + self.plain > 0
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

/// Whole-text score in [-1, 1]; neutral text ≈ 0. Deterministic.
pub fn score_text(text: &str) -> f64 {
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
        let mut per = vec![Acc::default(); self.len()];
        let mut article = Acc::default();
        with_scratch(|s| {
            tokenize::for_each_sentence(text, |sentence| {
                let mut found = std::mem::take(&mut s.found);
                let mut mentions = std::mem::take(&mut s.mentions);
                self.mentions(sentence, &mut found, &mut mentions);
                let v = s.sentence(sentence);
                if mentions.is_empty() {
                    article.add(v);
                }
                for &e in &mentions {
                    if let Some(a) = per.get_mut(e as usize) {
                        a.add(v);
                    }
                }
                s.found = found;
                s.mentions = mentions;
            });
        });
        EntityScores {
            article: article.any().then(|| article.score()),
            entities: per.iter().map(|a| a.any().then(|| a.score())).collect(),
        }
    }
}

#[cfg(test)]
mod tests;
