//! SMTP through lettre with rustls: STARTTLS or implicit TLS (never opportunistic), a private
//! CA from `ca_file`, the password from the environment or an OAuth2 access token from
//! `token_command` (XOAUTH2), plain text only to loopback.
//!
//! Every connection runs on a socket of ours with TCP_NODELAY, handed to lettre's
//! `AsyncSmtpConnection::connect_with_transport`. lettre 0.11.23 never sets it, so each
//! message waited ~40 ms for the server's delayed ACK before its final "." left (about 20
//! messages a second on loopback). `[delivery] concurrency` connections send at once, each
//! kept open for the whole run, on one tokio thread.

mod deadline;
mod replies;
mod token;

use super::{AccessTokens, Failure, Letter, Outcome, Pace, Transport};
use crate::config::{Security, Smtp, SmtpAuth};
use anyhow::{Context, Result, bail};
use deadline::Deadline;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters,
};
use lettre::transport::smtp::extension::ClientId;
use replies::{
    MAX_PAUSE, MAX_SLOW_DOWNS, SLOW_DOWN, classify, handshake_failure, reply_text, session_failure,
};
use rustls::pki_types::ServerName;
use secrecy::ExposeSecret;
use std::cell::Cell;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};
use token::{access_token, token_refused};
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
    /// XOAUTH2 as `user`, with a token fetched for each new session (a token lives about an
    /// hour; a long run opens sessions after that).
    Xoauth2 { user: String, tokens: Tokens },
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

/// Where XOAUTH2's access tokens come from.
enum Tokens {
    /// `[smtp] token_command`, run for each session.
    Command(String),
    /// The stored sign-in of `hrpass mail login`.
    Stored(Arc<dyn AccessTokens>),
}

impl Tokens {
    /// A token for a new session, within `limit`.
    async fn get(&self, limit: Duration) -> Result<String, Failure> {
        match self {
            Tokens::Command(command) => access_token(command, limit).await,
            Tokens::Stored(source) => {
                let source = Arc::clone(source);
                let token = timed(
                    limit,
                    tokio::task::spawn_blocking(move || source.access_token()),
                )
                .await?
                .map_err(|e| Failure::Fatal(format!("getting an access token failed: {e}")))??;
                Ok(token.expose_secret().to_owned())
            }
        }
    }

    fn origin(&self) -> String {
        match self {
            Tokens::Command(_) => "[smtp] token_command".into(),
            Tokens::Stored(source) => source.origin(),
        }
    }
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
            SignIn::Xoauth2 { user, tokens } => {
                let token = tokens.get(self.step_limit()).await?;
                let credentials = Credentials::new(user.clone(), token);
                timed(
                    self.step_limit(),
                    connection.auth(&[Mechanism::Xoauth2], &credentials),
                )
                .await?
                .map_err(|e| token_refused(&e, tokens))?;
                step(&format!(
                    "signed in with XOAUTH2 as {user} (token from {})",
                    tokens.origin()
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

impl SmtpTransport {
    /// Gets an access token the way a session would and forgets it (`mail test
    /// --token-only`): where it came from, and whether one came.
    pub fn check_token(&self) -> (String, Result<(), Failure>) {
        let SignIn::Xoauth2 { tokens, .. } = &self.server.sign_in else {
            return (
                "[smtp]".into(),
                Err(Failure::Fatal(
                    "[smtp] auth is not \"xoauth2\": there is no access token to check".into(),
                )),
            );
        };
        let limit = self.server.step_limit();
        let got = self.runtime.block_on(tokens.get(limit)).map(drop);
        (tokens.origin(), got)
    }

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

    /// Checks the settings (before any connection) and builds the transport. `stored` is the
    /// sign-in `hrpass mail login` left, used with `auth = "xoauth2"` when no token_command is
    /// set (a token_command wins).
    pub fn new(
        smtp: &Smtp,
        pace: Pace,
        stored: Option<Arc<dyn AccessTokens>>,
    ) -> Result<SmtpTransport> {
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
                         access token comes from `hrpass mail login` or token_command"
                    );
                }
                let command = smtp.token_command.clone().filter(|c| !c.trim().is_empty());
                let tokens = match (command, stored) {
                    (Some(command), _) => Tokens::Command(command),
                    (None, Some(stored)) => Tokens::Stored(stored),
                    (None, None) => bail!(
                        "[smtp] auth = \"xoauth2\" needs an access token: run `hrpass mail \
                         login` (provider = \"microsoft365\" or \"google\", with client_id), or \
                         set token_command, a command that prints one (e.g. \"gcloud auth \
                         print-access-token\")"
                    ),
                };
                SignIn::Xoauth2 {
                    user: user.clone(),
                    tokens,
                }
            }
        };
        let security = match smtp.security {
            Security::Tls => Secure::Implicit {
                connector: TlsConnector::from(Arc::new(crate::tls::client_config(
                    smtp.ca_file.as_deref(),
                )?)),
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
                if !crate::tls::is_loopback(&smtp.host, smtp.port) {
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
        let err = SmtpTransport::new(&smtp, pace(), None)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("only to a loopback host"), "{err}");
        let local = Smtp {
            host: "127.0.0.1".into(),
            security: Security::None,
            ..Smtp::default()
        };
        assert!(SmtpTransport::new(&local, pace(), None).is_ok());
    }
}
