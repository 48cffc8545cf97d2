//! Purchase orders (采购单): `purchase.PurchaseOrder.createOrder` / `purchase_order_push.php`,
//! `purchase.PurchaseOrder.queryWithDetail` / `purchase_order_query.php`.

use openwdt_core::problem::{Field, Total};
use openwdt_core::purchase::{NewPurchaseOrder, PurchaseFilter, PurchaseOrderLine};
use openwdt_core::{clock, Dec4};
use openwdt_wire::api::enterprise as ea;
use openwdt_wire::api::flagship as fa;
use openwdt_wire::fields::shown;
use openwdt_wire::Num;

use crate::enterprise::{self as ent, first_page_total, window};
use crate::flagship::{self as flag, biz, range, required, statuses, Out, DAYS_30};
use openwdt_wire::enterprise::CODE_MISSING;

fn text(v: Option<Num>) -> Option<String> {
    v.map(Num::into_string)
}

/// A purchase order's totals as its answers name them (goods_fee, tax_fee beside the
/// shared goods_count, total_fee).
fn po_total(t: Total) -> &'static str {
    match t {
        Total::Amount => "goods_fee",
        Total::TaxedAmount => "tax_fee",
        other => crate::ops::total_name(other),
    }
}

/// A line field's name in both editions' lines (their tax rates differ).
fn po_line_field(f: Field) -> &'static str {
    match f {
        Field::Attribute(name) => name,
        Field::Total(t) => po_total(t),
        other => crate::ops::domain_name(other),
    }
}

/// `createOrder`'s fields as the flagship always named them in messages: the order's own
/// fields with their Chinese label (`采购员 purchaser_name`), line fields by wire name
/// alone, as they follow the line's path.
fn flagship_field(f: Field) -> &'static str {
    match f {
        Field::ProviderNo => "供应商编号 provider_no",
        Field::WarehouseNo => "预计入库仓库编号 expect_warehouse_no",
        Field::DocNo => "采购单编号 purchase_no",
        Field::OuterNo => "外部单号 outer_no",
        Field::Attribute("purchaser") => "采购员 purchaser_name",
        Field::Attribute("contact") => "联系人 contact",
        Field::Attribute("telno") => "电话 telno",
        Field::Attribute("receive_address") => "收货地址 receive_address",
        Field::Attribute("post_fee") => "邮资 post_fee",
        Field::Attribute("other_fee") => "其他费用 other_fee",
        Field::Attribute("tax") => "tax_rate",
        Field::Date(_) => "expect_time",
        Field::Lines => "purchase_details",
        other => po_line_field(other),
    }
}

static FLAGSHIP_PO: flag::Names = flag::Names {
    lines: "purchase_details",
    field: flagship_field,
};

/// The longest `purchase_no` a flagship caller may choose.
const FLAGSHIP_PO_NO_MAX: usize = 40;

impl flag::Op for fa::CreatePurchaseOrderCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::PurchaseOrderNew>,
    ) -> Result<Out<fa::CreateOrderResult>, flag::Fail> {
        let o = req.params;
        let expect = required(
            &o.expect_warehouse_no,
            "预计入库仓库编号",
            "expect_warehouse_no",
        )?;
        let receive = required(
            &o.receive_warehouse_nos,
            "收货仓编号",
            "receive_warehouse_nos",
        )?;
        // One receiving warehouse per order: the stock-in must arrive where it is expected.
        if receive != expect {
            return Err(biz(format!(
                "收货仓编号 receive_warehouse_nos({}) 须与预计入库仓库编号 expect_warehouse_no({}) 相同",
                shown(receive),
                shown(expect)
            )));
        }
        let warehouse_no = expect.to_string();
        let provider_no = required(&o.provider_no, "供应商编号", "provider_no")?.to_string();
        let purchaser = required(&o.purchaser_name, "采购员", "purchaser_name")?.to_string();
        let lines = o
            .purchase_details
            .into_iter()
            .map(|l| PurchaseOrderLine {
                spec_no: l.spec_no,
                num: l.num.into_string(),
                price: text(l.price),
                tax: text(l.tax_rate),
                tax_price: text(l.tax_price),
                discount: text(l.discount),
                remark: l.remark.unwrap_or_default(),
            })
            .collect();
        let cmd = NewPurchaseOrder {
            purchase_no: o.purchase_no,
            purchase_no_max: FLAGSHIP_PO_NO_MAX,
            outer_no: None,
            provider_no,
            warehouse_no,
            check: o.is_check.unwrap_or(false),
            purchaser,
            contact: o.contact.unwrap_or_default(),
            telno: o.telno.unwrap_or_default(),
            receive_address: o.receive_address.unwrap_or_default(),
            expect_arrive_time: o.expect_time.unwrap_or_default(),
            remark: o.remark.unwrap_or_default(),
            post_fee: text(o.post_fee),
            other_fee: text(o.other_fee),
            lines,
        };
        let no = c
            .state
            .store
            .create_purchase_order(&c.caller, cmd)
            .await
            .map_err(flag::core_fail(&FLAGSHIP_PO))?;
        Ok(Out::data(fa::CreateOrderResult {
            status: 0,
            message: no,
        }))
    }
}

/// `purchase_order_push.php`'s fields; the caller-chosen number is its outer_no.
fn enterprise_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "outer_no(is_use_outer_no=1 时作为采购单号)",
        Field::Attribute("purchaser") => "purchase_name",
        Field::Date(_) => "expect_arrive_time",
        Field::Lines => "details_list",
        other => po_line_field(other),
    }
}

static ENT_PO: ent::Names = ent::Names {
    lines: "details_list",
    field: enterprise_field,
};

/// The longest outer_no an enterprise caller may have used as the order's number.
const ENT_PO_NO_MAX: usize = 20;

impl ent::Op for ea::PurchaseOrderPushCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::PurchaseOrderPush,
    ) -> Result<ea::PurchaseOrderPushAnswer, ent::Fail> {
        let o = req
            .purchase_info
            .ok_or_else(|| ent::missing("purchase_info"))?;
        let outer_no = ent::required(&o.outer_no, "purchase_info.outer_no")?.to_string();
        let use_outer = o.is_use_outer_no.unwrap_or(false);
        let details = o
            .details_list
            .ok_or_else(|| ent::missing("purchase_info.details_list"))?;
        let lines = details
            .into_iter()
            .map(|l| PurchaseOrderLine {
                spec_no: l.spec_no,
                num: l.num.into_string(),
                price: text(l.price),
                tax: text(l.tax),
                tax_price: text(l.tax_price),
                discount: text(l.discount),
                remark: l.remark.unwrap_or_default(),
            })
            .collect();
        let cmd = NewPurchaseOrder {
            purchase_no: use_outer.then(|| outer_no.clone()),
            purchase_no_max: ENT_PO_NO_MAX,
            outer_no: Some(outer_no),
            provider_no: ent::required(&o.provider_no, "purchase_info.provider_no")?.to_string(),
            warehouse_no: ent::required(&o.warehouse_no, "purchase_info.warehouse_no")?.to_string(),
            check: o.is_check.unwrap_or(false),
            purchaser: o.purchase_name.unwrap_or_default(),
            contact: o.contact.unwrap_or_default(),
            telno: o.telno.unwrap_or_default(),
            receive_address: o.receive_address.unwrap_or_default(),
            expect_arrive_time: o.expect_arrive_time.unwrap_or_default(),
            remark: o.remark.unwrap_or_default(),
            post_fee: text(o.post_fee),
            other_fee: text(o.other_fee),
            lines,
        };
        let no = c
            .state
            .store
            .create_purchase_order(&c.caller, cmd)
            .await
            .map_err(ent::core_fail(&ENT_PO))?;
        Ok(ea::PurchaseOrderPushAnswer { purchase_no: no })
    }
}

impl flag::Op for fa::QueryPurchaseOrdersCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::Params<fa::PurchaseOrderQuery>,
    ) -> Result<Out<fa::PurchaseOrderList>, flag::Fail> {
        let q = req.params;
        // Without a purchase_no the time window is required; with one it is ignored.
        let times = range(
            ("start_time", q.start_time.as_deref()),
            ("end_time", q.end_time.as_deref()),
            DAYS_30,
            q.purchase_no.is_none(),
        )?
        .filter(|_| q.purchase_no.is_none());
        let warehouse_no = match (q.expect_warehouse_no, q.receive_warehouse_no) {
            (Some(a), Some(b)) if a != b => return Ok(Out::data(fa::PurchaseOrderList::default())),
            (a, b) => a.or(b),
        };
        c.state
            .store
            .require_warehouse(&c.caller, warehouse_no.as_deref())
            .await?;
        let f = PurchaseFilter {
            purchase_no: q.purchase_no,
            outer_no: None,
            provider_no: q.provider_no,
            warehouse_no,
            status: statuses(c, "status", q.status.as_deref())?,
            stockin_status: q.stockin_status,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
        };
        let (rows, total) = c
            .state
            .store
            .query_purchase_orders(&c.caller, &f, c.page())
            .await?;
        let order = rows
            .iter()
            .map(|o| {
                let detail_list = o
                    .lines
                    .iter()
                    .map(|l| fa::PurchaseOrderDetail {
                        purchase_id: o.id,
                        rec_id: l.rec_id,
                        spec_id: l.spec_id,
                        spec_no: l.spec_no.clone(),
                        goods_no: l.goods_no.clone(),
                        goods_name: l.goods_name.clone(),
                        spec_name: l.spec_name.clone(),
                        barcode: l.barcode.clone(),
                        num: l.num,
                        num2: l.num,
                        arrive_more_num: l.more_num(),
                        stockin_num: l.stockin_num,
                        stockin_amount: l.dis_price().mul_round(l.stockin_num).unwrap_or_default(),
                        lack_num: l.lack_num(),
                        unit_ratio: Dec4::from_int(1),
                        price: l.price,
                        purchase_price: l.price,
                        aux_price: l.price,
                        discount: l.discount,
                        tax_rate: l.tax_rate,
                        tax_price: l.tax_price(),
                        tax_amount: l.tax_amount(),
                        dis_price: l.dis_price(),
                        amount: l.amount(),
                        aux_amount: l.amount(),
                        remark: l.remark.clone(),
                        created: clock::format_millis(l.created),
                        modified: clock::format_millis(o.modified),
                        ..Default::default()
                    })
                    .collect::<Vec<_>>();
                let total_fee = [o.goods_fee(), o.post_fee, o.other_fee]
                    .into_iter()
                    .try_fold(Dec4::ZERO, |a, b| a.checked_add(b))
                    .unwrap_or_default();
                fa::PurchaseOrder {
                    purchase_id: o.id,
                    purchase_no: o.purchase_no.clone(),
                    provider_no: o.provider_no.clone(),
                    provider_id: o.provider_id,
                    provider_name: o.provider_name.clone(),
                    status: o.status,
                    stockin_status: o.stockin_status,
                    warehouse_name: o.warehouse_name.clone(),
                    warehouse_id: o.warehouse_id,
                    warehouse_no: o.warehouse_no.clone(),
                    creator_name: o.creator.clone(),
                    purchaser_name: o.purchaser.clone(),
                    check_operator_name: if o.check_time.is_some() {
                        o.creator.clone()
                    } else {
                        String::new()
                    },
                    flag_name: "无".into(),
                    goods_fee: o.goods_fee(),
                    post_fee: o.post_fee,
                    other_fee: o.other_fee,
                    total_fee,
                    tax_fee: o.tax_fee(),
                    goods_type_count: o.lines.len() as i64,
                    goods_count: o.goods_count(),
                    goods_arrive_count: o.stockin_count(),
                    goods_stockin_count: o.stockin_count(),
                    remark: o.remark.clone(),
                    expect_arrive_time: o.expect_arrive_time.clone(),
                    created: o.created,
                    check_time: clock::format_opt(o.check_time),
                    modified: o.modified,
                    detail_list,
                    ..Default::default()
                }
            })
            .collect();
        Ok(Out::data(fa::PurchaseOrderList {
            order,
            total_count: total,
        }))
    }
}

impl ent::Op for ea::PurchaseOrderQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        q: ea::PurchaseOrderQuery,
    ) -> Result<ea::PurchaseOrderQueryAnswer, ent::Fail> {
        let page = c.page();
        let times = window(q.start_time.as_deref(), q.end_time.as_deref())?;
        if times.is_none() && q.purchase_no.is_none() && q.outer_no.is_none() {
            return Err(ent::fail(
                CODE_MISSING,
                "缺少查询条件: start_time/end_time 或 purchase_no 或 outer_no".into(),
            ));
        }
        c.state
            .store
            .require_warehouse(&c.caller, q.warehouse_no.as_deref())
            .await?;
        let f = PurchaseFilter {
            status: ent::statuses(c, "status", q.status.as_deref())?,
            purchase_no: q.purchase_no,
            outer_no: q.outer_no,
            warehouse_no: q.warehouse_no,
            modified_from: times.map(|t| t.0),
            modified_to: times.map(|t| t.1),
            ..Default::default()
        };
        let (rows, total) = c
            .state
            .store
            .query_purchase_orders(&c.caller, &f, page)
            .await?;
        let purchase_list = rows
            .iter()
            .map(|o| {
                let details_list = o
                    .lines
                    .iter()
                    .map(|l| ea::PurchaseOrderDetail {
                        rec_id: l.rec_id,
                        goods_no: l.goods_no.clone(),
                        goods_name: l.goods_name.clone(),
                        spec_no: l.spec_no.clone(),
                        spec_name: l.spec_name.clone(),
                        barcode: l.barcode.clone(),
                        num: l.num.into(),
                        stockin_num: l.stockin_num.into(),
                        arrive_num: l.stockin_num.into(),
                        arrive_more_num: l.more_num().into(),
                        lack_num: l.lack_num().into(),
                        price: l.price.into(),
                        discount: l.discount.into(),
                        tax: l.tax_rate.into(),
                        tax_price: l.tax_price().into(),
                        remark: l.remark.clone(),
                        created: clock::format_millis(l.created),
                        modified: clock::format_millis(o.modified),
                        ..Default::default()
                    })
                    .collect();
                ea::PurchaseOrder {
                    purchase_id: o.id,
                    purchase_no: o.purchase_no.clone(),
                    outer_no: o.outer_no.clone(),
                    api_outer_no: o.outer_no.clone(),
                    warehouse_no: o.warehouse_no.clone(),
                    warehouse_name: o.warehouse_name.clone(),
                    status: o.status,
                    stockin_status: o.stockin_status,
                    provider_no: o.provider_no.clone(),
                    provider_name: o.provider_name.clone(),
                    contact: o.contact.clone(),
                    telno: o.telno.clone(),
                    purchaser_name: o.purchaser.clone(),
                    receive_address: o.receive_address.clone(),
                    check_time: clock::format_opt(o.check_time),
                    remark: o.remark.clone(),
                    expect_arrive_time: o.expect_arrive_time.clone(),
                    post_fee: o.post_fee.into(),
                    other_fee: o.other_fee.into(),
                    modified: clock::format_millis(o.modified),
                    created: clock::format_millis(o.created),
                    creator_name: o.creator.clone(),
                    goods_type_count: o.lines.len() as i64,
                    goods_count: o.goods_count().into(),
                    goods_arrive_count: o.stockin_count().into(),
                    details_list,
                    ..Default::default()
                }
            })
            .collect();
        Ok(ea::PurchaseOrderQueryAnswer {
            total_count: first_page_total(page, total),
            purchase_list,
        })
    }
}
