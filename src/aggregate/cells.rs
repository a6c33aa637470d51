//! How a report's cells read in CSV, the one place for it: numbers with 12 significant
//! digits (empty when undefined), tickers `;`-joined, labels as the contract spells them.
//! The row types ([`super::rows`]) name these in their serde attributes, so `daily.csv`,
//! `summary.csv` and `sectors.csv` are written and read back by the same definitions.

use serde::de::{Deserialize, Deserializer, Error as _, Visitor};
use serde::Serializer;

/// A number with 12 significant digits, shortest form: `0.1 + 0.2` prints as `0.3`, and
/// every printed value carries (far) more than the 6 significant digits the contract asks.
///
/// The digits of `{:.11e}` without their trailing zeros, written out without an exponent.
/// That is what printing the nearest double to them would give (a decimal of at most 12
/// digits is the shortest that reads back as that double), at a third of the cost: a
/// one-year report writes ten million numbers.
pub fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_nan() {
            String::new()
        } else {
            "0".into()
        };
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if let Some((digits, exponent)) = twelve_digits(x) {
        let digits = digits.to_string();
        return written(sign, digits.trim_end_matches('0'), exponent);
    }
    let scientific = format!("{x:.11e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mantissa = mantissa.trim_start_matches('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    written(sign, digits.trim_end_matches('0'), exponent)
}

/// The 12 significant digits of |x| rounded to nearest, as an integer, and the decimal
/// exponent of the first: `{:.11e}`'s, by exact integer arithmetic (|x| = m / 2^shift, so
/// |x| × 10^q is m × 10^q / 2^shift). `None` out of 1e-9 ..< 1e12 or on an exact tie,
/// which `{:.11e}` then decides: three times faster than formatting (a one-year report
/// writes ten million numbers; `benches/RESULTS.md`, issue 29).
fn twelve_digits(x: f64) -> Option<(u64, i32)> {
    const LOW: u128 = 100_000_000_000;
    const HIGH: u128 = 1_000_000_000_000;
    let a = x.abs();
    if !(1e-9..1e12).contains(&a) {
        return None;
    }
    let bits = a.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let m = u128::from((bits & ((1u64 << 52) - 1)) | (1u64 << 52));
    // In range, 1 ..= 82.
    let shift = 1075 - biased;
    if !(1..=120).contains(&shift) {
        return None;
    }
    // log10 may be one off next to a power of ten: the digits say so, and it is corrected.
    let mut exponent = a.log10().floor() as i32;
    for _ in 0..3 {
        let q = 11 - exponent;
        if !(0..=20).contains(&q) {
            return None;
        }
        // m < 2^53 and 10^20 < 2^67: no overflow.
        let scaled = m * 10u128.pow(q as u32);
        let whole = scaled >> shift;
        if whole < LOW {
            exponent -= 1;
            continue;
        }
        if whole >= HIGH {
            exponent += 1;
            continue;
        }
        let rest = scaled & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        if rest == half {
            return None;
        }
        let rounded = whole + u128::from(rest > half);
        return Some(match rounded {
            HIGH => (LOW as u64, exponent + 1),
            _ => (rounded as u64, exponent),
        });
    }
    None
}

/// `digits` (`d₁d₂…`, no trailing zeros) of the value `d₁.d₂… × 10^exponent`, written out
/// without an exponent.
fn written(sign: &str, digits: &str, exponent: i32) -> String {
    // The value is 0.d₁d₂… × 10^(exponent + 1): `point` digits before the decimal point.
    let point = exponent + 1;
    let mut out = String::with_capacity(digits.len() + 24);
    out.push_str(sign);
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

fn parse_number<E: serde::de::Error>(cell: &str) -> Result<f64, E> {
    cell.trim()
        .parse()
        .map_err(|_| E::custom(format!("{cell:?} is not a number")))
}

/// A number that is always there (an empty cell is an error); NaN is written empty.
pub mod required {
    use super::*;

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&number(*x))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let cell = String::deserialize(d)?;
        parse_number(&cell)
    }
}

/// A number that may be undefined: an empty cell.
pub mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&x.map(number).unwrap_or_default())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        let cell = String::deserialize(d)?;
        match cell.trim() {
            "" => Ok(None),
            v => parse_number(v).map(Some),
        }
    }
}

/// Characters a cell never shows as they are: control characters (ESC, NUL; not tab and
/// line ends, which quoting keeps) and the bidirectional overrides and isolates (U+202E
/// turns "gpj.exe" around). The page replaces them the same way (`render::html`).
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// First characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell`, once any leading `'` are set aside, begins like a formula.
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A text cell as written: hidden controls replaced by U+FFFD, and a `'` put before a text
/// beginning `=`, `+`, `-`, `@`, tab or carriage return (OWASP's advice against CSV
/// injection), also before one that already begins with `'`s and then one of those, so that
/// [`unguard`] gives back exactly the text. Numbers are never text cells: a negative
/// number stays a number.
pub fn guard(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    if formula_like(text) {
        out.push('\'');
    }
    out.extend(
        text.chars()
            .map(|c| if is_hidden_control(c) { '\u{fffd}' } else { c }),
    );
    out
}

/// A text cell as read: the `'` that [`guard`] put in front taken away.
pub fn unguard(cell: String) -> String {
    if cell.starts_with('\'') && formula_like(&cell) {
        cell[1..].to_string()
    } else {
        cell
    }
}

/// A text cell (a company's name, a symbol): [`guard`]ed when written, [`unguard`]ed when
/// read.
pub mod text {
    use super::*;

    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&guard(text))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(unguard(String::deserialize(d)?))
    }
}

/// A text cell that may be empty (`sector`).
pub mod optional_text {
    use super::*;

    pub fn serialize<S: Serializer>(text: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text.as_deref().map(guard).unwrap_or_default())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let cell = String::deserialize(d)?;
        Ok((!cell.is_empty()).then(|| unguard(cell)))
    }
}

/// A list of tickers, `;`-joined (a text cell).
pub mod tickers {
    use super::*;

    pub fn serialize<S: Serializer>(tickers: &[String], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&guard(&tickers.join(";")))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        let cell = unguard(String::deserialize(d)?);
        Ok(cell
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect())
    }
}

/// A date, `YYYY-MM-DD`.
pub mod date {
    use super::*;
    use chrono::NaiveDate;

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let cell = String::deserialize(d)?;
        NaiveDate::parse_from_str(cell.trim(), "%Y-%m-%d")
            .map_err(|_| D::Error::custom(format!("{cell:?} is not a date (YYYY-MM-DD)")))
    }
}

/// One of the contract's labels ([`super::LABELS`]), as written.
pub mod label {
    use super::*;
    use crate::aggregate::Label;

    pub fn serialize<S: Serializer>(label: &Label, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(label)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        let cell = String::deserialize(d)?;
        Label::parse(cell.trim()).ok_or_else(|| {
            D::Error::custom(format!("{cell:?} is not one of the contract's labels"))
        })
    }
}

/// The column names of a row type, in order: the fields its `Deserialize` reads (those it
/// writes, since the row types skip nothing they write), so that a header is written
/// even for a file without rows, from the type itself.
pub fn columns_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct Fields(Option<&'static [&'static str]>);
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields read")
        }
    }
    impl std::fmt::Debug for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields read")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> Deserializer<'de> for &mut Fields {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields = Fields(None);
    let _ = T::deserialize(&mut fields);
    // A row type is a struct: anything else has no columns.
    fields.0.unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(-0.8), "-0.8");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1.0 / 3.0), "0.333333333333");
        assert_eq!(number(2.0 / 3.0), "0.666666666667");
        assert_eq!(number(-1234.5678), "-1234.5678");
        assert_eq!(number(1e-7), "0.0000001");
        assert_eq!(number(0.9999999999999), "1");
        assert_eq!(number(-1e21), "-1000000000000000000000");
        assert_eq!(number(123456789012345.0), "123456789012000");
    }

    /// The digits written out are what printing the nearest double to them gives.
    #[test]
    fn numbers_equal_the_rounded_double_printed() {
        let rounded_then_printed = |x: f64| -> String {
            let rounded: f64 = format!("{x:.11e}").parse().unwrap();
            format!("{rounded}")
        };
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for i in 0..200_000 {
            // xorshift: doubles of every magnitude and sign, and small decimals.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = match i % 3 {
                0 => f64::from_bits(state),
                1 => (state % 2_000_001) as f64 / 1e6 - 1.0,
                _ => ((state % 1000) as f64 - 500.0) * 10f64.powi((state % 40) as i32 - 20),
            };
            if x == 0.0 || !x.is_finite() {
                continue;
            }
            assert_eq!(number(x), rounded_then_printed(x), "{x:e}");
        }
    }

    /// The digits found by integer arithmetic are `{:.11e}`'s, where it finds them.
    #[test]
    fn twelve_digits_are_those_of_formatting() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut found = 0;
        for i in 0..300_000u64 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = match i % 5 {
                0 => f64::from_bits(state),
                1 => (state % 2_000_001) as f64 / 1e6 - 1.0,
                2 => (state % 100_000) as f64 / 1024.0 - 40.0,
                3 => (state % 1000) as f64 / ((state >> 20) % 97 + 1) as f64,
                _ => ((state % 1000) as f64 - 500.0) * 10f64.powi((state % 30) as i32 - 12),
            };
            let Some((digits, exponent)) = twelve_digits(x) else {
                continue;
            };
            found += 1;
            let formatted = format!("{:.11e}", x.abs());
            let (mantissa, e) = formatted.split_once('e').unwrap();
            assert_eq!(digits.to_string(), mantissa.replace('.', ""), "{x:e}");
            assert_eq!(exponent, e.parse::<i32>().unwrap(), "{x:e}");
        }
        assert!(found > 200_000, "{found}");
        // Exact ties are left to formatting.
        assert_eq!(twelve_digits(1234567890.125), None);
    }

    #[test]
    fn text_cells_are_never_formulas_and_read_back_as_written() {
        for (text, written) in [
            ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-x", "'''-x"),
            ("'quoted", "'quoted"),
            ("Apple Inc.", "Apple Inc."),
            ("a-b", "a-b"),
            ("", ""),
        ] {
            assert_eq!(guard(text), written, "{text:?}");
            assert_eq!(unguard(written.to_string()), text, "{written:?}");
        }
        assert_eq!(
            guard("A\u{1b}[31mB\0C\u{202e}D"),
            "A\u{fffd}[31mB\u{fffd}C\u{fffd}D"
        );
    }

    #[test]
    fn the_columns_of_a_struct_are_its_fields_in_order() {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Row {
            date: String,
            #[serde(default)]
            stories: u64,
            #[serde(skip)]
            close: Option<f64>,
        }
        assert_eq!(columns_of::<Row>(), ["date", "stories"]);
        assert_eq!(columns_of::<u64>(), [] as [&str; 0]);
    }
}
