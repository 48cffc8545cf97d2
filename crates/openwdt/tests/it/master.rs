//! Master data on both editions, over real HTTP with real signatures: goods and their specs
//! (push, update, revive, query), warehouses and default positions, providers; what one
//! edition pushes is seen by the other and usable at once by stocktakes and purchase orders.

use crate::common::*;
use serde_json::{json, Value};

const PUSH: &str = "goods.Goods.push";
const QUERY: &str = "goods.Goods.queryWithSpec";
const WAREHOUSES: &str = "setting.Warehouse.queryWarehouse";
const POSITIONS: &str = "wms.PositionCapacity.search";
const PROVIDER_PUSH: &str = "setting.PurchaseProvider.push";
const PROVIDER_QUERY: &str = "setting.PurchaseProvider.queryDetail";

/// Today in Shanghai, as a query window.
fn today() -> (String, String) {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{day} 00:00:00"), format!("{day} 23:59:59"))
}

/// Enterprise form fields.
type Form = Vec<(&'static str, String)>;

fn today_date() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string()
}

impl TestApp {
    /// One goods by goods_no through `goods.Goods.queryWithSpec` (deleted specs too when
    /// `all`).
    async fn goods(&self, goods_no: &str, all: bool) -> Value {
        let r = self
            .page(
                QUERY,
                10,
                0,
                json!({"goods_no": goods_no, "hide_deleted": !all}),
            )
            .await;
        assert_eq!(status(&r), 0, "{r}");
        assert_eq!(r["data"]["total_count"], 1, "{r}");
        r["data"]["goods_list"][0].clone()
    }

    async fn push_goods(&self, goods_list: Value) -> Value {
        self.ent("goods_push.php", &[("goods_list", goods_list.to_string())])
            .await
    }
}

fn spec_of<'a>(goods: &'a Value, spec_no: &str) -> &'a Value {
    goods["spec_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["spec_no"] == spec_no)
        .unwrap_or_else(|| panic!("no spec {spec_no} in {goods}"))
}

fn spec_nos(goods: &Value) -> Vec<String> {
    goods["spec_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["spec_no"].as_str().unwrap().to_string())
        .collect()
}

dual_test! {
async fn flagship_goods_push_creates_then_updates_and_reads_back() {
    let app = TestApp::spawn().await;
    let r = app
        .call(
            PUSH,
            json!([{
                "goods_no": "G9", "goods_name": "衬衫", "short_name": "衫", "auto_create_bc": true,
                "brand_name": "自有", "unit_name": "件", "goods_type": 1, "alias": "shirt",
                "pinyin": "chenshan", "origin": "杭州", "remark": "货品备注", "prop1": "P1", "prop6": "P6",
                "flag_name": "新品"
            }, [{
                "spec_no": "G9-R", "spec_name": "红", "spec_code": "R", "barcode": "69009", "pack_score": 12,
                "lowest_price": 200, "retail_price": "299.5", "unit_name": "个", "aux_unit_name": "10个",
                "remark": "单品备注", "goods_label": "6", "is_lower_cost": 1, "validity_days": 30,
                "weight": "0.25", "large_type": -1, "sn_type": 2, "wms_process_mask": 10, "prop3": "s3"
            }, {
                "spec_no": "G9-B", "lowest_price": 200.5
            }]]),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let goods_id = r["data"].as_i64().expect("data is the goods id");

    let g = app.goods("G9", false).await;
    assert_eq!(g["goods_id"], goods_id);
    assert_eq!(
        (g["goods_name"].as_str(), g["short_name"].as_str(), g["alias"].as_str(), g["pinyin"].as_str()),
        (Some("衬衫"), Some("衫"), Some("shirt"), Some("chenshan"))
    );
    assert_eq!((g["goods_type"].as_i64(), g["spec_count"].as_i64()), (Some(1), Some(2)));
    // Names left out read 无, as documented.
    assert_eq!(
        (g["brand_name"].as_str(), g["class_name"].as_str(), g["aux_unit_name"].as_str()),
        (Some("自有"), Some("无"), Some("无"))
    );
    assert_eq!(
        (g["origin"].as_str(), g["remark"].as_str(), g["prop1"].as_str(), g["prop6"].as_str(), g["flag_name"].as_str()),
        (Some("杭州"), Some("货品备注"), Some("P1"), Some("P6"), Some("新品"))
    );
    assert_eq!(g["deleted"], 0);
    assert!(g["goods_modified"].as_i64().unwrap() > 0, "epoch milliseconds");
    assert_eq!(g["goods_created"].as_str().unwrap().len(), 19);
    let red = spec_of(&g, "G9-R");
    assert_eq!(red["goods_id"], goods_id);
    assert_eq!(
        (red["spec_name"].as_str(), red["spec_code"].as_str(), red["barcode"].as_str()),
        (Some("红"), Some("R"), Some("69009"))
    );
    assert_eq!(red["lowest_price"].to_string(), "200.0000");
    assert_eq!(red["retail_price"].to_string(), "299.5000");
    assert_eq!(red["pack_score"].to_string(), "12.0000");
    assert_eq!(red["weight"].to_string(), "0.2500");
    assert_eq!(
        (red["spec_unit_name"].as_str(), red["spec_aux_unit_name"].as_str(), red["remark"].as_str()),
        (Some("个"), Some("10个"), Some("单品备注"))
    );
    assert_eq!(
        (red["is_lower_cost"].as_bool(), red["validity_days"].as_i64(), red["large_type"].as_i64()),
        (Some(true), Some(30), Some(-1))
    );
    assert_eq!(
        (red["sn_type"].as_i64(), red["wms_process_mask"].as_i64(), red["goods_label"].as_str(), red["prop3"].as_str()),
        (Some(2), Some(10), Some("6"), Some("s3"))
    );
    assert_eq!(red["barcode_count"], 1);
    assert_eq!(red["barcode_list"][0]["barcode"], "69009");
    assert_eq!(red["barcode_list"][0]["is_master"], 1);
    let blue = spec_of(&g, "G9-B");
    assert_eq!(blue["lowest_price"].to_string(), "200.5000");
    assert_eq!(blue["barcode_list"], json!([]));

    // An update: what is left out is kept, "" clears, a new spec is added under the goods.
    let r = app
        .call(
            PUSH,
            json!([{"goods_no": "G9", "remark": "", "brand_name": ""},
                   [{"spec_no": "G9-R", "remark": "", "retail_price": 310}, {"spec_no": "G9-G", "spec_name": "绿"}]]),
        )
        .await;
    assert_eq!((status(&r), r["data"].as_i64()), (0, Some(goods_id)), "{r}");
    let g = app.goods("G9", false).await;
    assert_eq!(g["goods_name"], "衬衫", "a name left out is kept");
    assert_eq!(g["remark"], "", "an empty text clears");
    assert_eq!(g["brand_name"], "无", "an emptied name reads 无");
    assert_eq!(g["spec_count"], 3);
    let red = spec_of(&g, "G9-R");
    assert_eq!((red["remark"].as_str(), red["spec_name"].as_str()), (Some(""), Some("红")));
    assert_eq!(red["retail_price"].to_string(), "310.0000");
    assert_eq!(red["lowest_price"].to_string(), "200.0000");
    assert_eq!(spec_of(&g, "G9-G")["spec_name"], "绿");

    // By a spec or a barcode, the goods' specs narrow to it.
    let r = app.page(QUERY, 10, 0, json!({"spec_no": "G9-B"})).await;
    assert_eq!(spec_nos(&r["data"]["goods_list"][0]), ["G9-B"]);
    let r = app.page(QUERY, 10, 0, json!({"barcode": "69009"})).await;
    assert_eq!(status(&r), 100, "a barcode alone needs a window: {r}");
    let (start, end) = today();
    let r = app
        .page(QUERY, 10, 0, json!({"barcode": "69009", "start_time": start, "end_time": end}))
        .await;
    assert_eq!(r["data"]["total_count"], 1, "{r}");
    assert_eq!(spec_nos(&r["data"]["goods_list"][0]), ["G9-R"]);
    // A brand filter.
    let r = app
        .page(QUERY, 10, 0, json!({"goods_no": "G9", "brand_name": "自有"}))
        .await;
    assert_eq!(r["data"]["total_count"], 0, "the brand was cleared: {r}");
}
}

dual_test! {
async fn refused_goods_pushes_name_every_problem_and_write_nothing() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let g1_before = app.goods("G1", true).await;
    let cases: Vec<(Value, &str)> = vec![
        (json!([{"goods_name": "x"}, [{"spec_no": "S1"}]]), "goods_no 不能为空"),
        (json!([{"goods_no": "G9"}, [{"spec_no": "S1"}]]), "goods_name 不能为空"),
        (json!([{"goods_no": "G9", "goods_name": "x"}, []]), "specInfoList 不能为空"),
        (json!([{"goods_no": "G9", "goods_name": "x"}, [{"spec_name": "x"}]]), "specInfoList[0].spec_no 不能为空"),
        (
            json!([{"goods_no": "G".repeat(41), "goods_name": "x"}, [{"spec_no": "S1"}]]),
            "goods_no 超长(最多40个字符)",
        ),
        (
            json!([{"goods_no": "G9", "goods_name": "x"}, [{"spec_no": "S1", "barcode": "9".repeat(51)}]]),
            "specInfoList[0].barcode 超长(最多50个字符)",
        ),
        (
            json!([{"goods_no": "G9", "goods_name": "x"}, [{"spec_no": "S1"}, {"spec_no": "A"}]]),
            "specInfoList[1].spec_no A 已属于 G1",
        ),
        (
            json!([{"goods_no": "G9", "goods_name": "x"}, [{"spec_no": "S1", "lowest_price": "1.00001"}]]),
            "specInfoList[0].lowest_price 不合法(数字, 最多4位小数): 1.00001",
        ),
        (
            json!([{"goods_no": "G9", "goods_name": "x"}, [{"spec_no": "S1", "weight": "-1"}]]),
            "specInfoList[0].weight 不能为负数",
        ),
        (
            json!([{"goods_no": "G9", "goods_name": "x"}, [{"spec_no": "S1"}, {"spec_no": "S1"}]]),
            "specInfoList[1].spec_no S1 重复",
        ),
        (
            json!([{"goods_no": "G9", "goods_name": "x", "goods_type": 11}, [{"spec_no": "S1", "sn_type": 3}]]),
            "goods_type 超出范围(0-10): 11; specInfoList[0].sn_type 超出范围(0-2): 3",
        ),
        // An update of an existing goods is refused as a whole too.
        (
            json!([{"goods_no": "G1", "goods_name": "改名"}, [{"spec_no": "A", "retail_price": "x"}, {"spec_no": "M"}]]),
            "specInfoList[0].retail_price 不合法(数字, 最多4位小数): x; specInfoList[1].spec_no M 已属于 G2",
        ),
    ];
    for (body, want) in cases {
        let r = app.call(PUSH, body.clone()).await;
        assert_eq!(status(&r), 100, "{body}: {r}");
        assert!(message(&r).contains(want), "{body}: wanted {want:?} in {r}");
    }
    // Every problem of one request in one message.
    let r = app
        .call(
            PUSH,
            json!([{"goods_no": "G9"}, [{"spec_no": "A"}, {"spec_no": "S2", "market_price": "abc"}]]),
        )
        .await;
    assert_eq!(
        message(&r),
        "specInfoList[1].market_price 不合法(数字, 最多4位小数): abc; goods_name 不能为空; specInfoList[0].spec_no A 已属于 G1",
        "{r}"
    );
    // Type errors name their path; the argument count is checked.
    let r = app
        .call(PUSH, json!([{"goods_no": "G9", "goods_name": "x"}, [{"spec_no": "S1"}, {"spec_no": "S2", "is_lower_cost": "maybe"}]]))
        .await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(message(&r).contains("specInfoList[1].is_lower_cost"), "{r}");
    let r = app.call(PUSH, json!([{"goods_no": "G9", "goods_name": "x"}])).await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(message(&r).contains("invalid argument count"), "{r}");

    assert_eq!(app.counts().await, before, "a refused push writes nothing");
    assert_eq!(app.goods("G1", true).await, g1_before, "G1 is unchanged");
}
}

dual_test! {
async fn a_deleted_spec_pushed_again_is_revived_with_its_id() {
    let app = TestApp::spawn().await;
    let g1 = app.goods("G1", true).await;
    let deleted = spec_of(&g1, "DEL").clone();
    assert_eq!(deleted["deleted"], 1);
    assert_eq!(app.goods("G1", false).await["spec_count"], 3);
    assert!(!spec_nos(&app.goods("G1", false).await).contains(&"DEL".to_string()));
    // A stocktake does not know it yet.
    let r = app
        .call(
            "wms.StockPd.stockSyncByPd",
            pd(json!({"warehouse_no": "WH01", "defect_mode": 1, "remark": "r", "is_post_error": true}),
               json!([{"spec_no": "DEL", "new_num": 1}])),
        )
        .await;
    assert_eq!(status(&r), 100, "{r}");

    // Pushed under the goods that held it.
    let r = app
        .call(PUSH, json!([{"goods_no": "G1"}, [{"spec_no": "DEL", "spec_name": "回来了"}]]))
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let g1 = app.goods("G1", false).await;
    let revived = spec_of(&g1, "DEL");
    assert_eq!((revived["deleted"].as_i64(), revived["spec_name"].as_str()), (Some(0), Some("回来了")));
    assert_eq!(revived["spec_id"], deleted["spec_id"], "the same spec, its history kept");
    assert_eq!(g1["spec_count"], 4);
    let r = app
        .call(
            "wms.StockPd.stockSyncByPd",
            pd(json!({"warehouse_no": "WH01", "defect_mode": 1, "remark": "r", "is_post_error": true}),
               json!([{"spec_no": "DEL", "new_num": 1}])),
        )
        .await;
    assert_eq!(status(&r), 0, "usable at once: {r}");
    assert_eq!(app.stock("WH01", "DEL", false).await, "1.0000");
}
}

dual_test! {
async fn a_deleted_spec_may_move_to_another_goods_through_the_enterprise_edition() {
    let app = TestApp::spawn().await;
    let deleted = spec_of(&app.goods("G1", true).await, "DEL").clone();
    let r = app
        .push_goods(json!([{"goods_no": "G7", "goods_name": "新货", "spec_list": [{"spec_no": "DEL"}]}]))
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let g7 = app.goods("G7", false).await;
    assert_eq!(spec_of(&g7, "DEL")["spec_id"], deleted["spec_id"]);
    assert!(!spec_nos(&app.goods("G1", true).await).contains(&"DEL".to_string()));
}
}

dual_test! {
async fn enterprise_goods_are_seen_by_the_flagship_and_usable_at_once() {
    let app = TestApp::spawn().await;
    let r = app
        .push_goods(json!([
            {"goods_no": "E1", "goods_name": "酸奶", "goods_type": "1", "props1": "甲", "prop2": "乙",
             "class_name": "乳品", "spec_list": [
                {"spec_no": "E1-1", "spec_name": "原味", "barcode": 6901, "retail_price": "8.5", "tax_rate": "0.13",
                 "is_allow_neg_stock": "0", "is_sn_enable": 1, "is_popular": 1, "replenish_type": 0,
                 "spec_unit_name": "瓶", "spec_remark": "冷藏"},
                {"spec_no": "E1-2"}
             ]},
            {"goods_no": "E2", "goods_name": "面包", "spec_list": [{"spec_no": "E2-1"}]}
        ]))
        .await;
    assert_eq!(code(&r), 0, "{r}");

    // The flagship sees them.
    let g = app.goods("E1", false).await;
    assert_eq!(
        (g["goods_name"].as_str(), g["class_name"].as_str(), g["prop1"].as_str(), g["prop2"].as_str(), g["goods_type"].as_i64()),
        (Some("酸奶"), Some("乳品"), Some("甲"), Some("乙"), Some(1))
    );
    let s = spec_of(&g, "E1-1");
    assert_eq!(
        (s["barcode"].as_str(), s["spec_unit_name"].as_str(), s["remark"].as_str(), s["sn_type"].as_i64()),
        (Some("6901"), Some("瓶"), Some("冷藏"), Some(1))
    );
    assert_eq!(s["retail_price"].to_string(), "8.5000");
    assert_eq!(s["tax_rate"].to_string(), "0.1300");

    // The enterprise edition reads its own flags back.
    let r = app.ent("goods_query.php", &[("spec_no", "E1-1".into())]).await;
    assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(1)), "{r}");
    let s = &r["goods_list"][0]["spec_list"][0];
    assert_eq!(
        (s["is_allow_neg_stock"].as_i64(), s["is_zero_cost"].as_i64(), s["is_popular"].as_i64(), s["replenish_type"].as_i64()),
        (Some(0), Some(1), Some(1), Some(0))
    );
    assert_eq!((s["retail_price"].as_str(), s["tax_rate"].as_str()), (Some("8.5000"), Some("0.1300")));
    assert_eq!(s["remark"], "冷藏");
    assert_eq!(r["goods_list"][0]["spec_count"], 2);

    // A stocktake and a purchase order on the flagship use the new specs at once.
    let r = app
        .call(
            "wms.StockPd.stockSyncByPd",
            pd(json!({"warehouse_no": "WH01", "defect_mode": 1, "remark": "新货盘点"}),
               json!([{"spec_no": "E1-1", "new_num": 12}, {"spec_no": "E2-1", "new_num": "3.5"}])),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "E1-1", false).await, "12.0000");
    assert_eq!(app.stock("WH01", "E2-1", false).await, "3.5000");
    let r = app
        .call(
            "purchase.PurchaseOrder.createOrder",
            json!([{"provider_no": "P001", "receive_warehouse_nos": "WH01", "expect_warehouse_no": "WH01",
                    "purchaser_name": "张三", "is_check": true,
                    "purchase_details": [{"spec_no": "E1-2", "num": 6, "price": "4"}]}]),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    app.assert_ledger_sound().await;

    // And the flagship's push is seen by the enterprise edition.
    let r = app
        .call(PUSH, json!([{"goods_no": "F1", "goods_name": "旗舰货", "prop2": "p2"}, [{"spec_no": "F1-1", "remark": "r"}]]))
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let r = app.ent("goods_query.php", &[("goods_no", "F1".into())]).await;
    assert_eq!(code(&r), 0, "{r}");
    let g = &r["goods_list"][0];
    assert_eq!((g["goods_name"].as_str(), g["prop2"].as_str()), (Some("旗舰货"), Some("p2")));
    assert_eq!(g["spec_list"][0]["remark"], "r");
    assert_eq!(g["spec_list"][0]["is_allow_neg_stock"], 1, "the default");
}
}

dual_test! {
async fn refused_enterprise_goods_pushes_name_paths_and_write_nothing() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let cases: Vec<(Value, i64, &str)> = vec![
        (json!([]), 2000, "缺少必要参数【 goods_list 】"),
        (json!([{"goods_no": "E1", "goods_name": "x", "spec_list": []}]), 2000, "缺少必要参数【 goods_list[0].spec_list 】"),
        (
            json!([{"goods_no": "E1", "goods_name": "x", "spec_list": [{"spec_no": "E1-1"}]},
                   {"goods_no": "E2", "spec_list": [{"spec_no": "E2-1"}, {"spec_no": "B"}]}]),
            2000,
            "缺少必要参数【 goods_list[1].goods_name 】; 【goods_list[1].spec_list[1].spec_no】B 已属于 G1",
        ),
        (
            json!([{"goods_no": "E1", "goods_name": "x", "props3": "p".repeat(256),
                    "spec_list": [{"spec_no": "E1-1", "retail_price": "abc", "spec_remark": "r".repeat(513)}]}]),
            2000,
            "【goods_list[0].props3】超长(最多255个字符)",
        ),
        (
            json!([{"goods_no": "E1", "goods_name": "x", "spec_list": [{"spec_no": "E1-1", "retail_price": "abc", "spec_remark": "r".repeat(513)}]}]),
            2000,
            "【goods_list[0].spec_list[0].spec_remark】超长(最多512个字符)",
        ),
        (
            json!([{"goods_no": "E1", "goods_name": "x", "spec_list": [{"spec_no": "E1-1", "retail_price": "abc"}]}]),
            2000,
            "【goods_list[0].spec_list[0].retail_price】不是合法数字(最多4位小数): abc",
        ),
        (
            json!([{"goods_no": "E1", "goods_name": "x", "spec_list": [{"spec_no": "E1-1", "tax_rate": "1.5"}]}]),
            2000,
            "【goods_list[0].spec_list[0].tax_rate】不合法: 1.5",
        ),
        (
            json!([{"goods_no": "E1", "goods_name": "x", "spec_list": [{"spec_no": "E1-1", "is_sn_enable": 5}]}]),
            2000,
            "【goods_list[0].spec_list[0].is_sn_enable】超出范围(0-2): 5",
        ),
        (
            json!([{"goods_no": "E1", "goods_name": "x", "spec_list": [{"spec_no": "S"}]},
                   {"goods_no": "E1", "goods_name": "x", "spec_list": [{"spec_no": "T"}]}]),
            2000,
            "【goods_list[1].goods_no】E1 重复",
        ),
        (
            json!([{"goods_no": "E1", "spec_list": [{"spec_no": "E1-1", "is_popular": "x"}]}]),
            1002,
            "goods_list[0].spec_list[0].is_popular",
        ),
    ];
    for (list, want_code, want) in cases {
        let r = app.push_goods(list.clone()).await;
        assert_eq!(code(&r), want_code, "{list}: {r}");
        assert!(message(&r).contains(want), "{list}: wanted {want:?} in {r}");
    }
    let r = app.ent("goods_push.php", &[]).await;
    assert_ne!(code(&r), 0, "goods_list is required: {r}");
    assert!(message(&r).contains("goods_list"), "{r}");
    let r = app.ent("goods_push.php", &[("goods_list", "{不是JSON".into())]).await;
    assert_eq!(code(&r), 1002, "{r}");
    assert_eq!(app.counts().await, before, "a refused push writes nothing");
}
}

dual_test! {
async fn goods_queries_check_windows_and_paging_on_both_editions() {
    let app = TestApp::spawn().await;
    let (start, end) = today();
    // Flagship: times or a number are required; 30 days at most; end_time defaults to now.
    let r = app.page(QUERY, 10, 0, json!({})).await;
    assert_eq!((status(&r), message(&r)), (100, "参数中必须包含起止时间: start_time, end_time".into()), "{r}");
    let r = app
        .page(QUERY, 10, 0, json!({"start_time": "2025-01-01 00:00:00", "end_time": "2025-02-01 00:00:01"}))
        .await;
    assert_eq!((status(&r), message(&r)), (100, "您的查询时间过宽,查询时间不能大于30天".into()), "{r}");
    let r = app.page(QUERY, 10, 0, json!({"start_time": "2025/01/01"})).await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(message(&r).contains("Unparseable date"), "{r}");
    let r = app.page(QUERY, 10, 0, json!({"start_time": start})).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(r["data"]["total_count"], 2, "the fixture's goods, stamped today: {r}");
    // Paged by goods.
    let r = app.page(QUERY, 1, 1, json!({"start_time": start, "end_time": end})).await;
    assert_eq!(r["data"]["total_count"], 2);
    assert_eq!(r["data"]["goods_list"].as_array().unwrap().len(), 1);
    assert_eq!(r["data"]["goods_list"][0]["goods_no"], "G2");
    let r = app.call_as(&S1, QUERY, None, &json!([{"goods_no": "G1"}])).await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(message(&r).contains("此方法仅支持分页查询"), "{r}");
    let r = app.call_as(&S1, QUERY, Some((1001, 0, true)), &json!([{"goods_no": "G1"}])).await;
    assert!(message(&r).contains("page_size"), "{r}");
    // Another seller's goods of the same numbers are never seen.
    let r = app.call_as(&S2, QUERY, Some((10, 0, true)), &json!([{"goods_no": "G1"}])).await;
    assert_eq!(r["data"]["goods_list"][0]["goods_name"], "别家货", "{r}");
    assert_eq!(r["data"]["total_count"], 1);

    // Enterprise: the window is required without spec_no/goods_no, ignored with them.
    let r = app.ent("goods_query.php", &[]).await;
    assert_eq!(code(&r), 1001, "{r}");
    let r = app
        .ent("goods_query.php", &[("start_time", "2025-01-01 00:00:00".into()), ("end_time", "2025-03-01 00:00:00".into())])
        .await;
    assert_eq!(code(&r), 2000, "{r}");
    let r = app.ent("goods_query.php", &[("start_time", start.clone())]).await;
    assert_eq!(code(&r), 1001, "{r}");
    let r = app
        .ent("goods_query.php", &[("goods_no", "G1".into()), ("start_time", "2020-01-01 00:00:00".into()), ("end_time", "2020-01-02 00:00:00".into())])
        .await;
    assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(1)), "{r}");
    assert_eq!(spec_nos(&r["goods_list"][0]), ["A", "B", "C"], "deleted specs left out");
    let r = app.ent("goods_query.php", &[("goods_no", "G1".into()), ("deleted", "1".into())]).await;
    assert_eq!(spec_nos(&r["goods_list"][0]), ["A", "B", "C", "DEL"]);
    let r = app
        .ent("goods_query.php", &[("start_time", start.clone()), ("end_time", end.clone()), ("page_size", "1".into())])
        .await;
    assert_eq!((r["total_count"].as_i64(), r["goods_list"].as_array().unwrap().len()), (Some(2), 1), "{r}");
    let r = app
        .ent("goods_query.php", &[("start_time", start.clone()), ("end_time", end.clone()), ("page_size", "1".into()), ("page_no", "1".into())])
        .await;
    assert_eq!(r["total_count"], Value::Null, "total_count on the first page only: {r}");
    assert_eq!(r["goods_list"][0]["goods_no"], "G2");
    let r = app.ent("goods_query.php", &[("goods_no", "G1".into()), ("page_size", "101".into())]).await;
    assert_eq!(code(&r), 1002, "{r}");
}
}

dual_test! {
async fn warehouses_are_answered_as_the_app_may_see_them() {
    let app = TestApp::spawn().await;
    let r = app.page(WAREHOUSES, 10, 0, json!({})).await;
    assert_eq!((status(&r), r["data"]["total_count"].as_i64()), (0, Some(2)), "{r}");
    let list = r["data"]["details"].as_array().unwrap();
    assert_eq!(
        list.iter().map(|w| (w["warehouse_no"].as_str().unwrap(), w["name"].as_str().unwrap())).collect::<Vec<_>>(),
        [("WH01", "主仓"), ("WH02", "二仓")]
    );
    assert_eq!((list[0]["type"].as_i64(), list[0]["is_disabled"].as_bool()), (Some(1), Some(false)));
    assert!(list[0]["warehouse_id"].as_i64().unwrap() > 0);
    assert!(list[0]["modified"].as_i64().unwrap() > 0);
    assert_eq!(list[0]["created"].as_str().unwrap().len(), 19);
    let r = app.page(WAREHOUSES, 10, 0, json!({"warehouse_no": "WH02"})).await;
    assert_eq!(r["data"]["details"][0]["name"], "二仓");
    let r = app.page(WAREHOUSES, 10, 0, json!({"warehouse_name": "主仓", "type": 1})).await;
    assert_eq!(r["data"]["total_count"], 1);
    let r = app.page(WAREHOUSES, 10, 0, json!({"type": 3})).await;
    assert_eq!(r["data"]["total_count"], 0);
    let (start, end) = today();
    let r = app.page(WAREHOUSES, 10, 0, json!({"start_time": start, "end_time": end, "hide_delete": 0})).await;
    assert_eq!(r["data"]["total_count"], 2, "{r}");
    let r = app.page(WAREHOUSES, 10, 0, json!({"start_time": start})).await;
    assert_eq!((status(&r), message(&r)), (100, "参数中必须包含起止时间: start_time, end_time".into()));
    // An app limited to WH02 sees WH02 only, even when it names WH01; another seller its own.
    let r = app.call_as(&S1_WH02_ONLY, WAREHOUSES, Some((10, 0, true)), &json!([{}])).await;
    assert_eq!(r["data"]["total_count"], 1);
    assert_eq!(r["data"]["details"][0]["warehouse_no"], "WH02");
    let r = app.call_as(&S1_WH02_ONLY, WAREHOUSES, Some((10, 0, true)), &json!([{"warehouse_no": "WH01"}])).await;
    assert_eq!(r["data"]["total_count"], 0);
    let r = app.call_as(&S2, WAREHOUSES, Some((10, 0, true)), &json!([{}])).await;
    assert_eq!(r["data"]["details"][0]["name"], "别家主仓");
    assert_eq!(r["data"]["total_count"], 1);

    // Enterprise.
    let r = app.ent("warehouse_query.php", &[]).await;
    assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(2)), "{r}");
    let w = &r["warehouses"][0];
    assert_eq!(
        (w["warehouse_no"].as_str(), w["name"].as_str(), w["warehouse_type"].as_i64(), w["is_disabled"].as_str(), w["is_defect"].as_i64()),
        (Some("WH01"), Some("主仓"), Some(1), Some("0"), Some(0))
    );
    assert_eq!(w["modified"].as_str().unwrap().len(), 19);
    let r = app.ent("warehouse_query.php", &[("warehouse_no", "WH02".into()), ("type", "0".into())]).await;
    assert_eq!(r["total_count"], 1);
    let r = app.ent("warehouse_query.php", &[("page_no", "1".into()), ("page_size", "1".into())]).await;
    assert_eq!((r["total_count"].clone(), r["warehouses"][0]["warehouse_no"].clone()), (Value::Null, json!("WH02")));
    let r = app.ent("warehouse_query.php", &[("page_size", "0".into())]).await;
    assert_eq!(code(&r), 1002, "{r}");
    let r = app.ent_as(&S1_WH02_ONLY, "warehouse_query.php", &[]).await;
    assert_eq!((r["total_count"].as_i64(), r["warehouses"][0]["warehouse_no"].as_str()), (Some(1), Some("WH02")));
}
}

dual_test! {
async fn positions_show_where_specs_are_kept_and_the_default_ones() {
    let app = TestApp::spawn().await;
    let rows = |r: &Value| -> Vec<(String, String, bool, String)> {
        r["data"]["detail_list"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|d| {
                (
                    d["warehouse_no"].as_str().unwrap().to_string(),
                    d["position_no"].as_str().unwrap().to_string(),
                    d["defect"].as_bool().unwrap(),
                    d["stock_num"].to_string(),
                )
            })
            .collect()
    };
    let s = |w: &str, p: &str, d: bool, n: &str| (w.to_string(), p.to_string(), d, n.to_string());
    // M is kept at two positions of WH01 (over its batches).
    let r = app.page(POSITIONS, 10, 0, json!({"warehouse_no": "WH01", "spec_no": "M"})).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(rows(&r), [s("WH01", "A-02", false, "3.0000"), s("WH01", "B-01", false, "6.0000")]);
    assert_eq!(r["data"]["total_count"], 2);
    let d = &r["data"]["detail_list"][0];
    assert_eq!((d["goods_no"].as_str(), d["goods_name"].as_str()), (Some("G2"), Some("牛奶")));
    assert!(d["rec_id"].as_i64().unwrap() > 0 && d["position_id"].as_i64().unwrap() > 0);
    // A: normal and defect stock at WH01's default position.
    let r = app.page(POSITIONS, 10, 0, json!({"warehouse_no": "WH01", "spec_no": "A"})).await;
    assert_eq!(rows(&r), [s("WH01", "A-01", false, "10.0000"), s("WH01", "A-01", true, "2.5000")]);
    assert_eq!(r["data"]["detail_list"][0]["barcode"], "690001");
    // B has no stock in WH01: the default position, where its stock would go.
    let r = app.page(POSITIONS, 10, 0, json!({"warehouse_no": "WH01", "spec_no": "B"})).await;
    assert_eq!(rows(&r), [s("WH01", "A-01", false, "0.0000")]);
    assert_eq!(r["data"]["detail_list"][0]["rec_id"], 0);
    // WH02 has no positions of its own: its default is ZANCUN.
    let r = app.page(POSITIONS, 10, 0, json!({"warehouse_no": "WH02", "spec_no": "B"})).await;
    assert_eq!(rows(&r), [s("WH02", "ZANCUN", false, "7.0000")]);

    // Without times warehouse_no and spec_no are required; times span 7 days at most.
    let r = app.page(POSITIONS, 10, 0, json!({"warehouse_no": "WH01"})).await;
    assert_eq!((status(&r), message(&r)), (100, "商家编码 spec_no 不能为空".into()));
    let r = app.page(POSITIONS, 10, 0, json!({"spec_no": "A"})).await;
    assert_eq!((status(&r), message(&r)), (100, "仓库编号 warehouse_no 不能为空".into()));
    let r = app
        .page(POSITIONS, 10, 0, json!({"start_time": "2025-01-01 00:00:00", "end_time": "2025-01-08 00:00:01"}))
        .await;
    assert_eq!((status(&r), message(&r)), (100, "您的查询时间过宽,查询时间不能大于7天".into()));
    let (start, end) = today();
    let r = app
        .page(POSITIONS, 10, 0, json!({"start_time": start, "end_time": end, "goods_no": "G2"}))
        .await;
    assert_eq!(rows(&r), [s("WH01", "A-02", false, "3.0000"), s("WH01", "B-01", false, "6.0000")]);
    // Only the warehouses the app may see.
    let r = app
        .call_as(&S1_WH02_ONLY, POSITIONS, Some((10, 0, true)), &json!([{"warehouse_no": "WH01", "spec_no": "A"}]))
        .await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(message(&r).contains("不存在或无权限"), "{r}");
    let r = app
        .call_as(&S1_WH02_ONLY, POSITIONS, Some((10, 0, true)), &json!([{"start_time": start, "end_time": end}]))
        .await;
    assert_eq!(rows(&r), [s("WH02", "ZANCUN", false, "7.0000")]);
}
}

dual_test! {
async fn providers_are_pushed_queried_and_used_by_purchase_orders() {
    let app = TestApp::spawn().await;
    let r = app
        .call(
            PROVIDER_PUSH,
            json!([{"provider_no": "P9", "provider_name": "新供应商", "contact": "lz", "mobile": "13800000000",
                    "arrive_cycle_days": 3, "is_disabled": 0, "shortname": "小王", "province": "110000",
                    "account_bank": "工行", "remark": "备注"}]),
        )
        .await;
    assert_eq!(r, json!({"status": 0, "data": {"status": 0, "message": "OK"}}));
    let r = app.page(PROVIDER_QUERY, 10, 0, json!({"provider_no": "P9"})).await;
    assert_eq!((status(&r), r["data"]["total_count"].as_i64()), (0, Some(1)), "{r}");
    let p = &r["data"]["details"][0];
    assert_eq!(
        (p["provider_name"].as_str(), p["contact"].as_str(), p["follower_name"].as_str(), p["province"].as_str()),
        (Some("新供应商"), Some("lz"), Some("小王"), Some("110000"))
    );
    assert_eq!((p["arrive_cycle_days"].as_i64(), p["is_disabled"].as_bool(), p["deleted"].as_i64()), (Some(3), Some(false), Some(0)));
    assert!(p["created"].as_i64().unwrap() > 0);
    assert!(p.get("last_purchase_time").is_none(), "never bought from: {p}");

    // Updated through the enterprise edition: what is left out is kept.
    let r = app
        .ent("purchase_provider_create.php", &[("provider_no", "P9".into()), ("mobile", "139".into()), ("min_purchase_num", "10.5".into()), ("purchase_cycle_days", "7".into())])
        .await;
    assert_eq!(code(&r), 0, "{r}");
    assert_eq!((r["provider_name"].as_str(), r["contact"].as_str(), r["mobile"].as_str()), (Some("新供应商"), Some("lz"), Some("139")));
    assert_eq!((r["is_disabled"].as_i64(), r["deleted"].as_i64()), (Some(0), Some(0)));
    let r = app
        .ent("purchase_provider_query.php", &[("provider_no", "P9".into()), ("column", "provider_no,mobile,min_purchase_num,purchase_cycle_days".into())])
        .await;
    assert_eq!(
        r["provider_list"][0],
        json!({"provider_no": "P9", "mobile": "139", "min_purchase_num": "10.5000", "purchase_cycle_days": 7}),
        "{r}"
    );
    assert_eq!(r["total_count"], 1);
    let r = app.ent("purchase_provider_query.php", &[]).await;
    assert_eq!(r["total_count"], 2, "{r}");
    assert_eq!(r["provider_list"][1]["remark"], "备注");

    // Created by the enterprise edition, used by a flagship purchase order at once.
    let r = app
        .ent("purchase_provider_create.php", &[("provider_no", "P10".into()), ("provider_name", "企业供应商".into()), ("last_purchase_time", "2025-01-02 03:04:05".into())])
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let r = app
        .call(
            "purchase.PurchaseOrder.createOrder",
            json!([{"provider_no": "P10", "receive_warehouse_nos": "WH01", "expect_warehouse_no": "WH01",
                    "purchaser_name": "张三", "purchase_details": [{"spec_no": "A", "num": 2}]}]),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let r = app
        .ent("purchase_order_push.php", &[("purchase_info", json!({"provider_no": "P9", "warehouse_no": "WH01", "outer_no": "SRM-P9", "details_list": [{"spec_no": "B", "num": "1"}]}).to_string())])
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let r = app.page(PROVIDER_QUERY, 10, 0, json!({"created_begin": today_date(), "created_end": today_date()})).await;
    assert_eq!(r["data"]["total_count"], 3, "the fixture's and both new ones: {r}");
    let p10 = r["data"]["details"].as_array().unwrap().iter().find(|p| p["provider_no"] == "P10").unwrap();
    assert!(p10["last_purchase_time"].as_i64().unwrap() > 1_735_700_000_000, "the order's time: {p10}");
    let r = app.page(PROVIDER_QUERY, 10, 0, json!({"created_end": "2020-01-01"})).await;
    assert_eq!(r["data"]["total_count"], 0);
    let r = app.page(PROVIDER_QUERY, 10, 0, json!({"created_begin": "2020/01/01"})).await;
    assert_eq!(status(&r), 100, "{r}");
    let r = app.page(PROVIDER_QUERY, 10, 0, json!({"description": "x"})).await;
    assert_eq!(r["data"]["total_count"], 0, "openwdt links no platform accounts");
    // Another seller sees none of them.
    let r = app.call_as(&S2, PROVIDER_QUERY, Some((10, 0, true)), &json!([{}])).await;
    assert_eq!(r["data"]["total_count"], 0, "{r}");
}
}

dual_test! {
async fn refused_provider_pushes_write_nothing() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let cases: Vec<(Value, &str)> = vec![
        (json!([{"provider_name": "x"}]), "provider_no 不能为空"),
        (json!([{"provider_no": "P9"}]), "provider_name 不能为空"),
        (json!([{"provider_no": "P".repeat(21), "provider_name": "x"}]), "provider_no 超长(最多20个字符)"),
        (json!([{"provider_no": "P9", "provider_name": "供应商一"}]), "provider_name 供应商一 已属于 P001"),
        (json!([{"provider_no": "P9", "provider_name": "x", "fax": "1".repeat(21)}]), "fax 超长(最多20个字符)"),
        (json!([{"provider_no": "P9", "provider_name": "x", "arrive_cycle_days": -1}]), "arrive_cycle_days 超出范围"),
        (json!([{"provider_no": "P001", "provider_name": ""}]), "provider_name 不能为空"),
    ];
    for (body, want) in cases {
        let r = app.call(PROVIDER_PUSH, body.clone()).await;
        assert_eq!(status(&r), 100, "{body}: {r}");
        assert!(message(&r).contains(want), "{body}: wanted {want:?} in {r}");
    }
    let r = app.call(PROVIDER_PUSH, json!([{"provider_no": "P9", "provider_name": "x", "is_disabled": "maybe"}])).await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(message(&r).contains("provider.is_disabled"), "{r}");

    let ent_cases: Vec<(Form, i64, &str)> = vec![
        (vec![("provider_name", "x".into())], 2000, "缺少必要参数【 provider_no 】"),
        (vec![("provider_no", "P9".into()), ("provider_name", "x".into()), ("min_purchase_num", "1.23456".into())], 2000, "【min_purchase_num】不是合法数字"),
        (vec![("provider_no", "P9".into()), ("provider_name", "x".into()), ("last_purchase_time", "2025/01/01".into())], 2000, "【last_purchase_time】不合法"),
        (vec![("provider_no", "P9".into()), ("provider_name", "x".into()), ("telno", "1".repeat(41))], 2000, "【telno】超长(最多40个字符)"),
        (vec![("provider_no", "P9".into()), ("provider_name", "供应商一".into())], 2000, "【provider_name】供应商一 已属于 P001"),
        (vec![("provider_no", "P9".into()), ("provider_name", "x".into()), ("arrive_cycle_days", "soon".into())], 1002, "arrive_cycle_days"),
    ];
    for (form, want_code, want) in ent_cases {
        let r = app.ent("purchase_provider_create.php", &form).await;
        assert_eq!(code(&r), want_code, "{form:?}: {r}");
        assert!(message(&r).contains(want), "{form:?}: wanted {want:?} in {r}");
    }
    assert_eq!(app.counts().await, before, "a refused push writes nothing");
    let r = app.page(PROVIDER_QUERY, 10, 0, json!({"provider_no": "P001"})).await;
    assert_eq!(r["data"]["details"][0]["provider_name"], "供应商一");
}
}

dual_test! {
async fn master_data_client_methods_work_against_the_server() {
    use openwdt_client::api::master::{enterprise as me, flagship as mf};
    use openwdt_client::api::flagship::Pager;
    use openwdt_client::{EnterpriseClient, FlagshipClient};
    let app = TestApp::spawn().await;
    let wdt = FlagshipClient::new(&app.base, S1.sid, S1.key, &format!("{}:{}", S1.secret, S1.salt)).unwrap();
    let ent = EnterpriseClient::new(&app.base, S1.sid, S1.key, S1.secret).unwrap();

    let goods = mf::GoodsInfo { goods_no: "C1".into(), goods_name: Some("客户端货".into()), ..Default::default() };
    let specs = [mf::SpecInfo { spec_no: "C1-1".into(), retail_price: Some("9.9".parse().unwrap()), ..Default::default() }];
    let id = wdt.goods_push(&goods, &specs).await.unwrap();
    let q = mf::GoodsQuery { goods_no: Some("C1".into()), ..Default::default() };
    let list = wdt.query_goods(&q, Pager::new(0, 10)).await.unwrap();
    assert_eq!((list.total_count, list.goods_list[0].goods_id), (1, id));
    assert_eq!(list.goods_list[0].spec_list[0].retail_price.to_string(), "9.9000");

    let push = me::GoodsPush {
        goods_list: vec![me::GoodsInfo {
            goods_no: "C2".into(),
            goods_name: Some("企业货".into()),
            spec_list: vec![me::SpecInfo { spec_no: "C2-1".into(), ..Default::default() }],
            ..Default::default()
        }],
    };
    ent.goods_push(&push).await.unwrap();
    let got = ent.goods_query(&me::GoodsQuery { spec_no: Some("C2-1".into()), ..Default::default() }).await.unwrap();
    assert_eq!((got.total_count, got.goods_list[0].goods_name.as_str()), (Some(1), "企业货"));

    let wh = wdt.query_warehouses(&mf::WarehouseQuery::default(), Pager::new(0, 10)).await.unwrap();
    assert_eq!(wh.total_count, 2);
    let wh = ent.warehouse_query(&me::WarehouseQuery::default()).await.unwrap();
    assert_eq!(wh.warehouses.len(), 2);
    let pos = wdt
        .search_positions(&mf::PositionSearch { warehouse_no: Some("WH01".into()), spec_no: Some("A".into()), ..Default::default() }, Pager::new(0, 10))
        .await
        .unwrap();
    assert_eq!((pos.total_count, pos.detail_list[0].position_no.as_str()), (2, "A-01"));

    let done = wdt
        .push_provider(&mf::ProviderInfo { provider_no: "CP1".into(), provider_name: Some("客户端供应商".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!((done.status, done.message.as_str()), (0, "OK"));
    let found = wdt
        .query_providers(&mf::ProviderQuery { provider_no: Some("CP1".into()), ..Default::default() }, Pager::new(0, 10))
        .await
        .unwrap();
    assert_eq!(found.details[0].provider_name, "客户端供应商");
    let created = ent
        .purchase_provider_create(&me::ProviderCreate { provider_no: "CP2".into(), provider_name: Some("企业供应商".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(created.answer.provider_no, "CP2");
    let found = ent
        .purchase_provider_query(&me::ProviderQuery { provider_no: Some("CP2".into()), column: vec!["provider_name".into()], ..Default::default() })
        .await
        .unwrap();
    assert_eq!(found.provider_list[0].provider_name.as_deref(), Some("企业供应商"));
    assert_eq!(found.provider_list[0].provider_no, None, "only the columns asked for");
}
}
