//! Cutting a sentence into raw tokens: words (lower-cased into the scratch buffer), numbers
//! with their separators and scales, punctuation and currency signs.

/// A word as cut from the sentence: its lower-cased text in the scratch buffer.
#[derive(Clone, Copy, Debug)]
pub(super) enum Raw {
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

/// Cuts a sentence into raw words, numbers and punctuation.
pub(super) fn cut(sentence: &str, low: &mut String, raw: &mut Vec<Raw>) {
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
pub(super) fn currency_id(w: &str) -> f64 {
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
    // An accounting negative: "$(0.55)", "($0.42)", "$($0.55)" (a loss per share).
    if k < n && b[k] == b')' && accounting_open(&b[..start]) {
        v = -v;
    }
    raw.push(Raw::Num { v, scaled });
    k
}

/// Whether `before` ends with "$(", "($" or "$($": a figure in accounting brackets.
fn accounting_open(before: &[u8]) -> bool {
    before.ends_with(b"$(") || before.ends_with(b"($")
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
