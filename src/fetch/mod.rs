//! Fetching news from the sources of `tickertone.toml` into the inbox.
//!
//! Per source, one stream per ticker (or one for the source): ask for what was published
//! since the stream's last whole fetch (7 days the first time, 10 minutes of overlap after,
//! for articles an API indexes late; repeats are recorded once), follow the pages, save each
//! body unchanged in `<data>/inbox/<source>/` *before* reading it, then read it for its
//! article count, its next page or the API's error message. A failing source stops at its
//! first failure; its failed streams keep their "since", so the next run asks again.
//! Streams are asked oldest "since" first, so one that missed a run catches up first.

pub mod api;
pub mod http;
pub mod prices;
pub mod secret;
pub mod source;
pub mod state;

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use http::Budget;
pub use http::HttpClient;
use secret::Secret;
pub use source::{FetchSettings, Kind, SourceConfig};
use state::{SourceState, StreamState};

use crate::store::lock::DataLock;

/// How far back a source's first fetch reaches.
pub const FIRST_FETCH_DAYS: i64 = 7;
/// How far before the last fetch's start the next one asks.
pub const OVERLAP_MINUTES: i64 = 10;

/// What one source's fetch did.
#[derive(Debug, Clone, Serialize)]
pub struct SourceOutcome {
    pub name: String,
    pub kind: Kind,
    pub ok: bool,
    /// Why it failed (key redacted).
    pub error: Option<String>,
    pub requests: u32,
    pub max_requests: u32,
    /// Articles in the responses (new or not: the ingest tells).
    pub articles: usize,
    /// Responses saved in the inbox.
    pub files: Vec<PathBuf>,
    /// Responses that were an API's error message, moved aside.
    pub set_aside: Vec<PathBuf>,
    /// The oldest instant asked from.
    pub since: Option<DateTime<Utc>>,
}

/// What a fetch of several sources did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FetchOutcome {
    pub sources: Vec<SourceOutcome>,
    /// The names of the sources that failed.
    pub failed: Vec<String>,
}

impl FetchOutcome {
    pub fn saved_files(&self) -> Vec<PathBuf> {
        self.sources.iter().flat_map(|s| s.files.clone()).collect()
    }
}

/// Hears what a fetch does, for progress bars and `-v`.
pub trait Observer {
    fn source_started(&mut self, source: &SourceConfig);
    /// A line about a request (key redacted), and the requests made so far.
    fn request(&mut self, line: &str, requests: u32);
    fn articles(&mut self, total: usize);
    fn source_finished(&mut self, outcome: &SourceOutcome);
}

/// Fetches `sources` one after the other. A source's failure is in its outcome, never an
/// `Err`, so the batch goes on; even a client that cannot be set up (no TLS roots) only
/// fails every source. `_lock`: state and inbox are the data folder's.
pub fn fetch_sources(
    data: &Path,
    sources: &[&SourceConfig],
    settings: &FetchSettings,
    observer: &mut dyn Observer,
    _lock: &DataLock,
) -> FetchOutcome {
    let client = HttpClient::new(settings).map_err(|e| format!("{e:#}"));
    let mut outcome = FetchOutcome::default();
    for source in sources {
        observer.source_started(source);
        let done = match &client {
            Ok(client) => fetch_source(client, data, source, observer),
            Err(e) => SourceOutcome::failed(source, e.clone()),
        };
        observer.source_finished(&done);
        if !done.ok {
            outcome.failed.push(done.name.clone());
        }
        outcome.sources.push(done);
    }
    outcome
}

impl SourceOutcome {
    /// Nothing done yet.
    fn new(source: &SourceConfig) -> SourceOutcome {
        SourceOutcome {
            name: source.name.clone(),
            kind: source.kind,
            ok: false,
            error: None,
            requests: 0,
            max_requests: source.budget(),
            articles: 0,
            files: Vec::new(),
            set_aside: Vec::new(),
            since: None,
        }
    }

    fn failed(source: &SourceConfig, error: String) -> SourceOutcome {
        SourceOutcome {
            error: Some(error),
            ..SourceOutcome::new(source)
        }
    }
}

fn fetch_source(
    client: &HttpClient,
    data: &Path,
    source: &SourceConfig,
    observer: &mut dyn Observer,
) -> SourceOutcome {
    let started = Utc::now();
    let mut outcome = SourceOutcome::new(source);
    let state_path = SourceState::path(data, &source.name);
    let mut state = match SourceState::load(&state_path) {
        Ok(s) => s,
        Err(e) => {
            outcome.error = Some(format!("{e:#}"));
            return outcome;
        }
    };
    let key = source.api_key();
    let endpoint = source.endpoint();
    let mut secret = Secret::new(key.as_ref().ok().and_then(|k| k.as_deref()));
    if let Ok(url) = &endpoint {
        secret = secret.with_password_of(url);
    }
    let result = key.and_then(|key| {
        let endpoint = endpoint?;
        let mut run = SourceRun {
            client,
            data,
            source,
            secret: &secret,
            key: key.as_deref(),
            endpoint: &endpoint,
            budget: Budget {
                limit: source.budget(),
                used: 0,
            },
            started,
            outcome: &mut outcome,
            observer,
        };
        run.streams(&mut state)
    });
    outcome.ok = result.is_ok();
    outcome.error = result.err().map(|e| secret.redact(&format!("{e:#}")));

    state.kind = source.kind.name().to_string();
    state.last_attempt = Some(started);
    state.requests_last = outcome.requests;
    state.articles_last = outcome.articles;
    state.articles_total += outcome.articles as u64;
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

/// One source's fetch in progress.
struct SourceRun<'a> {
    client: &'a HttpClient,
    data: &'a Path,
    source: &'a SourceConfig,
    secret: &'a Secret,
    key: Option<&'a str>,
    endpoint: &'a reqwest::Url,
    budget: Budget,
    started: DateTime<Utc>,
    outcome: &'a mut SourceOutcome,
    observer: &'a mut dyn Observer,
}

impl SourceRun<'_> {
    /// Every stream, oldest "since" first; the first failure stops the source.
    fn streams(&mut self, state: &mut SourceState) -> Result<()> {
        let mut streams = self.source.streams();
        let key_of = |s: &str| if s.is_empty() { state::ALL } else { s }.to_string();
        streams.sort_by_key(|s| state.streams.get(&key_of(s)).and_then(|st| st.since));
        let first_since = self.started - Duration::days(FIRST_FETCH_DAYS);
        for ticker in streams {
            let key = key_of(&ticker);
            let previous = state.streams.get(&key).cloned().unwrap_or_default();
            let since = previous
                .since
                .map(|s| s - Duration::minutes(OVERLAP_MINUTES))
                .unwrap_or(first_since);
            self.outcome.since = Some(self.outcome.since.map_or(since, |s| s.min(since)));
            let fetched = self.stream(&ticker, since, &previous)?;
            state.streams.insert(key, fetched);
        }
        Ok(())
    }

    /// One stream, page by page; its new state when it came whole.
    fn stream(
        &mut self,
        ticker: &str,
        since: DateTime<Utc>,
        previous: &StreamState,
    ) -> Result<StreamState> {
        let kind = self.source.kind;
        let ask = api::Ask {
            endpoint: self.endpoint,
            ticker,
            tickers: &self.source.tickers,
            since,
            now: self.started,
            key: self.key,
            state: previous,
        };
        let first = api::first_request(kind, &ask);
        let (mut url, headers) = (first.url, first.headers);
        let mut next_state = StreamState {
            since: Some(self.started),
            etag: previous.etag.clone(),
            last_modified: previous.last_modified.clone(),
        };
        loop {
            let observer = &mut *self.observer;
            let response = self.client.get(
                &url,
                &headers,
                &mut self.budget,
                self.secret,
                &mut |line, used| observer.request(line, used),
            );
            self.outcome.requests = self.budget.used;
            let response = response.map_err(|e| anyhow::anyhow!("{}{e}", for_ticker(ticker)))?;
            if response.status.as_u16() == 304 {
                return Ok(next_state);
            }
            if kind == Kind::Rss {
                let header = |name| {
                    response
                        .headers
                        .get(name)
                        .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                        .map(String::from)
                };
                next_state.etag = header(reqwest::header::ETAG);
                next_state.last_modified = header(reqwest::header::LAST_MODIFIED);
            }
            // Saved before anything reads it, so a reader fixed later can read it again.
            let body = self.secret.redact_bytes(response.body);
            let saved =
                state::save_response(self.data, &self.source.name, api::extension(kind), &body)?;
            match api::read_page(kind, &body, &url, &ask) {
                Ok(page) => {
                    self.outcome.files.push(saved);
                    self.outcome.articles += page.articles;
                    self.observer.articles(self.outcome.articles);
                    match page.next {
                        Some(next) => url = next,
                        None => return Ok(next_state),
                    }
                }
                Err(message) => {
                    let aside = state::set_aside(self.data, &self.source.name, &saved)?;
                    let shown = self.secret.redact(url.as_str());
                    self.outcome.set_aside.push(aside.clone());
                    anyhow::bail!(
                        "{}{message} (GET {shown}; the response is kept in {})",
                        for_ticker(ticker),
                        aside.display()
                    );
                }
            }
        }
    }
}

/// "AAPL: " before the error of a per-ticker stream.
fn for_ticker(ticker: &str) -> String {
    if ticker.is_empty() {
        String::new()
    } else {
        format!("{ticker}: ")
    }
}
