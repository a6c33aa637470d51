//! A news source as `tickertone.toml` declares it (`[[source]]`), and the `[fetch]` table
//! that tunes how politely every source is asked.

use std::collections::HashSet;
use std::time::Duration;

use anyhow::{bail, Result};
use reqwest::Url;
use serde::{Deserialize, Serialize};

/// The APIs tickertone knows how to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Alphavantage,
    Polygon,
    Finnhub,
    Marketaux,
    Rss,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Alphavantage => "alphavantage",
            Kind::Polygon => "polygon",
            Kind::Finnhub => "finnhub",
            Kind::Marketaux => "marketaux",
            Kind::Rss => "rss",
        }
    }

    /// The API's public root; each kind appends its endpoint's path.
    fn default_base_url(self) -> Option<&'static str> {
        match self {
            Kind::Alphavantage => Some("https://www.alphavantage.co"),
            Kind::Polygon => Some("https://api.polygon.io"),
            Kind::Finnhub => Some("https://finnhub.io"),
            Kind::Marketaux => Some("https://api.marketaux.com"),
            Kind::Rss => None,
        }
    }

    /// Requests per run when the source does not say: what each free tier allows for one
    /// daily run (see README "Fetching news"). Retries count too: the APIs count them.
    pub fn default_budget(self) -> u32 {
        match self {
            Kind::Alphavantage => 25, // 25 requests a day
            Kind::Polygon => 5,       // 5 requests a minute
            Kind::Finnhub => 60,      // 60 requests a minute
            Kind::Marketaux => 100,   // 100 requests a day
            Kind::Rss => 3,           // one feed, and two retries
        }
    }

    /// The query parameter that carries the key (what redaction looks for in URLs).
    pub fn key_param(self) -> Option<&'static str> {
        match self {
            Kind::Alphavantage => Some("apikey"),
            Kind::Polygon => Some("apiKey"),
            Kind::Finnhub => Some("token"),
            Kind::Marketaux => Some("api_token"),
            Kind::Rss => None,
        }
    }

    /// Whether each request names one ticker (so a source asks once per ticker).
    pub fn one_ticker_per_request(self) -> bool {
        // Alpha Vantage's `tickers=A,B` means articles naming A *and* B, so it is asked per
        // ticker too; Marketaux's `symbols=A,B` means A or B.
        matches!(self, Kind::Alphavantage | Kind::Polygon | Kind::Finnhub)
    }
}

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
    /// The API's root, for a proxy or a test server.
    pub base_url: Option<String>,
    /// The feed's address (kind = "rss").
    pub url: Option<String>,
    pub max_requests_per_run: Option<u32>,
    /// Only here to answer a key written into the file with the fix, not a generic error.
    #[serde(default)]
    api_key: Option<toml::Value>,
}

impl SourceConfig {
    pub fn budget(&self) -> u32 {
        self.max_requests_per_run
            .unwrap_or_else(|| self.kind.default_budget())
    }

    /// The API root (or the feed's URL for RSS), checked when the config was loaded.
    pub fn endpoint(&self) -> Result<Url> {
        let text = match self.kind {
            Kind::Rss => self.url.as_deref(),
            kind => self.base_url.as_deref().or(kind.default_base_url()),
        };
        let Some(text) = text else {
            bail!(
                "source {}: kind = \"rss\" needs url = \"https://...\"",
                self.name
            );
        };
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

    /// The request streams: one per ticker when the API takes one at a time, else one.
    pub fn streams(&self) -> Vec<String> {
        if self.kind.one_ticker_per_request() && !self.tickers.is_empty() {
            self.tickers.clone()
        } else {
            vec![String::new()]
        }
    }

    /// The API key from the environment; `None` for RSS.
    pub fn api_key(&self) -> Result<Option<String>> {
        if self.kind == Kind::Rss {
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

/// Checks what can be checked without the network, so a typo is a usage error at once.
pub fn validate(sources: &mut [SourceConfig]) -> Result<()> {
    let mut names = HashSet::new();
    for s in sources.iter_mut() {
        let name_ok = !s.name.is_empty()
            && s.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !s.name.starts_with('.');
        if !name_ok {
            bail!(
                "source name '{}': use letters, digits, '-', '_' or '.' (it names a folder)",
                s.name
            );
        }
        if !names.insert(s.name.clone()) {
            bail!(
                "source name '{}' is used twice; names must be unique",
                s.name
            );
        }
        if s.api_key.is_some() {
            bail!(
                "source {}: api_key does not belong in the file; put the key in an \
                 environment variable and name it with api_key_env = \"...\"",
                s.name
            );
        }
        if let Some(var) = &s.api_key_env {
            let name_like = var.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !name_like {
                // Never echoed: a key pasted here by mistake must not reach a log.
                bail!(
                    "source {}: api_key_env must name an environment variable (letters, \
                     digits and _, such as ALPHAVANTAGE_API_KEY), not hold the key itself; \
                     its value is not shown",
                    s.name
                );
            }
        }
        if s.max_requests_per_run == Some(0) {
            bail!("source {}: max_requests_per_run must be at least 1", s.name);
        }
        s.tickers = s
            .tickers
            .iter()
            .map(|t| t.trim().to_uppercase())
            .filter(|t| !t.is_empty())
            .collect();
        match s.kind {
            Kind::Rss => {
                if s.url.is_none() {
                    bail!(
                        "source {}: kind = \"rss\" needs url = \"https://...\"",
                        s.name
                    );
                }
            }
            kind => {
                if s.api_key_env.is_none() {
                    bail!(
                        "source {}: kind = \"{}\" needs api_key_env = \"NAME_OF_THE_VARIABLE\"",
                        s.name,
                        kind.name()
                    );
                }
                if kind == Kind::Finnhub && s.tickers.is_empty() {
                    bail!(
                        "source {}: Finnhub's company news is asked per ticker; add tickers = [\"AAPL\", ...]",
                        s.name
                    );
                }
            }
        }
        s.endpoint()?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<SourceConfig>> {
        #[derive(Deserialize)]
        struct File {
            source: Vec<SourceConfig>,
        }
        let mut f: File = toml::from_str(text)?;
        validate(&mut f.source)?;
        Ok(f.source)
    }

    #[test]
    fn a_source_needs_what_its_kind_needs() {
        let ok = parse(
            "[[source]]\nname = \"av\"\nkind = \"alphavantage\"\ntickers = [\" aapl \"]\napi_key_env = \"K\"\n\
             [[source]]\nname = \"press\"\nkind = \"rss\"\nurl = \"https://example.com/rss.xml\"\n",
        )
        .unwrap();
        assert_eq!(ok[0].tickers, ["AAPL"]);
        assert_eq!(ok[0].budget(), 25);
        assert_eq!(ok[1].budget(), 3);

        let err = |text: &str| parse(text).unwrap_err().to_string();
        assert!(err("[[source]]\nname = \"r\"\nkind = \"rss\"\n").contains("needs url"));
        assert!(err("[[source]]\nname = \"a\"\nkind = \"polygon\"\n").contains("api_key_env"));
        assert!(err(
            "[[source]]\nname = \"a\"\nkind = \"polygon\"\napi_key_env = \"K\"\napi_key = \"x\"\n"
        )
        .contains("does not belong in the file"));
        assert!(
            err("[[source]]\nname = \"a/b\"\nkind = \"rss\"\nurl = \"https://x\"\n")
                .contains("letters")
        );
        assert!(err(
            "[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"https://x\"\n\
             [[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"https://y\"\n"
        )
        .contains("used twice"));
        assert!(
            err("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"ftp://x\"\n")
                .contains("not an http(s) URL")
        );
        assert!(err("[[source]]\nname = \"a\"\nkind = \"bloomberg\"\n").contains("unknown variant"));
        let pasted = err(
            "[[source]]\nname = \"a\"\nkind = \"polygon\"\napi_key_env = \"sk-live/SECRET+1\"\n",
        );
        assert!(
            pasted.contains("not hold the key") && !pasted.contains("SECRET"),
            "{pasted}"
        );
    }
}
