use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::app::{Env, Status};
use crate::cmd::stdout;
use crate::fetch::prices::PriceSourceConfig;
use crate::fetch::state::SourceState;
use crate::fetch::{SourceConfig, OVERLAP_MINUTES};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone sources            # one paragraph per [[source]] and [[prices]] of tickertone.toml
  tickertone --json sources     # the same as JSON")]
pub struct Args {}

pub fn run(env: &Env, _args: Args) -> Result<Status> {
    if env.sources.is_empty() && env.price_sources.is_empty() {
        env.summary(
            "No news sources are configured: add [[source]] tables to tickertone.toml \
             (see the README, \"Fetching news\").",
        );
    }
    let data = env.read_data(|_| Vec::new(), &["fetch"])?;
    let state = |name: &str| SourceState::load(&SourceState::path(data.path(), name));
    let rows: Vec<_> = env.sources.iter().map(|s| (s, state(&s.name))).collect();
    let price_rows: Vec<_> = env
        .price_sources
        .iter()
        .map(|s| (s, state(&s.name)))
        .collect();
    if env.json {
        let list: Vec<_> = rows.iter().map(|(s, state)| as_json(s, state)).collect();
        let prices: Vec<_> = price_rows
            .iter()
            .map(|(s, state)| price_as_json(s, state))
            .collect();
        env.json_summary(json!({
            "command": "sources",
            "sources": list,
            "prices": prices,
            "exit_status": 0,
        }));
    } else {
        let mut out = stdout::out();
        for (source, state) in &rows {
            writeln!(out, "{}", describe(source, state))?;
        }
        for (source, state) in &price_rows {
            writeln!(out, "{}", describe_prices(source, state))?;
        }
        out.finish()?;
    }
    Ok(Status::Ok)
}

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "never".into())
}

fn key_state(api_key_env: &Option<String>) -> String {
    match api_key_env {
        None => String::new(),
        Some(var) => {
            let set = std::env::var(var).is_ok_and(|v| !v.trim().is_empty());
            format!(
                ", key from ${var} ({})",
                if set { "set" } else { "NOT SET" }
            )
        }
    }
}

/// The first line of a source's paragraph: name, kind, tickers, key and budget.
fn head(
    name: &str,
    kind: &str,
    tickers: &[String],
    no_tickers: &str,
    key_env: &Option<String>,
    budget: u32,
) -> String {
    let tickers = if tickers.is_empty() {
        no_tickers.to_string()
    } else {
        format!(", {}", tickers.join(" "))
    };
    format!(
        "{name} ({kind}{tickers}{}, {budget} requests a run)",
        key_state(key_env)
    )
}

/// The state and the paragraph so far with its last fetch, or the whole paragraph when
/// the state cannot be read or the source was never fetched.
fn last_fetch<'a>(
    head: String,
    state: &'a Result<SourceState>,
    never: &str,
) -> Result<(&'a SourceState, String), String> {
    let state = state
        .as_ref()
        .map_err(|e| format!("{head}\n  state: {e:#}"))?;
    let Some(attempt) = state.last_attempt else {
        return Err(format!("{head}\n  {never}"));
    };
    let result = match &state.last_error {
        None => "ok".to_string(),
        Some(e) => format!("FAILED: {e}"),
    };
    Ok((
        state,
        format!("{head}\n  last fetch {}: {result}", when(Some(attempt))),
    ))
}

fn describe(source: &SourceConfig, state: &Result<SourceState>) -> String {
    let head = head(
        &source.name,
        source.kind.name(),
        &source.tickers,
        "",
        &source.api_key_env,
        source.budget(),
    );
    let never = "never fetched: the first fetch asks for the last 7 days";
    let (state, text) = match last_fetch(head, state, never) {
        Ok(fetched) => fetched,
        Err(paragraph) => return paragraph,
    };
    let next = state
        .oldest_since(&stream_keys(source))
        .map(|s| {
            format!(
                "from {}",
                when(Some(s - Duration::minutes(OVERLAP_MINUTES)))
            )
        })
        .unwrap_or_else(|| "for the last 7 days".into());
    format!(
        "{text}\n  {} articles then, {} in all; last success {}; the next fetch asks {next}",
        state.articles_last,
        state.articles_total,
        when(state.last_success),
    )
}

fn stream_keys(source: &SourceConfig) -> Vec<String> {
    source.streams().iter().map(|s| s.key()).collect()
}

/// The fields every source's JSON has, and its state's common ones (`None` for the state
/// itself when it could be read, so the caller adds what its kind counts).
fn base_json(
    config: serde_json::Value,
    state: &Result<SourceState>,
) -> (serde_json::Value, Option<&SourceState>) {
    let mut v = config;
    match state {
        Ok(s) => {
            v["last_attempt"] = json!(s.last_attempt);
            v["last_success"] = json!(s.last_success);
            v["last_error"] = json!(s.last_error);
            (v, Some(s))
        }
        Err(e) => {
            v["state_error"] = json!(format!("{e:#}"));
            (v, None)
        }
    }
}

fn as_json(source: &SourceConfig, state: &Result<SourceState>) -> serde_json::Value {
    let config = json!({
        "name": source.name,
        "kind": source.kind,
        "tickers": source.tickers,
        "api_key_env": source.api_key_env,
        "max_requests_per_run": source.budget(),
    });
    let (mut v, state) = base_json(config, state);
    if let Some(s) = state {
        v["articles_last"] = json!(s.articles_last);
        v["articles_total"] = json!(s.articles_total);
        v["since"] = json!(s.oldest_since(&stream_keys(source)));
    }
    v
}

/// A `[[prices]]` source: its closes are asked per ticker, each from the day after its last
/// fetch (see `fetch::prices`).
fn describe_prices(source: &PriceSourceConfig, state: &Result<SourceState>) -> String {
    let head = head(
        &source.name,
        &format!("prices: {}", source.kind.name()),
        &source.tickers,
        ", the companies with news and the benchmark",
        &source.api_key_env,
        source.budget(),
    );
    let (state, text) = match last_fetch(head, state, "never fetched") {
        Ok(fetched) => fetched,
        Err(paragraph) => return paragraph,
    };
    format!(
        "{text}\n  {} closes then, {} in all, for {} tickers; last success {}",
        state.articles_last,
        state.articles_total,
        state.streams.len(),
        when(state.last_success),
    )
}

fn price_as_json(source: &PriceSourceConfig, state: &Result<SourceState>) -> serde_json::Value {
    let config = json!({
        "name": source.name,
        "kind": source.kind.name(),
        "tickers": source.tickers,
        "api_key_env": source.api_key_env,
        "max_requests_per_run": source.budget(),
    });
    let (mut v, state) = base_json(config, state);
    if let Some(s) = state {
        v["closes_last"] = json!(s.articles_last);
        v["closes_total"] = json!(s.articles_total);
        v["tickers_fetched"] = json!(s.streams.keys().collect::<Vec<_>>());
    }
    v
}
