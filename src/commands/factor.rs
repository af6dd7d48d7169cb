//! `hrpass 2fa enroll | confirm | status | reset`: employees' second factor (TOTP). The
//! portal calls enroll and confirm for the signed-in employee; HR resets a lost phone.

use crate::context::Ctx;
use crate::credential::{self, factor};
use crate::error::Failure;
use crate::output::{Format, print_result};
use crate::vault::Vault;
use anyhow::{Context, Result};
use clap::Subcommand;
use secrecy::ExposeSecret;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum FactorCommand {
    /// Start an employee's enrolment: print the otpauth:// URI and its QR code for their
    /// authenticator app (not active until confirmed)
    #[command(
        after_help = "Examples:\n  hrpass 2fa enroll E042 --qr /tmp/E042.svg\n  \
                            hrpass 2fa enroll E042 --format json"
    )]
    Enroll {
        /// The employee's code
        code: String,
        /// Also write the QR code to FILE (.png or .svg), readable by you only
        #[arg(long, value_name = "FILE")]
        qr: Option<PathBuf>,
    },
    /// Activate the enrolment with a current code from the app (on stdin, or asked); prints
    /// ten single-use recovery codes, this once
    #[command(after_help = "Example:\n  echo 492039 | hrpass 2fa confirm E042")]
    Confirm {
        /// The employee's code
        code: String,
    },
    /// Whether an employee has a second factor (without CODE: how many employees have one)
    Status {
        /// The employee's code
        code: Option<String>,
    },
    /// Remove an employee's second factor, e.g. after a lost phone (audited); they sign in
    /// with their password alone until they enrol again
    Reset {
        /// The employee's code
        code: String,
    },
}

pub fn run(command: FactorCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        FactorCommand::Enroll { code, qr } => enroll(ctx, &code, qr.as_deref()),
        FactorCommand::Confirm { code } => confirm(ctx, &code),
        FactorCommand::Status { code } => {
            if let Some(code) = &code {
                super::check_scope(ctx, code)?;
            }
            status(ctx, code.as_deref())
        }
        FactorCommand::Reset { code } => {
            super::check_scope(ctx, &code)?;
            reset(ctx, &code)
        }
    }
}

/// The image format `--qr` writes, from its extension.
#[derive(Clone, Copy)]
enum QrFile {
    Png,
    Svg,
}

impl QrFile {
    fn of(path: &Path) -> Result<QrFile> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Ok(QrFile::Png),
            Some("svg") => Ok(QrFile::Svg),
            _ => Err(Failure::usage(format!(
                "--qr {}: the file must end in .png or .svg",
                crate::text::escape_line(&path.display().to_string())
            ))),
        }
    }
}

#[derive(Serialize)]
struct Enrolled<'a> {
    employee_code: &'a str,
    version: i64,
    /// The otpauth:// URI: show it as a QR code, never store or mail it.
    uri: &'a str,
    secret: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    qr_file: Option<String>,
}

fn enroll(ctx: &mut Ctx, code: &str, qr: Option<&Path>) -> Result<()> {
    // Everything that can fail is checked before the enrolment is written.
    let qr_kind = qr.map(QrFile::of).transpose()?;
    if let Some(path) = qr
        && path.exists()
    {
        return Err(Failure::usage(format!(
            "--qr {}: the file exists; hrpass does not replace it",
            crate::text::escape_line(&path.display().to_string())
        )));
    }
    let issuer = ctx.config()?.portal.company.clone();
    if ctx
        .config()?
        .placeholders()
        .iter()
        .any(|p| p.starts_with("[portal] company"))
    {
        ctx.warn(&format!(
            "[portal] company is still init's example {issuer:?}: the authenticator app will \
             show that name for this account until the employee enrols again"
        ));
    }
    let vault = Vault::open(&ctx.settings.home.vault_key())?;
    crate::delivery::send::check_vault(ctx.store()?, &vault)?;
    let operator = ctx.operator.clone();
    let enrolment = factor::enroll(
        ctx.store()?,
        code,
        &vault,
        &issuer,
        credential::now(),
        &operator,
    )?;
    let mut qr_file = None;
    if let (Some(path), Some(kind)) = (qr, qr_kind) {
        let bytes = match kind {
            QrFile::Png => factor::qr_png(&enrolment.uri)?,
            QrFile::Svg => factor::qr_svg(&enrolment.uri)?,
        };
        let written = (|| -> std::io::Result<()> {
            let mut file = crate::paths::PrivateFile::create(path)?;
            file.write_all(&bytes)?;
            file.commit_new()
        })();
        written.with_context(|| format!("cannot write the QR code to {}", path.display()))?;
        qr_file = Some(path.display().to_string());
    }
    let code = enrolment.employee_code.as_str();
    if ctx.settings.format == Format::Json {
        return print_result(
            Format::Json,
            &Enrolled {
                employee_code: code,
                version: enrolment.version,
                uri: enrolment.uri.expose_secret(),
                secret: enrolment.secret.expose_secret(),
                qr_file,
            },
            "",
        );
    }
    let mut out = std::io::stdout().lock();
    if std::io::stdout().is_terminal() {
        writeln!(
            out,
            "Scan this with the authenticator app of {}:\n",
            crate::text::escape_line(code)
        )?;
        writeln!(out, "{}", factor::qr_text(&enrolment.uri)?)?;
    }
    writeln!(out, "Key:  {}", enrolment.secret.expose_secret())?;
    writeln!(out, "URI:  {}", enrolment.uri.expose_secret())?;
    if let Some(path) = &qr_file {
        writeln!(
            out,
            "QR:   {} (delete it once scanned)",
            crate::text::escape_line(path)
        )?;
    }
    out.flush()?;
    ctx.status(&format!(
        "Not active yet: confirm with a code from the app, `hrpass 2fa confirm {code}`."
    ));
    Ok(())
}

#[derive(Serialize)]
struct Confirmed<'a> {
    employee_code: &'a str,
    version: i64,
    /// Each works once in place of a code; shown only now.
    recovery_codes: Vec<&'a str>,
}

fn confirm(ctx: &mut Ctx, code: &str) -> Result<()> {
    let one_time = if ctx.interactive() {
        ctx.prompter.password(
            &format!("Code from the authenticator app of {code}"),
            false,
            "pipe it on stdin",
        )?
    } else {
        super::read_stdin_line("code")?.ok_or_else(|| {
            anyhow::anyhow!("no code on stdin: pass the app's current code as the first line")
        })?
    };
    let vault = Vault::open(&ctx.settings.home.vault_key())?;
    let operator = ctx.operator.clone();
    match factor::confirm(
        ctx.store()?,
        code,
        one_time.expose_secret(),
        &vault,
        credential::now(),
        &operator,
    )? {
        factor::Confirmation::WrongCode => Err(Failure::Reported(format!(
            "{code}: the code does not match the enrolment (check the phone's clock, or enrol \
             again); nothing changed"
        ))
        .into()),
        factor::Confirmation::Confirmed {
            version,
            recovery_codes,
        } => {
            let codes: Vec<&str> = recovery_codes.iter().map(|c| c.expose_secret()).collect();
            if ctx.settings.format == Format::Json {
                return print_result(
                    Format::Json,
                    &Confirmed {
                        employee_code: code,
                        version,
                        recovery_codes: codes,
                    },
                    "",
                );
            }
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "Second factor {version} is active for {}. Recovery codes, each good for one \
                 sign-in without the phone (shown only now; keep them somewhere safe):",
                crate::text::escape_line(code)
            )?;
            for c in codes {
                writeln!(out, "  {c}")?;
            }
            out.flush()?;
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct Counts {
    active_employees: u64,
    enrolled: u64,
    pending: u64,
    require_2fa: bool,
}

fn status(ctx: &mut Ctx, code: Option<&str>) -> Result<()> {
    let conn = ctx.store()?.conn();
    let Some(code) = code else {
        let (enrolled, pending) = crate::store::factors::counts(conn)?;
        let active_employees = crate::store::employees::count_active(conn)?;
        let require_2fa = crate::policy::current(conn)?.policy.require_2fa;
        let text = format!(
            "{} of {} have a second factor; {} waiting for confirmation{}.",
            enrolled,
            crate::text::count(active_employees, "active employee", "active employees"),
            crate::text::count(pending, "enrolment", "enrolments"),
            if require_2fa {
                "; the policy requires one"
            } else {
                ""
            }
        );
        return print_result(
            ctx.settings.format,
            &Counts {
                active_employees,
                enrolled,
                pending,
                require_2fa,
            },
            &text,
        );
    };
    let Some(e) = crate::store::employees::find_code(conn, code)? else {
        return Err(Failure::Reported(format!("no employee has code {code:?}")).into());
    };
    let s = factor::status(conn, &e)?;
    match ctx.settings.format {
        Format::Json => print_result(Format::Json, &s, ""),
        _ => crate::output::print_record(&[
            ("employee", s.employee_code.clone()),
            ("second factor", s.state.to_owned()),
            (
                "confirmed",
                s.confirmed_at
                    .map(crate::text::timestamp)
                    .unwrap_or_default(),
            ),
            (
                "recovery codes left",
                s.recovery_codes_left
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ),
            (
                "enrolment waiting",
                if s.pending { "yes" } else { "no" }.to_owned(),
            ),
        ]),
    }
}

fn reset(ctx: &mut Ctx, code: &str) -> Result<()> {
    if !ctx.settings.yes {
        let question = format!(
            "Remove the second factor of {code}? They sign in with their password alone until \
             they enrol again"
        );
        if !ctx
            .prompter
            .confirm(&question, "pass --yes to reset without asking")?
        {
            return Err(Failure::Cancelled.into());
        }
    }
    let operator = ctx.operator.clone();
    let retired = factor::reset(ctx.store()?, code, &operator)?;
    #[derive(Serialize)]
    struct Reset<'a> {
        employee_code: &'a str,
        retired: usize,
    }
    let text = if retired == 0 {
        format!("{code} had no second factor; nothing changed.")
    } else {
        format!("Second factor of {code} removed.")
    };
    print_result(
        ctx.settings.format,
        &Reset {
            employee_code: code,
            retired,
        },
        &text,
    )
}
