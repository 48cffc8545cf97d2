//! An async SDK for the Wangdiantong (旺店通) open API, both editions, against the cloud or
//! an openwdt server: switch the base URL, nothing else.
//!
//! - [`FlagshipClient`] (旗舰版): `POST /openapi?method=…`, the JSON-array body, `secret:salt`.
//! - [`EnterpriseClient`] (企业版): `POST /openapi2/<name>.php`, form fields, its own signature.
//!
//! Both have an untyped call and a typed method per endpoint openwdt implements. The request
//! and answer types are [`openwdt_wire::api`]'s, the ones the openwdt server answers with;
//! quantities and prices are exact [`Dec4`]s, never floats. Signing is
//! [`openwdt_wire`]'s, the server's own.
//!
//! Failures are an [`Error`]: the API's code and message, transport, HTTP, or decode.
//! Retries happen only where repeating cannot do anything twice: queries that failed in
//! transport, and enterprise pushes keyed by `outer_no`/`api_outer_no`, where a retry the
//! server answers "2005 duplicate" with the existing document's number is the success the
//! first attempt had ([`Pushed::replayed`]). Flagship pushes carry no outer number and are
//! never retried.
//!
//! The examples run against `openwdt serve --demo` (its seller, warehouse, spec and approved
//! purchase order).
//!
//! # Flagship
//!
//! ```no_run
//! use openwdt_client::api::flagship::{PdOrder, PdSpec, Pager, StockSearch};
//! use openwdt_client::FlagshipClient;
//!
//! # async fn run() -> Result<(), openwdt_client::Error> {
//! let wdt = FlagshipClient::new("http://127.0.0.1:8080", "demo", "demo_key", "demo_secret:demo_salt")?;
//! let order = PdOrder { warehouse_no: "WH01".into(), defect_mode: Some(1), remark: Some("cycle count".into()), ..Default::default() };
//! let specs = [PdSpec { spec_no: "G001-RED-M".into(), new_num: "25.5".parse().unwrap(), ..Default::default() }];
//! let pd = wdt.stock_sync_by_pd(&order, &specs).await?;
//! println!("stocktake {}", pd.pd_no);
//!
//! let query = StockSearch { spec_nos: vec!["G001-RED-M".into()], ..Default::default() };
//! let page = wdt.stock_search(&query, Pager::new(0, 100)).await?;
//! for s in page.data {
//!     println!("{} in {}: {}", s.spec_no, s.warehouse_no, s.stock_num);
//! }
//! # Ok(()) }
//! ```
//!
//! # Enterprise
//!
//! ```no_run
//! use openwdt_client::api::enterprise::{StockinPurchaseDetail, StockinPurchaseInfo, StockinPurchasePush};
//! use openwdt_client::EnterpriseClient;
//!
//! # async fn run() -> Result<(), openwdt_client::Error> {
//! let wdt = EnterpriseClient::new("http://127.0.0.1:8080", "demo", "demo_key", "demo_secret")?;
//! let push = StockinPurchasePush {
//!     purchase_info: Some(StockinPurchaseInfo {
//!         purchase_no: "CG202511230001".into(),
//!         warehouse_no: "WH01".into(),
//!         outer_no: format!("SAP-GR-{}", std::process::id()),
//!         is_check: Some(true),
//!         details_list: Some(vec![StockinPurchaseDetail {
//!             spec_no: "G001-RED-M".into(),
//!             stockin_num: "10".parse().unwrap(),
//!             ..Default::default()
//!         }]),
//!         ..Default::default()
//!     }),
//! };
//! let done = wdt.stockin_purchase_push(&push).await?;
//! println!("stock-in {} (replayed: {})", done.answer.stockin_no, done.replayed);
//! # Ok(()) }
//! ```

mod enterprise;
mod error;
mod flagship;
mod returns;

use std::time::Duration;

pub use enterprise::EnterpriseClient;
pub use error::{ApiError, Error};
pub use flagship::FlagshipClient;
pub use openwdt_wire::api;
pub use openwdt_wire::{Dec4, Dec4Str, Num};

/// Timeouts and retries, the same for both editions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// For a whole request, from connecting to the last byte of the answer.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Further attempts after a transport failure, where a retry is safe.
    pub retries: u32,
    /// Wait before the n-th retry: n × this.
    pub backoff: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retries: 2,
            backoff: Duration::from_millis(200),
        }
    }
}

impl Options {
    fn http(&self) -> Result<reqwest::Client, Error> {
        reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!("openwdt-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))
    }
}

/// An answer and, for paged flagship calls that asked for it, the total count.
#[derive(Clone, Debug, PartialEq)]
pub struct Paged<T> {
    pub data: T,
    pub total: Option<u64>,
}

/// A push's answer. `replayed` is true when a retry after a lost answer was told the
/// outer number was already used: the answer then holds the first push's number only.
#[derive(Clone, Debug, PartialEq)]
pub struct Pushed<T> {
    pub answer: T,
    pub replayed: bool,
}

/// What a failed attempt allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Safety {
    /// A push without an outer number: a second attempt could create a second document.
    Never,
    /// A query: repeating it changes nothing.
    Query,
    /// A push keyed by its outer number; the duplicate answer names the existing document
    /// under this field.
    Keyed(&'static str),
}

/// Runs `attempt` until it succeeds, fails for a reason other than transport, or the
/// retries allowed by `safety` are spent. `attempt` gets the retry number (0 first) and
/// signs anew each time, so a retry carries a fresh timestamp.
pub(crate) async fn with_retries<T, F, Fut>(
    opts: &Options,
    safety: Safety,
    what: &str,
    mut attempt: F,
) -> Result<T, Error>
where
    F: FnMut(u32) -> Fut,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    let mut n = 0;
    loop {
        match attempt(n).await {
            Err(Error::Transport(e)) if safety != Safety::Never && n < opts.retries => {
                n += 1;
                tracing::warn!(call = what, retry = n, error = %e, "transport failure; retrying");
                tokio::time::sleep(opts.backoff * n).await;
            }
            other => return other,
        }
    }
}

/// Base URL with no trailing slash and without the endpoint path, which each client adds.
fn base(url: &str, suffix: &str) -> Result<String, Error> {
    let trimmed = url.trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(suffix).unwrap_or(trimmed);
    reqwest::Url::parse(trimmed).map_err(|e| Error::Config(format!("base URL {url:?}: {e}")))?;
    Ok(trimmed.to_string())
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Reads an answer body as JSON; a non-200 status without a JSON body is [`Error::Http`].
async fn read_json(resp: reqwest::Response) -> Result<serde_json::Value, Error> {
    let status = resp.status();
    let body = resp.text().await.map_err(Error::transport)?;
    match serde_json::from_str(&body) {
        Ok(v) => Ok(v),
        Err(_) if !status.is_success() => Err(Error::Http {
            status: status.as_u16(),
            body,
        }),
        Err(e) => Err(Error::Decode {
            message: format!("not JSON: {e}"),
            body,
        }),
    }
}

fn decode<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, Error> {
    T::deserialize(&v).map_err(|e| Error::Decode {
        message: e.to_string(),
        body: v.to_string(),
    })
}
