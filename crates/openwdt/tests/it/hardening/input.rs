//! Input that used to reach the database or wrap around: control characters, invalid UTF-8,
//! totals past decimal(19,4), timestamps past i64, unbounded lists, and duplicates of another
//! warehouse's outer number. Each is refused in the edition's envelope and writes nothing.

use serde_json::{json, Value};

use crate::common::*;

const PO: &str = "CG202511230001";

fn s(v: &str) -> String {
    v.to_string()
}

async fn stockin(app: &TestApp, c: &Creds, outer_no: &str, lines: Value) -> Value {
    app.ent_as(
        c,
        "stockin_purchase_push.php",
        &[(
            "purchase_info",
            json!({"purchase_no": PO, "warehouse_no": "WH01", "outer_no": outer_no, "is_check": 1,
                   "details_list": lines})
            .to_string(),
        )],
    )
    .await
}

/// A signed enterprise request whose form is sent as raw bytes (for bytes no client encodes).
async fn ent_bytes(app: &TestApp, name: &str, form: &[u8]) -> Value {
    let r = app
        .http
        .post(format!("{}/openapi2/{name}", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

dual_test!(
    async fn control_characters_are_refused_naming_the_field() {
        let app = TestApp::spawn().await;
        let before = app.counts().await;
        // In a flagship body: a stocktake line's spec_no.
        let r = app
            .call(
                "wms.StockPd.stockSyncByPd",
                pd(
                    json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
                    json!([{"spec_no": "A\u{0}", "new_num": "1"}]),
                ),
            )
            .await;
        assert_eq!(status(&r), 1, "{r}");
        assert!(
            message(&r).contains("body[1][0].spec_no") && message(&r).contains("U+0000"),
            "{r}"
        );
        // In a flagship system parameter, before any authentication.
        let mut p = TestApp::params(&S1, "wms.StockSpec.search", Some((10, 0, false)));
        p[0].1 = s("s1\u{0}");
        let r = app.raw(&p, "[{}]").await;
        assert_eq!(status(&r), 1, "{r}");
        assert!(
            message(&r).contains("sid") && message(&r).contains("U+0000"),
            "{r}"
        );
        // Another C0 control in a flagship purchase order remark.
        let r = app
            .call(
                "purchase.PurchaseOrder.createOrder",
                json!([{"provider_no": "P001", "expect_warehouse_no": "WH01", "receive_warehouse_nos": "WH01",
                        "purchaser_name": "x", "remark": "bell\u{7}", "purchase_details": [{"spec_no": "A", "num": "1"}]}]),
            )
            .await;
        assert_eq!(status(&r), 1, "{r}");
        assert!(
            message(&r).contains("body[0].remark") && message(&r).contains("U+0007"),
            "{r}"
        );
        // In an enterprise form field, and inside an enterprise JSON field.
        let r = app
            .ent("stock_query.php", &[("spec_no", s("A\u{0}"))])
            .await;
        assert_eq!(code(&r), 1002, "{r}");
        assert!(
            message(&r).contains("spec_no") && message(&r).contains("U+0000"),
            "{r}"
        );
        let r = stockin(
            &app,
            &S1,
            "NUL-1",
            json!([{"spec_no": "A", "stockin_num": "1", "remark": "x\u{0}y"}]),
        )
        .await;
        assert_eq!(code(&r), 1002, "{r}");
        assert!(
            message(&r).contains("purchase_info.details_list[0].remark"),
            "{r}"
        );
        assert_eq!(
            app.counts().await,
            before,
            "a refused request wrote something"
        );
        // Tab, line feed and carriage return are text.
        let r = stockin(
            &app,
            &S1,
            "TEXT-OK",
            json!([{"spec_no": "A", "stockin_num": "1", "remark": "a\tb\r\nc"}]),
        )
        .await;
        assert_eq!(code(&r), 0, "{r}");
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn invalid_utf8_is_refused_never_repaired() {
        let app = TestApp::spawn().await;
        let before = app.counts().await;
        let ts = chrono::Utc::now().timestamp().to_string();
        let form = format!(
            "sid=s1&appkey=k1&timestamp={ts}&sign=00&purchase_info=%7B%22a%22%3A%22%FF%FE%22%7D"
        );
        let r = ent_bytes(&app, "stockin_purchase_push.php", form.as_bytes()).await;
        assert_eq!(code(&r), 1002, "{r}");
        assert!(
            message(&r).contains("purchase_info") && message(&r).contains("UTF-8"),
            "{r}"
        );
        // Raw bytes that are not UTF-8, not percent-encoded.
        let mut raw = b"sid=s1&appkey=k1&sign=00&timestamp=".to_vec();
        raw.extend_from_slice(ts.as_bytes());
        raw.extend_from_slice(b"&spec_no=\xff");
        let r = ent_bytes(&app, "stock_query.php", &raw).await;
        assert_eq!(code(&r), 1002, "{r}");
        assert!(message(&r).contains("spec_no"), "{r}");
        // A flagship query string.
        let url = format!(
            "{}/openapi?sid=s1%FF&key=k1&salt=salt1&method=m&v=1.0&timestamp=1&sign=0",
            app.base
        );
        let r: Value = app
            .http
            .post(url)
            .body("[]")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(status(&r), 1, "{r}");
        assert!(
            message(&r).contains("sid") && message(&r).contains("UTF-8"),
            "{r}"
        );
        assert_eq!(app.counts().await, before);
    }
);

dual_test!(
    async fn header_totals_past_the_decimal_range_are_refused() {
        let app = TestApp::spawn().await;
        let before = app.counts().await;
        let huge = "922337203685477";
        // Each line fits, their sum does not.
        let r = stockin(
            &app,
            &S1,
            "BIG-1",
            json!([{"spec_no": "A", "stockin_num": huge}, {"spec_no": "A", "stockin_num": huge}]),
        )
        .await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(
            message(&r).contains("goods_count") && message(&r).contains("超出范围"),
            "{r}"
        );
        // A price that makes total_price overflow.
        let r = stockin(
            &app,
            &S1,
            "BIG-2",
            json!([{"spec_no": "A", "stockin_num": "1000000", "stockin_price": "1000000000000"}]),
        )
        .await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(message(&r).contains("total_price"), "{r}");
        // A purchase order on both editions.
        let r = app
            .call(
                "purchase.PurchaseOrder.createOrder",
                json!([{"provider_no": "P001", "expect_warehouse_no": "WH01", "receive_warehouse_nos": "WH01",
                        "purchaser_name": "x", "purchase_details": [{"spec_no": "A", "num": huge}, {"spec_no": "B", "num": huge}]}]),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains("goods_count"), "{r}");
        let r = app
            .ent(
                "purchase_order_push.php",
                &[("purchase_info", json!({"provider_no": "P001", "warehouse_no": "WH01", "outer_no": "BIG-PO", "is_check": 1,
                    "post_fee": huge, "details_list": [{"spec_no": "A", "num": "1", "price": huge}]}).to_string())],
            )
            .await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(message(&r).contains("total_fee"), "{r}");
        assert_eq!(app.counts().await, before);
        // Received quantities past the range over two stock-ins of a free order: the second is
        // refused.
        let r = app
            .ent(
                "purchase_order_push.php",
                &[("purchase_info", json!({"provider_no": "P001", "warehouse_no": "WH01", "outer_no": "FREE-PO", "is_check": 1,
                    "details_list": [{"spec_no": "C", "num": "922337203685477", "price": "0"}]}).to_string())],
            )
            .await;
        let free_po = r["purchase_no"].as_str().expect("order pushed").to_string();
        let receive = |outer_no: &'static str| {
            let (app, free_po) = (&app, free_po.clone());
            async move {
                app.ent("stockin_purchase_push.php", &[("purchase_info", json!({"purchase_no": free_po,
                    "warehouse_no": "WH01", "outer_no": outer_no, "is_check": 1,
                    "details_list": [{"spec_no": "C", "stockin_num": "922337203685000", "stockin_price": "0"}]}).to_string())])
                    .await
            }
        };
        let r = receive("BIG-3").await;
        assert_eq!(code(&r), 0, "{r}");
        let mid = app.counts().await;
        let r = receive("BIG-4").await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(message(&r).contains("超出范围"), "{r}");
        assert_eq!(app.counts().await, mid);
        app.assert_ledger_sound().await;
    }
);

dual_test!(
    async fn timestamps_past_i64_are_stale_not_wrapped() {
        let app = TestApp::spawn().await;
        let now = now_ts();
        for ts in [
            now.wrapping_sub(i64::MIN),
            i64::MIN,
            i64::MAX,
            now.wrapping_add(i64::MIN),
        ] {
            let mut p = TestApp::params(&S1, "wms.StockSpec.search", Some((10, 0, false)));
            p[5].1 = ts.to_string();
            let body = json!([{"spec_nos": ["A"]}]).to_string();
            let sign = flagship_sign(S1.secret, &p, &body);
            p.push(("sign", sign));
            let r = app.raw(&p, &body).await;
            assert_eq!(status(&r), 7, "timestamp {ts}: {r}");
        }
        let unix = chrono::Utc::now().timestamp();
        for ts in [unix.wrapping_sub(i64::MIN), i64::MIN, i64::MAX] {
            let mut p: Vec<(&str, String)> = vec![
                ("sid", s("s1")),
                ("appkey", s("k1")),
                ("timestamp", ts.to_string()),
                ("spec_no", s("A")),
            ];
            let sign = enterprise_sign(&p, S1.secret);
            p.push(("sign", sign));
            let r = app.ent_raw("stock_query.php", &p).await;
            assert_eq!(code(&r), 1010, "timestamp {ts}: {r}");
        }
    }
);

dual_test!(
    async fn list_parameters_are_bounded() {
        let app = TestApp::spawn().await;
        let many: Vec<String> = (0..1001).map(|i| format!("S{i}")).collect();
        let r = app
            .page("wms.StockSpec.search", 10, 0, json!({"spec_nos": many}))
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(
            message(&r).contains("spec_nos") && message(&r).contains("1000"),
            "{r}"
        );
        let r = app
            .page(
                "wms.StockSpec.search",
                10,
                0,
                json!({"spec_nos": many.join(",")}),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        // Exactly the limit is answered.
        let r = app
            .page(
                "wms.StockSpec.search",
                10,
                0,
                json!({"spec_nos": many[..1000]}),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        // Far past anything SQL could bind, still a clear refusal.
        let huge: Vec<String> = (0..40_000).map(|i| format!("S{i}")).collect();
        let r = app
            .page("wms.StockSpec.search", 10, 0, json!({"spec_nos": huge}))
            .await;
        assert_eq!(status(&r), 100, "{r}");
        let statuses = vec!["40"; 1001].join(",");
        let r = app
            .page(
                "purchase.PurchaseOrder.queryWithDetail",
                10,
                0,
                json!({"purchase_no": PO, "status": statuses}),
            )
            .await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(
            message(&r).contains("status") && message(&r).contains("1000"),
            "{r}"
        );
        let r = app
            .ent(
                "purchase_order_query.php",
                &[("purchase_no", s(PO)), ("status", statuses.clone())],
            )
            .await;
        assert_eq!(code(&r), 1002, "{r}");
        assert!(
            message(&r).contains("status") && message(&r).contains("1000"),
            "{r}"
        );
        let r = app
            .ent(
                "stockin_order_query_purchase.php",
                &[("src_order_no", s(PO)), ("status", statuses)],
            )
            .await;
        assert_eq!(code(&r), 1002, "{r}");
    }
);

dual_test!(
    async fn a_duplicate_answers_the_number_only_to_an_app_that_may_see_it() {
        let app = TestApp::spawn().await;
        // A stock-in into WH01 by the app that sees every warehouse.
        let r = stockin(
            &app,
            &S1,
            "SHARED-1",
            json!([{"spec_no": "A", "stockin_num": "1"}]),
        )
        .await;
        assert_eq!(code(&r), 0, "{r}");
        let no = r["stockin_no"].as_str().unwrap().to_string();
        let before = app.counts().await;
        // The WH02-only app reusing that outer number learns nothing of the WH01 document.
        let r = app
            .ent_as(
                &S1_WH02_ONLY,
                "stockin_purchase_push.php",
                &[(
                    "purchase_info",
                    json!({"purchase_no": PO, "warehouse_no": "WH02", "outer_no": "SHARED-1",
                    "details_list": [{"spec_no": "B", "stockin_num": "1"}]})
                    .to_string(),
                )],
            )
            .await;
        assert_eq!(code(&r), 2005, "{r}");
        assert!(
            r.get("stockin_no").is_none() && !r.to_string().contains(&no),
            "{r}"
        );
        // The app that may see it gets the number.
        let r = stockin(
            &app,
            &S1,
            "SHARED-1",
            json!([{"spec_no": "A", "stockin_num": "1"}]),
        )
        .await;
        assert_eq!(
            (code(&r), r["stockin_no"].as_str()),
            (2005, Some(no.as_str())),
            "{r}"
        );

        // A purchase order and an enterprise stocktake, likewise.
        let r = app
            .ent("purchase_order_push.php", &[("purchase_info", json!({"provider_no": "P001", "warehouse_no": "WH01",
                "outer_no": "SHARED-PO", "is_check": 1, "details_list": [{"spec_no": "A", "num": "1"}]}).to_string())])
            .await;
        let po_no = r["purchase_no"]
            .as_str()
            .unwrap_or_else(|| panic!("{r}"))
            .to_string();
        let r = app
            .ent_as(&S1_WH02_ONLY, "purchase_order_push.php", &[("purchase_info", json!({"provider_no": "P001",
                "warehouse_no": "WH02", "outer_no": "SHARED-PO", "details_list": [{"spec_no": "B", "num": "1"}]}).to_string())])
            .await;
        assert_eq!(code(&r), 2005, "{r}");
        assert!(!r.to_string().contains(&po_no), "{r}");
        let pd = |c: &'static Creds, wh: &'static str, spec: &'static str| {
            let app = &app;
            async move {
                app.ent_as(
                    c,
                    "stock_sync_by_pd.php",
                    &[
                        ("warehouse_no", s(wh)),
                        ("api_outer_no", s("SHARED-PD")),
                        ("is_check", s("1")),
                        (
                            "goods_list",
                            json!([{"spec_no": spec, "stock_num": "3"}]).to_string(),
                        ),
                    ],
                )
                .await
            }
        };
        let r = pd(&S1, "WH01", "A").await;
        let pd_no = r["pd_no"]
            .as_str()
            .unwrap_or_else(|| panic!("{r}"))
            .to_string();
        let r = pd(&S1_WH02_ONLY, "WH02", "B").await;
        assert_eq!(code(&r), 2005, "{r}");
        assert!(!r.to_string().contains(&pd_no), "{r}");
        let r = pd(&S1, "WH01", "A").await;
        assert_eq!(r["pd_no"], pd_no, "{r}");
        let after = app.counts().await;
        let doc = |c: &Vec<(&str, i64)>| c.iter().find(|(t, _)| *t == "document").unwrap().1;
        assert_eq!(doc(&after), doc(&before) + 1, "only the stocktake was new");
    }
);
