use super::*;

#[test]
fn relevance_follows_prominence() {
    assert_eq!(relevance(true, true, 5), 1.0);
    assert_eq!(relevance(true, false, 1), 0.5);
    assert_eq!(relevance(true, false, 0), 0.4);
    assert_eq!(relevance(false, false, 0), 0.1);
}

fn builtin() -> &'static Companies {
    static C: std::sync::OnceLock<Companies> = std::sync::OnceLock::new();
    C.get_or_init(|| Companies::new(crate::symbols::SymbolTable::builtin().unwrap()))
}

proptest::proptest! {
    /// No page makes the reader or the extraction panic.
    #[test]
    fn any_text_is_handled(text in "(?s).{0,400}") {
        let opts = ParseOptions { companies: Some(builtin()), ..Default::default() };
        let parts = crate::input::page::parse_page(&text);
        let _ = page_to_article(&parts, &text, Path::new("x.txt"), &opts);
    }

    /// Page-like texts (runs, impacts, stated scores) too.
    #[test]
    fn page_like_text_is_handled(
        lines in proptest::collection::vec(
            "(Back to News|Market Impact: -?[0-9.]{0,4}|[A-Z]{1,20}|[A-Za-z &]{0,30}|.{0,60}sentiment score of -?[0-9.]{1,4} for [A-Z]{1,5}.{0,20}|Analysis|)",
            0..12,
        )
    ) {
        let text = lines.join("\n");
        let opts = ParseOptions { companies: Some(builtin()), ..Default::default() };
        let parts = crate::input::page::parse_page(&text);
        if let Ok((article, _)) = page_to_article(&parts, &text, Path::new("2025-01-01.txt"), &opts) {
            for m in &article.mentions {
                assert!((-1.0..=1.0).contains(&m.score) && (0.0..=1.0).contains(&m.relevance));
            }
        }
    }
}

fn lookup() -> Lookup<'static> {
    Lookup(Some(builtin()))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn market_impact_is_a_number_in_0_1_or_1() {
    assert_eq!(market_impact(None), Ok(1.0));
    assert_eq!(market_impact(Some("0.7 (high)")), Ok(0.7));
    assert!(market_impact(Some("1.5")).is_err());
    assert!(market_impact(Some("high")).is_err());
}

#[test]
fn tickers_come_run_first_then_ticker_option_then_text() {
    let l = lookup();
    let named = NamedIn {
        title: l.find("Microsoft and Nvidia rally"),
        body: l.find("Shares of $AMD rose."),
    };
    let (tickers, notes) = page_tickers(&strings(&["NVDA"]), &strings(&["AAPL"]), &named, &l);
    assert_eq!(tickers.all, ["NVDA", "AAPL", "MSFT", "AMD"]);
    assert_eq!(tickers.in_run, ["NVDA", "AAPL"]);
    assert!(notes.unresolved_runs.is_empty());
}

#[test]
fn stated_scores_resolve_names_and_drop_ambiguous_ones() {
    let l = lookup();
    let mut tickers = strings(&["NVDA"]);
    let stated = stated_by_ticker(
        "a sentiment score of 0.4 for NVDA. AMD sentiment: -0.3. AMD sentiment: 0.2. \
         Overall sentiment: 0.25",
        &mut tickers,
        &l,
    );
    assert_eq!(tickers, ["NVDA", "AMD"]);
    assert_eq!(stated.by_ticker.get("NVDA"), Some(&Some(0.4)));
    assert_eq!(stated.by_ticker.get("AMD"), Some(&None));
    assert_eq!(stated.article, Some(0.25));
}

#[test]
fn tickers_group_by_company_in_order() {
    let groups = group_by_company(&strings(&["GOOGL", "NVDA", "GOOG"]), &lookup());
    let tickers: Vec<&[String]> = groups.iter().map(|(_, t)| t.as_slice()).collect();
    assert_eq!(
        tickers,
        [&strings(&["GOOGL", "GOOG"])[..], &strings(&["NVDA"])[..]]
    );
    let alone = group_by_company(&strings(&["GOOGL", "GOOG"]), &Lookup(None));
    assert_eq!(alone.len(), 2);
}

#[test]
fn scoring_reads_title_then_body() {
    assert_eq!(text_for_scoring("T", ""), "T");
    assert_eq!(text_for_scoring("T", "B"), "T\n\nB");
}

#[test]
fn companies_no_sentence_names_get_the_article_score() {
    let groups = vec![("NVIDIA".to_string(), strings(&["NVDA"]))];
    let scores = text_scores(
        "Operating profit rose sharply.",
        &groups,
        &Lookup(None),
        None,
    )
    .unwrap();
    assert_eq!(scores.companies, [None]);
    assert!(scores.article > 0.3);
}

#[test]
fn mentions_prefer_stated_then_text_then_article_scores() {
    let l = lookup();
    let groups = vec![
        ("a".to_string(), strings(&["NVDA"])),
        ("b".to_string(), strings(&["AMD"])),
        ("c".to_string(), strings(&["INTC"])),
    ];
    let stated = Stated {
        by_ticker: [("NVDA".to_string(), Some(0.4))].into_iter().collect(),
        article: Some(-0.2),
    };
    let scores = TextScores {
        companies: vec![Some(0.9), Some(0.5), None],
        article: 0.1,
    };
    let named = NamedIn {
        title: vec![],
        body: vec![],
    };
    let m = page_mentions(
        &groups,
        &stated,
        (&scores, &(ScoreSource::Computed, None)),
        &strings(&["NVDA"]),
        &named,
        "NVDA up",
        &l,
    );
    let got: Vec<_> = m
        .iter()
        .map(|m| (m.ticker.as_str(), m.score, m.score_source, m.relevance))
        .collect();
    assert_eq!(
        got,
        [
            ("NVDA", 0.4, ScoreSource::Stated, 0.7),
            ("AMD", 0.5, ScoreSource::Computed, 0.1),
            ("INTC", -0.2, ScoreSource::Article, 0.1),
        ]
    );
}

#[test]
fn dates_come_from_the_option_the_text_or_the_file_name() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let date = |opt, text: &str, file: &str| {
        publication_date(opt, text, Path::new(file)).map(|p| p.utc.date_naive())
    };
    let text = "Published May 28, 2025 by x";
    assert_eq!(
        date(Some(day(2025, 1, 2)), text, "2024-01-01.txt"),
        Ok(day(2025, 1, 2))
    );
    assert_eq!(date(None, text, "2024-01-01.txt"), Ok(day(2025, 5, 28)));
    assert_eq!(date(None, "no date", "2024-01-01.txt"), Ok(day(2024, 1, 1)));
    assert!(date(None, "no date", "x.txt").is_err());
}

#[test]
fn page_ids_ignore_white_space() {
    assert_eq!(page_id("a  b\n c"), page_id("a b c"));
    assert_ne!(page_id("a b"), page_id("a c"));
    assert!(page_id("a").starts_with("sha:"));
}

#[test]
fn file_name_dates() {
    assert_eq!(
        date_in_file_name(Path::new("x/2025-05-28-nvidia.txt")),
        NaiveDate::from_ymd_opt(2025, 5, 28)
    );
    assert_eq!(date_in_file_name(Path::new("nvidia.txt")), None);
}
