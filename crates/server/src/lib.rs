#![recursion_limit = "256"]
//! The openwdt HTTP server: each edition's gateway translates requests into openwdt-core
//! commands and results into that edition's envelope.
//!
//! Every resource a client can hold is bounded (see [`Config`]): connections by count and by
//! time (`conn`), request bodies by size, by time and by the bytes all requests may buffer at
//! once (`body`); a panic answers in the edition's envelope instead of dropping the connection
//! (`guard`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use openwdt_core::Store;

mod body;
mod conn;
mod enterprise;
mod flagship;
mod guard;
mod ops;

pub use guard::guarded;

/// Server settings that are not the database. Every limit a client can reach is here, with
/// the default `openwdt serve` documents.
#[derive(Clone, Debug)]
pub struct Config {
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Request-body bytes all connections together may buffer at once; a request that would
    /// pass it is refused at once (flagship status 1, enterprise code 1004).
    pub body_budget: usize,
    /// A request's headers must arrive within this, counted from its first byte.
    pub header_timeout: Duration,
    /// A request's whole body must arrive within this.
    pub body_timeout: Duration,
    /// A keep-alive connection with no request under way is closed after this.
    pub idle_timeout: Duration,
    /// Connections served at once; further ones wait in the listen backlog.
    pub max_connections: usize,
    /// After SIGTERM, in-flight requests get this long; then every connection is closed.
    pub drain_timeout: Duration,
    /// Most values a list parameter of a query (`spec_nos`, comma-separated `status`) takes.
    pub list_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_limit: 32 * 1024 * 1024,
            body_budget: 256 * 1024 * 1024,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            drain_timeout: Duration::from_secs(30),
            list_limit: 1000,
        }
    }
}

impl Config {
    /// Refuses settings under which some requests could never be served: a body as large as
    /// `body_limit` must fit the budget's large pool (seven eighths of it) at twice its size.
    pub fn check(&self) -> Result<(), String> {
        let need = self
            .body_limit
            .checked_mul(2)
            .filter(|n| *n <= u32::MAX as usize);
        match need {
            None => Err(format!(
                "--body-limit {} is too large (at most {} bytes)",
                self.body_limit,
                u32::MAX / 2
            )),
            Some(n) if n > self.body_budget - self.body_budget / 8 => Err(format!(
                "--body-budget {} cannot hold one body of --body-limit {}: it must be at least {} bytes",
                self.body_budget,
                self.body_limit,
                n + n / 7 + 1
            )),
            Some(_) => Ok(()),
        }
    }
}

pub(crate) struct AppState {
    pub store: Store,
    pub config: Config,
    pub budget: body::Budget,
}

impl AppState {
    /// A request's body within the configured limit, timeout and budget.
    pub(crate) async fn read_body(
        &self,
        headers: &axum::http::HeaderMap,
        body: axum::body::Body,
    ) -> Result<body::ReadBody, body::BodyError> {
        let c = &self.config;
        body::read(headers, body, c.body_limit, c.body_timeout, &self.budget).await
    }
}

pub type Shared = Arc<AppStateHandle>;

/// What a router is built from; opaque outside this crate.
pub struct AppStateHandle(pub(crate) AppState);

/// The API's routes, guarded (request ids, panics answered in the edition's envelope).
pub fn router(store: Store, config: Config) -> Router {
    let budget = body::Budget::new(config.body_budget);
    let state = Arc::new(AppStateHandle(AppState {
        store,
        config,
        budget,
    }));
    guarded(
        Router::new()
            .route("/healthz", get(healthz))
            .route("/openapi", post(flagship::handle))
            .route("/openapi2/{name}", post(enterprise::handle))
            .with_state(state),
    )
}

async fn healthz(State(s): State<Shared>) -> (StatusCode, &'static str) {
    match s.0.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// Serves the API until `shutdown` resolves, then drains (see [`serve_router`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(store, config.clone());
    serve_router(listener, app, &config, shutdown).await
}

/// Serves any router with the connection limits of `config`: at most `max_connections` at
/// once, headers within `header_timeout`, idle keep-alive connections closed after
/// `idle_timeout`. When `shutdown` resolves the listener closes, idle and half-received
/// connections close at once, in-flight requests finish, and after `drain_timeout` whatever
/// is left is closed.
pub async fn serve_router(
    listener: tokio::net::TcpListener,
    app: Router,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    conn::serve(listener, app, conn::Limits::from(config), shutdown).await
}

/// The problems a refusal words at most; the rest are counted. A request of 200,000 unknown
/// specs answered every one (9 MB of message, a quarter of the time of its refusal), more than
/// anyone reads: the first hundred show what is wrong.
pub(crate) const SHOWN_PROBLEMS: usize = 100;

/// The worded problems (at most [`SHOWN_PROBLEMS`] of `total`) as one message.
pub(crate) fn join_problems(mut msgs: Vec<String>, total: usize) -> String {
    if total > msgs.len() {
        msgs.push(format!("…另有 {} 个问题未列出", total - msgs.len()));
    }
    msgs.join("; ")
}

/// A core failure in plain words (the flagship's message style, each field by its domain
/// name): how the command line reports a refused `check` or `cancel`.
pub fn describe(e: openwdt_core::CoreError) -> String {
    use openwdt_core::CoreError;
    match e {
        CoreError::Problems(_) | CoreError::Duplicate { .. } => flagship::Fail::from(e).1,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use openwdt_wire::endpoint::Edition;

    /// Every declared endpoint is served by its edition's gateway, and nothing undeclared is: the
    /// declarations the client reads its retry rules from are the server's routes.
    #[test]
    fn the_routes_are_the_declarations() {
        let mut served = crate::flagship::served();
        served.extend(crate::enterprise::served());
        for d in openwdt_wire::api::ALL {
            assert!(served.contains(d), "declared but not served: {}", d.name);
        }
        for d in &served {
            assert!(
                openwdt_wire::api::ALL.contains(d),
                "served but not declared: {}",
                d.name
            );
        }
        let count = |e| served.iter().filter(|d| d.edition == e).count();
        assert_eq!(served.len(), openwdt_wire::api::ALL.len(), "no route twice");
        assert_eq!(
            (count(Edition::Flagship), count(Edition::Enterprise)),
            (55, 26)
        );
    }
}
