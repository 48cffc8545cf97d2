//! Purchase stock-in (enterprise `stockin_purchase_push.php`, flagship
//! `wms.stockin.Purchase.upload`): goods received against an approved purchase order.
//!
//! A stock-in is stored, then checked: checking posts its lines to the ledger (采购入库),
//! raises the order lines' received quantities and moves the order to 部分到货 or 已到货.
//! A push may check at once; otherwise `openwdt stockin check` does it later.
//!
//! Creating one goes validate (the request alone) → resolve (the order, warehouse, specs,
//! positions and batches it names) → plan (the batches to create, the lines to store) →
//! persist. Every problem of the first two steps is collected into one refusal.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use openwdt_wire::Dec4;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::clock;
use crate::document::{doc_by_outer_no, PurchaseStatus, Series, SrcOrderType};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, Move, Posting};
use crate::master::{batches_of, default_position, live_specs, positions_of, resolve_warehouse};
use crate::problem::{Field, Kind, Problem, Problems, Total};
use crate::purchase::PO_RECEIVABLE;
use crate::query::Page;
use crate::store::{
    batched, in_list, is_pg, set_by_id, set_doc_status, values_list, write_lines, AnyQuery,
    Backend, LineRow, Store, CHUNK,
};

pub use crate::document::{StockinStatus, KIND_PURCHASE_IN as KIND};

/// The length limits that differ between the editions; each gateway passes its own.
#[derive(Clone, Copy, Debug)]
pub struct StockinLimits {
    pub logistics_code: usize,
    pub position_no: usize,
    pub batch_no: usize,
    pub line_remark: usize,
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
    pub limits: StockinLimits,
}

/// The longest shelf life a line may give, in days.
const MAX_SHELF_LIFE_DAYS: u32 = 36_500;

// ---- validate: the request alone ----

/// The header's values, parsed.
struct Header {
    status: StockinStatus,
    post_fee: Dec4,
    other_fee: Dec4,
}

/// What a line's own fields say, parsed.
#[derive(Clone, Debug, PartialEq)]
struct Given {
    num: Dec4,
    price: Option<Dec4>,
    tax_price: Option<Dec4>,
    tax: Dec4,
    src_price: Option<Dec4>,
    production_date: Option<NaiveDate>,
    /// Given, or the production date plus the shelf life.
    expire_date: Option<NaiveDate>,
}

/// A line of the request and what validation made of it.
struct Checked<'a> {
    index: usize,
    line: &'a StockinLine,
    /// `None` after a problem.
    given: Option<Given>,
}

/// The request after validation; a value is `None` only where a problem was recorded.
struct Validated<'a> {
    header: Option<Header>,
    lines: Vec<Checked<'a>>,
}

/// Judges the request on its own, recording every problem.
fn validate<'a>(cmd: &'a PurchaseStockin, p: &mut Problems) -> Validated<'a> {
    let header = validate_header(cmd, p);
    if cmd.lines.is_empty() {
        p.push(Field::Lines, None, Kind::Missing);
    }
    let lines = cmd
        .lines
        .iter()
        .enumerate()
        .map(|(index, line)| Checked {
            index,
            line,
            given: validate_line(index, line, &cmd.limits, p),
        })
        .collect();
    Validated { header, lines }
}

fn validate_header(cmd: &PurchaseStockin, p: &mut Problems) -> Option<Header> {
    let status = StockinStatus::from_code(cmd.status).filter(|s| *s != StockinStatus::Cancelled);
    if status.is_none() {
        let value = cmd.status.to_string();
        p.push(Field::Status, None, Kind::Invalid { value });
    }
    p.max_len(Field::DocNo, None, &cmd.purchase_no, 40);
    p.max_len(Field::WarehouseNo, None, &cmd.warehouse_no, 40);
    if let Some(o) = &cmd.outer_no {
        p.max_len(Field::OuterNo, None, o, 40);
    }
    let logistics_code_max = cmd.limits.logistics_code;
    p.max_len(
        Field::Attribute("logistics_code"),
        None,
        &cmd.logistics_code,
        logistics_code_max,
    );
    p.max_len(
        Field::Attribute("logistics_no"),
        None,
        &cmd.logistics_no,
        40,
    );
    p.max_len(Field::Remark, None, &cmd.remark, 255);
    let post_fee = p.amount(Field::Attribute("post_fee"), None, text(&cmd.post_fee));
    let other_fee = p.amount(Field::Attribute("other_fee"), None, text(&cmd.other_fee));
    Some(Header {
        status: status?,
        post_fee: post_fee?.unwrap_or_default(),
        other_fee: other_fee?.unwrap_or_default(),
    })
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or_default()
}

fn validate_line(
    i: usize,
    l: &StockinLine,
    limits: &StockinLimits,
    p: &mut Problems,
) -> Option<Given> {
    let at = Some(i);
    if l.spec_no.is_empty() {
        p.push(Field::SpecNo, at, Kind::Missing);
    } else {
        p.max_len(Field::SpecNo, at, &l.spec_no, 40);
    }
    let num = match Dec4::parse(&l.num) {
        Ok(d) if d > Dec4::ZERO => Some(d),
        _ => {
            let value = l.num.clone();
            p.push(Field::Quantity, at, Kind::BadReceivedQuantity { value });
            None
        }
    };
    let price = p.amount(Field::Price, at, text(&l.stockin_price));
    let tax_price = p.amount(Field::Attribute("tax_price"), at, text(&l.tax_price));
    let tax = p.amount(Field::Attribute("tax"), at, text(&l.tax));
    let src_price = p.amount(Field::Attribute("src_price"), at, text(&l.src_price));
    if let Some(v) = &l.position_no {
        p.max_len(Field::PositionNo, at, v, limits.position_no);
    }
    if let Some(v) = &l.batch_no {
        p.max_len(Field::BatchNo, at, v, limits.batch_no);
    }
    p.max_len(Field::Remark, at, &l.remark, limits.line_remark);
    let production = date(p, i, "production_date", &l.production_date);
    let expire = date(p, i, "expire_date", &l.expire_date);
    let days = shelf_life(p, i, &l.validity_days);
    let (production, expire, days) = (production?, expire?, days?);
    // The expiry is given, or follows from the production date and the shelf life.
    let expire_date =
        expire.or_else(|| production?.checked_add_days(chrono::Days::new(days?.into())));
    Some(Given {
        num: num?,
        price: price?,
        tax_price: tax_price?,
        tax: tax?.unwrap_or_default(),
        src_price: src_price?,
        production_date: production,
        expire_date,
    })
}

/// `YYYY-MM-DD`, or a datetime whose date part is taken: `Some(None)` when absent, `None`
/// after a problem.
pub(crate) fn date(
    p: &mut Problems,
    line: usize,
    field: &'static str,
    v: &Option<String>,
) -> Option<Option<NaiveDate>> {
    let Some(t) = v.as_deref().filter(|t| !t.is_empty()) else {
        return Some(None);
    };
    let head = t.get(..10).unwrap_or(t);
    match NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        Ok(d) if t.len() == 10 || t.len() == 19 => Some(Some(d)),
        _ => {
            let value = t.to_string();
            p.push(Field::Date(field), Some(line), Kind::BadDate { value });
            None
        }
    }
}

/// A shelf life in whole days: `Some(None)` when absent, `None` after a problem.
fn shelf_life(p: &mut Problems, line: usize, v: &Option<String>) -> Option<Option<u32>> {
    let Some(t) = v.as_deref().filter(|t| !t.is_empty()) else {
        return Some(None);
    };
    match t.parse::<u32>() {
        Ok(d) if d <= MAX_SHELF_LIFE_DAYS => Some(Some(d)),
        _ => {
            let kind = Kind::OutOfRange {
                value: t.to_string(),
                min: 0,
                max: MAX_SHELF_LIFE_DAYS.into(),
            };
            p.push(Field::Attribute("validity_days"), Some(line), kind);
            None
        }
    }
}

// ---- resolve: what the request names ----

/// An order line a stock-in line receives.
#[derive(Clone, Copy, Debug)]
struct OrderLine {
    id: i64,
    /// Before tax, after the line's discount.
    price: Dec4,
}

/// The purchase order named, with its lines by spec id.
struct Order {
    id: i64,
    warehouse_id: i64,
    warehouse_no: String,
    status: i64,
    lines: HashMap<i64, OrderLine>,
}

/// The warehouse named, with its positions by number.
struct Place {
    id: i64,
    default_position: i64,
    positions: HashMap<String, i64>,
}

/// What the request's names refer to, read inside the write transaction.
struct Masters {
    order: Option<Order>,
    /// `None` when it does not exist or the app may not use it.
    place: Option<Place>,
    specs: HashMap<String, i64>,
    batches: HashMap<String, i64>,
}

/// A line's batch: none, one that exists, or one this stock-in creates (resolved to its id
/// once created).
#[derive(Clone, Copy, Debug, PartialEq)]
enum BatchRef<'a> {
    NoBatch,
    Existing(i64),
    New(&'a str),
}

/// A line with every name resolved and its prices derived.
#[derive(Debug, PartialEq)]
struct Line<'a> {
    spec_id: i64,
    purchase_detail_id: i64,
    num: Dec4,
    stockin_price: Dec4,
    src_price: Dec4,
    tax: Dec4,
    tax_price: Dec4,
    position_id: i64,
    batch: BatchRef<'a>,
    production_date: Option<NaiveDate>,
    expire_date: Option<NaiveDate>,
    defect: bool,
    remark: &'a str,
}

/// Where a stock-in goes.
#[derive(Debug, PartialEq)]
struct Target {
    order_id: i64,
    warehouse_id: i64,
}

struct Resolved<'a> {
    target: Target,
    lines: Vec<Line<'a>>,
}

async fn load_masters(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &PurchaseStockin,
) -> CoreResult<Masters> {
    let order = order_by_no(tx, caller.seller_id, &cmd.purchase_no).await?;
    let place = match resolve_warehouse(tx, caller, &cmd.warehouse_no).await? {
        Some(w) => Some(Place {
            id: w.id,
            default_position: default_position(tx, w.id).await?,
            positions: positions_of(tx, w.id).await?,
        }),
        None => None,
    };
    let spec_nos: Vec<&str> = cmd.lines.iter().map(|l| l.spec_no.as_str()).collect();
    let specs = live_specs(tx, caller.seller_id, &spec_nos).await?;
    let batch_nos: Vec<&str> = cmd
        .lines
        .iter()
        .filter_map(|l| l.batch_no.as_deref())
        .filter(|b| !b.is_empty())
        .collect();
    let batches = batches_of(tx, caller.seller_id, &batch_nos).await?;
    Ok(Masters {
        order,
        place,
        specs,
        batches,
    })
}

async fn order_by_no(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    purchase_no: &str,
) -> CoreResult<Option<Order>> {
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
    let id: i64 = r.try_get(0)?;
    let mut lines = HashMap::new();
    for r in sqlx::query(
        "SELECT spec_id, id, price, discount FROM purchase_order_detail WHERE purchase_id = $1",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?
    {
        let price = Dec4::from_raw(r.try_get(2)?)
            .mul_round(Dec4::from_raw(r.try_get(3)?))
            .unwrap_or_default();
        let line = OrderLine {
            id: r.try_get(1)?,
            price,
        };
        lines.insert(r.try_get(0)?, line);
    }
    Ok(Some(Order {
        id,
        warehouse_id: r.try_get(1)?,
        warehouse_no: r.try_get(2)?,
        status: r.try_get(3)?,
        lines,
    }))
}

/// Resolves the request's names against `m` (pure), recording every problem; `None` when
/// there was one (in this step or validation).
fn resolve<'a>(
    cmd: &'a PurchaseStockin,
    m: &Masters,
    checked: Vec<Checked<'a>>,
    p: &mut Problems,
) -> Option<Resolved<'a>> {
    let target = resolve_target(cmd, m, p);
    let lines: Vec<Option<Line>> = checked
        .into_iter()
        .map(|c| resolve_line(cmd, m, c, p))
        .collect();
    Some(Resolved {
        target: target?,
        lines: lines.into_iter().collect::<Option<_>>()?,
    })
}

/// The order, which must accept stock-ins, and the warehouse it receives into.
fn resolve_target(cmd: &PurchaseStockin, m: &Masters, p: &mut Problems) -> Option<Target> {
    let purchase_no = || cmd.purchase_no.clone();
    match &m.order {
        None => p.lead(
            Field::DocNo,
            Kind::UnknownOrder {
                value: purchase_no(),
            },
        ),
        Some(o) if !PO_RECEIVABLE.contains(&o.status) => {
            let kind = Kind::NotReceivable {
                value: purchase_no(),
                state: o.status,
            };
            p.lead(Field::DocNo, kind)
        }
        Some(_) => {}
    }
    let value = cmd.warehouse_no.clone();
    match (&m.place, &m.order) {
        (None, _) => p.lead(Field::WarehouseNo, Kind::UnknownWarehouse { value }),
        (Some(w), Some(o)) if w.id != o.warehouse_id => {
            let kind = Kind::WrongWarehouse {
                value,
                order: purchase_no(),
                expected: o.warehouse_no.clone(),
            };
            p.push(Field::WarehouseNo, None, kind)
        }
        _ => {}
    }
    let (o, w) = (m.order.as_ref()?, m.place.as_ref()?);
    (PO_RECEIVABLE.contains(&o.status) && w.id == o.warehouse_id).then_some(Target {
        order_id: o.id,
        warehouse_id: w.id,
    })
}

fn resolve_line<'a>(
    cmd: &'a PurchaseStockin,
    m: &Masters,
    c: Checked<'a>,
    p: &mut Problems,
) -> Option<Line<'a>> {
    let (i, l) = (c.index, c.line);
    if l.spec_no.is_empty() {
        return None; // validation recorded it
    }
    let spec = spec_on_order(cmd, m, i, &l.spec_no, p);
    let position_id = position(cmd, m, i, l, p);
    let batch = batch(cmd, m, i, l, p);
    let (g, (spec_id, order_line)) = (c.given?, spec?);
    let Some((stockin_price, tax_price)) =
        stockin_prices(g.price, g.tax_price, g.tax, order_line.price)
    else {
        let value = g.tax_price.or(g.price).unwrap_or(order_line.price);
        let kind = Kind::OutOfRange {
            value: value.to_string(),
            min: 0,
            max: i64::MAX / 10_000,
        };
        p.push_about(Field::Price, i, &l.spec_no, kind);
        return None;
    };
    Some(Line {
        spec_id,
        purchase_detail_id: order_line.id,
        num: g.num,
        stockin_price,
        src_price: g.src_price.unwrap_or(order_line.price),
        tax: g.tax,
        tax_price,
        position_id: position_id?,
        batch: batch?,
        production_date: g.production_date,
        expire_date: g.expire_date,
        defect: l.defect,
        remark: &l.remark,
    })
}

/// The live spec a line names and the order line it receives.
fn spec_on_order(
    cmd: &PurchaseStockin,
    m: &Masters,
    i: usize,
    spec_no: &str,
    p: &mut Problems,
) -> Option<(i64, OrderLine)> {
    let value = spec_no.to_string();
    let Some(&spec_id) = m.specs.get(spec_no) else {
        p.push(Field::SpecNo, Some(i), Kind::UnknownSpec { value });
        return None;
    };
    let order = m.order.as_ref()?; // an unknown order is the request's problem already
    match order.lines.get(&spec_id) {
        Some(line) => Some((spec_id, *line)),
        None => {
            let order = cmd.purchase_no.clone();
            p.push(Field::SpecNo, Some(i), Kind::NotOnOrder { value, order });
            None
        }
    }
}

/// The position a line names, or the warehouse's default one.
fn position(
    cmd: &PurchaseStockin,
    m: &Masters,
    i: usize,
    l: &StockinLine,
    p: &mut Problems,
) -> Option<i64> {
    let place = m.place.as_ref()?; // an unknown warehouse is the request's problem already
    let Some(no) = l.position_no.as_deref().filter(|v| !v.is_empty()) else {
        return Some(place.default_position);
    };
    let found = place.positions.get(no).copied();
    if found.is_none() {
        let kind = Kind::UnknownPosition {
            value: no.to_string(),
            warehouse: cmd.warehouse_no.clone(),
        };
        p.push(Field::PositionNo, Some(i), kind);
    }
    found
}

fn batch<'a>(
    cmd: &PurchaseStockin,
    m: &Masters,
    i: usize,
    l: &'a StockinLine,
    p: &mut Problems,
) -> Option<BatchRef<'a>> {
    let Some(no) = l.batch_no.as_deref().filter(|b| !b.is_empty()) else {
        return Some(BatchRef::NoBatch);
    };
    match m.batches.get(no) {
        Some(&id) => Some(BatchRef::Existing(id)),
        None if cmd.create_batch => Some(BatchRef::New(no)),
        None => {
            let value = no.to_string();
            p.push(Field::BatchNo, Some(i), Kind::UnknownBatch { value });
            None
        }
    }
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

/// The value every step produced, once no problem was recorded; a value missing without a
/// problem would be a bug in the steps, answered as such rather than stored half-made.
fn clean<T>(problems: Problems, value: Option<T>) -> CoreResult<T> {
    problems.finish()?;
    value.ok_or_else(|| {
        CoreError::Inconsistent("a stock-in value went missing without a problem".into())
    })
}

// ---- plan: what to write ----

/// A batch the stock-in creates, with the dates of the first line naming it.
#[derive(Debug, PartialEq)]
pub(crate) struct NewBatch<'a> {
    pub batch_no: &'a str,
    pub expire_date: Option<NaiveDate>,
    pub production_date: Option<NaiveDate>,
}

struct Plan<'a> {
    new_batches: Vec<NewBatch<'a>>,
    lines: Vec<Line<'a>>,
}

/// The batches to create and the lines to store (pure); refused when one of the header totals
/// the stock-in answers (goods_count, total_price, tax_amount) would leave decimal(19,4).
fn plan(lines: Vec<Line<'_>>) -> CoreResult<Plan<'_>> {
    let mut p = Problems::new();
    p.total(Total::Quantity, lines.iter().map(|l| Some(l.num)));
    let amounts = lines.iter().map(|l| l.stockin_price.mul_round(l.num));
    p.total(Total::Amount, amounts);
    let taxed = lines.iter().map(|l| l.tax_price.mul_round(l.num));
    p.total(Total::TaxedAmount, taxed);
    p.finish()?;
    let mut named = HashSet::new();
    let new_batches = lines
        .iter()
        .filter_map(|l| match l.batch {
            BatchRef::New(batch_no) if named.insert(batch_no) => Some(NewBatch {
                batch_no,
                expire_date: l.expire_date,
                production_date: l.production_date,
            }),
            _ => None,
        })
        .collect();
    Ok(Plan { new_batches, lines })
}

// ---- persist ----

impl BatchRef<'_> {
    /// The batch's id (0: none), given the ids of the batches this stock-in created.
    fn id(&self, created: &HashMap<String, i64>) -> CoreResult<i64> {
        match self {
            BatchRef::NoBatch => Ok(0),
            BatchRef::Existing(id) => Ok(*id),
            BatchRef::New(no) => created.get(*no).copied().ok_or_else(|| {
                CoreError::Inconsistent(format!("batch {no} was created but is not found"))
            }),
        }
    }
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// A stored stock-in line (`stockin_detail`).
struct StockinDetail<'a> {
    line: &'a Line<'a>,
    batch_id: i64,
}

impl LineRow for StockinDetail<'_> {
    const TABLE: &'static str = "stockin_detail";
    const PARENT: &'static str = "document_id";
    const COLUMNS: &'static [&'static str] = &[
        "purchase_detail_id",
        "spec_id",
        "defect",
        "position_id",
        "batch_id",
        "num",
        "stockin_price",
        "src_price",
        "tax",
        "tax_price",
        "production_date",
        "expire_date",
        "remark",
    ];
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        let l = self.line;
        q.bind(l.purchase_detail_id)
            .bind(l.spec_id)
            .bind(i64::from(l.defect))
            .bind(l.position_id)
            .bind(self.batch_id)
            .bind(l.num.raw())
            .bind(l.stockin_price.raw())
            .bind(l.src_price.raw())
            .bind(l.tax.raw())
            .bind(l.tax_price.raw())
            .bind(day(l.production_date))
            .bind(day(l.expire_date))
            .bind(l.remark)
    }
}

/// Stores the stock-in (编辑中) with the batches it creates and its lines; answers its id and
/// number.
async fn persist(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &PurchaseStockin,
    header: &Header,
    target: &Target,
    plan: &Plan<'_>,
    now: i64,
) -> CoreResult<(i64, String)> {
    let created = create_batches(tx, caller.seller_id, &plan.new_batches).await?;
    let details = plan
        .lines
        .iter()
        .map(|line| {
            let batch_id = line.batch.id(&created)?;
            Ok(StockinDetail { line, batch_id })
        })
        .collect::<CoreResult<Vec<_>>>()?;
    let stockin_no = Series::StockIn.next(tx, caller.seller_id, now).await?;
    let row = sqlx::query(
        "INSERT INTO document (seller_id, kind, doc_no, status, warehouse_id, creator, remark, mode, defect_mode, outer_no, created, modified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9, $9) RETURNING id",
    )
    .bind(caller.seller_id)
    .bind(KIND)
    .bind(&stockin_no)
    .bind(StockinStatus::Editing.code())
    .bind(target.warehouse_id)
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
    .bind(target.order_id)
    .bind(&cmd.logistics_code)
    .bind(&cmd.logistics_no)
    .bind(header.post_fee.raw())
    .bind(header.other_fee.raw())
    .execute(&mut **tx)
    .await?;
    write_lines(tx, doc_id, now, &details).await?;
    Ok((doc_id, stockin_no))
}

/// Creates the batches; answers their ids by number.
pub(crate) async fn create_batches(
    tx: &mut Transaction<'static, Any>,
    seller_id: i64,
    batches: &[NewBatch<'_>],
) -> CoreResult<HashMap<String, i64>> {
    for chunk in batches.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO batch (seller_id, batch_no, expire_date, production_date) VALUES {}",
            values_list(chunk.len(), 4)
        );
        let sql = batched(&sql, is_pg(tx));
        let mut q = sqlx::query(&sql);
        for b in chunk {
            q = q
                .bind(seller_id)
                .bind(b.batch_no)
                .bind(day(b.expire_date))
                .bind(day(b.production_date));
        }
        q.execute(&mut **tx).await?;
    }
    let names: Vec<&str> = batches.iter().map(|b| b.batch_no).collect();
    batches_of(tx, seller_id, &names).await
}

impl Store {
    /// Creates a purchase stock-in (and checks it when asked); answers its number.
    pub async fn create_purchase_stockin(
        &self,
        caller: &Caller,
        cmd: PurchaseStockin,
    ) -> CoreResult<String> {
        let mut problems = Problems::new();
        let valid = validate(&cmd, &mut problems);
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        // A retried push finds its first document before anything else is judged: the order
        // it completed may no longer accept stock-ins.
        if let Some(o) = &cmd.outer_no {
            if let Some(dup) = doc_by_outer_no(tx, caller, KIND, Field::OuterNo, o).await? {
                return Err(dup);
            }
        }
        let masters = load_masters(tx, caller, &cmd).await?;
        let resolved = resolve(&cmd, &masters, valid.lines, &mut problems);
        let (header, resolved) = clean(problems, valid.header.zip(resolved))?;
        let plan = plan(resolved.lines)?;
        let now = clock::now_millis();
        let (doc_id, stockin_no) =
            persist(tx, caller, &cmd, &header, &resolved.target, &plan, now).await?;
        match header.status {
            StockinStatus::Done => {
                settle(tx, caller.seller_id, doc_id, &caller.app_key, now).await?
            }
            StockinStatus::Editing => {}
            other => set_doc_status(tx, doc_id, other.code(), now).await?,
        }
        w.tx.commit().await?;
        Ok(stockin_no)
    }

    /// Checks a stored stock-in of the seller `sid` (`openwdt stockin check`).
    pub async fn check_stockin(&self, sid: &str, stockin_no: &str) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let (seller_id, doc_id, status) = stockin_by_no(tx, sid, stockin_no).await?;
        still_open(status, stockin_no)?;
        settle(tx, seller_id, doc_id, "cli", clock::now_millis()).await?;
        w.tx.commit().await?;
        Ok(())
    }

    /// Cancels a stored, unchecked stock-in of the seller `sid` (`openwdt stockin cancel`).
    pub async fn cancel_stockin(&self, sid: &str, stockin_no: &str) -> CoreResult<()> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let (_, doc_id, status) = stockin_by_no(tx, sid, stockin_no).await?;
        still_open(status, stockin_no)?;
        let cancelled = StockinStatus::Cancelled.code();
        set_doc_status(tx, doc_id, cancelled, clock::now_millis()).await?;
        w.tx.commit().await?;
        Ok(())
    }
}

/// A refusal of one problem about the whole request.
fn refusal(field: Field, kind: Kind) -> CoreError {
    CoreError::Problems(vec![Problem {
        field,
        line: None,
        subject: None,
        kind,
    }])
}

/// Refuses to check or cancel a stock-in that is no longer 编辑中 or 待审核.
fn still_open(status: i64, stockin_no: &str) -> CoreResult<()> {
    let value = stockin_no.to_string();
    let kind = match StockinStatus::from_code(status) {
        Some(StockinStatus::Editing | StockinStatus::Submitted) => return Ok(()),
        Some(StockinStatus::Done) => Kind::AlreadyDone { value },
        _ => Kind::AlreadyCancelled { value },
    };
    Err(refusal(Field::DocNo, kind))
}

/// A stock-in's `(seller_id, id, status)` by the seller's sid and its number.
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
        None => {
            let value = stockin_no.to_string();
            Err(refusal(Field::DocNo, Kind::Unknown { value }))
        }
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
    let po_status: i64 = head.try_get(4)?;
    if !PO_RECEIVABLE.contains(&po_status) {
        let kind = Kind::NotReceivable {
            value: head.try_get(3)?,
            state: po_status,
        };
        return Err(refusal(Field::DocNo, kind));
    }
    let (moves, received) = postings_of(tx, doc_id).await?;
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

/// A stored stock-in's stock moves, and the quantity (raw) it receives per order line.
async fn postings_of(
    tx: &mut Transaction<'static, Any>,
    doc_id: i64,
) -> CoreResult<(Vec<Move>, HashMap<i64, i64>)> {
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
            .ok_or_else(|| refusal(Field::Total(Total::Quantity), Kind::TotalOutOfRange))?;
        moves.push(Move {
            spec_id: r.try_get(0)?,
            defect: r.try_get::<i64, _>(1)? != 0,
            position_id: r.try_get(2)?,
            batch_id: r.try_get(3)?,
            delta: num,
            remark: r.try_get(6)?,
        });
    }
    Ok((moves, received))
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
    let mut changed: Vec<(i64, i64)> = Vec::with_capacity(received.len());
    let mut arrived = Vec::with_capacity(rows.len());
    let (mut short, mut line_overflow) = (false, false);
    for r in &rows {
        let (id, num, old): (i64, i64, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        let new = match received.get(&id) {
            Some(n) => old.checked_add(*n),
            None => Some(old),
        };
        let Some(new) = new else {
            line_overflow = true;
            continue;
        };
        if received.contains_key(&id) {
            changed.push((id, new));
        }
        short |= new < num;
        let dis_price = Dec4::from_raw(r.try_get(3)?).mul_round(Dec4::from_raw(r.try_get(4)?));
        arrived.push((Dec4::from_raw(new), dis_price));
    }
    let mut p = Problems::new();
    if line_overflow {
        p.push(
            Field::Total(Total::LineReceived),
            None,
            Kind::TotalOutOfRange,
        );
    }
    p.total(Total::Received, arrived.iter().map(|a| Some(a.0)));
    let amounts = arrived.iter().map(|(n, p)| p.and_then(|p| p.mul_round(*n)));
    p.total(Total::ReceivedAmount, amounts);
    p.finish()?;
    set_by_id(tx, "purchase_order_detail", "arrive_num", &changed).await?;
    Ok(if short {
        PurchaseStatus::PartlyArrived.code()
    } else {
        PurchaseStatus::Arrived.code()
    })
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

    fn d(t: &str) -> Dec4 {
        t.parse().unwrap()
    }

    fn ymd(t: &str) -> NaiveDate {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap()
    }

    const LIMITS: StockinLimits = StockinLimits {
        logistics_code: 20,
        position_no: 20,
        batch_no: 20,
        line_remark: 60,
    };

    fn line(spec_no: &str, num: &str) -> StockinLine {
        StockinLine {
            spec_no: spec_no.into(),
            num: num.into(),
            stockin_price: None,
            tax_price: None,
            tax: None,
            src_price: None,
            position_no: None,
            batch_no: None,
            production_date: None,
            validity_days: None,
            expire_date: None,
            defect: false,
            remark: String::new(),
        }
    }

    fn cmd(lines: Vec<StockinLine>) -> PurchaseStockin {
        PurchaseStockin {
            purchase_no: "CG1".into(),
            warehouse_no: "WH01".into(),
            outer_no: Some("O-1".into()),
            create_batch: false,
            status: StockinStatus::Editing.code(),
            logistics_code: String::new(),
            logistics_no: String::new(),
            post_fee: None,
            other_fee: None,
            remark: String::new(),
            lines,
            limits: LIMITS,
        }
    }

    /// A problem as `(field, line, kind)`.
    type Found = (Field, Option<usize>, Kind);

    fn found(p: Problems) -> Vec<Found> {
        p.into_vec()
            .into_iter()
            .map(|p| (p.field, p.line, p.kind))
            .collect()
    }

    #[test]
    fn the_after_tax_price_wins_and_the_order_price_is_the_fallback() {
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

    #[test]
    fn validation_collects_every_problem_of_the_header_and_the_lines() {
        let mut c = cmd(vec![
            line("A", "0"),
            line("", "1"),
            StockinLine {
                tax: Some("-1".into()),
                production_date: Some("2026/01/01".into()),
                validity_days: Some("36501".into()),
                remark: "r".repeat(61),
                ..line("A", "1")
            },
        ]);
        c.status = 10;
        c.logistics_code = "L".repeat(21);
        c.post_fee = Some("x".into());
        let mut p = Problems::new();
        let v = validate(&c, &mut p);
        assert!(v.header.is_none());
        assert!(v.lines[0].given.is_none() && v.lines[2].given.is_none());
        let long = |max, value: String| Kind::TooLong { max, value };
        assert_eq!(
            found(p),
            vec![
                (Field::Status, None, Kind::Invalid { value: "10".into() }),
                (
                    Field::Attribute("logistics_code"),
                    None,
                    long(20, "L".repeat(21))
                ),
                (
                    Field::Attribute("post_fee"),
                    None,
                    Kind::BadDecimal { value: "x".into() }
                ),
                (
                    Field::Quantity,
                    Some(0),
                    Kind::BadReceivedQuantity { value: "0".into() }
                ),
                (Field::SpecNo, Some(1), Kind::Missing),
                (
                    Field::Attribute("tax"),
                    Some(2),
                    Kind::Negative { value: "-1".into() }
                ),
                (Field::Remark, Some(2), long(60, "r".repeat(61))),
                (
                    Field::Date("production_date"),
                    Some(2),
                    Kind::BadDate {
                        value: "2026/01/01".into()
                    }
                ),
                (
                    Field::Attribute("validity_days"),
                    Some(2),
                    Kind::OutOfRange {
                        value: "36501".into(),
                        min: 0,
                        max: 36_500
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_valid_line_is_parsed_and_its_expiry_follows_from_its_shelf_life() {
        let c = cmd(vec![
            StockinLine {
                stockin_price: Some("9.5".into()),
                tax: Some("0.13".into()),
                production_date: Some("2026-01-01 08:00:00".into()),
                validity_days: Some("365".into()),
                ..line("A", "2.5")
            },
            StockinLine {
                production_date: Some("2026-01-01".into()),
                validity_days: Some("365".into()),
                expire_date: Some("2026-06-30".into()),
                ..line("B", "1")
            },
        ]);
        let mut p = Problems::new();
        let v = validate(&c, &mut p);
        assert!(p.is_empty(), "{p:?}");
        let h = v.header.unwrap();
        assert_eq!(
            (h.status, h.post_fee, h.other_fee),
            (StockinStatus::Editing, Dec4::ZERO, Dec4::ZERO)
        );
        assert_eq!(
            v.lines[0].given,
            Some(Given {
                num: d("2.5"),
                price: Some(d("9.5")),
                tax_price: None,
                tax: d("0.13"),
                src_price: None,
                production_date: Some(ymd("2026-01-01")),
                expire_date: Some(ymd("2027-01-01")),
            })
        );
        // A given expiry wins over the shelf life.
        let given = v.lines[1].given.as_ref().unwrap();
        assert_eq!(given.expire_date, Some(ymd("2026-06-30")));
    }

    fn masters() -> Masters {
        let order_line = |id, price| OrderLine {
            id,
            price: d(price),
        };
        Masters {
            order: Some(Order {
                id: 7,
                warehouse_id: 1,
                warehouse_no: "WH01".into(),
                status: PurchaseStatus::Checked.code(),
                lines: [(100, order_line(70, "12.5")), (101, order_line(71, "3"))]
                    .into_iter()
                    .collect(),
            }),
            place: Some(Place {
                id: 1,
                default_position: 10,
                positions: [("B-01".to_string(), 11)].into_iter().collect(),
            }),
            specs: [("A", 100), ("B", 101), ("C", 102)]
                .into_iter()
                .map(|(s, id)| (s.to_string(), id))
                .collect(),
            batches: [("B1".to_string(), 5)].into_iter().collect(),
        }
    }

    fn resolve_all<'a>(c: &'a PurchaseStockin, m: &Masters) -> (Option<Resolved<'a>>, Vec<Found>) {
        let mut p = Problems::new();
        let v = validate(c, &mut p);
        let r = resolve(c, m, v.lines, &mut p);
        (r, found(p))
    }

    #[test]
    fn names_resolve_to_ids_and_prices_are_derived() {
        let mut c = cmd(vec![
            StockinLine {
                tax_price: Some("11.3".into()),
                tax: Some("0.13".into()),
                position_no: Some("B-01".into()),
                batch_no: Some("B1".into()),
                ..line("A", "2")
            },
            StockinLine {
                batch_no: Some("NEW".into()),
                defect: true,
                remark: "r".into(),
                ..line("B", "1")
            },
        ]);
        c.create_batch = true;
        let (r, problems) = resolve_all(&c, &masters());
        assert_eq!(problems, vec![]);
        let r = r.unwrap();
        assert_eq!(
            r.target,
            Target {
                order_id: 7,
                warehouse_id: 1
            }
        );
        assert_eq!(
            r.lines[0],
            Line {
                spec_id: 100,
                purchase_detail_id: 70,
                num: d("2"),
                stockin_price: d("10"),
                src_price: d("12.5"),
                tax: d("0.13"),
                tax_price: d("11.3"),
                position_id: 11,
                batch: BatchRef::Existing(5),
                production_date: None,
                expire_date: None,
                defect: false,
                remark: "",
            }
        );
        let b = &r.lines[1];
        assert_eq!(
            (b.stockin_price, b.position_id, b.batch, b.defect, b.remark),
            (d("3"), 10, BatchRef::New("NEW"), true, "r")
        );
    }

    #[test]
    fn every_unresolved_name_is_a_problem_and_the_unknown_warehouse_leads() {
        let mut m = masters();
        m.place = None;
        let c = cmd(vec![
            line("C", "1"),
            line("DEL", "1"),
            StockinLine {
                batch_no: Some("NEWB".into()),
                ..line("A", "1")
            },
        ]);
        let (r, problems) = resolve_all(&c, &m);
        assert!(r.is_none());
        let value = |v: &str| v.to_string();
        assert_eq!(
            problems,
            vec![
                (
                    Field::WarehouseNo,
                    None,
                    Kind::UnknownWarehouse {
                        value: value("WH01")
                    }
                ),
                (
                    Field::SpecNo,
                    Some(0),
                    Kind::NotOnOrder {
                        value: value("C"),
                        order: value("CG1")
                    }
                ),
                (
                    Field::SpecNo,
                    Some(1),
                    Kind::UnknownSpec {
                        value: value("DEL")
                    }
                ),
                (
                    Field::BatchNo,
                    Some(2),
                    Kind::UnknownBatch {
                        value: value("NEWB")
                    }
                ),
            ]
        );
    }

    #[test]
    fn an_order_that_cannot_receive_and_a_foreign_warehouse_are_refused() {
        let mut m = masters();
        if let Some(o) = m.order.as_mut() {
            o.status = PurchaseStatus::Editing.code();
            o.warehouse_id = 2;
            o.warehouse_no = "WH02".into();
        }
        let c = cmd(vec![StockinLine {
            position_no: Some("NOPE".into()),
            ..line("A", "1")
        }]);
        let (r, problems) = resolve_all(&c, &m);
        assert!(r.is_none());
        let kinds: Vec<Kind> = problems.into_iter().map(|p| p.2).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::NotReceivable {
                    value: "CG1".into(),
                    state: 20
                },
                Kind::WrongWarehouse {
                    value: "WH01".into(),
                    order: "CG1".into(),
                    expected: "WH02".into()
                },
                Kind::UnknownPosition {
                    value: "NOPE".into(),
                    warehouse: "WH01".into()
                },
            ]
        );
        m.order = None;
        let (_, problems) = resolve_all(&c, &m);
        assert_eq!(
            problems[0],
            (
                Field::DocNo,
                None,
                Kind::UnknownOrder {
                    value: "CG1".into()
                }
            )
        );
    }

    #[test]
    fn a_price_past_the_range_is_a_problem_of_its_line() {
        let c = cmd(vec![StockinLine {
            stockin_price: Some("922337203685477".into()),
            tax: Some("1".into()),
            ..line("A", "1")
        }]);
        let mut p = Problems::new();
        let v = validate(&c, &mut p);
        assert!(resolve(&c, &masters(), v.lines, &mut p).is_none());
        let v = p.into_vec();
        assert_eq!(
            (v.len(), v[0].field, v[0].subject.as_deref()),
            (1, Field::Price, Some("A"))
        );
        assert!(matches!(v[0].kind, Kind::OutOfRange { .. }));
    }

    fn planned(num: &str, price: &str, batch: BatchRef<'static>, expire: &str) -> Line<'static> {
        Line {
            spec_id: 1,
            purchase_detail_id: 1,
            num: d(num),
            stockin_price: d(price),
            src_price: d(price),
            tax: Dec4::ZERO,
            tax_price: d(price),
            position_id: 1,
            batch,
            production_date: None,
            expire_date: Some(ymd(expire)),
            defect: false,
            remark: "",
        }
    }

    #[test]
    fn a_new_batch_is_created_once_with_the_dates_of_its_first_line() {
        let lines = vec![
            planned("1", "1", BatchRef::New("N1"), "2027-01-01"),
            planned("1", "1", BatchRef::Existing(5), "2027-02-01"),
            planned("1", "1", BatchRef::New("N1"), "2027-03-01"),
            planned("1", "1", BatchRef::New("N2"), "2027-04-01"),
            planned("1", "1", BatchRef::NoBatch, "2027-05-01"),
        ];
        let p = plan(lines).unwrap();
        assert_eq!(p.lines.len(), 5);
        let batches: Vec<(&str, Option<NaiveDate>)> = p
            .new_batches
            .iter()
            .map(|b| (b.batch_no, b.expire_date))
            .collect();
        assert_eq!(
            batches,
            vec![
                ("N1", Some(ymd("2027-01-01"))),
                ("N2", Some(ymd("2027-04-01")))
            ]
        );
        let created: HashMap<String, i64> = [("N1".to_string(), 8), ("N2".to_string(), 9)]
            .into_iter()
            .collect();
        let ids: Vec<i64> = p
            .lines
            .iter()
            .map(|l| l.batch.id(&created).unwrap())
            .collect();
        assert_eq!(ids, vec![8, 5, 8, 9, 0]);
    }

    #[test]
    fn header_totals_past_the_range_refuse_the_plan() {
        let huge = "922337203685477";
        let lines = vec![
            planned(huge, "0", BatchRef::NoBatch, "2027-01-01"),
            planned(huge, "0", BatchRef::NoBatch, "2027-01-01"),
        ];
        let Err(CoreError::Problems(v)) = plan(lines) else {
            panic!("the quantities' sum leaves the range");
        };
        assert_eq!(
            v.iter().map(|p| p.field).collect::<Vec<_>>(),
            vec![Field::Total(Total::Quantity)]
        );
        let lines = vec![planned(
            "1000000",
            "1000000000000",
            BatchRef::NoBatch,
            "2027-01-01",
        )];
        let Err(CoreError::Problems(v)) = plan(lines) else {
            panic!("the amount leaves the range");
        };
        assert_eq!(
            v.iter().map(|p| p.field).collect::<Vec<_>>(),
            vec![
                Field::Total(Total::Amount),
                Field::Total(Total::TaxedAmount)
            ]
        );
    }

    #[test]
    fn only_an_open_stockin_is_checked_or_cancelled() {
        assert!(still_open(20, "RK1").is_ok());
        assert!(still_open(30, "RK1").is_ok());
        let kind = |status| match still_open(status, "RK1") {
            Err(CoreError::Problems(v)) => v[0].kind.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            kind(80),
            Kind::AlreadyDone {
                value: "RK1".into()
            }
        );
        assert_eq!(
            kind(10),
            Kind::AlreadyCancelled {
                value: "RK1".into()
            }
        );
    }
}
