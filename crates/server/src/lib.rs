#![recursion_limit = "256"]
//! The openwdt HTTP server: each edition's gateway translates requests into openwdt-core
//! commands and results into that edition's envelope.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use openwdt_core::Store;

mod enterprise;
mod flagship;

/// Reads a request body of at most `limit` bytes; an over-limit body is refused by its
/// Content-Length before any of it is read, and otherwise as soon as the limit is passed.
pub(crate) async fn read_body(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
) -> Result<axum::body::Bytes, ()> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(());
    }
    axum::body::to_bytes(body, limit).await.map_err(|_| ())
}

/// Server settings that are not the database.
#[derive(Clone, Debug)]
pub struct Config {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_limit: 32 * 1024 * 1024,
        }
    }
}

pub(crate) struct AppState {
    pub store: Store,
    pub config: Config,
}

pub type Shared = Arc<AppStateHandle>;

/// What a router is built from; opaque outside this crate.
pub struct AppStateHandle(pub(crate) AppState);

pub fn router(store: Store, config: Config) -> Router {
    let state = Arc::new(AppStateHandle(AppState { store, config }));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi", post(flagship::handle))
        .route("/openapi2/{name}", post(enterprise::handle))
        .with_state(state)
}

async fn healthz(State(s): State<Shared>) -> (StatusCode, &'static str) {
    match s.0.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(store, config))
        .with_graceful_shutdown(shutdown)
        .await
}
