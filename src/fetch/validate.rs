//! The checks of the `[[source]]` tables when the config is loaded: what can be checked
//! without the network, so a typo is a usage error at once and names its source and fix.

use std::collections::HashSet;

use anyhow::{bail, Result};
use tickertone_text::matcher::normalize_ticker;

use super::kind::Kind;
use super::source::{SourceConfig, Target};
use super::template::unknown_placeholder;

/// Checks every source, and normalises its tickers and forms.
pub fn validate(sources: &mut [SourceConfig]) -> Result<()> {
    let mut names = HashSet::new();
    for s in sources.iter_mut() {
        check_name(&s.name)?;
        if !names.insert(s.name.clone()) {
            bail!(
                "source name '{}' is used twice; names must be unique",
                s.name
            );
        }
        check_key(s)?;
        if s.max_requests_per_run == Some(0) {
            bail!("source {}: max_requests_per_run must be at least 1", s.name);
        }
        s.tickers = tickers(s)?;
        check_user_agent(s)?;
        check_forms(s)?;
        check_kind(s)?;
    }
    Ok(())
}

fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.');
    if !ok {
        bail!("source name '{name}': use letters, digits, '-', '_' or '.' (it names a folder)");
    }
    Ok(())
}

fn check_key(s: &SourceConfig) -> Result<()> {
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
    if s.kind.needs_key() && s.api_key_env.is_none() {
        bail!(
            "source {}: kind = \"{}\" needs api_key_env = \"NAME_OF_THE_VARIABLE\"",
            s.name,
            s.kind.name()
        );
    }
    Ok(())
}

/// The tickers, normalised as every reader normalises them (a ticker names a folder of
/// the inbox for feeds), each once.
fn tickers(s: &SourceConfig) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for raw in &s.tickers {
        match normalize_ticker(raw) {
            Ok(Some(t)) if !out.contains(&t) => out.push(t),
            Ok(_) => {}
            Err(why) => bail!("source {}: tickers: {why}", s.name),
        }
    }
    Ok(out)
}

fn check_user_agent(s: &SourceConfig) -> Result<()> {
    match s.user_agent.as_deref().map(str::trim) {
        None | Some("") if s.kind.needs_user_agent() => bail!(
            "source {}: SEC EDGAR refuses requests that do not say who sends them; add \
             user_agent = \"Your Name you@example.com\" (a name and an email, see \
             https://www.sec.gov/os/accessing-edgar-data)",
            s.name
        ),
        Some(ua) if s.kind.needs_user_agent() && !ua.contains('@') => bail!(
            "source {}: user_agent = \"{ua}\" has no email; SEC asks for a name and an \
             email, such as user_agent = \"Your Name you@example.com\"",
            s.name
        ),
        Some(ua) if ua.chars().any(char::is_control) || ua.len() > 200 => bail!(
            "source {}: user_agent must be one line of at most 200 characters",
            s.name
        ),
        _ => Ok(()),
    }
}

fn check_forms(s: &mut SourceConfig) -> Result<()> {
    let Some(forms) = s.forms.as_mut() else {
        return Ok(());
    };
    if s.kind != Kind::Edgar {
        bail!(
            "source {}: forms is for kind = \"edgar\" only; remove it",
            s.name
        );
    }
    let mut seen = Vec::new();
    for form in forms.iter() {
        let form = form.trim().to_uppercase();
        let ok = !form.is_empty()
            && form.len() <= 20
            && form
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | ' '));
        if !ok {
            bail!(
                "source {}: forms: '{form}' is not an SEC form type (such as 8-K, 10-Q, 10-K, \
                 6-K, S-1)",
                s.name
            );
        }
        if !seen.contains(&form) {
            seen.push(form);
        }
    }
    if seen.is_empty() {
        bail!(
            "source {}: forms is empty; name at least one, such as forms = [\"8-K\"]",
            s.name
        );
    }
    *forms = seen;
    Ok(())
}

/// What the kind needs: tickers, a URL, a query that is used.
fn check_kind(s: &SourceConfig) -> Result<()> {
    if s.query.is_some() && !s.kind.takes_query() {
        bail!(
            "source {}: query is for searches (kind = \"newsapi\", \"googlenews\", or an \
             \"rss\" url with {{query}}); remove it",
            s.name
        );
    }
    if let Some(q) = &s.query {
        if let Some(unknown) = unknown_placeholder(q).filter(|p| p != "{query}") {
            bail!(
                "source {}: query: '{unknown}' is not a placeholder; a query may hold {{ticker}} \
                 and {{name}}",
                s.name
            );
        }
    }
    if s.kind.is_feed() && s.url.is_some() && s.base_url.is_some() {
        bail!(
            "source {}: give url (the whole feed address) or base_url (another host for \
             the preset's address), not both",
            s.name
        );
    }
    if !s.kind.is_feed() && s.url.is_some() {
        bail!(
            "source {}: url is for feeds; kind = \"{}\" takes base_url (its API root)",
            s.name,
            s.kind.name()
        );
    }
    match s.target()? {
        Target::Feed(template) => {
            if template.per_ticker() && s.tickers.is_empty() {
                bail!(
                    "source {}: the feed's url has {{ticker}}, {{name}} or {{query}}: add \
                     tickers = [\"AAPL\", ...], asked once each",
                    s.name
                );
            }
            if !template.per_ticker() && !s.tickers.is_empty() {
                bail!(
                    "source {}: tickers are given but the url is the same for all of them; \
                     put {{ticker}} (or {{query}}) in the url where the ticker goes, or \
                     remove tickers (the companies are then found in the text)",
                    s.name
                );
            }
            if s.query.is_some() && !template.has_query() {
                bail!(
                    "source {}: query is set but the url has no {{query}}; put {{query}} in \
                     the url where the search goes",
                    s.name
                );
            }
        }
        Target::Root(_) => {
            let needs_tickers = match s.kind {
                Kind::Finnhub => Some("Finnhub's company news is asked per ticker"),
                Kind::Eodhd => Some("EODHD's news is asked per ticker"),
                Kind::Edgar => Some("EDGAR's filings are asked per company"),
                Kind::Newsapi if s.query.as_deref().is_none_or(asks_per_ticker) => {
                    Some("NewsAPI is asked per ticker (or set a query without {ticker} and {name})")
                }
                _ => None,
            };
            if let Some(why) = needs_tickers.filter(|_| s.tickers.is_empty()) {
                bail!("source {}: {why}; add tickers = [\"AAPL\", ...]", s.name);
            }
        }
    }
    Ok(())
}

/// Whether a query changes with the ticker.
fn asks_per_ticker(query: &str) -> bool {
    query.contains("{ticker}") || query.contains("{name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn parse(text: &str) -> Result<Vec<SourceConfig>> {
        #[derive(Deserialize)]
        struct File {
            source: Vec<SourceConfig>,
        }
        let mut f: File = toml::from_str(text)?;
        validate(&mut f.source)?;
        Ok(f.source)
    }

    fn err(text: &str) -> String {
        format!("{:#}", parse(text).unwrap_err())
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

    #[test]
    fn a_feed_template_asks_once_per_ticker() {
        let s = parse(
            "[[source]]\nname = \"y\"\nkind = \"rss\"\ntickers = [\"aapl\", \"msft\", \"AAPL\"]\n\
             url = \"https://feeds.example/headline?s={ticker}\"\n",
        )
        .unwrap();
        let keys: Vec<String> = s[0].streams().iter().map(|s| s.key()).collect();
        assert_eq!(keys, ["AAPL", "MSFT"]);
        assert_eq!(s[0].budget(), 6);

        let e = err("[[source]]\nname = \"y\"\nkind = \"rss\"\nurl = \"https://x/?s={ticker}\"\n");
        assert!(e.contains("add tickers"), "{e}");
        let e = err("[[source]]\nname = \"y\"\nkind = \"rss\"\ntickers = [\"AAPL\"]\nurl = \"https://x/rss\"\n");
        assert!(e.contains("put {ticker}"), "{e}");
        let e = err("[[source]]\nname = \"y\"\nkind = \"rss\"\ntickers = [\"AAPL\"]\nurl = \"https://x/?s={tickr}\"\n");
        assert!(e.contains("'{tickr}' is not a placeholder"), "{e}");
        let e = err("[[source]]\nname = \"y\"\nkind = \"rss\"\ntickers = [\"AAPL\"]\nurl = \"https://x/?s={ticker}\"\nquery = \"{name}\"\n");
        assert!(e.contains("no {query}"), "{e}");
        let e = err("[[source]]\nname = \"y\"\nkind = \"yahoo\"\ntickers = [\"A B\"]\n");
        assert!(e.contains("tickers:") && e.contains("white space"), "{e}");
    }

    #[test]
    fn presets_fill_in_their_url_and_take_a_base_url() {
        let s = parse(
            "[[source]]\nname = \"y\"\nkind = \"yahoo\"\ntickers = [\"AAPL\"]\n\
             [[source]]\nname = \"g\"\nkind = \"googlenews\"\ntickers = [\"AAPL\"]\nbase_url = \"http://127.0.0.1:9\"\n",
        )
        .unwrap();
        let Target::Feed(yahoo) = s[0].target().unwrap() else {
            panic!("a feed")
        };
        assert!(yahoo
            .as_str()
            .starts_with("https://feeds.finance.yahoo.com/rss/2.0/headline?s={ticker}"));
        let Target::Feed(google) = s[1].target().unwrap() else {
            panic!("a feed")
        };
        assert!(google
            .as_str()
            .starts_with("http://127.0.0.1:9/rss/search?q={query}"));
        assert_eq!(s[1].query(), "{name} stock");
        let e = err("[[source]]\nname = \"y\"\nkind = \"nasdaq\"\n");
        assert!(e.contains("add tickers"), "{e}");
        let e = err("[[source]]\nname = \"y\"\nkind = \"yahoo\"\ntickers = [\"A\"]\nurl = \"https://x/{ticker}\"\nbase_url = \"https://y\"\n");
        assert!(e.contains("not both"), "{e}");
        let e = err(
            "[[source]]\nname = \"p\"\nkind = \"polygon\"\napi_key_env = \"K\"\nquery = \"x\"\n",
        );
        assert!(e.contains("query is for searches"), "{e}");
    }

    #[test]
    fn edgar_needs_a_user_agent_and_asks_per_ticker_and_form() {
        let e = err("[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"AAPL\"]\n");
        assert!(
            e.contains("user_agent = \"Your Name you@example.com\""),
            "{e}"
        );
        let e = err("[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"AAPL\"]\nuser_agent = \"me\"\n");
        assert!(e.contains("has no email"), "{e}");
        let s = parse(
            "[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"AAPL\", \"MSFT\"]\n\
             user_agent = \"Jo Doe jo@example.com\"\nforms = [\"8-k\", \"10-Q\"]\n",
        )
        .unwrap();
        let keys: Vec<String> = s[0].streams().iter().map(|s| s.key()).collect();
        assert_eq!(keys, ["AAPL 8-K", "AAPL 10-Q", "MSFT 8-K", "MSFT 10-Q"]);
        let one = parse("[[source]]\nname = \"sec\"\nkind = \"edgar\"\ntickers = [\"AAPL\"]\nuser_agent = \"a@b\"\n").unwrap();
        assert_eq!(one[0].forms(), ["8-K"]);
        let e = err(
            "[[source]]\nname = \"y\"\nkind = \"yahoo\"\ntickers = [\"A\"]\nforms = [\"8-K\"]\n",
        );
        assert!(e.contains("forms is for kind = \"edgar\""), "{e}");
        let e = err("[[source]]\nname = \"y\"\nkind = \"yahoo\"\ntickers = [\"A\"]\nuser_agent = \"a\\nb\"\n");
        assert!(e.contains("one line"), "{e}");
    }

    #[test]
    fn the_keyed_kinds_ask_as_their_apis_take_tickers() {
        let s = parse(
            "[[source]]\nname = \"t\"\nkind = \"tiingo\"\napi_key_env = \"K\"\ntickers = [\"AAPL\", \"MSFT\"]\n\
             [[source]]\nname = \"n\"\nkind = \"newsapi\"\napi_key_env = \"K\"\ntickers = [\"AAPL\", \"MSFT\"]\n\
             [[source]]\nname = \"m\"\nkind = \"newsapi\"\napi_key_env = \"K\"\nquery = \"semiconductors\"\n",
        )
        .unwrap();
        assert_eq!(s[0].streams().len(), 1, "tiingo takes a list");
        assert_eq!(s[1].streams().len(), 2, "newsapi asks per ticker");
        assert_eq!(s[2].streams()[0].key(), "all");
        let e = err("[[source]]\nname = \"n\"\nkind = \"newsapi\"\napi_key_env = \"K\"\n");
        assert!(e.contains("add tickers"), "{e}");
        let e = err("[[source]]\nname = \"e\"\nkind = \"eodhd\"\napi_key_env = \"K\"\n");
        assert!(e.contains("EODHD"), "{e}");
        let e = err("[[source]]\nname = \"e\"\nkind = \"eodhd\"\napi_key_env = \"K\"\ntickers = [\"A\"]\nurl = \"https://x\"\n");
        assert!(e.contains("url is for feeds"), "{e}");
    }
}
