//! The enterprise wire protocol and its stock query.

use crate::common::*;
use serde_json::json;

fn s(v: &str) -> String {
    v.to_string()
}

dual_test! {
async fn stock_query_answers_normal_stock_per_warehouse_and_spec() {
    let app = TestApp::spawn().await;
    let r = app.ent("stock_query.php", &[("spec_no", s("A"))]).await;
    assert_eq!(
        (code(&r), r["message"].as_str()),
        (0, Some("success")),
        "{r}"
    );
    assert_eq!(
        r["total_count"], 1,
        "defect stock of A is not a row of this edition: {r}"
    );
    let row = &r["stocks"][0];
    assert_eq!(
        (
            row["spec_no"].as_str(),
            row["warehouse_no"].as_str(),
            row["stock_num"].as_str()
        ),
        (Some("A"), Some("WH01"), Some("10.0000"))
    );
    assert_eq!(
        (row["goods_no"].as_str(), row["warehouse_name"].as_str()),
        (Some("G1"), Some("主仓"))
    );

    // A flagship stocktake is visible here: one core, two editions.
    let pd = app
        .call(
            "wms.StockPd.stockSyncByPd",
            pd(
                json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
                json!([{"spec_no": "A", "remark": "", "new_num": "12.5", "defect": false}]),
            ),
        )
        .await;
    assert_eq!(status(&pd), 0);
    let r = app
        .ent(
            "stock_query.php",
            &[("spec_no", s("A")), ("warehouse_no", s("WH01"))],
        )
        .await;
    assert_eq!(r["stocks"][0]["stock_num"], "12.5000", "{r}");
    assert!(r["stocks"][0]["last_pd_time"].as_str().unwrap().len() == 19);
}
}

dual_test! {
async fn stock_query_pages_by_modification_time() {
    let app = TestApp::spawn().await;
    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let window = [
        ("start_time", format!("{day} 00:00:00")),
        ("end_time", format!("{day} 23:59:59")),
    ];
    let mut p = window.to_vec();
    p.push(("page_size", s("2")));
    let r = app.ent("stock_query.php", &p).await;
    assert_eq!(code(&r), 0, "{r}");
    assert_eq!(
        r["total_count"], 3,
        "A, M in WH01 and B in WH02 (normal stock): {r}"
    );
    assert_eq!(r["stocks"].as_array().unwrap().len(), 2);
    p.push(("page_no", s("1")));
    let r = app.ent("stock_query.php", &p).await;
    assert!(
        r.get("total_count").is_none(),
        "total_count on page 0 only: {r}"
    );
    assert_eq!(r["stocks"].as_array().unwrap().len(), 1);
    // k2 may see WH02 only.
    let r = app.ent_as(&S1_WH02_ONLY, "stock_query.php", &window).await;
    assert_eq!(r["total_count"], 1, "{r}");
    assert_eq!(r["stocks"][0]["warehouse_no"], "WH02");

    for (params, want, needle) in [
        (vec![], 1001, "start_time"),
        (
            vec![("start_time", format!("{day} 00:00:00"))],
            1001,
            "end_time",
        ),
        (
            vec![
                ("start_time", s("2025-01-01 00:00:00")),
                ("end_time", s("2025-03-01 00:00:00")),
            ],
            2000,
            "30",
        ),
        (
            vec![
                ("start_time", s("2025/01/01")),
                ("end_time", s("2025-01-02 00:00:00")),
            ],
            1002,
            "2025/01/01",
        ),
        (
            vec![("spec_no", s("A")), ("page_size", s("101"))],
            1002,
            "page_size",
        ),
        (
            vec![("spec_no", s("A")), ("page_no", s("-1"))],
            1002,
            "page_no",
        ),
        (
            vec![("spec_no", s("A")), ("warehouse_no", s("WH99"))],
            2000,
            "WH99",
        ),
    ] {
        let r = app.ent("stock_query.php", &params).await;
        assert_eq!(code(&r), want, "{params:?}: {r}");
        assert!(
            r["message"].as_str().unwrap().contains(needle),
            "{needle}: {r}"
        );
    }
}
}

dual_test! {
async fn signatures_count_characters_not_bytes() {
    let app = TestApp::spawn().await;
    // A Chinese and an emoji value: signed with character lengths they pass; with byte lengths they fail.
    let r = app
        .ent("stock_query.php", &[("spec_no", s("红色📦"))])
        .await;
    assert_eq!((code(&r), r["total_count"].as_i64()), (0, Some(0)), "{r}");
    let mut p: Vec<(&str, String)> = vec![
        ("sid", s("s1")),
        ("appkey", s("k1")),
        ("timestamp", chrono::Utc::now().timestamp().to_string()),
        ("spec_no", s("红色📦")),
    ];
    let mut sorted = p.clone();
    sorted.sort();
    let bytes_text: Vec<String> = sorted
        .iter()
        .map(|(k, v)| format!("{:02}-{}:{:04}-{}", k.len(), k, v.len(), v))
        .collect();
    use md5::Digest;
    p.push((
        "sign",
        format!(
            "{:x}",
            md5::Md5::digest(format!("{}sec1", bytes_text.join(";")).as_bytes())
        ),
    ));
    assert_eq!(code(&app.ent_raw("stock_query.php", &p).await), 1022);
}
}

dual_test! {
async fn system_parameter_failures_have_stable_codes() {
    let app = TestApp::spawn().await;
    let base = || -> Vec<(&'static str, String)> {
        vec![
            ("sid", s("s1")),
            ("appkey", s("k1")),
            ("timestamp", chrono::Utc::now().timestamp().to_string()),
            ("spec_no", s("A")),
        ]
    };
    let signed = |mut p: Vec<(&'static str, String)>, secret: &str| {
        let sign = enterprise_sign(&p, secret);
        p.push(("sign", sign));
        p
    };
    // Missing system parameters.
    for missing in ["sid", "appkey", "timestamp"] {
        let p: Vec<_> = base().into_iter().filter(|(k, _)| *k != missing).collect();
        let r = app.ent_raw("stock_query.php", &signed(p, "sec1")).await;
        assert_eq!(code(&r), 1001, "{missing}: {r}");
        assert!(r["message"].as_str().unwrap().contains(missing));
    }
    assert_eq!(
        code(&app.ent_raw("stock_query.php", &base()).await),
        1001,
        "no sign"
    );
    // Unknown seller, unknown app, wrong secret, tampered value.
    let mut p = base();
    p[0].1 = s("nobody");
    assert_eq!(
        code(&app.ent_raw("stock_query.php", &signed(p, "sec1")).await),
        1020
    );
    let mut p = base();
    p[1].1 = s("k9");
    assert_eq!(
        code(&app.ent_raw("stock_query.php", &signed(p, "sec1")).await),
        1021
    );
    let r = app
        .ent_raw("stock_query.php", &signed(base(), "wrong"))
        .await;
    assert_eq!(code(&r), 1022);
    assert!(!r["message"].as_str().unwrap().contains("sec1"));
    let mut p = signed(base(), "sec1");
    p[3].1 = s("B");
    assert_eq!(code(&app.ent_raw("stock_query.php", &p).await), 1022);
    // Timestamps more than 300 s away, either side.
    for skew in [-301, 301] {
        let mut p = base();
        p[2].1 = (chrono::Utc::now().timestamp() + skew).to_string();
        assert_eq!(
            code(&app.ent_raw("stock_query.php", &signed(p, "sec1")).await),
            1010,
            "{skew}"
        );
    }
    let mut p = base();
    p[2].1 = (chrono::Utc::now().timestamp() - 250).to_string();
    assert_eq!(
        code(&app.ent_raw("stock_query.php", &signed(p, "sec1")).await),
        0
    );
    // Unknown endpoint.
    let r = app
        .ent_raw("nothing_here.php", &signed(base(), "sec1"))
        .await;
    assert_eq!(code(&r), 1003);
    assert!(r["message"].as_str().unwrap().contains("nothing_here.php"));
    // Parameters in the query string are accepted and signed like form fields.
    let p = signed(base(), "sec1");
    let url =
        reqwest::Url::parse_with_params(&format!("{}/openapi2/stock_query.php", app.base), &p)
            .unwrap();
    let r: serde_json::Value = app
        .http
        .post(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(code(&r), 0, "{r}");
}
}

fn goods(lines: serde_json::Value) -> String {
    lines.to_string()
}

dual_test! {
async fn enterprise_stocktake_overwrites_normal_stock_once_per_api_outer_no() {
    let app = TestApp::spawn().await;
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &[
                ("warehouse_no", s("WH01")),
                ("api_outer_no", s("PD-1")),
                ("is_check", s("1")),
                (
                    "goods_list",
                    goods(json!([{"spec_no": "A", "stock_num": "7"}])),
                ),
            ],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let pd_no = r["pd_no"].as_str().unwrap().to_string();
    assert!(pd_no.starts_with("PD") && pd_no.len() == 14, "{pd_no}");
    assert_eq!(app.stock("WH01", "A", false).await, "7.0000");
    assert_eq!(
        app.stock("WH01", "A", true).await,
        "2.5000",
        "defect stock untouched"
    );
    let c = app.changes("A", false).await;
    assert!(c
        .iter()
        .any(|x| x["src_order_no"] == pd_no.as_str() && x["src_order_type"] == 4));

    // The same api_outer_no again: 2005 naming the stocktake it created.
    let before = app.counts().await;
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &[
                ("warehouse_no", s("WH01")),
                ("api_outer_no", s("PD-1")),
                ("is_check", s("1")),
                (
                    "goods_list",
                    goods(json!([{"spec_no": "A", "stock_num": "1"}])),
                ),
            ],
        )
        .await;
    assert_eq!(
        (code(&r), r["pd_no"].as_str()),
        (2005, Some(pd_no.as_str())),
        "{r}"
    );
    assert!(message(&r).contains("api_outer_no"));
    assert_eq!(app.counts().await, before);
    assert_eq!(app.stock("WH01", "A", false).await, "7.0000");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn enterprise_stocktake_strictness_and_stock_records() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let push =
        |outer: &'static str, extra: Vec<(&'static str, String)>, lines: serde_json::Value| {
            let mut p = vec![
                ("warehouse_no", s("WH01")),
                ("api_outer_no", s(outer)),
                ("is_check", s("1")),
                ("goods_list", goods(lines)),
            ];
            p.extend(extra);
            p
        };
    // Strict by default: an unknown spec and a spec without a stock record fail the whole order.
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &push("S-1", vec![], json!([{"spec_no": "A", "stock_num": "1"}, {"spec_no": "NOPE", "stock_num": "1"}, {"spec_no": "C", "stock_num": "3"}])),
        )
        .await;
    assert_eq!(code(&r), 2000, "{r}");
    let m = message(&r);
    assert!(
        m.contains("NOPE 不存在或已删除") && m.contains("C 在仓库 WH01 没有库存记录"),
        "{m}"
    );
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &push("S-1", vec![("is_post_error", s("2"))], json!([])),
        )
        .await;
    assert_eq!(code(&r), 1002, "{r}");
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &[("warehouse_no", s("WH01")), ("goods_list", s("[]"))],
        )
        .await;
    assert_eq!(
        (code(&r), message(&r)),
        (1001, "缺少必要参数【 api_outer_no 】".to_string())
    );
    assert_eq!(app.counts().await, before, "refusals write nothing");

    // Not strict: the good line applies, the failed ones are listed.
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &push("S-2", vec![("is_post_error", s("0"))], json!([{"spec_no": "A", "stock_num": "1"}, {"spec_no": "NOPE", "stock_num": "1"}, {"spec_no": "C", "stock_num": "3"}])),
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let errs: Vec<&str> = r["error_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["spec_no"].as_str().unwrap())
        .collect();
    assert_eq!(errs, ["NOPE", "C"], "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "1.0000");
    assert_eq!(app.stock("WH01", "C", false).await, "0.0000");
    // is_create_stock=1 adds the missing record.
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &push(
                "S-3",
                vec![("is_create_stock", s("1"))],
                json!([{"spec_no": "C", "stock_num": "3"}]),
            ),
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "C", false).await, "3.0000");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn enterprise_position_stocktake_and_a_pending_one_checked_later() {
    let app = TestApp::spawn().await;
    // M in WH01: 4 + 2 (batch B0) at B-01, 3 (batch B1) at A-02.
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &[
                ("warehouse_no", s("WH01")),
                ("api_outer_no", s("POS-1")),
                ("mode", s("1")),
                ("is_check", s("1")),
                (
                    "goods_list",
                    goods(json!([{"spec_no": "M", "position_no": "B-01", "stock_num": "1"}])),
                ),
            ],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    assert_eq!(
        app.stock("WH01", "M", false).await,
        "4.0000",
        "B-01 now 1, A-02 still 3"
    );
    let out: Vec<serde_json::Value> = app
        .changes("M", false)
        .await
        .into_iter()
        .filter(|c| c["type"] == 2)
        .collect();
    assert!(
        out.iter().all(|c| c["position_no"] == "B-01"),
        "only B-01 was counted: {out:?}"
    );
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &[
                ("warehouse_no", s("WH01")),
                ("api_outer_no", s("POS-2")),
                ("mode", s("1")),
                ("goods_list", goods(json!([{"spec_no": "M", "stock_num": "1"}, {"spec_no": "M", "position_no": "ZZ-9", "stock_num": "1"}]))),
            ],
        )
        .await;
    assert_eq!(code(&r), 2000);
    assert!(
        message(&r).contains("position_no 不能为空")
            && message(&r).contains("货位 ZZ-9 在仓库 WH01 中不存在"),
        "{r}"
    );

    // is_check=0: stored, counted, not applied.
    let r = app
        .ent(
            "stock_sync_by_pd.php",
            &[
                ("warehouse_no", s("WH01")),
                ("api_outer_no", s("LATER")),
                (
                    "goods_list",
                    goods(json!([{"spec_no": "A", "stock_num": "20"}])),
                ),
            ],
        )
        .await;
    assert_eq!(code(&r), 0, "{r}");
    let pd_no = r["pd_no"].as_str().unwrap().to_string();
    assert_eq!(app.stock("WH01", "A", false).await, "10.0000");
    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let q = app
        .page("wms.StockPd.queryStockPd", 10, 0, json!({"start_time": format!("{day} 00:00:00"), "end_time": format!("{day} 23:59:59"), "pd_no": pd_no}))
        .await;
    assert_eq!(q["data"]["pd_list"][0]["status"], 35, "{q}");
    // A flagship stocktake moves A meanwhile; the check overwrites what it finds then.
    let r = app
        .call(
            "wms.StockPd.stockSyncByPd",
            pd(
                json!({"warehouse_no": "WH01", "defect_mode": 1, "remark": ""}),
                json!([{"spec_no": "A", "remark": "", "new_num": "12"}]),
            ),
        )
        .await;
    assert_eq!(status(&r), 0);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_openwdt"))
        .args([
            "stocktake",
            "check",
            "--db",
            &app.db_url,
            "--sid",
            "s1",
            &pd_no,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(app.stock("WH01", "A", false).await, "20.0000");
    let d = app
        .page(
            "wms.StockPd.queryStockPdDetail",
            10,
            0,
            json!({"pd_no": pd_no}),
        )
        .await;
    assert_eq!(
        (
            d["data"][0]["old_num"].to_string(),
            d["data"][0]["new_num"].to_string()
        ),
        ("12.0000".into(), "20.0000".into()),
        "{d}"
    );
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_openwdt"))
        .args([
            "stocktake",
            "check",
            "--db",
            &app.db_url,
            "--sid",
            "s1",
            &pd_no,
        ])
        .output()
        .unwrap();
    assert!(!again.status.success(), "a stocktake is applied once");
    app.assert_ledger_sound().await;
}
}
