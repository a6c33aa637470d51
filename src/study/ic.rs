//! The cross-sectional study of one horizon h, as Alphalens computes it from a factor and
//! closes: for each trading day t, the companies with news on t, a close on t and a close
//! h trading days later (their forward return `close(t+h) / close(t) − 1`); a day with at
//! least [`MIN_COMPANIES`] of them whose sentiment can be cut into quintiles (as
//! `pandas.qcut`, which refuses repeated edges) gives
//! - its information coefficient: Spearman's correlation of sentiment and forward return;
//! - per quintile, the mean forward return, and the same demeaned (each return minus the
//!   day's mean over the day's companies: Alphalens' default).
//!
//! Over the days: the mean IC, its sample standard deviation, t = mean / (sd / √n), the
//! share of days with IC > 0; per quintile the mean over days of the day's mean and its
//! standard error (sd of the daily means / √days); the top-minus-bottom spread per day
//! (quintile 5 − quintile 1) and its mean.

use chrono::NaiveDate;

use super::rank::{mean, qcut, sample_sd, spearman, std_error};
use super::{Calendar, StudyInput, FEW_DAYS, MIN_COMPANIES, QUANTILES};

/// One day's IC.
#[derive(Debug, Clone, PartialEq)]
pub struct DayIc {
    pub date: NaiveDate,
    pub ic: f64,
    /// Companies in the day's cross-section.
    pub companies: usize,
}

/// The IC of one horizon: its days and their summary.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonIc {
    pub horizon: u32,
    pub days: Vec<DayIc>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub t: Option<f64>,
    pub share_positive: Option<f64>,
    /// Trading days with news but fewer than [`MIN_COMPANIES`] companies to compare.
    pub days_too_few: usize,
    /// Days whose quintile edges repeat (ties): left out, as Alphalens leaves them out.
    pub days_tied: usize,
    /// Days whose IC is undefined (every forward return equal).
    pub days_undefined: usize,
}

impl HorizonIc {
    /// Fewer than [`FEW_DAYS`] days: the numbers are given, with this warning.
    pub fn warning(&self) -> Option<String> {
        (self.days.len() < FEW_DAYS).then(|| {
            format!(
                "only {} day{} of IC at {} trading day{}: these numbers mean little (at least {FEW_DAYS} are needed)",
                self.days.len(),
                if self.days.len() == 1 { "" } else { "s" },
                self.horizon,
                if self.horizon == 1 { "" } else { "s" },
            )
        })
    }
}

/// One quintile's mean forward return over the days of a horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileReturn {
    /// 1 (lowest sentiment) to 5.
    pub quantile: usize,
    pub mean: Option<f64>,
    pub std_error: Option<f64>,
    pub mean_demeaned: Option<f64>,
    pub std_error_demeaned: Option<f64>,
    /// Days with this quintile.
    pub days: usize,
}

/// The quintiles of one horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonQuantiles {
    pub horizon: u32,
    pub quantiles: Vec<QuantileReturn>,
    /// Per day: the demeaned mean return of each quintile (`None` where it has no company).
    pub daily: Vec<(NaiveDate, [Option<f64>; QUANTILES])>,
    /// Quintile 5 minus quintile 1, the mean over days of the daily difference.
    pub spread: Option<f64>,
    pub spread_std_error: Option<f64>,
}

/// The IC and quintiles of horizon `h`.
pub fn horizon(input: &StudyInput, calendar: &Calendar, h: usize) -> (HorizonIc, HorizonQuantiles) {
    // The cross-section of each trading day: (sentiment, forward return) per company.
    let mut by_day: Vec<Vec<(f64, f64)>> = vec![Vec::new(); calendar.days.len()];
    for row in input.daily {
        let (Some(i), Some(closes)) = (calendar.index(row.date), input.closes.get(&row.company))
        else {
            continue;
        };
        if let Some(r) = calendar.forward_return(closes, i, h) {
            by_day[i].push((row.mean_sentiment, r));
        }
    }
    let mut ic = HorizonIc {
        horizon: h as u32,
        days: Vec::new(),
        mean: None,
        sd: None,
        t: None,
        share_positive: None,
        days_too_few: 0,
        days_tied: 0,
        days_undefined: 0,
    };
    let mut daily = Vec::new();
    let mut raw_daily: Vec<[Option<f64>; QUANTILES]> = Vec::new();
    for (i, rows) in by_day.iter().enumerate() {
        if rows.is_empty() {
            continue;
        }
        if rows.len() < MIN_COMPANIES {
            ic.days_too_few += 1;
            continue;
        }
        let factor: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let returns: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let Some(quintile) = qcut(&factor, QUANTILES) else {
            ic.days_tied += 1;
            continue;
        };
        let date = calendar.days[i];
        match spearman(&factor, &returns) {
            Some(value) => ic.days.push(DayIc {
                date,
                ic: value,
                companies: rows.len(),
            }),
            None => ic.days_undefined += 1,
        }
        let day_mean = mean(&returns).unwrap_or(0.0);
        let mut demeaned = [None; QUANTILES];
        let mut raw = [None; QUANTILES];
        for q in 1..=QUANTILES {
            let of_q: Vec<f64> = returns
                .iter()
                .zip(&quintile)
                .filter(|(_, &k)| k == q)
                .map(|(r, _)| *r)
                .collect();
            let centred: Vec<f64> = of_q.iter().map(|r| r - day_mean).collect();
            raw[q - 1] = mean(&of_q);
            demeaned[q - 1] = mean(&centred);
        }
        daily.push((date, demeaned));
        raw_daily.push(raw);
    }
    let values: Vec<f64> = ic.days.iter().map(|d| d.ic).collect();
    ic.mean = mean(&values);
    ic.sd = sample_sd(&values);
    ic.t = match (ic.mean, ic.sd) {
        (Some(m), Some(sd)) if sd > 0.0 => Some(m / (sd / (values.len() as f64).sqrt())),
        _ => None,
    };
    ic.share_positive = (!values.is_empty())
        .then(|| values.iter().filter(|v| **v > 0.0).count() as f64 / values.len() as f64);

    let column = |days: &[[Option<f64>; QUANTILES]], q: usize| -> Vec<f64> {
        days.iter().filter_map(|d| d[q]).collect()
    };
    let demeaned_days: Vec<[Option<f64>; QUANTILES]> = daily.iter().map(|d| d.1).collect();
    let quantiles = (0..QUANTILES)
        .map(|q| {
            let raw = column(&raw_daily, q);
            let centred = column(&demeaned_days, q);
            QuantileReturn {
                quantile: q + 1,
                mean: mean(&raw),
                std_error: std_error(&raw),
                mean_demeaned: mean(&centred),
                std_error_demeaned: std_error(&centred),
                days: raw.len(),
            }
        })
        .collect();
    let spreads: Vec<f64> = daily
        .iter()
        .filter_map(|(_, d)| Some(d[QUANTILES - 1]? - d[0]?))
        .collect();
    let quantiles = HorizonQuantiles {
        horizon: h as u32,
        quantiles,
        daily,
        spread: mean(&spreads),
        spread_std_error: std_error(&spreads),
    };
    (ic, quantiles)
}
