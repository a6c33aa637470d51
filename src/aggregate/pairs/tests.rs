//! The walk's pairs, sums and tickers on small frames.

use super::*;
use crate::symbols::SymbolTable;
use tickertone_text::date::Dating;

/// A stored mention: `(article id, hours after 2025-03-03 00:00 UTC, ticker, score,
/// relevance, title)`; every article's market impact is 0.5.
type Row = (
    &'static str,
    i64,
    &'static str,
    f64,
    f64,
    Option<&'static str>,
);

fn mentions(rows: &[Row], companies: Option<&[&str]>) -> MentionFrame {
    mentions_about(rows, companies, &vec![true; rows.len()])
}

/// [`mentions`] with each row's `about`.
fn mentions_about(rows: &[Row], companies: Option<&[&str]>, about: &[bool]) -> MentionFrame {
    let start = NaiveDate::from_ymd_opt(2025, 3, 3)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_micros();
    let n = rows.len();
    let published = Int64Chunked::from_vec(
        store::PUBLISHED_AT.into(),
        rows.iter().map(|r| start + r.1 * 3_600_000_000).collect(),
    )
    .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
    .into_column();
    let df = DataFrame::new(
        n,
        vec![
            Column::new(
                store::ARTICLE_ID.into(),
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ),
            published,
            Column::new(store::DATE_ONLY.into(), vec![false; n]),
            Column::new(
                store::TICKER.into(),
                rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            ),
            Column::new(
                store::SCORE.into(),
                rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            ),
            Column::new(
                store::RELEVANCE.into(),
                rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            ),
            Column::new(store::MARKET_IMPACT.into(), vec![0.5f64; n]),
            Column::new(store::ABOUT.into(), about.to_vec()),
            Column::new(
                store::TITLE.into(),
                rows.iter().map(|r| r.5).collect::<Vec<_>>(),
            ),
        ],
    )
    .unwrap();
    let symbols = SymbolTable::builtin().unwrap();
    let selected: Option<std::collections::HashSet<String>> =
        companies.map(|c| c.iter().map(|s| s.to_string()).collect());
    let dating = Dating::calendar(chrono_tz::UTC);
    MentionFrame::load(df.lazy(), &symbols, dating, selected.as_ref(), None).unwrap()
}

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap() + chrono::Duration::days(n)
}

fn walk_all(frame: &MentionFrame) -> (PiecePairs, Numbering) {
    let mut numbering = Numbering::default();
    let found = walk(
        frame,
        day(0)..=day(9),
        day(0)..=day(9),
        &mut numbering,
        false,
    );
    (found.unwrap(), numbering)
}

/// GOOG and GOOGL in one article are one pair of Alphabet: s is their mean, w the
/// largest relevance × the article's impact; the day's sums, bands and tickers follow.
#[test]
fn one_pair_per_article_and_company() {
    let frame = mentions(
        &[
            ("a", 1, "GOOG", 0.5, 0.2, Some("Alphabet rises")),
            ("a", 1, "GOOGL", 0.1, 0.8, Some("Alphabet rises")),
            ("a", 1, "MSFT", -0.2, 0.4, Some("Alphabet rises")),
            ("b", 2, "GOOGL", -0.4, 1.0, None),
        ],
        None,
    );
    let (found, numbering) = walk_all(&frame);
    let alphabet = numbering.companies.number("Alphabet Inc.").unwrap();
    let pairs: Vec<(&str, &str, f64)> = found
        .records
        .iter()
        .map(|p| {
            let company = numbering.companies.name(p.company);
            (company, numbering.articles.get(p.article), p.s)
        })
        .collect();
    assert_eq!(pairs.len(), 3);
    assert!(pairs.contains(&("Alphabet Inc.", "a", (0.5 + 0.1) / 2.0)));
    assert!(pairs.contains(&("Alphabet Inc.", "b", -0.4)));
    let symbols = SymbolTable::builtin().unwrap();
    let microsoft = symbols.resolve_ticker("MSFT").0;
    assert!(pairs.contains(&(microsoft, "a", -0.2)));
    let day0 = found.days.iter().find(|d| d.company == alphabet).unwrap();
    assert_eq!(numbering.symbols.name(day0.symbol), "GOOGL");
    let s = &day0.stats;
    assert_eq!((s.date, s.pairs, s.bullish, s.bearish), (day(0), 2, 1, 1));
    assert_eq!(s.sum_s, 0.3 + -0.4);
    // w: 0.8 × 0.5 for a, 1.0 × 0.5 for b.
    assert_eq!(s.sum_w, 0.4 + 0.5);
    assert_eq!(s.sum_ws, 0.4 * 0.3 + 0.5 * -0.4);
    assert_eq!((s.min, s.max), (-0.4, 0.3));
    let mut seen: Vec<&str> = found
        .tickers
        .iter()
        .filter(|t| t.0 == alphabet)
        .map(|t| numbering.tickers.name(t.2))
        .collect();
    seen.sort();
    assert_eq!(seen, ["GOOG", "GOOGL"], "each ticker once");
}

/// A day's pairs are added in store order, whatever their publication order: the sums
/// are then the same on every run and in every engine that adds in that order.
#[test]
fn a_days_pairs_add_in_store_order() {
    // Published c, a, b; stored a, b, c. In store order (1e16 + 1) − 1e16 = 0; in
    // publication order (−1e16 + 1e16) + 1 = 1.
    let frame = mentions(
        &[
            ("a", 5, "AAPL", 1e16, 1.0, None),
            ("b", 6, "AAPL", 1.0, 1.0, None),
            ("c", 4, "AAPL", -1e16, 1.0, None),
        ],
        None,
    );
    let (found, numbering) = walk_all(&frame);
    assert_eq!(found.days.len(), 1);
    assert_eq!(found.days[0].stats.sum_s, 0.0);
    let ids: Vec<&str> = found
        .records
        .iter()
        .map(|p| numbering.articles.get(p.article))
        .collect();
    assert_eq!(ids, ["c", "a", "b"], "records in publication order");
}

/// Articles published at the same instant go by id; rows of companies not asked for,
/// and rows dated outside the range, make no pair.
#[test]
fn ties_go_by_id_and_only_the_asked_rows_count() {
    let frame = mentions(
        &[
            ("z", 1, "AAPL", 0.1, 1.0, None),
            ("m", 1, "AAPL", 0.2, 1.0, None),
            ("m", 1, "MSFT", 0.3, 1.0, None),
            ("a", 1, "AAPL", 0.3, 1.0, None),
            ("late", 24 * 20, "AAPL", 0.9, 1.0, None),
        ],
        Some(&["Apple Inc."]),
    );
    let (found, numbering) = walk_all(&frame);
    let ids: Vec<(&str, &str)> = found
        .records
        .iter()
        .map(|p| {
            let company = numbering.companies.name(p.company);
            (company, numbering.articles.get(p.article))
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("Apple Inc.", "a"),
            ("Apple Inc.", "m"),
            ("Apple Inc.", "z")
        ]
    );
    assert_eq!(found.days.len(), 1);
    assert_eq!(found.days[0].stats.pairs, 3);
}

/// An article's title is one story key for each of its pairs.
#[test]
fn each_pair_of_an_article_carries_its_title_key() {
    let frame = mentions(
        &[
            (
                "a",
                1,
                "AAPL",
                0.1,
                1.0,
                Some("UPDATE 1-Apple and Microsoft"),
            ),
            (
                "a",
                1,
                "MSFT",
                0.1,
                1.0,
                Some("UPDATE 1-Apple and Microsoft"),
            ),
            ("b", 2, "AAPL", 0.1, 1.0, Some("apple AND microsoft")),
        ],
        None,
    );
    let (found, ..) = walk_all(&frame);
    let keys: Vec<Option<NonZeroU64>> = found.records.iter().map(|p| p.title).collect();
    assert_eq!(keys.len(), 3);
    assert!(keys[0].is_some());
    assert!(keys.iter().all(|k| *k == keys[0]));
}

/// The per-day sums add a day's pairs in store order whatever the threads do: the daily
/// rows of a day with thousands of pairs (whose float sum depends on its order) are, bit
/// for bit, those of adding the pairs one by one in store order, on 1, 2 and 8 threads.
#[test]
fn daily_sums_do_not_depend_on_thread_scheduling() {
    let ids: Vec<String> = (0..3000).map(|i| format!("a{i:04}")).collect();
    // Scores of many magnitudes: their sum changes with the order of the additions.
    let score = |i: usize| ((i * 7919 % 2001) as f64 / 1000.0 - 1.0) * [1.0, 1e-7, 0.3][i % 3];
    let rows: Vec<Row> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let id: &'static str = Box::leak(id.clone().into_boxed_str());
            (id, (i % 48) as i64, "AAPL", score(i), 1.0, None)
        })
        .collect();
    let frame = mentions(&rows, None);
    // The days in store order: each day's scores added one by one.
    let mut expected: std::collections::BTreeMap<NaiveDate, (f64, u64)> = Default::default();
    for (i, r) in rows.iter().enumerate() {
        let sum = expected.entry(day(r.1 / 24)).or_default();
        sum.0 += score(i);
        sum.1 += 1;
    }
    // Added in reverse, some day's sum differs: the order is what the test checks.
    let mut reversed: std::collections::BTreeMap<NaiveDate, f64> = Default::default();
    for (i, r) in rows.iter().enumerate().rev() {
        *reversed.entry(day(r.1 / 24)).or_default() += score(i);
    }
    assert!(expected.iter().any(|(d, (sum, _))| reversed[d] != *sum));
    let window = crate::aggregate::Window {
        from: day(0),
        to: day(1),
    };
    let mut seen = Vec::new();
    for threads in [1, 2, 8] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let daily = pool.install(|| {
            let piece = (frame.clone(), day(-30)..=day(1));
            crate::aggregate::aggregate_pieces(
                [Ok(piece)],
                window,
                &crate::aggregate::Scope::default(),
            )
            .unwrap()
            .daily
        });
        for row in &daily {
            let (sum, pairs) = expected[&row.date];
            assert_eq!(row.articles, pairs);
            assert_eq!(
                row.mean_sentiment.to_bits(),
                (sum / pairs as f64).to_bits(),
                "{threads} threads, {}",
                row.date
            );
        }
        seen.push(daily);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
}

/// A pair counts when one of its mentions is `about`: GOOG not about, GOOGL about, in one
/// article, is one Alphabet pair (s over both); an article about no mention of Meta makes
/// no Meta pair, and is counted as left out; `all_mentions` counts it.
#[test]
fn pairs_an_article_is_not_about_are_left_out_unless_all_mentions() {
    let rows: Vec<Row> = vec![
        ("a1", 1, "GOOG", 0.2, 1.0, Some("Alphabet story")),
        ("a1", 1, "GOOGL", 0.4, 1.0, Some("Alphabet story")),
        ("a1", 1, "META", -0.6, 1.0, Some("Alphabet story")),
        ("a2", 2, "META", 0.8, 1.0, Some("Meta story")),
    ];
    let frame = mentions_about(&rows, None, &[false, true, false, true]);
    let mut numbering = Numbering::default();
    let found = walk(
        &frame,
        day(0)..=day(9),
        day(0)..=day(9),
        &mut numbering,
        false,
    )
    .unwrap();
    let scored: Vec<(&str, f64)> = found
        .records
        .iter()
        .map(|r| (numbering.companies.name(r.company), r.s))
        .collect();
    assert_eq!(scored.len(), 2, "{scored:?}");
    assert!(scored.contains(&("Alphabet Inc.", (0.2 + 0.4) / 2.0)));
    assert!(scored.contains(&("Meta Platforms", 0.8)));
    let meta = numbering.companies.number("Meta Platforms").unwrap();
    assert_eq!(found.left_out, [(meta, day_number(day(0)))]);

    let mut numbering = Numbering::default();
    let all = walk(
        &frame,
        day(0)..=day(9),
        day(0)..=day(9),
        &mut numbering,
        true,
    )
    .unwrap();
    assert_eq!(all.records.len(), 3);
    assert!(all.left_out.is_empty());
}
