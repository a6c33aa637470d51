//! Modifiers acting on the cues found: resolutions, intensifiers and diminishers,
//! negation, hedges, and contrast ("but", "although").

use super::*;

impl RuleScratch {
    /// Legal trouble dismissed, dropped or settled, and bad events avoided, turn into relief.
    pub(super) fn resolutions(&mut self, toks: &[Tok]) {
        for (i, t) in toks.iter().enumerate() {
            let avert = t.kind == Kind::Avert;
            let resolver = avert || t.kind == Kind::Resolve || self.marks[i] & RESOLVER != 0;
            if !resolver {
                continue;
            }
            let e = self
                .events
                .iter_mut()
                .filter(|e| {
                    let fits = if avert { e.val < 0.0 } else { e.legal };
                    fits && e.anchor.abs_diff(i) <= 6
                })
                .min_by_key(|e| e.anchor.abs_diff(i));
            if let Some(e) = e {
                e.val *= RESOLVED;
                e.legal = false;
            }
        }
    }

    /// Intensifiers and diminishers scale the nearest cue within three words.
    pub(super) fn modifiers(&mut self, toks: &[Tok]) {
        for i in 0..toks.len() {
            let Kind::Mod(m) = toks[i].kind else { continue };
            let mut best: Option<(usize, usize)> = None; // (distance, event index)
            for (k, e) in self.events.iter().enumerate() {
                let d = if (e.lo..=e.hi).contains(&i) {
                    0
                } else if i < e.lo {
                    e.lo - i
                } else {
                    i - e.hi
                };
                if d > 3 {
                    continue;
                }
                let (a, b) = (i.min(e.anchor), i.max(e.anchor));
                if toks[a..b].iter().any(Tok::is_hard) {
                    continue;
                }
                // Ties go to the cue after the modifier ("sharply higher costs").
                let better = match best {
                    None => true,
                    Some((bd, bk)) => {
                        d < bd || (d == bd && e.anchor > i && self.events[bk].anchor < i)
                    }
                };
                if better {
                    best = Some((d, k));
                }
            }
            if let Some((_, k)) = best {
                self.events[k].val *= f64::from(m);
            }
        }
    }

    /// A negator flips the first cue in the next three words of its clause.
    pub(super) fn negation(&mut self, toks: &[Tok]) {
        let n = toks.len();
        for i in 0..n {
            let own = match toks[i].kind {
                Kind::Neg => 0.0,
                Kind::NegPolar(v) => f64::from(v),
                _ => continue,
            };
            let mut end = (i + 4).min(n);
            if let Some(c) = (i + 1..end).find(|&j| toks[j].is_comma()) {
                end = c;
            }
            let target = self
                .events
                .iter_mut()
                .filter(|e| !e.negated && e.anchor > i && e.anchor < end)
                .min_by_key(|e| e.anchor);
            match target {
                Some(e) => {
                    e.val *= NEGATION;
                    e.negated = true;
                }
                None if own == 0.0 => {
                    // "no dividend", "does not expect to pay a dividend": the absence of a
                    // good thing.
                    let far = (i + 7).min(n);
                    let far = (i + 1..far)
                        .find(|&j| toks[j].is_comma() || toks[j].is_hard())
                        .unwrap_or(far);
                    let hit = (i + 1..far).find(|&j| {
                        matches!(toks[j].kind, Kind::Qty(q) if q.negatable)
                            && self.marks[j] & CONSUMED == 0
                    });
                    if let Some(j) = hit {
                        self.push(j, i, -1.0);
                        if let Some(e) = self.events.last_mut() {
                            e.negated = true;
                        }
                    }
                }
                None => {}
            }
            if own != 0.0 {
                self.push(i, i, own);
                if let Some(e) = self.events.last_mut() {
                    e.negated = true;
                }
            }
        }
    }

    /// may, could, if: the rest of the clause is less certain.
    pub(super) fn hedges(&mut self, toks: &[Tok]) {
        let n = toks.len();
        for i in 0..n {
            let Kind::Hedge(h) = toks[i].kind else {
                continue;
            };
            let end = (i + 1..n).find(|&j| toks[j].is_comma()).unwrap_or(n);
            for e in self.events.iter_mut() {
                if e.anchor > i && e.anchor < end {
                    e.val *= f64::from(h);
                }
            }
        }
    }

    /// but/however weigh what follows; although/despite/while damp their own clause.
    pub(super) fn contrast(&mut self, toks: &[Tok]) {
        let n = toks.len();
        for i in 0..n {
            match toks[i].kind {
                Kind::But => {
                    for e in self.events.iter_mut() {
                        if e.anchor < i {
                            e.val *= BEFORE_BUT;
                        } else if e.anchor > i {
                            e.val *= AFTER_BUT;
                        }
                    }
                }
                Kind::Sub(w) => {
                    let end = (i + 1..n)
                        .find(|&j| toks[j].is_comma() || toks[j].kind == Kind::But)
                        .unwrap_or(n);
                    let inside = |a: usize| a > i && a < end;
                    if !self.events.iter().any(|e| inside(e.anchor)) {
                        continue;
                    }
                    let w = f64::from(w);
                    let other = 1.0 + (1.0 - w) * MAIN_CLAUSE_GAIN;
                    for e in self.events.iter_mut() {
                        e.val *= if inside(e.anchor) { w } else { other };
                    }
                }
                _ => {}
            }
        }
    }
}
