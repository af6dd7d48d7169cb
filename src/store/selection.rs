//! The `selection` table: the persistent "Selected employees" list.

use super::db::Conn;
use super::employees::{COLUMNS_E, from_row};
use crate::model::StoredEmployee;
use anyhow::Result;

/// Adds the employee; returns false when it was selected already.
pub fn add(conn: &Conn, employee_id: i64, operator: &str) -> Result<bool> {
    let added = conn.execute(
        "INSERT INTO selection (employee_id, added_by) VALUES ($1, $2)
         ON CONFLICT (employee_id) DO NOTHING",
        &[&employee_id, &operator],
    )?;
    Ok(added == 1)
}

/// Removes the employee; returns false when it was not selected.
pub fn remove(conn: &Conn, employee_id: i64) -> Result<bool> {
    let removed = conn.execute(
        "DELETE FROM selection WHERE employee_id = $1",
        &[&employee_id],
    )?;
    Ok(removed == 1)
}

/// Empties the list; returns how many were on it.
pub fn clear(conn: &Conn) -> Result<usize> {
    conn.execute("DELETE FROM selection", &[])
}

/// The selected employees in code order.
pub fn list(conn: &Conn) -> Result<Vec<StoredEmployee>> {
    let sql = format!(
        "SELECT {COLUMNS_E} FROM selection s JOIN employees e ON e.id = s.employee_id
         ORDER BY e.code"
    );
    conn.query(&sql, &[], from_row)
}
