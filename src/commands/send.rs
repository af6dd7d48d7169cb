//! `hrpass send-password` and `hrpass outbox list|retry|cancel`: the main job.

use crate::config::{Config, Transport as TransportKind};
use crate::context::Ctx;
use crate::credential;
use crate::delivery::send::{self, Fresh, Mode, Problem, Progress, Run, Settings, Summary};
use crate::delivery::template;
use crate::error::Failure;
use crate::mail::{FileTransport, Pace, SendmailTransport, SmtpTransport, Transport};
use crate::model::StoredEmployee;
use crate::output::{Format, TableRow, print_list, print_result};
use crate::store::{EmployeeFilter, Store, employees, outbox, selection};
use crate::vault::Vault;
use anyhow::{Context, Result, bail};
use clap::{ArgGroup, Args, Subcommand};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").required(true).args(["regenerate", "existing"])))]
pub struct SendArgs {
    /// Generate a new password per the policy for each employee
    #[arg(long)]
    pub regenerate: bool,
    /// Send the password hrpass already issued (refused where there is none)
    #[arg(long)]
    pub existing: bool,
    /// These employees (default: the selection)
    #[arg(long, value_name = "CODE", num_args = 1..)]
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
    /// Say what would happen; change and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The email template (default: new-password or existing-password)
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Write one row per employee with the outcome and reason
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Deliveries, newest last
    List {
        /// Only this state: queued, sent, failed or cancelled
        #[arg(long)]
        state: Option<String>,
    },
    /// Send queued and failed deliveries again, with the same passwords
    Retry,
    /// Drop deliveries (by number from `outbox list`); a new password they carried is dropped
    Cancel {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
}

/// Holds the send lock: two hrpass processes never send at once; the second waits.
struct SendLock(#[allow(dead_code)] std::fs::File);

fn lock(ctx: &Ctx) -> Result<SendLock> {
    let path = ctx.settings.home.dir.join("send.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    if file.try_lock().is_err() {
        ctx.status("Another hrpass is sending; waiting for it to finish…");
        file.lock()?;
    }
    Ok(SendLock(file))
}

fn transport(config: &Config, home: &std::path::Path, ctx: &Ctx) -> Result<Box<dyn Transport>> {
    Ok(match config.delivery.transport {
        TransportKind::Smtp => Box::new(SmtpTransport::new(&config.smtp, pace(config))?),
        TransportKind::File => {
            let dir = config
                .delivery
                .file_dir
                .clone()
                .unwrap_or_else(|| "outbox-mail".into());
            let dir = if dir.is_absolute() {
                dir
            } else {
                home.join(dir)
            };
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
        concurrency: delivery.concurrency.max(1) as usize,
        per_minute: delivery.rate_per_minute,
        max_attempts: delivery.max_attempts.max(1),
        retry_within: Duration::from_secs(delivery.retry_within_secs),
    }
}

/// What a sending run holds: settings from config, the transport, the vault and the send lock
/// (owned, so they outlive each borrow of `ctx`).
struct Sender {
    config: Config,
    from: lettre::message::Mailbox,
    domain: String,
    operator: String,
    transport: Box<dyn Transport>,
    vault: Vault,
    _lock: SendLock,
}

impl Sender {
    /// Reads the config, takes the send lock (waiting for another run), opens the transport
    /// and the vault.
    fn open(ctx: &mut Ctx) -> Result<Sender> {
        let config = ctx.config()?.clone();
        let from: lettre::message::Mailbox = config.smtp.from.parse().with_context(|| {
            format!("[smtp] from = {:?} is not a mail address", config.smtp.from)
        })?;
        let domain = from.email.domain().to_owned();
        let lock = lock(ctx)?;
        let transport = transport(&config, &ctx.settings.home.dir, ctx)?;
        let vault = Vault::open(&ctx.settings.home.vault_key())?;
        Ok(Sender {
            config,
            from,
            domain,
            operator: ctx.operator.clone(),
            transport,
            vault,
            _lock: lock,
        })
    }

    /// Runs `work` (`send::send` or `send::resume`) with the store, the transport and what a
    /// run needs from the config.
    fn run(
        &mut self,
        ctx: &mut Ctx,
        progress: Progress<'_>,
        work: impl FnOnce(&mut Store, &mut dyn Transport, &Run<'_>) -> Result<Summary>,
    ) -> Result<Summary> {
        let store = ctx.store()?;
        let policy = crate::policy::current(store.conn())?;
        let settings = Settings {
            from: &self.from,
            domain: &self.domain,
            login_url: &self.config.portal.login_url,
            company: &self.config.portal.company,
            operator: &self.operator,
        };
        let run = Run {
            vault: &self.vault,
            policy: &policy,
            settings: &settings,
            progress,
        };
        work(store, self.transport.as_mut(), &run)
    }
}

/// The employees the flags name, or the selection.
fn targets(args: &SendArgs, ctx: &mut Ctx) -> Result<(Vec<StoredEmployee>, Vec<Problem>)> {
    let conn = ctx.store()?.conn();
    let mut found: BTreeMap<i64, StoredEmployee> = BTreeMap::new();
    let mut unknown = Vec::new();
    for code in &args.to {
        match employees::find(conn, code)? {
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
    for filter in &filters {
        for e in employees::search(conn, filter)? {
            found.insert(e.id, e);
        }
    }
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
    Ok((found.into_values().collect(), unknown))
}

#[derive(Debug, serde::Serialize)]
struct DryRun {
    dry_run: bool,
    would_send: Vec<String>,
    refused: Vec<Problem>,
}

pub fn send_password(args: SendArgs, ctx: &mut Ctx) -> Result<()> {
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
    template::current(ctx.store()?, &template_name)?;
    let params = ctx.config()?.hashing.params()?;
    let (targets, mut refused) = targets(&args, ctx)?;
    let now = credential::now();
    let (ok, more_refused) = send::plan(ctx.store()?, targets, mode, now)?;
    refused.extend(more_refused);

    if args.dry_run {
        let result = DryRun {
            dry_run: true,
            would_send: ok.iter().map(|e| e.employee.code.clone()).collect(),
            refused,
        };
        let text = format!(
            "Dry run, nothing sent or changed: would send {} {} password(s); {} refused.",
            result.would_send.len(),
            if mode == Mode::Regenerate {
                "new"
            } else {
                "existing"
            },
            result.refused.len()
        );
        print_refused(ctx, &result.refused);
        return print_result(ctx.settings.format, &result, &text);
    }

    if !ok.is_empty() && !ctx.settings.yes {
        let names: Vec<String> = ok.iter().take(5).map(|e| e.employee.full_name()).collect();
        let more = if ok.len() > 5 {
            format!(" and {} more", ok.len() - 5)
        } else {
            String::new()
        };
        let what = if mode == Mode::Regenerate {
            "new passwords"
        } else {
            "their existing passwords"
        };
        let question = format!(
            "Send {what} to {} employee(s) ({}{more})?",
            ok.len(),
            names.join(", ")
        );
        if !ctx
            .prompter
            .confirm(&question, "pass --yes to send without asking")?
        {
            bail!("nothing sent");
        }
    }

    let mut sender = Sender::open(ctx)?;
    // Deliveries a killed or failed run left queued go first, with their own passwords.
    let leftovers: Vec<i64> = outbox::list(ctx.store()?.conn(), Some("queued"))?
        .iter()
        .map(|d| d.id)
        .collect();
    let mut summary = Summary::default();
    if !leftovers.is_empty() {
        ctx.status(&format!(
            "Resuming {} delivery(ies) an earlier run left queued…",
            leftovers.len()
        ));
        summary = sender.run(ctx, Progress::none(), |store, transport, run| {
            send::resume(store, transport, &leftovers, run)
        })?;
    }

    // Planned again: a resumed leftover may have changed what an employee can be sent.
    let (ok, again_refused) = send::plan(ctx.store()?, ok, mode, now)?;
    refused.extend(again_refused);
    let total = ok.len() as u64;
    let bars = match mode {
        Mode::Regenerate => ctx.count_bars(&[(total, "Hashing"), (total, "Sending")]),
        Mode::Existing => ctx.count_bars(&[(total, "Sending")]),
    };
    let (hashing, sending) = (
        bars.first().expect("one bar"),
        bars.last().expect("one bar"),
    );
    let fresh = Fresh {
        employees: &ok,
        mode,
        template: &template_name,
        params: &params,
        now,
    };
    let progress = Progress {
        hashed: &|n| hashing.inc(n),
        sent: &|n| sending.set_position(n),
    };
    let this_run = sender.run(ctx, progress, |store, transport, run| {
        send::send(store, transport, &fresh, run)
    })?;
    for bar in &bars {
        bar.finish_and_clear();
    }
    summary.sent.extend(this_run.sent);
    summary.failed.extend(this_run.failed);
    summary.stopped = summary.stopped.or(this_run.stopped);
    summary.refused = refused;
    finish(ctx, &summary, args.report.as_deref())
}

fn print_refused(ctx: &Ctx, refused: &[Problem]) {
    if ctx.settings.format == Format::Table {
        for p in refused {
            eprintln!("  refused {}: {}", p.employee_code, p.reason);
        }
    }
}

#[derive(Debug, serde::Serialize)]
struct ReportRow<'a> {
    employee_code: &'a str,
    outcome: &'a str,
    reason: &'a str,
}

impl TableRow for Problem {
    fn header() -> Vec<&'static str> {
        vec!["employee_code", "reason"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.employee_code.clone(), self.reason.clone()]
    }
}

/// Prints the summary, writes the report and picks the exit code.
fn finish(ctx: &Ctx, summary: &Summary, report: Option<&std::path::Path>) -> Result<()> {
    if let Some(path) = report {
        let mut writer = csv::Writer::from_path(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        for code in &summary.sent {
            writer.serialize(ReportRow {
                employee_code: code,
                outcome: "sent",
                reason: "",
            })?;
        }
        for (outcome, list) in [("failed", &summary.failed), ("refused", &summary.refused)] {
            for p in list {
                writer.serialize(ReportRow {
                    employee_code: &p.employee_code,
                    outcome,
                    reason: &p.reason,
                })?;
            }
        }
        writer.flush()?;
    }
    match ctx.settings.format {
        Format::Json => print_result(Format::Json, summary, "")?,
        _ => {
            println!("Passwords sent to {} employee(s).", summary.sent.len());
            if let Some(reason) = &summary.stopped {
                ctx.warn(&format!(
                    "sending stopped: {reason}; the rest stay queued for `hrpass outbox retry`"
                ));
            }
            for (what, list) in [
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
    let problems = summary.failed.len() + summary.refused.len();
    if problems == 0 {
        Ok(())
    } else if summary.sent.is_empty() && summary.failed.is_empty() {
        Err(Failure::Reported(format!("nothing sent: {} refused", summary.refused.len())).into())
    } else {
        Err(Failure::Partial(format!(
            "{} sent, {} not delivered, {} refused",
            summary.sent.len(),
            summary.failed.len(),
            summary.refused.len()
        ))
        .into())
    }
}

impl TableRow for outbox::Delivery {
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
            self.state.clone(),
            self.attempts.to_string(),
            self.last_reply.clone().unwrap_or_default(),
            crate::output::timestamp(self.updated_at),
        ]
    }
}

pub fn outbox_run(command: OutboxCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        OutboxCommand::List { state } => {
            let list = outbox::list(ctx.store()?.conn(), state.as_deref())?;
            print_list(ctx.settings.format, &list)
        }
        OutboxCommand::Retry => {
            let mut sender = Sender::open(ctx)?;
            let ids = send::retryable(ctx.store()?)?;
            let bars = ctx.count_bars(&[(ids.len() as u64, "Sending")]);
            let progress = Progress {
                hashed: &|_| {},
                sent: &|n| bars[0].set_position(n),
            };
            let summary = sender.run(ctx, progress, |store, transport, run| {
                send::resume(store, transport, &ids, run)
            })?;
            bars[0].finish_and_clear();
            finish(ctx, &summary, None)
        }
        OutboxCommand::Cancel { ids } => {
            let operator = ctx.operator.clone();
            let mut cancelled = 0;
            for id in &ids {
                if send::cancel(ctx.store()?, *id, &operator)? {
                    cancelled += 1;
                } else {
                    ctx.warn(&format!(
                        "delivery {id} is not queued or failed; left as it is"
                    ));
                }
            }
            let text = format!(
                "Cancelled {cancelled} delivery(ies); their new passwords were dropped and the old ones keep working."
            );
            print_result(
                ctx.settings.format,
                &serde_json::json!({ "cancelled": cancelled }),
                &text,
            )
        }
    }
}
