//! The sendmail transport: each message handed to the local MTA as `sendmail -i -f FROM --
//! TO` (lettre's `SendmailTransport`), for hosts whose Postfix, Exim or msmtp relays mail.

use super::{Failure, Letter, Outcome, Transport, one_at_a_time};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct SendmailTransport {
    command: PathBuf,
    inner: lettre::SendmailTransport,
    /// The pause between messages `rate_per_minute` asks for.
    every: Option<Duration>,
}

impl SendmailTransport {
    pub fn new(command: PathBuf, per_minute: Option<u32>) -> SendmailTransport {
        SendmailTransport {
            inner: lettre::SendmailTransport::new_with_command(&command),
            command,
            every: per_minute.map(|n| Duration::from_secs(60) / n.max(1)),
        }
    }

    /// A sendmail that fails is a local problem (missing program, queue directory, config),
    /// not a refusal of one recipient: every further message would fail alike, so it stops
    /// the run and the rest stay queued.
    fn hand(&self, letter: &Letter) -> Result<String, Failure> {
        lettre::Transport::send_raw(&self.inner, &letter.envelope, &letter.raw)
            .map(|()| format!("accepted by {}", self.command.display()))
            .map_err(|e| {
                let reason = e.to_string();
                Failure::Fatal(format!(
                    "{} failed: {}",
                    self.command.display(),
                    reason.trim()
                ))
            })
    }
}

impl Transport for SendmailTransport {
    fn run(&mut self, letters: flume::Receiver<Letter>, outcomes: flume::Sender<Outcome>) {
        let mut next = Instant::now();
        one_at_a_time(&letters, &outcomes, |letter| {
            if let Some(every) = self.every {
                std::thread::sleep(next.saturating_duration_since(Instant::now()));
                next = Instant::now() + every;
            }
            self.hand(letter)
        });
    }
}
