//! The `credentials` table: password hashes, their state, and sealed copies of issued ones.

use super::db::{Conn, Row};
use crate::model::{Credential, CredentialState, Origin, PasswordFacts};
use anyhow::Result;

const COLUMNS: &str = "id, employee_id, version, state, origin, hash, must_change, issued_at, \
    expires_at, policy_version, length, has_upper, has_lower, has_digit, has_symbol, sealed, \
    failed_attempts";

fn from_row(r: &Row<'_>) -> Result<Credential> {
    let state: String = r.get(3)?;
    let origin: String = r.get(4)?;
    Ok(Credential {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        version: r.get(2)?,
        state: CredentialState::from_column(&state),
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

fn one(conn: &Conn, condition: &str, employee_id: i64) -> Result<Option<Credential>> {
    let sql = format!("SELECT {COLUMNS} FROM credentials WHERE employee_id = $1 AND {condition}");
    conn.query_opt(&sql, &[&employee_id], from_row)
}

pub fn active(conn: &Conn, employee_id: i64) -> Result<Option<Credential>> {
    one(conn, "state = 'active'", employee_id)
}

pub fn pending(conn: &Conn, employee_id: i64) -> Result<Option<Credential>> {
    one(conn, "state = 'pending'", employee_id)
}

/// The hashes of the employee's last `n` passwords (active and retired), newest first.
pub fn recent_hashes(conn: &Conn, employee_id: i64, n: u32) -> Result<Vec<String>> {
    conn.query(
        "SELECT hash FROM credentials WHERE employee_id = $1 AND state <> 'pending'
         ORDER BY version DESC LIMIT $2",
        &[&employee_id, &i64::from(n)],
        |r| r.get(0),
    )
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

/// Inserts with the employee's next version number; returns (row id, version). Only the
/// life cycle's events insert (`store::lifecycle`).
pub(super) fn insert(conn: &Conn, c: &NewCredential<'_>) -> Result<(i64, i64)> {
    conn.query_one(
        "INSERT INTO credentials (employee_id, version, state, origin, hash, must_change,
             issued_at, expires_at, policy_version, length, has_upper, has_lower, has_digit,
             has_symbol)
         VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM credentials WHERE employee_id = $1),
                 $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING id, version",
        &[
            &c.employee_id,
            &c.state.as_str(),
            &c.origin.as_str(),
            &c.hash,
            &c.must_change,
            &c.issued_at,
            &c.expires_at,
            &c.policy_version,
            &c.facts.length,
            &c.facts.has_upper,
            &c.facts.has_lower,
            &c.facts.has_digit,
            &c.facts.has_symbol,
        ],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A wrong password at sign-in: one more failed attempt on the active credential. Returns
/// the new count, or `None` when the credential is no longer the active one.
pub fn count_failure(conn: &Conn, id: i64) -> Result<Option<u32>> {
    conn.query_opt(
        "UPDATE credentials SET failed_attempts = failed_attempts + 1
         WHERE id = $1 AND state = 'active' RETURNING failed_attempts",
        &[&id],
        |r| r.get(0),
    )
}

/// A right password at sign-in: the failure count starts again.
pub fn clear_failures(conn: &Conn, id: i64) -> Result<()> {
    conn.execute(
        "UPDATE credentials SET failed_attempts = 0 WHERE id = $1 AND failed_attempts <> 0",
        &[&id],
    )?;
    Ok(())
}

/// Replaces a hash made with weaker parameters; only if it is still the one that was checked.
pub fn rehash(conn: &Conn, id: i64, old: &str, new: &str) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE credentials SET hash = $3 WHERE id = $1 AND hash = $2",
        &[&id, &old, &new],
    )? == 1)
}

pub fn by_id(conn: &Conn, id: i64) -> Result<Option<Credential>> {
    let sql = format!("SELECT {COLUMNS} FROM credentials WHERE id = $1");
    conn.query_opt(&sql, &[&id], from_row)
}

/// One sealed copy, any (employee id, version, sealed bytes): to check the vault key against
/// the store before anything is written.
pub fn any_sealed(conn: &Conn) -> Result<Option<(i64, i64, Vec<u8>)>> {
    conn.query_opt(
        "SELECT employee_id, version, sealed FROM credentials WHERE sealed IS NOT NULL LIMIT 1",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Issued passwords the employee has not changed yet (active, must be changed) whose validity
/// ends after `now` and by `until`, without a reminder yet: what `notify-expiring` reminds
/// of. Oldest expiry first.
pub fn expiring_unreminded(conn: &Conn, now: i64, until: i64) -> Result<Vec<Credential>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM credentials c
         WHERE state = 'active' AND origin = 'issued' AND must_change = $3
           AND expires_at > $1 AND expires_at <= $2
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.credential_id = c.id AND o.kind = 'expiry')
         ORDER BY expires_at, id"
    );
    conn.query(&sql, &[&now, &until, &true], from_row)
}

/// The pending credential of each of `employee_ids` that has one, a few hundred employees a
/// query (one round trip each on PostgreSQL, rather than one an employee).
pub fn pending_of(
    conn: &Conn,
    employee_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Credential>> {
    let mut found = std::collections::HashMap::new();
    for chunk in employee_ids.chunks(500) {
        let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let params: Vec<&dyn super::db::Param> =
            chunk.iter().map(|id| id as &dyn super::db::Param).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM credentials WHERE state = 'pending' AND employee_id IN ({})",
            list.join(", ")
        );
        for c in conn.query(&sql, &params, from_row)? {
            found.insert(c.employee_id, c);
        }
    }
    Ok(found)
}
