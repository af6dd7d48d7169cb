//! `hrpass send-password`: the main job, from the confirmation to the summary and exit code.

use super::sender::{DailyLimit, Sender, mail_dir};
use super::targets::{TargetArgs, targets};
use crate::config::Transport as TransportKind;
use crate::context::Ctx;
use crate::credential;
use crate::delivery::send::{self, Mode, Problem, Progress, Request, Summary};
use crate::delivery::template;
use crate::error::Failure;
use crate::output::{Format, TableRow, print_list, print_result};
use crate::paths::PrivateFile;
use crate::text::{SafeCsv, count};
use anyhow::{Context, Result};
use clap::{ArgGroup, Args};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").required(true).args(["regenerate", "existing", "link"])))]
#[command(after_help = "Examples:
  hrpass send-password --regenerate --dry-run       the selection, nothing sent
  hrpass send-password --regenerate                 the selection, after a confirmation
  hrpass send-password --existing --to E0007,E0012
  hrpass send-password --link --to E0031            a single-use link to set a password
  hrpass send-password --regenerate --department Sales --report sent.csv
  hrpass --yes --format json send-password --regenerate --expired   (cron)")]
pub struct SendArgs {
    /// Generate a new password per the policy for each employee
    #[arg(long)]
    pub regenerate: bool,
    /// Send the password hrpass already issued (refused where there is none)
    #[arg(long)]
    pub existing: bool,
    /// Send a single-use link to set a password on the portal instead of a password
    /// (needs [portal] public_url; valid for the policy's link_valid_hours once delivered)
    #[arg(long)]
    pub link: bool,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Say what would happen; change and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The email template (default: new-password, existing-password or activation-link)
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Write one row per employee with the outcome and reason
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// Which address new deliveries go to: work (`email`), personal (`personal_email`;
    /// employees without one are refused) or auto (personal for a new hire who has it and
    /// no active password yet, else work)
    #[arg(long, value_enum, default_value_t = send::Address::Work)]
    pub address: send::Address,
}

#[derive(Debug, serde::Serialize)]
pub(super) struct DryRun {
    pub dry_run: bool,
    pub would_send: Vec<String>,
    pub refused: Vec<Problem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_limit: Option<DailyLimit>,
}

impl DryRun {
    /// Prints what a dry run found and exits with the code the real run would.
    pub(super) fn print(&self, ctx: &Ctx, text: &str, mail: Mail) -> Result<()> {
        print_refused(ctx, &self.refused);
        print_result(ctx.settings.format, self, text)?;
        exit_code(self.would_send.len(), self.refused.len(), true, mail)
    }
}

/// The `--report` file, created before anything is written so an unwritable path changes
/// nothing; filled in when the run ends.
pub(super) struct Report {
    path: PathBuf,
    writer: SafeCsv<PrivateFile>,
}

impl Report {
    pub(super) fn create(path: &std::path::Path) -> Result<Report> {
        let file = PrivateFile::create(path)
            .with_context(|| format!("cannot write the report {}", path.display()))?;
        Ok(Report {
            path: path.to_owned(),
            writer: SafeCsv::new(file),
        })
    }

    fn write(mut self, summary: &Summary) -> Result<()> {
        let path = self.path.display().to_string();
        self.writer
            .header(&["employee_code", "outcome", "address", "reason"])
            .with_context(|| format!("cannot write the report {path}"))?;
        let mut row = |employee_code: &str, outcome: &str, address: &str, reason: &str| {
            self.writer
                .row([employee_code, outcome, address, reason])
                .with_context(|| format!("cannot write the report {path}"))
        };
        for code in &summary.sent {
            let address = summary.addresses.get(code).map_or("", String::as_str);
            row(code, "sent", address, "")?;
        }
        for (outcome, list) in [
            ("superseded", &summary.superseded),
            ("failed", &summary.failed),
            ("refused", &summary.refused),
        ] {
            for p in list {
                let address = summary.addresses.get(&p.employee_code);
                row(
                    &p.employee_code,
                    outcome,
                    address.map_or("", String::as_str),
                    &p.reason,
                )?;
            }
        }
        self.writer
            .finish()
            .and_then(|file| Ok(file.commit()?))
            .with_context(|| format!("cannot write the report {path}"))
    }
}

pub fn send_password(args: SendArgs, ctx: &mut Ctx) -> Result<()> {
    no_csv(ctx)?;
    let mode = if args.regenerate {
        Mode::Regenerate
    } else if args.link {
        Mode::Link
    } else {
        Mode::Existing
    };
    let mail = match mode {
        Mode::Link => Mail::Link,
        _ => Mail::Password,
    };
    let template_name = args.template.clone().unwrap_or_else(|| {
        match mode {
            Mode::Regenerate => template::NEW_PASSWORD,
            Mode::Existing => template::EXISTING_PASSWORD,
            Mode::Link => template::ACTIVATION_LINK,
        }
        .to_owned()
    });
    if mode == Mode::Link && ctx.config()?.portal.public_url.is_none() {
        return Err(Failure::usage(
            "send-password --link needs the portal's address: set [portal] public_url in \
             hrpass.toml (the address `hrpass serve` is reached at)",
        ));
    }
    // Everything that can be checked is checked before the first write: the template (a
    // trial render), the argon2 settings, the report path, then (in `Sender::open`) the mail
    // settings and the vault key.
    ctx.config()?.check_ready_to_mail()?;
    let template = template::current(ctx.store()?, &template_name)?;
    match (mode, template.kind) {
        (Mode::Link, template::TemplateKind::Link)
        | (Mode::Regenerate | Mode::Existing, template::TemplateKind::Password) => {}
        (_, template::TemplateKind::Message) => {
            return Err(Failure::usage(format!(
                "template {template_name:?} is a message template and carries no password: \
                 send it with `hrpass send-email --template {template_name}`"
            )));
        }
        (Mode::Link, _) => {
            return Err(Failure::usage(format!(
                "template {template_name:?} is a password template: --link needs a link \
                 template (one that uses {{{{ link }}}}, such as activation-link)"
            )));
        }
        (_, template::TemplateKind::Link) => {
            return Err(Failure::usage(format!(
                "template {template_name:?} carries a link, not a password: send it with \
                 `hrpass send-password --link --template {template_name}`"
            )));
        }
    }
    {
        let portal = &ctx.config()?.portal;
        let (url, company) = (portal.login_url.clone(), portal.company.clone());
        template::trial(&template, &url, &company, &ctx.operator)
            .with_context(|| format!("template {template_name:?} cannot be used"))?;
    }
    let params = ctx.config()?.hashing.params()?;
    let (targets, unknown) = targets(&args.targets, ctx)?;
    let now = credential::now();
    // Seen as this home's next sender would see it (a dead run's deliveries are its own).
    let looking = crate::store::outbox::Lease::new(0, &ctx.settings.home.dir)?;
    let scope = ctx.actor()?.scope_filter();
    let plan = send::plan(
        ctx.store()?,
        targets.clone(),
        mode,
        args.address,
        now,
        &looking,
        scope.as_ref(),
    )?;
    let mut refused = unknown.clone();
    refused.extend(plan.refused.iter().cloned());
    let recipients = plan.recipients();

    let daily_limit = DailyLimit::ahead(ctx, recipients.len())?;
    if args.dry_run {
        let limit_text = DailyLimit::said(&daily_limit);
        let result = DryRun {
            dry_run: true,
            would_send: recipients,
            refused,
            daily_limit,
        };
        let text = format!(
            "Dry run, nothing sent or changed: would send {} ({} left queued by an earlier run, {} {}){limit_text}; {} refused.",
            count(result.would_send.len() as u64, mail.noun(), mail.nouns()),
            plan.resume.len(),
            plan.fresh.len(),
            match mode {
                Mode::Regenerate => "new",
                Mode::Existing => "existing",
                Mode::Link => "new",
            },
            result.refused.len()
        );
        return result.print(ctx, &text, mail);
    }
    let report = args.report.as_deref().map(Report::create).transpose()?;

    if !recipients.is_empty() && !ctx.settings.yes {
        let names: Vec<String> = plan
            .fresh
            .iter()
            .take(5)
            .map(|e| e.employee.full_name())
            .collect();
        let more = if plan.fresh.len() > 5 {
            format!(" and {} more", plan.fresh.len() - 5)
        } else {
            String::new()
        };
        let what = match mode {
            Mode::Regenerate => "new passwords",
            Mode::Existing => "their existing passwords",
            Mode::Link => "links to set a password",
        };
        let mut question = format!(
            "Send {what} to {} ({}{more})",
            count(plan.fresh.len() as u64, "employee", "employees"),
            names.join(", ")
        );
        if !plan.resume.is_empty() {
            question.push_str(&format!(
                ", and resend {} an earlier run left queued",
                count(plan.resume.len() as u64, "delivery", "deliveries")
            ));
        }
        question.push_str(&format!(", {}", where_mail_goes(ctx)?));
        question.push_str(&DailyLimit::said(&daily_limit));
        confirm_send(ctx, question, refused.len())?;
    }

    let mut sender = Sender::open(ctx)?;
    if !plan.resume.is_empty() {
        ctx.status(&format!(
            "Resending {} an earlier run left queued…",
            count(plan.resume.len() as u64, "delivery", "deliveries")
        ));
    }
    let total = (plan.fresh.len() + plan.resume.len()) as u64;
    let bars = match mode {
        Mode::Regenerate => {
            ctx.count_bars(&[(plan.fresh.len() as u64, "Hashing"), (total, "Sending")])
        }
        Mode::Existing | Mode::Link => ctx.count_bars(&[(total, "Sending")]),
    };
    let (hashing, sending) = (
        bars.first().expect("one bar"),
        bars.last().expect("one bar"),
    );
    let request = Request {
        targets: &targets,
        mode,
        address: args.address,
        template: &template,
        params: &params,
        now,
        hashers: None,
    };
    let progress = Progress {
        hashed: &|n| hashing.inc(n),
        sent: &|n| sending.set_position(n),
    };
    let mut summary = sender.run(ctx, progress, |store, transport, run| {
        send::send(store, transport, &request, run)
    })?;
    for bar in &bars {
        bar.finish_and_clear();
    }
    summary.refused.splice(0..0, unknown);
    finish(ctx, &summary, report, mail)
}

/// Asks `question` (with how many targets will be refused) before a send; `Cancelled` when
/// the answer is no.
pub(super) fn confirm_send(ctx: &mut Ctx, mut question: String, refused: usize) -> Result<()> {
    if refused > 0 {
        question.push_str(&format!(
            " ({} will be refused: see --dry-run)",
            count(refused as u64, "target", "targets")
        ));
    }
    question.push('?');
    if ctx
        .prompter
        .confirm(&question, "pass --yes to send without asking")?
    {
        Ok(())
    } else {
        Err(Failure::Cancelled.into())
    }
}

/// Where the mail goes, for the confirmation: "by SMTP through host:port (STARTTLS)".
pub(super) fn where_mail_goes(ctx: &mut Ctx) -> Result<String> {
    let home = ctx.settings.home.dir.clone();
    let config = ctx.config()?;
    Ok(match config.delivery.transport {
        TransportKind::Smtp => format!(
            "by SMTP through {}:{} ({})",
            config.smtp.host,
            config.smtp.port,
            match config.smtp.security {
                crate::config::Security::Starttls => "STARTTLS",
                crate::config::Security::Tls => "TLS",
                crate::config::Security::None => "plain text, loopback only",
            }
        ),
        TransportKind::Sendmail => {
            format!("through {}", config.delivery.sendmail_command.display())
        }
        TransportKind::File => {
            format!("as .eml files in {}", mail_dir(config, &home).display())
        }
    })
}

/// A sending command's summary has no CSV form: say so (exit 2) rather than mix prose into
/// what a script takes for CSV.
pub(super) fn no_csv(ctx: &Ctx) -> Result<()> {
    if ctx.settings.format == Format::Csv {
        return Err(Failure::usage(
            "a send prints its summary as a table or as JSON (--format json); --report FILE.csv \
             writes one CSV row per employee",
        ));
    }
    Ok(())
}

/// The exit code of a sending command from how many targets got (or would get) mail and how
/// many did not: 0 all, 3 some, 1 none.
pub(super) fn exit_code(delivered: usize, not: usize, dry_run: bool, mail: Mail) -> Result<()> {
    let (got, did_not) = if dry_run {
        ("would get", "would not")
    } else {
        ("got", "did not")
    };
    if not == 0 {
        Ok(())
    } else if delivered == 0 {
        Err(Failure::Reported(format!("no employee {got} {}", mail.one())).into())
    } else {
        Err(Failure::Partial(format!(
            "{} {got} {}, {not} {did_not} (see the summary)",
            count(delivered as u64, "employee", "employees"),
            mail.one()
        ))
        .into())
    }
}

pub(super) fn print_refused(ctx: &Ctx, refused: &[Problem]) {
    if ctx.settings.format == Format::Table {
        for p in refused {
            let line = format!("  refused {}: {}", p.employee_code, p.reason);
            eprintln!("{}", crate::text::escape_line(&line));
        }
    }
}

impl TableRow for Problem {
    fn header() -> Vec<&'static str> {
        vec!["employee_code", "reason"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.employee_code.clone(), self.reason.clone()]
    }
}

/// Prints the summary, writes the report and picks the exit code: 0 every target
/// delivered; 3 some delivered and some not; 1 none delivered (the summary is still printed
/// and says what stays queued).
pub(super) fn finish(
    ctx: &Ctx,
    summary: &Summary,
    report: Option<Report>,
    mail: Mail,
) -> Result<()> {
    match ctx.settings.format {
        Format::Json => print_result(Format::Json, summary, "")?,
        _ => {
            println!(
                "{} sent to {}.",
                mail.many(),
                count(summary.sent.len() as u64, "employee", "employees")
            );
            if let Some(reason) = &summary.stopped {
                ctx.warn(&format!(
                    "sending stopped: {reason}; the rest stay queued for `hrpass outbox retry`"
                ));
            }
            for (what, list) in [
                (
                    "Delivered, but superseded (their current password keeps working)",
                    &summary.superseded,
                ),
                ("Not delivered", &summary.failed),
                ("Refused", &summary.refused),
            ] {
                if !list.is_empty() {
                    println!("{what}:");
                    print_list(ctx.settings.format, list)?;
                }
            }
        }
    }
    let queued = summary.still_queued;
    if queued > 0 {
        ctx.status(&format!(
            "{} with {} still queued: send {} with `hrpass outbox retry`.",
            count(queued as u64, "delivery", "deliveries"),
            if queued == 1 {
                "its password"
            } else {
                "their passwords"
            },
            if queued == 1 { "it" } else { "them" }
        ));
    }
    // After the summary: the mail has gone, so a report that cannot be finished (a full
    // disk) must not hide what happened, nor change the exit code that says it.
    if let Some(report) = report
        && let Err(e) = report.write(summary)
    {
        ctx.warn(&format!("{e:#}"));
    }
    let not = summary.failed.len() + summary.refused.len();
    exit_code(summary.delivered(), not, false, mail)
}

/// What a sending command mails, for its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mail {
    Password,
    Link,
    Message,
    /// Whatever was queued (`outbox retry`).
    Any,
}

impl Mail {
    fn one(self) -> &'static str {
        match self {
            Mail::Password => "a password",
            Mail::Link => "a link",
            Mail::Message => "the message",
            Mail::Any => "their mail",
        }
    }

    fn many(self) -> &'static str {
        match self {
            Mail::Password => "Passwords",
            Mail::Link => "Links",
            Mail::Message => "Messages",
            Mail::Any => "Mail",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Mail::Link => "link",
            Mail::Message => "message",
            _ => "password",
        }
    }

    fn nouns(self) -> &'static str {
        match self {
            Mail::Link => "links",
            Mail::Message => "messages",
            _ => "passwords",
        }
    }
}
