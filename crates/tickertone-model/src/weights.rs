//! The weights: `model.safetensors` (or its shards, by `model.safetensors.index.json`), else
//! PyTorch's `pytorch_model.bin`; read whole into memory (no mmap: a file changed under a
//! running batch cannot change its scores), hashed as read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{Device, Tensor};

use crate::error::{ErrorKind, ModelError, Result};

/// Every tensor by name, and a short hash of the weight files.
pub struct Weights {
    pub tensors: HashMap<String, Tensor>,
    /// The first 12 hex digits of the BLAKE3 hash of the weight files' bytes, in order.
    pub hash: String,
    /// The files read (for messages).
    pub files: Vec<PathBuf>,
}

/// Reads the weights of the model in `dir`.
pub fn read(dir: &Path) -> Result<Weights> {
    let single = dir.join("model.safetensors");
    let index = dir.join("model.safetensors.index.json");
    let pth = dir.join("pytorch_model.bin");
    let files = if single.is_file() {
        vec![single]
    } else if index.is_file() {
        shards(&index)?
    } else if pth.is_file() {
        vec![pth]
    } else {
        return Err(ModelError::new(
            ErrorKind::MissingFile,
            format!(
                "{}: no weights: the folder needs model.safetensors (or pytorch_model.bin); \
                 copy it with the model's other files",
                dir.display()
            ),
        ));
    };
    let mut hasher = blake3::Hasher::new();
    let mut tensors = HashMap::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| {
            ModelError::in_file(ErrorKind::Weights, file, format!("cannot be read: {e}"))
        })?;
        hasher.update(&bytes);
        let read = if file.extension().is_some_and(|e| e == "bin") {
            drop(bytes);
            candle_core::pickle::read_all(file).map(|v| v.into_iter().collect())
        } else {
            candle_core::safetensors::load_buffer(&bytes, &Device::Cpu)
        };
        let read: HashMap<String, Tensor> = read.map_err(|e| {
            ModelError::in_file(
                ErrorKind::Weights,
                file,
                format!("not readable weights ({e}); the file may be incomplete: copy it again"),
            )
        })?;
        for (name, t) in read {
            tensors.insert(normalized_name(&name), t);
        }
    }
    let hash = hasher.finalize().to_hex().as_str()[..12].to_string();
    Ok(Weights {
        tensors,
        hash,
        files,
    })
}

/// The shard files a safetensors index names, in name order.
fn shards(index: &Path) -> Result<Vec<PathBuf>> {
    let bad = |what: String| ModelError::in_file(ErrorKind::Weights, index, what);
    let text = std::fs::read_to_string(index).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("is not valid JSON: {e}")))?;
    let mut names: Vec<String> = value
        .get("weight_map")
        .and_then(|m| m.as_object())
        .ok_or_else(|| bad("has no weight_map".into()))?
        .values()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    names.sort();
    names.dedup();
    let dir = index.parent().unwrap_or(Path::new("."));
    let files: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        return Err(ModelError::new(
            ErrorKind::MissingFile,
            format!(
                "{}: missing, though {} names it; copy every weight file of the model",
                missing.display(),
                index.display()
            ),
        ));
    }
    Ok(files)
}

/// Names as `transformers` reads them: TensorFlow-era checkpoints call a layer norm's
/// weight and bias `gamma` and `beta`.
fn normalized_name(name: &str) -> String {
    if let Some(stem) = name.strip_suffix(".gamma") {
        format!("{stem}.weight")
    } else if let Some(stem) = name.strip_suffix(".beta") {
        format!("{stem}.bias")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_layer_norm_names_are_read() {
        assert_eq!(
            normalized_name("bert.embeddings.LayerNorm.gamma"),
            "bert.embeddings.LayerNorm.weight"
        );
        assert_eq!(normalized_name("x.LayerNorm.beta"), "x.LayerNorm.bias");
        assert_eq!(normalized_name("classifier.weight"), "classifier.weight");
    }

    #[test]
    fn a_folder_without_weights_names_them() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path()).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::MissingFile);
        assert!(err.to_string().contains("model.safetensors"), "{err}");
    }

    #[test]
    fn a_truncated_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("model.safetensors"),
            b"\x10\0\0\0\0\0\0\0{\"a\":",
        )
        .unwrap();
        let err = read(dir.path()).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Weights);
        let msg = err.to_string();
        assert!(
            msg.contains("model.safetensors") && msg.contains("copy it again"),
            "{msg}"
        );
    }
}
