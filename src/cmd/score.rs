//! `tickertone score [FILE]`: one input line → one output line with its sentiment score.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::app::{Env, Status};
use crate::cmd::stdout;
use crate::symbols::SymbolTable;
use tickertone_text::score::{explain, label, score_target, score_text, Entity};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  echo \"Operating profit rose to EUR 13.1 mn from EUR 8.7 mn\" | tickertone score --label
  tickertone score headlines.txt > scores.txt
  echo \"Nvidia stock crosses $3 trillion, overtakes Apple\" | tickertone score --target AAPL
  echo \"Wix to Participate in Fireside Chat at Citi's Conference\" | tickertone score --explain")]
pub struct Args {
    /// Input file, one text per line (default: standard input).
    pub file: Option<PathBuf>,
    /// Add a tab and the label: positive (score ≥ 0.3), negative (≤ −0.3) or neutral.
    #[arg(long)]
    pub label: bool,
    /// Score each line for one company (a ticker or a name of the symbol table): the score
    /// an ingest records for it.
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// After each score, the words and rules that moved it, and by how much.
    #[arg(long)]
    pub explain: bool,
}

/// The company `--target` names: its tickers and names from the symbol table (a ticker
/// or a name of it), else the text as given, as a name and a ticker.
struct Target {
    tickers: Vec<String>,
    names: Vec<String>,
}

impl Target {
    fn resolve(given: &str, symbols: &SymbolTable) -> Target {
        let by_ticker = tickertone_text::matcher::normalize_ticker(given)
            .ok()
            .flatten()
            .and_then(|t| symbols.company_of(&t));
        let by_name = || {
            symbols.companies().iter().find(|c| {
                c.name.eq_ignore_ascii_case(given)
                    || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(given))
            })
        };
        match by_ticker.or_else(by_name) {
            Some(c) => Target {
                tickers: c.tickers.clone(),
                names: std::iter::once(c.name.clone())
                    .chain(c.aliases.iter().cloned())
                    .collect(),
            },
            None => Target {
                tickers: vec![given.trim().to_uppercase()],
                names: vec![given.trim().to_string()],
            },
        }
    }
}

pub fn run(env: &Env, args: Args) -> Result<Status> {
    let target = match &args.target {
        Some(given) => {
            let data = env.read_data(|_| Vec::new(), &[])?;
            Some(Target::resolve(given, &env.symbols(data.path())?))
        }
        None => None,
    };
    let tickers: Vec<&str> = target
        .iter()
        .flat_map(|t| t.tickers.iter().map(String::as_str))
        .collect();
    let names: Vec<&str> = target
        .iter()
        .flat_map(|t| t.names.iter().map(String::as_str))
        .collect();
    let entity = target.as_ref().map(|_| Entity {
        tickers: &tickers,
        names: &names,
    });
    let how = How {
        with_label: args.label,
        entity: entity.as_ref(),
        explain: args.explain,
    };
    let mut out = stdout::out();
    match &args.file {
        Some(path) => {
            let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            score_lines(BufReader::new(f), &mut out, &how)
                .with_context(|| format!("while scoring {}", path.display()))?;
        }
        None => {
            let stdin = io::stdin();
            score_lines(stdin.lock(), &mut out, &how).context("while scoring standard input")?;
        }
    }
    out.finish()?;
    Ok(Status::Ok)
}

/// How each line is scored and shown.
#[derive(Default)]
pub struct How<'a> {
    pub with_label: bool,
    /// The company scored (`--target`); the whole line without.
    pub entity: Option<&'a Entity<'a>>,
    /// Print the explanation after each score.
    pub explain: bool,
}

/// Scores every line of `input` (streaming), writing `score` or `score<TAB>label` per line.
/// An empty line gives `0` (and `neutral`). Invalid UTF-8 is replaced, never fatal.
pub fn score_lines(mut input: impl BufRead, mut out: impl Write, how: &How) -> Result<()> {
    let with_label = how.with_label;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let text = String::from_utf8_lossy(&buf);
        if text.trim().is_empty() {
            out.write_all(if with_label { b"0\tneutral\n" } else { b"0\n" })?;
            continue;
        }
        let score = match how.entity {
            Some(entity) => score_target(&text, entity),
            None => score_text(&text),
        };
        // Never print "-0.0000".
        let shown = if (score * 10_000.0).round() == 0.0 {
            0.0
        } else {
            score
        };
        if with_label {
            writeln!(out, "{shown:.4}\t{}", label(score))?;
        } else {
            writeln!(out, "{shown:.4}")?;
        }
        if how.explain {
            // Indented under its score: the line's own output stays one line to cut.
            for line in explain(&text, how.entity).to_string().lines() {
                writeln!(out, "    {line}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(input: &str, with_label: bool) -> String {
        let how = How {
            with_label,
            ..How::default()
        };
        let mut out = Vec::new();
        score_lines(input.as_bytes(), &mut out, &how).expect("scoring works");
        String::from_utf8(out).expect("utf-8 output")
    }

    #[test]
    fn one_line_out_per_line_in() {
        let out = run_on(
            "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.\n\nThe company's net loss widened.\r\nThe report was published on Monday.",
            true,
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].ends_with("\tpositive"), "{}", lines[0]);
        assert_eq!(lines[1], "0\tneutral");
        assert!(
            lines[2].starts_with('-') && lines[2].ends_with("\tnegative"),
            "{}",
            lines[2]
        );
        // A plain factual sentence: neutral, the learned model's lean small.
        let (score, label) = lines[3].split_once('\t').unwrap();
        assert_eq!(label, "neutral");
        assert!(score.parse::<f64>().unwrap().abs() < 0.15, "{}", lines[3]);
    }

    #[test]
    fn scores_have_four_decimals_without_label() {
        let out = run_on("Net sales increased by 18%.\n", false);
        let line = out.trim_end();
        let (_, decimals) = line.split_once('.').expect("a decimal point");
        assert_eq!(decimals.len(), 4, "{line}");
        assert!(!line.contains('\t'));
    }

    #[test]
    fn invalid_utf8_is_not_fatal() {
        let mut out = Vec::new();
        score_lines(
            &b"Sales rose \xff strongly.\n"[..],
            &mut out,
            &How::default(),
        )
        .expect("scoring works");
        assert_eq!(out.iter().filter(|&&c| c == b'\n').count(), 1);
    }
}
