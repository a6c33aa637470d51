//! The model's tokenizer: `tokenizer.json` when the folder has one, else built from the
//! slow tokenizer's files as `transformers` builds its fast tokenizer from them
//! (`vocab.txt`: BERT's WordPiece; `vocab.json` + `merges.txt`: RoBERTa's byte-level BPE).
//! Sequences are truncated to the model's window, special tokens included.

use std::path::Path;

use serde_json::Value;
use tokenizers::models::bpe::BPE;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::bert::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::processors::bert::BertProcessing;
use tokenizers::processors::roberta::RobertaProcessing;
use tokenizers::{AddedToken, Tokenizer, TruncationParams};

use crate::config::Family;
use crate::error::{ErrorKind, ModelError, Result};

/// The tokenizer and the files it came from (for messages).
pub struct Tokens {
    tokenizer: Tokenizer,
    /// The largest model window the tokenizer allows (`model_max_length`), if it says.
    pub max_length: Option<usize>,
}

impl Tokens {
    /// Loads the tokenizer of the model in `dir`, for a model of `family`.
    pub fn load(dir: &Path, family: Family) -> Result<Tokens> {
        let settings = Settings::read(dir)?;
        let json = dir.join("tokenizer.json");
        let tokenizer = if json.is_file() {
            Tokenizer::from_file(&json).map_err(|e| unreadable(&json, e))?
        } else if dir.join("vocab.txt").is_file() {
            wordpiece(dir, &settings)?
        } else if dir.join("vocab.json").is_file() && dir.join("merges.txt").is_file() {
            byte_level_bpe(dir, &settings)?
        } else {
            let wanted = match family {
                Family::Roberta => "tokenizer.json, or vocab.json and merges.txt",
                _ => "tokenizer.json or vocab.txt",
            };
            return Err(ModelError::new(
                ErrorKind::MissingFile,
                format!(
                    "{}: no tokenizer: the folder needs {wanted}; copy them with the model's \
                     other files",
                    dir.display()
                ),
            ));
        };
        Ok(Tokens {
            tokenizer,
            max_length: settings.max_length,
        })
    }

    /// Truncates every sequence to `window` tokens and pads none (batches are padded by
    /// the caller, to their own longest sequence).
    pub fn set_window(&mut self, window: usize) -> Result<()> {
        self.tokenizer.with_padding(None);
        self.tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: window,
                ..Default::default()
            }))
            .map_err(|e| ModelError::new(ErrorKind::Tokenizer, e.to_string()))?;
        Ok(())
    }

    /// The token ids of `text`, special tokens included, truncated to the window.
    pub fn ids(&self, text: &str) -> Result<Vec<u32>> {
        let enc = self.tokenizer.encode(text, true).map_err(|e| {
            ModelError::new(
                ErrorKind::Inference,
                format!("the tokenizer failed on a text: {e}"),
            )
        })?;
        Ok(enc.get_ids().to_vec())
    }

    /// The largest token id the tokenizer can give.
    pub fn vocab_size(&self) -> usize {
        self.tokenizer.get_vocab_size(true)
    }
}

fn unreadable(file: &Path, e: impl std::fmt::Display) -> ModelError {
    ModelError::in_file(
        ErrorKind::Tokenizer,
        file,
        format!(
            "tickertone cannot read this tokenizer ({e}); copy the model's tokenizer files \
             again, or save them with a recent `transformers` (tokenizer.save_pretrained)"
        ),
    )
}

/// What `tokenizer_config.json` and `special_tokens_map.json` say, with `transformers`'
/// defaults where they say nothing.
struct Settings {
    lowercase: Option<bool>,
    strip_accents: Option<bool>,
    chinese_chars: bool,
    max_length: Option<usize>,
    special: serde_json::Map<String, Value>,
}

impl Settings {
    fn read(dir: &Path) -> Result<Settings> {
        let object = |name: &str| -> Result<serde_json::Map<String, Value>> {
            let file = dir.join(name);
            let Ok(text) = std::fs::read_to_string(&file) else {
                return Ok(Default::default());
            };
            match serde_json::from_str(&text) {
                Ok(Value::Object(o)) => Ok(o),
                _ => Err(unreadable(&file, "not a JSON object")),
            }
        };
        let config = object("tokenizer_config.json")?;
        let mut special = object("special_tokens_map.json")?;
        for key in [
            "cls_token",
            "sep_token",
            "unk_token",
            "pad_token",
            "mask_token",
            "bos_token",
            "eos_token",
        ] {
            if let Some(v) = config.get(key) {
                special.entry(key).or_insert_with(|| v.clone());
            }
        }
        Ok(Settings {
            lowercase: config.get("do_lower_case").and_then(Value::as_bool),
            strip_accents: config.get("strip_accents").and_then(Value::as_bool),
            chinese_chars: config
                .get("tokenize_chinese_chars")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            // Tokenizers without a limit write a huge number (1e30): not a window.
            max_length: config
                .get("model_max_length")
                .and_then(Value::as_f64)
                .filter(|n| (1.0..1e6).contains(n))
                .map(|n| n as usize),
            special,
        })
    }

    /// A special token's text: from the files, else the family's default.
    fn token(&self, key: &str, default: &str) -> String {
        match self.special.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(o)) => o
                .get("content")
                .and_then(Value::as_str)
                .unwrap_or(default)
                .to_string(),
            _ => default.to_string(),
        }
    }
}

/// The id of `token` in the tokenizer, or an error naming the vocabulary file.
fn id_of(tok: &Tokenizer, token: &str, file: &Path) -> Result<(String, u32)> {
    tok.token_to_id(token)
        .map(|id| (token.to_string(), id))
        .ok_or_else(|| unreadable(file, format!("its vocabulary has no {token} token")))
}

/// BERT's tokenizer from `vocab.txt`, as `transformers`' BertConverter builds it.
fn wordpiece(dir: &Path, s: &Settings) -> Result<Tokenizer> {
    let vocab = dir.join("vocab.txt");
    let unk = s.token("unk_token", "[UNK]");
    let model = WordPiece::from_file(&vocab.to_string_lossy())
        .unk_token(unk.clone())
        .continuing_subword_prefix("##".into())
        .build()
        .map_err(|e| unreadable(&vocab, e))?;
    let mut tok = Tokenizer::new(model);
    let lowercase = s.lowercase.unwrap_or(true);
    tok.with_normalizer(Some(BertNormalizer::new(
        true,
        s.chinese_chars,
        s.strip_accents,
        lowercase,
    )))
    .map_err(|e| unreadable(&vocab, e))?;
    tok.with_pre_tokenizer(Some(BertPreTokenizer));
    let cls = id_of(&tok, &s.token("cls_token", "[CLS]"), &vocab)?;
    let sep = id_of(&tok, &s.token("sep_token", "[SEP]"), &vocab)?;
    tok.with_post_processor(Some(BertProcessing::new(sep.clone(), cls.clone())));
    let mut special = vec![unk, cls.0, sep.0];
    special.push(s.token("pad_token", "[PAD]"));
    special.push(s.token("mask_token", "[MASK]"));
    add_special(&mut tok, &special, &vocab)?;
    Ok(tok)
}

/// RoBERTa's tokenizer from `vocab.json` and `merges.txt`, as `transformers`'
/// RobertaConverter builds it.
fn byte_level_bpe(dir: &Path, s: &Settings) -> Result<Tokenizer> {
    let (vocab, merges) = (dir.join("vocab.json"), dir.join("merges.txt"));
    let model = BPE::from_file(&vocab.to_string_lossy(), &merges.to_string_lossy())
        .continuing_subword_prefix(String::new())
        .end_of_word_suffix(String::new())
        .build()
        .map_err(|e| unreadable(&vocab, e))?;
    let mut tok = Tokenizer::new(model);
    tok.with_pre_tokenizer(Some(ByteLevel::default().add_prefix_space(false)));
    tok.with_decoder(Some(ByteLevel::default()));
    let cls = id_of(&tok, &s.token("cls_token", "<s>"), &vocab)?;
    let sep = id_of(&tok, &s.token("sep_token", "</s>"), &vocab)?;
    tok.with_post_processor(Some(
        RobertaProcessing::new(sep.clone(), cls.clone())
            .trim_offsets(true)
            .add_prefix_space(false),
    ));
    let special = [
        cls.0,
        sep.0,
        s.token("unk_token", "<unk>"),
        s.token("pad_token", "<pad>"),
        s.token("mask_token", "<mask>"),
    ];
    add_special(&mut tok, &special, &vocab)?;
    Ok(tok)
}

/// Marks the special tokens the vocabulary has, so text holding one is not split into it.
fn add_special(tok: &mut Tokenizer, tokens: &[String], file: &Path) -> Result<()> {
    let known: Vec<AddedToken> = tokens
        .iter()
        .filter(|t| tok.token_to_id(t).is_some())
        .map(|t| AddedToken::from(t.clone(), true))
        .collect();
    tok.add_special_tokens(known)
        .map_err(|e| unreadable(file, e))?;
    Ok(())
}
