//! The `meta` table: facts about the store itself, such as the vault key's fingerprint.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub const VAULT_FINGERPRINT: &str = "vault_fingerprint";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// How many issued passwords are sealed in the store.
pub fn sealed_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM credentials WHERE sealed IS NOT NULL",
        [],
        |r| r.get(0),
    )?)
}
