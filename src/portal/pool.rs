//! What the portal's async handlers borrow to reach the blocking world: store connections
//! (a pool, opened on demand, each used by one task at a time: a blocking one, or the async
//! worker itself for SQLite reads that need not wait) and the hashing gate
//! (argon2 at OWASP's settings takes 19 MiB and tens of milliseconds: a bounded number of
//! places, a short queue behind them, and past it an immediate "busy"; the hashes themselves
//! run on the portal's hashing threads, one a core).

use crate::store::Store;
use crate::store::db::Conn;
use crate::store::location::Location;
use anyhow::{Result, anyhow};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Semaphore, SemaphorePermit};

/// Store connections, for blocking tasks and for reads on the worker.
pub struct Pool {
    location: Location,
    ca_file: Option<PathBuf>,
    idle: Mutex<Vec<Store>>,
    /// Bounds the connections open at once (PostgreSQL's `max_connections` is finite).
    open: Semaphore,
}

/// Most connections one `serve` keeps open.
const MAX_CONNECTIONS: usize = 16;

/// `MAX_CONNECTIONS`, or in test builds fewer (`HRPASS_TEST_CONNECTIONS`), so a test can show
/// what would wait for a connection.
fn max_connections() -> usize {
    #[cfg(feature = "failpoints")]
    if let Some(n) = std::env::var("HRPASS_TEST_CONNECTIONS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        return n;
    }
    MAX_CONNECTIONS
}

impl Pool {
    pub fn new(location: Location, ca_file: Option<PathBuf>, first: Store) -> Pool {
        Pool {
            location,
            ca_file,
            idle: Mutex::new(vec![first]),
            open: Semaphore::new(max_connections()),
        }
    }

    /// `work` right here on the async worker, on an idle SQLite connection, when it can be
    /// done without waiting: a few reads from SQLite's cache cost less than the hop to a
    /// blocking thread and back, which is most of a forward-auth check's time
    /// (BENCHMARKS.md). `None` when it cannot, and the caller runs it with `run`: on
    /// PostgreSQL (each read is a round trip), when every connection is in use or none is
    /// idle (opening one is file work), when the database is busy (the read fails at once
    /// rather than stall every request on this worker), or on `work`'s own `None` (it has
    /// to write). A connection whose work failed is dropped; the error is `run`'s to tell.
    pub fn read_here<T>(&self, work: impl FnOnce(&Conn) -> Result<Option<T>>) -> Option<T> {
        if !matches!(self.location, Location::Sqlite(_)) {
            return None;
        }
        // The tests' busy database (`FAILPOINTS=portal-read-here=return`).
        #[cfg(feature = "failpoints")]
        if fail::eval("portal-read-here", |_| ()).is_some() {
            return None;
        }
        let _permit = self.open.try_acquire().ok()?;
        let mut store = self.idle.lock().ok()?.pop()?;
        let found = store.without_waiting(work).ok()?;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
        found
    }

    /// `work`, which only reads: here on the worker when it can be (`read_here`), else on a
    /// blocking thread (`run`).
    pub async fn read<T: Send + 'static>(
        &'static self,
        work: impl Fn(&Conn) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        match self.read_here(|conn| work(conn).map(Some)) {
            Some(found) => Ok(found),
            None => self.run(move |store| work(store.conn())).await,
        }
    }

    /// Runs `work` on a store connection on tokio's blocking threads. A connection whose work
    /// failed is dropped rather than reused (it may be inside a broken transaction). `work`
    /// does no argon2 work: that runs on the hashing threads (`Portal::hash`) with no
    /// connection held.
    pub async fn run<T: Send + 'static>(
        &'static self,
        work: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let _permit = self
            .open
            .acquire()
            .await
            .map_err(|_| anyhow!("the portal is stopping"))?;
        tokio::task::spawn_blocking(move || {
            let taken = self
                .idle
                .lock()
                .map_err(|_| anyhow!("pool poisoned"))?
                .pop();
            let mut store = match taken {
                Some(store) => store,
                None => crate::store::open_location(&self.location, self.ca_file.as_deref())?,
            };
            let result = work(&mut store);
            if result.is_ok() {
                self.idle
                    .lock()
                    .map_err(|_| anyhow!("pool poisoned"))?
                    .push(store);
            }
            result
        })
        .await
        .map_err(|e| anyhow!("a portal task failed: {e}"))?
    }
}

/// The hashing gate: `running` places past it at once (hashing, or ready to), at most
/// `queue` more waiting.
pub struct Gate {
    running: Semaphore,
    /// Inside the gate: waiting, or in a place.
    inside: AtomicUsize,
    limit: usize,
}

/// The portal is too busy hashing to take another sign-in now.
#[derive(Debug)]
pub struct Busy;

/// A place past the gate, held until the hash is done.
pub struct Pass<'a> {
    _permit: SemaphorePermit<'a>,
    _inside: Inside<'a>,
}

/// Counted inside the gate until dropped (also when a waiting request is abandoned).
struct Inside<'a>(&'a Gate);

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        self.0.inside.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Gate {
    pub fn new(running: usize, queue: usize) -> Gate {
        Gate {
            running: Semaphore::new(running.max(1)),
            inside: AtomicUsize::new(0),
            limit: running.max(1) + queue,
        }
    }

    /// A place to hash (waiting for one of the running places), or `Busy` at once when the
    /// queue is full.
    pub async fn enter(&self) -> Result<Pass<'_>, Busy> {
        let inside = Inside(self);
        if self.inside.fetch_add(1, Ordering::SeqCst) >= self.limit {
            return Err(Busy);
        }
        let permit = self.running.acquire().await.map_err(|_| Busy)?;
        Ok(Pass {
            _permit: permit,
            _inside: inside,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool_on(dir: &tempfile::TempDir) -> &'static Pool {
        let path = dir.path().join("hrpass.db");
        let first = Store::create(&path).unwrap();
        Box::leak(Box::new(Pool::new(Location::Sqlite(path), None, first)))
    }

    fn employees(conn: &Conn) -> Result<Option<i64>> {
        conn.value("SELECT count(*) FROM employees", &[]).map(Some)
    }

    #[test]
    fn a_read_here_uses_an_idle_connection_and_gives_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool_on(&dir);
        assert_eq!(pool.read_here(employees), Some(0));
        assert_eq!(
            pool.read_here(employees),
            Some(0),
            "given back and used again"
        );
        assert_eq!(pool.idle.lock().unwrap().len(), 1);
        // The work's own `None` (it has to write) is the caller's to run elsewhere.
        assert_eq!(pool.read_here(|_| Ok(None::<i64>)), None);
        assert_eq!(pool.idle.lock().unwrap().len(), 1, "still kept");
    }

    #[test]
    fn a_read_here_that_fails_drops_its_connection_and_says_none() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool_on(&dir);
        let failed = pool.read_here(|conn| {
            conn.value::<i64>("SELECT nothing FROM nowhere", &[])
                .map(Some)
        });
        assert_eq!(failed, None);
        assert!(
            pool.idle.lock().unwrap().is_empty(),
            "not reused after an error"
        );
        // No idle connection: nothing here (opening one is file work for a blocking thread).
        assert_eq!(pool.read_here(employees), None);
    }

    #[test]
    fn a_read_here_stays_within_the_bound_on_connections() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool_on(&dir);
        let all = pool
            .open
            .try_acquire_many(max_connections() as u32)
            .unwrap();
        assert_eq!(pool.read_here(employees), None, "every connection in use");
        drop(all);
        assert_eq!(pool.read_here(employees), Some(0));
    }

    #[test]
    fn a_read_here_does_not_wait_for_a_lock_and_gives_its_connection_back_waiting_again() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool_on(&dir);
        let holder = rusqlite::Connection::open(dir.path().join("hrpass.db")).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        // Work that needs the lock another connection holds fails at once here (the usual
        // timeout is ten seconds), and its connection is not kept.
        let started = std::time::Instant::now();
        let written = pool.read_here(|conn| conn.execute("DELETE FROM employees", &[]).map(Some));
        assert_eq!(written, None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(pool.idle.lock().unwrap().is_empty());
        holder.execute_batch("COMMIT").unwrap();
        // A connection given back after a read waits for locks again, as every store call
        // does: its write goes through once the holder lets go 300 ms later.
        pool.idle
            .lock()
            .unwrap()
            .push(Store::open(&dir.path().join("hrpass.db")).unwrap());
        assert_eq!(pool.read_here(employees), Some(0));
        let mut store = pool.idle.lock().unwrap().pop().unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(300));
                holder.execute_batch("COMMIT").unwrap();
            });
            let tx = store.write().expect("waited for the lock");
            tx.commit().unwrap();
        });
    }
}
