//! A report's CSVs read back into [`Aggregates`]: `daily.csv`, `summary.csv` and (when
//! present) `sectors.csv`, as tickertone writes them or as the Spark job
//! (`engines/spark/aggregate.py`) does, so that `tickertone render --aggregates DIR` draws
//! what another engine computed.
//!
//! Columns are found by name, so their order does not matter. The contract's columns are
//! required; the appended ones (`stories`, `story_mean_sentiment`, `volume_z_30d`, `sector`,
//! `corr_next_return`, `corr_n`) are optional: the Spark job does not compute stories, and
//! without them each article counts as its own story.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::aggregate::{
    Aggregates, CompanySignals, DailyRow, DaySignals, SectorRow, SummaryRow, Window, LABELS,
};

/// The three CSVs of a report folder, by name.
pub const DAILY_CSV: &str = "daily.csv";
pub const SUMMARY_CSV: &str = "summary.csv";
pub const SECTORS_CSV: &str = "sectors.csv";

/// Reads `dir`'s CSVs. The window is `from ..= to` when given, else the first and last
/// dates of `daily.csv`. Headlines are left empty (they come from the store).
pub fn read_aggregates(
    dir: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Aggregates> {
    let (daily, daily_signals) = read_daily(&dir.join(DAILY_CSV))?;
    let (summary, summary_signals) = read_summary(&dir.join(SUMMARY_CSV))?;
    let sectors_path = dir.join(SECTORS_CSV);
    let sectors = if sectors_path.exists() {
        read_sectors(&sectors_path)?
    } else {
        Vec::new()
    };
    let first = daily.iter().map(|d| d.date).min();
    let last = daily.iter().map(|d| d.date).max();
    let window = match (from.or(first), to.or(last)) {
        (Some(from), Some(to)) if from <= to => Window { from, to },
        (Some(from), Some(to)) => {
            bail!("the window {from} to {to} is empty: give a --from on or before --to")
        }
        _ => bail!(
            "{} has no rows, so the window is unknown: give --from and --to",
            dir.join(DAILY_CSV).display()
        ),
    };
    Ok(Aggregates {
        window,
        daily,
        daily_signals,
        summary,
        summary_signals,
        sectors,
        headlines: Vec::new(),
        closes: Default::default(),
    })
}

/// One CSV file's rows, each cell found by its column's name.
struct Table {
    path: String,
    columns: HashMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path, required: &[&str]) -> Result<Table> {
        let shown = path.display().to_string();
        let mut reader = csv::Reader::from_path(path).with_context(|| {
            format!("cannot read {shown}: render --aggregates needs a folder holding daily.csv and summary.csv")
        })?;
        let columns: HashMap<String, usize> = reader
            .headers()
            .with_context(|| format!("{shown}: line 1: cannot read the header"))?
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_string(), i))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            bail!(
                "{shown}: line 1: the header lacks {}: this is not a tickertone or Spark report CSV (the contract lists its columns)",
                missing.join(", ")
            );
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.with_context(|| format!("{shown}: cannot read a row"))?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push((line, record));
        }
        Ok(Table {
            path: shown,
            columns,
            rows,
        })
    }

    fn cell<'a>(&self, row: &'a csv::StringRecord, column: &str) -> Option<&'a str> {
        let i = *self.columns.get(column)?;
        row.get(i).map(str::trim)
    }

    fn fail(&self, line: u64, column: &str, value: &str, wanted: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "{}: line {line}: {column} is {value:?}, not {wanted}: fix or regenerate the file",
            self.path
        )
    }

    fn text(&self, row: &csv::StringRecord, column: &str) -> String {
        self.cell(row, column).unwrap_or("").to_string()
    }

    /// The label as written (a mean printed with 12 digits may sit on a band's edge that
    /// the full mean did not reach), checked against the contract's five.
    fn label(&self, line: u64, row: &csv::StringRecord) -> Result<&'static str> {
        let v = self.cell(row, "label").unwrap_or("");
        LABELS
            .into_iter()
            .find(|l| *l == v)
            .ok_or_else(|| self.fail(line, "label", v, "one of the contract's labels"))
    }

    fn date(&self, line: u64, row: &csv::StringRecord, column: &str) -> Result<NaiveDate> {
        let v = self.cell(row, column).unwrap_or("");
        NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| self.fail(line, column, v, "a date"))
    }

    fn count(&self, line: u64, row: &csv::StringRecord, column: &str) -> Result<u64> {
        let v = self.cell(row, column).unwrap_or("");
        v.parse()
            .map_err(|_| self.fail(line, column, v, "a whole number"))
    }

    /// A number; `None` for an empty cell (or a column the file does not have).
    fn optional(&self, line: u64, row: &csv::StringRecord, column: &str) -> Result<Option<f64>> {
        match self.cell(row, column) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| self.fail(line, column, v, "a number")),
        }
    }

    fn number(&self, line: u64, row: &csv::StringRecord, column: &str) -> Result<f64> {
        self.optional(line, row, column)?
            .ok_or_else(|| self.fail(line, column, "", "a number"))
    }

    fn tickers(&self, row: &csv::StringRecord) -> Vec<String> {
        self.cell(row, "tickers")
            .unwrap_or("")
            .split(';')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    }
}

fn read_daily(path: &Path) -> Result<(Vec<DailyRow>, Vec<DaySignals>)> {
    let t = Table::read(path, &super::csv::DAILY_COLUMNS[..14])?;
    let mut rows = Vec::with_capacity(t.rows.len());
    let mut signals = Vec::with_capacity(t.rows.len());
    for (line, r) in &t.rows {
        let line = *line;
        let row = DailyRow {
            date: t.date(line, r, "date")?,
            company: t.text(r, "company"),
            symbol: t.text(r, "symbol"),
            tickers: t.tickers(r),
            articles: t.count(line, r, "articles")?,
            mean_sentiment: t.number(line, r, "mean_sentiment")?,
            weighted_sentiment: t.optional(line, r, "weighted_sentiment")?,
            min_sentiment: t.number(line, r, "min_sentiment")?,
            max_sentiment: t.number(line, r, "max_sentiment")?,
            bullish: t.count(line, r, "bullish")?,
            bearish: t.count(line, r, "bearish")?,
            neutral: t.count(line, r, "neutral")?,
            rolling_7d: t.optional(line, r, "rolling_7d")?,
            zscore_30d: t.optional(line, r, "zscore_30d")?,
        };
        // Without story columns (the Spark job), each article is its own story.
        let stories = match t.cell(r, "stories") {
            Some(_) => t.count(line, r, "stories")?,
            None => row.articles,
        };
        signals.push(DaySignals {
            stories,
            story_mean_sentiment: t
                .optional(line, r, "story_mean_sentiment")?
                .unwrap_or(row.mean_sentiment),
            volume_z_30d: t.optional(line, r, "volume_z_30d")?,
            close: None,
        });
        rows.push(row);
    }
    Ok((rows, signals))
}

fn read_summary(path: &Path) -> Result<(Vec<SummaryRow>, Vec<CompanySignals>)> {
    let t = Table::read(path, &super::csv::SUMMARY_COLUMNS[..11])?;
    let mut rows = Vec::with_capacity(t.rows.len());
    let mut signals = Vec::with_capacity(t.rows.len());
    for (line, r) in &t.rows {
        let line = *line;
        let mean = t.number(line, r, "mean_sentiment")?;
        let row = SummaryRow {
            company: t.text(r, "company"),
            symbol: t.text(r, "symbol"),
            tickers: t.tickers(r),
            articles: t.count(line, r, "articles")?,
            mean_sentiment: mean,
            weighted_sentiment: t.optional(line, r, "weighted_sentiment")?,
            last_date: t.date(line, r, "last_date")?,
            last_sentiment: t.number(line, r, "last_sentiment")?,
            rolling_7d: t.optional(line, r, "rolling_7d")?,
            change_7d: t.optional(line, r, "change_7d")?,
            label: t.label(line, r)?,
        };
        let stories = match t.cell(r, "stories") {
            Some(_) => t.count(line, r, "stories")?,
            None => row.articles,
        };
        let corr_n = match t.cell(r, "corr_n") {
            None | Some("") => None,
            Some(_) => Some(t.count(line, r, "corr_n")? as usize),
        };
        signals.push(CompanySignals {
            stories,
            story_mean_sentiment: t.optional(line, r, "story_mean_sentiment")?.unwrap_or(mean),
            sector: t
                .cell(r, "sector")
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            corr_next_return: t.optional(line, r, "corr_next_return")?,
            corr_n,
        });
        rows.push(row);
    }
    Ok((rows, signals))
}

fn read_sectors(path: &Path) -> Result<Vec<SectorRow>> {
    let t = Table::read(path, &super::csv::SECTOR_COLUMNS)?;
    t.rows
        .iter()
        .map(|(line, r)| {
            let line = *line;
            Ok(SectorRow {
                date: t.date(line, r, "date")?,
                sector: t.text(r, "sector"),
                companies: t.count(line, r, "companies")?,
                stories: t.count(line, r, "stories")?,
                mean: t.number(line, r, "mean")?,
                weighted: t.optional(line, r, "weighted")?,
                rolling_7d: t.optional(line, r, "rolling_7d")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{label, Headline};

    fn sample() -> Aggregates {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let day = |d: &str, mean: f64| DailyRow {
            date: date(d),
            company: "Alphabet Inc.".into(),
            symbol: "GOOGL".into(),
            tickers: vec!["GOOG".into(), "GOOGL".into()],
            articles: 3,
            mean_sentiment: mean,
            weighted_sentiment: Some(mean / 3.0),
            min_sentiment: -0.25,
            max_sentiment: 0.5,
            bullish: 1,
            bearish: 1,
            neutral: 1,
            rolling_7d: None,
            zscore_30d: Some(-1.0 / 7.0),
        };
        let signal = DaySignals {
            stories: 2,
            story_mean_sentiment: 0.1 + 0.2,
            volume_z_30d: None,
            close: None,
        };
        Aggregates {
            window: Window {
                from: date("2026-11-01"),
                to: date("2026-11-03"),
            },
            daily: vec![day("2026-11-01", 1.0 / 3.0), day("2026-11-03", -0.8)],
            daily_signals: vec![signal.clone(), signal],
            summary: vec![SummaryRow {
                company: "Alphabet Inc.".into(),
                symbol: "GOOGL".into(),
                tickers: vec!["GOOG".into(), "GOOGL".into()],
                articles: 6,
                mean_sentiment: -0.2,
                weighted_sentiment: None,
                last_date: date("2026-11-03"),
                last_sentiment: -0.8,
                rolling_7d: Some(-0.2),
                change_7d: None,
                label: label(-0.2),
            }],
            summary_signals: vec![CompanySignals {
                stories: 4,
                story_mean_sentiment: 0.3,
                sector: Some("Communication Services".into()),
                corr_next_return: None,
                corr_n: None,
            }],
            sectors: Vec::new(),
            headlines: Vec::<Headline>::new(),
            closes: Default::default(),
        }
    }

    fn write(dir: &Path, a: &Aggregates) {
        let file = |name: &str| std::fs::File::create(dir.join(name)).unwrap();
        super::super::csv::write_daily(file(DAILY_CSV), &a.daily, &a.daily_signals).unwrap();
        super::super::csv::write_summary(file(SUMMARY_CSV), &a.summary, &a.summary_signals)
            .unwrap();
    }

    #[test]
    fn what_is_written_reads_back_and_writes_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let a = sample();
        write(dir.path(), &a);
        let back = read_aggregates(dir.path(), None, None).unwrap();
        assert_eq!(back.window, a.window);
        assert_eq!(back.summary, a.summary);
        assert_eq!(back.daily.len(), 2);
        assert_eq!(back.daily[0].tickers, a.daily[0].tickers);
        let again = tempfile::tempdir().unwrap();
        write(again.path(), &back);
        for name in [DAILY_CSV, SUMMARY_CSV] {
            assert_eq!(
                std::fs::read(dir.path().join(name)).unwrap(),
                std::fs::read(again.path().join(name)).unwrap(),
                "{name}"
            );
        }
    }

    #[test]
    fn contract_columns_alone_count_each_article_as_a_story() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(DAILY_CSV),
            "date,company,symbol,tickers,articles,mean_sentiment,weighted_sentiment,min_sentiment,max_sentiment,bullish,bearish,neutral,rolling_7d,zscore_30d\n\
             2026-11-02,Meta Platforms,META,META,2,-0.4,,-0.8,0,0,1,1,-0.4,\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(SUMMARY_CSV),
            "company,symbol,tickers,articles,mean_sentiment,weighted_sentiment,last_date,last_sentiment,rolling_7d,change_7d,label\n\
             Meta Platforms,META,META,2,-0.4,,2026-11-02,-0.4,-0.4,,Somewhat-Bearish\n",
        )
        .unwrap();
        let a = read_aggregates(dir.path(), None, None).unwrap();
        assert_eq!(a.daily_signals[0].stories, 2);
        assert_eq!(a.daily_signals[0].story_mean_sentiment, -0.4);
        assert_eq!(a.summary_signals[0].sector, None);
        assert_eq!(a.window.from, a.window.to);
    }

    #[test]
    fn a_bad_cell_names_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &sample());
        let daily = std::fs::read_to_string(dir.path().join(DAILY_CSV)).unwrap();
        std::fs::write(
            dir.path().join(DAILY_CSV),
            daily.replacen("2026-11-03,", "03/11/2026,", 1),
        )
        .unwrap();
        let e = read_aggregates(dir.path(), None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("daily.csv: line 3: date is \"03/11/2026\""),
            "{e}"
        );
    }

    #[test]
    fn a_missing_contract_column_is_named() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &sample());
        std::fs::write(dir.path().join(SUMMARY_CSV), "company,symbol\nA,B\n").unwrap();
        let e = read_aggregates(dir.path(), None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("summary.csv: line 1: the header lacks tickers"),
            "{e}"
        );
    }
}
