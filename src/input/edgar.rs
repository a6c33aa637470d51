//! SEC EDGAR's Atom feed of a company's filings (`browse-edgar?action=getcompany&output=atom`,
//! what an `edgar` source saves): one article per filing, validated by
//! `extract::parse_article` like every other record.
//!
//! | feed                                              | article field  |
//! | ------------------------------------------------- | -------------- |
//! | `accession-number` (else the entry's `id`)        | `id` (`edgar:<accession>`) |
//! | `updated` (SEC's acceptance time), else `filing-date` | `published_at` |
//! | the filer's `conformed-name`, the form, the items' titles (else the form's name) | `title` (`Apple Inc. 8-K: Results of Operations and Financial Condition`) |
//! | the `Item N.NN: title` lines of `summary` (else `items-desc`, else the form's name) | `body` |
//! | `link` (else `filing-href`)                       | `url`          |
//! | `SEC EDGAR`                                       | `source`       |
//! | the form, then `Item N.NN` per item               | `categories`   |
//!
//! The feed names the filer, not its ticker: the company is the ticker the source asked
//! for (its `ticker=<T>` folder), and `about` is decided from this text like any other.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::feed::{local, non_blank, qualified_name, Lines};
use super::html::fragment_text;
use super::FileBatch;
use crate::extract::{parse_article, ParseOptions};

/// Whether `text` is an EDGAR filings feed: an Atom feed whose entries carry SEC's
/// `filing-type` (the generic feed reader would read their XML content as text).
pub fn is_edgar(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<feed") && memchr::memmem::find(text.as_bytes(), b"<filing-type>").is_some()
}

/// One entry's fields, by their path under the entry (`content/filing-type`, `title`).
#[derive(Default)]
struct Entry {
    start: usize,
    line: usize,
    fields: HashMap<String, String>,
    link: Option<String>,
    term: Option<String>,
}

pub fn read(text: &str, name: &str, opts: &ParseOptions) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let mut reader = Reader::from_str(text);
    let mut lines = Lines::default();
    let mut path: Vec<String> = Vec::new();
    let mut filer: Option<String> = None;
    let mut entry: Option<Entry> = None;
    let mut entries = 0;
    let mut buffer = String::new();
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(0);
                let line = lines.line_at(text, at);
                batch.reject(
                    Some(line),
                    Some(entries + 1),
                    format!(
                        "invalid XML at line {line}: {e}; the filings before it were read, \
                         fetch the feed again for the rest"
                    ),
                    "",
                );
                return batch;
            }
        };
        match event {
            Event::Start(start) => {
                let qname = qualified_name(&start);
                if path.is_empty() && local(&qname) != "feed" {
                    batch.reject(
                        Some(lines.line_at(text, offset)),
                        Some(1),
                        format!("not an EDGAR feed: the root element is <{qname}>, not <feed>"),
                        "",
                    );
                    return batch;
                }
                if path.len() == 1 && qname == "entry" {
                    entry = Some(Entry {
                        start: offset,
                        line: lines.line_at(text, offset),
                        ..Entry::default()
                    });
                }
                if let Some(e) = entry.as_mut() {
                    e.take_attributes(&qname, &start);
                }
                path.push(qname);
                buffer.clear();
            }
            Event::Empty(start) => {
                let qname = qualified_name(&start);
                if let Some(e) = entry.as_mut() {
                    e.take_attributes(&qname, &start);
                }
            }
            Event::Text(t) => buffer.push_str(&t.xml10_content().unwrap_or_default()),
            Event::CData(t) => buffer.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => buffer.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => buffer.push_str(s),
                        None => buffer.push_str(&format!("&{name};")),
                    },
                }
            }
            Event::End(_) => {
                let value = std::mem::take(&mut buffer);
                let value = value.trim();
                if path.len() == 3 && path[1] == "company-info" && path[2] == "conformed-name" {
                    filer = non_blank(value);
                }
                if let Some(e) = entry.as_mut() {
                    if path.len() > 2 && !value.is_empty() {
                        e.fields
                            .entry(path[2..].join("/"))
                            .or_insert_with(|| value.to_string());
                    }
                }
                if path.len() == 2 && path[1] == "entry" {
                    if let Some(e) = entry.take() {
                        entries += 1;
                        let end = usize::try_from(reader.buffer_position()).unwrap_or(text.len());
                        let raw = text.get(e.start..end.min(text.len())).unwrap_or("");
                        let line = e.line;
                        match parse_article(&e.into_article(filer.as_deref()), opts) {
                            Ok(article) => batch.articles.push(article),
                            Err(reason) => batch.reject(Some(line), Some(entries), reason, raw),
                        }
                    }
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    batch
}

impl Entry {
    fn take_attributes(&mut self, qname: &str, start: &BytesStart) {
        let attr = |key: &str| {
            start
                .attributes()
                .flatten()
                .find(|a| a.key.as_ref() == key.as_bytes())
                .and_then(|a| a.unescape_value().ok().map(|v| v.trim().to_string()))
                .filter(|v| !v.is_empty())
        };
        match qname {
            "link" if attr("rel").is_none_or(|r| r == "alternate") && self.link.is_none() => {
                self.link = attr("href");
            }
            "category" if self.term.is_none() => self.term = attr("term"),
            _ => {}
        }
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// The article object of this filing.
    fn into_article(self, filer: Option<&str>) -> Value {
        let form = self
            .field("content/filing-type")
            .map(str::to_string)
            .or_else(|| self.term.clone());
        let form_name = self.field("content/form-name");
        let items = self
            .field("summary")
            .map(|s| item_lines(&summary_text(s)))
            .unwrap_or_default();
        let codes: Vec<String> = if items.is_empty() {
            self.field("content/items-desc")
                .map(item_codes)
                .unwrap_or_default()
        } else {
            items.iter().map(|(code, _)| code.clone()).collect()
        };
        let what = if items.is_empty() {
            form_name.map(str::to_string)
        } else {
            Some(
                items
                    .iter()
                    .map(|(_, title)| title.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        };
        let title = [filer, form.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let title = match what.as_deref() {
            Some(what) if !title.is_empty() => format!("{title}: {what}"),
            Some(what) => what.to_string(),
            None => title,
        };
        let body = if items.is_empty() {
            let codes: Vec<String> = codes.iter().map(|c| format!("Item {c}.")).collect();
            [
                form_name.map(|f| format!("{f}.")),
                non_blank(&codes.join(" ")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
        } else {
            items
                .iter()
                .map(|(code, title)| format!("Item {code}: {title}."))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let accession = self
            .field("content/accession-number")
            .or(self.field("content/accession-nunber"));
        let mut obj = Map::new();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(v) = value.and_then(|v| non_blank(&v)) {
                obj.insert(key.to_string(), Value::String(v));
            }
        };
        put(
            "id",
            accession
                .map(|a| format!("edgar:{a}"))
                .or(self.field("id").map(str::to_string)),
        );
        put(
            "published_at",
            self.field("updated")
                .or(self.field("content/filing-date"))
                .map(str::to_string),
        );
        put("title", Some(title));
        put("body", Some(body));
        put(
            "url",
            self.link
                .clone()
                .or(self.field("content/filing-href").map(str::to_string)),
        );
        put("source", Some("SEC EDGAR".into()));
        let categories: Vec<Value> = form
            .into_iter()
            .chain(codes.iter().map(|c| format!("Item {c}")))
            .map(Value::String)
            .collect();
        if !categories.is_empty() {
            obj.insert("categories".into(), Value::Array(categories));
        }
        Value::Object(obj)
    }
}

/// The text of a filing's HTML summary, one line per `<br>`-separated part.
fn summary_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in lower.match_indices("<br") {
        parts.push(&html[start..at]);
        start = lower[at..].find('>').map_or(html.len(), |end| at + end + 1);
    }
    parts.push(&html[start.min(html.len())..]);
    parts
        .into_iter()
        .map(fragment_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `Item 2.02: Results of Operations…` lines of a filing's summary, as (code, title).
fn item_lines(summary: &str) -> Vec<(String, String)> {
    summary
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("Item ")?;
            let (code, title) = rest.split_once(':')?;
            let code = code.trim();
            let is_code = !code.is_empty() && code.chars().all(|c| c.is_ascii_digit() || c == '.');
            let title = title.trim();
            (is_code && !title.is_empty()).then(|| (code.to_string(), title.to_string()))
        })
        .collect()
}

/// The item numbers of `items-desc` (`items 2.02 and 9.01`, `item 5.07`, `8.01and9.01`).
fn item_codes(desc: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut current = String::new();
    for c in desc.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !current.is_empty()) {
            current.push(c);
        } else {
            let code = current.trim_end_matches('.');
            if code.contains('.') {
                codes.push(code.to_string());
            }
            current.clear();
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"<?xml version="1.0" encoding="ISO-8859-1" ?>
<feed xmlns="http://www.w3.org/2005/Atom">
<company-info><cik>0000320193</cik><conformed-name>Apple Inc.</conformed-name></company-info>
<entry>
<category label="form type" scheme="https://www.sec.gov/" term="8-K" />
<content type="text/xml">
<accession-number>0001193125-21-032394</accession-number>
<filing-date>2021-02-08</filing-date>
<filing-href>https://www.sec.gov/x-index.htm</filing-href>
<filing-type>8-K</filing-type>
<form-name>Current report</form-name>
<items-desc>items 8.01 and 9.01</items-desc>
</content>
<link href="https://www.sec.gov/x-index.htm" rel="alternate" type="text/html" />
<summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; 2021-02-08 &lt;b&gt;AccNo:&lt;/b&gt; 0001193125-21-032394&lt;br&gt;Item 8.01: Other Events&lt;br&gt;Item 9.01: Financial Statements and Exhibits</summary>
<title>8-K  - Current report</title>
<updated>2021-02-08T16:31:03-05:00</updated>
</entry>
<entry>
<content type="text/xml"><filing-type>8-K</filing-type><items-desc>item 5.07</items-desc><form-name>Current report</form-name></content>
<title>8-K  - Current report</title>
</entry>
</feed>"#;

    #[test]
    fn a_filing_is_an_article_with_its_form_items_and_time() {
        assert!(is_edgar(FEED));
        assert!(!is_edgar(
            "<rss><channel><item><title>x</title></item></channel></rss>"
        ));
        let batch = read(FEED, "f.xml", &ParseOptions::default());
        assert_eq!(batch.articles.len(), 1, "{:?}", batch.rejections);
        let a = &batch.articles[0];
        assert_eq!(a.id, "edgar:0001193125-21-032394");
        assert_eq!(
            a.title.as_deref(),
            Some("Apple Inc. 8-K: Other Events; Financial Statements and Exhibits")
        );
        assert_eq!(a.published.utc.to_rfc3339(), "2021-02-08T21:31:03+00:00");
        assert_eq!(a.url.as_deref(), Some("https://www.sec.gov/x-index.htm"));
        assert_eq!(a.source.as_deref(), Some("SEC EDGAR"));
        assert_eq!(a.categories, ["8-K", "Item 8.01", "Item 9.01"]);
        // The second has no date: rejected with its line, not guessed.
        assert_eq!(batch.rejections.len(), 1);
        assert_eq!(batch.rejections[0].location.record, Some(2));
        assert!(batch.rejections[0].reason.contains("published_at"));
    }

    #[test]
    fn item_numbers_come_from_the_summary_or_the_description() {
        assert_eq!(item_codes("items 2.02 and 9.01"), ["2.02", "9.01"]);
        assert_eq!(
            item_codes("items 1.01, 3.02, 8.01and9.01"),
            ["1.01", "3.02", "8.01", "9.01"]
        );
        assert_eq!(item_codes("item 5.07"), ["5.07"]);
        assert_eq!(
            item_lines("Filed: 2021-02-24\nItem 5.07: Submission of Matters"),
            [("5.07".to_string(), "Submission of Matters".to_string())]
        );
        let e = Entry {
            fields: [
                ("content/filing-type".to_string(), "8-K".to_string()),
                (
                    "content/items-desc".to_string(),
                    "items 2.02 and 9.01".to_string(),
                ),
                (
                    "content/form-name".to_string(),
                    "Current report".to_string(),
                ),
                (
                    "updated".to_string(),
                    "2024-02-01T16:30:00-05:00".to_string(),
                ),
            ]
            .into(),
            ..Entry::default()
        };
        let v = e.into_article(Some("Apple Inc."));
        assert_eq!(v["title"], "Apple Inc. 8-K: Current report");
        assert_eq!(v["body"], "Current report.\nItem 2.02. Item 9.01.");
    }

    #[test]
    fn another_root_is_refused() {
        let b = read("<rss><channel/></rss>", "f.xml", &ParseOptions::default());
        assert!(b.rejections[0].reason.contains("not an EDGAR feed"));
    }
}
