//! `send-email` and `notify-expiring`: mail without a password, through the same outbox,
//! limits, confirmation, dry run, report and exit codes as `send-password`.

use super::send::{DryRun, Mail, Report, confirm_send, finish, no_csv, where_mail_goes};
use super::sender::{DailyLimit, Sender};
use super::targets::{TargetArgs, targets};
use crate::context::Ctx;
use crate::credential;
use crate::delivery::send::{self, Address, MessageRequest, MessageTarget, Problem, Progress};
use crate::delivery::template::{self, TemplateKind};
use crate::error::Failure;
use crate::model::{Credential, Status, StoredEmployee};
use crate::store::{credentials, employees, outbox};
use crate::text::count;
use anyhow::{Context as _, Result};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  hrpass template set policy-change --kind message --subject 'Password policy changes on Monday' --text policy-change.txt
  hrpass send-email --template policy-change --all --dry-run
  hrpass send-email --template policy-change --department Sales --report mailed.csv")]
pub struct SendEmailArgs {
    /// The message template to send (kind message: it must not use {{ password }})
    #[arg(long, value_name = "NAME")]
    pub template: String,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Say what would happen; change and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write one row per employee with the outcome and reason
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// Which address it goes to: work, personal or auto (as send-password)
    #[arg(long, value_enum, default_value_t = Address::Work)]
    pub address: Address,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  hrpass notify-expiring --dry-run --format json
  hrpass --yes notify-expiring --within 2d     (cron, daily)")]
pub struct NotifyExpiringArgs {
    /// Remind employees whose issued password expires within this long: 3d, 36h, 90m
    #[arg(long, value_name = "DURATION", default_value = "3d", value_parser = parse_duration)]
    pub within: i64,
    /// The message template (default: expiring-password)
    #[arg(long, value_name = "NAME", default_value = template::EXPIRING_PASSWORD)]
    pub template: String,
    /// Say who would be reminded; change and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write one row per employee with the outcome and reason
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
}

/// The longest `--within`: past a year a "reminder" is no longer one.
const MAX_WITHIN_SECS: i64 = 366 * 24 * 3600;

/// "3d", "36h", "90m" or "45s" as seconds, from 1 s to `MAX_WITHIN_SECS`.
fn parse_duration(text: &str) -> Result<i64, String> {
    let seconds = super::duration_secs(text)
        .ok_or_else(|| format!("{text:?} is not a duration such as 3d, 36h, 90m or 45s"))?;
    if (1..=MAX_WITHIN_SECS).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(format!("{text:?} must be between 1s and 366d"))
    }
}

/// The message template `name`, refused unless it is a message template.
fn message_template(ctx: &mut Ctx, name: &str) -> Result<template::Template> {
    let t = template::current(ctx.store()?, name)?;
    if t.kind != TemplateKind::Message {
        return Err(Failure::usage(format!(
            "template {name:?} is a password template (it uses {{{{ password }}}}): send-email \
             and notify-expiring send message templates only (`hrpass template set NAME --kind \
             message …`); passwords go with send-password"
        )));
    }
    let portal = &ctx.config()?.portal;
    let (url, company) = (portal.login_url.clone(), portal.company.clone());
    template::trial(&t, &url, &company, &ctx.operator)
        .with_context(|| format!("template {name:?} cannot be used"))?;
    Ok(t)
}

/// An employee to mail, with the credential a reminder is about and where it goes (when not
/// where `--address` says).
struct Target {
    employee: StoredEmployee,
    credential: Option<Credential>,
    address: Option<String>,
}

/// One run of messages: confirmation (or dry run), then the send, the summary and the exit
/// code. `targets` are the employees to mail, with the credential a reminder is about.
struct Run<'a> {
    kind: &'static str,
    what: &'a str,
    template: template::Template,
    address: Address,
    dry_run: bool,
    report: Option<PathBuf>,
}

fn run(ctx: &mut Ctx, job: Run<'_>, targets: Vec<Target>, mut refused: Vec<Problem>) -> Result<()> {
    // Inactive employees and (for --address personal) those without a private address are
    // refused now, so the dry run and the confirmation say so.
    let mut go = Vec::with_capacity(targets.len());
    for target in targets {
        let e = &target.employee;
        let reason = if e.employee.status == Status::Inactive {
            Some("inactive employee".to_owned())
        } else if target.address.is_some() {
            None
        } else {
            job.address.choose(ctx.store()?.conn(), e)?.err()
        };
        match reason {
            Some(reason) => refused.push(Problem {
                employee_code: e.employee.code.clone(),
                reason,
            }),
            None => go.push(target),
        }
    }
    let daily_limit = DailyLimit::ahead(ctx, go.len())?;
    if job.dry_run {
        let limit_text = DailyLimit::said(&daily_limit);
        let result = DryRun {
            dry_run: true,
            would_send: go
                .iter()
                .map(|t| t.employee.employee.code.clone())
                .collect(),
            refused,
            daily_limit,
        };
        let text = format!(
            "Dry run, nothing sent or changed: would send {} ({}){limit_text}; {} refused.",
            count(result.would_send.len() as u64, "message", "messages"),
            job.what,
            result.refused.len()
        );
        return result.print(ctx, &text, Mail::Message);
    }
    let report = job.report.as_deref().map(Report::create).transpose()?;
    if !go.is_empty() && !ctx.settings.yes {
        let names: Vec<String> = go
            .iter()
            .take(5)
            .map(|t| t.employee.employee.full_name())
            .collect();
        let more = if go.len() > 5 {
            format!(" and {} more", go.len() - 5)
        } else {
            String::new()
        };
        let question = format!(
            "Send {} to {} ({}{more}), {}{}",
            job.what,
            count(go.len() as u64, "employee", "employees"),
            names.join(", "),
            where_mail_goes(ctx)?,
            DailyLimit::said(&daily_limit)
        );
        confirm_send(ctx, question, refused.len())?;
    }
    let mut sender = Sender::open(ctx)?;
    let bars = ctx.count_bars(&[(go.len() as u64, "Sending")]);
    let progress = Progress {
        hashed: &|_| {},
        sent: &|n| bars[0].set_position(n),
    };
    let message_targets: Vec<MessageTarget<'_>> = go
        .iter()
        .map(|t| MessageTarget {
            employee: &t.employee,
            credential: t.credential.as_ref(),
            address: t.address.as_deref(),
        })
        .collect();
    let request = MessageRequest {
        kind: job.kind,
        template: &job.template,
        address: job.address,
        now: credential::now(),
    };
    let mut summary = sender.run(ctx, progress, |store, transport, run| {
        send::send_messages(store, transport, &message_targets, &request, run)
    })?;
    bars[0].finish_and_clear();
    summary.refused.splice(0..0, refused);
    finish(ctx, &summary, report, Mail::Message)
}

pub fn send_email(args: SendEmailArgs, ctx: &mut Ctx) -> Result<()> {
    no_csv(ctx)?;
    ctx.config()?.check_ready_to_mail()?;
    let template = message_template(ctx, &args.template)?;
    let (found, unknown) = targets(&args.targets, ctx)?;
    let what = format!("the message {:?}", template.name);
    run(
        ctx,
        Run {
            kind: "email",
            what: &what,
            template,
            address: args.address,
            dry_run: args.dry_run,
            report: args.report,
        },
        found
            .into_iter()
            .map(|employee| Target {
                employee,
                credential: None,
                address: None,
            })
            .collect(),
        unknown,
    )
}

pub fn notify_expiring(args: NotifyExpiringArgs, ctx: &mut Ctx) -> Result<()> {
    no_csv(ctx)?;
    ctx.config()?.check_ready_to_mail()?;
    let template = message_template(ctx, &args.template)?;
    let now = credential::now();
    let conn = ctx.store()?.conn();
    let mut targets = Vec::new();
    for c in credentials::expiring_unreminded(conn, now, now + args.within)? {
        let Some(employee) = employees::by_id(conn, c.employee_id)? else {
            continue;
        };
        // Where the password went (a new hire's private address, say), else at work.
        let address = outbox::delivered_to(conn, c.id)?;
        targets.push(Target {
            employee,
            credential: Some(c),
            address,
        });
    }
    let what = "a reminder that their issued password expires soon";
    if targets.is_empty() && !args.dry_run {
        ctx.status(
            "No issued password expires within that time without a reminder; nothing to send.",
        );
    }
    run(
        ctx,
        Run {
            kind: "expiry",
            what,
            template,
            address: Address::Work,
            dry_run: args.dry_run,
            report: args.report,
        },
        targets,
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_a_unit_and_stay_in_range() {
        assert_eq!(parse_duration("3d"), Ok(3 * 86_400));
        assert_eq!(parse_duration("36h"), Ok(36 * 3_600));
        assert_eq!(parse_duration("90m"), Ok(5_400));
        for bad in ["3", "d", "3w", "0d", "367d", "-1d", "99999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
