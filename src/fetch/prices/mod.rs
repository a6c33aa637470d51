//! Daily closes from the `[[prices]]` sources of `tickertone.toml`, kept under
//! `<data>/prices/` for every report, `show`, `chart` and `study`.
//!
//! Per source, one request per ticker (Polygon may add pages), through the news sources'
//! HTTP client ([`HttpClient`]: budget, retries, timeouts, key redaction). Each body is
//! saved unchanged (an echoed key redacted) in `<data>/prices/raw/<source>/` before it is
//! read; a body that is the API's error message is moved to `<data>/fetch/errors/<source>/`.
//! A failing source stops at its first failure, as a news source does, and the tickers it
//! did not get are asked of the next source. The state (`<data>/fetch/<source>.json`)
//! records per ticker when it last came whole.

pub mod api;
pub mod kept;
pub mod source;

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{NaiveDate, Utc};
use serde::Serialize;

use super::http::{Budget, HttpClient};
use super::secret::Secret;
use super::state::{self, SourceState, StreamState};
use super::FetchSettings;
use crate::prices::{Closes, STORED_DIR};
use crate::store::lock::DataLock;
pub use source::{PriceKind, PriceSourceConfig};

/// What one price source's fetch did.
#[derive(Debug, Clone, Serialize)]
pub struct PriceSourceOutcome {
    pub name: String,
    pub kind: PriceKind,
    pub ok: bool,
    /// Why it failed (key redacted).
    pub error: Option<String>,
    pub requests: u32,
    pub max_requests: u32,
    /// Tickers whose closes came.
    pub tickers: Vec<String>,
    /// Closes in the responses.
    pub closes: usize,
    /// Days added to the kept closes.
    pub added: usize,
    /// Tickers whose kept history was replaced (re-adjusted by the source).
    pub replaced: Vec<String>,
    /// Responses saved under `<data>/prices/raw/<source>/`.
    pub files: Vec<PathBuf>,
    /// Responses that were an API's error message, moved aside.
    pub set_aside: Vec<PathBuf>,
}

/// What a fetch of the price sources did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PricesOutcome {
    pub sources: Vec<PriceSourceOutcome>,
    /// The names of the sources that failed.
    pub failed: Vec<String>,
    /// Tickers no source brought.
    pub missing: Vec<String>,
}

/// Fetches the closes of `tickers` from `from` to today, each ticker from the first source
/// that brings it. `log` hears one line per request (key redacted).
pub fn fetch_prices(
    data: &Path,
    sources: &[&PriceSourceConfig],
    settings: &FetchSettings,
    tickers: &[String],
    from: NaiveDate,
    log: &mut dyn FnMut(&str, &str),
    _lock: &DataLock,
) -> PricesOutcome {
    let client = HttpClient::new(settings).map_err(|e| format!("{e:#}"));
    let mut outcome = PricesOutcome::default();
    let mut wanted: Vec<String> = tickers.to_vec();
    for source in sources {
        let asked: Vec<String> = if source.tickers.is_empty() {
            wanted.clone()
        } else {
            source.tickers.clone()
        };
        let done = match &client {
            Ok(client) => fetch_source(client, data, source, &asked, from, log),
            Err(e) => PriceSourceOutcome::new(source, Some(e.clone())),
        };
        wanted.retain(|t| !done.tickers.contains(t));
        if !done.ok {
            outcome.failed.push(done.name.clone());
        }
        outcome.sources.push(done);
    }
    outcome.missing = wanted;
    outcome
}

impl PriceSourceOutcome {
    fn new(source: &PriceSourceConfig, error: Option<String>) -> PriceSourceOutcome {
        PriceSourceOutcome {
            name: source.name.clone(),
            kind: source.kind,
            ok: false,
            error,
            requests: 0,
            max_requests: source.budget(),
            tickers: Vec::new(),
            closes: 0,
            added: 0,
            replaced: Vec::new(),
            files: Vec::new(),
            set_aside: Vec::new(),
        }
    }

    /// One line for the summary on stderr.
    pub fn describe(&self) -> String {
        match &self.error {
            None => format!(
                "Fetched closes from {} ({}): {} tickers, {} closes ({} new days{}) in {} of {} requests; kept in {STORED_DIR}/.",
                self.name,
                self.kind.name(),
                self.tickers.len(),
                self.closes,
                self.added,
                if self.replaced.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; re-adjusted by the source, history replaced: {}",
                        self.replaced.join(", ")
                    )
                },
                self.requests,
                self.max_requests
            ),
            Some(error) => format!(
                "Price source {} ({}) FAILED: {error}. Used {} of {} requests; {} tickers came before the failure.",
                self.name,
                self.kind.name(),
                self.requests,
                self.max_requests,
                self.tickers.len()
            ),
        }
    }
}

fn fetch_source(
    client: &HttpClient,
    data: &Path,
    source: &PriceSourceConfig,
    tickers: &[String],
    from: NaiveDate,
    log: &mut dyn FnMut(&str, &str),
) -> PriceSourceOutcome {
    let started = Utc::now();
    let mut outcome = PriceSourceOutcome::new(source, None);
    let state_path = SourceState::path(data, &source.name);
    let mut state = match SourceState::load(&state_path) {
        Ok(s) => s,
        Err(e) => {
            outcome.error = Some(format!("{e:#}"));
            return outcome;
        }
    };
    let key = source.api_key();
    let secret = Secret::new(key.as_ref().ok().and_then(|k| k.as_deref()));
    let result = key.and_then(|key| {
        let endpoint = source.endpoint()?;
        let mut budget = Budget::new(source.budget());
        // Tickers fetched longest ago first: a run cut short by the budget catches up next.
        let mut order: Vec<&String> = tickers.iter().collect();
        order.sort_by_key(|t| state.streams.get(*t).and_then(|s| s.since));
        let to = started.date_naive();
        for ticker in order {
            let Some(file) = kept::path(data, ticker) else {
                continue;
            };
            let mut url = api::request(source, &endpoint, ticker, (from, to), key.as_deref());
            let mut fetched = Closes::new();
            loop {
                let response = client.get(&url, &[], &mut budget, &secret, &mut |line, _| {
                    log(&source.name, line)
                });
                outcome.requests = budget.used;
                let response = response.map_err(|e| anyhow::anyhow!("{ticker}: {e}"))?;
                let body = secret.redact_bytes(response.body);
                let saved = save_response(data, source, ticker, &body)?;
                match api::read(source.kind, &body, &endpoint, key.as_deref()) {
                    Ok(page) => {
                        outcome.files.push(saved);
                        outcome.closes += page.closes.len();
                        fetched.extend(page.closes);
                        match page.next {
                            Some(next) => url = next,
                            None => break,
                        }
                    }
                    Err(message) => {
                        let aside = state::set_aside(data, &source.name, &saved)?;
                        outcome.set_aside.push(aside.clone());
                        anyhow::bail!(
                            "{ticker}: {message} (GET {}; the response is kept in {})",
                            secret.redact(url.as_str()),
                            aside.display()
                        );
                    }
                }
            }
            let (merged, how) = kept::merge(&kept::load(&file)?, &fetched);
            match how {
                kept::Merged::Added(n) => outcome.added += n,
                kept::Merged::Replaced => {
                    outcome.added += merged.len();
                    outcome.replaced.push(ticker.clone());
                }
            }
            kept::save(&file, &merged)?;
            outcome.tickers.push(ticker.clone());
            state.streams.insert(
                ticker.clone(),
                StreamState {
                    since: Some(started),
                    ..StreamState::default()
                },
            );
        }
        Ok(())
    });
    outcome.ok = result.is_ok();
    outcome.error = result.err().map(|e| secret.redact(&format!("{e:#}")));
    state.kind = source.kind.name().to_string();
    state.last_attempt = Some(started);
    state.requests_last = outcome.requests;
    state.articles_last = outcome.closes;
    state.articles_total += outcome.closes as u64;
    state.last_error = outcome.error.clone();
    if outcome.ok {
        state.last_success = Some(started);
    }
    if let Err(e) = state.save(&state_path) {
        outcome.ok = false;
        outcome.error = Some(format!("{e:#}"));
    }
    outcome
}

/// Saves a body unchanged as `<data>/prices/raw/<source>/<UTC timestamp>-<TICKER>.<ext>`.
fn save_response(
    data: &Path,
    source: &PriceSourceConfig,
    ticker: &str,
    body: &[u8],
) -> Result<PathBuf> {
    let name = format!(
        "{}-{ticker}.{}",
        Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
        source.kind.extension()
    );
    let path = data
        .join(STORED_DIR)
        .join("raw")
        .join(&source.name)
        .join(name);
    write_atomically_new(&path, body)
}

fn write_atomically_new(path: &Path, body: &[u8]) -> Result<PathBuf> {
    state::write_atomically(path, body, false)
}
