//! Operators signing in: `hrpass login` (password and TOTP) makes a CLI session; `operator
//! token` makes a token for scripts. Either is 256 random bits shown once, of which the store
//! keeps only a BLAKE2b-256 hash. Every command made with one re-reads the operator, so a
//! change of role or scope holds from the next command on, and a removal ends it at once.
//!
//! A session ends after `SESSION_IDLE_SECS` without a command, `SESSION_MAX_SECS` after the
//! sign-in, at `logout`, or when its operator is removed; a token at the expiry it was given
//! (at most `TOKEN_MAX_SECS`) or at removal. A TOTP code is good once: the last step used is
//! a compare-and-set on the operator's row, so a code seen over a shoulder, or replayed, is
//! refused.

use super::{Actor, Role, Scope, SignedIn};
use crate::store::operators::{self, OperatorRow};
use crate::store::{Store, audit};
use crate::vault::Vault;
use anyhow::{Result, anyhow, bail};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};

/// A CLI session ends after this long without a command.
pub const SESSION_IDLE_SECS: i64 = 3600;
/// ... and this long after the sign-in, whatever happens.
pub const SESSION_MAX_SECS: i64 = 12 * 3600;
/// The longest a script's token may be given.
pub const TOKEN_MAX_SECS: i64 = 366 * 86_400;
/// Failed sign-ins in a row that lock an operator ...
pub const LOCK_AFTER: u32 = 5;
/// ... for this long (a right password and code count only once it has passed).
pub const LOCK_SECS: i64 = 15 * 60;
/// A session is marked seen at most this often (the idle limit is exact to this much).
const TOUCH_EVERY_SECS: i64 = 60;

/// What marks an operator's token (so a leaked one is recognisable, and never taken for a
/// portal cookie).
const PREFIX: &str = "hrpo_";
const TOKEN_BYTES: usize = 32;

/// An operator's session or script token. Secret.
pub struct Token(SecretString);

impl Token {
    fn new() -> Result<Token> {
        let mut bytes = zeroize::Zeroizing::new([0u8; TOKEN_BYTES]);
        getrandom::fill(bytes.as_mut()).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
        Ok(Token(SecretString::from(format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(bytes)
        ))))
    }

    /// A token as given (environment, file); `None` for anything that cannot be one.
    pub fn parse(text: &str) -> Option<Token> {
        let body = text.trim().strip_prefix(PREFIX)?;
        let ok = body.len() == 43
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| Token(SecretString::from(text.trim().to_owned())))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// What the store keeps.
    pub fn hash(&self) -> [u8; 32] {
        crate::credential::session::digest(b"hrpass operator token v1\0", self.expose().as_bytes())
    }
}

/// Why a session or token does not sign anyone in; the message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum NotSignedIn {
    #[error(
        "this store has operators: sign in with `hrpass login NAME`, or give a script's token \
         in HRPASS_TOKEN or --token-file"
    )]
    Nobody,
    #[error("the token given is not an hrpass operator token (they start with {PREFIX})")]
    Malformed,
    #[error("the token given is not known to this store: sign in again with `hrpass login NAME`")]
    Unknown,
    #[error("{0}: sign in again with `hrpass login NAME`")]
    Ended(String),
}

/// The operator's role and scope, read from their row.
pub fn actor_of(row: &OperatorRow, signed_in: Option<SignedIn>) -> Result<Actor> {
    let role = Role::parse(&row.role)?;
    let scope = match role {
        Role::HrAdmin => Scope::everyone(),
        _ => Scope::of(row.departments.clone(), row.reports_to.clone()),
    };
    Ok(Actor {
        name: row.name.clone(),
        role,
        scope,
        signed_in,
        db_role: row.db_role.clone(),
    })
}

/// The operator a session or token signs in, checked for expiry and idleness (an ended one
/// is marked so). Marks the session seen.
pub fn authenticate(store: &mut Store, token: &Token, now: i64) -> Result<Actor> {
    let hash = token.hash();
    let Some(session) = operators::session_by_hash(store.conn(), &hash)? else {
        return Err(NotSignedIn::Unknown.into());
    };
    if let Some(why) = &session.ended_why {
        return Err(NotSignedIn::Ended(ended_in_words(&session.kind, why)).into());
    }
    let operator = operators::by_id(store.conn(), session.operator_id)?
        .ok_or_else(|| anyhow!("a session of an operator who does not exist"))?;
    let ending = if operator.removed_at.is_some() {
        Some("operator-removed")
    } else if now >= session.expires_at {
        Some("expired")
    } else if session.kind == "session" && now - session.seen_at > SESSION_IDLE_SECS {
        Some("idle")
    } else {
        None
    };
    if let Some(why) = ending {
        let tx = store.write()?;
        if operators::end_session(&tx, session.id, why, now)? {
            audit::record(
                &tx,
                &operator.name,
                "operator.session.end",
                None,
                &format!("{} {}: {why}", session.kind, session.id),
            )?;
        }
        tx.commit()?;
        return Err(NotSignedIn::Ended(ended_in_words(&session.kind, why)).into());
    }
    if session.kind == "session" && now - session.seen_at >= TOUCH_EVERY_SECS {
        operators::touch(store.conn(), session.id, now)?;
    }
    actor_of(
        &operator,
        Some(SignedIn {
            operator_id: operator.id,
            session_id: session.id,
            expires_at: session.expires_at,
        }),
    )
}

/// The operator as they stand now, read again inside the caller's transaction (a sending
/// run does this for each batch): an error when they were removed, or no longer hold
/// `permission`, since the run began; otherwise their current role and scope.
pub fn recheck(
    conn: &crate::store::db::Conn,
    actor: &Actor,
    permission: super::Permission,
) -> Result<Actor> {
    let Some(signed_in) = actor.signed_in else {
        return Ok(actor.clone());
    };
    // On PostgreSQL a removed operator no longer sees even their own row.
    let row = operators::by_id(conn, signed_in.operator_id)?.filter(|r| r.removed_at.is_none());
    let Some(row) = row else {
        bail!(
            "operator {} was removed during this run: nothing more is queued (what was \
             queued before stays in the outbox)",
            actor.name
        );
    };
    let now = actor_of(&row, Some(signed_in))?;
    now.require(permission)?;
    Ok(now)
}

fn ended_in_words(kind: &str, why: &str) -> String {
    let what = match kind {
        "token" => "this token",
        _ => "your session",
    };
    let how = match why {
        "idle" => format!(
            "ended after {} minutes without a command",
            SESSION_IDLE_SECS / 60
        ),
        "expired" => "has expired".to_owned(),
        "logout" => "was signed out".to_owned(),
        "operator-removed" => "ended: the operator was removed".to_owned(),
        "revoked" => "was revoked".to_owned(),
        other => format!("ended ({other})"),
    };
    format!("{what} {how}")
}

/// What a sign-in came to.
pub enum Login {
    SignedIn {
        token: Token,
        actor: Actor,
    },
    /// Wrong name, password or code, or an operator who signs in only with tokens: one
    /// answer for all.
    Refused,
}

/// Checks an operator's password and TOTP code and starts a session. The password is
/// hashed even for a name nobody has, so the time taken does not tell who exists.
pub fn login(
    store: &mut Store,
    vault: &Vault,
    params: &argon2::Params,
    name: &str,
    password: &str,
    code: &str,
    now: i64,
) -> Result<Login> {
    let operator = operators::find_live(store.conn(), name)?;
    let hash = operator.as_ref().and_then(|o| o.password_hash.clone());
    let password_ok = match &hash {
        Some(phc) => crate::credential::hash::verify(password, phc)?,
        None => {
            crate::credential::Hasher::new(params.clone()).hash(password)?;
            false
        }
    };
    let Some(operator) = operator else {
        let tx = store.write()?;
        audit::record(&tx, name, "operator.login.unknown", None, "")?;
        tx.commit()?;
        return Ok(Login::Refused);
    };
    let locked = operator.locked_until.is_some_and(|until| until > now);
    let step = match (&operator.totp_sealed, password_ok && !locked) {
        (Some(sealed), true) => matching_step(vault, sealed, operator.id, code, now)?,
        _ => None,
    };
    let tx = store.write()?;
    // The code is used up under the write lock: of two sign-ins with one code, one wins.
    let accepted = match step {
        Some(step) => operators::use_step(&tx, operator.id, step)?,
        None => false,
    };
    if !accepted {
        let failures = operators::failed_login(&tx, operator.id, LOCK_AFTER, now + LOCK_SECS)?;
        let why = match (locked, password_ok, step) {
            (true, _, _) => "locked after failed sign-ins",
            (false, false, _) => "wrong password",
            (false, true, None) => "wrong code",
            (false, true, Some(_)) => "code already used",
        };
        audit::record(
            &tx,
            &operator.name,
            "operator.login.failed",
            None,
            &format!("{why} ({failures} in a row)"),
        )?;
        tx.commit()?;
        return Ok(Login::Refused);
    }
    let token = Token::new()?;
    let expires_at = now + SESSION_MAX_SECS;
    let session_id =
        operators::insert_session(&tx, operator.id, &token.hash(), "session", now, expires_at)?;
    audit::record(
        &tx,
        &operator.name,
        "operator.login",
        None,
        &format!("session {session_id}"),
    )?;
    tx.commit()?;
    let actor = actor_of(
        &operator,
        Some(SignedIn {
            operator_id: operator.id,
            session_id,
            expires_at,
        }),
    )?;
    Ok(Login::SignedIn { token, actor })
}

/// The TOTP step `code` is right for, if any.
fn matching_step(
    vault: &Vault,
    sealed: &[u8],
    operator_id: i64,
    code: &str,
    now: i64,
) -> Result<Option<i64>> {
    let secret = vault.unseal_operator_factor(sealed, operator_id)?;
    crate::credential::factor::step_of(&secret, code, now)
}

/// Ends the session or token, if it is live.
pub fn logout(store: &mut Store, token: &Token, now: i64) -> Result<Option<String>> {
    let tx = store.write()?;
    let Some(session) = operators::session_by_hash(&tx, &token.hash())? else {
        return Ok(None);
    };
    let ended = operators::end_session(&tx, session.id, "logout", now)?;
    let operator = operators::by_id(&tx, session.operator_id)?
        .ok_or_else(|| anyhow!("a session of an operator who does not exist"))?;
    if ended {
        audit::record(
            &tx,
            &operator.name,
            "operator.logout",
            None,
            &format!("{} {}", session.kind, session.id),
        )?;
    }
    tx.commit()?;
    Ok(ended.then_some(operator.name))
}

/// A new script token for `operator`, valid for `valid_secs`.
pub fn issue_token(
    store: &mut Store,
    by: &Actor,
    name: &str,
    valid_secs: i64,
    now: i64,
) -> Result<(Token, i64)> {
    by.require(super::Permission::ManageOperators)?;
    if !(60..=TOKEN_MAX_SECS).contains(&valid_secs) {
        bail!(
            "a token is valid for at least a minute and at most {} days",
            TOKEN_MAX_SECS / 86_400
        );
    }
    let tx = store.write()?;
    let operator = operators::find_live(&tx, name)?
        .ok_or_else(|| anyhow!("no operator {name:?} (see `hrpass operator list`)"))?;
    let token = Token::new()?;
    let expires_at = now + valid_secs;
    let id = operators::insert_session(&tx, operator.id, &token.hash(), "token", now, expires_at)?;
    audit::record(
        &tx,
        &by.name,
        "operator.token",
        None,
        &format!(
            "token {id} for {}, until {}",
            operator.name,
            crate::text::rfc3339(expires_at)
        ),
    )?;
    tx.commit()?;
    Ok((token, expires_at))
}
