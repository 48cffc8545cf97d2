//! Stocktakes (盘点): `wms.StockPd.stockSyncByPd` / `stock_sync_by_pd.php`, and the flagship's
//! stocktake queries.

use openwdt_core::clock;
use openwdt_core::problem::Field;
use openwdt_core::query::PdFilter;
use openwdt_core::stocktake::{Stocktake, StocktakeKind, StocktakeLine};
use openwdt_wire::api::enterprise as ea;
use openwdt_wire::api::flagship as fa;

use crate::enterprise as ent;
use crate::flagship::{self as flag, biz, range, required, Out, DAYS_30};
use openwdt_wire::enterprise::CODE_MALFORMED;

fn flag_field(f: Field) -> &'static str {
    match f {
        Field::Quantity => "new_num",
        other => crate::ops::domain_name(other),
    }
}

static FLAG_PD: flag::Names = flag::Names {
    lines: "specList",
    field: flag_field,
};

fn ent_field(f: Field) -> &'static str {
    match f {
        Field::Quantity => "stock_num",
        Field::OuterNo => "api_outer_no",
        other => crate::ops::domain_name(other),
    }
}

static ENT_PD: ent::Names = ent::Names {
    lines: "goods_list",
    field: ent_field,
};

impl flag::Op for fa::StockSyncByPdCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::StockSyncByPdArgs,
    ) -> Result<Out<fa::PdResult>, flag::Fail> {
        let o = req.order;
        let warehouse_no = required(&o.warehouse_no, "仓库编号", "warehouse_no")?.to_string();
        let defect_mode = o
            .defect_mode
            .ok_or_else(|| biz("正残次品处理方式 defect_mode 不能为空"))?;
        let remark = o.remark.ok_or_else(|| biz("备注 remark 不能为空"))?;
        // A missing spec_no or new_num reaches the core as "" and is reported there with every
        // other problem of the request; a missing remark or defect takes its natural default.
        let lines = req
            .specs
            .into_iter()
            .map(|s| StocktakeLine {
                position_no: None,
                spec_no: s.spec_no,
                remark: s.remark,
                new_num: s.new_num.into_string(),
                defect: s.defect,
            })
            .collect();
        let done = c
            .state
            .store
            .stocktake(
                &c.caller,
                Stocktake {
                    kind: StocktakeKind::Sync,
                    warehouse_no,
                    defect_mode,
                    remark,
                    strict: o.is_post_error.unwrap_or(false),
                    lines,
                    outer_no: None,
                    by_position: false,
                    create_stock: true,
                },
            )
            .await
            .map_err(flag::core_fail(&FLAG_PD))?;
        Ok(Out::data(fa::PdResult {
            pd_no: done.pd_no,
            skip_spec_no: (!done.skipped.is_empty()).then(|| done.skipped.join(",")),
            ids: [(done.pd_id.to_string(), "ok".to_string())].into(),
        }))
    }
}

impl ent::Op for ea::StockSyncByPdCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockSyncByPd,
    ) -> Result<ea::StockSyncByPdAnswer, ent::Fail> {
        let warehouse_no = ent::required(&req.warehouse_no, "warehouse_no")?.to_string();
        let api_outer_no = ent::required(&req.api_outer_no, "api_outer_no")?.to_string();
        // The vendor defaults a missing or unknown mode to 0; an unknown one is refused here so
        // that a typo does not overwrite a whole warehouse's stock of a spec.
        let by_position = match req.mode {
            None | Some(0) => false,
            Some(1) => true,
            Some(v) => {
                return Err(ent::fail(
                    CODE_MALFORMED,
                    format!("参数格式错误: mode={v} (0 单品盘点, 1 货位盘点)"),
                ))
            }
        };
        let goods = req.goods_list.ok_or_else(|| ent::missing("goods_list"))?;
        let lines = goods
            .into_iter()
            .map(|l| StocktakeLine {
                spec_no: l.spec_no,
                position_no: l.position_no,
                remark: l.remark.unwrap_or_default(),
                new_num: l.stock_num.into_string(),
                defect: false,
            })
            .collect();
        let cmd = Stocktake {
            kind: StocktakeKind::Order {
                check: req.is_check.unwrap_or(false),
            },
            warehouse_no,
            // Normal stock only.
            defect_mode: 1,
            remark: req.remark.unwrap_or_default(),
            strict: req.is_post_error.unwrap_or(true),
            lines,
            outer_no: Some(api_outer_no),
            by_position,
            create_stock: req.is_create_stock.unwrap_or(false),
        };
        let done = c
            .state
            .store
            .stocktake(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_PD))?;
        let error_list = (!done.failed.is_empty()).then(|| {
            done.failed
                .into_iter()
                .map(|f| ea::PdLineError {
                    error: ent::problem_text(&f.problem, &ENT_PD),
                    spec_no: f.spec_no,
                    position_no: f.position_no,
                })
                .collect()
        });
        Ok(ea::StockSyncByPdAnswer {
            pd_no: done.pd_no,
            error_list,
        })
    }
}

impl flag::Op for fa::QueryStockPdCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::StockPdQuery>,
    ) -> Result<Out<fa::StockPdList>, flag::Fail> {
        let q = req.params;
        let (from, to) = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", q.end_time.as_deref()),
            DAYS_30,
            true,
        )?
        .ok_or_else(|| biz("参数中必须包含起止时间: start_time, end_time"))?;
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        let f = PdFilter {
            modified_from: from,
            modified_to: to,
            warehouse_no: q.warehouse_no,
            pd_no: q.pd_no,
            spec_no: q.spec_no,
            goods_no: q.goods_no,
            status: q.status,
            creator: q.employee_no,
        };
        let (rows, total) = c
            .state
            .store
            .query_stocktakes(&c.caller, &f, c.page())
            .await?;
        let pd_list = rows
            .into_iter()
            .map(|r| fa::StockPd {
                rec_id: r.rec_id,
                pd_no: r.pd_no,
                warehouse_no: r.warehouse_no,
                warehouse_id: r.warehouse_id,
                mode: r.mode,
                status: r.status,
                operator_no: r.creator.clone(),
                creator_no: r.creator,
                remark: r.remark,
                modified: clock::format_millis(r.modified),
                created: clock::format_millis(r.created),
            })
            .collect();
        Ok(Out::data(fa::StockPdList {
            pd_list,
            total_count: total,
        }))
    }
}

impl flag::Op for fa::QueryStockPdDetailCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::StockPdDetailQuery>,
    ) -> Result<Out<Vec<fa::StockPdDetail>>, flag::Fail> {
        let (rows, total) = c
            .state
            .store
            .query_stocktake_details(&c.caller, req.params.pd_no.as_deref(), c.page())
            .await?;
        let list = rows
            .into_iter()
            .map(|r| fa::StockPdDetail {
                rec_id: r.rec_id,
                pd_id: r.pd_id,
                spec_id: r.spec_id,
                spec_no: r.spec_no,
                spec_name: r.spec_name,
                barcode: r.barcode,
                modified: clock::format_millis(r.created),
                created: clock::format_millis(r.created),
                old_num: r.old_num,
                new_num: r.new_num,
                goods_name: r.goods_name,
                goods_no: r.goods_no,
                remark: r.remark,
                defect: i64::from(r.defect),
                ..Default::default()
            })
            .collect();
        // The vendor's own example answers `data` as the list with `total` beside it.
        Ok(Out {
            data: list,
            total: Some(total as u64),
        })
    }
}
