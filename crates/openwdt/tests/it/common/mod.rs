//! Test harness: a real server on a random port over a fresh SQLite file, and a flagship
//! caller that signs requests with its own implementation of the documented algorithm
//! (not the server's), so a signing bug cannot hide behind itself.
#![allow(dead_code)]

use md5::{Digest, Md5};
use openwdt_core::fixture::Fixture;
use openwdt_core::Store;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

pub const FIXTURE: &str = r#"
[[seller]]
sid = "s1"
name = "店铺一"
  [[seller.app]]
  key = "k1"
  secret = "sec1"
  salt = "salt1"
  warehouses = ["*"]
  [[seller.app]]
  key = "k2"
  secret = "sec2"
  salt = "salt2"
  warehouses = ["WH02"]
  [[seller.warehouse]]
  warehouse_no = "WH01"
  name = "主仓"
  positions = ["A-01", "A-02", "B-01"]
  [[seller.warehouse]]
  warehouse_no = "WH02"
  name = "二仓"
  [[seller.provider]]
  provider_no = "P001"
  name = "供应商一"
  [[seller.goods]]
  goods_no = "G1"
  goods_name = "T恤"
    [[seller.goods.spec]]
    spec_no = "A"
    spec_name = "红 M"
    barcode = "690001"
    [[seller.goods.spec]]
    spec_no = "B"
    spec_name = "红 L"
    [[seller.goods.spec]]
    spec_no = "C"
    [[seller.goods.spec]]
    spec_no = "DEL"
    deleted = true
  [[seller.goods]]
  goods_no = "G2"
  goods_name = "牛奶"
    [[seller.goods.spec]]
    spec_no = "M"
  [[seller.batch]]
  batch_no = "B1"
  expire_date = "2026-12-01"
  [[seller.batch]]
  batch_no = "B0"
  expire_date = "2026-11-01"
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "A"
  num = "10"
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "A"
  num = "2.5"
  defect = true
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "M"
  num = "4"
  position_no = "B-01"
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "M"
  num = "3"
  position_no = "A-02"
  batch_no = "B1"
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "M"
  num = "2"
  position_no = "B-01"
  batch_no = "B0"
  [[seller.stock]]
  warehouse_no = "WH02"
  spec_no = "B"
  num = "7"
  [[seller.purchase_order]]
  purchase_no = "CG202511230001"
  provider_no = "P001"
  warehouse_no = "WH01"
  status = 40
    [[seller.purchase_order.detail]]
    spec_no = "A"
    num = "100"
    price = "12.5"
    tax_rate = "0.13"

[[seller]]
sid = "s2"
name = "店铺二"
  [[seller.app]]
  key = "k1"
  secret = "other"
  salt = "other_salt"
  [[seller.warehouse]]
  warehouse_no = "WH01"
  name = "别家主仓"
  [[seller.goods]]
  goods_no = "G1"
  goods_name = "别家货"
    [[seller.goods.spec]]
    spec_no = "A"
"#;

pub struct TestApp {
    pub base: String,
    pub db_url: String,
    pub store: Arc<Store>,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

pub struct Creds {
    pub sid: &'static str,
    pub key: &'static str,
    pub secret: &'static str,
    pub salt: &'static str,
}

pub const S1: Creds = Creds {
    sid: "s1",
    key: "k1",
    secret: "sec1",
    salt: "salt1",
};
pub const S1_WH02_ONLY: Creds = Creds {
    sid: "s1",
    key: "k2",
    secret: "sec2",
    salt: "salt2",
};
pub const S2: Creds = Creds {
    sid: "s2",
    key: "k1",
    secret: "other",
    salt: "other_salt",
};

/// md5(secret + sorted(name+value) + secret), written from the vendor's description.
pub fn flagship_sign(secret: &str, params: &[(&str, String)], body: &str) -> String {
    let mut all: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    all.push(("body".into(), body.into()));
    all.sort();
    let mut s = String::from(secret);
    for (k, v) in all {
        s.push_str(&k);
        s.push_str(&v);
    }
    s.push_str(secret);
    format!("{:x}", Md5::digest(s.as_bytes()))
}

pub fn now_ts() -> i64 {
    chrono::Utc::now().timestamp() - 1_325_347_200
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(FIXTURE, openwdt_server::Config::default()).await
    }

    pub async fn spawn_with(fixture: &str, config: openwdt_server::Config) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let pg = match POSTGRES.try_with(Clone::clone).ok().flatten() {
            Some(admin) => Some(fresh_pg_database(&admin).await),
            None => None,
        };
        let db_url = match &pg {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}", dir.path().join("t.db").display()),
        };
        let store = Store::open(&db_url).await.unwrap();
        store
            .load_fixture(&Fixture::parse(fixture).unwrap())
            .await
            .unwrap();
        let server_store = Store::open(&db_url).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(openwdt_server::serve(
            listener,
            server_store,
            config,
            async {
                let _ = rx.await;
            },
        ));
        TestApp {
            base,
            db_url,
            store: Arc::new(store),
            http: reqwest::Client::new(),
            _dir: dir,
            _pg: pg,
            stop: Some(tx),
        }
    }

    /// Sends a request with the given query parameters (signed unless `sign` is among them).
    pub async fn raw(&self, params: &[(&str, String)], body: &str) -> Value {
        let url =
            reqwest::Url::parse_with_params(&format!("{}/openapi", self.base), params).unwrap();
        let resp = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "every flagship answer is HTTP 200");
        resp.json().await.unwrap()
    }

    pub fn params(
        c: &Creds,
        method: &str,
        page: Option<(i64, i64, bool)>,
    ) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("sid", c.sid.to_string()),
            ("key", c.key.to_string()),
            ("salt", c.salt.to_string()),
            ("method", method.to_string()),
            ("v", "1.0".to_string()),
            ("timestamp", now_ts().to_string()),
        ];
        if let Some((size, no, calc)) = page {
            p.push(("page_size", size.to_string()));
            p.push(("page_no", no.to_string()));
            p.push(("calc_total", if calc { "1" } else { "0" }.to_string()));
        }
        p
    }

    pub async fn call_as(
        &self,
        c: &Creds,
        method: &str,
        page: Option<(i64, i64, bool)>,
        body: &Value,
    ) -> Value {
        flagship_at(&self.http, &self.base, c, method, page, body).await
    }

    pub async fn call(&self, method: &str, body: Value) -> Value {
        self.call_as(&S1, method, None, &body).await
    }

    pub async fn page(&self, method: &str, size: i64, no: i64, params: Value) -> Value {
        self.call_as(
            &S1,
            method,
            Some((size, no, true)),
            &Value::Array(vec![params]),
        )
        .await
    }

    /// Stock of (warehouse, spec, defect) through `wms.StockSpec.search`, "0.0000" if none.
    pub async fn stock_as(&self, c: &Creds, wh: &str, spec: &str, defect: bool) -> String {
        let r = self
            .call_as(
                c,
                "wms.StockSpec.search",
                Some((100, 0, true)),
                &serde_json::json!([{"spec_nos": [spec], "warehouse_no": wh}]),
            )
            .await;
        assert_eq!(r["status"], 0, "{r}");
        r["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["defect"] == i64::from(defect))
            .map_or("0.0000".to_string(), |row| row["stock_num"].to_string())
    }

    pub async fn stock(&self, wh: &str, spec: &str, defect: bool) -> String {
        self.stock_as(&S1, wh, spec, defect).await
    }

    pub async fn counts(&self) -> Vec<(&'static str, i64)> {
        self.store.table_counts().await.unwrap()
    }

    pub async fn assert_ledger_sound(&self) {
        let problems = self.store.verify().await.unwrap();
        assert!(
            problems.is_empty(),
            "ledger invariants broken: {problems:?}"
        );
    }

    /// Change history of one spec today, in posting order.
    pub async fn changes(&self, spec: &str, defect: bool) -> Vec<Value> {
        let today = chrono::Utc::now() + chrono::Duration::hours(8);
        let start = format!("{} 00:00:00", today.format("%Y-%m-%d"));
        let end = format!("{} 23:59:59", today.format("%Y-%m-%d"));
        let r = self
            .page("wms.StockSpec.queryChangeHistory", 1000, 0, serde_json::json!({"start_date": start, "end_date": end, "spec_no": spec, "defect": defect}))
            .await;
        assert_eq!(r["status"], 0, "{r}");
        r["data"]["data"].as_array().unwrap().clone()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// A stocktake body: `[pdOrder, specList]`.
pub fn pd(order: Value, lines: Value) -> Value {
    serde_json::json!([order, lines])
}

pub fn status(v: &Value) -> i64 {
    v["status"].as_i64().unwrap_or(-1)
}

pub fn message(v: &Value) -> String {
    v["message"].as_str().unwrap_or_default().to_string()
}

/// The enterprise signature, written from shared/reference/qyb/signature.md:
/// md5(join(";", sorted "LL-key:VVVV-value" with character lengths) + appsecret).
pub fn enterprise_sign(params: &[(&str, String)], appsecret: &str) -> String {
    let mut sorted: Vec<&(&str, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let text: Vec<String> = sorted
        .iter()
        .map(|(k, v)| {
            format!(
                "{:02}-{}:{:04}-{}",
                k.chars().count(),
                k,
                v.chars().count(),
                v
            )
        })
        .collect();
    format!(
        "{:x}",
        Md5::digest(format!("{}{}", text.join(";"), appsecret).as_bytes())
    )
}

impl TestApp {
    /// POSTs form fields to `/openapi2/<name>` as they are (no signing).
    pub async fn ent_raw(&self, name: &str, form: &[(&str, String)]) -> Value {
        let resp = self
            .http
            .post(format!("{}/openapi2/{name}", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "every enterprise answer is HTTP 200");
        resp.json().await.unwrap()
    }

    /// Signs `business` params with the system params of `c` and POSTs them.
    pub async fn ent_as(&self, c: &Creds, name: &str, business: &[(&str, String)]) -> Value {
        self.ent_raw(name, &enterprise_form(c, business)).await
    }

    pub async fn ent(&self, name: &str, business: &[(&str, String)]) -> Value {
        self.ent_as(&S1, name, business).await
    }
}

pub fn code(v: &Value) -> i64 {
    v["code"].as_i64().unwrap_or(-1)
}

tokio::task_local! {
    /// The PostgreSQL admin URL while a test runs on PostgreSQL (see `dual_test!`).
    static POSTGRES: Option<String>;
}

/// Runs a test body with TestApp on SQLite (`None`) or on PostgreSQL (the admin URL).
pub async fn with_backend<F: std::future::Future<Output = ()>>(pg: Option<String>, f: F) {
    POSTGRES.scope(pg, f).await
}

/// A behaviour test, run twice: on SQLite always, and on PostgreSQL when
/// OPENWDT_TEST_POSTGRES_URL names a server (each run in a database of its own, dropped after);
/// without it the PostgreSQL run passes saying SKIPPED. `.ci/run` sets the variable.
#[allow(unused_macros)]
macro_rules! dual_test {
    (async fn $name:ident() $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                crate::common::with_backend(None, async $body).await
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(url) = crate::common::postgres_or_skip(module_path!()) {
                    crate::common::with_backend(Some(url), async $body).await
                }
            }
        }
    };
}

/// The PostgreSQL admin URL from OPENWDT_TEST_POSTGRES_URL, or `None` after saying the test is
/// skipped (written past libtest's capture, so the skip shows in the run's output).
pub fn postgres_or_skip(test: &str) -> Option<String> {
    match std::env::var("OPENWDT_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test} on PostgreSQL: set OPENWDT_TEST_POSTGRES_URL to run it"
            );
            None
        }
    }
}

/// A database created for one test, dropped when the test's app is.
pub struct PgDatabase {
    pub url: String,
    admin: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop runs inside the test's runtime; the async driver gets a runtime of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(pool) = sqlx::AnyPool::connect(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&pool)
                        .await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

/// A new, empty PostgreSQL database beside the one `admin` names.
pub async fn fresh_pg_database(admin: &str) -> PgDatabase {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    sqlx::any::install_default_drivers();
    let name = format!(
        "openwdt_t_{}_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let pool = sqlx::AnyPool::connect(admin).await.unwrap_or_else(|e| {
        panic!("OPENWDT_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}")
    });
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').unwrap();
    PgDatabase {
        url: format!("{base}/{name}"),
        admin: admin.to_string(),
        name,
    }
}

/// A TestApp on the fixture, on SQLite (`None`) or PostgreSQL (an admin URL).
pub async fn with_backend_app(pg: Option<String>) -> TestApp {
    POSTGRES.scope(pg, TestApp::spawn()).await
}

/// A signed flagship call to the server at `base`; every flagship answer is HTTP 200.
pub async fn flagship_at(
    http: &reqwest::Client,
    base: &str,
    c: &Creds,
    method: &str,
    page: Option<(i64, i64, bool)>,
    body: &Value,
) -> Value {
    let body = body.to_string();
    let mut p = TestApp::params(c, method, page);
    let sign = flagship_sign(c.secret, &p, &body);
    p.push(("sign", sign));
    let url = reqwest::Url::parse_with_params(&format!("{base}/openapi"), &p).unwrap();
    let resp = http
        .post(url)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "every flagship answer is HTTP 200");
    resp.json().await.unwrap()
}

/// The system parameters of `c`, the business ones, and the signature over them all.
pub fn enterprise_form<'a>(c: &Creds, business: &[(&'a str, String)]) -> Vec<(&'a str, String)> {
    let mut p: Vec<(&str, String)> = vec![
        ("sid", c.sid.into()),
        ("appkey", c.key.into()),
        ("timestamp", chrono::Utc::now().timestamp().to_string()),
    ];
    p.extend(business.iter().cloned());
    let sign = enterprise_sign(&p, c.secret);
    p.push(("sign", sign));
    p
}

/// A signed enterprise call to the server at `base`.
pub async fn enterprise_at(
    http: &reqwest::Client,
    base: &str,
    c: &Creds,
    name: &str,
    business: &[(&str, String)],
) -> Value {
    let resp = http
        .post(format!("{base}/openapi2/{name}"))
        .form(&enterprise_form(c, business))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "every enterprise answer is HTTP 200");
    resp.json().await.unwrap()
}

pub const BIN: &str = env!("CARGO_BIN_EXE_openwdt");

/// `openwdt serve --listen 127.0.0.1:0 ARGS…` and its base URL; the log keeps being drained
/// so the server never blocks on a full pipe. The caller waits for (or kills) the process.
#[allow(clippy::zombie_processes)]
pub fn spawn_server(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    loop {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 {
            let _ = child.wait();
            panic!("the server exited before listening:\n{log}");
        }
        log.push_str(&line);
        if line.contains("openwdt listening") {
            let at = line.find("127.0.0.1:").unwrap();
            let port: String = line[at + 10..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            // Keep draining the log so the server never blocks on a full pipe.
            std::thread::spawn(move || for _ in err.lines() {});
            return (child, format!("http://127.0.0.1:{port}"));
        }
    }
}

/// A fixture file with the harness's fixture, in `dir`.
pub fn fixture_file(dir: &std::path::Path) -> std::path::PathBuf {
    let f = dir.join("fixture.toml");
    std::fs::write(&f, FIXTURE).unwrap();
    f
}

/// Peak resident memory of a process, in MiB.
pub fn peak_rss_mib(pid: u32) -> f64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib / 1024.0
}
