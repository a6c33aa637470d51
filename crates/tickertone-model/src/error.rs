//! What can go wrong loading or running a model, each said with the file and the fix.

use std::fmt;
use std::path::Path;

/// Which kind of problem: tests and callers match on it, people read the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// No folder of that name, and no model of that id in the Hugging Face cache.
    NotFound,
    /// The folder lacks a file the model needs.
    MissingFile,
    /// `config.json` cannot be read or lacks a field.
    Config,
    /// Not a BERT, DistilBERT or RoBERTa sequence classifier.
    Architecture,
    /// The labels are not positive / negative (/ neutral).
    Labels,
    /// The tokenizer files cannot be read.
    Tokenizer,
    /// The weights cannot be read, or do not fit the configuration.
    Weights,
    /// Running the loaded model failed.
    Inference,
}

/// A model error: its kind and a sentence naming the file and the fix.
#[derive(Debug, Clone)]
pub struct ModelError {
    kind: ErrorKind,
    message: String,
}

impl ModelError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ModelError {
            kind,
            message: message.into(),
        }
    }

    /// A problem with one file: "`<file>`: `<what>`".
    pub fn in_file(kind: ErrorKind, file: &Path, what: impl fmt::Display) -> Self {
        ModelError::new(kind, format!("{}: {what}", file.display()))
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ModelError {}

pub type Result<T> = std::result::Result<T, ModelError>;

/// Wraps an error of candle's as an inference failure (a loaded model that cannot run).
pub(crate) fn inference(e: candle_core::Error) -> ModelError {
    ModelError::new(
        ErrorKind::Inference,
        format!("the model failed to run: {e}"),
    )
}
