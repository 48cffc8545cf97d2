//! Stock and its history: `wms.StockSpec.search` / `stock_query.php`,
//! `wms.StockSpec.queryChangeHistory`.

use openwdt_core::clock;
use openwdt_core::query::{ChangeFilter, StockFilter};
use openwdt_wire::api::enterprise as ea;
use openwdt_wire::api::flagship as fa;

use crate::enterprise::{self as ent, first_page_total, window};
use crate::flagship::{self as flag, biz, range, Out, DAYS_30};
use openwdt_wire::enterprise::CODE_MISSING;

impl flag::Op for fa::StockSearchCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::StockSearch>,
    ) -> Result<Out<Vec<fa::StockSpec>>, flag::Fail> {
        let q = req.params;
        c.within_list_limit("params.spec_nos", q.spec_nos.len())?;
        let times = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", q.end_time.as_deref()),
            DAYS_30,
            q.spec_nos.is_empty(),
        )?;
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        let f = StockFilter {
            warehouse_no: q.warehouse_no,
            spec_nos: q.spec_nos,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
            defect: None,
        };
        let (rows, total) = c.state.store.search_stock(&c.caller, &f, c.page()).await?;
        // Quantities this server does not model (orders, transfers, WMS sync) are zero, not
        // absent, so SDKs that map every documented field keep working.
        let data = rows
            .into_iter()
            .map(|r| fa::StockSpec {
                rec_id: r.rec_id,
                defect: i64::from(r.defect),
                stock_num: r.num,
                transfer_num: r.transfer_num,
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
        Ok(Out {
            data,
            total: c.calc_total.then_some(total as u64),
        })
    }
}

impl ent::Op for ea::StockQueryCall {
    async fn run(c: &ent::Ctx<'_>, q: ea::StockQuery) -> Result<ea::StockQueryAnswer, ent::Fail> {
        let page = c.page();
        let times = window(q.start_time.as_deref(), q.end_time.as_deref())?;
        if times.is_none() && q.spec_no.is_none() {
            return Err(ent::fail(
                CODE_MISSING,
                "缺少查询条件: start_time/end_time 或 spec_no".into(),
            ));
        }
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        // This edition keeps defect goods in defect warehouses: rows are the normal stock of a
        // warehouse+spec.
        let f = StockFilter {
            warehouse_no: q.warehouse_no,
            spec_nos: q.spec_no.into_iter().collect(),
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
            defect: Some(false),
        };
        let (rows, total) = c.state.store.search_stock(&c.caller, &f, page).await?;
        let stocks = rows
            .into_iter()
            .map(|r| ea::Stock {
                spec_no: r.spec_no,
                spec_name: r.spec_name,
                barcode: r.barcode,
                goods_no: r.goods_no,
                goods_name: r.goods_name,
                warehouse_no: r.warehouse_no,
                warehouse_name: r.warehouse_name,
                warehouse_type: 1,
                stock_num: r.num.into(),
                transfer_num: r.transfer_num.into(),
                avaliable_num: r.num.into(),
                created: clock::format_millis(r.created),
                modified: clock::format_millis(r.modified),
                last_pd_time: clock::format_opt(r.last_pd_time),
                last_inout_time: clock::format_opt(r.last_inout_time),
                status: 1,
                ..Default::default()
            })
            .collect();
        Ok(ea::StockQueryAnswer {
            total_count: first_page_total(page, total),
            stocks,
        })
    }
}

impl flag::Op for fa::QueryChangeHistoryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::ChangeHistoryQuery>,
    ) -> Result<Out<fa::ChangeHistoryList>, flag::Fail> {
        let q = req.params;
        let max = if q.spec_no.is_some() { DAYS_30 } else { 3600 };
        let (from, to) = range(
            ("start_date", q.start_date.as_deref()),
            ("end_date", q.end_date.as_deref()),
            max,
            true,
        )?
        .ok_or_else(|| biz("参数中必须包含起止时间: start_date, end_date"))?;
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        if let Some(t) = q.io_type {
            if t != 1 && t != 2 {
                return Err(biz(format!("类型 type 不合法(1 入库, 2 出库): {t}")));
            }
        }
        let f = ChangeFilter {
            created_from: from,
            created_to: to,
            spec_no: q.spec_no,
            io_type: q.io_type,
            defect: q.defect.unwrap_or(false),
            warehouse_no: q.warehouse_no,
        };
        let (rows, total) = c.state.store.query_changes(&c.caller, &f, c.page()).await?;
        // `created` as epoch milliseconds, as the vendor's example answer shows it.
        let data = rows
            .into_iter()
            .map(|r| fa::StockChange {
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
        Ok(Out::data(fa::ChangeHistoryList {
            data,
            total_count: total,
        }))
    }
}
