//! The enterprise gateway: `POST /openapi2/<name>.php`, form-urlencoded fields (query-string
//! fields accepted too), business objects as JSON strings, answers `{"code":0,"message":…}`
//! with business fields beside them.
//!
//! The vendor documents no codes besides 0 and 2005; the ones chosen here are listed, with
//! their meaning, in docs/enterprise-codes.md and must stay stable.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use openwdt_core::auth::{AuthFailure, Caller};
use openwdt_core::purchase::{NewPurchaseOrder, PoNames, PurchaseFilter, PurchaseOrderLine};
use openwdt_core::query::{Page, StockFilter};
use openwdt_core::stockin::{
    PurchaseStockin, StockinDialect, StockinFilter, StockinLine, STOCKIN_DONE, STOCKIN_EDITING,
};
use openwdt_core::stocktake::{Stocktake, StocktakeLine};
use openwdt_core::{clock, CoreError};
use openwdt_wire::api::enterprise as api;
use openwdt_wire::enterprise as wire;
use openwdt_wire::fields::{as_bool, as_text, int_list, list_len, opt, shown};
use openwdt_wire::text::{json_forbidden, parse_form};
use serde_json::{json, Map, Value};

use crate::Shared;

use wire::{
    CODE_BAD_SIGN, CODE_BUSINESS, CODE_DUPLICATE, CODE_MALFORMED, CODE_MISSING, CODE_SERVER,
    CODE_TIMESTAMP, CODE_TOO_LARGE, CODE_UNKNOWN_APPKEY, CODE_UNKNOWN_ENDPOINT, CODE_UNKNOWN_SID,
};

/// A failure answer: code, message, and fields beside them (the existing document number of
/// a duplicate).
struct Fail(i64, String, Map<String, Value>);

fn fail(code: i64, msg: String) -> Fail {
    Fail(code, msg, Map::new())
}

impl From<CoreError> for Fail {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Rejected(list) => fail(CODE_BUSINESS, list.join("; ")),
            // The handler names the number (stockin_no, purchase_no, pd_no); see `dup_as`.
            CoreError::Duplicate {
                field, existing, ..
            } => {
                // Without the number when the app may not see the document's warehouse.
                let mut extra = Map::new();
                if let Some(no) = existing {
                    extra.insert("existing_no".into(), json!(no));
                }
                Fail(
                    CODE_DUPLICATE,
                    format!("外部单号重复【解决办法:保证外部单号【{field}】的唯一性】 "),
                    extra,
                )
            }
            other => {
                tracing::error!(error = %other, "request failed inside the server");
                fail(CODE_SERVER, "服务器内部错误".into())
            }
        }
    }
}

/// Core failure → answer, with a duplicate's existing number under the field the keyed push
/// `endpoint` answers it in (wire's table, which the client reads too).
fn dup_as(endpoint: &'static str) -> impl Fn(CoreError) -> Fail {
    let field = wire::keyed_push_number(endpoint).unwrap_or("existing_no");
    move |e| {
        let mut f = Fail::from(e);
        if let Some(v) = f.2.remove("existing_no") {
            f.2.insert(field.into(), v);
        }
        f
    }
}

type BoxFut<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
type Handler = for<'a> fn(&'a Ctx<'a>) -> BoxFut<'a, Result<Map<String, Value>, Fail>>;

const ENDPOINTS: &[(&str, Handler)] = &[
    ("stock_query.php", |c| Box::pin(stock_query(c))),
    ("stock_sync_by_pd.php", |c| Box::pin(stock_sync_by_pd(c))),
    ("purchase_order_push.php", |c| {
        Box::pin(purchase_order_push(c))
    }),
    ("purchase_order_query.php", |c| {
        Box::pin(purchase_order_query(c))
    }),
    ("stockin_purchase_push.php", |c| {
        Box::pin(stockin_purchase_push(c))
    }),
    ("stockin_order_query_purchase.php", |c| {
        Box::pin(stockin_order_query_purchase(c))
    }),
];

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
    let Some((_, handler)) = ENDPOINTS.iter().find(|(n, _)| *n == name) else {
        return Err(fail(
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
    fail(CODE_BUSINESS, msg.into())
}

/// `page_no` from 0 (default 0) and `page_size` 1..=100 (default 40), as the edition documents.
fn page(c: &Ctx<'_>) -> Result<Page, Fail> {
    let page_no = match c.get("page_no") {
        Some(v) => v.parse().ok().filter(|n: &i64| *n >= 0).ok_or_else(|| {
            fail(
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
fn window(c: &Ctx<'_>) -> Result<Option<(i64, i64)>, Fail> {
    match (c.get("start_time"), c.get("end_time")) {
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
fn fields<T: serde::Serialize>(answer: &T) -> Result<Map<String, Value>, Fail> {
    match serde_json::to_value(answer) {
        Ok(Value::Object(m)) => Ok(m),
        _ => {
            tracing::error!("an answer failed to serialise as an object");
            Err(fail(CODE_SERVER, "服务器内部错误".into()))
        }
    }
}

/// The edition answers `total_count` on the first page only.
fn first_page_total(page: Page, total: i64) -> Option<i64> {
    (page.page_no == 0).then_some(total)
}

async fn stock_query(c: &Ctx<'_>) -> Result<Map<String, Value>, Fail> {
    let page = page(c)?;
    let times = window(c)?;
    let spec_no = c.get("spec_no").map(str::to_string);
    if times.is_none() && spec_no.is_none() {
        return Err(fail(
            CODE_MISSING,
            "缺少查询条件: start_time/end_time 或 spec_no".into(),
        ));
    }
    let warehouse_no = c.get("warehouse_no").map(str::to_string);
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
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
    let stocks = rows
        .into_iter()
        .map(|r| api::Stock {
            spec_no: r.spec_no,
            spec_name: r.spec_name,
            barcode: r.barcode,
            goods_no: r.goods_no,
            goods_name: r.goods_name,
            warehouse_no: r.warehouse_no,
            warehouse_name: r.warehouse_name,
            warehouse_type: 1,
            stock_num: r.num.into(),
            avaliable_num: r.num.into(),
            created: clock::format_millis(r.created),
            modified: clock::format_millis(r.modified),
            last_pd_time: clock::format_opt(r.last_pd_time),
            last_inout_time: clock::format_opt(r.last_inout_time),
            status: 1,
            ..Default::default()
        })
        .collect();
    fields(&api::StockQueryAnswer {
        total_count: first_page_total(page, total),
        stocks,
    })
}

// ---- business objects sent as JSON strings in one form field ----

/// A required form field holding a JSON object (`purchase_info`) or array (`goods_list`).
fn json_field(c: &Ctx<'_>, name: &str) -> Result<Value, Fail> {
    let text = c
        .get(name)
        .ok_or_else(|| fail(CODE_MISSING, format!("缺少必要参数【 {name} 】")))?;
    let v = serde_json::from_str(text).map_err(|_| {
        fail(
            CODE_MALFORMED,
            format!("{name} json格式错误,无法解析: {}", shown(text)),
        )
    })?;
    // An escape such as \u0000 inside the JSON decodes to a character the form could not hold.
    match json_forbidden(name, &v) {
        Some((path, c)) => Err(fail(
            CODE_MALFORMED,
            format!("参数 {path} 含有不允许的控制字符 {c}"),
        )),
        None => Ok(v),
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, Fail> {
    v.as_object()
        .ok_or_else(|| fail(CODE_MALFORMED, format!("{path} 必须是 JSON 对象")))
}

fn array<'a>(v: Option<&'a Value>, path: &str) -> Result<&'a [Value], Fail> {
    match v {
        None => Err(fail(CODE_MISSING, format!("缺少必要参数【 {path} 】"))),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(fail(CODE_MALFORMED, format!("{path} 必须是 JSON 数组"))),
    }
}

fn type_err(e: openwdt_wire::fields::TypeMismatch) -> Fail {
    fail(CODE_MALFORMED, format!("参数格式错误: {e}"))
}

/// An optional text field; numbers are taken as their text, empty counts as absent.
fn text(o: &Map<String, Value>, path: &str, field: &str) -> Result<Option<String>, Fail> {
    match opt(o, field) {
        None => Ok(None),
        Some(v) => Ok(
            Some(as_text(&format!("{path}.{field}"), v).map_err(type_err)?)
                .filter(|s| !s.is_empty()),
        ),
    }
}

fn required(o: &Map<String, Value>, path: &str, field: &str) -> Result<String, Fail> {
    text(o, path, field)?
        .ok_or_else(|| fail(CODE_MISSING, format!("缺少必要参数【 {path}.{field} 】")))
}

fn flag(o: &Map<String, Value>, path: &str, field: &str, default: bool) -> Result<bool, Fail> {
    match opt(o, field) {
        None => Ok(default),
        Some(Value::String(s)) if s.is_empty() => Ok(default),
        Some(v) => as_bool(&format!("{path}.{field}"), v).map_err(type_err),
    }
}

/// A 0/1 form field (top-level, as stock_sync_by_pd.php sends them).
fn form_flag(c: &Ctx<'_>, name: &str, default: bool) -> Result<bool, Fail> {
    match c.get(name) {
        None => Ok(default),
        Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(v) => Err(fail(
            CODE_MALFORMED,
            format!("参数格式错误: {name}={} (0 或 1)", shown(v)),
        )),
    }
}

/// Statuses to filter by: one number, or several joined with commas.
fn statuses(c: &Ctx<'_>, field: &str) -> Result<Vec<i64>, Fail> {
    let Some(s) = c.get(field) else {
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

static ENT_PO: PoNames = PoNames {
    lines: "details_list",
    tax: "tax",
    warehouse: "仓库编号 warehouse_no",
    own_no: "外部单号 outer_no(is_use_outer_no=1 时作为采购单号)",
    own_no_max: 20,
};

async fn purchase_order_push(c: &Ctx<'_>) -> Result<Map<String, Value>, Fail> {
    let info = json_field(c, "purchase_info")?;
    let o = object(&info, "purchase_info")?;
    let p = "purchase_info";
    let outer_no = required(o, p, "outer_no")?;
    let use_outer = flag(o, p, "is_use_outer_no", false)?;
    let mut lines = Vec::new();
    for (i, item) in array(opt(o, "details_list"), "purchase_info.details_list")?
        .iter()
        .enumerate()
    {
        let lp = format!("{p}.details_list[{i}]");
        let l = object(item, &lp)?;
        lines.push(PurchaseOrderLine {
            spec_no: text(l, &lp, "spec_no")?.unwrap_or_default(),
            num: text(l, &lp, "num")?.unwrap_or_default(),
            price: text(l, &lp, "price")?,
            tax: text(l, &lp, "tax")?,
            tax_price: text(l, &lp, "tax_price")?,
            discount: text(l, &lp, "discount")?,
            remark: text(l, &lp, "remark")?.unwrap_or_default(),
        });
    }
    let cmd = NewPurchaseOrder {
        purchase_no: use_outer.then(|| outer_no.clone()),
        outer_no: Some(outer_no),
        provider_no: required(o, p, "provider_no")?,
        warehouse_no: required(o, p, "warehouse_no")?,
        check: flag(o, p, "is_check", false)?,
        purchaser: text(o, p, "purchase_name")?.unwrap_or_default(),
        contact: text(o, p, "contact")?.unwrap_or_default(),
        telno: text(o, p, "telno")?.unwrap_or_default(),
        receive_address: text(o, p, "receive_address")?.unwrap_or_default(),
        expect_arrive_time: text(o, p, "expect_arrive_time")?.unwrap_or_default(),
        remark: text(o, p, "remark")?.unwrap_or_default(),
        post_fee: text(o, p, "post_fee")?,
        other_fee: text(o, p, "other_fee")?,
        lines,
        names: &ENT_PO,
    };
    let no = c
        .state
        .store
        .create_purchase_order(&c.caller, cmd)
        .await
        .map_err(dup_as("purchase_order_push.php"))?;
    fields(&api::PurchaseOrderPushAnswer { purchase_no: no })
}

async fn purchase_order_query(c: &Ctx<'_>) -> Result<Map<String, Value>, Fail> {
    let page = page(c)?;
    let times = window(c)?;
    let purchase_no = c.get("purchase_no").map(str::to_string);
    let outer_no = c.get("outer_no").map(str::to_string);
    if times.is_none() && purchase_no.is_none() && outer_no.is_none() {
        return Err(fail(
            CODE_MISSING,
            "缺少查询条件: start_time/end_time 或 purchase_no 或 outer_no".into(),
        ));
    }
    let warehouse_no = c.get("warehouse_no").map(str::to_string);
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
    let f = PurchaseFilter {
        purchase_no,
        outer_no,
        warehouse_no,
        status: statuses(c, "status")?,
        modified_from: times.map(|t| t.0),
        modified_to: times.map(|t| t.1),
        ..Default::default()
    };
    let (rows, total) = c
        .state
        .store
        .query_purchase_orders(&c.caller, &f, page)
        .await?;
    let purchase_list = rows
        .iter()
        .map(|o| {
            let details_list = o
                .lines
                .iter()
                .map(|l| api::PurchaseOrderDetail {
                    rec_id: l.rec_id,
                    goods_no: l.goods_no.clone(),
                    goods_name: l.goods_name.clone(),
                    spec_no: l.spec_no.clone(),
                    spec_name: l.spec_name.clone(),
                    barcode: l.barcode.clone(),
                    num: l.num.into(),
                    stockin_num: l.stockin_num.into(),
                    arrive_num: l.stockin_num.into(),
                    arrive_more_num: l.more_num().into(),
                    lack_num: l.lack_num().into(),
                    price: l.price.into(),
                    discount: l.discount.into(),
                    tax: l.tax_rate.into(),
                    tax_price: l.tax_price().into(),
                    remark: l.remark.clone(),
                    created: clock::format_millis(l.created),
                    modified: clock::format_millis(o.modified),
                    ..Default::default()
                })
                .collect();
            api::PurchaseOrder {
                purchase_id: o.id,
                purchase_no: o.purchase_no.clone(),
                outer_no: o.outer_no.clone(),
                api_outer_no: o.outer_no.clone(),
                warehouse_no: o.warehouse_no.clone(),
                warehouse_name: o.warehouse_name.clone(),
                status: o.status,
                stockin_status: o.stockin_status,
                provider_no: o.provider_no.clone(),
                provider_name: o.provider_name.clone(),
                contact: o.contact.clone(),
                telno: o.telno.clone(),
                purchaser_name: o.purchaser.clone(),
                receive_address: o.receive_address.clone(),
                check_time: clock::format_opt(o.check_time),
                remark: o.remark.clone(),
                expect_arrive_time: o.expect_arrive_time.clone(),
                post_fee: o.post_fee.into(),
                other_fee: o.other_fee.into(),
                modified: clock::format_millis(o.modified),
                created: clock::format_millis(o.created),
                creator_name: o.creator.clone(),
                goods_type_count: o.lines.len() as i64,
                goods_count: o.goods_count().into(),
                goods_arrive_count: o.stockin_count().into(),
                details_list,
                ..Default::default()
            }
        })
        .collect();
    fields(&api::PurchaseOrderQueryAnswer {
        total_count: first_page_total(page, total),
        purchase_list,
    })
}

static ENT_STOCKIN: StockinDialect = StockinDialect {
    lines: "details_list",
    num: "stockin_num",
    logistics_code_max: 20,
    position_max: 20,
    batch_max: 20,
    line_remark_max: 60,
};

async fn stockin_purchase_push(c: &Ctx<'_>) -> Result<Map<String, Value>, Fail> {
    let info = json_field(c, "purchase_info")?;
    let o = object(&info, "purchase_info")?;
    let p = "purchase_info";
    let mut lines = Vec::new();
    for (i, item) in array(opt(o, "details_list"), "purchase_info.details_list")?
        .iter()
        .enumerate()
    {
        let lp = format!("{p}.details_list[{i}]");
        let l = object(item, &lp)?;
        lines.push(StockinLine {
            spec_no: text(l, &lp, "spec_no")?.unwrap_or_default(),
            num: text(l, &lp, "stockin_num")?.unwrap_or_default(),
            stockin_price: text(l, &lp, "stockin_price")?,
            tax_price: text(l, &lp, "tax_price")?,
            tax: text(l, &lp, "tax")?,
            src_price: text(l, &lp, "src_price")?,
            position_no: text(l, &lp, "position_no")?,
            batch_no: text(l, &lp, "batch_no")?,
            production_date: text(l, &lp, "production_date")?,
            validity_days: text(l, &lp, "validity_days")?,
            expire_date: None,
            // This edition keeps defect goods in defect warehouses: stock-ins are normal stock.
            defect: false,
            remark: text(l, &lp, "remark")?.unwrap_or_default(),
        });
    }
    let cmd = PurchaseStockin {
        purchase_no: required(o, p, "purchase_no")?,
        warehouse_no: required(o, p, "warehouse_no")?,
        // Required here: it is what makes a retried push safe (2005 answers the first stockin_no).
        outer_no: Some(required(o, p, "outer_no")?),
        create_batch: flag(o, p, "is_create_batch", false)?,
        status: if flag(o, p, "is_check", false)? {
            STOCKIN_DONE
        } else {
            STOCKIN_EDITING
        },
        logistics_code: text(o, p, "logistics_code")?.unwrap_or_default(),
        logistics_no: text(o, p, "logistics_no")?.unwrap_or_default(),
        post_fee: text(o, p, "post_fee")?,
        other_fee: text(o, p, "other_fee")?,
        remark: text(o, p, "remark")?.unwrap_or_default(),
        lines,
        dialect: &ENT_STOCKIN,
    };
    let no = c
        .state
        .store
        .create_purchase_stockin(&c.caller, cmd)
        .await
        .map_err(dup_as("stockin_purchase_push.php"))?;
    fields(&api::StockinPurchasePushAnswer { stockin_no: no })
}

async fn stockin_order_query_purchase(c: &Ctx<'_>) -> Result<Map<String, Value>, Fail> {
    let page = page(c)?;
    let times = window(c)?;
    let src_order_no = c.get("src_order_no").map(str::to_string);
    let stockin_no = c.get("stockin_no").map(str::to_string);
    let outer_no = c.get("stockin_outer_no").map(str::to_string);
    if times.is_none() && src_order_no.is_none() && stockin_no.is_none() && outer_no.is_none() {
        return Err(fail(
            CODE_MISSING,
            "缺少查询条件: start_time/end_time 或 src_order_no/stockin_no/stockin_outer_no".into(),
        ));
    }
    let warehouse_no = c.get("warehouse_no").map(str::to_string);
    c.state
        .store
        .require_warehouse(&c.caller, warehouse_no.as_deref())
        .await?;
    let mut status = statuses(c, "status")?;
    if status.is_empty() {
        // The edition answers completed stock-ins unless asked for another status.
        status.push(STOCKIN_DONE);
    }
    let f = StockinFilter {
        stockin_no,
        purchase_no: src_order_no,
        outer_no,
        warehouse_no,
        status,
        modified_from: times.map(|t| t.0),
        modified_to: times.map(|t| t.1),
    };
    let (rows, total) = c
        .state
        .store
        .query_purchase_stockins(&c.caller, &f, page)
        .await?;
    let stockin_list = rows
        .iter()
        .map(|o| {
            let details_list = o
                .lines
                .iter()
                .map(|l| api::PurchaseStockinDetail {
                    rec_id: l.rec_id,
                    spec_no: l.spec_no.clone(),
                    goods_no: l.goods_no.clone(),
                    goods_name: l.goods_name.clone(),
                    spec_name: l.spec_name.clone(),
                    goods_count: l.num.into(),
                    num: l.num.into(),
                    expect_num: l.expect_num.into(),
                    right_num: l.num.into(),
                    stockin_price: l.stockin_price.into(),
                    src_price: l.src_price.into(),
                    tax: l.tax.into(),
                    tax_price: l.tax_price.into(),
                    position_no: l.position_no.clone(),
                    batch_no: l.batch_no.clone(),
                    production_date: l.production_date.clone(),
                    expire_date: l.expire_date.clone(),
                    validity_days: validity_days(&l.production_date, &l.expire_date),
                    src_order_type: 1,
                    remark: l.remark.clone(),
                    created: clock::format_millis(l.created),
                    modified: clock::format_millis(o.modified),
                    ..Default::default()
                })
                .collect();
            api::PurchaseStockin {
                stockin_id: o.id,
                order_no: o.stockin_no.clone(),
                stockin_no: o.stockin_no.clone(),
                status: o.status,
                warehouse_no: o.warehouse_no.clone(),
                warehouse_name: o.warehouse_name.clone(),
                stockin_time: clock::format_millis(o.modified),
                check_time: clock::format_opt(o.check_time),
                created_time: clock::format_millis(o.created),
                modified: clock::format_millis(o.modified),
                src_order_no: o.purchase_no.clone(),
                purchase_no: o.purchase_no.clone(),
                src_order_type: 1,
                order_type: 1,
                order_type_name: "采购入库".into(),
                outer_no: o.outer_no.clone(),
                provider_no: o.provider_no.clone(),
                provider_name: o.provider_name.clone(),
                logistics_name: o.logistics_code.clone(),
                logistics_no: o.logistics_no.clone(),
                post_fee: o.post_fee.into(),
                other_fee: o.other_fee.into(),
                goods_count: o.goods_count().into(),
                right_nums: o.goods_count().into(),
                goods_type_count: o.lines.len() as i64,
                total_price: o.total_price().into(),
                remark: o.remark.clone(),
                operator_name: o.creator.clone(),
                check_operator_name: if o.check_time.is_some() {
                    o.creator.clone()
                } else {
                    String::new()
                },
                details_list,
                ..Default::default()
            }
        })
        .collect();
    fields(&api::StockinOrderQueryPurchaseAnswer {
        total_count: first_page_total(page, total),
        stockin_list,
    })
}

/// Shelf life in days when both dates are known, else 0.
fn validity_days(production: &str, expire: &str) -> i64 {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (d(production), d(expire)) {
        (Some(p), Some(e)) => (e - p).num_days(),
        _ => 0,
    }
}

async fn stock_sync_by_pd(c: &Ctx<'_>) -> Result<Map<String, Value>, Fail> {
    let warehouse_no = c
        .get("warehouse_no")
        .ok_or_else(|| fail(CODE_MISSING, "缺少必要参数【 warehouse_no 】".into()))?
        .to_string();
    let api_outer_no = c
        .get("api_outer_no")
        .ok_or_else(|| fail(CODE_MISSING, "缺少必要参数【 api_outer_no 】".into()))?
        .to_string();
    // The vendor defaults a missing or unknown mode to 0; an unknown one is refused here so
    // that a typo does not overwrite a whole warehouse's stock of a spec.
    let by_position = match c.get("mode") {
        None | Some("0") => false,
        Some("1") => true,
        Some(v) => {
            return Err(fail(
                CODE_MALFORMED,
                format!("参数格式错误: mode={} (0 单品盘点, 1 货位盘点)", shown(v)),
            ))
        }
    };
    let goods = json_field(c, "goods_list")?;
    let mut lines = Vec::new();
    for (i, item) in array(Some(&goods), "goods_list")?.iter().enumerate() {
        let lp = format!("goods_list[{i}]");
        let l = object(item, &lp)?;
        lines.push(StocktakeLine {
            spec_no: text(l, &lp, "spec_no")?.unwrap_or_default(),
            position_no: text(l, &lp, "position_no")?,
            remark: text(l, &lp, "remark")?.unwrap_or_default(),
            new_num: text(l, &lp, "stock_num")?.unwrap_or_default(),
            defect: false,
        });
    }
    let cmd = Stocktake {
        warehouse_no,
        // Normal stock only.
        defect_mode: 1,
        remark: c.get("remark").unwrap_or_default().to_string(),
        strict: form_flag(c, "is_post_error", true)?,
        lines,
        outer_no: Some(api_outer_no),
        by_position,
        check: form_flag(c, "is_check", false)?,
        create_stock: form_flag(c, "is_create_stock", false)?,
        prefix: "PD",
    };
    let done = c
        .state
        .store
        .stocktake(&c.caller, cmd)
        .await
        .map_err(dup_as("stock_sync_by_pd.php"))?;
    let error_list = (!done.failed.is_empty()).then(|| {
        done.failed
            .into_iter()
            .map(|f| api::PdLineError {
                spec_no: f.spec_no,
                position_no: f.position_no,
                error: f.reason,
            })
            .collect()
    });
    fields(&api::StockSyncByPdAnswer {
        pd_no: done.pd_no,
        error_list,
    })
}
