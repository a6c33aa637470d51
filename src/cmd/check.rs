use anyhow::Result;

use crate::cli::{Env, Status};
use crate::store::{health, Store};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(env: &Env, _args: Args) -> Result<Status> {
    let store = Store::new(&env.data);
    let h = health::check(&store)?;
    for p in &h.problems {
        eprintln!("problem: {p}");
    }
    eprintln!(
        "Checked {}: {} file{}, {} rows, {} articles; {}.",
        store.mentions_dir().display(),
        h.files,
        if h.files == 1 { "" } else { "s" },
        h.rows,
        h.articles,
        match h.problems.len() {
            0 => "no problems".to_string(),
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        }
    );
    Ok(if h.problems.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}
