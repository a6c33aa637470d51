//! The learned scorer's path: sentences → words (the scored company as `_tgt_`) → features
//! → logits → sentence score (a role rule may set it) → weighted mean. One path serves
//! [`super::score_text`], [`super::EntityMatcher::score`], [`score_target`], [`explain`]
//! and the trainer, so an explanation's score is the score.

use super::entity::{Entity, EntityMatcher, EntityScores, EntitySentences};
use super::explain::{Contribution, Explanation, SentenceExplanation};
use super::learned::{self, Weights};
use super::target::{self, TargetRole};
use super::{tokenize, with_scratch, Scratch};

/// Each sentence counts `FLOOR + |score|` in a text's mean: a clear sentence outweighs a
/// neutral one, but neutral ones still dilute.
const FLOOR: f64 = 0.25;

/// A weighted mean of sentence scores.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Mean {
    sum: f64,
    weight: f64,
    seen: bool,
}

impl Mean {
    pub(crate) fn add(&mut self, s: Option<f64>) {
        self.seen = true;
        if let Some(s) = s {
            let w = FLOOR + s.abs();
            self.sum += w * s;
            self.weight += w;
        }
    }

    pub(crate) fn score(&self) -> f64 {
        if self.weight == 0.0 {
            0.0
        } else {
            (self.sum / self.weight).clamp(-1.0, 1.0)
        }
    }
}

impl Scratch {
    /// The learned score of one sentence, with `self.spans` as the scored company's
    /// mentions (none: the sentence as a whole). `None` for a sentence with no word.
    pub(crate) fn learned<W: Weights + ?Sized>(
        &mut self,
        w: &W,
        sentence: &str,
    ) -> Option<(f64, Option<TargetRole>)> {
        // A list of items about different companies ("Roche wins approval, Chembio names a
        // CEO, Inovio slumps"): only the target's item.
        let (lo, hi) = target_segment(sentence, &self.spans);
        let sentence = &sentence[lo..hi];
        if lo > 0 {
            for s in &mut self.spans {
                s.0 = s.0.saturating_sub(lo);
                s.1 = s.1.saturating_sub(lo);
            }
        }
        // The rules read the sentence without the company's own name: "Best Buy", "Alliance
        // Bernstein", "Advance Auto Parts" and "Gold Fields" are no cues about them.
        let rules = if self.spans.is_empty() {
            self.sentence(sentence)
        } else {
            let mut masked = std::mem::take(&mut self.masked);
            mask_spans(sentence, &self.spans, &mut masked);
            let r = self.sentence(&masked);
            self.masked = masked;
            r
        };
        self.feat.words(sentence, &self.spans);
        if self.feat.words.is_empty() {
            return None;
        }
        self.feat.features(rules);
        let s = learned::polarity(w.logits(&self.feat.feats));
        let role = if self.spans.is_empty() {
            None
        } else {
            target::role(&self.feat)
        };
        Some(match role {
            Some(r) => (r.apply(s), Some(r)),
            None => (s, None),
        })
    }

    /// The spans of entity `e` among the mentions found last.
    fn spans_of(&mut self, e: u32) {
        self.spans.clear();
        self.spans.extend(
            self.found
                .iter()
                .filter(|f| f.company == Some(e))
                .map(|f| (f.start, f.end)),
        );
    }
}

/// `sentence` with each of `spans` (byte ranges, in order) replaced by a word that is no cue.
fn mask_spans(sentence: &str, spans: &[(usize, usize)], out: &mut String) {
    out.clear();
    let mut at = 0;
    for &(s, e) in spans {
        let (s, e) = (s.max(at).min(sentence.len()), e.min(sentence.len()));
        let (Some(before), true) = (sentence.get(at..s), s < e && sentence.is_char_boundary(e))
        else {
            continue;
        };
        out.push_str(before);
        out.push_str("Company");
        at = e;
    }
    out.push_str(sentence.get(at..).unwrap_or(""));
}

/// The byte range of `sentence` to read for a company mentioned at `spans`: the whole
/// sentence, unless it is a list of three or more items (parts between commas, semicolons
/// or colons, not counting digit groups nor the comma of "Aaron's, Inc.") and all its
/// mentions are in one item that says something besides the name, then that item.
pub(crate) fn target_segment(sentence: &str, spans: &[(usize, usize)]) -> (usize, usize) {
    let whole = (0, sentence.len());
    let Some(&(first, _)) = spans.first() else {
        return whole;
    };
    let b = sentence.as_bytes();
    let cuts: Vec<usize> = (0..b.len())
        .filter(|&i| {
            matches!(b[i], b',' | b';' | b':')
                && !(i > 0
                    && i + 1 < b.len()
                    && b[i - 1].is_ascii_digit()
                    && b[i + 1].is_ascii_digit())
                && !(b[i] == b',' && corporate_suffix(&b[i + 1..]))
        })
        .collect();
    if cuts.len() < 2 {
        return whole;
    }
    let lo = cuts
        .iter()
        .rev()
        .find(|&&c| c < first)
        .map_or(0, |&c| c + 1);
    let hi = cuts
        .iter()
        .find(|&&c| c >= first)
        .copied()
        .unwrap_or(b.len());
    // The item must say something about the company, not only name it ("Aaron's, Inc."
    // aside, "Cramer On Ambarella, Tesla And Apple": a list of names, read whole).
    let mut rest = lo;
    let mut says = false;
    for &(s, e) in spans.iter().filter(|&&(s, e)| s >= lo && e <= hi) {
        says |= b[rest..s.max(rest)].iter().any(u8::is_ascii_alphanumeric);
        rest = e.max(rest);
    }
    says |= b[rest.min(hi)..hi].iter().any(u8::is_ascii_alphanumeric);
    if says && spans.iter().all(|&(s, e)| s >= lo && e <= hi) {
        (lo, hi)
    } else {
        whole
    }
}

/// Whether `rest` (after a comma) starts with a company-form suffix: " Inc.", " Ltd", " LLC" …
fn corporate_suffix(rest: &[u8]) -> bool {
    const SUFFIXES: [&[u8]; 12] = [
        b"inc", b"ltd", b"llc", b"corp", b"co", b"plc", b"l.p", b"lp", b"n.v", b"s.a", b"ag",
        b"limited",
    ];
    let word = rest.trim_ascii_start();
    SUFFIXES.iter().any(|s| {
        word.len() >= s.len()
            && word[..s.len()].eq_ignore_ascii_case(s)
            && word.get(s.len()).is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// The whole text's score with weights `w`.
pub(crate) fn text_with<W: Weights + ?Sized>(w: &W, text: &str) -> f64 {
    with_scratch(|s| {
        let mut mean = Mean::default();
        s.spans.clear();
        tokenize::for_each_sentence(text, |sentence| {
            let v = s.learned(w, sentence).map(|(v, _)| v);
            mean.add(v);
        });
        mean.score()
    })
}

/// Each entity's score on the sentences naming it, and the article's on the rest.
pub(crate) fn entities_with<W: Weights + ?Sized>(
    w: &W,
    m: &EntityMatcher,
    text: &str,
) -> EntityScores {
    let mut per = vec![Mean::default(); m.len()];
    let mut article = Mean::default();
    with_scratch(|s| {
        tokenize::for_each_sentence(text, |sentence| {
            let mut found = std::mem::take(&mut s.found);
            let mut mentions = std::mem::take(&mut s.mentions);
            m.mentions(sentence, &mut found, &mut mentions);
            s.found = found;
            if mentions.is_empty() {
                s.spans.clear();
                let v = s.learned(w, sentence).map(|(v, _)| v);
                article.add(v);
            }
            for &e in &mentions {
                s.spans_of(e);
                let v = s.learned(w, sentence).map(|(v, _)| v);
                if let Some(a) = per.get_mut(e as usize) {
                    a.add(v);
                }
            }
            s.spans.clear();
            s.mentions = mentions;
        });
    });
    EntityScores {
        article: article.seen.then(|| article.score()),
        entities: per.iter().map(|a| a.seen.then(|| a.score())).collect(),
    }
}

/// The sentences [`entities_with`] reads: per entity those naming it (a list narrowed to
/// its item, as [`Scratch::learned`] narrows it), and those naming no entity.
pub(crate) fn entity_sentences<'t>(m: &EntityMatcher, text: &'t str) -> EntitySentences<'t> {
    let mut out = EntitySentences {
        article: Vec::new(),
        entities: vec![Vec::new(); m.len()],
    };
    with_scratch(|s| {
        tokenize::for_each_sentence(text, |sentence| {
            // The sentence is a slice of `text`: keep it by position, with the text's lifetime.
            let at = sentence.as_ptr() as usize - text.as_ptr() as usize;
            let sentence = &text[at..at + sentence.len()];
            let mut found = std::mem::take(&mut s.found);
            let mut mentions = std::mem::take(&mut s.mentions);
            m.mentions(sentence, &mut found, &mut mentions);
            if mentions.is_empty() {
                out.article.push(sentence);
            }
            for &e in &mentions {
                s.spans.clear();
                s.spans.extend(
                    found
                        .iter()
                        .filter(|f| f.company == Some(e))
                        .map(|f| (f.start, f.end)),
                );
                let (lo, hi) = target_segment(sentence, &s.spans);
                let part = sentence[lo..hi].trim();
                if let (Some(list), false) = (out.entities.get_mut(e as usize), part.is_empty()) {
                    list.push(part);
                }
            }
            s.spans.clear();
            s.found = found;
            s.mentions = mentions;
        });
    });
    out
}

/// One company's score in `text` with weights `w`: on the sentences naming it, read as
/// about it; on the whole text when no sentence names it.
pub(crate) fn target_with<W: Weights + ?Sized>(w: &W, text: &str, entity: &Entity) -> f64 {
    let m = EntityMatcher::new(std::slice::from_ref(entity));
    match entities_with(w, &m, text)
        .entities
        .first()
        .copied()
        .flatten()
    {
        Some(v) => v,
        None => text_with(w, text),
    }
}

/// The sentiment of what `text` says about one company, in [-1, 1]: the sentences that
/// name it (ticker, cashtag, name or alias), read with the company as their subject or
/// object, and role rules applied (overtaken, stake sold or bought, sued, contract
/// awarder, broker). When no sentence names it, the whole text's score.
pub fn score_target(text: &str, entity: &Entity) -> f64 {
    target_with(learned::Model::get(), text, entity)
}

/// Appends the byte ranges where `sentence` names the matcher's one company (its entity
/// 0), using the scratch's buffers.
pub(super) fn target_spans(
    m: &EntityMatcher,
    sentence: &str,
    s: &mut super::Scratch,
    spans: &mut Vec<(usize, usize)>,
) {
    let mut found = std::mem::take(&mut s.found);
    let mut mentions = std::mem::take(&mut s.mentions);
    m.mentions(sentence, &mut found, &mut mentions);
    spans.extend(
        found
            .iter()
            .filter(|f| f.company == Some(0))
            .map(|f| (f.start, f.end)),
    );
    s.found = found;
    s.mentions = mentions;
}

/// Which words, word pairs and rules moved the score of `text` (for one company when
/// `target` is given), and by how much. Its `score` equals [`super::score_text`] (or
/// [`score_target`]) of the same input; `Display` lists the largest effects per sentence.
pub fn explain(text: &str, target: Option<&Entity>) -> Explanation {
    let model = learned::Model::get();
    let matcher = target.map(|e| EntityMatcher::new(std::slice::from_ref(e)));
    let mut sentences = Vec::new();
    let mut mean = Mean::default();
    with_scratch(|s| {
        // Sentences naming the company, if any does; else all of them.
        let mut parts: Vec<(&str, Vec<(usize, usize)>)> = Vec::new();
        tokenize::for_each_sentence(text, |sentence| {
            let mut spans = Vec::new();
            if let Some(m) = &matcher {
                target_spans(m, sentence, s, &mut spans);
            }
            // The sentence is a slice of `text`: keep it by position.
            let at = sentence.as_ptr() as usize - text.as_ptr() as usize;
            parts.push((&text[at..at + sentence.len()], spans));
        });
        if parts.iter().any(|(_, sp)| !sp.is_empty()) {
            parts.retain(|(_, sp)| !sp.is_empty());
        }
        for (sentence, spans) in parts {
            s.spans.clear();
            s.spans.extend_from_slice(&spans);
            let scored = s.learned(model, sentence);
            mean.add(scored.map(|(v, _)| v));
            let Some((score, role)) = scored else {
                continue;
            };
            let (lo, hi) = target_segment(sentence, &spans);
            let sentence = &sentence[lo..hi];
            let rules = s.sentence(sentence);
            let mut contributions: Vec<Contribution> = Vec::new();
            s.feat.for_each_feature(rules, |f, name| {
                let c = model.contribution(f);
                let effect = c[learned::POSITIVE] - c[learned::NEGATIVE];
                let neutral = c[1] - (c[learned::POSITIVE] + c[learned::NEGATIVE]) / 2.0;
                let feature = name();
                match contributions.iter_mut().find(|x| x.feature == feature) {
                    Some(x) => {
                        x.effect += effect;
                        x.neutral += neutral;
                    }
                    None => contributions.push(Contribution {
                        feature,
                        effect,
                        neutral,
                    }),
                }
            });
            contributions.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
            let b = model.bias();
            sentences.push(SentenceExplanation {
                text: sentence.to_string(),
                score,
                weight: super::pipeline::FLOOR + score.abs(),
                bias: b[learned::POSITIVE] - b[learned::NEGATIVE],
                contributions,
                rule: role.map(|r| r.describe().to_string()),
            });
        }
        s.spans.clear();
    });
    Explanation {
        score: mean.score(),
        target: target.and_then(|e| e.names.first().or(e.tickers.first()).map(|n| n.to_string())),
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::{mask_spans, target_segment};
    use crate::score::{weighted_mean, Entity, EntityMatcher};

    #[test]
    fn the_sentences_each_company_is_scored_on() {
        let e = [
            Entity {
                tickers: &["AAPL"],
                names: &["Apple"],
            },
            Entity {
                tickers: &["NVDA"],
                names: &["Nvidia"],
            },
            Entity {
                tickers: &["MSFT"],
                names: &["Microsoft"],
            },
        ];
        let m = EntityMatcher::new(&e);
        let text = "Nvidia overtakes Apple. Markets rose.\n\nDaily Pulse: Roche Wins \
                    Approval, Apple Names CEO, Inovio Slumps";
        let s = m.sentences(text);
        assert_eq!(
            s.entities[0],
            ["Nvidia overtakes Apple.", "Apple Names CEO"]
        );
        assert_eq!(s.entities[1], ["Nvidia overtakes Apple."]);
        assert!(s.entities[2].is_empty());
        assert_eq!(s.article, ["Markets rose."]);
        // Combined as the built-in scorer combines its sentences.
        assert_eq!(weighted_mean([]), 0.0);
        let (a, b): (f64, f64) = (0.5, -0.1);
        let want = ((0.25 + a) * a + (0.25 + b.abs()) * b) / (0.25 + a + 0.25 + b.abs());
        assert!((weighted_mean([a, b]) - want).abs() < 1e-12);
    }

    #[test]
    fn a_list_item_is_read_alone() {
        let s = "Daily Pulse: Roche Wins Approval, Chembio Names CEO, Inovio Slumps";
        let at = s.find("Inovio").unwrap_or(0);
        let (lo, hi) = target_segment(s, &[(at, at + 6)]);
        assert_eq!(s[lo..hi].trim(), "Inovio Slumps");
        // One comma: the whole sentence.
        let s = "Nvidia crosses $3 trillion, overtakes Apple";
        assert_eq!(target_segment(s, &[(0, 6)]), (0, s.len()));
        // Digit groups are no commas; mentions in two items keep the whole sentence.
        let s = "A sold 1,400 shares, B bought, A said";
        assert_eq!(target_segment(s, &[(0, 1), (31, 32)]), (0, s.len()));
        assert_eq!(target_segment("", &[]), (0, 0));
    }

    #[test]
    fn the_company_name_is_masked_for_the_rules() {
        let mut out = String::new();
        let s = "Best Buy No Longer A Buy";
        mask_spans(s, &[(0, 8)], &mut out);
        assert_eq!(out, "Company No Longer A Buy");
        let s = "Alliance Bernstein Shares Selling Off; Alliance Bernstein down";
        mask_spans(s, &[(0, 18), (39, 57)], &mut out);
        assert_eq!(out, "Company Shares Selling Off; Company down");
        mask_spans(s, &[], &mut out);
        assert_eq!(out, s);
        // Out-of-range or inverted spans are skipped, never a panic.
        mask_spans("abc", &[(2, 9), (5, 1)], &mut out);
        assert_eq!(out, "abCompany");
    }

    #[test]
    fn a_company_form_or_a_bare_name_is_no_list_item() {
        // "Aaron's, Inc." is one name: the sentence has one cut, read whole.
        let s =
            "Aaron's, Inc. Reports Q3 EPS of $0.39 vs $0.37 Est; Revenue of $707.6M vs $694.6M Est";
        assert_eq!(target_segment(s, &[(0, 7)]), (0, s.len()));
        let s = "Agilent Technologies, Inc. Sees Q3 EPS $0.72-0.74 vs $0.79 Est; Sees Sales $1.74B";
        assert_eq!(target_segment(s, &[(0, 20)]), (0, s.len()));
        // An item that only names the company says nothing about it: the whole sentence.
        let s = "Cramer's Picks: Ambarella, Tesla Motors, Apple";
        let at = s.find("Tesla").unwrap_or(0);
        assert_eq!(target_segment(s, &[(at, at + 12)]), (0, s.len()));
        // One that says something is read alone.
        let s = "Cramer's Picks: Ambarella, Tesla Motors Slumps, Apple";
        assert_eq!(target_segment(s, &[(at, at + 12)]), (26, 46));
    }
}
