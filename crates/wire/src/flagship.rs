//! The flagship edition (旗舰版): `POST /openapi?method=…`, a JSON array body of positional
//! arguments, and `secret:salt` credentials.

use md5::{Digest, Md5};
use serde_json::{json, Value};

use crate::digest::hex;
pub use crate::digest::{secret_eq, sign_matches};

/// The edition's timestamps count seconds from 2012-01-01 00:00:00 +08:00.
pub const EPOCH_OFFSET: i64 = 1_325_347_200;
/// How far a request's timestamp may be from the server clock.
pub const TIMESTAMP_WINDOW_SECS: i64 = 120;
pub const VERSION: &str = "1.0";

/// Status codes of the flagship error table (shared/reference/qjb/error_codes.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// 参数错误 and authentication failures.
    Argument = 1,
    /// A timestamp outside the window.
    Timestamp = 7,
    /// A version other than 1.0.
    Version = 8,
    /// 其他错误: the server failed; never a business answer.
    Other = 99,
    /// 应用错误: business rule violations.
    Business = 100,
}

/// Converts unix seconds to the edition's timestamp.
pub fn timestamp_from_unix(unix: i64) -> i64 {
    unix - EPOCH_OFFSET
}

/// Whether a flagship timestamp is within the window around `now_unix`.
/// Compared without overflow: any value out of range is stale, never wrapped into the window.
pub fn timestamp_fresh(ts: i64, now_unix: i64) -> bool {
    timestamp_from_unix(now_unix).abs_diff(ts) <= TIMESTAMP_WINDOW_SECS.unsigned_abs()
}

/// The signature: md5 hex of `secret` + each `name value` pair in byte order of names
/// (every query parameter except `sign`, plus `body` holding the raw body text) + `secret`.
pub fn sign<'a, I>(secret: &str, params: I, body: &str) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params.into_iter().filter(|(k, _)| *k != "sign").collect();
    pairs.push(("body", body));
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut h = Md5::new();
    h.update(secret.as_bytes());
    for (k, v) in pairs {
        h.update(k.as_bytes());
        h.update(v.as_bytes());
    }
    h.update(secret.as_bytes());
    hex(&h.finalize())
}

/// Splits the `secret:salt` string the vendor hands out as one "appsecret".
pub fn split_secret(appsecret: &str) -> Option<(&str, &str)> {
    appsecret
        .split_once(':')
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
}

/// A request ready to send: `POST /openapi?<query>` with `body`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    /// The public parameters, paging if any, and `sign` last.
    pub query: Vec<(String, String)>,
    pub body: String,
}

/// What one call needs signed: who calls, which method, when, which page.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    pub sid: &'a str,
    pub key: &'a str,
    pub secret: &'a str,
    pub salt: &'a str,
    pub method: &'a str,
    /// The edition's timestamp ([`timestamp_from_unix`]).
    pub timestamp: i64,
    pub pager: Option<crate::api::flagship::Pager>,
}

/// Builds and signs a request whose body is the JSON array of positional arguments.
pub fn signed_request(call: Call<'_>, body: String) -> SignedRequest {
    let mut query: Vec<(String, String)> = vec![
        ("sid".into(), call.sid.into()),
        ("key".into(), call.key.into()),
        ("salt".into(), call.salt.into()),
        ("method".into(), call.method.into()),
        ("v".into(), VERSION.into()),
        ("timestamp".into(), call.timestamp.to_string()),
    ];
    if let Some(p) = call.pager {
        query.push(("page_size".into(), p.page_size.to_string()));
        query.push(("page_no".into(), p.page_no.to_string()));
        query.push(("calc_total".into(), u8::from(p.calc_total).to_string()));
    }
    let sign = sign(
        call.secret,
        query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &body,
    );
    query.push(("sign".into(), sign));
    SignedRequest { query, body }
}

/// An answer as sent: `status` 0 with `data` (and `total` if asked), or `message`.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct Reply {
    pub status: i64,
    pub message: Option<String>,
    pub total: Option<u64>,
    pub data: Value,
}

/// `{"status":0,"data":…}`, with `total` beside it where a paged call asked for it.
pub fn ok(data: Value, total: Option<u64>) -> Value {
    match total {
        Some(t) => json!({"status": 0, "total": t, "data": data}),
        None => json!({"status": 0, "data": data}),
    }
}

/// `{"status":N,"message":"…"}`.
pub fn error(status: Status, message: &str) -> Value {
    json!({"status": status as i32, "message": message})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vector worked by hand from the algorithm's definition (string below hashed with md5sum).
    #[test]
    fn signs_like_the_official_sdk() {
        let params = [
            ("sid", "demo"),
            ("key", "demo_key"),
            ("salt", "demo_salt"),
            ("method", "wms.StockSpec.search"),
            ("v", "1.0"),
            ("timestamp", "466000000"),
            ("page_size", "10"),
            ("page_no", "0"),
            ("calc_total", "1"),
            ("sign", "ignored"),
        ];
        // secret + body[{}] calc_total1 keydemo_key methodwms.StockSpec.search page_no0
        // page_size10 saltdemo_salt siddemo timestamp466000000 v1.0 + secret
        let s = sign("demo_secret", params, "[{}]");
        // Computed outside Rust: printf '%s' '<the string above>' | md5sum
        assert_eq!(s, "d1ff0f1077336e0cd2dc9bcf7dc1067e");
        assert!(sign_matches(&s, &s.to_uppercase()));
        assert!(!sign_matches(&s, &s[1..]));
    }

    fn call(method: &str, pager: Option<crate::api::flagship::Pager>) -> Call<'_> {
        Call {
            sid: "wdtapi3",
            key: "wdtapi3-test",
            secret: "testsecret",
            salt: "testsalt",
            method,
            timestamp: 466_000_000,
            pager,
        }
    }

    /// The stockSyncByPd example of shared/reference/qjb, signed without paging. Digest
    /// computed outside Rust (Python hashlib over the documented concatenation).
    #[test]
    fn signs_a_request_without_paging() {
        let body = r#"[{"warehouse_no":"1002","defect_mode":1,"remark":"API TEST"},[{"spec_no":"PC_2018","remark":"PD TEST","new_num":"200.0000","defect":false}]]"#;
        let r = signed_request(call("wms.StockPd.stockSyncByPd", None), body.into());
        let names: Vec<&str> = r.query.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            ["sid", "key", "salt", "method", "v", "timestamp", "sign"]
        );
        assert_eq!(r.query[6].1, "7a102dae419b8883376a80fa29695b70");
        assert_eq!(r.body, body);
    }

    /// A paged call: page_size, page_no and calc_total are signed too; the body holds
    /// Chinese and an emoji, signed as UTF-8 bytes.
    #[test]
    fn signs_a_paged_request() {
        let pager = crate::api::flagship::Pager {
            page_no: 2,
            page_size: 100,
            calc_total: true,
        };
        let body = r#"[{"spec_nos":["daba1"],"warehouse_no":"仓📦"}]"#;
        let r = signed_request(call("wms.StockSpec.search", Some(pager)), body.into());
        let q: Vec<(&str, &str)> = r
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            &q[6..],
            [
                ("page_size", "100"),
                ("page_no", "2"),
                ("calc_total", "1"),
                ("sign", "34f59d9db17504f51022ca698557e7b0")
            ]
        );
    }

    #[test]
    fn splits_secret_and_salt() {
        assert_eq!(
            split_secret("testsecret:testsalt"),
            Some(("testsecret", "testsalt"))
        );
        assert_eq!(split_secret("a:b:c"), Some(("a", "b:c")));
        assert_eq!(split_secret("nosalt"), None);
        assert_eq!(split_secret(":salt"), None);
    }

    #[test]
    fn timestamp_window() {
        let now = 1_763_856_000;
        let ts = timestamp_from_unix(now);
        assert!(timestamp_fresh(ts - 120, now));
        assert!(timestamp_fresh(ts + 120, now));
        assert!(!timestamp_fresh(ts - 121, now));
        assert!(!timestamp_fresh(ts + 121, now));
        // A subtraction that wraps must not land inside the window.
        assert!(!timestamp_fresh(ts.wrapping_sub(i64::MIN), now));
        assert!(!timestamp_fresh(i64::MIN, now));
        assert!(!timestamp_fresh(i64::MAX, now));
    }
}
