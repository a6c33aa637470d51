use std::time::Instant;

use anyhow::Result;
use serde_json::json;

use crate::app::{Env, Status, UsageError};
use crate::cmd::outcome::{fetch_sources, fetch_status, ingest_status, ingest_summary};
use crate::data_dir::Writing;
use crate::extract::{Companies, ParseOptions};
use crate::fetch::{FetchOutcome, SourceConfig};
use crate::ingest::{ingest, IngestOutcome, Input};

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
    let started = Instant::now();
    let sources = select(env, &args.sources)?;
    // [scorer] model scores what comes in, as in `run`; loaded before anything is fetched.
    let model = crate::model::load(env, None)?;
    // The inbox and the fetch state are written too.
    let written = env.write_data("tickertone fetch", &["inbox", "fetch"], |data| {
        fetch_in(env, data, &sources, model.as_ref())
    })?;
    let ((fetched, mut ingested), objects) = (written.value, written.objects);
    if let Some(outcome) = ingested.as_mut() {
        outcome.name_objects(&objects);
    }
    if let Some(outcome) = &ingested {
        ingest_summary(env, outcome, started);
    }
    let exit = ingested
        .as_ref()
        .map_or(Status::Ok, ingest_status)
        .worst(fetch_status(&fetched));
    env.json_summary(json!({
        "command": "fetch",
        "fetch": fetched,
        "ingest": ingested,
        "exit_status": exit as u8,
    }));
    Ok(exit)
}

/// The configured sources named in `names` (all when empty); a usage error otherwise.
/// Fetches `sources` into the data folder and ingests what they saved.
fn fetch_in(
    env: &Env,
    data: &Writing,
    sources: &[&SourceConfig],
    model: Option<&crate::model::ModelScorer>,
) -> Result<(FetchOutcome, Option<IngestOutcome>)> {
    let companies = Companies::new(env.symbols(data.path())?);
    let fetched = fetch_sources(env, data, sources);
    let files: Vec<Input> = fetched.saved_files().into_iter().map(Input::Path).collect();
    if files.is_empty() {
        return Ok((fetched, None));
    }
    let opts = ParseOptions {
        companies: Some(&companies),
        scorer: model.map(|m| m as &dyn crate::extract::scorer::TextScorer),
        ..Default::default()
    };
    let progress = env.progress("Reading");
    let outcome = crate::model::in_flight(model, || ingest(data, &files, &opts, &progress))?;
    Ok((fetched, Some(outcome)))
}

pub fn select<'a>(env: &'a Env, names: &[String]) -> Result<Vec<&'a SourceConfig>> {
    if env.sources.is_empty() {
        return Err(UsageError(
            "no news sources are configured: add [[source]] tables to tickertone.toml \
             (see the README, \"Fetching news\")"
                .into(),
        )
        .into());
    }
    if names.is_empty() {
        return Ok(env.sources.iter().collect());
    }
    names
        .iter()
        .map(|name| {
            env.sources.iter().find(|s| &s.name == name).ok_or_else(|| {
                let known: Vec<&str> = env.sources.iter().map(|s| s.name.as_str()).collect();
                UsageError(format!(
                    "no source is named '{name}'; the configured ones are: {}",
                    known.join(", ")
                ))
                .into()
            })
        })
        .collect()
}
