//! Cancellations over real HTTP with real signatures: `purchase.PurchaseOrder.cancelOrder`,
//! `purchase.PurchaseOrder.cancelByType` / `purchase_order_end.php`,
//! `wms.stockin.Purchase.cancel`.

use crate::common::*;
use serde_json::{json, Value};

/// The fixture's approved order (已审核, 40): line A, 100 ordered, into WH01.
const FIXTURE_PO: &str = "CG202511230001";
const CANCEL_ORDER: &str = "purchase.PurchaseOrder.cancelOrder";
const BY_TYPE: &str = "purchase.PurchaseOrder.cancelByType";
const STOCKIN_CANCEL: &str = "wms.stockin.Purchase.cancel";

/// A new order of A × 10 into WH01, checked (40) or not (20); answers its number.
async fn new_po(app: &TestApp, outer: &str, check: bool) -> String {
    let r = app
        .ent(
            "purchase_order_push.php",
            &[(
                "purchase_info",
                json!({"provider_no": "P001", "warehouse_no": "WH01", "outer_no": outer,
                       "is_check": i64::from(check),
                       "details_list": [{"spec_no": "A", "num": "10", "price": "1"}]})
                .to_string(),
            )],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    r["purchase_no"].as_str().unwrap().to_string()
}

/// A purchase stock-in of A against `po`, checked (80) or left 编辑中 (20); answers its number.
async fn stockin(app: &TestApp, po: &str, outer: &str, num: &str, check: bool) -> String {
    let r = app
        .ent(
            "stockin_purchase_push.php",
            &[(
                "purchase_info",
                json!({"purchase_no": po, "warehouse_no": "WH01", "outer_no": outer,
                       "is_check": i64::from(check),
                       "details_list": [{"spec_no": "A", "stockin_num": num}]})
                .to_string(),
            )],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    r["stockin_no"].as_str().unwrap().to_string()
}

/// An order's status and its line A's received quantity.
async fn po_state(app: &TestApp, po: &str) -> (i64, String) {
    let r = app
        .ent(
            "purchase_order_query.php",
            &[("purchase_no", po.to_string())],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let o = &r["purchase_list"][0];
    let a = o["details_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["spec_no"] == "A")
        .unwrap();
    (
        o["status"].as_i64().unwrap(),
        a["stockin_num"].as_str().unwrap().to_string(),
    )
}

/// A stock-in's status, through stockin_order_query_purchase.php.
async fn stockin_status(app: &TestApp, po: &str, no: &str) -> i64 {
    let r = app
        .ent(
            "stockin_order_query_purchase.php",
            &[
                ("src_order_no", po.to_string()),
                ("status", "10,20,30,80".into()),
            ],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    r["stockin_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stockin_no"] == no)
        .unwrap_or_else(|| panic!("no {no} in {r}"))["status"]
        .as_i64()
        .unwrap()
}

fn end_list(items: Value) -> String {
    items.to_string()
}

dual_test! {
async fn cancel_order_cancels_an_editing_order_and_refuses_every_other_state() {
    let app = TestApp::spawn().await;
    let draft = new_po(&app, "E-1", false).await;
    assert_eq!(po_state(&app, &draft).await.0, 20);

    // The documented answer: `{"status":0}`, no data.
    let r = app.call(CANCEL_ORDER, json!([draft])).await;
    assert_eq!(r, json!({"status": 0}));
    assert_eq!(po_state(&app, &draft).await, (10, "0.0000".into()));

    // 已取消 again, 已审核 (this method cancels 编辑中 only), a stranger, an empty number.
    let r = app.call(CANCEL_ORDER, json!([draft])).await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(message(&r).contains(&format!("purchase_no {draft} 的状态(10)")), "{r}");
    let r = app.call(CANCEL_ORDER, json!([FIXTURE_PO])).await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(message(&r).contains("状态(40)不允许此操作"), "{r}");
    let r = app.call(CANCEL_ORDER, json!(["CG-NONE"])).await;
    assert_eq!((status(&r), message(&r)), (100, "purchase_no CG-NONE 不存在".into()));
    let r = app.call(CANCEL_ORDER, json!([""])).await;
    assert_eq!((status(&r), message(&r)), (100, "purchase_no 不能为空".into()));
    // An app that may not see WH01 is told the order does not exist.
    let other = new_po(&app, "E-2", false).await;
    let before_hidden = app.counts().await;
    let r = app
        .call_as(&S1_WH02_ONLY, CANCEL_ORDER, None, &json!([other]))
        .await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(message(&r).contains("不存在"), "{r}");
    assert_eq!(po_state(&app, &other).await.0, 20, "refused: not cancelled");
    assert_eq!(po_state(&app, FIXTURE_PO).await.0, 40);
    assert_eq!(app.counts().await, before_hidden);
    // Wrong argument type: a path-naming type error (status 1).
    let r = app.call(CANCEL_ORDER, json!([{"no": 1}])).await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(message(&r).contains("purchase_no"), "{r}");
}
}

dual_test! {
async fn cancel_by_type_cancels_or_stops_each_order_on_its_own() {
    let app = TestApp::spawn().await;
    let draft = new_po(&app, "T-1", false).await;
    let checked = new_po(&app, "T-2", true).await;
    let partly = new_po(&app, "T-3", true).await;
    stockin(&app, &partly, "IN-1", "4", true).await;
    assert_eq!(po_state(&app, &partly).await, (50, "4.0000".into()));
    let stock_a = app.stock("WH01", "A", false).await;

    // Cancel without allowing checked orders: the draft goes, the checked one stays.
    let r = app
        .call(BY_TYPE, json!([{"operate_type": 0, "purchase_no_list": [draft, checked]}]))
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!((r["data"]["code"].as_i64(), r["data"]["error_count"].as_i64()), (Some(1), Some(1)));
    let errors: Value = serde_json::from_str(r["data"]["message"].as_str().unwrap()).unwrap();
    let e = errors[0]["error"].as_str().unwrap();
    assert!(e.starts_with(&format!("采购单编号:{checked},")) && e.contains("(40)"), "{e}");
    assert_eq!(po_state(&app, &draft).await.0, 10);
    assert_eq!(po_state(&app, &checked).await.0, 40);

    // Allowed: the checked one is cancelled; one that received goods is never cancelled.
    let r = app
        .call(BY_TYPE, json!([{"operate_type": "0", "purchase_no_list": format!("{checked},{partly}"),
                               "allow_cancel_checked_order": 1}]))
        .await;
    assert_eq!(r["data"]["error_count"], 1, "{r}");
    assert!(r["data"]["message"].as_str().unwrap().contains(&format!("采购单编号:{partly},采购单已有入库")), "{r}");
    assert_eq!(po_state(&app, &checked).await.0, 10);
    assert_eq!(po_state(&app, &partly).await.0, 50);

    // Stop waiting: only 部分到货, which is completed with what it received.
    let r = app
        .call(BY_TYPE, json!([{"operate_type": 1, "purchase_no_list": [partly, FIXTURE_PO]}]))
        .await;
    assert_eq!(r["data"]["code"], 1, "{r}");
    assert!(r["data"]["message"].as_str().unwrap().contains(&format!("采购单编号:{FIXTURE_PO},采购单非部分入库状态")), "{r}");
    assert_eq!(po_state(&app, &partly).await, (90, "4.0000".into()), "received kept");
    assert_eq!(app.stock("WH01", "A", false).await, stock_a, "stock untouched");
    assert_eq!(po_state(&app, FIXTURE_PO).await.0, 40);
    // All done: code 0, message "".
    let fresh = new_po(&app, "T-4", false).await;
    let r = app
        .call(BY_TYPE, json!([{"operate_type": 0, "purchase_no_list": [fresh]}]))
        .await;
    assert_eq!(r, json!({"status": 0, "data": {"code": 0, "message": "", "error_count": 0}}));
    // An ended order takes no more stock-ins.
    let r = app
        .ent("stockin_purchase_push.php", &[("purchase_info", json!({"purchase_no": partly, "warehouse_no": "WH01",
            "outer_no": "IN-2", "is_check": 1, "details_list": [{"spec_no": "A", "stockin_num": "1"}]}).to_string())])
        .await;
    assert_eq!(code(&r), 2000, "{r}");

    // Whole-request refusals write nothing: an unknown type (2, the outsourced-WMS stop), an
    // empty list, a list of the wrong type.
    let before = app.counts().await;
    let r = app
        .call(BY_TYPE, json!([{"operate_type": 2, "purchase_no_list": [FIXTURE_PO]}]))
        .await;
    assert_eq!((status(&r), message(&r)), (100, "operate_type 不合法: 2".into()));
    let r = app
        .call(BY_TYPE, json!([{"operate_type": 0, "purchase_no_list": []}]))
        .await;
    assert_eq!((status(&r), message(&r)), (100, "purchase_no_list 不能为空".into()));
    let r = app
        .call(BY_TYPE, json!([{"operate_type": "x", "purchase_no_list": [FIXTURE_PO]}]))
        .await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(message(&r).contains("params.operate_type"), "{r}");
    assert_eq!(app.counts().await, before);
    assert_eq!(po_state(&app, FIXTURE_PO).await.0, 40);
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn purchase_order_end_stops_a_partly_received_order_and_reports_the_others() {
    let app = TestApp::spawn().await;
    let partly = new_po(&app, "P-1", true).await;
    stockin(&app, &partly, "IN-1", "3", true).await;
    let draft = new_po(&app, "P-2", false).await;
    let stock_a = app.stock("WH01", "A", false).await;

    // Stop waiting for the partly received one; the draft fails beside it.
    let r = app
        .ent(
            "purchase_order_end.php",
            &[
                ("type", "1".into()),
                ("purchase_no_list", end_list(json!([{"purchase_no": partly, "spec_no": ["A"]}, {"purchase_no": draft}]))),
            ],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    assert_eq!(r["error_count"], 1, "{r}");
    assert_eq!(r["error_list"], json!([{"purchase_no": draft, "error": "采购单非部分入库状态"}]));
    assert_eq!(po_state(&app, &partly).await, (90, "3.0000".into()), "keeps what it received");
    assert_eq!(app.stock("WH01", "A", false).await, stock_a);
    assert_eq!(po_state(&app, &draft).await.0, 20);

    // Cancel: a checked order needs is_reject_review=1.
    let r = app
        .ent(
            "purchase_order_end.php",
            &[("type", "0".into()), ("purchase_no_list", end_list(json!([{"purchase_no": draft}, {"purchase_no": FIXTURE_PO}])))],
        )
        .await;
    assert_eq!((code(&r), r["error_count"].as_i64()), (0, Some(1)), "{r}");
    assert_eq!(r["error_list"][0]["purchase_no"], FIXTURE_PO);
    assert_eq!(po_state(&app, &draft).await.0, 10);
    let r = app
        .ent(
            "purchase_order_end.php",
            &[("type", "0".into()), ("is_reject_review", "1".into()), ("purchase_no_list", end_list(json!([{"purchase_no": FIXTURE_PO}])))],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    assert_eq!(r["error_count"], 0);
    assert!(r.get("error_list").is_none(), "{r}");
    assert_eq!(po_state(&app, FIXTURE_PO).await.0, 10);

    // When no order can be ended the request is refused (2000) and writes nothing.
    let other = new_po(&app, "P-3", true).await;
    let before = app.counts().await;
    for (fields, want) in [
        (vec![("type", "1".to_string()), ("purchase_no_list", end_list(json!([{"purchase_no": other}])))], "采购单非部分入库状态"),
        (vec![("type", "0".to_string()), ("purchase_no_list", end_list(json!([{"purchase_no": "CG-NONE"}])))], "采购单不存在"),
        (vec![("type", "0".to_string()), ("is_reject_review", "1".to_string()),
              ("purchase_no_list", end_list(json!([{"purchase_no": other, "spec_no": ["B"]}])))], "商家编码 B 不在该采购单中"),
        (vec![("type", "0".to_string()), ("purchase_no_list", end_list(json!([{"purchase_no": partly}])))], "不能取消"),
    ] {
        let r = app.ent("purchase_order_end.php", &fields).await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(message(&r).contains(want), "{want:?}: {r}");
        assert_eq!(r["error_count"], 1, "{r}");
        assert!(r["error_list"][0]["error"].as_str().unwrap().contains(want), "{r}");
    }
    let r = app
        .ent("purchase_order_end.php", &[("type", "7".into()), ("purchase_no_list", end_list(json!([{"purchase_no": other}])))])
        .await;
    assert_eq!((code(&r), message(&r)), (2000, "【type】不合法: 7".into()));
    let r = app
        .ent("purchase_order_end.php", &[("type", "0".into()), ("purchase_no_list", "[]".into())])
        .await;
    assert_eq!((code(&r), message(&r)), (2000, "缺少必要参数【 purchase_no_list 】".into()));
    let r = app
        .ent("purchase_order_end.php", &[("type", "0".into()), ("purchase_no_list", "{oops".into())])
        .await;
    assert_eq!(code(&r), 1002, "{r}");
    let r = app.ent("purchase_order_end.php", &[("purchase_no_list", "[]".into())]).await;
    assert_eq!(code(&r), 1002, "type is required: {r}");
    // An app that may not see WH01 finds nothing to end.
    let r = app
        .ent_as(&S1_WH02_ONLY, "purchase_order_end.php", &[("type", "0".into()), ("is_reject_review", "1".into()),
            ("purchase_no_list", end_list(json!([{"purchase_no": other}])))])
        .await;
    assert_eq!(code(&r), 2000, "{r}");
    assert!(message(&r).contains("采购单不存在"), "{r}");
    assert_eq!(app.counts().await, before);
    assert_eq!(po_state(&app, &other).await.0, 40);
}
}

dual_test! {
async fn stockin_cancel_cancels_an_editing_stockin_and_refuses_a_checked_one() {
    let app = TestApp::spawn().await;
    let stock_a = app.stock("WH01", "A", false).await;
    let editing = stockin(&app, FIXTURE_PO, "IN-E", "5", false).await;
    assert_eq!(stockin_status(&app, FIXTURE_PO, &editing).await, 20);
    let r = app.call(STOCKIN_CANCEL, json!([editing])).await;
    assert_eq!(r, json!({"status": 0}));
    assert_eq!(stockin_status(&app, FIXTURE_PO, &editing).await, 10);
    assert_eq!(app.stock("WH01", "A", false).await, stock_a, "an editing stock-in never posted");
    assert_eq!(po_state(&app, FIXTURE_PO).await, (40, "0.0000".into()));

    let checked = stockin(&app, FIXTURE_PO, "IN-C", "30", true).await;
    let stock_after = app.stock("WH01", "A", false).await;
    assert_eq!(stock_after, "40.0000");
    let before = app.counts().await;
    let r = app.call(STOCKIN_CANCEL, json!([checked])).await;
    assert_eq!(status(&r), 100, "{r}");
    assert_eq!(message(&r), format!("stockin_no {checked} 的状态(80)不允许此操作"));
    let r = app.call(STOCKIN_CANCEL, json!([editing])).await;
    assert!(message(&r).contains("状态(10)"), "cancelled already: {r}");
    let r = app.call(STOCKIN_CANCEL, json!(["RK-NONE"])).await;
    assert_eq!((status(&r), message(&r)), (100, "stockin_no RK-NONE 不存在".into()));
    let r = app.call(STOCKIN_CANCEL, json!([" "])).await;
    assert_eq!((status(&r), message(&r)), (100, "stockin_no 不能为空".into()));
    let r = app.call(STOCKIN_CANCEL, json!([])).await;
    assert_eq!(status(&r), 1, "one argument required: {r}");
    let r = app
        .call_as(&S1_WH02_ONLY, STOCKIN_CANCEL, None, &json!([checked]))
        .await;
    assert_eq!(message(&r), format!("stockin_no {checked} 不存在"));
    assert_eq!(app.counts().await, before);
    assert_eq!(stockin_status(&app, FIXTURE_PO, &checked).await, 80);
    assert_eq!(app.stock("WH01", "A", false).await, stock_after, "stock unchanged");
    assert_eq!(po_state(&app, FIXTURE_PO).await, (50, "30.0000".into()));
    app.assert_ledger_sound().await;
}
}
