//! Rendering: aggregates → a report folder (`summary.csv`, `daily.csv`, `charts/*.png`,
//! `overview.png`, `index.html`), built aside and swapped in whole.

pub mod chart;
pub mod csv;
pub mod html;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::aggregate::{Aggregates, DailyRow};

/// A symbol as a file name: letters, digits, `.`, `-` and `_` kept, anything else `_`.
pub fn file_safe(symbol: &str) -> String {
    let safe: String = symbol
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match safe.trim_matches('.') {
        "" => "_".to_string(),
        s => s.to_string(),
    }
}

/// Writes the report of `aggregates` to `<reports>/<to-date>/`, replacing any earlier one
/// whole: the new folder is built under a hidden name, then renamed into place.
pub fn write_report(reports_dir: &Path, aggregates: &Aggregates) -> Result<PathBuf> {
    fs::create_dir_all(reports_dir)
        .with_context(|| format!("cannot create the reports folder {}", reports_dir.display()))?;
    let name = aggregates.window.to.to_string();
    let target = reports_dir.join(&name);
    let staging = reports_dir.join(format!(".{name}.{}.tmp", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let built = build(&staging, aggregates);
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_into_place(&staging, &target)?;
    Ok(target)
}

fn build(dir: &Path, aggregates: &Aggregates) -> Result<()> {
    let charts_dir = dir.join("charts");
    fs::create_dir_all(&charts_dir)
        .with_context(|| format!("cannot create {}", charts_dir.display()))?;

    csv::write_summary(
        BufWriter::new(File::create(dir.join("summary.csv"))?),
        &aggregates.summary,
    )?;
    csv::write_daily(
        BufWriter::new(File::create(dir.join("daily.csv"))?),
        &aggregates.daily,
    )?;

    let mut days_of: BTreeMap<&str, Vec<&DailyRow>> = BTreeMap::new();
    for row in &aggregates.daily {
        days_of.entry(row.company.as_str()).or_default().push(row);
    }
    let chart_files: Vec<String> = aggregates
        .summary
        .iter()
        .map(|r| format!("charts/{}.png", file_safe(&r.symbol)))
        .collect();
    aggregates
        .summary
        .par_iter()
        .zip(chart_files.par_iter())
        .try_for_each(|(row, file)| {
            let days = days_of
                .get(row.company.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            chart::company_chart(
                &dir.join(file),
                &row.company,
                &row.tickers,
                aggregates.window,
                days,
            )
            .with_context(|| format!("cannot draw the chart of {}", row.company))
        })?;
    chart::overview_chart(
        &dir.join("overview.png"),
        aggregates.window,
        &aggregates.summary,
    )
    .context("cannot draw overview.png")?;
    chart::heatmap_chart(
        &dir.join("heatmap.png"),
        aggregates.window,
        &aggregates.summary,
        &aggregates.daily,
    )
    .context("cannot draw heatmap.png")?;
    fs::write(
        dir.join("index.html"),
        html::index_html(aggregates, &chart_files),
    )?;
    Ok(())
}

/// Puts `staging` where `target` is: the old folder is moved aside first, so `target`
/// holds either the old report or the new one, never a mix.
fn swap_into_place(staging: &Path, target: &Path) -> Result<()> {
    let old = target.with_file_name(format!(
        ".{}.old.{}",
        target.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let had_old = target.exists();
    if had_old {
        fs::rename(target, &old)
            .with_context(|| format!("cannot move the old report {} aside", target.display()))?;
    }
    fs::rename(staging, target)
        .with_context(|| format!("cannot move the new report into {}", target.display()))?;
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_become_safe_file_names() {
        assert_eq!(file_safe("BRK-B"), "BRK-B");
        assert_eq!(file_safe("FOREX:USD"), "FOREX_USD");
        assert_eq!(file_safe("../x"), "_x");
        assert_eq!(file_safe(".."), "_");
    }
}
