//! Mail transports: SMTP (lettre, rustls), the local sendmail, and .eml files. The
//! `Transport` trait exists because all three do: delivery code neither knows nor cares which
//! one it has.

mod file;
pub mod oauth;
mod sendmail;
mod smtp;

pub use file::FileTransport;
pub use sendmail::SendmailTransport;
pub use smtp::SmtpTransport;

use anyhow::Result;
use lettre::Message;
use lettre::address::Envelope;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use std::time::Duration;
use zeroize::Zeroizing;

/// Access tokens for XOAUTH2 from somewhere other than `[smtp] token_command`: the sign-in
/// `hrpass mail login` stored (the domain's, which reads and rotates it in the store).
pub trait AccessTokens: Send + Sync {
    /// A current access token: the one in hand, or a new one when it has expired.
    fn access_token(&self) -> Result<secrecy::SecretString, Failure>;
    /// Where the tokens come from, for messages.
    fn origin(&self) -> String;
}

/// One message to build.
pub struct Outgoing<'a> {
    pub from: &'a Mailbox,
    pub to: Mailbox,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    /// Without angle brackets; the same for every attempt at one delivery.
    pub message_id: &'a str,
}

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 4xx, a timeout, a refused or dropped connection: worth another try.
    Transient(String),
    /// 5xx: this recipient or message will not be accepted.
    Permanent(String),
    /// TLS or authentication failed, the server cannot be reached, or the local sendmail or
    /// mail folder fails: every further message would fail the same way, so the batch stops.
    Fatal(String),
}

/// A message ready for the wire, tagged with the caller's key for its outcome.
pub struct Letter {
    pub key: i64,
    pub envelope: Envelope,
    /// The formatted message. It carries a password, so it is wiped when dropped.
    pub raw: Zeroizing<Vec<u8>>,
    /// Without angle brackets; the file transport names its file after it.
    pub message_id: String,
}

impl Letter {
    pub fn new(key: i64, message: &Outgoing<'_>) -> Result<Letter> {
        let built = build(message)?;
        Ok(Letter {
            key,
            envelope: built.envelope().clone(),
            raw: Zeroizing::new(built.formatted()),
            message_id: message.message_id.to_owned(),
        })
    }
}

/// What became of one letter.
#[derive(Debug)]
pub struct Outcome {
    pub key: i64,
    /// Attempts made in this run (quick retries included).
    pub attempts: u32,
    /// The server's reply to the final "." (250 …), or why the message did not go.
    pub result: Result<String, Failure>,
}

/// How fast and how persistently a transport sends.
#[derive(Debug, Clone)]
pub struct Pace {
    /// Messages in flight at once (SMTP connections).
    pub concurrency: usize,
    /// A cap on messages started per minute.
    pub per_minute: Option<u32>,
    /// Attempts per message within one run, for transient failures.
    pub max_attempts: u32,
    /// No new attempt starts after this long since the first.
    pub retry_within: Duration,
}

pub trait Transport: Send {
    /// Sends each letter that arrives on `letters` until that channel closes, reporting each
    /// outcome on `outcomes` as soon as it is known. After a `Fatal` failure it takes no more
    /// letters and returns: whatever is still in the channel was never tried.
    fn run(&mut self, letters: flume::Receiver<Letter>, outcomes: flume::Sender<Outcome>);

    /// Sends one letter once, telling `step` each stage passed (`hrpass mail test`); the
    /// reply on acceptance. Transports with no stages of their own just send it.
    fn probe(&mut self, letter: Letter, step: &mut dyn FnMut(&str)) -> Result<String, Failure> {
        let _ = step;
        let (letters, queue) = flume::bounded(1);
        let (outcomes, results) = flume::bounded(1);
        letters
            .send(letter)
            .map_err(|_| Failure::Fatal("the transport is gone".into()))?;
        drop(letters);
        self.run(queue, outcomes);
        results
            .recv()
            .map_err(|_| Failure::Fatal("the transport gave no outcome".into()))?
            .result
    }
}

/// `Transport::run` for a transport that hands over one letter at a time and whose every
/// failure is fatal (a local program or directory: what failed once fails for all).
fn one_at_a_time(
    letters: &flume::Receiver<Letter>,
    outcomes: &flume::Sender<Outcome>,
    mut hand: impl FnMut(&Letter) -> Result<String, Failure>,
) {
    for letter in letters.iter() {
        let result = hand(&letter);
        let fatal = result.is_err();
        let outcome = Outcome {
            key: letter.key,
            attempts: 1,
            result,
        };
        if outcomes.send(outcome).is_err() || fatal {
            return;
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Transient(why) => write!(f, "{why} (temporary)"),
            Failure::Permanent(why) | Failure::Fatal(why) => f.write_str(why),
        }
    }
}

/// Every bare CR or LF becomes CRLF. lettre 0.11.23 does not dot-stuff a line that starts with
/// "." after a bare LF (RUSTSEC-2026-0561, fixed in 0.11.24), so nothing reaches it otherwise.
pub fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\r\n");
            }
            '\n' => out.push_str("\r\n"),
            c => out.push(c),
        }
    }
    out
}

/// A recipient. Control characters are dropped from the name: a CR or LF there would be a
/// header injection, and lettre 0.11.23 panics while formatting such a name.
pub fn mailbox(name: &str, email: &str) -> Result<Mailbox> {
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let address = email
        .parse()
        .map_err(|e| anyhow::anyhow!("{email:?} is not a mail address: {e}"))?;
    Ok(Mailbox::new(
        (!name.trim().is_empty()).then_some(name),
        address,
    ))
}

/// Builds the MIME message: text, or text and HTML as alternatives.
pub fn build(m: &Outgoing<'_>) -> Result<Message> {
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(crlf(m.text));
    let builder = Message::builder()
        .from(m.from.clone())
        .to(m.to.clone())
        .subject(m.subject)
        .message_id(Some(format!("<{}>", m.message_id)))
        // Sent by a program, not a person (RFC 3834): out-of-office and other automatic
        // replies are not sent back; Exchange and Outlook need their own header for that.
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Auto-Response-Suppress"),
            "All".into(),
        ));
    let message = match m.html {
        Some(html) => builder.multipart(
            MultiPart::alternative().singlepart(text).singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(crlf(html)),
            ),
        )?,
        None => builder.singlepart(text)?,
    };
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ending_becomes_crlf() {
        assert_eq!(crlf("a\nb\rc\r\nd\n.\n"), "a\r\nb\r\nc\r\nd\r\n.\r\n");
    }

    #[test]
    fn a_name_cannot_inject_headers() {
        let from: Mailbox = "HR <hr@example.com>".parse().unwrap();
        let to = mailbox("Eve\r\nBcc: all@example.com", "eve@example.com").unwrap();
        let m = Outgoing {
            from: &from,
            to,
            subject: "s",
            text: "body",
            html: None,
            message_id: "x@hrpass",
        };
        let raw = String::from_utf8(build(&m).unwrap().formatted()).unwrap();
        assert!(!raw.lines().any(|l| l.starts_with("Bcc:")), "{raw}");
    }

    #[test]
    fn a_long_subject_is_folded_within_rfc_5322_line_limits() {
        let from: Mailbox = "HR <hr@example.com>".parse().unwrap();
        for subject in ["S".repeat(200), "Zoë ".repeat(50), "密码".repeat(100)] {
            let m = Outgoing {
                from: &from,
                to: mailbox("Zoë Müller", "zoe@example.com").unwrap(),
                subject: &subject,
                text: "body",
                html: None,
                message_id: "x@hrpass",
            };
            let raw = build(&m).unwrap().formatted();
            let longest = raw.split(|&b| b == b'\n').map(<[u8]>::len).max().unwrap();
            assert!(longest <= 998, "a {longest}-octet line for {subject:?}");
        }
    }
}
