//! The `mail_logins` table: the sending mailbox's OAuth2 refresh token, sealed under
//! vault.key, as `hrpass mail login` left it and refreshes rotated it. Every change is a
//! compare-and-set on the version it expects; the sealing is `crate::vault`'s.

use super::db::{Conn, Row};
use anyhow::Result;

/// A mailbox's sign-in as stored (the token still sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailLogin {
    pub mailbox: String,
    pub provider: String,
    pub client_id: String,
    pub version: i64,
    pub sealed: Vec<u8>,
    pub signed_in_at: i64,
    pub signed_in_by: String,
    pub refreshed_at: Option<i64>,
}

const COLUMNS: &str =
    "mailbox, provider, client_id, version, sealed, signed_in_at, signed_in_by, refreshed_at";

fn from_row(r: &Row<'_>) -> Result<MailLogin> {
    Ok(MailLogin {
        mailbox: r.get(0)?,
        provider: r.get(1)?,
        client_id: r.get(2)?,
        version: r.get(3)?,
        sealed: r.get(4)?,
        signed_in_at: r.get(5)?,
        signed_in_by: r.get(6)?,
        refreshed_at: r.get(7)?,
    })
}

/// The sign-in of `mailbox`, if there is one.
pub fn find(conn: &Conn, mailbox: &str) -> Result<Option<MailLogin>> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM mail_logins WHERE mailbox = $1"),
        &[&mailbox],
        from_row,
    )
}

/// The version a new sign-in of `mailbox` seals its token under (never one used before for
/// that mailbox while its row exists, so an old sealed copy cannot be put back).
pub fn next_version(conn: &Conn, mailbox: &str) -> Result<i64> {
    conn.value(
        "SELECT coalesce(max(version), 0) + 1 FROM mail_logins WHERE mailbox = $1",
        &[&mailbox],
    )
}

/// Stores a fresh sign-in, replacing any earlier one of the mailbox.
pub fn replace(conn: &Conn, login: &MailLogin) -> Result<()> {
    conn.execute(
        "INSERT INTO mail_logins (mailbox, provider, client_id, version, sealed, signed_in_at,
                                  signed_in_by, refreshed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)
         ON CONFLICT (mailbox) DO UPDATE SET provider = excluded.provider,
             client_id = excluded.client_id, version = excluded.version,
             sealed = excluded.sealed, signed_in_at = excluded.signed_in_at,
             signed_in_by = excluded.signed_in_by, refreshed_at = NULL",
        &[
            &login.mailbox,
            &login.provider,
            &login.client_id,
            &login.version,
            &login.sealed,
            &login.signed_in_at,
            &login.signed_in_by,
        ],
    )?;
    Ok(())
}

/// Puts a rotated refresh token (sealed for `expected + 1`) in place of version `expected`.
/// False when another process rotated it first: theirs stays.
pub fn rotate(conn: &Conn, mailbox: &str, expected: i64, sealed: &[u8], now: i64) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE mail_logins SET version = version + 1, sealed = $3, refreshed_at = $4
         WHERE mailbox = $1 AND version = $2",
        &[&mailbox, &expected, &sealed, &now],
    )?;
    Ok(changed == 1)
}

/// Notes a refresh that kept the token as it was.
pub fn touch(conn: &Conn, mailbox: &str, version: i64, now: i64) -> Result<()> {
    conn.execute(
        "UPDATE mail_logins SET refreshed_at = $3 WHERE mailbox = $1 AND version = $2",
        &[&mailbox, &version, &now],
    )?;
    Ok(())
}

/// Forgets the sign-in of `mailbox`; false when there was none.
pub fn remove(conn: &Conn, mailbox: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM mail_logins WHERE mailbox = $1", &[&mailbox])? == 1)
}
