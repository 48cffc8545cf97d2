//! Every stock-in and stock-out, whatever made it: `wms.stockin.Base.search`,
//! `wms.stockout.Base.search`, `stockin_order_query.php`, `stockout_order_query.php`.

/// The flagship's generic queries.
pub mod flagship {
    use serde::{Deserialize, Serialize};

    use crate::endpoint::Kind;
    use crate::lenient;
    use crate::Dec4;

    pub use super::super::flagship::Params;

    /// `params` of either search. Without a number, `start_time`/`end_time` (last
    /// modification, at most 30 days) are required.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct IoSearch {
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
        /// Stock-in: 2 调拨, 4 盘点, 10 采购, 20 其它入库, 33 初始化 (…); stock-out: 2, 4, 14 采购退货,
        /// 21 其它出库 (…).
        #[serde(
            default,
            with = "lenient::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        pub order_type: Option<i64>,
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
        pub stockin_no: Option<String>,
        #[serde(
            default,
            with = "lenient::opt_text",
            skip_serializing_if = "Option::is_none"
        )]
        pub stockout_no: Option<String>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinSearchList {
        pub total_count: i64,
        pub order_list: Vec<StockinRow>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinRow {
        pub stockin_id: i64,
        pub stockin_no: String,
        pub status: i64,
        pub src_order_type: i64,
        pub src_order_id: i64,
        pub src_order_no: String,
        pub warehouse_id: i64,
        pub warehouse_no: String,
        pub warehouse_name: String,
        pub goods_count: Dec4,
        pub goods_type_count: i64,
        pub logistics_no: String,
        pub remark: String,
        pub operator_name: String,
        pub created: String,
        pub modified: String,
        pub check_time: String,
        pub flag_id: i64,
        pub note_count: i64,
        pub detail_list: Vec<StockinRowDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinRowDetail {
        pub rec_id: i64,
        pub stockin_id: i64,
        pub spec_id: i64,
        pub spec_no: String,
        pub spec_name: String,
        pub spec_code: String,
        pub goods_no: String,
        pub goods_name: String,
        pub num: Dec4,
        pub expect_num: Dec4,
        pub adjust_num: Dec4,
        pub position_no: String,
        pub batch_no: String,
        pub production_date: String,
        pub expire_date: String,
        pub remark: String,
        pub created: String,
        pub modified: String,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutSearchList {
        pub total_count: i64,
        pub order_list: Vec<StockoutRow>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutRow {
        pub stockout_id: i64,
        pub stockout_no: String,
        pub status: i64,
        pub src_order_type: i64,
        pub src_order_id: i64,
        pub src_order_no: String,
        pub warehouse_id: i64,
        pub warehouse_no: String,
        pub warehouse_type: i64,
        pub goods_count: Dec4,
        pub goods_type_count: i64,
        pub logistics_no: String,
        pub remark: String,
        pub operator_name: String,
        pub consign_time: String,
        pub created: String,
        pub modified: String,
        pub detail_list: Vec<StockoutRowDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutRowDetail {
        pub rec_id: i64,
        pub stockout_id: i64,
        pub spec_id: i64,
        pub spec_no: String,
        pub spec_name: String,
        pub spec_code: String,
        pub goods_no: String,
        pub goods_name: String,
        pub goods_type: i64,
        pub num: Dec4,
        pub position_no: String,
        pub batch_no: String,
        pub expire_date: String,
        pub remark: String,
        pub created: String,
        pub modified: String,
    }

    crate::endpoint!(
        /// 入库单查询 (every kind).
        StockinSearchCall: Flagship "wms.stockin.Base.search", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<IoSearch> => StockinSearchList
    );
    crate::endpoint!(
        /// 出库单查询 (every kind).
        StockoutSearchCall: Flagship "wms.stockout.Base.search", Kind::Query { paged: true },
        args ["params", "pager"] / 1, Params<IoSearch> => StockoutSearchList
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::decode_args;
        use serde_json::json;

        #[test]
        fn a_search_decodes_loosely_and_names_a_bad_path() {
            let r = decode_args::<StockinSearchCall>(vec![json!({
                "start_time": "2023-06-08 00:00:00", "end_time": "2023-06-08 23:59:59", "order_type": "10"
            })])
            .unwrap();
            assert_eq!(r.params.order_type, Some(10));
            let e = decode_args::<StockoutSearchCall>(vec![json!({"status": "x"})]).unwrap_err();
            assert_eq!(e.path, "params.status");
        }
    }
}

/// The enterprise's generic queries (`order_type` in this edition's own numbering).
pub mod enterprise {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::endpoint::Kind;
    use crate::lenient;
    use crate::Dec4Str;

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct OrderQuery {
        #[serde(default, with = "lenient::opt_text")]
        pub start_time: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub end_time: Option<String>,
        #[serde(default, with = "lenient::opt_int")]
        pub order_type: Option<i64>,
        #[serde(default, with = "lenient::opt_int")]
        pub status: Option<i64>,
        #[serde(default, with = "lenient::opt_text")]
        pub warehouse_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub src_order_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub stockin_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub stockout_no: Option<String>,
        #[serde(default, with = "lenient::opt_text")]
        pub outer_no: Option<String>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockinOrderQueryAnswer {
        pub total_count: Option<i64>,
        pub stockin_list: Vec<IoOrder>,
    }

    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct StockoutOrderQueryAnswer {
        pub total_count: Option<i64>,
        pub stockout_list: Vec<IoOrder>,
    }

    /// A stock-in or stock-out (decided shape: the reference has no response table).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct IoOrder {
        pub order_id: i64,
        pub order_no: String,
        pub order_type: i64,
        pub status: i64,
        pub src_order_no: String,
        pub outer_no: String,
        pub warehouse_no: String,
        pub warehouse_name: String,
        pub goods_count: Dec4Str,
        pub remark: String,
        pub created: String,
        pub modified: String,
        pub check_time: String,
        pub details_list: Vec<IoDetail>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct IoDetail {
        pub rec_id: i64,
        pub spec_no: String,
        pub spec_name: String,
        pub goods_no: String,
        pub goods_name: String,
        pub goods_count: Dec4Str,
        pub position_no: String,
        pub batch_no: String,
        pub expire_date: String,
        pub remark: String,
    }

    crate::endpoint!(
        /// 查询入库单管理.
        StockinOrderQueryCall: Enterprise "stockin_order_query.php", Kind::Query { paged: true },
        OrderQuery => StockinOrderQueryAnswer
    );
    crate::endpoint!(
        /// 查询出库单管理.
        StockoutOrderQueryCall: Enterprise "stockout_order_query.php", Kind::Query { paged: true },
        OrderQuery => StockoutOrderQueryAnswer
    );
}
