//! `hrpass store copy --to URL`: the whole store into an empty one on the other engine (or
//! the same), in one pass and one transaction of the target, then verified table by table by
//! row counts and checksums read back from both sides. Ids, times, hashes and sealed copies
//! are carried as they are, so every password still verifies and every sealed copy still
//! opens with the same vault key.

use super::Store;
use super::db::{Column, Conn, Engine, Param, Value};
use anyhow::{Context, Result, bail};
use blake2::Digest;
use serde::Serialize;

/// Every table, parents first, with its columns and the key that orders it.
const TABLES: &[(&str, &str, &str)] = &[
    (
        "employees",
        "id, code, first_name, last_name, email, department, job_title, manager_code, status, \
         search_key, created_at, updated_at, personal_email",
        "id",
    ),
    (
        "selection",
        "employee_id, added_at, added_by",
        "employee_id",
    ),
    (
        "audit",
        "id, at, operator, action, employee_code, detail",
        "id",
    ),
    (
        "policies",
        "version, settings, created_at, created_by",
        "version",
    ),
    (
        "credentials",
        "id, employee_id, version, state, origin, hash, must_change, issued_at, expires_at, \
         policy_version, length, has_upper, has_lower, has_digit, has_symbol, sealed, \
         failed_attempts",
        "id",
    ),
    (
        "templates",
        "id, name, version, subject, text_body, html_body, created_at, created_by, kind",
        "id",
    ),
    (
        "activation_links",
        "id, employee_id, token_hash, sealed, state, created_at, expires_at, ended_at, ended_why",
        "id",
    ),
    (
        "outbox",
        "id, employee_id, credential_id, kind, template, template_version, address, state, \
         attempts, last_reply, message_id, created_at, updated_at, leased_by, lease_until, \
         link_id",
        "id",
    ),
    ("meta", "key, value", "key"),
    (
        "second_factors",
        "id, employee_id, version, state, sealed, last_step, created_at, confirmed_at",
        "id",
    ),
    ("recovery_codes", "id, factor_id, hash, used_at", "id"),
    ("forgot_requests", "id, at, employee_id, outcome", "id"),
    (
        "mail_logins",
        "mailbox, provider, client_id, version, sealed, signed_in_at, signed_in_by, refreshed_at",
        "mailbox",
    ),
    (
        "masquerades",
        "id, token_hash, employee_id, operator, reason, created_at, open_by, opened_at, \
         opened_from",
        "id",
    ),
    (
        "portal_sessions",
        "id, token_hash, employee_id, credential_id, stage, signed_in_at, created_at, seen_at, \
         expires_at, ended_at, ended_why, address, client, masquerade_id",
        "id",
    ),
    ("portal_attempts", "id, address, at", "id"),
    (
        "operators",
        "id, name, role, reports_to, db_role, password_hash, totp_sealed, totp_last_step, \
         failed_logins, version, created_at, created_by, updated_at, removed_at, locked_until",
        "id",
    ),
    (
        "operator_departments",
        "operator_id, department",
        "operator_id, department",
    ),
    (
        "operator_sessions",
        "id, operator_id, token_hash, kind, created_at, seen_at, expires_at, ended_at, ended_why",
        "id",
    ),
];

/// One table as copied.
#[derive(Debug, Clone, Serialize)]
pub struct Copied {
    pub table: &'static str,
    pub rows: u64,
    /// BLAKE2s of every row, in key order, read back from the target.
    pub checksum: String,
}

/// A value read from either engine, owned, to write into the other.
enum Owned {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl Param for Owned {
    fn value(&self) -> Value<'_> {
        match self {
            Owned::Null => Value::Null,
            Owned::Int(i) => Value::Int(*i),
            Owned::Text(s) => Value::Text(s),
            Owned::Blob(b) => Value::Blob(b),
        }
    }
}

impl Column for Owned {
    fn from_sqlite(row: &rusqlite::Row<'_>, index: usize) -> Result<Self> {
        use rusqlite::types::ValueRef;
        Ok(match row.get_ref(index)? {
            ValueRef::Null => Owned::Null,
            ValueRef::Integer(i) => Owned::Int(i),
            ValueRef::Real(f) => {
                bail!("column {index} holds a real number ({f}), which hrpass never writes")
            }
            ValueRef::Text(t) => Owned::Text(String::from_utf8(t.to_vec())?),
            ValueRef::Blob(b) => Owned::Blob(b.to_vec()),
        })
    }

    fn from_postgres(row: &postgres::Row, index: usize) -> Result<Self> {
        use postgres::types::Type;
        let ty = row.columns()[index].type_().clone();
        Ok(match ty {
            Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL => {
                match Option::<i64>::from_postgres(row, index)? {
                    Some(i) => Owned::Int(i),
                    None => Owned::Null,
                }
            }
            Type::BYTEA => match row.try_get::<_, Option<Vec<u8>>>(index)? {
                Some(b) => Owned::Blob(b),
                None => Owned::Null,
            },
            _ => match row.try_get::<_, Option<String>>(index)? {
                Some(s) => Owned::Text(s),
                None => Owned::Null,
            },
        })
    }
}

/// Rows of every table in the store; refuses a target that holds any.
fn check_empty(target: &Conn) -> Result<()> {
    for (table, _, _) in TABLES {
        let rows: i64 = target.value(&format!("SELECT count(*) FROM {table}"), &[])?;
        if rows > 0 {
            bail!(
                "the target already holds data ({rows} rows in {table}): copy only into an \
                 empty store (nothing was changed)"
            );
        }
    }
    Ok(())
}

/// A table's rows, in key order, digested the same way whatever the engine.
fn checksum(conn: &Conn, table: &str, columns: &str, key: &str) -> Result<(u64, String)> {
    let mut hasher = blake2::Blake2s256::new();
    let mut rows = 0;
    conn.each(
        &format!("SELECT {columns} FROM {table} ORDER BY {key}"),
        &[],
        |row| {
            rows += 1;
            for i in 0..row.len() {
                hasher.update(row.shown(i).as_bytes());
                hasher.update([0x1f]);
            }
            hasher.update([0x1e]);
            Ok(())
        },
    )?;
    let digest = hasher.finalize();
    Ok((
        rows,
        digest[..8].iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

/// Copies `source` into `target` (migrated, empty), then verifies both sides agree. The
/// source is read inside its write transaction, so no other writer changes it meanwhile; the
/// target is written in one transaction, so a failure leaves it empty.
pub fn copy(source: &mut Store, target: &mut Store) -> Result<Vec<Copied>> {
    check_empty(target.conn())?;
    let read = source.write()?;
    let write = target.write()?;
    for (table, columns, key) in TABLES {
        let width = columns.split(',').count();
        let placeholders: Vec<String> = (1..=width).map(|i| format!("${i}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({columns}) VALUES ({})",
            placeholders.join(", ")
        );
        read.each(
            &format!("SELECT {columns} FROM {table} ORDER BY {key}"),
            &[],
            |row| {
                let values: Vec<Owned> = (0..width).map(|i| row.get(i)).collect::<Result<_>>()?;
                let params: Vec<&dyn Param> = values.iter().map(|v| v as &dyn Param).collect();
                write
                    .execute(&insert, &params)
                    .with_context(|| format!("copying a row of {table}"))?;
                Ok(())
            },
        )?;
    }
    match write.engine() {
        // Identities go on after the highest id copied.
        Engine::Postgres => {
            for table in [
                "employees",
                "audit",
                "credentials",
                "templates",
                "activation_links",
                "outbox",
                "second_factors",
                "recovery_codes",
                "forgot_requests",
                "masquerades",
                "portal_sessions",
                "portal_attempts",
                "operators",
                "operator_sessions",
            ] {
                write.batch(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                ))?;
            }
        }
        // The search index is built from the rows.
        Engine::Sqlite => {
            write.batch("INSERT INTO employee_search (employee_search) VALUES ('rebuild')")?
        }
    }
    let mut copied = Vec::new();
    for (table, columns, key) in TABLES {
        let from = checksum(&read, table, columns, key)?;
        let to = checksum(&write, table, columns, key)?;
        if from != to {
            bail!(
                "the copy of {table} differs from the source ({} rows, checksum {} against {} \
                 rows, {}); nothing was kept",
                to.0,
                to.1,
                from.0,
                from.1
            );
        }
        copied.push(Copied {
            table,
            rows: to.0,
            checksum: to.1,
        });
    }
    write.commit()?;
    drop(read);
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column added by a migration and forgotten here would be lost by `store copy`.
    #[test]
    fn every_column_of_every_table_is_copied() {
        let store = Store::open_in_memory().unwrap();
        for (table, columns, _) in TABLES {
            let listed: std::collections::BTreeSet<&str> =
                columns.split(',').map(str::trim).collect();
            let schema: std::collections::BTreeSet<String> = store
                .conn()
                .query(
                    &format!("SELECT name FROM pragma_table_info('{table}')"),
                    &[],
                    |r| r.get(0),
                )
                .unwrap()
                .into_iter()
                .collect();
            let schema: std::collections::BTreeSet<&str> =
                schema.iter().map(String::as_str).collect();
            assert_eq!(listed, schema, "{table}");
        }
        // And a table added by a migration is on the list.
        let tables: std::collections::BTreeSet<String> = store
            .conn()
            .query(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                   AND name NOT LIKE 'employee_search%' AND name NOT LIKE 'sqlite_%'",
                &[],
                |r| r.get(0),
            )
            .unwrap()
            .into_iter()
            .collect();
        let listed: std::collections::BTreeSet<String> =
            TABLES.iter().map(|(t, _, _)| (*t).to_owned()).collect();
        assert_eq!(tables, listed);
    }
}
