//! Sentences, words and numbers: the text cut into the tokens the rules work on.
//!
//! Everything here works on a reused scratch buffer: lower-cased words go into one `String`,
//! tokens into one `Vec`, so scoring allocates nothing per token.
//!
//! [`sentences`] finds the sentences, [`cut`] cuts one into raw words, numbers and
//! punctuation, and [`Scratch::tokenize`] here classifies them with the lexicon (phrases,
//! scales, currencies, dates) into [`Tok`]s.

mod cut;
mod sentences;
#[cfg(test)]
mod tests;

use super::lexicon::{self, Kind};
use cut::{currency_id, cut, Raw};
pub(crate) use sentences::for_each_sentence;

/// A token after classification.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub kind: Kind,
    /// The value of a number token (scale applied).
    pub num: f64,
    pub flags: u8,
}

pub(crate) const F_NUM: u8 = 1;
pub(crate) const F_PCT: u8 = 2;
/// A calendar year or a day of a month: not an amount.
pub(crate) const F_DATE: u8 = 4;
/// A currency word or sign just before the number.
pub(crate) const F_CUR: u8 = 8;
/// A scale word (mn, bn) was folded into the number.
pub(crate) const F_SCALED: u8 = 16;
/// A comma, dash, semicolon or colon.
pub(crate) const F_COMMA: u8 = 32;
/// A semicolon or colon: a hard clause boundary.
pub(crate) const F_HARD: u8 = 64;
/// An opening bracket; a closing one is F_CLOSE.
pub(crate) const F_OPEN: u8 = 128;

impl Tok {
    fn word(kind: Kind) -> Self {
        Tok {
            kind,
            num: 0.0,
            flags: 0,
        }
    }
    fn punct(flags: u8) -> Self {
        Tok {
            kind: Kind::Unknown,
            num: 0.0,
            flags,
        }
    }
    pub fn is_num(&self) -> bool {
        self.flags & F_NUM != 0
    }
    /// A number that is an amount (not a year or a date).
    pub fn is_amount(&self) -> bool {
        self.flags & F_NUM != 0 && self.flags & F_DATE == 0
    }
    pub fn is_comma(&self) -> bool {
        self.flags & F_COMMA != 0
    }
    pub fn is_hard(&self) -> bool {
        self.flags & F_HARD != 0
    }
    pub fn is_open(&self) -> bool {
        self.flags & F_OPEN != 0
    }
}

/// Reused buffers for one sentence.
#[derive(Default)]
pub(crate) struct Scratch {
    low: String,
    raw: Vec<Raw>,
    key: String,
    pub toks: Vec<Tok>,
}

impl Scratch {
    /// Cuts `sentence` into classified tokens in `self.toks`.
    pub fn tokenize(&mut self, sentence: &str) {
        self.low.clear();
        self.raw.clear();
        self.toks.clear();
        cut(sentence, &mut self.low, &mut self.raw);
        self.classify();
    }

    fn classify(&mut self) {
        let map = lexicon::map();
        // Taken out of self so words can be borrowed while tokens are pushed.
        let low = std::mem::take(&mut self.low);
        let mut key = std::mem::take(&mut self.key);
        let mut i = 0;
        while i < self.raw.len() {
            match self.raw[i] {
                Raw::Num { v, scaled } => {
                    let mut t = Tok {
                        kind: Kind::Unknown,
                        num: v,
                        flags: F_NUM,
                    };
                    if scaled {
                        t.flags |= F_SCALED;
                    }
                    self.push_num(t);
                    i += 1;
                }
                Raw::Currency(id) => {
                    self.toks.push(Tok {
                        kind: Kind::Currency,
                        num: id,
                        flags: 0,
                    });
                    i += 1;
                }
                Raw::Punct(p) => {
                    match p {
                        b',' | b'-' => self.toks.push(Tok::punct(F_COMMA)),
                        b';' | b':' => self.toks.push(Tok::punct(F_COMMA | F_HARD)),
                        b'(' => self.toks.push(Tok::punct(F_OPEN)),
                        b'%' => self.percent(),
                        _ => {}
                    }
                    i += 1;
                }
                Raw::Word { s, e } => {
                    let w = &low[s as usize..e as usize];
                    let entry = map.get(w).copied();
                    // Longest phrase first.
                    if let Some(en) = entry {
                        if en.max_phrase > 1 {
                            if let Some((len, kind)) =
                                phrase(&self.raw, &low, &mut key, i, en.max_phrase as usize)
                            {
                                self.push_kind(kind);
                                i += len;
                                continue;
                            }
                        }
                    }
                    let kind = match entry.and_then(|e| e.kind) {
                        Some(k) => Some(k),
                        None if w == "may" => Some(self.may_kind(&low, i)),
                        None => None,
                    };
                    match kind {
                        Some(Kind::Currency) => {
                            let id = currency_id(w);
                            self.toks.push(Tok {
                                kind: Kind::Currency,
                                num: id,
                                flags: 0,
                            });
                        }
                        Some(k) => self.push_kind(k),
                        None => self.unknown_word(&low, s as usize, e as usize),
                    }
                    i += 1;
                }
            }
        }
        self.low = low;
        self.key = key;
    }

    /// "may" is a hedge, except as a month ("in May", "May 12", "12 May").
    fn may_kind(&self, low: &str, i: usize) -> Kind {
        let prev_num = matches!(self.toks.last(), Some(t) if t.is_num());
        let next_num = matches!(self.raw.get(i + 1), Some(Raw::Num { .. }));
        let prev_word = if i > 0 {
            raw_word(&self.raw, low, i - 1)
        } else {
            None
        };
        let after_prep = matches!(
            prev_word,
            Some(
                "in" | "of"
                    | "since"
                    | "until"
                    | "by"
                    | "end"
                    | "early"
                    | "late"
                    | "mid"
                    | "from"
                    | "to"
                    | "during"
                    | "through"
            )
        );
        if prev_num || next_num || after_prep {
            Kind::Month
        } else {
            Kind::Hedge(0.7)
        }
    }

    /// A word not in the lexicon: try it without a possessive, then its hyphen parts.
    fn unknown_word(&mut self, low: &str, s: usize, e: usize) {
        let map = lexicon::map();
        let w = &low[s..e];
        if let Some(stem) = w.strip_suffix("'s").or_else(|| w.strip_suffix('\'')) {
            // The group's sales: a determiner for the object search, unless the stem is a
            // lexicon word ("Moody's" is not, "company's" is a determiner either way).
            let kind = match map.get(stem).and_then(|en| en.kind) {
                Some(k @ (Kind::Qty(_) | Kind::Polar(_) | Kind::Legal(_))) => k,
                _ => Kind::Det,
            };
            self.toks.push(Tok::word(kind));
            return;
        }
        if w.contains('-') {
            // Hyphen parts: "cost-cutting" → cost, cutting.
            let mut any = false;
            let mut start = s;
            for (k, ch) in w.char_indices() {
                if ch == '-' {
                    let part = &low[start..s + k];
                    any |= self.push_part(part);
                    start = s + k + 1;
                }
            }
            let part = &low[start..e];
            any |= self.push_part(part);
            if !any {
                // Keep one token so distances stay word counts.
                self.toks.push(Tok::word(Kind::Unknown));
            }
            return;
        }
        self.toks.push(Tok::word(Kind::Unknown));
    }

    /// Pushes a hyphen part if the lexicon knows it; returns whether it did.
    fn push_part(&mut self, part: &str) -> bool {
        if part.is_empty() {
            return false;
        }
        match lexicon::map().get(part).and_then(|e| e.kind) {
            Some(k) => {
                self.push_kind(k);
                true
            }
            None => false,
        }
    }

    fn push_kind(&mut self, kind: Kind) {
        match kind {
            Kind::Scale(f) => {
                if let Some(t) = self.toks.last_mut() {
                    if t.is_num() && t.flags & F_SCALED == 0 {
                        t.num *= f;
                        t.flags |= F_SCALED;
                        t.flags &= !F_DATE;
                        return;
                    }
                }
                self.toks.push(Tok::word(Kind::Skip));
            }
            Kind::Percent => self.percent(),
            Kind::Month => {
                // A number just before a month is a day: "12 May".
                if let Some(t) = self.toks.last_mut() {
                    if t.is_num() {
                        t.flags |= F_DATE;
                    }
                }
                self.toks.push(Tok::word(Kind::Month));
            }
            k => self.toks.push(Tok::word(k)),
        }
    }

    fn percent(&mut self) {
        if let Some(t) = self.toks.last_mut() {
            if t.is_num() {
                t.flags |= F_PCT;
                t.flags &= !F_DATE;
                return;
            }
        }
        self.toks.push(Tok::word(Kind::Skip));
    }

    fn push_num(&mut self, mut t: Tok) {
        let prev = self.toks.last().map(|p| p.kind);
        if matches!(prev, Some(Kind::Currency)) {
            t.flags |= F_CUR;
        }
        if matches!(prev, Some(Kind::Month)) {
            t.flags |= F_DATE; // "May 12", "March 2009"
        }
        let whole = t.num.fract() == 0.0;
        if t.flags & (F_CUR | F_SCALED) == 0 && whole && (1900.0..=2100.0).contains(&t.num) {
            t.flags |= F_DATE; // a year (a later % or scale word clears it)
        }
        self.toks.push(t);
    }
}

fn raw_word<'a>(raw: &[Raw], low: &'a str, i: usize) -> Option<&'a str> {
    match raw.get(i) {
        Some(Raw::Word { s, e }) => Some(&low[*s as usize..*e as usize]),
        _ => None,
    }
}

/// The longest phrase starting at raw token `i`, at most `max` words: its length in words
/// and its kind.
fn phrase(raw: &[Raw], low: &str, key: &mut String, i: usize, max: usize) -> Option<(usize, Kind)> {
    let map = lexicon::map();
    let mut len = max.min(raw.len() - i);
    while len >= 2 {
        key.clear();
        let mut ok = true;
        for j in i..i + len {
            match raw_word(raw, low, j) {
                Some(w) => {
                    if j > i {
                        key.push(' ');
                    }
                    key.push_str(w);
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            if let Some(k) = map.get(key.as_str()).and_then(|e| e.kind) {
                return Some((len, k));
            }
        }
        len -= 1;
    }
    None
}
