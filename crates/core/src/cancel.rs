//! Cancellations: a purchase order cancelled or ended (stop waiting for what is still short),
//! and a purchase stock-in cancelled, each scoped to the caller's seller and the warehouses
//! its app may see.
//!
//! Ending never touches stock or received quantities: an order stopped while partly received
//! keeps what its completed stock-ins brought in; only its status moves.

use std::collections::{HashMap, HashSet};

use sqlx::Row;

use crate::auth::Caller;
use crate::clock;
use crate::document::KIND_PURCHASE_IN;
use crate::error::{CoreError, CoreResult};
use crate::problem::{Field, Kind, Problem, Problems};
use crate::store::{batched, in_list, is_pg, set_by_id, set_doc_status, Store, CHUNK};

pub use crate::document::{PurchaseStatus, StockinStatus};

impl StockinStatus {
    /// Whether the open API may cancel a stock-in in this status.
    ///
    /// Decided (wms.stockin.Purchase.cancel answers "入库单状态不为编辑中" otherwise): only a
    /// stock-in 编辑中 is cancelled over the API. One 待审核 or checked is refused — a checked
    /// one has posted stock and raised its order's received quantities, which a cancellation
    /// must not silently take back. (`openwdt stockin cancel`, the operator's tool, also
    /// cancels 待审核.)
    pub fn api_may_cancel(self) -> bool {
        self == StockinStatus::Editing
    }
}

/// What a call asks to be done to purchase orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndOperation {
    /// Cancel: an order 编辑中; 待审核 / 待财审 / 已审核 too when `allow_checked` (the order is
    /// un-checked first). An order that received anything (部分到货 and later) is not
    /// cancelled: it can only stop waiting.
    Cancel { allow_checked: bool },
    /// Stop waiting (停止等待): an order 部分到货 is completed with what it received.
    StopWaiting,
}

impl EndOperation {
    /// The operation a call's type code names (flagship `operate_type`, enterprise `type`):
    /// 0 cancel, 1 stop waiting. `None` for anything else, including flagship 2 (stop waiting
    /// of an order pushed to an outsourced WMS): openwdt has no outsourced warehouses.
    pub fn from_code(code: i64, allow_checked: bool) -> Option<EndOperation> {
        match code {
            0 => Some(EndOperation::Cancel { allow_checked }),
            1 => Some(EndOperation::StopWaiting),
            _ => None,
        }
    }

    /// The status an order in `from` moves to, or `None` when the operation is refused.
    pub fn judge(self, from: PurchaseStatus) -> Option<PurchaseStatus> {
        use PurchaseStatus::*;
        match (self, from) {
            (EndOperation::Cancel { .. }, Editing) => Some(Cancelled),
            (
                EndOperation::Cancel {
                    allow_checked: true,
                },
                Submitted | FinanceReview | Checked,
            ) => Some(Cancelled),
            // Decided: a stopped order is 已完成 (90): what arrived stays, nothing more is
            // expected, and no stock-in can be created or checked against it.
            (EndOperation::StopWaiting, PartlyArrived) => Some(Done),
            _ => None,
        }
    }
}

/// Cancel or end a list of purchase orders (flagship `cancelByType`, enterprise
/// `purchase_order_end.php`).
#[derive(Clone, Debug)]
pub struct EndPurchaseOrders {
    /// The call's type code; see [`EndOperation::from_code`].
    pub operation: i64,
    /// Cancel orders 待审核/已审核 too (flagship `allow_cancel_checked_order`, enterprise
    /// `is_reject_review`).
    pub allow_checked: bool,
    pub orders: Vec<EndOrder>,
}

#[derive(Clone, Debug, Default)]
pub struct EndOrder {
    pub purchase_no: String,
    /// Specs named with the order (enterprise `spec_no`). Decided: each must be a line of the
    /// order, else the order fails; the whole order is ended, as openwdt keeps no per-line
    /// waiting state.
    pub spec_nos: Vec<String>,
}

/// Each order is judged on its own: the ones that pass are ended, in one transaction, and the
/// others are reported. `failed` holds problems whose `line` is the order's index in the
/// request (several problems may name one order).
#[derive(Debug, Default)]
pub struct EndOutcome {
    /// Numbers of the orders ended, in request order.
    pub done: Vec<String>,
    pub failed: Vec<Problem>,
}

impl EndOutcome {
    /// How many orders failed (`error_count`).
    pub fn failed_orders(&self) -> usize {
        self.failed
            .iter()
            .filter_map(|p| p.line)
            .collect::<HashSet<_>>()
            .len()
    }
}

/// An order as the judge sees it.
#[derive(Clone, Debug)]
struct OrderHead {
    id: i64,
    status: i64,
    warehouse_no: String,
}

/// The plan of an end: `(order id, new status)` of the orders that pass, and the problems of
/// the others. Pure.
fn plan_end(
    op: EndOperation,
    orders: &[EndOrder],
    heads: &HashMap<String, OrderHead>,
    lines_of: &HashMap<i64, HashSet<String>>,
    caller: &Caller,
) -> (Vec<(usize, i64, PurchaseStatus)>, Vec<Problem>) {
    let mut done = Vec::new();
    let mut p = Problems::new();
    let mut seen = HashSet::new();
    for (i, o) in orders.iter().enumerate() {
        let at = Some(i);
        let no = o.purchase_no.trim();
        if no.is_empty() {
            p.push(Field::DocNo, at, Kind::Missing);
            continue;
        }
        if !seen.insert(no) {
            p.push(Field::DocNo, at, Kind::Repeated { value: no.into() });
            continue;
        }
        let head = heads
            .get(no)
            .filter(|h| caller.warehouses.allows(&h.warehouse_no));
        let Some(head) = head else {
            p.push(Field::DocNo, at, Kind::Unknown { value: no.into() });
            continue;
        };
        let before = p.len();
        let lines = lines_of.get(&head.id);
        for s in &o.spec_nos {
            if !lines.is_some_and(|l| l.contains(s)) {
                p.push(Field::SpecNo, at, Kind::Unknown { value: s.clone() });
            }
        }
        let next = PurchaseStatus::from_code(head.status).and_then(|s| op.judge(s));
        match next {
            None => p.push(
                Field::DocNo,
                at,
                Kind::WrongState {
                    value: no.into(),
                    state: head.status,
                },
            ),
            Some(next) if p.len() == before => done.push((i, head.id, next)),
            Some(_) => {}
        }
    }
    (done, p.into_vec())
}

impl Store {
    /// Cancels or ends purchase orders; see [`EndPurchaseOrders`] and [`EndOutcome`]. A request
    /// whose operation is unknown or whose list is empty is refused as a whole
    /// (`CoreError::Problems`, fields `Operation` / `Lines`).
    pub async fn end_purchase_orders(
        &self,
        caller: &Caller,
        cmd: &EndPurchaseOrders,
    ) -> CoreResult<EndOutcome> {
        let mut p = Problems::new();
        let op = EndOperation::from_code(cmd.operation, cmd.allow_checked);
        if op.is_none() {
            p.push(
                Field::Operation,
                None,
                Kind::Invalid {
                    value: cmd.operation.to_string(),
                },
            );
        }
        if cmd.orders.is_empty() {
            p.push(Field::Lines, None, Kind::Missing);
        }
        p.finish()?;
        let op = op.expect("judged above");
        self.end_orders(caller, op, &cmd.orders).await
    }

    /// Cancels one purchase order 编辑中 (flagship `purchase.PurchaseOrder.cancelOrder`):
    /// anything else is refused (`CoreError::Problems`: `DocNo` Missing / Unknown /
    /// WrongState with the order's status).
    pub async fn cancel_purchase_order(
        &self,
        caller: &Caller,
        purchase_no: &str,
    ) -> CoreResult<()> {
        let orders = [EndOrder {
            purchase_no: purchase_no.to_string(),
            spec_nos: Vec::new(),
        }];
        let op = EndOperation::Cancel {
            allow_checked: false,
        };
        let out = self.end_orders(caller, op, &orders).await?;
        if out.failed.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Problems(
                out.failed
                    .into_iter()
                    .map(|p| Problem { line: None, ..p })
                    .collect(),
            ))
        }
    }

    async fn end_orders(
        &self,
        caller: &Caller,
        op: EndOperation,
        orders: &[EndOrder],
    ) -> CoreResult<EndOutcome> {
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let pg = is_pg(tx);
        // Resolve: the named orders and, where specs are named, their lines.
        let mut nos: Vec<&str> = orders
            .iter()
            .map(|o| o.purchase_no.trim())
            .filter(|n| !n.is_empty())
            .collect();
        nos.sort_unstable();
        nos.dedup();
        let mut heads: HashMap<String, OrderHead> = HashMap::new();
        for chunk in nos.chunks(CHUNK) {
            let sql = format!(
                "SELECT po.purchase_no, po.id, po.status, w.warehouse_no FROM purchase_order po
                 JOIN warehouse w ON w.id = po.warehouse_id
                 WHERE po.seller_id = ? AND po.purchase_no IN ({})",
                in_list(chunk.len())
            );
            let sql = batched(&sql, pg);
            let q = chunk
                .iter()
                .fold(sqlx::query(&sql).bind(caller.seller_id), |q, n| q.bind(*n));
            for r in q.fetch_all(&mut **tx).await? {
                heads.insert(
                    r.try_get(0)?,
                    OrderHead {
                        id: r.try_get(1)?,
                        status: r.try_get(2)?,
                        warehouse_no: r.try_get(3)?,
                    },
                );
            }
        }
        let mut with_specs: Vec<i64> = orders
            .iter()
            .filter(|o| !o.spec_nos.is_empty())
            .filter_map(|o| heads.get(o.purchase_no.trim()).map(|h| h.id))
            .collect();
        with_specs.sort_unstable();
        with_specs.dedup();
        let mut lines_of: HashMap<i64, HashSet<String>> = HashMap::new();
        for chunk in with_specs.chunks(CHUNK) {
            let sql = format!(
                "SELECT d.purchase_id, s.spec_no FROM purchase_order_detail d JOIN spec s ON s.id = d.spec_id
                 WHERE d.purchase_id IN ({})",
                in_list(chunk.len())
            );
            let sql = batched(&sql, pg);
            let q = chunk.iter().fold(sqlx::query(&sql), |q, id| q.bind(*id));
            for r in q.fetch_all(&mut **tx).await? {
                lines_of
                    .entry(r.try_get(0)?)
                    .or_default()
                    .insert(r.try_get(1)?);
            }
        }
        // Plan (pure), then persist.
        let (done, failed) = plan_end(op, orders, &heads, &lines_of, caller);
        let now = clock::now_millis();
        let statuses: Vec<(i64, i64)> = done.iter().map(|(_, id, s)| (*id, s.code())).collect();
        set_by_id(tx, "purchase_order", "status", &statuses).await?;
        let stamps: Vec<(i64, i64)> = done.iter().map(|(_, id, _)| (*id, now)).collect();
        set_by_id(tx, "purchase_order", "modified", &stamps).await?;
        w.tx.commit().await?;
        Ok(EndOutcome {
            done: done
                .iter()
                .map(|(i, _, _)| orders[*i].purchase_no.trim().to_string())
                .collect(),
            failed,
        })
    }

    /// Cancels a purchase stock-in 编辑中 of the caller (flagship `wms.stockin.Purchase.cancel`).
    /// Refused (`CoreError::Problems`, field `DocNo`): an empty number (Missing), one the
    /// seller does not have or whose warehouse the app may not see (Unknown), one in another
    /// status (WrongState with its status; see [`StockinStatus::api_may_cancel`]).
    pub async fn cancel_purchase_stockin(
        &self,
        caller: &Caller,
        stockin_no: &str,
    ) -> CoreResult<()> {
        let no = stockin_no.trim();
        let mut p = Problems::new();
        p.required(Field::DocNo, None, no);
        p.finish()?;
        let mut w = self.begin_write().await?;
        let tx = &mut w.tx;
        let row = sqlx::query(
            "SELECT d.id, d.status, w.warehouse_no FROM document d JOIN warehouse w ON w.id = d.warehouse_id
             WHERE d.seller_id = $1 AND d.kind = $2 AND d.doc_no = $3",
        )
        .bind(caller.seller_id)
        .bind(KIND_PURCHASE_IN)
        .bind(no)
        .fetch_optional(&mut **tx)
        .await?;
        let mut p = Problems::new();
        let found = match row {
            Some(r) if caller.warehouses.allows(&r.try_get::<String, _>(2)?) => {
                Some((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?))
            }
            _ => None,
        };
        match found {
            None => p.push(Field::DocNo, None, Kind::Unknown { value: no.into() }),
            Some((_, status))
                if !StockinStatus::from_code(status).is_some_and(StockinStatus::api_may_cancel) =>
            {
                p.push(
                    Field::DocNo,
                    None,
                    Kind::WrongState {
                        value: no.into(),
                        state: status,
                    },
                )
            }
            Some(_) => {}
        }
        p.finish()?;
        let (doc_id, _) = found.expect("judged above");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::WarehousePerm;
    use PurchaseStatus::*;

    #[test]
    fn statuses_round_trip_their_codes() {
        for c in [10, 20, 30, 35, 40, 50, 60, 70, 80, 90] {
            assert_eq!(PurchaseStatus::from_code(c).unwrap().code(), c);
        }
        assert_eq!(PurchaseStatus::from_code(45), None);
        for c in [10, 20, 30, 80] {
            assert_eq!(StockinStatus::from_code(c).unwrap().code(), c);
        }
    }

    #[test]
    fn which_orders_may_be_cancelled_or_stopped() {
        let strict = EndOperation::Cancel {
            allow_checked: false,
        };
        let lenient = EndOperation::Cancel {
            allow_checked: true,
        };
        let stop = EndOperation::StopWaiting;
        assert_eq!(strict.judge(Editing), Some(Cancelled));
        assert_eq!(strict.judge(Checked), None);
        assert_eq!(strict.judge(Submitted), None);
        assert_eq!(lenient.judge(Checked), Some(Cancelled));
        assert_eq!(lenient.judge(Submitted), Some(Cancelled));
        for received in [PartlyArrived, Arrived, Done, Cancelled] {
            assert_eq!(lenient.judge(received), None, "{received:?}");
        }
        assert_eq!(stop.judge(PartlyArrived), Some(Done));
        for s in [Editing, Checked, Arrived, Done, Cancelled] {
            assert_eq!(stop.judge(s), None, "{s:?}");
        }
        assert_eq!(EndOperation::from_code(1, true), Some(stop));
        assert_eq!(EndOperation::from_code(0, true), Some(lenient));
        assert_eq!(EndOperation::from_code(2, false), None);
    }

    #[test]
    fn only_an_editing_stockin_is_cancelled_over_the_api() {
        assert!(StockinStatus::Editing.api_may_cancel());
        for s in [
            StockinStatus::Submitted,
            StockinStatus::Done,
            StockinStatus::Cancelled,
        ] {
            assert!(!s.api_may_cancel(), "{s:?}");
        }
    }

    fn caller(perm: WarehousePerm) -> Caller {
        Caller {
            seller_id: 1,
            sid: "s".into(),
            app_key: "k".into(),
            warehouses: perm,
        }
    }

    #[test]
    fn each_order_is_judged_on_its_own() {
        let head = |id, status, w: &str| OrderHead {
            id,
            status,
            warehouse_no: w.into(),
        };
        let heads: HashMap<String, OrderHead> = [
            ("CG1".to_string(), head(1, 50, "WH01")),
            ("CG2".to_string(), head(2, 40, "WH01")),
            ("CG3".to_string(), head(3, 50, "WH02")),
            ("CG4".to_string(), head(4, 50, "WH01")),
        ]
        .into_iter()
        .collect();
        let lines: HashMap<i64, HashSet<String>> = [(4, ["A".to_string()].into_iter().collect())]
            .into_iter()
            .collect();
        let order = |no: &str, specs: &[&str]| EndOrder {
            purchase_no: no.into(),
            spec_nos: specs.iter().map(|s| s.to_string()).collect(),
        };
        let orders = [
            order("CG1", &[]),
            order("CG2", &[]),
            order("CG3", &[]),
            order("CG9", &[]),
            order("CG1", &[]),
            order("", &[]),
            order("CG4", &["A", "B"]),
        ];
        let c = caller(WarehousePerm::Only(vec!["WH01".into()]));
        let (done, failed) = plan_end(EndOperation::StopWaiting, &orders, &heads, &lines, &c);
        assert_eq!(done, vec![(0, 1, Done)]);
        let got: Vec<(Field, Option<usize>, &Kind)> =
            failed.iter().map(|p| (p.field, p.line, &p.kind)).collect();
        assert_eq!(
            got,
            vec![
                (
                    Field::DocNo,
                    Some(1),
                    &Kind::WrongState {
                        value: "CG2".into(),
                        state: 40
                    }
                ),
                // Another warehouse's order is not told apart from a missing one.
                (
                    Field::DocNo,
                    Some(2),
                    &Kind::Unknown {
                        value: "CG3".into()
                    }
                ),
                (
                    Field::DocNo,
                    Some(3),
                    &Kind::Unknown {
                        value: "CG9".into()
                    }
                ),
                (
                    Field::DocNo,
                    Some(4),
                    &Kind::Repeated {
                        value: "CG1".into()
                    }
                ),
                (Field::DocNo, Some(5), &Kind::Missing),
                (Field::SpecNo, Some(6), &Kind::Unknown { value: "B".into() }),
            ]
        );
        let out = EndOutcome {
            done: vec![],
            failed,
        };
        assert_eq!(out.failed_orders(), 6);
    }
}

#[cfg(test)]
mod db_tests {
    use super::*;
    use crate::purchase::PurchaseFilter;
    use crate::query::Page;
    use crate::stockin::{PurchaseStockin, StockinLimits, StockinLine};
    use openwdt_wire::Dec4;

    const PO: &str = "CG202511230001";

    async fn stockin(store: &Store, caller: &Caller, status: i64, num: &str) -> String {
        let cmd = PurchaseStockin {
            purchase_no: PO.into(),
            warehouse_no: "WH01".into(),
            outer_no: None,
            create_batch: false,
            status,
            logistics_code: String::new(),
            logistics_no: String::new(),
            post_fee: None,
            other_fee: None,
            remark: String::new(),
            lines: vec![StockinLine {
                spec_no: "G001-RED-M".into(),
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
            }],
            limits: StockinLimits {
                logistics_code: 20,
                position_no: 20,
                batch_no: 20,
                line_remark: 255,
            },
        };
        store
            .create_purchase_stockin(caller, cmd)
            .await
            .expect("stock-in")
    }

    async fn order(store: &Store, caller: &Caller) -> (i64, Dec4) {
        let f = PurchaseFilter {
            purchase_no: Some(PO.into()),
            ..Default::default()
        };
        let page = Page {
            page_no: 0,
            page_size: 10,
        };
        let (rows, _) = store.query_purchase_orders(caller, &f, page).await.unwrap();
        (rows[0].status, rows[0].lines[0].stockin_num)
    }

    fn problems(e: CoreError) -> Vec<(Field, Kind)> {
        match e {
            CoreError::Problems(v) => v.into_iter().map(|p| (p.field, p.kind)).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    fn end(operation: i64, allow_checked: bool) -> EndPurchaseOrders {
        EndPurchaseOrders {
            operation,
            allow_checked,
            orders: vec![EndOrder {
                purchase_no: PO.into(),
                spec_nos: vec![],
            }],
        }
    }

    #[tokio::test]
    async fn an_editing_stockin_is_cancelled_and_a_checked_one_is_refused() {
        for (store, caller, _db) in crate::testdb::demos("cancel-stockin").await {
            let editing = stockin(&store, &caller, 20, "5").await;
            store
                .cancel_purchase_stockin(&caller, &editing)
                .await
                .unwrap();
            let again = store.cancel_purchase_stockin(&caller, &editing).await;
            assert_eq!(
                problems(again.unwrap_err()),
                vec![(
                    Field::DocNo,
                    Kind::WrongState {
                        value: editing.clone(),
                        state: 10
                    }
                )]
            );
            let submitted = stockin(&store, &caller, 30, "5").await;
            let e = store.cancel_purchase_stockin(&caller, &submitted).await;
            assert!(matches!(
                problems(e.unwrap_err())[0].1,
                Kind::WrongState { state: 30, .. }
            ));
            let checked = stockin(&store, &caller, 80, "30").await;
            let e = store.cancel_purchase_stockin(&caller, &checked).await;
            assert!(matches!(
                problems(e.unwrap_err())[0].1,
                Kind::WrongState { state: 80, .. }
            ));
            assert_eq!(order(&store, &caller).await, (50, Dec4::from_int(30)));
            let hidden = Caller {
                warehouses: crate::auth::WarehousePerm::Only(vec!["WH02".into()]),
                ..caller.clone()
            };
            let e = store.cancel_purchase_stockin(&hidden, &submitted).await;
            assert_eq!(
                problems(e.unwrap_err()),
                vec![(
                    Field::DocNo,
                    Kind::Unknown {
                        value: submitted.clone()
                    }
                )]
            );
            let e = store.cancel_purchase_stockin(&caller, " ").await;
            assert_eq!(
                problems(e.unwrap_err()),
                vec![(Field::DocNo, Kind::Missing)]
            );
        }
    }

    #[tokio::test]
    async fn a_partly_received_order_stops_waiting_and_keeps_what_it_received() {
        for (store, caller, _db) in crate::testdb::demos("end-order").await {
            // 已审核: only cancelled when checked orders may be.
            let e = store.cancel_purchase_order(&caller, PO).await.unwrap_err();
            assert_eq!(
                problems(e),
                vec![(
                    Field::DocNo,
                    Kind::WrongState {
                        value: PO.into(),
                        state: 40
                    }
                )]
            );
            let out = store
                .end_purchase_orders(&caller, &end(1, false))
                .await
                .unwrap();
            assert_eq!((out.done.len(), out.failed_orders()), (0, 1));
            stockin(&store, &caller, 80, "30").await;
            let out = store
                .end_purchase_orders(&caller, &end(0, true))
                .await
                .unwrap();
            assert!(out.done.is_empty(), "received goods: cancel refused");
            let out = store
                .end_purchase_orders(&caller, &end(1, false))
                .await
                .unwrap();
            assert_eq!(out.done, [PO]);
            assert!(out.failed.is_empty());
            assert_eq!(order(&store, &caller).await, (90, Dec4::from_int(30)));
            let e = store
                .end_purchase_orders(&caller, &end(2, false))
                .await
                .unwrap_err();
            assert_eq!(
                problems(e),
                vec![(Field::Operation, Kind::Invalid { value: "2".into() })]
            );
        }
    }

    #[tokio::test]
    async fn a_checked_order_is_cancelled_when_allowed() {
        for (store, caller, _db) in crate::testdb::demos("cancel-order").await {
            let mut cmd = end(0, true);
            cmd.orders[0].spec_nos = vec!["G001-RED-M".into()];
            cmd.orders.push(EndOrder {
                purchase_no: "CG-NONE".into(),
                spec_nos: vec![],
            });
            let out = store.end_purchase_orders(&caller, &cmd).await.unwrap();
            assert_eq!(out.done, [PO]);
            assert_eq!(out.failed.len(), 1);
            assert_eq!(out.failed[0].line, Some(1));
            assert_eq!(order(&store, &caller).await.0, 10);
        }
    }
}
