//! The scorer on the project's own labelled dev set (`tests/fixtures/scorer-dev.tsv`:
//! `label<TAB>sentence`, hand-written financial news and press-release sentences).
//!
//! Prints accuracy, per-class precision/recall/F1, macro-F1, the confusion matrix and the
//! sentences it gets wrong; fails if accuracy < 0.72 or macro-F1 < 0.65 (the targets of
//! issue 3), so a regression of the scorer breaks the build.

use tickertone_text::score::{label, score_text};

const CLASSES: [&str; 3] = ["positive", "neutral", "negative"];

#[test]
fn dev_set_accuracy_and_macro_f1() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scorer-dev.tsv");
    let text = std::fs::read_to_string(path).expect("tests/fixtures/scorer-dev.tsv is readable");

    let mut confusion = [[0usize; 3]; 3]; // [gold][predicted]
    let mut wrong = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (gold, sentence) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("line {}: expected label<TAB>sentence", n + 1));
        let g = CLASSES
            .iter()
            .position(|c| *c == gold)
            .unwrap_or_else(|| panic!("line {}: unknown label {gold:?}", n + 1));
        let score = score_text(sentence);
        let predicted = label(score);
        let p = CLASSES
            .iter()
            .position(|c| *c == predicted)
            .expect("label() returns one of the three classes");
        confusion[g][p] += 1;
        if g != p {
            wrong.push(format!(
                "{gold:>8} → {predicted:<8} {score:+.3}  {sentence}"
            ));
        }
    }

    let total: usize = confusion.iter().flatten().sum();
    assert!(
        total >= 300,
        "the dev set should have at least 300 sentences, has {total}"
    );
    let correct: usize = (0..3).map(|i| confusion[i][i]).sum();
    let accuracy = correct as f64 / total as f64;

    let mut f1_sum = 0.0;
    println!("class        precision  recall   F1     n");
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
        println!(
            "{:<12} {precision:>9.3} {recall:>7.3} {f1:>6.3} {actual:>5}",
            CLASSES[c]
        );
    }
    let macro_f1 = f1_sum / 3.0;

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
    println!("\nsentences: {total}   accuracy: {accuracy:.4}   macro-F1: {macro_f1:.4}");
    if !wrong.is_empty() {
        println!("\nmisclassified ({}):", wrong.len());
        for w in &wrong {
            println!("  {w}");
        }
    }

    assert!(accuracy >= 0.72, "accuracy {accuracy:.4} < 0.72");
    assert!(macro_f1 >= 0.65, "macro-F1 {macro_f1:.4} < 0.65");
}
