//! `hrpass send-password` and `hrpass outbox list|retry|cancel`: the main job.

use crate::config::{Config, Transport as TransportKind};
use crate::context::Ctx;
use crate::credential;
use crate::delivery::send::{self, Mode, Problem, Progress, Request, Run, Settings, Summary};
use crate::delivery::template;
use crate::error::Failure;
use crate::mail::{FileTransport, Pace, SendmailTransport, SmtpTransport, Transport};
use crate::model::{DeliveryState, StoredEmployee};
use crate::output::{Format, TableRow, print_list, print_result};
use crate::paths::PrivateFile;
use crate::store::{EmployeeFilter, Store, employees, outbox, selection};
use crate::text::{SafeCsv, count};
use crate::vault::Vault;
use anyhow::{Context, Result, bail};
use clap::{ArgGroup, Args, Subcommand};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").required(true).args(["regenerate", "existing"])))]
#[command(after_help = "Examples:
  hrpass send-password --regenerate --dry-run       the selection, nothing sent
  hrpass send-password --regenerate                 the selection, after a confirmation
  hrpass send-password --existing --to E0007,E0012
  hrpass send-password --regenerate --department Sales --report sent.csv
  hrpass --yes --format json send-password --regenerate --expired   (cron)")]
pub struct SendArgs {
    /// Generate a new password per the policy for each employee
    #[arg(long)]
    pub regenerate: bool,
    /// Send the password hrpass already issued (refused where there is none)
    #[arg(long)]
    pub existing: bool,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Say what would happen; change and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The email template (default: new-password or existing-password)
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

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Deliveries, newest last
    #[command(after_help = "Examples:
  hrpass outbox list --state failed
  hrpass --format json outbox list --state queued")]
    List {
        /// Only this state: queued, sent, failed, cancelled, superseded or obsolete
        #[arg(long)]
        state: Option<DeliveryState>,
    },
    /// Send again, with the same passwords: per employee the newest queued or failed
    /// delivery whose password can still be used (older ones become obsolete)
    Retry,
    /// Drop deliveries (by number from `outbox list`); a new password they carried is dropped
    Cancel {
        /// Delivery numbers (the `id` column of `outbox list`)
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
    },
}

/// Holds the send lock: two hrpass processes never send at once; the second waits.
struct SendLock(#[allow(dead_code)] std::fs::File);

fn lock(ctx: &Ctx) -> Result<SendLock> {
    let path = ctx.settings.home.dir.join("send.lock");
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    if file.try_lock().is_err() {
        ctx.status("Another hrpass is sending; waiting for it to finish…");
        file.lock()?;
    }
    Ok(SendLock(file))
}

/// Where the file transport writes: `[delivery] file_dir`, relative to the home.
fn mail_dir(config: &Config, home: &std::path::Path) -> PathBuf {
    let dir = config
        .delivery
        .file_dir
        .clone()
        .unwrap_or_else(|| "outbox-mail".into());
    home.join(dir)
}

pub(super) fn transport(
    config: &Config,
    home: &std::path::Path,
    ctx: &Ctx,
) -> Result<Box<dyn Transport>> {
    Ok(match config.delivery.transport {
        TransportKind::Smtp => Box::new(SmtpTransport::new(&config.smtp, pace(config))?),
        TransportKind::File => {
            let dir = mail_dir(config, home);
            ctx.warn(&format!(
                "the file transport writes messages WITH PASSWORDS to {}; keep it private",
                dir.display()
            ));
            Box::new(FileTransport::new(dir)?)
        }
        TransportKind::Sendmail => Box::new(SendmailTransport::new(
            config.delivery.sendmail_command.clone(),
            config.delivery.rate_per_minute,
        )),
    })
}

fn pace(config: &Config) -> Pace {
    let delivery = &config.delivery;
    Pace {
        concurrency: config.connections(),
        per_minute: delivery.rate_per_minute,
        max_attempts: delivery.max_attempts.max(1),
        retry_within: Duration::from_secs(delivery.retry_within_secs),
    }
}

/// What a sending run holds: settings from config, the transport, the vault and the send lock
/// (owned, so they outlive each borrow of `ctx`).
pub(super) struct Sender {
    config: Config,
    from: lettre::message::Mailbox,
    domain: String,
    operator: String,
    transport: Box<dyn Transport>,
    vault: Vault,
    /// This run's hold on the deliveries it queues or takes.
    lease: crate::store::outbox::Lease,
    _lock: SendLock,
}

impl Sender {
    /// Reads the config, takes the send lock (waiting for another run), opens the transport
    /// and the vault.
    pub(super) fn open(ctx: &mut Ctx) -> Result<Sender> {
        let config = ctx.config()?.clone();
        config.check_ready_to_mail()?;
        let from: lettre::message::Mailbox = config.smtp.from.parse().with_context(|| {
            format!("[smtp] from = {:?} is not a mail address", config.smtp.from)
        })?;
        let domain = from.email.domain().to_owned();
        let lock = lock(ctx)?;
        let transport = transport(&config, &ctx.settings.home.dir, ctx)?;
        let vault = Vault::open(&ctx.settings.home.vault_key())?;
        send::check_vault(ctx.store()?, &vault)?;
        Ok(Sender {
            config,
            from,
            domain,
            operator: ctx.operator.clone(),
            transport,
            vault,
            lease: crate::store::outbox::Lease::new(send::LEASE_SECS, &ctx.settings.home.dir)?,
            _lock: lock,
        })
    }

    /// Runs `work` (`send::send` or `send::resume`) with the store, the transport and what a
    /// run needs from the config.
    pub(super) fn run(
        &mut self,
        ctx: &mut Ctx,
        progress: Progress<'_>,
        work: impl FnOnce(&mut Store, &mut dyn Transport, &Run<'_>) -> Result<Summary>,
    ) -> Result<Summary> {
        let store = ctx.store()?;
        let policy = crate::policy::current(store.conn())?;
        let timezone = self.config.portal.time_zone()?;
        let settings = Settings {
            timezone: &timezone,
            from: &self.from,
            domain: &self.domain,
            login_url: &self.config.portal.login_url,
            company: &self.config.portal.company,
            operator: &self.operator,
        };
        let run = Run {
            lease: &self.lease,
            vault: &self.vault,
            policy: &policy,
            settings: &settings,
            progress,
            daily_limit: self.config.delivery.daily_limit,
        };
        work(store, self.transport.as_mut(), &run)
    }
}

/// Who a sending command mails (the same flags for send-password and send-email).
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// These employees, by code (case does not matter; several after one --to, or
    /// comma-separated; default: the selection)
    #[arg(long, value_name = "CODE", num_args = 1.., value_delimiter = ',')]
    pub to: Vec<String>,
    /// Every employee
    #[arg(long)]
    pub all: bool,
    /// Everyone in this department
    #[arg(long, value_name = "D")]
    pub department: Option<String>,
    /// Everyone whose password breaks the policy in force
    #[arg(long)]
    pub non_compliant: bool,
    /// Everyone whose password has expired
    #[arg(long)]
    pub expired: bool,
}

/// The employees the flags name, or the selection.
pub(super) fn targets(
    args: &TargetArgs,
    ctx: &mut Ctx,
) -> Result<(Vec<StoredEmployee>, Vec<Problem>)> {
    let conn = ctx.store()?.conn();
    let mut found: BTreeMap<i64, StoredEmployee> = BTreeMap::new();
    let mut unknown = Vec::new();
    for code in &args.to {
        match employees::find_code(conn, code)? {
            Some(e) => {
                found.insert(e.id, e);
            }
            None => unknown.push(Problem {
                employee_code: code.clone(),
                reason: "no employee has this code".into(),
            }),
        }
    }
    let mut filters = Vec::new();
    if args.all {
        filters.push(EmployeeFilter::default());
    }
    if let Some(d) = &args.department {
        if employees::department(conn, d)?.is_none() {
            bail!("--department: no employee is in a department called {d:?}");
        }
        filters.push(EmployeeFilter {
            department: Some(d.clone()),
            ..EmployeeFilter::default()
        });
    }
    if args.non_compliant {
        let policy = crate::policy::current(conn)?.policy;
        filters.push(EmployeeFilter {
            non_compliant: Some(policy),
            ..EmployeeFilter::default()
        });
    }
    if args.expired {
        filters.push(EmployeeFilter {
            expired_at: Some(credential::now()),
            ..EmployeeFilter::default()
        });
    }
    // Inactive employees are not targets of a filter (they would only be refused, and a
    // clean nightly run would exit 3 for ever); one named explicitly is refused with why.
    let mut skipped = std::collections::BTreeSet::new();
    for filter in &filters {
        for e in employees::search(conn, filter)? {
            if e.employee.status == crate::model::Status::Inactive {
                skipped.insert(e.id);
            } else {
                found.insert(e.id, e);
            }
        }
    }
    skipped.retain(|id| !found.contains_key(id));
    if args.to.is_empty() && filters.is_empty() {
        for e in selection::list(conn)? {
            found.insert(e.id, e);
        }
        if found.is_empty() {
            bail!(
                "no employee is selected: add some with `hrpass select add`, or pass --to, --all, --department, --non-compliant or --expired"
            );
        }
    }
    if !skipped.is_empty() {
        ctx.status(&format!(
            "Skipped {} matched by the filters.",
            count(
                skipped.len() as u64,
                "inactive employee",
                "inactive employees"
            )
        ));
    }
    Ok((found.into_values().collect(), unknown))
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

/// What `[delivery] daily_limit` leaves for a run of `wanted` messages, seen beforehand.
#[derive(Debug, serde::Serialize)]
pub(super) struct DailyLimit {
    limit: u32,
    /// Messages that can still go in the current 24 hours.
    left: u64,
    /// Of this run's, those that would stay queued.
    held: u64,
    /// When the next one could go, if some are held.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_at: Option<String>,
}

impl DailyLimit {
    pub(super) fn ahead(ctx: &mut Ctx, wanted: usize) -> Result<Option<DailyLimit>> {
        let Some(limit) = ctx.config()?.delivery.daily_limit else {
            return Ok(None);
        };
        let now = credential::now();
        let usage = crate::store::outbox::daily_use(ctx.store()?.conn(), now)?;
        let left = u64::try_from(i64::from(limit) - usage.used).unwrap_or(0);
        let held = (wanted as u64).saturating_sub(left);
        Ok(Some(DailyLimit {
            limit,
            left,
            held,
            next_at: (held > 0).then(|| {
                crate::text::rfc3339(
                    usage
                        .frees_at
                        .unwrap_or(now + crate::store::outbox::DAY_SECS),
                )
            }),
        }))
    }

    /// "; daily limit: …" for a sentence, when some would be held.
    pub(super) fn said(limit: &Option<DailyLimit>) -> String {
        match limit {
            Some(d) if d.held > 0 => format!(
                "; [delivery] daily_limit {} leaves {} in the current 24 hours: {} would stay queued until {}",
                d.limit,
                d.left,
                d.held,
                d.next_at.as_deref().unwrap_or("later")
            ),
            _ => String::new(),
        }
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
    } else {
        Mode::Existing
    };
    let template_name = args.template.clone().unwrap_or_else(|| {
        match mode {
            Mode::Regenerate => template::NEW_PASSWORD,
            Mode::Existing => template::EXISTING_PASSWORD,
        }
        .to_owned()
    });
    // Everything that can be checked is checked before the first write: the template (a
    // trial render), the argon2 settings, the report path, then (in `Sender::open`) the mail
    // settings and the vault key.
    ctx.config()?.check_ready_to_mail()?;
    let template = template::current(ctx.store()?, &template_name)?;
    if template.kind != template::TemplateKind::Password {
        return Err(Failure::usage(format!(
            "template {template_name:?} is a message template and carries no password: send it \
             with `hrpass send-email --template {template_name}`"
        )));
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
    let plan = send::plan(
        ctx.store()?,
        targets.clone(),
        mode,
        args.address,
        now,
        &looking,
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
            count(result.would_send.len() as u64, "password", "passwords"),
            plan.resume.len(),
            plan.fresh.len(),
            if mode == Mode::Regenerate {
                "new"
            } else {
                "existing"
            },
            result.refused.len()
        );
        return result.print(ctx, &text, Mail::Password);
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
        let what = if mode == Mode::Regenerate {
            "new passwords"
        } else {
            "their existing passwords"
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
        Mode::Existing => ctx.count_bars(&[(total, "Sending")]),
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
    finish(ctx, &summary, report, Mail::Password)
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
    Message,
    /// Whatever was queued (`outbox retry`).
    Any,
}

impl Mail {
    fn one(self) -> &'static str {
        match self {
            Mail::Password => "a password",
            Mail::Message => "the message",
            Mail::Any => "their mail",
        }
    }

    fn many(self) -> &'static str {
        match self {
            Mail::Password => "Passwords",
            Mail::Message => "Messages",
            Mail::Any => "Mail",
        }
    }
}

impl TableRow for outbox::Delivery {
    /// The keys of its JSON and CSV form (PRODUCT.md's outbox row), for an empty CSV too.
    fn csv_header() -> Vec<&'static str> {
        vec![
            "id",
            "employee_code",
            "address",
            "kind",
            "template",
            "state",
            "attempts",
            "last_reply",
            "message_id",
            "updated_at",
        ]
    }

    fn header() -> Vec<&'static str> {
        vec![
            "#",
            "employee_code",
            "kind",
            "state",
            "attempts",
            "last_reply",
            "updated",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.employee_code.clone(),
            self.kind.clone(),
            self.state.to_string(),
            self.attempts.to_string(),
            self.last_reply.clone().unwrap_or_default(),
            crate::text::timestamp(self.updated_at),
        ]
    }
}

pub fn outbox_run(command: OutboxCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        OutboxCommand::List { state } => {
            let list = outbox::list(ctx.store()?.conn(), state)?;
            print_list(ctx.settings.format, &list)
        }
        OutboxCommand::Retry => {
            no_csv(ctx)?;
            let mut sender = Sender::open(ctx)?;
            let ids = send::retryable(ctx.store()?, &sender.lease)?;
            let bars = ctx.count_bars(&[(ids.len() as u64, "Sending")]);
            let progress = Progress {
                hashed: &|_| {},
                sent: &|n| bars[0].set_position(n),
            };
            let summary = sender.run(ctx, progress, |store, transport, run| {
                send::resume(store, transport, &ids, run)
            })?;
            bars[0].finish_and_clear();
            finish(ctx, &summary, None, Mail::Any)
        }
        OutboxCommand::Cancel { ids } => {
            let operator = ctx.operator.clone();
            let mut cancelled = 0;
            for id in &ids {
                match send::cancel(ctx.store()?, *id, &operator)? {
                    Ok(()) => cancelled += 1,
                    Err(why) => ctx.warn(&format!("delivery {id} left as it is: {why}")),
                }
            }
            let text = format!(
                "Cancelled {}; a new password it carried was dropped and the old one keeps working.",
                count(cancelled as u64, "delivery", "deliveries")
            );
            print_result(
                ctx.settings.format,
                &serde_json::json!({ "cancelled": cancelled }),
                &text,
            )?;
            match ids.len() - cancelled {
                0 => Ok(()),
                _ if cancelled == 0 => {
                    Err(Failure::Reported("nothing was cancelled".into()).into())
                }
                not => Err(Failure::Partial(format!("{not} not cancelled")).into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty `outbox list --format csv` has the same header as a full one.
    #[test]
    fn the_outbox_csv_header_is_the_same_empty_or_not() {
        let row = outbox::Delivery {
            id: 1,
            employee_id: 1,
            employee_code: "E1".into(),
            address: "e1@example.com".into(),
            credential_id: Some(1),
            kind: "regenerate".into(),
            template: "new-password".into(),
            template_version: Some(1),
            state: DeliveryState::Queued,
            attempts: 0,
            last_reply: None,
            message_id: "m".into(),
            updated_at: 0,
        };
        let mut csv = SafeCsv::new(Vec::new());
        csv.serialize(&row).unwrap();
        let text = String::from_utf8(csv.finish().unwrap()).unwrap();
        let header = text.lines().next().unwrap();
        assert_eq!(header, outbox::Delivery::csv_header().join(","));
    }
}
