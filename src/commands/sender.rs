//! What every sending command sets up before a run: the send lock, the transport the config
//! names, its pace and the rolling daily limit.

use crate::config::{Config, Transport as TransportKind};
use crate::context::Ctx;
use crate::credential;
use crate::delivery::send::{self, Progress, Run, Settings, Summary};
use crate::mail::{FileTransport, Pace, SendmailTransport, SmtpTransport, Transport};
use crate::store::Store;
use crate::vault::Vault;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::time::Duration;

/// Holds the send lock: two hrpass processes never send at once; the second waits.
pub(crate) struct SendLock(#[allow(dead_code)] std::fs::File);

pub(crate) fn lock(ctx: &Ctx) -> Result<SendLock> {
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
pub(crate) fn mail_dir(config: &Config, home: &std::path::Path) -> PathBuf {
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
    ctx: &mut Ctx,
) -> Result<Box<dyn Transport>> {
    Ok(match config.delivery.transport {
        TransportKind::Smtp => Box::new(SmtpTransport::new(
            &config.smtp,
            pace(config),
            stored_sign_in(config, ctx)?,
        )?),
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

/// The sign-in `hrpass mail login` stored for `[smtp] username`, when XOAUTH2 is to use it
/// (no token_command set).
pub(super) fn stored_sign_in(
    config: &Config,
    ctx: &mut Ctx,
) -> Result<Option<std::sync::Arc<dyn crate::mail::AccessTokens>>> {
    let smtp = &config.smtp;
    let wanted = smtp.auth == crate::config::SmtpAuth::Xoauth2
        && smtp
            .token_command
            .as_deref()
            .is_none_or(|c| c.trim().is_empty());
    let Some(mailbox) = smtp.username.as_deref().filter(|_| wanted) else {
        return Ok(None);
    };
    let (location, _) = ctx.location()?;
    let store = ctx.store()?;
    if crate::store::mail_logins::find(store.conn(), mailbox)?.is_none() {
        return Ok(None);
    }
    let endpoints = crate::mail::oauth::Endpoints::from_config(smtp)?;
    let vault = Vault::open(&ctx.settings.home.vault_key())?;
    let signed_in = crate::delivery::signin::StoredSignIn::new(
        endpoints,
        mailbox,
        location,
        config.store.ca_file.clone(),
        vault,
    );
    Ok(Some(std::sync::Arc::new(signed_in)))
}

pub(crate) fn pace(config: &Config) -> Pace {
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
    pub(super) operator: String,
    transport: Box<dyn Transport>,
    vault: Vault,
    /// This run's hold on the deliveries it queues or takes.
    pub(super) lease: crate::store::outbox::Lease,
    /// Who the run acts for.
    actor: Option<crate::access::Actor>,
    /// `{{ reason }}` in what the run sends (a masquerade's notice).
    pub(super) reason: Option<String>,
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
        let home = ctx.settings.home.dir.clone();
        let transport = transport(&config, &home, ctx)?;
        let vault = Vault::open(&ctx.settings.home.vault_key())?;
        send::check_vault(ctx.store()?, &vault)?;
        Ok(Sender {
            config,
            from,
            domain,
            operator: ctx.operator.clone(),
            actor: Some(ctx.actor()?.clone()),
            reason: None,
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
        let change_url = self.config.portal.change_url();
        let settings = Settings {
            change_url: &change_url,
            timezone: &timezone,
            from: &self.from,
            domain: &self.domain,
            login_url: &self.config.portal.login_url,
            public_url: self.config.portal.public_url.as_deref(),
            company: &self.config.portal.company,
            operator: &self.operator,
            reason: self.reason.as_deref().unwrap_or(""),
        };
        let run = Run {
            lease: &self.lease,
            vault: &self.vault,
            policy: &policy,
            settings: &settings,
            progress,
            daily_limit: self.config.delivery.daily_limit,
            operator: self.actor.as_ref().filter(|a| a.signed_in.is_some()),
        };
        work(store, self.transport.as_mut(), &run)
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
