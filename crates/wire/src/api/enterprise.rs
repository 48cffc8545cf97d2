//! The enterprise edition's form parameters and answers, one section per endpoint.
//!
//! A request struct serialises to the endpoint's form fields with
//! [`crate::enterprise::form_fields`]: scalars as text, business objects (`purchase_info`,
//! `goods_list`) as JSON strings. An answer is the fields beside `code` and `message`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::decimal::Dec4Str;
use crate::lenient::Num;

// ---- stock_query.php ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockQuery {
    #[serde(with = "crate::lenient::opt_text")]
    pub spec_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub warehouse_no: Option<String>,
    /// `yyyy-MM-dd HH:mm:ss`; required without `spec_no`, at most 30 days apart.
    #[serde(with = "crate::lenient::opt_text")]
    pub start_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_time: Option<String>,
    /// From 0; default 0.
    #[serde(with = "crate::lenient::opt_int")]
    pub page_no: Option<i64>,
    /// 1 to 100; default 40.
    #[serde(with = "crate::lenient::opt_int")]
    pub page_size: Option<i64>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockQueryAnswer {
    /// Answered on the first page only.
    pub total_count: Option<i64>,
    pub stocks: Vec<Stock>,
}

/// The normal stock of one spec in one warehouse.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stock {
    pub spec_no: String,
    pub spec_name: String,
    pub spec_code: String,
    pub barcode: String,
    pub goods_no: String,
    pub goods_name: String,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub warehouse_type: i64,
    pub stock_num: Dec4Str,
    /// The vendor's spelling.
    pub avaliable_num: Dec4Str,
    pub created: String,
    pub modified: String,
    pub last_pd_time: String,
    pub last_inout_time: String,
    pub status: i64,
    pub remark: String,
    pub img_url: String,
    // Quantities openwdt does not model are answered as zero.
    pub lock_num: Dec4Str,
    pub order_num: Dec4Str,
    pub sending_num: Dec4Str,
    pub purchase_num: Dec4Str,
    pub transfer_num: Dec4Str,
    pub to_transfer_num: Dec4Str,
    pub to_purchase_num: Dec4Str,
    pub purchase_arrive_num: Dec4Str,
    pub return_num: Dec4Str,
    pub refund_num: Dec4Str,
}

// ---- stock_sync_by_pd.php ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockSyncByPd {
    #[serde(with = "crate::lenient::text")]
    pub warehouse_no: String,
    /// Unique per seller: a retried push answers 2005 with the first `pd_no`.
    #[serde(with = "crate::lenient::text")]
    pub api_outer_no: String,
    /// 0 whole specs, 1 one position (`position_no` per line).
    #[serde(with = "crate::lenient::opt_int")]
    pub mode: Option<i64>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
    /// Strict (default 1): any failing line fails the whole stocktake.
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_post_error: Option<bool>,
    /// Apply at once (1) or store as pending (0, the default).
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_check: Option<bool>,
    /// Create the stock record of a spec the warehouse has none of (default 0).
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_create_stock: Option<bool>,
    #[serde(with = "crate::lenient::opt_json_text")]
    pub goods_list: Option<Vec<PdGoods>>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PdGoods {
    #[serde(with = "crate::lenient::text")]
    pub spec_no: String,
    pub stock_num: Num,
    #[serde(with = "crate::lenient::opt_text")]
    pub position_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockSyncByPdAnswer {
    pub pd_no: String,
    /// The lines a non-strict stocktake left out, and why.
    pub error_list: Option<Vec<PdLineError>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PdLineError {
    pub spec_no: String,
    pub position_no: String,
    pub error: String,
}

// ---- purchase_order_push.php ----

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderPush {
    #[serde(
        with = "crate::lenient::opt_json_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchase_info: Option<PurchaseInfo>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseInfo {
    /// Unique per seller: a retried push answers 2005 with the first `purchase_no`.
    #[serde(with = "crate::lenient::text")]
    pub outer_no: String,
    /// Use `outer_no` as the order's number.
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_use_outer_no: Option<bool>,
    #[serde(with = "crate::lenient::text")]
    pub provider_no: String,
    #[serde(with = "crate::lenient::text")]
    pub warehouse_no: String,
    /// Approve at once (status 40) rather than leave it editable (20).
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_check: Option<bool>,
    #[serde(with = "crate::lenient::opt_text")]
    pub purchase_name: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub contact: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub telno: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub receive_address: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub expect_arrive_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
    pub post_fee: Option<Num>,
    pub other_fee: Option<Num>,
    pub details_list: Option<Vec<PurchaseInfoDetail>>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseInfoDetail {
    #[serde(with = "crate::lenient::text")]
    pub spec_no: String,
    pub num: Num,
    pub price: Option<Num>,
    pub tax: Option<Num>,
    pub tax_price: Option<Num>,
    pub discount: Option<Num>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderPushAnswer {
    pub purchase_no: String,
}

// ---- purchase_order_query.php ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderQuery {
    #[serde(with = "crate::lenient::opt_text")]
    pub start_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub purchase_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub outer_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub warehouse_no: Option<String>,
    /// Statuses joined with commas: `"40,50"`.
    #[serde(with = "crate::lenient::opt_text")]
    pub status: Option<String>,
    #[serde(with = "crate::lenient::opt_int")]
    pub page_no: Option<i64>,
    #[serde(with = "crate::lenient::opt_int")]
    pub page_size: Option<i64>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderQueryAnswer {
    /// Answered on the first page only.
    pub total_count: Option<i64>,
    pub purchase_list: Vec<PurchaseOrder>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrder {
    pub purchase_id: i64,
    pub purchase_no: String,
    pub purchase_outer_no: String,
    pub outer_no: String,
    pub api_outer_no: String,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub status: i64,
    pub stockin_status: i64,
    pub provider_no: String,
    pub provider_name: String,
    pub contact: String,
    pub telno: String,
    pub purchaser_name: String,
    pub receive_address: String,
    pub logistics_type: i64,
    pub check_time: String,
    pub remark: String,
    pub expect_arrive_time: String,
    pub post_fee: Dec4Str,
    pub other_fee: Dec4Str,
    pub modified: String,
    pub created: String,
    pub creator_name: String,
    pub order_type: i64,
    pub goods_type_count: i64,
    pub goods_count: Dec4Str,
    pub goods_arrive_count: Dec4Str,
    pub revert_reason: i64,
    pub details_list: Vec<PurchaseOrderDetail>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderDetail {
    pub rec_id: i64,
    pub provider_goods_no: String,
    pub goods_no: String,
    pub goods_name: String,
    pub spec_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub num: Dec4Str,
    pub stockin_num: Dec4Str,
    pub arrive_num: Dec4Str,
    pub stopwait_num: Dec4Str,
    pub arrive_more_num: Dec4Str,
    pub lack_num: Dec4Str,
    pub price: Dec4Str,
    pub discount: Dec4Str,
    pub tax: Dec4Str,
    pub tax_price: Dec4Str,
    pub remark: String,
    pub created: String,
    pub modified: String,
}

// ---- stockin_purchase_push.php ----

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinPurchasePush {
    #[serde(
        with = "crate::lenient::opt_json_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchase_info: Option<StockinPurchaseInfo>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinPurchaseInfo {
    /// The approved order received against.
    #[serde(with = "crate::lenient::text")]
    pub purchase_no: String,
    #[serde(with = "crate::lenient::text")]
    pub warehouse_no: String,
    /// Unique per seller: a retried push answers 2005 with the first `stockin_no`.
    #[serde(with = "crate::lenient::text")]
    pub outer_no: String,
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_create_batch: Option<bool>,
    /// Check at once: posts the stock and raises the order's received quantities.
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_check: Option<bool>,
    #[serde(with = "crate::lenient::opt_text")]
    pub logistics_code: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub logistics_no: Option<String>,
    pub post_fee: Option<Num>,
    pub other_fee: Option<Num>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
    pub details_list: Option<Vec<StockinPurchaseDetail>>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinPurchaseDetail {
    #[serde(with = "crate::lenient::text")]
    pub spec_no: String,
    pub stockin_num: Num,
    pub stockin_price: Option<Num>,
    pub tax_price: Option<Num>,
    pub tax: Option<Num>,
    pub src_price: Option<Num>,
    #[serde(with = "crate::lenient::opt_text")]
    pub position_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub batch_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub production_date: Option<String>,
    #[serde(with = "crate::lenient::opt_int")]
    pub validity_days: Option<i64>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinPurchasePushAnswer {
    pub stockin_no: String,
}

// ---- stockin_order_query_purchase.php ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinOrderQueryPurchase {
    #[serde(with = "crate::lenient::opt_text")]
    pub start_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_time: Option<String>,
    /// The purchase order's number.
    #[serde(with = "crate::lenient::opt_text")]
    pub src_order_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub stockin_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub stockin_outer_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub warehouse_no: Option<String>,
    /// Statuses joined with commas; default `"80"` (completed).
    #[serde(with = "crate::lenient::opt_text")]
    pub status: Option<String>,
    #[serde(with = "crate::lenient::opt_int")]
    pub page_no: Option<i64>,
    #[serde(with = "crate::lenient::opt_int")]
    pub page_size: Option<i64>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinOrderQueryPurchaseAnswer {
    /// Answered on the first page only.
    pub total_count: Option<i64>,
    pub stockin_list: Vec<PurchaseStockin>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseStockin {
    pub stockin_id: i64,
    pub order_no: String,
    pub stockin_no: String,
    pub status: i64,
    pub warehouse_no: String,
    pub warehouse_name: String,
    pub stockin_time: String,
    pub check_time: String,
    pub created_time: String,
    pub modified: String,
    pub src_order_no: String,
    pub purchase_no: String,
    pub src_order_type: i64,
    pub order_type: i64,
    pub order_type_name: String,
    pub outer_no: String,
    pub provider_no: String,
    pub provider_name: String,
    pub logistics_type: i64,
    pub logistics_name: String,
    pub logistics_no: String,
    pub post_fee: Dec4Str,
    pub other_fee: Dec4Str,
    pub goods_count: Dec4Str,
    pub right_nums: Dec4Str,
    pub adjust_num: Dec4Str,
    pub goods_type_count: i64,
    pub total_price: Dec4Str,
    pub remark: String,
    pub stockin_reason: String,
    pub operator_name: String,
    pub check_operator_name: String,
    pub details_list: Vec<PurchaseStockinDetail>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseStockinDetail {
    pub rec_id: i64,
    pub spec_no: String,
    pub goods_no: String,
    pub goods_name: String,
    pub spec_name: String,
    pub goods_count: Dec4Str,
    pub num: Dec4Str,
    pub expect_num: Dec4Str,
    pub right_num: Dec4Str,
    pub adjust_num: Dec4Str,
    pub stockin_price: Dec4Str,
    pub src_price: Dec4Str,
    pub tax: Dec4Str,
    pub tax_price: Dec4Str,
    pub position_no: String,
    pub batch_no: String,
    pub production_date: String,
    pub expire_date: String,
    pub validity_days: i64,
    pub src_order_type: i64,
    pub remark: String,
    pub created: String,
    pub modified: String,
}

// ---- declarations ----

use crate::endpoint::Kind;

crate::endpoint!(
    /// 库存查询: normal stock per warehouse and spec.
    StockQueryCall: Enterprise "stock_query.php", Kind::Query { paged: true },
    StockQuery => StockQueryAnswer);
crate::endpoint!(
    /// 盘点单推送, keyed by `api_outer_no`.
    StockSyncByPdCall: Enterprise "stock_sync_by_pd.php",
    Kind::KeyedPush { outer_field: "api_outer_no", number_field: "pd_no" },
    StockSyncByPd => StockSyncByPdAnswer);
crate::endpoint!(
    /// 采购单推送, keyed by `outer_no`.
    PurchaseOrderPushCall: Enterprise "purchase_order_push.php",
    Kind::KeyedPush { outer_field: "outer_no", number_field: "purchase_no" },
    PurchaseOrderPush => PurchaseOrderPushAnswer);
crate::endpoint!(
    /// 采购单查询.
    PurchaseOrderQueryCall: Enterprise "purchase_order_query.php", Kind::Query { paged: true },
    PurchaseOrderQuery => PurchaseOrderQueryAnswer);
crate::endpoint!(
    /// 采购入库单推送, keyed by `outer_no`.
    StockinPurchasePushCall: Enterprise "stockin_purchase_push.php",
    Kind::KeyedPush { outer_field: "outer_no", number_field: "stockin_no" },
    StockinPurchasePush => StockinPurchasePushAnswer);
crate::endpoint!(
    /// 采购入库单查询.
    StockinOrderQueryPurchaseCall: Enterprise "stockin_order_query_purchase.php", Kind::Query { paged: true },
    StockinOrderQueryPurchase => StockinOrderQueryPurchaseAnswer);
