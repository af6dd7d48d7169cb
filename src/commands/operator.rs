//! `hrpass operator add | list | set | remove | token | masquerade`: named operators with
//! roles and scopes (`crate::access`). Signing in as one is `commands::signin`.

use crate::access::{Role, manage, signin};
use crate::context::Ctx;
use crate::credential::{self, Hasher};
use crate::error::Failure;
use crate::output::{Format, TableRow, print_list, print_result};
use crate::store::operators::{self, OperatorRow};
use crate::text::{escape_line, rfc3339};
use crate::vault::Vault;
use anyhow::{Result, anyhow, bail};
use clap::{Args, Subcommand};
use secrecy::ExposeSecret;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator. On a terminal the new operator types their password and enrols an
    /// authenticator app; piped, the password is stdin's first line (none: the operator
    /// signs in with tokens only, e.g. for cron)
    #[command(after_help = "Examples:\n  \
        hrpass operator add alice --role hr-admin\n  \
        hrpass operator add bob --role hr-manager --departments Sales,Support\n  \
        hrpass operator add nightly --role sender --reports-to E0001 </dev/null")]
    Add {
        /// The operator's name (a-z, 0-9, '_' and '.'; it names them in the audit trail)
        name: String,
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// The operators, their roles and scopes
    List,
    /// Change an operator's role or scope (what is not given stays; an empty value clears)
    Set {
        /// The operator's name
        name: String,
        /// The new role
        #[arg(long, value_enum)]
        role: Option<Role>,
        /// The departments of the scope, comma-separated (replaces the old ones)
        #[arg(long, value_name = "D,...", value_delimiter = ',')]
        departments: Option<Vec<String>>,
        /// Everyone below this employee is in scope ("" removes it)
        #[arg(long, value_name = "CODE")]
        reports_to: Option<String>,
        /// PostgreSQL: the database login role the operator signs in as ("" removes it)
        #[arg(long, value_name = "ROLE")]
        db_role: Option<String>,
    },
    /// Remove an operator: their sessions and tokens end at once (the audit trail keeps
    /// their name)
    Remove {
        /// The operator's name
        name: String,
    },
    /// A one-time URL (5 minutes to open) for a read-only look at an employee's portal
    /// account, at most 15 minutes, with a banner naming you; audited, and the employee is
    /// told by mail who looked and why (hr-admins only; needs [portal] public_url)
    #[command(after_help = "Example:\n  \
        hrpass operator masquerade E0042 --reason \"checking the sign-in problem of ticket 311\"")]
    Masquerade {
        /// The employee's code
        code: String,
        /// Why (one line; the employee is told)
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or
    /// --token-file), shown once
    #[command(after_help = "Example:\n  \
        hrpass operator token nightly --expires 90d > ~/.config/hrpass-token && chmod 600 ~/.config/hrpass-token")]
    Token {
        /// The operator's name
        name: String,
        /// How long it is valid: 90d, 36h, 30m (at most 366d)
        #[arg(long, value_name = "DURATION", default_value = "90d")]
        expires: String,
    },
}

#[derive(Debug, Args)]
pub struct SpecArgs {
    /// The operator's role
    #[arg(long, value_enum)]
    role: Role,
    /// Departments in scope, comma-separated
    #[arg(long, value_name = "D,...", value_delimiter = ',')]
    departments: Vec<String>,
    /// Everyone below this employee in the reporting graph is in scope
    #[arg(long, value_name = "CODE")]
    reports_to: Option<String>,
    /// PostgreSQL: the database login role the operator signs in as
    #[arg(long, value_name = "ROLE")]
    db_role: Option<String>,
}

pub fn run(command: OperatorCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        OperatorCommand::Add { name, spec } => add(ctx, &name, &spec),
        OperatorCommand::List => list(ctx),
        OperatorCommand::Set {
            name,
            role,
            departments,
            reports_to,
            db_role,
        } => set(ctx, &name, role, departments, reports_to, db_role),
        OperatorCommand::Remove { name } => remove(ctx, &name),
        OperatorCommand::Token { name, expires } => token(ctx, &name, &expires),
        OperatorCommand::Masquerade { code, reason } => masquerade(ctx, &code, &reason),
    }
}

/// Departments as given: trimmed, empty ones dropped, each once.
fn departments(given: &[String]) -> Vec<String> {
    let mut out: Vec<String> = given
        .iter()
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[derive(Serialize)]
struct Added<'a> {
    name: &'a str,
    role: &'a str,
    scope: String,
    sign_in: &'static str,
    /// The authenticator app's key and URI, shown this once (piped `add` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    totp_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totp_uri: Option<&'a str>,
}

fn add(ctx: &mut Ctx, name: &str, spec: &SpecArgs) -> Result<()> {
    manage::check_name(name)?;
    let by = ctx.actor()?.clone();
    let company = ctx.config()?.portal.company.clone();
    let params = ctx.config()?.hashing.params()?;
    let vault = Vault::open(&ctx.settings.home.vault_key())?;
    crate::delivery::send::check_vault(ctx.store()?, &vault)?;
    let depts = departments(&spec.departments);
    let spec = manage::Spec {
        role: spec.role,
        departments: &depts,
        reports_to: spec.reports_to.as_deref(),
        db_role: spec.db_role.as_deref(),
    };
    let interactive = ctx.interactive();
    let password = if interactive {
        Some(ctx.prompter.password(
            &format!("New password for operator {name}"),
            true,
            "pipe it on stdin",
        )?)
    } else {
        super::read_stdin_line("password")?
    };
    // The new operator's password hash, authenticator enrolment and (on a terminal) the
    // step of the code they proved it with.
    let mut enrolled = None;
    if let Some(password) = &password {
        let broken = manage::check_password(password.expose_secret(), name, &company);
        if !broken.is_empty() {
            bail!(
                "the password is refused: {}; nothing was changed",
                broken.join("; ")
            );
        }
        let hash = Hasher::new(params).hash(password.expose_secret())?;
        let e = manage::new_enrolment(name, &company)?;
        let mut confirmed_step = None;
        if interactive {
            let mut err = std::io::stderr().lock();
            writeln!(
                err,
                "Scan this with {name}'s authenticator app:\n\n{}\nKey:  {}\n",
                credential::factor::qr_text(&e.uri)?,
                e.key.expose_secret()
            )?;
            let code = ctx.prompter.password(
                "Code from the authenticator app",
                false,
                "pipe it on stdin",
            )?;
            confirmed_step = manage::enrolment_step(&e, code.expose_secret(), credential::now())?;
            if confirmed_step.is_none() {
                bail!("that code is not the app's current one; nothing was changed");
            }
        }
        enrolled = Some((hash, e, confirmed_step));
    }
    let sign_in =
        enrolled.as_ref().map(
            |(password_hash, enrolment, confirmed_step)| manage::SignIn {
                password_hash: password_hash.clone(),
                enrolment,
                confirmed_step: *confirmed_step,
            },
        );
    let row = manage::add(
        ctx.store()?,
        &vault,
        &by,
        name,
        &spec,
        sign_in,
        credential::now(),
    )?;
    let enrolment = enrolled.as_ref().map(|(_, e, _)| e);
    let shown = enrolment.filter(|_| !interactive);
    let added = Added {
        name: &row.name,
        role: &row.role,
        scope: scope_of(&row)?,
        sign_in: if enrolment.is_some() {
            "password and code"
        } else {
            "tokens only"
        },
        totp_key: shown.map(|e| e.key.expose_secret()),
        totp_uri: shown.map(|e| e.uri.expose_secret()),
    };
    if ctx.settings.format == Format::Json {
        return print_result(Format::Json, &added, "");
    }
    let mut out = std::io::stdout().lock();
    if let Some(e) = shown {
        // Piped: the new operator's app takes these (the first sign-in confirms them).
        writeln!(out, "Key:  {}", e.key.expose_secret())?;
        writeln!(out, "URI:  {}", e.uri.expose_secret())?;
    }
    out.flush()?;
    ctx.status(&format!(
        "Added operator {} ({}, scope {}; signs in with {}).",
        row.name, row.role, added.scope, added.sign_in
    ));
    Ok(())
}

fn scope_of(row: &OperatorRow) -> Result<String> {
    Ok(signin::actor_of(row, None)?.scope.to_string())
}

#[derive(Serialize)]
struct Listed {
    name: String,
    role: String,
    departments: Vec<String>,
    reports_to: Option<String>,
    db_role: Option<String>,
    sign_in: &'static str,
    live_sessions: usize,
    created_at: String,
    created_by: String,
    /// As the table shows it (an hr-admin's is everyone).
    #[serde(skip)]
    scope: String,
}

impl TableRow for Listed {
    fn header() -> Vec<&'static str> {
        vec![
            "name", "role", "scope", "sign_in", "sessions", "created", "by",
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        vec![
            "name",
            "role",
            "departments",
            "reports_to",
            "db_role",
            "sign_in",
            "live_sessions",
            "created_at",
            "created_by",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.role.clone(),
            self.scope.clone(),
            self.sign_in.to_owned(),
            self.live_sessions.to_string(),
            self.created_at.clone(),
            self.created_by.clone(),
        ]
    }
}

fn list(ctx: &mut Ctx) -> Result<()> {
    let conn = ctx.store()?.conn();
    let rows = operators::list_live(conn)?;
    let mut listed = Vec::with_capacity(rows.len());
    for row in rows {
        listed.push(Listed {
            scope: scope_of(&row)?,
            live_sessions: operators::live_sessions(conn, row.id)?.len(),
            sign_in: if row.password_hash.is_some() {
                "password and code"
            } else {
                "tokens only"
            },
            created_at: rfc3339(row.created_at),
            name: row.name,
            role: row.role,
            departments: row.departments,
            reports_to: row.reports_to,
            db_role: row.db_role,
            created_by: row.created_by,
        });
    }
    if ctx.settings.format == Format::Csv {
        // The CSV form carries the scope's parts as they are stored.
        let mut out = crate::text::SafeCsv::new(std::io::stdout().lock());
        out.header(&Listed::csv_header())?;
        for l in &listed {
            out.row([
                l.name.as_str(),
                &l.role,
                &l.departments.join(","),
                l.reports_to.as_deref().unwrap_or(""),
                l.db_role.as_deref().unwrap_or(""),
                l.sign_in,
                &l.live_sessions.to_string(),
                &l.created_at,
                &l.created_by,
            ])?;
        }
        out.finish()?.flush()?;
        return Ok(());
    }
    print_list(ctx.settings.format, &listed)
}

fn set(
    ctx: &mut Ctx,
    name: &str,
    role: Option<Role>,
    new_departments: Option<Vec<String>>,
    reports_to: Option<String>,
    db_role: Option<String>,
) -> Result<()> {
    if role.is_none() && new_departments.is_none() && reports_to.is_none() && db_role.is_none() {
        return Err(Failure::usage(
            "nothing to change: give --role, --departments, --reports-to or --db-role",
        ));
    }
    let by = ctx.actor()?.clone();
    let current = operators::find_live(ctx.store()?.conn(), name)?
        .ok_or_else(|| anyhow!("no operator {name:?} (see `hrpass operator list`)"))?;
    let role = match role {
        Some(role) => role,
        None => Role::parse(&current.role)?,
    };
    let depts = match new_departments {
        Some(given) => departments(&given),
        // An hr-admin's scope is everyone: a role change to hr-admin drops the old scope.
        None if role == Role::HrAdmin => Vec::new(),
        None => current.departments.clone(),
    };
    let reports_to = match reports_to {
        Some(code) => Some(code).filter(|c| !c.is_empty()),
        None if role == Role::HrAdmin => None,
        None => current.reports_to.clone(),
    };
    let db_role = match db_role {
        Some(r) => Some(r).filter(|r| !r.is_empty()),
        None => current.db_role.clone(),
    };
    let row = manage::set(
        ctx.store()?,
        &by,
        name,
        &manage::Spec {
            role,
            departments: &depts,
            reports_to: reports_to.as_deref(),
            db_role: db_role.as_deref(),
        },
        credential::now(),
    )?;
    ctx.status(&format!(
        "Operator {} is now {} (scope {}).",
        row.name,
        row.role,
        scope_of(&row)?
    ));
    Ok(())
}

fn remove(ctx: &mut Ctx, name: &str) -> Result<()> {
    let by = ctx.actor()?.clone();
    let ended = manage::remove(ctx.store()?, &by, name, credential::now())?;
    ctx.status(&format!(
        "Removed operator {name}; {ended} of their sessions and tokens ended."
    ));
    Ok(())
}

#[derive(Serialize)]
struct Issued<'a> {
    operator: &'a str,
    token: &'a str,
    expires_at: String,
}

fn token(ctx: &mut Ctx, name: &str, expires: &str) -> Result<()> {
    let valid = super::duration_secs(expires).ok_or_else(|| {
        Failure::usage(format!(
            "--expires {}: a count and a unit, like 90d, 36h or 30m",
            escape_line(expires)
        ))
    })?;
    let by = ctx.actor()?.clone();
    let (token, expires_at) =
        signin::issue_token(ctx.store()?, &by, name, valid, credential::now())?;
    let issued = Issued {
        operator: name,
        token: token.expose(),
        expires_at: rfc3339(expires_at),
    };
    print_result(ctx.settings.format, &issued, token.expose())?;
    ctx.status(&format!(
        "A token for {name} until {}: shown this once; keep it in a file only its user can read.",
        issued.expires_at
    ));
    Ok(())
}

#[derive(Serialize)]
struct Look<'a> {
    employee_code: &'a str,
    url: &'a str,
    open_by: String,
}

fn masquerade(ctx: &mut Ctx, code: &str, reason: &str) -> Result<()> {
    let by = ctx.actor()?.clone();
    let Some(base) = ctx.config()?.portal.public_url.clone() else {
        return Err(Failure::usage(
            "a look opens on the portal: set [portal] public_url to where `hrpass serve` answers",
        ));
    };
    let started =
        credential::masquerade::start(ctx.store()?, &by, code, reason, credential::now())?;
    let url = format!(
        "{}/masquerade/{}",
        base.trim_end_matches('/'),
        started.token.expose()
    );
    let look = Look {
        employee_code: &started.employee_code,
        url: &url,
        open_by: rfc3339(started.open_by),
    };
    print_result(ctx.settings.format, &look, &url)?;
    ctx.status(&format!(
        "Opens once, until {} (then 15 minutes, read only); {} is told by mail when it is opened.",
        look.open_by, started.employee_code
    ));
    Ok(())
}
