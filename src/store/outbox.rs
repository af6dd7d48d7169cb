//! The `outbox` table: one row per message to send, kept after it is sent. Its states change
//! only through `store::lifecycle`.

use super::db::{Conn, Row};
use crate::model::DeliveryState;
use anyhow::{Result, anyhow};
use blake2::Digest;
use serde::Serialize;

/// One delivery, with the employee code it goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub id: i64,
    #[serde(skip)]
    pub employee_id: i64,
    pub employee_code: String,
    /// Where it goes; for deliveries queued before hrpass kept it, the employee's email.
    pub address: String,
    /// The password it carries, or the one a reminder is about; `None` for `email`.
    #[serde(skip)]
    pub credential_id: Option<i64>,
    /// The activation link it carries (kind `link`).
    #[serde(skip)]
    pub link_id: Option<i64>,
    pub kind: String,
    pub template: String,
    /// The template version it was rendered with (`None`: queued by an older hrpass).
    #[serde(skip)]
    pub template_version: Option<i64>,
    pub state: DeliveryState,
    pub attempts: u32,
    pub last_reply: Option<String>,
    pub message_id: String,
    #[serde(serialize_with = "crate::text::serialize_rfc3339")]
    pub updated_at: i64,
}

const SELECT: &str = "SELECT o.id, o.employee_id, e.code, coalesce(o.address, e.email),
        o.credential_id, o.kind, o.template, o.template_version, o.state, o.attempts,
        o.last_reply, o.message_id, o.updated_at, o.link_id
     FROM outbox o JOIN employees e ON e.id = o.employee_id";

fn from_row(r: &Row<'_>) -> Result<Delivery> {
    let state: String = r.get(8)?;
    Ok(Delivery {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        employee_code: r.get(2)?,
        address: r.get(3)?,
        credential_id: r.get(4)?,
        kind: r.get(5)?,
        template: r.get(6)?,
        template_version: r.get(7)?,
        state: state.parse().map_err(|e: String| anyhow!(e))?,
        attempts: r.get(9)?,
        last_reply: r.get(10)?,
        message_id: r.get(11)?,
        updated_at: r.get(12)?,
        link_id: r.get(13)?,
    })
}

/// The kinds of delivery that give the employee a way in, a password or a link: one queued
/// per employee at a time, the newest taking the turn.
pub const SIGN_IN_KINDS: &str = "('regenerate', 'existing', 'link')";

/// The kind of a delivery that carries an activation link.
pub const LINK: &str = "link";

impl Delivery {
    /// Whether the message carries the credential's password (`send-password`), rather than
    /// being a message without one (`send-email`, `notify-expiring`).
    pub fn carries_password(&self) -> bool {
        carries_password(&self.kind)
    }
}

pub fn carries_password(kind: &str) -> bool {
    matches!(kind, "regenerate" | "existing")
}

/// The address a credential's password was last delivered to (accepted by the server).
pub fn delivered_to(conn: &Conn, credential_id: i64) -> Result<Option<String>> {
    conn.query_opt(
        &format!(
            "SELECT address FROM outbox
             WHERE credential_id = $1 AND kind IN {SIGN_IN_KINDS} AND address IS NOT NULL
               AND state IN ('sent', 'superseded')
             ORDER BY id DESC LIMIT 1"
        ),
        &[&credential_id],
        |r| r.get(0),
    )
}

/// The address the delivery of activation link `link_id` went to.
pub fn link_address(conn: &Conn, link_id: i64) -> Result<Option<String>> {
    conn.query_opt(
        "SELECT address FROM outbox WHERE link_id = $1",
        &[&link_id],
        |r| r.get(0),
    )
}

pub fn get(conn: &Conn, id: i64) -> Result<Option<Delivery>> {
    conn.query_opt(&format!("{SELECT} WHERE o.id = $1"), &[&id], from_row)
}

/// Deliveries in a state (all when `None`), oldest first.
pub fn list(conn: &Conn, state: Option<DeliveryState>) -> Result<Vec<Delivery>> {
    conn.query(
        &format!("{SELECT} WHERE CAST($1 AS TEXT) IS NULL OR o.state = $1 ORDER BY o.id"),
        &[&state.map(DeliveryState::as_str)],
        from_row,
    )
}

/// The queued delivery of an employee, if any.
pub fn queued_for(conn: &Conn, employee_id: i64) -> Result<Option<Delivery>> {
    conn.query_opt(
        &format!(
            "{SELECT} WHERE o.employee_id = $1 AND o.state = 'queued'
                         AND o.kind IN {SIGN_IN_KINDS}"
        ),
        &[&employee_id],
        from_row,
    )
}

/// A delivery's state, what it is about, and whether it carries that password.
pub(super) struct Current {
    pub state: DeliveryState,
    pub credential_id: Option<i64>,
    pub carries_password: bool,
    /// The activation link it carries (kind `link`).
    pub link_id: Option<i64>,
}

/// A delivery's state, read inside the transaction that is about to move it.
pub(super) fn state(conn: &Conn, id: i64) -> Result<Option<Current>> {
    Ok(state_with_credential(conn, id)?.map(|(current, _)| current))
}

/// What `accepted` decides on: a delivery's state and, in the same read, its credential's.
pub(super) struct CredentialFacts {
    pub state: crate::model::CredentialState,
    pub employee_id: i64,
    pub version: i64,
    pub expires_at: Option<i64>,
}

/// The delivery `id` and its credential (if it names one), in one query.
pub(super) fn state_with_credential(
    conn: &Conn,
    id: i64,
) -> Result<Option<(Current, Option<CredentialFacts>)>> {
    type Found = (
        String,
        Option<i64>,
        String,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    );
    let found: Option<Found> = conn.query_opt(
        "SELECT o.state, o.credential_id, o.kind, c.state, c.employee_id, c.version,
                c.expires_at, o.link_id
         FROM outbox o LEFT JOIN credentials c ON c.id = o.credential_id WHERE o.id = $1",
        &[&id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        },
    )?;
    let Some((state, credential_id, kind, c_state, employee_id, version, expires_at, link_id)) =
        found
    else {
        return Ok(None);
    };
    let current = Current {
        state: state.parse().map_err(|e: String| anyhow!(e))?,
        credential_id,
        carries_password: carries_password(&kind),
        link_id,
    };
    let credential = match (c_state, employee_id, version) {
        (Some(s), Some(employee_id), Some(version)) => Some(CredentialFacts {
            state: crate::model::CredentialState::from_column(&s),
            employee_id,
            version,
            expires_at,
        }),
        _ => None,
    };
    Ok(Some((current, credential)))
}

/// Who sends a queued delivery, and until when (`store` Unix seconds). A sender leases the
/// deliveries it queues or takes, renews the lease while it runs and releases it when it
/// ends; one that crashed loses its deliveries to the next sender once the lease ran out.
#[derive(Debug, Clone)]
pub struct Lease {
    /// "SCOPE:pid:nonce": one run of hrpass.
    pub owner: String,
    /// "host:home": the senders that share one send lock (one home on one machine). While
    /// this run holds that lock no other sender of its scope runs, so a lease of its scope
    /// that is not its own was left by a run that died: it is taken at once, not after
    /// the lease.
    pub scope: String,
    /// How long a lease lasts from each renewal.
    pub secs: i64,
}

impl Lease {
    /// No sender: every live lease is someone else's.
    #[cfg(test)]
    pub fn nobody() -> Lease {
        Lease {
            owner: String::new(),
            scope: String::new(),
            secs: 0,
        }
    }

    /// A lease owner for this run of hrpass, sending from `home` (whose send lock it holds).
    pub fn new(secs: i64, home: &std::path::Path) -> Result<Lease> {
        let mut nonce = [0u8; 6];
        getrandom::fill(&mut nonce).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
        let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        let host = whoami::hostname().unwrap_or_else(|_| "host".into());
        // The home as a short hash: its path is no business of other machines.
        let home = blake2::Blake2s256::digest(home.as_os_str().as_encoded_bytes());
        let home: String = home[..4].iter().map(|b| format!("{b:02x}")).collect();
        let scope = format!("{host}:{home}");
        Ok(Lease {
            owner: format!("{scope}:{}:{nonce}", std::process::id()),
            scope,
            secs,
        })
    }

    /// `held_elsewhere` with the owner as `$1`, the time as `$2` and the scope as `$3`.
    pub(super) fn held_elsewhere_sql() -> String {
        Lease::held_elsewhere(1, 3, 2)
    }

    /// The SQL condition (on `leased_by`, `lease_until`) for a lease another live sender
    /// holds: not ours, not of our scope (a dead run of ours), and not run out at `$now`.
    fn held_elsewhere(owner: usize, scope: usize, now: usize) -> String {
        format!(
            "leased_by IS NOT NULL AND leased_by <> ${owner} AND lease_until > ${now}
             AND NOT (length(${scope}) > 0
                      AND substr(leased_by, 1, length(${scope}) + 1) = ${scope} || ':')"
        )
    }
}

/// Whether a queued delivery is leased to a sender other than `lease`'s whose lease still
/// runs at `now`: its owner and the lease's end.
pub fn leased_elsewhere(
    conn: &Conn,
    id: i64,
    lease: &Lease,
    now: i64,
) -> Result<Option<(String, i64)>> {
    conn.query_opt(
        &format!(
            "SELECT leased_by, lease_until FROM outbox WHERE id = $1 AND {}",
            Lease::held_elsewhere(2, 4, 3)
        ),
        &[&id, &lease.owner, &now, &lease.scope],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The queued deliveries other live senders hold.
pub fn held_elsewhere(conn: &Conn, lease: &Lease, now: i64) -> Result<Vec<i64>> {
    conn.query(
        &format!(
            "SELECT id FROM outbox WHERE state = 'queued' AND {} ORDER BY id",
            Lease::held_elsewhere_sql()
        ),
        &[&lease.owner, &now, &lease.scope],
        |r| r.get(0),
    )
}

/// Takes a queued delivery for `lease`: the compare-and-set on its lease being free, run
/// out, or already ours.
pub fn claim(conn: &Conn, id: i64, lease: &Lease, now: i64) -> Result<bool> {
    Ok(conn.execute(
        &format!(
            "UPDATE outbox SET leased_by = $2, lease_until = $3
             WHERE id = $1 AND state = 'queued' AND NOT ({})",
            Lease::held_elsewhere(2, 5, 4)
        ),
        &[&id, &lease.owner, &(now + lease.secs), &now, &lease.scope],
    )? == 1)
}

/// Extends every lease `lease`'s sender holds.
pub fn renew(conn: &Conn, lease: &Lease, now: i64) -> Result<usize> {
    conn.execute(
        "UPDATE outbox SET lease_until = $2 WHERE leased_by = $1",
        &[&lease.owner, &(now + lease.secs)],
    )
}

/// Gives up every lease `lease`'s sender holds (its run ends; what it left queued can go
/// with the next sender at once).
pub fn release(conn: &Conn, lease: &Lease) -> Result<usize> {
    conn.execute(
        "UPDATE outbox SET leased_by = NULL, lease_until = NULL WHERE leased_by = $1",
        &[&lease.owner],
    )
}

/// Inserts a queued delivery; returns its id and Message-ID. The Message-ID names the employee, the
/// credential version and the delivery, and stays the same for every attempt.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert(
    conn: &Conn,
    employee_id: i64,
    credential_id: Option<i64>,
    version: Option<i64>,
    kind: &str,
    template: (&str, i64),
    address: &str,
    domain: &str,
    lease: Option<(&Lease, i64)>,
    link_id: Option<i64>,
) -> Result<(i64, String)> {
    // Employee, credential version (`m` for a message without a password, `l` for a link)
    // and a random
    // part, so it goes in with the row (one statement, not an insert and an update; a round
    // trip each on PostgreSQL). The unique index refuses a repeat.
    let mut nonce = [0u8; 6];
    getrandom::fill(&mut nonce).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
    let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
    let version = match (version, link_id) {
        (Some(v), _) => v.to_string(),
        (None, Some(_)) => "l".to_owned(),
        (None, None) => "m".to_owned(),
    };
    let message_id = format!("hrpass.{employee_id}.{version}.{nonce}@{domain}");
    let id: i64 = conn.value(
        "INSERT INTO outbox (employee_id, credential_id, kind, template, template_version,
             address, state, message_id, leased_by, lease_until, link_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9, $10)
         RETURNING id",
        &[
            &employee_id,
            &credential_id,
            &kind,
            &template.0,
            &template.1,
            &address,
            &message_id,
            &lease.map(|(l, _)| l.owner.as_str()),
            &lease.map(|(l, now)| now + l.secs),
            &link_id,
        ],
    )?;
    Ok((id, message_id))
}

/// Moves a delivery from `from` to `to`, recording attempts, the last reply and the address
/// when given. Returns whether it was in `from` (the compare-and-set).
pub(super) fn step(
    conn: &Conn,
    id: i64,
    from: DeliveryState,
    to: DeliveryState,
    attempts: u32,
    reply: Option<&str>,
    address: Option<&str>,
) -> Result<bool> {
    Ok(conn.execute(
        // A delivery that leaves the queue (or comes back to it) is nobody's any more; one
        // deferred stays with its sender.
        "UPDATE outbox SET state = $3, attempts = attempts + $4,
             last_reply = coalesce($5, last_reply), address = coalesce($6, address),
             updated_at = unixepoch(),
             leased_by = CASE WHEN $2 = 'queued' AND $3 = 'queued' THEN leased_by END,
             lease_until = CASE WHEN $2 = 'queued' AND $3 = 'queued' THEN lease_until END
         WHERE id = $1 AND state = $2",
        &[
            &id,
            &from.as_str(),
            &to.as_str(),
            &attempts,
            &reply,
            &address,
        ],
    )? == 1)
}

/// The share of `[delivery] daily_limit` in use at `now`, across every run and machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyUse {
    /// Messages accepted in the 24 hours before `now`, plus queued deliveries a live run
    /// holds (in flight, or about to be).
    pub used: i64,
    /// When the oldest of those accepted messages leaves the 24 hours (the next one can go).
    pub frees_at: Option<i64>,
}

/// The length of the window `daily_limit` counts over.
pub const DAY_SECS: i64 = 24 * 60 * 60;

pub fn daily_use(conn: &Conn, now: i64) -> Result<DailyUse> {
    conn.query_one(
        "SELECT count(*),
                min(CASE WHEN state <> 'queued' THEN updated_at END)
         FROM outbox
         WHERE (state IN ('sent', 'superseded') AND updated_at > $2)
            OR (state = 'queued' AND lease_until > $1)",
        &[&now, &(now - DAY_SECS)],
        |r| {
            Ok(DailyUse {
                used: r.get(0)?,
                frees_at: r.get::<Option<i64>>(1)?.map(|at| at + DAY_SECS),
            })
        },
    )
}

/// Gives up this run's hold on one delivery (it stays queued for a later run).
pub fn unclaim(conn: &Conn, id: i64, lease: &Lease) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET leased_by = NULL, lease_until = NULL WHERE id = $1 AND leased_by = $2",
        &[&id, &lease.owner],
    )?;
    Ok(())
}
