//! Serde adapters for what both editions accept beyond a strict type: flags as `0`/`1`/
//! `true`/`false` (numbers or strings), integers as numbers or digit strings, text given as a
//! number, optional text where `""` means absent, decimals kept as the text sent (so the core
//! can collect a bad decimal with every other problem instead of failing the decode), and the
//! enterprise edition's JSON objects and lists sent as form text.
//!
//! Every adapter serialises the strict form the vendors document, so the client sends what the
//! cloud expects and the server reads the same types back.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

use crate::decimal::Dec4;

fn flag_of<E: serde::de::Error>(v: &Value) -> Result<bool, E> {
    crate::fields::as_bool("flag", v)
        .map_err(|_| E::custom(format!("must be a flag (0/1/true/false), got {}", brief(v))))
}

fn int_of<E: serde::de::Error>(v: &Value) -> Result<i64, E> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return Err(E::custom(format!("must be an integer, got {}", brief(v)))),
    };
    text.parse()
        .map_err(|_| E::custom(format!("must be an integer, got {}", brief(v))))
}

fn text_of<E: serde::de::Error>(v: Value) -> Result<String, E> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(E::custom(format!(
            "must be a string, got {}",
            brief(&other)
        ))),
    }
}

/// A value quoted in a decode error, short whatever was sent.
fn brief(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", crate::fields::shown(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => crate::fields::shown(&other.to_string()),
    }
}

/// A required flag.
pub mod flag {
    use super::*;
    pub fn serialize<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(u8::from(*v))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        flag_of(&Value::deserialize(d)?)
    }
}

/// An optional flag: `null` and `""` are absent.
pub mod opt_flag {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_u8(u8::from(*b)),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            v => flag_of(&v).map(Some),
        }
    }
}

/// An optional integer given as a number or a string of digits: `null` and `""` are absent.
pub mod opt_int {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            v => int_of(&v).map(Some),
        }
    }
}

/// A required integer given as a number or a string of digits.
pub mod int {
    use super::*;
    pub fn serialize<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        int_of(&Value::deserialize(d)?)
    }
}

/// Text, also taken from a number (typed SDKs send either); `null` reads as `""`.
pub mod text {
    use super::*;
    pub fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(String::new()),
            v => text_of(v),
        }
    }
}

/// Optional text: `null` and `""` are absent.
pub mod opt_text {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v => text_of(v).map(|s| Some(s).filter(|s| !s.is_empty())),
        }
    }
}

/// Optional text where `""` is given (a remark sent empty) and only `null` or a missing field
/// is absent.
pub mod maybe_text {
    use super::*;
    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v => text_of(v).map(Some),
        }
    }
}

/// A list of text given as a JSON list or as one comma-joined string (empty items dropped).
pub mod text_list {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    text_of(v).map_err(|e: D::Error| D::Error::custom(format!("[{i}] {e}")))
                })
                .collect(),
            v => Ok(text_of::<D::Error>(v)?
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()),
        }
    }
}

/// As [`text_list`], sent as one comma-joined text: an enterprise form field that takes
/// several values in one string (`column=provider_no,provider_name`).
pub mod comma_list {
    use super::*;
    pub fn serialize<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.join(","))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        super::text_list::deserialize(d)
    }
}

/// A JSON object or list that the enterprise edition sends as form text
/// (`goods_list=[{"spec_no":…}]`); a real JSON value is taken too. A type error inside names
/// its path within the text (`goods_list: [3].num: …`).
pub mod json_text {
    use super::*;
    pub fn serialize<T: Serialize, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(v).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        let v = match Value::deserialize(d)? {
            Value::String(s) => serde_json::from_str::<Value>(&s)
                .map_err(|e| D::Error::custom(format!("must be JSON text: {e}")))?,
            other => other,
        };
        // An escape such as \u0000 decodes to a character the form itself could not carry.
        if let Some((path, c)) = crate::text::json_forbidden("", &v) {
            return Err(D::Error::custom(format!(
                "{INNER_PATH_OPEN}{}{INNER_PATH_CLOSE}contains the control character {c}",
                path.trim_start_matches('.')
            )));
        }
        crate::endpoint::strict_decode::<T>(&v).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path == "." {
                D::Error::custom(inner)
            } else {
                // Marked so that `endpoint::decode` can join it to the outer path.
                D::Error::custom(format!("{INNER_PATH_OPEN}{path}{INNER_PATH_CLOSE}{inner}"))
            }
        })
    }
}

/// Brackets the path of a type error inside JSON text, for `endpoint::decode` to join.
pub(crate) const INNER_PATH_OPEN: char = '\u{27e8}';
pub(crate) const INNER_PATH_CLOSE: char = '\u{27e9}';

/// Optional JSON text (see [`json_text`]): `null` and `""` are absent.
pub mod opt_json_text {
    use super::*;
    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::json_text::serialize(v, s),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            v => super::json_text::deserialize(v)
                .map(Some)
                .map_err(D::Error::custom),
        }
    }
}

/// A decimal as the caller sent it, number or string. The server keeps the text so that a
/// malformed value is one of the request's collected problems, named with its line; the client
/// builds it from a [`Dec4`] or parses it (`"2.5".parse()`), which validates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Num(String);

impl Num {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
    /// The text as sent, unchecked (what the server decodes).
    pub fn raw(text: impl Into<String>) -> Num {
        Num(text.into())
    }
    /// The exact value, if the text is a plain decimal of at most 4 places.
    pub fn value(&self) -> Option<Dec4> {
        Dec4::parse(&self.0).ok()
    }
}

impl From<Dec4> for Num {
    fn from(d: Dec4) -> Num {
        Num(d.to_string())
    }
}

impl std::str::FromStr for Num {
    type Err = crate::decimal::DecError;
    fn from_str(s: &str) -> Result<Num, Self::Err> {
        Dec4::parse(s).map(Num::from)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(Num(String::new())),
            v => text_of(v).map(Num),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Line {
        #[serde(with = "text")]
        spec_no: String,
        num: Num,
        #[serde(default, with = "flag")]
        defect: bool,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Form {
        #[serde(default, with = "opt_int")]
        status: Option<i64>,
        #[serde(default, with = "opt_text")]
        remark: Option<String>,
        #[serde(with = "json_text")]
        goods_list: Vec<Line>,
        #[serde(default, with = "text_list")]
        spec_nos: Vec<String>,
    }

    fn decode<T: DeserializeOwned>(v: Value) -> Result<T, String> {
        crate::endpoint::decode("", v).map_err(|e| format!("{}: {}", e.path, e.message))
    }

    #[test]
    fn form_text_decodes_into_the_declared_types() {
        let f: Form = decode(json!({
            "status": "40",
            "remark": "",
            "goods_list": r#"[{"spec_no":"A","num":2.5,"defect":"1"},{"spec_no":7,"num":"x"}]"#,
            "spec_nos": "A, B,,"
        }))
        .unwrap();
        assert_eq!(f.status, Some(40));
        assert_eq!(f.remark, None);
        assert_eq!(f.goods_list[0].num.as_str(), "2.5");
        assert!(f.goods_list[0].defect);
        assert_eq!(f.goods_list[1].spec_no, "7");
        assert_eq!(
            f.goods_list[1].num.value(),
            None,
            "kept for the core to refuse"
        );
        assert_eq!(f.spec_nos, ["A", "B"]);
    }

    #[test]
    fn type_errors_name_the_path_inside_json_text() {
        let e = decode::<Form>(json!({
            "goods_list": r#"[{"spec_no":"A","num":1},{"spec_no":"B","num":1,"defect":"maybe"}]"#
        }))
        .unwrap_err();
        assert!(e.starts_with("goods_list[1].defect: must be a flag"), "{e}");
        let e = decode::<Form>(json!({"goods_list": "[]", "status": "4x"})).unwrap_err();
        assert!(e.starts_with("status: must be an integer"), "{e}");
    }

    #[test]
    fn requests_serialise_in_the_documented_strict_form() {
        let f = Form {
            status: Some(40),
            remark: None,
            goods_list: vec![Line {
                spec_no: "A".into(),
                num: "2.5".parse().unwrap(),
                defect: true,
            }],
            spec_nos: vec![],
        };
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"status": 40, "remark": null, "spec_nos": [],
                   "goods_list": r#"[{"spec_no":"A","num":"2.5000","defect":1}]"#})
        );
        assert!("2.50001".parse::<Num>().is_err());
    }
}
