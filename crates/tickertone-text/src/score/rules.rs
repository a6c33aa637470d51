//! The rules: classified tokens of one sentence → a raw valence (a sum of cues).
//!
//! A sentence's cues are found in this order, each token being used at most once:
//!
//! 1. **State changes**: "swung to a profit", "fell to a loss", "returned to growth".
//! 2. **Directions** move a quantity: the valence is direction × the quantity's orientation
//!    ("costs rose" −, "loss narrowed" +, "cut its guidance" −). Which quantity a direction
//!    word moves depends on its syntax (`Syn`): objects after transitive verbs, subjects
//!    before intransitive ones, "an increase in X", "X growth".
//! 3. **Earnings language**: beat/missed/above/below/fell short + an expectation word; the
//!    orientation of the quantity before it decides the sign ("costs were above budget" −).
//! 4. **Figures compared**: with no direction word, a current and a prior figure —
//!    "EUR 13.1 mn, compared with EUR 8.7 mn", "EUR 13.1 mn (EUR 8.7 mn)", "from X to Y" —
//!    give the direction; a profit against a prior loss is positive whatever the numbers.
//! 5. **Static cues**: polar words, a loss or layoffs that nothing moves, "record", closing
//!    a plant.
//!
//! Then modifiers act on those cues: intensifiers and diminishers on the nearest cue,
//! negation flips the next cue (×−0.75, the damped flip VADER also uses: "not good" is less
//! bad than "bad"), hedges damp the rest of their clause, "but" halves what came before and
//! weighs what follows by 1.5, and a subordinate "although"/"despite" clause counts half.

use super::lexicon::{Dir, Kind, Qty, Syn};
use super::tokenize::Tok;

mod figures;
mod modifiers;

/// Valence of a clear single cue (a quantity that rose or fell, a beat estimate): with the
/// normalisation in `mod.rs` (α = 4) one such cue alone scores ≈ 0.67.
pub(crate) const BASE: f64 = 1.8;
/// Damped flip of a negated cue.
const NEGATION: f64 = -0.75;
/// A comparison with no quantity named counts this much of a full cue.
const UNNAMED_COMPARISON: f64 = 0.6;
/// Two figures within this share of each other are "unchanged" (rounding in the source:
/// "EUR 13.1 mn" against "EUR 13.15 mn" is no move).
const SAME_FIGURE_TOLERANCE: f64 = 0.005;
/// "growth slowed": a rise followed by a slowing word becomes a damped fall, as a negation
/// does (slightly weaker than NEGATION: a slower rise is still a rise).
const SLOWED_RISE: f64 = -0.6;
/// "record loss": "record" sizes a bad thing by half again (the intensifier factor).
const RECORD_INTENSIFIES: f64 = 1.5;
/// "record sales": "record" alone is mild praise, two thirds of a clear cue.
const RECORD_ALONE: f64 = 1.2;
/// Legal trouble settled or dismissed, a bad event averted: a damped flip into relief.
const RESOLVED: f64 = -0.7;
/// "X, but Y": what comes before counts half, what follows half again (VADER's rule).
const BEFORE_BUT: f64 = 0.5;
const AFTER_BUT: f64 = 1.5;
/// Outside an "although"/"despite" clause weighing `w`, the main clause gains
/// (1 − w) × this: the concession makes the main statement a little stronger.
const MAIN_CLAUSE_GAIN: f64 = 0.4;

/// One cue found in the sentence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Event {
    /// The token that carries it (the direction word, the polar word …).
    anchor: usize,
    /// Span of tokens involved (direction word and its quantity).
    lo: usize,
    hi: usize,
    val: f64,
    /// An increase (for "growth slowed").
    up_dir: bool,
    legal: bool,
    negated: bool,
}

const CONSUMED: u8 = 1;
const DONE: u8 = 2;
const PRIOR: u8 = 4;
const RESOLVER: u8 = 8;

/// Reused buffers.
#[derive(Default)]
pub(crate) struct RuleScratch {
    events: Vec<Event>,
    marks: Vec<u8>,
    boost: Vec<f32>,
}

/// Where a search for a quantity ended.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Found {
    Qty(usize),
    /// A neutral object (stake, share capital): the direction is not sentiment.
    Neutral,
    Nothing,
}

#[derive(Clone, Copy, PartialEq)]
enum Reach {
    /// Determiners and quantity modifiers only ("rising operating costs").
    Near,
    /// Also numbers, currencies and up to two unknown words ("cut about 10% of its
    /// European workforce").
    Far,
}

fn qty(t: &Tok) -> Option<Qty> {
    match t.kind {
        Kind::Qty(q) => Some(q),
        _ => None,
    }
}

fn orient(q: Qty) -> f64 {
    if q.good {
        1.0
    } else {
        -1.0
    }
}

impl RuleScratch {
    /// The raw valence of one sentence and whether it had any cue.
    pub fn score(&mut self, toks: &[Tok]) -> (f64, bool) {
        let n = toks.len();
        self.events.clear();
        self.marks.clear();
        self.marks.resize(n, 0);
        self.boost.clear();
        self.boost.resize(n, 1.0);
        if n == 0 {
            return (0.0, false);
        }
        self.mark_prior(toks);
        self.mark_resolvers(toks);
        self.state_changes(toks);
        self.directions(toks);
        self.comparators(toks);
        self.comparisons(toks);
        self.statics(toks);
        self.resolutions(toks);
        self.modifiers(toks);
        self.negation(toks);
        self.hedges(toks);
        self.contrast(toks);
        let sum: f64 = self.events.iter().map(|e| e.val).sum();
        (sum, !self.events.is_empty())
    }

    fn push(&mut self, anchor: usize, other: usize, val: f64) {
        self.events.push(Event {
            anchor,
            lo: anchor.min(other),
            hi: anchor.max(other),
            val,
            up_dir: false,
            legal: false,
            negated: false,
        });
    }

    /// Quantities just after "from", "compared with" or "(" name the prior period ("from a
    /// loss of EUR 2 mn"): they carry no valence of their own.
    fn mark_prior(&mut self, toks: &[Tok]) {
        for m in 0..toks.len() {
            let t = &toks[m];
            let opens = match t.kind {
                Kind::Marker => true,
                Kind::After => after_state(toks, m),
                Kind::From => toks[m.saturating_sub(8)..m]
                    .iter()
                    .any(|p| p.is_amount() || matches!(p.kind, Kind::Dir(_) | Kind::Toward)),
                _ => t.is_open(),
            };
            if !opens {
                continue;
            }
            let end = (m + 5).min(toks.len());
            for (j, t) in toks.iter().enumerate().take(end).skip(m + 1) {
                if t.is_hard() {
                    break;
                }
                if qty(t).is_some() {
                    self.marks[j] |= PRIOR;
                }
            }
        }
    }

    /// "The lawsuit was dropped": a resolving direction word near a legal word ends it.
    fn mark_resolvers(&mut self, toks: &[Tok]) {
        for i in 0..toks.len() {
            if let Kind::Dir(Dir { resolves: true, .. }) = toks[i].kind {
                let lo = i.saturating_sub(5);
                let hi = (i + 6).min(toks.len());
                if toks[lo..hi]
                    .iter()
                    .any(|t| matches!(t.kind, Kind::Legal(_)))
                {
                    self.marks[i] |= RESOLVER | DONE;
                }
            }
        }
    }

    /// "swung to a profit", "fell to a loss", "returned to growth".
    fn state_changes(&mut self, toks: &[Tok]) {
        let n = toks.len();
        for i in 0..n {
            let (toward, has_to) = match toks[i].kind {
                Kind::Toward => (true, false),
                Kind::TowardTo => (true, true),
                Kind::Dir(_) => (false, false),
                _ => continue,
            };
            if self.marks[i] & DONE != 0 {
                continue;
            }
            let mut j = i + 1;
            while j < n && matches!(toks[j].kind, Kind::Toward | Kind::Mod(_)) {
                j += 1;
            }
            if j >= n {
                continue;
            }
            // "turned a profit": a state right after the verb.
            if toward && matches!(toks[j].kind, Kind::Det) {
                let k = j + 1;
                if let Some(Kind::Qty(q)) = toks.get(k).map(|t| t.kind) {
                    if q.state && self.marks[k] & PRIOR == 0 {
                        let k = head(toks, k);
                        self.push(i, k, orient(q) * BASE);
                        self.marks[i] |= DONE;
                        self.consume(toks, k);
                        continue;
                    }
                }
            }
            let mut k = if has_to {
                j
            } else if toks[j].kind == Kind::To {
                j + 1
            } else {
                continue;
            };
            while k < n && k <= j + 4 && matches!(toks[k].kind, Kind::Det | Kind::Skip) {
                k += 1;
            }
            if k >= n {
                continue;
            }
            match toks[k].kind {
                Kind::Qty(q) if q.state || (toward && (q.good || q.base < 0.0)) => {
                    let k = head(toks, k);
                    let q = qty(&toks[k]).unwrap_or(q);
                    self.push(i, k, orient(q) * BASE);
                    self.marks[i] |= DONE;
                    self.consume(toks, k);
                }
                Kind::Dir(d) if toward && d.syn == Syn::Noun => {
                    self.push(i, k, if d.up { BASE } else { -BASE });
                    self.marks[i] |= DONE;
                    self.marks[k] |= DONE;
                }
                _ => {}
            }
        }
    }

    fn consume(&mut self, toks: &[Tok], k: usize) {
        // The whole compound ("operating profit margin"), backwards from its head.
        let mut j = k;
        loop {
            self.marks[j] |= CONSUMED;
            if j == 0 || qty(&toks[j - 1]).is_none() {
                break;
            }
            j -= 1;
        }
    }

    fn directions(&mut self, toks: &[Tok]) {
        for i in 0..toks.len() {
            let Kind::Dir(d) = toks[i].kind else { continue };
            if self.marks[i] & DONE != 0 {
                continue;
            }
            self.marks[i] |= DONE;
            let found = self.find_moved(toks, i, d);
            let sign = if d.up { 1.0 } else { -1.0 };
            let s = f64::from(d.strength);
            match found {
                Found::Qty(k) => {
                    let q = qty(&toks[k]).map_or(1.0, orient);
                    self.push(i, k, sign * q * s * BASE);
                    self.consume(toks, k);
                }
                Found::Neutral => continue,
                Found::Nothing => {
                    if d.alone > 0.0 {
                        self.push(i, i, sign * s * BASE * f64::from(d.alone));
                    } else {
                        continue;
                    }
                }
            }
            if let Some(e) = self.events.last_mut() {
                e.up_dir = d.up;
            }
        }
    }

    /// The quantity a direction word moves.
    fn find_moved(&self, toks: &[Tok], i: usize, d: Dir) -> Found {
        let mut syn = d.syn;
        // "a 10% increase", "the rise", "a sharp drop": a verb form used as a noun.
        if matches!(syn, Syn::Intrans | Syn::Trans) && i > 0 {
            let p = &toks[i - 1];
            if matches!(p.kind, Kind::Det | Kind::Mod(_)) || p.is_num() {
                syn = Syn::Noun;
            }
        }
        let or = |a: Found, b: &dyn Fn() -> Found| if a == Found::Nothing { b() } else { a };
        match syn {
            Syn::Intrans => {
                let f = self.forward(toks, i, Reach::Near, false);
                let f = or(f, &|| self.backward(toks, i, 10));
                or(f, &|| self.forward(toks, i, Reach::Far, false))
            }
            // "…, squeezing budgets": a participle clause takes the object after it; its
            // subject is the whole clause before the comma.
            Syn::Trans if i > 0 && toks[i - 1].is_comma() => {
                self.forward(toks, i, Reach::Far, false)
            }
            Syn::Trans => {
                let next_is_object = toks[i + 1..]
                    .iter()
                    .find(|t| !matches!(t.kind, Kind::Det | Kind::Skip))
                    .is_some_and(|t| matches!(t.kind, Kind::Qty(_) | Kind::NeutralObj))
                    && toks
                        .get(i + 1)
                        .is_some_and(|t| !t.is_comma() && !t.is_open());
                if next_is_object {
                    return self.forward(toks, i, Reach::Far, false);
                }
                let f = self.backward(toks, i, 3);
                let f = or(f, &|| self.forward(toks, i, Reach::Far, false));
                or(f, &|| self.backward(toks, i, 10))
            }
            Syn::Adj => {
                let f = self.forward(toks, i, Reach::Far, false);
                or(f, &|| self.backward(toks, i, 6))
            }
            Syn::Noun => {
                let f = self.backward(toks, i, 1);
                let f = or(f, &|| self.forward(toks, i, Reach::Far, true));
                or(f, &|| self.backward(toks, i, 4))
            }
            Syn::Adverb => {
                let f = self.backward(toks, i, 10);
                or(f, &|| self.forward(toks, i, Reach::Near, false))
            }
            Syn::Object => self.forward(toks, i, Reach::Far, false),
        }
    }

    fn forward(&self, toks: &[Tok], i: usize, reach: Reach, prep: bool) -> Found {
        let n = toks.len();
        let mut unknown = 0;
        let mut prep_used = !prep;
        let mut j = i + 1;
        while j < n && j <= i + 7 {
            let t = &toks[j];
            if t.is_comma() || t.is_hard() || t.is_open() {
                break;
            }
            match t.kind {
                Kind::Qty(_) => return Found::Qty(head(toks, j)),
                Kind::NeutralObj => return Found::Neutral,
                Kind::Det | Kind::Skip | Kind::Mod(_) => {}
                Kind::Currency => {
                    if reach == Reach::Near {
                        break;
                    }
                }
                Kind::Prep if !prep_used => prep_used = true,
                Kind::Unknown if t.is_num() => {
                    if reach == Reach::Near {
                        break;
                    }
                }
                Kind::Unknown if reach == Reach::Far && unknown < 2 => unknown += 1,
                _ => break,
            }
            j += 1;
        }
        Found::Nothing
    }

    fn backward(&self, toks: &[Tok], i: usize, max: usize) -> Found {
        let mut j = i;
        while j > 0 && i - j < max {
            j -= 1;
            let t = &toks[j];
            if t.is_hard() {
                break;
            }
            match t.kind {
                Kind::Qty(_) if self.marks[j] & PRIOR == 0 => return Found::Qty(j),
                Kind::NeutralObj if i - j <= 2 => return Found::Neutral,
                // The subject is another noun ("the programme has reduced …"): a quantity
                // before it only modified it. Not so inside a prepositional phrase ("sales
                // of the project rose").
                Kind::Head if !after_preposition(toks, j) => return Found::Nothing,
                _ => {}
            }
        }
        Found::Nothing
    }

    fn statics(&mut self, toks: &[Tok]) {
        let n = toks.len();
        for i in 0..n {
            match toks[i].kind {
                Kind::Polar(v) => {
                    let v = f64::from(v) * f64::from(self.boost[i]);
                    self.push(i, i, v);
                }
                Kind::Legal(v) => {
                    let v = f64::from(v) * f64::from(self.boost[i]);
                    self.push(i, i, v);
                    if let Some(e) = self.events.last_mut() {
                        e.legal = true;
                    }
                }
                Kind::Qty(q) if q.base != 0.0 && self.marks[i] & (CONSUMED | PRIOR) == 0 => {
                    // A compound counts once, at its head ("impairment charges").
                    if i + 1 < n && qty(&toks[i + 1]).is_some_and(|h| h.base != 0.0) {
                        continue;
                    }
                    self.push(i, i, f64::from(q.base) * f64::from(self.boost[i]));
                }
                Kind::Record => self.record(toks, i),
                Kind::Gets(v) => {
                    // "received several large orders", "signed a EUR 60 mn contract".
                    let order = (i + 1..(i + 7).min(n))
                        .take_while(|&j| !toks[j].is_comma() && !toks[j].is_hard())
                        .find(|&j| is_order(&toks[j]));
                    if let Some(j) = order {
                        if self.marks[j] & CONSUMED == 0 {
                            self.push(i, j, f64::from(v));
                            self.marks[j] |= CONSUMED;
                        }
                    }
                }
                Kind::Shut(v) => {
                    let lo = i.saturating_sub(4);
                    let hi = (i + 5).min(n);
                    let near = (lo..hi).any(|j| {
                        toks[j].kind == Kind::Facility
                            && !toks[j.min(i)..j.max(i)].iter().any(Tok::is_hard)
                    });
                    if near {
                        self.push(i, i, f64::from(v));
                    }
                }
                Kind::Slow(alone) => {
                    let prev = self
                        .events
                        .iter_mut()
                        .filter(|e| e.up_dir && e.anchor < i && i - e.anchor <= 4)
                        .max_by_key(|e| e.anchor);
                    match prev {
                        Some(e) => {
                            e.val *= SLOWED_RISE;
                            e.up_dir = false;
                        }
                        None => self.push(i, i, f64::from(alone)),
                    }
                }
                _ => {}
            }
        }
    }

    /// "record": praise ("record sales"), or the size of a bad thing ("record loss").
    fn record(&mut self, toks: &[Tok], i: usize) {
        let n = toks.len();
        for (j, t) in toks.iter().enumerate().take((i + 4).min(n)).skip(i + 1) {
            if t.is_comma() || t.is_hard() {
                break;
            }
            // A cue already found there (a direction).
            if let Some(e) = self.events.iter_mut().find(|e| e.anchor == j) {
                if e.val < 0.0 {
                    e.val *= RECORD_INTENSIFIES;
                    return;
                }
                break;
            }
            let negative = match t.kind {
                Kind::Qty(q) => q.base < 0.0,
                Kind::Polar(v) | Kind::Legal(v) => v < 0.0,
                _ => false,
            };
            if negative {
                self.boost[j] = RECORD_INTENSIFIES as f32;
                return;
            }
            if !matches!(t.kind, Kind::Det | Kind::Skip | Kind::Unknown) {
                break;
            }
        }
        self.push(i, i, RECORD_ALONE);
    }
}

/// An order or a contract: the good quantities with a small valence of their own.
fn is_order(t: &Tok) -> bool {
    matches!(t.kind, Kind::Qty(q) if q.good && q.base > 0.0 && q.base < 1.0)
}

/// The head of a compound of quantities starting at `j` ("sales costs" → costs).
fn head(toks: &[Tok], mut j: usize) -> usize {
    while j + 1 < toks.len() && qty(&toks[j + 1]).is_some() {
        j += 1;
    }
    j
}

/// The currency named just before a number, as an id.
fn currency(toks: &[Tok], i: usize) -> Option<u64> {
    if i > 0 && toks[i - 1].kind == Kind::Currency {
        Some(toks[i - 1].num.to_bits())
    } else {
        None
    }
}

/// Whether the noun at `j` is the object of a preposition ("of the plan", "in plans").
fn after_preposition(toks: &[Tok], j: usize) -> bool {
    let mut k = j;
    while k > 0 && j - k < 3 && matches!(toks[k - 1].kind, Kind::Det | Kind::Skip | Kind::Unknown) {
        k -= 1;
    }
    k > 0 && matches!(toks[k - 1].kind, Kind::Prep | Kind::To | Kind::From)
}

/// "after" followed by a loss or a profit ("…, after a loss of EUR 0.6 mn").
fn after_state(toks: &[Tok], m: usize) -> bool {
    toks[m + 1..(m + 4).min(toks.len())]
        .iter()
        .any(|t| matches!(t.kind, Kind::Qty(q) if q.state))
}

/// For a comparison marker at `m`, the indices of the current and the prior figure.
fn comparison_pair(toks: &[Tok], m: usize) -> Option<(usize, usize)> {
    let n = toks.len();
    let t = &toks[m];
    let amount_after = |from: usize, len: usize| -> Option<usize> {
        (from..(from + len).min(n))
            .take_while(|&j| !toks[j].is_hard())
            .find(|&j| toks[j].is_amount())
    };
    let amount_before = |to: usize, len: usize| -> Option<usize> {
        (to.saturating_sub(len)..to)
            .rev()
            .take_while(|&j| !toks[j].is_hard())
            .find(|&j| toks[j].is_amount())
    };
    match t.kind {
        Kind::Marker => Some((amount_before(m, 8)?, amount_after(m + 1, 8)?)),
        Kind::After if after_state(toks, m) => {
            Some((amount_before(m, 8)?, amount_after(m + 1, 8)?))
        }
        Kind::From => {
            let prior = amount_after(m + 1, 5)?;
            // "from X to Y": Y is the current figure.
            let to = (prior + 1..(prior + 3).min(n)).find(|&j| toks[j].kind == Kind::To);
            if let Some(to) = to {
                if let Some(cur) = amount_after(to + 1, 3) {
                    return Some((cur, prior));
                }
            }
            Some((amount_before(m, 8)?, prior))
        }
        _ if t.is_open() => {
            // "(EUR 8.7 mn)", "(2008: EUR 8.7 mn)": the year label is not the figure.
            let prior = (m + 1..(m + 6).min(n)).find(|&j| toks[j].is_amount())?;
            Some((amount_before(m, 5)?, prior))
        }
        _ => None,
    }
}
