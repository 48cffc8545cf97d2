//! Connections are bounded in count and in time, and SIGTERM drains whatever clients do.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{self, TestApp};

fn quick_limits() -> openwdt_server::Config {
    openwdt_server::Config {
        header_timeout: Duration::from_millis(800),
        body_timeout: Duration::from_millis(800),
        idle_timeout: Duration::from_millis(1500),
        ..Default::default()
    }
}

/// Waits for the server to close `s`; answers what it sent before closing and when.
async fn until_closed(s: &mut TcpStream, within: Duration) -> (String, Duration) {
    let t = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(within.saturating_sub(t.elapsed()), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&got).into(), t.elapsed()),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the connection was still open after {within:?}"),
        }
    }
}

fn host(base: &str) -> String {
    base.trim_start_matches("http://").to_string()
}

#[tokio::test]
async fn slow_headers_silent_and_idle_connections_are_closed() {
    let app = TestApp::spawn_with(common::FIXTURE, quick_limits()).await;
    let addr = host(&app.base);

    // Headers dribbled and never finished: cut at the header timeout.
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"POST /openapi?sid=s1 HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let (_, after) = until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(
        after >= Duration::from_millis(700),
        "closed too early: {after:?}"
    );

    // A connection that never says anything owes its first request's headers just the same.
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let (_, after) = until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(after < Duration::from_secs(3), "{after:?}");

    // A keep-alive connection outlives the header timeout while idle, and closes at the idle one.
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = idle.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let (_, after) = until_closed(&mut idle, Duration::from_secs(5)).await;
    assert!(
        after >= Duration::from_millis(1200) && after < Duration::from_secs(4),
        "an idle keep-alive connection closes at the idle timeout, not the header timeout: {after:?}"
    );

    // The server still answers.
    let r = app
        .http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_refused_in_the_envelope() {
    let app = TestApp::spawn_with(common::FIXTURE, quick_limits()).await;
    let mut s = TcpStream::connect(host(&app.base)).await.unwrap();
    s.write_all(
        b"POST /openapi2/stock_query.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nsid=s1",
    )
    .await
    .unwrap();
    // One more byte a while later, then nothing: the body never completes.
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.write_all(b"&").await.unwrap();
    let (answer, after) = until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(after < Duration::from_secs(3), "{after:?}");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"code\":1004"), "{answer}");
    assert!(answer.contains("--body-timeout"), "{answer}");
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_closes() {
    let config = openwdt_server::Config {
        max_connections: 2,
        header_timeout: Duration::from_secs(30),
        ..Default::default()
    };
    let app = TestApp::spawn_with(common::FIXTURE, config).await;
    let addr = host(&app.base);
    let a = TcpStream::connect(&addr).await.unwrap();
    let _b = TcpStream::connect(&addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let http = app.http.clone();
    let url = format!("{}/healthz", app.base);
    let third = tokio::spawn(async move { http.get(url).send().await.map(|r| r.status()) });
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        !third.is_finished(),
        "a third connection is served past the cap of 2"
    );
    drop(a);
    let status = tokio::time::timeout(Duration::from_secs(5), third)
        .await
        .expect("served once a connection closed")
        .unwrap()
        .unwrap();
    assert_eq!(status, 200);
}

#[test]
fn sigterm_exits_within_the_drain_deadline_whatever_clients_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let fx = crate::common::fixture_file(dir.path());
    let (mut child, base) = crate::common::spawn_server(&[
        "--db",
        &db,
        "--fixture",
        fx.to_str().unwrap(),
        "--drain-timeout",
        "2",
        "--header-timeout",
        "60",
        "--body-timeout",
        "60",
        "--idle-timeout",
        "60",
    ]);
    let addr = host(&base);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (mut slow_header, mut slow_body, mut idle) = rt.block_on(async {
        let mut h = TcpStream::connect(&addr).await.unwrap();
        h.write_all(b"POST /openapi HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        let mut b = TcpStream::connect(&addr).await.unwrap();
        b.write_all(b"POST /openapi2/stock_query.php HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nsid=")
            .await
            .unwrap();
        let i = TcpStream::connect(&addr).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        (h, b, i)
    });
    let killed = Instant::now();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    // The slow body keeps a request in flight, so the process drains for its 2 s; meanwhile
    // the idle and the half-received connections are closed at once.
    rt.block_on(async {
        for s in [&mut slow_header, &mut idle] {
            let (_, after) = until_closed(s, Duration::from_secs(1)).await;
            assert!(after < Duration::from_secs(1));
        }
    });
    assert!(
        child.try_wait().unwrap().is_none(),
        "still draining the in-flight request when the others were closed"
    );
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(6),
            "still running {:?} after SIGTERM with a 2 s drain deadline",
            killed.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    assert!(
        killed.elapsed() >= Duration::from_millis(1500),
        "the in-flight request was given its drain time"
    );
    rt.block_on(async {
        until_closed(&mut slow_body, Duration::from_secs(1)).await;
    });
}

/// 40 concurrent 32 MiB bodies, with unknown credentials and with valid ones, while a normal
/// request is made: the server's peak memory stays under 512 MiB and the normal request is
/// answered.
#[test]
fn forty_large_bodies_keep_memory_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let fx = crate::common::fixture_file(dir.path());
    let (mut child, base) =
        crate::common::spawn_server(&["--db", &db, "--fixture", fx.to_str().unwrap()]);
    let pid = child.id();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (refused, normal) = rt.block_on(async {
        let big = bytes_of(32 * 1024 * 1024);
        let http = reqwest::Client::new();
        let mut sends = Vec::new();
        for i in 0..40 {
            // Half with an unknown sid, half with valid credentials (and a signature that
            // cannot match: the body must be read before it can be judged).
            let (sid, key, salt) = if i % 2 == 0 { ("nobody", "k", "x") } else { ("s1", "k1", "salt1") };
            let url = format!(
                "{base}/openapi?sid={sid}&key={key}&salt={salt}&method=wms.StockSpec.search&v=1.0&timestamp={}&sign=00",
                common::now_ts()
            );
            let (client, body) = (http.clone(), big.clone());
            sends.push(tokio::spawn(async move {
                match client.post(url).body(body).send().await {
                    Ok(r) => r.json::<serde_json::Value>().await.ok(),
                    Err(_) => None,
                }
            }));
            // Enterprise bodies are read before anything else: the budget is all that bounds them.
            let (client, body) = (http.clone(), big.clone());
            let url = format!("{base}/openapi2/stock_query.php");
            if i < 10 {
                sends.push(tokio::spawn(async move {
                    match client.post(url).body(body).send().await {
                        Ok(r) => r.json::<serde_json::Value>().await.ok(),
                        Err(_) => None,
                    }
                }));
            }
        }
        // Bodies without Content-Length, in 64-byte chunks: charged as they arrive.
        let chunked = std::sync::Arc::new(chunked_body(32 * 1024 * 1024, 64));
        let mut raw = Vec::new();
        for _ in 0..2 {
            let (addr, framed) = (host(&base), chunked.clone());
            raw.push(tokio::spawn(async move {
                let mut s = TcpStream::connect(addr).await.unwrap();
                let head = "POST /openapi2/stock_query.php HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
                s.write_all(head.as_bytes()).await.unwrap();
                let _ = s.write_all(&framed).await;
                let mut answer = Vec::new();
                let _ = tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut answer)).await;
                String::from_utf8_lossy(&answer).into_owned()
            }));
        }
        // Forms of millions of empty fields: refused at the field cap, never built.
        let fields = bytes::Bytes::from("a&".repeat(16 * 1024 * 1024));
        for _ in 0..4 {
            let (client, body) = (http.clone(), fields.clone());
            let url = format!("{base}/openapi2/stock_query.php");
            sends.push(tokio::spawn(async move {
                match client.post(url).body(body).send().await {
                    Ok(r) => r.json::<serde_json::Value>().await.ok(),
                    Err(_) => None,
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let t = Instant::now();
        let normal = common::flagship_at(
            &http,
            &base,
            &common::S1,
            "wms.StockSpec.search",
            Some((10, 0, true)),
            &serde_json::json!([{"spec_nos": ["A"]}]),
        )
        .await;
        let normal_took = t.elapsed();
        let mut refused = 0;
        for s in sends {
            if let Some(v) = s.await.unwrap() {
                let msg = v["message"].as_str().unwrap_or_default().to_string();
                assert!(v["status"] == 1 || v["code"].as_i64().is_some_and(|c| c != 9999), "{v}");
                if msg.contains("--body-budget") {
                    refused += 1;
                }
            }
        }
        for r in raw {
            let answer = r.await.unwrap();
            assert!(!answer.contains("9999"), "{answer}");
        }
        (refused, (normal, normal_took))
    });
    let peak = crate::common::peak_rss_mib(pid);
    eprintln!("server peak RSS during the large bodies: {peak:.0} MiB");
    assert!(peak < 512.0, "peak RSS {peak:.0} MiB");
    assert_eq!(normal.0["status"], 0, "{}", normal.0);
    assert!(normal.1 < Duration::from_secs(20), "{:?}", normal.1);
    assert!(
        refused > 0,
        "no request was refused for the buffered-bytes budget"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// `n` spaces framed as HTTP/1.1 chunks of `chunk` bytes, with the closing chunk.
fn chunked_body(n: usize, chunk: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + n / chunk * 8 + 8);
    for _ in 0..n / chunk {
        out.extend_from_slice(format!("{chunk:x}\r\n").as_bytes());
        out.extend(std::iter::repeat_n(b' ', chunk));
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// One buffer of `n` spaces that every request shares.
fn bytes_of(n: usize) -> bytes::Bytes {
    bytes::Bytes::from(vec![b' '; n])
}

/// A flagship caller that cannot be authenticated from its query string is answered before its
/// body is read: here the body never comes, and the answer does not wait for it.
#[tokio::test]
async fn an_unauthenticated_flagship_request_is_answered_without_its_body() {
    let app = TestApp::spawn_with(common::FIXTURE, Default::default()).await;
    for (query, says) in [
        ("sid=nobody&key=k1&salt=salt1", "sid is not exists"),
        ("sid=s1&key=k1&salt=wrong", "salt"),
    ] {
        let mut s = TcpStream::connect(host(&app.base)).await.unwrap();
        let head = format!(
            "POST /openapi?{query}&method=wms.StockSpec.search&v=1.0&timestamp={}&sign=00 HTTP/1.1\r\nHost: x\r\nContent-Length: 30000000\r\n\r\n",
            common::now_ts()
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let mut buf = vec![0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf))
            .await
            .expect("answered without waiting for the body")
            .unwrap();
        let answer = String::from_utf8_lossy(&buf[..n]);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(
            answer.contains("\"status\":1") && answer.contains(says),
            "{answer}"
        );
    }
}
