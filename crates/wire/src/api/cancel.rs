//! Cancellations: purchase orders (cancel, stop waiting) and purchase stock-ins.

/// `purchase.PurchaseOrder.cancelOrder`, `purchase.PurchaseOrder.cancelByType`,
/// `wms.stockin.Purchase.cancel`.
pub mod flagship {
    use serde::{Deserialize, Serialize};

    use crate::endpoint::Kind;
    use crate::lenient;

    // ---- purchase.PurchaseOrder.cancelOrder ----

    /// The one positional argument: the order's number (`["CG202005150101"]`). Only an order
    /// 编辑中 can be cancelled this way.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct CancelOrder {
        #[serde(with = "lenient::text")]
        pub purchase_no: String,
    }

    crate::endpoint!(
        /// 采购单取消: answers `{"status":0}` with no `data`.
        PurchaseCancelOrderCall: Flagship "purchase.PurchaseOrder.cancelOrder",
        Kind::Push, args ["purchase_no"] / 1, CancelOrder => ()
    );

    // ---- purchase.PurchaseOrder.cancelByType ----

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct CancelByTypeArgs {
        pub params: CancelByType,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct CancelByType {
        /// 0 cancel, 1 stop waiting (部分到货 only), 2 WMS stop waiting.
        #[serde(with = "lenient::int")]
        pub operate_type: i64,
        #[serde(with = "lenient::text_list")]
        pub purchase_no_list: Vec<String>,
        /// 1: an order 待审核/已审核 is un-checked and cancelled; 0 (default): refused.
        #[serde(
            default,
            with = "lenient::opt_flag",
            skip_serializing_if = "Option::is_none"
        )]
        pub allow_cancel_checked_order: Option<bool>,
    }

    /// `data` of cancelByType: `code` 0 when every order was done, else 1 with `message` a
    /// JSON text `[{"error":"…"}, …]` of the orders that failed, and their count.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct CancelByTypeResult {
        pub code: i64,
        pub message: String,
        pub error_count: i64,
    }

    crate::endpoint!(
        /// 采购单取消新: cancel or stop waiting for a list of orders.
        PurchaseCancelByTypeCall: Flagship "purchase.PurchaseOrder.cancelByType",
        Kind::Push, args ["params"] / 1, CancelByTypeArgs => CancelByTypeResult
    );

    // ---- wms.stockin.Purchase.cancel ----

    /// The one positional argument: the stock-in's number (`["RK2006030008"]`).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct StockinCancel {
        #[serde(with = "lenient::text")]
        pub stockin_no: String,
    }

    crate::endpoint!(
        /// 采购入库单取消: only a stock-in 编辑中; answers `{"status":0}` with no `data`.
        PurchaseStockinCancelCall: Flagship "wms.stockin.Purchase.cancel",
        Kind::Push, args ["stockin_no"] / 1, StockinCancel => ()
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::endpoint::{decode_args, encode_args};
        use serde_json::json;

        #[test]
        fn documented_examples_decode() {
            let r = decode_args::<PurchaseCancelOrderCall>(vec![json!("CG202005150101")]).unwrap();
            assert_eq!(r.purchase_no, "CG202005150101");
            let r = decode_args::<PurchaseStockinCancelCall>(vec![json!("RK2006030008")]).unwrap();
            assert_eq!(r.stockin_no, "RK2006030008");
            let r = decode_args::<PurchaseCancelByTypeCall>(vec![json!({
                "operate_type": 1,
                "purchase_no_list": ["CG2304260001", "CG2212140008"],
                "allow_cancel_checked_order": 1
            })])
            .unwrap();
            assert_eq!(r.params.operate_type, 1);
            assert_eq!(r.params.purchase_no_list, ["CG2304260001", "CG2212140008"]);
            assert_eq!(r.params.allow_cancel_checked_order, Some(true));
        }

        #[test]
        fn loose_input_decodes_and_errors_name_the_path() {
            let r = decode_args::<PurchaseCancelByTypeCall>(vec![json!({
                "operate_type": "0", "purchase_no_list": "CG1,CG2"
            })])
            .unwrap();
            assert_eq!(r.params.operate_type, 0);
            assert_eq!(r.params.purchase_no_list, ["CG1", "CG2"]);
            assert_eq!(r.params.allow_cancel_checked_order, None);
            let e = decode_args::<PurchaseCancelByTypeCall>(vec![json!({
                "operate_type": "x", "purchase_no_list": []
            })])
            .unwrap_err();
            assert_eq!(e.path, "params.operate_type");
            let args = encode_args::<PurchaseCancelOrderCall>(&CancelOrder {
                purchase_no: "CG1".into(),
            })
            .unwrap();
            assert_eq!(args, vec![json!("CG1")]);
        }

        #[test]
        fn a_number_given_as_a_number_is_taken_as_text() {
            let r = decode_args::<PurchaseStockinCancelCall>(vec![json!(20060300)]).unwrap();
            assert_eq!(r.stockin_no, "20060300");
        }
    }
}

/// `purchase_order_end.php`.
pub mod enterprise {
    use serde::{Deserialize, Serialize};
    use serde_with::skip_serializing_none;

    use crate::endpoint::Kind;
    use crate::lenient;

    // ---- purchase_order_end.php ----

    /// Decided (the reference is reconstructed from an SDK type): `type` 0 cancel, 1 stop
    /// waiting; `is_reject_review` 1 lets an order 待审核/已审核 be cancelled.
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PurchaseOrderEnd {
        #[serde(rename = "type", with = "lenient::int")]
        pub end_type: i64,
        #[serde(default, with = "lenient::opt_flag")]
        pub is_reject_review: Option<bool>,
        #[serde(with = "lenient::json_text")]
        pub purchase_no_list: Vec<PurchaseOrderEndItem>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct PurchaseOrderEndItem {
        #[serde(with = "lenient::text")]
        pub purchase_no: String,
        /// Specs of the order (each must be one of its lines); the whole order is ended.
        #[serde(
            default,
            with = "lenient::text_list",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub spec_no: Vec<String>,
    }

    /// Beside `code`/`message`: how many orders failed, and why (decided: `error_list`, as
    /// `stock_sync_by_pd.php` answers the lines it left out).
    #[skip_serializing_none]
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PurchaseOrderEndAnswer {
        pub error_count: i64,
        pub error_list: Option<Vec<PurchaseOrderEndError>>,
    }

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct PurchaseOrderEndError {
        pub purchase_no: String,
        pub error: String,
    }

    crate::endpoint!(
        /// 取消采购单 / 停止等待.
        PurchaseOrderEndCall: Enterprise "purchase_order_end.php",
        Kind::Push, PurchaseOrderEnd => PurchaseOrderEndAnswer
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
        fn sdk_shaped_request_decodes() {
            let r = decode_form::<PurchaseOrderEndCall>(&form(&[
                ("type", "1"),
                ("is_reject_review", "0"),
                (
                    "purchase_no_list",
                    r#"[{"purchase_no":"CG2023010001","spec_no":["A1","A2"]},{"purchase_no":"CG2023010002"}]"#,
                ),
            ]))
            .unwrap();
            assert_eq!(r.end_type, 1);
            assert_eq!(r.is_reject_review, Some(false));
            assert_eq!(r.purchase_no_list.len(), 2);
            assert_eq!(r.purchase_no_list[0].spec_no, ["A1", "A2"]);
            assert!(r.purchase_no_list[1].spec_no.is_empty());
        }

        #[test]
        fn type_errors_name_the_path_inside_the_list() {
            let e = decode_form::<PurchaseOrderEndCall>(&form(&[
                ("type", "0"),
                (
                    "purchase_no_list",
                    r#"[{"purchase_no":"CG1"},{"purchase_no":{}}]"#,
                ),
            ]))
            .unwrap_err();
            assert_eq!(e.path, "purchase_no_list[1].purchase_no");
        }
    }
}
