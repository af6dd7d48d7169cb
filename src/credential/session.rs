//! The portal's sessions: what a sign-in gives the employee's browser, as domain data in the
//! store (`store::sessions`), so any number of `hrpass serve` processes on one store share
//! them and a route holds no state of its own.
//!
//! A session is a stage of one sign-in: `second_factor` (the password was right, the code is
//! still to come), `change` (the password must be changed first), `enroll` (a second factor
//! must be enrolled first) or `full`. Every step to the next stage replaces the session by a
//! new one with a new token (so a token seen before a step is worth nothing after it), as a
//! compare-and-set on the stage the step expects. The cookie carries the token; the store
//! only its BLAKE2b-256 hash. The form token against cross-site requests is derived from the
//! token, so it is never stored either.

use crate::model::StoredEmployee;
use crate::policy::VersionedPolicy;
use crate::store::db::Conn;
use crate::store::sessions::{self, NewSession};
use crate::store::{Store, Tx, employees};
use anyhow::{Result, anyhow};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use blake2::Digest;
use secrecy::{ExposeSecret, SecretString};

/// How long the step between a right password and its second factor may take.
pub const SECOND_FACTOR_SECS: i64 = 300;

/// A session is marked seen at most this often (a write per request would make every page
/// view and every forward-auth check a write); the idle limit is exact to this much.
pub const TOUCH_EVERY_SECS: i64 = 60;

/// The random bytes of a token (256 bits).
const TOKEN_BYTES: usize = 32;

/// Where a sign-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    SecondFactor,
    Change,
    Enroll,
    Full,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::SecondFactor => "second_factor",
            Stage::Change => "change",
            Stage::Enroll => "enroll",
            Stage::Full => "full",
        }
    }

    fn parse(text: &str) -> Result<Stage> {
        Ok(match text {
            "second_factor" => Stage::SecondFactor,
            "change" => Stage::Change,
            "enroll" => Stage::Enroll,
            "full" => Stage::Full,
            other => return Err(anyhow!("a session in an unknown stage {other:?}")),
        })
    }

    /// The stage a right password (and code) leads to.
    pub fn after_sign_in(must_change: bool, must_enroll: bool) -> Stage {
        match (must_change, must_enroll) {
            (true, _) => Stage::Change,
            (false, true) => Stage::Enroll,
            (false, false) => Stage::Full,
        }
    }
}

/// A session token: what the cookie carries. Secret.
pub struct Token(SecretString);

impl Token {
    pub(super) fn new() -> Result<Token> {
        let mut bytes = zeroize::Zeroizing::new([0u8; TOKEN_BYTES]);
        getrandom::fill(bytes.as_mut()).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
        Ok(Token(SecretString::from(URL_SAFE_NO_PAD.encode(bytes))))
    }

    /// A token as a cookie brought it; `None` for anything that cannot be one (so a hostile
    /// cookie costs no lookup).
    pub fn parse(text: &str) -> Option<Token> {
        let ok = text.len() == 43
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| Token(SecretString::from(text.to_owned())))
    }

    /// The cookie's value.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// What the store keeps.
    pub fn hash(&self) -> [u8; 32] {
        digest(b"hrpass portal session v1\0", self.expose().as_bytes())
    }

    /// The form token of this session: a page's forms carry it, and a POST without the
    /// session's own is refused.
    pub fn form_token(&self) -> String {
        URL_SAFE_NO_PAD.encode(digest(b"hrpass form token v1\0", self.expose().as_bytes()))
    }
}

/// BLAKE2b-512 of a label and a value, cut to 256 bits.
pub(crate) fn digest(label: &[u8], value: &[u8]) -> [u8; 32] {
    let full = blake2::Blake2b512::new()
        .chain_update(label)
        .chain_update(value)
        .finalize();
    let mut out = [0u8; 32];
    out.copy_from_slice(&full[..32]);
    out
}

/// A form token for a visitor without a session (the sign-in and forgot forms): derived from
/// the random value of their pre-session cookie, which only this site can set.
pub fn visitor_form_token(visitor: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(
        b"hrpass visitor form token v1\0",
        visitor.as_bytes(),
    ))
}

/// A new random visitor value (the pre-session cookie).
pub fn new_visitor() -> Result<String> {
    Ok(Token::new()?.expose().to_owned())
}

/// Who is signing in from where: kept with the session for the account page.
#[derive(Debug, Clone)]
pub struct Client {
    pub address: String,
    /// The User-Agent, shortened.
    pub agent: String,
}

/// A live session, with its employee as the store has them now.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub employee: StoredEmployee,
    pub credential_id: i64,
    pub stage: Stage,
    pub signed_in_at: i64,
    pub expires_at: i64,
    /// When it ends unless used before.
    pub idle_until: i64,
    /// An hr-admin's read-only look (`credential::masquerade`): nothing may be changed.
    pub masquerade: Option<Look>,
}

impl Session {
    /// Whether anything may be changed from this session: nothing from an hr-admin's look
    /// at the account (a masquerade's); the error says so.
    pub fn may_change(&self) -> Result<(), String> {
        match &self.masquerade {
            Some(look) => Err(format!(
                "this is {}'s read-only look at the account: nothing can be changed from it",
                look.operator
            )),
            None => Ok(()),
        }
    }
}

/// Who is looking at the account, and why (a masquerade's session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    pub operator: String,
    pub reason: String,
}

/// The session limits of the policy in force, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub idle: i64,
    pub max: i64,
}

impl Limits {
    pub fn of(policy: &VersionedPolicy) -> Limits {
        Limits {
            idle: i64::from(policy.policy.session_idle_minutes) * 60,
            max: i64::from(policy.policy.session_max_hours) * 3_600,
        }
    }
}

/// The window over which sign-in attempts are counted per client address.
pub const ATTEMPT_WINDOW_SECS: i64 = 600;

/// Whether a client address may try another sign-in now: fewer than `limit` attempts in the
/// last `ATTEMPT_WINDOW_SECS`. Asked before any hash (a read); the attempt itself is counted
/// in the sign-in's own transaction (`count_attempt`), so sign-ins from one address that
/// are hashing at the same moment can pass the limit by at most the hashing gate's places.
pub fn address_may_try(conn: &Conn, address: &str, now: i64, limit: u32) -> Result<bool> {
    let made = sessions::attempts_since(conn, address, now - ATTEMPT_WINDOW_SECS, limit)?;
    Ok(made < i64::from(limit))
}

/// Counts a sign-in attempt from a client address, in the sign-in's transaction.
pub fn count_attempt(tx: &Tx<'_>, address: &str, now: i64) -> Result<()> {
    sessions::record_attempt(tx, address, now)
}

/// How long a session is kept once over (ended, or past its absolute expiry) for the account
/// page's "last sign-ins" (the audit trail keeps every sign-in for good).
pub const KEEP_OVER_SECS: i64 = 90 * 86_400;

/// Starts a session for a sign-in, in the sign-in's own transaction, and forgets the
/// employee's sessions that were over more than `KEEP_OVER_SECS` ago.
pub fn begin(
    tx: &Tx<'_>,
    employee_id: i64,
    credential_id: i64,
    stage: Stage,
    now: i64,
    limits: Limits,
    client: &Client,
) -> Result<Token> {
    sessions::forget_over(tx, employee_id, now - KEEP_OVER_SECS)?;
    let token = Token::new()?;
    let expires_at = match stage {
        Stage::SecondFactor => now + SECOND_FACTOR_SECS.min(limits.max),
        _ => now + limits.max,
    };
    sessions::insert(
        tx,
        &token.hash(),
        &NewSession {
            employee_id,
            credential_id,
            stage: stage.as_str(),
            signed_in_at: now,
            now,
            expires_at,
            address: &client.address,
            client: &client.agent,
        },
    )?;
    Ok(token)
}

/// Replaces a session by one in the next stage (a new token), if it is still live and in
/// the stage the caller saw; `None` when it is not (another tab moved it on, or it ended).
/// The sign-in's absolute expiry carries over, except from the short second-factor step.
pub fn advance(
    tx: &Tx<'_>,
    session: &Session,
    to: Stage,
    credential_id: i64,
    now: i64,
    limits: Limits,
) -> Result<Option<Token>> {
    let Some(row) = sessions::live_by_id(tx, session.id)? else {
        return Ok(None);
    };
    if !sessions::end_in_stage(tx, session.id, session.stage.as_str(), "rotated", now)? {
        return Ok(None);
    }
    let token = Token::new()?;
    let expires_at = match session.stage {
        Stage::SecondFactor => row.signed_in_at + limits.max,
        _ => row.expires_at,
    };
    sessions::insert(
        tx,
        &token.hash(),
        &NewSession {
            employee_id: row.employee_id,
            credential_id,
            stage: to.as_str(),
            signed_in_at: row.signed_in_at,
            now,
            expires_at,
            address: &row.address,
            client: &row.client,
        },
    )?;
    Ok(Some(token))
}

/// Why a token signs nobody in (said to nobody but the log: the browser is sent to sign in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    Unknown,
    Idle,
    Expired,
    Inactive,
}

/// What the reads of a session found (`judge`), and the write it still needs (`settle`).
pub enum Judged {
    /// Nothing to write.
    Found(Result<Session, Gone>),
    /// Idle, past its end, or its employee deactivated: to be ended.
    End {
        id: i64,
        gone: Gone,
        why: &'static str,
    },
    /// Live, and last marked seen a minute or more ago: to be marked seen at `now` (the
    /// session is as it will be then).
    Touch(Session),
}

impl Judged {
    /// The session whose write this needs (to end it, or to mark it seen), if any.
    pub fn writes(&self) -> Option<i64> {
        match self {
            Judged::Found(_) => None,
            Judged::End { id, .. } => Some(*id),
            Judged::Touch(session) => Some(session.id),
        }
    }

    /// The answer as the reads found it, without the write: for a request of a session whose
    /// write another request is making (one write, not one each).
    pub fn answer(self) -> Result<Session, Gone> {
        match self {
            Judged::Found(found) => found,
            Judged::End { gone, .. } => Err(gone),
            Judged::Touch(session) => Ok(session),
        }
    }
}

/// The session `token` names, judged at `now` against the policy in force, by reads alone.
pub fn judge(conn: &Conn, token: &Token, now: i64) -> Result<Judged> {
    let Some(row) = sessions::live(conn, &token.hash())? else {
        return Ok(Judged::Found(Err(Gone::Unknown)));
    };
    let limits = Limits::of(&crate::policy::current(conn)?);
    let employee = employees::by_id(conn, row.employee_id)?;
    let idle_until = row.seen_at + limits.idle;
    let gone = match &employee {
        _ if row.expires_at <= now => Some((Gone::Expired, "expired")),
        _ if idle_until <= now => Some((Gone::Idle, "idle")),
        Some(e) if e.employee.status == crate::model::Status::Active => None,
        _ => Some((Gone::Inactive, "deactivated")),
    };
    if let Some((gone, why)) = gone {
        return Ok(Judged::End {
            id: row.id,
            gone,
            why,
        });
    }
    let employee = employee.expect("judged active above");
    let touch = now - row.seen_at >= TOUCH_EVERY_SECS;
    let seen = if touch { now } else { row.seen_at };
    let masquerade = match row.masquerade_id {
        Some(id) => crate::store::masquerades::by_id(conn, id)?.map(|m| Look {
            operator: m.operator,
            reason: m.reason,
        }),
        None => None,
    };
    let session = Session {
        masquerade,
        id: row.id,
        employee,
        credential_id: row.credential_id,
        stage: Stage::parse(&row.stage)?,
        signed_in_at: row.signed_in_at,
        expires_at: row.expires_at,
        idle_until: (seen + limits.idle).min(row.expires_at),
    };
    Ok(match touch {
        true => Judged::Touch(session),
        false => Judged::Found(Ok(session)),
    })
}

/// Makes the write `judged` needs, each a compare-and-set on the session being live, and
/// answers: an idle session or one past its end is ended (and `Gone` says why), a live one
/// is marked seen at `now` (at most once a minute: `judge` asks for it).
pub fn settle(store: &mut Store, judged: Judged, now: i64) -> Result<Result<Session, Gone>> {
    match judged {
        Judged::Found(found) => Ok(found),
        Judged::End { id, gone, why } => {
            let tx = store.write()?;
            sessions::end(&tx, id, why, now)?;
            #[cfg(feature = "failpoints")]
            fail::eval("session-write", |_| ());
            tx.commit()?;
            Ok(Err(gone))
        }
        Judged::Touch(session) => {
            let tx = store.write()?;
            let touched = sessions::touch(&tx, session.id, now)?;
            // The tests' slow write (`FAILPOINTS=session-write=sleep(1500)`).
            #[cfg(feature = "failpoints")]
            fail::eval("session-write", |_| ());
            tx.commit()?;
            // Not touched: ended meanwhile (signed out elsewhere).
            Ok(if touched {
                Ok(session)
            } else {
                Err(Gone::Unknown)
            })
        }
    }
}

/// Whether `session` is still live and in the stage it was read in: what a change asked from
/// it expects under the write lock (another tab may have moved it on or ended it).
pub fn still_current(tx: &Tx<'_>, session: &Session) -> Result<bool> {
    Ok(sessions::live_by_id(tx, session.id)?.is_some_and(|r| r.stage == session.stage.as_str()))
}

/// Signs this session out.
pub fn sign_out(store: &mut Store, session: &Session, now: i64, operator: &str) -> Result<()> {
    let tx = store.write()?;
    if sessions::end(&tx, session.id, "signed out", now)? {
        crate::store::audit::record(
            &tx,
            operator,
            "portal.sign_out",
            Some(&session.employee.employee.code),
            "",
        )?;
    }
    tx.commit()
}

/// Signs the employee out of every session, this one included; returns how many ended.
pub fn sign_out_everywhere(
    store: &mut Store,
    session: &Session,
    now: i64,
    operator: &str,
) -> Result<usize> {
    let tx = store.write()?;
    let ended = sessions::end_all(&tx, session.employee.id, "signed out everywhere", now)?;
    crate::store::audit::record(
        &tx,
        operator,
        "portal.sign_out_everywhere",
        Some(&session.employee.employee.code),
        &format!("{ended} session(s) ended"),
    )?;
    tx.commit()?;
    Ok(ended)
}
