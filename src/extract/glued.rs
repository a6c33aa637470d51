//! Glued runs on scraped news pages: `METAGOOGGOOGLMSFT` (tickers) and
//! `Artificial IntelligenceTechnology & Innovation` (category names).

use std::collections::HashSet;

/// A piece of a split: its start (in chars), its text, whether it is a known ticker.
type Piece = (usize, String, bool);

/// The most splits of one run we weigh against each other; runs with more are ambiguous.
const MAX_SPLITS: usize = 256;

/// How a glued ticker run was split.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunSplit {
    /// Tickers the split is sure of, in run order.
    pub tickers: Vec<String>,
    /// Parts of the run that could not be split with certainty.
    pub unresolved: Vec<String>,
}

/// Splits `run` into tickers of `known`, choosing the split with the fewest symbols and,
/// among equals, the one with most companies that the text names (`named`). Parts that no
/// split covers, or on which the best splits disagree, are `unresolved`, not guessed.
pub fn split_ticker_run(
    run: &str,
    known: &dyn Fn(&str) -> bool,
    named: &dyn Fn(&str) -> bool,
) -> RunSplit {
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    if n == 0 || n > 200 {
        return RunSplit {
            tickers: vec![],
            unresolved: (n > 0).then(|| run.to_string()).into_iter().collect(),
        };
    }
    // cost[i] = (unmatched characters, symbols) of the best split of chars[i..]: covering
    // the run comes first, then fewer symbols.
    const LONGEST: usize = 10;
    let mut cost = vec![(usize::MAX, usize::MAX); n + 1];
    cost[n] = (0, 0);
    for i in (0..n).rev() {
        let skip = cost[i + 1];
        let mut best = (skip.0 + 1, skip.1);
        for len in 1..=LONGEST.min(n - i) {
            let piece: String = chars[i..i + len].iter().collect();
            if known(&piece) {
                let rest = cost[i + len];
                best = best.min((rest.0, rest.1 + 1));
            }
        }
        cost[i] = best;
    }

    // Every optimal split, as lists of (start, piece, matched).
    let mut splits: Vec<Vec<Piece>> = Vec::new();
    let mut stack: Vec<(usize, Vec<Piece>)> = vec![(0, vec![])];
    while let Some((i, path)) = stack.pop() {
        if splits.len() >= MAX_SPLITS {
            break;
        }
        if i == n {
            splits.push(path);
            continue;
        }
        let here = cost[i];
        for len in (1..=LONGEST.min(n - i)).rev() {
            let piece: String = chars[i..i + len].iter().collect();
            let rest = cost[i + len];
            if known(&piece) && (rest.0, rest.1 + 1) == here {
                let mut p = path.clone();
                p.push((i, piece, true));
                stack.push((i + len, p));
            }
        }
        let rest = cost[i + 1];
        if (rest.0 + 1, rest.1) == here {
            let mut p = path.clone();
            p.push((i, chars[i].to_string(), false));
            stack.push((i + 1, p));
        }
    }
    // Among the fewest-symbol splits, those naming the most companies of the text.
    let named_count = |s: &Vec<Piece>| s.iter().filter(|(_, t, m)| *m && named(t)).count();
    let top = splits.iter().map(named_count).max().unwrap_or(0);
    splits.retain(|s| named_count(s) == top);

    // A piece is certain when every remaining split has it at the same place.
    let certain: HashSet<(usize, String)> = match splits.split_first() {
        None => HashSet::new(),
        Some((first, rest)) => first
            .iter()
            .filter(|(_, _, matched)| *matched)
            .map(|(i, t, _)| (*i, t.clone()))
            .filter(|(i, t)| {
                rest.iter()
                    .all(|s| s.iter().any(|(j, u, m)| *m && j == i && u == t))
            })
            .collect(),
    };
    let partial = splits.first().is_none_or(|s| s.iter().any(|(_, _, m)| !m));
    let mut tickers = Vec::new();
    let mut unresolved = Vec::new();
    let mut pending = String::new();
    let mut covered = vec![false; n];
    let mut certain_sorted: Vec<&(usize, String)> = certain.iter().collect();
    certain_sorted.sort();
    for (i, t) in certain_sorted {
        // In a run that cannot be split fully, a lone letter is too weak to keep.
        if partial && t.chars().count() < 2 {
            continue;
        }
        for c in covered.iter_mut().skip(*i).take(t.chars().count()) {
            *c = true;
        }
        tickers.push((*i, t.clone()));
    }
    for (i, c) in chars.iter().enumerate() {
        if covered[i] {
            if !pending.is_empty() {
                unresolved.push(std::mem::take(&mut pending));
            }
        } else {
            pending.push(*c);
        }
    }
    if !pending.is_empty() {
        unresolved.push(pending);
    }
    tickers.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, t) in tickers {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    RunSplit {
        tickers: out,
        unresolved,
    }
}

/// Splits glued category names at lower-to-upper case boundaries:
/// `Artificial IntelligenceTechnology & Innovation` → `Artificial Intelligence`,
/// `Technology & Innovation`.
pub fn split_categories(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in line.chars() {
        if let Some(p) = prev {
            if (p.is_lowercase() || p == ')') && c.is_uppercase() {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
        prev = Some(c);
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Number of lower-to-upper boundaries inside words (`IntelligenceTechnology` has one).
pub fn glued_boundaries(line: &str) -> usize {
    line.chars()
        .zip(line.chars().skip(1))
        .filter(|(a, b)| a.is_lowercase() && b.is_uppercase())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[&str] = &[
        "META", "MET", "A", "GOOG", "GOOGL", "MSFT", "CCL", "C", "CL", "AB", "ABC", "CD", "D",
    ];

    fn split(run: &str, named: &[&str]) -> RunSplit {
        split_ticker_run(run, &|t| TABLE.contains(&t), &|t| named.contains(&t))
    }

    #[test]
    fn fewest_symbols_wins() {
        let s = split("METAGOOGGOOGLMSFT", &[]);
        assert_eq!(s.tickers, ["META", "GOOG", "GOOGL", "MSFT"]);
        assert!(s.unresolved.is_empty());
        assert_eq!(split("CCL", &[]).tickers, ["CCL"]);
    }

    #[test]
    fn ties_go_to_the_companies_the_text_names() {
        // AB+CD and ABC+D both take two symbols.
        assert_eq!(split("ABCD", &["CD"]).tickers, ["AB", "CD"]);
        assert_eq!(split("ABCD", &["ABC"]).tickers, ["ABC", "D"]);
        // Nothing named: nothing is certain.
        let s = split("ABCD", &[]);
        assert!(s.tickers.is_empty());
        assert_eq!(s.unresolved, ["ABCD"]);
    }

    #[test]
    fn a_run_that_cannot_be_split_keeps_what_is_certain() {
        let s = split("METAXYZQ", &[]);
        assert_eq!(s.tickers, ["META"]);
        assert_eq!(s.unresolved, ["XYZQ"]);
    }

    #[test]
    fn categories_split_at_case_boundaries() {
        assert_eq!(
            split_categories(
                "Artificial IntelligenceTechnology & InnovationManagement & GovernanceCompany Fundamentals"
            ),
            [
                "Artificial Intelligence",
                "Technology & Innovation",
                "Management & Governance",
                "Company Fundamentals"
            ]
        );
        assert_eq!(glued_boundaries("Earnings"), 0);
    }
}
