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
use crate::credential::{self, Hasher, Prepared};
use crate::mail::Transport;
use crate::model::{DeliveryState, Status, StoredEmployee};
use crate::policy::VersionedPolicy;
use crate::store::lifecycle::{self, Moved};
use crate::store::{Store, audit, credentials, employees, links, meta, outbox};
use crate::vault::Vault;
use anyhow::{Result, anyhow};
use rayon::prelude::*;
use std::collections::HashSet;

pub use super::request::{
    Address, MessageRequest, MessageTarget, Mode, Problem, Progress, Request, Run, Settings,
    Summary,
};

/// New passwords hashed, then queued in one transaction, at a time.
const BATCH: usize = 128;

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
    scope: Option<&crate::access::Scope>,
) -> Result<Plan> {
    let conn = store.conn();
    let mut plan = Plan::default();
    // An operator with a scope resumes only what was left queued for employees in it.
    let mine = scope.map(|s| s.ids(conn)).transpose()?;
    let mut covered = HashSet::new();
    let mut busy = std::collections::HashMap::new();
    // Messages without a password (send-email, reminders) are not this run's to resend; a
    // queued password or link is, whichever this run sends.
    let queued = outbox::list(conn, Some(DeliveryState::Queued))?;
    for d in queued
        .into_iter()
        .filter(|d| d.carries_password() || d.link_id.is_some())
        .filter(|d| mine.as_ref().is_none_or(|m| m.contains(&d.employee_id)))
    {
        if let Some((owner, until)) = outbox::leased_elsewhere(conn, d.id, lease, now)? {
            busy.insert(d.employee_id, (owner, until));
            continue;
        }
        let carried = match (d.credential_id, d.link_id) {
            (Some(credential_id), _) => credentials::by_id(conn, credential_id)?
                .is_some_and(|c| credential::deliverable(&c, now)),
            (None, Some(link_id)) => {
                links::by_id(conn, link_id)?.is_some_and(|l| l.can_be_mailed(now))
            }
            (None, None) => continue,
        };
        let usable = carried
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
            Some(format!(
                "no issued password to send: {}",
                credential::why_no_existing(conn, e.id, now)?
            ))
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
        run.operator.and_then(|a| a.scope_filter()).as_ref(),
    )?;
    if !plan.stale.is_empty() {
        // Each employee is reported once, for their target: a stale delivery is only noted.
        let tx = store.write()?;
        for d in &plan.stale {
            let why = "the employee is inactive or its password or link was replaced";
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
        Mode::Link => pipeline(store, transport, run, |d| {
            d.resume(&resume)?;
            for batch in fresh.chunks(BATCH) {
                d.queue_links(batch, request)?;
                crate::failpoint!("send.between_batches");
            }
            Ok(())
        })?,
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
                        request,
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
/// employee already has one pending), and hands each batch over on `out`. The hashes run on
/// the request's hashing threads when it names them (only the hashing: the hand-over, which
/// waits for the sender, stays on this thread).
fn hash_batches(
    employees: &[StoredEmployee],
    has_pending: &[bool],
    request: &Request<'_>,
    policy: &VersionedPolicy,
    company: &str,
    progress: &(dyn Fn(u64) + Sync),
    out: &flume::Sender<Result<Vec<Option<Prepared>>>>,
) {
    for (batch, pending) in employees.chunks(BATCH).zip(has_pending.chunks(BATCH)) {
        let hash = || {
            batch
                .par_iter()
                .zip(pending)
                .map(|(e, &pending)| {
                    let prepared = (!pending).then(|| {
                        Hasher::with_thread_local(request.params, |hasher| {
                            credential::prepare(&e.employee, policy, hasher, company)
                        })
                    });
                    progress(1);
                    prepared.transpose()
                })
                .collect()
        };
        // Inside `install`, rayon's work runs on that pool's threads.
        let prepared = match request.hashers {
            Some(hashers) => hashers.install(hash),
            None => hash(),
        };
        if out.send(prepared).is_err() {
            return;
        }
    }
}

/// Deliveries `outbox retry` sends: per employee, the newest queued or failed one whose
/// password can still be used; older and unusable ones become obsolete (listed, never
/// retried).
pub fn retryable(
    store: &mut Store,
    lease: &outbox::Lease,
    scope: Option<&crate::access::Scope>,
) -> Result<Vec<i64>> {
    let tx = store.write()?;
    let now = credential::now();
    let mut ids = lifecycle::retry(&tx, now, lease, scope)?;
    // Those another sender holds are listed too: the run reports them as left to it.
    ids.extend(outbox::held_elsewhere(&tx, lease, now)?);
    tx.commit()?;
    Ok(ids)
}

/// Cancels a queued or failed delivery; a new password it carried is dropped (the old one
/// keeps working). A message already in flight is recorded `superseded` if the server then
/// accepts it. `Err(Moved)` says why nothing was cancelled.
/// A delivery to someone outside `actor`'s scope is left as it is, and says so: checked in
/// the cancel's own transaction, so a scope changed meanwhile is the one that counts.
pub fn cancel(
    store: &mut Store,
    id: i64,
    actor: &crate::access::Actor,
) -> Result<Result<(), Moved>> {
    let tx = store.write()?;
    let delivery = outbox::get(&tx, id)?;
    if let Some(d) = &delivery
        && let Some(e) = crate::store::employees::by_id(&tx, d.employee_id)?
        && let Some(why) = actor.outside_scope(&tx, &e)?
    {
        return Ok(Err(Moved(why)));
    }
    let operator = actor.name.as_str();
    let code = delivery.map(|d| d.employee_code);
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
