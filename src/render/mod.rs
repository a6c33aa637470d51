//! Rendering: aggregates → a report folder (`summary.csv`, `daily.csv`, `charts/*.png`,
//! `overview.png`, `heatmap.png`, `sectors.png`, `index.html`; `--format` and `--top`
//! choose), built aside and swapped in whole.

mod chart;
pub mod csv;
mod from_csv;
pub mod html;
mod rolling;
mod unusual;

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::aggregate::{Aggregates, DailyRow};
/// The study's charts (`tickertone study`), drawn with the report's parts.
pub use chart::study as study_charts;
use chart::{CompanyChart, Compare, Heatmap, Overview, Sectors, Series};
pub use chart::{ImageFormat, MAX_COMPARED};
pub use from_csv::read_aggregates;

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

/// The outputs `--format` can choose.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// Charts as PNG: `charts/<symbol>.png`, `overview.png`, `heatmap.png`.
    Png,
    /// Charts as SVG, beside or instead of the PNGs.
    Svg,
    /// `summary.csv` and `daily.csv`.
    Csv,
    /// `index.html`.
    Html,
}

/// What a report folder holds.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub formats: Vec<OutputFormat>,
    /// Charts for the busiest companies only (the CSVs keep every company).
    pub top: Option<usize>,
    /// Counts the charts drawn (hidden unless stderr is a terminal).
    pub progress: indicatif::ProgressBar,
    /// `render --aggregates`: the CSVs are copied from this folder as they are, rather than
    /// written from the aggregates read from them.
    pub csv_from: Option<PathBuf>,
}

impl Default for RenderOptions {
    /// The contract's folder: PNG charts, both CSVs, the page.
    fn default() -> Self {
        RenderOptions {
            formats: vec![OutputFormat::Png, OutputFormat::Csv, OutputFormat::Html],
            top: None,
            progress: indicatif::ProgressBar::hidden(),
            csv_from: None,
        }
    }
}

impl RenderOptions {
    fn has(&self, f: OutputFormat) -> bool {
        self.formats.contains(&f)
    }
}

/// Writes the report of `aggregates` to `<reports>/<to-date>/`, replacing any earlier one
/// whole: the new folder is built under a hidden name, then swapped into place.
pub fn write_report(
    reports_dir: &Path,
    aggregates: &Aggregates,
    options: &RenderOptions,
) -> Result<PathBuf> {
    fs::create_dir_all(reports_dir)
        .with_context(|| format!("cannot create the reports folder {}", reports_dir.display()))?;
    let name = aggregates.window.to.to_string();
    let target = reports_dir.join(&name);
    let staging = reports_dir.join(format!(".{name}.{}.tmp", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let built = build(&staging, aggregates, options);
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    crate::fault::point("report-staged");
    swap_into_place(&staging, &target)?;
    Ok(target)
}

fn build(dir: &Path, aggregates: &Aggregates, options: &RenderOptions) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let folder = Folder {
        dir,
        aggregates,
        options,
        charted: options
            .top
            .unwrap_or(usize::MAX)
            .min(aggregates.summary.len()),
        image_formats: [
            (OutputFormat::Png, ImageFormat::Png),
            (OutputFormat::Svg, ImageFormat::Svg),
        ]
        .into_iter()
        .filter(|(option, _)| options.has(*option))
        .map(|(_, format)| format)
        .collect(),
    };
    if !folder.image_formats.is_empty() {
        fs::create_dir_all(dir.join("charts"))?;
    }
    // The company charts are most of the work; the rest is drawn beside them rather than
    // before or after, so that both cores stay busy.
    let (pages, charts) = rayon::join(|| folder.write_pages(), || folder.write_company_charts());
    charts.and(pages)
}

/// Company charts one rayon task draws before another thread can take the rest.
const CHARTS_PER_TASK: usize = 4;

/// A report folder being built, and what goes in it.
struct Folder<'a> {
    dir: &'a Path,
    aggregates: &'a Aggregates,
    options: &'a RenderOptions,
    /// The chart formats asked for, PNG first.
    image_formats: Vec<ImageFormat>,
    /// Companies charted: the first of the summary (`--top`).
    charted: usize,
}

impl Folder<'_> {
    /// The CSV files, the overview and heatmap charts and the HTML page.
    fn write_pages(&self) -> Result<()> {
        if let (true, Some(from)) = (self.options.has(OutputFormat::Csv), &self.options.csv_from) {
            for name in [
                from_csv::SUMMARY_CSV,
                from_csv::DAILY_CSV,
                from_csv::SECTORS_CSV,
            ] {
                let source = from.join(name);
                if name != from_csv::SECTORS_CSV || source.exists() {
                    fs::copy(&source, self.dir.join(name))
                        .with_context(|| format!("cannot copy {}", source.display()))?;
                }
            }
        } else if self.options.has(OutputFormat::Csv) {
            let a = self.aggregates;
            let file = |name: &str| -> Result<BufWriter<File>> {
                Ok(BufWriter::new(File::create(self.dir.join(name))?))
            };
            csv::write_summary(file("summary.csv")?, &a.summary)?;
            csv::write_daily(file("daily.csv")?, &a.daily)?;
            if !a.sectors.is_empty() {
                csv::write_sectors(file("sectors.csv")?, &a.sectors)?;
            }
        }
        let (window, summary, daily) = (
            self.aggregates.window,
            &self.aggregates.summary,
            &self.aggregates.daily,
        );
        if !self.image_formats.is_empty() {
            let overview = Overview::new(window, summary);
            let heatmap = Heatmap::new(window, summary, daily);
            let sectors = (!self.aggregates.sectors.is_empty()).then(|| {
                let sums = rolling::sector_sums(daily, summary);
                Sectors::new(window, &self.aggregates.sectors, &sums)
            });
            for &format in &self.image_formats {
                let file = |name: &str| format!("{name}.{}", format.ext());
                let (overview_file, heatmap_file) = (file("overview"), file("heatmap"));
                chart::write(&overview, &self.dir.join(&overview_file), format)
                    .with_context(|| format!("cannot draw {overview_file}"))?;
                chart::write(&heatmap, &self.dir.join(&heatmap_file), format)
                    .with_context(|| format!("cannot draw {heatmap_file}"))?;
                // Beside the overview, not in charts/: there it would be the chart of a
                // company whose symbol is SECTORS.
                if let Some(sectors) = &sectors {
                    let sectors_file = file("sectors");
                    chart::write(sectors, &self.dir.join(&sectors_file), format)
                        .with_context(|| format!("cannot draw {sectors_file}"))?;
                }
            }
        }
        if self.options.has(OutputFormat::Html) {
            // The page shows the first image format chosen.
            let page_ext = self.image_formats.first().map(|f| f.ext());
            let charts: Vec<Option<String>> = self
                .aggregates
                .summary
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    page_ext
                        .filter(|_| i < self.charted)
                        .map(|ext| format!("charts/{}.{ext}", file_safe(&r.symbol)))
                })
                .collect();
            let page = html::index_html(
                self.aggregates,
                &charts,
                page_ext,
                self.options.has(OutputFormat::Csv),
            );
            // The study of the same last date, when one was written (`tickertone study`).
            let to = self.aggregates.window.to;
            let reports = self.dir.parent().unwrap_or(self.dir);
            let studied = reports
                .join(format!("study-{to}"))
                .join("index.html")
                .is_file();
            let page = if studied {
                html::with_study_link(page, to)
            } else {
                page
            };
            fs::write(self.dir.join("index.html"), page)?;
        }
        Ok(())
    }

    /// One chart per company (the first `charted` of the summary), in each image format.
    fn write_company_charts(&self) -> Result<()> {
        if self.image_formats.is_empty() {
            return Ok(());
        }
        // A lookup per run of one company's rows (the rows come grouped by company), not
        // per row: 220 000 rows looked up in a tree of 5 000 names took one core 0.1 s.
        let mut days_of: HashMap<&str, Vec<&DailyRow>> = HashMap::new();
        for run in self
            .aggregates
            .daily
            .chunk_by(|a, b| a.company == b.company)
        {
            let days = days_of.entry(run[0].company.as_str()).or_default();
            days.extend(run);
        }
        self.options.progress.set_length(self.charted as u64);
        // Leaves of a few charts: rayon otherwise hands each thread a long run that no
        // other thread can take a part of, and one core drew the last second alone.
        self.aggregates.summary[..self.charted]
            .par_iter()
            .with_max_len(CHARTS_PER_TASK)
            .try_for_each(|row| -> Result<()> {
                let days = days_of
                    .get(row.company.as_str())
                    .map_or(&[][..], Vec::as_slice);
                let stem = format!("charts/{}", file_safe(&row.symbol));
                let chart =
                    CompanyChart::new(&row.company, &row.tickers, self.aggregates.window, days)
                        .with_closes(self.aggregates.closes.get(&row.company));
                for &format in &self.image_formats {
                    let path = self.dir.join(format!("{stem}.{}", format.ext()));
                    chart::write(&chart, &path, format)
                        .with_context(|| format!("cannot draw the chart of {}", row.company))?;
                }
                self.options.progress.inc(1);
                Ok(())
            })?;
        self.options.progress.finish_and_clear();
        Ok(())
    }
}

/// One chart without a report folder (`tickertone chart`), to `path`: the company chart of
/// the one company of `companies`, as in a report, or several companies compared on one
/// axis (at most [`MAX_COMPARED`]). Each company comes with the tickers to name it by when
/// it has no news in the window.
pub fn write_chart(
    aggregates: &Aggregates,
    companies: &[(String, Vec<String>)],
    path: &Path,
    format: ImageFormat,
) -> Result<()> {
    let a = aggregates;
    let days_of = |company: &str| -> Vec<&DailyRow> {
        a.daily.iter().filter(|d| d.company == company).collect()
    };
    let tickers_of = |company: &str, given: &[String]| -> Vec<String> {
        a.summary
            .iter()
            .find(|r| r.company == company)
            .map(|r| r.tickers.clone())
            .unwrap_or_else(|| given.to_vec())
    };
    let drawn = match companies {
        [(company, given)] => {
            let days = days_of(company);
            let tickers = tickers_of(company, given);
            let chart = CompanyChart::new(company, &tickers, a.window, &days)
                .with_closes(a.closes.get(company));
            chart::write(&chart, path, format)
        }
        _ => {
            let series = companies
                .iter()
                .map(|(company, given)| {
                    let tickers = tickers_of(company, given).join(", ");
                    let name = if tickers.is_empty() || tickers == *company {
                        company.clone()
                    } else {
                        format!("{company} ({tickers})")
                    };
                    Series {
                        name,
                        days: days_of(company),
                    }
                })
                .collect();
            chart::write(&Compare::new(a.window, series), path, format)
        }
    };
    drawn.with_context(|| format!("cannot draw {}", path.display()))
}

/// Puts `staging` where `target` is. On Linux the two folders are exchanged in one
/// `renameat2(RENAME_EXCHANGE)`, so `<reports>/<date>` always exists and holds one whole
/// report; elsewhere (or on a file system without it) the old folder is moved aside first.
fn swap_into_place(staging: &Path, target: &Path) -> Result<()> {
    let old = target.with_file_name(format!(
        ".{}.old.{}",
        target.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    if !target.exists() {
        fs::rename(staging, target)
            .with_context(|| format!("cannot move the new report into {}", target.display()))?;
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the old report.
            let _ = fs::remove_dir_all(staging);
            return Ok(());
        }
    }
    fs::rename(target, &old)
        .with_context(|| format!("cannot move the old report {} aside", target.display()))?;
    fs::rename(staging, target)
        .with_context(|| format!("cannot move the new report into {}", target.display()))?;
    let _ = fs::remove_dir_all(&old);
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
