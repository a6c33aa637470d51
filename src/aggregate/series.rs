//! Windowed statistics over one company's per-day sums, sorted by date.

use chrono::{Duration, NaiveDate};

/// The sums of one company's pairs on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayStats {
    pub date: NaiveDate,
    /// Number of (article, company) pairs.
    pub pairs: u64,
    /// Σ s
    pub sum_s: f64,
    /// Σ w·s
    pub sum_ws: f64,
    /// Σ w
    pub sum_w: f64,
    pub min: f64,
    pub max: f64,
    pub bullish: u64,
    pub bearish: u64,
}

/// A company's stats of one day, as the grouping produces them: the company and the day's
/// symbol as numbers of the aggregation's `Numbering` (no text: a one-year report of 10M
/// articles holds two million of these).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompanyDay {
    pub company: u32,
    pub symbol: u32,
    pub stats: DayStats,
}

impl AsRef<DayStats> for CompanyDay {
    fn as_ref(&self) -> &DayStats {
        &self.stats
    }
}

impl AsRef<DayStats> for DayStats {
    fn as_ref(&self) -> &DayStats {
        self
    }
}

/// Sums over a range of days.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    pub pairs: u64,
    pub sum_s: f64,
    pub sum_ws: f64,
    pub sum_w: f64,
}

impl Totals {
    pub fn mean(&self) -> f64 {
        self.sum_s / self.pairs as f64
    }

    /// Σ w·s / Σ w; `None` when Σ w = 0.
    pub fn weighted(&self) -> Option<f64> {
        (self.sum_w != 0.0).then(|| self.sum_ws / self.sum_w)
    }
}

impl DayStats {
    /// A day without pairs yet, to add pairs (or other days' sums) to.
    pub fn empty(date: NaiveDate) -> DayStats {
        DayStats {
            date,
            pairs: 0,
            sum_s: 0.0,
            sum_ws: 0.0,
            sum_w: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            bullish: 0,
            bearish: 0,
        }
    }

    pub fn mean(&self) -> f64 {
        self.totals().mean()
    }

    pub fn weighted(&self) -> Option<f64> {
        self.totals().weighted()
    }

    fn totals(&self) -> Totals {
        Totals {
            pairs: self.pairs,
            sum_s: self.sum_s,
            sum_ws: self.sum_ws,
            sum_w: self.sum_w,
        }
    }
}

/// The days of `days` dated `from ..= to` (a slice, since `days` is sorted by date).
fn range<D: AsRef<DayStats>>(days: &[D], from: NaiveDate, to: NaiveDate) -> &[D] {
    let lo = days.partition_point(|d| d.as_ref().date < from);
    let hi = days.partition_point(|d| d.as_ref().date <= to);
    &days[lo..hi.max(lo)]
}

/// Sums of the pairs dated `from ..= to`.
pub fn sum_over<D: AsRef<DayStats>>(days: &[D], from: NaiveDate, to: NaiveDate) -> Totals {
    range(days, from, to)
        .iter()
        .map(AsRef::as_ref)
        .fold(Totals::default(), |t, d| Totals {
            pairs: t.pairs + d.pairs,
            sum_s: t.sum_s + d.sum_s,
            sum_ws: t.sum_ws + d.sum_ws,
            sum_w: t.sum_w + d.sum_w,
        })
}

/// Mean of s over the pairs dated `from ..= to`; `None` without pairs.
pub fn mean_over<D: AsRef<DayStats>>(days: &[D], from: NaiveDate, to: NaiveDate) -> Option<f64> {
    let t = sum_over(days, from, to);
    (t.pairs > 0).then(|| t.mean())
}

/// Fewest days with news in `date−30 … date−1` for a z-score.
const ZSCORE_MIN_DAYS: usize = 5;

/// `(mean − μ) / σ` of day `i` against the daily means of the days with news in
/// `date−30 … date−1` (population σ); `None` with fewer than 5 such days or σ = 0.
pub fn zscore_30d<D: AsRef<DayStats>>(days: &[D], i: usize) -> Option<f64> {
    let day = *days[i].as_ref();
    // At most 30 days (a company's dates are distinct): no vector per row.
    let mut history = [0.0; 30];
    let mut n = 0;
    let earlier = range(
        days,
        day.date - Duration::days(30),
        day.date - Duration::days(1),
    );
    for (slot, d) in history.iter_mut().zip(earlier) {
        *slot = d.as_ref().mean();
        n += 1;
    }
    zscore(day.mean(), &history[..n], n)
}

/// `(value − μ) / σ` against `history` (population σ), the rule `zscore_30d` and
/// `volume_z_30d` share: `None` when fewer than 5 of the history's days had news or σ = 0.
pub fn zscore(value: f64, history: &[f64], days_with_news: usize) -> Option<f64> {
    if days_with_news < ZSCORE_MIN_DAYS || history.is_empty() {
        return None;
    }
    let n = history.len() as f64;
    let mu = history.iter().sum::<f64>() / n;
    let sigma = (history.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / n).sqrt();
    // Equal daily means can leave rounding dust (1e-17) instead of an exact 0.
    if sigma <= 1e-12 * mu.abs().max(1.0) {
        return None;
    }
    Some((value - mu) / sigma)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32, means: &[f64]) -> DayStats {
        let sum: f64 = means.iter().sum();
        DayStats {
            date: NaiveDate::from_ymd_opt(2025, 1, d).unwrap(),
            pairs: means.len() as u64,
            sum_s: sum,
            sum_ws: sum,
            sum_w: means.len() as f64,
            min: 0.0,
            max: 0.0,
            bullish: 0,
            bearish: 0,
        }
    }

    #[test]
    fn rolling_mean_weights_pairs_not_days() {
        let days = [day(1, &[1.0, 1.0, 1.0]), day(7, &[0.0]), day(8, &[0.5])];
        let d = |n| NaiveDate::from_ymd_opt(2025, 1, n).unwrap();
        assert_eq!(mean_over(&days, d(1), d(7)), Some(0.75));
        assert_eq!(mean_over(&days, d(2), d(8)), Some(0.25));
        assert_eq!(mean_over(&days, d(9), d(15)), None);
    }

    #[test]
    fn zscore_needs_five_days_and_spread() {
        let mut days: Vec<DayStats> = (1..=4).map(|d| day(d, &[d as f64 / 10.0])).collect();
        days.push(day(10, &[0.9]));
        assert_eq!(zscore_30d(&days, 4), None);
        days.insert(4, day(5, &[0.5]));
        // history 0.1..0.5: μ = 0.3, σ = sqrt(0.02)
        let z = zscore_30d(&days, 5).unwrap();
        assert!((z - 0.6 / 0.02f64.sqrt()).abs() < 1e-12, "{z}");
        let flat: Vec<DayStats> = (1..=6).map(|d| day(d, &[0.1])).collect();
        assert_eq!(zscore_30d(&flat, 5), None);
    }
}
