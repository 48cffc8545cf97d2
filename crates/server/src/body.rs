//! Request bodies: at most `body_limit` bytes each, whole within `body_timeout`, and no more
//! than `body_budget` bytes buffered by all requests together — memory stays bounded however
//! many clients send large bodies, authenticated or not.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Bodies of at most this many bytes may also use the reserve of the budget.
const SMALL_BODY: usize = 64 * 1024;

/// The bytes all requests may buffer at once, one permit a byte. An eighth of it is kept for
/// small bodies, so ordinary requests are still answered while large ones fill the rest.
#[derive(Clone)]
pub(crate) struct Budget {
    large: Arc<Semaphore>,
    reserve: Arc<Semaphore>,
    total: usize,
}

impl Budget {
    pub fn new(total: usize) -> Budget {
        let total = total.min(Semaphore::MAX_PERMITS);
        let reserve = total / 8;
        Budget {
            large: Arc::new(Semaphore::new(total - reserve)),
            reserve: Arc::new(Semaphore::new(reserve)),
            total,
        }
    }

    /// Whether `n` more received bytes could be charged now (a declared length is judged
    /// before any byte is read, without holding anything for bytes that may never come).
    fn could_take(&self, n: usize) -> bool {
        let charge = n.saturating_mul(2);
        let large = self.large.available_permits();
        charge <= large || (n <= SMALL_BODY && charge <= large + self.reserve.available_permits())
    }
}

/// What one body holds of the budget: at most one permit per pool, grown as bytes arrive.
struct Held<'a> {
    budget: &'a Budget,
    received: usize,
    large: Option<OwnedSemaphorePermit>,
    reserve: Option<OwnedSemaphorePermit>,
}

impl Held<'_> {
    /// Charges `n` more received bytes (twice: as received and the one decoded copy the
    /// gateways make). A body that has stayed small may use the reserve.
    fn charge(&mut self, n: usize) -> Result<(), BodyError> {
        let over = BodyError::OverBudget(self.budget.total);
        self.received += n;
        let charge = u32::try_from(n.checked_mul(2).ok_or_else(|| over.clone())?)
            .map_err(|_| over.clone())?;
        let take = |s: &Arc<Semaphore>| s.clone().try_acquire_many_owned(charge).ok();
        let from_reserve = || {
            (self.received <= SMALL_BODY)
                .then(|| take(&self.budget.reserve))
                .flatten()
        };
        let (slot, permit) = match take(&self.budget.large) {
            Some(p) => (&mut self.large, p),
            None => match from_reserve() {
                Some(p) => (&mut self.reserve, p),
                None => return Err(over),
            },
        };
        match slot {
            Some(held) => held.merge(permit),
            None => *slot = Some(permit),
        }
        Ok(())
    }
}

/// Why a body was not read.
#[derive(Clone, Debug)]
pub(crate) enum BodyError {
    /// Over the per-request limit (by Content-Length, or as it arrived).
    TooLarge(usize),
    /// Reading it would pass the bytes all requests may buffer at once.
    OverBudget(usize),
    /// It did not arrive whole within the body timeout.
    TooSlow(Duration),
    /// The connection failed while it arrived.
    Broken,
}

impl BodyError {
    /// The refusal in words, naming the limit (the gateway adds its edition's code).
    pub fn message(&self) -> String {
        match self {
            BodyError::TooLarge(limit) => {
                format!("请求体超过上限 {limit} 字节(--body-limit)")
            }
            BodyError::OverBudget(total) => {
                format!("服务器缓冲的请求体已达上限 {total} 字节(--body-budget), 请稍后重试")
            }
            BodyError::TooSlow(t) => format!("请求体未在 {} 秒内传完(--body-timeout)", t.as_secs()),
            BodyError::Broken => "请求体读取失败: 连接中断".to_string(),
        }
    }
}

/// A body read whole, holding its share of the budget until dropped.
pub(crate) struct ReadBody {
    pub bytes: Bytes,
    _held: [Option<OwnedSemaphorePermit>; 2],
}

/// Reads a request body within `limit` bytes and `timeout`, charging its bytes to `budget` as
/// they arrive; a declared length that is over the limit, or past what the budget has free,
/// is refused before any of it is read.
pub(crate) async fn read(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    timeout: Duration,
    budget: &Budget,
) -> Result<ReadBody, BodyError> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(BodyError::TooLarge(limit));
    }
    // A declared length past what is free is refused before any byte is read; bytes are
    // charged as they arrive, so a client that declares a length and sends nothing holds
    // nothing.
    if declared.is_some_and(|len| !budget.could_take(len as usize)) {
        return Err(BodyError::OverBudget(budget.total));
    }
    let mut held = Held {
        budget,
        received: 0,
        large: None,
        reserve: None,
    };
    let capacity = declared.map_or(0, |len| len as usize);
    let collect = async {
        let mut buf: Vec<u8> = Vec::with_capacity(0);
        let mut body = body;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| BodyError::Broken)?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            if buf.len() + data.len() > limit {
                return Err(BodyError::TooLarge(limit));
            }
            held.charge(data.len())?;
            if buf.capacity() == 0 {
                buf.reserve(capacity.max(data.len()));
            }
            buf.extend_from_slice(&data);
        }
        Ok(buf)
    };
    let buf = tokio::time::timeout(timeout, collect)
        .await
        .map_err(|_| BodyError::TooSlow(timeout))??;
    Ok(ReadBody {
        bytes: Bytes::from(buf),
        _held: [held.large, held.reserve],
    })
}
