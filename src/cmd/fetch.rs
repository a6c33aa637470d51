use std::time::Instant;

use anyhow::Result;
use indicatif::ProgressBar;
use serde_json::json;

use crate::app::{Env, Status, UsageError};
use crate::cmd::ingest::{report_outcome, status};
use crate::extract::{Companies, ParseOptions};
use crate::fetch::{self, FetchOutcome, Observer, SourceConfig, SourceOutcome};
use crate::ingest::{ingest, Input};
use crate::store::lock::DataLock;

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
    let companies = Companies::new(env.symbols()?);
    let lock = env.lock("tickertone fetch")?;
    let fetched = fetch_sources(env, &sources, &lock);
    let files: Vec<Input> = fetched.saved_files().into_iter().map(Input::Path).collect();
    let ingested = if files.is_empty() {
        None
    } else {
        let opts = ParseOptions {
            companies: Some(&companies),
            ..Default::default()
        };
        let outcome = ingest(&env.data, &files, &opts, &lock, &env.progress("Reading"))?;
        report_outcome(env, &outcome, started);
        Some(outcome)
    };
    let exit = ingested
        .as_ref()
        .map_or(Status::Ok, status)
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

/// Fetches `sources` into the inbox with a progress bar each, then says what happened.
pub fn fetch_sources(env: &Env, sources: &[&SourceConfig], lock: &DataLock) -> FetchOutcome {
    let mut observer = Progress { env, bar: None };
    let outcome = fetch::fetch_sources(&env.data, sources, &env.fetch, &mut observer, lock);
    for source in &outcome.sources {
        env.summary(&describe(env, source));
    }
    outcome
}

/// 4 when a source failed.
pub fn fetch_status(outcome: &FetchOutcome) -> Status {
    if outcome.failed.is_empty() {
        Status::Ok
    } else {
        Status::SourceFailed
    }
}

fn describe(env: &Env, s: &SourceOutcome) -> String {
    let since = s
        .since
        .map(|t| format!(" since {}", t.format("%Y-%m-%d %H:%M UTC")))
        .unwrap_or_default();
    let folder = env.data.join("inbox").join(&s.name);
    match &s.error {
        None => format!(
            "Fetched {} ({}): {} articles{since} in {} of {} requests; {} saved in {}.",
            s.name,
            s.kind.name(),
            s.articles,
            s.requests,
            s.max_requests,
            plural(s.files.len(), "response"),
            folder.display()
        ),
        Some(error) => format!(
            "Source {} ({}) FAILED: {error}. Used {} of {} requests; {} articles came before \
             the failure. Its \"since\" is kept, so the next run asks again.",
            s.name,
            s.kind.name(),
            s.requests,
            s.max_requests,
            s.articles
        ),
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// A progress bar per source (on a terminal), and each request with `-v`.
struct Progress<'a> {
    env: &'a Env,
    bar: Option<(String, ProgressBar)>,
}

impl Observer for Progress<'_> {
    fn source_started(&mut self, source: &SourceConfig) {
        let bar = self.env.progress_with(
            &source.name,
            "{spinner} {msg} {wide_bar} {pos}/{len} requests",
        );
        bar.set_length(u64::from(source.budget()));
        self.bar = Some((source.name.clone(), bar));
    }

    fn request(&mut self, line: &str, requests: u32) {
        if let Some((name, bar)) = &self.bar {
            bar.set_position(u64::from(requests));
            bar.suspend(|| self.env.detail(&format!("{name}: {line}")));
        }
    }

    fn articles(&mut self, total: usize) {
        if let Some((name, bar)) = &self.bar {
            bar.set_message(format!("{name}: {total} articles"));
        }
    }

    fn source_finished(&mut self, _outcome: &SourceOutcome) {
        if let Some((_, bar)) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
