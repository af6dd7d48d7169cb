//! One connection type for both engines: SQL written once, with `$1`-style placeholders and
//! the functions both engines have (`unixepoch()` is defined on PostgreSQL by migration
//! 0001), run on SQLite (rusqlite) or PostgreSQL (postgres). Where the engines really differ
//! (search, bulk loading, schema facts) a store function matches on `engine()`.
//!
//! Values cross in a small set of types: integers (`i64`), booleans, text and bytes, each
//! converted to what the column is on either side (an `INTEGER` flag on SQLite, a `BOOLEAN`
//! on PostgreSQL; `INT4` or `INT8` alike).

use anyhow::{Result, anyhow};
use bytes::BytesMut;
use hashlink::LruCache;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use std::cell::RefCell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A connection on either engine.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<PgConn>>),
}

/// A PostgreSQL client with its prepared statements: each prepared once per connection,
/// the `STATEMENT_CACHE` used last kept, as rusqlite keeps SQLite's. A search's SQL is
/// written for its filters and terms, so a long-lived connection (a portal's) would
/// otherwise keep every one it ever ran, here and on the server; a statement pushed out is
/// closed on the server.
pub struct PgConn {
    pub client: postgres::Client,
    statements: LruCache<String, postgres::Statement>,
}

impl PgConn {
    pub fn new(client: postgres::Client) -> PgConn {
        PgConn {
            client,
            statements: LruCache::new(super::STATEMENT_CACHE),
        }
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql).map_err(|e| {
            let shown: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            let shown: String = shown.chars().take(160).collect();
            pg_error(e).context(format!("preparing `{shown}`"))
        })?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

/// One value bound to a placeholder.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Bool(bool),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be bound to a placeholder.
/// Values as the parameters of a statement.
pub fn params_of<T: Param>(values: &[T]) -> Vec<&dyn Param> {
    values.iter().map(|v| v as &dyn Param).collect()
}

pub trait Param {
    fn value(&self) -> Value<'_>;
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_param!(i64, i32, u32, u64, usize, u8, u16, i16);

impl Param for bool {
    fn value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Param for crate::model::Status {
    fn value(&self) -> Value<'_> {
        Value::Text(self.as_str())
    }
}

impl Param for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl Param for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(v) => v.value(),
            None => Value::Null,
        }
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Bool(b) => ValueRef::Integer(i64::from(b)),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let int = |i: i64,
                   out: &mut BytesMut|
         -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
            match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                _ => Err(format!("an integer cannot go into a {ty} column").into()),
            }
        };
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => int(i, out),
            Value::Bool(b) if *ty == Type::BOOL => b.to_sql(ty, out),
            Value::Bool(b) => int(i64::from(b), out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A row of a result, on either engine.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// How many columns the row has.
    pub fn len(&self) -> usize {
        match self {
            Row::Sqlite(row) => row.as_ref().column_count(),
            Row::Postgres(row) => row.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Column `index` as text whatever its type, for tests and diagnostics: `NULL`, numbers,
    /// text, booleans, and bytes as hex.
    pub fn shown(&self, index: usize) -> String {
        match self {
            Row::Sqlite(row) => match row.get_ref(index) {
                Ok(rusqlite::types::ValueRef::Null) => "NULL".into(),
                Ok(rusqlite::types::ValueRef::Integer(i)) => i.to_string(),
                Ok(rusqlite::types::ValueRef::Real(f)) => f.to_string(),
                Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
                Ok(rusqlite::types::ValueRef::Blob(b)) => hex(b),
                Err(e) => format!("<{e}>"),
            },
            Row::Postgres(row) => {
                if let Ok(None) = row.try_get::<_, Option<Raw>>(index) {
                    return "NULL".into();
                }
                if let Ok(Some(i)) = pg_int(row, index).map_err(drop) {
                    return i.to_string();
                }
                if let Ok(t) = row.try_get::<_, String>(index) {
                    return t;
                }
                if let Ok(b) = row.try_get::<_, Vec<u8>>(index) {
                    return hex(&b);
                }
                format!("<{}>", row.columns()[index].type_())
            }
        }
    }

    /// Column `index` (0-based) as `T`.
    pub fn get<T: Column>(&self, index: usize) -> Result<T> {
        match self {
            Row::Sqlite(row) => T::from_sqlite(row, index),
            Row::Postgres(row) => T::from_postgres(row, index),
        }
    }
}

/// What a column can be read as.
pub trait Column: Sized {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self>;
    fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self>;
}

/// An integer column of any width (a literal is INT4 on PostgreSQL, `count(*)` INT8).
fn pg_int(row: &postgres::Row, index: usize) -> Result<Option<i64>> {
    if let Ok(v) = row.try_get::<_, Option<i64>>(index) {
        return Ok(v);
    }
    if let Ok(v) = row.try_get::<_, Option<i32>>(index) {
        return Ok(v.map(i64::from));
    }
    if let Ok(v) = row.try_get::<_, Option<i16>>(index) {
        return Ok(v.map(i64::from));
    }
    if let Ok(v) = row.try_get::<_, Option<bool>>(index) {
        return Ok(v.map(i64::from));
    }
    Err(anyhow!(
        "column {index} is {}, not an integer",
        row.columns()[index].type_()
    ))
}

impl Column for i64 {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self> {
        pg_int(row, index)?.ok_or_else(|| anyhow!("column {index} is NULL"))
    }
}

macro_rules! int_column {
    ($($t:ty),*) => {$(
        impl Column for $t {
            fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
                Ok(<$t>::try_from(i64::from_sqlite(row, index)?)?)
            }
            fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self> {
                Ok(<$t>::try_from(i64::from_postgres(row, index)?)?)
            }
        }
    )*};
}
int_column!(i32, u32, u64, usize, u8);

impl Column for bool {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self> {
        Ok(i64::from_postgres(row, index)? != 0)
    }
}

impl Column for String {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self> {
        Ok(row.try_get(index)?)
    }
}

impl Column for Vec<u8> {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        Ok(row.get(index)?)
    }
    fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self> {
        Ok(row.try_get(index)?)
    }
}

impl<T: Column> Column for Option<T> {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        match row.get_ref(index)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            _ => T::from_sqlite(row, index).map(Some),
        }
    }
    fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self> {
        // NULL of any type reads as None.
        if let Ok(None) = row.try_get::<_, Option<Raw>>(index) {
            return Ok(None);
        }
        T::from_postgres(row, index).map(Some)
    }
}

/// Any column, only to ask whether it is NULL.
struct Raw;

impl<'a> postgres::types::FromSql<'a> for Raw {
    fn from_sql(_: &Type, _: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw)
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
thread_local! {
    /// Test builds: the statements SQLite prepared and planned again on this thread, by
    /// their SQL. A statement whose plan depends on a bound value (`state = $2` where a
    /// partial index says `WHERE state = 'active'`; `LIMIT $3`) is marked to be planned
    /// again whenever that value is bound, so the statement cache saves it nothing: it is
    /// parsed and planned on every run.
    static PLANNED_AGAIN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Test builds: what `PLANNED_AGAIN` noted since the last call, each statement once.
#[cfg(test)]
pub fn planned_again() -> Vec<String> {
    let mut noted = PLANNED_AGAIN.with(|noted| noted.take());
    noted.sort();
    noted.dedup();
    noted
}

#[cfg(test)]
fn note_planned_again(statement: &rusqlite::Statement<'_>, sql: &str) {
    if statement.reset_status(rusqlite::StatementStatus::RePrepare) > 0 {
        let shown = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        PLANNED_AGAIN.with(|noted| noted.borrow_mut().push(shown));
    }
}

/// `$1`, `$2` … as SQLite's `?1`, `?2` … (outside quoted text): SQLite numbers `$name`
/// parameters by first appearance, which would bind `$2 … $1` the wrong way round.
pub fn sqlite_sql(sql: &str) -> std::borrow::Cow<'_, str> {
    if !sql.contains('$') {
        return sql.into();
    }
    // Copied a run at a time (this runs for every statement, a million times in an upload).
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' => quoted = !quoted,
            b'$' if !quoted && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                out.push_str(&sql[start..i]);
                out.push('?');
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push_str(&sql[start..]);
    out.into()
}

/// A PostgreSQL error with the server's own message (its `Display` says only "db error").
pub fn pg_error(e: postgres::Error) -> anyhow::Error {
    match e.as_db_error() {
        Some(db) => anyhow!("{} ({})", db.message(), db.code().code()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                text = format!("{text}: {s}");
                source = s.source();
            }
            anyhow!(text)
        }
    }
}

impl Conn {
    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, FTS5).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(conn) => Some(conn),
            Conn::Postgres(_) => None,
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        let values: Vec<Value<'_>> = params.iter().map(|p| p.value()).collect();
        match self {
            Conn::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(&sqlite_sql(sql))?;
                let changed = statement.execute(rusqlite::params_from_iter(values))?;
                #[cfg(test)]
                note_planned_again(&statement, sql);
                Ok(changed)
            }
            Conn::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                let refs: Vec<&(dyn ToSql + Sync)> =
                    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                Ok(pg.client.execute(&statement, &refs).map_err(pg_error)? as usize)
            }
        }
    }

    /// Runs a query and calls `each` with every row, in order, without collecting them.
    pub fn each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let values: Vec<Value<'_>> = params.iter().map(|p| p.value()).collect();
        match self {
            Conn::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(&sqlite_sql(sql))?;
                let mut rows = statement.query(rusqlite::params_from_iter(values))?;
                while let Some(row) = rows.next()? {
                    each(&Row::Sqlite(row))?;
                }
                drop(rows);
                #[cfg(test)]
                note_planned_again(&statement, sql);
                Ok(())
            }
            Conn::Postgres(pg) => {
                use postgres::fallible_iterator::FallibleIterator;
                let mut pg = pg.borrow_mut();
                let statement = pg.statement(sql)?;
                let mut rows = pg
                    .client
                    .query_raw(&statement, values.iter())
                    .map_err(pg_error)?;
                while let Some(row) = rows.next().map_err(pg_error)? {
                    each(&Row::Postgres(&row))?;
                }
                Ok(())
            }
        }
    }

    /// Every row, each turned into a `T` by `read`.
    pub fn query<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut read: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut found = Vec::new();
        self.each(sql, params, |row| {
            found.push(read(row)?);
            Ok(())
        })?;
        Ok(found)
    }

    /// The first row, if there is one.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut read = Some(read);
        let mut found = None;
        self.each(sql, params, |row| {
            if let Some(read) = read.take() {
                found = Some(read(row)?);
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// The first row; an error when there is none.
    pub fn query_one<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        read: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, read)?
            .ok_or_else(|| anyhow!("the query returned no row"))
    }

    /// The first column of the first row.
    pub fn value<T: Column>(&self, sql: &str, params: &[&dyn Param]) -> Result<T> {
        self.query_one(sql, params, |r| r.get(0))
    }

    /// Streams rows into a table with PostgreSQL's binary `COPY … FROM STDIN`: one round
    /// trip for any number of rows, with no statement to parse per row. `columns` are the
    /// table's columns in the order of each row's values; their types are read from the
    /// server. PostgreSQL only: SQLite has no COPY (nor the round trips it saves).
    pub fn copy_in<'v>(
        &self,
        table: &str,
        columns: &[&str],
        rows: impl IntoIterator<Item = Vec<Value<'v>>>,
    ) -> Result<u64> {
        self.copy_in_with(table, columns, |write| {
            rows.into_iter().try_for_each(|row| write(&row))
        })
    }

    /// `copy_in`, the rows pushed by `feed` through the function it is given: one COPY for
    /// as long as `feed` runs, so that the server takes in rows while the caller makes the
    /// next ones (a COPY a batch left each side waiting on the other at every batch's end).
    /// `feed` must not use this connection.
    pub fn copy_in_with(
        &self,
        table: &str,
        columns: &[&str],
        feed: impl FnOnce(&mut dyn FnMut(&[Value<'_>]) -> Result<()>) -> Result<()>,
    ) -> Result<u64> {
        let Conn::Postgres(pg) = self else {
            anyhow::bail!("COPY is PostgreSQL's; SQLite inserts row by row");
        };
        let mut pg = pg.borrow_mut();
        let list = columns.join(", ");
        // The column types, from a statement that reads no row.
        let probe = pg.statement(&format!("SELECT {list} FROM {table} LIMIT 0"))?;
        let types: Vec<Type> = probe.columns().iter().map(|c| c.type_().clone()).collect();
        let sink = pg
            .client
            .copy_in(&format!("COPY {table} ({list}) FROM STDIN (FORMAT binary)"))
            .map_err(pg_error)?;
        let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(sink, &types);
        feed(&mut |row: &[Value<'_>]| {
            let refs: Vec<&(dyn ToSql + Sync)> =
                row.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
            writer.write(&refs).map_err(pg_error)
        })?;
        writer.finish().map_err(pg_error)
    }

    /// Runs statements with no parameters (schema changes, transaction control).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Conn::Postgres(pg) => pg.borrow_mut().client.batch_execute(sql).map_err(pg_error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollar_placeholders_become_numbered_ones_outside_quotes() {
        assert_eq!(
            sqlite_sql("SELECT '$1', $2 WHERE x = $1 AND y = $10"),
            "SELECT '$1', ?2 WHERE x = ?1 AND y = ?10"
        );
    }

    #[test]
    fn values_bind_and_read_back_on_sqlite() {
        let conn = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        conn.batch("CREATE TABLE t (i INTEGER, b INTEGER, s TEXT, x BLOB)")
            .unwrap();
        let (i, s, x) = (7_i64, "zoë", vec![0_u8, 255]);
        conn.execute(
            "INSERT INTO t VALUES ($1, $2, $3, $4)",
            &[&i, &true, &s, &x],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO t VALUES ($1, $2, $3, $4)",
            &[&None::<i64>, &false, &None::<String>, &None::<Vec<u8>>],
        )
        .unwrap();
        let rows = conn
            .query("SELECT i, b, s, x FROM t ORDER BY rowid", &[], |r| {
                Ok((
                    r.get::<Option<i64>>(0)?,
                    r.get::<bool>(1)?,
                    r.get::<Option<String>>(2)?,
                    r.get::<Option<Vec<u8>>>(3)?,
                ))
            })
            .unwrap();
        assert_eq!(
            rows[0],
            (Some(7), true, Some("zoë".into()), Some(vec![0, 255]))
        );
        assert_eq!(rows[1], (None, false, None, None));
        assert_eq!(
            conn.value::<i64>("SELECT count(*) FROM t WHERE i = $1", &[&7])
                .unwrap(),
            1
        );
    }
}
