//! The notices the portal mails through the outbox like `send-email`: once an activation
//! link was used ("your password was set", to the address the link went to), and once an
//! hr-admin opened a look at an employee's account ("HR looked, and why", to their work
//! address).

use super::sender::Sender;
use crate::context::Ctx;
use crate::delivery::request::{Address, MessageRequest, MessageTarget, Progress};
use crate::delivery::{send, template};
use crate::store::{employees, outbox};
use anyhow::{Context, Result};

/// Mails employee `code` that their password was set with link `link_id`; what goes wrong is
/// warned on stderr (the password is set either way).
pub fn password_set(ctx: &mut Ctx, code: &str, link_id: i64, now: i64) {
    if let Err(e) = send_notice(ctx, code, link_id, now) {
        ctx.warn(&format!("the notice to {code} was not sent: {e:#}"));
    }
}

fn send_notice(ctx: &mut Ctx, code: &str, link_id: i64, now: i64) -> Result<()> {
    ctx.config()?.check_ready_to_mail()?;
    let template = template::current(ctx.store()?, template::PASSWORD_SET)?;
    let conn = ctx.store()?.conn();
    let employee = employees::find(conn, code)?.context("the employee is gone")?;
    let address = outbox::link_address(conn, link_id)?;
    let targets = [MessageTarget {
        employee: &employee,
        credential: None,
        address: address.as_deref(),
    }];
    let request = MessageRequest {
        kind: "email",
        template: &template,
        address: Address::Work,
        now,
    };
    let summary = Sender::open(ctx)?.run(ctx, Progress::none(), |store, transport, run| {
        send::send_messages(store, transport, &targets, &request, run)
    })?;
    if summary.delivered() == 0 {
        anyhow::bail!("{}", summary.first_reason());
    }
    Ok(())
}

/// Mails employee `code` that `look.operator` looked at their account, and why; what goes
/// wrong is warned on stderr (and the look is in the audit trail either way).
pub fn masqueraded(ctx: &mut Ctx, code: &str, look: &crate::credential::session::Look, now: i64) {
    if let Err(e) = send_look_notice(ctx, code, look, now) {
        ctx.warn(&format!("the notice to {code} was not sent: {e:#}"));
    }
}

fn send_look_notice(
    ctx: &mut Ctx,
    code: &str,
    look: &crate::credential::session::Look,
    now: i64,
) -> Result<()> {
    ctx.config()?.check_ready_to_mail()?;
    let template = template::current(ctx.store()?, template::MASQUERADE_NOTICE)?;
    let employee = employees::find(ctx.store()?.conn(), code)?.context("the employee is gone")?;
    let targets = [MessageTarget {
        employee: &employee,
        credential: None,
        address: None,
    }];
    let request = MessageRequest {
        kind: "email",
        template: &template,
        address: Address::Work,
        now,
    };
    let mut sender = Sender::open(ctx)?;
    sender.operator = look.operator.clone();
    sender.reason = Some(look.reason.clone());
    let summary = sender.run(ctx, Progress::none(), |store, transport, run| {
        send::send_messages(store, transport, &targets, &request, run)
    })?;
    if summary.delivered() == 0 {
        anyhow::bail!("{}", summary.first_reason());
    }
    Ok(())
}
