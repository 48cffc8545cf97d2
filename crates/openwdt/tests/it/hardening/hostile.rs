//! Thousands of malformed and hostile requests, generated from a seed, against every endpoint of
//! both editions. Every answer must be the edition's envelope (HTTP 200), never a server failure
//! (flagship 99, enterprise 9999); every request is one the server must refuse, so nothing may
//! be written; and the server must still be alive and its ledger sound at the end.
//!
//! Most requests carry a valid signature (computed over exactly what is sent, as the server
//! decodes it), so that they get past authentication to the business checks. Every write
//! request carries two independent faults that must be refused whatever else is changed (an
//! unknown warehouse, provider or order warehouse, and a quantity that is not allowed), and a
//! mutation changes one thing only, so no hostile request is accidentally a valid write.

use super::Rng;
use crate::common::{enterprise_sign, flagship_sign, now_ts, TestApp, S1};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Requests in flight at once.
const CONCURRENCY: usize = 16;
/// A huge text.
const BIG: usize = 100_000;
/// A huge text in a query string: URIs are limited to 64 KiB by HTTP clients (the `http`
/// crate refuses to build a longer one), so the flagship's query parameters get less.
const BIG_IN_URL: usize = 60_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Cat {
    BadJson,
    WrongType,
    Number,
    Control,
    Huge,
    Encoding,
    MissingDup,
    Timestamp,
    Version,
    Signature,
}

/// Requests per endpoint and category (× 15 endpoints).
const PLAN: &[(Cat, usize)] = &[
    (Cat::BadJson, 30),
    (Cat::WrongType, 70),
    (Cat::Number, 50),
    (Cat::Control, 60),
    (Cat::Huge, 10),
    (Cat::Encoding, 25),
    (Cat::MissingDup, 45),
    (Cat::Timestamp, 25),
    (Cat::Version, 15),
    (Cat::Signature, 25),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edition {
    Flagship,
    Enterprise,
}
use Edition::{Enterprise, Flagship};

struct Endpoint {
    edition: Edition,
    name: &'static str,
    write: bool,
    paged: bool,
}

const fn ep(edition: Edition, name: &'static str, write: bool, paged: bool) -> Endpoint {
    Endpoint {
        edition,
        name,
        write,
        paged,
    }
}

const ENDPOINTS: &[Endpoint] = &[
    ep(Flagship, "wms.StockPd.stockSyncByPd", true, false),
    ep(Flagship, "wms.StockSpec.search", false, true),
    ep(Flagship, "wms.StockPd.queryStockPd", false, true),
    ep(Flagship, "wms.StockPd.queryStockPdDetail", false, true),
    ep(Flagship, "purchase.PurchaseOrder.createOrder", true, false),
    ep(
        Flagship,
        "purchase.PurchaseOrder.queryWithDetail",
        false,
        true,
    ),
    ep(Flagship, "wms.stockin.Purchase.upload", true, false),
    ep(
        Flagship,
        "wms.stockin.Purchase.queryWithDetail",
        false,
        true,
    ),
    ep(Flagship, "wms.StockSpec.queryChangeHistory", false, true),
    ep(Enterprise, "stock_query.php", false, false),
    ep(Enterprise, "stock_sync_by_pd.php", true, false),
    ep(Enterprise, "purchase_order_push.php", true, false),
    ep(Enterprise, "purchase_order_query.php", false, false),
    ep(Enterprise, "stockin_purchase_push.php", true, false),
    ep(Enterprise, "stockin_order_query_purchase.php", false, false),
];

/// Enterprise form fields that carry a JSON document.
const JSON_FIELDS: &[&str] = &["goods_list", "purchase_info"];

/// Fields that hold a number, a flag or a status.
const NUMERIC_KEYS: &[&str] = &[
    "new_num",
    "num",
    "stockin_num",
    "stock_num",
    "price",
    "tax",
    "tax_rate",
    "tax_price",
    "stockin_price",
    "src_price",
    "discount",
    "post_fee",
    "other_fee",
    "defect_mode",
    "create_mode",
    "status",
    "stockin_status",
    "type",
    "defect",
    "is_check",
    "is_post_error",
    "is_use_outer_no",
    "is_create_batch",
    "is_create_stock",
    "validity_days",
    "page_no",
    "page_size",
    "mode",
    "calc_total",
];

/// Stands for raw bytes in a rendered request (quoted in JSON, bare in a form field).
const TOKEN: &str = "@@HOSTILE@@";
/// Stands for a raw object key in rendered JSON.
const TOKEN_KEY: &str = "@@HOSTILE_KEY@@";

const BAD_UTF8: &[&[u8]] = &[
    b"\xFF\xFE",
    b"\xC0\xAF",
    b"\xED\xA0\x80",
    b"\xE4\xB8",
    b"\x80",
    b"\xF8\x88\x80\x80\x80",
    b"\xFE",
    b"\xC3\x28",
    b"\xF4\x90\x80\x80",
];

const CONTROLS: &[&str] = &[
    "\u{0}",
    "\u{1}",
    "\u{1f}",
    "\u{0}\u{0}\u{0}",
    "a\u{0}b",
    "\u{1}\u{2}\u{3}\u{1e}\u{1f}",
    "\u{0}",
    "\u{7f}",
    "\r\n",
    "\t",
    "\u{8}\u{c}",
    "\u{85}",
    "\u{2028}\u{2029}",
    "\u{feff}",
    "\u{200b}\u{202e}",
];

/// Numbers written as JSON number tokens.
const RAW_NUMBERS: &[&str] = &[
    "1e400",
    "-0",
    "9999999999999999999999",
    "0.00001",
    "922337203685477.5808",
    "1E+9999999999",
    "-1e-400",
    "1e308",
    "-922337203685477.5809",
    "123456789012345678901234567890.12345",
    "0.0000",
    "-0.0",
    "5e-324",
    "18446744073709551616",
    "-9223372036854775809",
    "1.0e+2",
];

/// Numbers written as text.
const TEXT_NUMBERS: &[&str] = &[
    "1e400",
    "-0",
    "NaN",
    "Infinity",
    "-Infinity",
    "9999999999999999999999",
    "0.00001",
    "922337203685477.5808",
    "-922337203685477.5808",
    "1e-7",
    "0x10",
    "1_000",
    " 1",
    "1 ",
    "1,5",
    "１２",
    "٣",
    "+5",
    "--1",
    "1.",
    ".5",
    "",
    "-",
    ".",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "0.99999",
    "1e2",
    "00000000000000000000001",
];

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Idx(usize),
}

type Path = Vec<Seg>;

fn show_path(p: &[Seg]) -> String {
    let mut s = String::new();
    for seg in p {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(&format!("{k:?}").replace('"', ""));
            }
            Seg::Idx(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn paths_into(v: &Value, prefix: &mut Path, out: &mut Vec<Path>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(Seg::Key(k.clone()));
                out.push(prefix.clone());
                paths_into(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                prefix.push(Seg::Idx(i));
                out.push(prefix.clone());
                paths_into(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Every node below the root.
fn paths(v: &Value) -> Vec<Path> {
    let mut out = Vec::new();
    paths_into(v, &mut Vec::new(), &mut out);
    out
}

fn at_mut<'a>(v: &'a mut Value, p: &[Seg]) -> &'a mut Value {
    p.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Idx(i) => &mut v[*i],
    })
}

fn at<'a>(v: &'a Value, p: &[Seg]) -> &'a Value {
    p.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &v[k.as_str()],
        Seg::Idx(i) => &v[*i],
    })
}

fn remove_at(v: &mut Value, p: &[Seg]) {
    let (last, parent) = p.split_last().expect("not the root");
    match (at_mut(v, parent), last) {
        (Value::Object(m), Seg::Key(k)) => {
            m.shift_remove(k);
        }
        (Value::Array(a), Seg::Idx(i)) => {
            a.remove(*i);
        }
        _ => unreachable!("paths follow the document"),
    }
}

fn key_of(p: &[Seg]) -> Option<&str> {
    p.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Idx(_) => None,
    })
}

fn trunc(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{head}…({} chars)", s.chars().count())
    }
}

fn short(v: &Value) -> String {
    trunc(&format!("{v}"), 60)
}

fn short_bytes(b: &[u8]) -> String {
    trunc(&format!("{:?}", String::from_utf8_lossy(b)), 60)
}

fn replace_bytes(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

/// application/x-www-form-urlencoded, every byte but `A-Za-z0-9-_.*` escaped.
fn encode_into(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.*".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
}

#[derive(Clone)]
struct Pair {
    name: Vec<u8>,
    value: Vec<u8>,
}

fn pair(name: &str, value: impl AsRef<[u8]>) -> Pair {
    Pair {
        name: name.as_bytes().to_vec(),
        value: value.as_ref().to_vec(),
    }
}

fn append_pair(out: &mut Vec<u8>, p: &Pair) {
    if !out.is_empty() && !out.ends_with(b"&") {
        out.push(b'&');
    }
    encode_into(out, &p.name);
    out.push(b'=');
    encode_into(out, &p.value);
}

fn encode_pairs(pairs: &[Pair]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in pairs {
        append_pair(&mut out, p);
    }
    out
}

/// Decodes a form or query string as the server's parser does: `&`-separated, `+` is a space,
/// `%XX` a byte (anything else verbatim), then UTF-8 with invalid bytes replaced.
fn decode_pairs(s: &[u8]) -> Vec<(String, String)> {
    fn unescape(s: &[u8]) -> String {
        let hex = |b: u8| (b as char).to_digit(16);
        let mut out = Vec::with_capacity(s.len());
        let mut i = 0;
        while i < s.len() {
            match s[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < s.len() => match (hex(s[i + 1]), hex(s[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    s.split(|b| *b == b'&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.iter().position(|b| *b == b'=') {
            Some(i) => (unescape(&kv[..i]), unescape(&kv[i + 1..])),
            None => (unescape(kv), String::new()),
        })
        .collect()
}

enum TsVal {
    Now,
    /// Now plus this many seconds.
    Shift(i128),
    Text(Vec<u8>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sign {
    Valid,
    Missing,
    Flip,
    Upper,
    Empty,
    Truncated,
    Extended,
    Nul,
    Huge,
    WrongSecret,
    OtherEdition,
    OtherBody,
    BadFirst,
}

const SIGN_FAULTS: &[Sign] = &[
    Sign::Missing,
    Sign::Flip,
    Sign::Upper,
    Sign::Empty,
    Sign::Truncated,
    Sign::Extended,
    Sign::Nul,
    Sign::Huge,
    Sign::WrongSecret,
    Sign::OtherEdition,
    Sign::OtherBody,
    Sign::BadFirst,
];

#[derive(Clone, Debug)]
enum Expect {
    /// Any envelope answer but a server failure.
    Any,
    /// A refusal (non-zero status or code).
    Refused,
    /// One of these statuses or codes.
    OneOf(Vec<i64>),
}

/// One hostile request, before it is signed and sent.
struct Req {
    ep: usize,
    cat: Cat,
    what: String,
    /// Flagship: the query parameters. Enterprise: `sid` and `appkey`.
    sys: Vec<Pair>,
    /// Flagship: the positional arguments. Enterprise: the business fields, JSON ones as JSON.
    doc: Value,
    /// Raw bytes standing for TOKEN and TOKEN_KEY.
    raw: Vec<(&'static str, Vec<u8>)>,
    ts: Vec<TsVal>,
    sign: Sign,
    /// Flagship: the body instead of `doc`. Enterprise: the body instead of the form; the
    /// system fields then travel in the query string.
    body: Option<Vec<u8>>,
    /// Enterprise: fields in the query string.
    query: Vec<Pair>,
    /// Bytes appended as they are: to the enterprise form, or to the flagship query string.
    tail: Vec<u8>,
    /// Enterprise: the endpoint's path segment as sent.
    path: String,
    content_type: &'static str,
    expect: Expect,
}

/// What was sent, for a failure report.
struct Wire {
    url: String,
    body: Vec<u8>,
}

impl Wire {
    fn summary(&self) -> String {
        format!(
            "POST {}\n    body: {}",
            trunc(&self.url, 300),
            trunc(&format!("{:?}", String::from_utf8_lossy(&self.body)), 300)
        )
    }
}

struct Outcome {
    ep: usize,
    cat: Cat,
    valid_sign: bool,
    failure: Option<String>,
}

fn today() -> (String, String) {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    (format!("{day} 00:00:00"), format!("{day} 23:59:59"))
}

/// A request of each endpoint: queries as a client would send them; writes with two faults
/// that must each be refused (see the module comment).
fn template(name: &str, uid: usize) -> Value {
    let (from, to) = today();
    let outer = format!("HOSTILE-{uid}");
    match name {
        "wms.StockPd.stockSyncByPd" => json!([
            {"warehouse_no": "WH404", "defect_mode": 0, "remark": "hostile", "is_post_error": 0},
            [{"spec_no": "A", "remark": "", "new_num": "-5", "defect": false},
             {"spec_no": "B", "remark": "line", "new_num": "3", "defect": 1}]
        ]),
        "wms.StockSpec.search" => json!([
            {"spec_nos": ["A", "B", "M"], "warehouse_no": "WH01", "start_time": from, "end_time": to}
        ]),
        "wms.StockPd.queryStockPd" => json!([
            {"start_time": from, "end_time": to, "warehouse_no": "WH01", "status": 40,
             "pd_no": "WP0001", "spec_no": "A", "goods_no": "G1", "employee_no": "e1"}
        ]),
        "wms.StockPd.queryStockPdDetail" => json!([{"pd_no": "WP2025112300001"}]),
        "purchase.PurchaseOrder.createOrder" => json!([
            {"provider_no": "P404", "expect_warehouse_no": "WH01", "receive_warehouse_nos": "WH01",
             "purchaser_name": "buyer", "is_check": 1, "contact": "c", "telno": "123",
             "receive_address": "addr", "expect_time": "2025-12-01 00:00:00", "remark": "r",
             "post_fee": "1.5", "other_fee": 2,
             "purchase_details": [
                {"spec_no": "A", "num": "0", "price": "1.5", "tax_rate": "0.13", "discount": "1", "remark": ""},
                {"spec_no": "B", "num": 2, "price": 1, "tax_price": "1.13"}]}
        ]),
        "purchase.PurchaseOrder.queryWithDetail" => json!([
            {"purchase_no": "CG202511230001", "start_time": from, "end_time": to, "provider_no": "P001",
             "expect_warehouse_no": "WH01", "status": "40,50", "stockin_status": 0}
        ]),
        "wms.stockin.Purchase.upload" => json!([
            {"purchase_no": "CG202511230001", "warehouse_no": "WH02", "create_mode": 2,
             "logistics_code": "SF", "logistics_no": "SF1", "remark": "r"},
            [{"spec_no": "A", "num": "0", "position_no": "A-01", "batch_no": "B1",
              "production_date": "2025-01-01", "expire_date": "2026-01-01", "defect": false, "remark": ""}]
        ]),
        "wms.stockin.Purchase.queryWithDetail" => json!([
            {"start_time": from, "end_time": to, "warehouse_no": "WH01", "stockin_no": "RK1",
             "purchase_no": "CG202511230001", "status": "80"}
        ]),
        "wms.StockSpec.queryChangeHistory" => json!([
            {"start_date": from, "end_date": to, "spec_no": "A", "warehouse_no": "WH01", "type": 1, "defect": 0}
        ]),
        "stock_query.php" => json!(
            {"spec_no": "A", "warehouse_no": "WH01", "page_no": "0", "page_size": "10"}
        ),
        "stock_sync_by_pd.php" => json!({
            "warehouse_no": "WH404", "api_outer_no": outer, "mode": "0", "is_check": "1",
            "is_post_error": "1", "is_create_stock": "0", "remark": "r",
            "goods_list": [{"spec_no": "A", "stock_num": "-5", "remark": ""},
                           {"spec_no": "B", "stock_num": "2", "position_no": "A-01"}]
        }),
        "purchase_order_push.php" => json!({"purchase_info": {
            "outer_no": outer, "provider_no": "P404", "warehouse_no": "WH01", "is_check": 1,
            "is_use_outer_no": 0, "purchase_name": "buyer", "contact": "c", "telno": "123",
            "receive_address": "addr", "expect_arrive_time": "2025-12-01 00:00:00", "remark": "r",
            "post_fee": "1", "other_fee": "0",
            "details_list": [{"spec_no": "A", "num": "0", "price": "1", "tax": "0.1",
                              "tax_price": "1.1", "discount": "1", "remark": ""}]
        }}),
        "purchase_order_query.php" => json!({
            "purchase_no": "CG202511230001", "outer_no": "X1", "warehouse_no": "WH01", "status": "40",
            "start_time": from, "end_time": to, "page_no": "0", "page_size": "10"
        }),
        "stockin_purchase_push.php" => json!({"purchase_info": {
            "purchase_no": "CG202511230001", "warehouse_no": "WH02", "outer_no": outer, "is_check": 1,
            "is_create_batch": 0, "logistics_code": "SF", "logistics_no": "SF1", "post_fee": "0",
            "other_fee": "0", "remark": "r",
            "details_list": [{"spec_no": "A", "stockin_num": "0", "stockin_price": "1",
                              "tax_price": "1.13", "tax": "0.13", "src_price": "1",
                              "position_no": "A-01", "batch_no": "B1",
                              "production_date": "2025-01-01", "validity_days": "30", "remark": ""}]
        }}),
        "stockin_order_query_purchase.php" => json!({
            "src_order_no": "CG202511230001", "stockin_no": "RK1", "stockin_outer_no": "X1",
            "warehouse_no": "WH01", "status": "80", "start_time": from, "end_time": to,
            "page_no": "0", "page_size": "10"
        }),
        other => unreachable!("no template for {other}"),
    }
}

/// Every request of the run: (endpoint, category, index within them).
fn plan() -> Vec<(usize, Cat, usize)> {
    let mut all = Vec::new();
    for e in 0..ENDPOINTS.len() {
        for &(cat, n) in PLAN {
            for k in 0..n {
                all.push((e, cat, k));
            }
        }
    }
    all
}

impl Req {
    fn endpoint(&self) -> &'static Endpoint {
        &ENDPOINTS[self.ep]
    }

    fn flagship(&self) -> bool {
        self.endpoint().edition == Flagship
    }

    fn base(ep_index: usize, cat: Cat, uid: usize) -> Req {
        let ep = &ENDPOINTS[ep_index];
        let sys = match ep.edition {
            Flagship => {
                let mut p = vec![
                    pair("sid", "s1"),
                    pair("key", "k1"),
                    pair("salt", "salt1"),
                    pair("method", ep.name),
                    pair("v", "1.0"),
                ];
                if ep.paged {
                    p.extend([
                        pair("page_size", "50"),
                        pair("page_no", "0"),
                        pair("calc_total", "1"),
                    ]);
                }
                p
            }
            Enterprise => vec![pair("sid", "s1"), pair("appkey", "k1")],
        };
        Req {
            ep: ep_index,
            cat,
            what: String::new(),
            sys,
            doc: template(ep.name, uid),
            raw: Vec::new(),
            ts: vec![TsVal::Now],
            sign: Sign::Valid,
            body: None,
            query: Vec::new(),
            tail: Vec::new(),
            path: ep.name.to_string(),
            content_type: match ep.edition {
                Flagship => "application/json",
                Enterprise => "application/x-www-form-urlencoded",
            },
            expect: Expect::Any,
        }
    }

    /// The request `i` of the run with the given seed: the same every time.
    fn generate(seed: u64, i: usize, ep: usize, cat: Cat, k: usize) -> Req {
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let mut r = Req::base(ep, cat, i);
        match cat {
            Cat::BadJson => r.bad_json(&mut rng, k),
            Cat::WrongType => r.wrong_type(&mut rng, k),
            Cat::Number => r.number(&mut rng, k),
            Cat::Control => r.control(&mut rng, k),
            Cat::Huge => r.huge(&mut rng, k),
            Cat::Encoding => r.encoding(&mut rng, k),
            Cat::MissingDup => r.missing_dup(&mut rng, k),
            Cat::Timestamp => r.timestamp(&mut rng, k),
            Cat::Version => r.version(&mut rng, k),
            Cat::Signature => r.signature(k),
        }
        if r.endpoint().write {
            // A write request must be refused whatever the mutation.
            r.expect = match std::mem::replace(&mut r.expect, Expect::Any) {
                Expect::Any | Expect::Refused => Expect::Refused,
                Expect::OneOf(codes) => {
                    Expect::OneOf(codes.into_iter().filter(|c| *c != 0).collect())
                }
            };
        }
        r
    }

    /// The answer must be one of `flagship` or `enterprise` (by edition).
    fn must(&mut self, flagship: &[i64], enterprise: &[i64]) {
        let codes = if self.flagship() {
            flagship
        } else {
            enterprise
        };
        self.expect = Expect::OneOf(codes.to_vec());
    }

    // ---- sites ----

    fn json_ctx(&self, p: &[Seg]) -> bool {
        self.flagship()
            || matches!(p.first(), Some(Seg::Key(k)) if JSON_FIELDS.contains(&k.as_str()))
    }

    fn sites(&self, keep: impl Fn(&Req, &Path, &Value) -> bool) -> Vec<Path> {
        paths(&self.doc)
            .into_iter()
            .filter(|p| keep(self, p, at(&self.doc, p)))
            .collect()
    }

    fn pick_site(&self, rng: &mut Rng, keep: impl Fn(&Req, &Path, &Value) -> bool) -> Option<Path> {
        let sites = self.sites(keep);
        (!sites.is_empty()).then(|| rng.pick(&sites).clone())
    }

    fn text_site(&self, rng: &mut Rng) -> Path {
        self.pick_site(rng, |_, _, v| v.is_string())
            .expect("every template has text")
    }

    fn json_fields(&self) -> Vec<String> {
        JSON_FIELDS
            .iter()
            .filter(|f| self.doc.get(**f).is_some())
            .map(|f| f.to_string())
            .collect()
    }

    /// Puts raw bytes at `p`: in JSON they replace the whole token, quotes included.
    fn set_raw(&mut self, p: &[Seg], bytes: Vec<u8>) {
        *at_mut(&mut self.doc, p) = Value::String(TOKEN.into());
        self.raw.push((TOKEN, bytes));
    }

    fn set_sys(&mut self, name: &str, value: impl AsRef<[u8]>) {
        for p in &mut self.sys {
            if p.name == name.as_bytes() {
                p.value = value.as_ref().to_vec();
            }
        }
    }

    fn sys_value(&self, name: &str) -> Vec<u8> {
        self.sys
            .iter()
            .find(|p| p.name == name.as_bytes())
            .map(|p| p.value.clone())
            .unwrap_or_default()
    }

    // ---- categories ----

    fn bad_json(&mut self, rng: &mut Rng, k: usize) {
        let fields = self.json_fields();
        if self.flagship() {
            let text = self.render_json(&self.doc);
            let (broken, how) = break_json(&text, rng, k);
            self.body = Some(broken);
            self.what = format!("body {how}");
            self.must(&[1], &[]);
        } else if !fields.is_empty() {
            let f = fields[k % fields.len()].clone();
            let text = self.render_json(&self.doc[f.as_str()]);
            let (broken, how) = break_json(&text, rng, k);
            // An empty field is a missing one.
            let code = if broken.is_empty() { 1001 } else { 1002 };
            self.set_raw(&[Seg::Key(f.clone())], broken);
            self.what = format!("{f} {how}");
            self.must(&[], &[code]);
        } else {
            // No JSON here: a body that is not a form; the system fields go in the query
            // string and are signed with whatever the server makes of the body.
            let (body, how): (Vec<u8>, &str) = match k % 4 {
                0 => (
                    self.doc.to_string().into_bytes(),
                    "the fields as a JSON object",
                ),
                1 => {
                    let mut x = String::from("<request>");
                    for (key, v) in self.doc.as_object().unwrap() {
                        x.push_str(&format!("<{key}>{}</{key}>", v.as_str().unwrap()));
                    }
                    x.push_str("</request>");
                    (x.into_bytes(), "the fields as XML")
                }
                2 => {
                    let mut m = String::new();
                    for (key, v) in self.doc.as_object().unwrap() {
                        m.push_str(&format!(
                            "--b\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{}\r\n",
                            v.as_str().unwrap()
                        ));
                    }
                    m.push_str("--b--\r\n");
                    (m.into_bytes(), "the fields as multipart")
                }
                _ => (
                    (0..1 + rng.below(300))
                        .map(|_| rng.next_u64() as u8)
                        .collect(),
                    "random bytes",
                ),
            };
            self.body = Some(body);
            self.content_type = "text/plain";
            self.what = format!("body is {how}, not a form");
            self.expect = Expect::Refused;
        }
    }

    fn wrong_type(&mut self, rng: &mut Rng, k: usize) {
        let pool = [
            json!(12345),
            json!(-1),
            json!(1.5),
            json!(""),
            json!("text"),
            json!({}),
            json!({"x": 1}),
            json!([]),
            json!(["x"]),
            json!([{}]),
            Value::Null,
            json!(true),
            json!(false),
        ];
        let variant = k % 7;
        if self.flagship() && variant == 0 {
            let mut with_extra = self.doc.clone();
            with_extra.as_array_mut().unwrap().push(json!({"extra": 1}));
            let bodies: [(String, bool); 10] = [
                ("{}".into(), true),
                (r#"{"0": {}}"#.into(), true),
                (r#""[]""#.into(), true),
                ("1".into(), true),
                ("null".into(), true),
                ("true".into(), true),
                ("[]".into(), false),
                ("[[]]".into(), false),
                ("[null, null]".into(), false),
                (with_extra.to_string(), false),
            ];
            let (body, not_array) = rng.pick(&bodies).clone();
            self.what = format!("body := {}", trunc(&body, 60));
            self.body = Some(body.into_bytes());
            if not_array {
                self.must(&[1], &[]);
            }
            return;
        }
        let fields = self.json_fields();
        if !fields.is_empty() && variant == 1 {
            let f = rng.pick(&fields).clone();
            let wrong = [json!(1), json!("text"), Value::Null, json!(true)];
            let mut wrong = wrong.to_vec();
            wrong.push(if f == "goods_list" {
                json!({})
            } else {
                json!([])
            });
            let v = rng.pick(&wrong).clone();
            self.what = format!("{f} := {v}");
            self.doc[f.as_str()] = v;
            self.must(&[], &[1002]);
            return;
        }
        let p = self
            .pick_site(rng, |_, _, _| true)
            .expect("templates have fields");
        let current = at(&self.doc, &p).clone();
        let same_type = |a: &Value, b: &Value| {
            std::mem::discriminant(a) == std::mem::discriminant(b)
                || (a.as_str().is_some_and(|s| s.parse::<f64>().is_ok()) && b.is_number())
        };
        let choices: Vec<&Value> = pool.iter().filter(|v| !same_type(&current, v)).collect();
        let v = (*rng.pick(&choices)).clone();
        self.what = format!("{} := {}", show_path(&p), short(&v));
        *at_mut(&mut self.doc, &p) = v;
    }

    fn number(&mut self, rng: &mut Rng, k: usize) {
        let variant = k % 5;
        if self.flagship() && self.endpoint().paged && variant == 0 {
            let name = *rng.pick(&["page_size", "page_no", "calc_total"]);
            let v = *rng.pick(TEXT_NUMBERS);
            self.set_sys(name, v);
            self.what = format!("{name}={v:?}");
            return;
        }
        let p = self
            .pick_site(rng, |_, p, v| {
                v.is_number() || key_of(p).is_some_and(|k| NUMERIC_KEYS.contains(&k))
            })
            .unwrap_or_else(|| self.text_site(rng));
        if self.json_ctx(&p) && rng.chance(50) {
            let n = *rng.pick(RAW_NUMBERS);
            self.what = format!("{} := {n} (JSON number)", show_path(&p));
            self.set_raw(&p, n.as_bytes().to_vec());
        } else {
            let n = *rng.pick(TEXT_NUMBERS);
            self.what = format!("{} := {n:?}", show_path(&p));
            *at_mut(&mut self.doc, &p) = json!(n);
        }
    }

    fn control(&mut self, rng: &mut Rng, k: usize) {
        let c = *rng.pick(CONTROLS);
        let variant = k % 10;
        if variant == 0 || variant == 5 {
            // A system parameter.
            let names: &[&str] = match (self.flagship(), self.endpoint().paged) {
                (true, true) => &["sid", "key", "salt", "method", "v", "page_size", "page_no"],
                (true, false) => &["sid", "key", "salt", "method", "v"],
                (false, _) => &["sid", "appkey"],
            };
            let name = *rng.pick(names);
            let old = String::from_utf8(self.sys_value(name)).unwrap();
            let new = splice(&old, c, rng);
            self.set_sys(name, &new);
            self.what = format!("{name}={new:?}");
            let forbidden = new.chars().any(|c| {
                (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
            });
            if forbidden {
                // Refused as an argument error naming the parameter, before it is looked at.
                self.must(&[1], &[1002]);
                return;
            }
            match name {
                "sid" => self.must(&[1], &[1020]),
                "key" | "salt" | "method" => self.must(&[1], &[]),
                "appkey" => self.must(&[], &[1021]),
                "v" => self.must(&[8], &[]),
                _ => self.must(&[100], &[]),
            }
            return;
        }
        if variant == 1 {
            // In a key of an object.
            if let Some(p) = self.pick_site(rng, |_, p, _| matches!(p.last(), Some(Seg::Key(_)))) {
                let Some(Seg::Key(key)) = p.last().cloned() else {
                    unreachable!()
                };
                let parent = &p[..p.len() - 1];
                let new_key = splice(&key, c, rng);
                let obj = at_mut(&mut self.doc, parent).as_object_mut().unwrap();
                let v = obj.shift_remove(&key).unwrap();
                obj.insert(new_key.clone(), v);
                self.what = format!("key {} renamed {new_key:?}", show_path(&p));
                return;
            }
        }
        let p = self.text_site(rng);
        if variant == 2 && self.json_ctx(&p) {
            // Unescaped inside a JSON string: not JSON.
            let byte = *rng.pick(&[0u8, 1, 0x1f, b'\n', 0x08]);
            let mut raw = b"\"x".to_vec();
            raw.push(byte);
            raw.extend_from_slice(b"y\"");
            self.what = format!(
                "{} := raw control byte {byte:#04x} in a JSON string",
                show_path(&p)
            );
            self.set_raw(&p, raw);
            self.must(&[1], &[1002]);
            return;
        }
        let old = at(&self.doc, &p).as_str().unwrap().to_string();
        let new = splice(&old, c, rng);
        self.what = format!("{} := {new:?}", show_path(&p));
        *at_mut(&mut self.doc, &p) = json!(new);
    }

    fn huge(&mut self, rng: &mut Rng, k: usize) {
        if self.endpoint().name == "wms.StockSpec.search" && (k == 3 || k == 9) {
            // spec_nos as one comma-joined string of more items than SQLite (32,766) or also
            // PostgreSQL (65,535) take parameters in one statement.
            let items = if k == 3 { 40_000 } else { 70_000 };
            self.doc[0]["spec_nos"] = json!("A,".repeat(items));
            self.what = format!("spec_nos := \"A,A,…\" ({items} items)");
            return;
        }
        match k % 7 {
            0 | 6 => {
                let p = self.text_site(rng);
                let fill = *rng.pick(&["x", "红", "\u{1}", "A,", " ", "\u{0}"]);
                let s = fill.repeat(BIG / fill.chars().count());
                self.what = format!(
                    "{} := {fill:?} × {}",
                    show_path(&p),
                    BIG / fill.chars().count()
                );
                *at_mut(&mut self.doc, &p) = json!(s);
            }
            1 => {
                let Some(p) = self.pick_site(rng, |_, _, v| v.is_array()) else {
                    return self.huge(rng, k + 1);
                };
                let first = at(&self.doc, &p).get(0).cloned().unwrap_or(json!("A"));
                let list: Vec<Value> = (0..5000)
                    .map(|i| match &first {
                        Value::Object(o) => {
                            let mut o = o.clone();
                            o.insert("spec_no".into(), json!(format!("S{i}")));
                            Value::Object(o)
                        }
                        _ => json!(format!("S{i}")),
                    })
                    .collect();
                self.what = format!("{} := 5000 elements like {}", show_path(&p), short(&first));
                *at_mut(&mut self.doc, &p) = Value::Array(list);
            }
            2 => {
                let Some(p) = self.pick_site(rng, |r, p, _| r.json_ctx(p) && p.len() > 1) else {
                    return self.huge(rng, k + 1);
                };
                let depth = 5000;
                let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
                self.what = format!("{} := arrays nested {depth} deep", show_path(&p));
                self.set_raw(&p, nested.into_bytes());
                self.must(&[1], &[1002]);
            }
            3 => {
                let Some(p) = self.pick_site(rng, |r, p, v| {
                    r.json_ctx(p)
                        && (v.is_number() || key_of(p).is_some_and(|k| NUMERIC_KEYS.contains(&k)))
                }) else {
                    return self.huge(rng, k + 1);
                };
                let digits = format!("{}.{}", "9".repeat(10_000), "9".repeat(10_000));
                self.what = format!("{} := a JSON number of 20,000 digits", show_path(&p));
                self.set_raw(&p, digits.into_bytes());
            }
            4 => {
                let names: &[&str] = if self.flagship() {
                    &["sid", "key", "salt", "method", "v"]
                } else {
                    &["sid", "appkey"]
                };
                let name = *rng.pick(names);
                let n = if self.flagship() { BIG_IN_URL } else { BIG };
                self.set_sys(name, "x".repeat(n));
                self.what = format!("{name} := {n} × 'x'");
                match name {
                    "sid" => self.must(&[1], &[1020]),
                    "appkey" => self.must(&[], &[1021]),
                    "v" => self.must(&[8], &[]),
                    _ => self.must(&[1], &[]),
                }
            }
            _ => {
                if self.flagship() {
                    for i in 0..5000 {
                        self.sys.push(pair(&format!("x{i}"), "1"));
                    }
                    self.what = "5000 extra query parameters".into();
                } else {
                    let obj = self.doc.as_object_mut().unwrap();
                    for i in 0..5000 {
                        obj.insert(format!("x{i}"), json!("1"));
                    }
                    self.what = "5000 extra form fields".into();
                }
            }
        }
    }

    fn encoding(&mut self, rng: &mut Rng, k: usize) {
        let bad = rng.pick(BAD_UTF8).to_vec();
        let shown = short_bytes(&bad);
        let hex: String = bad.iter().map(|b| format!("%{b:02X}")).collect();
        if self.flagship() {
            match k % 7 {
                0 | 6 => {
                    let p = self.text_site(rng);
                    let mut raw = b"\"x".to_vec();
                    raw.extend_from_slice(&bad);
                    raw.push(b'"');
                    self.what = format!("{} := raw bytes {hex} in the JSON body", show_path(&p));
                    self.set_raw(&p, raw);
                    self.must(&[1], &[]);
                }
                1 => {
                    let text = self.render_json(&self.doc);
                    let mut utf16 = vec![0xFF, 0xFE];
                    for u in String::from_utf8_lossy(&text).encode_utf16() {
                        utf16.extend_from_slice(&u.to_le_bytes());
                    }
                    self.body = Some(utf16);
                    self.what = "body in UTF-16LE with a byte order mark".into();
                    self.must(&[1], &[]);
                }
                2 => {
                    let mut body = b"\xEF\xBB\xBF".to_vec();
                    body.extend(self.render_json(&self.doc));
                    self.body = Some(body);
                    self.what = "body starts with a UTF-8 byte order mark".into();
                    self.must(&[1], &[]);
                }
                3 => {
                    let names: &[&str] = if self.endpoint().paged {
                        &["sid", "method", "salt", "calc_total"]
                    } else {
                        &["sid", "method", "salt"]
                    };
                    let name = *rng.pick(names);
                    let mut v = self.sys_value(name);
                    v.extend_from_slice(&bad);
                    self.set_sys(name, v);
                    self.what = format!("query {name} ends with {hex}");
                    self.expect = Expect::Refused;
                }
                4 => {
                    self.sys.push(Pair {
                        name: bad.clone(),
                        value: b"1".to_vec(),
                    });
                    self.what = format!("query parameter named {hex}");
                    self.expect = Expect::Refused;
                }
                _ => {
                    let junk = *rng.pick(&["%ZZ", "%", "%F", "%%", "%G0"]);
                    self.tail = format!("&note={junk}").into_bytes();
                    self.what = format!("query note={junk} (not a percent escape)");
                }
            }
            return;
        }
        let fields = self.json_fields();
        let variant = match k % 8 {
            0 | 1 if fields.is_empty() => 2,
            v => v,
        };
        match variant {
            0 => {
                let f = rng.pick(&fields).clone();
                self.what = format!("{f}={hex} (percent-encoded invalid UTF-8)");
                self.set_raw(&[Seg::Key(f)], bad);
                self.expect = Expect::Refused;
            }
            1 => {
                let p = self
                    .pick_site(rng, |r, p, v| v.is_string() && p.len() > 1 && r.json_ctx(p))
                    .expect("JSON fields hold text");
                let mut raw = b"\"x".to_vec();
                raw.extend_from_slice(&bad);
                raw.push(b'"');
                self.what = format!(
                    "{} := \"x{hex}\" inside the JSON, percent-encoded",
                    show_path(&p)
                );
                self.set_raw(&p, raw);
                self.expect = Expect::Refused;
            }
            2 => {
                let p = self
                    .pick_site(rng, |_, p, v| v.is_string() && p.len() == 1)
                    .unwrap_or_else(|| vec![Seg::Key(fields[0].clone())]);
                let Some(Seg::Key(name)) = p.first().cloned() else {
                    unreachable!()
                };
                let mut v = self.render_field(&name);
                v.extend_from_slice(&bad);
                self.what = format!("{} ends with {hex} (percent-encoded)", show_path(&p));
                self.set_raw(&p, v);
                self.expect = Expect::Refused;
            }
            3 => {
                let p = self
                    .pick_site(rng, |_, p, v| v.is_string() && p.len() == 1)
                    .unwrap_or_else(|| vec![Seg::Key(fields[0].clone())]);
                let Some(Seg::Key(name)) = p.first().cloned() else {
                    unreachable!()
                };
                let mut v = self.render_field(&name);
                v.extend_from_slice(&bad);
                remove_at(&mut self.doc, &p);
                let mut tail = format!("&{name}=").into_bytes();
                encode_into(&mut tail, &v[..v.len() - bad.len()]);
                tail.extend_from_slice(&bad);
                self.tail = tail;
                self.what = format!("{name} ends with raw bytes {shown} in the form body");
                self.expect = Expect::Refused;
            }
            4 => {
                self.doc
                    .as_object_mut()
                    .unwrap()
                    .insert(TOKEN_KEY.into(), json!("1"));
                self.raw.push((TOKEN_KEY, bad));
                self.what = format!("a field named {hex}");
                self.expect = Expect::Refused;
            }
            5 => {
                let name = *rng.pick(&["sid", "appkey"]);
                let mut v = self.sys_value(name);
                v.extend_from_slice(&bad);
                self.set_sys(name, v);
                self.what = format!("{name} ends with {hex}");
                // Not UTF-8: refused naming the parameter, never repaired and looked up.
                self.must(&[], &[1002]);
            }
            6 => {
                self.path = format!("{}{hex}", self.path);
                self.what = format!("path /openapi2/{}", self.path);
                self.expect = Expect::Refused;
            }
            _ => {
                let junk = *rng.pick(&["%ZZ", "%", "%F", "%%", "%G0"]);
                self.tail = format!("&note={junk}").into_bytes();
                self.what = format!("note={junk} (not a percent escape)");
            }
        }
    }

    fn missing_dup(&mut self, rng: &mut Rng, k: usize) {
        let hostile = [
            "s2", "s0", "", "x", "\u{0}", "WH404", "1.1", "0", "-1", "k2", "zzz",
        ];
        if self.flagship() {
            let sys: &[&str] = &["sid", "key", "salt", "method", "v", "timestamp", "sign"];
            match k % 6 {
                0 => {
                    let paged = self.endpoint().paged;
                    let name = if paged && rng.chance(25) {
                        *rng.pick(&["page_size", "page_no"])
                    } else {
                        *rng.pick(sys)
                    };
                    match name {
                        "timestamp" => self.ts.clear(),
                        "sign" => self.sign = Sign::Missing,
                        _ => self.sys.retain(|p| p.name != name.as_bytes()),
                    }
                    self.what = format!("no {name}");
                    if name.starts_with("page") {
                        self.must(&[100], &[]);
                    } else {
                        self.must(&[1], &[]);
                    }
                }
                1 => {
                    let name = *rng.pick(&sys[..6]);
                    let v = match name {
                        "method" => format!("{}\u{0}", self.endpoint().name),
                        _ => rng.pick(&hostile).to_string(),
                    };
                    if name == "timestamp" {
                        self.ts.push(TsVal::Text(v.clone().into_bytes()));
                    } else {
                        self.sys.push(pair(name, &v));
                    }
                    self.what = format!("{name} given twice, again as {v:?}");
                }
                2 => self.remove_something(rng),
                3 => self.duplicate_key(rng),
                4 => {
                    self.body = Some(Vec::new());
                    self.what = "empty body".into();
                    self.must(&[1], &[]);
                }
                _ => {
                    self.body = Some(b" \r\n\t ".to_vec());
                    self.what = "body of whitespace".into();
                    self.must(&[1], &[]);
                }
            }
            return;
        }
        match k % 7 {
            0 => {
                let name = *rng.pick(&["sid", "appkey", "timestamp", "sign"]);
                match name {
                    "timestamp" => self.ts.clear(),
                    "sign" => self.sign = Sign::Missing,
                    _ => self.sys.retain(|p| p.name != name.as_bytes()),
                }
                self.what = format!("no {name}");
                self.must(&[], &[1001]);
            }
            1 => {
                let name = *rng.pick(&["sid", "appkey", "timestamp"]);
                let v = rng.pick(&hostile).to_string();
                if name == "timestamp" {
                    self.ts.push(TsVal::Text(v.clone().into_bytes()));
                } else {
                    self.sys.push(pair(name, &v));
                }
                self.what = format!("{name} given twice, again as {v:?}");
                self.must(&[], &[1002]);
            }
            2 | 3 => {
                let names: Vec<String> = self.doc.as_object().unwrap().keys().cloned().collect();
                let name = rng.pick(&names).clone();
                let v = self.render_field(&name);
                if k % 7 == 2 {
                    self.query.push(Pair {
                        name: name.clone().into_bytes(),
                        value: v,
                    });
                    self.what = format!("{name} in the query string and in the form");
                } else {
                    let mut tail = format!("&{name}=").into_bytes();
                    encode_into(&mut tail, &v);
                    self.tail = tail;
                    self.what = format!("{name} twice in the form");
                }
                self.must(&[], &[1002]);
            }
            4 | 5 => self.remove_something(rng),
            _ => self.duplicate_key(rng),
        }
    }

    fn remove_something(&mut self, rng: &mut Rng) {
        let p = self
            .pick_site(rng, |_, _, _| true)
            .expect("templates have fields");
        self.what = format!("no {}", show_path(&p));
        remove_at(&mut self.doc, &p);
    }

    /// An object key written twice in the JSON text, the second time with a hostile value.
    fn duplicate_key(&mut self, rng: &mut Rng) {
        let Some(p) = self.pick_site(rng, |r, p, _| {
            r.json_ctx(p) && p.len() > 1 && matches!(p.last(), Some(Seg::Key(_)))
        }) else {
            return self.remove_something(rng);
        };
        let Some(Seg::Key(key)) = p.last().cloned() else {
            unreachable!()
        };
        let v = rng
            .pick(&[
                json!("WH404\u{0}"),
                json!(""),
                json!(-1),
                Value::Null,
                json!([]),
                json!("x"),
            ])
            .clone();
        let parent = &p[..p.len() - 1];
        at_mut(&mut self.doc, parent)
            .as_object_mut()
            .unwrap()
            .insert(TOKEN_KEY.into(), v.clone());
        self.raw
            .push((TOKEN_KEY, serde_json::to_vec(&json!(key)).unwrap()));
        self.what = format!("{} twice, the second time {}", show_path(&p), short(&v));
    }

    fn timestamp(&mut self, rng: &mut Rng, k: usize) {
        let f = self.flagship();
        let (window, stale, bad, missing, dup): (i128, Vec<i64>, Vec<i64>, Vec<i64>, Vec<i64>) =
            if f {
                (120, vec![7], vec![1], vec![1], vec![])
            } else {
                (300, vec![1010], vec![1002], vec![1001], vec![1002])
            };
        let now = if f {
            now_ts()
        } else {
            chrono::Utc::now().timestamp()
        };
        let text = |s: &str| TsVal::Text(s.as_bytes().to_vec());
        let too_big: Vec<i64> = stale.iter().chain(&bad).copied().collect();
        let (ts, what, codes): (Vec<TsVal>, String, Vec<i64>) = match k % 22 {
            // Well outside the window: the server reads its clock a moment after the request
            // is rendered, so "window + 1" in the future could be in the window by then.
            0 => (
                vec![TsVal::Shift(-window - 60)],
                format!("now − {}", window + 60),
                stale.clone(),
            ),
            1 => (
                vec![TsVal::Shift(window + 60)],
                format!("now + {}", window + 60),
                stale.clone(),
            ),
            2 => (
                vec![TsVal::Shift(-(1i128 << 63))],
                "now − 2^63".into(),
                stale.clone(),
            ),
            3 => (
                vec![text(&i64::MAX.to_string())],
                "i64::MAX".into(),
                stale.clone(),
            ),
            4 => (
                vec![text(&i64::MIN.to_string())],
                "i64::MIN".into(),
                stale.clone(),
            ),
            5 => (vec![text("-1")], "-1".into(), stale.clone()),
            6 => (vec![text("0")], "0".into(), stale.clone()),
            7 => (vec![text("-0")], "-0".into(), stale.clone()),
            8 => (
                vec![TsVal::Shift(-(1i128 << 64))],
                "now − 2^64".into(),
                too_big.clone(),
            ),
            9 => (
                vec![text("9999999999999999999999")],
                "9999999999999999999999".into(),
                too_big.clone(),
            ),
            10 => (vec![text("1.5")], "1.5".into(), bad.clone()),
            11 => (
                vec![text(&format!(" {now}"))],
                "now with a leading space".into(),
                bad.clone(),
            ),
            12 => (
                vec![text(&format!("{now}\u{0}"))],
                "now followed by NUL".into(),
                bad.clone(),
            ),
            13 => (vec![text("1e9")], "1e9".into(), bad.clone()),
            14 => (vec![text("0x1A")], "0x1A".into(), bad.clone()),
            15 => (
                vec![text("１２３")],
                "full-width digits".into(),
                bad.clone(),
            ),
            16 => (vec![text(&format!("{now}.0"))], "now.0".into(), bad.clone()),
            17 => (vec![text("")], "empty".into(), missing.clone()),
            18 => {
                // The other edition's epoch, or milliseconds.
                let other = if f {
                    now + 1_325_347_200
                } else {
                    now - 1_325_347_200
                };
                (
                    vec![text(&other.to_string())],
                    "the other edition's epoch".into(),
                    stale.clone(),
                )
            }
            19 => (
                vec![text(&(now * 1000).to_string())],
                "milliseconds".into(),
                stale.clone(),
            ),
            20 => {
                let shift = *rng.pick(&[-100_000i128, 100_000, -(1i128 << 62)]);
                (
                    vec![TsVal::Now, TsVal::Shift(shift)],
                    format!("given twice: now and now{shift:+}"),
                    dup,
                )
            }
            _ => (vec![], "missing".into(), missing.clone()),
        };
        self.ts = ts;
        self.what = format!("timestamp {what}");
        if codes.is_empty() {
            self.expect = Expect::Any;
        } else {
            self.expect = Expect::OneOf(codes);
        }
    }

    fn version(&mut self, rng: &mut Rng, k: usize) {
        if self.flagship() {
            let versions = [
                "1.1", "2.0", "1", "1.00", "v1.0", " 1.0", "1.0 ", "1.0\u{0}", "１.０", "1,0",
                "0.9", "1.0.0", "V1.0", "1.0;2.0",
            ];
            if k % 15 == 14 {
                if rng.chance(50) {
                    self.sys.retain(|p| p.name != b"v");
                    self.what = "no v".into();
                } else {
                    self.set_sys("v", "");
                    self.what = "v empty".into();
                }
                self.must(&[1], &[]);
            } else {
                let v = versions[k % versions.len()];
                self.set_sys("v", v);
                self.what = format!("v={v:?}");
                if v.chars().any(char::is_control) {
                    self.must(&[1], &[]);
                } else {
                    self.must(&[8], &[]);
                }
            }
            return;
        }
        let name = self.endpoint().name;
        let stem = name.trim_end_matches(".php");
        let paths = [
            stem.to_string(),
            format!("{name}5"),
            name.to_uppercase(),
            format!("{name}%00"),
            format!("{name}%20"),
            format!("..%2F{name}"),
            format!("{stem}.json"),
            format!("v2.{name}"),
            format!("{name}%2F"),
            format!("{name}.php"),
            format!("%20{name}"),
            format!("{stem}%00.php"),
            format!("{stem}.PHP"),
            format!("{name}%0A"),
            format!("{stem}%E2%80%8B.php"),
        ];
        self.path = paths[k % paths.len()].clone();
        self.what = format!("path /openapi2/{}", self.path);
        self.must(&[], &[1003]);
    }

    fn signature(&mut self, k: usize) {
        self.sign = SIGN_FAULTS[k % SIGN_FAULTS.len()];
        self.what = format!("sign {:?}", self.sign);
        match self.sign {
            Sign::Upper => {}
            Sign::Missing | Sign::Empty => self.must(&[1], &[1001]),
            Sign::BadFirst | Sign::Nul => self.must(&[1], &[1002]),
            _ => self.must(&[1], &[1022]),
        }
    }

    // ---- rendering ----

    fn render_json(&self, v: &Value) -> Vec<u8> {
        let mut text = serde_json::to_vec(v).unwrap();
        for (token, bytes) in &self.raw {
            text = replace_bytes(&text, format!("\"{token}\"").as_bytes(), bytes);
        }
        text
    }

    /// One enterprise form field's value as sent.
    fn render_field(&self, name: &str) -> Vec<u8> {
        let v = &self.doc[name];
        match v {
            Value::String(s) => match self.raw.iter().find(|(t, _)| t == s) {
                Some((_, bytes)) => bytes.clone(),
                None => s.clone().into_bytes(),
            },
            _ => self.render_json(v),
        }
    }

    fn doc_pairs(&self) -> Vec<Pair> {
        self.doc
            .as_object()
            .unwrap()
            .keys()
            .map(|k| Pair {
                name: match self.raw.iter().find(|(t, _)| t == k) {
                    Some((_, bytes)) => bytes.clone(),
                    None => k.clone().into_bytes(),
                },
                value: self.render_field(k),
            })
            .collect()
    }

    fn ts_pairs(&self) -> Vec<Pair> {
        let now = match self.endpoint().edition {
            Flagship => now_ts(),
            Enterprise => chrono::Utc::now().timestamp(),
        };
        self.ts
            .iter()
            .map(|t| match t {
                TsVal::Now => pair("timestamp", now.to_string()),
                TsVal::Shift(d) => pair("timestamp", (i128::from(now) + d).to_string()),
                TsVal::Text(b) => pair("timestamp", b),
            })
            .collect()
    }

    /// The signatures to send, given the valid one and how to compute others.
    fn signs(&self, good: String, other: impl Fn(&str, bool) -> String) -> Vec<String> {
        let flip = |s: &str| {
            let mut c: Vec<char> = s.chars().collect();
            c[0] = if c[0] == '0' { '1' } else { '0' };
            c.into_iter().collect::<String>()
        };
        match self.sign {
            Sign::Valid => vec![good],
            Sign::Missing => vec![],
            Sign::Flip => vec![flip(&good)],
            Sign::Upper => vec![good.to_uppercase()],
            Sign::Empty => vec![String::new()],
            Sign::Truncated => vec![good[..31].to_string()],
            Sign::Extended => vec![format!("{good}0")],
            Sign::Nul => vec![format!("{good}\u{0}")],
            Sign::Huge => vec!["f".repeat(if self.flagship() { BIG_IN_URL } else { BIG })],
            Sign::WrongSecret => vec![other("sec2", false)],
            Sign::OtherEdition => vec![other(S1.secret, true)],
            Sign::OtherBody => vec![other("", false)],
            Sign::BadFirst => vec![flip(&good), good],
        }
    }

    fn render(&self, base: &str) -> Wire {
        match self.endpoint().edition {
            Flagship => {
                let mut q: Vec<Pair> = self.sys.clone();
                q.extend(self.ts_pairs());
                // In (name, value) order, so that the harness's signature (sorted pairs) and the
                // server's (sorted names, stable) agree even for a parameter given twice.
                q.sort_by_cached_key(|p| decode_pairs(&encode_pairs(std::slice::from_ref(p))));
                let body = match &self.body {
                    Some(b) => b.clone(),
                    None => self.render_json(&self.doc),
                };
                let mut query = encode_pairs(&q);
                query.extend_from_slice(&self.tail);
                let decoded: Vec<(String, String)> = decode_pairs(&query)
                    .into_iter()
                    .filter(|(k, _)| k != "sign")
                    .collect();
                let params: Vec<(&str, String)> = decoded
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect();
                let text = String::from_utf8_lossy(&body);
                let good = flagship_sign(S1.secret, &params, &text);
                let signs = self.signs(good, |secret, other_edition| {
                    if other_edition {
                        enterprise_sign(&params, secret)
                    } else if secret.is_empty() {
                        flagship_sign(S1.secret, &params, &format!("{text} "))
                    } else {
                        flagship_sign(secret, &params, &text)
                    }
                });
                for s in signs {
                    append_pair(&mut query, &pair("sign", s));
                }
                Wire {
                    url: format!("{base}/openapi?{}", String::from_utf8(query).unwrap()),
                    body,
                }
            }
            Enterprise => {
                let mut query = self.query.clone();
                let mut form = Vec::new();
                let sys_in_query = self.body.is_some();
                let sys_to = if sys_in_query { &mut query } else { &mut form };
                sys_to.extend(self.sys.clone());
                sys_to.extend(self.ts_pairs());
                let mut body = match &self.body {
                    Some(b) => b.clone(),
                    None => {
                        form.extend(self.doc_pairs());
                        let mut b = encode_pairs(&form);
                        b.extend_from_slice(&self.tail);
                        b
                    }
                };
                let mut q = encode_pairs(&query);
                let decoded: Vec<(String, String)> = decode_pairs(&q)
                    .into_iter()
                    .chain(decode_pairs(&body))
                    .filter(|(k, _)| k != "sign")
                    .collect();
                let params: Vec<(&str, String)> = decoded
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect();
                let good = enterprise_sign(&params, S1.secret);
                let signs = self.signs(good, |secret, other_edition| {
                    if other_edition {
                        flagship_sign(secret, &params, "")
                    } else if secret.is_empty() {
                        let mut more = params.clone();
                        more.push(("note", "signed but not sent".into()));
                        enterprise_sign(&more, S1.secret)
                    } else {
                        enterprise_sign(&params, secret)
                    }
                });
                for s in signs {
                    let to = if sys_in_query { &mut q } else { &mut body };
                    append_pair(to, &pair("sign", s));
                }
                let q = String::from_utf8(q).unwrap();
                Wire {
                    url: format!(
                        "{base}/openapi2/{}{}{q}",
                        self.path,
                        if q.is_empty() { "" } else { "?" }
                    ),
                    body,
                }
            }
        }
    }

    async fn send(&self, http: &reqwest::Client, base: &str) -> Outcome {
        let wire = self.render(base);
        let verdict = match http
            .post(&wire.url)
            .header("Content-Type", self.content_type)
            .body(wire.body.clone())
            .send()
            .await
        {
            Err(e) => Err(format!("no answer: {}", error_chain(&e))),
            Ok(resp) => {
                let status = resp.status().as_u16();
                match resp.bytes().await {
                    Ok(b) => judge(self.endpoint().edition, &self.expect, status, &b),
                    Err(e) => Err(format!("answer cut off: {}", error_chain(&e))),
                }
            }
        };
        Outcome {
            ep: self.ep,
            cat: self.cat,
            valid_sign: self.sign == Sign::Valid,
            failure: verdict.err().map(|why| {
                format!(
                    "{} [{:?}] {}\n    {}\n    answer: {why}",
                    self.endpoint().name,
                    self.cat,
                    trunc(&self.what, 200),
                    wire.summary()
                )
            }),
        }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = trunc(&e.to_string(), 120);
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(&format!(": {}", trunc(&c.to_string(), 120)));
        cur = c.source();
    }
    s
}

/// `old` with `c` put in place of it, before it, after it or in its middle.
fn splice(old: &str, c: &str, rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => c.to_string(),
        1 => format!("{c}{old}"),
        2 => format!("{old}{c}"),
        _ => {
            let mid = old.chars().count() / 2;
            let head: String = old.chars().take(mid).collect();
            let rest: String = old.chars().skip(mid).collect();
            format!("{head}{c}{rest}")
        }
    }
}

/// JSON text made invalid, and how.
fn break_json(text: &[u8], rng: &mut Rng, k: usize) -> (Vec<u8>, String) {
    let t = text.to_vec();
    let cat = |a: &[u8], b: &[u8]| [a, b].concat();
    let first_quote = t.iter().position(|b| *b == b'"').unwrap_or(0);
    let insert = |at: usize, what: &[u8]| [&t[..at], what, &t[at..]].concat();
    match k % 16 {
        0 | 15 => {
            let at = 1 + rng.below(t.len() - 1);
            (
                t[..at].to_vec(),
                format!("cut after {at} of {} bytes", t.len()),
            )
        }
        1 => (cat(&t, b"x"), "with trailing garbage".into()),
        2 => (cat(&t, b"]"), "with an extra bracket".into()),
        3 => (Vec::new(), "empty".into()),
        4 => (
            t.iter()
                .map(|b| if *b == b'"' { b'\'' } else { *b })
                .collect(),
            "with single quotes".into(),
        ),
        5 => (insert(t.len() - 1, b","), "with a trailing comma".into()),
        6 => (
            rng.pick(&[
                &b"NaN"[..],
                b"[NaN]",
                b"Infinity",
                b"[-Infinity]",
                b"undefined",
            ])
            .to_vec(),
            "NaN/Infinity/undefined".into(),
        ),
        7 => (cat(b"/* c */", &t), "with a comment".into()),
        8 => (
            insert(first_quote + 1, b"\\x41"),
            "with a \\x escape".into(),
        ),
        9 => (
            insert(first_quote + 1, b"\\ud800"),
            "with a lone surrogate escape".into(),
        ),
        10 => (
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "arrays nested 100,000 deep".into(),
        ),
        11 => (
            "[".repeat(100_000).into_bytes(),
            "100,000 open brackets".into(),
        ),
        12 => (cat(&t, b"\x00"), "followed by a NUL byte".into()),
        13 => (cat(&t, &t), "twice".into()),
        _ => {
            let unquoted = String::from_utf8_lossy(&t).replacen("\":", ":", 1);
            let unquoted = unquoted.replacen('"', "", 1);
            (unquoted.into_bytes(), "with an unquoted key".into())
        }
    }
}

/// Checks one answer: an envelope of the edition, not a server failure, as expected.
fn judge(edition: Edition, expect: &Expect, status: u16, body: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(body);
    if status != 200 {
        return Err(format!("HTTP {status}: {}", trunc(&text, 200)));
    }
    let v: Value =
        serde_json::from_slice(body).map_err(|_| format!("not JSON: {}", trunc(&text, 200)))?;
    let (field, failure, documented): (&str, i64, &[i64]) = match edition {
        Flagship => ("status", 99, &[0, 1, 7, 8, 100]),
        Enterprise => (
            "code",
            9999,
            &[
                0, 1001, 1002, 1003, 1004, 1010, 1020, 1021, 1022, 2000, 2005,
            ],
        ),
    };
    let shown = trunc(&text, 300);
    let Some(code) = v[field].as_i64() else {
        return Err(format!("no integer {field}: {shown}"));
    };
    if code == failure {
        return Err(format!("server failure {field} {code}: {shown}"));
    }
    if !documented.contains(&code) {
        return Err(format!("undocumented {field} {code}: {shown}"));
    }
    let message = v["message"].as_str().unwrap_or_default();
    match (edition, code) {
        (Flagship, 0) if v.get("data").is_none() => return Err(format!("no data: {shown}")),
        (Enterprise, 0) if message != "success" => {
            return Err(format!("success without message \"success\": {shown}"))
        }
        (_, c) if c != 0 && message.is_empty() => {
            return Err(format!("refusal without a message: {shown}"))
        }
        _ => {}
    }
    match expect {
        Expect::Any => Ok(()),
        Expect::Refused if code != 0 => Ok(()),
        Expect::Refused => Err(format!("accepted, must be refused: {shown}")),
        Expect::OneOf(codes) if codes.contains(&code) => Ok(()),
        Expect::OneOf(codes) => Err(format!(
            "{field} {code}, expected one of {codes:?}: {shown}"
        )),
    }
}

/// Sends every request of the plan, `CONCURRENCY` at a time, in a shuffled order.
async fn send_all(base: &str, seed: u64) -> Vec<Outcome> {
    let plan = Arc::new(plan());
    let mut order: Vec<usize> = (0..plan.len()).collect();
    Rng::new(seed).shuffle(&mut order);
    let order = Arc::new(order);
    let next = Arc::new(AtomicUsize::new(0));
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (plan, order, next, http, base) = (
            plan.clone(),
            order.clone(),
            next.clone(),
            http.clone(),
            base.to_string(),
        );
        workers.push(tokio::spawn(async move {
            let mut out = Vec::new();
            while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                let (ep, cat, k) = plan[i];
                let req = Req::generate(seed, i, ep, cat, k);
                out.push(req.send(&http, &base).await);
            }
            out
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    all
}

dual_test! {
async fn hostile_requests_are_refused_in_an_envelope_and_write_nothing() {
    let app = TestApp::spawn().await;
    let seed = crate::hardening::seed_from_env("OPENWDT_HOSTILE_SEED", 20_251_123);
    let before = app.counts().await;
    let started = std::time::Instant::now();
    let outcomes = send_all(&app.base, seed).await;
    let took = started.elapsed();

    let mut per_cat: BTreeMap<Cat, (usize, usize)> = BTreeMap::new();
    let mut per_ep: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in &outcomes {
        let failed = usize::from(o.failure.is_some());
        let c = per_cat.entry(o.cat).or_default();
        c.0 += 1;
        c.1 += failed;
        let e = per_ep.entry(ENDPOINTS[o.ep].name).or_default();
        e.0 += 1;
        e.1 += failed;
    }
    let valid = outcomes.iter().filter(|o| o.valid_sign).count();
    eprintln!(
        "{} hostile requests in {took:?}, {valid} validly signed; per category (sent, failed): {per_cat:?}; per endpoint: {per_ep:?}",
        outcomes.len()
    );
    assert!(outcomes.len() >= 5000, "only {} requests", outcomes.len());
    assert!(
        valid * 10 >= outcomes.len() * 7,
        "at least 70% must be validly signed to reach the business checks: {valid}"
    );
    assert_eq!(per_ep.len(), ENDPOINTS.len(), "every endpoint is attacked");

    let failures: Vec<&String> = outcomes.iter().filter_map(|o| o.failure.as_ref()).collect();
    let show: usize = std::env::var("OPENWDT_HOSTILE_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut report = String::new();
    for f in failures.iter().take(show) {
        report.push_str(&format!("\n  {f}"));
    }
    if !failures.is_empty() {
        // Shown before the checks below, which may fail first if the server is hurt.
        eprintln!(
            "{} of {} hostile requests were answered wrongly (seed {seed}); the first {}:{report}",
            failures.len(),
            outcomes.len(),
            failures.len().min(show)
        );
    }

    // The server is alive, answers a normal call as before, wrote nothing, and its ledger holds.
    let health = app
        .http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(health.ok(), Some(200), "GET /healthz after the hostile requests");
    assert_eq!(app.stock("WH01", "A", false).await, "10.0000");
    let after = app.counts().await;
    let written: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|((table, b), (_, a))| format!("{table}: {b} → {a} rows"))
        .collect();
    app.assert_ledger_sound().await;
    assert!(
        failures.is_empty() && written.is_empty(),
        "hostile requests wrote: {written:?}; {} of {} were answered wrongly (seed {seed}); the first {}:{report}",
        failures.len(),
        outcomes.len(),
        failures.len().min(show)
    );
    assert_eq!(before.len(), after.len());
}
}
