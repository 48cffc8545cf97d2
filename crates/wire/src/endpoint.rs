//! Each endpoint declared once: its name, edition, kind, request and answer types.
//!
//! The server decodes requests into `Request` and answers with `Answer`; the client sends
//! `Request` and decodes `Answer`; the client's retry rule reads `KIND`. A new endpoint is one
//! `endpoint!` line next to its types, plus one row in [`FLAGSHIP`] or [`ENTERPRISE`].

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{DeserializeOwned, IntoDeserializer, Unexpected, Visitor};
use serde::Deserializer;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edition {
    /// 旗舰版: `POST /openapi?method=…`, positional JSON arguments.
    Flagship,
    /// 企业版: `POST /openapi2/<name>.php`, form fields.
    Enterprise,
}

/// What a call does, which decides whether a client may retry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Reads only: safe to retry. `paged` when it takes `page_no`/`page_size`.
    Query { paged: bool },
    /// Writes and cannot tell a retry from a new request: never retried.
    Push,
    /// Writes keyed by the caller's outer number (`outer_field`): a retry of a push that did
    /// land is answered as a duplicate carrying the document's number in `number_field`, so it
    /// can be retried safely.
    KeyedPush {
        outer_field: &'static str,
        number_field: &'static str,
    },
}

impl Kind {
    pub const fn paged(self) -> bool {
        matches!(self, Kind::Query { paged: true })
    }
    pub const fn is_query(self) -> bool {
        matches!(self, Kind::Query { .. })
    }
}

/// An endpoint's declaration, as a type.
pub trait Endpoint {
    const NAME: &'static str;
    const EDITION: Edition;
    const KIND: Kind;
    /// Flagship: the positional arguments' names in order (`["pdOrder", "specList"]`); the
    /// request type has one field per name. Enterprise: empty (fields are named on the wire).
    const ARGS: &'static [&'static str];
    /// Flagship: how many of `ARGS` must be sent (the rest, a pager some SDKs add, may be left
    /// out).
    const REQUIRED_ARGS: usize;
    type Request: Serialize + DeserializeOwned + Send;
    type Answer: Serialize + DeserializeOwned + Send;
}

/// An endpoint's declaration, as a value: what the gateways and the client look up by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decl {
    pub name: &'static str,
    pub edition: Edition,
    pub kind: Kind,
    pub args: &'static [&'static str],
    pub required_args: usize,
}

impl Decl {
    pub const fn of<E: Endpoint>() -> Decl {
        Decl {
            name: E::NAME,
            edition: E::EDITION,
            kind: E::KIND,
            args: E::ARGS,
            required_args: E::REQUIRED_ARGS,
        }
    }
}

/// Declares an endpoint type: `endpoint!(StockSearch: Flagship "wms.StockSpec.search",
/// Query { paged: true }, args ["params", "pager"] / 1, Req => Answer);`
#[macro_export]
macro_rules! endpoint {
    ($(#[$m:meta])* $ty:ident: Flagship $name:literal, $kind:expr, args [$($arg:literal),*] / $req:literal, $rq:ty => $an:ty) => {
        $(#[$m])*
        pub enum $ty {}
        impl $crate::endpoint::Endpoint for $ty {
            const NAME: &'static str = $name;
            const EDITION: $crate::endpoint::Edition = $crate::endpoint::Edition::Flagship;
            const KIND: $crate::endpoint::Kind = $kind;
            const ARGS: &'static [&'static str] = &[$($arg),*];
            const REQUIRED_ARGS: usize = $req;
            type Request = $rq;
            type Answer = $an;
        }
    };
    ($(#[$m:meta])* $ty:ident: Enterprise $name:literal, $kind:expr, $rq:ty => $an:ty) => {
        $(#[$m])*
        pub enum $ty {}
        impl $crate::endpoint::Endpoint for $ty {
            const NAME: &'static str = $name;
            const EDITION: $crate::endpoint::Edition = $crate::endpoint::Edition::Enterprise;
            const KIND: $crate::endpoint::Kind = $kind;
            const ARGS: &'static [&'static str] = &[];
            const REQUIRED_ARGS: usize = 0;
            type Request = $rq;
            type Answer = $an;
        }
    };
}

/// A request that does not fit its declared type: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DecodeError {
    /// `specList[3].defect`, `goods_list[2].num`, or the argument / field name itself.
    pub path: String,
    pub message: String,
}

/// Decodes a value into `T`, naming the path of the first type error under `root`.
pub fn decode<T: DeserializeOwned>(root: &str, v: Value) -> Result<T, DecodeError> {
    use crate::lenient::{INNER_PATH_CLOSE, INNER_PATH_OPEN};
    strict_decode(&v).map_err(|e| {
        let mut path = match e.path().to_string().as_str() {
            "." => root.to_string(),
            p if root.is_empty() => p.to_string(),
            p => format!("{root}.{p}"),
        };
        let mut message = e.into_inner().to_string();
        // A type error inside enterprise JSON text carries its own path; join the two.
        if let Some(rest) = message.strip_prefix(INNER_PATH_OPEN) {
            if let Some((inner, msg)) = rest.split_once(INNER_PATH_CLOSE) {
                if !inner.starts_with('[') {
                    path.push('.');
                }
                path.push_str(inner);
                message = msg.to_string();
            }
        }
        DecodeError { path, message }
    })
}

/// `v` read as `T` through [`Strict`]; a type error carries its path.
///
/// Tracking the path costs an allocation per field of every line (about 0.1 s of a
/// 100,000-line stocktake); a value that decodes needs no path, so only one that fails is
/// decoded again to name where.
pub(crate) fn strict_decode<T: DeserializeOwned>(
    v: &Value,
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    T::deserialize(Strict(v)).or_else(|_| serde_path_to_error::deserialize(Strict(v)))
}

/// A JSON value read as a request: as `serde_json::Value` reads, except that a struct is never
/// taken from a list. serde's derived structs accept `[a, b]` as their fields in order, so
/// `purchase_info=[]` would otherwise read as an empty object and `["A"]` as a line; the
/// vendors send objects, and anything else is a type error naming its path.
pub struct Strict<'a>(pub &'a Value);

impl<'de> IntoDeserializer<'de, serde_json::Error> for Strict<'de> {
    type Deserializer = Strict<'de>;
    fn into_deserializer(self) -> Strict<'de> {
        self
    }
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.iter().map(Strict));
                let out = v.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            Value::Object(fields) => {
                let mut map =
                    MapDeserializer::new(fields.iter().map(|(k, x)| (k.as_str(), Strict(x))));
                let out = v.visit_map(&mut map)?;
                map.end()?;
                Ok(out)
            }
            other => other.deserialize_any(v),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(_) => Err(serde::de::Error::invalid_type(Unexpected::Seq, &v)),
            other => Strict(other).deserialize_any(v),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => v.visit_none(),
            other => v.visit_some(Strict(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Self::Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, v)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// A flagship request from its positional arguments: each is named by the declaration, so
/// a type error reads `specList[3].defect`. Arguments past the declared ones are ignored.
pub fn decode_args<E: Endpoint>(args: Vec<Value>) -> Result<E::Request, DecodeError> {
    let named: Map<String, Value> = E::ARGS
        .iter()
        .zip(args)
        .map(|(name, v)| (name.to_string(), v))
        .collect();
    decode("", Value::Object(named))
}

/// A flagship request's positional arguments, in the declared order (what the client sends).
pub fn encode_args<E: Endpoint>(request: &E::Request) -> Result<Vec<Value>, serde_json::Error> {
    let Value::Object(mut map) = serde_json::to_value(request)? else {
        return Err(serde::ser::Error::custom(
            "a flagship request must be a struct",
        ));
    };
    let mut args = Vec::with_capacity(E::ARGS.len());
    for (i, name) in E::ARGS.iter().enumerate() {
        match map.remove(*name) {
            Some(v) if !(v.is_null() && i >= E::REQUIRED_ARGS) => args.push(v),
            _ => break,
        }
    }
    Ok(args)
}

/// An enterprise request from its form fields (system fields already taken out).
pub fn decode_form<E: Endpoint>(fields: &[(String, String)]) -> Result<E::Request, DecodeError> {
    let map: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    decode("", Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize)]
    pub struct Spec {
        spec_no: String,
        #[serde(default, with = "crate::lenient::flag")]
        defect: bool,
    }

    #[derive(Debug, Serialize, Deserialize)]
    pub struct Args {
        #[serde(rename = "pdOrder")]
        order: Map<String, Value>,
        #[serde(rename = "specList")]
        specs: Vec<Spec>,
    }

    crate::endpoint!(Pd: Flagship "wms.StockPd.stockSyncByPd", Kind::Push, args ["pdOrder", "specList"] / 2, Args => Value);

    #[test]
    fn flagship_type_errors_name_the_argument_path() {
        let e = decode_args::<Pd>(vec![
            json!({}),
            json!([{"spec_no": "A"}, {"spec_no": "B", "defect": 2}]),
        ])
        .unwrap_err();
        assert_eq!(e.path, "specList[1].defect");
        assert!(e.message.starts_with("must be a flag"), "{e}");
        let e = decode_args::<Pd>(vec![json!({}), json!({"spec_no": "A"})]).unwrap_err();
        assert_eq!(e.path, "specList");
        // serde would read a struct from a list of its fields; a request never does.
        let e = decode_args::<Pd>(vec![json!([]), json!([])]).unwrap_err();
        assert_eq!(e.path, "pdOrder");
        let e = decode_args::<Pd>(vec![json!({}), json!([["A", 1]])]).unwrap_err();
        assert_eq!(e.path, "specList[0]");
    }

    #[test]
    fn flagship_arguments_round_trip_in_declared_order() {
        let req = Args {
            order: Map::new(),
            specs: vec![Spec {
                spec_no: "A".into(),
                defect: true,
            }],
        };
        let args = encode_args::<Pd>(&req).unwrap();
        assert_eq!(
            args,
            vec![json!({}), json!([{"spec_no": "A", "defect": 1}])]
        );
        assert_eq!(decode_args::<Pd>(args).unwrap().specs[0].spec_no, "A");
    }

    #[derive(Debug, Serialize, Deserialize)]
    pub struct Push {
        #[serde(with = "crate::lenient::json_text")]
        goods_list: Vec<Spec>,
    }

    crate::endpoint!(Sync: Enterprise "stock_sync_by_pd.php", Kind::KeyedPush { outer_field: "api_outer_no", number_field: "pd_no" }, Push => Value);

    #[test]
    fn enterprise_type_errors_name_the_path_inside_json_text() {
        let e = decode_form::<Sync>(&[(
            "goods_list".into(),
            r#"[{"spec_no":"A"},{"spec_no":"B","defect":"x"}]"#.into(),
        )])
        .unwrap_err();
        assert_eq!(e.path, "goods_list[1].defect");
        let e = decode_form::<Sync>(&[("goods_list".into(), r#"[["A"]]"#.into())]).unwrap_err();
        assert_eq!(e.path, "goods_list[0]");
        let e = decode_form::<Sync>(&[]).unwrap_err();
        assert_eq!(e.path, "");
        assert!(e.message.contains("goods_list"), "{e}");
    }
}
