//! Titles as story keys: two articles are copies of one news item when their titles are
//! equal once normalised ([`title_key`]): lower case, wire prefixes dropped, punctuation
//! one space. The stories rule (`stories`) and the pair walk (`pairs`) share it.

use std::hash::Hasher;

/// Desk and wire prefixes that mark a re-issue of an item, not a new one ("UPDATE 2-",
/// "BRIEF-", "REFILE-", "Press Release:"), in lower case.
const WIRE_PREFIXES: [&str; 10] = [
    "update",
    "refile",
    "rpt",
    "corrected",
    "correction",
    "brief",
    "exclusive",
    "breaking",
    "press release",
    "wrapup",
];

/// A title without its wire prefixes ("UPDATE 2-", "BRIEF-", …), trimmed.
fn without_wire_prefixes(title: &str) -> &str {
    let mut rest = title.trim();
    'strip: loop {
        for prefix in WIRE_PREFIXES {
            let Some(after) = rest
                .get(..prefix.len())
                .filter(|p| p.eq_ignore_ascii_case(prefix))
                .map(|_| &rest[prefix.len()..])
            else {
                continue;
            };
            // "update 2-", "update:", "brief-": the prefix, a revision number, a mark.
            let after = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
            if let Some(after) = after.strip_prefix([':', '-', '—', '–', '|']) {
                rest = after.trim_start();
                continue 'strip;
            }
        }
        break;
    }
    rest
}

/// A title as a story key: lower case, wire prefixes dropped, every run of characters
/// other than letters and digits one space. `None` when nothing is left to compare.
pub fn title_key(title: &str) -> Option<String> {
    let mut key = String::new();
    write_key(title, &mut key);
    (!key.is_empty()).then_some(key)
}

/// Writes [`title_key`] into `key` (cleared first), so the pass reuses one buffer.
fn write_key(title: &str, key: &mut String) {
    key.clear();
    let rest = without_wire_prefixes(title);
    // The words are the runs of letters and digits, joined by one space.
    if rest.is_ascii() {
        // Most titles: a byte at a time, no Unicode tables.
        let mut gap = false;
        for b in rest.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && !key.is_empty() {
                    key.push(' ');
                }
                gap = false;
                key.push(char::from(b.to_ascii_lowercase()));
            } else {
                gap = true;
            }
        }
        return;
    }
    write_words(rest, key);
}

/// The runs of letters and digits of `text`, lower case, joined by one space.
fn write_words(text: &str, key: &mut String) {
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// [`title_key`] hashed, `None` when empty. 64 bits: two titles of one company colliding
/// within 72 hours is not a practical risk.
pub(super) fn title_hash(title: &str, key: &mut String) -> Option<u64> {
    write_key(title, key);
    if key.is_empty() {
        return None;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(key.as_bytes());
    Some(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_differing_in_case_punctuation_and_wire_prefix_share_a_key() {
        let key = |t| title_key(t).unwrap();
        let base = key("Apple beats estimates, raises dividend");
        assert_eq!(key("APPLE BEATS ESTIMATES -- raises dividend!"), base);
        assert_eq!(key("UPDATE 2-Apple beats estimates, raises dividend"), base);
        assert_eq!(key("Update: Apple beats estimates; raises dividend"), base);
        assert_eq!(
            key("BRIEF-REFILE-Apple beats  estimates raises dividend"),
            base
        );
        assert_ne!(key("Apple misses estimates, raises dividend"), base);
        // A title that only starts like a prefix keeps its word.
        assert_eq!(
            key("Updated guidance lifts Apple"),
            "updated guidance lifts apple"
        );
        assert_eq!(title_key(" -- "), None);
        assert_eq!(
            title_key("UPDATE 1-Société Générale: résultats — 2T"),
            Some("société générale résultats 2t".to_string())
        );
        // The pass hashes the key: the same equalities hold.
        let hash = |t| title_hash(t, &mut String::new()).unwrap();
        assert_eq!(
            hash("UPDATE 2-Apple beats estimates, raises dividend"),
            hash("apple BEATS estimates raises dividend")
        );
        assert_ne!(
            hash("Apple misses estimates, raises dividend"),
            hash("Apple beats estimates, raises dividend")
        );
        assert_eq!(title_hash("UPDATE:", &mut String::new()), None);
    }

    /// The byte-at-a-time key of an ASCII title is the general one.
    #[test]
    fn ascii_titles_take_the_general_words() {
        for title in [
            "Apple beats estimates, raises dividend",
            "  --AAPL: Q3 EPS $1.52 vs. $1.43 (est.)--  ",
            "UPDATE 2-S&P 500 hits record; Nasdaq +1.2%",
            "a",
            "",
            "...",
            "3M's 10-K / 10-Q",
        ] {
            let (mut fast, mut general) = (String::new(), String::new());
            write_key(title, &mut fast);
            write_words(without_wire_prefixes(title), &mut general);
            assert_eq!(fast, general, "{title:?}");
        }
    }
}
