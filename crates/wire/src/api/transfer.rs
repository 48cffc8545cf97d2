//! Transfers between warehouses (调拨单) and their stock-outs and stock-ins.

/// `wms.stocktransfer.Edit.createOrder`, `wms.stocktransfer.Manage.{queryWithDetail,
/// cancelOrder, pending}`, `wms.stockout.Transfer.{createOrder, cancelOrder}`,
/// `wms.stockin.Transfer.{createOrder, cancelOrder}`.
pub mod flagship {
    use serde::{Deserialize, Serialize};

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};
    use crate::Dec4;

    pub use super::super::flagship::Params;

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferInfo {
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub outer_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub from_warehouse_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub to_warehouse_no: Option<String>,
        /// 0/1/2 two-step (单品/货位/明细); 5/6/7 the same moved at once (出+入).
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub mode: Option<i64>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub contact: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub telno: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub province: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub city: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub district: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub address: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub from_position_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub to_position_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub batch_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub expire_date: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_flag",
            skip_serializing_if = "Option::is_none"
        )]
        pub defect: Option<bool>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
    }

    /// `[orderInfo, detailList, isCheck]`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct CreateTransferArgs {
        #[serde(rename = "orderInfo")]
        pub order_info: TransferInfo,
        #[serde(rename = "detailList")]
        pub detail_list: Vec<TransferDetail>,
        #[serde(rename = "isCheck", default, with = "lenient::flag")]
        pub is_check: bool,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct MoveInfo {
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub src_order_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub warehouse_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub logistics_code: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
        /// 0 待审核 (default), 1 已审核 (posted), 2 未确认 (stock-out) / 编辑中 (stock-in).
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub is_check: Option<i64>,
        #[serde(
            default,
            with = "lenient::opt_flag",
            skip_serializing_if = "Option::is_none"
        )]
        pub is_create_batch: Option<bool>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct MoveDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub unit_name: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub position_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub batch_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub expire_date: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_flag",
            skip_serializing_if = "Option::is_none"
        )]
        pub defect: Option<bool>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
    }

    /// `[orderInfo, detailList, is_check]`; the third (低优先级) is accepted and ignored in
    /// favour of `orderInfo.is_check`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct MoveArgs {
        #[serde(rename = "orderInfo")]
        pub order_info: MoveInfo,
        #[serde(rename = "detailList")]
        pub detail_list: Vec<MoveDetail>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub is_check: Option<serde_json::Value>,
    }

    /// `data` of the pushes: the number in `message`, `status` 0.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PushResult {
        pub message: String,
        pub status: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferNo {
        #[serde(with = "lenient::text")]
        pub transfer_no: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferOutNo {
        #[serde(with = "lenient::text")]
        pub transfer_out_no: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferInNo {
        #[serde(with = "lenient::text")]
        pub transfer_in_no: String,
    }

    /// `[transferNos, isback]`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PendingArgs {
        #[serde(rename = "transferNos", with = "lenient::text_list")]
        pub transfer_nos: Vec<String>,
        /// Bring what is in transit into the destination now.
        #[serde(default, with = "lenient::flag")]
        pub isback: bool,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PendingResult {
        pub error_info: Vec<PendingError>,
        pub status: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PendingError {
        pub order_no: String,
        pub message: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferQuery {
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub start_time: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub end_time: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub from_warehouse_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub to_warehouse_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub transfer_no: Option<String>,
        /// Statuses joined with commas.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub status: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_flag",
            skip_serializing_if = "Option::is_none"
        )]
        pub fuzzy_query: Option<bool>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferList {
        pub total_count: i64,
        pub order: Vec<TransferRow>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferRow {
        pub transfer_id: i64,
        pub transfer_no: String,
        pub mode: i64,
        pub status: i64,
        /// 10 待出库, 20 部分出库未入库, 30 部分出库部分入库, 40 全部出库未入库, 50 全部出库部分入库,
        /// 60 已完成.
        pub stock_out_in_status: i64,
        pub goods_count: Dec4,
        pub goods_type_count: i64,
        pub goods_in_count: Dec4,
        pub goods_out_count: Dec4,
        pub modified: i64,
        pub created: i64,
        pub check_time: String,
        pub remark: String,
        pub from_warehouse_no: String,
        pub to_warehouse_no: String,
        pub creator_name: String,
        pub modified_date: String,
        pub created_date: String,
        pub flag_name: String,
        pub details_list: Vec<TransferRowDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferRowDetail {
        pub transfer_id: i64,
        pub rec_id: i64,
        pub batch_no: String,
        pub expire_date: String,
        pub num: Dec4,
        pub out_num: Dec4,
        pub in_num: Dec4,
        pub remark: String,
        pub goods_no: String,
        pub goods_name: String,
        pub spec_no: String,
        pub spec_name: String,
        pub defect: bool,
    }

    crate::endpoint!(
        /// 调拨单新建: answers the `TF…` number.
        CreateTransferCall: Flagship "wms.stocktransfer.Edit.createOrder", Kind::Push,
        args ["orderInfo", "detailList", "isCheck"] / 3, CreateTransferArgs => PushResult
    );
    crate::endpoint!(
        /// 调拨单查询, with each line's out_num and in_num.
        QueryTransfersCall: Flagship "wms.stocktransfer.Manage.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<TransferQuery> => TransferList
    );
    crate::endpoint!(
        /// 调拨单取消: 编辑中/待审核 (and 已审核 while nothing has moved).
        CancelTransferCall: Flagship "wms.stocktransfer.Manage.cancelOrder", Kind::Push,
        args ["transfer_no"] / 1, TransferNo => ()
    );
    crate::endpoint!(
        /// 调拨单停止等待.
        PendingTransferCall: Flagship "wms.stocktransfer.Manage.pending", Kind::Push,
        args ["transferNos", "isback"] / 2, PendingArgs => PendingResult
    );
    crate::endpoint!(
        /// 调拨出库单新建.
        TransferOutCall: Flagship "wms.stockout.Transfer.createOrder", Kind::Push,
        args ["orderInfo", "detailList", "is_check"] / 2, MoveArgs => PushResult
    );
    crate::endpoint!(
        /// 调拨出库单取消: 未确认 only.
        CancelTransferOutCall: Flagship "wms.stockout.Transfer.cancelOrder", Kind::Push,
        args ["transfer_out_no"] / 1, TransferOutNo => ()
    );
    crate::endpoint!(
        /// 调拨入库单新建.
        TransferInCall: Flagship "wms.stockin.Transfer.createOrder", Kind::Push,
        args ["orderInfo", "detailList", "is_check"] / 2, MoveArgs => PushResult
    );
    crate::endpoint!(
        /// 调拨入库单取消: 编辑中/待审核 only.
        CancelTransferInCall: Flagship "wms.stockin.Transfer.cancelOrder", Kind::Push,
        args ["transfer_in_no"] / 1, TransferInNo => ()
    );

    /// `params` of `wms.stockout.Transfer.queryWithDetail`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferOutQuery {
        /// A window on when they went out (发货时间), required unless a number is given.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub start_time: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub end_time: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub warehouse_no: Option<String>,
        /// The transfer's number.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub src_order_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockout_no: Option<String>,
        /// 按照货位分组: accepted; every line lists its positions anyway.
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub position: Option<i64>,
        /// Statuses joined with commas: 5 已取消, 48 未确认, 50 待审核, 110 已完成.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub status: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferOutList {
        pub total_count: i64,
        pub order: Vec<TransferOutOrder>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferOutOrder {
        pub stockout_id: i64,
        pub order_no: String,
        pub src_order_no: String,
        pub warehouse_no: String,
        pub consign_time: String,
        /// 2 调拨出库.
        pub order_type: i64,
        pub status: i64,
        pub goods_count: Dec4,
        pub post_fee: Dec4,
        pub logistics_no: String,
        pub package_fee: Dec4,
        pub receiver_name: String,
        pub receiver_country: i64,
        pub receiver_province: i64,
        pub receiver_city: i64,
        pub receiver_district: i64,
        pub receiver_address: String,
        pub receiver_mobile: String,
        pub receiver_telno: String,
        pub receiver_zip: String,
        pub remark: String,
        pub weight: Dec4,
        pub st_created: String,
        pub from_warehouse_no: String,
        pub to_warehouse_no: String,
        pub operator_name: String,
        pub goods_total_cost: Dec4,
        pub transfer_id: i64,
        pub detail_list: Vec<TransferOutDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferOutDetail {
        pub rec_id: i64,
        pub stockout_id: i64,
        pub goods_count: Dec4,
        pub remark: String,
        pub brand_no: String,
        pub brand_name: String,
        pub goods_name: String,
        pub goods_no: String,
        pub spec_no: String,
        pub spec_name: String,
        pub spec_code: String,
        pub cost_price: Dec4,
        pub total_amount: Dec4,
        pub weight: Dec4,
        pub goods_type: i64,
        pub std_remark: String,
        pub goods_unit: String,
        pub unit_name: String,
        pub batch_no: String,
        pub expire_date: String,
        pub defect: bool,
        pub position_no: String,
        pub src_order_detail_id: i64,
        pub position_details_list: Vec<TransferOutPosition>,
    }

    /// Where a stock-out line was taken from.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferOutPosition {
        pub rec_id: i64,
        pub stockout_detail_id: i64,
        pub position_id: i64,
        pub position_no: String,
        pub expire_date: String,
        pub batch_no: String,
        pub position_goods_count: Dec4,
    }

    /// `params` of `wms.stockin.Transfer.queryWithDetail`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferInQuery {
        /// A window on the last change, required unless a number is given.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub start_time: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub end_time: Option<String>,
        /// Statuses joined with commas: 10 已取消, 20 编辑中, 30 待审核, 80 已完成.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub status: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub warehouse_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockin_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub transfer_no: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferInList {
        pub order: Vec<TransferInOrder>,
        pub total_count: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferInOrder {
        pub stockin_id: i64,
        pub order_no: String,
        pub created_time: String,
        pub check_time: String,
        pub modified: String,
        pub remark: String,
        pub src_order_no: String,
        pub st_created: String,
        pub status: i64,
        pub goods_count: Dec4,
        pub from_warehouse_no: String,
        pub from_warehouse_name: String,
        pub to_warehouse_no: String,
        pub to_warehouse_name: String,
        pub operator_name: String,
        pub total_price: Dec4,
        pub logistics_no: String,
        /// Only when the stock-in names a logistics company.
        #[serde(skip_serializing_if = "String::is_empty")]
        pub logistics_code: String,
        pub transfer_id: i64,
        pub detail_list: Vec<TransferInDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferInDetail {
        pub stockin_id: i64,
        pub num: Dec4,
        pub total_cost: Dec4,
        pub remark: String,
        pub right_num: Dec4,
        pub rec_id: i64,
        pub goods_name: String,
        pub goods_no: String,
        pub spec_no: String,
        pub prop2: String,
        pub spec_name: String,
        pub spec_code: String,
        pub brand_no: String,
        pub brand_name: String,
        pub goods_unit: String,
        pub defect: bool,
        pub batch_no: String,
        pub expire_date: String,
        pub production_date: String,
        pub position_no: String,
        pub src_order_detail_id: i64,
    }

    /// `params` of `wms.outer.OuterTransfer.createByApi`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OuterTransferInfo {
        /// 0 保存 (编辑中, the default), 1 提交 (待审核), 2 快速审核 (moved at once).
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub create_mode: Option<i64>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub from_warehouse_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub to_warehouse_no: Option<String>,
        /// WMS 借调单编辑中: accepted, no effect (openwdt has no WMS).
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub wms_edit: Option<i64>,
        /// 1/3 单品调拨, 2/4 明细调拨 (batch and expiry per line); all move out and in.
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub mode: Option<i64>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OuterTransferDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub batch_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub expire_date: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_flag",
            skip_serializing_if = "Option::is_none"
        )]
        pub defect: Option<bool>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
    }

    /// `[params, detail_list]`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OuterTransferArgs {
        pub params: OuterTransferInfo,
        pub detail_list: Vec<OuterTransferDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct OuterTransferResult {
        pub transfer_no: String,
    }

    crate::endpoint!(
        /// 调拨出库单查询, with each line's positions.
        QueryTransferOutsCall: Flagship "wms.stockout.Transfer.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<TransferOutQuery> => TransferOutList
    );
    crate::endpoint!(
        /// 调拨入库单查询.
        QueryTransferInsCall: Flagship "wms.stockin.Transfer.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<TransferInQuery> => TransferInList
    );
    crate::endpoint!(
        /// 外仓快速调拨: a quick transfer; answers `transfer_no`.
        OuterTransferCall: Flagship "wms.outer.OuterTransfer.createByApi", Kind::Push,
        args ["params", "detail_list"] / 2, OuterTransferArgs => OuterTransferResult
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_args;
        use serde_json::json;

        #[test]
        fn documented_examples_decode() {
            let r = decode_args::<CreateTransferCall>(vec![
                json!({"from_warehouse_no": "lz", "to_warehouse_no": "jziyy", "mode": 3, "outer_no": "test1111"}),
                json!([{"num": 1, "spec_no": "lz11", "remark": "test1"}]),
                json!(true),
            ])
            .unwrap();
            assert_eq!(r.order_info.mode, Some(3));
            assert!(r.is_check);
            assert_eq!(r.detail_list[0].num.as_str(), "1");
            let r = decode_args::<TransferOutCall>(vec![
                json!({"src_order_no": "TF202003020004", "warehouse_no": "lz", "remark": "test"}),
                json!([{"spec_no": "lz41", "num": 10, "unit_name": "lz1", "remark": "test"}]),
            ])
            .unwrap();
            assert_eq!(r.order_info.src_order_no.as_deref(), Some("TF202003020004"));
            let r = decode_args::<PendingTransferCall>(vec![
                json!(["CG201912300002", "TF202007080002"]),
                json!(false),
            ])
            .unwrap();
            assert_eq!(r.transfer_nos.len(), 2);
            let r = decode_args::<QueryTransferOutsCall>(vec![
                json!({"start_time": "2019-12-11 00:00:00", "end_time": "2019-12-31 00:00:00"}),
            ])
            .unwrap();
            assert_eq!(r.params.end_time.as_deref(), Some("2019-12-31 00:00:00"));
            let r = decode_args::<QueryTransferInsCall>(vec![
                json!({"start_time": "2020-01-01 00:00:00", "end_time": "2020-01-20 00:00:00"}),
            ])
            .unwrap();
            assert_eq!(r.params.transfer_no, None);
            let r = decode_args::<OuterTransferCall>(vec![
                json!({"mode": "2", "wms_edit": "1", "create_mode": "2", "remark": "testMainRemark",
                       "from_warehouse_no": "daj-wms-wdt", "to_warehouse_no": "lz-002"}),
                json!([{"defect": "0", "num": "10", "remark": "testDetailRemark", "spec_no": "daj1"}]),
            ])
            .unwrap();
            assert_eq!((r.params.mode, r.params.create_mode), (Some(2), Some(2)));
            assert_eq!(r.detail_list[0].defect, Some(false));
            assert_eq!(r.detail_list[0].num.as_str(), "10");
        }

        #[test]
        fn a_type_error_names_its_path() {
            let e = decode_args::<TransferInCall>(vec![
                json!({"src_order_no": "TF1"}),
                json!([{"spec_no": "A", "num": "1"}, {"spec_no": "A", "num": {}}]),
            ])
            .unwrap_err();
            assert_eq!(e.path, "detailList[1].num");
        }
    }
}

/// `stock_transfer_push.php` (quick and two-step), `stock_transfer_query.php`, and the
/// two-step transfer's `stockout_transfer_push.php` and `stockin_transfer_push.php`.
pub mod enterprise {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};
    use crate::Dec4Str;

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct Sku {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(default, with = "lenient::opt_text")]
        pub from_position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub to_position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct TransferInfo {
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub from_warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub to_warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub address: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub contact: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub telno: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        /// 0 分步 (two-step), 1 快速 (quick, the default).
        #[serde(default, with = "lenient::opt_int")]
        pub transfer_type: Option<i64>,
        /// 0 单品, 1 货位.
        #[serde(default, with = "lenient::opt_int")]
        pub mode: Option<i64>,
        /// A two-step transfer: 1 checked (ready for stock-outs), 0 (default) stored 编辑中.
        #[serde(default, with = "lenient::opt_flag")]
        pub autocheck: Option<bool>,
        pub skus: Option<Vec<Sku>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockTransferPush {
        #[serde(
            default,
            with = "lenient::opt_json_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub transfer_info: Option<TransferInfo>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockTransferPushAnswer {
        pub transfer_no: String,
    }

    crate::endpoint!(
        /// 创建调拨单, keyed by `outer_no`.
        StockTransferPushCall: Enterprise "stock_transfer_push.php",
        Kind::KeyedPush { outer_field: "outer_no", number_field: "transfer_no" },
        StockTransferPush => StockTransferPushAnswer
    );

    /// `stock_transfer_query.php`'s fields; none given lists every transfer.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockTransferQuery {
        #[serde(default, with = "lenient::opt_text")]
        pub from_warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub to_warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub transfer_no: Option<String>,
        /// One status or several joined with commas.
        #[serde(default, with = "lenient::opt_text")]
        pub status: Option<String>,
        /// The `outer_no` it was pushed with (`api_outer_no` accepted alike).
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub api_outer_no: Option<String>,
        /// A window on the last change, at most 30 days.
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockTransferQueryAnswer {
        pub total_count: Option<i64>,
        pub transfer_list: Vec<Transfer>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Transfer {
        pub transfer_id: i64,
        pub transfer_no: String,
        /// 0 分步, 1 快速.
        #[serde(rename = "type")]
        pub transfer_type: i64,
        /// 0 单品, 1 货位.
        pub mode: i64,
        pub from_warehouse_no: String,
        pub to_warehouse_no: String,
        /// 10 已取消, 20 编辑中, 30 待审核, 40 已审核, 50 部分出库 (anything moved, not all
        /// in), 90 调拨完成.
        pub status: i64,
        pub outer_no: String,
        pub goods_count: Dec4Str,
        pub goods_type_count: i64,
        pub goods_out_count: Dec4Str,
        pub goods_in_count: Dec4Str,
        pub remark: String,
        pub created: String,
        pub modified: String,
        pub details_list: Vec<TransferDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct TransferDetail {
        pub rec_id: i64,
        pub goods_no: String,
        pub goods_name: String,
        pub spec_no: String,
        pub spec_name: String,
        pub from_position: String,
        pub to_position: String,
        pub num: Dec4Str,
        pub out_num: Dec4Str,
        pub in_num: Dec4Str,
        pub remark: String,
    }

    /// A line of a transfer stock-out.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutTransferGoods {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(default, with = "lenient::opt_text")]
        pub position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub batch_no: Option<String>,
        #[serde(default, with = "lenient::opt_flag")]
        pub defect: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutTransferInfo {
        /// The transfer's number (TF…).
        #[serde(default, with = "lenient::opt_text")]
        pub src_order_no: Option<String>,
        /// 1: checked (out of stock, into transit) now; 0 (default): 待审核.
        #[serde(default, with = "lenient::opt_flag")]
        pub is_check: Option<bool>,
        /// The transfer's source.
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_code: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_no: Option<String>,
        pub post_cost: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub flag_name: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        pub detail_list: Option<Vec<StockoutTransferGoods>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutTransferPush {
        #[serde(
            default,
            with = "lenient::opt_json_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockout_info: Option<StockoutTransferInfo>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutTransferPushAnswer {
        pub stockout_no: String,
    }

    /// A line of a transfer stock-in.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinTransferGoods {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        #[serde(alias = "num")]
        pub stockin_num: Num,
        #[serde(default, with = "lenient::opt_text")]
        pub position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub batch_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub production_date: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub expire_date: Option<String>,
        #[serde(default, with = "lenient::opt_flag")]
        pub defect: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinTransferInfo {
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        /// 1: an unknown batch_no creates the batch; 0 (default): refused.
        #[serde(default, with = "lenient::opt_flag", alias = "is_created_batch")]
        pub is_create_batch: Option<bool>,
        /// The transfer's number (TF…).
        #[serde(default, with = "lenient::opt_text")]
        pub src_order_no: Option<String>,
        /// The transfer's destination.
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        /// 1: checked (out of transit, into stock) now; 0 (default): 待审核.
        #[serde(default, with = "lenient::opt_flag")]
        pub is_check: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_code: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        pub goods_list: Option<Vec<StockinTransferGoods>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinTransferPush {
        #[serde(
            default,
            with = "lenient::opt_json_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockin_info: Option<StockinTransferInfo>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinTransferPushAnswer {
        pub stockin_no: String,
    }

    crate::endpoint!(
        /// 查询调拨单, with each line's out and in progress.
        StockTransferQueryCall: Enterprise "stock_transfer_query.php", Kind::Query { paged: true },
        StockTransferQuery => StockTransferQueryAnswer
    );
    crate::endpoint!(
        /// 创建调拨出库单 against a two-step transfer, keyed by `outer_no` (decided: answers
        /// `stockout_no`).
        StockoutTransferPushCall: Enterprise "stockout_transfer_push.php",
        Kind::KeyedPush { outer_field: "outer_no", number_field: "stockout_no" },
        StockoutTransferPush => StockoutTransferPushAnswer
    );
    crate::endpoint!(
        /// 创建调拨入库单 against a two-step transfer, keyed by `outer_no` (decided: answers
        /// `stockin_no`).
        StockinTransferPushCall: Enterprise "stockin_transfer_push.php",
        Kind::KeyedPush { outer_field: "outer_no", number_field: "stockin_no" },
        StockinTransferPush => StockinTransferPushAnswer
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_form;

        #[test]
        fn the_demo_request_decodes() {
            let form = vec![(
                "transfer_info".to_string(),
                r#"{"outer_no":"t1","from_warehouse_no":"A","to_warehouse_no":"B","skus":[{"spec_no":"x","num":"2"}]}"#
                    .to_string(),
            )];
            let r = decode_form::<StockTransferPushCall>(&form).unwrap();
            let t = r.transfer_info.unwrap();
            assert_eq!(t.transfer_type, None);
            assert_eq!(t.skus.unwrap()[0].num.as_str(), "2");
        }

        #[test]
        fn the_transfer_moves_decode() {
            let form = vec![(
                "stockout_info".to_string(),
                r#"{"src_order_no":"TF1","warehouse_no":"A","is_check":"1","outer_no":7,"post_cost":"1.5","detail_list":[{"spec_no":"x","num":2}]}"#
                    .to_string(),
            )];
            let r = decode_form::<StockoutTransferPushCall>(&form).unwrap();
            let o = r.stockout_info.unwrap();
            assert_eq!((o.is_check, o.outer_no.as_deref()), (Some(true), Some("7")));
            assert_eq!(o.detail_list.unwrap()[0].num.as_str(), "2");
            let form = vec![(
                "stockin_info".to_string(),
                r#"{"src_order_no":"TF1","is_created_batch":1,"goods_list":[{"spec_no":"x","num":"1.5"}]}"#
                    .to_string(),
            )];
            let r = decode_form::<StockinTransferPushCall>(&form).unwrap();
            let o = r.stockin_info.unwrap();
            assert_eq!(o.is_create_batch, Some(true));
            assert_eq!(o.goods_list.unwrap()[0].stockin_num.as_str(), "1.5");
            let e = decode_form::<StockinTransferPushCall>(&[(
                "stockin_info".to_string(),
                r#"{"goods_list":[{"spec_no":"x","stockin_num":[]}]}"#.to_string(),
            )])
            .unwrap_err();
            assert_eq!(e.path, "stockin_info.goods_list[0].stockin_num");
            let r = decode_form::<StockTransferQueryCall>(&[(
                "status".to_string(),
                "40,50".to_string(),
            )])
            .unwrap();
            assert_eq!(r.status.as_deref(), Some("40,50"));
        }
    }
}
