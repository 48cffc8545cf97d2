//! The `openwdt` binary: `serve --demo` (the README's first command), SIGTERM, `verify`.

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
    while out.read_line(&mut line).unwrap() > 0 {
        banner.push_str(&line);
        if line.starts_with("curl ") {
            break;
        }
        line.clear();
    }
    let snippet: String = banner
        .lines()
        .skip_while(|l| !l.starts_with("BODY="))
        .collect::<Vec<_>>()
        .join("\n");
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
}
