use std::time::Instant;

use anyhow::Result;
use serde_json::json;

use crate::aggregate::query::Query;
use crate::app::{Env, Status};
use crate::cmd::args::OutputArgs;
use crate::cmd::outcome::{
    fetch_prices, fetch_sources, fetch_status, ingest_status, ingest_summary, prices_status,
    write_report,
};
use crate::data_dir::Writing;
use crate::extract::dated::latest_allowed;
use crate::extract::scorer::TextScorer;
use crate::extract::{Companies, ParseOptions};
use crate::fetch::prices::PricesOutcome;
use crate::fetch::FetchOutcome;
use crate::ingest::{ingest, IngestOutcome, Input};
use crate::model::ModelScorer;
use crate::prices::{Prices, STORED_DIR};
use crate::report::{ReportOutcome, ReportRequest};
use crate::store::Store;

#[derive(Debug, clap::Args)]
#[command(after_help = "Example, a daily cron job (06:30 on weekdays):
  30 6 * * 1-5  cd /srv/news && tickertone --quiet --json run >> runs.ndjson

With [[source]] tables in tickertone.toml, run first fetches what each source published
since its last fetch into <data>/inbox/<source>/. A source that fails does not stop the
batch: the rest goes in, the report is written, and the exit status is 4.

Files stay in the inbox; running again records nothing new and rewrites the same report.")]
pub struct Args {
    /// Do not fetch the configured sources; only ingest the inbox and report.
    #[arg(long)]
    pub no_fetch: bool,
    /// Score text that carries no score with this transformer model (a Hugging Face
    /// folder, or a model id in the local Hugging Face cache) instead of the built-in
    /// scorer; default: [scorer] model of the config file. Needs a build with
    /// `--features model`.
    #[arg(long, value_name = "DIR")]
    pub model: Option<String>,
    /// Record articles dated more than a day after now (a backfill of scheduled items);
    /// without it they are rejected as typos.
    #[arg(long)]
    pub allow_future: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let started = Instant::now();
    // Loaded whole before anything is fetched or recorded.
    let model = crate::model::load(env, args.model.as_deref())?;
    // The inbox and the fetch state are written too (on object storage: copied, and what
    // the run added written back).
    let written = env.write_data("tickertone run", &["inbox", "fetch", STORED_DIR], |data| {
        run_in(env, data, &args, model.as_ref(), started)
    })?;
    let (mut done, objects) = (written.value, written.objects);
    if let Some(outcome) = done.ingest.as_mut() {
        outcome.name_objects(&objects);
    }
    if let Some(outcome) = &done.ingest {
        ingest_summary(env, outcome);
    }
    match &done.report {
        Some(report) => env.summary(&report.describe()),
        None => env.summary(&format!(
            "Nothing is recorded in {} yet: no report. `tickertone run` fetches the sources of \
             tickertone.toml (see `tickertone sources`); files put in its inbox/ are read too.",
            done.data_name
        )),
    }
    let failed: Vec<String> = done
        .fetched
        .iter()
        .flat_map(|f| f.failed.clone())
        .chain(done.priced.iter().flat_map(|p| p.failed.clone()))
        .collect();
    if !failed.is_empty() {
        env.summary(&format!(
            "Not fetched: {} (see above); the other sources went in and the report is written.",
            failed.join(", ")
        ));
    }
    if env.json {
        env.json_summary(json!({
            "command": "run",
            "fetch": done.fetched,
            "prices": done.priced,
            "ingest": done.ingest,
            "report": done.report,
            "exit_status": done.exit as u8,
        }));
    } else if let Some(report) = &done.report {
        env.result_line(&report.folder.display().to_string());
    }
    Ok(done.exit)
}

/// What a run did.
struct RunOutcome {
    exit: Status,
    fetched: Option<FetchOutcome>,
    /// The `[[prices]]` sources' fetch.
    priced: Option<PricesOutcome>,
    ingest: Option<IngestOutcome>,
    /// `None` when nothing is recorded yet (a new data folder, nothing fetched).
    report: Option<ReportOutcome>,
    /// The data folder as the user named it.
    data_name: String,
}

/// Fetches, ingests the inbox and reports, in the data folder held for writing.
fn run_in(
    env: &Env,
    data: &Writing,
    args: &Args,
    model: Option<&ModelScorer>,
    started: Instant,
) -> Result<RunOutcome> {
    let symbols = env.symbols(data.path())?;
    let fetched = if args.no_fetch || env.sources.is_empty() {
        None
    } else {
        let sources: Vec<_> = env.sources.iter().collect();
        Some(fetch_sources(env, data, &sources, &symbols))
    };
    let inbox = data.path().join("inbox");
    let (ingested, ingest_outcome) = if inbox.is_dir() {
        let companies = Companies::new(symbols.clone());
        let opts = ParseOptions {
            companies: Some(&companies),
            scorer: model.map(|m| m as &dyn TextScorer),
            not_after: (!args.allow_future).then(|| latest_allowed(chrono::Utc::now())),
            ..Default::default()
        };
        let inputs = [Input::Path(inbox.clone())];
        let progress = env.progress("Reading");
        let outcome = crate::model::in_flight(model, || ingest(data, &inputs, &opts, &progress))?;
        (ingest_status(&outcome), Some(outcome))
    } else {
        env.summary(&format!(
            "No inbox at {}: nothing to ingest.",
            inbox.display()
        ));
        (Status::Ok, None)
    };
    // Closes after the news: the companies asked for are those with news in the window.
    let priced = if args.no_fetch || env.price_sources.is_empty() {
        None
    } else {
        let sources: Vec<_> = env.price_sources.iter().collect();
        Some(fetch_prices(env, data, &sources, &symbols)?)
    };
    let request = ReportRequest {
        query: Query {
            all_mentions: env.all_mentions,
            window_days: env.window_days,
            ..Query::default()
        },
        render: args.output.options(env),
        prices: Prices::stored(data.path())?,
        ..Default::default()
    };
    let report_started = Instant::now();
    // A new data folder (`tickertone init`, then `run --no-fetch`) has nothing to report:
    // that is not a failure of the batch.
    let outcome = if Store::new(data.path()).files()?.is_empty() {
        None
    } else {
        let outcome = write_report(env, (data.path(), data.name()), &symbols, &request)?;
        env.detail(&format!(
            "report took {:.2} s ({}; run so far {:.2} s)",
            report_started.elapsed().as_secs_f64(),
            outcome.describe_phases(),
            started.elapsed().as_secs_f64()
        ));
        Some(outcome)
    };
    Ok(RunOutcome {
        exit: ingested
            .worst(fetched.as_ref().map_or(Status::Ok, fetch_status))
            .worst(priced.as_ref().map_or(Status::Ok, prices_status)),
        fetched,
        priced,
        ingest: ingest_outcome,
        report: outcome,
        data_name: data.name().to_string(),
    })
}
