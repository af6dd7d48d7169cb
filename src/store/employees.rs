//! The `employees` table: reads, filtered search, and the prepared writer bulk work uses.

use crate::model::{Employee, Status, StoredEmployee};
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Row, Statement, params, types::Value};

const COLUMNS: &str =
    "id, code, first_name, last_name, email, department, job_title, manager_code, status";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<StoredEmployee> {
    let status: String = row.get(8)?;
    Ok(StoredEmployee {
        id: row.get(0)?,
        employee: Employee {
            code: row.get(1)?,
            first_name: row.get(2)?,
            last_name: row.get(3)?,
            email: row.get(4)?,
            department: row.get(5)?,
            job_title: row.get(6)?,
            manager_code: row.get(7)?,
            // The table's CHECK constraint admits only the two known values.
            status: status.parse().unwrap_or(Status::Active),
        },
    })
}

pub fn find(conn: &Connection, code: &str) -> Result<Option<StoredEmployee>> {
    let sql = format!("SELECT {COLUMNS} FROM employees WHERE code = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([code], from_row)
        .optional()?)
}

pub fn count(conn: &Connection) -> Result<u64> {
    let count: i64 = conn.query_row("SELECT count(*) FROM employees", [], |r| r.get(0))?;
    Ok(count as u64)
}

/// The highest row id so far: rows a bulk upload adds get higher ones.
pub fn max_id(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM employees", [], |r| {
            r.get(0)
        })?,
    )
}

/// Employees whose full name, folded, equals `folded_name`.
pub fn find_by_full_name(conn: &Connection, folded_name: &str) -> Result<Vec<StoredEmployee>> {
    // The folded full name is the middle field of search_key (see Employee::search_key).
    let sql = format!(
        "SELECT {COLUMNS} FROM employees
         WHERE instr(search_key, char(31) || ?1 || char(31)) > 0 ORDER BY code"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([folded_name], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What `employees search` narrows by. Text is matched as a folded substring.
#[derive(Debug, Clone, Default)]
pub struct EmployeeFilter {
    pub text: Option<String>,
    pub department: Option<String>,
    pub status: Option<Status>,
    pub manager: Option<String>,
    /// With `manager`: everyone below that manager, not only direct reports.
    pub recursive: bool,
    pub title: Option<String>,
    pub limit: Option<u64>,
}

/// The FTS5 trigram index answers substrings of three characters or more.
const TRIGRAM: usize = 3;

pub fn search(conn: &Connection, filter: &EmployeeFilter) -> Result<Vec<StoredEmployee>> {
    let mut query = Query::default();
    let mut prelude = "";

    if let Some(manager) = &filter.manager {
        let p = query.bind(manager.clone());
        if filter.recursive {
            prelude = "WITH RECURSIVE reports (code) AS (
                 SELECT code FROM employees WHERE manager_code = ?1
                 UNION SELECT e.code FROM employees e JOIN reports r ON e.manager_code = r.code)\n";
            query.conditions.push("e.code IN reports".into());
        } else {
            query.conditions.push(format!("e.manager_code = {p}"));
        }
    }
    if let Some(text) = &filter.text {
        let folded = crate::model::fold(text);
        if folded.chars().count() >= TRIGRAM {
            // A quoted FTS5 string is a phrase; with the trigram tokenizer that is a substring.
            let p = query.bind(format!("\"{}\"", folded.replace('"', "\"\"")));
            query.conditions.push(format!(
                "e.id IN (SELECT rowid FROM employee_search WHERE employee_search MATCH {p})"
            ));
        } else if !folded.is_empty() {
            let p = query.bind(folded);
            query
                .conditions
                .push(format!("instr(e.search_key, {p}) > 0"));
        }
    }
    if let Some(department) = &filter.department {
        let p = query.bind(department.clone());
        query
            .conditions
            .push(format!("e.department = {p} COLLATE NOCASE"));
    }
    if let Some(status) = filter.status {
        let p = query.bind(status.as_str().to_owned());
        query.conditions.push(format!("e.status = {p}"));
    }
    if let Some(title) = &filter.title {
        let p = query.bind(title.to_lowercase());
        query
            .conditions
            .push(format!("instr(lower(e.job_title), {p}) > 0"));
    }

    let mut sql = format!("{prelude}SELECT {COLUMNS_E} FROM employees e");
    if !query.conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&query.conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY e.code");
    if let Some(limit) = filter.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(query.args), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// SQL conditions with their numbered parameters.
#[derive(Default)]
struct Query {
    conditions: Vec<String>,
    args: Vec<Value>,
}

impl Query {
    /// Adds a parameter and returns its placeholder.
    fn bind(&mut self, value: String) -> String {
        self.args.push(Value::Text(value));
        format!("?{}", self.args.len())
    }
}

/// The same columns, qualified for queries that join `employees e`.
pub(super) const COLUMNS_E: &str = "e.id, e.code, e.first_name, e.last_name, e.email, \
    e.department, e.job_title, e.manager_code, e.status";

/// Calls `visit` with every employee in code order, without holding them all in memory.
pub fn for_each(conn: &Connection, mut visit: impl FnMut(&Employee) -> Result<()>) -> Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM employees ORDER BY code");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        visit(&from_row(row)?.employee)?;
    }
    Ok(())
}

/// Employees whose manager code names nobody in the store.
pub fn unknown_managers(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.code, e.manager_code FROM employees e
         WHERE e.manager_code IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM employees m WHERE m.code = e.manager_code)
         ORDER BY e.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every reporting line as (employee row id, manager row id).
pub fn manager_edges(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, m.id FROM employees e JOIN employees m ON m.code = e.manager_code",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn codes_of(conn: &Connection, ids: &[i64]) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT code FROM employees WHERE id = ?1")?;
    ids.iter()
        .map(|id| Ok(stmt.query_row([id], |r| r.get(0))?))
        .collect()
}

/// What an insert of an employee met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Inserted(i64),
    /// A row with that code exists already; nothing was written.
    Exists(i64),
}

/// Prepared statements for writing many employees in one transaction.
pub struct EmployeeWriter<'c> {
    insert: Statement<'c>,
    lookup: Statement<'c>,
    update: Statement<'c>,
}

impl<'c> EmployeeWriter<'c> {
    pub fn new(conn: &'c Connection) -> Result<Self> {
        Ok(EmployeeWriter {
            insert: conn.prepare(
                "INSERT INTO employees (code, first_name, last_name, email, department,
                                        job_title, manager_code, status, search_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (code) DO NOTHING RETURNING id",
            )?,
            lookup: conn.prepare("SELECT id FROM employees WHERE code = ?1")?,
            update: conn.prepare(
                "UPDATE employees SET first_name = ?2, last_name = ?3, email = ?4,
                        department = ?5, job_title = ?6, manager_code = ?7, status = ?8,
                        search_key = ?9, updated_at = unixepoch()
                 WHERE id = ?1
                   AND (first_name, last_name, email, department, job_title, manager_code, status)
                       IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
        })
    }

    /// Inserts the employee unless its code is taken.
    pub fn insert(&mut self, e: &Employee) -> Result<Upsert> {
        let inserted = self
            .insert
            .query_row(
                params![
                    e.code,
                    e.first_name,
                    e.last_name,
                    e.email,
                    e.department,
                    e.job_title,
                    e.manager_code,
                    e.status.as_str(),
                    e.search_key()
                ],
                |r| r.get(0),
            )
            .optional()?;
        match inserted {
            Some(id) => Ok(Upsert::Inserted(id)),
            None => Ok(Upsert::Exists(
                self.lookup.query_row([&e.code], |r| r.get(0))?,
            )),
        }
    }

    /// Replaces every field but the code of row `id`; returns false when nothing differed.
    pub fn update(&mut self, id: i64, e: &Employee) -> Result<bool> {
        let changed = self.update.execute(params![
            id,
            e.first_name,
            e.last_name,
            e.email,
            e.department,
            e.job_title,
            e.manager_code,
            e.status.as_str(),
            e.search_key()
        ])?;
        Ok(changed == 1)
    }
}
