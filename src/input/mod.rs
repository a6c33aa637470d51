//! Input readers: files, folders and stdin → validated articles plus rejected records.
//!
//! Each reader turns one input into a [`FileBatch`]; nothing here knows about the store. A
//! record that cannot be recorded becomes a [`Rejection`] with its place and raw text, and
//! the reader goes on with the next record.

mod api;
mod csv;
mod csv_quotes;
mod edgar;
mod feed;
pub mod folder_ticker;
pub(crate) mod html;
mod html_depth;
mod json;
mod lines;
mod ndjson;
pub mod page;
mod paths;

pub use csv::parse_column_map;
pub use paths::{expand_paths, Expanded};

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::extract::dated::check_not_future;
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
    /// Things recorded with a caveat (e.g. part of a glued ticker run not recognised).
    pub warnings: Vec<String>,
    /// Mentions of its articles that are not about their company (`about = false`).
    pub mentions_not_about: usize,
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
    /// RSS or Atom (`input::feed`).
    Feed,
    /// A saved HTML page (`input::html`).
    Html,
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
            "xml" | "rss" | "atom" => Some(Format::Feed),
            "html" | "htm" | "xhtml" => Some(Format::Html),
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
        if let Some(markup) = sniff_markup(text) {
            return markup;
        }
        if csv::looks_like_header(text.lines().next().unwrap_or("")) {
            return Format::Csv;
        }
        Format::Text
    }
}

/// A feed or an HTML page, by its first tag: `<rss`, `<feed`, `<rdf:RDF` (also after an
/// `<?xml` declaration) are feeds; `<!DOCTYPE html` and `<html` are pages.
fn sniff_markup(text: &str) -> Option<Format> {
    if !text.starts_with('<') {
        return None;
    }
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let first = |needle: &str| head.find(needle);
    let feed = [first("<rss"), first("<feed"), first("<rdf:rdf")]
        .into_iter()
        .flatten()
        .min();
    let page = [first("<!doctype html"), first("<html")]
        .into_iter()
        .flatten()
        .min();
    match (feed, page) {
        (Some(f), Some(p)) => Some(if f < p { Format::Feed } else { Format::Html }),
        (Some(_), None) => Some(Format::Feed),
        (None, Some(_)) => Some(Format::Html),
        // Other XML is read as a feed, whose reader says what it is not.
        (None, None) if head.starts_with("<?xml") => Some(Format::Feed),
        (None, None) => None,
    }
}

/// Reads `files`, then standard input when `stdin`, handing every article to `sink` in input
/// order. NDJSON files stream (memory holds a chunk of lines); other files, read whole, are
/// read in parallel. The batches returned hold rejections and warnings, not articles.
pub fn read_all(
    files: &[PathBuf],
    stdin: bool,
    opts: &ParseOptions,
    sink: &mut dyn FnMut(Article),
) -> Vec<FileBatch> {
    let mut out = Vec::with_capacity(files.len() + 1);
    let mut whole: Vec<&PathBuf> = Vec::new();
    let flush_whole =
        |whole: &mut Vec<&PathBuf>, out: &mut Vec<FileBatch>, sink: &mut dyn FnMut(Article)| {
            let batches: Vec<FileBatch> = whole.par_iter().map(|f| read_file(f, opts)).collect();
            for mut b in batches {
                for a in std::mem::take(&mut b.articles) {
                    b.mentions_not_about += a.mentions.iter().filter(|m| !m.about).count();
                    sink(a);
                }
                out.push(b);
            }
            whole.clear();
        };
    for f in files {
        if Format::from_extension(f) == Some(Format::Ndjson) {
            flush_whole(&mut whole, &mut out, sink);
            let name = f.display().to_string();
            out.push(with_folder_ticker(f, opts, |opts| match File::open(f) {
                Ok(file) if file.metadata().is_ok_and(|m| m.len() == 0) => empty_file(&name),
                Ok(file) => ndjson::read_into(file, &name, opts, sink),
                Err(e) => FileBatch::unreadable(&name, format!("cannot read the file: {e}")),
            }));
        } else {
            whole.push(f);
        }
    }
    flush_whole(&mut whole, &mut out, sink);
    if stdin {
        out.push(ndjson::read_into(std::io::stdin().lock(), "-", opts, sink));
    }
    out
}

/// Reads an input already in memory, in the given format (the fuzz targets' entry point).
pub fn read_bytes(format: Format, bytes: &[u8], name: &str, opts: &ParseOptions) -> FileBatch {
    match format {
        Format::Ndjson => ndjson::read(bytes, name, opts),
        Format::Json => with_text(bytes, name, |text| json::read(text, name, opts)),
        Format::Csv => csv::read(bytes, name, opts),
        Format::Text => read_page(bytes, Path::new(name), name, opts),
        Format::Feed => read_feed(&String::from_utf8_lossy(bytes), name, opts),
        Format::Html => read_html(bytes, Path::new(name), name, opts),
    }
}

/// An RSS or Atom feed; SEC EDGAR's filings feed has a reader of its own.
fn read_feed(text: &str, name: &str, opts: &ParseOptions) -> FileBatch {
    if edgar::is_edgar(text) {
        edgar::read(text, name, opts)
    } else {
        feed::read(text, name, opts)
    }
}

/// The fuzz targets' body (`fuzz/`): reads `data` as `format` with the built-in symbol
/// table and panics when an article breaks an invariant: each ticker once, scores in
/// [-1, 1], relevance and market impact in [0, 1] (no mention at all is a skipped record).
#[doc(hidden)]
pub fn fuzz_one(format: Format, data: &[u8]) {
    use std::sync::OnceLock;
    static COMPANIES: OnceLock<crate::extract::Companies> = OnceLock::new();
    let companies = COMPANIES.get_or_init(|| {
        crate::extract::Companies::new(
            crate::symbols::SymbolTable::builtin().expect("the built-in symbol table loads"),
        )
    });
    let opts = ParseOptions {
        companies: Some(companies),
        ..Default::default()
    };
    let batch = read_bytes(format, data, "2025-01-01-fuzz.txt", &opts);
    for a in &batch.articles {
        assert!((0.0..=1.0).contains(&a.market_impact));
        let mut tickers: Vec<&str> = a.mentions.iter().map(|m| m.ticker.as_str()).collect();
        tickers.sort_unstable();
        tickers.dedup();
        assert_eq!(tickers.len(), a.mentions.len());
        for m in &a.mentions {
            assert!((-1.0..=1.0).contains(&m.score) && (0.0..=1.0).contains(&m.relevance));
        }
    }
}

/// Largest file read whole (JSON, CSV, pages); bigger inputs belong in NDJSON, which streams.
pub const MAX_WHOLE_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Runs `read` with `opts`, plus the ticker of the file's `ticker=<T>` folder, if it is in
/// one (`folder_ticker`): every reader of a file goes through here.
fn with_folder_ticker<T>(
    path: &Path,
    opts: &ParseOptions,
    read: impl FnOnce(&ParseOptions) -> T,
) -> T {
    match folder_ticker::ticker_of(path) {
        Some(ticker) => {
            let mut tickers = opts.extra_tickers.to_vec();
            if !tickers.contains(&ticker) {
                tickers.push(ticker);
            }
            read(&ParseOptions {
                extra_tickers: &tickers,
                ..*opts
            })
        }
        None => read(opts),
    }
}

/// Reads one file in the format its extension, else its content, says; a file in a
/// `ticker=<T>` folder names that company in each of its records.
pub fn read_file(path: &Path, opts: &ParseOptions) -> FileBatch {
    with_folder_ticker(path, opts, |opts| read_file_as_is(path, opts))
}

fn read_file_as_is(path: &Path, opts: &ParseOptions) -> FileBatch {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return FileBatch::unreadable(&name, format!("cannot read the file: {e}")),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = BufReader::new(file);
    let format = match Format::from_extension(path) {
        Some(f) => f,
        None => match reader.fill_buf() {
            Ok(head) => Format::sniff(head),
            Err(e) => return FileBatch::unreadable(&name, format!("cannot read the file: {e}")),
        },
    };
    if format != Format::Ndjson && size > MAX_WHOLE_FILE_BYTES {
        return FileBatch::unreadable(
            &name,
            format!(
                "the file is {size} bytes, over the {} MiB read whole: split it, or give it as NDJSON (.ndjson), which streams",
                MAX_WHOLE_FILE_BYTES / (1024 * 1024)
            ),
        );
    }
    match format {
        Format::Ndjson if size == 0 => empty_file(&name),
        Format::Ndjson => ndjson::read(reader, &name, opts),
        Format::Json => with_text(reader, &name, |text| json::read(text, &name, opts)),
        Format::Csv => with_bytes(reader, &name, |bytes| csv::read(bytes, &name, opts)),
        Format::Text => with_bytes(reader, &name, |bytes| read_page(bytes, path, &name, opts)),
        // Feeds and pages are often saved with a stray legacy byte: replaced, not fatal.
        Format::Feed => with_bytes(reader, &name, |bytes| {
            read_feed(&String::from_utf8_lossy(bytes), &name, opts)
        }),
        Format::Html => with_bytes(reader, &name, |bytes| read_html(bytes, path, &name, opts)),
    }
}

/// A raw news page: one article per file.
fn read_page(bytes: &[u8], path: &Path, name: &str, opts: &ParseOptions) -> FileBatch {
    let mut batch = FileBatch::new(name);
    // Pages are prose saved from browsers: a stray invalid byte is replaced, not fatal.
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        batch.reject(None, Some(1), "the page is empty".into(), "");
        return batch;
    }
    let parts = page::parse_page(text);
    let article = crate::extract::page::page_to_article(&parts, text, path, opts).and_then(
        |(article, notes)| {
            check_not_future(&article.published, opts)?;
            Ok((article, notes))
        },
    );
    match article {
        Ok((article, notes)) => {
            for run in notes.unresolved_runs {
                batch.warnings.push(format!(
                    "{name}: '{run}' in the ticker run is not a known ticker sequence; left out"
                ));
            }
            batch.articles.push(article);
        }
        Err(reason) => batch.reject(None, Some(1), reason, text),
    }
    batch
}

/// A saved HTML page: its text is read as a raw news page; the page's own publication time,
/// address and site name, when it gives them, win over what the text suggests.
fn read_html(bytes: &[u8], path: &Path, name: &str, opts: &ParseOptions) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let html = String::from_utf8_lossy(bytes);
    // The tree builder's time grows with depth times tags: bounded before it runs.
    if let Some(why) = html_depth::nesting_problem(&html) {
        batch.reject(None, Some(1), why, &html);
        return batch;
    }
    let page = html::parse_html(html.trim_start_matches('\u{feff}'));
    let text = page.to_page_text();
    if text.trim().is_empty() {
        batch.reject(None, Some(1), "the HTML page has no text".into(), &html);
        return batch;
    }
    let published = page
        .published
        .as_deref()
        .and_then(|p| tickertone_text::published::parse_published(p, opts.input_tz).ok());
    // With a date of its own, the page needs none from the text, the file name or --date.
    let page_opts = match &published {
        Some(p) => ParseOptions {
            default_date: Some(p.utc.date_naive()),
            ..*opts
        },
        None => *opts,
    };
    let parts = page::parse_page(&text);
    match crate::extract::page::page_to_article(&parts, &text, path, &page_opts) {
        Ok((mut article, notes)) => {
            for run in notes.unresolved_runs {
                batch.warnings.push(format!(
                    "{name}: '{run}' in the ticker run is not a known ticker sequence; left out"
                ));
            }
            if let Some(p) = published {
                article.published = p;
            }
            if let Err(reason) = check_not_future(&article.published, opts) {
                batch.reject(None, Some(1), reason, &text);
                return batch;
            }
            article.url = page.url.or(article.url);
            article.source = page.site_name.or(article.source);
            batch.articles.push(article);
        }
        Err(reason) => batch.reject(None, Some(1), reason, &text),
    }
    batch
}

fn with_bytes(
    mut reader: impl Read,
    name: &str,
    parse: impl FnOnce(&[u8]) -> FileBatch,
) -> FileBatch {
    let mut bytes = Vec::new();
    match reader.read_to_end(&mut bytes) {
        Ok(_) if is_blank(&bytes) => empty_file(name),
        Ok(_) => parse(&bytes),
        Err(e) => FileBatch::unreadable(name, format!("cannot read the file: {e}")),
    }
}

/// Nothing but white space (and a byte-order mark).
fn is_blank(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// An empty file, whatever its format: one rejection (an export cut short, a download that
/// failed), the same for `.json`, `.csv`, `.ndjson` and pages.
fn empty_file(name: &str) -> FileBatch {
    let mut batch = FileBatch::new(name);
    batch.reject(
        None,
        Some(1),
        "the file is empty (nothing but white space): nothing to record; export or download \
         it again, or remove it"
            .into(),
        "",
    );
    batch
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
        // One ASCII byte first puts the limit in the middle of a two-byte 'é'.
        let s = format!("x{}", "é".repeat(MAX_RAW_BYTES));
        let clipped = clip(&s);
        assert_eq!(clipped.len(), MAX_RAW_BYTES - 1);
        assert!(clipped.ends_with('é'));
        assert_eq!(clip("short"), "short");
    }
}
