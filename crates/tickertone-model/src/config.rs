//! `config.json`: which family the model is, its shape, and what its labels mean.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{ErrorKind, ModelError, Result};

/// The encoder families tickertone runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// BERT (FinBERT: ProsusAI/finbert, yiyanghkust/finbert-tone): a pooler, then a linear.
    Bert,
    /// DistilBERT: six layers, no token types, `pre_classifier` + ReLU, then a linear.
    DistilBert,
    /// RoBERTa (DistilRoBERTa too): positions after the padding index, a dense + tanh head.
    Roberta,
}

impl Family {
    /// The prefix of the encoder's weights in a `…ForSequenceClassification` checkpoint.
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Bert => "bert",
            Family::DistilBert => "distilbert",
            Family::Roberta => "roberta",
        }
    }
}

/// The activation of the feed-forward layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// `gelu`: the exact, erf-based GELU.
    Gelu,
    /// `gelu_new`, `gelu_pytorch_tanh`: the tanh approximation.
    GeluTanh,
    Relu,
}

/// The encoder's shape, as the family's config names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub family: Family,
    pub vocab_size: usize,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub activation: Activation,
    pub max_positions: usize,
    pub type_vocab_size: usize,
    pub layer_norm_eps: f64,
    pub pad_token_id: u32,
}

impl Shape {
    /// Tokens a sequence may have, special tokens included: RoBERTa's positions start after
    /// the padding index, so two of its 514 are never used.
    pub fn window(&self) -> usize {
        match self.family {
            Family::Roberta => self
                .max_positions
                .saturating_sub(self.pad_token_id as usize + 1),
            _ => self.max_positions,
        }
    }
}

/// Which output is positive, negative and (if the model has one) neutral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Per output, its name as `config.json` (or `[scorer] labels`) gives it.
    pub names: Vec<String>,
    pub positive: usize,
    pub negative: usize,
    pub neutral: Option<usize>,
}

/// `config.json` read: the shape and the labels.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelConfig {
    pub shape: Shape,
    pub labels: Labels,
}

/// Reads `config.json`; `labels` (from `[scorer] labels`) names the outputs in order when
/// the file's `id2label` does not say positive / negative / neutral.
pub fn read(file: &Path, labels: Option<&[String]>) -> Result<ModelConfig> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        ModelError::in_file(ErrorKind::Config, file, format!("cannot be read: {e}"))
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        ModelError::in_file(ErrorKind::Config, file, format!("is not valid JSON: {e}"))
    })?;
    let Value::Object(obj) = value else {
        return Err(ModelError::in_file(
            ErrorKind::Config,
            file,
            "is not a JSON object",
        ));
    };
    let shape = shape(file, &obj)?;
    let names = id2label(file, &obj)?;
    let labels = match labels {
        Some(given) => {
            if given.len() != names.len() {
                return Err(ModelError::new(
                    ErrorKind::Labels,
                    format!(
                        "[scorer] labels names {} outputs, but the model in {} has {}: give one \
                         label per output, in the order of its ids",
                        given.len(),
                        dir_of(file).display(),
                        names.len()
                    ),
                ));
            }
            meaning(given).map_err(|why| {
                ModelError::new(
                    ErrorKind::Labels,
                    format!(
                        "[scorer] labels = {given:?}: {why}; give each output as positive, \
                         negative or neutral"
                    ),
                )
            })?
        }
        None => meaning(&names).map_err(|why| {
            ModelError::in_file(
                ErrorKind::Labels,
                file,
                format!(
                    "id2label is {names:?}: {why}. tickertone reads a sentiment model's \
                     positive, negative and neutral outputs; if the model's card says what its \
                     labels mean, set [scorer] labels = [...] in tickertone.toml, one per id in \
                     order (e.g. [\"negative\", \"neutral\", \"positive\"])"
                ),
            )
        })?,
    };
    Ok(ModelConfig { shape, labels })
}

fn dir_of(file: &Path) -> &Path {
    file.parent().unwrap_or(Path::new("."))
}

fn shape(file: &Path, obj: &Map<String, Value>) -> Result<Shape> {
    let model_type = obj
        .get("model_type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let family = match model_type.as_str() {
        "bert" => Family::Bert,
        "distilbert" => Family::DistilBert,
        "roberta" => Family::Roberta,
        other => {
            let shown = if other.is_empty() {
                "no model_type".to_string()
            } else {
                format!("model_type \"{other}\"")
            };
            return Err(ModelError::in_file(
                ErrorKind::Architecture,
                file,
                format!(
                    "{shown}: tickertone runs BERT, DistilBERT and RoBERTa sequence \
                     classifiers (model_type bert, distilbert or roberta)"
                ),
            ));
        }
    };
    if let Some(archs) = obj.get("architectures").and_then(Value::as_array) {
        let names: Vec<&str> = archs.iter().filter_map(Value::as_str).collect();
        if !names.is_empty()
            && !names
                .iter()
                .any(|a| a.ends_with("ForSequenceClassification"))
        {
            return Err(ModelError::in_file(
                ErrorKind::Architecture,
                file,
                format!(
                    "architectures is {names:?}, not a sequence classifier: tickertone needs a \
                     model fine-tuned for classification (BertForSequenceClassification, \
                     DistilBertForSequenceClassification, RobertaForSequenceClassification)"
                ),
            ));
        }
    }
    if let Some(kind) = obj.get("position_embedding_type").and_then(Value::as_str) {
        if kind != "absolute" {
            return Err(ModelError::in_file(
                ErrorKind::Architecture,
                file,
                format!("position_embedding_type \"{kind}\": only \"absolute\" is supported"),
            ));
        }
    }
    let num = |keys: &[&str]| -> Result<usize> {
        keys.iter()
            .find_map(|k| obj.get(*k).and_then(Value::as_u64))
            .map(|v| v as usize)
            .ok_or_else(|| {
                ModelError::in_file(
                    ErrorKind::Config,
                    file,
                    format!("lacks {} (a whole number)", keys[0]),
                )
            })
    };
    let distil = family == Family::DistilBert;
    let act_key = if distil { "activation" } else { "hidden_act" };
    let activation = match obj.get(act_key).and_then(Value::as_str).unwrap_or("gelu") {
        "gelu" => Activation::Gelu,
        "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast" => Activation::GeluTanh,
        "relu" => Activation::Relu,
        other => {
            return Err(ModelError::in_file(
                ErrorKind::Architecture,
                file,
                format!("{act_key} \"{other}\" is not supported (gelu, gelu_new or relu)"),
            ))
        }
    };
    let shape = if distil {
        Shape {
            family,
            vocab_size: num(&["vocab_size"])?,
            hidden: num(&["dim"])?,
            layers: num(&["n_layers"])?,
            heads: num(&["n_heads"])?,
            intermediate: num(&["hidden_dim"])?,
            activation,
            max_positions: num(&["max_position_embeddings"])?,
            type_vocab_size: 0,
            // DistilBERT's layer norms are built with this epsilon, not from the config.
            layer_norm_eps: 1e-12,
            pad_token_id: num(&["pad_token_id"]).unwrap_or(0) as u32,
        }
    } else {
        Shape {
            family,
            vocab_size: num(&["vocab_size"])?,
            hidden: num(&["hidden_size"])?,
            layers: num(&["num_hidden_layers"])?,
            heads: num(&["num_attention_heads"])?,
            intermediate: num(&["intermediate_size"])?,
            activation,
            max_positions: num(&["max_position_embeddings"])?,
            type_vocab_size: num(&["type_vocab_size"]).unwrap_or(2),
            layer_norm_eps: obj
                .get("layer_norm_eps")
                .and_then(Value::as_f64)
                .unwrap_or(1e-12),
            pad_token_id: num(&["pad_token_id"]).unwrap_or(if family == Family::Roberta {
                1
            } else {
                0
            }) as u32,
        }
    };
    if shape.heads == 0 || shape.hidden % shape.heads != 0 || shape.window() < 3 {
        return Err(ModelError::in_file(
            ErrorKind::Config,
            file,
            format!(
                "an impossible shape: {} hidden units in {} heads, {} positions",
                shape.hidden, shape.heads, shape.max_positions
            ),
        ));
    }
    Ok(shape)
}

/// `id2label` in id order (`{"0": "positive", …}`).
fn id2label(file: &Path, obj: &Map<String, Value>) -> Result<Vec<String>> {
    let Some(Value::Object(map)) = obj.get("id2label") else {
        return Err(ModelError::in_file(
            ErrorKind::Labels,
            file,
            "has no id2label: tickertone reads the labels of a sentiment classifier from it; \
             set [scorer] labels = [...] in tickertone.toml, one per output in order",
        ));
    };
    let mut pairs: Vec<(usize, String)> = Vec::with_capacity(map.len());
    for (k, v) in map {
        let id = k.trim().parse::<usize>().ok();
        match (id, v.as_str()) {
            (Some(id), Some(name)) => pairs.push((id, name.to_string())),
            _ => {
                return Err(ModelError::in_file(
                    ErrorKind::Labels,
                    file,
                    format!("id2label has an entry \"{k}\": {v} that is not id → name"),
                ))
            }
        }
    }
    pairs.sort();
    if pairs.iter().enumerate().any(|(i, (id, _))| *id != i) {
        return Err(ModelError::in_file(
            ErrorKind::Labels,
            file,
            "id2label's ids are not 0, 1, 2, … without gaps",
        ));
    }
    Ok(pairs.into_iter().map(|(_, n)| n).collect())
}

/// Which outputs mean what: positive and negative once each, neutral at most once, nothing
/// else. `Err` says what is wrong.
fn meaning(names: &[String]) -> std::result::Result<Labels, String> {
    let mut positive = None;
    let mut negative = None;
    let mut neutral = None;
    for (i, name) in names.iter().enumerate() {
        let slot = match name.trim().to_ascii_lowercase().as_str() {
            "positive" | "pos" => &mut positive,
            "negative" | "neg" => &mut negative,
            "neutral" | "neu" => &mut neutral,
            _ => return Err(format!("\"{name}\" is not positive, negative or neutral")),
        };
        if slot.replace(i).is_some() {
            return Err(format!("\"{name}\" is given twice"));
        }
    }
    match (positive, negative) {
        (Some(positive), Some(negative)) => Ok(Labels {
            names: names.to_vec(),
            positive,
            negative,
            neutral,
        }),
        _ => Err("a sentiment model needs a positive and a negative output".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(json: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.json");
        std::fs::write(&file, json).unwrap();
        (dir, file)
    }

    const BERT: &str = r#"{"model_type": "bert", "architectures": ["BertForSequenceClassification"],
        "vocab_size": 100, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4,
        "intermediate_size": 64, "max_position_embeddings": 64, "type_vocab_size": 2,
        "id2label": {"0": "Positive", "1": "NEGATIVE", "2": "neutral"}}"#;

    #[test]
    fn labels_in_any_order_and_case() {
        let (_d, f) = write(BERT);
        let c = read(&f, None).unwrap();
        assert_eq!((c.labels.positive, c.labels.negative), (0, 1));
        assert_eq!(c.labels.neutral, Some(2));
        assert_eq!(c.shape.family, Family::Bert);
        assert_eq!(c.shape.window(), 64);
    }

    #[test]
    fn generic_labels_need_the_config_and_say_so() {
        let json = BERT
            .replace("Positive", "LABEL_0")
            .replace("NEGATIVE", "LABEL_1");
        let (_d, f) = write(&json);
        let err = read(&f, None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Labels);
        let msg = err.to_string();
        assert!(
            msg.contains("config.json") && msg.contains("LABEL_0") && msg.contains("labels"),
            "{msg}"
        );
        let given: Vec<String> = ["negative", "neutral", "positive"].map(String::from).into();
        let c = read(&f, Some(&given)).unwrap();
        assert_eq!((c.labels.positive, c.labels.negative), (2, 0));
        let err = read(&f, Some(&given[..2])).unwrap_err();
        assert!(err.to_string().contains("2 outputs"), "{err}");
    }

    #[test]
    fn other_architectures_are_named() {
        let (_d, f) = write(&BERT.replace("\"bert\"", "\"albert\""));
        let err = read(&f, None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Architecture);
        assert!(err.to_string().contains("albert"), "{err}");
        let (_d, f) = write(&BERT.replace("ForSequenceClassification", "ForMaskedLM"));
        let err = read(&f, None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Architecture);
        assert!(err.to_string().contains("BertForMaskedLM"), "{err}");
    }

    #[test]
    fn roberta_positions_start_after_the_padding_index() {
        let json = BERT
            .replace("\"bert\"", "\"roberta\"")
            .replace("Bert", "Roberta");
        let (_d, f) = write(&json);
        let c = read(&f, None).unwrap();
        assert_eq!(c.shape.pad_token_id, 1);
        assert_eq!(c.shape.window(), 62);
    }
}
