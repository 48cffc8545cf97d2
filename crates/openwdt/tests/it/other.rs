//! Other stock-ins and stock-outs on both editions: pushes, the business orders made for them,
//! queries, cancellations, and the rules every stock-out keeps.

use serde_json::{json, Value};

use crate::common::*;

fn order(outer_no: &str, is_check: i64, goods: Value) -> Value {
    json!({"outer_no": outer_no, "warehouse_no": "WH01", "is_check": is_check, "goods_list": goods})
}

async fn stockout(app: &TestApp, o: Value) -> Value {
    app.call("wms.stockout.Other.createOther", json!([o])).await
}

async fn stockin(app: &TestApp, o: Value) -> Value {
    app.call("wms.stockin.Other.createOtherOrder", json!([o]))
        .await
}

fn today() -> (String, String) {
    let d = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{d} 00:00:00"), format!("{d} 23:59:59"))
}

async fn query(app: &TestApp, method: &str, extra: Value) -> Value {
    let (s, e) = today();
    let mut p = json!({"start_time": s, "end_time": e});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    let r = app.page(method, 50, 0, p).await;
    assert_eq!(status(&r), 0, "{r}");
    r
}

dual_test!(
    async fn a_checked_other_stock_out_takes_the_stock_under_its_outer_number() {
        let app = TestApp::spawn().await;
        // M: 2 in B0 (expires 2026-11-01) and 4 without batch at B-01, 3 in B1 at A-02.
        let r = stockout(
            &app,
            order("SO-1", 1, json!([{"spec_no": "M", "num": "3"}])),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(
            r["data"]["message"], "SO-1",
            "the outer number is the document's number"
        );
        assert_eq!(app.stock("WH01", "M", false).await, "6.0000");
        let q = query(
            &app,
            "wms.stockout.OtherQuery.queryWithDetail",
            json!({"stockout_no": "SO-1"}),
        )
        .await;
        let o = &q["data"]["order"][0];
        assert_eq!(
            (o["order_type"].as_i64(), o["status"].as_i64()),
            (Some(21), Some(110)),
            "{o}"
        );
        assert!(o["src_order_no"].as_str().unwrap().starts_with("QC"), "{o}");
        assert_eq!(o["goods_count"].to_string(), "3.0000");
        // The ledger shows where it came from: the earliest expiry first.
        let changes = app.changes("M", false).await;
        let out: Vec<(&str, &str)> = changes
            .iter()
            .filter(|c| c["stockio_no"] == "SO-1")
            .map(|c| {
                (
                    c["src_order_type"].to_string().leak() as &str,
                    c["num"].to_string().leak() as &str,
                )
            })
            .collect();
        assert_eq!(out.len(), 2, "{changes:?}");
        assert!(out.iter().all(|(t, _)| *t == "21"), "{out:?}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn a_stock_out_short_of_stock_is_refused_whole_naming_each_spec() {
        let app = TestApp::spawn().await;
        let before = app.counts().await;
        let goods = json!([{"spec_no": "M", "num": "10"}, {"spec_no": "A", "num": "1"},
                           {"spec_no": "A", "num": "2", "position_no": "B-01"}]);
        let r = stockout(&app, order("SO-2", 1, goods)).await;
        assert_eq!(status(&r), 100, "{r}");
        let m = message(&r);
        assert!(
            m.contains("(商家编码 M) 库存不足: 需出库 10.0000, 可用 9.0000, 缺 1.0000"),
            "{m}"
        );
        assert!(
            m.contains("goods_list[2].num(商家编码 A) 库存不足: 需出库 2.0000, 可用 0.0000"),
            "{m}"
        );
        assert!(!m.contains("goods_list[1]"), "{m}");
        assert_eq!(
            app.counts().await,
            before,
            "a refused stock-out wrote something"
        );
        assert_eq!(app.stock("WH01", "M", false).await, "9.0000");
        // From exactly the batch named.
        let r = stockout(
            &app,
            order(
                "SO-3",
                1,
                json!([{"spec_no": "M", "num": "3", "batch_no": "B0"}]),
            ),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("可用 2"), "{r}");
        let r = stockout(
            &app,
            order(
                "SO-3",
                1,
                json!([{"spec_no": "M", "num": "2", "batch_no": "B0"}]),
            ),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let r = app
            .call(
                "wms.StockSpec.stockDetailSearch",
                json!([{"warehouse_no": "WH01", "spec_no": "M"}]),
            )
            .await;
        let rows = r.to_string();
        assert!(
            !rows.contains("\"B0\"") || rows.contains("0.0000"),
            "{rows}"
        );
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn an_other_stock_in_creates_its_batch_and_is_listed_with_its_order() {
        let app = TestApp::spawn().await;
        let goods = json!([{"spec_no": "C", "num": "5", "batch_no": "NEW-1", "expire_date": "2027-01-01",
                            "position_no": "A-01", "stockin_price": "2.5"}]);
        let r = stockin(&app, order("SI-1", 1, goods)).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(r["data"]["message"], "SI-1");
        assert_eq!(app.stock("WH01", "C", false).await, "5.0000");
        let q = query(
            &app,
            "wms.stockin.Other.queryWithDetail",
            json!({"stockin_no": "SI-1"}),
        )
        .await;
        let o = &q["data"]["order"][0];
        assert_eq!(o["status"], 80, "{o}");
        assert!(o["src_order_no"].as_str().unwrap().starts_with("QR"), "{o}");
        assert_eq!(o["detail_list"][0]["batch_no"], "NEW-1");
        assert_eq!(o["total_cost"].to_string(), "12.5000");
        // A retried push is a duplicate, in the vendor's words.
        let before = app.counts().await;
        let r = stockin(
            &app,
            order("SI-1", 1, json!([{"spec_no": "C", "num": "5"}])),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).starts_with("外部单号重复!"), "{r}");
        assert_eq!(app.counts().await, before);
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn a_business_order_is_fulfilled_by_the_stock_ins_that_name_it() {
        let app = TestApp::spawn().await;
        // Stored (编辑中): its order is made, nothing posted.
        let r = stockin(
            &app,
            order("SI-2", 2, json!([{"spec_no": "C", "num": "5"}])),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let q = query(
            &app,
            "wms.stockin.Other.queryWithDetail",
            json!({"stockin_no": "SI-2"}),
        )
        .await;
        let o = &q["data"]["order"][0];
        assert_eq!(o["status"], 20);
        let qr = o["src_order_no"].as_str().unwrap().to_string();
        assert_eq!(app.stock("WH01", "C", false).await, "0.0000");
        // A second stock-in against it, checked: part of the order is done.
        let mut o3 = order("SI-3", 1, json!([{"spec_no": "C", "num": "2"}]));
        o3["src_order_no"] = json!(qr);
        let r = stockin(&app, o3).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(app.stock("WH01", "C", false).await, "2.0000");
        // A spec not on the order is refused, naming it.
        let mut o4 = order("SI-4", 1, json!([{"spec_no": "A", "num": "1"}]));
        o4["src_order_no"] = json!(qr);
        let r = stockin(&app, o4).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains(&qr), "{r}");
        let mut o5 = order("SI-5", 1, json!([{"spec_no": "C", "num": "1"}]));
        o5["src_order_no"] = json!("QR-NONE");
        let r = stockin(&app, o5).await;
        assert_eq!(status(&r), 100, "{r}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn cancellations_follow_the_status() {
        let app = TestApp::spawn().await;
        let goods = json!([{"spec_no": "A", "num": "1"}]);
        for (no, check) in [("CO-48", 2), ("CO-50", 0), ("CO-110", 1)] {
            let r = stockout(&app, order(no, check, goods.clone())).await;
            assert_eq!(status(&r), 0, "{r}");
        }
        let cancel = |no: &str, force: bool| {
            app.call("wms.stockout.Other.cancelOtherOrder", json!([no, force]))
        };
        // 未确认: cancelled.
        let r = cancel("CO-48", false).await;
        assert_eq!(status(&r), 0, "{r}");
        // 待审核: only when forced.
        let r = cancel("CO-50", false).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("(50)"), "names the status: {r}");
        let r = cancel("CO-50", true).await;
        assert_eq!(status(&r), 0, "{r}");
        // Done or already cancelled: refused, naming why.
        let r = cancel("CO-110", true).await;
        assert!(message(&r).contains("已完成"), "{r}");
        let r = cancel("CO-48", true).await;
        assert!(message(&r).contains("已取消"), "{r}");
        let r = cancel("CO-NONE", true).await;
        assert!(message(&r).contains("不存在"), "{r}");
        let q = query(
            &app,
            "wms.stockout.OtherQuery.queryWithDetail",
            json!({"time_type": 2}),
        )
        .await;
        let statuses: Vec<(String, i64)> = q["data"]["order"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["order_no"].as_str().unwrap().into(),
                    o["status"].as_i64().unwrap(),
                )
            })
            .collect();
        assert!(statuses.contains(&("CO-48".into(), 5)), "{statuses:?}");
        assert!(statuses.contains(&("CO-50".into(), 5)), "{statuses:?}");
        // A stock-in: 编辑中 cancelled; 待审核 forced.
        for (no, check) in [("CI-20", 2), ("CI-30", 0)] {
            let r = stockin(&app, order(no, check, goods.clone())).await;
            assert_eq!(status(&r), 0, "{r}");
        }
        let r = app
            .call(
                "wms.stockin.Other.cancelOtherOrder",
                json!(["CI-20", false]),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let r = app
            .call(
                "wms.stockin.Other.cancelOtherOrder",
                json!(["CI-30", false]),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        let r = app
            .call("wms.stockin.Other.cancelOtherOrder", json!(["CI-30", true]))
            .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(app.stock("WH01", "A", false).await, "9.0000");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn enterprise_other_stock_ins_and_outs() {
        let app = TestApp::spawn().await;
        let info = json!({"outer_no": "E-IN-1", "warehouse_no": "WH01", "is_check": 1,
                          "goods_list": [{"spec_no": "C", "stockin_num": "4", "stockin_price": "3"}]});
        let r = app
            .ent(
                "stockin_order_push.php",
                &[("stockin_info", info.to_string())],
            )
            .await;
        assert_eq!(code(&r), 0, "{r}");
        let no = r["stockin_no"].as_str().unwrap().to_string();
        assert!(no.starts_with("RK"), "{r}");
        assert_eq!(app.stock("WH01", "C", false).await, "4.0000");
        // A retry answers 2005 with the first document's number.
        let r = app
            .ent(
                "stockin_order_push.php",
                &[("stockin_info", info.to_string())],
            )
            .await;
        assert_eq!(code(&r), 2005, "{r}");
        assert_eq!(r["stockin_no"], no.as_str());
        // Without is_create_batch an unknown batch is refused, and nothing is written.
        let before = app.counts().await;
        let info = json!({"outer_no": "E-IN-2", "warehouse_no": "WH01", "is_check": 1,
                          "goods_list": [{"spec_no": "C", "stockin_num": "1", "batch_no": "NOPE"}]});
        let r = app
            .ent(
                "stockin_order_push.php",
                &[("stockin_info", info.to_string())],
            )
            .await;
        assert_ne!(code(&r), 0, "{r}");
        assert!(message(&r).contains("NOPE"), "{r}");
        assert_eq!(app.counts().await, before);

        let out = json!({"outer_no": "E-OUT-1", "warehouse_no": "WH01", "is_check": 1,
                         "detail_list": [{"spec_no": "C", "num": "5"}]});
        let r = app
            .ent(
                "stockout_order_push.php",
                &[("stockout_info", out.to_string())],
            )
            .await;
        assert_ne!(code(&r), 0, "{r}");
        assert!(message(&r).contains("库存不足"), "{r}");
        assert_eq!(app.counts().await, before);
        let out = json!({"outer_no": "E-OUT-1", "warehouse_no": "WH01", "is_check": 1,
                         "detail_list": [{"spec_no": "C", "num": "4"}]});
        let r = app
            .ent(
                "stockout_order_push.php",
                &[("stockout_info", out.to_string())],
            )
            .await;
        assert_eq!(code(&r), 0, "{r}");
        assert!(r["stockout_no"].as_str().unwrap().starts_with("CK"), "{r}");
        assert_eq!(app.stock("WH01", "C", false).await, "0.0000");
        let r = app
            .ent(
                "stockout_order_push.php",
                &[("stockout_info", json!({"warehouse_no": "WH01"}).to_string())],
            )
            .await;
        assert_ne!(code(&r), 0, "{r}");
        app.assert_ledger_sound().await;
    }
);
