//! The real `openwdt serve` killed with SIGKILL at a random moment while 8 clients push purchase
//! stock-ins and stocktakes, then restarted on the same database, round after round
//! (`OPENWDT_CRASH_ROUNDS`, default 5; `OPENWDT_CRASH_SEED` repeats a run's kill times).
//!
//! After each crash: `openwdt verify` passes on the database as the crash left it; after each
//! restart every acknowledged document is there and complete, an unanswered push is either
//! absent or complete (never partial), re-sending any push with its outer number answers 2005
//! with the same document number (or, for an absent one, succeeds), and stock, received
//! quantities and document counts are exactly what the documents that exist imply.

use super::Rng;
use crate::common::{enterprise_at, enterprise_form, flagship_at, postgres_or_skip, S1};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::process::{Child, Command};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_openwdt");
const WRITERS: usize = 8;
const PO: &str = "CG202511230001";
/// Opening stock of spec A (stocked in) and of each writer's stocktake spec.
const OPENING_A: i64 = 10;
const OPENING_P: i64 = 1;
/// A bound on pushes per writer and round, should the kill not stop them.
const MAX_PUSHES: usize = 5_000;

fn fixture() -> String {
    let mut fx = String::from(
        r#"[[seller]]
sid = "s1"
name = "店铺一"
  [[seller.app]]
  key = "k1"
  secret = "sec1"
  salt = "salt1"
  warehouses = ["*"]
  [[seller.warehouse]]
  warehouse_no = "WH01"
  name = "主仓"
  positions = ["A-01"]
  [[seller.provider]]
  provider_no = "P001"
  name = "供应商一"
  [[seller.goods]]
  goods_no = "G1"
  goods_name = "T恤"
    [[seller.goods.spec]]
    spec_no = "A"
"#,
    );
    for w in 0..WRITERS {
        fx.push_str(&format!(
            "    [[seller.goods.spec]]\n    spec_no = \"P{w}\"\n"
        ));
    }
    fx.push_str(&format!(
        "  [[seller.stock]]\n  warehouse_no = \"WH01\"\n  spec_no = \"A\"\n  num = \"{OPENING_A}\"\n"
    ));
    for w in 0..WRITERS {
        fx.push_str(&format!(
            "  [[seller.stock]]\n  warehouse_no = \"WH01\"\n  spec_no = \"P{w}\"\n  num = \"{OPENING_P}\"\n"
        ));
    }
    fx.push_str(&format!(
        r#"  [[seller.purchase_order]]
  purchase_no = "{PO}"
  provider_no = "P001"
  warehouse_no = "WH01"
  status = 40
    [[seller.purchase_order.detail]]
    spec_no = "A"
    num = "1000000"
    price = "12.5"
    tax_rate = "0.13"
"#
    ));
    fx
}

struct Server {
    child: Child,
    base: String,
}

/// Starts `openwdt serve` on `db` and waits until it listens.
fn start(db: &str, fixture: Option<&std::path::Path>) -> Server {
    let (child, base) = match fixture {
        Some(f) => crate::common::spawn_server(&["--db", db, "--fixture", f.to_str().unwrap()]),
        None => crate::common::spawn_server(&["--db", db]),
    };
    Server { child, base }
}

fn verify(db: &str, when: &str) {
    let out = Command::new(BIN)
        .args(["verify", "--db", db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openwdt verify {when}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Stockin,
    Stocktake,
}

#[derive(Clone, Debug)]
enum Answer {
    /// Code 0 with this document number.
    Acked(String),
    /// No answer: the connection failed.
    Unanswered,
}

#[derive(Clone, Debug)]
struct Push {
    kind: Kind,
    writer: usize,
    key: String,
    /// A stock-in's quantity, a stocktake's count (whole units).
    amount: i64,
    answer: Answer,
}

impl Push {
    fn endpoint(&self) -> &'static str {
        match self.kind {
            Kind::Stockin => "stockin_purchase_push.php",
            Kind::Stocktake => "stock_sync_by_pd.php",
        }
    }

    /// The field the answer names the document in.
    fn number_field(&self) -> &'static str {
        match self.kind {
            Kind::Stockin => "stockin_no",
            Kind::Stocktake => "pd_no",
        }
    }

    fn business(&self) -> Vec<(&'static str, String)> {
        match self.kind {
            Kind::Stockin => vec![(
                "purchase_info",
                json!({"purchase_no": PO, "warehouse_no": "WH01", "outer_no": self.key, "is_check": 1,
                       "details_list": [{"spec_no": "A", "stockin_num": self.amount.to_string(),
                                         "tax_price": "14.125", "tax": "0.13"}]})
                .to_string(),
            )],
            Kind::Stocktake => vec![
                ("warehouse_no", "WH01".into()),
                ("api_outer_no", self.key.clone()),
                ("is_check", "1".into()),
                (
                    "goods_list",
                    json!([{"spec_no": format!("P{}", self.writer), "stock_num": self.amount.to_string()}])
                        .to_string(),
                ),
            ],
        }
    }
}

/// An enterprise push that may get no answer (the server is being killed).
async fn try_push(http: &reqwest::Client, base: &str, p: &Push) -> Result<Value, String> {
    let resp = http
        .post(format!("{base}/openapi2/{}", p.endpoint()))
        .form(&enterprise_form(&S1, &p.business()))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = resp.status();
    let text = resp.text().await.map_err(|e| e.to_string())?;
    if status != 200 {
        return Ok(json!({"code": -1, "message": format!("HTTP {status}: {text}")}));
    }
    Ok(serde_json::from_str(&text).unwrap_or_else(|_| json!({"code": -1, "message": text})))
}

/// One client: stock-ins of A and stocktakes of its own spec, alternately, until the server
/// stops answering. Answers the pushes made, and any refusal (there must be none).
async fn writer(
    http: reqwest::Client,
    base: String,
    round: usize,
    w: usize,
) -> (Vec<Push>, Vec<String>) {
    let mut pushes = Vec::new();
    let mut refused = Vec::new();
    for i in 0..MAX_PUSHES {
        let (kind, amount) = if i % 2 == 0 {
            (Kind::Stockin, 1 + ((w + i) % 3) as i64)
        } else {
            (Kind::Stocktake, (round * 10_000 + i) as i64)
        };
        let mut p = Push {
            kind,
            writer: w,
            key: format!("crash-r{round}-w{w}-{i}"),
            amount,
            answer: Answer::Unanswered,
        };
        match try_push(&http, &base, &p).await {
            Ok(v) if v["code"] == 0 => match v[p.number_field()].as_str() {
                Some(no) => {
                    p.answer = Answer::Acked(no.to_string());
                    pushes.push(p);
                }
                None => refused.push(format!("{}: success without a number: {v}", p.key)),
            },
            Ok(v) => refused.push(format!("{}: {v}", p.key)),
            Err(e) => {
                let _ = e;
                p.answer = Answer::Unanswered;
                pushes.push(p);
                break;
            }
        }
    }
    (pushes, refused)
}

/// What the documents that exist imply.
#[derive(Default)]
struct Model {
    /// outer_no → (stockin_no, quantity)
    stockins: BTreeMap<String, (String, i64)>,
    /// api_outer_no → pd_no
    stocktakes: BTreeMap<String, String>,
    /// Each writer's spec's stock: the count of its last stocktake.
    last_count: Vec<i64>,
    unanswered_present: usize,
    unanswered_absent: usize,
}

struct Checker {
    http: reqwest::Client,
    base: String,
}

impl Checker {
    async fn ent(&self, name: &str, params: &[(&str, String)]) -> Value {
        enterprise_at(&self.http, &self.base, &S1, name, params).await
    }

    async fn flagship(&self, method: &str, params: Value) -> Value {
        let r = flagship_at(
            &self.http,
            &self.base,
            &S1,
            method,
            Some((100, 0, true)),
            &json!([params]),
        )
        .await;
        assert_eq!(r["status"], 0, "{method} {params}: {r}");
        r
    }

    /// Purchase stock-ins of any status matching `filter`.
    async fn stockins(&self, filter: (&str, String)) -> Vec<Value> {
        let r = self
            .ent(
                "stockin_order_query_purchase.php",
                &[filter, ("status", "10,20,30,80".into())],
            )
            .await;
        assert_eq!(r["code"], 0, "{r}");
        r["stockin_list"].as_array().unwrap().clone()
    }

    fn assert_stockin_complete(doc: &Value, p: &Push, no: &str) {
        let lines = doc["details_list"].as_array().unwrap();
        assert!(
            doc["stockin_no"] == no
                && doc["outer_no"] == p.key.as_str()
                && doc["status"] == 80
                && lines.len() == 1
                && lines[0]["spec_no"] == "A"
                && lines[0]["num"] == format!("{}.0000", p.amount),
            "stock-in {} ({}) is not complete: {doc}",
            p.key,
            no
        );
    }

    async fn assert_stocktake_complete(&self, p: &Push, no: &str) {
        let (from, to) = window();
        let r = self
            .flagship(
                "wms.StockPd.queryStockPd",
                json!({"start_time": from, "end_time": to, "pd_no": no}),
            )
            .await;
        let heads = r["data"]["pd_list"].as_array().unwrap();
        assert!(
            heads.len() == 1 && heads[0]["status"] == 40,
            "stocktake {} ({no}) is not one completed document: {r}",
            p.key
        );
        let r = self
            .flagship("wms.StockPd.queryStockPdDetail", json!({"pd_no": no}))
            .await;
        let lines = r["data"].as_array().unwrap();
        // A flagship quantity is a JSON number written with four decimals.
        let counted = lines.first().map(|l| l["new_num"].to_string());
        assert!(
            lines.len() == 1
                && lines[0]["spec_no"] == format!("P{}", p.writer).as_str()
                && counted.as_deref() == Some(format!("{}.0000", p.amount).as_str()),
            "stocktake {} ({no}) lines are not complete: {r}",
            p.key
        );
    }

    async fn resend(&self, p: &Push) -> Value {
        self.ent(p.endpoint(), &p.business()).await
    }

    /// After a restart: each push of the round is absent or complete, and a re-send finds it.
    async fn recover(&self, pushes: &[Push], m: &mut Model) {
        for p in pushes {
            let field = p.number_field();
            let no = match (&p.answer, p.kind) {
                (Answer::Acked(no), kind) => {
                    match kind {
                        Kind::Stockin => {
                            let found = self.stockins(("stockin_no", no.clone())).await;
                            assert_eq!(
                                found.len(),
                                1,
                                "acknowledged stock-in {no} ({}) is missing",
                                p.key
                            );
                            Self::assert_stockin_complete(&found[0], p, no);
                        }
                        Kind::Stocktake => self.assert_stocktake_complete(p, no).await,
                    }
                    let again = self.resend(p).await;
                    assert!(
                        again["code"] == 2005 && again[field] == no.as_str(),
                        "re-sending acknowledged {} ({no}) must answer 2005 with it: {again}",
                        p.key
                    );
                    no.clone()
                }
                (Answer::Unanswered, Kind::Stockin) => {
                    let found = self.stockins(("stockin_outer_no", p.key.clone())).await;
                    assert!(found.len() <= 1, "{} twice: {found:?}", p.key);
                    let again = self.resend(p).await;
                    match found.first() {
                        Some(doc) => {
                            let no = doc["stockin_no"].as_str().unwrap().to_string();
                            Self::assert_stockin_complete(doc, p, &no);
                            assert!(
                                again["code"] == 2005 && again[field] == no.as_str(),
                                "re-sending unanswered {} that exists as {no} must answer 2005 with it: {again}",
                                p.key
                            );
                            m.unanswered_present += 1;
                            no
                        }
                        None => {
                            assert_eq!(again["code"], 0, "re-sending absent {}: {again}", p.key);
                            let no = again[field].as_str().unwrap().to_string();
                            let found = self.stockins(("stockin_no", no.clone())).await;
                            assert_eq!(found.len(), 1, "{again}");
                            Self::assert_stockin_complete(&found[0], p, &no);
                            m.unanswered_absent += 1;
                            no
                        }
                    }
                }
                (Answer::Unanswered, Kind::Stocktake) => {
                    // No query finds a stocktake by api_outer_no; the re-send does.
                    let again = self.resend(p).await;
                    match again["code"].as_i64() {
                        Some(2005) => m.unanswered_present += 1,
                        Some(0) => m.unanswered_absent += 1,
                        _ => panic!("re-sending unanswered {}: {again}", p.key),
                    }
                    let no = again[field].as_str().unwrap().to_string();
                    self.assert_stocktake_complete(p, &no).await;
                    no
                }
            };
            match p.kind {
                Kind::Stockin => {
                    assert!(m.stockins.insert(p.key.clone(), (no, p.amount)).is_none());
                }
                Kind::Stocktake => {
                    assert!(m.stocktakes.insert(p.key.clone(), no).is_none());
                    // A writer's pushes are in order and only its last can be unanswered.
                    m.last_count[p.writer] = p.amount;
                }
            }
        }
    }

    /// Stock, received quantity and document counts are what the existing documents imply.
    async fn assert_model(&self, m: &Model) {
        let received: i64 = m.stockins.values().map(|(_, q)| q).sum();
        let stock = |spec: String| async move {
            let r = self
                .ent(
                    "stock_query.php",
                    &[("spec_no", spec), ("warehouse_no", "WH01".into())],
                )
                .await;
            assert_eq!(r["code"], 0, "{r}");
            r["stocks"][0]["stock_num"].as_str().unwrap().to_string()
        };
        assert_eq!(
            stock("A".into()).await,
            format!("{}.0000", OPENING_A + received),
            "stock of A = opening + every existing stock-in"
        );
        for (w, count) in m.last_count.iter().enumerate() {
            assert_eq!(
                stock(format!("P{w}")).await,
                format!("{count}.0000"),
                "stock of P{w} = its last stocktake's count"
            );
        }
        let r = self
            .ent("purchase_order_query.php", &[("purchase_no", PO.into())])
            .await;
        assert_eq!(
            r["purchase_list"][0]["details_list"][0]["stockin_num"],
            format!("{received}.0000"),
            "the order's received quantity: {r}"
        );
        let (from, to) = window();
        let r = self
            .ent(
                "stockin_order_query_purchase.php",
                &[
                    ("start_time", from.clone()),
                    ("end_time", to.clone()),
                    ("status", "10,20,30,80".into()),
                    ("page_size", "1".into()),
                ],
            )
            .await;
        assert_eq!(
            r["total_count"],
            m.stockins.len(),
            "one stock-in per outer_no, no other: {r}"
        );
        let r = self
            .flagship(
                "wms.StockPd.queryStockPd",
                json!({"start_time": from, "end_time": to}),
            )
            .await;
        assert_eq!(
            r["data"]["total_count"],
            m.stocktakes.len(),
            "one stocktake per api_outer_no, no other"
        );
    }
}

/// Yesterday to tomorrow, Asia/Shanghai: every document of the run.
fn window() -> (String, String) {
    let day = chrono::Utc::now() + chrono::Duration::hours(8);
    let f = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d 00:00:00").to_string();
    (
        f(day - chrono::Duration::days(1)),
        f(day + chrono::Duration::days(1)),
    )
}

async fn crash_rounds(db: &str) {
    let rounds: usize = std::env::var("OPENWDT_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut rng = Rng::new(crate::hardening::seed_from_env("OPENWDT_CRASH_SEED", 9_091));
    let dir = tempfile::tempdir().unwrap();
    let fx = dir.path().join("crash.toml");
    std::fs::write(&fx, fixture()).unwrap();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut model = Model {
        last_count: vec![OPENING_P; WRITERS],
        ..Model::default()
    };
    let mut server = start(db, Some(&fx));
    let mut acked = 0;
    for round in 0..rounds {
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| tokio::spawn(writer(http.clone(), server.base.clone(), round, w)))
            .collect();
        let delay = 50 + rng.below(351) as u64;
        tokio::time::sleep(Duration::from_millis(delay)).await;
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        let mut pushes = Vec::new();
        for w in writers {
            let (p, refused) = w.await.unwrap();
            assert!(
                refused.is_empty(),
                "round {round}: pushes refused while the server ran: {refused:?}"
            );
            pushes.extend(p);
        }
        let round_acked = pushes
            .iter()
            .filter(|p| matches!(p.answer, Answer::Acked(_)))
            .count();
        acked += round_acked;
        eprintln!(
            "round {round}: killed after {delay} ms; {round_acked} acknowledged, {} unanswered",
            pushes.len() - round_acked
        );
        verify(db, &format!("after the kill of round {round}"));

        server = start(db, None);
        let checker = Checker {
            http: http.clone(),
            base: server.base.clone(),
        };
        checker.recover(&pushes, &mut model).await;
        checker.assert_model(&model).await;
    }
    assert!(Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap()
        .success());
    assert!(server.child.wait().unwrap().success());
    verify(db, "at the end");
    eprintln!(
        "{rounds} rounds: {acked} pushes acknowledged; of the unanswered, {} had been written and {} had not",
        model.unanswered_present, model.unanswered_absent
    );
    assert!(
        acked > 0,
        "no push was ever acknowledged: the test tested nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_concurrent_writes_loses_no_acknowledged_document_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("crash.db").display());
    crash_rounds(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_concurrent_writes_loses_no_acknowledged_document_postgres() {
    let Some(admin) = postgres_or_skip(module_path!()) else {
        return;
    };
    let db = crate::common::fresh_pg_database(&admin).await;
    crash_rounds(&db.url).await;
}
