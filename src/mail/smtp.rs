//! SMTP through lettre with rustls: STARTTLS or implicit TLS (never opportunistic), a private
//! CA from `ca_file`, the password from the environment, plain text only to loopback.

use super::{Failure, Outgoing, Transport, build};
use crate::config::{Security, Smtp};
use anyhow::{Context, Result, bail};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use std::net::{IpAddr, ToSocketAddrs};
use std::time::Duration;

pub struct SmtpTransport {
    inner: lettre::SmtpTransport,
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
        let mut builder = lettre::SmtpTransport::builder_dangerous(smtp.host.clone())
            .port(smtp.port)
            .timeout(Some(Duration::from_secs(smtp.timeout_secs)));
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
        builder = match smtp.security {
            Security::Starttls => builder.tls(Tls::Required(tls_parameters()?)),
            Security::Tls => builder.tls(Tls::Wrapper(tls_parameters()?)),
            Security::None => {
                if !is_loopback(&smtp.host, smtp.port) {
                    bail!(
                        "[smtp] security = \"none\" sends passwords in plain text; it is allowed \
                         only to a loopback host, not {:?}",
                        smtp.host
                    );
                }
                builder.tls(Tls::None)
            }
        };
        if let Some(user) = &smtp.username {
            let var = smtp
                .password_env
                .as_deref()
                .context("[smtp] username is set but password_env is not")?;
            let password = std::env::var(var).with_context(|| {
                format!("the SMTP password: environment variable {var} is not set")
            })?;
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        Ok(SmtpTransport {
            inner: builder.build(),
        })
    }
}

impl Transport for SmtpTransport {
    fn send(&mut self, message: &Outgoing<'_>) -> Result<String, Failure> {
        let built = build(message)
            .map_err(|e| Failure::Permanent(format!("cannot build the message: {e}")))?;
        match lettre::Transport::send(&self.inner, &built) {
            Ok(reply) => Ok(format!(
                "{} {}",
                reply.code(),
                reply.message().collect::<Vec<_>>().join(" ")
            )),
            Err(e) if e.is_permanent() => Err(Failure::Permanent(e.to_string())),
            Err(e) if e.is_tls() || is_tls_failure(&e) => {
                Err(Failure::Fatal(format!("TLS failed: {e}")))
            }
            Err(e) if e.status().is_some_and(|c| c.to_string().starts_with("535")) => {
                Err(Failure::Fatal(format!("authentication failed: {e}")))
            }
            Err(e) => Err(Failure::Transient(e.to_string())),
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
