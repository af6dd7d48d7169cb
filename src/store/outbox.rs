//! The `outbox` table: deliveries waiting, sent, failed or cancelled.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// One delivery, with the employee code it goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub employee_id: i64,
    pub employee_code: String,
    #[serde(skip)]
    pub credential_id: i64,
    pub kind: String,
    pub template: String,
    pub state: String,
    pub attempts: u32,
    pub last_reply: Option<String>,
    pub message_id: String,
    pub updated_at: i64,
}

const SELECT: &str =
    "SELECT o.id, o.employee_id, e.code, o.credential_id, o.kind, o.template, o.state,
        o.attempts, o.last_reply, o.message_id, o.updated_at
     FROM outbox o JOIN employees e ON e.id = o.employee_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        employee_code: r.get(2)?,
        credential_id: r.get(3)?,
        kind: r.get(4)?,
        template: r.get(5)?,
        state: r.get(6)?,
        attempts: r.get(7)?,
        last_reply: r.get(8)?,
        message_id: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// Queues a delivery; returns its id. The Message-ID is completed from the id.
pub fn queue(
    conn: &Connection,
    employee_id: i64,
    credential_id: i64,
    kind: &str,
    template: &str,
    domain: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO outbox (employee_id, credential_id, kind, template, state, message_id)
         VALUES (?1, ?2, ?3, ?4, 'queued', 'pending-' || ?1 || '-' || ?2 || '-' || hex(randomblob(8)))",
    )?
    .execute(params![employee_id, credential_id, kind, template])?;
    let id = conn.last_insert_rowid();
    let version: i64 = conn.query_row(
        "SELECT version FROM credentials WHERE id = ?1",
        [credential_id],
        |r| r.get(0),
    )?;
    conn.execute(
        "UPDATE outbox SET message_id = ?2 WHERE id = ?1",
        params![id, format!("hrpass.{employee_id}.{version}.{id}@{domain}")],
    )?;
    Ok(id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Delivery>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE o.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Deliveries in a state (all when `None`), oldest first.
pub fn list(conn: &Connection, state: Option<&str>) -> Result<Vec<Delivery>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id"
    ))?;
    let rows = stmt.query_map([state], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The queued delivery of an employee, if any.
pub fn queued_for(conn: &Connection, employee_id: i64) -> Result<Option<Delivery>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE o.employee_id = ?1 AND o.state = 'queued'"
        ))?
        .query_row([employee_id], from_row)
        .optional()?)
}

/// Records `attempts` more attempts and their outcome.
pub fn record_attempts(
    conn: &Connection,
    id: i64,
    attempts: u32,
    state: &str,
    reply: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET state = ?2, attempts = attempts + ?4, last_reply = ?3, updated_at = unixepoch()
         WHERE id = ?1",
    )?
    .execute(params![id, state, reply, attempts])?;
    Ok(())
}

pub fn set_state(conn: &Connection, id: i64, state: &str) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET state = ?2, updated_at = unixepoch() WHERE id = ?1",
        params![id, state],
    )?;
    Ok(())
}
