//! Cancellations: `purchase.PurchaseOrder.cancelOrder`, `purchase.PurchaseOrder.cancelByType` /
//! `purchase_order_end.php`, `wms.stockin.Purchase.cancel`.
//!
//! One core command per vendor operation (`Store::cancel_purchase_order`,
//! `Store::end_purchase_orders`, `Store::cancel_purchase_stockin`); each order of a list is
//! judged on its own and its failures come back as typed problems, which this module turns into
//! each edition's per-order error text.

use openwdt_core::cancel::{EndOperation, EndOrder, EndOutcome, EndPurchaseOrders};
use openwdt_core::problem::{Field, Kind, Problem};
use openwdt_wire::api::cancel::{enterprise as ea, flagship as fa};
use openwdt_wire::enterprise::CODE_BUSINESS;
use openwdt_wire::fields::shown;
use serde_json::json;

use crate::enterprise as ent;
use crate::flagship::{self as flag, Out};

fn flag_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "purchase_no",
        Field::Operation => "operate_type",
        Field::Lines => "purchase_no_list",
        other => crate::ops::domain_name(other),
    }
}

static FLAG_PO: flag::Names = flag::Names {
    lines: "purchase_no_list",
    field: flag_field,
};

fn flag_stockin_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "stockin_no",
        other => crate::ops::domain_name(other),
    }
}

static FLAG_STOCKIN: flag::Names = flag::Names {
    lines: "stockin_no",
    field: flag_stockin_field,
};

fn ent_field(f: Field) -> &'static str {
    match f {
        Field::DocNo => "purchase_no",
        Field::Operation => "type",
        Field::Lines => "purchase_no_list",
        other => crate::ops::domain_name(other),
    }
}

static ENT_PO: ent::Names = ent::Names {
    lines: "purchase_no_list",
    field: ent_field,
};

/// Why one order of a list was not ended, in the vendor's words (`采购单非部分入库状态`, the
/// flagship's documented reason for a stop-waiting refused).
///
/// Decided: the other reasons follow the same short style, naming the order's status where
/// the status is the reason.
fn reason(op: Option<EndOperation>, p: &Problem) -> String {
    match (&p.kind, p.field) {
        (Kind::Missing, _) => "采购单号不能为空".into(),
        (Kind::Repeated { .. }, _) => "采购单号在请求中重复".into(),
        (Kind::Unknown { value }, Field::SpecNo) => {
            format!("商家编码 {} 不在该采购单中", shown(value))
        }
        (Kind::Unknown { .. }, _) => "采购单不存在".into(),
        (Kind::WrongState { state, .. }, _) => match op {
            Some(EndOperation::StopWaiting) => "采购单非部分入库状态".into(),
            Some(EndOperation::Cancel { allow_checked }) => match state {
                10 => "采购单已取消".into(),
                30 | 35 | 40 if !allow_checked => {
                    format!("采购单状态({state})不允许取消: 待审核、已审核单据需允许取消已审核单据")
                }
                s if *s >= 50 => format!("采购单已有入库(状态{s}),不能取消,只能停止等待"),
                s => format!("采购单状态({s})不允许取消"),
            },
            None => format!("采购单状态({state})不允许此操作"),
        },
        (_, _) => "采购单不允许此操作".into(),
    }
}

/// Each failed order's number and reason, in request order (one per problem).
fn failures(
    op: Option<EndOperation>,
    orders: &[EndOrder],
    out: &EndOutcome,
) -> Vec<(String, String)> {
    out.failed
        .iter()
        .map(|p| {
            let no = p
                .line
                .and_then(|i| orders.get(i))
                .map(|o| o.purchase_no.trim().to_string())
                .unwrap_or_default();
            (no, reason(op, p))
        })
        .collect()
}

impl flag::Op for fa::PurchaseCancelOrderCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::CancelOrder) -> Result<Out<()>, flag::Fail> {
        c.state
            .store
            .cancel_purchase_order(&c.caller, &req.purchase_no)
            .await
            .map_err(flag::core_fail(&FLAG_PO))?;
        Ok(Out::data(()))
    }
}

impl flag::Op for fa::PurchaseCancelByTypeCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::CancelByTypeArgs,
    ) -> Result<Out<fa::CancelByTypeResult>, flag::Fail> {
        let p = req.params;
        c.within_list_limit("params.purchase_no_list", p.purchase_no_list.len())?;
        let allow_checked = p.allow_cancel_checked_order.unwrap_or(false);
        let cmd = EndPurchaseOrders {
            operation: p.operate_type,
            allow_checked,
            orders: p
                .purchase_no_list
                .into_iter()
                .map(|purchase_no| EndOrder {
                    purchase_no,
                    spec_nos: Vec::new(),
                })
                .collect(),
        };
        let out = c
            .state
            .store
            .end_purchase_orders(&c.caller, &cmd)
            .await
            .map_err(flag::core_fail(&FLAG_PO))?;
        let op = EndOperation::from_code(cmd.operation, allow_checked);
        let failed = failures(op, &cmd.orders, &out);
        // As the vendor answers: status 0 whatever happened to each order; `code` 1 and a JSON
        // text of `{"error": "采购单编号:…,…"}` when any failed.
        let message = if failed.is_empty() {
            String::new()
        } else {
            let list: Vec<_> = failed
                .iter()
                .map(|(no, why)| json!({ "error": format!("采购单编号:{no},{why}") }))
                .collect();
            serde_json::Value::Array(list).to_string()
        };
        Ok(Out::data(fa::CancelByTypeResult {
            code: i64::from(!failed.is_empty()),
            message,
            error_count: out.failed_orders() as i64,
        }))
    }
}

impl flag::Op for fa::PurchaseStockinCancelCall {
    async fn run(c: &flag::Ctx<'_>, req: fa::StockinCancel) -> Result<Out<()>, flag::Fail> {
        c.state
            .store
            .cancel_purchase_stockin(&c.caller, &req.stockin_no)
            .await
            .map_err(flag::core_fail(&FLAG_STOCKIN))?;
        Ok(Out::data(()))
    }
}

impl ent::Op for ea::PurchaseOrderEndCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::PurchaseOrderEnd,
    ) -> Result<ea::PurchaseOrderEndAnswer, ent::Fail> {
        let max = c.state.config.list_limit;
        if req.purchase_no_list.len() > max {
            return Err(ent::fail(
                CODE_BUSINESS,
                format!("【purchase_no_list】最多 {max} 个"),
            ));
        }
        let allow_checked = req.is_reject_review.unwrap_or(false);
        let cmd = EndPurchaseOrders {
            operation: req.end_type,
            allow_checked,
            orders: req
                .purchase_no_list
                .into_iter()
                .map(|o| EndOrder {
                    purchase_no: o.purchase_no,
                    spec_nos: o.spec_no,
                })
                .collect(),
        };
        let out = c
            .state
            .store
            .end_purchase_orders(&c.caller, &cmd)
            .await
            .map_err(ent::core_fail(&ENT_PO))?;
        let op = EndOperation::from_code(cmd.operation, allow_checked);
        let failed = failures(op, &cmd.orders, &out);
        let error_list: Vec<ea::PurchaseOrderEndError> = failed
            .iter()
            .map(|(no, why)| ea::PurchaseOrderEndError {
                purchase_no: no.clone(),
                error: why.clone(),
            })
            .collect();
        let error_count = out.failed_orders() as i64;
        // Decided: a non-zero code means nothing was written. When no order could be ended the
        // request is refused (2000, the reasons joined) with `error_count` and `error_list`
        // beside; when some were ended it answers 0 with the others in `error_list`.
        if out.done.is_empty() && !failed.is_empty() {
            let msg = failed
                .iter()
                .map(|(no, why)| format!("采购单 {}: {why}", shown(no)))
                .collect::<Vec<_>>()
                .join("; ");
            let mut f = ent::fail(CODE_BUSINESS, msg);
            f.2.insert("error_count".into(), json!(error_count));
            f.2.insert(
                "error_list".into(),
                serde_json::to_value(&error_list).unwrap_or_default(),
            );
            return Err(f);
        }
        Ok(ea::PurchaseOrderEndAnswer {
            error_count,
            error_list: (!error_list.is_empty()).then_some(error_list),
        })
    }
}
