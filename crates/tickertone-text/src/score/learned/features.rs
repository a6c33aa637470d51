//! The learned model's features: words, word pairs and negated words of one sentence,
//! hashed into a fixed table, plus the rules' valence as real-valued features.
//!
//! Everything is integer arithmetic on the text's bytes (FNV-1a, a fixed mixer), so a
//! feature has the same bucket on every machine, and the trainer
//! (`examples/train_scorer.rs`) sees exactly what scoring sees.
//!
//! Words are lower-cased ASCII runs of letters and digits; hyphens and punctuation separate
//! them. A possessive `'s` is dropped, `n't` becomes `not`, numbers become `<num>`,
//! `<pct>`, `<money>` or `<year>`, a cashtag `<cashtag>`. In a text scored for one company
//! ([`super::super::score_target`]), its mentions become the word `_tgt_`, so pairs such as
//! "overtakes _tgt_" or "stake in _tgt_" carry what is said about it. After a negator
//! (not, no, never, without …) the next three words of the clause also count as negated
//! words (`NOT_word`).

/// log2 of the number of hashed buckets.
pub(crate) const BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BITS;

/// Real-valued features, after the hashed ones: the rules' positive and negative valence
/// (in units of one clear cue, at most 3) and whether the rules found any cue.
pub const DENSE: usize = 3;
pub const DENSE_NAMES: [&str; DENSE] = [
    "rules: positive cues",
    "rules: negative cues",
    "rules: any cue",
];

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Feature families, mixed into the hash.
const UNI: u64 = 1;
const BI: u64 = 2;
const NEG: u64 = 3;

/// A word of the sentence: its lower-cased text in the scratch buffer and its hash.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    pub s: u32,
    pub e: u32,
    pub h: u64,
    /// A clause boundary (comma, colon …) comes right before this word.
    pub boundary: bool,
    /// The value of a number (scale suffix applied), NaN for other words.
    pub num: f64,
}

/// One feature of a sentence: a bucket (or `BUCKETS + k` for dense feature k) and its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Feat {
    pub idx: u32,
    pub val: f32,
}

/// Reused buffers.
#[derive(Default)]
pub(crate) struct FeatScratch {
    pub low: String,
    pub words: Vec<Word>,
    pub feats: Vec<Feat>,
}

pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// A fixed 64-bit mixer (splitmix64's finaliser).
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn bucket(family: u64, h: u64) -> u32 {
    (mix(h ^ family.wrapping_mul(0x9e37_79b9_7f4a_7c15)) & (BUCKETS as u64 - 1)) as u32
}

pub(crate) fn uni_bucket(h: u64) -> u32 {
    bucket(UNI, h)
}

pub(crate) fn bi_bucket(a: u64, b: u64) -> u32 {
    bucket(BI, mix(a).wrapping_add(b.rotate_left(17)))
}

pub(crate) fn neg_bucket(h: u64) -> u32 {
    bucket(NEG, h)
}

/// The sentence start, a pseudo-word before the first one.
pub(crate) const START: &str = "<s>";
pub(crate) const TARGET: &str = "_tgt_";

fn is_negator(w: &str) -> bool {
    matches!(
        w,
        "not" | "no" | "never" | "without" | "nor" | "cannot" | "neither" | "fails" | "failed"
    )
}

impl FeatScratch {
    /// Cuts `sentence` into words; byte ranges in `target` (sorted) become `_tgt_`.
    pub fn words(&mut self, sentence: &str, target: &[(usize, usize)]) {
        self.low.clear();
        self.words.clear();
        let b = sentence.as_bytes();
        let n = b.len();
        let mut i = 0;
        let mut boundary = false;
        let mut t = 0; // next target span
        while i < n {
            while t < target.len() && target[t].1 <= i {
                t += 1;
            }
            if let Some(&(ts, te)) = target.get(t) {
                // "$AAPL": the matcher's span leaves the `$` out.
                let at = ts == i || (b[i] == b'$' && ts == i + 1);
                if at {
                    self.push(TARGET, boundary);
                    boundary = false;
                    i = te.max(i + 1);
                    continue;
                }
            }
            let c = b[i];
            if c.is_ascii_alphabetic() {
                i = self.word(sentence, i, boundary);
                boundary = false;
            } else if c.is_ascii_digit() {
                i = self.number(b, i, boundary);
                boundary = false;
            } else if c == b'$' && i + 1 < n && b[i + 1].is_ascii_alphabetic() {
                // A cashtag: one word whatever its ticker.
                let mut j = i + 1;
                while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'.') {
                    j += 1;
                }
                self.push("<cashtag>", boundary);
                boundary = false;
                i = j;
            } else {
                match c {
                    b',' | b';' | b':' | b'(' | b')' | b'"' | b'!' | b'|' => boundary = true,
                    b'?' => {
                        self.push("<q>", boundary);
                        boundary = true;
                    }
                    _ => {}
                }
                // Skip a whole UTF-8 character.
                i += 1;
                while i < n && (b[i] & 0xC0) == 0x80 {
                    i += 1;
                }
            }
        }
    }

    fn push(&mut self, w: &str, boundary: bool) {
        let s = self.low.len() as u32;
        self.low.push_str(w);
        let e = self.low.len() as u32;
        self.words.push(Word {
            s,
            e,
            h: fnv(w.as_bytes()),
            boundary,
            num: f64::NAN,
        });
    }

    /// A run of letters and digits, with inner apostrophes ("don't", "company's").
    fn word(&mut self, sentence: &str, start: usize, boundary: bool) -> usize {
        let b = sentence.as_bytes();
        let n = b.len();
        let s = self.low.len();
        let mut i = start;
        loop {
            while i < n && b[i].is_ascii_alphanumeric() {
                self.low.push(b[i].to_ascii_lowercase() as char);
                i += 1;
            }
            // An apostrophe (ASCII or ’) followed by a letter continues the word.
            let apos = if i < n && b[i] == b'\'' {
                1
            } else if sentence[i..].starts_with('\u{2019}') {
                3
            } else {
                0
            };
            if apos > 0 && i + apos < n && b[i + apos].is_ascii_alphabetic() {
                self.low.push('\'');
                i += apos;
                continue;
            }
            if apos > 0 {
                i += apos; // "investors'": a trailing apostrophe
            }
            break;
        }
        let mut not = false;
        if self.low.ends_with("'s") {
            self.low.truncate(self.low.len() - 2);
        } else if self.low.ends_with("n't") {
            self.low.truncate(self.low.len() - 3);
            if self.low[s..].eq("ca") || self.low[s..].eq("wo") {
                // can't, won't
                if self.low[s..].eq("wo") {
                    self.low.truncate(s);
                    self.low.push_str("will");
                }
            }
            not = true;
        }
        let e = self.low.len();
        if e > s {
            let h = fnv(&self.low.as_bytes()[s..e]);
            self.words.push(Word {
                s: s as u32,
                e: e as u32,
                h,
                boundary,
                num: f64::NAN,
            });
        }
        if not {
            self.push("not", false);
        }
        i
    }

    /// A number with its separators, classified: `<pct>`, `<money>`, `<year>` or `<num>`.
    fn number(&mut self, b: &[u8], start: usize, boundary: bool) -> usize {
        let n = b.len();
        let mut i = start;
        while i < n
            && (b[i].is_ascii_digit()
                || (matches!(b[i], b'.' | b',') && i + 1 < n && b[i + 1].is_ascii_digit()))
        {
            i += 1;
        }
        // Letters glued on: "2Q", "10x", "52-week" keeps its word after the hyphen.
        let glued = i < n && b[i].is_ascii_alphabetic();
        let money = start > 0 && (b[start - 1] == b'$' || ends_with_currency(&b[..start]));
        let mut j = i;
        while j < n && b[j] == b' ' {
            j += 1;
        }
        let pct = j < n && b[j] == b'%';
        let year = i - start == 4
            && !money
            && matches!(b[start], b'1' | b'2')
            && matches!(b[start + 1], b'9' | b'0');
        let mut value: f64 = std::str::from_utf8(&b[start..i])
            .ok()
            .and_then(|t| t.replace(',', "").parse().ok())
            .unwrap_or(f64::NAN);
        // "$(0.38)", "($0.38)", "$-0.10": a negative amount.
        let before = &b[..start];
        if before.ends_with(b"(") || before.ends_with(b"($") || before.ends_with(b"$-") {
            value = -value;
        }
        if glued {
            value *= match b[i].to_ascii_lowercase() {
                b'k' => 1e3,
                b'm' => 1e6,
                b'b' => 1e9,
                _ => 1.0,
            };
        }
        let word = if pct {
            i = j + 1;
            "<pct>"
        } else if money {
            "<money>"
        } else if year {
            "<year>"
        } else {
            "<num>"
        };
        self.push(word, boundary);
        if let Some(w) = self.words.last_mut() {
            w.num = value;
        }
        if glued {
            let s = i;
            while i < n && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            // "10x", "2q": keep short suffixes as a word of their own.
            if let Ok(suffix) = std::str::from_utf8(&b[s..i]) {
                let low = suffix.to_ascii_lowercase();
                self.push(&low, false);
            }
        }
        i
    }

    /// The hashed features of the words cut last (cleared first), then the dense ones.
    pub fn features(&mut self, rules: (f64, bool)) {
        let mut feats = std::mem::take(&mut self.feats);
        feats.clear();
        self.for_each_feature(rules, |f, _| feats.push(f));
        self.feats = feats;
    }

    /// Calls `f` on each feature of the words cut last, with a way to name it (used only
    /// to explain a score).
    pub fn for_each_feature(
        &self,
        rules: (f64, bool),
        mut f: impl FnMut(Feat, &dyn Fn() -> String),
    ) {
        let words = &self.words;
        let start = fnv(START.as_bytes());
        let mut prev = start;
        let mut negated = 0u8;
        for (i, w) in words.iter().enumerate() {
            if w.boundary {
                negated = 0;
            }
            let text = || self.word_text(i).to_string();
            f(
                Feat {
                    idx: uni_bucket(w.h),
                    val: 1.0,
                },
                &|| format!("word \"{}\"", text()),
            );
            let before = || {
                if i == 0 {
                    START.to_string()
                } else {
                    self.word_text(i - 1).to_string()
                }
            };
            f(
                Feat {
                    idx: bi_bucket(prev, w.h),
                    val: 1.0,
                },
                &|| format!("words \"{} {}\"", before(), text()),
            );
            if negated > 0 {
                f(
                    Feat {
                        idx: neg_bucket(w.h),
                        val: 1.0,
                    },
                    &|| format!("negated \"{}\"", text()),
                );
                negated -= 1;
            }
            if is_negator(self.word_text(i)) {
                negated = 3;
            }
            prev = w.h;
        }
        let (mut x, mut cued) = rules;
        let unit = super::super::rules::BASE;
        let vs = self.versus_estimate();
        if vs != 0.0 {
            x += vs * unit;
            cued = true;
        }
        let pos = (x.max(0.0) / unit).min(3.0) as f32;
        let neg = ((-x).max(0.0) / unit).min(3.0) as f32;
        for (k, v) in [pos, neg, if cued { 1.0 } else { 0.0 }]
            .into_iter()
            .enumerate()
        {
            if v != 0.0 {
                f(
                    Feat {
                        idx: (BUCKETS + k) as u32,
                        val: v,
                    },
                    &|| format!("{} ({v:.2})", DENSE_NAMES[k]),
                );
            }
        }
    }

    /// Reported figures against the estimate, as in "EPS $0.24 vs $0.21 Est." or "Sales
    /// $1.2B-$1.3B vs $1.35B Est": for each figure, its surprise × 10 within ±1 (so 10%
    /// above the estimate counts +1, 2% below −0.2; a loss per share is a negative number).
    pub fn versus_estimate(&self) -> f64 {
        let w = &self.words;
        let n = w.len();
        let mut total = 0.0;
        for v in 0..n {
            let t = self.word_text(v);
            if !matches!(t, "vs" | "versus") || v == 0 || v + 1 >= n {
                continue;
            }
            // The figure before "vs" (past a unit word: "$36.1M vs"), and the one after.
            let Some(r) = self.figure_before(v) else {
                continue;
            };
            // "vs $0.21 Est" or "Vs Est $0.21", "vs. Est. $0.21".
            let is_est = |k: usize| {
                matches!(
                    self.word_text(k),
                    "est" | "estimate" | "estimates" | "consensus" | "expectations"
                )
            };
            let (at, est_after) = if v + 2 < n && is_est(v + 1) && !w[v + 2].num.is_nan() {
                (v + 2, true)
            } else {
                (v + 1, false)
            };
            let (reported, estimate) = (w[r].num, w[at].num);
            if estimate.is_nan() {
                continue;
            }
            // A range before "vs": its midpoint.
            let reported = match self.figure_before(r) {
                Some(q) if r - q <= 2 => (reported + w[q].num) / 2.0,
                _ => reported,
            };
            let est = est_after || (v + 2..(v + 4).min(n)).any(is_est);
            if !est {
                continue;
            }
            // Sized by the surprise: 10% or more off counts fully, under 0.5% not at all.
            let base = estimate.abs().max(reported.abs()).max(1e-9);
            let surprise = (reported - estimate) / base;
            if surprise.abs() >= 0.005 {
                total += (surprise * 10.0).clamp(-1.0, 1.0);
            }
        }
        total
    }

    /// The number just before word `i`, past one unit word ("m", "bn", "million").
    fn figure_before(&self, i: usize) -> Option<usize> {
        let j = i.checked_sub(1)?;
        if !self.words[j].num.is_nan() {
            return Some(j);
        }
        let unit = matches!(
            self.word_text(j),
            "k" | "m" | "b" | "mn" | "bn" | "mln" | "million" | "billion"
        );
        let k = j.checked_sub(1)?;
        (unit && !self.words[k].num.is_nan()).then_some(k)
    }

    /// The text of word `i`.
    pub fn word_text(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.low[w.s as usize..w.e as usize]
    }
}

fn ends_with_currency(b: &[u8]) -> bool {
    // "€12", "£3", "EUR 12", "USD 5" (the space already skipped by the caller is not here).
    let t = b.strip_suffix(b" ").unwrap_or(b);
    t.ends_with("€".as_bytes())
        || t.ends_with("£".as_bytes())
        || t.ends_with(b"EUR")
        || t.ends_with(b"USD")
        || t.ends_with(b"US$")
        || t.ends_with(b"C$")
        || t.ends_with(b"A$")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str, target: &[(usize, usize)]) -> Vec<String> {
        let mut f = FeatScratch::default();
        f.words(s, target);
        (0..f.words.len())
            .map(|i| f.word_text(i).to_string())
            .collect()
    }

    #[test]
    fn cuts_words_numbers_and_targets() {
        assert_eq!(
            words("Apple's shares don't rise 5% to $3.2bn in 2024?", &[]),
            [
                "apple", "shares", "do", "not", "rise", "<pct>", "to", "<money>", "bn", "in",
                "<year>", "<q>"
            ]
        );
        assert_eq!(
            words("Nvidia overtakes Apple", &[(17, 22)]),
            ["nvidia", "overtakes", "_tgt_"]
        );
        assert_eq!(words("$AAPL up", &[(1, 5)]), ["_tgt_", "up"]);
        assert_eq!(words("$TSLA up", &[]), ["<cashtag>", "up"]);
        assert_eq!(
            words("better-than-expected EUR 12 mn", &[]),
            ["better", "than", "expected", "eur", "<money>", "mn"]
        );
        assert_eq!(words("Apple’s won’t", &[]), ["apple", "will", "not"]);
        assert!(words("", &[]).is_empty());
    }

    #[test]
    fn negation_marks_three_words_of_the_clause() {
        let mut f = FeatScratch::default();
        f.words("did not beat estimates, shares rose", &[]);
        f.features((0.0, false));
        let negs = f
            .feats
            .iter()
            .filter(|x| {
                ["beat", "estimates", "shares", "rose"]
                    .iter()
                    .any(|w| x.idx == neg_bucket(fnv(w.as_bytes())))
            })
            .count();
        assert_eq!(negs, 2);
    }

    #[test]
    fn figures_against_the_estimate_in_either_order() {
        let vs = |s: &str| {
            let mut f = FeatScratch::default();
            f.words(s, &[]);
            f.versus_estimate()
        };
        assert!(vs("EPS $0.24 vs $0.21 Est") > 0.9);
        // The estimate named before its figure, losses in accounting brackets.
        assert!(vs("Q3 EPS $($0.55) Vs Est ($0.42)") < -0.9);
        assert!(vs("Q1 EPS $(0.08) vs. Est. $(0.10)") > 0.9);
        assert_eq!(vs("EPS $0.24 vs $0.21 last year"), 0.0);
    }

    #[test]
    fn buckets_are_fixed() {
        // The model file depends on these: a change here needs a retrained model.
        assert_eq!(fnv(b""), FNV_OFFSET);
        assert_eq!(fnv(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert!(uni_bucket(fnv(b"beats")) < BUCKETS as u32);
        assert_ne!(uni_bucket(fnv(b"up")), uni_bucket(fnv(b"down")));
    }
}
