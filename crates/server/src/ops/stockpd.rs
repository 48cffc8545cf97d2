//! Stocktake queries: `wms.StockPd.queryStockPdInDetail` (the gains a stocktake took in),
//! `wms.StockPd.queryStockPdOutDetail` (the losses it took out) / `stock_pd_order_query.php`
//! (stocktakes with their lines).

use openwdt_core::problem::Field;
use openwdt_core::stock_query::{PdIoOrder, PdIoQuery, PdOrderQuery, PdSide};
use openwdt_core::{clock, Dec4};
use openwdt_wire::api::stockpd::{enterprise as ea, flagship as fa};
use openwdt_wire::fields::list_len;

use crate::enterprise::{self as ent, first_page_total};
use crate::flagship::{self as flag, Out};

/// The remark of a stocktake's stock-in and stock-out, as the vendor's examples answer it.
const GAIN_REMARK: &str = "盘盈入库";
const LOSS_REMARK: &str = "盘亏出库";

fn pd_in_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "stockin_no",
        other => crate::ops::domain_name(other),
    }
}

fn pd_out_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "stockout_no",
        other => crate::ops::domain_name(other),
    }
}

static PD_IN: flag::Names = flag::Names {
    lines: "detail_list",
    field: pd_in_field,
};

static PD_OUT: flag::Names = flag::Names {
    lines: "detail_list",
    field: pd_out_field,
};

fn pd_order_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "pd_no",
        other => crate::ops::domain_name(other),
    }
}

static PD_ORDER: ent::Names = ent::Names {
    lines: "pd_list",
    field: pd_order_field,
};

/// One side's stock-ins or stock-outs, checked against the list limit first.
async fn pd_io(
    c: &flag::Ctx<'_>,
    q: PdIoQuery,
    names: &'static flag::Names,
) -> Result<(Vec<PdIoOrder>, i64), flag::Fail> {
    if let Some(s) = &q.status {
        c.within_list_limit("params.status", list_len(s))?;
    }
    c.state
        .store
        .query_pd_io(&c.caller, &q, c.page())
        .await
        .map_err(flag::core_fail(names))
}

impl flag::Op for fa::StockPdInDetailCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::PdInArgs) -> Result<Out<fa::PdInList>, flag::Fail> {
        let p = req.params;
        let q = PdIoQuery {
            side: PdSide::Gain,
            start_time: p.start_time,
            end_time: p.end_time,
            time_type: p.time_type,
            status: p.status,
            warehouse_no: p.warehouse_no,
            io_no: p.stockin_no,
            pd_no: p.src_order_no,
        };
        let (rows, total) = pd_io(c, q, &PD_IN).await?;
        // Decided: openwdt keeps no cost per spec, so costs and prices answer 0; units, brands,
        // spec codes and prop2 are not kept either and answer "".
        let order = rows
            .into_iter()
            .map(|o| fa::PdIn {
                stockin_id: o.pd_id,
                order_no: o.io_no,
                warehouse_no: o.warehouse_no,
                warehouse_name: o.warehouse_name,
                stockin_time: o.posted,
                created_time: o.created,
                remark: GAIN_REMARK.into(),
                status: o.status,
                goods_count: o.goods_count,
                check_time: o.posted,
                src_order_no: o.pd_no,
                operator_name: o.operator,
                total_price: Dec4::ZERO,
                pd_order_remark: o.pd_remark,
                detail_list: o
                    .lines
                    .into_iter()
                    .map(|l| fa::PdInDetail {
                        stockin_id: l.pd_id,
                        goods_count: l.num,
                        total_cost: Dec4::ZERO,
                        remark: l.remark,
                        // Decided: the quantity taken in, as the vendor's example answers it.
                        right_num: l.num,
                        defect: l.defect,
                        batch_no: l.batch_no,
                        rec_id: l.rec_id,
                        goods_name: l.goods_name,
                        goods_no: l.goods_no,
                        spec_no: l.spec_no,
                        spec_name: l.spec_name,
                        position_no: l.position_no,
                        expire_date: l.expire_date,
                        production_date: l.production_date,
                        ..Default::default()
                    })
                    .collect(),
            })
            .collect();
        Ok(Out::data(fa::PdInList {
            order,
            total_count: total,
        }))
    }
}

impl flag::Op for fa::StockPdOutDetailCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::PdOutArgs) -> Result<Out<fa::PdOutList>, flag::Fail> {
        let p = req.params;
        let q = PdIoQuery {
            side: PdSide::Loss,
            start_time: p.start_time,
            end_time: p.end_time,
            time_type: p.time_type,
            status: p.status,
            warehouse_no: p.warehouse_no,
            io_no: p.stockout_no,
            pd_no: p.src_order_no,
        };
        let (rows, total) = pd_io(c, q, &PD_OUT).await?;
        let order = rows
            .into_iter()
            .map(|o| fa::PdOut {
                stockout_id: o.pd_id,
                order_no: o.io_no,
                src_order_no: o.pd_no,
                warehouse_no: o.warehouse_no,
                consign_time: o.posted,
                order_type: o.side.order_type().unwrap_or(4),
                status: o.status,
                goods_count: o.goods_count,
                remark: LOSS_REMARK.into(),
                operator_name: o.operator,
                goods_total_cost: Dec4::ZERO.into(),
                pd_order_remark: o.pd_remark,
                detail_list: o
                    .lines
                    .into_iter()
                    .map(|l| fa::PdOutDetail {
                        rec_id: l.rec_id,
                        stockout_id: l.pd_id,
                        goods_count: l.num,
                        remark: l.remark,
                        goods_name: l.goods_name,
                        goods_no: l.goods_no,
                        spec_no: l.spec_no,
                        spec_name: l.spec_name,
                        defect: l.defect,
                        // 1 销售货品: openwdt keeps goods of that one type.
                        goods_type: 1,
                        batch_no: l.batch_no,
                        position_no: l.position_no,
                        expire_date: l.expire_date,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect();
        Ok(Out::data(fa::PdOutList {
            order,
            total_count: total,
        }))
    }
}

impl ent::Op for ea::StockPdOrderQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockPdOrderQuery,
    ) -> Result<ea::StockPdOrderQueryAnswer, ent::Fail> {
        let page = c.page();
        let q = PdOrderQuery {
            warehouse_no: req.warehouse_no,
            pd_no: req.pd_no,
            start_time: req.start_time,
            end_time: req.end_time,
        };
        let (rows, total) = c
            .state
            .store
            .query_pd_orders(&c.caller, &q, page)
            .await
            .map_err(ent::core_fail(&PD_ORDER))?;
        let pd_list = rows
            .into_iter()
            .map(|o| ea::StockPdOrder {
                goods_count: o.goods_count().into(),
                pd_id: o.pd_id,
                pd_no: o.pd_no,
                api_outer_no: o.outer_no,
                warehouse_no: o.warehouse_no,
                warehouse_name: o.warehouse_name,
                status: o.status,
                mode: o.mode,
                creator_name: o.creator,
                remark: o.remark,
                stockin_no: o.in_no,
                stockout_no: o.out_no,
                created: clock::format_millis(o.created),
                modified: clock::format_millis(o.modified),
                details_list: o
                    .lines
                    .into_iter()
                    .map(|l| ea::StockPdOrderDetail {
                        rec_id: l.rec_id,
                        spec_no: l.spec_no,
                        spec_name: l.spec_name,
                        barcode: l.barcode,
                        goods_no: l.goods_no,
                        goods_name: l.goods_name,
                        position_no: l.position_no,
                        defect: i64::from(l.defect),
                        old_num: l.old_num.into(),
                        new_num: l.new_num.into(),
                        pd_in_num: l.gain.into(),
                        pd_out_num: l.loss.into(),
                        remark: l.remark,
                        created: clock::format_millis(l.created),
                    })
                    .collect(),
            })
            .collect();
        Ok(ea::StockPdOrderQueryAnswer {
            total_count: first_page_total(page, total),
            pd_list,
        })
    }
}
