//! The process around the server: one writer per SQLite file, durable commits by default,
//! failing fast on a database it cannot use, and a panic answered rather than dropped.

use std::process::Command;
use std::time::{Duration, Instant};

use openwdt_core::store::Durability;
use openwdt_core::Store;

use crate::common::{spawn_server, BIN};

#[test]
fn a_second_process_on_one_sqlite_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.db");
    let db = format!("sqlite://{}", file.display());
    let fx = crate::common::fixture_file(dir.path());
    let (mut first, _) = spawn_server(&["--db", &db, "--fixture", fx.to_str().unwrap()]);
    let pid = first.id().to_string();
    for args in [
        vec!["serve", "--listen", "127.0.0.1:0", "--db", &db],
        vec!["migrate", "--db", &db],
        vec!["stockin", "check", "--db", &db, "--sid", "s1", "RK0"],
    ] {
        let t = Instant::now();
        let out = Command::new(BIN).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} ran beside a server: {err}");
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        assert!(
            err.contains(file.to_str().unwrap()) && err.contains(&format!("pid {pid}")),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    // Reading is still allowed.
    let v = Command::new(BIN)
        .args(["verify", "--db", &db])
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    // Once the holder is gone (however it ended), the file is free.
    first.kill().unwrap();
    first.wait().unwrap();
    let (mut second, _) = spawn_server(&["--db", &db]);
    second.kill().unwrap();
    second.wait().unwrap();
}

#[tokio::test]
async fn sqlite_commits_are_durable_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::open(&db).await.unwrap();
    assert_eq!(
        store.sqlite_synchronous().await.unwrap(),
        Some(2),
        "synchronous=FULL"
    );
    store.close().await;
    let relaxed = Store::open_with(&db, Durability::Relaxed).await.unwrap();
    assert_eq!(
        relaxed.sqlite_synchronous().await.unwrap(),
        Some(1),
        "synchronous=NORMAL"
    );
}

/// Runs `openwdt ARGS` and answers (success, stderr, seconds taken).
fn run(args: &[&str]) -> (bool, String, Duration) {
    let t = Instant::now();
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        t.elapsed(),
    )
}

#[test]
fn a_database_that_cannot_be_used_fails_fast_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing_dir = dir.path().join("no-such-dir").join("x.db");
    let missing = format!("sqlite://{}", missing_dir.display());
    let file = dir.path().join("ro.db");
    let plain = format!("sqlite://{}", file.display());
    assert!(run(&["migrate", "--db", &plain]).0);
    // A file opened read-only (root ignores file modes, so the URL asks for it).
    let read_only = format!("{plain}?mode=ro");
    for (db, names) in [
        (missing.as_str(), missing_dir.display().to_string()),
        (read_only.as_str(), file.display().to_string()),
        (
            "postgres://postgres@127.0.0.1:1/nothing",
            "127.0.0.1:1".to_string(),
        ),
    ] {
        let (ok, err, took) = run(&["serve", "--listen", "127.0.0.1:0", "--db", db]);
        assert!(!ok, "{db}");
        assert!(took < Duration::from_secs(3), "{db}: {took:?}");
        assert!(err.contains(&names), "{db}: {err}");
        assert_eq!(
            err.trim().lines().count(),
            1,
            "{db}: one line, no pool retries: {err}"
        );
        assert!(err.starts_with("error: "), "{err}");
    }
}

async fn flagship_boom() -> &'static str {
    panic!("boom in a flagship handler")
}

async fn enterprise_boom() -> &'static str {
    panic!("boom in an enterprise handler")
}

/// A handler that panics: the client gets the edition's server-failure envelope on the same
/// connection, the answer carries a request id, and the panic is logged with it.
#[tokio::test]
async fn a_panic_is_answered_in_the_envelope_and_logged_with_the_request_id() {
    use axum::routing::post;
    #[derive(Clone, Default)]
    struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Log {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test runtime has one thread: the server's tasks log through this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = openwdt_server::guarded(
        axum::Router::new()
            .route("/openapi", post(flagship_boom))
            .route("/openapi2/{name}", post(enterprise_boom)),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = openwdt_server::Config::default();
    tokio::spawn(async move {
        openwdt_server::serve_router(listener, app, &config, std::future::pending()).await
    });
    // One connection for both requests: the first panic does not close it.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    let mut ids = Vec::new();
    for (path, want) in [
        ("/openapi", ("status", 99)),
        ("/openapi2/x.php", ("code", 9999)),
    ] {
        let r = http
            .post(format!("{base}{path}"))
            .body("[]")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v[want.0], want.1, "{v}");
        ids.push(id);
    }
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    for (id, what) in ids
        .iter()
        .zip(["boom in a flagship", "boom in an enterprise"])
    {
        assert!(
            text.lines()
                .any(|l| l.contains(id.as_str()) && l.contains(what)),
            "no log line with {id} and {what:?}: {text}"
        );
    }
}

/// A database written by an older openwdt may hold text that PostgreSQL refuses: `copy`
/// names it and writes nothing.
#[tokio::test]
async fn copy_refuses_control_characters_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let from = format!("sqlite://{}", dir.path().join("old.db").display());
    let to = format!("sqlite://{}", dir.path().join("new.db").display());
    let store = Store::open(&from).await.unwrap();
    store
        .load_fixture(&openwdt_core::fixture::Fixture::parse(crate::common::FIXTURE).unwrap())
        .await
        .unwrap();
    store.close().await;
    let pool = sqlx::SqlitePool::connect(&from).await.unwrap();
    sqlx::query("UPDATE spec SET spec_name = 'x' || char(0) || 'y' WHERE spec_no = 'B'")
        .execute(&pool)
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM spec WHERE spec_no = 'B'")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (ok, err, _) = run(&["copy", "--from", &from, "--to", &to]);
    assert!(!ok);
    assert!(
        err.contains("table spec")
            && err.contains(&format!("id={id}"))
            && err.contains("spec_name")
            && err.contains("U+0000"),
        "{err}"
    );
    let target = Store::open(&to).await.unwrap();
    let counts = target.table_counts().await.unwrap();
    assert!(counts.iter().all(|(_, n)| *n == 0), "{counts:?}");
}
