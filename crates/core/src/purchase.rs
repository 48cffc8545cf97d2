//! Purchase orders: created by either edition's push, received by purchase stock-ins
//! (see `stockin`), read back with their lines' ordered and received quantities.

use crate::document::PurchaseStatus;
use std::collections::HashMap;

use openwdt_wire::fields::shown;
use openwdt_wire::Dec4;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::clock;
use crate::error::{CoreError, CoreResult};
use crate::master::{live_specs, resolve_warehouse};
use crate::problem::Field;
use crate::query::Page;
use crate::store::{
    batched, first_col, in_list, is_pg, next_doc_no, values_list, Backend, Store, CHUNK,
};
use crate::totals::require_sum;
use crate::validation::{limit, money};

/// A stock-in may be created or checked only while its order is in one of these.
pub const PO_RECEIVABLE: [i64; 2] = [
    PurchaseStatus::Checked.code(),
    PurchaseStatus::PartlyArrived.code(),
];

/// Names of the fields a push was given in, so that problems name what the caller sent.
pub struct PoNames {
    pub lines: &'static str,
    pub tax: &'static str,
    pub warehouse: &'static str,
    /// How a caller-chosen order number is named in messages, and its longest length.
    pub own_no: &'static str,
    pub own_no_max: usize,
}

pub struct PurchaseOrderLine {
    pub spec_no: String,
    pub num: String,
    /// Pre-tax, pre-discount unit price.
    pub price: Option<String>,
    pub tax: Option<String>,
    /// Unit price after discount and tax; gives `price` when `price` is absent.
    pub tax_price: Option<String>,
    /// A rate: 1 is no discount, 0.8 is 20 % off.
    pub discount: Option<String>,
    pub remark: String,
}

pub struct NewPurchaseOrder {
    /// A number chosen by the caller (flagship `purchase_no`, enterprise outer_no with
    /// `is_use_outer_no=1`); otherwise `CG` + yyMMdd + a daily sequence.
    pub purchase_no: Option<String>,
    pub outer_no: Option<String>,
    pub provider_no: String,
    pub warehouse_no: String,
    pub check: bool,
    pub purchaser: String,
    pub contact: String,
    pub telno: String,
    pub receive_address: String,
    pub expect_arrive_time: String,
    pub remark: String,
    pub post_fee: Option<String>,
    pub other_fee: Option<String>,
    pub lines: Vec<PurchaseOrderLine>,
    pub names: &'static PoNames,
}

/// Where a purchase order stands on receiving, as both editions number it.
pub fn stockin_status(lines: &[(Dec4, Dec4)]) -> i64 {
    let any_in = lines.iter().any(|(_, got)| !got.is_zero());
    let any_over = lines.iter().any(|(want, got)| got > want);
    let all_in = lines.iter().all(|(want, got)| got >= want);
    match (any_in, any_over, all_in) {
        (false, _, _) => 0,
        (true, false, false) => 1,
        (true, false, true) => 2,
        (true, true, true) => 4,
        // Some lines over-received while others are still short (flagship 5 部分-超量入库).
        (true, true, false) => 5,
    }
}

/// An order line's pre-tax price: as given, else derived from the after-tax price as
/// `tax_price / (1 + tax) / discount`, else 0. `None` when the derivation leaves decimal(19,4).
pub fn line_price(
    price: Option<Dec4>,
    tax_price: Option<Dec4>,
    tax: Dec4,
    discount: Dec4,
) -> Option<Dec4> {
    match (price, tax_price) {
        (Some(p), _) => Some(p),
        (None, Some(tp)) => Dec4::from_int(1)
            .checked_add(tax)
            .and_then(|f| tp.div_round(f))
            .and_then(|p| p.div_round(discount)),
        (None, None) => Some(Dec4::ZERO),
    }
}

/// A valid order line's `(num, price, tax, discount)`.
type LineValues = (Dec4, Dec4, Dec4, Dec4);

/// The order's header totals (goods_count, goods_fee, tax_fee, total_fee) from its valid
/// lines `(num, price, tax, discount)`, each inside decimal(19,4).
fn order_totals_fit(
    problems: &mut Vec<String>,
    lines: &[Option<LineValues>],
    post_fee: &Option<Option<Dec4>>,
    other_fee: &Option<Option<Dec4>>,
) {
    let lines: Vec<_> = lines.iter().flatten().collect();
    require_sum(problems, "goods_count", lines.iter().map(|l| Some(l.0)));
    let dis_price = |l: &LineValues| l.1.mul_round(l.3);
    let goods_fee = require_sum(
        problems,
        "goods_fee",
        lines.iter().map(|l| dis_price(l)?.mul_round(l.0)),
    );
    require_sum(
        problems,
        "tax_fee",
        lines.iter().map(|l| {
            let tax_price = dis_price(l)?.mul_round(Dec4::from_int(1).checked_add(l.2)?)?;
            tax_price.mul_round(l.0)
        }),
    );
    if let Some(goods_fee) = goods_fee {
        let fee = |f: &Option<Option<Dec4>>| f.flatten().unwrap_or_default();
        require_sum(
            problems,
            "total_fee",
            [Some(goods_fee), Some(fee(post_fee)), Some(fee(other_fee))],
        );
    }
}

async fn provider_id(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    provider_no: &str,
) -> CoreResult<Option<i64>> {
    let q = sqlx::query("SELECT id FROM provider WHERE seller_id = $1 AND provider_no = $2")
        .bind(seller_id)
        .bind(provider_no);
    first_col(tx, q).await
}

impl Store {
    /// Creates a purchase order; answers its number.
    pub async fn create_purchase_order(
        &self,
        caller: &Caller,
        cmd: NewPurchaseOrder,
    ) -> CoreResult<String> {
        let n = cmd.names;
        let mut problems = Vec::new();
        limit(
            &mut problems,
            "供应商编号 provider_no",
            &cmd.provider_no,
            20,
        );
        limit(&mut problems, n.warehouse, &cmd.warehouse_no, 40);
        if let Some(o) = &cmd.outer_no {
            limit(&mut problems, "外部单号 outer_no", o, 40);
        }
        if let Some(no) = &cmd.purchase_no {
            limit(&mut problems, n.own_no, no, n.own_no_max);
        }
        for (f, v, max) in [
            ("采购员 purchaser_name", &cmd.purchaser, 40),
            ("联系人 contact", &cmd.contact, 40),
            ("电话 telno", &cmd.telno, 40),
            ("收货地址 receive_address", &cmd.receive_address, 255),
            ("备注 remark", &cmd.remark, 255),
        ] {
            limit(&mut problems, f, v, max);
        }
        if !cmd.expect_arrive_time.is_empty()
            && clock::parse_datetime(&cmd.expect_arrive_time).is_none()
        {
            problems.push(format!(
                "预计到货时间 expect_arrive_time 格式不合法(yyyy-MM-dd HH:mm:ss): {}",
                shown(&cmd.expect_arrive_time)
            ));
        }
        let post_fee = money(&mut problems, "邮资 post_fee", &cmd.post_fee);
        let other_fee = money(&mut problems, "其他费用 other_fee", &cmd.other_fee);
        if cmd.lines.is_empty() {
            problems.push(format!("{} 不能为空", n.lines));
        }
        // (num, price, tax, discount) per line, when valid.
        let mut values: Vec<Option<LineValues>> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, l) in cmd.lines.iter().enumerate() {
            let at = |f: &str| format!("{}[{i}].{f}", n.lines);
            if l.spec_no.is_empty() {
                problems.push(format!("{} 不能为空", at("spec_no")));
            } else {
                limit(&mut problems, &at("spec_no"), &l.spec_no, 40);
                if seen.insert(l.spec_no.as_str(), i).is_some() {
                    problems.push(format!("货品 {} 重复!", shown(&l.spec_no)));
                }
            }
            limit(&mut problems, &at("remark"), &l.remark, 255);
            let num = match Dec4::parse(&l.num) {
                Ok(d) if d > Dec4::ZERO => Some(d),
                _ => {
                    problems.push(format!(
                        "{} 采购数量不合法(必须大于0, 最多4位小数): {}",
                        at("num"),
                        shown(&l.num)
                    ));
                    None
                }
            };
            let price = money(&mut problems, &at("price"), &l.price);
            let tax = money(&mut problems, &at(n.tax), &l.tax);
            let tax_price = money(&mut problems, &at("tax_price"), &l.tax_price);
            let discount = money(&mut problems, &at("discount"), &l.discount);
            let discount = match discount {
                Some(Some(d)) if d.is_zero() => {
                    problems.push(format!("{} 不合法(必须大于0): 0", at("discount")));
                    None
                }
                Some(d) => Some(d.unwrap_or(Dec4::from_int(1))),
                None => None,
            };
            values.push(match (num, price, tax, tax_price, discount) {
                (Some(num), Some(price), Some(tax), Some(tax_price), Some(discount)) => {
                    let tax = tax.unwrap_or(Dec4::ZERO);
                    match line_price(price, tax_price, tax, discount) {
                        Some(p) => Some((num, p, tax, discount)),
                        None => {
                            problems.push(format!("{} 数值超出范围", at("tax_price")));
                            None
                        }
                    }
                }
                _ => None,
            });
        }
        if values.iter().all(Option::is_some) {
            order_totals_fit(&mut problems, &values, &post_fee, &other_fee);
        }

        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let provider = provider_id(tx, caller.seller_id, &cmd.provider_no).await?;
        if provider.is_none() {
            problems.insert(0, format!("供应商 {} 不存在", shown(&cmd.provider_no)));
        }
        let warehouse = resolve_warehouse(tx, caller, &cmd.warehouse_no).await?;
        if warehouse.is_none() {
            problems.insert(
                0,
                format!(
                    "仓库编号为 {} 的仓库不存在或无权限",
                    shown(&cmd.warehouse_no)
                ),
            );
        }
        let spec_nos: Vec<&str> = cmd.lines.iter().map(|l| l.spec_no.as_str()).collect();
        let specs = live_specs(tx, caller.seller_id, &spec_nos).await?;
        for l in &cmd.lines {
            if !l.spec_no.is_empty() && !specs.contains_key(&l.spec_no) {
                problems.push(format!("商家编码 {} 不存在或已删除", shown(&l.spec_no)));
            }
        }
        if let Some(o) = &cmd.outer_no {
            let row = sqlx::query(
                "SELECT po.purchase_no, w.warehouse_no FROM purchase_order po JOIN warehouse w ON w.id = po.warehouse_id
                 WHERE po.seller_id = $1 AND po.outer_no = $2",
            )
            .bind(caller.seller_id)
            .bind(o)
            .fetch_optional(&mut **tx)
            .await?;
            if let Some(dup) = crate::document::duplicate(caller, Field::OuterNo, o, row)? {
                return Err(dup);
            }
        }
        if let Some(no) = &cmd.purchase_no {
            if purchase_id(tx, caller.seller_id, no).await?.is_some() {
                problems.push(format!("采购单号 {} 已存在", shown(no)));
            }
        }
        if !problems.is_empty() {
            return Err(CoreError::Rejected(problems));
        }
        let now = clock::now_millis();
        let purchase_no = match &cmd.purchase_no {
            Some(no) => no.clone(),
            None => next_doc_no(tx, caller.seller_id, "CG", "%y%m%d", now).await?,
        };
        let status = if cmd.check {
            PurchaseStatus::Checked.code()
        } else {
            PurchaseStatus::Editing.code()
        };
        let row = sqlx::query(
            "INSERT INTO purchase_order (seller_id, purchase_no, provider_id, warehouse_id, status, outer_no, remark,
               purchaser, contact, telno, receive_address, expect_arrive_time, post_fee, other_fee, creator, check_time,
               created, modified)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
        )
        .bind(caller.seller_id)
        .bind(&purchase_no)
        .bind(provider.expect("checked"))
        .bind(warehouse.expect("checked").id)
        .bind(status)
        .bind(&cmd.outer_no)
        .bind(&cmd.remark)
        .bind(&cmd.purchaser)
        .bind(&cmd.contact)
        .bind(&cmd.telno)
        .bind(&cmd.receive_address)
        .bind(&cmd.expect_arrive_time)
        .bind(post_fee.flatten().unwrap_or_default().raw())
        .bind(other_fee.flatten().unwrap_or_default().raw())
        .bind(&caller.app_key)
        .bind(cmd.check.then_some(now))
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let id: i64 = row.try_get(0)?;
        let rows: Vec<(&PurchaseOrderLine, LineValues)> = cmd
            .lines
            .iter()
            .zip(values)
            .map(|(l, v)| (l, v.expect("validated")))
            .collect();
        for chunk in rows.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO purchase_order_detail (purchase_id, spec_id, num, arrive_num, price, tax_rate, discount, remark, created)
                 VALUES {}",
                values_list(chunk.len(), 9)
            );
            let sql = batched(&sql, is_pg(tx));
            let mut q = sqlx::query(&sql);
            for (l, (num, price, tax, discount)) in chunk {
                q = q
                    .bind(id)
                    .bind(specs[&l.spec_no])
                    .bind(num.raw())
                    .bind(0_i64)
                    .bind(price.raw())
                    .bind(tax.raw())
                    .bind(discount.raw())
                    .bind(l.remark.as_str())
                    .bind(now);
            }
            q.execute(&mut **tx).await?;
        }
        w.tx.commit().await?;
        Ok(purchase_no)
    }
}

pub(crate) async fn purchase_id(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    purchase_no: &str,
) -> CoreResult<Option<i64>> {
    let q = sqlx::query("SELECT id FROM purchase_order WHERE seller_id = $1 AND purchase_no = $2")
        .bind(seller_id)
        .bind(purchase_no);
    first_col(tx, q).await
}

/// The Chinese name of a purchase order status, for messages.
pub fn po_status_name(s: i64) -> &'static str {
    match s {
        10 => "已取消",
        20 => "编辑中",
        30 => "待审核",
        35 => "待财审",
        40 => "已审核",
        50 => "部分到货",
        60 => "已到货",
        70 => "待结算",
        80 => "部分结算",
        90 => "已完成",
        _ => "未知",
    }
}

#[derive(Debug, Default)]
pub struct PurchaseFilter {
    pub purchase_no: Option<String>,
    pub outer_no: Option<String>,
    pub provider_no: Option<String>,
    pub warehouse_no: Option<String>,
    /// Any of these statuses; all when empty.
    pub status: Vec<i64>,
    pub stockin_status: Option<i64>,
    pub modified_from: Option<i64>,
    pub modified_to: Option<i64>,
}

#[derive(Debug)]
pub struct PurchaseOrderRow {
    pub id: i64,
    pub purchase_no: String,
    pub outer_no: String,
    pub provider_id: i64,
    pub provider_no: String,
    pub provider_name: String,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub status: i64,
    pub stockin_status: i64,
    pub purchaser: String,
    pub contact: String,
    pub telno: String,
    pub receive_address: String,
    pub expect_arrive_time: String,
    pub remark: String,
    pub post_fee: Dec4,
    pub other_fee: Dec4,
    pub creator: String,
    pub check_time: Option<i64>,
    pub created: i64,
    pub modified: i64,
    pub lines: Vec<PurchaseLineRow>,
}

#[derive(Debug)]
pub struct PurchaseLineRow {
    pub rec_id: i64,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub num: Dec4,
    /// Received by completed stock-ins.
    pub stockin_num: Dec4,
    pub price: Dec4,
    pub discount: Dec4,
    pub tax_rate: Dec4,
    pub remark: String,
    pub created: i64,
}

impl PurchaseLineRow {
    /// Pre-tax price after discount.
    pub fn dis_price(&self) -> Dec4 {
        self.price.mul_round(self.discount).unwrap_or_default()
    }
    pub fn tax_price(&self) -> Dec4 {
        Dec4::from_int(1)
            .checked_add(self.tax_rate)
            .and_then(|f| self.dis_price().mul_round(f))
            .unwrap_or_default()
    }
    pub fn amount(&self) -> Dec4 {
        self.dis_price().mul_round(self.num).unwrap_or_default()
    }
    pub fn tax_amount(&self) -> Dec4 {
        self.tax_price().mul_round(self.num).unwrap_or_default()
    }
    pub fn lack_num(&self) -> Dec4 {
        self.num
            .checked_sub(self.stockin_num)
            .filter(|d| !d.is_negative())
            .unwrap_or_default()
    }
    pub fn more_num(&self) -> Dec4 {
        self.stockin_num
            .checked_sub(self.num)
            .filter(|d| !d.is_negative())
            .unwrap_or_default()
    }
}

impl PurchaseOrderRow {
    pub fn goods_count(&self) -> Dec4 {
        self.lines
            .iter()
            .fold(Dec4::ZERO, |a, l| a.checked_add(l.num).unwrap_or(a))
    }
    pub fn stockin_count(&self) -> Dec4 {
        self.lines
            .iter()
            .fold(Dec4::ZERO, |a, l| a.checked_add(l.stockin_num).unwrap_or(a))
    }
    pub fn goods_fee(&self) -> Dec4 {
        self.lines
            .iter()
            .fold(Dec4::ZERO, |a, l| a.checked_add(l.amount()).unwrap_or(a))
    }
    pub fn tax_fee(&self) -> Dec4 {
        self.lines.iter().fold(Dec4::ZERO, |a, l| {
            a.checked_add(l.tax_amount()).unwrap_or(a)
        })
    }
}

const PO_VIEW: &str = "(SELECT po.id, po.seller_id, po.purchase_no, COALESCE(po.outer_no, '') AS outer_no, po.provider_id,
    pr.provider_no, pr.name AS provider_name, po.warehouse_id, w.warehouse_no, w.name AS warehouse_name, po.status,
    po.purchaser, po.contact, po.telno, po.receive_address, po.expect_arrive_time, po.remark, po.post_fee, po.other_fee,
    po.creator, po.check_time, po.created, po.modified
  FROM purchase_order po JOIN provider pr ON pr.id = po.provider_id JOIN warehouse w ON w.id = po.warehouse_id) v";

impl Store {
    pub async fn query_purchase_orders(
        &self,
        caller: &Caller,
        f: &PurchaseFilter,
        page: Page,
    ) -> CoreResult<(Vec<PurchaseOrderRow>, i64)> {
        let mut w = crate::query::Filter::new("seller_id", caller.seller_id);
        w.perm("warehouse_no", &caller.warehouses);
        w.maybe_text("purchase_no = $?", f.purchase_no.as_deref());
        w.maybe_text("outer_no = $?", f.outer_no.as_deref());
        w.maybe_text("provider_no = $?", f.provider_no.as_deref());
        w.maybe_text("warehouse_no = $?", f.warehouse_no.as_deref());
        if !f.status.is_empty() {
            w.ints_in("status", &f.status);
        }
        w.maybe_int("modified >= $?", f.modified_from);
        w.maybe_int("modified <= $?", f.modified_to);
        // stockin_status is derived from the lines, so it filters after loading them; the
        // page is then cut here rather than in SQL.
        let (rows, total) = if f.stockin_status.is_some() {
            let all = Page {
                page_no: 0,
                page_size: i64::MAX / 2,
            };
            w.fetch(self, PO_VIEW, "id", all).await?
        } else {
            w.fetch(self, PO_VIEW, "id", page).await?
        };
        let mut orders = rows
            .iter()
            .map(|r| {
                Ok(PurchaseOrderRow {
                    id: r.try_get("id")?,
                    purchase_no: r.try_get("purchase_no")?,
                    outer_no: r.try_get("outer_no")?,
                    provider_id: r.try_get("provider_id")?,
                    provider_no: r.try_get("provider_no")?,
                    provider_name: r.try_get("provider_name")?,
                    warehouse_id: r.try_get("warehouse_id")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    warehouse_name: r.try_get("warehouse_name")?,
                    status: r.try_get("status")?,
                    stockin_status: 0,
                    purchaser: r.try_get("purchaser")?,
                    contact: r.try_get("contact")?,
                    telno: r.try_get("telno")?,
                    receive_address: r.try_get("receive_address")?,
                    expect_arrive_time: r.try_get("expect_arrive_time")?,
                    remark: r.try_get("remark")?,
                    post_fee: Dec4::from_raw(r.try_get("post_fee")?),
                    other_fee: Dec4::from_raw(r.try_get("other_fee")?),
                    creator: r.try_get("creator")?,
                    check_time: r.try_get("check_time")?,
                    created: r.try_get("created")?,
                    modified: r.try_get("modified")?,
                    lines: Vec::new(),
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        self.load_purchase_lines(&mut orders).await?;
        if let Some(want) = f.stockin_status {
            orders.retain(|o| o.stockin_status == want);
            let total = orders.len() as i64;
            let start = page.page_no.saturating_mul(page.page_size).min(total) as usize;
            let end = (start as i64 + page.page_size).min(total) as usize;
            return Ok((orders.drain(start..end).collect(), total));
        }
        Ok((orders, total))
    }

    async fn load_purchase_lines(&self, orders: &mut [PurchaseOrderRow]) -> CoreResult<()> {
        if orders.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
        let mut by_order: HashMap<i64, Vec<PurchaseLineRow>> = HashMap::new();
        for chunk in ids.chunks(crate::store::CHUNK) {
            let sql = format!(
                "SELECT d.id, d.purchase_id, d.spec_id, s.spec_no, s.spec_name, s.barcode, g.goods_no, g.goods_name,
                   d.num, d.arrive_num, d.price, d.discount, d.tax_rate, d.remark, d.created
                 FROM purchase_order_detail d JOIN spec s ON s.id = d.spec_id JOIN goods g ON g.id = s.goods_id
                 WHERE d.purchase_id IN ({}) ORDER BY d.id",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.backend == Backend::Postgres);
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for r in q.fetch_all(&self.pool).await? {
                let dec = |c: &str| -> CoreResult<Dec4> { Ok(Dec4::from_raw(r.try_get(c)?)) };
                by_order
                    .entry(r.try_get("purchase_id")?)
                    .or_default()
                    .push(PurchaseLineRow {
                        rec_id: r.try_get("id")?,
                        spec_id: r.try_get("spec_id")?,
                        spec_no: r.try_get("spec_no")?,
                        spec_name: r.try_get("spec_name")?,
                        barcode: r.try_get("barcode")?,
                        goods_no: r.try_get("goods_no")?,
                        goods_name: r.try_get("goods_name")?,
                        num: dec("num")?,
                        stockin_num: dec("arrive_num")?,
                        price: dec("price")?,
                        discount: dec("discount")?,
                        tax_rate: dec("tax_rate")?,
                        remark: r.try_get("remark")?,
                        created: r.try_get("created")?,
                    });
            }
        }
        for o in orders.iter_mut() {
            o.lines = by_order.remove(&o.id).unwrap_or_default();
            let pairs: Vec<(Dec4, Dec4)> = o.lines.iter().map(|l| (l.num, l.stockin_num)).collect();
            o.stockin_status = stockin_status(&pairs);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_is_derived_from_the_after_tax_price_and_discount() {
        let d = |t: &str| t.parse::<Dec4>().unwrap();
        // Given, the pre-tax price wins whatever else is sent.
        assert_eq!(
            line_price(Some(d("10")), Some(d("99")), d("0.13"), d("0.8")),
            Some(d("10"))
        );
        // 11.3 / 1.13 / 1 = 10; 11.3 / 1.13 / 0.8 = 12.5.
        assert_eq!(
            line_price(None, Some(d("11.3")), d("0.13"), d("1")),
            Some(d("10"))
        );
        assert_eq!(
            line_price(None, Some(d("11.3")), d("0.13"), d("0.8")),
            Some(d("12.5"))
        );
        // Rounded half away from zero at the fourth decimal: 10 / 3 = 3.3333.
        assert_eq!(
            line_price(None, Some(d("10")), d("2"), d("1")),
            Some(d("3.3333"))
        );
        assert_eq!(line_price(None, None, d("0.13"), d("1")), Some(Dec4::ZERO));
        // Past decimal(19,4): refused, not wrapped.
        let max = Dec4::from_raw(i64::MAX);
        assert_eq!(line_price(None, Some(max), d("0"), d("0.0001")), None);
    }

    #[test]
    fn stockin_status_follows_the_lines() {
        let d = Dec4::from_int;
        assert_eq!(stockin_status(&[(d(10), d(0)), (d(5), d(0))]), 0);
        assert_eq!(stockin_status(&[(d(10), d(3)), (d(5), d(0))]), 1);
        assert_eq!(stockin_status(&[(d(10), d(10)), (d(5), d(5))]), 2);
        assert_eq!(stockin_status(&[(d(10), d(12)), (d(5), d(5))]), 4);
        assert_eq!(stockin_status(&[(d(10), d(12)), (d(5), d(1))]), 5);
    }
}
