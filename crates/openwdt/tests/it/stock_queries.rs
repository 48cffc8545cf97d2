//! The stocktake and stock queries over real HTTP with real signatures:
//! `wms.StockPd.queryStockPdInDetail` / `queryStockPdOutDetail`, `stock_pd_order_query.php`,
//! `wms.StockSpec.queryAvailableStock`, `wms.StockSpec.search2`,
//! `wms.StockSpec.stockDetailSearch`; and the typed client methods of every new endpoint.

use crate::common::*;
use openwdt_client::api::{cancel, stock, stockpd};
use openwdt_client::{Dec4, EnterpriseClient, FlagshipClient};
use serde_json::{json, Value};

const PD: &str = "wms.StockPd.stockSyncByPd";
const PD_IN: &str = "wms.StockPd.queryStockPdInDetail";
const PD_OUT: &str = "wms.StockPd.queryStockPdOutDetail";
const AVAILABLE: &str = "wms.StockSpec.queryAvailableStock";
const SEARCH2: &str = "wms.StockSpec.search2";
const DETAIL: &str = "wms.StockSpec.stockDetailSearch";
const FIXTURE_PO: &str = "CG202511230001";

/// Today in Shanghai, as a query window.
fn today() -> (String, String) {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{day} 00:00:00"), format!("{day} 23:59:59"))
}

fn window() -> Value {
    let (start, end) = today();
    json!({"start_time": start, "end_time": end})
}

fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

/// A stocktake of WH01 through the flagship: A 10 → 15 (a gain of 5), M 9 → 6 (a loss of 3,
/// taken from batch B0 at B-01, then B1 at A-02). Answers its number.
async fn gain_and_loss(app: &TestApp) -> String {
    let r = app
        .call(
            PD,
            pd(
                json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": "月末盘点"}),
                json!([{"spec_no": "A", "new_num": "15", "remark": "多了"},
                       {"spec_no": "M", "new_num": 6}]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    r["data"]["pd_no"].as_str().unwrap().to_string()
}

fn sum(lines: &Value) -> String {
    let total = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["goods_count"].to_string().parse::<Dec4>().unwrap())
        .fold(Dec4::ZERO, |a, b| a.checked_add(b).unwrap());
    total.to_string()
}

dual_test! {
async fn a_stocktake_shows_its_gains_as_a_stockin_and_its_losses_as_a_stockout() {
    let app = TestApp::spawn().await;
    let pd_no = gain_and_loss(&app).await;

    let r = app.page(PD_IN, 10, 0, json!({"src_order_no": pd_no})).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(r["data"]["total_count"], 1, "{r}");
    let o = &r["data"]["order"][0];
    let rk = o["order_no"].as_str().unwrap().to_string();
    assert!(rk.starts_with("RK"), "{o}");
    assert_eq!(
        (o["remark"].as_str(), o["status"].as_i64(), o["src_order_no"].as_str()),
        (Some("盘盈入库"), Some(80), Some(pd_no.as_str()))
    );
    assert_eq!(
        (o["warehouse_no"].as_str(), o["warehouse_name"].as_str(), o["pd_order_remark"].as_str()),
        (Some("WH01"), Some("主仓"), Some("月末盘点"))
    );
    assert_eq!((o["goods_count"].to_string(), o["operator_name"].as_str()), ("5.0000".into(), Some("k1")));
    assert!(o["stockin_time"].as_i64().unwrap() > 0 && o["check_time"] == o["stockin_time"], "{o}");
    let lines = o["detail_list"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{o}");
    let l = &lines[0];
    assert_eq!(
        (l["spec_no"].as_str(), l["goods_no"].as_str(), l["goods_name"].as_str(), l["spec_name"].as_str()),
        (Some("A"), Some("G1"), Some("T恤"), Some("红 M"))
    );
    assert_eq!((l["goods_count"].to_string(), l["right_num"].to_string()), ("5.0000".into(), "5.0000".into()));
    assert_eq!((l["defect"].as_bool(), l["stockin_id"].clone()), (Some(false), o["stockin_id"].clone()));
    assert!(!l["position_no"].as_str().unwrap().is_empty(), "{l}");

    let r = app.page(PD_OUT, 10, 0, json!({"src_order_no": pd_no})).await;
    assert_eq!(r["data"]["total_count"], 1, "{r}");
    let o = &r["data"]["order"][0];
    let ck = o["order_no"].as_str().unwrap().to_string();
    assert!(ck.starts_with("CK"), "{o}");
    assert_eq!(
        (o["remark"].as_str(), o["status"].as_i64(), o["order_type"].as_i64(), o["src_order_no"].as_str()),
        (Some("盘亏出库"), Some(110), Some(4), Some(pd_no.as_str()))
    );
    assert_eq!(o["goods_count"].to_string(), "3.0000");
    assert_eq!(o["goods_total_cost"], "0.0000");
    let taken: Vec<(String, String, String)> = o["detail_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["position_no"].as_str().unwrap().into(), l["batch_no"].as_str().unwrap().into(), l["goods_count"].to_string()))
        .collect();
    assert_eq!(
        taken,
        vec![("B-01".into(), "B0".into(), "2.0000".into()), ("A-02".into(), "B1".into(), "1.0000".into())]
    );
    assert_eq!(sum(&o["detail_list"]), "3.0000");
    assert_eq!(o["detail_list"][0]["expire_date"], "2026-11-01");
    assert!(o["detail_list"].as_array().unwrap().iter().all(|l| l["spec_no"] == "M" && l["goods_type"] == 1));

    // By the stock-in / stock-out number, by time window, by status.
    let r = app.page(PD_IN, 10, 0, json!({"stockin_no": rk})).await;
    assert_eq!(r["data"]["order"][0]["src_order_no"], pd_no.as_str(), "{r}");
    let r = app.page(PD_OUT, 10, 0, json!({"stockout_no": ck})).await;
    assert_eq!(r["data"]["order"][0]["order_no"], ck.as_str(), "{r}");
    let r = app.page(PD_IN, 10, 0, with(window(), json!({"warehouse_no": "WH01", "status": "80", "time_type": 2}))).await;
    assert_eq!(r["data"]["total_count"], 1, "{r}");
    let r = app.page(PD_OUT, 10, 0, with(window(), json!({"status": "50,90"}))).await;
    assert_eq!((r["data"]["total_count"].as_i64(), r["data"]["order"].as_array().map(Vec::len)), (Some(0), Some(0)), "{r}");
    // The stock-in number is not a stock-out's.
    let r = app.page(PD_OUT, 10, 0, json!({"stockout_no": rk})).await;
    assert_eq!(r["data"]["total_count"], 0, "{r}");

    // A stocktake with gains only has no stock-out; one stored but not applied has neither.
    let r = app.call(PD, pd(json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": "r"}), json!([{"spec_no": "A", "new_num": 16}]))).await;
    let only_gain = r["data"]["pd_no"].as_str().unwrap().to_string();
    let r = app.page(PD_OUT, 10, 0, json!({"src_order_no": only_gain})).await;
    assert_eq!(r["data"]["total_count"], 0, "{r}");
    let r = app
        .ent("stock_sync_by_pd.php", &[("warehouse_no", "WH01".into()), ("api_outer_no", "PEND-1".into()), ("is_check", "0".into()),
            ("goods_list", json!([{"spec_no": "A", "stock_num": "1"}]).to_string())])
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let pending = r["pd_no"].as_str().unwrap().to_string();
    let r = app.page(PD_IN, 10, 0, window()).await;
    assert_eq!(r["data"]["total_count"], 2, "the two applied stocktakes with gains: {r}");

    // The enterprise edition's stocktake orders: gains and losses per line, and the numbers.
    let r = app.ent("stock_pd_order_query.php", &[("pd_no", pd_no.clone())]).await;
    assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(1)), "{r}");
    let o = &r["pd_list"][0];
    assert_eq!((o["stockin_no"].as_str(), o["stockout_no"].as_str()), (Some(rk.as_str()), Some(ck.as_str())));
    assert_eq!((o["status"].as_i64(), o["mode"].as_i64(), o["remark"].as_str()), (Some(40), Some(0), Some("月末盘点")));
    assert_eq!(o["goods_count"], "21.0000", "counted: 15 + 6");
    let line = |spec: &str| o["details_list"].as_array().unwrap().iter().find(|l| l["spec_no"] == spec).unwrap().clone();
    let a = line("A");
    assert_eq!(
        (a["old_num"].as_str(), a["new_num"].as_str(), a["pd_in_num"].as_str(), a["pd_out_num"].as_str()),
        (Some("10.0000"), Some("15.0000"), Some("5.0000"), Some("0.0000"))
    );
    assert_eq!(a["remark"], "多了");
    let m = line("M");
    assert_eq!((m["pd_in_num"].as_str(), m["pd_out_num"].as_str()), (Some("0.0000"), Some("3.0000")));
    let r = app.ent("stock_pd_order_query.php", &[("pd_no", pending.clone())]).await;
    let p = &r["pd_list"][0];
    assert_eq!((p["status"].as_i64(), p["stockin_no"].as_str(), p["api_outer_no"].as_str()), (Some(35), Some(""), Some("PEND-1")), "{r}");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn stocktake_queries_refuse_bad_requests_and_page() {
    let app = TestApp::spawn().await;
    let pd_no = gain_and_loss(&app).await;
    for i in 0..2 {
        app.call(PD, pd(json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": "r"}), json!([{"spec_no": "M", "new_num": 5 - i}]))).await;
    }
    let before = app.counts().await;
    for (m, params, want) in [
        (PD_IN, json!({}), "start_time 不能为空; end_time 不能为空"),
        (PD_OUT, json!({"end_time": "2025-11-01 00:00:00"}), "start_time 不能为空"),
        (PD_IN, json!({"start_time": "2025-10-01 00:00:00", "end_time": "2025-11-01 00:00:01"}), "您的查询时间过宽,查询时间不能大于30天"),
        (PD_OUT, json!({"start_time": "2025/10/01", "end_time": "2025-11-01 00:00:00"}), "Unparseable date: start_time=2025/10/01"),
        (PD_IN, json!({"src_order_no": pd_no, "time_type": 3}), "time_type 不合法: 3"),
        (PD_OUT, json!({"src_order_no": pd_no, "status": "8o"}), "status 不合法: 8o"),
        (PD_IN, json!({"src_order_no": pd_no, "warehouse_no": "WH09"}), "warehouse_no WH09 不存在"),
    ] {
        let r = app.page(m, 10, 0, params.clone()).await;
        assert_eq!(status(&r), 100, "{m} {params}: {r}");
        assert!(message(&r).contains(want), "{m} {params}: {want:?} in {r}");
    }
    // Paged methods need page_size and page_no; page_size is 1–1000.
    let r = app.call(PD_OUT, json!([{"src_order_no": pd_no}])).await;
    assert!(message(&r).contains("此方法仅支持分页查询"), "{r}");
    let r = app.page(PD_OUT, 1001, 0, window()).await;
    assert!(message(&r).contains("page_size"), "{r}");
    let r = app.call_as(&S1, PD_IN, Some((10, 0, true)), &json!(["x"])).await;
    assert_eq!(status(&r), 1, "{r}");

    // Paging: three stocktakes with losses, one per page, oldest first.
    let mut seen = Vec::new();
    for no in 0..3 {
        let r = app.page(PD_OUT, 1, no, window()).await;
        assert_eq!(r["data"]["total_count"], 3, "{r}");
        assert_eq!(r["data"]["order"].as_array().unwrap().len(), 1);
        seen.push(r["data"]["order"][0]["src_order_no"].as_str().unwrap().to_string());
    }
    assert_eq!(seen[0], pd_no);
    seen.dedup();
    assert_eq!(seen.len(), 3);
    assert_eq!(app.page(PD_OUT, 1, 3, window()).await["data"]["order"], json!([]));

    // Only warehouses the app may see: WH01's stocktakes are not WH02-only's.
    let r = app.call_as(&S1_WH02_ONLY, PD_OUT, Some((10, 0, true)), &json!([window()])).await;
    assert_eq!(r["data"]["total_count"], 0, "{r}");
    let r = app.call_as(&S1_WH02_ONLY, PD_IN, Some((10, 0, true)), &json!([{"src_order_no": pd_no, "warehouse_no": "WH01"}])).await;
    assert_eq!((status(&r), message(&r)), (100, "warehouse_no WH01 不存在".into()));
    let r = app.ent_as(&S1_WH02_ONLY, "stock_pd_order_query.php", &[]).await;
    assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(0)), "{r}");
    let r = app.ent_as(&S2, "stock_pd_order_query.php", &[]).await;
    assert_eq!(r["total_count"], 0, "another seller's: {r}");

    // stock_pd_order_query.php: no filter answers every stocktake; pages of at most 100;
    // total_count on the first page only.
    let r = app.ent("stock_pd_order_query.php", &[("page_size", "2".into())]).await;
    assert_eq!((r["total_count"].as_i64(), r["pd_list"].as_array().map(Vec::len)), (Some(3), Some(2)), "{r}");
    let r = app.ent("stock_pd_order_query.php", &[("page_size", "2".into()), ("page_no", "1".into())]).await;
    assert!(r.get("total_count").is_none(), "{r}");
    assert_eq!(r["pd_list"].as_array().unwrap().len(), 1);
    let (start, end) = today();
    let r = app.ent("stock_pd_order_query.php", &[("start_time", start.clone()), ("end_time", end.clone()), ("warehouse_no", "WH01".into())]).await;
    assert_eq!(r["total_count"], 3, "{r}");
    for (fields, c, want) in [
        (vec![("start_time", start.clone())], 2000, "缺少必要参数【 end_time 】"),
        (vec![("start_time", "2025-01-01 00:00:00".to_string()), ("end_time", "2025-03-01 00:00:00".to_string())], 2000, "跨度须在 0 到 30 天之间"),
        (vec![("start_time", "yesterday".to_string()), ("end_time", end.clone())], 2000, "【start_time】时间格式错误"),
        (vec![("warehouse_no", "WH09".to_string())], 2000, "【warehouse_no】WH09 不存在"),
        (vec![("page_size", "101".to_string())], 1002, "page_size"),
    ] {
        let r = app.ent("stock_pd_order_query.php", &fields).await;
        assert_eq!(code(&r), c, "{fields:?}: {r}");
        assert!(message(&r).contains(want), "{want:?} in {r}");
    }
    assert_eq!(app.counts().await, before, "queries write nothing");
}
}

dual_test! {
async fn stock_queries_see_a_purchase_stockin_into_a_position_with_a_batch() {
    let app = TestApp::spawn().await;
    let r = app
        .ent("stockin_purchase_push.php", &[("purchase_info", json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01",
            "outer_no": "GR-1", "is_check": 1,
            "details_list": [{"spec_no": "A", "stockin_num": "4", "position_no": "A-02", "batch_no": "B1"}]}).to_string())])
        .await;
    assert_eq!(code(&r), 0, "{r}");

    // search2: the stock records of A in WH01 (normal and defect).
    let r = app.page(SEARCH2, 100, 0, json!({"spec_nos": ["A"], "warehouse_no": "WH01"})).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(r["data"]["total_count"], 2, "{r}");
    let rows = r["data"]["detail_list"].as_array().unwrap();
    let normal = rows.iter().find(|s| s["defect"] == false).unwrap().clone();
    let defect = rows.iter().find(|s| s["defect"] == true).unwrap().clone();
    assert_eq!((normal["stock_num"].to_string(), normal["available_send_stock"].to_string()), ("14.0000".into(), "14.0000".into()));
    assert_eq!((normal["spec_no"].as_str(), normal["goods_no"].as_str(), normal["barcode"].as_str()), (Some("A"), Some("G1"), Some("690001")));
    assert_eq!((normal["warehouse_no"].as_str(), normal["warehouse_name"].as_str()), (Some("WH01"), Some("主仓")));
    assert!(normal["modified"].as_i64().unwrap() > 0 && normal["created"].as_i64().unwrap() > 0, "{normal}");
    assert!(!normal["last_inout_time"].as_str().unwrap().is_empty(), "{normal}");
    assert_eq!(defect["stock_num"].to_string(), "2.5000");
    assert!(normal.get("num_all").is_none() && normal.get("cost_price").is_none() && normal.get("safe_stock").is_none(), "{normal}");
    let r = app.page(SEARCH2, 100, 0, json!({"spec_nos": ["A"], "warehouse_no": "WH01", "mask": 3, "need_alarm_info": 1})).await;
    let s = &r["data"]["detail_list"][0];
    assert_eq!((s["num_all"].to_string(), s["cost_price"].to_string(), s["safe_stock"].to_string()), ("0.0000".into(), "0.0000".into(), "0.0000".into()), "{s}");
    let rec = normal["rec_id"].as_i64().unwrap();
    let rec_defect = defect["rec_id"].as_i64().unwrap();

    // stockDetailSearch: A's stock per position and batch (not paged).
    let r = app.call(DETAIL, json!([{"stock_spec_id": rec}])).await;
    assert_eq!(status(&r), 0, "{r}");
    let rows = r["data"]["detail_list"].as_array().unwrap();
    assert_eq!(r["data"]["total_count"], rows.len());
    let batch = rows.iter().find(|d| d["batch_no"] == "B1").unwrap_or_else(|| panic!("no batch row: {r}"));
    assert_eq!(
        (batch["position_no"].as_str(), batch["stock_num"].as_str(), batch["expire_date"].as_str()),
        (Some("A-02"), Some("4.0000"), Some("2026-12-01"))
    );
    assert_eq!((batch["reserve_num"].as_str(), batch["zone_no"].as_str(), batch["stock_spec_id"].as_i64()), (Some("0.0000"), Some(""), Some(rec)));
    let total = rows.iter().map(|d| d["stock_num"].as_str().unwrap().parse::<Dec4>().unwrap()).fold(Dec4::ZERO, |a, b| a.checked_add(b).unwrap());
    assert_eq!(total.to_string(), "14.0000", "the rows add up to the record: {r}");
    // The list wins over the single id; rows come in the order of the ids.
    let r = app.call(DETAIL, json!([{"stock_spec_id": rec, "stock_spec_id_list": format!("{rec_defect},{rec}")}])).await;
    let rows = r["data"]["detail_list"].as_array().unwrap();
    assert_eq!(rows[0]["stock_spec_id"], rec_defect);
    assert_eq!(rows[0]["stock_num"], "2.5000");
    assert_eq!(rows.len(), 3, "{r}");
    for (params, want) in [
        (json!({}), "stock_spec_id / stock_spec_id_list 不能为空"),
        (json!({"stock_spec_id_list": format!("{rec},x")}), "stock_spec_id / stock_spec_id_list 不合法: x"),
        (json!({"stock_spec_id": 0}), "stock_spec_id / stock_spec_id_list 不合法: 0"),
    ] {
        let r = app.call(DETAIL, json!([params])).await;
        assert_eq!(status(&r), 100, "{r}");
        assert_eq!(message(&r), want);
    }
    let r = app.call(DETAIL, json!([{"stock_spec_id": "x1"}])).await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(message(&r).contains("params.stock_spec_id"), "{r}");
    // Records of a warehouse the app may not see, or of another seller, answer nothing.
    let r = app.call_as(&S1_WH02_ONLY, DETAIL, None, &json!([{"stock_spec_id": rec}])).await;
    assert_eq!(r["data"], json!({"detail_list": [], "total_count": 0}), "{r}");
    let r = app.call_as(&S2, DETAIL, None, &json!([{"stock_spec_id": rec}])).await;
    assert_eq!(r["data"]["total_count"], 0, "{r}");

    // queryAvailableStock: everything on hand is available.
    let r = app.page(AVAILABLE, 100, 0, json!({"spec_no": "A"})).await;
    assert_eq!(r["data"]["total_count"], 2, "{r}");
    let s = r["data"]["stocks"].as_array().unwrap().iter().find(|s| s["defect"] == false).unwrap().clone();
    assert_eq!(
        (s["num"].to_string(), s["status"].as_i64(), s["type"].as_i64(), s["warehouse_no"].as_str(), s["spec_name"].as_str()),
        ("14.0000".into(), Some(0), Some(0), Some("WH01"), Some("红 M"))
    );
    let r = app.page(AVAILABLE, 100, 0, with(window(), json!({"goods_no": "G2"}))).await;
    assert_eq!(r["data"]["total_count"], 1, "{r}");
    assert_eq!((r["data"]["stocks"][0]["spec_no"].as_str(), r["data"]["stocks"][0]["num"].to_string()), (Some("M"), "9.0000".into()));
    // Nothing left: 1 缺货.
    let r = app.call(PD, pd(json!({"warehouse_no": "WH02", "defect_mode": 0, "remark": "r"}), json!([{"spec_no": "B", "new_num": 0}]))).await;
    assert_eq!(status(&r), 0, "{r}");
    let r = app.page(AVAILABLE, 100, 0, json!({"spec_no": "B", "warehouse_no": "WH02"})).await;
    assert_eq!((r["data"]["stocks"][0]["num"].to_string(), r["data"]["stocks"][0]["status"].as_i64()), ("0.0000".into(), Some(1)), "{r}");

    // Errors, each writing nothing.
    let before = app.counts().await;
    for (m, params, want) in [
        (AVAILABLE, json!({}), "start_time 不能为空; end_time 不能为空"),
        (AVAILABLE, json!({"goods_no": "G1"}), "start_time 不能为空"),
        (AVAILABLE, json!({"spec_no": "A", "warehouse_no": "WH09"}), "warehouse_no WH09 不存在"),
        (SEARCH2, json!({"warehouse_no": "WH01"}), "start_time 不能为空; end_time 不能为空"),
        (SEARCH2, json!({"spec_nos": [], "start_time": "2025-01-01 00:00:00", "end_time": "2025-03-01 00:00:00"}), "您的查询时间过宽,查询时间不能大于30天"),
        (SEARCH2, json!({"spec_nos": ["A"], "mask": 9}), "mask 不合法"),
        (SEARCH2, json!({"spec_nos": ["A"], "warehouse_no": "1002x"}), "warehouse_no 1002x 不存在"),
    ] {
        let r = app.page(m, 10, 0, params.clone()).await;
        assert_eq!(status(&r), 100, "{m} {params}: {r}");
        assert!(message(&r).contains(want), "{m} {params}: {want:?} in {r}");
    }
    let r = app.page(SEARCH2, 1001, 0, json!({"spec_nos": ["A"]})).await;
    assert!(message(&r).contains("page_size"), "at most 1000: {r}");
    assert_eq!(app.page(SEARCH2, 1000, 0, json!({"spec_nos": ["A"]})).await["data"]["total_count"], 2);
    assert_eq!(app.counts().await, before);

    // Paging by time window: one record per page, each once.
    let total = app.page(SEARCH2, 1, 0, window()).await["data"]["total_count"].as_i64().unwrap();
    assert!(total >= 4, "every record was touched today: {total}");
    let mut ids = Vec::new();
    for no in 0..total {
        let r = app.page(SEARCH2, 1, no, window()).await;
        ids.push(r["data"]["detail_list"][0]["rec_id"].as_i64().unwrap());
    }
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!((sorted.len() as i64, ids.clone()), (total, sorted), "ascending, no repeats");
    assert_eq!(app.page(SEARCH2, 1, total, window()).await["data"]["detail_list"], json!([]));

    // Only warehouses the app may see.
    for m in [SEARCH2, AVAILABLE] {
        let r = app.call_as(&S1_WH02_ONLY, m, Some((100, 0, true)), &json!([window()])).await;
        let list = r["data"][if m == SEARCH2 { "detail_list" } else { "stocks" }].as_array().unwrap().clone();
        assert!(!list.is_empty() && list.iter().all(|s| s["warehouse_no"] == "WH02"), "{m}: {r}");
    }
    let r = app.call_as(&S2, SEARCH2, Some((100, 0, true)), &json!([{"spec_nos": ["A"]}])).await;
    assert_eq!(r["data"]["total_count"], 0, "s2's A has no stock: {r}");
}
}

dual_test! {
async fn the_typed_client_methods_of_the_new_endpoints_work_against_the_server() {
    let app = TestApp::spawn().await;
    let fs = FlagshipClient::new(&app.base, S1.sid, S1.key, &format!("{}:{}", S1.secret, S1.salt)).unwrap();
    let en = EnterpriseClient::new(&app.base, S1.sid, S1.key, S1.secret).unwrap();
    let (start, end) = today();
    let pager = openwdt_client::api::flagship::Pager::new(0, 50);

    let pd_no = gain_and_loss(&app).await;
    let gains = fs.query_stock_pd_in_detail(&stockpd::flagship::PdInQuery { src_order_no: Some(pd_no.clone()), ..Default::default() }, pager).await.unwrap();
    assert_eq!((gains.total_count, gains.order[0].goods_count), (1, "5".parse().unwrap()));
    let losses = fs.query_stock_pd_out_detail(&stockpd::flagship::PdOutQuery { start_time: Some(start.clone()), end_time: Some(end.clone()), ..Default::default() }, pager).await.unwrap();
    assert_eq!((losses.order[0].src_order_no.as_str(), losses.order[0].order_type), (pd_no.as_str(), 4));
    let orders = en.stock_pd_order_query(&stockpd::enterprise::StockPdOrderQuery { pd_no: Some(pd_no.clone()), ..Default::default() }, 0, 10).await.unwrap();
    assert_eq!(orders.total_count, Some(1));
    assert_eq!(orders.pd_list[0].stockout_no, losses.order[0].order_no);

    let recs = fs.stock_search2(&stock::flagship::Search2Query { spec_nos: vec!["A".into()], warehouse_no: Some("WH01".into()), ..Default::default() }, pager).await.unwrap();
    let normal = recs.detail_list.iter().find(|s| !s.defect).unwrap();
    assert_eq!(normal.stock_num, "15".parse().unwrap());
    let details = fs.stock_detail_search(&stock::flagship::StockDetailQuery { stock_spec_id: Some(normal.rec_id), ..Default::default() }).await.unwrap();
    assert_eq!(details.detail_list.iter().map(|d| d.stock_num.0).fold(Dec4::ZERO, |a, b| a.checked_add(b).unwrap()), "15".parse().unwrap());
    let avail = fs.query_available_stock(&stock::flagship::AvailableStockQuery { spec_no: Some("A".into()), ..Default::default() }, pager).await.unwrap();
    assert_eq!(avail.total_count, 2);

    // Cancellations.
    let draft = |outer: &str| json!({"provider_no": "P001", "warehouse_no": "WH01", "outer_no": outer, "is_check": 0,
        "details_list": [{"spec_no": "A", "num": "1"}]}).to_string();
    let no = |r: Value| r["purchase_no"].as_str().unwrap().to_string();
    let d1 = no(app.ent("purchase_order_push.php", &[("purchase_info", draft("C-1"))]).await);
    let d2 = no(app.ent("purchase_order_push.php", &[("purchase_info", draft("C-2"))]).await);
    let d3 = no(app.ent("purchase_order_push.php", &[("purchase_info", draft("C-3"))]).await);
    fs.cancel_purchase_order(&d1).await.unwrap();
    let e = fs.cancel_purchase_order(&d1).await.unwrap_err();
    assert!(e.to_string().contains("状态(10)"), "{e}");
    let r = fs.cancel_purchase_orders_by_type(&cancel::flagship::CancelByType { operate_type: 0, purchase_no_list: vec![d2, FIXTURE_PO.into()], allow_cancel_checked_order: None }).await.unwrap();
    assert_eq!((r.code, r.error_count), (1, 1));
    let r = en.purchase_order_end(&cancel::enterprise::PurchaseOrderEnd { end_type: 0, is_reject_review: Some(true),
        purchase_no_list: vec![cancel::enterprise::PurchaseOrderEndItem { purchase_no: d3, spec_no: vec![] }] }).await.unwrap();
    assert_eq!((r.error_count, r.error_list), (0, None));
    let e = en.purchase_order_end(&cancel::enterprise::PurchaseOrderEnd { end_type: 1, is_reject_review: None,
        purchase_no_list: vec![cancel::enterprise::PurchaseOrderEndItem { purchase_no: FIXTURE_PO.into(), spec_no: vec![] }] }).await.unwrap_err();
    assert!(e.to_string().contains("采购单非部分入库状态"), "{e}");
    let r = app.ent("stockin_purchase_push.php", &[("purchase_info", json!({"purchase_no": FIXTURE_PO, "warehouse_no": "WH01",
        "outer_no": "GR-9", "is_check": 0, "details_list": [{"spec_no": "A", "stockin_num": "1"}]}).to_string())]).await;
    let rk = r["stockin_no"].as_str().unwrap().to_string();
    fs.cancel_purchase_stockin(&rk).await.unwrap();
    assert!(fs.cancel_purchase_stockin(&rk).await.is_err());
}
}
