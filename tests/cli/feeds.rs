//! RSS and Atom feeds and saved HTML pages: one article per item, companies from the text,
//! markup and page furniture (scripts, navigation, footers) never taken for text.

use crate::{ingest_counts as counts, Workspace};

fn ingest(ws: &Workspace, rel: &str, code: i32) -> serde_json::Value {
    ws.ingest_json(rel, code)
}

#[test]
fn rss_items_are_articles_and_an_item_naming_no_company_is_skipped() {
    let ws = Workspace::new();
    ws.fixture("feeds/market-headlines.rss", "in/top.rss");
    let v = ingest(&ws, "in/top.rss", 0);
    assert_eq!(counts(&v), (2, 1, 0));
    // Tesla is only in a script inside a description: not text, not a mention.
    assert_eq!(ws.stored_text("ticker"), ["NVDA", "AAPL"]);
    assert_eq!(
        ws.stored_text("title"),
        [
            "Nvidia & partners unveil new AI servers",
            "Apple shares slip after a weak outlook"
        ]
    );
    assert_eq!(ws.stored_text("source")[0], "Example Markets: Top Stories");
    assert_eq!(ws.stored_text("categories")[0], "Technology;Semiconductors");
    assert_eq!(
        ws.stored_text("article_id"),
        [
            "example-markets-20250603-0001",
            "https://www.example-markets.com/news/apple-outlook"
        ]
    );
    assert!(ws
        .stored_text("score_source")
        .iter()
        .all(|s| s == "computed"));
    // RFC 2822 dates: both on 2025-06-03.
    let daily = ws.daily_csv_to("2025-06-03");
    assert!(
        daily.contains("\n2025-06-03,Apple Inc.,AAPL,AAPL,1,"),
        "{daily}"
    );
    assert!(
        daily.contains("\n2025-06-03,Nvidia,NVDA,NVDA,1,"),
        "{daily}"
    );
}

#[test]
fn atom_entries_with_html_titles_and_xhtml_content() {
    let ws = Workspace::new();
    ws.fixture("feeds/company-news.atom", "in/company.atom");
    let v = ingest(&ws, "in/company.atom", 0);
    assert_eq!(counts(&v), (2, 0, 0));
    assert_eq!(ws.stored_text("ticker"), ["MSFT", "AMZN"]);
    assert_eq!(ws.stored_text("title")[0], "Microsoft raises its dividend");
    assert_eq!(
        ws.stored_text("url"),
        [
            "https://www.example-wire.com/company/microsoft-dividend",
            "https://www.example-wire.com/company/amazon-hub"
        ]
    );
    assert_eq!(ws.stored_text("categories"), ["Dividends", "Logistics"]);
    assert_eq!(ws.stored_text("source")[1], "Example Wire: Company News");
}

#[test]
fn a_feed_is_recognised_by_its_content() {
    let ws = Workspace::new();
    ws.fixture("feeds/market-headlines.rss", "in/headlines");
    ws.fixture("feeds/company-news.atom", "in/company.dat");
    let v = ingest(&ws, "in", 0);
    assert_eq!(counts(&v), (4, 1, 0));
}

#[test]
fn a_cut_feed_keeps_its_whole_items_and_rejects_the_rest_once() {
    let ws = Workspace::new();
    let full = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/feeds/market-headlines.rss"),
    )
    .unwrap();
    let cut = &full[..full.find("<title>Apple").unwrap() + 20];
    ws.write("in/cut.xml", &format!("{cut}</rss>"));
    let v = ingest(&ws, "in/cut.xml", 3);
    assert_eq!(counts(&v), (1, 0, 1));
    let reason = ws.rejected()[0]["reason"].as_str().unwrap().to_string();
    assert!(reason.starts_with("invalid XML at line"), "{reason}");
}

#[test]
fn xml_that_is_not_a_feed_is_one_rejection() {
    let ws = Workspace::new();
    ws.write(
        "in/sitemap.xml",
        "<?xml version=\"1.0\"?><urlset><url><loc>x</loc></url></urlset>",
    );
    ingest(&ws, "in/sitemap.xml", 3);
    let reason = ws.rejected()[0]["reason"].as_str().unwrap().to_string();
    assert!(
        reason.contains("not an RSS or Atom feed") && reason.contains("<urlset>"),
        "{reason}"
    );
}

#[test]
fn html_page_text_without_scripts_navigation_or_footer() {
    let ws = Workspace::new();
    ws.fixture("html/nvidia-article.html", "in/nvidia.html");
    let v = ingest(&ws, "in/nvidia.html", 0);
    assert_eq!(counts(&v), (1, 0, 0));
    // Apple, Microsoft, Tesla and Amazon are only in the script, navigation, aside, figure
    // and footer.
    assert_eq!(ws.stored_text("ticker"), ["NVDA"]);
    assert_eq!(
        ws.stored_text("title"),
        ["Nvidia beats estimates on data-center demand"]
    );
    assert_eq!(ws.stored_text("source"), ["Example News"]);
    assert_eq!(
        ws.stored_text("url"),
        ["https://www.example-news.com/markets/nvidia-beats-estimates"]
    );
    assert!(ws.stored_numbers("score")[0] > 0.0);
    // article:published_time (28 May) wins over the JSON-LD date (27 May).
    let daily = ws.daily_csv_to("2025-05-28");
    assert!(
        daily.contains("\n2025-05-28,Nvidia,NVDA,NVDA,1,"),
        "{daily}"
    );
}

#[test]
fn html_date_from_json_ld_and_page_sniffed_without_extension() {
    let ws = Workspace::new();
    ws.fixture("html/apple-json-ld.htm", "in/apple.htm");
    ws.fixture("html/nvidia-article.html", "in/saved-page");
    let v = ingest(&ws, "in", 0);
    assert_eq!(counts(&v), (2, 0, 0));
    // The store reads month by month: May's NVDA page before June's AAPL one.
    assert_eq!(ws.stored_text("ticker"), ["NVDA", "AAPL"]);
    // 09:00 in UTC-5 is 14:00 UTC on 5 June.
    let daily = ws.daily_csv_to("2025-06-05");
    assert!(
        daily.contains("\n2025-06-05,Apple Inc.,AAPL,AAPL,1,"),
        "{daily}"
    );
}

#[test]
fn an_html_page_naming_no_company_is_skipped() {
    let ws = Workspace::new();
    ws.write(
        "in/fed.html",
        "<html><head><title>Fed holds rates</title><meta property=\"article:published_time\" content=\"2025-06-18T18:00:00Z\"></head><body><p>The Federal Reserve held rates steady.</p></body></html>",
    );
    let v = ingest(&ws, "in/fed.html", 0);
    assert_eq!(counts(&v), (0, 1, 0));
}
