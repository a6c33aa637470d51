//! How deep an HTML text nests, found with a linear scan before the tree builder sees it:
//! html5ever checks its stack of open elements at every tag, so a page of 200,000 nested
//! `<div>`s (2.4 MB) takes minutes. Real pages nest a few dozen levels.
//!
//! The scan counts what the tree builder would keep open: start tags push, end tags pop to
//! their element; void elements, self-closed tags and the elements a parser closes by
//! itself (`<p>`, `<li>`, table cells, ...) never count; comments, `<!...>` and the raw
//! text of `<script>`, `<style>` and the like are skipped. It can only overcount sloppy
//! markup that leaves other elements open, which the bound's margin absorbs. The same scan
//! bounds the attributes of a tag, which the tokenizer compares with one another.

/// Open elements a page or fragment may nest; deeper is rejected before it is parsed.
pub const MAX_DEPTH: usize = 512;

/// Attributes one tag may have: the tokenizer compares each with the ones before it.
pub const MAX_ATTRIBUTES: usize = 1000;

/// The tree builder's work, bounded: the open elements summed over every start tag (its
/// scope checks walk them). A 5,000-tag page at depth 30 is 150,000; 400,000 `<p>` under
/// 500 `<div>`s, 200 million.
pub const MAX_WORK: usize = 100_000_000;

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements the parser closes by itself when the next of their kind (or their parent's
/// end) comes: often left unclosed, so they would count once per occurrence.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
];

/// Elements whose content is text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Why `html` is not parsed: it nests deeper than [`MAX_DEPTH`]. `None` when it may be.
pub fn nesting_problem(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let (mut work, mut tags) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        i += at + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i = skip_past(bytes, i + 3, b"-->");
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = skip_past(bytes, i, b">");
            continue;
        }
        let closing = rest.starts_with(b"/");
        let name_start = i + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue; // a lone `<`, as in "a < b"
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (tag_end, attributes) = tag_end(bytes, name_start + name_len);
        if attributes > MAX_ATTRIBUTES {
            return Some(format!(
                "a <{name}> tag of the HTML has {attributes} attributes or more, which no news \
                 page has (the parser checks each against the others); it is not parsed"
            ));
        }
        let self_closed = tag_end >= 2 && bytes[tag_end - 2] == b'/';
        i = tag_end;
        if closing {
            if let Some(at) = open.iter().rposition(|n| *n == name) {
                open.truncate(at);
            }
            continue;
        }
        tags += 1;
        work += open.len();
        if work > MAX_WORK {
            return Some(format!(
                "the HTML has over {tags} tags, nested up to {} deep: more than the parser \
                 is given time for (a news page has a few thousand); it is not parsed",
                open.len()
            ));
        }
        if RAW_TEXT.contains(&name.as_str()) {
            i = skip_raw_text(html, i, &name);
            continue;
        }
        if self_closed || VOID.contains(&name.as_str()) || SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        open.push(name);
        if open.len() > MAX_DEPTH {
            return Some(format!(
                "the HTML nests deeper than {MAX_DEPTH} elements (<{}> inside {} others), \
                 which no news page does; it is not parsed: save the article's own page",
                open[open.len() - 1],
                MAX_DEPTH
            ));
        }
    }
    None
}

/// The index just past the next `needle` from `from` (the end when there is none).
fn skip_past(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    memchr::memmem::find(&bytes[from.min(bytes.len())..], needle)
        .map_or(bytes.len(), |at| from + at + needle.len())
}

/// The index just past a tag's `>`, quoted attribute values skipped, and about how many
/// attributes the tag has (words outside quotes: `a = 1` counts three).
fn tag_end(bytes: &[u8], from: usize) -> (usize, usize) {
    let mut quote: Option<u8> = None;
    let (mut words, mut after_space) = (0usize, false);
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return (k + 1, words),
            (None, b) if b.is_ascii_whitespace() => {
                after_space = true;
                continue;
            }
            (None, b'/') => {}
            (None, _) if after_space => words += 1,
            _ => {}
        }
        after_space = false;
    }
    (bytes.len(), words)
}

/// The index just past `</name` (case-insensitive) from `from`, the raw text skipped.
fn skip_raw_text(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut k = from;
    while let Some(at) = memchr::memmem::find(&bytes[k..], b"</") {
        let start = k + at + 2;
        let end = (start + name.len()).min(bytes.len());
        if bytes[start..end].eq_ignore_ascii_case(name.as_bytes()) {
            return tag_end(bytes, end).0;
        }
        k = start;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markup_passes() {
        let page = format!(
            "<!DOCTYPE html><html><head><script>if (a < b && \"<div>\") {{}}</script>\
             <!-- <div><div> --></head><body>{}<div class='a>b'><p>one<p>two<br>\
             <img src=x /></div>{}</body></html>",
            "<ul><li>x".repeat(200),
            "</ul>".repeat(200)
        );
        assert_eq!(nesting_problem(&page), None);
        assert_eq!(nesting_problem("a < b and <<< >>>"), None);
        let deep_but_closed = "<div></div>".repeat(100_000);
        assert_eq!(nesting_problem(&deep_but_closed), None);
    }

    #[test]
    fn deep_nesting_is_found() {
        let deep = format!(
            "{}text{}",
            "<div>".repeat(200_000),
            "</div>".repeat(200_000)
        );
        let why = nesting_problem(&deep).unwrap();
        assert!(why.contains("deeper than 512"), "{why}");
        let spans = "<span><b>".repeat(MAX_DEPTH);
        assert!(nesting_problem(&spans).is_some());
        let attrs: String = (0..2000).map(|i| format!(" a{i}=\"1 2\"")).collect();
        let why = nesting_problem(&format!("<div{attrs}>x</div>")).unwrap();
        assert!(why.contains("<div> tag of the HTML has"), "{why}");
        let data_uri = format!(
            "<img src=\"data:image/png;base64,{}\" alt='a b c'>",
            "QUJD ".repeat(100_000)
        );
        assert_eq!(nesting_problem(&data_uri), None);
        let wide = format!("{}{}", "<div>".repeat(500), "<p>x".repeat(400_000));
        let why = nesting_problem(&wide).unwrap();
        assert!(why.contains("nested up to 500"), "{why}");
        assert_eq!(
            nesting_problem(&"<div>".repeat(MAX_DEPTH)),
            None,
            "{MAX_DEPTH} levels pass"
        );
    }
}
