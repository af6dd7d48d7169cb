//! `hrpass init`: create the home and what lives in it; running it again changes nothing.

use crate::config;
use crate::context::Ctx;
use crate::delivery::template;
use crate::model::PasswordPolicy;
use crate::output::print_result;
use crate::paths::{Home, PrivateFile};
use crate::policy;
use crate::store::location::{Location, PgUrl};
use crate::store::postgres::PgStore;
use crate::store::{Store, audit, meta};
use crate::vault::{self, Vault};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Create the store in this PostgreSQL database (postgres://USER@HOST:PORT/DATABASE, no
    /// password: PGPASSWORD or ~/.pgpass) and record it in hrpass.toml; without it, the
    /// store is hrpass.db in the home (or HRPASS_STORE / [store] url when set)
    #[arg(long, value_name = "URL")]
    pub store: Option<String>,
}

#[derive(Debug, Serialize)]
struct Initialised {
    home: String,
    created: Vec<&'static str>,
}

pub fn run(args: InitArgs, ctx: &mut Ctx) -> Result<()> {
    let home = ctx.settings.home.clone();
    home.check_files()?;
    let mut created = Vec::new();
    // Checked before anything is created: a bad URL leaves no half-made home behind.
    let given = args
        .store
        .as_deref()
        .map(crate::store::location::Location::parse)
        .transpose()?;

    if !home.dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&home.dir)
            .with_context(|| format!("cannot create {}", home.dir.display()))?;
        created.push("home");
    } else if std::fs::metadata(&home.dir)?.permissions().mode() & 0o077 != 0 {
        ctx.warn(&format!(
            "{} can be read by other users; `chmod 700` it",
            home.dir.display()
        ));
    }

    let config_path = home.config();
    if !config_path.exists() {
        let written = (|| -> std::io::Result<()> {
            let mut file = PrivateFile::create(&config_path)?;
            file.write_all(config::DEFAULT_FILE.as_bytes())?;
            file.commit_new()
        })();
        written.with_context(|| format!("cannot create {}", config_path.display()))?;
        created.push(Home::CONFIG);
    }

    let (key_path, db_path) = (home.vault_key(), home.db());
    let location = match given {
        Some(location) => location,
        None => ctx.location()?.0,
    };
    if let Location::Postgres(url) = location {
        if db_path.exists() {
            bail!(
                "this home already has an SQLite store ({}); one home keeps one store, so run                  `hrpass init --store` in a new home (nothing was changed)",
                db_path.display()
            );
        }
        created.extend(init_postgres(ctx, &url, args.store.as_deref(), &key_path)?);
        return report(ctx, &home, created);
    }
    if db_path.exists() {
        // An existing store is never initialised over: it must be sound, and its sealed
        // passwords must keep the key they were sealed with.
        let mut store = Store::open(&db_path)?;
        if let Some(damage) = store.integrity()? {
            bail!(
                "the store {} is damaged ({damage}); restore it from a backup (nothing was changed)",
                db_path.display()
            );
        }
        let recorded = meta::get(store.conn(), meta::VAULT_FINGERPRINT)?;
        if key_path.exists() {
            let vault = Vault::open(&key_path)?;
            vault.check_fingerprint(recorded.as_deref())?;
            if recorded.is_none() {
                record_fingerprint(&mut store, &vault, &ctx.operator)?;
                created.push("vault fingerprint");
            }
        } else {
            let sealed = meta::sealed_count(store.conn())?;
            if sealed > 0 {
                bail!(
                    "{} is missing, but the store holds {}, sealed with the \
                     key whose fingerprint is {}. A new key could never open them. Restore vault.key \
                     from the backup taken with the store and check it with `hrpass vault \
                     fingerprint` (nothing was changed)",
                    key_path.display(),
                    crate::text::count(sealed as u64, "sealed password", "sealed passwords"),
                    recorded.as_deref().unwrap_or("not recorded")
                );
            }
            vault::create_key(&key_path)?;
            record_fingerprint(&mut store, &Vault::open(&key_path)?, &ctx.operator)?;
            created.push(Home::VAULT_KEY);
        }
    } else {
        if key_path.exists() {
            vault::check_key(&key_path)?;
        } else {
            vault::create_key(&key_path)?;
            created.push(Home::VAULT_KEY);
        }
        let vault = Vault::open(&key_path)?;
        let mut store = Store::create(&db_path)?;
        let made = (|| -> Result<()> {
            audit::record(store.conn(), &ctx.operator, "init", None, "store created")?;
            record_fingerprint(&mut store, &vault, &ctx.operator)?;
            policy::set(&mut store, &PasswordPolicy::default(), &ctx.operator)?;
            for name in [template::NEW_PASSWORD, template::EXISTING_PASSWORD] {
                let builtin = template::builtin(name).expect("a built-in template");
                template::set(&mut store, &builtin, &ctx.operator)?;
            }
            Ok(())
        })();
        if let Err(e) = made {
            drop(store);
            Store::remove(&db_path);
            return Err(e.context(format!("cannot create the store {}", db_path.display())));
        }
        created.extend([Home::DB, "policy version 1", "templates"]);
    }
    report(ctx, &home, created)
}

/// Creates (or joins) a PostgreSQL store: the schema, the first policy and templates, the
/// vault key's fingerprint; records the URL in hrpass.toml when it came from `--store`.
fn init_postgres(
    ctx: &mut Ctx,
    url: &PgUrl,
    given: Option<&str>,
    key_path: &std::path::Path,
) -> Result<Vec<&'static str>> {
    let mut created = Vec::new();
    let ca_file = ctx.config()?.store.ca_file.clone();
    let mut store = PgStore::connect(url, ca_file.as_deref())?;
    let (before, after) = store.migrate()?;
    if before < after {
        created.push(if before == 0 {
            "schema"
        } else {
            "schema upgrade"
        });
    }
    if key_path.exists() {
        vault::check_key(key_path)?;
    } else {
        // A shared store already has its key: every machine must use that one, so a home
        // without it is told to copy it, never given a new one.
        if let Some(recorded) = store.meta(meta::VAULT_FINGERPRINT)? {
            let sealed = store.sealed_count()?;
            bail!(
                "{} is missing, but the store holds {}, sealed with the key whose fingerprint \
                 is {recorded} ({}). Copy the vault.key the other machines use into the home \
                 and check it with `hrpass vault fingerprint` (nothing was changed)",
                key_path.display(),
                crate::text::count(sealed as u64, "sealed password", "sealed passwords"),
                url.shown,
            );
        }
        vault::create_key(key_path)?;
        created.push(Home::VAULT_KEY);
    }
    let vault = Vault::open(key_path)?;
    vault.check_fingerprint(store.meta(meta::VAULT_FINGERPRINT)?.as_deref())?;
    let policy = serde_json::to_string(&PasswordPolicy::default())?;
    let templates: Vec<_> = [template::NEW_PASSWORD, template::EXISTING_PASSWORD]
        .iter()
        .map(|name| template::builtin(name).expect("a built-in template"))
        .collect();
    created.extend(store.initialise(vault.fingerprint(), &policy, &templates, &ctx.operator)?);
    let store = store.into_store();
    match crate::access::postgres::setup(store.conn())? {
        crate::access::postgres::Setup::Done { new: true } => {
            created.push("roles and row-level security")
        }
        crate::access::postgres::Setup::Done { new: false } => {}
        crate::access::postgres::Setup::NotAllowed(role) => ctx.warn(&format!(
            "row-level security is not set up: {role:?} may not create roles; run `hrpass \
             init` once as a role that may (a superuser, or one with CREATEROLE) before adding \
             operators"
        )),
    }
    if let Some(given) = given {
        let config_path = ctx.settings.home.config();
        let configured = ctx.config()?.store.url.clone();
        match configured {
            Some(same) if same.trim() == given.trim() => {}
            Some(other) => bail!(
                "{} names another store ([store] url = {other:?}); the store {} is set up,                  but this home still uses the other one",
                config_path.display(),
                url.shown
            ),
            None => {
                let mut text = std::fs::read_to_string(&config_path)
                    .with_context(|| format!("cannot read {}", config_path.display()))?;
                if toml::from_str::<toml::Table>(&text)?.contains_key("store") {
                    bail!(
                        "{} has a [store] section without url: add url = {:?} to it",
                        config_path.display(),
                        given
                    );
                }
                text.push_str(&format!(
                    "\n[store]\n# The shared PostgreSQL store (its password: PGPASSWORD or ~/.pgpass).\nurl = {}\n",
                    toml::Value::String(given.trim().to_owned())
                ));
                let mut file = PrivateFile::create(&config_path)?;
                file.write_all(text.as_bytes())?;
                file.commit()
                    .with_context(|| format!("cannot write {}", config_path.display()))?;
                created.push("[store] url in hrpass.toml");
            }
        }
    }
    Ok(created)
}

fn report(ctx: &mut Ctx, home: &Home, created: Vec<&'static str>) -> Result<()> {
    let dir = home.dir.display();
    let text = if created.is_empty() {
        format!("hrpass home {dir} is already initialised; nothing changed.")
    } else {
        format!(
            "Initialised hrpass home {dir} ({}): created {}.",
            home.source,
            created.join(", ")
        )
    };
    if created.contains(&Home::DB) || created.contains(&"schema") {
        ctx.status(&format!(
            "Next:\n  \
             1. hrpass employees validate FILE.csv, then hrpass employees import FILE.csv\n  \
             2. set [smtp] and [portal] in {} (mail goes to .eml files in outbox-mail until\n     \
             [delivery] transport = \"smtp\")\n  \
             3. hrpass select add CODE, then hrpass send-password --regenerate --dry-run",
            home.config().display()
        ));
    }
    let result = Initialised {
        home: dir.to_string(),
        created,
    };
    print_result(ctx.settings.format, &result, &text)
}

/// Records the key's fingerprint in the store, so a replaced key is named before use.
fn record_fingerprint(store: &mut Store, vault: &Vault, operator: &str) -> Result<()> {
    let tx = store.write()?;
    meta::set(&tx, meta::VAULT_FINGERPRINT, vault.fingerprint())?;
    audit::record(
        &tx,
        operator,
        "vault.fingerprint",
        None,
        &format!("vault.key fingerprint {}", vault.fingerprint()),
    )?;
    tx.commit()?;
    Ok(())
}
