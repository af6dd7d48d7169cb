//! The hand-off to the transport: the letters of queued deliveries, sent again or for the
//! first time, go to the transport's thread; deliveries that can no longer go are retired.

use super::{Dispatcher, InFlight, RECORD_EVERY, about, hold_back};
use crate::credential;
use crate::delivery::request::Problem;
use crate::delivery::template;
use crate::mail::{Failure, Letter, Outcome};
use crate::model::{CredentialState, DeliveryState, Status};
use crate::store::lifecycle;
use crate::store::{audit, credentials, employees, outbox};
use anyhow::{Context, Result, anyhow};
use secrecy::SecretString;

impl Dispatcher<'_> {
    /// Hands a built letter over (or records why it could not be built).
    pub(in crate::delivery) fn send(
        &mut self,
        id: i64,
        code: String,
        version: Option<i64>,
        address: String,
        letter: Result<Letter>,
    ) -> Result<()> {
        self.send_about(id, code, about(version), address, letter)
    }

    /// `send`, for a delivery described by `(about, subject)` (see `about`).
    pub(in crate::delivery) fn send_about(
        &mut self,
        id: i64,
        code: String,
        (about, subject): (String, &'static str),
        address: String,
        letter: Result<Letter>,
    ) -> Result<()> {
        self.in_flight.insert(
            id,
            InFlight {
                code,
                about,
                subject,
                address,
            },
        );
        if self.letters.is_none() {
            // Stopped: it stays queued, and `finish` says so.
            return Ok(());
        }
        match letter {
            Ok(letter) => self.hand_over(letter)?,
            Err(e) => self.received.push(Outcome {
                key: id,
                attempts: 0,
                result: Err(Failure::Permanent(format!("cannot build the message: {e}"))),
            }),
        }
        self.collect()
    }

    /// Sends queued deliveries again, each with the password, template version and
    /// Message-ID it was queued with. One that can no longer go (its password was replaced
    /// or expired, the employee left) becomes obsolete; one whose message no longer renders
    /// fails with the reason.
    pub(in crate::delivery) fn resume(&mut self, ids: &[i64]) -> Result<()> {
        // Each delivery is taken for this run first: one another sender holds is left to it.
        let now = credential::now();
        let tx = self.store.write()?;
        let mut taken = Vec::with_capacity(ids.len());
        let mut busy = Vec::new();
        for &id in ids {
            if outbox::claim(&tx, id, self.run.lease, now)? {
                taken.push(id);
            } else if let Some((owner, until)) =
                outbox::leased_elsewhere(&tx, id, self.run.lease, now)?
                && let Some(d) = outbox::get(&tx, id)?
            {
                busy.push((d.employee_code, owner, until));
            }
        }
        let (held, why) = hold_back(&tx, self.run, &taken)?;
        taken.truncate(taken.len() - held.len());
        let mut held_codes = Vec::with_capacity(held.len());
        for id in held {
            if let Some(d) = outbox::get(&tx, id)? {
                held_codes.push(d.employee_code);
            }
        }
        tx.commit()?;
        self.daily_limit_reached = self.daily_limit_reached.take().or(why);
        for code in held_codes {
            self.held(&code);
        }
        for (code, owner, until) in busy {
            self.refuse(
                &code,
                format!(
                    "another hrpass ({owner}) is sending it, holding it until {}",
                    crate::text::rfc3339(until)
                ),
            );
        }
        for &id in &taken {
            let conn = self.store.conn();
            let Some(delivery) = outbox::get(conn, id)? else {
                continue;
            };
            if delivery.state != DeliveryState::Queued {
                continue;
            }
            if delivery.link_id.is_some() {
                self.resume_link(delivery)?;
                continue;
            }
            if !delivery.carries_password() {
                self.resume_message(delivery)?;
                continue;
            }
            let credential_id = delivery
                .credential_id
                .context("a password delivery without its credential")?;
            let credential = credentials::by_id(conn, credential_id)?
                .context("the delivery's credential is missing")?;
            let employee = employees::find(conn, &delivery.employee_code)?
                .context("the delivery's employee is missing")?;
            let now = credential::now();
            let usable = credential::deliverable(&credential, now);
            let gone = if employee.employee.status == Status::Inactive {
                Some("the employee is inactive")
            } else if !usable {
                Some("its password expired or was replaced before it was delivered")
            } else {
                None
            };
            if let Some(reason) = gone {
                self.obsolete(&delivery, reason)?;
                continue;
            }
            let sealed = credential.sealed.as_deref().expect("mailable: sealed");
            let Ok(password) =
                self.run
                    .vault
                    .unseal(sealed, credential.employee_id, credential.version)
            else {
                let damaged = anyhow!("its sealed password does not open with vault.key");
                let (code, email) = (delivery.employee_code, delivery.address);
                self.send(id, code, Some(credential.version), email, Err(damaged))?;
                continue;
            };
            let key = (delivery.template.clone(), delivery.template_version);
            if !self.templates.contains_key(&key) {
                let t =
                    template::version(self.store, &delivery.template, delivery.template_version)?;
                self.templates.insert(key.clone(), t);
            }
            let expires_at = match credential.state {
                CredentialState::Active => credential.expires_at,
                _ => Some(self.pending_expiry()),
            };
            // To the address it was queued for, whatever the employee's record says now.
            let rendered = self.render(
                &employee.employee,
                &delivery.address,
                &self.templates[&key],
                &password,
                expires_at,
            );
            let letter = self.letter(id, &delivery.message_id, rendered);
            self.send(
                id,
                delivery.employee_code,
                Some(credential.version),
                delivery.address,
                letter,
            )?;
        }
        Ok(())
    }

    /// Sends a queued message without a password again, as it was queued (template version,
    /// address, Message-ID). A reminder whose password was changed, replaced or has expired
    /// meanwhile, or a message to an employee who left, becomes obsolete.
    pub(in crate::delivery) fn resume_message(&mut self, delivery: outbox::Delivery) -> Result<()> {
        let conn = self.store.conn();
        let employee = employees::find(conn, &delivery.employee_code)?
            .context("the delivery's employee is missing")?;
        let now = credential::now();
        let mut expires_at = None;
        let gone = if employee.employee.status == Status::Inactive {
            Some("the employee is inactive")
        } else if let Some(credential_id) = delivery.credential_id {
            match credentials::by_id(conn, credential_id)? {
                Some(c)
                    if c.state == CredentialState::Active
                        && c.must_change
                        && c.expires_at.is_none_or(|at| at > now) =>
                {
                    expires_at = c.expires_at;
                    None
                }
                _ => Some("the password it reminds of was changed, replaced or has expired"),
            }
        } else {
            None
        };
        if let Some(reason) = gone {
            return self.obsolete(&delivery, reason);
        }
        let key = (delivery.template.clone(), delivery.template_version);
        if !self.templates.contains_key(&key) {
            let t = template::version(self.store, &delivery.template, delivery.template_version)?;
            self.templates.insert(key.clone(), t);
        }
        let no_password = SecretString::from(String::new());
        let rendered = self.render(
            &employee.employee,
            &delivery.address,
            &self.templates[&key],
            &no_password,
            expires_at,
        );
        let letter = self.letter(delivery.id, &delivery.message_id, rendered);
        self.send(
            delivery.id,
            delivery.employee_code,
            None,
            delivery.address,
            letter,
        )
    }

    /// Records a queued delivery that can no longer go as obsolete.
    pub(in crate::delivery) fn obsolete(
        &mut self,
        delivery: &outbox::Delivery,
        reason: &str,
    ) -> Result<()> {
        let tx = self.store.write()?;
        let applied = lifecycle::obsolete(&tx, delivery.id, reason)?;
        if applied.is_ok() {
            audit::record(
                &tx,
                self.run.settings.operator,
                if delivery.carries_password() {
                    "password.obsolete"
                } else if delivery.link_id.is_some() {
                    "link.obsolete"
                } else {
                    "message.obsolete"
                },
                Some(&delivery.employee_code),
                reason,
            )?;
        }
        tx.commit()?;
        self.summary.failed.push(Problem {
            employee_code: delivery.employee_code.clone(),
            reason: format!("not sent: {reason}"),
        });
        Ok(())
    }

    /// Hands a letter to the transport, recording outcomes while the queue is full.
    pub(in crate::delivery) fn hand_over(&mut self, mut letter: Letter) -> Result<()> {
        loop {
            let Some(letters) = &self.letters else {
                return Ok(());
            };
            match letters.send_timeout(letter, RECORD_EVERY) {
                Ok(()) => return Ok(()),
                Err(flume::SendTimeoutError::Timeout(back)) => {
                    letter = back;
                    self.collect()?;
                }
                // The transport stopped; the letter stays queued.
                Err(flume::SendTimeoutError::Disconnected(_)) => {
                    self.letters = None;
                    return Ok(());
                }
            }
        }
    }
}
