//! The vendor operations, by feature: each file holds both editions' side of its operations,
//! one `impl flagship::Op` / `impl enterprise::Op` per declared endpoint, mapping the decoded
//! request to one core command or query and its result to the declared answer.
//!
//! Authentication, body reading, paging and envelopes are the gateways' (`crate::flagship`,
//! `crate::enterprise`); an operation only sees a typed request and the caller.

use openwdt_core::problem::Field;

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
    }
}
