//! Any bytes given to the saved-HTML-page reader: no panic, and every article it returns is
//! valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tickertone::input::{fuzz_one, Format};

fuzz_target!(|data: &[u8]| fuzz_one(Format::Html, data));
