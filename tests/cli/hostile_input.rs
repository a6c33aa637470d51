//! Hostile inputs (issue 28): each case rejected with file, line and reason, or read as
//! the README says, and never able to take later commands down.

use crate::{ingest_counts, Workspace};

/// A news CSV of `rows` rows (ids `r1`…), one ticker each; `title(i)` gives row i's title.
fn news_csv(rows: usize, title: impl Fn(usize) -> String) -> String {
    let mut text = String::from("id,published_at,ticker,sentiment,title\n");
    for i in 1..=rows {
        text.push_str(&format!(
            "r{i},2025-01-{:02},AAPL,0.1,{}\n",
            1 + i % 28,
            title(i)
        ));
    }
    text
}

#[test]
fn an_unclosed_quote_in_a_csv_rejects_the_rows_from_it_on() {
    let ws = Workspace::new();
    // Row 2 (line 3) opens a quote that nothing closes.
    ws.write(
        "in/open.csv",
        &news_csv(100, |i| match i {
            2 => "\"Apple opens a quote".into(),
            i => format!("Plain title {i}"),
        }),
    );
    let v = ws.ingest_json("in/open.csv", 3);
    assert_eq!(ingest_counts(&v), (1, 0, 1), "{v}");
    let rejected = ws.rejected();
    assert_eq!(rejected.len(), 1);
    let r = &rejected[0];
    assert!(r["file"].as_str().unwrap().ends_with("open.csv"));
    assert_eq!(r["line"], 3);
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("never closed") && reason.contains("from line 3 on"),
        "{reason}"
    );
    assert!(ws.stored_text("title").iter().all(|t| t.len() < 40));

    // Closed by a later field's opening quote: the rows between are not one title either.
    let ws = Workspace::new();
    ws.write(
        "in/later.csv",
        &news_csv(100, |i| match i {
            2 => "\"Apple opens a quote".into(),
            50 => "\"Apple, up\"".into(),
            i => format!("Plain title {i}"),
        }),
    );
    let v = ws.ingest_json("in/later.csv", 3);
    assert_eq!(ingest_counts(&v), (1, 0, 1), "{v}");
    assert_eq!(ws.rejected()[0]["line"], 3);
}
