//! The API key of a source, and a password in its URL, kept out of every text about its
//! requests: messages, `-v` lines, errors, state files and saved bodies.

use reqwest::Url;

/// The API key of one source (and a password written into its URL), and the removal of
/// them from any text about its requests.
#[derive(Default)]
pub struct Secret {
    /// The key as given, and as it appears percent-encoded in a URL; a URL's password.
    forms: Vec<String>,
    /// A key short enough, or word-like enough, to occur in news text ("demo", "news"):
    /// redacted only where it stands as a parameter's value (`apikey=demo`).
    weak: bool,
}

/// Keys shorter than this, or made of letters only, could be words of a headline.
const STRONG_KEY_CHARS: usize = 12;

impl Secret {
    pub fn new(key: Option<&str>) -> Secret {
        let mut secret = Secret::default();
        if let Some(key) = key.filter(|k| !k.is_empty()) {
            secret.weak =
                key.chars().count() < STRONG_KEY_CHARS || key.chars().all(|c| c.is_alphabetic());
            secret.add(key);
        }
        secret
    }

    /// Also redacts the password of `url`'s userinfo (`http://user:pass@host`).
    pub fn with_password_of(mut self, url: &Url) -> Secret {
        if let Some(password) = url.password().filter(|p| !p.is_empty()) {
            // The URL keeps it percent-encoded; messages may show either.
            let decoded: String = form_urlencoded::parse(format!("p={password}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            for form in [password.to_string(), decoded] {
                if !form.is_empty() && !self.forms.contains(&form) {
                    self.forms.push(form);
                }
            }
        }
        self
    }

    /// No key and no password: nothing to keep from other hosts.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    fn add(&mut self, key: &str) {
        self.forms.push(key.to_string());
        let encoded: String = url_encode(key);
        if encoded != key {
            self.forms.push(encoded);
        }
    }

    /// `text` with the key replaced by `***` where it stands as a token (never inside a
    /// longer word: a key `news` leaves "AAPL news" alone), and any URL's userinfo too.
    pub fn redact(&self, text: &str) -> String {
        let redacted = self.redact_bytes(text.as_bytes().to_vec());
        // A valid UTF-8 form replaced in valid UTF-8 leaves valid UTF-8.
        let text = String::from_utf8(redacted)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        redact_userinfo(&text)
    }

    /// `body` with an echoed key replaced by `***`, by the rule of [`Secret::redact`];
    /// other bytes are kept as they are.
    pub fn redact_bytes(&self, body: Vec<u8>) -> Vec<u8> {
        let mut body = body;
        for form in &self.forms {
            let finder = memchr::memmem::Finder::new(form.as_bytes());
            if form.is_empty() || finder.find(&body).is_none() {
                continue;
            }
            let mut out = Vec::with_capacity(body.len());
            let mut at = 0;
            let mut copied = 0;
            while let Some(found) = finder.find(&body[at..]) {
                let start = at + found;
                let end = start + form.len();
                if self.stands_alone(&body, start, end) {
                    out.extend_from_slice(&body[copied..start]);
                    out.extend_from_slice(b"***");
                    copied = end;
                    at = end;
                } else {
                    at = start + 1;
                }
            }
            out.extend_from_slice(&body[copied..]);
            body = out;
        }
        body
    }

    /// Whether `text[start..end]`, an occurrence of the key, is the key and not part of a
    /// longer word; a weak key counts only as a parameter's value (`=` before it).
    fn stands_alone(&self, text: &[u8], start: usize, end: usize) -> bool {
        // Bytes of non-ASCII characters count as word characters: "éKEY" is one word.
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        let before = start.checked_sub(1).map(|i| text[i]);
        let after = text.get(end).copied();
        if before.is_some_and(word) || after.is_some_and(word) {
            return false;
        }
        !self.weak || before == Some(b'=')
    }
}

/// `text` with the userinfo of every URL in it (`http://user:pass@host`) as `***`.
pub fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let authority_end = tail
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(tail.len());
        match tail[..authority_end].rfind('@') {
            Some(userinfo_end) => {
                out.push_str("***");
                rest = &tail[userinfo_end..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// `text` as a URL's query encodes it.
fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_redacted_in_text_and_bytes_in_both_forms() {
        let secret = Secret::new(Some("k3y/+x-long-enough"));
        let url = "https://h/q?apikey=k3y%2F%2Bx-long-enough&x=1";
        assert_eq!(secret.redact(url), "https://h/q?apikey=***&x=1");
        assert_eq!(secret.redact("bad key k3y/+x-long-enough"), "bad key ***");
        assert_eq!(
            secret.redact_bytes(b"{\"k\":\"k3y/+x-long-enough\"}".to_vec()),
            b"{\"k\":\"***\"}"
        );
        assert_eq!(Secret::new(None).redact("abc"), "abc");
    }

    #[test]
    fn a_short_key_is_redacted_only_as_a_value_and_never_inside_words() {
        for key in ["news", "e", "demo"] {
            let secret = Secret::new(Some(key));
            let url = format!("https://h/q?tickers=AAPL&apikey={key}&x=1");
            assert_eq!(
                secret.redact(&url),
                "https://h/q?tickers=AAPL&apikey=***&x=1"
            );
            let body = format!("{{\"title\":\"AAPL {key} beats the {key}s\",\"ok\":true}}");
            assert_eq!(
                secret.redact_bytes(body.clone().into_bytes()),
                body.as_bytes()
            );
        }
        // A long key is redacted as a token anywhere, but not inside a longer word.
        let secret = Secret::new(Some("ABCDEF123456"));
        assert_eq!(
            secret.redact("key ABCDEF123456, not XABCDEF123456 or ABCDEF1234567"),
            "key ***, not XABCDEF123456 or ABCDEF1234567"
        );
    }

    #[test]
    fn passwords_in_urls_are_redacted() {
        let url = Url::parse("http://user:pa%3Ass@example.com:8080/feed?x=1").unwrap();
        let secret = Secret::new(None).with_password_of(&url);
        assert_eq!(
            secret.redact(url.as_str()),
            "http://***@example.com:8080/feed?x=1"
        );
        assert_eq!(secret.redact("denied for pa:ss."), "denied for ***.");
        assert_eq!(
            redact_userinfo("GET https://u@h/x and http://h2/y?a=b@c"),
            "GET https://***@h/x and http://h2/y?a=b@c"
        );
    }
}
