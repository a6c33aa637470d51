use anyhow::Result;
use serde_json::json;

use crate::app::{Env, Status};
use crate::store::{health, Store};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  tickertone check && echo healthy\n\nAlso checks the layout: each part in the month=YYYY-MM folder of its rows, names as\ntickertone writes them, nothing left in the flat layout, no interrupted compaction or migration.\n\nExit status 0 when the store is whole, 1 when a problem was found."
)]
pub struct Args {}

pub fn run(env: &Env, _args: Args) -> Result<Status> {
    let data = env.read_data(|months| months.to_vec(), &[])?;
    let store = Store::new(data.path());
    let mut h = health::check(&store)?;
    // A data folder that is not there is not a healthy store: a mistyped --data must not
    // pass. One without a store yet (nothing recorded) is whole, and said.
    if !data.path().is_dir() {
        h.problems.insert(
            0,
            format!(
                "the data folder {} does not exist (is --data right?)",
                data.name().trim_end_matches('/')
            ),
        );
    } else if !store.mentions_dir().is_dir() {
        env.summary(&format!(
            "{} holds no store yet: nothing has been recorded there.",
            data.name().trim_end_matches('/')
        ));
    }
    // In a copy of object storage, paths name the objects they were copied from.
    let named = |text: String| match data.copied() {
        Some(_) => text.replace(
            &data.path().display().to_string(),
            data.name().trim_end_matches('/'),
        ),
        None => text,
    };
    h.problems = h.problems.into_iter().map(named).collect();
    for p in &h.problems {
        eprintln!("problem: {p}");
    }
    env.summary(&format!(
        "Checked {}: {} file{}, {} rows, {} articles; {}.",
        named(store.mentions_dir().display().to_string()),
        h.files,
        if h.files == 1 { "" } else { "s" },
        h.rows,
        h.articles,
        match h.problems.len() {
            0 => "no problems".to_string(),
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        }
    ));
    let status = if h.problems.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    };
    env.json_summary(json!({
        "command": "check",
        "files": h.files,
        "rows": h.rows,
        "articles": h.articles,
        "problems": h.problems,
        "exit_status": status as u8,
    }));
    Ok(status)
}
