//! The SQLite store: opening, pragmas, migrations and transactions. Tables get their own files.

pub mod audit;
pub mod credentials;
pub mod employees;
pub mod lifecycle;
pub mod outbox;
pub mod policies;
pub mod selection;
pub mod templates;

pub use employees::{EmployeeFilter, EmployeeWriter, Upsert};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// Numbered migrations, applied in order on open; `PRAGMA user_version` is the count applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_employees.sql"),
    include_str!("migrations/0002_credentials.sql"),
    include_str!("migrations/0003_templates.sql"),
    include_str!("migrations/0004_outbox.sql"),
    include_str!("migrations/0005_delivery_lifecycle.sql"),
];

/// How long a writer waits for another hrpass process to finish its transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Store {
    conn: Connection,
}

/// A write transaction, begun with `BEGIN IMMEDIATE` so writers queue instead of failing late.
pub type Tx<'a> = rusqlite::Transaction<'a>;

impl Store {
    /// Opens an existing store file, bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("cannot open the store {}", path.display()))?;
        Store::prepare(conn).with_context(|| format!("cannot use the store {}", path.display()))
    }

    /// Creates a new store file, private to its owner, and its schema.
    pub fn create(path: &Path) -> Result<Store> {
        crate::paths::create_private_file(path)
            .with_context(|| format!("cannot create the store {}", path.display()))?;
        Store::open(path)
    }

    /// A store that lives in memory only, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Begins a write transaction. Dropping it without `commit` rolls everything back.
    pub fn write(&mut self) -> Result<Tx<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// The connection, for reads; writes go through `write`.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(usize::MAX);
    if applied > MIGRATIONS.len() {
        bail!(
            "the store was written by a newer hrpass (schema {applied}, this one knows {})",
            MIGRATIONS.len()
        );
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)
            .with_context(|| format!("migration {} failed", index + 1))?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_bring_a_new_store_to_the_latest_schema() {
        let store = Store::open_in_memory().unwrap();
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn the_audit_trail_refuses_updates_and_deletes() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.write().unwrap();
        audit::record(&tx, "alice", "test", None, "").unwrap();
        assert!(
            tx.execute("UPDATE audit SET operator = 'mallory'", [])
                .is_err()
        );
        assert!(tx.execute("DELETE FROM audit", []).is_err());
    }
}
