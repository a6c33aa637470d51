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

use crate::aggregate::{Aggregates, DailyRow, SummaryRow};
/// The study's charts (`tickertone study`), drawn with the report's parts.
pub use chart::study as study_charts;
use chart::{CompanyChart, Compare, Heatmap, Overview, Sectors, Series};
pub use chart::{ImageFormat, MAX_COMPARED};
pub use from_csv::read_aggregates;

/// Longest readable part of a chart's file name: longer symbols are cut and hashed.
const MAX_STEM_CHARS: usize = 48;

/// A symbol as a file name, unique and the same on every run. A plain symbol (upper-case
/// ASCII letters, digits, `.` and `-`, not beginning with `.` or `-`, at most 48
/// characters) is its own name: `BRK-B`, `TSLA.MX`. Any other keeps its letters, digits,
/// `.` and `-` (others written `_`), cut to 48 characters, followed by `_` and 12 hex
/// digits of a hash of the symbol: `FOREX:USD` → `FOREX_USD_<hash>`, `A/B` and `A_B` apart,
/// `..` → `_<hash>`. Plain names hold no `_`, so the two kinds never meet.
pub fn file_safe(symbol: &str) -> String {
    let plain = !symbol.is_empty()
        && symbol.len() <= MAX_STEM_CHARS
        && !symbol.starts_with(['.', '-'])
        && symbol
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    if plain {
        return symbol.to_string();
    }
    let readable: String = symbol
        .chars()
        .map(|c| match c {
            c if c.is_ascii_alphanumeric() || c == '.' || c == '-' => c,
            _ => '_',
        })
        .take(MAX_STEM_CHARS)
        .collect();
    let readable = readable.trim_start_matches(['.', '-']);
    format!("{readable}_{}", short_hash(symbol))
}

/// 12 hex digits of a hash of `text`: 48 bits, no collision among a report's companies.
fn short_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..12].to_string()
}

/// Each summary row's chart file stem (`charts/<stem>.png`, and the page's
/// `company-<stem>` anchor): its symbol made [`file_safe`]. Should two companies share a
/// symbol (CSVs from elsewhere), the first by name keeps the stem and the others add a
/// hash of their name: the same names on every run, whatever the order of the rows.
pub fn chart_stems(summary: &[SummaryRow]) -> Vec<String> {
    let stems: Vec<String> = summary.iter().map(|r| file_safe(&r.symbol)).collect();
    let mut first_by_name: HashMap<&str, &str> = HashMap::new();
    for (row, stem) in summary.iter().zip(&stems) {
        let first = first_by_name.entry(stem).or_insert(&row.company);
        if row.company.as_str() < *first {
            *first = &row.company;
        }
    }
    summary
        .iter()
        .zip(&stems)
        .map(|(row, stem)| match first_by_name.get(stem.as_str()) {
            Some(first) if *first != row.company => {
                format!("{stem}_{}", short_hash(&row.company))
            }
            _ => stem.clone(),
        })
        .collect()
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
    /// `report --tickers`: the symbols the report is limited to (sorted), kept in the
    /// folder's [`ONLY_FILE`], so that a report of the whole store it replaces is said.
    pub only: Option<Vec<String>>,
}

/// In a report limited to some companies: their symbols, one a line. A folder without it
/// holds a report of every company.
pub const ONLY_FILE: &str = ".tickers";

impl Default for RenderOptions {
    /// The contract's folder: PNG charts, both CSVs, the page.
    fn default() -> Self {
        RenderOptions {
            formats: vec![OutputFormat::Png, OutputFormat::Csv, OutputFormat::Html],
            top: None,
            progress: indicatif::ProgressBar::hidden(),
            csv_from: None,
            only: None,
        }
    }
}

impl RenderOptions {
    fn has(&self, f: OutputFormat) -> bool {
        self.formats.contains(&f)
    }
}

/// A report folder written.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub folder: PathBuf,
    /// What was left out, and why: a company chart that could not be drawn does not take
    /// the report down.
    pub warnings: Vec<String>,
}

/// Writes the report of `aggregates` to `<reports>/<to-date>/`, replacing any earlier one
/// whole: the new folder is built under a hidden name, then swapped into place.
pub fn write_report(
    reports_dir: &Path,
    aggregates: &Aggregates,
    options: &RenderOptions,
) -> Result<Rendered> {
    fs::create_dir_all(reports_dir)
        .with_context(|| format!("cannot create the reports folder {}", reports_dir.display()))?;
    let name = aggregates.window.to.to_string();
    let target = reports_dir.join(&name);
    let staging = reports_dir.join(format!(".{name}.{}.tmp", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let mut warnings = match build(&staging, aggregates, options) {
        Ok(warnings) => warnings,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if let Some(only) = &options.only {
        // A report of some companies takes the date's folder, as every report does; the
        // report of every company it replaces is not replaced silently.
        if target.is_dir() && !target.join(ONLY_FILE).exists() {
            warnings.push(format!(
                "{} held the report of every company for {name}; this report of {} only \
                 replaced it (run `tickertone report --to {name}` to write the whole one again)",
                target.display(),
                only.join(", ")
            ));
        }
    }
    crate::fault::point("report-staged");
    swap_into_place(&staging, &target)?;
    Ok(Rendered {
        folder: target,
        warnings,
    })
}

/// Builds the folder; the warnings say which company charts could not be drawn.
fn build(dir: &Path, aggregates: &Aggregates, options: &RenderOptions) -> Result<Vec<String>> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if let Some(only) = &options.only {
        let mut list = only.join("\n");
        list.push('\n');
        fs::write(dir.join(ONLY_FILE), list)
            .with_context(|| format!("cannot write {}", dir.join(ONLY_FILE).display()))?;
    }
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
        stems: chart_stems(&aggregates.summary),
    };
    if !folder.image_formats.is_empty() {
        fs::create_dir_all(dir.join("charts"))?;
    }
    // The company charts are most of the work; the rest is drawn beside them rather than
    // before or after, so that both cores stay busy.
    let (pages, charts) = rayon::join(|| folder.write_pages(), || folder.write_company_charts());
    pages?;
    charts
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
    /// Each summary row's chart file stem ([`chart_stems`]).
    stems: Vec<String>,
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
                .stems
                .iter()
                .enumerate()
                .map(|(i, stem)| {
                    page_ext
                        .filter(|_| i < self.charted)
                        .map(|ext| format!("charts/{stem}.{ext}"))
                })
                .collect();
            let page = html::index_html(
                self.aggregates,
                &self.stems,
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
    /// A chart that cannot be written is a warning, not the report's failure.
    fn write_company_charts(&self) -> Result<Vec<String>> {
        if self.image_formats.is_empty() {
            return Ok(Vec::new());
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
        let mut failed: Vec<(usize, String)> = self.aggregates.summary[..self.charted]
            .par_iter()
            .zip(&self.stems[..self.charted])
            .enumerate()
            .with_max_len(CHARTS_PER_TASK)
            .filter_map(|(i, (row, stem))| {
                let days = days_of
                    .get(row.company.as_str())
                    .map_or(&[][..], Vec::as_slice);
                let chart =
                    CompanyChart::new(&row.company, &row.tickers, self.aggregates.window, days)
                        .with_closes(self.aggregates.closes.get(&row.company));
                let mut failure = None;
                for &format in &self.image_formats {
                    let file = format!("charts/{stem}.{}", format.ext());
                    if let Err(e) = chart::write(&chart, &self.dir.join(&file), format) {
                        failure = Some((
                            i,
                            format!("the chart of {} ({file}) is left out: {e:#}", row.symbol),
                        ));
                    }
                }
                self.options.progress.inc(1);
                failure
            })
            .collect();
        self.options.progress.finish_and_clear();
        failed.sort();
        Ok(failed.into_iter().map(|(_, w)| w).collect())
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
        assert_eq!(file_safe("TSLA.MX"), "TSLA.MX");
        let forex = file_safe("FOREX:USD");
        assert!(
            forex.starts_with("FOREX_USD_") && forex.len() == 22,
            "{forex}"
        );
        assert!(file_safe("../x").starts_with("_x_"));
        assert!(file_safe("..").starts_with('_'));
        assert!(file_safe(&"X".repeat(252)).len() < 64);
    }

    #[test]
    fn file_names_are_unique_and_stable() {
        let symbols = [
            "A/B", "A;B", "A,B", "A\"B", "A_B", "A-B", "É", "Ü", ".", "..", "a", "A", "_", "",
        ];
        let names: std::collections::HashSet<String> =
            symbols.iter().map(|s| file_safe(s)).collect();
        assert_eq!(names.len(), symbols.len(), "{names:?}");
        assert_eq!(file_safe("A/B"), file_safe("A/B"));
        for name in &names {
            assert!(
                !name.starts_with(['.', '-'])
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
                "{name}"
            );
        }
    }
}
