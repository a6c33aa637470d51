//! `tickertone score [FILE]`: one input line → one output line with its sentiment score.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::app::{Env, Status, UsageError};
use crate::cmd::stdout;
use crate::model::ModelScorer;
use crate::symbols::SymbolTable;
use tickertone_text::score::{explain, label, score_target, score_text, Entity};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  echo \"Operating profit rose to EUR 13.1 mn from EUR 8.7 mn\" | tickertone score --label
  tickertone score headlines.txt > scores.txt
  echo \"Nvidia stock crosses $3 trillion, overtakes Apple\" | tickertone score --target AAPL
  echo \"Wix to Participate in Fireside Chat at Citi's Conference\" | tickertone score --explain
  tickertone score --model models/finbert headlines.txt   # a Hugging Face model (--features model)")]
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
    /// Score with this transformer model (a Hugging Face folder, or a model id in the local
    /// Hugging Face cache) instead of the built-in scorer; default: [scorer] model of the
    /// config file. Needs a build with `--features model`.
    #[arg(long, value_name = "DIR")]
    pub model: Option<String>,
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
    let model = crate::model::load(env, args.model.as_deref())?;
    if model.is_some() && args.explain {
        return Err(UsageError(
            "--explain shows the built-in scorer's words and rules and cannot explain a model: \
             leave out --explain, or --model (and [scorer] model in the config file)"
                .into(),
        )
        .into());
    }
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
        model: model.as_ref(),
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
    /// The model that scores (`--model`); the built-in scorer without.
    pub model: Option<&'a ModelScorer>,
}

/// Lines a model scores in one call: its batches, and the output, go this many at a time.
const MODEL_LINES: usize = 256;

/// Scores every line of `input` (streaming), writing `score` or `score<TAB>label` per line.
/// An empty line gives `0` (and `neutral`). Invalid UTF-8 is replaced, never fatal.
pub fn score_lines(mut input: impl BufRead, mut out: impl Write, how: &How) -> Result<()> {
    if let Some(model) = how.model {
        return model_lines(input, out, how, model);
    }
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
        write_score(&mut out, score, with_label)?;
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

/// `score` or `score<TAB>label`, never "-0.0000".
fn write_score(out: &mut impl Write, score: f64, with_label: bool) -> io::Result<()> {
    let shown = if (score * 10_000.0).round() == 0.0 {
        0.0
    } else {
        score
    };
    if with_label {
        writeln!(out, "{shown:.4}\t{}", label(score))
    } else {
        writeln!(out, "{shown:.4}")
    }
}

/// [`score_lines`] with a model: lines read and scored [`MODEL_LINES`] at a time (each
/// call batched by the model), printed in order.
fn model_lines(
    mut input: impl BufRead,
    mut out: impl Write,
    how: &How,
    model: &ModelScorer,
) -> Result<()> {
    let mut buf = Vec::new();
    let mut lines: Vec<String> = Vec::with_capacity(MODEL_LINES);
    loop {
        buf.clear();
        let done = input.read_until(b'\n', &mut buf)? == 0;
        if !done {
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            lines.push(String::from_utf8_lossy(&buf).into_owned());
        }
        if lines.len() == MODEL_LINES || (done && !lines.is_empty()) {
            let texts: Vec<&str> = lines
                .iter()
                .map(String::as_str)
                .filter(|t| !t.trim().is_empty())
                .collect();
            let mut scores = model.score_texts(&texts, how.entity)?.into_iter();
            for line in &lines {
                // An empty line scores 0, as with the built-in scorer.
                let score = match line.trim().is_empty() {
                    true => 0.0,
                    false => scores.next().unwrap_or(0.0),
                };
                write_score(&mut out, score, how.with_label)?;
            }
            out.flush()?;
            lines.clear();
        }
        if done {
            return Ok(());
        }
    }
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
