//! Where a model's files are: a folder given by path, or a model id (`ProsusAI/finbert`)
//! found in the local Hugging Face cache. Never the network: a model that is not on disk is
//! an error saying how to bring it.

use std::path::{Path, PathBuf};

use crate::error::{ErrorKind, ModelError, Result};

/// A model folder and the name the store records for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub dir: PathBuf,
    /// The model id for a cache snapshot (`ProsusAI/finbert`), else the folder's name.
    pub name: String,
}

/// The folder `spec` names, or the cached snapshot of the model id `spec`.
pub fn locate(spec: &str) -> Result<Located> {
    let spec = spec.trim();
    let path = Path::new(spec);
    if path.is_dir() {
        return Ok(Located {
            dir: path.to_path_buf(),
            name: name_of_folder(path),
        });
    }
    let caches = cache_roots();
    if let Some(id) = as_model_id(spec) {
        for root in &caches {
            if let Some(dir) = snapshot(root, id) {
                return Ok(Located {
                    dir,
                    name: id.to_string(),
                });
            }
        }
    }
    let looked: Vec<String> = caches.iter().map(|p| p.display().to_string()).collect();
    let cache_note = if as_model_id(spec).is_some() && !looked.is_empty() {
        format!(
            ", nor a model id in the Hugging Face cache (looked in {})",
            looked.join(", ")
        )
    } else {
        String::new()
    };
    Err(ModelError::new(
        ErrorKind::NotFound,
        format!(
            "model '{spec}': no such folder{cache_note}; give the folder holding the model's \
             config.json, tokenizer and weights (copied from a machine with a network, see \
             the README's \"Scoring with your own model\")"
        ),
    ))
}

/// `org/name` or `name`: what a Hugging Face model id looks like (no path syntax).
fn as_model_id(spec: &str) -> Option<&str> {
    let ok = !spec.is_empty()
        && spec.matches('/').count() <= 1
        && !spec.starts_with(['.', '/', '~'])
        && !spec.ends_with('/')
        && spec
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    ok.then_some(spec)
}

/// The hub caches to look in, in Hugging Face's own order: `$HF_HUB_CACHE`, `$HF_HOME/hub`,
/// `$XDG_CACHE_HOME/huggingface/hub`, `~/.cache/huggingface/hub`.
fn cache_roots() -> Vec<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let mut roots = Vec::new();
    if let Some(p) = var("HF_HUB_CACHE") {
        roots.push(p);
    }
    if let Some(p) = var("HF_HOME") {
        roots.push(p.join("hub"));
    } else if let Some(p) = var("XDG_CACHE_HOME") {
        roots.push(p.join("huggingface").join("hub"));
    } else if let Some(p) = var("HOME") {
        roots.push(p.join(".cache").join("huggingface").join("hub"));
    }
    roots
}

/// `<root>/models--org--name/snapshots/<revision>`: the revision `refs/main` names, else
/// the only (or latest written) snapshot.
fn snapshot(root: &Path, id: &str) -> Option<PathBuf> {
    let repo = root.join(format!("models--{}", id.replace('/', "--")));
    let snapshots = repo.join("snapshots");
    if let Ok(rev) = std::fs::read_to_string(repo.join("refs").join("main")) {
        let dir = snapshots.join(rev.trim());
        if dir.join("config.json").is_file() {
            return Some(dir);
        }
    }
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&snapshots)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("config.json").is_file())
        .map(|p| {
            let when = p
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (when, p)
        })
        .collect();
    found.sort();
    found.pop().map(|(_, p)| p)
}

/// A cache snapshot's model id (`…/models--org--name/snapshots/<rev>` → `org/name`), else
/// the folder's own name.
fn name_of_folder(dir: &Path) -> String {
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let parts: Vec<String> = abs
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let n = parts.len();
    if n >= 3 && parts[n - 2] == "snapshots" {
        if let Some(repo) = parts[n - 3].strip_prefix("models--") {
            return repo.replacen("--", "/", 1);
        }
    }
    parts.last().cloned().unwrap_or_else(|| "model".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_from_paths() {
        assert_eq!(as_model_id("ProsusAI/finbert"), Some("ProsusAI/finbert"));
        assert_eq!(as_model_id("finbert"), Some("finbert"));
        assert_eq!(as_model_id("./finbert"), None);
        assert_eq!(as_model_id("/srv/models/finbert"), None);
        assert_eq!(as_model_id("a/b/c"), None);
        assert_eq!(as_model_id("~/finbert"), None);
    }

    #[test]
    fn a_cached_model_is_found_by_its_id() {
        let root = tempfile::tempdir().unwrap();
        let repo = root.path().join("models--ProsusAI--finbert");
        let snap = repo.join("snapshots").join("abc123");
        std::fs::create_dir_all(&snap).unwrap();
        std::fs::write(snap.join("config.json"), "{}").unwrap();
        std::fs::create_dir_all(repo.join("refs")).unwrap();
        std::fs::write(repo.join("refs").join("main"), "abc123\n").unwrap();
        assert_eq!(
            snapshot(root.path(), "ProsusAI/finbert"),
            Some(snap.clone())
        );
        assert_eq!(name_of_folder(&snap), "ProsusAI/finbert");
        // Without refs/main, the only snapshot.
        std::fs::remove_file(repo.join("refs").join("main")).unwrap();
        assert_eq!(snapshot(root.path(), "ProsusAI/finbert"), Some(snap));
        assert_eq!(snapshot(root.path(), "other/model"), None);
    }

    #[test]
    fn a_missing_model_names_itself_and_the_fix() {
        let err = locate("/nonexistent/finbert").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        let msg = err.to_string();
        assert!(
            msg.contains("/nonexistent/finbert") && msg.contains("README"),
            "{msg}"
        );
    }
}
