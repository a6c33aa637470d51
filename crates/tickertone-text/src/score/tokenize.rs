//! Sentences, words and numbers: the text cut into the tokens the rules work on.
//!
//! Everything here works on a reused scratch buffer: lower-cased words go into one `String`,
//! tokens into one `Vec`, so scoring allocates nothing per token.

use super::lexicon::{self, Kind};

/// Longest sentence we score as one unit, in bytes. Text with no sentence punctuation at all
/// (a huge single line) is cut at a space past this length, which keeps the work per
/// sentence bounded.
const MAX_SENTENCE: usize = 4000;

/// Calls `f` on each sentence of `text`, trimmed, skipping empty ones.
///
/// A sentence ends at `.`, `!` or `?` followed by white space (or the end), and at a blank
/// line. A full stop does *not* end a sentence after an abbreviation (Inc., Corp., Co., Ltd.,
/// Mr., Jan. …), after a single letter or a dotted abbreviation (U.S., A. O. Smith, e.g.), in a
/// number ("13.1") or in a name ("Amazon.com"), nor when the next word starts in lower case.
pub(crate) fn for_each_sentence(text: &str, mut f: impl FnMut(&str)) {
    let b = text.as_bytes();
    let n = b.len();
    let mut start = 0;
    let mut i = 0;
    let emit = |s: usize, e: usize, f: &mut dyn FnMut(&str)| {
        // s and e are at ASCII bytes or the ends, so they are char boundaries.
        let piece = text[s..e].trim();
        if !piece.is_empty() {
            f(piece);
        }
    };
    while i < n {
        let c = b[i];
        match c {
            b'\n' => {
                let mut j = i + 1;
                while j < n && matches!(b[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < n && b[j] == b'\n' {
                    emit(start, i, &mut f);
                    start = j + 1;
                    i = j + 1;
                    continue;
                }
            }
            b'.' | b'!' | b'?' => {
                if let Some(end) = sentence_end(b, i) {
                    emit(start, end, &mut f);
                    start = end;
                    i = end;
                    continue;
                }
            }
            b' ' if i - start > MAX_SENTENCE => {
                emit(start, i, &mut f);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    emit(start, n, &mut f);
}

/// If the punctuation at `i` ends a sentence, the byte index just after it (and after any
/// closing quotes or brackets).
fn sentence_end(b: &[u8], i: usize) -> Option<usize> {
    let n = b.len();
    let c = b[i];
    if c == b'.' && i + 1 < n && b[i + 1].is_ascii_digit() {
        return None; // 13.1
    }
    let mut j = i + 1;
    // Ellipses and "?!" runs.
    while j < n && matches!(b[j], b'.' | b'!' | b'?') {
        j += 1;
    }
    // Closing quotes and brackets, ASCII or the common UTF-8 ones (” ’ »).
    loop {
        let rest = &b[j..];
        if j < n && matches!(b[j], b'"' | b'\'' | b')' | b']') {
            j += 1;
        } else if rest.starts_with("”".as_bytes()) || rest.starts_with("’".as_bytes()) {
            j += 3;
        } else if rest.starts_with("»".as_bytes()) {
            j += 2;
        } else {
            break;
        }
    }
    if j < n && !b[j].is_ascii_whitespace() {
        return None; // Amazon.com, U.S.-based
    }
    if c != b'.' {
        return Some(j);
    }
    if j == i + 1 {
        // A single full stop: is the word before it an abbreviation?
        let mut k = i;
        while k > 0 && (b[k - 1].is_ascii_alphanumeric() || b[k - 1] == b'.') {
            k -= 1;
        }
        let word = &b[k..i];
        if is_abbreviation(word) {
            return None;
        }
    }
    // The next word in lower case: the sentence goes on ("approx. three").
    let mut m = j;
    while m < n && b[m].is_ascii_whitespace() {
        if b[m] == b'\n' {
            break;
        }
        m += 1;
    }
    if m < n && b[m].is_ascii_lowercase() {
        return None;
    }
    Some(j)
}

/// Words that end in a full stop without ending a sentence (lower case).
#[rustfmt::skip]
const ABBREVIATIONS: &[&[u8]] = &[
    b"inc", b"corp", b"co", b"ltd", b"plc", b"llc", b"bros", b"mr", b"mrs", b"ms", b"dr",
    b"prof", b"st", b"jr", b"sr", b"no", b"nos", b"vs", b"approx", b"est", b"dept", b"gov",
    b"govt", b"sen", b"rep", b"fig", b"ref", b"vol", b"jan", b"feb", b"mar", b"apr", b"jun",
    b"jul", b"aug", b"sep", b"sept", b"oct", b"nov", b"dec", b"ave", b"mt", b"ft", b"pp",
    b"intl", b"hldgs", b"cos", b"assn",
];

fn is_abbreviation(word: &[u8]) -> bool {
    if word.is_empty() {
        return false;
    }
    // A. O. Smith, John F. Kennedy; U.S, e.g, a.m (the last dot is the one at i).
    if word.len() == 1 && word[0].is_ascii_alphabetic() {
        return true;
    }
    if word.contains(&b'.') && word.iter().any(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    if word.len() > 6 {
        return false;
    }
    let mut low = [0u8; 6];
    for (d, s) in low.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    ABBREVIATIONS.contains(&&low[..word.len()])
}

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

/// A word as cut from the sentence: its lower-cased text in the scratch buffer.
#[derive(Clone, Copy, Debug)]
enum Raw {
    Word {
        s: u32,
        e: u32,
    },
    Num {
        v: f64,
        scaled: bool,
    },
    Punct(u8),
    /// A currency sign, with its id (see [`currency_id`]).
    Currency(f64),
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

/// Cuts a sentence into raw words, numbers and punctuation.
fn cut(sentence: &str, low: &mut String, raw: &mut Vec<Raw>) {
    let b = sentence.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_digit() {
            i = number(sentence, i, low, raw);
            continue;
        }
        if c.is_ascii_alphabetic() {
            i = word(sentence, i, low, raw);
            continue;
        }
        // A detached possessive, as in pre-tokenized text ("the company 's sales"): glue it
        // back onto the word before.
        if let Some(len) = detached_possessive(b, i) {
            if let Some(Raw::Word { e, .. }) = raw.last_mut() {
                if *e as usize == low.len() {
                    low.push_str("'s");
                    *e = low.len() as u32;
                    i += len;
                    continue;
                }
            }
        }
        if c < 0x80 {
            match c {
                b',' | b';' | b':' | b'(' | b'[' | b'%' => {
                    raw.push(Raw::Punct(if c == b'[' { b'(' } else { c }))
                }
                b'-' => {
                    // A dash between spaces separates clauses; a minus sign or a hyphen
                    // glued to a word is handled by the word.
                    let spaced_before = i == 0 || b[i - 1] == b' ';
                    let spaced_after = i + 1 >= n || b[i + 1] == b' ' || b[i + 1] == b'-';
                    if spaced_before && spaced_after {
                        raw.push(Raw::Punct(b'-'));
                    }
                }
                b'$' => raw.push(Raw::Currency(currency_id("$"))),
                _ => {}
            }
            i += 1;
            continue;
        }
        // Non-ASCII: a letter starts a word, some symbols matter, the rest is skipped.
        let ch = sentence[i..].chars().next().unwrap_or(' ');
        if ch.is_alphabetic() {
            i = word(sentence, i, low, raw);
            continue;
        }
        match ch {
            '€' => raw.push(Raw::Currency(currency_id("eur"))),
            '£' => raw.push(Raw::Currency(currency_id("gbp"))),
            '¥' => raw.push(Raw::Currency(currency_id("jpy"))),
            '–' | '—' => raw.push(Raw::Punct(b'-')),
            _ => {}
        }
        i += ch.len_utf8();
    }
}

/// Which currency a currency word names, so that "USD 5 mn (EUR 3.7 mn)" is not read as a
/// change. Unlisted currency words get an id of their own from their bytes.
fn currency_id(w: &str) -> f64 {
    match w {
        "eur" | "euro" | "euros" | "meur" | "eurm" => 1.0,
        "usd" | "dollar" | "dollars" | "musd" | "usdm" | "$" | "cents" | "cent" => 2.0,
        "gbp" | "pounds" | "pence" => 3.0,
        "jpy" | "yen" => 4.0,
        "sek" | "krona" | "kronor" => 5.0,
        "nok" | "kroner" | "krone" => 6.0,
        _ => 100.0 + w.bytes().fold(0.0, |a, b| a * 31.0 + f64::from(b)),
    }
}

/// Length of a " 's" / " ’s" at `i` (the apostrophe and the s), when it stands alone.
fn detached_possessive(b: &[u8], i: usize) -> Option<usize> {
    let apostrophe = if b[i] == b'\'' {
        1
    } else if b[i..].starts_with("’".as_bytes()) {
        3
    } else {
        return None;
    };
    let after_space = i > 0 && b[i - 1] == b' ';
    let s = b
        .get(i + apostrophe)
        .is_some_and(|c| *c == b's' || *c == b'S');
    let ends = b
        .get(i + apostrophe + 1)
        .is_none_or(|c| !c.is_ascii_alphanumeric());
    (after_space && s && ends).then_some(apostrophe + 1)
}

fn is_word_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || (!ch.is_ascii() && ch.is_alphanumeric())
}

/// A word: letters and digits, with inner apostrophes, hyphens, ampersands and dots
/// ("company's", "year-on-year", "P&G", "U.S"). Lower-cased into `low`.
fn word(s: &str, start: usize, low: &mut String, raw: &mut Vec<Raw>) -> usize {
    let from = low.len();
    let mut it = s[start..].char_indices().peekable();
    let mut end = start;
    while let Some((k, ch)) = it.next() {
        let next = it.peek().map(|&(_, c)| c);
        if is_word_char(ch) {
            if ch.is_ascii() {
                low.push(ch.to_ascii_lowercase());
            } else {
                low.extend(ch.to_lowercase());
            }
        } else if matches!(ch, '\'' | '’') {
            // company's, didn't; a closing quote after a plural ("investors'") is kept too.
            match next {
                Some(c) if c.is_alphabetic() => low.push('\''),
                _ if low.ends_with('s') && low.len() > from => {
                    low.push('\'');
                    end = start + k + ch.len_utf8();
                    break;
                }
                _ => break,
            }
        } else if matches!(ch, '-' | '&' | '.' | '/') {
            match next {
                Some(c) if is_word_char(c) && (ch != '.' || c.is_alphabetic()) => low.push(ch),
                _ => break,
            }
        } else {
            break;
        }
        end = start + k + ch.len_utf8();
    }
    raw.push(Raw::Word {
        s: from as u32,
        e: low.len() as u32,
    });
    end.max(start + 1)
}

/// A number: digits with thousands/decimal separators, and an optional glued scale or
/// percent suffix ("13.1m", "5bn", "10pc"). Anything else glued to it makes it a word.
fn number(s: &str, start: usize, low: &mut String, raw: &mut Vec<Raw>) -> usize {
    let b = s.as_bytes();
    let n = b.len();
    let mut j = start;
    while j < n {
        let c = b[j];
        let separator = (c == b'.' || c == b',') && j + 1 < n && b[j + 1].is_ascii_digit();
        if !c.is_ascii_digit() && !separator {
            break;
        }
        j += 1;
    }
    let digits = &s[start..j];
    // Glued letters: a scale, a percent, or part of a word (2Q, 4G, 1990s).
    let mut k = j;
    while k < n && b[k].is_ascii_alphabetic() {
        k += 1;
    }
    let mut v = parse_number(digits);
    let mut scaled = false;
    if k > j {
        let suffix = s[j..k].to_ascii_lowercase();
        match suffix.as_str() {
            "m" | "mn" | "mln" => {
                v *= 1e6;
                scaled = true;
            }
            "bn" | "b" | "bln" => {
                v *= 1e9;
                scaled = true;
            }
            "k" => {
                v *= 1e3;
                scaled = true;
            }
            "pc" | "pct" => {
                raw.push(Raw::Num { v, scaled });
                raw.push(Raw::Punct(b'%'));
                return k;
            }
            _ => {
                // Not a number: treat the whole thing as a word.
                return word(s, start, low, raw);
            }
        }
    }
    raw.push(Raw::Num { v, scaled });
    k
}

/// Parses "1,234.5", "13.1", "1.234,5", "13,1" (a lone comma before other than three
/// digits is a decimal comma, as in Nordic texts).
pub(crate) fn parse_number(s: &str) -> f64 {
    let dot = s.rfind('.');
    let comma = s.rfind(',');
    let decimal = match (dot, comma) {
        (Some(d), Some(c)) => Some(if d > c { b'.' } else { b',' }),
        (Some(_), None) => (s.matches('.').count() == 1).then_some(b'.'),
        (None, Some(c)) => (s.matches(',').count() == 1 && s.len() - c - 1 != 3).then_some(b','),
        (None, None) => None,
    };
    let mut int = 0.0f64;
    let mut frac = 0.0f64;
    let mut scale = 1.0f64;
    let mut in_frac = false;
    for &c in s.as_bytes() {
        if c.is_ascii_digit() {
            let d = f64::from(c - b'0');
            if in_frac {
                scale /= 10.0;
                frac += d * scale;
            } else {
                int = int * 10.0 + d;
            }
        } else if Some(c) == decimal {
            in_frac = true;
        }
    }
    int + frac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_sentence(text, |s| v.push(s.to_string()));
        v
    }

    #[test]
    fn splits_on_full_stops() {
        assert_eq!(
            sentences("Sales rose. Costs fell! Did they? Yes."),
            ["Sales rose.", "Costs fell!", "Did they?", "Yes."]
        );
    }

    #[test]
    fn does_not_split_abbreviations_or_decimals() {
        let t = "Apple Inc. said operating profit rose to EUR 13.1 mn in the U.S. Market. \
                 Meta Platforms Corp. fell. A. O. Smith gained 2.5% at 10 a.m. Eastern time.";
        assert_eq!(
            sentences(t),
            [
                "Apple Inc. said operating profit rose to EUR 13.1 mn in the U.S. Market.",
                "Meta Platforms Corp. fell.",
                "A. O. Smith gained 2.5% at 10 a.m. Eastern time."
            ]
        );
    }

    #[test]
    fn splits_on_blank_lines_and_keeps_names_with_dots() {
        assert_eq!(
            sentences("Headline without a stop\n\nAmazon.com sales rose. approx. three"),
            [
                "Headline without a stop",
                "Amazon.com sales rose. approx. three"
            ]
        );
    }

    #[test]
    fn numbers_parse_with_separators() {
        assert_eq!(parse_number("13.1"), 13.1);
        assert_eq!(parse_number("1,234.5"), 1234.5);
        assert_eq!(parse_number("1,250,000"), 1_250_000.0);
        assert_eq!(parse_number("13,1"), 13.1);
        assert_eq!(parse_number("1.234,5"), 1234.5);
    }

    #[test]
    fn scales_percent_and_years_are_folded() {
        let mut s = Scratch::default();
        s.tokenize("EUR 13.1 mn in 2009, up 5% from 8.7m");
        let nums: Vec<(f64, u8)> = s
            .toks
            .iter()
            .filter(|t| t.is_num())
            .map(|t| (t.num, t.flags & (F_PCT | F_DATE | F_CUR)))
            .collect();
        assert_eq!(
            nums,
            [(13.1e6, F_CUR), (2009.0, F_DATE), (5.0, F_PCT), (8.7e6, 0)]
        );
    }

    #[test]
    fn detached_possessives_are_glued_back() {
        let mut a = Scratch::default();
        a.tokenize("the company 's net sales");
        let mut b = Scratch::default();
        b.tokenize("the company's net sales");
        let kinds = |s: &Scratch| s.toks.iter().map(|t| t.kind).collect::<Vec<_>>();
        assert_eq!(kinds(&a), kinds(&b));
    }

    #[test]
    fn phrases_and_hyphens() {
        let mut s = Scratch::default();
        s.tokenize("They will lay off staff; cost-cutting continues");
        assert!(matches!(s.toks[1].kind, Kind::Hedge(_) | Kind::Unknown));
        assert!(s
            .toks
            .iter()
            .any(|t| matches!(t.kind, Kind::Polar(v) if v < -1.0)));
        assert!(s.toks.iter().any(|t| t.is_hard()));
    }
}
