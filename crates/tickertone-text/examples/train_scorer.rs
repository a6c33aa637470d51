//! Trains the learned scorer's weights (run by `scripts/train/train.sh`; see
//! `scripts/train/README.md`).
//!
//! ```text
//! cargo run --release -p tickertone-text --example train_scorer -- \
//!     TRAIN.tsv OUT.bin [DEV.tsv ...]
//! ```
//!
//! TRAIN.tsv: `label<TAB>target<TAB>text[<TAB>weight]`, label negative/neutral/positive,
//! target a company name as written in the text, `$TICKER`, or empty. Features are the
//! crate's own (`tickertone_text::score::train`), so training sees what scoring sees.
//! Multinomial logistic regression, AdaGrad with L2, a fixed number of epochs over a
//! fixed-seed shuffle, single-threaded: the same data gives the same file, bit for bit.
//! DEV files (`label<TAB>text` or `label<TAB>target<TAB>text`) are scored with the new
//! weights (before 16-bit quantisation) and their accuracy and macro-F1 printed.

use std::error::Error;

use tickertone_text::score::train::{
    example_features, model_file, score_target_with, score_text_with, Feat, Weights, BUCKETS,
    CLASSES, DENSE,
};
use tickertone_text::score::{label, Entity};

const EPOCHS: usize = 1;
const RATE: f32 = 0.03;
const L2: f32 = 2e-6;
const SEED: u64 = 20_260_523;
const BALANCE: f32 = 1.0;
const BAGS: u64 = 16;
/// The rules' features learn faster than words: they generalise, words memorise.
const DENSE_RATE: f32 = 4.0;

/// A hyperparameter, overridable for experiments (`TRAIN_EPOCHS=4 …`); the committed model
/// uses the defaults.
fn param<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Float {
    bias: [f32; CLASSES],
    dense: [[f32; CLASSES]; DENSE],
    table: Vec<[f32; CLASSES]>,
}

impl Float {
    fn row(&self, f: Feat) -> [f32; CLASSES] {
        let i = f.idx as usize;
        if i < BUCKETS {
            self.table[i]
        } else {
            self.dense[i - BUCKETS].map(|w| w * f.val)
        }
    }
}

impl Weights for Float {
    fn logits(&self, feats: &[Feat]) -> [f64; CLASSES] {
        let mut l = self.bias.map(f64::from);
        for &f in feats {
            let r = self.row(f);
            for c in 0..CLASSES {
                l[c] += f64::from(r[c]);
            }
        }
        l
    }
    fn contribution(&self, f: Feat) -> [f64; CLASSES] {
        self.row(f).map(f64::from)
    }
    fn bias(&self) -> [f64; CLASSES] {
        self.bias.map(f64::from)
    }
}

struct Example {
    class: usize,
    weight: f32,
    feats: Vec<Feat>,
}

fn class_of(label: &str) -> Option<usize> {
    match label {
        "negative" => Some(0),
        "neutral" => Some(1),
        "positive" => Some(2),
        _ => None,
    }
}

/// Scores `text` for `target` (a name, `$TICKER`, or empty) with `f`.
fn with_target<R>(target: &str, f: impl FnOnce(Option<&Entity>) -> R) -> R {
    if target.is_empty() {
        return f(None);
    }
    let ticker = target.strip_prefix('$');
    let tickers: Vec<&str> = ticker.into_iter().collect();
    let names: Vec<&str> = if ticker.is_some() {
        Vec::new()
    } else {
        vec![target]
    };
    let e = Entity {
        tickers: &tickers,
        names: &names,
    };
    f(Some(&e))
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn softmax(l: [f64; CLASSES]) -> [f64; CLASSES] {
    // The crate's own deterministic exponential, through a one-sentence score would lose
    // the neutral probability; this mirrors `learned::probabilities`.
    tickertone_text::score::train::probabilities(l)
}

fn train(examples: &[Example], seed: u64) -> Float {
    let mut m = Float {
        bias: [0.0; CLASSES],
        dense: [[0.0; CLASSES]; DENSE],
        table: vec![[0.0; CLASSES]; BUCKETS],
    };
    let mut g_table = vec![[1e-6f32; CLASSES]; BUCKETS];
    let mut g_dense = [[1e-6f32; CLASSES]; DENSE];
    let mut g_bias = [1e-6f32; CLASSES];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(seed);
    let (epochs, rate, l2) = (
        param("TRAIN_EPOCHS", EPOCHS),
        param("TRAIN_RATE", RATE),
        param("TRAIN_L2", L2),
    );
    let dense_rate = param("TRAIN_DENSE_RATE", DENSE_RATE);
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut loss = 0.0f64;
        for &k in &order {
            let ex = &examples[k];
            let p = softmax(m.logits(&ex.feats));
            loss -= f64::from(ex.weight) * p[ex.class].max(1e-12).ln();
            let mut g = [0f32; CLASSES];
            for c in 0..CLASSES {
                let y = if c == ex.class { 1.0 } else { 0.0 };
                g[c] = (p[c] - y) as f32 * ex.weight;
            }
            for c in 0..CLASSES {
                g_bias[c] += g[c] * g[c];
                m.bias[c] -= rate * g[c] / g_bias[c].sqrt();
            }
            for f in &ex.feats {
                let i = f.idx as usize;
                if i < BUCKETS {
                    for c in 0..CLASSES {
                        let gc = g[c] * f.val + l2 * m.table[i][c];
                        g_table[i][c] += gc * gc;
                        m.table[i][c] -= rate * gc / g_table[i][c].sqrt();
                    }
                } else {
                    let d = i - BUCKETS;
                    for c in 0..CLASSES {
                        let gc = g[c] * f.val;
                        g_dense[d][c] += gc * gc;
                        m.dense[d][c] -= dense_rate * gc / g_dense[d][c].sqrt();
                    }
                }
            }
        }
        eprintln!(
            "epoch {}: mean loss {:.4}",
            epoch + 1,
            loss / examples.len() as f64
        );
    }
    m
}

/// Accuracy and macro-F1 of `w` on a dev file.
fn evaluate(w: &Float, path: &str) -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut confusion = [[0usize; CLASSES]; CLASSES];
    let show_wrong = std::env::var_os("TRAIN_SHOW_WRONG").is_some();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (gold, target, sentence) = match cols.as_slice() {
            [g, s] => (*g, "", *s),
            [g, t, s, ..] => (*g, *t, *s),
            _ => continue,
        };
        let Some(g) = class_of(gold) else { continue };
        let score = with_target(target, |e| match e {
            Some(e) => score_target_with(w, sentence, e),
            None => score_text_with(w, sentence),
        });
        let p = class_of(label(score)).unwrap_or(1);
        confusion[g][p] += 1;
        if show_wrong && p != g {
            println!("  wrong {gold:>8} {score:+.2} [{target}] {sentence}");
        }
    }
    let total: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..CLASSES).map(|i| confusion[i][i]).sum();
    let mut f1 = 0.0;
    for (c, row) in confusion.iter().enumerate() {
        let tp = row[c] as f64;
        let pred: usize = confusion.iter().map(|r| r[c]).sum();
        let act: usize = row.iter().sum();
        let p = if pred > 0 { tp / pred as f64 } else { 0.0 };
        let r = if act > 0 { tp / act as f64 } else { 0.0 };
        f1 += if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
    }
    println!(
        "{path}: {total} rows, accuracy {:.4}, macro-F1 {:.4}",
        correct as f64 / total.max(1) as f64,
        f1 / 3.0
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train_path, out_path, dev @ ..] = args.as_slice() else {
        return Err("usage: train_scorer TRAIN.tsv OUT.bin [DEV.tsv ...]".into());
    };
    let text = std::fs::read_to_string(train_path)?;
    let mut examples = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [gold, target, sentence, rest @ ..] = cols.as_slice() else {
            return Err(format!("{train_path}:{}: expected label, target, text", n + 1).into());
        };
        let class =
            class_of(gold).ok_or_else(|| format!("{train_path}:{}: label {gold:?}", n + 1))?;
        let weight = match rest.first() {
            Some(w) => w.parse::<f32>()?,
            None => 1.0,
        };
        let feats = with_target(target, |e| example_features(sentence, e));
        examples.push(Example {
            class,
            weight,
            feats,
        });
    }
    // Classes weighted toward balance: (mean class weight / class weight)^BALANCE.
    let balance: f32 = param("TRAIN_BALANCE", BALANCE);
    let mut per_class = [0f32; CLASSES];
    for e in &examples {
        per_class[e.class] += e.weight;
    }
    let mean = per_class.iter().sum::<f32>() / CLASSES as f32;
    for e in &mut examples {
        e.weight *= (mean / per_class[e.class].max(1.0)).powf(balance);
    }
    eprintln!("{} examples, class weights {per_class:?}", examples.len());
    // The mean of several runs over different shuffles: one run of SGD depends on its order.
    let bags: u64 = param("TRAIN_BAGS", BAGS);
    let mut m = train(&examples, SEED);
    for k in 1..bags {
        let other = train(&examples, SEED + k);
        for (a, b) in m.table.iter_mut().zip(&other.table) {
            for c in 0..CLASSES {
                a[c] += b[c];
            }
        }
        for (a, b) in m.dense.iter_mut().zip(&other.dense) {
            for c in 0..CLASSES {
                a[c] += b[c];
            }
        }
        for c in 0..CLASSES {
            m.bias[c] += other.bias[c];
        }
    }
    let inv = 1.0 / bags.max(1) as f32;
    for row in m.table.iter_mut() {
        for w in row.iter_mut() {
            *w *= inv;
        }
    }
    for row in m.dense.iter_mut() {
        for w in row.iter_mut() {
            *w *= inv;
        }
    }
    for w in m.bias.iter_mut() {
        *w *= inv;
    }
    std::fs::write(out_path, model_file(m.bias, &m.dense, &m.table))?;
    eprintln!("wrote {out_path}");
    for d in dev {
        evaluate(&m, d)?;
    }
    Ok(())
}
