use super::*;

/// (tickers, names) of a few companies.
const COMPANIES: &[(&[&str], &[&str])] = &[
    (&["META"], &["Meta Platforms, Inc.", "Meta", "Facebook"]),
    (&["GOOGL", "GOOG"], &["Alphabet Inc.", "Alphabet", "Google"]),
    (&["TGT"], &["Target Corporation"]),
    (&["A"], &["Agilent Technologies", "Agilent"]),
    (&["ALL"], &["Allstate"]),
    (&["BRK-B", "BRK-A"], &["Berkshire Hathaway"]),
    (&["NVDA"], &["Nvidia"]),
    (&["BEKE"], &["KE Holdings"]),
    (&["BZ"], &["KANZHUN LIMITED"]),
    (&["AAPL"], &["Apple Inc.", "Apple"]),
];

fn matcher(linear: bool) -> CompanyMatcher {
    let mut b = MatcherBuilder::default();
    for (tickers, names) in COMPANIES {
        b.add(tickers.iter().copied(), names.iter().copied());
    }
    if linear {
        // The few-company path (no automaton) must find exactly what the automaton finds.
        let m = b.build();
        assert!(!m.names.uses_automaton());
        m
    } else {
        for k in 0..30 {
            let filler = format!("Filler Company {k}");
            b.add(std::iter::empty(), [filler.as_str()]);
        }
        let m = b.build();
        assert!(m.names.uses_automaton());
        m
    }
}

/// (company, how) of every mention, both search paths agreeing.
fn found(text: &str) -> Vec<(Option<u32>, How)> {
    let small = matcher(true).find(text);
    let large = matcher(false).find(text);
    assert_eq!(
        small, large,
        "linear and automaton paths differ on {text:?}"
    );
    small.into_iter().map(|f| (f.company, f.how)).collect()
}

fn companies(text: &str) -> Vec<u32> {
    found(text).into_iter().filter_map(|(c, _)| c).collect()
}

#[test]
fn cashtags_prefixes_and_bare_tickers() {
    assert_eq!(
        found("$META rose; (NASDAQ: GOOG) fell; NVDA flat"),
        [
            (Some(0), How::Cashtag),
            (Some(1), How::Exchange),
            (Some(6), How::Bare)
        ]
    );
    assert_eq!(found("Nasdaq GS: NVDA"), [(Some(6), How::Exchange)]);
    assert_eq!(found("$meta"), [(Some(0), How::Cashtag)]);
}

#[test]
fn unknown_tagged_tickers_are_tickers_and_unknown_bare_ones_nothing() {
    let m = matcher(false);
    let text = "$XYZ and NYSE: QQQQ but not ZZZZ or $5 billion";
    let found = m.find(text);
    let tickers: Vec<String> = found.iter().filter_map(|f| f.ticker(text)).collect();
    assert_eq!(tickers, ["XYZ", "QQQQ"]);
    assert!(found.iter().all(|f| f.company.is_none()));
}

#[test]
fn share_classes_are_one_ticker() {
    assert_eq!(companies("BRK.B gained, NYSE: BRK/B, $brk-a"), [5, 5, 5]);
}

#[test]
fn common_word_tickers_need_a_cashtag_or_exchange() {
    assert!(companies("A BIG DAY: ALL STOCKS UP NOW, IT SAYS").is_empty());
    assert_eq!(companies("$A and NYSE: ALL"), [3, 4]);
}

#[test]
fn tickers_are_upper_case_whole_words() {
    assert!(companies("meta rose, METALS fell, metaverse, NVDAX").is_empty());
    assert_eq!(companies("(NASDAQ:META)"), [0]);
}

#[test]
fn names_match_as_written_or_in_capitals() {
    assert_eq!(companies("Meta's revenue rose"), [0]);
    assert_eq!(companies("FACEBOOK and NVIDIA"), [0, 6]);
    assert_eq!(companies("Alphabet said"), [1]);
    assert_eq!(companies("Kanzhun Limited and KANZHUN LIMITED"), [8, 8]);
    assert!(companies("Metaverse units, Googled, google, apple pie").is_empty());
    // A common-word name is matched only as the table writes it.
    assert!(companies("APPLE PIE RECIPES").is_empty());
    assert_eq!(companies("Apple Inc. and Apple"), [9, 9]);
}

#[test]
fn the_longest_name_wins() {
    let m = matcher(false);
    let text = "Meta Platforms, Inc. said";
    let f = m.find(text);
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].start..f[0].end], "Meta Platforms, Inc");
}

#[test]
fn common_words_are_not_companies() {
    assert!(companies("The target price was raised; a gap in the data").is_empty());
}

#[test]
fn a_spelling_two_companies_share_names_neither() {
    let mut b = MatcherBuilder::default();
    b.add(["AAA"], ["Acme", "Acme Rockets"]);
    b.add(["BBB"], ["Acme", "Acme Anvils"]);
    let m = b.build();
    assert!(m.find("Acme said").is_empty());
    assert_eq!(m.find("Acme Anvils said")[0].company, Some(1));
    assert_eq!(m.company_of_name("Acme Rockets."), Some(0));
    assert_eq!(m.company_of_name("Acme"), None);
}

#[test]
fn non_ascii_text_is_handled() {
    assert!(companies("Métaverse Metaé Ünit").is_empty());
    assert_eq!(companies("«Meta» — Nvidia…"), [0, 6]);
}

#[test]
fn a_ticker_no_table_knows_is_found_where_it_is_written() {
    let text = "QABC jumps; $qabc and NASDAQ: QABC too, not QABCD or qabc. IT rises, $IT too.";
    let found: Vec<&str> = find_ticker(text, "QABC")
        .iter()
        .map(|&(p, q)| &text[p..q])
        .collect();
    assert_eq!(found, ["QABC", "qabc", "QABC"]);
    // A common word stands only as a cashtag.
    let found: Vec<&str> = find_ticker(text, "IT")
        .iter()
        .map(|&(p, q)| &text[p..q])
        .collect();
    assert_eq!(found, ["IT"]);
    assert_eq!(
        find_ticker(text, "IT"),
        [(text.rfind("IT").unwrap(), text.rfind("IT").unwrap() + 2)]
    );
}

#[test]
fn is_key_of_agrees_with_ticker_key() {
    let words = [
        "AAPL",
        "aapl",
        "BRK.B",
        "brk/b",
        "BRK-B",
        "BRK",
        "Métaverse",
        "A",
        "3M",
    ];
    for key in ["AAPL", "BRK-B", "BRK", "A", "3M", "MÉTAVERSE"] {
        for word in words {
            assert_eq!(
                super::is_key_of(word.as_bytes(), key),
                super::ticker::ticker_key(word) == key,
                "{word} {key}"
            );
        }
    }
}
