//! The `employees` table: reads, filtered search, and the prepared writer bulk work uses.

use super::db::{Conn, Engine, Param, Row, Value};
use crate::model::{Employee, Status, StoredEmployee};
use anyhow::{Context, Result};

const COLUMNS: &str = "id, code, first_name, last_name, email, department, job_title, \
     manager_code, status, personal_email";

pub(super) fn from_row(row: &Row<'_>) -> Result<StoredEmployee> {
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
            personal_email: row.get(9)?,
        },
    })
}

pub fn find(conn: &Conn, code: &str) -> Result<Option<StoredEmployee>> {
    let sql = format!("SELECT {COLUMNS} FROM employees WHERE code = $1");
    conn.query_opt(&sql, &[&code], from_row)
}

/// The department as the store spells it, matched without case; `None` when nobody is in it.
pub fn by_id(conn: &Conn, id: i64) -> Result<Option<StoredEmployee>> {
    let sql = format!("SELECT {COLUMNS} FROM employees WHERE id = $1");
    conn.query_opt(&sql, &[&id], from_row)
}

pub fn department(conn: &Conn, name: &str) -> Result<Option<String>> {
    conn.query_opt(
        "SELECT department FROM employees WHERE lower(department) = lower($1) LIMIT 1",
        &[&name.trim()],
        |r| r.get(0),
    )
}

/// The employee with this code: exactly, else the one whose code differs only in case (none
/// when several do). Codes are matched this way everywhere a person types one.
pub fn find_code(conn: &Conn, code: &str) -> Result<Option<StoredEmployee>> {
    let code = code.trim();
    if let Some(e) = find(conn, code)? {
        return Ok(Some(e));
    }
    let sql = format!("SELECT {COLUMNS} FROM employees WHERE lower(code) = lower($1) LIMIT 2");
    let mut found = conn.query(&sql, &[&code], from_row)?;
    Ok(if found.len() == 1 { found.pop() } else { None })
}

pub fn count(conn: &Conn) -> Result<u64> {
    conn.value("SELECT count(*) FROM employees", &[])
}

pub fn count_active(conn: &Conn) -> Result<u64> {
    conn.value(
        "SELECT count(*) FROM employees WHERE status = $1",
        &[&Status::Active],
    )
}

/// The highest row id so far: rows a bulk upload adds get higher ones.
pub fn max_id(conn: &Conn) -> Result<i64> {
    conn.value("SELECT coalesce(max(id), 0) FROM employees", &[])
}

/// The manager code of the employee with row id `id`.
pub fn manager_of(conn: &Conn, id: i64) -> Result<Option<String>> {
    conn.value("SELECT manager_code FROM employees WHERE id = $1", &[&id])
}

/// Sets the manager of row `id`; false when it already was `manager`.
pub fn set_manager(conn: &Conn, id: i64, manager: Option<&str>) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE employees SET manager_code = $2, updated_at = unixepoch()
         WHERE id = $1 AND manager_code IS DISTINCT FROM $2",
        &[&id, &manager],
    )? == 1)
}

/// Employees whose full name, folded, equals `folded_name`.
pub fn find_by_full_name(conn: &Conn, folded_name: &str) -> Result<Vec<StoredEmployee>> {
    // The folded full name is the middle field of search_key (see Employee::search_key).
    let sql = format!(
        "SELECT {COLUMNS} FROM employees
         WHERE instr(search_key, CAST($2 AS TEXT) || CAST($1 AS TEXT) || CAST($2 AS TEXT)) > 0
         ORDER BY code"
    );
    conn.query(&sql, &[&folded_name, &"\u{1f}"], from_row)
}

/// The reporting-line index, exactly as migration 0001 creates it.
const MANAGER_INDEX: &str =
    "CREATE INDEX employees_manager ON employees (manager_code) WHERE manager_code IS NOT NULL";

/// Drops the indexes a bulk load into an empty table does better to build afterwards
/// (sorting once beats a million random inserts). On PostgreSQL the unique index on `code`
/// goes too and the rows go in by COPY with ids taken in one block (`EmployeeWriter::bulk`);
/// the table must have been locked by `lock_if_empty`.
pub fn drop_bulk_indexes(conn: &Conn) -> Result<()> {
    conn.batch("DROP INDEX employees_manager")?;
    if conn.engine() == Engine::Postgres {
        conn.batch(
            "DROP INDEX employees_search;
             ALTER TABLE employees DROP CONSTRAINT employees_code_key",
        )?;
    }
    Ok(())
}

/// Whether the table is empty, so that an upload may load it in bulk; on PostgreSQL the
/// table is first locked against other writers until the transaction ends, so it stays so
/// (an `employees add` on another machine waits). SQLite's write transaction already holds
/// every other writer off.
pub fn lock_if_empty(conn: &Conn) -> Result<bool> {
    if conn.engine() == Engine::Postgres {
        conn.batch("LOCK TABLE employees IN EXCLUSIVE MODE")?;
    }
    Ok(max_id(conn)? == 0)
}

/// A row of a bulk load whose code an earlier row of the same load already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub id: i64,
    /// The row that came first with the code.
    pub first: i64,
    pub code: String,
}

/// PostgreSQL, after a bulk load: puts the unique index on `code` back. Rows that repeat an
/// earlier row's code are removed first (as an upload that checks row by row never adds
/// them) and returned, to be reported with their lines. Nothing to do on SQLite, whose unique
/// index stays in place and refuses each repeat as it comes.
pub fn restore_unique_code(conn: &Conn) -> Result<Vec<Repeat>> {
    if conn.engine() != Engine::Postgres {
        return Ok(Vec::new());
    }
    const UNIQUE: &str = "ALTER TABLE employees ADD CONSTRAINT employees_code_key UNIQUE (code)";
    // The usual case, a file without repeats, costs only the index build.
    conn.batch("SAVEPOINT unique_code")?;
    if conn.batch(UNIQUE).is_ok() {
        conn.batch("RELEASE SAVEPOINT unique_code")?;
        return Ok(Vec::new());
    }
    conn.batch("ROLLBACK TO SAVEPOINT unique_code; RELEASE SAVEPOINT unique_code")?;
    let repeats = conn.query(
        "SELECT id, first, code FROM (
             SELECT id, code, min(id) OVER (PARTITION BY code) AS first FROM employees) r
         WHERE id <> first ORDER BY id",
        &[],
        |r| {
            Ok(Repeat {
                id: r.get(0)?,
                first: r.get(1)?,
                code: r.get(2)?,
            })
        },
    )?;
    conn.execute(
        "DELETE FROM employees WHERE id IN (
             SELECT id FROM (SELECT id, min(id) OVER (PARTITION BY code) AS first
                             FROM employees) r
             WHERE id <> first)",
        &[],
    )?;
    conn.batch(UNIQUE)?;
    Ok(repeats)
}

/// The trigram index on PostgreSQL, exactly as migrations/postgres/0001 creates it.
const PG_SEARCH_INDEX: &str =
    "CREATE INDEX employees_search ON employees USING gin (search_key gin_trgm_ops)";

/// Builds what `drop_bulk_indexes` dropped. On PostgreSQL the table's statistics are taken
/// too: the planner knows nothing of a million rows just loaded until autovacuum gets to
/// them: a 50-row search for "muller" over 1M rows took 17–24 ms without them and 1.1–3.6 ms
/// with them (EXPLAIN ANALYZE, three runs each; BENCHMARKS.md).
pub fn create_bulk_indexes(conn: &Conn) -> Result<()> {
    conn.batch(MANAGER_INDEX)?;
    if conn.engine() == Engine::Postgres {
        conn.batch(PG_SEARCH_INDEX)?;
        conn.batch("ANALYZE employees")?;
    }
    Ok(())
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
    /// Employees whose active password breaks this policy (judged from its stored facts).
    pub non_compliant: Option<crate::model::PasswordPolicy>,
    /// Employees whose active password's validity ended at or before this time.
    pub expired_at: Option<i64>,
    /// Employees whose active password has this many failed sign-ins or more (locked).
    pub locked_at: Option<u32>,
    /// Employees whose work address is this one, case aside (with `text` set to it, the
    /// trigram index narrows the rows this is checked on).
    pub email: Option<String>,
    /// Only employees in an operator's scope (`None`: everyone).
    pub scope: Option<crate::access::Scope>,
    pub limit: Option<u64>,
}

/// `text` as a GLOB pattern that matches only itself.
fn glob_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '*' | '?' | '[' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

/// The FTS5 trigram index answers substrings of three characters or more.
const TRIGRAM: usize = 3;

pub fn search(conn: &Conn, filter: &EmployeeFilter) -> Result<Vec<StoredEmployee>> {
    let mut query = Query::default();
    let mut prelude = "";
    let mut indexed = false;

    if let Some(manager) = &filter.manager {
        let p = query.bind(manager.clone());
        if filter.recursive {
            prelude = "WITH RECURSIVE reports (code) AS (
                 SELECT code FROM employees WHERE manager_code = $1
                 UNION SELECT e.code FROM employees e JOIN reports r ON e.manager_code = r.code)\n";
            query
                .conditions
                .push("e.code IN (SELECT code FROM reports)".into());
        } else {
            query.conditions.push(format!("e.manager_code = {p}"));
        }
    }
    if let Some(text) = &filter.text {
        let folded = crate::model::fold(text);
        if folded.chars().count() >= TRIGRAM {
            // The trigram index answers GLOB on SQLite (FTS5's, case-sensitive: keys and
            // text are folded alike) and LIKE on PostgreSQL (pg_trgm's GIN). A `%` or `_` the
            // admin typed acts as a wildcard in LIKE, so the exact instr() below has the last
            // word; GLOB's own wildcards are escaped as one-character classes.
            match conn.engine() {
                Engine::Sqlite => {
                    let p = query.bind(format!("*{}*", glob_literal(&folded)));
                    query.conditions.push(format!("s.search_key GLOB {p}"));
                    indexed = true;
                }
                Engine::Postgres => {
                    let p = query.bind(format!("%{folded}%"));
                    query.conditions.push(format!("e.search_key LIKE {p}"));
                }
            }
        }
        if !folded.is_empty() {
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
            .push(format!("lower(e.department) = lower({p})"));
    }
    if let Some(scope) = &filter.scope
        && let Some(condition) = scope.condition("e", |value| query.bind(value))
    {
        query.conditions.push(condition);
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

    if let Some(policy) = &filter.non_compliant {
        // The same rules as PasswordPolicy::judge, over the facts stored with each password.
        let min = query.bind_int(i64::from(policy.min_length));
        let max = query.bind_int(i64::from(policy.max_length));
        let classes: Vec<String> = [
            (policy.require_upper, "has_upper"),
            (policy.require_lower, "has_lower"),
            (policy.require_digit, "has_digit"),
            (policy.require_symbol, "has_symbol"),
        ]
        .iter()
        .filter(|(required, _)| *required)
        .map(|(_, column)| format!(" OR NOT c.{column}"))
        .collect();
        query.conditions.push(format!(
            "EXISTS (SELECT 1 FROM credentials c WHERE c.employee_id = e.id AND c.state = 'active'
                     AND (c.length < {min} OR c.length > {max}{}))",
            classes.concat()
        ));
    }
    if let Some(now) = filter.expired_at {
        let p = query.bind_int(now);
        query.conditions.push(format!(
            "EXISTS (SELECT 1 FROM credentials c WHERE c.employee_id = e.id AND c.state = 'active'
                     AND c.expires_at IS NOT NULL AND c.expires_at <= {p})"
        ));
    }
    if let Some(threshold) = filter.locked_at {
        let p = query.bind_int(i64::from(threshold));
        query.conditions.push(format!(
            "EXISTS (SELECT 1 FROM credentials c WHERE c.employee_id = e.id AND c.state = 'active'
                     AND c.failed_attempts >= {p})"
        ));
    }
    if let Some(email) = &filter.email {
        let p = query.bind(email.trim().to_owned());
        query
            .conditions
            .push(format!("lower(e.email) = lower({p})"));
    }
    // Matches are taken in the order they were added (the index's own order, so a LIMIT
    // stops the index scan early instead of collecting every match to sort), then shown
    // in code order.
    let (from, added_order) = if indexed {
        (
            "employee_search s JOIN employees e ON e.id = s.rowid",
            "s.rowid",
        )
    } else {
        ("employees e", "e.id")
    };
    let mut inner = format!("SELECT {COLUMNS_E} FROM {from}");
    if !query.conditions.is_empty() {
        inner.push_str(" WHERE ");
        inner.push_str(&query.conditions.join(" AND "));
    }
    if let Some(limit) = filter.limit {
        match conn.engine() {
            Engine::Sqlite => inner.push_str(&format!(" ORDER BY {added_order} LIMIT {limit}")),
            // PostgreSQL's trigram index answers through a bitmap: ordering its matches by id
            // first would read every match (114 ms for a common surname at 1M rows); taking
            // them in table order, which is the order they were added in, stops at the limit
            // (9 ms).
            Engine::Postgres => inner.push_str(&format!(" LIMIT {limit}")),
        }
    }
    let sql = format!("{prelude}SELECT * FROM ({inner}) AS found ORDER BY code");
    let params: Vec<&dyn Param> = query.args.iter().map(|a| a as &dyn Param).collect();
    conn.query(&sql, &params, from_row)
}

/// A bound value of a search.
enum Arg {
    Text(String),
    Int(i64),
}

impl Param for Arg {
    fn value(&self) -> super::db::Value<'_> {
        match self {
            Arg::Text(s) => s.value(),
            Arg::Int(i) => i.value(),
        }
    }
}

/// SQL conditions with their numbered parameters.
#[derive(Default)]
struct Query {
    conditions: Vec<String>,
    args: Vec<Arg>,
}

impl Query {
    /// Adds a parameter and returns its placeholder.
    fn bind(&mut self, value: String) -> String {
        self.args.push(Arg::Text(value));
        format!("${}", self.args.len())
    }

    fn bind_int(&mut self, value: i64) -> String {
        self.args.push(Arg::Int(value));
        format!("${}", self.args.len())
    }
}

/// The same columns, qualified for queries that join `employees e`.
pub(super) const COLUMNS_E: &str = "e.id, e.code, e.first_name, e.last_name, e.email, \
    e.department, e.job_title, e.manager_code, e.status, e.personal_email";

/// Calls `visit` with every employee in code order, without holding them all in memory.
pub fn for_each(conn: &Conn, mut visit: impl FnMut(&Employee) -> Result<()>) -> Result<()> {
    for_each_in(conn, None, |e| visit(e))
}

/// `for_each`, only over the employees in `scope` (`None`: everyone).
pub fn for_each_in(
    conn: &Conn,
    scope: Option<&crate::access::Scope>,
    mut visit: impl FnMut(&Employee) -> Result<()>,
) -> Result<()> {
    let (condition, values) = scope
        .and_then(|s| s.numbered("e", 1))
        .map_or((None, Vec::new()), |(c, v)| (Some(c), v));
    let sql = format!(
        "SELECT {COLUMNS} FROM employees e{} ORDER BY code",
        condition.map(|c| format!(" WHERE {c}")).unwrap_or_default()
    );
    let params = super::db::params_of(&values);
    conn.each(&sql, &params, |row| visit(&from_row(row)?.employee))
}

/// Reads every reporting line in one pass: `edge(employee id, manager id)` for each line,
/// `unknown(employee id, manager code)` where the manager code names nobody.
pub fn reporting_lines(
    conn: &Conn,
    mut edge: impl FnMut(i64, i64),
    mut unknown: impl FnMut(i64, String),
) -> Result<()> {
    conn.each(
        "SELECT e.id, e.manager_code, m.id FROM employees e
         LEFT JOIN employees m ON m.code = e.manager_code
         WHERE e.manager_code IS NOT NULL",
        &[],
        |row| {
            match row.get::<Option<i64>>(2)? {
                Some(manager) => edge(row.get(0)?, manager),
                None => unknown(row.get(0)?, row.get(1)?),
            }
            Ok(())
        },
    )
}

pub fn codes_of(conn: &Conn, ids: &[i64]) -> Result<Vec<String>> {
    ids.iter()
        .map(|id| conn.value("SELECT code FROM employees WHERE id = $1", &[id]))
        .collect()
}

/// What an insert of an employee met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Inserted(i64),
    /// A row with that code exists already; nothing was written.
    Exists(i64),
}

/// The values of `INSERT`'s nine columns, in its order.
// A `&String`: a `&dyn Param` needs a sized value behind it.
#[allow(clippy::ptr_arg)]
fn insert_params<'a>(e: &'a Employee, key: &'a String) -> [&'a dyn Param; 10] {
    [
        &e.code,
        &e.first_name,
        &e.last_name,
        &e.email,
        &e.department,
        &e.job_title,
        &e.manager_code,
        &e.status,
        key,
        &e.personal_email,
    ]
}

/// FTS5's term buffer while an upload fills the search index (1 MiB by default): a sixteenth
/// as many segments flushed (BENCHMARKS.md).
pub(super) const BULK_HASHSIZE: u32 = 16 * 1024 * 1024;

/// Writes employees within one transaction and keeps the search index in step. On SQLite the
/// FTS5 index is brought up to date in bulk by `finish`, which must be called before the
/// transaction commits; PostgreSQL's GIN index keeps itself up to date.
pub struct EmployeeWriter<'c> {
    conn: &'c Conn,
    /// SQLite's INSERT, prepared once for the writer's life (an upload runs it a million
    /// times; the statement cache would hash its text for each).
    sqlite_insert: Option<rusqlite::Statement<'c>>,
    /// Rows with a higher id were added by this writer.
    max_id_before: i64,
    /// PostgreSQL bulk load (`bulk`): the first id it took, and the id the next row gets.
    bulk: Option<(i64, i64)>,
    /// SQLite, a first load: the trigram index being built beside the rows.
    search: Option<super::search_build::SearchBuild>,
}

/// The columns `insert_params` gives values for, in its order.
const INSERT_COLUMNS: &str = "code, first_name, last_name, email, department, job_title, \
     manager_code, status, search_key, personal_email";

const INSERT: &str = "INSERT INTO employees (code, first_name, last_name, email, department,
                                job_title, manager_code, status, search_key, personal_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (code) DO NOTHING";

impl<'c> EmployeeWriter<'c> {
    pub fn new(conn: &'c Conn) -> Result<Self> {
        match conn.engine() {
            Engine::Sqlite => conn.batch(
                "CREATE TEMP TABLE IF NOT EXISTS search_stale (id INTEGER PRIMARY KEY, old_key TEXT NOT NULL)",
            )?,
            // Where `insert_batch` copies each batch to; gone with the transaction.
            Engine::Postgres => conn.batch(&format!(
                "CREATE TEMP TABLE IF NOT EXISTS import_batch ON COMMIT DROP AS
                     SELECT 0::bigint AS ord, {INSERT_COLUMNS} FROM employees WITH NO DATA"
            ))?,
        }
        Ok(EmployeeWriter {
            conn,
            sqlite_insert: None,
            max_id_before: max_id(conn)?,
            bulk: None,
            search: None,
        })
    }

    /// A writer for a bulk load into the empty table after `drop_bulk_indexes`: on
    /// PostgreSQL the rows go straight into the table by COPY (`copy_all`, or a COPY a batch),
    /// with ids that follow on from the identity's next value (the table is locked, so nobody
    /// else takes one), and repeats of a code are found afterwards (`restore_unique_code`). On SQLite, with
    /// `index_beside`, the rows' trigram index is built on a thread of its own while they go
    /// in (`search_build`); an upload that will not commit (a dry run) passes false.
    pub fn bulk(conn: &'c Conn, index_beside: bool) -> Result<Self> {
        let mut writer = EmployeeWriter::new(conn)?;
        match conn.engine() {
            Engine::Postgres => {
                let next: i64 = conn.value(
                    "SELECT nextval(pg_get_serial_sequence('employees', 'id'))",
                    &[],
                )?;
                writer.bulk = Some((next, next));
            }
            Engine::Sqlite if index_beside => {
                writer.search = Some(super::search_build::SearchBuild::start()?);
            }
            Engine::Sqlite => {}
        }
        Ok(writer)
    }

    /// COPY of a batch straight into the table, ids in file order.
    fn copy_batch(&mut self, batch: &[&Employee], keys: &[String]) -> Result<Vec<Upsert>> {
        let (first, next) = self.bulk.expect("a bulk writer");
        self.conn.copy_in(
            "employees",
            &["id", INSERT_COLUMNS],
            batch.iter().zip(keys).enumerate().map(|(i, (e, key))| {
                let mut row = vec![Value::Int(next + i as i64)];
                row.extend(insert_params(e, key).into_iter().map(|p| p.value()));
                row
            }),
        )?;
        let after = next + batch.len() as i64;
        self.bulk = Some((first, after));
        Ok((next..after).map(Upsert::Inserted).collect())
    }

    /// PostgreSQL, a bulk writer: whether `copy_all` may take the whole load.
    pub fn copies_in_one(&self) -> bool {
        self.bulk.is_some()
    }

    /// PostgreSQL, a bulk writer: the whole load in one COPY. `feed` is given a function
    /// that writes one employee with its search key and returns the row's id; it must not
    /// use the connection while it runs.
    pub fn copy_all(
        &mut self,
        feed: impl FnOnce(&mut dyn FnMut(&Employee, &String) -> Result<i64>) -> Result<()>,
    ) -> Result<()> {
        let (first, mut next) = self.bulk.context("a bulk writer")?;
        let result = self
            .conn
            .copy_in_with("employees", &["id", INSERT_COLUMNS], |write| {
                feed(&mut |e, key| {
                    let mut row = vec![Value::Int(next)];
                    row.extend(insert_params(e, key).into_iter().map(|p| p.value()));
                    write(&row)?;
                    next += 1;
                    Ok(next - 1)
                })
            });
        self.bulk = Some((first, next));
        result.map(drop)
    }

    /// Inserts the employee unless its code is taken.
    pub fn insert(&mut self, e: &Employee) -> Result<Upsert> {
        let key = e.search_key();
        self.insert_keyed(e, &key)
    }

    /// `insert`, with the search key already made (`Employee::search_key`).
    fn insert_keyed(&mut self, e: &Employee, key: &String) -> Result<Upsert> {
        let inserted = match self.conn {
            // Plain execute and last_insert_rowid: RETURNING would open a scratch table per
            // row.
            Conn::Sqlite(sqlite) => {
                let statement = match &mut self.sqlite_insert {
                    Some(statement) => statement,
                    None => self
                        .sqlite_insert
                        .insert(sqlite.prepare(&super::db::sqlite_sql(INSERT))?),
                };
                let added = statement.execute(rusqlite::params![
                    e.code,
                    e.first_name,
                    e.last_name,
                    e.email,
                    e.department,
                    e.job_title,
                    e.manager_code,
                    e.status.as_str(),
                    key,
                    e.personal_email,
                ])?;
                (added == 1).then(|| sqlite.last_insert_rowid())
            }
            Conn::Postgres(_) => self.conn.query_opt(
                &format!("{INSERT} RETURNING id"),
                &insert_params(e, key),
                |r| r.get(0),
            )?,
        };
        Ok(match inserted {
            Some(id) => Upsert::Inserted(id),
            None => Upsert::Exists(
                self.conn
                    .value("SELECT id FROM employees WHERE code = $1", &[&e.code])?,
            ),
        })
    }

    /// Inserts each employee unless its code is taken (by the store or an earlier one of the
    /// batch), in order. On PostgreSQL one statement a batch (a round trip a row would cost
    /// ten times the rest of an upload); on SQLite, in-process, row by row.
    /// `keys` are the employees' search keys (`Employee::search_key`), made by the caller so
    /// that an upload makes them on its reading thread.
    pub fn insert_batch(&mut self, batch: &[&Employee], keys: Vec<String>) -> Result<Vec<Upsert>> {
        anyhow::ensure!(batch.len() == keys.len(), "a search key for each employee");
        if self.conn.engine() == Engine::Sqlite || batch.is_empty() {
            let upserts = batch
                .iter()
                .zip(&keys)
                .map(|(e, key)| self.insert_keyed(e, key))
                .collect::<Result<Vec<_>>>()?;
            if let Some(search) = &mut self.search {
                let inserted = upserts
                    .iter()
                    .zip(keys)
                    .filter_map(|(upsert, key)| match upsert {
                        Upsert::Inserted(id) => Some((*id, key)),
                        Upsert::Exists(_) => None,
                    });
                search.add(inserted.collect())?;
            }
            return Ok(upserts);
        }
        let keys = &keys[..];
        if self.bulk.is_some() {
            return self.copy_batch(batch, keys);
        }
        // The batch goes in with COPY (one round trip, no statement of nine thousand
        // parameters to parse), then into the table in file order.
        self.conn.batch("TRUNCATE import_batch")?;
        self.conn.copy_in(
            "import_batch",
            &["ord", INSERT_COLUMNS],
            batch.iter().zip(keys).enumerate().map(|(i, (e, key))| {
                let mut row = vec![Value::Int(i as i64)];
                row.extend(insert_params(e, key).into_iter().map(|p| p.value()));
                row
            }),
        )?;
        let inserted: std::collections::HashMap<String, i64> = self
            .conn
            .query(
                &format!(
                    "INSERT INTO employees ({INSERT_COLUMNS})
                     SELECT {INSERT_COLUMNS} FROM import_batch ORDER BY ord
                     ON CONFLICT (code) DO NOTHING RETURNING id, code"
                ),
                &[],
                |r| Ok((r.get(1)?, r.get(0)?)),
            )?
            .into_iter()
            .collect();
        // Codes that were there before: their ids, in one query.
        let taken: Vec<&String> = batch
            .iter()
            .map(|e| &e.code)
            .filter(|c| !inserted.contains_key(*c))
            .collect();
        let mut existing = std::collections::HashMap::new();
        if !taken.is_empty() {
            let list: Vec<String> = (1..=taken.len()).map(|i| format!("${i}")).collect();
            let params: Vec<&dyn Param> = taken.iter().map(|c| *c as &dyn Param).collect();
            existing = self
                .conn
                .query(
                    &format!(
                        "SELECT code, id FROM employees WHERE code IN ({})",
                        list.join(", ")
                    ),
                    &params,
                    |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
                )?
                .into_iter()
                .collect();
        }
        let mut seen = std::collections::HashSet::new();
        batch
            .iter()
            .map(|e| match inserted.get(&e.code) {
                // The first of the batch with that code is the one inserted.
                Some(&id) if seen.insert(e.code.clone()) => Ok(Upsert::Inserted(id)),
                Some(&id) => Ok(Upsert::Exists(id)),
                None => existing
                    .get(&e.code)
                    .map(|&id| Upsert::Exists(id))
                    .ok_or_else(|| {
                        anyhow::anyhow!("employee {} neither inserted nor found", e.code)
                    }),
            })
            .collect()
    }

    /// Replaces every field but the code of row `id`; returns false when nothing differed.
    pub fn update(&mut self, id: i64, e: &Employee) -> Result<bool> {
        let search_key = e.search_key();
        // The FTS5 entry of a row that existed before must be removed with the key it was
        // indexed under, so keep that before it is overwritten.
        if id <= self.max_id_before && self.conn.engine() == Engine::Sqlite {
            self.conn.execute(
                "INSERT INTO search_stale (id, old_key)
                 SELECT id, search_key FROM employees WHERE id = $1
                 ON CONFLICT (id) DO NOTHING",
                &[&id],
            )?;
        }
        let changed = self.conn.execute(
            "UPDATE employees SET first_name = $2, last_name = $3, email = $4,
                    department = $5, job_title = $6, manager_code = $7, status = $8,
                    search_key = $9, personal_email = $10, updated_at = unixepoch()
             WHERE id = $1
               AND (first_name, last_name, email, department, job_title, manager_code, status,
                    personal_email)
                   IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8, $10)",
            &[
                &id,
                &e.first_name,
                &e.last_name,
                &e.email,
                &e.department,
                &e.job_title,
                &e.manager_code,
                &e.status,
                &search_key,
                &e.personal_email,
            ],
        )?;
        Ok(changed == 1)
    }

    /// Brings the search index up to date with everything this writer wrote: one statement
    /// for the removed entries and one for the added ones (SQLite's FTS5; nothing to do on
    /// PostgreSQL).
    pub fn finish(mut self) -> Result<()> {
        if let (Some(search), Some(sqlite)) = (self.search.take(), self.conn.sqlite()) {
            // A first load: every row it wrote is in the index built beside them.
            search.finish(sqlite)?;
            return self.conn.batch("DROP TABLE temp.search_stale");
        }
        if self.conn.engine() != Engine::Sqlite {
            // The identity goes on after the ids a bulk load gave itself.
            if let Some((first, next)) = self.bulk
                && next > first
            {
                self.conn.execute(
                    "SELECT setval(pg_get_serial_sequence('employees', 'id'), $1)",
                    &[&(next - 1)],
                )?;
            }
            return Ok(());
        }
        // Merging index segments is left to later, smaller writes: during a bulk load it more
        // than doubles the time, and queries over the unmerged segments were no slower. A
        // 16 MiB term buffer (1 MiB by default) flushes a sixteenth as many segments: 1M rows
        // indexed in 6.2 s instead of 7.2 s, 13 MiB more at the peak (BENCHMARKS.md).
        self.conn.batch(&format!(
            "INSERT INTO employee_search (employee_search, rank) VALUES ('automerge', 0);
             INSERT INTO employee_search (employee_search, rank) VALUES ('hashsize', {BULK_HASHSIZE});
             INSERT INTO employee_search (employee_search, rowid, search_key)
                 SELECT 'delete', id, old_key FROM temp.search_stale;
             INSERT INTO employee_search (rowid, search_key)
                 SELECT id, search_key FROM employees WHERE id > {max}
                 UNION ALL
                 SELECT e.id, e.search_key FROM temp.search_stale s JOIN employees e ON e.id = s.id;
             INSERT INTO employee_search (employee_search, rank) VALUES ('automerge', 4);
             INSERT INTO employee_search (employee_search, rank) VALUES ('hashsize', 1048576);
             DROP TABLE temp.search_stale;",
            max = self.max_id_before
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bulk_index_matches_the_migration() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let sql: String = store
            .conn()
            .value(
                "SELECT sql FROM sqlite_master WHERE name = 'employees_manager'",
                &[],
            )
            .unwrap();
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squash(&sql), squash(MANAGER_INDEX));
        drop_bulk_indexes(store.conn()).unwrap();
        create_bulk_indexes(store.conn()).unwrap();
    }

    /// Search's GLOB is answered by the trigram index (a case-sensitive one answers GLOB and
    /// not LIKE), not by reading every row.
    #[test]
    fn substring_search_goes_through_the_trigram_index() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .conn()
            .query(
                "EXPLAIN QUERY PLAN SELECT s.rowid FROM employee_search s
                 WHERE s.search_key GLOB $1",
                &[&format!("*{}*", glob_literal("ab*c"))],
                |r| r.get(3),
            )
            .unwrap();
        let plan = plan.join("\n");
        // FTS5 names the constraints it takes: G for GLOB (L would be LIKE).
        assert!(
            plan.contains("VIRTUAL TABLE INDEX") && plan.contains('G'),
            "{plan}"
        );
        assert_eq!(glob_literal("a*b?c[d"), "a[*]b[?]c[[]d");
    }

    fn person(n: usize) -> Employee {
        let names = ["Müller", "Lefèvre", "Nørgaard", "Smith", "Øster"];
        Employee {
            code: format!("E{n:06}"),
            first_name: format!("Ana{}", n % 7),
            last_name: names[n % names.len()].to_owned(),
            email: format!("ana.{n}@example.com"),
            department: String::new(),
            job_title: String::new(),
            manager_code: None,
            status: crate::model::Status::Active,
            personal_email: None,
        }
    }

    fn index_check(conn: &Conn) {
        // FTS5's own check, rank 1: the index against the rows of its content table.
        conn.batch(
            "INSERT INTO employee_search (employee_search, rank) VALUES ('integrity-check', 1)",
        )
        .expect("the search index matches the table");
    }

    /// The rows whose key has `text`, by the index and by reading the table.
    fn found(conn: &Conn, text: &str) -> (Vec<i64>, Vec<i64>) {
        let pattern = format!("*{}*", glob_literal(text));
        let ids = |sql: &str| conn.query(sql, &[&pattern], |r| r.get(0)).unwrap();
        (
            ids("SELECT rowid FROM employee_search WHERE search_key GLOB $1 ORDER BY rowid"),
            ids("SELECT id FROM employees WHERE search_key GLOB $1 ORDER BY id"),
        )
    }

    /// A first load's index, built on its own thread and copied in, is the index FTS5 would
    /// have built, and the same connection goes on writing to it correctly afterwards.
    #[test]
    fn an_index_built_beside_a_first_load_is_the_same_index() {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        // The connection has read the (empty) index before: what FTS5 cached of it then must
        // not outlive the copy.
        assert_eq!(found(store.conn(), "muller"), (vec![], vec![]));
        let tx = store.write().unwrap();
        assert!(lock_if_empty(&tx).unwrap());
        drop_bulk_indexes(&tx).unwrap();
        let mut writer = EmployeeWriter::bulk(&tx, true).unwrap();
        // Enough rows for the 16 MiB term buffer to be flushed more than once would take far
        // more; several batches and a repeat the unique index refuses are what matter here.
        let people: Vec<Employee> = (0..5_000).map(person).collect();
        for chunk in people.chunks(1_000) {
            let batch: Vec<&Employee> = chunk.iter().collect();
            let keys = chunk.iter().map(Employee::search_key).collect();
            let upserts = writer.insert_batch(&batch, keys).unwrap();
            assert!(upserts.iter().all(|u| matches!(u, Upsert::Inserted(_))));
        }
        let repeat = person(3);
        let upserts = writer
            .insert_batch(&[&repeat], vec![repeat.search_key()])
            .unwrap();
        assert!(matches!(upserts[..], [Upsert::Exists(_)]), "{upserts:?}");
        create_bulk_indexes(&tx).unwrap();
        writer.finish().unwrap();
        index_check(&tx);
        for text in ["muller", "ana3", "e00001", "na.49@ex", "zzz"] {
            let (by_index, by_rows) = found(&tx, text);
            assert_eq!(by_index, by_rows, "{text}");
        }
        assert_eq!(found(&tx, "lefevre").0.len(), 1_000);

        // Later writes in the same transaction and connection: one added, one changed.
        let mut writer = EmployeeWriter::new(&tx).unwrap();
        let mut newcomer = person(9_999);
        newcomer.last_name = "Quokka".into();
        let added = writer.insert(&newcomer).unwrap();
        let mut moved = person(10);
        moved.last_name = "Wombat".into();
        assert!(writer.update(11, &moved).unwrap());
        writer.finish().unwrap();
        index_check(&tx);
        assert_eq!(
            found(&tx, "quokka").0,
            vec![match added {
                Upsert::Inserted(id) => id,
                Upsert::Exists(_) => panic!("E009999 was not there"),
            }]
        );
        assert_eq!(found(&tx, "wombat").0, vec![11]);
        tx.commit().unwrap();
        index_check(store.conn());
    }

    /// A load that stops without `finish` (an error, a dry run) ends the building thread and
    /// leaves the store's index as it was.
    #[test]
    fn an_abandoned_first_load_leaves_the_index_empty() {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        {
            let tx = store.write().unwrap();
            let mut writer = EmployeeWriter::bulk(&tx, true).unwrap();
            let people: Vec<Employee> = (0..2_000).map(person).collect();
            let batch: Vec<&Employee> = people.iter().collect();
            let keys = people.iter().map(Employee::search_key).collect();
            writer.insert_batch(&batch, keys).unwrap();
            drop(writer);
        }
        let rows: i64 = store
            .conn()
            .value("SELECT count(*) FROM employees", &[])
            .unwrap();
        assert_eq!(rows, 0);
        index_check(store.conn());
        assert!(found(store.conn(), "muller").0.is_empty());
    }
}
