//! Other stock-ins and stock-outs (其他入库单 / 其他出库单): `wms.stockin.Other.*`,
//! `wms.stockout.Other.*`, `stockin_order_push.php`, `stockout_order_push.php`.

use openwdt_core::document::{DocKind, StockinStatus, StockoutStatus};
use openwdt_core::error::CoreError;
use openwdt_core::movement::{DocQuery, DocView, MoveLine, Side, TimeField};
use openwdt_core::other::OtherMove;
use openwdt_core::problem::Field;
use openwdt_core::{clock, Dec4};
use openwdt_wire::api::other::enterprise as ea;
use openwdt_wire::api::other::flagship as fa;
use openwdt_wire::Num;

use crate::enterprise as ent;
use crate::flagship::{self as flag, biz, range, required, statuses, Out, DAYS_30};

fn flag_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "order_no",
        Field::Price => "stockin_price",
        other => crate::ops::domain_name(other),
    }
}

static FLAG_NAMES: flag::Names = flag::Names {
    lines: "goods_list",
    field: flag_field,
};

/// A flagship refusal; a duplicate names the 单据 that has the number.
fn flag_fail(e: CoreError) -> flag::Fail {
    crate::ops::flag_fail(&FLAG_NAMES, "单据")(e)
}

/// `is_check` of a flagship push: 0 待审核 (default), 1 已审核 (posted), 2 编辑中 / 未确认.
fn flag_status(side: Side, is_check: Option<i64>) -> Result<i64, flag::Fail> {
    let code = match (side, is_check.unwrap_or(0)) {
        (Side::In, 0) => StockinStatus::Submitted.code(),
        (Side::In, 1) => StockinStatus::Done.code(),
        (Side::In, 2) => StockinStatus::Editing.code(),
        (Side::Out, 0) => StockoutStatus::Submitted.code(),
        (Side::Out, 1) => StockoutStatus::Done.code(),
        (Side::Out, 2) => StockoutStatus::Unconfirmed.code(),
        (_, v) => {
            let stored = if side == Side::In {
                "编辑中"
            } else {
                "未确认"
            };
            return Err(biz(format!(
                "is_check 不合法(0 待审核, 1 已审核, 2 {stored}): {v}"
            )));
        }
    };
    Ok(code)
}

fn num(v: Option<Num>) -> Option<String> {
    v.map(Num::into_string)
}

fn flag_lines(goods: Vec<fa::OtherGoods>) -> Vec<MoveLine> {
    goods
        .into_iter()
        .map(|g| MoveLine {
            spec_no: g.spec_no,
            defect: g.defect.unwrap_or(false),
            num: g.num.into_string(),
            price: num(g.stockin_price),
            position_no: g.position_no,
            batch_no: g.batch_no,
            production_date: g.production_date,
            expire_date: g.expire_date,
            remark: g.remark.unwrap_or_default(),
            src_line_id: None,
            extra: "{}".into(),
        })
        .collect()
}

/// Header fields the document only echoes back.
fn extra(
    logistics_code: Option<String>,
    logistics_no: Option<String>,
    post_fee: Option<Num>,
) -> String {
    serde_json::json!({
        "logistics_code": logistics_code.unwrap_or_default(),
        "logistics_no": logistics_no.unwrap_or_default(),
        "post_fee": post_fee.map(Num::into_string).unwrap_or_default(),
    })
    .to_string()
}

pub(crate) fn extra_text(d: &DocView, key: &str) -> String {
    serde_json::from_str::<serde_json::Value>(&d.extra)
        .ok()
        .and_then(|v| v[key].as_str().map(str::to_string))
        .unwrap_or_default()
}

async fn flag_push(
    c: &flag::Ctx<'_>,
    side: Side,
    o: fa::OtherOrder,
) -> Result<Out<fa::PushResult>, flag::Fail> {
    let outer_no = o.outer_no.clone().unwrap_or_default();
    required(&outer_no, "外部单号", "outer_no")?;
    let warehouse_no = o.warehouse_no.clone().unwrap_or_default();
    required(&warehouse_no, "仓库编号", "warehouse_no")?;
    let cmd = OtherMove {
        side,
        warehouse_no,
        outer_no: Some(outer_no),
        // The vendor: the outer number becomes the document's number.
        number_is_outer: true,
        src_order_no: o.src_order_no.filter(|s| !s.is_empty()),
        status: flag_status(side, o.is_check)?,
        // The vendor: a stock-in's unknown batch is created.
        create_batch: true,
        reason: o.reason.unwrap_or_default(),
        remark: o.remark.unwrap_or_default(),
        extra: extra(o.logistics_code, o.logistics_no, o.post_fee),
        lines: flag_lines(o.goods_list),
    };
    let created = c
        .state
        .store
        .create_other(&c.caller, cmd)
        .await
        .map_err(flag_fail)?;
    Ok(Out::data(fa::PushResult {
        message: created.doc_no,
        status: 0,
    }))
}

impl flag::Op for fa::StockinOtherCreateCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::StockinOtherArgs,
    ) -> Result<Out<fa::PushResult>, flag::Fail> {
        flag_push(c, Side::In, req.stockin_order).await
    }
}

impl flag::Op for fa::StockoutOtherCreateCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::StockoutOtherArgs,
    ) -> Result<Out<fa::PushResult>, flag::Fail> {
        flag_push(c, Side::Out, req.stockout_order).await
    }
}

async fn flag_cancel(
    c: &flag::Ctx<'_>,
    side: Side,
    req: fa::CancelOther,
) -> Result<Out<()>, flag::Fail> {
    let no = required(&req.order_no, "单号", "order_no")?;
    c.state
        .store
        .cancel_other(&c.caller, side, no, req.is_force)
        .await
        .map_err(flag::core_fail(&FLAG_NAMES))?;
    Ok(Out::data(()))
}

impl flag::Op for fa::StockinOtherCancelCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::CancelOther) -> Result<Out<()>, flag::Fail> {
        flag_cancel(c, Side::In, req).await
    }
}

impl flag::Op for fa::StockoutOtherCancelCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::CancelOther) -> Result<Out<()>, flag::Fail> {
        flag_cancel(c, Side::Out, req).await
    }
}

/// A query window of at most 30 days, required unless a number names the documents.
fn window(s: Option<&str>, e: Option<&str>, named: bool) -> Result<Option<(i64, i64)>, flag::Fail> {
    range(("start_time", s), ("end_time", e), DAYS_30, !named)
}

pub(crate) fn total_of(
    lines: &[openwdt_core::movement::LineView],
    f: impl Fn(&openwdt_core::movement::LineView) -> Option<Dec4>,
) -> Dec4 {
    lines.iter().fold(Dec4::ZERO, |a, l| {
        f(l).and_then(|v| a.checked_add(v)).unwrap_or(a)
    })
}

impl flag::Op for fa::StockinOtherQueryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::StockinOtherQuery>,
    ) -> Result<Out<fa::StockinOtherList>, flag::Fail> {
        let q = req.params;
        let named = q.stockin_no.is_some() || q.other_stockin_no.is_some();
        let w = window(q.start_time.as_deref(), q.end_time.as_deref(), named)?;
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        let dq = DocQuery {
            kinds: vec![DocKind::OtherIn],
            statuses: statuses(c, "status", q.status.as_deref())?,
            warehouse_no: q.warehouse_no,
            doc_nos: q.stockin_no.into_iter().collect(),
            src_order_no: q.other_stockin_no,
            reason: q.reason_name,
            from: w.map(|w| w.0),
            to: w.map(|w| w.1),
            ..Default::default()
        };
        let (docs, total) = c.state.store.query_docs(&c.caller, &dq, c.page()).await?;
        let order = docs.iter().map(stockin_other).collect();
        Ok(Out::data(fa::StockinOtherList {
            order,
            total_count: total,
        }))
    }
}

fn stockin_other(d: &DocView) -> fa::StockinOther {
    let detail_list = d
        .lines
        .iter()
        .map(|l| fa::StockinOtherDetail {
            rec_id: l.id,
            stockin_id: d.id,
            goods_count: l.num,
            total_cost: l.price.mul_round(l.num).unwrap_or_default(),
            remark: l.remark.clone(),
            right_num: l.num,
            batch_no: l.batch_no.clone(),
            production_date: l.production_date.clone(),
            expire_date: l.expire_date.clone(),
            goods_name: l.goods_name.clone(),
            goods_no: l.goods_no.clone(),
            spec_no: l.spec_no.clone(),
            spec_name: l.spec_name.clone(),
            spec_code: l.spec_code.clone(),
            defect: l.defect,
            checked_cost_price: l.price,
            position_no: l.position_no.clone(),
            ..Default::default()
        })
        .collect();
    let total = total_of(&d.lines, |l| l.price.mul_round(l.num));
    fa::StockinOther {
        stockin_id: d.id,
        order_no: d.doc_no.clone(),
        status: d.status,
        warehouse_no: d.warehouse_no.clone(),
        warehouse_name: d.warehouse_name.clone(),
        stockin_time: clock::format_opt(d.check_time),
        created_time: clock::format_millis(d.created),
        reason: d.reason.clone(),
        remark: d.remark.clone(),
        goods_count: total_of(&d.lines, |l| Some(l.num)),
        check_time: clock::format_opt(d.check_time),
        src_order_no: d.src_order_no.clone(),
        operator_name: d.creator.clone(),
        total_price: total,
        total_cost: total,
        logistics_company_no: extra_text(d, "logistics_code"),
        detail_list,
        ..Default::default()
    }
}

impl flag::Op for fa::StockoutOtherQueryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::StockoutOtherQuery>,
    ) -> Result<Out<fa::StockoutOtherList>, flag::Fail> {
        let q = req.params;
        let named = q.stockout_no.is_some() || q.src_order_no.is_some();
        let w = window(q.start_time.as_deref(), q.end_time.as_deref(), named)?;
        let time_field = match q.time_type.unwrap_or(1) {
            1 => TimeField::CheckTime,
            2 => TimeField::Created,
            3 => TimeField::Modified,
            t => {
                return Err(biz(format!(
                    "time_type 不合法(1 发货时间, 2 创建时间, 3 最后修改时间): {t}"
                )))
            }
        };
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        // `status` filters by the business order's status (as the vendor documents it).
        let order_status = q.status;
        let dq = DocQuery {
            kinds: vec![DocKind::OtherOut],
            warehouse_no: q.warehouse_no,
            doc_nos: q.stockout_no.into_iter().collect(),
            src_order_no: q.src_order_no,
            reason: q.reason_name,
            time_field,
            from: w.map(|w| w.0),
            to: w.map(|w| w.1),
            order_status,
            ..Default::default()
        };
        let (docs, total) = c.state.store.query_docs(&c.caller, &dq, c.page()).await?;
        let order = docs.iter().map(stockout_other).collect();
        Ok(Out::data(fa::StockoutOtherList {
            order,
            total_count: total,
        }))
    }
}

fn stockout_other(d: &DocView) -> fa::StockoutOther {
    let detail_list = d
        .lines
        .iter()
        .map(|l| fa::StockoutOtherDetail {
            rec_id: l.id,
            stockout_id: d.id,
            goods_count: l.num,
            total_amount: l.price.mul_round(l.num).unwrap_or_default(),
            expire_date: l.expire_date.clone(),
            remark: l.remark.clone(),
            goods_name: l.goods_name.clone(),
            goods_no: l.goods_no.clone(),
            spec_no: l.spec_no.clone(),
            spec_name: l.spec_name.clone(),
            spec_code: l.spec_code.clone(),
            defect: l.defect,
            cost_price: l.price,
            goods_type: 1,
            batch_no: l.batch_no.clone(),
            position_no: l.position_no.clone(),
            ..Default::default()
        })
        .collect();
    let amount = total_of(&d.lines, |l| l.price.mul_round(l.num));
    fa::StockoutOther {
        stockout_id: d.id,
        order_no: d.doc_no.clone(),
        src_order_no: d.src_order_no.clone(),
        warehouse_no: d.warehouse_no.clone(),
        warehouse_name: d.warehouse_name.clone(),
        consign_time: clock::format_opt(d.check_time),
        order_type: 21,
        status: d.status,
        goods_count: total_of(&d.lines, |l| Some(l.num)),
        post_fee: extra_text(d, "post_fee").parse().unwrap_or_default(),
        logistics_no: extra_text(d, "logistics_no"),
        remark: d.remark.clone(),
        operator_name: d.creator.clone(),
        goods_total_cost: amount,
        goods_total_amount: amount,
        modified: clock::format_millis(d.modified),
        reason: d.reason.clone(),
        checked_goods_total_cost: amount,
        logistics_company_no: extra_text(d, "logistics_code"),
        detail_list,
        ..Default::default()
    }
}

fn ent_in_field(f: Field) -> &'static str {
    match f {
        Field::Quantity => "stockin_num",
        Field::Price => "stockin_price",
        other => crate::ops::domain_name(other),
    }
}

static ENT_IN_NAMES: ent::Names = ent::Names {
    lines: "stockin_info.goods_list",
    field: ent_in_field,
};

static ENT_OUT_NAMES: ent::Names = ent::Names {
    lines: "stockout_info.detail_list",
    field: crate::ops::domain_name,
};

impl ent::Op for ea::StockinOrderPushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockinOrderPush,
    ) -> Result<ea::StockinOrderPushAnswer, ent::Fail> {
        let o = req
            .stockin_info
            .ok_or_else(|| ent::missing("stockin_info"))?;
        let goods = o
            .goods_list
            .ok_or_else(|| ent::missing("stockin_info.goods_list"))?;
        let outer_no = ent::take(o.outer_no, "stockin_info.outer_no")?;
        let warehouse_no = ent::take(o.warehouse_no, "stockin_info.warehouse_no")?;
        let lines = goods
            .into_iter()
            .map(|g| MoveLine {
                spec_no: g.spec_no,
                num: g.stockin_num.into_string(),
                price: num(g.stockin_price.or(g.src_price)),
                position_no: g.position_no,
                batch_no: g.batch_no,
                production_date: g.production_date,
                expire_date: g.expire_date,
                remark: g.remark.unwrap_or_default(),
                extra: "{}".into(),
                ..Default::default()
            })
            .collect();
        let cmd = OtherMove {
            side: Side::In,
            warehouse_no,
            outer_no: Some(outer_no),
            number_is_outer: false,
            src_order_no: None,
            status: if o.is_check.unwrap_or(false) {
                StockinStatus::Done.code()
            } else {
                StockinStatus::Submitted.code()
            },
            create_batch: o.is_create_batch.unwrap_or(false),
            reason: o.reason.unwrap_or_default(),
            remark: o.remark.unwrap_or_default(),
            extra: extra(o.logistics_code, o.logistics_no, None),
            lines,
        };
        let created = c
            .state
            .store
            .create_other(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_IN_NAMES))?;
        Ok(ea::StockinOrderPushAnswer {
            stockin_no: created.doc_no,
        })
    }
}

impl ent::Op for ea::StockoutOrderPushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockoutOrderPush,
    ) -> Result<ea::StockoutOrderPushAnswer, ent::Fail> {
        let o = req
            .stockout_info
            .ok_or_else(|| ent::missing("stockout_info"))?;
        let goods = o
            .detail_list
            .ok_or_else(|| ent::missing("stockout_info.detail_list"))?;
        let outer_no = ent::take(o.outer_no, "stockout_info.outer_no")?;
        let warehouse_no = ent::take(o.warehouse_no, "stockout_info.warehouse_no")?;
        let lines = goods
            .into_iter()
            .map(|g| MoveLine {
                spec_no: g.spec_no,
                num: g.num.into_string(),
                price: num(g.price),
                position_no: g.position_no,
                batch_no: g.batch_no,
                remark: g.remark.unwrap_or_default(),
                extra: "{}".into(),
                ..Default::default()
            })
            .collect();
        let status = match (o.is_check.unwrap_or(false), o.is_submit.unwrap_or(true)) {
            (true, _) => StockoutStatus::Done,
            (false, true) => StockoutStatus::Submitted,
            (false, false) => StockoutStatus::Unconfirmed,
        };
        let cmd = OtherMove {
            side: Side::Out,
            warehouse_no,
            outer_no: Some(outer_no),
            number_is_outer: false,
            src_order_no: None,
            status: status.code(),
            create_batch: false,
            reason: o.reason.unwrap_or_default(),
            remark: o.remark.unwrap_or_default(),
            extra: extra(o.logistics_code, o.logistics_no, None),
            lines,
        };
        let created = c
            .state
            .store
            .create_other(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_OUT_NAMES))?;
        Ok(ea::StockoutOrderPushAnswer {
            stockout_no: created.doc_no,
        })
    }
}
