//! A stream whose every read and write is bounded in time: the socket under each SMTP
//! session, plain or under TLS.

use lettre::transport::smtp::client::AsyncTokioStream;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A stream whose every read and write gives up after `limit` without progress. lettre's
/// session has no timeouts of its own, and after an SMTP error it sends QUIT and waits for
/// the answer: a server that stops answering would hold the run for ever. Wrapped under TLS
/// (STARTTLS upgrades this stream), so it bounds the handshake too.
pub(super) struct Deadline<S> {
    inner: S,
    limit: Duration,
    reading: Pin<Box<tokio::time::Sleep>>,
    writing: Pin<Box<tokio::time::Sleep>>,
    read_armed: bool,
    write_armed: bool,
}

impl<S> Deadline<S> {
    pub(super) fn new(inner: S, limit: Duration) -> Deadline<S> {
        Deadline {
            inner,
            limit,
            reading: Box::pin(tokio::time::sleep(limit)),
            writing: Box::pin(tokio::time::sleep(limit)),
            read_armed: false,
            write_armed: false,
        }
    }
}

/// Polls `step`; while it is pending, the timer (armed at the first wait) runs out into a
/// `TimedOut` error.
pub(super) fn within<T>(
    step: Poll<io::Result<T>>,
    timer: &mut Pin<Box<tokio::time::Sleep>>,
    armed: &mut bool,
    limit: Duration,
    cx: &mut TaskContext<'_>,
) -> Poll<io::Result<T>> {
    if step.is_ready() {
        *armed = false;
        return step;
    }
    if !*armed {
        timer.as_mut().reset(tokio::time::Instant::now() + limit);
        *armed = true;
    }
    match timer.as_mut().poll(cx) {
        Poll::Ready(()) => {
            *armed = false;
            Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("the server did not answer within {} s", limit.as_secs()),
            )))
        }
        Poll::Pending => Poll::Pending,
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Deadline<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let step = Pin::new(&mut this.inner).poll_read(cx, buf);
        within(
            step,
            &mut this.reading,
            &mut this.read_armed,
            this.limit,
            cx,
        )
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Deadline<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let step = Pin::new(&mut this.inner).poll_write(cx, buf);
        within(
            step,
            &mut this.writing,
            &mut this.write_armed,
            this.limit,
            cx,
        )
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let step = Pin::new(&mut this.inner).poll_flush(cx);
        within(
            step,
            &mut this.writing,
            &mut this.write_armed,
            this.limit,
            cx,
        )
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let step = Pin::new(&mut this.inner).poll_shutdown(cx);
        within(
            step,
            &mut this.writing,
            &mut this.write_armed,
            this.limit,
            cx,
        )
    }
}

impl<S> std::fmt::Debug for Deadline<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Deadline({:?})", self.limit)
    }
}

impl AsyncTokioStream for Deadline<TcpStream> {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.peer_addr()
    }
}

impl AsyncTokioStream for Deadline<tokio_rustls::client::TlsStream<TcpStream>> {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.get_ref().0.peer_addr()
    }
}
