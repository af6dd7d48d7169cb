//! The delivery events: a mail queued, accepted, deferred, rejected, cancelled, retried.

use super::credential::{expire, retire_pending, switch};
use super::{Step, atomically, mailable_at, moved};
use crate::model::{CredentialState, DeliveryState};
use crate::store::db::Conn;
use crate::store::{links, outbox};
use anyhow::Result;

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
    if let Err(moved) = make_way(conn, d.employee_id)? {
        return Ok(Err(moved));
    }
    // A password sent is the newer way in: a link sent before no longer works.
    links::void_open(conn, d.employee_id, "a newer password was sent", d.now)?;
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
        None,
    )?;
    Ok(Ok(Queued {
        id,
        version,
        message_id,
    }))
}

/// Clears the way for a new password or link delivery to the employee: none may be queued
/// (one at a time), and their failed ones become obsolete (the new one is the one to retry
/// now). Moves only before it writes.
pub(super) fn make_way(conn: &Conn, employee_id: i64) -> Step<()> {
    if outbox::queued_for(conn, employee_id)?.is_some() {
        return moved("a delivery is already queued (see `hrpass outbox list`)");
    }
    conn.execute(
        &format!(
            "UPDATE outbox SET state = 'obsolete', updated_at = unixepoch()
             WHERE employee_id = $1 AND state = 'failed' AND kind IN {}",
            outbox::SIGN_IN_KINDS
        ),
        &[&employee_id],
    )?;
    Ok(Ok(()))
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
    if !crate::store::offboarding::is_active(conn, m.employee_id)? {
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
        None,
    )?;
    Ok(Ok(queued))
}

/// What the mail server said, and where the message went.
pub struct Attempts<'a> {
    pub count: u32,
    pub reply: &'a str,
    pub address: Option<&'a str>,
}

/// The ends an accepted message gives what it carries: its new password's, its link's.
#[derive(Debug, Clone, Copy)]
pub struct Ends {
    pub password: i64,
    pub link: i64,
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
    ends: Ends,
) -> Step<Accepted> {
    let expires_at = ends.password;
    let Some((
        outbox::Current {
            state,
            credential_id,
            carries_password,
            link_id,
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
    // A link becomes usable now that its mail is on its way, unless it was voided meanwhile
    // (a newer send, the employee's own change): then the message is superseded.
    if let Some(link_id) = link_id {
        let usable = links::by_id(conn, link_id)?.is_some_and(|l| l.state == "pending");
        let to = match usable {
            true => DeliveryState::Sent,
            false => DeliveryState::Superseded,
        };
        // The outbox row's compare-and-set first: a delivery that moved on changes nothing.
        if !step(to)? {
            return moved("the delivery moved on");
        }
        if usable && !links::make_usable(conn, link_id, ends.link)? {
            anyhow::bail!("activation link {link_id} changed under the write lock");
        }
        return Ok(Ok(match usable {
            true => Accepted::Sent,
            false => Accepted::Superseded(
                "accepted after its link was replaced or voided; it does not work".to_owned(),
            ),
        }));
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
pub(super) fn mailable(conn: &Conn, credential_id: i64, now: i64) -> Result<bool> {
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
            ..
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

/// Obsolete: a queued delivery whose password was replaced or expired before it could go
/// (the link it carries, if any, is void).
pub fn obsolete(conn: &Conn, delivery_id: i64, reason: &str) -> Step<()> {
    atomically(conn, || {
        if let Some(link_id) = outbox::state(conn, delivery_id)?.and_then(|c| c.link_id) {
            links::void(conn, link_id, reason, crate::credential::now())?;
        }
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

/// Cancelled by HR: a queued or failed delivery; a pending password it carried is retired
/// (the active one keeps working). A message already in flight is recorded `superseded` when
/// the server accepts it. Returns whether a pending password was dropped.
pub fn cancel(conn: &Conn, delivery_id: i64) -> Step<bool> {
    atomically(conn, || {
        let Some(outbox::Current {
            state,
            credential_id,
            carries_password,
            link_id,
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
        if let Some(link_id) = link_id {
            let now = crate::credential::now();
            links::void(conn, link_id, "HR cancelled its delivery", now)?;
        }
        match credential_id {
            Some(id) if carries_password => Ok(Ok(retire_pending(conn, id)?)),
            _ => Ok(Ok(false)),
        }
    })
}

/// `outbox retry`: per employee, the newest queued or failed delivery whose password can still
/// be mailed goes (back) in the queue; every other queued or failed delivery becomes obsolete,
/// so an old one never takes the turn of a newer one. Returns the deliveries to send.
pub fn retry(
    conn: &Conn,
    now: i64,
    lease: &outbox::Lease,
    scope: Option<&crate::access::Scope>,
) -> Result<Vec<i64>> {
    expire(conn, now)?;
    // Only the deliveries of employees in the operator's scope are touched.
    let (in_scope, values) = match scope.and_then(|s| s.numbered("e", 4)) {
        Some((c, v)) => (
            format!("AND o.employee_id IN (SELECT e.id FROM employees e WHERE {c})"),
            v,
        ),
        None => (String::new(), Vec::new()),
    };
    let mut params: Vec<&dyn super::super::db::Param> = vec![&lease.owner, &now, &lease.scope];
    params.extend(super::super::db::params_of(&values));
    // An employee with a delivery another sender is sending right now is left to it.
    let candidates: Vec<(i64, i64, String)> = conn.query(
        &format!(
            "SELECT id, employee_id, state FROM outbox o
             WHERE state IN ('queued', 'failed') AND kind IN {kinds}
               AND NOT EXISTS (SELECT 1 FROM outbox busy
                               WHERE busy.employee_id = o.employee_id AND busy.state = 'queued'
                                 AND busy.kind IN {kinds}
                                 AND busy.id IN (SELECT id FROM outbox WHERE {held}))
               {in_scope}
             ORDER BY employee_id, id DESC",
            kinds = outbox::SIGN_IN_KINDS,
            held = outbox::Lease::held_elsewhere_sql()
        ),
        &params,
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
            outbox::SIGN_IN_KINDS,
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
