//! The store: every table and every SQL statement of hrpass, on SQLite (the embedded default,
//! a file in the home) or PostgreSQL (shared by several machines). Tables get their own files;
//! the domain calls their functions and knows no database crate.
//!
//! # Two engines, one enum
//! The engines sit behind one connection type, `db::Conn` (an enum of a rusqlite connection
//! and a postgres client), not behind a trait with an implementation per engine (as atuin's
//! server has). The store's SQL is nearly all the same on both: written once with `$n`
//! placeholders (rewritten to `?n` for SQLite), the functions both have (PostgreSQL gets
//! SQLite's `unixepoch()` and `instr()` from migration 0001), `CAST` where PostgreSQL must
//! know a parameter's type. A trait would have doubled every statement of the life cycle,
//! and with it every compare-and-set a race test proves; one copy keeps one proof. Where the
//! engines really differ a function matches on `Conn::engine()`: substring search (FTS5
//! trigrams on SQLite, a pg_trgm GIN index on PostgreSQL), the bulk writer's index upkeep,
//! the upload's staging tables, pragmas and schema facts.
//!
//! # Transactions
//! A write transaction on SQLite is `BEGIN IMMEDIATE`: writers queue, readers go on. On
//! PostgreSQL it takes a transaction-scoped advisory lock (`WRITE_LOCK`) for the same effect,
//! so every compare-and-set of `lifecycle` runs with the guarantees it has on SQLite, and
//! reads run concurrently under MVCC. Work sharing between machines is by leases on outbox
//! rows (`outbox::Lease`), not by the send lock file, which only one machine sees.
//!
//! # Migrations
//! `migrations/sqlite` and `migrations/postgres`, the same numbers, applied on open by
//! hrpass's own runner: on SQLite counted in `PRAGMA user_version`, on PostgreSQL in
//! `hrpass_schema` under an advisory lock, all steps in one transaction, so two machines
//! upgrading at once take turns. A store written by a newer hrpass is refused.

pub mod audit;
pub mod copy;
pub mod credentials;
pub mod db;
pub mod employees;
pub mod factors;
pub mod lifecycle;
pub mod links;
pub mod location;
pub mod mail_logins;
pub mod masquerades;
pub mod meta;
pub mod offboarding;
pub mod operators;
pub mod outbox;
pub mod policies;
pub mod postgres;
mod search_build;
pub mod selection;
pub mod sessions;
pub mod staging;
pub mod templates;

pub use employees::{EmployeeFilter, EmployeeWriter, Upsert};

use anyhow::{Context, Result, bail};
use db::{Conn, Engine};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Numbered migrations, applied in order on open; `PRAGMA user_version` is the count applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_employees.sql"),
    include_str!("../../migrations/sqlite/0002_credentials.sql"),
    include_str!("../../migrations/sqlite/0003_templates.sql"),
    include_str!("../../migrations/sqlite/0004_outbox.sql"),
    include_str!("../../migrations/sqlite/0005_delivery_lifecycle.sql"),
    include_str!("../../migrations/sqlite/0006_meta.sql"),
    include_str!("../../migrations/sqlite/0007_outbox_leases.sql"),
    include_str!("../../migrations/sqlite/0008_personal_email.sql"),
    include_str!("../../migrations/sqlite/0009_messages.sql"),
    include_str!("../../migrations/sqlite/0010_second_factor.sql"),
    include_str!("../../migrations/sqlite/0011_mail_login.sql"),
    include_str!("../../migrations/sqlite/0012_search_index_case_sensitive.sql"),
    include_str!("../../migrations/sqlite/0013_portal_sessions.sql"),
    include_str!("../../migrations/sqlite/0014_activation_links.sql"),
    include_str!("../../migrations/sqlite/0015_operators.sql"),
    include_str!("../../migrations/sqlite/0016_outbox_queued_by.sql"),
    include_str!("../../migrations/sqlite/0017_masquerades.sql"),
    include_str!("../../migrations/sqlite/0018_portal_session_prune.sql"),
];

/// How long a writer waits for another hrpass process to finish its transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Prepared statements a connection keeps, on either engine (rusqlite's default is 16). A
/// portal connection serves every page: a sign-in alone runs 11 distinct statements and a
/// forward-auth check 2 more, so with the account page, a password change or an enrolment
/// on the same connection the default would have them push one another out. Only the
/// statements a connection has run are kept.
pub(crate) const STATEMENT_CACHE: usize = 64;

pub struct Store {
    conn: Conn,
}

/// A write transaction. On SQLite it begins with `BEGIN IMMEDIATE`, so writers queue instead
/// of failing late; on PostgreSQL it takes a transaction-scoped advisory lock for the same
/// effect (see the module doc). Dropped without `commit`, it rolls back.
pub struct Tx<'a> {
    conn: &'a Conn,
    done: bool,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.batch("COMMIT")
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.batch("ROLLBACK");
        }
    }
}

/// The advisory lock every PostgreSQL write transaction holds ("hrpass-w" in ASCII).
pub const WRITE_LOCK: i64 = 0x6872_7061_7373_2d77;

impl Store {
    /// Opens an existing store file, bringing its schema up to date. A file that is not an
    /// SQLite database (empty, truncated, something else) is refused, never taken for a new
    /// store; when SQLite cannot use it, an integrity check says what is wrong.
    pub fn open(path: &Path) -> Result<Store> {
        check_header(path)?;
        Store::open_unchecked(path).map_err(|e| match damage(path) {
            Some(damage) => anyhow::anyhow!(
                "the store {} is damaged ({damage}); restore it from a backup: {e:#}",
                path.display()
            ),
            None => e,
        })
    }

    fn open_unchecked(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("cannot open the store {}", path.display()))?;
        Store::prepare(conn).with_context(|| format!("cannot use the store {}", path.display()))
    }

    /// Creates a new store file, private to its owner, and its schema; on failure (a full
    /// disk) the file is removed again.
    pub fn create(path: &Path) -> Result<Store> {
        crate::paths::create_private_file(path)
            .with_context(|| format!("cannot create the store {}", path.display()))?;
        Store::open_unchecked(path).inspect_err(|_| Store::remove(path))
    }

    /// Removes a store file with its WAL and shared-memory files (a half-made store would
    /// pass for an initialised one).
    pub fn remove(path: &Path) {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }

    /// SQLite's `quick_check`: `None` when the store is sound, else what it found (always
    /// `None` on PostgreSQL, which checks its own pages).
    pub fn integrity(&self) -> Result<Option<String>> {
        match self.conn.sqlite() {
            Some(conn) => Ok(quick_check(conn)?),
            None => Ok(None),
        }
    }

    /// Runs `work` without waiting for a lock: on SQLite a read that finds the database busy
    /// fails at once instead of waiting up to `BUSY_TIMEOUT`. (A PostgreSQL read does not
    /// wait for writers; `work` runs as it is.)
    pub fn without_waiting<T>(&mut self, work: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        if let Some(sqlite) = self.conn.sqlite() {
            sqlite.busy_timeout(Duration::ZERO)?;
        }
        let result = work(&self.conn);
        if let Some(sqlite) = self.conn.sqlite() {
            sqlite.busy_timeout(BUSY_TIMEOUT)?;
        }
        result
    }

    /// A store that lives in memory only, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Every commit syncs the WAL, with fdatasync (.cargo/config.toml).
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Store {
            conn: Conn::Sqlite(conn),
        })
    }

    /// A store on a PostgreSQL connection whose schema is up to date.
    pub fn from_postgres(client: ::postgres::Client) -> Store {
        Store {
            conn: Conn::Postgres(Box::new(std::cell::RefCell::new(db::PgConn::new(client)))),
        }
    }

    /// Begins a write transaction. Dropping it without `commit` rolls everything back.
    pub fn write(&mut self) -> Result<Tx<'_>> {
        match self.conn.engine() {
            Engine::Sqlite => self.conn.batch("BEGIN IMMEDIATE")?,
            Engine::Postgres => self.conn.batch(&format!(
                "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
            ))?,
        }
        Ok(Tx {
            conn: &self.conn,
            done: false,
        })
    }

    /// The connection, for reads; writes go through `write`.
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    pub fn engine(&self) -> Engine {
        self.conn.engine()
    }
}

/// Opens the store a location names: the SQLite file, or the PostgreSQL database (TLS
/// roots: the Web PKI and `ca_file`). The library's way in.
pub fn open_location(location: &location::Location, ca_file: Option<&Path>) -> Result<Store> {
    match location {
        location::Location::Sqlite(path) => Store::open(path),
        location::Location::Postgres(url) => Ok(postgres::open(url, ca_file)?.into_store()),
    }
}

/// Opens a store by URL (`postgres://…`) or by the path of its SQLite file.
pub fn open_url(url_or_path: &str) -> Result<Store> {
    if url_or_path.starts_with("postgres://") || url_or_path.starts_with("postgresql://") {
        open_location(&location::Location::parse(url_or_path)?, None)
    } else {
        Store::open(Path::new(url_or_path))
    }
}

/// Creates a store: the schema in an empty PostgreSQL database (`postgres://…`), or a new
/// SQLite file at a path. Nothing else is written (`hrpass init` adds the first policy and
/// templates).
pub fn create_url(url_or_path: &str) -> Result<Store> {
    if url_or_path.starts_with("postgres://") || url_or_path.starts_with("postgresql://") {
        let location::Location::Postgres(url) = location::Location::parse(url_or_path)? else {
            unreachable!("a postgres:// URL")
        };
        let mut pg = postgres::PgStore::connect(&url, None)?;
        pg.migrate()?;
        Ok(pg.into_store())
    } else {
        Store::create(Path::new(url_or_path))
    }
}

/// What a store holds, counted (`hrpass store status`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Counts {
    pub employees: u64,
    pub active_employees: u64,
    pub active_passwords: u64,
    pub pending_passwords: u64,
    pub queued_deliveries: u64,
    pub deliveries: u64,
    pub selected: u64,
    pub audit_entries: u64,
    pub policy_version: u64,
    /// Second factors confirmed and in use.
    pub second_factors: u64,
}

impl Store {
    /// The schema version applied (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        match &self.conn {
            Conn::Sqlite(conn) => {
                Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
            }
            Conn::Postgres(_) => self.conn.value("SELECT version FROM hrpass_schema", &[]),
        }
    }

    /// What the store holds, counted.
    pub fn counts(&self) -> Result<Counts> {
        self.conn.query_one(
            "SELECT
                (SELECT count(*) FROM employees),
                (SELECT count(*) FROM employees WHERE status = 'active'),
                (SELECT count(*) FROM credentials WHERE state = 'active'),
                (SELECT count(*) FROM credentials WHERE state = 'pending'),
                (SELECT count(*) FROM outbox WHERE state = 'queued'),
                (SELECT count(*) FROM outbox),
                (SELECT count(*) FROM selection),
                (SELECT count(*) FROM audit),
                (SELECT coalesce(max(version), 0) FROM policies),
                (SELECT count(*) FROM second_factors WHERE state = 'active')",
            &[],
            |r| {
                let n = |i: usize| -> Result<u64> { Ok(r.get::<i64>(i)?.max(0) as u64) };
                Ok(Counts {
                    employees: n(0)?,
                    active_employees: n(1)?,
                    active_passwords: n(2)?,
                    pending_passwords: n(3)?,
                    queued_deliveries: n(4)?,
                    deliveries: n(5)?,
                    selected: n(6)?,
                    audit_entries: n(7)?,
                    policy_version: n(8)?,
                    second_factors: n(9)?,
                })
            },
        )
    }

    /// The number of migrations this hrpass knows.
    pub fn latest_schema() -> usize {
        MIGRATIONS.len()
    }
}

/// The first 16 bytes of every SQLite database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)
        .with_context(|| format!("cannot open the store {}", path.display()))?;
    let read = file
        .read(&mut header)
        .with_context(|| format!("cannot read the store {}", path.display()))?;
    if read == 0 {
        bail!(
            "the store {} is empty (0 bytes): it is not a store. Restore it from a backup, or \
             move it away and run `hrpass init` to start a new one",
            path.display()
        );
    }
    if read < 16 || &header != SQLITE_HEADER {
        bail!(
            "the store {} is not an SQLite database (damaged or another file): restore it from \
             a backup",
            path.display()
        );
    }
    Ok(())
}

/// What an integrity check finds in a store that failed to open, if it can run at all.
fn damage(path: &Path) -> Option<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    quick_check(&conn).unwrap_or_else(|e| Some(e.to_string()))
}

/// SQLite's `quick_check` (the first five problems): `None` when it finds none.
fn quick_check(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let found: Vec<String> = conn
        .prepare("PRAGMA quick_check(5)")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((found != ["ok"]).then(|| found.join("; ")))
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
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
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
        let version = store.schema_version().unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn the_audit_trail_refuses_updates_and_deletes() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.write().unwrap();
        audit::record(&tx, "alice", "test", None, "").unwrap();
        assert!(
            tx.execute("UPDATE audit SET operator = 'mallory'", &[])
                .is_err()
        );
        assert!(tx.execute("DELETE FROM audit", &[]).is_err());
    }
}
