//! The dispatcher: this thread's side of a sending run. Here it renders each message before
//! anything is written for it and writes what rendered (pending credentials and outbox rows,
//! one transaction a batch); `handoff` gives the letters to the transport's thread, and
//! `record` writes each outcome as a `store::lifecycle` event.

mod handoff;
mod links;
mod record;

use super::request::{MessageRequest, MessageTarget, Problem, Request, Run, Summary};
use super::template::{self, Template, Values};
use crate::access::Permission;
use crate::credential::{self, Prepared};
use crate::mail::{self, Letter, Outcome, Outgoing, Transport};
use crate::model::{CredentialState, Employee, StoredEmployee};
use crate::store::lifecycle::{self, Moved, NewDelivery, NewMessage};
use crate::store::{Store, Tx, audit, credentials, outbox};
use anyhow::{Result, anyhow};
use lettre::message::Mailbox;
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Letters rendered ahead of the transport.
const AHEAD: usize = 256;
/// Outcomes are recorded (one transaction) when this many are waiting…
const RECORD_AT: usize = 256;
/// …or the oldest has waited this long.
pub(super) const RECORD_EVERY: Duration = Duration::from_millis(100);

/// Starts the transport on its own thread, runs `work` (which queues and pushes letters),
/// then waits for every outcome and records it. Outcomes that came back are recorded even
/// when `work` fails.
pub(super) fn pipeline(
    store: &mut Store,
    transport: &mut dyn Transport,
    run: &Run<'_>,
    work: impl FnOnce(&mut Dispatcher<'_>) -> Result<()>,
) -> Result<Summary> {
    std::thread::scope(|scope| {
        let (letters, letters_out) = flume::bounded(AHEAD);
        let (outcomes_in, outcomes) = flume::unbounded();
        scope.spawn(move || transport.run(letters_out, outcomes_in));
        let mut dispatcher = Dispatcher {
            store: &mut *store,
            run,
            templates: HashMap::new(),
            letters: Some(letters),
            outcomes,
            in_flight: HashMap::new(),
            received: Vec::new(),
            oldest: None,
            summary: Summary::default(),
            done: 0,
            daily_limit_reached: None,
        };
        let worked = work(&mut dispatcher);
        let summary = dispatcher.finish().map(|mut summary| {
            summary.sort_by_code();
            summary
        });
        // What this run leaves queued (deferred, never tried) can go with the next sender
        // at once; a run that dies instead lets its leases run out.
        let released = store.write().and_then(|tx| {
            outbox::release(&tx, run.lease)?;
            tx.commit()
        });
        worked?;
        released?;
        summary
    })
}

/// Where the password of a new delivery comes from.
pub(super) enum Source {
    /// Generated and hashed for this run.
    New(Prepared),
    /// The employee's pending one, still deliverable (`--regenerate` after a failure).
    Pending,
    /// The issued one `--existing` sends.
    Existing,
}

/// A delivery handed to the transport, and what recording its outcome needs.
struct InFlight {
    code: String,
    /// "credential N" for a password, "message" for mail without one.
    about: String,
    /// The audit trail's prefix: `password` or `message`.
    subject: &'static str,
    address: String,
}

/// What a delivery is about, for `send` and the audit trail: the credential version a
/// password delivery carries, or `None` for a message without a password.
fn about(version: Option<i64>) -> (String, &'static str) {
    match version {
        Some(v) => (format!("credential {v}"), "password"),
        None => ("message".to_owned(), "message"),
    }
}

/// The password a new delivery carries.
enum Carried {
    /// Generated and hashed for this run; recorded as pending with its delivery.
    New(Prepared),
    /// One hrpass issued before (pending or active), opened from its sealed copy.
    Issued {
        id: i64,
        state: CredentialState,
        expires_at: Option<i64>,
        password: SecretString,
    },
}

impl Carried {
    fn password(&self) -> &SecretString {
        match self {
            Carried::New(prepared) => &prepared.password,
            Carried::Issued { password, .. } => password,
        }
    }
}

/// A message rendered for a target, before anything is written for it.
struct Ready<'e> {
    employee: &'e StoredEmployee,
    /// The address chosen for it (`--address`).
    address: String,
    to: Mailbox,
    rendered: template::Rendered,
    carried: Carried,
}

/// This thread's side of a run: renders, queues, hands letters over, records outcomes.
pub(super) struct Dispatcher<'r> {
    store: &'r mut Store,
    run: &'r Run<'r>,
    /// Each template version is read from the store once per run, not once per message.
    templates: HashMap<(String, Option<i64>), Template>,
    /// `None` once the transport stopped (or was told to): nothing more is handed over.
    letters: Option<flume::Sender<Letter>>,
    outcomes: flume::Receiver<Outcome>,
    in_flight: HashMap<i64, InFlight>,
    /// Outcomes not recorded yet, and when the oldest of them came.
    received: Vec<Outcome>,
    oldest: Option<Instant>,
    summary: Summary,
    done: u64,
    /// Why deliveries were held back for the daily limit (the first time it was reached).
    daily_limit_reached: Option<String>,
}

/// What the expiry line of a message says.
fn expiry_text(expires_at: Option<i64>, zone: &jiff::tz::TimeZone) -> String {
    expires_at.map_or_else(
        || "no expiry".to_owned(),
        |at| crate::text::local_time(at, zone),
    )
}

impl Dispatcher<'_> {
    /// Renders one message: the recipient's mailbox and the template's parts. `Err` is the
    /// reason the target cannot be sent to; it never carries the password.
    fn render(
        &self,
        employee: &Employee,
        address: &str,
        template: &Template,
        password: &SecretString,
        expires_at: Option<i64>,
    ) -> Result<(Mailbox, template::Rendered), String> {
        let settings = self.run.settings;
        let to = mail::mailbox(&employee.full_name(), address).map_err(|e| e.to_string())?;
        let rendered = template::render(
            template,
            &Values {
                employee,
                password: password.expose_secret(),
                link: "",
                login_url: settings.login_url,
                change_url: settings.change_url,
                company: settings.company,
                expires_at: &expiry_text(expires_at, settings.timezone),
                operator: settings.operator,
                reason: settings.reason,
            },
        )
        .map_err(|e| format!("the message cannot be rendered: {e}"))?;
        Ok((to, rendered))
    }

    /// The expiry a pending password will have once its mail is accepted.
    fn pending_expiry(&self) -> i64 {
        credential::now() + credential::temp_validity(&self.run.policy.policy)
    }

    /// The letter of delivery `id` from its rendered message (or why it has none).
    fn letter(
        &self,
        id: i64,
        message_id: &str,
        rendered: Result<(Mailbox, template::Rendered), String>,
    ) -> Result<Letter> {
        let (to, rendered) = rendered.map_err(|reason| anyhow!(reason))?;
        Letter::new(
            id,
            &Outgoing {
                from: self.run.settings.from,
                to,
                subject: &rendered.subject,
                text: &rendered.text,
                html: rendered.html.as_deref(),
                message_id,
            },
        )
    }

    fn refuse(&mut self, code: &str, reason: String) {
        self.summary.refused.push(Problem {
            employee_code: code.to_owned(),
            reason,
        });
    }

    /// The password a new delivery to `e` carries, opened; `Err` says why there is none.
    fn carried(
        &self,
        e: &StoredEmployee,
        source: Source,
        now: i64,
    ) -> Result<Result<Carried, String>> {
        let conn = self.store.conn();
        let found = match source {
            Source::New(prepared) => return Ok(Ok(Carried::New(prepared))),
            Source::Pending => credentials::pending(conn, e.id)?,
            Source::Existing => credential::existing_credential(conn, e.id, now)?,
        };
        let Some(c) = found.filter(|c| credential::can_be_mailed(c, now)) else {
            return Ok(Err(
                "its issued password changed meanwhile; nothing to send".into(),
            ));
        };
        let sealed = c.sealed.as_deref().expect("mailable: sealed");
        Ok(match self.run.vault.unseal(sealed, e.id, c.version) {
            Ok(password) => Ok(Carried::Issued {
                id: c.id,
                state: c.state,
                expires_at: c.expires_at,
                password,
            }),
            Err(_) => Err("its sealed password does not open with vault.key".into()),
        })
    }

    /// Queues a batch of new deliveries: renders each message first (a target whose message
    /// cannot be rendered is refused, nothing written for it), writes what rendered in one
    /// transaction (new pending passwords and outbox rows), then hands the letters over.
    pub(super) fn queue(
        &mut self,
        batch: &[StoredEmployee],
        sources: Vec<Source>,
        request: &Request<'_>,
    ) -> Result<()> {
        let mut ready = Vec::with_capacity(batch.len());
        for (e, source) in batch.iter().zip(sources) {
            let carried = match self.carried(e, source, request.now)? {
                Ok(carried) => carried,
                Err(reason) => {
                    self.refuse(&e.employee.code, reason);
                    continue;
                }
            };
            let expires_at = match &carried {
                Carried::Issued {
                    state: CredentialState::Active,
                    expires_at,
                    ..
                } => *expires_at,
                _ => Some(self.pending_expiry()),
            };
            let address = match request.address.choose(self.store.conn(), e)? {
                Ok(address) => address,
                Err(reason) => {
                    self.refuse(&e.employee.code, reason);
                    continue;
                }
            };
            match self.render(
                &e.employee,
                &address,
                request.template,
                carried.password(),
                expires_at,
            ) {
                Ok((to, rendered)) => ready.push(Ready {
                    employee: e,
                    address,
                    to,
                    rendered,
                    carried,
                }),
                Err(reason) => self.refuse(&e.employee.code, reason),
            }
        }
        if ready.is_empty() {
            return Ok(());
        }
        let tx = self.store.write()?;
        let operator = operator_now(&tx, self.run, Permission::SendPasswords)?;
        let (mut letters, mut moved) = (Vec::with_capacity(ready.len()), Vec::new());
        // Each written delivery is held by this run (leased) until `hold_back` lets it go.
        let mut notes = Vec::with_capacity(ready.len());
        for r in ready {
            if let Some(why) = outside(&tx, operator.as_ref(), r.employee)? {
                moved.push((r.employee.employee.code.clone(), why));
                continue;
            }
            match record_delivery(&tx, &r, request, self.run)? {
                Ok((id, version, message_id, detail)) => {
                    let code = r.employee.employee.code.clone();
                    notes.push(("password.queued".to_owned(), code, detail));
                    letters.push((id, version, message_id, r));
                }
                Err(Moved(why)) => moved.push((r.employee.employee.code.clone(), why)),
            }
        }
        audit::record_many(&tx, self.run.settings.operator, &notes)?;
        let ids: Vec<i64> = letters.iter().map(|(id, ..)| *id).collect();
        let (go, why) = commit_queued(tx, self.run, &ids)?;
        self.after_queued(why, moved);
        for (_, _, _, r) in letters.drain(go..) {
            self.held(&r.employee.employee.code);
        }
        for (id, version, message_id, r) in letters {
            let code = r.employee.employee.code.clone();
            let letter = self.letter(id, &message_id, Ok((r.to, r.rendered)));
            self.send(id, code, Some(version), r.address, letter)?;
        }
        Ok(())
    }

    /// After `commit_queued`: notes why deliveries were held back, and refuses the targets
    /// whose state had moved on.
    fn after_queued(&mut self, held_because: Option<String>, moved: Vec<(String, String)>) {
        self.daily_limit_reached = self.daily_limit_reached.take().or(held_because);
        for (code, why) in moved {
            self.refuse(&code, why);
        }
    }

    /// Reports a delivery `hold_back` kept for later.
    fn held(&mut self, code: &str) {
        let reason = self
            .daily_limit_reached
            .clone()
            .unwrap_or_else(|| "held back by the daily limit".to_owned());
        self.summary.still_queued += 1;
        self.summary.failed.push(Problem {
            employee_code: code.to_owned(),
            reason,
        });
    }

    /// Queues a batch of messages without a password (`send-email`, reminders): renders each
    /// first (a target whose message cannot be rendered is refused, nothing written for it),
    /// writes the outbox rows in one transaction, then hands the letters over.
    pub(super) fn queue_messages(
        &mut self,
        batch: &[MessageTarget<'_>],
        request: &MessageRequest<'_>,
    ) -> Result<()> {
        let no_password = SecretString::from(String::new());
        let mut ready = Vec::with_capacity(batch.len());
        for target in batch {
            let e = target.employee;
            let chosen = match target.address {
                Some(address) => Ok(address.to_owned()),
                None => request.address.choose(self.store.conn(), e)?,
            };
            let address = match chosen {
                Ok(address) => address,
                Err(reason) => {
                    self.refuse(&e.employee.code, reason);
                    continue;
                }
            };
            let expires_at = target.credential.and_then(|c| c.expires_at);
            match self.render(
                &e.employee,
                &address,
                request.template,
                &no_password,
                expires_at,
            ) {
                Ok((to, rendered)) => ready.push((target, address, to, rendered)),
                Err(reason) => self.refuse(&e.employee.code, reason),
            }
        }
        if ready.is_empty() {
            return Ok(());
        }
        let settings = self.run.settings;
        let tx = self.store.write()?;
        let (mut letters, mut moved) = (Vec::with_capacity(ready.len()), Vec::new());
        let mut notes = Vec::with_capacity(ready.len());
        let operator = operator_now(&tx, self.run, Permission::SendEmail)?;
        for (target, address, to, rendered) in ready {
            let code = target.employee.employee.code.clone();
            if let Some(why) = outside(&tx, operator.as_ref(), target.employee)? {
                moved.push((code, why));
                continue;
            }
            let queued = lifecycle::queue_message(
                &tx,
                &NewMessage {
                    employee_id: target.employee.id,
                    credential_id: target.credential.map(|c| c.id),
                    kind: request.kind,
                    template: (&request.template.name, request.template.version),
                    address: &address,
                    domain: settings.domain,
                    now: request.now,
                    lease: Some(self.run.lease),
                },
            )?;
            match queued {
                Ok((id, message_id)) => {
                    let detail = format!(
                        "{} with template {} to {address}",
                        request.kind, request.template.name
                    );
                    notes.push(("message.queued".to_owned(), code.clone(), detail));
                    letters.push((id, message_id, code, address, to, rendered));
                }
                Err(Moved(why)) => moved.push((code, why)),
            }
        }
        audit::record_many(&tx, settings.operator, &notes)?;
        let ids: Vec<i64> = letters.iter().map(|(id, ..)| *id).collect();
        let (go, why) = commit_queued(tx, self.run, &ids)?;
        self.after_queued(why, moved);
        for (_, _, code, ..) in letters.drain(go..) {
            self.held(&code);
        }
        for (id, message_id, code, address, to, rendered) in letters {
            let letter = self.letter(id, &message_id, Ok((to, rendered)));
            self.send(id, code, None, address, letter)?;
        }
        Ok(())
    }
}

/// Writes one rendered target: its new pending password (if it has one) and its delivery,
/// as one step. `Moved` when the employee's state changed since it was read. Returns the
/// delivery, the version it carries, its Message-ID and the detail of its audit entry (the
/// caller writes a batch's entries together).
fn record_delivery(
    tx: &Tx<'_>,
    r: &Ready<'_>,
    request: &Request<'_>,
    run: &Run<'_>,
) -> Result<Result<(i64, i64, String, String), Moved>> {
    let e = r.employee;
    let queue = |credential_id, expect| {
        lifecycle::queue(
            tx,
            &NewDelivery {
                employee_id: e.id,
                credential_id,
                expect,
                kind: request.mode.kind(),
                template: (&request.template.name, request.template.version),
                address: &r.address,
                domain: run.settings.domain,
                now: request.now,
                lease: Some(run.lease),
            },
        )
    };
    let queued = match &r.carried {
        // A new password and its delivery are one step: the password goes if the delivery
        // cannot be queued.
        Carried::New(prepared) => lifecycle::atomically(tx, || {
            let issued =
                credential::record_issue(tx, e, prepared, run.policy, run.vault, request.now)?;
            match issued {
                Ok((id, _)) => queue(id, CredentialState::Pending),
                Err(moved) => Ok(Err(moved)),
            }
        })?,
        // Queueing alone moves only before it writes: no savepoint needed.
        Carried::Issued { id, state, .. } => queue(*id, *state)?,
    };
    Ok(queued.map(|q| {
        let detail = format!(
            "{} credential {} to {}",
            request.mode.kind(),
            q.version,
            r.address
        );
        (q.id, q.version, q.message_id, detail)
    }))
}

/// Commits the transaction that queued deliveries `ids` (in the order they will go), after
/// letting go of those past the daily limit. Returns how many of `ids`, from the start, go
/// now (the caller reports the rest with `held`), and why the rest were held.
fn commit_queued(tx: Tx<'_>, run: &Run<'_>, ids: &[i64]) -> Result<(usize, Option<String>)> {
    let (held, why) = hold_back(&tx, run, ids)?;
    tx.commit()?;
    crate::failpoint!("send.after_queue_commit");
    Ok((ids.len() - held.len(), why))
}

/// With `[delivery] daily_limit`: of the deliveries `ids` this run has just taken (in this
/// transaction, so every sender counts the same rows), lets go of those past the limit, from
/// the end; they stay queued for a later run. Returns the ids let go, and why.
fn hold_back(tx: &Tx<'_>, run: &Run<'_>, ids: &[i64]) -> Result<(Vec<i64>, Option<String>)> {
    let Some(limit) = run.daily_limit else {
        return Ok((Vec::new(), None));
    };
    let now = credential::now();
    // Counts these deliveries too: they are queued and held by this run.
    let usage = outbox::daily_use(tx, now)?;
    let over = usize::try_from(usage.used - i64::from(limit))
        .unwrap_or(0)
        .min(ids.len());
    let held = ids[ids.len() - over..].to_vec();
    for &id in &held {
        outbox::unclaim(tx, id, run.lease)?;
    }
    let why = (!held.is_empty()).then(|| {
        let frees_at = usage.frees_at.unwrap_or(now + outbox::DAY_SECS);
        format!(
            "[delivery] daily_limit of {limit} messages in 24 hours is reached; still queued, \
             it can go from {} (`hrpass outbox retry`)",
            crate::text::rfc3339(frees_at)
        )
    });
    Ok((held, why))
}

/// The run's operator as they stand inside this transaction: removed or stripped of
/// `permission` since the run began is an error that stops it; `None` for a run without one.
pub(super) fn operator_now(
    tx: &crate::store::db::Conn,
    run: &Run<'_>,
    permission: Permission,
) -> Result<Option<crate::access::Actor>> {
    run.operator
        .map(|actor| crate::access::signin::recheck(tx, actor, permission))
        .transpose()
}

/// Why `e` is not the operator's to mail any more (their scope changed during the run).
pub(super) fn outside(
    tx: &crate::store::db::Conn,
    operator: Option<&crate::access::Actor>,
    e: &StoredEmployee,
) -> Result<Option<String>> {
    match operator {
        Some(actor) => actor.outside_scope(tx, e),
        None => Ok(None),
    }
}
