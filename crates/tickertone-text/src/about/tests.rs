//! The rule on real headlines (from `tests/fixtures/about/`): who is named where.

use super::*;

/// The sightings of `names` (subjects first, then others) in a headline and a body:
/// every occurrence of each name, as the caller's matcher would give them.
fn sightings(headline: &str, body: &str, names: &[&str]) -> Vec<Sighting> {
    let mut out = Vec::new();
    for (company, name) in names.iter().enumerate() {
        for (part, text) in [(Part::Headline, headline), (Part::Body, body)] {
            for (start, _) in text.match_indices(name) {
                out.push(Sighting {
                    company,
                    part,
                    start,
                    end: start + name.len(),
                });
            }
        }
    }
    out
}

/// The verdicts for the first `subjects` of `names`.
fn verdicts(
    headline: &str,
    body: &str,
    names: &[&str],
    subjects: usize,
    tagged: usize,
) -> Vec<bool> {
    let article = Article {
        headline,
        body,
        tagged,
    };
    let subjects = vec![Subject::default(); subjects];
    decide(&article, &subjects, &sightings(headline, body, names))
        .into_iter()
        .map(Why::about)
        .collect()
}

#[test]
fn the_headline_decides_when_it_names_a_company_in_its_own_right() {
    // Finnhub's related=AAPL on another company's story: Apple is the yardstick.
    let v = verdicts(
        "Nvidia stock crosses $3 trillion, overtakes Apple",
        "",
        &["Apple", "Nvidia"],
        2,
        1,
    );
    assert_eq!(v, [false, true]);
    // A deal: both parties.
    let v = verdicts(
        "Snap, Qualcomm Ink Multi-Year Deal To Power Future AR 'Specs'",
        "",
        &["Snap", "Qualcomm"],
        2,
        2,
    );
    assert_eq!(v, [true, true]);
}

#[test]
fn a_list_of_four_names_is_about_none_of_them() {
    let v = verdicts(
        "These Stocks Are Today’s Movers: Broadcom, Nike, ASML, Bank of America, Morgan Stanley",
        "Broadcom stock rises after the chip maker extends a deal.",
        &[
            "Nike",
            "Broadcom",
            "ASML",
            "Bank of America",
            "Morgan Stanley",
        ],
        2,
        5,
    );
    assert_eq!(v, [false, false]);
}

#[test]
fn the_body_lead_decides_when_the_headline_names_no_subject() {
    let body = "Alstom, global leader in smart and sustainable mobility, signs a contract. \
                Siemens also bid.";
    let v = verdicts(
        "Tramway contract signed in AlUla",
        body,
        &["Alstom", "Siemens"],
        2,
        2,
    );
    assert_eq!(v, [true, false]);
}

#[test]
fn a_text_that_names_no_company_follows_its_source_when_it_can() {
    // A listicle whose summary names none: the source's relevance decides (Alpha Vantage
    // rated the picks 0.37 and 0.27, the coins at the foot of the story 0.05).
    let listicle = Article {
        headline: "3 Stocks to Avoid This Week",
        body: "These investments seem pretty vulnerable right now.",
        tagged: 5,
    };
    let rated = |r: f64| Subject {
        relevance: Some(r),
        ..Subject::default()
    };
    let why = decide(&listicle, &[rated(0.37), rated(0.27), rated(0.05)], &[]);
    assert_eq!(
        why.iter().map(|w| w.about()).collect::<Vec<_>>(),
        [true, true, false]
    );
    // A per-ticker headline scrape of a market piece: not about the ticker scraped.
    assert_eq!(
        verdicts(
            "Stocks That Hit 52-Week Highs On Friday",
            "",
            &["Agilent"],
            1,
            1
        ),
        [false]
    );
    // A headline that names another company only.
    assert_eq!(
        verdicts(
            "Garmin (GRMN) Bolsters Fitness Segment",
            "",
            &["Agilent", "Garmin"],
            1,
            1
        ),
        [false]
    );
}

#[test]
fn high_source_relevance_counts_when_the_body_names_the_company() {
    let article = Article {
        headline: "Apple Watch ban reinstated by court",
        body: "The court sided with Apple's rival in the dispute over Masimo's patents.",
        tagged: 2,
    };
    let subjects = [
        Subject::default(),
        Subject {
            relevance: Some(0.72),
            ..Subject::default()
        },
    ];
    let found = sightings(article.headline, article.body, &["Apple", "Masimo"]);
    let why = decide(&article, &subjects, &found);
    assert_eq!(why, [Why::Headline, Why::Relevance(0.72)]);
}

#[test]
fn high_source_relevance_counts_when_the_headlines_tag_list_names_the_company() {
    // Alpha Vantage, 2024-01: Masimo rated 0.61, named only in Benzinga's tag list; Disney
    // (0.13) named in the headline as Chapek's past employer, and in the summary.
    let article = Article {
        headline: "Bob Chapek Goes From Disney To Battling Apple: Inside New Role Announced For Former Media Executive",
        body: "After more than 20 years with The Walt Disney Company DIS, including multiple years as the CEO, Bob Chapek, was let go by the company in November 2022.",
        tagged: 3,
    };
    let masimo = Subject {
        relevance: Some(0.614836),
        in_tag_list: true,
        ..Subject::default()
    };
    // Masimo is not in the text; Disney and Apple are.
    let found = sightings(
        article.headline,
        article.body,
        &["(not in the text)", "Disney", "Apple"],
    );
    let why = decide(&article, &[masimo], &found);
    assert_eq!(why, [Why::Relevance(0.614836)]);
    // Not with a low relevance: the tag list is often wrong.
    let low = Subject {
        relevance: Some(0.244109),
        ..masimo
    };
    assert_eq!(decide(&article, &[low], &found), [Why::NotNamed]);
}

#[test]
fn a_listicle_that_names_none_of_its_picks_takes_the_sources_most_relevant() {
    let rated = |r: f64| Subject {
        relevance: Some(r),
        ..Subject::default()
    };
    // Alpha Vantage, 2024-01: AXP, AAPL, KO rated 0.25, 0.31, 0.31 and not named; Berkshire
    // named in the headline.
    let headline = "61% of Warren Buffett-Led Berkshire Hathaway's $360 Billion Portfolio Is Invested in These 3 Top Consumer Brands";
    let article = Article {
        headline,
        body: "These stocks are pillars of Berkshire's portfolio, and they could be excellent for yours as well.",
        tagged: 4,
    };
    let unnamed = "(not in the text)";
    let found = sightings(
        headline,
        article.body,
        &[unnamed, unnamed, unnamed, "Berkshire"],
    );
    let subjects = [
        rated(0.254307),
        rated(0.31482),
        rated(0.31482),
        rated(0.128822),
    ];
    let why = decide(&article, &subjects, &found);
    assert_eq!(why[..3], [Why::Featured(3); 3]);
    // One pick: the most relevant tag the text does not name (Amazon 0.57, Meta 0.16).
    let article = Article {
        headline: "My Top FAANG Stock For 2023 -- and It Isn't Even Close",
        body: "This e-commerce and cloud giant looks like a bargain.",
        tagged: 7,
    };
    let why = decide(&article, &[rated(0.57), rated(0.16), rated(0.05)], &[]);
    assert_eq!(why, [Why::Featured(1), Why::NotNamed, Why::NotNamed]);
    // A group of stocks, counted or not, is no one's story.
    let article = Article {
        headline: "What's Going on With the Mag 7?",
        body: "Big tech stocks fell as investors rotated into small caps.",
        tagged: 3,
    };
    let why = decide(&article, &[rated(0.44), rated(0.44), rated(0.37)], &[]);
    assert!(why.iter().all(|w| !w.about()), "{why:?}");
}
