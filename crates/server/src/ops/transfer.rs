//! Transfers (调拨单) and their stock-outs and stock-ins: `wms.stocktransfer.*`,
//! `wms.stockout.Transfer.*`, `wms.stockin.Transfer.*`, `wms.outer.OuterTransfer.createByApi`,
//! `stock_transfer_push.php`, `stock_transfer_query.php`, `stockout_transfer_push.php`,
//! `stockin_transfer_push.php`.

use std::collections::HashMap;

use openwdt_core::auth::Caller;
use openwdt_core::document::{DocKind, StockinStatus, StockoutStatus};
use openwdt_core::error::{CoreError, CoreResult};
use openwdt_core::movement::{DocQuery, DocView, LineView, MoveLine, Side, TimeField};
use openwdt_core::problem::{Field, Kind as ProblemKind};
use openwdt_core::query::Page;
use openwdt_core::stockio::IoLine;
use openwdt_core::transfer::{NewTransfer, TransferLine, TransferMove};
use openwdt_core::{clock, Dec4, Store};
use openwdt_wire::api::transfer::enterprise as ea;
use openwdt_wire::api::transfer::flagship as fa;
use openwdt_wire::fields::shown;

use super::other::{extra_text, total_of};
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

/// A flagship refusal; a duplicate names the 调拨单 that has the number.
fn flag_fail(e: CoreError) -> flag::Fail {
    crate::ops::flag_fail(&FLAG_NAMES, "调拨单")(e)
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
            // A quick transfer is moved whatever `isCheck` says.
            check: quick || req.is_check,
            submit: false,
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
        outer_no: None,
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
        let outer_no = ent::take(o.outer_no, "transfer_info.outer_no")?;
        let from = ent::take(o.from_warehouse_no, "transfer_info.from_warehouse_no")?;
        let to = ent::take(o.to_warehouse_no, "transfer_info.to_warehouse_no")?;
        let quick = o.transfer_type.unwrap_or(1) == 1;
        let extra = serde_json::json!({"contact": o.contact, "telno": o.telno, "address": o.address,
            "mode": o.mode.unwrap_or(0) + if quick { 5 } else { 0 }});
        let cmd = NewTransfer {
            outer_no: Some(outer_no),
            from_warehouse_no: from,
            to_warehouse_no: to,
            quick,
            // A quick transfer is moved whatever `autocheck` says.
            check: quick || o.autocheck.unwrap_or(false),
            submit: false,
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

// ---- the stock-outs and stock-ins of transfers, read back ----

/// The transfers some stock-outs or stock-ins fulfil, by number (those whose source the app
/// may see).
async fn transfers_of(
    store: &Store,
    caller: &Caller,
    docs: &[DocView],
) -> CoreResult<HashMap<String, DocView>> {
    let mut nos: Vec<String> = docs.iter().map(|d| d.src_order_no.clone()).collect();
    nos.sort_unstable();
    nos.dedup();
    nos.retain(|n| !n.is_empty());
    if nos.is_empty() {
        return Ok(HashMap::new());
    }
    let page = Page {
        page_no: 0,
        page_size: nos.len() as i64,
    };
    let q = DocQuery {
        kinds: vec![DocKind::Transfer],
        doc_nos: nos,
        ..Default::default()
    };
    let (found, _) = store.query_docs(caller, &q, page).await?;
    Ok(found.into_iter().map(|t| (t.doc_no.clone(), t)).collect())
}

/// The postings of the posted ones among `docs`, by document.
async fn postings(
    store: &Store,
    side: Side,
    docs: &[DocView],
) -> CoreResult<HashMap<i64, Vec<IoLine>>> {
    let done = openwdt_core::stockio::done_status(side);
    let ids: Vec<i64> = docs
        .iter()
        .filter(|d| d.status == done)
        .map(|d| d.id)
        .collect();
    store.postings_of(side, &ids).await
}

/// Each line's share of its document's postings. A document posts its lines' moves line by
/// line, so they are matched in order, by spec and defect flag.
fn shares<'a>(lines: &[LineView], postings: &'a [IoLine]) -> Vec<Vec<(&'a IoLine, Dec4)>> {
    let mut left: Vec<Dec4> = postings.iter().map(|p| p.num).collect();
    lines
        .iter()
        .map(|l| {
            let mut need = l.num;
            let mut got = Vec::new();
            for (p, r) in postings.iter().zip(left.iter_mut()) {
                if need.is_zero() {
                    break;
                }
                if p.spec_id != l.spec_id || p.defect != l.defect || r.is_zero() {
                    continue;
                }
                let take = std::cmp::min(*r, need);
                *r = r.checked_sub(take).unwrap_or(Dec4::ZERO);
                need = need.checked_sub(take).unwrap_or(Dec4::ZERO);
                got.push((p, take));
            }
            got
        })
        .collect()
}

/// The line's own value, else its first posting's.
fn named_or_posted(own: &str, got: &[(&IoLine, Dec4)], f: fn(&IoLine) -> &str) -> String {
    if own.is_empty() {
        got.first()
            .map_or_else(String::new, |(p, _)| f(p).to_string())
    } else {
        own.to_string()
    }
}

fn amount(d: &DocView) -> Dec4 {
    total_of(&d.lines, |l| l.price.mul_round(l.num))
}

fn transfer_out_order(d: &DocView, t: Option<&DocView>, posted: &[IoLine]) -> fa::TransferOutOrder {
    let detail_list = d
        .lines
        .iter()
        .zip(shares(&d.lines, posted))
        .map(|(l, got)| fa::TransferOutDetail {
            rec_id: l.id,
            stockout_id: d.id,
            goods_count: l.num,
            remark: l.remark.clone(),
            goods_name: l.goods_name.clone(),
            goods_no: l.goods_no.clone(),
            spec_no: l.spec_no.clone(),
            spec_name: l.spec_name.clone(),
            spec_code: l.spec_code.clone(),
            cost_price: l.price,
            total_amount: l.price.mul_round(l.num).unwrap_or_default(),
            goods_type: 1,
            batch_no: named_or_posted(&l.batch_no, &got, |p| &p.batch_no),
            expire_date: named_or_posted(&l.expire_date, &got, |p| &p.expire_date),
            defect: l.defect,
            position_no: named_or_posted(&l.position_no, &got, |p| &p.position_no),
            src_order_detail_id: l.src_line_id.unwrap_or_default(),
            position_details_list: got
                .iter()
                .map(|(p, n)| fa::TransferOutPosition {
                    rec_id: p.rec_id,
                    stockout_detail_id: l.id,
                    position_id: p.position_id.unwrap_or_default(),
                    position_no: p.position_no.clone(),
                    expire_date: p.expire_date.clone(),
                    batch_no: p.batch_no.clone(),
                    position_goods_count: *n,
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    fa::TransferOutOrder {
        stockout_id: d.id,
        order_no: d.doc_no.clone(),
        src_order_no: d.src_order_no.clone(),
        warehouse_no: d.warehouse_no.clone(),
        consign_time: clock::format_opt(d.check_time),
        order_type: 2,
        status: d.status,
        goods_count: total_of(&d.lines, |l| Some(l.num)),
        post_fee: extra_text(d, "post_fee").parse().unwrap_or_default(),
        logistics_no: extra_text(d, "logistics_no"),
        remark: d.remark.clone(),
        st_created: t
            .map(|t| clock::format_millis(t.created))
            .unwrap_or_default(),
        from_warehouse_no: d.warehouse_no.clone(),
        to_warehouse_no: t.map(|t| t.to_warehouse_no.clone()).unwrap_or_default(),
        operator_name: d.creator.clone(),
        goods_total_cost: amount(d),
        transfer_id: t.map(|t| t.id).unwrap_or_default(),
        detail_list,
        ..Default::default()
    }
}

fn transfer_in_order(d: &DocView, t: Option<&DocView>, posted: &[IoLine]) -> fa::TransferInOrder {
    let detail_list = d
        .lines
        .iter()
        .zip(shares(&d.lines, posted))
        .map(|(l, got)| fa::TransferInDetail {
            stockin_id: d.id,
            num: l.num,
            total_cost: l.price.mul_round(l.num).unwrap_or_default(),
            remark: l.remark.clone(),
            right_num: l.num,
            rec_id: l.id,
            goods_name: l.goods_name.clone(),
            goods_no: l.goods_no.clone(),
            spec_no: l.spec_no.clone(),
            spec_name: l.spec_name.clone(),
            spec_code: l.spec_code.clone(),
            defect: l.defect,
            batch_no: named_or_posted(&l.batch_no, &got, |p| &p.batch_no),
            expire_date: named_or_posted(&l.expire_date, &got, |p| &p.expire_date),
            production_date: named_or_posted(&l.production_date, &got, |p| &p.production_date),
            position_no: named_or_posted(&l.position_no, &got, |p| &p.position_no),
            src_order_detail_id: l.src_line_id.unwrap_or_default(),
            ..Default::default()
        })
        .collect();
    fa::TransferInOrder {
        stockin_id: d.id,
        order_no: d.doc_no.clone(),
        created_time: clock::format_millis(d.created),
        check_time: clock::format_opt(d.check_time),
        modified: clock::format_millis(d.modified),
        remark: d.remark.clone(),
        src_order_no: d.src_order_no.clone(),
        st_created: t
            .map(|t| clock::format_millis(t.created))
            .unwrap_or_default(),
        status: d.status,
        goods_count: total_of(&d.lines, |l| Some(l.num)),
        from_warehouse_no: t.map(|t| t.warehouse_no.clone()).unwrap_or_default(),
        from_warehouse_name: t.map(|t| t.warehouse_name.clone()).unwrap_or_default(),
        to_warehouse_no: d.warehouse_no.clone(),
        to_warehouse_name: d.warehouse_name.clone(),
        operator_name: d.creator.clone(),
        total_price: amount(d),
        logistics_no: extra_text(d, "logistics_no"),
        logistics_code: extra_text(d, "logistics_code"),
        transfer_id: t.map(|t| t.id).unwrap_or_default(),
        detail_list,
    }
}

impl flag::Op for fa::QueryTransferOutsCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::TransferOutQuery>,
    ) -> Result<Out<fa::TransferOutList>, flag::Fail> {
        let q = req.params;
        let (docs, total) = crate::ops::FlagDocSearch {
            kind: DocKind::TransferOut,
            doc_no: q.stockout_no,
            src_order_no: q.src_order_no,
            warehouse_no: q.warehouse_no,
            status: q.status.as_deref(),
            start_time: q.start_time.as_deref(),
            end_time: q.end_time.as_deref(),
            // 发货时间: when it posted.
            time_field: TimeField::CheckTime,
        }
        .run(c)
        .await?;
        let store = &c.state.store;
        let transfers = transfers_of(store, &c.caller, &docs).await?;
        let posted = postings(store, Side::Out, &docs).await?;
        let order = docs
            .iter()
            .map(|d| {
                let p = posted.get(&d.id).map_or(&[][..], Vec::as_slice);
                transfer_out_order(d, transfers.get(&d.src_order_no), p)
            })
            .collect();
        Ok(Out::data(fa::TransferOutList {
            total_count: total,
            order,
        }))
    }
}

impl flag::Op for fa::QueryTransferInsCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::TransferInQuery>,
    ) -> Result<Out<fa::TransferInList>, flag::Fail> {
        let q = req.params;
        let (docs, total) = crate::ops::FlagDocSearch {
            kind: DocKind::TransferIn,
            doc_no: q.stockin_no,
            src_order_no: q.transfer_no,
            warehouse_no: q.warehouse_no,
            status: q.status.as_deref(),
            start_time: q.start_time.as_deref(),
            end_time: q.end_time.as_deref(),
            time_field: TimeField::Modified,
        }
        .run(c)
        .await?;
        let store = &c.state.store;
        let transfers = transfers_of(store, &c.caller, &docs).await?;
        let posted = postings(store, Side::In, &docs).await?;
        let order = docs
            .iter()
            .map(|d| {
                let p = posted.get(&d.id).map_or(&[][..], Vec::as_slice);
                transfer_in_order(d, transfers.get(&d.src_order_no), p)
            })
            .collect();
        Ok(Out::data(fa::TransferInList {
            order,
            total_count: total,
        }))
    }
}

static OUTER_NAMES: flag::Names = flag::Names {
    lines: "detail_list",
    field: flag_field,
};

/// An unknown warehouse of `createByApi` in the page's words (源仓库不存在).
fn outer_fail(e: CoreError) -> flag::Fail {
    if let CoreError::Problems(list) = &e {
        let unknown = list.iter().find_map(|p| match &p.kind {
            ProblemKind::UnknownWarehouse { value } => Some((p.field, value)),
            _ => None,
        });
        if let Some((field, value)) = unknown {
            let which = if field == Field::WarehouseNo {
                "源仓库"
            } else {
                "目标仓库"
            };
            return biz(format!("{which}不存在: {}", shown(value)));
        }
    }
    flag::core_fail(&OUTER_NAMES)(e)
}

impl flag::Op for fa::OuterTransferCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::OuterTransferArgs,
    ) -> Result<Out<fa::OuterTransferResult>, flag::Fail> {
        let o = req.params;
        let from = o.from_warehouse_no.unwrap_or_default();
        required(&from, "调出仓库", "from_warehouse_no")?;
        let to = o.to_warehouse_no.unwrap_or_default();
        required(&to, "调入仓库", "to_warehouse_no")?;
        let mode = match o.mode {
            None => return Err(biz("调拨方案 mode 不能为空")),
            Some(m @ 1..=4) => m,
            Some(m) => {
                return Err(biz(format!(
                    "调拨方案 mode 不合法(1/3 单品调拨, 2/4 明细调拨): {m}"
                )))
            }
        };
        let (check, submit) = match o.create_mode.unwrap_or(0) {
            0 => (false, false),
            1 => (false, true),
            2 => (true, false),
            m => {
                return Err(biz(format!(
                    "创建模式 create_mode 不合法(0 保存, 1 提交, 2 快速审核): {m}"
                )))
            }
        };
        // Batches only in 明细调拨 (2/4), as the page says.
        let detailed = mode % 2 == 0;
        // Kept as the stock transfer's own mode: 5 单品 / 7 明细 (出+入).
        let extra = serde_json::json!({"mode": if detailed { 7 } else { 5 }, "outer_mode": mode,
            "wms_edit": o.wms_edit});
        let cmd = NewTransfer {
            outer_no: None,
            from_warehouse_no: from,
            to_warehouse_no: to,
            quick: true,
            check,
            submit,
            remark: o.remark.unwrap_or_default(),
            extra: extra.to_string(),
            lines: req
                .detail_list
                .into_iter()
                .map(|d| TransferLine {
                    spec_no: d.spec_no,
                    num: d.num.into_string(),
                    defect: d.defect.unwrap_or(false),
                    batch_no: d.batch_no.filter(|_| detailed),
                    remark: d.remark.unwrap_or_default(),
                    ..Default::default()
                })
                .collect(),
        };
        let t = c
            .state
            .store
            .create_transfer(&c.caller, cmd)
            .await
            .map_err(outer_fail)?;
        Ok(Out::data(fa::OuterTransferResult {
            transfer_no: t.doc_no,
        }))
    }
}

// ---- the enterprise's transfer query and two-step pushes ----

fn ent_transfer(d: &DocView) -> ea::Transfer {
    let mode = serde_json::from_str::<serde_json::Value>(&d.extra)
        .ok()
        .and_then(|v| v["mode"].as_i64())
        .unwrap_or(0);
    let mut specs: Vec<i64> = d.lines.iter().map(|l| l.spec_id).collect();
    specs.sort_unstable();
    specs.dedup();
    ea::Transfer {
        transfer_id: d.id,
        transfer_no: d.doc_no.clone(),
        transfer_type: d.mode,
        // The flagship's 5/6/7 are its 0/1/2 moved at once.
        mode: mode % 5,
        from_warehouse_no: d.warehouse_no.clone(),
        to_warehouse_no: d.to_warehouse_no.clone(),
        status: d.status,
        outer_no: d.outer_no.clone(),
        goods_count: sum(d, |l| l.num).into(),
        goods_type_count: specs.len() as i64,
        goods_out_count: sum(d, |l| l.out_num).into(),
        goods_in_count: sum(d, |l| l.in_num).into(),
        remark: d.remark.clone(),
        created: clock::format_millis(d.created),
        modified: clock::format_millis(d.modified),
        details_list: d
            .lines
            .iter()
            .map(|l| ea::TransferDetail {
                rec_id: l.id,
                goods_no: l.goods_no.clone(),
                goods_name: l.goods_name.clone(),
                spec_no: l.spec_no.clone(),
                spec_name: l.spec_name.clone(),
                from_position: l.position_no.clone(),
                to_position: String::new(),
                num: l.num.into(),
                out_num: l.out_num.into(),
                in_num: l.in_num.into(),
                remark: l.remark.clone(),
            })
            .collect(),
    }
}

impl ent::Op for ea::StockTransferQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        q: ea::StockTransferQuery,
    ) -> Result<ea::StockTransferQueryAnswer, ent::Fail> {
        let page = c.page();
        let times = ent::window(q.start_time.as_deref(), q.end_time.as_deref())?;
        let store = &c.state.store;
        for w in [&q.from_warehouse_no, &q.to_warehouse_no] {
            store.require_warehouse(&c.caller, w.as_deref()).await?;
        }
        let dq = DocQuery {
            kinds: vec![DocKind::Transfer],
            statuses: ent::statuses(c, "status", q.status.as_deref())?,
            warehouse_no: q.from_warehouse_no,
            to_warehouse_no: q.to_warehouse_no,
            doc_nos: q.transfer_no.into_iter().collect(),
            outer_no: q.outer_no.or(q.api_outer_no),
            from: times.map(|t| t.0),
            to: times.map(|t| t.1),
            ..Default::default()
        };
        let (docs, total) = store.query_docs(&c.caller, &dq, page).await?;
        Ok(ea::StockTransferQueryAnswer {
            total_count: ent::first_page_total(page, total),
            transfer_list: docs.iter().map(ent_transfer).collect(),
        })
    }
}

fn ent_out_field(f: Field) -> &'static str {
    match f {
        Field::Attribute("src_order_no") => "stockout_info.src_order_no",
        Field::WarehouseNo => "stockout_info.warehouse_no",
        other => crate::ops::domain_name(other),
    }
}

static ENT_OUT_NAMES: ent::Names = ent::Names {
    lines: "stockout_info.detail_list",
    field: ent_out_field,
};

fn ent_in_field(f: Field) -> &'static str {
    match f {
        Field::Attribute("src_order_no") => "stockin_info.src_order_no",
        Field::WarehouseNo => "stockin_info.warehouse_no",
        Field::Quantity => "stockin_num",
        other => crate::ops::domain_name(other),
    }
}

static ENT_IN_NAMES: ent::Names = ent::Names {
    lines: "stockin_info.goods_list",
    field: ent_in_field,
};

/// The header fields a transfer stock-in/out only echoes back.
fn ent_extra(
    logistics_code: Option<String>,
    logistics_no: Option<String>,
    post_fee: Option<openwdt_wire::Num>,
    flag_name: Option<String>,
) -> String {
    serde_json::json!({
        "logistics_code": logistics_code.unwrap_or_default(),
        "logistics_no": logistics_no.unwrap_or_default(),
        "post_fee": post_fee.map(openwdt_wire::Num::into_string).unwrap_or_default(),
        "flag_name": flag_name.unwrap_or_default(),
    })
    .to_string()
}

impl ent::Op for ea::StockoutTransferPushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockoutTransferPush,
    ) -> Result<ea::StockoutTransferPushAnswer, ent::Fail> {
        let o = req
            .stockout_info
            .ok_or_else(|| ent::missing("stockout_info"))?;
        let goods = o
            .detail_list
            .ok_or_else(|| ent::missing("stockout_info.detail_list"))?;
        let outer_no = ent::take(o.outer_no, "stockout_info.outer_no")?;
        let transfer_no = ent::take(o.src_order_no, "stockout_info.src_order_no")?;
        let warehouse_no = ent::take(o.warehouse_no, "stockout_info.warehouse_no")?;
        let lines = goods
            .into_iter()
            .map(|g| MoveLine {
                spec_no: g.spec_no,
                defect: g.defect.unwrap_or(false),
                num: g.num.into_string(),
                position_no: g.position_no,
                batch_no: g.batch_no,
                remark: g.remark.unwrap_or_default(),
                extra: "{}".into(),
                ..Default::default()
            })
            .collect();
        let status = if o.is_check.unwrap_or(false) {
            StockoutStatus::Done
        } else {
            StockoutStatus::Submitted
        };
        let cmd = TransferMove {
            side: Side::Out,
            outer_no: Some(outer_no),
            transfer_no,
            warehouse_no,
            status: status.code(),
            create_batch: false,
            remark: o.remark.unwrap_or_default(),
            extra: ent_extra(o.logistics_code, o.logistics_no, o.post_cost, o.flag_name),
            lines,
        };
        let created = c
            .state
            .store
            .transfer_move(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_OUT_NAMES))?;
        Ok(ea::StockoutTransferPushAnswer {
            stockout_no: created.doc_no,
        })
    }
}

impl ent::Op for ea::StockinTransferPushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockinTransferPush,
    ) -> Result<ea::StockinTransferPushAnswer, ent::Fail> {
        let o = req
            .stockin_info
            .ok_or_else(|| ent::missing("stockin_info"))?;
        let goods = o
            .goods_list
            .ok_or_else(|| ent::missing("stockin_info.goods_list"))?;
        let outer_no = ent::take(o.outer_no, "stockin_info.outer_no")?;
        let transfer_no = ent::take(o.src_order_no, "stockin_info.src_order_no")?;
        let warehouse_no = ent::take(o.warehouse_no, "stockin_info.warehouse_no")?;
        let lines = goods
            .into_iter()
            .map(|g| MoveLine {
                spec_no: g.spec_no,
                defect: g.defect.unwrap_or(false),
                num: g.stockin_num.into_string(),
                position_no: g.position_no,
                batch_no: g.batch_no,
                production_date: g.production_date,
                expire_date: g.expire_date,
                remark: g.remark.unwrap_or_default(),
                extra: "{}".into(),
                ..Default::default()
            })
            .collect();
        let status = if o.is_check.unwrap_or(false) {
            StockinStatus::Done
        } else {
            StockinStatus::Submitted
        };
        let cmd = TransferMove {
            side: Side::In,
            outer_no: Some(outer_no),
            transfer_no,
            warehouse_no,
            status: status.code(),
            create_batch: o.is_create_batch.unwrap_or(false),
            remark: o.remark.unwrap_or_default(),
            extra: ent_extra(o.logistics_code, o.logistics_no, None, None),
            lines,
        };
        let created = c
            .state
            .store
            .transfer_move(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_IN_NAMES))?;
        Ok(ea::StockinTransferPushAnswer {
            stockin_no: created.doc_no,
        })
    }
}
