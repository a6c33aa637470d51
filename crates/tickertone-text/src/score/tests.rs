//! Unit tests of the scorer: one or more per rule, plus entities and determinism.

use super::*;

fn s(text: &str) -> f64 {
    score_text_rules(text)
}

fn assert_pos(text: &str) {
    let v = s(text);
    assert!(
        v >= POSITIVE_THRESHOLD,
        "expected positive, got {v:+.3}: {text}"
    );
}

fn assert_neg(text: &str) {
    let v = s(text);
    assert!(
        v <= NEGATIVE_THRESHOLD,
        "expected negative, got {v:+.3}: {text}"
    );
}

fn assert_neutral(text: &str) {
    let v = s(text);
    assert!(
        label(v) == "neutral",
        "expected neutral, got {v:+.3}: {text}"
    );
}

// --- Scores and labels --------------------------------------------------------------------

#[test]
fn empty_and_cue_free_text_scores_zero() {
    assert_eq!(s(""), 0.0);
    assert_eq!(s("   \n\n  "), 0.0);
    assert_eq!(
        s("The annual general meeting will be held in Helsinki on 18 March."),
        0.0
    );
}

#[test]
fn scores_stay_in_range() {
    let long =
        "Profit soared to a record and sales jumped sharply, beating estimates. ".repeat(200);
    let v = s(&long);
    assert!(v > 0.99 && v <= 1.0, "{v}");
    let bad =
        "The company filed for bankruptcy after a profit warning and massive layoffs. ".repeat(200);
    let v = s(&bad);
    assert!((-1.0..-0.99).contains(&v), "{v}");
}

#[test]
fn label_thresholds() {
    assert_eq!(label(0.3), "positive");
    assert_eq!(label(0.2999), "neutral");
    assert_eq!(label(0.0), "neutral");
    assert_eq!(label(-0.2999), "neutral");
    assert_eq!(label(-0.3), "negative");
    assert_eq!(label(1.0), "positive");
    assert_eq!(label(-1.0), "negative");
}

#[test]
fn deterministic() {
    let text = "Although net sales fell 5%, operating profit rose to EUR 13.1 mn from EUR 8.7 mn. \
                The company did not miss estimates but cut its guidance.";
    let first = s(text);
    for _ in 0..100 {
        assert_eq!(s(text).to_bits(), first.to_bits());
    }
    // Also across threads (fresh per-thread buffers).
    let handles: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(move || score_text_rules(text).to_bits()))
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread ran"), first.to_bits());
    }
}

// --- Neutral factual sentences ------------------------------------------------------------

#[test]
fn factual_sentences_stay_neutral() {
    for t in [
        "The company's net sales in 2009 totalled MEUR 311.4.",
        "Operating profit for the period was EUR 3.2 mn.",
        "The company employs about 2,300 people in 14 countries.",
        "Tax liabilities are presented separately in the balance sheet.",
        "The vice president will report directly to the chief executive.",
        "The share capital of the company is EUR 19.6 mn.",
        "The refinery processes about 180,000 barrels of crude oil a day.",
        "The joint venture will employ up to 40 people.",
        "The company was set up in 1987.",
        "The company said the figures were in line with its earlier guidance.",
        "Net sales by market area are presented in the table below.",
        "The deal is worth USD 310 mn (EUR 230 mn).",
        "The new price applies from 1 January.",
    ] {
        assert_neutral(t);
    }
    assert_eq!(
        s("The company's net sales in 2009 totalled MEUR 311.4."),
        0.0
    );
}

// --- Quantity direction -------------------------------------------------------------------

#[test]
fn quantity_direction_decides_the_sign() {
    assert_pos(
        "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn in the corresponding period in 2007.",
    );
    assert_neg("Costs rose sharply in the quarter.");
    assert_neg("Finnish Kivi Group plc said its net loss widened.");
    assert_pos("The company's net loss narrowed to EUR 1.2 mn.");
    assert_pos("The company cut its costs by 12%.");
    assert_neg("The company cut 200 jobs.");
    assert_pos("Net debt decreased to EUR 210 mn.");
    assert_neg("Order intake decreased by 25%.");
    assert_pos("Operating margin widened to 11.2%.");
    assert_neg("Margins narrowed as prices fell.");
}

#[test]
fn direction_words_find_their_quantity() {
    // Subject before an intransitive verb, across a parenthetical.
    assert_pos("Net sales, including acquisitions, increased by 18%.");
    // Object after a transitive verb.
    assert_pos("The group reduced its net debt by EUR 60 mn.");
    // Noun forms: "an increase in", "X growth".
    assert_neg("The company reported a sharp increase in costs.");
    assert_pos("Sales growth was strong in Asia.");
    // Adjectives before the noun.
    assert_neg("Higher raw material costs hit the company's margins.");
    assert_pos("Lower costs helped profit.");
    // Adverbs after the figure.
    assert_neg("Operating profit totalled EUR 5.3 mn, down from EUR 8.1 mn a year earlier.");
}

#[test]
fn figures_compared_without_a_direction_word() {
    assert_pos("Operating profit totalled EUR 14.8 mn, compared with EUR 9.3 mn in 2006.");
    assert_neg("Net sales were EUR 41.0 mn (EUR 52.7 mn).");
    assert_pos("EBIT margin was 14.3% (11.9%).");
    assert_pos("Operating profit was EUR 5.1 mn (2008: EUR 3.9 mn).");
    assert_neg("Profit before taxes was EUR 1.1 mn, compared with EUR 4.9 mn in 2007.");
    // A profit against a prior loss is good whatever the numbers.
    assert_pos("Net profit was EUR 1.0 mn, compared with a net loss of EUR 2.2 mn.");
    assert_neg(
        "The company posted a net loss of EUR 2.8 mn, compared with a profit of EUR 9.9 mn.",
    );
    // A larger loss is bad.
    assert_neg("Pretax loss totalled EUR 7.7 mn, compared to a loss of EUR 3.0 mn.");
}

#[test]
fn state_changes() {
    assert_pos("The group returned to profit in the second quarter.");
    assert_pos("The company swung to an operating profit of EUR 2.1 mn from a loss of EUR 1.4 mn.");
    assert_neg("The company swung to a net loss of EUR 2.8 mn from a profit of EUR 1.9 mn.");
    assert_neg("Operating result fell to a loss.");
}

// --- Earnings language and corporate events -------------------------------------------------

#[test]
fn earnings_language() {
    assert_pos("Quarterly earnings beat analysts' estimates.");
    assert_neg("Revenue missed the consensus forecast.");
    assert_pos("Northwind raised its full-year guidance.");
    assert_neg("The company cut its guidance for the year.");
    assert_neg("The company withdrew its outlook.");
    assert_pos("The group posted record results.");
    assert_neg("The group posted a record loss.");
    assert_neg("Costs were above budget.");
    assert_pos("Sales exceeded expectations.");
    assert_neg("Sales fell short of the company's own targets.");
}

#[test]
fn corporate_events() {
    assert_neg("The group will lay off 150 workers.");
    assert_neg("The company faces a lawsuit over alleged patent infringement.");
    assert_neg("Regulators opened a probe into the bank.");
    assert_neg("The carmaker recalled 200,000 vehicles.");
    assert_neg("Moody's downgraded the company to junk.");
    assert_pos("The broker upgraded the stock.");
    assert_neg("The retailer filed for bankruptcy.");
    assert_pos("The board raised the dividend by 10%.");
    assert_neg("The dividend was cut by half.");
    assert_neg("The board proposes that no dividend be paid.");
    assert_pos("The company announced a share buyback programme.");
    assert_neg("The company suspended its share buyback programme.");
    assert_pos("The broker raised the stock to accumulate from reduce.");
    assert_neg("The company will close its sawmill in Kemi.");
    assert_pos("The lawsuit against the company was dismissed.");
    assert_neutral("The company acquired a small Swedish software firm.");
}

#[test]
fn finance_neutral_words_are_not_negative() {
    for t in [
        "The company's liabilities totalled EUR 1.2 bn.",
        "Tax expenses for the year were EUR 4.1 mn.",
        "Each share carries one vote.",
        "He was appointed vice president of sales.",
    ] {
        assert_neutral(t);
    }
}

// --- Negation -------------------------------------------------------------------------------

#[test]
fn negation_flips() {
    let missed = s("The company missed its targets.");
    let not_missed = s("The company did not miss its targets.");
    assert!(missed <= NEGATIVE_THRESHOLD, "{missed}");
    assert!(not_missed >= POSITIVE_THRESHOLD, "{not_missed}");
    // The flip is damped: "not bad" is less good than "good" is.
    assert!(not_missed.abs() < missed.abs());
    assert_neg("Sales did not increase.");
    assert_pos("The company has not had to lay off any employees.");
    assert_pos("The company raised prices without losing customers.");
    assert_neg("The company is not expected to return to profit before 2012.");
    assert_neg("The company failed to meet its profitability target.");
}

#[test]
fn negation_scope_is_short() {
    // "no" binds to what follows it, not to a cue five words on.
    let v = s("There was no change in the plan, and costs rose sharply.");
    assert!(v <= NEGATIVE_THRESHOLD, "{v}");
}

// --- Intensifiers and hedges ------------------------------------------------------------------

#[test]
fn intensifiers_scale_up_and_diminishers_down() {
    let plain = s("Operating profit rose.");
    let sharp = s("Operating profit rose sharply.");
    let slight = s("Operating profit rose slightly.");
    assert!(sharp > plain && plain > slight, "{sharp} {plain} {slight}");
    assert!(
        slight >= POSITIVE_THRESHOLD,
        "a small rise is still a rise: {slight}"
    );
    let neg = s("Costs increased.");
    let neg_more = s("Costs increased significantly.");
    assert!(neg_more < neg, "{neg_more} {neg}");
}

#[test]
fn hedges_damp_without_flipping() {
    let sure = s("The company will cut jobs.");
    let hedged = s("The company may cut jobs.");
    assert!(hedged < 0.0 && hedged > sure, "{hedged} {sure}");
}

// --- Contrast --------------------------------------------------------------------------------

#[test]
fn contrast_weights_the_second_clause() {
    // "but": the clause after it decides.
    assert_pos("Net sales decreased, but operating profit increased.");
    assert_neg("Net sales increased, but operating profit decreased.");
    // "although"/"despite": the subordinate clause counts less.
    assert_pos("Although sales declined, operating profit increased.");
    assert_neg("Although sales grew, profitability weakened.");
    assert_pos("Despite the weak market, the company increased its market share.");
    assert_pos("Profit rose despite weak demand.");
    // Same cues, opposite order: the sign follows the emphasised clause.
    let a = s("Costs rose, but sales rose too.");
    let b = s("Sales rose, but costs rose too.");
    assert!(a > 0.0 && b < 0.0, "{a} {b}");
}

// --- Multi-sentence text and entities --------------------------------------------------------

#[test]
fn articles_add_up_their_sentences() {
    let one = s("Operating profit rose.");
    let two = s("Operating profit rose. Net sales increased.");
    assert!(two > one);
    let mixed = s("Operating profit rose. Net sales decreased.");
    assert!(mixed.abs() < 0.2, "{mixed}");
    // Factual sentences dilute a little, not to nothing.
    let diluted = s("Operating profit rose. The AGM is in March. The CEO is Kari Niemi.");
    assert!(
        diluted < one && diluted >= POSITIVE_THRESHOLD,
        "{diluted} {one}"
    );
}

#[test]
fn entity_attribution_on_a_two_company_paragraph() {
    let text = "Meta Platforms (NASDAQ: META) said its quarterly revenue jumped 22%, beating \
                estimates. Alphabet Inc.'s operating profit fell to $21 billion from $25 billion. \
                GOOGL also said it would lay off 1,000 employees. The U.S. market was closed on \
                Monday. Analysts said Meta's outlook remains strong.";
    let meta = Entity {
        tickers: &["META"],
        names: &["Meta Platforms, Inc.", "Meta", "Facebook"],
    };
    let google = Entity {
        tickers: &["GOOGL", "GOOG"],
        names: &["Alphabet Inc.", "Google"],
    };
    let apple = Entity {
        tickers: &["AAPL"],
        names: &["Apple Inc.", "Apple"],
    };
    let r = score_entities(text, &[meta, google, apple]);
    let m = r.entities[0].expect("Meta is mentioned");
    let g = r.entities[1].expect("Alphabet is mentioned");
    assert!(m >= POSITIVE_THRESHOLD, "Meta {m}");
    assert!(g <= NEGATIVE_THRESHOLD, "Alphabet {g}");
    assert_eq!(r.entities[2], None, "Apple is not mentioned");
    // The one sentence that names no company is the article's: factual, neutral.
    assert!(r.article.is_some_and(|a| label(a) == "neutral"), "{r:?}");

    // Same result from a matcher built once.
    let matcher = EntityMatcher::new(&[meta, google, apple]);
    assert_eq!(matcher.score(text), r);
}

#[test]
fn a_sentence_mentioning_two_companies_counts_for_each_by_its_role() {
    let a = Entity {
        tickers: &["KIVI"],
        names: &["Kivi Group"],
    };
    let b = Entity {
        tickers: &["TUUL"],
        names: &["Tuuli"],
    };
    let r = score_entities(
        "Kivi Group won an order worth EUR 25 mn from Tuuli.",
        &[a, b],
    );
    let (kivi, tuuli) = (r.entities[0], r.entities[1]);
    // Kivi wins the order; Tuuli awards it.
    assert!(kivi.is_some_and(|v| v >= POSITIVE_THRESHOLD), "{r:?}");
    assert!(tuuli.is_some_and(|v| label(v) == "neutral"), "{r:?}");
    assert_eq!(r.article, None);
}

#[test]
fn common_word_tickers_do_not_attribute_headline_words() {
    let all = Entity {
        tickers: &["ALL"],
        names: &["Allstate"],
    };
    let r = score_entities("ALL EYES ON RATES AS STOCKS SLUMP.", &[all]);
    assert_eq!(r.entities[0], None);
    let r = score_entities("$ALL shares slumped after the storm losses.", &[all]);
    assert!(r.entities[0].is_some_and(|v| v < 0.0));
}

// --- The learned scorer -------------------------------------------------------------------

#[test]
fn learned_scores_are_bounded_deterministic_and_zero_for_empty_text() {
    assert_eq!(score_text(""), 0.0);
    assert_eq!(score_text("  \n\n "), 0.0);
    assert_eq!(score_text("..."), 0.0);
    let text = "Agilent Technologies Q2 Adj. EPS $0.71 Beats $0.61 Estimate. Needham downgrades \
                Agilent to Hold. The meeting is on Friday.";
    let first = score_text(text).to_bits();
    let handles: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(move || score_text(text).to_bits()))
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread ran"), first);
    }
    for t in [text, "Wix soars", "Wix crashes", "a b c", "$$$ ((( 1,2,3"] {
        let v = score_text(t);
        assert!((-1.0..=1.0).contains(&v), "{v} for {t}");
    }
}

#[test]
fn the_issue_examples_get_their_labels() {
    let e = |names: &'static [&'static str]| Entity {
        tickers: &[],
        names,
    };
    let cases: [(&str, &[&str], &str); 10] = [
        ("Craig-Hallum Initiates Coverage on Applied Optoelectronics at Buy", &["Applied Optoelectronics"], "positive"),
        ("Agilent Technologies Inc Stock Nosedives Despite 10% Revenue Growth", &["Agilent Technologies"], "negative"),
        ("Wix to Participate in Fireside Chat at Citi's Conference", &["Wix"], "neutral"),
        ("Apple's stock chart flashes a 'bearish engulfing'", &["Apple"], "negative"),
        ("Why Alphabet Stock Popped Friday", &["Alphabet"], "positive"),
        ("Nvidia stock crosses $3 trillion, overtakes Apple", &["Apple"], "negative"),
        ("Nvidia stock crosses $3 trillion, overtakes Apple", &["Nvidia"], "positive"),
        ("Broadcom Selected as Strategic Vendor … for Walmart", &["Walmart"], "neutral"),
        ("Broadcom Selected as Strategic Vendor … for Walmart", &["Broadcom"], "positive"),
        (
            "Billionaire … Sold Coatue's Entire Stake in Super Micro Computer and Piled Into This AI Goliath",
            &["Super Micro Computer"],
            "negative",
        ),
    ];
    for (text, names, want) in cases {
        let v = score_target(text, &e(names));
        assert_eq!(label(v), want, "{v:+.3} for {names:?} in {text}");
    }
}

#[test]
fn score_target_falls_back_to_the_text_when_the_company_is_not_named() {
    let e = Entity {
        tickers: &["XYZ"],
        names: &["Xyzzy Corp"],
    };
    let text = "Needham downgrades Agilent to Hold.";
    assert_eq!(score_target(text, &e), score_text(text));
}

#[test]
fn explain_gives_the_score_and_the_features_that_moved_it() {
    let apple = Entity {
        tickers: &["AAPL"],
        names: &["Apple"],
    };
    let text = "Nvidia stock crosses $3 trillion, overtakes Apple. Markets were calm.";
    let x = explain(text, Some(&apple));
    assert_eq!(x.score, score_target(text, &apple));
    assert_eq!(x.target.as_deref(), Some("Apple"));
    // Only the sentence naming Apple counts, read with Apple as `_tgt_`.
    assert_eq!(x.sentences.len(), 1);
    assert!(x.sentences[0]
        .rule
        .as_deref()
        .is_some_and(|r| r.contains("overtaken")));
    assert!(x.sentences[0]
        .contributions
        .iter()
        .any(|c| c.feature == "words \"overtakes _tgt_\""));
    let shown = x.to_string();
    assert!(
        shown.starts_with("score -0.400 (negative) for Apple"),
        "{shown}"
    );
    assert!(shown.contains("rule: overtaken"), "{shown}");

    let t = "Agilent Q2 EPS of $0.71 beat estimates. The meeting is on Friday.";
    let x = explain(t, None);
    assert_eq!(x.score, score_text(t));
    assert_eq!(x.sentences.len(), 2);
    assert!(!x.top(3).is_empty());
    assert_eq!(explain("", None).score, 0.0);
}

#[test]
fn selling_off_and_downbeat_are_negative_cues() {
    assert!(score_text_rules("Alliance Bernstein Shares Selling Off") < 0.0);
    assert!(score_text_rules("ABB Posts Downbeat Q4 Net Profit") < 0.0);
}
