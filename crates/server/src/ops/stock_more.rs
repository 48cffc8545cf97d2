//! More stock queries (flagship only): `wms.StockSpec.queryAvailableStock`,
//! `wms.StockSpec.search2` (stock records) and `wms.StockSpec.stockDetailSearch` (a record's
//! stock per position and batch).

use openwdt_core::problem::Field;
use openwdt_core::stock_query::{StockSpecQuery, StockSpecRow};
use openwdt_core::{clock, Dec4};
use openwdt_wire::api::stock::flagship as fa;
use openwdt_wire::fields::{list_len, shown};

use crate::flagship::{self as flag, biz, Out};

fn stock_field(f: Field) -> &'static str {
    crate::ops::domain_name(f)
}

static STOCK: flag::Names = flag::Names {
    lines: "spec_nos",
    field: stock_field,
};

fn detail_field(f: Field) -> &'static str {
    match f {
        // The id list wins when both are given; a bad id is one of the list's.
        Field::StockId => "stock_spec_id / stock_spec_id_list",
        other => crate::ops::domain_name(other),
    }
}

static DETAIL: flag::Names = flag::Names {
    lines: "stock_spec_id_list",
    field: detail_field,
};

async fn records(
    c: &flag::Ctx<'_>,
    q: StockSpecQuery,
) -> Result<(Vec<StockSpecRow>, i64), flag::Fail> {
    c.state
        .store
        .query_stock_specs(&c.caller, &q, c.page())
        .await
        .map_err(flag::core_fail(&STOCK))
}

impl flag::Op for fa::QueryAvailableStockCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::AvailableStockArgs,
    ) -> Result<Out<fa::AvailableStockList>, flag::Fail> {
        let p = req.params;
        let q = StockSpecQuery {
            warehouse_no: p.warehouse_no,
            spec_nos: p.spec_no.into_iter().collect(),
            goods_no: p.goods_no,
            start_time: p.start_time,
            end_time: p.end_time,
        };
        let (rows, total) = records(c, q).await?;
        // Decided: every record is normal stock (`type` 0: openwdt has no quality inspection);
        // brands, short names, classes and spec codes are not kept and answer "".
        let stocks = rows
            .into_iter()
            .map(|r| fa::AvailableStock {
                goods_name: r.goods_name,
                num: r.available,
                warehouse_no: r.warehouse_no,
                goods_no: r.goods_no,
                stock_type: 0,
                spec_no: r.spec_no,
                defect: r.defect,
                spec_name: r.spec_name,
                barcode: r.barcode,
                status: r.status.code(),
                ..Default::default()
            })
            .collect();
        Ok(Out::data(fa::AvailableStockList {
            stocks,
            total_count: total,
        }))
    }
}

impl flag::Op for fa::StockSearch2Call {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Search2Args,
    ) -> Result<Out<fa::Search2List>, flag::Fail> {
        let p = req.params;
        c.within_list_limit("params.spec_nos", p.spec_nos.len())?;
        let mask = p.mask.unwrap_or(0);
        if !(0..=3).contains(&mask) {
            return Err(biz(format!(
                "mask 不合法(0, 1 销量统计, 2 成本价, 3 两者): {}",
                shown(&mask.to_string())
            )));
        }
        let alarm = p.need_alarm_info.unwrap_or(false);
        let q = StockSpecQuery {
            warehouse_no: p.warehouse_no,
            spec_nos: p.spec_nos,
            goods_no: None,
            start_time: p.start_time,
            end_time: p.end_time,
        };
        let (rows, total) = records(c, q).await?;
        // Decided: the quantities openwdt does not model (orders, transfers, WMS sync, locks)
        // answer 0, not absent, so SDKs that map every field keep working; so do the sales
        // figures (`mask` 1/3: openwdt records no sales), the cost price (`mask` 2/3: no cost
        // accounting) and the alarm settings (`need_alarm_info=1`: none are kept).
        let zero = Some(Dec4::ZERO);
        let sales = (mask & 1 != 0).then_some(Dec4::ZERO);
        let detail_list = rows
            .into_iter()
            .map(|r| fa::Search2Stock {
                rec_id: r.rec_id,
                defect: r.defect,
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
                warehouse_type: 1,
                available_send_stock: r.available,
                created: r.created,
                modified: r.modified,
                flag_name: "无".into(),
                last_pd_time: clock::format_opt(r.last_pd_time),
                last_inout_time: clock::format_opt(r.last_inout_time),
                status: 1,
                today_num: sales,
                num_yesterday: sales,
                num_7days: sales,
                num_14days: sales,
                num_month: sales,
                num_all: sales,
                num_60days: sales,
                num_90days: sales,
                cost_price: (mask & 2 != 0).then_some(Dec4::ZERO),
                safe_stock: zero.filter(|_| alarm),
                safe_stock_upper: zero.filter(|_| alarm),
                alarm_type: alarm.then_some(0),
                alarm_days: zero.filter(|_| alarm),
                alarm_days_upper: zero.filter(|_| alarm),
                cycle_days: zero.filter(|_| alarm),
                ..Default::default()
            })
            .collect();
        Ok(Out::data(fa::Search2List {
            total_count: total,
            detail_list,
        }))
    }
}

impl flag::Op for fa::StockDetailSearchCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::StockDetailArgs,
    ) -> Result<Out<fa::StockDetailList>, flag::Fail> {
        let p = req.params;
        if let Some(l) = &p.stock_spec_id_list {
            c.within_list_limit("params.stock_spec_id_list", list_len(l))?;
        }
        let rows = c
            .state
            .store
            .query_stock_details(&c.caller, p.stock_spec_id, p.stock_spec_id_list.as_deref())
            .await
            .map_err(flag::core_fail(&DETAIL))?;
        // Decided: openwdt has no zones and reserves nothing: `zone_no` "", `reserve_num` 0.
        let detail_list: Vec<fa::StockDetail> = rows
            .into_iter()
            .map(|r| fa::StockDetail {
                warehouse_no: r.warehouse_no,
                position_no: r.position_no,
                zone_no: String::new(),
                stock_num: r.num.into(),
                reserve_num: Dec4::ZERO.into(),
                batch_no: r.batch_no,
                expire_date: r.expire_date,
                production_date: r.production_date,
                stock_spec_id: r.stock_spec_id,
            })
            .collect();
        Ok(Out::data(fa::StockDetailList {
            total_count: detail_list.len() as i64,
            detail_list,
        }))
    }
}
