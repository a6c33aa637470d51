//! Scores stated in an article's prose: "a sentiment score of -0.8 for META",
//! "META sentiment: -0.8", "sentiment score for Alphabet is 0.4", "overall sentiment: 0.2".

use std::sync::OnceLock;

use regex::Regex;

/// A score the text states, for a name (ticker or company) or for the whole article.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedScore {
    /// The name as written (`META`, `$META`, `Meta Platforms`); `None` for the article.
    pub target: Option<String>,
    pub score: f64,
}

const NUMBER: &str = r"([-+−–]?\s?(?:\d+(?:\.\d+)?|\.\d+))";
/// A ticker or a name of up to four capitalised words on one line; dots only inside a word
/// (`BRK.B`), so "for META. Meta said" stops at `META`.
const NAME: &str = r"(\$?[A-Z][A-Za-z0-9&\-]*(?:\.[A-Za-z0-9]+)*(?:'s)?(?:[ \t]+[A-Z][A-Za-z0-9&\-]*(?:\.[A-Za-z0-9]+)*(?:'s)?){0,3})";

struct Patterns {
    /// "sentiment score of -0.8 for META"
    score_of_for: Regex,
    /// "sentiment score for META is -0.8", "sentiment for META: -0.8"
    score_for_is: Regex,
    /// "META sentiment: -0.8", "META sentiment score = -0.8"
    name_colon: Regex,
    /// "overall sentiment score of 0.2", "article sentiment: 0.2"
    article: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |s: String| Regex::new(&s).unwrap_or_else(|e| panic!("bad pattern {s}: {e}"));
        Patterns {
            score_of_for: re(format!(
                r"(?i:sentiment)(?:\s+(?i:score|rating))?\s+(?i:of)\s+{NUMBER}\s+(?i:for|on|towards?)\s+{NAME}"
            )),
            score_for_is: re(format!(
                r"(?i:sentiment)(?:\s+(?i:score|rating))?\s+(?i:for|of|on)\s+{NAME}\s*(?:(?i:is|was|stands at|of)\s+|[:=]\s*){NUMBER}"
            )),
            name_colon: re(format!(
                r"{NAME}\s+(?i:sentiment)(?:\s+(?i:score))?\s*[:=]\s*{NUMBER}"
            )),
            article: re(format!(
                r"(?i:overall|article|aggregate)\s+(?i:sentiment)(?:\s+(?i:score))?(?:\s+(?i:of|is|was)|\s*[:=])\s*{NUMBER}"
            )),
        }
    })
}

fn number(s: &str) -> Option<f64> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '−' || c == '–' { '-' } else { c })
        .collect();
    cleaned.parse().ok()
}

/// Every stated score in `text`, in order. Values outside [-1, 1] are left out: a figure
/// out of range is not a sentiment score, and is not guessed at.
pub fn stated_scores(text: &str) -> Vec<StatedScore> {
    let p = patterns();
    // Each pattern with the capture groups of its name (0: none, the article's) and number;
    // earlier patterns win where matches overlap.
    let rules: [(&Regex, usize, usize); 4] = [
        (&p.score_of_for, 2, 1),
        (&p.score_for_is, 1, 2),
        (&p.name_colon, 1, 2),
        (&p.article, 0, 1),
    ];
    let mut found: Vec<(usize, StatedScore)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for (re, name_group, number_group) in rules {
        for c in re.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            let (start, end) = (whole.start(), whole.end());
            let target = (name_group > 0).then(|| c.get(name_group).map_or("", |m| m.as_str()));
            // "Overall sentiment: 0.2" is the article's, not a company called Overall.
            if target.is_some_and(|t| {
                ["overall", "article", "aggregate", "the", "its", "market"]
                    .contains(&t.to_ascii_lowercase().as_str())
            }) {
                continue;
            }
            if taken.iter().any(|&(a, b)| start < b && a < end) {
                continue;
            }
            taken.push((start, end));
            let value = c.get(number_group).map_or("", |m| m.as_str());
            if let Some(score) = number(value).filter(|x| x.is_finite() && (-1.0..=1.0).contains(x))
            {
                found.push((
                    start,
                    StatedScore {
                        target: target.map(clean_name),
                        score,
                    },
                ));
            }
        }
    }
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, s)| s).collect()
}

/// `$META's` → `META`.
fn clean_name(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_prefix('$').unwrap_or(name);
    let name = name
        .strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .unwrap_or(name);
    name.trim_end_matches(['.', ',']).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<(Option<String>, f64)> {
        stated_scores(text)
            .into_iter()
            .map(|s| (s.target, s.score))
            .collect()
    }

    #[test]
    fn the_phrasings_of_the_issue() {
        assert_eq!(
            one("This exodus, reflected in a strongly negative sentiment score of -0.8 for META, raises"),
            vec![(Some("META".into()), -0.8)]
        );
        assert_eq!(
            one("META sentiment: -0.8."),
            vec![(Some("META".into()), -0.8)]
        );
        assert_eq!(
            one("a sentiment score of 0.4 for NVDA. AMD sentiment: -0.3. BRK.B sentiment: 0.1"),
            vec![
                (Some("NVDA".into()), 0.4),
                (Some("AMD".into()), -0.3),
                (Some("BRK.B".into()), 0.1)
            ]
        );
        assert_eq!(
            one("a sentiment score of 0.7 for CCL"),
            vec![(Some("CCL".into()), 0.7)]
        );
        assert_eq!(
            one("The sentiment score for Alphabet is 0.4 today."),
            vec![(Some("Alphabet".into()), 0.4)]
        );
        assert_eq!(one("Overall sentiment: 0.25"), vec![(None, 0.25)]);
        assert_eq!(
            one("sentiment score of −0.35 for $TSLA"),
            vec![(Some("TSLA".into()), -0.35)]
        );
    }

    #[test]
    fn out_of_range_is_not_a_score() {
        assert_eq!(one("a sentiment score of 8 for META"), vec![]);
        assert_eq!(one("META sentiment: 1.5"), vec![]);
    }
}
