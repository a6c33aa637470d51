//! Sectors: `sectors.csv` (each sector's companies summed per day) and `--by sector` (the
//! mentions regrouped so that a sector is aggregated as a company is).
//!
//! Both take a `company → sector` map; companies it leaves out belong to no sector.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use polars::prelude::*;

use super::cells;
use super::frame::{COMPANY, SYMBOL};
use super::pairs::Names;
use super::series::{self, CompanyDay, DayStats};
use super::stories::Stories;
use super::{MentionFrame, Window};
use crate::symbols::SymbolTable;

/// `company → sector` of the companies the symbol table classifies.
pub fn sector_map(symbols: &SymbolTable) -> HashMap<String, String> {
    symbols
        .companies()
        .iter()
        .filter_map(|c| Some((c.name.clone(), sector_of_company(c)?)))
        .collect()
}

/// A company's sector as the symbol table gives it (the one place that reads it).
fn sector_of_company(company: &crate::symbols::Company) -> Option<String> {
    company.sector.clone()
}

/// One row of `sectors.csv`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SectorRow {
    #[serde(with = "cells::date")]
    pub date: NaiveDate,
    #[serde(with = "cells::text")]
    pub sector: String,
    /// Companies of the sector with news that day.
    pub companies: u64,
    /// Σ of those companies' stories that day.
    pub stories: u64,
    /// Mean `s` of the sector's (article, company) pairs that day.
    #[serde(with = "cells::required")]
    pub mean: f64,
    /// Σ w·s / Σ w of those pairs; `None` when Σ w = 0.
    #[serde(with = "cells::optional")]
    pub weighted: Option<f64>,
    /// Mean `s` of the sector's pairs dated `date−6 … date`.
    #[serde(with = "cells::optional")]
    pub rolling_7d: Option<f64>,
}

/// The window's rows of `sectors.csv` from the companies' per-day sums (window and
/// history), sorted by sector, then date.
pub fn sector_rows(
    days: &[CompanyDay],
    names: &Names,
    stories: &Stories,
    sector_of: &HashMap<String, String>,
    window: Window,
) -> Vec<SectorRow> {
    // sector → date → (summed stats, companies, stories)
    let mut by_sector: BTreeMap<&str, BTreeMap<NaiveDate, (DayStats, u64, u64)>> = BTreeMap::new();
    for d in days {
        let company = names.name(d.company);
        let Some(sector) = sector_of.get(company) else {
            continue;
        };
        let day = by_sector
            .entry(sector.as_str())
            .or_default()
            .entry(d.stats.date)
            .or_insert((DayStats::empty(d.stats.date), 0, 0));
        day.0 = merge(&day.0, &d.stats);
        day.1 += 1;
        day.2 += stories.on(company, d.stats.date).stories;
    }
    let mut rows = Vec::new();
    for (sector, dates) in by_sector {
        let stats: Vec<DayStats> = dates.values().map(|d| d.0).collect();
        for (date, (day, companies, stories)) in &dates {
            if !window.contains(*date) {
                continue;
            }
            rows.push(SectorRow {
                date: *date,
                sector: sector.to_string(),
                companies: *companies,
                stories: *stories,
                mean: day.mean(),
                weighted: day.weighted(),
                rolling_7d: series::mean_over(&stats, *date - Duration::days(6), *date),
            });
        }
    }
    rows
}

fn merge(a: &DayStats, b: &DayStats) -> DayStats {
    DayStats {
        date: a.date,
        pairs: a.pairs + b.pairs,
        sum_s: a.sum_s + b.sum_s,
        sum_ws: a.sum_ws + b.sum_ws,
        sum_w: a.sum_w + b.sum_w,
        min: a.min.min(b.min),
        max: a.max.max(b.max),
        bullish: a.bullish + b.bullish,
        bearish: a.bearish + b.bearish,
    }
}

/// The mentions with each company replaced by its sector (as company and symbol), so that
/// the report aggregates sectors (`--by sector`); companies of no sector are left out.
pub fn regroup(
    mentions: &MentionFrame,
    sector_of: &HashMap<String, String>,
) -> Result<MentionFrame> {
    let df = mentions.frame();
    let sectors: Vec<Option<&str>> = df
        .column(COMPANY)?
        .str()?
        .iter()
        .map(|c| c.and_then(|c| sector_of.get(c)).map(String::as_str))
        .collect();
    let mut regrouped = df.clone();
    regrouped.with_column(Column::new(COMPANY.into(), sectors.clone()))?;
    regrouped.with_column(Column::new(SYMBOL.into(), sectors))?;
    let regrouped = regrouped
        .lazy()
        .filter(col(COMPANY).is_not_null())
        .collect()?;
    Ok(MentionFrame::from_frame(regrouped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(
        names: &mut Names,
        company: &str,
        date: NaiveDate,
        scores: &[f64],
        w: f64,
    ) -> CompanyDay {
        let sum: f64 = scores.iter().sum();
        let company = names.intern(company);
        CompanyDay {
            company,
            symbol: company,
            stats: DayStats {
                date,
                pairs: scores.len() as u64,
                sum_s: sum,
                sum_ws: w * sum,
                sum_w: w * scores.len() as f64,
                min: scores.iter().copied().fold(f64::INFINITY, f64::min),
                max: scores.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                bullish: 0,
                bearish: 0,
            },
        }
    }

    #[test]
    fn a_sector_row_sums_its_companies() {
        let d = |n| NaiveDate::from_ymd_opt(2025, 4, n).unwrap();
        let sector_of: HashMap<String, String> = [("A", "Tech"), ("B", "Tech"), ("C", "Tech")]
            .iter()
            .map(|(c, s)| (c.to_string(), s.to_string()))
            .chain([("E".to_string(), "Energy".to_string())])
            .collect();
        let mut names = Names::default();
        let mut day = |company, date, scores: &[f64], w| day(&mut names, company, date, scores, w);
        let days = [
            day("A", d(1), &[0.6], 1.0),           // history for rolling_7d
            day("A", d(3), &[0.2, 0.4], 0.5),      // w 0.5 each
            day("B", d(3), &[-0.3], 1.0),          // w 1
            day("C", d(3), &[0.1, 0.1, 0.1], 0.0), // w 0
            day("E", d(3), &[0.9], 1.0),
            day("Z", d(3), &[1.0], 1.0), // no sector
        ];
        let window = Window {
            from: d(2),
            to: d(3),
        };
        let rows = sector_rows(&days, &names, &Stories::default(), &sector_of, window);
        assert_eq!(rows.len(), 2, "{rows:?}");
        let tech = &rows[1];
        assert_eq!((tech.sector.as_str(), tech.date), ("Tech", d(3)));
        assert_eq!(tech.companies, 3);
        // mean: (0.2 + 0.4 − 0.3 + 0.3) / 6 = 0.1; weighted: (0.5·0.6 − 0.3) / (1 + 1) = 0;
        // rolling_7d adds 04-01's 0.6: (0.6 + 0.6) / 7.
        assert!((tech.mean - 0.1).abs() < 1e-12);
        assert!(tech.weighted.unwrap().abs() < 1e-12);
        assert!((tech.rolling_7d.unwrap() - 1.2 / 7.0).abs() < 1e-12);
        assert_eq!(rows[0].sector, "Energy");
    }
}
