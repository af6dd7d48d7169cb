//! Credentials: issue, promote, verify, change. This is the API a portal links against:
//! `verify` for a sign-in and `change` for the forced change after it (see
//! `examples/portal.rs`). Every function takes the time as `now` (unix seconds), so callers
//! and tests choose the clock.

pub mod factor;
pub mod forgot;
pub mod generate;
pub mod hash;
pub mod link;
pub mod masquerade;
pub mod session;

pub use hash::Hasher;

use crate::model::{CredentialState, Origin, StoredEmployee};
use crate::policy::{self, Context, PasswordFacts, VersionedPolicy};
use crate::store::credentials::{self, NewCredential};
use crate::store::lifecycle::{self, Moved};
use crate::store::{Store, Tx, audit, employees, factors};
use crate::vault::Vault;
use anyhow::{Result, bail};
use argon2::Params;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

/// Seconds since the Unix epoch, from the system clock (moved on by the tests' clock in
/// test builds, see `test_clock`).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
        + test_clock::offset()
}

/// The clock the tests inject into running processes (a `hrpass serve` they started): with
/// the `failpoints` feature only (test builds), `HRPASS_TEST_CLOCK` names a file holding a
/// number of seconds that `now` adds to the system clock, read at every call so a test can
/// move a running server's time on. Without the feature there is no such file and no offset.
mod test_clock {
    #[cfg(feature = "failpoints")]
    pub fn offset() -> i64 {
        std::env::var_os("HRPASS_TEST_CLOCK")
            .and_then(|file| std::fs::read_to_string(file).ok())
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0)
    }

    #[cfg(not(feature = "failpoints"))]
    pub const fn offset() -> i64 {
        0
    }
}

/// What a sign-in attempt came to. Only `Valid` lets the employee in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    /// The password (and the second factor, when the employee has one) is right. With
    /// `must_change`, the portal must make them change it now; with `must_enroll` (the
    /// policy's `require_2fa`, and no second factor yet), enrol one now.
    Valid {
        must_change: bool,
        must_enroll: bool,
        expires_at: Option<i64>,
        /// Set when a recovery code signed them in: how many they have left.
        #[serde(skip_serializing_if = "Option::is_none")]
        recovery_codes_left: Option<u32>,
    },
    /// Wrong password; `attempts_left` before the credential locks.
    Wrong { attempts_left: u32 },
    /// The password is right, and the employee has a second factor: ask for its code and
    /// check both again. Counts nothing.
    SecondFactorRequired,
    /// The password is right, the one-time or recovery code is not (or was used before, at
    /// the same or a later time step): counted toward the lockout like a wrong password.
    WrongCode { attempts_left: u32, reused: bool },
    /// Too many wrong attempts; an HR admin must issue a new password.
    Locked,
    /// The password's validity window has ended.
    Expired,
    /// No such employee, no password, or an inactive employee: nothing to sign in to.
    Unknown,
}

impl Verdict {
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid { .. })
    }
}

/// Checks a sign-in by password alone: `sign_in` without a one-time code. An employee with a
/// second factor gets `SecondFactorRequired`, never `Valid`.
pub fn verify(
    store: &mut Store,
    code: &str,
    password: &str,
    now: i64,
    params: &Params,
    operator: &str,
) -> Result<Verdict> {
    sign_in(
        store,
        &Attempt {
            code,
            password,
            one_time: None,
        },
        now,
        params,
        None,
        operator,
    )
}

/// What the employee typed at the portal's sign-in.
#[derive(Clone, Copy)]
pub struct Attempt<'a> {
    pub code: &'a str,
    pub password: &'a str,
    /// The authenticator's code, or a recovery code (employees with a second factor).
    pub one_time: Option<&'a str>,
}

/// Checks a sign-in. Counts failures (wrong passwords and wrong codes alike), locks at the
/// policy's threshold, rehashes a valid password whose stored parameters are weaker than
/// `params`, and audits every outcome (never the password or code). The vault opens the
/// second factor's secret; without it a code cannot be checked (an error, nothing counted).
///
/// argon2 runs outside the write transaction (see `Checking`). What is written afterwards is
/// a compare-and-set: under the lock the credential must still be the one that was checked
/// (same row, same hash), or the check starts over.
pub fn sign_in(
    store: &mut Store,
    attempt: &Attempt<'_>,
    now: i64,
    params: &Params,
    vault: Option<&Vault>,
    operator: &str,
) -> Result<Verdict> {
    sign_in_then(
        store,
        attempt,
        now,
        params,
        vault,
        operator,
        &mut |_, _, _| Ok(()),
    )
}

/// What a caller does in a sign-in's transaction once the verdict is known (the portal starts
/// its session and counts the client's attempt there): given the verdict and the credential
/// it was judged on, `None` when nothing matched (`Unknown`). An error rolls the whole
/// sign-in back.
pub type Then<'a> =
    dyn FnMut(&Tx<'_>, &Verdict, Option<&crate::model::Credential>) -> Result<()> + 'a;

/// A sign-in in its three steps, for a caller that hashes elsewhere than where it holds the
/// store (the portal gives its connection back while the hash runs on a hashing thread):
/// `Checking::read` what the check needs, `Checking::hash` without the store, then
/// `Checking::write` the verdict under the write lock. `sign_in_then` is the three in a row.
///
/// The hash runs outside the write transaction, so other sign-ins, imports and sends are not
/// held up for its time (on PostgreSQL the write lock is the whole store's); what `write`
/// writes is a compare-and-set on the credential that was checked.
pub struct Checking {
    policy: VersionedPolicy,
    /// The active credential of an active employee, as it was read; `None` for nobody.
    checked: Option<crate::model::Credential>,
}

/// What a sign-in's hashing found: whether the password matched, and its new hash when the
/// stored one was made with weaker parameters than the configured ones.
pub struct Hashed {
    matches: bool,
    stronger: Option<String>,
}

impl Checking {
    /// Reads the policy and `code`'s active credential (nothing is written).
    pub fn read(conn: &crate::store::db::Conn, code: &str) -> Result<Checking> {
        Ok(Checking {
            policy: policy::current(conn)?,
            checked: active_credential(conn, code)?,
        })
    }

    /// The policy the check is judged by.
    pub fn policy(&self) -> &VersionedPolicy {
        &self.policy
    }

    /// The argon2 work: the check, or the same work for nobody (and for a locked or expired
    /// credential), plus a rehash of a right password whose stored hash is weaker than
    /// `params`. Touches no store.
    pub fn hash(&self, password: &str, now: i64, params: &Params) -> Result<Hashed> {
        let threshold = self.policy.policy.lockout_threshold;
        let matches = match &self.checked {
            // The same work as a real check, so timing does not tell who exists.
            None => {
                Hasher::new(params.clone()).hash(password)?;
                false
            }
            // Locked or expired: the same work again, so timing does not tell those apart
            // from a wrong password either.
            Some(c)
                if c.failed_attempts >= threshold || c.expires_at.is_some_and(|at| at <= now) =>
            {
                Hasher::new(params.clone()).hash(password)?;
                false
            }
            Some(c) => hash::verify(password, &c.hash)?,
        };
        let stronger = match &self.checked {
            Some(c) if matches && hash::is_weaker(&c.hash, params)? => {
                Some(Hasher::new(params.clone()).hash(password)?)
            }
            _ => None,
        };
        Ok(Hashed { matches, stronger })
    }

    /// Judges the attempt under the write lock and audits it, calling `then` in the
    /// transaction before it commits. `None` (nothing written) when the credential is no
    /// longer the one that was read: a new password was set while the hash ran, and the
    /// sign-in starts over from `read`.
    #[allow(clippy::too_many_arguments)]
    pub fn write(
        self,
        store: &mut Store,
        hashed: Hashed,
        attempt: &Attempt<'_>,
        now: i64,
        vault: Option<&Vault>,
        operator: &str,
        then: &mut Then<'_>,
    ) -> Result<Option<Verdict>> {
        let Hashed { matches, stronger } = hashed;
        let code = attempt.code;
        let tx = store.write()?;
        let current = active_credential(&tx, code)?;
        let same = |a: &crate::model::Credential, b: &crate::model::Credential| {
            a.id == b.id && a.hash == b.hash
        };
        let credential = match (&self.checked, current) {
            (None, None) => {
                then(&tx, &Verdict::Unknown, None)?;
                audit::record(&tx, operator, "login.unknown", Some(code), "")?;
                tx.commit()?;
                return Ok(Some(Verdict::Unknown));
            }
            (Some(checked), Some(current)) if same(checked, &current) => current,
            // Changed while the hash ran.
            _ => return Ok(None),
        };
        // Judged on the row as it is under the lock: failures counted meanwhile still lock.
        let verdict = judge(
            &tx,
            &credential,
            matches,
            attempt.one_time,
            Judging {
                policy: &self.policy,
                vault,
                now,
                stronger: stronger.as_deref(),
            },
        )?;
        then(&tx, &verdict, Some(&credential))?;
        audit::record(
            &tx,
            operator,
            action_of(&verdict),
            Some(code),
            &format!("credential {}", credential.version),
        )?;
        tx.commit()?;
        Ok(Some(verdict))
    }
}

/// How many times a sign-in starts over because a new password was set while its hash ran;
/// a few in a row means the credential is being changed faster than it can be checked.
pub const SIGN_IN_TRIES: usize = 3;

/// The error when a sign-in started over `SIGN_IN_TRIES` times.
pub fn changed_too_often(code: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "the password of {code} changed {SIGN_IN_TRIES} times while it was being checked; try again"
    )
}

/// `sign_in`, with `then` called in the sign-in's transaction (see `Then`).
pub fn sign_in_then(
    store: &mut Store,
    attempt: &Attempt<'_>,
    now: i64,
    params: &Params,
    vault: Option<&Vault>,
    operator: &str,
    then: &mut Then<'_>,
) -> Result<Verdict> {
    for _ in 0..SIGN_IN_TRIES {
        let checking = Checking::read(store.conn(), attempt.code)?;
        let hashed = checking.hash(attempt.password, now, params)?;
        if let Some(verdict) = checking.write(store, hashed, attempt, now, vault, operator, then)? {
            return Ok(verdict);
        }
    }
    Err(changed_too_often(attempt.code))
}

/// The second step of a sign-in whose password was right (the portal's code page): checks
/// `one_time` against the employee's factor, counted like `sign_in` counts a wrong code. The
/// password was checked against `credential_id`; if that is no longer the active credential
/// (a new password since, HR's or their own), the step answers `Unknown` and the employee
/// signs in again.
#[allow(clippy::too_many_arguments)]
pub fn second_step(
    store: &mut Store,
    code: &str,
    credential_id: i64,
    one_time: &str,
    now: i64,
    vault: &Vault,
    operator: &str,
    then: &mut Then<'_>,
) -> Result<Verdict> {
    let policy = policy::current(store.conn())?;
    let tx = store.write()?;
    let credential = match active_credential(&tx, code)? {
        Some(c) if c.id == credential_id => c,
        _ => {
            then(&tx, &Verdict::Unknown, None)?;
            audit::record(
                &tx,
                operator,
                "login.unknown",
                Some(code),
                "the password checked is no longer the active one",
            )?;
            tx.commit()?;
            return Ok(Verdict::Unknown);
        }
    };
    let verdict = judge(
        &tx,
        &credential,
        true,
        Some(one_time),
        Judging {
            policy: &policy,
            vault: Some(vault),
            now,
            stronger: None,
        },
    )?;
    then(&tx, &verdict, Some(&credential))?;
    audit::record(
        &tx,
        operator,
        action_of(&verdict),
        Some(code),
        &format!("credential {}", credential.version),
    )?;
    tx.commit()?;
    Ok(verdict)
}

/// What a sign-in's judging needs besides the credential.
struct Judging<'a> {
    policy: &'a VersionedPolicy,
    vault: Option<&'a Vault>,
    now: i64,
    /// The password hashed with stronger parameters, when the stored hash is weaker.
    stronger: Option<&'a str>,
}

/// The verdict on a credential read under the write lock, given whether the password
/// matched it and the code typed (if any); counts failures, uses up the code, rehashes.
fn judge(
    tx: &Tx<'_>,
    credential: &crate::model::Credential,
    matches: bool,
    one_time: Option<&str>,
    j: Judging<'_>,
) -> Result<Verdict> {
    let Judging {
        policy,
        vault,
        now,
        stronger,
    } = j;
    let threshold = policy.policy.lockout_threshold;
    Ok(if credential.failed_attempts >= threshold {
        Verdict::Locked
    } else if credential.expires_at.is_some_and(|at| at <= now) {
        lifecycle::destroy_expired_seals(tx, now)?;
        Verdict::Expired
    } else if matches {
        let factor = factors::active(tx, credential.employee_id)?;
        let second = match (&factor, one_time) {
            (None, _) => Second::NotNeeded,
            (Some(_), None) => Second::Missing,
            (Some(f), Some(input)) => {
                let vault = vault.ok_or_else(|| {
                    anyhow::anyhow!("the vault key is needed to check a one-time code")
                })?;
                Second::Checked(factor::check_code(tx, f, vault, input, now)?)
            }
        };
        match second {
            // The password alone: the portal asks for the code (nothing counted, so a
            // right password cannot reset the count of wrong codes).
            Second::Missing => Verdict::SecondFactorRequired,
            Second::NotNeeded
            | Second::Checked(factor::CodeCheck::OneTime | factor::CodeCheck::Recovery { .. }) => {
                credentials::clear_failures(tx, credential.id)?;
                if let Some(stronger) = &stronger {
                    credentials::rehash(tx, credential.id, &credential.hash, stronger)?;
                }
                Verdict::Valid {
                    must_change: credential.must_change,
                    must_enroll: factor.is_none() && policy.policy.require_2fa,
                    expires_at: credential.expires_at,
                    recovery_codes_left: match second {
                        Second::Checked(factor::CodeCheck::Recovery { left }) => Some(left),
                        _ => None,
                    },
                }
            }
            Second::Checked(wrong) => failed(tx, credential, threshold, |attempts_left| {
                Verdict::WrongCode {
                    attempts_left,
                    reused: wrong == factor::CodeCheck::Reused,
                }
            })?,
        }
    } else {
        failed(tx, credential, threshold, |attempts_left| Verdict::Wrong {
            attempts_left,
        })?
    })
}

fn action_of(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Valid {
            recovery_codes_left: Some(_),
            ..
        } => "login.ok_recovery_code",
        Verdict::Valid { .. } => "login.ok",
        Verdict::Wrong { .. } => "login.wrong",
        Verdict::WrongCode { reused: false, .. } => "login.wrong_code",
        Verdict::WrongCode { reused: true, .. } => "login.reused_code",
        Verdict::SecondFactorRequired => "login.second_factor_required",
        Verdict::Locked => "login.locked",
        Verdict::Expired => "login.expired",
        Verdict::Unknown => "login.unknown",
    }
}

/// Counts a failed sign-in (a wrong password or code) on the active credential, in the
/// caller's transaction (so it is still the active one): `Locked` at the threshold, else
/// `wrong` with the attempts left.
fn failed(
    tx: &Tx<'_>,
    credential: &crate::model::Credential,
    threshold: u32,
    wrong: impl FnOnce(u32) -> Verdict,
) -> Result<Verdict> {
    let attempts =
        credentials::count_failure(tx, credential.id)?.unwrap_or(credential.failed_attempts + 1);
    Ok(if attempts >= threshold {
        Verdict::Locked
    } else {
        wrong(threshold - attempts)
    })
}

/// Where a right password's second factor stands.
enum Second {
    /// The employee has none.
    NotNeeded,
    /// They have one and no code was given.
    Missing,
    /// The code given, checked (and used up if accepted).
    Checked(factor::CodeCheck),
}

/// The active credential of an active employee, if there is one.
fn active_credential(
    conn: &crate::store::db::Conn,
    code: &str,
) -> Result<Option<crate::model::Credential>> {
    match employees::find(conn, code)? {
        Some(e) if e.employee.status == crate::model::Status::Active => {
            credentials::active(conn, e.id)
        }
        _ => Ok(None),
    }
}

/// What a password change came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Change {
    /// The new password is active as version `version`.
    Changed { version: i64 },
    /// Refused, with every reason.
    Refused { reasons: Vec<String> },
}

/// What a caller of `change_then` runs inside the change's transaction.
pub struct Within<E, T> {
    /// Checked under the write lock once the new password passed every check, before anything
    /// is written (it may claim what it checks, in the same transaction): false leaves
    /// everything as it was, and the change comes to `None`.
    pub expects: E,
    /// Run once the new password is in, given the new credential's id.
    pub then: T,
}

/// Sets the employee's own password after checking the policy, the blocklist and their
/// history. On success the new one is active, needs no change, and every sealed copy of an
/// issued password is destroyed.
pub fn change(
    store: &mut Store,
    code: &str,
    new_password: &SecretString,
    now: i64,
    hasher: &mut Hasher,
    company: &str,
    operator: &str,
) -> Result<Change> {
    change_then(
        store,
        code,
        new_password,
        now,
        hasher,
        company,
        operator,
        Within {
            expects: |_: &Tx<'_>| Ok(true),
            then: |_: &Tx<'_>, _| Ok(()),
        },
    )
    .map(|change| change.expect("nothing is expected of a plain change"))
}

/// `change`, with `within` run in its transaction: the portal checks there that the session
/// the change was asked from is still live, and starts the employee's new session once the
/// new password is in, as every other one ends with the change.
#[allow(clippy::too_many_arguments)]
pub fn change_then(
    store: &mut Store,
    code: &str,
    new_password: &SecretString,
    now: i64,
    hasher: &mut Hasher,
    company: &str,
    operator: &str,
    within: Within<impl FnOnce(&Tx<'_>) -> Result<bool>, impl FnOnce(&Tx<'_>, i64) -> Result<()>>,
) -> Result<Option<Change>> {
    let changing = Changing::read(store.conn(), code)?;
    let hashed = changing.hash(new_password, hasher, company)?;
    changing.write(store, hashed, now, operator, within)
}

/// A password change in three steps, as `Checking` is a sign-in's: `Changing::read` the
/// policy, the employee and their recent hashes; `Changing::hash` without the store (the
/// policy's checks, the history's verifies and the new hash: all of the change's argon2
/// work); then `Changing::write` it under the write lock. The portal gives its store
/// connection back while the hashing thread works.
pub struct Changing {
    policy: VersionedPolicy,
    employee: StoredEmployee,
    /// The hashes the history forbids, newest first.
    recent: Vec<String>,
}

/// What a change's checks and hashing came to: the new hash and what the policy records of
/// the password, or every reason it was refused.
pub struct ChangeHashed(std::result::Result<(String, PasswordFacts), Vec<String>>);

impl Changing {
    /// Reads what the change is checked against; an unknown or inactive employee is an error.
    pub fn read(conn: &crate::store::db::Conn, code: &str) -> Result<Changing> {
        let policy = policy::current(conn)?;
        let Some(employee) = employees::find(conn, code)? else {
            bail!("no employee has code {code:?}");
        };
        if employee.employee.status == crate::model::Status::Inactive {
            bail!(
                "{code} is inactive: someone who left gets no new password (reactivate them \
                 first with `hrpass employees update {code} --status active`)"
            );
        }
        Changing::of(conn, policy, employee)
    }

    /// What the change of `employee` (already read, and active) is checked against, by
    /// `policy`: their recent hashes.
    fn of(
        conn: &crate::store::db::Conn,
        policy: VersionedPolicy,
        employee: StoredEmployee,
    ) -> Result<Changing> {
        let recent = match policy.policy.history {
            0 => Vec::new(),
            history => credentials::recent_hashes(conn, employee.id, history)?,
        };
        Ok(Changing {
            policy,
            employee,
            recent,
        })
    }

    /// The policy the change is checked by.
    pub fn policy(&self) -> &VersionedPolicy {
        &self.policy
    }

    /// Checks the new password (the policy with the employee's own words, then the history)
    /// and hashes it when it passes. Touches no store.
    pub fn hash(
        &self,
        new_password: &SecretString,
        hasher: &mut Hasher,
        company: &str,
    ) -> Result<ChangeHashed> {
        let password = new_password.expose_secret();
        let mut reasons = self
            .policy
            .policy
            .check(password, &Context::of(&self.employee.employee, company));
        for old in &self.recent {
            if hash::verify(password, old)? {
                reasons.push(format!(
                    "is one of the last {} passwords, which cannot be used again",
                    self.policy.policy.history
                ));
                break;
            }
        }
        Ok(ChangeHashed(match reasons.is_empty() {
            true => Ok((hasher.hash(password)?, PasswordFacts::of(password))),
            false => Err(reasons),
        }))
    }

    /// Writes the change, or the refusal, in one transaction with `within`. `None` when
    /// `within.expects` said no: nothing is written.
    pub fn write(
        self,
        store: &mut Store,
        hashed: ChangeHashed,
        now: i64,
        operator: &str,
        within: Within<
            impl FnOnce(&Tx<'_>) -> Result<bool>,
            impl FnOnce(&Tx<'_>, i64) -> Result<()>,
        >,
    ) -> Result<Option<Change>> {
        // The tests' slow hash (`FAILPOINTS=change-hashed=sleep(MS)`): two changes hashed
        // side by side then meet at the write lock.
        #[cfg(feature = "failpoints")]
        fail::eval("change-hashed", |_| ());
        let Changing {
            policy, employee, ..
        } = self;
        let code = &employee.employee.code;
        let tx = store.write()?;
        let (hash, facts) = match hashed.0 {
            Ok(hashed) => hashed,
            Err(reasons) => {
                audit::record(
                    &tx,
                    operator,
                    "password.refused",
                    Some(code),
                    &reasons.join("; "),
                )?;
                tx.commit()?;
                return Ok(Some(Change::Refused { reasons }));
            }
        };
        // Checked once the change is known to go ahead (a refused one changes nothing the
        // caller expects of): false leaves everything as it was.
        if !(within.expects)(&tx)? {
            return Ok(None);
        }
        let expires_at = match policy.policy.max_age_days {
            0 => None,
            days => Some(now + i64::from(days) * 86_400),
        };
        // The employee's own change wins over any issued password, pending or in flight.
        let version = lifecycle::employee_changed(
            &tx,
            &NewCredential {
                employee_id: employee.id,
                state: CredentialState::Active,
                origin: Origin::Employee,
                hash: &hash,
                must_change: false,
                issued_at: now,
                expires_at,
                policy_version: policy.version,
                facts,
            },
        )?
        .map_err(|Moved(why)| anyhow::anyhow!("the password was not changed: {why}"))?;
        audit::record(
            &tx,
            operator,
            "password.change",
            Some(code),
            &format!("credential {version}"),
        )?;
        let credential = credentials::active(&tx, employee.id)?
            .ok_or_else(|| anyhow::anyhow!("the new password of {code} is not the active one"))?;
        (within.then)(&tx, credential.id)?;
        tx.commit()?;
        Ok(Some(Change::Changed { version }))
    }
}

/// A password just issued: pending until the mail that carries it is accepted.
pub struct Issued {
    pub credential_id: i64,
    pub version: i64,
    pub password: SecretString,
}

/// A generated password and its hash, made outside any transaction (hashing is the slow
/// part, so callers run many of these in parallel).
pub struct Prepared {
    pub password: SecretString,
    hash: String,
    facts: PasswordFacts,
}

/// Generates a password for `employee` under `policy` and hashes it.
pub fn prepare(
    employee: &crate::model::Employee,
    policy: &VersionedPolicy,
    hasher: &mut Hasher,
    company: &str,
) -> Result<Prepared> {
    let password = generate::generate(&policy.policy, &Context::of(employee, company))?;
    let hash = hasher.hash(password.expose_secret())?;
    let facts = PasswordFacts::of(password.expose_secret());
    Ok(Prepared {
        password,
        hash,
        facts,
    })
}

/// Records a prepared password as the employee's pending credential, sealed under the vault,
/// inside the caller's transaction. The active password (if any) keeps working until the
/// mail carrying this one is accepted. `Moved` when the employee already has a pending one.
pub fn record_issue(
    tx: &Tx<'_>,
    employee: &StoredEmployee,
    prepared: &Prepared,
    policy: &VersionedPolicy,
    vault: &Vault,
    now: i64,
) -> Result<Result<(i64, i64), Moved>> {
    lifecycle::issue(
        tx,
        &lifecycle::NewIssue {
            employee_id: employee.id,
            hash: &prepared.hash,
            issued_at: now,
            expires_at: now + temp_validity(&policy.policy),
            policy_version: policy.version,
            facts: prepared.facts,
        },
        |version| vault.seal(&prepared.password, employee.id, version),
    )
}

/// Generates, hashes and seals a new password for `employee` as a pending credential, inside
/// the caller's transaction (`prepare` then `record_issue`).
pub fn issue(
    tx: &Tx<'_>,
    employee: &StoredEmployee,
    policy: &VersionedPolicy,
    hasher: &mut Hasher,
    vault: &Vault,
    now: i64,
    company: &str,
) -> Result<Issued> {
    let prepared = prepare(&employee.employee, policy, hasher, company)?;
    let (credential_id, version) = record_issue(tx, employee, &prepared, policy, vault, now)?
        .map_err(|Moved(why)| anyhow::anyhow!("{}: {why}", employee.employee.code))?;
    Ok(Issued {
        credential_id,
        version,
        password: prepared.password,
    })
}

/// Seconds an issued password stays valid.
pub fn temp_validity(policy: &crate::model::PasswordPolicy) -> i64 {
    i64::from(policy.temp_valid_hours) * 3_600
}

/// Makes an issued password the active one (once its mail was accepted), retiring the one it
/// replaces in the same step: it must be changed at first sign-in and expires after the
/// policy's window from now. Fails, changing nothing, when the password is no longer pending.
pub fn promote(tx: &Tx<'_>, credential_id: i64, policy: &VersionedPolicy, now: i64) -> Result<i64> {
    lifecycle::activate(tx, credential_id, now, now + temp_validity(&policy.policy))?
        .map_err(|Moved(why)| anyhow::anyhow!("not activated: {why}"))
}

/// Whether an issued password can still be mailed: its sealed copy exists and its validity
/// has not ended.
pub fn can_be_mailed(c: &crate::model::Credential, now: i64) -> bool {
    c.sealed.is_some() && c.expires_at.is_none_or(|at| at > now)
}

/// Whether a delivery of this credential can still go: it is pending or active and its
/// password can still be mailed.
pub fn deliverable(c: &crate::model::Credential, now: i64) -> bool {
    matches!(c.state, CredentialState::Pending | CredentialState::Active) && can_be_mailed(c, now)
}

/// The credential whose sealed copy `--existing` sends: the active one, else the pending
/// one, if it has a sealed copy and has not expired. `None` when there is none (the employee
/// set their own, it expired, or hrpass never issued one).
pub fn existing_credential(
    conn: &crate::store::db::Conn,
    employee_id: i64,
    now: i64,
) -> Result<Option<crate::model::Credential>> {
    let candidates = [
        credentials::active(conn, employee_id)?,
        credentials::pending(conn, employee_id)?,
    ];
    Ok(candidates
        .into_iter()
        .flatten()
        .find(|c| can_be_mailed(c, now)))
}

/// Why `--existing` has nothing to send to this employee, in the words of what happened:
/// they set their own, the issued one expired (and when), or hrpass never issued one.
pub fn why_no_existing(
    conn: &crate::store::db::Conn,
    employee_id: i64,
    now: i64,
) -> Result<String> {
    let fix = "send a new one with --regenerate";
    let current = match credentials::active(conn, employee_id)? {
        Some(c) => Some(c),
        None => credentials::pending(conn, employee_id)?,
    };
    Ok(match current {
        Some(c) if c.origin == crate::model::Origin::Employee => {
            format!("they set their own password, which hrpass never sees; {fix}")
        }
        Some(c) => match c.expires_at {
            Some(at) if at <= now => format!(
                "the password hrpass issued expired at {}; {fix}",
                crate::text::rfc3339(at)
            ),
            _ => format!("the issued password's sealed copy is gone; {fix}"),
        },
        None => format!("hrpass never issued them a password; {fix}"),
    })
}

/// The issued password that `--existing` would send, opened from its sealed copy.
pub fn existing_password(
    store: &Store,
    vault: &Vault,
    employee_id: i64,
    now: i64,
) -> Result<Option<SecretString>> {
    match existing_credential(store.conn(), employee_id, now)? {
        Some(c) => {
            let sealed = c
                .sealed
                .as_deref()
                .expect("existing_credential has a sealed copy");
            Ok(Some(vault.unseal(sealed, employee_id, c.version)?))
        }
        None => Ok(None),
    }
}

/// Where an employee's password stands, for HR (`employees show`): never the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PasswordState {
    /// `none`, `active`, `temporary` (issued, must be changed), `locked` or `expired`.
    pub state: &'static str,
    pub origin: Option<Origin>,
    #[serde(serialize_with = "crate::text::serialize_opt_rfc3339")]
    pub expires_at: Option<i64>,
    pub failed_attempts: u32,
    /// A new password is waiting for its mail to be accepted.
    pub pending_delivery: bool,
}

/// The password state of an employee at `now` under the policy's lockout threshold.
pub fn password_state(
    conn: &crate::store::db::Conn,
    employee_id: i64,
    now: i64,
    lockout_threshold: u32,
) -> Result<PasswordState> {
    let pending_delivery = credentials::pending(conn, employee_id)?.is_some();
    let Some(c) = credentials::active(conn, employee_id)? else {
        return Ok(PasswordState {
            state: "none",
            origin: None,
            expires_at: None,
            failed_attempts: 0,
            pending_delivery,
        });
    };
    let state = if c.failed_attempts >= lockout_threshold {
        "locked"
    } else if c.expires_at.is_some_and(|at| at <= now) {
        "expired"
    } else if c.must_change {
        "temporary"
    } else {
        "active"
    };
    Ok(PasswordState {
        state,
        origin: Some(c.origin),
        expires_at: c.expires_at,
        failed_attempts: c.failed_attempts,
        pending_delivery,
    })
}

#[cfg(test)]
mod tests;
