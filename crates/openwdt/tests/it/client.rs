//! openwdt-client against a live server: every typed method of both editions, its
//! signatures against the test-only implementations written from the docs, and its retries
//! through a proxy that loses connections on purpose.

use crate::common::*;
use openwdt_client::api::{enterprise as ent, flagship as fs};
use openwdt_client::{Dec4, EnterpriseClient, Error, FlagshipClient, Options};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn flagship(base: &str) -> FlagshipClient {
    FlagshipClient::new(base, S1.sid, S1.key, &format!("{}:{}", S1.secret, S1.salt)).unwrap()
}

fn enterprise(base: &str) -> EnterpriseClient {
    EnterpriseClient::new(base, S1.sid, S1.key, S1.secret).unwrap()
}

fn d(s: &str) -> Dec4 {
    s.parse().unwrap()
}

/// Today in Shanghai, as a query window.
fn today() -> (String, String) {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y-%m-%d");
    (format!("{day} 00:00:00"), format!("{day} 23:59:59"))
}

dual_test! {
async fn every_flagship_typed_method_works_against_the_server() {
    let app = TestApp::spawn().await;
    let wdt = flagship(&app.base);
    let (start, end) = today();

    let search = fs::StockSearch { spec_nos: vec!["A".into()], warehouse_no: Some("WH01".into()), ..Default::default() };
    let before = wdt.stock_search(&search, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!(before.total, Some(2));
    let normal = before.data.iter().find(|s| s.defect == 0).unwrap();
    assert_eq!((normal.stock_num, normal.warehouse_no.as_str()), (d("10"), "WH01"));

    let order = fs::PdOrder { warehouse_no: "WH01".into(), defect_mode: Some(1), remark: Some("SDK 盘点".into()), ..Default::default() };
    let specs = [fs::PdSpec { spec_no: "A".into(), new_num: "25.5".parse().unwrap(), remark: "📦".into(), defect: false }];
    let pd = wdt.stock_sync_by_pd(&order, &specs).await.unwrap();
    assert!(pd.pd_no.starts_with("WP"), "{pd:?}");
    assert_eq!(pd.ids.values().collect::<Vec<_>>(), ["ok"]);
    assert_eq!(pd.skip_spec_no, None);

    let after = wdt.stock_search(&search, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!(after.data.iter().find(|s| s.defect == 0).unwrap().stock_num, d("25.5"));

    let q = fs::StockPdQuery { start_time: Some(start.clone()), end_time: Some(end.clone()), warehouse_no: Some("WH01".into()), ..Default::default() };
    let pds = wdt.query_stock_pd(&q, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!(pds.total_count, 1);
    assert_eq!((pds.pd_list[0].pd_no.as_str(), pds.pd_list[0].status), (pd.pd_no.as_str(), 40));

    let detail = wdt
        .query_stock_pd_detail(&fs::StockPdDetailQuery { pd_no: Some(pd.pd_no.clone()) }, fs::Pager::new(0, 10))
        .await
        .unwrap();
    assert_eq!(detail.total, Some(1));
    assert_eq!((detail.data[0].old_num, detail.data[0].new_num), (d("10"), d("25.5")));
    assert_eq!(detail.data[0].remark, "📦");

    let ch = fs::ChangeHistoryQuery { start_date: Some(start.clone()), end_date: Some(end.clone()), spec_no: Some("A".into()), ..Default::default() };
    let changes = wdt.query_change_history(&ch, fs::Pager::new(0, 100)).await.unwrap();
    // The fixture's opening stock, then the stocktake.
    assert_eq!(changes.total_count, 2);
    let posting = changes.data.iter().find(|c| c.src_order_no == pd.pd_no).unwrap();
    assert_eq!((posting.num, posting.stock_num_old, posting.stock_num_new), (d("15.5"), d("10"), d("25.5")));
    assert_eq!((posting.io_type, posting.remark.as_str()), (1, "📦"));

    let new_po = fs::PurchaseOrderNew {
        provider_no: "P001".into(),
        expect_warehouse_no: "WH01".into(),
        receive_warehouse_nos: "WH01".into(),
        purchaser_name: "采购员".into(),
        is_check: Some(true),
        purchase_details: vec![fs::PurchaseOrderNewDetail { spec_no: "B".into(), num: "8".parse().unwrap(), price: Some("3.3333".parse().unwrap()), ..Default::default() }],
        ..Default::default()
    };
    let created = wdt.create_purchase_order(&new_po).await.unwrap();
    assert_eq!(created.status, 0);
    let po_no = created.message;
    assert!(po_no.starts_with("CG"), "{po_no}");

    let pq = fs::PurchaseOrderQuery { purchase_no: Some(po_no.clone()), ..Default::default() };
    let orders = wdt.query_purchase_orders(&pq, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!(orders.total_count, 1);
    let o = &orders.order[0];
    assert_eq!((o.status, o.warehouse_no.as_str(), o.detail_list.len()), (40, "WH01", 1));
    assert_eq!((o.detail_list[0].num, o.detail_list[0].price), (d("8"), d("3.3333")));

    let stockin = fs::StockinOrder { purchase_no: po_no.clone(), warehouse_no: "WH01".into(), create_mode: Some(2), ..Default::default() };
    let lines = [fs::StockinOrderDetail { spec_no: "B".into(), num: "3".parse().unwrap(), position_no: Some("A-01".into()), ..Default::default() }];
    let rk = wdt.upload_purchase_stockin(&stockin, &lines).await.unwrap();
    assert!(rk.starts_with("RK"), "{rk}");

    let sq = fs::PurchaseStockinQuery { start_time: Some(start), end_time: Some(end), purchase_no: Some(po_no.clone()), ..Default::default() };
    let stockins = wdt.query_purchase_stockins(&sq, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!(stockins.total_count, 1);
    let s = &stockins.order[0];
    assert_eq!((s.order_no.as_str(), s.status), (rk.as_str(), 80));
    assert!(s.check_time.is_some());
    assert_eq!((s.details_list[0].num, s.details_list[0].position_no.as_str()), (d("3"), "A-01"));
    assert_eq!(app.stock("WH01", "B", false).await, "3.0000");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn every_enterprise_typed_method_works_against_the_server() {
    let app = TestApp::spawn().await;
    let wdt = enterprise(&app.base);

    let sq = ent::StockQuery { spec_no: Some("A".into()), ..Default::default() };
    let stock = wdt.stock_query(&sq).await.unwrap();
    assert_eq!(stock.total_count, Some(1));
    assert_eq!((stock.stocks[0].warehouse_no.as_str(), stock.stocks[0].stock_num.0), ("WH01", d("10")));

    let po = ent::PurchaseOrderPush {
        purchase_info: Some(ent::PurchaseInfo {
            outer_no: "SRM-PO-1".into(),
            provider_no: "P001".into(),
            warehouse_no: "WH01".into(),
            is_check: Some(true),
            details_list: Some(vec![ent::PurchaseInfoDetail { spec_no: "C".into(), num: "5".parse().unwrap(), price: Some("10".parse().unwrap()), ..Default::default() }]),
            ..Default::default()
        }),
    };
    let pushed = wdt.purchase_order_push(&po).await.unwrap();
    assert!(!pushed.replayed);
    let po_no = pushed.answer.purchase_no;

    let pq = ent::PurchaseOrderQuery { outer_no: Some("SRM-PO-1".into()), ..Default::default() };
    let orders = wdt.purchase_order_query(&pq).await.unwrap();
    assert_eq!(orders.total_count, Some(1));
    let o = &orders.purchase_list[0];
    assert_eq!((o.purchase_no.as_str(), o.status, o.details_list[0].num.0), (po_no.as_str(), 40, d("5")));

    let push = ent::StockinPurchasePush {
        purchase_info: Some(ent::StockinPurchaseInfo {
            purchase_no: po_no.clone(),
            warehouse_no: "WH01".into(),
            outer_no: "SAP-GR-1".into(),
            is_check: Some(true),
            remark: Some("收货 📦".into()),
            details_list: Some(vec![ent::StockinPurchaseDetail { spec_no: "C".into(), stockin_num: "5".parse().unwrap(), ..Default::default() }]),
            ..Default::default()
        }),
    };
    let received = wdt.stockin_purchase_push(&push).await.unwrap();
    assert!(!received.replayed);
    let rk = received.answer.stockin_no;

    let q = ent::StockinOrderQueryPurchase { stockin_no: Some(rk.clone()), ..Default::default() };
    let found = wdt.stockin_order_query_purchase(&q).await.unwrap();
    assert_eq!(found.total_count, Some(1));
    let s = &found.stockin_list[0];
    assert_eq!((s.outer_no.as_str(), s.src_order_no.as_str(), s.remark.as_str()), ("SAP-GR-1", po_no.as_str(), "收货 📦"));
    assert_eq!(s.details_list[0].num.0, d("5"));

    let pd = ent::StockSyncByPd {
        warehouse_no: "WH01".into(),
        api_outer_no: "WMS-PD-1".into(),
        is_check: Some(true),
        goods_list: Some(vec![ent::PdGoods { spec_no: "C".into(), stock_num: "4.25".parse().unwrap(), ..Default::default() }]),
        ..Default::default()
    };
    let counted = wdt.stock_sync_by_pd(&pd).await.unwrap();
    assert!(counted.answer.pd_no.starts_with("PD") && counted.answer.error_list.is_none(), "{counted:?}");
    let c = wdt.stock_query(&ent::StockQuery { spec_no: Some("C".into()), ..Default::default() }).await.unwrap();
    assert_eq!(c.stocks[0].stock_num.0, d("4.25"));

    // A first push that reuses an outer number is the caller's mistake, not a replay.
    let counts = app.counts().await;
    let Err(Error::Api(dup)) = wdt.stockin_purchase_push(&push).await else { panic!("a duplicate must fail") };
    assert_eq!((dup.code, dup.existing_no.as_deref()), (2005, Some(rk.as_str())));
    assert_eq!(app.counts().await, counts);

    let mut bad = push.clone();
    bad.purchase_info.as_mut().unwrap().outer_no = "SAP-GR-2".into();
    bad.purchase_info.as_mut().unwrap().warehouse_no = "NOPE".into();
    let Err(Error::Api(e)) = wdt.stockin_purchase_push(&bad).await else { panic!("an unknown warehouse must fail") };
    assert_eq!(e.code, 2000);
    assert!(e.message.contains("NOPE"), "{}", e.message);
    assert_eq!(app.counts().await, counts);
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn the_transfer_methods_of_both_editions() {
    use openwdt_client::api::transfer::{enterprise as te, flagship as tf};
    let app = TestApp::spawn().await;
    let (fwdt, ewdt) = (flagship(&app.base), enterprise(&app.base));
    let push = te::StockTransferPush {
        transfer_info: Some(te::TransferInfo {
            outer_no: Some("SDK-TF-1".into()),
            from_warehouse_no: Some("WH01".into()),
            to_warehouse_no: Some("WH02".into()),
            transfer_type: Some(0),
            autocheck: Some(true),
            skus: Some(vec![te::Sku { spec_no: "A".into(), num: "4".parse().unwrap(), ..Default::default() }]),
            ..Default::default()
        }),
    };
    let no = ewdt.stock_transfer_push(&push).await.unwrap().answer.transfer_no;
    let out = te::StockoutTransferPush {
        stockout_info: Some(te::StockoutTransferInfo {
            outer_no: Some("SDK-OUT-1".into()),
            src_order_no: Some(no.clone()),
            warehouse_no: Some("WH01".into()),
            is_check: Some(true),
            detail_list: Some(vec![te::StockoutTransferGoods { spec_no: "A".into(), num: "1.5".parse().unwrap(), ..Default::default() }]),
            ..Default::default()
        }),
    };
    let pushed = ewdt.stockout_transfer_push(&out).await.unwrap();
    assert!(!pushed.replayed);
    let ck = pushed.answer.stockout_no;
    let Err(Error::Api(dup)) = ewdt.stockout_transfer_push(&out).await else { panic!("a duplicate must fail") };
    assert_eq!((dup.code, dup.existing_no.as_deref()), (2005, Some(ck.as_str())));

    let q = te::StockTransferQuery { transfer_no: Some(no.clone()), ..Default::default() };
    let found = ewdt.stock_transfer_query(&q, 0, 10).await.unwrap();
    assert_eq!(found.total_count, Some(1));
    let t = &found.transfer_list[0];
    assert_eq!((t.status, t.goods_out_count.0, t.goods_in_count.0), (50, d("1.5"), d("0")));
    assert_eq!(t.details_list[0].out_num.0, d("1.5"));

    let q = tf::TransferOutQuery { src_order_no: Some(no.clone()), ..Default::default() };
    let outs = fwdt.query_transfer_stockouts(&q, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!((outs.total_count, outs.order[0].order_no.as_str()), (1, ck.as_str()));
    assert_eq!(outs.order[0].detail_list[0].position_details_list[0].position_goods_count, d("1.5"));

    let info = tf::MoveInfo { src_order_no: Some(no.clone()), warehouse_no: Some("WH02".into()), is_check: Some(1), ..Default::default() };
    let line = tf::MoveDetail { spec_no: "A".into(), num: "1.5".parse().unwrap(), ..Default::default() };
    let rk = fwdt.create_transfer_stockin(&info, &[line]).await.unwrap().message;
    let q = tf::TransferInQuery { stockin_no: Some(rk.clone()), ..Default::default() };
    let ins = fwdt.query_transfer_stockins(&q, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!((ins.order[0].src_order_no.as_str(), ins.order[0].goods_count), (no.as_str(), d("1.5")));

    let quick = tf::OuterTransferInfo {
        create_mode: Some(2),
        mode: Some(1),
        from_warehouse_no: Some("WH01".into()),
        to_warehouse_no: Some("WH02".into()),
        ..Default::default()
    };
    let line = tf::OuterTransferDetail { spec_no: "A".into(), num: "2".parse().unwrap(), ..Default::default() };
    let moved = fwdt.outer_transfer(&quick, &[line]).await.unwrap().transfer_no;
    let q = tf::TransferQuery { transfer_no: Some(moved.clone()), ..Default::default() };
    let list = fwdt.query_transfers(&q, fs::Pager::new(0, 10)).await.unwrap();
    assert_eq!((list.order[0].status, list.order[0].goods_in_count), (90, d("2")));
    assert_eq!(app.stock("WH02", "A", false).await, "3.5000");

    let stopped = fwdt.stop_transfers(std::slice::from_ref(&no), false).await.unwrap();
    assert!(stopped.error_info.is_empty(), "{stopped:?}");
    app.assert_ledger_sound().await;
}
}

dual_test! {
async fn untyped_calls_of_both_editions() {
    let app = TestApp::spawn().await;
    let page = flagship(&app.base)
        .page_call("wms.StockSpec.search", fs::Pager::new(0, 1), vec![json!({"spec_nos": ["A"]})])
        .await
        .unwrap();
    assert_eq!((page.total, page.data.as_array().unwrap().len()), (Some(2), 1));

    let e = flagship(&app.base).call("wms.No.such", vec![json!({})]).await.unwrap_err();
    let api = e.api().unwrap();
    assert_eq!(api.code, 1);
    assert!(api.message.contains("wms.No.such"), "{e}");

    let fields = enterprise(&app.base).call("stock_query", &json!({"spec_no": "A", "page_size": 5})).await.unwrap();
    assert_eq!(fields["stocks"][0]["stock_num"], "10.0000");
    assert!(fields.get("code").is_none(), "code and message are taken off a success");
}
}

/// Requests the SDK signs, checked by the test-only implementations of both algorithms (in
/// common/, written from the docs), and accepted by the server.
#[tokio::test]
async fn sdk_signatures_match_the_documented_algorithms() {
    let app = TestApp::spawn().await;
    let wdt = flagship(&app.base);
    let long = "长".repeat(10_001);
    let cases: Vec<(&str, Option<fs::Pager>, Vec<Value>)> = vec![
        (
            "wms.StockSpec.search",
            Some(fs::Pager::new(0, 10)),
            vec![json!({"spec_nos": ["A"]})],
        ),
        (
            "wms.StockSpec.search",
            Some(fs::Pager {
                page_no: 3,
                page_size: 7,
                calc_total: false,
            }),
            vec![json!({"spec_nos": ["仓📦", "A"], "warehouse_no": "WH01"})],
        ),
        (
            "wms.StockSpec.search",
            Some(fs::Pager::new(0, 10)),
            vec![json!({"spec_nos": [long, "A"]})],
        ),
        (
            "wms.StockPd.stockSyncByPd",
            None,
            vec![
                json!({"warehouse_no": "WH01", "defect_mode": 1, "remark": ""}),
                json!([{"spec_no": "A", "new_num": "10", "remark": ""}]),
            ],
        ),
    ];
    for (method, pager, args) in cases {
        let req = wdt.prepare(method, pager, &args);
        let (sign, rest): (Vec<_>, Vec<_>) = req.query.iter().partition(|(k, _)| k == "sign");
        let rest: Vec<(&str, String)> = rest.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(
            sign[0].1,
            flagship_sign(S1.secret, &rest, &req.body),
            "{method} {pager:?}"
        );
        let r = app
            .raw(
                &req.query
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect::<Vec<_>>(),
                &req.body,
            )
            .await;
        assert_eq!(r["status"], 0, "{method}: {r}");
    }

    let wdt = enterprise(&app.base);
    // Over 9,999 characters: the length takes five digits in the signed text.
    let goods = format!(
        "[{}{}]",
        "\n".repeat(10_000),
        json!({"spec_no": "A", "stock_num": "10", "remark": "长"})
    );
    let cases = [
        (
            "stock_query",
            json!({"spec_no": "A", "warehouse_no": "WH01"}),
        ),
        ("stock_query", json!({"spec_no": "A", "warehouse_no": ""})),
        (
            "stock_sync_by_pd",
            json!({"warehouse_no": "WH01", "api_outer_no": "签名-📦-1", "remark": "盘点 😀", "is_check": 1, "goods_list": goods}),
        ),
    ];
    for (name, params) in cases {
        let req = wdt.prepare(name, &params).unwrap();
        let (sign, rest): (Vec<_>, Vec<_>) = req.fields.iter().partition(|(k, _)| k == "sign");
        let rest: Vec<(&str, String)> = rest.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(
            sign[0].1,
            enterprise_sign(&rest, S1.secret),
            "{name} {params}"
        );
        let r = app
            .ent_raw(
                &format!("{name}.php"),
                &req.fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect::<Vec<_>>(),
            )
            .await;
        assert_ne!(r["code"], 1022, "{name}: {r}");
        if !name.starts_with("stock_query") || params["warehouse_no"] != "" {
            assert_eq!(r["code"], 0, "{name}: {r}");
        }
    }
}

/// How the proxy mistreats the first `n` connections; later ones pass through.
#[derive(Clone, Copy)]
enum Loss {
    /// Closed as soon as the request starts arriving: the server never sees it.
    BeforeServer,
    /// Forwarded; the server's answer is thrown away and the connection closed.
    Answer,
    /// Never answered and never closed.
    Stall,
}

/// A TCP proxy in front of the server that loses the first `n` connections as `loss` says.
struct LossyProxy {
    base: String,
    connections: Arc<AtomicUsize>,
}

impl LossyProxy {
    async fn start(target: &str, loss: Loss, n: usize) -> LossyProxy {
        let target = target.trim_start_matches("http://").to_string();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let seen = connections.clone();
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            while let Ok((mut client, _)) = listener.accept().await {
                let i = seen.fetch_add(1, Ordering::SeqCst);
                let target = target.clone();
                tokio::spawn(async move {
                    let lose = i < n;
                    if lose && matches!(loss, Loss::BeforeServer) {
                        let mut buf = [0u8; 1];
                        let _ = client.read(&mut buf).await;
                        return;
                    }
                    if lose && matches!(loss, Loss::Stall) {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        return;
                    }
                    let mut server = tokio::net::TcpStream::connect(&target).await.unwrap();
                    if !lose {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        return;
                    }
                    // Loss::Answer: the request goes through; the first byte of the answer
                    // shows the server has finished with it, and then both ends are dropped.
                    let (mut cr, _cw) = client.split();
                    let (mut sr, mut sw) = server.split();
                    let forward = async {
                        let mut buf = vec![0u8; 64 * 1024];
                        while let Ok(n) = cr.read(&mut buf).await {
                            if n == 0 || sw.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                        }
                        std::future::pending::<()>().await
                    };
                    let answered = async {
                        let mut b = [0u8; 1];
                        let _ = sr.read(&mut b).await;
                    };
                    tokio::select! { _ = forward => {}, _ = answered => {} }
                });
            }
        });
        LossyProxy { base, connections }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn stock_of_a() -> ent::StockQuery {
    ent::StockQuery {
        spec_no: Some("A".into()),
        ..Default::default()
    }
}

fn quick() -> Options {
    Options {
        backoff: Duration::from_millis(10),
        ..Options::default()
    }
}

#[tokio::test]
async fn a_query_that_fails_in_transport_is_retried() {
    let app = TestApp::spawn().await;
    let proxy = LossyProxy::start(&app.base, Loss::BeforeServer, 2).await;
    let wdt =
        FlagshipClient::with_options(&proxy.base, S1.sid, S1.key, "sec1:salt1", quick()).unwrap();
    let search = fs::StockSearch {
        spec_nos: vec!["A".into()],
        ..Default::default()
    };
    let page = wdt
        .stock_search(&search, fs::Pager::new(0, 10))
        .await
        .unwrap();
    assert_eq!(page.total, Some(2));
    assert_eq!(
        proxy.connections(),
        3,
        "two lost attempts, then the one that answered"
    );

    let proxy = LossyProxy::start(&app.base, Loss::BeforeServer, 1).await;
    let none = Options {
        retries: 0,
        ..quick()
    };
    let wdt = EnterpriseClient::with_options(&proxy.base, S1.sid, S1.key, S1.secret, none).unwrap();
    let e = wdt.stock_query(&stock_of_a()).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e}");
    assert_eq!(proxy.connections(), 1, "retries: 0 means one attempt");
}

#[tokio::test]
async fn a_keyed_push_whose_answer_was_lost_is_retried_and_answers_the_first_number() {
    let app = TestApp::spawn().await;
    let proxy = LossyProxy::start(&app.base, Loss::Answer, 1).await;
    let wdt =
        EnterpriseClient::with_options(&proxy.base, S1.sid, S1.key, S1.secret, quick()).unwrap();
    let push = ent::StockinPurchasePush {
        purchase_info: Some(ent::StockinPurchaseInfo {
            purchase_no: "CG202511230001".into(),
            warehouse_no: "WH01".into(),
            outer_no: "GR-LOST-1".into(),
            is_check: Some(true),
            details_list: Some(vec![ent::StockinPurchaseDetail {
                spec_no: "A".into(),
                stockin_num: "6".parse().unwrap(),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    };
    let done = wdt.stockin_purchase_push(&push).await.unwrap();
    assert!(
        done.replayed,
        "the second attempt found the first one's stock-in"
    );
    assert!(done.answer.stockin_no.starts_with("RK"));
    assert_eq!(proxy.connections(), 2);

    // One stock-in, posted once, and it is the number the client answered.
    let direct = enterprise(&app.base);
    let q = ent::StockinOrderQueryPurchase {
        stockin_outer_no: Some("GR-LOST-1".into()),
        ..Default::default()
    };
    let found = direct.stockin_order_query_purchase(&q).await.unwrap();
    assert_eq!(found.total_count, Some(1));
    assert_eq!(found.stockin_list[0].stockin_no, done.answer.stockin_no);
    assert_eq!(app.stock("WH01", "A", false).await, "16.0000");
    app.assert_ledger_sound().await;
}

/// A retry that meets another warehouse's document with the same outer number gets a 2005
/// without a number, and the client does not mistake it for its own first attempt.
#[tokio::test]
async fn a_retry_that_meets_a_hidden_duplicate_is_not_a_replay() {
    let app = TestApp::spawn().await;
    let push = |warehouse: &str, spec: &str| ent::StockinPurchasePush {
        purchase_info: Some(ent::StockinPurchaseInfo {
            purchase_no: "CG202511230001".into(),
            warehouse_no: warehouse.into(),
            outer_no: "GR-HIDDEN-1".into(),
            is_check: Some(true),
            details_list: Some(vec![ent::StockinPurchaseDetail {
                spec_no: spec.into(),
                stockin_num: "1".parse().unwrap(),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    };
    // The app that sees every warehouse takes the outer number in WH01.
    enterprise(&app.base)
        .stockin_purchase_push(&push("WH01", "A"))
        .await
        .unwrap();
    // The WH02-only app's first attempt is lost before the server; its retry meets that
    // document.
    let proxy = LossyProxy::start(&app.base, Loss::BeforeServer, 1).await;
    let wh02 = EnterpriseClient::with_options(
        &proxy.base,
        S1_WH02_ONLY.sid,
        S1_WH02_ONLY.key,
        S1_WH02_ONLY.secret,
        quick(),
    )
    .unwrap();
    let before = app.counts().await;
    match wh02.stockin_purchase_push(&push("WH02", "B")).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.code, 2005);
            assert_eq!(e.existing_no, None, "another warehouse's number leaked");
        }
        other => panic!("a hidden duplicate must fail, not count as a replay: {other:?}"),
    }
    assert_eq!(proxy.connections(), 2);
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn a_push_without_an_outer_number_is_never_retried() {
    let app = TestApp::spawn().await;
    let proxy = LossyProxy::start(&app.base, Loss::Answer, 1).await;
    let wdt =
        FlagshipClient::with_options(&proxy.base, S1.sid, S1.key, "sec1:salt1", quick()).unwrap();
    let order = fs::PdOrder {
        warehouse_no: "WH01".into(),
        defect_mode: Some(1),
        remark: Some("lost".into()),
        ..Default::default()
    };
    let specs = [fs::PdSpec {
        spec_no: "A".into(),
        new_num: "11".parse().unwrap(),
        ..Default::default()
    }];
    let before = app.changes("A", false).await.len();
    let e = wdt.stock_sync_by_pd(&order, &specs).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e}");
    assert_eq!(proxy.connections(), 1, "no second attempt");
    // The server did the stocktake once; the caller must look before pushing again.
    assert_eq!(app.changes("A", false).await.len(), before + 1);
    // Transport errors never show the signed URL, which carries the salt.
    assert!(!format!("{e} {e:?}").contains("salt1"), "{e:?}");
}

#[tokio::test]
async fn the_timeout_is_the_callers() {
    let app = TestApp::spawn().await;
    let proxy = LossyProxy::start(&app.base, Loss::Stall, 1).await;
    let opts = Options {
        timeout: Duration::from_millis(300),
        retries: 0,
        ..quick()
    };
    let wdt = EnterpriseClient::with_options(&proxy.base, S1.sid, S1.key, S1.secret, opts).unwrap();
    let e = wdt.stock_query(&stock_of_a()).await.unwrap_err();
    match e {
        Error::Transport(t) => assert!(t.is_timeout(), "{t}"),
        other => panic!("expected a timeout, got {other}"),
    }
}
