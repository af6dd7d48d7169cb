//! Recording outcomes: what the transport reports comes back on a channel and is written as
//! `store::lifecycle` events, a batch at a time, until the run's summary is final.

use super::{Dispatcher, RECORD_AT, RECORD_EVERY};
use crate::credential;
use crate::delivery::request::{Problem, Run, Summary};
use crate::mail::Failure;
use crate::store::lifecycle::{self, Accepted, Attempts, Moved};
use crate::store::{audit, outbox};
use anyhow::{Context, Result};
use std::time::Instant;

impl Dispatcher<'_> {
    /// Takes the outcomes that came back and records them when enough are waiting.
    pub(in crate::delivery) fn collect(&mut self) -> Result<()> {
        for outcome in self.outcomes.try_iter() {
            self.received.push(outcome);
        }
        self.record_when_due()
    }

    pub(in crate::delivery) fn record_when_due(&mut self) -> Result<()> {
        if self.received.is_empty() {
            return Ok(());
        }
        let oldest = *self.oldest.get_or_insert_with(Instant::now);
        if self.received.len() >= RECORD_AT || oldest.elapsed() >= RECORD_EVERY {
            self.record()?;
        }
        Ok(())
    }

    /// Records the waiting outcomes in one transaction, each as a life-cycle event: a 250 is
    /// `accepted` (its pending password becomes active, unless superseded meanwhile); a 4xx,
    /// a timeout or a stop is `deferred` (still queued); a 5xx is `rejected`.
    pub(in crate::delivery) fn record(&mut self) -> Result<()> {
        if self.received.iter().any(|o| o.result.is_ok()) {
            crate::failpoint!("send.accepted_before_record");
        }
        let Run {
            policy, settings, ..
        } = *self.run;
        let now = credential::now();
        let ends = lifecycle::Ends {
            password: now + credential::temp_validity(&policy.policy),
            link: now + credential::link::valid_secs(&policy.policy),
        };
        let tx = self.store.write()?;
        // The audit entries of the batch go in with one statement at the end.
        let mut notes: Vec<(String, String, String)> = Vec::with_capacity(self.received.len());
        for outcome in &self.received {
            let info = self
                .in_flight
                .remove(&outcome.key)
                .context("an outcome for a delivery never sent")?;
            let id = outcome.key;
            let code = info.code.as_str();
            let problem = |reason: String| Problem {
                employee_code: code.to_owned(),
                reason,
            };
            let mut note = |action: &str, detail: &str| {
                notes.push((action.to_owned(), code.to_owned(), detail.to_owned()));
            };
            self.summary
                .addresses
                .insert(code.to_owned(), info.address.clone());
            match &outcome.result {
                Ok(reply) => {
                    let attempts = Attempts {
                        count: outcome.attempts,
                        reply,
                        address: Some(&info.address),
                    };
                    let action = |what: &str| format!("{}.{what}", info.subject);
                    match lifecycle::accepted(&tx, id, &attempts, now, ends)? {
                        Ok(Accepted::Promoted(_) | Accepted::Sent) => {
                            note(
                                &action("sent"),
                                &format!("{} to {}: {reply}", info.about, info.address),
                            );
                            self.summary.sent.push(code.to_owned());
                        }
                        Ok(Accepted::Superseded(why)) => {
                            note(&action("superseded"), &format!("{}: {why}", info.about));
                            self.summary.superseded.push(problem(why));
                        }
                        Err(Moved(why)) => {
                            note(&action("sent"), &format!("{}: {reply}; {why}", info.about));
                            self.summary
                                .failed
                                .push(problem(format!("accepted, but {why}")));
                        }
                    }
                }
                Err(Failure::Permanent(reply)) => {
                    let attempts = Attempts {
                        count: outcome.attempts,
                        reply,
                        address: Some(&info.address),
                    };
                    let reason = match lifecycle::rejected(&tx, id, &attempts, now)? {
                        Ok(_) => format!("{reply} (to {})", info.address),
                        Err(Moved(why)) => format!("{reply} ({why})"),
                    };
                    note(&format!("{}.failed", info.subject), &reason);
                    self.summary.failed.push(problem(reason));
                }
                Err(failure @ (Failure::Transient(reply) | Failure::Fatal(reply))) => {
                    let attempts = Attempts {
                        count: outcome.attempts,
                        reply,
                        address: Some(&info.address),
                    };
                    let reason = match lifecycle::deferred(&tx, id, &attempts)? {
                        Ok(()) => {
                            self.summary.still_queued += 1;
                            if matches!(failure, Failure::Fatal(_)) {
                                format!("{reply}; still queued")
                            } else {
                                format!("{reply}; still queued for `hrpass outbox retry`")
                            }
                        }
                        Err(Moved(why)) => format!("{reply} ({why})"),
                    };
                    note(&format!("{}.deferred", info.subject), reply);
                    if matches!(failure, Failure::Fatal(_)) {
                        self.summary.stopped.get_or_insert_with(|| reply.clone());
                    }
                    self.summary.failed.push(problem(reason));
                }
            }
        }
        audit::record_many(&tx, settings.operator, &notes)?;
        // Progress renews this run's hold on what it still has in flight.
        outbox::renew(&tx, self.run.lease, now)?;
        tx.commit()?;
        self.done += self.received.len() as u64;
        (self.run.progress.sent)(self.done);
        self.received.clear();
        self.oldest = None;
        if self.summary.stopped.is_some() {
            // Idle connections are waiting for letters: closing the channel ends them.
            self.letters = None;
        }
        Ok(())
    }

    /// Closes the letter channel, waits for the transport's last outcomes and records them.
    /// Deliveries never tried (the transport stopped) stay queued, and the summary says so.
    pub(in crate::delivery) fn finish(mut self) -> Result<Summary> {
        self.letters = None;
        loop {
            match self.outcomes.recv_timeout(RECORD_EVERY) {
                Ok(outcome) => {
                    self.received.push(outcome);
                    self.record_when_due()?;
                }
                Err(flume::RecvTimeoutError::Timeout) => self.record_when_due()?,
                Err(flume::RecvTimeoutError::Disconnected) => break,
            }
        }
        if !self.received.is_empty() {
            self.record()?;
        }
        let reason = self
            .summary
            .stopped
            .clone()
            .unwrap_or_else(|| "the transport stopped".to_owned());
        let mut untried: Vec<_> = self.in_flight.into_values().collect();
        untried.sort_by(|a, b| a.code.cmp(&b.code));
        for info in untried {
            self.summary.still_queued += 1;
            self.summary.failed.push(Problem {
                employee_code: info.code,
                reason: format!("not sent, still queued: {reason}"),
            });
        }
        Ok(self.summary)
    }
}
