//! The `second_factors` and `recovery_codes` tables: employees' TOTP enrolments (sealed
//! secrets) and their single-use recovery codes (hashed). Every change is a compare-and-set
//! on the state it expects; the domain is in `crate::credential::totp`.

use super::db::{Conn, Row};
use anyhow::Result;

/// One enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    pub id: i64,
    pub employee_id: i64,
    pub version: i64,
    /// `pending`, `active` or `retired`.
    pub state: String,
    pub sealed: Option<Vec<u8>>,
    pub last_step: Option<i64>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
}

const COLUMNS: &str =
    "id, employee_id, version, state, sealed, last_step, created_at, confirmed_at";

fn from_row(r: &Row<'_>) -> Result<Factor> {
    Ok(Factor {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        version: r.get(2)?,
        state: r.get(3)?,
        sealed: r.get(4)?,
        last_step: r.get(5)?,
        created_at: r.get(6)?,
        confirmed_at: r.get(7)?,
    })
}

/// The employee's factor in `state`, which is written into the SQL rather than bound: the
/// partial indexes are `WHERE state = 'active'` and `WHERE state = 'pending'`, and a plan
/// that has to look at a bound `state` to use one is made again on every run (every sign-in
/// asks for the active factor).
fn one(conn: &Conn, state: &'static str, employee_id: i64) -> Result<Option<Factor>> {
    conn.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM second_factors WHERE employee_id = $1 AND state = '{state}'"
        ),
        &[&employee_id],
        from_row,
    )
}

/// The factor `verify` asks a code for.
pub fn active(conn: &Conn, employee_id: i64) -> Result<Option<Factor>> {
    one(conn, "active", employee_id)
}

/// An enrolment waiting for its confirming code.
pub fn pending(conn: &Conn, employee_id: i64) -> Result<Option<Factor>> {
    one(conn, "pending", employee_id)
}

/// The version the employee's next enrolment gets (never one used before).
pub fn next_version(conn: &Conn, employee_id: i64) -> Result<i64> {
    conn.value(
        "SELECT coalesce(max(version), 0) + 1 FROM second_factors WHERE employee_id = $1",
        &[&employee_id],
    )
}

/// Retires the employee's pending enrolment, if any (a new `enroll` replaces it).
pub fn retire_pending(conn: &Conn, employee_id: i64) -> Result<usize> {
    conn.execute(
        "UPDATE second_factors SET state = 'retired', sealed = NULL
         WHERE employee_id = $1 AND state = 'pending'",
        &[&employee_id],
    )
}

/// Adds a pending enrolment with its sealed secret (sealed for `version`); returns its id.
pub fn insert_pending(
    conn: &Conn,
    employee_id: i64,
    version: i64,
    sealed: &[u8],
    now: i64,
) -> Result<i64> {
    conn.value(
        "INSERT INTO second_factors (employee_id, version, state, sealed, created_at)
         VALUES ($1, $2, 'pending', $3, $4) RETURNING id",
        &[&employee_id, &version, &sealed, &now],
    )
}

/// Makes pending enrolment `id` the active one, retiring the one it replaces (whose recovery
/// codes go with it), with `step` as its last accepted step. False when `id` is no
/// longer pending (confirmed, replaced or reset meanwhile): nothing changed.
pub fn activate(conn: &Conn, id: i64, employee_id: i64, step: i64, now: i64) -> Result<bool> {
    conn.execute(
        "UPDATE second_factors SET state = 'retired', sealed = NULL
         WHERE employee_id = $1 AND state = 'active'
           AND EXISTS (SELECT 1 FROM second_factors WHERE id = $2 AND state = 'pending')",
        &[&employee_id, &id],
    )?;
    Ok(conn.execute(
        "UPDATE second_factors SET state = 'active', last_step = $2, confirmed_at = $3
         WHERE id = $1 AND state = 'pending'",
        &[&id, &step, &now],
    )? == 1)
}

/// Records a code accepted for `step`: only if no code of that step or a later one was
/// accepted before (a replay loses this compare-and-set).
pub fn use_step(conn: &Conn, id: i64, step: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE second_factors SET last_step = $2
         WHERE id = $1 AND state = 'active' AND (last_step IS NULL OR last_step < $2)",
        &[&id, &step],
    )? == 1)
}

/// Retires every enrolment of the employee, pending and active (`2fa reset`); returns how
/// many there were.
pub fn retire_all(conn: &Conn, employee_id: i64) -> Result<usize> {
    conn.execute(
        "UPDATE second_factors SET state = 'retired', sealed = NULL
         WHERE employee_id = $1 AND state <> 'retired'",
        &[&employee_id],
    )
}

/// Stores a factor's recovery code hashes.
pub fn add_recovery_codes(conn: &Conn, factor_id: i64, hashes: &[String]) -> Result<()> {
    for hash in hashes {
        conn.execute(
            "INSERT INTO recovery_codes (factor_id, hash) VALUES ($1, $2)",
            &[&factor_id, hash],
        )?;
    }
    Ok(())
}

/// Uses up the recovery code with this hash: true only for the one caller that finds it
/// unused on the active factor.
/// Marks every unused recovery code of the factor used (replaced by new ones); returns how
/// many.
pub fn retire_recovery_codes(conn: &Conn, factor_id: i64, now: i64) -> Result<usize> {
    conn.execute(
        "UPDATE recovery_codes SET used_at = $2 WHERE factor_id = $1 AND used_at IS NULL",
        &[&factor_id, &now],
    )
}

pub fn use_recovery_code(conn: &Conn, factor_id: i64, hash: &str, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE recovery_codes SET used_at = $3
         WHERE factor_id = $1 AND hash = $2 AND used_at IS NULL
           AND EXISTS (SELECT 1 FROM second_factors f WHERE f.id = $1 AND f.state = 'active')",
        &[&factor_id, &hash, &now],
    )? == 1)
}

/// Recovery codes of the factor not used yet.
pub fn recovery_codes_left(conn: &Conn, factor_id: i64) -> Result<u32> {
    conn.value(
        "SELECT count(*) FROM recovery_codes WHERE factor_id = $1 AND used_at IS NULL",
        &[&factor_id],
    )
}

/// How many active employees have an active factor, and how many a pending enrolment.
pub fn counts(conn: &Conn) -> Result<(u64, u64)> {
    conn.query_one(
        "SELECT coalesce(sum(CASE WHEN f.state = 'active' THEN 1 ELSE 0 END), 0),
                coalesce(sum(CASE WHEN f.state = 'pending' THEN 1 ELSE 0 END), 0)
         FROM second_factors f JOIN employees e ON e.id = f.employee_id
         WHERE f.state <> 'retired' AND e.status = $1",
        &[&crate::model::Status::Active],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A `hrpass forgot` request as recorded.
pub fn record_forgot(conn: &Conn, now: i64, employee_id: Option<i64>, outcome: &str) -> Result<()> {
    // A day is all the limits look back; the audit trail keeps every request.
    conn.execute(
        "DELETE FROM forgot_requests WHERE at < $1",
        &[&(now - 86_400)],
    )?;
    conn.execute(
        "INSERT INTO forgot_requests (at, employee_id, outcome) VALUES ($1, $2, $3)",
        &[&now, &employee_id, &outcome],
    )?;
    Ok(())
}

/// `hrpass forgot` requests since `since`, whoever they named.
pub fn forgot_count_since(conn: &Conn, since: i64) -> Result<u32> {
    conn.value(
        "SELECT count(*) FROM forgot_requests WHERE at >= $1",
        &[&since],
    )
}

/// New passwords `hrpass forgot` gave `employee_id` since `since`.
pub fn forgot_issued_since(conn: &Conn, since: i64, employee_id: i64) -> Result<u32> {
    conn.value(
        "SELECT count(*) FROM forgot_requests
         WHERE employee_id = $1 AND at >= $2 AND outcome = 'issued'",
        &[&employee_id, &since],
    )
}
