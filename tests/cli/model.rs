//! `--model` and `[scorer] model`: a transformer model scores text at `score`, `ingest` and
//! `run`, on the tiny fixtures of `crates/tickertone-model` (their expected outputs come
//! from `transformers`, see `scripts/model/make_fixtures.py`). Without the `model` feature,
//! asking for a model is a usage error that says how to build it.

#[cfg(feature = "model")]
use std::fs;
#[cfg(feature = "model")]
use std::path::Path;

use crate::Workspace;

#[cfg(feature = "model")]
fn fixture_dir(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/tickertone-model/tests/fixtures")
        .join(name)
}

/// Copies the model fixture `name` to `<ws>/<rel>`; returns the copy's path as text.
#[cfg(feature = "model")]
fn copy_model(ws: &Workspace, name: &str, rel: &str) -> String {
    let to = ws.path(rel);
    fs::create_dir_all(&to).unwrap();
    for entry in fs::read_dir(fixture_dir(name)).unwrap() {
        let p = entry.unwrap().path();
        fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    to.to_string_lossy().into_owned()
}

#[cfg(feature = "model")]
fn expected(name: &str) -> serde_json::Value {
    let text = fs::read_to_string(fixture_dir(name).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[cfg(not(feature = "model"))]
#[test]
fn without_the_feature_a_model_is_a_usage_error_saying_how_to_build() {
    let ws = Workspace::new();
    let out = ws
        .cmd()
        .args(["score", "--model", "models/finbert"])
        .write_stdin("Shares rose.\n")
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("--features model"), "{err}");
    // The config file's model too, before anything is recorded.
    ws.write(
        "tickertone.toml",
        "[scorer]\nmodel = \"ProsusAI/finbert\"\n",
    );
    ws.write(
        "in/a.ndjson",
        "{\"id\":\"a\",\"published_at\":\"2025-03-03\",\"tickers\":\"AAPL\",\"title\":\"Apple rose\"}\n",
    );
    ws.cmd().args(["ingest", "in"]).assert().code(2);
    assert_eq!(ws.stored_rows(), 0);
}

/// The 50 sentences through `score --model`: transformers' scores, to the 4 decimals shown.
#[cfg(feature = "model")]
#[test]
fn score_gives_the_reference_scores() {
    for name in ["tiny-bert", "tiny-distilbert"] {
        let ws = Workspace::new();
        let dir = copy_model(&ws, name, name);
        let want = expected(name);
        let lines: Vec<&str> = want["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let out = ws
            .cmd()
            .args(["score", "--model", &dir])
            .write_stdin(lines.join("\n") + "\n")
            .assert()
            .code(0);
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        let got: Vec<f64> = stdout.lines().map(|l| l.parse().unwrap()).collect();
        assert_eq!(got.len(), 50, "{stdout}");
        for (i, g) in got.iter().enumerate() {
            let w = want["scores"][i].as_f64().unwrap();
            assert!((g - w).abs() <= 1e-4, "{name} line {i}: {g} against {w}");
        }
    }
}

/// A model whose labels are LABEL_0… needs `[scorer] labels`; with them, it scores.
#[cfg(feature = "model")]
#[test]
fn generic_labels_are_named_in_the_config_file() {
    let ws = Workspace::new();
    let dir = copy_model(&ws, "tiny-roberta", "models/roberta");
    let want = expected("tiny-roberta");
    let line = want["sentences"][2].as_str().unwrap();
    let out = ws
        .cmd()
        .args(["score", "--model", &dir])
        .write_stdin(format!("{line}\n"))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("LABEL_0") && err.contains("[scorer] labels") && err.contains("config.json"),
        "{err}"
    );
    ws.write(
        "tickertone.toml",
        "[scorer]\nmodel = \"models/roberta\"\nlabels = [\"negative\", \"neutral\", \"positive\"]\n",
    );
    let out = ws
        .cmd()
        .args(["score"])
        .write_stdin(format!("{line}\n"))
        .assert()
        .code(0);
    let got: f64 = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .parse()
        .unwrap();
    assert!((got - want["scores"][2].as_f64().unwrap()).abs() <= 1e-4);
}

/// At ingest, the model scores what has no score: per company on the sentences naming it,
/// else the whole text; the store says `model` and which model.
#[cfg(feature = "model")]
#[test]
fn ingest_records_model_scores_and_the_model() {
    use tickertone_model::Model;
    let ws = Workspace::new();
    let dir = copy_model(&ws, "tiny-bert", "models/tiny-bert");
    let want = expected("tiny-bert");
    let first = want["sentences"][0].as_str().unwrap();
    ws.write(
        "in/news.ndjson",
        &[
            serde_json::json!({"id": "a", "published_at": "2025-03-03", "tickers": ["HLF"],
                "title": first}),
            serde_json::json!({"id": "b", "published_at": "2025-03-03", "tickers": ["AAPL"],
                "title": "Apple lifted its outlook.",
                "body": "Markets were calm. Apple shares rose 3% after the call."}),
            serde_json::json!({"id": "c", "published_at": "2025-03-03", "tickers": ["MSFT"],
                "title": "Microsoft fell", "sentiment": 0.5}),
        ]
        .map(|v| v.to_string())
        .join("\n"),
    );
    ws.cmd()
        .args(["ingest", "in", "--model", &dir])
        .assert()
        .code(0);
    assert_eq!(ws.stored_text("ticker"), ["HLF", "AAPL", "MSFT"]);
    assert_eq!(
        ws.stored_text("score_source"),
        ["model", "model", "article"]
    );
    let hash = blake3::hash(&fs::read(fixture_dir("tiny-bert").join("model.safetensors")).unwrap())
        .to_hex()
        .as_str()[..12]
        .to_string();
    let id = format!("tiny-bert@{hash}");
    assert_eq!(
        ws.stored_text("score_model"),
        [id.as_str(), id.as_str(), ""]
    );
    let scores = ws.stored_numbers("score");
    // HLF is named in no sentence: the whole text's score, the reference's.
    assert!((scores[0] - want["scores"][0].as_f64().unwrap()).abs() <= 1e-4);
    // AAPL: the two sentences naming Apple, combined as the built-in scorer combines them.
    let model = Model::load_dir(Path::new(&dir), "tiny-bert", None).unwrap();
    let s = model
        .scores(&[
            "Apple lifted its outlook.",
            "Apple shares rose 3% after the call.",
        ])
        .unwrap();
    let aapl = tickertone_text::score::weighted_mean(s);
    assert!(
        (scores[1] - aapl).abs() <= 1e-6,
        "{} against {aapl}",
        scores[1]
    );
    assert_eq!(scores[2], 0.5);
}

/// `[scorer] model` in the config file: `run` scores its inbox (a raw page too) with it.
#[cfg(feature = "model")]
#[test]
fn run_scores_the_inbox_with_the_configured_model() {
    let ws = Workspace::new();
    copy_model(&ws, "tiny-distilbert", "models/distil");
    ws.write("tickertone.toml", "[scorer]\nmodel = \"models/distil\"\n");
    ws.write(
        "data/inbox/page.txt",
        "Apple lifts its outlook as iPhone sales beat forecasts\n\nMay 28, 2025\n\n\
         Apple said sales rose 8%. Analysts were pleased.\n",
    );
    ws.cmd().args(["run", "--format", "csv"]).assert().code(0);
    let sources = ws.stored_text("score_source");
    assert!(
        !sources.is_empty() && sources.iter().all(|s| s == "model"),
        "{sources:?}"
    );
    assert!(ws
        .stored_text("score_model")
        .iter()
        .all(|m| m.starts_with("distil@")));
}

/// A fixture, the copy's folder, how it is damaged, and what the error must say.
#[cfg(feature = "model")]
type Case = (
    &'static str,
    &'static str,
    fn(&Path),
    &'static [&'static str],
);

/// A model that cannot be loaded stops the command before anything is read or recorded,
/// naming the file and what is wrong.
#[cfg(feature = "model")]
#[test]
fn broken_models_are_refused_by_name_and_nothing_is_recorded() {
    let ws = Workspace::new();
    ws.write(
        "in/a.ndjson",
        "{\"id\":\"a\",\"published_at\":\"2025-03-03\",\"tickers\":\"AAPL\",\"title\":\"Apple rose\"}\n",
    );
    let cases: [Case; 7] = [
        (
            "tiny-bert",
            "no-config",
            |d| fs::remove_file(d.join("config.json")).unwrap(),
            &["config.json", "missing"],
        ),
        (
            "tiny-bert",
            "no-vocab",
            |d| fs::remove_file(d.join("vocab.txt")).unwrap(),
            &["no tokenizer", "vocab.txt"],
        ),
        (
            "tiny-bert",
            "no-weights",
            |d| fs::remove_file(d.join("model.safetensors")).unwrap(),
            &["no weights", "model.safetensors"],
        ),
        (
            "tiny-bert",
            "truncated",
            |d| {
                let f = d.join("model.safetensors");
                let bytes = fs::read(&f).unwrap();
                fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
            },
            &["model.safetensors", "copy it again"],
        ),
        (
            "tiny-bert",
            "albert",
            |d| {
                let f = d.join("config.json");
                let text = fs::read_to_string(&f)
                    .unwrap()
                    .replace("\"bert\"", "\"albert\"");
                fs::write(&f, text).unwrap();
            },
            &["config.json", "albert", "BERT, DistilBERT and RoBERTa"],
        ),
        (
            "tiny-distilbert",
            "bad-tokenizer",
            |d| fs::write(d.join("tokenizer.json"), "{\"version\": 1}").unwrap(),
            &["tokenizer.json", "cannot read this tokenizer"],
        ),
        (
            "tiny-bert",
            "other-labels",
            |d| {
                let f = d.join("config.json");
                let text = fs::read_to_string(&f)
                    .unwrap()
                    .replace("\"neutral\"", "\"bullish\"");
                fs::write(&f, text).unwrap();
            },
            &["config.json", "bullish", "positive, negative or neutral"],
        ),
    ];
    for (name, rel, damage, words) in cases {
        let dir = copy_model(&ws, name, rel);
        damage(Path::new(&dir));
        let out = ws
            .cmd()
            .args(["ingest", "in", "--model", &dir])
            .assert()
            .code(1);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        for w in words {
            assert!(err.contains(w), "{rel}: {w:?} not in {err}");
        }
        assert_eq!(ws.stored_rows(), 0, "{rel}");
        assert!(ws.rejected().is_empty(), "{rel}");
    }
    let out = ws
        .cmd()
        .args(["score", "--model", "no/such-model"])
        .write_stdin("x\n")
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("no/such-model") && err.contains("Hugging Face cache"),
        "{err}"
    );
}

/// A model id is found in the Hugging Face cache under `$HF_HOME`, at the snapshot
/// `refs/main` names; the store records the id. `--target` reads the sentences naming the
/// company, as the built-in scorer does.
#[cfg(feature = "model")]
#[test]
fn a_model_id_is_read_from_the_local_hugging_face_cache() {
    use tickertone_model::Model;
    let ws = Workspace::new();
    let repo = "hf/hub/models--desk--tiny-finbert";
    let snap = copy_model(&ws, "tiny-bert", &format!("{repo}/snapshots/0123abcd"));
    ws.write(&format!("{repo}/refs/main"), "0123abcd");
    let line = "Markets were calm. Apple lifted its outlook after strong sales.";
    let out = ws
        .cmd()
        .env_remove("HF_HUB_CACHE")
        .env("HF_HOME", ws.path("hf"))
        .args(["score", "--model", "desk/tiny-finbert", "--target", "AAPL"])
        .write_stdin(format!("{line}\n"))
        .assert()
        .code(0);
    let got: f64 = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .parse()
        .unwrap();
    let model = Model::load_dir(Path::new(&snap), "x", None).unwrap();
    let want = model
        .scores(&["Apple lifted its outlook after strong sales."])
        .unwrap()[0];
    assert!((got - want).abs() <= 1e-4, "{got} against {want}");
    ws.write(
        "in/a.ndjson",
        "{\"id\":\"a\",\"published_at\":\"2025-03-03\",\"tickers\":\"AAPL\",\"title\":\"Apple rose\"}\n",
    );
    ws.cmd()
        .env_remove("HF_HUB_CACHE")
        .env("HF_HOME", ws.path("hf"))
        .args(["ingest", "in", "--model", "desk/tiny-finbert"])
        .assert()
        .code(0);
    assert!(ws.stored_text("score_model")[0].starts_with("desk/tiny-finbert@"));
}
