//! What every document kind shares: statuses and source-order types as the vendors number
//! them, and the outer number that makes a push safe to retry.

use sqlx::{AnyConnection, Row};

use crate::auth::Caller;
use crate::error::{CoreError, CoreResult};

/// An enum of the codes a vendor gives a status or type, with `code()` and `from_code()`.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $c:expr),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $v),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),*];

            /// The number both editions answer.
            pub const fn code(self) -> i64 {
                match self {
                    $($name::$v => $c),*
                }
            }

            pub fn from_code(c: i64) -> Option<$name> {
                Self::ALL.iter().copied().find(|s| s.code() == c)
            }
        }
    };
}

/// Kinds of the `document` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocKind {
    Stocktake,
    /// Opening stock loaded by a fixture.
    Opening,
    PurchaseIn,
    /// 其他入库单 / 其他出库单: stock in or out of one warehouse for a reason of the caller's.
    OtherIn,
    OtherOut,
    /// A transfer's stock-out from its source and stock-in into its destination.
    TransferOut,
    TransferIn,
    /// A purchase return's stock-out.
    ReturnOut,
    /// 调拨单: moves stock between two warehouses through its stock-outs and stock-ins.
    Transfer,
    /// 采购退货单: goods to return to a provider, taken out by its return stock-outs.
    PurchaseReturn,
    /// 其它入库/出库业务单: a planned other stock-in/out, done by other stock-ins/outs.
    OtherInOrder,
    OtherOutOrder,
}

impl DocKind {
    /// The `document.kind` column's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            DocKind::Stocktake => "pd",
            DocKind::Opening => "init",
            DocKind::PurchaseIn => "purchase_in",
            DocKind::OtherIn => "other_in",
            DocKind::OtherOut => "other_out",
            DocKind::TransferOut => "transfer_out",
            DocKind::TransferIn => "transfer_in",
            DocKind::ReturnOut => "return_out",
            DocKind::Transfer => "transfer",
            DocKind::PurchaseReturn => "purchase_return",
            DocKind::OtherInOrder => "other_in_order",
            DocKind::OtherOutOrder => "other_out_order",
        }
    }

    pub const ALL: &'static [DocKind] = &[
        DocKind::Stocktake,
        DocKind::Opening,
        DocKind::PurchaseIn,
        DocKind::OtherIn,
        DocKind::OtherOut,
        DocKind::TransferOut,
        DocKind::TransferIn,
        DocKind::ReturnOut,
        DocKind::Transfer,
        DocKind::PurchaseReturn,
        DocKind::OtherInOrder,
        DocKind::OtherOutOrder,
    ];

    pub fn parse(s: &str) -> Option<DocKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

pub const KIND_STOCKTAKE: &str = DocKind::Stocktake.as_str();
pub const KIND_OPENING: &str = DocKind::Opening.as_str();
pub const KIND_PURCHASE_IN: &str = DocKind::PurchaseIn.as_str();

codes!(
    /// A stock-in's status (purchase and opening stock-ins).
    StockinStatus {
        Cancelled = 10,
        Editing = 20,
        Submitted = 30,
        /// Checked: posted to the ledger.
        Done = 80,
    }
);

codes!(
    /// A stock-out's status (other, transfer and return stock-outs), as the flagship numbers it.
    StockoutStatus {
        Cancelled = 5,
        /// 未确认: stored, not yet submitted.
        Unconfirmed = 48,
        Submitted = 50,
        /// Checked: posted to the ledger.
        Done = 110,
    }
);

codes!(
    /// An other in/out business order's status (其它入库/出库业务单).
    OtherOrderStatus {
        Editing = 1,
        Submitted = 10,
        Checked = 20,
        /// 部分入库 / 部分出库.
        Partly = 60,
        ToSettle = 65,
        Done = 70,
        Cancelled = 80,
    }
);

codes!(
    /// A transfer's status (调拨单).
    TransferStatus {
        Cancelled = 10,
        Editing = 20,
        Submitted = 30,
        Checked = 40,
        /// 调拨中: some stock has gone out.
        Moving = 50,
        ToSettle = 80,
        /// 调拨完成.
        Done = 90,
    }
);

codes!(
    /// A purchase return's status (采购退货单).
    ReturnStatus {
        Cancelled = 10,
        Editing = 20,
        Submitted = 30,
        Checked = 40,
        /// 部分出库: some went out (the enterprise's code; the flagship answers it as 40).
        Partly = 50,
        Done = 60,
    }
);

codes!(
    /// A stocktake's status.
    PdStatus {
        Cancelled = 10,
        /// Counted but not yet applied: awaiting its check (enterprise `is_check=0`).
        Pending = 35,
        Done = 40,
    }
);

codes!(
    /// A purchase order's status, as both editions number it.
    PurchaseStatus {
        Cancelled = 10,
        Editing = 20,
        Submitted = 30,
        FinanceReview = 35,
        Checked = 40,
        PartlyArrived = 50,
        Arrived = 60,
        ToSettle = 70,
        PartlySettled = 80,
        Done = 90,
    }
);

codes!(
    /// The vendor's `src_order_type` of a posting: the kind of document that moved the stock.
    SrcOrderType {
        Transfer = 2,
        Stocktake = 4,
        Purchase = 10,
        PurchaseReturn = 14,
        OtherIn = 20,
        OtherOut = 21,
        Opening = 33,
    }
);

/// The refusal of an outer number that a document of the caller's seller already carries:
/// `Some` when there is one, naming its number only if the app may see its warehouse.
pub(crate) async fn doc_by_outer_no(
    conn: &mut AnyConnection,
    caller: &Caller,
    kind: &str,
    field: crate::problem::Field,
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
    field: crate::problem::Field,
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

/// A series documents are numbered in: the prefix of its numbers and the day stamped in them
/// (`RK2511230001`). Each is spelled here, in one place: a command says what it numbers, never
/// how, and the gateways pass no prefixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Series {
    /// Stock-ins: purchase and opening stock, and the postings of any document that add stock.
    StockIn,
    /// The postings of a document that take stock out.
    StockOut,
    /// Opening stock loaded by a fixture.
    Opening,
    /// Purchase orders whose number the caller did not choose.
    PurchaseOrder,
    /// A stock sync (a count that overwrites the stock at once, flagship stockSyncByPd).
    StockSync,
    /// A stocktake order (盘点单), applied at once or left pending.
    Stocktake,
    /// Transfers (调拨单).
    Transfer,
    /// Purchase returns (采购退货单).
    PurchaseReturn,
    /// Other in business orders (其它入库业务单).
    OtherInOrder,
    /// Other out business orders (其它出库业务单); the vendor numbers them `QC` as opening
    /// stock, and both share that series' counter, so their numbers never meet.
    OtherOutOrder,
}

impl Series {
    const fn prefix(self) -> &'static str {
        match self {
            Series::StockIn => "RK",
            Series::StockOut => "CK",
            Series::Opening => "QC",
            Series::PurchaseOrder => "CG",
            Series::StockSync => "WP",
            Series::Stocktake => "PD",
            Series::Transfer => "TF",
            Series::PurchaseReturn => "CR",
            Series::OtherInOrder => "QR",
            Series::OtherOutOrder => "QC",
        }
    }

    const fn day_format(self) -> &'static str {
        match self {
            Series::StockIn | Series::StockOut | Series::PurchaseOrder | Series::Transfer => {
                "%y%m%d"
            }
            Series::Opening
            | Series::StockSync
            | Series::Stocktake
            | Series::PurchaseReturn
            | Series::OtherInOrder
            | Series::OtherOutOrder => "%Y%m%d",
        }
    }

    /// The series' next number for the seller (see [`crate::store::next_doc_no`]).
    pub(crate) async fn next(
        self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        seller_id: i64,
        now: i64,
    ) -> CoreResult<String> {
        crate::store::next_doc_no(tx, seller_id, self.prefix(), self.day_format(), now).await
    }
}
