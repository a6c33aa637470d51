//! Reading loosely typed JSON fields: feeds give numbers as strings (Alpha Vantage does).

use serde_json::Value;

/// A number given as a JSON number or a numeric string; `null`, absent and blank strings are
/// `None`. Anything else is an error naming the field.
pub fn number(value: Option<&Value>, field: &str) -> Result<Option<f64>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| format!("{field}: {n} is not a number")),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("{field}: '{s}' is not a number")),
        Some(other) => Err(format!("{field}: {} is not a number", kind(other))),
    }
}

/// A number that must lie in `[lo, hi]` and be finite.
pub fn number_in(
    value: Option<&Value>,
    field: &str,
    lo: f64,
    hi: f64,
) -> Result<Option<f64>, String> {
    match number(value, field)? {
        Some(x) if !x.is_finite() => Err(format!("{field}: {x} is not finite")),
        Some(x) if x < lo || x > hi => Err(format!("{field}: {x} is outside [{lo}, {hi}]")),
        other => Ok(other),
    }
}

/// A text field: strings as they are (trimmed, blank → `None`), numbers and booleans as
/// written; objects and arrays are errors.
pub fn text(value: Option<&Value>, field: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            Ok((!s.is_empty()).then(|| s.to_string()))
        }
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(format!("{field}: expected text, found {}", kind(other))),
    }
}

/// The JSON kind of a value, for error messages.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_from_strings_and_numbers() {
        assert_eq!(number(Some(&json!("-0.25")), "s").unwrap(), Some(-0.25));
        assert_eq!(number(Some(&json!(0.5)), "s").unwrap(), Some(0.5));
        assert_eq!(number(Some(&json!(" ")), "s").unwrap(), None);
        assert_eq!(number(None, "s").unwrap(), None);
        assert!(number(Some(&json!("abc")), "s").is_err());
        assert!(number(Some(&json!([1])), "s").is_err());
    }

    #[test]
    fn ranges_and_non_finite() {
        assert!(number_in(Some(&json!(1.5)), "s", -1.0, 1.0).is_err());
        assert!(number_in(Some(&json!("NaN")), "s", -1.0, 1.0).is_err());
        assert!(number_in(Some(&json!("inf")), "s", -1.0, 1.0).is_err());
        assert_eq!(
            number_in(Some(&json!(-1)), "s", -1.0, 1.0).unwrap(),
            Some(-1.0)
        );
    }
}
