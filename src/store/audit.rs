//! The `audit` table: who did what to whom, appended and never rewritten.

use anyhow::Result;
use rusqlite::Connection;

/// Appends one entry. `detail` must never hold a secret.
pub fn record(
    conn: &Connection,
    operator: &str,
    action: &str,
    employee_code: Option<&str>,
    detail: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (operator, action, employee_code, detail) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![operator, action, employee_code, detail])?;
    Ok(())
}
