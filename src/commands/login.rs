//! `hrpass verify CODE` and `hrpass passwd CODE`: the portal's sign-in check and a password
//! change, with the password on stdin (or asked on a terminal).

use super::read_secret_line;
use crate::context::Ctx;
use crate::credential::{self, Attempt, Change, Hasher, Verdict, factor};
use crate::error::Failure;
use crate::output::{Format, print_result};
use crate::vault::Vault;
use anyhow::Result;
use secrecy::ExposeSecret;

/// `verify`'s JSON: the verdict, and whether a second factor is what is missing.
#[derive(serde::Serialize)]
struct Answer<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    second_factor_required: bool,
}

pub fn verify(code: &str, ctx: &mut Ctx) -> Result<()> {
    let password = super::read_password(ctx, &format!("Password for {code}"))?;
    let one_time = if ctx.interactive() {
        // On a terminal the code is asked only of an employee who has a second factor.
        let employee = crate::store::employees::find(ctx.store()?.conn(), code)?;
        match employee {
            Some(e) if factor::has_active(ctx.store()?.conn(), e.id)? => {
                Some(ctx.prompter.password(
                    &format!("One-time or recovery code for {code}"),
                    false,
                    "pipe it on the second line of stdin",
                )?)
            }
            _ => None,
        }
    } else {
        super::read_stdin_line("one-time code")?
    };
    let operator = ctx.operator.clone();
    // Whatever fails from here is hrpass's, not the employee's: exit 4, nothing counted (the
    // check is one transaction, and it did not commit).
    let checked = (|| {
        let params = ctx.config()?.hashing.params()?;
        let vault = match &one_time {
            Some(_) => Some(Vault::open(&ctx.settings.home.vault_key())?),
            None => None,
        };
        credential::sign_in(
            ctx.store()?,
            &Attempt {
                code,
                password: password.expose_secret(),
                one_time: one_time.as_ref().map(|c| c.expose_secret()),
            },
            credential::now(),
            &params,
            vault.as_ref(),
            &operator,
        )
    })();
    let verdict = checked.map_err(|e| {
        Failure::Unchecked(format!(
            "{code}: the password could not be checked (no attempt was counted): {e:#}"
        ))
    })?;
    let left = |n: u32| crate::text::count(u64::from(n), "attempt", "attempts");
    let text = match &verdict {
        Verdict::Valid {
            must_change,
            must_enroll,
            recovery_codes_left,
            ..
        } => {
            let mut text = "valid".to_owned();
            if *must_change {
                text.push_str("; it must be changed now");
            }
            if *must_enroll {
                text.push_str("; a second factor must be enrolled now (hrpass 2fa enroll)");
            }
            if let Some(n) = recovery_codes_left {
                text.push_str(&format!(
                    "; signed in with a recovery code, {} left",
                    crate::text::count(u64::from(*n), "code", "codes")
                ));
            }
            text
        }
        Verdict::Wrong { attempts_left } => {
            format!(
                "wrong password ({} left before it locks)",
                left(*attempts_left)
            )
        }
        Verdict::SecondFactorRequired => {
            "second factor required: give the one-time or recovery code on the second line"
                .to_owned()
        }
        Verdict::WrongCode {
            attempts_left,
            reused: false,
        } => format!(
            "wrong one-time code ({} left before it locks)",
            left(*attempts_left)
        ),
        Verdict::WrongCode {
            attempts_left,
            reused: true,
        } => format!(
            "that one-time code was already used; wait for the next one ({} left before it \
             locks)",
            left(*attempts_left)
        ),
        Verdict::Locked => {
            "locked after too many wrong attempts; ask HR for a new password".to_owned()
        }
        Verdict::Expired => "expired; ask HR for a new password".to_owned(),
        Verdict::Unknown => {
            "no password to check: unknown or inactive employee, or none set".to_owned()
        }
    };
    let answer = Answer {
        verdict: &verdict,
        second_factor_required: verdict == Verdict::SecondFactorRequired,
    };
    if verdict.is_valid() {
        return print_result(ctx.settings.format, &answer, &format!("{code}: {text}"));
    }
    if ctx.settings.format == Format::Json {
        print_result(Format::Json, &answer, "")?;
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
                    eprintln!("  - the password {}", crate::text::escape_line(reason));
                }
            }
            Err(Failure::Reported(format!(
                "the new password for {code} was refused; nothing changed"
            ))
            .into())
        }
    }
}
