//! Throughput of the sentiment scorer (plain `fn main`, no harness).
//!
//! Builds about 50 MB of varied news text in memory from seeded templates (deterministic:
//! the same text every run), then times, on one thread:
//!
//! 1. `score_text` once per line (articles of 1–6 sentences), as `tickertone score` does;
//! 2. `score_text` on the whole 50 MB at once;
//! 3. `score_entities` and `score_target` on multi-company paragraphs (entities named by
//!    ticker, cashtag and name), with an `EntityMatcher` built once, and with
//!    `score_target` / `score_entities` building one per call.
//!
//! Run with `cargo bench -p tickertone-text --bench scorer` (`SCORER_BENCH_MB=20` for a
//! smaller corpus). The target is ≥ 10 MB/s per core (issue 23). Besides
//! wall-clock time, each line reports the CPU time of the benchmark thread (Linux:
//! `/proc/thread-self/schedstat`), the honest "per core" figure on a busy machine.

use std::hint::black_box;
use std::time::Instant;

use tickertone_text::score::{score_entities, score_target, score_text, Entity, EntityMatcher};

/// A small deterministic generator (64-bit LCG), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
    fn num(&mut self, max: u64) -> f64 {
        (self.next() % (max * 10)) as f64 / 10.0
    }
}

const COMPANIES: &[&str] = &[
    "Meta",
    "Alphabet",
    "Apple Inc.",
    "Microsoft",
    "Nvidia",
    "Kestrel Oyj",
    "Northwind Corp.",
    "Helmi Bank",
    "Amazon",
    "Tesla",
];
const TICKERS: &[&str] = &[
    "META",
    "GOOGL",
    "AAPL",
    "MSFT",
    "NVDA",
    "$TSLA",
    "NASDAQ: AMZN",
];
const QUANTITIES: &[&str] = &[
    "operating profit",
    "net sales",
    "net loss",
    "order intake",
    "costs",
    "revenue",
    "earnings per share",
    "operating margin",
    "net debt",
    "the dividend",
];
const MOVES: &[&str] = &[
    "rose",
    "fell",
    "increased",
    "decreased",
    "jumped",
    "narrowed",
    "widened",
    "declined",
    "grew",
    "slipped",
    "was up",
    "was down",
];
const EVENTS: &[&str] = &[
    "beat analysts' estimates",
    "missed the consensus forecast",
    "raised its full-year guidance",
    "cut its outlook for the year",
    "announced a share buyback programme",
    "faces a lawsuit over alleged patent infringement",
    "will lay off 150 workers at its plant",
    "was upgraded to buy by two brokers",
    "did not miss its targets",
    "won an order worth EUR 25 mn",
];
const NEUTRAL: &[&str] = &[
    "The annual general meeting will be held in Helsinki on 18 March.",
    "The company employs about 2,300 people in 14 countries.",
    "Financial terms of the deal were not disclosed.",
    "The report was prepared in accordance with IFRS.",
    "The new shares will be listed on the Helsinki stock exchange together with the old shares.",
    "Vice President Anna Lehtinen will be responsible for operations in the U.S. and Canada.",
    "The value of the order is about EUR 3 mn, and deliveries begin in 2012.",
];
const GLUE: &[&str] = &[
    "",
    "Although demand was weak, ",
    "However, ",
    "As expected, ",
];

fn sentence(r: &mut Rng, out: &mut String) {
    match r.next() % 5 {
        0 | 1 => out.push_str(r.pick(NEUTRAL)),
        2 => {
            let who = r.pick(COMPANIES);
            let q = r.pick(QUANTITIES);
            let m = r.pick(MOVES);
            let (a, b) = (r.num(500), r.num(500));
            out.push_str(&format!(
                "{}{who}'s {q} {m} to EUR {a} mn from EUR {b} mn in the third quarter.",
                r.pick(GLUE)
            ));
        }
        3 => {
            let who = r.pick(TICKERS);
            let e = r.pick(EVENTS);
            out.push_str(&format!("{who} {e}, the company said on Tuesday."));
        }
        _ => {
            let who = r.pick(COMPANIES);
            let (a, b) = (r.num(900), r.num(900));
            out.push_str(&format!(
                "Net sales of {who} totalled EUR {a} mn, compared with EUR {b} mn (EUR {a} mn) a year earlier."
            ));
        }
    }
}

fn corpus(bytes: usize) -> String {
    let mut r = Rng(20_260_101);
    let mut text = String::with_capacity(bytes + 4096);
    while text.len() < bytes {
        let sentences = 1 + r.next() % 6;
        for k in 0..sentences {
            if k > 0 {
                text.push(' ');
            }
            sentence(&mut r, &mut text);
        }
        text.push('\n');
    }
    text
}

/// Nanoseconds this thread has run on a CPU, where the OS tells (Linux).
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Wall-clock and CPU timer.
struct Timer {
    wall: Instant,
    cpu: Option<u64>,
}

impl Timer {
    fn start() -> Self {
        Timer {
            wall: Instant::now(),
            cpu: thread_cpu_ns(),
        }
    }

    fn report(&self, what: &str, bytes: usize, check: f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        let mb = bytes as f64 / 1e6;
        let cpu = match (self.cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) if b > a => {
                format!("{:7.1} MB/s of CPU time", mb / ((b - a) as f64 / 1e9))
            }
            _ => "(no CPU time)".to_string(),
        };
        println!(
            "{what:<50} {mb:5.1} MB in {wall:6.3} s = {:6.1} MB/s wall, {cpu}   (check {check:.3})",
            mb / wall
        );
    }
}

fn main() {
    let size = std::env::var("SCORER_BENCH_MB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(50)
        * 1_000_000;
    let text = corpus(size);
    let lines: Vec<&str> = text.lines().collect();
    println!(
        "corpus: {:.1} MB, {} lines (articles of 1-6 sentences); one thread",
        text.len() as f64 / 1e6,
        lines.len()
    );

    // Warm up the lexicon and the caches.
    black_box(score_text(&text[..100_000.min(text.len())]));

    let t = Timer::start();
    let mut sum = 0.0;
    for l in &lines {
        sum += score_text(black_box(l));
    }
    t.report("score_text, one call per line", text.len(), sum);

    let t = Timer::start();
    let s = score_text(black_box(&text));
    t.report("score_text, whole corpus in one call", text.len(), s);

    let ent_defs: [(&[&str], &[&str]); 5] = [
        (&["META"], &["Meta Platforms, Inc.", "Meta", "Facebook"]),
        (&["GOOGL", "GOOG"], &["Alphabet Inc.", "Alphabet", "Google"]),
        (&["AAPL"], &["Apple Inc.", "Apple"]),
        (&["TSLA"], &["Tesla"]),
        (&["AMZN"], &["Amazon", "Amazon.com"]),
    ];
    let entities: Vec<Entity> = ent_defs
        .iter()
        .map(|(t, n)| Entity {
            tickers: t,
            names: n,
        })
        .collect();
    let matcher = EntityMatcher::new(&entities);

    let t = Timer::start();
    let mut sum = 0.0;
    for l in &lines {
        let r = matcher.score(black_box(l));
        sum += r.entities.iter().flatten().sum::<f64>() + r.article.unwrap_or(0.0);
    }
    t.report("EntityMatcher::score, 5 companies", text.len(), sum);

    let t = Timer::start();
    let mut sum = 0.0;
    for l in &lines {
        sum += score_target(black_box(l), &entities[0]);
    }
    t.report(
        "score_target, one company (matcher per call)",
        text.len(),
        sum,
    );

    let t = Timer::start();
    let mut sum = 0.0;
    for l in &lines {
        let r = score_entities(black_box(l), &entities);
        sum += r.entities.iter().flatten().sum::<f64>() + r.article.unwrap_or(0.0);
    }
    t.report(
        "score_entities, 5 companies (matcher per call)",
        text.len(),
        sum,
    );
}
