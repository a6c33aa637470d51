//! A report's CSVs read back into [`Aggregates`]: `daily.csv`, `summary.csv` and (when
//! present) `sectors.csv`, as tickertone writes them or as the Spark job
//! (`engines/spark/aggregate.py`) does, so that `tickertone render --aggregates DIR` draws
//! what another engine computed.
//!
//! Columns are found by name, so their order does not matter. The contract's columns are
//! required; the appended ones (`stories`, `story_mean_sentiment`, `volume_z_30d`, `sector`,
//! `corr_next_return`, `corr_n`) are optional: the Spark job does not compute stories, and
//! without them each article counts as its own story.

use std::path::Path;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use crate::aggregate::cells::columns_of;
use crate::aggregate::{
    contract_columns, Aggregates, Appended, DailyRow, SectorRow, SummaryRow, Window,
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
    let daily: Vec<DailyRow> = read_report_rows(&dir.join(DAILY_CSV))?;
    let summary: Vec<SummaryRow> = read_report_rows(&dir.join(SUMMARY_CSV))?;
    let sectors_path = dir.join(SECTORS_CSV);
    let sectors = if sectors_path.exists() {
        read_rows::<SectorRow>(&sectors_path, columns_of::<SectorRow>())?.1
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
        summary,
        sectors,
        headlines: Vec::new(),
        closes: Default::default(),
    })
}

/// The rows of a report CSV: the contract's columns required, the appended ones optional
/// (without the story columns, each article counts as its own story).
fn read_report_rows<T: Appended + DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let (header, mut rows) = read_rows::<T>(path, contract_columns::<T>())?;
    if !header.iter().any(|h| h == "stories") {
        rows.iter_mut().for_each(T::without_stories);
    }
    Ok(rows)
}

/// The header and rows of one CSV file, columns found by name (their order does not
/// matter); errors name the file, line and column.
fn read_rows<T: DeserializeOwned>(path: &Path, required: &[&str]) -> Result<(Vec<String>, Vec<T>)> {
    let shown = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| {
            format!("cannot read {shown}: render --aggregates needs a folder holding daily.csv and summary.csv")
        })?;
    let header_record = reader
        .headers()
        .with_context(|| format!("{shown}: line 1: cannot read the header"))?
        .clone();
    let header: Vec<String> = header_record.iter().map(str::to_string).collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
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
        let row = record
            .deserialize(Some(&header_record))
            .map_err(|e| bad_cell(&shown.to_string(), &header, &record, e))?;
        rows.push(row);
    }
    Ok((header, rows))
}

/// "daily.csv: line 3: date: \"03/11/2026\" is not a date (YYYY-MM-DD): fix or
/// regenerate the file".
fn bad_cell(
    path: &str,
    header: &[String],
    row: &csv::StringRecord,
    e: csv::Error,
) -> anyhow::Error {
    let line = row.position().map_or(0, |p| p.line());
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            // csv knows the field of its own parse errors; the cells' own messages
            // (`aggregate::cells`) quote the value, which names its column.
            let message = err.kind().to_string();
            let field = err.field().map(|i| i as usize).or_else(|| {
                row.iter()
                    .position(|cell| message.starts_with(&format!("{cell:?} ")))
            });
            let column = field
                .and_then(|i| header.get(i))
                .map_or(String::new(), |c| format!("{c}: "));
            anyhow::anyhow!(
                "{path}: line {line}: {column}{}: fix or regenerate the file",
                err.kind()
            )
        }
        _ => anyhow::anyhow!("{path}: line {line}: {e}"),
    }
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
            stories: 2,
            story_mean_sentiment: Some(0.1 + 0.2),
            volume_z_30d: None,
            close: None,
        };
        Aggregates {
            window: Window {
                from: date("2026-11-01"),
                to: date("2026-11-03"),
            },
            daily: vec![day("2026-11-01", 1.0 / 3.0), day("2026-11-03", -0.8)],
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
                stories: 4,
                story_mean_sentiment: Some(0.3),
                sector: Some("Communication Services".into()),
                corr_next_return: None,
                corr_n: None,
                not_about: 0,
            }],
            sectors: Vec::new(),
            headlines: Vec::<Headline>::new(),
            closes: Default::default(),
        }
    }

    fn write(dir: &Path, a: &Aggregates) {
        let file = |name: &str| std::fs::File::create(dir.join(name)).unwrap();
        super::super::csv::write_daily(file(DAILY_CSV), &a.daily).unwrap();
        super::super::csv::write_summary(file(SUMMARY_CSV), &a.summary).unwrap();
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
        assert_eq!(back.daily[1].stories, 2);
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
        assert_eq!(a.daily[0].stories, 2);
        assert_eq!(a.daily[0].story_mean_sentiment, Some(-0.4));
        assert_eq!(a.summary[0].stories, 2);
        assert_eq!(a.summary[0].sector, None);
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
            e.contains("daily.csv: line 3: date: \"03/11/2026\" is not a date"),
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
