//! send-password: queue a delivery per employee (a new pending password, or the sealed copy
//! of the issued one), then dispatch the queue. A new password becomes active only when the
//! mail server has accepted the message that carries it.

use super::template::{self, Values};
use crate::credential::{self, Hasher, Prepared};
use crate::mail::{self, Failure, Outgoing, Transport};
use crate::model::{CredentialState, Status, StoredEmployee};
use crate::policy::VersionedPolicy;
use crate::store::{Store, audit, credentials, outbox};
use crate::vault::Vault;
use anyhow::{Context, Result};
use lettre::message::Mailbox;
use rayon::prelude::*;
use secrecy::ExposeSecret;
use serde::Serialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};

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

/// Everything dispatching needs besides the store and the transport.
pub struct Settings<'a> {
    pub from: &'a Mailbox,
    /// The domain of Message-IDs.
    pub domain: &'a str,
    pub login_url: &'a str,
    pub company: &'a str,
    pub operator: &'a str,
    pub max_attempts: u32,
    pub retry_within: Duration,
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

/// Queues one delivery per employee; returns the outbox ids. For `Regenerate`, passwords are
/// generated and hashed on every core first, then written with their deliveries in one
/// transaction per batch. An employee whose earlier new password was never delivered gets
/// that same password again, not another one.
#[allow(clippy::too_many_arguments)]
pub fn queue(
    store: &mut Store,
    employees: &[StoredEmployee],
    mode: Mode,
    template_name: &str,
    policy: &VersionedPolicy,
    params: &argon2::Params,
    vault: &Vault,
    settings: &Settings<'_>,
    now: i64,
    hashed: &(dyn Fn(u64) + Sync),
) -> Result<Vec<i64>> {
    const BATCH: usize = 500;
    let mut ids = Vec::with_capacity(employees.len());
    for batch in employees.chunks(BATCH) {
        let prepared: Vec<Option<Prepared>> = match mode {
            Mode::Existing => batch.iter().map(|_| None).collect(),
            Mode::Regenerate => {
                let mut has_pending = Vec::with_capacity(batch.len());
                for e in batch {
                    has_pending.push(credentials::pending(store.conn(), e.id)?.is_some());
                }
                batch
                    .par_iter()
                    .zip(has_pending)
                    .map_init(
                        || Hasher::new(params.clone()),
                        |hasher, (e, pending)| {
                            let prepared = (!pending).then(|| {
                                credential::prepare(&e.employee, policy, hasher, settings.company)
                            });
                            hashed(1);
                            prepared.transpose()
                        },
                    )
                    .collect::<Result<_>>()?
            }
        };
        let tx = store.write()?;
        for (e, prepared) in batch.iter().zip(prepared) {
            let credential_id = match (mode, prepared) {
                (Mode::Regenerate, Some(prepared)) => {
                    credential::record_issue(&tx, e, prepared, policy, vault, now)?.credential_id
                }
                (Mode::Regenerate, None) => {
                    credentials::pending(&tx, e.id)?
                        .context("the pending password vanished")?
                        .id
                }
                (Mode::Existing, _) => {
                    credential::existing_credential(&tx, e.id, now)?
                        .context("the sealed password vanished")?
                        .id
                }
            };
            ids.push(outbox::queue(
                &tx,
                e.id,
                credential_id,
                mode.kind(),
                template_name,
                settings.domain,
            )?);
            audit::record(
                &tx,
                settings.operator,
                "password.queued",
                Some(&e.employee.code),
                mode.kind(),
            )?;
        }
        tx.commit()?;
    }
    Ok(ids)
}

/// Sends the queued deliveries `ids`, in order, recording each outcome.
pub fn dispatch(
    store: &mut Store,
    ids: &[i64],
    transport: &mut dyn Transport,
    vault: &Vault,
    policy: &VersionedPolicy,
    settings: &Settings<'_>,
    progress: &dyn Fn(u64),
) -> Result<Summary> {
    let mut summary = Summary::default();
    // Each template is read from the store once per run, not once per message.
    let mut templates: HashMap<String, template::Template> = HashMap::new();
    for (n, &id) in ids.iter().enumerate() {
        let Some(delivery) = outbox::get(store.conn(), id)? else {
            continue;
        };
        if delivery.state != "queued" {
            continue;
        }
        if let Some(reason) = &summary.stopped {
            summary.failed.push(Problem {
                employee_code: delivery.employee_code,
                reason: format!("not sent, still queued: {reason}"),
            });
            continue;
        }
        if !templates.contains_key(&delivery.template) {
            let current = template::current(store, &delivery.template)?;
            templates.insert(delivery.template.clone(), current);
        }
        let template = &templates[&delivery.template];
        let outcome = deliver(
            store, &delivery, template, transport, vault, policy, settings,
        )?;
        let code = delivery.employee_code.clone();
        match outcome {
            Ok(_) => summary.sent.push(code),
            Err(Failure::Permanent(reply)) => summary.failed.push(Problem {
                employee_code: code,
                reason: reply,
            }),
            Err(Failure::Transient(reply)) => summary.failed.push(Problem {
                employee_code: code,
                reason: format!("{reply}; still queued for `hrpass outbox retry`"),
            }),
            Err(Failure::Fatal(reason)) => {
                summary.failed.push(Problem {
                    employee_code: code,
                    reason: format!("{reason}; still queued"),
                });
                summary.stopped = Some(reason);
            }
        }
        progress(n as u64 + 1);
    }
    Ok(summary)
}

/// One delivery: render, send with quick retries, record. The password is the sealed copy,
/// so a retry sends the same one.
fn deliver(
    store: &mut Store,
    delivery: &outbox::Delivery,
    template: &template::Template,
    transport: &mut dyn Transport,
    vault: &Vault,
    policy: &VersionedPolicy,
    settings: &Settings<'_>,
) -> Result<Result<String, Failure>> {
    let conn = store.conn();
    let credential = credentials::by_id(conn, delivery.credential_id)?
        .context("the delivery's credential is missing")?;
    let employee = crate::store::employees::find(conn, &delivery.employee_code)?
        .context("the delivery's employee is missing")?;
    let sealed = credential
        .sealed
        .as_deref()
        .context("the password's sealed copy was destroyed")?;
    let password = vault.unseal(sealed, credential.employee_id, credential.version)?;
    let now = credential::now();
    let expires_at = match credential.state {
        CredentialState::Active => credential.expires_at,
        _ => Some(now + credential::temp_validity(&policy.policy)),
    };
    let expires_text = expires_at.map_or_else(|| "no expiry".to_owned(), crate::output::timestamp);
    let rendered = template::render(
        template,
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
        to: mail::mailbox(&employee.employee.full_name(), &employee.employee.email)?,
        subject: &rendered.subject,
        text: &rendered.text,
        html: rendered.html.as_deref(),
        message_id: &delivery.message_id,
    };

    let started = Instant::now();
    let mut attempt = 0;
    let result = loop {
        attempt += 1;
        match transport.send(&message) {
            Err(Failure::Transient(reply))
                if attempt < settings.max_attempts && started.elapsed() < settings.retry_within =>
            {
                // Seconds, not minutes: 0.25 s, 0.5 s, 1 s, … within retry_within.
                let pause = Duration::from_millis(250 << (attempt - 1).min(5));
                let left = settings.retry_within.saturating_sub(started.elapsed());
                std::thread::sleep(pause.min(left));
                let tx = store.write()?;
                outbox::record_attempt(&tx, delivery.id, "queued", &reply)?;
                tx.commit()?;
            }
            other => break other,
        }
    };

    let code = &delivery.employee_code;
    let tx = store.write()?;
    match &result {
        Ok(reply) => {
            outbox::record_attempt(&tx, delivery.id, "sent", reply)?;
            // Whatever the kind, an accepted message carrying a pending password makes it the
            // one that works: the employee now holds it.
            if credential.state == CredentialState::Pending {
                credential::promote(&tx, credential.employee_id, credential.id, policy, now)?;
            }
            audit::record(
                &tx,
                settings.operator,
                "password.sent",
                Some(code),
                &format!("credential {}: {reply}", credential.version),
            )?;
        }
        Err(Failure::Permanent(reply)) => {
            outbox::record_attempt(&tx, delivery.id, "failed", reply)?;
            audit::record(&tx, settings.operator, "password.failed", Some(code), reply)?;
        }
        Err(Failure::Transient(reply) | Failure::Fatal(reply)) => {
            outbox::record_attempt(&tx, delivery.id, "queued", reply)?;
            audit::record(
                &tx,
                settings.operator,
                "password.deferred",
                Some(code),
                reply,
            )?;
        }
    }
    tx.commit()?;
    Ok(result)
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
