//! Purchase stock-ins (采购入库): `wms.stockin.Purchase.upload` / `stockin_purchase_push.php`,
//! `wms.stockin.Purchase.queryWithDetail` / `stockin_order_query_purchase.php`.

use openwdt_core::problem::Field;
use openwdt_core::stockin::{
    PurchaseStockin, StockinFilter, StockinLimits, StockinLine, StockinStatus,
};
use openwdt_core::{clock, Dec4};
use openwdt_wire::api::enterprise as ea;
use openwdt_wire::api::flagship as fa;
use openwdt_wire::Num;

use crate::enterprise::{self as ent, first_page_total, window};
use crate::flagship::{self as flag, biz, range, required, statuses, Out, DAYS_30};
use openwdt_wire::enterprise::CODE_MISSING;

fn text(v: Option<Num>) -> Option<String> {
    v.map(Num::into_string)
}

/// A stock-in's fields by their name in either edition's push; only the quantity and the
/// lines differ.
fn stockin_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "purchase_no",
        Field::Price => "stockin_price",
        other => crate::ops::domain_name(other),
    }
}

fn flag_field(f: Field) -> &'static str {
    match f {
        Field::Quantity => "num",
        other => stockin_field(other),
    }
}

static FLAG_NAMES: flag::Names = flag::Names {
    lines: "stockin_detail_list",
    field: flag_field,
};

const FLAG_LIMITS: StockinLimits = StockinLimits {
    logistics_code: 60,
    position_no: 40,
    batch_no: 20,
    line_remark: 255,
};

impl flag::Op for fa::UploadPurchaseStockinCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::StockinUploadArgs) -> Result<Out<String>, flag::Fail> {
        let o = req.stockin_order;
        let status = match o.create_mode.unwrap_or(0) {
            0 => StockinStatus::Editing.code(),
            1 => StockinStatus::Submitted.code(),
            2 => StockinStatus::Done.code(),
            m => {
                return Err(biz(format!(
                    "创建模式 create_mode 不合法(0 编辑中, 1 待审核, 2 已审核): {m}"
                )))
            }
        };
        let lines = req
            .stockin_detail_list
            .into_iter()
            .map(|l| StockinLine {
                spec_no: l.spec_no,
                num: l.num.into_string(),
                stockin_price: None,
                tax_price: None,
                tax: None,
                src_price: None,
                position_no: l.position_no,
                batch_no: l.batch_no,
                production_date: l.production_date,
                validity_days: None,
                expire_date: l.expire_date,
                defect: l.defect.unwrap_or(false),
                remark: l.remark.unwrap_or_default(),
            })
            .collect();
        let cmd = PurchaseStockin {
            purchase_no: required(&o.purchase_no, "采购单号", "purchase_no")?.to_string(),
            warehouse_no: required(&o.warehouse_no, "仓库编号", "warehouse_no")?.to_string(),
            outer_no: None,
            // The flagship creates a pushed batch that does not exist yet.
            create_batch: true,
            status,
            logistics_code: o.logistics_code.unwrap_or_default(),
            logistics_no: o.logistics_no.unwrap_or_default(),
            post_fee: None,
            other_fee: None,
            remark: o.remark.unwrap_or_default(),
            lines,
            limits: FLAG_LIMITS,
        };
        let no = c
            .state
            .store
            .create_purchase_stockin(&c.caller, cmd)
            .await
            .map_err(flag::core_fail(&FLAG_NAMES))?;
        Ok(Out::data(no))
    }
}

fn ent_field(f: Field) -> &'static str {
    match f {
        Field::Quantity => "stockin_num",
        other => stockin_field(other),
    }
}

static ENT_NAMES: ent::Names = ent::Names {
    lines: "details_list",
    field: ent_field,
};

const ENT_LIMITS: StockinLimits = StockinLimits {
    logistics_code: 20,
    position_no: 20,
    batch_no: 20,
    line_remark: 60,
};

impl ent::Op for ea::StockinPurchasePushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::StockinPurchasePush,
    ) -> Result<ea::StockinPurchasePushAnswer, ent::Fail> {
        let o = req
            .purchase_info
            .ok_or_else(|| ent::missing("purchase_info"))?;
        let details = o
            .details_list
            .ok_or_else(|| ent::missing("purchase_info.details_list"))?;
        let lines = details
            .into_iter()
            .map(|l| StockinLine {
                spec_no: l.spec_no,
                num: l.stockin_num.into_string(),
                stockin_price: text(l.stockin_price),
                tax_price: text(l.tax_price),
                tax: text(l.tax),
                src_price: text(l.src_price),
                position_no: l.position_no,
                batch_no: l.batch_no,
                production_date: l.production_date,
                validity_days: l.validity_days.map(|d| d.to_string()),
                expire_date: None,
                // This edition keeps defect goods in defect warehouses: stock-ins are normal stock.
                defect: false,
                remark: l.remark.unwrap_or_default(),
            })
            .collect();
        let cmd = PurchaseStockin {
            purchase_no: ent::required(&o.purchase_no, "purchase_info.purchase_no")?.to_string(),
            warehouse_no: ent::required(&o.warehouse_no, "purchase_info.warehouse_no")?.to_string(),
            // Required here: it is what makes a retried push safe (2005 answers the first
            // stockin_no).
            outer_no: Some(ent::required(&o.outer_no, "purchase_info.outer_no")?.to_string()),
            create_batch: o.is_create_batch.unwrap_or(false),
            status: if o.is_check.unwrap_or(false) {
                StockinStatus::Done.code()
            } else {
                StockinStatus::Editing.code()
            },
            logistics_code: o.logistics_code.unwrap_or_default(),
            logistics_no: o.logistics_no.unwrap_or_default(),
            post_fee: text(o.post_fee),
            other_fee: text(o.other_fee),
            remark: o.remark.unwrap_or_default(),
            lines,
            limits: ENT_LIMITS,
        };
        // Its integrators match the plain messages it answered before typed problems
        // (`details_list[8].remark 超长`, `批次 X 不存在`), so it keeps them.
        let no = c
            .state
            .store
            .create_purchase_stockin(&c.caller, cmd)
            .await
            .map_err(ent::core_fail_plain(&ENT_NAMES))?;
        Ok(ea::StockinPurchasePushAnswer { stockin_no: no })
    }
}

impl flag::Op for fa::QueryPurchaseStockinsCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::PurchaseStockinQuery>,
    ) -> Result<Out<fa::PurchaseStockinList>, flag::Fail> {
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
        let f = StockinFilter {
            status: statuses(c, "status", q.status.as_deref())?,
            stockin_no: q.stockin_no,
            purchase_no: q.purchase_no,
            outer_no: None,
            warehouse_no: q.warehouse_no,
            modified_from: Some(from),
            modified_to: Some(to),
        };
        let (rows, total) = c
            .state
            .store
            .query_purchase_stockins(&c.caller, &f, c.page())
            .await?;
        let one = Dec4::from_int(1);
        let order = rows
            .iter()
            .map(|o| {
                let details_list = o
                    .lines
                    .iter()
                    .map(|l| fa::PurchaseStockinDetail {
                        rec_id: l.rec_id,
                        num: l.num,
                        discount: one,
                        cost_price: l.src_price,
                        src_price: l.src_price,
                        tax_price: l.tax_price,
                        tax_amount: l.tax_price.mul_round(l.num).unwrap_or_default(),
                        tax: l.tax,
                        total_cost: l.stockin_price.mul_round(l.num).unwrap_or_default(),
                        remark: l.remark.clone(),
                        goods_name: l.goods_name.clone(),
                        goods_no: l.goods_no.clone(),
                        spec_no: l.spec_no.clone(),
                        spec_name: l.spec_name.clone(),
                        batch_no: l.batch_no.clone(),
                        expire_date: l.expire_date.clone(),
                        production_date: l.production_date.clone(),
                        position_no: l.position_no.clone(),
                        defect: l.defect,
                        unit_ratio: one,
                        stockin_price: l.stockin_price,
                        ..Default::default()
                    })
                    .collect();
                // Times as epoch milliseconds, as the vendor's example answer shows them.
                fa::PurchaseStockin {
                    stockin_id: o.id,
                    order_no: o.stockin_no.clone(),
                    warehouse_no: o.warehouse_no.clone(),
                    status: o.status,
                    modified: o.modified,
                    created_time: o.created,
                    remark: o.remark.clone(),
                    check_time: o.check_time,
                    purchase_id: o.purchase_id,
                    purchase_no: o.purchase_no.clone(),
                    goods_count: o.goods_count(),
                    provider_no: o.provider_no.clone(),
                    provider_name: o.provider_name.clone(),
                    logistics_no: o.logistics_no.clone(),
                    logistics_name: o.logistics_code.clone(),
                    goods_amount: o.total_price(),
                    total_price: o.total_price(),
                    tax_amount: o.tax_amount(),
                    total_stockin_price: o.total_price(),
                    flag_name: "无".into(),
                    operator_name: o.creator.clone(),
                    details_list,
                    ..Default::default()
                }
            })
            .collect();
        Ok(Out::data(fa::PurchaseStockinList {
            total_count: total,
            order,
        }))
    }
}

impl ent::Op for ea::StockinOrderQueryPurchaseCall {
    async fn run(
        c: &ent::Ctx<'_>,
        q: ea::StockinOrderQueryPurchase,
    ) -> Result<ea::StockinOrderQueryPurchaseAnswer, ent::Fail> {
        let page = c.page();
        let times = window(q.start_time.as_deref(), q.end_time.as_deref())?;
        if times.is_none()
            && q.src_order_no.is_none()
            && q.stockin_no.is_none()
            && q.stockin_outer_no.is_none()
        {
            return Err(ent::fail(
                CODE_MISSING,
                "缺少查询条件: start_time/end_time 或 src_order_no/stockin_no/stockin_outer_no"
                    .into(),
            ));
        }
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        let mut status = ent::statuses(c, "status", q.status.as_deref())?;
        if status.is_empty() {
            // The edition answers completed stock-ins unless asked for another status.
            status.push(StockinStatus::Done.code());
        }
        let f = StockinFilter {
            stockin_no: q.stockin_no,
            purchase_no: q.src_order_no,
            outer_no: q.stockin_outer_no,
            warehouse_no: q.warehouse_no,
            status,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
        };
        let (rows, total) = c
            .state
            .store
            .query_purchase_stockins(&c.caller, &f, page)
            .await?;
        let stockin_list = rows
            .iter()
            .map(|o| {
                let details_list = o
                    .lines
                    .iter()
                    .map(|l| ea::PurchaseStockinDetail {
                        rec_id: l.rec_id,
                        spec_no: l.spec_no.clone(),
                        goods_no: l.goods_no.clone(),
                        goods_name: l.goods_name.clone(),
                        spec_name: l.spec_name.clone(),
                        goods_count: l.num.into(),
                        num: l.num.into(),
                        expect_num: l.expect_num.into(),
                        right_num: l.num.into(),
                        stockin_price: l.stockin_price.into(),
                        src_price: l.src_price.into(),
                        tax: l.tax.into(),
                        tax_price: l.tax_price.into(),
                        position_no: l.position_no.clone(),
                        batch_no: l.batch_no.clone(),
                        production_date: l.production_date.clone(),
                        expire_date: l.expire_date.clone(),
                        validity_days: validity_days(&l.production_date, &l.expire_date),
                        src_order_type: 1,
                        remark: l.remark.clone(),
                        created: clock::format_millis(l.created),
                        modified: clock::format_millis(o.modified),
                        ..Default::default()
                    })
                    .collect();
                ea::PurchaseStockin {
                    stockin_id: o.id,
                    order_no: o.stockin_no.clone(),
                    stockin_no: o.stockin_no.clone(),
                    status: o.status,
                    warehouse_no: o.warehouse_no.clone(),
                    warehouse_name: o.warehouse_name.clone(),
                    stockin_time: clock::format_millis(o.modified),
                    check_time: clock::format_opt(o.check_time),
                    created_time: clock::format_millis(o.created),
                    modified: clock::format_millis(o.modified),
                    src_order_no: o.purchase_no.clone(),
                    purchase_no: o.purchase_no.clone(),
                    src_order_type: 1,
                    order_type: 1,
                    order_type_name: "采购入库".into(),
                    outer_no: o.outer_no.clone(),
                    provider_no: o.provider_no.clone(),
                    provider_name: o.provider_name.clone(),
                    logistics_name: o.logistics_code.clone(),
                    logistics_no: o.logistics_no.clone(),
                    post_fee: o.post_fee.into(),
                    other_fee: o.other_fee.into(),
                    goods_count: o.goods_count().into(),
                    right_nums: o.goods_count().into(),
                    goods_type_count: o.lines.len() as i64,
                    total_price: o.total_price().into(),
                    remark: o.remark.clone(),
                    operator_name: o.creator.clone(),
                    check_operator_name: if o.check_time.is_some() {
                        o.creator.clone()
                    } else {
                        String::new()
                    },
                    details_list,
                    ..Default::default()
                }
            })
            .collect();
        Ok(ea::StockinOrderQueryPurchaseAnswer {
            total_count: first_page_total(page, total),
            stockin_list,
        })
    }
}

/// Shelf life in days when both dates are known, else 0.
fn validity_days(production: &str, expire: &str) -> i64 {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (d(production), d(expire)) {
        (Some(p), Some(e)) => (e - p).num_days(),
        _ => 0,
    }
}
