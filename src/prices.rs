//! Daily closes the user gives with `--prices` (never fetched), and the correlation of a
//! day's sentiment with the next trading day's return.
//!
//! A file is either long (`date,ticker,close`) or one ticker's download in the common
//! `Date,Open,High,Low,Close,Adj Close,Volume` shape, the ticker then being the file name
//! (`AAPL.csv`). Columns are found by name, case-insensitively; the adjusted close is
//! preferred to the close. A folder is read file by file (its `*.csv`, not recursively).

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound::{Excluded, Unbounded};
use std::path::{Path, PathBuf};

use crate::header::Header;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::symbols::SymbolTable;
use tickertone_text::matcher::normalize_ticker;

/// The folder of the data folder where the `[[prices]]` sources keep their closes, one
/// `<TICKER>.csv` (`date,close`) each.
pub const STORED_DIR: &str = "prices";

/// Fewest (news day, next return) pairs for a correlation.
pub const CORR_MIN_DAYS: usize = 10;

/// A price row (or a file) that was not used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRejection {
    pub file: PathBuf,
    /// 1-based; the header is line 1.
    pub line: u64,
    pub reason: String,
}

impl std::fmt::Display for PriceRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.reason)
    }
}

/// Closes by ticker and date.
#[derive(Debug, Clone, Default)]
pub struct Prices {
    closes: BTreeMap<String, BTreeMap<NaiveDate, f64>>,
    pub files: usize,
    pub rows: usize,
    pub rejected: Vec<PriceRejection>,
}

/// Closes of one company by date.
pub type Closes = BTreeMap<NaiveDate, f64>;

impl Prices {
    /// Reads a price file, or every `*.csv` file directly in a folder.
    pub fn read(path: &Path) -> Result<Prices> {
        let files = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot list the price folder {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                })
                .collect();
            files.sort();
            if files.is_empty() {
                bail!(
                    "the price folder {} holds no .csv file: give a date,ticker,close CSV or a folder of <TICKER>.csv downloads",
                    path.display()
                );
            }
            files
        } else {
            vec![path.to_path_buf()]
        };
        let mut prices = Prices::default();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read the price file {}", file.display()))?;
            prices.files += 1;
            prices.add_file(&file, &text);
        }
        Ok(prices)
    }

    /// The closes kept under `<data>/prices/` by the `[[prices]]` sources; `None` when
    /// there are none.
    pub fn stored(data: &Path) -> Result<Option<Prices>> {
        let dir = data.join(STORED_DIR);
        let has_csv = std::fs::read_dir(&dir).is_ok_and(|entries| {
            entries.filter_map(|e| e.ok()).any(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
            })
        });
        if has_csv {
            Prices::read(&dir).map(Some)
        } else {
            Ok(None)
        }
    }

    /// `--prices PATH` when given (it overrides), else the closes kept in the data folder.
    pub fn given_or_stored(given: Option<&Path>, data: &Path) -> Result<Option<Prices>> {
        match given {
            Some(path) => Prices::read(path).map(Some),
            None => Prices::stored(data),
        }
    }

    /// The closes of one ticker (normalised as tickers are).
    pub fn of_ticker(&self, ticker: &str) -> Option<&Closes> {
        let ticker = normalize_ticker(ticker).ok().flatten()?;
        self.closes.get(&ticker)
    }

    /// Adds one file's rows; what cannot be used goes to `rejected`.
    fn add_file(&mut self, file: &Path, text: &str) {
        let reject = |line: u64, reason: String| PriceRejection {
            file: file.to_path_buf(),
            line,
            reason,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header = match reader.headers() {
            Ok(h) => Header::new(h),
            Err(e) => {
                self.rejected
                    .push(reject(1, format!("unreadable header ({e})")));
                return;
            }
        };
        let date_at = header.find(&["date"]);
        let close_at = header.find(&["adj close", "adjusted close", "close"]);
        let ticker_at = header.find(&["ticker", "symbol"]);
        let (Some(date_at), Some(close_at)) = (date_at, close_at) else {
            self.rejected.push(reject(
                1,
                "no date and close columns: the header must name date,ticker,close or Date,...,Close,Adj Close,...".into(),
            ));
            return;
        };
        let file_ticker = file
            .file_stem()
            .and_then(|s| normalize_ticker(&s.to_string_lossy()).ok().flatten());
        if ticker_at.is_none() && file_ticker.is_none() {
            self.rejected.push(reject(
                1,
                "no ticker column and the file name is no ticker: name the file <TICKER>.csv"
                    .into(),
            ));
            return;
        }
        for (i, record) in reader.records().enumerate() {
            let line = i as u64 + 2;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    self.rejected
                        .push(reject(line, format!("unreadable row ({e})")));
                    continue;
                }
            };
            let field = |at: usize| record.get(at).unwrap_or("");
            let ticker = match ticker_at {
                Some(at) => match normalize_ticker(field(at)) {
                    Ok(Some(t)) => t,
                    _ => {
                        self.rejected
                            .push(reject(line, format!("'{}' is not a ticker", field(at))));
                        continue;
                    }
                },
                None => file_ticker.clone().unwrap_or_default(),
            };
            let Some(date) = field(date_at)
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                self.rejected.push(reject(
                    line,
                    format!("date '{}' is not YYYY-MM-DD", field(date_at)),
                ));
                continue;
            };
            let close = match field(close_at).parse::<f64>() {
                Ok(c) if c.is_finite() && c > 0.0 => c,
                _ => {
                    self.rejected.push(reject(
                        line,
                        format!("close '{}' is not a positive number", field(close_at)),
                    ));
                    continue;
                }
            };
            let closes = self.closes.entry(ticker.clone()).or_default();
            match closes.get(&date) {
                Some(&earlier) if earlier != close => self.rejected.push(reject(
                    line,
                    format!("{ticker} already has the close {earlier} on {date}"),
                )),
                Some(_) => {}
                None => {
                    closes.insert(date, close);
                    self.rows += 1;
                }
            }
        }
    }

    /// Closes per company: of the ticker that is the company's symbol, else of its first
    /// ticker (in alphabetical order) with closes.
    pub fn by_company(&self, symbols: &SymbolTable) -> HashMap<String, Closes> {
        let mut chosen: HashMap<String, (bool, &str)> = HashMap::new();
        for ticker in self.closes.keys() {
            let (company, symbol) = symbols.resolve_ticker(ticker);
            let is_symbol = ticker == symbol;
            let entry = chosen
                .entry(company.to_string())
                .or_insert((is_symbol, ticker));
            if is_symbol && !entry.0 {
                *entry = (true, ticker);
            }
        }
        chosen
            .into_iter()
            .map(|(company, (_, ticker))| (company, self.closes[ticker].clone()))
            .collect()
    }

    /// One line per rejection, for the summary on stderr.
    pub fn describe(&self) -> String {
        format!(
            "Prices: {} close{} from {} file{}, {} row{} rejected.",
            self.rows,
            if self.rows == 1 { "" } else { "s" },
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.rejected.len(),
            if self.rejected.len() == 1 { "" } else { "s" },
        )
    }
}

/// The close-to-close return of the first trading day after `date` (the next date with a
/// close), against the close before it; `None` without both closes.
pub fn next_return(closes: &Closes, date: NaiveDate) -> Option<f64> {
    let (&next, &close) = closes.range((Excluded(date), Unbounded)).next()?;
    let (_, &before) = closes.range(..next).next_back()?;
    Some(close / before - 1.0)
}

/// Pearson correlation of each day's mean sentiment with the next trading day's return,
/// over the days with both, and their count; the correlation is `None` below
/// [`CORR_MIN_DAYS`] days or when either side does not vary.
pub fn corr_next_return(
    closes: &Closes,
    days: impl Iterator<Item = (NaiveDate, f64)>,
) -> (Option<f64>, usize) {
    let pairs: Vec<(f64, f64)> = days
        .filter_map(|(d, mean)| Some((mean, next_return(closes, d)?)))
        .collect();
    let n = pairs.len();
    if n < CORR_MIN_DAYS {
        return (None, n);
    }
    let count = n as f64;
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / count;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / count;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return (None, n);
    }
    (Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)), n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
    }

    #[test]
    fn a_download_takes_its_ticker_from_the_file_name_and_prefers_adj_close() {
        let mut prices = Prices::default();
        let text = "Date,Open,High,Low,Close,Adj Close,Volume\n\
            2025-03-03,10,11,9,10.5,10.25,1000\n\
            2025-03-04,null,null,null,null,null,null\n\
            03/05/2025,10,11,9,10.5,10.25,1000\n";
        prices.add_file(Path::new("in/msft.csv"), text);
        assert_eq!(prices.closes["MSFT"], BTreeMap::from([(d(3), 10.25)]));
        let reasons: Vec<String> = prices.rejected.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            reasons,
            [
                "in/msft.csv:3: close 'null' is not a positive number",
                "in/msft.csv:4: date '03/05/2025' is not YYYY-MM-DD",
            ]
        );
    }

    #[test]
    fn a_long_file_names_tickers_and_repeats_must_agree() {
        let mut prices = Prices::default();
        let text = "date,ticker,close\n2025-03-03,$aapl,200\n2025-03-03,AAPL,200\n\
            2025-03-03,AAPL,201\n2025-03-04,NASDAQ:AAPL,-1\n";
        prices.add_file(Path::new("closes.csv"), text);
        assert_eq!(prices.closes["AAPL"], BTreeMap::from([(d(3), 200.0)]));
        assert_eq!(prices.rejected.len(), 2, "{:?}", prices.rejected);
        let mut headless = Prices::default();
        headless.add_file(Path::new("x.csv"), "day,price\n2025-03-03,1\n");
        assert_eq!(headless.rejected[0].line, 1);
    }

    #[test]
    fn next_return_skips_to_the_next_date_with_a_close() {
        // Fri 7, Mon 10, Tue 11.
        let closes = Closes::from([(d(7), 100.0), (d(10), 110.0), (d(11), 99.0)]);
        // Friday's and Saturday's news meet Monday's return (Fri close → Mon close).
        assert!((next_return(&closes, d(7)).unwrap() - 0.1).abs() < 1e-12);
        assert!((next_return(&closes, d(8)).unwrap() - 0.1).abs() < 1e-12);
        assert!((next_return(&closes, d(10)).unwrap() + 0.1).abs() < 1e-12);
        assert_eq!(next_return(&closes, d(11)), None);
        assert_eq!(next_return(&closes, d(6)), None, "no close before the 7th");
    }

    #[test]
    fn aligned_sentiment_correlates_one_and_shifted_does_not() {
        let returns = [
            0.01, -0.02, 0.03, 0.0, -0.01, 0.02, 0.04, -0.03, 0.01, -0.04, 0.02,
        ];
        let mut closes = Closes::new();
        let mut close = 100.0;
        closes.insert(d(1), close);
        for (i, r) in returns.iter().enumerate() {
            close *= 1.0 + r;
            closes.insert(d(2 + i as u32), close);
        }
        // Day 1 + i's sentiment is 10 × the next day's return.
        let aligned = (0..returns.len()).map(|i| (d(1 + i as u32), 10.0 * returns[i]));
        let (corr, n) = corr_next_return(&closes, aligned);
        assert_eq!(n, 11);
        assert!((corr.unwrap() - 1.0).abs() < 1e-12, "{corr:?}");
        let shifted = (0..returns.len()).map(|i| (d(2 + i as u32), 10.0 * returns[i]));
        let (corr, n) = corr_next_return(&closes, shifted);
        assert_eq!(n, 10, "the last day has no next close");
        assert!(corr.unwrap() < 0.9, "{corr:?}");
        let few = (0..9).map(|i| (d(1 + i as u32), returns[i]));
        assert_eq!(corr_next_return(&closes, few), (None, 9));
    }
}
