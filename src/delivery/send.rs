//! send-password: queue a delivery per employee (a new pending password, or the sealed copy
//! of the issued one) and send it. A new password becomes active only when the mail server
//! has accepted the message that carries it; every state change is an event of
//! `store::lifecycle`, a compare-and-set that reports when the row moved on.
//!
//! A run is a pipeline. First the deliveries an earlier run left queued are sent again, each
//! with its own password and Message-ID. Then, for `--regenerate`, rayon hashes the next batch
//! of new passwords on every core while this thread renders the previous batch's messages,
//! writes what rendered (pending credentials and outbox rows, one transaction) and hands the
//! letters to the transport's thread, which sends them on `[delivery] concurrency`
//! connections. Outcomes come back on a channel and are recorded a batch at a time. A target
//! whose message cannot be rendered is refused before anything is written for it.

use super::template::{self, Template, Values};
use crate::credential::{self, Hasher, Prepared};
use crate::mail::{self, Failure, Letter, Outcome, Outgoing, Transport};
use crate::model::{CredentialState, DeliveryState, Employee, Status, StoredEmployee};
use crate::policy::VersionedPolicy;
use crate::store::lifecycle::{self, Accepted, Attempts, Moved, NewDelivery};
use crate::store::{Store, Tx, audit, credentials, employees, outbox};
use crate::vault::Vault;
use anyhow::{Context, Result, anyhow, bail};
use lettre::message::Mailbox;
use rayon::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
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

/// The outcome PRODUCT.md gives scripts: who got mail, who did not and why. Each employee
/// appears in one list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Accepted by the mail server; a new password among them is now the active one.
    pub sent: Vec<String>,
    /// Not delivered: refused by the server (5xx), or still queued (the reason says so).
    pub failed: Vec<Problem>,
    /// Never queued: inactive, nothing to send, a message that cannot be rendered.
    pub refused: Vec<Problem>,
    /// Accepted after the employee's own change or HR's cancel: the mail went out, its
    /// password never became active, and the employee's current password keeps working.
    pub superseded: Vec<Problem>,
    /// Set when the batch stopped early (TLS, authentication, an unreachable server): the
    /// rest stay queued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// How many of `failed` are still queued (for `hrpass outbox retry` or the next run).
    #[serde(skip)]
    pub still_queued: usize,
}

impl Summary {
    /// Messages the mail server accepted (superseded ones included: they were delivered).
    pub fn delivered(&self) -> usize {
        self.sent.len() + self.superseded.len()
    }
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

/// What to send to the targets of a run.
pub struct Request<'a> {
    pub targets: &'a [StoredEmployee],
    pub mode: Mode,
    /// The template version in force, checked by `template::trial`.
    pub template: &'a Template,
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

/// Who a run would send to, read without writing anything.
#[derive(Debug, Default)]
pub struct Plan {
    /// Employees to queue a new delivery for.
    pub fresh: Vec<StoredEmployee>,
    /// Deliveries an earlier run left queued, sent first with their own passwords (targets
    /// among them get that delivery, not a second one).
    pub resume: Vec<outbox::Delivery>,
    /// Queued deliveries that can no longer go (the employee left): made obsolete.
    pub stale: Vec<outbox::Delivery>,
    /// Targets with nothing to send, and why.
    pub refused: Vec<Problem>,
}

impl Plan {
    /// The employee codes that would get mail, resumed ones first.
    pub fn recipients(&self) -> Vec<String> {
        let mut codes: Vec<String> = self
            .resume
            .iter()
            .map(|d| d.employee_code.clone())
            .collect();
        codes.extend(self.fresh.iter().map(|e| e.employee.code.clone()));
        codes
    }
}

/// Splits targets into those to send to and those refused, and finds the deliveries an
/// earlier run left queued that can still go. Reads only.
pub fn plan(store: &Store, targets: Vec<StoredEmployee>, mode: Mode, now: i64) -> Result<Plan> {
    let conn = store.conn();
    let mut plan = Plan::default();
    let mut covered = HashSet::new();
    for d in outbox::list(conn, Some(DeliveryState::Queued))? {
        let usable = credentials::by_id(conn, d.credential_id)?
            .is_some_and(|c| credential::deliverable(&c, now))
            && employees::find(conn, &d.employee_code)?
                .is_some_and(|e| e.employee.status == Status::Active);
        if usable {
            covered.insert(d.employee_id);
            plan.resume.push(d);
        } else {
            plan.stale.push(d);
        }
    }
    for e in targets {
        let reason = if e.employee.status == Status::Inactive {
            Some("inactive employee".to_owned())
        } else if covered.contains(&e.id) {
            None
        } else if mode == Mode::Existing
            && credential::existing_credential(conn, e.id, now)?.is_none()
        {
            Some("no issued password to send: they set their own, it expired, or hrpass never issued one".to_owned())
        } else {
            plan.fresh.push(e);
            continue;
        };
        if let Some(reason) = reason {
            plan.refused.push(Problem {
                employee_code: e.employee.code,
                reason,
            });
        }
    }
    Ok(plan)
}

/// Checks `vault.key` against the store before anything is written: a key that does not
/// open a sealed password here was replaced, and everything sealed with it would be lost.
pub fn check_vault(store: &Store, vault: &Vault) -> Result<()> {
    if let Some((employee_id, version, sealed)) = credentials::any_sealed(store.conn())? {
        vault.unseal(&sealed, employee_id, version).map_err(|_| {
            anyhow!(
                "vault.key does not open the passwords sealed in this store: it was replaced or \
                 belongs to another home; restore the original key (nothing was changed)"
            )
        })?;
    }
    Ok(())
}

/// Sends the deliveries `ids` already queued (`outbox retry`), each with its own password.
pub fn resume(
    store: &mut Store,
    transport: &mut dyn Transport,
    ids: &[i64],
    run: &Run<'_>,
) -> Result<Summary> {
    pipeline(store, transport, run, |d| d.resume(ids))
}

/// The run `send-password` makes: expires what ran out, plans again (time passed since the
/// confirmation), resends what an earlier run left queued, then queues and sends a delivery
/// to each planned target. An employee whose earlier new password was never delivered gets
/// that same password again, not another one.
pub fn send(
    store: &mut Store,
    transport: &mut dyn Transport,
    request: &Request<'_>,
    run: &Run<'_>,
) -> Result<Summary> {
    let tx = store.write()?;
    lifecycle::expire(&tx, credential::now())?;
    tx.commit()?;
    let plan = plan(store, request.targets.to_vec(), request.mode, request.now)?;
    if !plan.stale.is_empty() {
        // Each employee is reported once, for their target: a stale delivery is only noted.
        let tx = store.write()?;
        for d in &plan.stale {
            let why = "the employee is inactive or its password was replaced";
            if lifecycle::obsolete(&tx, d.id, why)?.is_ok() {
                audit::record(
                    &tx,
                    run.settings.operator,
                    "password.obsolete",
                    Some(&d.employee_code),
                    why,
                )?;
            }
        }
        tx.commit()?;
    }
    let resume: Vec<i64> = plan.resume.iter().map(|d| d.id).collect();
    let fresh = &plan.fresh;
    let mut summary = match request.mode {
        Mode::Existing => pipeline(store, transport, run, |d| {
            d.resume(&resume)?;
            for batch in fresh.chunks(BATCH) {
                let sources = batch.iter().map(|_| Source::Existing).collect();
                d.queue(batch, sources, request)?;
                crate::failpoint!("send.between_batches");
            }
            Ok(())
        })?,
        Mode::Regenerate => {
            // A pending password still deliverable is sent again rather than replaced.
            let mut has_pending = Vec::with_capacity(fresh.len());
            for e in fresh {
                let pending = credentials::pending(store.conn(), e.id)?;
                has_pending
                    .push(pending.is_some_and(|c| credential::can_be_mailed(&c, request.now)));
            }
            std::thread::scope(|scope| {
                let (hashed, batches) = flume::bounded(1);
                let has_pending = &has_pending;
                let (policy, company) = (run.policy, run.settings.company);
                let progress = run.progress.hashed;
                scope.spawn(move || {
                    hash_batches(
                        fresh,
                        has_pending,
                        request.params,
                        policy,
                        company,
                        progress,
                        &hashed,
                    );
                });
                pipeline(store, transport, run, |d| {
                    d.resume(&resume)?;
                    for batch in fresh.chunks(BATCH) {
                        let prepared = loop {
                            match batches.recv_timeout(RECORD_EVERY) {
                                Ok(prepared) => break prepared?,
                                Err(flume::RecvTimeoutError::Timeout) => d.collect()?,
                                Err(flume::RecvTimeoutError::Disconnected) => {
                                    return Err(anyhow!("hashing stopped before the last batch"));
                                }
                            }
                        };
                        let sources = prepared
                            .into_iter()
                            .map(|p| p.map_or(Source::Pending, Source::New))
                            .collect();
                        d.queue(batch, sources, request)?;
                        crate::failpoint!("send.between_batches");
                    }
                    Ok(())
                })
                // `batches` is dropped here, so a hashing thread still busy stops after its
                // batch (only on an error; otherwise it has finished).
            })?
        }
    };
    summary.refused.extend(plan.refused);
    Ok(summary)
}

/// Generates and hashes new passwords a batch at a time on every core (`None` where the
/// employee already has one pending), and hands each batch over on `out`.
fn hash_batches(
    employees: &[StoredEmployee],
    has_pending: &[bool],
    params: &argon2::Params,
    policy: &VersionedPolicy,
    company: &str,
    progress: &(dyn Fn(u64) + Sync),
    out: &flume::Sender<Result<Vec<Option<Prepared>>>>,
) {
    for (batch, pending) in employees.chunks(BATCH).zip(has_pending.chunks(BATCH)) {
        let prepared = batch
            .par_iter()
            .zip(pending)
            .map(|(e, &pending)| {
                let prepared = (!pending).then(|| {
                    Hasher::with_thread_local(params, |hasher| {
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

/// Where the password of a new delivery comes from.
enum Source {
    /// Generated and hashed for this run.
    New(Prepared),
    /// The employee's pending one, still deliverable (`--regenerate` after a failure).
    Pending,
    /// The issued one `--existing` sends.
    Existing,
}

/// A delivery handed to the transport, and what recording its outcome needs.
struct InFlight {
    code: String,
    version: i64,
    address: String,
}

/// A message rendered for a target, before anything is written for it.
struct Ready<'e> {
    employee: &'e StoredEmployee,
    to: Mailbox,
    rendered: template::Rendered,
    /// The credential it carries (`None`: the new password of `prepared`).
    credential: Option<(i64, CredentialState)>,
    prepared: Option<Prepared>,
}

/// This thread's side of a run: renders, queues, hands letters over, records outcomes.
struct Dispatcher<'r> {
    store: &'r mut Store,
    run: &'r Run<'r>,
    /// Each template version is read from the store once per run, not once per message.
    templates: HashMap<(String, Option<i64>), Template>,
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

/// What the expiry line of a message says.
fn expiry_text(expires_at: Option<i64>) -> String {
    expires_at.map_or_else(|| "no expiry".to_owned(), crate::output::timestamp)
}

impl Dispatcher<'_> {
    /// Renders one message: the recipient's mailbox and the template's parts. `Err` is the
    /// reason the target cannot be sent to; it never carries the password.
    fn render(
        &self,
        employee: &Employee,
        template: &Template,
        password: &SecretString,
        expires_at: Option<i64>,
    ) -> Result<(Mailbox, template::Rendered), String> {
        let settings = self.run.settings;
        let to =
            mail::mailbox(&employee.full_name(), &employee.email).map_err(|e| e.to_string())?;
        let rendered = template::render(
            template,
            &Values {
                employee,
                password: password.expose_secret(),
                login_url: settings.login_url,
                company: settings.company,
                expires_at: &expiry_text(expires_at),
                operator: settings.operator,
            },
        )
        .map_err(|e| format!("the message cannot be rendered: {e}"))?;
        Ok((to, rendered))
    }

    /// The expiry a pending password will have once its mail is accepted.
    fn pending_expiry(&self) -> i64 {
        credential::now() + credential::temp_validity(&self.run.policy.policy)
    }

    fn refuse(&mut self, code: &str, reason: String) {
        self.summary.refused.push(Problem {
            employee_code: code.to_owned(),
            reason,
        });
    }

    /// Queues a batch of new deliveries: renders each message first (a target whose message
    /// cannot be rendered is refused, nothing written for it), writes what rendered in one
    /// transaction (new pending passwords and outbox rows), then hands the letters over.
    fn queue(
        &mut self,
        batch: &[StoredEmployee],
        sources: Vec<Source>,
        request: &Request<'_>,
    ) -> Result<()> {
        let vault = self.run.vault;
        let mut ready = Vec::with_capacity(batch.len());
        for (e, source) in batch.iter().zip(sources) {
            let conn = self.store.conn();
            let (credential, prepared, expires_at) = match source {
                Source::New(prepared) => (None, Some(prepared), Some(self.pending_expiry())),
                Source::Pending | Source::Existing => {
                    let found = if matches!(source, Source::Pending) {
                        credentials::pending(conn, e.id)?
                    } else {
                        credential::existing_credential(conn, e.id, request.now)?
                    };
                    let Some(c) = found.filter(|c| credential::can_be_mailed(c, request.now))
                    else {
                        self.refuse(
                            &e.employee.code,
                            "its issued password changed meanwhile; nothing to send".into(),
                        );
                        continue;
                    };
                    let expires_at = match c.state {
                        CredentialState::Active => c.expires_at,
                        _ => Some(self.pending_expiry()),
                    };
                    (Some((c.id, c.state, c.version, c.sealed)), None, expires_at)
                }
            };
            let password = match (&prepared, &credential) {
                (Some(p), _) => p.password.clone(),
                (None, Some((_, _, version, Some(sealed)))) => {
                    match vault.unseal(sealed, e.id, *version) {
                        Ok(password) => password,
                        Err(_) => {
                            self.refuse(
                                &e.employee.code,
                                "its sealed password does not open with vault.key".into(),
                            );
                            continue;
                        }
                    }
                }
                _ => unreachable!("a delivery has a new or a sealed password"),
            };
            match self.render(&e.employee, request.template, &password, expires_at) {
                Ok((to, rendered)) => ready.push(Ready {
                    employee: e,
                    to,
                    rendered,
                    credential: credential.map(|(id, state, ..)| (id, state)),
                    prepared,
                }),
                Err(reason) => self.refuse(&e.employee.code, reason),
            }
        }
        if ready.is_empty() {
            return Ok(());
        }
        let tx = self.store.write()?;
        let (mut letters, mut moved) = (Vec::with_capacity(ready.len()), Vec::new());
        for r in ready {
            match record_delivery(&tx, &r, request, self.run)? {
                Ok((id, version, message_id)) => letters.push((id, version, message_id, r)),
                Err(Moved(why)) => moved.push((r.employee.employee.code.clone(), why)),
            }
        }
        tx.commit()?;
        for (code, why) in moved {
            self.refuse(&code, why);
        }
        crate::failpoint!("send.after_queue_commit");
        for (id, version, message_id, r) in letters {
            let code = r.employee.employee.code.clone();
            let outgoing = Outgoing {
                from: self.run.settings.from,
                to: r.to.clone(),
                subject: &r.rendered.subject,
                text: &r.rendered.text,
                html: r.rendered.html.as_deref(),
                message_id: &message_id,
            };
            let letter = Letter::new(id, &outgoing);
            self.send(id, code, version, r.employee.employee.email.clone(), letter)?;
        }
        Ok(())
    }

    /// Hands a built letter over (or records why it could not be built).
    fn send(
        &mut self,
        id: i64,
        code: String,
        version: i64,
        address: String,
        letter: Result<Letter>,
    ) -> Result<()> {
        self.in_flight.insert(
            id,
            InFlight {
                code,
                version,
                address,
            },
        );
        if self.letters.is_none() {
            // Stopped: it stays queued, and `finish` says so.
            return Ok(());
        }
        match letter {
            Ok(letter) => self.hand_over(letter)?,
            Err(e) => self.received.push(Outcome {
                key: id,
                attempts: 0,
                result: Err(Failure::Permanent(format!("cannot build the message: {e}"))),
            }),
        }
        self.collect()
    }

    /// Sends queued deliveries again, each with the password, template version and
    /// Message-ID it was queued with. One that can no longer go (its password was replaced
    /// or expired, the employee left) becomes obsolete; one whose message no longer renders
    /// fails with the reason.
    fn resume(&mut self, ids: &[i64]) -> Result<()> {
        for &id in ids {
            let conn = self.store.conn();
            let Some(delivery) = outbox::get(conn, id)? else {
                continue;
            };
            if delivery.state != DeliveryState::Queued {
                continue;
            }
            let credential = credentials::by_id(conn, delivery.credential_id)?
                .context("the delivery's credential is missing")?;
            let employee = employees::find(conn, &delivery.employee_code)?
                .context("the delivery's employee is missing")?;
            let now = credential::now();
            let usable = credential::deliverable(&credential, now);
            let gone = if employee.employee.status == Status::Inactive {
                Some("the employee is inactive")
            } else if !usable {
                Some("its password expired or was replaced before it was delivered")
            } else {
                None
            };
            if let Some(reason) = gone {
                self.obsolete(&delivery, reason)?;
                continue;
            }
            let sealed = credential.sealed.as_deref().expect("mailable: sealed");
            let Ok(password) =
                self.run
                    .vault
                    .unseal(sealed, credential.employee_id, credential.version)
            else {
                let damaged = anyhow!("its sealed password does not open with vault.key");
                let (code, email) = (delivery.employee_code, employee.employee.email);
                self.send(id, code, credential.version, email, Err(damaged))?;
                continue;
            };
            let key = (delivery.template.clone(), delivery.template_version);
            if !self.templates.contains_key(&key) {
                let t =
                    template::version(self.store, &delivery.template, delivery.template_version)?;
                self.templates.insert(key.clone(), t);
            }
            let expires_at = match credential.state {
                CredentialState::Active => credential.expires_at,
                _ => Some(self.pending_expiry()),
            };
            let rendered = self.render(
                &employee.employee,
                &self.templates[&key],
                &password,
                expires_at,
            );
            let letter = match rendered {
                Ok((to, rendered)) => Letter::new(
                    id,
                    &Outgoing {
                        from: self.run.settings.from,
                        to,
                        subject: &rendered.subject,
                        text: &rendered.text,
                        html: rendered.html.as_deref(),
                        message_id: &delivery.message_id,
                    },
                ),
                Err(reason) => Err(anyhow!(reason)),
            };
            self.send(
                id,
                delivery.employee_code,
                credential.version,
                employee.employee.email,
                letter,
            )?;
        }
        Ok(())
    }

    /// Records a queued delivery that can no longer go as obsolete.
    fn obsolete(&mut self, delivery: &outbox::Delivery, reason: &str) -> Result<()> {
        let tx = self.store.write()?;
        let applied = lifecycle::obsolete(&tx, delivery.id, reason)?;
        if applied.is_ok() {
            audit::record(
                &tx,
                self.run.settings.operator,
                "password.obsolete",
                Some(&delivery.employee_code),
                reason,
            )?;
        }
        tx.commit()?;
        self.summary.failed.push(Problem {
            employee_code: delivery.employee_code.clone(),
            reason: format!("not sent: {reason}"),
        });
        Ok(())
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

    /// Records the waiting outcomes in one transaction, each as a life-cycle event: a 250 is
    /// `accepted` (its pending password becomes active, unless superseded meanwhile); a 4xx,
    /// a timeout or a stop is `deferred` (still queued); a 5xx is `rejected`.
    fn record(&mut self) -> Result<()> {
        if self.received.iter().any(|o| o.result.is_ok()) {
            crate::failpoint!("send.accepted_before_record");
        }
        let Run {
            policy, settings, ..
        } = *self.run;
        let now = credential::now();
        let expires_at = now + credential::temp_validity(&policy.policy);
        let tx = self.store.write()?;
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
            let note = |action: &str, detail: &str| {
                audit::record(&tx, settings.operator, action, Some(code), detail)
            };
            match &outcome.result {
                Ok(reply) => {
                    let attempts = Attempts {
                        count: outcome.attempts,
                        reply,
                        address: Some(&info.address),
                    };
                    match lifecycle::accepted(&tx, id, &attempts, now, expires_at)? {
                        Ok(Accepted::Promoted(_) | Accepted::Sent) => {
                            note(
                                "password.sent",
                                &format!("credential {}: {reply}", info.version),
                            )?;
                            self.summary.sent.push(code.to_owned());
                        }
                        Ok(Accepted::Superseded(why)) => {
                            note(
                                "password.superseded",
                                &format!("credential {}: {why}", info.version),
                            )?;
                            self.summary.superseded.push(problem(why));
                        }
                        Err(Moved(why)) => {
                            note(
                                "password.sent",
                                &format!("credential {}: {reply}; {why}", info.version),
                            )?;
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
                        Ok(_) => reply.clone(),
                        Err(Moved(why)) => format!("{reply} ({why})"),
                    };
                    note("password.failed", &reason)?;
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
                    note("password.deferred", reply)?;
                    if matches!(failure, Failure::Fatal(_)) {
                        self.summary.stopped.get_or_insert_with(|| reply.clone());
                    }
                    self.summary.failed.push(problem(reason));
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
            self.summary.still_queued += 1;
            self.summary.failed.push(Problem {
                employee_code: info.code,
                reason: format!("not sent, still queued: {reason}"),
            });
        }
        Ok(self.summary)
    }
}

/// Writes one rendered target: its new pending password (if it has one) and its delivery,
/// as one step. `Moved` when the employee's state changed since it was read.
fn record_delivery(
    tx: &Tx<'_>,
    r: &Ready<'_>,
    request: &Request<'_>,
    run: &Run<'_>,
) -> Result<Result<(i64, i64, String), Moved>> {
    let e = r.employee;
    let settings = run.settings;
    lifecycle::atomically(tx, || {
        let (credential_id, expect) = match (&r.prepared, r.credential) {
            (Some(prepared), _) => {
                match credential::record_issue(tx, e, prepared, run.policy, run.vault, request.now)?
                {
                    Ok((id, _)) => (id, CredentialState::Pending),
                    Err(moved) => return Ok(Err(moved)),
                }
            }
            (None, Some(found)) => found,
            (None, None) => bail!("a delivery without a password"),
        };
        let queued = lifecycle::queue(
            tx,
            &NewDelivery {
                employee_id: e.id,
                credential_id,
                expect,
                kind: request.mode.kind(),
                template: (&request.template.name, request.template.version),
                address: &e.employee.email,
                domain: settings.domain,
                now: request.now,
            },
        )?;
        let (id, message_id) = match queued {
            Ok(queued) => queued,
            Err(moved) => return Ok(Err(moved)),
        };
        let version = credentials::by_id(tx, credential_id)?
            .context("the credential just queued")?
            .version;
        audit::record(
            tx,
            settings.operator,
            "password.queued",
            Some(&e.employee.code),
            &format!("{} credential {version}", request.mode.kind()),
        )?;
        Ok(Ok((id, version, message_id)))
    })
}

/// Deliveries `outbox retry` sends: per employee, the newest queued or failed one whose
/// password can still be used; older and unusable ones become obsolete (listed, never
/// retried).
pub fn retryable(store: &mut Store) -> Result<Vec<i64>> {
    let tx = store.write()?;
    let ids = lifecycle::retry(&tx, credential::now())?;
    tx.commit()?;
    Ok(ids)
}

/// Cancels a queued or failed delivery; a new password it carried is dropped (the old one
/// keeps working). A message already in flight is recorded `superseded` if the server then
/// accepts it. `Err(Moved)` says why nothing was cancelled.
pub fn cancel(store: &mut Store, id: i64, operator: &str) -> Result<Result<(), Moved>> {
    let tx = store.write()?;
    let code = outbox::get(&tx, id)?.map(|d| d.employee_code);
    let cancelled = lifecycle::cancel(&tx, id)?;
    if let Ok(dropped) = cancelled {
        let detail = if dropped {
            "its new password was dropped"
        } else {
            ""
        };
        audit::record(&tx, operator, "password.cancelled", code.as_deref(), detail)?;
    }
    tx.commit()?;
    Ok(cancelled.map(drop))
}
