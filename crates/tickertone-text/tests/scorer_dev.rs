//! The scorer on the project's labelled dev sets, so a regression breaks the build:
//!
//! - `tests/fixtures/scorer-dev.tsv` (`label<TAB>sentence`): hand-written financial news and
//!   press-release sentences;
//! - `tests/fixtures/scorer-dev-real.tsv` (`label<TAB>target<TAB>text`): real headlines,
//!   labelled per company by reading (an empty target: the text as a whole).
//!
//! Neither is in the training data (`scripts/train/prepare.py` drops their texts). Each test
//! prints accuracy, per-class precision/recall/F1, macro-F1, the confusion matrix, the rules
//! scorer's figures on the same rows (the scorer before the learned model) and the rows it
//! gets wrong (`cargo test -p tickertone-text --test scorer_dev -- --nocapture`).

use tickertone_text::score::{label, score_target, score_text, score_text_rules, Entity};

const CLASSES: [&str; 3] = ["positive", "neutral", "negative"];

struct Row {
    gold: usize,
    target: String,
    text: String,
}

fn read(name: &str) -> Vec<Row> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (gold, target, text) = match cols.as_slice() {
            [g, t] => (*g, "", *t),
            [g, target, t] => (*g, *target, *t),
            _ => panic!("{name}:{}: expected 2 or 3 columns", n + 1),
        };
        let gold = CLASSES
            .iter()
            .position(|c| *c == gold)
            .unwrap_or_else(|| panic!("{name}:{}: unknown label {gold:?}", n + 1));
        rows.push(Row {
            gold,
            target: target.to_string(),
            text: text.to_string(),
        });
    }
    rows
}

/// The learned scorer's score of a row: for its company when it names one.
fn score(row: &Row) -> f64 {
    if row.target.is_empty() {
        return score_text(&row.text);
    }
    let (tickers, names): (Vec<&str>, Vec<&str>) = match row.target.strip_prefix('$') {
        Some(t) => (vec![t], vec![]),
        None => (vec![], vec![row.target.as_str()]),
    };
    score_target(
        &row.text,
        &Entity {
            tickers: &tickers,
            names: &names,
        },
    )
}

struct Figures {
    accuracy: f64,
    macro_f1: f64,
    /// Accuracy on the rows naming a company.
    per_company: Option<f64>,
}

fn figures(rows: &[Row], scores: &[f64], show: bool) -> Figures {
    let mut confusion = [[0usize; 3]; 3]; // [gold][predicted]
    let (mut company_rows, mut company_right) = (0usize, 0usize);
    let mut wrong = Vec::new();
    for (row, &s) in rows.iter().zip(scores) {
        let p = CLASSES
            .iter()
            .position(|c| *c == label(s))
            .expect("label() returns one of the three classes");
        confusion[row.gold][p] += 1;
        if !row.target.is_empty() {
            company_rows += 1;
            company_right += usize::from(p == row.gold);
        }
        if p != row.gold {
            wrong.push(format!(
                "{:>8} → {:<8} {s:+.3}  [{}] {}",
                CLASSES[row.gold], CLASSES[p], row.target, row.text
            ));
        }
    }
    let total: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..3).map(|i| confusion[i][i]).sum();
    let mut f1_sum = 0.0;
    if show {
        println!("class        precision  recall   F1     n");
    }
    for c in 0..3 {
        let tp = confusion[c][c] as f64;
        let predicted: usize = (0..3).map(|g| confusion[g][c]).sum();
        let actual: usize = confusion[c].iter().sum();
        let precision = if predicted > 0 {
            tp / predicted as f64
        } else {
            0.0
        };
        let recall = if actual > 0 { tp / actual as f64 } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        f1_sum += f1;
        if show {
            println!(
                "{:<12} {precision:>9.3} {recall:>7.3} {f1:>6.3} {actual:>5}",
                CLASSES[c]
            );
        }
    }
    if show {
        println!("\nconfusion matrix (rows: gold, columns: predicted)");
        println!(
            "{:>10} {:>9} {:>9} {:>9}",
            "", "positive", "neutral", "negative"
        );
        for (g, row) in confusion.iter().enumerate() {
            println!(
                "{:>10} {:>9} {:>9} {:>9}",
                CLASSES[g], row[0], row[1], row[2]
            );
        }
        println!("\nmisclassified ({}):", wrong.len());
        for w in &wrong {
            println!("  {w}");
        }
    }
    Figures {
        accuracy: correct as f64 / total.max(1) as f64,
        macro_f1: f1_sum / 3.0,
        per_company: (company_rows > 0).then(|| company_right as f64 / company_rows as f64),
    }
}

fn report(name: &str, min_rows: usize) -> Figures {
    let rows = read(name);
    assert!(
        rows.len() >= min_rows,
        "{name} should have at least {min_rows} rows, has {}",
        rows.len()
    );
    let learned: Vec<f64> = rows.iter().map(score).collect();
    let rules: Vec<f64> = rows.iter().map(|r| score_text_rules(&r.text)).collect();
    let now = figures(&rows, &learned, true);
    let before = figures(&rows, &rules, false);
    let company = |f: &Figures| {
        f.per_company
            .map_or(String::new(), |c| format!(", per company {c:.4}"))
    };
    println!(
        "\n{name}: {} rows\n  learned scorer: accuracy {:.4}, macro-F1 {:.4}{}\n  rules alone:    accuracy {:.4}, macro-F1 {:.4}{}",
        rows.len(),
        now.accuracy,
        now.macro_f1,
        company(&now),
        before.accuracy,
        before.macro_f1,
        company(&before),
    );
    now
}

#[test]
fn written_dev_set_accuracy_and_macro_f1() {
    let f = report("scorer-dev.tsv", 300);
    assert!(f.accuracy >= 0.96, "accuracy {:.4} < 0.96", f.accuracy);
    assert!(f.macro_f1 >= 0.96, "macro-F1 {:.4} < 0.96", f.macro_f1);
}

#[test]
fn real_headlines_accuracy_macro_f1_and_per_company() {
    let f = report("scorer-dev-real.tsv", 500);
    assert!(f.accuracy >= 0.79, "accuracy {:.4} < 0.79", f.accuracy);
    assert!(f.macro_f1 >= 0.79, "macro-F1 {:.4} < 0.79", f.macro_f1);
    let c = f.per_company.unwrap_or(0.0);
    assert!(c >= 0.79, "per-company accuracy {c:.4} < 0.79");
}
