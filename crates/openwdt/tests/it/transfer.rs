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
