//! The enterprise wire protocol and its stock query.

mod common;
use common::*;
use serde_json::json;

fn s(v: &str) -> String {
    v.to_string()
}

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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
