//! Purchase stock-in (enterprise `stockin_purchase_push.php`, flagship
//! `wms.stockin.Purchase.upload`): goods received against an approved purchase order.
//!
//! A stock-in is stored, then checked: checking posts its lines to the ledger (采购入库),
//! raises the order lines' received quantities and moves the order to 部分到货 or 已到货.
//! A push may check at once; otherwise `openwdt stockin check` does it later.

use std::collections::HashMap;

use chrono::NaiveDate;
use openwdt_wire::fields::shown;
use openwdt_wire::Dec4;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::clock;
use crate::document::doc_by_outer_no;
use crate::document::PurchaseStatus;
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, Move, Posting};
use crate::master::{batches_of, default_position, live_specs, positions_of, resolve_warehouse};
use crate::problem::Field;
use crate::purchase::{po_status_name, PO_RECEIVABLE};
use crate::query::Page;
use crate::store::{
    batched, in_list, is_pg, next_doc_no, set_by_id, set_doc_status, values_list, Backend, Store,
    CHUNK,
};
use crate::totals::{out_of_range, require_sum};
use crate::validation::{limit, money};

use crate::document::SrcOrderType;
pub use crate::document::{StockinStatus, KIND_PURCHASE_IN as KIND};

/// The field names and length limits of the edition a stock-in arrived in.
pub struct StockinDialect {
    pub lines: &'static str,
    pub num: &'static str,
    pub logistics_code_max: usize,
    pub position_max: usize,
    pub batch_max: usize,
    pub line_remark_max: usize,
}

pub struct StockinLine {
    pub spec_no: String,
    pub num: String,
    pub stockin_price: Option<String>,
    pub tax_price: Option<String>,
    pub tax: Option<String>,
    pub src_price: Option<String>,
    pub position_no: Option<String>,
    pub batch_no: Option<String>,
    pub production_date: Option<String>,
    pub validity_days: Option<String>,
    pub expire_date: Option<String>,
    pub defect: bool,
    pub remark: String,
}

pub struct PurchaseStockin {
    pub purchase_no: String,
    pub warehouse_no: String,
    pub outer_no: Option<String>,
    /// An unknown batch_no creates the batch instead of failing the document.
    pub create_batch: bool,
    /// 20 编辑中, 30 待审核, or 80: checked now.
    pub status: i64,
    pub logistics_code: String,
    pub logistics_no: String,
    pub post_fee: Option<String>,
    pub other_fee: Option<String>,
    pub remark: String,
    pub lines: Vec<StockinLine>,
    pub dialect: &'static StockinDialect,
}

/// A line after validation, ready to store.
struct Checked {
    spec_id: i64,
    purchase_detail_id: i64,
    num: Dec4,
    stockin_price: Dec4,
    src_price: Dec4,
    tax: Dec4,
    tax_price: Dec4,
    position_id: i64,
    batch_id: i64,
    production_date: Option<String>,
    expire_date: Option<String>,
}

/// `YYYY-MM-DD`, or a datetime whose date part is taken.
fn date(problems: &mut Vec<String>, field: &str, v: &Option<String>) -> Option<NaiveDate> {
    let t = v.as_deref().filter(|t| !t.is_empty())?;
    let head = t.get(..10).unwrap_or(t);
    match NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        Ok(d) if t.len() == 10 || t.len() == 19 => Some(d),
        _ => {
            problems.push(format!("{field} 日期格式不合法(YYYY-MM-DD): {}", shown(t)));
            None
        }
    }
}

struct PoHead {
    id: i64,
    warehouse_id: i64,
    warehouse_no: String,
    status: i64,
}

/// A stock-in line's `(stockin_price, tax_price)`: an after-tax price wins and gives the pre-tax
/// one as `tax_price / (1 + tax)`; else the pre-tax price given, else the order line's, taxed.
/// `None` when either leaves decimal(19,4).
pub fn stockin_prices(
    price: Option<Dec4>,
    tax_price: Option<Dec4>,
    tax: Dec4,
    order_price: Dec4,
) -> Option<(Dec4, Dec4)> {
    let one_plus_tax = Dec4::from_int(1).checked_add(tax)?;
    match tax_price {
        Some(tp) => Some((tp.div_round(one_plus_tax)?, tp)),
        None => {
            let p = price.unwrap_or(order_price);
            Some((p, p.mul_round(one_plus_tax)?))
        }
    }
}

async fn po_head(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    purchase_no: &str,
) -> CoreResult<Option<PoHead>> {
    let row = sqlx::query(
        "SELECT po.id, po.warehouse_id, w.warehouse_no, po.status FROM purchase_order po JOIN warehouse w ON w.id = po.warehouse_id
         WHERE po.seller_id = $1 AND po.purchase_no = $2",
    )
    .bind(seller_id)
    .bind(purchase_no)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    Ok(Some(PoHead {
        id: r.try_get(0)?,
        warehouse_id: r.try_get(1)?,
        warehouse_no: r.try_get(2)?,
        status: r.try_get(3)?,
    }))
}

fn not_receivable(purchase_no: &str, status: i64) -> String {
    format!(
        "采购单 {} 状态为{}({status}), 只有已审核(40)或部分到货(50)的采购单才能入库",
        shown(purchase_no),
        po_status_name(status)
    )
}

impl Store {
    /// Creates a purchase stock-in (and checks it when asked); answers its number.
    pub async fn create_purchase_stockin(
        &self,
        caller: &Caller,
        cmd: PurchaseStockin,
    ) -> CoreResult<String> {
        let dl = cmd.dialect;
        let mut problems = Vec::new();
        if ![
            StockinStatus::Editing.code(),
            StockinStatus::Submitted.code(),
            StockinStatus::Done.code(),
        ]
        .contains(&cmd.status)
        {
            problems.push(format!("入库单状态不合法: {}", cmd.status));
        }
        limit(&mut problems, "采购单号 purchase_no", &cmd.purchase_no, 40);
        limit(
            &mut problems,
            "仓库编号 warehouse_no",
            &cmd.warehouse_no,
            40,
        );
        if let Some(o) = &cmd.outer_no {
            limit(&mut problems, "外部单号 outer_no", o, 40);
        }
        limit(
            &mut problems,
            "物流编号 logistics_code",
            &cmd.logistics_code,
            dl.logistics_code_max,
        );
        limit(
            &mut problems,
            "物流单号 logistics_no",
            &cmd.logistics_no,
            40,
        );
        limit(&mut problems, "备注 remark", &cmd.remark, 255);
        let post_fee = money(&mut problems, "邮资 post_fee", &cmd.post_fee);
        let other_fee = money(&mut problems, "其他费用 other_fee", &cmd.other_fee);
        if cmd.lines.is_empty() {
            problems.push(format!("{} 不能为空", dl.lines));
        }
        /// stockin_price, tax_price, tax, src_price as given.
        type Prices = (Option<Dec4>, Option<Dec4>, Dec4, Option<Dec4>);
        struct Parsed {
            num: Option<Dec4>,
            prices: Option<Prices>,
            expire: Option<Option<String>>,
            production: Option<String>,
        }
        let mut parsed = Vec::with_capacity(cmd.lines.len());
        for (i, l) in cmd.lines.iter().enumerate() {
            let at = |f: &str| format!("{}[{i}].{f}", dl.lines);
            if l.spec_no.is_empty() {
                problems.push(format!("{} 不能为空", at("spec_no")));
            } else {
                limit(&mut problems, &at("spec_no"), &l.spec_no, 40);
            }
            let num = match Dec4::parse(&l.num) {
                Ok(d) if d > Dec4::ZERO => Some(d),
                _ => {
                    problems.push(format!(
                        "{} 入库数量不合法(必须大于0, 最多4位小数): {}",
                        at(dl.num),
                        shown(&l.num)
                    ));
                    None
                }
            };
            let price = money(&mut problems, &at("stockin_price"), &l.stockin_price);
            let tax_price = money(&mut problems, &at("tax_price"), &l.tax_price);
            let tax = money(&mut problems, &at("tax"), &l.tax);
            let src = money(&mut problems, &at("src_price"), &l.src_price);
            let prices = match (price, tax_price, tax, src) {
                (Some(p), Some(tp), Some(t), Some(s)) => Some((p, tp, t.unwrap_or_default(), s)),
                _ => None,
            };
            if let Some(p) = &l.position_no {
                limit(&mut problems, &at("position_no"), p, dl.position_max);
            }
            if let Some(b) = &l.batch_no {
                limit(&mut problems, &at("batch_no"), b, dl.batch_max);
            }
            limit(&mut problems, &at("remark"), &l.remark, dl.line_remark_max);
            let production = date(&mut problems, &at("production_date"), &l.production_date);
            let expire_given = date(&mut problems, &at("expire_date"), &l.expire_date);
            let days = match l.validity_days.as_deref().filter(|v| !v.is_empty()) {
                None => None,
                Some(v) => match v.parse::<u32>() {
                    Ok(d) if d <= 36_500 => Some(d),
                    _ => {
                        problems.push(format!(
                            "{} 保质期天数不合法(0-36500 的整数): {}",
                            at("validity_days"),
                            shown(v)
                        ));
                        None
                    }
                },
            };
            // The expiry is given, or follows from production date + shelf life.
            let expire = match (expire_given, production, days) {
                (Some(e), _, _) => Some(e),
                (None, Some(p), Some(d)) => p.checked_add_days(chrono::Days::new(d.into())),
                _ => None,
            };
            parsed.push(Parsed {
                num,
                prices,
                expire: Some(expire.map(|d| d.format("%Y-%m-%d").to_string())),
                production: production.map(|d| d.format("%Y-%m-%d").to_string()),
            });
        }

        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        // A retried push finds its first document before anything else is judged: the order
        // it completed may no longer accept stock-ins.
        if let Some(o) = &cmd.outer_no {
            if let Some(dup) = doc_by_outer_no(tx, caller, KIND, Field::OuterNo, o).await? {
                return Err(dup);
            }
        }
        let po = po_head(tx, caller.seller_id, &cmd.purchase_no).await?;
        match &po {
            None => problems.insert(0, format!("采购单 {} 不存在", shown(&cmd.purchase_no))),
            Some(po) if !PO_RECEIVABLE.contains(&po.status) => {
                problems.insert(0, not_receivable(&cmd.purchase_no, po.status))
            }
            Some(_) => {}
        }
        let warehouse = resolve_warehouse(tx, caller, &cmd.warehouse_no).await?;
        match (&warehouse, &po) {
            (None, _) => problems.insert(
                0,
                format!(
                    "仓库编号为 {} 的仓库不存在或无权限",
                    shown(&cmd.warehouse_no)
                ),
            ),
            (Some(w), Some(po)) if w.id != po.warehouse_id => problems.push(format!(
                "仓库 {} 不是采购单 {} 的收货仓库 {}",
                shown(&cmd.warehouse_no),
                shown(&cmd.purchase_no),
                po.warehouse_no
            )),
            _ => {}
        }
        let spec_nos: Vec<&str> = cmd.lines.iter().map(|l| l.spec_no.as_str()).collect();
        let specs = live_specs(tx, caller.seller_id, &spec_nos).await?;
        // spec_id → (order line id, pre-tax price) of the order's lines.
        let mut po_lines: HashMap<i64, (i64, Dec4)> = HashMap::new();
        if let Some(po) = &po {
            for r in sqlx::query(
                "SELECT spec_id, id, price, discount FROM purchase_order_detail WHERE purchase_id = $1",
            )
            .bind(po.id)
            .fetch_all(&mut **tx)
            .await?
            {
                let price = Dec4::from_raw(r.try_get(2)?)
                    .mul_round(Dec4::from_raw(r.try_get(3)?))
                    .unwrap_or_default();
                po_lines.insert(r.try_get(0)?, (r.try_get(1)?, price));
            }
        }
        let default_pos = match &warehouse {
            Some(w) => Some(default_position(tx, w.id).await?),
            None => None,
        };
        let positions = match &warehouse {
            Some(w) => positions_of(tx, w.id).await?,
            None => HashMap::new(),
        };
        let batch_nos: Vec<&str> = cmd
            .lines
            .iter()
            .filter_map(|l| l.batch_no.as_deref())
            .filter(|b| !b.is_empty())
            .collect();
        let batches = batches_of(tx, caller.seller_id, &batch_nos).await?;
        let mut checked = Vec::with_capacity(cmd.lines.len());
        let mut new_batches: Vec<(String, Option<String>, Option<String>)> = Vec::new();
        let mut new_batch_names: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (l, p) in cmd.lines.iter().zip(&parsed) {
            if l.spec_no.is_empty() {
                continue;
            }
            let sp = shown(&l.spec_no);
            let spec_id = specs.get(&l.spec_no).copied();
            let order_line = match spec_id {
                None => {
                    problems.push(format!("商家编码 {sp} 不存在或已删除"));
                    None
                }
                Some(id) => match po_lines.get(&id) {
                    None if po.is_some() => {
                        problems.push(format!(
                            "商家编码 {sp} 不在采购单 {} 中",
                            shown(&cmd.purchase_no)
                        ));
                        None
                    }
                    other => other.copied(),
                },
            };
            let position_id = match l.position_no.as_deref().filter(|p| !p.is_empty()) {
                None => default_pos,
                Some(pno) => match positions.get(pno) {
                    Some(id) => Some(*id),
                    None => {
                        if warehouse.is_some() {
                            problems.push(format!(
                                "货位 {} 在仓库 {} 中不存在",
                                shown(pno),
                                shown(&cmd.warehouse_no)
                            ));
                        }
                        None
                    }
                },
            };
            let batch_id = match l.batch_no.as_deref().filter(|b| !b.is_empty()) {
                None => Some(0),
                Some(b) => match batches.get(b) {
                    Some(id) => Some(*id),
                    None if cmd.create_batch => {
                        if new_batch_names.insert(b) {
                            new_batches.push((
                                b.to_string(),
                                p.expire.clone().flatten(),
                                p.production.clone(),
                            ));
                        }
                        Some(-1)
                    }
                    None => {
                        problems.push(format!(
                            "批次 {} 不存在(is_create_batch=1 时自动创建)",
                            shown(b)
                        ));
                        None
                    }
                },
            };
            if let (
                Some(spec_id),
                Some((detail_id, order_price)),
                Some(num),
                Some((price, tax_price, tax, src)),
                Some(position_id),
                Some(batch_id),
            ) = (spec_id, order_line, p.num, p.prices, position_id, batch_id)
            {
                match stockin_prices(price, tax_price, tax, order_price) {
                    Some((stockin_price, tax_price)) => checked.push(Checked {
                        spec_id,
                        purchase_detail_id: detail_id,
                        num,
                        stockin_price,
                        src_price: src.unwrap_or(order_price),
                        tax,
                        tax_price,
                        position_id,
                        batch_id,
                        production_date: p.production.clone(),
                        expire_date: p.expire.clone().flatten(),
                    }),
                    _ => problems.push(format!("商家编码 {sp} 的价格超出范围")),
                }
            }
        }
        if problems.is_empty() {
            stockin_totals_fit(&mut problems, &checked);
        }
        if !problems.is_empty() {
            return Err(CoreError::Rejected(problems));
        }
        let po = po.expect("checked");
        let warehouse = warehouse.expect("checked");
        let now = clock::now_millis();
        let created_batches = create_batches(tx, caller.seller_id, &new_batches).await?;
        for (c, l) in checked.iter_mut().zip(cmd.lines.iter()) {
            if c.batch_id == -1 {
                c.batch_id = created_batches[l.batch_no.as_deref().unwrap_or_default()];
            }
        }
        let stockin_no = next_doc_no(tx, caller.seller_id, "RK", "%y%m%d", now).await?;
        let row = sqlx::query(
            "INSERT INTO document (seller_id, kind, doc_no, status, warehouse_id, creator, remark, mode, defect_mode, outer_no, created, modified)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9, $9) RETURNING id",
        )
        .bind(caller.seller_id)
        .bind(KIND)
        .bind(&stockin_no)
        .bind(StockinStatus::Editing.code())
        .bind(warehouse.id)
        .bind(&caller.app_key)
        .bind(&cmd.remark)
        .bind(&cmd.outer_no)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let doc_id: i64 = row.try_get(0)?;
        sqlx::query(
            "INSERT INTO stockin_purchase (document_id, purchase_id, logistics_code, logistics_no, post_fee, other_fee)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(doc_id)
        .bind(po.id)
        .bind(&cmd.logistics_code)
        .bind(&cmd.logistics_no)
        .bind(post_fee.flatten().unwrap_or_default().raw())
        .bind(other_fee.flatten().unwrap_or_default().raw())
        .execute(&mut **tx)
        .await?;
        let rows: Vec<(&Checked, &StockinLine)> = checked.iter().zip(cmd.lines.iter()).collect();
        for chunk in rows.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO stockin_detail (document_id, purchase_detail_id, spec_id, defect, position_id, batch_id, num,
                   stockin_price, src_price, tax, tax_price, production_date, expire_date, remark, created) VALUES {}",
                values_list(chunk.len(), 15)
            );
            let sql = batched(&sql, is_pg(tx));
            let mut q = sqlx::query(&sql);
            for (c, l) in chunk {
                q = q
                    .bind(doc_id)
                    .bind(c.purchase_detail_id)
                    .bind(c.spec_id)
                    .bind(i64::from(l.defect))
                    .bind(c.position_id)
                    .bind(c.batch_id)
                    .bind(c.num.raw())
                    .bind(c.stockin_price.raw())
                    .bind(c.src_price.raw())
                    .bind(c.tax.raw())
                    .bind(c.tax_price.raw())
                    .bind(c.production_date.as_deref())
                    .bind(c.expire_date.as_deref())
                    .bind(l.remark.as_str())
                    .bind(now);
            }
            q.execute(&mut **tx).await?;
        }
        if cmd.status == StockinStatus::Done.code() {
            settle(tx, caller.seller_id, doc_id, &caller.app_key, now).await?;
        } else if cmd.status != StockinStatus::Editing.code() {
            set_doc_status(tx, doc_id, cmd.status, now).await?;
        }
        w.tx.commit().await?;
        Ok(stockin_no)
    }

    /// Checks a stored stock-in of the seller `sid` (`openwdt stockin check`).
    pub async fn check_stockin(&self, sid: &str, stockin_no: &str) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let (seller_id, doc_id, status) = stockin_by_no(tx, sid, stockin_no).await?;
        match StockinStatus::from_code(status) {
            Some(StockinStatus::Editing | StockinStatus::Submitted) => {}
            Some(StockinStatus::Done) => {
                return Err(CoreError::rejected(format!(
                    "入库单 {} 已完成, 不能重复审核",
                    shown(stockin_no)
                )))
            }
            _ => {
                return Err(CoreError::rejected(format!(
                    "入库单 {} 已取消, 不能审核",
                    shown(stockin_no)
                )))
            }
        }
        settle(tx, seller_id, doc_id, "cli", clock::now_millis()).await?;
        w.tx.commit().await?;
        Ok(())
    }

    /// Cancels a stored, unchecked stock-in of the seller `sid` (`openwdt stockin cancel`).
    pub async fn cancel_stockin(&self, sid: &str, stockin_no: &str) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let (_, doc_id, status) = stockin_by_no(tx, sid, stockin_no).await?;
        match StockinStatus::from_code(status) {
            Some(StockinStatus::Editing | StockinStatus::Submitted) => {}
            Some(StockinStatus::Done) => {
                return Err(CoreError::rejected(format!(
                    "入库单 {} 已完成, 不能取消",
                    shown(stockin_no)
                )))
            }
            _ => {
                return Err(CoreError::rejected(format!(
                    "入库单 {} 已取消",
                    shown(stockin_no)
                )))
            }
        }
        set_doc_status(
            tx,
            doc_id,
            StockinStatus::Cancelled.code(),
            clock::now_millis(),
        )
        .await?;
        w.tx.commit().await?;
        Ok(())
    }
}

/// Raises the order lines' received quantities by `received` (order line id → quantity) and
/// answers the order's new status: 已到货 when no line is short, else 部分到货. The lines and
/// the order's received totals must stay inside decimal(19,4).
async fn receive(
    tx: &mut Transaction<'static, Any>,
    purchase_id: i64,
    received: &HashMap<i64, i64>,
) -> CoreResult<i64> {
    let rows = sqlx::query(
        "SELECT id, num, arrive_num, price, discount FROM purchase_order_detail WHERE purchase_id = $1",
    )
    .bind(purchase_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut problems = Vec::new();
    let mut changed: Vec<(i64, i64)> = Vec::with_capacity(received.len());
    let mut arrived = Vec::with_capacity(rows.len());
    let mut short = false;
    for r in &rows {
        let (id, num, old): (i64, i64, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        let new = match received.get(&id) {
            Some(n) => old.checked_add(*n),
            None => Some(old),
        };
        let Some(new) = new else {
            problems.push(out_of_range("stockin_num"));
            continue;
        };
        if received.contains_key(&id) {
            changed.push((id, new));
        }
        short |= new < num;
        let dis_price = Dec4::from_raw(r.try_get(3)?).mul_round(Dec4::from_raw(r.try_get(4)?));
        arrived.push((Dec4::from_raw(new), dis_price));
    }
    require_sum(
        &mut problems,
        "goods_arrive_count",
        arrived.iter().map(|a| Some(a.0)),
    );
    require_sum(
        &mut problems,
        "stockin_amount",
        arrived.iter().map(|(n, p)| p.and_then(|p| p.mul_round(*n))),
    );
    if !problems.is_empty() {
        problems.dedup();
        return Err(CoreError::Rejected(problems));
    }
    set_by_id(tx, "purchase_order_detail", "arrive_num", &changed).await?;
    Ok(if short {
        PurchaseStatus::PartlyArrived.code()
    } else {
        PurchaseStatus::Arrived.code()
    })
}

/// Creates the named batches `(batch_no, expire_date, production_date)`; answers their ids.
async fn create_batches(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    batches: &[(String, Option<String>, Option<String>)],
) -> CoreResult<HashMap<String, i64>> {
    for chunk in batches.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO batch (seller_id, batch_no, expire_date, production_date) VALUES {}",
            values_list(chunk.len(), 4)
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for (b, expire, production) in chunk {
            q = q
                .bind(seller_id)
                .bind(b.as_str())
                .bind(expire.as_deref())
                .bind(production.as_deref());
        }
        q.execute(&mut **tx).await?;
    }
    let names: Vec<&str> = batches.iter().map(|(b, _, _)| b.as_str()).collect();
    batches_of(tx, seller_id, &names).await
}

/// The stock-in's header totals (goods_count, total_price, tax_amount) stay in decimal(19,4).
fn stockin_totals_fit(problems: &mut Vec<String>, lines: &[Checked]) {
    require_sum(problems, "goods_count", lines.iter().map(|c| Some(c.num)));
    require_sum(
        problems,
        "total_price",
        lines.iter().map(|c| c.stockin_price.mul_round(c.num)),
    );
    require_sum(
        problems,
        "tax_amount",
        lines.iter().map(|c| c.tax_price.mul_round(c.num)),
    );
}

async fn stockin_by_no(
    tx: &mut Transaction<'static, Any>,
    sid: &str,
    stockin_no: &str,
) -> CoreResult<(i64, i64, i64)> {
    let row = sqlx::query(
        "SELECT d.seller_id, d.id, d.status FROM document d JOIN seller s ON s.id = d.seller_id
         WHERE s.sid = $1 AND d.kind = $2 AND d.doc_no = $3",
    )
    .bind(sid)
    .bind(KIND)
    .bind(stockin_no)
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        Some(r) => Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)),
        None => Err(CoreError::rejected(format!(
            "卖家 {} 没有采购入库单 {}",
            shown(sid),
            shown(stockin_no)
        ))),
    }
}

/// Posts a stored stock-in: stock rises, the order lines' received quantities rise and the
/// order moves to 部分到货 or 已到货 (over-receipt allowed).
async fn settle(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    doc_id: i64,
    operator: &str,
    now: i64,
) -> CoreResult<()> {
    let head = sqlx::query(
        "SELECT d.doc_no, d.warehouse_id, sp.purchase_id, po.purchase_no, po.status
         FROM document d JOIN stockin_purchase sp ON sp.document_id = d.id JOIN purchase_order po ON po.id = sp.purchase_id
         WHERE d.id = $1",
    )
    .bind(doc_id)
    .fetch_one(&mut **tx)
    .await?;
    let doc_no: String = head.try_get(0)?;
    let warehouse_id: i64 = head.try_get(1)?;
    let purchase_id: i64 = head.try_get(2)?;
    let purchase_no: String = head.try_get(3)?;
    let po_status: i64 = head.try_get(4)?;
    if !PO_RECEIVABLE.contains(&po_status) {
        return Err(CoreError::rejected(not_receivable(&purchase_no, po_status)));
    }
    let lines = sqlx::query(
        "SELECT spec_id, defect, position_id, batch_id, num, purchase_detail_id, remark FROM stockin_detail
         WHERE document_id = $1 ORDER BY id",
    )
    .bind(doc_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut moves = Vec::with_capacity(lines.len());
    let mut received: HashMap<i64, i64> = HashMap::new();
    for r in &lines {
        let num: i64 = r.try_get(4)?;
        let got = received.entry(r.try_get(5)?).or_default();
        *got = got
            .checked_add(num)
            .ok_or_else(|| CoreError::rejected(out_of_range("goods_count")))?;
        moves.push(Move {
            spec_id: r.try_get(0)?,
            defect: r.try_get::<i64, _>(1)? != 0,
            position_id: r.try_get(2)?,
            batch_id: r.try_get(3)?,
            delta: num,
            remark: r.try_get(6)?,
        });
    }
    let spec_ids: Vec<i64> = moves.iter().map(|m| m.spec_id).collect();
    let mut snap = ledger::load(tx, warehouse_id, &spec_ids).await?;
    let posting = Posting {
        seller_id,
        document_id: doc_id,
        src_order_type: SrcOrderType::Purchase.code(),
        operator,
        in_no: &doc_no,
        out_no: "",
        is_stocktake: false,
    };
    ledger::apply(tx, &mut snap, moves, &posting, now).await?;
    let po_status = receive(tx, purchase_id, &received).await?;
    sqlx::query("UPDATE purchase_order SET status = $1, modified = $2 WHERE id = $3")
        .bind(po_status)
        .bind(now)
        .bind(purchase_id)
        .execute(&mut **tx)
        .await?;
    set_doc_status(tx, doc_id, StockinStatus::Done.code(), now).await?;
    sqlx::query("UPDATE stockin_purchase SET check_time = $1 WHERE document_id = $2")
        .bind(now)
        .bind(doc_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, Default)]
pub struct StockinFilter {
    pub stockin_no: Option<String>,
    pub purchase_no: Option<String>,
    pub outer_no: Option<String>,
    pub warehouse_no: Option<String>,
    /// Any of these statuses; all when empty.
    pub status: Vec<i64>,
    pub modified_from: Option<i64>,
    pub modified_to: Option<i64>,
}

#[derive(Debug)]
pub struct StockinRow {
    pub id: i64,
    pub stockin_no: String,
    pub outer_no: String,
    pub status: i64,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub purchase_id: i64,
    pub purchase_no: String,
    pub provider_no: String,
    pub provider_name: String,
    pub logistics_code: String,
    pub logistics_no: String,
    pub post_fee: Dec4,
    pub other_fee: Dec4,
    pub creator: String,
    pub remark: String,
    pub check_time: Option<i64>,
    pub created: i64,
    pub modified: i64,
    pub lines: Vec<StockinLineRow>,
}

#[derive(Debug)]
pub struct StockinLineRow {
    pub rec_id: i64,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub defect: bool,
    pub position_no: String,
    pub batch_no: String,
    pub num: Dec4,
    /// The order line's ordered quantity.
    pub expect_num: Dec4,
    pub stockin_price: Dec4,
    pub src_price: Dec4,
    pub tax: Dec4,
    pub tax_price: Dec4,
    pub production_date: String,
    pub expire_date: String,
    pub remark: String,
    pub created: i64,
}

impl StockinRow {
    pub fn goods_count(&self) -> Dec4 {
        self.lines
            .iter()
            .fold(Dec4::ZERO, |a, l| a.checked_add(l.num).unwrap_or(a))
    }
    /// Σ stockin_price × num.
    pub fn total_price(&self) -> Dec4 {
        self.lines.iter().fold(Dec4::ZERO, |a, l| {
            a.checked_add(l.stockin_price.mul_round(l.num).unwrap_or_default())
                .unwrap_or(a)
        })
    }
    /// Σ tax_price × num.
    pub fn tax_amount(&self) -> Dec4 {
        self.lines.iter().fold(Dec4::ZERO, |a, l| {
            a.checked_add(l.tax_price.mul_round(l.num).unwrap_or_default())
                .unwrap_or(a)
        })
    }
}

const STOCKIN_VIEW: &str = "(SELECT d.id, d.seller_id, d.doc_no, COALESCE(d.outer_no, '') AS outer_no, d.status, d.warehouse_id,
    w.warehouse_no, w.name AS warehouse_name, sp.purchase_id, po.purchase_no, pr.provider_no, pr.name AS provider_name,
    sp.logistics_code, sp.logistics_no, sp.post_fee, sp.other_fee, d.creator, d.remark, sp.check_time, d.created, d.modified
  FROM document d JOIN stockin_purchase sp ON sp.document_id = d.id JOIN warehouse w ON w.id = d.warehouse_id
  JOIN purchase_order po ON po.id = sp.purchase_id JOIN provider pr ON pr.id = po.provider_id
  WHERE d.kind = 'purchase_in') v";

impl Store {
    pub async fn query_purchase_stockins(
        &self,
        caller: &Caller,
        f: &StockinFilter,
        page: Page,
    ) -> CoreResult<(Vec<StockinRow>, i64)> {
        let mut w = crate::query::Filter::new("seller_id", caller.seller_id);
        w.perm("warehouse_no", &caller.warehouses);
        w.maybe_text("doc_no = $?", f.stockin_no.as_deref());
        w.maybe_text("purchase_no = $?", f.purchase_no.as_deref());
        w.maybe_text("outer_no = $?", f.outer_no.as_deref());
        w.maybe_text("warehouse_no = $?", f.warehouse_no.as_deref());
        if !f.status.is_empty() {
            w.ints_in("status", &f.status);
        }
        w.maybe_int("modified >= $?", f.modified_from);
        w.maybe_int("modified <= $?", f.modified_to);
        let (rows, total) = w.fetch(self, STOCKIN_VIEW, "id", page).await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(StockinRow {
                    id: r.try_get("id")?,
                    stockin_no: r.try_get("doc_no")?,
                    outer_no: r.try_get("outer_no")?,
                    status: r.try_get("status")?,
                    warehouse_id: r.try_get("warehouse_id")?,
                    warehouse_no: r.try_get("warehouse_no")?,
                    warehouse_name: r.try_get("warehouse_name")?,
                    purchase_id: r.try_get("purchase_id")?,
                    purchase_no: r.try_get("purchase_no")?,
                    provider_no: r.try_get("provider_no")?,
                    provider_name: r.try_get("provider_name")?,
                    logistics_code: r.try_get("logistics_code")?,
                    logistics_no: r.try_get("logistics_no")?,
                    post_fee: Dec4::from_raw(r.try_get("post_fee")?),
                    other_fee: Dec4::from_raw(r.try_get("other_fee")?),
                    creator: r.try_get("creator")?,
                    remark: r.try_get("remark")?,
                    check_time: r.try_get("check_time")?,
                    created: r.try_get("created")?,
                    modified: r.try_get("modified")?,
                    lines: Vec::new(),
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = out.iter().map(|o| o.id).collect();
        let mut by_doc: HashMap<i64, Vec<StockinLineRow>> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT sd.id, sd.document_id, sd.spec_id, s.spec_no, s.spec_name, s.barcode, g.goods_no, g.goods_name,
                   sd.defect, p.position_no, b.batch_no, sd.num, pod.num AS expect_num, sd.stockin_price, sd.src_price,
                   sd.tax, sd.tax_price, sd.production_date, sd.expire_date, sd.remark, sd.created
                 FROM stockin_detail sd JOIN spec s ON s.id = sd.spec_id JOIN goods g ON g.id = s.goods_id
                 JOIN position p ON p.id = sd.position_id LEFT JOIN batch b ON b.id = sd.batch_id
                 JOIN purchase_order_detail pod ON pod.id = sd.purchase_detail_id
                 WHERE sd.document_id IN ({}) ORDER BY sd.id",
                in_list(chunk.len())
            );
            let sql = batched(&sql, self.backend == Backend::Postgres);
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for r in q.fetch_all(&self.pool).await? {
                let dec = |c: &str| -> CoreResult<Dec4> { Ok(Dec4::from_raw(r.try_get(c)?)) };
                let text = |c: &str| -> CoreResult<String> {
                    Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default())
                };
                by_doc
                    .entry(r.try_get("document_id")?)
                    .or_default()
                    .push(StockinLineRow {
                        rec_id: r.try_get("id")?,
                        spec_id: r.try_get("spec_id")?,
                        spec_no: r.try_get("spec_no")?,
                        spec_name: r.try_get("spec_name")?,
                        barcode: r.try_get("barcode")?,
                        goods_no: r.try_get("goods_no")?,
                        goods_name: r.try_get("goods_name")?,
                        defect: r.try_get::<i64, _>("defect")? != 0,
                        position_no: r.try_get("position_no")?,
                        batch_no: text("batch_no")?,
                        num: dec("num")?,
                        expect_num: dec("expect_num")?,
                        stockin_price: dec("stockin_price")?,
                        src_price: dec("src_price")?,
                        tax: dec("tax")?,
                        tax_price: dec("tax_price")?,
                        production_date: text("production_date")?,
                        expire_date: text("expire_date")?,
                        remark: r.try_get("remark")?,
                        created: r.try_get("created")?,
                    });
            }
        }
        for o in &mut out {
            o.lines = by_doc.remove(&o.id).unwrap_or_default();
        }
        Ok((out, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_after_tax_price_wins_and_the_order_price_is_the_fallback() {
        let d = |t: &str| t.parse::<Dec4>().unwrap();
        // 14.125 after 13 % tax is 12.5 before it, whatever stockin_price says.
        assert_eq!(
            stockin_prices(Some(d("1")), Some(d("14.125")), d("0.13"), d("9")),
            Some((d("12.5"), d("14.125")))
        );
        assert_eq!(
            stockin_prices(Some(d("10")), None, d("0.13"), d("9")),
            Some((d("10"), d("11.3")))
        );
        assert_eq!(
            stockin_prices(None, None, d("0"), d("9")),
            Some((d("9"), d("9")))
        );
        let max = Dec4::from_raw(i64::MAX);
        assert_eq!(stockin_prices(Some(max), None, d("1"), d("0")), None);
    }
}
