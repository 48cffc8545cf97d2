//! Typed requests and answers of every endpoint openwdt implements, in the documented field
//! names. The server builds its answers from these types and the client decodes them into the
//! same ones, so a field is named once.
//!
//! Requests are what a client sends; the server decodes requests field by field instead,
//! because both editions accept looser input than a type would model (`0`/`1`/`true`, numbers
//! or strings) and its errors must name the field path.

pub mod cancel;
pub mod enterprise;
pub mod flagship;
pub mod stock;
pub mod stockpd;

/// `0`/`1` on the wire, as the vendors document flags; reads `true`/`false` and strings too.
pub mod bit {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(u8::from(*v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        crate::fields::as_bool("flag", &v).map_err(serde::de::Error::custom)
    }

    /// The same for an optional flag; `None` is left out by `skip_serializing_if`.
    pub mod opt {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(b) => super::serialize(b, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
            let v = serde_json::Value::deserialize(d)?;
            if v.is_null() {
                return Ok(None);
            }
            crate::fields::as_bool("flag", &v)
                .map(Some)
                .map_err(serde::de::Error::custom)
        }
    }
}

/// Epoch milliseconds, or `""` for a time not yet set (a stock-in's `check_time`).
pub mod millis_or_empty {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(ms) => ms.serialize(s),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n
                .to_string()
                .parse()
                .map(Some)
                .map_err(serde::de::Error::custom),
            serde_json::Value::String(s) if s.is_empty() => Ok(None),
            serde_json::Value::Null => Ok(None),
            other => Err(serde::de::Error::custom(format!(
                "expected epoch milliseconds or \"\", got {other}"
            ))),
        }
    }
}
