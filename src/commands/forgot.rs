//! `hrpass forgot CODE_OR_EMAIL`: what the portal's "Forgot password" link calls. One answer
//! for every request, printed before anything is sent; then, when the request named an
//! active employee within the limits, a link to set a new password (the policy's
//! `forgot_sends`, by default when the portal has a `public_url`) or a new password, through
//! the outbox.

use super::send::no_csv;
use super::sender::Sender;
use crate::context::Ctx;
use crate::credential::{self, forgot};
use crate::delivery::send::{self, Mode, Progress, Request};
use crate::delivery::template;
use crate::model::ForgotSends;
use crate::output::print_result;
use crate::vault::Vault;
use anyhow::{Context, Result};
use clap::Args;

#[derive(Debug, Args)]
#[command(
    after_help = "The answer is the same whether or not the employee exists, and is \
printed before the mail goes: a portal can reply as soon as it has read the line. Limits: \
hrpass policy set --forgot-per-employee N --forgot-per-hour N.\n\nExample:\n  \
hrpass forgot ana.lima@example.com"
)]
pub struct ForgotArgs {
    /// The employee's code or work email address, as typed on the portal
    #[arg(value_name = "CODE_OR_EMAIL")]
    pub who: String,
}

#[derive(serde::Serialize)]
struct Answer {
    answer: &'static str,
}

pub fn forgot(args: ForgotArgs, ctx: &mut Ctx) -> Result<()> {
    let ready = prepare(ctx)?;
    let operator = ctx.operator.clone();
    let now = credential::now();
    let outcome = forgot::request(ctx.store()?, &args.who, now, &operator)?;
    let answer = ready.answer();
    print_result(ctx.settings.format, &Answer { answer }, answer)?;
    // The answer is out; what follows is for the operator's log (stderr), not the asker.
    deliver(ctx, &ready, outcome, now, None);
    Ok(())
}

/// What a request needs before it is decided, checked the same way for every request so a
/// failure says nothing about who exists: the mail set-up, what is sent (the policy's
/// `forgot_sends`), the template, the vault.
pub struct Ready {
    template: template::Template,
    params: argon2::Params,
    /// A new password (`Regenerate`) or a link (`Link`).
    mode: Mode,
}

impl Ready {
    /// The one answer every request gets.
    pub fn answer(&self) -> &'static str {
        match self.mode {
            Mode::Link => forgot::ANSWER_LINK,
            _ => forgot::ANSWER,
        }
    }
}

pub fn prepare(ctx: &mut Ctx) -> Result<Ready> {
    no_csv(ctx)?;
    ctx.config()?.check_ready_to_mail()?;
    let has_portal = ctx.config()?.portal.public_url.is_some();
    let sends = crate::policy::current(ctx.store()?.conn())?
        .policy
        .forgot_sends;
    let mode = match (sends, has_portal) {
        (ForgotSends::Link, false) => anyhow::bail!(
            "the policy says forgot sends links (forgot_sends = link), but [portal] public_url \
             is not set: set it, or `hrpass policy set --forgot-sends password`"
        ),
        (ForgotSends::Link, true) | (ForgotSends::Auto, true) => Mode::Link,
        (ForgotSends::Password, _) | (ForgotSends::Auto, false) => Mode::Regenerate,
    };
    let name = match mode {
        Mode::Link => template::FORGOT_LINK,
        _ => template::FORGOT_PASSWORD,
    };
    let template = template::current(ctx.store()?, name)?;
    {
        let portal = &ctx.config()?.portal;
        let (url, company) = (portal.login_url.clone(), portal.company.clone());
        template::trial(&template, &url, &company, &ctx.operator)
            .with_context(|| format!("template {name:?} cannot be used"))?;
    }
    let params = ctx.config()?.hashing.params()?;
    let vault = Vault::open(&ctx.settings.home.vault_key())?;
    send::check_vault(ctx.store()?, &vault)?;
    Ok(Ready {
        template,
        params,
        mode,
    })
}

/// Sends the new password a decided request issues (nothing for any other outcome), through
/// the outbox like `send-password --regenerate`; what goes wrong is warned on stderr.
pub fn deliver(
    ctx: &mut Ctx,
    ready: &Ready,
    outcome: forgot::Outcome,
    now: i64,
    hashers: Option<&rayon::ThreadPool>,
) {
    let forgot::Outcome::Issue { employee, address } = outcome else {
        return;
    };
    let targets = [*employee];
    let request = Request {
        targets: &targets,
        mode: ready.mode,
        address,
        template: &ready.template,
        params: &ready.params,
        now,
        hashers,
    };
    let sent = Sender::open(ctx).and_then(|mut sender| {
        sender.run(ctx, Progress::none(), |store, transport, run| {
            send::send(store, transport, &request, run)
        })
    });
    match sent {
        Ok(summary) if summary.delivered() > 0 => {}
        Ok(summary) => {
            ctx.warn(&format!(
                "forgot {}: the new {} was not delivered: {}",
                targets[0].employee.code,
                match ready.mode {
                    Mode::Link => "link",
                    _ => "password",
                },
                summary.first_reason()
            ));
        }
        Err(e) => ctx.warn(&format!(
            "forgot {}: the new password was not sent: {e:#}",
            targets[0].employee.code
        )),
    }
}
