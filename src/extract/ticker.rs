//! Ticker normalisation: the one normaliser lives in [`crate::matcher::ticker`]; this path
//! stays for the readers that import it from here.

pub use crate::matcher::ticker::normalize_ticker;
