//! The flagship gateway: `POST /openapi?sid&key&salt&method&v&timestamp&sign`, JSON-array body.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use openwdt_core::auth::{AuthFailure, Caller};
use openwdt_core::purchase::{NewPurchaseOrder, PoNames, PurchaseFilter, PurchaseOrderLine};
use openwdt_core::query::{ChangeFilter, Page, PdFilter, StockFilter};
use openwdt_core::stockin::{
    PurchaseStockin, StockinDialect, StockinFilter, StockinLine, STOCKIN_DONE, STOCKIN_EDITING,
    STOCKIN_SUBMITTED,
};
use openwdt_core::stocktake::{Stocktake, StocktakeLine};
use openwdt_core::Dec4;
use openwdt_core::{clock, CoreError};
use openwdt_wire::api::flagship as api;
use openwdt_wire::fields::{
    as_bool, as_int, as_text, int_list, list_len, opt, shown, TypeMismatch,
};
use openwdt_wire::flagship::{self as wire, Status};
use openwdt_wire::text;
use serde_json::{Map, Value};

use crate::Shared;

/// An answer other than success, already in the edition's terms.
struct Fail(Status, String);

impl From<TypeMismatch> for Fail {
    fn from(e: TypeMismatch) -> Self {
        Fail(Status::Argument, e.to_string())
    }
}

impl From<CoreError> for Fail {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Rejected(list) => Fail(Status::Business, list.join("; ")),
            CoreError::Duplicate {
                field,
                value,
                existing,
            } => Fail(
                Status::Business,
                match existing {
                    Some(no) => format!("{field} {} 已存在: {no}", shown(&value)),
                    None => format!("{field} {} 已存在", shown(&value)),
                },
            ),
            other => {
                tracing::error!(error = %other, "request failed inside the server");
                Fail(Status::Other, "服务器内部错误".into())
            }
        }
    }
}

fn biz(msg: impl Into<String>) -> Fail {
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

type BoxFut<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
type Handler = for<'a> fn(&'a Ctx<'a>) -> BoxFut<'a, Result<Answer, Fail>>;

struct Method {
    name: &'static str,
    paged: bool,
    /// How many positional arguments the body must hold.
    args: std::ops::RangeInclusive<usize>,
    handler: Handler,
}

const METHODS: &[Method] = &[
    Method {
        name: "wms.StockPd.stockSyncByPd",
        paged: false,
        args: 2..=2,
        handler: |c| Box::pin(stock_sync_by_pd(c)),
    },
    Method {
        name: "wms.StockSpec.search",
        paged: true,
        args: 1..=2,
        handler: |c| Box::pin(stock_search(c)),
    },
    Method {
        name: "wms.StockPd.queryStockPd",
        paged: true,
        args: 1..=2,
        handler: |c| Box::pin(query_stock_pd(c)),
    },
    Method {
        name: "wms.StockPd.queryStockPdDetail",
        paged: true,
        args: 1..=2,
        handler: |c| Box::pin(query_stock_pd_detail(c)),
    },
    Method {
        name: "purchase.PurchaseOrder.createOrder",
        paged: false,
        args: 1..=1,
        handler: |c| Box::pin(create_purchase_order(c)),
    },
    Method {
        name: "purchase.PurchaseOrder.queryWithDetail",
        paged: true,
        args: 1..=2,
        handler: |c| Box::pin(query_purchase_orders(c)),
    },
    Method {
        name: "wms.stockin.Purchase.upload",
        paged: false,
        args: 2..=2,
        handler: |c| Box::pin(upload_purchase_stockin(c)),
    },
    Method {
        name: "wms.stockin.Purchase.queryWithDetail",
        paged: true,
        args: 1..=2,
        handler: |c| Box::pin(query_purchase_stockins(c)),
    },
    Method {
        name: "wms.StockSpec.queryChangeHistory",
        paged: true,
        args: 1..=2,
        handler: |c| Box::pin(query_change_history(c)),
    },
];

/// What a method handler works with.
struct Ctx<'a> {
    state: &'a crate::AppState,
    caller: Caller,
    args: Vec<Value>,
    page: Option<Page>,
    calc_total: bool,
}

pub(crate) async fn handle(
    State(s): State<Shared>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match run(&s.0, q.as_deref().unwrap_or(""), &headers, body).await {
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
    let Some(method) = METHODS.iter().find(|m| m.name == method_name) else {
        return Err(Fail(
            Status::Argument,
            format!("参数错误: 未知的接口 method={}", shown(method_name)),
        ));
    };
    let (page, calc_total) = if method.paged {
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
    if !method.args.contains(&args.len()) {
        return Err(Fail(
            Status::Argument,
            format!(
                "invalid argument count: {method_name} 需要 {} 个参数, 收到 {}",
                method.args.start(),
                args.len()
            ),
        ));
    }
    let ctx = Ctx {
        state,
        caller: creds.caller,
        args,
        page,
        calc_total,
    };
    (method.handler)(&ctx).await
}

impl Ctx<'_> {
    /// Refuses a list parameter of more values than `--list-limit`.
    fn within_list_limit(&self, field: &str, len: usize) -> Result<(), Fail> {
        let max = self.state.config.list_limit;
        if len > max {
            return Err(biz(format!("{field} 最多 {max} 个值")));
        }
        Ok(())
    }
}

fn object<'a>(v: &'a Value, name: &str) -> Result<&'a Map<String, Value>, Fail> {
    v.as_object().ok_or_else(|| {
        Fail(
            Status::Argument,
            format!("argument type mismatch: {name} must be an object"),
        )
    })
}

fn req_text(o: &Map<String, Value>, obj: &str, field: &str, label: &str) -> Result<String, Fail> {
    match opt(o, field) {
        Some(v) => Ok(as_text(&format!("{obj}.{field}"), v)?),
        None => Err(biz(format!("{label} {field} 不能为空"))),
    }
}

fn opt_text(o: &Map<String, Value>, obj: &str, field: &str) -> Result<Option<String>, Fail> {
    Ok(match opt(o, field) {
        Some(v) => Some(as_text(&format!("{obj}.{field}"), v)?).filter(|s| !s.is_empty()),
        None => None,
    })
}

async fn stock_sync_by_pd(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let order = object(&c.args[0], "pdOrder")?;
    let warehouse_no = req_text(order, "pdOrder", "warehouse_no", "仓库编号")?;
    let defect_mode = match opt(order, "defect_mode") {
        Some(v) => as_int("pdOrder.defect_mode", v)?,
        None => return Err(biz("正残次品处理方式 defect_mode 不能为空")),
    };
    let remark = req_text(order, "pdOrder", "remark", "备注")?;
    let strict = match opt(order, "is_post_error") {
        Some(v) => as_bool("pdOrder.is_post_error", v)?,
        None => false,
    };
    let list = c.args[1].as_array().ok_or_else(|| {
        Fail(
            Status::Argument,
            "argument type mismatch: specList must be an array".into(),
        )
    })?;
    let mut lines = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let name = format!("specList[{i}]");
        let o = object(item, &name)?;
        // A missing spec_no or new_num reaches the core as "" and is reported there with every
        // other problem of the request; a missing remark or defect takes its natural default.
        lines.push(StocktakeLine {
            position_no: None,
            spec_no: opt(o, "spec_no")
                .map(|v| as_text(&format!("{name}.spec_no"), v))
                .transpose()?
                .unwrap_or_default(),
            remark: opt(o, "remark")
                .map(|v| as_text(&format!("{name}.remark"), v))
                .transpose()?
                .unwrap_or_default(),
            new_num: opt(o, "new_num")
                .map(|v| as_text(&format!("{name}.new_num"), v))
                .transpose()?
                .unwrap_or_default(),
            defect: opt(o, "defect")
                .map(|v| as_bool(&format!("{name}.defect"), v))
                .transpose()?
                .unwrap_or(false),
        });
    }
    let done = c
        .state
        .store
        .stocktake(
            &c.caller,
            Stocktake {
                warehouse_no,
                defect_mode,
                remark,
                strict,
                lines,
                outer_no: None,
                by_position: false,
                check: true,
                create_stock: true,
                prefix: "WP",
            },
        )
        .await?;
    let result = api::PdResult {
        pd_no: done.pd_no,
        skip_spec_no: (!done.skipped.is_empty()).then(|| done.skipped.join(",")),
        ids: [(done.pd_id.to_string(), "ok".to_string())].into(),
    };
    Answer::of(&result, None)
}

/// Parses `start`/`end` as a time range of at most `max_secs`.
fn range(
    o: &Map<String, Value>,
    start: &str,
    end: &str,
    max_secs: i64,
    required: bool,
) -> Result<Option<(i64, i64)>, Fail> {
    let s = opt_text(o, "params", start)?;
    let e = opt_text(o, "params", end)?;
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
    let (from, to) = (parse(start, &s)?, parse(end, &e)?);
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

const DAYS_30: i64 = 30 * 86_400;

async fn stock_search(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "params")?;
    let spec_nos: Vec<String> = match opt(o, "spec_nos") {
        Some(Value::Array(a)) => {
            c.within_list_limit("params.spec_nos", a.len())?;
            a.iter()
                .enumerate()
                .map(|(i, v)| as_text(&format!("params.spec_nos[{i}]"), v))
                .collect::<Result<_, _>>()?
        }
        // One past the limit is enough to refuse; the rest is never copied.
        Some(v) => as_text("params.spec_nos", v)?
            .split(',')
            .filter(|s| !s.is_empty())
            .take(c.state.config.list_limit.saturating_add(1))
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    c.within_list_limit("params.spec_nos", spec_nos.len())?;
    let times = range(o, "start_time", "end_time", DAYS_30, spec_nos.is_empty())?;
    let warehouse_no = opt_text(o, "params", "warehouse_no")?;
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
    let f = StockFilter {
        warehouse_no,
        spec_nos,
        modified_from: times.map(|t| t.0),
        modified_to: times.map(|t| t.1),
        defect: None,
    };
    let (rows, total) = c
        .state
        .store
        .search_stock(&c.caller, &f, c.page.expect("paged"))
        .await?;
    // Quantities this server does not model (orders, transfers, WMS sync) are zero, not
    // absent, so SDKs that map every documented field keep working.
    let data: Vec<api::StockSpec> = rows
        .into_iter()
        .map(|r| api::StockSpec {
            rec_id: r.rec_id,
            defect: i64::from(r.defect),
            stock_num: r.num,
            spec_no: r.spec_no,
            spec_id: r.spec_id,
            goods_no: r.goods_no,
            goods_name: r.goods_name,
            spec_name: r.spec_name,
            barcode: r.barcode,
            warehouse_no: r.warehouse_no,
            warehouse_id: r.warehouse_id,
            warehouse_name: r.warehouse_name,
            available_send_stock: r.num,
            created: clock::format_millis(r.created),
            modified: clock::format_millis(r.modified),
            flag_name: "无".into(),
            status: 1,
            last_pd_time: clock::format_opt(r.last_pd_time),
            last_inout_time: clock::format_opt(r.last_inout_time),
            ..Default::default()
        })
        .collect();
    Answer::of(&data, c.calc_total.then_some(total as u64))
}

async fn query_stock_pd(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "params")?;
    let (from, to) = range(o, "start_time", "end_time", DAYS_30, true)?.expect("required");
    let warehouse_no = opt_text(o, "params", "warehouse_no")?;
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
    let status = opt(o, "status")
        .map(|v| as_int("params.status", v))
        .transpose()?;
    let f = PdFilter {
        modified_from: from,
        modified_to: to,
        warehouse_no,
        pd_no: opt_text(o, "params", "pd_no")?,
        spec_no: opt_text(o, "params", "spec_no")?,
        goods_no: opt_text(o, "params", "goods_no")?,
        status,
        creator: opt_text(o, "params", "employee_no")?,
    };
    let (rows, total) = c
        .state
        .store
        .query_stocktakes(&c.caller, &f, c.page.expect("paged"))
        .await?;
    let pd_list = rows
        .into_iter()
        .map(|r| api::StockPd {
            rec_id: r.rec_id,
            pd_no: r.pd_no,
            warehouse_no: r.warehouse_no,
            warehouse_id: r.warehouse_id,
            mode: r.mode,
            status: r.status,
            operator_no: r.creator.clone(),
            creator_no: r.creator,
            remark: r.remark,
            modified: clock::format_millis(r.modified),
            created: clock::format_millis(r.created),
        })
        .collect();
    let total_count = total;
    Answer::of(
        &api::StockPdList {
            pd_list,
            total_count,
        },
        None,
    )
}

async fn query_stock_pd_detail(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "params")?;
    let pd_no = opt_text(o, "params", "pd_no")?;
    let (rows, total) = c
        .state
        .store
        .query_stocktake_details(&c.caller, pd_no.as_deref(), c.page.expect("paged"))
        .await?;
    let list: Vec<api::StockPdDetail> = rows
        .into_iter()
        .map(|r| api::StockPdDetail {
            rec_id: r.rec_id,
            pd_id: r.pd_id,
            spec_id: r.spec_id,
            spec_no: r.spec_no,
            spec_name: r.spec_name,
            barcode: r.barcode,
            modified: clock::format_millis(r.created),
            created: clock::format_millis(r.created),
            old_num: r.old_num,
            new_num: r.new_num,
            goods_name: r.goods_name,
            goods_no: r.goods_no,
            remark: r.remark,
            defect: i64::from(r.defect),
            ..Default::default()
        })
        .collect();
    // The vendor's own example answers `data` as the list with `total` beside it.
    Answer::of(&list, Some(total as u64))
}

async fn query_change_history(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "params")?;
    let spec_no = opt_text(o, "params", "spec_no")?;
    let max = if spec_no.is_some() { DAYS_30 } else { 3600 };
    let (from, to) = range(o, "start_date", "end_date", max, true)?.expect("required");
    let warehouse_no = opt_text(o, "params", "warehouse_no")?;
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
    let io_type = opt(o, "type")
        .map(|v| as_int("params.type", v))
        .transpose()?;
    if let Some(t) = io_type {
        if t != 1 && t != 2 {
            return Err(biz(format!("类型 type 不合法(1 入库, 2 出库): {t}")));
        }
    }
    let defect = opt(o, "defect")
        .map(|v| as_bool("params.defect", v))
        .transpose()?
        .unwrap_or(false);
    let f = ChangeFilter {
        created_from: from,
        created_to: to,
        spec_no,
        io_type,
        defect,
        warehouse_no,
    };
    let (rows, total) = c
        .state
        .store
        .query_changes(&c.caller, &f, c.page.expect("paged"))
        .await?;
    // `created` as epoch milliseconds, as the vendor's example answer shows it.
    let data = rows
        .into_iter()
        .map(|r| api::StockChange {
            src_order_type: r.src_order_type,
            io_type: r.io_type,
            warehouse_name: r.warehouse_name,
            warehouse_no: r.warehouse_no,
            spec_no: r.spec_no,
            stock_num_old: r.stock_num_old,
            num: r.num,
            stock_num_new: r.stock_num_new,
            stockio_no: r.stockio_no,
            src_order_no: r.src_order_no,
            operator_name: r.operator,
            created: r.created,
            remark: r.remark,
            defect: r.defect,
            position_no: r.position_no,
            batch_no: r.batch_no,
        })
        .collect();
    Answer::of(
        &api::ChangeHistoryList {
            data,
            total_count: total,
        },
        None,
    )
}

static FLAGSHIP_PO: PoNames = PoNames {
    lines: "purchase_details",
    tax: "tax_rate",
    warehouse: "预计入库仓库编号 expect_warehouse_no",
    own_no: "采购单编号 purchase_no",
    own_no_max: 40,
};

fn list<'a>(v: Option<&'a Value>, path: &str) -> Result<&'a [Value], Fail> {
    match v {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(Fail(
            Status::Argument,
            format!("argument type mismatch: {path} must be an array"),
        )),
    }
}

async fn create_purchase_order(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "params")?;
    let p = "params";
    let expect = req_text(o, p, "expect_warehouse_no", "预计入库仓库编号")?;
    let receive = req_text(o, p, "receive_warehouse_nos", "收货仓编号")?;
    // One receiving warehouse per order: the stock-in must arrive where it is expected.
    if receive != expect {
        return Err(biz(format!(
            "收货仓编号 receive_warehouse_nos({}) 须与预计入库仓库编号 expect_warehouse_no({}) 相同",
            shown(&receive),
            shown(&expect)
        )));
    }
    let mut lines = Vec::new();
    for (i, item) in list(opt(o, "purchase_details"), "params.purchase_details")?
        .iter()
        .enumerate()
    {
        let lp = format!("params.purchase_details[{i}]");
        let l = object(item, &lp)?;
        lines.push(PurchaseOrderLine {
            spec_no: opt_text(l, &lp, "spec_no")?.unwrap_or_default(),
            num: opt_text(l, &lp, "num")?.unwrap_or_default(),
            price: opt_text(l, &lp, "price")?,
            tax: opt_text(l, &lp, "tax_rate")?,
            tax_price: opt_text(l, &lp, "tax_price")?,
            discount: opt_text(l, &lp, "discount")?,
            remark: opt_text(l, &lp, "remark")?.unwrap_or_default(),
        });
    }
    let cmd = NewPurchaseOrder {
        purchase_no: opt_text(o, p, "purchase_no")?,
        outer_no: None,
        provider_no: req_text(o, p, "provider_no", "供应商编号")?,
        warehouse_no: expect,
        check: opt(o, "is_check")
            .map(|v| as_bool("params.is_check", v))
            .transpose()?
            .unwrap_or(false),
        purchaser: req_text(o, p, "purchaser_name", "采购员")?,
        contact: opt_text(o, p, "contact")?.unwrap_or_default(),
        telno: opt_text(o, p, "telno")?.unwrap_or_default(),
        receive_address: opt_text(o, p, "receive_address")?.unwrap_or_default(),
        expect_arrive_time: opt_text(o, p, "expect_time")?.unwrap_or_default(),
        remark: opt_text(o, p, "remark")?.unwrap_or_default(),
        post_fee: opt_text(o, p, "post_fee")?,
        other_fee: opt_text(o, p, "other_fee")?,
        lines,
        names: &FLAGSHIP_PO,
    };
    let no = c.state.store.create_purchase_order(&c.caller, cmd).await?;
    Answer::of(
        &api::CreateOrderResult {
            status: 0,
            message: no,
        },
        None,
    )
}

/// Statuses joined with commas (`"40,50"`), or one number.
fn statuses(c: &Ctx<'_>, o: &Map<String, Value>, field: &str) -> Result<Vec<i64>, Fail> {
    let Some(v) = opt(o, field) else {
        return Ok(Vec::new());
    };
    let t = as_text(&format!("params.{field}"), v)?;
    // Counted before parsing, so a huge list is refused without being built.
    c.within_list_limit(&format!("params.{field}"), list_len(&t))?;
    int_list(&t).ok_or_else(|| biz(format!("{field} 不合法: {}", shown(&t))))
}

async fn query_purchase_orders(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "params")?;
    let purchase_no = opt_text(o, "params", "purchase_no")?;
    // Without a purchase_no the time window is required; with one it is ignored.
    let times = range(o, "start_time", "end_time", DAYS_30, purchase_no.is_none())?
        .filter(|_| purchase_no.is_none());
    let warehouse_no = match (
        opt_text(o, "params", "expect_warehouse_no")?,
        opt_text(o, "params", "receive_warehouse_no")?,
    ) {
        (Some(a), Some(b)) if a != b => return empty_orders(),
        (a, b) => a.or(b),
    };
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
    let f = PurchaseFilter {
        purchase_no,
        outer_no: None,
        provider_no: opt_text(o, "params", "provider_no")?,
        warehouse_no,
        status: statuses(c, o, "status")?,
        stockin_status: opt(o, "stockin_status")
            .map(|v| as_int("params.stockin_status", v))
            .transpose()?,
        modified_from: times.map(|t| t.0),
        modified_to: times.map(|t| t.1),
    };
    let (rows, total) = c
        .state
        .store
        .query_purchase_orders(&c.caller, &f, c.page.expect("paged"))
        .await?;
    let order = rows
        .iter()
        .map(|o| {
            let detail_list = o
                .lines
                .iter()
                .map(|l| api::PurchaseOrderDetail {
                    purchase_id: o.id,
                    rec_id: l.rec_id,
                    spec_id: l.spec_id,
                    spec_no: l.spec_no.clone(),
                    goods_no: l.goods_no.clone(),
                    goods_name: l.goods_name.clone(),
                    spec_name: l.spec_name.clone(),
                    barcode: l.barcode.clone(),
                    num: l.num,
                    num2: l.num,
                    arrive_more_num: l.more_num(),
                    stockin_num: l.stockin_num,
                    stockin_amount: l.dis_price().mul_round(l.stockin_num).unwrap_or_default(),
                    lack_num: l.lack_num(),
                    unit_ratio: Dec4::from_int(1),
                    price: l.price,
                    purchase_price: l.price,
                    aux_price: l.price,
                    discount: l.discount,
                    tax_rate: l.tax_rate,
                    tax_price: l.tax_price(),
                    tax_amount: l.tax_amount(),
                    dis_price: l.dis_price(),
                    amount: l.amount(),
                    aux_amount: l.amount(),
                    remark: l.remark.clone(),
                    created: clock::format_millis(l.created),
                    modified: clock::format_millis(o.modified),
                    ..Default::default()
                })
                .collect::<Vec<_>>();
            let total_fee = [o.goods_fee(), o.post_fee, o.other_fee]
                .into_iter()
                .try_fold(Dec4::ZERO, |a, b| a.checked_add(b))
                .unwrap_or_default();
            api::PurchaseOrder {
                purchase_id: o.id,
                purchase_no: o.purchase_no.clone(),
                provider_no: o.provider_no.clone(),
                provider_id: o.provider_id,
                provider_name: o.provider_name.clone(),
                status: o.status,
                stockin_status: o.stockin_status,
                warehouse_name: o.warehouse_name.clone(),
                warehouse_id: o.warehouse_id,
                warehouse_no: o.warehouse_no.clone(),
                creator_name: o.creator.clone(),
                purchaser_name: o.purchaser.clone(),
                check_operator_name: if o.check_time.is_some() {
                    o.creator.clone()
                } else {
                    String::new()
                },
                flag_name: "无".into(),
                goods_fee: o.goods_fee(),
                post_fee: o.post_fee,
                other_fee: o.other_fee,
                total_fee,
                tax_fee: o.tax_fee(),
                goods_type_count: o.lines.len() as i64,
                goods_count: o.goods_count(),
                goods_arrive_count: o.stockin_count(),
                goods_stockin_count: o.stockin_count(),
                remark: o.remark.clone(),
                expect_arrive_time: o.expect_arrive_time.clone(),
                created: o.created,
                check_time: clock::format_opt(o.check_time),
                modified: o.modified,
                detail_list,
                ..Default::default()
            }
        })
        .collect();
    Answer::of(
        &api::PurchaseOrderList {
            order,
            total_count: total,
        },
        None,
    )
}

fn empty_orders() -> Result<Answer, Fail> {
    Answer::of(&api::PurchaseOrderList::default(), None)
}

static FLAGSHIP_STOCKIN: StockinDialect = StockinDialect {
    lines: "stockin_detail_list",
    num: "num",
    logistics_code_max: 60,
    position_max: 40,
    batch_max: 20,
    line_remark_max: 255,
};

async fn upload_purchase_stockin(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "stockin_order")?;
    let p = "stockin_order";
    let status = match opt(o, "create_mode")
        .map(|v| as_int("stockin_order.create_mode", v))
        .transpose()?
        .unwrap_or(0)
    {
        0 => STOCKIN_EDITING,
        1 => STOCKIN_SUBMITTED,
        2 => STOCKIN_DONE,
        m => {
            return Err(biz(format!(
                "创建模式 create_mode 不合法(0 编辑中, 1 待审核, 2 已审核): {m}"
            )))
        }
    };
    let mut lines = Vec::new();
    let items = c.args[1].as_array().ok_or_else(|| {
        Fail(
            Status::Argument,
            "argument type mismatch: stockin_detail_list must be an array".into(),
        )
    })?;
    for (i, item) in items.iter().enumerate() {
        let lp = format!("stockin_detail_list[{i}]");
        let l = object(item, &lp)?;
        lines.push(StockinLine {
            spec_no: opt_text(l, &lp, "spec_no")?.unwrap_or_default(),
            num: opt_text(l, &lp, "num")?.unwrap_or_default(),
            stockin_price: None,
            tax_price: None,
            tax: None,
            src_price: None,
            position_no: opt_text(l, &lp, "position_no")?,
            batch_no: opt_text(l, &lp, "batch_no")?,
            production_date: opt_text(l, &lp, "production_date")?,
            validity_days: None,
            expire_date: opt_text(l, &lp, "expire_date")?,
            defect: opt(l, "defect")
                .map(|v| as_bool(&format!("{lp}.defect"), v))
                .transpose()?
                .unwrap_or(false),
            remark: opt_text(l, &lp, "remark")?.unwrap_or_default(),
        });
    }
    let cmd = PurchaseStockin {
        purchase_no: req_text(o, p, "purchase_no", "采购单号")?,
        warehouse_no: req_text(o, p, "warehouse_no", "仓库编号")?,
        outer_no: None,
        // The flagship creates a pushed batch that does not exist yet.
        create_batch: true,
        status,
        logistics_code: opt_text(o, p, "logistics_code")?.unwrap_or_default(),
        logistics_no: opt_text(o, p, "logistics_no")?.unwrap_or_default(),
        post_fee: None,
        other_fee: None,
        remark: opt_text(o, p, "remark")?.unwrap_or_default(),
        lines,
        dialect: &FLAGSHIP_STOCKIN,
    };
    let no = c
        .state
        .store
        .create_purchase_stockin(&c.caller, cmd)
        .await?;
    Answer::of(&no, None)
}

async fn query_purchase_stockins(c: &Ctx<'_>) -> Result<Answer, Fail> {
    let o = object(&c.args[0], "params")?;
    let (from, to) = range(o, "start_time", "end_time", DAYS_30, true)?.expect("required");
    let warehouse_no = opt_text(o, "params", "warehouse_no")?;
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
    let f = StockinFilter {
        stockin_no: opt_text(o, "params", "stockin_no")?,
        purchase_no: opt_text(o, "params", "purchase_no")?,
        outer_no: None,
        warehouse_no,
        status: statuses(c, o, "status")?,
        modified_from: Some(from),
        modified_to: Some(to),
    };
    let (rows, total) = c
        .state
        .store
        .query_purchase_stockins(&c.caller, &f, c.page.expect("paged"))
        .await?;
    let one = Dec4::from_int(1);
    let order = rows
        .iter()
        .map(|o| {
            let details_list = o
                .lines
                .iter()
                .map(|l| api::PurchaseStockinDetail {
                    rec_id: l.rec_id,
                    num: l.num,
                    discount: one,
                    cost_price: l.src_price,
                    src_price: l.src_price,
                    tax_price: l.tax_price,
                    tax_amount: l.tax_price.mul_round(l.num).unwrap_or_default(),
                    tax: l.tax,
                    total_cost: l.stockin_price.mul_round(l.num).unwrap_or_default(),
                    remark: l.remark.clone(),
                    goods_name: l.goods_name.clone(),
                    goods_no: l.goods_no.clone(),
                    spec_no: l.spec_no.clone(),
                    spec_name: l.spec_name.clone(),
                    batch_no: l.batch_no.clone(),
                    expire_date: l.expire_date.clone(),
                    production_date: l.production_date.clone(),
                    position_no: l.position_no.clone(),
                    defect: l.defect,
                    unit_ratio: one,
                    stockin_price: l.stockin_price,
                    ..Default::default()
                })
                .collect();
            // Times as epoch milliseconds, as the vendor's example answer shows them.
            api::PurchaseStockin {
                stockin_id: o.id,
                order_no: o.stockin_no.clone(),
                warehouse_no: o.warehouse_no.clone(),
                status: o.status,
                modified: o.modified,
                created_time: o.created,
                remark: o.remark.clone(),
                check_time: o.check_time,
                purchase_id: o.purchase_id,
                purchase_no: o.purchase_no.clone(),
                goods_count: o.goods_count(),
                provider_no: o.provider_no.clone(),
                provider_name: o.provider_name.clone(),
                logistics_no: o.logistics_no.clone(),
                logistics_name: o.logistics_code.clone(),
                goods_amount: o.total_price(),
                total_price: o.total_price(),
                tax_amount: o.tax_amount(),
                total_stockin_price: o.total_price(),
                flag_name: "无".into(),
                operator_name: o.creator.clone(),
                details_list,
                ..Default::default()
            }
        })
        .collect();
    Answer::of(
        &api::PurchaseStockinList {
            total_count: total,
            order,
        },
        None,
    )
}
