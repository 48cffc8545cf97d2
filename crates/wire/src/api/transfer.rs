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

/// `stock_transfer_push.php` (quick and two-step).
pub mod enterprise {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};

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
    }
}
