//! `hrpass login NAME`, `logout`, `whoami`: an operator's CLI session (`access::signin`).

use crate::access::{Role, session_file, signin};
use crate::context::Ctx;
use crate::credential;
use crate::output::print_result;
use crate::store::operators;
use crate::text::{escape_line, rfc3339};
use crate::vault::Vault;
use anyhow::{Result, anyhow, bail};
use clap::Args;
use secrecy::ExposeSecret;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The operator's name
    name: String,
}

/// `hrpass login NAME`: the password and code on a terminal, else stdin's first two lines.
pub fn login(args: LoginArgs, ctx: &mut Ctx) -> Result<()> {
    let name = args.name;
    let params = ctx.config()?.hashing.params()?;
    let vault = Vault::open(&ctx.settings.home.vault_key())?;
    if !operators::any_live(ctx.store()?.conn())? {
        bail!(
            "this store has no operators yet: every command runs as you ({}); add the first \
             with `hrpass operator add NAME --role hr-admin`",
            ctx.operator
        );
    }
    let (password, code) = if ctx.interactive() {
        let password = ctx.prompter.password(
            &format!("Password for operator {name}"),
            false,
            "pipe it on stdin",
        )?;
        let code =
            ctx.prompter
                .password("Code from the authenticator app", false, "pipe it on stdin")?;
        (password, code)
    } else {
        let password = super::read_stdin_line("password")?
            .ok_or_else(|| anyhow!("no password on stdin: pass it as the first line"))?;
        let code = super::read_stdin_line("code")?
            .ok_or_else(|| anyhow!("no code on stdin: pass the app's code as the second line"))?;
        (password, code)
    };
    let path = ctx.session_file()?;
    let outcome = signin::login(
        ctx.store()?,
        &vault,
        &params,
        &name,
        password.expose_secret(),
        code.expose_secret(),
        credential::now(),
    )?;
    match outcome {
        signin::Login::Refused => {
            bail!(
                "sign-in refused: wrong name, password or code (after {} in a row an operator \
                 is locked for {} minutes)",
                signin::LOCK_AFTER,
                signin::LOCK_SECS / 60
            )
        }
        signin::Login::SignedIn { token, actor } => {
            session_file::write(&path, token.expose())?;
            let until = actor.signed_in.map(|s| rfc3339(s.expires_at));
            ctx.status(&format!(
                "Signed in as {} ({}, scope {}) until {} at the latest, {} minutes idle.",
                actor.name,
                actor.role,
                actor.scope,
                until.unwrap_or_default(),
                signin::SESSION_IDLE_SECS / 60
            ));
            Ok(())
        }
    }
}

/// `hrpass logout`: ends the session (or the token given) and removes the session file.
pub fn logout(ctx: &mut Ctx) -> Result<()> {
    let token = ctx.token()?;
    let path = ctx.session_file()?;
    let ended = match token
        .as_ref()
        .and_then(|t| signin::Token::parse(t.expose_secret()))
    {
        Some(token) => signin::logout(ctx.store()?, &token, credential::now())?,
        None => None,
    };
    if ctx.settings.token_file.is_none() && std::env::var_os("HRPASS_TOKEN").is_none() {
        session_file::remove(&path)?;
    }
    match ended {
        Some(name) => ctx.status(&format!("Signed out {name}.")),
        None => ctx.status("Not signed in."),
    }
    Ok(())
}

#[derive(Serialize)]
struct WhoAmI<'a> {
    name: &'a str,
    role: Role,
    scope: &'a crate::access::Scope,
    operator: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_expires_at: Option<String>,
}

/// `hrpass whoami`.
pub fn whoami(ctx: &mut Ctx) -> Result<()> {
    let actor = ctx.actor()?.clone();
    let answer = WhoAmI {
        name: &actor.name,
        role: actor.role,
        scope: &actor.scope,
        operator: actor.signed_in.is_some(),
        session_expires_at: actor.signed_in.map(|s| rfc3339(s.expires_at)),
    };
    // The scope's departments are what an admin typed: escaped with the rest.
    let text = match &answer.session_expires_at {
        Some(until) => format!(
            "{} ({}, scope {}), signed in until {until} at the latest",
            actor.name, actor.role, actor.scope
        ),
        None => format!(
            "{} (the OS user: {} while this store has no operators)",
            actor.name, actor.role
        ),
    };
    print_result(ctx.settings.format, &answer, &escape_line(&text))?;
    Ok(())
}
