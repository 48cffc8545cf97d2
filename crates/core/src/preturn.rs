//! Purchase returns (采购退货单) and their stock-outs (采购退货出库单).
//!
//! A return plans what goes back to a provider from one warehouse; it moves no stock. It is
//! stored 编辑中 (20) or checked (已审核, 40); only a checked one takes return stock-outs, which
//! take the stock out of its warehouse (posted when checked, 110) and raise the return lines'
//! `out_num`. The return is 部分出库 (50) once something went out and 已完成 (60) once every
//! line went out whole, as purchase receiving moves a purchase order. Cancelling takes a
//! return that nothing went out of (编辑中/待审核, 已审核 where the caller allows it); stopping
//! (停止等待) ends one 部分出库 as 已完成 with what went out.

use openwdt_wire::Dec4;
use sqlx::{Any, Transaction};

use crate::auth::Caller;
use crate::document::{DocKind, ReturnStatus, StockoutStatus};
use crate::error::{CoreError, CoreResult};
use crate::movement::{
    add_done, create, create_order_with, find_doc, Created, DocRef, MoveKind, MoveLine, NewMove,
    NewOrder, OrderOptions, OrderSeries, Side, MAX_NO,
};
use crate::other::{all_done, link, order_lines};
use crate::problem::{Field, Kind, Problem, Problems};
use crate::store::{first_col, set_doc_status, Store};

/// The most returns one cancel or stop call names (the vendors document 20).
pub const MAX_END: usize = 20;

/// A purchase return to create.
#[derive(Clone, Debug, Default)]
pub struct NewReturn {
    pub outer_no: Option<String>,
    /// The outer number becomes the return's number (flagship).
    pub number_is_outer: bool,
    pub warehouse_no: String,
    pub provider_no: String,
    /// Checked now (已审核, ready for stock-outs); else stored 编辑中.
    pub check: bool,
    /// Purchase orders the return refers to; each must have been checked.
    pub purchase_nos: Vec<String>,
    pub remark: String,
    /// Header fields the return only echoes back (a JSON object).
    pub extra: String,
    pub lines: Vec<ReturnLine>,
}

/// A return line as the caller sent it.
#[derive(Clone, Debug, Default)]
pub struct ReturnLine {
    pub spec_no: String,
    pub num: String,
    pub defect: bool,
    /// Unit price before discount (default 0).
    pub price: Option<String>,
    /// A rate: 1 (the default) is no discount, 0.8 is 20 % off.
    pub discount: Option<String>,
    pub tax_rate: Option<String>,
    pub batch_no: Option<String>,
    pub expire_date: Option<String>,
    pub remark: String,
    /// Fields the line only echoes back (a JSON object).
    pub extra: String,
}

/// A return stock-out against a checked return.
#[derive(Clone, Debug)]
pub struct ReturnOut {
    pub return_no: String,
    /// The warehouse the caller names; the return's when `None`.
    pub warehouse_no: Option<String>,
    /// The caller's key for the stock-out (enterprise), one per seller.
    pub outer_no: Option<String>,
    /// Posted now (110) or stored (未确认 48 / 待审核 50).
    pub status: i64,
    pub remark: String,
    pub extra: String,
    /// A line without a price takes its return line's (after discount).
    pub lines: Vec<MoveLine>,
}

/// What ending a return does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReturn {
    /// Cancel one nothing went out of: 编辑中 or 待审核, and 已审核 when `checked_too`.
    Cancel { checked_too: bool },
    /// Stop waiting: a return 部分出库 becomes 已完成 with what went out.
    Stop,
}

fn problem(field: Field, kind: Kind) -> CoreError {
    CoreError::Problems(vec![Problem {
        field,
        line: None,
        subject: None,
        kind,
    }])
}

/// The line values a return keeps beside quantity and price, checked (pure): discount and tax
/// rate as decimals, into the line's echoed fields. Problems are collected into `p`.
pub(crate) fn line_terms(p: &mut Problems, i: usize, l: &ReturnLine) -> String {
    let discount = p.amount(
        Field::Attribute("discount"),
        Some(i),
        l.discount.as_deref().unwrap_or(""),
    );
    let tax = p.amount(
        Field::Attribute("tax_rate"),
        Some(i),
        l.tax_rate.as_deref().unwrap_or(""),
    );
    let mut extra: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&l.extra).unwrap_or_default();
    let discount = discount.flatten().unwrap_or(Dec4::ONE);
    let tax = tax.flatten().unwrap_or(Dec4::ZERO);
    extra.insert("discount".into(), discount.to_string().into());
    extra.insert("tax_rate".into(), tax.to_string().into());
    serde_json::Value::Object(extra).to_string()
}

impl Store {
    /// Creates a purchase return; answers it.
    pub async fn create_purchase_return(
        &self,
        caller: &Caller,
        cmd: NewReturn,
    ) -> CoreResult<Created> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let created = create_return(&mut w.tx, caller, &cmd, now).await;
        w.finish(created).await
    }

    /// A return stock-out against a checked return; answers the stock-out.
    pub async fn return_stockout(&self, caller: &Caller, cmd: ReturnOut) -> CoreResult<Created> {
        let now = crate::clock::now_millis();
        let mut w = self.begin_write().await?;
        let created = stock_out(&mut w.tx, caller, &cmd, now).await;
        w.finish(created).await
    }

    /// Ends each return named, each on its own: answers, per number that could not be ended,
    /// why. A number named twice is ended once.
    pub async fn end_purchase_returns(
        &self,
        caller: &Caller,
        nos: &[String],
        how: EndReturn,
    ) -> CoreResult<Vec<(String, CoreError)>> {
        let mut failed = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for no in nos {
            if !seen.insert(no.as_str()) {
                continue;
            }
            let now = crate::clock::now_millis();
            let mut w = self.begin_write().await?;
            let ended = end_one(&mut w.tx, caller, no, how, now).await;
            match w.finish(ended).await {
                Ok(()) => {}
                Err(e @ CoreError::Problems(_)) => failed.push((no.clone(), e)),
                Err(e) => return Err(e),
            }
        }
        Ok(failed)
    }
}

async fn create_return(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &NewReturn,
    now: i64,
) -> CoreResult<Created> {
    let mut p = Problems::new();
    p.text(Field::ProviderNo, None, &cmd.provider_no, MAX_NO);
    let lines: Vec<MoveLine> = cmd
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| MoveLine {
            spec_no: l.spec_no.clone(),
            defect: l.defect,
            num: l.num.clone(),
            price: l.price.clone(),
            batch_no: l.batch_no.clone(),
            expire_date: l.expire_date.clone(),
            remark: l.remark.clone(),
            extra: line_terms(&mut p, i, l),
            ..Default::default()
        })
        .collect();
    let provider_id = match cmd.provider_no.is_empty() {
        true => None,
        false => provider_id(tx, caller.seller_id, &cmd.provider_no).await?,
    };
    if provider_id.is_none() && !cmd.provider_no.is_empty() {
        let value = cmd.provider_no.clone();
        p.lead(Field::ProviderNo, Kind::UnknownProvider { value });
    }
    purchase_refs(tx, caller, &cmd.purchase_nos, &mut p).await?;
    let status = match cmd.check {
        true => ReturnStatus::Checked,
        false => ReturnStatus::Editing,
    };
    let order = NewOrder {
        kind: DocKind::PurchaseReturn,
        series: OrderSeries::PurchaseReturn,
        warehouse_no: cmd.warehouse_no.clone(),
        to_warehouse_no: None,
        provider_id,
        outer_no: cmd.outer_no.clone(),
        outer_field: Field::OuterNo,
        status: status.code(),
        mode: 0,
        reason: String::new(),
        remark: cmd.remark.clone(),
        extra: cmd.extra.clone(),
        lines,
    };
    let opts = OrderOptions {
        doc_no: cmd.outer_no.clone().filter(|_| cmd.number_is_outer),
        ..Default::default()
    };
    let made = create_order_with(tx, caller, &order, &opts, now).await;
    // The order's own checks come after the return's: one refusal names them all.
    match (made, p.is_empty()) {
        (Ok((created, _)), true) => {
            if cmd.check {
                sqlx::query("UPDATE document SET check_time = $1 WHERE id = $2")
                    .bind(now)
                    .bind(created.doc_id)
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(created)
        }
        (Ok(_), false) => Err(CoreError::Problems(p.into_vec())),
        (Err(CoreError::Problems(more)), _) => {
            p.extend(more);
            Err(CoreError::Problems(p.into_vec()))
        }
        (Err(e), _) => Err(e),
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

/// Each purchase order a return refers to must be the seller's and have been checked (已审核
/// or later, never cancelled).
async fn purchase_refs(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    nos: &[String],
    p: &mut Problems,
) -> CoreResult<()> {
    use crate::document::PurchaseStatus;
    let field = Field::Attribute("ref_purchase_nos");
    for no in nos {
        let q = sqlx::query(
            "SELECT status FROM purchase_order WHERE seller_id = $1 AND purchase_no = $2",
        )
        .bind(caller.seller_id)
        .bind(no);
        let status: Option<i64> = first_col(tx, q).await?;
        match status {
            None => p.push(field, None, Kind::Unknown { value: no.clone() }),
            Some(s) if s < PurchaseStatus::Checked.code() => p.push(
                field,
                None,
                Kind::WrongState {
                    value: no.clone(),
                    state: s,
                },
            ),
            Some(_) => {}
        }
    }
    Ok(())
}

/// A return that takes stock-outs: 已审核 or 部分出库.
async fn open_return(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    no: &str,
) -> CoreResult<DocRef> {
    let field = Field::Attribute("return_no");
    let r = find_doc(tx, caller, &[DocKind::PurchaseReturn], no, false)
        .await?
        .ok_or_else(|| problem(field, Kind::Unknown { value: no.into() }))?;
    let open = [ReturnStatus::Checked.code(), ReturnStatus::Partly.code()];
    if !open.contains(&r.status) {
        let kind = Kind::WrongState {
            value: no.into(),
            state: r.status,
        };
        return Err(problem(field, kind));
    }
    Ok(r)
}

async fn stock_out(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    cmd: &ReturnOut,
    now: i64,
) -> CoreResult<Created> {
    // A retried push finds its first stock-out before anything else is judged.
    if let Some(o) = &cmd.outer_no {
        let kind = DocKind::ReturnOut.as_str();
        let dup = crate::document::doc_by_outer_no(tx, caller, kind, Field::OuterNo, o);
        if let Some(e) = dup.await? {
            return Err(e);
        }
    }
    let r = open_return(tx, caller, &cmd.return_no).await?;
    let warehouse_no: String =
        sqlx::query_scalar("SELECT warehouse_no FROM warehouse WHERE id = $1")
            .bind(r.warehouse_id)
            .fetch_one(&mut **tx)
            .await?;
    if let Some(asked) = cmd.warehouse_no.as_deref().filter(|w| *w != warehouse_no) {
        let kind = Kind::WrongWarehouse {
            value: asked.into(),
            order: r.doc_no.clone(),
            expected: warehouse_no,
        };
        return Err(problem(Field::WarehouseNo, kind));
    }
    let order = order_lines(tx, Side::Out, r.id, r.doc_no.clone()).await?;
    let prices = line_prices(tx, r.id).await?;
    let mut mv = NewMove {
        kind: MoveKind::ReturnOut,
        warehouse_no,
        outer_no: cmd.outer_no.clone(),
        outer_field: Field::OuterNo,
        doc_no: None,
        status: cmd.status,
        create_batch: false,
        src_doc_id: None,
        to_warehouse_id: None,
        provider_id: r.provider_id,
        reason: String::new(),
        remark: cmd.remark.clone(),
        extra: cmd.extra.clone(),
        lines: cmd.lines.clone(),
    };
    link(&mut mv, &order)?;
    for l in &mut mv.lines {
        if l.price.as_deref().unwrap_or("").is_empty() {
            let price = l.src_line_id.and_then(|id| prices.get(&id).copied());
            l.price = price.map(|p| p.to_string());
        }
    }
    let created = create(tx, caller, &mv, now).await?;
    if created.posted {
        let done: Vec<(i64, i64)> = created
            .lines
            .iter()
            .filter_map(|l| Some((l.src_line_id?, l.num.raw())))
            .collect();
        add_done(tx, Side::Out, &done).await?;
        let status = match all_done(tx, Side::Out, r.id).await? {
            true => ReturnStatus::Done,
            false => ReturnStatus::Partly,
        };
        set_doc_status(tx, r.id, status.code(), now).await?;
    }
    Ok(created)
}

/// Each return line's price after discount, by line id.
async fn line_prices(
    tx: &mut Transaction<'static, Any>,
    return_id: i64,
) -> CoreResult<std::collections::HashMap<i64, Dec4>> {
    let lines = crate::movement::lines_of(tx, &[return_id])
        .await?
        .remove(&return_id)
        .unwrap_or_default();
    Ok(lines
        .iter()
        .map(|l| (l.id, net_price(l.price, &l.extra)))
        .collect())
}

/// A return line's price after its discount (`extra.discount`, 1 when absent).
pub fn net_price(price: Dec4, extra: &str) -> Dec4 {
    let discount = serde_json::from_str::<serde_json::Value>(extra)
        .ok()
        .and_then(|v| v["discount"].as_str().and_then(|d| d.parse().ok()))
        .unwrap_or(Dec4::ONE);
    price.mul_round(discount).unwrap_or(price)
}

async fn end_one(
    tx: &mut Transaction<'static, Any>,
    caller: &Caller,
    no: &str,
    how: EndReturn,
    now: i64,
) -> CoreResult<()> {
    let field = Field::Attribute("return_no");
    let r = find_doc(tx, caller, &[DocKind::PurchaseReturn], no, false)
        .await?
        .ok_or_else(|| problem(field, Kind::Unknown { value: no.into() }))?;
    let allowed: &[ReturnStatus] = match how {
        EndReturn::Cancel { checked_too: false } => {
            &[ReturnStatus::Editing, ReturnStatus::Submitted]
        }
        EndReturn::Cancel { checked_too: true } => &[
            ReturnStatus::Editing,
            ReturnStatus::Submitted,
            ReturnStatus::Checked,
        ],
        EndReturn::Stop => &[ReturnStatus::Partly],
    };
    if !allowed.iter().any(|s| s.code() == r.status) {
        let value = no.to_string();
        let kind = match ReturnStatus::from_code(r.status) {
            Some(ReturnStatus::Done) => Kind::AlreadyDone { value },
            Some(ReturnStatus::Cancelled) => Kind::AlreadyCancelled { value },
            _ => Kind::WrongState {
                value,
                state: r.status,
            },
        };
        return Err(problem(field, kind));
    }
    let to = match how {
        EndReturn::Cancel { .. } => ReturnStatus::Cancelled,
        EndReturn::Stop => ReturnStatus::Done,
    };
    set_doc_status(tx, r.id, to.code(), now).await?;
    // Its stored stock-outs could never post now: they are cancelled with it.
    sqlx::query(
        "UPDATE document SET status = $1, modified = $2
         WHERE src_doc_id = $3 AND kind = $4 AND status IN ($5, $6)",
    )
    .bind(StockoutStatus::Cancelled.code())
    .bind(now)
    .bind(r.id)
    .bind(DocKind::ReturnOut.as_str())
    .bind(StockoutStatus::Unconfirmed.code())
    .bind(StockoutStatus::Submitted.code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_terms_default_and_check_discount_and_tax() {
        let mut p = Problems::new();
        let l = ReturnLine {
            extra: r#"{"unit_name":"箱"}"#.into(),
            ..Default::default()
        };
        let extra = line_terms(&mut p, 0, &l);
        assert!(p.is_empty());
        let v: serde_json::Value = serde_json::from_str(&extra).unwrap();
        assert_eq!(
            (v["discount"].as_str(), v["tax_rate"].as_str()),
            (Some("1.0000"), Some("0.0000"))
        );
        assert_eq!(v["unit_name"], "箱");
        assert_eq!(
            net_price("10".parse().unwrap(), &extra),
            "10".parse().unwrap()
        );

        let l = ReturnLine {
            discount: Some("0.8".into()),
            tax_rate: Some("x".into()),
            ..Default::default()
        };
        let extra = line_terms(&mut p, 3, &l);
        assert_eq!(
            net_price("10".parse().unwrap(), &extra),
            "8".parse().unwrap()
        );
        let got: Vec<_> = p.iter().map(|p| (p.field, p.line)).collect();
        assert_eq!(got, [(Field::Attribute("tax_rate"), Some(3))]);
    }
}
