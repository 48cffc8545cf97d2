//! Other stock-ins and stock-outs (其他入库单 / 其他出库单) and the business orders behind them
//! (其它入库/出库业务单). A push that names no business order (`src_order_no`) gets one created
//! for it, with the same lines, as the vendor documents; one that names an order fulfils its
//! lines. Posting raises the order lines' in_num (out_num) and moves the order to 部分入库/出库
//! (60) or 已完成 (70).

use std::collections::HashMap;

use openwdt_wire::Dec4;
use sqlx::{Any, Row, Transaction};

use crate::auth::Caller;
use crate::document::{DocKind, OtherOrderStatus, StockinStatus, StockoutStatus};
use crate::error::{CoreError, CoreResult};
use crate::movement::{
    self, add_done, create, create_order, create_order_with, find_doc, lines_of, Created, DocRef,
    MoveKind, MoveLine, NewMove, NewOrder, OrderOptions, OrderSeries, Side, MAX_REMARK,
};
use crate::problem::{Field, Kind, Problem, Problems};
use crate::store::{set_doc_status, Store};

/// An other stock-in or stock-out to create.
#[derive(Clone, Debug)]
pub struct OtherMove {
    pub side: Side,
    pub warehouse_no: String,
    pub outer_no: Option<String>,
    /// The outer number becomes the document's number (flagship).
    pub number_is_outer: bool,
    /// The business order it fulfils; `None`: one is created for it.
    pub src_order_no: Option<String>,
    pub status: i64,
    pub create_batch: bool,
    pub reason: String,
    pub remark: String,
    pub extra: String,
    pub lines: Vec<MoveLine>,
}

fn move_kind(side: Side) -> MoveKind {
    match side {
        Side::In => MoveKind::OtherIn,
        Side::Out => MoveKind::OtherOut,
    }
}

fn order_kind(side: Side) -> DocKind {
    match side {
        Side::In => DocKind::OtherInOrder,
        Side::Out => DocKind::OtherOutOrder,
    }
}

/// The statuses an order takes documents in: checked, or partly done.
const ORDER_OPEN: [OtherOrderStatus; 2] = [OtherOrderStatus::Checked, OtherOrderStatus::Partly];

fn problem(field: Field, kind: Kind) -> CoreError {
    CoreError::Problems(vec![Problem {
        field,
        line: None,
        subject: None,
        kind,
    }])
}

impl Store {
    /// Creates an other stock-in/out (posting it when its status is the kind's done status)
    /// and, when it names no business order, the order behind it; answers the document.
    pub async fn create_other(&self, caller: &Caller, cmd: OtherMove) -> CoreResult<Created> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let created = create_other_in(&mut w.tx, caller, &cmd, now).await;
        w.finish(created).await
    }

    /// Cancels an other stock-in (编辑中, or 待审核 when forced) or stock-out (未确认, or 待审核
    /// when forced). A business order created for it alone is cancelled with it.
    pub async fn cancel_other(
        &self,
        caller: &Caller,
        side: Side,
        doc_no: &str,
        force: bool,
    ) -> CoreResult<()> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let kind = move_kind(side);
        let doc = find_doc(&mut w.tx, caller, &[kind.doc_kind()], doc_no, false)
            .await?
            .ok_or_else(|| {
                problem(
                    Field::DocNo,
                    Kind::Unknown {
                        value: doc_no.into(),
                    },
                )
            })?;
        cancellable(side, &doc, force)?;
        set_doc_status(&mut w.tx, doc.id, kind.cancelled(), now).await?;
        if let Some(order_id) = doc.src_doc_id {
            close_if_idle(&mut w.tx, order_id, now).await?;
        }
        w.commit().await
    }
}

/// An other in/out business order (其它入库/出库业务单) to create: the stock it plans is done
/// later by the other stock-ins/outs that name it (`src_order_no`).
#[derive(Clone, Debug)]
pub struct NewOtherOrder {
    pub side: Side,
    pub warehouse_no: String,
    /// The caller's number: one order of the kind per seller, and the order's number.
    pub outer_no: Option<String>,
    /// 已审核 (takes stock-ins/outs at once) rather than 待审核.
    pub check: bool,
    /// The warehouse must have the stock the lines ask for now (a stock-out order checked, or
    /// asked to check at creation); refused whole naming each spec short of it.
    pub check_stock: bool,
    pub reason: String,
    pub remark: String,
    /// Header attributes the order only echoes back: (name, value, most characters).
    pub attrs: Vec<(&'static str, String, usize)>,
    pub lines: Vec<MoveLine>,
}

/// `document.mode` of a business order the caller pushed (`wms.stockother.*.push`); 0: one
/// made for the other stock-in/out that named none.
const PUSHED: i64 = 1;

/// The statuses an order may be cancelled in: nothing can have been done against it yet.
const ORDER_CANCELLABLE: [OtherOrderStatus; 3] = [
    OtherOrderStatus::Editing,
    OtherOrderStatus::Submitted,
    OtherOrderStatus::Checked,
];

impl Store {
    /// Creates an other in/out business order; answers it. A stock-in order's unknown batches
    /// are created with it.
    pub async fn create_other_order(
        &self,
        caller: &Caller,
        cmd: NewOtherOrder,
    ) -> CoreResult<Created> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let created = create_other_order_in(&mut w.tx, caller, &cmd, now).await;
        w.finish(created).await
    }

    /// Cancels business orders, each in its own transaction: 编辑中, 待审核 or 已审核, with no
    /// stock-in/out against it that is not cancelled. Answers, per number that could not be
    /// cancelled, why (the first listed of a number given twice cancels it).
    pub async fn cancel_other_orders(
        &self,
        caller: &Caller,
        side: Side,
        nos: &[String],
    ) -> CoreResult<Vec<(String, CoreError)>> {
        let mut failed = Vec::new();
        for no in nos {
            let now = crate::clock::now_millis();
            let mut w = self.begin_write().await?;
            let cancelled = cancel_order_in(&mut w.tx, caller, side, no, now).await;
            match w.finish(cancelled).await {
                Ok(()) => {}
                Err(e @ CoreError::Problems(_)) => failed.push((no.clone(), e)),
                Err(e) => return Err(e),
            }
        }
        Ok(failed)
    }

    /// The numbers of the caller's business orders of a side that contain `part`, oldest
    /// first, at most `limit` (a fuzzy search by number).
    pub async fn other_order_nos_containing(
        &self,
        caller: &Caller,
        side: Side,
        part: &str,
        limit: usize,
    ) -> CoreResult<Vec<String>> {
        let pattern = format!(
            "%{}%",
            part.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        // LIKE ignores ASCII case on SQLite only: the exact match is made here, alike on both.
        let rows = sqlx::query(
            "SELECT d.doc_no, w.warehouse_no FROM document d JOIN warehouse w ON w.id = d.warehouse_id
             WHERE d.seller_id = $1 AND d.kind = $2 AND d.doc_no LIKE $3 ESCAPE '\\' ORDER BY d.id",
        )
        .bind(caller.seller_id)
        .bind(order_kind(side).as_str())
        .bind(pattern)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let (no, warehouse_no): (String, String) = (r.try_get(0)?, r.try_get(1)?);
            if no.contains(part) && caller.warehouses.allows(&warehouse_no) {
                out.push(no);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

async fn create_other_order_in(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewOtherOrder,
    now: i64,
) -> CoreResult<Created> {
    let mut p = Problems::new();
    p.max_len(Field::Attribute("reason"), None, &cmd.reason, MAX_REMARK);
    let mut extra = serde_json::Map::new();
    for (name, value, max) in &cmd.attrs {
        p.max_len(Field::Attribute(name), None, value, *max);
        extra.insert((*name).to_string(), value.clone().into());
    }
    let status = if cmd.check {
        OtherOrderStatus::Checked
    } else {
        OtherOrderStatus::Submitted
    };
    let order = NewOrder {
        kind: order_kind(cmd.side),
        series: match cmd.side {
            Side::In => OrderSeries::OtherInOrder,
            Side::Out => OrderSeries::OtherOutOrder,
        },
        warehouse_no: cmd.warehouse_no.clone(),
        to_warehouse_no: None,
        provider_id: None,
        outer_no: cmd.outer_no.clone(),
        outer_field: Field::OuterNo,
        status: status.code(),
        mode: PUSHED,
        reason: cmd.reason.clone(),
        remark: cmd.remark.clone(),
        extra: serde_json::Value::Object(extra).to_string(),
        lines: cmd.lines.clone(),
    };
    let opts = OrderOptions {
        // The vendor: the outer number becomes the order's number.
        doc_no: cmd.outer_no.clone(),
        create_batch: cmd.side == Side::In,
        check_stock: cmd.check_stock,
    };
    // The header's problems lead the lines'; a refusal rolls back whatever was written.
    match create_order_with(tx, caller, &order, &opts, now).await {
        Ok((created, _)) => p.finish().map(|()| created),
        Err(CoreError::Problems(list)) => {
            p.extend(list);
            Err(CoreError::Problems(p.into_vec()))
        }
        Err(e) => Err(e),
    }
}

async fn cancel_order_in(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    side: Side,
    no: &str,
    now: i64,
) -> CoreResult<()> {
    let value = no.to_string();
    let order = find_doc(tx, caller, &[order_kind(side)], no, false)
        .await?
        .ok_or_else(|| {
            problem(
                Field::DocNo,
                Kind::Unknown {
                    value: value.clone(),
                },
            )
        })?;
    if !ORDER_CANCELLABLE.iter().any(|s| s.code() == order.status) {
        let kind = match OtherOrderStatus::from_code(order.status) {
            Some(OtherOrderStatus::Cancelled) => Kind::AlreadyCancelled { value },
            Some(OtherOrderStatus::Done) => Kind::AlreadyDone { value },
            _ => Kind::WrongState {
                value,
                state: order.status,
            },
        };
        return Err(problem(Field::DocNo, kind));
    }
    // A stock-in/out against it that is not cancelled holds it (a stored one would post later).
    let holder: Option<String> = sqlx::query_scalar(
        "SELECT doc_no FROM document WHERE src_doc_id = $1 AND kind = $2 AND status <> $3
         ORDER BY id LIMIT 1",
    )
    .bind(order.id)
    .bind(move_kind(side).doc_kind().as_str())
    .bind(move_kind(side).cancelled())
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(holder) = holder {
        return Err(problem(Field::DocNo, Kind::Conflict { value, holder }));
    }
    set_doc_status(tx, order.id, OtherOrderStatus::Cancelled.code(), now).await
}

/// Whether the document's status lets it be cancelled; the refusal names the status.
fn cancellable(side: Side, doc: &DocRef, force: bool) -> CoreResult<()> {
    let (stored, submitted, done, cancelled) = match side {
        Side::In => (
            StockinStatus::Editing.code(),
            StockinStatus::Submitted.code(),
            StockinStatus::Done.code(),
            StockinStatus::Cancelled.code(),
        ),
        Side::Out => (
            StockoutStatus::Unconfirmed.code(),
            StockoutStatus::Submitted.code(),
            StockoutStatus::Done.code(),
            StockoutStatus::Cancelled.code(),
        ),
    };
    let value = doc.doc_no.clone();
    let kind = match doc.status {
        s if s == stored || (force && s == submitted) => return Ok(()),
        s if s == done => Kind::AlreadyDone { value },
        s if s == cancelled => Kind::AlreadyCancelled { value },
        state => Kind::WrongState { value, state },
    };
    Err(problem(Field::DocNo, kind))
}

/// An order made for a document, none of whose documents is live any more and which has done
/// nothing, is cancelled: it was created for the document just cancelled. An order the caller
/// pushed stays: it plans stock of its own.
async fn close_if_idle(
    tx: &mut Transaction<'static, Any>,
    order_id: i64,
    now: i64,
) -> CoreResult<()> {
    let mode: i64 = sqlx::query_scalar("SELECT mode FROM document WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut **tx)
        .await?;
    if mode == PUSHED {
        return Ok(());
    }
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM document WHERE src_doc_id = $1 AND status NOT IN ($2, $3)",
    )
    .bind(order_id)
    .bind(StockinStatus::Cancelled.code())
    .bind(StockoutStatus::Cancelled.code())
    .fetch_one(&mut **tx)
    .await?;
    let done: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM doc_line WHERE document_id = $1 AND (in_num > 0 OR out_num > 0)",
    )
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await?;
    if live == 0 && done == 0 {
        set_doc_status(tx, order_id, OtherOrderStatus::Cancelled.code(), now).await?;
    }
    Ok(())
}

async fn create_other_in(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &OtherMove,
    now: i64,
) -> CoreResult<Created> {
    let kind = move_kind(cmd.side);
    // A retried push finds its first document before anything else is judged.
    if let Some(o) = &cmd.outer_no {
        let dup = crate::document::doc_by_outer_no(
            tx,
            caller,
            kind.doc_kind().as_str(),
            Field::OuterNo,
            o,
        );
        if let Some(e) = dup.await? {
            return Err(e);
        }
    }
    let mut mv = NewMove {
        kind,
        warehouse_no: cmd.warehouse_no.clone(),
        outer_no: cmd.outer_no.clone(),
        outer_field: Field::OuterNo,
        doc_no: cmd.outer_no.clone().filter(|_| cmd.number_is_outer),
        status: cmd.status,
        create_batch: cmd.create_batch,
        src_doc_id: None,
        to_warehouse_id: None,
        provider_id: None,
        reason: cmd.reason.clone(),
        remark: cmd.remark.clone(),
        extra: cmd.extra.clone(),
        lines: cmd.lines.clone(),
    };
    let order = match &cmd.src_order_no {
        Some(no) => named_order(tx, caller, cmd.side, no, &cmd.warehouse_no).await?,
        None => new_order(tx, caller, cmd, now).await?,
    };
    link(&mut mv, &order)?;
    let created = create(tx, caller, &mv, now).await?;
    if created.posted {
        let done: Vec<(i64, i64)> = created
            .lines
            .iter()
            .filter_map(|l| Some((l.src_line_id?, l.num.raw())))
            .collect();
        add_done(tx, cmd.side, &done).await?;
        progress(tx, cmd.side, order.id, now).await?;
    }
    Ok(created)
}

/// An order and its lines, for linking a document's lines to it.
pub(crate) struct OrderLines {
    pub id: i64,
    pub doc_no: String,
    /// (line id, spec_no, defect, still to do)
    pub lines: Vec<(i64, String, bool, Dec4)>,
}

async fn named_order(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    side: Side,
    no: &str,
    warehouse_no: &str,
) -> CoreResult<OrderLines> {
    let doc = find_doc(tx, caller, &[order_kind(side)], no, false)
        .await?
        .ok_or_else(|| {
            problem(
                Field::Attribute("src_order_no"),
                Kind::UnknownOrder { value: no.into() },
            )
        })?;
    if !ORDER_OPEN.iter().any(|s| s.code() == doc.status) {
        let kind = Kind::WrongState {
            value: no.into(),
            state: doc.status,
        };
        return Err(problem(Field::Attribute("src_order_no"), kind));
    }
    // The order plans stock of its warehouse; an unknown warehouse is the document's problem.
    let w = crate::master::resolve_warehouse(tx, caller, warehouse_no).await?;
    if w.is_some_and(|w| w.id != doc.warehouse_id) {
        let value = warehouse_no.to_string();
        return Err(problem(Field::WarehouseNo, Kind::Invalid { value }));
    }
    order_lines(tx, side, doc.id, doc.doc_no).await
}

pub(crate) async fn order_lines(
    tx: &mut Transaction<'static, Any>,
    side: Side,
    id: i64,
    doc_no: String,
) -> CoreResult<OrderLines> {
    let views = lines_of(tx, &[id]).await?.remove(&id).unwrap_or_default();
    let lines = views
        .into_iter()
        .map(|l| {
            let done = match side {
                Side::In => l.in_num,
                Side::Out => l.out_num,
            };
            let left = l.num.checked_sub(done).unwrap_or(Dec4::ZERO);
            (l.id, l.spec_no, l.defect, left)
        })
        .collect();
    Ok(OrderLines { id, doc_no, lines })
}

/// The order a push that names none creates: its lines are the push's, checked (已审核).
async fn new_order(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &OtherMove,
    now: i64,
) -> CoreResult<OrderLines> {
    let order = NewOrder {
        kind: order_kind(cmd.side),
        series: match cmd.side {
            Side::In => OrderSeries::OtherInOrder,
            Side::Out => OrderSeries::OtherOutOrder,
        },
        warehouse_no: cmd.warehouse_no.clone(),
        to_warehouse_no: None,
        provider_id: None,
        outer_no: None,
        outer_field: Field::OuterNo,
        status: OtherOrderStatus::Checked.code(),
        mode: 0,
        reason: cmd.reason.clone(),
        remark: cmd.remark.clone(),
        extra: "{}".into(),
        lines: cmd
            .lines
            .iter()
            .map(|l| MoveLine {
                // The order plans quantities; where to take them from is the document's.
                position_no: None,
                batch_no: None,
                ..l.clone()
            })
            .collect(),
    };
    match create_order(tx, caller, &order, now).await {
        Ok((o, _)) => order_lines(tx, cmd.side, o.doc_id, o.doc_no).await,
        // The document's own validation words the request's problems, with its positions
        // and batches too.
        Err(CoreError::Problems(_)) => Ok(OrderLines {
            id: 0,
            doc_no: String::new(),
            lines: Vec::new(),
        }),
        Err(e) => Err(e),
    }
}

/// Each line of the document fulfils a line of the order of its spec and defect flag: the
/// order line at the same place when the document mirrors the order (the order made for it),
/// else the first with room for it, else the first with anything left. A line whose spec is not
/// on the order, or that asks more of a spec than the order has left of it, is a problem. An
/// order that could not be made (`id` 0) links nothing: the document's own validation refuses
/// the request.
pub(crate) fn link(mv: &mut NewMove, order: &OrderLines) -> CoreResult<()> {
    if order.id == 0 {
        return Ok(());
    }
    mv.src_doc_id = Some(order.id);
    let mut left: Vec<Dec4> = order.lines.iter().map(|l| l.3.max(Dec4::ZERO)).collect();
    let aligned = order.lines.len() == mv.lines.len();
    // What earlier lines asked of each spec and defect flag.
    let mut asked: HashMap<(String, bool), Dec4> = HashMap::new();
    let mut p = Problems::new();
    for (i, l) in mv.lines.iter_mut().enumerate() {
        let same: Vec<usize> = (0..order.lines.len())
            .filter(|&k| order.lines[k].1 == l.spec_no && order.lines[k].2 == l.defect)
            .collect();
        let Some(&first) = same.first() else {
            let kind = Kind::NotOnDocument {
                value: l.spec_no.clone(),
                order: order.doc_no.clone(),
            };
            p.push_about(Field::SpecNo, i, &l.spec_no, kind);
            continue;
        };
        // A bad quantity is the document's own problem.
        let want = Dec4::parse(&l.num).unwrap_or(Dec4::ZERO);
        let pick = (aligned && same.contains(&i) && left[i] >= want)
            .then_some(i)
            .or_else(|| same.iter().copied().find(|&k| left[k] >= want))
            .or_else(|| same.iter().copied().find(|&k| left[k] > Dec4::ZERO))
            .unwrap_or(first);
        left[pick] = left[pick]
            .checked_sub(want)
            .unwrap_or(Dec4::ZERO)
            .max(Dec4::ZERO);
        l.src_line_id = Some(order.lines[pick].0);
        let total = same.iter().fold(Dec4::ZERO, |a, &k| {
            a.checked_add(order.lines[k].3.max(Dec4::ZERO)).unwrap_or(a)
        });
        let before = asked
            .entry((l.spec_no.clone(), l.defect))
            .or_insert(Dec4::ZERO);
        let room = total
            .checked_sub(*before)
            .unwrap_or(Dec4::ZERO)
            .max(Dec4::ZERO);
        if want > room {
            let kind = Kind::ExceedsOrder {
                asked: want,
                left: room,
            };
            p.push_about(Field::Quantity, i, &l.spec_no, kind);
        }
        *before = before.checked_add(want).unwrap_or(*before);
    }
    p.finish()
}

/// The order is 已完成 once every line is done, else 部分入库/出库.
async fn progress(
    tx: &mut Transaction<'static, Any>,
    side: Side,
    order_id: i64,
    now: i64,
) -> CoreResult<()> {
    let status = if all_done(tx, side, order_id).await? {
        OtherOrderStatus::Done
    } else {
        OtherOrderStatus::Partly
    };
    set_doc_status(tx, order_id, status.code(), now).await
}

/// Whether each spec and defect flag of an order is done in all on `side`, however its lines
/// shared it.
pub(crate) async fn all_done(
    tx: &mut Transaction<'static, Any>,
    side: Side,
    order_id: i64,
) -> CoreResult<bool> {
    let o = order_lines(tx, side, order_id, String::new()).await?;
    let mut left: HashMap<(String, bool), Dec4> = HashMap::new();
    for (_, spec_no, defect, l) in o.lines {
        let sum = left.entry((spec_no, defect)).or_insert(Dec4::ZERO);
        *sum = sum.checked_add(l).unwrap_or(*sum);
    }
    Ok(left.values().all(|l| *l <= Dec4::ZERO))
}

pub use movement::DocView;

#[cfg(test)]
mod tests {
    use super::*;

    fn order(lines: &[(&str, &str)]) -> OrderLines {
        OrderLines {
            id: 7,
            doc_no: "QR1".into(),
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, (spec, left))| {
                    (
                        i as i64 + 100,
                        spec.to_string(),
                        false,
                        left.parse().unwrap(),
                    )
                })
                .collect(),
        }
    }

    fn doc(lines: &[(&str, &str)]) -> NewMove {
        NewMove {
            kind: MoveKind::OtherIn,
            warehouse_no: "WH01".into(),
            outer_no: None,
            outer_field: Field::OuterNo,
            doc_no: None,
            status: 0,
            create_batch: false,
            src_doc_id: None,
            to_warehouse_id: None,
            provider_id: None,
            reason: String::new(),
            remark: String::new(),
            extra: "{}".into(),
            lines: lines
                .iter()
                .map(|(spec, num)| MoveLine {
                    spec_no: spec.to_string(),
                    num: num.to_string(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    fn linked(mv: &NewMove) -> Vec<Option<i64>> {
        mv.lines.iter().map(|l| l.src_line_id).collect()
    }

    #[test]
    fn a_document_mirroring_its_order_links_line_by_line() {
        // Two lines of one spec, the smaller first: each takes its own line.
        let o = order(&[("A", "2"), ("A", "3")]);
        let mut mv = doc(&[("A", "2"), ("A", "3")]);
        link(&mut mv, &o).unwrap();
        assert_eq!(linked(&mv), [Some(100), Some(101)]);
        assert_eq!(mv.src_doc_id, Some(7));
        // Otherwise the first line with room, then any with something left.
        let mut mv = doc(&[("A", "3"), ("A", "1"), ("A", "1")]);
        link(&mut mv, &o).unwrap();
        assert_eq!(linked(&mv), [Some(101), Some(100), Some(100)]);
    }

    #[test]
    fn more_than_the_order_has_left_or_a_spec_not_on_it_is_refused() {
        let o = order(&[("A", "2"), ("A", "3"), ("B", "1")]);
        let mut mv = doc(&[("A", "4"), ("A", "2"), ("C", "1"), ("B", "1")]);
        let Err(CoreError::Problems(list)) = link(&mut mv, &o) else {
            panic!("linked")
        };
        let kinds: Vec<(Option<usize>, Kind)> =
            list.into_iter().map(|p| (p.line, p.kind)).collect();
        assert_eq!(
            kinds,
            [
                (
                    Some(1),
                    Kind::ExceedsOrder {
                        asked: "2".parse().unwrap(),
                        left: "1".parse().unwrap()
                    }
                ),
                (
                    Some(2),
                    Kind::NotOnDocument {
                        value: "C".into(),
                        order: "QR1".into()
                    }
                ),
            ]
        );
    }
}
