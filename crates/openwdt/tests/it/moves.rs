//! The generic stock-in and stock-out queries list every kind, with the vendors' type codes.

use serde_json::{json, Value};

use crate::common::*;

fn today() -> (String, String) {
    let d = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{d} 00:00:00"), format!("{d} 23:59:59"))
}

/// Every kind the server makes today: opening stock (fixture), a stocktake with a gain (A) and a
/// loss (M), a checked purchase stock-in, an other stock-in and an other stock-out.
async fn one_of_each(app: &TestApp) {
    let pd = pd(
        json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": "盘点"}),
        json!([{"spec_no": "A", "new_num": "12", "remark": ""}, {"spec_no": "M", "new_num": "8", "remark": ""}]),
    );
    let r = app.call("wms.StockPd.stockSyncByPd", pd).await;
    assert_eq!(status(&r), 0, "{r}");
    let up = json!([{"purchase_no": "CG202511230001", "warehouse_no": "WH01", "create_mode": 2},
                    [{"spec_no": "A", "num": "1"}]]);
    let r = app.call("wms.stockin.Purchase.upload", up).await;
    assert_eq!(status(&r), 0, "{r}");
    for (method, outer) in [
        ("wms.stockin.Other.createOtherOrder", "OI-1"),
        ("wms.stockout.Other.createOther", "OO-1"),
    ] {
        let o = json!({"outer_no": outer, "warehouse_no": "WH01", "is_check": 1,
                       "goods_list": [{"spec_no": "C", "num": "1"}]});
        let r = app.call(method, json!([o])).await;
        assert_eq!(status(&r), 0, "{r}");
    }
}

async fn search(app: &TestApp, method: &str, extra: Value) -> Vec<Value> {
    let (s, e) = today();
    let mut p = json!({"start_time": s, "end_time": e});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    let r = app.page(method, 100, 0, p).await;
    assert_eq!(status(&r), 0, "{r}");
    r["data"]["order_list"].as_array().unwrap().clone()
}

fn types(rows: &[Value]) -> Vec<i64> {
    let mut t: Vec<i64> = rows
        .iter()
        .map(|r| r["src_order_type"].as_i64().unwrap())
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}

dual_test!(
    async fn flagship_searches_list_every_kind_of_stock_in_and_out() {
        let app = TestApp::spawn().await;
        one_of_each(&app).await;
        let ins = search(&app, "wms.stockin.Base.search", json!({})).await;
        assert_eq!(types(&ins), [4, 10, 20, 33], "{ins:?}");
        let outs = search(&app, "wms.stockout.Base.search", json!({})).await;
        assert_eq!(types(&outs), [4, 21], "{outs:?}");
        // A stocktake's stock-out names its stocktake and the postings it made.
        let loss = outs.iter().find(|o| o["src_order_type"] == 4).unwrap();
        assert!(
            loss["src_order_no"].as_str().unwrap().starts_with("WP"),
            "{loss}"
        );
        assert_eq!(loss["detail_list"][0]["spec_no"], "M");
        assert_eq!(loss["status"], 110);
        // Filters: by type, and by number without a window.
        let other = search(&app, "wms.stockin.Base.search", json!({"order_type": 20})).await;
        assert_eq!(other.len(), 1);
        assert_eq!(other[0]["stockin_no"], "OI-1");
        let purchase = &search(&app, "wms.stockin.Base.search", json!({"order_type": 10})).await[0];
        assert_eq!(purchase["src_order_no"], "CG202511230001");
        let r = app
            .page(
                "wms.stockout.Base.search",
                10,
                0,
                json!({"stockout_no": "OO-1"}),
            )
            .await;
        assert_eq!(r["data"]["order_list"][0]["src_order_type"], 21, "{r}");
        // Without a window or a number: refused.
        let r = app.page("wms.stockin.Base.search", 10, 0, json!({})).await;
        assert_eq!(status(&r), 100, "{r}");
    }
);

dual_test!(
    async fn enterprise_queries_answer_in_their_own_type_codes() {
        let app = TestApp::spawn().await;
        one_of_each(&app).await;
        let (s, e) = today();
        let q = |name: &'static str, t: &str| {
            let (s, e) = (s.clone(), e.clone());
            let t = t.to_string();
            let app = &app;
            async move {
                let r = app
                    .ent(
                        name,
                        &[("start_time", s), ("end_time", e), ("order_type", t)],
                    )
                    .await;
                assert_eq!(code(&r), 0, "{r}");
                r
            }
        };
        let r = q("stockin_order_query.php", "6").await;
        let list = r["stockin_list"].as_array().unwrap();
        assert_eq!(list.len(), 1, "{r}");
        assert_eq!(
            (list[0]["order_no"].as_str(), list[0]["order_type"].as_i64()),
            (Some("OI-1"), Some(6))
        );
        let r = q("stockin_order_query.php", "4").await;
        assert_eq!(r["stockin_list"][0]["order_type"], 4, "{r}");
        let r = q("stockout_order_query.php", "7").await;
        assert_eq!(r["stockout_list"][0]["order_no"], "OO-1", "{r}");
        assert_eq!(r["total_count"], 1);
        let r = q("stockout_order_query.php", "3").await;
        assert_eq!(
            r["stockout_list"].as_array().unwrap().len(),
            0,
            "no purchase returns yet: {r}"
        );
        let r = app.ent("stockout_order_query.php", &[]).await;
        assert_ne!(code(&r), 0, "{r}");
    }
);
