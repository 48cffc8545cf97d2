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

    /// Takes the budget of `n` received bytes now, or `None` when it is not free. A body is
    /// charged twice its length: the bytes as received and the one decoded copy the gateways
    /// make of them (percent-decoded form fields, or the parsed text).
    fn take(&self, n: usize) -> Option<OwnedSemaphorePermit> {
        let charge = u32::try_from(n.checked_mul(2)?).ok()?;
        let from = |s: &Arc<Semaphore>| s.clone().try_acquire_many_owned(charge).ok();
        if n <= SMALL_BODY {
            from(&self.reserve).or_else(|| from(&self.large))
        } else {
            from(&self.large)
        }
    }
}

/// Why a body was not read.
#[derive(Debug)]
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
    _held: Vec<OwnedSemaphorePermit>,
}

/// Reads a request body within `limit` bytes and `timeout`, taking its bytes from `budget`:
/// by Content-Length before any of it is read, else as each piece arrives.
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
    let mut held = Vec::new();
    if let Some(len) = declared {
        held.push(
            budget
                .take(len as usize)
                .ok_or(BodyError::OverBudget(budget.total))?,
        );
    }
    let declared = declared.map(|len| len as usize);
    let collect = async {
        let mut buf: Vec<u8> = Vec::with_capacity(declared.unwrap_or(0));
        let mut body = body;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| BodyError::Broken)?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            if buf.len() + data.len() > limit {
                return Err(BodyError::TooLarge(limit));
            }
            // A body without Content-Length takes its budget as it arrives.
            if declared.is_none() {
                held.push(
                    budget
                        .take(data.len())
                        .ok_or(BodyError::OverBudget(budget.total))?,
                );
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
        _held: held,
    })
}
