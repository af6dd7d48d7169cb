//! `hrpass vault fingerprint`: which key this home has, and which key its store expects.

use crate::context::Ctx;
use crate::error::Failure;
use crate::output::print_result;
use crate::store::meta;
use crate::vault::Vault;
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// The fingerprint of vault.key and the one the store recorded (exit 1 when they
    /// differ): check a restored key before using it
    Fingerprint,
}

#[derive(Debug, Serialize)]
struct Fingerprints {
    key: String,
    store: Option<String>,
    matches: bool,
}

pub fn run(command: VaultCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        VaultCommand::Fingerprint => {
            let vault = Vault::open(&ctx.settings.home.vault_key())?;
            let store = match ctx.location()? {
                (crate::store::location::Location::Postgres(url), _) => {
                    let ca_file = ctx.config()?.store.ca_file.clone();
                    crate::store::postgres::open(&url, ca_file.as_deref())?
                        .meta(meta::VAULT_FINGERPRINT)?
                }
                _ => meta::get(ctx.store()?.conn(), meta::VAULT_FINGERPRINT)?,
            };
            let matches = store.as_deref().is_none_or(|s| s == vault.fingerprint());
            let text = match &store {
                Some(s) if matches => format!("vault.key {s}: the key this store expects."),
                Some(s) => format!(
                    "vault.key {} is NOT the key this store expects ({s}).",
                    vault.fingerprint()
                ),
                None => format!(
                    "vault.key {}; the store has not recorded a fingerprint yet.",
                    vault.fingerprint()
                ),
            };
            let result = Fingerprints {
                key: vault.fingerprint().to_owned(),
                store,
                matches,
            };
            print_result(ctx.settings.format, &result, &text)?;
            if matches {
                Ok(())
            } else {
                Err(Failure::Reported("vault.key does not match the store".into()).into())
            }
        }
    }
}
