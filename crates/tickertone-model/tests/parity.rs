//! tickertone's outputs against `transformers`' for the tiny random models of
//! `scripts/model/make_fixtures.py`: the same token ids, and logits and scores within 1e-4.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tickertone_model::Model;

const TOLERANCE: f64 = 1e-4;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(name).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Loads the fixture, checks every sentence against the reference; returns the largest
/// differences (logits, scores).
fn check(name: &str, labels: Option<&[String]>) -> (f64, f64) {
    let model = Model::load_dir(&fixture(name), name, labels).unwrap();
    let want = expected(name);
    assert_eq!(model.window(), want["window"].as_u64().unwrap() as usize);
    let sentences: Vec<&str> = want["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(sentences.len(), 50);
    for (i, s) in sentences.iter().enumerate() {
        let ids: Vec<u64> = model
            .token_ids(s)
            .unwrap()
            .iter()
            .map(|&x| x as u64)
            .collect();
        let want_ids: Vec<u64> = want["token_ids"][i]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect();
        assert_eq!(ids, want_ids, "{name}: token ids of sentence {i}: {s}");
    }
    let logits = model.logits(&sentences).unwrap();
    let scores = model.scores(&sentences).unwrap();
    let (mut worst_logit, mut worst_score) = (0f64, 0f64);
    for i in 0..sentences.len() {
        let want_logits = numbers(&want["logits"][i]);
        assert_eq!(logits[i].len(), want_logits.len());
        for (got, want) in logits[i].iter().zip(&want_logits) {
            worst_logit = worst_logit.max((f64::from(*got) - want).abs());
        }
        let want_score = want["scores"][i].as_f64().unwrap();
        worst_score = worst_score.max((scores[i] - want_score).abs());
    }
    assert!(
        worst_logit <= TOLERANCE && worst_score <= TOLERANCE,
        "{name}: logits differ by up to {worst_logit:e}, scores by {worst_score:e}"
    );
    // One sentence alone (no padding) gives what it gave in the batch.
    let alone = model.logits(&sentences[7..8]).unwrap();
    for (a, b) in alone[0].iter().zip(&logits[7]) {
        assert!((a - b).abs() < 1e-5, "{name}: padding changed a result");
    }
    eprintln!("{name}: largest difference: logits {worst_logit:.1e}, scores {worst_score:.1e}");
    (worst_logit, worst_score)
}

#[test]
fn bert_from_vocab_txt_and_safetensors() {
    check("tiny-bert", None);
}

#[test]
fn distilbert_from_tokenizer_json_and_pytorch_bin() {
    check("tiny-distilbert", None);
}

#[test]
fn roberta_from_vocab_json_and_merges_with_labels_given() {
    let labels: Vec<String> = ["negative", "neutral", "positive"].map(String::from).into();
    check("tiny-roberta", Some(&labels));
}
