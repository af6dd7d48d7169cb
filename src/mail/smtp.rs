//! SMTP through lettre with rustls: STARTTLS or implicit TLS (never opportunistic), a private
//! CA from `ca_file`, the password from the environment or an OAuth2 access token from
//! `token_command` (XOAUTH2), plain text only to loopback.
//!
//! Every connection runs on a socket of ours with TCP_NODELAY, handed to lettre's
//! `AsyncSmtpConnection::connect_with_transport`. lettre 0.11.23 never sets it, so each
//! message waited ~40 ms for the server's delayed ACK before its final "." left (about 20
//! messages a second on loopback). `[delivery] concurrency` connections send at once, each
//! kept open for the whole run, on one tokio thread.

use super::{Failure, Letter, Outcome, Pace, Transport};
use crate::config::{Security, Smtp, SmtpAuth};
use anyhow::{Context, Result, bail};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters,
};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};
use std::cell::Cell;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio::time::{Interval, MissedTickBehavior};
use tokio_rustls::TlsConnector;

pub struct SmtpTransport {
    runtime: tokio::runtime::Runtime,
    server: Server,
    pace: Pace,
}

/// The server and how to open a session with it.
struct Server {
    host: String,
    port: u16,
    timeout: Duration,
    security: Secure,
    sign_in: SignIn,
    hello: ClientId,
}

/// How a session signs in.
enum SignIn {
    /// No AUTH (no `[smtp] username`).
    None,
    /// PLAIN or LOGIN with the password from `password_env`.
    Password(Credentials),
    /// XOAUTH2 as `user`, with a token `command` prints, fetched for each new session (a
    /// token lives about an hour; a long run opens sessions after that).
    Xoauth2 { user: String, command: String },
}

/// The most an access token may be (Microsoft's JWTs are a few KiB).
const MAX_TOKEN_BYTES: u64 = 64 * 1024;
/// How much of a failing token command's error output is shown.
const MAX_SHOWN_STDERR: usize = 600;

/// Runs `[smtp] token_command` (with `sh -c`, stdin closed, within `limit`) and returns the
/// access token it prints. Any failure stops the run before a message is sent; the token is
/// never shown, and the command's error output is shown escaped and cut short.
async fn access_token(command: &str, limit: Duration) -> Result<String, Failure> {
    use tokio::io::AsyncReadExt;
    let failed = |why: String| Failure::Fatal(format!("[smtp] token_command {why}"));
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| failed(format!("cannot be started: {e}")))?;
    let (mut stdout, mut stderr) = (
        child.stdout.take().expect("piped"),
        child.stderr.take().expect("piped"),
    );
    let run = async {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let (read_out, read_err) = futures_util::future::join(
            (&mut stdout)
                .take(MAX_TOKEN_BYTES + 1)
                .read_to_end(&mut out),
            (&mut stderr).take(16 * 1024).read_to_end(&mut err),
        )
        .await;
        read_out?;
        read_err?;
        if out.len() as u64 > MAX_TOKEN_BYTES {
            return Ok((None, out, err));
        }
        Ok::<_, io::Error>((Some(child.wait().await?), out, err))
    };
    let (status, out, err) = tokio::time::timeout(limit, run)
        .await
        .map_err(|_| failed(format!("did not finish within {} s", limit.as_secs())))?
        .map_err(|e| failed(format!("failed: {e}")))?;
    let Some(status) = status else {
        return Err(failed(format!(
            "printed more than {} KiB; an access token is one line",
            MAX_TOKEN_BYTES / 1024
        )));
    };
    if !status.success() {
        let err = String::from_utf8_lossy(&err);
        let mut shown: String = crate::text::escape_line(err.trim())
            .chars()
            .take(MAX_SHOWN_STDERR)
            .collect();
        if shown.is_empty() {
            shown = "no error output".into();
        }
        return Err(failed(format!(
            "failed ({status}): {shown}. Sign in again with the tool it runs (e.g. `az login`, \
             `gcloud auth login`)"
        )));
    }
    let token = String::from_utf8(out)
        .map_err(|_| failed("printed something that is not UTF-8 text".into()))?;
    let token = token.trim();
    if token.is_empty() {
        return Err(failed("printed no token".into()));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(failed(
            "printed more than one word; an access token is one line without spaces".into(),
        ));
    }
    Ok(token.to_owned())
}

/// A failed XOAUTH2 sign-in. Google and Microsoft answer a bad token with a `334` error
/// challenge (which lettre reports as a client error) or a `535`.
fn token_refused(e: &lettre::transport::smtp::Error) -> Failure {
    if let Failure::Transient(why) = classify(e) {
        return Failure::Transient(why);
    }
    let reply = if e
        .to_string()
        .contains("No compatible authentication mechanism")
    {
        return Failure::Fatal(
            "the mail server does not offer XOAUTH2 sign-in ([smtp] auth = \"xoauth2\")".into(),
        );
    } else if e.is_client() {
        "it answered the sign-in with an error challenge".to_owned()
    } else {
        e.to_string()
    };
    Failure::Fatal(format!(
        "the mail server refused the OAuth2 access token from [smtp] token_command ({reply}): \
         get a new one (sign in again with the tool token_command runs, e.g. `az login` or \
         `gcloud auth login`), then `hrpass outbox retry` sends what is queued"
    ))
}

enum Secure {
    /// Plain text: only to loopback.
    Plain,
    /// STARTTLS after the greeting, by lettre.
    Starttls(TlsParameters),
    /// Implicit TLS (port 465): the handshake comes before any SMTP, so it is done here with
    /// tokio-rustls on our socket (lettre's own would open a socket without TCP_NODELAY).
    Implicit {
        connector: TlsConnector,
        name: ServerName<'static>,
    },
}

/// Why an attempt failed: no session could be opened, or the message itself failed.
enum Attempt {
    NoSession(Failure),
    Message(Failure),
}

/// Runs `step` within `limit`; running out of time is worth another try.
async fn timed<T>(limit: Duration, step: impl Future<Output = T>) -> Result<T, Failure> {
    tokio::time::timeout(limit, step)
        .await
        .map_err(|_| Failure::Transient(format!("timed out after {} s", limit.as_secs())))
}

impl Server {
    /// The bound on one SMTP step (greeting, STARTTLS, AUTH, one message). Each network wait
    /// inside it is bounded by `timeout` (`Deadline`); a step makes several, and after an
    /// SMTP error lettre also waits for its QUIT, so the step's own bound is a safety net
    /// that must not cut off the server's real reply first.
    fn step_limit(&self) -> Duration {
        self.timeout * 3
    }

    /// Connects, greets, secures and authenticates a new session.
    async fn connect(&self) -> Result<AsyncSmtpConnection, Failure> {
        self.connect_observed(&mut |_| {}).await
    }

    /// `connect`, telling `step` each stage passed.
    async fn connect_observed(
        &self,
        step: &mut dyn FnMut(&str),
    ) -> Result<AsyncSmtpConnection, Failure> {
        let unreachable = |e: io::Error| {
            Failure::Transient(format!(
                "cannot connect to {}:{}: {e}",
                self.host, self.port
            ))
        };
        let tcp = timed(
            self.timeout,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await?
        .map_err(unreachable)?;
        tcp.set_nodelay(true).map_err(unreachable)?;
        let peer = tcp
            .peer_addr()
            .map(|a| format!(" ({})", a.ip()))
            .unwrap_or_default();
        step(&format!("connected to {}:{}{peer}", self.host, self.port));
        let stream: Box<dyn AsyncTokioStream> = match &self.security {
            Secure::Implicit { connector, name } => {
                let tls = timed(self.timeout, connector.connect(name.clone(), tcp))
                    .await?
                    .map_err(|e| handshake_failure(&e))?;
                let version = tls
                    .get_ref()
                    .1
                    .protocol_version()
                    .and_then(|v| v.as_str())
                    .unwrap_or("TLS");
                step(&format!("{version} (implicit TLS), certificate verified"));
                Box::new(Deadline::new(tls, self.timeout))
            }
            Secure::Plain | Secure::Starttls(_) => Box::new(Deadline::new(tcp, self.timeout)),
        };
        let mut connection = timed(
            self.step_limit(),
            AsyncSmtpConnection::connect_with_transport(stream, &self.hello),
        )
        .await?
        .map_err(|e| session_failure(&e))?;
        step(&format!("greeted by {}", connection.server_info().name()));
        match &self.security {
            Secure::Starttls(tls) => {
                timed(
                    self.step_limit(),
                    connection.starttls(tls.clone(), &self.hello),
                )
                .await?
                .map_err(|e| session_failure(&e))?;
                step("STARTTLS: the session is encrypted, certificate verified");
            }
            Secure::Plain => step("plain text, no TLS (allowed to a loopback host only)"),
            Secure::Implicit { .. } => {}
        }
        match &self.sign_in {
            SignIn::Password(credentials) => {
                timed(
                    self.step_limit(),
                    connection.auth(&[Mechanism::Plain, Mechanism::Login], credentials),
                )
                .await?
                .map_err(|e| session_failure(&e))?;
                step("signed in ([smtp] username and password)");
            }
            SignIn::Xoauth2 { user, command } => {
                let token = access_token(command, self.step_limit()).await?;
                let credentials = Credentials::new(user.clone(), token);
                timed(
                    self.step_limit(),
                    connection.auth(&[Mechanism::Xoauth2], &credentials),
                )
                .await?
                .map_err(|e| token_refused(&e))?;
                step(&format!(
                    "signed in with XOAUTH2 as {user} (token from [smtp] token_command)"
                ));
            }
            SignIn::None => step("no sign-in ([smtp] username is not set)"),
        }
        Ok(connection)
    }

    /// One attempt at one letter, on the open session or a new one.
    async fn attempt(
        &self,
        session: &mut Option<AsyncSmtpConnection>,
        letter: &Letter,
    ) -> Result<String, Attempt> {
        if session.as_ref().is_none_or(AsyncSmtpConnection::has_broken) {
            *session = Some(self.connect().await.map_err(Attempt::NoSession)?);
        }
        let connection = session.as_mut().expect("connected above");
        match timed(
            self.step_limit(),
            connection.send(&letter.envelope, &letter.raw),
        )
        .await
        {
            Ok(Ok(reply)) => Ok(reply_text(&reply)),
            Ok(Err(e)) => {
                // lettre ends the session on an SMTP error; a message refused before any
                // command (say, an address the server cannot take) leaves it usable.
                if connection.has_broken() {
                    *session = None;
                }
                Err(Attempt::Message(classify(&e)))
            }
            Err(timed_out) => {
                // Cut off mid-message: the session is in no known state, and a server this
                // slow would not answer a QUIT either. Dropping it closes the socket.
                session.take();
                Err(Attempt::Message(timed_out))
            }
        }
    }

    /// Sends one letter, retrying transient failures quickly (0.25 s, 0.5 s, 1 s, …) within
    /// the pace's bounds. A reply that asks to slow down (`slow_down`) instead pauses every
    /// connection of the run (1 s, 2 s, 4 s, … up to a minute) and tries again, within the
    /// retry window and at most `MAX_SLOW_DOWNS` times; those tries do not count against
    /// `max_attempts`. Past that the letter stays queued, and a server that would not open a
    /// session stops the run. Returns the attempts made and the last result. A server that could
    /// not even be reached by the last attempt stops the run (`Fatal`): every other letter
    /// would only wait out the same retries, so they stay queued for `hrpass outbox retry`.
    async fn deliver(
        &self,
        session: &mut Option<AsyncSmtpConnection>,
        letter: &Letter,
        pace: &Pace,
        shared: &Shared<'_>,
    ) -> (u32, Result<String, Failure>) {
        let started = Instant::now();
        let (mut attempt, mut tries, mut slowed) = (0, 0, 0);
        loop {
            tries += 1;
            shared.wait_for_pause().await;
            if let Some(rate) = shared.rate {
                rate.lock().await.tick().await;
            }
            let (failure, reached) = match self.attempt(session, letter).await {
                Ok(reply) => return (tries, Ok(reply)),
                Err(Attempt::NoSession(failure)) => (failure, false),
                Err(Attempt::Message(failure)) => (failure, true),
            };
            if let Failure::Transient(reply) = &failure
                && reply.starts_with(SLOW_DOWN)
            {
                slowed += 1;
                let pause = Duration::from_secs(1 << (slowed - 1).min(6)).min(MAX_PAUSE);
                // Within the run's retry window (at least one pause), and a few times at most.
                let waited = started.elapsed();
                if slowed > MAX_SLOW_DOWNS || (slowed > 1 && waited + pause > pace.retry_within) {
                    let why = format!(
                        "the server asked to slow down {slowed} times in {} s (last: {})",
                        waited.as_secs(),
                        &reply[SLOW_DOWN.len()..]
                    );
                    // A server that will not even open a session stops the run (the rest
                    // stay queued); a refused message stays queued and the run goes on.
                    let failure = if reached {
                        Failure::Transient(why)
                    } else {
                        Failure::Fatal(why)
                    };
                    return (tries, Err(failure));
                }
                // Every connection waits: the limit is the account's, not this session's.
                shared.pause_for(pause);
                continue;
            }
            slowed = 0;
            attempt += 1;
            let again = matches!(failure, Failure::Transient(_))
                && attempt < pace.max_attempts
                && started.elapsed() < pace.retry_within;
            if !again {
                let failure = match failure {
                    Failure::Transient(reply) if !reached => {
                        Failure::Fatal(format!("the mail server is unavailable: {reply}"))
                    }
                    other => other,
                };
                return (tries, Err(failure));
            }
            let pause = Duration::from_millis(250 << (attempt - 1).min(5));
            let left = pace.retry_within.saturating_sub(started.elapsed());
            tokio::time::sleep(pause.min(left)).await;
        }
    }

    /// One connection's loop: letters until the channel closes or a fatal failure (here or on
    /// another connection: `stop`).
    async fn worker(
        &self,
        pace: &Pace,
        letters: &flume::Receiver<Letter>,
        outcomes: &flume::Sender<Outcome>,
        shared: &Shared<'_>,
    ) {
        let mut session = None;
        while let Ok(letter) = letters.recv_async().await {
            if shared.stop.get() {
                break;
            }
            let (attempts, result) = self.deliver(&mut session, &letter, pace, shared).await;
            let fatal = matches!(result, Err(Failure::Fatal(_)));
            shared.stop.set(shared.stop.get() || fatal);
            let outcome = Outcome {
                key: letter.key,
                attempts,
                result,
            };
            if outcomes.send(outcome).is_err() || fatal {
                break;
            }
        }
        if let Some(mut connection) = session {
            let _ = timed(self.timeout, connection.quit()).await;
        }
    }
}

/// What the connections of one run share (they run on one thread).
struct Shared<'a> {
    /// Set by a fatal failure: the other connections stop too.
    stop: Cell<bool>,
    /// `[delivery] rate_per_minute`, one tick per message started.
    rate: Option<&'a Mutex<Interval>>,
    /// Until when every connection waits, after the server asked to slow down.
    paused_until: Cell<Option<tokio::time::Instant>>,
}

impl Shared<'_> {
    async fn wait_for_pause(&self) {
        if let Some(until) = self.paused_until.get() {
            tokio::time::sleep_until(until).await;
        }
    }

    fn pause_for(&self, pause: Duration) {
        let until = tokio::time::Instant::now() + pause;
        if self.paused_until.get().is_none_or(|at| at < until) {
            self.paused_until.set(Some(until));
        }
    }
}

/// How a reply that asks to slow down starts, once `classify` has recognised it.
const SLOW_DOWN: &str = "the server asks to slow down: ";
/// Slow-down replies in a row one letter waits out before it is left queued.
const MAX_SLOW_DOWNS: u32 = 6;
/// The longest pause after one slow-down reply.
const MAX_PAUSE: Duration = Duration::from_secs(60);

/// Whether a 4xx reply asks the sender to slow down rather than reporting a passing fault:
/// 421 (the server closes the session: Gmail's "421 4.7.0 Try again later", "421 4.7.28"
/// rate limits), Microsoft 365's "432 4.3.2 … sender thread limit exceeded", and 450–452
/// with rate or limit wording ("4.7.1 … rate limited", "too many messages").
fn slow_down(code: &str, message: &str) -> bool {
    if code == "421" {
        return true;
    }
    if !matches!(code, "432" | "450" | "451" | "452") {
        return false;
    }
    let message = message.to_ascii_lowercase();
    [
        "4.3.2",
        "4.7.28",
        "rate",
        "too many",
        "slow down",
        "throttl",
        "limit exceeded",
        "thread limit",
    ]
    .iter()
    .any(|word| message.contains(word))
}

/// A stream whose every read and write gives up after `limit` without progress. lettre's
/// session has no timeouts of its own, and after an SMTP error it sends QUIT and waits for
/// the answer: a server that stops answering would hold the run for ever. Wrapped under TLS
/// (STARTTLS upgrades this stream), so it bounds the handshake too.
struct Deadline<S> {
    inner: S,
    limit: Duration,
    reading: Pin<Box<tokio::time::Sleep>>,
    writing: Pin<Box<tokio::time::Sleep>>,
    read_armed: bool,
    write_armed: bool,
}

impl<S> Deadline<S> {
    fn new(inner: S, limit: Duration) -> Deadline<S> {
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
fn within<T>(
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

/// The roots an implicit-TLS server's certificate must chain to: the Web PKI (as lettre's
/// `rustls-tls` uses) and the private CA of `ca_file`.
pub(crate) fn client_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(ca) = ca_file {
        let unreadable = |e: &dyn std::fmt::Display| {
            anyhow::anyhow!("ca_file {} is not a PEM certificate: {e}", ca.display())
        };
        let mut added = 0;
        for cert in CertificateDer::pem_file_iter(ca).map_err(|e| unreadable(&e))? {
            roots
                .add(cert.map_err(|e| unreadable(&e))?)
                .map_err(|e| unreadable(&e))?;
            added += 1;
        }
        if added == 0 {
            return Err(unreadable(&"no certificate in it"));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Whether every address `host` resolves to is a loopback one.
pub(crate) fn is_loopback(host: &str, port: u16) -> bool {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    match (host, port).to_socket_addrs() {
        Ok(addrs) => {
            let addrs: Vec<_> = addrs.collect();
            !addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback())
        }
        Err(_) => false,
    }
}

impl SmtpTransport {
    /// One message through a new session, each stage reported (`hrpass mail test`).
    fn probe_session(
        &mut self,
        letter: &Letter,
        step: &mut dyn FnMut(&str),
    ) -> Result<String, Failure> {
        let server = &self.server;
        self.runtime.block_on(async {
            let mut connection = server.connect_observed(step).await?;
            let sent = timed(
                server.step_limit(),
                connection.send(&letter.envelope, &letter.raw),
            )
            .await?;
            let reply = sent.map_err(|e| classify(&e))?;
            let _ = timed(server.timeout, connection.quit()).await;
            Ok(reply_text(&reply))
        })
    }

    /// Checks the settings (before any connection) and builds the transport.
    pub fn new(smtp: &Smtp, pace: Pace) -> Result<SmtpTransport> {
        let sign_in = match (smtp.auth, &smtp.username) {
            (SmtpAuth::Password, _) if smtp.token_command.is_some() => bail!(
                "[smtp] token_command is set but auth = \"password\"; set auth = \"xoauth2\" \
                 to sign in with its token"
            ),
            (SmtpAuth::Password, None) => SignIn::None,
            (SmtpAuth::Password, Some(user)) => {
                let var = smtp
                    .password_env
                    .as_deref()
                    .context("[smtp] username is set but password_env is not")?;
                let password = std::env::var(var).with_context(|| {
                    format!("the SMTP password: environment variable {var} is not set")
                })?;
                SignIn::Password(Credentials::new(user.clone(), password))
            }
            (SmtpAuth::Xoauth2, None) => bail!(
                "[smtp] auth = \"xoauth2\" needs username: the mailbox that sends, e.g. \
                 \"hr@example.com\""
            ),
            (SmtpAuth::Xoauth2, Some(user)) => {
                if smtp.password_env.is_some() {
                    bail!(
                        "[smtp] password_env is for auth = \"password\"; with \"xoauth2\" the \
                         access token comes from token_command"
                    );
                }
                let command = smtp
                    .token_command
                    .clone()
                    .filter(|c| !c.trim().is_empty())
                    .context(
                        "[smtp] auth = \"xoauth2\" needs token_command: a command that prints an \
                         OAuth2 access token (e.g. \"gcloud auth print-access-token\")",
                    )?;
                SignIn::Xoauth2 {
                    user: user.clone(),
                    command,
                }
            }
        };
        let security = match smtp.security {
            Security::Tls => Secure::Implicit {
                connector: TlsConnector::from(Arc::new(client_config(smtp.ca_file.as_deref())?)),
                name: ServerName::try_from(smtp.host.clone())
                    .with_context(|| format!("[smtp] host {:?} is not a host name", smtp.host))?,
            },
            Security::Starttls => {
                let mut params = TlsParameters::builder(smtp.host.clone());
                if let Some(ca) = &smtp.ca_file {
                    let pem = std::fs::read(ca)
                        .with_context(|| format!("cannot read ca_file {}", ca.display()))?;
                    let cert = Certificate::from_pem(&pem).with_context(|| {
                        format!("ca_file {} is not a PEM certificate", ca.display())
                    })?;
                    params = params.add_root_certificate(cert);
                }
                Secure::Starttls(params.build_rustls()?)
            }
            Security::None => {
                if !is_loopback(&smtp.host, smtp.port) {
                    bail!(
                        "[smtp] security = \"none\" sends passwords in plain text; it is allowed \
                         only to a loopback host, not {:?}",
                        smtp.host
                    );
                }
                Secure::Plain
            }
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(SmtpTransport {
            runtime,
            server: Server {
                host: smtp.host.clone(),
                port: smtp.port,
                timeout: Duration::from_secs(smtp.timeout_secs),
                security,
                sign_in,
                hello: ClientId::default(),
            },
            pace,
        })
    }
}

impl Transport for SmtpTransport {
    fn probe(&mut self, letter: Letter, step: &mut dyn FnMut(&str)) -> Result<String, Failure> {
        self.probe_session(&letter, step)
    }

    fn run(&mut self, letters: flume::Receiver<Letter>, outcomes: flume::Sender<Outcome>) {
        let (server, pace) = (&self.server, &self.pace);
        self.runtime.block_on(async {
            let rate = pace.per_minute.map(|n| {
                let mut every = tokio::time::interval(Duration::from_secs(60) / n.max(1));
                every.set_missed_tick_behavior(MissedTickBehavior::Delay);
                Mutex::new(every)
            });
            let shared = Shared {
                stop: Cell::new(false),
                rate: rate.as_ref(),
                paused_until: Cell::new(None),
            };
            let workers = (0..pace.concurrency.max(1))
                .map(|_| server.worker(pace, &letters, &outcomes, &shared));
            futures_util::future::join_all(workers).await;
        });
    }
}

/// Sorts an SMTP error into what the dispatcher does next.
fn classify(e: &lettre::transport::smtp::Error) -> Failure {
    if e.is_permanent() {
        if e.status().is_some_and(|c| c.to_string().starts_with("535")) {
            return Failure::Fatal(format!("authentication failed: {e}"));
        }
        Failure::Permanent(e.to_string())
    } else if e.is_client() {
        // The message cannot go to this server as it is: trying again would change nothing.
        if e.to_string().contains("SMTPUTF8") {
            return Failure::Permanent(
                "the mail server does not take non-ASCII addresses (it offers no SMTPUTF8): \
                 give the employee an ASCII address"
                    .to_owned(),
            );
        }
        Failure::Permanent(format!("cannot be sent through this server: {e}"))
    } else if e.is_tls() || is_tls_failure(e) {
        Failure::Fatal(format!("TLS failed: {e}"))
    } else if let Some(code) = e.status()
        && slow_down(&code.to_string(), &e.to_string())
    {
        Failure::Transient(format!("{SLOW_DOWN}{e}"))
    } else {
        Failure::Transient(e.to_string())
    }
}

/// An error while opening a session: a refusal there (no STARTTLS, a 5xx greeting) would
/// refuse every message, so it stops the run like a TLS failure.
fn session_failure(e: &lettre::transport::smtp::Error) -> Failure {
    match classify(e) {
        Failure::Permanent(reply) => {
            Failure::Fatal(format!("the server refused the session: {reply}"))
        }
        other => other,
    }
}

/// An error from the implicit-TLS handshake.
fn handshake_failure(e: &io::Error) -> Failure {
    if e.get_ref()
        .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
    {
        Failure::Fatal(format!("TLS failed: {e}"))
    } else {
        Failure::Transient(format!("TLS handshake: {e}"))
    }
}

fn reply_text(reply: &Response) -> String {
    format!(
        "{} {}",
        reply.code(),
        reply.message().collect::<Vec<_>>().join(" ")
    )
}

/// Whether a rustls error is behind `e`: lettre reports a certificate the CA does not vouch
/// for as a network error, which a retry would only repeat.
fn is_tls_failure(e: &lettre::transport::smtp::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        if let Some(io) = c.downcast_ref::<std::io::Error>()
            && io
                .get_ref()
                .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
        {
            return true;
        }
        cause = c.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pace() -> Pace {
        Pace {
            concurrency: 1,
            per_minute: None,
            max_attempts: 1,
            retry_within: Duration::ZERO,
        }
    }

    #[test]
    fn plain_text_is_refused_to_anything_but_loopback() {
        let smtp = Smtp {
            host: "192.0.2.10".into(),
            security: Security::None,
            ..Smtp::default()
        };
        let err = SmtpTransport::new(&smtp, pace()).err().unwrap().to_string();
        assert!(err.contains("only to a loopback host"), "{err}");
        let local = Smtp {
            host: "127.0.0.1".into(),
            security: Security::None,
            ..Smtp::default()
        };
        assert!(SmtpTransport::new(&local, pace()).is_ok());
    }

    #[test]
    fn replies_that_ask_to_slow_down_are_told_from_other_4xx() {
        for (code, text) in [
            ("421", "4.7.0 Try again later, closing connection. (TS01)"),
            (
                "432",
                "4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded",
            ),
            ("450", "4.7.1 Rate limited, please slow down"),
            ("451", "4.7.1 Too many messages from this sender"),
            ("452", "4.5.3 Throttled: daily quota"),
        ] {
            assert!(slow_down(code, text), "{code} {text}");
        }
        for (code, text) in [
            ("451", "4.3.0 try again later"),
            ("450", "4.2.1 mailbox busy"),
            ("550", "5.7.1 rate limit"),
            ("452", "4.3.1 insufficient system storage"),
        ] {
            assert!(!slow_down(code, text), "{code} {text}");
        }
    }

    #[test]
    fn a_ca_file_without_a_certificate_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "not a certificate\n").unwrap();
        let err = client_config(Some(&ca)).err().unwrap().to_string();
        assert!(err.contains("ca.pem is not a PEM certificate"), "{err}");
    }
}
