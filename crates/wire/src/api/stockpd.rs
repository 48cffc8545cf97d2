//! Stocktake queries: the stock-ins (gains) and stock-outs (losses) stocktakes posted, and the
//! enterprise edition's stocktake orders.

/// `wms.StockPd.queryStockPdInDetail`, `wms.StockPd.queryStockPdOutDetail`.
pub mod flagship {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::decimal::{Dec4, Dec4Str};
    use crate::endpoint::Kind;
    use crate::lenient;

    // ---- wms.StockPd.queryStockPdInDetail ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PdInArgs {
        pub params: PdInQuery,
        /// Some SDKs send the pager as a second argument; paging is read from the query string.
        pub pager: Option<serde_json::Value>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PdInQuery {
        /// `yyyy-MM-dd HH:mm:ss`; required without `stockin_no` or `src_order_no`; at most
        /// 30 days apart.
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        /// 1 last modification (default), 2 check time.
        #[serde(default, with = "lenient::opt_int")]
        pub time_type: Option<i64>,
        /// Statuses joined with commas: `"80"`.
        #[serde(default, with = "lenient::opt_text")]
        pub status: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub stockin_no: Option<String>,
        /// The stocktake's number.
        #[serde(default, with = "lenient::opt_text")]
        pub src_order_no: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PdInList {
        pub order: Vec<PdIn>,
        pub total_count: i64,
    }

    /// A stocktake's stock-in (盘盈入库).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PdIn {
        pub stockin_id: i64,
        pub order_no: String,
        pub warehouse_no: String,
        pub warehouse_name: String,
        /// Epoch milliseconds, as the documented example answers.
        pub stockin_time: i64,
        pub created_time: i64,
        pub remark: String,
        pub status: i64,
        pub goods_count: Dec4,
        pub check_time: i64,
        pub src_order_no: String,
        pub operator_name: String,
        pub total_price: Dec4,
        pub pd_order_remark: String,
        pub detail_list: Vec<PdInDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PdInDetail {
        pub stockin_id: i64,
        pub goods_count: Dec4,
        pub total_cost: Dec4,
        pub remark: String,
        pub right_num: Dec4,
        pub goods_unit: String,
        pub defect: bool,
        pub batch_no: String,
        pub rec_id: i64,
        pub goods_name: String,
        pub goods_no: String,
        pub spec_no: String,
        pub prop2: String,
        pub spec_name: String,
        pub spec_code: String,
        pub brand_no: String,
        pub brand_name: String,
        pub position_no: String,
        pub expire_date: String,
        pub production_date: String,
    }

    crate::endpoint!(
        /// 盘点入库单查询.
        StockPdInDetailCall: Flagship "wms.StockPd.queryStockPdInDetail",
        Kind::Query { paged: true }, args ["params", "pager"] / 1, PdInArgs => PdInList
    );

    // ---- wms.StockPd.queryStockPdOutDetail ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PdOutArgs {
        pub params: PdOutQuery,
        pub pager: Option<serde_json::Value>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PdOutQuery {
        /// Required without `stockout_no` or `src_order_no`; at most 30 days apart.
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        /// 1 last modification (default), 2 consign time.
        #[serde(default, with = "lenient::opt_int")]
        pub time_type: Option<i64>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub stockout_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub src_order_no: Option<String>,
        /// Statuses joined with commas: 50 待审核, 90 延时发货, 110 已完成.
        #[serde(default, with = "lenient::opt_text")]
        pub status: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PdOutList {
        pub order: Vec<PdOut>,
        pub total_count: i64,
    }

    /// A stocktake's stock-out (盘亏出库).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PdOut {
        pub stockout_id: i64,
        pub order_no: String,
        pub src_order_no: String,
        pub warehouse_no: String,
        /// Epoch milliseconds, as the documented example answers.
        pub consign_time: i64,
        /// 4 盘亏出库.
        pub order_type: i64,
        pub status: i64,
        pub goods_count: Dec4,
        pub logistics_no: String,
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
        pub operator_name: String,
        /// A string in the documented example.
        pub goods_total_cost: Dec4Str,
        pub pd_order_remark: String,
        pub detail_list: Vec<PdOutDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PdOutDetail {
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
        pub defect: bool,
        pub cost_price: Dec4,
        pub weight: Dec4,
        /// 1 销售货品.
        pub goods_type: i64,
        pub unit_name: String,
        pub batch_no: String,
        pub position_no: String,
        pub expire_date: String,
    }

    crate::endpoint!(
        /// 盘点出库单查询.
        StockPdOutDetailCall: Flagship "wms.StockPd.queryStockPdOutDetail",
        Kind::Query { paged: true }, args ["params", "pager"] / 1, PdOutArgs => PdOutList
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::{decode_args, encode_args};
        use serde_json::json;

        #[test]
        fn documented_examples_decode() {
            let r = decode_args::<StockPdInDetailCall>(vec![json!({
                "start_time": "2020-01-01 00:00:00",
                "end_time": "2020-01-20 00:00:00"
            })])
            .unwrap();
            assert_eq!(r.params.start_time.as_deref(), Some("2020-01-01 00:00:00"));
            assert_eq!(r.params.time_type, None);
            let r = decode_args::<StockPdOutDetailCall>(vec![
                json!({"start_time": "2020-01-01 00:00:00", "end_time": "2020-01-20 00:00:00",
                       "time_type": "2", "status": "110", "stockout_no": ""}),
                json!({"page_size": 1, "page_no": 0}),
            ])
            .unwrap();
            assert_eq!(r.params.time_type, Some(2));
            assert_eq!(r.params.status.as_deref(), Some("110"));
            assert_eq!(r.params.stockout_no, None, "\"\" is absent");
        }

        #[test]
        fn documented_answers_decode() {
            let a: PdInList = serde_json::from_value(json!({
                "total_count": 1,
                "order": [{"order_no": "RK2022122859", "created_time": 1672208586000_i64,
                  "stockin_id": 88464, "total_price": 0, "remark": "盘盈入库", "goods_count": 20,
                  "src_order_no": "PD2022122816", "status": 80, "check_time": 1672208586000_i64,
                  "detail_list": [{"stockin_id": 88464, "goods_count": 20, "right_num": 20,
                    "defect": false, "rec_id": 209899, "spec_no": "xiaowanzi"}]}]
            }))
            .unwrap();
            assert_eq!(a.order[0].detail_list[0].goods_count, Dec4::from_int(20));
            let a: PdOutList = serde_json::from_value(json!({
                "total_count": 1,
                "order": [{"order_no": "CKDH202201203", "consign_time": 1642661817000_i64,
                  "goods_total_cost": "0.0055", "order_type": 4, "status": 110,
                  "detail_list": [{"rec_id": 637286, "cost_price": 0.0011, "goods_type": 1}]}]
            }))
            .unwrap();
            assert_eq!(a.order[0].order_type, 4);
        }

        #[test]
        fn the_pager_argument_is_optional() {
            let args = encode_args::<StockPdInDetailCall>(&PdInArgs {
                params: PdInQuery {
                    src_order_no: Some("PD1".into()),
                    ..Default::default()
                },
                pager: None,
            })
            .unwrap();
            assert_eq!(args, vec![json!({"src_order_no": "PD1"})]);
        }
    }
}

/// `stock_pd_order_query.php`.
pub mod enterprise {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::decimal::Dec4Str;
    use crate::endpoint::Kind;
    use crate::lenient;

    // ---- stock_pd_order_query.php ----

    /// Every field optional: without any, every stocktake is answered (by the official
    /// notes); a time window is of last modification, at most 30 days.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockPdOrderQuery {
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub pd_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
    }

    /// Decided (the vendor's answer is not documented): `pd_list` of stocktakes with their
    /// `details_list`, `total_count` on the first page.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockPdOrderQueryAnswer {
        pub total_count: Option<i64>,
        pub pd_list: Vec<StockPdOrder>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockPdOrder {
        pub pd_id: i64,
        pub pd_no: String,
        pub api_outer_no: String,
        pub warehouse_no: String,
        pub warehouse_name: String,
        /// 10 已取消, 35 待审核 (stored, not applied), 40 已完成.
        pub status: i64,
        /// 0 单品, 1 货位.
        pub mode: i64,
        pub creator_name: String,
        pub remark: String,
        /// The stock-in of its gains and the stock-out of its losses, `""` when none.
        pub stockin_no: String,
        pub stockout_no: String,
        pub goods_count: Dec4Str,
        pub created: String,
        pub modified: String,
        pub details_list: Vec<StockPdOrderDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockPdOrderDetail {
        pub rec_id: i64,
        pub spec_no: String,
        pub spec_name: String,
        pub barcode: String,
        pub goods_no: String,
        pub goods_name: String,
        /// The counted position (mode 1), `""` for a whole-warehouse line.
        pub position_no: String,
        pub defect: i64,
        /// Book stock when counted (when applied, for a pending stocktake).
        pub old_num: Dec4Str,
        /// Counted stock.
        pub new_num: Dec4Str,
        /// Gain (new above old) and loss (new below old); at most one is not zero.
        pub pd_in_num: Dec4Str,
        pub pd_out_num: Dec4Str,
        pub remark: String,
        pub created: String,
    }

    crate::endpoint!(
        /// 查询盘点单.
        StockPdOrderQueryCall: Enterprise "stock_pd_order_query.php",
        Kind::Query { paged: true }, StockPdOrderQuery => StockPdOrderQueryAnswer
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_form;

        #[test]
        fn documented_fields_decode_and_all_are_optional() {
            let r = decode_form::<StockPdOrderQueryCall>(&[
                ("warehouse_no".into(), "WH01".into()),
                ("start_time".into(), "2025-11-01 00:00:00".into()),
                ("end_time".into(), "2025-11-23 00:00:00".into()),
                ("pd_no".into(), "".into()),
            ])
            .unwrap();
            assert_eq!(r.warehouse_no.as_deref(), Some("WH01"));
            assert_eq!(r.pd_no, None);
            let r = decode_form::<StockPdOrderQueryCall>(&[]).unwrap();
            assert_eq!(r, StockPdOrderQuery::default());
        }
    }
}
