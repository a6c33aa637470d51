//! Per company, the time-series correlation of its daily sentiment with its forward return
//! at each horizon: what `corr_next_return` is for one day. A day with news d meets the
//! return from the close of the latest trading day on or before d to the close h trading
//! days after that day (both the company's own closes on those days): Friday's and
//! Saturday's news both meet Friday's close to the next trading day's. Pearson's
//! correlation over the days with both, given from [`CORR_MIN_DAYS`] days on.

use super::rank::pearson;
use super::{Calendar, StudyInput};
pub use crate::prices::CORR_MIN_DAYS;

#[derive(Debug, Clone, PartialEq)]
pub struct CompanyCorrelation {
    pub company: String,
    pub symbol: String,
    pub horizon: u32,
    pub corr: Option<f64>,
    /// Days with news and a forward return.
    pub n: usize,
}

pub fn per_company(input: &StudyInput, calendar: &Calendar) -> Vec<CompanyCorrelation> {
    let mut out = Vec::new();
    for run in input.daily.chunk_by(|a, b| a.company == b.company) {
        let closes = input.closes.get(&run[0].company);
        for &h in &input.horizons {
            let pairs: Vec<(f64, f64)> = match closes {
                Some(closes) => run
                    .iter()
                    .filter_map(|row| {
                        let i = calendar.at_or_before(row.date)?;
                        Some((
                            row.mean_sentiment,
                            calendar.forward_return(closes, i, h as usize)?,
                        ))
                    })
                    .collect(),
                None => Vec::new(),
            };
            let (x, y): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
            out.push(CompanyCorrelation {
                company: run[0].company.clone(),
                symbol: run[0].symbol.clone(),
                horizon: h,
                corr: if pairs.len() >= CORR_MIN_DAYS {
                    pearson(&x, &y)
                } else {
                    None
                },
                n: pairs.len(),
            });
        }
    }
    out
}
