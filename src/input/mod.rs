//! Input readers: files, folders and stdin → validated articles plus rejected records.
//!
//! Each reader turns one input into a [`FileBatch`]; nothing here knows about the store. A
//! record that cannot be recorded becomes a [`Rejection`] with its place and raw text, and
//! the reader goes on with the next record.

mod csv;
mod json;
mod ndjson;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::extract::{Article, ParseOptions};

/// Where a record came from: the file (or `-` for stdin), its line, its index in the file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based line where the record starts, when the format has lines.
    pub line: Option<usize>,
    /// 1-based index of the record in its file.
    pub record: Option<usize>,
}

/// A record that was not recorded, and why; written to `<data>/rejected/` as one JSON line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rejection {
    #[serde(flatten)]
    pub location: Location,
    pub reason: String,
    pub raw: String,
}

/// Everything read from one input.
#[derive(Debug, Default)]
pub struct FileBatch {
    pub file: String,
    pub articles: Vec<Article>,
    pub rejections: Vec<Rejection>,
    /// The input could not be read at all (its one rejection says why).
    pub unreadable: bool,
}

impl FileBatch {
    fn new(file: &str) -> Self {
        FileBatch {
            file: file.to_string(),
            ..Default::default()
        }
    }

    fn reject(&mut self, line: Option<usize>, record: Option<usize>, reason: String, raw: &str) {
        self.rejections.push(Rejection {
            location: Location {
                file: self.file.clone(),
                line,
                record,
            },
            reason,
            raw: clip(raw).to_string(),
        });
    }

    fn unreadable(file: &str, reason: String) -> Self {
        let mut batch = FileBatch::new(file);
        batch.reject(None, None, reason, "");
        batch.unreadable = true;
        batch
    }
}

/// Raw text kept for a rejected record is cut at this size: enough to see what went wrong.
const MAX_RAW_BYTES: usize = 64 * 1024;

fn clip(raw: &str) -> &str {
    if raw.len() <= MAX_RAW_BYTES {
        return raw;
    }
    let mut end = MAX_RAW_BYTES;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    &raw[..end]
}

/// The input formats of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ndjson,
    Json,
    Csv,
    Text,
}

impl Format {
    /// By extension; `None` when the extension says nothing (the content decides).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "txt" | "md" => Some(Format::Text),
            _ => None,
        }
    }

    /// By the first bytes of the content.
    fn sniff(head: &[u8]) -> Format {
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('[') {
            return Format::Json;
        }
        if text.starts_with('{') {
            // Two objects on two lines are NDJSON; one object over several lines is JSON.
            let first_line = text.lines().next().unwrap_or("");
            return if serde_json::from_str::<serde_json::Value>(first_line).is_ok() {
                Format::Ndjson
            } else {
                Format::Json
            };
        }
        let header = text.lines().next().unwrap_or("").to_ascii_lowercase();
        if header.contains(',') && header.contains("ticker") {
            return Format::Csv;
        }
        Format::Text
    }
}

/// Files named on the command line, folders walked recursively (hidden entries skipped),
/// each folder's files in name order so that runs are reproducible.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
                    Ok(_) => {}
                    // An unreadable folder entry is passed on, so that reading it reports it.
                    Err(e) => out.push(
                        e.path()
                            .map(Path::to_path_buf)
                            .unwrap_or_else(|| path.clone()),
                    ),
                }
            }
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// Reads every file (in parallel), keeping the order of `files` in the result.
pub fn read_files(files: &[PathBuf], opts: &ParseOptions) -> Vec<FileBatch> {
    files.par_iter().map(|f| read_file(f, opts)).collect()
}

/// Reads one file in the format its extension, else its content, says.
pub fn read_file(path: &Path, opts: &ParseOptions) -> FileBatch {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return FileBatch::unreadable(&name, format!("cannot read the file: {e}")),
    };
    let mut reader = BufReader::new(file);
    let format = match Format::from_extension(path) {
        Some(f) => f,
        None => match reader.fill_buf() {
            Ok(head) => Format::sniff(head),
            Err(e) => return FileBatch::unreadable(&name, format!("cannot read the file: {e}")),
        },
    };
    match format {
        Format::Ndjson => ndjson::read(reader, &name, opts),
        Format::Json => with_text(reader, &name, |text| json::read(text, &name, opts)),
        Format::Csv => with_bytes(reader, &name, |bytes| csv::read(bytes, &name, opts)),
        Format::Text => {
            let mut batch = FileBatch::new(&name);
            let raw = read_to_string_lossy(reader);
            batch.reject(
                None,
                Some(1),
                "raw article pages (.txt, .md) are not supported yet: convert the page to a JSON \
                 article with its tickers and scores"
                    .into(),
                &raw,
            );
            batch
        }
    }
}

/// Reads NDJSON from standard input.
pub fn read_stdin(opts: &ParseOptions) -> FileBatch {
    ndjson::read(BufReader::new(std::io::stdin().lock()), "-", opts)
}

fn with_bytes(
    mut reader: impl Read,
    name: &str,
    parse: impl FnOnce(&[u8]) -> FileBatch,
) -> FileBatch {
    let mut bytes = Vec::new();
    match reader.read_to_end(&mut bytes) {
        Ok(_) => parse(&bytes),
        Err(e) => FileBatch::unreadable(name, format!("cannot read the file: {e}")),
    }
}

fn with_text(reader: impl Read, name: &str, parse: impl FnOnce(&str) -> FileBatch) -> FileBatch {
    with_bytes(reader, name, |bytes| match std::str::from_utf8(bytes) {
        Ok(text) => parse(text.trim_start_matches('\u{feff}')),
        Err(e) => {
            let mut batch = FileBatch::new(name);
            batch.reject(
                None,
                Some(1),
                format!("the file is not valid UTF-8 ({e}): re-encode it as UTF-8"),
                &String::from_utf8_lossy(bytes),
            );
            batch
        }
    })
}

fn read_to_string_lossy(mut reader: impl Read) -> String {
    let mut bytes = Vec::new();
    let _ = reader.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(Format::sniff(b"[{\"a\":1}]"), Format::Json);
        assert_eq!(Format::sniff(b"{\"a\":1}\n{\"a\":2}\n"), Format::Ndjson);
        assert_eq!(Format::sniff(b"{\n \"a\": 1\n}"), Format::Json);
        assert_eq!(Format::sniff(b"date,ticker,sentiment\n"), Format::Csv);
        assert_eq!(Format::sniff(b"Back to News\n"), Format::Text);
    }

    #[test]
    fn clip_keeps_char_boundaries() {
        let s = "é".repeat(MAX_RAW_BYTES);
        assert!(clip(&s).len() <= MAX_RAW_BYTES);
    }
}
