//! Every stock-in and stock-out, whatever made it: `wms.stockin.Base.search`,
//! `wms.stockout.Base.search`, `stockin_order_query.php`, `stockout_order_query.php`.

use openwdt_core::clock;
use openwdt_core::movement::Side;
use openwdt_core::stockio::{IoDoc, IoQuery};
use openwdt_wire::api::moves::enterprise as ea;
use openwdt_wire::api::moves::flagship as fa;
use openwdt_wire::enterprise::CODE_MISSING;

use crate::enterprise::{self as ent, first_page_total};
use crate::flagship::{self as flag, range, Out, DAYS_30};

/// The enterprise's `order_type` of a stock-in beside the flagship's (which core keeps):
/// 1 采购 (10), 2 调拨 (2), 4 盘盈 (4), 6 其他 (20), 9 初始化 (33).
const IN_TYPES: &[(i64, i64)] = &[(1, 10), (2, 2), (4, 4), (6, 20), (9, 33)];
/// A stock-out's: 2 调拨 (2), 3 采购退货 (14), 4 盘亏 (4), 7 其他 (21), 11 初始化 (34).
const OUT_TYPES: &[(i64, i64)] = &[(2, 2), (3, 14), (4, 4), (7, 21), (11, 34)];

fn types(side: Side) -> &'static [(i64, i64)] {
    match side {
        Side::In => IN_TYPES,
        Side::Out => OUT_TYPES,
    }
}

/// The flagship code of an enterprise one; a type openwdt has no documents of finds none.
fn from_enterprise(side: Side, t: i64) -> i64 {
    types(side).iter().find(|p| p.0 == t).map_or(-1, |p| p.1)
}

fn to_enterprise(side: Side, t: i64) -> i64 {
    types(side).iter().find(|p| p.1 == t).map_or(t, |p| p.0)
}

async fn flag_search(
    c: &flag::Ctx<'_>,
    side: Side,
    q: fa::IoSearch,
) -> Result<(Vec<IoDoc>, i64), flag::Fail> {
    let io_no = match side {
        Side::In => q.stockin_no,
        Side::Out => q.stockout_no,
    };
    let named = io_no.is_some() || q.src_order_no.is_some();
    let w = range(
        ("start_time", q.start_time.as_deref()),
        ("end_time", q.end_time.as_deref()),
        DAYS_30,
        !named,
    )?;
    c.state
        .store
        .require_warehouse(&c.caller, q.warehouse_no.as_deref())
        .await?;
    let iq = IoQuery {
        from: w.map(|w| w.0),
        to: w.map(|w| w.1),
        statuses: q.status.into_iter().collect(),
        order_types: q.order_type.into_iter().collect(),
        warehouse_no: q.warehouse_no,
        io_no,
        src_order_no: q.src_order_no,
        ..Default::default()
    };
    Ok(c.state
        .store
        .query_stockio(&c.caller, side, &iq, c.page())
        .await?)
}

impl flag::Op for fa::StockinSearchCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::IoSearch>,
    ) -> Result<Out<fa::StockinSearchList>, flag::Fail> {
        let (docs, total) = flag_search(c, Side::In, req.params).await?;
        let order_list = docs
            .iter()
            .map(|d| fa::StockinRow {
                stockin_id: d.doc_id,
                stockin_no: d.io_no.clone(),
                status: d.status,
                src_order_type: d.order_type,
                src_order_no: d.src_order_no.clone(),
                warehouse_id: d.warehouse_id,
                warehouse_no: d.warehouse_no.clone(),
                warehouse_name: d.warehouse_name.clone(),
                goods_count: d.goods_count(),
                goods_type_count: d.goods_type_count(),
                remark: d.remark.clone(),
                operator_name: d.operator.clone(),
                created: clock::format_millis(d.created),
                modified: clock::format_millis(d.modified),
                check_time: clock::format_opt(d.check_time),
                detail_list: d
                    .lines
                    .iter()
                    .map(|l| fa::StockinRowDetail {
                        rec_id: l.rec_id,
                        stockin_id: d.doc_id,
                        spec_id: l.spec_id,
                        spec_no: l.spec_no.clone(),
                        spec_name: l.spec_name.clone(),
                        spec_code: l.spec_code.clone(),
                        goods_no: l.goods_no.clone(),
                        goods_name: l.goods_name.clone(),
                        num: l.num,
                        expect_num: l.num,
                        position_no: l.position_no.clone(),
                        batch_no: l.batch_no.clone(),
                        production_date: l.production_date.clone(),
                        expire_date: l.expire_date.clone(),
                        remark: l.remark.clone(),
                        created: clock::format_millis(l.created),
                        modified: clock::format_millis(l.created),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        Ok(Out::data(fa::StockinSearchList {
            total_count: total,
            order_list,
        }))
    }
}

impl flag::Op for fa::StockoutSearchCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::IoSearch>,
    ) -> Result<Out<fa::StockoutSearchList>, flag::Fail> {
        let (docs, total) = flag_search(c, Side::Out, req.params).await?;
        let order_list = docs
            .iter()
            .map(|d| fa::StockoutRow {
                stockout_id: d.doc_id,
                stockout_no: d.io_no.clone(),
                status: d.status,
                src_order_type: d.order_type,
                src_order_no: d.src_order_no.clone(),
                warehouse_id: d.warehouse_id,
                warehouse_no: d.warehouse_no.clone(),
                warehouse_type: 1,
                goods_count: d.goods_count(),
                goods_type_count: d.goods_type_count(),
                remark: d.remark.clone(),
                operator_name: d.operator.clone(),
                consign_time: clock::format_opt(d.check_time),
                created: clock::format_millis(d.created),
                modified: clock::format_millis(d.modified),
                detail_list: d
                    .lines
                    .iter()
                    .map(|l| fa::StockoutRowDetail {
                        rec_id: l.rec_id,
                        stockout_id: d.doc_id,
                        spec_id: l.spec_id,
                        spec_no: l.spec_no.clone(),
                        spec_name: l.spec_name.clone(),
                        spec_code: l.spec_code.clone(),
                        goods_no: l.goods_no.clone(),
                        goods_name: l.goods_name.clone(),
                        goods_type: 1,
                        num: l.num,
                        position_no: l.position_no.clone(),
                        batch_no: l.batch_no.clone(),
                        expire_date: l.expire_date.clone(),
                        remark: l.remark.clone(),
                        created: clock::format_millis(l.created),
                        modified: clock::format_millis(l.created),
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        Ok(Out::data(fa::StockoutSearchList {
            total_count: total,
            order_list,
        }))
    }
}

async fn ent_search(
    c: &ent::Ctx<'_>,
    side: Side,
    q: ea::OrderQuery,
) -> Result<(Vec<ea::IoOrder>, Option<i64>), ent::Fail> {
    let page = c.page();
    let io_no = match side {
        Side::In => q.stockin_no,
        Side::Out => q.stockout_no,
    };
    let times = ent::window(q.start_time.as_deref(), q.end_time.as_deref())?;
    if times.is_none() && io_no.is_none() && q.src_order_no.is_none() && q.outer_no.is_none() {
        return Err(ent::fail(
            CODE_MISSING,
            "缺少查询条件: start_time/end_time 或 单号/src_order_no/outer_no".into(),
        ));
    }
    c.state
        .store
        .require_warehouse(&c.caller, q.warehouse_no.as_deref())
        .await?;
    let iq = IoQuery {
        from: times.map(|t| t.0),
        to: times.map(|t| t.1),
        statuses: q.status.into_iter().collect(),
        order_types: q
            .order_type
            .map(|t| from_enterprise(side, t))
            .into_iter()
            .collect(),
        warehouse_no: q.warehouse_no,
        io_no,
        src_order_no: q.src_order_no,
        outer_no: q.outer_no,
        ..Default::default()
    };
    let (docs, total) = c
        .state
        .store
        .query_stockio(&c.caller, side, &iq, page)
        .await?;
    let list = docs.iter().map(|d| ent_order(side, d)).collect();
    Ok((list, first_page_total(page, total)))
}

fn ent_order(side: Side, d: &IoDoc) -> ea::IoOrder {
    ea::IoOrder {
        order_id: d.doc_id,
        order_no: d.io_no.clone(),
        order_type: to_enterprise(side, d.order_type),
        status: d.status,
        src_order_no: d.src_order_no.clone(),
        outer_no: d.outer_no.clone(),
        warehouse_no: d.warehouse_no.clone(),
        warehouse_name: d.warehouse_name.clone(),
        goods_count: d.goods_count().into(),
        remark: d.remark.clone(),
        created: clock::format_millis(d.created),
        modified: clock::format_millis(d.modified),
        check_time: clock::format_opt(d.check_time),
        details_list: d
            .lines
            .iter()
            .map(|l| ea::IoDetail {
                rec_id: l.rec_id,
                spec_no: l.spec_no.clone(),
                spec_name: l.spec_name.clone(),
                goods_no: l.goods_no.clone(),
                goods_name: l.goods_name.clone(),
                goods_count: l.num.into(),
                position_no: l.position_no.clone(),
                batch_no: l.batch_no.clone(),
                expire_date: l.expire_date.clone(),
                remark: l.remark.clone(),
            })
            .collect(),
    }
}

impl ent::Op for ea::StockinOrderQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        q: ea::OrderQuery,
    ) -> Result<ea::StockinOrderQueryAnswer, ent::Fail> {
        let (stockin_list, total_count) = ent_search(c, Side::In, q).await?;
        Ok(ea::StockinOrderQueryAnswer {
            total_count,
            stockin_list,
        })
    }
}

impl ent::Op for ea::StockoutOrderQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        q: ea::OrderQuery,
    ) -> Result<ea::StockoutOrderQueryAnswer, ent::Fail> {
        let (stockout_list, total_count) = ent_search(c, Side::Out, q).await?;
        Ok(ea::StockoutOrderQueryAnswer {
            total_count,
            stockout_list,
        })
    }
}
