//! What every document kind shares: statuses and source-order types as the vendors number
//! them, and the outer number that makes a push safe to retry.

use sqlx::{AnyConnection, Row};

use crate::auth::Caller;
use crate::error::{CoreError, CoreResult};

/// Kinds of the `document` table.
pub const KIND_STOCKTAKE: &str = "pd";
pub const KIND_OPENING: &str = "init";
pub const KIND_PURCHASE_IN: &str = "purchase_in";

/// Stock-in statuses (purchase and opening stock-ins).
pub const STOCKIN_CANCELLED: i64 = 10;
pub const STOCKIN_EDITING: i64 = 20;
pub const STOCKIN_SUBMITTED: i64 = 30;
pub const STOCKIN_DONE: i64 = 80;

/// Stocktake statuses.
pub const PD_STATUS_CANCELLED: i64 = 10;
/// Counted but not yet applied: awaiting its check (enterprise `is_check=0`).
pub const PD_STATUS_PENDING: i64 = 35;
pub const PD_STATUS_DONE: i64 = 40;

/// The vendor's src_order_type of each kind's postings.
pub const SRC_ORDER_TYPE_PD: i64 = 4;
pub const SRC_ORDER_TYPE_PURCHASE: i64 = 10;
pub const SRC_ORDER_TYPE_INIT: i64 = 33;

/// The refusal of an outer number that a document of the caller's seller already carries:
/// `Some` when there is one, naming its number only if the app may see its warehouse.
pub(crate) async fn doc_by_outer_no(
    conn: &mut AnyConnection,
    caller: &Caller,
    kind: &str,
    field: &'static str,
    outer_no: &str,
) -> CoreResult<Option<CoreError>> {
    let row = sqlx::query(
        "SELECT d.doc_no, w.warehouse_no FROM document d JOIN warehouse w ON w.id = d.warehouse_id
         WHERE d.seller_id = $1 AND d.kind = $2 AND d.outer_no = $3",
    )
    .bind(caller.seller_id)
    .bind(kind)
    .bind(outer_no)
    .fetch_optional(&mut *conn)
    .await?;
    duplicate(caller, field, outer_no, row)
}

/// A duplicate outer number's refusal from the `(number, warehouse_no)` row that holds it.
pub(crate) fn duplicate(
    caller: &Caller,
    field: &'static str,
    outer_no: &str,
    row: Option<sqlx::any::AnyRow>,
) -> CoreResult<Option<CoreError>> {
    let Some(row) = row else {
        return Ok(None);
    };
    let no: String = row.try_get(0)?;
    let warehouse_no: String = row.try_get(1)?;
    Ok(Some(CoreError::Duplicate {
        field,
        value: outer_no.to_string(),
        existing: caller.warehouses.allows(&warehouse_no).then_some(no),
    }))
}
