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

use super::dispatch::{RECORD_EVERY, Source, pipeline};
use super::template::Template;
use crate::credential::{self, Hasher, Prepared};
use crate::mail::Transport;
use crate::model::{DeliveryState, Status, StoredEmployee};
use crate::policy::VersionedPolicy;
use crate::store::db::Conn;
use crate::store::lifecycle::{self, Moved};
use crate::store::{Store, audit, credentials, employees, meta, outbox};
use crate::vault::Vault;
use anyhow::{Result, anyhow};
use lettre::message::Mailbox;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;

/// New passwords hashed, then queued in one transaction, at a time.
const BATCH: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A new password per the policy.
    Regenerate,
    /// The password hrpass already issued (its sealed copy).
    Existing,
}

impl Mode {
    pub(super) fn kind(self) -> &'static str {
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
    /// The address each delivery of the run was mailed (or tried) to, by employee code.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub addresses: std::collections::BTreeMap<String, String>,
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

    /// Each list in employee-code order: outcomes arrive in whatever order the connections
    /// finish, and a summary a script reads should not depend on that.
    pub(super) fn sort_by_code(&mut self) {
        self.sent.sort();
        for list in [&mut self.failed, &mut self.superseded] {
            list.sort_by(|a, b| a.employee_code.cmp(&b.employee_code));
        }
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
    /// The zone the mail states its times in (`[portal] timezone`).
    pub timezone: &'a jiff::tz::TimeZone,
}

/// Which of an employee's addresses a new delivery goes to (`--address`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Address {
    /// The work address (`email`).
    #[default]
    Work,
    /// `personal_email`; an employee without one is refused.
    Personal,
    /// `personal_email` when set and the employee has no active password yet (a new hire),
    /// else the work address.
    Auto,
}

impl Address {
    /// The address for `e`, or why there is none.
    pub fn choose(self, conn: &Conn, e: &StoredEmployee) -> Result<Result<String, String>> {
        let personal = e.employee.personal_email.clone();
        Ok(match (self, personal) {
            (Address::Work, _) => Ok(e.employee.email.clone()),
            (Address::Personal, Some(personal)) => Ok(personal),
            (Address::Personal, None) => Err(format!(
                "no personal_email (add one with `hrpass employees update {} --personal-email \
                 ADDRESS`, or send to the work address)",
                e.employee.code
            )),
            (Address::Auto, Some(personal)) if credentials::active(conn, e.id)?.is_none() => {
                Ok(personal)
            }
            (Address::Auto, _) => Ok(e.employee.email.clone()),
        })
    }
}

/// What to send to the targets of a run.
pub struct Request<'a> {
    pub targets: &'a [StoredEmployee],
    pub mode: Mode,
    /// Which address new deliveries go to (resumed ones keep theirs).
    pub address: Address,
    /// The template version in force, checked by `template::trial`.
    pub template: &'a Template,
    /// argon2 parameters for new passwords.
    pub params: &'a argon2::Params,
    pub now: i64,
}

/// One employee a message without a password goes to.
pub struct MessageTarget<'e> {
    pub employee: &'e StoredEmployee,
    /// The issued password a reminder is about (its expiry goes into the text).
    pub credential: Option<&'e crate::model::Credential>,
    /// Where it goes, when not the request's `address` (a reminder goes where the password
    /// it is about went).
    pub address: Option<&'e str>,
}

/// What a run of messages without a password sends: `send-email` or `notify-expiring`.
pub struct MessageRequest<'a> {
    /// `email` or `expiry` (the outbox kind).
    pub kind: &'static str,
    /// A message template (no `{{ password }}`).
    pub template: &'a Template,
    pub address: Address,
    pub now: i64,
}

/// Sends a message to each target through the outbox, a batch at a time, as `send` does
/// for passwords (same pipeline, limits, outcomes and summary).
pub fn send_messages(
    store: &mut Store,
    transport: &mut dyn Transport,
    targets: &[MessageTarget<'_>],
    request: &MessageRequest<'_>,
    run: &Run<'_>,
) -> Result<Summary> {
    pipeline(store, transport, run, |d| {
        for batch in targets.chunks(BATCH) {
            d.queue_messages(batch, request)?;
            crate::failpoint!("send.between_batches");
        }
        Ok(())
    })
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
    /// This run's hold on the deliveries it queues or takes (see `outbox::Lease`).
    pub lease: &'a outbox::Lease,
    /// `[delivery] daily_limit`: messages accepted in any 24 hours, across runs.
    pub daily_limit: Option<u32>,
}

/// How long a sender's hold on its deliveries lasts from each renewal: far longer than any
/// single SMTP step (at most 3 × 300 s), renewed as outcomes are recorded.
pub const LEASE_SECS: i64 = 20 * 60;

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
/// earlier run left queued that can still go. Reads only. A delivery another sender holds
/// (its lease runs past `now` and is not `lease`'s) is left to it, and its employee refused
/// here.
pub fn plan(
    store: &Store,
    targets: Vec<StoredEmployee>,
    mode: Mode,
    address: Address,
    now: i64,
    lease: &outbox::Lease,
) -> Result<Plan> {
    let conn = store.conn();
    let mut plan = Plan::default();
    let mut covered = HashSet::new();
    let mut busy = std::collections::HashMap::new();
    // Messages without a password (send-email, reminders) are not this run's to resend.
    let queued = outbox::list(conn, Some(DeliveryState::Queued))?;
    for d in queued
        .into_iter()
        .filter(outbox::Delivery::carries_password)
    {
        let Some(credential_id) = d.credential_id else {
            continue;
        };
        if let Some((owner, until)) = outbox::leased_elsewhere(conn, d.id, lease, now)? {
            busy.insert(d.employee_id, (owner, until));
            continue;
        }
        let usable = credentials::by_id(conn, credential_id)?
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
        } else if let Some((owner, until)) = busy.get(&e.id) {
            Some(format!(
                "another hrpass ({owner}) is sending to them, holding the delivery until {}",
                crate::text::rfc3339(*until)
            ))
        } else if covered.contains(&e.id) {
            None
        } else if mode == Mode::Existing
            && credential::existing_credential(conn, e.id, now)?.is_none()
        {
            Some("no issued password to send: they set their own, it expired, or hrpass never issued one".to_owned())
        } else if let Err(reason) = address.choose(conn, &e)? {
            Some(reason)
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

/// Checks `vault.key` against the store before anything is written: by the fingerprint the
/// store recorded, and by opening a sealed password. A key that fails either was replaced,
/// and everything sealed with it would be lost. A store without a fingerprint yet (made by an
/// older hrpass) records this key's once it passes.
pub fn check_vault(store: &mut Store, vault: &Vault) -> Result<()> {
    let recorded = meta::get(store.conn(), meta::VAULT_FINGERPRINT)?;
    vault.check_fingerprint(recorded.as_deref())?;
    if let Some((employee_id, version, sealed)) = credentials::any_sealed(store.conn())? {
        vault.unseal(&sealed, employee_id, version).map_err(|_| {
            anyhow!(
                "vault.key does not open the passwords sealed in this store: it was replaced or \
                 belongs to another home; restore the original key (nothing was changed)"
            )
        })?;
    }
    if recorded.is_none() {
        let tx = store.write()?;
        meta::set(&tx, meta::VAULT_FINGERPRINT, vault.fingerprint())?;
        tx.commit()?;
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
    let plan = plan(
        store,
        request.targets.to_vec(),
        request.mode,
        request.address,
        request.now,
        run.lease,
    )?;
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
            let ids: Vec<i64> = fresh.iter().map(|e| e.id).collect();
            let pending = credentials::pending_of(store.conn(), &ids)?;
            let has_pending: Vec<bool> = fresh
                .iter()
                .map(|e| {
                    pending
                        .get(&e.id)
                        .is_some_and(|c| credential::can_be_mailed(c, request.now))
                })
                .collect();
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

/// Deliveries `outbox retry` sends: per employee, the newest queued or failed one whose
/// password can still be used; older and unusable ones become obsolete (listed, never
/// retried).
pub fn retryable(store: &mut Store, lease: &outbox::Lease) -> Result<Vec<i64>> {
    let tx = store.write()?;
    let now = credential::now();
    let mut ids = lifecycle::retry(&tx, now, lease)?;
    // Those another sender holds are listed too: the run reports them as left to it.
    ids.extend(outbox::held_elsewhere(&tx, lease, now)?);
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
