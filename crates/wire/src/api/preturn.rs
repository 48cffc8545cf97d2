//! Purchase returns (采购退货单) and their stock-outs (采购退货出库单).

/// `purchase.PurchaseReturn.{createOrder, queryWithDetail, cancelOrder, batchCancelOrder,
/// pending}`, `wms.stockout.PurchaseReturn.{createOrder, queryWithDetail}`.
pub mod flagship {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};
    use crate::Dec4;

    pub use super::super::flagship::Params;
    pub use super::super::transfer::flagship::{PendingError, PushResult};

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnInfo {
        /// Required; becomes the return's number.
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub provider_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_no: Option<String>,
        pub post_fee: Option<Num>,
        pub other_fee: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub contact: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub telno: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub receive_address: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub receive_province: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub receive_city: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub receive_district: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub prop1: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub prop2: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        #[serde(
            default,
            with = "lenient::text_list",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub ref_purchase_nos: Vec<String>,
        #[serde(default, with = "lenient::opt_int")]
        pub check_fail_cancel: Option<i64>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        pub discount: Option<Num>,
        pub tax_rate: Option<Num>,
        pub price: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub unit_name: Option<String>,
        #[serde(default, with = "lenient::opt_flag")]
        pub defect: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub batch_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub expire_date: Option<String>,
        pub tax_price: Option<Num>,
    }

    /// `[orderInfo, detailList, is_check]`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct CreateReturnArgs {
        #[serde(rename = "orderInfo")]
        pub order_info: ReturnInfo,
        #[serde(rename = "detailList")]
        pub detail_list: Vec<ReturnDetail>,
        #[serde(default, with = "lenient::flag")]
        pub is_check: bool,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnNo {
        #[serde(with = "lenient::text")]
        pub return_no: String,
    }

    /// `data` of a cancel: `message` OK.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct CancelResult {
        pub message: String,
        pub status: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct BatchCancelArgs {
        #[serde(rename = "returnNos", with = "lenient::text_list")]
        pub return_nos: Vec<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct BatchCancelResult {
        pub error_info: Vec<PendingError>,
        pub error_num: i64,
        pub status: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PendingArgs {
        #[serde(rename = "purchaseReturnNos", with = "lenient::text_list")]
        pub purchase_return_nos: Vec<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PendingResult {
        pub error_info: Vec<PendingError>,
        pub status: i64,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnQuery {
        #[serde(default, with = "lenient::opt_text")]
        pub provider_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub return_no: Option<String>,
        #[serde(default, with = "lenient::opt_int")]
        pub status: Option<i64>,
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        #[serde(default, with = "lenient::opt_flag")]
        pub fuzzy_query: Option<bool>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnList {
        pub order: Vec<ReturnRow>,
        pub total_count: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnRow {
        pub return_id: i64,
        pub check_operator_name: String,
        pub check_time: String,
        pub city: String,
        pub contact: String,
        pub created: String,
        pub creator_name: String,
        pub district: String,
        pub goods_count: Dec4,
        pub goods_fee: Dec4,
        pub goods_out_count: Dec4,
        pub goods_type_count: i64,
        pub is_reserved: bool,
        pub logistics_type: i64,
        pub logistics_no: String,
        pub logistics_id: i64,
        pub modified: String,
        pub note_count: i64,
        pub other_fee: Dec4,
        pub outer_no: String,
        pub post_fee: Dec4,
        pub provider_name: String,
        pub province: String,
        pub purchaser_name: String,
        pub receive_address: String,
        pub remark: String,
        pub return_no: String,
        pub settle_status: i64,
        /// 10 已取消, 20 编辑中, 30 待审核, 40 已审核, 60 已完成 (部分出库 answers 40).
        pub status: i64,
        pub telno: String,
        /// 1 退货, 2 换货.
        #[serde(rename = "type")]
        pub return_type: i64,
        pub warehouse_name: String,
        pub warehouse_no: String,
        pub warehouse_id: i64,
        pub provider_no: String,
        pub purchase_no: String,
        /// 0 未出库, 1 部分出库, 2 已出库, 3 停止出库.
        pub stockout_status: i64,
        pub prop1: String,
        pub prop2: String,
        pub detail_list: Vec<ReturnRowDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnRowDetail {
        pub rec_id: i64,
        pub spec_no: String,
        pub spec_id: i64,
        pub prop1: String,
        pub prop2: String,
        pub return_id: i64,
        pub defect: bool,
        pub provider_goods_no: String,
        pub num: Dec4,
        pub num2: Dec4,
        pub out_num: Dec4,
        pub settle_num: Dec4,
        pub unit_ratio: Dec4,
        pub price: Dec4,
        pub discount: Dec4,
        pub tax_rate: Dec4,
        pub tax_price: Dec4,
        pub amount: Dec4,
        pub out_amount: Dec4,
        pub remark: String,
        pub modified: String,
        pub created: String,
        pub unit_name: String,
        pub base_unit_name: String,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutInfo {
        #[serde(default, with = "lenient::opt_text")]
        pub return_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_code: Option<String>,
        /// 0 (default) 未确认, 1 待审核, 2 已审核 (posted).
        #[serde(default, with = "lenient::opt_int")]
        pub create_mode: Option<i64>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(default, with = "lenient::opt_text")]
        pub unit_name: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub batch_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub expire_date: Option<String>,
        #[serde(default, with = "lenient::opt_flag")]
        pub defect: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    /// `[orderInfo, detailList]`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutArgs {
        #[serde(rename = "orderInfo")]
        pub order_info: ReturnOutInfo,
        #[serde(rename = "detailList")]
        pub detail_list: Vec<ReturnOutDetail>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutQuery {
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        /// 1 stock-out time (default), 2 created, 3 modified.
        #[serde(default, with = "lenient::opt_int")]
        pub time_type: Option<i64>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub stockout_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub src_order_no: Option<String>,
        /// Statuses joined with commas.
        #[serde(default, with = "lenient::opt_text")]
        pub status: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnOutList {
        pub total_count: i64,
        pub order: Vec<ReturnOutRow>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnOutRow {
        pub stockout_id: i64,
        pub order_no: String,
        pub src_order_no: String,
        pub warehouse_no: String,
        /// Absent while the stock-out has not gone out.
        pub consign_time: Option<String>,
        pub status: i64,
        pub goods_count: Dec4,
        pub logistics_no: String,
        pub post_fee: Dec4,
        pub receiver_name: String,
        pub receiver_province: String,
        pub receiver_city: String,
        pub receiver_district: String,
        pub receiver_address: String,
        pub receiver_telno: String,
        pub remark: String,
        pub weight: Dec4,
        pub provider_no: String,
        pub provider_name: String,
        pub last_load_purchase_no: String,
        pub goods_type_count: i64,
        pub create_time: String,
        pub operator_name: String,
        pub goods_total_cost: Dec4,
        pub goods_total_amount: Dec4,
        pub checked_goods_total_cost: Dec4,
        pub modified: String,
        pub prop1: String,
        pub prop2: String,
        pub details_list: Vec<ReturnOutRowDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnOutRowDetail {
        pub rec_id: i64,
        pub stockout_id: i64,
        pub spec_no: String,
        pub goods_count: Dec4,
        pub total_amount: Dec4,
        pub sell_price: Dec4,
        pub remark: String,
        pub brand_no: String,
        pub brand_name: String,
        pub goods_name: String,
        pub goods_no: String,
        pub spec_name: String,
        pub spec_code: String,
        pub cost_price: Dec4,
        pub weight: Dec4,
        pub goods_type: i64,
        pub goods_unit: String,
        pub batch_no: String,
        pub expire_date: String,
        pub defect: bool,
        pub position_no: String,
        pub total_checked_cost_price: Dec4,
        pub prop1: String,
        pub prop2: String,
        pub position_details_list: Vec<PositionDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PositionDetail {
        pub rec_id: i64,
        pub stockout_detail_id: i64,
        pub position_id: i64,
        pub position_no: String,
        pub expire_date: String,
        pub batch_no: String,
        pub position_goods_count: Dec4,
    }

    crate::endpoint!(
        /// 采购退货单新建: answers the number (the outer number).
        CreateReturnCall: Flagship "purchase.PurchaseReturn.createOrder", Kind::Push,
        args ["orderInfo", "detailList", "is_check"] / 2, CreateReturnArgs => PushResult
    );
    crate::endpoint!(
        /// 采购退货单及明细查询, with each line's out_num.
        QueryReturnsCall: Flagship "purchase.PurchaseReturn.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<ReturnQuery> => ReturnList
    );
    crate::endpoint!(
        /// 采购退货单取消: 编辑中/待审核.
        CancelReturnCall: Flagship "purchase.PurchaseReturn.cancelOrder", Kind::Push,
        args ["return_no"] / 1, ReturnNo => CancelResult
    );
    crate::endpoint!(
        /// 采购退货批量取消: each return on its own.
        BatchCancelReturnsCall: Flagship "purchase.PurchaseReturn.batchCancelOrder", Kind::Push,
        args ["returnNos"] / 1, BatchCancelArgs => BatchCancelResult
    );
    crate::endpoint!(
        /// 采购退货单停止等待: a return 部分出库 ends 已完成.
        PendingReturnsCall: Flagship "purchase.PurchaseReturn.pending", Kind::Push,
        args ["purchaseReturnNos"] / 1, PendingArgs => PendingResult
    );
    crate::endpoint!(
        /// 采购退货出库单新建.
        ReturnOutCall: Flagship "wms.stockout.PurchaseReturn.createOrder", Kind::Push,
        args ["orderInfo", "detailList"] / 2, ReturnOutArgs => PushResult
    );
    crate::endpoint!(
        /// 采购退货出库单查询.
        QueryReturnOutsCall: Flagship "wms.stockout.PurchaseReturn.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<ReturnOutQuery> => ReturnOutList
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_args;
        use serde_json::json;

        #[test]
        fn documented_examples_decode() {
            let r = decode_args::<CreateReturnCall>(vec![
                json!({"warehouse_no": "wdtapi3-test", "outer_no": "20230112002CGTK",
                       "ref_purchase_nos": ["RH23011110", "RH22122901"], "provider_no": "LJTest"}),
                json!([{"defect": true, "price": 10, "num": 3, "spec_no": "xiaowanzi"}]),
                json!(true),
            ])
            .unwrap();
            assert!(r.is_check);
            assert_eq!(r.order_info.ref_purchase_nos.len(), 2);
            assert_eq!(r.detail_list[0].defect, Some(true));
            assert_eq!(r.detail_list[0].price.as_ref().unwrap().as_str(), "10");
            let r = decode_args::<BatchCancelReturnsCall>(vec![json!(["CR1", "CR2"])]).unwrap();
            assert_eq!(r.return_nos, ["CR1", "CR2"]);
            let r = decode_args::<ReturnOutCall>(vec![
                json!({"return_no": "CR1", "warehouse_no": "W", "create_mode": 2}),
                json!([{"spec_no": "A", "num": "1"}]),
            ])
            .unwrap();
            assert_eq!(r.order_info.create_mode, Some(2));
        }

        #[test]
        fn a_type_error_names_its_path() {
            let e = decode_args::<CreateReturnCall>(vec![
                json!({"outer_no": "R1"}),
                json!([{"spec_no": "A", "num": "1", "defect": "maybe"}]),
            ])
            .unwrap_err();
            assert_eq!(e.path, "detailList[0].defect");
        }
    }
}

/// `purchase_return_push.php`, `purchase_return_query.php`, `purchase_return_end.php`,
/// `purchase_return_order_push.php`, `stockout_order_query_return.php`.
pub mod enterprise {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};
    use crate::Dec4Str;

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        pub price: Option<Num>,
        /// The tax rate.
        pub tax: Option<Num>,
        pub discount: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub detail_remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnInfo {
        #[serde(default, with = "lenient::opt_text")]
        pub provider_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        #[serde(default, with = "lenient::opt_flag")]
        pub is_check: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub purchaser_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub purchaser_name: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_code: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub receiver_province: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub receiver_city: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub receiver_district: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub contact: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub telno: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub address: Option<String>,
        pub post_fee: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub prop1: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub prop2: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub purchase_no: Option<String>,
        pub detail_list: Option<Vec<ReturnDetail>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnPush {
        #[serde(
            default,
            with = "lenient::opt_json_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub return_info: Option<ReturnInfo>,
    }

    /// Decided (the SDK's answer class is empty): the return's number beside `code`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnPushAnswer {
        pub return_no: String,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnQuery {
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        #[serde(default, with = "lenient::opt_int")]
        pub status: Option<i64>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub return_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub api_outer_no: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnQueryAnswer {
        pub total_count: Option<i64>,
        pub purchase_list: Vec<ReturnRow>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnRow {
        pub return_id: i64,
        pub return_no: String,
        pub provider_no: String,
        pub provider_name: String,
        /// 10 已取消, 20 编辑中, 30 待审核, 40 已审核, 50 部分出库, 60 已完成.
        pub status: i64,
        #[serde(rename = "type")]
        pub return_type: i64,
        pub warehouse_no: String,
        pub warehouse_name: String,
        pub purchaser_name: String,
        pub logistics_type: String,
        pub other_fee: Dec4Str,
        pub post_fee: Dec4Str,
        pub goods_fee: Dec4Str,
        pub goods_count: Dec4Str,
        pub goods_type_count: i64,
        pub goods_out_count: Dec4Str,
        pub creator_name: String,
        pub check_operator_name: String,
        pub check_time: String,
        pub created: String,
        pub modified: String,
        pub api_outer_no: String,
        pub outer_no: String,
        pub contact: String,
        pub receive_address: String,
        pub province: String,
        pub city: String,
        pub district: String,
        pub remark: String,
        pub details_list: Vec<ReturnRowDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnRowDetail {
        pub goods_no: String,
        pub spec_no: String,
        pub goods_name: String,
        pub spec_name: String,
        pub num: Dec4Str,
        pub num2: Dec4Str,
        pub price: Dec4Str,
        pub discount: Dec4Str,
        pub amount: Dec4Str,
        pub tax: Dec4Str,
        pub tax_amount: Dec4Str,
        pub out_num: Dec4Str,
        pub out_amount: Dec4Str,
        pub tax_price: Dec4Str,
        pub modified: String,
        pub created: String,
        pub remark: String,
    }

    /// Decided (reconstructed from an SDK type): `type` 0 cancel, 1 stop waiting;
    /// `is_reject_review` 1 lets a return 已审核 be cancelled.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnEnd {
        #[serde(rename = "type", with = "lenient::int")]
        pub end_type: i64,
        #[serde(default, with = "lenient::opt_flag")]
        pub is_reject_review: Option<bool>,
        #[serde(with = "lenient::json_text")]
        pub purchase_return_no_list: Vec<ReturnEndItem>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnEndItem {
        #[serde(with = "lenient::text")]
        pub purchase_return_no: String,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnEndAnswer {
        pub error_count: i64,
        pub error_list: Option<Vec<ReturnEndError>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnEndError {
        pub purchase_return_no: String,
        pub error: String,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        pub price: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub batch_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutInfo {
        #[serde(default, with = "lenient::opt_text")]
        pub return_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_no: Option<String>,
        pub post_cost: Option<Num>,
        #[serde(default, with = "lenient::opt_flag")]
        pub is_check: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        pub detail_list: Option<Vec<ReturnOutDetail>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutPush {
        #[serde(
            default,
            with = "lenient::opt_json_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub purchase_return_info: Option<ReturnOutInfo>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnOutPushAnswer {
        pub stockout_no: String,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReturnOutQuery {
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub stockout_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_int")]
        pub status: Option<i64>,
        #[serde(default, with = "lenient::opt_text")]
        pub src_order_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnOutQueryAnswer {
        pub total_count: Option<i64>,
        pub stockout_list: Vec<ReturnOutRow>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnOutRow {
        pub stockout_id: i64,
        pub order_no: String,
        pub stockout_no: String,
        pub src_order_no: String,
        pub return_no: String,
        pub outer_no: String,
        pub warehouse_no: String,
        pub warehouse_type: i64,
        pub provider_no: String,
        pub provider_name: String,
        pub status: i64,
        pub consign_time: String,
        /// 3 采购退货出库.
        pub order_type: i64,
        pub src_order_type: i64,
        pub order_type_name: String,
        pub goods_type_count: i64,
        pub goods_count: Dec4Str,
        pub goods_total_amount: Dec4Str,
        pub goods_total_cost: Dec4Str,
        pub post_fee: Dec4Str,
        pub logistics_no: String,
        pub operator_name: String,
        pub remark: String,
        pub modified: String,
        pub details_list: Vec<ReturnOutRowDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ReturnOutRowDetail {
        pub goods_no: String,
        pub goods_name: String,
        pub spec_no: String,
        pub spec_name: String,
        pub num: Dec4Str,
        pub price: Dec4Str,
        pub goods_count: Dec4Str,
        pub sell_price: Dec4Str,
        pub total_amount: Dec4Str,
        pub batch_no: String,
        pub src_order_type: i64,
        pub remark: String,
        pub modified: String,
        pub created: String,
        pub position_list: Vec<PositionGoods>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PositionGoods {
        pub position_no: String,
        pub position_goods_count: Dec4Str,
    }

    crate::endpoint!(
        /// 创建采购退货单, keyed by `outer_no`.
        ReturnPushCall: Enterprise "purchase_return_push.php",
        Kind::KeyedPush { outer_field: "outer_no", number_field: "return_no" },
        ReturnPush => ReturnPushAnswer
    );
    crate::endpoint!(
        /// 查询采购退货单.
        ReturnQueryCall: Enterprise "purchase_return_query.php", Kind::Query { paged: true },
        ReturnQuery => ReturnQueryAnswer
    );
    crate::endpoint!(
        /// 取消采购退货单 / 停止等待.
        ReturnEndCall: Enterprise "purchase_return_end.php", Kind::Push,
        ReturnEnd => ReturnEndAnswer
    );
    crate::endpoint!(
        /// 创建采购退货出库单, keyed by `outer_no`.
        ReturnOutPushCall: Enterprise "purchase_return_order_push.php",
        Kind::KeyedPush { outer_field: "outer_no", number_field: "stockout_no" },
        ReturnOutPush => ReturnOutPushAnswer
    );
    crate::endpoint!(
        /// 查询采购退货出库单.
        ReturnOutQueryCall: Enterprise "stockout_order_query_return.php", Kind::Query { paged: true },
        ReturnOutQuery => ReturnOutQueryAnswer
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_form;

        fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        }

        #[test]
        fn sdk_shaped_requests_decode() {
            let r = decode_form::<ReturnPushCall>(&form(&[(
                "return_info",
                r#"{"provider_no":"P1","outer_no":"R1","warehouse_no":"W","is_check":1,
                    "detail_list":[{"spec_no":"A","num":"2","price":"5","detail_remark":"x"}]}"#,
            )]))
            .unwrap();
            let info = r.return_info.unwrap();
            assert_eq!(info.is_check, Some(true));
            assert_eq!(info.detail_list.unwrap()[0].num.as_str(), "2");
            let r = decode_form::<ReturnEndCall>(&form(&[
                ("type", "0"),
                (
                    "purchase_return_no_list",
                    r#"[{"purchase_return_no":"CR1"}]"#,
                ),
            ]))
            .unwrap();
            assert_eq!(r.purchase_return_no_list[0].purchase_return_no, "CR1");
            let e = decode_form::<ReturnOutPushCall>(&form(&[(
                "purchase_return_info",
                r#"{"return_no":"CR1","detail_list":[{"spec_no":"A","num":[]}]}"#,
            )]))
            .unwrap_err();
            assert_eq!(e.path, "purchase_return_info.detail_list[0].num");
        }
    }
}
