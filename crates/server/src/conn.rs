//! The accept loop and each connection's watchdog.
//!
//! hyper's own header timer also runs while a keep-alive connection waits for its next
//! request, so it cannot tell a slow header from an idle connection; the watchdog here does:
//! it watches the socket's reads and the requests under way, and closes a connection whose
//! request has not finished its headers within `header_timeout`, or that has had nothing
//! under way for `idle_timeout`. Bodies are timed where they are read (`body::read`).

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Bytes hyper may buffer per connection while reading (a request's headers must fit).
pub(crate) const MAX_BUF: usize = 128 * 1024;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
    pub drain_timeout: Duration,
}

impl From<&crate::Config> for Limits {
    fn from(c: &crate::Config) -> Self {
        Limits {
            header_timeout: c.header_timeout,
            idle_timeout: c.idle_timeout,
            max_connections: c.max_connections.max(1),
            drain_timeout: c.drain_timeout,
        }
    }
}

pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut conns = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // Past the cap, new connections wait in the kernel's listen backlog.
        let slot = tokio::select! {
            _ = &mut shutdown => break,
            s = slots.clone().acquire_owned() => s.expect("the semaphore is never closed"),
        };
        let (stream, _) = tokio::select! {
            _ = &mut shutdown => break,
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let app = app.clone();
        let stop = stop_rx.clone();
        conns.spawn(async move {
            connection(stream, app, limits, stop).await;
            drop(slot);
        });
        while conns.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(limits.drain_timeout, async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            open = conns.len(),
            "drain deadline passed; closing the connections still open"
        );
        conns.abort_all();
        while conns.join_next().await.is_some() {}
    }
    Ok(())
}

/// What the watchdog knows of one connection. Times are milliseconds since `born`.
struct Activity {
    born: Instant,
    in_flight: AtomicUsize,
    /// When the first byte of a request not yet being handled arrived; 0 for none.
    reading_since: AtomicU64,
    /// When the connection last had nothing under way.
    idle_since: AtomicU64,
    /// When the last bytes of an answer were written: an answer still being sent to a slow
    /// reader is not idleness.
    wrote_at: AtomicU64,
}

impl Activity {
    fn now(&self) -> u64 {
        (self.born.elapsed().as_millis() as u64).max(1)
    }
    fn read_some(&self) {
        if self.in_flight.load(Ordering::Acquire) == 0 {
            let _ = self.reading_since.compare_exchange(
                0,
                self.now(),
                Ordering::AcqRel,
                Ordering::Relaxed,
            );
        }
    }
    fn wrote_some(&self) {
        self.wrote_at.store(self.now(), Ordering::Release);
    }
    fn begin(&self) {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.reading_since.store(0, Ordering::Release);
    }
    fn end(&self) {
        self.idle_since.store(self.now(), Ordering::Release);
        self.reading_since.store(0, Ordering::Release);
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
    /// Why the connection should close now, if it should. When stopping, a connection whose
    /// next request is half received closes at once; an idle one is closed by hyper's
    /// graceful shutdown, and one still sending an answer finishes it (or the drain deadline
    /// ends it).
    fn expired(&self, limits: &Limits, stopping: bool) -> Option<&'static str> {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return None;
        }
        let now = self.now();
        let since = |t: u64| Duration::from_millis(now - t.min(now));
        let quiet = since(
            self.idle_since
                .load(Ordering::Acquire)
                .max(self.wrote_at.load(Ordering::Acquire)),
        );
        match self.reading_since.load(Ordering::Acquire) {
            0 if stopping => None,
            0 if quiet > limits.idle_timeout => Some("idle timeout"),
            0 => None,
            _ if stopping => Some("shutting down"),
            t if since(t) > limits.header_timeout => Some("header timeout"),
            _ => None,
        }
    }
}

/// The socket, telling the watchdog when request bytes arrive.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.read_some();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote_some();
        }
        r
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote_some();
        }
        r
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Decrements the connection's in-flight count however the request ends (answered, or its
/// future dropped with the connection).
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.end();
    }
}

async fn connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity {
        born: Instant::now(),
        in_flight: AtomicUsize::new(0),
        // A new connection owes its first request's headers at once.
        reading_since: AtomicU64::new(1),
        idle_since: AtomicU64::new(1),
        wrote_at: AtomicU64::new(0),
    });
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let watched = activity.clone();
    let service = tower::service_fn(move |req: axum::http::Request<Incoming>| {
        watched.begin();
        let guard = InFlight(watched.clone());
        let app = app.clone();
        async move {
            let resp = app.oneshot(req.map(axum::body::Body::new)).await;
            drop(guard);
            resp
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The watchdog times headers; hyper's own timer would also cut idle keep-alive
    // connections at the header timeout. The read buffer (headers, and body chunks in
    // flight) is kept to 128 KiB a connection instead of hyper's ~400 KiB.
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(None)
        .max_buf_size(MAX_BUF);
    let conn = builder.serve_connection(io, TowerToHyperService::new(service));
    tokio::pin!(conn);
    let tick = (limits.header_timeout.min(limits.idle_timeout) / 4)
        .clamp(Duration::from_millis(20), Duration::from_millis(500));
    let mut ticker = tokio::time::interval(tick);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut stopping = *stop.borrow();
    loop {
        tokio::select! {
            r = conn.as_mut() => {
                if let Err(e) = r {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            changed = stop.changed(), if !stopping => {
                stopping = changed.is_err() || *stop.borrow();
                if stopping {
                    conn.as_mut().graceful_shutdown();
                    // Judged now, not at the next tick.
                    if activity.expired(&limits, true).is_some() {
                        return;
                    }
                }
            }
            _ = ticker.tick() => {
                if let Some(why) = activity.expired(&limits, stopping) {
                    tracing::debug!(reason = why, "closing connection");
                    return;
                }
            }
        }
    }
}
