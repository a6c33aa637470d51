//! Scores lines of standard input with the learned scorer and the rules alone, for a look
//! at single headlines: `label<TAB>target<TAB>text`, `target<TAB>text` or `text` per line.
//! With `--explain`, prints each explanation too.
//!
//! ```text
//! echo "Nvidia stock crosses \$3 trillion, overtakes Apple" |
//!     cargo run -q -p tickertone-text --example score_lines -- --explain
//! ```

use std::io::BufRead;

use tickertone_text::score::{explain, score_target, score_text, score_text_rules, Entity};

fn main() {
    let show = std::env::args().any(|a| a == "--explain");
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (target, text) = match cols.as_slice() {
            [t] => ("", *t),
            [target, t] => (*target, *t),
            [_, target, t, ..] => (*target, *t),
            [] => continue,
        };
        let (tickers, names): (Vec<&str>, Vec<&str>) = match target.strip_prefix('$') {
            Some(t) => (vec![t], vec![]),
            None if target.is_empty() => (vec![], vec![]),
            None => (vec![], vec![target]),
        };
        let e = Entity {
            tickers: &tickers,
            names: &names,
        };
        let target = (!target.is_empty()).then_some(&e);
        let learned = match target {
            Some(e) => score_target(text, e),
            None => score_text(text),
        };
        println!(
            "{learned:+.3}\t(rules {:+.3})\t{}\t{text}",
            score_text_rules(text),
            names.first().or(tickers.first()).unwrap_or(&"")
        );
        if show {
            println!("{}", explain(text, target));
        }
    }
}
