//! The `activation_links` table: single-use links to set a password (`send-password
//! --link`), kept as the hash of their token and, while they are in play, a sealed copy for
//! a resent mail. The domain is in `crate::credential::link`; the delivery that carries one
//! moves it through `store::lifecycle`.
//!
//! | event | expects | applies |
//! |---|---|---|
//! | `insert` | no other link of the employee in play (the unique index) | pending |
//! | `make_usable` | pending | usable until `expires_at` (its mail was accepted), its seal destroyed |
//! | `use_up` | usable and not past its end | used, its seal destroyed |
//! | `void` / `void_open` | pending or usable | void with why, its seal destroyed |

use super::db::{Conn, Row};
use anyhow::Result;

/// A link as the portal and the dispatcher read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub id: i64,
    pub employee_id: i64,
    pub state: String,
    pub expires_at: i64,
    pub sealed: Option<Vec<u8>>,
    pub token_hash: Vec<u8>,
}

impl LinkRow {
    /// Its mail may still go (or go again): pending, within its time.
    pub fn can_be_mailed(&self, now: i64) -> bool {
        self.state == "pending" && self.expires_at > now
    }

    /// It sets a password now: its mail was accepted, and its time has not run out.
    pub fn usable_at(&self, now: i64) -> bool {
        self.state == "usable" && self.expires_at > now
    }
}

const COLUMNS: &str = "id, employee_id, state, expires_at, sealed, token_hash";

fn from_row(r: &Row<'_>) -> Result<LinkRow> {
    Ok(LinkRow {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        state: r.get(2)?,
        expires_at: r.get(3)?,
        sealed: r.get(4)?,
        token_hash: r.get(5)?,
    })
}

/// A new pending link; its id.
pub fn insert(
    conn: &Conn,
    employee_id: i64,
    token_hash: &[u8],
    sealed: &[u8],
    now: i64,
    expires_at: i64,
) -> Result<i64> {
    conn.value(
        "INSERT INTO activation_links (employee_id, token_hash, sealed, state, created_at,
             expires_at)
         VALUES ($1, $2, $3, 'pending', $4, $5)
         RETURNING id",
        &[&employee_id, &token_hash, &sealed, &now, &expires_at],
    )
}

/// The link a token's hash names, in whatever state.
pub fn by_hash(conn: &Conn, token_hash: &[u8]) -> Result<Option<LinkRow>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM activation_links WHERE token_hash = $1"),
        &[&token_hash],
        from_row,
    )
}

pub fn by_id(conn: &Conn, id: i64) -> Result<Option<LinkRow>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM activation_links WHERE id = $1"),
        &[&id],
        from_row,
    )
}

/// Pending → usable until `expires_at`: its mail was accepted, so it is never sent again and
/// its seal is destroyed.
pub fn make_usable(conn: &Conn, id: i64, expires_at: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE activation_links SET state = 'usable', expires_at = $2, sealed = NULL
         WHERE id = $1 AND state = 'pending'",
        &[&id, &expires_at],
    )? == 1)
}

/// Usable and not past its end → used: the employee set their password with it.
pub fn use_up(conn: &Conn, id: i64, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE activation_links
         SET state = 'used', sealed = NULL, ended_at = $2, ended_why = 'used'
         WHERE id = $1 AND state = 'usable' AND expires_at > $2",
        &[&id, &now],
    )? == 1)
}

/// A link in play (pending or usable) → void, with why.
pub fn void(conn: &Conn, id: i64, why: &str, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE activation_links
         SET state = 'void', sealed = NULL, ended_at = $3, ended_why = $2
         WHERE id = $1 AND state IN ('pending', 'usable')",
        &[&id, &why, &now],
    )? == 1)
}

/// Every link of the employee in play → void, with why; how many.
pub fn void_open(conn: &Conn, employee_id: i64, why: &str, now: i64) -> Result<usize> {
    conn.execute(
        "UPDATE activation_links
         SET state = 'void', sealed = NULL, ended_at = $3, ended_why = $2
         WHERE employee_id = $1 AND state IN ('pending', 'usable')",
        &[&employee_id, &why, &now],
    )
}

/// Links whose time ran out while in play → void; how many.
pub fn void_expired(conn: &Conn, now: i64) -> Result<usize> {
    conn.execute(
        "UPDATE activation_links
         SET state = 'void', sealed = NULL, ended_at = $1, ended_why = 'expired'
         WHERE state IN ('pending', 'usable') AND expires_at <= $1",
        &[&now],
    )
}

/// The employee's newest link: its state, its end and why it ended (`employees show`).
pub fn latest_of(conn: &Conn, employee_id: i64) -> Result<Option<(String, i64, Option<String>)>> {
    conn.query_opt(
        "SELECT state, expires_at, ended_why FROM activation_links
         WHERE employee_id = $1 ORDER BY id DESC LIMIT 1",
        &[&employee_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}
