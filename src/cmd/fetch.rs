use anyhow::Result;
use serde_json::json;

use crate::app::{Env, Status, UsageError};
use crate::cmd::outcome::{
    fetch_prices, fetch_sources, fetch_status, ingest_status, ingest_summary, prices_status,
};
use crate::data_dir::Writing;
use crate::extract::dated::latest_allowed;
use crate::extract::{Companies, ParseOptions};
use crate::fetch::prices::PriceSourceConfig;
use crate::fetch::{FetchOutcome, SourceConfig};
use crate::ingest::{ingest, IngestOutcome, Input};
use crate::prices::STORED_DIR;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Sources are [[source]] tables in tickertone.toml; API keys come from the
environment variables they name. Each response is saved unchanged under
<data>/inbox/<source>/ before it is read; the state of each source is <data>/fetch/<source>.json.

Examples:
  tickertone fetch                         # every configured source
  tickertone fetch --source av-megacaps    # one of them
  tickertone -v fetch                      # and each request (keys redacted)

Exit status 4: a source could not be fetched (the others went in); it asks again next time."
)]
pub struct Args {
    /// Only this source (by its name; may be repeated).
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let (sources, price_sources) = select(env, &args.sources)?;
    // [scorer] model scores what comes in, as in `run`; loaded before anything is fetched.
    let model = crate::model::load(env, None)?;
    // The inbox, the fetch state and the kept closes are written too.
    let written = env.write_data(
        "tickertone fetch",
        &["inbox", "fetch", STORED_DIR],
        |data| {
            let (fetched, ingested) = fetch_in(env, data, &sources, model.as_ref())?;
            // Closes after the news: the companies asked for are those with news.
            let priced = if price_sources.is_empty() {
                None
            } else {
                let symbols = env.symbols(data.path())?;
                Some(fetch_prices(env, data, &price_sources, &symbols)?)
            };
            Ok((fetched, ingested, priced))
        },
    )?;
    let ((fetched, mut ingested, priced), objects) = (written.value, written.objects);
    if let Some(outcome) = ingested.as_mut() {
        outcome.name_objects(&objects);
    }
    if let Some(outcome) = &ingested {
        ingest_summary(env, outcome);
    }
    let exit = ingested
        .as_ref()
        .map_or(Status::Ok, ingest_status)
        .worst(fetch_status(&fetched))
        .worst(priced.as_ref().map_or(Status::Ok, prices_status));
    env.json_summary(json!({
        "command": "fetch",
        "fetch": fetched,
        "prices": priced,
        "ingest": ingested,
        "exit_status": exit as u8,
    }));
    Ok(exit)
}

/// Fetches `sources` into the data folder and ingests what they saved.
fn fetch_in(
    env: &Env,
    data: &Writing,
    sources: &[&SourceConfig],
    model: Option<&crate::model::ModelScorer>,
) -> Result<(FetchOutcome, Option<IngestOutcome>)> {
    if sources.is_empty() {
        return Ok((FetchOutcome::default(), None));
    }
    let symbols = env.symbols(data.path())?;
    let fetched = fetch_sources(env, data, sources, &symbols);
    let companies = Companies::new(symbols);
    let files: Vec<Input> = fetched.saved_files().into_iter().map(Input::Path).collect();
    if files.is_empty() {
        return Ok((fetched, None));
    }
    let opts = ParseOptions {
        companies: Some(&companies),
        scorer: model.map(|m| m as &dyn crate::extract::scorer::TextScorer),
        not_after: Some(latest_allowed(chrono::Utc::now())),
        ..Default::default()
    };
    let progress = env.progress("Reading");
    let outcome = crate::model::in_flight(model, || ingest(data, &files, &opts, &progress))?;
    Ok((fetched, Some(outcome)))
}

/// The configured news and price sources named in `names` (all when empty); a usage
/// error for a name no source has.
pub fn select<'a>(
    env: &'a Env,
    names: &[String],
) -> Result<(Vec<&'a SourceConfig>, Vec<&'a PriceSourceConfig>)> {
    if env.sources.is_empty() && env.price_sources.is_empty() {
        return Err(UsageError(
            "no news sources are configured: add [[source]] tables to tickertone.toml \
             (see the README, \"Fetching news\"), or [[prices]] tables for closes \
             (\"Closes in the batch\")"
                .into(),
        )
        .into());
    }
    if names.is_empty() {
        return Ok((
            env.sources.iter().collect(),
            env.price_sources.iter().collect(),
        ));
    }
    let (mut news, mut prices) = (Vec::new(), Vec::new());
    for name in names {
        if let Some(s) = env.sources.iter().find(|s| &s.name == name) {
            news.push(s);
        } else if let Some(p) = env.price_sources.iter().find(|s| &s.name == name) {
            prices.push(p);
        } else {
            let known: Vec<&str> = env
                .sources
                .iter()
                .map(|s| s.name.as_str())
                .chain(env.price_sources.iter().map(|s| s.name.as_str()))
                .collect();
            return Err(UsageError(format!(
                "no source is named '{name}'; the configured ones are: {}",
                known.join(", ")
            ))
            .into());
        }
    }
    Ok((news, prices))
}
