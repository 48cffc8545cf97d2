//! The enterprise edition (企业版): `POST /openapi2/<name>.php`, form fields (business objects as
//! JSON strings), `sid, appkey, timestamp, sign`, answers with `code`/`message` at the top level.

use md5::{Digest, Md5};
use serde_json::{Map, Value};

// The vendor documents no codes besides 0 and 2005; the others are openwdt's, listed with
// their meaning in docs/enterprise-codes.md, and must stay stable.
pub const CODE_MISSING: i64 = 1001;
pub const CODE_MALFORMED: i64 = 1002;
pub const CODE_UNKNOWN_ENDPOINT: i64 = 1003;
pub const CODE_TOO_LARGE: i64 = 1004;
pub const CODE_TIMESTAMP: i64 = 1010;
pub const CODE_UNKNOWN_SID: i64 = 1020;
pub const CODE_UNKNOWN_APPKEY: i64 = 1021;
pub const CODE_BAD_SIGN: i64 = 1022;
pub const CODE_BUSINESS: i64 = 2000;
pub const CODE_DUPLICATE: i64 = 2005;
pub const CODE_SERVER: i64 = 9999;

/// The number field of a keyed push (`stockin_purchase_push.php` → `stockin_no`), as the
/// endpoint's declaration says: its 2005 answer names the existing document there.
pub fn keyed_push_number(endpoint: &str) -> Option<&'static str> {
    match crate::api::find(crate::endpoint::Edition::Enterprise, endpoint)?.kind {
        crate::endpoint::Kind::KeyedPush { number_field, .. } => Some(number_field),
        _ => None,
    }
}

/// How far a request's unix timestamp may be from the server clock.
pub const TIMESTAMP_WINDOW_SECS: i64 = 300;

/// Whether a unix-seconds timestamp is within the window around `now_unix`.
/// Compared without overflow: any value out of range is stale, never wrapped into the window.
pub fn timestamp_fresh(ts: i64, now_unix: i64) -> bool {
    now_unix.abs_diff(ts) <= TIMESTAMP_WINDOW_SECS.unsigned_abs()
}

/// The text signed: every parameter except `sign`, sorted by name (byte order), each written
/// `LL-name:VVVV-value` with the lengths counted in Unicode characters (as the official PHP
/// client's `iconv_strlen`) and zero-padded to at least 2 and 4 digits, joined with `;`.
pub fn sign_text<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params.into_iter().filter(|(k, _)| *k != "sign").collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    pairs
        .iter()
        .map(|(k, v)| format!("{:02}-{k}:{:04}-{v}", k.chars().count(), v.chars().count()))
        .collect::<Vec<_>>()
        .join(";")
}

/// `md5(sign_text + appsecret)`, lowercase hex.
pub fn sign<'a, I>(params: I, appsecret: &str) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    // Streamed into the digest: a large form is never copied into one signed text.
    let mut pairs: Vec<(&str, &str)> = params.into_iter().filter(|(k, _)| *k != "sign").collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut h = Md5::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            h.update(b";");
        }
        let head = format!("{:02}-{k}:{:04}-", k.chars().count(), v.chars().count());
        h.update(head.as_bytes());
        h.update(v.as_bytes());
    }
    h.update(appsecret.as_bytes());
    crate::digest::hex(&h.finalize())
}

/// A request struct as form fields: text as is, numbers as their text, flags as `0`/`1`,
/// business objects and lists as JSON strings; absent fields left out.
pub fn form_fields<T: serde::Serialize + ?Sized>(
    request: &T,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    let Value::Object(map) = serde_json::to_value(request)? else {
        return Err(serde::ser::Error::custom("a request must be a struct"));
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::Null => return None,
                Value::String(s) => s,
                Value::Bool(b) => u8::from(b).to_string(),
                Value::Number(n) => n.to_string(),
                other => other.to_string(),
            };
            Some((k, text))
        })
        .collect())
}

/// Adds `sid`, `appkey`, `timestamp` (unix seconds) and `sign` to a request's fields.
pub fn signed_form(
    sid: &str,
    appkey: &str,
    appsecret: &str,
    timestamp: i64,
    mut fields: Vec<(String, String)>,
) -> Vec<(String, String)> {
    fields.retain(|(k, _)| !matches!(k.as_str(), "sid" | "appkey" | "timestamp" | "sign"));
    fields.push(("sid".into(), sid.into()));
    fields.push(("appkey".into(), appkey.into()));
    fields.push(("timestamp".into(), timestamp.to_string()));
    let sign = sign(
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        appsecret,
    );
    fields.push(("sign".into(), sign));
    fields
}

/// `{"code":0,"message":"success", …fields}`: business fields sit beside code and message.
pub fn ok(fields: Map<String, Value>) -> Value {
    let mut m = Map::new();
    m.insert("code".into(), Value::from(0));
    m.insert("message".into(), Value::from("success"));
    m.extend(fields);
    Value::Object(m)
}

/// `{"code":N,"message":"…"}`.
pub fn error(code: i64, message: &str) -> Value {
    serde_json::json!({"code": code, "message": message})
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: [(&str, &str); 7] = [
        ("sid", "test2"),
        ("appkey", "test2-xx"),
        ("timestamp", "1470042310"),
        ("start_time", "2016-08-01 12:00:00"),
        ("end_time", "2016-08-01 13:00:00"),
        ("page_no", "0"),
        ("page_size", "40"),
    ];

    /// The worked example of shared/reference/qyb/signature.md.
    #[test]
    fn reproduces_the_documented_example() {
        assert_eq!(
            sign_text(EXAMPLE),
            "06-appkey:0008-test2-xx;08-end_time:0019-2016-08-01 13:00:00;07-page_no:0001-0;09-page_size:0002-40;\
             03-sid:0005-test2;10-start_time:0019-2016-08-01 12:00:00;09-timestamp:0010-1470042310"
        );
        assert_eq!(sign(EXAMPLE, "12345"), "ad4e6fe037ea6e3ba4768317be9d1309");
        let with_sign: Vec<_> = EXAMPLE.iter().copied().chain([("sign", "x")]).collect();
        assert_eq!(
            sign(with_sign, "12345"),
            "ad4e6fe037ea6e3ba4768317be9d1309",
            "sign itself is not signed"
        );
    }

    /// Full requests as `signed_form` builds them; digests computed outside Rust (Python
    /// hashlib over the documented text), lengths in characters.
    #[test]
    fn signs_chinese_emoji_empty_and_long_values() {
        let sign_of = |field: &str, value: &str| {
            let f = signed_form(
                "test2",
                "test2-xx",
                "12345",
                1_470_042_310,
                vec![(field.into(), value.into())],
            );
            assert_eq!(f.last().unwrap().0, "sign");
            f.last().unwrap().1.clone()
        };
        assert_eq!(
            sign_of("remark", "盘点：仓库一"),
            "6cb73836625d5a2f72db0ca5cae448c3"
        );
        assert_eq!(
            sign_of("remark", "📦👍 ok"),
            "5c90bb3b6b49f158389119dac06fa94e"
        );
        let long = format!("{}xxxxx", "货".repeat(10_000));
        assert_eq!(
            sign_of("goods_list", &long),
            "d8121fe53ceb4036c933b5787e6055aa"
        );
        let with_empty = signed_form(
            "test2",
            "test2-xx",
            "12345",
            1_470_042_310,
            vec![
                ("remark".into(), String::new()),
                ("spec_no".into(), "A".into()),
            ],
        );
        assert_eq!(
            with_empty.last().unwrap().1,
            "457c132c7d4fb1fe5fed6860245f1dea"
        );
    }

    #[test]
    fn form_fields_are_text_flags_and_json() {
        let req = crate::api::enterprise::StockSyncByPd {
            warehouse_no: "WH01".into(),
            api_outer_no: "PD-1".into(),
            is_check: Some(true),
            goods_list: Some(vec![crate::api::enterprise::PdGoods {
                spec_no: "A".into(),
                stock_num: "2.5".parse().unwrap(),
                ..Default::default()
            }]),
            ..Default::default()
        };
        assert_eq!(
            form_fields(&req).unwrap(),
            [
                ("warehouse_no".to_string(), "WH01".to_string()),
                ("api_outer_no".into(), "PD-1".into()),
                ("is_check".into(), "1".into()),
                (
                    "goods_list".into(),
                    r#"[{"spec_no":"A","stock_num":"2.5000"}]"#.into()
                ),
            ]
        );
    }

    #[test]
    fn lengths_count_characters_and_widths_grow() {
        assert_eq!(sign_text([("remark", "备注")]), "06-remark:0002-备注");
        assert_eq!(sign_text([("remark", "📦x")]), "06-remark:0002-📦x");
        assert_eq!(sign_text([("remark", "")]), "06-remark:0000-");
        let long = "a".repeat(12_345);
        assert_eq!(
            sign_text([("goods_list", long.as_str())]),
            format!("10-goods_list:12345-{long}")
        );
        let long_key = "k".repeat(100);
        assert_eq!(
            sign_text([(long_key.as_str(), "v")]),
            format!("100-{long_key}:0001-v")
        );
        // Vectors computed outside Rust: printf '%s' '<text><secret>' | md5sum
        assert_eq!(
            sign([("sid", "s"), ("remark", "备注")], "sec"),
            "3e91133415370d7d6622b923a6ea183c"
        );
    }

    #[test]
    fn timestamps_out_of_range_are_stale() {
        let now = 1_763_856_000;
        assert!(timestamp_fresh(now - 300, now));
        assert!(!timestamp_fresh(now - 301, now));
        assert!(!timestamp_fresh(now.wrapping_sub(i64::MIN), now));
        assert!(!timestamp_fresh(i64::MIN, now));
        assert!(!timestamp_fresh(i64::MAX, now));
    }
}
