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
    let rows: Vec<(&SourceConfig, Result<SourceState>)> = env
        .sources
        .iter()
        .map(|s| {
            (
                s,
                SourceState::load(&SourceState::path(data.path(), &s.name)),
            )
        })
        .collect();
    let price_rows: Vec<(&PriceSourceConfig, Result<SourceState>)> = env
        .price_sources
        .iter()
        .map(|s| {
            (
                s,
                SourceState::load(&SourceState::path(data.path(), &s.name)),
            )
        })
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

fn describe(source: &SourceConfig, state: &Result<SourceState>) -> String {
    let tickers = if source.tickers.is_empty() {
        String::new()
    } else {
        format!(", {}", source.tickers.join(" "))
    };
    let head = format!(
        "{} ({}{tickers}{}, {} requests a run)",
        source.name,
        source.kind.name(),
        key_state(&source.api_key_env),
        source.budget()
    );
    let state = match state {
        Ok(s) => s,
        Err(e) => return format!("{head}\n  state: {e:#}"),
    };
    let Some(attempt) = state.last_attempt else {
        return format!("{head}\n  never fetched: the first fetch asks for the last 7 days");
    };
    let result = match &state.last_error {
        None => "ok".to_string(),
        Some(e) => format!("FAILED: {e}"),
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
        "{head}\n  last fetch {}: {result}\n  {} articles then, {} in all; last success {}; \
         the next fetch asks {next}",
        when(Some(attempt)),
        state.articles_last,
        state.articles_total,
        when(state.last_success),
    )
}

fn stream_keys(source: &SourceConfig) -> Vec<String> {
    source.streams().iter().map(|s| s.key()).collect()
}

fn as_json(source: &SourceConfig, state: &Result<SourceState>) -> serde_json::Value {
    let mut v = json!({
        "name": source.name,
        "kind": source.kind,
        "tickers": source.tickers,
        "api_key_env": source.api_key_env,
        "max_requests_per_run": source.budget(),
    });
    match state {
        Ok(s) => {
            v["last_attempt"] = json!(s.last_attempt);
            v["last_success"] = json!(s.last_success);
            v["last_error"] = json!(s.last_error);
            v["articles_last"] = json!(s.articles_last);
            v["articles_total"] = json!(s.articles_total);
            v["since"] = json!(s.oldest_since(&stream_keys(source)));
        }
        Err(e) => v["state_error"] = json!(format!("{e:#}")),
    }
    v
}

/// A `[[prices]]` source: its closes are asked per ticker, each from the day after its last
/// fetch (see `fetch::prices`).
fn describe_prices(source: &PriceSourceConfig, state: &Result<SourceState>) -> String {
    let tickers = if source.tickers.is_empty() {
        ", the companies with news and the benchmark".to_string()
    } else {
        format!(", {}", source.tickers.join(" "))
    };
    let head = format!(
        "{} (prices: {}{tickers}{}, {} requests a run)",
        source.name,
        source.kind.name(),
        key_state(&source.api_key_env),
        source.budget()
    );
    let state = match state {
        Ok(s) => s,
        Err(e) => return format!("{head}\n  state: {e:#}"),
    };
    let Some(attempt) = state.last_attempt else {
        return format!("{head}\n  never fetched");
    };
    let result = match &state.last_error {
        None => "ok".to_string(),
        Some(e) => format!("FAILED: {e}"),
    };
    format!(
        "{head}\n  last fetch {}: {result}\n  {} closes then, {} in all, for {} tickers; \
         last success {}",
        when(Some(attempt)),
        state.articles_last,
        state.articles_total,
        state.streams.len(),
        when(state.last_success),
    )
}

fn price_as_json(source: &PriceSourceConfig, state: &Result<SourceState>) -> serde_json::Value {
    let mut v = json!({
        "name": source.name,
        "kind": source.kind.name(),
        "tickers": source.tickers,
        "api_key_env": source.api_key_env,
        "max_requests_per_run": source.budget(),
    });
    match state {
        Ok(s) => {
            v["last_attempt"] = json!(s.last_attempt);
            v["last_success"] = json!(s.last_success);
            v["last_error"] = json!(s.last_error);
            v["closes_last"] = json!(s.articles_last);
            v["closes_total"] = json!(s.articles_total);
            v["tickers_fetched"] = json!(s.streams.keys().collect::<Vec<_>>());
        }
        Err(e) => v["state_error"] = json!(format!("{e:#}")),
    }
    v
}
