//! `operator add | set | remove`: the operators of a store, each change one transaction that
//! is a compare-and-set on what the caller read, audited under the acting operator.
//!
//! The rules: only an hr-admin manages operators (and an hr-admin holds everything, so
//! nobody grants more than they hold); the first operator is an hr-admin who can sign in
//! (else the store would have operators and nobody able to manage them); the last hr-admin
//! is neither removed nor demoted; an hr-manager or sender has a scope; `--reports-to` names
//! an employee who exists.

use super::{Actor, Permission, Role};
use crate::store::operators::{self, Changes, NewOperator, OperatorRow};
use crate::store::{Store, audit, employees};
use crate::vault::Vault;
use anyhow::{Result, anyhow, bail};
use secrecy::SecretString;

/// An operator's name: it names them in the audit trail and, on PostgreSQL, their database
/// login role, so it is kept to what a role name can be without quoting.
pub fn check_name(name: &str) -> Result<()> {
    let ok = (1..=63).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
    if !ok {
        return Err(crate::error::Failure::usage(format!(
            "operator name {:?}: 1 to 63 of a-z, 0-9, '_' and '.', starting with a letter",
            crate::text::escape_line(name)
        )));
    }
    Ok(())
}

/// An operator's password: at least 12 characters and hard to guess (zxcvbn score 3 of 4,
/// with their name and the company as words it must not be built on).
pub fn check_password(password: &str, name: &str, company: &str) -> Vec<String> {
    let mut broken = Vec::new();
    let length = password.chars().count();
    if length < 12 {
        broken.push(format!(
            "it has {length} characters; at least 12 are needed"
        ));
    }
    if length > 128 {
        broken.push("it is longer than 128 characters".to_owned());
    } else if zxcvbn::zxcvbn(password, &[name, company, "hrpass"]).score() < zxcvbn::Score::Three {
        broken
            .push("it is too easy to guess (a longer passphrase of unrelated words is not)".into());
    }
    broken
}

/// A new TOTP secret for an operator, with what their authenticator app needs. The secret
/// is shown this once and stored only sealed.
pub struct Enrolment {
    pub secret: zeroize::Zeroizing<Vec<u8>>,
    /// `otpauth://…`, for the QR code.
    pub uri: SecretString,
    /// The secret in base32, for typing.
    pub key: SecretString,
}

pub fn new_enrolment(name: &str, issuer: &str) -> Result<Enrolment> {
    let mut secret = zeroize::Zeroizing::new(vec![0u8; crate::credential::factor::SECRET_LEN]);
    getrandom::fill(&mut secret).map_err(|e| anyhow!("the OS random source failed: {e}"))?;
    let t =
        crate::credential::factor::totp(secret.to_vec(), Some(&format!("{issuer} hrpass")), name)?;
    let uri = t
        .to_url()
        .map_err(|e| anyhow!("cannot write the otpauth URI: {e}"))?;
    Ok(Enrolment {
        key: SecretString::from(t.secret().to_base32()),
        uri: SecretString::from(uri),
        secret,
    })
}

/// The TOTP step a code is right for under an enrolment not stored yet (the check at
/// `operator add` on a terminal).
pub fn enrolment_step(enrolment: &Enrolment, code: &str, now: i64) -> Result<Option<i64>> {
    crate::credential::factor::step_of(&enrolment.secret, code, now)
}

/// A new operator's password hash and TOTP enrolment (both or neither).
pub struct SignIn<'a> {
    pub password_hash: String,
    pub enrolment: &'a Enrolment,
    /// The step of the code checked at enrolment, if one was (it cannot be used again).
    pub confirmed_step: Option<i64>,
}

/// What `add` and `set` are given.
pub struct Spec<'a> {
    pub role: Role,
    pub departments: &'a [String],
    pub reports_to: Option<&'a str>,
    pub db_role: Option<&'a str>,
}

/// The most departments a scope may name, and the longest name taken.
const MAX_DEPARTMENTS: usize = 100;
const MAX_DEPARTMENT_LEN: usize = 200;

fn check_spec(store: &Store, spec: &Spec<'_>) -> Result<()> {
    if spec.departments.len() > MAX_DEPARTMENTS {
        return Err(crate::error::Failure::usage(format!(
            "--departments: at most {MAX_DEPARTMENTS} departments"
        )));
    }
    if let Some(bad) = spec
        .departments
        .iter()
        .find(|d| d.chars().count() > MAX_DEPARTMENT_LEN || d.chars().any(char::is_control))
    {
        return Err(crate::error::Failure::usage(format!(
            "--departments {}: a department is one line of at most {MAX_DEPARTMENT_LEN} \
             characters",
            crate::text::escape_line(bad)
        )));
    }
    if spec.role.needs_scope() && spec.departments.is_empty() && spec.reports_to.is_none() {
        return Err(crate::error::Failure::usage(format!(
            "an {} acts only within a scope: give --departments and/or --reports-to",
            spec.role
        )));
    }
    if spec.role == Role::HrAdmin && (!spec.departments.is_empty() || spec.reports_to.is_some()) {
        return Err(crate::error::Failure::usage(
            "an hr-admin acts on everyone: --departments and --reports-to are for the other roles",
        ));
    }
    if let Some(code) = spec.reports_to
        && employees::find(store.conn(), code)?.is_none()
    {
        return Err(crate::error::Failure::usage(format!(
            "--reports-to {}: no employee has that code",
            crate::text::escape_line(code)
        )));
    }
    Ok(())
}

fn scope_words(spec: &Spec<'_>) -> String {
    super::Scope::of(
        spec.departments.to_vec(),
        spec.reports_to.map(str::to_owned),
    )
    .to_string()
}

/// Adds an operator.
pub fn add(
    store: &mut Store,
    vault: &Vault,
    by: &Actor,
    name: &str,
    spec: &Spec<'_>,
    sign_in: Option<SignIn<'_>>,
    now: i64,
) -> Result<OperatorRow> {
    by.require(Permission::ManageOperators)?;
    check_name(name)?;
    check_spec(store, spec)?;
    // On PostgreSQL every operator has a login role of their own: the one mapped, else
    // one named after them.
    let postgres = store.engine() == crate::store::db::Engine::Postgres;
    let db_role = match (spec.db_role, postgres) {
        (Some(role), _) => Some(role),
        (None, true) => Some(name),
        (None, false) => None,
    };
    let tx = store.write()?;
    if !operators::any_live(&tx)? && (spec.role != Role::HrAdmin || sign_in.is_none()) {
        bail!(
            "the first operator must be an hr-admin who can sign in (a password and a code from \
             an authenticator app): once operators exist, every command needs one"
        );
    }
    let id = operators::insert(
        &tx,
        &NewOperator {
            name,
            role: spec.role.as_str(),
            departments: spec.departments,
            reports_to: spec.reports_to,
            db_role,
            created_by: &by.name,
            now,
        },
    )?
    .ok_or_else(|| anyhow!("there is already an operator {name:?}; nothing was changed"))?;
    if let Some(s) = &sign_in {
        let sealed = vault.seal_operator_factor(&s.enrolment.secret, id)?;
        anyhow::ensure!(
            operators::set_sign_in(&tx, id, 1, &s.password_hash, &sealed, now)?,
            "the new operator changed while being added"
        );
        if let Some(step) = s.confirmed_step {
            operators::use_step(&tx, id, step)?;
        }
    }
    if postgres && let Some(db_role) = db_role {
        super::postgres::grant_login(&tx, db_role, spec.role)?;
    }
    audit::record(
        &tx,
        &by.name,
        "operator.add",
        None,
        &format!(
            "{name}: {}, scope {}{}",
            spec.role,
            scope_words(spec),
            if sign_in.is_some() {
                ", signs in with password and code"
            } else {
                ", tokens only"
            }
        ),
    )?;
    let row = operators::by_id(&tx, id)?.ok_or_else(|| anyhow!("the operator just added"))?;
    tx.commit()?;
    Ok(row)
}

/// Changes an operator's role and scope (what is not given stays).
pub fn set(
    store: &mut Store,
    by: &Actor,
    name: &str,
    spec: &Spec<'_>,
    now: i64,
) -> Result<OperatorRow> {
    by.require(Permission::ManageOperators)?;
    check_spec(store, spec)?;
    let tx = store.write()?;
    let current = operators::find_live(&tx, name)?
        .ok_or_else(|| anyhow!("no operator {name:?} (see `hrpass operator list`)"))?;
    if current.role == Role::HrAdmin.as_str()
        && spec.role != Role::HrAdmin
        && operators::count_live_in_role(&tx, Role::HrAdmin.as_str())? == 1
    {
        bail!(
            "{name} is the last hr-admin: make another operator an hr-admin first; nothing was changed"
        );
    }
    let changed = operators::update(
        &tx,
        current.id,
        current.version,
        &Changes {
            role: spec.role.as_str(),
            departments: spec.departments,
            reports_to: spec.reports_to,
            db_role: spec.db_role,
        },
        now,
    )?;
    anyhow::ensure!(
        changed,
        "operator {name} changed meanwhile; nothing was changed"
    );
    if tx.engine() == crate::store::db::Engine::Postgres {
        if let Some(old) = current.db_role.as_deref()
            && Some(old) != spec.db_role
        {
            super::postgres::revoke_login(&tx, old, None)?;
        }
        if let Some(db_role) = spec.db_role {
            super::postgres::grant_login(&tx, db_role, spec.role)?;
        }
    }
    audit::record(
        &tx,
        &by.name,
        "operator.set",
        None,
        &format!(
            "{name}: {} → {}, scope {}",
            current.role,
            spec.role,
            scope_words(spec)
        ),
    )?;
    let row = operators::by_id(&tx, current.id)?.ok_or_else(|| anyhow!("the operator just set"))?;
    tx.commit()?;
    Ok(row)
}

/// Removes an operator: their sessions and tokens end with them. Returns how many ended.
pub fn remove(store: &mut Store, by: &Actor, name: &str, now: i64) -> Result<usize> {
    by.require(Permission::ManageOperators)?;
    let tx = store.write()?;
    let current = operators::find_live(&tx, name)?
        .ok_or_else(|| anyhow!("no operator {name:?} (see `hrpass operator list`)"))?;
    if current.role == Role::HrAdmin.as_str()
        && operators::count_live_in_role(&tx, Role::HrAdmin.as_str())? == 1
    {
        bail!("{name} is the last hr-admin: add another hr-admin first; nothing was changed");
    }
    anyhow::ensure!(
        operators::remove(&tx, current.id, current.version, now)?,
        "operator {name} changed meanwhile; nothing was changed"
    );
    let ended = operators::end_all(&tx, current.id, "operator-removed", now)?;
    if tx.engine() == crate::store::db::Engine::Postgres
        && let Some(db_role) = current.db_role.as_deref()
    {
        super::postgres::revoke_login(&tx, db_role, Some(Role::parse(&current.role)?))?;
    }
    audit::record(
        &tx,
        &by.name,
        "operator.remove",
        None,
        &format!(
            "{name} ({}); {ended} sessions and tokens ended",
            current.role
        ),
    )?;
    tx.commit()?;
    Ok(ended)
}
