//! Why a text scored what it did: per sentence, the words, word pairs and rule cues that
//! moved the score, and by how much.
//!
//! Effects are on the model's margin, logit(positive) − logit(negative): positive effects
//! pull toward a positive label, negative ones toward a negative label. A sentence's score
//! is P(positive) − P(negative) of its logits (so the margin's sign is the score's sign
//! when the neutral class is not the likeliest); a company role rule ([`super::target`]),
//! when one applies, then sets or damps it. The text's score is the mean of its sentences'
//! scores, each weighted by 0.25 + |score|.

use std::fmt;

/// One feature's effect on a sentence's margin.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// What it is: `word "beats"`, `words "price target"`, `negated "growth"`, or a rule
    /// feature such as `rules: positive cues (1.00)`.
    pub feature: String,
    /// Its effect on logit(positive) − logit(negative).
    pub effect: f64,
    /// Its effect on the neutral logit relative to the mean of the other two (positive:
    /// pulls toward neutral).
    pub neutral: f64,
}

/// One sentence of an explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceExplanation {
    pub text: String,
    /// The sentence's score, after any role rule.
    pub score: f64,
    /// Its weight in the text's score.
    pub weight: f64,
    /// The model's constant margin (its prior lean).
    pub bias: f64,
    /// Every feature's contribution, largest |effect| first (ties in sentence order).
    pub contributions: Vec<Contribution>,
    /// The role rule that set or damped the score, if any.
    pub rule: Option<String>,
}

/// Why a text (or a company in it) scored what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub score: f64,
    /// The company explained, as first named in the entity; `None` for the whole text.
    pub target: Option<String>,
    /// The sentences that counted: those naming the company (all of them for the whole
    /// text, or when no sentence names it).
    pub sentences: Vec<SentenceExplanation>,
}

impl Explanation {
    /// The contributions of all sentences, largest |effect| first.
    pub fn top(&self, n: usize) -> Vec<&Contribution> {
        let mut all: Vec<&Contribution> = self
            .sentences
            .iter()
            .flat_map(|s| s.contributions.iter())
            .collect();
        all.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
        all.truncate(n);
        all
    }
}

/// How many contributions `Display` lists per sentence.
const SHOWN: usize = 8;
/// Contributions smaller than this are not listed.
const SMALL: f64 = 0.05;

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Some(t) => writeln!(
                f,
                "score {:+.3} ({}) for {t}",
                self.score,
                super::label(self.score)
            )?,
            None => writeln!(f, "score {:+.3} ({})", self.score, super::label(self.score))?,
        }
        for (k, s) in self.sentences.iter().enumerate() {
            writeln!(
                f,
                "  sentence {} ({:+.3}, weight {:.2}): {}",
                k + 1,
                s.score,
                s.weight,
                s.text
            )?;
            let mut shown = 0;
            for c in &s.contributions {
                if shown == SHOWN || c.effect.abs() < SMALL {
                    break;
                }
                writeln!(f, "    {:+.2}  {}", c.effect, c.feature)?;
                shown += 1;
            }
            let rest: f64 = s.contributions.iter().skip(shown).map(|c| c.effect).sum();
            if s.contributions.len() > shown {
                writeln!(
                    f,
                    "    {rest:+.2}  {} other features",
                    s.contributions.len() - shown
                )?;
            }
            writeln!(f, "    {:+.2}  prior lean of the model", s.bias)?;
            if let Some(r) = &s.rule {
                writeln!(f, "    rule: {r}")?;
            }
        }
        Ok(())
    }
}
