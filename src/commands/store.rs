//! `hrpass store status`: which engine holds the employees, its schema version, and what it
//! holds, counted.

use crate::context::Ctx;
use crate::output::{Format, print_record, print_result};
use crate::store::location::Location;
use crate::store::{Counts, Store, postgres};
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// The engine, where the store is, its schema version and what it holds
    #[command(after_help = "Examples:\n  hrpass store status\n  \
                            HRPASS_STORE=postgres://hr@db.corp.example/hrpass hrpass store status\n  \
                            hrpass --format json store status")]
    Status,
    /// Copy the whole store into an empty one (postgres://… or the path of a new SQLite
    /// file), in one pass, verified table by table by counts and checksums
    #[command(
        after_help = "Examples:\n  hrpass store copy --to postgres://hr@db.corp.example/hrpass\n  \
                            HRPASS_STORE=postgres://hr@db.corp.example/hrpass hrpass store copy --to ./hrpass-backup.db"
    )]
    Copy {
        /// Where to: postgres://USER@HOST:PORT/DATABASE (an empty database; no password in
        /// the URL) or the path of an SQLite file that does not exist yet
        #[arg(long, value_name = "URL")]
        to: String,
    },
}

#[derive(Debug, Serialize)]
struct Status {
    engine: &'static str,
    location: String,
    /// What chose the store: HRPASS_STORE, hrpass.toml, or the default.
    source: &'static str,
    /// PostgreSQL's version; none for SQLite (built into hrpass).
    server_version: Option<String>,
    schema_version: i64,
    /// The schema this hrpass writes.
    schema_latest: usize,
    #[serde(flatten)]
    counts: Counts,
    /// PostgreSQL: the roles and the tables under row-level security (`access::postgres`).
    #[serde(skip_serializing_if = "Option::is_none")]
    access: Option<crate::access::postgres::Status>,
}

pub fn run(command: StoreCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        StoreCommand::Status => status(ctx),
        StoreCommand::Copy { to } => copy(&to, ctx),
    }
}

impl crate::output::TableRow for crate::store::copy::Copied {
    fn header() -> Vec<&'static str> {
        vec!["table", "rows", "checksum"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.table.to_owned(),
            self.rows.to_string(),
            self.checksum.clone(),
        ]
    }
}

fn copy(to: &str, ctx: &mut Ctx) -> Result<()> {
    // The target is checked and made first: a bad URL or a file in the way changes nothing.
    let is_url = to.starts_with("postgres://") || to.starts_with("postgresql://");
    let (mut target, shown) = if is_url {
        let Location::Postgres(url) = Location::parse(to)? else {
            unreachable!("a postgres:// URL")
        };
        let ca_file = ctx.config()?.store.ca_file.clone();
        let mut pg = postgres::PgStore::connect(&url, ca_file.as_deref())?;
        pg.migrate()?;
        (pg.into_store(), url.shown.clone())
    } else {
        let path = std::path::Path::new(to);
        if path.exists() {
            anyhow::bail!(
                "{} exists: copy into a new file (nothing was changed)",
                path.display()
            );
        }
        (Store::create(path)?, path.display().to_string())
    };
    let (from, _) = ctx.location()?;
    let operator = ctx.operator.clone();
    let source = ctx.store()?;
    let copied = match crate::store::copy::copy(source, &mut target) {
        Ok(copied) => copied,
        Err(e) => {
            if !is_url {
                drop(target);
                Store::remove(std::path::Path::new(to));
            }
            return Err(e);
        }
    };
    let total: u64 = copied.iter().map(|c| c.rows).sum();
    let tx = source.write()?;
    crate::store::audit::record(
        &tx,
        &operator,
        "store.copy",
        None,
        &format!("copied to {shown}: {total} rows, verified"),
    )?;
    tx.commit()?;
    ctx.status(&format!(
        "Copied {} to {shown}: {total} rows in {} tables, each verified by count and checksum.",
        from.shown(),
        copied.len()
    ));
    if is_url {
        ctx.status(&format!(
            "To use it: [store] url = {:?} in hrpass.toml (or HRPASS_STORE), and the same \
             vault.key on every machine.",
            to
        ));
    }
    crate::output::print_list(ctx.settings.format, &copied)
}

fn status(ctx: &mut Ctx) -> Result<()> {
    let (location, source) = ctx.location()?;
    let status = match &location {
        Location::Sqlite(_) => {
            let store = ctx.store()?;
            Status {
                engine: location.engine(),
                location: location.shown(),
                source,
                server_version: None,
                schema_version: store.schema_version()?,
                schema_latest: Store::latest_schema(),
                counts: store.counts()?,
                access: None,
            }
        }
        Location::Postgres(url) => {
            let ca_file = ctx.config()?.store.ca_file.clone();
            let mut pg = postgres::open(url, ca_file.as_deref())?;
            let (server_version, schema_version) = (pg.server_version()?, pg.schema_version()?);
            let store = pg.into_store();
            Status {
                engine: location.engine(),
                location: location.shown(),
                source,
                server_version: Some(server_version),
                schema_version,
                schema_latest: Store::latest_schema(),
                counts: store.counts()?,
                access: Some(crate::access::postgres::status(store.conn())?),
            }
        }
    };
    if ctx.settings.format != Format::Table {
        return print_result(ctx.settings.format, &status, "");
    }
    let c = &status.counts;
    let mut access = Vec::new();
    if let Some(a) = &status.access {
        access.push(("owner role", a.owner.clone()));
        for (group, members) in &a.groups {
            let members = match members.is_empty() {
                true => "no logins".to_owned(),
                false => members.join(", "),
            };
            access.push(("group role", format!("{group}: {members}")));
        }
        access.push((
            "row-level security",
            match a.forced.is_empty() {
                true => "not set up (run `hrpass init` as a role that may create roles)".into(),
                false => format!("forced on {}", a.forced.join(", ")),
            },
        ));
    }
    let engine = match &status.server_version {
        Some(version) => format!("{} {version}", status.engine),
        None => status.engine.to_owned(),
    };
    let mut rows = vec![
        ("engine", engine),
        (
            "store",
            format!("{} (from {})", status.location, status.source),
        ),
        (
            "schema",
            format!(
                "{} (this hrpass writes {})",
                status.schema_version, status.schema_latest
            ),
        ),
        (
            "employees",
            format!("{} ({} active)", c.employees, c.active_employees),
        ),
        (
            "passwords",
            format!(
                "{} active, {} waiting for their mail",
                c.active_passwords, c.pending_passwords
            ),
        ),
        (
            "deliveries",
            format!("{} ({} queued)", c.deliveries, c.queued_deliveries),
        ),
        ("second factors", c.second_factors.to_string()),
        ("selected", c.selected.to_string()),
        ("audit entries", c.audit_entries.to_string()),
        ("policy version", c.policy_version.to_string()),
    ];
    rows.extend(access);
    print_record(&rows)
}
