//! What every request passes through before its gateway: a request id (answered in
//! `X-Request-Id` and carried by every log line of the request), and a panic catcher that
//! answers the edition's server-failure envelope (flagship status 99, enterprise code 9999)
//! instead of dropping the connection.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use futures_util::FutureExt;
use tracing::Instrument;

/// Wraps `router` with request ids and the panic catcher.
pub fn guarded(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(guard))
}

/// A request id unique within the process's life: its start time and a counter.
fn next_request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = *START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    format!("{start:x}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

async fn guard(req: Request, next: Next) -> Response {
    let id = next_request_id();
    let enterprise = req.uri().path().starts_with("/openapi2");
    let span = tracing::info_span!("request", id = %id);
    let answer = std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .instrument(span.clone())
        .await;
    let mut resp = match answer {
        Ok(r) => r,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".into());
            // The id is a field of the event too, so the line carries it whatever the span.
            span.in_scope(
                || tracing::error!(request_id = %id, panic = %what, "request handler panicked"),
            );
            server_failure(enterprise)
        }
    };
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

fn server_failure(enterprise: bool) -> Response {
    let body = if enterprise {
        openwdt_wire::enterprise::error(openwdt_wire::enterprise::CODE_SERVER, "服务器内部错误")
    } else {
        openwdt_wire::flagship::error(openwdt_wire::flagship::Status::Other, "服务器内部错误")
    };
    Json(body).into_response()
}
