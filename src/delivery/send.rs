//! send-password: queue a delivery per employee (a new pending password, or the sealed copy
//! of the issued one) and send it. A new password becomes active only when the mail server
//! has accepted the message that carries it.
//!
//! A run is a pipeline. For `--regenerate`, rayon hashes the next batch of new passwords on
//! every core while this thread writes the previous batch (pending credentials and outbox
//! rows, one transaction) and hands its letters to the transport's thread, which sends them on
//! `[delivery] concurrency` connections. Outcomes come back on a channel and are recorded a
//! batch at a time. Whatever a crash interrupts is still queued, with its password sealed,
//! and the next run sends that same password again under the same Message-ID.

use super::template::{self, Values};
use crate::credential::{self, Hasher, Prepared};
use crate::mail::{self, Failure, Letter, Outcome, Outgoing, Transport};
use crate::model::{Credential, CredentialState, Status, StoredEmployee};
use crate::policy::VersionedPolicy;
use crate::store::{Store, audit, credentials, employees, outbox};
use crate::vault::Vault;
use anyhow::{Context, Result, anyhow};
use lettre::message::Mailbox;
use rayon::prelude::*;
use secrecy::ExposeSecret;
use serde::Serialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// New passwords hashed, then queued in one transaction, at a time.
const BATCH: usize = 128;
/// Letters rendered ahead of the transport.
const AHEAD: usize = 256;
/// Outcomes are recorded (one transaction) when this many are waiting…
const RECORD_AT: usize = 256;
/// …or the oldest has waited this long.
const RECORD_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A new password per the policy.
    Regenerate,
    /// The password hrpass already issued (its sealed copy).
    Existing,
}

impl Mode {
    fn kind(self) -> &'static str {
        match self {
            Mode::Regenerate => "regenerate",
            Mode::Existing => "existing",
        }
    }
}

/// An employee that was not sent a password, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub employee_code: String,
    pub reason: String,
}

/// The outcome PRODUCT.md gives scripts: who got mail, who did not and why.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub sent: Vec<String>,
    pub failed: Vec<Problem>,
    pub refused: Vec<Problem>,
    /// Set when the batch stopped early (TLS or authentication): the rest stay queued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

/// Everything sending needs besides the store and the transport.
pub struct Settings<'a> {
    pub from: &'a Mailbox,
    /// The domain of Message-IDs.
    pub domain: &'a str,
    pub login_url: &'a str,
    pub company: &'a str,
    pub operator: &'a str,
}

/// Deliveries to queue and send in a run.
pub struct Fresh<'a> {
    pub employees: &'a [StoredEmployee],
    pub mode: Mode,
    pub template: &'a str,
    /// argon2 parameters for new passwords.
    pub params: &'a argon2::Params,
    pub now: i64,
}

/// Progress callbacks: passwords hashed (called from hashing threads), messages done.
pub struct Progress<'a> {
    pub hashed: &'a (dyn Fn(u64) + Sync),
    pub sent: &'a dyn Fn(u64),
}

impl Progress<'_> {
    pub fn none() -> Progress<'static> {
        Progress {
            hashed: &|_| {},
            sent: &|_| {},
        }
    }
}

/// What a run works with.
pub struct Run<'a> {
    pub vault: &'a Vault,
    pub policy: &'a VersionedPolicy,
    pub settings: &'a Settings<'a>,
    pub progress: Progress<'a>,
}

/// Splits targets into those that can be sent to and those refused, with the reason.
pub fn plan(
    store: &Store,
    targets: Vec<StoredEmployee>,
    mode: Mode,
    now: i64,
) -> Result<(Vec<StoredEmployee>, Vec<Problem>)> {
    let (mut ok, mut refused) = (Vec::new(), Vec::new());
    for e in targets {
        let reason = if e.employee.status == Status::Inactive {
            Some("inactive employee".to_owned())
        } else if outbox::queued_for(store.conn(), e.id)?.is_some() {
            Some("a delivery is already queued (see `hrpass outbox list`)".to_owned())
        } else if mode == Mode::Existing
            && credential::existing_credential(store.conn(), e.id, now)?.is_none()
        {
            Some("no issued password to send: they set their own, it expired, or hrpass never issued one".to_owned())
        } else {
            None
        };
        match reason {
            Some(reason) => refused.push(Problem {
                employee_code: e.employee.code,
                reason,
            }),
            None => ok.push(e),
        }
    }
    Ok((ok, refused))
}

/// Sends deliveries already queued (a killed run's leftovers, or `outbox retry`), each with
/// the password it was queued with.
pub fn resume(
    store: &mut Store,
    transport: &mut dyn Transport,
    ids: &[i64],
    run: &Run<'_>,
) -> Result<Summary> {
    pipeline(store, transport, run, |d| d.push(ids))
}

/// Queues a delivery to each employee of `fresh` and sends it. An employee whose earlier new
/// password was never delivered gets that same password again, not another one.
pub fn send(
    store: &mut Store,
    transport: &mut dyn Transport,
    fresh: &Fresh<'_>,
    run: &Run<'_>,
) -> Result<Summary> {
    match fresh.mode {
        Mode::Existing => pipeline(store, transport, run, |d| {
            for batch in fresh.employees.chunks(BATCH) {
                let ids = d.queue(batch, batch.iter().map(|_| None).collect(), fresh)?;
                d.push(&ids)?;
            }
            Ok(())
        }),
        Mode::Regenerate => {
            // A pending password still deliverable is sent again; one whose validity ended
            // (its sealed copy gone or going) is replaced by a new one.
            let mut has_pending = Vec::with_capacity(fresh.employees.len());
            for e in fresh.employees {
                let pending = credentials::pending(store.conn(), e.id)?;
                has_pending.push(pending.is_some_and(|c| credential::can_be_mailed(&c, fresh.now)));
            }
            std::thread::scope(|scope| {
                let (hashed, batches) = flume::bounded(1);
                let has_pending = &has_pending;
                let (policy, company) = (run.policy, run.settings.company);
                let progress = run.progress.hashed;
                scope.spawn(move || {
                    hash_batches(fresh, has_pending, policy, company, progress, &hashed);
                });
                pipeline(store, transport, run, |d| {
                    for batch in fresh.employees.chunks(BATCH) {
                        let prepared = loop {
                            match batches.recv_timeout(RECORD_EVERY) {
                                Ok(prepared) => break prepared?,
                                Err(flume::RecvTimeoutError::Timeout) => d.collect()?,
                                Err(flume::RecvTimeoutError::Disconnected) => {
                                    return Err(anyhow!("hashing stopped before the last batch"));
                                }
                            }
                        };
                        let ids = d.queue(batch, prepared, fresh)?;
                        d.push(&ids)?;
                    }
                    Ok(())
                })
                // `batches` is dropped here, so a hashing thread still busy stops after its
                // batch (only on an error; otherwise it has finished).
            })
        }
    }
}

/// Generates and hashes new passwords a batch at a time on every core (`None` where the
/// employee already has one pending), and hands each batch over on `out`.
fn hash_batches(
    fresh: &Fresh<'_>,
    has_pending: &[bool],
    policy: &VersionedPolicy,
    company: &str,
    progress: &(dyn Fn(u64) + Sync),
    out: &flume::Sender<Result<Vec<Option<Prepared>>>>,
) {
    for (batch, pending) in fresh.employees.chunks(BATCH).zip(has_pending.chunks(BATCH)) {
        let prepared = batch
            .par_iter()
            .zip(pending)
            .map(|(e, &pending)| {
                let prepared = (!pending).then(|| {
                    Hasher::with_thread_local(fresh.params, |hasher| {
                        credential::prepare(&e.employee, policy, hasher, company)
                    })
                });
                progress(1);
                prepared.transpose()
            })
            .collect();
        if out.send(prepared).is_err() {
            return;
        }
    }
}

/// Starts the transport on its own thread, runs `work` (which queues and pushes letters),
/// then waits for every outcome and records it. Outcomes that came back are recorded even
/// when `work` fails.
fn pipeline(
    store: &mut Store,
    transport: &mut dyn Transport,
    run: &Run<'_>,
    work: impl FnOnce(&mut Dispatcher<'_>) -> Result<()>,
) -> Result<Summary> {
    // A password whose validity ended is never mailed: its delivery fails with the reason.
    let tx = store.write()?;
    credentials::destroy_expired_seals(&tx, credential::now())?;
    tx.commit()?;
    std::thread::scope(|scope| {
        let (letters, letters_out) = flume::bounded(AHEAD);
        let (outcomes_in, outcomes) = flume::unbounded();
        scope.spawn(move || transport.run(letters_out, outcomes_in));
        let mut dispatcher = Dispatcher {
            store,
            run,
            templates: HashMap::new(),
            letters: Some(letters),
            outcomes,
            in_flight: HashMap::new(),
            received: Vec::new(),
            oldest: None,
            summary: Summary::default(),
            done: 0,
        };
        let worked = work(&mut dispatcher);
        let summary = dispatcher.finish();
        worked?;
        summary
    })
}

/// A delivery handed to the transport, and what recording its outcome needs.
struct InFlight {
    code: String,
    employee_id: i64,
    credential_id: i64,
    version: i64,
    pending: bool,
}

/// This thread's side of a run: queues deliveries, renders letters, records outcomes.
struct Dispatcher<'r> {
    store: &'r mut Store,
    run: &'r Run<'r>,
    /// Each template is read from the store once per run, not once per message.
    templates: HashMap<String, template::Template>,
    /// `None` once the transport stopped (or was told to): nothing more is handed over.
    letters: Option<flume::Sender<Letter>>,
    outcomes: flume::Receiver<Outcome>,
    in_flight: HashMap<i64, InFlight>,
    /// Outcomes not recorded yet, and when the oldest of them came.
    received: Vec<Outcome>,
    oldest: Option<Instant>,
    summary: Summary,
    done: u64,
}

impl Dispatcher<'_> {
    /// Writes a batch of deliveries in one transaction: for `Regenerate`, each employee's new
    /// pending password (`prepared`) or the one already pending (`None`); for `Existing`, the
    /// issued one. Returns the outbox ids.
    fn queue(
        &mut self,
        batch: &[StoredEmployee],
        prepared: Vec<Option<Prepared>>,
        fresh: &Fresh<'_>,
    ) -> Result<Vec<i64>> {
        let Run {
            vault,
            policy,
            settings,
            ..
        } = *self.run;
        let mut ids = Vec::with_capacity(batch.len());
        let tx = self.store.write()?;
        for (e, prepared) in batch.iter().zip(prepared) {
            let credential_id = match (fresh.mode, prepared) {
                (Mode::Regenerate, Some(prepared)) => {
                    if let Some(stale) = credentials::pending(&tx, e.id)? {
                        credentials::drop_pending(&tx, stale.id)?;
                    }
                    credential::record_issue(&tx, e, prepared, policy, vault, fresh.now)?
                        .credential_id
                }
                (Mode::Regenerate, None) => {
                    credentials::pending(&tx, e.id)?
                        .context("the pending password vanished")?
                        .id
                }
                (Mode::Existing, _) => {
                    credential::existing_credential(&tx, e.id, fresh.now)?
                        .context("the sealed password vanished")?
                        .id
                }
            };
            ids.push(outbox::queue(
                &tx,
                e.id,
                credential_id,
                fresh.mode.kind(),
                fresh.template,
                settings.domain,
            )?);
            audit::record(
                &tx,
                settings.operator,
                "password.queued",
                Some(&e.employee.code),
                fresh.mode.kind(),
            )?;
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Renders the queued deliveries `ids` and hands them to the transport.
    fn push(&mut self, ids: &[i64]) -> Result<()> {
        for &id in ids {
            let conn = self.store.conn();
            let Some(delivery) = outbox::get(conn, id)? else {
                continue;
            };
            if delivery.state != "queued" {
                continue;
            }
            let credential = credentials::by_id(conn, delivery.credential_id)?
                .context("the delivery's credential is missing")?;
            self.in_flight.insert(
                id,
                InFlight {
                    code: delivery.employee_code.clone(),
                    employee_id: credential.employee_id,
                    credential_id: credential.id,
                    version: credential.version,
                    pending: credential.state == CredentialState::Pending,
                },
            );
            if self.letters.is_none() {
                // Stopped: it stays queued, and `finish` says so.
                continue;
            }
            match self.letter(&delivery, &credential)? {
                Ok(letter) => self.hand_over(letter)?,
                Err(reason) => self.received.push(Outcome {
                    key: id,
                    attempts: 0,
                    result: Err(Failure::Permanent(reason)),
                }),
            }
            self.collect()?;
        }
        Ok(())
    }

    /// The message for a delivery, or why there can be none.
    fn letter(
        &mut self,
        delivery: &outbox::Delivery,
        credential: &Credential,
    ) -> Result<Result<Letter, String>> {
        let Run {
            vault,
            policy,
            settings,
            ..
        } = *self.run;
        let Some(sealed) = credential.sealed.as_deref() else {
            return Ok(Err(
                "its password expired or was replaced before it was delivered; send a new one with --regenerate"
                    .to_owned(),
            ));
        };
        let employee = employees::find(self.store.conn(), &delivery.employee_code)?
            .context("the delivery's employee is missing")?;
        let to = match mail::mailbox(&employee.employee.full_name(), &employee.employee.email) {
            Ok(to) => to,
            Err(e) => return Ok(Err(e.to_string())),
        };
        if !self.templates.contains_key(&delivery.template) {
            let current = template::current(self.store, &delivery.template)?;
            self.templates.insert(delivery.template.clone(), current);
        }
        let password = vault.unseal(sealed, credential.employee_id, credential.version)?;
        let expires_at = match credential.state {
            CredentialState::Active => credential.expires_at,
            _ => Some(credential::now() + credential::temp_validity(&policy.policy)),
        };
        let expires_text =
            expires_at.map_or_else(|| "no expiry".to_owned(), crate::output::timestamp);
        let rendered = template::render(
            &self.templates[&delivery.template],
            &Values {
                employee: &employee.employee,
                password: password.expose_secret(),
                login_url: settings.login_url,
                company: settings.company,
                expires_at: &expires_text,
                operator: settings.operator,
            },
        )?;
        let message = Outgoing {
            from: settings.from,
            to,
            subject: &rendered.subject,
            text: &rendered.text,
            html: rendered.html.as_deref(),
            message_id: &delivery.message_id,
        };
        Ok(
            Letter::new(delivery.id, &message)
                .map_err(|e| format!("cannot build the message: {e}")),
        )
    }

    /// Hands a letter to the transport, recording outcomes while the queue is full.
    fn hand_over(&mut self, mut letter: Letter) -> Result<()> {
        loop {
            let Some(letters) = &self.letters else {
                return Ok(());
            };
            match letters.send_timeout(letter, RECORD_EVERY) {
                Ok(()) => return Ok(()),
                Err(flume::SendTimeoutError::Timeout(back)) => {
                    letter = back;
                    self.collect()?;
                }
                // The transport stopped; the letter stays queued.
                Err(flume::SendTimeoutError::Disconnected(_)) => {
                    self.letters = None;
                    return Ok(());
                }
            }
        }
    }

    /// Takes the outcomes that came back and records them when enough are waiting.
    fn collect(&mut self) -> Result<()> {
        for outcome in self.outcomes.try_iter() {
            self.received.push(outcome);
        }
        self.record_when_due()
    }

    fn record_when_due(&mut self) -> Result<()> {
        if self.received.is_empty() {
            return Ok(());
        }
        let oldest = *self.oldest.get_or_insert_with(Instant::now);
        if self.received.len() >= RECORD_AT || oldest.elapsed() >= RECORD_EVERY {
            self.record()?;
        }
        Ok(())
    }

    /// Records the waiting outcomes in one transaction: a 250 promotes the pending password
    /// it carried; a 4xx, a timeout or a stop leaves the delivery queued; a 5xx fails it.
    fn record(&mut self) -> Result<()> {
        let Run {
            policy, settings, ..
        } = *self.run;
        let now = credential::now();
        let tx = self.store.write()?;
        for outcome in &self.received {
            let info = self
                .in_flight
                .remove(&outcome.key)
                .context("an outcome for a delivery never sent")?;
            let (id, code, attempts) = (outcome.key, &info.code, outcome.attempts);
            let problem = |reason: String| Problem {
                employee_code: code.clone(),
                reason,
            };
            match &outcome.result {
                Ok(reply) => {
                    outbox::record_attempts(&tx, id, attempts, "sent", reply)?;
                    // Whatever the kind, an accepted message carrying a pending password makes
                    // it the one that works: the employee now holds it.
                    if info.pending {
                        credential::promote(
                            &tx,
                            info.employee_id,
                            info.credential_id,
                            policy,
                            now,
                        )?;
                    }
                    audit::record(
                        &tx,
                        settings.operator,
                        "password.sent",
                        Some(code),
                        &format!("credential {}: {reply}", info.version),
                    )?;
                    self.summary.sent.push(code.clone());
                }
                Err(Failure::Permanent(reply)) => {
                    outbox::record_attempts(&tx, id, attempts, "failed", reply)?;
                    audit::record(&tx, settings.operator, "password.failed", Some(code), reply)?;
                    self.summary.failed.push(problem(reply.clone()));
                }
                Err(failure @ (Failure::Transient(reply) | Failure::Fatal(reply))) => {
                    outbox::record_attempts(&tx, id, attempts, "queued", reply)?;
                    audit::record(
                        &tx,
                        settings.operator,
                        "password.deferred",
                        Some(code),
                        reply,
                    )?;
                    if matches!(failure, Failure::Fatal(_)) {
                        self.summary
                            .failed
                            .push(problem(format!("{reply}; still queued")));
                        self.summary.stopped.get_or_insert_with(|| reply.clone());
                    } else {
                        self.summary.failed.push(problem(format!(
                            "{reply}; still queued for `hrpass outbox retry`"
                        )));
                    }
                }
            }
        }
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
    fn finish(mut self) -> Result<Summary> {
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
            self.summary.failed.push(Problem {
                employee_code: info.code,
                reason: format!("not sent, still queued: {reason}"),
            });
        }
        Ok(self.summary)
    }
}

/// Deliveries `outbox retry` sends: the queued ones, and the failed ones put back in the queue
/// (unless that employee has another delivery queued).
pub fn retryable(store: &mut Store) -> Result<Vec<i64>> {
    let tx = store.write()?;
    let mut ids = Vec::new();
    for d in outbox::list(&tx, None)? {
        if d.state == "failed" && outbox::queued_for(&tx, d.employee_id)?.is_none() {
            outbox::set_state(&tx, d.id, "queued")?;
            ids.push(d.id);
        } else if d.state == "queued" {
            ids.push(d.id);
        }
    }
    tx.commit()?;
    Ok(ids)
}

/// Cancels a queued or failed delivery; a new password it carried is dropped (the old one
/// keeps working).
pub fn cancel(store: &mut Store, id: i64, operator: &str) -> Result<bool> {
    let Some(delivery) = outbox::get(store.conn(), id)? else {
        return Ok(false);
    };
    if !matches!(delivery.state.as_str(), "queued" | "failed") {
        return Ok(false);
    }
    let tx = store.write()?;
    outbox::set_state(&tx, id, "cancelled")?;
    if delivery.kind == "regenerate" {
        credentials::drop_pending(&tx, delivery.credential_id)?;
    }
    audit::record(
        &tx,
        operator,
        "password.cancelled",
        Some(&delivery.employee_code),
        "",
    )?;
    tx.commit()?;
    Ok(true)
}
