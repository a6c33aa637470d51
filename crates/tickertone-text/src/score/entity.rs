//! Which sentences mention which company: the scorer's view of the one company matcher
//! ([`crate::matcher`], where the rules are).
//!
//! The entities are the companies an article is already known to be about, so here a bare
//! upper-case ticker (`META rose`) attributes a sentence to its company too; cashtags,
//! exchange-prefixed tickers, names and aliases do everywhere.

use crate::matcher::{CompanyMatcher, Found, MatcherBuilder};

/// A company to attribute sentences to: what it may be called in text.
#[derive(Debug, Clone, Copy)]
pub struct Entity<'a> {
    pub tickers: &'a [&'a str],
    pub names: &'a [&'a str],
}

/// Scores of one text by entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityScores {
    /// Score of the sentences mentioning no entity (None if there are none).
    pub article: Option<f64>,
    /// Per entity, in input order: score of the sentences that mention it, None if none do.
    pub entities: Vec<Option<f64>>,
}

/// What the built-in scorer reads of one text, for another scorer to read the same: per
/// entity, the sentences that name it (a list sentence narrowed to the entity's item), and
/// the sentences that name none. Slices of the text, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySentences<'t> {
    pub article: Vec<&'t str>,
    pub entities: Vec<Vec<&'t str>>,
}

/// Mention finder for a fixed list of entities; build once, use on many texts.
pub struct EntityMatcher {
    matcher: CompanyMatcher,
}

impl EntityMatcher {
    pub fn new(entities: &[Entity]) -> Self {
        let mut builder = MatcherBuilder::default();
        for e in entities {
            builder.add(e.tickers.iter().copied(), e.names.iter().copied());
        }
        EntityMatcher {
            matcher: builder.build(),
        }
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.matcher.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matcher.is_empty()
    }

    /// The entities `sentence` mentions, into `out` (each once, ascending). `found` is a
    /// reused buffer.
    pub fn mentions(&self, sentence: &str, found: &mut Vec<Found>, out: &mut Vec<u32>) {
        out.clear();
        if self.matcher.is_empty() {
            return;
        }
        self.matcher.find_into(sentence, found);
        out.extend(found.iter().filter_map(|f| f.company));
        out.sort_unstable();
        out.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(entities: &[Entity], s: &str) -> Vec<u32> {
        let m = EntityMatcher::new(entities);
        let mut found = Vec::new();
        let mut out = Vec::new();
        m.mentions(s, &mut found, &mut out);
        out
    }

    #[test]
    fn tickers_are_upper_case_whole_words() {
        let e = [Entity {
            tickers: &["META"],
            names: &[],
        }];
        assert_eq!(found(&e, "META rose"), [0]);
        assert_eq!(found(&e, "shares of $META rose"), [0]);
        assert_eq!(found(&e, "Meta Platforms (NASDAQ: META) said"), [0]);
        assert_eq!(found(&e, "(NASDAQ:META)"), [0]);
        assert!(found(&e, "meta rose").is_empty());
        assert!(found(&e, "METALS fell").is_empty());
        assert!(found(&e, "metaverse").is_empty());
    }

    #[test]
    fn common_word_tickers_need_a_cashtag_or_exchange() {
        let e = [
            Entity {
                tickers: &["A"],
                names: &[],
            },
            Entity {
                tickers: &["ALL"],
                names: &[],
            },
            Entity {
                tickers: &["NOW"],
                names: &[],
            },
            Entity {
                tickers: &["IT"],
                names: &[],
            },
        ];
        assert!(found(&e, "A BIG DAY: ALL STOCKS UP NOW, IT SAYS").is_empty());
        assert_eq!(
            found(&e, "$A and NYSE: ALL and (NYSE:NOW) and $IT"),
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn share_classes() {
        let e = [Entity {
            tickers: &["BRK-B"],
            names: &[],
        }];
        assert_eq!(found(&e, "BRK.B gained"), [0]);
        assert_eq!(found(&e, "NYSE: BRK/B"), [0]);
    }

    #[test]
    fn names_match_as_written_on_word_boundaries() {
        let e = [
            Entity {
                tickers: &["META"],
                names: &["Meta Platforms, Inc.", "Meta", "Facebook"],
            },
            Entity {
                tickers: &["GOOGL"],
                names: &["Alphabet Inc.", "Alphabet", "Google"],
            },
            Entity {
                tickers: &["TGT"],
                names: &["Target"],
            },
        ];
        assert_eq!(found(&e, "Meta's revenue rose"), [0]);
        assert_eq!(found(&e, "FACEBOOK and Google"), [0, 1]);
        assert_eq!(found(&e, "Alphabet said"), [1]);
        assert!(found(&e, "Metaverse units, Googled").is_empty());
        assert!(found(&e, "meta-analysis; raised its price target").is_empty());
        assert_eq!(found(&e, "Target cut prices"), [2]);
    }
}
