//! Transfers: quick ones move at once; two-step ones hold stock in transit between their
//! stock-outs and stock-ins.

use serde_json::{json, Value};

use crate::common::*;

/// (stock, in transit) of a spec in a warehouse, as `wms.StockSpec.search` answers them.
async fn stock_and_transit(app: &TestApp, wh: &str, spec: &str) -> (String, String) {
    let r = app
        .call_as(
            &S1,
            "wms.StockSpec.search",
            Some((100, 0, true)),
            &json!([{"spec_nos": [spec], "warehouse_no": wh}]),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    r["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["defect"] == 0)
        .map_or(("0.0000".into(), "0.0000".into()), |row| {
            (
                row["stock_num"].to_string(),
                row["transfer_num"].to_string(),
            )
        })
}

async fn transfer(app: &TestApp, outer: &str, mode: i64, check: bool, lines: Value) -> Value {
    let info = json!({"outer_no": outer, "from_warehouse_no": "WH01", "to_warehouse_no": "WH02", "mode": mode});
    app.call(
        "wms.stocktransfer.Edit.createOrder",
        json!([info, lines, check]),
    )
    .await
}

async fn step(app: &TestApp, side: &str, tf: &str, wh: &str, num: &str, check: i64) -> Value {
    let method = if side == "out" {
        "wms.stockout.Transfer.createOrder"
    } else {
        "wms.stockin.Transfer.createOrder"
    };
    let info = json!({"src_order_no": tf, "warehouse_no": wh, "is_check": check});
    app.call(method, json!([info, [{"spec_no": "A", "num": num}]]))
        .await
}

async fn transfer_row(app: &TestApp, tf: &str) -> Value {
    let r = app
        .page(
            "wms.stocktransfer.Manage.queryWithDetail",
            10,
            0,
            json!({"transfer_no": tf}),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    r["data"]["order"][0].clone()
}

/// (stock in WH01, (stock in WH02, in transit into WH02)) of spec A.
async fn check(app: &TestApp) -> (String, (String, String)) {
    let (a, _) = stock_and_transit(app, "WH01", "A").await;
    let (b, t) = stock_and_transit(app, "WH02", "A").await;
    (a, (b, t))
}

fn s(v: &str) -> String {
    v.to_string()
}

dual_test!(
    async fn a_two_step_transfer_holds_stock_in_transit_until_it_comes_in() {
        let app = TestApp::spawn().await;
        let r = transfer(&app, "T-1", 0, true, json!([{"spec_no": "A", "num": "6"}])).await;
        assert_eq!(status(&r), 0, "{r}");
        let tf = r["data"]["message"].as_str().unwrap().to_string();
        assert!(tf.starts_with("TF"), "{r}");
        assert_eq!(transfer_row(&app, &tf).await["status"], 40);

        let at = |a: &str, t: &str, b: &str| (s(a), (s(b), s(t)));
        // Two partial stock-outs.
        let r = step(&app, "out", &tf, "WH01", "2", 1).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(check(&app).await, at("8.0000", "2.0000", "0.0000"));
        assert_eq!(transfer_row(&app, &tf).await["stock_out_in_status"], 20);
        let r = step(&app, "out", &tf, "WH01", "3", 1).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(check(&app).await, at("5.0000", "5.0000", "0.0000"));
        // More in than went out, or out than planned: refused, nothing written.
        let before = app.counts().await;
        let r = step(&app, "in", &tf, "WH02", "6", 1).await;
        assert_eq!(status(&r), 100, "{r}");
        let r = step(&app, "out", &tf, "WH01", "2", 1).await;
        assert_eq!(status(&r), 100, "{r}");
        let r = step(&app, "in", &tf, "WH01", "1", 1).await;
        assert_eq!(
            status(&r),
            100,
            "the stock-in goes into the destination: {r}"
        );
        assert_eq!(app.counts().await, before);
        // Two partial stock-ins.
        let r = step(&app, "in", &tf, "WH02", "4", 1).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(check(&app).await, at("5.0000", "1.0000", "4.0000"));
        let row = transfer_row(&app, &tf).await;
        assert_eq!(
            (row["status"].as_i64(), row["stock_out_in_status"].as_i64()),
            (Some(50), Some(30)),
            "{row}"
        );
        let r = step(&app, "out", &tf, "WH01", "1", 1).await;
        assert_eq!(status(&r), 0, "{r}");
        let r = step(&app, "in", &tf, "WH02", "2", 1).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(check(&app).await, at("4.0000", "0.0000", "6.0000"));
        let row = transfer_row(&app, &tf).await;
        assert_eq!(row["status"], 90, "调拨完成: {row}");
        assert_eq!(row["details_list"][0]["out_num"].to_string(), "6.0000");
        assert_eq!(row["details_list"][0]["in_num"].to_string(), "6.0000");
        // The generic queries list its stock-outs and stock-ins as transfers.
        let r = app
            .page(
                "wms.stockout.Base.search",
                50,
                0,
                json!({"src_order_no": tf}),
            )
            .await;
        assert_eq!(r["data"]["order_list"].as_array().unwrap().len(), 3, "{r}");
        assert_eq!(r["data"]["order_list"][0]["src_order_type"], 2);
        // A finished transfer takes nothing more and cannot be cancelled.
        let r = app
            .call("wms.stocktransfer.Manage.cancelOrder", json!([tf]))
            .await;
        assert!(message(&r).contains("(90)"), "{r}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn a_quick_transfer_moves_at_once_and_a_short_one_moves_nothing() {
        let app = TestApp::spawn().await;
        let before = app.counts().await;
        let r = transfer(&app, "Q-1", 5, true, json!([{"spec_no": "A", "num": "11"}])).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("库存不足"), "{r}");
        assert_eq!(
            app.counts().await,
            before,
            "a refused transfer wrote something"
        );
        let r = transfer(
            &app,
            "Q-1",
            5,
            true,
            json!([{"spec_no": "A", "num": "4", "to_position_no": ""}]),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let tf = r["data"]["message"].as_str().unwrap().to_string();
        assert_eq!(stock_and_transit(&app, "WH01", "A").await.0, "6.0000");
        assert_eq!(
            stock_and_transit(&app, "WH02", "A").await,
            (s("4.0000"), s("0.0000"))
        );
        assert_eq!(transfer_row(&app, &tf).await["status"], 90);
        // The same outer number again: the vendor's duplicate message.
        let r = transfer(&app, "Q-1", 5, true, json!([{"spec_no": "A", "num": "1"}])).await;
        assert!(message(&r).starts_with("外部单号重复!"), "{r}");
        // Enterprise: quick by default, 2005 on a retry with the number.
        let info = json!({"outer_no": "EQ-1", "from_warehouse_no": "WH01", "to_warehouse_no": "WH02",
                          "skus": [{"spec_no": "A", "num": "1"}]});
        let r = app
            .ent(
                "stock_transfer_push.php",
                &[("transfer_info", info.to_string())],
            )
            .await;
        assert_eq!(code(&r), 0, "{r}");
        let no = r["transfer_no"].as_str().unwrap().to_string();
        let r = app
            .ent(
                "stock_transfer_push.php",
                &[("transfer_info", info.to_string())],
            )
            .await;
        assert_eq!(
            (code(&r), r["transfer_no"].as_str()),
            (2005, Some(no.as_str())),
            "{r}"
        );
        assert_eq!(stock_and_transit(&app, "WH02", "A").await.0, "5.0000");
        // Two-step on the enterprise: stock stays until its stock-outs.
        let info = json!({"outer_no": "ES-1", "from_warehouse_no": "WH01", "to_warehouse_no": "WH02",
                          "transfer_type": 0, "autocheck": 1, "skus": [{"spec_no": "A", "num": "2"}]});
        let r = app
            .ent(
                "stock_transfer_push.php",
                &[("transfer_info", info.to_string())],
            )
            .await;
        assert_eq!(code(&r), 0, "{r}");
        assert_eq!(
            transfer_row(&app, r["transfer_no"].as_str().unwrap()).await["status"],
            40
        );
        assert_eq!(stock_and_transit(&app, "WH01", "A").await.0, "5.0000");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn cancellations_and_stopping_a_transfer() {
        let app = TestApp::spawn().await;
        let lines = json!([{"spec_no": "A", "num": "5"}]);
        // 编辑中 and 已审核-with-nothing-moved: cancelled.
        for (outer, check) in [("C-1", false), ("C-2", true)] {
            let r = transfer(&app, outer, 0, check, lines.clone()).await;
            let tf = r["data"]["message"].as_str().unwrap().to_string();
            let r = app
                .call("wms.stocktransfer.Manage.cancelOrder", json!([tf]))
                .await;
            assert_eq!(status(&r), 0, "{r}");
            assert_eq!(transfer_row(&app, &tf).await["status"], 10);
        }
        let r = transfer(&app, "C-3", 0, true, lines.clone()).await;
        let tf = r["data"]["message"].as_str().unwrap().to_string();
        // A stored stock-out (未确认) is cancelled; a posted one is not.
        let r = step(&app, "out", &tf, "WH01", "1", 2).await;
        let stored = r["data"]["message"].as_str().unwrap().to_string();
        let r = app
            .call("wms.stockout.Transfer.cancelOrder", json!([stored]))
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let r = step(&app, "out", &tf, "WH01", "3", 1).await;
        let posted = r["data"]["message"].as_str().unwrap().to_string();
        let r = app
            .call("wms.stockout.Transfer.cancelOrder", json!([posted]))
            .await;
        assert!(message(&r).contains("已完成"), "{r}");
        // Moving: the transfer itself can no longer be cancelled.
        let r = app
            .call("wms.stocktransfer.Manage.cancelOrder", json!([tf]))
            .await;
        assert!(message(&r).contains("(50)"), "{r}");
        // A stored stock-in (待审核) is cancelled.
        let r = step(&app, "in", &tf, "WH02", "1", 0).await;
        let stored_in = r["data"]["message"].as_str().unwrap().to_string();
        let r = app
            .call("wms.stockin.Transfer.cancelOrder", json!([stored_in]))
            .await;
        assert_eq!(status(&r), 0, "{r}");
        // Stop waiting, bringing what is in transit in: done, nothing left in transit.
        assert_eq!(
            stock_and_transit(&app, "WH02", "A").await,
            (s("0.0000"), s("3.0000"))
        );
        let r = app
            .call(
                "wms.stocktransfer.Manage.pending",
                json!([[tf, "TF-NONE"], true]),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let errors = r["data"]["error_info"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{r}");
        assert_eq!(errors[0]["order_no"], "TF-NONE");
        assert_eq!(
            stock_and_transit(&app, "WH02", "A").await,
            (s("3.0000"), s("0.0000"))
        );
        let row = transfer_row(&app, &tf).await;
        assert_eq!(row["status"], 90, "{row}");
        assert_eq!(
            row["details_list"][0]["num"].to_string(),
            "3.0000",
            "the plan shrank to what went out"
        );
        app.assert_ledger_sound().await;
    }
);

/// (stock, in transit) of spec A in a warehouse, as `stock_query.php` answers them.
async fn ent_stock(app: &TestApp, wh: &str) -> (String, String) {
    let r = app
        .ent(
            "stock_query.php",
            &[("spec_no", s("A")), ("warehouse_no", s(wh))],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    r["stocks"]
        .as_array()
        .and_then(|l| l.first())
        .map_or((s("0.0000"), s("0.0000")), |row| {
            (
                row["stock_num"].as_str().unwrap().to_string(),
                row["transfer_num"].as_str().unwrap().to_string(),
            )
        })
}

/// (A in WH01, in transit into WH02, A in WH02) by the enterprise's stock query.
async fn ent_check(app: &TestApp) -> (String, String, String) {
    let (a, _) = ent_stock(app, "WH01").await;
    let (b, t) = ent_stock(app, "WH02").await;
    (a, t, b)
}

async fn ent_push(app: &TestApp, name: &str, node: &str, info: Value) -> Value {
    app.ent(name, &[(node, info.to_string())]).await
}

async fn ent_out(app: &TestApp, outer: &str, tf: &str, wh: &str, lines: Value) -> Value {
    let info = json!({"outer_no": outer, "src_order_no": tf, "warehouse_no": wh, "is_check": 1,
                      "logistics_no": "SF1", "detail_list": lines});
    ent_push(app, "stockout_transfer_push.php", "stockout_info", info).await
}

async fn ent_in(app: &TestApp, outer: &str, tf: &str, wh: &str, num: &str) -> Value {
    let info = json!({"outer_no": outer, "src_order_no": tf, "warehouse_no": wh, "is_check": 1,
                      "goods_list": [{"spec_no": "A", "stockin_num": num}]});
    ent_push(app, "stockin_transfer_push.php", "stockin_info", info).await
}

async fn ent_transfer(app: &TestApp, tf: &str) -> Value {
    let r = app
        .ent("stock_transfer_query.php", &[("transfer_no", s(tf))])
        .await;
    assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(1)), "{r}");
    r["transfer_list"][0].clone()
}

fn progress(t: &Value) -> (i64, &str, &str) {
    (
        t["status"].as_i64().unwrap(),
        t["goods_out_count"].as_str().unwrap(),
        t["goods_in_count"].as_str().unwrap(),
    )
}

/// Today in Shanghai, as a query window.
fn today() -> (String, String) {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{day} 00:00:00"), format!("{day} 23:59:59"))
}

dual_test!(
    async fn an_enterprise_two_step_transfer_goes_out_and_comes_in_in_parts() {
        let app = TestApp::spawn().await;
        let info = json!({"outer_no": "E2-1", "from_warehouse_no": "WH01", "to_warehouse_no": "WH02",
                          "transfer_type": 0, "autocheck": 1, "skus": [{"spec_no": "A", "num": "6"}]});
        let r = ent_push(&app, "stock_transfer_push.php", "transfer_info", info).await;
        assert_eq!(code(&r), 0, "{r}");
        let tf = r["transfer_no"].as_str().unwrap().to_string();
        let t = ent_transfer(&app, &tf).await;
        assert_eq!(progress(&t), (40, "0.0000", "0.0000"), "{t}");
        assert_eq!(
            (t["type"].as_i64(), t["outer_no"].as_str()),
            (Some(0), Some("E2-1"))
        );
        let at = |a: &str, t: &str, b: &str| (s(a), s(t), s(b));

        // Two partial stock-outs: out of WH01, into transit.
        let r = ent_out(
            &app,
            "O-1",
            &tf,
            "WH01",
            json!([{"spec_no": "A", "num": "2"}]),
        )
        .await;
        assert_eq!(code(&r), 0, "{r}");
        let first_out = r["stockout_no"].as_str().unwrap().to_string();
        assert_eq!(ent_check(&app).await, at("8.0000", "2.0000", "0.0000"));
        assert_eq!(
            progress(&ent_transfer(&app, &tf).await),
            (50, "2.0000", "0.0000")
        );
        let r = ent_out(
            &app,
            "O-2",
            &tf,
            "WH01",
            json!([{"spec_no": "A", "num": "3"}]),
        )
        .await;
        assert_eq!(code(&r), 0, "{r}");
        assert_eq!(ent_check(&app).await, at("5.0000", "5.0000", "0.0000"));
        // The flagship's stock query sees the same.
        assert_eq!(
            stock_and_transit(&app, "WH02", "A").await,
            (s("0.0000"), s("5.0000"))
        );

        // Refused, each writing nothing: more in than in transit, more out than left, the
        // wrong warehouse, an unknown transfer, a retried outer_no.
        let before = app.counts().await;
        let r = ent_in(&app, "I-X", &tf, "WH02", "6").await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(message(&r).contains("超出单据未完成数量"), "{r}");
        let r = ent_out(
            &app,
            "O-X",
            &tf,
            "WH01",
            json!([{"spec_no": "A", "num": "2"}]),
        )
        .await;
        assert!(message(&r).contains("剩余 1"), "{r}");
        let r = ent_in(&app, "I-X", &tf, "WH01", "1").await;
        assert_eq!(
            code(&r),
            2000,
            "the stock-in goes into the destination: {r}"
        );
        let r = ent_out(
            &app,
            "O-X",
            "TF-NONE",
            "WH01",
            json!([{"spec_no": "A", "num": "1"}]),
        )
        .await;
        assert!(message(&r).contains("TF-NONE"), "{r}");
        let r = ent_out(
            &app,
            "O-1",
            &tf,
            "WH01",
            json!([{"spec_no": "A", "num": "1"}]),
        )
        .await;
        assert_eq!(
            (code(&r), r["stockout_no"].as_str()),
            (2005, Some(first_out.as_str())),
            "{r}"
        );
        let r = ent_push(
            &app,
            "stockout_transfer_push.php",
            "stockout_info",
            json!({"src_order_no": tf, "warehouse_no": "WH01", "detail_list": []}),
        )
        .await;
        assert_eq!(code(&r), 1001, "outer_no is required: {r}");
        assert_eq!(app.counts().await, before);

        // Two partial stock-ins, the last after the last stock-out.
        let r = ent_in(&app, "I-1", &tf, "WH02", "4").await;
        assert_eq!(code(&r), 0, "{r}");
        assert_eq!(ent_check(&app).await, at("5.0000", "1.0000", "4.0000"));
        assert_eq!(
            progress(&ent_transfer(&app, &tf).await),
            (50, "5.0000", "4.0000")
        );
        let r = ent_out(
            &app,
            "O-3",
            &tf,
            "WH01",
            json!([{"spec_no": "A", "num": "1"}]),
        )
        .await;
        assert_eq!(code(&r), 0, "{r}");
        let r = ent_in(&app, "I-2", &tf, "WH02", "2").await;
        assert_eq!(code(&r), 0, "{r}");
        let last_in = r["stockin_no"].as_str().unwrap().to_string();
        assert_eq!(ent_check(&app).await, at("4.0000", "0.0000", "6.0000"));
        let t = ent_transfer(&app, &tf).await;
        assert_eq!(progress(&t), (90, "6.0000", "6.0000"), "调拨完成: {t}");
        let line = &t["details_list"][0];
        assert_eq!(
            (
                line["num"].as_str(),
                line["out_num"].as_str(),
                line["in_num"].as_str()
            ),
            (Some("6.0000"), Some("6.0000"), Some("6.0000"))
        );
        // A retry of the push that finished it is still its duplicate; a new one is refused.
        let before = app.counts().await;
        let r = ent_in(&app, "I-2", &tf, "WH02", "2").await;
        assert_eq!(
            (code(&r), r["stockin_no"].as_str()),
            (2005, Some(last_in.as_str())),
            "{r}"
        );
        let r = ent_out(
            &app,
            "O-4",
            &tf,
            "WH01",
            json!([{"spec_no": "A", "num": "1"}]),
        )
        .await;
        assert!(message(&r).contains("(90)"), "{r}");
        assert_eq!(app.counts().await, before);
        // By status: finished ones only.
        let r = app
            .ent("stock_transfer_query.php", &[("status", s("40,50"))])
            .await;
        assert_eq!(r["total_count"], 0, "{r}");
        let r = app
            .ent(
                "stock_transfer_query.php",
                &[("status", s("90")), ("from_warehouse_no", s("WH01"))],
            )
            .await;
        assert_eq!(r["total_count"], 1, "{r}");
        let r = app
            .ent(
                "stock_transfer_query.php",
                &[("to_warehouse_no", s("WH-NONE"))],
            )
            .await;
        assert_eq!(code(&r), 2000, "{r}");

        // The flagship's queries find its stock-outs and stock-ins.
        let r = app
            .page(
                "wms.stockout.Transfer.queryWithDetail",
                10,
                0,
                json!({"src_order_no": tf}),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let outs = r["data"]["order"].as_array().unwrap();
        assert_eq!(outs.len(), 3, "{r}");
        let o = outs
            .iter()
            .find(|o| o["order_no"] == first_out.as_str())
            .unwrap();
        assert_eq!(
            (
                o["src_order_no"].as_str(),
                o["order_type"].as_i64(),
                o["status"].as_i64()
            ),
            (Some(tf.as_str()), Some(2), Some(110))
        );
        assert_eq!(
            (
                o["from_warehouse_no"].as_str(),
                o["to_warehouse_no"].as_str(),
                o["logistics_no"].as_str()
            ),
            (Some("WH01"), Some("WH02"), Some("SF1"))
        );
        assert_eq!(o["transfer_id"], t["transfer_id"]);
        let line = &o["detail_list"][0];
        assert_eq!(
            (line["spec_no"].as_str(), line["goods_count"].to_string()),
            (Some("A"), s("2.0000"))
        );
        let places = line["position_details_list"].as_array().unwrap();
        assert_eq!(places.len(), 1, "{line}");
        assert_eq!(places[0]["position_goods_count"].to_string(), "2.0000");
        assert_eq!(places[0]["position_no"], line["position_no"]);
        assert!(!line["position_no"].as_str().unwrap().is_empty(), "{line}");
        let (start, end) = today();
        let window =
            json!({"start_time": start, "end_time": end, "warehouse_no": "WH01", "status": "110"});
        let r = app
            .page("wms.stockout.Transfer.queryWithDetail", 10, 0, window)
            .await;
        assert_eq!(r["data"]["order"].as_array().unwrap().len(), 3, "{r}");
        let r = app
            .page(
                "wms.stockout.Transfer.queryWithDetail",
                10,
                0,
                json!({"stockout_no": first_out}),
            )
            .await;
        assert_eq!(r["data"]["total_count"], 1, "{r}");
        let r = app
            .page(
                "wms.stockin.Transfer.queryWithDetail",
                10,
                0,
                json!({"transfer_no": tf}),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let ins = r["data"]["order"].as_array().unwrap();
        assert_eq!(ins.len(), 2, "{r}");
        let i = ins
            .iter()
            .find(|i| i["order_no"] == last_in.as_str())
            .unwrap();
        assert_eq!(
            (
                i["from_warehouse_no"].as_str(),
                i["to_warehouse_no"].as_str(),
                i["status"].as_i64()
            ),
            (Some("WH01"), Some("WH02"), Some(80))
        );
        assert_eq!(i["detail_list"][0]["num"].to_string(), "2.0000");
        assert!(
            !i["detail_list"][0]["position_no"]
                .as_str()
                .unwrap()
                .is_empty(),
            "{i}"
        );
        let window = json!({"start_time": start, "end_time": end, "warehouse_no": "WH02"});
        let r = app
            .page("wms.stockin.Transfer.queryWithDetail", 10, 0, window)
            .await;
        assert_eq!(r["data"]["order"].as_array().unwrap().len(), 2, "{r}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn the_transfer_stock_queries_refuse_what_their_pages_refuse() {
        let app = TestApp::spawn().await;
        for method in [
            "wms.stockout.Transfer.queryWithDetail",
            "wms.stockin.Transfer.queryWithDetail",
        ] {
            let r = app.page(method, 10, 0, json!({})).await;
            assert_eq!(status(&r), 100, "a window or a number is required: {r}");
            assert!(message(&r).contains("起止时间"), "{r}");
            let wide =
                json!({"start_time": "2025-01-01 00:00:00", "end_time": "2025-03-01 00:00:00"});
            let r = app.page(method, 10, 0, wide).await;
            assert_eq!(status(&r), 100, "at most 30 days: {r}");
            let (start, end) = today();
            let r = app
                .page(
                    method,
                    10,
                    0,
                    json!({"start_time": start, "end_time": end, "warehouse_no": "WH-NONE"}),
                )
                .await;
            assert_eq!(status(&r), 100, "{r}");
            assert!(message(&r).contains("不存在"), "{r}");
            let r = app
                .page(
                    method,
                    10,
                    0,
                    json!({"start_time": start, "end_time": end, "status": "x"}),
                )
                .await;
            assert_eq!(status(&r), 100, "{r}");
        }
    }
);

dual_test!(
    async fn a_transfer_stock_out_short_of_stock_is_refused_whole_and_an_unchecked_one_is_stored() {
        let app = TestApp::spawn().await;
        let info = json!({"outer_no": "E2-S", "from_warehouse_no": "WH01", "to_warehouse_no": "WH02",
                          "transfer_type": 0, "autocheck": 1,
                          "skus": [{"spec_no": "A", "num": "20"}, {"spec_no": "M", "num": "20"}]});
        let r = ent_push(&app, "stock_transfer_push.php", "transfer_info", info).await;
        assert_eq!(code(&r), 0, "{r}");
        let tf = r["transfer_no"].as_str().unwrap().to_string();
        let before = app.counts().await;
        let lines = json!([{"spec_no": "A", "num": "15"}, {"spec_no": "M", "num": "12"}]);
        let r = ent_out(&app, "S-1", &tf, "WH01", lines).await;
        assert_eq!(code(&r), 2000, "{r}");
        let m = message(&r);
        assert!(
            m.contains("(商家编码 A)库存不足") && m.contains("(商家编码 M)库存不足"),
            "{r}"
        );
        assert_eq!(
            app.counts().await,
            before,
            "a refused stock-out wrote something"
        );
        // The same outer_no is free again: the refusal kept nothing.
        let info = json!({"outer_no": "S-1", "src_order_no": tf, "warehouse_no": "WH01", "is_check": 0,
                          "detail_list": [{"spec_no": "A", "num": "15"}]});
        let r = ent_push(&app, "stockout_transfer_push.php", "stockout_info", info).await;
        assert_eq!(code(&r), 0, "stored, not checked: no stock needed yet: {r}");
        let stored = r["stockout_no"].as_str().unwrap().to_string();
        assert_eq!(
            ent_check(&app).await,
            (s("10.0000"), s("0.0000"), s("0.0000"))
        );
        assert_eq!(
            progress(&ent_transfer(&app, &tf).await),
            (40, "0.0000", "0.0000")
        );
        let r = app
            .page(
                "wms.stockout.Transfer.queryWithDetail",
                10,
                0,
                json!({"stockout_no": stored, "status": "50"}),
            )
            .await;
        let o = &r["data"]["order"][0];
        assert_eq!(
            (o["status"].as_i64(), o["consign_time"].as_str()),
            (Some(50), Some("")),
            "{r}"
        );
        assert_eq!(o["detail_list"][0]["position_details_list"], json!([]));
        // A stock-in before anything went out.
        let r = ent_in(&app, "SI-1", &tf, "WH02", "1").await;
        assert!(message(&r).contains("剩余 0"), "{r}");
        app.assert_ledger_sound().await;
    }
);

async fn outer(app: &TestApp, params: Value, lines: Value) -> Value {
    app.call(
        "wms.outer.OuterTransfer.createByApi",
        json!([params, lines]),
    )
    .await
}

dual_test!(
    async fn an_outer_quick_transfer_moves_at_once_when_checked() {
        let app = TestApp::spawn().await;
        let p = json!({"mode": "1", "wms_edit": "1", "create_mode": "2", "remark": "外仓",
                       "from_warehouse_no": "WH01", "to_warehouse_no": "WH02"});
        let r = outer(
            &app,
            p.clone(),
            json!([{"spec_no": "A", "num": "3", "defect": "0", "remark": "x"}]),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let tf = r["data"]["transfer_no"].as_str().unwrap().to_string();
        assert!(tf.starts_with("TF"), "{r}");
        assert_eq!(
            check(&app).await,
            (s("7.0000"), (s("3.0000"), s("0.0000"))),
            "out of WH01 and into WH02 at once, nothing in transit"
        );
        let row = transfer_row(&app, &tf).await;
        assert_eq!(
            (row["status"].as_i64(), row["mode"].as_i64()),
            (Some(90), Some(5)),
            "{row}"
        );
        assert_eq!(row["remark"], "外仓");
        // 保存 (the default) and 提交 store it; nothing moves.
        for (mode, state) in [(None, 20), (Some(1), 30)] {
            let mut p = p.clone();
            match mode {
                Some(m) => p["create_mode"] = json!(m),
                None => {
                    p.as_object_mut().unwrap().remove("create_mode");
                }
            }
            let r = outer(&app, p, json!([{"spec_no": "A", "num": "1"}])).await;
            assert_eq!(status(&r), 0, "{r}");
            let row = transfer_row(&app, r["data"]["transfer_no"].as_str().unwrap()).await;
            assert_eq!(row["status"], state, "{row}");
        }
        assert_eq!(check(&app).await.0, "7.0000");
        // Each documented refusal, none writing anything.
        let before = app.counts().await;
        let with = |k: &str, v: Value| {
            let mut p = p.clone();
            p[k] = v;
            p
        };
        let one = json!([{"spec_no": "A", "num": "1"}]);
        let r = outer(
            &app,
            with("from_warehouse_no", json!("WH-NONE")),
            one.clone(),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).starts_with("源仓库不存在"), "{r}");
        let r = outer(&app, with("to_warehouse_no", json!("WH-NONE")), one.clone()).await;
        assert!(message(&r).starts_with("目标仓库不存在"), "{r}");
        let r = outer(&app, with("to_warehouse_no", json!("WH01")), one.clone()).await;
        assert!(message(&r).contains("to_warehouse_no"), "{r}");
        let r = outer(&app, with("from_warehouse_no", json!("")), one.clone()).await;
        assert!(message(&r).contains("from_warehouse_no"), "{r}");
        let mut no_mode = p.clone();
        no_mode.as_object_mut().unwrap().remove("mode");
        let r = outer(&app, no_mode, one.clone()).await;
        assert!(message(&r).contains("mode"), "{r}");
        let r = outer(&app, with("mode", json!(9)), one.clone()).await;
        assert!(message(&r).contains("mode"), "{r}");
        let r = outer(&app, with("create_mode", json!(3)), one.clone()).await;
        assert!(message(&r).contains("create_mode"), "{r}");
        let r = outer(
            &app,
            p.clone(),
            json!([{"spec_no": "A", "num": "8"}, {"spec_no": "NOPE", "num": "1"}]),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(
            message(&r).contains("detail_list[1].spec_no(商家编码 NOPE)"),
            "{r}"
        );
        let r = outer(&app, p.clone(), json!([{"spec_no": "A", "num": "8"}])).await;
        assert!(message(&r).contains("库存不足"), "{r}");
        let r = outer(&app, p.clone(), json!([{"spec_no": "A", "num": {}}])).await;
        assert_eq!(status(&r), 1, "{r}");
        assert_eq!(app.counts().await, before);
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn verify_sees_goods_in_transit_that_no_transfer_line_accounts_for() {
        let app = TestApp::spawn().await;
        let r = transfer(&app, "T-V", 0, true, json!([{"spec_no": "A", "num": "3"}])).await;
        let tf = r["data"]["message"].as_str().unwrap().to_string();
        let r = step(&app, "out", &tf, "WH01", "2", 1).await;
        assert_eq!(status(&r), 0, "{r}");
        app.assert_ledger_sound().await;
        // The change history carries the transfer's src_order_type (2).
        let out: Vec<(i64, String)> = app
            .changes("A", false)
            .await
            .iter()
            .filter(|c| c["src_order_type"] == 2)
            .map(|c| (c["type"].as_i64().unwrap(), c["num"].to_string()))
            .collect();
        assert_eq!(out, [(2, "2.0000".to_string())], "{tf}");
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
        sqlx::query(
            "UPDATE stock_spec SET transfer_num = transfer_num + 10000 WHERE transfer_num > 0",
        )
        .execute(&pool)
        .await
        .unwrap();
        let problems = app.store.verify().await.unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.to_string().contains("in transit")),
            "{problems:?}"
        );
    }
);
