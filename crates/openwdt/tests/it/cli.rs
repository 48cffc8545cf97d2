//! The `openwdt` binary: `serve --demo` (the README's first command), SIGTERM, `verify`.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_openwdt");

#[test]
fn the_demo_snippet_works_when_pasted_and_sigterm_stops_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let mut child = Command::new(BIN)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--db", &db])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    let mut line = String::new();
    let mut curls = 0;
    while out.read_line(&mut line).unwrap() > 0 {
        banner.push_str(&line);
        if line.starts_with("curl ") {
            curls += 1;
            if curls == 2 {
                break;
            }
        }
        line.clear();
    }
    // Each snippet: from its first shell line to its curl line.
    let snippet_from = |first: &str| -> String {
        let mut lines = Vec::new();
        for l in banner.lines().skip_while(|l| !l.starts_with(first)) {
            lines.push(l);
            if l.starts_with("curl ") {
                break;
            }
        }
        lines.join("\n")
    };
    let snippet = snippet_from("BODY=");
    let enterprise = snippet_from("TS=$(date +%s)");
    // The README shows the same snippets for the default address.
    let readme = include_str!("../../../../README.md");
    let addr = banner
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .to_string();
    for s in [&snippet, &enterprise] {
        assert!(
            readme.contains(&s.replace(&addr, "127.0.0.1:8080")),
            "README is out of date with the demo snippet:\n{s}"
        );
    }
    assert!(
        banner.contains("sid=demo") && snippet.contains("curl"),
        "{banner}"
    );
    let run = Command::new("bash")
        .arg("-c")
        .arg(&snippet)
        .output()
        .unwrap();
    let answer = String::from_utf8_lossy(&run.stdout);
    assert!(
        answer.contains("\"status\":0") && answer.contains("\"pd_no\":\"WP"),
        "pasted demo request answered {answer}"
    );
    let run = Command::new("bash")
        .arg("-c")
        .arg(&enterprise)
        .output()
        .unwrap();
    let answer = String::from_utf8_lossy(&run.stdout);
    assert!(
        answer.contains("\"code\":0") && answer.contains("\"stockin_no\":\"RK"),
        "pasted enterprise stock-in answered {answer}\nsnippet:\n{enterprise}"
    );

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0, got {status}");

    let v = Command::new(BIN)
        .args(["verify", "--db", &db])
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

#[tokio::test]
async fn verify_names_each_violation_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("v.db").display());
    let store = openwdt_core::Store::open(&db).await.unwrap();
    store
        .load_fixture(&openwdt_core::fixture::Fixture::parse(openwdt_core::fixture::DEMO).unwrap())
        .await
        .unwrap();
    store.close().await;
    let ok = Command::new(BIN)
        .args(["verify", "--db", &db])
        .output()
        .unwrap();
    assert!(ok.status.success());

    // Tamper behind the ledger's back: one stock row and one document's status.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db).await.unwrap();
    sqlx::query(
        "UPDATE stock_detail SET num = num + 10000 WHERE id = (SELECT MIN(id) FROM stock_detail)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE document SET status = 20 WHERE kind = 'init'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE purchase_order_detail SET arrive_num = 10000")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let bad = Command::new(BIN)
        .args(["verify", "--db", &db])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(!bad.status.success());
    assert!(
        out.contains("stock_detail") && out.contains("postings sum to"),
        "{out}"
    );
    assert!(
        out.contains("stock_spec") && out.contains("not completed"),
        "{out}"
    );
    assert!(
        out.contains("purchase_order CG202511230001")
            && out.contains("completed stock-ins sum to 0.0000"),
        "{out}"
    );
}

#[test]
fn sigterm_lets_an_in_flight_stocktake_finish() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let n = 60_000;
    let mut fx = String::from("[[seller]]\nsid = \"s\"\nname = \"s\"\n[[seller.app]]\nkey = \"k\"\nsecret = \"sec\"\nsalt = \"salt\"\n");
    fx.push_str("[[seller.warehouse]]\nwarehouse_no = \"W\"\nname = \"W\"\n[[seller.goods]]\ngoods_no = \"G\"\ngoods_name = \"G\"\n");
    for i in 0..n {
        fx.push_str(&format!("[[seller.goods.spec]]\nspec_no = \"S{i}\"\n"));
    }
    let fixture = dir.path().join("f.toml");
    std::fs::write(&fixture, fx).unwrap();
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--db",
            &db,
            "--fixture",
            fixture.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let addr = first.trim().rsplit("http://").next().unwrap().to_string();

    let lines: Vec<_> = (0..n).map(|i| serde_json::json!({"spec_no": format!("S{i}"), "remark": "", "new_num": "1", "defect": false})).collect();
    let body = serde_json::json!([{"warehouse_no": "W", "defect_mode": 0, "remark": ""}, lines])
        .to_string();
    let params: Vec<(&str, String)> = [
        ("sid", "s"),
        ("key", "k"),
        ("salt", "salt"),
        ("method", "wms.StockPd.stockSyncByPd"),
        ("v", "1.0"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .chain([("timestamp", common::now_ts().to_string())])
    .collect();
    let sign = common::flagship_sign("sec", &params, &body);
    let mut url =
        reqwest::Url::parse_with_params(&format!("http://{addr}/openapi"), &params).unwrap();
    url.query_pairs_mut().append_pair("sign", &sign);

    let pid = child.id().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (answer, answered_after_kill) = rt.block_on(async move {
        let req = tokio::spawn(async move {
            let a = reqwest::Client::new()
                .post(url)
                .body(body)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap();
            (a, std::time::Instant::now())
        });
        // The stocktake takes seconds; stop the server while it runs.
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        let killed = std::time::Instant::now();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        let (a, at) = req.await.unwrap();
        (a, at > killed)
    });
    assert!(
        answered_after_kill,
        "the request must still be running when SIGTERM arrives"
    );
    assert_eq!(
        answer["status"], 0,
        "the in-flight stocktake finished: {answer}"
    );
    assert!(child.wait().unwrap().success());
    let v = Command::new(BIN)
        .args(["verify", "--db", &db])
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

/// Starts `openwdt serve` on `db` (with a fixture) and answers the process and its base URL.
fn start_server(db: &str, fixture: Option<&std::path::Path>) -> (std::process::Child, String) {
    match fixture {
        Some(f) => common::spawn_server(&["--db", db, "--fixture", f.to_str().unwrap()]),
        None => common::spawn_server(&["--db", db]),
    }
}

/// Two server processes on one PostgreSQL database, 32 clients × 50 writes on one spec:
/// purchase stock-ins of its normal stock and stocktakes of its defect stock, spread over both
/// processes. No update is lost, numbers are unique, one document per outer_no, ledger sound.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_on_one_postgres_database_lose_no_update() {
    let Some(admin) =
        common::postgres_or_skip("two_processes_on_one_postgres_database_lose_no_update")
    else {
        return;
    };
    let db = common::fresh_pg_database(&admin).await;
    let dir = tempfile::tempdir().unwrap();
    let fx = dir.path().join("fx.toml");
    std::fs::write(
        &fx,
        r#"[[seller]]
sid = "s1"
name = "s1"
  [[seller.app]]
  key = "k1"
  secret = "sec1"
  salt = "salt1"
  [[seller.warehouse]]
  warehouse_no = "WH01"
  name = "WH01"
  [[seller.provider]]
  provider_no = "P001"
  name = "P"
  [[seller.goods]]
  goods_no = "G"
  goods_name = "G"
    [[seller.goods.spec]]
    spec_no = "A"
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "A"
  num = "10"
  [[seller.stock]]
  warehouse_no = "WH01"
  spec_no = "A"
  num = "5"
  defect = true
  [[seller.purchase_order]]
  purchase_no = "CG1"
  provider_no = "P001"
  warehouse_no = "WH01"
  status = 40
    [[seller.purchase_order.detail]]
    spec_no = "A"
    num = "1000000"
    price = "1"
"#,
    )
    .unwrap();
    let (mut a, url_a) = start_server(&db.url, Some(&fx));
    let (mut b, url_b) = start_server(&db.url, None);
    let http = reqwest::Client::new();
    let mut tasks = Vec::new();
    for client in 0..32usize {
        let http = http.clone();
        let urls = [url_a.clone(), url_b.clone()];
        tasks.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            for i in 0..50usize {
                let base = &urls[(client + i) % 2];
                let answer = if i % 2 == 0 {
                    let info = serde_json::json!({"purchase_no": "CG1", "warehouse_no": "WH01",
                        "outer_no": format!("c{client}-{i}"), "is_check": 1,
                        "details_list": [{"spec_no": "A", "stockin_num": "1"}]});
                    common::enterprise_at(&http, base, &common::S1, "stockin_purchase_push.php", &[("purchase_info", info.to_string())]).await
                } else {
                    let body = serde_json::json!([{"warehouse_no": "WH01", "defect_mode": 2, "remark": ""},
                        [{"spec_no": "A", "remark": "", "new_num": format!("{}", client * 100 + i), "defect": true}]]);
                    common::flagship_at(&http, base, &common::S1, "wms.StockPd.stockSyncByPd", None, &body).await
                };
                answers.push(answer);
            }
            // A retried push (through the other process) finds the first document.
            let info = serde_json::json!({"purchase_no": "CG1", "warehouse_no": "WH01", "outer_no": format!("c{client}-0"),
                "is_check": 1, "details_list": [{"spec_no": "A", "stockin_num": "1"}]});
            let retry = common::enterprise_at(
                &http,
                &urls[(client + 1) % 2],
                &common::S1,
                "stockin_purchase_push.php",
                &[("purchase_info", info.to_string())],
            )
            .await;
            (answers, retry)
        }));
    }
    for t in tasks {
        let (answers, retry) = t.await.unwrap();
        for a in &answers {
            assert!(
                a["code"] == 0 || a["status"] == 0,
                "every write succeeds: {a}"
            );
        }
        assert_eq!(retry["code"], 2005, "{retry}");
        assert_eq!(retry["stockin_no"], answers[0]["stockin_no"]);
    }
    let _ = (a.kill(), b.kill(), a.wait(), b.wait());

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let one = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::Row::get::<i64, _>(&sqlx::query(sql).fetch_one(&pool).await.unwrap(), 0) }
    };
    assert_eq!(
        one("SELECT num FROM stock_spec WHERE defect = 0").await,
        810 * 10_000,
        "10 + 32 × 25 stock-ins"
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM document WHERE kind = 'purchase_in'").await,
        800
    );
    assert_eq!(
        one("SELECT COUNT(DISTINCT doc_no) FROM document").await,
        one("SELECT COUNT(*) FROM document").await
    );
    assert_eq!(
        one("SELECT COUNT(DISTINCT stockio_no) FROM ledger").await,
        one("SELECT COUNT(*) FROM (SELECT DISTINCT document_id, io_type FROM ledger) x").await,
        "one stock-in/stock-out number per document and direction"
    );
    // Each stocktake of the defect stock found what the previous one left.
    let rows = sqlx::query("SELECT p.old_num, p.new_num FROM pd_detail p ORDER BY p.document_id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 800);
    let mut prev = 5 * 10_000;
    for r in &rows {
        let (old, new): (i64, i64) = (sqlx::Row::get(r, 0), sqlx::Row::get(r, 1));
        assert_eq!(old, prev, "a stocktake lost an update");
        prev = new;
    }
    pool.close().await;
    let v = Command::new(BIN)
        .args(["verify", "--db", &db.url])
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}

/// `openwdt copy` moves a used SQLite database to PostgreSQL: verify passes there and the server
/// on the copy answers as the original did.
#[tokio::test]
async fn copy_moves_a_sqlite_database_to_postgres_and_answers_stay_the_same() {
    let Some(admin) = common::postgres_or_skip(
        "copy_moves_a_sqlite_database_to_postgres_and_answers_stay_the_same",
    ) else {
        return;
    };
    let app = common::with_backend_app(None).await;
    let r = app
        .ent(
            "stockin_purchase_push.php",
            &[("purchase_info", serde_json::json!({"purchase_no": "CG202511230001", "warehouse_no": "WH01",
                "outer_no": "COPY-1", "is_check": 1, "details_list": [{"spec_no": "A", "stockin_num": "3", "batch_no": "B1"}]}).to_string())],
        )
        .await;
    assert_eq!(common::code(&r), 0, "{r}");
    let r = app
        .call(
            "wms.StockPd.stockSyncByPd",
            common::pd(
                serde_json::json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
                serde_json::json!([{"spec_no": "M", "remark": "", "new_num": "1"}]),
            ),
        )
        .await;
    assert_eq!(common::status(&r), 0, "{r}");
    let target = common::fresh_pg_database(&admin).await;
    let out = Command::new(BIN)
        .args(["copy", "--from", &app.db_url, "--to", &target.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ledger: "));
    // A second copy into the now-used target is refused.
    let again = Command::new(BIN)
        .args(["copy", "--from", &app.db_url, "--to", &target.url])
        .output()
        .unwrap();
    assert!(!again.status.success());

    let (mut server, base) = start_server(&target.url, None);
    let day = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let queries = [
        (
            "wms.StockSpec.search",
            serde_json::json!({"start_time": format!("{day} 00:00:00"), "end_time": format!("{day} 23:59:59")}),
        ),
        (
            "wms.StockSpec.queryChangeHistory",
            serde_json::json!({"start_date": format!("{day} 00:00:00"), "end_date": format!("{day} 23:59:59"), "spec_no": "A"}),
        ),
        (
            "purchase.PurchaseOrder.queryWithDetail",
            serde_json::json!({"purchase_no": "CG202511230001"}),
        ),
    ];
    for (method, params) in queries {
        let original = app.page(method, 100, 0, params.clone()).await;
        let copied = common::flagship_at(
            &app.http,
            &base,
            &common::S1,
            method,
            Some((100, 0, true)),
            &serde_json::json!([params]),
        )
        .await;
        assert_eq!(common::status(&original), 0, "{original}");
        assert_eq!(original, copied, "{method} answers differently on the copy");
    }
    // The copy keeps working: new rows continue after the copied ids and numbers.
    let body = common::pd(
        serde_json::json!({"warehouse_no": "WH01", "defect_mode": 0, "remark": ""}),
        serde_json::json!([{"spec_no": "C", "remark": "", "new_num": "9"}]),
    );
    let r = common::flagship_at(
        &app.http,
        &base,
        &common::S1,
        "wms.StockPd.stockSyncByPd",
        None,
        &body,
    )
    .await;
    assert_eq!(common::status(&r), 0, "{r}");
    assert!(
        r["data"]["pd_no"].as_str().unwrap().ends_with("0002"),
        "the second stocktake of the day: {r}"
    );
    let _ = (server.kill(), server.wait());
    let v = Command::new(BIN)
        .args(["verify", "--db", &target.url])
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));
}
