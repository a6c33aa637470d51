//! `tickertone.toml`: defaults for the global options, so a cron line can stay short.
//!
//! ```toml
//! data = "/srv/news/data"          # --data
//! reports = "/srv/news/reports"    # --reports
//! symbols = "symbols.csv"          # --symbols
//! tz = "America/New_York"          # --tz
//! session_close = "16:00"          # --session-close
//! window_days = 90                 # report window when --from is not given
//! all_mentions = false             # true: count mentions an article is not about too
//!
//! [scorer]                         # score text with a transformer model (--model)
//! model = "models/finbert"         # a Hugging Face folder, or an id in its local cache
//! labels = ["positive", "negative", "neutral"]   # only for LABEL_0… models
//!
//! [fetch]                          # how politely sources are asked (all optional)
//! timeout_secs = 60
//!
//! [[source]]                       # a news source for `fetch` and `run` (see crate::fetch)
//! name = "av-megacaps"
//! kind = "alphavantage"
//! tickers = ["AAPL", "MSFT"]
//! api_key_env = "ALPHAVANTAGE_API_KEY"
//! ```
//!
//! Flags win over environment variables, which win over the file, which wins over the
//! built-in defaults. Relative paths in the file are relative to the file's folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::fetch::{FetchSettings, SourceConfig};

/// The file looked for in the working folder when `--config` is not given.
pub const DEFAULT_FILE: &str = "tickertone.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub data: Option<PathBuf>,
    pub reports: Option<PathBuf>,
    pub symbols: Option<PathBuf>,
    pub tz: Option<String>,
    pub session_close: Option<String>,
    pub window_days: Option<u32>,
    /// Count every recorded mention, not only those `about` their company.
    pub all_mentions: Option<bool>,
    /// Timeouts and retries for every source.
    #[serde(default)]
    pub fetch: FetchSettings,
    /// The `[[source]]` tables, in file order.
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceConfig>,
    /// `[scorer]`: the model that scores text without a score (`--model`).
    #[serde(default)]
    pub scorer: ScorerConfig,
    /// Only here to answer a key written into the file with the fix, never to use it.
    #[serde(default)]
    api_key: Option<toml::Value>,
    /// The ticker the study measures abnormal returns against (`benchmark = "SPY"`); its
    /// closes are fetched with the companies'.
    pub benchmark: Option<String>,
    /// The `[[prices]]` tables (daily closes), in file order.
    #[serde(default, rename = "prices")]
    pub price_sources: Vec<crate::fetch::prices::PriceSourceConfig>,
}

/// `[scorer]`: a transformer model for the text scores (see `crate::model`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorerConfig {
    /// A model folder (relative to the file when it is one there) or a model id of the
    /// local Hugging Face cache.
    pub model: Option<String>,
    /// The model's outputs in order, for a model whose `id2label` says `LABEL_0…`.
    pub labels: Option<Vec<String>>,
}

/// Words that make a TOML line's value a secret: its value is never quoted in an error.
const SECRET_WORDS: &[&str] = &[
    "key",
    "token",
    "secret",
    "pass",
    "pwd",
    "auth",
    "credential",
];

/// A TOML error without secrets: the quoted source line of an error on a line whose name
/// says key, token or password shows `***` for its value (and the value is taken out of
/// the message too), and any URL's userinfo (`http://user:pass@`) is `***`.
fn redact_toml_error(message: &str) -> String {
    let mut values: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for line in message.lines() {
        // The quoted source: "12 | name = value".
        let quoted = line.split_once(" | ").filter(|(number, _)| {
            let n = number.trim();
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        });
        match quoted {
            Some((number, source)) if names_a_secret(source) => {
                let (name, value) = source.split_once('=').unwrap_or((source, ""));
                let value = value.trim();
                if !value.is_empty() {
                    values.push(value.trim_matches(['"', '\'']).to_string());
                }
                lines.push(format!("{number} | {}= ***", name));
            }
            _ => lines.push(line.to_string()),
        }
    }
    let mut out = lines.join("\n");
    for value in values.iter().filter(|v| !v.is_empty()) {
        for quote in ['"', '\'', '`'] {
            out = out.replace(&format!("{quote}{value}{quote}"), "***");
        }
    }
    crate::fetch::secret::redact_userinfo(&out)
}

/// Whether a line of TOML names a secret (before its `=`, or anywhere when it has none).
fn names_a_secret(source: &str) -> bool {
    let name = source
        .split_once('=')
        .map_or(source, |(n, _)| n)
        .to_lowercase();
    SECRET_WORDS.iter().any(|w| name.contains(w))
}

impl Config {
    /// `explicit` (which must exist), else `./tickertone.toml` when present, else empty.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let message = redact_toml_error(e.to_string().trim_end());
            anyhow::anyhow!("{}: {message}", path.display())
        })?;
        if config.api_key.is_some() {
            anyhow::bail!(
                "{}: api_key does not belong in the file; put the key in an environment \
                 variable and name it in each [[source]] with api_key_env = \"...\"",
                path.display()
            );
        }
        crate::fetch::source::validate(&mut config.sources)
            .and_then(|_| config.fetch.validate())
            .and_then(|_| {
                let news = config.sources.iter().map(|s| s.name.clone()).collect();
                crate::fetch::prices::source::validate(&mut config.price_sources, &news)
            })
            .map_err(|e| anyhow::anyhow!("{}: {e:#}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new(""));
        for p in [&mut config.data, &mut config.reports, &mut config.symbols]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        // A model id (`ProsusAI/finbert`) is no path: only a folder beside the file is.
        if let Some(m) = config.scorer.model.as_mut() {
            let beside = base.join(&*m);
            if Path::new(m.as_str()).is_relative() && beside.is_dir() {
                *m = beside.to_string_lossy().into_owned();
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_file_and_typos_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(
            &file,
            "data = \"d\"\ntz = \"Europe/Paris\"\nwindow_days = 30\n",
        )
        .unwrap();
        let c = Config::load(Some(&file)).unwrap();
        assert_eq!(c.data, Some(dir.path().join("d")));
        assert_eq!(c.tz.as_deref(), Some("Europe/Paris"));
        assert_eq!(c.window_days, Some(30));
        std::fs::write(&file, "dat = \"d\"\n").unwrap();
        let err = Config::load(Some(&file)).unwrap_err().to_string();
        assert!(err.contains("t.toml") && err.contains("dat"), "{err}");
        std::fs::write(&file, "[[source]]\nname = \"r\"\nkind = \"rss\"\n").unwrap();
        let err = Config::load(Some(&file)).unwrap_err().to_string();
        assert!(err.contains("t.toml") && err.contains("needs url"), "{err}");
    }

    #[test]
    fn a_model_folder_is_relative_to_the_file_and_an_id_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("finbert")).unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(
            &file,
            "[scorer]\nmodel = \"finbert\"\nlabels = [\"negative\", \"positive\"]\n",
        )
        .unwrap();
        let c = Config::load(Some(&file)).unwrap();
        let folder = dir.path().join("finbert").to_string_lossy().into_owned();
        assert_eq!(c.scorer.model.as_deref(), Some(folder.as_str()));
        assert_eq!(c.scorer.labels.unwrap(), ["negative", "positive"]);
        std::fs::write(&file, "[scorer]\nmodel = \"ProsusAI/finbert\"\n").unwrap();
        let c = Config::load(Some(&file)).unwrap();
        assert_eq!(c.scorer.model.as_deref(), Some("ProsusAI/finbert"));
        std::fs::write(&file, "[scorer]\nmodle = \"x\"\n").unwrap();
        assert!(Config::load(Some(&file)).is_err());
    }

    #[test]
    fn errors_never_quote_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        let err = |text: &str| {
            std::fs::write(&file, text).unwrap();
            format!("{:#}", Config::load(Some(&file)).unwrap_err())
        };
        let e = err("data = \"d\"\napi_key = \"SUPERSECRET\"\n");
        assert!(
            e.contains("api_key_env") && !e.contains("SUPERSECRET"),
            "{e}"
        );
        let e = err("[[source]]\nname = \"a\"\nkind = \"polygon\"\napikey = \"SUPERSECRET\"\n");
        assert!(e.contains("apikey") && e.contains("line 4"), "{e}");
        assert!(!e.contains("SUPERSECRET"), "{e}");
        let e = err("[[source]]\nname = \"a\"\nkind = \"polygon\"\napi_key_env = \"SUPERSECRET\"\ntoken = 5\n");
        assert!(!e.contains("SUPERSECRET"), "{e}");
        let e = err("[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"http://u:hunter2@h/rss\"\nmax_requests_per_run = \"x\"\n");
        assert!(!e.contains("hunter2"), "{e}");
        let e = err(
            "[[source]]\nname = \"a\"\nkind = \"rss\"\nurl = \"http://u:hunter2@h:99999/rss\"\n",
        );
        assert!(!e.contains("hunter2"), "{e}");
    }
}
