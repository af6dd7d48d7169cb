//! A first load's trigram index, built beside the rows (SQLite only).
//!
//! Filling FTS5 is the larger half of loading an empty SQLite store (6.2 of ~15 s at 1M rows,
//! BENCHMARKS.md) and SQLite does it on the one thread that also inserts the rows. During a
//! first load the rows go into the store on the writing thread as before, while a thread of
//! its own fills the same index (same tokenizer, `detail`, `columnsize`) in a private scratch
//! database; once the rows are in, the index's pages, its two shadow tables `%_data` and
//! `%_idx`, are copied into the store's empty index in the same transaction, a few tens of
//! thousands of blobs instead of a million tokenised rows.
//!
//! The index's format is the same whatever its content option (the store's is external
//! content, the scratch's contentless): FTS5 keeps every posting in those two tables and its
//! settings in `%_config`, which stays the store's. Before the copy the store's index is
//! emptied with FTS5's own `delete-all`; after it, an empty savepoint rolled back makes FTS5
//! drop what it had cached of the index (without that, the same connection went on seeing
//! the empty index: a unit test reads the copied one back and runs FTS5's integrity check).
//!
//! The scratch database is SQLite's private temporary file (an empty file name: unlinked as
//! soon as it is opened, mode 0600, gone with its connection), without a journal: nothing in
//! it outlives the upload, and a crash leaves the store's transaction to roll back as ever.

use anyhow::{Context, Result};
use rusqlite::Connection;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// The index as the migrations make it, but contentless: the scratch has no table of rows.
const SCRATCH_INDEX: &str = "CREATE VIRTUAL TABLE search USING fts5 (
    search_key, content = '', tokenize = 'trigram case_sensitive 1', detail = 'none',
    columnsize = 0)";

/// Batches of (row id, search key) waiting for the building thread.
const IN_FLIGHT: usize = 4;

/// The building thread and the way to hand it rows.
pub struct SearchBuild {
    rows: Option<flume::Sender<Vec<(i64, String)>>>,
    thread: Option<JoinHandle<Result<Connection>>>,
    /// Set when the upload stops without the index: the thread drops what is still queued.
    abandoned: Arc<AtomicBool>,
}

impl SearchBuild {
    /// Opens the scratch index and starts filling it from what `add` hands over.
    pub fn start() -> Result<SearchBuild> {
        let scratch = Connection::open("").context("cannot open a scratch file for the index")?;
        // The store's own settings for a bulk fill (see `EmployeeWriter::finish`): no merging
        // during the load, a 16 MiB term buffer.
        scratch.execute_batch(&format!(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             {SCRATCH_INDEX};
             INSERT INTO search (search, rank) VALUES ('automerge', 0);
             INSERT INTO search (search, rank) VALUES ('hashsize', {BULK_HASHSIZE});",
            BULK_HASHSIZE = super::employees::BULK_HASHSIZE
        ))?;
        let (rows, received) = flume::bounded::<Vec<(i64, String)>>(IN_FLIGHT);
        let abandoned = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&abandoned);
        let thread = std::thread::Builder::new()
            .name("search index".into())
            .spawn(move || -> Result<Connection> {
                scratch.execute_batch("BEGIN")?;
                {
                    let mut insert = scratch
                        .prepare("INSERT INTO search (rowid, search_key) VALUES (?1, ?2)")?;
                    for batch in received.iter() {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        for (id, key) in batch {
                            insert.execute(rusqlite::params![id, key])?;
                        }
                    }
                }
                scratch.execute_batch("COMMIT")?;
                Ok(scratch)
            })
            .context("cannot start the thread that builds the search index")?;
        Ok(SearchBuild {
            rows: Some(rows),
            thread: Some(thread),
            abandoned,
        })
    }

    /// Hands over rows just inserted into the store, with their search keys.
    pub fn add(&mut self, batch: Vec<(i64, String)>) -> Result<()> {
        let sent = self
            .rows
            .as_ref()
            .is_some_and(|rows| rows.send(batch).is_ok());
        if sent {
            return Ok(());
        }
        // The thread stopped early: its error says why.
        self.join()?;
        anyhow::bail!("the thread that builds the search index stopped")
    }

    fn join(&mut self) -> Result<Connection> {
        self.rows = None;
        let thread = self
            .thread
            .take()
            .context("the search index was already built")?;
        thread
            .join()
            .map_err(|_| anyhow::anyhow!("the thread that builds the search index failed"))?
    }

    /// Waits for the building thread, then puts the index it built in place of `store`'s
    /// (empty) `employee_search`, inside the transaction `store` has open.
    pub fn finish(mut self, store: &Connection) -> Result<()> {
        let scratch = self.join()?;
        store.execute_batch(
            "INSERT INTO employee_search (employee_search) VALUES ('delete-all');
             DELETE FROM employee_search_data;
             DELETE FROM employee_search_idx;",
        )?;
        copy_rows(
            &scratch,
            "SELECT id, block FROM search_data",
            store,
            "INSERT INTO employee_search_data (id, block) VALUES (?1, ?2)",
        )?;
        copy_rows(
            &scratch,
            "SELECT segid, term, pgno FROM search_idx",
            store,
            "INSERT INTO employee_search_idx (segid, term, pgno) VALUES (?1, ?2, ?3)",
        )?;
        // FTS5 keeps what it read of the index (its structure, the row totals) until another
        // connection changes the file, or a rollback: an empty savepoint rolled back makes it
        // forget them without undoing anything, so this connection reads the copied index.
        store.execute_batch("SAVEPOINT copied; ROLLBACK TO copied; RELEASE copied;")?;
        Ok(())
    }
}

impl Drop for SearchBuild {
    /// An upload that stops early (an error, a dry run) ends the thread and its scratch file.
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.abandoned.store(true, Ordering::Relaxed);
            let _ = self.join();
        }
    }
}

/// Copies every row `select` gives on `from` through `insert` on `to`, values untouched.
fn copy_rows(from: &Connection, select: &str, to: &Connection, insert: &str) -> Result<()> {
    let mut select = from.prepare(select)?;
    let mut insert = to.prepare(insert)?;
    let columns = select.column_count();
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        for column in 0..columns {
            let value = rusqlite::types::ToSqlOutput::Borrowed(row.get_ref(column)?);
            insert.raw_bind_parameter(column + 1, value)?;
        }
        insert.raw_execute()?;
    }
    Ok(())
}
