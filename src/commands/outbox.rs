//! `hrpass outbox list|retry|cancel`: the deliveries that are queued, failed or done.

use super::send::{Mail, finish, no_csv};
use super::sender::Sender;
use crate::context::Ctx;
use crate::delivery::send::{self, Progress};
use crate::error::Failure;
use crate::model::DeliveryState;
use crate::output::{TableRow, print_list, print_result};
use crate::store::outbox;
use crate::text::count;
use anyhow::Result;
use clap::Subcommand;

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
            "address",
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
            self.address.clone(),
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
            let scope = ctx.actor()?.scope_filter();
            let conn = ctx.store()?.conn();
            let mut list = outbox::list(conn, state)?;
            if let Some(scope) = scope {
                let mine = scope.ids(conn)?;
                list.retain(|d| mine.contains(&d.employee_id));
            }
            print_list(ctx.settings.format, &list)
        }
        OutboxCommand::Retry => {
            no_csv(ctx)?;
            let mut sender = Sender::open(ctx)?;
            let scope = ctx.actor()?.scope_filter();
            let ids = send::retryable(ctx.store()?, &sender.lease, scope.as_ref())?;
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
            let actor = ctx.actor()?.clone();
            let mut cancelled = 0;
            for id in &ids {
                match send::cancel(ctx.store()?, *id, &actor)? {
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
    use crate::model::DeliveryState;
    use crate::output::TableRow;
    use crate::text::SafeCsv;

    /// An empty `outbox list --format csv` has the same header as a full one.
    #[test]
    fn the_outbox_csv_header_is_the_same_empty_or_not() {
        let row = outbox::Delivery {
            id: 1,
            employee_id: 1,
            employee_code: "E1".into(),
            address: "e1@example.com".into(),
            credential_id: Some(1),
            link_id: None,
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
