//! `hrpass init`: create the home and what lives in it; running it again changes nothing.

use crate::config;
use crate::context::Ctx;
use crate::delivery::template;
use crate::model::PasswordPolicy;
use crate::output::print_result;
use crate::paths::{Home, create_private_file};
use crate::policy;
use crate::store::{self, Store, audit};
use crate::vault;
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

#[derive(Debug, Serialize)]
struct Initialised {
    home: String,
    created: Vec<&'static str>,
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let home = ctx.settings.home.clone();
    let mut created = Vec::new();

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
        let mut file = create_private_file(&config_path)
            .with_context(|| format!("cannot create {}", config_path.display()))?;
        file.write_all(config::DEFAULT_FILE.as_bytes())?;
        file.sync_all()?;
        created.push(Home::CONFIG);
    }

    let key_path = home.vault_key();
    if key_path.exists() {
        vault::check_key(&key_path)?;
    } else {
        vault::create_key(&key_path)?;
        created.push(Home::VAULT_KEY);
    }

    let db_path = home.db();
    if !db_path.exists() {
        let store = Store::create(&db_path)?;
        audit::record(store.conn(), &ctx.operator, "init", None, "store created")?;
        created.push(Home::DB);
        let mut store = store;
        if store::policies::latest(store.conn())?.is_none() {
            policy::set(&mut store, &PasswordPolicy::default(), &ctx.operator)?;
            created.push("policy version 1");
        }
        for name in [template::NEW_PASSWORD, template::EXISTING_PASSWORD] {
            if store::templates::latest(store.conn(), name)?.is_none() {
                let builtin = template::builtin(name).expect("a built-in template");
                template::set(&mut store, &builtin, &ctx.operator)?;
            }
        }
        created.push("templates");
    }

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
    let result = Initialised {
        home: dir.to_string(),
        created,
    };
    print_result(ctx.settings.format, &result, &text)
}
