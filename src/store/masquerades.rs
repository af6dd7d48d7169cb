//! The `masquerades` table: hr-admins' read-only looks at an employee's portal account (only
//! the hash of each one-time URL's token). The domain is in `crate::access::masquerade`.
//!
//! | event | expects | applies |
//! |---|---|---|
//! | `insert` | nothing (a new token) | a look that may be opened until `open_by` |
//! | `open` | not opened yet, `open_by` not passed | opened, from where |
//! | `attach` | the portal session just made | the session is the look's (read only) |

use super::db::{Conn, Row};
use anyhow::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MasqueradeRow {
    pub id: i64,
    pub employee_id: i64,
    pub operator: String,
    pub reason: String,
    pub created_at: i64,
    pub open_by: i64,
    pub opened_at: Option<i64>,
}

const COLUMNS: &str = "id, employee_id, operator, reason, created_at, open_by, opened_at";

fn from_row(r: &Row<'_>) -> Result<MasqueradeRow> {
    Ok(MasqueradeRow {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        operator: r.get(2)?,
        reason: r.get(3)?,
        created_at: r.get(4)?,
        open_by: r.get(5)?,
        opened_at: r.get(6)?,
    })
}

pub fn insert(
    conn: &Conn,
    token_hash: &[u8],
    employee_id: i64,
    operator: &str,
    reason: &str,
    now: i64,
    open_by: i64,
) -> Result<i64> {
    conn.value(
        "INSERT INTO masquerades (token_hash, employee_id, operator, reason, created_at, open_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[
            &token_hash,
            &employee_id,
            &operator,
            &reason,
            &now,
            &open_by,
        ],
    )
}

pub fn by_hash(conn: &Conn, token_hash: &[u8]) -> Result<Option<MasqueradeRow>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM masquerades WHERE token_hash = $1"),
        &[&token_hash],
        from_row,
    )
}

pub fn by_id(conn: &Conn, id: i64) -> Result<Option<MasqueradeRow>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM masquerades WHERE id = $1"),
        &[&id],
        from_row,
    )
}

/// Takes the look as opened, if it was not and may still be.
pub fn open(conn: &Conn, id: i64, now: i64, from: &str) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE masquerades SET opened_at = $2, opened_from = $3
         WHERE id = $1 AND opened_at IS NULL AND open_by > $2",
        &[&id, &now, &from],
    )? == 1)
}

/// Marks portal session `session_id` as the look's.
pub fn attach(conn: &Conn, session_id: i64, masquerade_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE portal_sessions SET masquerade_id = $2 WHERE id = $1",
        &[&session_id, &masquerade_id],
    )?;
    Ok(())
}
