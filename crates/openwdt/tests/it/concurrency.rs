//! Stock-outs racing for the same stock, and retried pushes racing with the same outer number:
//! the stock never goes below zero, the acknowledged stock-outs never exceed it, and one outer
//! number makes one document.

use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::common::*;

/// A checked other stock-out of `num` of spec M from WH01 (9 in stock in the fixture, in three
/// rows), numbered by `outer_no`.
fn stockout(outer_no: &str, num: &str) -> Value {
    json!([{"outer_no": outer_no, "warehouse_no": "WH01", "is_check": 1,
            "goods_list": [{"spec_no": "M", "num": num}]}])
}

const STOCK_M: i64 = 9;
const CLIENTS: usize = 32;

/// 32 clients each take 1, 2 or 3 of M at once through the servers at `bases` (round robin):
/// the ones acknowledged add up to at most the stock, every other one is refused for its
/// shortfall, and what is left is the stock less what was acknowledged.
async fn race(http: &reqwest::Client, bases: &[String]) -> i64 {
    let mut calls = JoinSet::new();
    for i in 0..CLIENTS {
        let (http, base) = (http.clone(), bases[i % bases.len()].clone());
        let num = (i % 3 + 1) as i64;
        calls.spawn(async move {
            let body = stockout(&format!("RACE-{i}"), &num.to_string());
            let r = flagship_at(
                &http,
                &base,
                &S1,
                "wms.stockout.Other.createOther",
                None,
                &body,
            )
            .await;
            (num, r)
        });
    }
    let mut taken = 0;
    for (num, r) in calls.join_all().await {
        match status(&r) {
            0 => taken += num,
            100 => assert!(message(&r).contains("库存不足"), "{r}"),
            _ => panic!("neither done nor refused for stock: {r}"),
        }
    }
    assert!(taken <= STOCK_M, "acknowledged {taken} of {STOCK_M}");
    assert!(
        taken >= STOCK_M - 2,
        "stock was left that a refused client could take: {taken}"
    );
    taken
}

async fn negative_rows(app: &TestApp) -> i64 {
    let url = &app.db_url;
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stock_detail WHERE num < 0")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn racing_stock_outs_never_take_more_than_the_stock_on_sqlite() {
    sqlx::any::install_default_drivers();
    let app = TestApp::spawn().await;
    let taken = race(&app.http, std::slice::from_ref(&app.base)).await;
    let left = app.stock("WH01", "M", false).await;
    assert_eq!(left.parse::<f64>().unwrap() as i64, STOCK_M - taken);
    assert_eq!(negative_rows(&app).await, 0);
    app.assert_ledger_sound().await;
}

/// Two server processes on one PostgreSQL database: their writers take turns across processes.
#[tokio::test]
async fn racing_stock_outs_across_two_servers_never_take_more_than_the_stock_on_postgres() {
    let Some(admin) = postgres_or_skip(module_path!()) else {
        return;
    };
    sqlx::any::install_default_drivers();
    let app = with_backend_app(Some(admin)).await;
    let (mut a, base_a) = spawn_server(&["--db", &app.db_url]);
    let (mut b, base_b) = spawn_server(&["--db", &app.db_url]);
    let taken = race(&app.http, &[base_a, base_b]).await;
    let _ = (a.kill(), b.kill(), a.wait(), b.wait());
    let left = app.stock("WH01", "M", false).await;
    assert_eq!(left.parse::<f64>().unwrap() as i64, STOCK_M - taken);
    assert_eq!(negative_rows(&app).await, 0);
    app.assert_ledger_sound().await;
}

dual_test!(
    async fn sixteen_racing_pushes_of_one_outer_number_make_one_document() {
        let app = TestApp::spawn().await;
        let before = app.counts().await;
        let mut calls = JoinSet::new();
        for _ in 0..16 {
            let (http, base) = (app.http.clone(), app.base.clone());
            calls.spawn(async move {
                let body = stockout("SAME-1", "1");
                flagship_at(
                    &http,
                    &base,
                    &S1,
                    "wms.stockout.Other.createOther",
                    None,
                    &body,
                )
                .await
            });
        }
        let answers = calls.join_all().await;
        let done: Vec<&Value> = answers.iter().filter(|r| status(r) == 0).collect();
        assert_eq!(done.len(), 1, "{answers:?}");
        for r in answers.iter().filter(|r| status(r) != 0) {
            assert_eq!(status(r), 100, "{r}");
            assert!(message(r).contains("外部单号重复"), "{r}");
        }
        assert_eq!(app.stock("WH01", "M", false).await, "8.0000");

        let info = json!({"outer_no": "SAME-2", "warehouse_no": "WH01", "is_check": 1,
                          "detail_list": [{"spec_no": "M", "num": "1"}]})
        .to_string();
        let mut calls = JoinSet::new();
        for _ in 0..16 {
            let (http, base, info) = (app.http.clone(), app.base.clone(), info.clone());
            calls.spawn(async move {
                let business = [("stockout_info", info)];
                enterprise_at(&http, &base, &S1, "stockout_order_push.php", &business).await
            });
        }
        let answers = calls.join_all().await;
        let done: Vec<&Value> = answers.iter().filter(|r| code(r) == 0).collect();
        assert_eq!(done.len(), 1, "{answers:?}");
        let number = done[0]["stockout_no"].as_str().unwrap().to_string();
        for r in answers.iter().filter(|r| code(r) != 0) {
            assert_eq!(code(r), 2005, "{r}");
            assert_eq!(r["stockout_no"], number.as_str(), "{r}");
        }
        assert_eq!(app.stock("WH01", "M", false).await, "7.0000");
        let after = app.counts().await;
        let docs = |c: &[(&str, i64)]| c.iter().find(|(t, _)| *t == "document").unwrap().1;
        assert!(docs(&after) - docs(&before) >= 2);
        app.assert_ledger_sound().await;
    }
);
