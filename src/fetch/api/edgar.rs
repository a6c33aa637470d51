//! SEC EDGAR's feed of one company's filings (`browse-edgar?action=getcompany&output=atom`),
//! one request per company and form, the 40 latest; asked conditionally like a feed. Its
//! entries are read by `input::edgar`. SEC's own limits (a `User-Agent` naming who asks, 10
//! requests a second) are the source's (`user_agent`, `Kind::min_interval`).

use reqwest::Url;

use super::{rss, Ask, Page, Request};

/// Filings per response: browse-edgar's largest page but one (a daily run needs few).
const COUNT: u32 = 40;

/// The feed of `form` filings of the company `cik` (ten digits), under the source's root.
pub fn filings_url(root: &Url, cik: &str, form: &str) -> Url {
    let mut url = super::join(root, "/cgi-bin/browse-edgar");
    url.query_pairs_mut()
        .append_pair("action", "getcompany")
        .append_pair("CIK", cik)
        .append_pair("type", form)
        .append_pair("dateb", "")
        .append_pair("owner", "include")
        .append_pair("count", &COUNT.to_string())
        .append_pair("output", "atom");
    url
}

pub fn first(ask: &Ask) -> Request {
    rss::first(ask)
}

/// An Atom feed (not SEC's HTML page for a refused or unknown request), its entries counted.
pub fn read(body: &[u8]) -> Result<Page, String> {
    rss::read(body).map_err(|e| format!("SEC EDGAR: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filings_url_names_the_company_and_the_form() {
        let root = Url::parse("https://www.sec.gov").unwrap();
        let url = filings_url(&root, "0000320193", "8-K");
        assert_eq!(
            url.as_str(),
            "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0000320193&type=8-K&dateb=&owner=include&count=40&output=atom"
        );
        assert!(read(b"<html><body>Undeclared Automated Tool</body></html>")
            .unwrap_err()
            .contains("SEC EDGAR"));
    }
}
