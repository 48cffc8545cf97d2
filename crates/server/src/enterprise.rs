//! The enterprise gateway: `POST /openapi2/<name>.php`, form-urlencoded fields (query-string
//! fields accepted too), business objects as JSON strings, answers `{"code":0,"message":…}`
//! with business fields beside them.
//!
//! The vendor documents no codes besides 0 and 2005; the ones chosen here are listed, with
//! their meaning, in docs/enterprise-codes.md and must stay stable.

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use openwdt_core::auth::{AuthFailure, Caller};
use openwdt_core::query::{Page, StockFilter};
use openwdt_core::{clock, CoreError};
use openwdt_wire::enterprise as wire;
use openwdt_wire::fields::shown;
use serde_json::{json, Map, Value};

use crate::Shared;

pub const CODE_MISSING: i64 = 1001;
pub const CODE_MALFORMED: i64 = 1002;
pub const CODE_UNKNOWN_ENDPOINT: i64 = 1003;
pub const CODE_TOO_LARGE: i64 = 1004;
pub const CODE_TIMESTAMP: i64 = 1010;
pub const CODE_UNKNOWN_SID: i64 = 1020;
pub const CODE_UNKNOWN_APPKEY: i64 = 1021;
pub const CODE_BAD_SIGN: i64 = 1022;
pub const CODE_BUSINESS: i64 = 2000;
pub const CODE_SERVER: i64 = 9999;

struct Fail(i64, String);

impl From<CoreError> for Fail {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Rejected(list) => Fail(CODE_BUSINESS, list.join("; ")),
            other => {
                tracing::error!(error = %other, "request failed inside the server");
                Fail(CODE_SERVER, "服务器内部错误".into())
            }
        }
    }
}

type BoxFut<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
type Handler = for<'a> fn(&'a Ctx<'a>) -> BoxFut<'a, Result<Map<String, Value>, Fail>>;

const ENDPOINTS: &[(&str, Handler)] = &[("stock_query.php", |c| Box::pin(stock_query(c)))];

struct Ctx<'a> {
    state: &'a crate::AppState,
    caller: Caller,
    params: Vec<(String, String)>,
}

impl Ctx<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

pub(crate) async fn handle(
    State(s): State<Shared>,
    Path(name): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let answer = match run(&s.0, &name, q.as_deref().unwrap_or(""), &headers, body).await {
        Ok(fields) => wire::ok(fields),
        Err(Fail(code, msg)) => wire::error(code, &msg),
    };
    Json(answer).into_response()
}

async fn run(
    state: &crate::AppState,
    name: &str,
    raw_query: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Map<String, Value>, Fail> {
    let limit = state.config.body_limit;
    let body = crate::read_body(headers, body, limit)
        .await
        .map_err(|_| Fail(CODE_TOO_LARGE, format!("请求体超过上限 {limit} 字节")))?;
    let malformed = |what: &str| Fail(CODE_MALFORMED, format!("参数格式错误: {what}"));
    let mut params: Vec<(String, String)> =
        serde_urlencoded::from_str(raw_query).map_err(|_| malformed("查询串无法解析"))?;
    let form: Vec<(String, String)> =
        serde_urlencoded::from_bytes(&body).map_err(|_| malformed("请求体不是 form-urlencoded"))?;
    for (k, v) in form {
        if params.iter().any(|(pk, _)| *pk == k) {
            return Err(malformed(&format!("参数 {k} 重复")));
        }
        params.push((k, v));
    }
    let get = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    for n in ["sid", "appkey", "timestamp", "sign"] {
        if get(n).is_none_or(str::is_empty) {
            return Err(Fail(CODE_MISSING, format!("缺少必要请求参数【 {n} 】")));
        }
    }
    let p = |n: &str| get(n).unwrap_or_default();
    let ts: i64 = p("timestamp")
        .parse()
        .map_err(|_| malformed(&format!("timestamp={}", shown(p("timestamp")))))?;
    if !wire::timestamp_fresh(ts, chrono::Utc::now().timestamp()) {
        return Err(Fail(
            CODE_TIMESTAMP,
            format!(
                "时间戳错误: timestamp={ts} 与服务器时间相差超过 {} 秒",
                wire::TIMESTAMP_WINDOW_SECS
            ),
        ));
    }
    let creds = match state.store.app_credentials(p("sid"), p("appkey")).await? {
        Ok(c) => c,
        Err(AuthFailure::UnknownSid) => {
            return Err(Fail(
                CODE_UNKNOWN_SID,
                format!("卖家账号 sid 不存在: {}", shown(p("sid"))),
            ))
        }
        Err(AuthFailure::UnknownKey) => {
            return Err(Fail(
                CODE_UNKNOWN_APPKEY,
                format!("接口账号 appkey 不存在: {}", shown(p("appkey"))),
            ))
        }
    };
    let expected = wire::sign(
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &creds.secret,
    );
    if !openwdt_wire::digest::sign_matches(&expected, p("sign")) {
        return Err(Fail(CODE_BAD_SIGN, "签名错误: sign 不正确".into()));
    }
    let Some((_, handler)) = ENDPOINTS.iter().find(|(n, _)| *n == name) else {
        return Err(Fail(
            CODE_UNKNOWN_ENDPOINT,
            format!("接口不存在: openapi2/{}", shown(name)),
        ));
    };
    let ctx = Ctx {
        state,
        caller: creds.caller,
        params,
    };
    handler(&ctx).await
}

fn biz(msg: impl Into<String>) -> Fail {
    Fail(CODE_BUSINESS, msg.into())
}

/// `page_no` from 0 (default 0) and `page_size` 1..=100 (default 40), as the edition documents.
fn page(c: &Ctx<'_>) -> Result<Page, Fail> {
    let page_no = match c.get("page_no") {
        Some(v) => v.parse().ok().filter(|n: &i64| *n >= 0).ok_or_else(|| {
            Fail(
                CODE_MALFORMED,
                format!("参数格式错误: page_no={}", shown(v)),
            )
        })?,
        None => 0,
    };
    let page_size = match c.get("page_size") {
        Some(v) => v
            .parse()
            .ok()
            .filter(|n: &i64| (1..=100).contains(n))
            .ok_or_else(|| {
                Fail(
                    CODE_MALFORMED,
                    format!("参数格式错误: page_size={} (1-100)", shown(v)),
                )
            })?,
        None => 40,
    };
    Ok(Page { page_no, page_size })
}

/// A closed `start_time`..`end_time` window of at most 30 days, if given.
fn window(c: &Ctx<'_>) -> Result<Option<(i64, i64)>, Fail> {
    match (c.get("start_time"), c.get("end_time")) {
        (None, None) => Ok(None),
        (Some(s), Some(e)) => {
            let parse = |n: &str, v: &str| {
                clock::parse_datetime(v).ok_or_else(|| {
                    Fail(
                        CODE_MALFORMED,
                        format!("参数格式错误: {n}={} (yyyy-MM-dd HH:mm:ss)", shown(v)),
                    )
                })
            };
            let (from, to) = (parse("start_time", s)?, parse("end_time", e)?);
            if to < from || to - from > 30 * 86_400_000 {
                return Err(biz("start_time 与 end_time 跨度须在 0 到 30 天之间"));
            }
            Ok(Some((from, to)))
        }
        _ => Err(Fail(
            CODE_MISSING,
            "start_time 和 end_time 须同时传入".into(),
        )),
    }
}

/// Decimals are answered as strings with four decimals, as this edition's PHP back end does.
fn dec(d: openwdt_core::Dec4) -> Value {
    json!(d.to_string())
}

async fn stock_query(c: &Ctx<'_>) -> Result<Map<String, Value>, Fail> {
    let page = page(c)?;
    let times = window(c)?;
    let spec_no = c.get("spec_no").map(str::to_string);
    if times.is_none() && spec_no.is_none() {
        return Err(Fail(
            CODE_MISSING,
            "缺少查询条件: start_time/end_time 或 spec_no".into(),
        ));
    }
    let warehouse_no = c.get("warehouse_no").map(str::to_string);
    if let Some(w) = &warehouse_no {
        if !c.state.store.warehouse_visible(&c.caller, w).await? {
            return Err(biz(format!("仓库编号为 {} 的仓库不存在或无权限", shown(w))));
        }
    }
    // This edition keeps defect goods in defect warehouses: rows are the normal stock of a
    // warehouse+spec.
    let f = StockFilter {
        warehouse_no,
        spec_nos: spec_no.into_iter().collect(),
        modified_from: times.map(|t| t.0),
        modified_to: times.map(|t| t.1),
        defect: Some(false),
    };
    let (rows, total) = c.state.store.search_stock(&c.caller, &f, page).await?;
    let zero = dec(openwdt_core::Dec4::ZERO);
    let stocks: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            let t = |v: Option<i64>| json!(v.map(clock::format_millis).unwrap_or_default());
            let mut m = json!({
                "spec_no": r.spec_no, "spec_name": r.spec_name, "spec_code": "", "barcode": r.barcode,
                "goods_no": r.goods_no, "goods_name": r.goods_name, "warehouse_no": r.warehouse_no,
                "warehouse_name": r.warehouse_name, "warehouse_type": 1, "stock_num": dec(r.num),
                "avaliable_num": dec(r.num), "created": clock::format_millis(r.created),
                "modified": clock::format_millis(r.modified), "last_pd_time": t(r.last_pd_time),
                "last_inout_time": t(r.last_inout_time), "status": 1, "remark": "", "img_url": "",
            });
            for k in ["lock_num", "order_num", "sending_num", "purchase_num", "transfer_num", "to_transfer_num", "to_purchase_num", "purchase_arrive_num", "return_num", "refund_num"] {
                m[k] = zero.clone();
            }
            m
        })
        .collect();
    let mut out = Map::new();
    // The edition answers total_count on the first page only.
    if page.page_no == 0 {
        out.insert("total_count".into(), json!(total));
    }
    out.insert("stocks".into(), Value::Array(stocks));
    Ok(out)
}
