//! Purchase returns (采购退货单) and their stock-outs: `purchase.PurchaseReturn.*`,
//! `wms.stockout.PurchaseReturn.*`, `purchase_return_push.php`, `purchase_return_query.php`,
//! `purchase_return_end.php`, `purchase_return_order_push.php`,
//! `stockout_order_query_return.php`.

use openwdt_core::document::{DocKind, ReturnStatus, StockoutStatus};
use openwdt_core::error::CoreError;
use openwdt_core::movement::{DocQuery, DocView, LineView, MoveLine, TimeField};
use openwdt_core::preturn::{net_price, EndReturn, NewReturn, ReturnLine, ReturnOut, MAX_END};
use openwdt_core::problem::Field;
use openwdt_core::{clock, Dec4};
use openwdt_wire::api::preturn::enterprise as ea;
use openwdt_wire::api::preturn::flagship as fa;
use openwdt_wire::enterprise::{CODE_BUSINESS, CODE_MISSING};
use openwdt_wire::fields::shown;
use openwdt_wire::lenient::Num;
use serde_json::{json, Value};

use crate::enterprise::{self as ent, first_page_total};
use crate::flagship::{self as flag, biz, range, required, Out, DAYS_30};

fn field_name(f: Field) -> &'static str {
    match f {
        Field::DocNo => "return_no",
        other => crate::ops::domain_name(other),
    }
}

static FLAG_NAMES: flag::Names = flag::Names {
    lines: "detailList",
    field: field_name,
};

static ENT_RETURN: ent::Names = ent::Names {
    lines: "return_info.detail_list",
    field: |f| match f {
        Field::Remark => "detail_remark",
        Field::Attribute("tax_rate") => "tax",
        other => field_name(other),
    },
};

static ENT_OUT: ent::Names = ent::Names {
    lines: "purchase_return_info.detail_list",
    field: field_name,
};

/// A flagship refusal; a duplicate names the 单据 that has the number.
fn flag_fail(e: CoreError) -> flag::Fail {
    crate::ops::flag_fail(&FLAG_NAMES, "单据")(e)
}

/// A fee the document only echoes back: a non-negative decimal of at most 4 places.
fn fee(name: &str, v: Option<Num>) -> Result<Dec4, String> {
    let Some(v) = v else {
        return Ok(Dec4::ZERO);
    };
    match Dec4::parse(v.as_str()) {
        Ok(d) if !d.is_negative() => Ok(d),
        _ => Err(format!(
            "{name} 不合法(数字, 不能为负数, 最多4位小数): {}",
            shown(v.as_str())
        )),
    }
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

fn dec(v: &Value, key: &str) -> Dec4 {
    v[key]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default()
}

fn extra_of(extra: &str) -> Value {
    serde_json::from_str(extra).unwrap_or(Value::Null)
}

fn sum(lines: &[LineView], f: impl Fn(&LineView) -> Option<Dec4>) -> Dec4 {
    lines.iter().fold(Dec4::ZERO, |a, l| {
        f(l).and_then(|v| a.checked_add(v)).unwrap_or(a)
    })
}

fn spec_count(lines: &[LineView]) -> i64 {
    let mut specs: Vec<i64> = lines.iter().map(|l| l.spec_id).collect();
    specs.sort_unstable();
    specs.dedup();
    specs.len() as i64
}

/// 出库状态: 0 未出库, 1 部分出库, 2 已出库, 3 停止出库 (ended with less out than planned).
fn stockout_status(d: &DocView) -> i64 {
    let (num, out) = (
        sum(&d.lines, |l| Some(l.num)),
        sum(&d.lines, |l| Some(l.out_num)),
    );
    match (
        out.is_zero(),
        out >= num,
        d.status == ReturnStatus::Done.code(),
    ) {
        (_, true, _) => 2,
        (false, false, true) => 3,
        (true, _, _) => 0,
        (false, false, false) => 1,
    }
}

// ---- the flagship ----

/// Where the caller left them out, the return takes the provider's contact and telephone, and
/// its province, city, district and address when all four are empty (as the flagship
/// documents; decided for the enterprise too). An unknown provider changes nothing: the
/// command refuses it.
async fn provider_defaults(
    store: &openwdt_core::Store,
    caller: &openwdt_core::auth::Caller,
    provider_no: &str,
    extra: &mut Value,
) -> Result<(), CoreError> {
    let f = openwdt_core::provider::ProviderFilter {
        provider_no: Some(provider_no.to_string()),
        ..Default::default()
    };
    let page = openwdt_core::query::Page {
        page_no: 0,
        page_size: 1,
    };
    let (rows, _) = store.query_providers(caller, &f, page).await?;
    let Some(p) = rows.into_iter().next() else {
        return Ok(());
    };
    let t = &p.record.texts;
    let empty = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().is_empty();
    for (key, value) in [("contact", &t.contact), ("telno", &t.telno)] {
        if empty(extra, key) {
            extra[key] = json!(value);
        }
    }
    let place = ["province", "city", "district", "receive_address"];
    if place.iter().all(|k| empty(extra, k)) {
        let values = [&t.province, &t.city, &t.district, &t.address];
        for (key, value) in place.iter().zip(values) {
            extra[*key] = json!(value);
        }
    }
    Ok(())
}

fn flag_line(d: fa::ReturnDetail) -> ReturnLine {
    ReturnLine {
        spec_no: d.spec_no,
        num: d.num.into_string(),
        defect: d.defect.unwrap_or(false),
        price: d.price.map(Num::into_string),
        discount: d.discount.map(Num::into_string),
        tax_rate: d.tax_rate.map(Num::into_string),
        batch_no: d.batch_no,
        expire_date: d.expire_date,
        remark: d.remark.unwrap_or_default(),
        extra: json!({"unit_name": d.unit_name, "tax_price": d.tax_price.map(Num::into_string)})
            .to_string(),
    }
}

impl flag::Op for fa::CreateReturnCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::CreateReturnArgs,
    ) -> Result<Out<fa::PushResult>, flag::Fail> {
        let o = req.order_info;
        let outer_no = o.outer_no.unwrap_or_default();
        required(&outer_no, "外部单号", "outer_no")?;
        let warehouse_no = o.warehouse_no.unwrap_or_default();
        required(&warehouse_no, "仓库编码", "warehouse_no")?;
        let provider_no = o.provider_no.unwrap_or_default();
        required(&provider_no, "供应商编号", "provider_no")?;
        c.within_list_limit("ref_purchase_nos", o.ref_purchase_nos.len())?;
        let post_fee = fee("post_fee", o.post_fee).map_err(biz)?;
        let other_fee = fee("other_fee", o.other_fee).map_err(biz)?;
        let mut extra = json!({"logistics_no": o.logistics_no, "post_fee": post_fee.to_string(),
            "other_fee": other_fee.to_string(), "contact": o.contact, "telno": o.telno,
            "receive_address": o.receive_address, "province": o.receive_province,
            "city": o.receive_city, "district": o.receive_district, "prop1": o.prop1,
            "prop2": o.prop2, "ref_purchase_nos": o.ref_purchase_nos});
        provider_defaults(&c.state.store, &c.caller, &provider_no, &mut extra).await?;
        let cmd = NewReturn {
            outer_no: Some(outer_no),
            number_is_outer: true,
            warehouse_no,
            provider_no,
            check: req.is_check,
            purchase_nos: o.ref_purchase_nos,
            remark: o.remark.unwrap_or_default(),
            extra: extra.to_string(),
            lines: req.detail_list.into_iter().map(flag_line).collect(),
        };
        let created = c
            .state
            .store
            .create_purchase_return(&c.caller, cmd)
            .await
            .map_err(flag_fail)?;
        Ok(Out::data(fa::PushResult {
            message: created.doc_no,
            status: 0,
        }))
    }
}

/// The flagship knows no 部分出库 status: such a return answers 已审核 (40), its progress in
/// `stockout_status`; a filter of 40 finds both.
fn flag_status(s: i64) -> i64 {
    if s == ReturnStatus::Partly.code() {
        ReturnStatus::Checked.code()
    } else {
        s
    }
}

fn flag_return_row(d: &DocView) -> fa::ReturnRow {
    let x = extra_of(&d.extra);
    let refs: Vec<&str> = x["ref_purchase_nos"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let lines = &d.lines;
    fa::ReturnRow {
        return_id: d.id,
        check_time: clock::format_opt(d.check_time),
        city: text(&x, "city"),
        contact: text(&x, "contact"),
        created: clock::format_millis(d.created),
        creator_name: d.creator.clone(),
        district: text(&x, "district"),
        goods_count: sum(lines, |l| Some(l.num)),
        goods_fee: sum(lines, |l| net_price(l.price, &l.extra).mul_round(l.num)),
        goods_out_count: sum(lines, |l| Some(l.out_num)),
        goods_type_count: spec_count(lines),
        logistics_no: text(&x, "logistics_no"),
        modified: clock::format_millis(d.modified),
        other_fee: dec(&x, "other_fee"),
        outer_no: d.outer_no.clone(),
        post_fee: dec(&x, "post_fee"),
        provider_name: d.provider_name.clone(),
        province: text(&x, "province"),
        receive_address: text(&x, "receive_address"),
        remark: d.remark.clone(),
        return_no: d.doc_no.clone(),
        status: flag_status(d.status),
        telno: text(&x, "telno"),
        return_type: 1,
        warehouse_name: d.warehouse_name.clone(),
        warehouse_no: d.warehouse_no.clone(),
        warehouse_id: d.warehouse_id,
        provider_no: d.provider_no.clone(),
        purchase_no: match refs.as_slice() {
            [one] => one.to_string(),
            _ => String::new(),
        },
        stockout_status: stockout_status(d),
        prop1: text(&x, "prop1"),
        prop2: text(&x, "prop2"),
        detail_list: lines
            .iter()
            .map(|l| {
                let lx = extra_of(&l.extra);
                let net = net_price(l.price, &l.extra);
                let tax_rate = dec(&lx, "tax_rate");
                fa::ReturnRowDetail {
                    rec_id: l.id,
                    spec_no: l.spec_no.clone(),
                    spec_id: l.spec_id,
                    return_id: d.id,
                    defect: l.defect,
                    num: l.num,
                    out_num: l.out_num,
                    unit_ratio: Dec4::ONE,
                    price: l.price,
                    discount: dec(&lx, "discount"),
                    tax_rate,
                    tax_price: Dec4::ONE
                        .checked_add(tax_rate)
                        .and_then(|t| net.mul_round(t))
                        .unwrap_or(net),
                    amount: net.mul_round(l.num).unwrap_or_default(),
                    out_amount: net.mul_round(l.out_num).unwrap_or_default(),
                    remark: l.remark.clone(),
                    modified: clock::format_millis(d.modified),
                    created: clock::format_millis(l.created),
                    unit_name: text(&lx, "unit_name"),
                    ..Default::default()
                }
            })
            .collect(),
        ..Default::default()
    }
}

impl flag::Op for fa::QueryReturnsCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::ReturnQuery>,
    ) -> Result<Out<fa::ReturnList>, flag::Fail> {
        let q = req.params;
        let w = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", q.end_time.as_deref()),
            DAYS_30,
            false,
        )?;
        let statuses = match q.status {
            Some(s) if s == ReturnStatus::Checked.code() => vec![s, ReturnStatus::Partly.code()],
            Some(s) => vec![s],
            None => Vec::new(),
        };
        let dq = DocQuery {
            kinds: vec![DocKind::PurchaseReturn],
            statuses,
            provider_no: q.provider_no,
            doc_nos: q.return_no.into_iter().collect(),
            from: w.map(|w| w.0),
            to: w.map(|w| w.1),
            ..Default::default()
        };
        let (docs, total) = c.state.store.query_docs(&c.caller, &dq, c.page()).await?;
        Ok(Out::data(fa::ReturnList {
            order: docs.iter().map(flag_return_row).collect(),
            total_count: total,
        }))
    }
}

impl flag::Op for fa::CancelReturnCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::ReturnNo,
    ) -> Result<Out<fa::CancelResult>, flag::Fail> {
        let no = required(&req.return_no, "采购退货单号", "return_no")?;
        let how = EndReturn::Cancel { checked_too: false };
        let failed = c
            .state
            .store
            .end_purchase_returns(&c.caller, &[no.to_string()], how)
            .await?;
        if let Some((_, e)) = failed.into_iter().next() {
            return Err(flag_fail(e));
        }
        Ok(Out::data(fa::CancelResult {
            message: "OK".into(),
            status: 0,
        }))
    }
}

/// Ends each return on its own; answers why each that could not be ended was not. The list
/// holds at most 20 numbers and at least one, as the vendor documents.
async fn flag_end(
    c: &flag::Ctx<'_>,
    nos: &[String],
    how: EndReturn,
) -> Result<Vec<fa::PendingError>, flag::Fail> {
    if nos.is_empty() || nos.len() > MAX_END {
        return Err(biz(format!(
            "采购退货单号每次调用不得超过{MAX_END}条或为空"
        )));
    }
    let failed = c
        .state
        .store
        .end_purchase_returns(&c.caller, nos, how)
        .await?;
    Ok(failed
        .into_iter()
        .map(|(order_no, e)| fa::PendingError {
            order_no,
            message: flag_fail(e).1,
        })
        .collect())
}

impl flag::Op for fa::BatchCancelReturnsCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::BatchCancelArgs,
    ) -> Result<Out<fa::BatchCancelResult>, flag::Fail> {
        let how = EndReturn::Cancel { checked_too: false };
        let error_info = flag_end(c, &req.return_nos, how).await?;
        Ok(Out::data(fa::BatchCancelResult {
            error_num: error_info.len() as i64,
            error_info,
            status: 0,
        }))
    }
}

impl flag::Op for fa::PendingReturnsCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::PendingArgs,
    ) -> Result<Out<fa::PendingResult>, flag::Fail> {
        let error_info = flag_end(c, &req.purchase_return_nos, EndReturn::Stop).await?;
        Ok(Out::data(fa::PendingResult {
            error_info,
            status: 0,
        }))
    }
}

fn out_line(
    spec_no: String,
    num: Num,
    position_no: Option<String>,
    batch_no: Option<String>,
) -> MoveLine {
    MoveLine {
        spec_no,
        num: num.into_string(),
        position_no,
        batch_no,
        extra: "{}".into(),
        ..Default::default()
    }
}

impl flag::Op for fa::ReturnOutCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::ReturnOutArgs,
    ) -> Result<Out<fa::PushResult>, flag::Fail> {
        let o = req.order_info;
        let return_no = o.return_no.unwrap_or_default();
        required(&return_no, "采购退货单号", "return_no")?;
        let warehouse_no = o.warehouse_no.unwrap_or_default();
        required(&warehouse_no, "仓库编号", "warehouse_no")?;
        let status = match o.create_mode.unwrap_or(0) {
            0 => StockoutStatus::Unconfirmed,
            1 => StockoutStatus::Submitted,
            2 => StockoutStatus::Done,
            m => {
                return Err(biz(format!(
                    "create_mode 不合法(0 编辑中/未确认, 1 待审核, 2 已审核): {m}"
                )))
            }
        };
        let lines = req
            .detail_list
            .into_iter()
            .map(|d| MoveLine {
                defect: d.defect.unwrap_or(false),
                expire_date: d.expire_date,
                remark: d.remark.unwrap_or_default(),
                extra: json!({"unit_name": d.unit_name}).to_string(),
                ..out_line(d.spec_no, d.num, d.position_no, d.batch_no)
            })
            .collect();
        let cmd = ReturnOut {
            return_no,
            warehouse_no: Some(warehouse_no),
            outer_no: None,
            status: status.code(),
            remark: o.remark.unwrap_or_default(),
            extra: json!({"logistics_code": o.logistics_code}).to_string(),
            lines,
        };
        let created = c
            .state
            .store
            .return_stockout(&c.caller, cmd)
            .await
            .map_err(flag_fail)?;
        Ok(Out::data(fa::PushResult {
            message: created.doc_no,
            status: 0,
        }))
    }
}

fn flag_out_row(d: &DocView) -> fa::ReturnOutRow {
    let x = extra_of(&d.extra);
    let amount = sum(&d.lines, |l| l.price.mul_round(l.num));
    fa::ReturnOutRow {
        stockout_id: d.id,
        order_no: d.doc_no.clone(),
        src_order_no: d.src_order_no.clone(),
        warehouse_no: d.warehouse_no.clone(),
        consign_time: d.check_time.map(clock::format_millis),
        status: d.status,
        goods_count: sum(&d.lines, |l| Some(l.num)),
        logistics_no: text(&x, "logistics_no"),
        post_fee: dec(&x, "post_cost"),
        remark: d.remark.clone(),
        provider_no: d.provider_no.clone(),
        provider_name: d.provider_name.clone(),
        goods_type_count: spec_count(&d.lines),
        create_time: clock::format_millis(d.created),
        operator_name: d.creator.clone(),
        goods_total_cost: amount,
        goods_total_amount: amount,
        checked_goods_total_cost: amount,
        modified: clock::format_millis(d.modified),
        details_list: d
            .lines
            .iter()
            .map(|l| fa::ReturnOutRowDetail {
                rec_id: l.id,
                stockout_id: d.id,
                spec_no: l.spec_no.clone(),
                goods_count: l.num,
                total_amount: l.price.mul_round(l.num).unwrap_or_default(),
                sell_price: l.price,
                remark: l.remark.clone(),
                goods_name: l.goods_name.clone(),
                goods_no: l.goods_no.clone(),
                spec_name: l.spec_name.clone(),
                spec_code: l.spec_code.clone(),
                cost_price: l.price,
                goods_type: 1,
                goods_unit: text(&extra_of(&l.extra), "unit_name"),
                batch_no: l.batch_no.clone(),
                expire_date: l.expire_date.clone(),
                defect: l.defect,
                position_no: l.position_no.clone(),
                total_checked_cost_price: l.price.mul_round(l.num).unwrap_or_default(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

impl flag::Op for fa::QueryReturnOutsCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::ReturnOutQuery>,
    ) -> Result<Out<fa::ReturnOutList>, flag::Fail> {
        let q = req.params;
        let time_field = match q.time_type.unwrap_or(1) {
            1 => TimeField::CheckTime,
            2 => TimeField::Created,
            3 => TimeField::Modified,
            t => {
                return Err(biz(format!(
                    "time_type 不合法(1 出库时间, 2 创建时间, 3 最后修改时间): {t}"
                )))
            }
        };
        let (docs, total) = crate::ops::FlagDocSearch {
            kind: DocKind::ReturnOut,
            doc_no: q.stockout_no,
            src_order_no: q.src_order_no,
            warehouse_no: q.warehouse_no,
            status: q.status.as_deref(),
            start_time: q.start_time.as_deref(),
            end_time: q.end_time.as_deref(),
            time_field,
        }
        .run(c)
        .await?;
        Ok(Out::data(fa::ReturnOutList {
            total_count: total,
            order: docs.iter().map(flag_out_row).collect(),
        }))
    }
}

// ---- the enterprise ----

impl ent::Op for ea::ReturnPushCall {
    async fn run(c: &ent::Ctx<'_>, req: ea::ReturnPush) -> Result<ea::ReturnPushAnswer, ent::Fail> {
        let o = req.return_info.ok_or_else(|| ent::missing("return_info"))?;
        let details = o
            .detail_list
            .ok_or_else(|| ent::missing("return_info.detail_list"))?;
        let outer_no = ent::take(o.outer_no, "return_info.outer_no")?;
        let warehouse_no = ent::take(o.warehouse_no, "return_info.warehouse_no")?;
        let provider_no = ent::take(o.provider_no, "return_info.provider_no")?;
        let post_fee =
            fee("【return_info.post_fee】", o.post_fee).map_err(|m| ent::fail(CODE_BUSINESS, m))?;
        let purchase_nos: Vec<String> = o.purchase_no.clone().into_iter().collect();
        let mut extra = json!({"logistics_no": o.logistics_code, "post_fee": post_fee.to_string(),
            "contact": o.contact, "telno": o.telno, "receive_address": o.address,
            "province": o.receiver_province, "city": o.receiver_city,
            "district": o.receiver_district, "prop1": o.prop1, "prop2": o.prop2,
            "purchaser_no": o.purchaser_no, "purchaser_name": o.purchaser_name,
            "ref_purchase_nos": purchase_nos});
        provider_defaults(&c.state.store, &c.caller, &provider_no, &mut extra).await?;
        let cmd = NewReturn {
            outer_no: Some(outer_no),
            number_is_outer: false,
            warehouse_no,
            provider_no,
            check: o.is_check.unwrap_or(false),
            purchase_nos,
            remark: o.remark.unwrap_or_default(),
            extra: extra.to_string(),
            lines: details
                .into_iter()
                .map(|d| ReturnLine {
                    spec_no: d.spec_no,
                    num: d.num.into_string(),
                    price: d.price.map(Num::into_string),
                    discount: d.discount.map(Num::into_string),
                    tax_rate: d.tax.map(Num::into_string),
                    remark: d.detail_remark.unwrap_or_default(),
                    extra: "{}".into(),
                    ..Default::default()
                })
                .collect(),
        };
        let created = c
            .state
            .store
            .create_purchase_return(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_RETURN))?;
        Ok(ea::ReturnPushAnswer {
            return_no: created.doc_no,
        })
    }
}

fn ent_return_row(d: &DocView) -> ea::ReturnRow {
    let x = extra_of(&d.extra);
    let lines = &d.lines;
    ea::ReturnRow {
        return_id: d.id,
        return_no: d.doc_no.clone(),
        provider_no: d.provider_no.clone(),
        provider_name: d.provider_name.clone(),
        status: d.status,
        return_type: 1,
        warehouse_no: d.warehouse_no.clone(),
        warehouse_name: d.warehouse_name.clone(),
        purchaser_name: text(&x, "purchaser_name"),
        logistics_type: text(&x, "logistics_no"),
        other_fee: dec(&x, "other_fee").into(),
        post_fee: dec(&x, "post_fee").into(),
        goods_fee: sum(lines, |l| net_price(l.price, &l.extra).mul_round(l.num)).into(),
        goods_count: sum(lines, |l| Some(l.num)).into(),
        goods_type_count: spec_count(lines),
        goods_out_count: sum(lines, |l| Some(l.out_num)).into(),
        creator_name: d.creator.clone(),
        check_operator_name: String::new(),
        check_time: clock::format_opt(d.check_time),
        created: clock::format_millis(d.created),
        modified: clock::format_millis(d.modified),
        api_outer_no: d.outer_no.clone(),
        outer_no: d.outer_no.clone(),
        contact: text(&x, "contact"),
        receive_address: text(&x, "receive_address"),
        province: text(&x, "province"),
        city: text(&x, "city"),
        district: text(&x, "district"),
        remark: d.remark.clone(),
        details_list: lines
            .iter()
            .map(|l| {
                let lx = extra_of(&l.extra);
                let net = net_price(l.price, &l.extra);
                let tax = dec(&lx, "tax_rate");
                let amount = net.mul_round(l.num).unwrap_or_default();
                ea::ReturnRowDetail {
                    goods_no: l.goods_no.clone(),
                    spec_no: l.spec_no.clone(),
                    goods_name: l.goods_name.clone(),
                    spec_name: l.spec_name.clone(),
                    num: l.num.into(),
                    num2: l.num.into(),
                    price: l.price.into(),
                    discount: dec(&lx, "discount").into(),
                    amount: amount.into(),
                    tax: tax.into(),
                    tax_amount: amount.mul_round(tax).unwrap_or_default().into(),
                    out_num: l.out_num.into(),
                    out_amount: net.mul_round(l.out_num).unwrap_or_default().into(),
                    tax_price: Dec4::ONE
                        .checked_add(tax)
                        .and_then(|t| net.mul_round(t))
                        .unwrap_or(net)
                        .into(),
                    modified: clock::format_millis(d.modified),
                    created: clock::format_millis(l.created),
                    remark: l.remark.clone(),
                }
            })
            .collect(),
    }
}

impl ent::Op for ea::ReturnQueryCall {
    async fn run(c: &ent::Ctx<'_>, q: ea::ReturnQuery) -> Result<ea::ReturnQueryAnswer, ent::Fail> {
        let page = c.page();
        let times = ent::window(q.start_time.as_deref(), q.end_time.as_deref())?;
        if times.is_none() && q.return_no.is_none() && q.api_outer_no.is_none() {
            return Err(ent::fail(
                CODE_MISSING,
                "缺少查询条件: start_time/end_time 或 return_no/api_outer_no".into(),
            ));
        }
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        let dq = DocQuery {
            kinds: vec![DocKind::PurchaseReturn],
            statuses: q.status.into_iter().collect(),
            warehouse_no: q.warehouse_no,
            doc_nos: q.return_no.into_iter().collect(),
            outer_no: q.api_outer_no,
            from: times.map(|t| t.0),
            to: times.map(|t| t.1),
            ..Default::default()
        };
        let (docs, total) = c.state.store.query_docs(&c.caller, &dq, page).await?;
        Ok(ea::ReturnQueryAnswer {
            total_count: first_page_total(page, total),
            purchase_list: docs.iter().map(ent_return_row).collect(),
        })
    }
}

impl ent::Op for ea::ReturnEndCall {
    async fn run(c: &ent::Ctx<'_>, req: ea::ReturnEnd) -> Result<ea::ReturnEndAnswer, ent::Fail> {
        let list = req.purchase_return_no_list;
        if list.is_empty() || list.len() > MAX_END {
            return Err(ent::fail(
                CODE_BUSINESS,
                format!("【purchase_return_no_list】须有 1 到 {MAX_END} 个采购退货单"),
            ));
        }
        let how = match req.end_type {
            0 => EndReturn::Cancel {
                checked_too: req.is_reject_review.unwrap_or(false),
            },
            1 => EndReturn::Stop,
            t => {
                return Err(ent::fail(
                    CODE_BUSINESS,
                    format!("【type】不合法(0 取消, 1 停止等待): {t}"),
                ))
            }
        };
        let nos: Vec<String> = list.into_iter().map(|i| i.purchase_return_no).collect();
        let failed = c
            .state
            .store
            .end_purchase_returns(&c.caller, &nos, how)
            .await?;
        let error_list: Vec<ea::ReturnEndError> = failed
            .into_iter()
            .map(|(no, e)| ea::ReturnEndError {
                purchase_return_no: no,
                error: ent::core_fail(&ENT_RETURN)(e).1,
            })
            .collect();
        let error_count = error_list.len() as i64;
        let mut distinct = nos.clone();
        distinct.sort();
        distinct.dedup();
        // As purchase_order_end.php: when none could be ended, the request is refused (2000)
        // with `error_count` and `error_list` beside; else 0 with the others listed.
        if error_list.len() == distinct.len() {
            let msg = error_list
                .iter()
                .map(|e| format!("采购退货单 {}: {}", shown(&e.purchase_return_no), e.error))
                .collect::<Vec<_>>()
                .join("; ");
            let mut f = ent::fail(CODE_BUSINESS, msg);
            f.2.insert("error_count".into(), json!(error_count));
            f.2.insert(
                "error_list".into(),
                serde_json::to_value(&error_list).unwrap_or_default(),
            );
            return Err(f);
        }
        Ok(ea::ReturnEndAnswer {
            error_count,
            error_list: (!error_list.is_empty()).then_some(error_list),
        })
    }
}

impl ent::Op for ea::ReturnOutPushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::ReturnOutPush,
    ) -> Result<ea::ReturnOutPushAnswer, ent::Fail> {
        let o = req
            .purchase_return_info
            .ok_or_else(|| ent::missing("purchase_return_info"))?;
        let details = o
            .detail_list
            .ok_or_else(|| ent::missing("purchase_return_info.detail_list"))?;
        let return_no = ent::take(o.return_no, "purchase_return_info.return_no")?;
        let outer_no = ent::take(o.outer_no, "purchase_return_info.outer_no")?;
        let post_cost = fee("【purchase_return_info.post_cost】", o.post_cost)
            .map_err(|m| ent::fail(CODE_BUSINESS, m))?;
        let status = match o.is_check.unwrap_or(false) {
            true => StockoutStatus::Done,
            false => StockoutStatus::Submitted,
        };
        let cmd = ReturnOut {
            return_no,
            warehouse_no: None,
            outer_no: Some(outer_no),
            status: status.code(),
            remark: o.remark.unwrap_or_default(),
            extra: json!({"logistics_no": o.logistics_no, "post_cost": post_cost.to_string()})
                .to_string(),
            lines: details
                .into_iter()
                .map(|d| MoveLine {
                    price: d.price.map(Num::into_string),
                    remark: d.remark.unwrap_or_default(),
                    ..out_line(d.spec_no, d.num, d.position_no, d.batch_no)
                })
                .collect(),
        };
        let created = c
            .state
            .store
            .return_stockout(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_OUT))?;
        Ok(ea::ReturnOutPushAnswer {
            stockout_no: created.doc_no,
        })
    }
}

fn ent_out_row(d: &DocView) -> ea::ReturnOutRow {
    let x = extra_of(&d.extra);
    let amount = sum(&d.lines, |l| l.price.mul_round(l.num));
    ea::ReturnOutRow {
        stockout_id: d.id,
        order_no: d.doc_no.clone(),
        stockout_no: d.doc_no.clone(),
        src_order_no: d.src_order_no.clone(),
        return_no: d.src_order_no.clone(),
        outer_no: d.outer_no.clone(),
        warehouse_no: d.warehouse_no.clone(),
        warehouse_type: 1,
        provider_no: d.provider_no.clone(),
        provider_name: d.provider_name.clone(),
        status: d.status,
        consign_time: clock::format_opt(d.check_time),
        order_type: 3,
        src_order_type: 3,
        order_type_name: "采购退货出库".into(),
        goods_type_count: spec_count(&d.lines),
        goods_count: sum(&d.lines, |l| Some(l.num)).into(),
        goods_total_amount: amount.into(),
        goods_total_cost: amount.into(),
        post_fee: dec(&x, "post_cost").into(),
        logistics_no: text(&x, "logistics_no"),
        operator_name: d.creator.clone(),
        remark: d.remark.clone(),
        modified: clock::format_millis(d.modified),
        details_list: d
            .lines
            .iter()
            .map(|l| ea::ReturnOutRowDetail {
                goods_no: l.goods_no.clone(),
                goods_name: l.goods_name.clone(),
                spec_no: l.spec_no.clone(),
                spec_name: l.spec_name.clone(),
                num: l.num.into(),
                price: l.price.into(),
                goods_count: l.num.into(),
                sell_price: l.price.into(),
                total_amount: l.price.mul_round(l.num).unwrap_or_default().into(),
                batch_no: l.batch_no.clone(),
                src_order_type: 3,
                remark: l.remark.clone(),
                modified: clock::format_millis(d.modified),
                created: clock::format_millis(l.created),
                position_list: (!l.position_no.is_empty())
                    .then(|| ea::PositionGoods {
                        position_no: l.position_no.clone(),
                        position_goods_count: l.num.into(),
                    })
                    .into_iter()
                    .collect(),
            })
            .collect(),
    }
}

impl ent::Op for ea::ReturnOutQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        q: ea::ReturnOutQuery,
    ) -> Result<ea::ReturnOutQueryAnswer, ent::Fail> {
        let page = c.page();
        let times = ent::window(q.start_time.as_deref(), q.end_time.as_deref())?;
        let named = q.stockout_no.is_some() || q.src_order_no.is_some() || q.outer_no.is_some();
        if times.is_none() && !named {
            return Err(ent::fail(
                CODE_MISSING,
                "缺少查询条件: start_time/end_time 或 stockout_no/src_order_no/outer_no".into(),
            ));
        }
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        // As the vendor documents: without a status the done ones; a status from 95 up is
        // windowed by the stock-out time, one below by the last modification.
        let done = StockoutStatus::Done.code();
        let (statuses, time_field) = match q.status {
            None => (vec![done], TimeField::CheckTime),
            Some(s) if s >= 95 => (vec![s], TimeField::CheckTime),
            Some(s) => (vec![s], TimeField::Modified),
        };
        let dq = DocQuery {
            kinds: vec![DocKind::ReturnOut],
            statuses,
            warehouse_no: q.warehouse_no,
            doc_nos: q.stockout_no.into_iter().collect(),
            src_order_no: q.src_order_no,
            outer_no: q.outer_no,
            time_field,
            from: times.map(|t| t.0),
            to: times.map(|t| t.1),
            ..Default::default()
        };
        let (docs, total) = c.state.store.query_docs(&c.caller, &dq, page).await?;
        Ok(ea::ReturnOutQueryAnswer {
            total_count: first_page_total(page, total),
            stockout_list: docs.iter().map(ent_out_row).collect(),
        })
    }
}
