//! The files an ingest reads: files named on the command line, folders walked recursively
//! (hidden entries skipped), each folder's files in name order so that runs are
//! reproducible. Links are followed, to files and to folders: a link back into a folder
//! being walked is skipped (walkdir finds the loop), a file reached twice is read once, and
//! what is skipped is said, never dropped silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The files to read, and what was left out of the folders walked, with why.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub files: Vec<PathBuf>,
    /// "in/loop: a link back to in (its own folder or one above it); not followed".
    pub skipped: Vec<String>,
}

pub fn expand_paths(paths: &[PathBuf]) -> Expanded {
    let mut out = Expanded::default();
    // The real file behind each path, so that a file linked twice is read once.
    let mut seen: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut add = |out: &mut Expanded, path: PathBuf| {
        match path.canonicalize() {
            Ok(real) => match seen.get(&real) {
                Some(first) => out.skipped.push(format!(
                    "{}: the same file as {}; read once",
                    path.display(),
                    first.display()
                )),
                None => {
                    seen.insert(real, path.clone());
                    out.files.push(path);
                }
            },
            // Reading it says why it cannot be read.
            Err(_) => out.files.push(path),
        }
    };
    for path in paths {
        if !path.is_dir() {
            add(&mut out, path.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => add(&mut out, e.into_path()),
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => out.skipped.push(format!(
                    "{}: not a file or a folder (a socket, pipe or device); not read",
                    e.path().display()
                )),
                Err(e) => match (e.loop_ancestor(), e.path()) {
                    (Some(ancestor), Some(link)) => out.skipped.push(format!(
                        "{}: a link back to {} (its own folder or one above it); not followed",
                        link.display(),
                        ancestor.display()
                    )),
                    (None, Some(link)) if is_broken_link(link) => out.skipped.push(format!(
                        "{}: a link to {}, which does not exist; not read",
                        link.display(),
                        std::fs::read_link(link)
                            .map(|t| t.display().to_string())
                            .unwrap_or_default()
                    )),
                    // An unreadable folder entry is passed on, so that reading it reports it.
                    (_, p) => out
                        .files
                        .push(p.map(Path::to_path_buf).unwrap_or_else(|| path.clone())),
                },
            }
        }
    }
    out
}

/// Whether `path` is a link whose target is missing.
fn is_broken_link(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
        && !path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_loops_and_dangling_ones_said() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(root.join("a.ndjson"), "").unwrap();
        fs::write(elsewhere.join("b.ndjson"), "").unwrap();
        fs::write(root.join(".hidden.ndjson"), "").unwrap();
        symlink(elsewhere.join("b.ndjson"), root.join("b-link.ndjson")).unwrap();
        symlink(&elsewhere, root.join("folder-link")).unwrap();
        symlink(root.join("a.ndjson"), root.join("sub/again.ndjson")).unwrap();
        symlink(&root, root.join("sub/loop")).unwrap();
        symlink(dir.path().join("gone.json"), root.join("dangling.json")).unwrap();

        let got = expand_paths(std::slice::from_ref(&root));
        let names: Vec<String> = got
            .files
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.ndjson", "b-link.ndjson"], "{got:?}");
        let skipped = got.skipped.join("\n");
        assert!(
            skipped.contains("folder-link/b.ndjson: the same file as"),
            "{skipped}"
        );
        assert!(
            skipped.contains("sub/again.ndjson: the same file as"),
            "{skipped}"
        );
        assert!(skipped.contains("sub/loop: a link back to"), "{skipped}");
        assert!(skipped.contains("dangling.json: a link to"), "{skipped}");
        assert!(!skipped.contains("hidden"), "{skipped}");
    }
}
