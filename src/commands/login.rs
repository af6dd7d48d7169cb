//! `hrpass verify CODE` and `hrpass passwd CODE`: the portal's sign-in check and a password
//! change, with the password on stdin (or asked on a terminal).

use super::read_secret_line;
use crate::context::Ctx;
use crate::credential::{self, Change, Hasher, Verdict};
use crate::error::Failure;
use crate::output::{Format, print_result};
use anyhow::Result;
use secrecy::ExposeSecret;

pub fn verify(code: &str, ctx: &mut Ctx) -> Result<()> {
    let password = super::read_password(ctx, &format!("Password for {code}"))?;
    let operator = ctx.operator.clone();
    // Whatever fails from here is hrpass's, not the employee's: exit 4, nothing counted (the
    // check is one transaction, and it did not commit).
    let checked = ctx
        .config()
        .and_then(|c| c.hashing.params())
        .and_then(|params| {
            credential::verify(
                ctx.store()?,
                code,
                password.expose_secret(),
                credential::now(),
                &params,
                &operator,
            )
        });
    let verdict = checked.map_err(|e| {
        Failure::Unchecked(format!(
            "{code}: the password could not be checked (no attempt was counted): {e:#}"
        ))
    })?;
    let text = match &verdict {
        Verdict::Valid {
            must_change: true, ..
        } => "valid; it must be changed now".to_owned(),
        Verdict::Valid {
            must_change: false, ..
        } => "valid".to_owned(),
        Verdict::Wrong { attempts_left } => {
            let left = crate::output::count(*attempts_left, "attempt", "attempts");
            format!("wrong password ({left} left before it locks)")
        }
        Verdict::Locked => {
            "locked after too many wrong attempts; ask HR for a new password".to_owned()
        }
        Verdict::Expired => "expired; ask HR for a new password".to_owned(),
        Verdict::Unknown => {
            "no password to check: unknown or inactive employee, or none set".to_owned()
        }
    };
    if verdict.is_valid() {
        return print_result(ctx.settings.format, &verdict, &format!("{code}: {text}"));
    }
    if ctx.settings.format == Format::Json {
        print_result(Format::Json, &verdict, "")?;
    }
    Err(Failure::Reported(format!("{code}: {text}")).into())
}

pub fn passwd(code: &str, ctx: &mut Ctx) -> Result<()> {
    let params = ctx.config()?.hashing.params()?;
    let company = ctx.config()?.portal.company.clone();
    let password = if ctx.interactive() {
        ctx.prompter.password(
            &format!("New password for {code}"),
            true,
            "pipe it on stdin",
        )?
    } else {
        read_secret_line()?
    };
    let operator = ctx.operator.clone();
    let mut hasher = Hasher::new(params);
    match credential::change(
        ctx.store()?,
        code,
        &password,
        credential::now(),
        &mut hasher,
        &company,
        &operator,
    )? {
        Change::Changed { version } => {
            let result = Change::Changed { version };
            print_result(
                ctx.settings.format,
                &result,
                &format!("Password changed for {code} (credential {version})."),
            )
        }
        Change::Refused { reasons } => {
            if ctx.settings.format == Format::Json {
                print_result(
                    Format::Json,
                    &Change::Refused {
                        reasons: reasons.clone(),
                    },
                    "",
                )?;
            } else {
                for reason in &reasons {
                    eprintln!("  - the password {}", crate::output::escape_line(reason));
                }
            }
            Err(Failure::Reported(format!(
                "the new password for {code} was refused; nothing changed"
            ))
            .into())
        }
    }
}
