//! Purchase orders and purchase stock-ins on both editions, over real HTTP with real
//! signatures; the CLI that checks or cancels a stored stock-in.

use crate::common::*;
use serde_json::{json, Value};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_openwdt");

/// The fixture's approved order: line A, 100 ordered at 12.5 before tax 0.13, into WH01.
const FIXTURE_PO: &str = "CG202511230001";

impl TestApp {
    async fn push_po(&self, info: Value) -> Value {
        self.ent(
            "purchase_order_push.php",
            &[("purchase_info", info.to_string())],
        )
        .await
    }
    async fn push_stockin(&self, info: Value) -> Value {
        self.ent_as(
            &S1,
            "stockin_purchase_push.php",
            &[("purchase_info", info.to_string())],
        )
        .await
    }
    /// One order through purchase_order_query.php.
    async fn po(&self, purchase_no: &str) -> Value {
        let r = self
            .ent(
                "purchase_order_query.php",
                &[("purchase_no", purchase_no.to_string())],
            )
            .await;
        assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(1)), "{r}");
        r["purchase_list"][0].clone()
    }
    fn cli(&self, args: &[&str]) -> std::process::Output {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["--db", &self.db_url, "--sid", "s1"]);
        // The document number goes last, after the flags.
        let no = full.remove(2);
        full.push(no);
        Command::new(BIN).args(&full).output().unwrap()
    }
}

fn today_yymmdd() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%y%m%d")
        .to_string()
}

fn po_info(outer_no: &str, check: i64, lines: Value) -> Value {
    json!({"provider_no": "P001", "warehouse_no": "WH01", "outer_no": outer_no, "is_check": check, "details_list": lines})
}

fn line_of<'a>(order: &'a Value, spec: &str) -> &'a Value {
    order["details_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["spec_no"] == spec)
        .unwrap_or_else(|| panic!("no line {spec} in {order}"))
}

dual_test! {
async fn purchase_orders_are_pushed_and_queried_on_both_editions() {
    let app = TestApp::spawn().await;
    let r = app
        .push_po(po_info(
            "SRM-1",
            1,
            json!([
                {"spec_no": "A", "num": "10", "price": "10", "tax": "0.13"},
                {"spec_no": "B", "num": 5, "tax_price": "11.3", "tax": "0.13", "remark": "急"}
            ]),
        ))
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let no = r["purchase_no"].as_str().unwrap().to_string();
    assert_eq!(no, format!("CG{}0001", today_yymmdd()));

    // The same outer_no again: the vendor's 2005, with the order it already created.
    let again = app
        .push_po(po_info("SRM-1", 1, json!([{"spec_no": "A", "num": "1"}])))
        .await;
    assert_eq!(code(&again), 2005, "{again}");
    assert_eq!(again["purchase_no"], no.as_str());

    let o = app.po(&no).await;
    assert_eq!(
        (o["status"].as_i64(), o["stockin_status"].as_i64()),
        (Some(40), Some(0))
    );
    assert_eq!(
        (o["outer_no"].as_str(), o["provider_no"].as_str()),
        (Some("SRM-1"), Some("P001"))
    );
    let a = line_of(&o, "A");
    assert_eq!(
        (a["num"].as_str(), a["stockin_num"].as_str()),
        (Some("10.0000"), Some("0.0000"))
    );
    let b = line_of(&o, "B");
    assert_eq!(
        (
            b["price"].as_str(),
            b["tax_price"].as_str(),
            b["remark"].as_str()
        ),
        (Some("10.0000"), Some("11.3000"), Some("急")),
        "price = tax_price / (1 + tax)"
    );

    // Not checked: 编辑中, and a stock-in against it is refused.
    let r = app
        .push_po(po_info("SRM-2", 0, json!([{"spec_no": "A", "num": "1"}])))
        .await;
    let draft = r["purchase_no"].as_str().unwrap().to_string();
    assert_eq!(draft, format!("CG{}0002", today_yymmdd()));
    assert_eq!(app.po(&draft).await["status"], 20);
    let mut own = po_info("MY-PO-7", 1, json!([{"spec_no": "A", "num": "1"}]));
    own["is_use_outer_no"] = json!("1");
    let r = app.push_po(own).await;
    assert_eq!(
        r["purchase_no"], "MY-PO-7",
        "is_use_outer_no=1: the outer_no is the ERP number"
    );

    // The flagship creates and reads orders of the same core.
    let r = app
        .call(
            "purchase.PurchaseOrder.createOrder",
            json!([{"provider_no": "P001", "receive_warehouse_nos": "WH01", "expect_warehouse_no": "WH01",
                    "purchaser_name": "张三", "is_check": true,
                    "purchase_details": [{"spec_no": "M", "num": 3, "price": "2.5", "tax_rate": "0.1", "discount": "0.8"}]}]),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let fno = r["data"]["message"].as_str().unwrap().to_string();
    assert_eq!(fno, format!("CG{}0003", today_yymmdd()));
    let q = app
        .page(
            "purchase.PurchaseOrder.queryWithDetail",
            10,
            0,
            json!({"purchase_no": fno}),
        )
        .await;
    assert_eq!(status(&q), 0, "{q}");
    let order = &q["data"]["order"][0];
    assert_eq!(
        (order["status"].as_i64(), order["purchaser_name"].as_str()),
        (Some(40), Some("张三"))
    );
    let d = &order["detail_list"][0];
    assert_eq!(d["num"].to_string(), "3.0000");
    assert_eq!(d["dis_price"].to_string(), "2.0000", "2.5 at 0.8");
    assert_eq!(d["tax_price"].to_string(), "2.2000");
    // The enterprise query sees the flagship's order too.
    assert_eq!(app.po(&fno).await["warehouse_no"], "WH01");
    // Incremental query by modification time finds all three (plus the fixture's order).
    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let r = app
        .ent(
            "purchase_order_query.php",
            &[
                ("start_time", format!("{day} 00:00:00")),
                ("end_time", format!("{day} 23:59:59")),
                ("status", "40".into()),
            ],
        )
        .await;
    assert_eq!(
        r["total_count"], 4,
        "three checked pushes (two enterprise, one flagship) and the fixture's order: {r}"
    );
}
}

dual_test! {
async fn a_refused_purchase_order_names_every_problem_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let r = app
        .push_po(json!({"provider_no": "NOPE", "warehouse_no": "WH09", "outer_no": "X", "is_check": 1,
            "details_list": [{"spec_no": "DEL", "num": "1"}, {"spec_no": "A", "num": "0"}, {"spec_no": "A", "num": "1.00001"}]}))
        .await;
    assert_eq!(code(&r), 2000, "{r}");
    let m = r["message"].as_str().unwrap();
    for want in [
        "供应商 NOPE 不存在",
        "WH09",
        "DEL 不存在或已删除",
        "details_list[1].num",
        "1.00001",
        "货品 A 重复",
    ] {
        assert!(m.contains(want), "{want:?} missing from {m}");
    }
    let r = app
        .call(
            "purchase.PurchaseOrder.createOrder",
            json!([{"provider_no": "P001", "receive_warehouse_nos": "WH01", "expect_warehouse_no": "WH01",
                    "purchase_details": [{"spec_no": "A", "num": 1}]}]),
        )
        .await;
    assert_eq!(
        (status(&r), message(&r)),
        (100, "采购员 purchaser_name 不能为空".into())
    );
    let mut long = po_info(&"o".repeat(21), 1, json!([{"spec_no": "A", "num": "1"}]));
    long["is_use_outer_no"] = json!(1);
    let r = app.push_po(long).await;
    assert!(message(&r).contains("is_use_outer_no=1"), "{r}");
    let r = app
        .ent(
            "purchase_order_push.php",
            &[("purchase_info", "{not json".into())],
        )
        .await;
    assert_eq!(code(&r), 1002, "{r}");
    assert_eq!(app.counts().await, before);
}
}

dual_test! {
async fn purchase_flow_from_approved_order_to_arrived_over_several_stockins() {
    let app = TestApp::spawn().await;
    let po = app
        .push_po(po_info("SRM-9", 1, json!([{"spec_no": "A", "num": "10", "price": "10"}, {"spec_no": "M", "num": "4", "price": "3"}])))
        .await["purchase_no"]
        .as_str()
        .unwrap()
        .to_string();
    let si = |outer: &str, lines: Value| json!({"purchase_no": po, "warehouse_no": "WH01", "outer_no": outer, "is_check": 1, "details_list": lines});

    let r = app
        .push_stockin(si(
            "IN-1",
            json!([{"spec_no": "A", "stockin_num": "4", "position_no": "A-02"}]),
        ))
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let rk1 = r["stockin_no"].as_str().unwrap().to_string();
    assert!(
        rk1.starts_with(&format!("RK{}", today_yymmdd())) && rk1.len() == 12,
        "{rk1}"
    );
    assert_eq!(
        app.stock("WH01", "A", false).await,
        "14.0000",
        "10 on hand + 4 received"
    );
    let o = app.po(&po).await;
    assert_eq!(
        (o["status"].as_i64(), o["stockin_status"].as_i64()),
        (Some(50), Some(1))
    );
    assert_eq!(line_of(&o, "A")["stockin_num"], "4.0000");

    let r = app
        .push_stockin(si("IN-2", json!([{"spec_no": "A", "stockin_num": "6"}, {"spec_no": "M", "stockin_num": "3", "batch_no": "B1"}])))
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let o = app.po(&po).await;
    assert_eq!(
        (o["status"].as_i64(), o["stockin_status"].as_i64()),
        (Some(50), Some(1)),
        "M is 1 short"
    );

    let r = app
        .push_stockin(si("IN-3", json!([{"spec_no": "M", "stockin_num": "2"}])))
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let rk3 = r["stockin_no"].as_str().unwrap().to_string();
    let o = app.po(&po).await;
    assert_eq!(
        (o["status"].as_i64(), o["stockin_status"].as_i64()),
        (Some(60), Some(4)),
        "M over-received: {o}"
    );
    assert_eq!(
        (
            line_of(&o, "M")["stockin_num"].as_str(),
            line_of(&o, "M")["arrive_more_num"].as_str()
        ),
        (Some("5.0000"), Some("1.0000"))
    );
    assert_eq!(
        app.stock("WH01", "M", false).await,
        "14.0000",
        "9 on hand + 3 + 2"
    );

    // 已到货: no more stock-ins.
    let before = app.counts().await;
    let r = app
        .push_stockin(si("IN-4", json!([{"spec_no": "A", "stockin_num": "1"}])))
        .await;
    assert_eq!(code(&r), 2000);
    assert!(message(&r).contains("已到货"), "{r}");
    assert_eq!(app.counts().await, before);

    // Every posting traces to its stock-in: 采购入库 (10), src_order_no and stockio_no the RK number.
    let a = app.changes("A", false).await;
    let first = a
        .iter()
        .find(|c| c["src_order_no"] == rk1.as_str())
        .expect("posting of IN-1");
    assert_eq!(
        (
            first["src_order_type"].as_i64(),
            first["stockio_no"].as_str()
        ),
        (Some(10), Some(rk1.as_str()))
    );
    assert_eq!(
        (
            first["position_no"].as_str(),
            first["num"].to_string().as_str()
        ),
        (Some("A-02"), "4.0000")
    );
    let m = app.changes("M", false).await;
    assert!(
        m.iter()
            .any(|c| c["src_order_no"] == rk3.as_str() && c["position_no"] == "A-01"),
        "default position: {m:?}"
    );
    assert!(m
        .iter()
        .any(|c| c["batch_no"] == "B1" && c["src_order_type"] == 10));
    app.assert_ledger_sound().await;

    let q = app
        .ent(
            "stockin_order_query_purchase.php",
            &[("src_order_no", po.clone())],
        )
        .await;
    assert_eq!(q["total_count"], 3, "{q}");
    let list = q["stockin_list"].as_array().unwrap();
    assert!(list
        .iter()
        .all(|s| s["status"] == 80 && s["purchase_no"] == po.as_str()));
    assert_eq!(list[0]["details_list"][0]["position_no"], "A-02");
}
}

dual_test! {
async fn every_stockin_rule_is_reported_in_one_message_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let long = "x".repeat(41);
    let r = app
        .push_stockin(json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH02", "outer_no": "BAD-1", "is_check": 1,
            "logistics_code": "L".repeat(21),
            "details_list": [
                {"spec_no": "B", "stockin_num": "1"},
                {"spec_no": "DEL", "stockin_num": "1"},
                {"spec_no": "A", "stockin_num": "0"},
                {"spec_no": "A", "stockin_num": "1.00001"},
                {"spec_no": "A", "stockin_num": "-2"},
                {"spec_no": "A", "stockin_num": "1", "batch_no": "NEWB"},
                {"spec_no": "A", "stockin_num": "1", "production_date": "2026/01/01"},
                {"spec_no": long, "stockin_num": "1"},
                {"spec_no": "A", "stockin_num": "1", "remark": "r".repeat(61)}
            ]}))
        .await;
    assert_eq!(code(&r), 2000, "{r}");
    let m = message(&r);
    for want in [
        "仓库 WH02 不是采购单 CG202511230001 的收货仓库 WH01",
        "logistics_code 超长",
        "商家编码 B 不在采购单 CG202511230001 中",
        "DEL 不存在或已删除",
        "details_list[2].stockin_num 入库数量不合法(必须大于0, 最多4位小数): 0",
        "details_list[3].stockin_num",
        "details_list[4].stockin_num",
        "批次 NEWB 不存在",
        "details_list[6].production_date 日期格式不合法",
        "details_list[7].spec_no 超长",
        "details_list[8].remark 超长",
    ] {
        assert!(m.contains(want), "{want:?} missing from {m}");
    }
    // A position that is not in the warehouse; an app that may not use the warehouse.
    let r = app
        .push_stockin(
            json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "outer_no": "BAD-2",
            "details_list": [{"spec_no": "A", "stockin_num": "1", "position_no": "NOPE"}]}),
        )
        .await;
    assert!(
        message(&r).contains("货位 NOPE 在仓库 WH01 中不存在"),
        "{r}"
    );
    let r = app
        .ent_as(&S1_WH02_ONLY, "stockin_purchase_push.php", &[("purchase_info", json!({"purchase_no": FIXTURE_PO,
            "warehouse_no": "WH01", "outer_no": "BAD-3", "details_list": [{"spec_no": "A", "stockin_num": "1"}]}).to_string())])
        .await;
    assert!(
        message(&r).contains("仓库编号为 WH01 的仓库不存在或无权限"),
        "{r}"
    );
    // An order of another seller is unknown here.
    let r = app
        .ent_as(&S2, "stockin_purchase_push.php", &[("purchase_info", json!({"purchase_no": FIXTURE_PO,
            "warehouse_no": "WH01", "outer_no": "BAD-4", "details_list": [{"spec_no": "A", "stockin_num": "1"}]}).to_string())])
        .await;
    assert!(message(&r).contains("采购单 CG202511230001 不存在"), "{r}");
    // An order still 编辑中.
    let draft = app
        .push_po(po_info("D-1", 0, json!([{"spec_no": "A", "num": "1"}])))
        .await["purchase_no"]
        .as_str()
        .unwrap()
        .to_string();
    let before_draft = app.counts().await;
    let r = app
        .push_stockin(
            json!({"purchase_no": draft, "warehouse_no": "WH01", "outer_no": "BAD-5",
            "details_list": [{"spec_no": "A", "stockin_num": "1"}]}),
        )
        .await;
    assert!(message(&r).contains("状态为编辑中(20)"), "{r}");
    // Missing outer_no, missing details_list, a details_list that is not a list.
    let r = app
        .push_stockin(
            json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "details_list": []}),
        )
        .await;
    assert_eq!(
        (code(&r), message(&r)),
        (1001, "缺少必要参数【 purchase_info.outer_no 】".into())
    );
    let r = app
        .push_stockin(json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "outer_no": "Z"}))
        .await;
    assert_eq!(code(&r), 1001, "{r}");
    let r = app
        .push_stockin(json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "outer_no": "Z", "details_list": {"a": 1}}))
        .await;
    assert_eq!(code(&r), 1002, "{r}");
    assert_eq!(app.counts().await, before_draft);
    let mut expected = before.clone();
    for (t, n) in expected.iter_mut() {
        if *t == "purchase_order" || *t == "purchase_order_detail" || *t == "doc_seq" {
            *n += 1;
        }
    }
    assert_eq!(
        app.counts().await,
        expected,
        "only the draft order was written"
    );
    assert_eq!(app.stock("WH01", "A", false).await, "10.0000");
}
}

dual_test! {
async fn prices_batches_and_positions_of_a_stockin() {
    let app = TestApp::spawn().await;
    let r = app
        .push_stockin(json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "outer_no": "P-1", "is_check": 1,
            "is_create_batch": "1",
            "details_list": [
                {"spec_no": "A", "stockin_num": "2", "tax_price": "11.3", "tax": "0.13", "stockin_price": "99"},
                {"spec_no": "A", "stockin_num": "1", "tax_price": "10", "tax": "0.03", "src_price": "11"},
                {"spec_no": "A", "stockin_num": "3", "batch_no": "NEWB", "production_date": "2026-01-01",
                 "validity_days": "365", "position_no": "B-01"}
            ]}))
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let no = r["stockin_no"].as_str().unwrap().to_string();
    let q = app
        .page("wms.stockin.Purchase.queryWithDetail", 10, 0, json!({"start_time": "2020-01-01 00:00:00", "end_time": "2020-01-02 00:00:00", "stockin_no": no}))
        .await;
    assert_eq!(q["data"]["total_count"], 0, "outside the window: {q}");
    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let q = app
        .page("wms.stockin.Purchase.queryWithDetail", 10, 0, json!({"start_time": format!("{day} 00:00:00"), "end_time": format!("{day} 23:59:59"), "stockin_no": no}))
        .await;
    assert_eq!(status(&q), 0, "{q}");
    let order = &q["data"]["order"][0];
    assert_eq!(
        (order["order_no"].as_str(), order["status"].as_i64()),
        (Some(no.as_str()), Some(80))
    );
    let d = order["details_list"].as_array().unwrap();
    assert_eq!(
        d[0]["stockin_price"].to_string(),
        "10.0000",
        "tax_price wins over stockin_price"
    );
    assert_eq!(
        d[0]["src_price"].to_string(),
        "12.5000",
        "src_price defaults to the order's pre-tax price"
    );
    assert_eq!(
        d[1]["stockin_price"].to_string(),
        "9.7087",
        "10 / 1.03 rounded to 4 decimals"
    );
    assert_eq!(d[1]["src_price"].to_string(), "11.0000");
    assert_eq!(
        d[2]["stockin_price"].to_string(),
        "12.5000",
        "no price given: the order's"
    );
    assert_eq!(
        (d[2]["batch_no"].as_str(), d[2]["expire_date"].as_str()),
        (Some("NEWB"), Some("2027-01-01"))
    );
    assert_eq!(
        (d[2]["position_no"].as_str(), d[0]["position_no"].as_str()),
        (Some("B-01"), Some("A-01"))
    );
    assert_eq!(order["goods_count"].to_string(), "6.0000");
    let changes = app.changes("A", false).await;
    assert!(changes.iter().any(|c| c["batch_no"] == "NEWB"
        && c["position_no"] == "B-01"
        && c["num"] == serde_json::from_str::<Value>("3.0000").unwrap()));
    assert_eq!(app.stock("WH01", "A", false).await, "16.0000");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn an_unchecked_stockin_changes_nothing_until_the_cli_checks_it() {
    let app = TestApp::spawn().await;
    let push = |outer: &str| {
        json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "outer_no": outer,
        "details_list": [{"spec_no": "A", "stockin_num": "30"}]})
    };
    let r = app.push_stockin(push("U-1")).await;
    assert_eq!(code(&r), 0, "{r}");
    let no = r["stockin_no"].as_str().unwrap().to_string();
    let ledger_before = app.changes("A", false).await.len();
    assert_eq!(
        app.stock("WH01", "A", false).await,
        "10.0000",
        "编辑中 changes no stock"
    );
    assert_eq!(app.po(FIXTURE_PO).await["status"], 40);
    let q = app
        .ent(
            "stockin_order_query_purchase.php",
            &[("stockin_no", no.clone()), ("status", "20".into())],
        )
        .await;
    assert_eq!(q["stockin_list"][0]["status"], 20, "{q}");
    let q = app
        .ent(
            "stockin_order_query_purchase.php",
            &[("stockin_no", no.clone())],
        )
        .await;
    assert_eq!(q["total_count"], 0, "the default filter is 80 已完成: {q}");

    let out = app.cli(&["stockin", "check", &no]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(app.stock("WH01", "A", false).await, "40.0000");
    assert_eq!(app.changes("A", false).await.len(), ledger_before + 1);
    let o = app.po(FIXTURE_PO).await;
    assert_eq!(
        (o["status"].as_i64(), o["stockin_status"].as_i64()),
        (Some(50), Some(1))
    );
    let again = app.cli(&["stockin", "check", &no]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("已完成"),
        "{again:?}"
    );
    let out = app.cli(&["stockin", "cancel", &no]);
    assert!(
        !out.status.success(),
        "a completed stock-in cannot be cancelled"
    );

    let no2 = app.push_stockin(push("U-2")).await["stockin_no"]
        .as_str()
        .unwrap()
        .to_string();
    let out = app.cli(&["stockin", "cancel", &no2]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = app.cli(&["stockin", "check", &no2]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("已取消"));
    assert_eq!(app.stock("WH01", "A", false).await, "40.0000");
    let q = app
        .ent(
            "stockin_order_query_purchase.php",
            &[("stockin_no", no2), ("status", "10".into())],
        )
        .await;
    assert_eq!(q["stockin_list"][0]["status"], 10, "{q}");
    let out = app.cli(&["stockin", "check", "RK000000"]);
    assert!(!out.status.success());
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn concurrent_duplicates_of_one_outer_no_create_exactly_one_stockin() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            app.push_stockin(json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "outer_no": "SAME", "is_check": 1,
                "details_list": [{"spec_no": "A", "stockin_num": "1"}]}))
                .await
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let ok: Vec<&Value> = answers.iter().filter(|a| code(a) == 0).collect();
    assert_eq!(ok.len(), 1, "{answers:?}");
    let no = ok[0]["stockin_no"].as_str().unwrap();
    for a in answers.iter().filter(|a| code(a) != 0) {
        assert_eq!(code(a), 2005, "{a}");
        assert_eq!(
            a["stockin_no"], no,
            "the duplicate answer names the first stock-in"
        );
        assert!(message(a).starts_with("外部单号重复【解决办法:保证外部单号【outer_no】的唯一性】"));
    }
    assert_eq!(
        app.stock("WH01", "A", false).await,
        "11.0000",
        "received once"
    );
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn flagship_upload_and_query_of_purchase_stockins() {
    let app = TestApp::spawn().await;
    let up = |mode: i64, lines: Value| json!([{"purchase_no": FIXTURE_PO, "warehouse_no": "WH01", "create_mode": mode, "remark": "到货"}, lines]);
    let r = app
        .call("wms.stockin.Purchase.upload", up(2, json!([{"spec_no": "A", "num": "1.5"}, {"spec_no": "A", "num": 2, "defect": true, "batch_no": "FB1", "expire_date": "2027-05-01"}])))
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let done = r["data"].as_str().unwrap().to_string();
    assert!(done.starts_with("RK"));
    assert_eq!(app.stock("WH01", "A", false).await, "11.5000");
    assert_eq!(
        app.stock("WH01", "A", true).await,
        "4.5000",
        "defect lines go to defect stock"
    );
    let r = app
        .call(
            "wms.stockin.Purchase.upload",
            up(1, json!([{"spec_no": "A", "num": "5"}])),
        )
        .await;
    let pending = r["data"].as_str().unwrap().to_string();
    assert_eq!(
        app.stock("WH01", "A", false).await,
        "11.5000",
        "待审核 changes no stock"
    );

    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let window =
        json!({"start_time": format!("{day} 00:00:00"), "end_time": format!("{day} 23:59:59")});
    let q = app
        .page(
            "wms.stockin.Purchase.queryWithDetail",
            10,
            0,
            window.clone(),
        )
        .await;
    assert_eq!(q["data"]["total_count"], 2, "{q}");
    let mut w = window.clone();
    w["status"] = json!("30");
    let q = app
        .page("wms.stockin.Purchase.queryWithDetail", 10, 0, w)
        .await;
    assert_eq!(
        (
            q["data"]["total_count"].as_i64(),
            q["data"]["order"][0]["order_no"].as_str()
        ),
        (Some(1), Some(pending.as_str()))
    );
    let mut w = window.clone();
    w["status"] = json!("80");
    let q = app
        .page("wms.stockin.Purchase.queryWithDetail", 10, 0, w)
        .await;
    let d = &q["data"]["order"][0]["details_list"];
    assert_eq!(
        (
            d[1]["defect"].as_bool(),
            d[1]["batch_no"].as_str(),
            d[1]["expire_date"].as_str()
        ),
        (Some(true), Some("FB1"), Some("2027-05-01")),
        "{q}"
    );
    let o = app
        .page(
            "purchase.PurchaseOrder.queryWithDetail",
            10,
            0,
            json!({"purchase_no": FIXTURE_PO}),
        )
        .await;
    assert_eq!(
        o["data"]["order"][0]["detail_list"][0]["stockin_num"].to_string(),
        "3.5000"
    );

    // Refusals in the flagship's envelope, writing nothing.
    let before = app.counts().await;
    let r = app
        .call(
            "wms.stockin.Purchase.upload",
            up(
                2,
                json!([{"spec_no": "B", "num": "1"}, {"spec_no": "A", "num": "abc"}]),
            ),
        )
        .await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(
        message(&r).contains("商家编码 B 不在采购单")
            && message(&r).contains("stockin_detail_list[1].num"),
        "{r}"
    );
    let r = app
        .call(
            "wms.stockin.Purchase.upload",
            up(7, json!([{"spec_no": "A", "num": "1"}])),
        )
        .await;
    assert!(message(&r).contains("create_mode"), "{r}");
    let r = app
        .call(
            "wms.stockin.Purchase.upload",
            json!([{"warehouse_no": "WH01"}, []]),
        )
        .await;
    assert_eq!(message(&r), "采购单号 purchase_no 不能为空");
    assert_eq!(app.counts().await, before);
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn an_enterprise_refusal_words_the_first_hundred_problems_and_counts_the_rest() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let lines: Vec<Value> = (0..130)
        .map(|i| json!({"spec_no": format!("NOPE{i:03}"), "num": "1", "price": "1"}))
        .collect();
    let r = app.push_po(po_info("PO-MANY", 1, json!(lines))).await;
    assert_eq!(code(&r), 2000, "{r}");
    let m = message(&r);
    assert!(m.contains("NOPE099") && !m.contains("NOPE100"), "{m}");
    assert!(m.ends_with("…另有 30 个问题未列出"), "{m}");
    assert_eq!(app.counts().await, before);
}
}
