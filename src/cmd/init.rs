use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::json;
use tickertone_text::matcher::normalize_ticker;

use crate::app::{Env, Status, UsageError};
use crate::cmd::stdout;
use crate::config::DEFAULT_FILE;
use crate::starter::{starter_config, EXAMPLE_TICKERS};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone init --tickers AAPL,MSFT,NVDA              # here: tickertone.toml, data/, reports/
  tickertone init --tickers TSLA desk                   # in the folder desk/
  tickertone init --tickers AAPL --user-agent \"Jo Doe jo@example.com\"   # SEC EDGAR on too

The keyless sources (Yahoo, Nasdaq, Seeking Alpha, Google News) are on; SEC EDGAR is on
with --user-agent; the keyed APIs are in the file, commented out. An existing
tickertone.toml is never overwritten (exit status 2).")]
pub struct Args {
    /// The watchlist [default: AAPL,MSFT,NVDA, an example to edit].
    #[arg(long, value_delimiter = ',', value_name = "T,T,...")]
    pub tickers: Vec<String>,
    /// Who asks SEC EDGAR ("Name email"): turns the EDGAR source on.
    #[arg(long, value_name = "\"NAME EMAIL\"")]
    pub user_agent: Option<String>,
    /// The folder to set up [default: the current folder].
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let tickers = watchlist(&args.tickers)?;
    let user_agent = args.user_agent.as_deref().map(str::trim);
    if user_agent.is_some_and(|ua| !ua.contains('@') || ua.chars().any(char::is_control)) {
        return Err(UsageError(
            "--user-agent: SEC asks for a name and an email on one line, such as \
             --user-agent \"Jo Doe jo@example.com\""
                .into(),
        )
        .into());
    }
    let file = args.dir.join(DEFAULT_FILE);
    write_new(&file, &starter_config(&tickers, user_agent))?;
    for folder in ["data", "reports"] {
        let path = args.dir.join(folder);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
    }
    let next = next_commands(&args.dir);
    env.summary(&format!(
        "Wrote {} for {} (Yahoo, Nasdaq, Seeking Alpha and Google News on; {}; the keyed \
         APIs commented out) and made data/ and reports/ beside it. Next:",
        file.display(),
        tickers.join(", "),
        if user_agent.is_some() {
            "SEC EDGAR on"
        } else {
            "SEC EDGAR off until you put your name and email in its user_agent"
        }
    ));
    if env.json {
        env.json_summary(json!({
            "command": "init",
            "config": file,
            "tickers": tickers,
            "next": next,
            "exit_status": 0,
        }));
    } else {
        let mut out = stdout::out();
        for line in &next {
            writeln!(out, "{line}")?;
        }
        out.finish()?;
    }
    Ok(Status::Ok)
}

/// The tickers asked for, normalised, each once; the example when none are.
fn watchlist(given: &[String]) -> Result<Vec<String>> {
    let mut tickers: Vec<String> = Vec::new();
    for raw in given {
        match normalize_ticker(raw) {
            Ok(Some(t)) if !tickers.contains(&t) => tickers.push(t),
            Ok(_) => {}
            Err(why) => return Err(UsageError(format!("--tickers: {why}")).into()),
        }
    }
    if tickers.is_empty() {
        tickers = EXAMPLE_TICKERS.iter().map(|t| t.to_string()).collect();
    }
    Ok(tickers)
}

/// Writes `text` to `path`, which must not exist: init never overwrites a config.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(UsageError(format!(
                "{} already exists; init does not overwrite it: edit it, or move it away \
                 and run init again",
                path.display()
            ))
            .into())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The two commands to run next, from the folder set up.
fn next_commands(dir: &Path) -> Vec<String> {
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shell_quoted(&dir.display().to_string()))
    };
    vec![
        format!("{cd}tickertone sources   # the sources it asks, and what each needs"),
        format!("{cd}tickertone run       # fetch the news, record it, write reports/<date>/"),
    ]
}

fn shell_quoted(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watchlist_is_normalised_and_a_bad_ticker_named() {
        let got = watchlist(&["aapl".into(), " $msft".into(), "AAPL".into(), "".into()]).unwrap();
        assert_eq!(got, ["AAPL", "MSFT"]);
        assert_eq!(watchlist(&[]).unwrap(), EXAMPLE_TICKERS);
        let e = watchlist(&["A B".into()]).unwrap_err().to_string();
        assert!(e.contains("--tickers") && e.contains("white space"), "{e}");
        assert_eq!(shell_quoted("my desk"), "'my desk'");
        assert_eq!(
            next_commands(Path::new("."))[1].split_whitespace().nth(1),
            Some("run")
        );
    }
}
