//! The enterprise gateway: `POST /openapi2/<name>.php`, form-urlencoded fields (query-string
//! fields accepted too), business objects as JSON strings, answers `{"code":0,"message":…}`
//! with business fields beside them.
//!
//! The vendor documents no codes besides 0 and 2005; the ones chosen here are listed, with
//! their meaning, in docs/enterprise-codes.md and must stay stable.

use std::future::Future;
use std::sync::LazyLock;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use openwdt_core::auth::{AuthFailure, Caller};
use openwdt_core::problem::{Field, Kind as ProblemKind, Problem};
use openwdt_core::query::Page;
use openwdt_core::{clock, CoreError};
use openwdt_wire::endpoint::{decode_form, Decl, Endpoint, Kind};
use openwdt_wire::enterprise as wire;
use openwdt_wire::fields::{int_list, list_len, shown};
use openwdt_wire::text::parse_form;
use serde_json::{json, Map, Value};

use crate::Shared;

use wire::{
    CODE_BAD_SIGN, CODE_BUSINESS, CODE_DUPLICATE, CODE_MALFORMED, CODE_MISSING, CODE_SERVER,
    CODE_TIMESTAMP, CODE_TOO_LARGE, CODE_UNKNOWN_APPKEY, CODE_UNKNOWN_ENDPOINT, CODE_UNKNOWN_SID,
};

/// A failure answer: code, message, and fields beside them (the existing document number of
/// a duplicate).
pub(crate) struct Fail(pub i64, pub String, pub Map<String, Value>);

pub(crate) fn fail(code: i64, msg: String) -> Fail {
    Fail(code, msg, Map::new())
}

impl From<CoreError> for Fail {
    fn from(e: CoreError) -> Self {
        match e {
            // Rendered without an operation's names: each field's domain name.
            CoreError::Problems(list) => problems(&list, &DOMAIN_NAMES),
            // The handler names the number (stockin_no, purchase_no, pd_no); see `dup_as`.
            dup @ CoreError::Duplicate { .. } => duplicate(dup, &DOMAIN_NAMES),
            other => {
                tracing::error!(error = %other, "request failed inside the server");
                fail(CODE_SERVER, "服务器内部错误".into())
            }
        }
    }
}

/// What an operation works with: the caller, and the page of a paged query.
pub(crate) struct Ctx<'a> {
    pub state: &'a crate::AppState,
    pub caller: Caller,
    page: Option<Page>,
}

impl Ctx<'_> {
    /// The page of a paged query (`page_no` from 0, default 0; `page_size` 1..=100, default 40).
    pub fn page(&self) -> Page {
        self.page.unwrap_or(Page {
            page_no: 0,
            page_size: 40,
        })
    }
}

/// An enterprise operation: the declared endpoint's request in, its answer out. The operations
/// live in `crate::ops`, by feature, beside the flagship edition's side of the same vendor
/// operation.
pub(crate) trait Op: Endpoint {
    fn run<'a>(
        c: &'a Ctx<'a>,
        req: Self::Request,
    ) -> impl Future<Output = Result<Self::Answer, Fail>> + Send + 'a;
}

type BoxFut<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
type Handler =
    for<'a> fn(&'a Ctx<'a>, &'a [(String, String)]) -> BoxFut<'a, Result<Map<String, Value>, Fail>>;

struct Route {
    decl: Decl,
    handler: Handler,
}

fn route<E: Op>() -> Route
where
    E::Request: 'static,
{
    Route {
        decl: Decl::of::<E>(),
        handler: |c, fields| {
            Box::pin(async move {
                let req = decode_form::<E>(fields).map_err(|e| {
                    let at = if e.path.is_empty() {
                        String::new()
                    } else {
                        format!("{}: ", e.path)
                    };
                    fail(CODE_MALFORMED, format!("参数格式错误: {at}{}", e.message))
                })?;
                // A keyed push's duplicate answers the existing number under its declared field.
                let answer = E::run(c, req).await.map_err(|mut f| {
                    if let Kind::KeyedPush { number_field, .. } = E::KIND {
                        if let Some(v) = f.2.remove("existing_no") {
                            f.2.insert(number_field.into(), v);
                        }
                    }
                    f
                })?;
                answer_fields(&answer)
            })
        },
    }
}

/// The declarations this gateway serves.
#[cfg(test)]
pub(crate) fn served() -> Vec<Decl> {
    ROUTES.iter().map(|r| r.decl).collect()
}

/// Every enterprise endpoint served, from its declaration.
static ROUTES: LazyLock<Vec<Route>> = LazyLock::new(|| {
    use openwdt_wire::api::enterprise as e;
    use openwdt_wire::api::master::enterprise as m;
    vec![
        route::<e::StockQueryCall>(),
        route::<e::StockSyncByPdCall>(),
        route::<e::PurchaseOrderPushCall>(),
        route::<e::PurchaseOrderQueryCall>(),
        route::<e::StockinPurchasePushCall>(),
        route::<e::StockinOrderQueryPurchaseCall>(),
        // Cancellations and stocktake queries (issue 11).
        route::<openwdt_wire::api::cancel::enterprise::PurchaseOrderEndCall>(),
        route::<openwdt_wire::api::stockpd::enterprise::StockPdOrderQueryCall>(),
        // Master data: goods, warehouses, providers.
        route::<m::GoodsPushCall>(),
        route::<m::GoodsQueryCall>(),
        route::<m::WarehouseQueryCall>(),
        route::<m::ProviderCreateCall>(),
        route::<m::ProviderQueryCall>(),
        route::<openwdt_wire::api::transfer::enterprise::StockTransferPushCall>(),
        route::<openwdt_wire::api::transfer::enterprise::StockTransferQueryCall>(),
        route::<openwdt_wire::api::transfer::enterprise::StockoutTransferPushCall>(),
        route::<openwdt_wire::api::transfer::enterprise::StockinTransferPushCall>(),
        route::<openwdt_wire::api::moves::enterprise::StockinOrderQueryCall>(),
        route::<openwdt_wire::api::moves::enterprise::StockoutOrderQueryCall>(),
        route::<openwdt_wire::api::other::enterprise::StockinOrderPushCall>(),
        route::<openwdt_wire::api::other::enterprise::StockoutOrderPushCall>(),
        route::<openwdt_wire::api::preturn::enterprise::ReturnPushCall>(),
        route::<openwdt_wire::api::preturn::enterprise::ReturnQueryCall>(),
        route::<openwdt_wire::api::preturn::enterprise::ReturnEndCall>(),
        route::<openwdt_wire::api::preturn::enterprise::ReturnOutPushCall>(),
        route::<openwdt_wire::api::preturn::enterprise::ReturnOutQueryCall>(),
    ]
});

pub(crate) async fn handle(
    State(s): State<Shared>,
    uri: Uri,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // The endpoint name as sent, decoded strictly: a name that is not UTF-8 stays in its
    // encoded form, matches no endpoint and is answered 1003 in the envelope (axum's path
    // extractor would answer a bare HTTP 400).
    let raw = uri.path().trim_start_matches("/openapi2/");
    let name = openwdt_wire::text::path_segment(raw).unwrap_or_else(|| raw.to_string());
    let answer = match run(&s.0, &name, q.as_deref().unwrap_or(""), &headers, body).await {
        Ok(fields) => wire::ok(fields),
        Err(Fail(code, msg, extra)) => {
            let mut v = wire::error(code, &msg);
            if let Value::Object(m) = &mut v {
                m.extend(extra);
            }
            v
        }
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
    let body = state
        .read_body(headers, body)
        .await
        .map_err(|e| fail(CODE_TOO_LARGE, e.message()))?;
    let malformed = |what: &str| fail(CODE_MALFORMED, format!("参数格式错误: {what}"));
    let mut params =
        parse_form(raw_query.as_bytes()).map_err(|e| malformed(&format!("查询串: {e}")))?;
    let form = parse_form(&body.bytes).map_err(|e| malformed(&e.to_string()))?;
    params.extend(form);
    let mut names = std::collections::HashSet::with_capacity(params.len());
    if let Some((k, _)) = params.iter().find(|(k, _)| !names.insert(k.as_str())) {
        return Err(malformed(&format!("参数 {} 重复", shown(k))));
    }
    let get = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    for n in ["sid", "appkey", "timestamp", "sign"] {
        if get(n).is_none_or(str::is_empty) {
            return Err(fail(CODE_MISSING, format!("缺少必要请求参数【 {n} 】")));
        }
    }
    let p = |n: &str| get(n).unwrap_or_default();
    let ts: i64 = p("timestamp")
        .parse()
        .map_err(|_| malformed(&format!("timestamp={}", shown(p("timestamp")))))?;
    if !wire::timestamp_fresh(ts, chrono::Utc::now().timestamp()) {
        return Err(fail(
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
            return Err(fail(
                CODE_UNKNOWN_SID,
                format!("卖家账号 sid 不存在: {}", shown(p("sid"))),
            ))
        }
        Err(AuthFailure::UnknownKey) => {
            return Err(fail(
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
        return Err(fail(CODE_BAD_SIGN, "签名错误: sign 不正确".into()));
    }
    let Some(route) = ROUTES.iter().find(|r| r.decl.name == name) else {
        return Err(fail(
            CODE_UNKNOWN_ENDPOINT,
            format!("接口不存在: openapi2/{}", shown(name)),
        ));
    };
    let page = if route.decl.kind.paged() {
        Some(page(&params)?)
    } else {
        None
    };
    params.retain(|(k, _)| !matches!(k.as_str(), "sid" | "appkey" | "timestamp" | "sign"));
    let ctx = Ctx {
        state,
        caller: creds.caller,
        page,
    };
    (route.handler)(&ctx, &params).await
}

fn biz(msg: impl Into<String>) -> Fail {
    fail(CODE_BUSINESS, msg.into())
}

/// `page_no` from 0 (default 0) and `page_size` 1..=100 (default 40), as the edition documents.
fn page(params: &[(String, String)]) -> Result<Page, Fail> {
    let get = |n: &str| {
        params
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let page_no = match get("page_no") {
        Some(v) => v.parse().ok().filter(|n: &i64| *n >= 0).ok_or_else(|| {
            fail(
                CODE_MALFORMED,
                format!("参数格式错误: page_no={}", shown(v)),
            )
        })?,
        None => 0,
    };
    let page_size = match get("page_size") {
        Some(v) => v
            .parse()
            .ok()
            .filter(|n: &i64| (1..=100).contains(n))
            .ok_or_else(|| {
                fail(
                    CODE_MALFORMED,
                    format!("参数格式错误: page_size={} (1-100)", shown(v)),
                )
            })?,
        None => 40,
    };
    Ok(Page { page_no, page_size })
}

/// A closed `start_time`..`end_time` window of at most 30 days, if given.
pub(crate) fn window(start: Option<&str>, end: Option<&str>) -> Result<Option<(i64, i64)>, Fail> {
    match (start, end) {
        (None, None) => Ok(None),
        (Some(s), Some(e)) => {
            let parse = |n: &str, v: &str| {
                clock::parse_datetime(v).ok_or_else(|| {
                    fail(
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
        _ => Err(fail(
            CODE_MISSING,
            "start_time 和 end_time 须同时传入".into(),
        )),
    }
}

/// An answer's fields from one of wire's answer types, so the field names are the client's too.
fn answer_fields<T: serde::Serialize>(answer: &T) -> Result<Map<String, Value>, Fail> {
    match serde_json::to_value(answer) {
        Ok(Value::Object(m)) => Ok(m),
        _ => {
            tracing::error!("an answer failed to serialise as an object");
            Err(fail(CODE_SERVER, "服务器内部错误".into()))
        }
    }
}

/// The edition answers `total_count` on the first page only.
pub(crate) fn first_page_total(page: Page, total: i64) -> Option<i64> {
    (page.page_no == 0).then_some(total)
}

/// Statuses to filter by: one number, or several joined with commas.
pub(crate) fn statuses(c: &Ctx<'_>, field: &str, v: Option<&str>) -> Result<Vec<i64>, Fail> {
    let Some(s) = v else {
        return Ok(Vec::new());
    };
    // Counted before parsing, so a huge list is refused without being built.
    let max = c.state.config.list_limit;
    if list_len(s) > max {
        return Err(fail(
            CODE_MALFORMED,
            format!("参数格式错误: {field} 最多 {max} 个值"),
        ));
    }
    int_list(s).ok_or_else(|| {
        fail(
            CODE_MALFORMED,
            format!("参数格式错误: {field}={}", shown(s)),
        )
    })
}

/// A required field: absent or empty is code 1001 naming it.
pub(crate) fn required<'a>(v: &'a str, path: &str) -> Result<&'a str, Fail> {
    if v.is_empty() {
        Err(missing(path))
    } else {
        Ok(v)
    }
}

/// A required field taken out of its request: absent or empty is code 1001 naming it.
pub(crate) fn take(v: Option<String>, path: &str) -> Result<String, Fail> {
    match v {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(missing(path)),
    }
}

pub(crate) fn missing(path: &str) -> Fail {
    fail(CODE_MISSING, format!("缺少必要参数【 {path} 】"))
}

/// Each domain field's name in one operation's fields, for rendering typed problems.
pub(crate) struct Names {
    /// The list lines are in (`goods_list`, `purchase_info.details_list`).
    pub lines: &'static str,
    pub field: fn(Field) -> &'static str,
}

static DOMAIN_NAMES: Names = Names {
    lines: "lines",
    field: crate::ops::domain_name,
};

/// Typed problems in this edition's words, joined into one message (code 2000).
pub(crate) fn problems(list: &[Problem], names: &Names) -> Fail {
    problems_at(list, |p| match p.line {
        Some(i) => format!("{}[{i}].{}", names.lines, (names.field)(p.field)),
        None => (names.field)(p.field).to_string(),
    })
}

/// One problem in this edition's words, its field named by the operation: a line's failure
/// answered beside a success (a non-strict stocktake's `error_list`).
pub(crate) fn problem_text(p: &Problem, names: &Names) -> String {
    problems(std::slice::from_ref(p), names).1
}

/// As [`problems`], with each problem's field named by the operation (its full path: a goods
/// push's spec sits under its goods).
pub(crate) fn problems_at(list: &[Problem], name_of: impl Fn(&Problem) -> String) -> Fail {
    let msgs: Vec<String> = list
        .iter()
        .take(crate::SHOWN_PROBLEMS)
        .map(|p| {
            let name = name_of(p);
            let about = match &p.subject {
                Some(s) => format!("(商家编码 {})", shown(s)),
                None => String::new(),
            };
            match &p.kind {
                ProblemKind::Missing => format!("缺少必要参数【 {name} 】{about}"),
                ProblemKind::TooLong { max, value } => {
                    format!("【{name}】超长(最多{max}个字符): {}", shown(value))
                }
                ProblemKind::BadDecimal { value } => {
                    format!("【{name}】不是合法数字(最多4位小数): {}", shown(value))
                }
                ProblemKind::Negative { value } => {
                    format!("【{name}】不能为负数: {}", shown(value))
                }
                ProblemKind::Unknown { value } if p.field == Field::SpecNo => {
                    format!("【{name}】{} 不存在或已删除", shown(value))
                }
                ProblemKind::Unknown { value } => format!("【{name}】{} 不存在", shown(value)),
                ProblemKind::Repeated { value } => format!("【{name}】{} 重复", shown(value)),
                ProblemKind::Invalid { value } => format!("【{name}】不合法: {}", shown(value)),
                ProblemKind::WrongState { value, state } => {
                    format!("【{name}】{} 当前状态({state})不允许此操作", shown(value))
                }
                ProblemKind::TooMany { max } => format!("【{name}】最多 {max} 个"),
                ProblemKind::Conflict { value, holder } => {
                    format!("【{name}】{} 已属于 {}", shown(value), shown(holder))
                }
                ProblemKind::OutOfRange { value, min, max } => {
                    format!("【{name}】超出范围({min}-{max}): {}", shown(value))
                }
                ProblemKind::BadTime { value } => {
                    format!(
                        "【{name}】时间格式错误(yyyy-MM-dd HH:mm:ss): {}",
                        shown(value)
                    )
                }
                ProblemKind::EndBeforeStart => format!("【{name}】早于开始时间"),
                ProblemKind::SpanTooLong { max_days } => {
                    format!("start_time 与 end_time 跨度须在 0 到 {max_days} 天之间")
                }
                ProblemKind::BadQuantity { value, zero_ok } => format!(
                    "【{name}】{about}数量不合法({}, 最多4位小数): {}",
                    if *zero_ok {
                        "不能为负数"
                    } else {
                        "必须大于0"
                    },
                    shown(value)
                ),
                ProblemKind::BadDate { value } => {
                    format!(
                        "【{name}】{about}日期格式不合法(YYYY-MM-DD): {}",
                        shown(value)
                    )
                }
                ProblemKind::UnknownPosition { value, warehouse } => format!(
                    "【{name}】货位 {} 在仓库 {} 中不存在",
                    shown(value),
                    shown(warehouse)
                ),
                ProblemKind::NoStockRecord { value, warehouse } => format!(
                    "【{name}】商家编码 {} 在仓库 {} 没有库存记录",
                    shown(value),
                    shown(warehouse)
                ),
                ProblemKind::NotOnOrder { value, order } => format!(
                    "【{name}】商家编码 {} 不在采购单 {} 中",
                    shown(value),
                    shown(order)
                ),
                ProblemKind::NotOnDocument { value, order } => format!(
                    "【{name}】商家编码 {} 不在单据 {} 中",
                    shown(value),
                    shown(order)
                ),
                // Worded alike in both editions: they name no field.
                ProblemKind::RepeatedLine { .. }
                | ProblemKind::UnknownWarehouse { .. }
                | ProblemKind::NotReceivable { .. }
                | ProblemKind::WrongWarehouse { .. }
                | ProblemKind::UnknownOrder { .. }
                | ProblemKind::UnknownProvider { .. }
                | ProblemKind::NoLiveSpec => crate::ops::nameless(&p.kind),
                ProblemKind::TotalOutOfRange => {
                    format!("合计【{name}】超出范围(decimal(19,4), 最大 922337203685477.5807)")
                }
                ProblemKind::UnknownSpec { value } => {
                    format!("【{name}】商家编码 {} 不存在或已删除", shown(value))
                }
                ProblemKind::UnknownBatch { value } => {
                    format!("【{name}】批次 {} 不存在", shown(value))
                }
                ProblemKind::BadReceivedQuantity { value } => format!(
                    "【{name}】{about}入库数量不合法(必须大于0, 最多4位小数): {}",
                    shown(value)
                ),
                ProblemKind::AlreadyDone { value } => format!("【{name}】{} 已完成", shown(value)),
                ProblemKind::AlreadyCancelled { value } => {
                    format!("【{name}】{} 已取消", shown(value))
                }
                ProblemKind::Taken { value } => format!("【{name}】{} 已存在", shown(value)),
                ProblemKind::PositionRequired => format!("货位盘点时 {name} 不能为空{about}"),
                ProblemKind::Shortfall { asked, available } => format!(
                    "【{name}】{about}库存不足: 需出库 {asked}, 可用 {available}, 缺 {}",
                    crate::ops::shortfall(*asked, *available)
                ),
                ProblemKind::ExceedsOrder { asked, left } => {
                    format!("【{name}】{about}超出单据未完成数量: 需 {asked}, 剩余 {left}")
                }
            }
        })
        .collect();
    fail(CODE_BUSINESS, crate::join_problems(msgs, list.len()))
}

/// An outer number another document of the seller already carries, named as the operation
/// names it; the handler adds the number (stockin_no, purchase_no, pd_no), see `dup_as`.
fn duplicate(e: CoreError, names: &Names) -> Fail {
    let CoreError::Duplicate {
        field, existing, ..
    } = e
    else {
        return Fail::from(e);
    };
    // Without the number when the app may not see the document's warehouse.
    let mut extra = Map::new();
    if let Some(no) = existing {
        extra.insert("existing_no".into(), json!(no));
    }
    let field = (names.field)(field);
    Fail(
        CODE_DUPLICATE,
        format!("外部单号重复【解决办法:保证外部单号【{field}】的唯一性】 "),
        extra,
    )
}

/// A core failure, with typed problems named as this operation names its fields.
pub(crate) fn core_fail(names: &'static Names) -> impl Fn(CoreError) -> Fail {
    move |e| match e {
        CoreError::Problems(list) => problems(&list, names),
        dup @ CoreError::Duplicate { .. } => duplicate(dup, names),
        other => Fail::from(other),
    }
}

/// A core failure of an operation whose integrators match the plain words it answered before
/// typed problems (the stock-in push: `details_list[8].remark 超长…`, `批次 X 不存在`): its
/// problems in the flagship's plain style, under code 2000; duplicates as [`core_fail`].
///
/// Decided: such an operation keeps its plain messages rather than take the 【field】 style.
pub(crate) fn core_fail_plain(names: &'static Names) -> impl Fn(CoreError) -> Fail {
    move |e| match e {
        CoreError::Problems(list) => {
            let crate::flagship::Fail(_, msg) =
                crate::flagship::problems_at(&list, |p| match p.line {
                    Some(i) => format!("{}[{i}].{}", names.lines, (names.field)(p.field)),
                    None => (names.field)(p.field).to_string(),
                });
            fail(CODE_BUSINESS, msg)
        }
        other => core_fail(names)(other),
    }
}
