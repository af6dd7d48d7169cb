//! The `audit` table: who did what to whom, appended and never rewritten.

use super::db::Conn;
use anyhow::Result;

/// Appends one entry. `detail` must never hold a secret.
pub fn record(
    conn: &Conn,
    operator: &str,
    action: &str,
    employee_code: Option<&str>,
    detail: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit (operator, action, employee_code, detail) VALUES ($1, $2, $3, $4)",
        &[&operator, &action, &employee_code, &detail],
    )?;
    Ok(())
}

/// Appends several entries by `operator`, each (action, employee code, detail), in order, a
/// few hundred a statement.
pub fn record_many(
    conn: &Conn,
    operator: &str,
    entries: &[(String, String, String)],
) -> Result<()> {
    for chunk in entries.chunks(200) {
        let mut values = Vec::with_capacity(chunk.len());
        let mut params: Vec<&dyn super::db::Param> = Vec::with_capacity(chunk.len() * 3 + 1);
        params.push(&operator);
        for (action, code, detail) in chunk {
            let n = params.len();
            values.push(format!("($1, ${}, ${}, ${})", n + 1, n + 2, n + 3));
            params.extend([action as &dyn super::db::Param, code, detail]);
        }
        conn.execute(
            &format!(
                "INSERT INTO audit (operator, action, employee_code, detail) VALUES {}",
                values.join(", ")
            ),
            &params,
        )?;
    }
    Ok(())
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: i64,
    pub operator: String,
    pub action: String,
    pub employee_code: Option<String>,
    pub detail: String,
}

/// Entries oldest first, optionally about one employee, since a time, and the last `limit`.
pub fn list(
    conn: &Conn,
    employee: Option<&str>,
    since: Option<i64>,
    limit: Option<u64>,
) -> Result<Vec<Entry>> {
    let limit = limit.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX));
    conn.query(
        "SELECT at, operator, action, employee_code, detail FROM (
             SELECT id, at, operator, action, employee_code, detail FROM audit
             WHERE (CAST($1 AS TEXT) IS NULL OR employee_code = $1)
               AND (CAST($2 AS BIGINT) IS NULL OR at >= $2)
             ORDER BY id DESC LIMIT $3) AS recent
         ORDER BY id",
        &[&employee, &since, &limit],
        |r| {
            Ok(Entry {
                at: r.get(0)?,
                operator: r.get(1)?,
                action: r.get(2)?,
                employee_code: r.get(3)?,
                detail: r.get(4)?,
            })
        },
    )
}
