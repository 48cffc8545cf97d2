//! Stock-ins and stock-outs of one warehouse besides stocktakes and purchase stock-ins: other,
//! transfer and purchase-return documents (`MoveKind`), and the orders behind them (transfers,
//! purchase returns, other in/out business orders: `OrderKind`). One command creates any of
//! them; the families (`other`, `transfer`, `preturn`) call it inside their own transaction and
//! then keep their order's progress.
//!
//! A move goes validate (the request alone) → resolve (warehouse, specs, positions, batches) →
//! plan (a stock-in's batches and moves; a stock-out's moves, taken from the stock as the
//! stocktake takes it, or refused naming every spec short of stock) → persist (head, lines
//! through `write_lines`, moves through `ledger::apply`). Every problem is collected into one
//! refusal.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use openwdt_wire::Dec4;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::document::{
    doc_by_outer_no, DocKind, Series, SrcOrderType, StockinStatus, StockoutStatus,
};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, Move, Posting, Snapshot};
use crate::master::{batches_of, default_position, live_specs, positions_of, resolve_warehouse};
use crate::problem::{Field, Kind, Problems, Total};
use crate::stockin::{create_batches, date, NewBatch};
use crate::store::{write_lines, AnyQuery, LineRow, Store};

/// The most lines one document or order takes (the vendors document none; a request of more
/// is refused naming the list).
pub const MAX_LINES: usize = 10_000;
/// Length limits of text fields every move and order takes.
pub const MAX_REMARK: usize = 255;
pub const MAX_NO: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    In,
    Out,
}

/// A document that moves stock in or out of one warehouse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveKind {
    OtherIn,
    OtherOut,
    TransferIn,
    TransferOut,
    ReturnOut,
}

impl MoveKind {
    pub const fn side(self) -> Side {
        match self {
            MoveKind::OtherIn | MoveKind::TransferIn => Side::In,
            MoveKind::OtherOut | MoveKind::TransferOut | MoveKind::ReturnOut => Side::Out,
        }
    }

    pub const fn doc_kind(self) -> DocKind {
        match self {
            MoveKind::OtherIn => DocKind::OtherIn,
            MoveKind::OtherOut => DocKind::OtherOut,
            MoveKind::TransferIn => DocKind::TransferIn,
            MoveKind::TransferOut => DocKind::TransferOut,
            MoveKind::ReturnOut => DocKind::ReturnOut,
        }
    }

    /// The vendor's `src_order_type` of the document and its postings.
    pub const fn src_order_type(self) -> SrcOrderType {
        match self {
            MoveKind::OtherIn => SrcOrderType::OtherIn,
            MoveKind::OtherOut => SrcOrderType::OtherOut,
            MoveKind::TransferIn | MoveKind::TransferOut => SrcOrderType::Transfer,
            MoveKind::ReturnOut => SrcOrderType::PurchaseReturn,
        }
    }

    /// The status in which the document has posted its stock.
    pub const fn done(self) -> i64 {
        match self.side() {
            Side::In => StockinStatus::Done.code(),
            Side::Out => StockoutStatus::Done.code(),
        }
    }

    pub const fn cancelled(self) -> i64 {
        match self.side() {
            Side::In => StockinStatus::Cancelled.code(),
            Side::Out => StockoutStatus::Cancelled.code(),
        }
    }

    const fn series(self) -> Series {
        match self.side() {
            Side::In => Series::StockIn,
            Side::Out => Series::StockOut,
        }
    }
}

/// A line as the caller sent it; validate parses its values.
#[derive(Clone, Debug, Default)]
pub struct MoveLine {
    pub spec_no: String,
    pub defect: bool,
    pub num: String,
    pub price: Option<String>,
    /// A stock-in's position (else the warehouse's default); a stock-out's (else any).
    pub position_no: Option<String>,
    /// A stock-in's batch (created when new); a stock-out's (else any).
    pub batch_no: Option<String>,
    pub production_date: Option<String>,
    pub expire_date: Option<String>,
    pub remark: String,
    /// The order line this line fulfils, resolved by the family's command.
    pub src_line_id: Option<i64>,
    /// Fields the line only echoes back (a JSON object).
    pub extra: String,
}

/// A stock-in or stock-out to create.
#[derive(Clone, Debug)]
pub struct NewMove {
    pub kind: MoveKind,
    pub warehouse_no: String,
    /// The caller's number for it: one document of the kind per seller.
    pub outer_no: Option<String>,
    /// The field the duplicate refusal names (`outer_no`, `api_outer_no`, `src_order_no`).
    pub outer_field: Field,
    /// Where the vendor says the outer number becomes the document's number (flagship other
    /// stock-ins/outs): the number to give it, refused when another document or order of the
    /// seller has it. `None`: the kind's series numbers it.
    pub doc_no: Option<String>,
    /// The status to store: `kind.done()` posts the stock now.
    pub status: i64,
    /// A stock-in's batch_no unknown to the seller creates the batch (else it is a problem).
    pub create_batch: bool,
    pub src_doc_id: Option<i64>,
    pub to_warehouse_id: Option<i64>,
    pub provider_id: Option<i64>,
    pub reason: String,
    pub remark: String,
    /// Header fields the document only echoes back (a JSON object).
    pub extra: String,
    pub lines: Vec<MoveLine>,
}

/// A created document and its lines, in request order.
#[derive(Clone, Debug)]
pub struct Created {
    pub doc_id: i64,
    pub doc_no: String,
    pub posted: bool,
    pub lines: Vec<CreatedLine>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreatedLine {
    pub spec_id: i64,
    pub defect: bool,
    pub num: Dec4,
    pub src_line_id: Option<i64>,
}

// ---- validate ----

/// A line's values, parsed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Valid<'a> {
    pub spec_no: &'a str,
    pub defect: bool,
    pub num: Dec4,
    pub price: Dec4,
    pub position_no: Option<&'a str>,
    pub batch_no: Option<&'a str>,
    pub production_date: Option<NaiveDate>,
    pub expire_date: Option<NaiveDate>,
    pub remark: &'a str,
    pub src_line_id: Option<i64>,
    pub extra: &'a str,
}

/// The request's values checked (pure); every problem is collected.
pub(crate) fn validate<'a>(cmd: &'a NewMove, p: &mut Problems) -> Vec<Valid<'a>> {
    p.text(Field::WarehouseNo, None, &cmd.warehouse_no, MAX_NO);
    if let Some(o) = &cmd.outer_no {
        p.text(cmd.outer_field, None, o, MAX_NO);
    }
    p.max_len(Field::Remark, None, &cmd.remark, MAX_REMARK);
    lines_count(p, cmd.lines.len());
    let lines: Vec<_> = cmd
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| validate_line(p, i, l))
        .collect();
    p.total(Total::Quantity, lines.iter().map(|l| Some(l.num)));
    lines
}

/// A document has at least one line and at most [`MAX_LINES`].
pub(crate) fn lines_count(p: &mut Problems, n: usize) {
    if n == 0 {
        p.push(Field::Lines, None, Kind::Missing);
    } else if n > MAX_LINES {
        p.push(Field::Lines, None, Kind::TooMany { max: MAX_LINES });
    }
}

fn validate_line<'a>(p: &mut Problems, i: usize, l: &'a MoveLine) -> Option<Valid<'a>> {
    let before = p.len();
    p.text(Field::SpecNo, Some(i), &l.spec_no, MAX_NO);
    let num = quantity(p, i, &l.spec_no, &l.num);
    let price = p.amount(Field::Price, Some(i), l.price.as_deref().unwrap_or(""));
    let production_date = date(p, i, "production_date", &l.production_date);
    let expire_date = date(p, i, "expire_date", &l.expire_date);
    let position_no = some_text(&l.position_no);
    let batch_no = some_text(&l.batch_no);
    if let Some(v) = position_no {
        p.max_len(Field::PositionNo, Some(i), v, MAX_NO);
    }
    if let Some(v) = batch_no {
        p.max_len(Field::BatchNo, Some(i), v, MAX_NO);
    }
    p.max_len(Field::Remark, Some(i), &l.remark, MAX_REMARK);
    if p.len() > before {
        return None;
    }
    Some(Valid {
        spec_no: &l.spec_no,
        defect: l.defect,
        num: num?,
        price: price?.unwrap_or(Dec4::ZERO),
        position_no,
        batch_no,
        production_date: production_date?,
        expire_date: expire_date?,
        remark: &l.remark,
        src_line_id: l.src_line_id,
        extra: &l.extra,
    })
}

/// A quantity moved: a decimal above zero of at most 4 places.
pub(crate) fn quantity(p: &mut Problems, i: usize, spec_no: &str, v: &str) -> Option<Dec4> {
    match Dec4::parse(v) {
        Ok(d) if d > Dec4::ZERO => Some(d),
        _ => {
            let kind = Kind::BadQuantity {
                value: v.to_string(),
                zero_ok: false,
            };
            p.push_about(Field::Quantity, i, spec_no, kind);
            None
        }
    }
}

fn some_text(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|t| !t.is_empty())
}

// ---- resolve ----

/// Where a line's stock goes to or comes from, by id.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line<'a> {
    pub valid: Valid<'a>,
    pub spec_id: i64,
    /// `None`: a stock-out takes from any position.
    pub position_id: Option<i64>,
    pub batch: Batch<'a>,
}

/// A line's batch: any (a stock-out that names none), none (a stock-in that names none), one
/// that exists, or one a stock-in creates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Batch<'a> {
    Any,
    Existing(i64),
    New(&'a str),
}

struct Place {
    id: i64,
    default_position: i64,
    positions: HashMap<String, i64>,
}

/// The warehouse, specs, positions and batches the lines name; unknown names are problems.
async fn resolve<'a>(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewMove,
    valid: Vec<Valid<'a>>,
    p: &mut Problems,
) -> CoreResult<(i64, Vec<Line<'a>>)> {
    let place = place(tx, caller, &cmd.warehouse_no).await?;
    if place.is_none() {
        let value = cmd.warehouse_no.clone();
        p.lead(Field::WarehouseNo, Kind::UnknownWarehouse { value });
    }
    let spec_nos: Vec<&str> = valid.iter().map(|v| v.spec_no).collect();
    let specs = live_specs(tx, caller.seller_id, &spec_nos).await?;
    let batch_nos: Vec<&str> = valid.iter().filter_map(|v| v.batch_no).collect();
    let batches = batches_of(tx, caller.seller_id, &batch_nos).await?;
    let side = cmd.kind.side();
    let mut lines = Vec::with_capacity(valid.len());
    for (i, v) in valid.into_iter().enumerate() {
        let spec_id = specs.get(v.spec_no).copied();
        if spec_id.is_none() {
            let value = v.spec_no.to_string();
            p.push_about(Field::SpecNo, i, v.spec_no, Kind::UnknownSpec { value });
        }
        let position = position(p, i, &v, place.as_ref(), &cmd.warehouse_no, side);
        let batch = batch(p, i, &v, &batches, side, cmd.create_batch);
        if let (Some(spec_id), Some(position_id), Some(batch)) = (spec_id, position, batch) {
            lines.push(Line {
                valid: v,
                spec_id,
                position_id,
                batch,
            });
        }
    }
    Ok((place.map_or(0, |pl| pl.id), lines))
}

async fn place(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    warehouse_no: &str,
) -> CoreResult<Option<Place>> {
    let Some(w) = resolve_warehouse(tx, caller, warehouse_no).await? else {
        return Ok(None);
    };
    Ok(Some(Place {
        id: w.id,
        default_position: default_position(tx, w.id).await?,
        positions: positions_of(tx, w.id).await?,
    }))
}

/// `Some(position)` when resolved (a stock-out's `None`: any), `None` after a problem.
fn position(
    p: &mut Problems,
    i: usize,
    v: &Valid<'_>,
    place: Option<&Place>,
    warehouse_no: &str,
    side: Side,
) -> Option<Option<i64>> {
    let place = place?; // an unknown warehouse is the request's problem already
    let Some(no) = v.position_no else {
        return Some(match side {
            Side::In => Some(place.default_position),
            Side::Out => None,
        });
    };
    match place.positions.get(no) {
        Some(&id) => Some(Some(id)),
        None => {
            let kind = Kind::UnknownPosition {
                value: no.to_string(),
                warehouse: warehouse_no.to_string(),
            };
            p.push_about(Field::PositionNo, i, v.spec_no, kind);
            None
        }
    }
}

fn batch<'a>(
    p: &mut Problems,
    i: usize,
    v: &Valid<'a>,
    batches: &HashMap<String, i64>,
    side: Side,
    create: bool,
) -> Option<Batch<'a>> {
    let Some(no) = v.batch_no else {
        return Some(match side {
            Side::In => Batch::Existing(0),
            Side::Out => Batch::Any,
        });
    };
    match (batches.get(no), side) {
        (Some(&id), _) => Some(Batch::Existing(id)),
        (None, Side::In) if create => Some(Batch::New(no)),
        (None, _) => {
            let value = no.to_string();
            p.push_about(Field::BatchNo, i, v.spec_no, Kind::UnknownBatch { value });
            None
        }
    }
}

// ---- plan ----

/// The stock moves of a stock-out, taken line by line from what the earlier lines left: a line
/// that names a position or batch takes from exactly there, one that names none as the
/// stocktake takes (earliest expiry first, then position_no, then batch_no). Every line short
/// of stock is a problem naming its spec, what it asks and what is left (pure).
pub(crate) fn plan_out(snap: &Snapshot, lines: &[Line<'_>], p: &mut Problems) -> Vec<Move> {
    let mut left = snap.clone();
    let mut moves = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let batch = match l.batch {
            Batch::Existing(id) => Some(id),
            Batch::Any | Batch::New(_) => None,
        };
        let v = &l.valid;
        let want = v.num.raw();
        let taken = left.take_out(l.spec_id, v.defect, l.position_id, batch, want, v.remark);
        let got: i64 = taken.iter().map(|m| -m.delta).sum();
        if got < want {
            let kind = Kind::Shortfall {
                asked: v.num,
                available: Dec4::from_raw(got),
            };
            p.push_about(Field::Quantity, i, v.spec_no, kind);
        }
        for m in &taken {
            left.debit(m);
        }
        moves.extend(taken);
    }
    moves
}

/// The batches a stock-in creates (the dates of the first line naming each) and its moves,
/// once the batches' ids are known.
pub(crate) fn new_batches<'a>(lines: &[Line<'a>]) -> Vec<NewBatch<'a>> {
    let mut named = HashSet::new();
    lines
        .iter()
        .filter_map(|l| match l.batch {
            Batch::New(batch_no) if named.insert(batch_no) => Some(NewBatch {
                batch_no,
                expire_date: l.valid.expire_date,
                production_date: l.valid.production_date,
            }),
            _ => None,
        })
        .collect()
}

fn batch_id(b: Batch<'_>, created: &HashMap<String, i64>) -> CoreResult<Option<i64>> {
    match b {
        Batch::Any => Ok(None),
        Batch::Existing(id) => Ok(Some(id)),
        Batch::New(no) => created.get(no).copied().map(Some).ok_or_else(|| {
            CoreError::Inconsistent(format!("batch {no} was created but is not found"))
        }),
    }
}

/// A stock-in's moves: each line into its position and batch (pure).
pub(crate) fn plan_in(lines: &[StoredLine]) -> Vec<Move> {
    lines
        .iter()
        .map(|l| Move {
            spec_id: l.spec_id,
            defect: l.defect,
            position_id: l.position_id.unwrap_or_default(),
            batch_id: l.batch_id.unwrap_or_default(),
            delta: l.num.raw(),
            remark: l.remark.clone(),
        })
        .collect()
}

// ---- persist ----

/// A line as stored in `doc_line` (a move's or an order's).
#[derive(Clone, Debug, Default)]
pub(crate) struct StoredLine {
    pub src_line_id: Option<i64>,
    pub spec_id: i64,
    pub defect: bool,
    pub position_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub num: Dec4,
    pub price: Dec4,
    pub production_date: Option<String>,
    pub expire_date: Option<String>,
    pub remark: String,
    pub extra: String,
}

impl LineRow for StoredLine {
    const TABLE: &'static str = "doc_line";
    const PARENT: &'static str = "document_id";
    const COLUMNS: &'static [&'static str] = &[
        "src_line_id",
        "spec_id",
        "defect",
        "position_id",
        "batch_id",
        "num",
        "price",
        "production_date",
        "expire_date",
        "remark",
        "extra",
    ];

    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.src_line_id)
            .bind(self.spec_id)
            .bind(i64::from(self.defect))
            .bind(self.position_id)
            .bind(self.batch_id)
            .bind(self.num.raw())
            .bind(self.price.raw())
            .bind(self.production_date.as_deref())
            .bind(self.expire_date.as_deref())
            .bind(self.remark.as_str())
            .bind(self.extra.as_str())
    }
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// A document head to insert.
pub(crate) struct Head<'a> {
    pub kind: DocKind,
    pub doc_no: &'a str,
    pub status: i64,
    pub warehouse_id: i64,
    pub to_warehouse_id: Option<i64>,
    pub provider_id: Option<i64>,
    pub src_doc_id: Option<i64>,
    pub src_order_type: i64,
    pub outer_no: Option<&'a str>,
    pub mode: i64,
    pub reason: &'a str,
    pub remark: &'a str,
    pub extra: &'a str,
    pub check_time: Option<i64>,
}

/// Inserts a document head; answers its id.
pub(crate) async fn insert_head(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    h: &Head<'_>,
    now: i64,
) -> CoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO document (seller_id, kind, doc_no, status, warehouse_id, creator, remark, mode, defect_mode,
           outer_no, to_warehouse_id, provider_id, src_doc_id, src_order_type, reason, extra, check_time, created, modified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
    )
    .bind(caller.seller_id)
    .bind(h.kind.as_str())
    .bind(h.doc_no)
    .bind(h.status)
    .bind(h.warehouse_id)
    .bind(&caller.app_key)
    .bind(h.remark)
    .bind(h.mode)
    .bind(h.outer_no)
    .bind(h.to_warehouse_id)
    .bind(h.provider_id)
    .bind(h.src_doc_id)
    .bind(h.src_order_type)
    .bind(h.reason)
    .bind(h.extra)
    .bind(h.check_time)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get(0)?)
}

/// Ids of a document's lines, in the order they were written.
pub(crate) async fn line_ids(
    tx: &mut Transaction<'static, Any>,
    doc_id: i64,
) -> CoreResult<Vec<i64>> {
    let rows = sqlx::query("SELECT id FROM doc_line WHERE document_id = $1 ORDER BY id")
        .bind(doc_id)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// Creates a stock-in or stock-out inside the caller's write transaction, posting it when its
/// status is the kind's done status. A duplicate outer number, a problem of the request or a
/// stock-out short of stock refuses it before anything is written.
pub(crate) async fn create(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewMove,
    now: i64,
) -> CoreResult<Created> {
    let mut p = Problems::new();
    let valid = validate(cmd, &mut p);
    if let Some(o) = &cmd.outer_no {
        let kind = cmd.kind.doc_kind().as_str();
        if let Some(dup) = doc_by_outer_no(tx, caller, kind, cmd.outer_field, o).await? {
            return Err(dup);
        }
    }
    let (warehouse_id, lines) = resolve(tx, caller, cmd, valid, &mut p).await?;
    let post = cmd.status == cmd.kind.done();
    let spec_ids: Vec<i64> = lines.iter().map(|l| l.spec_id).collect();
    let mut snap = if p.is_empty() {
        ledger::load(tx, warehouse_id, &spec_ids).await?
    } else {
        Snapshot::empty(warehouse_id)
    };
    let out_moves = match cmd.kind.side() {
        Side::Out if post => plan_out(&snap, &lines, &mut p),
        _ => Vec::new(),
    };
    if let Some(no) = &cmd.doc_no {
        if crate::store::number_taken(tx, caller.seller_id, no).await? {
            let value = no.clone();
            p.lead(cmd.outer_field, Kind::Taken { value });
        }
    }
    p.finish()?;
    let created_batches = create_batches(tx, caller.seller_id, &new_batches(&lines)).await?;
    let stored = lines
        .iter()
        .map(|l| stored(l, &created_batches))
        .collect::<CoreResult<Vec<_>>>()?;
    let doc_no = match &cmd.doc_no {
        Some(no) => no.clone(),
        None => cmd.kind.series().next(tx, caller.seller_id, now).await?,
    };
    let head = Head {
        kind: cmd.kind.doc_kind(),
        doc_no: &doc_no,
        status: cmd.status,
        warehouse_id,
        to_warehouse_id: cmd.to_warehouse_id,
        provider_id: cmd.provider_id,
        src_doc_id: cmd.src_doc_id,
        src_order_type: cmd.kind.src_order_type().code(),
        outer_no: cmd.outer_no.as_deref(),
        mode: 0,
        reason: &cmd.reason,
        remark: &cmd.remark,
        extra: &cmd.extra,
        check_time: post.then_some(now),
    };
    let doc_id = insert_head(tx, caller, &head, now).await?;
    write_lines(tx, doc_id, now, &stored).await?;
    if post {
        let moves = match cmd.kind.side() {
            Side::In => plan_in(&stored),
            Side::Out => out_moves,
        };
        let posting = posting(caller, cmd.kind, doc_id, &doc_no);
        ledger::apply(tx, &mut snap, moves, &posting, now).await?;
    }
    Ok(Created {
        doc_id,
        doc_no,
        posted: post,
        lines: stored
            .iter()
            .map(|l| CreatedLine {
                spec_id: l.spec_id,
                defect: l.defect,
                num: l.num,
                src_line_id: l.src_line_id,
            })
            .collect(),
    })
}

fn stored(l: &Line<'_>, created: &HashMap<String, i64>) -> CoreResult<StoredLine> {
    let v = &l.valid;
    Ok(StoredLine {
        src_line_id: v.src_line_id,
        spec_id: l.spec_id,
        defect: v.defect,
        position_id: l.position_id,
        batch_id: batch_id(l.batch, created)?,
        num: v.num,
        price: v.price,
        production_date: day(v.production_date),
        expire_date: day(v.expire_date),
        remark: v.remark.to_string(),
        extra: v.extra.to_string(),
    })
}

fn posting<'a>(caller: &'a Caller, kind: MoveKind, doc_id: i64, doc_no: &'a str) -> Posting<'a> {
    Posting {
        seller_id: caller.seller_id,
        document_id: doc_id,
        src_order_type: kind.src_order_type().code(),
        operator: &caller.app_key,
        in_no: doc_no,
        out_no: doc_no,
        is_stocktake: false,
    }
}

impl Store {
    /// Creates a stock-in or stock-out that no order is behind (an other stock-in/out):
    /// answers its number. A retried push whose outer number is already a document of the
    /// kind is refused as a duplicate naming that document.
    pub async fn create_move(&self, caller: &Caller, cmd: NewMove) -> CoreResult<Created> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let created = create(&mut w.tx, caller, &cmd, now).await;
        w.finish(created).await
    }
}

// ---- the documents, read back ----

/// A document of the caller's seller found by number inside a write transaction.
#[derive(Clone, Debug)]
pub struct DocRef {
    pub id: i64,
    pub kind: DocKind,
    pub doc_no: String,
    pub status: i64,
    pub warehouse_id: i64,
    pub to_warehouse_id: Option<i64>,
    pub provider_id: Option<i64>,
    pub src_doc_id: Option<i64>,
    pub mode: i64,
}

/// The document of one of `kinds` numbered `doc_no` (or, when `by_outer`, carrying that
/// outer number), if the caller's app may see its warehouse.
pub(crate) async fn find_doc(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    kinds: &[DocKind],
    no: &str,
    by_outer: bool,
) -> CoreResult<Option<DocRef>> {
    let col = if by_outer { "outer_no" } else { "doc_no" };
    let sql = format!(
        "SELECT d.id, d.kind, d.doc_no, d.status, d.warehouse_id, d.to_warehouse_id, d.provider_id, d.src_doc_id,
           d.mode, w.warehouse_no
         FROM document d JOIN warehouse w ON w.id = d.warehouse_id
         WHERE d.seller_id = $1 AND d.{col} = $2"
    );
    let rows = sqlx::query(&sql)
        .bind(caller.seller_id)
        .bind(no)
        .fetch_all(&mut **tx)
        .await?;
    for r in rows {
        let kind = DocKind::parse(r.try_get::<String, _>(1)?.as_str());
        let Some(kind) = kind.filter(|k| kinds.contains(k)) else {
            continue;
        };
        if !caller.warehouses.allows(&r.try_get::<String, _>(9)?) {
            continue;
        }
        return Ok(Some(DocRef {
            id: r.try_get(0)?,
            kind,
            doc_no: r.try_get(2)?,
            status: r.try_get(3)?,
            warehouse_id: r.try_get(4)?,
            to_warehouse_id: r.try_get(5)?,
            provider_id: r.try_get(6)?,
            src_doc_id: r.try_get(7)?,
            mode: r.try_get(8)?,
        }));
    }
    Ok(None)
}

/// A stored line with its spec's names.
#[derive(Clone, Debug, Default)]
pub struct LineView {
    pub id: i64,
    pub document_id: i64,
    pub src_line_id: Option<i64>,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_name: String,
    pub spec_code: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub defect: bool,
    pub position_id: Option<i64>,
    pub position_no: String,
    pub batch_id: Option<i64>,
    pub batch_no: String,
    pub num: Dec4,
    pub out_num: Dec4,
    pub in_num: Dec4,
    pub price: Dec4,
    pub production_date: String,
    pub expire_date: String,
    pub remark: String,
    pub extra: String,
    pub created: i64,
    pub goods_id: i64,
    pub short_name: String,
}

/// The lines of some documents, by document, each in the order written.
pub(crate) async fn lines_of(
    conn: &mut sqlx::AnyConnection,
    doc_ids: &[i64],
) -> CoreResult<HashMap<i64, Vec<LineView>>> {
    let mut out: HashMap<i64, Vec<LineView>> = HashMap::new();
    for chunk in doc_ids.chunks(crate::store::CHUNK) {
        let sql = format!(
            "SELECT l.id, l.document_id, l.src_line_id, l.spec_id, s.spec_no, s.spec_name, s.spec_code, s.barcode,
               g.goods_no, g.goods_name, l.defect, l.position_id, p.position_no, l.batch_id, b.batch_no, l.num,
               l.out_num, l.in_num, l.price, l.production_date, l.expire_date, l.remark, l.extra, l.created,
               g.id, g.short_name
             FROM doc_line l JOIN spec s ON s.id = l.spec_id JOIN goods g ON g.id = s.goods_id
             LEFT JOIN position p ON p.id = l.position_id LEFT JOIN batch b ON b.id = l.batch_id
             WHERE l.document_id IN ({}) ORDER BY l.id",
            crate::store::in_list(chunk.len())
        );
        let sql = crate::store::batched(&sql, conn.backend_name() == "PostgreSQL");
        let q = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id));
        for r in q.fetch_all(&mut *conn).await? {
            let v = line_view(&r)?;
            out.entry(v.document_id).or_default().push(v);
        }
    }
    Ok(out)
}

fn line_view(r: &sqlx::any::AnyRow) -> CoreResult<LineView> {
    let d = |i: usize| -> CoreResult<Dec4> { Ok(Dec4::from_raw(r.try_get(i)?)) };
    let t = |i: usize| -> CoreResult<String> {
        Ok(r.try_get::<Option<String>, _>(i)?.unwrap_or_default())
    };
    Ok(LineView {
        id: r.try_get(0)?,
        document_id: r.try_get(1)?,
        src_line_id: r.try_get(2)?,
        spec_id: r.try_get(3)?,
        spec_no: t(4)?,
        spec_name: t(5)?,
        spec_code: t(6)?,
        barcode: t(7)?,
        goods_no: t(8)?,
        goods_name: t(9)?,
        defect: r.try_get::<i64, _>(10)? != 0,
        position_id: r.try_get(11)?,
        position_no: t(12)?,
        batch_id: r.try_get(13)?,
        batch_no: t(14)?,
        num: d(15)?,
        out_num: d(16)?,
        in_num: d(17)?,
        price: d(18)?,
        production_date: t(19)?,
        expire_date: t(20)?,
        remark: t(21)?,
        extra: t(22)?,
        created: r.try_get(23)?,
        goods_id: r.try_get(24)?,
        short_name: t(25)?,
    })
}

/// Which time a query's window filters on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeField {
    #[default]
    Modified,
    Created,
    CheckTime,
}

/// A query over documents of some kinds; `None` and empty lists filter nothing.
#[derive(Clone, Debug, Default)]
pub struct DocQuery {
    pub kinds: Vec<DocKind>,
    pub statuses: Vec<i64>,
    pub src_order_types: Vec<i64>,
    pub warehouse_no: Option<String>,
    pub doc_nos: Vec<String>,
    pub outer_no: Option<String>,
    /// The number of the order a stock-in/out fulfils.
    pub src_order_no: Option<String>,
    pub provider_no: Option<String>,
    pub to_warehouse_no: Option<String>,
    pub reason: Option<String>,
    /// The status of the order a stock-in/out fulfils.
    pub order_status: Option<i64>,
    pub time_field: TimeField,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// A document with its names resolved and its lines.
#[derive(Clone, Debug, Default)]
pub struct DocView {
    pub id: i64,
    pub kind: Option<DocKind>,
    pub doc_no: String,
    pub status: i64,
    pub mode: i64,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub to_warehouse_no: String,
    pub to_warehouse_name: String,
    pub provider_no: String,
    pub provider_name: String,
    pub src_order_no: String,
    pub src_order_type: i64,
    pub outer_no: String,
    pub reason: String,
    pub remark: String,
    pub creator: String,
    pub extra: String,
    pub created: i64,
    pub modified: i64,
    pub check_time: Option<i64>,
    pub lines: Vec<LineView>,
}

/// Documents joined to the names they carry, one row per document.
const DOC_VIEW: &str = "(SELECT d.id, d.seller_id, d.kind, d.doc_no, d.status, d.mode, d.warehouse_id,
    w.warehouse_no, w.name AS warehouse_name, tw.warehouse_no AS to_warehouse_no, tw.name AS to_warehouse_name,
    pr.provider_no, pr.name AS provider_name, sd.doc_no AS src_order_no, sd.status AS src_order_status, d.src_order_type, d.outer_no,
    d.reason, d.remark, d.creator, d.extra, d.created, d.modified, d.check_time
  FROM document d JOIN warehouse w ON w.id = d.warehouse_id
  LEFT JOIN warehouse tw ON tw.id = d.to_warehouse_id
  LEFT JOIN provider pr ON pr.id = d.provider_id
  LEFT JOIN document sd ON sd.id = d.src_doc_id) v";

impl Store {
    /// Documents of the caller's seller and visible warehouses matching `q`, newest first
    /// (then by id), a page at a time, with their lines; and how many match in all.
    pub async fn query_docs(
        &self,
        caller: &Caller,
        q: &DocQuery,
        page: crate::query::Page,
    ) -> CoreResult<(Vec<DocView>, i64)> {
        let f = doc_filter(caller, q);
        let (rows, total) = f
            .fetch(self, DOC_VIEW, "v.modified DESC, v.id DESC", page)
            .await?;
        let mut docs = rows.iter().map(doc_view).collect::<CoreResult<Vec<_>>>()?;
        let ids: Vec<i64> = docs.iter().map(|d| d.id).collect();
        let mut conn = self.pool.acquire().await?;
        let mut lines = lines_of(&mut conn, &ids).await?;
        for d in &mut docs {
            d.lines = lines.remove(&d.id).unwrap_or_default();
        }
        Ok((docs, total))
    }
}

fn doc_filter(caller: &Caller, q: &DocQuery) -> crate::query::Filter {
    let mut f = crate::query::Filter::new("v.seller_id", caller.seller_id);
    let kinds: Vec<String> = q.kinds.iter().map(|k| k.as_str().to_string()).collect();
    f.texts_in("v.kind", &kinds);
    if !q.statuses.is_empty() {
        f.ints_in("v.status", &q.statuses);
    }
    if !q.src_order_types.is_empty() {
        f.ints_in("v.src_order_type", &q.src_order_types);
    }
    if !q.doc_nos.is_empty() {
        f.texts_in("v.doc_no", &q.doc_nos);
    }
    f.perm("v.warehouse_no", &caller.warehouses);
    f.maybe_text("v.warehouse_no = $?", q.warehouse_no.as_deref());
    f.maybe_text("v.outer_no = $?", q.outer_no.as_deref());
    f.maybe_text("v.src_order_no = $?", q.src_order_no.as_deref());
    f.maybe_text("v.provider_no = $?", q.provider_no.as_deref());
    f.maybe_text("v.to_warehouse_no = $?", q.to_warehouse_no.as_deref());
    f.maybe_text("v.reason = $?", q.reason.as_deref());
    f.maybe_int("v.src_order_status = $?", q.order_status);
    let col = match q.time_field {
        TimeField::Modified => "v.modified",
        TimeField::Created => "v.created",
        TimeField::CheckTime => "v.check_time",
    };
    f.maybe_int(&format!("{col} >= $?"), q.from);
    f.maybe_int(&format!("{col} <= $?"), q.to);
    f
}

fn doc_view(r: &sqlx::any::AnyRow) -> CoreResult<DocView> {
    let t = |c: &str| -> CoreResult<String> {
        Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default())
    };
    Ok(DocView {
        id: r.try_get("id")?,
        kind: DocKind::parse(&t("kind")?),
        doc_no: t("doc_no")?,
        status: r.try_get("status")?,
        mode: r.try_get("mode")?,
        warehouse_id: r.try_get("warehouse_id")?,
        warehouse_no: t("warehouse_no")?,
        warehouse_name: t("warehouse_name")?,
        to_warehouse_no: t("to_warehouse_no")?,
        to_warehouse_name: t("to_warehouse_name")?,
        provider_no: t("provider_no")?,
        provider_name: t("provider_name")?,
        src_order_no: t("src_order_no")?,
        src_order_type: r.try_get("src_order_type")?,
        outer_no: t("outer_no")?,
        reason: t("reason")?,
        remark: t("remark")?,
        creator: t("creator")?,
        extra: t("extra")?,
        created: r.try_get("created")?,
        modified: r.try_get("modified")?,
        check_time: r.try_get("check_time")?,
        lines: Vec::new(),
    })
}

// ---- the order behind moves ----

/// An order to create (a transfer, a purchase return, an other in/out business order): its
/// lines plan quantities that its stock-outs (`out_num`) and stock-ins (`in_num`) then do.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub kind: DocKind,
    pub series: OrderSeries,
    pub warehouse_no: String,
    pub to_warehouse_no: Option<String>,
    pub provider_id: Option<i64>,
    pub outer_no: Option<String>,
    pub outer_field: Field,
    pub status: i64,
    pub mode: i64,
    pub reason: String,
    pub remark: String,
    pub extra: String,
    pub lines: Vec<MoveLine>,
}

/// The series an order is numbered in (public twin of the crate's `Series` for orders).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderSeries {
    Transfer,
    PurchaseReturn,
    OtherInOrder,
    OtherOutOrder,
}

impl OrderSeries {
    fn series(self) -> Series {
        match self {
            OrderSeries::Transfer => Series::Transfer,
            OrderSeries::PurchaseReturn => Series::PurchaseReturn,
            OrderSeries::OtherInOrder => Series::OtherInOrder,
            OrderSeries::OtherOutOrder => Series::OtherOutOrder,
        }
    }
}

/// Creates an order inside the caller's write transaction: no stock moves. Its lines name
/// specs (and, where given, positions and batches of its first warehouse); answers the order
/// and its lines' ids in request order.
pub(crate) async fn create_order(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewOrder,
    now: i64,
) -> CoreResult<(Created, Vec<i64>)> {
    create_order_with(tx, caller, cmd, &OrderOptions::default(), now).await
}

/// What an order's creation may do besides storing it.
#[derive(Clone, Debug, Default)]
pub(crate) struct OrderOptions {
    /// The order's number, chosen by the caller (refused when the seller has it); `None`: the
    /// order's series numbers it.
    pub doc_no: Option<String>,
    /// A batch_no the seller does not know is created (an order of stock to come in).
    pub create_batch: bool,
    /// The warehouse must have the stock the lines ask for now (refused whole naming each
    /// spec short of it), as a stock-out would take it.
    pub check_stock: bool,
}

/// As [`create_order`], with the options an order of the caller's may ask for.
pub(crate) async fn create_order_with(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewOrder,
    opts: &OrderOptions,
    now: i64,
) -> CoreResult<(Created, Vec<i64>)> {
    let as_move = NewMove {
        // Resolved as a stock-out: positions and batches must exist, none means any; an order
        // that may create its batches is resolved as a stock-in, without its default position.
        kind: if opts.create_batch {
            MoveKind::OtherIn
        } else {
            MoveKind::OtherOut
        },
        warehouse_no: cmd.warehouse_no.clone(),
        outer_no: None,
        outer_field: cmd.outer_field,
        doc_no: None,
        status: StockoutStatus::Submitted.code(),
        create_batch: opts.create_batch,
        src_doc_id: None,
        to_warehouse_id: None,
        provider_id: cmd.provider_id,
        reason: String::new(),
        remark: cmd.remark.clone(),
        extra: String::new(),
        lines: cmd.lines.clone(),
    };
    let mut p = Problems::new();
    let valid = validate(&as_move, &mut p);
    if let Some(o) = &cmd.outer_no {
        p.max_len(cmd.outer_field, None, o, MAX_NO);
        if let Some(dup) =
            doc_by_outer_no(tx, caller, cmd.kind.as_str(), cmd.outer_field, o).await?
        {
            return Err(dup);
        }
    }
    let (warehouse_id, mut lines) = resolve(tx, caller, &as_move, valid, &mut p).await?;
    for l in &mut lines {
        // An order line names no place unless the caller gave one.
        if l.valid.position_no.is_none() {
            l.position_id = None;
        }
        if l.batch == Batch::Existing(0) {
            l.batch = Batch::Any;
        }
    }
    let to_warehouse_id = match &cmd.to_warehouse_no {
        Some(no) => to_warehouse(tx, caller, no, &mut p).await?,
        None => None,
    };
    if opts.check_stock && p.is_empty() {
        let spec_ids: Vec<i64> = lines.iter().map(|l| l.spec_id).collect();
        let snap = ledger::load(tx, warehouse_id, &spec_ids).await?;
        plan_out(&snap, &lines, &mut p);
    }
    if let Some(no) = &opts.doc_no {
        if crate::store::number_taken(tx, caller.seller_id, no).await? {
            let value = no.clone();
            p.lead(cmd.outer_field, Kind::Taken { value });
        }
    }
    p.finish()?;
    let created_batches = create_batches(tx, caller.seller_id, &new_batches(&lines)).await?;
    let stored = lines
        .iter()
        .map(|l| stored(l, &created_batches))
        .collect::<CoreResult<Vec<_>>>()?;
    let doc_no = match &opts.doc_no {
        Some(no) => no.clone(),
        None => cmd.series.series().next(tx, caller.seller_id, now).await?,
    };
    let head = Head {
        kind: cmd.kind,
        doc_no: &doc_no,
        status: cmd.status,
        warehouse_id,
        to_warehouse_id,
        provider_id: cmd.provider_id,
        src_doc_id: None,
        src_order_type: 0,
        outer_no: cmd.outer_no.as_deref(),
        mode: cmd.mode,
        reason: &cmd.reason,
        remark: &cmd.remark,
        extra: &cmd.extra,
        check_time: None,
    };
    let doc_id = insert_head(tx, caller, &head, now).await?;
    write_lines(tx, doc_id, now, &stored).await?;
    let ids = line_ids(tx, doc_id).await?;
    let created = Created {
        doc_id,
        doc_no,
        posted: false,
        lines: stored
            .iter()
            .map(|l| CreatedLine {
                spec_id: l.spec_id,
                defect: l.defect,
                num: l.num,
                src_line_id: None,
            })
            .collect(),
    };
    Ok((created, ids))
}

/// A transfer's destination: a warehouse of the seller the app may use.
async fn to_warehouse(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    no: &str,
    p: &mut Problems,
) -> CoreResult<Option<i64>> {
    let found = resolve_warehouse(tx, caller, no).await?;
    if found.is_none() {
        let value = no.to_string();
        p.push(
            Field::Attribute("to_warehouse_no"),
            None,
            Kind::UnknownWarehouse { value },
        );
    }
    Ok(found.map(|w| w.id))
}

/// Adds `delta` to the `out_num` or `in_num` of order lines, `(line id, delta)`.
pub(crate) async fn add_done(
    tx: &mut Transaction<'static, Any>,
    side: Side,
    deltas: &[(i64, i64)],
) -> CoreResult<()> {
    let col = match side {
        Side::In => "in_num",
        Side::Out => "out_num",
    };
    let sql = format!("UPDATE doc_line SET {col} = {col} + $1 WHERE id = $2");
    for (id, delta) in deltas {
        sqlx::query(&sql)
            .bind(*delta)
            .bind(*id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Problem;

    fn line(spec_no: &str, num: &str) -> MoveLine {
        MoveLine {
            spec_no: spec_no.into(),
            num: num.into(),
            ..Default::default()
        }
    }

    fn out(lines: Vec<MoveLine>) -> NewMove {
        NewMove {
            kind: MoveKind::OtherOut,
            warehouse_no: "WH01".into(),
            outer_no: None,
            outer_field: Field::OuterNo,
            doc_no: None,
            status: StockoutStatus::Done.code(),
            create_batch: false,
            src_doc_id: None,
            to_warehouse_id: None,
            provider_id: None,
            reason: String::new(),
            remark: String::new(),
            extra: "{}".into(),
            lines,
        }
    }

    fn d(v: &str) -> Dec4 {
        v.parse().unwrap()
    }

    async fn stock_of(
        store: &Store,
        caller: &Caller,
        spec_no: &str,
    ) -> Vec<(String, String, Dec4)> {
        let rows = sqlx::query(
            "SELECT p.position_no, COALESCE(b.batch_no, ''), d.num FROM stock_detail d
             JOIN stock_spec s ON s.id = d.stock_spec_id JOIN spec sp ON sp.id = s.spec_id
             JOIN position p ON p.id = d.position_id LEFT JOIN batch b ON b.id = d.batch_id
             WHERE s.seller_id = $1 AND sp.spec_no = $2 ORDER BY p.position_no, 2",
        )
        .bind(caller.seller_id)
        .bind(spec_no)
        .fetch_all(&store.pool)
        .await
        .unwrap();
        rows.iter()
            .map(|r| (r.get(0), r.get(1), Dec4::from_raw(r.get(2))))
            .collect()
    }

    #[test]
    fn validate_collects_every_problem_of_a_move() {
        let mut cmd = out(vec![line("", "0"), line("A", "1.00001"), line("B", "2")]);
        cmd.warehouse_no = String::new();
        cmd.lines[2].production_date = Some("2025-13-01".into());
        let mut p = Problems::new();
        let valid = validate(&cmd, &mut p);
        assert!(valid.is_empty());
        let got: Vec<(Field, Option<usize>)> = p.iter().map(|p| (p.field, p.line)).collect();
        assert_eq!(
            got,
            [
                (Field::WarehouseNo, None),
                (Field::SpecNo, Some(0)),
                (Field::Quantity, Some(0)),
                (Field::Quantity, Some(1)),
                (Field::Date("production_date"), Some(2)),
            ]
        );
        let mut p = Problems::new();
        validate(&out(vec![]), &mut p);
        assert_eq!(p.into_vec()[0].field, Field::Lines);
    }

    #[tokio::test]
    async fn a_stock_out_takes_the_earliest_expiry_first_and_refuses_a_shortfall_whole() {
        for (store, caller, _db) in crate::testdb::demos("move-out").await {
            // 8 of G002-1L: 3 in B20251101 (expires first) at A-01-01, 5 in B20251201 at A-01-02.
            let e = store
                .create_move(
                    &caller,
                    out(vec![
                        line("G002-1L", "6"),
                        line("G002-1L", "3"),
                        line("G001-RED-M", "11"),
                    ]),
                )
                .await
                .unwrap_err();
            let CoreError::Problems(list) = e else {
                panic!("{e:?}")
            };
            let short: Vec<(Option<String>, Kind)> = list
                .into_iter()
                .map(|Problem { subject, kind, .. }| (subject, kind))
                .collect();
            assert_eq!(
                short,
                [
                    (
                        Some("G002-1L".into()),
                        Kind::Shortfall {
                            asked: d("3"),
                            available: d("2")
                        }
                    ),
                    (
                        Some("G001-RED-M".into()),
                        Kind::Shortfall {
                            asked: d("11"),
                            available: d("10")
                        }
                    ),
                ]
            );
            assert_eq!(
                stock_of(&store, &caller, "G002-1L").await.len(),
                2,
                "nothing taken"
            );
            let docs: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM document WHERE kind = 'other_out'")
                    .fetch_one(&store.pool)
                    .await
                    .unwrap();
            assert_eq!(docs, 0);

            let done = store
                .create_move(&caller, out(vec![line("G002-1L", "4")]))
                .await
                .unwrap();
            assert!(done.posted && done.doc_no.starts_with("CK"));
            assert_eq!(
                stock_of(&store, &caller, "G002-1L").await,
                [
                    ("A-01-01".into(), "B20251101".into(), d("0")),
                    ("A-01-02".into(), "B20251201".into(), d("4")),
                ]
            );
            // Named position and batch: from exactly there.
            let mut exact = line("G002-1L", "1");
            exact.position_no = Some("A-01-01".into());
            let e = store
                .create_move(&caller, out(vec![exact]))
                .await
                .unwrap_err();
            assert!(
                matches!(e, CoreError::Problems(ref l) if matches!(l[0].kind, Kind::Shortfall { .. }))
            );
            assert!(store.verify().await.unwrap().is_empty());
        }
    }

    #[tokio::test]
    async fn an_order_line_tracks_its_stock_outs_and_the_goods_in_transit() {
        for (store, caller, _db) in crate::testdb::demos("move-order").await {
            let now = crate::clock::now_millis();
            let order = NewOrder {
                kind: DocKind::Transfer,
                series: OrderSeries::Transfer,
                warehouse_no: "WH01".into(),
                to_warehouse_no: Some("WH02".into()),
                provider_id: None,
                outer_no: Some("T-1".into()),
                outer_field: Field::OuterNo,
                status: 40,
                mode: 0,
                reason: String::new(),
                remark: String::new(),
                extra: "{}".into(),
                lines: vec![line("G001-RED-M", "6")],
            };
            let mut w = store.begin_write().await.unwrap();
            let (o, ids) = create_order(&mut w.tx, &caller, &order, now).await.unwrap();
            assert!(o.doc_no.starts_with("TF"));
            let mut cmd = out(vec![line("G001-RED-M", "4")]);
            cmd.kind = MoveKind::TransferOut;
            cmd.src_doc_id = Some(o.doc_id);
            cmd.lines[0].src_line_id = Some(ids[0]);
            let moved = create(&mut w.tx, &caller, &cmd, now).await.unwrap();
            add_done(&mut w.tx, Side::Out, &[(ids[0], moved.lines[0].num.raw())])
                .await
                .unwrap();
            let to = o.lines[0].spec_id;
            let wh02 = find_doc(&mut w.tx, &caller, &[DocKind::Transfer], "T-1", true)
                .await
                .unwrap()
                .unwrap();
            let to_wh = wh02.to_warehouse_id.unwrap();
            ledger::transit(
                &mut w.tx,
                caller.seller_id,
                to_wh,
                to,
                false,
                d("4").raw(),
                now,
            )
            .await
            .unwrap();
            w.commit().await.unwrap();
            assert!(
                store.verify().await.unwrap().is_empty(),
                "{:?}",
                store.verify().await
            );

            let q = DocQuery {
                kinds: vec![DocKind::TransferOut],
                src_order_no: Some(o.doc_no.clone()),
                ..Default::default()
            };
            let page = crate::query::Page {
                page_no: 0,
                page_size: 10,
            };
            let (docs, total) = store.query_docs(&caller, &q, page).await.unwrap();
            assert_eq!(total, 1);
            assert_eq!(docs[0].src_order_type, SrcOrderType::Transfer.code());
            assert_eq!(docs[0].lines[0].src_line_id, Some(ids[0]));
        }
    }
}
