//! The `policies` table: every version of the password policy, as JSON.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};

#[derive(Debug, Clone)]
pub struct PolicyRow {
    pub version: i64,
    pub settings: String,
    pub created_at: i64,
    pub created_by: String,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PolicyRow> {
    Ok(PolicyRow {
        version: r.get(0)?,
        settings: r.get(1)?,
        created_at: r.get(2)?,
        created_by: r.get(3)?,
    })
}

/// The version in force: the highest.
pub fn latest(conn: &Connection) -> Result<Option<PolicyRow>> {
    Ok(conn
        .query_row(
            "SELECT version, settings, created_at, created_by FROM policies ORDER BY version DESC LIMIT 1",
            [],
            from_row,
        )
        .optional()?)
}

pub fn get(conn: &Connection, version: i64) -> Result<Option<PolicyRow>> {
    Ok(conn
        .query_row(
            "SELECT version, settings, created_at, created_by FROM policies WHERE version = ?1",
            [version],
            from_row,
        )
        .optional()?)
}

pub fn all(conn: &Connection) -> Result<Vec<PolicyRow>> {
    let mut stmt = conn.prepare(
        "SELECT version, settings, created_at, created_by FROM policies ORDER BY version",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a version and returns its number.
pub fn insert(conn: &Connection, settings: &str, created_by: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO policies (version, settings, created_by)
         VALUES ((SELECT coalesce(max(version), 0) + 1 FROM policies), ?1, ?2)",
        rusqlite::params![settings, created_by],
    )?;
    Ok(conn.query_row("SELECT max(version) FROM policies", [], |r| r.get(0))?)
}
