//! Decoding of the loosely typed fields both editions accept.

use serde_json::Value;

/// A field that is present but of the wrong JSON type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("argument type mismatch: {field} must be {expected}")]
pub struct TypeMismatch {
    pub field: String,
    pub expected: &'static str,
}

fn mismatch(field: &str, expected: &'static str) -> TypeMismatch {
    TypeMismatch {
        field: field.to_string(),
        expected,
    }
}

/// `true`/`false`, `0`/`1` (number or string), `"true"`/`"false"`.
pub fn as_bool(field: &str, v: &Value) -> Result<bool, TypeMismatch> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) => match n.to_string().as_str() {
            "0" => Ok(false),
            "1" => Ok(true),
            _ => Err(mismatch(field, "a boolean (true/false/0/1)")),
        },
        Value::String(s) => match s.as_str() {
            "0" | "false" => Ok(false),
            "1" | "true" => Ok(true),
            _ => Err(mismatch(field, "a boolean (true/false/0/1)")),
        },
        _ => Err(mismatch(field, "a boolean (true/false/0/1)")),
    }
}

/// An integer given as a JSON number or a string of digits.
pub fn as_int(field: &str, v: &Value) -> Result<i64, TypeMismatch> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return Err(mismatch(field, "an integer")),
    };
    text.parse().map_err(|_| mismatch(field, "an integer"))
}

/// A list of integers joined with commas (`"40,50"`), as status filters are sent; empty
/// items are ignored. `None` when an item is not an integer.
pub fn int_list(text: &str) -> Option<Vec<i64>> {
    text.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().ok())
        .collect()
}

/// How many items a comma-joined list holds (empty items are not counted), without building it.
pub fn list_len(text: &str) -> usize {
    text.split(',').filter(|x| !x.trim().is_empty()).count()
}

/// Length in characters, as the vendor's limits count them.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// A value shortened for an error message, so a megabyte of input does not echo back whole.
pub fn shown(s: &str) -> String {
    const MAX: usize = 64;
    if char_len(s) <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn booleans_in_every_form_the_sdks_send() {
        for (v, want) in [
            (json!(true), true),
            (json!(0), false),
            (json!(1), true),
            (json!("1"), true),
            (json!("false"), false),
        ] {
            assert_eq!(as_bool("defect", &v).unwrap(), want, "{v}");
        }
        for v in [json!(2), json!("yes"), json!(null), json!([])] {
            assert_eq!(as_bool("defect", &v).unwrap_err().field, "defect");
        }
    }

    #[test]
    fn status_lists_are_comma_joined_integers() {
        assert_eq!(int_list("40, 50,"), Some(vec![40, 50]));
        assert_eq!(int_list("80"), Some(vec![80]));
        assert_eq!(int_list("40,x"), None);
        assert_eq!(list_len("40, 50,,"), 2);
    }
}
