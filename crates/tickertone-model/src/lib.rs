//! tickertone's transformer scorer: a Hugging Face sequence classifier of the BERT,
//! DistilBERT or RoBERTa family (FinBERT and its kin), run on the CPU in Rust.
//!
//! [`Model::load`] reads a model folder (or a model id from the local Hugging Face cache,
//! never the network): `config.json`, the tokenizer, the weights. Everything is read and
//! checked, and one text run through, before it returns, so a model that loads is a model
//! that scores. [`Model::scores`] gives each text P(positive) − P(negative) under the model,
//! in [-1, 1]; [`Model::logits`] the raw outputs, in the order of the model's labels.
//!
//! Texts are tokenized, truncated to the model's window, sorted by length and run in
//! batches of similar lengths (little padding), each batch's matrix products on every core
//! (candle's CPU backend, the gemm crate).

mod config;
mod encoder;
mod error;
mod locate;
mod tokenizer;
mod weights;

use std::path::{Path, PathBuf};

use candle_core::{DType, Device};
use candle_nn::VarBuilder;

pub use config::{Family, Labels};
pub use error::{ErrorKind, ModelError, Result};
pub use locate::{locate, Located};

/// Padded tokens a batch may hold: large enough that each matrix product keeps both cores
/// busy, small enough that a batch of long texts stays a few hundred MB of activations.
const BATCH_TOKENS: usize = 4096;
/// Sequences a batch may hold.
const BATCH_ROWS: usize = 64;

/// A loaded sequence classifier.
pub struct Model {
    name: String,
    hash: String,
    dir: PathBuf,
    family: Family,
    labels: Labels,
    tokens: tokenizer::Tokens,
    encoder: encoder::Encoder,
    vocab_size: usize,
    window: usize,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Model({} {:?} in {})",
            self.id(),
            self.family,
            self.dir.display()
        )
    }
}

impl Model {
    /// Loads the model `spec` names: a folder, or a model id found in the Hugging Face
    /// cache. `labels` (from `[scorer] labels`) names the outputs in order when
    /// `config.json`'s `id2label` does not say positive / negative / neutral.
    pub fn load(spec: &str, labels: Option<&[String]>) -> Result<Model> {
        let located = locate(spec)?;
        Model::load_dir(&located.dir, &located.name, labels)
    }

    /// Loads the model in `dir`, recorded under `name`.
    pub fn load_dir(dir: &Path, name: &str, labels: Option<&[String]>) -> Result<Model> {
        let config_file = dir.join("config.json");
        if !config_file.is_file() {
            return Err(ModelError::new(
                ErrorKind::MissingFile,
                format!(
                    "{}: missing: a Hugging Face model folder holds config.json, the tokenizer \
                     and the weights; copy the whole folder",
                    config_file.display()
                ),
            ));
        }
        let config = config::read(&config_file, labels)?;
        let shape = config.shape;
        let mut tokens = tokenizer::Tokens::load(dir, shape.family)?;
        let window = tokens
            .max_length
            .map_or(shape.window(), |m| m.min(shape.window()));
        tokens.set_window(window)?;
        if tokens.vocab_size() > shape.vocab_size {
            return Err(ModelError::new(
                ErrorKind::Tokenizer,
                format!(
                    "{}: the tokenizer knows {} tokens but the model only {} (config.json's \
                     vocab_size): the tokenizer files are not this model's; copy the model's own",
                    dir.display(),
                    tokens.vocab_size(),
                    shape.vocab_size
                ),
            ));
        }
        let weights = weights::read(dir)?;
        let shown: Vec<String> = weights
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        let vb = VarBuilder::from_tensors(weights.tensors, DType::F32, &Device::Cpu);
        let n_labels = config.labels.names.len();
        let encoder = encoder::Encoder::load(vb, &shape, n_labels).map_err(|e| {
            ModelError::new(
                ErrorKind::Weights,
                format!(
                    "{}: the weights do not fit config.json's {:?} sequence classifier with {} \
                     labels ({e}); copy the model's weights and config.json together",
                    shown.join(", "),
                    shape.family,
                    n_labels
                ),
            )
        })?;
        let model = Model {
            name: name.to_string(),
            hash: weights.hash,
            dir: dir.to_path_buf(),
            family: shape.family,
            labels: config.labels,
            tokens,
            encoder,
            vocab_size: shape.vocab_size,
            window,
        };
        // One text through the whole model: what fails here would fail every batch.
        model.logits(&["tickertone"])?;
        Ok(model)
    }

    /// The model's id (`ProsusAI/finbert`) or its folder's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The first 12 hex digits of the BLAKE3 hash of the weight files.
    pub fn weights_hash(&self) -> &str {
        &self.hash
    }

    /// `name@hash`: what the store records for each mention the model scored.
    pub fn id(&self) -> String {
        format!("{}@{}", self.name, self.hash)
    }

    pub fn family(&self) -> Family {
        self.family
    }

    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    /// Tokens a text is truncated to, special tokens included.
    pub fn window(&self) -> usize {
        self.window
    }

    /// The token ids of a text as the model reads it (truncated to the window).
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>> {
        let ids = self.tokens.ids(text)?;
        if let Some(&bad) = ids.iter().find(|&&i| i as usize >= self.vocab_size) {
            return Err(ModelError::new(
                ErrorKind::Tokenizer,
                format!(
                    "{}: the tokenizer gave token {bad}, beyond the model's {} embeddings",
                    self.dir.display(),
                    self.vocab_size
                ),
            ));
        }
        Ok(ids)
    }

    /// Each text's logits, in the order of the model's labels.
    pub fn logits(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let seqs = texts
            .iter()
            .map(|t| self.token_ids(t))
            .collect::<Result<Vec<_>>>()?;
        self.logits_of_ids(&seqs)
    }

    /// Each text's score: P(positive) − P(negative), in [-1, 1].
    pub fn scores(&self, texts: &[&str]) -> Result<Vec<f64>> {
        Ok(self
            .logits(texts)?
            .iter()
            .map(|l| self.score_of(l))
            .collect())
    }

    /// P(positive) − P(negative) of one text's logits (a softmax in f64).
    pub fn score_of(&self, logits: &[f32]) -> f64 {
        let max = logits.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b)) as f64;
        let exp: Vec<f64> = logits.iter().map(|&l| (l as f64 - max).exp()).collect();
        let total: f64 = exp.iter().sum();
        let p = |i: usize| exp.get(i).copied().unwrap_or(0.0) / total;
        (p(self.labels.positive) - p(self.labels.negative)).clamp(-1.0, 1.0)
    }

    /// Logits of token sequences: sorted by length, cut into batches of similar lengths.
    pub fn logits_of_ids(&self, seqs: &[Vec<u32>]) -> Result<Vec<Vec<f32>>> {
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&i| seqs[i].len());
        let n_labels = self.labels.names.len();
        let mut out = vec![Vec::new(); seqs.len()];
        let mut start = 0;
        while start < order.len() {
            // Ascending lengths: the batch's last sequence is its longest.
            let mut end = start + 1;
            while end < order.len()
                && end - start < BATCH_ROWS
                && (end - start + 1) * seqs[order[end]].len() <= BATCH_TOKENS
            {
                end += 1;
            }
            let batch = &order[start..end];
            let width = seqs[order[end - 1]].len();
            let mut ids = Vec::with_capacity(batch.len() * width);
            let mut lengths = Vec::with_capacity(batch.len());
            for &i in batch {
                ids.extend_from_slice(&seqs[i]);
                ids.extend(std::iter::repeat_n(0, width - seqs[i].len()));
                lengths.push(seqs[i].len());
            }
            let logits = self
                .encoder
                .logits(&ids, &lengths, width)
                .map_err(error::inference)?;
            for (row, &i) in batch.iter().enumerate() {
                out[i] = logits[row * n_labels..(row + 1) * n_labels].to_vec();
            }
            start = end;
        }
        Ok(out)
    }
}
