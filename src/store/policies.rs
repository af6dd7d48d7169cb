//! The `policies` table: every version of the password policy, as JSON.

use super::db::{Conn, Row};
use anyhow::Result;

#[derive(Debug, Clone)]
pub struct PolicyRow {
    pub version: i64,
    pub settings: String,
    pub created_at: i64,
    pub created_by: String,
}

const COLUMNS: &str = "version, settings, created_at, created_by";

fn from_row(r: &Row<'_>) -> Result<PolicyRow> {
    Ok(PolicyRow {
        version: r.get(0)?,
        settings: r.get(1)?,
        created_at: r.get(2)?,
        created_by: r.get(3)?,
    })
}

/// The version in force: the highest.
pub fn latest(conn: &Conn) -> Result<Option<PolicyRow>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM policies ORDER BY version DESC LIMIT 1"),
        &[],
        from_row,
    )
}

pub fn get(conn: &Conn, version: i64) -> Result<Option<PolicyRow>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM policies WHERE version = $1"),
        &[&version],
        from_row,
    )
}

pub fn all(conn: &Conn) -> Result<Vec<PolicyRow>> {
    conn.query(
        &format!("SELECT {COLUMNS} FROM policies ORDER BY version"),
        &[],
        from_row,
    )
}

/// Adds a version and returns its number.
pub fn insert(conn: &Conn, settings: &str, created_by: &str) -> Result<i64> {
    conn.value(
        "INSERT INTO policies (version, settings, created_by)
         VALUES ((SELECT coalesce(max(version), 0) + 1 FROM policies), $1, $2)
         RETURNING version",
        &[&settings, &created_by],
    )
}
