//! A news source as `tickertone.toml` declares it (`[[source]]`), and the `[fetch]` table
//! that tunes how politely every source is asked. What each kind is lives in `kind`; the
//! checks of a table when the config is loaded in `validate`.

use std::time::Duration;

use anyhow::{bail, Result};
use reqwest::Url;
use serde::Deserialize;

use super::kind::Kind;
use super::template::UrlTemplate;

pub use super::validate::validate;

/// One `[[source]]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Unique; names the inbox folder, the state file and the summary lines.
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub tickers: Vec<String>,
    /// The environment variable holding the API key (keys never live in the file).
    pub api_key_env: Option<String>,
    /// The API's root (a feed preset's scheme and host), for a proxy or a test server.
    pub base_url: Option<String>,
    /// The feed's address, maybe with `{ticker}`, `{name}`, `{query}` (feed kinds).
    pub url: Option<String>,
    /// What a search asks for each ticker (`{query}` of a feed URL, NewsAPI's `q`).
    pub query: Option<String>,
    /// EDGAR: the forms asked for (default 8-K).
    pub forms: Option<Vec<String>>,
    /// Who is asking, sent as `User-Agent` (SEC requires a name and an email).
    pub user_agent: Option<String>,
    pub max_requests_per_run: Option<u32>,
    /// Only here to answer a key written into the file with the fix, not a generic error.
    #[serde(default)]
    pub(super) api_key: Option<toml::Value>,
}

/// EDGAR's forms when a source names none: current reports, the news a company must file.
pub const DEFAULT_FORMS: &[&str] = &["8-K"];

/// One run of requests of a source: a ticker (or none: the source asked once), and for
/// EDGAR a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    pub ticker: String,
    pub form: Option<String>,
}

impl Stream {
    /// Its name in the state file: the ticker, `all` for a source asked once, the form
    /// after the ticker for EDGAR (`AAPL 8-K`).
    pub fn key(&self) -> String {
        let ticker = if self.ticker.is_empty() {
            super::state::ALL
        } else {
            &self.ticker
        };
        match &self.form {
            Some(form) => format!("{ticker} {form}"),
            None => ticker.to_string(),
        }
    }
}

/// Where a source's requests go.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An API's root; each kind appends its endpoint.
    Root(Url),
    /// A feed's URL, filled in per ticker.
    Feed(UrlTemplate),
}

impl SourceConfig {
    pub fn budget(&self) -> u32 {
        self.max_requests_per_run
            .unwrap_or_else(|| self.kind.default_budget(self.streams().len()))
    }

    /// Where the requests go, checked when the config was loaded.
    pub fn target(&self) -> Result<Target> {
        if !self.kind.is_feed() {
            let text = self.base_url.as_deref().or(self.kind.default_base_url());
            return Ok(Target::Root(self.root(text.unwrap_or_default())?));
        }
        let template = match (&self.url, self.kind.feed_url()) {
            (Some(url), _) => UrlTemplate::parse(url),
            (None, Some(preset)) => {
                let preset = UrlTemplate::parse(preset)?;
                match &self.base_url {
                    Some(base) => preset.with_base(&self.root(base)?),
                    None => Ok(preset),
                }
            }
            (None, None) => bail!(
                "source {}: kind = \"{}\" needs url = \"https://...\" (with {{ticker}} to ask \
                 once per ticker)",
                self.name,
                self.kind.name()
            ),
        };
        template
            .map(Target::Feed)
            .map_err(|e| anyhow::anyhow!("source {}: {e}", self.name))
    }

    /// A URL of the source's host, for what concerns every request (a password in it).
    pub fn origin(&self) -> Result<Url> {
        match self.target()? {
            Target::Root(url) => Ok(url),
            Target::Feed(template) => template.url(&super::template::Fill {
                ticker: self.tickers.first().map_or("", String::as_str),
                name: "",
                query: "",
            }),
        }
    }

    fn root(&self, text: &str) -> Result<Url> {
        // A password in the URL is never echoed.
        let shown = super::secret::redact_userinfo(text);
        let url = Url::parse(text.trim()).map_err(|e| {
            anyhow::anyhow!(
                "source {}: '{shown}' is not a URL ({e}); write it as https://host/path",
                self.name
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            bail!(
                "source {}: '{shown}' is not an http(s) URL; write it as https://host/path",
                self.name
            );
        }
        Ok(url)
    }

    /// What a search asks (`{query}`, NewsAPI's `q`), before `{ticker}` and `{name}`.
    pub fn query(&self) -> &str {
        self.query
            .as_deref()
            .unwrap_or_else(|| self.kind.default_query())
    }

    /// EDGAR's forms (others: none).
    pub fn forms(&self) -> Vec<String> {
        match (&self.forms, self.kind) {
            (Some(forms), _) => forms.clone(),
            (None, Kind::Edgar) => DEFAULT_FORMS.iter().map(|f| f.to_string()).collect(),
            (None, _) => Vec::new(),
        }
    }

    /// The request streams: one per ticker when requests name one ticker (and, for EDGAR,
    /// per form), else one.
    pub fn streams(&self) -> Vec<Stream> {
        let per_ticker = match self.target() {
            Ok(Target::Feed(template)) => template.per_ticker(),
            _ => self.kind.one_ticker_per_request(),
        };
        let tickers: Vec<String> = if per_ticker && !self.tickers.is_empty() {
            self.tickers.clone()
        } else {
            vec![String::new()]
        };
        let forms = self.forms();
        if forms.is_empty() {
            return tickers
                .into_iter()
                .map(|ticker| Stream { ticker, form: None })
                .collect();
        }
        tickers
            .iter()
            .flat_map(|t| {
                forms.iter().map(|f| Stream {
                    ticker: t.clone(),
                    form: Some(f.clone()),
                })
            })
            .collect()
    }

    /// The API key from the environment; `None` for kinds that need none.
    pub fn api_key(&self) -> Result<Option<String>> {
        if !self.kind.needs_key() {
            return Ok(None);
        }
        let Some(var) = &self.api_key_env else {
            bail!(
                "source {}: no api_key_env; name the environment variable that holds its key",
                self.name
            );
        };
        match std::env::var(var) {
            Ok(key) if !key.trim().is_empty() => Ok(Some(key.trim().to_string())),
            // A name with digits and no `_` may be a key pasted in by mistake: not echoed.
            _ if var.contains(|c: char| c.is_ascii_digit()) && !var.contains('_') => bail!(
                "source {}: the environment variable named by api_key_env is not set (is the \
                 key itself written there? name a variable such as {}_API_KEY and export it)",
                self.name,
                self.kind.name().to_uppercase()
            ),
            _ => bail!(
                "source {}: the environment variable {var} is not set; export {var}=<your {} key>",
                self.name,
                self.kind.name()
            ),
        }
    }
}

/// The `[fetch]` table: timeouts and retries, the same for every source.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchSettings {
    /// Seconds to establish a connection.
    pub connect_timeout_secs: f64,
    /// Seconds for a whole request, the body included.
    pub timeout_secs: f64,
    /// Retries after a 429, a 5xx or a network error (each one counts against the budget).
    pub retries: u32,
    /// The first backoff in seconds; it doubles with each retry, with jitter.
    pub retry_delay_secs: f64,
    /// The longest wait before a retry, `Retry-After` included: a server asking for more
    /// makes the source fail now rather than hang the batch.
    pub max_retry_wait_secs: f64,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            connect_timeout_secs: 10.0,
            timeout_secs: 60.0,
            retries: 2,
            retry_delay_secs: 1.0,
            max_retry_wait_secs: 60.0,
        }
    }
}

impl FetchSettings {
    pub fn validate(&self) -> Result<()> {
        for (name, value) in [
            ("connect_timeout_secs", self.connect_timeout_secs),
            ("timeout_secs", self.timeout_secs),
            ("retry_delay_secs", self.retry_delay_secs),
            ("max_retry_wait_secs", self.max_retry_wait_secs),
        ] {
            if !(0.0..=86_400.0).contains(&value) {
                bail!("[fetch] {name} = {value}: give seconds between 0 and 86400");
            }
        }
        Ok(())
    }

    pub fn duration(secs: f64) -> Duration {
        Duration::from_secs_f64(secs.clamp(0.0, 86_400.0))
    }
}
