//! `wms.StockPd.stockSyncByPd`: the stocktake that overwrites on-hand stock.

use crate::common;
use crate::common::*;
use serde_json::{json, Value};

const M: &str = "wms.StockPd.stockSyncByPd";

fn order(wh: &str, mode: i64) -> Value {
    json!({"warehouse_no": wh, "defect_mode": mode, "remark": "API TEST"})
}

fn line(spec: &str, num: Value, defect: bool) -> Value {
    json!({"spec_no": spec, "remark": "PD TEST", "new_num": num, "defect": defect})
}

fn today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y%m%d")
        .to_string()
}

dual_test! {
async fn overwrites_stock_and_answers_like_the_seed() {
    let app = TestApp::spawn().await;
    let r = app
        .call(
            M,
            pd(
                order("WH01", 0),
                json!([
                    line("A", json!("200.0000"), false),
                    line("B", json!(3.5), false)
                ]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let data = r["data"].as_object().unwrap();
    let pd_no = data["pd_no"].as_str().unwrap();
    assert_eq!(pd_no, format!("WP{}0001", today()));
    let (pd_id, ok) = data.iter().find(|(k, _)| *k != "pd_no").unwrap();
    assert!(pd_id.parse::<i64>().is_ok(), "key is the stocktake id: {r}");
    assert_eq!(ok, "ok");
    assert!(
        !data.contains_key("skip_spec_no"),
        "nothing skipped, no skip_spec_no: {r}"
    );
    assert_eq!(data.len(), 2);

    assert_eq!(app.stock("WH01", "A", false).await, "200.0000");
    assert_eq!(app.stock("WH01", "B", false).await, "3.5000");
    // Defect stock of A and other warehouses untouched.
    assert_eq!(app.stock("WH01", "A", true).await, "2.5000");
    assert_eq!(app.stock("WH02", "B", false).await, "7.0000");

    // The order and its details are queryable.
    let d = app
        .page(
            "wms.StockPd.queryStockPdDetail",
            10,
            0,
            json!({"pd_no": pd_no}),
        )
        .await;
    assert_eq!(d["total"], 2, "{d}");
    let rows = d["data"].as_array().unwrap();
    assert_eq!(rows[0]["spec_no"], "A");
    assert_eq!(rows[0]["old_num"].to_string(), "10.0000");
    assert_eq!(rows[0]["new_num"].to_string(), "200.0000");
    assert_eq!(rows[0]["pd_id"].to_string(), *pd_id);
    assert_eq!(rows[0]["remark"], "PD TEST");
    assert_eq!(rows[1]["old_num"].to_string(), "0.0000");
    assert_eq!(rows[1]["new_num"].to_string(), "3.5000");

    // The second stocktake of the day takes the next number.
    let r = app.call(M, pd(order("WH01", 0), json!([]))).await;
    assert_eq!(r["data"]["pd_no"], format!("WP{}0002", today()));
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn increases_post_into_the_default_position_and_decreases_take_earliest_expiry_first() {
    let app = TestApp::spawn().await;
    // M: 4 at B-01 (no batch), 3 at A-02 batch B1 (2026-12-01), 2 at B-01 batch B0 (2026-11-01).
    let r = app
        .call(
            M,
            pd(order("WH01", 0), json!([line("M", json!("3.5"), false)])),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "M", false).await, "3.5000");
    let ch: Vec<Value> = app
        .changes("M", false)
        .await
        .into_iter()
        .filter(|c| c["src_order_type"] == 4)
        .collect();
    let taken: Vec<(String, String, String)> = ch
        .iter()
        .map(|c| {
            (
                c["position_no"].as_str().unwrap().into(),
                c["batch_no"].as_str().unwrap().into(),
                c["num"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        taken,
        vec![
            ("B-01".into(), "B0".into(), "2.0000".into()),
            ("A-02".into(), "B1".into(), "3.0000".into()),
            ("B-01".into(), "".into(), "0.5000".into())
        ]
    );
    for c in &ch {
        assert_eq!(c["type"], 2);
        assert_eq!(c["src_order_no"], r["data"]["pd_no"]);
        assert!(c["stockio_no"].as_str().unwrap().starts_with("CK"), "{c}");
        assert_eq!(c["operator_name"], "k1");
    }
    // Running stock of the spec: 9 -> 7 -> 4 -> 3.5.
    let running: Vec<(String, String)> = ch
        .iter()
        .map(|c| {
            (
                c["stock_num_old"].to_string(),
                c["stock_num_new"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        running,
        vec![
            ("9.0000".into(), "7.0000".into()),
            ("7.0000".into(), "4.0000".into()),
            ("4.0000".into(), "3.5000".into())
        ]
    );

    // An increase lands in the default position (A-01), no batch.
    let r = app
        .call(
            M,
            pd(order("WH01", 0), json!([line("M", json!("10"), false)])),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    let last = app.changes("M", false).await.pop().unwrap();
    assert_eq!(
        (
            last["type"].as_i64(),
            last["position_no"].as_str(),
            last["batch_no"].as_str()
        ),
        (Some(1), Some("A-01"), Some(""))
    );
    assert_eq!(last["num"].to_string(), "6.5000");
    assert!(last["stockio_no"].as_str().unwrap().starts_with("RK"));
    assert_eq!(app.stock("WH01", "M", false).await, "10.0000");

    // Counting to zero empties every row; none goes below zero.
    let r = app
        .call(
            M,
            pd(order("WH01", 0), json!([line("M", json!("0"), false)])),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "M", false).await, "0.0000");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn defect_mode_decides_which_lines_count() {
    let app = TestApp::spawn().await;
    let lines = json!([line("A", json!("1"), false), line("A", json!("1"), true)]);
    // 1: normal only.
    let r = app.call(M, pd(order("WH01", 1), lines.clone())).await;
    assert_eq!(r["data"]["skip_spec_no"], "A", "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "1.0000");
    assert_eq!(app.stock("WH01", "A", true).await, "2.5000");
    // 2: defect only.
    let lines = json!([line("A", json!("5"), false), line("A", json!("0.5"), true)]);
    let r = app.call(M, pd(order("WH01", 2), lines.clone())).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "1.0000");
    assert_eq!(app.stock("WH01", "A", true).await, "0.5000");
    // 0: both, and the same spec with two defect flags is not a duplicate.
    let r = app.call(M, pd(order("WH01", 0), lines)).await;
    assert_eq!(status(&r), 0, "{r}");
    assert!(r["data"].get("skip_spec_no").is_none());
    assert_eq!(app.stock("WH01", "A", false).await, "5.0000");
    // Only mismatched lines: a completed, empty order.
    let r = app
        .call(
            M,
            pd(order("WH01", 1), json!([line("B", json!("9"), true)])),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(r["data"]["skip_spec_no"], "B");
    assert_eq!(app.stock("WH01", "B", true).await, "0.0000");
    // Defect stock shows in the change history only when asked for.
    assert!(app
        .changes("A", true)
        .await
        .iter()
        .any(|c| c["defect"] == true && c["src_order_type"] == 4));
    assert!(app
        .changes("A", false)
        .await
        .iter()
        .all(|c| c["defect"] == false));
    let bad = app.call(M, pd(order("WH01", 3), json!([]))).await;
    assert!(
        status(&bad) == 100 && message(&bad).contains("defect_mode") && message(&bad).contains('3'),
        "{bad}"
    );
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn unknown_and_deleted_specs_are_skipped_unless_strict() {
    let app = TestApp::spawn().await;
    let lines = json!([
        line("NOPE", json!("1"), false),
        line("A", json!("4"), false),
        line("DEL", json!("1"), false),
        line("NOPE", json!("2"), true)
    ]);
    let r = app.call(M, pd(order("WH01", 0), lines.clone())).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(
        r["data"]["skip_spec_no"], "NOPE,DEL",
        "input order, each once: {r}"
    );
    assert_eq!(app.stock("WH01", "A", false).await, "4.0000");

    let before = app.counts().await;
    for strict in [json!(true), json!(1), json!("1"), json!("true")] {
        let mut o = order("WH01", 0);
        o["is_post_error"] = strict.clone();
        let r = app.call(M, pd(o, lines.clone())).await;
        assert_eq!(status(&r), 100, "{strict}: {r}");
        assert!(
            message(&r).contains("NOPE") && message(&r).contains("DEL"),
            "names every unknown spec: {r}"
        );
    }
    assert_eq!(
        app.counts().await,
        before,
        "a refused stocktake writes nothing"
    );
    assert_eq!(app.stock("WH01", "A", false).await, "4.0000");

    // Every line unknown or deleted.
    let r = app
        .call(
            M,
            pd(
                order("WH01", 0),
                json!([
                    line("NOPE", json!("1"), false),
                    line("DEL", json!("1"), false)
                ]),
            ),
        )
        .await;
    assert_eq!(
        (status(&r), message(&r)),
        (100, "商家编码全不存在或都已删除".to_string()),
        "{r}"
    );
    assert_eq!(app.counts().await, before);
    // Strict false in its other spellings skips again.
    for lax in [json!(false), json!(0), json!("0")] {
        let mut o = order("WH01", 0);
        o["is_post_error"] = lax;
        assert_eq!(status(&app.call(M, pd(o, lines.clone())).await), 0);
    }
}
}

dual_test! {
async fn an_empty_spec_list_creates_an_empty_completed_order() {
    let app = TestApp::spawn().await;
    let r = app.call(M, pd(order("WH01", 0), json!([]))).await;
    assert_eq!(status(&r), 0, "{r}");
    let pd_no = r["data"]["pd_no"].as_str().unwrap().to_string();
    let d = app
        .page(
            "wms.StockPd.queryStockPdDetail",
            10,
            0,
            json!({"pd_no": pd_no}),
        )
        .await;
    assert_eq!(d["total"], 0);
    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let q = app.page("wms.StockPd.queryStockPd", 10, 0, json!({"start_time": format!("{day} 00:00:00"), "end_time": format!("{day} 23:59:59"), "pd_no": pd_no})).await;
    let o = &q["data"]["pd_list"][0];
    assert_eq!(
        (
            o["status"].as_i64(),
            o["mode"].as_i64(),
            o["creator_no"].as_str()
        ),
        (Some(40), Some(0), Some("k1")),
        "{q}"
    );
    assert_eq!(o["remark"], "API TEST");
}
}

dual_test! {
async fn duplicate_lines_fail_the_whole_request() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let r = app
        .call(
            M,
            pd(
                order("WH01", 0),
                json!([
                    line("B", json!("1"), false),
                    line("A", json!("1"), false),
                    line("A", json!("2"), false),
                    line("A", json!("3"), false)
                ]),
            ),
        )
        .await;
    assert_eq!(status(&r), 100, "{r}");
    assert_eq!(message(&r), "货品 A 重复!");
    assert_eq!(app.counts().await, before);
    assert_eq!(app.stock("WH01", "B", false).await, "0.0000");
    // Duplicates among lines the mode does not count do not matter.
    let r = app
        .call(
            M,
            pd(
                order("WH01", 1),
                json!([line("A", json!("1"), true), line("A", json!("2"), true)]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
}
}

dual_test! {
async fn quantities_must_be_plain_non_negative_decimals() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let bad: Vec<Value> = vec![
        json!("-1"),
        json!("1e3"),
        json!("NaN"),
        json!("1.00001"),
        json!("1234567890123456"),
        json!(""),
        json!(" 1"),
        json!("+1"),
        json!("Infinity"),
        json!("0x1"),
        serde_json::from_str("-1").unwrap(),
        serde_json::from_str("1e2").unwrap(),
        serde_json::from_str("2.00001").unwrap(),
    ];
    for v in bad {
        let r = app
            .call(
                M,
                pd(order("WH01", 0), json!([line("A", v.clone(), false)])),
            )
            .await;
        assert_eq!(status(&r), 100, "{v}: {r}");
        assert!(
            message(&r).contains("数量不合法") && message(&r).contains("A"),
            "{v}: {r}"
        );
    }
    assert_eq!(app.counts().await, before);
    // A number is taken exactly as written, never through a float.
    let r = app
        .call(
            M,
            pd(
                order("WH01", 0),
                json!([line(
                    "A",
                    serde_json::from_str("123456789012345.1234").unwrap(),
                    false
                )]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "123456789012345.1234");
    let r = app
        .call(
            M,
            pd(order("WH01", 0), json!([line("A", json!("0.0001"), false)])),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "0.0001");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn every_problem_is_reported_in_one_message() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let mut o = order("WH01", 0);
    o["is_post_error"] = json!(true);
    let long_spec = "X".repeat(41);
    let r = app
        .call(
            M,
            pd(
                o,
                json!([
                    line("A", json!("-5"), false),
                    line("NOPE", json!("1"), false),
                    line("B", json!("1"), false),
                    line("B", json!("1"), false),
                    line(&long_spec, json!("1"), false)
                ]),
            ),
        )
        .await;
    assert_eq!(status(&r), 100, "{r}");
    let m = message(&r);
    for part in [
        "数量不合法",
        "货品 B 重复!",
        "NOPE",
        &long_spec,
        "spec_no 超长",
    ] {
        assert!(m.contains(part), "missing {part:?} in {m}");
    }
    assert_eq!(app.counts().await, before);
}
}

dual_test! {
async fn length_limits_of_the_document_are_enforced() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let cases = vec![
        (
            json!({"warehouse_no": "W".repeat(41), "defect_mode": 0, "remark": ""}),
            json!([]),
            "warehouse_no",
        ),
        (
            json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": "备".repeat(256)}),
            json!([]),
            "remark",
        ),
        (
            order("WH01", 0),
            json!([{"spec_no": "A", "remark": "r".repeat(256), "new_num": "1", "defect": false}]),
            "remark",
        ),
        (
            order("WH01", 0),
            json!([{"spec_no": "", "remark": "", "new_num": "1", "defect": false}]),
            "spec_no",
        ),
        (
            order("WH01", 0),
            json!([{"spec_no": "A", "remark": ""}]),
            "数量不合法",
        ),
    ];
    for (o, lines, needle) in cases {
        let r = app.call(M, pd(o, lines)).await;
        assert_eq!(status(&r), 100, "{r}");
        assert!(message(&r).contains(needle), "{needle}: {r}");
        assert!(
            message(&r).chars().count() < 400,
            "long values are shortened: {r}"
        );
    }
    // 255 characters (Chinese counts as one each) is fine.
    let r = app
        .call(
            M,
            pd(
                json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": "备".repeat(255)}),
                json!([]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    // Required header fields.
    for missing in ["warehouse_no", "defect_mode", "remark"] {
        let mut o = order("WH01", 0);
        o.as_object_mut().unwrap().remove(missing);
        let r = app.call(M, pd(o, json!([]))).await;
        assert!(
            status(&r) == 100 && message(&r).contains(missing),
            "{missing}: {r}"
        );
    }
    let after: Vec<_> = app
        .counts()
        .await
        .into_iter()
        .filter(|(t, _)| *t != "document" && *t != "doc_seq")
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(t, _)| *t != "document" && *t != "doc_seq")
        .collect();
    assert_eq!(after, before);
}
}

dual_test! {
async fn warehouses_must_exist_for_the_seller_and_be_permitted() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let r = app
        .call(
            M,
            pd(order("WH99", 0), json!([line("A", json!("1"), false)])),
        )
        .await;
    assert_eq!(
        (status(&r), message(&r)),
        (100, "仓库编号为 WH99 的仓库不存在或无权限".to_string()),
        "{r}"
    );
    // k2 may use WH02 only.
    let r = app
        .call_as(
            &S1_WH02_ONLY,
            M,
            None,
            &pd(order("WH01", 0), json!([line("A", json!("1"), false)])),
        )
        .await;
    assert_eq!(
        (status(&r), message(&r)),
        (100, "仓库编号为 WH01 的仓库不存在或无权限".to_string()),
        "{r}"
    );
    assert_eq!(app.counts().await, before);
    let r = app
        .call_as(
            &S1_WH02_ONLY,
            M,
            None,
            &pd(order("WH02", 0), json!([line("B", json!("1"), false)])),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH02", "B", false).await, "1.0000");
    // k2 sees only its warehouse's stock.
    let r = app
        .call_as(
            &S1_WH02_ONLY,
            "wms.StockSpec.search",
            Some((100, 0, true)),
            &json!([{"spec_nos": ["A", "B"]}]),
        )
        .await;
    assert!(
        r["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["warehouse_no"] == "WH02"),
        "{r}"
    );
}
}

dual_test! {
async fn sellers_are_isolated() {
    let app = TestApp::spawn().await;
    // s2 has its own WH01 and spec A; its stocktake does not touch s1's.
    let r = app
        .call_as(
            &S2,
            M,
            None,
            &pd(
                order("WH01", 0),
                json!([line("A", json!("77"), false), line("B", json!("1"), false)]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(
        r["data"]["skip_spec_no"], "B",
        "s1's spec B is unknown to s2: {r}"
    );
    assert_eq!(
        r["data"]["pd_no"],
        format!("WP{}0001", today()),
        "numbering is per seller"
    );
    assert_eq!(app.stock_as(&S2, "WH01", "A", false).await, "77.0000");
    assert_eq!(app.stock("WH01", "A", false).await, "10.0000");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn a_hundred_thousand_line_stocktake_succeeds() {
    let n = 100_000;
    let mut fx = String::from(common::FIXTURE);
    fx.push_str("\n[[seller]]\nsid = \"big\"\nname = \"大店\"\n  [[seller.app]]\n  key = \"k\"\n  secret = \"s\"\n  salt = \"t\"\n");
    fx.push_str("  [[seller.warehouse]]\n  warehouse_no = \"W\"\n  name = \"仓\"\n  [[seller.goods]]\n  goods_no = \"G\"\n  goods_name = \"货\"\n");
    for i in 0..n {
        fx.push_str(&format!(
            "    [[seller.goods.spec]]\n    spec_no = \"S{i:06}\"\n"
        ));
    }
    let app = TestApp::spawn_with(&fx, openwdt_server::Config::default()).await;
    let big = Creds {
        sid: "big",
        key: "k",
        secret: "s",
        salt: "t",
    };
    let lines: Vec<Value> = (0..n).map(|i| json!({"spec_no": format!("S{i:06}"), "remark": "", "new_num": format!("{}.5", i % 7), "defect": false})).collect();
    let started = std::time::Instant::now();
    let r = app
        .call_as(
            &big,
            M,
            None,
            &pd(
                json!({"warehouse_no": "W", "defect_mode": 0, "remark": ""}),
                json!(lines),
            ),
        )
        .await;
    eprintln!("100k-line stocktake answered in {:?}", started.elapsed());
    assert_eq!(
        status(&r),
        0,
        "{}",
        &r.to_string()[..r.to_string().len().min(300)]
    );
    assert!(r["data"].get("skip_spec_no").is_none());
    assert_eq!(app.stock_as(&big, "W", "S000006", false).await, "6.5000");
    assert_eq!(
        app.stock_as(&big, "W", "S099999", false).await,
        format!("{}.5000", 99_999 % 7)
    );
    let pd_no = r["data"]["pd_no"].as_str().unwrap();
    let d = app
        .call_as(
            &big,
            "wms.StockPd.queryStockPdDetail",
            Some((1, 0, true)),
            &json!([{"pd_no": pd_no}]),
        )
        .await;
    assert_eq!(d["total"], n);
    app.assert_ledger_sound().await;
}
}

// 16 clients × 10 stocktakes of one spec at once: every stocktake sees the stock the previous
// one left (no lost update), numbers are unique, and the ledger balances.
dual_test! {
async fn concurrent_stocktakes_of_one_spec_chain_without_lost_updates() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let mut tasks = Vec::new();
    for client in 0..16 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut nos = Vec::new();
            for i in 0..10 {
                let n = format!("{}.{:04}", client * 10 + i, client);
                let r = app
                    .call(M, pd(order("WH01", 0), json!([line("M", json!(n), false)])))
                    .await;
                assert_eq!(status(&r), 0, "{r}");
                nos.push(r["data"]["pd_no"].as_str().unwrap().to_string());
            }
            nos
        }));
    }
    let mut nos = Vec::new();
    for t in tasks {
        nos.extend(t.await.unwrap());
    }
    let mut unique = nos.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 160, "document numbers are unique");
    // In number order, each stocktake's old_num is the previous one's new_num.
    let d = app
        .page("wms.StockPd.queryStockPdDetail", 1000, 0, json!({}))
        .await;
    let rows = d["data"].as_array().unwrap();
    assert_eq!(rows.len(), 160);
    let mut prev = "9.0000".to_string();
    for row in rows {
        assert_eq!(row["old_num"].to_string(), prev, "a lost update at {row}");
        prev = row["new_num"].to_string();
    }
    assert_eq!(app.stock("WH01", "M", false).await, prev);
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn a_refusal_words_the_first_hundred_problems_and_counts_the_rest() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let mut o = order("WH01", 0);
    o["is_post_error"] = json!(true);
    let lines: Vec<Value> = (0..150)
        .map(|i| line(&format!("NOPE{i:03}"), json!("1"), false))
        .collect();
    let r = app.call(M, pd(o, json!(lines))).await;
    assert_eq!(status(&r), 100, "{r}");
    let m = message(&r);
    assert!(m.contains("NOPE000") && m.contains("NOPE099"), "{m}");
    assert!(!m.contains("NOPE100"), "the 101st is counted, not worded: {m}");
    assert!(m.ends_with("…另有 50 个问题未列出"), "{m}");
    assert_eq!(app.counts().await, before);
}
}
