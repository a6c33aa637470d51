//! Fetching news from the sources of `tickertone.toml` into the inbox.
//!
//! Per source, one stream per ticker (or one for the source; per ticker and form for
//! EDGAR): ask for what was published since the stream's last whole fetch (7 days the first
//! time, 10 minutes of overlap after, for articles an API indexes late; repeats are
//! recorded once), follow the pages, save each body unchanged in `<data>/inbox/<source>/`
//! (in `ticker=<T>/` when the responses name no ticker of their own) *before* reading it,
//! then read it for its article count, its next page or the API's error message. A failing
//! source stops at its first failure; its failed streams keep their "since", so the next
//! run asks again. Streams are asked oldest "since" first, so one that missed a run
//! catches up first.

pub mod api;
pub mod http;
pub mod kind;
pub mod prices;
pub mod sec_tickers;
pub mod secret;
pub mod source;
pub mod state;
pub mod template;
mod validate;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use http::Budget;
pub use http::HttpClient;
pub use kind::Kind;
use reqwest::header::{HeaderName, USER_AGENT};
use reqwest::Url;
use sec_tickers::SecTickers;
use secret::Secret;
pub use source::{FetchSettings, SourceConfig, Stream, Target};
use state::{SourceState, StreamState};
use template::Fill;

use crate::store::lock::DataLock;
use crate::symbols::SymbolTable;

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
/// fails every source. `symbols` names the companies of `{name}` in feed URLs and queries.
/// `_lock`: state and inbox are the data folder's.
pub fn fetch_sources(
    data: &Path,
    sources: &[&SourceConfig],
    settings: &FetchSettings,
    symbols: &SymbolTable,
    observer: &mut dyn Observer,
    _lock: &DataLock,
) -> FetchOutcome {
    let client = HttpClient::new(settings).map_err(|e| format!("{e:#}"));
    let mut outcome = FetchOutcome::default();
    for source in sources {
        observer.source_started(source);
        let done = match &client {
            Ok(client) => fetch_source(client, data, source, symbols, observer),
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
    symbols: &SymbolTable,
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
    let mut secret = Secret::new(key.as_ref().ok().and_then(|k| k.as_deref()));
    if let Ok(url) = source.origin() {
        secret = secret.with_password_of(&url);
    }
    let result = key.and_then(|key| {
        let target = source.target()?;
        let mut run = SourceRun {
            client,
            data,
            source,
            symbols,
            secret: &secret,
            key: key.as_deref(),
            target: &target,
            ciks: None,
            budget: Budget::paced(source.budget(), source.kind.min_interval()),
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
    symbols: &'a SymbolTable,
    secret: &'a Secret,
    key: Option<&'a str>,
    target: &'a Target,
    /// SEC's ticker list, loaded by the first EDGAR stream.
    ciks: Option<Ciks>,
    budget: Budget,
    started: DateTime<Utc>,
    outcome: &'a mut SourceOutcome,
    observer: &'a mut dyn Observer,
}

/// SEC's ticker list, and whether this run has asked SEC for a newer one.
struct Ciks {
    list: SecTickers,
    refreshed: bool,
}

impl SourceRun<'_> {
    /// Every stream, oldest "since" first; the first failure stops the source.
    fn streams(&mut self, state: &mut SourceState) -> Result<()> {
        let mut streams = self.source.streams();
        streams.sort_by_key(|s| state.streams.get(&s.key()).and_then(|st| st.since));
        let first_since = self.started - Duration::days(FIRST_FETCH_DAYS);
        for stream in streams {
            let key = stream.key();
            let previous = state.streams.get(&key).cloned().unwrap_or_default();
            let since = previous
                .since
                .map(|s| s - Duration::minutes(OVERLAP_MINUTES))
                .unwrap_or(first_since);
            self.outcome.since = Some(self.outcome.since.map_or(since, |s| s.min(since)));
            let fetched = self
                .stream(&stream, since, &previous)
                .map_err(|e| anyhow::anyhow!("{}{e:#}", for_ticker(&stream.ticker)))?;
            state.streams.insert(key, fetched);
        }
        Ok(())
    }

    /// The name of `ticker`'s company in the symbol table (the ticker when unknown).
    fn company_name(&self, ticker: &str) -> String {
        self.symbols.resolve_ticker(ticker).0.to_string()
    }

    /// The URL a stream starts from: the API root, the feed's URL for its ticker, or the
    /// company's EDGAR feed of the form.
    fn stream_endpoint(&mut self, stream: &Stream) -> Result<Url> {
        match (self.target, &stream.form) {
            (Target::Feed(template), _) => template.url(&Fill {
                ticker: &stream.ticker,
                name: &self.company_name(&stream.ticker),
                query: self.source.query(),
            }),
            (Target::Root(root), Some(form)) => {
                let cik = self.cik(&stream.ticker)?;
                Ok(api::edgar::filings_url(root, &cik, form))
            }
            (Target::Root(root), None) => Ok(root.clone()),
        }
    }

    /// The CIK of `ticker`, from SEC's list; asks SEC for the current list (once a run)
    /// when the kept one does not have it.
    fn cik(&mut self, ticker: &str) -> Result<String> {
        if self.ciks.is_none() {
            self.ciks = Some(Ciks {
                list: SecTickers::load(self.data)?,
                refreshed: false,
            });
        }
        if let Some(cik) = self.ciks.as_ref().and_then(|c| c.list.cik(ticker)) {
            return Ok(cik);
        }
        if self.ciks.as_ref().is_some_and(|c| !c.refreshed) {
            self.refresh_ciks()?;
        }
        self.ciks
            .as_ref()
            .and_then(|c| c.list.cik(ticker))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "not in SEC's list of tickers ({}), fetched again just now: EDGAR files \
                     by company, and SEC lists no company under this ticker; check it, or \
                     remove it from this source",
                    sec_tickers::kept_path(self.data).display()
                )
            })
    }

    /// Asks SEC for its current ticker list and keeps it in `<data>/fetch/`.
    fn refresh_ciks(&mut self) -> Result<()> {
        let Target::Root(root) = self.target else {
            return Ok(());
        };
        let url = sec_tickers::list_url(root);
        let body = self.get(&url, &self.identity())?.body;
        let mut list = SecTickers::load(self.data)?;
        list.add_sec_json(&body)
            .with_context(|| format!("GET {url}: the answer is not SEC's ticker list"))?;
        state::write_atomically(&sec_tickers::kept_path(self.data), &body, true)?;
        self.ciks = Some(Ciks {
            list,
            refreshed: true,
        });
        Ok(())
    }

    /// The `User-Agent` the source declares, for every request it makes.
    fn identity(&self) -> Vec<(HeaderName, String)> {
        self.source
            .user_agent
            .as_deref()
            .map(|ua| vec![(USER_AGENT, ua.trim().to_string())])
            .unwrap_or_default()
    }

    /// One GET through the source's budget, its lines to the observer.
    fn get(&mut self, url: &Url, headers: &[(HeaderName, String)]) -> Result<http::Response> {
        let observer = &mut *self.observer;
        let response = self.client.get(
            url,
            headers,
            &mut self.budget,
            self.secret,
            &mut |line, used| observer.request(line, used),
        );
        self.outcome.requests = self.budget.used;
        response.map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// One stream, page by page; its new state when it came whole.
    fn stream(
        &mut self,
        stream: &Stream,
        since: DateTime<Utc>,
        previous: &StreamState,
    ) -> Result<StreamState> {
        let kind = self.source.kind;
        let endpoint = self.stream_endpoint(stream)?;
        let query = self
            .source
            .query()
            .replace("{ticker}", &stream.ticker)
            .replace("{name}", &self.company_name(&stream.ticker));
        let ask = api::Ask {
            endpoint: &endpoint,
            ticker: &stream.ticker,
            query: &query,
            tickers: &self.source.tickers,
            since,
            now: self.started,
            key: self.key,
            state: previous,
        };
        let first = api::first_request(kind, &ask);
        let (mut url, mut headers) = (first.url, first.headers);
        headers.extend(self.identity());
        let folder =
            Some(stream.ticker.as_str()).filter(|t| kind.tags_by_folder() && !t.is_empty());
        let mut next_state = StreamState {
            since: Some(self.started),
            etag: previous.etag.clone(),
            last_modified: previous.last_modified.clone(),
        };
        loop {
            let response = self.get(&url, &headers)?;
            if response.status.as_u16() == 304 {
                return Ok(next_state);
            }
            if kind.is_feed() || kind == Kind::Edgar {
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
            let saved = state::save_response(
                self.data,
                &self.source.name,
                folder,
                kind.extension(),
                &body,
            )?;
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
                        "{message} (GET {shown}; the response is kept in {})",
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
