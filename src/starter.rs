//! The commented `tickertone.toml` that `tickertone init` writes for a watchlist: the data
//! and reports folders beside it, the keyless sources on (Yahoo, Nasdaq, Seeking Alpha,
//! Google News; SEC EDGAR too when a `User-Agent` is given), every keyed source present
//! but commented out, each with the line to change.

use std::fmt::Write;

/// The watchlist when `init` is given none: an example to edit.
pub const EXAMPLE_TICKERS: &[&str] = &["AAPL", "MSFT", "NVDA"];

/// The keyless feeds, each asked once per ticker: (kind, what it is).
const FEEDS: &[(&str, &str)] = &[
    (
        "yahoo",
        "Yahoo Finance's headlines per ticker (feeds.finance.yahoo.com/rss/2.0/headline?s=…)",
    ),
    ("nasdaq", "Nasdaq's news per symbol (nasdaq.com/feed/rssoutbound?symbol=…)"),
    (
        "seekingalpha",
        "Seeking Alpha's news and analysis per symbol (headlines only)",
    ),
    (
        "googlenews",
        "a Google News search per company: query = \"{name} stock\" ({name}: its name in the symbol table)",
    ),
];

/// The sources with an API key: (kind, the key's variable, what the free tier allows).
const KEYED: &[(&str, &str, &str)] = &[
    (
        "alphavantage",
        "ALPHAVANTAGE_API_KEY",
        "25 requests a day, one per ticker",
    ),
    ("polygon", "POLYGON_API_KEY", "5 requests a minute"),
    ("finnhub", "FINNHUB_API_KEY", "60 requests a minute"),
    (
        "marketaux",
        "MARKETAUX_API_KEY",
        "100 requests a day, all tickers at once",
    ),
    (
        "newsapi",
        "NEWSAPI_API_KEY",
        "100 requests a day; q = the company's name",
    ),
    ("tiingo", "TIINGO_API_KEY", "all tickers at once"),
    ("eodhd", "EODHD_API_KEY", "20 calls a day, 5 a news request"),
];

/// The file's text for `tickers` (normalised), EDGAR on when `user_agent` is given.
pub fn starter_config(tickers: &[String], user_agent: Option<&str>) -> String {
    let list = format!(
        "[{}]",
        tickers
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# tickertone.toml, written by `tickertone init` for the watchlist {}.\n\
         # The README's \"Fetching news\" explains every setting. Paths are relative to this\n\
         # file; the command line's --data, --reports and --tz win over them.\n\
         \n\
         data = \"data\"            # the store, the inbox (data/inbox/<source>/), the fetch state\n\
         reports = \"reports\"      # one folder per report: reports/<its last date>/\n\
         # tz = \"America/New_York\"  # the zone that dates the news (default UTC)\n\
         # window_days = 90         # the days a report covers\n\
         \n\
         # How politely every source is asked (the defaults).\n\
         # [fetch]\n\
         # timeout_secs = 60\n\
         # retries = 2\n\
         \n\
         # ---- Keyless sources: on. Each is asked once per ticker, from its last fetch on. ----",
        tickers.join(", ")
    );
    for (kind, what) in FEEDS {
        let _ = writeln!(
            out,
            "\n# {what}\n[[source]]\nname = \"{kind}\"\nkind = \"{kind}\"\ntickers = {list}"
        );
    }
    let _ = writeln!(
        out,
        "\n# SEC EDGAR: each company's filings, 8-K current reports by default (forms = [\"8-K\",\n\
         # \"10-Q\", \"10-K\"] for more). SEC asks who is asking: a name and an email."
    );
    let edgar = format!(
        "[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = {list}\nforms = [\"8-K\"]\n\
         user_agent = {}",
        quoted(user_agent.unwrap_or("Your Name you@example.com"))
    );
    match user_agent {
        Some(_) => {
            let _ = writeln!(out, "{edgar}");
        }
        None => {
            let _ = writeln!(
                out,
                "# Put your name and email in user_agent, then remove the # marks.\n{}",
                commented(&edgar)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n# ---- Sources with an API key: off. Export the key in the variable named by\n\
         # api_key_env (keys never go in this file), then remove the # marks. ----"
    );
    for (kind, var, limit) in KEYED {
        let _ = writeln!(
            out,
            "\n# {kind}: {limit}\n{}",
            commented(&format!(
                "[[source]]\nname = \"{kind}\"\nkind = \"{kind}\"\ntickers = {list}\n\
                 api_key_env = \"{var}\""
            ))
        );
    }
    out
}

/// `text` as a TOML basic string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn commented(text: &str) -> String {
    text.lines()
        .map(|l| format!("# {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn load(text: &str) -> anyhow::Result<Config> {
        let dir = tempfile::tempdir()?;
        let file = dir.path().join("tickertone.toml");
        std::fs::write(&file, text)?;
        Config::load(Some(&file))
    }

    #[test]
    fn the_starter_loads_with_the_keyless_sources_on() {
        let tickers = vec!["AAPL".to_string(), "MSFT".to_string()];
        let config = load(&starter_config(&tickers, None)).unwrap();
        let kinds: Vec<&str> = config.sources.iter().map(|s| s.kind.name()).collect();
        assert_eq!(kinds, ["yahoo", "nasdaq", "seekingalpha", "googlenews"]);
        assert!(config.sources.iter().all(|s| s.tickers == tickers));
        assert!(config.data.unwrap().ends_with("data"));

        let with_sec = load(&starter_config(&tickers, Some("Jo Doe jo@example.com"))).unwrap();
        let sec = with_sec.sources.iter().find(|s| s.name == "sec").unwrap();
        assert_eq!(sec.user_agent.as_deref(), Some("Jo Doe jo@example.com"));
    }

    #[test]
    fn every_commented_source_is_valid_once_uncommented() {
        let text = starter_config(&["AAPL".to_string()], None);
        let uncommented: String = text
            .lines()
            .map(|l| {
                let bare = l.strip_prefix("# ").unwrap_or(l);
                let setting = bare.starts_with("[[source]]")
                    || [
                        "name",
                        "kind",
                        "tickers",
                        "forms",
                        "user_agent",
                        "api_key_env",
                    ]
                    .iter()
                    .any(|k| bare.starts_with(&format!("{k} =")));
                if setting {
                    bare.to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let config = load(&uncommented).unwrap();
        assert_eq!(config.sources.len(), 4 + 1 + KEYED.len());
    }
}
