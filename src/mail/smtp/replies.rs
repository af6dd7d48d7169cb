//! What an SMTP reply or error means for the dispatcher: retry, slow down, fail the message,
//! or stop the run.

use crate::mail::Failure;
use lettre::transport::smtp::response::Response;
use std::io;
use std::time::Duration;

/// How a reply that asks to slow down starts, once `classify` has recognised it.
pub(super) const SLOW_DOWN: &str = "the server asks to slow down: ";
/// Slow-down replies in a row one letter waits out before it is left queued.
pub(super) const MAX_SLOW_DOWNS: u32 = 6;
/// The longest pause after one slow-down reply.
pub(super) const MAX_PAUSE: Duration = Duration::from_secs(60);

/// Whether a 4xx reply asks the sender to slow down rather than reporting a passing fault:
/// 421 (the server closes the session: Gmail's "421 4.7.0 Try again later", "421 4.7.28"
/// rate limits), Microsoft 365's "432 4.3.2 … sender thread limit exceeded", and 450–452
/// with rate or limit wording ("4.7.1 … rate limited", "too many messages").
pub(super) fn slow_down(code: &str, message: &str) -> bool {
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

/// Sorts an SMTP error into what the dispatcher does next.
pub(super) fn classify(e: &lettre::transport::smtp::Error) -> Failure {
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
pub(super) fn session_failure(e: &lettre::transport::smtp::Error) -> Failure {
    match classify(e) {
        Failure::Permanent(reply) => {
            Failure::Fatal(format!("the server refused the session: {reply}"))
        }
        other => other,
    }
}

/// An error from the implicit-TLS handshake.
pub(super) fn handshake_failure(e: &io::Error) -> Failure {
    if e.get_ref()
        .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
    {
        Failure::Fatal(format!("TLS failed: {e}"))
    } else {
        Failure::Transient(format!("TLS handshake: {e}"))
    }
}

pub(super) fn reply_text(reply: &Response) -> String {
    format!(
        "{} {}",
        reply.code(),
        reply.message().collect::<Vec<_>>().join(" ")
    )
}

/// Whether a rustls error is behind `e`: lettre reports a certificate the CA does not vouch
/// for as a network error, which a retry would only repeat.
pub(super) fn is_tls_failure(e: &lettre::transport::smtp::Error) -> bool {
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
}
