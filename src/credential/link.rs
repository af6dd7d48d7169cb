//! Activation links (`send-password --link`): a mail carries `[portal] public_url` +
//! `/activate/` + 32 random bytes instead of a password, and the employee sets their own
//! password on the portal. Only the token's hash is kept to find the link, and a sealed copy
//! while it is in play, so a resent mail carries the same link.
//!
//! A link is usable once the mail server has accepted its message, for the policy's
//! `link_valid_hours`, once. It is void as soon as a newer link or password is sent, the
//! employee changes their password, they are deactivated, or HR cancels its delivery. Until
//! the employee sets a password with it, whatever worked before keeps working: a link never
//! locks anyone out.

use super::session::{self, Client, Limits, Stage, Token, digest};
use super::{Change, Hasher, Within};
use crate::model::{Status, StoredEmployee};
use crate::store::db::Conn;
use crate::store::links::{self, LinkRow};
use crate::store::{Store, Tx, audit, employees, factors};
use anyhow::Result;
use secrecy::{ExposeSecret, SecretString};

/// A link's token: what its URL carries. Secret.
pub struct LinkToken(SecretString);

impl LinkToken {
    pub fn new() -> Result<LinkToken> {
        Ok(LinkToken(SecretString::from(
            Token::new()?.expose().to_owned(),
        )))
    }

    /// A token as a URL brought it; `None` for anything that cannot be one (so a hostile
    /// path costs no lookup).
    pub fn parse(text: &str) -> Option<LinkToken> {
        Token::parse(text).map(|t| LinkToken(SecretString::from(t.expose().to_owned())))
    }

    /// Opened from its sealed copy.
    pub fn from_secret(secret: SecretString) -> LinkToken {
        LinkToken(secret)
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }

    /// What the store keeps to find it.
    pub fn hash(&self) -> [u8; 32] {
        digest(
            b"hrpass activation link v1\0",
            self.0.expose_secret().as_bytes(),
        )
    }

    /// The link a mail carries.
    pub fn url(&self, public_url: &str) -> String {
        format!(
            "{}/activate/{}",
            public_url.trim_end_matches('/'),
            self.0.expose_secret()
        )
    }

    /// The form token of the page this link opens: its forms carry it, so a post made
    /// anywhere but on that page is refused.
    pub fn form_token(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest(
            b"hrpass activation form v1\0",
            self.0.expose_secret().as_bytes(),
        ))
    }
}

/// The link a token names, if it can be used now: usable, not past its end, its employee
/// active. Every other case (unknown, pending, used, void, expired) is `None`: the portal
/// answers them all alike.
pub fn usable(
    conn: &Conn,
    token: &LinkToken,
    now: i64,
) -> Result<Option<(LinkRow, StoredEmployee)>> {
    let Some(link) = links::by_hash(conn, &token.hash())? else {
        return Ok(None);
    };
    if !link.usable_at(now) {
        return Ok(None);
    }
    Ok(employees::by_id(conn, link.employee_id)?
        .filter(|e| e.employee.status == Status::Active)
        .map(|e| (link, e)))
}

/// What setting a password with a link came to.
pub enum Activated {
    /// Set with link `link_id`: the employee is signed in at `stage` with a new session, or
    /// (`None`) must sign in with their second factor (a link proves the mailbox, not the
    /// factor).
    Set {
        session: Option<(Stage, session::Token)>,
        link_id: i64,
    },
    /// Refused by the policy, with every reason; the link still works.
    Refused(Vec<String>),
    /// The link cannot be used (any reason, said alike).
    Gone,
}

/// Who sets the password, from where, and with what.
pub struct Setting<'a> {
    pub now: i64,
    pub params: &'a argon2::Params,
    pub company: &'a str,
    pub client: &'a Client,
    /// The audit trail's actor.
    pub operator: &'a str,
}

/// Setting the employee's password with the link a token names, in three steps as
/// `Changing` is a change's (the portal gives its store connection back while the hashing
/// thread works): the same checks and the same change as `passwd`, with the link used up
/// under the write lock in the change's own transaction, before the change voids the
/// employee's links. Of two browsers on one link, one sets its password and the other gets
/// `Gone`.
pub struct Activating {
    link: LinkRow,
    changing: super::Changing,
}

impl Activating {
    /// The link and what the change is checked against; `None` when the link cannot be used.
    /// The employee is read once, with the link (`usable`), and is the one the change is for.
    pub fn read(conn: &Conn, token: &LinkToken, now: i64) -> Result<Option<Activating>> {
        let Some((link, employee)) = usable(conn, token, now)? else {
            return Ok(None);
        };
        let changing = super::Changing::of(conn, crate::policy::current(conn)?, employee)?;
        Ok(Some(Activating { link, changing }))
    }

    /// The change's checks and hash (`Changing::hash`). Touches no store.
    pub fn hash(&self, new: &SecretString, s: &Setting<'_>) -> Result<super::ChangeHashed> {
        let mut hasher = Hasher::new(s.params.clone());
        self.changing.hash(new, &mut hasher, s.company)
    }

    /// The change, with the link used up in its transaction; `Gone` when the link was used
    /// or voided meanwhile.
    pub fn write(
        self,
        store: &mut Store,
        hashed: super::ChangeHashed,
        s: &Setting<'_>,
    ) -> Result<Activated> {
        let Activating { link, changing } = self;
        let policy = changing.policy();
        let (limits, require_2fa) = (Limits::of(policy), policy.policy.require_2fa);
        let (employee_id, code) = (
            changing.employee.id,
            changing.employee.employee.code.clone(),
        );
        let mut signed_in = None;
        let change = changing.write(
            store,
            hashed,
            s.now,
            s.operator,
            Within {
                expects: |tx: &Tx<'_>| links::use_up(tx, link.id, s.now),
                then: |tx: &Tx<'_>, credential_id| {
                    audit::record(
                        tx,
                        s.operator,
                        "link.used",
                        Some(&code),
                        &format!("link {}", link.id),
                    )?;
                    if factors::active(tx, employee_id)?.is_none() {
                        let stage = Stage::after_sign_in(false, require_2fa);
                        let session = session::begin(
                            tx,
                            employee_id,
                            credential_id,
                            stage,
                            s.now,
                            limits,
                            s.client,
                        )?;
                        signed_in = Some((stage, session));
                    }
                    Ok(())
                },
            },
        )?;
        Ok(match change {
            Some(Change::Changed { .. }) => Activated::Set {
                session: signed_in,
                link_id: link.id,
            },
            Some(Change::Refused { reasons }) => Activated::Refused(reasons),
            None => Activated::Gone,
        })
    }
}

/// How long a link works once its mail is accepted, in seconds.
pub fn valid_secs(policy: &crate::model::PasswordPolicy) -> i64 {
    i64::from(policy.link_valid_hours) * 3_600
}
