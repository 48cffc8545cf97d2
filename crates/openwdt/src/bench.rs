//! `openwdt bench`: the write paths measured end to end over HTTP through openwdt-client (two
//! stocktakes, a purchase order and its checked stock-in, of N lines each), on a fresh SQLite
//! database in a temporary directory. Figures are printed, never asserted.

use std::time::Instant;

use anyhow::Context;
use openwdt_client::api::{enterprise as ent, flagship as fs};
use openwdt_client::{Dec4, Dec4Str, EnterpriseClient, FlagshipClient};
use openwdt_core::fixture::Fixture;
use openwdt_core::Store;

const SECRET: &str = "bench_secret";

pub async fn run(lines: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("bench.db").display());
    let mut fx = String::from(
        "[[seller]]\nsid = \"bench\"\nname = \"bench\"\n[[seller.app]]\nkey = \"k\"\n",
    );
    fx.push_str(&format!("secret = \"{SECRET}\"\nsalt = \"s\"\n[[seller.warehouse]]\nwarehouse_no = \"W\"\nname = \"W\"\n"));
    fx.push_str("[[seller.provider]]\nprovider_no = \"P\"\nname = \"P\"\n");
    fx.push_str("[[seller.goods]]\ngoods_no = \"G\"\ngoods_name = \"G\"\n");
    for i in 0..lines {
        fx.push_str(&format!(
            "[[seller.goods.spec]]\nspec_no = \"{}\"\n",
            spec_no(i)
        ));
    }
    let t = Instant::now();
    let store = Store::open(&db).await?;
    store.load_fixture(&Fixture::parse(&fx)?).await?;
    println!(
        "setup: {lines} specs loaded from a fixture in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(openwdt_server::serve(
        listener,
        Store::open(&db).await?,
        Default::default(),
        async {
            let _ = stopped.await;
        },
    ));
    // Through the SDK, as an integrator would call: signing and encoding are inside the timing.
    let flagship = FlagshipClient::new(&base, "bench", "k", &format!("{SECRET}:s"))?;
    let order = fs::PdOrder {
        warehouse_no: "W".into(),
        defect_mode: 0,
        remark: "bench".into(),
        ..Default::default()
    };
    // First count: every spec rises from nothing. Second: half fall, half rise.
    for (round, label) in [(0, "all increases"), (1, "half decreases")] {
        let specs: Vec<fs::PdSpec> = (0..lines)
            .map(|i| {
                let n = if round == 0 {
                    10 + i % 7
                } else if i % 2 == 0 {
                    3
                } else {
                    20
                };
                fs::PdSpec {
                    spec_no: spec_no(i),
                    new_num: Dec4Str(Dec4::from_raw(n as i64 * 10_000 + 2_500)),
                    ..Default::default()
                }
            })
            .collect();
        let body = serde_json::to_string(&(&order, &specs))?.len();
        let t = Instant::now();
        flagship.stock_sync_by_pd(&order, &specs).await?;
        report(&format!("stocktake ({label})"), lines, body, t);
    }

    // A purchase order of every spec, then one checked stock-in receiving all of it.
    let enterprise = EnterpriseClient::new(&base, "bench", "k", SECRET)?;
    let ten = Dec4Str(Dec4::from_int(10));
    let po = ent::PurchaseOrderPush {
        purchase_info: ent::PurchaseInfo {
            outer_no: "bench-po".into(),
            provider_no: "P".into(),
            warehouse_no: "W".into(),
            is_check: Some(true),
            details_list: (0..lines)
                .map(|i| ent::PurchaseInfoDetail {
                    spec_no: spec_no(i),
                    num: ten,
                    price: Some(Dec4Str(Dec4::from_raw(12_345))),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        },
    };
    let body = serde_json::to_string(&po)?.len();
    let t = Instant::now();
    let purchase_no = enterprise
        .purchase_order_push(&po)
        .await?
        .answer
        .purchase_no;
    report("purchase_order_push", lines, body, t);
    let push = ent::StockinPurchasePush {
        purchase_info: ent::StockinPurchaseInfo {
            purchase_no,
            warehouse_no: "W".into(),
            outer_no: "bench-gr".into(),
            is_check: Some(true),
            details_list: (0..lines)
                .map(|i| ent::StockinPurchaseDetail {
                    spec_no: spec_no(i),
                    stockin_num: ten,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        },
    };
    let body = serde_json::to_string(&push)?.len();
    let t = Instant::now();
    enterprise.stockin_purchase_push(&push).await?;
    report("stockin_purchase_push (checked)", lines, body, t);

    let t = Instant::now();
    let problems = store.verify().await.context("verify")?;
    println!(
        "verify: {} violations, {:.2} s",
        problems.len(),
        t.elapsed().as_secs_f64()
    );
    let _ = stop.send(());
    server.await??;
    if let Some(hwm) = peak_rss_kib() {
        println!(
            "peak RSS of this process (client and server together): {:.0} MiB",
            hwm as f64 / 1024.0
        );
    }
    Ok(())
}

fn spec_no(i: usize) -> String {
    format!("S{i:07}")
}

fn report(what: &str, lines: usize, body_bytes: usize, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{what}: {lines} lines, {:.1} MiB body, {secs:.2} s, {:.0} lines/s",
        body_bytes as f64 / 1_048_576.0,
        lines as f64 / secs
    );
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
