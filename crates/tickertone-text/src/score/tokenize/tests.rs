use super::cut::parse_number;
use super::*;

fn sentences(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    for_each_sentence(text, |s| v.push(s.to_string()));
    v
}

#[test]
fn splits_on_full_stops() {
    assert_eq!(
        sentences("Sales rose. Costs fell! Did they? Yes."),
        ["Sales rose.", "Costs fell!", "Did they?", "Yes."]
    );
}

#[test]
fn does_not_split_abbreviations_or_decimals() {
    let t = "Apple Inc. said operating profit rose to EUR 13.1 mn in the U.S. Market. \
             Meta Platforms Corp. fell. A. O. Smith gained 2.5% at 10 a.m. Eastern time.";
    assert_eq!(
        sentences(t),
        [
            "Apple Inc. said operating profit rose to EUR 13.1 mn in the U.S. Market.",
            "Meta Platforms Corp. fell.",
            "A. O. Smith gained 2.5% at 10 a.m. Eastern time."
        ]
    );
}

#[test]
fn splits_on_blank_lines_and_keeps_names_with_dots() {
    assert_eq!(
        sentences("Headline without a stop\n\nAmazon.com sales rose. approx. three"),
        [
            "Headline without a stop",
            "Amazon.com sales rose. approx. three"
        ]
    );
}

#[test]
fn numbers_parse_with_separators() {
    assert_eq!(parse_number("13.1"), 13.1);
    assert_eq!(parse_number("1,234.5"), 1234.5);
    assert_eq!(parse_number("1,250,000"), 1_250_000.0);
    assert_eq!(parse_number("13,1"), 13.1);
    assert_eq!(parse_number("1.234,5"), 1234.5);
}

#[test]
fn scales_percent_and_years_are_folded() {
    let mut s = Scratch::default();
    s.tokenize("EUR 13.1 mn in 2009, up 5% from 8.7m");
    let nums: Vec<(f64, u8)> = s
        .toks
        .iter()
        .filter(|t| t.is_num())
        .map(|t| (t.num, t.flags & (F_PCT | F_DATE | F_CUR)))
        .collect();
    assert_eq!(
        nums,
        [(13.1e6, F_CUR), (2009.0, F_DATE), (5.0, F_PCT), (8.7e6, 0)]
    );
}

#[test]
fn detached_possessives_are_glued_back() {
    let mut a = Scratch::default();
    a.tokenize("the company 's net sales");
    let mut b = Scratch::default();
    b.tokenize("the company's net sales");
    let kinds = |s: &Scratch| s.toks.iter().map(|t| t.kind).collect::<Vec<_>>();
    assert_eq!(kinds(&a), kinds(&b));
}

#[test]
fn phrases_and_hyphens() {
    let mut s = Scratch::default();
    s.tokenize("They will lay off staff; cost-cutting continues");
    assert!(matches!(s.toks[1].kind, Kind::Hedge(_) | Kind::Unknown));
    assert!(s
        .toks
        .iter()
        .any(|t| matches!(t.kind, Kind::Polar(v) if v < -1.0)));
    assert!(s.toks.iter().any(|t| t.is_hard()));
}

#[test]
fn an_amount_in_accounting_brackets_is_negative() {
    let mut s = Scratch::default();
    let nums = |s: &mut Scratch, t: &str| -> Vec<f64> {
        s.tokenize(t);
        s.toks
            .iter()
            .filter(|t| t.flags & F_NUM != 0)
            .map(|t| (t.num * 1000.0).round() / 1000.0)
            .collect()
    };
    assert_eq!(nums(&mut s, "EPS $(0.55) vs $(0.42) Est"), [-0.55, -0.42]);
    assert_eq!(nums(&mut s, "EPS $($0.55) Vs Est ($0.42)"), [-0.55, -0.42]);
    // A bracketed figure without a currency sign, or a bracket not closed: as written.
    assert_eq!(nums(&mut s, "sales (12) rose, $(5 more"), [12.0, 5.0]);
}
