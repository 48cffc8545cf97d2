//! The `openwdt` binary: `serve --demo` (the README's first command), SIGTERM, `verify`.

mod common;

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
    let readme = include_str!("../../../README.md");
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
