//! Other in/out business orders (其它入库/出库业务单): the stock a caller plans to bring into or
//! take out of one warehouse, done later by the other stock-ins/outs that name the order
//! (`src_order_no`).

/// `wms.stockother.In.push` / `.Out.push`, `wms.stockother.InQuery.queryWithDetail` /
/// `.OutQuery.queryWithDetail`, `wms.stockother.In.cancelOrder` / `.Out.cancelOrder`.
pub mod flagship {
    use serde::{Deserialize, Serialize};

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};
    use crate::Dec4;

    pub use super::super::flagship::Params;

    /// The header of either push (`order`). The receiver's fields and `create_check_stock`
    /// are the stock-out order's.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OrderHead {
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub warehouse_no: Option<String>,
        /// Becomes the order's number; one order of the kind per seller.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub outer_no: Option<String>,
        /// true: 已审核 (takes stock-ins/outs at once); false (default): 待审核.
        #[serde(
            default,
            deserialize_with = "lenient::opt_flag::deserialize",
            skip_serializing_if = "Option::is_none"
        )]
        pub is_check: Option<bool>,
        /// Stock-out orders: 0 check the available stock at creation, 1 (default) at the check.
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub create_check_stock: Option<i64>,
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
        pub logistics_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub reason: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub flag_name: Option<String>,
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
        pub receiver_name: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub receiver_mobile: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub receiver_province: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub receiver_city: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub receiver_district: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub receiver_address: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub prop1: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub prop2: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub prop3: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub prop4: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub prop5: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub prop6: Option<String>,
    }

    /// A line of either push (`order_details`).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OrderDetail {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub position_no: Option<String>,
        /// A stock-in order creates a batch the seller does not know.
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
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub production_date: Option<String>,
        #[serde(
            default,
            deserialize_with = "lenient::opt_flag::deserialize",
            skip_serializing_if = "Option::is_none"
        )]
        pub defect: Option<bool>,
        /// Accepted and echoed, not converted: openwdt keeps no auxiliary units.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub aux_unit_name: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
        /// 入库价 (stock-in orders).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub price: Option<Num>,
    }

    /// `[order, order_details]`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OrderPushArgs {
        pub order: OrderHead,
        #[serde(default)]
        pub order_details: Vec<OrderDetail>,
    }

    /// `data` of either push: `status` 0 and the order's number in `message` (and, for a
    /// stock-out order, in `outer_no`, as the vendor's example answers).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct OrderPushResult {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub outer_no: Option<String>,
        pub message: String,
        pub status: i64,
    }

    /// `[order_no_list]` of either cancel.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct CancelOrders {
        #[serde(with = "lenient::text_list")]
        pub order_no_list: Vec<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct CancelResult {
        pub success_data: Vec<String>,
        pub error_data: Vec<CancelError>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct CancelError {
        pub order_no: String,
        pub err_msg: String,
    }

    /// `params` of either query; the number is `other_in_no` or `other_out_no`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OrderQuery {
        /// 1 creation (default), 2 last modification.
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub time_type: Option<i64>,
        /// Required with `end_time` unless a number is given; at most 30 days apart.
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
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub other_in_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub other_out_no: Option<String>,
        /// A status, or several joined with commas.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub status: Option<String>,
        /// The number matches any order whose number contains it; more than one is an error.
        #[serde(
            default,
            deserialize_with = "lenient::opt_flag::deserialize",
            skip_serializing_if = "Option::is_none"
        )]
        pub fuzzy_query: Option<bool>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct InOrderList {
        pub order: Vec<InOrder>,
        pub total_count: i64,
    }

    /// An other-in business order (`created`, `modified`: epoch milliseconds, as the vendor's
    /// example answers them).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct InOrder {
        pub rec_id: i64,
        pub other_in_no: String,
        pub status: i64,
        pub warehouse_no: String,
        pub warehouse_name: String,
        pub warehouse_id: i64,
        pub logistics_no: String,
        pub logistics_name: String,
        pub logistics_id: i64,
        pub remark: String,
        pub employee_name: String,
        pub note_count: i64,
        pub reason: String,
        pub created: i64,
        pub modified: i64,
        pub prop1: String,
        pub prop2: String,
        pub prop3: String,
        pub prop4: String,
        pub prop5: String,
        pub prop6: String,
        /// The WMS's number: openwdt is its own WMS, so always empty.
        pub outer_no: String,
        pub detail_list: Vec<InOrderDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct InOrderDetail {
        pub rec_id: i64,
        pub other_in_id: i64,
        pub num: Dec4,
        pub num2: Dec4,
        /// 已入库数量: what the order's completed stock-ins brought in.
        pub in_num: Dec4,
        pub expire_date: String,
        pub remark: String,
        pub goods_name: String,
        pub goods_no: String,
        pub goods_id: i64,
        pub spec_id: i64,
        pub short_name: String,
        pub spec_no: String,
        pub spec_name: String,
        pub spec_code: String,
        pub barcode: String,
        pub position_no: String,
        pub defect: bool,
        pub modified_date: String,
        pub created_date: String,
        pub batch_no: String,
        pub production_date: String,
        pub price: Dec4,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct OutOrderList {
        pub order: Vec<OutOrder>,
        pub total_count: i64,
    }

    /// An other-out business order.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct OutOrder {
        pub rec_id: i64,
        pub other_out_no: String,
        pub status: i64,
        pub warehouse_no: String,
        pub warehouse_name: String,
        pub warehouse_id: i64,
        pub logistics_no: String,
        pub logistics_name: String,
        pub logistics_id: i64,
        pub receiver_name: String,
        pub receiver_province: String,
        pub receiver_city: String,
        pub receiver_district: String,
        pub receiver_address: String,
        pub receiver_mobile: String,
        /// Orders hold no stock in openwdt: always false.
        pub is_reserved: bool,
        pub remark: String,
        pub employee_name: String,
        pub note_count: i64,
        pub reason: String,
        pub created: i64,
        pub modified: i64,
        pub prop1: String,
        pub prop2: String,
        pub prop3: String,
        pub prop4: String,
        pub prop5: String,
        pub prop6: String,
        pub outer_no: String,
        pub detail_list: Vec<OutOrderDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct OutOrderDetail {
        pub rec_id: i64,
        pub other_out_id: i64,
        pub num: Dec4,
        pub num2: Dec4,
        /// 已出库数量: what the order's completed stock-outs took out.
        pub out_num: Dec4,
        pub expire_date: String,
        pub remark: String,
        pub goods_name: String,
        pub goods_id: i64,
        pub spec_id: i64,
        pub goods_no: String,
        pub short_name: String,
        pub spec_no: String,
        pub spec_name: String,
        pub spec_code: String,
        pub barcode: String,
        pub defect: bool,
        pub modified_date: String,
        pub created_date: String,
        pub batch_no: String,
        pub production_date: String,
        pub price: Dec4,
    }

    crate::endpoint!(
        /// 其它入库业务单创建: 已审核 (`is_check` true) or 待审核.
        InOrderPushCall: Flagship "wms.stockother.In.push", Kind::Push,
        args ["order", "order_details"] / 2, OrderPushArgs => OrderPushResult
    );
    crate::endpoint!(
        /// 其它入库业务单查询, with each line's `in_num`.
        InOrderQueryCall: Flagship "wms.stockother.InQuery.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<OrderQuery> => InOrderList
    );
    crate::endpoint!(
        /// 其他入库业务单取消: 编辑中, 待审核, 已审核; each order on its own.
        InOrderCancelCall: Flagship "wms.stockother.In.cancelOrder", Kind::Push,
        args ["order_no_list"] / 1, CancelOrders => CancelResult
    );
    crate::endpoint!(
        /// 其它出库业务单创建.
        OutOrderPushCall: Flagship "wms.stockother.Out.push", Kind::Push,
        args ["order", "order_details"] / 2, OrderPushArgs => OrderPushResult
    );
    crate::endpoint!(
        /// 其它出库业务单查询, with each line's `out_num`.
        OutOrderQueryCall: Flagship "wms.stockother.OutQuery.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<OrderQuery> => OutOrderList
    );
    crate::endpoint!(
        /// 其他出库业务单取消.
        OutOrderCancelCall: Flagship "wms.stockother.Out.cancelOrder", Kind::Push,
        args ["order_no_list"] / 1, CancelOrders => CancelResult
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::{decode_args, encode_args};
        use serde_json::json;

        #[test]
        fn documented_examples_decode() {
            let r = decode_args::<InOrderPushCall>(vec![
                json!({"outer_no": "stockother_out02", "warehouse_no": "1002", "remark": "API TEST", "is_check": true}),
                json!([{"spec_no": "PC_2018", "num": "200.0000", "defect": false, "batch_no": "11111",
                        "expire_date": "2020-07- 01 00:00:00"}]),
            ])
            .unwrap();
            assert_eq!(r.order.outer_no.as_deref(), Some("stockother_out02"));
            assert_eq!(r.order.is_check, Some(true));
            let d = &r.order_details[0];
            assert_eq!((d.num.as_str(), d.defect), ("200.0000", Some(false)));
            let r = decode_args::<OutOrderCancelCall>(vec![json!(["QR3796", "QR3795", "QR3797"])])
                .unwrap();
            assert_eq!(r.order_no_list, ["QR3796", "QR3795", "QR3797"]);
            let r = decode_args::<OutOrderQueryCall>(vec![
                json!({"start_time": "2020-10-23 00:00:00", "end_time": "2020-11-22 00:00:00"}),
            ])
            .unwrap();
            assert_eq!(r.params.start_time.as_deref(), Some("2020-10-23 00:00:00"));
        }

        #[test]
        fn loose_input_decodes_and_errors_name_the_path() {
            let r = decode_args::<OutOrderPushCall>(vec![
                json!({"warehouse_no": 1002, "is_check": "1", "create_check_stock": "0"}),
                json!([{"spec_no": "A", "num": 1.5, "defect": 1}]),
            ])
            .unwrap();
            assert_eq!(r.order.warehouse_no.as_deref(), Some("1002"));
            assert_eq!(
                (r.order.is_check, r.order.create_check_stock),
                (Some(true), Some(0))
            );
            assert_eq!(r.order_details[0].defect, Some(true));
            let e = decode_args::<InOrderPushCall>(vec![
                json!({"warehouse_no": "W"}),
                json!([{"spec_no": "A", "num": "1"}, {"spec_no": ["x"], "num": "1"}]),
            ])
            .unwrap_err();
            assert_eq!(e.path, "order_details[1].spec_no");
        }

        #[test]
        fn a_client_sends_the_vendors_booleans() {
            let args = OrderPushArgs {
                order: OrderHead {
                    warehouse_no: Some("W".into()),
                    is_check: Some(true),
                    ..Default::default()
                },
                order_details: vec![OrderDetail {
                    spec_no: "A".into(),
                    num: Num::raw("2"),
                    defect: Some(false),
                    ..Default::default()
                }],
            };
            let v = encode_args::<InOrderPushCall>(&args).unwrap();
            assert_eq!(v[0], json!({"warehouse_no": "W", "is_check": true}));
            assert_eq!(v[1][0]["defect"], json!(false));
        }

        #[test]
        fn answers_round_trip() {
            let a = OutOrderList {
                order: vec![OutOrder {
                    other_out_no: "QC1".into(),
                    status: 60,
                    detail_list: vec![OutOrderDetail {
                        num: "3".parse().unwrap(),
                        out_num: "1".parse().unwrap(),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                total_count: 1,
            };
            let back: OutOrderList =
                serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
            assert_eq!(back, a);
        }
    }
}
