//! Purchase orders: created by either edition's push, received by purchase stock-ins
//! (see `stockin`), read back with their lines' ordered and received quantities.

use std::collections::{HashMap, HashSet};

use openwdt_wire::Dec4;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::clock;
use crate::document::{PurchaseStatus, Series};
use crate::error::{CoreError, CoreResult};
use crate::master::{live_specs, resolve_warehouse};
use crate::problem::{Field, Kind, Problem, Problems, Total};
use crate::query::Page;
use crate::store::{batched, first_col, in_list, write_lines, AnyQuery, Backend, LineRow, Store};

/// A stock-in may be created or checked only while its order is in one of these.
pub const PO_RECEIVABLE: [i64; 2] = [
    PurchaseStatus::Checked.code(),
    PurchaseStatus::PartlyArrived.code(),
];

/// One line of a purchase order push, as sent.
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
    /// `is_use_outer_no=1`); otherwise the next purchase order number (see `Series`).
    pub purchase_no: Option<String>,
    /// The longest number the caller may choose: the editions differ (the enterprise's is
    /// its outer_no, which it keeps to 20 characters).
    pub purchase_no_max: usize,
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

const TAX: Field = Field::Attribute("tax");
const TAX_PRICE: Field = Field::Attribute("tax_price");
const DISCOUNT: Field = Field::Attribute("discount");

// ---- validate (pure) ----

/// A line whose values parsed.
#[derive(Clone, Debug, PartialEq)]
struct CheckedLine<'a> {
    spec_no: &'a str,
    remark: &'a str,
    num: Dec4,
    /// Pre-tax, pre-discount unit price, derived when only the after-tax one was sent.
    price: Dec4,
    tax: Dec4,
    discount: Dec4,
}

impl CheckedLine<'_> {
    fn dis_price(&self) -> Option<Dec4> {
        self.price.mul_round(self.discount)
    }
    fn amount(&self) -> Option<Dec4> {
        self.dis_price()?.mul_round(self.num)
    }
    fn taxed_amount(&self) -> Option<Dec4> {
        let factor = Dec4::from_int(1).checked_add(self.tax)?;
        self.dis_price()?.mul_round(factor)?.mul_round(self.num)
    }
}

/// An order whose values parsed: its fees (0 when absent) and lines.
#[derive(Debug)]
struct CheckedOrder<'a> {
    post_fee: Dec4,
    other_fee: Dec4,
    lines: Vec<CheckedLine<'a>>,
}

/// Checks every value of a push that needs nothing stored. Answers the order's values when
/// each of them parsed; problems that leave the values whole (a repeated line, a text too
/// long, a total out of range) are only in `p`.
fn validate<'a>(cmd: &'a NewPurchaseOrder, p: &mut Problems) -> Option<CheckedOrder<'a>> {
    check_texts(cmd, p);
    let post_fee = amount(p, Field::Attribute("post_fee"), None, &cmd.post_fee);
    let other_fee = amount(p, Field::Attribute("other_fee"), None, &cmd.other_fee);
    if cmd.lines.is_empty() {
        p.push(Field::Lines, None, Kind::Missing);
    }
    let lines = check_lines(&cmd.lines, p)?;
    let fee = |f: Option<Option<Dec4>>| f.flatten().unwrap_or_default();
    order_totals_fit(p, &lines, fee(post_fee), fee(other_fee));
    Some(CheckedOrder {
        post_fee: post_fee?.unwrap_or_default(),
        other_fee: other_fee?.unwrap_or_default(),
        lines,
    })
}

/// The order's texts: lengths, and the expected arrival as a time.
fn check_texts(cmd: &NewPurchaseOrder, p: &mut Problems) {
    p.max_len(Field::ProviderNo, None, &cmd.provider_no, 20);
    p.max_len(Field::WarehouseNo, None, &cmd.warehouse_no, 40);
    if let Some(o) = &cmd.outer_no {
        p.max_len(Field::OuterNo, None, o, 40);
    }
    if let Some(no) = &cmd.purchase_no {
        p.max_len(Field::DocNo, None, no, cmd.purchase_no_max);
    }
    for (field, v, max) in [
        (Field::Attribute("purchaser"), &cmd.purchaser, 40),
        (Field::Attribute("contact"), &cmd.contact, 40),
        (Field::Attribute("telno"), &cmd.telno, 40),
        (
            Field::Attribute("receive_address"),
            &cmd.receive_address,
            255,
        ),
        (Field::Remark, &cmd.remark, 255),
    ] {
        p.max_len(field, None, v, max);
    }
    let t = &cmd.expect_arrive_time;
    if !t.is_empty() && clock::parse_datetime(t).is_none() {
        let value = t.clone();
        p.push(
            Field::Date("expect_arrive_time"),
            None,
            Kind::BadTime { value },
        );
    }
}

/// An optional non-negative decimal, see [`Problems::amount`].
fn amount(
    p: &mut Problems,
    field: Field,
    line: Option<usize>,
    v: &Option<String>,
) -> Option<Option<Dec4>> {
    p.amount(field, line, v.as_deref().unwrap_or_default())
}

/// Every line's values, or `None` when any line's did not parse. Every line is checked, so
/// the refusal names them all.
fn check_lines<'a>(
    lines: &'a [PurchaseOrderLine],
    p: &mut Problems,
) -> Option<Vec<CheckedLine<'a>>> {
    let mut seen = HashSet::new();
    let checked: Vec<Option<CheckedLine>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if l.spec_no.is_empty() {
                p.push(Field::SpecNo, Some(i), Kind::Missing);
            } else {
                p.max_len(Field::SpecNo, Some(i), &l.spec_no, 40);
                if !seen.insert(l.spec_no.as_str()) {
                    let value = l.spec_no.clone();
                    p.push(Field::SpecNo, Some(i), Kind::RepeatedLine { value });
                }
            }
            about(p, &l.spec_no, |lp| check_line(i, l, lp))
        })
        .collect();
    checked.into_iter().collect()
}

/// Runs `check` with problems of its own and keeps them as problems about the spec
/// `spec_no`, so each message names the goods as well as the line.
fn about<T>(p: &mut Problems, spec_no: &str, check: impl FnOnce(&mut Problems) -> T) -> T {
    let mut own = Problems::new();
    let out = check(&mut own);
    let subject = (!spec_no.is_empty()).then(|| spec_no.to_string());
    p.extend(own.into_vec().into_iter().map(|q| Problem {
        subject: subject.clone(),
        ..q
    }));
    out
}

/// One line's quantity, price, tax and discount.
fn check_line<'a>(i: usize, l: &'a PurchaseOrderLine, p: &mut Problems) -> Option<CheckedLine<'a>> {
    let at = Some(i);
    p.max_len(Field::Remark, at, &l.remark, 255);
    let num = match Dec4::parse(&l.num) {
        Ok(d) if d > Dec4::ZERO => Some(d),
        _ => {
            let value = l.num.clone();
            p.push(
                Field::Quantity,
                at,
                Kind::BadQuantity {
                    value,
                    zero_ok: false,
                },
            );
            None
        }
    };
    let price = amount(p, Field::Price, at, &l.price);
    let tax = amount(p, TAX, at, &l.tax);
    let tax_price = amount(p, TAX_PRICE, at, &l.tax_price);
    let discount = discount(p, at, &l.discount);
    let (num, tax, discount) = (num?, tax?.unwrap_or_default(), discount?);
    let Some(price) = line_price(price?, tax_price?, tax, discount) else {
        let value = l.tax_price.clone().unwrap_or_default();
        p.push(TAX_PRICE, at, Kind::Invalid { value });
        return None;
    };
    Some(CheckedLine {
        spec_no: &l.spec_no,
        remark: &l.remark,
        num,
        price,
        tax,
        discount,
    })
}

/// A line's discount rate: 1 when absent, above 0 when given.
fn discount(p: &mut Problems, at: Option<usize>, v: &Option<String>) -> Option<Dec4> {
    match amount(p, DISCOUNT, at, v)? {
        Some(d) if d.is_zero() => {
            let value = v.clone().unwrap_or_default();
            p.push(DISCOUNT, at, Kind::Invalid { value });
            None
        }
        d => Some(d.unwrap_or(Dec4::from_int(1))),
    }
}

/// Adds a problem for each header total the order answers (goods_count, goods_fee, tax_fee,
/// total_fee) that would leave decimal(19,4).
fn order_totals_fit(p: &mut Problems, lines: &[CheckedLine], post_fee: Dec4, other_fee: Dec4) {
    p.total(Total::Quantity, lines.iter().map(|l| Some(l.num)));
    let goods_fee = p.total(Total::Amount, lines.iter().map(CheckedLine::amount));
    p.total(
        Total::TaxedAmount,
        lines.iter().map(CheckedLine::taxed_amount),
    );
    if let Some(goods_fee) = goods_fee {
        p.total(
            Total::Grand,
            [Some(goods_fee), Some(post_fee), Some(other_fee)],
        );
    }
}

// ---- resolve ----

/// A line as stored: its values and its spec's id.
#[derive(Debug)]
struct OrderLine<'a> {
    spec_id: i64,
    line: CheckedLine<'a>,
}

impl LineRow for OrderLine<'_> {
    const TABLE: &'static str = "purchase_order_detail";
    const PARENT: &'static str = "purchase_id";
    const COLUMNS: &'static [&'static str] = &[
        "spec_id",
        "num",
        "arrive_num",
        "price",
        "tax_rate",
        "discount",
        "remark",
    ];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        let l = &self.line;
        q.bind(self.spec_id)
            .bind(l.num.raw())
            .bind(0_i64)
            .bind(l.price.raw())
            .bind(l.tax.raw())
            .bind(l.discount.raw())
            .bind(l.remark)
    }
}

/// A valid order with the ids of what it names.
#[derive(Debug)]
struct Resolved<'a> {
    provider_id: i64,
    warehouse_id: i64,
    post_fee: Dec4,
    other_fee: Dec4,
    lines: Vec<OrderLine<'a>>,
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

/// Looks up what the push names, adding a problem for each thing it names in vain. Answers
/// the order with its ids when it validated (`order`) and everything was found.
async fn resolve<'a>(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewPurchaseOrder,
    order: Option<CheckedOrder<'a>>,
    p: &mut Problems,
) -> CoreResult<Option<Resolved<'a>>> {
    let provider_id = provider_id(tx, caller.seller_id, &cmd.provider_no).await?;
    if provider_id.is_none() {
        let value = cmd.provider_no.clone();
        p.lead(Field::ProviderNo, Kind::UnknownProvider { value });
    }
    let warehouse_id = resolve_warehouse(tx, caller, &cmd.warehouse_no)
        .await?
        .map(|w| w.id);
    if warehouse_id.is_none() {
        let value = cmd.warehouse_no.clone();
        p.lead(Field::WarehouseNo, Kind::UnknownWarehouse { value });
    }
    let specs = line_specs(tx, caller.seller_id, &cmd.lines, p).await?;
    check_numbers(tx, caller, cmd, p).await?;
    let (Some(provider_id), Some(warehouse_id), Some(order)) = (provider_id, warehouse_id, order)
    else {
        return Ok(None);
    };
    let lines: Option<Vec<OrderLine>> = order
        .lines
        .into_iter()
        .map(|line| {
            let spec_id = *specs.get(line.spec_no)?;
            Some(OrderLine { spec_id, line })
        })
        .collect();
    Ok(lines.map(|lines| Resolved {
        provider_id,
        warehouse_id,
        post_fee: order.post_fee,
        other_fee: order.other_fee,
        lines,
    }))
}

/// The ids of the lines' live specs by spec_no; a problem for each line whose spec does not
/// exist or was deleted.
async fn line_specs(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    lines: &[PurchaseOrderLine],
    p: &mut Problems,
) -> CoreResult<HashMap<String, i64>> {
    let spec_nos: Vec<&str> = lines.iter().map(|l| l.spec_no.as_str()).collect();
    let specs = live_specs(tx, seller_id, &spec_nos).await?;
    for (i, l) in lines.iter().enumerate() {
        if !l.spec_no.is_empty() && !specs.contains_key(&l.spec_no) {
            let value = l.spec_no.clone();
            p.push(Field::SpecNo, Some(i), Kind::UnknownSpec { value });
        }
    }
    Ok(specs)
}

/// Refuses at once an outer number another order carries (a retried push learns the order
/// it created), and adds a problem for a chosen number that is taken.
async fn check_numbers(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewPurchaseOrder,
    p: &mut Problems,
) -> CoreResult<()> {
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
            p.push(Field::DocNo, None, Kind::Taken { value: no.clone() });
        }
    }
    Ok(())
}

// ---- plan (pure) and persist ----

/// What is written: the order's head (its number is drawn as it is written) and its lines.
#[derive(Debug)]
struct Plan<'a> {
    provider_id: i64,
    warehouse_id: i64,
    status: PurchaseStatus,
    check_time: Option<i64>,
    post_fee: Dec4,
    other_fee: Dec4,
    lines: Vec<OrderLine<'a>>,
}

/// A checked order is approved as it is created; otherwise it waits in 编辑中.
fn plan(found: Resolved<'_>, check: bool, now: i64) -> Plan<'_> {
    Plan {
        provider_id: found.provider_id,
        warehouse_id: found.warehouse_id,
        status: if check {
            PurchaseStatus::Checked
        } else {
            PurchaseStatus::Editing
        },
        check_time: check.then_some(now),
        post_fee: found.post_fee,
        other_fee: found.other_fee,
        lines: found.lines,
    }
}

/// Writes the order and its lines; answers its number.
async fn persist(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewPurchaseOrder,
    plan: &Plan<'_>,
    now: i64,
) -> CoreResult<String> {
    let purchase_no = match &cmd.purchase_no {
        Some(no) => no.clone(),
        None => {
            Series::PurchaseOrder
                .next(tx, caller.seller_id, now)
                .await?
        }
    };
    let row = sqlx::query(
        "INSERT INTO purchase_order (seller_id, purchase_no, provider_id, warehouse_id, status, outer_no, remark,
           purchaser, contact, telno, receive_address, expect_arrive_time, post_fee, other_fee, creator, check_time,
           created, modified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
    )
    .bind(caller.seller_id)
    .bind(&purchase_no)
    .bind(plan.provider_id)
    .bind(plan.warehouse_id)
    .bind(plan.status.code())
    .bind(&cmd.outer_no)
    .bind(&cmd.remark)
    .bind(&cmd.purchaser)
    .bind(&cmd.contact)
    .bind(&cmd.telno)
    .bind(&cmd.receive_address)
    .bind(&cmd.expect_arrive_time)
    .bind(plan.post_fee.raw())
    .bind(plan.other_fee.raw())
    .bind(&caller.app_key)
    .bind(plan.check_time)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get(0)?;
    write_lines(tx, id, now, &plan.lines).await?;
    Ok(purchase_no)
}

impl Store {
    /// Creates a purchase order; answers its number. Refuses with `CoreError::Problems`
    /// (line fields carry the line's index), or `CoreError::Duplicate` for an outer number
    /// another order carries.
    pub async fn create_purchase_order(
        &self,
        caller: &Caller,
        cmd: NewPurchaseOrder,
    ) -> CoreResult<String> {
        let mut p = Problems::new();
        let order = validate(&cmd, &mut p);
        let mut w = self.begin_write().await?;
        let found = resolve(&mut w.tx, caller, &cmd, order, &mut p).await?;
        // `None` comes only with a problem; some problems leave the order whole.
        let Some(found) = found.filter(|_| p.is_empty()) else {
            return Err(CoreError::Problems(p.into_vec()));
        };
        let now = clock::now_millis();
        let plan = plan(found, cmd.check, now);
        let purchase_no = persist(&mut w.tx, caller, &cmd, &plan, now).await?;
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

    fn d(t: &str) -> Dec4 {
        t.parse().unwrap()
    }

    fn line(spec_no: &str, num: &str) -> PurchaseOrderLine {
        PurchaseOrderLine {
            spec_no: spec_no.into(),
            num: num.into(),
            price: None,
            tax: None,
            tax_price: None,
            discount: None,
            remark: String::new(),
        }
    }

    fn order(lines: Vec<PurchaseOrderLine>) -> NewPurchaseOrder {
        NewPurchaseOrder {
            purchase_no: None,
            purchase_no_max: 20,
            outer_no: None,
            provider_no: "P001".into(),
            warehouse_no: "WH01".into(),
            check: true,
            purchaser: String::new(),
            contact: String::new(),
            telno: String::new(),
            receive_address: String::new(),
            expect_arrive_time: String::new(),
            remark: String::new(),
            post_fee: None,
            other_fee: None,
            lines,
        }
    }

    /// `(field, line, subject)` of each problem, in order.
    fn found(p: Problems) -> Vec<(Field, Option<usize>, Option<String>, Kind)> {
        p.into_vec()
            .into_iter()
            .map(|q| (q.field, q.line, q.subject, q.kind))
            .collect()
    }

    #[test]
    fn validate_names_every_problem_of_the_order_and_its_lines() {
        let mut cmd = order(vec![
            line("A", "0"),
            PurchaseOrderLine {
                discount: Some("0".into()),
                price: Some("-1".into()),
                ..line("B", "2")
            },
            line("A", "1"),
            line("", "1"),
        ]);
        cmd.purchase_no = Some("o".repeat(21));
        cmd.expect_arrive_time = "tomorrow".into();
        cmd.post_fee = Some("x".into());
        let mut p = Problems::new();
        assert!(validate(&cmd, &mut p).is_none());
        let s = |t: &str| Some(t.to_string());
        let v = |t: &str| t.to_string();
        assert_eq!(
            found(p),
            [
                (
                    Field::DocNo,
                    None,
                    None,
                    Kind::TooLong {
                        max: 20,
                        value: "o".repeat(21)
                    }
                ),
                (
                    Field::Date("expect_arrive_time"),
                    None,
                    None,
                    Kind::BadTime {
                        value: v("tomorrow")
                    }
                ),
                (
                    Field::Attribute("post_fee"),
                    None,
                    None,
                    Kind::BadDecimal { value: v("x") }
                ),
                (
                    Field::Quantity,
                    Some(0),
                    s("A"),
                    Kind::BadQuantity {
                        value: v("0"),
                        zero_ok: false
                    }
                ),
                (
                    Field::Price,
                    Some(1),
                    s("B"),
                    Kind::Negative { value: v("-1") }
                ),
                (DISCOUNT, Some(1), s("B"), Kind::Invalid { value: v("0") }),
                (
                    Field::SpecNo,
                    Some(2),
                    None,
                    Kind::RepeatedLine { value: v("A") }
                ),
                (Field::SpecNo, Some(3), None, Kind::Missing),
            ]
        );
        // No lines: nothing failed to parse, but the order is refused all the same.
        let (cmd, mut p) = (order(Vec::new()), Problems::new());
        assert!(validate(&cmd, &mut p).is_some_and(|o| o.lines.is_empty()));
        assert_eq!(found(p), [(Field::Lines, None, None, Kind::Missing)]);
    }

    #[test]
    fn validate_derives_prices_and_defaults_a_valid_orders_values() {
        let mut cmd = order(vec![
            PurchaseOrderLine {
                tax_price: Some("11.3".into()),
                tax: Some("0.13".into()),
                remark: "急".into(),
                ..line("B", "5")
            },
            PurchaseOrderLine {
                price: Some("2.5".into()),
                discount: Some("0.8".into()),
                ..line("M", "3")
            },
        ]);
        cmd.other_fee = Some("1.5".into());
        let mut p = Problems::new();
        let o = validate(&cmd, &mut p).expect("valid");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!((o.post_fee, o.other_fee), (Dec4::ZERO, d("1.5")));
        assert_eq!(
            o.lines,
            [
                CheckedLine {
                    spec_no: "B",
                    remark: "急",
                    num: d("5"),
                    price: d("10"),
                    tax: d("0.13"),
                    discount: d("1"),
                },
                CheckedLine {
                    spec_no: "M",
                    remark: "",
                    num: d("3"),
                    price: d("2.5"),
                    tax: Dec4::ZERO,
                    discount: d("0.8"),
                },
            ]
        );
        assert_eq!(o.lines[1].amount(), Some(d("6")), "3 at 2.5 less 20 %");
        assert_eq!(o.lines[0].taxed_amount(), Some(d("56.5")));
    }

    #[test]
    fn a_derived_price_past_the_range_is_named_on_its_line() {
        let big = Dec4::from_raw(i64::MAX).to_string();
        let cmd = order(vec![PurchaseOrderLine {
            tax_price: Some(big.clone()),
            discount: Some("0.0001".into()),
            ..line("A", "1")
        }]);
        let mut p = Problems::new();
        assert!(validate(&cmd, &mut p).is_none());
        assert_eq!(
            found(p),
            [(
                TAX_PRICE,
                Some(0),
                Some("A".into()),
                Kind::Invalid { value: big }
            )]
        );
    }

    #[test]
    fn header_totals_past_the_range_are_named() {
        let huge = "922337203685477";
        let checked = |num: &str, price: &str| CheckedLine {
            spec_no: "A",
            remark: "",
            num: d(num),
            price: d(price),
            tax: Dec4::ZERO,
            discount: d("1"),
        };
        let totals = |lines: &[CheckedLine], post_fee: Dec4| {
            let mut p = Problems::new();
            order_totals_fit(&mut p, lines, post_fee, Dec4::ZERO);
            p.into_vec()
                .into_iter()
                .map(|q| q.field)
                .collect::<Vec<_>>()
        };
        assert!(totals(&[checked("2", "3"), checked("1", "1")], d("1")).is_empty());
        assert_eq!(
            totals(&[checked(huge, "0"), checked(huge, "0")], Dec4::ZERO),
            [Field::Total(Total::Quantity)]
        );
        // One line's amount overflows: its taxed amount too; the grand total then goes unsaid.
        assert_eq!(
            totals(&[checked("1000000", "1000000000000")], Dec4::ZERO),
            [
                Field::Total(Total::Amount),
                Field::Total(Total::TaxedAmount)
            ]
        );
        assert_eq!(
            totals(&[checked("1", huge)], d(huge)),
            [Field::Total(Total::Grand)]
        );
    }

    #[test]
    fn a_checked_order_is_planned_approved() {
        let found = || Resolved {
            provider_id: 1,
            warehouse_id: 2,
            post_fee: Dec4::ZERO,
            other_fee: d("1"),
            lines: Vec::new(),
        };
        let p = plan(found(), true, 77);
        assert_eq!(
            (p.status, p.check_time),
            (PurchaseStatus::Checked, Some(77))
        );
        let p = plan(found(), false, 77);
        assert_eq!((p.status, p.check_time), (PurchaseStatus::Editing, None));
        assert_eq!((p.provider_id, p.warehouse_id, p.other_fee), (1, 2, d("1")));
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
