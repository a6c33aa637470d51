//! Figures compared: a current and a prior figure with no direction word give the
//! direction ("EUR 13.1 mn, compared with EUR 8.7 mn", "from X to Y").

use super::*;

impl RuleScratch {
    /// beat / missed / above / below … an expectation.
    pub(super) fn comparators(&mut self, toks: &[Tok]) {
        let n = toks.len();
        for i in 0..n {
            let Kind::Comparator {
                up,
                strength,
                alone,
            } = toks[i].kind
            else {
                continue;
            };
            let mut target = None;
            for (j, t) in toks.iter().enumerate().take((i + 6).min(n)).skip(i + 1) {
                if t.is_hard() || t.is_comma() {
                    break;
                }
                let is_expect = match t.kind {
                    Kind::Expect => true,
                    Kind::Qty(q) => q.expect,
                    _ => false,
                };
                if is_expect {
                    target = Some(j);
                    break;
                }
            }
            match target {
                Some(j) => {
                    let sign = if up { 1.0 } else { -1.0 };
                    let (q, k) = match self.backward(toks, i, 8) {
                        Found::Qty(k) => (qty(&toks[k]).map_or(1.0, orient), Some(k)),
                        _ => (1.0, None),
                    };
                    self.push(i, j, sign * q * f64::from(strength) * BASE);
                    self.marks[j] |= CONSUMED;
                    if let Some(k) = k {
                        self.consume(toks, k);
                    }
                }
                None if alone != 0.0 => self.push(i, i, f64::from(alone)),
                None => {}
            }
        }
    }

    /// Current against prior figures, with no direction word: "EUR 13.1 mn, compared with
    /// EUR 8.7 mn", "EUR 13.1 mn (EUR 8.7 mn)", "from EUR 8.7 mn to EUR 13.1 mn".
    pub(super) fn comparisons(&mut self, toks: &[Tok]) {
        let n = toks.len();
        let mut m = 0;
        while m < n {
            let Some((cur, prior)) = comparison_pair(toks, m) else {
                m += 1;
                continue;
            };
            let (a, b) = (&toks[cur], &toks[prior]);
            let same_unit = (a.flags & crate::score::tokenize::F_PCT)
                == (b.flags & crate::score::tokenize::F_PCT)
                && match (currency(toks, cur), currency(toks, prior)) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
            let first = cur.min(prior);
            let q1 = match self.backward(toks, first, 8) {
                Found::Qty(k) => Some(k),
                _ => None,
            };
            let span_lo = q1.unwrap_or(first);
            let span_hi = cur.max(prior);
            let has_dir = toks[span_lo..=span_hi].iter().any(|t| {
                matches!(
                    t.kind,
                    Kind::Dir(_) | Kind::Toward | Kind::Comparator { .. }
                )
            });
            let q1_used = q1.is_some_and(|k| self.marks[k] & CONSUMED != 0);
            if !same_unit || has_dir || q1_used {
                m += 1;
                continue;
            }
            // The quantity named with the prior figure ("compared with a loss of …").
            let q2 = (m + 1..prior).find(|&j| qty(&toks[j]).is_some());
            let qa = q1.and_then(|k| qty(&toks[k]));
            let qb = q2.and_then(|k| qty(&toks[k]));
            let val = match (qa, qb) {
                (Some(x), Some(y)) if x.good != y.good => {
                    if x.state && y.state {
                        Some(orient(x) * BASE)
                    } else {
                        None
                    }
                }
                _ => {
                    let (c, p) = (a.num, b.num);
                    let tol = SAME_FIGURE_TOLERANCE * c.abs().max(p.abs());
                    if (c - p).abs() <= tol {
                        None
                    } else {
                        let sign = if c > p { 1.0 } else { -1.0 };
                        match qa.or(qb) {
                            Some(q) => Some(sign * orient(q) * BASE),
                            None => Some(sign * BASE * UNNAMED_COMPARISON),
                        }
                    }
                }
            };
            if let Some(v) = val {
                self.push(m, span_lo, v);
                if let Some(e) = self.events.last_mut() {
                    e.hi = e.hi.max(span_hi);
                }
                if let Some(k) = q1 {
                    self.consume(toks, k);
                }
                if let Some(k) = q2 {
                    self.consume(toks, k);
                }
                m = span_hi + 1;
            } else {
                m += 1;
            }
        }
    }
}
