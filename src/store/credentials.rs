//! The `credentials` table: password hashes, their state, and sealed copies of issued ones.

use crate::model::{Credential, CredentialState, Origin, PasswordFacts};
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

const COLUMNS: &str = "id, employee_id, version, state, origin, hash, must_change, issued_at, \
    expires_at, policy_version, length, has_upper, has_lower, has_digit, has_symbol, sealed, \
    failed_attempts";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Credential> {
    let state: String = r.get(3)?;
    let origin: String = r.get(4)?;
    Ok(Credential {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        version: r.get(2)?,
        state: match state.as_str() {
            "pending" => CredentialState::Pending,
            "active" => CredentialState::Active,
            _ => CredentialState::Retired,
        },
        origin: if origin == "issued" {
            Origin::Issued
        } else {
            Origin::Employee
        },
        hash: r.get(5)?,
        must_change: r.get(6)?,
        issued_at: r.get(7)?,
        expires_at: r.get(8)?,
        policy_version: r.get(9)?,
        facts: PasswordFacts {
            length: r.get(10)?,
            has_upper: r.get(11)?,
            has_lower: r.get(12)?,
            has_digit: r.get(13)?,
            has_symbol: r.get(14)?,
        },
        sealed: r.get(15)?,
        failed_attempts: r.get(16)?,
    })
}

fn one(conn: &Connection, condition: &str, employee_id: i64) -> Result<Option<Credential>> {
    let sql = format!("SELECT {COLUMNS} FROM credentials WHERE employee_id = ?1 AND {condition}");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([employee_id], from_row)
        .optional()?)
}

pub fn active(conn: &Connection, employee_id: i64) -> Result<Option<Credential>> {
    one(conn, "state = 'active'", employee_id)
}

pub fn pending(conn: &Connection, employee_id: i64) -> Result<Option<Credential>> {
    one(conn, "state = 'pending'", employee_id)
}

/// The hashes of the employee's last `n` passwords (active and retired), newest first.
pub fn recent_hashes(conn: &Connection, employee_id: i64, n: u32) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT hash FROM credentials WHERE employee_id = ?1 AND state <> 'pending'
         ORDER BY version DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![employee_id, n], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A credential to insert.
pub struct NewCredential<'a> {
    pub employee_id: i64,
    pub state: CredentialState,
    pub origin: Origin,
    pub hash: &'a str,
    pub must_change: bool,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub policy_version: i64,
    pub facts: PasswordFacts,
}

/// Inserts with the employee's next version number; returns (row id, version).
pub fn insert(conn: &Connection, c: &NewCredential<'_>) -> Result<(i64, i64)> {
    let version: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM credentials WHERE employee_id = ?1",
        [c.employee_id],
        |r| r.get(0),
    )?;
    conn.prepare_cached(
        "INSERT INTO credentials (employee_id, version, state, origin, hash, must_change,
             issued_at, expires_at, policy_version, length, has_upper, has_lower, has_digit,
             has_symbol)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        c.employee_id,
        version,
        c.state.as_str(),
        c.origin.as_str(),
        c.hash,
        c.must_change,
        c.issued_at,
        c.expires_at,
        c.policy_version,
        c.facts.length,
        c.facts.has_upper,
        c.facts.has_lower,
        c.facts.has_digit,
        c.facts.has_symbol
    ])?;
    Ok((conn.last_insert_rowid(), version))
}

pub fn set_sealed(conn: &Connection, id: i64, sealed: &[u8]) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET sealed = ?2 WHERE id = ?1",
        params![id, sealed],
    )?;
    Ok(())
}

pub fn set_failed_attempts(conn: &Connection, id: i64, attempts: u32) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET failed_attempts = ?2 WHERE id = ?1",
        params![id, attempts],
    )?;
    Ok(())
}

pub fn set_hash(conn: &Connection, id: i64, hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET hash = ?2 WHERE id = ?1",
        params![id, hash],
    )?;
    Ok(())
}

/// Retires every active and pending credential of the employee and destroys every sealed copy.
pub fn retire_all(conn: &Connection, employee_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET state = 'retired', sealed = NULL
         WHERE employee_id = ?1 AND state <> 'retired'",
        [employee_id],
    )?;
    conn.execute(
        "UPDATE credentials SET sealed = NULL WHERE employee_id = ?1",
        [employee_id],
    )?;
    Ok(())
}

/// Makes a pending credential the active one; the one it replaces is retired and every older
/// sealed copy destroyed.
pub fn promote(
    conn: &Connection,
    id: i64,
    employee_id: i64,
    issued_at: i64,
    expires_at: Option<i64>,
) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET state = 'retired', sealed = NULL
         WHERE employee_id = ?1 AND state = 'active'",
        [employee_id],
    )?;
    conn.execute(
        "UPDATE credentials SET sealed = NULL WHERE employee_id = ?1 AND id <> ?2",
        params![employee_id, id],
    )?;
    conn.execute(
        "UPDATE credentials SET state = 'active', issued_at = ?2, expires_at = ?3, failed_attempts = 0
         WHERE id = ?1 AND state = 'pending'",
        params![id, issued_at, expires_at],
    )?;
    Ok(())
}

/// Destroys sealed copies of credentials whose validity ended.
pub fn destroy_expired_seals(conn: &Connection, now: i64) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE credentials SET sealed = NULL
         WHERE sealed IS NOT NULL AND expires_at IS NOT NULL AND expires_at <= ?1",
        [now],
    )?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Credential>> {
    let sql = format!("SELECT {COLUMNS} FROM credentials WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// Drops a pending credential (its delivery was cancelled); the active one stays.
pub fn drop_pending(conn: &Connection, id: i64) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET state = 'retired', sealed = NULL WHERE id = ?1 AND state = 'pending'",
        [id],
    )?;
    Ok(())
}
