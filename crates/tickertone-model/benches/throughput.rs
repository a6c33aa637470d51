//! The transformer scorer's speed on a randomly initialised model of FinBERT's shape
//! (BERT-base: 12 layers, 768 hidden, 12 heads, 3 072 intermediate, 30 522 tokens; 110 M
//! parameters), the size of every FinBERT-class model a desk would run.
//!
//!   cargo bench -p tickertone-model --bench throughput
//!
//! The model is made here (weights drawn as `transformers` initialises BERT: normal with
//! σ = 0.02, layer norms at 1, biases at 0; a WordPiece vocabulary of the sample data's
//! words, the letters and filler, 30 522 entries) and kept in the bench's temporary folder.
//! The texts are the titles and summaries of the repository's sample data (`data/inbox`).
//! Speed does not depend on the weights' values, only on the shape and the token counts,
//! which are printed beside the figures.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{DType, Device, Tensor};
use tickertone_model::Model;

const HIDDEN: usize = 768;
const LAYERS: usize = 12;
const INTERMEDIATE: usize = 3072;
const VOCAB: usize = 30522;
const POSITIONS: usize = 512;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Titles and summaries of the sample data, in file order.
fn sample_texts() -> (Vec<String>, Vec<String>) {
    fn walk(v: &serde_json::Value, titles: &mut Vec<String>, bodies: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    match (k.as_str(), x.as_str()) {
                        ("title" | "headline", Some(s)) => titles.push(s.to_string()),
                        ("summary" | "body" | "description", Some(s)) => bodies.push(s.to_string()),
                        _ => walk(x, titles, bodies),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, titles, bodies)),
            _ => {}
        }
    }
    let (mut titles, mut bodies) = (Vec::new(), Vec::new());
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![repo().join("data/inbox")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("the sample data") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "json" || x == "ndjson" || x == "jsonl")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable sample data");
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => walk(&v, &mut titles, &mut bodies),
            Err(_) => text
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .for_each(|v| walk(&v, &mut titles, &mut bodies)),
        }
    }
    (titles, bodies)
}

/// The FinBERT-shaped model's folder, made on first use.
fn finbert_shaped(words: &BTreeSet<String>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("finbert-shaped");
    std::fs::create_dir_all(&dir).expect("the bench's folder");
    let mut vocab: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        .map(String::from)
        .into();
    let mut seen: BTreeSet<String> = vocab.iter().cloned().collect();
    let chars = (b'!'..=b'~').map(|c| (c as char).to_string());
    for t in chars
        .clone()
        .chain(chars.map(|c| format!("##{c}")))
        .chain(words.iter().cloned())
    {
        if vocab.len() < VOCAB && seen.insert(t.clone()) {
            vocab.push(t);
        }
    }
    let mut n = 0;
    while vocab.len() < VOCAB {
        vocab.push(format!("[unused{n}]"));
        n += 1;
    }
    std::fs::write(dir.join("vocab.txt"), vocab.join("\n") + "\n").expect("vocab.txt");
    let config = serde_json::json!({
        "model_type": "bert", "architectures": ["BertForSequenceClassification"],
        "vocab_size": VOCAB, "hidden_size": HIDDEN, "num_hidden_layers": LAYERS,
        "num_attention_heads": 12, "intermediate_size": INTERMEDIATE,
        "hidden_act": "gelu", "max_position_embeddings": POSITIONS, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "pad_token_id": 0,
        "id2label": {"0": "positive", "1": "negative", "2": "neutral"}
    });
    std::fs::write(dir.join("config.json"), config.to_string()).expect("config.json");
    // The weights are kept between runs (random: any draw is as fast as another).
    if dir.join("model.safetensors").is_file() {
        return dir;
    }
    let dev = Device::Cpu;
    let mut t: HashMap<String, Tensor> = HashMap::new();
    let mut normal = |name: &str, shape: &[usize]| {
        let v = Tensor::randn(0f32, 0.02, shape, &dev).expect("random weights");
        t.insert(name.to_string(), v);
    };
    normal("bert.embeddings.word_embeddings.weight", &[VOCAB, HIDDEN]);
    normal(
        "bert.embeddings.position_embeddings.weight",
        &[POSITIONS, HIDDEN],
    );
    normal("bert.embeddings.token_type_embeddings.weight", &[2, HIDDEN]);
    for l in 0..LAYERS {
        let p = format!("bert.encoder.layer.{l}");
        for m in [
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
        ] {
            normal(&format!("{p}.{m}.weight"), &[HIDDEN, HIDDEN]);
        }
        normal(
            &format!("{p}.attention.output.dense.weight"),
            &[HIDDEN, HIDDEN],
        );
        normal(
            &format!("{p}.intermediate.dense.weight"),
            &[INTERMEDIATE, HIDDEN],
        );
        normal(&format!("{p}.output.dense.weight"), &[HIDDEN, INTERMEDIATE]);
    }
    normal("bert.pooler.dense.weight", &[HIDDEN, HIDDEN]);
    normal("classifier.weight", &[3, HIDDEN]);
    let mut fill = |name: String, size: usize, value: f64| {
        let v = (Tensor::ones(size, DType::F32, &dev).expect("ones") * value).expect("fill");
        t.insert(name, v);
    };
    let mut norms = vec!["bert.embeddings.LayerNorm".to_string()];
    let mut biases: Vec<(String, usize)> = Vec::new();
    for l in 0..LAYERS {
        let p = format!("bert.encoder.layer.{l}");
        norms.push(format!("{p}.attention.output.LayerNorm"));
        norms.push(format!("{p}.output.LayerNorm"));
        for m in [
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
        ] {
            biases.push((format!("{p}.{m}"), HIDDEN));
        }
        biases.push((format!("{p}.attention.output.dense"), HIDDEN));
        biases.push((format!("{p}.intermediate.dense"), INTERMEDIATE));
        biases.push((format!("{p}.output.dense"), HIDDEN));
    }
    biases.push(("bert.pooler.dense".into(), HIDDEN));
    biases.push(("classifier".into(), 3));
    for n in norms {
        fill(format!("{n}.weight"), HIDDEN, 1.0);
        fill(format!("{n}.bias"), HIDDEN, 0.0);
    }
    for (n, size) in biases {
        fill(format!("{n}.bias"), size, 0.0);
    }
    let params: usize = t.values().map(|x| x.elem_count()).sum();
    eprintln!("made a random FinBERT-shaped model: {params} parameters");
    candle_core::safetensors::save(&t, dir.join("model.safetensors")).expect("weights");
    dir
}

/// CPU seconds this process has used (user + system; Linux's /proc), so that a figure can
/// be read apart from what other processes took of the machine meanwhile.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

/// `n` items in `wall` seconds that took `cpu` CPU seconds: the rate, and the rate the
/// machine's cores would give if this process had them all.
fn rates(n: usize, wall: f64, cpu: f64, cores: usize) -> String {
    format!(
        "{:.1}/s wall; {:.1} per CPU-second, {:.1}/s on {cores} free cores",
        n as f64 / wall,
        n as f64 / cpu,
        n as f64 / cpu * cores as f64
    )
}

fn main() {
    let (titles, bodies) = sample_texts();
    // The vocabulary: the words of the sample data, of the symbol table and of the
    // templates of benches/gen_articles.py (the corpus benches/model.sh ingests), so that
    // texts split into words and common pieces, as a real vocabulary splits news.
    let more: Vec<String> = ["data/symbols.csv", "benches/gen_articles.py"]
        .iter()
        .map(|f| std::fs::read_to_string(repo().join(f)).unwrap_or_default())
        .collect();
    let words: BTreeSet<String> = titles
        .iter()
        .chain(&bodies)
        .chain(&more)
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
        })
        .collect();
    let dir = finbert_shaped(&words);
    let started = Instant::now();
    let model = Model::load_dir(&dir, "finbert-shaped", None).expect("the model loads");
    println!(
        "load: {:.2} s (config, tokenizer, 440 MB of weights read and hashed, one text run)",
        started.elapsed().as_secs_f64()
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cores: {threads}");

    // Headlines, as `score --model` and an ingest of headline-only records run them.
    let n = std::env::var("HEADLINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000usize);
    let heads: Vec<&str> = titles.iter().cycle().take(n).map(String::as_str).collect();
    let tokens: usize = heads
        .iter()
        .map(|h| model.token_ids(h).expect("tokens").len())
        .sum();
    model.scores(&heads[..64]).expect("warm-up");
    let (started, cpu) = (Instant::now(), cpu_seconds());
    model.scores(&heads).expect("scores");
    let (secs, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    println!(
        "headlines, batched: {n} in {secs:.2} s ({:.1} tokens each, [CLS] and [SEP] included): {}",
        tokens as f64 / n as f64,
        rates(n, secs, cpu, threads)
    );
    let one = 50.min(n);
    let (started, cpu) = (Instant::now(), cpu_seconds());
    for h in &heads[..one] {
        model.scores(&[h]).expect("scores");
    }
    let (secs, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    println!(
        "headlines, one call each: {one} in {secs:.2} s: {}",
        rates(one, secs, cpu, threads)
    );

    // Articles with summaries: the whole text and each of its sentences (an article
    // naming a company in every sentence: the most an ingest runs per article).
    let articles = std::env::var("ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000usize);
    let texts: Vec<(String, Vec<String>)> = titles
        .iter()
        .zip(&bodies)
        .cycle()
        .take(articles)
        .map(|(t, b)| {
            let whole = format!("{t}\n\n{b}");
            let mut parts = vec![t.clone()];
            parts.extend(
                b.split_inclusive(". ")
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
            (whole, parts)
        })
        .collect();
    let all: Vec<&str> = texts
        .iter()
        .flat_map(|(w, p)| std::iter::once(w.as_str()).chain(p.iter().map(String::as_str)))
        .collect();
    let tokens: usize = all
        .iter()
        .map(|h| model.token_ids(h).expect("tokens").len())
        .sum();
    let (started, cpu) = (Instant::now(), cpu_seconds());
    model.scores(&all).expect("scores");
    let (secs, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    println!(
        "{articles} articles with summaries: {} sequences ({:.1} tokens each) in {secs:.1} s ({cpu:.1} CPU s): articles {}",
        all.len(),
        tokens as f64 / all.len() as f64,
        rates(articles, secs, cpu, threads)
    );
}
