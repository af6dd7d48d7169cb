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
}

pub fn run(command: StoreCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        StoreCommand::Status => status(ctx),
    }
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
            }
        }
        Location::Postgres(url) => {
            let ca_file = ctx.config()?.store.ca_file.clone();
            let mut store = postgres::open(url, ca_file.as_deref())?;
            Status {
                engine: location.engine(),
                location: location.shown(),
                source,
                server_version: Some(store.server_version()?),
                schema_version: store.schema_version()?,
                schema_latest: Store::latest_schema(),
                counts: store.counts()?,
            }
        }
    };
    if ctx.settings.format != Format::Table {
        return print_result(ctx.settings.format, &status, "");
    }
    let c = &status.counts;
    let engine = match &status.server_version {
        Some(version) => format!("{} {version}", status.engine),
        None => status.engine.to_owned(),
    };
    print_record(&[
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
        ("selected", c.selected.to_string()),
        ("audit entries", c.audit_entries.to_string()),
        ("policy version", c.policy_version.to_string()),
    ])
}
