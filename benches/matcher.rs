//! Cost of the company matcher over the built-in symbol table (plain `fn main`, no harness).
//!
//! 1. Building it: `Companies::new` on the built-in table, once per run of tickertone.
//! 2. Finding companies in news text: `TextMatcher::find` on about 4 MB of sentences built
//!    from seeded templates (deterministic), as pages and records without tickers use it.
//!
//! Run with `cargo bench --bench matcher`. Only public items that every version of the
//! matcher has are used, so the same file measures the code before and after a change.
//!
//! Measured 2026-11-30 with `cargo bench --profile dev --bench matcher` (debug build: no
//! release build fitted the session; a 2-core machine under load ~20, so absolute numbers
//! are slow, the ratios are the point):
//!
//! | matcher | table | build | find |
//! | --- | --- | --- | --- |
//! | regex alternation (before) | 514 companies | 170 ms | 0.2 MB/s, 420 µs a sentence |
//! | `matcher::CompanyMatcher` | 8,471 companies | 1,440 ms | 2.2 MB/s, 37 µs a sentence |

use std::hint::black_box;
use std::time::Instant;

use tickertone::extract::Companies;
use tickertone::symbols::SymbolTable;

/// A small deterministic generator (64-bit LCG), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

const TEMPLATES: &[&str] = &[
    "{name} said quarterly revenue rose 12% to $4.1 billion, beating estimates.",
    "Shares of {name} fell after the company cut its full-year outlook.",
    "Analysts raised the target price on {cashtag} to $250 from $210.",
    "The agency said there is a gap in the data for March and April.",
    "{name} (NASDAQ: {ticker}) agreed to buy a rival for $2 billion in cash.",
    "Stocks were little changed as investors waited for the Fed's decision on rates.",
    "The CEO told CNBC that AI spending would keep growing through next year.",
    "{name} and {name2} led gains in the sector; {ticker} rose 3%.",
];

fn corpus(names: &[String], tickers: &[String], bytes: usize) -> Vec<String> {
    let mut rng = Rng(42);
    let mut lines = Vec::new();
    let mut total = 0;
    while total < bytes {
        let template = TEMPLATES[rng.next() % TEMPLATES.len()];
        let line = template
            .replace("{name}", &names[rng.next() % names.len()])
            .replace("{name2}", &names[rng.next() % names.len()])
            .replace(
                "{cashtag}",
                &format!("${}", tickers[rng.next() % tickers.len()]),
            )
            .replace("{ticker}", &tickers[rng.next() % tickers.len()]);
        total += line.len();
        lines.push(line);
    }
    lines
}

fn main() {
    let table = SymbolTable::builtin().expect("the built-in table loads");
    let companies = table.companies();
    let tickers: usize = companies.iter().map(|c| c.tickers.len()).sum();
    println!("table: {} companies, {tickers} tickers", companies.len());

    let mut best = f64::MAX;
    let mut built = None;
    for _ in 0..3 {
        let start = Instant::now();
        let c = Companies::new(black_box(table.clone()));
        // The matcher is built on first use: time that too.
        black_box(c.matcher());
        best = best.min(start.elapsed().as_secs_f64());
        built = Some(c);
    }
    let Some(built) = built else { return };
    println!(
        "build (Companies::new + matcher()): {:.1} ms (best of 3)",
        best * 1e3
    );

    let names: Vec<String> = companies.iter().map(|c| c.name.clone()).collect();
    let symbols: Vec<String> = companies.iter().map(|c| c.symbol.clone()).collect();
    let lines = corpus(&names, &symbols, 4 << 20);
    let bytes: usize = lines.iter().map(String::len).sum();
    let start = Instant::now();
    let mut mentions = 0;
    for line in &lines {
        mentions += built.matcher().find(black_box(line)).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "find: {:.1} MB in {:.2} s = {:.1} MB/s, {:.2} µs per sentence ({} sentences, {mentions} mentions)",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        secs * 1e6 / lines.len() as f64,
        lines.len()
    );
}
