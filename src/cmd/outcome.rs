//! What the commands that ingest or fetch share, so that none imports another: an ingest's
//! and a fetch's summary on stderr, and the exit status each outcome means.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{Duration, NaiveDate, Utc};
use indicatif::ProgressBar;

use crate::aggregate::query::{Query, Recorded, DEFAULT_WINDOW_DAYS};
use crate::app::{Env, Status};
use crate::data_dir::Writing;
use crate::fetch::prices::{PriceSourceConfig, PricesOutcome};
use crate::fetch::{self, FetchOutcome, Observer, SourceConfig, SourceOutcome};
use crate::ingest::IngestOutcome;
use crate::report::{report, ReportOutcome, ReportRequest};
use crate::symbols::SymbolTable;

/// The summary of an ingest on stderr, with `-v` its details too.
pub fn ingest_summary(env: &Env, outcome: &IngestOutcome) {
    for r in &outcome.rejections {
        let line = r.location.line.map(|l| format!(":{l}")).unwrap_or_default();
        env.detail(&format!("rejected {}{line}: {}", r.location.file, r.reason));
    }
    for file in &outcome.store_files {
        env.detail(&format!("store file: {}", file.display()));
    }
    for (file, n) in &outcome.not_about_by_file {
        env.detail(&format!(
            "{file}: {n} mention{} not about {} company (recorded with about = false)",
            if *n == 1 { "" } else { "s" },
            if *n == 1 { "its" } else { "their" }
        ));
    }
    if outcome.migrated_files > 0 {
        env.detail(&format!(
            "moved {} store files of the flat layout into month partitions",
            outcome.migrated_files
        ));
    }
    if outcome.about_migrated_files > 0 {
        env.detail(&format!(
            "gave {} store files written before `about` existed their about column (decided from their stored headlines)",
            outcome.about_migrated_files
        ));
    }
    if outcome.compacted_files > 0 {
        env.detail(&format!(
            "compacted {} small store files into one",
            outcome.compacted_files
        ));
    }
    env.detail(&format!("ingest took {:.2} s", outcome.took.as_secs_f64()));
    env.summary(&outcome.describe());
}

/// 0 when everything was recorded, 3 when some records were rejected, 1 when no input
/// could be read at all.
pub fn ingest_status(outcome: &IngestOutcome) -> Status {
    if outcome.files_read == 0 && !outcome.files_unreadable.is_empty() {
        Status::Failed
    } else if outcome.rejected > 0 {
        Status::SomeRejected
    } else {
        Status::Ok
    }
}

/// Fetches `sources` into the inbox with a progress bar each, then says what happened.
pub fn fetch_sources(
    env: &Env,
    data: &Writing,
    sources: &[&SourceConfig],
    symbols: &SymbolTable,
) -> FetchOutcome {
    let mut observer = Progress { env, bar: None };
    let outcome = fetch::fetch_sources(
        data.path(),
        sources,
        &env.fetch,
        symbols,
        &mut observer,
        data.lock(),
    );
    for source in &outcome.sources {
        env.summary(&describe(data, source));
    }
    outcome
}

/// The report of `request` from the data folder at `data` (named `name` in messages) into
/// the reports folder, dated as `env` says.
pub fn write_report(
    env: &Env,
    data: (&Path, &str),
    symbols: &SymbolTable,
    request: &ReportRequest,
) -> anyhow::Result<ReportOutcome> {
    report(data.0, data.1, &env.reports, symbols, env.dating, request)
}

/// Days of closes asked before the report's window: the event study looks 5 trading
/// days before an event, and a day's return needs the close before it.
pub const PRICE_LEAD_DAYS: i64 = 14;

/// Fetches into `<data>/prices/` the closes of the companies with news in the report's
/// default window (their symbols) and of the benchmark, then says what happened.
pub fn fetch_prices(
    env: &Env,
    data: &Writing,
    sources: &[&PriceSourceConfig],
    symbols: &SymbolTable,
) -> anyhow::Result<PricesOutcome> {
    let (tickers, from) = price_tickers(env, data.path(), symbols)?;
    let outcome = fetch::prices::fetch_prices(
        data.path(),
        sources,
        &env.fetch,
        &tickers,
        from,
        &mut |name, line| env.detail(&format!("{name}: {line}")),
        data.lock(),
    );
    for source in &outcome.sources {
        env.summary(&source.describe());
    }
    if !outcome.missing.is_empty() {
        env.summary(&format!(
            "No closes came for {}.",
            outcome.missing.join(", ")
        ));
    }
    Ok(outcome)
}

/// The tickers whose closes a fetch asks for, and from when.
fn price_tickers(
    env: &Env,
    data: &Path,
    symbols: &SymbolTable,
) -> anyhow::Result<(Vec<String>, NaiveDate)> {
    let mut tickers = BTreeSet::new();
    let mut from = Utc::now().date_naive() - Duration::days(DEFAULT_WINDOW_DAYS + PRICE_LEAD_DAYS);
    if let Some(recorded) = Recorded::if_any(data, symbols, env.dating)? {
        let query = Query {
            all_mentions: env.all_mentions,
            window_days: env.window_days,
            ..Query::default()
        };
        let window = recorded.window(&query)?;
        let aggregates = recorded.aggregate(&query, window)?;
        tickers.extend(aggregates.summary.iter().map(|r| r.symbol.clone()));
        from = window.from - Duration::days(PRICE_LEAD_DAYS);
    }
    if let Some(Ok(Some(benchmark))) = env
        .benchmark
        .as_deref()
        .map(tickertone_text::matcher::normalize_ticker)
    {
        tickers.insert(benchmark);
    }
    Ok((tickers.into_iter().collect(), from))
}

/// 4 when a price source failed, as for a news source.
pub fn prices_status(outcome: &PricesOutcome) -> Status {
    if outcome.failed.is_empty() {
        Status::Ok
    } else {
        Status::SourceFailed
    }
}

/// 4 when a source failed.
pub fn fetch_status(outcome: &FetchOutcome) -> Status {
    if outcome.failed.is_empty() {
        Status::Ok
    } else {
        Status::SourceFailed
    }
}

fn describe(data: &Writing, s: &SourceOutcome) -> String {
    let since = s
        .since
        .map(|t| format!(" since {}", t.format("%Y-%m-%d %H:%M UTC")))
        .unwrap_or_default();
    let folder = Path::new(data.name()).join("inbox").join(&s.name);
    match &s.error {
        None => format!(
            "Fetched {} ({}): {} articles{since} in {} of {} requests; {} saved in {}.",
            s.name,
            s.kind.name(),
            s.articles,
            s.requests,
            s.max_requests,
            plural(s.files.len(), "response"),
            folder.display()
        ),
        Some(error) => format!(
            "Source {} ({}) FAILED: {error}. Used {} of {} requests; {} articles came before \
             the failure. Its \"since\" is kept, so the next run asks again.",
            s.name,
            s.kind.name(),
            s.requests,
            s.max_requests,
            s.articles
        ),
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// A progress bar per source (on a terminal), and each request with `-v`.
struct Progress<'a> {
    env: &'a Env,
    bar: Option<(String, ProgressBar)>,
}

impl Observer for Progress<'_> {
    fn source_started(&mut self, source: &SourceConfig) {
        let bar = self.env.progress_with(
            &source.name,
            "{spinner} {msg} {wide_bar} {pos}/{len} requests",
        );
        bar.set_length(u64::from(source.budget()));
        self.bar = Some((source.name.clone(), bar));
    }

    fn request(&mut self, line: &str, requests: u32) {
        if let Some((name, bar)) = &self.bar {
            bar.set_position(u64::from(requests));
            bar.suspend(|| self.env.detail(&format!("{name}: {line}")));
        }
    }

    fn articles(&mut self, total: usize) {
        if let Some((name, bar)) = &self.bar {
            bar.set_message(format!("{name}: {total} articles"));
        }
    }

    fn source_finished(&mut self, _outcome: &SourceOutcome) {
        if let Some((_, bar)) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
