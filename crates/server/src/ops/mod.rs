//! The vendor operations, by feature: each file holds both editions' side of its operations,
//! one `impl flagship::Op` / `impl enterprise::Op` per declared endpoint, mapping the decoded
//! request to one core command or query and its result to the declared answer.
//!
//! Authentication, body reading, paging and envelopes are the gateways' (`crate::flagship`,
//! `crate::enterprise`); an operation only sees a typed request and the caller.

use openwdt_core::problem::{Field, Kind, Total};
use openwdt_wire::fields::shown;

mod goods;
mod provider;
mod purchase;
mod stock;
mod stockin;
mod stocktake;
// Cancellations, stocktake and stock queries (issue 11).
mod cancel;
mod stock_more;
mod stockpd;
// Documents that move stock (issue 12).
mod moves;
mod other;
mod other_order;
mod preturn;
mod transfer;
mod warehouse;

/// A field's domain name, for problems an operation did not name itself.
pub(crate) fn domain_name(f: Field) -> &'static str {
    match f {
        Field::WarehouseNo => "warehouse_no",
        Field::PositionNo => "position_no",
        Field::GoodsNo => "goods_no",
        Field::GoodsName => "goods_name",
        Field::SpecNo => "spec_no",
        Field::SpecName => "spec_name",
        Field::SpecCode => "spec_code",
        Field::Barcode => "barcode",
        Field::ProviderNo => "provider_no",
        Field::ProviderName => "provider_name",
        Field::BatchNo => "batch_no",
        Field::OuterNo => "outer_no",
        Field::DocNo => "order_no",
        Field::Quantity => "num",
        Field::Price => "price",
        Field::Remark => "remark",
        Field::Status => "status",
        Field::Attribute(name) => name,
        Field::Lines => "lines",
        Field::SpecAttribute(name) => name,
        Field::Operation => "type",
        Field::StockId => "stock_spec_id",
        Field::StartTime => "start_time",
        Field::EndTime => "end_time",
        Field::DefectMode => "defect_mode",
        Field::Date(name) => name,
        Field::Total(t) => total_name(t),
    }
}

/// A total's name in both editions' answers.
pub(crate) fn total_name(t: Total) -> &'static str {
    match t {
        Total::Quantity => "goods_count",
        Total::Amount => "total_price",
        Total::TaxedAmount => "tax_amount",
        Total::Tax => "tax_fee",
        Total::Grand => "total_fee",
        Total::LineReceived => "stockin_num",
        Total::Received => "goods_arrive_count",
        Total::ReceivedAmount => "stockin_amount",
        Total::Stock => "stock_num",
    }
}

/// The Chinese name of a purchase order status, for messages.
pub(crate) fn po_status_name(s: i64) -> &'static str {
    match s {
        10 => "已取消",
        20 => "编辑中",
        30 => "待审核",
        35 => "待财审",
        40 => "已审核",
        50 => "部分到货",
        60 => "已到货",
        70 => "待结算",
        80 => "部分结算",
        90 => "已完成",
        _ => "未知",
    }
}

/// What a stock-out line lacks (`asked - available`), as both editions word a shortfall.
pub(crate) fn shortfall(
    asked: openwdt_wire::Dec4,
    available: openwdt_wire::Dec4,
) -> openwdt_wire::Dec4 {
    asked.checked_sub(available).unwrap_or(asked)
}

/// The words of a problem that names no field, the same in both editions.
pub(crate) fn nameless(kind: &Kind) -> String {
    match kind {
        Kind::RepeatedLine { value } => format!("货品 {} 重复!", shown(value)),
        Kind::UnknownWarehouse { value } => {
            format!("仓库编号为 {} 的仓库不存在或无权限", shown(value))
        }
        Kind::NotReceivable { value, state } => format!(
            "采购单 {} 状态为{}({state}), 只有已审核(40)或部分到货(50)的采购单才能入库",
            shown(value),
            po_status_name(*state)
        ),
        Kind::WrongWarehouse {
            value,
            order,
            expected,
        } => format!(
            "仓库 {} 不是采购单 {} 的收货仓库 {}",
            shown(value),
            shown(order),
            shown(expected)
        ),
        Kind::UnknownOrder { value } => format!("采购单 {} 不存在", shown(value)),
        Kind::UnknownProvider { value } => format!("供应商 {} 不存在", shown(value)),
        Kind::NoLiveSpec => "商家编码全不存在或都已删除".to_string(),
        other => format!("{other:?}"),
    }
}

/// A flagship query over stock-ins or stock-outs of one kind, as their pages document it: by
/// number, by the order they fulfil, or in a window of at most 30 days (required when neither
/// number is given); `status` a comma list; the warehouse must be one the app may see.
pub(crate) struct FlagDocSearch<'a> {
    pub kind: openwdt_core::document::DocKind,
    pub doc_no: Option<String>,
    pub src_order_no: Option<String>,
    pub warehouse_no: Option<String>,
    pub status: Option<&'a str>,
    pub start_time: Option<&'a str>,
    pub end_time: Option<&'a str>,
    pub time_field: openwdt_core::movement::TimeField,
}

impl FlagDocSearch<'_> {
    pub(crate) async fn run(
        self,
        c: &crate::flagship::Ctx<'_>,
    ) -> Result<(Vec<openwdt_core::movement::DocView>, i64), crate::flagship::Fail> {
        use crate::flagship::{range, statuses, DAYS_30};
        let named = self.doc_no.is_some() || self.src_order_no.is_some();
        let w = range(
            ("start_time", self.start_time),
            ("end_time", self.end_time),
            DAYS_30,
            !named,
        )?;
        let store = &c.state.store;
        store
            .require_warehouse(&c.caller, self.warehouse_no.as_deref())
            .await?;
        let dq = openwdt_core::movement::DocQuery {
            kinds: vec![self.kind],
            statuses: statuses(c, "status", self.status)?,
            warehouse_no: self.warehouse_no,
            doc_nos: self.doc_no.into_iter().collect(),
            src_order_no: self.src_order_no,
            time_field: self.time_field,
            from: w.map(|w| w.0),
            to: w.map(|w| w.1),
            ..Default::default()
        };
        Ok(store.query_docs(&c.caller, &dq, c.page()).await?)
    }
}

/// A flagship refusal of a core error as an operation names its fields; a duplicate outer
/// number in the vendor's words (`外部单号重复!`), naming the `what` (调拨单, 业务单, 单据) that
/// has it when the app may see it.
pub(crate) fn flag_fail(
    names: &'static crate::flagship::Names,
    what: &'static str,
) -> impl Fn(openwdt_core::error::CoreError) -> crate::flagship::Fail {
    move |e| match e {
        openwdt_core::error::CoreError::Duplicate {
            value, existing, ..
        } => crate::flagship::biz(match existing {
            Some(no) => format!("外部单号重复! outer_no {} 已是{what} {no}", shown(&value)),
            None => format!("外部单号重复! outer_no {}", shown(&value)),
        }),
        other => crate::flagship::core_fail(names)(other),
    }
}
