//! `openwdt bench`: the write paths measured end to end over HTTP through openwdt-client (two
//! stocktakes, a purchase order and its checked stock-in, of N lines each), on a fresh SQLite
//! database in a temporary directory; then how a stocktake's time grows with its size (known
//! and unknown specs, M and 10×M lines: a request must cost time linear in its size), and what
//! durable commits cost (small stocktakes with synchronous=FULL against NORMAL). Figures are
//! printed, never asserted.

use std::time::Instant;

use anyhow::Context;
use openwdt_client::api::{enterprise as ent, flagship as fs};
use openwdt_client::{Dec4, EnterpriseClient, FlagshipClient, Num};
use openwdt_core::fixture::Fixture;
use openwdt_core::store::Durability;
use openwdt_core::Store;

const SECRET: &str = "bench_secret";

/// A server on a fresh SQLite database with `specs` specs, in a temporary directory.
struct Bench {
    store: Store,
    base: String,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn start(specs: usize, durability: Durability) -> anyhow::Result<Bench> {
        let dir = tempfile::tempdir()?;
        let db = format!("sqlite://{}", dir.path().join("bench.db").display());
        let mut fx = String::from(
            "[[seller]]\nsid = \"bench\"\nname = \"bench\"\n[[seller.app]]\nkey = \"k\"\n",
        );
        fx.push_str(&format!("secret = \"{SECRET}\"\nsalt = \"s\"\n[[seller.warehouse]]\nwarehouse_no = \"W\"\nname = \"W\"\n"));
        fx.push_str("[[seller.provider]]\nprovider_no = \"P\"\nname = \"P\"\n");
        fx.push_str("[[seller.goods]]\ngoods_no = \"G\"\ngoods_name = \"G\"\n");
        for i in 0..specs {
            fx.push_str(&format!(
                "[[seller.goods.spec]]\nspec_no = \"{}\"\n",
                spec_no(i)
            ));
        }
        let store = Store::open_with(&db, durability).await?;
        store.load_fixture(&Fixture::parse(&fx)?).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(openwdt_server::serve(
            listener,
            Store::open_with(&db, durability).await?,
            Default::default(),
            async {
                let _ = stopped.await;
            },
        ));
        Ok(Bench {
            store,
            base,
            stop,
            server,
            _dir: dir,
        })
    }

    fn flagship(&self) -> anyhow::Result<FlagshipClient> {
        Ok(FlagshipClient::new(
            &self.base,
            "bench",
            "k",
            &format!("{SECRET}:s"),
        )?)
    }

    async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.server.await??;
        self.store.close().await;
        Ok(())
    }
}

fn pd_order() -> fs::PdOrder {
    fs::PdOrder {
        warehouse_no: "W".into(),
        defect_mode: Some(0),
        remark: Some("bench".into()),
        ..Default::default()
    }
}

/// A stocktake of `lines` lines counting `prefix` + n specs at `5 + round % 2 + n % 3`; seconds
/// it took. An unknown spec makes the whole count fail (strict), which is the work being timed
/// there.
async fn timed_stocktake(
    client: &FlagshipClient,
    prefix: &str,
    lines: usize,
    round: usize,
) -> anyhow::Result<f64> {
    let specs: Vec<fs::PdSpec> = (0..lines)
        .map(|i| fs::PdSpec {
            spec_no: format!("{prefix}{i:07}"),
            new_num: Num::from(Dec4::from_int((5 + round % 2 + i % 3) as i64)),
            ..Default::default()
        })
        .collect();
    let order = fs::PdOrder {
        is_post_error: Some(true),
        ..pd_order()
    };
    let t = Instant::now();
    let r = client.stock_sync_by_pd(&order, &specs).await;
    let secs = t.elapsed().as_secs_f64();
    match (prefix == "S", r) {
        (true, Ok(_)) | (false, Err(openwdt_client::Error::Api(_))) => Ok(secs),
        (_, Err(e)) => Err(e.into()),
        (false, Ok(_)) => anyhow::bail!("a stocktake of unknown specs was accepted"),
    }
}

/// The median of three timed stocktakes after an untimed one that creates the stock rows:
/// every timed one changes every line (by one unit, up or down).
async fn median_stocktake(
    client: &FlagshipClient,
    prefix: &str,
    lines: usize,
) -> anyhow::Result<f64> {
    timed_stocktake(client, prefix, lines, 0).await?;
    let mut t = Vec::new();
    for round in 1..=3 {
        t.push(timed_stocktake(client, prefix, lines, round).await?);
    }
    t.sort_by(f64::total_cmp);
    Ok(t[1])
}

/// How a stocktake's time grows from `small` to 10 × `small` lines, known and unknown specs.
async fn scaling(small: usize) -> anyhow::Result<()> {
    let big = small * 10;
    let b = Bench::start(big, Durability::Full).await?;
    let client = b.flagship()?;
    println!(
        "time against size (median of 3; target: {big} lines within 12 × the time of {small}):"
    );
    for (label, prefix) in [("unknown specs", "X"), ("known specs", "S")] {
        let t_small = median_stocktake(&client, prefix, small).await?;
        let t_big = median_stocktake(&client, prefix, big).await?;
        println!(
            "  stocktake of {label}: {small} lines {t_small:.2} s, {big} lines {t_big:.2} s, ratio {:.1} (linear floor 10.0, target ≤ 12)",
            t_big / t_small
        );
    }
    b.stop().await
}

/// What durable commits cost: `n` sequential 10-line stocktakes, synchronous=FULL against
/// NORMAL, each on a fresh database.
async fn durability_cost(n: usize) -> anyhow::Result<()> {
    let mut per = Vec::new();
    for d in [Durability::Full, Durability::Relaxed] {
        let b = Bench::start(10, d).await?;
        let client = b.flagship()?;
        let specs: Vec<fs::PdSpec> = (0..10)
            .map(|i| fs::PdSpec {
                spec_no: spec_no(i),
                new_num: Num::from(Dec4::from_int(1)),
                ..Default::default()
            })
            .collect();
        let t = Instant::now();
        for k in 0..n {
            let specs: Vec<fs::PdSpec> = specs
                .iter()
                .map(|s| fs::PdSpec {
                    new_num: Num::from(Dec4::from_int(1 + (k % 5) as i64)),
                    ..s.clone()
                })
                .collect();
            client.stock_sync_by_pd(&pd_order(), &specs).await?;
        }
        per.push(t.elapsed().as_secs_f64() * 1000.0 / n as f64);
        b.stop().await?;
    }
    println!(
        "durable commits: {n} sequential 10-line stocktakes, {:.2} ms each with synchronous=FULL (the default), {:.2} ms with NORMAL (--durability relaxed): FULL costs {:.2}×",
        per[0],
        per[1],
        per[0] / per[1]
    );
    Ok(())
}

pub async fn run(lines: usize, scale_lines: usize, small_writes: usize) -> anyhow::Result<()> {
    let t = Instant::now();
    let b = Bench::start(lines, Durability::Full).await?;
    println!(
        "setup: {lines} specs loaded from a fixture in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let store = &b.store;
    let base = b.base.clone();
    // Through the SDK, as an integrator would call: signing and encoding are inside the timing.
    let flagship = b.flagship()?;
    let order = pd_order();
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
                    new_num: Num::from(Dec4::from_raw(n as i64 * 10_000 + 2_500)),
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
    let ten = Num::from(Dec4::from_int(10));
    let po = ent::PurchaseOrderPush {
        purchase_info: Some(ent::PurchaseInfo {
            outer_no: "bench-po".into(),
            provider_no: "P".into(),
            warehouse_no: "W".into(),
            is_check: Some(true),
            details_list: Some(
                (0..lines)
                    .map(|i| ent::PurchaseInfoDetail {
                        spec_no: spec_no(i),
                        num: ten.clone(),
                        price: Some(Num::from(Dec4::from_raw(12_345))),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }),
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
        purchase_info: Some(ent::StockinPurchaseInfo {
            purchase_no,
            warehouse_no: "W".into(),
            outer_no: "bench-gr".into(),
            is_check: Some(true),
            details_list: Some(
                (0..lines)
                    .map(|i| ent::StockinPurchaseDetail {
                        spec_no: spec_no(i),
                        stockin_num: ten.clone(),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }),
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
    b.stop().await?;
    if scale_lines > 0 {
        scaling(scale_lines).await?;
    }
    if small_writes > 0 {
        durability_cost(small_writes).await?;
    }
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
