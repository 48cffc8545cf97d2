//! Other in/out business orders (其它入库/出库业务单): `wms.stockother.In.*`,
//! `wms.stockother.Out.*`, `wms.stockother.InQuery.queryWithDetail`,
//! `wms.stockother.OutQuery.queryWithDetail`.

use openwdt_core::clock;
use openwdt_core::document::{DocKind, OtherOrderStatus};
use openwdt_core::error::CoreError;
use openwdt_core::movement::{DocQuery, DocView, LineView, MoveLine, Side, TimeField};
use openwdt_core::other::NewOtherOrder;
use openwdt_core::problem::{Field, Kind};
use openwdt_wire::api::other_order::flagship as fa;
use openwdt_wire::fields::shown;
use openwdt_wire::Num;

use crate::flagship::{self as flag, biz, range, required, statuses, Out, DAYS_30};

fn flag_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "order_no",
        Field::Lines => "order_details",
        other => crate::ops::domain_name(other),
    }
}

static FLAG_NAMES: flag::Names = flag::Names {
    lines: "order_details",
    field: flag_field,
};

/// A flagship refusal; a duplicate names the 业务单 that has the number.
fn flag_fail(e: CoreError) -> flag::Fail {
    crate::ops::flag_fail(&FLAG_NAMES, "业务单")(e)
}

fn order_kind(side: Side) -> DocKind {
    match side {
        Side::In => DocKind::OtherInOrder,
        Side::Out => DocKind::OtherOutOrder,
    }
}

/// A business order's status in the vendor's words.
fn status_name(side: Side, s: i64) -> &'static str {
    match (OtherOrderStatus::from_code(s), side) {
        (Some(OtherOrderStatus::Editing), _) => "编辑中",
        (Some(OtherOrderStatus::Submitted), _) => "待审核",
        (Some(OtherOrderStatus::Checked), _) => "已审核",
        (Some(OtherOrderStatus::Partly), Side::In) => "部分入库",
        (Some(OtherOrderStatus::Partly), Side::Out) => "部分出库",
        (Some(OtherOrderStatus::ToSettle), _) => "待结算",
        (Some(OtherOrderStatus::Done), _) => "已完成",
        (Some(OtherOrderStatus::Cancelled), _) => "已取消",
        (None, _) if s == 40 => "已推送wms",
        (None, _) => "未知",
    }
}

fn text(v: Option<String>) -> String {
    v.unwrap_or_default()
}

async fn push(
    c: &flag::Ctx<'_>,
    side: Side,
    req: fa::OrderPushArgs,
) -> Result<Out<fa::OrderPushResult>, flag::Fail> {
    let o = req.order;
    let warehouse_no = text(o.warehouse_no);
    required(&warehouse_no, "仓库编号", "warehouse_no")?;
    let check = o.is_check.unwrap_or(false);
    // The vendor checks a stock-out order's available stock when it is checked (1, the
    // default) or when it is created (0).
    let check_stock = match (side, o.create_check_stock.unwrap_or(1)) {
        (Side::In, _) => false,
        (Side::Out, 0) => true,
        (Side::Out, 1) => check,
        (Side::Out, v) => {
            return Err(biz(format!(
                "create_check_stock 不合法(0 创建时校验库存, 1 审核时校验库存): {v}"
            )))
        }
    };
    let mut attrs = vec![
        ("logistics_code", text(o.logistics_code), 60),
        ("logistics_no", text(o.logistics_no), 40),
        ("flag_name", text(o.flag_name), 32),
        ("prop1", text(o.prop1), 255),
        ("prop2", text(o.prop2), 255),
        ("prop3", text(o.prop3), 255),
        ("prop4", text(o.prop4), 255),
        ("prop5", text(o.prop5), 255),
        ("prop6", text(o.prop6), 255),
    ];
    if side == Side::Out {
        attrs.extend([
            ("receiver_name", text(o.receiver_name), 40),
            ("receiver_mobile", text(o.receiver_mobile), 40),
            ("receiver_province", text(o.receiver_province), 40),
            ("receiver_city", text(o.receiver_city), 40),
            ("receiver_district", text(o.receiver_district), 40),
            ("receiver_address", text(o.receiver_address), 256),
        ]);
    }
    let lines = req
        .order_details
        .into_iter()
        .map(|d| MoveLine {
            spec_no: d.spec_no,
            defect: d.defect.unwrap_or(false),
            num: d.num.into_string(),
            price: d.price.map(Num::into_string),
            position_no: d.position_no,
            batch_no: d.batch_no,
            production_date: d.production_date,
            expire_date: d.expire_date,
            remark: text(d.remark),
            src_line_id: None,
            extra: serde_json::json!({"aux_unit_name": text(d.aux_unit_name)}).to_string(),
        })
        .collect();
    let cmd = NewOtherOrder {
        side,
        warehouse_no,
        outer_no: o.outer_no.filter(|s| !s.is_empty()),
        check,
        check_stock,
        reason: text(o.reason),
        remark: text(o.remark),
        attrs,
        lines,
    };
    let created = c
        .state
        .store
        .create_other_order(&c.caller, cmd)
        .await
        .map_err(flag_fail)?;
    Ok(Out::data(fa::OrderPushResult {
        outer_no: (side == Side::Out).then(|| created.doc_no.clone()),
        message: created.doc_no,
        status: 0,
    }))
}

impl flag::Op for fa::InOrderPushCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::OrderPushArgs,
    ) -> Result<Out<fa::OrderPushResult>, flag::Fail> {
        push(c, Side::In, req).await
    }
}

impl flag::Op for fa::OutOrderPushCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::OrderPushArgs,
    ) -> Result<Out<fa::OrderPushResult>, flag::Fail> {
        push(c, Side::Out, req).await
    }
}

/// Why one order could not be cancelled, in the vendor's words, naming its status.
fn cancel_message(side: Side, no: &str, e: CoreError) -> String {
    let refused = |state: i64| {
        format!(
            "单据状态为{}({state}), 不是编辑中、待审核、已审核，不允许取消",
            status_name(side, state)
        )
    };
    let doc = match side {
        Side::In => "入库单",
        Side::Out => "出库单",
    };
    match &e {
        CoreError::Problems(list) if list.len() == 1 => match &list[0].kind {
            Kind::Unknown { .. } => format!("业务单 {} 不存在", shown(no)),
            Kind::AlreadyDone { .. } => refused(OtherOrderStatus::Done.code()),
            Kind::AlreadyCancelled { .. } => refused(OtherOrderStatus::Cancelled.code()),
            Kind::WrongState { state, .. } => refused(*state),
            Kind::Conflict { holder, .. } => format!(
                "业务单 {} 已有未取消的{doc} {}，不允许取消",
                shown(no),
                shown(holder)
            ),
            _ => flag::core_fail(&FLAG_NAMES)(e).1,
        },
        _ => flag::core_fail(&FLAG_NAMES)(e).1,
    }
}

async fn cancel(
    c: &flag::Ctx<'_>,
    side: Side,
    req: fa::CancelOrders,
) -> Result<Out<fa::CancelResult>, flag::Fail> {
    if req.order_no_list.is_empty() {
        return Err(biz("业务单号 order_no_list 不能为空"));
    }
    c.within_list_limit("order_no_list", req.order_no_list.len())?;
    let failed = c
        .state
        .store
        .cancel_other_orders(&c.caller, side, &req.order_no_list)
        .await?;
    let mut error_data = Vec::new();
    let mut success_data = Vec::new();
    let mut failed = failed.into_iter().peekable();
    // `failed` is in request order: each number is a success unless it is the next failure.
    for no in req.order_no_list {
        match failed.next_if(|(f, _)| *f == no) {
            Some((_, e)) => error_data.push(fa::CancelError {
                err_msg: cancel_message(side, &no, e),
                order_no: no,
            }),
            None => success_data.push(no),
        }
    }
    Ok(Out::data(fa::CancelResult {
        success_data,
        error_data,
    }))
}

impl flag::Op for fa::InOrderCancelCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::CancelOrders,
    ) -> Result<Out<fa::CancelResult>, flag::Fail> {
        cancel(c, Side::In, req).await
    }
}

impl flag::Op for fa::OutOrderCancelCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::CancelOrders,
    ) -> Result<Out<fa::CancelResult>, flag::Fail> {
        cancel(c, Side::Out, req).await
    }
}

/// The orders a query asks for, a page of them, with how many match in all.
async fn query(
    c: &flag::Ctx<'_>,
    side: Side,
    q: fa::OrderQuery,
) -> Result<(Vec<DocView>, i64), flag::Fail> {
    let (field, no) = match side {
        Side::In => ("other_in_no", q.other_in_no),
        Side::Out => ("other_out_no", q.other_out_no),
    };
    let no = no.filter(|s| !s.is_empty());
    let w = range(
        ("start_time", q.start_time.as_deref()),
        ("end_time", q.end_time.as_deref()),
        DAYS_30,
        no.is_none(),
    )?;
    let time_field = match q.time_type.unwrap_or(1) {
        1 => TimeField::Created,
        2 => TimeField::Modified,
        t => {
            return Err(biz(format!(
                "time_type 不合法(1 创建时间, 2 最后修改时间): {t}"
            )))
        }
    };
    let statuses = statuses(c, "status", q.status.as_deref())?;
    c.state
        .store
        .require_warehouse(&c.caller, q.warehouse_no.as_deref())
        .await?;
    let doc_nos = match no {
        Some(no) if q.fuzzy_query.unwrap_or(false) => {
            let found = c
                .state
                .store
                .other_order_nos_containing(&c.caller, side, &no, 2)
                .await?;
            if found.len() > 1 {
                return Err(biz(format!(
                    "{field} {} 模糊查询匹配到多条业务单, 请输入更完整的单号",
                    shown(&no)
                )));
            }
            if found.is_empty() {
                return Ok((Vec::new(), 0));
            }
            found
        }
        Some(no) => vec![no],
        None => Vec::new(),
    };
    let dq = DocQuery {
        kinds: vec![order_kind(side)],
        statuses,
        warehouse_no: q.warehouse_no,
        doc_nos,
        time_field,
        from: w.map(|w| w.0),
        to: w.map(|w| w.1),
        ..Default::default()
    };
    Ok(c.state.store.query_docs(&c.caller, &dq, c.page()).await?)
}

/// A header attribute the order echoes back.
fn attr(d: &DocView, key: &str) -> String {
    serde_json::from_str::<serde_json::Value>(&d.extra)
        .ok()
        .and_then(|v| v[key].as_str().map(str::to_string))
        .unwrap_or_default()
}

/// openwdt keeps no logistics companies: the name is the code the order was pushed with.
fn logistics_name(d: &DocView) -> String {
    let code = attr(d, "logistics_code");
    if code.is_empty() {
        "无".into()
    } else {
        code
    }
}

impl flag::Op for fa::InOrderQueryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::OrderQuery>,
    ) -> Result<Out<fa::InOrderList>, flag::Fail> {
        let (docs, total) = query(c, Side::In, req.params).await?;
        Ok(Out::data(fa::InOrderList {
            order: docs.iter().map(in_order).collect(),
            total_count: total,
        }))
    }
}

fn in_order(d: &DocView) -> fa::InOrder {
    fa::InOrder {
        rec_id: d.id,
        other_in_no: d.doc_no.clone(),
        status: d.status,
        warehouse_no: d.warehouse_no.clone(),
        warehouse_name: d.warehouse_name.clone(),
        warehouse_id: d.warehouse_id,
        logistics_no: attr(d, "logistics_no"),
        logistics_name: logistics_name(d),
        logistics_id: 0,
        remark: d.remark.clone(),
        employee_name: d.creator.clone(),
        note_count: 0,
        reason: d.reason.clone(),
        created: d.created,
        modified: d.modified,
        prop1: attr(d, "prop1"),
        prop2: attr(d, "prop2"),
        prop3: attr(d, "prop3"),
        prop4: attr(d, "prop4"),
        prop5: attr(d, "prop5"),
        prop6: attr(d, "prop6"),
        outer_no: String::new(),
        detail_list: d
            .lines
            .iter()
            .map(|l| fa::InOrderDetail {
                rec_id: l.id,
                other_in_id: d.id,
                num: l.num,
                num2: l.num,
                in_num: l.in_num,
                expire_date: l.expire_date.clone(),
                remark: l.remark.clone(),
                goods_name: l.goods_name.clone(),
                goods_no: l.goods_no.clone(),
                goods_id: l.goods_id,
                spec_id: l.spec_id,
                short_name: l.short_name.clone(),
                spec_no: l.spec_no.clone(),
                spec_name: l.spec_name.clone(),
                spec_code: l.spec_code.clone(),
                barcode: l.barcode.clone(),
                position_no: l.position_no.clone(),
                defect: l.defect,
                modified_date: clock::format_millis(d.modified),
                created_date: clock::format_millis(l.created),
                batch_no: l.batch_no.clone(),
                production_date: l.production_date.clone(),
                price: l.price,
            })
            .collect(),
    }
}

impl flag::Op for fa::OutOrderQueryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::OrderQuery>,
    ) -> Result<Out<fa::OutOrderList>, flag::Fail> {
        let (docs, total) = query(c, Side::Out, req.params).await?;
        Ok(Out::data(fa::OutOrderList {
            order: docs.iter().map(out_order).collect(),
            total_count: total,
        }))
    }
}

fn out_line(d: &DocView, l: &LineView) -> fa::OutOrderDetail {
    fa::OutOrderDetail {
        rec_id: l.id,
        other_out_id: d.id,
        num: l.num,
        num2: l.num,
        out_num: l.out_num,
        expire_date: l.expire_date.clone(),
        remark: l.remark.clone(),
        goods_name: l.goods_name.clone(),
        goods_id: l.goods_id,
        spec_id: l.spec_id,
        goods_no: l.goods_no.clone(),
        short_name: l.short_name.clone(),
        spec_no: l.spec_no.clone(),
        spec_name: l.spec_name.clone(),
        spec_code: l.spec_code.clone(),
        barcode: l.barcode.clone(),
        defect: l.defect,
        modified_date: clock::format_millis(d.modified),
        created_date: clock::format_millis(l.created),
        batch_no: l.batch_no.clone(),
        production_date: l.production_date.clone(),
        price: l.price,
    }
}

fn out_order(d: &DocView) -> fa::OutOrder {
    fa::OutOrder {
        rec_id: d.id,
        other_out_no: d.doc_no.clone(),
        status: d.status,
        warehouse_no: d.warehouse_no.clone(),
        warehouse_name: d.warehouse_name.clone(),
        warehouse_id: d.warehouse_id,
        logistics_no: attr(d, "logistics_no"),
        logistics_name: logistics_name(d),
        logistics_id: 0,
        receiver_name: attr(d, "receiver_name"),
        receiver_province: attr(d, "receiver_province"),
        receiver_city: attr(d, "receiver_city"),
        receiver_district: attr(d, "receiver_district"),
        receiver_address: attr(d, "receiver_address"),
        receiver_mobile: attr(d, "receiver_mobile"),
        is_reserved: false,
        remark: d.remark.clone(),
        employee_name: d.creator.clone(),
        note_count: 0,
        reason: d.reason.clone(),
        created: d.created,
        modified: d.modified,
        prop1: attr(d, "prop1"),
        prop2: attr(d, "prop2"),
        prop3: attr(d, "prop3"),
        prop4: attr(d, "prop4"),
        prop5: attr(d, "prop5"),
        prop6: attr(d, "prop6"),
        outer_no: String::new(),
        detail_list: d.lines.iter().map(|l| out_line(d, l)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openwdt_core::problem::Problem;

    fn one(kind: Kind) -> CoreError {
        CoreError::Problems(vec![Problem {
            field: Field::DocNo,
            line: None,
            subject: None,
            kind,
        }])
    }

    #[test]
    fn a_refused_cancellation_names_the_status() {
        let m = cancel_message(
            Side::In,
            "QR1",
            one(Kind::WrongState {
                value: "QR1".into(),
                state: 60,
            }),
        );
        assert_eq!(
            m,
            "单据状态为部分入库(60), 不是编辑中、待审核、已审核，不允许取消"
        );
        let m = cancel_message(
            Side::Out,
            "QC1",
            one(Kind::AlreadyDone {
                value: "QC1".into(),
            }),
        );
        assert!(m.starts_with("单据状态为已完成(70)"), "{m}");
        let m = cancel_message(
            Side::Out,
            "QC1",
            one(Kind::Conflict {
                value: "QC1".into(),
                holder: "CK1".into(),
            }),
        );
        assert!(m.contains("未取消的出库单 CK1"), "{m}");
    }
}
