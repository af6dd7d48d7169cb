//! The `portal_sessions` and `portal_attempts` tables: the portal's signed-in sessions (only
//! the hash of each token) and the sign-in attempts counted per client address. The domain is
//! in `crate::credential::session`.
//!
//! | event | expects | applies |
//! |---|---|---|
//! | `insert` | nothing (a new token) | a live session in a stage |
//! | `replace` | the session live, in the stage the caller saw | it ends (`rotated`); a new one, new token, takes its place |
//! | `end` | the session live | it ends, with why |
//! | `end_all` | nothing | every live session of the employee ends, with why |
//! | `forget_over` | nothing | the employee's sessions over long ago (ended or expired) are deleted |

use super::db::{Conn, Row};
use anyhow::Result;

/// A session row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub employee_id: i64,
    pub credential_id: i64,
    pub stage: String,
    pub signed_in_at: i64,
    pub created_at: i64,
    pub seen_at: i64,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    pub ended_why: Option<String>,
    pub address: String,
    pub client: String,
    /// A masquerade's session (`masquerades`): read only.
    pub masquerade_id: Option<i64>,
}

const COLUMNS: &str = "id, employee_id, credential_id, stage, signed_in_at, created_at, seen_at, \
                       expires_at, ended_at, ended_why, address, client, masquerade_id";

fn from_row(r: &Row<'_>) -> Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        credential_id: r.get(2)?,
        stage: r.get(3)?,
        signed_in_at: r.get(4)?,
        created_at: r.get(5)?,
        seen_at: r.get(6)?,
        expires_at: r.get(7)?,
        ended_at: r.get(8)?,
        ended_why: r.get(9)?,
        address: r.get(10)?,
        client: r.get(11)?,
        masquerade_id: r.get(12)?,
    })
}

/// What a new session row holds besides its token's hash.
pub struct NewSession<'a> {
    pub employee_id: i64,
    pub credential_id: i64,
    pub stage: &'a str,
    pub signed_in_at: i64,
    pub now: i64,
    pub expires_at: i64,
    pub address: &'a str,
    pub client: &'a str,
}

pub fn insert(conn: &Conn, token_hash: &[u8], s: &NewSession<'_>) -> Result<i64> {
    conn.value(
        "INSERT INTO portal_sessions (token_hash, employee_id, credential_id, stage,
             signed_in_at, created_at, seen_at, expires_at, address, client)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9)
         RETURNING id",
        &[
            &token_hash,
            &s.employee_id,
            &s.credential_id,
            &s.stage,
            &s.signed_in_at,
            &s.now,
            &s.expires_at,
            &s.address,
            &s.client,
        ],
    )
}

/// The live session a token's hash names, whatever its age (the caller judges the times).
pub fn live(conn: &Conn, token_hash: &[u8]) -> Result<Option<SessionRow>> {
    conn.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM portal_sessions WHERE token_hash = $1 AND ended_at IS NULL"
        ),
        &[&token_hash],
        from_row,
    )
}

/// The live session with this id.
pub fn live_by_id(conn: &Conn, id: i64) -> Result<Option<SessionRow>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM portal_sessions WHERE id = $1 AND ended_at IS NULL"),
        &[&id],
        from_row,
    )
}

/// Marks the session seen at `now`, if it is still live.
pub fn touch(conn: &Conn, id: i64, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE portal_sessions SET seen_at = $2 WHERE id = $1 AND ended_at IS NULL",
        &[&id, &now],
    )? == 1)
}

/// Ends a live session; false when it had already ended.
pub fn end(conn: &Conn, id: i64, why: &str, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE portal_sessions SET ended_at = $3, ended_why = $2
         WHERE id = $1 AND ended_at IS NULL",
        &[&id, &why, &now],
    )? == 1)
}

/// Ends the session if it is live and still in `stage`: the compare-and-set a step of the
/// sign-in makes before its replacement is inserted.
pub fn end_in_stage(conn: &Conn, id: i64, stage: &str, why: &str, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE portal_sessions SET ended_at = $4, ended_why = $3
         WHERE id = $1 AND stage = $2 AND ended_at IS NULL",
        &[&id, &stage, &why, &now],
    )? == 1)
}

/// Ends every live session of the employee; returns how many.
pub fn end_all(conn: &Conn, employee_id: i64, why: &str, now: i64) -> Result<usize> {
    conn.execute(
        "UPDATE portal_sessions SET ended_at = $3, ended_why = $2
         WHERE employee_id = $1 AND ended_at IS NULL",
        &[&employee_id, &why, &now],
    )
}

/// Deletes the employee's sessions that were over before `before`: ended then, or never
/// ended but past their absolute expiry (their sign-ins stay in the audit trail). Found
/// through `portal_sessions_over`, so a sign-in pays for the rows it deletes, not for every
/// session the employee has.
pub fn forget_over(conn: &Conn, employee_id: i64, before: i64) -> Result<usize> {
    conn.execute(FORGET_OVER, &[&employee_id, &before])
}

const FORGET_OVER: &str = "DELETE FROM portal_sessions
    WHERE employee_id = $1 AND coalesce(ended_at, expires_at) < $2";

/// One sign-in as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    pub at: i64,
    pub address: String,
    pub client: String,
    /// A session of that sign-in is still live.
    pub live: bool,
}

/// The employee's latest sign-ins, newest first: the rows of one sign-in (its stages) share
/// its time, address and client.
pub fn recent_sign_ins(conn: &Conn, employee_id: i64, limit: u32) -> Result<Vec<SignIn>> {
    conn.query(
        "SELECT signed_in_at, address, client,
                sum(CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END)
         FROM portal_sessions WHERE employee_id = $1
         GROUP BY signed_in_at, address, client
         ORDER BY signed_in_at DESC LIMIT $2",
        &[&employee_id, &limit],
        |r| {
            Ok(SignIn {
                at: r.get(0)?,
                address: r.get(1)?,
                client: r.get(2)?,
                live: r.get::<i64>(3)? > 0,
            })
        },
    )
}

/// Sign-in attempts from `address` at or after `since`, counted up to `at_most`: a busy
/// address (an office behind one NAT, with a high limit) costs each sign-in at most its
/// limit's index entries, not every attempt of the window.
pub fn attempts_since(conn: &Conn, address: &str, since: i64, at_most: u32) -> Result<i64> {
    conn.value(&attempts_since_sql(at_most), &[&address, &since])
}

/// `at_most` is written into the SQL rather than bound: SQLite makes a plan with a bound
/// `LIMIT` again on every run, and this runs for every sign-in (one `serve` has one limit,
/// so this is one statement).
fn attempts_since_sql(at_most: u32) -> String {
    format!(
        "SELECT count(*) FROM (
            SELECT 1 FROM portal_attempts WHERE address = $1 AND at >= $2 LIMIT {at_most}
        ) AS counted"
    )
}

/// Records a sign-in attempt from `address` at `now`, and forgets those older than an hour.
pub fn record_attempt(conn: &Conn, address: &str, now: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM portal_attempts WHERE at < $1",
        &[&(now - 3_600)],
    )?;
    conn.execute(
        "INSERT INTO portal_attempts (address, at) VALUES ($1, $2)",
        &[&address, &now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// SQLite's plan for `sql`, one line a step.
    fn plan(store: &Store, sql: &str, params: &[&dyn crate::store::db::Param]) -> String {
        let steps: Vec<String> = store
            .conn()
            .query(&format!("EXPLAIN QUERY PLAN {sql}"), params, |r| r.get(3))
            .unwrap();
        steps.join("\n")
    }

    /// What every sign-in runs seeks through an index on both its columns, so its cost does
    /// not grow with the sessions an employee has had or the attempts an address has made.
    #[test]
    fn a_sign_ins_prune_and_count_seek_through_their_indexes() {
        let store = Store::open_in_memory().unwrap();
        let prune = plan(&store, FORGET_OVER, &[&1_i64, &5_i64]);
        assert!(
            prune.contains("USING INDEX portal_sessions_over (employee_id=? AND <expr><?)"),
            "{prune}"
        );
        let count = plan(&store, &attempts_since_sql(50), &[&"192.0.2.1", &5_i64]);
        assert!(
            count.contains("USING COVERING INDEX portal_attempts_address (address=? AND at>?)"),
            "{count}"
        );
    }

    /// The count stops at its bound, and below it is exact.
    #[test]
    fn attempts_are_counted_up_to_the_bound() {
        let store = Store::open_in_memory().unwrap();
        for at in [10, 20, 30, 40] {
            record_attempt(store.conn(), "192.0.2.1", at).unwrap();
        }
        record_attempt(store.conn(), "192.0.2.2", 40).unwrap();
        assert_eq!(
            attempts_since(store.conn(), "192.0.2.1", 20, 50).unwrap(),
            3
        );
        assert_eq!(attempts_since(store.conn(), "192.0.2.1", 0, 2).unwrap(), 2);
        assert_eq!(attempts_since(store.conn(), "192.0.2.2", 0, 50).unwrap(), 1);
    }
}
