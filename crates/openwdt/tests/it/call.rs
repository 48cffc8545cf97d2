//! `openwdt call`: the binary signs and sends one call of either edition, with credentials
//! from the environment or a profile file, and prints the answer, an error, or a curl command.

use crate::common::*;
use serde_json::Value;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_openwdt");

/// Runs `openwdt call …` off the runtime (the server under test shares it) with a clean
/// environment plus `env`.
async fn call(args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("call").args(args);
    for v in [
        "OPENWDT_URL",
        "OPENWDT_SID",
        "OPENWDT_KEY",
        "OPENWDT_SECRET",
        "OPENWDT_PROFILE",
    ] {
        cmd.env_remove(v);
    }
    cmd.env("RUST_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn stdout_json(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "exit {:?}, stderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn flagship_env(app: &TestApp) -> Vec<(&'static str, String)> {
    vec![
        ("OPENWDT_URL", app.base.clone()),
        ("OPENWDT_SID", "s1".into()),
        ("OPENWDT_KEY", "k1".into()),
        ("OPENWDT_SECRET", "sec1:salt1".into()),
    ]
}

dual_test! {
async fn call_sends_both_editions_with_env_or_profile_credentials() {
    let app = TestApp::spawn().await;

    // Flagship, credentials from the environment, paged.
    let o = call(&["wms.StockSpec.search", r#"{"spec_nos":["A"]}"#, "--page-size", "10"], &flagship_env(&app)).await;
    let r = stdout_json(&o);
    assert_eq!((r["status"].as_i64(), r["total"].as_i64()), (Some(0), Some(2)), "{r}");
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1, "compact when not a terminal");

    // Enterprise, credentials from a profile in the user's config directory, input from a file.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("openwdt")).unwrap();
    std::fs::write(
        home.path().join("openwdt/profiles.toml"),
        format!("[local]\nurl = \"{}\"\nsid = \"s1\"\nkey = \"k1\"\nsecret = \"sec1\"\n", app.base),
    )
    .unwrap();
    let xdg = vec![("XDG_CONFIG_HOME", home.path().display().to_string())];
    let input = home.path().join("push.json");
    std::fs::write(
        &input,
        r#"{"purchase_info":{"purchase_no":"CG202511230001","warehouse_no":"WH01","outer_no":"CLI-1","is_check":1,"details_list":[{"spec_no":"A","stockin_num":"2"}]}}"#,
    )
    .unwrap();
    let file_arg = format!("@{}", input.display());
    let o = call(&["--profile", "local", "stockin_purchase_push", &file_arg], &xdg).await;
    let r = stdout_json(&o);
    assert_eq!(r["code"], 0, "{r}");
    let rk = r["stockin_no"].as_str().unwrap().to_string();
    assert!(rk.starts_with("RK"), "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "12.0000");

    // The same push again: an API error, exit 1, code and message on stderr, nothing written.
    let counts = app.counts().await;
    let o = call(&["--profile", "local", "stockin_purchase_push.php", &file_arg], &xdg).await;
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("error 2005:") && err.contains(&format!("existing document: {rk}")), "{err}");
    assert_eq!(app.counts().await, counts);

    // A flag overrides the profile; a wrong secret is refused and never echoed.
    let o = call(&["--profile", "local", "--secret", "not-the-secret", "stock_query", r#"{"spec_no":"A"}"#], &xdg).await;
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error 1022:"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("not-the-secret"));

    // Missing credentials, an unknown profile, bad JSON: exit 2 saying what is wrong.
    let o = call(&["stock_query"], &[]).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing url"), "{}", stderr(&o));
    let o = call(&["--profile", "nope", "stock_query"], &xdg).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no profile [nope]"), "{}", stderr(&o));
    let o = call(&["wms.StockSpec.search", "{not json"], &flagship_env(&app)).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not JSON"), "{}", stderr(&o));
}
}

dual_test! {
async fn dry_run_prints_a_curl_command_that_sends_the_same_request() {
    let app = TestApp::spawn().await;
    let counts = app.counts().await;
    let o = call(
        &["wms.StockPd.stockSyncByPd", r#"[{"warehouse_no":"WH01","defect_mode":1,"remark":"it's 盘点"},[{"spec_no":"A","new_num":"7","remark":"","defect":false}]]"#, "--dry-run"],
        &flagship_env(&app),
    )
    .await;
    assert!(o.status.success(), "{}", stderr(&o));
    let curl = String::from_utf8(o.stdout).unwrap();
    assert!(curl.starts_with("curl "), "{curl}");
    assert_eq!(app.counts().await, counts, "a dry run sends nothing");
    let sent = tokio::task::spawn_blocking(move || Command::new("sh").arg("-c").arg(curl).output().unwrap()).await.unwrap();
    let r: Value = serde_json::from_slice(&sent.stdout).unwrap();
    assert_eq!(r["status"], 0, "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "7.0000");

    let env = vec![
        ("OPENWDT_URL", app.base.clone()),
        ("OPENWDT_SID", "s1".into()),
        ("OPENWDT_KEY", "k1".into()),
        ("OPENWDT_SECRET", "sec1".into()),
    ];
    let o = call(
        &["stock_sync_by_pd", r#"{"warehouse_no":"WH01","api_outer_no":"dry-1","is_check":1,"remark":"it's","goods_list":[{"spec_no":"A","stock_num":"3"}]}"#, "--dry-run"],
        &env,
    )
    .await;
    let curl = String::from_utf8(o.stdout).unwrap();
    assert!(!curl.contains("sec1"), "the appsecret is never printed: {curl}");
    assert_eq!(app.stock("WH01", "A", false).await, "7.0000", "a dry run sends nothing");
    let sent = tokio::task::spawn_blocking(move || Command::new("sh").arg("-c").arg(curl).output().unwrap()).await.unwrap();
    let r: Value = serde_json::from_slice(&sent.stdout).unwrap();
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(app.stock("WH01", "A", false).await, "3.0000");
    app.assert_ledger_sound().await;
}
}

/// On a terminal the answer is indented; `script` gives the binary one.
#[tokio::test]
async fn the_answer_is_pretty_on_a_terminal() {
    let app = TestApp::spawn().await;
    let mut cmd = Command::new("script");
    cmd.args([
        "-qec",
        &format!("{BIN} call wms.StockSpec.search '{{\"spec_nos\":[\"A\"]}}' --page-size 5"),
        "/dev/null",
    ]);
    for (k, v) in flagship_env(&app) {
        cmd.env(k, v);
    }
    let o = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout).replace('\r', "");
    assert!(o.status.success(), "{text}");
    assert!(text.starts_with("{\n  \"status\": 0,"), "{text}");
    let r: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(r["total"], 2);
}
