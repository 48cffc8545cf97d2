//! The flagship wire protocol: authentication, signatures, timestamps, versions, envelopes.

use crate::common::*;
use serde_json::json;

const METHOD: &str = "wms.StockPd.stockSyncByPd";

fn body() -> String {
    pd(
        json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
        json!([{"spec_no": "A", "remark": "", "new_num": "11", "defect": false}]),
    )
    .to_string()
}

/// Signs `params` with `secret` and sends them.
async fn send(
    app: &TestApp,
    secret: &str,
    mut params: Vec<(&'static str, String)>,
    body: &str,
) -> serde_json::Value {
    let sign = flagship_sign(secret, &params, body);
    params.push(("sign", sign));
    app.raw(&params, body).await
}

fn set(p: &mut [(&'static str, String)], name: &str, v: &str) {
    p.iter_mut().find(|(k, _)| *k == name).unwrap().1 = v.to_string();
}

dual_test! {
async fn a_signed_request_succeeds_and_the_sign_is_case_insensitive() {
    let app = TestApp::spawn().await;
    let b = body();
    let mut p = TestApp::params(&S1, METHOD, None);
    let sign = flagship_sign(S1.secret, &p, &b).to_uppercase();
    p.push(("sign", sign));
    let r = app.raw(&p, &b).await;
    assert_eq!(status(&r), 0, "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "11.0000");
}
}

dual_test! {
async fn authentication_failures_are_status_1_and_write_nothing() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let b = body();

    let mut p = TestApp::params(&S1, METHOD, None);
    set(&mut p, "sid", "nobody");
    let r = send(&app, S1.secret, p, &b).await;
    assert_eq!(
        (status(&r), message(&r).contains("nobody")),
        (1, true),
        "{r}"
    );

    let mut p = TestApp::params(&S1, METHOD, None);
    set(&mut p, "key", "k9");
    let r = send(&app, S1.secret, p, &b).await;
    assert_eq!((status(&r), message(&r).contains("k9")), (1, true), "{r}");

    let mut p = TestApp::params(&S1, METHOD, None);
    set(&mut p, "salt", "wrong");
    let r = send(&app, S1.secret, p, &b).await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(
        !message(&r).contains("salt1") && !message(&r).contains("wrong"),
        "salts never echo: {r}"
    );

    // Signed with another secret.
    let r = send(
        &app,
        "not-the-secret",
        TestApp::params(&S1, METHOD, None),
        &b,
    )
    .await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(!message(&r).contains("sec1"), "secrets never echo: {r}");

    // The body changed after signing.
    let mut p = TestApp::params(&S1, METHOD, None);
    p.push(("sign", flagship_sign(S1.secret, &p, &b)));
    let r = app.raw(&p, &b.replace("\"11\"", "\"99\"")).await;
    assert_eq!(status(&r), 1, "{r}");

    // A query parameter added after signing (it takes part in the signature).
    let mut p = TestApp::params(&S1, METHOD, None);
    p.push(("sign", flagship_sign(S1.secret, &p, &b)));
    p.push(("extra", "1".into()));
    let r = app.raw(&p, &b).await;
    assert_eq!(status(&r), 1, "{r}");

    // Another seller's app key with this seller's sid.
    let r = send(
        &app,
        S2.secret,
        TestApp::params(&Creds { sid: "s1", ..S2 }, METHOD, None),
        &b,
    )
    .await;
    assert_eq!(status(&r), 1, "{r}");

    assert_eq!(app.counts().await, before);
    assert_eq!(app.stock("WH01", "A", false).await, "10.0000");
}
}

dual_test! {
async fn timestamps_outside_120_seconds_are_status_7() {
    let app = TestApp::spawn().await;
    let b = body();
    for skew in [-200, 200] {
        let mut p = TestApp::params(&S1, METHOD, None);
        set(&mut p, "timestamp", &(now_ts() + skew).to_string());
        let r = send(&app, S1.secret, p, &b).await;
        assert_eq!(status(&r), 7, "{r}");
    }
    // Unix seconds instead of the 2012 epoch are far in the future.
    let mut p = TestApp::params(&S1, METHOD, None);
    set(
        &mut p,
        "timestamp",
        &chrono::Utc::now().timestamp().to_string(),
    );
    assert_eq!(status(&send(&app, S1.secret, p, &b).await), 7);
    // Within the window either way.
    for skew in [-100, 100] {
        let mut p = TestApp::params(&S1, METHOD, None);
        set(&mut p, "timestamp", &(now_ts() + skew).to_string());
        assert_eq!(status(&send(&app, S1.secret, p, &b).await), 0);
    }
    let mut p = TestApp::params(&S1, METHOD, None);
    set(&mut p, "timestamp", "1665947116495x");
    let r = send(&app, S1.secret, p, &b).await;
    assert_eq!(status(&r), 1, "{r}");
    assert!(message(&r).contains("1665947116495x"), "{r}");
}
}

dual_test! {
async fn versions_other_than_1_0_are_status_8() {
    let app = TestApp::spawn().await;
    let mut p = TestApp::params(&S1, METHOD, None);
    set(&mut p, "v", "2.0");
    let r = send(&app, S1.secret, p, &body()).await;
    assert_eq!(status(&r), 8, "{r}");
    assert!(message(&r).contains("2.0"));
}
}

dual_test! {
async fn missing_system_parameters_are_named() {
    let app = TestApp::spawn().await;
    for missing in ["sid", "key", "salt", "method", "v", "timestamp"] {
        let p: Vec<_> = TestApp::params(&S1, METHOD, None)
            .into_iter()
            .filter(|(k, _)| *k != missing)
            .collect();
        let r = send(&app, S1.secret, p, &body()).await;
        assert_eq!(status(&r), 1, "{r}");
        assert!(message(&r).contains(missing), "{missing}: {r}");
    }
    let r = app.raw(&TestApp::params(&S1, METHOD, None), &body()).await;
    assert!(status(&r) == 1 && message(&r).contains("sign"), "{r}");
}
}

dual_test! {
async fn unknown_methods_and_malformed_bodies_are_status_1() {
    let app = TestApp::spawn().await;
    let before = app.counts().await;
    let r = send(
        &app,
        S1.secret,
        TestApp::params(&S1, "wms.Nope.nothing", None),
        "[]",
    )
    .await;
    assert!(
        status(&r) == 1 && message(&r).contains("wms.Nope.nothing"),
        "{r}"
    );

    for bad in [
        "{\"warehouse_no\":\"WH01\"}",
        "not json",
        "",
        "[{\"warehouse_no\":\"WH01\"}",
    ] {
        let r = send(&app, S1.secret, TestApp::params(&S1, METHOD, None), bad).await;
        assert_eq!(status(&r), 1, "{bad}: {r}");
    }
    // Wrong argument count.
    let r = send(
        &app,
        S1.secret,
        TestApp::params(&S1, METHOD, None),
        "[{\"warehouse_no\":\"WH01\",\"defect_mode\":0,\"remark\":\"\"}]",
    )
    .await;
    assert!(
        status(&r) == 1 && message(&r).contains("invalid argument count"),
        "{r}"
    );
    // Wrong argument types name the field.
    let cases = [
        (json!(["x", []]), "pdOrder"),
        (
            json!([{"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}, {}]),
            "specList",
        ),
        (
            json!([{"warehouse_no": "WH01", "defect_mode": "zero", "remark": ""}, []]),
            "defect_mode",
        ),
        (
            json!([{"warehouse_no": ["WH01"], "defect_mode": 0, "remark": ""}, []]),
            "warehouse_no",
        ),
        (
            json!([{"warehouse_no": "WH01", "defect_mode": 0, "remark": "", "is_post_error": "yes"}, []]),
            "is_post_error",
        ),
        (
            json!([{"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}, [{"spec_no": "A", "new_num": "1", "defect": "maybe"}]]),
            "specList[0].defect",
        ),
        (
            json!([{"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}, [{"spec_no": "A", "new_num": true}]]),
            "specList[0].new_num",
        ),
        (
            json!([{"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}, ["A"]]),
            "specList[0]",
        ),
    ];
    for (b, field) in cases {
        let r = send(
            &app,
            S1.secret,
            TestApp::params(&S1, METHOD, None),
            &b.to_string(),
        )
        .await;
        assert_eq!(status(&r), 1, "{b}: {r}");
        assert!(message(&r).contains(field), "{field}: {r}");
    }
    assert_eq!(app.counts().await, before);
}
}

dual_test! {
async fn paged_methods_require_paging() {
    let app = TestApp::spawn().await;
    let r = send(
        &app,
        S1.secret,
        TestApp::params(&S1, "wms.StockSpec.search", None),
        "[{\"spec_nos\":[\"A\"]}]",
    )
    .await;
    assert_eq!(status(&r), 100, "{r}");
    assert!(
        message(&r).contains("此方法仅支持分页查询：wms.StockSpec.search"),
        "{r}"
    );
    let r = send(
        &app,
        S1.secret,
        TestApp::params(&S1, "wms.StockSpec.search", Some((0, 0, false))),
        "[{\"spec_nos\":[\"A\"]}]",
    )
    .await;
    assert!(
        status(&r) == 100 && message(&r).contains("page_size"),
        "{r}"
    );
}
}

dual_test! {
async fn bodies_over_the_limit_are_refused() {
    let app = TestApp::spawn_with(FIXTURE, openwdt_server::Config { body_limit: 1024, ..Default::default() }).await;
    let before = app.counts().await;
    let lines: Vec<_> = (0..100)
        .map(|i| json!({"spec_no": format!("S{i}"), "remark": "", "new_num": "1", "defect": false}))
        .collect();
    let b = pd(
        json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
        json!(lines),
    )
    .to_string();
    assert!(b.len() > 1024);
    let r = send(&app, S1.secret, TestApp::params(&S1, METHOD, None), &b).await;
    assert!(status(&r) == 1 && message(&r).contains("1024"), "{r}");
    assert_eq!(app.counts().await, before);
    // Under the limit it still works.
    assert_eq!(
        status(&send(&app, S1.secret, TestApp::params(&S1, METHOD, None), &body()).await),
        0
    );
}
}

dual_test! {
async fn healthz_answers_once_the_database_is_open() {
    let app = TestApp::spawn().await;
    let r = app
        .http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
}
