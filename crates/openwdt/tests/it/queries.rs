//! Stock, stocktake and change-history queries, and fixtures.

use crate::common::*;
use openwdt_core::fixture::Fixture;
use serde_json::json;

fn day() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string()
}

fn whole_day() -> (String, String) {
    (format!("{} 00:00:00", day()), format!("{} 23:59:59", day()))
}

dual_test! {
async fn stock_search_pages_filters_and_checks_its_window() {
    let app = TestApp::spawn().await;
    let (s, e) = whole_day();
    // Opening stock: A normal and defect, M and B (WH02): 4 rows, ordered by rec_id.
    let r = app
        .page(
            "wms.StockSpec.search",
            3,
            0,
            json!({"start_time": s, "end_time": e}),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(r["total"], 4);
    assert_eq!(r["data"].as_array().unwrap().len(), 3);
    let r2 = app
        .page(
            "wms.StockSpec.search",
            3,
            1,
            json!({"start_time": s, "end_time": e}),
        )
        .await;
    assert_eq!(r2["data"].as_array().unwrap().len(), 1);
    assert!(r["data"][2]["rec_id"].as_i64() < r2["data"][0]["rec_id"].as_i64());
    let row = r["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["spec_no"] == "A" && x["defect"] == 0)
        .unwrap();
    assert_eq!(row["stock_num"].to_string(), "10.0000");
    assert_eq!(
        (row["warehouse_no"].as_str(), row["warehouse_name"].as_str()),
        (Some("WH01"), Some("主仓"))
    );
    assert_eq!(
        (
            row["goods_no"].as_str(),
            row["goods_name"].as_str(),
            row["spec_name"].as_str(),
            row["barcode"].as_str()
        ),
        (Some("G1"), Some("T恤"), Some("红 M"), Some("690001"))
    );
    assert_eq!(row["created"].as_str().unwrap().len(), 19);

    // Without calc_total there is no total.
    let r = app
        .call_as(
            &S1,
            "wms.StockSpec.search",
            Some((10, 0, false)),
            &json!([{"spec_nos": ["A"]}]),
        )
        .await;
    assert!(r.get("total").is_none(), "{r}");
    assert_eq!(r["data"].as_array().unwrap().len(), 2);
    // warehouse filter.
    let r = app
        .page(
            "wms.StockSpec.search",
            10,
            0,
            json!({"spec_nos": ["A", "B", "M"], "warehouse_no": "WH02"}),
        )
        .await;
    assert_eq!(r["total"], 1, "{r}");
    // A window in the past finds nothing.
    let r = app
        .page(
            "wms.StockSpec.search",
            10,
            0,
            json!({"start_time": "2020-01-01 00:00:00", "end_time": "2020-01-20 00:00:00"}),
        )
        .await;
    assert_eq!((status(&r), r["total"].as_i64()), (0, Some(0)), "{r}");

    for (params, needle) in [
        (json!({}), "参数中必须包含起止时间"),
        (json!({"start_time": s}), "参数中必须包含起止时间"),
        (
            json!({"start_time": "2025-01-01 00:00:00", "end_time": "2025-02-15 00:00:00"}),
            "不能大于30天",
        ),
        (
            json!({"start_time": "2025/01/01 00:00:00", "end_time": e}),
            "2025/01/01",
        ),
        (json!({"spec_nos": ["A"], "warehouse_no": "WH99"}), "WH99"),
    ] {
        let r = app
            .page("wms.StockSpec.search", 10, 0, params.clone())
            .await;
        assert_eq!(status(&r), 100, "{params}: {r}");
        assert!(message(&r).contains(needle), "{needle}: {r}");
    }
}
}

dual_test! {
async fn stocktake_queries_filter_by_status_warehouse_and_spec() {
    let app = TestApp::spawn().await;
    let m = "wms.StockPd.stockSyncByPd";
    let a = app
        .call(
            m,
            pd(
                json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": "one"}),
                json!([{"spec_no": "A", "remark": "", "new_num": "1", "defect": false}]),
            ),
        )
        .await;
    let b = app
        .call(
            m,
            pd(
                json!({"warehouse_no": "WH02", "defect_mode": 0, "remark": "two"}),
                json!([{"spec_no": "B", "remark": "", "new_num": "1", "defect": false}]),
            ),
        )
        .await;
    assert_eq!((status(&a), status(&b)), (0, 0));
    let (s, e) = whole_day();
    let q = |extra: serde_json::Value| {
        let mut p = json!({"start_time": s, "end_time": e});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        p
    };
    let r = app
        .page("wms.StockPd.queryStockPd", 10, 0, q(json!({})))
        .await;
    assert_eq!(r["data"]["total_count"], 2, "{r}");
    assert_eq!(r["data"]["pd_list"][0]["pd_no"], a["data"]["pd_no"]);
    let r = app
        .page(
            "wms.StockPd.queryStockPd",
            10,
            0,
            q(json!({"warehouse_no": "WH02"})),
        )
        .await;
    assert_eq!(r["data"]["pd_list"][0]["pd_no"], b["data"]["pd_no"], "{r}");
    assert_eq!(r["data"]["total_count"], 1);
    let r = app
        .page(
            "wms.StockPd.queryStockPd",
            10,
            0,
            q(json!({"spec_no": "A"})),
        )
        .await;
    assert_eq!(
        (
            r["data"]["total_count"].as_i64(),
            r["data"]["pd_list"][0]["remark"].as_str()
        ),
        (Some(1), Some("one")),
        "{r}"
    );
    let r = app
        .page("wms.StockPd.queryStockPd", 10, 0, q(json!({"status": 20})))
        .await;
    assert_eq!(r["data"]["total_count"], 0);
    let r = app
        .page("wms.StockPd.queryStockPd", 1, 1, q(json!({"status": 40})))
        .await;
    assert_eq!(
        (
            r["data"]["total_count"].as_i64(),
            r["data"]["pd_list"].as_array().unwrap().len()
        ),
        (Some(2), 1)
    );
    let r = app
        .page("wms.StockPd.queryStockPd", 10, 0, json!({"pd_no": "x"}))
        .await;
    assert!(
        status(&r) == 100 && message(&r).contains("start_time"),
        "{r}"
    );
    // k2 sees only WH02's stocktake.
    let r = app
        .call_as(
            &S1_WH02_ONLY,
            "wms.StockPd.queryStockPd",
            Some((10, 0, true)),
            &json!([q(json!({}))]),
        )
        .await;
    assert_eq!(r["data"]["total_count"], 1, "{r}");
}
}

dual_test! {
async fn change_history_has_one_row_per_posting_with_its_documents() {
    let app = TestApp::spawn().await;
    let init = app.changes("A", false).await;
    assert_eq!(init.len(), 1);
    let c = &init[0];
    assert_eq!(
        (c["src_order_type"].as_i64(), c["type"].as_i64()),
        (Some(33), Some(1))
    );
    assert_eq!(
        (
            c["stock_num_old"].to_string(),
            c["num"].to_string(),
            c["stock_num_new"].to_string()
        ),
        ("0.0000".into(), "10.0000".into(), "10.0000".into())
    );
    assert!(
        c["created"].as_i64().unwrap() > 1_700_000_000_000,
        "created is epoch milliseconds: {c}"
    );
    assert!(c["src_order_no"].as_str().unwrap().starts_with("QC"));

    let r = app
        .call(
            "wms.StockPd.stockSyncByPd",
            pd(
                json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
                json!([{"spec_no": "A", "remark": "盘亏", "new_num": "4", "defect": false}]),
            ),
        )
        .await;
    let rows = app.changes("A", false).await;
    assert_eq!(rows.len(), 2);
    let out = &rows[1];
    assert_eq!(
        (
            out["src_order_type"].as_i64(),
            out["type"].as_i64(),
            out["remark"].as_str()
        ),
        (Some(4), Some(2), Some("盘亏"))
    );
    assert_eq!(
        (
            out["stock_num_old"].to_string(),
            out["num"].to_string(),
            out["stock_num_new"].to_string()
        ),
        ("10.0000".into(), "6.0000".into(), "4.0000".into())
    );
    assert_eq!(out["src_order_no"], r["data"]["pd_no"]);

    let (s, e) = whole_day();
    let r = app
        .page(
            "wms.StockSpec.queryChangeHistory",
            10,
            0,
            json!({"start_date": s, "end_date": e, "spec_no": "A", "type": 1}),
        )
        .await;
    assert_eq!(r["data"]["total_count"], 1, "{r}");
    // Without spec_no the window is at most an hour.
    let r = app
        .page(
            "wms.StockSpec.queryChangeHistory",
            10,
            0,
            json!({"start_date": s, "end_date": e}),
        )
        .await;
    assert!(status(&r) == 100 && message(&r).contains("60分钟"), "{r}");
    let now = chrono::Utc::now() + chrono::Duration::hours(8);
    let hour = |d: chrono::Duration| (now + d).format("%Y-%m-%d %H:%M:%S").to_string();
    let r = app.page("wms.StockSpec.queryChangeHistory", 10, 0, json!({"start_date": hour(chrono::Duration::minutes(-30)), "end_date": hour(chrono::Duration::minutes(29))})).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(
        r["data"]["total_count"], 6,
        "5 normal opening postings and 1 stocktake posting in the last half hour: {r}"
    );
    let r = app
        .page(
            "wms.StockSpec.queryChangeHistory",
            10,
            0,
            json!({"start_date": s, "end_date": e, "spec_no": "A", "type": 3}),
        )
        .await;
    assert!(status(&r) == 100 && message(&r).contains("type"), "{r}");
    let r = app
        .page(
            "wms.StockSpec.queryChangeHistory",
            10,
            0,
            json!({"spec_no": "A"}),
        )
        .await;
    assert!(
        status(&r) == 100 && message(&r).contains("start_date"),
        "{r}"
    );
}
}

dual_test! {
async fn loading_a_fixture_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    app.store
        .load_fixture(&Fixture::parse(FIXTURE).unwrap())
        .await
        .unwrap();
    assert_eq!(app.counts().await, before);
    assert_eq!(app.stock("WH01", "A", false).await, "10.0000");
    assert_eq!(app.stock("WH01", "M", false).await, "9.0000");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn a_bad_fixture_is_refused_whole() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let bad = FIXTURE
        .replace(
            "spec_no = \"M\"\n  num = \"4\"",
            "spec_no = \"NOPE\"\n  num = \"4\"",
        )
        .replace("sid = \"s1\"", "sid = \"s9\"");
    let err = app
        .store
        .load_fixture(&Fixture::parse(&bad).unwrap())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("NOPE"), "{err}");
    assert_eq!(app.counts().await, before);
    let err = Fixture::parse("[[seller]]\nsid = \"x\"\nname = \"y\"\ntypo = 1\n").unwrap_err();
    assert!(err.to_string().contains("typo"), "{err}");
}
}

/// The schema as the project promised it, field for field; it may grow, never break.
const PROMISED_SCHEMA: &str = r#"
[[seller]]
sid = "demo"                    # 卖家账号
name = "演示店铺"
  [[seller.app]]
  key = "demo_key"              # 接口账号 appkey
  secret = "demo_secret"
  salt = "demo_salt"
  warehouses = ["*"]
  [[seller.warehouse]]
  warehouse_no = "WH01"
  name = "主仓"
  positions = ["A-01-01", "A-01-02"]
  [[seller.provider]]
  provider_no = "P001"
  name = "供应商一"
  [[seller.goods]]
  goods_no = "G001"
  goods_name = "T恤"
    [[seller.goods.spec]]
    spec_no = "G001-RED-M"
    spec_name = "红色 M"
    barcode = "6900000000011"
    deleted = false
  [[seller.batch]]
  batch_no = "B20251101"
  expire_date = "2026-11-01"
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "G001-RED-M"
  num = "10"
  defect = false
  position_no = "A-01-01"
  batch_no = "B20251101"
  [[seller.purchase_order]]
  purchase_no = "CG202511230001"
  provider_no = "P001"
  warehouse_no = "WH01"
  status = 40
    [[seller.purchase_order.detail]]
    spec_no = "G001-RED-M"
    num = "100"
    price = "12.5"
    tax_rate = "0.13"
"#;

dual_test! {
async fn the_promised_fixture_schema_loads_and_serves() {
    let app = TestApp::spawn_with(PROMISED_SCHEMA, openwdt_server::Config::default()).await;
    let demo = Creds {
        sid: "demo",
        key: "demo_key",
        secret: "demo_secret",
        salt: "demo_salt",
    };
    assert_eq!(
        app.stock_as(&demo, "WH01", "G001-RED-M", false).await,
        "10.0000"
    );
    let counts = app.counts().await;
    assert!(counts.contains(&("purchase_order", 1)), "{counts:?}");
    // The opening stock sits in the named position and batch.
    let r = app
        .call_as(
            &demo,
            "wms.StockPd.stockSyncByPd",
            None,
            &pd(
                json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
                json!([{"spec_no": "G001-RED-M", "remark": "", "new_num": "9", "defect": false}]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let (s, e) = whole_day();
    let h = app
        .call_as(
            &demo,
            "wms.StockSpec.queryChangeHistory",
            Some((10, 0, true)),
            &json!([{"start_date": s, "end_date": e, "spec_no": "G001-RED-M", "type": 2}]),
        )
        .await;
    let row = &h["data"]["data"][0];
    assert_eq!(
        (row["position_no"].as_str(), row["batch_no"].as_str()),
        (Some("A-01-01"), Some("B20251101")),
        "{h}"
    );
}
}
