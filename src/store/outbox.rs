//! The `outbox` table: one row per message to send, kept after it is sent. Its states change
//! only through `store::lifecycle`.

use super::db::{Conn, Row};
use crate::model::DeliveryState;
use anyhow::{Result, anyhow};
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
    #[serde(skip)]
    pub credential_id: i64,
    pub kind: String,
    pub template: String,
    /// The template version it was rendered with (`None`: queued by an older hrpass).
    #[serde(skip)]
    pub template_version: Option<i64>,
    pub state: DeliveryState,
    pub attempts: u32,
    pub last_reply: Option<String>,
    pub message_id: String,
    #[serde(serialize_with = "crate::output::serialize_rfc3339")]
    pub updated_at: i64,
}

const SELECT: &str = "SELECT o.id, o.employee_id, e.code, coalesce(o.address, e.email),
        o.credential_id, o.kind, o.template, o.template_version, o.state, o.attempts,
        o.last_reply, o.message_id, o.updated_at
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
    })
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
        &format!("{SELECT} WHERE o.employee_id = $1 AND o.state = 'queued'"),
        &[&employee_id],
        from_row,
    )
}

/// A delivery's state, read inside the transaction that is about to move it.
pub(super) fn state(conn: &Conn, id: i64) -> Result<Option<(DeliveryState, i64)>> {
    let found: Option<(String, i64)> = conn.query_opt(
        "SELECT state, credential_id FROM outbox WHERE id = $1",
        &[&id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    found
        .map(|(state, credential)| Ok((state.parse().map_err(|e: String| anyhow!(e))?, credential)))
        .transpose()
}

/// Inserts a queued delivery; returns its id and Message-ID. The Message-ID names the employee, the
/// credential version and the delivery, and stays the same for every attempt.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert(
    conn: &Conn,
    employee_id: i64,
    credential_id: i64,
    version: i64,
    kind: &str,
    template: (&str, i64),
    address: &str,
    domain: &str,
) -> Result<(i64, String)> {
    // The Message-ID needs the row's id: the row goes in with a unique stand-in first.
    let mut nonce = [0u8; 16];
    getrandom::fill(&mut nonce).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
    let stand_in: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
    let id: i64 = conn.value(
        "INSERT INTO outbox (employee_id, credential_id, kind, template, template_version,
             address, state, message_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7)
         RETURNING id",
        &[
            &employee_id,
            &credential_id,
            &kind,
            &template.0,
            &template.1,
            &address,
            &format!("pending-{stand_in}"),
        ],
    )?;
    let message_id = format!("hrpass.{employee_id}.{version}.{id}@{domain}");
    conn.execute(
        "UPDATE outbox SET message_id = $2 WHERE id = $1",
        &[&id, &message_id],
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
        "UPDATE outbox SET state = $3, attempts = attempts + $4,
             last_reply = coalesce($5, last_reply), address = coalesce($6, address),
             updated_at = unixepoch()
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
