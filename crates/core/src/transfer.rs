//! Transfers between two warehouses of a seller (调拨单).
//!
//! A quick transfer (modes 5/6/7, enterprise `transfer_type` 1) moves its stock out of the
//! source and into the destination in one transaction: the transfer (调拨完成), its stock-out
//! and its stock-in are created and posted together. A two-step transfer (modes 0/1/2,
//! `transfer_type` 0) is checked (已审核) and then done by transfer stock-outs, which take the
//! stock out of the source and hold it in transit into the destination
//! (`stock_spec.transfer_num`), and transfer stock-ins, which bring it in. Each line tracks
//! what went out (`out_num`) and came in (`in_num`); the transfer is 调拨中 (50) once something
//! went out and 调拨完成 (90) once every line came in whole.

use openwdt_wire::Dec4;
use sqlx::{Any, Transaction};

use crate::auth::Caller;
use crate::document::{doc_by_outer_no, DocKind, StockinStatus, StockoutStatus, TransferStatus};
use crate::error::{CoreError, CoreResult};
use crate::ledger;
use crate::movement::{
    add_done, create, create_order, find_doc, lines_of, Created, LineView, MoveKind, MoveLine,
    NewMove, NewOrder, OrderSeries, Side,
};
use crate::problem::{Field, Kind, Problem, Problems};
use crate::store::{set_doc_status, Store};

/// A transfer to create.
#[derive(Clone, Debug)]
pub struct NewTransfer {
    pub outer_no: Option<String>,
    pub from_warehouse_no: String,
    pub to_warehouse_no: String,
    /// Out and in at once, once checked.
    pub quick: bool,
    /// Checked: a two-step transfer is 已审核 (ready for stock-outs), a quick one is moved at
    /// once. Else it is stored 编辑中, or 待审核 with `submit`, and nothing moves.
    pub check: bool,
    pub submit: bool,
    pub remark: String,
    pub extra: String,
    pub lines: Vec<TransferLine>,
}

#[derive(Clone, Debug, Default)]
pub struct TransferLine {
    pub spec_no: String,
    pub num: String,
    pub defect: bool,
    pub from_position_no: Option<String>,
    pub to_position_no: Option<String>,
    pub batch_no: Option<String>,
    pub remark: String,
}

/// A transfer stock-out (from the source) or stock-in (into the destination) against a
/// transfer.
#[derive(Clone, Debug)]
pub struct TransferMove {
    pub side: Side,
    /// The caller's key: one stock-out (or stock-in) per outer number and seller.
    pub outer_no: Option<String>,
    pub transfer_no: String,
    pub warehouse_no: String,
    /// Posted now (else stored: 未确认/待审核 or 编辑中/待审核).
    pub status: i64,
    pub create_batch: bool,
    pub remark: String,
    pub extra: String,
    pub lines: Vec<MoveLine>,
}

fn problem(field: Field, kind: Kind) -> CoreError {
    CoreError::Problems(vec![Problem {
        field,
        line: None,
        subject: None,
        kind,
    }])
}

fn move_line(l: &TransferLine, position: &Option<String>) -> MoveLine {
    MoveLine {
        spec_no: l.spec_no.clone(),
        defect: l.defect,
        num: l.num.clone(),
        position_no: position.clone(),
        batch_no: l.batch_no.clone(),
        remark: l.remark.clone(),
        extra: "{}".into(),
        ..Default::default()
    }
}

impl Store {
    /// Creates a transfer; a quick one is moved at once. Answers the transfer.
    pub async fn create_transfer(&self, caller: &Caller, cmd: NewTransfer) -> CoreResult<Created> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let created = create_in(&mut w.tx, caller, &cmd, now).await;
        w.finish(created).await
    }

    /// A transfer stock-out or stock-in against a checked transfer; answers the document.
    pub async fn transfer_move(&self, caller: &Caller, cmd: TransferMove) -> CoreResult<Created> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let created = move_one(&mut w.tx, caller, &cmd, now).await;
        w.finish(created).await
    }

    /// Cancels a transfer 编辑中 or 待审核, or one 已审核 that nothing has moved yet.
    pub async fn cancel_transfer(&self, caller: &Caller, no: &str) -> CoreResult<()> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let t = find_doc(&mut w.tx, caller, &[DocKind::Transfer], no, false)
            .await?
            .ok_or_else(|| problem(Field::DocNo, Kind::Unknown { value: no.into() }))?;
        let open = [
            TransferStatus::Editing,
            TransferStatus::Submitted,
            TransferStatus::Checked,
        ];
        if !open.iter().any(|s| s.code() == t.status) {
            let kind = Kind::WrongState {
                value: no.into(),
                state: t.status,
            };
            return Err(problem(Field::DocNo, kind));
        }
        set_doc_status(&mut w.tx, t.id, TransferStatus::Cancelled.code(), now).await?;
        w.commit().await
    }

    /// Cancels a stored transfer stock-out (未确认) or stock-in (编辑中/待审核).
    pub async fn cancel_transfer_move(
        &self,
        caller: &Caller,
        side: Side,
        no: &str,
    ) -> CoreResult<()> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let kind = move_kind(side);
        let doc = find_doc(&mut w.tx, caller, &[kind.doc_kind()], no, false)
            .await?
            .ok_or_else(|| problem(Field::DocNo, Kind::Unknown { value: no.into() }))?;
        let allowed: &[i64] = match side {
            Side::Out => &[StockoutStatus::Unconfirmed.code()],
            Side::In => &[
                StockinStatus::Editing.code(),
                StockinStatus::Submitted.code(),
            ],
        };
        if !allowed.contains(&doc.status) {
            let value = no.to_string();
            let kind = match doc.status {
                s if s == kind.done() => Kind::AlreadyDone { value },
                s if s == kind.cancelled() => Kind::AlreadyCancelled { value },
                state => Kind::WrongState { value, state },
            };
            return Err(problem(Field::DocNo, kind));
        }
        set_doc_status(&mut w.tx, doc.id, kind.cancelled(), now).await?;
        w.commit().await
    }

    /// Stops waiting (停止等待): each transfer plans no more than has gone out; with `back`, what
    /// is in transit is brought into the destination now. Answers, per transfer number that
    /// could not be stopped, why.
    pub async fn stop_transfers(
        &self,
        caller: &Caller,
        nos: &[String],
        back: bool,
    ) -> CoreResult<Vec<(String, CoreError)>> {
        let mut failed = Vec::new();
        for no in nos {
            let now = crate::clock::now_millis();
            let mut w = self.begin_write().await?;
            let stopped = stop_one(&mut w.tx, caller, no, back, now).await;
            match w.finish(stopped).await {
                Ok(()) => {}
                Err(e @ CoreError::Problems(_)) => failed.push((no.clone(), e)),
                Err(e) => return Err(e),
            }
        }
        Ok(failed)
    }
}

async fn move_one(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &TransferMove,
    now: i64,
) -> CoreResult<Created> {
    // A retry is a duplicate before anything else: its first attempt may have finished the
    // transfer, which then takes no more.
    if let Some(o) = &cmd.outer_no {
        let kind = move_kind(cmd.side).doc_kind().as_str();
        if let Some(dup) = doc_by_outer_no(tx, caller, kind, Field::OuterNo, o).await? {
            return Err(dup);
        }
    }
    let t = open_transfer(tx, caller, &cmd.transfer_no).await?;
    move_against(tx, caller, &t, cmd, now).await
}

fn move_kind(side: Side) -> MoveKind {
    match side {
        Side::In => MoveKind::TransferIn,
        Side::Out => MoveKind::TransferOut,
    }
}

async fn create_in(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewTransfer,
    now: i64,
) -> CoreResult<Created> {
    if let Some(o) = &cmd.outer_no {
        if let Some(e) =
            doc_by_outer_no(tx, caller, DocKind::Transfer.as_str(), Field::OuterNo, o).await?
        {
            return Err(e);
        }
    }
    if cmd.from_warehouse_no == cmd.to_warehouse_no {
        let value = cmd.to_warehouse_no.clone();
        return Err(problem(
            Field::Attribute("to_warehouse_no"),
            Kind::Invalid { value },
        ));
    }
    let status = match (cmd.check, cmd.submit) {
        (true, _) => TransferStatus::Checked,
        (false, true) => TransferStatus::Submitted,
        (false, false) => TransferStatus::Editing,
    };
    let order = NewOrder {
        kind: DocKind::Transfer,
        series: OrderSeries::Transfer,
        warehouse_no: cmd.from_warehouse_no.clone(),
        to_warehouse_no: Some(cmd.to_warehouse_no.clone()),
        provider_id: None,
        outer_no: cmd.outer_no.clone(),
        outer_field: Field::OuterNo,
        status: status.code(),
        mode: i64::from(cmd.quick),
        reason: String::new(),
        remark: cmd.remark.clone(),
        extra: cmd.extra.clone(),
        lines: cmd
            .lines
            .iter()
            .map(|l| move_line(l, &l.from_position_no))
            .collect(),
    };
    let (created, _) = create_order(tx, caller, &order, now).await?;
    if cmd.quick && cmd.check {
        for (side, warehouse_no, positions) in [
            (Side::Out, &cmd.from_warehouse_no, true),
            (Side::In, &cmd.to_warehouse_no, false),
        ] {
            let lines = cmd
                .lines
                .iter()
                .map(|l| {
                    move_line(
                        l,
                        if positions {
                            &l.from_position_no
                        } else {
                            &l.to_position_no
                        },
                    )
                })
                .map(|l| MoveLine {
                    batch_no: if side == Side::In {
                        None
                    } else {
                        l.batch_no.clone()
                    },
                    ..l
                })
                .collect();
            let mv = TransferMove {
                side,
                outer_no: None,
                transfer_no: created.doc_no.clone(),
                warehouse_no: warehouse_no.clone(),
                status: move_kind(side).done(),
                create_batch: false,
                remark: cmd.remark.clone(),
                extra: "{}".into(),
                lines,
            };
            // Read again for each side: the stock-in brings in what the stock-out took.
            let t = open_transfer(tx, caller, &created.doc_no).await?;
            move_against(tx, caller, &t, &mv, now).await?;
        }
    }
    Ok(created)
}

/// A transfer that takes stock-outs and stock-ins, with its lines.
struct Open {
    id: i64,
    doc_no: String,
    from: i64,
    to: i64,
    lines: Vec<LineView>,
}

async fn open_transfer(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    no: &str,
) -> CoreResult<Open> {
    let field = Field::Attribute("src_order_no");
    let t = find_doc(tx, caller, &[DocKind::Transfer], no, false)
        .await?
        .ok_or_else(|| problem(field, Kind::Unknown { value: no.into() }))?;
    if ![
        TransferStatus::Checked.code(),
        TransferStatus::Moving.code(),
    ]
    .contains(&t.status)
    {
        let kind = Kind::WrongState {
            value: no.into(),
            state: t.status,
        };
        return Err(problem(field, kind));
    }
    let lines = lines_of(tx, &[t.id])
        .await?
        .remove(&t.id)
        .unwrap_or_default();
    Ok(Open {
        id: t.id,
        doc_no: t.doc_no,
        from: t.warehouse_id,
        to: t.to_warehouse_id.unwrap_or_default(),
        lines,
    })
}

/// What a line may still move: a stock-out what was not yet taken out, a stock-in what is in
/// transit.
fn room(side: Side, l: &LineView) -> Dec4 {
    let left = match side {
        Side::Out => l.num.checked_sub(l.out_num),
        Side::In => l.out_num.checked_sub(l.in_num),
    };
    left.unwrap_or(Dec4::ZERO)
}

async fn move_against(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    t: &Open,
    cmd: &TransferMove,
    now: i64,
) -> CoreResult<Created> {
    let kind = move_kind(cmd.side);
    let (warehouse_id, lines) = (
        match cmd.side {
            Side::Out => t.from,
            Side::In => t.to,
        },
        link(cmd, t)?,
    );
    let mv = NewMove {
        kind,
        warehouse_no: cmd.warehouse_no.clone(),
        outer_no: cmd.outer_no.clone(),
        outer_field: Field::OuterNo,
        doc_no: None,
        status: cmd.status,
        create_batch: cmd.create_batch,
        src_doc_id: Some(t.id),
        to_warehouse_id: None,
        provider_id: None,
        reason: String::new(),
        remark: cmd.remark.clone(),
        extra: cmd.extra.clone(),
        lines,
    };
    let created = create(tx, caller, &mv, now).await?;
    let found = find_doc(tx, caller, &[kind.doc_kind()], &created.doc_no, false).await?;
    if found.is_some_and(|d| d.warehouse_id != warehouse_id) {
        // Not the transfer's source (a stock-out) or destination (a stock-in).
        let value = cmd.warehouse_no.clone();
        return Err(problem(Field::WarehouseNo, Kind::Invalid { value }));
    }
    if created.posted {
        let done: Vec<(i64, i64)> = created
            .lines
            .iter()
            .filter_map(|l| Some((l.src_line_id?, l.num.raw())))
            .collect();
        add_done(tx, cmd.side, &done).await?;
        let sign = if cmd.side == Side::Out { 1 } else { -1 };
        for l in &created.lines {
            ledger::transit(
                tx,
                caller.seller_id,
                t.to,
                l.spec_id,
                l.defect,
                sign * l.num.raw(),
                now,
            )
            .await?;
        }
        progress(tx, t.id, now).await?;
    }
    Ok(created)
}

/// Each line fulfils the transfer's first line of its spec and defect flag with room left; a
/// line asking for more than the transfer has room for (more out than planned, more in than
/// went out) or naming a spec not on it is a problem.
fn link(cmd: &TransferMove, t: &Open) -> CoreResult<Vec<MoveLine>> {
    let mut room: Vec<(i64, Dec4)> = t
        .lines
        .iter()
        .map(|l| (l.id, self::room(cmd.side, l)))
        .collect();
    let mut p = Problems::new();
    let mut out = cmd.lines.clone();
    for (i, l) in out.iter_mut().enumerate() {
        let want = Dec4::parse(&l.num).unwrap_or(Dec4::ZERO);
        let same = |v: &LineView| v.spec_no == l.spec_no && v.defect == l.defect;
        let fit = t
            .lines
            .iter()
            .zip(room.iter_mut())
            .find(|(v, r)| same(v) && r.1 >= want);
        match fit {
            Some((v, r)) => {
                r.1 = r.1.checked_sub(want).unwrap_or(Dec4::ZERO);
                l.src_line_id = Some(v.id);
            }
            None if t.lines.iter().any(same) => {
                let available = t
                    .lines
                    .iter()
                    .zip(&room)
                    .filter(|(v, _)| same(v))
                    .map(|(_, r)| r.1)
                    .max();
                let kind = Kind::ExceedsOrder {
                    asked: want,
                    left: available.unwrap_or(Dec4::ZERO),
                };
                p.push_about(Field::Quantity, i, &l.spec_no, kind);
            }
            None => {
                let kind = Kind::NotOnDocument {
                    value: l.spec_no.clone(),
                    order: t.doc_no.clone(),
                };
                p.push_about(Field::SpecNo, i, &l.spec_no, kind);
            }
        }
    }
    p.finish()?;
    Ok(out)
}

/// 调拨完成 once every line came in whole; else 调拨中.
async fn progress(tx: &mut Transaction<'static, Any>, id: i64, now: i64) -> CoreResult<()> {
    let lines = lines_of(tx, &[id]).await?.remove(&id).unwrap_or_default();
    let done = lines.iter().all(|l| l.in_num >= l.num);
    let status = if done {
        TransferStatus::Done
    } else {
        TransferStatus::Moving
    };
    set_doc_status(tx, id, status.code(), now).await
}

async fn stop_one(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    no: &str,
    back: bool,
    now: i64,
) -> CoreResult<()> {
    let t = open_transfer(tx, caller, no).await?;
    // The plan shrinks to what went out.
    for l in &t.lines {
        sqlx::query("UPDATE doc_line SET num = out_num WHERE id = $1")
            .bind(l.id)
            .execute(&mut **tx)
            .await?;
    }
    let transit: Vec<MoveLine> = t
        .lines
        .iter()
        .filter(|l| room(Side::In, l) > Dec4::ZERO)
        .map(|l| MoveLine {
            spec_no: l.spec_no.clone(),
            defect: l.defect,
            num: room(Side::In, l).to_string(),
            extra: "{}".into(),
            ..Default::default()
        })
        .collect();
    if back && !transit.is_empty() {
        let warehouse_no: String =
            sqlx::query_scalar("SELECT warehouse_no FROM warehouse WHERE id = $1")
                .bind(t.to)
                .fetch_one(&mut **tx)
                .await?;
        let t = open_transfer(tx, caller, no).await?;
        let mv = TransferMove {
            side: Side::In,
            outer_no: None,
            transfer_no: no.to_string(),
            warehouse_no,
            status: StockinStatus::Done.code(),
            create_batch: false,
            remark: "停止等待: 在途回补".into(),
            extra: "{}".into(),
            lines: transit,
        };
        move_against(tx, caller, &t, &mv, now).await?;
    }
    progress(tx, t.id, now).await
}
