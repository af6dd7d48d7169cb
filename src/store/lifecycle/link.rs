//! The link event: a delivery of a single-use activation link queued with its link.

use super::{Step, moved};
use crate::store::db::Conn;
use crate::store::{links, outbox};

/// A link delivery to queue.
pub struct NewLink<'a> {
    pub employee_id: i64,
    /// The hash of its token, and the token sealed under vault.key.
    pub token_hash: &'a [u8],
    pub sealed: &'a [u8],
    pub template: (&'a str, i64),
    pub address: &'a str,
    pub domain: &'a str,
    pub now: i64,
    /// Until when the mail may still go (the link's life starts again once it is accepted).
    pub expires_at: i64,
    pub lease: Option<&'a outbox::Lease>,
}

/// A link queued: its delivery, the delivery's Message-ID and the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedLink {
    pub id: i64,
    pub message_id: String,
    pub link_id: i64,
}

/// Queued: a new pending link and the delivery that carries it. Expects the employee active
/// and no password or link delivery queued for them. The link before it (pending or usable)
/// is void, and the employee's failed password or link deliveries become obsolete: this is
/// the newest way in. Their passwords are untouched: until the link is used, whatever worked
/// before keeps working.
pub fn queue_link(conn: &Conn, l: &NewLink<'_>) -> Step<QueuedLink> {
    // Moves only before it writes: no savepoint of its own (see `issue`).
    if !crate::store::offboarding::is_active(conn, l.employee_id)? {
        return moved("the employee was deactivated meanwhile");
    }
    if let Err(moved) = super::make_way(conn, l.employee_id)? {
        return Ok(Err(moved));
    }
    links::void_open(conn, l.employee_id, "a newer link was sent", l.now)?;
    let link_id = links::insert(
        conn,
        l.employee_id,
        l.token_hash,
        l.sealed,
        l.now,
        l.expires_at,
    )?;
    let (id, message_id) = outbox::insert(
        conn,
        l.employee_id,
        None,
        None,
        outbox::LINK,
        l.template,
        l.address,
        l.domain,
        l.lease.map(|lease| (lease, l.now)),
        Some(link_id),
    )?;
    Ok(Ok(QueuedLink {
        id,
        message_id,
        link_id,
    }))
}
