//! Saved HTML pages (`.html`, `.htm`) and HTML fragments in feeds: the text a reader sees,
//! taken with a real HTML parser (html5ever, through `scraper`), never with patterns over
//! markup.
//!
//! A page becomes the text of a raw news page (title, blank line, one paragraph per block)
//! and is then read as one (`input::page`, `extract::page`); its metadata (publication time,
//! canonical address, site name) is kept beside it.

use scraper::{ElementRef, Html, Node};
use serde_json::Value;

/// What a saved page gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlPage {
    /// `og:title`, else the first `<h1>`, else `<title>`.
    pub title: Option<String>,
    /// The paragraphs of `<article>`, else `<main>`, else `<body>`, without navigation,
    /// headers, footers, scripts and styles.
    pub paragraphs: Vec<String>,
    /// `article:published_time`, else `<time datetime>`, else JSON-LD `datePublished`, as
    /// written.
    pub published: Option<String>,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
}

impl HtmlPage {
    /// The page as a raw news page's text: the title, then one paragraph per block.
    pub fn to_page_text(&self) -> String {
        let mut blocks: Vec<&str> = Vec::new();
        if let Some(t) = &self.title {
            blocks.push(t);
        }
        blocks.extend(self.paragraphs.iter().map(String::as_str));
        blocks.join("\n\n")
    }
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "svg", "iframe", "object", "canvas", "head", "figure",
];

/// Elements that end a paragraph: their text is a block of its own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "figcaption",
    "address",
    "body",
];

pub fn parse_html(html: &str) -> HtmlPage {
    let doc = Html::parse_document(html);
    let root = doc.root_element();
    let first = |name: &str| {
        root.descendent_elements()
            .find(|e| e.value().name() == name)
    };
    let meta = |key: &str| {
        root.descendent_elements()
            .filter(|e| e.value().name() == "meta")
            .find(|e| {
                [e.attr("property"), e.attr("name")]
                    .into_iter()
                    .flatten()
                    .any(|k| k.eq_ignore_ascii_case(key))
            })
            .and_then(|e| e.attr("content"))
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    let element_text =
        |e: ElementRef| Some(collapse(&e.text().collect::<String>())).filter(|s| !s.is_empty());

    let title = meta("og:title")
        .or_else(|| first("h1").and_then(element_text))
        .or_else(|| first("title").and_then(element_text));
    let content_root = first("article")
        .or_else(|| first("main"))
        .or_else(|| first("body"))
        .unwrap_or(root);
    let published = meta("article:published_time")
        .or_else(|| {
            // A `<time>` inside the article is its date; one elsewhere may be a clock.
            content_root
                .descendent_elements()
                .chain(root.descendent_elements())
                .filter(|e| e.value().name() == "time")
                .find_map(|e| e.attr("datetime").map(collapse))
                .filter(|s| !s.is_empty())
        })
        .or_else(|| json_ld_date(root));
    let url = root
        .descendent_elements()
        .find(|e| {
            e.value().name() == "link"
                && e.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                })
        })
        .and_then(|e| e.attr("href"))
        .map(collapse)
        .filter(|s| !s.is_empty())
        .or_else(|| meta("og:url"));
    let mut paragraphs = block_texts(content_root);
    // The headline repeated as the article's first block is not body text.
    if !paragraphs.is_empty() && paragraphs.first() == title.as_ref() {
        paragraphs.remove(0);
    }
    HtmlPage {
        title,
        paragraphs,
        published,
        url,
        site_name: meta("og:site_name"),
    }
}

/// The text of an HTML fragment (a feed item's description), paragraphs separated by blank
/// lines; plain text comes back as it is, with its entities decoded.
///
/// A fragment nested too deep for the tree builder (see `input::html_depth`; a feed reader
/// rejects its item first) is read by dropping its tags, in linear time.
pub fn fragment_text(fragment: &str) -> String {
    if !fragment.contains(['<', '&']) {
        return collapse(fragment);
    }
    if super::html_depth::nesting_problem(fragment).is_some() {
        return collapse(&strip_tags(fragment));
    }
    let doc = Html::parse_fragment(fragment);
    block_texts(doc.root_element()).join("\n\n")
}

/// `text` without anything between `<` and `>`.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Work on the explicit stack of [`block_texts`]: a node to visit, or the end of a block.
enum Work<N> {
    Visit(N),
    EndBlock,
}

/// The text under `root` as paragraphs: skipped elements left out, white space collapsed,
/// a new paragraph at each block element. An explicit stack, not recursion: a page nested
/// thousands of levels deep must not overflow the stack.
fn block_texts(root: ElementRef) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let text = collapse(current);
        if !text.is_empty() {
            paragraphs.push(text);
        }
        current.clear();
    };
    let mut stack = vec![Work::Visit(*root)];
    while let Some(work) = stack.pop() {
        let node = match work {
            Work::EndBlock => {
                flush(&mut current, &mut paragraphs);
                continue;
            }
            Work::Visit(node) => node,
        };
        match node.value() {
            Node::Text(t) => current.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                // Inline elements (`<b>`, `<a>`) run on within the paragraph, as rendered.
                if BLOCKS.contains(&name) {
                    flush(&mut current, &mut paragraphs);
                    stack.push(Work::EndBlock);
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(Work::Visit));
            }
            Node::Document | Node::Fragment => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(Work::Visit));
            }
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

/// `datePublished` from the page's JSON-LD blocks (a `NewsArticle`, possibly in an
/// `@graph` or a list).
fn json_ld_date(root: ElementRef) -> Option<String> {
    root.descendent_elements()
        .filter(|e| {
            e.value().name() == "script"
                && e.attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|e| serde_json::from_str::<Value>(&e.text().collect::<String>()).ok())
        .find_map(|v| find_date_published(&v))
}

fn find_date_published(value: &Value) -> Option<String> {
    // Breadth-first over a bounded number of nodes: JSON-LD is small, hostile input is not.
    let mut queue = std::collections::VecDeque::from([value]);
    let mut seen = 0;
    while let Some(v) = queue.pop_front() {
        seen += 1;
        if seen > 10_000 {
            return None;
        }
        match v {
            Value::Object(map) => {
                if let Some(Value::String(s)) = map.get("datePublished") {
                    let s = s.trim();
                    if !s.is_empty() {
                        return Some(s.to_string());
                    }
                }
                queue.extend(map.values());
            }
            Value::Array(items) => queue.extend(items),
            _ => {}
        }
    }
    None
}

/// White space runs (including non-breaking spaces) as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head>
<title>Nvidia beats estimates - Example News</title>
<meta property="og:title" content="Nvidia beats estimates">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-05-28T20:15:00Z">
<link rel="canonical" href="https://news.example.com/nvidia">
<style>p { color: red }</style>
<script>var tracking = "Apple Microsoft";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/aapl">Apple news</a></nav></header>
<article><h1>Nvidia beats estimates</h1>
<p>Nvidia reported <b>record</b> revenue.</p>
<p>Shares&nbsp;rose 5%.</p>
<script>window.ads = "Tesla";</script>
</article>
<footer>© Microsoft ads</footer>
</body></html>"#;

    #[test]
    fn takes_the_article_text_and_metadata() {
        let page = parse_html(PAGE);
        assert_eq!(page.title.as_deref(), Some("Nvidia beats estimates"));
        assert_eq!(
            page.paragraphs,
            ["Nvidia reported record revenue.", "Shares rose 5%."]
        );
        assert_eq!(page.published.as_deref(), Some("2025-05-28T20:15:00Z"));
        assert_eq!(page.url.as_deref(), Some("https://news.example.com/nvidia"));
        assert_eq!(page.site_name.as_deref(), Some("Example News"));
        let text = page.to_page_text();
        for noise in ["Apple", "Microsoft", "Tesla", "color", "Home"] {
            assert!(!text.contains(noise), "{noise} leaked into {text:?}");
        }
    }

    #[test]
    fn falls_back_to_title_time_and_json_ld() {
        let page = parse_html(
            r#"<html><head><title>Apple unveils a phone</title>
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2025-06-01T09:00:00-04:00"}]}</script>
</head><body><main><p>Apple unveiled it.</p></main></body></html>"#,
        );
        assert_eq!(page.title.as_deref(), Some("Apple unveils a phone"));
        assert_eq!(page.published.as_deref(), Some("2025-06-01T09:00:00-04:00"));
        assert_eq!(page.paragraphs, ["Apple unveiled it."]);
        let timed = parse_html(
            r#"<body><article><time datetime="2025-06-02">June 2</time><p>x</p></article></body>"#,
        );
        assert_eq!(timed.published.as_deref(), Some("2025-06-02"));
    }

    #[test]
    fn fragments_lose_their_markup() {
        assert_eq!(
            fragment_text("<p>Apple &amp; Google</p><p>rose <i>sharply</i></p>"),
            "Apple & Google\n\nrose sharply"
        );
        assert_eq!(fragment_text("  plain   text "), "plain text");
        assert_eq!(fragment_text("AT&amp;T &lt; 5"), "AT&T < 5");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}text{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
        let page = parse_html(&html);
        assert!(page.paragraphs.iter().any(|p| p == "text"));
    }
}

#[cfg(test)]
mod proptests {
    proptest::proptest! {
        /// No HTML-like text makes the page reader panic.
        #[test]
        fn any_html_like_text_is_handled(
            parts in proptest::collection::vec(
                "(<html>|<head>|<title>|</title>|<body>|<article>|</article>|<p>|</p>|<script>|</script>|<nav>|</nav>|<time datetime=\"[0-9T:-]{0,12}\">|<meta property=\"og:title\" content=\"[a-z]{0,5}\">|<script type=\"application/ld\\+json\">\\{\"datePublished\": [0-9\"\\[\\{]{0,4}|&nbsp;|&amp;|[A-Za-z <>&\"]{0,12})",
                0..24,
            )
        ) {
            let text = parts.concat();
            let page = super::parse_html(&text);
            let _ = page.to_page_text();
            let _ = super::fragment_text(&text);
        }
    }
}
