//! `tickertone explain ARTICLE_ID`: one stored article's companies, whether it is about
//! each, its score, and the reason `about` was decided so.

use std::io::Write;

use anyhow::{bail, Context, Result};
use polars::prelude::{col, lit};
use serde_json::json;

use crate::app::{Env, Status};
use crate::cmd::stdout;
use crate::store::{columns, Store};
use tickertone_text::about::Why;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone explain a0000042
  tickertone --json explain 'url:https://news.example.com/2026/02/07/microsoft'")]
pub struct Args {
    /// The article's id as stored (`article_id`: its `id`, else `url:<url>`, else `sha:…`).
    pub article_id: String,
}

/// One mention as `explain` prints it.
struct Row {
    ticker: String,
    company: String,
    score: f64,
    score_source: String,
    relevance: f64,
    /// `None` for a store file written before `about` existed (not migrated yet).
    about: Option<bool>,
    why: String,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let data = env.read_data(|months| months.to_vec(), &[])?;
    let symbols = env.symbols(data.path())?;
    let store = Store::new(data.path());
    let Some(scan) = store.scan()? else {
        bail!("nothing is recorded in {} yet", data.name());
    };
    let df = scan
        .filter(col(columns::ARTICLE_ID).eq(lit(args.article_id.as_str())))
        .select([
            col(columns::TICKER),
            col(columns::SCORE),
            col(columns::SCORE_SOURCE),
            col(columns::RELEVANCE),
            col(columns::ABOUT),
            col(columns::ABOUT_WHY),
            col(columns::TITLE),
            col(columns::PUBLISHED_AT),
        ])
        .collect()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("cannot read the store of {}", data.name()))?;
    if df.height() == 0 {
        bail!(
            "no article '{}' is recorded in {}: ids are the store's article_id (its id, else url:<url>)",
            args.article_id,
            data.name()
        );
    }
    let text = |name: &str, i: usize| -> String {
        df.column(name)
            .ok()
            .and_then(|c| c.str().ok().and_then(|s| s.get(i)).map(str::to_string))
            .unwrap_or_default()
    };
    let number = |name: &str, i: usize| -> f64 {
        df.column(name)
            .ok()
            .and_then(|c| c.f64().ok().and_then(|s| s.get(i)))
            .unwrap_or(f64::NAN)
    };
    let about = df.column(columns::ABOUT)?.bool()?.clone();
    let rows: Vec<Row> = (0..df.height())
        .map(|i| {
            let ticker = text(columns::TICKER, i);
            Row {
                company: symbols.resolve_ticker(&ticker).0.to_string(),
                ticker,
                score: number(columns::SCORE, i),
                score_source: text(columns::SCORE_SOURCE, i),
                relevance: number(columns::RELEVANCE, i),
                about: about.get(i),
                why: text(columns::ABOUT_WHY, i),
            }
        })
        .collect();
    let title = text(columns::TITLE, 0);
    let described = |why: &str| {
        Why::describe_code(why)
            .unwrap_or("decided before this version")
            .to_string()
    };
    if env.json {
        let mentions: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "ticker": r.ticker, "company": r.company, "score": r.score,
                    "score_source": r.score_source, "relevance": r.relevance,
                    "about": r.about, "why": r.why, "reason": described(&r.why),
                })
            })
            .collect();
        env.json_summary(json!({
            "command": "explain", "article_id": args.article_id, "title": title,
            "mentions": mentions, "exit_status": 0,
        }));
        return Ok(Status::Ok);
    }
    let mut out = stdout::out();
    writeln!(
        out,
        "{}: {}",
        args.article_id,
        if title.is_empty() {
            "(no title)"
        } else {
            &title
        }
    )?;
    for r in &rows {
        let verdict = match r.about {
            Some(true) => "about",
            Some(false) => "not about",
            None => "about (not decided yet: the next ingest migrates the store)",
        };
        writeln!(
            out,
            "  {} ({}): {verdict}, score {:+.4} ({}), relevance {}: {}",
            r.ticker,
            r.company,
            r.score,
            r.score_source,
            r.relevance,
            described(&r.why)
        )?;
    }
    out.finish()?;
    Ok(Status::Ok)
}
