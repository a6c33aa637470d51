//! Any bytes given to the csv reader: no panic, and every article it returns is valid.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tickertone::extract::{Companies, ParseOptions};
use tickertone::input::{read_bytes, Format};
use tickertone::symbols::SymbolTable;

fn companies() -> &'static Companies {
    static C: OnceLock<Companies> = OnceLock::new();
    C.get_or_init(|| Companies::new(SymbolTable::builtin().expect("built-in table")))
}

fuzz_target!(|data: &[u8]| {
    let opts = ParseOptions {
        default_date: None,
        companies: Some(companies()),
    };
    let batch = read_bytes(Format::Csv, data, "2025-01-01-fuzz.txt", &opts);
    for a in &batch.articles {
        assert!(!a.mentions.is_empty());
        assert!((0.0..=1.0).contains(&a.market_impact));
        for m in &a.mentions {
            assert!((-1.0..=1.0).contains(&m.score) && (0.0..=1.0).contains(&m.relevance));
        }
    }
});
