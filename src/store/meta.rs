//! The `meta` table: facts about the store itself, such as the vault key's fingerprint.

use super::db::Conn;
use anyhow::Result;

pub const VAULT_FINGERPRINT: &str = "vault_fingerprint";

pub fn get(conn: &Conn, key: &str) -> Result<Option<String>> {
    conn.query_opt("SELECT value FROM meta WHERE key = $1", &[&key], |r| {
        r.get(0)
    })
}

pub fn set(conn: &Conn, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&key, &value],
    )?;
    Ok(())
}

/// How many issued passwords are sealed in the store.
pub fn sealed_count(conn: &Conn) -> Result<i64> {
    conn.value(
        "SELECT count(*) FROM credentials WHERE sealed IS NOT NULL",
        &[],
    )
}
