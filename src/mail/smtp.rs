//! SMTP through lettre with rustls: STARTTLS or implicit TLS (never opportunistic), a private
//! CA from `ca_file`, the password from the environment, plain text only to loopback.

use super::{Failure, Outgoing, Transport, build};
use crate::config::{Security, Smtp};
use anyhow::{Context, Result, bail};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use std::net::{IpAddr, ToSocketAddrs};
use std::time::Duration;

pub struct SmtpTransport {
    inner: Inner,
}

enum Inner {
    /// Implicit TLS: lettre's own pooled transport.
    Pooled(lettre::SmtpTransport),
    /// STARTTLS or plain: one kept-open connection on a socket of ours with TCP_NODELAY.
    /// lettre 0.11.23 never sets it, so each message waited ~40 ms for the server's delayed
    /// ACK before its final "." left (about 20 messages a second on loopback).
    Direct(Box<Direct>),
}

struct Direct {
    runtime: tokio::runtime::Runtime,
    link: Link,
}

/// The server, how to greet it, and the open connection.
struct Link {
    host: String,
    port: u16,
    timeout: Duration,
    tls: Option<TlsParameters>,
    credentials: Option<Credentials>,
    hello: ClientId,
    connection: Option<AsyncSmtpConnection>,
}

/// What went wrong on a direct connection.
enum DirectError {
    Io(std::io::Error),
    TimedOut,
    Smtp(lettre::transport::smtp::Error),
}

impl From<lettre::transport::smtp::Error> for DirectError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        DirectError::Smtp(e)
    }
}

impl Direct {
    fn send(&mut self, message: &lettre::Message) -> Result<Response, DirectError> {
        let envelope = message.envelope().clone();
        let raw = message.formatted();
        self.runtime.block_on(self.link.send(&envelope, &raw))
    }
}

impl Link {
    /// Runs `step` with the connection timeout.
    async fn timed<T, E: Into<DirectError>>(
        timeout: Duration,
        step: impl Future<Output = Result<T, E>>,
    ) -> Result<T, DirectError> {
        match tokio::time::timeout(timeout, step).await {
            Ok(result) => result.map_err(Into::into),
            Err(_) => Err(DirectError::TimedOut),
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, DirectError> {
        let stream = Self::timed(self.timeout, async {
            tokio::net::TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(DirectError::Io)
        })
        .await?;
        stream.set_nodelay(true).map_err(DirectError::Io)?;
        let mut connection = Self::timed(
            self.timeout,
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello),
        )
        .await?;
        if let Some(tls) = &self.tls {
            Self::timed(self.timeout, connection.starttls(tls.clone(), &self.hello)).await?;
        }
        if let Some(credentials) = &self.credentials {
            Self::timed(
                self.timeout,
                connection.auth(&[Mechanism::Plain, Mechanism::Login], credentials),
            )
            .await?;
        }
        Ok(connection)
    }

    async fn send(
        &mut self,
        envelope: &lettre::address::Envelope,
        raw: &[u8],
    ) -> Result<Response, DirectError> {
        if self
            .connection
            .as_ref()
            .is_none_or(AsyncSmtpConnection::has_broken)
        {
            self.connection = Some(self.connect().await?);
        }
        let connection = self.connection.as_mut().expect("connected above");
        let sent = Self::timed(self.timeout, connection.send(envelope, raw)).await;
        if sent.is_err() {
            // A connection that failed mid-message is in no known state: start afresh.
            if let Some(mut broken) = self.connection.take() {
                broken.abort().await;
            }
        }
        sent
    }
}

/// Whether every address `host` resolves to is a loopback one.
fn is_loopback(host: &str, port: u16) -> bool {
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
    /// Checks the settings (before any connection) and builds the transport.
    pub fn new(smtp: &Smtp) -> Result<SmtpTransport> {
        let timeout = Duration::from_secs(smtp.timeout_secs);
        let tls_parameters = || -> Result<TlsParameters> {
            let mut params = TlsParameters::builder(smtp.host.clone());
            if let Some(ca) = &smtp.ca_file {
                let pem = std::fs::read(ca)
                    .with_context(|| format!("cannot read ca_file {}", ca.display()))?;
                let cert = Certificate::from_pem(&pem).with_context(|| {
                    format!("ca_file {} is not a PEM certificate", ca.display())
                })?;
                params = params.add_root_certificate(cert);
            }
            Ok(params.build_rustls()?)
        };
        let credentials = match &smtp.username {
            Some(user) => {
                let var = smtp
                    .password_env
                    .as_deref()
                    .context("[smtp] username is set but password_env is not")?;
                let password = std::env::var(var).with_context(|| {
                    format!("the SMTP password: environment variable {var} is not set")
                })?;
                Some(Credentials::new(user.clone(), password))
            }
            None => None,
        };
        let tls = match smtp.security {
            Security::Tls => {
                let mut builder = lettre::SmtpTransport::builder_dangerous(smtp.host.clone())
                    .port(smtp.port)
                    .timeout(Some(timeout))
                    .tls(Tls::Wrapper(tls_parameters()?));
                if let Some(credentials) = credentials {
                    builder = builder.credentials(credentials);
                }
                return Ok(SmtpTransport {
                    inner: Inner::Pooled(builder.build()),
                });
            }
            Security::Starttls => Some(tls_parameters()?),
            Security::None => {
                if !is_loopback(&smtp.host, smtp.port) {
                    bail!(
                        "[smtp] security = \"none\" sends passwords in plain text; it is allowed \
                         only to a loopback host, not {:?}",
                        smtp.host
                    );
                }
                None
            }
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(SmtpTransport {
            inner: Inner::Direct(Box::new(Direct {
                runtime,
                link: Link {
                    host: smtp.host.clone(),
                    port: smtp.port,
                    timeout,
                    tls,
                    credentials,
                    hello: ClientId::default(),
                    connection: None,
                },
            })),
        })
    }
}

/// Sorts an SMTP error into what the dispatcher does next.
fn classify(e: &lettre::transport::smtp::Error) -> Failure {
    if e.is_permanent() {
        if e.status().is_some_and(|c| c.to_string().starts_with("535")) {
            return Failure::Fatal(format!("authentication failed: {e}"));
        }
        Failure::Permanent(e.to_string())
    } else if e.is_tls() || is_tls_failure(e) {
        Failure::Fatal(format!("TLS failed: {e}"))
    } else {
        Failure::Transient(e.to_string())
    }
}

fn reply_text(reply: &Response) -> String {
    format!(
        "{} {}",
        reply.code(),
        reply.message().collect::<Vec<_>>().join(" ")
    )
}

impl Transport for SmtpTransport {
    fn send(&mut self, message: &Outgoing<'_>) -> Result<String, Failure> {
        let built = build(message)
            .map_err(|e| Failure::Permanent(format!("cannot build the message: {e}")))?;
        match &mut self.inner {
            Inner::Pooled(transport) => lettre::Transport::send(transport, &built)
                .map(|reply| reply_text(&reply))
                .map_err(|e| classify(&e)),
            Inner::Direct(direct) => match direct.send(&built) {
                Ok(reply) => Ok(reply_text(&reply)),
                Err(DirectError::Smtp(e)) => Err(classify(&e)),
                Err(DirectError::Io(e)) => Err(Failure::Transient(format!("cannot connect: {e}"))),
                Err(DirectError::TimedOut) => Err(Failure::Transient("timed out".to_owned())),
            },
        }
    }
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

    #[test]
    fn plain_text_is_refused_to_anything_but_loopback() {
        let smtp = Smtp {
            host: "192.0.2.10".into(),
            security: Security::None,
            ..Smtp::default()
        };
        let err = SmtpTransport::new(&smtp).err().unwrap().to_string();
        assert!(err.contains("only to a loopback host"), "{err}");
        let local = Smtp {
            host: "127.0.0.1".into(),
            security: Security::None,
            ..Smtp::default()
        };
        assert!(SmtpTransport::new(&local).is_ok());
    }
}
