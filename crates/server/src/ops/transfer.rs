//! Transfers (调拨单) and their stock-outs and stock-ins: `wms.stocktransfer.*`,
//! `wms.stockout.Transfer.*`, `wms.stockin.Transfer.*`, `stock_transfer_push.php`.

use openwdt_core::document::{DocKind, StockinStatus, StockoutStatus};
use openwdt_core::error::CoreError;
use openwdt_core::movement::{DocQuery, DocView, MoveLine, Side};
use openwdt_core::problem::Field;
use openwdt_core::transfer::{NewTransfer, TransferLine, TransferMove};
use openwdt_core::{clock, Dec4};
use openwdt_wire::api::transfer::enterprise as ea;
use openwdt_wire::api::transfer::flagship as fa;
use openwdt_wire::fields::shown;

use crate::enterprise as ent;
use crate::flagship::{self as flag, biz, range, required, statuses, Out, DAYS_30};

fn flag_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "transfer_no",
        Field::PositionNo => "from_position_no",
        other => crate::ops::domain_name(other),
    }
}

static FLAG_NAMES: flag::Names = flag::Names {
    lines: "detailList",
    field: flag_field,
};

fn flag_fail(e: CoreError) -> flag::Fail {
    match e {
        CoreError::Duplicate {
            value, existing, ..
        } => biz(match existing {
            Some(no) => format!("外部单号重复! outer_no {} 已是调拨单 {no}", shown(&value)),
            None => format!("外部单号重复! outer_no {}", shown(&value)),
        }),
        other => flag::core_fail(&FLAG_NAMES)(other),
    }
}

impl flag::Op for fa::CreateTransferCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::CreateTransferArgs,
    ) -> Result<Out<fa::PushResult>, flag::Fail> {
        let o = req.order_info;
        let from = o.from_warehouse_no.unwrap_or_default();
        let to = o.to_warehouse_no.unwrap_or_default();
        required(&from, "调出仓库", "from_warehouse_no")?;
        required(&to, "调入仓库", "to_warehouse_no")?;
        let quick = match o.mode.unwrap_or(0) {
            0..=2 => false,
            5..=7 => true,
            m => {
                return Err(biz(format!(
                    "调拨类型 mode 不合法(0/1/2 分步, 5/6/7 出+入): {m}"
                )))
            }
        };
        let extra = serde_json::json!({"contact": o.contact, "telno": o.telno, "province": o.province,
            "city": o.city, "district": o.district, "address": o.address, "mode": o.mode});
        let cmd = NewTransfer {
            outer_no: o.outer_no.filter(|s| !s.is_empty()),
            from_warehouse_no: from,
            to_warehouse_no: to,
            quick,
            check: req.is_check,
            remark: o.remark.unwrap_or_default(),
            extra: extra.to_string(),
            lines: req
                .detail_list
                .into_iter()
                .map(|d| TransferLine {
                    spec_no: d.spec_no,
                    num: d.num.into_string(),
                    defect: d.defect.unwrap_or(false),
                    from_position_no: d.from_position_no,
                    to_position_no: d.to_position_no,
                    batch_no: d.batch_no,
                    remark: d.remark.unwrap_or_default(),
                })
                .collect(),
        };
        let t = c
            .state
            .store
            .create_transfer(&c.caller, cmd)
            .await
            .map_err(flag_fail)?;
        Ok(Out::data(fa::PushResult {
            message: t.doc_no,
            status: 0,
        }))
    }
}

async fn flag_move(
    c: &flag::Ctx<'_>,
    side: Side,
    req: fa::MoveArgs,
) -> Result<Out<fa::PushResult>, flag::Fail> {
    let o = req.order_info;
    let transfer_no = o.src_order_no.unwrap_or_default();
    required(&transfer_no, "源调拨单号", "src_order_no")?;
    let warehouse_no = o.warehouse_no.unwrap_or_default();
    required(&warehouse_no, "仓库编号", "warehouse_no")?;
    let status = match (side, o.is_check.unwrap_or(0)) {
        (Side::Out, 0) => StockoutStatus::Submitted.code(),
        (Side::Out, 1) => StockoutStatus::Done.code(),
        (Side::Out, 2) => StockoutStatus::Unconfirmed.code(),
        (Side::In, 0) => StockinStatus::Submitted.code(),
        (Side::In, 1) => StockinStatus::Done.code(),
        (Side::In, 2) => StockinStatus::Editing.code(),
        (_, v) => {
            return Err(biz(format!(
                "is_check 不合法(0 待审核, 1 已审核, 2 未确认/编辑中): {v}"
            )))
        }
    };
    let lines = req
        .detail_list
        .into_iter()
        .map(|d| MoveLine {
            spec_no: d.spec_no,
            defect: d.defect.unwrap_or(false),
            num: d.num.into_string(),
            position_no: d.position_no,
            batch_no: d.batch_no,
            expire_date: d.expire_date,
            remark: d.remark.unwrap_or_default(),
            extra: "{}".into(),
            ..Default::default()
        })
        .collect();
    let cmd = TransferMove {
        side,
        transfer_no,
        warehouse_no,
        status,
        create_batch: o.is_create_batch.unwrap_or(false),
        remark: o.remark.unwrap_or_default(),
        extra: serde_json::json!({"logistics_code": o.logistics_code}).to_string(),
        lines,
    };
    let created = c
        .state
        .store
        .transfer_move(&c.caller, cmd)
        .await
        .map_err(flag::core_fail(&FLAG_NAMES))?;
    Ok(Out::data(fa::PushResult {
        message: created.doc_no,
        status: 0,
    }))
}

impl flag::Op for fa::TransferOutCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::MoveArgs) -> Result<Out<fa::PushResult>, flag::Fail> {
        flag_move(c, Side::Out, req).await
    }
}

impl flag::Op for fa::TransferInCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::MoveArgs) -> Result<Out<fa::PushResult>, flag::Fail> {
        flag_move(c, Side::In, req).await
    }
}

impl flag::Op for fa::CancelTransferCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::TransferNo) -> Result<Out<()>, flag::Fail> {
        let no = required(&req.transfer_no, "调拨单号", "transfer_no")?;
        c.state
            .store
            .cancel_transfer(&c.caller, no)
            .await
            .map_err(flag::core_fail(&FLAG_NAMES))?;
        Ok(Out::data(()))
    }
}

impl flag::Op for fa::CancelTransferOutCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::TransferOutNo) -> Result<Out<()>, flag::Fail> {
        let no = required(&req.transfer_out_no, "调拨出库单号", "transfer_out_no")?;
        c.state
            .store
            .cancel_transfer_move(&c.caller, Side::Out, no)
            .await
            .map_err(flag::core_fail(&FLAG_NAMES))?;
        Ok(Out::data(()))
    }
}

impl flag::Op for fa::CancelTransferInCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::TransferInNo) -> Result<Out<()>, flag::Fail> {
        let no = required(&req.transfer_in_no, "调拨入库单号", "transfer_in_no")?;
        c.state
            .store
            .cancel_transfer_move(&c.caller, Side::In, no)
            .await
            .map_err(flag::core_fail(&FLAG_NAMES))?;
        Ok(Out::data(()))
    }
}

impl flag::Op for fa::PendingTransferCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::PendingArgs,
    ) -> Result<Out<fa::PendingResult>, flag::Fail> {
        c.within_list_limit("transferNos", req.transfer_nos.len())?;
        let failed = c
            .state
            .store
            .stop_transfers(&c.caller, &req.transfer_nos, req.isback)
            .await?;
        let error_info = failed
            .into_iter()
            .map(|(order_no, e)| fa::PendingError {
                order_no,
                message: flag::core_fail(&FLAG_NAMES)(e).1,
            })
            .collect();
        Ok(Out::data(fa::PendingResult {
            error_info,
            status: 0,
        }))
    }
}

/// 出入库状态 of a transfer from its lines' totals.
fn out_in_status(num: Dec4, out: Dec4, inn: Dec4) -> i64 {
    match (out.is_zero(), out >= num, inn.is_zero(), inn >= num) {
        (true, _, _, _) => 10,
        (_, _, _, true) => 60,
        (false, false, true, _) => 20,
        (false, false, false, _) => 30,
        (false, true, true, _) => 40,
        (false, true, false, _) => 50,
    }
}

fn sum(d: &DocView, f: impl Fn(&openwdt_core::movement::LineView) -> Dec4) -> Dec4 {
    d.lines
        .iter()
        .fold(Dec4::ZERO, |a, l| a.checked_add(f(l)).unwrap_or(a))
}

fn transfer_row(d: &DocView) -> fa::TransferRow {
    let (num, out, inn) = (
        sum(d, |l| l.num),
        sum(d, |l| l.out_num),
        sum(d, |l| l.in_num),
    );
    let mut specs: Vec<i64> = d.lines.iter().map(|l| l.spec_id).collect();
    specs.sort_unstable();
    specs.dedup();
    fa::TransferRow {
        transfer_id: d.id,
        transfer_no: d.doc_no.clone(),
        mode: serde_json::from_str::<serde_json::Value>(&d.extra)
            .ok()
            .and_then(|v| v["mode"].as_i64())
            .unwrap_or(if d.mode == 1 { 5 } else { 0 }),
        status: d.status,
        stock_out_in_status: out_in_status(num, out, inn),
        goods_count: num,
        goods_type_count: specs.len() as i64,
        goods_in_count: inn,
        goods_out_count: out,
        modified: d.modified,
        created: d.created,
        check_time: clock::format_opt(d.check_time),
        remark: d.remark.clone(),
        from_warehouse_no: d.warehouse_no.clone(),
        to_warehouse_no: d.to_warehouse_no.clone(),
        creator_name: d.creator.clone(),
        modified_date: clock::format_millis(d.modified),
        created_date: clock::format_millis(d.created),
        flag_name: "无".into(),
        details_list: d
            .lines
            .iter()
            .map(|l| fa::TransferRowDetail {
                transfer_id: d.id,
                rec_id: l.id,
                batch_no: l.batch_no.clone(),
                expire_date: l.expire_date.clone(),
                num: l.num,
                out_num: l.out_num,
                in_num: l.in_num,
                remark: l.remark.clone(),
                goods_no: l.goods_no.clone(),
                goods_name: l.goods_name.clone(),
                spec_no: l.spec_no.clone(),
                spec_name: l.spec_name.clone(),
                defect: l.defect,
            })
            .collect(),
    }
}

impl flag::Op for fa::QueryTransfersCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::TransferQuery>,
    ) -> Result<Out<fa::TransferList>, flag::Fail> {
        let q = req.params;
        let w = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", q.end_time.as_deref()),
            DAYS_30,
            q.transfer_no.is_none(),
        )?;
        let dq = DocQuery {
            kinds: vec![DocKind::Transfer],
            statuses: statuses(c, "status", q.status.as_deref())?,
            warehouse_no: q.from_warehouse_no,
            to_warehouse_no: q.to_warehouse_no,
            doc_nos: q.transfer_no.into_iter().collect(),
            from: w.map(|w| w.0),
            to: w.map(|w| w.1),
            ..Default::default()
        };
        let (docs, total) = c.state.store.query_docs(&c.caller, &dq, c.page()).await?;
        Ok(Out::data(fa::TransferList {
            total_count: total,
            order: docs.iter().map(transfer_row).collect(),
        }))
    }
}

static ENT_NAMES: ent::Names = ent::Names {
    lines: "transfer_info.skus",
    field: flag_field,
};

impl ent::Op for ea::StockTransferPushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockTransferPush,
    ) -> Result<ea::StockTransferPushAnswer, ent::Fail> {
        let o = req
            .transfer_info
            .ok_or_else(|| ent::missing("transfer_info"))?;
        let skus = o.skus.ok_or_else(|| ent::missing("transfer_info.skus"))?;
        let outer_no = o.outer_no.unwrap_or_default();
        ent::required(&outer_no, "transfer_info.outer_no")?;
        let from = o.from_warehouse_no.unwrap_or_default();
        ent::required(&from, "transfer_info.from_warehouse_no")?;
        let to = o.to_warehouse_no.unwrap_or_default();
        ent::required(&to, "transfer_info.to_warehouse_no")?;
        let extra = serde_json::json!({"contact": o.contact, "telno": o.telno, "address": o.address,
            "mode": o.mode.unwrap_or(0) + if o.transfer_type.unwrap_or(1) == 1 { 5 } else { 0 }});
        let cmd = NewTransfer {
            outer_no: Some(outer_no),
            from_warehouse_no: from,
            to_warehouse_no: to,
            quick: o.transfer_type.unwrap_or(1) == 1,
            check: o.autocheck.unwrap_or(false),
            remark: o.remark.unwrap_or_default(),
            extra: extra.to_string(),
            lines: skus
                .into_iter()
                .map(|s| TransferLine {
                    spec_no: s.spec_no,
                    num: s.num.into_string(),
                    from_position_no: s.from_position_no,
                    to_position_no: s.to_position_no,
                    remark: s.remark.unwrap_or_default(),
                    ..Default::default()
                })
                .collect(),
        };
        let t = c
            .state
            .store
            .create_transfer(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_NAMES))?;
        Ok(ea::StockTransferPushAnswer {
            transfer_no: t.doc_no,
        })
    }
}
