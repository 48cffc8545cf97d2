//! Purchase returns on both editions: the return order, its stock-outs taking stock out and
//! raising the lines' out_num, the statuses from 已审核 to 已完成, cancelling and stopping.

use serde_json::{json, Value};

use crate::common::*;

fn today() -> (String, String) {
    let d = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{d} 00:00:00"), format!("{d} 23:59:59"))
}

async fn create(app: &TestApp, outer: &str, lines: Value, check: bool) -> Value {
    let info = json!({"outer_no": outer, "warehouse_no": "WH01", "provider_no": "P001"});
    app.call(
        "purchase.PurchaseReturn.createOrder",
        json!([info, lines, check]),
    )
    .await
}

async fn stock_out(app: &TestApp, return_no: &str, mode: i64, lines: Value) -> Value {
    let info = json!({"return_no": return_no, "warehouse_no": "WH01", "create_mode": mode});
    app.call(
        "wms.stockout.PurchaseReturn.createOrder",
        json!([info, lines]),
    )
    .await
}

async fn return_row(app: &TestApp, no: &str) -> Value {
    let r = app
        .page(
            "purchase.PurchaseReturn.queryWithDetail",
            10,
            0,
            json!({"return_no": no}),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(r["data"]["total_count"], 1, "{r}");
    r["data"]["order"][0].clone()
}

fn ent_info(outer: &str, check: i64, lines: Value) -> (&'static str, String) {
    let info = json!({"outer_no": outer, "warehouse_no": "WH01", "provider_no": "P001",
        "is_check": check, "detail_list": lines});
    ("return_info", info.to_string())
}

fn ent_out(return_no: &str, outer: &str, check: i64, lines: Value) -> (&'static str, String) {
    let info = json!({"return_no": return_no, "outer_no": outer, "is_check": check,
        "detail_list": lines});
    ("purchase_return_info", info.to_string())
}

dual_test!(
    async fn a_purchase_return_goes_from_checked_to_done_through_partial_stock_outs() {
        let app = TestApp::spawn().await;
        let lines = json!([{"spec_no": "A", "num": "6", "price": "10", "discount": "0.8",
            "tax_rate": "0.13", "unit_name": "件"}]);
        let r = create(&app, "R-1", lines, true).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(
            r["data"]["message"], "R-1",
            "the outer number is the number"
        );
        let o = return_row(&app, "R-1").await;
        assert_eq!(
            (o["status"].as_i64(), o["stockout_status"].as_i64()),
            (Some(40), Some(0))
        );
        assert_eq!(o["provider_no"], "P001");
        assert_eq!(o["goods_count"].to_string(), "6.0000");
        assert_eq!(o["goods_fee"].to_string(), "48.0000", "6 × 10 × 0.8");
        let d = &o["detail_list"][0];
        assert_eq!(d["amount"].to_string(), "48.0000");
        assert_eq!(d["tax_price"].to_string(), "9.0400");
        assert_eq!(d["unit_name"], "件");
        assert_eq!(
            app.stock("WH01", "A", false).await,
            "10.0000",
            "a return moves no stock"
        );

        // First stock-out: 2 of 6.
        let r = stock_out(&app, "R-1", 2, json!([{"spec_no": "A", "num": "2"}])).await;
        assert_eq!(status(&r), 0, "{r}");
        let first = r["data"]["message"].as_str().unwrap().to_string();
        assert!(first.starts_with("CK"), "{first}");
        assert_eq!(app.stock("WH01", "A", false).await, "8.0000");
        let o = return_row(&app, "R-1").await;
        assert_eq!(
            (o["status"].as_i64(), o["stockout_status"].as_i64()),
            (Some(40), Some(1)),
            "部分出库 answers 40 with stockout_status 1 on the flagship"
        );
        assert_eq!(o["detail_list"][0]["out_num"].to_string(), "2.0000");
        assert_eq!(o["detail_list"][0]["out_amount"].to_string(), "16.0000");
        let e = app
            .ent("purchase_return_query.php", &[("return_no", "R-1".into())])
            .await;
        assert_eq!(code(&e), 0, "{e}");
        assert_eq!(
            e["purchase_list"][0]["status"], 50,
            "the enterprise says 部分出库"
        );

        // The rest: 4.
        let r = stock_out(&app, "R-1", 2, json!([{"spec_no": "A", "num": "4"}])).await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(app.stock("WH01", "A", false).await, "4.0000");
        let o = return_row(&app, "R-1").await;
        assert_eq!(
            (o["status"].as_i64(), o["stockout_status"].as_i64()),
            (Some(60), Some(2))
        );
        assert_eq!(o["goods_out_count"].to_string(), "6.0000");

        // 已完成 takes no more stock-outs.
        let before = app.counts().await;
        let r = stock_out(&app, "R-1", 2, json!([{"spec_no": "A", "num": "1"}])).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("R-1"), "{r}");
        assert_eq!(
            app.counts().await,
            before,
            "a refused stock-out writes nothing"
        );

        // The stock-outs read back: their own query, the generic one, the change history.
        let q = app
            .page(
                "wms.stockout.PurchaseReturn.queryWithDetail",
                10,
                0,
                json!({"src_order_no": "R-1"}),
            )
            .await;
        assert_eq!(q["data"]["total_count"], 2, "{q}");
        let row = &q["data"]["order"][1];
        assert_eq!(row["order_no"], first.as_str());
        assert_eq!(
            (row["status"].as_i64(), row["provider_no"].as_str()),
            (Some(110), Some("P001"))
        );
        assert!(row["consign_time"].is_string(), "{row}");
        assert_eq!(
            row["details_list"][0]["sell_price"].to_string(),
            "8.0000",
            "the return line's price after discount"
        );
        let (s, e) = today();
        let g = app
            .page(
                "wms.stockout.Base.search",
                10,
                0,
                json!({"start_time": s, "end_time": e, "order_type": 14}),
            )
            .await;
        assert_eq!(g["data"]["total_count"], 2, "{g}");
        let changes = app.changes("A", false).await;
        let returned: Vec<(i64, String)> = changes
            .iter()
            .filter(|c| c["src_order_type"] == 14)
            .map(|c| (c["type"].as_i64().unwrap(), c["num"].to_string()))
            .collect();
        assert_eq!(returned, [(2, "2.0000".into()), (2, "4.0000".into())]);
        app.assert_ledger_sound().await;

        // verify sees a return line whose out_num is not what its stock-outs took.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&app.db_url).await.unwrap();
        sqlx::query(
            "UPDATE doc_line SET out_num = out_num + 10000
             WHERE document_id = (SELECT id FROM document WHERE doc_no = 'R-1')",
        )
        .execute(&pool)
        .await
        .unwrap();
        let problems = app.store.verify().await.unwrap();
        assert!(
            problems.iter().any(|p| p.to_string().contains("R-1")),
            "{problems:?}"
        );
    }
);

dual_test!(
    async fn a_return_stock_out_is_refused_whole_and_writes_nothing() {
        let app = TestApp::spawn().await;
        let r = create(
            &app,
            "R-2",
            json!([{"spec_no": "A", "num": "20"}, {"spec_no": "M", "num": "1"}]),
            true,
        )
        .await;
        assert_eq!(status(&r), 0, "{r}");
        let r = create(&app, "R-3", json!([{"spec_no": "A", "num": "1"}]), false).await;
        assert_eq!(status(&r), 0, "{r}");
        let before = app.counts().await;
        let cases = [
            // More than the line has left, and a spec that is not on the return.
            (
                "R-2",
                json!([{"spec_no": "A", "num": "21"}, {"spec_no": "B", "num": "1"}]),
                vec!["超出单据未完成数量", "商家编码 B 不在"],
            ),
            // More than the stock: 10 of A in WH01.
            (
                "R-2",
                json!([{"spec_no": "A", "num": "12"}]),
                vec!["库存不足", "缺 2.0000"],
            ),
            (
                "R-2",
                json!([{"spec_no": "A", "num": "0"}]),
                vec!["数量不合法"],
            ),
            // Stored 编辑中: not yet checked.
            (
                "R-3",
                json!([{"spec_no": "A", "num": "1"}]),
                vec!["R-3", "(20)"],
            ),
            (
                "NOPE",
                json!([{"spec_no": "A", "num": "1"}]),
                vec!["NOPE 不存在"],
            ),
        ];
        for (no, lines, words) in cases {
            let r = stock_out(&app, no, 2, lines).await;
            assert_eq!(status(&r), 100, "{r}");
            for w in words {
                assert!(message(&r).contains(w), "{w}: {r}");
            }
        }
        let info = json!({"return_no": "R-2", "warehouse_no": "WH02", "create_mode": 2});
        let r = app
            .call(
                "wms.stockout.PurchaseReturn.createOrder",
                json!([info, [{"spec_no": "A", "num": "1"}]]),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("WH02"), "{r}");
        let r = stock_out(&app, "R-2", 7, json!([{"spec_no": "A", "num": "1"}])).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("create_mode"), "{r}");
        assert_eq!(app.counts().await, before, "nothing refused was written");
        assert_eq!(app.stock("WH01", "A", false).await, "10.0000");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn creating_a_return_names_every_problem_and_writes_nothing() {
        let app = TestApp::spawn().await;
        let before = app.counts().await;
        let info = json!({"outer_no": "R-9", "warehouse_no": "WH01", "provider_no": "NOPE",
            "ref_purchase_nos": ["CG-NONE"]});
        let lines = json!([{"spec_no": "ZZ", "num": "1"}, {"spec_no": "A", "num": "x"},
            {"spec_no": "B", "num": "1", "discount": "-1"}]);
        let r = app
            .call(
                "purchase.PurchaseReturn.createOrder",
                json!([info, lines, true]),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        let m = message(&r);
        for w in [
            "供应商 NOPE 不存在",
            "ref_purchase_nos",
            "CG-NONE",
            "detailList[0].spec_no",
            "ZZ",
            "detailList[1].num",
            "detailList[2].discount",
        ] {
            assert!(m.contains(w), "{w}: {m}");
        }
        let r = app
            .call(
                "purchase.PurchaseReturn.createOrder",
                json!([{"warehouse_no": "WH01", "provider_no": "P001"}, [{"spec_no": "A", "num": "1"}], true]),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("outer_no"), "{r}");
        let r = app
            .call(
                "purchase.PurchaseReturn.createOrder",
                json!([{"outer_no": "R-9", "warehouse_no": "WH09", "provider_no": "P001"}, [{"spec_no": "A", "num": "1"}], true]),
            )
            .await;
        assert!(message(&r).contains("WH09"), "{r}");
        assert_eq!(app.counts().await, before);

        // A checked purchase order may be referred to; the outer number names one return.
        let info = json!({"outer_no": "R-9", "warehouse_no": "WH01", "provider_no": "P001",
            "ref_purchase_nos": ["CG202511230001"]});
        let body = json!([info, [{"spec_no": "A", "num": "1"}], false]);
        let r = app
            .call("purchase.PurchaseReturn.createOrder", body.clone())
            .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(
            return_row(&app, "R-9").await["purchase_no"],
            "CG202511230001"
        );
        let after = app.counts().await;
        let r = app.call("purchase.PurchaseReturn.createOrder", body).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("外部单号重复"), "{r}");
        assert_eq!(app.counts().await, after);

        // Left out, the contact and the place are the provider's.
        let provider = json!([{"provider_no": "P9", "provider_name": "九", "contact": "王五",
            "telno": "0571-1", "province": "330000", "address": "文一路 1 号"}]);
        let r = app.call("setting.PurchaseProvider.push", provider).await;
        assert_eq!(status(&r), 0, "{r}");
        let info = json!({"outer_no": "R-10", "warehouse_no": "WH01", "provider_no": "P9",
            "telno": "139"});
        let r = app
            .call(
                "purchase.PurchaseReturn.createOrder",
                json!([info, [{"spec_no": "A", "num": "1"}], false]),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let o = return_row(&app, "R-10").await;
        assert_eq!(
            (
                o["contact"].as_str(),
                o["telno"].as_str(),
                o["province"].as_str(),
                o["receive_address"].as_str()
            ),
            (
                Some("王五"),
                Some("139"),
                Some("330000"),
                Some("文一路 1 号")
            )
        );
        assert_eq!(o["provider_name"], "九");
        let after = app.counts().await;
        let r = app.call("purchase.PurchaseReturn.createOrder", json!([{"outer_no": "R-9", "warehouse_no": "WH01", "provider_no": "P001"}, [{"spec_no": "A", "num": "1"}], false])).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("外部单号重复"), "{r}");
        assert_eq!(app.counts().await, after);
    }
);

dual_test!(
    async fn cancellations_and_stops_follow_the_status() {
        let app = TestApp::spawn().await;
        for (no, check) in [("E-1", false), ("E-2", false), ("C-1", true), ("P-1", true)] {
            let r = create(&app, no, json!([{"spec_no": "A", "num": "3"}]), check).await;
            assert_eq!(status(&r), 0, "{r}");
        }
        // P-1 partly out, with one stock-out stored (未确认) beside.
        let r = stock_out(&app, "P-1", 2, json!([{"spec_no": "A", "num": "1"}])).await;
        assert_eq!(status(&r), 0, "{r}");
        let r = stock_out(&app, "P-1", 0, json!([{"spec_no": "A", "num": "1"}])).await;
        assert_eq!(status(&r), 0, "{r}");
        let stored = r["data"]["message"].as_str().unwrap().to_string();

        let r = app
            .call("purchase.PurchaseReturn.cancelOrder", json!(["E-1"]))
            .await;
        assert_eq!(
            (status(&r), r["data"]["message"].as_str()),
            (0, Some("OK")),
            "{r}"
        );
        assert_eq!(return_row(&app, "E-1").await["status"], 10);
        let before = app.counts().await;
        let r = app
            .call("purchase.PurchaseReturn.cancelOrder", json!(["C-1"]))
            .await;
        assert_eq!(status(&r), 100, "已审核 is not cancelled: {r}");
        assert!(
            message(&r).contains("C-1") && message(&r).contains("(40)"),
            "{r}"
        );
        let r = app
            .call("purchase.PurchaseReturn.cancelOrder", json!(["E-1"]))
            .await;
        assert!(message(&r).contains("已取消"), "{r}");
        assert_eq!(app.counts().await, before);

        let r = app
            .call(
                "purchase.PurchaseReturn.batchCancelOrder",
                json!([["E-2", "NOPE", "C-1"]]),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(r["data"]["error_num"], 2, "{r}");
        let failed: Vec<&str> = r["data"]["error_info"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["order_no"].as_str().unwrap())
            .collect();
        assert_eq!(failed, ["NOPE", "C-1"]);
        assert_eq!(return_row(&app, "E-2").await["status"], 10);
        let many: Vec<String> = (0..21).map(|i| format!("X{i}")).collect();
        let r = app
            .call("purchase.PurchaseReturn.batchCancelOrder", json!([many]))
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("20"), "{r}");

        // Stop waiting: only a return partly out; it ends 已完成 with what went out.
        let r = app
            .call("purchase.PurchaseReturn.pending", json!([["C-1", "P-1"]]))
            .await;
        assert_eq!(status(&r), 0, "{r}");
        let failed = &r["data"]["error_info"];
        assert_eq!(failed.as_array().unwrap().len(), 1, "{r}");
        assert_eq!(failed[0]["order_no"], "C-1");
        let o = return_row(&app, "P-1").await;
        assert_eq!(
            (o["status"].as_i64(), o["stockout_status"].as_i64()),
            (Some(60), Some(3))
        );
        assert_eq!(o["goods_out_count"].to_string(), "1.0000");
        let q = app
            .page(
                "wms.stockout.PurchaseReturn.queryWithDetail",
                10,
                0,
                json!({"stockout_no": stored}),
            )
            .await;
        assert_eq!(
            q["data"]["order"][0]["status"], 5,
            "its stored stock-out is cancelled: {q}"
        );
        assert_eq!(app.stock("WH01", "A", false).await, "9.0000");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn the_enterprise_pushes_a_return_and_its_stock_outs_keyed_by_outer_number() {
        let app = TestApp::spawn().await;
        let lines = json!([{"spec_no": "A", "num": "5", "price": "10", "tax": "0.1", "detail_remark": "坏"}]);
        let r = app
            .ent(
                "purchase_return_push.php",
                &[ent_info("ER-1", 1, lines.clone())],
            )
            .await;
        assert_eq!(code(&r), 0, "{r}");
        let no = r["return_no"].as_str().unwrap().to_string();
        assert!(no.starts_with("CR"), "{no}");
        let before = app.counts().await;
        let r = app
            .ent("purchase_return_push.php", &[ent_info("ER-1", 1, lines)])
            .await;
        assert_eq!(
            (code(&r), r["return_no"].as_str()),
            (2005, Some(no.as_str())),
            "{r}"
        );
        let r = app
            .ent(
                "purchase_return_push.php",
                &[ent_info(
                    "ER-2",
                    1,
                    json!([{"spec_no": "A", "num": "1", "tax": "x"}]),
                )],
            )
            .await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(
            message(&r).contains("return_info.detail_list[0].tax"),
            "{r}"
        );
        let r = app
            .ent(
                "purchase_return_push.php",
                &[("return_info", json!({"outer_no": "ER-3"}).to_string())],
            )
            .await;
        assert_eq!(code(&r), 1001, "{r}");
        assert_eq!(app.counts().await, before);

        // Two stock-outs: 2, then 3.
        let r = app
            .ent(
                "purchase_return_order_push.php",
                &[ent_out(
                    &no,
                    "EO-1",
                    1,
                    json!([{"spec_no": "A", "num": "2"}]),
                )],
            )
            .await;
        assert_eq!(code(&r), 0, "{r}");
        let out = r["stockout_no"].as_str().unwrap().to_string();
        assert_eq!(app.stock("WH01", "A", false).await, "8.0000");
        let before = app.counts().await;
        let r = app
            .ent(
                "purchase_return_order_push.php",
                &[ent_out(
                    &no,
                    "EO-1",
                    1,
                    json!([{"spec_no": "A", "num": "2"}]),
                )],
            )
            .await;
        assert_eq!(
            (code(&r), r["stockout_no"].as_str()),
            (2005, Some(out.as_str())),
            "a retry: {r}"
        );
        let r = app
            .ent(
                "purchase_return_order_push.php",
                &[ent_out(
                    &no,
                    "EO-2",
                    1,
                    json!([{"spec_no": "A", "num": "4"}]),
                )],
            )
            .await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(
            message(&r).contains("purchase_return_info.detail_list[0].num"),
            "{r}"
        );
        assert_eq!(app.counts().await, before);
        let q = app
            .ent("purchase_return_query.php", &[("return_no", no.clone())])
            .await;
        let row = &q["purchase_list"][0];
        assert_eq!(
            (row["status"].as_i64(), row["api_outer_no"].as_str()),
            (Some(50), Some("ER-1")),
            "{q}"
        );
        assert_eq!(row["details_list"][0]["out_num"], "2.0000");
        assert_eq!(row["details_list"][0]["tax_price"], "11.0000");
        let r = app
            .ent(
                "purchase_return_order_push.php",
                &[ent_out(
                    &no,
                    "EO-2",
                    1,
                    json!([{"spec_no": "A", "num": "3"}]),
                )],
            )
            .await;
        assert_eq!(code(&r), 0, "{r}");
        let q = app
            .ent("purchase_return_query.php", &[("return_no", no.clone())])
            .await;
        assert_eq!(q["purchase_list"][0]["status"], 60, "{q}");

        let q = app
            .ent(
                "stockout_order_query_return.php",
                &[("src_order_no", no.clone())],
            )
            .await;
        assert_eq!(code(&q), 0, "{q}");
        assert_eq!(q["total_count"], 2, "{q}");
        let nos: Vec<&str> = q["stockout_list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["outer_no"].as_str().unwrap())
            .collect();
        assert_eq!(nos, ["EO-2", "EO-1"]);
        assert_eq!(q["stockout_list"][1]["order_type"], 3);
        let (s, e) = today();
        let g = app
            .ent(
                "stockout_order_query.php",
                &[
                    ("start_time", s),
                    ("end_time", e),
                    ("order_type", "3".into()),
                ],
            )
            .await;
        assert_eq!(
            g["total_count"], 2,
            "the generic query in this edition's code 3: {g}"
        );

        // Ending: a done return is neither cancelled nor stopped; with is_reject_review a
        // checked one is cancelled.
        let list = |nos: &[&str]| {
            json!(nos
                .iter()
                .map(|n| json!({"purchase_return_no": n}))
                .collect::<Vec<_>>())
            .to_string()
        };
        let before = app.counts().await;
        let r = app
            .ent(
                "purchase_return_end.php",
                &[
                    ("type", "1".into()),
                    ("purchase_return_no_list", list(&[&no])),
                ],
            )
            .await;
        assert_eq!(
            (code(&r), r["error_count"].as_i64()),
            (2000, Some(1)),
            "{r}"
        );
        assert_eq!(app.counts().await, before);
        let r = app
            .ent(
                "purchase_return_push.php",
                &[ent_info("ER-4", 1, json!([{"spec_no": "A", "num": "1"}]))],
            )
            .await;
        let checked = r["return_no"].as_str().unwrap().to_string();
        let r = app
            .ent(
                "purchase_return_end.php",
                &[
                    ("type", "0".into()),
                    ("purchase_return_no_list", list(&[&checked])),
                ],
            )
            .await;
        assert_eq!(code(&r), 2000, "已审核 needs is_reject_review: {r}");
        let r = app
            .ent(
                "purchase_return_end.php",
                &[
                    ("type", "0".into()),
                    ("is_reject_review", "1".into()),
                    ("purchase_return_no_list", list(&[&checked, &no])),
                ],
            )
            .await;
        assert_eq!((code(&r), r["error_count"].as_i64()), (0, Some(1)), "{r}");
        assert_eq!(r["error_list"][0]["purchase_return_no"], no.as_str());
        let q = app
            .ent("purchase_return_query.php", &[("return_no", checked)])
            .await;
        assert_eq!(q["purchase_list"][0]["status"], 10, "{q}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn purchase_returns_through_the_client() {
        use openwdt_client::api::flagship::Pager;
        use openwdt_client::api::preturn::{enterprise as ea, flagship as fa};
        use openwdt_client::{EnterpriseClient, FlagshipClient};
        let app = TestApp::spawn().await;
        let secret = format!("{}:{}", S1.secret, S1.salt);
        let wdt = FlagshipClient::new(&app.base, S1.sid, S1.key, &secret).unwrap();
        let info = fa::ReturnInfo {
            outer_no: Some("CL-1".into()),
            warehouse_no: Some("WH01".into()),
            provider_no: Some("P001".into()),
            ..Default::default()
        };
        let line = fa::ReturnDetail {
            spec_no: "A".into(),
            num: "3".parse::<openwdt_client::Dec4>().unwrap().into(),
            ..Default::default()
        };
        let no = wdt
            .create_purchase_return(&info, &[line], true)
            .await
            .unwrap();
        assert_eq!(no, "CL-1");
        let out = fa::ReturnOutInfo {
            return_no: Some(no.clone()),
            warehouse_no: Some("WH01".into()),
            create_mode: Some(2),
            ..Default::default()
        };
        let lines = [fa::ReturnOutDetail {
            spec_no: "A".into(),
            num: "1".parse::<openwdt_client::Dec4>().unwrap().into(),
            ..Default::default()
        }];
        let ck = wdt.create_return_stockout(&out, &lines).await.unwrap();
        let q = fa::ReturnQuery {
            return_no: Some(no.clone()),
            ..Default::default()
        };
        let list = wdt
            .query_purchase_returns(&q, Pager::new(0, 10))
            .await
            .unwrap();
        assert_eq!(list.order[0].detail_list[0].out_num, "1".parse().unwrap());
        let q = fa::ReturnOutQuery {
            stockout_no: Some(ck.clone()),
            ..Default::default()
        };
        let outs = wdt
            .query_return_stockouts(&q, Pager::new(0, 10))
            .await
            .unwrap();
        assert_eq!(outs.order[0].order_no, ck);
        let stopped = wdt
            .stop_purchase_returns(std::slice::from_ref(&no))
            .await
            .unwrap();
        assert!(stopped.error_info.is_empty(), "{stopped:?}");
        let e = wdt.cancel_purchase_return(&no).await.unwrap_err();
        assert!(e.to_string().contains("已完成"), "{e}");

        let ent = EnterpriseClient::new(&app.base, S1.sid, S1.key, S1.secret).unwrap();
        let push = ea::ReturnPush {
            return_info: Some(ea::ReturnInfo {
                outer_no: Some("CE-1".into()),
                warehouse_no: Some("WH01".into()),
                provider_no: Some("P001".into()),
                is_check: Some(true),
                detail_list: Some(vec![ea::ReturnDetail {
                    spec_no: "A".into(),
                    num: "2".parse::<openwdt_client::Dec4>().unwrap().into(),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        };
        let pushed = ent.purchase_return_push(&push).await.unwrap();
        let return_no = pushed.answer.return_no;
        let out = ea::ReturnOutPush {
            purchase_return_info: Some(ea::ReturnOutInfo {
                return_no: Some(return_no.clone()),
                outer_no: Some("CEO-1".into()),
                is_check: Some(true),
                detail_list: Some(vec![ea::ReturnOutDetail {
                    spec_no: "A".into(),
                    num: "2".parse::<openwdt_client::Dec4>().unwrap().into(),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        };
        let o = ent.purchase_return_order_push(&out).await.unwrap();
        let q = ea::ReturnOutQuery {
            stockout_no: Some(o.answer.stockout_no.clone()),
            ..Default::default()
        };
        let list = ent.stockout_order_query_return(&q).await.unwrap();
        assert_eq!(list.stockout_list[0].return_no, return_no);
        let q = ea::ReturnQuery {
            return_no: Some(return_no.clone()),
            ..Default::default()
        };
        let r = ent.purchase_return_query(&q).await.unwrap();
        assert_eq!(r.purchase_list[0].status, 60);
        let end = ea::ReturnEnd {
            end_type: 0,
            is_reject_review: None,
            purchase_return_no_list: vec![ea::ReturnEndItem {
                purchase_return_no: return_no,
            }],
        };
        let e = ent.purchase_return_end(&end).await.unwrap_err();
        assert!(e.to_string().contains("已完成"), "{e}");
        assert_eq!(app.stock("WH01", "A", false).await, "7.0000");
    }
);

dual_test!(
    async fn racing_return_stock_outs_never_take_more_than_the_return_and_one_outer_number_is_one_document(
    ) {
        let app = TestApp::spawn().await;
        let r = app
            .ent(
                "purchase_return_push.php",
                &[ent_info("RACE-1", 1, json!([{"spec_no": "A", "num": "5"}]))],
            )
            .await;
        let no = r["return_no"].as_str().unwrap().to_string();
        // 16 distinct stock-outs of 1 each against 5 to return, and 16 of one outer number.
        let mut calls = tokio::task::JoinSet::new();
        for i in 0..32 {
            let (http, base) = (app.http.clone(), app.base.clone());
            let outer = if i < 16 {
                format!("RO-{i}")
            } else {
                "RO-SAME".to_string()
            };
            let business = [ent_out(
                &no,
                &outer,
                1,
                json!([{"spec_no": "A", "num": "1"}]),
            )];
            calls.spawn(async move {
                (
                    i,
                    enterprise_at(
                        &http,
                        &base,
                        &S1,
                        "purchase_return_order_push.php",
                        &business,
                    )
                    .await,
                )
            });
        }
        let answers = calls.join_all().await;
        let done = answers.iter().filter(|(_, r)| code(r) == 0).count();
        assert_eq!(done, 5, "{answers:?}");
        let same: Vec<&Value> = answers
            .iter()
            .filter(|(i, _)| *i >= 16)
            .map(|(_, r)| r)
            .collect();
        let same_done: Vec<&&Value> = same.iter().filter(|r| code(r) == 0).collect();
        assert!(same_done.len() <= 1, "{same:?}");
        for r in same.iter().filter(|r| code(r) != 0) {
            match same_done.first() {
                // Once the outer number made its document, every other is a duplicate of it.
                Some(first) if code(r) == 2005 => {
                    assert_eq!(r["stockout_no"], first["stockout_no"], "{r}")
                }
                _ => assert_eq!(code(r), 2000, "refused for want of room on the return: {r}"),
            }
        }
        let q = app
            .ent("purchase_return_query.php", &[("return_no", no)])
            .await;
        let row = &q["purchase_list"][0];
        assert_eq!(
            (row["status"].as_i64(), row["goods_out_count"].as_str()),
            (Some(60), Some("5.0000")),
            "{q}"
        );
        assert_eq!(app.stock("WH01", "A", false).await, "5.0000");
        app.assert_ledger_sound().await;
    }
);
