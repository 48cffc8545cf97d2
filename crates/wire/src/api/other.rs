//! Other stock-ins and stock-outs (其他入库单 / 其他出库单): stock in or out of one warehouse for
//! a reason of the caller's, with no purchase, transfer or return behind it.

/// `wms.stockin.Other.createOtherOrder` / `.queryWithDetail` / `.cancelOtherOrder`,
/// `wms.stockout.Other.createOther` / `wms.stockout.OtherQuery.queryWithDetail` /
/// `wms.stockout.Other.cancelOtherOrder`.
pub mod flagship {
    use serde::{Deserialize, Serialize};

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};
    use crate::Dec4;

    pub use super::super::flagship::Params;

    /// A goods line of either push (`goods_list`).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OtherGoods {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
        /// A stock-in creates a batch it does not know; a stock-out takes from an existing one.
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
        pub position_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub production_date: Option<String>,
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
        /// Stock-in price (stock-ins only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub stockin_price: Option<Num>,
        /// Serial numbers: accepted, not tracked (openwdt keeps no serial numbers).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sn_list: Option<serde_json::Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sn_new_list: Option<serde_json::Value>,
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub is_enable_sn: Option<i64>,
    }

    /// The header of either push (`stockin_order` / `stockout_order`).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OtherOrder {
        /// Required; becomes the document's number.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub outer_no: Option<String>,
        /// The business order it fulfils; absent: one is created for it.
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
        pub logistics_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub logistics_code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub post_fee: Option<Num>,
        /// 0 待审核 (default), 1 已审核 (posted now), 2 编辑中 (stock-in) / 未确认 (stock-out).
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub is_check: Option<i64>,
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
        pub remark: Option<String>,
        #[serde(default)]
        pub goods_list: Vec<OtherGoods>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinOtherArgs {
        pub stockin_order: OtherOrder,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutOtherArgs {
        pub stockout_order: OtherOrder,
    }

    /// `data` of either push: the document's number in `message`; `status` 0.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PushResult {
        pub message: String,
        pub status: i64,
    }

    /// The two positional arguments of either cancel: `["RK2023082989", true]`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct CancelOther {
        #[serde(with = "lenient::text")]
        pub order_no: String,
        /// false: only 编辑中 (stock-in) / 未确认 (stock-out); true: 待审核 too.
        #[serde(default, with = "lenient::flag")]
        pub is_force: bool,
    }

    /// `params` of `wms.stockin.Other.queryWithDetail`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinOtherQuery {
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
        /// Statuses joined with commas.
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
        /// The business order's number.
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub other_stockin_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub reason_name: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub wms_stock_change_no: Option<String>,
    }

    /// `params` of `wms.stockout.OtherQuery.queryWithDetail`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutOtherQuery {
        /// 1 stock-out time (default), 2 creation, 3 last modification.
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub time_type: Option<i64>,
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
        pub src_order_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockout_no: Option<String>,
        /// A status of the business order (1 编辑中 … 70 已完成, 80 已取消).
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub status: Option<i64>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub reason_name: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinOtherList {
        pub order: Vec<StockinOther>,
        pub total_count: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinOther {
        pub stockin_id: i64,
        pub order_no: String,
        pub status: i64,
        pub warehouse_no: String,
        pub warehouse_name: String,
        pub stockin_time: String,
        pub created_time: String,
        pub reason: String,
        pub remark: String,
        pub goods_count: Dec4,
        pub check_time: String,
        pub src_order_no: String,
        pub operator_name: String,
        pub total_price: Dec4,
        pub total_cost: Dec4,
        pub logistics_company_no: String,
        pub wms_stock_change_no: String,
        pub detail_list: Vec<StockinOtherDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinOtherDetail {
        pub rec_id: i64,
        pub stockin_id: i64,
        pub goods_count: Dec4,
        pub total_cost: Dec4,
        pub remark: String,
        pub right_num: Dec4,
        pub goods_unit: String,
        pub batch_no: String,
        pub production_date: String,
        pub expire_date: String,
        pub goods_name: String,
        pub goods_no: String,
        pub spec_no: String,
        pub prop2: String,
        pub spec_name: String,
        pub spec_code: String,
        pub brand_no: String,
        pub brand_name: String,
        pub defect: bool,
        pub checked_cost_price: Dec4,
        pub position_no: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutOtherList {
        pub order: Vec<StockoutOther>,
        pub total_count: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutOther {
        pub stockout_id: i64,
        pub order_no: String,
        pub src_order_no: String,
        pub warehouse_no: String,
        pub warehouse_name: String,
        pub consign_time: String,
        /// Always 21 (其他出库).
        pub order_type: i64,
        pub status: i64,
        pub goods_count: Dec4,
        pub post_fee: Dec4,
        pub logistics_no: String,
        pub receiver_name: String,
        pub receiver_province: String,
        pub receiver_city: String,
        pub receiver_district: String,
        pub receiver_address: String,
        pub receiver_mobile: String,
        pub remark: String,
        pub weight: Dec4,
        pub operator_name: String,
        pub goods_total_cost: Dec4,
        pub goods_total_amount: Dec4,
        pub modified: String,
        pub reason: String,
        pub checked_goods_total_cost: Dec4,
        pub logistics_company_no: String,
        pub detail_list: Vec<StockoutOtherDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutOtherDetail {
        pub rec_id: i64,
        pub stockout_id: i64,
        pub goods_count: Dec4,
        pub total_amount: Dec4,
        pub expire_date: String,
        pub remark: String,
        pub brand_no: String,
        pub brand_name: String,
        pub goods_name: String,
        pub goods_no: String,
        pub spec_no: String,
        pub spec_name: String,
        pub spec_code: String,
        pub defect: bool,
        pub cost_price: Dec4,
        pub weight: Dec4,
        pub goods_type: i64,
        pub unit_name: String,
        pub batch_no: String,
        pub position_no: String,
        pub position_details_list: Vec<PositionDetail>,
    }

    /// Where a stock-out line's goods were taken from.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PositionDetail {
        pub rec_id: i64,
        pub stockout_detail_id: i64,
        pub position_no: String,
        pub expire_date: String,
        pub batch_no: String,
        pub position_goods_count: Dec4,
    }

    crate::endpoint!(
        /// 其他入库单新建: one document per call; its outer_no becomes its number.
        StockinOtherCreateCall: Flagship "wms.stockin.Other.createOtherOrder", Kind::Push,
        args ["stockin_order"] / 1, StockinOtherArgs => PushResult
    );
    crate::endpoint!(
        /// 其他入库单查询.
        StockinOtherQueryCall: Flagship "wms.stockin.Other.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<StockinOtherQuery> => StockinOtherList
    );
    crate::endpoint!(
        /// 其他入库单取消: 编辑中 (or, forced, 待审核) only.
        StockinOtherCancelCall: Flagship "wms.stockin.Other.cancelOtherOrder", Kind::Push,
        args ["order_no", "is_force"] / 2, CancelOther => ()
    );
    crate::endpoint!(
        /// 其他出库单新建: one document per call; its outer_no becomes its number.
        StockoutOtherCreateCall: Flagship "wms.stockout.Other.createOther", Kind::Push,
        args ["stockout_order"] / 1, StockoutOtherArgs => PushResult
    );
    crate::endpoint!(
        /// 其他出库单查询.
        StockoutOtherQueryCall: Flagship "wms.stockout.OtherQuery.queryWithDetail", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<StockoutOtherQuery> => StockoutOtherList
    );
    crate::endpoint!(
        /// 其他出库单取消: 未确认 (or, forced, 待审核) only.
        StockoutOtherCancelCall: Flagship "wms.stockout.Other.cancelOtherOrder", Kind::Push,
        args ["order_no", "is_force"] / 2, CancelOther => ()
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_args;
        use serde_json::json;

        #[test]
        fn documented_examples_decode() {
            let r = decode_args::<StockinOtherCreateCall>(vec![json!({
                "outer_no": "CG2019112800061234567890", "warehouse_no": "ytz",
                "goods_list": [{"spec_no": "gy01", "num": "3", "stockin_price": 123,
                                "sn_list": ["sn001", "sn002", "sn003"]}]
            })])
            .unwrap();
            let o = r.stockin_order;
            assert_eq!(o.outer_no.as_deref(), Some("CG2019112800061234567890"));
            assert_eq!(o.goods_list[0].num.as_str(), "3");
            assert_eq!(
                o.goods_list[0].stockin_price.as_ref().unwrap().as_str(),
                "123"
            );
            let r =
                decode_args::<StockoutOtherCancelCall>(vec![json!("CK2023082989"), json!(true)])
                    .unwrap();
            assert_eq!((r.order_no.as_str(), r.is_force), ("CK2023082989", true));
        }

        #[test]
        fn loose_input_decodes_and_errors_name_the_path() {
            let r = decode_args::<StockoutOtherCreateCall>(vec![json!({
                "outer_no": 42, "warehouse_no": "WH", "is_check": "1",
                "goods_list": [{"spec_no": "A", "num": 1.5, "defect": 1}]
            })])
            .unwrap();
            let o = r.stockout_order;
            assert_eq!((o.outer_no.as_deref(), o.is_check), (Some("42"), Some(1)));
            assert_eq!(o.goods_list[0].defect, Some(true));
            let e = decode_args::<StockoutOtherCreateCall>(vec![json!({
                "outer_no": "X", "goods_list": [{"spec_no": "A", "num": "1"}, {"spec_no": {}, "num": "1"}]
            })])
            .unwrap_err();
            assert_eq!(e.path, "stockout_order.goods_list[1].spec_no");
        }

        #[test]
        fn answers_round_trip() {
            let a = StockoutOtherList {
                order: vec![StockoutOther {
                    order_no: "CK1".into(),
                    order_type: 21,
                    ..Default::default()
                }],
                total_count: 1,
            };
            let back: StockoutOtherList =
                serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
            assert_eq!(back, a);
        }
    }
}

/// `stockin_order_push.php`, `stockout_order_push.php`.
pub mod enterprise {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::endpoint::Kind;
    use crate::lenient::{self, Num};

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinGoods {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub stockin_num: Num,
        pub stockin_price: Option<Num>,
        pub src_price: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub batch_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub production_date: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub expire_date: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinInfo {
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_code: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_no: Option<String>,
        /// 1: checked (posted) now; 0 (default): 待审核.
        #[serde(default, with = "lenient::opt_flag")]
        pub is_check: Option<bool>,
        /// 1: an unknown batch_no creates the batch; 0 (default): refused.
        #[serde(default, with = "lenient::opt_flag")]
        pub is_create_batch: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub reason: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        pub goods_list: Option<Vec<StockinGoods>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinOrderPush {
        #[serde(
            default,
            with = "lenient::opt_json_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockin_info: Option<StockinInfo>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutGoods {
        #[serde(with = "lenient::text")]
        pub spec_no: String,
        pub num: Num,
        pub price: Option<Num>,
        #[serde(default, with = "lenient::opt_text")]
        pub batch_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub position_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutInfo {
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        /// 1: checked (stock taken out) now; 0 (default): not.
        #[serde(default, with = "lenient::opt_flag")]
        pub is_check: Option<bool>,
        /// Unchecked: 0 stores it 未确认 (编辑中), 1 (default) 待审核.
        #[serde(default, with = "lenient::opt_flag")]
        pub is_submit: Option<bool>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_code: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub logistics_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub reason: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub remark: Option<String>,
        /// The demos send a header `num`; its meaning is undocumented, so it is ignored.
        pub num: Option<Num>,
        pub detail_list: Option<Vec<StockoutGoods>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockoutOrderPush {
        #[serde(
            default,
            with = "lenient::opt_json_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockout_info: Option<StockoutInfo>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinOrderPushAnswer {
        pub stockin_no: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutOrderPushAnswer {
        pub stockout_no: String,
    }

    crate::endpoint!(
        /// 创建其他入库单, keyed by `outer_no` (decided: answers `stockin_no`).
        StockinOrderPushCall: Enterprise "stockin_order_push.php",
        Kind::KeyedPush { outer_field: "outer_no", number_field: "stockin_no" },
        StockinOrderPush => StockinOrderPushAnswer
    );
    crate::endpoint!(
        /// 创建其他出库单, keyed by `outer_no` (decided: answers `stockout_no`).
        StockoutOrderPushCall: Enterprise "stockout_order_push.php",
        Kind::KeyedPush { outer_field: "outer_no", number_field: "stockout_no" },
        StockoutOrderPush => StockoutOrderPushAnswer
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
        fn demo_requests_decode() {
            let r = decode_form::<StockoutOrderPushCall>(&form(&[(
                "stockout_info",
                r#"{"outer_no":"ghs_12","warehouse_no":"001","num":"1","remark":"测试新增其他出库单","detail_list":[{"spec_no":"test-ptsd-00001","num":"1","price":"12"}]}"#,
            )]))
            .unwrap();
            let o = r.stockout_info.unwrap();
            assert_eq!(o.outer_no.as_deref(), Some("ghs_12"));
            assert_eq!(
                o.detail_list.unwrap()[0].price.as_ref().unwrap().as_str(),
                "12"
            );
            let r = decode_form::<StockinOrderPushCall>(&form(&[(
                "stockin_info",
                r#"{"warehouse_no":"001","outer_no":"o1","is_check":"1","goods_list":[{"spec_no":"A","stockin_num":2,"stockin_price":"1.5","src_price":"2"}]}"#,
            )]))
            .unwrap();
            let o = r.stockin_info.unwrap();
            assert_eq!(o.is_check, Some(true));
            assert_eq!(o.goods_list.unwrap()[0].stockin_num.as_str(), "2");
        }

        #[test]
        fn type_errors_name_the_path() {
            let e = decode_form::<StockoutOrderPushCall>(&form(&[(
                "stockout_info",
                r#"{"outer_no":"o","detail_list":[{"spec_no":[],"num":"1"}]}"#,
            )]))
            .unwrap_err();
            assert_eq!(e.path, "stockout_info.detail_list[0].spec_no");
        }
    }
}
