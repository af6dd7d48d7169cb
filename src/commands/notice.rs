//! The notice the portal mails once an activation link was used ("your password was set"),
//! through the outbox like `send-email`: to the address the link went to.

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
