//! The tag list some sources append to a headline (Benzinga, through Alpha Vantage):
//! `… - Apple  ( NASDAQ:AAPL ) , Qualcomm  ( NASDAQ:QCOM ) `. It is the source's list of
//! tags, often wrong (American Airlines on an Agnico Eagle story), not the headline.

use regex::Regex;
use std::sync::OnceLock;

/// `(headline, suffix)`: the headline without a trailing tag list, and the list (empty
/// when there is none).
pub fn split_tag_suffix(title: &str) -> (&str, &str) {
    static TAGS: OnceLock<Regex> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        // " - " then one or more "Name ( EXCHANGE:TICKER )" separated by commas, to the end.
        Regex::new(r"\s+-\s+(?:[^()]{1,80}?\(\s*[A-Za-z]+\s*:\s*[A-Za-z0-9.\-/]+\s*\)\s*,?\s*)+$")
            .expect("a constant pattern")
    });
    // Most headlines end without a parenthesis: no pattern to run.
    if !title.trim_end().ends_with(')') {
        return (title, "");
    }
    let Some(m) = tags.find(title).filter(|m| m.start() > 0) else {
        return (title, "");
    };
    // The list starts at the last " - " before its first entry's parenthesis: the first
    // one may be the headline's own ("… In US - Giving iMessage A Run For Its Money? -
    // Meta Platforms ( NASDAQ:META )").
    let first_entry = title[m.start()..]
        .find('(')
        .map_or(title.len(), |p| m.start() + p);
    let start = m.start() + title[m.start()..first_entry].rfind(" - ").unwrap_or(0);
    (title[..start].trim_end(), &title[start..])
}

/// `(name, ticker)` of each entry of a tag suffix (`Masimo  ( NASDAQ:MASI )` → `("Masimo",
/// "MASI")`): the names of tagged companies that no symbol table may know.
pub fn tag_suffix_names(suffix: &str) -> Vec<(&str, &str)> {
    static ENTRY: OnceLock<Regex> = OnceLock::new();
    let entry = ENTRY.get_or_init(|| {
        Regex::new(r"([^(),]+?)\s*\(\s*[A-Za-z]+\s*:\s*([A-Za-z0-9.\-/]+)\s*\)")
            .expect("a constant pattern")
    });
    entry
        .captures_iter(suffix.trim_start().trim_start_matches('-'))
        .filter_map(|c| Some((c.get(1)?.as_str().trim(), c.get(2)?.as_str())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_tag_list_is_split_off() {
        let (headline, tags) = split_tag_suffix(
            "Apple Music Support Seems To Be Finally Coming To Tesla Cars - Tesla  ( NASDAQ:TSLA ) ",
        );
        assert_eq!(
            headline,
            "Apple Music Support Seems To Be Finally Coming To Tesla Cars"
        );
        assert!(tags.contains("NASDAQ:TSLA"));
        let two = "Courts Reinstate Ban On Apple Watches - Apple  ( NASDAQ:AAPL ) , Masimo  ( NASDAQ:MASI ) ";
        assert_eq!(
            split_tag_suffix(two).0,
            "Courts Reinstate Ban On Apple Watches"
        );
        // A dash inside a headline is no tag list.
        let plain = "Apple - The Next Ten Years";
        assert_eq!(split_tag_suffix(plain), (plain, ""));
        assert_eq!(split_tag_suffix("Tesla ( NASDAQ:TSLA ) rises").1, "");
        // A dash of the headline's own before the list stays in the headline.
        let own = "WhatsApp's Popularity Surges In US - Giving iMessage A Run For Its Money? - Meta Platforms  ( NASDAQ:META ) ";
        assert_eq!(
            split_tag_suffix(own).0,
            "WhatsApp's Popularity Surges In US - Giving iMessage A Run For Its Money?"
        );
        assert_eq!(
            tag_suffix_names(split_tag_suffix(own).1),
            [("Meta Platforms", "META")]
        );
        assert_eq!(
            tag_suffix_names(split_tag_suffix(two).1),
            [("Apple", "AAPL"), ("Masimo", "MASI")]
        );
    }
}
