//! The flagship gateway: `POST /openapi?sid&key&salt&method&v&timestamp&sign`, JSON-array body.

use std::future::Future;
use std::sync::LazyLock;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use openwdt_core::auth::{AuthFailure, Caller};
use openwdt_core::problem::{Field, Kind as ProblemKind, Problem};
use openwdt_core::query::Page;
use openwdt_core::{clock, CoreError};
use openwdt_wire::endpoint::{decode_args, Decl, Endpoint};
use openwdt_wire::fields::{int_list, list_len, shown};
use openwdt_wire::flagship::{self as wire, Status};
use openwdt_wire::text;
use serde_json::Value;

use crate::Shared;

/// An answer other than success, already in the edition's terms.
pub(crate) struct Fail(pub Status, pub String);

impl From<CoreError> for Fail {
    fn from(e: CoreError) -> Self {
        match e {
            // Rendered without an operation's names: each field's domain name.
            CoreError::Problems(list) => problems(&list, &DOMAIN_NAMES),
            dup @ CoreError::Duplicate { .. } => duplicate(dup, &DOMAIN_NAMES),
            other => {
                tracing::error!(error = %other, "request failed inside the server");
                Fail(Status::Other, "服务器内部错误".into())
            }
        }
    }
}

pub(crate) fn biz(msg: impl Into<String>) -> Fail {
    Fail(Status::Business, msg.into())
}

fn respond(v: Value) -> Response {
    Json(v).into_response()
}

/// A successful answer: `data` and, for paged calls that asked, `total`.
struct Answer {
    data: Value,
    total: Option<u64>,
}

impl Answer {
    /// `data` from one of wire's answer types, so the field names are the client's too.
    fn of<T: serde::Serialize>(data: &T, total: Option<u64>) -> Result<Answer, Fail> {
        let data = serde_json::to_value(data).map_err(|e| {
            tracing::error!(error = %e, "an answer failed to serialise");
            Fail(Status::Other, "服务器内部错误".into())
        })?;
        Ok(Answer { data, total })
    }
}

/// What an operation answers: the declared answer type, and `total` for paged lists the vendor
/// answers with a total beside `data`.
pub(crate) struct Out<A> {
    pub data: A,
    pub total: Option<u64>,
}

impl<A> Out<A> {
    pub fn data(data: A) -> Self {
        Out { data, total: None }
    }
}

/// What an operation works with: the caller, and the page of a paged query.
pub(crate) struct Ctx<'a> {
    pub state: &'a crate::AppState,
    pub caller: Caller,
    page: Option<Page>,
    pub calc_total: bool,
}

impl Ctx<'_> {
    /// The page of a paged query (the plumbing has checked it is there).
    pub fn page(&self) -> Page {
        self.page.unwrap_or(Page {
            page_no: 0,
            page_size: 40,
        })
    }

    /// Refuses a list parameter of more values than `--list-limit`.
    pub fn within_list_limit(&self, field: &str, len: usize) -> Result<(), Fail> {
        let max = self.state.config.list_limit;
        if len > max {
            return Err(biz(format!("{field} 最多 {max} 个值")));
        }
        Ok(())
    }
}

/// A flagship operation: the declared endpoint's request in, its answer out. The operations
/// live in `crate::ops`, by feature, beside the enterprise edition's side of the same vendor
/// operation.
pub(crate) trait Op: Endpoint {
    fn run<'a>(
        c: &'a Ctx<'a>,
        req: Self::Request,
    ) -> impl Future<Output = Result<Out<Self::Answer>, Fail>> + Send + 'a;
}

type BoxFut<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
type Handler = for<'a> fn(&'a Ctx<'a>, Vec<Value>) -> BoxFut<'a, Result<Answer, Fail>>;

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
        handler: |c, args| {
            Box::pin(async move {
                let req = decode_args::<E>(args).map_err(|e| {
                    Fail(
                        Status::Argument,
                        format!("argument type mismatch: {}: {}", e.path, e.message),
                    )
                })?;
                let out = E::run(c, req).await?;
                Answer::of(&out.data, out.total)
            })
        },
    }
}

/// The declarations this gateway serves.
#[cfg(test)]
pub(crate) fn served() -> Vec<Decl> {
    ROUTES.iter().map(|r| r.decl).collect()
}

/// Every flagship method served, from its declaration.
static ROUTES: LazyLock<Vec<Route>> = LazyLock::new(|| {
    use openwdt_wire::api::flagship as f;
    use openwdt_wire::api::master::flagship as m;
    vec![
        route::<f::StockSyncByPdCall>(),
        route::<f::StockSearchCall>(),
        route::<f::QueryStockPdCall>(),
        route::<f::QueryStockPdDetailCall>(),
        route::<f::QueryChangeHistoryCall>(),
        route::<f::CreatePurchaseOrderCall>(),
        route::<f::QueryPurchaseOrdersCall>(),
        route::<f::UploadPurchaseStockinCall>(),
        route::<f::QueryPurchaseStockinsCall>(),
        // Cancellations, stocktake and stock queries (issue 11).
        route::<openwdt_wire::api::cancel::flagship::PurchaseCancelOrderCall>(),
        route::<openwdt_wire::api::cancel::flagship::PurchaseCancelByTypeCall>(),
        route::<openwdt_wire::api::cancel::flagship::PurchaseStockinCancelCall>(),
        route::<openwdt_wire::api::stockpd::flagship::StockPdInDetailCall>(),
        route::<openwdt_wire::api::stockpd::flagship::StockPdOutDetailCall>(),
        route::<openwdt_wire::api::stock::flagship::QueryAvailableStockCall>(),
        route::<openwdt_wire::api::stock::flagship::StockDetailSearchCall>(),
        route::<openwdt_wire::api::stock::flagship::StockSearch2Call>(),
        // Master data: goods, warehouses and positions, providers.
        route::<m::GoodsPushCall>(),
        route::<m::GoodsQueryCall>(),
        route::<m::WarehouseQueryCall>(),
        route::<m::PositionSearchCall>(),
        route::<m::ProviderPushCall>(),
        route::<m::ProviderQueryCall>(),
        route::<openwdt_wire::api::transfer::flagship::CreateTransferCall>(),
        route::<openwdt_wire::api::transfer::flagship::QueryTransfersCall>(),
        route::<openwdt_wire::api::transfer::flagship::CancelTransferCall>(),
        route::<openwdt_wire::api::transfer::flagship::PendingTransferCall>(),
        route::<openwdt_wire::api::transfer::flagship::TransferOutCall>(),
        route::<openwdt_wire::api::transfer::flagship::CancelTransferOutCall>(),
        route::<openwdt_wire::api::transfer::flagship::TransferInCall>(),
        route::<openwdt_wire::api::transfer::flagship::CancelTransferInCall>(),
        route::<openwdt_wire::api::transfer::flagship::QueryTransferOutsCall>(),
        route::<openwdt_wire::api::transfer::flagship::QueryTransferInsCall>(),
        route::<openwdt_wire::api::transfer::flagship::OuterTransferCall>(),
        route::<openwdt_wire::api::moves::flagship::StockinSearchCall>(),
        route::<openwdt_wire::api::moves::flagship::StockoutSearchCall>(),
        route::<openwdt_wire::api::other::flagship::StockinOtherCreateCall>(),
        route::<openwdt_wire::api::other::flagship::StockinOtherQueryCall>(),
        route::<openwdt_wire::api::other::flagship::StockinOtherCancelCall>(),
        route::<openwdt_wire::api::other::flagship::StockoutOtherCreateCall>(),
        route::<openwdt_wire::api::other::flagship::StockoutOtherQueryCall>(),
        route::<openwdt_wire::api::other::flagship::StockoutOtherCancelCall>(),
        route::<openwdt_wire::api::preturn::flagship::CreateReturnCall>(),
        route::<openwdt_wire::api::preturn::flagship::QueryReturnsCall>(),
        route::<openwdt_wire::api::preturn::flagship::CancelReturnCall>(),
        route::<openwdt_wire::api::preturn::flagship::BatchCancelReturnsCall>(),
        route::<openwdt_wire::api::preturn::flagship::PendingReturnsCall>(),
        route::<openwdt_wire::api::preturn::flagship::ReturnOutCall>(),
        route::<openwdt_wire::api::preturn::flagship::QueryReturnOutsCall>(),
        route::<openwdt_wire::api::other_order::flagship::InOrderPushCall>(),
        route::<openwdt_wire::api::other_order::flagship::InOrderQueryCall>(),
        route::<openwdt_wire::api::other_order::flagship::InOrderCancelCall>(),
        route::<openwdt_wire::api::other_order::flagship::OutOrderPushCall>(),
        route::<openwdt_wire::api::other_order::flagship::OutOrderQueryCall>(),
        route::<openwdt_wire::api::other_order::flagship::OutOrderCancelCall>(),
    ]
});

pub(crate) async fn handle(
    State(s): State<Shared>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match run(&s.0, q.as_deref().unwrap_or(""), &headers, body).await {
        // An operation without `data` (cancelOrder, Purchase.cancel) answers `{"status":0}`.
        Ok(a) if a.data.is_null() && a.total.is_none() => respond(serde_json::json!({"status": 0})),
        Ok(a) => respond(wire::ok(a.data, a.total)),
        Err(Fail(status, msg)) => respond(wire::error(status, &msg)),
    }
}

async fn run(
    state: &crate::AppState,
    raw_query: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Answer, Fail> {
    // Everything the query string says is judged before the body is read: a caller that
    // cannot be authenticated never gets its body buffered.
    let params = openwdt_wire::text::parse_form(raw_query.as_bytes())
        .map_err(|e| Fail(Status::Argument, format!("参数错误: {e}")))?;
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    for name in ["sid", "key", "salt", "method", "v", "timestamp", "sign"] {
        if get(name).is_none_or(str::is_empty) {
            return Err(Fail(
                Status::Argument,
                format!("参数错误: 缺少公共参数 {name}"),
            ));
        }
    }
    let p = |name: &str| get(name).unwrap_or_default();
    if p("v") != wire::VERSION {
        return Err(Fail(
            Status::Version,
            format!("版本错误: v={}", shown(p("v"))),
        ));
    }
    let ts: i64 = p("timestamp").parse().map_err(|_| {
        Fail(
            Status::Argument,
            format!("For input string: \"{}\"", shown(p("timestamp"))),
        )
    })?;
    if !wire::timestamp_fresh(ts, chrono::Utc::now().timestamp()) {
        return Err(Fail(
            Status::Timestamp,
            format!(
                "时间戳错误: timestamp={ts} 与服务器时间相差超过 {} 秒",
                wire::TIMESTAMP_WINDOW_SECS
            ),
        ));
    }
    let creds = match state.store.app_credentials(p("sid"), p("key")).await? {
        Ok(c) => c,
        Err(AuthFailure::UnknownSid) => {
            return Err(Fail(
                Status::Argument,
                format!("sid is not exists: {}", shown(p("sid"))),
            ))
        }
        Err(AuthFailure::UnknownKey) => {
            return Err(Fail(
                Status::Argument,
                format!("app auth fail: key {} 不存在", shown(p("key"))),
            ))
        }
    };
    if !wire::secret_eq(&creds.salt, p("salt")) {
        return Err(Fail(Status::Argument, "app auth fail: salt 不匹配".into()));
    }
    let body = state
        .read_body(headers, body)
        .await
        .map_err(|e| Fail(Status::Argument, e.message()))?;
    let body = std::str::from_utf8(&body.bytes)
        .map_err(|_| Fail(Status::Argument, "参数错误: 请求体不是 UTF-8".into()))?;
    let expected = wire::sign(
        &creds.secret,
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        body,
    );
    if !wire::sign_matches(&expected, p("sign")) {
        return Err(Fail(Status::Argument, "验证失败: 签名不正确".into()));
    }
    let method_name = p("method");
    let Some(method) = ROUTES.iter().find(|m| m.decl.name == method_name) else {
        return Err(Fail(
            Status::Argument,
            format!("参数错误: 未知的接口 method={}", shown(method_name)),
        ));
    };
    let (page, calc_total) = if method.decl.kind.paged() {
        let (Some(size), Some(no)) = (get("page_size"), get("page_no")) else {
            return Err(biz(format!("此方法仅支持分页查询：{method_name}")));
        };
        let size: i64 = size
            .parse()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                biz(format!(
                    "分页大小 page_size 不合法(1-1000): {}",
                    shown(size)
                ))
            })?;
        let no: i64 = no
            .parse()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| biz(format!("分页编号 page_no 不合法: {}", shown(no))))?;
        (
            Some(Page {
                page_no: no,
                page_size: size,
            }),
            get("calc_total") == Some("1"),
        )
    } else {
        (None, false)
    };
    let args = match serde_json::from_str::<Value>(body) {
        Ok(Value::Array(a)) => a,
        _ => {
            return Err(Fail(
                Status::Argument,
                "参数错误: 请求体必须是 JSON 数组(按顺序的接口参数)".into(),
            ))
        }
    };
    let forbidden = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| text::json_forbidden(&format!("body[{i}]"), a));
    if let Some((path, c)) = forbidden {
        return Err(Fail(
            Status::Argument,
            format!("参数错误: {path} 含有不允许的控制字符 {c}"),
        ));
    }
    let (required, most) = (method.decl.required_args, method.decl.args.len());
    if !(required..=most).contains(&args.len()) {
        return Err(Fail(
            Status::Argument,
            format!(
                "invalid argument count: {method_name} 需要 {required} 个参数, 收到 {}",
                args.len()
            ),
        ));
    }
    let ctx = Ctx {
        state,
        caller: creds.caller,
        page,
        calc_total,
    };
    (method.handler)(&ctx, args).await
}

/// Parses `start`/`end` as a time range of at most `max_secs`.
pub(crate) fn range(
    (start, s): (&str, Option<&str>),
    (end, e): (&str, Option<&str>),
    max_secs: i64,
    required: bool,
) -> Result<Option<(i64, i64)>, Fail> {
    let (s, e) = match (s, e) {
        (Some(s), Some(e)) => (s, e),
        (None, None) if !required => return Ok(None),
        _ => return Err(biz(format!("参数中必须包含起止时间: {start}, {end}"))),
    };
    let parse = |field: &str, v: &str| {
        clock::parse_datetime(v).ok_or_else(|| {
            biz(format!(
                "Unparseable date: {field}={} (格式 yyyy-MM-dd HH:mm:ss)",
                shown(v)
            ))
        })
    };
    let (from, to) = (parse(start, s)?, parse(end, e)?);
    if to < from {
        return Err(biz(format!("结束时间 {end} 早于开始时间 {start}")));
    }
    if to - from > max_secs * 1000 {
        let span = if max_secs >= 86_400 {
            format!("{}天", max_secs / 86_400)
        } else {
            format!("{}分钟", max_secs / 60)
        };
        return Err(biz(format!("您的查询时间过宽,查询时间不能大于{span}")));
    }
    Ok(Some((from, to)))
}

pub(crate) const DAYS_30: i64 = 30 * 86_400;

/// Statuses joined with commas (`"40,50"`), or one number.
pub(crate) fn statuses(c: &Ctx<'_>, field: &str, v: Option<&str>) -> Result<Vec<i64>, Fail> {
    let Some(t) = v else {
        return Ok(Vec::new());
    };
    // Counted before parsing, so a huge list is refused without being built.
    c.within_list_limit(&format!("params.{field}"), list_len(t))?;
    int_list(t).ok_or_else(|| biz(format!("{field} 不合法: {}", shown(t))))
}

/// A required argument field: absent is a business refusal naming it (as the vendor answers).
pub(crate) fn required<'a>(v: &'a str, label: &str, field: &str) -> Result<&'a str, Fail> {
    if v.is_empty() {
        Err(biz(format!("{label} {field} 不能为空")))
    } else {
        Ok(v)
    }
}

static DOMAIN_NAMES: Names = Names {
    lines: "lines",
    field: crate::ops::domain_name,
};

/// Each domain field's name in one operation's arguments, for rendering typed problems.
pub(crate) struct Names {
    /// The list argument lines are in (`specList`, `purchase_details`).
    pub lines: &'static str,
    pub field: fn(Field) -> &'static str,
}

/// Typed problems in this edition's words, joined into one message (status 100).
pub(crate) fn problems(list: &[Problem], names: &Names) -> Fail {
    problems_at(list, |p| match p.line {
        Some(i) => format!("{}[{i}].{}", names.lines, (names.field)(p.field)),
        None => (names.field)(p.field).to_string(),
    })
}

/// As [`problems`], with each problem's field named by the operation (its full path: a goods
/// push's spec sits under its goods).
pub(crate) fn problems_at(list: &[Problem], name_of: impl Fn(&Problem) -> String) -> Fail {
    let msgs: Vec<String> = list
        .iter()
        .take(crate::SHOWN_PROBLEMS)
        .map(|p| {
            let name = with_subject(name_of(p), p);
            match &p.kind {
                ProblemKind::Missing => format!("{name} 不能为空"),
                ProblemKind::TooLong { max, value } => {
                    format!("{name} 超长(最多{max}个字符): {}", shown(value))
                }
                ProblemKind::BadDecimal { value } => {
                    format!("{name} 不合法(数字, 最多4位小数): {}", shown(value))
                }
                ProblemKind::Negative { value } => format!("{name} 不能为负数: {}", shown(value)),
                ProblemKind::Unknown { value } if p.field == Field::SpecNo => {
                    format!("{name} {} 不存在或已删除", shown(value))
                }
                ProblemKind::Unknown { value } => format!("{name} {} 不存在", shown(value)),
                ProblemKind::Repeated { value } => format!("{name} {} 重复", shown(value)),
                ProblemKind::Invalid { value } => format!("{name} 不合法: {}", shown(value)),
                ProblemKind::WrongState { value, state } => {
                    format!("{name} {} 的状态({state})不允许此操作", shown(value))
                }
                ProblemKind::TooMany { max } => format!("{name} 最多 {max} 个"),
                ProblemKind::Conflict { value, holder } => {
                    format!("{name} {} 已属于 {}", shown(value), shown(holder))
                }
                ProblemKind::OutOfRange { value, min, max } => {
                    format!("{name} 超出范围({min}-{max}): {}", shown(value))
                }
                ProblemKind::BadTime { value } => format!(
                    "Unparseable date: {name}={} (格式 yyyy-MM-dd HH:mm:ss)",
                    shown(value)
                ),
                ProblemKind::EndBeforeStart => format!("结束时间早于开始时间: {name}"),
                ProblemKind::SpanTooLong { max_days } => {
                    format!("您的查询时间过宽,查询时间不能大于{max_days}天")
                }
                ProblemKind::BadQuantity { value, zero_ok } => format!(
                    "{name} 数量不合法({}, 最多4位小数): {}",
                    if *zero_ok {
                        "不能为负数"
                    } else {
                        "必须大于0"
                    },
                    shown(value)
                ),
                ProblemKind::BadDate { value } => {
                    format!("{name} 日期格式不合法(YYYY-MM-DD): {}", shown(value))
                }
                ProblemKind::UnknownPosition { value, warehouse } => format!(
                    "{name}: 货位 {} 在仓库 {} 中不存在",
                    shown(value),
                    shown(warehouse)
                ),
                ProblemKind::NoStockRecord { value, warehouse } => format!(
                    "{name}: 商家编码 {} 在仓库 {} 没有库存记录",
                    shown(value),
                    shown(warehouse)
                ),
                ProblemKind::NotOnOrder { value, order } => format!(
                    "{name}: 商家编码 {} 不在采购单 {} 中",
                    shown(value),
                    shown(order)
                ),
                ProblemKind::NotOnDocument { value, order } => format!(
                    "{name}: 商家编码 {} 不在单据 {} 中",
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
                    format!("合计 {name} 超出范围(decimal(19,4), 最大 922337203685477.5807)")
                }
                ProblemKind::UnknownSpec { value } => {
                    format!("{name}: 商家编码 {} 不存在或已删除", shown(value))
                }
                ProblemKind::UnknownBatch { value } => {
                    format!("{name}: 批次 {} 不存在", shown(value))
                }
                ProblemKind::BadReceivedQuantity { value } => format!(
                    "{name} 入库数量不合法(必须大于0, 最多4位小数): {}",
                    shown(value)
                ),
                ProblemKind::AlreadyDone { value } => format!("{name} {} 已完成", shown(value)),
                ProblemKind::AlreadyCancelled { value } => {
                    format!("{name} {} 已取消", shown(value))
                }
                ProblemKind::Taken { value } => format!("{name} {} 已存在", shown(value)),
                ProblemKind::PositionRequired => format!("{name} 不能为空(货位盘点)"),
                ProblemKind::Shortfall { asked, available } => format!(
                    "{name} 库存不足: 需出库 {asked}, 可用 {available}, 缺 {}",
                    crate::ops::shortfall(*asked, *available)
                ),
                ProblemKind::ExceedsOrder { asked, left } => {
                    format!("{name} 超出单据未完成数量: 需 {asked}, 剩余 {left}")
                }
            }
        })
        .collect();
    biz(crate::join_problems(msgs, list.len()))
}

/// A line's path and, when the problem is about a spec, its spec_no: `specList[3].new_num(商家编码 A)`.
fn with_subject(name: String, p: &Problem) -> String {
    match &p.subject {
        Some(s) => format!("{name}(商家编码 {})", shown(s)),
        None => name,
    }
}

/// An outer number another document of the seller already carries, named as the operation
/// names it.
fn duplicate(e: CoreError, names: &Names) -> Fail {
    let CoreError::Duplicate {
        field,
        value,
        existing,
    } = e
    else {
        return Fail::from(e);
    };
    let field = (names.field)(field);
    Fail(
        Status::Business,
        match existing {
            Some(no) => format!("{field} {} 已存在: {no}", shown(&value)),
            None => format!("{field} {} 已存在", shown(&value)),
        },
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
