//! `openwdt bench`: the stocktake write path measured end to end over HTTP, on a fresh SQLite
//! database in a temporary directory. Figures are printed, never asserted.

use std::time::Instant;

use anyhow::{bail, Context};
use openwdt_core::fixture::Fixture;
use openwdt_core::Store;
use openwdt_wire::flagship;
use serde_json::{json, Value};

const SECRET: &str = "bench_secret";

pub async fn run(lines: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = format!("sqlite://{}", dir.path().join("bench.db").display());
    let mut fx = String::from(
        "[[seller]]\nsid = \"bench\"\nname = \"bench\"\n[[seller.app]]\nkey = \"k\"\n",
    );
    fx.push_str(&format!("secret = \"{SECRET}\"\nsalt = \"s\"\n[[seller.warehouse]]\nwarehouse_no = \"W\"\nname = \"W\"\n"));
    fx.push_str("[[seller.goods]]\ngoods_no = \"G\"\ngoods_name = \"G\"\n");
    for i in 0..lines {
        fx.push_str(&format!("[[seller.goods.spec]]\nspec_no = \"S{i:07}\"\n"));
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
    let http = reqwest::Client::new();

    // First count: every spec rises from nothing. Second: half fall, half rise.
    for (round, label) in [(0, "all increases"), (1, "half decreases")] {
        let list: Vec<Value> = (0..lines)
            .map(|i| {
                let n = if round == 0 { 10 + i % 7 } else if i % 2 == 0 { 3 } else { 20 };
                json!({"spec_no": format!("S{i:07}"), "remark": "", "new_num": format!("{n}.25"), "defect": false})
            })
            .collect();
        let body =
            json!([{"warehouse_no": "W", "defect_mode": 0, "remark": "bench"}, list]).to_string();
        let ts = flagship::timestamp_from_unix(chrono::Utc::now().timestamp()).to_string();
        let mut params = vec![
            ("sid", "bench".to_string()),
            ("key", "k".to_string()),
            ("salt", "s".to_string()),
            ("method", "wms.StockPd.stockSyncByPd".to_string()),
            ("v", "1.0".to_string()),
            ("timestamp", ts),
        ];
        let sign = flagship::sign(SECRET, params.iter().map(|(k, v)| (*k, v.as_str())), &body);
        params.push(("sign", sign));
        let url = reqwest::Url::parse_with_params(&format!("{base}/openapi"), &params)?;
        let t = Instant::now();
        let answer: Value = http
            .post(url)
            .body(body.clone())
            .send()
            .await?
            .json()
            .await?;
        let secs = t.elapsed().as_secs_f64();
        if answer["status"] != 0 {
            bail!("stocktake refused: {answer}");
        }
        println!(
            "stocktake ({label}): {lines} lines, {:.1} MiB body, {secs:.2} s, {:.0} lines/s",
            body.len() as f64 / 1_048_576.0,
            lines as f64 / secs
        );
    }
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

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
