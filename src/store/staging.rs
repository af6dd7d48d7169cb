//! What a bulk upload keeps while it runs, in temporary tables of its transaction: the file
//! line of each existing row it touched (to point later errors at it), and the manager names
//! `--manager-by name` resolves once every row is in. Gone with the transaction.

use super::db::{Conn, Engine};
use anyhow::Result;

/// A row whose manager was given by name.
pub struct PendingName {
    pub id: i64,
    pub line: u64,
    pub name: String,
    /// Whether the row was counted unchanged before its manager was known.
    pub unchanged: bool,
    /// The row's own code.
    pub code: String,
}

pub struct Staging<'c> {
    conn: &'c Conn,
}

impl<'c> Staging<'c> {
    pub fn create(conn: &'c Conn) -> Result<Staging<'c>> {
        // SQLite's INTEGER PRIMARY KEY is the row id itself; PostgreSQL's ids are BIGINT.
        let id = match conn.engine() {
            Engine::Sqlite => "INTEGER",
            Engine::Postgres => "BIGINT",
        };
        conn.batch(&format!(
            "CREATE TEMP TABLE import_existing (id {id} PRIMARY KEY, line BIGINT NOT NULL);
             CREATE TEMP TABLE import_manager_names (id {id} PRIMARY KEY, line BIGINT NOT NULL,
                                                     name TEXT NOT NULL, unchanged BOOLEAN NOT NULL)"
        ))?;
        Ok(Staging { conn })
    }

    /// Notes the file line of an existing row the upload met.
    pub fn remember_existing(&self, id: i64, line: u64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO import_existing (id, line) VALUES ($1, $2)",
            &[&id, &line],
        )?;
        Ok(())
    }

    /// The line an existing row was met on, if it was.
    pub fn existing_line(&self, id: i64) -> Result<Option<u64>> {
        self.conn.query_opt(
            "SELECT line FROM import_existing WHERE id = $1",
            &[&id],
            |r| r.get(0),
        )
    }

    /// Notes a manager name to resolve for row `id`.
    pub fn remember_name(&self, id: i64, line: u64, name: &str, unchanged: bool) -> Result<()> {
        self.conn.execute(
            "INSERT INTO import_manager_names (id, line, name, unchanged) VALUES ($1, $2, $3, $4)",
            &[&id, &line, &name, &unchanged],
        )?;
        Ok(())
    }

    /// Every name noted, in file order, with its row's code.
    pub fn pending_names(&self) -> Result<Vec<PendingName>> {
        self.conn.query(
            "SELECT n.id, n.line, n.name, n.unchanged, e.code
             FROM import_manager_names n JOIN employees e ON e.id = n.id ORDER BY n.line",
            &[],
            |r| {
                Ok(PendingName {
                    id: r.get(0)?,
                    line: r.get(1)?,
                    name: r.get(2)?,
                    unchanged: r.get(3)?,
                    code: r.get(4)?,
                })
            },
        )
    }

    /// Drops the tables (a commit must not leave them to the next upload of this session).
    pub fn finish(self) -> Result<()> {
        self.conn
            .batch("DROP TABLE import_existing; DROP TABLE import_manager_names")
    }
}
