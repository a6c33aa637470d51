//! How prominent a company is in an article's own text: the relevance tickertone gives the
//! companies it finds (pages, and records without a ticker field).

/// Relevance of a ticker, from how prominent it is (see ARCHITECTURE.md): 0.4 for being in
/// a page's ticker run, 0.3 for being named in the title, 0.1 for each mention in the body
/// up to three; at least 0.1, at most 1.
pub fn relevance(in_run: bool, in_title: bool, body_mentions: usize) -> f64 {
    let r = 0.4 * f64::from(u8::from(in_run))
        + 0.3 * f64::from(u8::from(in_title))
        + 0.1 * body_mentions.min(3) as f64;
    (r.clamp(0.1, 1.0) * 10.0).round() / 10.0
}
