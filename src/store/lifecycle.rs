//! The credential and delivery life cycle, in one place: every state, every event that moves
//! one, and for each event the conditional updates that apply it.
//!
//! ```text
//! credential   pending ──accepted──▶ active ──successor accepted / employee's change──▶ retired
//!                 └──employee's change / HR's cancel / expired / replaced──▶ retired
//!
//! delivery     queued ──accepted──▶ sent            (its pending password becomes active)
//!                 │    ──accepted, but its password was superseded──▶ superseded
//!                 │    ──5xx──▶ failed ──outbox retry──▶ queued
//!                 │    ──4xx / timeout / crash──▶ queued (same password, same Message-ID)
//!                 ├──HR's cancel──▶ cancelled ──accepted while in flight──▶ superseded
//!                 └──password replaced or expired──▶ obsolete ──accepted while in flight──▶ superseded
//!              failed ──newer delivery queued / password replaced or expired──▶ obsolete
//! ```
//!
//! | event | expects | applies |
//! |---|---|---|
//! | `issue` | the employee active, with no pending credential | a pending credential, sealed |
//! | `queue` | the credential in the state the caller read, mailable; no queued delivery | a queued delivery; the employee's failed ones become obsolete |
//! | `accepted` | the delivery queued (or cancelled/obsolete: in flight) | pending → active and the old active → retired, in one step; or `superseded` |
//! | `deferred` | the delivery queued | attempts counted, still queued |
//! | `rejected` | the delivery queued | failed (obsolete when its password can no longer be used) |
//! | `obsolete` | the delivery queued | obsolete: its password is gone |
//! | `cancel` | the delivery queued or failed | cancelled; a pending password it carried retired |
//! | `employee_changed` | the employee active; the employee's own change wins over any state | every other credential retired, seals destroyed, deliveries obsolete |
//! | `expire` | credentials whose validity ended | seals destroyed; pending → retired; their deliveries obsolete |
//! | `retry` | per employee, the newest queued or failed delivery whose password works | failed → queued; the others obsolete |
//! | `queue_message` | the employee active; for a reminder: its credential still active, issued, unchanged, and never reminded of | a queued message without a password |
//! | `queue_link` | the employee active; no password or link delivery queued | a pending activation link and its queued delivery; the link before it void |
//!
//! An activation link (`send-password --link`, table `activation_links`) moves with the
//! delivery that carries it: `accepted` makes it usable (or the delivery `superseded`, when
//! the link was voided meanwhile); `cancel` and `obsolete` void it; a password queued, the
//! employee's own change, offboarding and `expire` void the links in play. It never touches
//! a credential until the employee sets a password with it (the portal's `change`).
//!
//! Messages without a password (`email`, `expiry` reminders) go through the same outbox and
//! the same events, but carry no credential's password: `accepted` only marks them sent,
//! `cancel` retires nothing, they are not one-queued-per-employee, and `retry` takes each
//! queued or failed one. A reminder becomes obsolete with its credential (the employee's own
//! change, expiry); a general email only by HR's cancel.
//!
//! Each event runs in a savepoint of the caller's write transaction. Every UPDATE names the
//! state it expects and its row count is checked; when a row has moved on, the savepoint is
//! rolled back and the event reports `Moved` with why, so nothing is half-applied. Events that
//! can only move before their first write (`issue`, `queue`, `queue_message`) take no
//! savepoint of their own: there is nothing to roll back, and on PostgreSQL each savepoint
//! costs two round trips. SQLite's
//! `BEGIN IMMEDIATE` already serialises writers; the conditions are what keep each step right
//! where it does not. An active credential is retired only by the step that activates its
//! successor or stores the employee's own, and the schema allows one active credential per
//! employee (`credentials_one_active`).

mod credential;
mod delivery;
mod link;

pub use credential::*;
pub use delivery::*;
pub use link::*;

use super::db::{Conn, Param};
use anyhow::Result;
use std::fmt;

/// Why an event did nothing: a row was not in the state the event expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved(pub String);

impl fmt::Display for Moved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An event's result: `Err(Moved)` when it found its rows moved on and changed nothing.
pub type Step<T> = Result<Result<T, Moved>>;

pub(super) fn moved<T>(why: impl Into<String>) -> Step<T> {
    Ok(Err(Moved(why.into())))
}

/// Runs `event` in a savepoint: kept when it applies, rolled back when it reports `Moved` or
/// fails. Callers use it to make several events one (a new password and its delivery).
pub fn atomically<T>(conn: &Conn, event: impl FnOnce() -> Step<T>) -> Step<T> {
    conn.batch("SAVEPOINT lifecycle")?;
    let result = event();
    if !matches!(result, Ok(Ok(_))) {
        conn.batch("ROLLBACK TO SAVEPOINT lifecycle")?;
    }
    conn.batch("RELEASE SAVEPOINT lifecycle")?;
    result
}

/// An UPDATE that must touch exactly one row: the compare-and-set.
pub(super) fn set(conn: &Conn, sql: &str, params: &[&dyn Param]) -> Result<bool> {
    Ok(conn.execute(sql, params)? == 1)
}

/// The SQL condition for a credential whose password can still be mailed, with the time
/// bound as parameter `$n`.
pub(super) fn mailable_at(n: usize) -> String {
    format!("sealed IS NOT NULL AND (expires_at IS NULL OR expires_at > ${n})")
}

#[cfg(test)]
mod tests;
