//! The credential events: a password issued, activated, set by the employee, expired.

use super::{Step, atomically, mailable_at, moved, set};
use crate::model::CredentialState;
use crate::store::credentials::{self, NewCredential};
use crate::store::db::Conn;
use anyhow::Result;

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
pub(super) fn switch(
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
    // HR's new password replaces the one every session signed in with.
    crate::store::sessions::end_all(conn, employee_id, "a new password from HR", now)?;
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

pub(super) fn retire_pending(conn: &Conn, credential_id: i64) -> Result<bool> {
    set(
        conn,
        "UPDATE credentials SET state = 'retired', sealed = NULL WHERE id = $1 AND state = 'pending'",
        &[&credential_id],
    )
}

/// The employee set their own password: every other credential is retired and every sealed
/// copy destroyed; queued and failed deliveries become obsolete (one in flight is recorded
/// `superseded` when accepted). Returns the new credential's version.
pub fn employee_changed(conn: &Conn, new: &NewCredential<'_>) -> Step<i64> {
    if !crate::store::offboarding::is_active(conn, new.employee_id)? {
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
        // A link sent before is no way in any more: they have set their password.
        crate::store::links::void_open(
            conn,
            new.employee_id,
            "the employee set their own password",
            new.issued_at,
        )?;
        // Signed in with what is no longer their password: signed out everywhere.
        crate::store::sessions::end_all(
            conn,
            new.employee_id,
            "the password was changed",
            new.issued_at,
        )?;
        let (_, version) = credentials::insert(conn, new)?;
        Ok(Ok(version))
    })
}

/// Expired: sealed copies of passwords whose validity ended are destroyed, such pending
/// passwords are retired, and queued or failed deliveries that can no longer be sent become
/// obsolete; so do links whose time ran out, and their deliveries. Run by the sender while
/// it holds the send lock (nothing is in flight). Returns the deliveries made obsolete.
pub fn expire(conn: &Conn, now: i64) -> Result<usize> {
    destroy_expired_seals(conn, now)?;
    crate::store::links::void_expired(conn, now)?;
    let links = conn.execute(
        "UPDATE outbox SET state = 'obsolete', updated_at = unixepoch(),
             last_reply = 'its link expired or was replaced before it was delivered'
         WHERE state IN ('queued', 'failed') AND link_id IS NOT NULL
           AND link_id NOT IN (SELECT id FROM activation_links WHERE state = 'pending')",
        &[],
    )?;
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
    .map(|passwords| passwords + links)
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
