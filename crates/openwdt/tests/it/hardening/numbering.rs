//! No caller-chosen number can jam another's automatic numbering.

use serde_json::{json, Value};

use crate::common::*;

fn today_yymmdd() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%y%m%d")
        .to_string()
}

async fn flagship_po(app: &TestApp, purchase_no: Option<&str>) -> Value {
    let mut params = json!({"provider_no": "P001", "expect_warehouse_no": "WH01", "receive_warehouse_nos": "WH01",
        "purchaser_name": "x", "purchase_details": [{"spec_no": "A", "num": "1"}]});
    if let Some(no) = purchase_no {
        params["purchase_no"] = json!(no);
    }
    app.call("purchase.PurchaseOrder.createOrder", json!([params]))
        .await
}

async fn enterprise_po(app: &TestApp, outer_no: &str, use_outer_no: bool) -> Value {
    app.ent(
        "purchase_order_push.php",
        &[(
            "purchase_info",
            json!({"provider_no": "P001", "warehouse_no": "WH01", "outer_no": outer_no,
                   "is_use_outer_no": i64::from(use_outer_no), "details_list": [{"spec_no": "A", "num": "1"}]})
            .to_string(),
        )],
    )
    .await
}

dual_test!(
    async fn caller_chosen_numbers_are_skipped_by_automatic_ones() {
        let app = TestApp::spawn().await;
        let day = today_yymmdd();
        let n = |k: u32| format!("CG{day}{k:04}");
        // Take the next two automatic numbers by hand, on the flagship…
        for k in [1, 2] {
            let r = flagship_po(&app, Some(&n(k))).await;
            assert_eq!(r["data"]["message"], n(k), "{r}");
        }
        // …and the one after, as an enterprise outer_no used as the number.
        let r = enterprise_po(&app, &n(4), true).await;
        assert_eq!(r["purchase_no"], n(4), "{r}");
        // Automatic numbering goes round them on both editions, and keeps working.
        let r = enterprise_po(&app, "auto-1", false).await;
        assert_eq!(r["purchase_no"], n(3), "{r}");
        let r = flagship_po(&app, None).await;
        assert_eq!(r["data"]["message"], n(5), "{r}");
        let r = enterprise_po(&app, "auto-2", false).await;
        assert_eq!(r["purchase_no"], n(6), "{r}");

        // A caller-chosen number already taken (by hand or automatically) is a duplicate.
        let before = app.counts().await;
        for taken in [n(3), n(4)] {
            let r = flagship_po(&app, Some(&taken)).await;
            assert_eq!(status(&r), 100, "{r}");
            assert!(
                message(&r).contains(&taken) && message(&r).contains("已存在"),
                "{r}"
            );
        }
        let r = enterprise_po(&app, &n(5), true).await;
        assert_eq!(code(&r), 2000, "{r}");
        assert!(message(&r).contains("已存在"), "{r}");
        assert_eq!(
            app.counts().await,
            before,
            "a refused order wrote something"
        );
    }
);
