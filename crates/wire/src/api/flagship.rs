//! The flagship edition's arguments and `data` answers, one section per method.
//!
//! Answers are `#[serde(default)]`: a field the cloud leaves out decodes to its zero value
//! rather than failing the whole call.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use std::collections::BTreeMap;

use crate::decimal::Dec4;
use crate::lenient::Num;

/// `page_no` (from 0), `page_size` and `calc_total`: query parameters of every paged call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pager {
    pub page_no: u32,
    pub page_size: u32,
    /// Ask for `total` beside `data` (`calc_total=1`).
    pub calc_total: bool,
}

impl Pager {
    pub fn new(page_no: u32, page_size: u32) -> Self {
        Pager {
            page_no,
            page_size,
            calc_total: true,
        }
    }
}

// ---- wms.StockPd.stockSyncByPd ----

/// The first argument, `pdOrder`.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PdOrder {
    #[serde(with = "crate::lenient::text")]
    pub warehouse_no: String,
    /// 0 all stock, 1 normal only, 2 defect only.
    #[serde(with = "crate::lenient::opt_int")]
    pub defect_mode: Option<i64>,
    #[serde(with = "crate::lenient::maybe_text")]
    pub remark: Option<String>,
    /// Strict: any failing line fails the whole stocktake.
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_post_error: Option<bool>,
}

/// One item of the second argument, `specList`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PdSpec {
    #[serde(with = "crate::lenient::text")]
    pub spec_no: String,
    pub new_num: Num,
    #[serde(with = "crate::lenient::text")]
    pub remark: String,
    #[serde(with = "crate::lenient::flag")]
    pub defect: bool,
}

/// `data` of stockSyncByPd: the stocktake number and `{"<pd_id>": "ok"}`.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PdResult {
    pub pd_no: String,
    /// Lines skipped by a non-strict stocktake, joined with commas.
    pub skip_spec_no: Option<String>,
    /// The stocktake's id mapped to `"ok"`.
    #[serde(flatten)]
    pub ids: BTreeMap<String, String>,
}

// ---- wms.StockSpec.search ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockSearch {
    #[serde(with = "crate::lenient::opt_text")]
    pub warehouse_no: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(with = "crate::lenient::text_list")]
    pub spec_nos: Vec<String>,
    /// `yyyy-MM-dd HH:mm:ss`; required without `spec_nos`, at most 30 days apart.
    #[serde(with = "crate::lenient::opt_text")]
    pub start_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_time: Option<String>,
}

/// One stock record: a spec's stock of one kind (normal or defect) in one warehouse.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockSpec {
    pub rec_id: i64,
    pub defect: i64,
    pub stock_num: Dec4,
    pub spec_no: String,
    pub spec_id: i64,
    pub goods_no: String,
    pub goods_name: String,
    pub spec_code: String,
    pub brand_name: String,
    pub brand_no: String,
    pub spec_name: String,
    pub barcode: String,
    pub img_url: String,
    pub warehouse_no: String,
    pub warehouse_id: i64,
    pub warehouse_name: String,
    pub warehouse_type: i64,
    pub available_send_stock: Dec4,
    pub created: String,
    pub modified: String,
    pub remark: String,
    pub flag_id: i64,
    pub flag_name: String,
    pub status: i64,
    pub unit_name: String,
    pub aux_unit_name: String,
    pub wms_sync_time: String,
    pub last_pd_time: String,
    pub last_inout_time: String,
    // Quantities openwdt does not model (orders, transfers, WMS sync) are answered as zero.
    pub wms_sync_stock: Dec4,
    pub wms_stock_diff: Dec4,
    pub unpay_num: Dec4,
    pub subscribe_num: Dec4,
    pub order_num: Dec4,
    pub sending_num: Dec4,
    pub purchase_num: Dec4,
    pub transfer_num: Dec4,
    pub to_purchase_num: Dec4,
    pub purchase_arrive_num: Dec4,
    pub wms_preempty_stock: Dec4,
    pub weight: Dec4,
    pub part_paid_num: Dec4,
    pub refund_exch_num: Dec4,
    pub refund_num: Dec4,
    pub refund_onway_num: Dec4,
    pub return_exch_num: Dec4,
    pub return_num: Dec4,
    pub return_onway_num: Dec4,
    pub to_transfer_num: Dec4,
    pub wms_preempty_diff: Dec4,
    pub lock_num: Dec4,
    pub to_other_out_num: Dec4,
    pub to_other_in_num: Dec4,
    pub to_process_out_num: Dec4,
    pub to_process_in_num: Dec4,
    pub wait_transfer_num: Dec4,
    pub sys_user_define_stock1: Dec4,
    pub sys_user_define_stock2: Dec4,
    pub inspect_num: Dec4,
    pub trade_reserve_num: Dec4,
    pub process_onway_num: Dec4,
}

// ---- wms.StockPd.queryStockPd ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockPdQuery {
    #[serde(with = "crate::lenient::opt_text")]
    pub start_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub warehouse_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub pd_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub spec_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub goods_no: Option<String>,
    #[serde(with = "crate::lenient::opt_int")]
    pub status: Option<i64>,
    #[serde(with = "crate::lenient::opt_text")]
    pub employee_no: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockPdList {
    pub pd_list: Vec<StockPd>,
    pub total_count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockPd {
    pub rec_id: i64,
    pub pd_no: String,
    pub warehouse_no: String,
    pub warehouse_id: i64,
    pub mode: i64,
    pub status: i64,
    pub creator_no: String,
    pub operator_no: String,
    pub remark: String,
    pub modified: String,
    pub created: String,
}

// ---- wms.StockPd.queryStockPdDetail ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockPdDetailQuery {
    #[serde(with = "crate::lenient::opt_text")]
    pub pd_no: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockPdDetail {
    pub rec_id: i64,
    pub pd_id: i64,
    pub spec_id: i64,
    pub spec_no: String,
    pub spec_code: String,
    pub spec_name: String,
    pub barcode: String,
    pub modified: String,
    pub created: String,
    pub old_num: Dec4,
    pub new_num: Dec4,
    pub goods_name: String,
    pub goods_no: String,
    pub brand_name: String,
    pub brand_id: i64,
    pub unit: i64,
    pub aux_unit: i64,
    pub remark: String,
    pub expire_date: String,
    pub batch_no: String,
    pub position_no: String,
    pub short_name: String,
    pub defect: i64,
}

// ---- wms.StockSpec.queryChangeHistory ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeHistoryQuery {
    /// `yyyy-MM-dd HH:mm:ss`; at most 30 days apart with `spec_no`, one hour without.
    #[serde(with = "crate::lenient::opt_text")]
    pub start_date: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_date: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub spec_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub warehouse_no: Option<String>,
    /// 1 in, 2 out.
    #[serde(rename = "type")]
    #[serde(with = "crate::lenient::opt_int")]
    pub io_type: Option<i64>,
    #[serde(with = "crate::lenient::opt_flag")]
    pub defect: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeHistoryList {
    pub data: Vec<StockChange>,
    pub total_count: i64,
}

/// One ledger posting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockChange {
    pub src_order_type: i64,
    #[serde(rename = "type")]
    pub io_type: i64,
    pub warehouse_name: String,
    pub warehouse_no: String,
    pub spec_no: String,
    pub stock_num_old: Dec4,
    pub num: Dec4,
    pub stock_num_new: Dec4,
    pub stockio_no: String,
    pub src_order_no: String,
    pub operator_name: String,
    /// Epoch milliseconds.
    pub created: i64,
    pub remark: String,
    pub defect: bool,
    pub position_no: String,
    pub batch_no: String,
}

// ---- purchase.PurchaseOrder.createOrder ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderNew {
    /// Generated (`CG…`) when absent.
    #[serde(with = "crate::lenient::opt_text")]
    pub purchase_no: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub provider_no: String,
    #[serde(with = "crate::lenient::text")]
    pub expect_warehouse_no: String,
    #[serde(with = "crate::lenient::text")]
    pub receive_warehouse_nos: String,
    #[serde(with = "crate::lenient::opt_flag")]
    pub is_check: Option<bool>,
    #[serde(with = "crate::lenient::text")]
    pub purchaser_name: String,
    #[serde(with = "crate::lenient::opt_text")]
    pub contact: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub telno: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub receive_address: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub expect_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
    pub post_fee: Option<Num>,
    pub other_fee: Option<Num>,
    pub purchase_details: Vec<PurchaseOrderNewDetail>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderNewDetail {
    #[serde(with = "crate::lenient::text")]
    pub spec_no: String,
    pub num: Num,
    pub price: Option<Num>,
    pub tax_rate: Option<Num>,
    pub tax_price: Option<Num>,
    pub discount: Option<Num>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
}

/// `data` of createOrder: `{"status":0,"message":"<purchase_no>"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateOrderResult {
    pub status: i64,
    /// The new order's number.
    pub message: String,
}

// ---- purchase.PurchaseOrder.queryWithDetail ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderQuery {
    #[serde(with = "crate::lenient::opt_text")]
    pub purchase_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub start_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub expect_warehouse_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub receive_warehouse_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub provider_no: Option<String>,
    /// Statuses joined with commas: `"40,50"`.
    #[serde(with = "crate::lenient::opt_text")]
    pub status: Option<String>,
    #[serde(with = "crate::lenient::opt_int")]
    pub stockin_status: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderList {
    pub order: Vec<PurchaseOrder>,
    pub total_count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrder {
    pub purchase_id: i64,
    pub purchase_no: String,
    pub provider_no: String,
    pub provider_id: i64,
    pub provider_name: String,
    pub status: i64,
    pub stockin_status: i64,
    pub settle_status: i64,
    pub warehouse_name: String,
    pub warehouse_id: i64,
    pub warehouse_no: String,
    pub creator_name: String,
    pub purchaser_name: String,
    pub check_operator_name: String,
    pub facheck_operator_name: String,
    pub flag_name: String,
    pub flag_id: i64,
    pub logistics_name: String,
    pub logistics_type: i64,
    pub logistics_no: String,
    pub logistics_id: i64,
    pub pay_type: i64,
    pub postfee_pay_type: i64,
    pub goods_fee: Dec4,
    pub post_fee: Dec4,
    pub other_fee: Dec4,
    pub total_fee: Dec4,
    pub tax_fee: Dec4,
    pub goods_type_count: i64,
    pub goods_count: Dec4,
    pub goods_arrive_count: Dec4,
    pub goods_stockin_count: Dec4,
    pub remark: String,
    pub expect_arrive_time: String,
    /// Epoch milliseconds.
    pub created: i64,
    pub check_time: String,
    /// Epoch milliseconds.
    pub modified: i64,
    pub prop1: String,
    pub prop2: String,
    pub prop3: String,
    pub prop4: String,
    pub detail_list: Vec<PurchaseOrderDetail>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderDetail {
    pub purchase_id: i64,
    pub rec_id: i64,
    pub spec_id: i64,
    pub spec_no: String,
    pub retail_price: Dec4,
    pub provider_goods_no: String,
    pub goods_no: String,
    pub goods_name: String,
    pub short_name: String,
    pub spec_remark: String,
    pub spec_code: String,
    pub spec_name: String,
    pub barcode: String,
    pub brand_name: String,
    pub img_url: String,
    pub num: Dec4,
    pub num2: Dec4,
    pub confirm_num: Dec4,
    pub arrive_num: Dec4,
    pub settle_num: Dec4,
    pub arrive_more_num: Dec4,
    pub stockin_num: Dec4,
    pub stockin_amount: Dec4,
    pub stopwait_num: Dec4,
    pub lack_num: Dec4,
    pub purchase_unit_name: String,
    pub unit_ratio: Dec4,
    pub base_unit_name: String,
    pub price: Dec4,
    pub purchase_price: Dec4,
    pub aux_price: Dec4,
    pub discount: Dec4,
    pub tax_rate: Dec4,
    pub tax_price: Dec4,
    pub tax_amount: Dec4,
    pub dis_price: Dec4,
    pub amount: Dec4,
    pub weight: Dec4,
    pub aux_amount: Dec4,
    pub remark: String,
    pub prop1: String,
    pub prop2: String,
    pub prop3: String,
    pub prop4: String,
    pub gs_prop1: String,
    pub gs_prop2: String,
    pub gs_prop3: String,
    pub gs_prop4: String,
    pub gs_prop5: String,
    pub gs_prop6: String,
    pub batch_no: String,
    pub expire_date: String,
    pub created: String,
    pub modified: String,
}

// ---- wms.stockin.Purchase.upload ----

/// The first argument, `stockin_order`. `data` of the answer is the new `RK…` number.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinOrder {
    #[serde(with = "crate::lenient::text")]
    pub purchase_no: String,
    #[serde(with = "crate::lenient::text")]
    pub warehouse_no: String,
    /// 0 editing, 1 submitted, 2 checked (posts stock).
    #[serde(with = "crate::lenient::opt_int")]
    pub create_mode: Option<i64>,
    #[serde(with = "crate::lenient::opt_text")]
    pub logistics_code: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub logistics_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
}

/// One item of the second argument, `stockin_detail_list`.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinOrderDetail {
    #[serde(with = "crate::lenient::text")]
    pub spec_no: String,
    pub num: Num,
    #[serde(with = "crate::lenient::opt_text")]
    pub position_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub batch_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub production_date: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub expire_date: Option<String>,
    #[serde(with = "crate::lenient::opt_flag")]
    pub defect: Option<bool>,
    #[serde(with = "crate::lenient::opt_text")]
    pub remark: Option<String>,
}

// ---- wms.stockin.Purchase.queryWithDetail ----

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseStockinQuery {
    #[serde(with = "crate::lenient::opt_text")]
    pub start_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub end_time: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub warehouse_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub stockin_no: Option<String>,
    #[serde(with = "crate::lenient::opt_text")]
    pub purchase_no: Option<String>,
    /// Statuses joined with commas: `"20,80"`.
    #[serde(with = "crate::lenient::opt_text")]
    pub status: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseStockinList {
    pub total_count: i64,
    pub order: Vec<PurchaseStockin>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseStockin {
    pub stockin_id: i64,
    pub order_no: String,
    pub warehouse_no: String,
    pub status: i64,
    /// Epoch milliseconds.
    pub modified: i64,
    /// Epoch milliseconds.
    pub created_time: i64,
    pub remark: String,
    pub logistics_type_name: String,
    /// Epoch milliseconds, `""` before the stock-in is checked.
    #[serde(with = "super::millis_or_empty")]
    pub check_time: Option<i64>,
    pub purchase_id: i64,
    pub purchase_no: String,
    pub goods_count: Dec4,
    pub provider_no: String,
    pub provider_name: String,
    pub logistics_no: String,
    pub logistics_name: String,
    pub goods_amount: Dec4,
    pub total_price: Dec4,
    pub tax_amount: Dec4,
    pub total_stockin_price: Dec4,
    pub flag_name: String,
    pub operator_name: String,
    pub post_fee: Dec4,
    pub details_list: Vec<PurchaseStockinDetail>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PurchaseStockinDetail {
    pub rec_id: i64,
    pub num: Dec4,
    pub discount: Dec4,
    pub cost_price: Dec4,
    pub src_price: Dec4,
    pub tax_price: Dec4,
    pub tax_amount: Dec4,
    pub tax: Dec4,
    pub total_cost: Dec4,
    pub remark: String,
    pub goods_name: String,
    pub goods_no: String,
    pub spec_no: String,
    pub spec_code: String,
    pub prop1: String,
    pub prop2: String,
    pub prop3: String,
    pub prop4: String,
    pub spec_name: String,
    pub brand_name: String,
    pub unit_name: String,
    pub batch_no: String,
    pub expire_date: String,
    pub production_date: String,
    pub position_no: String,
    pub defect: bool,
    pub unit_ratio: Dec4,
    pub purchase_unit_name: String,
    pub stockin_price: Dec4,
}

// ---- declarations ----

/// The one argument `params` of a query; a second argument (a pager some SDKs send) is ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params<T> {
    pub params: T,
}

/// The arguments of `wms.StockPd.stockSyncByPd`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockSyncByPdArgs {
    #[serde(rename = "pdOrder")]
    pub order: PdOrder,
    #[serde(rename = "specList")]
    pub specs: Vec<PdSpec>,
}

/// The arguments of `wms.stockin.Purchase.upload`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StockinUploadArgs {
    pub stockin_order: StockinOrder,
    pub stockin_detail_list: Vec<StockinOrderDetail>,
}

use crate::endpoint::Kind;

crate::endpoint!(
    /// 盘点单推送: overwrite the counted stock of a warehouse.
    StockSyncByPdCall: Flagship "wms.StockPd.stockSyncByPd", Kind::Push,
    args ["pdOrder", "specList"] / 2, StockSyncByPdArgs => PdResult);
crate::endpoint!(
    /// 库存查询: stock records (`data` the list, `total` beside it).
    StockSearchCall: Flagship "wms.StockSpec.search", Kind::Query { paged: true },
    args ["params", "pager"] / 1, Params<StockSearch> => Vec<StockSpec>);
crate::endpoint!(
    /// 盘点单查询.
    QueryStockPdCall: Flagship "wms.StockPd.queryStockPd", Kind::Query { paged: true },
    args ["params", "pager"] / 1, Params<StockPdQuery> => StockPdList);
crate::endpoint!(
    /// 盘点单明细查询 (`data` the list, `total` beside it).
    QueryStockPdDetailCall: Flagship "wms.StockPd.queryStockPdDetail", Kind::Query { paged: true },
    args ["params", "pager"] / 1, Params<StockPdDetailQuery> => Vec<StockPdDetail>);
crate::endpoint!(
    /// 库存变化记录查询.
    QueryChangeHistoryCall: Flagship "wms.StockSpec.queryChangeHistory", Kind::Query { paged: true },
    args ["params", "pager"] / 1, Params<ChangeHistoryQuery> => ChangeHistoryList);
crate::endpoint!(
    /// 采购单新建: the new order's number is `message`.
    CreatePurchaseOrderCall: Flagship "purchase.PurchaseOrder.createOrder", Kind::Push,
    args ["params"] / 1, Params<PurchaseOrderNew> => CreateOrderResult);
crate::endpoint!(
    /// 采购单及明细查询.
    QueryPurchaseOrdersCall: Flagship "purchase.PurchaseOrder.queryWithDetail", Kind::Query { paged: true },
    args ["params", "pager"] / 1, Params<PurchaseOrderQuery> => PurchaseOrderList);
crate::endpoint!(
    /// 采购入库单推送: answers the new `RK…` number.
    UploadPurchaseStockinCall: Flagship "wms.stockin.Purchase.upload", Kind::Push,
    args ["stockin_order", "stockin_detail_list"] / 2, StockinUploadArgs => String);
crate::endpoint!(
    /// 采购入库单查询.
    QueryPurchaseStockinsCall: Flagship "wms.stockin.Purchase.queryWithDetail", Kind::Query { paged: true },
    args ["params", "pager"] / 1, Params<PurchaseStockinQuery> => PurchaseStockinList);
