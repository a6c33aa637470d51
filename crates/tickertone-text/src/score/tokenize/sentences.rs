//! Sentences: where a text's sentences end (full stops that do not end one: abbreviations,
//! initials, decimals, names with dots).

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
    b"intl", b"hldgs", b"cos", b"assn", b"adj", b"qtr", b"rev", b"yr", b"mln", b"bln", b"mgmt",
    b"svcs", b"grp",
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
