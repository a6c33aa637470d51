use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;

use chrono_tz::Tz;

use crate::app::{parse_article_date, parse_tz, Env, Status};
use crate::cmd::outcome::{ingest_status, ingest_summary};
use crate::extract::dated::latest_allowed;
use crate::extract::scorer::TextScorer;
use crate::extract::{Companies, ParseOptions};
use crate::ingest::{ingest, Input};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone ingest feeds/                      # every file below feeds/, recursively
  tickertone ingest a.ndjson b.json c.csv
  tickertone ingest page.txt --date 2025-05-26  # a news page that carries no date
  tickertone ingest AAPL-headlines.csv --ticker AAPL     # the ticker is only in the file name
  tickertone ingest export.csv --columns title=Headline,published_at=Posted
  tickertone ingest scrape.csv --input-tz America/New_York  # dates written without an offset
  cat news.ndjson | tickertone ingest -")]
pub struct Args {
    /// Files, folders (read recursively), or '-' for NDJSON on standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Publication date for inputs that carry none (a year from 1970 to 2199).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_article_date)]
    pub date: Option<NaiveDate>,
    /// Record articles dated more than a day after now (a backfill of scheduled items);
    /// without it they are rejected as typos.
    #[arg(long)]
    pub allow_future: bool,
    /// Every record of these inputs is about this company (repeat, or comma-separate);
    /// tickers a record names itself are kept beside it.
    #[arg(long, value_name = "SYMBOL", value_delimiter = ',', value_parser = parse_ticker)]
    pub ticker: Vec<String>,
    /// Name CSV columns the synonyms miss: FIELD=COLUMN pairs, comma-separated
    /// (fields: published_at, ticker, sentiment, id, title, body, source, url, relevance,
    /// market_impact).
    #[arg(long, value_name = "FIELD=COLUMN,...", value_parser = parse_column_map)]
    pub columns: Option<ColumnMap>,
    /// The time zone of dates written without a UTC offset (`6/1/2020 9:30`), an IANA name;
    /// without it such records are rejected rather than guessed.
    #[arg(long, value_name = "ZONE", value_parser = parse_tz)]
    pub input_tz: Option<Tz>,
    /// Score text that carries no score with this transformer model (a Hugging Face
    /// folder, or a model id in the local Hugging Face cache) instead of the built-in
    /// scorer; default: [scorer] model of the config file. Needs a build with
    /// `--features model`.
    #[arg(long, value_name = "DIR")]
    pub model: Option<String>,
}

/// `--columns`, parsed: `(field, column)` pairs.
#[derive(Debug, Clone)]
pub struct ColumnMap(pub Vec<(String, String)>);

fn parse_column_map(spec: &str) -> Result<ColumnMap, String> {
    crate::input::parse_column_map(spec).map(ColumnMap)
}

fn parse_ticker(s: &str) -> Result<String, String> {
    match tickertone_text::matcher::normalize_ticker(s) {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Err("the ticker is empty".into()),
        Err(e) => Err(e),
    }
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let inputs: Vec<Input> = args
        .paths
        .into_iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::Path(p)
            }
        })
        .collect();
    let columns = args.columns.map(|c| c.0).unwrap_or_default();
    // Loaded whole before the data folder is touched: nothing is recorded with a model
    // that failed to load.
    let model = crate::model::load(env, args.model.as_deref())?;
    let progress = env.progress("Reading");
    let written = env.write_data("tickertone ingest", &[], |data| {
        let companies = Companies::new(env.symbols(data.path())?);
        let opts = ParseOptions {
            default_date: args.date,
            companies: Some(&companies),
            input_tz: args.input_tz,
            extra_tickers: &args.ticker,
            columns: &columns,
            scorer: model.as_ref().map(|m| m as &dyn TextScorer),
            not_after: (!args.allow_future).then(|| latest_allowed(chrono::Utc::now())),
        };
        crate::model::in_flight(model.as_ref(), || ingest(data, &inputs, &opts, &progress))
    })?;
    let (mut outcome, objects) = (written.value, written.objects);
    outcome.name_objects(&objects);
    let status = ingest_status(&outcome);
    ingest_summary(env, &outcome);
    env.json_summary(json!({
        "command": "ingest",
        "ingest": outcome,
        "exit_status": status as u8,
    }));
    Ok(status)
}
