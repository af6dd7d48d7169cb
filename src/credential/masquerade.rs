//! Masquerade: an hr-admin's read-only look at an employee's portal account, the HR suite's
//! "masquerade as another employee", for helping them over the phone.
//!
//! `start` (`hrpass operator masquerade CODE --reason TEXT`) makes a one-time URL that opens
//! once, within `OPEN_WITHIN_SECS`; `open` (the portal's `/masquerade/TOKEN`) turns it into a
//! portal session of the employee marked as the look, which lasts at most `LOOK_SECS`. Such
//! a session changes nothing: every form post is refused, forward-auth does not admit it,
//! and each page carries a banner naming the operator. Both steps are audited with the
//! reason, and the employee is mailed who looked and why once it is opened.

use super::session::{self, Client, Limits, Stage, Token};
use crate::access::{Actor, Permission, Role};
use crate::model::{Status, StoredEmployee};
use crate::store::{Store, audit, credentials, employees, masquerades, sessions};
use anyhow::{Result, bail};

/// How long the one-time URL may be opened.
pub const OPEN_WITHIN_SECS: i64 = 300;
/// How long the look lasts once opened.
pub const LOOK_SECS: i64 = 15 * 60;
/// The longest reason taken.
const MAX_REASON: usize = 500;

/// The URL token's hash (another label than a session's: neither opens in the other's place).
fn hash_of(token: &Token) -> [u8; 32] {
    session::digest(b"hrpass masquerade v1\0", token.expose().as_bytes())
}

/// A look made, to be opened at `/masquerade/TOKEN`.
pub struct Started {
    pub token: Token,
    pub open_by: i64,
    pub employee_code: String,
}

pub fn start(store: &mut Store, by: &Actor, code: &str, reason: &str, now: i64) -> Result<Started> {
    by.require(Permission::ManageOperators)?;
    if by.role != Role::HrAdmin {
        bail!("refused: only an hr-admin may look at an employee's account");
    }
    let reason = reason.trim();
    if reason.is_empty()
        || reason.chars().count() > MAX_REASON
        || reason.chars().any(char::is_control)
    {
        return Err(crate::error::Failure::usage(format!(
            "--reason: one line of 1 to {MAX_REASON} characters, saying why (the employee is told)"
        )));
    }
    let tx = store.write()?;
    let Some(e) = employees::find_code(&tx, code)? else {
        bail!("no employee has code {code:?} (try `hrpass employees search`)");
    };
    crate::access::allowed(&tx, by, Permission::ManageOperators, Some(&e))?;
    if e.employee.status != Status::Active {
        bail!(
            "{} is inactive: there is no account to look at",
            e.employee.code
        );
    }
    if credentials::active(&tx, e.id)?.is_none() {
        bail!(
            "{} has no password in force: there is no account to look at yet",
            e.employee.code
        );
    }
    let token = Token::new()?;
    let open_by = now + OPEN_WITHIN_SECS;
    let id = masquerades::insert(&tx, &hash_of(&token), e.id, &by.name, reason, now, open_by)?;
    audit::record(
        &tx,
        &by.name,
        "operator.masquerade",
        Some(&e.employee.code),
        &format!(
            "look {id}, to open by {}: {reason}",
            crate::text::rfc3339(open_by)
        ),
    )?;
    tx.commit()?;
    Ok(Started {
        token,
        open_by,
        employee_code: e.employee.code,
    })
}

/// A look opened: the portal session that shows it, and what the employee is told.
pub struct Opened {
    pub session: Token,
    pub employee: StoredEmployee,
    pub look: session::Look,
}

/// Opens a look's one-time URL: `None` when it is not one, was opened before, is past its
/// time, or its employee can no longer be looked at.
pub fn open(store: &mut Store, url: &Token, client: &Client, now: i64) -> Result<Option<Opened>> {
    let tx = store.write()?;
    let Some(row) = masquerades::by_hash(&tx, &hash_of(url))? else {
        return Ok(None);
    };
    if !masquerades::open(&tx, row.id, now, &client.address)? {
        return Ok(None);
    }
    let employee = employees::by_id(&tx, row.employee_id)?;
    let credential = credentials::active(&tx, row.employee_id)?;
    let (Some(employee), Some(credential)) = (employee, credential) else {
        return Ok(None);
    };
    if employee.employee.status != Status::Active {
        return Ok(None);
    }
    let limits = Limits {
        idle: LOOK_SECS,
        max: LOOK_SECS,
    };
    let token = session::begin(
        &tx,
        employee.id,
        credential.id,
        Stage::Full,
        now,
        limits,
        client,
    )?;
    let made = sessions::live(&tx, &token.hash())?
        .ok_or_else(|| anyhow::anyhow!("the session just made"))?;
    masquerades::attach(&tx, made.id, row.id)?;
    audit::record(
        &tx,
        &row.operator,
        "portal.masquerade.open",
        Some(&employee.employee.code),
        &format!("look {} from {}: {}", row.id, client.address, row.reason),
    )?;
    tx.commit()?;
    Ok(Some(Opened {
        session: token,
        employee,
        look: session::Look {
            operator: row.operator,
            reason: row.reason,
        },
    }))
}
