//! Other in/out business orders (其它入库/出库业务单): pushed, done by the other stock-ins/outs
//! that name them, queried with each line's progress, cancelled by status; and the client's
//! typed methods for them and for other stock-ins/outs.

use serde_json::{json, Value};

use crate::common::*;

fn today() -> (String, String) {
    let d = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{d} 00:00:00"), format!("{d} 23:59:59"))
}

async fn push(app: &TestApp, side: &str, order: Value, details: Value) -> Value {
    let method = if side == "in" {
        "wms.stockother.In.push"
    } else {
        "wms.stockother.Out.push"
    };
    app.call(method, json!([order, details])).await
}

/// The business orders a query answers (today's window plus `extra`).
async fn orders(app: &TestApp, side: &str, extra: Value) -> Value {
    let method = if side == "in" {
        "wms.stockother.InQuery.queryWithDetail"
    } else {
        "wms.stockother.OutQuery.queryWithDetail"
    };
    let (s, e) = today();
    let mut p = json!({"start_time": s, "end_time": e});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    let r = app.page(method, 50, 0, p).await;
    assert_eq!(status(&r), 0, "{r}");
    r["data"].clone()
}

async fn order_of(app: &TestApp, side: &str, no: &str) -> Value {
    let key = if side == "in" {
        "other_in_no"
    } else {
        "other_out_no"
    };
    let d = orders(app, side, json!({ key: no })).await;
    assert_eq!(d["total_count"], 1, "{d}");
    d["order"][0].clone()
}

/// An other stock-in (`side` "in") or stock-out against the order `src`, checked now.
async fn against(app: &TestApp, side: &str, outer: &str, src: &str, goods: Value) -> Value {
    let o = json!({"outer_no": outer, "warehouse_no": "WH01", "is_check": 1,
                   "src_order_no": src, "goods_list": goods});
    let method = if side == "in" {
        "wms.stockin.Other.createOtherOrder"
    } else {
        "wms.stockout.Other.createOther"
    };
    app.call(method, json!([o])).await
}

async fn cancel(app: &TestApp, side: &str, nos: Value) -> Value {
    let method = if side == "in" {
        "wms.stockother.In.cancelOrder"
    } else {
        "wms.stockother.Out.cancelOrder"
    };
    let r = app.call(method, json!([nos])).await;
    assert_eq!(status(&r), 0, "{r}");
    r["data"].clone()
}

fn line_nums(o: &Value, done: &str) -> Vec<(String, String, String)> {
    o["detail_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["spec_no"].as_str().unwrap().to_string(),
                l["num"].to_string(),
                l[done].to_string(),
            )
        })
        .collect()
}

dual_test!(
    async fn an_in_order_is_done_by_the_stock_ins_that_name_it() {
        let app = TestApp::spawn().await;
        let order = json!({"outer_no": "IN-1", "warehouse_no": "WH01", "is_check": true,
                           "reason": "退货入库", "prop1": "P-1", "logistics_no": "SF1"});
        let details = json!([
            {"spec_no": "C", "num": "5", "batch_no": "NEW-B", "production_date": "2025-01-02", "price": "2.5"},
            {"spec_no": "A", "num": "3.5", "position_no": "A-01", "aux_unit_name": "箱"}
        ]);
        let r = push(&app, "in", order, details).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(r["data"], json!({"message": "IN-1", "status": 0}));
        let o = order_of(&app, "in", "IN-1").await;
        assert_eq!(
            (o["status"].as_i64(), o["warehouse_no"].as_str()),
            (Some(20), Some("WH01")),
            "{o}"
        );
        assert_eq!(
            (&o["reason"], &o["prop1"], &o["logistics_no"]),
            (&json!("退货入库"), &json!("P-1"), &json!("SF1"))
        );
        assert!(o["created"].as_i64().unwrap() > 0, "{o}");
        let l = &o["detail_list"][0];
        assert_eq!(
            (&l["batch_no"], l["price"].to_string()),
            (&json!("NEW-B"), "2.5000".into())
        );
        assert_eq!(l["production_date"], "2025-01-02");
        assert_eq!(o["detail_list"][1]["position_no"], "A-01");
        assert_eq!(
            line_nums(&o, "in_num"),
            [
                ("C".into(), "5.0000".into(), "0.0000".into()),
                ("A".into(), "3.5000".into(), "0.0000".into())
            ]
        );
        assert_eq!(
            app.stock("WH01", "C", false).await,
            "0.0000",
            "an order moves no stock"
        );

        // Part of it comes in: 部分入库, with the line's in_num.
        let r = against(
            &app,
            "in",
            "SI-1",
            "IN-1",
            json!([{"spec_no": "C", "num": "2"}]),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(app.stock("WH01", "C", false).await, "2.0000");
        let o = order_of(&app, "in", "IN-1").await;
        assert_eq!(o["status"], 60, "{o}");
        assert_eq!(line_nums(&o, "in_num")[0].2, "2.0000");

        // More than the order has left is refused whole, and nothing is written.
        let before = app.counts().await;
        let r = against(
            &app,
            "in",
            "SI-2",
            "IN-1",
            json!([{"spec_no": "A", "num": "1"}, {"spec_no": "C", "num": "4"}]),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(
            message(&r).contains(
                "goods_list[1].num(商家编码 C) 超出单据未完成数量: 需 4.0000, 剩余 3.0000"
            ),
            "{r}"
        );
        assert_eq!(app.counts().await, before);
        // Into another warehouse than the order's: refused.
        let o2 = json!({"outer_no": "SI-3", "warehouse_no": "WH02", "is_check": 1,
                        "src_order_no": "IN-1", "goods_list": [{"spec_no": "C", "num": "1"}]});
        let r = app
            .call("wms.stockin.Other.createOtherOrder", json!([o2]))
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("WH02"), "{r}");
        assert_eq!(app.counts().await, before);

        // The rest: 已完成, and the stock came in.
        let r = against(
            &app,
            "in",
            "SI-4",
            "IN-1",
            json!([{"spec_no": "C", "num": "3"}, {"spec_no": "A", "num": "3.5", "position_no": "A-01"}]),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(app.stock("WH01", "C", false).await, "5.0000");
        assert_eq!(app.stock("WH01", "A", false).await, "13.5000");
        let o = order_of(&app, "in", "IN-1").await;
        assert_eq!(o["status"], 70, "{o}");
        assert_eq!(
            line_nums(&o, "in_num"),
            [
                ("C".into(), "5.0000".into(), "5.0000".into()),
                ("A".into(), "3.5000".into(), "3.5000".into())
            ]
        );
        // A done order takes nothing more and cannot be cancelled.
        let r = against(
            &app,
            "in",
            "SI-5",
            "IN-1",
            json!([{"spec_no": "C", "num": "1"}]),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("(70)"), "{r}");
        let c = cancel(&app, "in", json!(["IN-1"])).await;
        assert_eq!(c["success_data"], json!([]));
        assert_eq!(c["error_data"][0]["order_no"], "IN-1");
        assert!(
            c["error_data"][0]["err_msg"]
                .as_str()
                .unwrap()
                .contains("已完成(70)"),
            "{c}"
        );
        // Filters: status, warehouse, number.
        let d = orders(&app, "in", json!({"status": "70"})).await;
        let nos: Vec<&str> = d["order"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["other_in_no"].as_str().unwrap())
            .collect();
        assert_eq!(nos, ["IN-1"], "{d}");
        let d = orders(&app, "in", json!({"status": "10,60"})).await;
        assert!(!d["order"].to_string().contains("\"IN-1\""), "{d}");
        let d = orders(&app, "in", json!({"warehouse_no": "WH02"})).await;
        assert_eq!(d["total_count"], 0, "{d}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn an_out_order_is_done_by_the_stock_outs_that_name_it() {
        let app = TestApp::spawn().await;
        // M: 2 in B0 (expires first) and 4 without batch at B-01, 3 in B1 at A-02.
        let order = json!({"warehouse_no": "WH01", "is_check": true, "receiver_name": "张三",
                           "receiver_address": "上海"});
        let r = push(&app, "out", order, json!([{"spec_no": "M", "num": "5"}])).await;
        assert_eq!(status(&r), 0, "{r}");
        let qc = r["data"]["message"].as_str().unwrap().to_string();
        assert!(qc.starts_with("QC"), "{r}");
        assert_eq!(r["data"]["outer_no"], qc.as_str());
        let o = order_of(&app, "out", &qc).await;
        assert_eq!(
            (o["status"].as_i64(), &o["receiver_name"]),
            (Some(20), &json!("张三"))
        );
        assert_eq!(o["is_reserved"], false);

        let r = against(
            &app,
            "out",
            "SO-1",
            &qc,
            json!([{"spec_no": "M", "num": "2"}]),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(app.stock("WH01", "M", false).await, "7.0000");
        let o = order_of(&app, "out", &qc).await;
        assert_eq!(o["status"], 60, "{o}");
        assert_eq!(line_nums(&o, "out_num")[0].2, "2.0000");

        // B0 is gone: a stock-out from exactly there is short, refused whole, nothing written.
        let before = app.counts().await;
        let r = against(
            &app,
            "out",
            "SO-2",
            &qc,
            json!([{"spec_no": "M", "num": "1"}, {"spec_no": "M", "num": "1", "batch_no": "B0"}]),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(
            message(&r)
                .contains("goods_list[1].num(商家编码 M) 库存不足: 需出库 1.0000, 可用 0.0000"),
            "{r}"
        );
        assert!(!message(&r).contains("goods_list[0]"), "{r}");
        assert_eq!(app.counts().await, before);
        assert_eq!(app.stock("WH01", "M", false).await, "7.0000");

        let r = against(
            &app,
            "out",
            "SO-3",
            &qc,
            json!([{"spec_no": "M", "num": "3"}]),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(app.stock("WH01", "M", false).await, "4.0000");
        let o = order_of(&app, "out", &qc).await;
        assert_eq!(o["status"], 70, "{o}");
        assert_eq!(line_nums(&o, "out_num")[0].2, "5.0000");

        // A checked order asks the stock now (create_check_stock 1, the default): short is
        // refused whole; left to be checked it is created, and 0 checks at creation too.
        let before = app.counts().await;
        let lines = json!([{"spec_no": "M", "num": "5"}, {"spec_no": "A", "num": "1"}]);
        let r = push(
            &app,
            "out",
            json!({"warehouse_no": "WH01", "is_check": true}),
            lines.clone(),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(
            message(&r)
                .contains("order_details[0].num(商家编码 M) 库存不足: 需出库 5.0000, 可用 4.0000"),
            "{r}"
        );
        let r = push(
            &app,
            "out",
            json!({"warehouse_no": "WH01", "create_check_stock": 0}),
            lines.clone(),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert_eq!(app.counts().await, before);
        let r = push(
            &app,
            "out",
            json!({"warehouse_no": "WH01", "outer_no": "OUT-10"}),
            lines,
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let o = order_of(&app, "out", "OUT-10").await;
        assert_eq!(o["status"], 10, "{o}");
        // A 待审核 order takes no stock-outs.
        let r = against(
            &app,
            "out",
            "SO-4",
            "OUT-10",
            json!([{"spec_no": "A", "num": "1"}]),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("(10)"), "{r}");
        let c = cancel(&app, "out", json!(["OUT-10", qc])).await;
        assert_eq!(c["success_data"], json!(["OUT-10"]), "{c}");
        assert!(
            c["error_data"][0]["err_msg"]
                .as_str()
                .unwrap()
                .contains("已完成(70)"),
            "{c}"
        );
        assert_eq!(order_of(&app, "out", "OUT-10").await["status"], 80);
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn cancellations_follow_the_order_status() {
        let app = TestApp::spawn().await;
        let goods = json!([{"spec_no": "C", "num": "4"}]);
        for (no, check) in [
            ("C-10", false),
            ("C-20", true),
            ("C-60", true),
            ("C-HELD", true),
        ] {
            let o = json!({"outer_no": no, "warehouse_no": "WH01", "is_check": check});
            let r = push(&app, "in", o, goods.clone()).await;
            assert_eq!(status(&r), 0, "{r}");
        }
        let r = against(
            &app,
            "in",
            "SI-60",
            "C-60",
            json!([{"spec_no": "C", "num": "1"}]),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        // A stored (待审核) stock-in against C-HELD: nothing came in yet, but it holds the order.
        let held = json!({"outer_no": "SI-HELD", "warehouse_no": "WH01", "is_check": 0,
                          "src_order_no": "C-HELD", "goods_list": [{"spec_no": "C", "num": "1"}]});
        let r = app
            .call("wms.stockin.Other.createOtherOrder", json!([held]))
            .await;
        assert_eq!(status(&r), 0, "{r}");

        let c = cancel(
            &app,
            "in",
            json!(["C-10", "C-20", "C-60", "C-HELD", "QR-NONE", "C-10"]),
        )
        .await;
        assert_eq!(c["success_data"], json!(["C-10", "C-20"]), "{c}");
        let errors: Vec<(String, String)> = c["error_data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["order_no"].as_str().unwrap().into(),
                    e["err_msg"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert_eq!(errors[0].0, "C-60");
        assert!(errors[0].1.contains("部分入库(60)"), "{errors:?}");
        assert!(errors[1].1.contains("未取消的入库单 SI-HELD"), "{errors:?}");
        assert!(errors[2].1.contains("不存在"), "{errors:?}");
        assert_eq!(errors[3].0, "C-10");
        assert!(errors[3].1.contains("已取消(80)"), "{errors:?}");
        let d = orders(&app, "in", json!({"status": "80"})).await;
        assert_eq!(d["total_count"], 2, "{d}");
        // Once its stock-in is cancelled, the order is free to cancel.
        let r = app
            .call(
                "wms.stockin.Other.cancelOtherOrder",
                json!(["SI-HELD", true]),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let c = cancel(&app, "in", json!(["C-HELD"])).await;
        assert_eq!(c["success_data"], json!(["C-HELD"]), "{c}");
        // A cancelled order takes no stock-ins.
        let r = against(
            &app,
            "in",
            "SI-X",
            "C-20",
            json!([{"spec_no": "C", "num": "1"}]),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        let r = app.call("wms.stockother.In.cancelOrder", json!([[]])).await;
        assert_eq!(status(&r), 100, "{r}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn a_refused_push_or_query_writes_nothing_and_says_why() {
        let app = TestApp::spawn().await;
        let one = json!([{"spec_no": "A", "num": "1"}]);
        let r = push(
            &app,
            "in",
            json!({"outer_no": "DUP", "warehouse_no": "WH01"}),
            one.clone(),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let before = app.counts().await;
        // The same outer number again: the vendor's duplicate, status 100.
        let r = push(
            &app,
            "in",
            json!({"outer_no": "DUP", "warehouse_no": "WH01"}),
            one.clone(),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).starts_with("外部单号重复!"), "{r}");
        assert!(message(&r).contains("DUP"), "{r}");
        assert_eq!(app.counts().await, before);
        // Unique per kind: an out order may carry it, but not as its number.
        let r = app
            .call(
                "wms.stockin.Other.createOtherOrder",
                json!([{"outer_no": "SI-N", "warehouse_no": "WH01", "is_check": 2, "goods_list": one}]),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let before = app.counts().await;
        let r = push(
            &app,
            "out",
            json!({"outer_no": "SI-N", "warehouse_no": "WH01"}),
            one.clone(),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("outer_no SI-N 已存在"), "{r}");
        // Every problem of the request in one message.
        let long = "长".repeat(256);
        let r = push(
            &app,
            "in",
            json!({"warehouse_no": "WH01", "reason": long, "flag_name": "x".repeat(33)}),
            json!([{"spec_no": "NOPE", "num": "1"}, {"spec_no": "A", "num": "1.00001"},
                   {"spec_no": "B", "num": "2", "position_no": "Z-9"},
                   {"spec_no": "C", "num": "1", "production_date": "2025-13-01"}]),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        let m = message(&r);
        for part in [
            "reason 超长",
            "flag_name 超长",
            "order_details[0].spec_no(商家编码 NOPE): 商家编码 NOPE 不存在或已删除",
            "order_details[1].num(商家编码 A) 数量不合法",
            "货位 Z-9 在仓库 WH01 中不存在",
            "order_details[3].production_date",
        ] {
            assert!(m.contains(part), "{part} not in {m}");
        }
        let r = push(&app, "out", json!({"warehouse_no": "WH09"}), one.clone()).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("WH09"), "{r}");
        let r = push(&app, "out", json!({"remark": "x"}), one.clone()).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("warehouse_no"), "{r}");
        let r = push(&app, "out", json!({"warehouse_no": "WH01"}), json!([])).await;
        assert_eq!(status(&r), 100, "{r}");
        let r = push(
            &app,
            "out",
            json!({"warehouse_no": "WH01", "create_check_stock": 5}),
            one.clone(),
        )
        .await;
        assert_eq!(status(&r), 100, "{r}");
        // A type error names its path (status 1).
        let r = push(
            &app,
            "in",
            json!({"warehouse_no": "WH01"}),
            json!([{"spec_no": {}, "num": "1"}]),
        )
        .await;
        assert_eq!(status(&r), 1, "{r}");
        assert!(message(&r).contains("order_details[0].spec_no"), "{r}");
        // An app may not use a warehouse it does not see.
        let r = app
            .call_as(
                &S1_WH02_ONLY,
                "wms.stockother.In.push",
                None,
                &json!([{"warehouse_no": "WH01"}, one]),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert_eq!(app.counts().await, before, "a refused push wrote something");

        // Queries: a window is required without a number, and at most 30 days.
        let r = app
            .page("wms.stockother.InQuery.queryWithDetail", 10, 0, json!({}))
            .await;
        assert_eq!(status(&r), 100, "{r}");
        let r = app
            .page(
                "wms.stockother.InQuery.queryWithDetail",
                10,
                0,
                json!({"start_time": "2025-01-01 00:00:00", "end_time": "2025-03-01 00:00:00"}),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("30天"), "{r}");
        let r = app
            .page(
                "wms.stockother.InQuery.queryWithDetail",
                10,
                0,
                json!({"other_in_no": "DUP"}),
            )
            .await;
        assert_eq!(r["data"]["order"][0]["other_in_no"], "DUP", "{r}");
        let r = app
            .page(
                "wms.stockother.InQuery.queryWithDetail",
                10,
                0,
                json!({"other_in_no": "DUP", "time_type": 3}),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        // A fuzzy number: one match answers it, more than one is an error.
        let r = push(
            &app,
            "in",
            json!({"outer_no": "DUP-2", "warehouse_no": "WH01"}),
            one.clone(),
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let fuzzy = |no: &str| {
            app.page(
                "wms.stockother.InQuery.queryWithDetail",
                10,
                0,
                json!({"other_in_no": no, "fuzzy_query": true}),
            )
        };
        let r = fuzzy("UP-").await;
        assert_eq!(r["data"]["order"][0]["other_in_no"], "DUP-2", "{r}");
        let r = fuzzy("DU").await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("多条"), "{r}");
        let r = fuzzy("%").await;
        assert_eq!(r["data"]["total_count"], 0, "{r}");
        let r = fuzzy("dup").await;
        assert_eq!(
            r["data"]["total_count"], 0,
            "case matters on both backends: {r}"
        );
        // An order of a warehouse the app does not see is not answered.
        let r = app
            .call_as(
                &S1_WH02_ONLY,
                "wms.stockother.InQuery.queryWithDetail",
                Some((10, 0, true)),
                &json!([{"other_in_no": "DUP"}]),
            )
            .await;
        assert_eq!(r["data"]["total_count"], 0, "{r}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn other_orders_and_moves_through_the_client() {
        use openwdt_client::api::other::{enterprise as oe, flagship as of};
        use openwdt_client::api::other_order::flagship as oo;
        use openwdt_client::{EnterpriseClient, FlagshipClient, Num};

        let app = TestApp::spawn().await;
        let wdt = FlagshipClient::new(
            &app.base,
            S1.sid,
            S1.key,
            &format!("{}:{}", S1.secret, S1.salt),
        )
        .unwrap();
        let (start, end) = today();
        let head = oo::OrderHead {
            warehouse_no: Some("WH01".into()),
            outer_no: Some("SDK-IN".into()),
            is_check: Some(true),
            ..Default::default()
        };
        let lines = [oo::OrderDetail {
            spec_no: "C".into(),
            num: Num::raw("6"),
            ..Default::default()
        }];
        let pushed = wdt.push_other_in_order(&head, &lines).await.unwrap();
        assert_eq!((pushed.message.as_str(), pushed.status), ("SDK-IN", 0));

        let stockin = of::OtherOrder {
            outer_no: Some("SDK-SI".into()),
            src_order_no: Some("SDK-IN".into()),
            warehouse_no: Some("WH01".into()),
            is_check: Some(1),
            goods_list: vec![of::OtherGoods {
                spec_no: "C".into(),
                num: Num::raw("4"),
                ..Default::default()
            }],
            ..Default::default()
        };
        let done = wdt.create_other_stockin(&stockin).await.unwrap();
        assert_eq!(done.message, "SDK-SI");
        let q = oo::OrderQuery {
            other_in_no: Some("SDK-IN".into()),
            ..Default::default()
        };
        let found = wdt
            .query_other_in_orders(&q, openwdt_client::api::flagship::Pager::new(0, 10))
            .await
            .unwrap();
        assert_eq!(found.total_count, 1);
        let o = &found.order[0];
        assert_eq!((o.other_in_no.as_str(), o.status), ("SDK-IN", 60));
        assert_eq!(
            (o.detail_list[0].num, o.detail_list[0].in_num),
            ("6".parse().unwrap(), "4".parse().unwrap())
        );
        let ins = wdt
            .query_other_stockins(
                &of::StockinOtherQuery {
                    other_stockin_no: Some("SDK-IN".into()),
                    ..Default::default()
                },
                openwdt_client::api::flagship::Pager::new(0, 10),
            )
            .await
            .unwrap();
        assert_eq!(ins.order[0].order_no, "SDK-SI");

        // Out: an order, a stock-out against it stored and cancelled, then the order cancelled.
        let out = oo::OrderHead {
            warehouse_no: Some("WH01".into()),
            ..Default::default()
        };
        let lines = [oo::OrderDetail {
            spec_no: "A".into(),
            num: Num::raw("2"),
            ..Default::default()
        }];
        let qc = wdt.push_other_out_order(&out, &lines).await.unwrap();
        assert_eq!(qc.outer_no.as_deref(), Some(qc.message.as_str()));
        let listed = wdt
            .query_other_out_orders(
                &oo::OrderQuery {
                    start_time: Some(start.clone()),
                    end_time: Some(end.clone()),
                    status: Some("10".into()),
                    ..Default::default()
                },
                openwdt_client::api::flagship::Pager::new(0, 10),
            )
            .await
            .unwrap();
        assert_eq!(listed.order[0].other_out_no, qc.message);
        let cancelled = wdt
            .cancel_other_out_orders(&[qc.message.clone(), "QC-NONE".into()])
            .await
            .unwrap();
        assert_eq!(cancelled.success_data, vec![qc.message.clone()]);
        assert_eq!(cancelled.error_data[0].order_no, "QC-NONE");

        let so = of::OtherOrder {
            outer_no: Some("SDK-SO".into()),
            warehouse_no: Some("WH01".into()),
            is_check: Some(2),
            goods_list: vec![of::OtherGoods {
                spec_no: "A".into(),
                num: Num::raw("1"),
                ..Default::default()
            }],
            ..Default::default()
        };
        wdt.create_other_stockout(&so).await.unwrap();
        let outs = wdt
            .query_other_stockouts(
                &of::StockoutOtherQuery {
                    stockout_no: Some("SDK-SO".into()),
                    ..Default::default()
                },
                openwdt_client::api::flagship::Pager::new(0, 10),
            )
            .await
            .unwrap();
        assert_eq!(outs.order[0].status, 48);
        wdt.cancel_other_stockout("SDK-SO", false).await.unwrap();
        let e = wdt
            .cancel_other_stockout("SDK-SO", false)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("已取消"), "{e}");
        let stored = of::OtherOrder {
            outer_no: Some("SDK-SI2".into()),
            warehouse_no: Some("WH01".into()),
            is_check: Some(2),
            goods_list: stockin.goods_list.clone(),
            ..Default::default()
        };
        wdt.create_other_stockin(&stored).await.unwrap();
        wdt.cancel_other_stockin("SDK-SI2", false).await.unwrap();
        let c = wdt
            .cancel_other_in_orders(&["SDK-IN".into()])
            .await
            .unwrap();
        assert!(c.error_data[0].err_msg.contains("部分入库(60)"), "{c:?}");

        // The enterprise pushes, keyed by outer_no.
        let ent = EnterpriseClient::new(&app.base, S1.sid, S1.key, S1.secret).unwrap();
        let push = oe::StockinOrderPush {
            stockin_info: Some(oe::StockinInfo {
                outer_no: Some("E-SDK-IN".into()),
                warehouse_no: Some("WH01".into()),
                is_check: Some(true),
                goods_list: Some(vec![oe::StockinGoods {
                    spec_no: "B".into(),
                    stockin_num: Num::raw("3"),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        };
        let r = ent.stockin_order_push(&push).await.unwrap();
        assert!(r.answer.stockin_no.starts_with("RK"), "{r:?}");
        let out = oe::StockoutOrderPush {
            stockout_info: Some(oe::StockoutInfo {
                outer_no: Some("E-SDK-OUT".into()),
                warehouse_no: Some("WH01".into()),
                is_check: Some(true),
                detail_list: Some(vec![oe::StockoutGoods {
                    spec_no: "B".into(),
                    num: Num::raw("3"),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        };
        let r = ent.stockout_order_push(&out).await.unwrap();
        assert!(r.answer.stockout_no.starts_with("CK"), "{r:?}");
        assert_eq!(app.stock("WH01", "B", false).await, "0.0000");
        app.assert_ledger_sound().await;
    }
);
