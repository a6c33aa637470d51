//! Raw news pages (`.txt`, `.md`) as saved from a news site: the parts of the page, found by
//! their shape. Every part may be missing; a page with only a title is still a page.
//!
//! ```text
//! Back to News                     navigation: dropped
//! Market Impact: 0.6               → market_impact
//! <title>                          first other line
//! METAGOOGGOOGLMSFT                glued ticker run (upper-case, no spaces)
//! Artificial IntelligenceTech...   glued category run (after the ticker run)
//! <title again>                    dropped
//! <summary paragraphs>             → body
//! Analysis                         section heading: dropped, its text → body
//! <analysis paragraphs>            → body
//! ```

pub use crate::extract::page::PageParts;

/// Navigation and section lines that carry no content.
const NOISE: &[&str] = &[
    "back to news",
    "back to all news",
    "← back to news",
    "< back to news",
    "analysis",
    "summary",
    "related news",
    "share",
    "advertisement",
];

/// A line that is a glued run of tickers: upper-case letters, digits, `.` and `-`, no
/// spaces, at least two characters.
pub fn is_ticker_run(line: &str) -> bool {
    let len = line.chars().count();
    (2..=200).contains(&len)
        && line.chars().any(|c| c.is_ascii_uppercase())
        && line
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.' || c == '-')
}

fn ends_like_a_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”'])
}

pub fn parse_page(text: &str) -> PageParts {
    let mut parts = PageParts::default();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut after_run = false;
    let flush = |current: &mut Vec<&str>, paragraphs: &mut Vec<String>| {
        if !current.is_empty() {
            paragraphs.push(current.join(" "));
            current.clear();
        }
    };
    for raw_line in text.lines() {
        let line = raw_line.trim().trim_start_matches('\u{feff}').trim();
        let line = line.trim_start_matches('#').trim(); // markdown headings
        if line.is_empty() {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        let lower = line.to_lowercase();
        if NOISE.contains(&lower.trim_end_matches(':')) {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        if let Some(rest) = lower.strip_prefix("market impact") {
            let value = rest.trim_start_matches([':', ' ', '\t']).trim();
            parts.market_impact = Some(value.to_string());
            flush(&mut current, &mut paragraphs);
            continue;
        }
        if is_ticker_run(line) {
            parts.ticker_runs.push(line.to_string());
            flush(&mut current, &mut paragraphs);
            after_run = true;
            continue;
        }
        let glued = crate::extract::glued::glued_boundaries(line);
        // After a ticker run, a short capitalised line is the category line even when it
        // names one category ("Cloud Computing").
        let capitalised = line
            .split_whitespace()
            .all(|w| w == "&" || w.chars().next().is_some_and(char::is_uppercase));
        let category_like = !ends_like_a_sentence(line)
            && line.chars().count() <= 300
            && parts.category_line.is_none()
            && ((after_run && (glued >= 1 || capitalised)) || glued >= 2);
        after_run = false;
        if category_like {
            parts.category_line = Some(line.to_string());
            flush(&mut current, &mut paragraphs);
            continue;
        }
        if parts.title.is_none() {
            parts.title = Some(line.to_string());
            continue;
        }
        if parts.title.as_deref() == Some(line) && current.is_empty() {
            continue; // the title repeated above the summary
        }
        current.push(line);
    }
    flush(&mut current, &mut paragraphs);
    parts.body = paragraphs.join("\n\n");
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Back to News\nMarket Impact: 0.4\n\nNvidia beats estimates.\n\nNVDAAMD\n\
SemiconductorsEarnings\nNvidia beats estimates.\n\nNvidia reported record revenue.\n\nAnalysis\n\n\
The sentiment score of 0.7 for NVDA reflects it.";

    #[test]
    fn finds_the_parts() {
        let p = parse_page(PAGE);
        assert_eq!(p.title.as_deref(), Some("Nvidia beats estimates."));
        assert_eq!(p.market_impact.as_deref(), Some("0.4"));
        assert_eq!(p.ticker_runs, ["NVDAAMD"]);
        assert_eq!(p.category_line.as_deref(), Some("SemiconductorsEarnings"));
        assert_eq!(
            p.body,
            "Nvidia reported record revenue.\n\nThe sentiment score of 0.7 for NVDA reflects it."
        );
    }

    #[test]
    fn a_title_alone_is_a_page() {
        let p = parse_page("Apple unveils a new phone\n");
        assert_eq!(p.title.as_deref(), Some("Apple unveils a new phone"));
        assert_eq!(p.body, "");
        assert!(p.ticker_runs.is_empty());
    }

    #[test]
    fn one_category_after_a_run() {
        let p = parse_page("Microsoft grows\n\nMSFT\nCloud Computing\n\nIt opened a region.");
        assert_eq!(p.category_line.as_deref(), Some("Cloud Computing"));
        assert_eq!(p.body, "It opened a region.");
    }

    #[test]
    fn a_mcdonalds_title_is_not_a_category_line() {
        let p = parse_page("McDonald's beats estimates.\n\nSales rose.");
        assert_eq!(p.title.as_deref(), Some("McDonald's beats estimates."));
        assert_eq!(p.category_line, None);
    }
}
