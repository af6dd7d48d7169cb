//! What a sending run is asked (targets, mode, settings) and what it came to (the summary):
//! the plain types that the run's planner and its dispatcher both speak.

use super::template::Template;
use crate::model::StoredEmployee;
use crate::policy::VersionedPolicy;
use crate::store::db::Conn;
use crate::store::{credentials, outbox};
use crate::vault::Vault;
use anyhow::Result;
use lettre::message::Mailbox;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A new password per the policy.
    Regenerate,
    /// The password hrpass already issued (its sealed copy).
    Existing,
    /// A single-use activation link to set a password on the portal.
    Link,
}

impl Mode {
    pub(super) fn kind(self) -> &'static str {
        match self {
            Mode::Regenerate => "regenerate",
            Mode::Existing => "existing",
            Mode::Link => outbox::LINK,
        }
    }
}

/// An employee that was not sent a password, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub employee_code: String,
    pub reason: String,
}

/// The outcome PRODUCT.md gives scripts: who got mail, who did not and why. Each employee
/// appears in one list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Accepted by the mail server; a new password among them is now the active one.
    pub sent: Vec<String>,
    /// Not delivered: refused by the server (5xx), or still queued (the reason says so).
    pub failed: Vec<Problem>,
    /// Never queued: inactive, nothing to send, a message that cannot be rendered.
    pub refused: Vec<Problem>,
    /// Accepted after the employee's own change or HR's cancel: the mail went out, its
    /// password never became active, and the employee's current password keeps working.
    pub superseded: Vec<Problem>,
    /// The address each delivery of the run was mailed (or tried) to, by employee code.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub addresses: std::collections::BTreeMap<String, String>,
    /// Set when the batch stopped early (TLS, authentication, an unreachable server): the
    /// rest stay queued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// How many of `failed` are still queued (for `hrpass outbox retry` or the next run).
    #[serde(skip)]
    pub still_queued: usize,
}

impl Summary {
    /// Messages the mail server accepted (superseded ones included: they were delivered).
    pub fn delivered(&self) -> usize {
        self.sent.len() + self.superseded.len()
    }

    /// Why the first target that got nothing got nothing (a run of one says it this way).
    pub fn first_reason(&self) -> String {
        self.failed
            .iter()
            .chain(&self.refused)
            .map(|p| p.reason.clone())
            .next()
            .or_else(|| self.stopped.clone())
            .unwrap_or_else(|| "not delivered".to_owned())
    }

    /// Each list in employee-code order: outcomes arrive in whatever order the connections
    /// finish, and a summary a script reads should not depend on that.
    pub(super) fn sort_by_code(&mut self) {
        self.sent.sort();
        for list in [&mut self.failed, &mut self.superseded] {
            list.sort_by(|a, b| a.employee_code.cmp(&b.employee_code));
        }
    }
}

/// Everything sending needs besides the store and the transport.
pub struct Settings<'a> {
    pub from: &'a Mailbox,
    /// The domain of Message-IDs.
    pub domain: &'a str,
    pub login_url: &'a str,
    /// `[portal] public_url`: where activation links point (`None`: links cannot be sent).
    pub public_url: Option<&'a str>,
    /// The portal's change-password page, else `login_url` (`{{ change_url }}`).
    pub change_url: &'a str,
    pub company: &'a str,
    pub operator: &'a str,
    /// Why (a masquerade's notice; empty otherwise): `{{ reason }}`.
    pub reason: &'a str,
    /// The zone the mail states its times in (`[portal] timezone`).
    pub timezone: &'a jiff::tz::TimeZone,
}

/// Which of an employee's addresses a new delivery goes to (`--address`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Address {
    /// The work address (`email`).
    #[default]
    Work,
    /// `personal_email`; an employee without one is refused.
    Personal,
    /// `personal_email` when set and the employee has no active password yet (a new hire),
    /// else the work address.
    Auto,
}

impl Address {
    /// The address for `e`, or why there is none.
    pub fn choose(self, conn: &Conn, e: &StoredEmployee) -> Result<Result<String, String>> {
        let personal = e.employee.personal_email.clone();
        Ok(match (self, personal) {
            (Address::Work, _) => Ok(e.employee.email.clone()),
            (Address::Personal, Some(personal)) => Ok(personal),
            (Address::Personal, None) => Err(format!(
                "no personal_email (add one with `hrpass employees update {} --personal-email \
                 ADDRESS`, or send to the work address)",
                e.employee.code
            )),
            (Address::Auto, Some(personal)) if credentials::active(conn, e.id)?.is_none() => {
                Ok(personal)
            }
            (Address::Auto, _) => Ok(e.employee.email.clone()),
        })
    }
}

/// What to send to the targets of a run.
pub struct Request<'a> {
    pub targets: &'a [StoredEmployee],
    pub mode: Mode,
    /// Which address new deliveries go to (resumed ones keep theirs).
    pub address: Address,
    /// The template version in force, checked by `template::trial`.
    pub template: &'a Template,
    /// argon2 parameters for new passwords.
    pub params: &'a argon2::Params,
    pub now: i64,
    /// Where new passwords are hashed: the portal's hashing threads (its forgot page), or
    /// rayon's global pool, one thread a core (`None`, the command line).
    pub hashers: Option<&'a rayon::ThreadPool>,
}

/// One employee a message without a password goes to.
pub struct MessageTarget<'e> {
    pub employee: &'e StoredEmployee,
    /// The issued password a reminder is about (its expiry goes into the text).
    pub credential: Option<&'e crate::model::Credential>,
    /// Where it goes, when not the request's `address` (a reminder goes where the password
    /// it is about went).
    pub address: Option<&'e str>,
}

/// What a run of messages without a password sends: `send-email` or `notify-expiring`.
pub struct MessageRequest<'a> {
    /// `email` or `expiry` (the outbox kind).
    pub kind: &'static str,
    /// A message template (no `{{ password }}`).
    pub template: &'a Template,
    pub address: Address,
    pub now: i64,
}

/// Progress callbacks: passwords hashed (called from hashing threads), messages done.
pub struct Progress<'a> {
    pub hashed: &'a (dyn Fn(u64) + Sync),
    pub sent: &'a dyn Fn(u64),
}

impl Progress<'_> {
    pub fn none() -> Progress<'static> {
        Progress {
            hashed: &|_| {},
            sent: &|_| {},
        }
    }
}

/// What a run works with.
pub struct Run<'a> {
    pub vault: &'a Vault,
    pub policy: &'a VersionedPolicy,
    pub settings: &'a Settings<'a>,
    pub progress: Progress<'a>,
    /// This run's hold on the deliveries it queues or takes (see `outbox::Lease`).
    pub lease: &'a outbox::Lease,
    /// `[delivery] daily_limit`: messages accepted in any 24 hours, across runs.
    pub daily_limit: Option<u32>,
    /// The signed-in operator the run acts for: each batch is queued only for the targets
    /// in their scope as it stands in the batch's own transaction (`access::signin::recheck`).
    pub operator: Option<&'a crate::access::Actor>,
}
