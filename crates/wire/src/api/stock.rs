//! Stock queries: available stock, stock per position and batch, stock per warehouse and spec
//! (the second search). The enterprise edition has none of these.

/// `wms.StockSpec.queryAvailableStock`, `wms.StockSpec.stockDetailSearch`,
/// `wms.StockSpec.search2`.
pub mod flagship {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::decimal::{Dec4, Dec4Str};
    use crate::endpoint::Kind;
    use crate::lenient;

    // ---- wms.StockSpec.queryAvailableStock ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct AvailableStockArgs {
        pub params: AvailableStockQuery,
        pub pager: Option<serde_json::Value>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct AvailableStockQuery {
        /// Last modification, `yyyy-MM-dd HH:mm:ss`; required without `spec_no`; at most 30
        /// days apart.
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub spec_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub goods_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct AvailableStockList {
        pub stocks: Vec<AvailableStock>,
        pub total_count: i64,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct AvailableStock {
        pub goods_name: String,
        pub spec_code: String,
        /// Available stock.
        pub num: Dec4,
        pub warehouse_no: String,
        pub goods_no: String,
        pub brand_name: String,
        /// 0 normal, 1 quality inspection.
        #[serde(rename = "type")]
        pub stock_type: i64,
        pub spec_no: String,
        pub defect: bool,
        pub short_name: String,
        pub spec_name: String,
        pub barcode: String,
        pub class_name: String,
        /// 0 正常, 1 缺货, 2 到货.
        pub status: i64,
    }

    crate::endpoint!(
        /// 可用库存查询.
        QueryAvailableStockCall: Flagship "wms.StockSpec.queryAvailableStock",
        Kind::Query { paged: true }, args ["params", "pager"] / 1,
        AvailableStockArgs => AvailableStockList
    );

    // ---- wms.StockSpec.stockDetailSearch ----

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockDetailArgs {
        pub params: StockDetailQuery,
    }

    /// One of the two: `stock_spec_id_list` wins when both are given. The ids are the
    /// `rec_id`s `wms.StockSpec.search2` answers.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockDetailQuery {
        #[serde(default, with = "lenient::opt_int")]
        pub stock_spec_id: Option<i64>,
        /// Ids joined with commas, `"1,2,3"`; kept as sent so a malformed id is a problem the
        /// core reports (库存id格式错误).
        #[serde(default, with = "lenient::opt_text")]
        pub stock_spec_id_list: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockDetailList {
        pub detail_list: Vec<StockDetail>,
        pub total_count: i64,
    }

    /// The stock of one position and batch. Quantities are strings in the documented example.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockDetail {
        pub warehouse_no: String,
        pub position_no: String,
        pub zone_no: String,
        pub stock_num: Dec4Str,
        pub reserve_num: Dec4Str,
        pub batch_no: String,
        pub expire_date: String,
        pub production_date: String,
        pub stock_spec_id: i64,
    }

    crate::endpoint!(
        /// 库存明细查询 (not paged: every row of the given stock records).
        StockDetailSearchCall: Flagship "wms.StockSpec.stockDetailSearch",
        Kind::Query { paged: false }, args ["params"] / 1, StockDetailArgs => StockDetailList
    );

    // ---- wms.StockSpec.search2 ----

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct Search2Args {
        pub params: Search2Query,
        pub pager: Option<serde_json::Value>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct Search2Query {
        /// Last modification; may be empty with `spec_nos`; at most 30 days apart.
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        #[serde(
            default,
            with = "lenient::text_list",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub spec_nos: Vec<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        /// 1 sales figures, 2 cost price, 3 both; default 0.
        #[serde(default, with = "lenient::opt_int")]
        pub mask: Option<i64>,
        #[serde(default, with = "lenient::opt_flag")]
        pub need_alarm_info: Option<bool>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Search2List {
        pub total_count: i64,
        pub detail_list: Vec<Search2Stock>,
    }

    /// One stock record (warehouse, spec, normal or defect). `created`/`modified` are epoch
    /// milliseconds and the last stocktake / in-out times text, as the documented example
    /// answers them.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct Search2Stock {
        pub rec_id: i64,
        pub defect: bool,
        pub stock_num: Dec4,
        pub wms_sync_stock: Dec4,
        pub wms_stock_diff: Dec4,
        pub spec_no: String,
        pub spec_id: i64,
        pub goods_no: String,
        pub goods_name: String,
        pub spec_code: String,
        pub brand_name: String,
        pub spec_name: String,
        pub barcode: String,
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
        pub img_url: String,
        pub warehouse_no: String,
        pub warehouse_id: i64,
        pub warehouse_name: String,
        pub warehouse_type: i64,
        pub available_send_stock: Dec4,
        pub created: i64,
        pub modified: i64,
        pub part_paid_num: Dec4,
        pub refund_exch_num: Dec4,
        pub refund_num: Dec4,
        pub refund_onway_num: Dec4,
        pub return_exch_num: Dec4,
        pub return_num: Dec4,
        pub return_onway_num: Dec4,
        pub to_transfer_num: Dec4,
        pub wms_preempty_diff: Dec4,
        pub wms_sync_time: String,
        pub remark: String,
        pub lock_num: Dec4,
        pub flag_id: i64,
        pub flag_name: String,
        pub brand_no: String,
        pub to_other_out_num: Dec4,
        pub to_other_in_num: Dec4,
        pub to_process_out_num: Dec4,
        pub to_process_in_num: Dec4,
        pub wait_transfer_num: Dec4,
        pub last_pd_time: String,
        pub last_inout_time: String,
        pub sys_user_define_stock1: Dec4,
        pub sys_user_define_stock2: Dec4,
        pub inspect_num: Dec4,
        pub trade_reserve_num: Dec4,
        pub unit_name: String,
        pub aux_unit_name: String,
        pub process_onway_num: Dec4,
        /// 0 未启用, 1 启用, 2 停用.
        pub status: i64,
        // Sales figures: answered when `mask` is 1 or 3.
        pub today_num: Option<Dec4>,
        pub num_yesterday: Option<Dec4>,
        pub num_7days: Option<Dec4>,
        pub num_14days: Option<Dec4>,
        pub num_month: Option<Dec4>,
        pub num_all: Option<Dec4>,
        pub num_60days: Option<Dec4>,
        pub num_90days: Option<Dec4>,
        /// Answered when `mask` is 2 or 3.
        pub cost_price: Option<Dec4>,
        // Alarm settings: answered with `need_alarm_info=1`.
        pub safe_stock: Option<Dec4>,
        pub safe_stock_upper: Option<Dec4>,
        pub alarm_type: Option<i64>,
        pub alarm_days: Option<Dec4>,
        pub alarm_days_upper: Option<Dec4>,
        pub cycle_days: Option<Dec4>,
    }

    crate::endpoint!(
        /// 库存查询2 (page size up to 1000).
        StockSearch2Call: Flagship "wms.StockSpec.search2",
        Kind::Query { paged: true }, args ["params", "pager"] / 1, Search2Args => Search2List
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_args;
        use serde_json::json;

        #[test]
        fn documented_examples_decode() {
            let r = decode_args::<QueryAvailableStockCall>(vec![json!({
                "start_time": "2020-01-01 00:00:00",
                "end_time": "2020-01-20 00:00:00"
            })])
            .unwrap();
            assert_eq!(r.params.end_time.as_deref(), Some("2020-01-20 00:00:00"));
            let r = decode_args::<StockDetailSearchCall>(vec![json!({
                "stock_spec_id": 13047,
                "stock_spec_id_list": "13047,1,2,3"
            })])
            .unwrap();
            assert_eq!(r.params.stock_spec_id, Some(13047));
            assert_eq!(r.params.stock_spec_id_list.as_deref(), Some("13047,1,2,3"));
            let r = decode_args::<StockSearch2Call>(vec![
                json!({"spec_nos": ["test"], "warehouse_no": "1002"}),
                json!({"page_size": 1, "page_no": 0}),
            ])
            .unwrap();
            assert_eq!(r.params.spec_nos, ["test"]);
            assert_eq!(r.params.mask, None);
        }

        #[test]
        fn documented_answers_decode() {
            let a: StockDetailList = serde_json::from_value(json!({
                "total_count": 6,
                "detail_list": [{"warehouse_no": "wdtapi3-test", "position_no": "其它未上架",
                  "batch_no": "", "expire_date": "", "production_date": "", "zone_no": "",
                  "stock_num": "52.0000", "reserve_num": "0.0000"}]
            }))
            .unwrap();
            assert_eq!(a.detail_list[0].stock_num.0, Dec4::from_int(52));
            let a: Search2List = serde_json::from_value(json!({
                "total_count": 1,
                "detail_list": [{"spec_no": "wangdiantong", "defect": true, "stock_num": 3,
                  "modified": 1681106995000_i64, "last_pd_time": "2023-04-10 14:09:55",
                  "weight": 0.2, "num_all": 80, "cost_price": 0, "rec_id": 291344}]
            }))
            .unwrap();
            assert_eq!(a.detail_list[0].num_all, Some(Dec4::from_int(80)));
            assert_eq!(a.detail_list[0].safe_stock, None);
            let a: AvailableStockList = serde_json::from_value(json!({
                "total_count": 17,
                "stocks": [{"num": 0.0, "type": 0, "defect": false, "status": 1}]
            }))
            .unwrap();
            assert_eq!(a.stocks[0].status, 1);
        }

        #[test]
        fn a_bad_id_names_its_path() {
            let e = decode_args::<StockDetailSearchCall>(vec![json!({"stock_spec_id": "x1"})])
                .unwrap_err();
            assert_eq!(e.path, "params.stock_spec_id");
        }
    }
}
