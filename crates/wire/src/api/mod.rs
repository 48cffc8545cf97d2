//! Typed requests and answers of every endpoint openwdt implements, in the documented field
//! names. The server builds its answers from these types and the client decodes them into the
//! same ones, so a field is named once.
//!
//! Requests too are one type for both ends: the client serialises them in the strict form the
//! vendors document, and the server decodes them with `crate::lenient`'s adapters, which take
//! the looser input both editions accept (`0`/`1`/`true`, numbers or strings) and name the path
//! of a type error. Each endpoint is declared next to its types (`crate::endpoint!`) and listed
//! in [`ALL`].

pub mod cancel;
pub mod enterprise;
pub mod flagship;
pub mod master;
pub mod moves;
pub mod other;
pub mod other_order;
pub mod preturn;
pub mod stock;
pub mod stockpd;
pub mod transfer;

use crate::endpoint::{Decl, Edition};

/// Every endpoint openwdt serves.
pub const ALL: &[Decl] = &[
    Decl::of::<flagship::StockSyncByPdCall>(),
    Decl::of::<flagship::StockSearchCall>(),
    Decl::of::<flagship::QueryStockPdCall>(),
    Decl::of::<flagship::QueryStockPdDetailCall>(),
    Decl::of::<flagship::QueryChangeHistoryCall>(),
    Decl::of::<flagship::CreatePurchaseOrderCall>(),
    Decl::of::<flagship::QueryPurchaseOrdersCall>(),
    Decl::of::<flagship::UploadPurchaseStockinCall>(),
    Decl::of::<flagship::QueryPurchaseStockinsCall>(),
    Decl::of::<enterprise::StockQueryCall>(),
    Decl::of::<enterprise::StockSyncByPdCall>(),
    Decl::of::<enterprise::PurchaseOrderPushCall>(),
    Decl::of::<enterprise::PurchaseOrderQueryCall>(),
    Decl::of::<enterprise::StockinPurchasePushCall>(),
    Decl::of::<enterprise::StockinOrderQueryPurchaseCall>(),
    // Cancellations, stocktake and stock queries (issue 11).
    Decl::of::<cancel::flagship::PurchaseCancelOrderCall>(),
    Decl::of::<cancel::flagship::PurchaseCancelByTypeCall>(),
    Decl::of::<cancel::flagship::PurchaseStockinCancelCall>(),
    Decl::of::<cancel::enterprise::PurchaseOrderEndCall>(),
    Decl::of::<stockpd::flagship::StockPdInDetailCall>(),
    Decl::of::<stockpd::flagship::StockPdOutDetailCall>(),
    Decl::of::<stockpd::enterprise::StockPdOrderQueryCall>(),
    Decl::of::<stock::flagship::QueryAvailableStockCall>(),
    Decl::of::<stock::flagship::StockDetailSearchCall>(),
    Decl::of::<stock::flagship::StockSearch2Call>(),
    // Master data: goods, warehouses and positions, providers.
    Decl::of::<master::flagship::GoodsPushCall>(),
    Decl::of::<master::flagship::GoodsQueryCall>(),
    Decl::of::<master::flagship::WarehouseQueryCall>(),
    Decl::of::<master::flagship::PositionSearchCall>(),
    Decl::of::<master::flagship::ProviderPushCall>(),
    Decl::of::<master::flagship::ProviderQueryCall>(),
    Decl::of::<master::enterprise::GoodsPushCall>(),
    Decl::of::<master::enterprise::GoodsQueryCall>(),
    Decl::of::<master::enterprise::WarehouseQueryCall>(),
    Decl::of::<master::enterprise::ProviderCreateCall>(),
    Decl::of::<master::enterprise::ProviderQueryCall>(),
    // Documents that move stock (issue 12).
    Decl::of::<other::flagship::StockinOtherCreateCall>(),
    Decl::of::<other::flagship::StockinOtherQueryCall>(),
    Decl::of::<other::flagship::StockinOtherCancelCall>(),
    Decl::of::<other::flagship::StockoutOtherCreateCall>(),
    Decl::of::<other::flagship::StockoutOtherQueryCall>(),
    Decl::of::<other::flagship::StockoutOtherCancelCall>(),
    Decl::of::<other::enterprise::StockinOrderPushCall>(),
    Decl::of::<other::enterprise::StockoutOrderPushCall>(),
    Decl::of::<moves::flagship::StockinSearchCall>(),
    Decl::of::<moves::flagship::StockoutSearchCall>(),
    Decl::of::<moves::enterprise::StockinOrderQueryCall>(),
    Decl::of::<moves::enterprise::StockoutOrderQueryCall>(),
    Decl::of::<transfer::flagship::CreateTransferCall>(),
    Decl::of::<transfer::flagship::QueryTransfersCall>(),
    Decl::of::<transfer::flagship::CancelTransferCall>(),
    Decl::of::<transfer::flagship::PendingTransferCall>(),
    Decl::of::<transfer::flagship::TransferOutCall>(),
    Decl::of::<transfer::flagship::CancelTransferOutCall>(),
    Decl::of::<transfer::flagship::TransferInCall>(),
    Decl::of::<transfer::flagship::CancelTransferInCall>(),
    Decl::of::<transfer::enterprise::StockTransferPushCall>(),
    Decl::of::<preturn::flagship::CreateReturnCall>(),
    Decl::of::<preturn::flagship::QueryReturnsCall>(),
    Decl::of::<preturn::flagship::CancelReturnCall>(),
    Decl::of::<preturn::flagship::BatchCancelReturnsCall>(),
    Decl::of::<preturn::flagship::PendingReturnsCall>(),
    Decl::of::<preturn::flagship::ReturnOutCall>(),
    Decl::of::<preturn::flagship::QueryReturnOutsCall>(),
    Decl::of::<preturn::enterprise::ReturnPushCall>(),
    Decl::of::<preturn::enterprise::ReturnQueryCall>(),
    Decl::of::<preturn::enterprise::ReturnEndCall>(),
    Decl::of::<preturn::enterprise::ReturnOutPushCall>(),
    Decl::of::<preturn::enterprise::ReturnOutQueryCall>(),
    // Other in/out business orders.
    Decl::of::<other_order::flagship::InOrderPushCall>(),
    Decl::of::<other_order::flagship::InOrderQueryCall>(),
    Decl::of::<other_order::flagship::InOrderCancelCall>(),
    Decl::of::<other_order::flagship::OutOrderPushCall>(),
    Decl::of::<other_order::flagship::OutOrderQueryCall>(),
    Decl::of::<other_order::flagship::OutOrderCancelCall>(),
    Decl::of::<transfer::flagship::QueryTransferOutsCall>(),
    Decl::of::<transfer::flagship::QueryTransferInsCall>(),
    Decl::of::<transfer::flagship::OuterTransferCall>(),
    Decl::of::<transfer::enterprise::StockTransferQueryCall>(),
    Decl::of::<transfer::enterprise::StockoutTransferPushCall>(),
    Decl::of::<transfer::enterprise::StockinTransferPushCall>(),
];

/// The declaration of an endpoint by edition and name (`stock_query` or `stock_query.php`).
pub fn find(edition: Edition, name: &str) -> Option<&'static Decl> {
    let php;
    let name = match edition {
        Edition::Enterprise if !name.ends_with(".php") => {
            php = format!("{name}.php");
            php.as_str()
        }
        _ => name,
    };
    ALL.iter().find(|d| d.edition == edition && d.name == name)
}

/// Epoch milliseconds, or `""` for a time not yet set (a stock-in's `check_time`).
pub mod millis_or_empty {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(ms) => ms.serialize(s),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n
                .to_string()
                .parse()
                .map(Some)
                .map_err(serde::de::Error::custom),
            serde_json::Value::String(s) if s.is_empty() => Ok(None),
            serde_json::Value::Null => Ok(None),
            other => Err(serde::de::Error::custom(format!(
                "expected epoch milliseconds or \"\", got {other}"
            ))),
        }
    }
}
