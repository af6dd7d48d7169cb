//! Activation links through the outbox: a new link per target (rendered before anything is
//! written for it, then the link and its delivery in one transaction), and a queued link
//! delivery sent again with the same link, opened from its sealed copy.

use super::{Dispatcher, commit_queued};
use crate::credential::{self, link::LinkToken};
use crate::delivery::request::Request;
use crate::delivery::template::{self, Template, Values};
use crate::mail;
use crate::model::{Employee, Status, StoredEmployee};
use crate::store::lifecycle::{self, Moved, NewLink};
use crate::store::{audit, employees, links, outbox};
use anyhow::{Context, Result, anyhow};
use lettre::message::Mailbox;

/// What a link delivery is about, for the summary and the audit trail.
fn about() -> (String, &'static str) {
    ("activation link".to_owned(), "link")
}

impl Dispatcher<'_> {
    /// Renders a link message: the recipient's mailbox and the template's parts, with the
    /// link and when it stops working. `Err` is the reason; it never carries the link.
    fn render_link(
        &self,
        employee: &Employee,
        address: &str,
        template: &Template,
        token: &LinkToken,
    ) -> Result<(Mailbox, template::Rendered), String> {
        let settings = self.run.settings;
        let Some(public_url) = settings.public_url else {
            return Err("[portal] public_url is not set: a link needs the portal's address".into());
        };
        let to = mail::mailbox(&employee.full_name(), address).map_err(|e| e.to_string())?;
        let until = credential::now() + credential::link::valid_secs(&self.run.policy.policy);
        let link = token.url(public_url);
        let rendered = template::render(
            template,
            &Values {
                employee,
                password: "",
                link: &link,
                login_url: settings.login_url,
                change_url: settings.change_url,
                company: settings.company,
                expires_at: &crate::text::local_time(until, settings.timezone),
                operator: settings.operator,
                reason: settings.reason,
            },
        )
        .map_err(|e| format!("the message cannot be rendered: {e}"))?;
        Ok((to, rendered))
    }

    /// Queues a batch of new links: renders each message first (a target whose message
    /// cannot be rendered is refused, nothing written for it), writes the links and their
    /// deliveries in one transaction, then hands the letters over.
    pub(in crate::delivery) fn queue_links(
        &mut self,
        batch: &[StoredEmployee],
        request: &Request<'_>,
    ) -> Result<()> {
        let mut ready = Vec::with_capacity(batch.len());
        for e in batch {
            let address = match request.address.choose(self.store.conn(), e)? {
                Ok(address) => address,
                Err(reason) => {
                    self.refuse(&e.employee.code, reason);
                    continue;
                }
            };
            let token = LinkToken::new()?;
            match self.render_link(&e.employee, &address, request.template, &token) {
                Ok((to, rendered)) => ready.push((e, address, token, to, rendered)),
                Err(reason) => self.refuse(&e.employee.code, reason),
            }
        }
        if ready.is_empty() {
            return Ok(());
        }
        let run = self.run;
        let pending_until = request.now + credential::link::valid_secs(&run.policy.policy);
        let tx = self.store.write()?;
        let operator = super::operator_now(&tx, run, crate::access::Permission::SendPasswords)?;
        let (mut letters, mut moved) = (Vec::with_capacity(ready.len()), Vec::new());
        let mut notes = Vec::with_capacity(ready.len());
        for (e, address, token, to, rendered) in ready {
            let code = e.employee.code.clone();
            if let Some(why) = super::outside(&tx, operator.as_ref(), e)? {
                moved.push((code, why));
                continue;
            }
            let hash = token.hash();
            let sealed = run.vault.seal_link(token.secret(), e.id, &hash)?;
            let queued = lifecycle::queue_link(
                &tx,
                &NewLink {
                    employee_id: e.id,
                    token_hash: &hash,
                    sealed: &sealed,
                    template: (&request.template.name, request.template.version),
                    address: &address,
                    domain: run.settings.domain,
                    now: request.now,
                    expires_at: pending_until,
                    lease: Some(run.lease),
                },
            )?;
            match queued {
                Ok(q) => {
                    let detail = format!(
                        "link {} with template {} to {address}",
                        q.link_id, request.template.name
                    );
                    notes.push(("link.queued".to_owned(), code.clone(), detail));
                    letters.push((q.id, q.message_id, code, address, to, rendered));
                }
                Err(Moved(why)) => moved.push((code, why)),
            }
        }
        audit::record_many(&tx, run.settings.operator, &notes)?;
        let ids: Vec<i64> = letters.iter().map(|(id, ..)| *id).collect();
        let (go, why) = commit_queued(tx, run, &ids)?;
        self.after_queued(why, moved);
        for (_, _, code, ..) in letters.drain(go..) {
            self.held(&code);
        }
        for (id, message_id, code, address, to, rendered) in letters {
            let letter = self.letter(id, &message_id, Ok((to, rendered)));
            self.send_about(id, code, about(), address, letter)?;
        }
        Ok(())
    }

    /// Sends a queued link delivery again, with the same link (opened from its sealed copy),
    /// template version, address and Message-ID. One whose link was voided or ran out, or
    /// whose employee left, becomes obsolete.
    pub(in crate::delivery) fn resume_link(&mut self, delivery: outbox::Delivery) -> Result<()> {
        let conn = self.store.conn();
        let link_id = delivery
            .link_id
            .context("a link delivery without its link")?;
        let link = links::by_id(conn, link_id)?.context("the delivery's link is missing")?;
        let employee = employees::find(conn, &delivery.employee_code)?
            .context("the delivery's employee is missing")?;
        let now = credential::now();
        let gone = if employee.employee.status == Status::Inactive {
            Some("the employee is inactive")
        } else if !link.can_be_mailed(now) {
            Some("its link was replaced, voided or ran out before it was delivered")
        } else {
            None
        };
        if let Some(reason) = gone {
            return self.obsolete(&delivery, reason);
        }
        let sealed = link
            .sealed
            .as_deref()
            .context("a pending link without its seal")?;
        let token = match self
            .run
            .vault
            .unseal_link(sealed, link.employee_id, &link.token_hash)
        {
            Ok(secret) => LinkToken::from_secret(secret),
            Err(_) => {
                let damaged = anyhow!("its sealed link does not open with vault.key");
                let (code, address) = (delivery.employee_code, delivery.address);
                return self.send_about(delivery.id, code, about(), address, Err(damaged));
            }
        };
        let key = (delivery.template.clone(), delivery.template_version);
        if !self.templates.contains_key(&key) {
            let t = template::version(self.store, &delivery.template, delivery.template_version)?;
            self.templates.insert(key.clone(), t);
        }
        let rendered = self.render_link(
            &employee.employee,
            &delivery.address,
            &self.templates[&key],
            &token,
        );
        let letter = self.letter(delivery.id, &delivery.message_id, rendered);
        self.send_about(
            delivery.id,
            delivery.employee_code,
            about(),
            delivery.address,
            letter,
        )
    }
}
