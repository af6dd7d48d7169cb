//! The credential and delivery life cycle, in one place: every state, every event that moves
//! one, and for each event the conditional updates that apply it.
//!
//! ```text
//! credential   pending ──accepted──▶ active ──successor accepted / employee's change──▶ retired
//!                 └──employee's change / HR's cancel / expired / replaced──▶ retired
//!
//! delivery     queued ──accepted──▶ sent            (its pending password becomes active)
//!                 │    ──accepted, but its password was superseded──▶ superseded
//!                 │    ──5xx──▶ failed ──outbox retry──▶ queued
//!                 │    ──4xx / timeout / crash──▶ queued (same password, same Message-ID)
//!                 ├──HR's cancel──▶ cancelled ──accepted while in flight──▶ superseded
//!                 └──password replaced or expired──▶ obsolete ──accepted while in flight──▶ superseded
//!              failed ──newer delivery queued / password replaced or expired──▶ obsolete
//! ```
//!
//! | event | expects | applies |
//! |---|---|---|
//! | `issue` | the employee active, with no pending credential | a pending credential, sealed |
//! | `queue` | the credential in the state the caller read, mailable; no queued delivery | a queued delivery; the employee's failed ones become obsolete |
//! | `accepted` | the delivery queued (or cancelled/obsolete: in flight) | pending → active and the old active → retired, in one step; or `superseded` |
//! | `deferred` | the delivery queued | attempts counted, still queued |
//! | `rejected` | the delivery queued | failed (obsolete when its password can no longer be used) |
//! | `obsolete` | the delivery queued | obsolete: its password is gone |
//! | `cancel` | the delivery queued or failed | cancelled; a pending password it carried retired |
//! | `employee_changed` | the employee active; the employee's own change wins over any state | every other credential retired, seals destroyed, deliveries obsolete |
//! | `expire` | credentials whose validity ended | seals destroyed; pending → retired; their deliveries obsolete |
//! | `retry` | per employee, the newest queued or failed delivery whose password works | failed → queued; the others obsolete |
//! | `queue_message` | the employee active; for a reminder: its credential still active, issued, unchanged, and never reminded of | a queued message without a password |
//!
//! Messages without a password (`email`, `expiry` reminders) go through the same outbox and
//! the same events, but carry no credential's password: `accepted` only marks them sent,
//! `cancel` retires nothing, they are not one-queued-per-employee, and `retry` takes each
//! queued or failed one. A reminder becomes obsolete with its credential (the employee's own
//! change, expiry); a general email only by HR's cancel.
//!
//! Each event runs in a savepoint of the caller's write transaction. Every UPDATE names the
//! state it expects and its row count is checked; when a row has moved on, the savepoint is
//! rolled back and the event reports `Moved` with why, so nothing is half-applied. Events that
//! can only move before their first write (`issue`, `queue`, `queue_message`) take no
//! savepoint of their own: there is nothing to roll back, and on PostgreSQL each savepoint
//! costs two round trips. SQLite's
//! `BEGIN IMMEDIATE` already serialises writers; the conditions are what keep each step right
//! where it does not. An active credential is retired only by the step that activates its
//! successor or stores the employee's own, and the schema allows one active credential per
//! employee (`credentials_one_active`).

use super::credentials::{self, NewCredential};
use super::db::{Conn, Param};
use super::outbox;
use crate::model::{CredentialState, DeliveryState};
use anyhow::Result;
use std::fmt;

/// Why an event did nothing: a row was not in the state the event expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved(pub String);

impl fmt::Display for Moved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An event's result: `Err(Moved)` when it found its rows moved on and changed nothing.
pub type Step<T> = Result<Result<T, Moved>>;

fn moved<T>(why: impl Into<String>) -> Step<T> {
    Ok(Err(Moved(why.into())))
}

/// Runs `event` in a savepoint: kept when it applies, rolled back when it reports `Moved` or
/// fails. Callers use it to make several events one (a new password and its delivery).
pub fn atomically<T>(conn: &Conn, event: impl FnOnce() -> Step<T>) -> Step<T> {
    conn.batch("SAVEPOINT lifecycle")?;
    let result = event();
    if !matches!(result, Ok(Ok(_))) {
        conn.batch("ROLLBACK TO SAVEPOINT lifecycle")?;
    }
    conn.batch("RELEASE SAVEPOINT lifecycle")?;
    result
}

/// An UPDATE that must touch exactly one row: the compare-and-set.
fn set(conn: &Conn, sql: &str, params: &[&dyn Param]) -> Result<bool> {
    Ok(conn.execute(sql, params)? == 1)
}

/// The SQL condition for a credential whose password can still be mailed, with the time
/// bound as parameter `$n`.
fn mailable_at(n: usize) -> String {
    format!("sealed IS NOT NULL AND (expires_at IS NULL OR expires_at > ${n})")
}

/// A new password for an employee, as `issue` records it.
pub struct NewIssue<'a> {
    pub employee_id: i64,
    pub hash: &'a str,
    pub issued_at: i64,
    pub expires_at: i64,
    pub policy_version: i64,
    pub facts: crate::model::PasswordFacts,
}

/// Issued: records a new pending credential, sealed by `seal(version)`. Expects the employee
/// to have no pending credential. Returns (credential id, version).
pub fn issue(
    conn: &Conn,
    new: &NewIssue<'_>,
    seal: impl FnOnce(i64) -> Result<Vec<u8>>,
) -> Step<(i64, i64)> {
    // It moves only before it writes, so it needs no savepoint of its own: a caller that
    // makes it part of a larger event (a password and its delivery) rolls that back.
    // One read for both expectations: the employee still active (offboarding may have
    // run since the caller planned) and no pending password.
    let found: Option<(String, Option<i64>)> = conn.query_opt(
        "SELECT e.status, (SELECT c.version FROM credentials c
                           WHERE c.employee_id = e.id AND c.state = 'pending')
         FROM employees e WHERE e.id = $1",
        &[&new.employee_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    match found {
        None => return moved("the employee is no longer in the store"),
        Some((status, _)) if status != "active" => {
            return moved("the employee was deactivated meanwhile");
        }
        Some((_, Some(version))) => {
            return moved(format!(
                "another password (version {version}) is already waiting to be delivered"
            ));
        }
        Some((_, None)) => {}
    }
    let (id, version) = credentials::insert(
        conn,
        &NewCredential {
            employee_id: new.employee_id,
            state: CredentialState::Pending,
            origin: crate::model::Origin::Issued,
            hash: new.hash,
            must_change: true,
            issued_at: new.issued_at,
            expires_at: Some(new.expires_at),
            policy_version: new.policy_version,
            facts: new.facts,
        },
    )?;
    let sealed = seal(version)?;
    set(
        conn,
        "UPDATE credentials SET sealed = $2 WHERE id = $1 AND state = 'pending'",
        &[&id, &sealed],
    )?;
    Ok(Ok((id, version)))
}

/// A delivery to queue.
pub struct NewDelivery<'a> {
    pub employee_id: i64,
    pub credential_id: i64,
    /// The state the caller read the credential in (pending or active).
    pub expect: CredentialState,
    pub kind: &'a str,
    pub template: (&'a str, i64),
    pub address: &'a str,
    /// The domain of the Message-ID.
    pub domain: &'a str,
    pub now: i64,
    /// The sender that will send it (`None`: whoever takes it first).
    pub lease: Option<&'a outbox::Lease>,
}

/// Queued: a delivery of the credential's sealed password. Expects the credential still in
/// the state the caller read and still mailable, and no delivery queued for the employee.
/// The employee's failed deliveries become obsolete: this one is the one to retry now.
/// A delivery just queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: i64,
    /// The version of the credential it carries.
    pub version: i64,
    pub message_id: String,
}

pub fn queue(conn: &Conn, d: &NewDelivery<'_>) -> Step<Queued> {
    // Moves only before it writes: no savepoint of its own (see `issue`).
    let version: Option<i64> = conn.query_opt(
        &format!(
            "SELECT version FROM credentials
             WHERE id = $1 AND employee_id = $2 AND state = $3 AND {}",
            mailable_at(4)
        ),
        &[&d.credential_id, &d.employee_id, &d.expect.as_str(), &d.now],
        |r| r.get(0),
    )?;
    let Some(version) = version else {
        return moved("its password changed, expired or was replaced meanwhile");
    };
    if outbox::queued_for(conn, d.employee_id)?.is_some() {
        return moved("a delivery is already queued (see `hrpass outbox list`)");
    }
    conn.execute(
        &format!(
            "UPDATE outbox SET state = 'obsolete', updated_at = unixepoch()
             WHERE employee_id = $1 AND state = 'failed' AND kind IN {}",
            outbox::PASSWORD_KINDS
        ),
        &[&d.employee_id],
    )?;
    let (id, message_id) = outbox::insert(
        conn,
        d.employee_id,
        Some(d.credential_id),
        Some(version),
        d.kind,
        d.template,
        d.address,
        d.domain,
        d.lease.map(|lease| (lease, d.now)),
    )?;
    Ok(Ok(Queued {
        id,
        version,
        message_id,
    }))
}

/// A message without a password to queue: a general email (`send-email`, no credential) or
/// a reminder about an issued password (`notify-expiring`, that credential).
pub struct NewMessage<'a> {
    pub employee_id: i64,
    pub credential_id: Option<i64>,
    /// `email` or `expiry`.
    pub kind: &'a str,
    pub template: (&'a str, i64),
    pub address: &'a str,
    pub domain: &'a str,
    pub now: i64,
    pub lease: Option<&'a outbox::Lease>,
}

/// Queued: a message without a password. A reminder expects its credential still the
/// employee's active, issued, unchanged password, and none sent for it before (once per
/// credential). Returns the delivery and its Message-ID.
pub fn queue_message(conn: &Conn, m: &NewMessage<'_>) -> Step<(i64, String)> {
    // Moves only before it writes: no savepoint of its own (see `issue`).
    if !super::offboarding::is_active(conn, m.employee_id)? {
        return moved("the employee was deactivated meanwhile");
    }
    if let Some(credential_id) = m.credential_id {
        let still = conn.query_opt(
            "SELECT 1 FROM credentials
             WHERE id = $1 AND employee_id = $2 AND state = 'active' AND origin = 'issued'
               AND must_change = $3",
            &[&credential_id, &m.employee_id, &true],
            |_| Ok(()),
        )?;
        if still.is_none() {
            return moved("its password was changed or replaced meanwhile");
        }
        let reminded = conn.query_opt(
            "SELECT 1 FROM outbox WHERE credential_id = $1 AND kind = 'expiry'",
            &[&credential_id],
            |_| Ok(()),
        )?;
        if reminded.is_some() {
            return moved("already reminded about this password");
        }
    }
    let queued = outbox::insert(
        conn,
        m.employee_id,
        m.credential_id,
        None,
        m.kind,
        m.template,
        m.address,
        m.domain,
        m.lease.map(|lease| (lease, m.now)),
    )?;
    Ok(Ok(queued))
}

/// Activates a pending credential and retires the active one it replaces, in one step.
/// Expects the credential pending and its validity not over; every other sealed copy of the
/// employee's is destroyed. Runs inside a write transaction (`Store::write`), whose lock the
/// read-then-write relies on; an error means the caller must not commit.
pub fn activate(conn: &Conn, credential_id: i64, now: i64, expires_at: i64) -> Step<i64> {
    let claimed: Option<(i64, i64)> = conn.query_opt(
        "SELECT employee_id, version FROM credentials
         WHERE id = $1 AND state = 'pending' AND (expires_at IS NULL OR expires_at > $2)",
        &[&credential_id, &now],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some((employee_id, version)) = claimed else {
        return moved("its password is no longer pending: superseded, cancelled or expired");
    };
    switch(conn, credential_id, employee_id, now, expires_at)?;
    Ok(Ok(version))
}

/// The writes of an activation, decided on a read made under the write lock (so no other
/// writer can have moved the rows since): the active password and every other sealed copy
/// of the employee's go, then the pending one becomes active. Two statements, no savepoint:
/// the second is still a compare-and-set, and if it ever found the row moved the error
/// rolls the whole transaction back, so no employee is left without a password.
fn switch(
    conn: &Conn,
    credential_id: i64,
    employee_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<()> {
    conn.execute(
        "UPDATE credentials
         SET state = CASE WHEN state = 'active' THEN 'retired' ELSE state END, sealed = NULL
         WHERE employee_id = $1 AND id <> $2 AND (state = 'active' OR sealed IS NOT NULL)",
        &[&employee_id, &credential_id],
    )?;
    crate::failpoint!("promote.between_retire_and_activate");
    if !set(
        conn,
        "UPDATE credentials SET state = 'active', failed_attempts = 0, issued_at = $2,
             expires_at = $3
         WHERE id = $1 AND state = 'pending'",
        &[&credential_id, &now, &expires_at],
    )? {
        anyhow::bail!(
            "credential {credential_id} stopped being pending while it was activated under \
             the write lock; nothing was changed"
        );
    }
    Ok(())
}

/// What the mail server said, and where the message went.
pub struct Attempts<'a> {
    pub count: u32,
    pub reply: &'a str,
    pub address: Option<&'a str>,
}

/// What an accepted message came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// Its pending password is now the active one (this version).
    Promoted(i64),
    /// It carried the password already active (`--existing`).
    Sent,
    /// It went out, but its password had been superseded (the employee's own change, HR's
    /// cancel, a replacement or its expiry): the current password keeps working.
    Superseded(String),
}

/// Accepted: the mail server took the message (250 after DATA).
///
/// Decided on one read of the delivery and its credential, made under the write lock, then
/// written: the outbox row's compare-and-set first (a delivery that moved on changes
/// nothing), then the credential's. Four round trips for a new password on PostgreSQL,
/// where an event a statement at a time with savepoints took eleven.
pub fn accepted(
    conn: &Conn,
    delivery_id: i64,
    attempts: &Attempts<'_>,
    now: i64,
    expires_at: i64,
) -> Step<Accepted> {
    let Some((
        outbox::Current {
            state,
            credential_id,
            carries_password,
        },
        credential,
    )) = outbox::state_with_credential(conn, delivery_id)?
    else {
        return moved("the delivery is gone");
    };
    let step = |to| {
        outbox::step(
            conn,
            delivery_id,
            state,
            to,
            attempts.count,
            Some(attempts.reply),
            attempts.address,
        )
    };
    match state {
        DeliveryState::Queued => {}
        DeliveryState::Cancelled | DeliveryState::Obsolete => {
            if !step(DeliveryState::Superseded)? {
                return moved("the delivery moved on");
            }
            let why = if !carries_password {
                "accepted after it was cancelled or made obsolete"
            } else if state == DeliveryState::Cancelled {
                "accepted after HR cancelled it; its password was never activated"
            } else {
                "accepted after its password was superseded (the employee's own change, \
                 a replacement or its expiry); it was never activated"
            };
            return Ok(Ok(Accepted::Superseded(why.to_owned())));
        }
        other => return moved(format!("the delivery is already {other}")),
    }
    // A message without a password (or a reminder about one) changes no credential.
    let (true, Some(credential_id)) = (carries_password, credential_id) else {
        if !step(DeliveryState::Sent)? {
            return moved("the delivery moved on");
        }
        return Ok(Ok(Accepted::Sent));
    };
    let outcome = match &credential {
        Some(c) if c.state == CredentialState::Pending => {
            if c.expires_at.is_none_or(|at| at > now) {
                Accepted::Promoted(c.version)
            } else {
                Accepted::Superseded(
                    "accepted, but its password is no longer pending: superseded, cancelled \
                     or expired; not activated"
                        .to_owned(),
                )
            }
        }
        Some(c) if c.state == CredentialState::Active => Accepted::Sent,
        _ => Accepted::Superseded(
            "accepted after its password was replaced; the current one keeps working".to_owned(),
        ),
    };
    let to = match outcome {
        Accepted::Superseded(_) => DeliveryState::Superseded,
        _ => DeliveryState::Sent,
    };
    if !step(to)? {
        return moved("the delivery moved on");
    }
    match (&outcome, credential) {
        (Accepted::Promoted(_), Some(c)) => {
            switch(conn, credential_id, c.employee_id, now, expires_at)?
        }
        // Expired while in flight: it must not replace a password that works.
        (Accepted::Superseded(_), Some(c)) if c.state == CredentialState::Pending => {
            retire_pending(conn, credential_id)?;
        }
        _ => {}
    }
    Ok(Ok(outcome))
}

/// Deferred: a 4xx, a timeout or a stop; the delivery stays queued with the same password.
pub fn deferred(conn: &Conn, delivery_id: i64, attempts: &Attempts<'_>) -> Step<()> {
    atomically(conn, || {
        if outbox::step(
            conn,
            delivery_id,
            DeliveryState::Queued,
            DeliveryState::Queued,
            attempts.count,
            Some(attempts.reply),
            attempts.address,
        )? {
            Ok(Ok(()))
        } else {
            moved("the delivery is no longer queued")
        }
    })
}

/// Whether a credential's password can still be mailed (pending or active, sealed, valid).
fn mailable(conn: &Conn, credential_id: i64, now: i64) -> Result<bool> {
    Ok(conn
        .query_opt(
            &format!(
                "SELECT 1 FROM credentials
                 WHERE id = $1 AND state IN ('pending', 'active') AND {}",
                mailable_at(2)
            ),
            &[&credential_id, &now],
            |_| Ok(()),
        )?
        .is_some())
}

/// Rejected: a 5xx. The delivery fails, or becomes obsolete when its password can no longer
/// be mailed; the employee's current password keeps working either way.
pub fn rejected(
    conn: &Conn,
    delivery_id: i64,
    attempts: &Attempts<'_>,
    now: i64,
) -> Step<DeliveryState> {
    atomically(conn, || {
        let Some(outbox::Current {
            state: DeliveryState::Queued,
            credential_id,
            carries_password,
        }) = outbox::state(conn, delivery_id)?
        else {
            return moved("the delivery is no longer queued");
        };
        let to = match credential_id {
            Some(id) if carries_password && !mailable(conn, id, now)? => DeliveryState::Obsolete,
            _ => DeliveryState::Failed,
        };
        let applied = outbox::step(
            conn,
            delivery_id,
            DeliveryState::Queued,
            to,
            attempts.count,
            Some(attempts.reply),
            attempts.address,
        )?;
        if applied {
            Ok(Ok(to))
        } else {
            moved("the delivery is no longer queued")
        }
    })
}

/// Obsolete: a queued delivery whose password was replaced or expired before it could go.
pub fn obsolete(conn: &Conn, delivery_id: i64, reason: &str) -> Step<()> {
    atomically(conn, || {
        if outbox::step(
            conn,
            delivery_id,
            DeliveryState::Queued,
            DeliveryState::Obsolete,
            0,
            Some(reason),
            None,
        )? {
            Ok(Ok(()))
        } else {
            moved("the delivery is no longer queued")
        }
    })
}

fn retire_pending(conn: &Conn, credential_id: i64) -> Result<bool> {
    set(
        conn,
        "UPDATE credentials SET state = 'retired', sealed = NULL WHERE id = $1 AND state = 'pending'",
        &[&credential_id],
    )
}

/// Cancelled by HR: a queued or failed delivery; a pending password it carried is retired
/// (the active one keeps working). A message already in flight is recorded `superseded` when
/// the server accepts it. Returns whether a pending password was dropped.
pub fn cancel(conn: &Conn, delivery_id: i64) -> Step<bool> {
    atomically(conn, || {
        let Some(outbox::Current {
            state,
            credential_id,
            carries_password,
        }) = outbox::state(conn, delivery_id)?
        else {
            return moved("there is no such delivery");
        };
        if !matches!(state, DeliveryState::Queued | DeliveryState::Failed) {
            return moved(format!("it is {state}, not queued or failed"));
        }
        if !outbox::step(
            conn,
            delivery_id,
            state,
            DeliveryState::Cancelled,
            0,
            None,
            None,
        )? {
            return moved("it moved on meanwhile");
        }
        match credential_id {
            Some(id) if carries_password => Ok(Ok(retire_pending(conn, id)?)),
            _ => Ok(Ok(false)),
        }
    })
}

/// The employee set their own password: every other credential is retired and every sealed
/// copy destroyed; queued and failed deliveries become obsolete (one in flight is recorded
/// `superseded` when accepted). Returns the new credential's version.
pub fn employee_changed(conn: &Conn, new: &NewCredential<'_>) -> Step<i64> {
    if !super::offboarding::is_active(conn, new.employee_id)? {
        return moved("the employee is inactive: an offboarded employee sets no password");
    }
    atomically(conn, || {
        conn.execute(
            "UPDATE credentials SET state = 'retired', sealed = NULL
             WHERE employee_id = $1 AND state <> 'retired'",
            &[&new.employee_id],
        )?;
        conn.execute(
            "UPDATE credentials SET sealed = NULL WHERE employee_id = $1 AND sealed IS NOT NULL",
            &[&new.employee_id],
        )?;
        conn.execute(
            "UPDATE outbox SET state = 'obsolete', updated_at = unixepoch(),
                 last_reply = 'the employee set their own password'
             WHERE employee_id = $1 AND state IN ('queued', 'failed') AND kind <> 'email'",
            &[&new.employee_id],
        )?;
        let (_, version) = credentials::insert(conn, new)?;
        Ok(Ok(version))
    })
}

/// Expired: sealed copies of passwords whose validity ended are destroyed, such pending
/// passwords are retired, and queued or failed deliveries that can no longer be sent become
/// obsolete. Run by the sender while it holds the send lock (nothing is in flight). Returns
/// the deliveries made obsolete.
pub fn expire(conn: &Conn, now: i64) -> Result<usize> {
    destroy_expired_seals(conn, now)?;
    conn.execute(
        "UPDATE credentials SET state = 'retired'
         WHERE state = 'pending' AND expires_at IS NOT NULL AND expires_at <= $1",
        &[&now],
    )?;
    conn.execute(
        &format!(
            "UPDATE outbox SET state = 'obsolete', updated_at = unixepoch(),
                 last_reply = 'its password expired or was replaced before it was delivered'
             WHERE state IN ('queued', 'failed') AND credential_id IS NOT NULL
               AND credential_id NOT IN (
                 SELECT id FROM credentials
                 WHERE state IN ('pending', 'active') AND {})",
            mailable_at(1)
        ),
        &[&now],
    )
}

/// Destroys sealed copies of credentials whose validity ended (what a sign-in may do: it
/// touches no delivery).
pub fn destroy_expired_seals(conn: &Conn, now: i64) -> Result<usize> {
    conn.execute(
        "UPDATE credentials SET sealed = NULL
         WHERE sealed IS NOT NULL AND expires_at IS NOT NULL AND expires_at <= $1",
        &[&now],
    )
}

/// `outbox retry`: per employee, the newest queued or failed delivery whose password can still
/// be mailed goes (back) in the queue; every other queued or failed delivery becomes obsolete,
/// so an old one never takes the turn of a newer one. Returns the deliveries to send.
pub fn retry(conn: &Conn, now: i64, lease: &outbox::Lease) -> Result<Vec<i64>> {
    expire(conn, now)?;
    // An employee with a delivery another sender is sending right now is left to it.
    let candidates: Vec<(i64, i64, String)> = conn.query(
        &format!(
            "SELECT id, employee_id, state FROM outbox o
             WHERE state IN ('queued', 'failed') AND kind IN {kinds}
               AND NOT EXISTS (SELECT 1 FROM outbox busy
                               WHERE busy.employee_id = o.employee_id AND busy.state = 'queued'
                                 AND busy.kind IN {kinds}
                                 AND busy.id IN (SELECT id FROM outbox WHERE {held}))
             ORDER BY employee_id, id DESC",
            kinds = outbox::PASSWORD_KINDS,
            held = outbox::Lease::held_elsewhere_sql()
        ),
        &[&lease.owner, &now, &lease.scope],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (mut chosen, mut older) = (Vec::new(), Vec::new());
    let mut last_employee = None;
    for (id, employee_id, state) in candidates {
        let state: DeliveryState = state.parse().map_err(anyhow::Error::msg)?;
        if last_employee == Some(employee_id) {
            older.push((id, state));
        } else {
            last_employee = Some(employee_id);
            chosen.push((id, state));
        }
    }
    // The older ones leave the queue first: one queued delivery per employee at a time.
    for (id, state) in older {
        outbox::step(
            conn,
            id,
            state,
            DeliveryState::Obsolete,
            0,
            Some("a newer delivery to this employee replaces it"),
            None,
        )?;
    }
    // Messages without a password are each their own: every one queued or failed goes.
    let messages: Vec<(i64, String)> = conn.query(
        &format!(
            "SELECT id, state FROM outbox
             WHERE state IN ('queued', 'failed') AND kind NOT IN {}
               AND id NOT IN (SELECT id FROM outbox WHERE {})
             ORDER BY id",
            outbox::PASSWORD_KINDS,
            outbox::Lease::held_elsewhere_sql()
        ),
        &[&lease.owner, &now, &lease.scope],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    for (id, state) in messages {
        chosen.push((id, state.parse().map_err(anyhow::Error::msg)?));
    }
    for &(id, state) in &chosen {
        if state == DeliveryState::Failed {
            outbox::step(
                conn,
                id,
                DeliveryState::Failed,
                DeliveryState::Queued,
                0,
                None,
                None,
            )?;
        }
    }
    let chosen = chosen.into_iter().map(|(id, _)| id).collect();
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, PasswordFacts};
    use crate::store::Store;

    const NOW: i64 = 1_800_000_000;
    const LATER: i64 = NOW + 3_600;

    /// A store with one employee (id 1) whose own password is active.
    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.write().unwrap();
        tx.execute(
            "INSERT INTO employees (id, code, email, search_key) VALUES (1, 'E1', 'e1@example.com', 'e1')",
            &[],
        )
        .unwrap();
        employee_changed(&tx, &own("own-1")).unwrap().unwrap();
        tx.commit().unwrap();
        store
    }

    fn own(hash: &str) -> NewCredential<'_> {
        NewCredential {
            employee_id: 1,
            state: CredentialState::Active,
            origin: Origin::Employee,
            hash,
            must_change: false,
            issued_at: NOW,
            expires_at: None,
            policy_version: 1,
            facts: PasswordFacts::default(),
        }
    }

    /// Issues a pending password and queues its delivery; returns (credential, delivery).
    fn issue_and_queue(conn: &Conn, hash: &str) -> (i64, i64) {
        let (credential, _) = issue(
            conn,
            &NewIssue {
                employee_id: 1,
                hash,
                issued_at: NOW,
                expires_at: LATER,
                policy_version: 1,
                facts: PasswordFacts::default(),
            },
            |_| Ok(vec![1, 2, 3]),
        )
        .unwrap()
        .unwrap();
        let delivery = queue(
            conn,
            &NewDelivery {
                employee_id: 1,
                credential_id: credential,
                expect: CredentialState::Pending,
                kind: "regenerate",
                template: ("new-password", 0),
                address: "e1@example.com",
                domain: "example.com",
                now: NOW,
                lease: None,
            },
        )
        .unwrap()
        .unwrap()
        .id;
        (credential, delivery)
    }

    fn states(conn: &Conn) -> Vec<(String, String)> {
        conn.query(
            "SELECT hash, state FROM credentials ORDER BY version",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    fn delivery_state(conn: &Conn, id: i64) -> DeliveryState {
        outbox::state(conn, id).unwrap().unwrap().state
    }

    fn ok(reply: &str) -> Attempts<'_> {
        Attempts {
            count: 1,
            reply,
            address: None,
        }
    }

    #[test]
    fn an_accepted_message_activates_its_password_and_retires_the_old_one_in_one_step() {
        let mut store = store();
        let tx = store.write().unwrap();
        let (_, delivery) = issue_and_queue(&tx, "issued-2");
        let outcome = accepted(&tx, delivery, &ok("250 ok"), NOW, LATER).unwrap();
        assert_eq!(outcome, Ok(Accepted::Promoted(2)));
        assert_eq!(
            states(&tx),
            [
                ("own-1".into(), "retired".into()),
                ("issued-2".into(), "active".into())
            ]
        );
        assert_eq!(delivery_state(&tx, delivery), DeliveryState::Sent);
    }

    #[test]
    fn accepted_after_the_employees_own_change_is_superseded_and_their_password_stays() {
        let mut store = store();
        let tx = store.write().unwrap();
        let (_, delivery) = issue_and_queue(&tx, "issued-2");
        employee_changed(&tx, &own("own-3")).unwrap().unwrap();
        let outcome = accepted(&tx, delivery, &ok("250 ok"), NOW, LATER).unwrap();
        assert!(
            matches!(outcome, Ok(Accepted::Superseded(_))),
            "{outcome:?}"
        );
        assert_eq!(
            states(&tx),
            [
                ("own-1".into(), "retired".into()),
                ("issued-2".into(), "retired".into()),
                ("own-3".into(), "active".into())
            ]
        );
        assert_eq!(delivery_state(&tx, delivery), DeliveryState::Superseded);
    }

    #[test]
    fn accepted_after_hrs_cancel_is_superseded_and_the_old_password_stays() {
        let mut store = store();
        let tx = store.write().unwrap();
        let (_, delivery) = issue_and_queue(&tx, "issued-2");
        assert_eq!(cancel(&tx, delivery).unwrap(), Ok(true));
        let outcome = accepted(&tx, delivery, &ok("250 ok"), NOW, LATER).unwrap();
        assert!(
            matches!(outcome, Ok(Accepted::Superseded(_))),
            "{outcome:?}"
        );
        assert_eq!(states(&tx)[0], ("own-1".into(), "active".into()));
        assert_eq!(delivery_state(&tx, delivery), DeliveryState::Superseded);
    }

    #[test]
    fn a_password_that_expired_in_flight_is_not_activated() {
        let mut store = store();
        let tx = store.write().unwrap();
        let (_, delivery) = issue_and_queue(&tx, "issued-2");
        let outcome = accepted(&tx, delivery, &ok("250 ok"), LATER + 1, LATER + 99).unwrap();
        assert!(
            matches!(outcome, Ok(Accepted::Superseded(_))),
            "{outcome:?}"
        );
        assert_eq!(states(&tx)[0], ("own-1".into(), "active".into()));
    }

    #[test]
    fn a_step_that_finds_its_row_moved_on_changes_nothing() {
        let mut store = store();
        let tx = store.write().unwrap();
        let (credential, delivery) = issue_and_queue(&tx, "issued-2");
        assert_eq!(cancel(&tx, delivery).unwrap(), Ok(true));
        let before = states(&tx);
        assert!(activate(&tx, credential, NOW, LATER).unwrap().is_err());
        assert!(deferred(&tx, delivery, &ok("451 later")).unwrap().is_err());
        assert!(
            rejected(&tx, delivery, &ok("550 no"), NOW)
                .unwrap()
                .is_err()
        );
        assert!(cancel(&tx, delivery).unwrap().is_err());
        assert_eq!(states(&tx), before);
        assert_eq!(delivery_state(&tx, delivery), DeliveryState::Cancelled);
    }

    #[test]
    fn retry_takes_the_newest_usable_delivery_of_each_employee() {
        let mut store = store();
        let tx = store.write().unwrap();
        let (_, first) = issue_and_queue(&tx, "issued-2");
        rejected(&tx, first, &ok("550 no"), NOW).unwrap().unwrap();
        // A newer delivery of the same pending password: the failed one is obsolete now.
        let second = queue(
            &tx,
            &NewDelivery {
                employee_id: 1,
                credential_id: credentials::pending(&tx, 1).unwrap().unwrap().id,
                expect: CredentialState::Pending,
                kind: "existing",
                template: ("existing-password", 0),
                address: "e1@example.com",
                domain: "example.com",
                now: NOW,
                lease: None,
            },
        )
        .unwrap()
        .unwrap()
        .id;
        rejected(&tx, second, &ok("550 no"), NOW).unwrap().unwrap();
        assert_eq!(delivery_state(&tx, first), DeliveryState::Obsolete);
        assert_eq!(retry(&tx, NOW, &outbox::Lease::nobody()).unwrap(), [second]);
        assert_eq!(delivery_state(&tx, second), DeliveryState::Queued);
        // Once its password expired, nothing is left to retry.
        assert!(
            retry(&tx, LATER + 1, &outbox::Lease::nobody())
                .unwrap()
                .is_empty()
        );
        assert_eq!(delivery_state(&tx, second), DeliveryState::Obsolete);
    }

    /// A delivery another live sender holds is left to it; once its lease ran out (the sender
    /// crashed) the next sender takes it, and only one of two can.
    #[test]
    fn a_leased_delivery_is_taken_only_after_its_lease_ran_out_and_by_one_sender() {
        let mut store = store();
        let tx = store.write().unwrap();
        let (_, delivery) = issue_and_queue(&tx, "new-1");
        let lease = |owner: &str, scope: &str| outbox::Lease {
            owner: format!("{scope}:{owner}"),
            scope: scope.into(),
            secs: 60,
        };
        let (a, b) = (lease("a", "host-1:home"), lease("b", "host-2:home"));
        assert!(outbox::claim(&tx, delivery, &a, NOW).unwrap());
        assert!(
            !outbox::claim(&tx, delivery, &b, NOW + 59).unwrap(),
            "a holds it"
        );
        assert!(
            retry(&tx, NOW + 59, &b).unwrap().is_empty(),
            "b leaves it to a"
        );
        assert_eq!(
            outbox::leased_elsewhere(&tx, delivery, &b, NOW).unwrap(),
            Some((a.owner.clone(), NOW + 60))
        );
        // A later run of a's own scope (same machine and home, so a's lock is free: a died)
        // takes it at once.
        let a_again = lease("a2", "host-1:home");
        assert_eq!(
            outbox::leased_elsewhere(&tx, delivery, &a_again, NOW).unwrap(),
            None
        );
        // a renews, then crashes: after the lease, b takes it, and a no longer can.
        outbox::renew(&tx, &a, NOW + 30).unwrap();
        assert!(!outbox::claim(&tx, delivery, &b, NOW + 89).unwrap());
        assert!(outbox::claim(&tx, delivery, &b, NOW + 90).unwrap());
        assert!(!outbox::claim(&tx, delivery, &a, NOW + 91).unwrap());
        // Accepted: it leaves the queue and nobody holds it.
        accepted(&tx, delivery, &ok("250 ok"), NOW + 92, LATER)
            .unwrap()
            .unwrap();
        assert_eq!(
            outbox::leased_elsewhere(&tx, delivery, &a, NOW + 92).unwrap(),
            None
        );
    }

    #[test]
    fn the_schema_allows_one_active_credential_per_employee() {
        let mut store = store();
        let tx = store.write().unwrap();
        let second = credentials::insert(&tx, &own("own-2"));
        assert!(second.is_err(), "a second active credential was stored");
    }
}
