//! A source of daily closes as `tickertone.toml` declares it (`[[prices]]`): keys,
//! budgets and endpoints handled as for the news sources (`[[source]]`).

use std::collections::HashSet;

use anyhow::{bail, Result};
use reqwest::Url;
use serde::{Deserialize, Serialize};

/// The price APIs tickertone knows how to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceKind {
    /// Stooq's daily CSV download: keyless.
    Stooq,
    /// Alpha Vantage `TIME_SERIES_DAILY`.
    Alphavantage,
    /// Polygon's daily aggregates (`/v2/aggs/.../range/1/day/...`).
    Polygon,
    /// Tiingo's end-of-day prices (`/tiingo/daily/<ticker>/prices`).
    Tiingo,
}

impl PriceKind {
    pub fn name(self) -> &'static str {
        match self {
            PriceKind::Stooq => "stooq",
            PriceKind::Alphavantage => "alphavantage",
            PriceKind::Polygon => "polygon",
            PriceKind::Tiingo => "tiingo",
        }
    }

    fn default_base_url(self) -> &'static str {
        match self {
            PriceKind::Stooq => "https://stooq.com",
            PriceKind::Alphavantage => "https://www.alphavantage.co",
            PriceKind::Polygon => "https://api.polygon.io",
            PriceKind::Tiingo => "https://api.tiingo.com",
        }
    }

    /// Requests per run by default: one per ticker within each free tier.
    pub fn default_budget(self) -> u32 {
        match self {
            PriceKind::Stooq => 100,       // no published limit: be modest
            PriceKind::Alphavantage => 25, // 25 requests a day
            PriceKind::Polygon => 5,       // 5 requests a minute
            PriceKind::Tiingo => 50,       // 50 requests an hour
        }
    }

    pub fn needs_key(self) -> bool {
        self != PriceKind::Stooq
    }

    /// The saved response's extension.
    pub fn extension(self) -> &'static str {
        match self {
            PriceKind::Stooq => "csv",
            _ => "json",
        }
    }
}

/// One `[[prices]]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceSourceConfig {
    /// Unique among all sources (news and prices): names the state file and the summary.
    pub name: String,
    pub kind: PriceKind,
    /// Only these tickers (and the benchmark); by default the symbols of the companies
    /// with news in the report's window.
    #[serde(default)]
    pub tickers: Vec<String>,
    pub api_key_env: Option<String>,
    pub base_url: Option<String>,
    pub max_requests_per_run: Option<u32>,
    /// Stooq: the market suffix of a ticker (default ".us": `aapl.us`).
    pub suffix: Option<String>,
    /// Alpha Vantage: "compact" (the latest 100 days, the default) or "full".
    pub outputsize: Option<String>,
    /// Only here to answer a key written into the file with the fix.
    #[serde(default)]
    api_key: Option<toml::Value>,
}

impl PriceSourceConfig {
    pub fn budget(&self) -> u32 {
        self.max_requests_per_run
            .unwrap_or_else(|| self.kind.default_budget())
    }

    pub fn endpoint(&self) -> Result<Url> {
        let text = self
            .base_url
            .as_deref()
            .unwrap_or(self.kind.default_base_url());
        let url = Url::parse(text.trim()).map_err(|e| {
            anyhow::anyhow!(
                "prices {}: '{text}' is not a URL ({e}); write it as https://host/path",
                self.name
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            bail!(
                "prices {}: '{text}' is not an http(s) URL; write it as https://host/path",
                self.name
            );
        }
        Ok(url)
    }

    /// The API key from the environment; `None` for Stooq.
    pub fn api_key(&self) -> Result<Option<String>> {
        if !self.kind.needs_key() {
            return Ok(None);
        }
        let Some(var) = &self.api_key_env else {
            bail!(
                "prices {}: no api_key_env; name the environment variable that holds its key",
                self.name
            );
        };
        match std::env::var(var) {
            Ok(key) if !key.trim().is_empty() => Ok(Some(key.trim().to_string())),
            _ => bail!(
                "prices {}: the environment variable {var} is not set; export {var}=<your {} key>",
                self.name,
                self.kind.name()
            ),
        }
    }
}

/// Checks the `[[prices]]` tables; `taken` holds the news sources' names (names share
/// `<data>/fetch/`).
pub fn validate(sources: &mut [PriceSourceConfig], taken: &HashSet<String>) -> Result<()> {
    let mut names = taken.clone();
    for s in sources.iter_mut() {
        let name_ok = !s.name.is_empty()
            && s.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !s.name.starts_with('.');
        if !name_ok {
            bail!(
                "prices name '{}': use letters, digits, '-', '_' or '.' (it names a file)",
                s.name
            );
        }
        if !names.insert(s.name.clone()) {
            bail!(
                "prices name '{}' is used twice (news and price sources share names); names must be unique",
                s.name
            );
        }
        if s.api_key.is_some() {
            bail!(
                "prices {}: api_key does not belong in the file; put the key in an environment \
                 variable and name it with api_key_env = \"...\"",
                s.name
            );
        }
        if s.max_requests_per_run == Some(0) {
            bail!("prices {}: max_requests_per_run must be at least 1", s.name);
        }
        if s.kind.needs_key() && s.api_key_env.is_none() {
            bail!(
                "prices {}: kind = \"{}\" needs api_key_env = \"NAME_OF_THE_VARIABLE\"",
                s.name,
                s.kind.name()
            );
        }
        if let Some(size) = &s.outputsize {
            if !matches!(size.as_str(), "compact" | "full") {
                bail!(
                    "prices {}: outputsize = \"{size}\": use \"compact\" or \"full\"",
                    s.name
                );
            }
        }
        s.tickers = s
            .tickers
            .iter()
            .map(|t| t.trim().to_uppercase())
            .filter(|t| !t.is_empty())
            .collect();
        s.endpoint()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<PriceSourceConfig>> {
        #[derive(Deserialize)]
        struct File {
            prices: Vec<PriceSourceConfig>,
        }
        let mut f: File = toml::from_str(text)?;
        validate(&mut f.prices, &HashSet::from(["news".to_string()]))?;
        Ok(f.prices)
    }

    #[test]
    fn a_price_source_needs_what_its_kind_needs() {
        let ok = parse(
            "[[prices]]\nname = \"stooq\"\nkind = \"stooq\"\n\
             [[prices]]\nname = \"av\"\nkind = \"alphavantage\"\napi_key_env = \"K\"\ntickers = [\" spy \"]\n",
        )
        .unwrap();
        assert_eq!(ok[0].budget(), 100);
        assert_eq!(ok[1].tickers, ["SPY"]);
        let err = |text: &str| parse(text).unwrap_err().to_string();
        assert!(err("[[prices]]\nname = \"p\"\nkind = \"polygon\"\n").contains("api_key_env"));
        assert!(err("[[prices]]\nname = \"news\"\nkind = \"stooq\"\n").contains("used twice"));
        assert!(err(
            "[[prices]]\nname = \"t\"\nkind = \"tiingo\"\napi_key_env = \"K\"\napi_key = \"x\"\n"
        )
        .contains("does not belong"));
        assert!(err("[[prices]]\nname = \"s\"\nkind = \"yahoo\"\n").contains("unknown variant"));
        assert!(err(
            "[[prices]]\nname = \"a\"\nkind = \"alphavantage\"\napi_key_env = \"K\"\noutputsize = \"all\"\n"
        )
        .contains("compact"));
    }
}
