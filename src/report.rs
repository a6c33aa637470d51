//! The report pipeline: store → mentions in the report's time zone → aggregates → report
//! folder. Shared by the `report` and `run` commands.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use chrono::{Duration, NaiveDate};

use crate::aggregate::{self, Extras, Grouping, Window};
use crate::prices::Prices;
use crate::render::{self, RenderOptions};
use crate::store::{Month, Store};
use crate::symbols::SymbolTable;
use tickertone_text::date::Dating;
use tickertone_text::matcher::normalize_ticker;

mod pieces;
mod stale;

use pieces::Part;

/// Days in the default window, ending at the latest recorded date.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;

/// What the user asked of a report.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `--tickers`: only the companies of these tickers.
    pub tickers: Option<Vec<String>>,
    /// Days in the window when `--from` is not given (default 90).
    pub window_days: Option<u32>,
    /// What the report folder holds (`--format`, `--top`).
    pub render: RenderOptions,
    /// `--by`: companies (default) or sectors.
    pub grouping: Grouping,
    /// `--prices`: the user's daily closes.
    pub prices: Option<Prices>,
}

/// What a report produced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportOutcome {
    pub folder: PathBuf,
    pub window: Window,
    pub companies: usize,
    pub daily_rows: usize,
    /// How long each step took (seconds), for `-v`.
    #[serde(skip)]
    pub phases: Vec<(&'static str, f64)>,
    /// "read 2 parquet files in 2 month partitions", for `-v`.
    #[serde(skip)]
    pub files_read: String,
}

/// Step timings: each `done` records the time since the previous step ended.
struct Phases {
    last: std::time::Instant,
    steps: Vec<(&'static str, f64)>,
}

impl Phases {
    fn start() -> Self {
        Phases {
            last: std::time::Instant::now(),
            steps: Vec::new(),
        }
    }

    fn done(&mut self, what: &'static str) {
        let now = std::time::Instant::now();
        self.steps.push((what, (now - self.last).as_secs_f64()));
        self.last = now;
    }
}

impl ReportOutcome {
    /// "read the store 0.45 s, aggregated 0.48 s, ...; read 3 parquet files in 2 month
    /// partitions" (for `-v`).
    pub fn describe_phases(&self) -> String {
        let phases = self
            .phases
            .iter()
            .map(|(what, secs)| format!("{what} {secs:.2} s"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.files_read.is_empty() {
            phases
        } else {
            format!("{phases}; {}", self.files_read)
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "Report: {} ({} compan{}, {} daily rows, {} to {}).",
            self.folder.display(),
            self.companies,
            if self.companies == 1 { "y" } else { "ies" },
            self.daily_rows,
            self.window.from,
            self.window.to
        )
    }
}

/// The window of a request: `--from`/`--to`, defaulting to the 90 days ending at `latest`.
pub fn resolve_window(req: &ReportRequest, latest: NaiveDate) -> Window {
    let days = req
        .window_days
        .map_or(DEFAULT_WINDOW_DAYS, i64::from)
        .max(1);
    let span = Duration::days(days - 1);
    match (req.from, req.to) {
        (Some(from), Some(to)) => Window { from, to },
        (Some(from), None) => Window { from, to: latest },
        (None, Some(to)) => Window {
            from: to - span,
            to,
        },
        (None, None) => Window {
            from: latest - span,
            to: latest,
        },
    }
}

/// The month partitions (of `months`, the store's, in order) that a report of `req` can
/// read: those of its window and history for any latest date the latest month can give
/// (a row is dated at most 2 days before its month begins and 5 days after it ends). For
/// a store on object storage, whose partitions are copied before the report.
pub fn months_to_read(req: &ReportRequest, months: &[Month]) -> Vec<Month> {
    let Some(&latest) = months.last() else {
        return Vec::new();
    };
    let earliest_end = latest.first_day() - Duration::days(2);
    let latest_end = latest.next().first_day() + Duration::days(5);
    let window = Window {
        from: resolve_window(req, earliest_end).from,
        to: resolve_window(req, latest_end).to,
    };
    let published = aggregate::published_range(&aggregate::dates_read(window));
    let (first, last) = (
        Month::of_micros(published.start),
        Month::of_micros(published.end - 1),
    );
    months
        .iter()
        .copied()
        .filter(|m| (first..=last).contains(m))
        .collect()
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (libmimalloc-sys 0.1.49 builds
/// v3 but names only v2's options; see its c_src/mimalloc/v3/include/mimalloc.h).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A report frees each month's mentions before it reads the next, then faults in fresh
/// memory for it. mimalloc v3 keeps freed pages for 1 s by default: a report's peak would
/// hold several months. In 2 MiB transparent huge pages, each fault zeroed a whole huge
/// page. So from here on freed pages go back after 10 ms, and the process takes 4 KiB
/// pages: the 10M one-year report peaks at 0.86 GB, as it did with huge pages returned at
/// once, and spends 0.7–1.0 s less in the kernel (of 3.5–3.9 s). (Not for ingest, whose
/// many small allocations a short delay made 10 % slower.)
fn return_freed_memory_soon() {
    // SAFETY: sets an option of the allocator; any value is valid for it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    // SAFETY: PR_SET_THP_DISABLE takes an integer flag and no pointers; it only changes
    // the page size the kernel chooses for this process's later faults. On a kernel
    // without it the call fails, and huge pages are only slower, not wrong.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

pub fn report(
    data_dir: &Path,
    reports_dir: &Path,
    symbols: &SymbolTable,
    dating: Dating,
    req: &ReportRequest,
) -> Result<ReportOutcome> {
    let mut phases = Phases::start();
    return_freed_memory_soon();
    let store = Store::new(data_dir);
    if store.files()?.is_empty() {
        bail!(
            "nothing is recorded in {} yet: ingest some articles first (tickertone ingest FILE)",
            store.mentions_dir().display()
        );
    }
    let companies = match &req.tickers {
        None => None,
        Some(tickers) => {
            let mut set = HashSet::new();
            for t in tickers {
                if let Ok(Some(t)) = normalize_ticker(t) {
                    set.insert(symbols.resolve_ticker(&t).0.to_string());
                }
            }
            Some(set)
        }
    };
    // Name the damaged file rather than polars' view of it.
    let unreadable = |e: anyhow::Error| -> anyhow::Error {
        let problems = crate::store::health::check(&store)
            .map(|h| h.problems)
            .unwrap_or_default();
        if problems.is_empty() {
            return e;
        }
        anyhow::anyhow!("the store cannot be read:\n  {}", problems.join("\n  "))
    };
    // Only the month partitions a step can need are read: the latest two for the default
    // window's end (none when --from and --to give the window), then the window's.
    let window = match (req.from, req.to) {
        (Some(from), Some(to)) => Window { from, to },
        _ => {
            let latest = store.scan_latest()?.lazy;
            let Some(latest) = aggregate::latest_date(latest, dating).map_err(unreadable)? else {
                bail!("the store holds no mentions: ingest some articles first");
            };
            resolve_window(req, latest)
        }
    };
    if window.from > window.to {
        return Err(crate::app::UsageError(format!(
            "the window {} to {} is empty: --from is after the last date ({}); give an earlier --from or a --to",
            window.from, window.to, window.to
        ))
        .into());
    }
    let extras = Extras {
        grouping: req.grouping,
        sector_of: aggregate::sector_map(symbols),
        closes: match req.grouping {
            Grouping::Company => req.prices.as_ref().map(|p| p.by_company(symbols)),
            Grouping::Sector => None,
        },
    };
    if req.grouping == Grouping::Sector && extras.sector_of.is_empty() {
        return Err(crate::app::UsageError(
            "--by sector needs a symbol table with a sector column (company,tickers,aliases,sector,industry): give one with --symbols".into(),
        )
        .into());
    }
    // The store is read a month partition at a time: memory holds one month's mentions.
    let read = aggregate::dates_read(window);
    let load = |part: Part| -> Result<aggregate::MentionFrame> {
        let scan = match part {
            Part::Month(month) => store.scan_month(month)?,
            Part::Whole => store.scan_published(aggregate::published_range(&read))?,
        };
        let mentions = aggregate::load(
            scan.lazy,
            symbols,
            dating,
            companies.as_ref(),
            Some(read.clone()),
        )
        .map_err(unreadable)?;
        match req.grouping {
            Grouping::Company => Ok(mentions),
            Grouping::Sector => aggregate::regroup(&mentions, &extras.sector_of),
        }
    };
    let pieces = pieces::pieces(read.clone(), store.months()?, load);
    let mut aggregates = aggregate::aggregate_pieces(pieces, window, &extras)?;
    phases.done("read the store and aggregated");
    fill_in_headlines(&store, &mut aggregates)?;
    phases.done("found the headlines");
    stale::remove_stale_staging(reports_dir);
    let folder = render::write_report(reports_dir, &aggregates, &req.render)?;
    phases.done("wrote the report");
    let outcome = ReportOutcome {
        folder,
        window,
        companies: aggregates.summary.len(),
        daily_rows: aggregates.daily.len(),
        phases: phases.steps,
        files_read: store.read_summary(),
    };
    aggregate::free_aside(aggregates);
    Ok(outcome)
}

/// Fills in the titles, sources and links of `aggregates`' headlines from the store,
/// reading only the month partitions their dates can be in, one at a time (a one-year
/// window of 10M articles read whole for them peaked at 1.4 GB).
fn fill_in_headlines(store: &Store, aggregates: &mut aggregate::Aggregates) -> Result<()> {
    let ids: Vec<String> = aggregates
        .headlines
        .iter()
        .map(|h| h.article_id.clone())
        .collect();
    let mut months = BTreeSet::new();
    for h in &aggregates.headlines {
        let published = aggregate::published_range(&(h.date..=h.date));
        let (first, last) = (
            Month::of_micros(published.start),
            Month::of_micros(published.end - 1),
        );
        let mut month = first;
        while month <= last {
            months.insert(month);
            month = month.next();
        }
    }
    let mut details = HashMap::new();
    for month in months {
        let span = month.first_micros()..=month.next().first_micros() - 1;
        for (id, d) in store.article_details(&ids, span)? {
            details.entry(id).or_insert(d);
        }
    }
    for h in &mut aggregates.headlines {
        if let Some(d) = details.get(&h.article_id) {
            h.title = d.title.clone();
            h.source = d.source.clone();
            h.url = d.url.clone();
        }
    }
    Ok(())
}

/// What `render --aggregates` was asked: CSVs computed elsewhere (the Spark job), drawn here.
#[derive(Debug, Clone, Default)]
pub struct RenderRequest {
    /// The window (default: the first and last dates of `daily.csv`).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub render: RenderOptions,
    /// `--prices`: closes for the charts' price axis.
    pub prices: Option<Prices>,
}

/// Draws the report folder of the CSVs in `aggregates_dir`: the charts, heatmap and page
/// from their rows, the CSVs themselves copied as they are. Headlines come from the store of
/// `data_dir` when it has one (the CSVs do not carry titles).
pub fn render_aggregates(
    aggregates_dir: &Path,
    data_dir: &Path,
    reports_dir: &Path,
    symbols: &SymbolTable,
    dating: Dating,
    req: &RenderRequest,
) -> Result<ReportOutcome> {
    let mut phases = Phases::start();
    return_freed_memory_soon();
    let mut aggregates = render::read_aggregates(aggregates_dir, req.from, req.to)?;
    if let Some(prices) = &req.prices {
        let closes = prices.by_company(symbols);
        for (row, signals) in aggregates.daily.iter().zip(&mut aggregates.daily_signals) {
            signals.close = closes
                .get(&row.company)
                .and_then(|c| c.get(&row.date))
                .copied();
        }
        // As `aggregate` keeps them: each charted company's closes dated in the window.
        let window = aggregates.window;
        for row in &aggregates.summary {
            if let Some(c) = closes.get(&row.company) {
                let shown = c.range(window.from..=window.to).map(|(d, c)| (*d, *c));
                aggregates
                    .closes
                    .insert(row.company.clone(), shown.collect());
            }
        }
    }
    phases.done("read the CSVs");
    let store = Store::new(data_dir);
    if !store.files()?.is_empty() {
        let companies: HashSet<String> = aggregates
            .summary
            .iter()
            .map(|r| r.company.clone())
            .collect();
        let read = aggregates.window.from..=aggregates.window.to;
        let load = |part: Part| -> Result<aggregate::MentionFrame> {
            let scan = match part {
                Part::Month(month) => store.scan_month(month)?,
                Part::Whole => store.scan_published(aggregate::published_range(&read))?,
            };
            aggregate::load(
                scan.lazy,
                symbols,
                dating,
                Some(&companies),
                Some(read.clone()),
            )
        };
        let pieces = pieces::pieces(read.clone(), store.months()?, load);
        aggregates.headlines = aggregate::headlines_of(pieces, &aggregates.daily)?;
        fill_in_headlines(&store, &mut aggregates)?;
        phases.done("found the headlines");
    }
    let options = RenderOptions {
        csv_from: Some(aggregates_dir.to_path_buf()),
        ..req.render.clone()
    };
    stale::remove_stale_staging(reports_dir);
    let folder = render::write_report(reports_dir, &aggregates, &options)?;
    phases.done("wrote the report");
    Ok(ReportOutcome {
        folder,
        window: aggregates.window,
        companies: aggregates.summary.len(),
        daily_rows: aggregates.daily.len(),
        phases: phases.steps,
        files_read: store.read_summary(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(first: &str, count: usize) -> Vec<Month> {
        let mut month = Month::of_date(first.parse().unwrap());
        let mut out = Vec::new();
        for _ in 0..count {
            out.push(month);
            month = month.next();
        }
        out
    }

    #[test]
    fn a_report_reads_the_months_its_window_and_history_can_need() {
        let year = months("2025-01-01", 12);
        // The default 90 days end between Nov 29 and Jan 5: from Sep 1 at the earliest,
        // history from Aug 2, publications from Jul 28.
        let default = ReportRequest::default();
        assert_eq!(months_to_read(&default, &year), year[6..].to_vec());
        let one_day = ReportRequest {
            from: Some("2025-05-10".parse().unwrap()),
            to: Some("2025-05-10".parse().unwrap()),
            ..ReportRequest::default()
        };
        assert_eq!(months_to_read(&one_day, &year), year[3..5].to_vec());
        assert_eq!(months_to_read(&default, &[]), Vec::<Month>::new());
    }
}
