//! Other stock-ins and stock-outs (其他入库单 / 其他出库单) and the business orders behind them
//! (其它入库/出库业务单). A push that names no business order (`src_order_no`) gets one created
//! for it, with the same lines, as the vendor documents; one that names an order fulfils its
//! lines. Posting raises the order lines' in_num (out_num) and moves the order to 部分入库/出库
//! (60) or 已完成 (70).

use std::collections::HashMap;

use openwdt_wire::Dec4;
use sqlx::{Any, Transaction};

use crate::auth::Caller;
use crate::document::{DocKind, OtherOrderStatus, StockinStatus, StockoutStatus};
use crate::error::{CoreError, CoreResult};
use crate::movement::{
    self, add_done, create, create_order, find_doc, lines_of, Created, DocRef, MoveKind, MoveLine,
    NewMove, NewOrder, OrderSeries, Side,
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

/// An order none of whose documents is live any more, and which has done nothing, is
/// cancelled: it was created for the document just cancelled.
async fn close_if_idle(
    tx: &mut Transaction<'static, Any>,
    order_id: i64,
    now: i64,
) -> CoreResult<()> {
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
        Some(no) => named_order(tx, caller, cmd.side, no).await?,
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

/// Each line of the document fulfils the order's first line of its spec and defect flag with
/// something left to do (else the first of its spec). A line whose spec is not on the order is
/// a problem. An order that could not be made (`id` 0) links nothing: the document's own
/// validation refuses the request.
pub(crate) fn link(mv: &mut NewMove, order: &OrderLines) -> CoreResult<()> {
    if order.id == 0 {
        return Ok(());
    }
    mv.src_doc_id = Some(order.id);
    let mut left: HashMap<i64, Dec4> = order.lines.iter().map(|l| (l.0, l.3)).collect();
    let mut p = Problems::new();
    for (i, l) in mv.lines.iter_mut().enumerate() {
        let same: Vec<i64> = order
            .lines
            .iter()
            .filter(|o| o.1 == l.spec_no && o.2 == l.defect)
            .map(|o| o.0)
            .collect();
        let open = same
            .iter()
            .copied()
            .find(|id| left.get(id).is_some_and(|n| *n > Dec4::ZERO));
        match open.or_else(|| same.first().copied()) {
            Some(id) => {
                if let (Some(n), Ok(d)) = (left.get_mut(&id), Dec4::parse(&l.num)) {
                    *n = n.checked_sub(d).unwrap_or(Dec4::ZERO);
                }
                l.src_line_id = Some(id);
            }
            None => {
                let kind = Kind::NotOnOrder {
                    value: l.spec_no.clone(),
                    order: order.doc_no.clone(),
                };
                p.push_about(Field::SpecNo, i, &l.spec_no, kind);
            }
        }
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
    let o = order_lines(tx, side, order_id, String::new()).await?;
    let status = if o.lines.iter().all(|l| l.3 <= Dec4::ZERO) {
        OtherOrderStatus::Done
    } else {
        OtherOrderStatus::Partly
    };
    set_doc_status(tx, order_id, status.code(), now).await
}

pub use movement::DocView;
