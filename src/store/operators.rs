//! The `operators`, `operator_departments` and `operator_sessions` tables: who may run hrpass
//! on this store, in which role and scope, and their CLI sessions and script tokens (only the
//! hash of each token). The rules are in `crate::access`.
//!
//! | event | expects | applies |
//! |---|---|---|
//! | `insert` | no live operator of that name (the unique index) | a live operator |
//! | `update` | the operator live, at the version the caller read | new role, scope, database role; version + 1 |
//! | `set_sign_in` | the operator live, at the version read | new password hash and sealed TOTP secret; version + 1 |
//! | `remove` | the operator live, at the version read | removed; version + 1 |
//! | `use_step` | a TOTP step later than the last one used | that step is the last used |
//! | `insert_session` | nothing (a new token) | a live session or token |
//! | `end_session` | the session live | it ends, with why |
//! | `end_all` | nothing | every live session and token of the operator ends, with why |

use super::db::{Conn, Row};
use anyhow::Result;

/// An operator as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub reports_to: Option<String>,
    pub db_role: Option<String>,
    pub password_hash: Option<String>,
    pub totp_sealed: Option<Vec<u8>>,
    pub totp_last_step: i64,
    pub failed_logins: u32,
    pub locked_until: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub created_by: String,
    pub updated_at: i64,
    pub removed_at: Option<i64>,
    /// From `operator_departments`, sorted.
    pub departments: Vec<String>,
}

const COLUMNS: &str = "id, name, role, reports_to, db_role, password_hash, totp_sealed, \
                       totp_last_step, failed_logins, version, created_at, created_by, \
                       updated_at, removed_at, locked_until";

fn from_row(r: &Row<'_>) -> Result<OperatorRow> {
    Ok(OperatorRow {
        id: r.get(0)?,
        name: r.get(1)?,
        role: r.get(2)?,
        reports_to: r.get(3)?,
        db_role: r.get(4)?,
        password_hash: r.get(5)?,
        totp_sealed: r.get(6)?,
        totp_last_step: r.get(7)?,
        failed_logins: r.get(8)?,
        version: r.get(9)?,
        created_at: r.get(10)?,
        created_by: r.get(11)?,
        updated_at: r.get(12)?,
        removed_at: r.get(13)?,
        locked_until: r.get(14)?,
        departments: Vec::new(),
    })
}

fn with_departments(conn: &Conn, mut rows: Vec<OperatorRow>) -> Result<Vec<OperatorRow>> {
    for row in &mut rows {
        row.departments = conn.query(
            "SELECT department FROM operator_departments WHERE operator_id = $1
             ORDER BY department",
            &[&row.id],
            |r| r.get(0),
        )?;
    }
    Ok(rows)
}

/// Whether any live operator exists: until one does, hrpass runs as it always has.
pub fn any_live(conn: &Conn) -> Result<bool> {
    conn.value(
        "SELECT EXISTS (SELECT 1 FROM operators WHERE removed_at IS NULL)",
        &[],
    )
}

/// The live operator of that name.
pub fn find_live(conn: &Conn, name: &str) -> Result<Option<OperatorRow>> {
    let rows = conn.query(
        &format!("SELECT {COLUMNS} FROM operators WHERE name = $1 AND removed_at IS NULL"),
        &[&name],
        from_row,
    )?;
    Ok(with_departments(conn, rows)?.pop())
}

pub fn by_id(conn: &Conn, id: i64) -> Result<Option<OperatorRow>> {
    let rows = conn.query(
        &format!("SELECT {COLUMNS} FROM operators WHERE id = $1"),
        &[&id],
        from_row,
    )?;
    Ok(with_departments(conn, rows)?.pop())
}

/// Live operators by name.
pub fn list_live(conn: &Conn) -> Result<Vec<OperatorRow>> {
    let rows = conn.query(
        &format!("SELECT {COLUMNS} FROM operators WHERE removed_at IS NULL ORDER BY name"),
        &[],
        from_row,
    )?;
    with_departments(conn, rows)
}

/// How many live operators hold the role.
pub fn count_live_in_role(conn: &Conn, role: &str) -> Result<u64> {
    conn.value(
        "SELECT count(*) FROM operators WHERE role = $1 AND removed_at IS NULL",
        &[&role],
    )
}

/// What a new operator holds.
pub struct NewOperator<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub departments: &'a [String],
    pub reports_to: Option<&'a str>,
    pub db_role: Option<&'a str>,
    pub created_by: &'a str,
    pub now: i64,
}

/// Adds a live operator without a sign-in yet; `None` when a live one has the name.
pub fn insert(conn: &Conn, o: &NewOperator<'_>) -> Result<Option<i64>> {
    let id: Option<i64> = conn.query_opt(
        "INSERT INTO operators (name, role, reports_to, db_role, created_at, created_by,
                                updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5)
         ON CONFLICT (name) WHERE removed_at IS NULL DO NOTHING
         RETURNING id",
        &[
            &o.name,
            &o.role,
            &o.reports_to,
            &o.db_role,
            &o.now,
            &o.created_by,
        ],
        |r| r.get(0),
    )?;
    if let Some(id) = id {
        set_departments(conn, id, o.departments)?;
    }
    Ok(id)
}

fn set_departments(conn: &Conn, id: i64, departments: &[String]) -> Result<()> {
    conn.execute(
        "DELETE FROM operator_departments WHERE operator_id = $1",
        &[&id],
    )?;
    for department in departments {
        conn.execute(
            "INSERT INTO operator_departments (operator_id, department) VALUES ($1, $2)
             ON CONFLICT DO NOTHING",
            &[&id, department],
        )?;
    }
    Ok(())
}

/// What `update` sets.
pub struct Changes<'a> {
    pub role: &'a str,
    pub departments: &'a [String],
    pub reports_to: Option<&'a str>,
    pub db_role: Option<&'a str>,
}

/// New role and scope, if the operator is live and still at `version`.
pub fn update(conn: &Conn, id: i64, version: i64, c: &Changes<'_>, now: i64) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE operators SET role = $3, reports_to = $4, db_role = $5, updated_at = $6,
                version = version + 1
         WHERE id = $1 AND version = $2 AND removed_at IS NULL",
        &[&id, &version, &c.role, &c.reports_to, &c.db_role, &now],
    )? == 1;
    if changed {
        set_departments(conn, id, c.departments)?;
    }
    Ok(changed)
}

/// A new password hash and sealed TOTP secret, if the operator is live and still at
/// `version`; the TOTP's last step starts again.
pub fn set_sign_in(
    conn: &Conn,
    id: i64,
    version: i64,
    password_hash: &str,
    totp_sealed: &[u8],
    now: i64,
) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE operators SET password_hash = $3, totp_sealed = $4, totp_last_step = 0,
                failed_logins = 0, locked_until = NULL, updated_at = $5, version = version + 1
         WHERE id = $1 AND version = $2 AND removed_at IS NULL",
        &[&id, &version, &password_hash, &totp_sealed, &now],
    )? == 1)
}

/// Removes the operator, if live and still at `version`.
pub fn remove(conn: &Conn, id: i64, version: i64, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE operators SET removed_at = $3, updated_at = $3, version = version + 1
         WHERE id = $1 AND version = $2 AND removed_at IS NULL",
        &[&id, &version, &now],
    )? == 1)
}

/// Takes TOTP step `step` as used, if it is later than the last one used.
pub fn use_step(conn: &Conn, id: i64, step: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE operators SET totp_last_step = $2, failed_logins = 0, locked_until = NULL
         WHERE id = $1 AND totp_last_step < $2 AND removed_at IS NULL",
        &[&id, &step],
    )? == 1)
}

/// Counts a failed sign-in, and locks the operator until `lock_until` once the count
/// reaches `lock_after`; returns the count now.
pub fn failed_login(conn: &Conn, id: i64, lock_after: u32, lock_until: i64) -> Result<u32> {
    conn.value(
        "UPDATE operators SET failed_logins = failed_logins + 1,
                locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
         WHERE id = $1
         RETURNING failed_logins",
        &[&id, &i64::from(lock_after), &lock_until],
    )
}

/// A session or token row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub operator_id: i64,
    pub kind: String,
    pub created_at: i64,
    pub seen_at: i64,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    pub ended_why: Option<String>,
}

const SESSION_COLUMNS: &str =
    "id, operator_id, kind, created_at, seen_at, expires_at, ended_at, ended_why";

fn session_from_row(r: &Row<'_>) -> Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        operator_id: r.get(1)?,
        kind: r.get(2)?,
        created_at: r.get(3)?,
        seen_at: r.get(4)?,
        expires_at: r.get(5)?,
        ended_at: r.get(6)?,
        ended_why: r.get(7)?,
    })
}

pub fn insert_session(
    conn: &Conn,
    operator_id: i64,
    token_hash: &[u8],
    kind: &str,
    now: i64,
    expires_at: i64,
) -> Result<i64> {
    conn.value(
        "INSERT INTO operator_sessions (operator_id, token_hash, kind, created_at, seen_at,
                                        expires_at)
         VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
        &[&operator_id, &token_hash, &kind, &now, &expires_at],
    )
}

pub fn session_by_hash(conn: &Conn, token_hash: &[u8]) -> Result<Option<SessionRow>> {
    conn.query_opt(
        &format!("SELECT {SESSION_COLUMNS} FROM operator_sessions WHERE token_hash = $1"),
        &[&token_hash],
        session_from_row,
    )
}

/// The operator's live sessions and tokens, newest first.
pub fn live_sessions(conn: &Conn, operator_id: i64) -> Result<Vec<SessionRow>> {
    conn.query(
        &format!(
            "SELECT {SESSION_COLUMNS} FROM operator_sessions
             WHERE operator_id = $1 AND ended_at IS NULL ORDER BY id DESC"
        ),
        &[&operator_id],
        session_from_row,
    )
}

/// Marks a live session seen.
pub fn touch(conn: &Conn, id: i64, now: i64) -> Result<()> {
    conn.execute(
        "UPDATE operator_sessions SET seen_at = $2 WHERE id = $1 AND ended_at IS NULL",
        &[&id, &now],
    )?;
    Ok(())
}

/// Ends a live session.
pub fn end_session(conn: &Conn, id: i64, why: &str, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE operator_sessions SET ended_at = $3, ended_why = $2
         WHERE id = $1 AND ended_at IS NULL",
        &[&id, &why, &now],
    )? == 1)
}

/// Ends every live session and token of the operator; returns how many.
pub fn end_all(conn: &Conn, operator_id: i64, why: &str, now: i64) -> Result<usize> {
    conn.execute(
        "UPDATE operator_sessions SET ended_at = $3, ended_why = $2
         WHERE operator_id = $1 AND ended_at IS NULL",
        &[&operator_id, &why, &now],
    )
}
