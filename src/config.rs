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
        let mut config: Config = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
        crate::fetch::source::validate(&mut config.sources)
            .and_then(|_| config.fetch.validate())
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
}
