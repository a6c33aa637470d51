//! The report pipeline: store → mentions in the report's time zone → aggregates → report
//! folder. Shared by the `report` and `run` commands.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use crate::aggregate::query::{Query, Recorded};
use crate::aggregate::{self, Window};
use crate::app::UsageError;
use crate::prices::Prices;
use crate::render::{self, RenderOptions};
use crate::symbols::SymbolTable;
use tickertone_text::date::Dating;
use tickertone_text::matcher::normalize_ticker;

mod stale;

/// What the user asked of a report.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    /// The window and grouping; its companies and closes come from `tickers` and `prices`.
    pub query: Query,
    /// `--tickers`: only the companies of these tickers.
    pub tickers: Option<Vec<String>>,
    /// What the report folder holds (`--format`, `--top`).
    pub render: RenderOptions,
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
    /// What the report left out, and why (a company chart that could not be drawn).
    pub warnings: Vec<String>,
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
        let mut s = format!(
            "Report: {} ({} compan{}, {} daily rows, {} to {}).",
            self.folder.display(),
            self.companies,
            if self.companies == 1 { "y" } else { "ies" },
            self.daily_rows,
            self.window.from,
            self.window.to
        );
        for w in &self.warnings {
            s.push_str(&format!("\nwarning: {w}"));
        }
        s
    }
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (libmimalloc-sys 0.1.49 builds
/// v3 but names only v2's options; see its c_src/mimalloc/v3/include/mimalloc.h).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A report frees each month's mentions before it reads the next, then faults in fresh
/// memory for it. mimalloc v3 keeps freed pages for 1 s by default: a report's peak would
/// hold several months. In 2 MiB transparent huge pages, each fault zeroes a whole huge
/// page. So from here on freed pages go back after 10 ms, and the process takes 4 KiB
/// pages: the peak stays one month's, with less time in the kernel (`benches/RESULTS.md`,
/// "Why the code is as it is"). Not for ingest, whose many small allocations a short
/// delay slows.
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

/// Store → aggregates → report folder. `shown` names the data folder in messages.
pub fn report(
    data_dir: &Path,
    shown: &str,
    reports_dir: &Path,
    symbols: &SymbolTable,
    dating: Dating,
    req: &ReportRequest,
) -> Result<ReportOutcome> {
    let mut phases = Phases::start();
    return_freed_memory_soon();
    let recorded = Recorded::open(data_dir, shown, symbols, dating)?;
    let companies = match &req.tickers {
        Some(tickers) => Some(asked_companies(&recorded, symbols, tickers, shown)?),
        None => None,
    };
    let query = Query {
        companies: companies.clone(),
        closes: req.prices.as_ref().map(|p| p.by_company(symbols)),
        ..req.query.clone()
    };
    let window = recorded.window(&query)?;
    let mut aggregates = recorded.aggregate(&query, window)?;
    phases.done("read the store and aggregated");
    recorded.fill_in_headlines(&mut aggregates)?;
    phases.done("found the headlines");
    stale::remove_stale_staging(reports_dir);
    let options = RenderOptions {
        only: companies.as_ref().map(|set| {
            let mut symbols: Vec<String> = set
                .iter()
                .map(|company| symbol_of(symbols, company))
                .collect();
            symbols.sort();
            symbols
        }),
        ..req.render.clone()
    };
    let rendered = render::write_report(reports_dir, &aggregates, &options)?;
    phases.done("wrote the report");
    let outcome = ReportOutcome {
        folder: rendered.folder,
        warnings: rendered.warnings,
        window,
        companies: aggregates.summary.len(),
        daily_rows: aggregates.daily.len(),
        phases: phases.steps,
        files_read: recorded.store().read_summary(),
    };
    aggregate::free_aside(aggregates);
    Ok(outcome)
}

/// The companies of `--tickers`, each of which must have news recorded: a typo is a usage
/// error (exit 2, as `chart NOPE` is), not an empty report.
fn asked_companies(
    recorded: &Recorded,
    symbols: &SymbolTable,
    tickers: &[String],
    shown: &str,
) -> Result<HashSet<String>> {
    let mut set = HashSet::new();
    for given in tickers {
        let ticker = match normalize_ticker(given) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(why) => return Err(UsageError(format!("--tickers: {why}")).into()),
        };
        let company = symbols.resolve_ticker(&ticker).0.to_string();
        if recorded
            .latest_date_of(&HashSet::from([company.clone()]))?
            .is_none()
        {
            return Err(UsageError(format!(
                "--tickers: unknown ticker '{ticker}': no news about it is recorded in \
                 {shown}\nhint: check the spelling; `tickertone report` lists the companies \
                 with news in summary.csv"
            ))
            .into());
        }
        set.insert(company);
    }
    if set.is_empty() {
        return Err(UsageError("--tickers names no ticker".into()).into());
    }
    Ok(set)
}

/// The symbol of `company` in the symbol table (an unknown ticker is its own).
fn symbol_of(symbols: &SymbolTable, company: &str) -> String {
    symbols
        .companies()
        .iter()
        .find(|c| c.name == company)
        .map_or_else(|| company.to_string(), |c| c.symbol.clone())
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
    /// `--all-mentions`: headlines from every mention, as the CSVs were computed.
    pub all_mentions: bool,
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
        aggregates.join_closes(&prices.by_company(symbols));
    }
    phases.done("read the CSVs");
    // Headlines come from the store, when there is one.
    let files_read = match Recorded::if_any(data_dir, symbols, dating)? {
        Some(recorded) => {
            recorded.headlines_of(&mut aggregates, req.all_mentions)?;
            phases.done("found the headlines");
            recorded.store().read_summary()
        }
        None => String::new(),
    };
    let options = RenderOptions {
        csv_from: Some(aggregates_dir.to_path_buf()),
        ..req.render.clone()
    };
    stale::remove_stale_staging(reports_dir);
    let rendered = render::write_report(reports_dir, &aggregates, &options)?;
    phases.done("wrote the report");
    Ok(ReportOutcome {
        folder: rendered.folder,
        warnings: rendered.warnings,
        window: aggregates.window,
        companies: aggregates.summary.len(),
        daily_rows: aggregates.daily.len(),
        phases: phases.steps,
        files_read,
    })
}
