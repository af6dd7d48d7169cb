//! The PostgreSQL store: connecting (TLS by rustls), the numbered migrations of
//! `migrations/postgres` applied under an advisory lock, and what `init` and `store status`
//! need. The schema is the SQLite one in PostgreSQL's terms, migration for migration.

use super::location::{PgUrl, password};
use super::meta;
use crate::model::Template;
use anyhow::{Context, Result, bail};
use postgres::Client;

/// The migrations, numbered as the SQLite ones; `hrpass_schema.version` is the count applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_employees.sql"),
    include_str!("../../migrations/postgres/0002_credentials.sql"),
    include_str!("../../migrations/postgres/0003_templates.sql"),
    include_str!("../../migrations/postgres/0004_outbox.sql"),
    include_str!("../../migrations/postgres/0005_delivery_lifecycle.sql"),
    include_str!("../../migrations/postgres/0006_meta.sql"),
    include_str!("../../migrations/postgres/0007_outbox_leases.sql"),
    include_str!("../../migrations/postgres/0008_personal_email.sql"),
    include_str!("../../migrations/postgres/0009_messages.sql"),
    include_str!("../../migrations/postgres/0010_second_factor.sql"),
    include_str!("../../migrations/postgres/0011_mail_login.sql"),
    include_str!("../../migrations/postgres/0012_search_index_case_sensitive.sql"),
    include_str!("../../migrations/postgres/0013_portal_sessions.sql"),
    include_str!("../../migrations/postgres/0014_activation_links.sql"),
    include_str!("../../migrations/postgres/0015_operators.sql"),
    include_str!("../../migrations/postgres/0016_outbox_queued_by.sql"),
    include_str!("../../migrations/postgres/0017_masquerades.sql"),
    include_str!("../../migrations/postgres/0018_portal_session_prune.sql"),
];

/// The advisory lock that serialises schema changes across machines ("hrpass" in ASCII).
const MIGRATION_LOCK: i64 = 0x6872_7061_7373;

pub struct PgStore {
    client: Client,
}

impl PgStore {
    /// Connects with the password from `PGPASSWORD` or the password file, over TLS where the
    /// URL's rules ask for it (certificates checked against the Web PKI and `ca_file`).
    pub fn connect(url: &PgUrl, ca_file: Option<&std::path::Path>) -> Result<PgStore> {
        let mut config = url.config.clone();
        if let Some(password) = password(&config)? {
            config.password(password);
        }
        config.connect_timeout(std::time::Duration::from_secs(10));
        config.application_name("hrpass");
        let tls = crate::tls::client_config(ca_file)?;
        let connector = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
        let client = config.connect(connector).map_err(|e| {
            anyhow::anyhow!(
                "cannot connect to the store {}: {}",
                url.shown,
                super::db::pg_error(e)
            )
        })?;
        Ok(PgStore { client })
    }

    /// Brings the schema up to date, every step in one transaction under an advisory lock:
    /// two machines upgrading at once take turns, and the second finds nothing left to do.
    /// A store written by a newer hrpass is refused. Returns the versions before and after.
    pub fn migrate(&mut self) -> Result<(usize, usize)> {
        // Up to date: nothing to write (an operator's own login role may not change the
        // schema, and need not).
        let current = usize::try_from(self.schema_version()?).unwrap_or(usize::MAX);
        if current == MIGRATIONS.len() {
            return Ok((current, current));
        }
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS hrpass_schema (version BIGINT NOT NULL);
             INSERT INTO hrpass_schema (version)
             SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM hrpass_schema)",
        )?;
        let applied: i64 = tx
            .query_one("SELECT version FROM hrpass_schema", &[])?
            .get(0);
        let applied = usize::try_from(applied).unwrap_or(usize::MAX);
        if applied > MIGRATIONS.len() {
            bail!(
                "the store was written by a newer hrpass (schema {applied}, this one knows {})",
                MIGRATIONS.len()
            );
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
            tx.batch_execute(sql).map_err(|e| {
                anyhow::anyhow!("migration {} failed: {}", index + 1, super::db::pg_error(e))
            })?;
            tx.execute(
                "UPDATE hrpass_schema SET version = $1",
                &[&(index as i64 + 1)],
            )?;
        }
        tx.commit()?;
        Ok((applied, MIGRATIONS.len()))
    }

    /// The schema version applied (0 for a database hrpass has not set up).
    pub fn schema_version(&mut self) -> Result<i64> {
        let exists: bool = self
            .client
            .query_one("SELECT to_regclass('hrpass_schema') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Ok(0);
        }
        Ok(self
            .client
            .query_one("SELECT version FROM hrpass_schema", &[])?
            .get(0))
    }

    /// The server's version, as `SHOW server_version` gives it.
    pub fn server_version(&mut self) -> Result<String> {
        Ok(self.client.query_one("SHOW server_version", &[])?.get(0))
    }

    /// Sets up a new store's first contents in one transaction: the vault key's fingerprint,
    /// policy version 1 and the built-in templates, each audited. What is there already is
    /// kept; a different vault key is refused. Returns what was created.
    pub fn initialise(
        &mut self,
        fingerprint: &str,
        policy_json: &str,
        templates: &[Template],
        operator: &str,
    ) -> Result<Vec<&'static str>> {
        let mut created = Vec::new();
        let mut tx = self.client.transaction()?;
        // Two machines running `init` at once take turns here too.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let audit = "INSERT INTO audit (operator, action, detail) VALUES ($1, $2, $3)";
        let recorded: Option<String> = tx
            .query_opt(
                "SELECT value FROM meta WHERE key = $1",
                &[&meta::VAULT_FINGERPRINT],
            )?
            .map(|r| r.get(0));
        match recorded {
            Some(recorded) if recorded != fingerprint => bail!(
                "this store's passwords are sealed with the vault key {recorded}, and this \
                 home's vault.key is {fingerprint}: copy the key every machine shares into \
                 the home (compare with `hrpass vault fingerprint`); nothing was changed"
            ),
            Some(_) => {}
            None => {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ($1, $2)",
                    &[&meta::VAULT_FINGERPRINT, &fingerprint],
                )?;
                tx.execute(audit, &[&operator, &"init", &"store created"])?;
                let detail = format!("vault.key fingerprint {fingerprint}");
                tx.execute(audit, &[&operator, &"vault.fingerprint", &detail])?;
                created.push("store");
            }
        }
        let policies: i64 = tx.query_one("SELECT count(*) FROM policies", &[])?.get(0);
        if policies == 0 {
            tx.execute(
                "INSERT INTO policies (version, settings, created_by) VALUES (1, $1, $2)",
                &[&policy_json, &operator],
            )?;
            tx.execute(audit, &[&operator, &"policy.set", &"version 1"])?;
            created.push("policy version 1");
        }
        let templates_there: i64 = tx.query_one("SELECT count(*) FROM templates", &[])?.get(0);
        if templates_there == 0 {
            for t in templates {
                tx.execute(
                    "INSERT INTO templates (name, version, subject, text_body, html_body, created_by)
                     VALUES ($1, 1, $2, $3, $4, $5)",
                    &[&t.name, &t.subject, &t.text, &t.html, &operator],
                )?;
                let detail = format!("{} version 1", t.name);
                tx.execute(audit, &[&operator, &"template.set", &detail])?;
            }
            created.push("templates");
        }
        tx.commit()?;
        Ok(created)
    }

    /// A fact about the store (`meta`), as `store::meta::get` on SQLite.
    pub fn meta(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self
            .client
            .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])?
            .map(|r| r.get(0)))
    }

    /// How many issued passwords are sealed in the store.
    pub fn sealed_count(&mut self) -> Result<i64> {
        Ok(self
            .client
            .query_one(
                "SELECT count(*) FROM credentials WHERE sealed IS NOT NULL",
                &[],
            )?
            .get(0))
    }
}

impl PgStore {
    /// The store every command works on, over this connection.
    pub fn into_store(self) -> super::Store {
        super::Store::from_postgres(self.client)
    }
}

/// A database without an hrpass schema: `init` makes one.
#[derive(Debug, thiserror::Error)]
#[error(
    "the database {0} holds no hrpass store yet; run `hrpass init` first (with --store URL, \
     or with HRPASS_STORE or [store] url naming it)"
)]
pub struct NoStoreYet(pub String);

/// Connects for a command; the error says which store and why.
pub fn open(url: &PgUrl, ca_file: Option<&std::path::Path>) -> Result<PgStore> {
    let mut store = PgStore::connect(url, ca_file)?;
    let version = store.schema_version()?;
    if version == 0 {
        return Err(NoStoreYet(url.shown.clone()).into());
    }
    store
        .migrate()
        .with_context(|| format!("cannot use the store {}", url.shown))?;
    Ok(store)
}
