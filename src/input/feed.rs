//! RSS 2.0 (and RSS 1.0 / RDF) and Atom feeds saved as files: one article per `<item>` or
//! `<entry>`, mapped to the article object and validated by `extract::parse_article` like
//! every other record.
//!
//! | feed                                  | article field  |
//! | ------------------------------------- | -------------- |
//! | `guid` / `id`                         | `id`           |
//! | `pubDate` / `published`, `updated`, `dc:date` | `published_at` (as written) |
//! | `title` (HTML stripped)               | `title`        |
//! | `content:encoded` / `content`, else `description` / `summary` (HTML stripped) | `body` |
//! | `link` (Atom: `href` of the alternate link) | `url`    |
//! | item `source`, else the channel's / feed's `title` | `source` |
//! | `category` (Atom: `term`)             | `categories`   |
//!
//! Feeds carry no ticker field, so the article object has no `tickers`: the companies are
//! found in the text, and an item naming none is skipped, not rejected.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::html::fragment_text;
use super::FileBatch;
use crate::extract::{parse_article, ParseOptions};

/// The fields of one item, as written (text fields still hold their HTML).
#[derive(Debug, Default)]
struct Item {
    /// Byte offset where the item starts, and its 1-based line.
    start: usize,
    line: usize,
    id: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    title: Option<String>,
    content: Option<String>,
    summary: Option<String>,
    link: Option<String>,
    source: Option<String>,
    categories: Vec<String>,
}

/// The element whose text is being collected, inside an item or at channel level.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Id,
    Published,
    Updated,
    Title,
    Content,
    Summary,
    Link,
    Source,
    Category,
    FeedTitle,
}

impl Field {
    /// The item field an element (by qualified name) holds.
    fn of_item_child(qname: &str) -> Option<Field> {
        Some(match qname {
            "guid" | "id" => Field::Id,
            "pubDate" | "published" | "dc:date" => Field::Published,
            "updated" => Field::Updated,
            "title" => Field::Title,
            "content:encoded" | "content" => Field::Content,
            "description" | "summary" => Field::Summary,
            "link" => Field::Link,
            "source" => Field::Source,
            "category" | "dc:subject" => Field::Category,
            _ => return None,
        })
    }
}

pub fn read(text: &str, name: &str, opts: &ParseOptions) -> FileBatch {
    let mut batch = FileBatch::new(name);
    let mut reader = Reader::from_str(text);
    let mut lines = Lines::default();
    // Element names from the root down to the current element.
    let mut path: Vec<String> = Vec::new();
    let mut root: Option<String> = None;
    let mut feed_title: Option<String> = None;
    let mut item: Option<Item> = None;
    let mut item_depth = 0;
    let mut items = 0;
    // The field being collected and the depth of its element.
    let mut field: Option<(Field, usize)> = None;
    let mut buffer = String::new();

    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(0);
                let line = lines.line_at(text, at);
                let reason = format!(
                    "invalid XML at line {line}: {e}; the items before it were read, fix or re-save the feed for the rest"
                );
                let raw = item
                    .as_ref()
                    .map_or("", |i| &text[i.start.min(text.len())..]);
                batch.reject(Some(line), Some(items + 1), reason, raw);
                return batch;
            }
        };
        match event {
            Event::Start(start) => {
                let qname = qualified_name(&start);
                if root.is_none() {
                    root = Some(local(&qname).to_string());
                    if !is_feed_root(&qname) {
                        batch.reject(
                            Some(lines.line_at(text, offset)),
                            Some(1),
                            format!(
                                "not an RSS or Atom feed: the root element is <{qname}>, not <rss>, <feed> or <rdf:RDF>"
                            ),
                            "",
                        );
                        return batch;
                    }
                }
                path.push(qname.clone());
                let depth = path.len();
                if item.is_none() && matches!(local(&qname), "item" | "entry") {
                    item = Some(Item {
                        start: offset,
                        line: lines.line_at(text, offset),
                        ..Item::default()
                    });
                    item_depth = depth;
                } else if let Some(it) = item.as_mut() {
                    if field.is_none() && depth == item_depth + 1 {
                        field = Field::of_item_child(&qname).map(|f| (f, depth));
                        buffer.clear();
                        take_attributes(it, &qname, &start);
                    }
                } else if field.is_none()
                    && feed_title.is_none()
                    && qname == "title"
                    && depth >= 2
                    && matches!(local(&path[depth - 2]), "channel" | "feed")
                {
                    field = Some((Field::FeedTitle, depth));
                    buffer.clear();
                }
            }
            Event::Empty(start) => {
                let qname = qualified_name(&start);
                if root.is_none() {
                    // A feed that is one empty element holds nothing.
                    root = Some(local(&qname).to_string());
                }
                if let Some(it) = item.as_mut() {
                    if field.is_none() && path.len() == item_depth {
                        take_attributes(it, &qname, &start);
                    }
                }
            }
            // Text outside a field (between items, in fields we do not read) is not kept.
            Event::Text(t) if field.is_some() => {
                buffer.push_str(&t.xml10_content().unwrap_or_default());
            }
            Event::CData(t) if field.is_some() => {
                buffer.push_str(&String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(r) if field.is_some() => {
                let name = String::from_utf8_lossy(&r).into_owned();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => buffer.push(c),
                    _ => match resolve_predefined_entity(&name) {
                        Some(s) => buffer.push_str(s),
                        // HTML entities (`&nbsp;`) are left for the HTML parser.
                        None => {
                            buffer.push('&');
                            buffer.push_str(&name);
                            buffer.push(';');
                        }
                    },
                }
            }
            Event::End(_) => {
                let depth = path.len();
                if let Some((f, field_depth)) = field {
                    if depth == field_depth {
                        let value = std::mem::take(&mut buffer);
                        match (f, item.as_mut()) {
                            (Field::FeedTitle, _) => feed_title = non_blank(&fragment_text(&value)),
                            (f, Some(it)) => it.set(f, value),
                            (_, None) => {}
                        }
                        field = None;
                    }
                }
                if depth == item_depth {
                    if let Some(mut it) = item.take() {
                        items += 1;
                        let end = usize::try_from(reader.buffer_position()).unwrap_or(text.len());
                        let raw = text.get(it.start..end.min(text.len())).unwrap_or("");
                        if it.source.is_none() {
                            it.source = feed_title.clone();
                        }
                        let line = it.line;
                        let parsed = match it.nesting_problem() {
                            Some(why) => Err(why),
                            None => parse_article(&it.into_article_value(), opts),
                        };
                        match parsed {
                            Ok(article) => batch.articles.push(article),
                            Err(reason) => batch.reject(Some(line), Some(items), reason, raw),
                        }
                    }
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if root.is_none() {
        batch.reject(
            None,
            Some(1),
            "not an RSS or Atom feed: the file has no XML element".into(),
            text,
        );
    }
    batch
}

fn is_feed_root(qname: &str) -> bool {
    matches!(local(qname), "rss" | "feed" | "RDF")
}

pub(super) fn qualified_name(start: &BytesStart) -> String {
    String::from_utf8_lossy(start.name().as_ref()).into_owned()
}

/// The name without its namespace prefix.
pub(super) fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// Atom puts the link and categories in attributes: `<link rel="alternate" href="…"/>`,
/// `<category term="…"/>`.
fn take_attributes(item: &mut Item, qname: &str, start: &BytesStart) {
    let attr = |key: &str| {
        start
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key.as_bytes())
            .and_then(|a| a.unescape_value().ok().map(|v| v.trim().to_string()))
            .filter(|v| !v.is_empty())
    };
    match qname {
        "link" => {
            let alternate = attr("rel").is_none_or(|r| r == "alternate");
            if alternate && item.link.is_none() {
                item.link = attr("href");
            }
        }
        "category" => {
            if let Some(term) = attr("term") {
                item.categories.push(term);
            }
        }
        _ => {}
    }
}

impl Item {
    fn set(&mut self, field: Field, value: String) {
        let value = value.trim().to_string();
        if value.is_empty() {
            return;
        }
        let slot = match field {
            Field::Id => &mut self.id,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
            Field::Title => &mut self.title,
            Field::Content => &mut self.content,
            Field::Summary => &mut self.summary,
            Field::Link => &mut self.link,
            Field::Source => &mut self.source,
            Field::Category => {
                self.categories.push(fragment_text(&value));
                return;
            }
            Field::FeedTitle => return,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }

    /// Why the item's HTML (title, content, summary) is not read: nested too deep for the
    /// tree builder.
    fn nesting_problem(&self) -> Option<String> {
        [&self.title, &self.content, &self.summary]
            .into_iter()
            .flatten()
            .find_map(|html| super::html_depth::nesting_problem(html))
    }

    /// The article object of this item (no `tickers`: feeds carry none).
    fn into_article_value(self) -> Value {
        let mut obj = Map::new();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(v) = value {
                obj.insert(key.to_string(), Value::String(v));
            }
        };
        put("id", self.id);
        put("published_at", self.published.or(self.updated));
        put(
            "title",
            self.title
                .as_deref()
                .map(fragment_text)
                .and_then(|t| non_blank(&t)),
        );
        put(
            "body",
            self.content
                .or(self.summary)
                .as_deref()
                .map(fragment_text)
                .and_then(|t| non_blank(&t)),
        );
        put("url", self.link);
        put("source", self.source.as_deref().and_then(non_blank));
        let categories: Vec<Value> = self
            .categories
            .into_iter()
            .filter(|c| !c.is_empty())
            .map(Value::String)
            .collect();
        if !categories.is_empty() {
            obj.insert("categories".into(), Value::Array(categories));
        }
        Value::Object(obj)
    }
}

pub(super) fn non_blank(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Line numbers of byte offsets, asked for in increasing order (cheap: one pass overall).
#[derive(Default)]
pub(super) struct Lines {
    offset: usize,
    line: usize,
}

impl Lines {
    pub(super) fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if self.line == 0 {
            self.line = 1;
        }
        if offset < self.offset {
            // Out of order (an error position): count from the start.
            return 1 + text.as_bytes()[..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
        }
        self.line += text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> &'static crate::extract::Companies {
        static C: std::sync::OnceLock<crate::extract::Companies> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            crate::extract::Companies::new(crate::symbols::SymbolTable::builtin().unwrap())
        })
    }

    fn opts() -> ParseOptions<'static> {
        ParseOptions {
            companies: Some(builtin()),
            ..Default::default()
        }
    }

    #[test]
    fn rss_item_fields() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Apple &amp; Google</title><link>https://x/1</link>
<description>&lt;p&gt;Apple rose.&lt;/p&gt;</description>
<pubDate>Tue, 03 Jun 2025 14:30:00 GMT</pubDate><guid>g-1</guid>
<category>Tech</category><category>Deals</category></item>
</channel></rss>"#;
        let b = read(rss, "f.rss", &opts());
        assert_eq!(b.rejections, vec![]);
        let a = &b.articles[0];
        assert_eq!(a.id, "g-1");
        assert_eq!(a.title.as_deref(), Some("Apple & Google"));
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.url.as_deref(), Some("https://x/1"));
        assert_eq!(a.categories, ["Tech", "Deals"]);
        assert_eq!(a.published.utc.to_rfc3339(), "2025-06-03T14:30:00+00:00");
        let tickers: Vec<&str> = a.mentions.iter().map(|m| m.ticker.as_str()).collect();
        assert_eq!(tickers, ["AAPL", "GOOGL"]);
    }

    #[test]
    fn an_item_without_a_date_is_rejected_with_its_line() {
        let rss = "<rss><channel>\n<item><title>Apple rose</title></item>\n</channel></rss>";
        let b = read(rss, "f.rss", &opts());
        assert_eq!(b.articles.len(), 0);
        assert_eq!(b.rejections[0].location.line, Some(2));
        assert_eq!(b.rejections[0].location.record, Some(1));
        assert_eq!(
            b.rejections[0].raw,
            "<item><title>Apple rose</title></item>"
        );
        assert!(b.rejections[0].reason.contains("published_at"));
    }

    #[test]
    fn atom_prefers_published_and_the_alternate_link() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><id>e1</id><title>Nvidia gains</title><updated>2025-06-04T10:00:00Z</updated>
<published>2025-06-03T10:00:00Z</published>
<link rel="self" href="https://x/self"/><link rel="alternate" href="https://x/e1"/>
<category term="Chips"/></entry></feed>"#;
        let b = read(atom, "f.atom", &opts());
        let a = &b.articles[0];
        assert_eq!(a.url.as_deref(), Some("https://x/e1"));
        assert_eq!(a.published.utc.to_rfc3339(), "2025-06-03T10:00:00+00:00");
        assert_eq!(a.categories, ["Chips"]);
    }

    #[test]
    fn not_a_feed() {
        let b = read("<html><body>x</body></html>", "f.xml", &opts());
        assert!(b.rejections[0].reason.contains("not an RSS or Atom feed"));
        let b = read("just text", "f.xml", &opts());
        assert!(b.rejections[0].reason.contains("no XML element"));
    }

    proptest::proptest! {
        /// No feed-like text makes the reader panic.
        #[test]
        fn any_feed_like_text_is_handled(
            parts in proptest::collection::vec(
                "(<rss>|<feed>|<channel>|<item>|</item>|<entry>|</entry>|<title>|</title>|<link href=\"[a-z:/]{0,8}\"/>|<pubDate>|</pubDate>|Tue, 03 Jun 2025 14:30:00 GMT|<!\\[CDATA\\[<p>Apple</p>\\]\\]>|&amp;|&#[0-9]{1,8};|&[a-z]{1,5};|<category term=\"x\"/>|<description>|</description>|[A-Za-z <>&]{0,12})",
                0..24,
            )
        ) {
            let text = parts.concat();
            let _ = read(&text, "f.rss", &opts());
        }
    }
}
